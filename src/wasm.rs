//! JavaScript bindings: strings and plain objects in, plain objects out; all logic lives in the pure modules.

use crate::json::{rendered_json, Shape};
use crate::output::BlockChange;
use crate::pipeline::{try_render_bytes_parts, try_render_parts, Parts, Want};
use crate::{Map, Options, RawHtmlMode, Rendered, Value};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

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
  /**
   * The class names the post writes (raw HTML, `{: .name}`): kept (default,
   * as Jekyll), dropped, or each prefixed with P. On a page with utility
   * classes (Bootstrap, Tailwind), give "drop" or "prefix:P" for posts you
   * do not trust: a class can lay a post's link over the whole page.
   */
  classes?: "keep" | "drop" | `prefix:${string}`;
  /** Add `nofollow` to external links. */
  nofollow?: boolean;
  /** Hosts whose iframes are kept, sandboxed (default none). */
  allowIframeHosts?: string[];
  /**
   * Whether images and other media may load from other sites (each load
   * tells that site who reads the post): from any (default), none, or
   * these hosts and their subdomains. A blocked one is removed with a
   * warning; a Markdown image keeps its alt text. Relative URLs and those on
   * `baseUrl`'s host always load.
   */
  remoteMedia?: "allow" | "block" | string[];
  /** `target="_blank"` on external links. */
  externalLinksNewTab?: boolean;
  /** `loading="lazy"` on images (default true). */
  lazyImages?: boolean;
  /** `data-line` with the 1-based source line on each block. */
  sourceLines?: boolean;
  /** Repair UTF-8 once read as Windows-1252, Latin-1 or MacRoman ("Nicol√°s" → "Nicolás"); default true. */
  repairEncoding?: boolean;
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
  /**
   * Every other front-matter key, as JSON would hold it (the CLI's `--json`
   * gives the same): YAML's `.nan` and `.inf` are `null`.
   */
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

/** One top-level block of the HTML and the source line it starts on. */
export interface Block {
  line: number;
  html: string;
}

/**
 * Like `renderPost`, plus `blocks`: the HTML cut into its top-level blocks, so an
 * editor can compare them with the last render's and replace only those that changed.
 */
export function renderPostBlocks(source: string, options?: Options): Rendered & { blocks: Block[] };

/** Renders a post given as bytes; invalid UTF-8 becomes U+FFFD with a warning giving the byte offset. */
export function renderPostBytes(bytes: Uint8Array, options?: Options): Rendered;

/** What `PostPreview.render` gives: the blocks that changed since its last render. */
export interface PreviewUpdate extends Omit<Rendered, "html" | "excerptHtml"> {
  /** The source line each block of the post starts on, one per block. */
  lines: number[];
  /** The last render's blocks `from` to `from + removed` are now `blocks`. */
  from: number;
  removed: number;
  blocks: Block[];
}

/**
 * A live preview's renderer: it keeps its last render, and each `render` gives
 * only the blocks whose HTML changed since. Call `free()` when done with it.
 */
export class PostPreview {
  constructor();
  /** Renders the post; throws as `renderPost` does, and then keeps the last render. */
  render(source: string, options?: Options): PreviewUpdate;
  /** The last render's whole HTML ("" before the first), to lay the post out again. */
  html(): string;
  /** Releases the last render's memory in the wasm. */
  free(): void;
}

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

/// No lone UTF-16 surrogates: `String.prototype.isWellFormed`, one call,
/// where the browser has it (2023 on); before that, the slow way.
fn is_well_formed(s: &js_sys::JsString) -> bool {
    // `Reflect.get` needs an object: look on `String.prototype`, not on the
    // string (a primitive, on which it throws).
    let has_method = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("String"))
        .and_then(|string| js_sys::Reflect::get(&string, &JsValue::from_str("prototype")))
        .and_then(|proto| js_sys::Reflect::has(&proto, &JsValue::from_str("isWellFormed")))
        .unwrap_or(false);
    if has_method {
        s.is_well_formed()
    } else {
        s.is_valid_utf16()
    }
}

fn invalid(message: String) -> JsError {
    JsError::new(&format!("inkpost: invalid options: {message}"))
}

/// Reads the options object field by field (no serde: the wasm stays small),
/// refusing unknown keys and values of the wrong type.
fn options_from(value: Option<js_sys::Object>) -> Result<Options, JsError> {
    let mut options = Options::default();
    if let Some(object) = value.filter(|o| !o.is_undefined() && !o.is_null()) {
        if !object.is_object() {
            return Err(invalid("options must be an object".into()));
        }
        for key in js_sys::Object::keys(&object).iter() {
            let key = key.as_string().unwrap_or_default();
            let value = js_sys::Reflect::get(&object, &JsValue::from_str(&key))
                .unwrap_or(JsValue::UNDEFINED);
            if value.is_undefined() {
                continue;
            }
            set_option(&mut options, &key, &value)?;
        }
    }
    Ok(options)
}

fn set_option(options: &mut Options, key: &str, value: &JsValue) -> Result<(), JsError> {
    let string = || {
        value
            .as_string()
            .ok_or_else(|| invalid(format!("`{key}` must be a string")))
    };
    let boolean = || {
        value
            .as_bool()
            .ok_or_else(|| invalid(format!("`{key}` must be true or false")))
    };
    let count = || {
        value
            .as_f64()
            .filter(|n| n.fract() == 0.0 && *n >= 0.0)
            .map(|n| n.min(usize::MAX as f64) as usize)
            .ok_or_else(|| invalid(format!("`{key}` must be a whole number")))
    };
    match key {
        "fileName" => options.file_name = Some(string()?),
        "baseUrl" => options.base_url = Some(string()?),
        "idPrefix" => options.id_prefix = string()?,
        "classes" => {
            options.classes = string()?
                .parse()
                .map_err(|e| invalid(format!("`classes`: {e}")))?
        }
        "rawHtml" => {
            options.raw_html = match string()?.as_str() {
                "sanitize" => RawHtmlMode::Sanitize,
                "escape" => RawHtmlMode::Escape,
                "drop" => RawHtmlMode::Drop,
                other => {
                    return Err(invalid(format!(
                        "`rawHtml` must be \"sanitize\", \"escape\" or \"drop\", not \"{other}\""
                    )))
                }
            }
        }
        "nofollow" => options.nofollow = boolean()?,
        "externalLinksNewTab" => options.external_links_new_tab = boolean()?,
        "lazyImages" => options.lazy_images = boolean()?,
        "sourceLines" => options.source_lines = boolean()?,
        "repairEncoding" => options.repair_encoding = boolean()?,
        "maxInputBytes" => options.max_input_bytes = count()?,
        "maxNesting" => options.max_nesting = count()?,
        "remoteMedia" => {
            options.remote_media = match value.as_string() {
                Some(word) => word
                    .parse()
                    .map_err(|e| invalid(format!("`remoteMedia`: {e}")))?,
                None => crate::RemoteMedia::Hosts(
                    value
                        .dyn_ref::<js_sys::Array>()
                        .ok_or_else(|| {
                            invalid(
                            "`remoteMedia` must be \"allow\", \"block\" or an array of host names"
                                .into(),
                        )
                        })?
                        .iter()
                        .map(|h| {
                            h.as_string()
                                .ok_or_else(|| invalid("`remoteMedia` must hold strings".into()))
                        })
                        .collect::<Result<_, _>>()?,
                ),
            }
        }
        "allowIframeHosts" => {
            let array = value.dyn_ref::<js_sys::Array>().ok_or_else(|| {
                invalid("`allowIframeHosts` must be an array of host names".into())
            })?;
            options.allow_iframe_hosts = array
                .iter()
                .map(|h| {
                    h.as_string()
                        .ok_or_else(|| invalid("`allowIframeHosts` must hold strings".into()))
                })
                .collect::<Result<_, _>>()?;
        }
        "site" => {
            let Value::Map(map) = value_from_js(value, 0)? else {
                return Err(invalid("`site` must be an object".into()));
            };
            for (k, v) in map.iter() {
                let text = || match v {
                    Value::String(s) => Ok(Some(s.clone())),
                    Value::Null => Ok(None),
                    _ => Err(invalid(format!("`site.{k}` must be a string"))),
                };
                match k {
                    "url" => options.site.url = text()?,
                    "baseurl" => options.site.baseurl = text()?,
                    "timezone" => options.site.timezone = text()?,
                    "permalink" => options.site.permalink = text()?,
                    "excerpt_separator" | "excerptSeparator" => {
                        options.site.excerpt_separator = text()?
                    }
                    _ => options.site.other.insert(k.to_owned(), v.clone()),
                }
            }
        }
        _ => {
            return Err(invalid(format!(
                "unknown field `{key}`, expected one of `{}`",
                Options::FIELDS.join("`, `")
            )))
        }
    }
    Ok(())
}

/// A plain JS value as a [`Value`] (objects by their own keys, in order).
fn value_from_js(value: &JsValue, depth: usize) -> Result<Value, JsError> {
    if depth > 64 {
        return Err(invalid(
            "`site` nests too deep (or refers to itself)".into(),
        ));
    }
    Ok(if value.is_null() || value.is_undefined() {
        Value::Null
    } else if let Some(b) = value.as_bool() {
        Value::Bool(b)
    } else if let Some(n) = value.as_f64() {
        if n.fract() == 0.0 && n.abs() < 9.0e15 {
            Value::Int(n as i64)
        } else {
            Value::Float(n)
        }
    } else if let Some(s) = value.as_string() {
        Value::String(s)
    } else if let Some(array) = value.dyn_ref::<js_sys::Array>() {
        Value::List(
            array
                .iter()
                .map(|v| value_from_js(&v, depth + 1))
                .collect::<Result<_, _>>()?,
        )
    } else if let Some(object) = value.dyn_ref::<js_sys::Object>() {
        let mut map = Map::new();
        for key in js_sys::Object::keys(object).iter() {
            let v = js_sys::Reflect::get(object, &key).unwrap_or(JsValue::UNDEFINED);
            map.insert(
                key.as_string().unwrap_or_default(),
                value_from_js(&v, depth + 1)?,
            );
        }
        Value::Map(map)
    } else {
        return Err(invalid(
            "`site` may hold only strings, numbers, booleans, arrays and objects".into(),
        ));
    })
}

#[wasm_bindgen]
extern "C" {
    // These are bound without wasm-bindgen's `catch`, which wraps each call
    // in a closure and `apply`: none can throw here, as `JSON.parse` only
    // reads JSON this module wrote and `Reflect` only reads and sets fields
    // of plain objects it made.
    #[wasm_bindgen(js_namespace = JSON, js_name = parse)]
    fn json_parse(text: &str) -> JsValue;
    #[wasm_bindgen(js_namespace = Reflect, js_name = set)]
    fn reflect_set(target: &JsValue, key: &JsValue, value: &JsValue);
    #[wasm_bindgen(js_namespace = Reflect, js_name = get)]
    fn reflect_get(target: &JsValue, key: &JsValue) -> JsValue;
}

#[wasm_bindgen]
extern "C" {
    /// An element, for an `innerHTML` setter that takes a string already in
    /// JS (web-sys's takes a Rust `&str`: a second decode of the same HTML).
    type HtmlHost;
    #[wasm_bindgen(method, setter = innerHTML)]
    fn set_inner_html(this: &HtmlHost, html: &js_sys::JsString);
}

/// The keys this module sets (and, for `blocks`, reads back) on the objects it returns.
struct Keys {
    html: JsValue,
    excerpt_html: JsValue,
    blocks: JsValue,
}

thread_local! {
    /// Made once: a key made per call is a string decode per call.
    static KEYS: Keys = Keys {
        html: JsValue::from_str("html"),
        excerpt_html: JsValue::from_str("excerptHtml"),
        blocks: JsValue::from_str("blocks"),
    };
}

/// The result as a plain JS object: each string crosses the boundary once.
fn rendered_to_js(p: &Parts) -> JsValue {
    rendered_and_html(p, false).0
}

/// [`rendered_to_js`] (with `blocks`, as [`rendered_json`] makes them), and its `html` string.
fn rendered_and_html(p: &Parts, blocks: bool) -> (JsValue, js_sys::JsString) {
    let r = &p.rendered;
    let out = json_parse(&rendered_json(
        r,
        if blocks { Shape::Blocks } else { Shape::Post },
    ));
    let html = JsValue::from_str(&r.html);
    // A post without its excerpt separator is its own excerpt: one string in
    // JS for both, not a second decode of the whole HTML (nor a copy and a
    // comparison of it in Rust, when the render says so; a Liquid post's
    // excerpt, rendered again, is compared: cheaper than a second decode).
    let excerpt = if p.excerpt_is_html || r.excerpt_html == r.html {
        html.clone()
    } else {
        JsValue::from_str(&r.excerpt_html)
    };
    KEYS.with(|keys| {
        reflect_set(&out, &keys.html, &html);
        reflect_set(&out, &keys.excerpt_html, &excerpt);
    });
    (out, html.unchecked_into())
}

fn checked(result: Result<Parts, crate::Error>) -> Result<Parts, JsError> {
    result.map_err(|e| JsError::new(&format!("inkpost: {e}")))
}

#[wasm_bindgen]
extern "C" {
    /// The browser's `TextEncoder`, bound here to take a JS string: js-sys and
    /// web-sys take a Rust `&str` for the text to encode.
    type TextEncoder;
    #[wasm_bindgen(constructor)]
    fn new() -> TextEncoder;
    #[wasm_bindgen(method, js_name = encodeInto)]
    fn encode_into(
        this: &TextEncoder,
        source: &js_sys::JsString,
        destination: &js_sys::Uint8Array,
    ) -> EncodeIntoResult;
    type EncodeIntoResult;
    #[wasm_bindgen(method, getter)]
    fn read(this: &EncodeIntoResult) -> u32;
    #[wasm_bindgen(method, getter)]
    fn written(this: &EncodeIntoResult) -> u32;
}

thread_local! {
    static ENCODER: TextEncoder = TextEncoder::new();
}

/// The JS string as UTF-8, written by `TextEncoder.encodeInto` straight into
/// the buffer: wasm-bindgen's own conversion copies the ASCII start of the
/// text a character at a time in JS, then slices and re-encodes the rest.
/// The crate's only unsafe code (the lint denies it everywhere else).
#[allow(unsafe_code)]
fn utf8_of(source: &js_sys::JsString) -> String {
    let units = source.length();
    // A UTF-16 unit is at most three bytes of UTF-8.
    let mut bytes: Vec<u8> = Vec::with_capacity((units as usize).saturating_mul(3));
    let (read, written) = ENCODER.with(|encoder| {
        // SAFETY: the view covers the vector's spare capacity, and `encodeInto`
        // writes at most as many bytes as the view holds, from its start. The
        // vector is not touched until the call returns. Handing the view to
        // Rust can run wasm code that grows the memory (the table of JS
        // handles is a Rust vector), which detaches the view: `encodeInto`
        // then reads and writes nothing, which is checked below.
        let view =
            unsafe { js_sys::Uint8Array::view_mut_raw(bytes.as_mut_ptr(), bytes.capacity()) };
        let result = encoder.encode_into(source, &view);
        (result.read(), result.written())
    });
    if read != units {
        return String::from(source);
    }
    // SAFETY: those bytes are initialised (above), and `encodeInto` writes
    // UTF-8: it encodes a scalar value string, lone surrogates as U+FFFD.
    unsafe {
        bytes.set_len((written as usize).min(bytes.capacity()));
        String::from_utf8_unchecked(bytes)
    }
}

/// The JS string as Rust text; lone UTF-16 surrogates (which no UTF-8 text can
/// hold) become U+FFFD, and a warning says where the first one was.
fn text_of(source: &js_sys::JsString) -> (String, Option<usize>) {
    let text = utf8_of(source);
    // The conversion made each lone surrogate U+FFFD: a text without one had
    // none, and needs no call back into JS (js-sys's `is_valid_utf16` reads the
    // string a code unit per boundary crossing, 100 ms for a 1 MB post).
    if crate::scan::find_str(&text, "\u{FFFD}", 0).is_none() || is_well_formed(source) {
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

fn surrogate_warning(rendered: &mut Rendered, text: &str, offset: usize) {
    let (line, column) = crate::position::LineIndex::new(text).line_col(text, offset);
    rendered.warnings.push(crate::Warning::new(
        crate::WarningKind::Encoding,
        "the text holds unpaired UTF-16 surrogates, which are not characters; each became U+FFFD"
            .to_owned(),
        line,
        column,
    ));
    crate::Warning::sort(&mut rendered.warnings);
}

/// What every entry point does: read the options, take the text out of JS,
/// render with the limits, and say where a lone surrogate was.
fn render_js(
    source: &js_sys::JsString,
    options: Option<js_sys::Object>,
    blocks: bool,
) -> Result<Parts, JsError> {
    let options = options_from(options)?;
    let (text, bad) = text_of(source);
    render_text(&text, bad, &options, blocks)
}

/// Renders the text taken out of JS with the limits, and says where a lone
/// surrogate (`bad`) was.
fn render_text(
    text: &str,
    bad: Option<usize>,
    options: &Options,
    blocks: bool,
) -> Result<Parts, JsError> {
    let want = Want {
        blocks,
        excerpt_copy: false,
    };
    let mut parts = checked(try_render_parts(text, options, want))?;
    if let Some(offset) = bad {
        surrogate_warning(&mut parts.rendered, text, offset);
    }
    Ok(parts)
}

/// Renders a post file's text; returns `{ meta, html, excerptHtml, toc, stats, warnings }`.
/// Throws an `Error` when `options` is not valid or the post is over a limit.
#[wasm_bindgen(js_name = renderPost, skip_typescript)]
pub fn render_post(
    source: &js_sys::JsString,
    options: Option<js_sys::Object>,
) -> Result<JsValue, JsError> {
    let parts = render_js(source, options, false)?;
    Ok(rendered_to_js(&parts))
}

/// Like `renderPost`, plus `blocks`: the HTML cut into its top-level blocks,
/// `[{ line, html }]`, so an editor can replace only the blocks that changed.
#[wasm_bindgen(js_name = renderPostBlocks, skip_typescript)]
pub fn render_post_blocks(
    source: &js_sys::JsString,
    options: Option<js_sys::Object>,
) -> Result<JsValue, JsError> {
    let parts = render_js(source, options, true)?;
    let rendered = &parts.rendered;
    // The block objects, each with its line, come from the JSON text; each
    // gets its `html`, a slice of the HTML string already in JS (no second
    // UTF-8 decoding): three calls a block. Block ends are turned from bytes
    // into UTF-16 units in one pass.
    let (out, html) = rendered_and_html(&parts, true);
    let mut units = 0u32;
    let mut byte = 0usize;
    let mut start = 0u32;
    KEYS.with(|keys| {
        let objects: js_sys::Array = reflect_get(&out, &keys.blocks).unchecked_into();
        for (i, b) in (0u32..).zip(&rendered.blocks) {
            let end = b.end.min(rendered.html.len());
            units += rendered
                .html
                .as_bytes()
                .get(byte..end)
                .map_or(0, |s| crate::scan::utf16_len(s) as u32);
            byte = end;
            reflect_set(&objects.get(i), &keys.html, &html.slice(start, units));
            start = units;
        }
    });
    Ok(out)
}

/// Renders a post given as bytes (a file read with `arrayBuffer()`): invalid
/// UTF-8 becomes U+FFFD with a warning giving the byte offset.
#[wasm_bindgen(js_name = renderPostBytes, skip_typescript)]
pub fn render_post_bytes(
    bytes: &[u8],
    options: Option<js_sys::Object>,
) -> Result<JsValue, JsError> {
    let options = options_from(options)?;
    let want = Want {
        blocks: false,
        excerpt_copy: false,
    };
    Ok(rendered_to_js(&checked(try_render_bytes_parts(
        bytes, &options, want,
    ))?))
}

/// Renders a post into `element` (its content is replaced by the post's HTML);
/// returns the same object as `renderPost`.
#[wasm_bindgen(js_name = renderInto, skip_typescript)]
pub fn render_into(
    element: &web_sys::Element,
    source: &js_sys::JsString,
    options: Option<js_sys::Object>,
) -> Result<JsValue, JsError> {
    let parts = render_js(source, options, false)?;
    let (out, html) = rendered_and_html(&parts, false);
    element.unchecked_ref::<HtmlHost>().set_inner_html(&html);
    Ok(out)
}

/// A live preview's renderer: it keeps its last render, and each render gives
/// only the blocks whose HTML changed since, so an editor neither decodes nor
/// compares the whole HTML on every keystroke. An edit inside one paragraph
/// that can change nothing else renders that paragraph alone
/// ([`crate::edit`]).
#[wasm_bindgen(js_name = PostPreview, skip_typescript)]
#[derive(Default)]
pub struct PostPreview {
    last: Option<Rendered>,
    /// The text and options `last` was rendered from, and whether that text
    /// had a lone surrogate (`last` then has its warning).
    last_source: String,
    last_options: Options,
    last_bad: bool,
}

#[wasm_bindgen(js_class = PostPreview)]
impl PostPreview {
    /// A preview that has rendered nothing yet.
    #[wasm_bindgen(constructor)]
    pub fn new() -> PostPreview {
        PostPreview::default()
    }

    /// Renders the post; returns `renderPost`'s object without `html` and
    /// `excerptHtml`, plus `lines` (each block's line), and `from`, `removed`
    /// and `blocks`: the last render's blocks `from` to `from + removed` are
    /// now `blocks` (`[{ line, html }]`). Throws as `renderPost` does, and then
    /// keeps the last render.
    pub fn render(
        &mut self,
        source: &js_sys::JsString,
        options: Option<js_sys::Object>,
    ) -> Result<JsValue, JsError> {
        let options = options_from(options)?;
        let (text, bad) = text_of(source);
        // A keystroke inside a paragraph renders that paragraph alone, in
        // the last render's place.
        if let Some(last) = &mut self.last {
            if bad.is_none() && !self.last_bad && options == self.last_options {
                if let Some(change) =
                    crate::edit::render_edit(&self.last_source, last, &text, &options)
                {
                    self.last_source = text;
                    return Ok(json_parse(&rendered_json(last, Shape::Preview(change))));
                }
            }
        }
        let rendered = render_text(text.as_str(), bad, &options, true)?.rendered;
        let change = match &self.last {
            Some(before) => rendered.block_change(before),
            None => BlockChange {
                from: 0,
                removed: 0,
                added: rendered.blocks.len(),
            },
        };
        let out = json_parse(&rendered_json(&rendered, Shape::Preview(change)));
        self.last = Some(rendered);
        self.last_source = text;
        self.last_options = options;
        self.last_bad = bad.is_some();
        Ok(out)
    }

    /// The last render's whole HTML (empty before the first), for a page that
    /// has to lay the post out again.
    pub fn html(&self) -> JsValue {
        JsValue::from_str(self.last.as_ref().map_or("", |r| &r.html))
    }
}
