//! Events in, events out: raw HTML from the post is rebuilt from an allowlist, escaped, or dropped.
//!
//! Every raw tag is read into a name and attributes and written again only when
//! the element and each attribute are allowed, values re-escaped and
//! double-quoted, URLs checked after decoding. After this stage every
//! `Html`/`InlineHtml` event holds markup inkpost wrote.

use crate::ctx::Ctx;
use crate::escape;
use crate::event::Ev;
use crate::html;
use crate::html_tokens::{decode_attr, Token, Tokens};
use crate::links::{self, UrlUse};
use crate::{RawHtmlMode, WarningKind};
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use std::cell::OnceCell;
use std::collections::VecDeque;

/// Elements dropped together with everything inside them: code, foreign
/// markup, embedded documents, forms. The raw-text ones (whose content the
/// browser does not parse as HTML) are marked.
const DROP_WITH_CONTENT: &[(&str, bool)] = &[
    ("script", true),
    ("style", true),
    ("template", false),
    ("noscript", true),
    ("title", true),
    ("textarea", true),
    ("xmp", true),
    ("iframe", true),
    ("object", false),
    ("applet", false),
    ("frameset", false),
    ("noframes", true),
    ("noembed", true),
    ("plaintext", true),
    ("svg", false),
    ("math", false),
    ("form", false),
    ("button", false),
    ("select", false),
    ("datalist", false),
    ("output", false),
    ("canvas", false),
    ("dialog", false),
    ("portal", false),
];

/// Void elements that are dropped (they have no content to drop).
const DROP_VOID: &[&str] = &[
    "base", "meta", "link", "embed", "frame", "input", "keygen", "param", "option", "optgroup",
];

/// Void elements among the allowed ones: written as `<br />`, never pushed as open.
const VOID: &[&str] = &["br", "hr", "img", "source", "track", "wbr", "col", "area"];

/// The allowed elements and the attributes each may carry besides the global ones.
const ALLOWED: &[(&str, &[&str])] = &[
    ("a", &["href"]),
    ("abbr", &[]),
    ("address", &[]),
    ("article", &[]),
    ("aside", &[]),
    ("audio", &["src", "controls", "loop", "muted", "preload"]),
    ("b", &[]),
    ("bdi", &[]),
    ("bdo", &[]),
    ("blockquote", &["cite"]),
    ("br", &[]),
    ("caption", &[]),
    ("center", &[]),
    ("cite", &[]),
    ("code", &[]),
    ("col", &["span", "width"]),
    ("colgroup", &["span", "width"]),
    ("dd", &[]),
    ("del", &["cite", "datetime"]),
    ("details", &["open"]),
    ("dfn", &[]),
    ("div", &["align"]),
    ("dl", &[]),
    ("dt", &[]),
    ("em", &[]),
    ("figcaption", &[]),
    ("figure", &[]),
    ("footer", &[]),
    ("h1", &["align"]),
    ("h2", &["align"]),
    ("h3", &["align"]),
    ("h4", &["align"]),
    ("h5", &["align"]),
    ("h6", &["align"]),
    ("header", &[]),
    ("hr", &[]),
    ("i", &[]),
    (
        "img",
        &[
            "src", "srcset", "sizes", "alt", "width", "height", "loading", "decoding", "align",
        ],
    ),
    ("ins", &["cite", "datetime"]),
    ("kbd", &[]),
    ("li", &["value"]),
    ("main", &[]),
    ("mark", &[]),
    ("nav", &[]),
    ("ol", &["start", "reversed", "type"]),
    ("p", &["align"]),
    ("picture", &[]),
    ("pre", &[]),
    ("q", &["cite"]),
    ("rp", &[]),
    ("rt", &[]),
    ("ruby", &[]),
    ("s", &[]),
    ("samp", &[]),
    ("section", &[]),
    ("small", &[]),
    (
        "source",
        &["src", "srcset", "sizes", "type", "media", "width", "height"],
    ),
    ("span", &[]),
    ("strike", &[]),
    ("strong", &[]),
    ("sub", &[]),
    ("summary", &[]),
    ("sup", &[]),
    (
        "table",
        &["align", "width", "border", "cellpadding", "cellspacing"],
    ),
    ("tbody", &["align", "valign"]),
    (
        "td",
        &["colspan", "rowspan", "align", "valign", "headers", "width"],
    ),
    ("tfoot", &["align", "valign"]),
    (
        "th",
        &[
            "colspan", "rowspan", "align", "valign", "headers", "scope", "abbr", "width",
        ],
    ),
    ("thead", &["align", "valign"]),
    ("time", &["datetime"]),
    ("tr", &["align", "valign"]),
    ("track", &["src", "kind", "srclang", "label", "default"]),
    ("tt", &[]),
    ("u", &[]),
    ("ul", &[]),
    ("var", &[]),
    (
        "video",
        &[
            "src",
            "poster",
            "controls",
            "width",
            "height",
            "loop",
            "muted",
            "playsinline",
            "preload",
        ],
    ),
    ("wbr", &[]),
];

/// Attributes any allowed element may carry, from any source (raw HTML,
/// heading `{key=value}`, kramdown attribute lists). Not `style`, not `name`,
/// not `on*`, not `data-*` (page scripts such as htmx or Bootstrap read data
/// attributes as instructions).
const GLOBAL_ATTRIBUTES: &[&str] = &[
    "id",
    "class",
    "title",
    "lang",
    "dir",
    "translate",
    "role",
    "aria-label",
    "aria-hidden",
    "aria-describedby",
    "aria-labelledby",
];

pub(crate) fn generic_attribute_allowed(name: &str) -> bool {
    GLOBAL_ATTRIBUTES.contains(&name.to_ascii_lowercase().as_str())
}

/// The attribute's name as inkpost writes it, if `element` may carry it.
pub(crate) fn attribute_name(element: &str, name: &str) -> Option<&'static str> {
    let name = name.to_ascii_lowercase();
    let own = allowed_element(element).map_or(&[][..], |(_, attrs)| attrs);
    GLOBAL_ATTRIBUTES
        .iter()
        .chain(own.iter())
        .find(|n| **n == name)
        .copied()
}

fn allowed_element(name: &str) -> Option<(&'static str, &'static [&'static str])> {
    ALLOWED.iter().find(|(n, _)| *n == name).copied()
}

/// How an attribute's value is checked.
fn url_use(element: &str, attr: &str) -> Option<UrlUse> {
    match (element, attr) {
        ("a", "href") | (_, "cite") => Some(UrlUse::Link),
        ("img", "src") | ("video", "poster") => Some(UrlUse::Image),
        (_, "src") => Some(UrlUse::Media),
        _ => None,
    }
}

/// An element a post opened and has not closed yet.
struct Open {
    name: &'static str,
    /// Markdown container depth it was opened at: it is closed before its
    /// container ends, so the output stays well nested.
    depth: usize,
    /// Opened with `markdown="1"`: what follows is Markdown.
    markdown: bool,
}

/// Elements kramdown reads as HTML blocks: one of these left open at the end of
/// an HTML block goes on, blank lines and all, to its end tag, and what it holds
/// is HTML, not Markdown (unless it says `markdown="1"`).
const KRAMDOWN_BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "center",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "header",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
    "video",
    "audio",
];

/// Nested Markdown (`markdown="1"` inside `markdown="1"`) goes this deep at most.
const MAX_MARKDOWN_NESTING: usize = 8;

/// Content being dropped: inside `<script>`, `<svg>`, …
struct Zone {
    name: String,
    raw_text: bool,
    nesting: usize,
    /// Markdown containers opened inside the zone (dropped with it).
    inner: usize,
    silent: bool,
}

/// Renders Markdown text found inside raw HTML with the context of the
/// render it sits in, and the pieces that place it there.
pub(crate) type Nested = fn(&str, &Ctx, Vec<(usize, usize)>) -> String;

pub(crate) struct RawHtml<'c, 'a, I> {
    inner: I,
    ctx: &'c Ctx<'c>,
    /// Clean decoded text of reserved code points (see `new`).
    clean_references: bool,
    /// Renders Markdown inside raw HTML (`markdown="1"`): the Markdown
    /// stage's own render, passed in (this stage names none after it).
    nested: Nested,
    /// The Markdown text (for HTML blocks that go on past a blank line).
    text: &'a str,
    /// An event read ahead while looking for where such a block ends.
    peeked: Option<Ev<'a>>,
    /// Bytes the search for such end tags may still read: unclosed elements in
    /// many blocks must not make the search quadratic.
    scan_budget: usize,
    mode: RawHtmlMode,
    ready: VecDeque<Ev<'a>>,
    open: Vec<Open>,
    zone: Option<Zone>,
    depth: usize,
    done: bool,
    /// `baseUrl`, parsed at the first URL.
    base: OnceCell<links::Base>,
}

impl<'c, 'a, I: Iterator<Item = Ev<'a>>> RawHtml<'c, 'a, I> {
    /// `clean_references`: the text holds a character reference to a
    /// reserved code point (`reserved`), so text the parser decoded is
    /// cleaned here, the first stage after it.
    pub(crate) fn new(
        inner: I,
        ctx: &'c Ctx<'c>,
        text: &'a str,
        clean_references: bool,
        nested: Nested,
    ) -> Self {
        RawHtml {
            clean_references,
            nested,
            inner,
            ctx,
            text,
            peeked: None,
            scan_budget: text.len().saturating_mul(4).max(1 << 16),
            mode: ctx.options.raw_html,
            ready: VecDeque::new(),
            open: Vec::new(),
            zone: None,
            depth: 0,
            done: false,
            base: OnceCell::new(),
        }
    }

    /// Escape and drop modes: no tags survive, so nothing to balance.
    fn simple(&mut self, mut ev: Ev<'a>) -> Option<Ev<'a>> {
        if self.mode == RawHtmlMode::Escape {
            match ev.event {
                // An HTML block shown as text reads best as a paragraph.
                Event::Start(Tag::HtmlBlock) => ev.event = Event::Start(Tag::Paragraph),
                Event::End(TagEnd::HtmlBlock) => ev.event = Event::End(TagEnd::Paragraph),
                Event::Html(html) | Event::InlineHtml(html) => ev.event = Event::Text(html),
                _ => {}
            }
            return Some(ev);
        }
        match &ev.event {
            Event::Start(Tag::HtmlBlock) => {
                for inner in self.inner.by_ref() {
                    if matches!(inner.event, Event::End(TagEnd::HtmlBlock)) {
                        break;
                    }
                }
                self.ctx.warn(
                    WarningKind::Sanitized,
                    "raw HTML block removed (rawHtml: \"drop\")".to_owned(),
                    ev.at,
                );
                None
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                if !html.trim().is_empty() {
                    self.ctx.warn(
                        WarningKind::Sanitized,
                        format!(
                            "raw HTML `{}` removed (rawHtml: \"drop\")",
                            crate::util::truncate(html.trim(), 40)
                        ),
                        ev.at,
                    );
                }
                None
            }
            _ => Some(ev),
        }
    }

    /// Raw HTML in sanitize mode: an HTML block (with the events of its
    /// lines) or an inline piece, sanitized and queued in `ready`.
    fn sanitize_html(&mut self, ev: Ev<'a>) {
        match ev.event {
            Event::Start(Tag::HtmlBlock) => {
                // Lines of one block arrive as separate events; a tag may span them.
                let mut text = String::new();
                let mut segments = Vec::new();
                let mut end = ev.at;
                for inner in self.inner.by_ref() {
                    match inner.event {
                        Event::Html(line) | Event::Text(line) => {
                            segments.push((text.len(), inner.at));
                            end = inner.at + line.len();
                            text.push_str(&line);
                        }
                        Event::End(TagEnd::HtmlBlock) => break,
                        _ => {}
                    }
                }
                let mut out = String::with_capacity(text.len());
                let open_before = self.open.len();
                self.sanitize(&text, &segments, &mut out, true);
                if self.depth == 0 && self.zone.is_none() {
                    let left_open = self.open[open_before.min(self.open.len())..]
                        .iter()
                        .find(|o| o.depth == 0 && !o.markdown && KRAMDOWN_BLOCKS.contains(&o.name))
                        .map(|o| o.name);
                    if let Some(name) = left_open {
                        if let Some(next) = self.continue_block(end, name) {
                            let more = &self.text[end..next];
                            self.sanitize(more, &[(0, end)], &mut out, true);
                        }
                    }
                }
                if let Some(zone) = self.zone.take() {
                    self.unclosed(&zone, end.saturating_sub(1));
                }
                if !out.trim().is_empty() {
                    out.truncate(out.trim_end().len());
                    out.push('\n');
                    self.push(Event::Start(Tag::HtmlBlock), ev.at);
                    self.push(Event::Html(CowStr::from(out)), ev.at);
                    self.push(Event::End(TagEnd::HtmlBlock), ev.at);
                }
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                let mut out = String::new();
                self.sanitize(&html, &[(0, ev.at)], &mut out, false);
                if !out.is_empty() {
                    self.push(Event::InlineHtml(CowStr::from(out)), ev.at);
                }
            }
            _ => {}
        }
    }

    /// Any other event in sanitize mode: keeps the depth, and inside a zone
    /// (raw HTML left open) drops the event. The event is looked at where it
    /// lies, not moved: most events pass on as they are.
    fn pass(&mut self, event: &Event<'a>, at: usize) -> Pass {
        match event {
            Event::Start(_) => {
                if let Some(zone) = &mut self.zone {
                    zone.inner += 1;
                    return Pass::Drop;
                }
                self.depth += 1;
                Pass::On
            }
            Event::End(_) => {
                if let Some(zone) = &mut self.zone {
                    if zone.inner > 0 {
                        zone.inner -= 1;
                        return Pass::Drop;
                    }
                }
                // The container the zone began in ends: so does the zone.
                if let Some(zone) = self.zone.take() {
                    self.unclosed(&zone, at);
                }
                let closes_html = self.open.last().is_some_and(|o| o.depth >= self.depth);
                if closes_html {
                    self.close_to_depth(self.depth, at);
                }
                self.depth = self.depth.saturating_sub(1);
                if closes_html {
                    Pass::AfterReady
                } else {
                    Pass::On
                }
            }
            _ if self.zone.is_some() => Pass::Drop,
            _ => Pass::On,
        }
    }

    /// kramdown reads a block element left open as HTML up to its end tag, blank
    /// lines and all. Finds that end tag after `from` in the Markdown text, skips
    /// the blocks the Markdown parser made of those lines, and returns where the
    /// first block after them starts (the text between is sanitized as HTML).
    fn continue_block(&mut self, from: usize, name: &str) -> Option<usize> {
        let rest = self.text.get(from..)?;
        let mut tokens = Tokens::new(rest);
        let mut depth = 1usize;
        let close_end = loop {
            if tokens.offset() > self.scan_budget {
                self.scan_budget = 0;
                return None;
            }
            let Some(token) = tokens.next() else {
                self.scan_budget = self.scan_budget.saturating_sub(rest.len());
                return None;
            };
            match token {
                Token::Start { name: n, .. } if n == name => depth += 1,
                Token::End { name: n } if n == name => {
                    depth -= 1;
                    if depth == 0 {
                        self.scan_budget = self.scan_budget.saturating_sub(tokens.offset());
                        break from + tokens.offset();
                    }
                }
                _ => {}
            }
        };
        let line_end = self.text[close_end..]
            .find('\n')
            .map_or(self.text.len(), |i| close_end + i + 1);
        // Skip whole top-level blocks that start before the end tag's line ends.
        loop {
            let ev = match self.peeked.take() {
                Some(ev) => ev,
                None => match self.inner.next() {
                    Some(ev) => ev,
                    None => return Some(self.text.len()),
                },
            };
            if ev.at >= line_end {
                let next = ev.at;
                self.peeked = Some(ev);
                return Some(next);
            }
            let mut depth = usize::from(matches!(ev.event, Event::Start(_)));
            while depth > 0 {
                match self.inner.next().map(|e| e.event) {
                    Some(Event::Start(_)) => depth += 1,
                    Some(Event::End(_)) => depth -= 1,
                    Some(_) => {}
                    None => return Some(self.text.len()),
                }
            }
        }
    }

    fn push(&mut self, event: Event<'a>, at: usize) {
        self.ready.push_back(Ev::new(event, at));
    }

    /// Closes the raw elements opened at `depth` or deeper.
    fn close_to_depth(&mut self, depth: usize, at: usize) {
        let mut closes = String::new();
        while self.open.last().is_some_and(|o| o.depth >= depth) {
            let open = self.open.pop().expect("checked");
            closes.push_str("</");
            closes.push_str(open.name);
            closes.push('>');
        }
        if !closes.is_empty() {
            self.push(Event::InlineHtml(CowStr::from(closes)), at);
        }
    }

    fn unclosed(&self, zone: &Zone, at: usize) {
        if !zone.silent {
            self.ctx.warn(
                WarningKind::Sanitized,
                format!(
                    "<{}> is not closed; what follows it was removed up to the end of the block",
                    zone.name
                ),
                at,
            );
        }
    }

    /// Sanitizes one piece of raw HTML into `out`. `segments` maps offsets in
    /// `html` to body offsets (for warnings).
    fn sanitize(
        &mut self,
        html: &str,
        segments: &[(usize, usize)],
        out: &mut String,
        in_block: bool,
    ) {
        let at = |offset: usize| crate::ctx::piece_offset(segments, offset);
        let mut tokens = Tokens::new(html);
        loop {
            if let Some(name) = self
                .zone
                .as_ref()
                .filter(|z| z.raw_text)
                .map(|z| z.name.clone())
            {
                if tokens.skip_raw_text(&name) {
                    self.zone = None;
                    continue;
                }
                return;
            }
            let offset = tokens.offset();
            let Some(token) = tokens.next() else { return };
            match token {
                Token::Text(text) => {
                    if self.zone.is_none() {
                        html::write_marked(out, text, self.ctx, escape::text_keep_refs);
                    }
                }
                Token::Ignored => {}
                Token::Start { name, attrs } => {
                    if let Some(zone) = &mut self.zone {
                        if zone.name == name {
                            zone.nesting += 1;
                        }
                        continue;
                    }
                    let markdown = attrs
                        .iter()
                        .any(|(n, v)| n == "markdown" && matches!(*v, "1" | "block" | "span"));
                    let opened = self.open.len();
                    self.start_tag(name, attrs, at(offset), out);
                    if markdown && in_block && self.open.len() > opened {
                        if let Some(open) = self.open.last_mut() {
                            open.markdown = true;
                        }
                        let resume = self.markdown_inside(html, segments, tokens.offset(), out);
                        tokens = Tokens::new(html);
                        tokens.skip_to(resume);
                    }
                }
                Token::End { name } => {
                    if let Some(zone) = &mut self.zone {
                        if zone.name == name {
                            zone.nesting -= 1;
                            if zone.nesting == 0 {
                                self.zone = None;
                            }
                        }
                        continue;
                    }
                    self.end_tag(&name, out);
                }
            }
        }
    }

    /// `<div markdown="1">`: what it holds, up to its end tag in this block (or
    /// to the end of the block), is rendered as Markdown. Returns where to go on
    /// reading `html`.
    fn markdown_inside(
        &mut self,
        html: &str,
        segments: &[(usize, usize)],
        from: usize,
        out: &mut String,
    ) -> usize {
        let Some(open) = self.open.last() else {
            return from;
        };
        let name = open.name;
        let mut probe = Tokens::new(html);
        probe.skip_to(from);
        let mut depth = 1usize;
        let mut close = None;
        loop {
            let start = probe.offset();
            match probe.next() {
                None => break,
                Some(Token::Start { name: n, .. }) if n == name => depth += 1,
                Some(Token::End { name: n }) if n == name => {
                    depth -= 1;
                    if depth == 0 {
                        close = Some((start, probe.offset()));
                        break;
                    }
                }
                _ => {}
            }
        }
        let inner_end = close.map_or(html.len(), |(start, _)| start);
        let inner = &html[from..inner_end];
        if self.ctx.nesting() < MAX_MARKDOWN_NESTING && !inner.trim().is_empty() {
            // The inner text's pieces, for its lines: where it starts, then
            // each later line of the block.
            let pieces = std::iter::once((0, crate::ctx::piece_offset(segments, from)))
                .chain(
                    segments
                        .iter()
                        .filter(|(start, _)| (from + 1..inner_end).contains(start))
                        .map(|(start, body)| (start - from, *body)),
                )
                .collect();
            out.push('\n');
            out.push_str(&(self.nested)(inner, self.ctx, pieces));
        } else {
            escape::text_keep_refs(out, inner);
        }
        match close {
            Some((_, end)) => {
                self.open.pop();
                out.push_str("</");
                out.push_str(name);
                out.push('>');
                end
            }
            None => html.len(),
        }
    }

    fn start_tag(&mut self, name: String, attrs: Vec<(String, &str)>, at: usize, out: &mut String) {
        if name == "iframe" {
            if let Some(src) = self.allowed_iframe(&attrs) {
                self.write_iframe(&src, &attrs, out);
                self.zone = Some(Zone {
                    name,
                    raw_text: true,
                    nesting: 1,
                    inner: 0,
                    silent: true,
                });
                return;
            }
        }
        if let Some(&(_, raw_text)) = DROP_WITH_CONTENT.iter().find(|(n, _)| *n == name) {
            let why = if name == "iframe" {
                let host = attrs
                    .iter()
                    .find(|(n, _)| n == "src")
                    .and_then(|(_, v)| {
                        let src = decode_attr(v);
                        self.base().target(&src).map(|src| src.host().into_owned())
                    })
                    .unwrap_or_default();
                format!(" (iframe host `{host}` is not in allowIframeHosts)")
            } else {
                String::new()
            };
            self.ctx.warn(
                WarningKind::Sanitized,
                format!("<{name}> removed with its content{why}"),
                at,
            );
            self.zone = Some(Zone {
                name,
                raw_text,
                nesting: 1,
                inner: 0,
                silent: false,
            });
            return;
        }
        if DROP_VOID.contains(&name.as_str()) {
            self.ctx
                .warn(WarningKind::Sanitized, format!("<{name}> removed"), at);
            return;
        }
        let Some((element, own_attrs)) = allowed_element(&name) else {
            self.ctx.warn(
                WarningKind::Sanitized,
                format!(
                    "<{}> removed (its content is kept)",
                    crate::util::truncate(&name, 30)
                ),
                at,
            );
            return;
        };
        out.push('<');
        out.push_str(element);
        let mut seen: Vec<&str> = Vec::with_capacity(attrs.len());
        let mut href_external = false;
        let mut has_loading = false;
        for (attr, raw) in &attrs {
            // The first of a repeated attribute wins, as in browsers.
            if seen.contains(&attr.as_str()) {
                continue;
            }
            seen.push(attr);
            // kramdown's `markdown="1"` is an instruction, not an attribute.
            if attr == "markdown" {
                continue;
            }
            let allowed = generic_attribute_allowed(attr) || own_attrs.contains(&attr.as_str());
            if !allowed {
                self.ctx.warn(
                    WarningKind::Sanitized,
                    format!(
                        "attribute `{}` removed from <{element}>",
                        crate::util::truncate(attr, 30)
                    ),
                    at,
                );
                continue;
            }
            match self.attribute(element, attr, raw, at, out) {
                Some(Kept::ExternalHref) => href_external = true,
                Some(Kept::Loading) => has_loading = true,
                _ => {}
            }
        }
        let opts = self.ctx.options;
        if element == "a" && href_external {
            out.push_str(" rel=\"noopener noreferrer");
            if opts.nofollow {
                out.push_str(" nofollow");
            }
            out.push('"');
            if opts.external_links_new_tab {
                out.push_str(" target=\"_blank\"");
            }
        }
        if element == "img" && opts.lazy_images && !has_loading {
            out.push_str(" loading=\"lazy\"");
        }
        if matches!(element, "video" | "audio") && !seen.contains(&"controls") {
            out.push_str(" controls");
        }
        if VOID.contains(&element) {
            out.push_str(" />");
        } else {
            out.push('>');
            self.open.push(Open {
                name: element,
                depth: self.depth,
                markdown: false,
            });
            self.ctx.note_raw_depth(self.depth + self.open.len());
        }
    }

    /// Writes one allowed attribute (checking URLs); says what it was.
    fn attribute(
        &self,
        element: &str,
        attr: &str,
        raw: &str,
        at: usize,
        out: &mut String,
    ) -> Option<Kept> {
        let opts = self.ctx.options;
        if attr == "srcset" {
            let value = decode_attr(raw);
            if !srcset_ok(&value) {
                self.ctx.warn(
                    WarningKind::Sanitized,
                    format!("srcset on <{element}> removed: a candidate URL is not allowed"),
                    at,
                );
                return None;
            }
            if opts.remote_media != crate::RemoteMedia::Allow
                && srcset_urls(&value).any(|url| {
                    matches!(
                        self.base().check(url, UrlUse::Image, &opts.remote_media),
                        Err(links::Refused::Remote)
                    )
                })
            {
                self.ctx.warn(
                    WarningKind::Sanitized,
                    format!(
                        "srcset on <{element}> removed: {}",
                        links::Refused::Remote.reason()
                    ),
                    at,
                );
                return None;
            }
            out.push_str(" srcset=\"");
            escape::attr(out, &value);
            out.push('"');
            return Some(Kept::Other);
        }
        if let Some(use_) = url_use(element, attr) {
            let value = decode_attr(raw);
            let value = value.trim_matches(|c: char| c.is_ascii_whitespace());
            let checked = match self.base().check(value, use_, &opts.remote_media) {
                Ok(checked) => checked,
                Err(refused) => {
                    self.ctx.warn(
                        WarningKind::Sanitized,
                        format!(
                            "{attr} `{}` on <{element}> removed: {}",
                            crate::util::truncate(value, 60),
                            refused.reason()
                        ),
                        at,
                    );
                    return None;
                }
            };
            let value = match value.strip_prefix('#') {
                Some(fragment) if !opts.id_prefix.is_empty() => {
                    std::borrow::Cow::Owned(format!("#{}{fragment}", opts.id_prefix))
                }
                _ => checked.written,
            };
            out.push(' ');
            out.push_str(attr);
            out.push_str("=\"");
            escape::attr(out, &value);
            out.push('"');
            return Some(if element == "a" && checked.external {
                Kept::ExternalHref
            } else {
                Kept::Other
            });
        }
        if attr == "class" && opts.classes != crate::ClassPolicy::Keep {
            let value = decode_attr(raw);
            html::write_author_classes(out, self.ctx, value.split_ascii_whitespace(), at);
            return Some(Kept::Other);
        }
        out.push(' ');
        out.push_str(attr);
        out.push_str("=\"");
        if attr == "id" {
            escape::attr(out, &opts.id_prefix);
        }
        escape::attr_keep_refs(out, raw);
        out.push('"');
        Some(if attr == "loading" {
            Kept::Loading
        } else {
            Kept::Other
        })
    }

    fn end_tag(&mut self, name: &str, out: &mut String) {
        let Some((element, _)) = allowed_element(name) else {
            return;
        };
        // Only elements opened in this Markdown container may close here.
        let Some(pos) = self
            .open
            .iter()
            .rposition(|o| o.name == element && o.depth == self.depth)
        else {
            return;
        };
        if self.open[pos + 1..].iter().any(|o| o.depth != self.depth) {
            return;
        }
        for open in self.open.drain(pos..).rev() {
            out.push_str("</");
            out.push_str(open.name);
            out.push('>');
        }
    }

    /// `baseUrl`, parsed at the first URL that needs it.
    fn base(&self) -> &links::Base {
        self.base
            .get_or_init(|| links::Base::new(self.ctx.options.base_url.as_deref()))
    }

    /// The iframe's `src` when its host is allowed, as the URL to write: the
    /// serialized href of the URL whose host was checked, so the browser
    /// loads that host whatever the text held (`https://evil.test\@www.youtube.com/`
    /// is evil.test's: `\` is `/` in special URLs, URL Standard §4.4,
    /// authority state) and whatever page shows the post (a scheme-relative
    /// src is resolved against `baseUrl`, or taken as https).
    fn allowed_iframe(&self, attrs: &[(String, &str)]) -> Option<String> {
        let hosts = &self.ctx.options.allow_iframe_hosts;
        if hosts.is_empty() {
            return None;
        }
        let src = decode_attr(attrs.iter().find(|(n, _)| n == "src")?.1);
        if !links::check_url(&src, UrlUse::Media) {
            return None;
        }
        let src = self.base().target(&src)?;
        if src.scheme() != "https" {
            return None;
        }
        links::host_in(&src.host(), hosts).then(|| src.href().into_owned())
    }

    /// An allowed iframe keeps src, width, height, title and allowfullscreen,
    /// and is always sandboxed, lazy, with a referrer policy.
    fn write_iframe(&self, src: &str, attrs: &[(String, &str)], out: &mut String) {
        out.push_str("<iframe src=\"");
        escape::attr(out, src);
        out.push('"');
        for (name, raw) in attrs {
            match name.as_str() {
                "width" | "height" | "title" => {
                    out.push(' ');
                    out.push_str(name);
                    out.push_str("=\"");
                    escape::attr_keep_refs(out, raw);
                    out.push('"');
                }
                "allowfullscreen" => out.push_str(" allowfullscreen"),
                _ => {}
            }
        }
        out.push_str(
            " sandbox=\"allow-scripts allow-same-origin allow-presentation\" referrerpolicy=\"strict-origin-when-cross-origin\" loading=\"lazy\"></iframe>",
        );
    }
}

enum Kept {
    ExternalHref,
    Loading,
    Other,
}

/// Every candidate URL of a `srcset` passes the image policy. Candidates are
/// split at every comma after a URL, so a descriptor can only make more text
/// count as a URL (and be checked), never less.
fn srcset_ok(value: &str) -> bool {
    srcset_urls(value).all(|url| links::check_url(url, UrlUse::Image))
}

/// The candidate URLs of a `srcset`, as [`srcset_ok`] splits them.
fn srcset_urls(value: &str) -> impl Iterator<Item = &str> {
    let is_space = |c: char| c.is_ascii_whitespace();
    let mut rest = value;
    std::iter::from_fn(move || {
        rest = rest.trim_start_matches(|c: char| is_space(c) || c == ',');
        if rest.is_empty() {
            return None;
        }
        let end = rest.find(is_space).unwrap_or(rest.len());
        let raw_url = &rest[..end];
        let url = raw_url.trim_end_matches(',');
        rest = &rest[end..];
        if url.len() == raw_url.len() {
            rest = rest.find(',').map_or("", |c| &rest[c + 1..]);
        }
        Some(url)
    })
}

/// What `RawHtml::pass` decided for an event.
enum Pass {
    /// Passed on as it is.
    On,
    /// Dropped (inside raw HTML left open).
    Drop,
    /// Passed on after the events already queued.
    AfterReady,
}

impl<'a, I: Iterator<Item = Ev<'a>>> Iterator for RawHtml<'_, 'a, I> {
    type Item = Ev<'a>;

    fn next(&mut self) -> Option<Ev<'a>> {
        loop {
            if !self.ready.is_empty() {
                return self.ready.pop_front();
            }
            if self.done {
                return None;
            }
            let mut item = if self.peeked.is_some() {
                self.peeked.take()
            } else {
                self.inner.next()
            };
            if self.clean_references {
                if let Some(Ev {
                    event: Event::Text(text),
                    ..
                }) = &mut item
                {
                    crate::reserved::clean_decoded(text);
                }
            }
            let Some(ev) = &item else {
                self.done = true;
                self.close_to_depth(0, 0);
                continue;
            };
            if self.mode != RawHtmlMode::Sanitize {
                if let Some(ev) = item.and_then(|ev| self.simple(ev)) {
                    return Some(ev);
                }
                continue;
            }
            if matches!(
                ev.event,
                Event::Start(Tag::HtmlBlock) | Event::Html(_) | Event::InlineHtml(_)
            ) {
                if let Some(ev) = item {
                    self.sanitize_html(ev);
                }
                continue;
            }
            match self.pass(&ev.event, ev.at) {
                Pass::On => return item,
                Pass::Drop => {}
                // After the end tags of the HTML it closes (queued by `pass`).
                Pass::AfterReady => {
                    if let Some(ev) = item {
                        self.ready.push_back(ev);
                    }
                }
            }
        }
    }
}
