//! Events in, events out: link and image URLs checked against the scheme policy,
//! resolved against the base URL, external links marked, images loaded lazily.

use crate::markdown::{Ctx, Ev};
use crate::WarningKind;
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

/// The URL with ASCII whitespace and control characters removed, as browsers
/// strip them before reading the scheme (`java\tscript:` is `javascript:`).
fn squeeze(url: &str) -> Cow<'_, str> {
    if url.bytes().any(|b| b <= b' ' || b == 0x7f) {
        Cow::Owned(url.chars().filter(|&c| c > ' ' && c != '\u{7f}').collect())
    } else {
        Cow::Borrowed(url)
    }
}

/// The URL's scheme as written, if it has one: a `:` before any `/`, `?` or
/// `#`. Compare it with `eq_ignore_ascii_case`.
fn scheme(url: &str) -> Option<&str> {
    let end = url
        .bytes()
        .position(|b| matches!(b, b':' | b'/' | b'?' | b'#'))?;
    (url.as_bytes()[end] == b':').then(|| &url[..end])
}

/// `http` or `https`, in any case.
fn is_web(scheme: &str) -> bool {
    scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https")
}

/// Whether a URL (with character references already decoded) may be used.
pub(crate) fn check_url(url: &str, use_: UrlUse) -> bool {
    // Control characters other than tab and line breaks have no business in a
    // URL, and browsers keep them (percent-encoded) where we would squeeze
    // them: refuse rather than check a different URL than the browser reads.
    if url
        .bytes()
        .any(|b| (b < b' ' && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c)) || b == 0x7f)
    {
        return false;
    }
    let url = squeeze(url);
    let Some(scheme) = scheme(&url) else {
        return true;
    };
    let is = |name: &str| scheme.eq_ignore_ascii_case(name);
    if is_web(scheme) {
        true
    } else if is("mailto") || is("tel") {
        use_ == UrlUse::Link
    } else if is("data") {
        use_ == UrlUse::Image && is_safe_data_image(&url[5..])
    } else {
        false
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

/// Whether the URL points off the page's own site (absolute, or scheme-relative).
pub(crate) fn is_external(url: &str, base: Option<&str>) -> bool {
    fn host(u: &str) -> Option<&str> {
        let rest = &u[crate::scan::find_str(u, "//", 0)? + 2..];
        let end = rest.bytes().position(|b| matches!(b, b'/' | b'?' | b'#'));
        Some(&rest[..end.unwrap_or(rest.len())])
    }
    let absolute = url.starts_with("//") || scheme(url).is_some_and(is_web);
    if !absolute {
        return false;
    }
    match (host(url), base.and_then(host)) {
        (Some(a), Some(b)) => !a.eq_ignore_ascii_case(b),
        _ => true,
    }
}

/// Resolves a relative URL against `base`, as `new URL(url, base)` would;
/// fragment-only URLs stay as they are so they work within the page.
pub(crate) fn resolve<'u>(url: &'u str, base: Option<&str>) -> Cow<'u, str> {
    let Some(base) = base.filter(|b| !b.is_empty()) else {
        return Cow::Borrowed(url);
    };
    if url.starts_with('#') || scheme(url).is_some() {
        return Cow::Borrowed(url);
    }
    let (base_scheme, base_rest) = match base.split_once("://") {
        Some((s, r)) if scheme(base).is_some() => (s, r),
        // A base without scheme is a path prefix (`/blog/`).
        _ => ("", base),
    };
    if let Some(rest) = url.strip_prefix("//") {
        return Cow::Owned(format!("{base_scheme}://{rest}"));
    }
    let authority_end = if base_scheme.is_empty() {
        0
    } else {
        base_rest.find(['/', '?', '#']).unwrap_or(base_rest.len())
    };
    let origin = if base_scheme.is_empty() {
        String::new()
    } else {
        format!("{base_scheme}://{}", &base_rest[..authority_end])
    };
    let base_path = base_rest[authority_end..]
        .split(['?', '#'])
        .next()
        .unwrap_or("");
    let joined = if url.starts_with('/') {
        url.to_owned()
    } else if let Some(query) = url.strip_prefix('?') {
        format!("{base_path}?{query}")
    } else {
        let dir = &base_path[..base_path.rfind('/').map_or(0, |i| i + 1)];
        format!("{dir}{url}")
    };
    let joined = if joined.starts_with('/') || origin.is_empty() {
        joined
    } else {
        format!("/{joined}")
    };
    Cow::Owned(format!("{origin}{}", remove_dot_segments(&joined)))
}

/// RFC 3986 §5.2.4 on the path part; query and fragment kept as they are.
fn remove_dot_segments(url: &str) -> String {
    let split = url.find(['?', '#']).unwrap_or(url.len());
    let (path, tail) = url.split_at(split);
    if !path.contains("./") && !path.ends_with("/.") && !path.ends_with("/..") {
        return url.to_owned();
    }
    let mut out: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').collect();
    let last = segments.len() - 1;
    for (i, seg) in segments.iter().enumerate() {
        match *seg {
            "." => {
                if i == last {
                    out.push("");
                }
            }
            ".." => {
                if out.len() > 1 {
                    out.pop();
                }
                if i == last {
                    out.push("");
                }
            }
            s => out.push(s),
        }
    }
    format!("{}{tail}", out.join("/"))
}

pub(crate) struct Links<'c, 'a, I> {
    inner: I,
    ctx: &'c Ctx<'c>,
    /// For each open link or image: whether its start tag was kept.
    open: Vec<bool>,
    _marker: std::marker::PhantomData<&'a ()>,
}

impl<'c, 'a, I> Links<'c, 'a, I> {
    pub(crate) fn new(inner: I, ctx: &'c Ctx<'c>) -> Self {
        Links {
            inner,
            ctx,
            open: Vec::new(),
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
                    let keep = self.link(dest_url, UrlUse::Link, ev.at);
                    self.open.push(keep);
                    if !keep {
                        continue;
                    }
                    if is_external(dest_url, self.ctx.options.base_url.as_deref()) {
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
                    let keep = self.link(dest_url, UrlUse::Image, ev.at);
                    self.open.push(keep);
                    if !keep {
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
    /// Checks and rewrites one URL; `false` drops the link (its text stays).
    fn link(&self, dest: &mut CowStr<'a>, use_: UrlUse, at: usize) -> bool {
        if !check_url(dest, use_) {
            let what = if use_ == UrlUse::Image {
                "image"
            } else {
                "link"
            };
            self.ctx.warn(
                WarningKind::Sanitized,
                format!(
                    "{what} URL `{}` uses a scheme that is not allowed; the {what} was removed and its text kept",
                    truncate(dest, 60)
                ),
                at,
            );
            return false;
        }
        let opts = self.ctx.options;
        if let Some(fragment) = dest.strip_prefix('#') {
            if !opts.id_prefix.is_empty() && !fragment.is_empty() {
                *dest = CowStr::from(format!("#{}{fragment}", opts.id_prefix));
            }
            return true;
        }
        if let Cow::Owned(resolved) = resolve(dest, opts.base_url.as_deref()) {
            *dest = CowStr::from(resolved);
        }
        true
    }
}

pub(crate) fn truncate(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_owned(),
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
        assert_eq!(
            resolve("Page.html", Some("HTTPS://Ex.org/a/b")),
            "HTTPS://Ex.org/a/Page.html"
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
    }
}
