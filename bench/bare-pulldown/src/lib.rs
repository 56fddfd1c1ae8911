//! `render(markdown)`: pulldown-cmark with inkpost's parser options and
//! `pulldown_cmark::html::push_html`. The floor inkpost's pipeline is measured
//! against.
use pulldown_cmark::{html, Options, Parser};
use wasm_bindgen::prelude::*;

/// The options inkpost's `markdown::parser_options` sets.
fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_DEFINITION_LIST
        | Options::ENABLE_MATH
}

/// Markdown to HTML, unsanitized.
#[wasm_bindgen]
pub fn render(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len() + markdown.len() / 2);
    html::push_html(&mut out, Parser::new_ext(markdown, options()));
    out
}
