//! inkpost: a Jekyll-style post (YAML front matter + Markdown) in, safe HTML and metadata out.
//!
//! ```
//! let post = "---\ntitle: Hello\ntags: a b\n---\nSome *Markdown*.\n";
//! let out = inkpost::render(post, &inkpost::Options::default());
//! assert_eq!(out.meta.title.as_deref(), Some("Hello"));
//! assert_eq!(out.meta.tags, ["a", "b"]);
//! assert_eq!(out.html, "<p>Some <em>Markdown</em>.</p>\n");
//! ```
//!
//! The pipeline (one module per stage, data flowing one way) is described in
//! `DESIGN.md` and run in that order by `pipeline`: `reserved` → `front_matter`
//! → `meta` → `liquid` → `markdown` (pulldown-cmark's events through the
//! `raw_html`, `repair`, `kramdown`, `headings` and `links` adapters) → `html`.

mod case;
mod ctx;
mod date;
#[cfg(any(test, target_arch = "wasm32"))]
mod edit;
mod escape;
mod event;
mod front_matter;
#[doc(hidden)]
pub mod fuzzing;
mod headings;
mod html;
mod html_tokens;
#[cfg(any(test, target_arch = "wasm32"))]
mod json;
mod kramdown;
mod links;
mod liquid;
mod markdown;
mod marks;
mod meta;
mod options;
mod output;
mod pipeline;
mod position;
mod raw_html;
mod repair;
mod reserved;
mod scan;
mod text_repair;
mod url;
mod util;
mod value;
mod yaml;

#[cfg(target_arch = "wasm32")]
mod wasm;

pub use meta::Meta;
pub use options::{ClassPolicy, Options, RawHtmlMode, RemoteMedia, Site};
pub use output::{html_to_text, BlockSpan, Error, Rendered, Stats, TocEntry, Warning, WarningKind};
pub use pipeline::{render, try_render, try_render_bytes, Renderer};
pub use value::{Map, Value};

/// A Unix time as ISO 8601 UTC (`2026-11-28T08:47:47+00:00`), for callers
/// that set `site.time` from their own clock.
pub fn iso8601_utc(unix_seconds: i64) -> String {
    date::DateTime::from_timestamp(unix_seconds).to_xmlschema()
}
