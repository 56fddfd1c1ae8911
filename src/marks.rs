//! The Liquid stage's placeholders as the later stages see them: the marker characters in the Markdown text, what each stands for, and where the text came from.
//!
//! A leaf: the Liquid stage writes these, the Markdown stages and the writer
//! read them, and neither names the other.

/// Marks a placeholder in the text handed to Markdown: `MARK_OPEN` index `MARK_CLOSE`.
/// Noncharacters: no post can write them (`reserved` makes any the source
/// holds U+FFFD before this stage), so the writer can find them without
/// ambiguity.
pub(crate) const MARK_OPEN: char = '\u{FDD0}';
pub(crate) const MARK_CLOSE: char = '\u{FDD1}';

/// Whether `text` holds a marker character: U+FDD0 or U+FDD1, EF B7 90 or
/// EF B7 91, found in one pass by the bytes they share (a `char` pattern
/// searches for the last byte, and two patterns would read the text twice).
pub(crate) fn has_marks(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(i) = crate::scan::find_bytes(bytes, &[0xEF, 0xB7], from) {
        if matches!(bytes.get(i + 2), Some(0x90 | 0x91)) {
            return true;
        }
        from = i + 1;
    }
    false
}

/// Offsets in the stage's output mapped back to the body it read.
#[derive(Default)]
pub(crate) struct SourceMap {
    /// (output offset, source offset, copied verbatim)
    pub(crate) segments: Vec<(usize, usize, bool)>,
}

impl SourceMap {
    pub(crate) fn source_offset(&self, out: usize) -> usize {
        if self.segments.is_empty() {
            return out;
        }
        let i = self.segments.partition_point(|s| s.0 <= out).max(1) - 1;
        let (o, s, verbatim) = self.segments[i];
        if verbatim {
            s + (out - o)
        } else {
            s
        }
    }
}

/// A placeholder for what needs a build.
#[derive(Clone)]
pub(crate) struct Placeholder {
    pub label: String,
}
