//! The body: CommonMark plus the GFM and kramdown features posts use, as HTML a user sees.

mod common;
use common::*;

#[test]
fn paragraphs_and_emphasis() {
    assert_eq!(
        html("Some *em* and **strong**.\n\nNext."),
        "<p>Some <em>em</em> and <strong>strong</strong>.</p>\n<p>Next.</p>\n"
    );
}

#[test]
fn gfm_tables_keep_alignment() {
    assert_eq!(
        html("| a | b |\n|:--|--:|\n| 1 | 2 |\n"),
        "<table><thead>\n<tr><th style=\"text-align: left\">a</th><th style=\"text-align: right\">b</th></tr>\n</thead>\n<tbody>\n<tr><td style=\"text-align: left\">1</td><td style=\"text-align: right\">2</td></tr>\n</tbody>\n</table>\n"
    );
}

#[test]
fn strikethrough() {
    assert_eq!(html("~~gone~~"), "<p><del>gone</del></p>\n");
}

#[test]
fn task_lists_are_disabled_checkboxes() {
    assert_eq!(
        html("- [x] done\n- [ ] todo\n"),
        "<ul>\n<li><input type=\"checkbox\" class=\"task-list-item-checkbox\" disabled=\"disabled\" checked=\"checked\" /> done</li>\n<li><input type=\"checkbox\" class=\"task-list-item-checkbox\" disabled=\"disabled\" /> todo</li>\n</ul>\n"
    );
}

#[test]
fn footnotes_gather_at_the_end_in_kramdowns_shape() {
    assert_eq!(
        html("Text[^n] more[^n].\n\n[^n]: The note.\n\nAfter.\n"),
        "<p>Text<sup id=\"fnref:n\" role=\"doc-noteref\"><a href=\"#fn:n\" class=\"footnote\" rel=\"footnote\">1</a></sup> more<sup id=\"fnref:n:1\" role=\"doc-noteref\"><a href=\"#fn:n\" class=\"footnote\" rel=\"footnote\">1</a></sup>.</p>\n<p>After.</p>\n<div class=\"footnotes\" role=\"doc-endnotes\">\n<ol>\n<li id=\"fn:n\">\n<p>The note.&#160;<a href=\"#fnref:n\" class=\"reversefootnote\" role=\"doc-backlink\">&#8617;</a></p>\n</li>\n</ol>\n</div>\n"
    );
}

#[test]
fn smart_punctuation() {
    assert_eq!(
        html("\"Hi\" -- it's... --- done"),
        "<p>“Hi” – it’s… — done</p>\n"
    );
}

#[test]
fn heading_attributes_set_id_and_class() {
    assert_eq!(
        html("# Title {#custom .big}"),
        "<h1 id=\"custom\" class=\"big\">Title</h1>\n"
    );
}

#[test]
fn heading_attributes_outside_the_allowlist_are_removed() {
    let out = post("# T {onclick=alert(1) lang=fr data-x=1}", &opts());
    assert_eq!(out.html, "<h1 id=\"t\" lang=\"fr\">T</h1>\n");
    assert_eq!(out.warnings.len(), 2);
}

#[test]
fn headings_get_kramdown_gfm_ids_and_fill_the_toc() {
    let out = post(
        "# What’s next\n\n## Angular 2 的优点\n\n## FNS & the US\n\n## FNS & the US\n",
        &opts(),
    );
    let ids: Vec<_> = out.toc.iter().map(|t| (t.level, t.id.as_str())).collect();
    assert_eq!(
        ids,
        [
            (1, "whats-next"),
            (2, "angular-2-的优点"),
            (2, "fns--the-us"),
            (2, "fns--the-us-1")
        ]
    );
    assert_eq!(out.toc[0].text, "What’s next");
}

#[test]
fn definition_lists() {
    assert_eq!(
        html("Term\n: Definition\n"),
        "<dl>\n<dt>Term</dt>\n<dd>Definition</dd>\n</dl>\n"
    );
}

#[test]
fn fenced_code_keeps_its_language_and_escapes_markup() {
    assert_eq!(
        html("```ruby\nputs \"<b>\"\n```\n"),
        "<pre><code class=\"language-ruby\">puts \"&lt;b&gt;\"\n</code></pre>\n"
    );
}

#[test]
fn images_are_lazy_with_alt_text() {
    assert_eq!(
        html("![A *cat*](cat.png \"T\")"),
        "<p><img src=\"cat.png\" title=\"T\" loading=\"lazy\" alt=\"A cat\" /></p>\n"
    );
}

#[test]
fn external_links_get_noopener_noreferrer() {
    assert_eq!(
        html("[x](https://example.org/)"),
        "<p><a href=\"https://example.org/\" rel=\"noopener noreferrer\">x</a></p>\n"
    );
    assert_eq!(html("[x](/local)"), "<p><a href=\"/local\">x</a></p>\n");
}

#[test]
fn source_lines_mark_blocks() {
    let options = inkpost::Options {
        source_lines: true,
        ..opts()
    };
    let out = post("---\nt: 1\n---\n# H\n\npara\n", &options);
    assert_eq!(
        out.html,
        "<h1 data-line=\"4\" id=\"h\">H</h1>\n<p data-line=\"6\">para</p>\n"
    );
}

#[test]
fn source_lines_inside_raw_html_and_in_the_excerpt_are_the_files() {
    let options = inkpost::Options {
        source_lines: true,
        ..opts()
    };
    // Markdown inside raw HTML, at top level, in a quote and nested in a list
    // item (the container's `> ` and indent are not in the HTML block's text).
    let lines = [
        "---",
        "title: T",
        "excerpt_separator: <!--more-->",
        "---",
        "{{ page.title }} and {% if true %}yes{% endif %}",
        "",
        "> <div markdown=\"1\">",
        "> # Quoted",
        ">",
        "> para",
        "> </div>",
        "",
        "- item",
        "",
        "  <section markdown=\"1\">",
        "  ## Deep",
        "",
        "  <div markdown=\"1\">",
        "  ### Deeper",
        "  </div>",
        "  </section>",
        "<!--more-->",
        "# After",
    ];
    let out = post(&lines.join("\n"), &options);
    let excerpt = "<p data-line=\"5\">T and yes</p>\n\
        <blockquote data-line=\"7\">\n<div>\n\
        <h1 data-line=\"8\" id=\"quoted\">Quoted</h1>\n\
        <p data-line=\"10\">para</p>\n</div>\n</blockquote>\n\
        <ul data-line=\"13\">\n<li data-line=\"13\">\n<p data-line=\"13\">item</p>\n\
        <section>\n<h2 data-line=\"16\" id=\"deep\">Deep</h2>\n\
        <div>\n<h3 data-line=\"19\" id=\"deeper\">Deeper</h3>\n</div>\n\
        </section>\n</li>\n</ul>\n";
    assert_eq!(
        out.html,
        format!("{excerpt}<h1 data-line=\"23\" id=\"after\">After</h1>\n")
    );
    assert_eq!(out.excerpt_html, excerpt);
    // A footnote the excerpt takes from after its separator keeps its line.
    let out = post(
        "---\ntitle: T\n---\nIntro[^1].\n\nMore.\n\n[^1]: Note.\n",
        &options,
    );
    assert!(
        out.excerpt_html
            .contains("<li id=\"fn:1\">\n<p data-line=\"8\">Note."),
        "{}",
        out.excerpt_html
    );
}

#[test]
fn words_and_reading_time() {
    let out = post(&"word ".repeat(401), &opts());
    assert_eq!((out.stats.words, out.stats.reading_minutes), (401, 3));
    assert_eq!(post("日本語 text", &opts()).stats.words, 4);
}

#[test]
fn blocks_cut_the_html_at_top_level_blocks_with_their_lines() {
    let out = post(
        "---\nt: 1\n---\n# H\n\npara *x*\n\n- a\n- b\n\n> q\n\nfoot[^1]\n\n[^1]: note\n",
        &opts(),
    );
    let mut start = 0;
    let mut pieces = Vec::new();
    for b in &out.blocks {
        pieces.push((b.line, &out.html[start..b.end]));
        start = b.end;
    }
    assert_eq!(start, out.html.len());
    assert_eq!(pieces[0], (4, "<h1 id=\"h\">H</h1>\n"));
    assert_eq!(pieces[1], (6, "<p>para <em>x</em></p>\n"));
    assert_eq!(pieces[2], (8, "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n"));
    assert_eq!(pieces[3], (11, "<blockquote>\n<p>q</p>\n</blockquote>\n"));
    assert_eq!(pieces[4].0, 13);
    assert!(pieces[5].1.starts_with("<div class=\"footnotes\""));
    assert_eq!(pieces.len(), 6);
}

#[test]
fn a_paragraph_of_unicode_space_above_a_table_is_not_its_border() {
    // A no-break space (or line separator) is a paragraph to CommonMark, and
    // no kramdown table border: it stays.
    for space in ["\u{a0}", "\u{2028}"] {
        assert_eq!(
            html(&format!("{space}\n|---|\n|---|\n")),
            format!("<p>{space}</p>\n<table><thead>\n<tr><th>—</th></tr>\n</thead>\n</table>\n")
        );
    }
}
