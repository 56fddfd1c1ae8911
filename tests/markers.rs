//! inkpost's own markers (the table of contents' place, Liquid's placeholders)
//! cannot be written by a post, by any route: literal text, character
//! references, attributes, front matter, Liquid output. Each such code point
//! becomes U+FFFD with an `encoding` warning, and the output stays linear.

mod common;
use common::*;
use inkpost::{Options, WarningKind};

const RESERVED_REFERENCE: &str = "a character reference names a noncharacter from U+FDD0 to U+FDEF, which inkpost reserves for its own markers; it became U+FFFD";

fn youtube() -> Options {
    Options {
        allow_iframe_hosts: vec!["www.youtube.com".into()],
        ..Options::default()
    }
}

fn encoding_warnings(out: &inkpost::Rendered) -> Vec<(u32, u32, &str)> {
    out.warnings
        .iter()
        .filter(|w| w.kind == WarningKind::Encoding)
        .map(|w| (w.line, w.column, w.message.as_str()))
        .collect()
}

#[test]
fn a_contents_marker_in_an_attribute_does_not_open_the_tag() {
    // On 0e9dd05 the table of contents was put in by searching the HTML for
    // U+FDD2 + LF: this title closed the attribute and the tag, and the
    // iframe's sandbox became text.
    let source = "* TOC\n{:toc}\n\n# A\n\n<iframe src=\"https://www.youtube.com/embed/x\" title=\"&#xFDD2;&#10;\"></iframe>\n";
    let out = post(source, &youtube());
    assert_eq!(
        out.html,
        "<ul id=\"markdown-toc\">\n<li><a href=\"#a\" id=\"markdown-toc-a\">A</a></li>\n</ul>\n<h1 id=\"a\">A</h1>\n<iframe src=\"https://www.youtube.com/embed/x\" title=\"\u{FFFD}&#10;\" sandbox=\"allow-scripts allow-same-origin allow-presentation\" referrerpolicy=\"strict-origin-when-cross-origin\" loading=\"lazy\"></iframe>\n"
    );
    assert_eq!(encoding_warnings(&out), [(6, 54, RESERVED_REFERENCE)]);
}

#[test]
fn contents_markers_in_link_titles_alt_text_and_attribute_lists_are_text() {
    let source = "* TOC\n{:toc}\n\n# A\n\n[l](/x \"&#xFDD2;&#10;\") ![&#xFDD2;&#10;](i.png)\n\nx\n{: title=\"&#xFDD2;&#10;\"}\n";
    let out = post(source, &opts());
    assert_eq!(
        out.html,
        "<ul id=\"markdown-toc\">\n<li><a href=\"#a\" id=\"markdown-toc-a\">A</a></li>\n</ul>\n<h1 id=\"a\">A</h1>\n<p><a href=\"/x\" title=\"\u{FFFD}\n\">l</a> <img src=\"i.png\" loading=\"lazy\" alt=\"\u{FFFD}\n\" /></p>\n<p title=\"\u{FFFD}\n\">x</p>\n"
    );
    assert_eq!(
        encoding_warnings(&out),
        [
            (6, 9, RESERVED_REFERENCE),
            (6, 27, RESERVED_REFERENCE),
            (9, 11, RESERVED_REFERENCE)
        ]
    );
}

#[test]
fn literal_reserved_code_points_become_replacement_characters_with_one_warning() {
    let out = post(
        "---\ntitle: \"a\u{FDD2}b\"\n---\n* TOC\n{:toc}\n\n# A\n\nx \u{FDD2}\n\u{FDEF}",
        &opts(),
    );
    assert_eq!(out.meta.title.as_deref(), Some("a\u{FFFD}b"));
    assert_eq!(
        out.html,
        "<ul id=\"markdown-toc\">\n<li><a href=\"#a\" id=\"markdown-toc-a\">A</a></li>\n</ul>\n<h1 id=\"a\">A</h1>\n<p>x \u{FFFD}\n\u{FFFD}</p>\n"
    );
    assert_eq!(
        encoding_warnings(&out),
        [(2, 10, "the text holds 3 noncharacters from U+FDD0 to U+FDEF, which inkpost reserves for its own markers; each became U+FFFD")]
    );
}

#[test]
fn markers_with_raw_html_dropped_are_text_too() {
    let options = Options {
        raw_html: inkpost::RawHtmlMode::Drop,
        ..Options::default()
    };
    let out = post(
        "* TOC\n{:toc}\n\n# A\n\n[x](/y \"&#xFDD2;&#10;\")\n",
        &options,
    );
    assert!(out
        .html
        .ends_with("<p><a href=\"/y\" title=\"\u{FFFD}\n\">x</a></p>\n"));
    assert_eq!(out.html.matches("markdown-toc\"").count(), 1);
}

#[test]
fn one_contents_per_post_however_many_markers() {
    // 8 KB of this gave 56 MB of HTML on 0e9dd05: every marker got a whole
    // table of contents.
    let mut source = String::from("* TOC\n{:toc}\n\n");
    for i in 0..400 {
        source.push_str(&format!("# H{i}\n\n[a](/ \"&#xFDD2;&#10;\")\n\n"));
    }
    let out = post(&source, &opts());
    assert_eq!(out.html.matches("id=\"markdown-toc\"").count(), 1);
    assert_eq!(out.toc.len(), 400);
    assert!(
        out.html.len() < 8 * source.len(),
        "{} bytes of HTML from {}",
        out.html.len(),
        source.len()
    );
}

#[test]
fn only_the_first_contents_list_becomes_the_contents() {
    let out = post("* TOC\n{:toc}\n\n# A\n\n* again\n{:toc}\n", &opts());
    assert_eq!(
        out.html,
        "<ul id=\"markdown-toc\">\n<li><a href=\"#a\" id=\"markdown-toc-a\">A</a></li>\n</ul>\n<h1 id=\"a\">A</h1>\n<ul>\n<li>again</li>\n</ul>\n"
    );
}

#[test]
fn liquid_placeholders_cannot_be_forged() {
    // A real placeholder, then its markers written as references, as
    // literal characters and through a Liquid value: only the first is one.
    let out = post(
        "---\nx: \"\\uFDD00\\uFDD1\"\n---\n{% include x.html %} &#xFDD0;0&#xFDD1; \u{FDD0}0\u{FDD1} {{ page.x }}\n",
        &opts(),
    );
    assert_eq!(
        out.html,
        "<p><span class=\"inkpost-liquid\" title=\"Needs a Jekyll build\">include x.html</span> \u{FFFD}0\u{FFFD} \u{FFFD}0\u{FFFD} \u{FFFD}0\u{FFFD}</p>\n"
    );
    assert_eq!(out.html.matches("inkpost-liquid").count(), 1);
    let reserved: Vec<_> = encoding_warnings(&out)
        .into_iter()
        .map(|(line, column, _)| (line, column))
        .collect();
    // The two YAML escapes, the two references, the literal pair.
    assert_eq!(reserved, [(2, 5), (2, 12), (4, 22), (4, 31), (4, 40)]);
}

#[test]
fn markdownify_and_captures_cannot_forge_placeholders() {
    let out = post(
        "{% include y.html %}{% capture c %}&#xFDD0;0&#xFDD1;{% endcapture %}{{ c | markdownify }}\n",
        &opts(),
    );
    assert_eq!(
        out.html.matches("inkpost-liquid").count(),
        1,
        "{}",
        out.html
    );
    assert!(!out.html.contains(['\u{FDD0}', '\u{FDD1}']));
}

#[test]
fn references_liquid_makes_of_pieces_are_cleaned_too() {
    // The source holds no reference to a reserved code point; Liquid's
    // output does, joined around a tag or made by a filter.
    for source in [
        "{% include x.html %}&{% if true %}{% endif %}#xFDD0;0&{% if true %}{% endif %}#xFDD1;",
        "{% include x.html %}&#x{% if true %}{% endif %}FDD0;0&#x{% if true %}{% endif %}FDD1;",
        "{% include x.html %}{{ '&' | append: '#xFDD0;0&' | append: '#xFDD1;' }}",
    ] {
        let out = post(source, &opts());
        assert_eq!(
            out.html,
            "<p><span class=\"inkpost-liquid\" title=\"Needs a Jekyll build\">include x.html</span>\u{FFFD}0\u{FFFD}</p>\n",
            "{source}"
        );
        let said: Vec<_> = encoding_warnings(&out).into_iter().map(|w| w.2).collect();
        assert_eq!(said, [RESERVED_REFERENCE; 2], "{source}");
    }
}
