//! Pathological posts: each renders or gives a clear error or warning, in time
//! linear in its size (a quadratic stage would make these tests crawl).

use inkpost::{render, try_render, try_render_bytes, Error, Options, WarningKind};

fn opts() -> Options {
    Options::default()
}

#[test]
fn hundred_thousand_nested_blockquotes_are_refused_by_max_nesting() {
    let post = format!("{} deep\n", ">".repeat(100_000));
    assert_eq!(
        try_render(&post, &opts()),
        Err(Error::TooDeep {
            depth: 100_001,
            limit: 128
        })
    );
    let err = try_render(&post, &opts()).unwrap_err().to_string();
    assert_eq!(err, "the post nests blocks 100001 deep, more than maxNesting (128); raise the limit to render it");
    // With the limit raised it renders, every quote closed.
    let out = try_render(
        &post,
        &Options {
            max_nesting: 200_000,
            ..opts()
        },
    )
    .unwrap();
    assert_eq!(out.html.matches("<blockquote>").count(), 100_000);
    assert_eq!(out.html.matches("</blockquote>").count(), 100_000);
}

#[test]
fn hundred_thousand_nested_list_markers() {
    let post = format!("{} x\n", "* ".repeat(100_000));
    let out = render(&post, &opts());
    assert_eq!(
        out.html.matches("<ul>").count(),
        out.html.matches("</ul>").count()
    );
    assert!(matches!(
        try_render(&post, &opts()),
        Err(Error::TooDeep { .. })
    ));
}

#[test]
fn hundred_thousand_open_brackets() {
    let post = "[".repeat(100_000);
    let out = render(&post, &opts());
    assert_eq!(out.html, format!("<p>{}</p>\n", "[".repeat(100_000)));
}

#[test]
fn hundred_thousand_nested_raw_divs_are_refused_by_max_nesting() {
    let post = "<div>".repeat(100_000);
    assert!(matches!(
        try_render(&post, &opts()),
        Err(Error::TooDeep {
            depth: 100_000,
            limit: 128
        })
    ));
    let out = render(&post, &opts());
    assert_eq!(out.html.matches("</div>").count(), 100_000);
}

#[test]
fn five_megabyte_single_line() {
    let post = "word ".repeat(1_000_000);
    let out = try_render(&post, &opts()).unwrap();
    assert_eq!(out.stats.words, 1_000_000);
    assert_eq!(out.html.len(), post.trim_end().len() + "<p></p>\n".len());
}

#[test]
fn fifty_thousand_list_items() {
    let post: String = (0..50_000).map(|i| format!("- item {i}\n")).collect();
    let out = try_render(&post, &opts()).unwrap();
    assert_eq!(out.html.matches("<li>").count(), 50_000);
}

#[test]
fn thousand_column_table() {
    let header: String = (0..1000).map(|i| format!("| c{i} ")).collect::<String>() + "|\n";
    let rule = "|---".repeat(1000) + "|\n";
    let row = "| x ".repeat(1000) + "|\n";
    let out = try_render(&(header + &rule + &row), &opts()).unwrap();
    assert_eq!(out.html.matches("<th>").count(), 1000);
    assert_eq!(out.html.matches("<td>").count(), 1000);
}

#[test]
fn hundred_thousand_footnote_references() {
    let post = "x[^n] ".repeat(100_000) + "\n\n[^n]: the note\n";
    let out = try_render(&post, &opts()).unwrap();
    assert_eq!(out.html.matches("role=\"doc-noteref\"").count(), 100_000);
    assert_eq!(out.html.matches("<li id=\"fn:n\">").count(), 1);
    assert!(out.html.contains("id=\"fnref:n:99999\""));
}

#[test]
fn one_megabyte_front_matter() {
    let keys: String = (0..40_000)
        .map(|i| format!("key{i}: value number {i}\n"))
        .collect();
    let post = format!("---\ntitle: Big\n{keys}---\nbody\n");
    assert!(post.len() > 1_000_000);
    let out = try_render(&post, &opts()).unwrap();
    assert_eq!(out.meta.title.as_deref(), Some("Big"));
    assert_eq!(out.meta.data.len(), 40_000);
    assert_eq!(out.html, "<p>body</p>\n");
}

#[test]
fn yaml_billion_laughs_is_a_warning_and_the_body_renders() {
    let mut yaml = String::from(
        "---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (name, prev) in ["b", "c", "d", "e", "f", "g", "h", "i"]
        .iter()
        .zip(["a", "b", "c", "d", "e", "f", "g", "h"])
    {
        let refs = vec![format!("*{prev}"); 9].join(",");
        yaml.push_str(&format!("{name}: &{name} [{refs}]\n"));
    }
    let post = format!("{yaml}---\nStill here.\n");
    let out = try_render(&post, &opts()).unwrap();
    assert_eq!(out.html, "<p>Still here.</p>\n");
    let w = &out.warnings[0];
    assert_eq!(w.kind, WarningKind::FrontMatter);
    assert!(
        w.message
            .starts_with("front matter is not valid YAML (repetition limit exceeded)"),
        "{}",
        w.message
    );
}

#[test]
fn ten_thousand_deep_yaml_is_a_warning_and_the_body_renders() {
    let post = format!(
        "---\na: {}{}\n---\nStill here.\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let out = try_render(&post, &opts()).unwrap();
    assert_eq!(out.html, "<p>Still here.</p>\n");
    assert!(
        out.warnings[0]
            .message
            .starts_with("front matter is not valid YAML (recursion limit exceeded"),
        "{}",
        out.warnings[0].message
    );
}

#[test]
fn max_input_bytes_refuses_a_larger_post() {
    let post = "x".repeat(2_000);
    let options = Options {
        max_input_bytes: 1_000,
        ..opts()
    };
    assert_eq!(
        try_render(&post, &options),
        Err(Error::TooLarge {
            bytes: 2_000,
            limit: 1_000
        })
    );
    assert_eq!(Options::default().max_input_bytes, 10 << 20);
}

#[test]
fn invalid_options_are_typed_errors() {
    let bad_base = Options {
        base_url: Some("java script:x".into()),
        ..opts()
    };
    assert_eq!(
        try_render("x", &bad_base).unwrap_err().to_string(),
        "invalid option baseUrl: `java script:x` is not an http(s) URL or a path"
    );
    let bad_prefix = Options {
        id_prefix: "a b".into(),
        ..opts()
    };
    assert!(matches!(
        try_render("x", &bad_prefix),
        Err(Error::InvalidOption {
            option: "idPrefix",
            ..
        })
    ));
    let mut bad_zone = opts();
    bad_zone.site.timezone = Some("Mars/Olympus".into());
    assert!(matches!(
        try_render("x", &bad_zone),
        Err(Error::InvalidOption {
            option: "site.timezone",
            ..
        })
    ));
    let good = Options {
        base_url: Some("https://example.org/blog/".into()),
        ..opts()
    };
    assert!(try_render("x", &good).is_ok());
}

// ---- bad bytes and odd files

#[test]
fn invalid_utf8_becomes_replacement_characters_with_a_warning() {
    let out = try_render_bytes(b"---\ntitle: T\n---\nok \xff bad\n", &opts()).unwrap();
    assert_eq!(out.html, "<p>ok \u{FFFD} bad</p>\n");
    assert_eq!(out.warnings.len(), 1);
    let w = &out.warnings[0];
    assert_eq!((w.kind, w.line, w.column), (WarningKind::Encoding, 4, 4));
    assert_eq!(w.message, "the file is not valid UTF-8: 1 invalid byte sequence (the first at byte offset 20) became U+FFFD");
}

#[test]
fn nul_bytes_become_replacement_characters() {
    let out = render("a\0b", &opts());
    assert_eq!(out.html, "<p>a\u{FFFD}b</p>\n");
}

#[test]
fn lone_cr_line_endings_work_like_lf() {
    let out = render("---\rtitle: Mac\r---\rOne\r\rTwo\r", &opts());
    assert_eq!(out.meta.title.as_deref(), Some("Mac"));
    assert_eq!(out.html, "<p>One</p>\n<p>Two</p>\n");
}

#[test]
fn lines_count_as_the_file_has_them_whatever_ends_them() {
    let o = Options {
        source_lines: true,
        ..opts()
    };
    for eol in ["\n", "\r", "\r\n"] {
        let lines = [
            "---",
            "title: T",
            "---",
            "One",
            "",
            "<script>x</script>",
            "",
            "# Two",
            "",
        ];
        let out = render(&lines.join(eol), &o);
        assert_eq!(
            out.html, "<p data-line=\"4\">One</p>\n<h1 data-line=\"8\" id=\"two\">Two</h1>\n",
            "{eol:?}"
        );
        let warned: Vec<(u32, u32)> = out.warnings.iter().map(|w| (w.line, w.column)).collect();
        assert_eq!(warned, [(6, 1)], "{eol:?}");
        let blocks: Vec<u32> = out.blocks.iter().map(|b| b.line).collect();
        assert_eq!(blocks, [4, 8], "{eol:?}");
    }
    // Markdown inside raw HTML (`markdown="1"`) has the file's lines too,
    // though a lone CR from a Liquid value ends a line in its text.
    let post = "---\nx: \"one\\rtwo\"\n---\n<div markdown=\"1\">\n{{ page.x }}\n# H\n</div>\n";
    let out = render(post, &o);
    assert_eq!(
        out.html,
        "<div>\n<p data-line=\"5\">one\ntwo</p>\n<h1 data-line=\"6\" id=\"h\">H</h1>\n</div>\n"
    );
}

#[test]
fn crlf_line_endings() {
    let out = render("---\r\ntitle: Win\r\n---\r\nOne\r\n\r\nTwo\r\n", &opts());
    assert_eq!(out.meta.title.as_deref(), Some("Win"));
    assert_eq!(out.html, "<p>One</p>\n<p>Two</p>\n");
}

#[test]
fn utf8_bom_is_skipped() {
    let out = try_render_bytes(b"\xEF\xBB\xBF---\ntitle: BOM\n---\nx", &opts()).unwrap();
    assert_eq!(out.meta.title.as_deref(), Some("BOM"));
    assert!(out.warnings.is_empty());
}

#[test]
fn front_matter_that_is_a_list_or_a_scalar_is_ignored_with_a_warning() {
    for (post, shape) in [
        ("---\n- a\n- b\n---\nx", "a list"),
        ("---\njust text\n---\nx", "a single value"),
    ] {
        let out = render(post, &opts());
        assert_eq!(out.html, "<p>x</p>\n");
        assert_eq!(
            out.warnings[0].message,
            format!("front matter is {shape}, not a mapping of keys to values; it was ignored")
        );
    }
}

#[test]
fn empty_and_unclosed_front_matter() {
    assert!(render("---\n---\nx", &opts()).warnings.is_empty());
    let out = render("---\ntitle: x\nbody", &opts());
    assert_eq!(out.warnings[0].message, "front matter opened with `---` on line 1 never closes; the whole file was rendered as the body");
}

#[test]
fn a_renderer_checks_its_options_once_and_each_post_s_limits() {
    let bad = Options {
        id_prefix: "a b".into(),
        ..Options::default()
    };
    assert!(matches!(
        inkpost::Renderer::new(bad),
        Err(Error::InvalidOption {
            option: "idPrefix",
            ..
        })
    ));
    let renderer = inkpost::Renderer::new(Options {
        max_input_bytes: 10,
        ..Options::default()
    })
    .unwrap();
    assert_eq!(renderer.render("short").unwrap().html, "<p>short</p>\n");
    assert_eq!(
        renderer.render("a longer post"),
        Err(Error::TooLarge {
            bytes: 13,
            limit: 10
        })
    );
    let post = renderer
        .render_file("news/_posts/2026-01-02-a.md", b"x\xff")
        .unwrap();
    assert_eq!(post.meta.categories, ["news"]);
    assert_eq!(post.html, "<p>x\u{FFFD}</p>\n");
    assert_eq!(post.warnings.len(), 1);
}
