//! Raw HTML text in, tokens out: start and end tags with attributes, text, and what gets dropped.
//!
//! Follows the HTML tokenizer where it matters for telling tags from text;
//! anything it cannot read as a tag is text, and text is always escaped on the
//! way out, so a misread can lose formatting but never make markup.

/// One piece of raw HTML.
#[derive(Debug, PartialEq)]
pub(crate) enum Token<'s> {
    Text(&'s str),
    Start {
        name: String,
        attrs: Vec<(String, &'s str)>,
    },
    End {
        name: String,
    },
    /// Comments, doctypes, processing instructions, CDATA: never output.
    Ignored,
}

/// A token and where it starts in the input.
pub(crate) struct Tokens<'s> {
    s: &'s str,
    pos: usize,
}

impl<'s> Tokens<'s> {
    pub(crate) fn new(s: &'s str) -> Self {
        Tokens { s, pos: 0 }
    }

    /// Goes on reading from `offset` (a token boundary).
    pub(crate) fn skip_to(&mut self, offset: usize) {
        self.pos = offset.min(self.s.len());
    }

    /// Where the next token starts.
    pub(crate) fn offset(&self) -> usize {
        self.pos
    }

    /// Skips raw text (the content of `<script>`, `<style>`, …) up to and
    /// including `</name …>`. Returns false when the end tag is not in the
    /// input (everything left was skipped).
    pub(crate) fn skip_raw_text(&mut self, name: &str) -> bool {
        let bytes = self.s.as_bytes();
        let mut i = self.pos;
        while let Some(lt) = memchr(b'<', &bytes[i..]) {
            let at = i + lt;
            let after = at + 2 + name.len();
            if bytes.get(at + 1) == Some(&b'/')
                && bytes
                    .get(at + 2..after)
                    .is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes()))
                && matches!(
                    bytes.get(after),
                    None | Some(b'\t' | b'\n' | b'\x0c' | b'\r' | b' ' | b'/' | b'>')
                )
            {
                self.pos = memchr(b'>', &bytes[after..]).map_or(bytes.len(), |g| after + g + 1);
                return true;
            }
            i = at + 1;
        }
        self.pos = bytes.len();
        false
    }
}

fn memchr(needle: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().position(|&b| b == needle)
}

fn is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

impl<'s> Iterator for Tokens<'s> {
    type Item = Token<'s>;

    fn next(&mut self) -> Option<Token<'s>> {
        let s = self.s;
        let bytes = s.as_bytes();
        let start = self.pos;
        if start >= bytes.len() {
            return None;
        }
        if bytes[start] != b'<' {
            let end = memchr(b'<', &bytes[start + 1..]).map_or(bytes.len(), |i| start + 1 + i);
            self.pos = end;
            return Some(Token::Text(&s[start..end]));
        }
        let rest = &bytes[start..];
        match rest.get(1) {
            Some(b'!') => {
                self.pos = if rest.starts_with(b"<!--") {
                    comment_end(bytes, start + 4)
                } else {
                    // Doctype, CDATA and other `<!…>`: a bogus comment up to `>`.
                    memchr(b'>', &rest[2..]).map_or(bytes.len(), |i| start + 2 + i + 1)
                };
                Some(Token::Ignored)
            }
            Some(b'?') => {
                self.pos = memchr(b'>', &rest[2..]).map_or(bytes.len(), |i| start + 2 + i + 1);
                Some(Token::Ignored)
            }
            Some(b'/') => match rest.get(2) {
                Some(c) if c.is_ascii_alphabetic() => {
                    let (name, after) = tag_name(bytes, start + 2);
                    // Attributes on an end tag mean nothing; skip to `>`.
                    match attributes(s, after).map(|(_, end)| end) {
                        Some(end) => {
                            self.pos = end;
                            Some(Token::End { name })
                        }
                        None => {
                            // End of input inside a tag: browsers drop the tag.
                            self.pos = bytes.len();
                            Some(Token::Ignored)
                        }
                    }
                }
                Some(b'>') => {
                    self.pos = start + 3;
                    Some(Token::Ignored)
                }
                Some(_) => {
                    self.pos = memchr(b'>', &rest[2..]).map_or(bytes.len(), |i| start + 2 + i + 1);
                    Some(Token::Ignored)
                }
                None => {
                    self.pos = bytes.len();
                    Some(Token::Text(&s[start..]))
                }
            },
            Some(c) if c.is_ascii_alphabetic() => {
                let (name, after) = tag_name(bytes, start + 1);
                match attributes(s, after) {
                    Some((attrs, end)) => {
                        self.pos = end;
                        Some(Token::Start { name, attrs })
                    }
                    None => {
                        self.pos = bytes.len();
                        Some(Token::Ignored)
                    }
                }
            }
            _ => {
                let end = memchr(b'<', &bytes[start + 1..]).map_or(bytes.len(), |i| start + 1 + i);
                self.pos = end;
                Some(Token::Text(&s[start..end]))
            }
        }
    }
}

/// After `<!--`: the end of the comment, including `<!-->`, `<!--->` and `--!>`.
fn comment_end(bytes: &[u8], from: usize) -> usize {
    let rest = &bytes[from..];
    if rest.starts_with(b">") {
        return from + 1;
    }
    if rest.starts_with(b"->") {
        return from + 2;
    }
    let mut i = from;
    while i < bytes.len() {
        if bytes[i..].starts_with(b"-->") {
            return i + 3;
        }
        if bytes[i..].starts_with(b"--!>") {
            return i + 4;
        }
        i += 1;
    }
    bytes.len()
}

/// A tag name, lower-cased, and where it ends.
fn tag_name(bytes: &[u8], from: usize) -> (String, usize) {
    let mut i = from;
    while i < bytes.len() && !is_space(bytes[i]) && bytes[i] != b'/' && bytes[i] != b'>' {
        i += 1;
    }
    let name = String::from_utf8_lossy(&bytes[from..i]).to_ascii_lowercase();
    (name, i)
}

/// Reads attributes up to the tag's `>`; `None` if the input ends first.
fn attributes(s: &str, from: usize) -> Option<(Vec<(String, &str)>, usize)> {
    let bytes = s.as_bytes();
    let mut attrs = Vec::new();
    let mut i = from;
    loop {
        while i < bytes.len() && (is_space(bytes[i]) || bytes[i] == b'/') {
            i += 1;
        }
        match bytes.get(i) {
            None => return None,
            Some(b'>') => return Some((attrs, i + 1)),
            _ => {}
        }
        // A name runs to a space, `/`, `>` or `=` (a leading `=` belongs to it).
        let name_start = i;
        i += 1;
        while i < bytes.len() && !is_space(bytes[i]) && !matches!(bytes[i], b'/' | b'>' | b'=') {
            i += 1;
        }
        let name = s[name_start..i].to_ascii_lowercase();
        let mut j = i;
        while j < bytes.len() && is_space(bytes[j]) {
            j += 1;
        }
        let mut value = "";
        if bytes.get(j) == Some(&b'=') {
            j += 1;
            while j < bytes.len() && is_space(bytes[j]) {
                j += 1;
            }
            match bytes.get(j) {
                None => return None,
                Some(&q @ (b'"' | b'\'')) => {
                    let close = memchr(q, &bytes[j + 1..])?;
                    value = &s[j + 1..j + 1 + close];
                    i = j + 1 + close + 1;
                }
                Some(b'>') => i = j,
                Some(_) => {
                    let v_start = j;
                    while j < bytes.len() && !is_space(bytes[j]) && bytes[j] != b'>' {
                        j += 1;
                    }
                    value = &s[v_start..j];
                    i = j;
                }
            }
        }
        attrs.push((name, value));
    }
}

/// Decodes character references in an attribute value the way a browser does,
/// for the references that matter to a URL's meaning: every numeric one (with
/// or without `;`) and every named one that stands for ASCII. Other named
/// references stay as written.
pub(crate) fn decode_attr(value: &str) -> std::borrow::Cow<'_, str> {
    if !value.contains('&') {
        return std::borrow::Cow::Borrowed(value);
    }
    let bytes = value.as_bytes();
    let mut out = String::with_capacity(value.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'&' {
            let next = memchr(b'&', &bytes[i..]).map_or(bytes.len(), |n| i + n);
            out.push_str(&value[i..next]);
            i = next;
            continue;
        }
        if let Some((text, len)) = reference(&value[i..]) {
            out.push_str(&text);
            i += len;
        } else {
            out.push('&');
            i += 1;
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A character reference at the start of `s` (which starts with `&`): its text
/// and length.
fn reference(s: &str) -> Option<(String, usize)> {
    let bytes = s.as_bytes();
    if bytes.get(1) == Some(&b'#') {
        let hex = matches!(bytes.get(2), Some(b'x' | b'X'));
        let digits_from = if hex { 3 } else { 2 };
        let mut end = digits_from;
        while end < bytes.len()
            && (if hex {
                bytes[end].is_ascii_hexdigit()
            } else {
                bytes[end].is_ascii_digit()
            })
        {
            end += 1;
        }
        if end == digits_from {
            return None;
        }
        let digits = &s[digits_from..end];
        let code = u32::from_str_radix(&digits[..digits.len().min(8)], if hex { 16 } else { 10 })
            .unwrap_or(u32::MAX);
        let code = if digits.len() > 8 { u32::MAX } else { code };
        let len = if bytes.get(end) == Some(&b';') {
            end + 1
        } else {
            end
        };
        return Some((numeric_char(code).to_string(), len));
    }
    let name_end = bytes[1..]
        .iter()
        .position(|b| !b.is_ascii_alphanumeric())
        .map_or(bytes.len(), |p| p + 1);
    let name = &s[1..name_end];
    let with_semi = bytes.get(name_end) == Some(&b';');
    let text = ASCII_ENTITIES
        .iter()
        .find(|(n, _, needs_semi)| *n == name && (with_semi || !needs_semi))
        .map(|(_, t, _)| *t)?;
    // In attribute values a reference without `;` followed by `=` or an
    // alphanumeric is left alone (HTML's legacy rule); `name` already took
    // every alphanumeric, so only `=` remains to check.
    if !with_semi && bytes.get(name_end) == Some(&b'=') {
        return None;
    }
    Some((text.to_owned(), name_end + usize::from(with_semi)))
}

/// The character a numeric reference gives, as the HTML spec maps it.
fn numeric_char(code: u32) -> char {
    const C1: [u16; 32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0x8D, 0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013,
        0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ];
    match code {
        0 => '\u{FFFD}',
        0x80..=0x9F => char::from_u32(u32::from(C1[(code - 0x80) as usize])).unwrap_or('\u{FFFD}'),
        _ => char::from_u32(code).unwrap_or('\u{FFFD}'),
    }
}

/// Named references that stand for ASCII text (from the HTML spec's table),
/// and whether they need their `;`.
const ASCII_ENTITIES: [(&str, &str, bool); 54] = [
    ("AMP", "&", false),
    ("AMP", "&", true),
    ("DiacriticalGrave", "`", true),
    ("GT", ">", false),
    ("GT", ">", true),
    ("Hat", "^", true),
    ("LT", "<", false),
    ("LT", "<", true),
    ("NewLine", "\n", true),
    ("QUOT", "\"", false),
    ("QUOT", "\"", true),
    ("Tab", "\t", true),
    ("UnderBar", "_", true),
    ("VerticalLine", "|", true),
    ("amp", "&", false),
    ("amp", "&", true),
    ("apos", "'", true),
    ("ast", "*", true),
    ("bsol", "\\", true),
    ("colon", ":", true),
    ("comma", ",", true),
    ("commat", "@", true),
    ("dollar", "$", true),
    ("equals", "=", true),
    ("excl", "!", true),
    ("fjlig", "fj", true),
    ("grave", "`", true),
    ("gt", ">", false),
    ("gt", ">", true),
    ("lbrace", "{", true),
    ("lbrack", "[", true),
    ("lcub", "{", true),
    ("lowbar", "_", true),
    ("lpar", "(", true),
    ("lsqb", "[", true),
    ("lt", "<", false),
    ("lt", "<", true),
    ("midast", "*", true),
    ("num", "#", true),
    ("percnt", "%", true),
    ("period", ".", true),
    ("plus", "+", true),
    ("quest", "?", true),
    ("quot", "\"", false),
    ("quot", "\"", true),
    ("rbrace", "}", true),
    ("rbrack", "]", true),
    ("rcub", "}", true),
    ("rpar", ")", true),
    ("rsqb", "]", true),
    ("semi", ";", true),
    ("sol", "/", true),
    ("verbar", "|", true),
    ("vert", "|", true),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(s: &str) -> Vec<Token<'_>> {
        Tokens::new(s).collect()
    }

    fn start<'s>(name: &str, attrs: &[(&str, &'s str)]) -> Token<'s> {
        Token::Start {
            name: name.into(),
            attrs: attrs.iter().map(|(n, v)| ((*n).to_owned(), *v)).collect(),
        }
    }

    #[test]
    fn tags_attributes_and_text() {
        assert_eq!(
            tokens("<A HREF='x' title=\"a>b\" data-x=1 hidden>hi</a>"),
            vec![
                start(
                    "a",
                    &[
                        ("href", "x"),
                        ("title", "a>b"),
                        ("data-x", "1"),
                        ("hidden", "")
                    ]
                ),
                Token::Text("hi"),
                Token::End { name: "a".into() }
            ]
        );
    }

    #[test]
    fn comments_doctypes_and_cdata_are_ignored() {
        assert_eq!(
            tokens("<!-- x --><!DOCTYPE html><![CDATA[y]]><?php z ?><!-->t"),
            vec![
                Token::Ignored,
                Token::Ignored,
                Token::Ignored,
                Token::Ignored,
                Token::Ignored,
                Token::Text("t")
            ]
        );
    }

    #[test]
    fn a_lone_less_than_is_text() {
        assert_eq!(
            tokens("a < b <3"),
            vec![Token::Text("a "), Token::Text("< b "), Token::Text("<3")]
        );
    }

    #[test]
    fn a_tag_cut_off_by_the_end_of_input_is_dropped() {
        assert_eq!(
            tokens("x<img src=a onerror=alert(1)"),
            vec![Token::Text("x"), Token::Ignored]
        );
    }

    #[test]
    fn slashes_separate_attributes() {
        assert_eq!(
            tokens("<img/src=x/onerror=y>"),
            vec![start("img", &[("src", "x/onerror=y")])]
        );
        assert_eq!(
            tokens("<img/onerror=y>"),
            vec![start("img", &[("onerror", "y")])]
        );
    }

    #[test]
    fn raw_text_skips_to_the_matching_end_tag() {
        let mut t = Tokens::new("<b>x</scripty></SCRIPT >after");
        assert!(t.skip_raw_text("script"));
        assert_eq!(t.next(), Some(Token::Text("after")));
    }

    #[test]
    fn references_decode_like_a_browser() {
        assert_eq!(decode_attr("&#106;ava&#x73;cript&colon;x"), "javascript:x");
        assert_eq!(decode_attr("&#106avascript"), "javascript");
        assert_eq!(decode_attr("java&Tab;script"), "java\tscript");
        assert_eq!(
            decode_attr("a&amp;b&ampc&amp=d&eacute;"),
            "a&b&ampc&amp=d&eacute;"
        );
        assert_eq!(
            decode_attr("&#0;&#x110000;&#150;"),
            "\u{FFFD}\u{FFFD}\u{2013}"
        );
    }
}
