//! Events in, events out: headings get kramdown's automatic ids and are listed for the table of contents.

use crate::ctx::Ctx;
use crate::event::Ev;
use crate::{raw_html, TocEntry};
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use std::collections::{HashMap, VecDeque};

pub(crate) struct Headings<'c, 'a, I> {
    inner: I,
    ctx: &'c Ctx<'c>,
    ready: VecDeque<Ev<'a>>,
    used: HashMap<String, usize>,
}

impl<'c, 'a, I: Iterator<Item = Ev<'a>>> Headings<'c, 'a, I> {
    pub(crate) fn new(inner: I, ctx: &'c Ctx<'c>) -> Self {
        Headings {
            inner,
            ctx,
            ready: VecDeque::new(),
            used: HashMap::new(),
        }
    }

    /// Buffers one heading up to its end, then names it.
    fn heading(&mut self, mut start: Ev<'a>) {
        let mut text = String::new();
        let mut depth = 0usize;
        for ev in self.inner.by_ref() {
            match &ev.event {
                // kramdown's raw text leaves out image alt text.
                Event::Text(t) | Event::Code(t) if depth == 0 => text.push_str(t),
                Event::Start(Tag::Image { .. }) => depth += 1,
                Event::End(TagEnd::Image) => depth = depth.saturating_sub(1),
                Event::End(TagEnd::Heading(_)) => {
                    self.ready.push_back(ev);
                    break;
                }
                _ => {}
            }
            self.ready.push_back(ev);
        }
        let Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) = &mut start.event
        else {
            return;
        };
        attrs.retain(|(name, _)| {
            let keep = raw_html::generic_attribute_allowed(name);
            if !keep {
                self.ctx.warn(
                    crate::WarningKind::Sanitized,
                    format!("heading attribute `{name}` removed"),
                    start.at,
                );
            }
            keep
        });
        let id_text = match id {
            Some(given) => given.to_string(),
            None => {
                let generated = self.generate_id(&text);
                if !generated.is_empty() {
                    *id = Some(CowStr::from(generated.clone()));
                }
                generated
            }
        };
        // kramdown leaves headings with the class `no_toc` out of the table of contents.
        if classes.iter().any(|c| &**c == "no_toc") {
            self.ready.push_front(start);
            return;
        }
        self.ctx.toc.borrow_mut().push(TocEntry {
            level: *level as u8,
            id: format!("{}{}", self.ctx.options.id_prefix, id_text),
            // The id is made from the text as it stands, Liquid's markers
            // and all (as before they were kept out of the entry's text);
            // the entry's text shows each placeholder's label instead.
            text: {
                let mut shown = String::with_capacity(text.len());
                crate::html::push_plain_marked(&mut shown, text.trim(), self.ctx);
                shown
            },
        });
        self.ready.push_front(start);
    }

    /// kramdown-parser-gfm's `generate_gfm_header_id`: downcase, drop every
    /// character that is not a word character, `-`, space or tab, turn spaces and
    /// tabs into `-` one for one; a repeated id gets `-1`, `-2`, …
    fn generate_id(&mut self, text: &str) -> String {
        let mut id: String = crate::case::lower_chars(text)
            .chars()
            .filter(|&c| is_word(c) || matches!(c, '-' | ' ' | '\t'))
            .map(|c| if c == ' ' || c == '\t' { '-' } else { c })
            .collect();
        let seen = self.used.entry(id.clone()).or_insert(0);
        if *seen > 0 {
            id.push('-');
            id.push_str(&seen.to_string());
        }
        *seen += 1;
        id
    }
}

/// Ruby's `\p{Word}`: letters, marks, decimal digits and connector punctuation.
fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || is_mark(c)
}

fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x0483..=0x0489 | 0x0591..=0x05BD | 0x0610..=0x061A
        | 0x064B..=0x065F | 0x0900..=0x0903 | 0x093A..=0x094F | 0x0E31 | 0x0E34..=0x0E3A
        | 0x0E47..=0x0E4E | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF
        | 0x3099..=0x309A | 0xFE20..=0xFE2F)
}

impl<'a, I: Iterator<Item = Ev<'a>>> Iterator for Headings<'_, 'a, I> {
    type Item = Ev<'a>;

    fn next(&mut self) -> Option<Ev<'a>> {
        if !self.ready.is_empty() {
            return self.ready.pop_front();
        }
        // The event is looked at where it lies and that same value is
        // returned: no copy of it per layer.
        let item = self.inner.next();
        if matches!(&item, Some(ev) if matches!(ev.event, Event::Start(Tag::Heading { .. }))) {
            self.heading(item?);
            return self.ready.pop_front();
        }
        item
    }
}
