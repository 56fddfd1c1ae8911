//! Renders a file many times with inkpost and with bare pulldown-cmark (same
//! parser options) and prints the time per render of each: a quick native check
//! of what inkpost's stages cost. `cargo run --release --example profile -- FILE [N] [bare|inkpost]`.
use pulldown_cmark::{html, Options, Parser};

fn main() {
    let path = std::env::args().nth(1).expect("a file");
    let n: usize = std::env::args()
        .nth(2)
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    let only = std::env::args().nth(3);
    let text = std::fs::read_to_string(path).expect("readable");
    // The body after the front matter, as inkpost would see it.
    let body = text
        .strip_prefix("---\n")
        .and_then(|rest| rest.find("\n---\n").map(|i| &rest[i + 5..]))
        .unwrap_or(&text);
    let opts = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_DEFINITION_LIST
        | Options::ENABLE_MATH;
    if only.as_deref() != Some("inkpost") {
        let start = std::time::Instant::now();
        for _ in 0..n {
            let mut out = String::with_capacity(body.len() * 5 / 4);
            html::push_html(&mut out, Parser::new_ext(body, opts));
            std::hint::black_box(out);
        }
        println!(
            "bare pulldown-cmark: {:.3} ms per render",
            start.elapsed().as_secs_f64() * 1e3 / n as f64
        );
    }
    if only.as_deref() != Some("bare") {
        let options = inkpost::Options::default();
        let start = std::time::Instant::now();
        for _ in 0..n {
            std::hint::black_box(inkpost::render(&text, &options));
        }
        println!(
            "inkpost:             {:.3} ms per render",
            start.elapsed().as_secs_f64() * 1e3 / n as f64
        );
    }
}
