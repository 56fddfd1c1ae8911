//! The unit the Markdown stages pass along: pulldown-cmark's event, where it starts, and the attributes inkpost adds to a start tag.

use pulldown_cmark::{CowStr, Event};

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

/// The event that stands where the table of contents goes: the writer notes
/// where it meets it, and the contents go there once all headings are known.
/// Its text is never written (a reserved noncharacter, so no post text
/// equals it).
pub(crate) const TOC_MARK: &str = "\u{FDD2}\n";
