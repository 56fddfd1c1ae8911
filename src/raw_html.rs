//! Events in, events out: raw HTML from the post becomes safe HTML, escaped text, or nothing.
//!
//! After this stage every `Html`/`InlineHtml` event holds markup inkpost wrote.

use crate::markdown::{Ctx, Ev};
use crate::{RawHtmlMode, WarningKind};
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

pub(crate) struct RawHtml<'c, 'a, I> {
    inner: I,
    ctx: &'c Ctx<'c>,
    mode: RawHtmlMode,
    _marker: std::marker::PhantomData<&'a ()>,
}

impl<'c, 'a, I> RawHtml<'c, 'a, I> {
    pub(crate) fn new(inner: I, ctx: &'c Ctx<'c>) -> Self {
        RawHtml {
            inner,
            ctx,
            mode: ctx.options.raw_html,
            _marker: std::marker::PhantomData,
        }
    }
}

impl<'a, I: Iterator<Item = Ev<'a>>> Iterator for RawHtml<'_, 'a, I> {
    type Item = Ev<'a>;

    fn next(&mut self) -> Option<Ev<'a>> {
        loop {
            let mut ev = self.inner.next()?;
            match self.mode {
                RawHtmlMode::Escape | RawHtmlMode::Sanitize => match ev.event {
                    // An HTML block shown as text reads best as a paragraph.
                    Event::Start(Tag::HtmlBlock) => ev.event = Event::Start(Tag::Paragraph),
                    Event::End(TagEnd::HtmlBlock) => ev.event = Event::End(TagEnd::Paragraph),
                    Event::Html(html) | Event::InlineHtml(html) => ev.event = Event::Text(html),
                    _ => {}
                },
                RawHtmlMode::Drop => match &ev.event {
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
                        continue;
                    }
                    Event::Html(html) | Event::InlineHtml(html) => {
                        if !html.trim().is_empty() {
                            self.ctx.warn(
                                WarningKind::Sanitized,
                                format!(
                                    "raw HTML `{}` removed (rawHtml: \"drop\")",
                                    crate::links::truncate(html.trim(), 40)
                                ),
                                ev.at,
                            );
                        }
                        continue;
                    }
                    _ => {}
                },
            }
            return Some(ev);
        }
    }
}

/// Attributes any allowed element may carry, from any source (raw HTML,
/// heading `{key=value}`, kramdown attribute lists).
pub(crate) fn generic_attribute_allowed(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    match name.as_str() {
        "title" | "lang" | "dir" | "class" | "id" | "role" | "translate" => true,
        _ => {
            name.strip_prefix("data-").is_some_and(|rest| {
                !rest.is_empty()
                    && rest.bytes().all(|b| {
                        b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_'
                    })
            }) || name.strip_prefix("aria-").is_some_and(|rest| {
                !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_lowercase())
            })
        }
    }
}

#[allow(dead_code)]
fn _unused(_: CowStr<'_>) {}
