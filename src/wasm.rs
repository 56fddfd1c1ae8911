//! JavaScript bindings: strings and plain objects in, plain objects out; all logic lives in the pure modules.

use crate::{render, Options};
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** Settings from the site's `_config.yml` that change how a post renders. */
export interface Site {
  /** The site's scheme and host, for `absolute_url`. */
  url?: string;
  /** The path the site lives under, for `relative_url`. */
  baseurl?: string;
  /** IANA zone (`America/Los_Angeles`), `UTC` or an offset (`+05:30`); dates are converted to it. */
  timezone?: string;
  /** `date` (default), `pretty`, `ordinal`, `weekdate`, `none`, or a pattern such as `/:year/:title/`. */
  permalink?: string;
  /** Where the excerpt ends (default a blank line). */
  excerpt_separator?: string;
  /** When the site is built, for `{{ site.time }}` (default: now). */
  time?: string;
  /** Any other key, for `{{ site.x }}`. */
  [key: string]: unknown;
}

/** Options for `renderPost`; every field is optional and the defaults suit a Jekyll blog. */
export interface Options {
  /** The post's file name or path: date, slug and title when front matter has none; folders above `_posts` become categories. */
  fileName?: string;
  /** Relative links and images resolve against it (the post's own URL, or the site root). */
  baseUrl?: string;
  site?: Site;
  /** Raw HTML in the post: kept where safe (default), shown as text, or removed. */
  rawHtml?: "sanitize" | "escape" | "drop";
  /** Prefix for every id the post puts on the page (default none, as Jekyll). */
  idPrefix?: string;
  /** Add `nofollow` to external links. */
  nofollow?: boolean;
  /** Hosts whose iframes are kept, sandboxed (default none). */
  allowIframeHosts?: string[];
  /** `target="_blank"` on external links. */
  externalLinksNewTab?: boolean;
  /** `loading="lazy"` on images (default true). */
  lazyImages?: boolean;
  /** `data-line` with the 1-based source line on each block. */
  sourceLines?: boolean;
  /** A larger post is refused with an Error (default 10 MB). */
  maxInputBytes?: number;
  /** A post whose blocks nest deeper is refused with an Error (default 128). */
  maxNesting?: number;
}

/** The post's metadata: Jekyll's computed fields, then every other front-matter key as typed. */
export interface Meta {
  title: string | null;
  /** ISO 8601; with an offset when the site has a time zone or the date gave one. */
  date: string | null;
  slug: string | null;
  categories: string[];
  tags: string[];
  published: boolean;
  excerpt: string | null;
  image: unknown;
  /** The hero image's URL, checked and resolved. */
  imageUrl: string | null;
  author: unknown;
  layout: unknown;
  url: string | null;
  [key: string]: unknown;
}

export interface TocEntry {
  level: number;
  id: string;
  text: string;
}

export interface Stats {
  words: number;
  readingMinutes: number;
}

export type WarningKind = "frontMatter" | "sanitized" | "liquid" | "options" | "encoding";

export interface Warning {
  kind: WarningKind;
  message: string;
  /** 1-based line in the file (0 when the warning is about no place in it). */
  line: number;
  /** 1-based column, in characters. */
  column: number;
}

/**
 * Renders a post file's text (front matter + Markdown) to safe HTML and metadata.
 * Throws an `Error` whose message names the problem when `options` is not valid.
 */
export function renderPost(source: string, options?: Options): Rendered;

/** Renders a post into `element` (its content is replaced) and returns the same object as `renderPost`. */
export function renderInto(element: Element, source: string, options?: Options): Rendered;

/** Renders a post given as bytes; invalid UTF-8 becomes U+FFFD with a warning giving the byte offset. */
export function renderPostBytes(bytes: Uint8Array, options?: Options): Rendered;

export interface Rendered {
  meta: Meta;
  /** The body as safe HTML. */
  html: string;
  excerptHtml: string;
  toc: TocEntry[];
  stats: Stats;
  warnings: Warning[];
}
"#;

fn options_from(value: Option<js_sys::Object>) -> Result<Options, JsError> {
    if let Some(object) = &value {
        for key in js_sys::Object::keys(object).iter() {
            let key = key.as_string().unwrap_or_default();
            if !Options::FIELDS.contains(&key.as_str()) {
                return Err(JsError::new(&format!(
                    "inkpost: invalid options: unknown field `{key}`, expected one of `{}`",
                    Options::FIELDS.join("`, `")
                )));
            }
        }
    }
    let value = JsValue::from(value);
    let mut options: Options = if value.is_undefined() || value.is_null() {
        Options::default()
    } else {
        serde_wasm_bindgen::from_value(value).map_err(|e| {
            let text = e.to_string();
            // serde-wasm-bindgen's errors read "Error: …" when shown.
            let text = text.strip_prefix("Error: ").unwrap_or(&text);
            JsError::new(&format!("inkpost: invalid options: {text}"))
        })?
    };
    // `{{ site.time }}` is when the site is built; in a browser, that is now.
    if !options.site.other.contains_key("time") {
        let now = String::from(js_sys::Date::new_0().to_iso_string());
        options
            .site
            .other
            .insert("time".into(), crate::Value::String(now));
    }
    Ok(options)
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&format!("inkpost: {e}")))
}

fn checked(result: Result<crate::Rendered, crate::Error>) -> Result<crate::Rendered, JsError> {
    result.map_err(|e| JsError::new(&format!("inkpost: {e}")))
}

/// The JS string as Rust text; lone UTF-16 surrogates (which no UTF-8 text can
/// hold) become U+FFFD, and a warning says where the first one was.
fn text_of(source: &js_sys::JsString) -> (String, Option<usize>) {
    let text = String::from(source);
    if source.is_valid_utf16() {
        return (text, None);
    }
    let units: Vec<u16> = source.iter().collect();
    let first_unit = (0..units.len()).find(|&i| {
        let u = units[i];
        match u {
            0xD800..=0xDBFF => !matches!(units.get(i + 1), Some(0xDC00..=0xDFFF)),
            0xDC00..=0xDFFF => i == 0 || !matches!(units[i - 1], 0xD800..=0xDBFF),
            _ => false,
        }
    });
    // Each lone surrogate became one U+FFFD, one UTF-16 unit: walk to its byte offset.
    let offset = first_unit.map(|target| {
        let mut seen = 0;
        text.char_indices()
            .find(|(_, c)| {
                let here = seen;
                seen += c.len_utf16();
                here >= target
            })
            .map_or(text.len(), |(i, _)| i)
    });
    (text, offset)
}

fn surrogate_warning(rendered: &mut crate::Rendered, text: &str, offset: usize) {
    let (line, column) = crate::position::LineIndex::new(text).line_col(text, offset);
    rendered.warnings.push(crate::Warning::new(
        crate::WarningKind::Encoding,
        "the text holds unpaired UTF-16 surrogates, which are not characters; each became U+FFFD"
            .to_owned(),
        line,
        column,
    ));
    rendered.warnings.sort_by_key(|w| (w.line, w.column));
}

/// Renders a post file's text; returns `{ meta, html, excerptHtml, toc, stats, warnings }`.
/// Throws an `Error` when `options` is not valid or the post is over a limit.
#[wasm_bindgen(js_name = renderPost, skip_typescript)]
pub fn render_post(
    source: &js_sys::JsString,
    options: Option<js_sys::Object>,
) -> Result<JsValue, JsError> {
    let options = options_from(options)?;
    let (text, bad) = text_of(source);
    let mut rendered = checked(crate::try_render(&text, &options))?;
    if let Some(offset) = bad {
        surrogate_warning(&mut rendered, &text, offset);
    }
    to_js(&rendered)
}

/// Renders a post given as bytes (a file read with `arrayBuffer()`): invalid
/// UTF-8 becomes U+FFFD with a warning giving the byte offset.
#[wasm_bindgen(js_name = renderPostBytes, skip_typescript)]
pub fn render_post_bytes(
    bytes: &[u8],
    options: Option<js_sys::Object>,
) -> Result<JsValue, JsError> {
    let options = options_from(options)?;
    to_js(&checked(crate::try_render_bytes(bytes, &options))?)
}

/// Renders a post into `element` (its content is replaced by the post's HTML);
/// returns the same object as `renderPost`.
#[wasm_bindgen(js_name = renderInto, skip_typescript)]
pub fn render_into(
    element: &web_sys::Element,
    source: &js_sys::JsString,
    options: Option<js_sys::Object>,
) -> Result<JsValue, JsError> {
    let options = options_from(options)?;
    let (text, bad) = text_of(source);
    let mut rendered = checked(crate::try_render(&text, &options))?;
    if let Some(offset) = bad {
        surrogate_warning(&mut rendered, &text, offset);
    }
    element.set_inner_html(&rendered.html);
    to_js(&rendered)
}
