//! Byte offsets in the post file to 1-based line and column, for warnings and `data-line`.

/// Line starts of a text, found once, then looked up by binary search.
pub(crate) struct LineIndex {
    starts: Vec<usize>,
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
        LineIndex { starts }
    }

    /// The line starts of a text whose lines all end with LF (CRLF too, but
    /// no lone CR: `render` makes those LF first). One byte to look for.
    pub(crate) fn of_lf(text: &str) -> Self {
        let mut starts = Vec::with_capacity(text.len() / 40 + 1);
        starts.push(0);
        crate::scan::each_byte(text.as_bytes(), b'\n', |i| starts.push(i + 1));
        LineIndex { starts }
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
        let column = text
            .get(start..end)
            .map_or(end - start, |s| s.chars().count());
        (line, column as u32 + 1)
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
    fn columns_count_characters_not_bytes() {
        let text = "é€x";
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(text, 5), (1, 3));
    }
}
