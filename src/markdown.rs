//! Body text in, HTML out: pulldown-cmark's events through inkpost's adapters to the writer.
//!
//! The adapters run in this order, each an iterator over [`Ev`]:
//! `raw_html` (untrusted raw HTML becomes safe HTML; after it every `Html`
//! event is inkpost's own), `repair` (mojibake, when `repairEncoding`),
//! `kramdown` (attribute lists, `{:toc}`, math, lenient emphasis, when the
//! text has them), `headings` (ids, table of contents), `links` (URL policy,
//! resolution, rel), then `html::write`.

use crate::liquid::{Placeholder, SourceMap};
use crate::position::LineIndex;
use crate::Options;
use crate::{
    escape, headings, html, kramdown, links, raw_html, repair, TocEntry, Warning, WarningKind,
};
use pulldown_cmark::{CowStr, Event, Parser};
use std::cell::{Cell, OnceCell, RefCell};

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
    /// Offsets in the Markdown text (the Liquid stage's output) back to the body.
    map: SourceMap,
    /// What the Liquid stage could not do, by marker number.
    pub placeholders: Vec<Placeholder>,
    /// Write the Liquid stage's markers as they are, for the render this
    /// one's HTML goes into (`markdownify`: its output is Liquid output).
    pub keep_marks: bool,
    /// How deep in `markdown="1"` rendering this is.
    nesting: usize,
    /// The deepest raw HTML nesting seen (Markdown depth plus open elements).
    raw_depth: Cell<usize>,
    /// The kramdown stage put a table-of-contents marker in the output.
    pub toc_placed: Cell<bool>,
    /// Whether the writer lists the top-level blocks with their lines.
    pub blocks: bool,
    /// `file` is the post after `render` made its lone CRs LF, so the line
    /// index can look for LF alone (the post's render; the excerpt's uses it).
    /// `markdownify`'s input may hold a lone CR from a Liquid value; Markdown
    /// inside raw HTML asks the enclosing render (`outer`).
    pub lf_only: bool,
    /// Markdown inside raw HTML: where its text lies in the enclosing render's,
    /// so that its lines are the file's.
    outer: Option<Outer<'o>>,
    /// The excerpt's source in the body, when it is not one piece from the
    /// body's start (the link definitions it takes from after its separator).
    source_pieces: Vec<(usize, usize)>,
    /// A render of the same file whose line index this one uses (the
    /// excerpt's, which would otherwise index the whole post again).
    lines_of: Option<&'o Ctx<'o>>,
    /// Whether the text may hold a numeric character reference to a
    /// reserved code point (`reserved`): `Some(false)` when the post's one
    /// scan showed it holds none, so no text needs cleaning; `None`: look.
    pub reserved_refs: Option<bool>,
    /// Run the kramdown stage ([`kramdown_stage`]) or not, as the text this
    /// one is part of decided; `None`: as this text decides.
    pub kramdown_stage: Option<bool>,
}

/// The render a nested one (`markdown="1"`) sits in, and its pieces:
/// (offset in the nested text, offset in the outer Markdown text) at each
/// piece's start.
struct Outer<'o> {
    ctx: &'o Ctx<'o>,
    pieces: Vec<(usize, usize)>,
}

/// The offset in the outer text of `offset`, given pieces as [`Outer`] has
/// them (sorted by their first offset).
pub(crate) fn piece_offset(pieces: &[(usize, usize)], offset: usize) -> usize {
    let i = pieces.partition_point(|(start, _)| *start <= offset).max(1) - 1;
    pieces
        .get(i)
        .map_or(0, |(start, outer)| outer + offset.saturating_sub(*start))
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
            map: SourceMap::default(),
            placeholders: Vec::new(),
            keep_marks: false,
            nesting: 0,
            raw_depth: Cell::new(0),
            toc_placed: Cell::new(false),
            blocks: false,
            lf_only: false,
            outer: None,
            source_pieces: Vec::new(),
            lines_of: None,
            reserved_refs: None,
            kramdown_stage: None,
        }
    }

    /// Notes how deep raw HTML nests at this point.
    pub(crate) fn note_raw_depth(&self, depth: usize) {
        if depth > self.raw_depth.get() {
            self.raw_depth.set(depth);
        }
    }

    pub(crate) fn raw_depth(&self) -> usize {
        self.raw_depth.get()
    }

    pub(crate) fn nesting(&self) -> usize {
        self.nesting
    }

    /// The excerpt of the post `post` renders: the same file, whose line
    /// index it shares, and its source placed in the body by pieces (see
    /// `source_pieces`).
    pub(crate) fn for_excerpt_of(mut self, post: &'o Ctx<'o>, pieces: Vec<(usize, usize)>) -> Self {
        self.source_pieces = pieces;
        self.lines_of = Some(post);
        self
    }

    /// An offset in the source (the Liquid stage's input) as one in the body.
    fn body_offset(&self, source_at: usize) -> usize {
        if self.source_pieces.is_empty() {
            source_at
        } else {
            piece_offset(&self.source_pieces, source_at)
        }
    }

    /// Takes the Liquid stage's source map and placeholders.
    pub(crate) fn with_liquid(mut self, map: SourceMap, placeholders: Vec<Placeholder>) -> Self {
        self.map = map;
        self.placeholders = placeholders;
        self
    }

    fn lines(&self) -> &LineIndex {
        if let Some(post) = self.lines_of {
            return post.lines();
        }
        self.lines.get_or_init(|| {
            if self.lf_only {
                LineIndex::of_lf(self.file)
            } else {
                LineIndex::new(self.file)
            }
        })
    }

    /// 1-based line in the file of an offset in the Markdown text.
    pub(crate) fn line_of(&self, at: usize) -> u32 {
        match &self.outer {
            Some(outer) => outer.ctx.line_of(piece_offset(&outer.pieces, at)),
            None => self
                .lines()
                .line(self.body_start + self.body_offset(self.map.source_offset(at))),
        }
    }

    /// Records a warning at an offset in the Markdown text.
    pub(crate) fn warn(&self, kind: WarningKind, message: String, at: usize) {
        self.warn_at_source(kind, message, self.map.source_offset(at));
    }

    /// Records a warning at an offset in the body as the file has it.
    pub(crate) fn warn_at_source(&self, kind: WarningKind, message: String, at: usize) {
        if self.quiet {
            return;
        }
        let at = self.body_start + self.body_offset(at);
        let (line, column) = self.lines().line_col(self.file, at);
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
    let events = raw_html::RawHtml::new(events, ctx, body, refs);
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

/// Text the parser decoded (a character reference) cannot carry one of the
/// Liquid stage's markers: only text it borrows from the Markdown text can,
/// and that text holds them only where the Liquid stage put them.
pub(crate) fn clean_decoded(text: &mut CowStr<'_>) {
    if !matches!(text, CowStr::Borrowed(_)) && crate::reserved::any(text) {
        *text = CowStr::from(crate::reserved::replace(text).into_owned());
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
/// options; its warnings are not repeated. `pieces` place `text` in the
/// parent's Markdown text (see [`Outer`]), for its `data-line`s.
pub(crate) fn render_nested(text: &str, parent: &Ctx, pieces: Vec<(usize, usize)>) -> String {
    let mut ctx = Ctx::new(parent.options, text, 0, true);
    ctx.placeholders = parent.placeholders.clone();
    ctx.keep_marks = parent.keep_marks;
    ctx.reserved_refs = parent.reserved_refs;
    ctx.nesting = parent.nesting + 1;
    ctx.outer = Some(Outer {
        ctx: parent,
        pieces,
    });
    render(text, &ctx).html
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
