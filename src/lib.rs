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
//! `DESIGN.md`: `front_matter` → `meta` → `markdown` (with the `raw_html`,
//! `headings` and `links` adapters) → `html`.

mod case;
mod date;
#[cfg(any(test, target_arch = "wasm32"))]
mod edit;
mod escape;
mod front_matter;
mod headings;
mod html;
mod html_tokens;
mod kramdown;
mod links;
mod liquid;
mod markdown;
mod meta;
mod position;
mod raw_html;
mod repair;
mod reserved;
mod scan;
mod text_repair;
mod url;
mod value;
mod yaml;

#[cfg(target_arch = "wasm32")]
mod wasm;

pub use meta::Meta;
pub use value::{Map, Value};

use serde::{Deserialize, Serialize};

/// How raw HTML written in a post is treated.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum RawHtmlMode {
    /// Kept where the allowlist allows it; everything else removed (the default).
    #[default]
    Sanitize,
    /// Shown as text.
    Escape,
    /// Removed, each removal reported.
    Drop,
}

/// What becomes of the class names a post writes (raw HTML `class`, kramdown
/// attribute lists `{: .name}`, heading attributes `{.name}`). The classes
/// inkpost writes itself (`language-ruby`, `footnote`, …) are not the post's.
///
/// A class name is an instruction to the page's stylesheet: on a page with
/// utility classes (Bootstrap, Tailwind), a post that may write any class can
/// lay an invisible full-page link over the page (`fixed-top w-100 h-100`).
/// Give `Drop` or `Prefix` for posts you do not trust on such a page.
///
/// From JavaScript and the CLI: `"keep"`, `"drop"` or `"prefix:P"`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(try_from = "String", into = "String")]
#[non_exhaustive]
pub enum ClassPolicy {
    /// Every class as written, as Jekyll does (the default).
    #[default]
    Keep,
    /// None of the post's classes; each element that loses some is a
    /// `sanitized` warning.
    Drop,
    /// Each of the post's classes with this prefix (`post-` makes `notice`
    /// `post-notice`), so that only the page's own rules for prefixed names
    /// can apply.
    Prefix(String),
}

impl std::str::FromStr for ClassPolicy {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        match text {
            "keep" => Ok(ClassPolicy::Keep),
            "drop" => Ok(ClassPolicy::Drop),
            _ => match text.strip_prefix("prefix:") {
                Some(prefix) if !prefix.is_empty()
                    && prefix
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_')) =>
                {
                    Ok(ClassPolicy::Prefix(prefix.to_owned()))
                }
                _ => Err(format!(
                    "`{text}` is not \"keep\", \"drop\" or \"prefix:P\" (P of ASCII letters, digits, `-` and `_`)"
                )),
            },
        }
    }
}

impl TryFrom<String> for ClassPolicy {
    type Error = String;
    fn try_from(text: String) -> Result<Self, String> {
        text.parse()
    }
}

impl From<ClassPolicy> for String {
    fn from(policy: ClassPolicy) -> String {
        policy.to_string()
    }
}

impl std::fmt::Display for ClassPolicy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ClassPolicy::Keep => f.write_str("keep"),
            ClassPolicy::Drop => f.write_str("drop"),
            ClassPolicy::Prefix(p) => write!(f, "prefix:{p}"),
        }
    }
}

/// Whether images and other media the post names may load from other sites
/// (Markdown images, `img`, `srcset`, `video`/`audio`/`source`/`track`
/// `src`, `poster`, and the front matter's hero image). Each load tells that
/// site who reads the post and when: a tracking pixel. Mail clients block
/// them; a page that shows posts it does not trust may too. A URL on the
/// page's own site (relative, or on `baseUrl`'s host) always loads.
///
/// From JavaScript: `"allow"`, `"block"` or an array of host names; from
/// the CLI: `allow`, `block` or hosts separated by commas.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(try_from = "RemoteMediaSpelling", into = "RemoteMediaSpelling")]
#[non_exhaustive]
pub enum RemoteMedia {
    /// From any site, as Jekyll's pages load them (the default).
    #[default]
    Allow,
    /// From none: each such URL is removed with a `sanitized` warning (a
    /// Markdown image keeps its alt text; an element loses the attribute).
    Block,
    /// From these hosts (and their subdomains) only; the rest as `Block`.
    Hosts(Vec<String>),
}

/// How [`RemoteMedia`] is spelt in JSON: a word or a list of hosts.
#[derive(Deserialize, Serialize)]
#[serde(untagged)]
enum RemoteMediaSpelling {
    Word(String),
    Hosts(Vec<String>),
}

impl TryFrom<RemoteMediaSpelling> for RemoteMedia {
    type Error = String;
    fn try_from(spelling: RemoteMediaSpelling) -> Result<Self, String> {
        match spelling {
            RemoteMediaSpelling::Word(word) => word.parse(),
            RemoteMediaSpelling::Hosts(hosts) => Ok(RemoteMedia::Hosts(hosts)),
        }
    }
}

impl From<RemoteMedia> for RemoteMediaSpelling {
    fn from(policy: RemoteMedia) -> Self {
        match policy {
            RemoteMedia::Allow => RemoteMediaSpelling::Word("allow".into()),
            RemoteMedia::Block => RemoteMediaSpelling::Word("block".into()),
            RemoteMedia::Hosts(hosts) => RemoteMediaSpelling::Hosts(hosts),
        }
    }
}

impl std::str::FromStr for RemoteMedia {
    type Err = String;

    /// `allow`, `block`, or host names separated by commas (the CLI's form).
    fn from_str(text: &str) -> Result<Self, String> {
        match text {
            "allow" => Ok(RemoteMedia::Allow),
            "block" => Ok(RemoteMedia::Block),
            _ => {
                let hosts: Vec<String> = text
                    .split(',')
                    .map(str::trim)
                    .filter(|h| !h.is_empty())
                    .map(String::from)
                    .collect();
                if hosts.is_empty() || hosts.iter().any(|h| h.contains(['/', ' ', ':', '@'])) {
                    return Err(format!(
                        "`{text}` is not \"allow\", \"block\" or a list of host names"
                    ));
                }
                Ok(RemoteMedia::Hosts(hosts))
            }
        }
    }
}

/// Site settings: the `_config.yml` keys that change how a post renders.
///
/// Keys are spelled as in `_config.yml`; any other key is kept for `{{ site.x }}`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize)]
#[serde(default)]
pub struct Site {
    /// `url`: the site's scheme and host, for `absolute_url`.
    pub url: Option<String>,
    /// `baseurl`: the path the site lives under, for `relative_url`.
    pub baseurl: Option<String>,
    /// `timezone`: an IANA zone name (`America/Los_Angeles`), `UTC` or an offset
    /// (`+05:30`); dates are converted to it. Unset: dates stay as written.
    pub timezone: Option<String>,
    /// `permalink`: a named style (`date`, `pretty`, `ordinal`, `none`) or a pattern.
    pub permalink: Option<String>,
    /// `excerpt_separator`: where the excerpt ends (default a blank line).
    #[serde(alias = "excerptSeparator")]
    pub excerpt_separator: Option<String>,
    /// Every other key. Without a `time` key, `{{ site.time }}` is the time
    /// of the render, ISO 8601 UTC.
    #[serde(flatten)]
    pub other: Map,
}

/// Rendering options. The defaults suit a Jekyll blog.
///
/// From JavaScript the same fields are given in camelCase (`fileName`, `baseUrl`).
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct Options {
    /// The post's file name or path (`_posts/2026-01-02-slug.md`): gives the
    /// date, slug and title when front matter does not, and folders above
    /// `_posts` become categories. Default: none.
    pub file_name: Option<String>,
    /// URL that relative links and images resolve against (the post's own URL,
    /// or the site root). Default: none, links stay as written.
    pub base_url: Option<String>,
    /// Site settings, as in `_config.yml`.
    pub site: Site,
    /// Raw HTML in the post: `sanitize` (default), `escape` or `drop`.
    pub raw_html: RawHtmlMode,
    /// Prefix for every `id` the post puts on the page (headings, footnotes, raw
    /// HTML ids), to keep them from clobbering the page's own. Default: empty,
    /// as Jekyll.
    pub id_prefix: String,
    /// What becomes of the class names the post writes: kept (default, as
    /// Jekyll), dropped, or prefixed. See [`ClassPolicy`].
    pub classes: ClassPolicy,
    /// Add `rel="nofollow"` to external links. Default: false.
    pub nofollow: bool,
    /// Hosts whose `<iframe>`s are kept (`www.youtube.com`, `player.vimeo.com`;
    /// a host also allows its subdomains). Kept iframes must use https, keep only
    /// src/width/height/title/allowfullscreen, and are always sandboxed. Default:
    /// none, every iframe is removed.
    pub allow_iframe_hosts: Vec<String>,
    /// Whether images and media may load from other sites: from any
    /// (default), none, or listed hosts. See [`RemoteMedia`].
    pub remote_media: RemoteMedia,
    /// Open external links in a new tab (`target="_blank"`). Default: false.
    pub external_links_new_tab: bool,
    /// `loading="lazy"` on images. Default: true.
    pub lazy_images: bool,
    /// Put `data-line` (the 1-based source line) on each block, for a live
    /// preview that follows the editor. Default: false.
    pub source_lines: bool,
    /// Repair text whose UTF-8 was once read as Windows-1252, Latin-1 or
    /// MacRoman ("Nicol√°s" → "Nicolás"), in the body (never in code or URLs)
    /// and in front-matter strings; each repair is a warning. Default: true.
    pub repair_encoding: bool,
    /// [`try_render`] refuses a post larger than this many bytes. Default: 10 MB.
    pub max_input_bytes: usize,
    /// [`try_render`] refuses a post whose blocks (quotes, lists, raw HTML
    /// elements) nest deeper than this. Default: 128.
    pub max_nesting: usize,
}

impl Site {
    /// Reads a Jekyll `_config.yml`: the keys that change a post become the
    /// named fields, every other key is kept for `{{ site.x }}`.
    pub fn from_config_yaml(text: &str) -> Result<Site, Error> {
        let mut warnings = Vec::new();
        let map = front_matter::parse(text, &mut warnings);
        if let Some(w) = warnings.into_iter().next() {
            return Err(Error::InvalidConfig {
                line: w.line,
                column: w.column,
                message: w.message,
            });
        }
        let mut site = Site::default();
        for (key, value) in map.iter() {
            site.set(key, value.clone());
        }
        Ok(site)
    }

    /// Sets one setting, as `_config.yml` or `--site key=value` gives it.
    pub fn set(&mut self, key: &str, value: Value) {
        let text = value.to_text().filter(|t| !t.is_empty());
        match key {
            "url" => self.url = text,
            "baseurl" => self.baseurl = text,
            "timezone" => self.timezone = text,
            "permalink" => self.permalink = text,
            "excerpt_separator" => self.excerpt_separator = text,
            _ => self.other.insert(key.to_owned(), value),
        }
    }
}

impl Options {
    /// The option names as JavaScript spells them (serde-wasm-bindgen reads only
    /// known fields, so the bindings check for misspelt ones against this list).
    pub const FIELDS: &'static [&'static str] = &[
        "fileName",
        "baseUrl",
        "site",
        "rawHtml",
        "idPrefix",
        "classes",
        "nofollow",
        "allowIframeHosts",
        "remoteMedia",
        "externalLinksNewTab",
        "lazyImages",
        "sourceLines",
        "repairEncoding",
        "maxInputBytes",
        "maxNesting",
    ];
}

impl Default for Options {
    fn default() -> Self {
        Options {
            file_name: None,
            base_url: None,
            site: Site::default(),
            raw_html: RawHtmlMode::default(),
            id_prefix: String::new(),
            classes: ClassPolicy::Keep,
            nofollow: false,
            allow_iframe_hosts: Vec::new(),
            remote_media: RemoteMedia::Allow,
            external_links_new_tab: false,
            lazy_images: true,
            source_lines: false,
            repair_encoding: true,
            max_input_bytes: 10 << 20,
            max_nesting: 128,
        }
    }
}

/// What kind of problem a [`Warning`] reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum WarningKind {
    /// The front matter could not be read, or a value in it is unusable.
    FrontMatter,
    /// Something unsafe was removed from the post.
    Sanitized,
    /// Liquid that needs a Jekyll build became a placeholder, or was not understood.
    Liquid,
    /// An option value could not be used.
    Options,
    /// The text was not valid UTF-8 (or UTF-16) and was decoded with
    /// replacement characters, or mis-decoded text was repaired.
    Encoding,
}

/// A problem found while rendering; the rest of the post still rendered.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Warning {
    /// What kind of problem.
    pub kind: WarningKind,
    /// What happened and what was done about it.
    pub message: String,
    /// 1-based line in the file (0 when it concerns no place in the file).
    pub line: u32,
    /// 1-based column in characters (0 when it concerns no place in the file).
    pub column: u32,
}

impl WarningKind {
    /// The kind as JavaScript sees it (`frontMatter`, `sanitized`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            WarningKind::FrontMatter => "frontMatter",
            WarningKind::Sanitized => "sanitized",
            WarningKind::Liquid => "liquid",
            WarningKind::Options => "options",
            WarningKind::Encoding => "encoding",
        }
    }
}

impl Warning {
    pub(crate) fn new(kind: WarningKind, mut message: String, line: u32, column: u32) -> Self {
        // A message quotes the post, which at this point may hold the Liquid
        // stage's markers (a placeholder in a tag's attributes): never shown.
        reserved::replace_in(&mut message);
        Warning {
            kind,
            message,
            line,
            column,
        }
    }

    /// Puts warnings in file order (stable: one place's keep their order).
    /// One function for every caller: each sort call site with its own key
    /// closure is a copy of the standard library's sort in the wasm.
    pub(crate) fn sort(warnings: &mut [Warning]) {
        warnings.sort_by_key(|w| (w.line, w.column));
    }
}

/// One heading, for a table of contents.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct TocEntry {
    /// 1 to 6.
    pub level: u8,
    /// The heading's `id` on the page (with `idPrefix`).
    pub id: String,
    /// The heading's text.
    pub text: String,
}

/// Counts about the post's body.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Stats {
    /// Words in the rendered text (each CJK character counts as one).
    pub words: usize,
    /// Minutes to read at 200 words a minute, at least 1.
    pub reading_minutes: usize,
}

impl Stats {
    /// The counts for a body of `words` words.
    pub(crate) fn of_words(words: usize) -> Self {
        Stats {
            words,
            reading_minutes: words.div_ceil(200).max(1),
        }
    }
}

/// One top-level block of [`Rendered::html`]: where it ends and the source
/// line it starts on. Editors can compare blocks between renders and touch
/// only the ones that changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct BlockSpan {
    /// Byte offset in `html` where the block ends (it starts where the one
    /// before it ended).
    pub end: usize,
    /// 1-based line in the file where the block starts.
    pub line: u32,
}

/// A rendered post.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Rendered {
    /// The metadata: Jekyll's computed fields and every other front-matter key.
    pub meta: Meta,
    /// The body as safe HTML.
    pub html: String,
    /// The excerpt as safe HTML.
    pub excerpt_html: String,
    /// The headings, in order.
    pub toc: Vec<TocEntry>,
    /// Word count and reading time.
    pub stats: Stats,
    /// Everything that went wrong or was removed, with where.
    pub warnings: Vec<Warning>,
    /// `html` cut into its top-level blocks.
    #[serde(skip)]
    pub blocks: Vec<BlockSpan>,
}

/// Which blocks of a render differ from an earlier render's: the `removed`
/// blocks of the earlier one from `from` on became the `added` blocks of the
/// new one from `from` on; the blocks before and after are the same HTML.
#[cfg_attr(not(any(test, target_arch = "wasm32")), allow(dead_code))]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct BlockChange {
    pub from: usize,
    pub removed: usize,
    pub added: usize,
}

#[cfg_attr(not(any(test, target_arch = "wasm32")), allow(dead_code))]
impl Rendered {
    /// The HTML of block `i` (empty past the last).
    pub(crate) fn block_html(&self, i: usize) -> &str {
        let start = i
            .checked_sub(1)
            .and_then(|j| self.blocks.get(j))
            .map_or(0, |b| b.end);
        let end = self.blocks.get(i).map_or(start, |b| b.end);
        self.html
            .get(start.min(end)..end.min(self.html.len()))
            .unwrap_or("")
    }

    /// The blocks that changed since `before`: the longest run of equal
    /// blocks at the start, then at the end, is kept. A block's line is not
    /// compared, only its HTML.
    pub(crate) fn block_change(&self, before: &Rendered) -> BlockChange {
        let (new, old) = (self.blocks.len(), before.blocks.len());
        let from = (0..new.min(old))
            .find(|&i| self.block_html(i) != before.block_html(i))
            .unwrap_or(new.min(old));
        let same_end = (0..new.min(old) - from)
            .find(|&k| self.block_html(new - 1 - k) != before.block_html(old - 1 - k))
            .unwrap_or(new.min(old) - from);
        BlockChange {
            from,
            removed: old - from - same_end,
            added: new - from - same_end,
        }
    }
}

/// Why [`try_render`] refused a post or its options.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// An option has a value inkpost cannot use.
    InvalidOption {
        /// The option, as JavaScript spells it.
        option: &'static str,
        /// What is wrong with it.
        message: String,
    },
    /// The post is larger than `max_input_bytes`.
    TooLarge {
        /// The post's size in bytes.
        bytes: usize,
        /// The limit.
        limit: usize,
    },
    /// A site configuration (`_config.yml`) could not be read.
    InvalidConfig {
        /// 1-based line in the configuration text.
        line: u32,
        /// 1-based column.
        column: u32,
        /// What is wrong.
        message: String,
    },
    /// The post's blocks nest deeper than `max_nesting`.
    TooDeep {
        /// How deep they go.
        depth: usize,
        /// The limit.
        limit: usize,
    },
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::InvalidOption { option, message } => write!(f, "invalid option {option}: {message}"),
            Error::TooLarge { bytes, limit } => write!(
                f,
                "the post is {bytes} bytes, more than maxInputBytes ({limit}); raise the limit to render it"
            ),
            Error::InvalidConfig {
                line,
                column,
                message,
            } => write!(f, "line {line}, column {column}: {message}"),
            Error::TooDeep { depth, limit } => write!(
                f,
                "the post nests blocks {depth} deep, more than maxNesting ({limit}); raise the limit to render it"
            ),
        }
    }
}

impl std::error::Error for Error {}

impl Options {
    /// Checks the values a type cannot: `baseUrl` must be an http(s) URL or a
    /// path, `idPrefix` must be usable in an id, `site.timezone` must be known.
    pub fn validate(&self) -> Result<(), Error> {
        if let Some(base) = &self.base_url {
            let ok_scheme = base.split_once("://").is_some_and(|(scheme, rest)| {
                matches!(
                    scheme.to_ascii_lowercase().as_str(),
                    "http" | "https" | "file"
                ) && (scheme.eq_ignore_ascii_case("file") || !rest.is_empty())
            });
            let is_path = base.starts_with('/') || base.starts_with('.');
            if base.chars().any(|c| c.is_whitespace() || c.is_control()) || !(ok_scheme || is_path)
            {
                return Err(Error::InvalidOption {
                    option: "baseUrl",
                    message: format!("`{base}` is not an http(s) URL or a path"),
                });
            }
        }
        if !self
            .id_prefix
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
        {
            return Err(Error::InvalidOption {
                option: "idPrefix",
                message: format!(
                    "`{}` may hold only ASCII letters, digits, `-`, `_`, `:` and `.`",
                    self.id_prefix
                ),
            });
        }
        if let Some(zone) = self
            .site
            .timezone
            .as_deref()
            .filter(|z| !z.trim().is_empty())
        {
            if date::Zone::parse(zone).is_none() {
                return Err(Error::InvalidOption {
                    option: "site.timezone",
                    message: format!(
                        "`{zone}` is not a zone inkpost knows (use an IANA name such as Europe/Paris, UTC, or an offset such as +05:30)"
                    ),
                });
            }
        }
        Ok(())
    }
}

/// Renders a post from a caller that does not trust it: checks the options
/// ([`Options::validate`]) and the limits (`max_input_bytes`, `max_nesting`)
/// and says which one refused the post.
pub fn try_render(source: &str, options: &Options) -> Result<Rendered, Error> {
    try_render_parts(source, options, Want::ALL).map(|p| p.rendered)
}

/// What a caller inside the crate wants from a render beyond what every
/// render gives.
#[derive(Clone, Copy)]
pub(crate) struct Want {
    /// [`Rendered::blocks`]: their lines cost a line index of the whole file.
    pub blocks: bool,
    /// `excerpt_html` filled when the excerpt is the whole post and the body
    /// has no Liquid (a copy of `html`); without it,
    /// [`Parts::excerpt_is_html`] says so instead.
    pub excerpt_copy: bool,
}

impl Want {
    /// What the public functions give.
    pub const ALL: Want = Want {
        blocks: true,
        excerpt_copy: true,
    };
}

/// A render for the crate's own callers.
pub(crate) struct Parts {
    pub rendered: Rendered,
    /// `rendered.excerpt_html` was left empty: the excerpt is `rendered.html`.
    /// (Read by the wasm bindings; natively only the tests ask for less.)
    #[cfg_attr(not(any(test, target_arch = "wasm32")), allow(dead_code))]
    pub excerpt_is_html: bool,
}

/// [`try_render`], giving only what `want` asks for beyond the rest.
pub(crate) fn try_render_parts(
    source: &str,
    options: &Options,
    want: Want,
) -> Result<Parts, Error> {
    options.validate()?;
    render_within_limits(source, options, want)
}

/// A render of `source` with options already validated: the limits apply.
fn render_within_limits(source: &str, options: &Options, want: Want) -> Result<Parts, Error> {
    if source.len() > options.max_input_bytes {
        return Err(Error::TooLarge {
            bytes: source.len(),
            limit: options.max_input_bytes,
        });
    }
    let (parts, depth) = render_measured(source, options, want, None);
    if depth > options.max_nesting {
        return Err(Error::TooDeep {
            depth,
            limit: options.max_nesting,
        });
    }
    Ok(parts)
}

/// Renders a post read as bytes: invalid UTF-8 is replaced with U+FFFD and a
/// warning says how many sequences and where the first was. Checks options and
/// limits as [`try_render`] does.
pub fn try_render_bytes(bytes: &[u8], options: &Options) -> Result<Rendered, Error> {
    try_render_bytes_parts(bytes, options, Want::ALL).map(|p| p.rendered)
}

/// [`try_render_bytes`], giving only what `want` asks for beyond the rest.
pub(crate) fn try_render_bytes_parts(
    bytes: &[u8],
    options: &Options,
    want: Want,
) -> Result<Parts, Error> {
    options.validate()?;
    render_bytes_within_limits(bytes, options, want)
}

/// [`render_within_limits`] for bytes that may not be UTF-8.
fn render_bytes_within_limits(bytes: &[u8], options: &Options, want: Want) -> Result<Parts, Error> {
    match std::str::from_utf8(bytes) {
        Ok(text) => render_within_limits(text, options, want),
        Err(first) => {
            let text = String::from_utf8_lossy(bytes);
            let count = bytes
                .utf8_chunks()
                .filter(|c| !c.invalid().is_empty())
                .count();
            let mut parts = render_within_limits(&text, options, want)?;
            let rendered = &mut parts.rendered;
            let offset = first.valid_up_to();
            // The replacement character stands where the bad byte was.
            let (line, column) = position::LineIndex::new(&text).line_col(&text, offset);
            rendered.warnings.push(Warning::new(
                WarningKind::Encoding,
                format!(
                    "the file is not valid UTF-8: {count} invalid byte sequence{} (the first at byte offset {offset}) became U+FFFD",
                    if count == 1 { "" } else { "s" }
                ),
                line,
                column,
            ));
            Warning::sort(&mut rendered.warnings);
            Ok(parts)
        }
    }
}

/// Options checked once, for rendering many posts with them: what
/// [`try_render`] does for one post, without checking the options again for
/// each (`inkpost index` and `inkpost serve` render a folder this way).
///
/// ```
/// let renderer = inkpost::Renderer::new(inkpost::Options::default())?;
/// let post = renderer.render_file("_posts/2026-01-02-hello.md", b"*Hi*")?;
/// assert_eq!(post.meta.title.as_deref(), Some("Hello"));
/// assert_eq!(post.html, "<p><em>Hi</em></p>\n");
/// # Ok::<(), inkpost::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Renderer {
    options: Options,
}

impl Renderer {
    /// Checks `options` ([`Options::validate`]).
    pub fn new(options: Options) -> Result<Renderer, Error> {
        options.validate()?;
        Ok(Renderer { options })
    }

    /// The options every post is rendered with.
    pub fn options(&self) -> &Options {
        &self.options
    }

    /// Renders a post's text; the limits (`max_input_bytes`, `max_nesting`)
    /// apply, as in [`try_render`].
    pub fn render(&self, source: &str) -> Result<Rendered, Error> {
        render_within_limits(source, &self.options, Want::ALL).map(|p| p.rendered)
    }

    /// Renders a post file's bytes (invalid UTF-8 becomes U+FFFD with a
    /// warning, as in [`try_render_bytes`]) as the file `file_name`, which
    /// gives the date, slug and categories as [`Options::file_name`] does.
    pub fn render_file(&self, file_name: &str, bytes: &[u8]) -> Result<Rendered, Error> {
        let options = Options {
            file_name: Some(file_name.to_owned()),
            ..self.options.clone()
        };
        render_bytes_within_limits(bytes, &options, Want::ALL).map(|p| p.rendered)
    }
}

/// Renders a post file's text.
///
/// Never fails: problems become [`Warning`]s and the rest of the post renders.
/// No limits apply; use [`try_render`] for text from people you do not trust.
pub fn render(source: &str, options: &Options) -> Rendered {
    render_measured(source, options, Want::ALL, None).0.rendered
}

/// Renders, and says how deep the post's blocks nest. `kramdown_stage`
/// overrides what the body's text decides (for a part of a post rendered
/// alone, as the whole post decided).
fn render_measured(
    source: &str,
    options: &Options,
    want: Want,
    kramdown_stage: Option<bool>,
) -> (Parts, usize) {
    let mut warnings = Vec::new();
    // Jekyll reads posts as `bom|utf-8`.
    let text = source.strip_prefix('\u{feff}').unwrap_or(source);
    // One look at every byte for what the text may need before any stage.
    let found = reserved::scan(text);
    // Old Mac files end lines with a lone CR; make those LF (same length, so
    // every offset still points at the same place in the file).
    let unix;
    let text = if found.cr && has_lone_cr(text) {
        unix = lone_cr_to_lf(text);
        unix.as_str()
    } else {
        text
    };
    // inkpost's own markers are noncharacters no post may write (see
    // `reserved`): U+FFFD instead, same length, so offsets still hold.
    let clean;
    let text = match found.literal.first() {
        Some(&first) => {
            clean = reserved::replace(text).into_owned();
            let count = found.literal.len();
            let (line, column) = position::LineIndex::of_lf(text).line_col(text, first);
            warnings.push(Warning::new(
                WarningKind::Encoding,
                format!(
                    "the text holds {count} noncharacter{} from U+FDD0 to U+FDEF, which inkpost reserves for its own markers; each became U+FFFD",
                    if count == 1 { "" } else { "s" }
                ),
                line,
                column,
            ));
            clean.as_str()
        }
        None => text,
    };
    let split = front_matter::split(text);
    if split.unclosed {
        warnings.push(Warning::new(
            WarningKind::FrontMatter,
            "front matter opened with `---` on line 1 never closes; the whole file was rendered as the body".to_owned(),
            1,
            1,
        ));
    }
    let data = split
        .yaml
        .map(|yaml| front_matter::parse(yaml, &mut warnings))
        .unwrap_or_default();
    let excerpt_separator = excerpt_separator(&data, options);
    let mut meta = meta::compute(data, split.yaml.unwrap_or(""), options, &mut warnings);
    if options.repair_encoding {
        meta::repair_strings(&mut meta, split.yaml.unwrap_or(""), &mut warnings);
    }

    let body = &text[split.body_start..];
    // The page and site Liquid sees, made once and only for text that has Liquid.
    let maps = std::cell::OnceCell::new();
    let maps = || {
        maps.get_or_init(|| {
            (
                meta::liquid_page(&meta, options),
                meta::liquid_site(&options.site),
                meta.date.as_deref().and_then(date::parse),
            )
        })
    };
    let lq = liquid::render(body, || {
        let (page, site, date) = maps();
        liquid::Env {
            page,
            site,
            options,
            date: *date,
        }
    });
    let lq_had_liquid = matches!(lq.text, std::borrow::Cow::Owned(_));
    // Whether a reference may name a reserved code point: the source says,
    // unless Liquid ran, which can make one of pieces (joining the text
    // around a tag, or with a value that has an `&`).
    let reserved_refs = |lq: &liquid::Rendered| match lq.text {
        std::borrow::Cow::Borrowed(_) => Some(found.reference),
        _ if !found.ampersand && !lq.made_ampersand => Some(false),
        _ => None,
    };
    let refs = reserved_refs(&lq);
    let mut ctx = markdown::Ctx::new(options, text, split.body_start, false)
        .with_liquid(lq.map, lq.placeholders);
    ctx.blocks = want.blocks;
    ctx.lf_only = true;
    ctx.kramdown_stage = kramdown_stage;
    ctx.reserved_refs = refs;
    for (kind, message, at) in lq.warnings {
        ctx.warn_at_source(kind, message, at);
    }
    let out = markdown::render(&lq.text, &ctx);
    warnings.extend(ctx.take_warnings());

    // Jekyll renders the excerpt on its own, with `page.id` ending in `#excerpt`.
    let render_excerpt = |source: String, pieces: Vec<(usize, usize)>| {
        let excerpt_page = std::cell::OnceCell::new();
        let lq = liquid::render(&source, || {
            let (page, site, date) = maps();
            let page = excerpt_page.get_or_init(|| {
                let mut page = page.clone();
                if let Some(Value::String(id)) = page.get("id").cloned() {
                    page.insert("id".into(), Value::String(id + "#excerpt"));
                }
                page
            });
            liquid::Env {
                page,
                site,
                options,
                date: *date,
            }
        });
        // The excerpt's source starts as the body does, and its pieces place
        // the definitions it takes from the rest: its lines are the file's.
        let refs = reserved_refs(&lq);
        let mut excerpt_ctx = markdown::Ctx::new(options, text, split.body_start, true)
            .with_liquid(lq.map, lq.placeholders)
            .for_excerpt_of(&ctx, pieces);
        excerpt_ctx.reserved_refs = refs;
        markdown::render(&lq.text, &excerpt_ctx).html
    };
    let mut excerpt_is_html = false;
    let excerpt_html = match &meta.excerpt {
        Some(excerpt) => {
            let mut html = String::with_capacity(excerpt.len());
            escape::text(&mut html, excerpt);
            html
        }
        None => match excerpt_source(body, &excerpt_separator) {
            Some((source, pieces)) => render_excerpt(source, pieces),
            // No separator: the excerpt is the whole post, rendered again only
            // when Liquid could see the difference (`page.id` ends in `#excerpt`).
            None if !lq_had_liquid && !want.excerpt_copy => {
                excerpt_is_html = true;
                String::new()
            }
            None if !lq_had_liquid => out.html.clone(),
            None => render_excerpt(body.to_owned(), Vec::new()),
        },
    };

    // Stages report as they go; the reader wants them in file order.
    Warning::sort(&mut warnings);
    let blocks = out
        .blocks
        .iter()
        .map(|b| BlockSpan {
            end: b.end,
            line: b.line,
        })
        .collect();
    let rendered = Rendered {
        meta,
        blocks,
        html: out.html,
        excerpt_html,
        toc: ctx.toc.take(),
        stats: Stats::of_words(out.words),
        warnings,
    };
    let parts = Parts {
        rendered,
        excerpt_is_html,
    };
    (parts, out.depth)
}

/// Where the excerpt ends: the front matter's separator, the site's, or a blank line.
fn excerpt_separator(data: &Map, options: &Options) -> String {
    data.get("excerpt_separator")
        .and_then(Value::to_text)
        .or_else(|| options.site.excerpt_separator.clone())
        .unwrap_or_else(|| "\n\n".to_owned())
}

fn has_lone_cr(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(i) = scan::find_byte(bytes, b'\r', from) {
        if bytes.get(i + 1) != Some(&b'\n') {
            return true;
        }
        from = i + 1;
    }
    false
}

fn lone_cr_to_lf(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\r' && bytes.get(i + 1) != Some(&b'\n') {
            out.push_str(&text[copied..i]);
            out.push('\n');
            copied = i + 1;
        }
    }
    out.push_str(&text[copied..]);
    out
}

/// Jekyll's excerpt source: the content up to the separator, then the link
/// reference definitions from the rest so its links resolve. `None` when the
/// separator does not occur (the excerpt is then the whole post).
/// With it, the pieces of the source in the body (as `markdown::piece_offset`
/// takes them): the head, then each definition taken from the rest.
fn excerpt_source(body: &str, separator: &str) -> Option<(String, Vec<(usize, usize)>)> {
    if separator.is_empty() {
        return None;
    }
    let end = body.find(separator)?;
    let (head, tail) = (&body[..end], &body[end + separator.len()..]);
    let tail_start = end + separator.len();
    let mut source = head.to_owned();
    // Jekyll's `^ {0,3}(\[[^\]]+\])(:.+)$` over the rest, found from each `]:`.
    let mut refs: Vec<(&str, usize)> = Vec::new();
    let mut last_line = usize::MAX;
    let bytes = tail.as_bytes();
    let mut from = 0;
    while let Some(at) = scan::find_byte(bytes, b']', from) {
        from = at + 1;
        if bytes.get(at + 1) != Some(&b':') {
            continue;
        }
        let start = tail[..at].rfind('\n').map_or(0, |i| i + 1);
        if start == last_line {
            continue;
        }
        let end = scan::find_byte(bytes, b'\n', at).unwrap_or(tail.len());
        let line = tail[start..end].trim_end_matches('\r');
        let t = line.trim_start_matches(' ');
        let is_ref = line.len() - t.len() <= 3
            && t.starts_with('[')
            && t.find("]:")
                .is_some_and(|i| i > 1 && !t[1..i].contains(']') && t.len() > i + 2);
        if is_ref {
            refs.push((line, tail_start + start));
            last_line = start;
        }
    }
    let mut pieces = vec![(0, 0)];
    for (i, (line, at)) in refs.into_iter().enumerate() {
        source.push_str(if i == 0 { "\n\n" } else { "\n" });
        pieces.push((source.len(), at));
        source.push_str(line);
    }
    Some((source, pieces))
}

/// Entry points to single stages, for the fuzz targets in `fuzz/`. Not part of
/// the supported API.
#[doc(hidden)]
pub mod fuzzing {
    use crate::{front_matter, liquid, markdown, meta, Options};

    /// The front-matter split, YAML parse and metadata rules.
    pub fn front_matter(text: &str) -> usize {
        let options = Options {
            file_name: Some("_posts/2026-01-02-fuzz.md".into()),
            ..Options::default()
        };
        let split = front_matter::split(text);
        if let Some(yaml) = split.yaml {
            crate::yaml::check_fast_path(yaml);
        }
        let mut warnings = Vec::new();
        let data = split
            .yaml
            .map(|y| front_matter::parse(y, &mut warnings))
            .unwrap_or_default();
        let meta = meta::compute(data, split.yaml.unwrap_or(""), &options, &mut warnings);
        warnings.len() + meta.categories.len()
    }

    /// The raw-HTML sanitizer on `html` as one HTML block and inline.
    pub fn raw_html(html: &str) -> String {
        let options = Options::default();
        let ctx = markdown::Ctx::new(&options, html, 0, false);
        markdown::render(html, &ctx).html
    }

    /// Checks a whole render of `source`: both HTML strings keep to the
    /// policy ([`check_output`]), no string of the result holds a code point
    /// inkpost reserves for its markers, and the output is within a constant
    /// factor of the input: Liquid may make 16 times the post, and at least
    /// 1 MB (room for a short post's loops), which the Markdown stages and
    /// escaping multiply by a few at most; 200 times the post, or 200 times
    /// 64 KB for a shorter one, is far above that and far below what the
    /// table of contents once made (a whole one per forged marker).
    pub fn check_rendered(source: &str, out: &crate::Rendered) -> Result<(), String> {
        for html in [&out.html, &out.excerpt_html] {
            check_output(html)?;
        }
        let mut strings: Vec<&str> = vec![];
        let m = &out.meta;
        strings.extend(
            [&m.title, &m.date, &m.slug, &m.excerpt, &m.image_url, &m.url]
                .into_iter()
                .flatten()
                .map(String::as_str),
        );
        strings.extend(m.categories.iter().chain(&m.tags).map(String::as_str));
        strings.extend(
            out.toc
                .iter()
                .flat_map(|t| [t.id.as_str(), t.text.as_str()]),
        );
        strings.extend(out.warnings.iter().map(|w| w.message.as_str()));
        let mut values: Vec<&crate::Value> = m.data.iter().map(|(_, v)| v).collect();
        values.extend([&m.image, &m.author, &m.layout].into_iter().flatten());
        while let Some(value) = values.pop() {
            match value {
                crate::Value::String(s) => strings.push(s),
                crate::Value::List(items) => values.extend(items),
                crate::Value::Map(map) => {
                    for (k, v) in map.iter() {
                        strings.push(k);
                        values.push(v);
                    }
                }
                _ => {}
            }
        }
        if let Some(s) = strings.into_iter().find(|s| crate::reserved::any(s)) {
            return Err(format!("a reserved code point in the result: {s:?}"));
        }
        let made = out.html.len() + out.excerpt_html.len();
        if made > 200 * source.len().max(64 << 10) {
            return Err(format!("{made} bytes of HTML from {} bytes", source.len()));
        }
        Ok(())
    }

    /// Checks HTML inkpost wrote against the policy: every `<` opens a tag of an
    /// allowed element (text never holds a raw `<`), no attribute is an event
    /// handler or `style`, no URL attribute uses a script scheme, and no
    /// character is one inkpost reserves for its own markers.
    pub fn check_output(html: &str) -> Result<(), String> {
        if let Some(at) = crate::reserved::positions(html).next() {
            return Err(format!("a reserved code point at byte {at} of the output"));
        }
        const ELEMENTS: &[&str] = &[
            "a",
            "abbr",
            "address",
            "article",
            "aside",
            "audio",
            "b",
            "bdi",
            "bdo",
            "blockquote",
            "br",
            "caption",
            "center",
            "cite",
            "code",
            "col",
            "colgroup",
            "dd",
            "del",
            "details",
            "dfn",
            "div",
            "dl",
            "dt",
            "em",
            "figcaption",
            "figure",
            "footer",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "header",
            "hr",
            "i",
            "iframe",
            "img",
            "input",
            "ins",
            "kbd",
            "li",
            "main",
            "mark",
            "nav",
            "ol",
            "p",
            "picture",
            "pre",
            "q",
            "rp",
            "rt",
            "ruby",
            "s",
            "samp",
            "section",
            "small",
            "source",
            "span",
            "strike",
            "strong",
            "sub",
            "summary",
            "sup",
            "table",
            "tbody",
            "td",
            "tfoot",
            "th",
            "thead",
            "time",
            "tr",
            "track",
            "tt",
            "u",
            "ul",
            "var",
            "video",
            "wbr",
        ];
        let mut rest = html;
        while let Some(lt) = rest.find('<') {
            let tag = &rest[lt + 1..];
            let end = tag.find('>').ok_or("a tag is not closed")?;
            let inner = &tag[..end];
            rest = &tag[end + 1..];
            let inner = inner.trim_start_matches('/');
            let name: String = inner
                .chars()
                .take_while(char::is_ascii_alphanumeric)
                .collect::<String>()
                .to_ascii_lowercase();
            if !ELEMENTS.contains(&name.as_str()) {
                return Err(format!("element <{name}> in output"));
            }
            if name == "input" && !inner.contains("type=\"checkbox\"") {
                return Err("input that is not a task-list checkbox".into());
            }
            // Attributes: name="value" pairs after the element name.
            let mut attrs = &inner[name.len()..];
            loop {
                attrs = attrs.trim_start_matches([' ', '/']);
                if attrs.is_empty() {
                    break;
                }
                let name_end = attrs.find(['=', ' ']).unwrap_or(attrs.len());
                let attr = attrs[..name_end].to_ascii_lowercase();
                attrs = &attrs[name_end..];
                let mut value = "";
                if let Some(v) = attrs.strip_prefix("=\"") {
                    let close = v.find('"').ok_or("attribute value is not closed")?;
                    value = &v[..close];
                    attrs = &v[close + 1..];
                }
                if attr.starts_with("on") || (attr == "style" && !value.starts_with("text-align: "))
                {
                    return Err(format!("attribute {attr} in output"));
                }
                let urls: Vec<&str> = match attr.as_str() {
                    "href" | "src" | "poster" | "cite" => vec![value],
                    "srcset" => srcset_urls(value),
                    _ => Vec::new(),
                };
                for url in urls {
                    // As the browser reads it: entities decoded, blanks and
                    // controls gone, the scheme before any `/`, `?` or `#`.
                    let url: String = url
                        .replace("&amp;", "&")
                        .replace("&#39;", "'")
                        .replace("&quot;", "\"")
                        .chars()
                        .filter(|c| *c > ' ')
                        .collect();
                    // A scheme is a letter, then letters, digits, `+`, `-`, `.`;
                    // anything else before the `:` makes a relative URL.
                    let scheme = url
                        .find([':', '/', '?', '#'])
                        .filter(|&i| url.as_bytes()[i] == b':')
                        .map(|i| &url[..i])
                        .filter(|s| {
                            s.starts_with(|c: char| c.is_ascii_alphabetic())
                                && s.chars()
                                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                        })
                        .map(str::to_ascii_lowercase);
                    let ok = match scheme.as_deref() {
                        None | Some("http" | "https" | "mailto" | "tel") => true,
                        Some("data") => {
                            url[5..].to_ascii_lowercase().starts_with("image/")
                                && !url.to_ascii_lowercase().starts_with("data:image/svg")
                        }
                        Some(_) => false,
                    };
                    if !ok {
                        return Err(format!("{attr}=\"{value}\" in output"));
                    }
                }
            }
        }
        Ok(())
    }

    /// The HTML spec's srcset candidates: a URL is a run of non-blanks (commas
    /// inside it included, trailing ones stripped), then descriptors up to the
    /// next comma outside parentheses.
    fn srcset_urls(value: &str) -> Vec<&str> {
        let mut urls = Vec::new();
        let mut rest = value;
        loop {
            rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == ',');
            if rest.is_empty() {
                return urls;
            }
            let end = rest
                .find(|c: char| c.is_ascii_whitespace())
                .unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches(',');
            urls.push(url);
            let had_comma = url.len() < end;
            rest = &rest[end..];
            if !had_comma {
                let mut depth = 0i32;
                let stop = rest.char_indices().find(|&(_, c)| {
                    match c {
                        '(' => depth += 1,
                        ')' => depth -= 1,
                        ',' if depth <= 0 => return true,
                        _ => {}
                    }
                    false
                });
                rest = stop.map_or("", |(i, _)| &rest[i + 1..]);
            }
        }
    }

    /// The Liquid stage alone.
    pub fn liquid(text: &str) -> usize {
        let options = Options::default();
        let page = crate::Map::new();
        let site = meta::liquid_site(&options.site);
        let env = liquid::Env {
            page: &page,
            site: &site,
            options: &options,
            date: None,
        };
        liquid::render(text, || env).text.len()
    }
}

/// A Unix time as ISO 8601 UTC (`2026-11-28T08:47:47+00:00`), for callers
/// that set `site.time` from their own clock.
pub fn iso8601_utc(unix_seconds: i64) -> String {
    date::DateTime::from_timestamp(unix_seconds).to_xmlschema()
}

/// The text of an HTML fragment inkpost wrote: tags removed, the entities it
/// writes decoded, runs of whitespace folded to one space.
///
/// ```
/// assert_eq!(inkpost::html_to_text("<p>A &amp; <em>B</em></p>\n<p>C</p>"), "A & B C");
/// ```
pub fn html_to_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        text.push_str(&rest[..lt]);
        let tag = &rest[lt + 1..];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        // Block elements separate words; inline ones (`<em>`, `<a>`) do not.
        if !matches!(
            name.as_str(),
            "a" | "em"
                | "strong"
                | "code"
                | "span"
                | "b"
                | "i"
                | "u"
                | "s"
                | "del"
                | "ins"
                | "mark"
                | "small"
                | "sub"
                | "sup"
                | "abbr"
                | "kbd"
                | "samp"
                | "var"
                | "q"
                | "cite"
                | "time"
                | "img"
        ) {
            text.push(' ');
        }
        rest = tag.find('>').map_or("", |gt| &tag[gt + 1..]);
    }
    text.push_str(rest);
    let decoded = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#160;", "\u{a0}")
        .replace("&#8617;", "\u{21a9}")
        .replace("&amp;", "&");
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Renders `post` with everything and with nothing extra wanted; checks
    /// that the two differ only in the blocks and the excerpt's copy, and
    /// returns both.
    fn all_and_lean(post: &[u8], options: &Options) -> (Parts, Parts) {
        let lean = Want {
            blocks: false,
            excerpt_copy: false,
        };
        let all = try_render_bytes_parts(post, options, Want::ALL).unwrap();
        let lean = try_render_bytes_parts(post, options, lean).unwrap();
        assert!(!all.excerpt_is_html && lean.rendered.blocks.is_empty());
        let excerpt_html = if lean.excerpt_is_html {
            assert_eq!(lean.rendered.excerpt_html, "");
            lean.rendered.html.clone()
        } else {
            lean.rendered.excerpt_html.clone()
        };
        let filled = Rendered {
            blocks: all.rendered.blocks.clone(),
            excerpt_html,
            ..lean.rendered.clone()
        };
        assert_eq!(filled, all.rendered);
        if let Ok(text) = std::str::from_utf8(post) {
            assert_eq!(try_render(text, options).unwrap(), all.rendered);
            assert_eq!(render(text, options), all.rendered);
        }
        (all, lean)
    }

    /// The change from `before` to `after` (both rendered with the blocks),
    /// with the removed and the added blocks' HTML.
    fn change(before: &str, after: &str) -> (BlockChange, Vec<String>, Vec<String>) {
        let render = |text: &str| {
            try_render_parts(text, &Options::default(), Want::ALL)
                .unwrap()
                .rendered
        };
        let (old, new) = (render(before), render(after));
        let c = new.block_change(&old);
        let html = |r: &Rendered, from: usize, n: usize| -> Vec<String> {
            (from..from + n)
                .map(|i| r.block_html(i).to_owned())
                .collect()
        };
        (
            c,
            html(&old, c.from, c.removed),
            html(&new, c.from, c.added),
        )
    }

    #[test]
    fn block_change_keeps_the_equal_blocks_at_both_ends() {
        let c = |from, removed, added| BlockChange {
            from,
            removed,
            added,
        };
        // A word typed in the middle paragraph; its line moves nothing else.
        let (got, old, new) = change(
            "# A\n\nOne.\n\nTwo.\n\nThree.\n",
            "# A\n\nOne.\n\nTwo x.\n\nThree.\n",
        );
        assert_eq!(got, c(2, 1, 1));
        assert_eq!(
            (old, new),
            (
                vec!["<p>Two.</p>\n".to_owned()],
                vec!["<p>Two x.</p>\n".to_owned()]
            )
        );
        // A paragraph split in two; lines below it move, their HTML does not.
        let (got, _, new) = change(
            "One.\n\nTwo three.\n\nFour.\n",
            "One.\n\nTwo\n\nthree.\n\nFour.\n",
        );
        assert_eq!(got, c(1, 1, 2));
        assert_eq!(new, ["<p>Two</p>\n", "<p>three.</p>\n"]);
        // Blocks removed at the end, added at the start, none changed, all new.
        assert_eq!(change("A.\n\nB.\n\nC.\n", "A.\n").0, c(1, 2, 0));
        assert_eq!(change("B.\n", "A.\n\nB.\n").0, c(0, 0, 1));
        assert_eq!(change("A.\n\nB.\n", "A.\n\n\n\nB.\n").0, c(2, 0, 0));
        assert_eq!(change("", "A.\n\nB.\n").0, c(0, 0, 2));
        // A repeated block is kept once at each end, not counted twice.
        assert_eq!(change("A.\n\nA.\n", "A.\n").0, c(1, 1, 0));
        // A footnote's text changes the notes at the end, not the place it stands.
        let (got, _, new) = change("A[^1].\n\n[^1]: N.\n\nB.\n", "A[^1].\n\n[^1]: M.\n\nB.\n");
        assert_eq!(got, c(2, 1, 1));
        assert!(new[0].starts_with("<div class=\"footnotes\"") && new[0].contains("<p>M."));
    }

    #[test]
    fn rendering_without_blocks_or_the_excerpt_copy_changes_nothing_else() {
        let options = Options {
            source_lines: true,
            ..Options::default()
        };
        let post = "---\ntitle: T\n---\n* toc\n{:toc}\n\n# One\n\nText[^n] and <b>bold</b>.\n\n\
                    [^n]: A note.\n\n## Two\n\n<script>x</script>\n";
        let (all, lean) = all_and_lean(post.as_bytes(), &options);
        assert_eq!(all.rendered.blocks.len(), 5, "{:?}", all.rendered.blocks);
        assert!(!lean.excerpt_is_html);
        // Invalid UTF-8, lone CRs, Liquid, and Markdown inside raw HTML.
        let post = b"---\rtitle: T\rx: \"a\\rb\"\r---\r# H\xff\r\r<div markdown=\"1\">\r\
                     {{ page.x }}\r\r## In\r</div>\r\r{% bogus %}\r";
        let (all, _) = all_and_lean(post, &options);
        assert_eq!(all.rendered.blocks.len(), 5, "{:?}", all.rendered.blocks);
        let kinds: Vec<WarningKind> = all.rendered.warnings.iter().map(|w| w.kind).collect();
        assert!(kinds.contains(&WarningKind::Encoding) && kinds.contains(&WarningKind::Liquid));
        // The separator is not in the body: the excerpt is the whole post, not
        // copied (invalid UTF-8 too); with Liquid in the body it is rendered on
        // its own, where `page.id` ends in `#excerpt`.
        let post = b"---\nexcerpt_separator: <!--more-->\n---\nOne \"two\"\xff.\n\nThree.\n";
        let (all, lean) = all_and_lean(post, &options);
        assert!(lean.excerpt_is_html);
        assert_eq!(all.rendered.excerpt_html, all.rendered.html);
        let options = Options {
            file_name: Some("_posts/2026-01-02-x.md".into()),
            ..options
        };
        let post = "---\nexcerpt_separator: <!--more-->\n---\nOne {{ page.id }}.\n";
        let (all, lean) = all_and_lean(post.as_bytes(), &options);
        assert!(!lean.excerpt_is_html);
        assert!(all.rendered.excerpt_html.contains("#excerpt"));
        assert_ne!(all.rendered.excerpt_html, all.rendered.html);
    }
}
