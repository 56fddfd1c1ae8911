//! Byte offsets in the post file to 1-based line and column, for warnings and `data-line`.

use std::cell::Cell;

/// Line starts of a text, found once, then looked up by binary search.
pub(crate) struct LineIndex {
    starts: Vec<usize>,
    /// The last column found: (offset, column). Warnings come mostly in file
    /// order, so the next column on the same line is counted from there, not
    /// from the line's start: a 1 MB line with a warning every few bytes
    /// would otherwise count its characters once per warning (21 s in
    /// Chromium for 1.2 MB of `a <x> `).
    last: Cell<(usize, u32)>,
}

impl LineIndex {
    pub(crate) fn new(text: &str) -> Self {
        let mut starts = Vec::with_capacity(text.len() / 40 + 1);
        starts.push(0);
        let bytes = text.as_bytes();
        crate::scan::each_of(bytes, b'\n', b'\r', |i| {
            // A lone CR ends a line too (old Mac files); CRLF counts once.
            if bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n') {
                starts.push(i + 1);
            }
        });
        LineIndex {
            starts,
            last: Cell::new((0, 0)),
        }
    }

    /// The line starts of a text whose lines all end with LF (CRLF too, but
    /// no lone CR: `render` makes those LF first). One byte to look for.
    pub(crate) fn of_lf(text: &str) -> Self {
        let mut starts = Vec::with_capacity(text.len() / 40 + 1);
        starts.push(0);
        crate::scan::each_byte(text.as_bytes(), b'\n', |i| starts.push(i + 1));
        LineIndex {
            starts,
            last: Cell::new((0, 0)),
        }
    }

    /// 1-based line of `offset`.
    pub(crate) fn line(&self, offset: usize) -> u32 {
        match self.starts.binary_search(&offset) {
            Ok(i) => i as u32 + 1,
            Err(i) => i as u32,
        }
    }

    /// 1-based line and column (in characters) of `offset` in `text`.
    pub(crate) fn line_col(&self, text: &str, offset: usize) -> (u32, u32) {
        let line = self.line(offset);
        let start = self.starts[line as usize - 1];
        let end = offset.min(text.len());
        let (last, last_column) = self.last.get();
        // From the last column found, when it is on this line and before.
        let (from, base) = if last_column > 0 && (start..=end).contains(&last) {
            (last, last_column - 1)
        } else {
            (start, 0)
        };
        let column = base as usize
            + text
                .get(from..end)
                .map_or(end - from, |s| s.chars().count());
        let column = column as u32 + 1;
        if text.is_char_boundary(end) {
            self.last.set((end, column));
        }
        (line, column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns_are_one_based() {
        let text = "ab\ncd\r\nef\rgh";
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(text, 0), (1, 1));
        assert_eq!(index.line_col(text, 4), (2, 2));
        assert_eq!(index.line_col(text, 7), (3, 1));
        assert_eq!(index.line_col(text, 10), (4, 1));
    }

    #[test]
    fn lf_only_text_has_the_same_lines() {
        let text = "ab\ncd\r\nef\n\ngh\r\n";
        let (all, lf) = (LineIndex::new(text), LineIndex::of_lf(text));
        for offset in 0..=text.len() {
            assert_eq!(all.line_col(text, offset), lf.line_col(text, offset));
        }
        assert_eq!(lf.line_col(text, 11), (5, 1));
    }

    #[test]
    fn columns_are_the_same_in_any_order_of_asking() {
        let text = "aé€\nxy€z\n\n€€€";
        let offsets: Vec<usize> = (0..=text.len())
            .filter(|&o| text.is_char_boundary(o))
            .collect();
        let fresh = |o| LineIndex::new(text).line_col(text, o);
        let index = LineIndex::new(text);
        for &o in offsets
            .iter()
            .chain(offsets.iter().rev())
            .chain(&[3, 9, 1, 16, 4])
        {
            assert_eq!(index.line_col(text, o), fresh(o), "offset {o}");
        }
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "é€x";
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(text, 5), (1, 3));
    }
}
