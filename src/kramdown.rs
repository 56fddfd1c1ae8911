//! Events in, events out: kramdown's leftovers — `{: .class #id key="v"}` attribute lists applied,
//! `* TOC {:toc}` replaced by the table of contents, `{::comment}`/`{::options}` removed, `$$` math.
//!
//! Works a top-level block at a time, holding the previous block back so that
//! an attribute list standing on its own after a block can still apply to it.

use crate::ctx::Ctx;
use crate::event::{Attrs, Ev};
use crate::{raw_html, WarningKind};
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use crate::event::TOC_MARK;

/// A parsed `{: … }`.
#[derive(Debug, Default, PartialEq)]
struct Ial {
    id: Option<String>,
    classes: Vec<String>,
    pairs: Vec<(String, String)>,
    toc: bool,
}

/// Parses the inside of `{: … }` (also `{:.class}`); curly quotes count as
/// quotes, since smart punctuation has already turned `'` into `’`.
fn parse_ial(inner: &str) -> Ial {
    let mut ial = Ial::default();
    // Smart punctuation turned `--` in class names into dashes; undo it.
    let inner = inner.replace('—', "---").replace('–', "--");
    let chars: Vec<char> = inner.chars().collect();
    let mut i = 0;
    let is_quote = |c: char| matches!(c, '"' | '\'' | '‘' | '’' | '“' | '”');
    while i < chars.len() {
        if chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && !chars[i].is_whitespace() && chars[i] != '=' {
            i += 1;
        }
        let word: String = chars[start..i].iter().collect();
        if i < chars.len() && chars[i] == '=' {
            i += 1;
            let value: String = if i < chars.len() && is_quote(chars[i]) {
                let open = chars[i];
                let close = match open {
                    '‘' => '’',
                    '“' => '”',
                    c => c,
                };
                i += 1;
                let v_start = i;
                while i < chars.len() && chars[i] != close && !(open != close && chars[i] == open) {
                    i += 1;
                }
                let v: String = chars[v_start..i.min(chars.len())].iter().collect();
                i += 1;
                v
            } else {
                let v_start = i;
                while i < chars.len() && !chars[i].is_whitespace() {
                    i += 1;
                }
                chars[v_start..i].iter().collect()
            };
            ial.pairs.push((word.to_ascii_lowercase(), value));
        } else if let Some(class) = word.strip_prefix('.') {
            if !class.is_empty() {
                ial.classes.push(class.to_owned());
            }
        } else if let Some(id) = word.strip_prefix('#') {
            if !id.is_empty() {
                ial.id = Some(id.to_owned());
            }
        } else if word == "toc" {
            ial.toc = true;
        }
        // Anything else is a reference to an attribute list definition: ignored.
    }
    ial
}

/// `{: … }` or `{:… }` making up all of `text` (trimmed): its inside.
fn whole_ial(text: &str) -> Option<&str> {
    let t = text.trim();
    let inner = t.strip_prefix("{:")?.strip_suffix('}')?;
    (!inner.starts_with(':') && !inner.contains('}')).then_some(inner)
}

pub(crate) struct Kramdown<'c, 'a, I> {
    inner: I,
    ctx: &'c Ctx<'c>,
    /// The Markdown text, to tell a lazy continuation line from one inside a container.
    text: &'a str,
    held: Option<Vec<Ev<'a>>>,
    /// An attribute list that stood before a block: for the next block.
    next_ial: Option<(Ial, usize)>,
    /// Events to hand out, from `ready_at` on (those before it are spent).
    ready: Vec<Ev<'a>>,
    ready_at: usize,
    /// An emptied block's buffer, for the next block: a block is a fresh
    /// `Vec` otherwise, grown from nothing for every paragraph.
    spare: Vec<Ev<'a>>,
    in_comment: bool,
    done: bool,
    /// Whether the text has `{:` at all (else no block needs looking at for it).
    has_ial: bool,
}

impl<'c, 'a, I: Iterator<Item = Ev<'a>>> Kramdown<'c, 'a, I> {
    pub(crate) fn new(inner: I, ctx: &'c Ctx<'c>, text: &'a str, has_ial: bool) -> Self {
        Kramdown {
            inner,
            ctx,
            text,
            held: None,
            next_ial: None,
            ready: Vec::new(),
            ready_at: 0,
            spare: Vec::new(),
            in_comment: false,
            done: false,
            has_ial,
        }
    }

    /// The next top-level block, whole.
    fn block(&mut self) -> Option<Vec<Ev<'a>>> {
        let first = self.inner.next()?;
        let mut depth = match first.event {
            Event::Start(_) => 1usize,
            _ => 0,
        };
        let mut block = std::mem::take(&mut self.spare);
        block.push(first);
        while depth > 0 {
            let Some(ev) = self.inner.next() else { break };
            match ev.event {
                Event::Start(_) => depth += 1,
                Event::End(_) => depth -= 1,
                _ => {}
            }
            block.push(ev);
        }
        Some(block)
    }

    fn release_held(&mut self) {
        if let Some(block) = self.held.take() {
            self.release(block);
        }
    }

    /// Hands out a block's events (only ever called with nothing left to
    /// hand out): the block becomes `ready`, and the spent buffer the spare.
    fn release(&mut self, block: Vec<Ev<'a>>) {
        debug_assert_eq!(self.ready_at, self.ready.len());
        let mut spent = std::mem::replace(&mut self.ready, block);
        spent.clear();
        self.ready_at = 0;
        self.spare = spent;
    }

    fn process(&mut self, mut block: Vec<Ev<'a>>) {
        let text = if self.has_ial && starts_with_brace(&block) {
            block_text(&block)
        } else {
            None
        };
        // `{::comment}` … `{:/comment}` (or `{:/}`) may span blocks.
        if self.in_comment {
            let ends = block.iter().any(|e| {
                matches!(&e.event, Event::Text(t) | Event::Html(t) if t.contains("{:/comment}") || t.contains("{:/}"))
            });
            self.in_comment = !ends;
            return;
        }
        if let Some(t) = text.as_deref() {
            let t = t.trim();
            if t.starts_with("{::comment}") {
                self.in_comment = !(t.contains("{:/comment}") || t.contains("{:/}"));
                return;
            }
            if t.starts_with("{::options") && t.ends_with("/}") {
                return;
            }
        }
        let is_paragraph = matches!(
            block.first().map(|e| &e.event),
            Some(Event::Start(Tag::Paragraph))
        );
        if let (true, Some(inner)) = (is_paragraph, text.as_deref().and_then(whole_ial)) {
            let ial = parse_ial(inner);
            let at = block[0].at;
            if self.directly_after_block(at) {
                if let Some(mut held) = self.held.take() {
                    self.apply_to_block(&mut held, ial, at, None);
                    self.release(held);
                    return;
                }
            }
            self.release_held();
            self.next_ial = Some((ial, at));
            return;
        }
        self.release_held();
        if let Some((ial, at)) = self.next_ial.take() {
            self.apply_to_block(&mut block, ial, at, None);
        }
        if self.has_ial
            && block.iter().any(|e| {
                matches!(&e.event, Event::Text(t) if crate::scan::has_pair_of(t.as_bytes(), b'{', b":"))
            })
        {
            block = self.inline_ials(block);
        }
        if block
            .iter()
            .any(|e| matches!(&e.event, Event::Text(t) if &**t == "*"))
        {
            block = self.lenient_emphasis(block);
        }
        if let Some(math) = display_math_paragraph(&block) {
            block = vec![
                Ev::new(Event::Start(Tag::Paragraph), block[0].at),
                Ev::new(
                    Event::Text(CowStr::from(format!("\\[{math}\\]"))),
                    block[0].at,
                ),
                Ev::new(Event::End(TagEnd::Paragraph), block[0].at),
            ];
        }
        self.held = Some(block);
    }

    /// CommonMark will not close `**` between punctuation and a letter
    /// (`**免责声明：**我之前`), which Chinese and Japanese text does all the
    /// time; kramdown does. Stray `*` runs the parser left as text are paired
    /// here: an opener not followed by a space, a closer not preceded by one,
    /// both in the same inline container.
    fn lenient_emphasis(&self, block: Vec<Ev<'a>>) -> Vec<Ev<'a>> {
        // Runs of literal `*` text, by index in `block`: (first, length).
        let mut runs: Vec<(usize, usize)> = Vec::new();
        let mut i = 0;
        while i < block.len() {
            if matches!(&block[i].event, Event::Text(t) if &**t == "*") {
                let start = i;
                while i + 1 < block.len()
                    && matches!(&block[i + 1].event, Event::Text(t) if &**t == "*")
                    && block[i + 1].at == block[i].at + 1
                {
                    i += 1;
                }
                runs.push((start, i + 1 - start));
            }
            i += 1;
        }
        // The container each event is in (the index of its start), to pair
        // only within one container: `_a **b_ _c** d_` has no pair.
        let mut container_at = Vec::with_capacity(block.len());
        let mut open: Vec<usize> = Vec::new();
        for (i, ev) in block.iter().enumerate() {
            if let Event::End(_) = ev.event {
                open.pop();
            }
            container_at.push(open.last().copied());
            if let Event::Start(_) = ev.event {
                open.push(i);
            }
        }
        let text = self.text;
        let char_before = |at: usize| text[..at.min(text.len())].chars().next_back();
        let char_after = |at: usize| text.get(at..).and_then(|t| t.chars().next());
        let mut replace: Vec<(usize, usize, bool)> = Vec::new(); // (first, len, is_open)
        let mut openers: Vec<(usize, usize)> = Vec::new();
        for &(first, len) in &runs {
            if len > 2 {
                openers.clear();
                continue;
            }
            let at = block[first].at;
            let before = char_before(at);
            let after = char_after(at + len);
            let can_close = before.is_some_and(|c| !c.is_whitespace());
            let can_open = after.is_some_and(|c| !c.is_whitespace());
            if can_close {
                if let Some(pos) = openers
                    .iter()
                    .rposition(|&(o, l)| l == len && container_at[o] == container_at[first])
                {
                    let (o, l) = openers.remove(pos);
                    openers.truncate(pos);
                    replace.push((o, l, true));
                    replace.push((first, len, false));
                    continue;
                }
            }
            if can_open {
                openers.push((first, len));
            }
        }
        if replace.is_empty() {
            return block;
        }
        replace.sort_unstable();
        let mut out = Vec::with_capacity(block.len());
        let mut r = replace.into_iter().peekable();
        let mut skip = 0;
        for (i, mut ev) in block.into_iter().enumerate() {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            if let Some(&(first, len, open)) = r.peek() {
                if first == i {
                    r.next();
                    ev.event = match (len, open) {
                        (2, true) => Event::Start(Tag::Strong),
                        (2, false) => Event::End(TagEnd::Strong),
                        (_, true) => Event::Start(Tag::Emphasis),
                        (_, false) => Event::End(TagEnd::Emphasis),
                    };
                    skip = len - 1;
                }
            }
            out.push(ev);
        }
        out
    }

    /// Whether the line before `at` in the Markdown text holds something (no blank line between).
    fn directly_after_block(&self, at: usize) -> bool {
        let before = &self.text[..at.min(self.text.len())];
        let before = before.strip_suffix('\n').unwrap_or(before);
        let before = before.strip_suffix('\r').unwrap_or(before);
        let line = before.rsplit('\n').next().unwrap_or("");
        !line.trim().is_empty()
    }

    /// Span attribute lists after a link, image or emphasis; block ones at the end of a paragraph.
    fn inline_ials(&mut self, block: Vec<Ev<'a>>) -> Vec<Ev<'a>> {
        let block = join_texts(block);
        let mut out: Vec<Ev<'a>> = Vec::with_capacity(block.len());
        let mut starts: Vec<usize> = Vec::new();
        let mut last_closed: Option<usize> = None;
        for ev in block {
            match &ev.event {
                Event::Start(_) => {
                    starts.push(out.len());
                    last_closed = None;
                    out.push(ev);
                    continue;
                }
                Event::End(end) => {
                    let start = starts.pop();
                    if matches!(
                        end,
                        TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell | TagEnd::Heading(_)
                    ) {
                        if let Some(start) = start {
                            self.trailing_block_ial(&mut out, start);
                        }
                        // The list became the table of contents: the rest of it goes.
                        if matches!(out.first().map(|e| &e.event), Some(Event::Html(h)) if &**h == TOC_MARK)
                        {
                            return out;
                        }
                    }
                    last_closed = match end {
                        TagEnd::Link
                        | TagEnd::Image
                        | TagEnd::Emphasis
                        | TagEnd::Strong
                        | TagEnd::Strikethrough => start,
                        _ => None,
                    };
                    out.push(ev);
                    continue;
                }
                Event::Text(t)
                    if t.starts_with("{:")
                        && matches!(out.last().map(|e| &e.event), Some(Event::Code(_))) =>
                {
                    // `` `path`{: .filepath} ``: inline code takes the class.
                    if let Some(close) = t.find('}') {
                        let ial = parse_ial(&t[2..close]);
                        let rest = t[close + 1..].to_owned();
                        let at = ev.at;
                        if let Some(Ev {
                            event: Event::Code(code),
                            ..
                        }) = out.pop()
                        {
                            let mut html = String::from("<code");
                            crate::html::write_author_classes(
                                &mut html,
                                self.ctx,
                                ial.classes.iter().map(String::as_str),
                                at,
                            );
                            html.push('>');
                            crate::escape::text(&mut html, &code);
                            html.push_str("</code>");
                            out.push(Ev::new(Event::InlineHtml(CowStr::from(html)), at));
                        }
                        if !rest.is_empty() {
                            out.push(Ev::new(Event::Text(CowStr::from(rest)), at));
                        }
                        last_closed = None;
                        continue;
                    }
                }
                Event::Text(t) if t.starts_with("{:") => {
                    if let (Some(start), Some(close)) = (last_closed, t.find('}')) {
                        let inner = &t[2..close];
                        if !inner.starts_with(':') {
                            let ial = parse_ial(inner);
                            let rest = t[close + 1..].to_owned();
                            let at = ev.at;
                            self.apply(&mut out[start], ial, at);
                            if !rest.is_empty() {
                                out.push(Ev::new(Event::Text(CowStr::from(rest)), at));
                            }
                            last_closed = None;
                            continue;
                        }
                    }
                }
                _ => {}
            }
            last_closed = None;
            out.push(ev);
        }
        out
    }

    /// A paragraph (or item, cell) whose last line is `{: … }`: the list applies
    /// to it — or, when that line was a lazy continuation at the left margin, to
    /// the top-level block (a blockquote or list).
    fn trailing_block_ial(&mut self, out: &mut Vec<Ev<'a>>, start: usize) {
        let Some(Event::Text(t)) = out.last().map(|e| &e.event) else {
            return;
        };
        let Some(inner) = whole_ial(t) else { return };
        let ial = parse_ial(inner);
        let at = out.last().map_or(0, |e| e.at);
        let alone = out.len() == start + 2;
        let after_break = out.len() >= 2 && matches!(out[out.len() - 2].event, Event::SoftBreak);
        if !alone && !after_break {
            return;
        }
        out.pop();
        if after_break {
            out.pop();
        }
        let line_start = self.text[..at.min(self.text.len())]
            .rfind('\n')
            .map_or(0, |i| i + 1);
        let lazy = at == line_start && start > 0;
        let target = if lazy { 0 } else { start };
        // `* TOC` + `{:toc}`: the list becomes the table of contents. As in
        // kramdown, only the first one does; later ones stay plain lists
        // (one table of contents per heading list also keeps output linear).
        if ial.toc && !self.ctx.toc_placed.get() {
            if let Some(Event::Start(Tag::List(_))) = out.first().map(|e| &e.event) {
                out.clear();
                out.push(Ev::new(Event::Html(CowStr::Borrowed(TOC_MARK)), at));
                self.ctx.toc_placed.set(true);
                return;
            }
        }
        self.apply(&mut out[target], ial, at);
    }

    fn apply_to_block(&mut self, block: &mut [Ev<'a>], ial: Ial, at: usize, _: Option<()>) {
        if ial.toc
            && !self.ctx.toc_placed.get()
            && matches!(
                block.first().map(|e| &e.event),
                Some(Event::Start(Tag::List(_)))
            )
        {
            block[0] = Ev::new(Event::Html(CowStr::Borrowed(TOC_MARK)), at);
            self.ctx.toc_placed.set(true);
            for ev in block.iter_mut().skip(1) {
                ev.event = Event::Text(CowStr::Borrowed(""));
            }
            return;
        }
        if let Some(first) = block.first_mut() {
            self.apply(first, ial, at);
        }
    }

    /// Puts the allowed attributes on a start tag, warning about the rest.
    fn apply(&self, ev: &mut Ev<'a>, ial: Ial, at: usize) {
        let element = match &ev.event {
            Event::Start(tag) => element_name(tag),
            _ => None,
        };
        let Some(element) = element else { return };
        if let Event::Start(Tag::Heading { id, classes, .. }) = &mut ev.event {
            if let Some(new_id) = ial.id {
                *id = Some(CowStr::from(new_id));
            }
            classes.extend(ial.classes.into_iter().map(CowStr::from));
            self.pairs(ev, ial.pairs, element, at);
            return;
        }
        let attrs = ev.attrs_mut();
        if let Some(id) = ial.id {
            attrs.id = Some(CowStr::from(id));
        }
        attrs
            .classes
            .extend(ial.classes.into_iter().map(CowStr::from));
        self.pairs(ev, ial.pairs, element, at);
    }

    fn pairs(&self, ev: &mut Ev<'a>, pairs: Vec<(String, String)>, element: &str, at: usize) {
        for (name, value) in pairs {
            match raw_html::attribute_name(element, &name) {
                Some(name)
                    if !matches!(name, "href" | "src" | "srcset" | "cite" | "poster" | "id") =>
                {
                    let attrs: &mut Attrs = ev.attrs_mut();
                    if name == "class" {
                        attrs
                            .classes
                            .extend(value.split_whitespace().map(|c| CowStr::from(c.to_owned())));
                    } else {
                        attrs.pairs.push((name, CowStr::from(value)));
                    }
                }
                _ => self.ctx.warn(
                    WarningKind::Sanitized,
                    format!(
                        "attribute `{}` from an attribute list removed from <{element}>",
                        crate::util::truncate(&name, 30)
                    ),
                    at,
                ),
            }
        }
    }
}

/// The HTML element a Markdown start tag becomes.
fn element_name(tag: &Tag) -> Option<&'static str> {
    Some(match tag {
        Tag::Paragraph => "p",
        Tag::Heading { level, .. } => ["h1", "h2", "h3", "h4", "h5", "h6"][*level as usize - 1],
        Tag::BlockQuote(_) => "blockquote",
        Tag::CodeBlock(_) => "pre",
        Tag::List(Some(_)) => "ol",
        Tag::List(None) => "ul",
        Tag::Item => "li",
        Tag::Table(_) => "table",
        Tag::Emphasis => "em",
        Tag::Strong => "strong",
        Tag::Strikethrough => "del",
        Tag::Link { .. } => "a",
        Tag::Image { .. } => "img",
        Tag::DefinitionList => "dl",
        _ => return None,
    })
}

/// Whether the text [`block_text`] would join starts with `{` after white
/// space: what every use of it looks for first, checked without joining.
fn starts_with_brace(block: &[Ev]) -> bool {
    for ev in block.get(1..).unwrap_or_default() {
        match &ev.event {
            Event::Text(t) => {
                if let Some(c) = t.trim_start().chars().next() {
                    return c == '{';
                }
            }
            Event::SoftBreak => {}
            _ => return false,
        }
    }
    false
}

/// The text of a block made only of a paragraph's text (for standalone `{: … }`).
fn block_text(block: &[Ev]) -> Option<String> {
    if block.len() < 3 || !matches!(block[0].event, Event::Start(Tag::Paragraph)) {
        return None;
    }
    let mut text = String::new();
    for ev in &block[1..block.len() - 1] {
        match &ev.event {
            Event::Text(t) => text.push_str(t),
            Event::SoftBreak => text.push('\n'),
            _ => return None,
        }
    }
    Some(text)
}

/// A paragraph holding only `$$…$$` is display math: kramdown writes `\[…\]`.
fn display_math_paragraph(block: &[Ev]) -> Option<String> {
    match block {
        [Ev {
            event: Event::Start(Tag::Paragraph),
            ..
        }, Ev {
            event: Event::DisplayMath(m),
            ..
        }, Ev {
            event: Event::End(TagEnd::Paragraph),
            ..
        }] => Some(m.trim().to_owned()),
        _ => None,
    }
}

/// Adjacent text events as one (smart punctuation splits `{: a='b'}` apart).
fn join_texts(block: Vec<Ev>) -> Vec<Ev> {
    let mut out: Vec<Ev> = Vec::with_capacity(block.len());
    for ev in block {
        if let (
            Event::Text(next),
            Some(Ev {
                event: Event::Text(prev),
                ..
            }),
        ) = (&ev.event, out.last_mut())
        {
            let mut joined = prev.to_string();
            joined.push_str(next);
            *prev = CowStr::from(joined);
            continue;
        }
        out.push(ev);
    }
    out
}

impl<'a, I: Iterator<Item = Ev<'a>>> Iterator for Kramdown<'_, 'a, I> {
    type Item = Ev<'a>;

    fn next(&mut self) -> Option<Ev<'a>> {
        loop {
            if let Some(slot) = self.ready.get_mut(self.ready_at) {
                self.ready_at += 1;
                return Some(std::mem::replace(slot, Ev::new(Event::SoftBreak, 0)));
            }
            if self.done {
                return None;
            }
            match self.block() {
                Some(block) => self.process(block),
                None => {
                    self.done = true;
                    self.release_held();
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attribute_lists_parse() {
        assert_eq!(
            parse_ial(" data-toc-skip=‘’ .mt-4 #top file=‘_sass/x.scss’ width=\"972\" toc"),
            Ial {
                id: Some("top".into()),
                classes: vec!["mt-4".into()],
                pairs: vec![
                    ("data-toc-skip".into(), String::new()),
                    ("file".into(), "_sass/x.scss".into()),
                    ("width".into(), "972".into())
                ],
                toc: true,
            }
        );
        assert_eq!(whole_ial(" {:.success} "), Some(".success"));
        assert_eq!(whole_ial("{::comment}"), None);
    }
}
