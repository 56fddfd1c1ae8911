//! Jekyll's rules, one small fixture per rule: metadata, URLs, excerpts, Liquid, kramdown.
//! The same rules are measured on 197 real posts by `make fidelity`.

mod common;
use common::*;
use inkpost::{Options, Site, Value, WarningKind};

fn site(pairs: &[(&str, &str)]) -> Options {
    let mut site = Site::default();
    for (k, v) in pairs {
        match *k {
            "url" => site.url = Some((*v).into()),
            "baseurl" => site.baseurl = Some((*v).into()),
            "timezone" => site.timezone = Some((*v).into()),
            "permalink" => site.permalink = Some((*v).into()),
            "excerpt_separator" => site.excerpt_separator = Some((*v).into()),
            other => site.other.insert(other.into(), Value::String((*v).into())),
        }
    }
    Options {
        site,
        ..Options::default()
    }
}

fn in_file(mut options: Options, file: &str) -> Options {
    options.file_name = Some(file.into());
    options
}

// ---- metadata

#[test]
fn offsets_are_converted_to_the_site_zone_and_move_the_url_day() {
    let out = post(
        "---\ncategories: release\ndate: 2013-10-28 20:14:39 -0500\n---\n",
        &in_file(
            site(&[("timezone", "UTC")]),
            "_posts/2013-10-28-jekyll-1-3-0-rc1-released.md",
        ),
    );
    assert_eq!(out.meta.date.as_deref(), Some("2013-10-29T01:14:39+00:00"));
    assert_eq!(
        out.meta.url.as_deref(),
        Some("/release/2013/10/29/jekyll-1-3-0-rc1-released.html")
    );
}

#[test]
fn dates_without_offset_are_read_in_the_site_zone() {
    let out = post(
        "---\ndate: 2024-07-01 12:00\n---\n",
        &site(&[("timezone", "America/Los_Angeles")]),
    );
    assert_eq!(out.meta.date.as_deref(), Some("2024-07-01T12:00:00-07:00"));
}

#[test]
fn unparseable_date_is_a_warning_and_the_file_date_is_used() {
    let out = post(
        "---\ndate: next tuesday\n---\n",
        &with_file("2020-01-02-x.md"),
    );
    assert_eq!(out.meta.date.as_deref(), Some("2020-01-02T00:00:00"));
    assert_eq!(out.warnings[0].kind, WarningKind::FrontMatter);
    assert_eq!(out.warnings[0].line, 2);
}

#[test]
fn titles_keep_their_whitespace_and_markup_as_typed() {
    let out = post("---\ntitle: >\n  18F at ten\n---\n", &opts());
    assert_eq!(out.meta.title.as_deref(), Some("18F at ten\n"));
    let out = post(
        "---\ntitle: \"Markup: Title *with* **Markdown**\"\n---\n",
        &opts(),
    );
    assert_eq!(
        out.meta.title.as_deref(),
        Some("Markup: Title *with* **Markdown**")
    );
}

#[test]
fn slug_odd_characters_stay_and_title_url_is_slugified() {
    let out = post("", &in_file(opts(), "_posts/2009-03-12-hash-#1.markdown"));
    assert_eq!(out.meta.slug.as_deref(), Some("hash-#1"));
    assert_eq!(out.meta.url.as_deref(), Some("/2009/03/12/hash-1.html"));
}

#[test]
fn url_categories_are_lowercased_deduplicated_and_escaped() {
    for (categories, url) in [
        (
            "[Edge Case, edge case, Blogging]",
            "/edge%20case/blogging/2009/05/18/x.html",
        ),
        // Non-ASCII is escaped byte by byte, between and after kept runs.
        (
            "[Café Ü, \"x%y\", é]",
            "/caf%C3%A9%20%C3%BC/x%25y/%C3%A9/2009/05/18/x.html",
        ),
    ] {
        let out = post(
            &format!("---\ncategories: {categories}\n---\n"),
            &with_file("2009-05-18-x.md"),
        );
        assert_eq!(out.meta.url.as_deref(), Some(url));
    }
}

#[test]
fn permalink_styles_and_patterns() {
    let file = "_posts/2026-01-02-hello-world.md";
    let url = |options: Options, fm: &str| post(fm, &in_file(options, file)).meta.url.unwrap();
    assert_eq!(
        url(site(&[("permalink", "pretty")]), ""),
        "/2026/01/02/hello-world/"
    );
    assert_eq!(
        url(site(&[("permalink", "ordinal")]), ""),
        "/2026/002/hello-world.html"
    );
    assert_eq!(url(site(&[("permalink", "none")]), ""), "/hello-world.html");
    assert_eq!(
        url(site(&[("permalink", "/blog/:year/:slug/")]), ""),
        "/blog/2026/hello-world/"
    );
    assert_eq!(
        url(opts(), "---\npermalink: /:title\n---\n"),
        "/hello-world"
    );
    assert_eq!(
        url(
            opts(),
            "---\npermalink: my_category/permalinked-post\n---\n"
        ),
        "/my_category/permalinked-post"
    );
}

// ---- excerpts

#[test]
fn excerpt_ends_at_the_posts_own_separator() {
    let out = post(
        "---\nexcerpt_separator: <!--more-->\n---\nOne\n\nTwo<!--more-->Three",
        &opts(),
    );
    assert_eq!(out.excerpt_html, "<p>One</p>\n<p>Two</p>\n");
}

#[test]
fn excerpt_separator_from_the_site() {
    let out = post(
        "Intro\n---\nRest",
        &site(&[("excerpt_separator", "\n---\n")]),
    );
    assert_eq!(out.excerpt_html, "<p>Intro</p>\n");
}

#[test]
fn crlf_posts_get_the_whole_post_as_excerpt() {
    let out = post("One\r\n\r\nTwo\r\n", &opts());
    assert_eq!(out.excerpt_html, "<p>One</p>\n<p>Two</p>\n");
}

#[test]
fn excerpt_links_resolve_through_references_later_in_the_post() {
    let out = post(
        "See [the docs][docs].\n\nMore.\n\n[docs]: https://example.org/docs\n",
        &opts(),
    );
    assert_eq!(
        out.excerpt_html,
        "<p>See <a href=\"https://example.org/docs\" rel=\"noopener noreferrer\">the docs</a>.</p>\n"
    );
}

#[test]
fn excerpt_of_a_liquid_block_that_outputs_nothing_is_empty() {
    let out = post("{% assign x = 1 %}\n\nBody", &opts());
    assert_eq!(out.excerpt_html, "");
}

// ---- Liquid

#[test]
fn raw_blocks_come_out_literally() {
    assert_eq!(
        html("{% raw %}{{ page.title }} {% if x %}{% endraw %}"),
        "<p>{{ page.title }} {% if x %}</p>\n"
    );
}

#[test]
fn site_time_is_now_unless_the_site_sets_it() {
    let before = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let out = html("{{ site.time }}");
    let after = inkpost::iso8601_utc(before + 2);
    let now = out
        .strip_prefix("<p>")
        .and_then(|s| s.strip_suffix("</p>\n"))
        .unwrap_or_else(|| panic!("{out:?}"));
    // ISO 8601 UTC, between the clock before and after the render.
    assert_eq!(now.len(), "2026-11-28T08:47:47+00:00".len(), "{now}");
    assert!(now.ends_with("+00:00"), "{now}");
    assert!(
        inkpost::iso8601_utc(before).as_str() <= now && now <= after.as_str(),
        "{now}"
    );
    let set = post("{{ site.time }}", &site(&[("time", "2001-02-03")]));
    assert_eq!(set.html, "<p>2001-02-03</p>\n");
}

#[test]
fn comments_are_removed() {
    assert_eq!(
        html("a {% comment %}secret {{ x }}{% endcomment %}b"),
        "<p>a b</p>\n"
    );
}

#[test]
fn highlight_becomes_a_code_block_with_the_language_class() {
    assert_eq!(
        html("{% highlight ruby %}\ndef x\n  \"<b>\"\nend\n{% endhighlight %}"),
        "<pre><code class=\"language-ruby\">def x\n  \"&lt;b&gt;\"\nend\n</code></pre>\n"
    );
}

#[test]
fn highlight_linenos_numbers_the_lines() {
    assert_eq!(
        html("{% highlight js linenos %}\na()\nb()\n{% endhighlight %}"),
        "<table class=\"rouge-table\"><tbody><tr><td class=\"gutter gl\"><pre class=\"lineno\">1\n2\n</pre></td><td class=\"code\"><pre><code class=\"language-js\">a()\nb()\n</code></pre></td></tr></tbody></table>\n"
    );
}

#[test]
fn page_and_site_variables_with_filters() {
    let options = in_file(
        site(&[
            ("url", "https://ex.org"),
            ("baseurl", "/blog"),
            ("title", "My <Blog>"),
        ]),
        "_posts/2008-11-21-complex.md",
    );
    let out = post(
        "---\ntitle: Complex\ntags: [a, b]\n---\n{{ page.title | upcase }} {{ page.url }} {{ '/x' | relative_url }} {{ 'x' | absolute_url }} {{ site.title | escape }} {{ page.tags | jsonify }} {{ page.date | date: \"%b %-d, %Y\" }} {{ page.date | date_to_xmlschema }} {{ nothing | default: 'dflt' }} {{ '<i>s</i>' | strip_html }}",
        &options,
    );
    assert_eq!(
        out.html,
        "<p>COMPLEX /2008/11/21/complex.html /blog/x https://ex.org/blog/x My &lt;Blog&gt; [“a”,“b”] Nov 21, 2008 2008-11-21T00:00:00 dflt s</p>\n"
    );
}

#[test]
fn assign_capture_if_unless() {
    assert_eq!(
        html("{% assign n = 'World' %}{% capture g %}Hello {{ n }}{% endcapture %}{% if g contains 'World' %}{{ g }}{% else %}no{% endif %}{% unless false %}!{% endunless %}"),
        "<p>Hello World!</p>\n"
    );
}

#[test]
fn post_url_and_link_resolve() {
    let options = site(&[("baseurl", "/blog")]);
    assert_eq!(
        post("[a]({% post_url 2010-07-21-name %}) [b]({% link _posts/2016-07-26-other.md %}) [c]({% link about.md %})", &options).html,
        "<p><a href=\"/blog/2010/07/21/name.html\">a</a> <a href=\"/blog/2016/07/26/other.html\">b</a> <a href=\"/blog/about.html\">c</a></p>\n"
    );
}

#[test]
fn what_needs_a_build_is_a_placeholder_with_a_warning_naming_tag_and_line() {
    let out = post("---\nt: 1\n---\nIntro\n\n{% include toc.html %}\n\n{% gist 123 %}\n\n{% for p in site.posts %}{{ p.title }}{% endfor %}\n", &opts());
    assert_eq!(
        out.html,
        "<p>Intro</p>\n<p><span class=\"inkpost-liquid\" title=\"Needs a Jekyll build\">include toc.html</span></p>\n<p><span class=\"inkpost-liquid\" title=\"Needs a Jekyll build\">gist 123</span></p>\n<p><span class=\"inkpost-liquid\" title=\"Needs a Jekyll build\">for p in site.posts</span></p>\n"
    );
    let liquid: Vec<_> = out
        .warnings
        .iter()
        .filter(|w| w.kind == WarningKind::Liquid)
        .map(|w| (w.line, w.message.as_str()))
        .collect();
    assert_eq!(liquid.len(), 3);
    assert_eq!(liquid[0].0, 6);
    assert!(
        liquid[0]
            .1
            .starts_with("Liquid `include toc.html` needs the site's _includes"),
        "{}",
        liquid[0].1
    );
    assert_eq!(liquid[1].0, 8);
    assert_eq!(liquid[2].0, 10);
}

#[test]
fn unknown_site_variables_are_empty_with_a_warning() {
    let out = post("[repo]({{ site.github.repo }}/x)", &opts());
    assert_eq!(out.html, "<p><a href=\"/x\">repo</a></p>\n");
    assert_eq!(out.warnings[0].kind, WarningKind::Liquid);
}

#[test]
fn unclosed_liquid_blocks_are_closed_with_a_warning() {
    let out = post("{% if true %}open", &opts());
    assert_eq!(out.html, "<p>open</p>\n");
    assert_eq!(
        out.warnings[0].message,
        "Liquid `if` block is never closed; it was closed at the end of the text"
    );
}

// ---- kramdown

#[test]
fn heading_ids_follow_kramdown() {
    let out = post(
        "# 正文\n\n## 1) Neural net training\n\n## H1 — heading\n\n## x\n\n## x\n\n## x\n",
        &opts(),
    );
    let ids: Vec<_> = out.toc.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "正文",
            "1-neural-net-training",
            "h1--heading",
            "x",
            "x-1",
            "x-2"
        ]
    );
}

#[test]
fn block_attribute_lists_apply_to_the_block_before() {
    assert_eq!(
        html("A notice.\n{: .notice}"),
        "<p class=\"notice\">A notice.</p>\n"
    );
    assert_eq!(
        html("## Title\n{: .mt-4 #custom}"),
        "<h2 id=\"custom\" class=\"mt-4\">Title</h2>\n"
    );
    assert_eq!(
        html("> Tip.\n{: .prompt-tip }"),
        "<blockquote class=\"prompt-tip\">\n<p>Tip.</p>\n</blockquote>\n"
    );
    assert_eq!(
        html("```\ncode\n```\n{: .language-ruby}"),
        "<pre class=\"language-ruby\"><code>code\n</code></pre>\n"
    );
}

#[test]
fn span_attribute_lists_apply_to_links_images_and_code() {
    assert_eq!(
        html("[x](#){: .btn .btn--primary}"),
        "<p><a href=\"#\" class=\"btn btn--primary\">x</a></p>\n"
    );
    assert_eq!(
        html("![a](/i.png){: width=\"972\" .w-50}"),
        "<p><img src=\"/i.png\" class=\"w-50\" width=\"972\" loading=\"lazy\" alt=\"a\" /></p>\n"
    );
    assert_eq!(
        html("`/a/b`{: .filepath}"),
        "<p><code class=\"filepath\">/a/b</code></p>\n"
    );
}

#[test]
fn attribute_lists_pass_the_allowlist() {
    let out = post("Text\n{: onclick=\"alert(1)\" style=\"x\" .ok}", &opts());
    assert_eq!(out.html, "<p class=\"ok\">Text</p>\n");
    assert_eq!(out.warnings.len(), 2);
}

#[test]
fn toc_list_becomes_the_table_of_contents() {
    let out = post("* TOC\n{:toc}\n\n# One\n\n## Two\n\n# Three\n", &opts());
    assert_eq!(
        out.html,
        "<ul id=\"markdown-toc\">\n<li><a href=\"#one\" id=\"markdown-toc-one\">One</a>\n<ul>\n<li><a href=\"#two\" id=\"markdown-toc-two\">Two</a></li>\n</ul>\n</li>\n<li><a href=\"#three\" id=\"markdown-toc-three\">Three</a></li>\n</ul>\n<h1 id=\"one\">One</h1>\n<h2 id=\"two\">Two</h2>\n<h1 id=\"three\">Three</h1>\n"
    );
}

#[test]
fn kramdown_comments_and_options_are_removed() {
    assert_eq!(html("a\n\n{::comment}\nhidden\n\nstill hidden\n{:/comment}\n\nb\n\n{::options parse_block_html=\"true\" /}"), "<p>a</p>\n<p>b</p>\n");
}

#[test]
fn typographic_symbols_and_smart_quotes() {
    assert_eq!(
        html("\"Hi\" 'there' -- a --- b... << c >>"),
        "<p>“Hi” ‘there’ – a — b… « c »</p>\n"
    );
    assert_eq!(
        html("```\na << b\n```"),
        "<pre><code>a &lt;&lt; b\n</code></pre>\n"
    );
}

#[test]
fn math_is_written_for_mathjax() {
    assert_eq!(
        html("When $$a \\ne 0$$ then\n\n$$\nx^2\n$$\n\nCosts $5 and $6."),
        "<p>When \\(a \\ne 0\\) then</p>\n<p>\\[x^2\\]</p>\n<p>Costs $5 and $6.</p>\n"
    );
}

/// kramdown has no single-dollar math: `$…$` is text, and kramdown's escapes
/// apply inside it (`\\{` becomes `\{`), though not CommonMark's wider set
/// (LaTeX's `\,` stays).
#[test]
fn single_dollar_math_is_text_with_kramdown_escapes() {
    assert_eq!(
        html("Alphabet $\\Sigma = \\\\{0, 1\\\\}$ and $a\\,b$."),
        "<p>Alphabet $\\Sigma = \\{0, 1\\}$ and $a\\,b$.</p>\n"
    );
}

/// kramdown table separator lines: `|----` (or `|---+---|`) starts a new
/// body part, `|====` the footer; neither is shown as a row of dashes.
#[test]
fn kramdown_table_separator_lines() {
    let out = html(
        "| a | b |\n|---|---|\n| 1 | 2 |\n|----\n| 3 | 4 |\n|---+---|\n| 5 | - |\n|=====\n| f | g\n\n| x |\n|---|\n| - |\n",
    );
    assert_eq!(
        out,
        "<table><thead>\n<tr><th>a</th><th>b</th></tr>\n</thead>\n<tbody>\n\
         <tr><td>1</td><td>2</td></tr>\n</tbody>\n<tbody>\n\
         <tr><td>3</td><td>4</td></tr>\n</tbody>\n<tbody>\n\
         <tr><td>5</td><td>-</td></tr>\n</tbody>\n<tfoot>\n\
         <tr><td>f</td><td>g</td></tr>\n</tfoot>\n</table>\n\
         <table><thead>\n<tr><th>x</th></tr>\n</thead>\n</table>\n"
    );
    // (kramdown drops a table with no body row and shows its lines as a
    // paragraph; inkpost keeps the header as a table, as GFM does.)
    // No empty parts: a separator with no rows before it is ignored, and a
    // trailing one closes nothing. A `|====` inside the footer makes the
    // rows before it a body part; a `|----` there does not. `|+--+|` is a
    // separator, `|-=-|` a row.
    assert_eq!(
        html("| a |\n|---|\n|---+---|\n| 1 |\n|+--+|\n| 2 |\n|===|\n| f |\n|---|\n| g |\n|===|\n| h |\n|-=-|\n|---|\n"),
        "<table><thead>\n<tr><th>a</th></tr>\n</thead>\n<tbody>\n\
         <tr><td>1</td></tr>\n</tbody>\n<tbody>\n<tr><td>2</td></tr>\n</tbody>\n<tbody>\n\
         <tr><td>f</td></tr>\n<tr><td>g</td></tr>\n</tbody>\n<tfoot>\n\
         <tr><td>h</td></tr>\n<tr><td>-=-</td></tr>\n</tfoot>\n</table>\n"
    );
    assert!(inkpost::fuzzing::check_output(&out).is_ok());
    // A separator line above the header is the table's top border; one that
    // stands alone is text.
    assert_eq!(
        html("|---+---|\n| a | b |\n|---|---|\n| 1 | 2 |\n\n|---+---|\n\ntext\n"),
        "<table><thead>\n<tr><th>a</th><th>b</th></tr>\n</thead>\n<tbody>\n\
         <tr><td>1</td><td>2</td></tr>\n</tbody>\n</table>\n\
         <p>|—+—|</p>\n<p>text</p>\n"
    );
    // A paragraph that only starts with such a line is not a border: all of
    // its text shows.
    assert_eq!(
        html("para\n\n|----|\n| a | b |\n|----|\nmore text here\n"),
        "<p>para</p>\n<p>|––|\n| a | b |\n|––|\nmore text here</p>\n"
    );
}

/// kramdown does not nest emphasis in emphasis of the same kind: the inner
/// delimiters are text (CommonMark would nest them).
#[test]
fn emphasis_inside_its_own_kind_stays_text() {
    assert_eq!(
        html("This *does _not_ work*, **nor __this__**; *a **b *c* d** e*, ***x***."),
        "<p>This <em>does _not_ work</em>, <strong>nor __this__</strong>; \
         <em>a <strong>b *c* d</strong> e</em>, <em><strong>x</strong></em>.</p>\n"
    );
    // The lenient pairing for CJK text pairs `**` only within one element,
    // so the tags stay balanced.
    assert_eq!(
        html("_a **b_ _c** d_ 中"),
        "<p><em>a **b</em> <em>c** d</em> 中</p>\n"
    );
}

#[test]
fn cjk_strong_emphasis_next_to_punctuation_closes() {
    assert_eq!(
        html("**免责声明：**我之前"),
        "<p><strong>免责声明：</strong>我之前</p>\n"
    );
}

#[test]
fn inline_code_keeps_liquid_like_text_when_raw() {
    assert_eq!(
        html("`{% raw %}{{ x }}{% endraw %}`"),
        "<p><code>{{ x }}</code></p>\n"
    );
}
