//! Events in, events out: text outside code with mis-decoded UTF-8 (mojibake) repaired, each repair a warning.
//!
//! The repair itself is `text_repair`; this stage decides where it may act:
//! text events outside code blocks (code spans, code blocks and URLs are never
//! touched, since their bytes are meant exactly).

use crate::ctx::Ctx;
use crate::event::Ev;
use crate::text_repair;
use crate::WarningKind;
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

pub(crate) struct Repair<'c, 'a, I> {
    inner: I,
    ctx: &'c Ctx<'c>,
    in_code: bool,
    _marker: std::marker::PhantomData<&'a ()>,
}

impl<'c, 'a, I> Repair<'c, 'a, I> {
    pub(crate) fn new(inner: I, ctx: &'c Ctx<'c>) -> Self {
        Repair {
            inner,
            ctx,
            in_code: false,
            _marker: std::marker::PhantomData,
        }
    }
}

/// The warning for one repair.
pub(crate) fn message(fix: &text_repair::Fix) -> String {
    format!(
        "mis-decoded text `{}` repaired to `{}` (UTF-8 that was read as a legacy encoding)",
        crate::util::truncate(&fix.garbled, 40),
        crate::util::truncate(&fix.fixed, 40)
    )
}

impl<'a, I: Iterator<Item = Ev<'a>>> Iterator for Repair<'_, 'a, I> {
    type Item = Ev<'a>;

    fn next(&mut self) -> Option<Ev<'a>> {
        // The event is looked at where it lies and that same value is
        // returned: no copy of it per layer.
        let mut item = self.inner.next();
        let ev = item.as_mut()?;
        match &ev.event {
            Event::Start(Tag::CodeBlock(_)) => self.in_code = true,
            Event::End(TagEnd::CodeBlock) => self.in_code = false,
            Event::Text(text) if !self.in_code => {
                if let Some((fixed, fixes)) = text_repair::repair(text) {
                    for fix in &fixes {
                        self.ctx
                            .warn(WarningKind::Encoding, message(fix), ev.at + fix.offset);
                    }
                    // Bytes read again as UTF-8 can spell a reserved marker.
                    let mut fixed = fixed;
                    crate::reserved::replace_in(&mut fixed);
                    ev.event = Event::Text(CowStr::from(fixed));
                }
            }
            _ => {}
        }
        item
    }
}
