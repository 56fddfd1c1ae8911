//! Text in, HTML-escaped text out: for element content, attribute values and URLs.

/// Escapes `&`, `<` and `>` for element content (NUL, never text in HTML,
/// becomes U+FFFD as CommonMark says, and so does a code point inkpost
/// reserves for its own markers: see `reserved`).
pub(crate) fn text(out: &mut String, s: &str) {
    let mut rest = s;
    while let Some(i) = rest.bytes().position(|b| TEXT_SPECIAL[usize::from(b)]) {
        out.push_str(&rest[..i]);
        let bytes = &rest.as_bytes()[i..];
        let (rep, len) = match bytes[0] {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            0xEF => lead_ef(&rest[i..]),
            _ => ("\u{FFFD}", 1),
        };
        out.push_str(rep);
        rest = &rest[i + len..];
    }
    out.push_str(rest);
}

/// Like [`text`], with kramdown's typographic guillemets: `<<` → «, `>>` → »,
/// in the same pass.
pub(crate) fn text_typographic(out: &mut String, s: &str) {
    let mut rest = s;
    while let Some(i) = rest.bytes().position(|b| TEXT_SPECIAL[usize::from(b)]) {
        out.push_str(&rest[..i]);
        let bytes = &rest.as_bytes()[i..];
        let (rep, len) = match bytes {
            [b'<', b'<', ..] => ("«", 2),
            [b'>', b'>', ..] => ("»", 2),
            [b'<', ..] => ("&lt;", 1),
            [b'>', ..] => ("&gt;", 1),
            [b'&', ..] => ("&amp;", 1),
            [0xEF, ..] => lead_ef(&rest[i..]),
            _ => ("\u{FFFD}", 1),
        };
        out.push_str(rep);
        rest = &rest[i + len..];
    }
    out.push_str(rest);
}

/// A character whose UTF-8 starts with EF (U+F000–U+FFFF, three bytes) as it
/// is written: U+FFFD for a reserved one, else itself.
#[inline]
fn lead_ef(s: &str) -> (&str, usize) {
    if crate::reserved::starts_reserved(s.as_bytes()) {
        ("\u{FFFD}", 3)
    } else {
        (&s[..3], 3)
    }
}

/// The bytes element content must not hold as they are: NUL, `&`, `<`, `>`,
/// and EF, which starts the reserved code points (and CJK punctuation, which
/// is copied as it is).
static TEXT_SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    t[0] = true;
    t[b'&' as usize] = true;
    t[b'<' as usize] = true;
    t[b'>' as usize] = true;
    t[0xEF] = true;
    t
};

/// Escapes `&`, `<`, `>`, `"` and `'` for a double-quoted attribute value
/// (NUL and reserved code points become U+FFFD, as in [`text`]).
pub(crate) fn attr(out: &mut String, s: &str) {
    let mut rest = s;
    while let Some(i) = rest.bytes().position(|b| ATTR_SPECIAL[usize::from(b)]) {
        out.push_str(&rest[..i]);
        let (rep, len) = match rest.as_bytes()[i] {
            b'&' => ("&amp;", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'"' => ("&quot;", 1),
            b'\'' => ("&#39;", 1),
            0xEF => lead_ef(&rest[i..]),
            _ => ("\u{FFFD}", 1),
        };
        out.push_str(rep);
        rest = &rest[i + len..];
    }
    out.push_str(rest);
}

/// [`TEXT_SPECIAL`] and the quotes.
static ATTR_SPECIAL: [bool; 256] = {
    let mut t = TEXT_SPECIAL;
    t[b'"' as usize] = true;
    t[b'\'' as usize] = true;
    t
};

/// Escapes text from raw HTML: `<` and `>` always, `&` unless it starts a
/// well-formed character reference (`&eacute;`, `&#233;`, `&#xE9;`), which
/// is kept so the browser shows the character the author meant. A reference
/// can only ever stand for text here, never for markup.
pub(crate) fn text_keep_refs(out: &mut String, s: &str) {
    keep_refs(out, s, false);
}

/// Like [`text_keep_refs`], for a double-quoted attribute value.
pub(crate) fn attr_keep_refs(out: &mut String, s: &str) {
    keep_refs(out, s, true);
}

fn keep_refs(out: &mut String, s: &str, quotes: bool) {
    let bytes = s.as_bytes();
    let mut copied = 0;
    let mut skip_to = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if i < skip_to {
            continue;
        }
        let (rep, len) = match b {
            0 => ("\u{FFFD}", 1),
            b'<' => ("&lt;", 1),
            b'>' => ("&gt;", 1),
            b'"' if quotes => ("&quot;", 1),
            b'\'' if quotes => ("&#39;", 1),
            b'&' if !is_reference(&bytes[i..]) => ("&amp;", 1),
            // A reference the browser would read as a reserved code point.
            b'&' => match crate::reserved::numeric_reference(&bytes[i..]) {
                Some((value, len))
                    if char::from_u32(value).is_some_and(crate::reserved::is_reserved) =>
                {
                    ("\u{FFFD}", len)
                }
                _ => continue,
            },
            0xEF if crate::reserved::starts_reserved(&bytes[i..]) => ("\u{FFFD}", 3),
            _ => continue,
        };
        out.push_str(&s[copied..i]);
        out.push_str(rep);
        copied = i + len;
        skip_to = copied;
    }
    out.push_str(&s[copied..]);
}

/// `&name;`, `&#123;` or `&#x1F;` at the start of `b`.
fn is_reference(b: &[u8]) -> bool {
    let body = &b[1..];
    let (digits, hex) = match body {
        [b'#', b'x' | b'X', rest @ ..] => (rest, true),
        [b'#', rest @ ..] => (rest, false),
        [first, ..] if first.is_ascii_alphabetic() => {
            let n = body
                .iter()
                .take_while(|c| c.is_ascii_alphanumeric())
                .count();
            return body.get(n) == Some(&b';');
        }
        _ => return false,
    };
    let n = digits
        .iter()
        .take_while(|c| {
            if hex {
                c.is_ascii_hexdigit()
            } else {
                c.is_ascii_digit()
            }
        })
        .count();
    n > 0 && digits.get(n) == Some(&b';')
}

/// Writes a URL for an `href`/`src` attribute: characters that are not allowed
/// in URLs are percent-encoded (UTF-8), `&` and `'` become entities, and an
/// existing `%xx` is kept.
pub(crate) fn href(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let bytes = s.as_bytes();
    let mut copied = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let keep = b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'-' | b'_'
                    | b'.'
                    | b'!'
                    | b'~'
                    | b'*'
                    | b'('
                    | b')'
                    | b';'
                    | b'/'
                    | b'?'
                    | b':'
                    | b'@'
                    | b'='
                    | b'+'
                    | b'$'
                    | b','
                    | b'%'
                    | b'#'
            );
        if keep {
            continue;
        }
        // Every byte from `copied` to `i` was kept, so it is ASCII.
        out.push_str(std::str::from_utf8(&bytes[copied..i]).unwrap_or_default());
        match b {
            b'&' => out.push_str("&amp;"),
            b'\'' => out.push_str("&#x27;"),
            _ => {
                out.push('%');
                out.push(HEX[usize::from(b >> 4)] as char);
                out.push(HEX[usize::from(b & 15)] as char);
            }
        }
        copied = i + 1;
    }
    out.push_str(std::str::from_utf8(&bytes[copied..]).unwrap_or_default());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(f: fn(&mut String, &str), s: &str) -> String {
        let mut out = String::new();
        f(&mut out, s);
        out
    }

    #[test]
    fn text_escapes_markup_only() {
        assert_eq!(run(text, "a<b>&\"c'"), "a&lt;b&gt;&amp;\"c'");
    }

    #[test]
    fn attributes_escape_quotes() {
        assert_eq!(
            run(attr, "\"x' onload=<y>"),
            "&quot;x&#39; onload=&lt;y&gt;"
        );
    }

    #[test]
    fn references_are_kept_bare_ampersands_escaped() {
        assert_eq!(
            run(text_keep_refs, "&eacute; &#233; &#xE9; & &x &#; <b>"),
            "&eacute; &#233; &#xE9; &amp; &amp;x &amp;#; &lt;b&gt;"
        );
        assert_eq!(run(attr_keep_refs, "a\"b&amp;"), "a&quot;b&amp;");
    }

    #[test]
    fn reserved_code_points_never_reach_the_html() {
        let s = "a\u{FDD0}0\u{FDD1} \u{FDD2}\n，\u{FFFD}";
        let clean = "a\u{FFFD}0\u{FFFD} \u{FFFD}\n，\u{FFFD}";
        assert_eq!(run(text, s), clean);
        assert_eq!(run(text_typographic, s), clean);
        assert_eq!(run(attr, s), clean);
        assert_eq!(run(text_keep_refs, s), clean);
        assert_eq!(
            run(attr_keep_refs, "&#xFDD2;&#10;&#64976 &#xFDCF; &#xFFFD;"),
            "\u{FFFD}&#10;&amp;#64976 &#xFDCF; &#xFFFD;"
        );
    }

    #[test]
    fn urls_are_percent_encoded() {
        assert_eq!(
            run(href, "/a b/é?x=1&y=\"2\"#f"),
            "/a%20b/%C3%A9?x=1&amp;y=%222%22#f"
        );
    }
}
