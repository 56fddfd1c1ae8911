//! Text in, text out: the noncharacters inkpost uses as its own markers (U+FDD0–U+FDEF) made U+FFFD.
//!
//! The Liquid stage marks its placeholders with U+FDD0/U+FDD1 in the text it
//! hands the Markdown parser, and the kramdown stage's table-of-contents event
//! holds U+FDD2. A post must never be able to write one of them, by any route:
//! they are replaced where they enter (the source text, before anything reads
//! it; character references the Markdown parser decodes; Liquid's output;
//! repaired text; YAML escapes), and the writer's escaping replaces any that
//! would still reach the HTML. U+FFFD is three bytes in UTF-8 like every
//! character of the range, so a replaced text keeps its length and every
//! offset into it still points at the same place in the file.

use std::borrow::Cow;

/// The replacement: U+FFFD REPLACEMENT CHARACTER.
pub(crate) const REPLACEMENT: char = '\u{FFFD}';

/// Whether `c` is one of the code points inkpost reserves for its markers.
pub(crate) fn is_reserved(c: char) -> bool {
    matches!(c, '\u{FDD0}'..='\u{FDEF}')
}

/// Whether the three bytes at the start of `b` encode a reserved code point:
/// U+FDD0–U+FDEF are EF B7 90 to EF B7 AF.
#[inline]
pub(crate) fn starts_reserved(b: &[u8]) -> bool {
    matches!(b, [0xEF, 0xB7, 0x90..=0xAF, ..])
}

/// Byte offsets of the reserved code points in `text`, found by the byte
/// they share (B7 after EF is rarer than EF, which starts CJK punctuation).
pub(crate) fn positions(text: &str) -> impl Iterator<Item = usize> + '_ {
    let bytes = text.as_bytes();
    let mut from = 0;
    std::iter::from_fn(move || loop {
        let i = crate::scan::find_bytes(bytes, &[0xEF, 0xB7], from)?;
        from = i + 1;
        if starts_reserved(&bytes[i..]) {
            return Some(i);
        }
    })
}

/// What one pass over a post's text finds.
pub(crate) struct Found {
    /// Where its reserved code points are.
    pub(crate) literal: Vec<usize>,
    /// Whether a numeric character reference in it names one.
    pub(crate) reference: bool,
    /// Whether it holds a CR (for lone CRs, the other thing a render looks
    /// at every byte for before it starts: one pass for both).
    pub(crate) cr: bool,
}

/// The reserved code points of `text`, whether it names one by a reference
/// and whether it holds a CR, in one pass (eight bytes at a time, for `&`,
/// CR and B7, the byte after EF in all of them): every render of a post
/// starts with it.
pub(crate) fn scan(text: &str) -> Found {
    let bytes = text.as_bytes();
    let mut found = Found {
        literal: Vec::new(),
        reference: false,
        cr: false,
    };
    crate::scan::each_of3(bytes, [b'&', 0xB7, b'\r'], |i| {
        if bytes[i] == b'\r' {
            found.cr = true;
        } else if bytes[i] == b'&' {
            found.reference = found.reference
                || numeric_reference(&bytes[i..])
                    .is_some_and(|(v, _)| char::from_u32(v).is_some_and(is_reserved));
        } else if i > 0 && starts_reserved(&bytes[i - 1..]) {
            found.literal.push(i - 1);
        }
    });
    found
}

/// Whether `text` holds a reserved code point.
pub(crate) fn any(text: &str) -> bool {
    positions(text).next().is_some()
}

/// `text` with each reserved code point made U+FFFD (same length); borrowed
/// when it holds none.
pub(crate) fn replace(text: &str) -> Cow<'_, str> {
    if !any(text) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| if is_reserved(c) { REPLACEMENT } else { c })
            .collect(),
    )
}

/// [`replace`] in place, for text already owned.
pub(crate) fn replace_in(text: &mut String) {
    if let Cow::Owned(clean) = replace(text) {
        *text = clean;
    }
}

/// The code point a numeric character reference at the start of `b` names
/// (`&#64978;`, `&#xFDD2;`, with or without the `;`, as HTML reads them),
/// and the reference's length. Named references never name a reserved code
/// point, so only numeric ones matter here.
pub(crate) fn numeric_reference(b: &[u8]) -> Option<(u32, usize)> {
    let (digits_at, radix) = match b {
        [b'&', b'#', b'x' | b'X', ..] => (3, 16),
        [b'&', b'#', ..] => (2, 10),
        _ => return None,
    };
    let digits = b[digits_at..]
        .iter()
        .take_while(|c| {
            if radix == 16 {
                c.is_ascii_hexdigit()
            } else {
                c.is_ascii_digit()
            }
        })
        .count();
    if digits == 0 {
        return None;
    }
    let value = b[digits_at..digits_at + digits]
        .iter()
        .try_fold(0u32, |v, &c| {
            let d = (c as char).to_digit(radix)?;
            v.checked_mul(radix)?.checked_add(d)
        })
        .unwrap_or(u32::MAX);
    let end = digits_at + digits;
    Some((value, end + usize::from(b.get(end) == Some(&b';'))))
}

/// Offsets of the numeric character references in `text` that name a
/// reserved code point (what a post would type to get one past the source
/// check): for the warning; the decoded character itself is replaced where
/// the parser hands it on.
pub(crate) fn references(text: &str) -> impl Iterator<Item = usize> + '_ {
    let bytes = text.as_bytes();
    let mut from = 0;
    std::iter::from_fn(move || loop {
        let i = crate::scan::find_bytes(bytes, b"&#", from)?;
        from = i + 2;
        if let Some((value, _)) = numeric_reference(&bytes[i..]) {
            if char::from_u32(value).is_some_and(is_reserved) {
                return Some(i);
            }
        }
    })
}

/// Text the parser decoded (a character reference) cannot carry one of the
/// Liquid stage's markers: only text it borrows from the Markdown text can,
/// and that text holds them only where the Liquid stage put them.
pub(crate) fn clean_decoded(text: &mut pulldown_cmark::CowStr<'_>) {
    if !matches!(text, pulldown_cmark::CowStr::Borrowed(_)) && any(text) {
        *text = pulldown_cmark::CowStr::from(replace(text).into_owned());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reserved_code_point_is_found_and_replaced_in_place() {
        for c in '\u{FDD0}'..='\u{FDEF}' {
            let text = format!("a{c}b");
            assert_eq!(positions(&text).collect::<Vec<_>>(), [1]);
            let clean = replace(&text);
            assert_eq!(clean, "a\u{FFFD}b");
            assert_eq!(clean.len(), text.len());
        }
    }

    #[test]
    fn neighbours_of_the_range_are_text() {
        for text in ["\u{FDCF}", "\u{FDF0}", "，：（）", "\u{FFFD}", "\u{FEFF}"] {
            assert!(!any(text), "{text:?}");
            assert!(matches!(replace(text), Cow::Borrowed(_)));
        }
    }

    #[test]
    fn numeric_references_are_read_as_html_reads_them() {
        assert_eq!(numeric_reference(b"&#xFDD2;x"), Some((0xFDD2, 8)));
        assert_eq!(numeric_reference(b"&#XfDd0"), Some((0xFDD0, 7)));
        assert_eq!(numeric_reference(b"&#64976;"), Some((64976, 8)));
        assert_eq!(numeric_reference(b"&#0000064976;"), Some((64976, 13)));
        assert_eq!(
            numeric_reference(b"&#99999999999;").map(|r| r.0),
            Some(u32::MAX)
        );
        assert_eq!(numeric_reference(b"&#;"), None);
        assert_eq!(numeric_reference(b"&amp;"), None);
        let text = "a &#xFDD2; b &#x0000fdd0 c &#64975; &#65008; &#64977;";
        let found: Vec<_> = references(text).collect();
        assert_eq!(found, [2, 13, 45]);
        let both = scan(&format!("{text} \u{FDD0}x\u{FDEF}"));
        assert!(both.reference);
        assert_eq!(both.literal, [text.len() + 1, text.len() + 5]);
        assert!(!both.cr);
        let neither = scan("a &amp; &#xFDCF; \u{FDCF} ·\r\n");
        assert!(!neither.reference && neither.literal.is_empty() && neither.cr);
    }
}
