//! Front matter and the metadata Jekyll computes from it, one rule per test.

mod common;
use common::*;
use inkpost::{Value, WarningKind};

#[test]
fn seed_post_metadata() {
    let out = post(
        SEED,
        &with_file("2026-01-02-latest-maduro-says-venezuela-open-to-us-talks.md"),
    );
    let m = &out.meta;
    assert_eq!(
        m.title.as_deref(),
        Some("Latest: Maduro says Venezuela open to US talks on drug trafficking")
    );
    assert_eq!(m.date.as_deref(), Some("2026-01-02T02:34:11"));
    assert_eq!(m.categories, ["News"]);
    assert!(m.tags.is_empty());
    assert_eq!(m.author, Some(Value::String("badely".into())));
    assert_eq!(
        m.slug.as_deref(),
        Some("latest-maduro-says-venezuela-open-to-us-talks")
    );
    assert!(out
        .html
        .starts_with("<p>Let’s dive into the details: Venezuelan leader Nicolás Maduro"));
    // The one warning is the repaired "Nicol√°s".
    assert_eq!(out.warnings.len(), 1, "{:?}", out.warnings);
}

#[test]
fn no_front_matter_is_fine() {
    let out = post("# Just markdown\n", &opts());
    assert_eq!(out.html, "<h1 id=\"just-markdown\">Just markdown</h1>\n");
    assert!(out.warnings.is_empty());
    assert_eq!(out.meta.title, None);
}

#[test]
fn date_and_slug_come_from_the_file_name_when_front_matter_has_no_date() {
    let out = post(
        "---\ntitle: x\n---\n",
        &with_file("_posts/2008-10-18-foo-bar.md"),
    );
    assert_eq!(out.meta.date.as_deref(), Some("2008-10-18T00:00:00"));
    assert_eq!(out.meta.slug.as_deref(), Some("foo-bar"));
}

#[test]
fn front_matter_date_wins_over_the_file_name() {
    let out = post(
        "---\ndate: 2013-05-12 14:45:00 +0200\n---\n",
        &with_file("2013-05-01-x.md"),
    );
    assert_eq!(out.meta.date.as_deref(), Some("2013-05-12T14:45:00+02:00"));
}

#[test]
fn title_defaults_to_the_titleized_slug() {
    let out = post(
        "no yaml",
        &with_file("_posts/2009-06-22-edge-case-no-yaml-title.md"),
    );
    assert_eq!(out.meta.title.as_deref(), Some("Edge Case No Yaml Title"));
}

#[test]
fn categories_string_is_split_on_whitespace() {
    let out = post("---\ncategories: foo bar baz\n---\n", &opts());
    assert_eq!(out.meta.categories, ["foo", "bar", "baz"]);
}

#[test]
fn categories_list_items_become_strings() {
    let out = post("---\ncategories: [Blogging, 2013]\n---\n", &opts());
    assert_eq!(out.meta.categories, ["Blogging", "2013"]);
}

#[test]
fn singular_category_is_not_split_and_comes_after_folders_and_categories() {
    let out = post(
        "---\ncategories: a b\ncategory: Solo Word\n---\n",
        &with_file("foo/_posts/2020-01-01-x.md"),
    );
    assert_eq!(out.meta.categories, ["foo", "a", "b", "Solo Word"]);
}

#[test]
fn tags_string_is_split_and_singular_tag_wins() {
    assert_eq!(
        post("---\ntags: formatting links\n---\n", &opts())
            .meta
            .tags,
        ["formatting", "links"]
    );
    assert_eq!(
        post("---\ntag: one\ntags: [two, three]\n---\n", &opts())
            .meta
            .tags,
        ["one"]
    );
}

#[test]
fn published_false_and_null_mean_unpublished() {
    assert!(post("---\ntitle: x\n---\n", &opts()).meta.published);
    assert!(!post("---\npublished: false\n---\n", &opts()).meta.published);
    assert!(!post("---\npublished:\n---\n", &opts()).meta.published);
}

#[test]
fn every_other_key_is_kept_as_typed() {
    let out = post(
        "---\nheader:\n  teaser: /a.png\ncount: 3\nratio: 1.5\nflag: true\n---\n",
        &opts(),
    );
    let json = serde_json::to_value(&out.meta).unwrap();
    assert_eq!(json["header"]["teaser"], "/a.png");
    assert_eq!(json["count"], 3);
    assert_eq!(json["ratio"], 1.5);
    assert_eq!(json["flag"], true);
}

#[test]
fn invalid_yaml_is_a_warning_at_the_file_line_and_the_body_renders() {
    let out = post("---\ntitle: fine\nbad: : :\n---\nBody text\n", &opts());
    assert_eq!(out.html, "<p>Body text</p>\n");
    assert_eq!(out.warnings.len(), 1);
    let w = &out.warnings[0];
    assert_eq!(w.kind, WarningKind::FrontMatter);
    assert_eq!((w.line, w.column), (3, 6));
    assert!(
        w.message.starts_with("front matter is not valid YAML ("),
        "{}",
        w.message
    );
}

#[test]
fn a_bom_before_the_front_matter_is_ignored() {
    let out = post("\u{feff}---\ntitle: B\n---\nx", &opts());
    assert_eq!(out.meta.title.as_deref(), Some("B"));
}

#[test]
fn front_matter_excerpt_is_text_not_markdown() {
    let out = post("---\nexcerpt: \"*not* <b>html</b>\"\n---\nBody", &opts());
    assert_eq!(out.excerpt_html, "*not* &lt;b&gt;html&lt;/b&gt;");
}

#[test]
fn excerpt_is_the_first_block_rendered() {
    let out = post("First *para*.\n\nSecond.", &opts());
    assert_eq!(out.excerpt_html, "<p>First <em>para</em>.</p>\n");
}

#[test]
fn rendered_serializes_in_camel_case() {
    let out = post("---\ntitle: t\nimage: /a.png\n---\nx", &opts());
    let json = serde_json::to_value(&out).unwrap();
    for key in ["meta", "html", "excerptHtml", "toc", "stats", "warnings"] {
        assert!(json.get(key).is_some(), "{key}");
    }
    assert_eq!(json["stats"]["readingMinutes"], 1);
    assert_eq!(json["meta"]["imageUrl"], "/a.png");
}

#[test]
fn options_field_list_matches_the_options() {
    let json = serde_json::to_value(inkpost::Options::default()).unwrap();
    let mut keys: Vec<_> = json.as_object().unwrap().keys().cloned().collect();
    let mut fields: Vec<_> = inkpost::Options::FIELDS
        .iter()
        .map(|s| s.to_string())
        .collect();
    keys.sort();
    fields.sort();
    assert_eq!(keys, fields);
    assert!(serde_json::from_str::<inkpost::Options>(r#"{"baseURL": "x"}"#).is_err());
}

#[test]
fn front_matter_cannot_override_the_checked_url_fields() {
    let out = post(
        "---\nurl: \"javascript:alert(1)\"\nimageUrl: \"javascript:alert(2)\"\nimage: /hero.png\n---\nx\n",
        &with_file("_posts/2026-01-02-a.md"),
    );
    assert_eq!(out.meta.url.as_deref(), Some("/2026/01/02/a.html"));
    assert_eq!(out.meta.image_url.as_deref(), Some("/hero.png"));
    assert!(out.meta.data.get("url").is_none() && out.meta.data.get("imageUrl").is_none());
    let json = serde_json::to_string(&out.meta).unwrap();
    assert_eq!(json.matches("\"url\"").count(), 1, "{json}");
    assert_eq!(json.matches("\"imageUrl\"").count(), 1, "{json}");
    let ignored: Vec<_> = out
        .warnings
        .iter()
        .filter(|w| w.kind == WarningKind::FrontMatter)
        .map(|w| (w.line, w.message.as_str()))
        .collect();
    assert_eq!(
        ignored,
        [
            (2, "front-matter key `url` was ignored: inkpost computes `url` from the permalink, as Jekyll's `page.url`"),
            (3, "front-matter key `imageUrl` was ignored: inkpost computes `imageUrl` from `image`, checked by the URL policy")
        ]
    );
}
