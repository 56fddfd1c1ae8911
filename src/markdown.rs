//! Body text in, HTML out: pulldown-cmark's events through inkpost's adapters to the writer.
//!
//! The adapters run in this order, each an iterator over [`Ev`]:
//! `raw_html` (untrusted raw HTML becomes safe HTML; after it every `Html`
//! event is inkpost's own), `headings` (ids, table of contents), `links`
//! (URL policy, resolution, rel), then `html::write`.

use crate::position::LineIndex;
use crate::Options;
use crate::{headings, html, links, raw_html, TocEntry, Warning, WarningKind};
use pulldown_cmark::{CowStr, Event, Parser};
use std::cell::{OnceCell, RefCell};

/// An event on its way to the writer: pulldown-cmark's event, where it starts
/// in the body, and attributes inkpost adds to a start tag.
pub(crate) struct Ev<'a> {
    pub event: Event<'a>,
    pub at: usize,
    pub attrs: Option<Box<Attrs<'a>>>,
}

impl<'a> Ev<'a> {
    pub(crate) fn new(event: Event<'a>, at: usize) -> Self {
        Ev {
            event,
            at,
            attrs: None,
        }
    }

    pub(crate) fn attrs_mut(&mut self) -> &mut Attrs<'a> {
        self.attrs.get_or_insert_with(Default::default)
    }
}

/// Attributes for a start tag. Names are inkpost's own or already vetted by the
/// allowlist; values are unescaped (the writer escapes them).
#[derive(Default, Debug)]
pub(crate) struct Attrs<'a> {
    pub id: Option<CowStr<'a>>,
    pub classes: Vec<CowStr<'a>>,
    pub pairs: Vec<(&'static str, CowStr<'a>)>,
}

/// What every stage of one render shares: the options, positions, and the
/// warnings and headings collected on the way.
pub(crate) struct Ctx<'o> {
    pub options: &'o Options,
    file: &'o str,
    body_start: usize,
    lines: OnceCell<LineIndex>,
    warnings: RefCell<Vec<Warning>>,
    pub toc: RefCell<Vec<TocEntry>>,
    /// Set when rendering the excerpt: its warnings repeat the body's.
    quiet: bool,
}

impl<'o> Ctx<'o> {
    pub(crate) fn new(options: &'o Options, file: &'o str, body_start: usize, quiet: bool) -> Self {
        Ctx {
            options,
            file,
            body_start,
            lines: OnceCell::new(),
            warnings: RefCell::new(Vec::new()),
            toc: RefCell::new(Vec::new()),
            quiet,
        }
    }

    fn lines(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(self.file))
    }

    /// 1-based line in the file of a body offset.
    pub(crate) fn line_of(&self, at: usize) -> u32 {
        self.lines().line(self.body_start + at)
    }

    /// Records a warning at a body offset.
    pub(crate) fn warn(&self, kind: WarningKind, message: String, at: usize) {
        if self.quiet {
            return;
        }
        let (line, column) = self.lines().line_col(self.file, self.body_start + at);
        self.warnings
            .borrow_mut()
            .push(Warning::new(kind, message, line, column));
    }

    pub(crate) fn take_warnings(&self) -> Vec<Warning> {
        self.warnings.take()
    }
}

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
}

/// What rendering a body gives besides the HTML.
pub(crate) struct BodyOut {
    pub html: String,
    pub words: usize,
}

/// Renders a Markdown body through every adapter.
pub(crate) fn render(body: &str, ctx: &Ctx) -> BodyOut {
    let events = Parser::new_ext(body, parser_options())
        .into_offset_iter()
        .map(|(event, range)| Ev::new(event, range.start));
    let events = raw_html::RawHtml::new(events, ctx);
    let events = headings::Headings::new(events, ctx);
    let events = links::Links::new(events, ctx);
    let (html, words) = html::write(events, ctx, body.len());
    BodyOut { html, words }
}
