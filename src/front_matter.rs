//! Source text in, front-matter data (YAML → [`Map`]) and the body's place out.

use crate::value::{Map, Value};
use crate::{Warning, WarningKind};

/// A post file split at its front matter.
pub(crate) struct Split<'a> {
    /// The YAML block, opening fence line included (YAML reads `---` as a
    /// document start), closing fence excluded; `None` when the file has none.
    pub yaml: Option<&'a str>,
    /// Where the body starts in the file.
    pub body_start: usize,
    /// The file opened a front matter that never closed; the whole file is body.
    pub unclosed: bool,
}

/// Ruby's `\s`, which Jekyll's front-matter pattern uses around the fences.
fn is_ruby_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | 0x0b | 0x0c)
}

/// Splits the way Jekyll's `\A(---\s*\n.*?\n?)^((---|\.\.\.)\s*$\n?)` (multi-line)
/// does: the opening fence is the very first line, the closing fence is the first
/// later line that is `---` or `...` plus blanks, and blank lines after the
/// closing fence belong to the front matter, not to the body.
pub(crate) fn split(text: &str) -> Split<'_> {
    let none = Split {
        yaml: None,
        body_start: 0,
        unclosed: false,
    };
    let bytes = text.as_bytes();
    if !text.starts_with("---") {
        return none;
    }
    let blanks_end = 3 + bytes[3..].iter().take_while(|&&b| is_ruby_space(b)).count();
    let Some(newline) = bytes[3..blanks_end].iter().rposition(|&b| b == b'\n') else {
        return none;
    };
    let mut line = 3 + newline + 1;
    while line <= bytes.len() {
        let rest = &bytes[line..];
        if rest.starts_with(b"---") || rest.starts_with(b"...") {
            if let Some(body_start) = closing_fence_end(bytes, line + 3) {
                return Split {
                    yaml: Some(&text[..line]),
                    body_start,
                    unclosed: false,
                };
            }
        }
        match memchr_newline(rest) {
            Some(i) => line += i + 1,
            None => break,
        }
    }
    Split {
        unclosed: true,
        ..none
    }
}

/// After `---` at `at`: the end of `\s*$\n?` if the fence line holds only blanks.
fn closing_fence_end(bytes: &[u8], at: usize) -> Option<usize> {
    let blanks_end = at
        + bytes[at..]
            .iter()
            .take_while(|&&b| is_ruby_space(b))
            .count();
    if blanks_end == bytes.len() {
        return Some(blanks_end);
    }
    // The greedy `\s*` backs off to the last line end inside the blanks.
    let newline = bytes[at..blanks_end].iter().rposition(|&b| b == b'\n')?;
    Some(at + newline + 1)
}

fn memchr_newline(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == b'\n')
}

/// Parses the YAML block. A block YAML rejects, or one that is not a mapping,
/// gives a warning at its place in the file and no data.
pub(crate) fn parse(yaml: &str, warnings: &mut Vec<Warning>) -> Map {
    let (parsed, keys_once) = crate::yaml::parse_front_matter(yaml);
    report_reserved_escapes(yaml, warnings);
    match parsed {
        Ok(Value::Map(map)) => {
            // Two lines with one key text give one key: when the parser saw
            // none twice, this second look at the lines would find none.
            if !keys_once {
                report_duplicate_keys(yaml, warnings);
            }
            map
        }
        Ok(Value::Null) => Map::new(),
        Ok(other) => {
            let shape = match other {
                Value::List(_) => "a list",
                _ => "a single value",
            };
            warnings.push(Warning::new(
                WarningKind::FrontMatter,
                format!("front matter is {shape}, not a mapping of keys to values; it was ignored"),
                2,
                1,
            ));
            Map::new()
        }
        Err(err) => {
            warnings.push(Warning::new(
                WarningKind::FrontMatter,
                format!(
                    "front matter is not valid YAML ({}); it was ignored and the body rendered without it",
                    err.message
                ),
                err.line,
                err.column,
            ));
            Map::new()
        }
    }
}

/// A `\u`/`\U` escape in a double-quoted scalar that names a code point
/// inkpost reserves for its markers: the YAML reader made it U+FFFD; say so.
/// (Escapes elsewhere are text, and then not decoded; the warning errs on the
/// side of saying.)
fn report_reserved_escapes(yaml: &str, warnings: &mut Vec<Warning>) {
    let bytes = yaml.as_bytes();
    let mut from = 0;
    let mut lines = None;
    while let Some(i) = crate::scan::find_byte(bytes, b'\\', from) {
        from = i + 1;
        let digits = match bytes.get(i + 1) {
            Some(b'u') => 4,
            Some(b'U') => 8,
            _ => continue,
        };
        let value = bytes
            .get(i + 2..i + 2 + digits)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u32::from_str_radix(h, 16).ok());
        if value
            .and_then(char::from_u32)
            .is_some_and(crate::reserved::is_reserved)
        {
            let lines = lines.get_or_insert_with(|| crate::position::LineIndex::new(yaml));
            let (line, column) = lines.line_col(yaml, i);
            warnings.push(Warning::new(
                WarningKind::Encoding,
                "a YAML escape names a noncharacter from U+FDD0 to U+FDEF, which inkpost reserves for its own markers; it became U+FFFD".to_owned(),
                line,
                column,
            ));
        }
    }
}

/// A top-level key given twice keeps its last value (as in Jekyll); say so.
pub(crate) fn report_duplicate_keys(yaml: &str, warnings: &mut Vec<Warning>) {
    // A list while short (no hashing), then a set: a front matter can hold
    // tens of thousands of keys.
    let mut seen = Seen::default();
    for (i, line) in yaml.lines().enumerate() {
        let first = line.as_bytes().first().copied().unwrap_or(b' ');
        if is_ruby_space(first) || matches!(first, b'#' | b'-' | b'"' | b'\'' | b'{' | b'[' | b'?')
        {
            continue;
        }
        let Some(colon) = line.bytes().position(|b| b == b':') else {
            continue;
        };
        let key = &line[..colon];
        let key = key.trim_end();
        if !seen.insert(key) {
            warnings.push(Warning::new(
                WarningKind::FrontMatter,
                format!("front-matter key `{key}` is given twice; the last value is used"),
                i as u32 + 1,
                1,
            ));
        }
    }
}

/// Keys met so far.
#[derive(Default)]
struct Seen<'a> {
    few: Vec<&'a str>,
    many: Option<std::collections::HashSet<&'a str>>,
}

impl<'a> Seen<'a> {
    /// Adds `key`; `false` if it was there.
    fn insert(&mut self, key: &'a str) -> bool {
        if let Some(set) = &mut self.many {
            return set.insert(key);
        }
        if self.few.contains(&key) {
            return false;
        }
        self.few.push(key);
        if self.few.len() > 32 {
            self.many = Some(self.few.drain(..).collect());
        }
        true
    }
}

/// The 1-based file line of a top-level `key:` in the YAML block (1 if not found).
pub(crate) fn key_line(yaml: &str, key: &str) -> u32 {
    yaml.lines()
        .position(|line| {
            line.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start_matches([' ', '\t']).starts_with(':'))
        })
        .map_or(1, |i| i as u32 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(text: &str) -> (Option<&str>, &str, bool) {
        let s = split(text);
        (s.yaml, &text[s.body_start..], s.unclosed)
    }

    #[test]
    fn keys_given_twice_are_reported_on_their_later_lines() {
        let lines_of = |yaml: &str| {
            let mut warnings = Vec::new();
            let map = parse(yaml, &mut warnings);
            let lines: Vec<(u32, String)> =
                warnings.into_iter().map(|w| (w.line, w.message)).collect();
            (map, lines)
        };
        let (map, warned) = lines_of("---\ntitle: A\ntags: [x]\ntitle: B\n");
        assert_eq!(map.get("title"), Some(&Value::String("B".into())));
        assert_eq!(
            warned,
            [(
                4,
                "front-matter key `title` is given twice; the last value is used".to_owned()
            )]
        );
        // Past 32 keys the list becomes a set: keys from before and after still count.
        let mut yaml = String::from("---\n");
        for i in 0..40 {
            yaml.push_str(&format!("k{i}: {i}\n"));
        }
        yaml.push_str("k3: again\nk39: again\nk40: new\nk40: again\n");
        let (map, warned) = lines_of(&yaml);
        assert_eq!(map.len(), 41);
        let lines: Vec<u32> = warned.iter().map(|w| w.0).collect();
        assert_eq!(lines, [42, 43, 45]);
        assert!(warned[0].1.contains("`k3`") && warned[2].1.contains("`k40`"));
        // Keys the fast path reads alike but whose text differs: no warning,
        // as before it counted its keys.
        let (map, warned) = lines_of("---\nyes: 1\ntrue: 2\n");
        assert_eq!(map.len(), 1);
        assert_eq!(warned, []);
        // Twice, after a block list, with a comment and a blank line between.
        let (_, warned) = lines_of("---\ntags:\n  - a\n# c\n\ntags: b\n");
        assert_eq!(warned.iter().map(|w| w.0).collect::<Vec<_>>(), [6]);
    }

    #[test]
    fn closing_fence_may_be_dots() {
        assert_eq!(
            parts("---\ntitle: x\n...\nbody"),
            (Some("---\ntitle: x\n"), "body", false)
        );
    }

    #[test]
    fn blank_lines_after_closing_fence_are_swallowed() {
        assert_eq!(
            parts("---\na: 1\n---\n\n\n  body"),
            (Some("---\na: 1\n"), "  body", false)
        );
    }

    #[test]
    fn empty_front_matter_is_fine() {
        assert_eq!(parts("---\n---\nbody"), (Some("---\n"), "body", false));
    }

    #[test]
    fn no_front_matter_without_opening_fence_on_first_line() {
        assert_eq!(parts("\n---\na: 1\n---\nbody").0, None);
        assert_eq!(parts("----\na: 1\n---\n").0, None);
    }

    #[test]
    fn crlf_fences() {
        assert_eq!(
            parts("---\r\na: 1\r\n---\r\nbody"),
            (Some("---\r\na: 1\r\n"), "body", false)
        );
    }

    #[test]
    fn a_title_containing_dashes_does_not_close() {
        assert_eq!(
            parts("---\ntitle: Foo --- Bar\n---\nx"),
            (Some("---\ntitle: Foo --- Bar\n"), "x", false)
        );
    }

    #[test]
    fn unclosed_front_matter_is_reported() {
        assert_eq!(parts("---\na: 1\nbody"), (None, "---\na: 1\nbody", true));
    }

    #[test]
    fn yaml_error_reports_line_and_column_in_file() {
        let mut w = Vec::new();
        let map = parse("---\ntitle: ok\nbad: [unclosed\n", &mut w);
        assert!(map.is_empty());
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].kind, WarningKind::FrontMatter);
        assert!(w[0].line >= 3, "{:?}", w[0]);
    }

    #[test]
    fn tabs_after_list_items_are_accepted_like_libyaml() {
        let mut w = Vec::new();
        let map = parse("---\ntags:\n- melody\t\t\n- x\n", &mut w);
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(
            map.get("tags"),
            Some(&Value::List(vec![
                Value::String("melody".into()),
                Value::String("x".into())
            ]))
        );
    }

    #[test]
    fn duplicate_keys_keep_the_last_value_with_a_warning() {
        let mut w = Vec::new();
        let map = parse("---\ntitle: a\ntitle: b\n", &mut w);
        assert_eq!(map.get("title"), Some(&Value::String("b".into())));
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].line, 3);
    }
}
