//! Events in, events out: link and image URLs checked against the scheme policy,
//! resolved against the base URL, external links marked, images loaded lazily.

use crate::ctx::Ctx;
use crate::event::Ev;
use crate::url::Url;
use crate::{RemoteMedia, WarningKind};
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use std::borrow::Cow;

/// What a URL is for: the policy differs for images (`data:` images are fine).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum UrlUse {
    /// `href`, `cite`: http, https, mailto, tel, relative.
    Link,
    /// `img src`: http, https, relative, and `data:` PNG, GIF, JPEG or WebP.
    Image,
    /// Other media (`video`, `audio`, `source`, `poster`): http, https, relative.
    Media,
}

/// Where a relative URL stands when there is no `baseUrl` (or only a path):
/// the page that will show the post, which inkpost does not know. A special
/// scheme, as a web page's is, so `\` reads as `/` (URL Standard §4.4,
/// "special scheme"); https, so a scheme-relative URL reads as the https one
/// an iframe needs. `.invalid` never resolves (RFC 6761 §6.4): a link that
/// names this host itself counts as on the page's own site.
const PAGE: &str = "https://inkpost.invalid/";
const PAGE_ORIGIN: &str = "https://inkpost.invalid";
const PAGE_HOST: &str = "inkpost.invalid";

/// `PAGE` as a base (read again each time: a few dozen bytes, no allocation).
fn page() -> crate::url::Base<'static> {
    crate::url::Base::new(Cow::Borrowed(PAGE))
}

/// `http` or `https` (a parsed scheme is lowercase).
fn is_web(scheme: &str) -> bool {
    matches!(scheme, "http" | "https")
}

/// What one pass over a URL's bytes says before it is parsed.
struct Blanks {
    /// A C0 control other than tab, line breaks and form feed, or DEL. The
    /// URL parser strips them only at the ends and percent-encodes them
    /// elsewhere, and no real URL has them: refused outright rather than
    /// reasoned about (stricter than the standard, never looser).
    stray_control: bool,
    /// An ASCII blank between two other characters (see
    /// [`spaced_scheme_refused`]).
    inner_blank: bool,
}

fn blanks(url: &str) -> Blanks {
    let (mut stray_control, mut inner_blank) = (false, false);
    let (mut content, mut blank_after_content) = (false, false);
    for b in url.bytes() {
        if b.is_ascii_whitespace() {
            blank_after_content |= content;
        } else {
            stray_control |= b < b' ' || b == 0x7f;
            inner_blank |= blank_after_content;
            content = true;
        }
    }
    Blanks {
        stray_control,
        inner_blank,
    }
}

/// Whether the URL, read with every space in it removed, has a scheme the
/// policy does not allow for `use_`. By the standard a space inside
/// `javas cript:` ends the scheme and leaves a relative URL, but older
/// browsers and other readers of the HTML removed every blank: such a URL
/// is junk at best, so it is refused (stricter than the standard, never
/// looser). Only URLs with a blank inside pay for the second parse.
fn spaced_scheme_refused(url: &str, use_: UrlUse) -> bool {
    let squeezed: String = url.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    Url::join(&squeezed, &page()).is_some_and(|parsed| !scheme_allowed(&parsed, use_))
}

pub(crate) fn check_url(url: &str, use_: UrlUse) -> bool {
    let blanks = blanks(url);
    if blanks.stray_control || (blanks.inner_blank && spaced_scheme_refused(url, use_)) {
        return false;
    }
    // Failure even against a base is refused too: the standard's browser
    // would load nothing from it, but browsers that part from the standard
    // may read a scheme in it (`javascript://[/%0aalert(1)` fails by the
    // standard; Chromium accepts `http://a b.com`, which fails by it).
    Url::join(url, &page()).is_some_and(|parsed| scheme_allowed(&parsed, use_))
}

fn scheme_allowed(parsed: &Url, use_: UrlUse) -> bool {
    match &*parsed.scheme() {
        "http" | "https" => true,
        "mailto" | "tel" => use_ == UrlUse::Link,
        // The media type as the data: URL processor reads it: the serialized
        // URL after `data:` (Fetch §4.3 "data: URL processor").
        "data" => use_ == UrlUse::Image && is_safe_data_image(parsed.href().get(5..).unwrap_or("")),
        _ => false,
    }
}

fn is_safe_data_image(rest: &str) -> bool {
    let media = rest
        .split([';', ','])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    matches!(
        media.as_str(),
        "image/png" | "image/gif" | "image/jpeg" | "image/jpg" | "image/webp"
    )
}

/// What `baseUrl` makes of the URLs in a post.
#[derive(Clone, Copy, PartialEq, Eq)]
enum BaseKind {
    /// None: URLs are written as they are and the browser resolves them
    /// against the page; decisions take `PAGE` for the page.
    Page,
    /// An absolute URL: every URL is written as its resolution against it,
    /// the serialized href, which the browser reads the same way whatever
    /// page shows it.
    Absolute,
    /// A path (`/blog/`, taken from the site root): URLs that resolve to a
    /// path on the page's own site are written as that path, query and
    /// fragment; the others (with a scheme or host of their own) as they are.
    Path,
}

/// `baseUrl` read once per render: the absolute URL relative URLs resolve
/// against, as `new URL(url, base)` resolves them (URL Standard §4.4).
pub(crate) struct Base {
    url: crate::url::Base<'static>,
    host: Cow<'static, str>,
    kind: BaseKind,
    /// Its scheme is http(s): a relative URL's resolved scheme is then one
    /// the policy allows, so the resolution also gives the scheme to check.
    web: bool,
}

/// Why [`Base::check`] refused a URL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Refused {
    /// Not a URL by the URL Standard (or with a stray control character).
    Invalid,
    /// Its scheme is not one the policy allows for this use.
    Scheme,
    /// Media on another site, which `remoteMedia` does not allow.
    Remote,
}

impl Refused {
    /// Why, for a warning.
    pub(crate) fn reason(self) -> &'static str {
        match self {
            Refused::Invalid => "it is not a valid URL",
            Refused::Scheme => "the URL scheme is not allowed",
            Refused::Remote => "remoteMedia does not allow media from that site",
        }
    }
}

/// Whether `host` (as the host parser serializes it) is one of `entries`
/// or below one (`youtube.com` allows `www.youtube.com`); each entry is
/// read by the host parser too, and one that is more than a host counts
/// for nothing.
pub(crate) fn host_in(host: &str, entries: &[String]) -> bool {
    entries
        .iter()
        .filter_map(|e| allowed_host(e))
        .any(|e| host == e || host.strip_suffix(&e).is_some_and(|sub| sub.ends_with('.')))
}

/// An entry of a host list as the host parser serializes it (lowercase,
/// IDNA to ASCII, IP addresses canonical), so it compares with a parsed
/// URL's host; `None` for an entry that is more than a host (a port, a path,
/// user info) or none.
fn allowed_host(entry: &str) -> Option<String> {
    let text = format!("https://{}/", entry.trim());
    let parsed = Url::parse(&text, None)?;
    let host = parsed.host();
    (parsed.href().strip_prefix("https://")?.strip_suffix('/')? == host).then(|| host.into_owned())
}

/// A URL that passed the policy: the text to write, and whether it leads off
/// the site (`rel="noopener noreferrer"`).
pub(crate) struct Checked<'u> {
    pub(crate) written: Cow<'u, str>,
    pub(crate) external: bool,
}

impl Base {
    pub(crate) fn new(base: Option<&str>) -> Base {
        let page = || Base {
            url: crate::url::Base::new(Cow::Borrowed(PAGE)),
            host: Cow::Borrowed(PAGE_HOST),
            kind: BaseKind::Page,
            web: true,
        };
        let Some(base) = base.filter(|b| !b.is_empty()) else {
            return page();
        };
        let (parsed, kind) = match Url::parse(base, None) {
            Some(parsed) => (parsed, BaseKind::Absolute),
            // `/blog/` (or `//host/blog/`) is relative to the page: resolved
            // against the stand-in. A scheme-relative base gets its https.
            None => match Url::parse(base, Some(PAGE)) {
                Some(parsed) if parsed.host() == PAGE_HOST => (parsed, BaseKind::Path),
                Some(parsed) => (parsed, BaseKind::Absolute),
                // Not a URL: links stay as written (Options::validate
                // refuses most such bases before a render).
                None => return page(),
            },
        };
        Base {
            web: is_web(&parsed.scheme()),
            url: crate::url::Base::new(Cow::Owned(parsed.href().into_owned())),
            host: Cow::Owned(parsed.host().into_owned()),
            kind,
        }
    }

    /// The URL as the browser will read it where inkpost writes it.
    pub(crate) fn target<'u>(&self, url: &'u str) -> Option<Url<'u>> {
        Url::join(url, &self.url)
    }

    /// The text to write for `url` (see `BaseKind`). A fragment-only URL
    /// stays as it is so it works within the page.
    fn written<'u>(&self, url: &'u str, target: Option<&Url>) -> Cow<'u, str> {
        let Some(target) = target.filter(|_| !url.starts_with('#')) else {
            return Cow::Borrowed(url);
        };
        match self.kind {
            BaseKind::Page => Cow::Borrowed(url),
            BaseKind::Absolute => Cow::Owned(target.href().into_owned()),
            BaseKind::Path if target.host() == PAGE_HOST => {
                let href = target.href();
                Cow::Owned(href.get(PAGE_ORIGIN.len()..).unwrap_or("/").to_owned())
            }
            BaseKind::Path => Cow::Borrowed(url),
        }
    }

    /// A web URL on another host than the base's. With no absolute base that
    /// is any host of its own (`https://x.org`, `//x.org`, `\\x.org`).
    fn is_external_target(&self, target: &Url) -> bool {
        is_web(&target.scheme()) && target.host() != self.host
    }

    /// `url` resolved against the base, as written (see `written`).
    #[cfg(test)]
    fn resolve<'u>(&self, url: &'u str) -> Cow<'u, str> {
        if self.kind == BaseKind::Page {
            return Cow::Borrowed(url);
        }
        self.written(url, self.target(url).as_ref())
    }

    /// The policy and the resolution in one parse where one is enough: the
    /// text to write, or `None` when the URL may not be used.
    pub(crate) fn check<'u>(
        &self,
        url: &'u str,
        use_: UrlUse,
        remote_media: &RemoteMedia,
    ) -> Result<Checked<'u>, Refused> {
        let blanks = blanks(url);
        if blanks.stray_control {
            return Err(Refused::Invalid);
        }
        if blanks.inner_blank && spaced_scheme_refused(url, use_) {
            return Err(Refused::Scheme);
        }
        // A URL that fails to parse is refused (see `check_url`).
        let target = self.target(url).ok_or(Refused::Invalid)?;
        let allowed = if self.web {
            scheme_allowed(&target, use_)
        } else {
            // A file: base would make every relative URL a file: one: the
            // scheme checked is the URL's own, or the page's.
            check_url(url, use_)
        };
        if !allowed {
            return Err(Refused::Scheme);
        }
        let remote = self.is_external_target(&target);
        if remote && use_ != UrlUse::Link {
            let loads = match remote_media {
                RemoteMedia::Block => false,
                RemoteMedia::Hosts(hosts) => host_in(&target.host(), hosts),
                _ => true,
            };
            if !loads {
                return Err(Refused::Remote);
            }
        }
        Ok(Checked {
            written: self.written(url, Some(&target)),
            external: use_ == UrlUse::Link && remote,
        })
    }
}

/// Whether the URL leads off the page's own site: a web URL with a host other
/// than `base`'s (with no absolute base, any host of its own).
#[cfg(test)]
fn is_external(url: &str, base: Option<&str>) -> bool {
    let base = Base::new(base);
    base.target(url)
        .is_some_and(|target| base.is_external_target(&target))
}

/// `url` resolved against `base` as `new URL(url, base)` resolves it, and
/// written as `Base::written` says.
#[cfg(test)]
fn resolve<'u>(url: &'u str, base: Option<&str>) -> Cow<'u, str> {
    Base::new(base).resolve(url)
}

pub(crate) struct Links<'c, 'a, I> {
    inner: I,
    ctx: &'c Ctx<'c>,
    /// For each open link or image: whether its start tag was kept.
    open: Vec<bool>,
    /// `baseUrl`, parsed at the first URL.
    base: std::cell::OnceCell<Base>,
    _marker: std::marker::PhantomData<&'a ()>,
}

impl<'c, 'a, I> Links<'c, 'a, I> {
    pub(crate) fn new(inner: I, ctx: &'c Ctx<'c>) -> Self {
        Links {
            inner,
            ctx,
            open: Vec::new(),
            base: std::cell::OnceCell::new(),
            _marker: std::marker::PhantomData,
        }
    }
}

impl<'a, I: Iterator<Item = Ev<'a>>> Iterator for Links<'_, 'a, I> {
    type Item = Ev<'a>;

    fn next(&mut self) -> Option<Ev<'a>> {
        loop {
            // The event is looked at where it lies and that same value is
            // returned: no copy of it per layer.
            let mut item = self.inner.next();
            let ev = item.as_mut()?;
            match &mut ev.event {
                Event::Start(Tag::Link { dest_url, .. }) => {
                    let kept = self.link(dest_url, UrlUse::Link, ev.at);
                    self.open.push(kept.is_some());
                    let Some(external) = kept else {
                        continue;
                    };
                    if external {
                        let opts = self.ctx.options;
                        let mut rel = String::from("noopener noreferrer");
                        if opts.nofollow {
                            rel.push_str(" nofollow");
                        }
                        let attrs = ev.attrs_mut();
                        attrs.pairs.push(("rel", CowStr::from(rel)));
                        if opts.external_links_new_tab {
                            attrs.pairs.push(("target", CowStr::Borrowed("_blank")));
                        }
                    }
                }
                Event::Start(Tag::Image { dest_url, .. }) => {
                    let kept = self.link(dest_url, UrlUse::Image, ev.at);
                    self.open.push(kept.is_some());
                    if kept.is_none() {
                        continue;
                    }
                    if self.ctx.options.lazy_images {
                        ev.attrs_mut()
                            .pairs
                            .push(("loading", CowStr::Borrowed("lazy")));
                    }
                }
                Event::End(TagEnd::Link | TagEnd::Image) if !self.open.pop().unwrap_or(true) => {
                    continue;
                }
                _ => {}
            }
            return item;
        }
    }
}

impl<'a, I> Links<'_, 'a, I> {
    /// Checks and rewrites one URL: `None` drops the link (its text stays),
    /// else whether it leads off the site.
    fn link(&self, dest: &mut CowStr<'a>, use_: UrlUse, at: usize) -> Option<bool> {
        let opts = self.ctx.options;
        let base = self
            .base
            .get_or_init(|| Base::new(opts.base_url.as_deref()));
        let checked = match base.check(dest, use_, &opts.remote_media) {
            Ok(checked) => checked,
            Err(refused) => {
                let what = if use_ == UrlUse::Image {
                    "image"
                } else {
                    "link"
                };
                let why = match refused {
                    Refused::Invalid => "is not a valid URL",
                    Refused::Scheme => "uses a scheme that is not allowed",
                    Refused::Remote => "is on another site, which remoteMedia does not allow",
                };
                self.ctx.warn(
                    WarningKind::Sanitized,
                    format!(
                        "{what} URL `{}` {why}; the {what} was removed and its text kept",
                        crate::util::truncate(dest, 60),
                    ),
                    at,
                );
                return None;
            }
        };
        if let Some(fragment) = dest.strip_prefix('#') {
            if !opts.id_prefix.is_empty() && !fragment.is_empty() {
                *dest = CowStr::from(format!("#{}{fragment}", opts.id_prefix));
            }
            return Some(false);
        }
        let external = checked.external;
        if let Cow::Owned(resolved) = checked.written {
            *dest = CowStr::from(resolved);
        }
        Some(external)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_and_hosts_in_any_case() {
        let base = Some("https://Ex.org/blog/");
        assert!(!is_external("HTTPS://ex.ORG/a", base));
        assert!(is_external("https://other.org/a", base));
        assert!(is_external("HtTp://x.org", None));
        assert!(is_external("//cdn.example/x.js", base));
        assert!(!is_external("/local/page", base));
        assert!(!is_external("ftp://x.org", None));
        assert!(!check_url("JavaScript:alert(1)", UrlUse::Link));
        assert!(check_url("MAILTO:a@b.org", UrlUse::Link));
        assert!(!check_url("Tel:123", UrlUse::Image));
        assert!(check_url("DATA:image/png;base64,AAAA", UrlUse::Image));
        assert!(!check_url("Data:text/html,<b>", UrlUse::Image));
        assert!(check_url(
            "relative/path:with-colon-after-slash",
            UrlUse::Link
        ));
        // The resolution is written as the URL Standard serializes it:
        // scheme and host lowercased (§4.5), as the browser's `href` has them.
        assert_eq!(
            resolve("Page.html", Some("HTTPS://Ex.org/a/b")),
            "https://ex.org/a/Page.html"
        );
    }

    #[test]
    fn schemes_follow_the_policy_after_squeezing() {
        assert!(check_url("https://example.com", UrlUse::Link));
        assert!(check_url("/relative/path", UrlUse::Link));
        assert!(check_url("#frag", UrlUse::Link));
        assert!(check_url("mailto:a@b.c", UrlUse::Link));
        assert!(!check_url("javascript:alert(1)", UrlUse::Link));
        assert!(!check_url(" JaVa\tScRiPt:alert(1)", UrlUse::Link));
        assert!(!check_url("java\u{0}script:x", UrlUse::Link));
        // Found by fuzzing: squeezing NUL made `data:im\0age/gif` an image URL.
        assert!(!check_url("data:im\u{0}age/gif;base64,R0lG", UrlUse::Image));
        assert!(!check_url("/a\u{1}b", UrlUse::Link));
        assert!(!check_url("vbscript:x", UrlUse::Link));
        assert!(!check_url("data:text/html,<script>", UrlUse::Link));
        assert!(check_url("data:image/png;base64,AAAA", UrlUse::Image));
        assert!(!check_url("data:image/svg+xml,<svg>", UrlUse::Image));
        assert!(!check_url("mailto:a@b.c", UrlUse::Image));
        // The standard's parser fails on these; a browser that parts from
        // it could read a scheme or a host in them: refused.
        assert!(!check_url("javascript://[/%0aalert(1)", UrlUse::Link));
        assert!(!check_url("http://exa mple.org/", UrlUse::Link));
        let page = Base::new(None);
        let why = |url| page.check(url, UrlUse::Link, &RemoteMedia::Allow).err();
        assert_eq!(why("http://exa mple.org/"), Some(Refused::Invalid));
        assert_eq!(why("javascript:x"), Some(Refused::Scheme));
    }

    #[test]
    fn resolution_follows_url_rules() {
        let base = Some("https://ex.org/blog/posts/2026-01-02-x.md");
        assert_eq!(
            resolve("img/a.png", base),
            "https://ex.org/blog/posts/img/a.png"
        );
        assert_eq!(
            resolve("/assets/a.png", base),
            "https://ex.org/assets/a.png"
        );
        assert_eq!(resolve("../a.png", base), "https://ex.org/blog/a.png");
        assert_eq!(resolve("//cdn.org/a.png", base), "https://cdn.org/a.png");
        assert_eq!(resolve("#top", base), "#top");
        assert_eq!(resolve("https://other.org/x", base), "https://other.org/x");
        assert_eq!(resolve("a.png", None), "a.png");
        assert_eq!(resolve("a.png", Some("/blog/")), "/blog/a.png");
    }

    #[test]
    fn external_means_another_host() {
        assert!(is_external("https://other.org/", Some("https://ex.org/")));
        assert!(!is_external("https://ex.org/a", Some("https://ex.org/")));
        assert!(!is_external("/a", None));
        assert!(is_external("https://ex.org/a", None));
        // A host of its own however the slashes are written (URL Standard
        // §4.4: `\` is `/` in special URLs, and any number of them may
        // come before the host).
        for url in [
            "\\\\evil.test/x",
            "/\\evil.test",
            "///evil.test/x",
            " //evil.test",
        ] {
            assert!(is_external(url, None), "{url}");
            assert!(is_external(url, Some("https://ex.org/blog/")), "{url}");
            assert!(is_external(url, Some("/blog/")), "{url}");
        }
    }

    #[test]
    fn a_path_base_gives_paths_and_leaves_other_urls_as_written() {
        assert_eq!(resolve("../a.png", Some("/blog/posts/")), "/blog/a.png");
        assert_eq!(
            resolve("?q=1#x", Some("/blog/p.html")),
            "/blog/p.html?q=1#x"
        );
        assert_eq!(
            resolve("//cdn.org/a.png", Some("/blog/")),
            "//cdn.org/a.png"
        );
        assert_eq!(resolve("https://x.org", Some("/blog/")), "https://x.org");
        // With an absolute base, the resolution is written: the browser's
        // `href`, whatever page shows the post.
        assert_eq!(
            resolve("///cdn.org/a b.png", Some("http://ex.org/")),
            "http://cdn.org/a%20b.png"
        );
        assert_eq!(
            resolve("https://x.org", Some("https://ex.org/")),
            "https://x.org/"
        );
    }
}
