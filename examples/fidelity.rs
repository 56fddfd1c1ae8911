//! Renders every post of the Jekyll corpus and compares it with what Jekyll made of it.
//!
//! `cargo run --release --example fidelity -- [CORPUS_DIR] [--verbose] [--post SUBSTRING]`
//! (default `../shared/corpus`). Prints per-field match rates and the posts that
//! differ; exits 1 when a threshold is missed, 2 when the corpus is absent.

use inkpost::{html_to_text, render, Options, Site};
use serde_json::Value as Json;
use std::path::PathBuf;
use std::process::ExitCode;

struct Field {
    name: &'static str,
    threshold: f64,
    matched: usize,
    total: usize,
    misses: Vec<String>,
}

impl Field {
    fn new(name: &'static str, threshold: f64) -> Self {
        Field {
            name,
            threshold,
            matched: 0,
            total: 0,
            misses: Vec::new(),
        }
    }
    fn check(&mut self, post: &str, ours: String, theirs: String) {
        self.total += 1;
        if ours == theirs {
            self.matched += 1;
        } else {
            // Show where the two first differ.
            let common = ours
                .char_indices()
                .zip(theirs.chars())
                .find(|((_, a), b)| a != b)
                .map_or(ours.len().min(theirs.len()), |((i, _), _)| i);
            let from = ours[..common]
                .char_indices()
                .rev()
                .nth(40)
                .map_or(0, |(i, _)| i);
            let from_theirs = theirs
                .char_indices()
                .map(|(i, _)| i)
                .find(|&i| i >= from)
                .unwrap_or(theirs.len());
            self.misses.push(format!(
                "{post}\n      inkpost: {}\n      jekyll:  {}",
                clip(&ours[from..]),
                clip(theirs.get(from_theirs..).unwrap_or(""))
            ));
        }
    }
    fn rate(&self) -> f64 {
        if self.total == 0 {
            1.0
        } else {
            self.matched as f64 / self.total as f64
        }
    }
}

fn clip(s: &str) -> String {
    let s = s.replace('\n', "\\n");
    match s.char_indices().nth(120) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s,
    }
}

fn json_text(v: &Json) -> String {
    match v {
        Json::Null => "null".into(),
        Json::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Text of our HTML without the placeholders for what needs a build (the
/// reference stubbed those includes as empty).
fn our_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find("<span class=\"inkpost-liquid\"") {
        out.push_str(&rest[..i]);
        rest = rest[i..].find("</span>").map_or("", |e| &rest[i + e + 7..]);
    }
    out.push_str(rest);
    html_to_text(&out)
}

/// Liquid or kramdown syntax showing outside code.
fn leftovers(html: &str) -> Vec<&'static str> {
    let mut outside = String::new();
    let mut rest = html;
    while let Some(i) = rest.find("<code") {
        outside.push_str(&rest[..i]);
        rest = rest[i..].find("</code>").map_or("", |e| &rest[i + e + 7..]);
    }
    outside.push_str(rest);
    ["{%", "{{", "{:"]
        .into_iter()
        .filter(|m| outside.contains(m))
        .collect()
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let verbose = args.iter().any(|a| a == "--verbose");
    let only = args
        .iter()
        .position(|a| a == "--post")
        .and_then(|i| args.get(i + 1))
        .cloned();
    let dir = args
        .iter()
        .find(|a| !a.starts_with("--") && Some(*a) != only.as_ref())
        .map_or_else(|| PathBuf::from("../shared/corpus"), PathBuf::from);
    let reference = dir.join("jekyll-reference.json");
    let Ok(text) = std::fs::read_to_string(&reference) else {
        eprintln!(
            "fidelity: the Jekyll corpus is not at {} (expected {}); pass its folder as the first argument or CORPUS=… to make",
            dir.display(),
            reference.display()
        );
        return ExitCode::from(2);
    };
    let reference: Json = serde_json::from_str(&text).expect("jekyll-reference.json is JSON");
    let posts = reference["posts"].as_array().expect("posts array");
    let mut site = Site {
        url: Some("https://example.org".into()),
        baseurl: Some(String::new()),
        timezone: Some("UTC".into()),
        ..Site::default()
    };
    // `site.time` is when Jekyll built the reference.
    if let Some(time) = reference["meta"]["build_time_utc"].as_str() {
        site.other
            .insert("time".into(), inkpost::Value::String(time.to_owned()));
    }

    let mut fields = vec![
        Field::new("title", 0.99),
        Field::new("date", 0.99),
        Field::new("slug", 0.99),
        Field::new("categories", 0.99),
        Field::new("tags", 0.99),
        Field::new("published", 0.99),
        Field::new("url", 0.99),
        Field::new("excerpt text", 0.95),
        Field::new("content text", 0.90),
        Field::new("no {% {{ {: outside code (unless Jekyll shows it too)", 1.0),
        Field::new(
            "raw-HTML posts keep their figures, tables, images, links",
            0.95,
        ),
    ];
    for post in posts {
        let file = post["file"].as_str().unwrap_or_default();
        if only.as_ref().is_some_and(|o| !file.contains(o.as_str())) {
            continue;
        }
        let Ok(bytes) = std::fs::read(dir.join(file)) else {
            eprintln!("fidelity: cannot read {file}");
            continue;
        };
        let source = String::from_utf8_lossy(&bytes);
        let options = Options {
            file_name: post["site_relative_path"].as_str().map(str::to_owned),
            site: site.clone(),
            ..Options::default()
        };
        let out = render(&source, &options);
        let m = &out.meta;
        let name = file.trim_start_matches("posts/");
        let list = |v: &[String]| format!("{v:?}");
        let theirs_list = |v: &Json| {
            let items: Vec<String> = v
                .as_array()
                .map(|a| a.iter().map(json_text).collect())
                .unwrap_or_default();
            format!("{items:?}")
        };
        fields[0].check(
            name,
            m.title.clone().unwrap_or_default(),
            json_text(&post["title"]),
        );
        fields[1].check(
            name,
            m.date.clone().unwrap_or_default(),
            json_text(&post["date"]),
        );
        fields[2].check(
            name,
            m.slug.clone().unwrap_or_default(),
            json_text(&post["slug"]),
        );
        fields[3].check(name, list(&m.categories), theirs_list(&post["categories"]));
        fields[4].check(name, list(&m.tags), theirs_list(&post["tags"]));
        let published = !matches!(post["published"], Json::Bool(false));
        fields[5].check(name, m.published.to_string(), published.to_string());
        fields[6].check(
            name,
            m.url.clone().unwrap_or_default(),
            json_text(&post["url"]),
        );
        let rendered_liquid = post["liquid"] == "rendered";
        if rendered_liquid {
            fields[7].check(
                name,
                our_text(&out.excerpt_html),
                html_to_text(&json_text(&post["excerpt"])),
            );
            fields[8].check(
                name,
                our_text(&out.html),
                html_to_text(&json_text(&post["content"])),
            );
        }
        // Jekyll itself shows Liquid that `{% raw %}` protects; only what it
        // does not show counts.
        let theirs_left = leftovers(&json_text(&post["content"]));
        let left: Vec<_> = leftovers(&out.html)
            .into_iter()
            .filter(|m| !theirs_left.contains(m))
            .collect();
        fields[9].check(name, format!("{left:?}"), "[]".into());
        // The sanitizer keeps the markup of ordinary articles: as many figures,
        // tables, images and links as Jekyll wrote (raw HTML ones included).
        if rendered_liquid && source.contains('<') {
            // `<figure class="highlight">` is Rouge's wrapper for highlighted
            // code (inkpost writes `<pre><code>`), not an author's figure.
            let theirs = json_text(&post["content"]).replace("<figure class=\"highlight\"", "");
            let kept = |html: &str| {
                ["<figure", "<table", "<img ", "<a href"].map(|t| html.matches(t).count())
            };
            let (ours, jekyll) = (kept(&out.html), kept(&theirs));
            let short: Vec<String> = ["figure", "table", "img", "a"]
                .iter()
                .zip(ours.iter().zip(jekyll.iter()))
                .filter(|(_, (o, j))| o < j)
                .map(|(t, (o, j))| format!("{t} {o}/{j}"))
                .collect();
            fields[10].check(name, format!("{short:?}"), "[]".into());
        }
    }

    let mut ok = true;
    println!("| field | matched | rate | threshold |");
    println!("|---|---:|---:|---:|");
    for f in &fields {
        let pass = f.rate() >= f.threshold;
        ok &= pass;
        println!(
            "| {} | {}/{} | {:.1}% | {}{:.0}% |",
            f.name,
            f.matched,
            f.total,
            f.rate() * 100.0,
            if pass { "" } else { "**missed** " },
            f.threshold * 100.0
        );
    }
    for f in &fields {
        if f.misses.is_empty() {
            continue;
        }
        println!("\n{} differs in {} post(s):", f.name, f.misses.len());
        let shown = if verbose {
            f.misses.len()
        } else {
            f.misses.len().min(8)
        };
        for miss in &f.misses[..shown] {
            println!("  - {miss}");
        }
        if shown < f.misses.len() {
            println!(
                "  … and {} more (--verbose lists all)",
                f.misses.len() - shown
            );
        }
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
