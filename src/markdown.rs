//! Body text in, HTML out: pulldown-cmark's events through inkpost's adapters to the writer.
//!
//! The adapters run in this order, each an iterator over [`Ev`]:
//! `raw_html` (untrusted raw HTML becomes safe HTML; after it every `Html`
//! event is inkpost's own), `repair` (mojibake, when `repairEncoding`),
//! `kramdown` (attribute lists, `{:toc}`, math, lenient emphasis, when the
//! text has them), `headings` (ids, table of contents), `links` (URL policy,
//! resolution, rel), then `html::write`.

pub(crate) use crate::ctx::Ctx;
use crate::event::Ev;
use crate::Options;
use crate::{escape, headings, html, kramdown, links, raw_html, repair, TocEntry, WarningKind};
use pulldown_cmark::Parser;

/// pulldown-cmark features that match what Jekyll's kramdown (GFM input) reads.
fn parser_options() -> pulldown_cmark::Options {
    use pulldown_cmark::Options as O;
    O::ENABLE_TABLES
        | O::ENABLE_FOOTNOTES
        | O::ENABLE_STRIKETHROUGH
        | O::ENABLE_TASKLISTS
        | O::ENABLE_SMART_PUNCTUATION
        | O::ENABLE_HEADING_ATTRIBUTES
        | O::ENABLE_DEFINITION_LIST
        // Math keeps `$$…$$` away from Markdown, as kramdown does; the writer
        // prints it back in kramdown's MathJax form.
        | O::ENABLE_MATH
}

/// What rendering a body gives besides the HTML.
pub(crate) struct BodyOut {
    pub html: String,
    pub words: usize,
    /// How deep the blocks nest (Markdown containers and raw HTML elements).
    pub depth: usize,
    /// The top-level blocks of `html`.
    pub blocks: Vec<html::Block>,
}

/// One of two iterators: lets a stage that has nothing to do step aside.
enum Either<A, B> {
    Run(A),
    Skip(B),
}

impl<T, A: Iterator<Item = T>, B: Iterator<Item = T>> Iterator for Either<A, B> {
    type Item = T;
    fn next(&mut self) -> Option<T> {
        match self {
            Either::Run(a) => a.next(),
            Either::Skip(b) => b.next(),
        }
    }
}

/// Renders a Markdown body through every adapter.
pub(crate) fn render(body: &str, ctx: &Ctx) -> BodyOut {
    // A character reference can name one of inkpost's reserved markers
    // (`&#xFDD0;`): said here, once per reference, and the text the parser
    // decodes from it is cleaned by the first stage, `raw_html` (the
    // writer's escaping cleans the rest).
    let mut refs = false;
    if ctx.reserved_refs != Some(false) {
        for at in crate::reserved::references(body) {
            refs = true;
            ctx.warn(
                WarningKind::Encoding,
                "a character reference names a noncharacter from U+FDD0 to U+FDEF, which inkpost reserves for its own markers; it became U+FFFD".to_owned(),
                at,
            );
        }
    }
    let events = Parser::new_ext(body, parser_options())
        .into_offset_iter()
        .map(|(event, range)| Ev::new(event, range.start));
    let events = raw_html::RawHtml::new(events, ctx, body, refs, render_nested);
    let events = if ctx.options.repair_encoding {
        Either::Run(repair::Repair::new(events, ctx))
    } else {
        Either::Skip(events)
    };
    // Attribute lists, `{::comment}` and display math need whole blocks; most
    // posts have none of them.
    let [ial, math] = crate::scan::has_pairs(body.as_bytes(), [(b'{', b':'), (b'$', b'$')]);
    let run_kramdown = ctx
        .kramdown_stage
        .unwrap_or_else(|| ial || math || lenient_emphasis(body));
    let events = if run_kramdown {
        Either::Run(kramdown::Kramdown::new(events, ctx, body, ial))
    } else {
        Either::Skip(events)
    };
    let events = headings::Headings::new(events, ctx);
    let events = links::Links::new(events, ctx);
    let written = html::write(events, ctx, body);
    let (mut html, mut blocks) = (written.html, written.blocks);
    // The table of contents goes where the writer met its event: the
    // headings after it are only known at the end.
    if let Some(at) = written.toc_at {
        let toc = toc_html(&ctx.toc.borrow(), &ctx.options.id_prefix);
        for b in blocks.iter_mut().filter(|b| b.end > at) {
            b.end += toc.len() - 1;
        }
        html.replace_range(at..at + 1, &toc);
    }
    BodyOut {
        html,
        words: written.words,
        depth: written.depth,
        blocks,
    }
}

/// Whether the kramdown stage runs on this text: with attribute lists, `$$`
/// math, or [`lenient_emphasis`]; it then acts on each block that has them,
/// and pairs stray `*` in every block.
#[cfg(any(test, target_arch = "wasm32"))]
pub(crate) fn kramdown_stage(body: &str) -> bool {
    let [ial, math] = crate::scan::has_pairs(body.as_bytes(), [(b'{', b':'), (b'$', b'$')]);
    ial || math || lenient_emphasis(body)
}

/// Whether `*` runs left as text are paired kramdown's lenient way in this
/// text: CJK emphasis needs it, English text never does, so only a text with
/// `**` and a non-ASCII character gets it (each of its blocks, ASCII or not).
fn lenient_emphasis(body: &str) -> bool {
    let [strong] = crate::scan::has_pairs(body.as_bytes(), [(b'*', b'*')]);
    strong && !body.is_ascii()
}

/// Renders Markdown found inside raw HTML (`markdown="1"`) with the same
/// options; its warnings are not repeated (handed to the raw HTML stage,
/// which names no stage after it). `pieces` place `text` in the parent's
/// Markdown text, for its `data-line`s.
pub(crate) fn render_nested(text: &str, parent: &Ctx, pieces: Vec<(usize, usize)>) -> String {
    render(text, &Ctx::nested(parent, text, pieces)).html
}

/// kramdown's table of contents: nested lists of links to the headings.
fn toc_html(toc: &[TocEntry], prefix: &str) -> String {
    let mut out = String::from("<ul id=\"");
    escape::attr(&mut out, prefix);
    out.push_str("markdown-toc\">\n");
    // Levels of the items whose `<li>` is open, outermost first.
    let mut open: Vec<u8> = Vec::new();
    for entry in toc {
        match open.last() {
            Some(&last) if entry.level > last => out.push_str("\n<ul>\n"),
            Some(_) => {
                out.push_str("</li>\n");
                open.pop();
                while open.last().is_some_and(|&l| l >= entry.level) {
                    out.push_str("</ul>\n</li>\n");
                    open.pop();
                }
            }
            None => {}
        }
        out.push_str("<li><a href=\"#");
        escape::attr(&mut out, &entry.id);
        out.push_str("\" id=\"");
        escape::attr(&mut out, prefix);
        out.push_str("markdown-toc-");
        escape::attr(&mut out, entry.id.strip_prefix(prefix).unwrap_or(&entry.id));
        out.push_str("\">");
        escape::text(&mut out, &entry.text);
        out.push_str("</a>");
        open.push(entry.level);
    }
    if !open.is_empty() {
        out.push_str("</li>\n");
        for _ in 1..open.len() {
            out.push_str("</ul>\n</li>\n");
        }
    }
    out.push_str("</ul>\n");
    out
}

/// The `markdownify` Liquid filter's render (handed to the Liquid stage):
/// Markdown text to HTML with the post's options, its warnings not repeated.
pub(crate) fn markdownify(text: &str, options: &Options) -> String {
    let mut ctx = Ctx::new(options, text, 0, true);
    // Placeholders in the text (from a capture) stay markers: the post's
    // render makes them elements.
    ctx.keep_marks = true;
    render(text, &ctx).html
}
