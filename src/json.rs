//! A render in, the JSON text the wasm bindings hand `JSON.parse` out: the
//! result but its two HTML strings, in the documented key order. Written by
//! hand (no serde_json in the wasm: smaller); a native test checks it
//! against serde's serialisation of the same `Rendered`, which the CLI's
//! `--json` prints.

use crate::output::BlockChange;
use crate::{Rendered, Value};

// The result crosses to JS as one JSON text (everything but the two HTML
// strings), read by `JSON.parse`: two calls, where building the object
// field by field took a call and a string decode per key and value (about a
// sixth of a small post's render in V8).

/// Appends `s` as a JSON string.
fn json_str(out: &mut String, s: &str) {
    out.push('"');
    let mut copied = 0;
    for (i, b) in s.bytes().enumerate() {
        let escaped = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            0..=0x1F => "",
            _ => continue,
        };
        out.push_str(&s[copied..i]);
        if escaped.is_empty() {
            out.push_str("\\u00");
            out.push(char::from(b"0123456789abcdef"[usize::from(b >> 4)]));
            out.push(char::from(b"0123456789abcdef"[usize::from(b & 0xF)]));
        } else {
            out.push_str(escaped);
        }
        copied = i + 1;
    }
    out.push_str(&s[copied..]);
    out.push('"');
}

/// Appends a comma, unless an object or array has just opened or a key
/// was just written.
fn json_sep(out: &mut String) {
    if !out.ends_with(['{', '[', ':']) {
        out.push(',');
    }
}

/// Appends `"key":`.
fn json_key(out: &mut String, key: &str) {
    json_sep(out);
    json_str(out, key);
    out.push(':');
}

/// Appends `"key":` and the string, or `null`.
fn json_str_field(out: &mut String, key: &str, s: Option<&str>) {
    json_key(out, key);
    match s {
        Some(s) => json_str(out, s),
        None => out.push_str("null"),
    }
}

/// Appends `"key":` and the number.
fn json_number_field(out: &mut String, key: &str, n: impl std::fmt::Display) {
    json_key(out, key);
    json_number(out, n);
}

/// Appends the number.
fn json_number(out: &mut String, n: impl std::fmt::Display) {
    use std::fmt::Write as _;
    let _ = write!(out, "{n}");
}

/// Appends an array, each item written by `item`.
fn json_list<T>(
    out: &mut String,
    items: impl IntoIterator<Item = T>,
    mut item: impl FnMut(&mut String, T),
) {
    out.push('[');
    for it in items {
        json_sep(out);
        item(out, it);
    }
    out.push(']');
}

/// A front-matter value as JSON; NaN and infinities (`.nan`, `.inf` in
/// YAML) are `null`, as in the CLI's `--json`.
fn json_value(out: &mut String, value: Option<&Value>) {
    use std::fmt::Write as _;
    match value {
        None | Some(Value::Null) => out.push_str("null"),
        Some(Value::Bool(b)) => out.push_str(if *b { "true" } else { "false" }),
        Some(Value::Int(i)) => {
            let _ = write!(out, "{i}");
        }
        Some(Value::Float(f)) if f.is_finite() => out.push_str(&crate::value::plain_decimal(*f)),
        Some(Value::Float(_)) => out.push_str("null"),
        Some(Value::String(s)) => json_str(out, s),
        Some(Value::List(items)) => json_list(out, items, |out, v| json_value(out, Some(v))),
        Some(Value::Map(map)) => {
            out.push('{');
            for (k, v) in map.iter() {
                json_key(out, k);
                json_value(out, Some(v));
            }
            out.push('}');
        }
    }
}

/// What a result holds beyond the metadata, toc, stats and warnings.
// (The tests write `Post` only; the preview's shapes are the wasm's.)
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) enum Shape {
    /// `renderPost`'s: `html` and `excerptHtml` (null here, set afterwards).
    Post,
    /// `renderPostBlocks`': also each block's object with its line (its
    /// `html` is set afterwards, a slice of the string already in JS).
    Blocks,
    /// `PostPreview.render`'s: no whole HTML; every block's line, and the
    /// blocks that changed with their HTML.
    Preview(BlockChange),
}

/// Everything in the result but the strings set afterwards, as JSON, in the
/// documented key order.
pub(crate) fn rendered_json(r: &Rendered, shape: Shape) -> String {
    let m = &r.meta;
    let strings = |out: &mut String, s: &String| json_str(out, s);
    let mut out = String::with_capacity(1024);
    out.push_str("{\"meta\":{");
    json_str_field(&mut out, "title", m.title.as_deref());
    json_str_field(&mut out, "date", m.date.as_deref());
    json_str_field(&mut out, "slug", m.slug.as_deref());
    json_key(&mut out, "categories");
    json_list(&mut out, &m.categories, strings);
    json_key(&mut out, "tags");
    json_list(&mut out, &m.tags, strings);
    json_key(&mut out, "published");
    json_value(&mut out, Some(&Value::Bool(m.published)));
    json_str_field(&mut out, "excerpt", m.excerpt.as_deref());
    json_key(&mut out, "image");
    json_value(&mut out, m.image.as_ref());
    json_str_field(&mut out, "imageUrl", m.image_url.as_deref());
    json_key(&mut out, "author");
    json_value(&mut out, m.author.as_ref());
    json_key(&mut out, "layout");
    json_value(&mut out, m.layout.as_ref());
    json_str_field(&mut out, "url", m.url.as_deref());
    for (k, v) in m.data.iter() {
        json_key(&mut out, k);
        json_value(&mut out, Some(v));
    }
    out.push('}');
    if !matches!(shape, Shape::Preview(_)) {
        out.push_str(",\"html\":null,\"excerptHtml\":null");
    }
    out.push_str(",\"toc\":");
    json_list(&mut out, &r.toc, |out, t| {
        out.push('{');
        json_number_field(out, "level", t.level);
        json_str_field(out, "id", Some(&t.id));
        json_str_field(out, "text", Some(&t.text));
        out.push('}');
    });
    out.push_str(",\"stats\":{");
    json_number_field(&mut out, "words", r.stats.words);
    json_number_field(&mut out, "readingMinutes", r.stats.reading_minutes);
    out.push_str("},\"warnings\":");
    json_list(&mut out, &r.warnings, |out, w| {
        out.push('{');
        json_str_field(out, "kind", Some(w.kind.as_str()));
        json_str_field(out, "message", Some(&w.message));
        json_number_field(out, "line", w.line);
        json_number_field(out, "column", w.column);
        out.push('}');
    });
    match shape {
        Shape::Post => {}
        Shape::Blocks => {
            json_key(&mut out, "blocks");
            json_list(&mut out, &r.blocks, |out, b| {
                out.push('{');
                json_number_field(out, "line", b.line);
                out.push('}');
            });
        }
        Shape::Preview(change) => {
            json_key(&mut out, "lines");
            json_list(&mut out, &r.blocks, |out, b| json_number(out, b.line));
            json_number_field(&mut out, "from", change.from);
            json_number_field(&mut out, "removed", change.removed);
            // The changed blocks' HTML is in the JSON: a keystroke's one or
            // two blocks, not worth a string and a call each.
            json_key(&mut out, "blocks");
            let added = change.from..change.from + change.added;
            json_list(&mut out, added, |out, i| {
                out.push('{');
                json_number_field(out, "line", r.blocks[i].line);
                json_str_field(out, "html", Some(r.block_html(i)));
                out.push('}');
            });
        }
    }
    out.push('}');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{render, Options};

    /// The wasm's JSON of a render, parsed, against serde's of the same
    /// render (the CLI's `--json`), with the two HTML strings as the wasm
    /// leaves them (null, set afterwards) and without what only serde has.
    fn agrees(source: &str, options: &Options) {
        let r = render(source, options);
        let ours: serde_json::Value = serde_json::from_str(&rendered_json(&r, Shape::Post))
            .unwrap_or_else(|e| panic!("{e}: {}", rendered_json(&r, Shape::Post)));
        let mut theirs = serde_json::to_value(&r).unwrap();
        let object = theirs.as_object_mut().unwrap();
        object.insert("html".into(), serde_json::Value::Null);
        object.insert("excerptHtml".into(), serde_json::Value::Null);
        object.remove("blocks");
        assert_eq!(ours, theirs, "{source:?}");
        // The same keys in the same order as serde writes them.
        let keys = |v: &serde_json::Value| {
            v["meta"]
                .as_object()
                .unwrap()
                .keys()
                .cloned()
                .collect::<Vec<_>>()
        };
        assert_eq!(keys(&ours), keys(&theirs));
    }

    #[test]
    fn the_wasm_json_is_what_serde_writes_for_awkward_values() {
        let options = Options {
            file_name: Some("en/_posts/2026-01-02-a-b.md".into()),
            ..Options::default()
        };
        for source in [
            "---\ntitle: \"Quote \\\" back\\\\slash \\u0001 \\t tab\"\nn: 1.5e300\nbig: 123456789012345678\nneg: -0.0\ninf: .inf\nnan: .nan\nlist: [1, two, {k: v}]\nnull_key: ~\nwhen: 2026-01-02 03:04:05 +01:00\nb: yes\nemoji: \"😀 \\u2028 \\u0000\"\n---\n# H1 {#x}\n\n* TOC\n{:toc}\n\n## Two <b>x</b>\n\n<script>x</script>\n",
            "no front matter, [a link](javascript:x) and {% include x.html %}\n",
            "---\n: bad yaml\n---\nbody\n",
        ] {
            agrees(source, &options);
        }
    }

    #[test]
    fn the_wasm_json_is_what_serde_writes_for_the_corpus() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/posts");
        let Ok(sites) = std::fs::read_dir(dir) else {
            eprintln!("../shared/corpus is absent: only the sample posts");
            return;
        };
        let mut posts = 0;
        for site in sites.flatten() {
            for post in std::fs::read_dir(site.path())
                .into_iter()
                .flatten()
                .flatten()
            {
                let Ok(source) = std::fs::read_to_string(post.path()) else {
                    continue;
                };
                let options = Options {
                    file_name: Some(format!("_posts/{}", post.file_name().to_string_lossy())),
                    ..Options::default()
                };
                agrees(&source, &options);
                posts += 1;
            }
        }
        assert!(posts >= 100, "{posts}");
    }
}
