//! The rawHtml modes (escape, drop) and the URL scheme policy for Markdown links.

mod common;
use common::*;
use inkpost::{Options, RawHtmlMode};

#[test]
fn javascript_links_lose_their_href_and_keep_their_text() {
    let out = post(
        "[click](javascript:alert(1)) and [ok](https://a.org)",
        &opts(),
    );
    assert_eq!(
        out.html,
        "<p>click and <a href=\"https://a.org\" rel=\"noopener noreferrer\">ok</a></p>\n"
    );
    assert_eq!(out.warnings.len(), 1);
    assert_eq!(out.warnings[0].line, 1);
    assert_eq!(out.warnings[0].column, 1);
}

#[test]
fn disguised_schemes_are_caught() {
    for url in [
        "JaVaScRiPt:x",
        "java&#x09;script:x",
        "&#106;avascript:x",
        "vbscript:x",
        "data:text/html,x",
    ] {
        let out = html(&format!("[t]({url})"));
        assert_eq!(out, "<p>t</p>\n", "{url}");
    }
}

#[test]
fn escape_mode_shows_raw_html_as_text() {
    let options = Options {
        raw_html: RawHtmlMode::Escape,
        ..Options::default()
    };
    let out = post(
        "<script>alert(1)</script>\n\nHi <b onclick=x>there</b>",
        &options,
    );
    assert_eq!(
        out.html,
        "<p>&lt;script&gt;alert(1)&lt;/script&gt;\n</p>\n<p>Hi &lt;b onclick=x&gt;there&lt;/b&gt;</p>\n"
    );
}

#[test]
fn drop_mode_removes_raw_html_and_says_so() {
    let options = Options {
        raw_html: RawHtmlMode::Drop,
        ..Options::default()
    };
    let out = post("Hi <b>there</b>\n\n<div>\nblock\n</div>\n", &options);
    assert_eq!(out.html, "<p>Hi there</p>\n");
    assert_eq!(out.warnings.len(), 3);
}
