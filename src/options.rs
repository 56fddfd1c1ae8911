//! Options in: what a render may do with a post (the policies, the site's settings, the limits), checked once.

use crate::value::{Map, Value};
use crate::{date, front_matter, Error};
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
    /// [`try_render`](crate::try_render) refuses a post larger than this many bytes. Default: 10 MB.
    pub max_input_bytes: usize,
    /// [`try_render`](crate::try_render) refuses a post whose blocks (quotes, lists, raw HTML
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
