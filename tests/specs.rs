//! Jekyll's behaviour as data: each `tests/specs/NAME.md` is a post, and
//! `NAME.html` beside it the body inkpost must write for it; one test per
//! file, named after it. Each pair was checked against Jekyll's own
//! converter (`../shared/tools/jekyll-markdown.rb`, kramdown and Rouge) when
//! it was added, with the differences no reader sees normalised away
//! (`scripts/spec-oracle.sh` does it again). A case is added by adding two
//! files, without writing Rust.
//!
//! `cargo test --test specs [NAME…]` runs them (all, or those whose name
//! holds one of the words).

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let filters: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/specs");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("tests/specs")
        .filter_map(|e| {
            let name = e.ok()?.file_name().into_string().ok()?;
            name.strip_suffix(".md").map(String::from)
        })
        .filter(|name| filters.is_empty() || filters.iter().any(|f| name.contains(f.as_str())))
        .collect();
    names.sort();
    println!("\nrunning {} tests", names.len());
    let mut failed = Vec::new();
    for name in &names {
        let post = std::fs::read_to_string(dir.join(format!("{name}.md"))).expect("the post");
        let expected = std::fs::read_to_string(dir.join(format!("{name}.html")))
            .unwrap_or_else(|_| panic!("tests/specs/{name}.html is missing"));
        let got = inkpost::render(&post, &inkpost::Options::default()).html;
        if got == expected {
            println!("test specs::{name} ... ok");
        } else {
            println!("test specs::{name} ... FAILED");
            failed.push(format!(
                "---- tests/specs/{name}.md ----\nexpected (tests/specs/{name}.html):\n{expected}\ngot:\n{got}"
            ));
        }
    }
    if !failed.is_empty() {
        println!("\nfailures:\n\n{}", failed.join("\n"));
    }
    println!(
        "\ntest result: {}. {} passed; {} failed; 0 ignored; 0 measured; 0 filtered out\n",
        if failed.is_empty() { "ok" } else { "FAILED" },
        names.len() - failed.len(),
        failed.len()
    );
    if failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
