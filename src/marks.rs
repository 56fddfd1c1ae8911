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

/// A piece of text as its markers split it.
pub(crate) enum Piece<'t> {
    /// Text with no marker in it (a `MARK_OPEN` that starts none stays in
    /// the text, for the writer's escaping to make U+FFFD).
    Text(&'t str),
    /// `MARK_OPEN` index `MARK_CLOSE`, and its text.
    Marker { index: usize, raw: &'t str },
}

/// `text` split at its markers, in order.
pub(crate) fn pieces(text: &str) -> impl Iterator<Item = Piece<'_>> {
    const MARK_LEN: usize = MARK_OPEN.len_utf8();
    let mut rest = text;
    std::iter::from_fn(move || {
        let mut search = 0;
        loop {
            let Some(i) = rest.get(search..)?.find(MARK_OPEN) else {
                let text = std::mem::take(&mut rest);
                return (!text.is_empty()).then_some(Piece::Text(text));
            };
            let open = search + i;
            let after = &rest[open + MARK_LEN..];
            let marker = after.find(MARK_CLOSE).and_then(|close| {
                Some((
                    after[..close].parse::<usize>().ok()?,
                    close + MARK_CLOSE.len_utf8(),
                ))
            });
            match marker {
                Some(_) if open > 0 => {
                    let (text, tail) = rest.split_at(open);
                    rest = tail;
                    return Some(Piece::Text(text));
                }
                Some((index, len)) => {
                    let (raw, tail) = rest.split_at(MARK_LEN + len);
                    rest = tail;
                    return Some(Piece::Marker { index, raw });
                }
                None => search = open + MARK_LEN,
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<String> {
        pieces(text)
            .map(|p| match p {
                Piece::Text(t) => format!("text {t}"),
                Piece::Marker { index, raw } => format!("marker {index} {raw}"),
            })
            .collect()
    }

    #[test]
    fn text_is_split_at_its_markers_only() {
        assert_eq!(
            split("a\u{FDD0}1\u{FDD1}b"),
            ["text a", "marker 1 \u{FDD0}1\u{FDD1}", "text b"]
        );
        assert_eq!(split("\u{FDD0}0\u{FDD1}"), ["marker 0 \u{FDD0}0\u{FDD1}"]);
        // An opening mark that starts no marker stays in the text.
        assert_eq!(
            split("a\u{FDD0}x\u{FDD0}2\u{FDD1}"),
            ["text a\u{FDD0}x", "marker 2 \u{FDD0}2\u{FDD1}"]
        );
        assert_eq!(split("a\u{FDD0}"), ["text a\u{FDD0}"]);
        assert!(split("").is_empty());
    }
}
