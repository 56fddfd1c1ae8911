//! What every Markdown stage of one render shares: the options, where text lies in the file (lines, columns, nested renders), and the warnings and headings collected on the way.

use crate::marks::{Placeholder, SourceMap};
use crate::position::LineIndex;
use crate::{Options, TocEntry, Warning, WarningKind};
use std::cell::{Cell, OnceCell, RefCell};

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

impl<'o> Ctx<'o> {
    /// The context of Markdown found inside raw HTML (`markdown="1"`) in
    /// `parent`'s text: the same options and placeholders, its warnings not
    /// repeated, one level deeper; `pieces` place `text` in the parent's
    /// Markdown text (see [`Outer`]), for its lines.
    pub(crate) fn nested(parent: &'o Ctx<'o>, text: &'o str, pieces: Vec<(usize, usize)>) -> Self {
        let mut ctx = Ctx::new(parent.options, text, 0, true);
        ctx.placeholders = parent.placeholders.clone();
        ctx.keep_marks = parent.keep_marks;
        ctx.reserved_refs = parent.reserved_refs;
        ctx.nesting = parent.nesting + 1;
        ctx.outer = Some(Outer {
            ctx: parent,
            pieces,
        });
        ctx
    }
}
