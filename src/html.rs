//! Events in, one HTML string out: the only place that writes markup.
//!
//! Like pulldown-cmark's own writer, plus what kramdown's output needs:
//! attributes on any block (ids, classes, `data-line`), footnotes gathered at
//! the end in kramdown's shape, and a running word count.

use crate::ctx::Ctx;
use crate::escape;
use crate::event::{Attrs, Ev};
use crate::marks::Piece;
use pulldown_cmark::{Alignment, CodeBlockKind, CowStr, Event, LinkType, Tag, TagEnd};
use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::Write;

/// What the writer made of the events.
pub(crate) struct Written {
    pub html: String,
    pub words: usize,
    /// How deep the elements nest.
    pub depth: usize,
    /// The top-level blocks of `html` (when the render asks for them).
    pub blocks: Vec<Block>,
    /// Where in `html` the table of contents goes, in place of the line break
    /// there: where the writer met the kramdown stage's event for it (the
    /// first one; a later one leaves only its line break).
    pub toc_at: Option<usize>,
}

/// Writes the events as HTML.
pub(crate) fn write<'a>(events: impl Iterator<Item = Ev<'a>>, ctx: &Ctx, text: &'a str) -> Written {
    let mut w = Writer {
        out: String::with_capacity(text.len() + text.len() / 4 + 64),
        text,
        skipping: None,
        border: None,
        emphasis: Vec::new(),
        table_part: None,
        table_footer: false,
        ctx,
        prefix: &ctx.options.id_prefix,
        table_alignments: Vec::new(),
        table_cell: 0,
        in_table_head: false,
        footnotes: Footnotes::default(),
        words: Words::default(),
        alt_depth: 0,
        lineno_mark: None,
        in_code: false,
        pending_lt: false,
        toc_at: None,
        at: 0,
    };
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut blocks = Vec::new();
    let mut block_at = 0;
    for ev in events {
        let top_level_end = match &ev.event {
            Event::Start(_) => {
                if depth == 0 {
                    block_at = ev.at;
                }
                depth += 1;
                deepest = deepest.max(depth);
                false
            }
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                depth == 0
            }
            _ => {
                if depth == 0 {
                    block_at = ev.at;
                }
                depth == 0
            }
        };
        w.event(ev);
        // Footnote definitions are written at the end, not where they stand.
        if top_level_end
            && ctx.blocks
            && w.footnotes.current.is_none()
            && blocks.last().is_none_or(|b: &Block| b.end < w.out.len())
        {
            blocks.push(Block {
                line: ctx.line_of(block_at),
                end: w.out.len(),
            });
        }
    }
    w.finish();
    // What the end wrote (footnotes) is a block of its own; an empty body has none.
    if ctx.blocks && blocks.last().map_or(0, |b| b.end) < w.out.len() {
        blocks.push(Block {
            line: ctx.line_of(block_at),
            end: w.out.len(),
        });
    }
    Written {
        html: w.out,
        words: w.words.count,
        // Raw HTML elements nest too; the sanitizer kept count.
        depth: deepest.max(ctx.raw_depth()),
        blocks,
        toc_at: w.toc_at,
    }
}

/// Where a top-level block ends in the HTML, and the source line it starts on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Block {
    pub line: u32,
    pub end: usize,
}

struct Writer<'c, 'a> {
    out: String,
    /// The Markdown text the events' offsets point into.
    text: &'a str,
    /// Inside a kramdown table separator row (`|----` or `|====`): not
    /// shown, up to this end.
    skipping: Option<TagEnd>,
    /// A paragraph that starts with a `|---+---|` line above a table, held
    /// back: if that line is all of it, it is the table's top border, which
    /// kramdown does not show; otherwise it is written as usual.
    border: Option<Vec<Ev<'a>>>,
    /// Open `em`/`strong` spans, innermost last: the kind, and the delimiter
    /// written as text when kramdown would not nest it (`*a _b_ c*`).
    emphasis: Vec<(bool, Option<&'a str>)>,
    /// Where the open `<tbody>` of a table starts in `out`, if one is open:
    /// kramdown opens a part only for rows, and the rows after a `|====`
    /// line end up in a `<tfoot>` (written over the tag at the end).
    table_part: Option<usize>,
    /// After a kramdown `|====` line.
    table_footer: bool,
    ctx: &'c Ctx<'c>,
    prefix: &'c str,
    table_alignments: Vec<Alignment>,
    table_cell: usize,
    in_table_head: bool,
    footnotes: Footnotes<'a>,
    words: Words,
    /// Inside an image: text goes into the `alt` attribute.
    alt_depth: usize,
    /// In a numbered code block: where the line numbers go.
    lineno_mark: Option<usize>,
    /// Inside a code block, text is shown exactly.
    in_code: bool,
    /// A text event ended in `<`, which may pair with the next one's.
    pending_lt: bool,
    /// Where the table of contents goes (see [`Written::toc_at`]).
    toc_at: Option<usize>,
    /// Where the event being written starts (for warnings).
    at: usize,
}

#[derive(Default)]
struct Footnotes<'a> {
    /// Footnote names in order of first reference, with how often each was referenced.
    order: Vec<(CowStr<'a>, usize)>,
    numbers: HashMap<CowStr<'a>, usize>,
    /// Rendered definitions by name.
    bodies: HashMap<CowStr<'a>, String>,
    /// While writing a definition: its name and the main output set aside.
    current: Option<(CowStr<'a>, String)>,
}

impl<'a> Writer<'_, 'a> {
    fn event(&mut self, ev: Ev<'a>) {
        self.at = ev.at;
        if let Some(held) = &mut self.border {
            let end = matches!(ev.event, Event::End(TagEnd::Paragraph));
            held.push(ev);
            if end {
                self.border_end();
            }
            return;
        }
        if let Some(end) = self.skipping {
            if matches!(ev.event, Event::End(tag) if tag == end) {
                self.skipping = None;
            }
            return;
        }
        if self.alt_depth > 0 {
            return self.alt_event(ev.event);
        }
        if self.pending_lt && !matches!(ev.event, Event::Text(_)) {
            self.pending_lt = false;
            self.out.push_str("&lt;");
        }
        if matches!(ev.event, Event::Start(Tag::Paragraph)) && border_above_table(self.text, ev.at)
        {
            self.border = Some(vec![ev]);
            return;
        }
        match ev.event {
            Event::Start(tag) => self.start(tag, ev.at, ev.attrs.as_deref()),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => {
                self.words.add(&text);
                if self.in_code {
                    self.text(&text);
                } else {
                    self.typographic_text(&text);
                }
            }
            Event::Code(text) => {
                self.words.add(&text);
                self.out.push_str("<code>");
                self.text(&text);
                self.out.push_str("</code>");
            }
            // kramdown has no `$…$` math: to it that is text, whose backslash
            // escapes apply (`\\{` gives `\{`, what MathJax then reads).
            // `$$…$$` it writes for MathJax as `\(…\)`.
            Event::InlineMath(text) => {
                self.out.push('$');
                escape::text(&mut self.out, &unescape_punctuation(&text));
                self.out.push('$');
            }
            Event::DisplayMath(text) => {
                self.out.push_str("\\(");
                escape::text(&mut self.out, text.trim());
                self.out.push_str("\\)");
            }
            // Not searched for in the output, which a post's text could
            // imitate: the event itself says where the contents go.
            Event::Html(html) if &*html == crate::event::TOC_MARK => {
                if self.toc_at.is_none() && self.footnotes.current.is_none() {
                    self.toc_at = Some(self.out.len());
                }
                // The line break the contents end with, so what follows is
                // written as after them.
                self.out.push('\n');
            }
            Event::Html(html) | Event::InlineHtml(html) => self.out.push_str(&html),
            Event::FootnoteReference(name) => self.footnote_reference(name),
            Event::SoftBreak => {
                self.words.gap();
                self.out.push('\n');
            }
            Event::HardBreak => {
                self.words.gap();
                self.out.push_str("<br />\n");
            }
            Event::Rule => {
                self.block_open("hr", ev.at, ev.attrs.as_deref());
                self.out.push_str(" />\n");
            }
            Event::TaskListMarker(checked) => {
                self.out.push_str(
                    "<input type=\"checkbox\" class=\"task-list-item-checkbox\" disabled=\"disabled\"",
                );
                if checked {
                    self.out.push_str(" checked=\"checked\"");
                }
                self.out.push_str(" /> ");
            }
        }
    }

    /// Text outside code, with `<<`/`>>` as guillemets even when the parser split
    /// the pair across two text events (it stops text at every `<`).
    fn typographic_text(&mut self, text: &str) {
        let mut text = text;
        if self.pending_lt {
            self.pending_lt = false;
            match text.strip_prefix('<') {
                Some(rest) => {
                    self.out.push('«');
                    text = rest;
                }
                None => self.out.push_str("&lt;"),
            }
        }
        // A byte pattern, not `ends_with('<')`: this runs for every text event.
        let lone_lt_last = match text.as_bytes() {
            [b'<'] => true,
            [.., before, b'<'] => *before != b'<',
            _ => false,
        };
        if lone_lt_last {
            self.pending_lt = true;
            text = &text[..text.len() - 1];
        }
        write_marked(&mut self.out, text, self.ctx, escape::text_typographic);
    }

    /// Escaped text, with the Liquid stage's placeholder markers made visible elements.
    fn text(&mut self, text: &str) {
        write_marked(&mut self.out, text, self.ctx, escape::text);
    }

    /// Inside an image only text reaches the `alt` attribute.
    fn alt_event(&mut self, event: Event<'a>) {
        match event {
            Event::Start(Tag::Image { .. }) => self.alt_depth += 1,
            Event::End(TagEnd::Image) => {
                self.alt_depth -= 1;
                if self.alt_depth == 0 {
                    self.out.push('"');
                    self.close_image();
                }
            }
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                escape::attr(&mut self.out, &t)
            }
            Event::SoftBreak | Event::HardBreak => self.out.push(' '),
            _ => {}
        }
    }

    /// Writes `<name` with `data-line` and the extra attributes; the caller closes the tag.
    fn block_open(&mut self, name: &str, at: usize, attrs: Option<&Attrs>) {
        self.words.gap();
        if !matches!(self.out.as_bytes().last(), None | Some(b'\n')) {
            self.out.push('\n');
        }
        self.out.push('<');
        self.out.push_str(name);
        if self.ctx.options.source_lines {
            let _ = write!(self.out, " data-line=\"{}\"", self.ctx.line_of(at));
        }
        self.attrs(attrs);
    }

    fn inline_open(&mut self, name: &str, attrs: Option<&Attrs>) {
        self.out.push('<');
        self.out.push_str(name);
        self.attrs(attrs);
        self.out.push('>');
    }

    fn attrs(&mut self, attrs: Option<&Attrs>) {
        let Some(attrs) = attrs else { return };
        if let Some(id) = &attrs.id {
            self.out.push_str(" id=\"");
            escape::attr(&mut self.out, self.prefix);
            escape::attr(&mut self.out, id);
            self.out.push('"');
        }
        write_author_classes(
            &mut self.out,
            self.ctx,
            attrs.classes.iter().map(|c| &**c),
            self.at,
        );
        for (name, value) in &attrs.pairs {
            self.out.push(' ');
            self.out.push_str(name);
            self.out.push_str("=\"");
            escape::attr(&mut self.out, value);
            self.out.push('"');
        }
    }

    fn start(&mut self, tag: Tag<'a>, at: usize, attrs: Option<&Attrs>) {
        match tag {
            Tag::Paragraph => {
                self.block_open("p", at, attrs);
                self.out.push('>');
            }
            Tag::Heading {
                level,
                id,
                classes,
                attrs: pairs,
            } => {
                let name = level_name(level as usize);
                self.block_open(name, at, None);
                if let Some(id) = id {
                    self.out.push_str(" id=\"");
                    escape::attr(&mut self.out, self.prefix);
                    escape::attr(&mut self.out, &id);
                    self.out.push('"');
                }
                write_author_classes(&mut self.out, self.ctx, classes.iter().map(|c| &**c), at);
                // `{key=value}` heading attributes pass only through the same
                // allowlist as raw HTML (done by the headings stage).
                for (key, value) in pairs {
                    self.out.push(' ');
                    escape::attr(&mut self.out, &key);
                    self.out.push_str("=\"");
                    escape::attr(&mut self.out, value.as_deref().unwrap_or(""));
                    self.out.push('"');
                }
                self.attrs(attrs);
                self.out.push('>');
            }
            Tag::BlockQuote(_) => {
                self.block_open("blockquote", at, attrs);
                self.out.push_str(">\n");
            }
            Tag::CodeBlock(kind) => {
                self.in_code = true;
                let linenos = matches!(&kind, CodeBlockKind::Fenced(info) if info.split_whitespace().any(|w| w == "linenos"));
                if linenos {
                    // Rouge's numbered layout: a gutter cell, then the code.
                    self.block_open("table", at, None);
                    self.out.push_str(
                        " class=\"rouge-table\"><tbody><tr><td class=\"gutter gl\"><pre class=\"lineno\">",
                    );
                    self.lineno_mark = Some(self.out.len());
                    self.out.push_str("</pre></td><td class=\"code\"><pre");
                    self.attrs(attrs);
                    self.out.push_str("><code");
                } else {
                    self.block_open("pre", at, attrs);
                    self.out.push_str("><code");
                }
                if let CodeBlockKind::Fenced(info) = kind {
                    let lang = info.split([' ', '\t', '{', ',']).next().unwrap_or("");
                    if !lang.is_empty() {
                        self.out.push_str(" class=\"language-");
                        escape::attr(&mut self.out, lang);
                        self.out.push('"');
                    }
                }
                self.out.push('>');
            }
            Tag::HtmlBlock => {}
            Tag::List(Some(1)) => {
                self.block_open("ol", at, attrs);
                self.out.push_str(">\n");
            }
            Tag::List(Some(start)) => {
                self.block_open("ol", at, attrs);
                let _ = writeln!(self.out, " start=\"{start}\">");
            }
            Tag::List(None) => {
                self.block_open("ul", at, attrs);
                self.out.push_str(">\n");
            }
            Tag::Item => {
                self.block_open("li", at, attrs);
                self.out.push('>');
            }
            Tag::FootnoteDefinition(name) => {
                let saved = std::mem::take(&mut self.out);
                self.footnotes.current = Some((name, saved));
            }
            Tag::DefinitionList => {
                self.block_open("dl", at, attrs);
                self.out.push_str(">\n");
            }
            Tag::DefinitionListTitle => {
                self.block_open("dt", at, attrs);
                self.out.push('>');
            }
            Tag::DefinitionListDefinition => {
                self.block_open("dd", at, attrs);
                self.out.push('>');
            }
            Tag::Table(alignments) => {
                self.table_alignments = alignments;
                self.block_open("table", at, attrs);
                self.out.push('>');
            }
            Tag::TableHead => {
                self.in_table_head = true;
                self.table_cell = 0;
                self.out.push_str("<thead>\n<tr>");
            }
            Tag::TableRow => {
                // kramdown: `|----` ends a body part, `|====` ends one too
                // (even in the footer) and makes the rows after it the
                // footer. Neither shows, and neither makes an empty part.
                if let Some(footer) = table_separator(self.text, at) {
                    self.skipping = Some(TagEnd::TableRow);
                    if self.table_part.is_some() && (footer || !self.table_footer) {
                        self.table_part = None;
                        self.out.push_str("</tbody>\n");
                    }
                    self.table_footer |= footer;
                    return;
                }
                if self.table_part.is_none() {
                    self.table_part = Some(self.out.len());
                    self.out.push_str("<tbody>\n");
                }
                self.table_cell = 0;
                self.out.push_str("<tr>");
            }
            Tag::TableCell => {
                self.out
                    .push_str(if self.in_table_head { "<th" } else { "<td" });
                self.attrs(attrs);
                match self.table_alignments.get(self.table_cell) {
                    Some(Alignment::Left) => self.out.push_str(" style=\"text-align: left\""),
                    Some(Alignment::Center) => self.out.push_str(" style=\"text-align: center\""),
                    Some(Alignment::Right) => self.out.push_str(" style=\"text-align: right\""),
                    _ => {}
                }
                self.out.push('>');
            }
            Tag::Emphasis | Tag::Strong => {
                let strong = matches!(tag, Tag::Strong);
                // kramdown does not put emphasis inside emphasis of its own
                // kind: the inner delimiters stay text.
                let literal = self
                    .emphasis
                    .iter()
                    .any(|&(kind, literal)| kind == strong && literal.is_none())
                    .then(|| self.text.get(at..at + if strong { 2 } else { 1 }))
                    .flatten()
                    .filter(|d| d.bytes().all(|b| b == b'*' || b == b'_'));
                self.emphasis.push((strong, literal));
                match literal {
                    Some(delimiter) => self.out.push_str(delimiter),
                    None => self.inline_open(if strong { "strong" } else { "em" }, attrs),
                }
            }
            Tag::Strikethrough => self.inline_open("del", attrs),
            Tag::Superscript => self.inline_open("sup", attrs),
            Tag::Subscript => self.inline_open("sub", attrs),
            Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            } => {
                self.out.push_str("<a href=\"");
                if link_type == LinkType::Email && !dest_url.starts_with("mailto:") {
                    self.out.push_str("mailto:");
                }
                escape::href(&mut self.out, &dest_url);
                self.out.push('"');
                if !title.is_empty() {
                    self.out.push_str(" title=\"");
                    escape::attr(&mut self.out, &title);
                    self.out.push('"');
                }
                self.attrs(attrs);
                self.out.push('>');
            }
            Tag::Image {
                dest_url, title, ..
            } => {
                self.out.push_str("<img src=\"");
                escape::href(&mut self.out, &dest_url);
                self.out.push('"');
                if !title.is_empty() {
                    self.out.push_str(" title=\"");
                    escape::attr(&mut self.out, &title);
                    self.out.push('"');
                }
                self.attrs(attrs);
                self.out.push_str(" alt=\"");
                self.alt_depth = 1;
            }
            Tag::MetadataBlock(_) => {}
        }
    }

    fn end_code_block(&mut self) {
        match self.lineno_mark.take() {
            Some(mark) => {
                let code_start = self.out[mark..].find("><code").map_or(mark, |i| mark + i);
                let lines = self.out[code_start..].matches('\n').count().max(1);
                let numbers: String = (1..=lines).map(|n| format!("{n}\n")).collect();
                self.out.insert_str(mark, &numbers);
                self.out
                    .push_str("</code></pre></td></tr></tbody></table>\n");
            }
            None => self.out.push_str("</code></pre>\n"),
        }
    }

    fn close_image(&mut self) {
        self.out.push_str(" />");
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph => self.out.push_str("</p>\n"),
            TagEnd::Heading(level) => {
                self.out.push_str("</");
                self.out.push_str(level_name(level as usize));
                self.out.push_str(">\n");
            }
            TagEnd::BlockQuote(_) => self.out.push_str("</blockquote>\n"),
            TagEnd::CodeBlock => {
                self.in_code = false;
                self.end_code_block();
            }
            TagEnd::HtmlBlock => {}
            TagEnd::List(true) => self.out.push_str("</ol>\n"),
            TagEnd::List(false) => self.out.push_str("</ul>\n"),
            TagEnd::Item => self.out.push_str("</li>\n"),
            TagEnd::FootnoteDefinition => {
                if let Some((name, saved)) = self.footnotes.current.take() {
                    let body = std::mem::replace(&mut self.out, saved);
                    self.footnotes.bodies.entry(name).or_insert(body);
                }
            }
            TagEnd::DefinitionList => self.out.push_str("</dl>\n"),
            TagEnd::DefinitionListTitle => self.out.push_str("</dt>\n"),
            TagEnd::DefinitionListDefinition => self.out.push_str("</dd>\n"),
            TagEnd::Table => {
                if let Some(part) = self.table_part.take() {
                    if self.table_footer {
                        self.out
                            .replace_range(part..part + "<tfoot>".len(), "<tfoot>");
                        self.out.push_str("</tfoot>\n");
                    } else {
                        self.out.push_str("</tbody>\n");
                    }
                }
                self.table_footer = false;
                self.out.push_str("</table>\n");
            }
            TagEnd::TableHead => {
                self.in_table_head = false;
                self.out.push_str("</tr>\n</thead>\n");
            }
            TagEnd::TableRow => self.out.push_str("</tr>\n"),
            TagEnd::TableCell => {
                self.out
                    .push_str(if self.in_table_head { "</th>" } else { "</td>" });
                self.table_cell += 1;
            }
            TagEnd::Emphasis | TagEnd::Strong => {
                let strong = tag == TagEnd::Strong;
                // Events nest, so the innermost open span is this one's.
                let literal = match self.emphasis.last() {
                    Some(&(kind, literal)) if kind == strong => {
                        self.emphasis.pop();
                        literal
                    }
                    _ => None,
                };
                self.out.push_str(match literal {
                    Some(delimiter) => delimiter,
                    None if strong => "</strong>",
                    None => "</em>",
                });
            }
            TagEnd::Strikethrough => self.out.push_str("</del>"),
            TagEnd::Superscript => self.out.push_str("</sup>"),
            TagEnd::Subscript => self.out.push_str("</sub>"),
            TagEnd::Link => self.out.push_str("</a>"),
            TagEnd::Image => {}
            TagEnd::MetadataBlock(_) => {}
        }
        if !matches!(
            tag,
            TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Link
                | TagEnd::Superscript
                | TagEnd::Subscript
        ) {
            self.words.gap();
        }
    }

    /// The end of a paragraph held back as a possible table border: dropped
    /// if it is that one line, else written.
    fn border_end(&mut self) {
        let Some(held) = self.border.take() else {
            return;
        };
        let one_line = !held
            .iter()
            .any(|ev| matches!(ev.event, Event::SoftBreak | Event::HardBreak));
        if one_line {
            return;
        }
        let mut held = held.into_iter();
        if let Some(Ev { at, attrs, .. }) = held.next() {
            self.start(Tag::Paragraph, at, attrs.as_deref());
        }
        for ev in held {
            self.event(ev);
        }
    }

    /// kramdown's shape: `<sup id="fnref:x" role="doc-noteref"><a href="#fn:x"
    /// class="footnote" rel="footnote">1</a></sup>`; a second reference to the
    /// same note gets the id `fnref:x:1`.
    fn footnote_reference(&mut self, name: CowStr<'a>) {
        let next = self.footnotes.order.len() + 1;
        let number = *self.footnotes.numbers.entry(name.clone()).or_insert(next);
        if number == next {
            self.footnotes.order.push((name.clone(), 0));
        }
        let refs = &mut self.footnotes.order[number - 1].1;
        let nth = *refs;
        *refs += 1;
        self.out.push_str("<sup id=\"");
        escape::attr(&mut self.out, self.prefix);
        self.out.push_str("fnref:");
        escape::attr(&mut self.out, &name);
        if nth > 0 {
            let _ = write!(self.out, ":{nth}");
        }
        self.out.push_str("\" role=\"doc-noteref\"><a href=\"#");
        escape::attr(&mut self.out, self.prefix);
        self.out.push_str("fn:");
        escape::attr(&mut self.out, &name);
        let _ = write!(
            self.out,
            "\" class=\"footnote\" rel=\"footnote\">{number}</a></sup>"
        );
    }

    /// Footnotes that were referenced, in order, with a backlink at the end of
    /// each note's last paragraph.
    fn finish(&mut self) {
        if self.pending_lt {
            self.pending_lt = false;
            self.out.push_str("&lt;");
        }
        if let Some((_, saved)) = self.footnotes.current.take() {
            self.out = saved;
        }
        let order = std::mem::take(&mut self.footnotes.order);
        let defined: Vec<_> = order
            .iter()
            .filter_map(|(name, _)| self.footnotes.bodies.remove(name).map(|b| (name, b)))
            .collect();
        if defined.is_empty() {
            return;
        }
        if !self.out.ends_with('\n') && !self.out.is_empty() {
            self.out.push('\n');
        }
        self.out
            .push_str("<div class=\"footnotes\" role=\"doc-endnotes\">\n<ol>\n");
        for (name, body) in defined {
            self.out.push_str("<li id=\"");
            escape::attr(&mut self.out, self.prefix);
            self.out.push_str("fn:");
            escape::attr(&mut self.out, name);
            self.out.push_str("\">\n");
            let mut backlink = String::from("&#160;<a href=\"#");
            escape::attr(&mut backlink, self.prefix);
            backlink.push_str("fnref:");
            escape::attr(&mut backlink, name);
            backlink.push_str("\" class=\"reversefootnote\" role=\"doc-backlink\">&#8617;</a>");
            let body = body.trim_end();
            match body.strip_suffix("</p>") {
                Some(head) => {
                    self.out.push_str(head);
                    self.out.push_str(&backlink);
                    self.out.push_str("</p>\n");
                }
                None => {
                    self.out.push_str(body);
                    self.out.push_str(&backlink);
                    self.out.push('\n');
                }
            }
            self.out.push_str("</li>\n");
        }
        self.out.push_str("</ol>\n</div>\n");
    }
}

/// Writes `text` with `escape`, turning the Liquid stage's markers into
/// `<span class="inkpost-liquid">` placeholders (used for raw HTML text too),
/// or keeping them for the render this one's HTML goes into
/// (`Ctx::keep_marks`). Any other reserved code point, a marker without its
/// placeholder among them, is left to `escape`, which makes it U+FFFD.
pub(crate) fn write_marked(out: &mut String, text: &str, ctx: &Ctx, escape: fn(&mut String, &str)) {
    if (ctx.placeholders.is_empty() && !ctx.keep_marks) || !crate::liquid::has_marks(text) {
        return escape(out, text);
    }
    for piece in crate::marks::pieces(text) {
        match piece {
            Piece::Text(text) => escape(out, text),
            Piece::Marker { raw, .. } if ctx.keep_marks => out.push_str(raw),
            Piece::Marker { index, raw } => match ctx.placeholders.get(index) {
                Some(p) => {
                    out.push_str("<span class=\"inkpost-liquid\" title=\"Needs a Jekyll build\">");
                    escape::text(out, &p.label);
                    out.push_str("</span>");
                }
                None => escape(out, raw),
            },
        }
    }
}

/// Writes ` class="…"` for class names the post gave, as the `classes`
/// option says: as they are, prefixed, or not at all (a `sanitized` warning
/// at `at` names them). Nothing is written when no name is left.
pub(crate) fn write_author_classes<'s>(
    out: &mut String,
    ctx: &Ctx,
    classes: impl IntoIterator<Item = &'s str>,
    at: usize,
) {
    let mut classes = classes.into_iter().filter(|c| !c.is_empty()).peekable();
    if classes.peek().is_none() {
        return;
    }
    let prefix = match &ctx.options.classes {
        crate::ClassPolicy::Drop => {
            let names: Vec<&str> = classes.collect();
            ctx.warn(
                crate::WarningKind::Sanitized,
                format!(
                    "class `{}` removed (classes: drop)",
                    crate::util::truncate(&names.join(" "), 60)
                ),
                at,
            );
            return;
        }
        crate::ClassPolicy::Prefix(prefix) => prefix.as_str(),
        _ => "",
    };
    out.push_str(" class=\"");
    for (i, class) in classes.enumerate() {
        if i > 0 {
            out.push(' ');
        }
        escape::attr(out, prefix);
        escape::attr(out, class);
    }
    out.push('"');
}

/// `text` as plain text (a table of contents entry's): each of the Liquid
/// stage's markers is its placeholder's label, as the reader sees it in the
/// heading, and any other reserved code point U+FFFD.
pub(crate) fn push_plain_marked(out: &mut String, text: &str, ctx: &Ctx) {
    if !crate::reserved::any(text) {
        return out.push_str(text);
    }
    for piece in crate::marks::pieces(text) {
        match piece {
            Piece::Marker { index, raw } => match ctx.placeholders.get(index) {
                Some(p) => out.push_str(&p.label),
                None => out.push_str(&crate::reserved::replace(raw)),
            },
            Piece::Text(text) => out.push_str(&crate::reserved::replace(text)),
        }
    }
}

fn level_name(level: usize) -> &'static str {
    ["h1", "h2", "h3", "h4", "h5", "h6"][level.clamp(1, 6) - 1]
}

/// Counts words across text events: a run of non-space characters is a word,
/// and each CJK character is a word of its own (those scripts do not use spaces).
#[derive(Default)]
struct Words {
    count: usize,
    in_word: bool,
}

impl Words {
    fn add(&mut self, text: &str) {
        const HIGH: u64 = 0x8080_8080_8080_8080;
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            // Eight ASCII bytes at a time: a byte is a non-space when it is
            // above 0x20, so adding 0x5F sets its high bit; a word starts at a
            // non-space whose previous byte is a space.
            if let Some(x) = crate::scan::word_at(bytes, i) {
                if x & HIGH == 0 {
                    let nonspace = x.wrapping_add(0x5F5F_5F5F_5F5F_5F5F) & HIGH;
                    let before = (nonspace << 8) | (u64::from(self.in_word) << 7);
                    self.count += (nonspace & !before).count_ones() as usize;
                    self.in_word = nonspace >> 63 == 1;
                    i += 8;
                    continue;
                }
            }
            let b = bytes[i];
            if b < 0x80 {
                let space = b <= b' ';
                self.count += usize::from(!space && !self.in_word);
                self.in_word = !space;
                i += 1;
                continue;
            }
            // Decode by hand: most of these are CJK, each a word.
            let (c, len) = decode(&bytes[i..]);
            i += len;
            if c.is_whitespace() {
                self.in_word = false;
            } else if is_cjk(c) {
                self.count += 1;
                self.in_word = false;
            } else if !self.in_word {
                self.count += 1;
                self.in_word = true;
            }
        }
    }

    fn gap(&mut self) {
        self.in_word = false;
    }
}

/// The character a (valid) UTF-8 sequence starts with, and its length.
fn decode(b: &[u8]) -> (char, usize) {
    let cont = |i: usize| u32::from(b.get(i).copied().unwrap_or(0x80) & 0x3F);
    let (cp, len) = match b[0] {
        0xC0..=0xDF => ((u32::from(b[0] & 0x1F) << 6) | cont(1), 2),
        0xE0..=0xEF => ((u32::from(b[0] & 0x0F) << 12) | (cont(1) << 6) | cont(2), 3),
        _ => (
            (u32::from(b[0] & 0x07) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3),
            4,
        ),
    };
    (char::from_u32(cp).unwrap_or(' '), len.min(b.len()))
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF   // Hiragana, Katakana
        | 0x3400..=0x4DBF // CJK Extension A
        | 0x4E00..=0x9FFF // CJK Unified Ideographs
        | 0xAC00..=0xD7AF // Hangul syllables
        | 0xF900..=0xFAFF)
}

/// A backslash dropped before the characters kramdown lets one escape
/// (not every ASCII punctuation mark, as CommonMark does: LaTeX's `\,` and
/// `\;` stay).
const KRAMDOWN_ESCAPES: &str = "\\.*_+-`()[]{}#!:|\"'=<>$";

fn unescape_punctuation(text: &str) -> Cow<'_, str> {
    if !text.contains('\\') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(&next) = chars.peek() {
                if KRAMDOWN_ESCAPES.contains(next) {
                    out.push(next);
                    chars.next();
                    continue;
                }
            }
        }
        out.push(c);
    }
    Cow::Owned(out)
}

/// Whether the table row at `at` is a kramdown separator line: a `|`, and
/// only `-`, `+`, `:`, `|` and blanks with at least one dash (`Some(false)`,
/// `|---+---|`), or only `=`, `+`, `:`, `|` and blanks with at least one
/// equals sign (`Some(true)`, a footer line `|====`). `|-=-|` is a row.
fn table_separator(text: &str, at: usize) -> Option<bool> {
    // Most lines are text: the first character of the line (after its
    // leading whitespace, not past its end) already says no, and most often
    // the first byte does.
    let rest = text.get(at..)?;
    if rest
        .as_bytes()
        .first()
        .is_some_and(|b| b.is_ascii_graphic() && !b"+|:-=".contains(b))
    {
        return None;
    }
    let rest = rest.trim_start_matches(|c: char| c.is_whitespace() && c != '\n');
    if !rest.starts_with(['+', '|', ':', '-', '=']) {
        return None;
    }
    let line = rest.split('\n').next()?.trim();
    if !line.contains('|') {
        return None;
    }
    let only = |mark: u8| line.bytes().all(|b| b == mark || b"+|: \t".contains(&b));
    if line.contains('-') && only(b'-') {
        Some(false)
    } else if line.contains('=') && only(b'=') {
        Some(true)
    } else {
        None
    }
}

/// Whether the paragraph at `at` is one kramdown separator line standing
/// above a table (its top border), which kramdown does not show.
fn border_above_table(text: &str, at: usize) -> bool {
    if table_separator(text, at) != Some(false) {
        return false;
    }
    let mut lines = text[at..].split('\n').skip(1).map(str::trim);
    let (Some(header), Some(delimiter)) = (lines.next(), lines.next()) else {
        return false;
    };
    header.starts_with('|')
        && delimiter.contains('-')
        && delimiter.bytes().all(|b| b"-:| \t".contains(&b))
}
