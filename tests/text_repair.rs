//! Mis-decoded text is repaired: every garbled sentence of the generated set comes
//! back exactly, and no legitimate sentence changes (fixtures made by
//! bench/text_repair/make_fixtures.py; ftfy's score on the same set is in
//! bench/text_repair/README.md).

mod common;
use common::*;
use inkpost::{render, Options, WarningKind};

/// The fixture's escapes: `\\`, `\t`, `\n`, `\r` and `\xHH` (C0/C1 controls).
fn unescape(field: &str) -> String {
    let mut out = String::with_capacity(field.len());
    let mut chars = field.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('x') => {
                let hex: String = chars.by_ref().take(2).collect();
                out.push(char::from_u32(u32::from_str_radix(&hex, 16).unwrap()).unwrap());
            }
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

fn text_of(source: &str) -> String {
    inkpost::html_to_text(&render(source, &opts()).html)
}

#[test]
fn every_garbled_sentence_comes_back_exactly() {
    let mut failures = Vec::new();
    let mut count = 0;
    for line in include_str!("fixtures/text_repair/garbled.tsv")
        .lines()
        .filter(|l| !l.starts_with('#'))
    {
        let mut cols = line.split('\t');
        let (Some(garbled), Some(expected), codec) = (cols.next(), cols.next(), cols.next()) else {
            continue;
        };
        let (garbled, expected) = (&unescape(garbled), &unescape(expected));
        count += 1;
        let out = render(garbled, &opts());
        let want = render(
            expected,
            &Options {
                repair_encoding: false,
                ..opts()
            },
        );
        if out.html != want.html {
            failures.push(format!(
                "{codec:?}: {garbled:?}\n  got  {}\n  want {}",
                out.html, want.html
            ));
        }
        assert!(out.warnings.iter().all(|w| w.kind == WarningKind::Encoding));
    }
    assert!(count >= 600, "{count}");
    assert!(
        failures.is_empty(),
        "{} of {count} not repaired:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn no_clean_sentence_changes() {
    let mut changed = Vec::new();
    for line in include_str!("fixtures/text_repair/clean.txt")
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
    {
        let out = render(line, &opts());
        let plain = render(
            line,
            &Options {
                repair_encoding: false,
                ..opts()
            },
        );
        if out.html != plain.html || !out.warnings.is_empty() {
            changed.push(format!("{line:?} -> {}", out.html));
        }
    }
    assert!(changed.is_empty(), "{}", changed.join("\n"));
}

#[test]
fn the_sample_post_reads_nicolas() {
    let out = render(
        SEED,
        &with_file("2026-01-02-latest-maduro-says-venezuela-open-to-us-talks.md"),
    );
    assert!(out.html.contains("Venezuelan leader Nicolás Maduro said"));
    assert_eq!(out.warnings.len(), 1);
    let w = &out.warnings[0];
    assert_eq!((w.kind, w.line, w.column), (WarningKind::Encoding, 12, 53));
    assert_eq!(
        w.message,
        "mis-decoded text `√°` repaired to `á` (UTF-8 that was read as a legacy encoding)"
    );
}

#[test]
fn code_and_urls_are_never_touched() {
    assert_eq!(
        html("`cafÃ©` and\n\n```\ncafÃ©\n```\n\n[cafÃ©](https://ex.org/cafÃ©)"),
        "<p><code>cafÃ©</code> and</p>\n<pre><code>cafÃ©\n</code></pre>\n<p><a href=\"https://ex.org/caf%C3%83%C2%A9\" rel=\"noopener noreferrer\">café</a></p>\n"
    );
}

#[test]
fn front_matter_strings_are_repaired_with_a_warning_at_their_line() {
    let out = render(
        "---\ntitle: \"Jo√£o and the cafÃ©\"\ntags: [SÃ£o Paulo]\nimage: /cafÃ©.jpg\n---\nx",
        &opts(),
    );
    assert_eq!(out.meta.title.as_deref(), Some("João and the café"));
    assert_eq!(out.meta.tags, ["São Paulo"]);
    assert_eq!(out.meta.image_url.as_deref(), Some("/cafÃ©.jpg"));
    let lines: Vec<_> = out.warnings.iter().map(|w| (w.kind, w.line)).collect();
    assert_eq!(
        lines,
        [
            (WarningKind::Encoding, 2),
            (WarningKind::Encoding, 2),
            (WarningKind::Encoding, 3)
        ]
    );
}

#[test]
fn repair_can_be_turned_off() {
    let out = render(
        "Nicol√°s",
        &Options {
            repair_encoding: false,
            ..opts()
        },
    );
    assert_eq!(out.html, "<p>Nicol√°s</p>\n");
    assert!(out.warnings.is_empty());
    assert_eq!(text_of("Nicol√°s"), "Nicolás");
}
