//! Raw HTML in posts: what is kept (the preservation suite) and what is removed, with warnings.

mod common;
use common::*;
use inkpost::{Options, WarningKind};

fn iframes_from(host: &str) -> Options {
    Options {
        allow_iframe_hosts: vec![host.to_owned()],
        ..Options::default()
    }
}

#[test]
fn figure_with_image_and_caption_is_kept_style_is_not() {
    let out = post(
        "<figure style=\"width: 300px\" class=\"align-right\">\n  <img src=\"/assets/images/image-alignment-300x200.jpg\" alt=\"\">\n  <figcaption>Image aligned to the right.</figcaption>\n</figure>\n",
        &opts(),
    );
    assert_eq!(
        out.html,
        "<figure class=\"align-right\">\n  <img src=\"/assets/images/image-alignment-300x200.jpg\" alt=\"\" loading=\"lazy\" />\n  <figcaption>Image aligned to the right.</figcaption>\n</figure>\n"
    );
    assert_eq!(out.warnings.len(), 1);
    assert_eq!(out.warnings[0].kind, WarningKind::Sanitized);
    assert_eq!(
        out.warnings[0].message,
        "attribute `style` removed from <figure>"
    );
    assert_eq!((out.warnings[0].line, out.warnings[0].column), (1, 1));
}

#[test]
fn html_blocks_go_on_to_their_end_tag_as_kramdown_reads_them() {
    // kramdown (Jekyll) reads a block element as HTML up to its end tag, blank
    // lines included, and does not parse Markdown inside it.
    let out = post(
        "<div class=\"notice\">\n\n**Watch out!** A notice.\n\n</div>\n\nAfter.",
        &opts(),
    );
    assert_eq!(
        out.html,
        "<div class=\"notice\">\n\n**Watch out!** A notice.\n\n</div>\n<p>After.</p>\n"
    );
    assert!(out.warnings.is_empty());
}

#[test]
fn markdown_attribute_renders_the_inside_as_markdown() {
    assert_eq!(
        html("<div class=\"notice\" markdown=\"1\">\n**Watch out!** A [link](/x).\n</div>\n\nAfter."),
        "<div class=\"notice\">\n<p><strong>Watch out!</strong> A <a href=\"/x\">link</a>.</p>\n</div>\n<p>After.</p>\n"
    );
    assert_eq!(
        html("<div markdown=\"1\">\n\n*a*\n\n</div>"),
        "<div>\n<p><em>a</em></p>\n</div>\n"
    );
}

#[test]
fn tables_keep_colspan_rowspan_and_align() {
    let out = html("<table>\n<tr><th colspan=\"2\" align=\"center\">H</th></tr>\n<tr><td rowspan=2>a</td><td>b</td></tr>\n</table>\n");
    assert_eq!(
        out,
        "<table>\n<tr><th colspan=\"2\" align=\"center\">H</th></tr>\n<tr><td rowspan=\"2\">a</td><td>b</td></tr>\n</table>\n"
    );
}

#[test]
fn links_keep_their_href_and_external_ones_get_rel() {
    assert_eq!(
        html("See <a href=\"https://example.org/x?a=1&amp;b=2\" title=\"T\">this</a>."),
        "<p>See <a href=\"https://example.org/x?a=1&amp;b=2\" title=\"T\" rel=\"noopener noreferrer\">this</a>.</p>\n"
    );
}

#[test]
fn youtube_iframe_is_kept_sandboxed_when_its_host_is_allowed() {
    let src = "<iframe width=\"560\" height=\"315\" src=\"https://www.youtube.com/embed/abc\" frameborder=\"0\" allow=\"autoplay\" allowfullscreen></iframe>\n";
    let out = post(src, &iframes_from("youtube.com"));
    assert_eq!(
        out.html,
        "<iframe src=\"https://www.youtube.com/embed/abc\" width=\"560\" height=\"315\" allowfullscreen sandbox=\"allow-scripts allow-same-origin allow-presentation\" referrerpolicy=\"strict-origin-when-cross-origin\" loading=\"lazy\"></iframe>\n"
    );
    assert!(out.warnings.is_empty());
    let blocked = post(src, &opts());
    assert_eq!(blocked.html, "");
    assert_eq!(
        blocked.warnings[0].message,
        "<iframe> removed with its content (iframe host `www.youtube.com` is not in allowIframeHosts)"
    );
}

#[test]
fn iframe_hosts_must_match_exactly_or_as_a_parent_domain() {
    for src in [
        "https://www.youtube.com.evil.test/x",
        "https://evil.test/?www.youtube.com",
        "https://www.youtube.com@evil.test/x",
        "http://www.youtube.com/x",
    ] {
        let out = post(
            &format!("<iframe src=\"{src}\"></iframe>"),
            &iframes_from("www.youtube.com"),
        );
        assert_eq!(out.html, "", "{src}");
    }
}

#[test]
fn iframe_hosts_are_read_as_the_browser_reads_them() {
    // A browser reads `\` as `/` in an http(s) URL (URL Standard §4.4), so
    // each of these loads evil.test: `/@www.youtube.com/embed/x` is its path.
    // The old check took the host after the last `@` and kept them all.
    for src in [
        "https://evil.test\\@www.youtube.com/embed/x",
        "https://evil.test&bsol;@www.youtube.com/embed/x",
        "https://evil.test\t\\@www.youtube.com/embed/x",
        "https://evil.test&Tab;&bsol;@www.youtube.com/embed/x",
        "//evil.test\\@www.youtube.com/embed/x",
        "https:\\\\evil.test\\@www.youtube.com/embed/x",
    ] {
        let out = post(
            &format!("<iframe src=\"{src}\"></iframe>\n"),
            &iframes_from("www.youtube.com"),
        );
        assert_eq!(out.html, "", "{src}");
        assert_eq!(out.warnings.len(), 1, "{src}");
        assert_eq!(
            out.warnings[0].message,
            "<iframe> removed with its content (iframe host `evil.test` is not in allowIframeHosts)",
            "{src}"
        );
    }
}

#[test]
fn a_kept_iframe_src_is_written_as_the_url_whose_host_was_checked() {
    // The URL serializer's output: what the browser loads, whatever page
    // shows the post. A scheme-relative src is https.
    for (src, written) in [
        (
            "HTTPS://WWW.YouTube.com/embed/x?a=1&amp;b=2",
            "https://www.youtube.com/embed/x?a=1&amp;b=2",
        ),
        (
            "//www.youtube.com/embed/x",
            "https://www.youtube.com/embed/x",
        ),
        (
            " https://www.you\ttube.com/embed/a b",
            "https://www.youtube.com/embed/a%20b",
        ),
    ] {
        let out = post(
            &format!("<iframe src=\"{src}\"></iframe>\n"),
            &iframes_from("www.youtube.com"),
        );
        assert_eq!(
            out.html,
            format!("<iframe src=\"{written}\" sandbox=\"allow-scripts allow-same-origin allow-presentation\" referrerpolicy=\"strict-origin-when-cross-origin\" loading=\"lazy\"></iframe>\n"),
            "{src}"
        );
    }
}

#[test]
fn links_with_a_host_of_their_own_are_external_however_written() {
    // `\\evil.test` and `/\evil.test` are `//evil.test` to the browser.
    assert_eq!(
        html("<a href=\"\\\\evil.test/x\">a</a> <a href=\"/&bsol;evil.test/x\">b</a> <a href=\"/local\">c</a>"),
        "<p><a href=\"\\\\evil.test/x\" rel=\"noopener noreferrer\">a</a> <a href=\"/\\evil.test/x\" rel=\"noopener noreferrer\">b</a> <a href=\"/local\">c</a></p>\n"
    );
}

#[test]
fn code_blocks_show_script_as_text() {
    assert_eq!(
        html("```html\n<script>alert(1)</script>\n```\n"),
        "<pre><code class=\"language-html\">&lt;script&gt;alert(1)&lt;/script&gt;\n</code></pre>\n"
    );
    assert_eq!(html("`<b>`"), "<p><code>&lt;b&gt;</code></p>\n");
}

#[test]
fn script_is_removed_with_its_content_and_reported_at_its_line() {
    let out = post("Intro.\n\n<script>\nalert(1)\n</script>\n\nOutro.", &opts());
    assert_eq!(out.html, "<p>Intro.</p>\n<p>Outro.</p>\n");
    assert_eq!(out.warnings.len(), 1);
    assert_eq!(out.warnings[0].message, "<script> removed with its content");
    assert_eq!(out.warnings[0].line, 3);
}

#[test]
fn inline_event_handlers_are_removed_and_the_element_kept() {
    let out = post(
        "a <img src=\"x.png\" onerror=\"alert(1)\" alt=\"pic\"> b",
        &opts(),
    );
    assert_eq!(
        out.html,
        "<p>a <img src=\"x.png\" alt=\"pic\" loading=\"lazy\" /> b</p>\n"
    );
    assert_eq!(
        out.warnings[0].message,
        "attribute `onerror` removed from <img>"
    );
    assert_eq!((out.warnings[0].line, out.warnings[0].column), (1, 3));
}

#[test]
fn unknown_elements_lose_their_tags_but_keep_their_text() {
    let out = post("<font color=\"red\">red text</font>", &opts());
    assert_eq!(out.html, "<p>red text</p>\n");
    assert_eq!(
        out.warnings[0].message,
        "<font> removed (its content is kept)"
    );
}

#[test]
fn article_elements_are_kept() {
    assert_eq!(
        html("<details open><summary>More</summary>Press <kbd>Ctrl</kbd>, see <abbr title=\"HyperText\">HTML</abbr><sup>1</sup>.</details>"),
        "<details open=\"\"><summary>More</summary>Press <kbd>Ctrl</kbd>, see <abbr title=\"HyperText\">HTML</abbr><sup>1</sup>.</details>\n"
    );
    assert_eq!(
        html("<ruby>漢<rp>(</rp><rt>kan</rt><rp>)</rp></ruby>"),
        "<p><ruby>漢<rp>(</rp><rt>kan</rt><rp>)</rp></ruby></p>\n"
    );
}

#[test]
fn video_gets_controls_and_checked_sources() {
    assert_eq!(
        html("<video src=\"/v.mp4\" poster=\"/p.jpg\" autoplay></video>"),
        "<p><video src=\"/v.mp4\" poster=\"/p.jpg\" controls></video></p>\n"
    );
}

#[test]
fn picture_sources_with_safe_srcset_are_kept() {
    assert_eq!(
        html("<picture><source srcset=\"a.webp 1x, b.webp 2x\" type=\"image/webp\"><img src=\"a.jpg\" alt=\"A\"></picture>"),
        "<p><picture><source srcset=\"a.webp 1x, b.webp 2x\" type=\"image/webp\" /><img src=\"a.jpg\" alt=\"A\" loading=\"lazy\" /></picture></p>\n"
    );
}

#[test]
fn data_images_of_raster_types_are_allowed() {
    assert_eq!(
        html("<img src=\"data:image/png;base64,iVBORw0KGgo=\">"),
        "<img src=\"data:image/png;base64,iVBORw0KGgo=\" loading=\"lazy\" />\n"
    );
    assert_eq!(
        html("<img src=\"data:image/svg+xml,x\">"),
        "<img loading=\"lazy\" />\n"
    );
}

#[test]
fn entities_in_text_and_attributes_survive() {
    assert_eq!(
        html("<p title=\"caf&eacute; &amp; co\">caf&eacute; &copy; &#8212; & done</p>"),
        "<p title=\"caf&eacute; &amp; co\">caf&eacute; &copy; &#8212; &amp; done</p>\n"
    );
}

#[test]
fn unbalanced_markup_is_closed_and_stray_end_tags_dropped() {
    assert_eq!(
        html("a <b>bold <i>both\n\nnext</b></i>"),
        "<p>a <b>bold <i>both</i></b></p>\n<p>next</p>\n"
    );
    assert_eq!(html("</div></div>text"), "text\n");
    assert_eq!(html("<div><span>open"), "<div><span>open\n</span></div>");
}

#[test]
fn comments_are_dropped_silently() {
    let out = post("a <!-- note --> b\n\n<!--more-->\n", &opts());
    assert_eq!(out.html, "<p>a  b</p>\n");
    assert!(out.warnings.is_empty());
}

#[test]
fn id_prefix_applies_to_raw_ids_heading_ids_footnotes_and_fragment_links() {
    let options = Options {
        id_prefix: "user-content-".into(),
        ..Options::default()
    };
    let out = post(
        "# Top\n\n<a id=\"x\" href=\"#top\">up</a> [down](#x)[^1]\n\n[^1]: n",
        &options,
    );
    assert_eq!(
        out.html,
        "<h1 id=\"user-content-top\">Top</h1>\n<p><a id=\"user-content-x\" href=\"#user-content-top\">up</a> <a href=\"#user-content-x\">down</a><sup id=\"user-content-fnref:1\" role=\"doc-noteref\"><a href=\"#user-content-fn:1\" class=\"footnote\" rel=\"footnote\">1</a></sup></p>\n<div class=\"footnotes\" role=\"doc-endnotes\">\n<ol>\n<li id=\"user-content-fn:1\">\n<p>n&#160;<a href=\"#user-content-fnref:1\" class=\"reversefootnote\" role=\"doc-backlink\">&#8617;</a></p>\n</li>\n</ol>\n</div>\n"
    );
    assert_eq!(out.toc[0].id, "user-content-top");
}

#[test]
fn external_link_options_add_nofollow_and_target() {
    let options = Options {
        nofollow: true,
        external_links_new_tab: true,
        ..Options::default()
    };
    assert_eq!(
        post("[a](https://x.org) <a href=\"https://y.org\">b</a>", &options).html,
        "<p><a href=\"https://x.org\" rel=\"noopener noreferrer nofollow\" target=\"_blank\">a</a> <a href=\"https://y.org\" rel=\"noopener noreferrer nofollow\" target=\"_blank\">b</a></p>\n"
    );
}

#[test]
fn relative_urls_in_raw_html_resolve_against_the_base() {
    let options = Options {
        base_url: Some("https://ex.org/blog/post.html".into()),
        ..Options::default()
    };
    assert_eq!(
        post("<img src=\"img/a.png\"> <a href=\"/about\">about</a>", &options).html,
        "<p><img src=\"https://ex.org/blog/img/a.png\" loading=\"lazy\" /> <a href=\"https://ex.org/about\">about</a></p>\n"
    );
}

fn with_classes(policy: &str) -> Options {
    Options {
        classes: policy.parse().unwrap(),
        ..Options::default()
    }
}

const CLASSY: &str = "<a class=\"fixed-top  w-100\" href=\"/x\">x</a>\n\nText `code`{: .hl}\n{: .notice}\n\n# Head {.big}\n\n```ruby\nx\n```\n";

#[test]
fn classes_are_kept_by_default_as_jekyll_keeps_them() {
    let out = post(CLASSY, &opts());
    assert_eq!(
        out.html,
        "<p><a class=\"fixed-top  w-100\" href=\"/x\">x</a></p>\n<p class=\"notice\">Text <code class=\"hl\">code</code></p>\n<h1 id=\"head\" class=\"big\">Head</h1>\n<pre><code class=\"language-ruby\">x\n</code></pre>\n"
    );
}

#[test]
fn classes_drop_removes_every_class_the_post_wrote_with_a_warning_each() {
    let out = post(CLASSY, &with_classes("drop"));
    assert_eq!(
        out.html,
        "<p><a href=\"/x\">x</a></p>\n<p>Text <code>code</code></p>\n<h1 id=\"head\">Head</h1>\n<pre><code class=\"language-ruby\">x\n</code></pre>\n"
    );
    let removed: Vec<_> = out
        .warnings
        .iter()
        .map(|w| (w.kind, w.line, w.message.as_str()))
        .collect();
    assert_eq!(
        removed,
        [
            (
                WarningKind::Sanitized,
                1,
                "class `fixed-top w-100` removed (classes: drop)"
            ),
            (
                WarningKind::Sanitized,
                3,
                "class `notice` removed (classes: drop)"
            ),
            (
                WarningKind::Sanitized,
                3,
                "class `hl` removed (classes: drop)"
            ),
            (
                WarningKind::Sanitized,
                6,
                "class `big` removed (classes: drop)"
            ),
        ]
    );
}

#[test]
fn classes_prefix_prefixes_every_class_the_post_wrote() {
    let out = post(CLASSY, &with_classes("prefix:post-"));
    assert_eq!(
        out.html,
        "<p><a class=\"post-fixed-top post-w-100\" href=\"/x\">x</a></p>\n<p class=\"post-notice\">Text <code class=\"post-hl\">code</code></p>\n<h1 id=\"head\" class=\"post-big\">Head</h1>\n<pre><code class=\"language-ruby\">x\n</code></pre>\n"
    );
    assert!(out.warnings.is_empty());
}

#[test]
fn a_class_policy_is_one_of_three_spellings() {
    for bad in ["", "none", "prefix:", "prefix:a b", "prefix:\"x"] {
        let err = bad.parse::<inkpost::ClassPolicy>().unwrap_err();
        assert!(
            err.contains("is not \"keep\", \"drop\" or \"prefix:P\""),
            "{err}"
        );
    }
    assert_eq!(
        "prefix:u-"
            .parse::<inkpost::ClassPolicy>()
            .unwrap()
            .to_string(),
        "prefix:u-"
    );
}

fn with_remote_media(policy: inkpost::RemoteMedia) -> Options {
    Options {
        remote_media: policy,
        ..Options::default()
    }
}

const MEDIA: &str = "---\nimage: https://tracker.example/hero.png\n---\n![pixel](https://tracker.example/p.gif) ![local](img/a.png) ![cdn](https://img.cdn.example/b.png)\n\n<img src=\"https://tracker.example/q.gif\" alt=\"q\"> <img srcset=\"a.png 1x, //tracker.example/r.png 2x\" src=\"a.png\">\n\n<video src=\"https://tracker.example/v.mp4\" poster=\"https://tracker.example/v.jpg\"></video>\n\n[a link](https://tracker.example/) stays.\n";

#[test]
fn remote_media_allow_loads_media_from_any_site_by_default() {
    let out = post(MEDIA, &opts());
    assert_eq!(
        out.meta.image_url.as_deref(),
        Some("https://tracker.example/hero.png")
    );
    assert_eq!(
        out.html.matches("tracker.example").count(),
        6,
        "{}",
        out.html
    );
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
}

#[test]
fn remote_media_block_removes_every_load_from_another_site_with_a_warning() {
    let out = post(MEDIA, &with_remote_media(inkpost::RemoteMedia::Block));
    assert_eq!(out.meta.image_url, None);
    assert_eq!(
        out.html,
        "<p>pixel <img src=\"img/a.png\" loading=\"lazy\" alt=\"local\" /> cdn</p>\n<p><img alt=\"q\" loading=\"lazy\" /> <img src=\"a.png\" loading=\"lazy\" /></p>\n<p><video controls></video></p>\n<p><a href=\"https://tracker.example/\" rel=\"noopener noreferrer\">a link</a> stays.</p>\n"
    );
    let said: Vec<_> = out
        .warnings
        .iter()
        .map(|w| (w.line, w.message.as_str()))
        .collect();
    assert_eq!(
        said,
        [
            (2, "front-matter image `https://tracker.example/hero.png` is not shown: remoteMedia does not allow media from that site"),
            (4, "image URL `https://tracker.example/p.gif` is on another site, which remoteMedia does not allow; the image was removed and its text kept"),
            (4, "image URL `https://img.cdn.example/b.png` is on another site, which remoteMedia does not allow; the image was removed and its text kept"),
            (6, "src `https://tracker.example/q.gif` on <img> removed: remoteMedia does not allow media from that site"),
            (6, "srcset on <img> removed: remoteMedia does not allow media from that site"),
            (8, "src `https://tracker.example/v.mp4` on <video> removed: remoteMedia does not allow media from that site"),
            (8, "poster `https://tracker.example/v.jpg` on <video> removed: remoteMedia does not allow media from that site"),
        ]
    );
}

#[test]
fn remote_media_hosts_allow_those_hosts_and_their_subdomains() {
    let out = post(
        MEDIA,
        &with_remote_media(inkpost::RemoteMedia::Hosts(vec!["CDN.example".into()])),
    );
    assert!(
        out.html
            .contains("<img src=\"https://img.cdn.example/b.png\" loading=\"lazy\" alt=\"cdn\""),
        "{}",
        out.html
    );
    assert!(
        !out.html.contains("src=\"https://tracker.example"),
        "{}",
        out.html
    );
    assert_eq!(out.warnings.len(), 6);
}

#[test]
fn media_on_the_base_url_host_is_the_page_s_own() {
    let options = Options {
        base_url: Some("https://tracker.example/blog/post.html".into()),
        remote_media: inkpost::RemoteMedia::Block,
        ..Options::default()
    };
    let out = post(
        "![own](/p.gif) ![other](https://elsewhere.example/x.gif)\n",
        &options,
    );
    assert_eq!(
        out.html,
        "<p><img src=\"https://tracker.example/p.gif\" loading=\"lazy\" alt=\"own\" /> other</p>\n"
    );
}

#[test]
fn remote_media_reads_its_three_spellings() {
    use inkpost::RemoteMedia;
    assert_eq!("allow".parse(), Ok(RemoteMedia::Allow));
    assert_eq!("block".parse(), Ok(RemoteMedia::Block));
    assert_eq!(
        "a.example, b.example".parse(),
        Ok(RemoteMedia::Hosts(vec![
            "a.example".into(),
            "b.example".into()
        ]))
    );
    assert!("https://a.example/".parse::<RemoteMedia>().is_err());
    let json: RemoteMedia = serde_json::from_str("[\"a.example\"]").unwrap();
    assert_eq!(json, RemoteMedia::Hosts(vec!["a.example".into()]));
    assert_eq!(
        serde_json::to_string(&RemoteMedia::Block).unwrap(),
        "\"block\""
    );
}
