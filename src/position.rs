//! Byte offsets in the post file to 1-based line and column, for warnings and `data-line`.

/// Line starts of a text, found once, then looked up by binary search.
pub(crate) struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub(crate) fn new(text: &str) -> Self {
        let mut starts = Vec::with_capacity(text.len() / 40 + 1);
        starts.push(0);
        if text.contains('\r') {
            let bytes = text.as_bytes();
            for (i, &b) in bytes.iter().enumerate() {
                match b {
                    b'\n' => starts.push(i + 1),
                    // A lone CR ends a line too (old Mac files); CRLF counts once.
                    b'\r' if bytes.get(i + 1) != Some(&b'\n') => starts.push(i + 1),
                    _ => {}
                }
            }
        } else {
            // Eight bytes at a time, looking closer only where one is a newline.
            const ONES: u64 = 0x0101_0101_0101_0101;
            let bytes = text.as_bytes();
            let mut i = 0;
            while i + 8 <= bytes.len() {
                let x = u64::from_le_bytes(bytes[i..i + 8].try_into().unwrap_or([0; 8]));
                let y = x ^ (ONES * u64::from(b'\n'));
                if y.wrapping_sub(ONES) & !y & (ONES << 7) != 0 {
                    for (j, &b) in bytes[i..i + 8].iter().enumerate() {
                        if b == b'\n' {
                            starts.push(i + j + 1);
                        }
                    }
                }
                i += 8;
            }
            for (j, &b) in bytes[i..].iter().enumerate() {
                if b == b'\n' {
                    starts.push(i + j + 1);
                }
            }
        }
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
    fn columns_count_characters_not_bytes() {
        let text = "é€x";
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(text, 5), (1, 3));
    }
}
