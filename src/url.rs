//! A URL string and an optional base in, the WHATWG URL Standard's reading of
//! it out (scheme, host, serialized href), or `None` where the standard's
//! parser returns failure. Natively the `url` crate; in the wasm the
//! browser's own `URL`, so the wasm carries no URL parser nor IDNA tables,
//! and every URL decision inkpost makes is the one the browser that shows the
//! post makes. No other module reads URL syntax by hand.

use std::borrow::Cow;

/// A parsed URL: what `new URL(input, base)` gives.
pub(crate) struct Url<'a>(Inner<'a>);

enum Inner<'a> {
    /// Read by [`plain`]: the URL and its base were of the plain kind.
    Plain(plain::Plain<'a>),
    /// Read by the real parser.
    Parsed(imp::Parsed),
}

impl<'a> Url<'a> {
    /// The API's URL parser (URL Standard §6.1, `new URL(input, base)`):
    /// `base` is parsed first, and a base that fails makes the whole parse
    /// fail. The parser itself strips leading and trailing C0 controls and
    /// spaces and removes tab, LF and CR anywhere (§4.4, basic URL parser).
    pub(crate) fn parse(input: &'a str, base: Option<&str>) -> Option<Url<'a>> {
        if let Some(plain) = plain::parse(input, base) {
            return Some(Url(Inner::Plain(plain)));
        }
        imp::parse(input, base).map(|p| Url(Inner::Parsed(p)))
    }

    /// The scheme, ASCII-lowercased, without the `:` (the standard's
    /// "scheme", JavaScript's `protocol` less its colon).
    pub(crate) fn scheme(&self) -> Cow<'_, str> {
        match &self.0 {
            Inner::Plain(p) => Cow::Borrowed(p.scheme()),
            Inner::Parsed(p) => p.scheme(),
        }
    }

    /// The host, serialized (§3.6: lowercase, IDNA to ASCII, IP addresses
    /// in their canonical form, IPv6 in brackets), without the port; empty
    /// when the URL has none (JavaScript's `hostname`).
    pub(crate) fn host(&self) -> Cow<'_, str> {
        match &self.0 {
            Inner::Plain(p) => Cow::Borrowed(p.host()),
            Inner::Parsed(p) => p.host(),
        }
    }

    /// The URL serializer's output (§4.5), JavaScript's `href`: parsing it
    /// again gives the same URL, whatever the base.
    pub(crate) fn href(&self) -> Cow<'_, str> {
        match &self.0 {
            Inner::Plain(p) => Cow::Borrowed(&p.href),
            Inner::Parsed(p) => p.href(),
        }
    }
}

/// A base URL read once for many URLs to be parsed against it.
pub(crate) struct Base<'h> {
    href: Cow<'h, str>,
    shape: Option<plain::Shape>,
}

impl<'h> Base<'h> {
    /// `href`: a URL as the parser serializes it (a parsed URL's `href`).
    pub(crate) fn new(href: Cow<'h, str>) -> Base<'h> {
        let shape = plain::shape(&href);
        Base { href, shape }
    }
}

impl<'a> Url<'a> {
    /// [`Url::parse`] against a base read once.
    pub(crate) fn join(input: &'a str, base: &Base<'_>) -> Option<Url<'a>> {
        if let Some(shape) = &base.shape {
            if let Some(plain) = plain::join(input, &base.href, shape) {
                return Some(Url(Inner::Plain(plain)));
            }
        }
        imp::parse(input, Some(&base.href)).map(|p| Url(Inner::Parsed(p)))
    }
}

/// The URLs whose parse can be seen at a glance, read without the parser:
/// most links in posts (`https://example.org/a/b?q=1`, `img/a.png`,
/// `/about/`, `#intro`). In the wasm every parse is a call into JavaScript
/// and back with four strings, which made the 100 KB draft's render 26%
/// slower; these cost a scan and a copy.
///
/// Plain means, for a URL on its own: `http://` or `https://` in lowercase,
/// a host of lowercase ASCII letters, digits and `-` in dot-separated labels
/// (none empty, none `xn--`, the last starting with a letter, so it is no
/// IPv4 address: §3.5 "ends in a number"), no port, no user; and for the
/// rest, and a relative URL, only ASCII letters, digits and
/// `-._~!$&()*+,;=:@/?#%` (none in a percent-encode set, §1.3, and nothing
/// the parser strips or removes), no `.` or `..` path segment, no `%2e`, and
/// for a relative URL no `:` before its first `/`, `?` or `#` (no scheme)
/// and no leading `//` (no host). The serialization of such a URL is its
/// text, with `/` as the path when it has none (§4.5); a relative one
/// resolves against a plain base by the relative states of §4.4 (`#…`
/// replaces the base's fragment, `?…` its query, `/…` its path, else the
/// last path segment). Anything else goes to the real parser: this is a
/// shortcut for what it would say, never a second opinion, and a test
/// checks it against the parser on the web-platform-tests cases and on
/// generated URLs (natively and in Chromium).
mod plain {
    use std::borrow::Cow;

    /// A plain URL: its href and where its scheme and host end.
    pub(super) struct Plain<'a> {
        pub(super) href: Cow<'a, str>,
        scheme_end: usize,
        host_end: usize,
    }

    impl Plain<'_> {
        pub(super) fn scheme(&self) -> &str {
            &self.href[..self.scheme_end]
        }

        pub(super) fn host(&self) -> &str {
            &self.href[self.scheme_end + 3..self.host_end]
        }
    }

    /// Where the parts of a plain absolute URL are, in its text.
    pub(super) struct Shape {
        scheme_end: usize,
        host_end: usize,
        /// The query's `?`, else the fragment's `#`, else the end.
        query: usize,
        /// The fragment's `#`, else the end.
        fragment: usize,
    }

    /// The bytes a plain URL may hold besides its delimiters' roles: ASCII
    /// letters, digits and `-._~!$&()*+,;=:@/?#%`.
    static PLAIN: [bool; 256] = {
        let mut t = [false; 256];
        let mut c = 0;
        while c < 256 {
            t[c] = (c as u8).is_ascii_alphanumeric();
            c += 1;
        }
        let extra = b"-._~!$&()*+,;=:@/?#%";
        let mut i = 0;
        while i < extra.len() {
            t[extra[i] as usize] = true;
            i += 1;
        }
        t
    };

    /// Checks a path, query and fragment (or a relative URL) in one pass:
    /// plain bytes only, no `.` or `..` path segment, no `%2e` in the path,
    /// and (for a relative URL, `no_scheme`) no `:` before the first `/`,
    /// `?` or `#`. Returns where the query and the fragment start (as
    /// [`Shape`] has them).
    fn plain_rest(b: &[u8], no_scheme: bool) -> Option<(usize, usize)> {
        // One tight pass for the characters, then the few bytes that matter.
        if !b.iter().all(|&c| PLAIN[usize::from(c)]) {
            return None;
        }
        let fragment = b.iter().position(|&c| c == b'#').unwrap_or(b.len());
        let query = b[..fragment]
            .iter()
            .position(|&c| c == b'?')
            .unwrap_or(fragment);
        let path = &b[..query];
        for (i, &c) in path.iter().enumerate() {
            match c {
                // A segment that is `.` or `..`: the dot starts it and `/` or
                // the path's end follows the one or two dots.
                b'.' if i == 0 || path[i - 1] == b'/' => {
                    let rest = &path[i + 1..];
                    let rest = rest.strip_prefix(b".").unwrap_or(rest);
                    if rest.first().is_none_or(|&c| c == b'/') {
                        return None;
                    }
                }
                b'%' if path.get(i + 1) == Some(&b'2')
                    && path.get(i + 2).is_some_and(|e| e | 0x20 == b'e') =>
                {
                    return None
                }
                _ => {}
            }
        }
        if no_scheme {
            let first = path.iter().position(|&c| c == b'/').unwrap_or(path.len());
            if path[..first].contains(&b':') {
                return None;
            }
        }
        Some((query, fragment))
    }

    /// The shape of a plain absolute URL.
    pub(super) fn shape(input: &str) -> Option<Shape> {
        let b = input.as_bytes();
        let scheme_end = if b.starts_with(b"https://") {
            5
        } else if b.starts_with(b"http://") {
            4
        } else {
            return None;
        };
        // The host: labels of lowercase letters, digits and `-`.
        let start = scheme_end + 3;
        let (mut i, mut label) = (start, start);
        let plain_label = |label: &[u8]| !label.is_empty() && !label.starts_with(b"xn--");
        loop {
            match b.get(i) {
                Some(b'a'..=b'z' | b'0'..=b'9' | b'-') => i += 1,
                Some(b'.') => {
                    if !plain_label(&b[label..i]) {
                        return None;
                    }
                    i += 1;
                    label = i;
                }
                None | Some(b'/' | b'?' | b'#') => break,
                Some(_) => return None,
            }
        }
        if !plain_label(&b[label..i]) || !b[label].is_ascii_lowercase() {
            return None;
        }
        let (query, fragment) = plain_rest(&b[i..], false)?;
        Some(Shape {
            scheme_end,
            host_end: i,
            query: i + query,
            fragment: i + fragment,
        })
    }

    /// A plain absolute URL as the parser serializes it: its text, with `/`
    /// for a path when it has none.
    fn absolute<'a>(input: &'a str, shape: &Shape) -> Plain<'a> {
        let href = if input.as_bytes().get(shape.host_end) == Some(&b'/') {
            Cow::Borrowed(input)
        } else {
            let (origin, rest) = input.split_at(shape.host_end);
            let mut href = String::with_capacity(input.len() + 1);
            href.push_str(origin);
            href.push('/');
            href.push_str(rest);
            Cow::Owned(href)
        };
        Plain {
            href,
            scheme_end: shape.scheme_end,
            host_end: shape.host_end,
        }
    }

    /// `input` against `base`, when both are plain; `None`: ask the parser.
    pub(super) fn parse<'a>(input: &'a str, base: Option<&str>) -> Option<Plain<'a>> {
        match base {
            // A base that fails makes the parse fail, whatever the input.
            Some(base) => join(input, base, &shape(base)?),
            None => shape(input).map(|own| absolute(input, &own)),
        }
    }

    /// `input` against the plain base `base` of shape `shape`.
    pub(super) fn join<'a>(input: &'a str, base: &str, shape: &Shape) -> Option<Plain<'a>> {
        if let Some(own) = self::shape(input) {
            return Some(absolute(input, &own));
        }
        let path = shape.host_end;
        // A base with no path is not as the parser serializes it.
        if base.as_bytes().get(path) != Some(&b'/') || input.is_empty() || input.starts_with("//") {
            return None;
        }
        plain_rest(input.as_bytes(), true)?;
        let keep = match input.as_bytes()[0] {
            b'#' => shape.fragment,
            b'?' => shape.query,
            b'/' => path,
            _ => base[..shape.query].rfind('/').map_or(path, |i| i + 1),
        };
        let mut href = String::with_capacity(keep + input.len());
        href.push_str(&base[..keep]);
        href.push_str(input);
        Some(Plain {
            href: Cow::Owned(href),
            scheme_end: shape.scheme_end,
            host_end: shape.host_end,
        })
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod imp {
    use std::borrow::Cow;

    pub(super) struct Parsed(::url::Url);

    pub(super) fn parse(input: &str, base: Option<&str>) -> Option<Parsed> {
        let parsed = match base {
            Some(base) => {
                let base = ::url::Url::parse(base).ok()?;
                match slashes_then_host(input, &base) {
                    Some(rest) => ::url::Url::parse(&format!("{}://{rest}", base.scheme())),
                    None => base.join(input),
                }
            }
            None => ::url::Url::parse(input),
        };
        parsed.ok().map(Parsed)
    }

    /// url 2.5 fails on three or more slashes against a special base
    /// (`///evil.test/x`; web-platform-tests' `///test` cases, listed in the
    /// crate's own tests/expected_failures.txt), where the standard's relative
    /// slash state goes on to the special authority ignore slashes state,
    /// which skips every `/` and `\` (§4.4): the input is then the base's
    /// scheme, `//` and the input less those slashes, which url parses right.
    /// Returns that rest, after the parser's own first steps (leading and
    /// trailing C0 controls and spaces stripped, tab, LF and CR removed).
    fn slashes_then_host(input: &str, base: &::url::Url) -> Option<String> {
        let is_stripped = |c: char| c <= ' ';
        let trimmed = input.trim_matches(is_stripped);
        if !trimmed.starts_with(['/', '\\'])
            || !matches!(base.scheme(), "http" | "https" | "ws" | "wss" | "ftp")
        {
            return None;
        }
        let cleaned: String = trimmed
            .chars()
            .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
            .collect();
        let rest = cleaned.trim_start_matches(['/', '\\']);
        (cleaned.len() - rest.len() >= 3).then(|| rest.to_owned())
    }

    impl Parsed {
        pub(super) fn scheme(&self) -> Cow<'_, str> {
            Cow::Borrowed(self.0.scheme())
        }

        pub(super) fn host(&self) -> Cow<'_, str> {
            Cow::Borrowed(self.0.host_str().unwrap_or(""))
        }

        pub(super) fn href(&self) -> Cow<'_, str> {
            Cow::Borrowed(self.0.as_str())
        }
    }
}

#[cfg(target_arch = "wasm32")]
mod imp {
    use std::borrow::Cow;

    pub(super) struct Parsed(web_sys::Url);

    pub(super) fn parse(input: &str, base: Option<&str>) -> Option<Parsed> {
        // The constructor throws a TypeError on failure (`catch` in web-sys).
        let parsed = match base {
            Some(base) => web_sys::Url::new_with_base(input, base),
            None => web_sys::Url::new(input),
        };
        parsed.ok().map(Parsed)
    }

    impl Parsed {
        pub(super) fn scheme(&self) -> Cow<'_, str> {
            let mut protocol = self.0.protocol();
            protocol.pop(); // the `:`
            Cow::Owned(protocol)
        }

        pub(super) fn host(&self) -> Cow<'_, str> {
            Cow::Owned(self.0.hostname())
        }

        pub(super) fn href(&self) -> Cow<'_, str> {
            Cow::Owned(self.0.href())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backslashes_are_slashes_in_special_urls() {
        let u = Url::parse("https://evil.test\\@www.youtube.com/embed/x", None).unwrap();
        assert_eq!(u.host(), "evil.test");
        assert_eq!(u.href(), "https://evil.test/@www.youtube.com/embed/x");
        let u = Url::parse(" \u{1}https://evil.test\t\\@www.youtube.com/", None).unwrap();
        assert_eq!(u.host(), "evil.test");
    }

    #[test]
    fn the_scheme_is_read_after_stripping_and_removing_tabs() {
        let u = Url::parse(" Java\tScript:alert(1)", None).unwrap();
        assert_eq!(u.scheme(), "javascript");
        assert!(Url::parse("img/a.png", None).is_none());
        assert!(Url::parse("a.png", Some("not a base")).is_none());
        let u = Url::parse("../a.png", Some("https://Ex.org/b/c/d")).unwrap();
        assert_eq!(u.href(), "https://ex.org/b/a.png");
    }
}

#[cfg(test)]
mod plain_tests {
    use super::{imp, plain};

    /// The parser's reading (scheme, host, href), for comparison.
    fn parsed(input: &str, base: Option<&str>) -> Option<(String, String, String)> {
        imp::parse(input, base).map(|p| (p.scheme().into(), p.host().into(), p.href().into()))
    }

    fn plain(input: &str, base: Option<&str>) -> Option<(String, String, String)> {
        plain::parse(input, base).map(|p| {
            (
                p.scheme().to_owned(),
                p.host().to_owned(),
                p.href.to_string(),
            )
        })
    }

    /// Pieces of URLs, plain and not, glued at random (xorshift, fixed seed).
    fn generated(n: usize) -> Vec<String> {
        const PIECES: &[&str] = &[
            "https://", "http://", "HTTP://", "ftp://", "//", "/", "/", "./", "../", ".", "..",
            "a", "b", "ex", "org", ".", "-", "0", "9", "1.2", "xn--", "x", "Z", ":", ":80", "@",
            "?", "#", "%", "%2e", "%2E", "%41", "~", "'", " ", "\\", "é", "\t", "!", "$", "&", "(",
            ")", "*", "+", ",", ";", "=", "[", "]", "|", "`", "{", "\"", "<",
        ];
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        (0..n)
            .map(|_| {
                let len = 1 + next() % 8;
                (0..len)
                    .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
                    .collect()
            })
            .collect()
    }

    #[test]
    fn plain_urls_read_as_the_parser_reads_them() {
        let bases = [
            None,
            Some("https://inkpost.invalid/"),
            Some("https://example.org/blog/2026/01/02/post.html?x=1#top"),
            Some("http://a-b.example/dir/"),
            Some("https://example.org"),
            Some("https://EXAMPLE.org/"),
        ];
        let mut inputs = generated(60_000);
        inputs.extend(
            [
                "https://example.org/a/b?q=1#f",
                "img/a.png",
                "/about/",
                "#intro",
                "?page=2",
                "https://x.org",
                "https://x.org?q",
                "https://x.org#f",
                "a//b",
                "a/b:c",
                "?",
                "#",
                "https://1.2.3.4/",
                "https://a.b.c9/",
                "https://x.org:443/",
                "https://a..b/",
                "https://xn--nxasmq6b.com/",
                "a/%2e%2e/b",
                "./a",
                "a/..",
                "mailto:x@y.z",
            ]
            .map(String::from),
        );
        let (mut plain_count, mut wrong) = (0, Vec::new());
        for input in &inputs {
            for base in bases {
                let Some(got) = plain(input, base) else {
                    continue;
                };
                plain_count += 1;
                let expected = parsed(input, base);
                if expected.as_ref() != Some(&got) {
                    wrong.push(format!(
                        "{input:?} against {base:?}: {got:?}, parser {expected:?}"
                    ));
                }
            }
        }
        eprintln!(
            "{plain_count} plain of {} cases",
            inputs.len() * bases.len()
        );
        assert!(plain_count > 20_000, "{plain_count}");
        assert!(
            wrong.is_empty(),
            "{}",
            wrong[..wrong.len().min(20)].join("\n")
        );
    }

    #[test]
    fn plain_urls_of_web_platform_tests_read_as_expected() {
        let text = include_str!("../tests/fixtures/url/urltestdata.json");
        let cases: serde_json::Value = serde_json::from_str(text).unwrap();
        let mut plain_count = 0;
        for case in cases.as_array().unwrap().iter().filter(|c| c.is_object()) {
            let (input, base) = (case["input"].as_str().unwrap(), case["base"].as_str());
            let Some(got) = plain(input, base) else {
                continue;
            };
            plain_count += 1;
            let field = |k: &str| case[k].as_str().unwrap_or_default().to_owned();
            let expected = (field("protocol"), field("hostname"), field("href"));
            assert_eq!(
                (format!("{}:", got.0), got.1, got.2),
                expected,
                "{input:?} against {base:?}"
            );
        }
        assert!(plain_count >= 10, "{plain_count}");
    }
}

#[cfg(test)]
mod wpt {
    use super::Url;

    /// web-platform-tests' URL parser cases (tests/fixtures/url/) whose base
    /// is one inkpost parses against: none, or http(s) (`baseUrl`, or the
    /// https stand-in for the page). For each, failure must agree, then the
    /// scheme, and for the special schemes but file: the host and href.
    #[test]
    fn agrees_with_web_platform_tests() {
        let text = include_str!("../tests/fixtures/url/urltestdata.json");
        let cases: serde_json::Value = serde_json::from_str(text).unwrap();
        let (mut used, mut wrong) = (0, Vec::new());
        for case in cases.as_array().unwrap().iter().filter(|c| c.is_object()) {
            let input = case["input"].as_str().unwrap();
            let base = case["base"].as_str();
            if base.is_some_and(|b| !b.starts_with("http:") && !b.starts_with("https:")) {
                continue;
            }
            used += 1;
            let got = Url::parse(input, base);
            let expected = (!case["failure"].as_bool().unwrap_or(false)).then(|| {
                let field = |k: &str| case[k].as_str().unwrap().to_owned();
                (field("protocol"), field("hostname"), field("href"))
            });
            let got = got.map(|u| {
                (
                    format!("{}:", u.scheme()),
                    u.host().into_owned(),
                    u.href().into_owned(),
                )
            });
            let agrees = match (&got, &expected) {
                (None, None) => true,
                (Some(g), Some(e)) if g.0 == e.0 => {
                    !matches!(&*e.0, "http:" | "https:" | "ws:" | "wss:" | "ftp:") || g == e
                }
                _ => false,
            };
            if !agrees {
                wrong.push(format!(
                    "{input:?} against {base:?}: got {got:?}, expected {expected:?}"
                ));
            }
        }
        eprintln!("{used} cases, {} disagree", wrong.len());
        assert!(used >= 700, "{used}");
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }
}
