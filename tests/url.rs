//! web-platform-tests' URL parser cases (tests/fixtures/url/urltestdata.json)
//! rendered as a link and an iframe: what inkpost writes and decides for each
//! (scheme policy, resolution against `baseUrl`, external or not, iframe host)
//! is what the URL Standard says. tests/browser/url.test.mjs runs the same
//! cases, with the same rules, through the wasm (the browser's `URL`); src/url.rs
//! checks the parser module itself on them.

use inkpost::{try_render, Options};
use serde_json::Value;

/// How many cases both this test and the browser's use: the two must agree.
const CASES: usize = 691;

struct Case {
    input: String,
    base: Option<String>,
    /// protocol, hostname, href; `None` where the parser fails.
    expected: Option<(String, String, String)>,
}

fn cases() -> Vec<Case> {
    let text = include_str!("fixtures/url/urltestdata.json");
    let all: Vec<Value> = serde_json::from_str(text).unwrap();
    all.iter()
        .filter(|c| c.is_object())
        .map(|c| Case {
            input: c["input"].as_str().unwrap().to_owned(),
            base: c["base"].as_str().map(str::to_owned),
            expected: (!c["failure"].as_bool().unwrap_or(false)).then(|| {
                let field = |k: &str| c[k].as_str().unwrap().to_owned();
                (field("protocol"), field("hostname"), field("href"))
            }),
        })
        // The bases inkpost parses against: none, or an http(s) `baseUrl`.
        .filter(|c| {
            c.base
                .as_deref()
                .is_none_or(|b| b.starts_with("http:") || b.starts_with("https:"))
        })
        // Control characters other than tab and line breaks are refused
        // before any parse (src/links.rs); NUL would not even reach it, nor
        // U+FDD0 to U+FDEF, which inkpost's Liquid stage uses as markers.
        .filter(|c| {
            !c.input.chars().any(|ch| {
                (ch < ' ' && !matches!(ch, '\t' | '\n' | '\r'))
                    || ch == '\u{7f}'
                    || ('\u{fdd0}'..='\u{fdef}').contains(&ch)
            })
        })
        .collect()
}

/// The case as raw HTML: the input in a link and an iframe, tab and line
/// breaks as character references so they stay in the attribute.
fn post(input: &str) -> String {
    let mut value = String::new();
    for ch in input.chars() {
        match ch {
            '&' => value.push_str("&amp;"),
            '"' => value.push_str("&quot;"),
            '\t' => value.push_str("&#9;"),
            '\n' => value.push_str("&#10;"),
            '\r' => value.push_str("&#13;"),
            _ => value.push(ch),
        }
    }
    format!("<p><a href=\"{value}\">x</a></p>\n\n<iframe src=\"{value}\"></iframe>\n")
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The value of `attr` in the first `<tag …>` of `html`.
fn attribute(html: &str, tag: &str, attr: &str) -> Option<String> {
    let start = html.find(&format!("<{tag} "))?;
    let end = start + html[start..].find('>')?;
    let open = &html[start..end];
    let at = open.find(&format!(" {attr}=\""))? + attr.len() + 3;
    Some(unescape(&open[at..at + open[at..].find('"')?]))
}

/// The checks on one rendered case; the same rules as the browser test's.
fn check(case: &Case, html: &str) -> Result<(), String> {
    // Without a base, inkpost reads a URL against a stand-in for the page,
    // where the cases parse with none: a relative URL fails there and is
    // fine here. Those are left out.
    if case.base.is_none() && case.expected.is_none() {
        return Ok(());
    }
    let href = attribute(html, "a", "href");
    // A URL that fails to parse is refused, as one whose scheme is not allowed.
    let allowed = case.expected.as_ref().is_some_and(|(protocol, _, _)| {
        matches!(protocol.as_str(), "http:" | "https:" | "mailto:" | "tel:")
    });
    if allowed != href.is_some() {
        return Err(format!(
            "link kept: {}, scheme allowed: {allowed}",
            href.is_some()
        ));
    }
    let Some(base) = &case.base else {
        return Ok(());
    };
    if let (Some(href), Some((protocol, host, full))) = (&href, &case.expected) {
        // With a base, a URL is written as its resolution, but a
        // fragment-only one, to stay in the page.
        let written = case.input.trim_matches(|c: char| c.is_ascii_whitespace());
        let expected = if written.starts_with('#') {
            written
        } else {
            full
        };
        if href != expected {
            return Err(format!("href {href:?}, expected {expected:?}"));
        }
        let external = matches!(protocol.as_str(), "http:" | "https:") && *host != url_host(base);
        let rel = attribute(html, "a", "rel").is_some();
        if rel != external {
            return Err(format!("rel: {rel}, external: {external}"));
        }
    }
    let src = attribute(html, "iframe", "src");
    let expected_src = case
        .expected
        .as_ref()
        .filter(|(protocol, host, _)| protocol == "https:" && !host.is_empty())
        .map(|(_, _, full)| full.clone());
    if src != expected_src {
        return Err(format!("iframe src {src:?}, expected {expected_src:?}"));
    }
    Ok(())
}

/// The base's hostname (every http(s) base of the cases parses alike in the
/// `url` crate and in browsers: src/url.rs checks them).
fn url_host(base: &str) -> String {
    url::Url::parse(base)
        .ok()
        .and_then(|u| u.host_str().map(str::to_owned))
        .unwrap_or_default()
}

fn options(case: &Case) -> Options {
    Options {
        base_url: case.base.clone(),
        allow_iframe_hosts: case
            .expected
            .as_ref()
            .map(|(_, host, _)| host.clone())
            .filter(|h| !h.is_empty())
            .into_iter()
            .collect(),
        ..Options::default()
    }
}

#[test]
fn links_and_iframes_follow_the_url_standard_on_its_test_cases() {
    let (mut used, mut failures) = (0, Vec::new());
    for case in cases() {
        // Options::validate refuses some bases (`http:/example.com/`); the
        // wasm refuses the same.
        let Ok(out) = try_render(&post(&case.input), &options(&case)) else {
            continue;
        };
        used += 1;
        if let Err(e) = check(&case, &out.html) {
            failures.push(format!(
                "{:?} against {:?}: {e}\n  {:?}",
                case.input, case.base, out.html
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(used, CASES);
}
