//! YAML text in, a [`Value`] out: the YAML that Jekyll front matter uses, read as Psych (libyaml, YAML 1.1) reads it.

// How it is built. Jekyll hands the front matter to Psych, which is libyaml
// 0.2.5 plus Ruby's YAML 1.1 type rules. To accept and refuse exactly what
// libyaml does, with the same messages at the same places, the scanner and the
// parser below follow libyaml's own (token queue, "simple keys", indentation
// stack, parser state machine), and the builder at the end stands in for
// Psych's `ToRuby`: it resolves plain scalars with `Psych::ScalarScanner`'s
// rules, copies aliases, and applies `<<` merge keys. Nothing recurses, so deep
// input cannot overflow the stack; nesting and alias expansion are capped.

use crate::value::{Map, Value};
use std::collections::{HashMap, VecDeque};

/// Why a text is not YAML that Psych would read, and where.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct YamlError {
    /// 1-based line, counted in the given text (its `---` line is line 1).
    pub line: u32,
    /// 1-based column, counted in chars.
    pub column: u32,
    /// What is wrong, in libyaml's words (plus what it was reading, and where).
    pub message: String,
}

/// Collections nested deeper than this are refused ("recursion limit exceeded"),
/// the limit serde_yaml applies, so hostile input fails fast.
const MAX_DEPTH: usize = 128;

/// Alias expansion budget, in copied nodes: enough for any real front matter,
/// far too little for a "billion laughs" document.
const MAX_ALIAS_NODES: usize = 10_000;

/// libyaml stops looking for the `:` of a simple key 1024 characters after the key started.
const MAX_SIMPLE_KEY: usize = 1024;

/// Parses one YAML document (the text may start with a `---` line, as front
/// matter blocks do here); also says whether each top-level key is known to
/// occur once: the fast path counts its `key:` lines, and the flag is
/// `false` when it cannot tell.
///
/// Like Psych's `YAML.load`, only the first document is read: what follows its
/// end (`...` or a second `---`) is ignored, errors included. An empty text is
/// null.
///
/// A byte order mark is skipped where a line starts, but counts as a column,
/// as in Psych (which hands libyaml its encoding, so the reader keeps it).
pub(crate) fn parse_front_matter(text: &str) -> (Result<Value, YamlError>, bool) {
    if let Some((value, keys_once)) = flat_mapping(text) {
        return (Ok(value), keys_once);
    }
    (load(text).map_err(|f| (*f).into_error()), false)
}

/// [`parse_front_matter`]'s value alone.
#[cfg(test)]
pub(crate) fn parse(text: &str) -> Result<Value, YamlError> {
    parse_front_matter(text).0
}

// ---------------------------------------------------------------------------
// The fast path: most front matter is `key: value` lines and nothing else.

/// The value of a front matter made only of top-level `key: value` lines
/// (after an optional `---` line; blank and `#` comment lines may come
/// between), each value a one-line plain scalar, a quoted string with no
/// quote or escape inside, a flow list of plain words, or a block list of
/// such values (`- item` lines, all at one indentation, after `key:`); `None`
/// for anything else, which the full scanner and parser read. On what it accepts
/// it builds what they build: the same scalar rules ([`scalar`]), keys turned
/// to text the same way, the same [`Map::insert`]. The tests compare the two
/// on generated and real front matter. The flag: no two `key:` lines gave
/// the same key.
fn flat_mapping(text: &str) -> Option<(Value, bool)> {
    // No tab, CR, or byte `check_chars` would look at: one table look-up a
    // byte, no branch.
    let seen = text
        .bytes()
        .fold(0, |seen, b| seen | FLAT_BYTE[usize::from(b)]);
    if seen & LEFT_TO_PARSER != 0 {
        return None;
    }
    // U+2028 and U+2029 (E2 80 A8, E2 80 A9) end a line for libyaml.
    let separator = |s: &str| crate::scan::find_str(text, s, 0).is_some();
    if seen & E2 != 0 && (separator("\u{2028}") || separator("\u{2029}")) {
        return None;
    }
    let body = match text.strip_prefix("---") {
        Some(rest) => rest.strip_prefix('\n')?,
        None => text,
    };
    let mut map = Map::new();
    let mut keys = 0;
    let mut lines = body.split('\n').peekable();
    while let Some(line) = lines.next() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let colon = line.bytes().position(|b| b == b':')?;
        let key = &line[..colon];
        let first = *key.as_bytes().first()?;
        if !(first.is_ascii_alphabetic() || first == b'_')
            || key.len() > 1000
            || !key
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-'))
        {
            return None;
        }
        let rest = &line[colon + 1..];
        let value = rest.trim_start_matches(' ');
        if !rest.is_empty() && value.len() == rest.len() {
            return None; // `key:value` is one plain scalar, not a pair
        }
        let value = match value {
            "" => match block_list(&mut lines)? {
                Some(items) => Value::List(items),
                None => flat_value(value)?,
            },
            _ => flat_value(value)?,
        };
        let key = match scalar(key.to_owned(), Style::Plain, None) {
            Value::String(s) => s,
            other => other.to_text().unwrap_or_default(),
        };
        map.insert(key, value);
        keys += 1;
    }
    let keys_once = map.len() == keys;
    (!map.is_empty()).then_some((Value::Map(map), keys_once))
}

/// The `- item` lines after a `key:` with no value, taken from `lines`:
/// `Some(None)` when none follow (the value is null), `None` when the lines
/// are something else indented (a nested mapping, items at two indentations).
fn block_list<'t>(
    lines: &mut std::iter::Peekable<impl Iterator<Item = &'t str>>,
) -> Option<Option<Vec<Value>>> {
    let mut items = Vec::new();
    let mut indent = None;
    while let Some(&line) = lines.peek() {
        if line.is_empty() || line.starts_with('#') {
            lines.next();
            continue;
        }
        let spaces = line.len() - line.trim_start_matches(' ').len();
        let Some(item) = line[spaces..].strip_prefix("- ") else {
            // Not an item: the next key, at the margin, or a bail-out.
            if spaces > 0 || &line[spaces..] == "-" {
                return None;
            }
            break;
        };
        if *indent.get_or_insert(spaces) != spaces {
            return None;
        }
        items.push(flat_value(item.trim_start_matches(' '))?);
        lines.next();
    }
    Some((!items.is_empty()).then_some(items))
}

/// Equal values, NaN included (the same float bits).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Float(x), Value::Float(y)) => x.to_bits() == y.to_bits(),
        (Value::List(x), Value::List(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y))
        }
        (Value::Map(x), Value::Map(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y.iter())
                    .all(|((k, x), (l, y))| k == l && same(x, y))
        }
        _ => a == b,
    }
}

/// For the tests and the fuzz target: where the fast path takes `text`, it
/// builds what the full parser builds, and when it saw no key twice
/// `duplicates` (the front matter's own look, which this stage below it
/// does not name) finds none either (panics if not); whether it took it.
pub(crate) fn check_fast_path(text: &str, duplicates: impl Fn(&str) -> Vec<String>) -> bool {
    let Some((fast, keys_once)) = flat_mapping(text) else {
        return false;
    };
    if keys_once {
        let warnings = duplicates(text);
        assert!(
            warnings.is_empty(),
            "{text:?}: no key counted twice, yet {warnings:?}"
        );
    }
    match load(text) {
        Ok(full) => assert!(same(&fast, &full), "{text:?}: {fast:?} but {full:?}"),
        Err(e) => panic!(
            "{text:?}: the fast path read {fast:?}, the parser refused: {:?}",
            (*e).into_error()
        ),
    }
    true
}

/// libyaml's indicators: a plain scalar starts with none of them (`-`, `?`
/// and `:` can, before a non-space; the fast path leaves those to the parser).
fn is_indicator(b: u8) -> bool {
    b"-?:,[]{}#&*!|>'\"%@`".contains(&b)
}

/// A value of [`flat_mapping`] (the text after `key: `), or `None`.
fn flat_value(text: &str) -> Option<Value> {
    let text = text.trim_end_matches(' ');
    let quoted = |quote: char| {
        let inner = text.strip_prefix(quote)?.strip_suffix(quote)?;
        (!inner.bytes().any(|b| b == quote as u8 || b == b'\\'))
            .then(|| Value::String(inner.to_owned()))
    };
    match text.as_bytes().first() {
        None => Some(scalar(String::new(), Style::Plain, None)),
        Some(b'"') => quoted('"'),
        Some(b'\'') => quoted('\''),
        Some(b'[') => {
            let inner = text.strip_prefix('[')?.strip_suffix(']')?;
            if inner.trim_matches(' ').is_empty() {
                return Some(Value::List(Vec::new()));
            }
            inner
                .split(',')
                .map(|item| {
                    let item = item.trim_matches(' ');
                    let first = *item.as_bytes().first()?;
                    // In a flow list, also no flow indicator, quote or escape inside.
                    let plain = !is_indicator(first)
                        && !item.bytes().any(|b| b"[]{}:#'\"&*!|>%@`\\".contains(&b));
                    plain.then(|| scalar(item.to_owned(), Style::Plain, None))
                })
                .collect::<Option<Vec<_>>>()
                .map(Value::List)
        }
        Some(&first) => {
            let indicator = is_indicator(first);
            // `: `, a final `:` or ` #` ends the scalar early: one pass for all three.
            let bytes = text.as_bytes();
            let ends_early = bytes.iter().enumerate().any(|(i, &b)| match b {
                b':' => bytes.get(i + 1).is_none_or(|&next| next == b' '),
                b'#' => i > 0 && bytes[i - 1] == b' ',
                _ => false,
            });
            (!indicator && !ends_early).then(|| scalar(text.to_owned(), Style::Plain, None))
        }
    }
}

/// A place in the text, all counts 0-based; `index` counts chars, as libyaml does.
#[derive(Clone, Copy, Debug, Default)]
struct Mark {
    index: usize,
    line: usize,
    column: usize,
}

/// An error on its way out: libyaml's problem and, when it has one, its context.
struct Fail {
    mark: Mark,
    problem: &'static str,
    context: Option<(&'static str, Mark)>,
}

/// Errors are boxed: every `?` then moves a pointer, not the whole error.
type R<T> = Result<T, Box<Fail>>;

fn fail<T>(mark: Mark, problem: &'static str) -> R<T> {
    Err(Fail::new(None, mark, problem))
}

fn fail_in<T>(context: &'static str, at: Mark, mark: Mark, problem: &'static str) -> R<T> {
    Err(Fail::new(Some((context, at)), mark, problem))
}

impl Fail {
    #[cold]
    #[inline(never)]
    fn new(context: Option<(&'static str, Mark)>, mark: Mark, problem: &'static str) -> Box<Fail> {
        Box::new(Fail {
            mark,
            problem,
            context,
        })
    }

    fn into_error(self) -> YamlError {
        let message = match self.context {
            Some((context, at)) => format!(
                "{}, {} at line {} column {}",
                self.problem,
                context,
                at.line + 1,
                at.column + 1
            ),
            None => self.problem.to_owned(),
        };
        YamlError {
            line: u32::try_from(self.mark.line + 1).unwrap_or(u32::MAX),
            column: u32::try_from(self.mark.column + 1).unwrap_or(u32::MAX),
            message,
        }
    }
}

/// Whether `b` can be part of a character `check_chars` refuses: every one
/// has a byte below 0x20 (but tab, LF, CR), 0x7F, or starts with C2 (C1
/// controls) or EF (U+FFFE, U+FFFF).
const fn may_be_refused(b: u8) -> bool {
    (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || matches!(b, 0x7F | 0xC2 | 0xEF)
}

/// [`FLAT_BYTE`]: a byte the fast path leaves to the parser ([`may_be_refused`], tab, CR).
const LEFT_TO_PARSER: u8 = 1;
/// [`FLAT_BYTE`]: E2, the first byte of U+2028 and U+2029.
const E2: u8 = 2;

/// For each byte, what [`flat_mapping`] must know of it.
static FLAT_BYTE: [u8; 256] = {
    let mut table = [0; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        if may_be_refused(byte) || byte == b'\t' || byte == b'\r' {
            table[b] = LEFT_TO_PARSER;
        } else if byte == 0xE2 {
            table[b] = E2;
        }
        b += 1;
    }
    table
};

/// libyaml's reader refuses any character outside YAML's printable set (C0 and
/// C1 controls but tab, line feed, carriage return and NEL; DEL; U+FFFE/U+FFFF)
/// before the scanner sees anything, for inputs of front-matter size.
fn check_chars(text: &str) -> R<()> {
    // Most front matter has no byte of a refused character, and needs no
    // walk by character.
    if !text.bytes().any(may_be_refused) {
        return Ok(());
    }
    let mut mark = Mark::default();
    let mut after_cr = false;
    for c in text.chars() {
        let printable = matches!(c,
            '\t' | '\n' | '\r' | ' '..='~' | '\u{85}' | '\u{a0}'..='\u{d7ff}'
            | '\u{e000}'..='\u{fffd}' | '\u{10000}'..);
        if !printable {
            return fail(mark, "control characters are not allowed");
        }
        match c {
            '\n' if after_cr => {}
            '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}' => {
                mark.line += 1;
                mark.column = 0;
            }
            _ => mark.column += 1,
        }
        after_cr = c == '\r';
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Scanner: characters to tokens, as libyaml's scanner.c.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum K {
    StreamStart,
    StreamEnd,
    Version,
    TagDirective,
    DocStart,
    DocEnd,
    BlockSeq,
    BlockMap,
    BlockEnd,
    FlowSeq,
    FlowSeqEnd,
    FlowMap,
    FlowMapEnd,
    BlockEntry,
    FlowEntry,
    Key,
    Val,
    Alias,
    Anchor,
    Tag,
    Scalar,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Style {
    Plain,
    Quoted,
    Block,
}

/// A token; `text` holds a scalar's value, an anchor's name, a tag's handle or
/// a directive's first part, `more` a tag's suffix or a directive's second part.
struct Token {
    kind: K,
    start: Mark,
    end: Mark,
    text: String,
    more: String,
    style: Style,
}

fn token(kind: K, start: Mark, end: Mark) -> Token {
    Token {
        kind,
        start,
        end,
        text: String::new(),
        more: String::new(),
        style: Style::Plain,
    }
}

/// Where a key without `?` might have started: libyaml only learns that a
/// scalar was a key when it meets the `:` after it, and then inserts the KEY
/// token (and maybe BLOCK-MAPPING-START) back at this place in the queue.
#[derive(Clone, Copy, Default)]
struct SimpleKey {
    possible: bool,
    /// A key at the block indentation must be a key: no `:` is an error.
    required: bool,
    /// The number the key's first token will have.
    number: usize,
    mark: Mark,
}

struct Scanner<'a> {
    text: &'a str,
    pos: usize,
    mark: Mark,
    tokens: VecDeque<Token>,
    /// Tokens handed to the parser so far.
    parsed: usize,
    available: bool,
    started: bool,
    indent: isize,
    indents: Vec<isize>,
    simple_key_allowed: bool,
    /// One slot per flow level, plus one for block context.
    simple_keys: Vec<SimpleKey>,
    flow_level: usize,
}

fn is_alpha(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'-'
}

fn hex_value(c: u8) -> u32 {
    match c {
        b'0'..=b'9' => u32::from(c - b'0'),
        b'a'..=b'f' => u32::from(c - b'a' + 10),
        b'A'..=b'F' => u32::from(c - b'A' + 10),
        _ => 0,
    }
}

impl<'a> Scanner<'a> {
    fn new(text: &'a str) -> Self {
        Scanner {
            text,
            pos: 0,
            mark: Mark::default(),
            tokens: VecDeque::new(),
            parsed: 0,
            available: false,
            started: false,
            indent: -1,
            indents: Vec::new(),
            simple_key_allowed: false,
            simple_keys: Vec::new(),
            flow_level: 0,
        }
    }

    // Looking at the text. Offsets are in bytes; libyaml also looks ahead by
    // bytes, and only ever past ASCII characters. Past the end reads as NUL,
    // which the reader has already refused inside the text.
    //
    // The helpers used from dozens of places are kept out of line: inlined
    // everywhere at opt-level 3 they cost kilobytes of wasm, and front
    // matter is small.

    fn at(&self, k: usize) -> u8 {
        self.text.as_bytes().get(self.pos + k).copied().unwrap_or(0)
    }

    fn is(&self, c: u8) -> bool {
        self.at(0) == c
    }

    fn end(&self) -> bool {
        self.pos >= self.text.len()
    }

    fn blank_at(&self, k: usize) -> bool {
        matches!(self.at(k), b' ' | b'\t')
    }

    /// Line breaks as YAML 1.1 has them: CR, LF, NEL, LS and PS.
    #[inline(never)]
    fn break_at(&self, k: usize) -> bool {
        match self.at(k) {
            b'\r' | b'\n' => true,
            0xC2 => self.at(k + 1) == 0x85,
            0xE2 => self.at(k + 1) == 0x80 && matches!(self.at(k + 2), 0xA8 | 0xA9),
            _ => false,
        }
    }

    #[inline(never)]
    fn breakz_at(&self, k: usize) -> bool {
        self.break_at(k) || self.pos + k >= self.text.len()
    }

    #[inline(never)]
    fn blankz_at(&self, k: usize) -> bool {
        self.blank_at(k) || self.breakz_at(k)
    }

    #[inline(never)]
    fn document_indicator(&self) -> bool {
        self.mark.column == 0
            && ((self.is(b'-') && self.at(1) == b'-' && self.at(2) == b'-')
                || (self.is(b'.') && self.at(1) == b'.' && self.at(2) == b'.'))
            && self.blankz_at(3)
    }

    fn width(&self) -> usize {
        match self.at(0) {
            0..=0x7F => 1,
            0xF0.. => 4,
            0xE0.. => 3,
            _ => 2,
        }
    }

    #[inline(never)]
    fn skip(&mut self) {
        self.pos = (self.pos + self.width()).min(self.text.len());
        self.mark.index += 1;
        self.mark.column += 1;
    }

    /// Copies the current char into `s` and moves past it.
    #[inline(never)]
    fn read(&mut self, s: &mut String) {
        let next = (self.pos + self.width()).min(self.text.len());
        s.push_str(self.text.get(self.pos..next).unwrap_or(""));
        self.pos = next;
        self.mark.index += 1;
        self.mark.column += 1;
    }

    /// Copies the run of printable ASCII characters here, up to a blank, a
    /// line break, a non-ASCII character or one of `stop`, into `s`: what
    /// [`Self::read`] would do one character at a time.
    #[inline(never)]
    // `stop` has one to six bytes: comparing them beats `contains`, which
    // calls memchr for each byte of the text.
    #[allow(clippy::manual_contains)]
    fn read_run(&mut self, s: &mut String, stop: &[u8]) {
        let rest = &self.text.as_bytes()[self.pos..];
        let n = rest
            .iter()
            .position(|&b| !(b'!'..=b'~').contains(&b) || stop.iter().any(|&s| s == b))
            .unwrap_or(rest.len());
        s.push_str(&self.text[self.pos..self.pos + n]);
        self.pos += n;
        self.mark.index += n;
        self.mark.column += n;
    }

    /// Moves past a line break (CR LF counts as one).
    #[inline(never)]
    fn skip_line(&mut self) {
        if self.is(b'\r') && self.at(1) == b'\n' {
            self.pos += 2;
            self.mark.index += 2;
        } else if self.break_at(0) {
            self.pos = (self.pos + self.width()).min(self.text.len());
            self.mark.index += 1;
        } else {
            return;
        }
        self.mark.line += 1;
        self.mark.column = 0;
    }

    /// Moves past a line break, adding it to `s`: CR, LF, CR LF and NEL become
    /// `\n`; LS and PS stay what they are.
    #[inline(never)]
    fn read_line(&mut self, s: &mut String) {
        if !self.break_at(0) {
            return;
        }
        match self.at(0) {
            0xE2 => {
                let next = (self.pos + 3).min(self.text.len());
                s.push_str(self.text.get(self.pos..next).unwrap_or(""));
            }
            _ => s.push('\n'),
        }
        self.skip_line();
    }

    // The token queue.

    /// Scans until the first queued token can no longer turn out to follow a
    /// KEY token inserted in front of it.
    fn fetch_more(&mut self) -> R<()> {
        loop {
            let mut need = self.tokens.is_empty();
            if !need {
                self.stale_simple_keys()?;
                let parsed = self.parsed;
                need = self
                    .simple_keys
                    .iter()
                    .any(|k| k.possible && k.number == parsed);
            }
            if !need {
                break;
            }
            self.fetch_next()?;
        }
        self.available = true;
        Ok(())
    }

    fn peek(&mut self) -> R<(K, Mark, Mark)> {
        if !self.available {
            self.fetch_more()?;
        }
        match self.tokens.front() {
            Some(t) => Ok((t.kind, t.start, t.end)),
            None => fail(self.mark, "found unexpected end of stream"),
        }
    }

    fn take(&mut self) -> Token {
        self.available = false;
        self.parsed += 1;
        self.tokens
            .pop_front()
            .unwrap_or_else(|| token(K::StreamEnd, self.mark, self.mark))
    }

    #[inline(never)]
    fn push(&mut self, kind: K, start: Mark) {
        let end = self.mark;
        self.tokens.push_back(token(kind, start, end));
    }

    fn fetch_next(&mut self) -> R<()> {
        if !self.started {
            self.started = true;
            self.indent = -1;
            self.simple_keys.push(SimpleKey::default());
            self.simple_key_allowed = true;
            self.push(K::StreamStart, self.mark);
            return Ok(());
        }
        self.scan_to_next_token();
        self.stale_simple_keys()?;
        self.unroll_indent(self.mark.column as isize);
        if self.end() {
            return self.fetch_stream_end();
        }
        if self.mark.column == 0 && self.is(b'%') {
            return self.fetch_directive();
        }
        if self.document_indicator() {
            let kind = if self.is(b'-') {
                K::DocStart
            } else {
                K::DocEnd
            };
            return self.fetch_document_indicator(kind);
        }
        let flow = self.flow_level > 0;
        match self.at(0) {
            b'[' => self.fetch_flow_collection_start(K::FlowSeq),
            b'{' => self.fetch_flow_collection_start(K::FlowMap),
            b']' => self.fetch_flow_collection_end(K::FlowSeqEnd),
            b'}' => self.fetch_flow_collection_end(K::FlowMapEnd),
            b',' => self.fetch_flow_entry(),
            b'-' if self.blankz_at(1) => self.fetch_block_entry(),
            b'?' if flow || self.blankz_at(1) => self.fetch_key(),
            b':' if flow || self.blankz_at(1) => self.fetch_value(),
            b'*' => self.fetch_anchor(K::Alias),
            b'&' => self.fetch_anchor(K::Anchor),
            b'!' => self.fetch_tag(),
            b'|' if !flow => self.fetch_block_scalar(true),
            b'>' if !flow => self.fetch_block_scalar(false),
            b'\'' => self.fetch_flow_scalar(true),
            b'"' => self.fetch_flow_scalar(false),
            c => {
                // A plain scalar may not start with an indicator, except `-`,
                // `?` and `:` when a non-blank follows.
                let indicator = self.blankz_at(0) || b"-?:,[]{}#&*!|>'\"%@`".contains(&c);
                if !indicator
                    || (c == b'-' && !self.blank_at(1))
                    || (!flow && (c == b'?' || c == b':') && !self.blankz_at(1))
                {
                    self.fetch_plain_scalar()
                } else {
                    fail_in(
                        "while scanning for the next token",
                        self.mark,
                        self.mark,
                        "found character that cannot start any token",
                    )
                }
            }
        }
    }

    /// A possible simple key is forgotten once the scanner leaves its line or
    /// is 1024 characters past it; a required one is an error then.
    fn stale_simple_keys(&mut self) -> R<()> {
        let mark = self.mark;
        for key in &mut self.simple_keys {
            if key.possible
                && (key.mark.line < mark.line || key.mark.index + MAX_SIMPLE_KEY < mark.index)
            {
                if key.required {
                    return fail_in(
                        "while scanning a simple key",
                        key.mark,
                        mark,
                        "could not find expected ':'",
                    );
                }
                key.possible = false;
            }
        }
        Ok(())
    }

    fn save_simple_key(&mut self) -> R<()> {
        let required = self.flow_level == 0 && self.indent == self.mark.column as isize;
        if self.simple_key_allowed {
            let key = SimpleKey {
                possible: true,
                required,
                number: self.parsed + self.tokens.len(),
                mark: self.mark,
            };
            self.remove_simple_key()?;
            if let Some(slot) = self.simple_keys.last_mut() {
                *slot = key;
            }
        }
        Ok(())
    }

    fn remove_simple_key(&mut self) -> R<()> {
        let mark = self.mark;
        if let Some(key) = self.simple_keys.last_mut() {
            if key.possible && key.required {
                return fail_in(
                    "while scanning a simple key",
                    key.mark,
                    mark,
                    "could not find expected ':'",
                );
            }
            key.possible = false;
        }
        Ok(())
    }

    /// Flow collections nest at most [`MAX_DEPTH`] deep; stopping here keeps
    /// the per-token work on the simple-key slots small.
    fn increase_flow_level(&mut self) -> R<()> {
        if self.flow_level >= MAX_DEPTH {
            return fail(self.mark, "recursion limit exceeded");
        }
        self.simple_keys.push(SimpleKey::default());
        self.flow_level += 1;
        Ok(())
    }

    fn decrease_flow_level(&mut self) {
        if self.flow_level > 0 {
            self.flow_level -= 1;
            self.simple_keys.pop();
        }
    }

    /// A block collection starts where something is indented more than the
    /// current block; `number` puts its start token before an earlier token.
    fn roll_indent(&mut self, column: isize, number: Option<usize>, kind: K, mark: Mark) {
        if self.flow_level > 0 || self.indent >= column {
            return;
        }
        self.indents.push(self.indent);
        self.indent = column;
        let t = token(kind, mark, mark);
        match number {
            Some(n) => {
                let at = n.saturating_sub(self.parsed).min(self.tokens.len());
                self.tokens.insert(at, t);
            }
            None => self.tokens.push_back(t),
        }
    }

    /// Ends every block indented more than `column`.
    fn unroll_indent(&mut self, column: isize) {
        if self.flow_level > 0 {
            return;
        }
        while self.indent > column {
            self.push(K::BlockEnd, self.mark);
            self.indent = self.indents.pop().unwrap_or(-1);
        }
    }

    fn fetch_stream_end(&mut self) -> R<()> {
        if self.mark.column != 0 {
            self.mark.column = 0;
            self.mark.line += 1;
        }
        self.unroll_indent(-1);
        self.remove_simple_key()?;
        self.simple_key_allowed = false;
        self.push(K::StreamEnd, self.mark);
        Ok(())
    }

    fn fetch_directive(&mut self) -> R<()> {
        self.unroll_indent(-1);
        self.remove_simple_key()?;
        self.simple_key_allowed = false;
        let t = self.scan_directive()?;
        self.tokens.push_back(t);
        Ok(())
    }

    fn fetch_document_indicator(&mut self, kind: K) -> R<()> {
        self.unroll_indent(-1);
        self.remove_simple_key()?;
        self.simple_key_allowed = false;
        let start = self.mark;
        self.skip();
        self.skip();
        self.skip();
        self.push(kind, start);
        Ok(())
    }

    fn fetch_flow_collection_start(&mut self, kind: K) -> R<()> {
        self.save_simple_key()?;
        self.increase_flow_level()?;
        self.simple_key_allowed = true;
        let start = self.mark;
        self.skip();
        self.push(kind, start);
        Ok(())
    }

    fn fetch_flow_collection_end(&mut self, kind: K) -> R<()> {
        self.remove_simple_key()?;
        self.decrease_flow_level();
        self.simple_key_allowed = false;
        let start = self.mark;
        self.skip();
        self.push(kind, start);
        Ok(())
    }

    fn fetch_flow_entry(&mut self) -> R<()> {
        self.remove_simple_key()?;
        self.simple_key_allowed = true;
        let start = self.mark;
        self.skip();
        self.push(K::FlowEntry, start);
        Ok(())
    }

    fn fetch_block_entry(&mut self) -> R<()> {
        if self.flow_level == 0 {
            if !self.simple_key_allowed {
                return fail(
                    self.mark,
                    "block sequence entries are not allowed in this context",
                );
            }
            let column = self.mark.column as isize;
            self.roll_indent(column, None, K::BlockSeq, self.mark);
        }
        self.remove_simple_key()?;
        self.simple_key_allowed = true;
        let start = self.mark;
        self.skip();
        self.push(K::BlockEntry, start);
        Ok(())
    }

    fn fetch_key(&mut self) -> R<()> {
        if self.flow_level == 0 {
            if !self.simple_key_allowed {
                return fail(self.mark, "mapping keys are not allowed in this context");
            }
            let column = self.mark.column as isize;
            self.roll_indent(column, None, K::BlockMap, self.mark);
        }
        self.remove_simple_key()?;
        self.simple_key_allowed = self.flow_level == 0;
        let start = self.mark;
        self.skip();
        self.push(K::Key, start);
        Ok(())
    }

    fn fetch_value(&mut self) -> R<()> {
        let key = self.simple_keys.last().copied().unwrap_or_default();
        if key.possible {
            // The scalar (or collection) before this `:` was a key after all.
            let at = key
                .number
                .saturating_sub(self.parsed)
                .min(self.tokens.len());
            self.tokens.insert(at, token(K::Key, key.mark, key.mark));
            self.roll_indent(
                key.mark.column as isize,
                Some(key.number),
                K::BlockMap,
                key.mark,
            );
            if let Some(slot) = self.simple_keys.last_mut() {
                slot.possible = false;
            }
            self.simple_key_allowed = false;
        } else {
            if self.flow_level == 0 {
                if !self.simple_key_allowed {
                    return fail(self.mark, "mapping values are not allowed in this context");
                }
                let column = self.mark.column as isize;
                self.roll_indent(column, None, K::BlockMap, self.mark);
            }
            self.simple_key_allowed = self.flow_level == 0;
        }
        let start = self.mark;
        self.skip();
        self.push(K::Val, start);
        Ok(())
    }

    fn fetch_anchor(&mut self, kind: K) -> R<()> {
        self.save_simple_key()?;
        self.simple_key_allowed = false;
        let t = self.scan_anchor(kind)?;
        self.tokens.push_back(t);
        Ok(())
    }

    fn fetch_tag(&mut self) -> R<()> {
        self.save_simple_key()?;
        self.simple_key_allowed = false;
        let t = self.scan_tag()?;
        self.tokens.push_back(t);
        Ok(())
    }

    fn fetch_block_scalar(&mut self, literal: bool) -> R<()> {
        self.remove_simple_key()?;
        self.simple_key_allowed = true;
        let t = self.scan_block_scalar(literal)?;
        self.tokens.push_back(t);
        Ok(())
    }

    fn fetch_flow_scalar(&mut self, single: bool) -> R<()> {
        self.save_simple_key()?;
        self.simple_key_allowed = false;
        let t = self.scan_flow_scalar(single)?;
        self.tokens.push_back(t);
        Ok(())
    }

    fn fetch_plain_scalar(&mut self) -> R<()> {
        self.save_simple_key()?;
        self.simple_key_allowed = false;
        let t = self.scan_plain_scalar()?;
        self.tokens.push_back(t);
        Ok(())
    }

    /// Skips blanks, comments and line breaks. A tab separates tokens only
    /// where no key can start (inside flow collections, after `key:` or a
    /// scalar on the same line): where a block line starts, libyaml refuses
    /// it as indentation.
    fn scan_to_next_token(&mut self) {
        loop {
            if self.mark.column == 0 && self.is(0xEF) && self.at(1) == 0xBB && self.at(2) == 0xBF {
                self.skip();
            }
            while self.is(b' ')
                || ((self.flow_level > 0 || !self.simple_key_allowed) && self.is(b'\t'))
            {
                self.skip();
            }
            if self.is(b'#') {
                while !self.breakz_at(0) {
                    self.skip();
                }
            }
            if !self.break_at(0) {
                break;
            }
            self.skip_line();
            if self.flow_level == 0 {
                self.simple_key_allowed = true;
            }
        }
    }

    /// `%YAML 1.1` and `%TAG !x! prefix:` lines; any other directive is an error.
    fn scan_directive(&mut self) -> R<Token> {
        const CONTEXT: &str = "while scanning a directive";
        let start = self.mark;
        self.skip();
        let mut name = String::new();
        while is_alpha(self.at(0)) {
            self.read(&mut name);
        }
        if name.is_empty() {
            return fail_in(
                CONTEXT,
                start,
                self.mark,
                "could not find expected directive name",
            );
        }
        if !self.blankz_at(0) {
            return fail_in(
                CONTEXT,
                start,
                self.mark,
                "found unexpected non-alphabetical character",
            );
        }
        let mut t = token(K::Version, start, start);
        if name == "YAML" {
            while self.blank_at(0) {
                self.skip();
            }
            t.text = self.scan_version_number(start)?;
            if !self.is(b'.') {
                return fail_in(
                    "while scanning a %YAML directive",
                    start,
                    self.mark,
                    "did not find expected digit or '.' character",
                );
            }
            self.skip();
            t.more = self.scan_version_number(start)?;
        } else if name == "TAG" {
            const TAG: &str = "while scanning a %TAG directive";
            t.kind = K::TagDirective;
            while self.blank_at(0) {
                self.skip();
            }
            t.text = self.scan_tag_handle(true, start)?;
            if !self.blank_at(0) {
                return fail_in(TAG, start, self.mark, "did not find expected whitespace");
            }
            while self.blank_at(0) {
                self.skip();
            }
            t.more = self.scan_tag_uri(true, true, "", start)?;
            if !self.blankz_at(0) {
                return fail_in(
                    TAG,
                    start,
                    self.mark,
                    "did not find expected whitespace or line break",
                );
            }
        } else {
            return fail_in(CONTEXT, start, self.mark, "found unknown directive name");
        }
        t.end = self.mark;
        while self.blank_at(0) {
            self.skip();
        }
        if self.is(b'#') {
            while !self.breakz_at(0) {
                self.skip();
            }
        }
        if !self.breakz_at(0) {
            return fail_in(
                CONTEXT,
                start,
                self.mark,
                "did not find expected comment or line break",
            );
        }
        self.skip_line();
        Ok(t)
    }

    fn scan_version_number(&mut self, start: Mark) -> R<String> {
        const CONTEXT: &str = "while scanning a %YAML directive";
        let mut digits = String::new();
        while self.at(0).is_ascii_digit() {
            if digits.len() == 9 {
                return fail_in(
                    CONTEXT,
                    start,
                    self.mark,
                    "found extremely long version number",
                );
            }
            self.read(&mut digits);
        }
        if digits.is_empty() {
            return fail_in(
                CONTEXT,
                start,
                self.mark,
                "did not find expected version number",
            );
        }
        Ok(digits)
    }

    fn scan_anchor(&mut self, kind: K) -> R<Token> {
        let start = self.mark;
        self.skip();
        let mut name = String::new();
        while is_alpha(self.at(0)) {
            self.read(&mut name);
        }
        if name.is_empty() || !(self.blankz_at(0) || b"?:,]}%@`".contains(&self.at(0))) {
            let context = if kind == K::Anchor {
                "while scanning an anchor"
            } else {
                "while scanning an alias"
            };
            return fail_in(
                context,
                start,
                self.mark,
                "did not find expected alphabetic or numeric character",
            );
        }
        let mut t = token(kind, start, self.mark);
        t.text = name;
        Ok(t)
    }

    /// `!<verbatim>`, `!handle!suffix`, `!suffix` or a lone `!`; the token
    /// keeps handle (`""` for verbatim) and suffix.
    fn scan_tag(&mut self) -> R<Token> {
        const CONTEXT: &str = "while scanning a tag";
        let start = self.mark;
        let (handle, suffix);
        if self.at(1) == b'<' {
            self.skip();
            self.skip();
            suffix = self.scan_tag_uri(true, false, "", start)?;
            if !self.is(b'>') {
                return fail_in(CONTEXT, start, self.mark, "did not find the expected '>'");
            }
            self.skip();
            handle = String::new();
        } else {
            let first = self.scan_tag_handle(false, start)?;
            if first.len() > 1 && first.ends_with('!') {
                suffix = self.scan_tag_uri(false, false, "", start)?;
                handle = first;
            } else {
                // `!foo`: the handle is `!` and what was read is the suffix.
                let rest = self.scan_tag_uri(false, false, &first, start)?;
                if rest.is_empty() {
                    handle = String::new();
                    suffix = "!".to_owned();
                } else {
                    handle = "!".to_owned();
                    suffix = rest;
                }
            }
        }
        if !self.blankz_at(0) && (self.flow_level == 0 || !self.is(b',')) {
            return fail_in(
                CONTEXT,
                start,
                self.mark,
                "did not find expected whitespace or line break",
            );
        }
        let mut t = token(K::Tag, start, self.mark);
        t.text = handle;
        t.more = suffix;
        Ok(t)
    }

    fn scan_tag_handle(&mut self, directive: bool, start: Mark) -> R<String> {
        if !self.is(b'!') {
            let context = if directive {
                "while scanning a tag directive"
            } else {
                "while scanning a tag"
            };
            return fail_in(context, start, self.mark, "did not find expected '!'");
        }
        let mut handle = String::new();
        self.read(&mut handle);
        while is_alpha(self.at(0)) {
            self.read(&mut handle);
        }
        if self.is(b'!') {
            self.read(&mut handle);
        } else if directive && handle != "!" {
            return fail_in(
                "while parsing a tag directive",
                start,
                self.mark,
                "did not find expected '!'",
            );
        }
        Ok(handle)
    }

    /// A tag's URI part; `head` is a handle already read whose text after the
    /// `!` belongs to it. `%XX` escapes are decoded.
    fn scan_tag_uri(
        &mut self,
        uri_char: bool,
        directive: bool,
        head: &str,
        start: Mark,
    ) -> R<String> {
        let context = if directive {
            "while parsing a %TAG directive"
        } else {
            "while parsing a tag"
        };
        let mut length = head.len();
        let mut bytes: Vec<u8> = head.as_bytes().get(1..).unwrap_or(&[]).to_vec();
        loop {
            let c = self.at(0);
            let ok = is_alpha(c)
                || b";/?:@&=+$.%!~*'()".contains(&c)
                || (uri_char && b",[]".contains(&c));
            if !ok {
                break;
            }
            if c == b'%' {
                self.scan_uri_escapes(context, start, &mut bytes)?;
            } else {
                let mut s = String::new();
                self.read(&mut s);
                bytes.extend_from_slice(s.as_bytes());
            }
            length += 1;
        }
        if length == 0 {
            return fail_in(context, start, self.mark, "did not find expected tag URI");
        }
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }

    fn scan_uri_escapes(&mut self, context: &'static str, start: Mark, out: &mut Vec<u8>) -> R<()> {
        let mut width = 0;
        loop {
            if !(self.is(b'%') && self.at(1).is_ascii_hexdigit() && self.at(2).is_ascii_hexdigit())
            {
                return fail_in(context, start, self.mark, "did not find URI escaped octet");
            }
            let octet = (hex_value(self.at(1)) << 4 | hex_value(self.at(2))) as u8;
            if width == 0 {
                width = match octet {
                    0x00..=0x7F => 1,
                    0xC0..=0xDF => 2,
                    0xE0..=0xEF => 3,
                    0xF0..=0xF7 => 4,
                    _ => {
                        return fail_in(
                            context,
                            start,
                            self.mark,
                            "found an incorrect leading UTF-8 octet",
                        )
                    }
                };
            } else if octet & 0xC0 != 0x80 {
                return fail_in(
                    context,
                    start,
                    self.mark,
                    "found an incorrect trailing UTF-8 octet",
                );
            }
            out.push(octet);
            self.skip();
            self.skip();
            self.skip();
            width -= 1;
            if width == 0 {
                return Ok(());
            }
        }
    }

    /// `|` (literal) and `>` (folded) scalars, with chomping (`-` strips the
    /// final line break, `+` keeps trailing empty lines, the default keeps one
    /// line break, which is why a `title: >` ends with `\n`) and an optional
    /// indentation indicator, counted from the enclosing block's indentation.
    fn scan_block_scalar(&mut self, literal: bool) -> R<Token> {
        const CONTEXT: &str = "while scanning a block scalar";
        let start = self.mark;
        self.skip();
        let mut chomping = 0;
        let mut increment = 0;
        for _ in 0..2 {
            if chomping == 0 && (self.is(b'+') || self.is(b'-')) {
                chomping = if self.is(b'+') { 1 } else { -1 };
                self.skip();
            } else if increment == 0 && self.at(0).is_ascii_digit() {
                if self.is(b'0') {
                    return fail_in(
                        CONTEXT,
                        start,
                        self.mark,
                        "found an indentation indicator equal to 0",
                    );
                }
                increment = usize::from(self.at(0) - b'0');
                self.skip();
            }
        }
        while self.blank_at(0) {
            self.skip();
        }
        if self.is(b'#') {
            while !self.breakz_at(0) {
                self.skip();
            }
        }
        if !self.breakz_at(0) {
            return fail_in(
                CONTEXT,
                start,
                self.mark,
                "did not find expected comment or line break",
            );
        }
        self.skip_line();
        let mut end = self.mark;
        let mut indent = 0;
        if increment > 0 {
            indent = usize::try_from(self.indent).map_or(increment, |i| i + increment);
        }
        let mut string = String::new();
        let mut leading_break = String::new();
        let mut trailing_breaks = String::new();
        self.block_scalar_breaks(&mut indent, &mut trailing_breaks, start, &mut end)?;
        let mut leading_blank = false;
        while self.mark.column == indent && !self.end() {
            let trailing_blank = self.blank_at(0);
            if !literal && leading_break.starts_with('\n') && !leading_blank && !trailing_blank {
                // Folding: a line break between two lines of text is a space.
                if trailing_breaks.is_empty() {
                    string.push(' ');
                }
                leading_break.clear();
            } else {
                string.push_str(&leading_break);
                leading_break.clear();
            }
            string.push_str(&trailing_breaks);
            trailing_breaks.clear();
            leading_blank = self.blank_at(0);
            while !self.breakz_at(0) {
                self.read(&mut string);
            }
            self.read_line(&mut leading_break);
            self.block_scalar_breaks(&mut indent, &mut trailing_breaks, start, &mut end)?;
        }
        if chomping != -1 {
            string.push_str(&leading_break);
        }
        if chomping == 1 {
            string.push_str(&trailing_breaks);
        }
        let mut t = token(K::Scalar, start, end);
        t.text = string;
        t.style = Style::Block;
        Ok(t)
    }

    /// Empty lines and indentation before a block scalar's next line; without
    /// an indicator the first non-empty line sets the indentation.
    fn block_scalar_breaks(
        &mut self,
        indent: &mut usize,
        breaks: &mut String,
        start: Mark,
        end: &mut Mark,
    ) -> R<()> {
        let mut max_indent = 0;
        *end = self.mark;
        loop {
            while (*indent == 0 || self.mark.column < *indent) && self.is(b' ') {
                self.skip();
            }
            max_indent = max_indent.max(self.mark.column);
            if (*indent == 0 || self.mark.column < *indent) && self.is(b'\t') {
                return fail_in(
                    "while scanning a block scalar",
                    start,
                    self.mark,
                    "found a tab character where an indentation space is expected",
                );
            }
            if !self.break_at(0) {
                break;
            }
            self.read_line(breaks);
            *end = self.mark;
        }
        if *indent == 0 {
            let least = usize::try_from(self.indent + 1).unwrap_or(0);
            *indent = max_indent.max(least).max(1);
        }
        Ok(())
    }

    /// `'single'` (`''` is a quote) and `"double"` (backslash escapes, `\` at a
    /// line end joins lines) scalars; line breaks inside fold to a space, and
    /// each empty line to a line break.
    fn scan_flow_scalar(&mut self, single: bool) -> R<Token> {
        const CONTEXT: &str = "while scanning a quoted scalar";
        const ESCAPE: &str = "while parsing a quoted scalar";
        let quote = if single { b'\'' } else { b'"' };
        let start = self.mark;
        self.skip();
        if let Some(t) = self.quoted_on_one_line(quote, start) {
            return Ok(t);
        }
        let mut string = String::new();
        let mut leading_break = String::new();
        let mut trailing_breaks = String::new();
        let mut whitespaces = String::new();
        loop {
            if self.document_indicator() {
                return fail_in(
                    CONTEXT,
                    start,
                    self.mark,
                    "found unexpected document indicator",
                );
            }
            if self.end() {
                return fail_in(CONTEXT, start, self.mark, "found unexpected end of stream");
            }
            let mut leading_blanks = false;
            while !self.blankz_at(0) {
                if single && self.is(b'\'') && self.at(1) == b'\'' {
                    string.push('\'');
                    self.skip();
                    self.skip();
                } else if self.is(quote) {
                    break;
                } else if !single && self.is(b'\\') && self.break_at(1) {
                    self.skip();
                    self.skip_line();
                    leading_blanks = true;
                    break;
                } else if !single && self.is(b'\\') {
                    let mut code_length = 0;
                    let c = match self.at(1) {
                        b'0' => '\0',
                        b'a' => '\x07',
                        b'b' => '\x08',
                        b't' | b'\t' => '\t',
                        b'n' => '\n',
                        b'v' => '\x0b',
                        b'f' => '\x0c',
                        b'r' => '\r',
                        b'e' => '\x1b',
                        b' ' => ' ',
                        b'"' => '"',
                        b'/' => '/',
                        b'\\' => '\\',
                        b'N' => '\u{85}',
                        b'_' => '\u{a0}',
                        b'L' => '\u{2028}',
                        b'P' => '\u{2029}',
                        b'x' => {
                            code_length = 2;
                            '\0'
                        }
                        b'u' => {
                            code_length = 4;
                            '\0'
                        }
                        b'U' => {
                            code_length = 8;
                            '\0'
                        }
                        _ => {
                            return fail_in(
                                ESCAPE,
                                start,
                                self.mark,
                                "found unknown escape character",
                            )
                        }
                    };
                    self.skip();
                    self.skip();
                    if code_length == 0 {
                        string.push(c);
                        continue;
                    }
                    let mut value: u32 = 0;
                    for k in 0..code_length {
                        if !self.at(k).is_ascii_hexdigit() {
                            return fail_in(
                                ESCAPE,
                                start,
                                self.mark,
                                "did not find expected hexadecimal number",
                            );
                        }
                        value = value << 4 | hex_value(self.at(k));
                    }
                    match char::from_u32(value) {
                        // inkpost's own markers (`reserved`); front_matter warns.
                        Some(c) if crate::reserved::is_reserved(c) => {
                            string.push(crate::reserved::REPLACEMENT)
                        }
                        Some(c) => string.push(c),
                        None => {
                            return fail_in(
                                ESCAPE,
                                start,
                                self.mark,
                                "found invalid Unicode character escape code",
                            )
                        }
                    }
                    for _ in 0..code_length {
                        self.skip();
                    }
                } else {
                    self.read(&mut string);
                    self.read_run(&mut string, if single { b"'" } else { b"\"\\" });
                }
            }
            if self.is(quote) {
                break;
            }
            while self.blank_at(0) || self.break_at(0) {
                if self.blank_at(0) {
                    if leading_blanks {
                        self.skip();
                    } else {
                        self.read(&mut whitespaces);
                    }
                } else if leading_blanks {
                    self.read_line(&mut trailing_breaks);
                } else {
                    whitespaces.clear();
                    self.read_line(&mut leading_break);
                    leading_blanks = true;
                }
            }
            if leading_blanks {
                fold(&mut string, &mut leading_break, &mut trailing_breaks);
            } else {
                string.push_str(&whitespaces);
                whitespaces.clear();
            }
        }
        self.skip();
        let mut t = token(K::Scalar, start, self.mark);
        t.text = string;
        t.style = Style::Quoted;
        Ok(t)
    }

    /// The common quoted scalar, ended on its own line with no escape, no
    /// doubled quote and no line break: its text is the text between the
    /// quotes, which the loop in [`Self::scan_flow_scalar`] would copy one
    /// character at a time. `None` (nothing consumed) for any other.
    fn quoted_on_one_line(&mut self, quote: u8, start: Mark) -> Option<Token> {
        let rest = &self.text.as_bytes()[self.pos..];
        let mut chars = 0;
        for (n, &b) in rest.iter().enumerate() {
            match b {
                b'\r' | b'\n' | b'\\' => return None,
                // NEL, and LS and PS, are line breaks.
                0xC2 if rest.get(n + 1) == Some(&0x85) => return None,
                0xE2 if rest.get(n + 1) == Some(&0x80)
                    && matches!(rest.get(n + 2), Some(0xA8 | 0xA9)) =>
                {
                    return None
                }
                _ if b == quote => {
                    if rest.get(n + 1) == Some(&quote) {
                        return None;
                    }
                    let text = self.text[self.pos..self.pos + n].to_string();
                    self.pos += n;
                    self.mark.index += chars;
                    self.mark.column += chars;
                    self.skip();
                    let mut t = token(K::Scalar, start, self.mark);
                    t.text = text;
                    t.style = Style::Quoted;
                    return Some(t);
                }
                _ => chars += usize::from(b & 0xC0 != 0x80),
            }
        }
        None
    }

    /// A plain scalar: it ends at `: `, ` #`, a flow indicator inside flow
    /// collections, a document marker, or a line indented no more than the
    /// enclosing block; its lines fold like a quoted scalar's. Trailing blanks,
    /// tabs included, are not part of it.
    fn scan_plain_scalar(&mut self) -> R<Token> {
        const CONTEXT: &str = "while scanning a plain scalar";
        let indent = self.indent + 1;
        let start = self.mark;
        let mut end = self.mark;
        let mut string = String::new();
        let mut leading_break = String::new();
        let mut trailing_breaks = String::new();
        let mut whitespaces = String::new();
        let mut leading_blanks = false;
        let flow = self.flow_level > 0;
        loop {
            if self.document_indicator() || self.is(b'#') {
                break;
            }
            while !self.blankz_at(0) {
                if flow && self.is(b':') && b",?[]{}".contains(&self.at(1)) {
                    return fail_in(CONTEXT, start, self.mark, "found unexpected ':'");
                }
                if (self.is(b':') && self.blankz_at(1)) || (flow && b",[]{}".contains(&self.at(0)))
                {
                    break;
                }
                if leading_blanks {
                    fold(&mut string, &mut leading_break, &mut trailing_breaks);
                    leading_blanks = false;
                } else if !whitespaces.is_empty() {
                    string.push_str(&whitespaces);
                    whitespaces.clear();
                }
                self.read(&mut string);
                self.read_run(&mut string, if flow { b":,[]{}" } else { b":" });
                end = self.mark;
            }
            if !(self.blank_at(0) || self.break_at(0)) {
                break;
            }
            while self.blank_at(0) || self.break_at(0) {
                if self.blank_at(0) {
                    if leading_blanks && (self.mark.column as isize) < indent && self.is(b'\t') {
                        return fail_in(
                            CONTEXT,
                            start,
                            self.mark,
                            "found a tab character that violates indentation",
                        );
                    }
                    if leading_blanks {
                        self.skip();
                    } else {
                        self.read(&mut whitespaces);
                    }
                } else if leading_blanks {
                    self.read_line(&mut trailing_breaks);
                } else {
                    whitespaces.clear();
                    self.read_line(&mut leading_break);
                    leading_blanks = true;
                }
            }
            if !flow && (self.mark.column as isize) < indent {
                break;
            }
        }
        if leading_blanks {
            self.simple_key_allowed = true;
        }
        let mut t = token(K::Scalar, start, end);
        t.text = string;
        Ok(t)
    }
}

/// Line folding in flow and plain scalars: one line break becomes a space,
/// unless empty lines follow, which stay as line breaks.
fn fold(string: &mut String, leading_break: &mut String, trailing_breaks: &mut String) {
    if leading_break.starts_with('\n') {
        if trailing_breaks.is_empty() {
            string.push(' ');
        } else {
            string.push_str(trailing_breaks);
        }
    } else {
        string.push_str(leading_break);
        string.push_str(trailing_breaks);
    }
    leading_break.clear();
    trailing_breaks.clear();
}

// ---------------------------------------------------------------------------
// Parser: tokens to events, as libyaml's parser.c.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    StreamStart,
    ImplicitDocumentStart,
    DocumentStart,
    DocumentContent,
    DocumentEnd,
    BlockNode,
    BlockSequenceFirstEntry,
    BlockSequenceEntry,
    IndentlessSequenceEntry,
    BlockMappingFirstKey,
    BlockMappingKey,
    BlockMappingValue,
    FlowSequenceFirstEntry,
    FlowSequenceEntry,
    FlowSequenceEntryMappingKey,
    FlowSequenceEntryMappingValue,
    FlowSequenceEntryMappingEnd,
    FlowMappingFirstKey,
    FlowMappingKey,
    FlowMappingValue,
    FlowMappingEmptyValue,
    End,
}

#[derive(Debug, PartialEq)]
enum Ev {
    StreamStart,
    StreamEnd,
    DocumentStart,
    DocumentEnd,
    Alias(String),
    Scalar(String, Style),
    SequenceStart,
    SequenceEnd,
    MappingStart,
    MappingEnd,
}

struct Event {
    ev: Ev,
    anchor: Option<String>,
    tag: Option<String>,
    start: Mark,
}

fn event(ev: Ev, start: Mark) -> Event {
    Event {
        ev,
        anchor: None,
        tag: None,
        start,
    }
}

/// The value a missing node stands for (`key:` with nothing after it).
fn empty_scalar(start: Mark) -> Event {
    event(Ev::Scalar(String::new(), Style::Plain), start)
}

struct Parser<'a> {
    scanner: Scanner<'a>,
    state: State,
    states: Vec<State>,
    marks: Vec<Mark>,
    /// `%TAG` handles and prefixes of the current document.
    tag_directives: Vec<(String, String)>,
}

impl<'a> Parser<'a> {
    fn new(text: &'a str) -> Self {
        Parser {
            scanner: Scanner::new(text),
            state: State::StreamStart,
            states: Vec::new(),
            marks: Vec::new(),
            tag_directives: Vec::new(),
        }
    }

    fn pop_state(&mut self) -> State {
        self.states.pop().unwrap_or(State::End)
    }

    fn pop_mark(&mut self) -> Mark {
        self.marks.pop().unwrap_or_default()
    }

    fn skip(&mut self) {
        self.scanner.take();
    }

    fn next(&mut self) -> R<Event> {
        match self.state {
            State::StreamStart => {
                let (_, start, _) = self.scanner.peek()?;
                self.state = State::ImplicitDocumentStart;
                self.skip();
                Ok(event(Ev::StreamStart, start))
            }
            State::ImplicitDocumentStart => self.document_start(true),
            State::DocumentStart => self.document_start(false),
            State::DocumentContent => {
                let (kind, start, _) = self.scanner.peek()?;
                if matches!(
                    kind,
                    K::Version | K::TagDirective | K::DocStart | K::DocEnd | K::StreamEnd
                ) {
                    self.state = self.pop_state();
                    Ok(empty_scalar(start))
                } else {
                    self.node(true, false)
                }
            }
            State::DocumentEnd => {
                let (kind, start, _) = self.scanner.peek()?;
                if kind == K::DocEnd {
                    self.skip();
                }
                self.tag_directives.clear();
                self.state = State::DocumentStart;
                Ok(event(Ev::DocumentEnd, start))
            }
            State::BlockNode => self.node(true, false),
            State::BlockSequenceFirstEntry => self.block_sequence_entry(true),
            State::BlockSequenceEntry => self.block_sequence_entry(false),
            State::IndentlessSequenceEntry => self.indentless_sequence_entry(),
            State::BlockMappingFirstKey => self.block_mapping_key(true),
            State::BlockMappingKey => self.block_mapping_key(false),
            State::BlockMappingValue => self.block_mapping_value(),
            State::FlowSequenceFirstEntry => self.flow_sequence_entry(true),
            State::FlowSequenceEntry => self.flow_sequence_entry(false),
            State::FlowSequenceEntryMappingKey => {
                let (kind, _, end) = self.scanner.peek()?;
                if matches!(kind, K::Val | K::FlowEntry | K::FlowSeqEnd) {
                    self.skip();
                    self.state = State::FlowSequenceEntryMappingValue;
                    Ok(empty_scalar(end))
                } else {
                    self.states.push(State::FlowSequenceEntryMappingValue);
                    self.node(false, false)
                }
            }
            State::FlowSequenceEntryMappingValue => {
                let (mut kind, mut start, _) = self.scanner.peek()?;
                if kind == K::Val {
                    self.skip();
                    (kind, start, _) = self.scanner.peek()?;
                    if !matches!(kind, K::FlowEntry | K::FlowSeqEnd) {
                        self.states.push(State::FlowSequenceEntryMappingEnd);
                        return self.node(false, false);
                    }
                }
                self.state = State::FlowSequenceEntryMappingEnd;
                Ok(empty_scalar(start))
            }
            State::FlowSequenceEntryMappingEnd => {
                let (_, start, _) = self.scanner.peek()?;
                self.state = State::FlowSequenceEntry;
                Ok(event(Ev::MappingEnd, start))
            }
            State::FlowMappingFirstKey => self.flow_mapping_key(true),
            State::FlowMappingKey => self.flow_mapping_key(false),
            State::FlowMappingValue => self.flow_mapping_value(false),
            State::FlowMappingEmptyValue => self.flow_mapping_value(true),
            State::End => {
                let mark = self.scanner.mark;
                Ok(event(Ev::StreamEnd, mark))
            }
        }
    }

    fn document_start(&mut self, implicit: bool) -> R<Event> {
        let (mut kind, mut start, _) = self.scanner.peek()?;
        if !implicit {
            while kind == K::DocEnd {
                self.skip();
                (kind, start, _) = self.scanner.peek()?;
            }
        }
        if implicit
            && !matches!(
                kind,
                K::Version | K::TagDirective | K::DocStart | K::StreamEnd
            )
        {
            self.directives()?;
            self.states.push(State::DocumentEnd);
            self.state = State::BlockNode;
            Ok(event(Ev::DocumentStart, start))
        } else if kind != K::StreamEnd {
            self.directives()?;
            let (kind, at, _) = self.scanner.peek()?;
            if kind != K::DocStart {
                return fail(at, "did not find expected <document start>");
            }
            self.states.push(State::DocumentEnd);
            self.state = State::DocumentContent;
            self.skip();
            Ok(event(Ev::DocumentStart, start))
        } else {
            self.state = State::End;
            self.skip();
            Ok(event(Ev::StreamEnd, start))
        }
    }

    /// `%YAML` must say 1.1 or 1.2 and come once; `%TAG` handles once each.
    fn directives(&mut self) -> R<()> {
        let mut version = false;
        loop {
            let (kind, start, _) = self.scanner.peek()?;
            match kind {
                K::Version => {
                    let t = self.scanner.take();
                    if version {
                        return fail(start, "found duplicate %YAML directive");
                    }
                    let minor = t.more.parse::<u32>().unwrap_or(0);
                    if t.text.parse::<u32>() != Ok(1) || !(minor == 1 || minor == 2) {
                        return fail(start, "found incompatible YAML document");
                    }
                    version = true;
                }
                K::TagDirective => {
                    let t = self.scanner.take();
                    if self.tag_directives.iter().any(|(h, _)| *h == t.text) {
                        return fail(start, "found duplicate %TAG directive");
                    }
                    self.tag_directives.push((t.text, t.more));
                }
                _ => break,
            }
        }
        Ok(())
    }

    /// What a tag handle stands for: the document's `%TAG` lines first, then
    /// the two every document has, `!` and `!!`.
    fn prefix(&self, handle: &str) -> Option<&str> {
        match self.tag_directives.iter().find(|(h, _)| h == handle) {
            Some((_, prefix)) => Some(prefix),
            None if handle == "!" => Some("!"),
            None if handle == "!!" => Some("tag:yaml.org,2002:"),
            None => None,
        }
    }

    /// A node: an alias, or properties (anchor, tag) and then content.
    fn node(&mut self, block: bool, indentless_sequence: bool) -> R<Event> {
        let (mut kind, mut start, _) = self.scanner.peek()?;
        if kind == K::Alias {
            self.state = self.pop_state();
            let t = self.scanner.take();
            return Ok(event(Ev::Alias(t.text), start));
        }
        let mut anchor = None;
        let mut tag = None;
        let mut tag_mark = start;
        let node_start = start;
        for _ in 0..2 {
            if kind == K::Anchor && anchor.is_none() {
                anchor = Some(self.scanner.take().text);
            } else if kind == K::Tag && tag.is_none() {
                let t = self.scanner.take();
                tag_mark = t.start;
                tag = Some((t.text, t.more));
            } else {
                break;
            }
            (kind, start, _) = self.scanner.peek()?;
        }
        let tag = match tag {
            None => None,
            Some((handle, suffix)) if handle.is_empty() => Some(suffix),
            Some((handle, suffix)) => match self.prefix(&handle) {
                Some(prefix) => Some(prefix.to_owned() + &suffix),
                None => {
                    return fail_in(
                        "while parsing a node",
                        node_start,
                        tag_mark,
                        "found undefined tag handle",
                    )
                }
            },
        };
        let ev = if indentless_sequence && kind == K::BlockEntry {
            self.state = State::IndentlessSequenceEntry;
            Ev::SequenceStart
        } else {
            match kind {
                K::Scalar => {
                    self.state = self.pop_state();
                    let t = self.scanner.take();
                    Ev::Scalar(t.text, t.style)
                }
                K::FlowSeq => {
                    self.state = State::FlowSequenceFirstEntry;
                    Ev::SequenceStart
                }
                K::FlowMap => {
                    self.state = State::FlowMappingFirstKey;
                    Ev::MappingStart
                }
                K::BlockSeq if block => {
                    self.state = State::BlockSequenceFirstEntry;
                    Ev::SequenceStart
                }
                K::BlockMap if block => {
                    self.state = State::BlockMappingFirstKey;
                    Ev::MappingStart
                }
                _ if anchor.is_some() || tag.is_some() => {
                    self.state = self.pop_state();
                    Ev::Scalar(String::new(), Style::Plain)
                }
                _ => {
                    let context = if block {
                        "while parsing a block node"
                    } else {
                        "while parsing a flow node"
                    };
                    return fail_in(
                        context,
                        node_start,
                        start,
                        "did not find expected node content",
                    );
                }
            }
        };
        Ok(Event {
            ev,
            anchor,
            tag,
            start: node_start,
        })
    }

    /// The collection's opening token, whose place is the context of later errors.
    fn open(&mut self) -> R<()> {
        let (_, start, _) = self.scanner.peek()?;
        self.marks.push(start);
        self.skip();
        Ok(())
    }

    fn block_sequence_entry(&mut self, first: bool) -> R<Event> {
        if first {
            self.open()?;
        }
        let (kind, start, end) = self.scanner.peek()?;
        match kind {
            K::BlockEntry => {
                self.skip();
                let (kind, _, _) = self.scanner.peek()?;
                if matches!(kind, K::BlockEntry | K::BlockEnd) {
                    self.state = State::BlockSequenceEntry;
                    Ok(empty_scalar(end))
                } else {
                    self.states.push(State::BlockSequenceEntry);
                    self.node(true, false)
                }
            }
            K::BlockEnd => {
                self.state = self.pop_state();
                self.pop_mark();
                self.skip();
                Ok(event(Ev::SequenceEnd, start))
            }
            _ => {
                let at = self.pop_mark();
                fail_in(
                    "while parsing a block collection",
                    at,
                    start,
                    "did not find expected '-' indicator",
                )
            }
        }
    }

    /// `key:` followed by `- item` lines at the key's own indentation: a
    /// sequence without a BLOCK-SEQUENCE-START, ended by whatever is not `-`.
    fn indentless_sequence_entry(&mut self) -> R<Event> {
        let (kind, start, end) = self.scanner.peek()?;
        if kind != K::BlockEntry {
            self.state = self.pop_state();
            return Ok(event(Ev::SequenceEnd, start));
        }
        self.skip();
        let (kind, _, _) = self.scanner.peek()?;
        if matches!(kind, K::BlockEntry | K::Key | K::Val | K::BlockEnd) {
            self.state = State::IndentlessSequenceEntry;
            Ok(empty_scalar(end))
        } else {
            self.states.push(State::IndentlessSequenceEntry);
            self.node(true, false)
        }
    }

    fn block_mapping_key(&mut self, first: bool) -> R<Event> {
        if first {
            self.open()?;
        }
        let (kind, start, end) = self.scanner.peek()?;
        match kind {
            K::Key => {
                self.skip();
                let (kind, _, _) = self.scanner.peek()?;
                if matches!(kind, K::Key | K::Val | K::BlockEnd) {
                    self.state = State::BlockMappingValue;
                    Ok(empty_scalar(end))
                } else {
                    self.states.push(State::BlockMappingValue);
                    self.node(true, true)
                }
            }
            K::BlockEnd => {
                self.state = self.pop_state();
                self.pop_mark();
                self.skip();
                Ok(event(Ev::MappingEnd, start))
            }
            _ => {
                let at = self.pop_mark();
                fail_in(
                    "while parsing a block mapping",
                    at,
                    start,
                    "did not find expected key",
                )
            }
        }
    }

    fn block_mapping_value(&mut self) -> R<Event> {
        let (kind, start, end) = self.scanner.peek()?;
        if kind != K::Val {
            self.state = State::BlockMappingKey;
            return Ok(empty_scalar(start));
        }
        self.skip();
        let (kind, _, _) = self.scanner.peek()?;
        if matches!(kind, K::Key | K::Val | K::BlockEnd) {
            self.state = State::BlockMappingKey;
            Ok(empty_scalar(end))
        } else {
            self.states.push(State::BlockMappingKey);
            self.node(true, true)
        }
    }

    fn flow_sequence_entry(&mut self, first: bool) -> R<Event> {
        if first {
            self.open()?;
        }
        let (mut kind, mut start, _) = self.scanner.peek()?;
        if kind != K::FlowSeqEnd {
            if !first {
                if kind != K::FlowEntry {
                    let at = self.pop_mark();
                    return fail_in(
                        "while parsing a flow sequence",
                        at,
                        start,
                        "did not find expected ',' or ']'",
                    );
                }
                self.skip();
                (kind, start, _) = self.scanner.peek()?;
            }
            if kind == K::Key {
                // `[a: b]`: a one-pair mapping as an entry.
                self.state = State::FlowSequenceEntryMappingKey;
                self.skip();
                return Ok(event(Ev::MappingStart, start));
            }
            if kind != K::FlowSeqEnd {
                self.states.push(State::FlowSequenceEntry);
                return self.node(false, false);
            }
        }
        self.state = self.pop_state();
        self.pop_mark();
        self.skip();
        Ok(event(Ev::SequenceEnd, start))
    }

    fn flow_mapping_key(&mut self, first: bool) -> R<Event> {
        if first {
            self.open()?;
        }
        let (mut kind, mut start, _) = self.scanner.peek()?;
        if kind != K::FlowMapEnd {
            if !first {
                if kind != K::FlowEntry {
                    let at = self.pop_mark();
                    return fail_in(
                        "while parsing a flow mapping",
                        at,
                        start,
                        "did not find expected ',' or '}'",
                    );
                }
                self.skip();
                (kind, start, _) = self.scanner.peek()?;
            }
            if kind == K::Key {
                self.skip();
                let (kind, start, _) = self.scanner.peek()?;
                if matches!(kind, K::Val | K::FlowEntry | K::FlowMapEnd) {
                    self.state = State::FlowMappingValue;
                    return Ok(empty_scalar(start));
                }
                self.states.push(State::FlowMappingValue);
                return self.node(false, false);
            }
            if kind != K::FlowMapEnd {
                self.states.push(State::FlowMappingEmptyValue);
                return self.node(false, false);
            }
        }
        self.state = self.pop_state();
        self.pop_mark();
        self.skip();
        Ok(event(Ev::MappingEnd, start))
    }

    fn flow_mapping_value(&mut self, empty: bool) -> R<Event> {
        let (kind, mut start, _) = self.scanner.peek()?;
        if !empty && kind == K::Val {
            self.skip();
            let kind;
            (kind, start, _) = self.scanner.peek()?;
            if !matches!(kind, K::FlowEntry | K::FlowMapEnd) {
                self.states.push(State::FlowMappingKey);
                return self.node(false, false);
            }
        }
        self.state = State::FlowMappingKey;
        Ok(empty_scalar(start))
    }
}

// ---------------------------------------------------------------------------
// Builder: events to a value, as Psych's `ToRuby` would build it.

/// What a finished node was, which decides how a `<<` key merges it; a
/// scalar tagged `!!str` is never a merge key.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Node {
    Scalar { str_tag: bool },
    Alias,
    Sequence,
    Mapping,
}

enum Collection {
    List(Vec<Value>),
    /// The mapping so far and its pending key (text, and whether it is `<<`).
    Map(Map, Option<(String, bool)>),
}

struct Frame {
    collection: Collection,
    anchor: Option<String>,
    /// Nodes in this collection, itself and alias copies included.
    nodes: usize,
    /// How many collections deep its deepest entry goes.
    depth: usize,
}

/// An anchored value, with its size and depth in nodes for the alias limits.
struct Anchored {
    value: Value,
    nodes: usize,
    depth: usize,
}

struct Builder {
    stack: Vec<Frame>,
    anchors: HashMap<String, Anchored>,
    /// Nodes copied by aliases so far.
    expanded: usize,
}

/// Reads the first document. Like Psych, which builds values only after
/// libyaml has parsed the whole document, a syntax error anywhere in it wins
/// over a problem met while building (an unknown alias, a limit, a
/// collection used as a key): those are held back until the document ends,
/// and nothing more is built meanwhile.
fn load(text: &str) -> R<Value> {
    check_chars(text)?;
    let mut parser = Parser::new(text);
    let mut builder = Builder {
        stack: Vec::new(),
        anchors: HashMap::new(),
        expanded: 0,
    };
    let mut root = None;
    let mut held: Option<Box<Fail>> = None;
    loop {
        let Event {
            ev,
            anchor,
            tag,
            start,
        } = parser.next()?;
        if matches!(ev, Ev::DocumentEnd | Ev::StreamEnd) {
            return match held {
                Some(f) => Err(f),
                None => Ok(root.unwrap_or(Value::Null)),
            };
        }
        if held.is_some() {
            continue;
        }
        match builder.event(ev, anchor, tag, start) {
            Ok(Some(value)) => root = Some(value),
            Ok(None) => {}
            Err(f) => held = Some(f),
        }
    }
}

impl Builder {
    fn event(
        &mut self,
        ev: Ev,
        anchor: Option<String>,
        tag: Option<String>,
        start: Mark,
    ) -> R<Option<Value>> {
        match ev {
            Ev::Scalar(text, style) => {
                let node = Node::Scalar {
                    str_tag: tag.as_deref().is_some_and(is_str_tag),
                };
                let value = scalar(text, style, tag.as_deref());
                self.add(value, 1, 0, anchor, node, start)
            }
            Ev::Alias(name) => self.alias(&name, start),
            Ev::SequenceStart | Ev::MappingStart => {
                if self.stack.len() >= MAX_DEPTH {
                    return fail(start, "recursion limit exceeded");
                }
                let collection = if ev == Ev::SequenceStart {
                    Collection::List(Vec::new())
                } else {
                    Collection::Map(Map::new(), None)
                };
                self.stack.push(Frame {
                    collection,
                    anchor,
                    nodes: 1,
                    depth: 1,
                });
                Ok(None)
            }
            Ev::SequenceEnd | Ev::MappingEnd => {
                let Some(frame) = self.stack.pop() else {
                    return Ok(None);
                };
                let (value, node) = match frame.collection {
                    Collection::List(items) => (Value::List(items), Node::Sequence),
                    Collection::Map(map, _) => (Value::Map(map), Node::Mapping),
                };
                let (nodes, depth) = (frame.nodes, frame.depth);
                self.add(value, nodes, depth, frame.anchor, node, start)
            }
            Ev::StreamStart | Ev::StreamEnd | Ev::DocumentStart | Ev::DocumentEnd => Ok(None),
        }
    }

    fn alias(&mut self, name: &str, start: Mark) -> R<Option<Value>> {
        let Some(anchored) = self.anchors.get(name) else {
            let open = self.stack.iter().any(|f| f.anchor.as_deref() == Some(name));
            return fail(
                start,
                if open {
                    "found an alias to a collection that contains it"
                } else {
                    "found undefined alias"
                },
            );
        };
        self.expanded = self.expanded.saturating_add(anchored.nodes);
        if self.expanded > MAX_ALIAS_NODES {
            return fail(start, "repetition limit exceeded");
        }
        if self.stack.len() + anchored.depth > MAX_DEPTH {
            return fail(start, "recursion limit exceeded");
        }
        let (value, nodes, depth) = (anchored.value.clone(), anchored.nodes, anchored.depth);
        self.add(value, nodes, depth, None, Node::Alias, start)
    }

    /// Puts a finished node into the collection being built; gives it back
    /// when it is the document's root.
    fn add(
        &mut self,
        value: Value,
        nodes: usize,
        depth: usize,
        anchor: Option<String>,
        node: Node,
        start: Mark,
    ) -> R<Option<Value>> {
        if let Some(name) = anchor {
            // A later anchor of the same name replaces the earlier one.
            let value = value.clone();
            self.anchors.insert(
                name,
                Anchored {
                    value,
                    nodes,
                    depth,
                },
            );
        }
        let Some(frame) = self.stack.last_mut() else {
            return Ok(Some(value));
        };
        frame.nodes = frame.nodes.saturating_add(nodes);
        frame.depth = frame.depth.max(depth + 1);
        match &mut frame.collection {
            Collection::List(items) => items.push(value),
            Collection::Map(map, pending) => match pending.take() {
                None => {
                    // Keys that are numbers, booleans or null become their
                    // text, as a JSON object's would.
                    let key = match value {
                        Value::String(s) => s,
                        Value::List(_) | Value::Map(_) => {
                            return fail(start, "found a sequence or mapping used as a mapping key")
                        }
                        other => other.to_text().unwrap_or_default(),
                    };
                    let merge = key == "<<" && node != Node::Scalar { str_tag: true };
                    *pending = Some((key, merge));
                }
                Some((key, true)) => merge(map, key, value, node),
                Some((key, false)) => map.insert(key, value),
            },
        }
        Ok(None)
    }
}

/// Psych's `<<` merge key: a mapping (or an alias of one) has its pairs set on
/// this mapping, overriding keys set before; a sequence of mappings merges
/// them, earlier ones winning. Anything else stays an ordinary `<<` key.
fn merge(map: &mut Map, key: String, value: Value, node: Node) {
    match value {
        Value::Map(from) if matches!(node, Node::Mapping | Node::Alias) => {
            for (k, v) in from.iter() {
                map.insert(k.to_owned(), v.clone());
            }
        }
        Value::List(items)
            if node == Node::Sequence && items.iter().all(|i| matches!(i, Value::Map(_))) =>
        {
            let mut merged = Map::new();
            for item in items.iter().rev() {
                if let Value::Map(from) = item {
                    for (k, v) in from.iter() {
                        merged.insert(k.to_owned(), v.clone());
                    }
                }
            }
            for (k, v) in merged.iter() {
                map.insert(k.to_owned(), v.clone());
            }
        }
        other => map.insert(key, other),
    }
}

// ---------------------------------------------------------------------------
// Scalars: what Psych makes of a scalar's text.

/// `!!str`, `!str` and `!ruby/string` keep the text as it is, as Psych does.
fn is_str_tag(tag: &str) -> bool {
    tag == "tag:yaml.org,2002:str"
        || ["!str", "!ruby/string"].iter().any(|t| {
            tag.strip_prefix(t)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with(':'))
        })
}

/// Psych's `ToRuby#deserialize`: quoted and block scalars without a tag are
/// strings; plain ones, and any scalar with a tag other than a string tag, get
/// the YAML 1.1 types; `!!float` turns integers into floats. Binary data
/// (`!!binary`) is kept as its base64 text.
fn scalar(text: String, style: Style, tag: Option<&str>) -> Value {
    match tag {
        None if style != Style::Plain => Value::String(text),
        None => resolve(text),
        Some(t) if is_str_tag(t) || t == "tag:yaml.org,2002:binary" || t == "!binary" => {
            Value::String(text)
        }
        Some("tag:yaml.org,2002:float" | "!float") => match resolve(text) {
            Value::Int(i) => Value::Float(i as f64),
            other => other,
        },
        Some(_) => resolve(text),
    }
}

/// Psych's `ScalarScanner#tokenize` (YAML 1.1 types): `~`/null, booleans
/// (`yes`/`no`/`on`/`off`/`true`/`false` in any case, but not `y`/`n`),
/// integers (`0b`, `0x`, leading-0 octal, `_` and `,` separators), floats (a
/// `.` is required: `1e3` stays text; `.inf`, `.nan`), sexagesimal numbers
/// (`1:30`) — and everything else text. Dates and times, which Psych turns
/// into Date and Time objects, stay text as written; so do `:symbols`.
fn resolve(text: String) -> Value {
    let bytes = text.as_bytes();
    let Some(&first) = bytes.first() else {
        return Value::Null;
    };
    // Psych's first test, `/^[^\d.:-]?[[:alpha:]_\s!@#$%^&*(){}<>|\/\\~;=]+/`
    // or a line break: text that starts like a word is never a number. Any
    // non-ASCII char counts as a letter: text holding one is a string
    // whichever way the test goes, and the Unicode tables are not needed.
    let wordy = |b: u8| {
        matches!(b, 0x80.. | b'a'..=b'z' | b'A'..=b'Z' | b'_' | b' ' | b'\t'..=b'\r' | b'!' | b'@' | b'#'
            | b'$' | b'%' | b'^' | b'&' | b'*' | b'(' | b')' | b'{' | b'}' | b'<' | b'>' | b'|' | b'/'
            | b'\\' | b'~' | b';' | b'=')
    };
    if wordy(first)
        || (!first.is_ascii_digit()
            && !b".:-".contains(&first)
            && bytes.get(1).is_some_and(|&b| wordy(b)))
        || bytes.contains(&b'\n')
    {
        // Psych returns any word longer than 5 chars as text unexamined.
        return if text.chars().count() > 5 {
            Value::String(text)
        } else {
            word(text)
        };
    }
    let is = |s: &str| text.eq_ignore_ascii_case(s);
    if is(".inf") || is("+.inf") {
        return Value::Float(f64::INFINITY);
    }
    if is("-.inf") {
        return Value::Float(f64::NEG_INFINITY);
    }
    if is(".nan") {
        return Value::Float(f64::NAN);
    }
    sexagesimal(&text)
        .or_else(|| float(&text))
        .or_else(|| integer(&text))
        .unwrap_or(Value::String(text))
}

/// A short word: `~`/`null` is null, `yes`/`true`/`on` and `no`/`false`/`off`
/// (any case) are booleans. Psych tests these with Ruby's line-anchored `^...$`,
/// so in a folded multi-line scalar any one line counts.
fn word(text: String) -> Value {
    let lines = || text.split('\n');
    let is = |words: &[&str]| lines().any(|l| words.iter().any(|w| l.eq_ignore_ascii_case(w)));
    if lines().any(|l| !l.starts_with(['y', 't', 'o', 'n', 'f', '~', 'Y', 'T', 'O', 'N', 'F'])) {
        Value::String(text)
    } else if text == "~" || is(&["null"]) {
        Value::Null
    } else if is(&["yes", "true", "on"]) {
        Value::Bool(true)
    } else if is(&["no", "false", "off"]) {
        Value::Bool(false)
    } else {
        Value::String(text)
    }
}

fn split_sign(text: &str) -> (bool, &str) {
    match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    }
}

fn all(text: &str, ok: impl Fn(u8) -> bool) -> bool {
    !text.is_empty() && text.bytes().all(ok)
}

/// The digits Ruby's `to_i` reads: single `_` between digits are skipped,
/// anything else ends the number.
fn ruby_digits(text: &str) -> String {
    let mut digits = String::new();
    let mut previous = b'0';
    for b in text.bytes() {
        match b {
            b'0'..=b'9' => digits.push(char::from(b)),
            b'_' if previous != b'_' => {}
            _ => break,
        }
        previous = b;
    }
    digits
}

/// `[-+]?[0-9][0-9_]*(:[0-5]?[0-9]){1,2}` (and the same with a fraction on the
/// last part), summed as Psych sums it: the parts are weighted 3600, 60, 1
/// from the left, so `1:30` is 5400 and `1:30:15` is 5415; the sign belongs
/// to the first part only.
fn sexagesimal(text: &str) -> Option<Value> {
    let (negative, body) = split_sign(text);
    let mut parts = body.split(':');
    let head = parts.next()?;
    let second = parts.next()?;
    let (middle, last) = match parts.next() {
        Some(third) => (Some(second), third),
        None => (None, second),
    };
    let base60 = |p: &str| match p.as_bytes() {
        [d] => d.is_ascii_digit(),
        [t, d] => (b'0'..=b'5').contains(t) && d.is_ascii_digit(),
        _ => false,
    };
    let (whole, fraction) = last
        .split_once('.')
        .map_or((last, None), |(w, f)| (w, Some(f)));
    if parts.next().is_some()
        || !head.starts_with(|c: char| c.is_ascii_digit())
        || !all(head, |b| b.is_ascii_digit() || b == b'_')
        || !middle.is_none_or(base60)
        || !base60(whole)
    {
        return None;
    }
    let last_weight = if middle.is_some() { 1 } else { 60 };
    let head = number(negative, &ruby_digits(head), 10)?;
    let middle = middle.map_or(Some(0), |m| m.parse::<i64>().ok())?;
    if let Some(fraction) = fraction {
        if !fraction.bytes().all(|b| b.is_ascii_digit() || b == b'_') {
            return None;
        }
        let last: String = last.chars().filter(|&c| c != '_').collect();
        let head = match head {
            Value::Int(h) => h as f64,
            Value::Float(h) => h,
            _ => 0.0,
        };
        let rest = middle as f64 * 60.0
            + crate::value::parse_f64(&last).unwrap_or(0.0) * f64::from(last_weight);
        return Some(Value::Float(head * 3600.0 + rest));
    }
    let rest = middle * 60 + whole.parse::<i64>().ok()? * i64::from(last_weight);
    Some(match head {
        Value::Int(h) => h
            .checked_mul(3600)
            .and_then(|h| h.checked_add(rest))
            .map_or(Value::Float(h as f64 * 3600.0 + rest as f64), Value::Int),
        Value::Float(h) => Value::Float(h * 3600.0 + rest as f64),
        other => other,
    })
}

/// Psych's FLOAT: `[-+]?([0-9][0-9_,]*)?\.[0-9]*([eE][-+][0-9]+)?`, read
/// without its `_` and `,`; a lone `.` is text.
fn float(text: &str) -> Option<Value> {
    let (_, body) = split_sign(text);
    let (mantissa, exponent) = body
        .split_once(['e', 'E'])
        .map_or((body, None), |(m, e)| (m, Some(e)));
    let (whole, fraction) = mantissa.split_once('.')?;
    let ok = (whole.is_empty()
        || (whole.starts_with(|c: char| c.is_ascii_digit())
            && all(whole, |b| b.is_ascii_digit() || b == b'_' || b == b',')))
        && fraction.bytes().all(|b| b.is_ascii_digit())
        && !(whole.is_empty() && fraction.is_empty())
        && exponent.is_none_or(|e| {
            e.strip_prefix(['-', '+'])
                .is_some_and(|d| all(d, |b| b.is_ascii_digit()))
        });
    if !ok {
        return None;
    }
    let clean: String = text.chars().filter(|&c| c != '_' && c != ',').collect();
    crate::value::parse_f64(&clean).map(Value::Float)
}

/// Psych's INTEGER: `0b` binary, `0x` hex, leading-0 octal (`0o` is not
/// YAML 1.1 and stays text) and decimal with `_` or `,` between digits.
fn integer(text: &str) -> Option<Value> {
    let (negative, body) = split_sign(text);
    let separated =
        |d: &str, digit: fn(&u8) -> bool| all(d, |b| digit(&b) || b == b'_' || b == b',');
    let (radix, digits) = if let Some(d) = body.strip_prefix("0b") {
        (2, separated(d, |b| matches!(b, b'0' | b'1')).then_some(d)?)
    } else if let Some(d) = body.strip_prefix("0x") {
        (16, separated(d, u8::is_ascii_hexdigit).then_some(d)?)
    } else if let Some(d) = body.strip_prefix('0').filter(|d| !d.is_empty()) {
        (8, separated(d, |b| matches!(b, b'0'..=b'7')).then_some(d)?)
    } else {
        // `0`, or [1-9] then digits, each `_` or `,` followed by a digit.
        let b = body.as_bytes();
        let ok = body == "0"
            || (b.first().is_some_and(|c| (b'1'..=b'9').contains(c))
                && b.iter().enumerate().all(|(i, c)| {
                    c.is_ascii_digit()
                        || (matches!(c, b'_' | b',')
                            && b.get(i + 1).is_some_and(u8::is_ascii_digit))
                }));
        (10, ok.then_some(body)?)
    };
    number(negative, digits, radix)
}

/// The digits (separators skipped) in `radix`: an integer, or a float when
/// too big for 64 bits.
fn number(negative: bool, digits: &str, radix: u32) -> Option<Value> {
    let mut value: Option<u64> = Some(0);
    let mut approx: f64 = 0.0;
    let mut clean = String::new();
    for c in digits.chars().filter(|c| c.is_digit(radix)) {
        let d = c.to_digit(radix).unwrap_or(0);
        clean.push(c);
        value = value
            .and_then(|v| v.checked_mul(u64::from(radix)))
            .and_then(|v| v.checked_add(u64::from(d)));
        approx = approx * f64::from(radix) + f64::from(d);
    }
    if clean.is_empty() {
        return None;
    }
    if radix == 10 {
        // Correctly rounded, unlike the running sum.
        approx = crate::value::parse_f64(&clean).unwrap_or(approx);
    }
    let exact = value.and_then(|v| {
        if negative {
            0i64.checked_sub_unsigned(v)
        } else {
            i64::try_from(v).ok()
        }
    });
    Some(match exact {
        Some(i) => Value::Int(i),
        None => Value::Float(if negative { -approx } else { approx }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The front matter's look for a key given twice (see `check_fast_path`).
    fn duplicate_keys(text: &str) -> Vec<String> {
        let mut warnings = Vec::new();
        crate::front_matter::report_duplicate_keys(text, &mut warnings);
        warnings.into_iter().map(|w| w.message).collect()
    }

    #[test]
    fn flat_mapping_builds_what_the_parser_builds() {
        // Keys and values in the fast path's subset, and just outside it.
        let keys = [
            "title", "date", "tags", "on", "yes", "null", "n", "_x", "a-b", "Key9", "x1", "title",
        ];
        let values = [
            "",
            "plain text",
            "'single'",
            "\"double\"",
            "\"with 'quote'\"",
            "'with \"dq\"'",
            "''",
            "\"\"",
            "[]",
            "[ ]",
            "[a, b]",
            "[1, 2.5, yes, ~, null, 0x1F]",
            "[Hello World,  x ]",
            "[a,]",
            "[, a]",
            "[a, [b]]",
            "[a: b]",
            "[-a]",
            "[a-b, c.d/e]",
            "[\"q\"]",
            "[é, 中文]",
            "[a] b",
            "2026-01-02T02:34:11",
            "2026-01-02",
            "1:30",
            "190:20:30",
            "0x1F",
            "0b101",
            "010",
            "0o17",
            "1_000",
            "1,000",
            "-5",
            "+5",
            ".5",
            "5.",
            ".inf",
            "-.inf",
            "+.inf",
            ".nan",
            ".NaN",
            "1e3",
            "1.5e3",
            "1.5E+3",
            "~",
            "null",
            "Null",
            "NULL",
            "Yes",
            "OFF",
            "y",
            "n",
            "true",
            "False",
            "a: b",
            "a:b",
            "ends:",
            "x #c",
            "x#c",
            "#c",
            "&a x",
            "*a",
            "!t x",
            "!!str 5",
            "|",
            ">",
            "%x",
            "@x",
            "`x",
            "- x",
            "-x",
            "?x",
            ":x",
            ",x",
            "{a: 1}",
            "{x",
            "}x",
            "]x",
            "\"unterminated",
            "'it''s'",
            "\"esc\\n\"",
            "\"back\\\\\"",
            "é café",
            "中文 标题",
            "a  b",
            "a b  ",
            "http://x.com/a?b=c#d",
            "a\u{2028}b",
            "a\u{2029}",
            "tab\there",
            "a\u{a0}b",
            "'ends' x",
            "\"a\" #c",
            "\"a\"  ",
            "a\u{85}b",
            "\u{feff}x",
            "x\u{7f}",
            "<<",
            "=",
            "12345678901234567890",
            "-9223372036854775808",
            "3.14159",
            "1_0.5",
            "0.1.2",
            "Sat, 01 Jan 2000",
            "assets/images/a.jpg",
            "C:\\path",
            "@",
            "a,b",
            "a]",
            "a}",
        ];
        let mut seed = 0x9E37_79B9_7F4A_7C15_u64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let mut accepted = 0;
        for _ in 0..100_000 {
            let mut text = String::new();
            match next(6) {
                0 => {}
                1 => text.push_str("--- \n"),
                _ => text.push_str("---\n"),
            }
            for _ in 0..1 + next(6) {
                match next(20) {
                    0 => text.push('\n'),
                    1 => text.push_str("# note: \"x\" [y]\n"),
                    2 => text.push_str("  indented: x\n"),
                    3 => text.push_str("key:value\n"),
                    4 => text.push_str("key :value\n"),
                    5 => text.push_str("...\n"),
                    6 => text.push_str("  # indented note\n"),
                    7..=8 => {
                        // A list item, at one of a few indentations.
                        text.push_str(["", "  ", "  ", "    ", " "][next(5)]);
                        text.push_str(["- ", "- ", "-  ", "-", "- - "][next(5)]);
                        text.push_str(values[next(values.len())]);
                        text.push('\n');
                    }
                    9..=10 => {
                        // A key and its block list.
                        text.push_str(keys[next(keys.len())]);
                        text.push_str([":\n", ":  \n", ":\n\n"][next(3)]);
                        let indent = ["", "  ", "    "][next(3)];
                        for _ in 0..1 + next(3) {
                            text.push_str(indent);
                            text.push_str("- ");
                            text.push_str(values[next(values.len())]);
                            text.push('\n');
                        }
                    }
                    _ => {
                        text.push_str(keys[next(keys.len())]);
                        text.push(':');
                        text.push_str(&" ".repeat(next(3)));
                        text.push_str(values[next(values.len())]);
                        text.push_str(&" ".repeat(next(2)));
                        text.push('\n');
                    }
                }
            }
            if next(8) == 0 {
                text.pop();
            }
            accepted += usize::from(check_fast_path(&text, duplicate_keys));
        }
        assert!(accepted > 3_000, "only {accepted} took the fast path");
        // The corpus's front matter, where it is checked out next to the repository.
        let corpus =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/posts");
        let (mut real, mut dirs) = (0, vec![corpus]);
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                } else if let Ok(text) = std::fs::read_to_string(&path) {
                    if let Some(yaml) = crate::front_matter::split(&text).yaml {
                        real += usize::from(check_fast_path(yaml, duplicate_keys));
                    }
                }
            }
        }
        eprintln!("fast path: {accepted} generated front matters, {real} of the corpus");
    }

    fn ok(text: &str) -> Value {
        parse(text).unwrap_or_else(|e| panic!("{text:?} was refused: {e:?}"))
    }

    fn err(text: &str) -> YamlError {
        match parse(text) {
            Err(e) => e,
            Ok(v) => panic!("{text:?} was accepted as {v:?}"),
        }
    }

    fn s(text: &str) -> Value {
        Value::String(text.to_owned())
    }

    fn map(pairs: &[(&str, Value)]) -> Value {
        let mut m = Map::new();
        for (k, v) in pairs {
            m.insert((*k).to_owned(), v.clone());
        }
        Value::Map(m)
    }

    fn get(value: &Value, key: &str) -> Value {
        match value {
            Value::Map(m) => m
                .get(key)
                .cloned()
                .unwrap_or_else(|| panic!("no key {key}")),
            other => panic!("not a mapping: {other:?}"),
        }
    }

    /// One scalar's value, as a mapping's `v`.
    fn scalar_of(text: &str) -> Value {
        get(&ok(&format!("v: {text}\n")), "v")
    }

    macro_rules! fixture {
        ($name:literal) => {
            (
                $name,
                include_str!(concat!("../tests/fixtures/yaml/", $name, ".yaml")),
                include_str!(concat!("../tests/fixtures/yaml/", $name, ".json")),
            )
        };
    }

    /// Fixtures with the value Psych would give, as JSON.
    const FIXTURES: &[(&str, &str, &str)] = &[
        fixture!("anchors"),
        fixture!("block_scalars"),
        fixture!("comments_only"),
        fixture!("crlf"),
        fixture!("document_end"),
        fixture!("document_markers"),
        fixture!("empty"),
        fixture!("flow_collections"),
        fixture!("jekyll_post"),
        fixture!("keys"),
        fixture!("plain_scalars"),
        fixture!("quoted_scalars"),
        fixture!("scalar_document"),
        fixture!("second_document"),
        fixture!("tabs"),
        fixture!("top_list"),
        fixture!("types"),
    ];

    macro_rules! bad {
        ($name:literal) => {
            (
                $name,
                include_str!(concat!("../tests/fixtures/yaml/", $name, ".yaml")),
            )
        };
    }

    /// Fixtures that must be refused; each says on its first line
    /// `# error L:C: problem`, checked against libyaml 0.2.5.
    const BAD: &[(&str, &str)] = &[
        bad!("bad_backtick"),
        bad!("bad_block_entry"),
        bad!("bad_complex_key"),
        bad!("bad_control_character"),
        bad!("bad_directive"),
        bad!("bad_expected_key"),
        bad!("bad_flow_mapping"),
        bad!("bad_indentation_indicator"),
        bad!("bad_mapping_values"),
        bad!("bad_missing_colon"),
        bad!("bad_recursive_alias"),
        bad!("bad_sequence_in_line"),
        bad!("bad_tab_in_plain_continuation"),
        bad!("bad_tab_indentation"),
        bad!("bad_unclosed_flow"),
        bad!("bad_unclosed_quote"),
        bad!("bad_undefined_alias"),
        bad!("bad_unknown_escape"),
        bad!("bad_windows_path"),
        bad!("billion_laughs"),
        bad!("deep_nesting"),
    ];

    #[test]
    fn fixtures_give_the_values_psych_gives() {
        for (name, yaml, json) in FIXTURES {
            let value = ok(yaml);
            let got = serde_json::to_string_pretty(&value).unwrap_or_default();
            assert_eq!(got, json.trim_end(), "{name}");
        }
    }

    #[test]
    fn bad_fixtures_fail_where_libyaml_fails() {
        for (name, yaml) in BAD {
            let header = yaml.lines().next().unwrap_or_default();
            let expected = header.strip_prefix("# error ").unwrap_or_default();
            let (place, problem) = expected.split_once(": ").unwrap_or_default();
            let (line, column) = place.split_once(':').unwrap_or_default();
            let e = err(yaml);
            assert_eq!(
                (e.line.to_string(), e.column.to_string()),
                (line.to_owned(), column.to_owned()),
                "{name}: {e:?}"
            );
            assert!(e.message.starts_with(problem), "{name}: {e:?}");
        }
    }

    #[test]
    fn no_input_panics_prefixes_of_every_fixture() {
        for (_, yaml, _) in FIXTURES {
            for (i, _) in yaml.char_indices() {
                let _ = parse(&yaml[..i]);
            }
        }
        for (_, yaml) in BAD.iter().filter(|(_, y)| y.len() < 4096) {
            for (i, _) in yaml.char_indices() {
                let _ = parse(&yaml[..i]);
            }
        }
    }

    #[test]
    fn no_input_panics_odd_bytes() {
        let pieces = [
            "-",
            "?",
            ":",
            ",",
            "[",
            "]",
            "{",
            "}",
            "#",
            "&a",
            "*a",
            "!",
            "!!",
            "|",
            ">",
            "'",
            "\"",
            "%",
            "@",
            "`",
            " ",
            "\t",
            "\n",
            "\r",
            "\u{85}",
            "\u{2028}",
            "\u{feff}",
            "é",
            "\\",
            "0",
            "---",
            "...",
            "%YAML 1.1",
            "%TAG",
            "!<",
            ">",
            "x",
            "\\u",
            "\\x",
            "|9",
            ">-",
        ];
        let mut seed: u32 = 7;
        for _ in 0..20_000 {
            let mut text = String::new();
            for _ in 0..12 {
                seed ^= seed << 13;
                seed ^= seed >> 17;
                seed ^= seed << 5;
                text.push_str(pieces[seed as usize % pieces.len()]);
            }
            let _ = parse(&text);
        }
    }

    #[test]
    fn empty_text_and_bare_document_start_are_null() {
        assert_eq!(ok(""), Value::Null);
        assert_eq!(ok("---\n"), Value::Null);
        assert_eq!(ok("---"), Value::Null);
        assert_eq!(ok("# only a comment\n"), Value::Null);
    }

    #[test]
    fn block_mappings_and_indentless_sequences() {
        let v = ok("---\ntitle: Hi\ntags:\n- a\n- b\nnext: 1\n");
        let expected = map(&[
            ("title", s("Hi")),
            ("tags", Value::List(vec![s("a"), s("b")])),
            ("next", Value::Int(1)),
        ]);
        assert_eq!(v, expected);
        let v = ok("a:\n  b:\n    c: [1]\n  d: e\n");
        let inner = map(&[("c", Value::List(vec![Value::Int(1)]))]);
        assert_eq!(v, map(&[("a", map(&[("b", inner), ("d", s("e"))]))]));
    }

    #[test]
    fn key_with_a_space_before_the_colon() {
        assert_eq!(
            ok("category : lessons\n"),
            map(&[("category", s("lessons"))])
        );
    }

    #[test]
    fn keys_that_are_not_strings_become_their_text() {
        let v = ok("1: a\n010: b\nyes: c\n~: d\n1.5: e\n");
        let keys: Vec<&str> = match &v {
            Value::Map(m) => m.iter().map(|(k, _)| k).collect(),
            _ => Vec::new(),
        };
        assert_eq!(keys, ["1", "8", "true", "", "1.5"]);
    }

    #[test]
    fn duplicate_keys_keep_the_last_value_in_the_first_place() {
        let v = ok("a: 1\nb: 2\na: 3\n");
        assert_eq!(v, map(&[("a", Value::Int(3)), ("b", Value::Int(2))]));
    }

    #[test]
    fn collections_as_keys_are_refused() {
        assert!(err("? [a]\n: b\n").message.contains("mapping key"));
        assert!(err("{a: b}: c\n").message.contains("mapping key"));
    }

    #[test]
    fn flow_collections_span_lines() {
        let v = ok("a: [1, {b: [2, \"c d\"]},\n  'e']\n");
        let inner = map(&[("b", Value::List(vec![Value::Int(2), s("c d")]))]);
        assert_eq!(
            get(&v, "a"),
            Value::List(vec![Value::Int(1), inner, s("e")])
        );
    }

    #[test]
    fn plain_scalars_fold_their_lines() {
        assert_eq!(scalar_of("one\n  two\n\n  three"), s("one two\nthree"));
    }

    #[test]
    fn quoted_scalars_escape_and_fold() {
        assert_eq!(scalar_of("'it''s'"), s("it's"));
        assert_eq!(scalar_of(r#""\u00e9\x41\U0001F600\t""#), s("éA😀\t"));
        assert_eq!(scalar_of("\"a\n  b\""), s("a b"));
        assert_eq!(scalar_of("\"a \\\n  b\""), s("a b"));
        assert_eq!(scalar_of("\"a\\\n  b\""), s("ab"));
        let e = err("v: \"\\uD800\"\n");
        assert!(e
            .message
            .starts_with("found invalid Unicode character escape code"));
    }

    #[test]
    fn block_scalars_follow_chomping() {
        assert_eq!(get(&ok("t: >\n  A title\n"), "t"), s("A title\n"));
        assert_eq!(get(&ok("t: >-\n  a\n  b\n"), "t"), s("a b"));
        assert_eq!(get(&ok("t: |+\n  a\n\n"), "t"), s("a\n\n"));
        assert_eq!(get(&ok("t: |\n  a\n\n\n"), "t"), s("a\n"));
        assert_eq!(get(&ok("t: |2\n   a\n"), "t"), s(" a\n"));
        assert_eq!(get(&ok("t: |\n"), "t"), s(""));
    }

    #[test]
    fn comments_and_document_markers() {
        assert_eq!(
            ok("a: 1 # note\n# line\nb: 2\n"),
            map(&[("a", Value::Int(1)), ("b", Value::Int(2))])
        );
        assert_eq!(ok("--- text\n"), s("text"));
        assert_eq!(ok("%YAML 1.1\n---\na: 1\n"), map(&[("a", Value::Int(1))]));
        // Only the first document is read, as Psych's `load` does.
        assert_eq!(ok("a: 1\n...\n]]]\n"), map(&[("a", Value::Int(1))]));
        assert_eq!(ok("a: 1\n--- b\n"), map(&[("a", Value::Int(1))]));
        assert!(err("%YAML 2.0\n---\n")
            .message
            .starts_with("found incompatible YAML document"));
    }

    #[test]
    fn tabs_after_values_are_blanks() {
        let v = ok("---\ntags:\n- melody\t\t\n- x\n");
        assert_eq!(get(&v, "tags"), Value::List(vec![s("melody"), s("x")]));
        assert_eq!(ok("a: b\t# c\n"), map(&[("a", s("b"))]));
    }

    #[test]
    fn tabs_as_indentation_are_refused() {
        let e = err("a:\n\tb: 1\n");
        assert_eq!((e.line, e.column), (2, 1));
        assert!(e
            .message
            .starts_with("found character that cannot start any token"));
        let e = err("a: b\n\tc\n");
        assert!(e
            .message
            .starts_with("found a tab character that violates indentation"));
        // After `key:` a tab separates (no key can start there), but not
        // after an explicit `:` line, where one could.
        assert_eq!(ok("a:\tb\n"), map(&[("a", s("b"))]));
        let e = err("? a\n:\tb\n");
        assert_eq!((e.line, e.column), (2, 2));
    }

    #[test]
    fn anchors_aliases_and_merge_keys() {
        let v = ok("a: &x {k: 1}\nb: *x\nc:\n  <<: *x\n  j: 2\n");
        let k = map(&[("k", Value::Int(1))]);
        assert_eq!(get(&v, "b"), k);
        assert_eq!(
            get(&v, "c"),
            map(&[("k", Value::Int(1)), ("j", Value::Int(2))])
        );
        assert_eq!(err("a: *nope\n").message, "found undefined alias");
    }

    #[test]
    fn alias_expansion_is_capped() {
        let e = err(include_str!("../tests/fixtures/yaml/billion_laughs.yaml"));
        assert_eq!(e.message, "repetition limit exceeded");
        // Well under the cap is fine.
        let mut text = String::from("a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9]\nb: [");
        text.push_str(&["*a"; 500].join(", "));
        text.push_str("]\n");
        assert!(parse(&text).is_ok());
    }

    #[test]
    fn nesting_is_capped() {
        let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        assert!(parse(&deep(MAX_DEPTH)).is_ok());
        let e = err(&deep(MAX_DEPTH + 1));
        assert_eq!(
            (e.line, e.column, e.message.as_str()),
            (1, 129, "recursion limit exceeded")
        );
        let e = err(include_str!("../tests/fixtures/yaml/deep_nesting.yaml"));
        assert_eq!(e.message, "recursion limit exceeded");
        // Block collections too, also when far deeper than the cap.
        let e = err(&"- ".repeat(10_000));
        assert_eq!(
            (e.line, e.column, e.message.as_str()),
            (1, 257, "recursion limit exceeded")
        );
        let mut block = String::new();
        for i in 0..2_000 {
            block.push_str(&" ".repeat(i));
            block.push_str("k:\n");
        }
        assert_eq!(err(&block).message, "recursion limit exceeded");
        // A syntax error anywhere in the document still wins, as in Psych.
        let e = err(&format!("{}\n]", "- ".repeat(200)));
        assert!(e.message.starts_with("did not find expected"), "{e:?}");
    }

    #[test]
    fn tags() {
        assert_eq!(scalar_of("!!str 123"), s("123"));
        assert_eq!(scalar_of("!!str"), s(""));
        assert_eq!(scalar_of("!custom 42"), Value::Int(42));
        assert_eq!(scalar_of("!!int \"7\""), Value::Int(7));
        assert_eq!(scalar_of("!!float 1"), Value::Float(1.0));
        assert_eq!(scalar_of("!<tag:yaml.org,2002:str> 5"), s("5"));
        assert_eq!(ok("%TAG !e! tag:e.org,2000:\n--- !e!x 5\n"), Value::Int(5));
        assert_eq!(
            get(&ok("a: !foo {b: 1}\n"), "a"),
            map(&[("b", Value::Int(1))])
        );
        let e = err("a: !e!x 5\n");
        assert!(e.message.starts_with("found undefined tag handle"));
    }

    #[test]
    fn yaml_1_1_types() {
        for text in ["~", "null", "Null", "NULL", ""] {
            assert_eq!(scalar_of(text), Value::Null, "{text}");
        }
        for text in ["yes", "Yes", "YES", "on", "ON", "true", "True"] {
            assert_eq!(scalar_of(text), Value::Bool(true), "{text}");
        }
        for text in ["no", "No", "off", "Off", "false", "FALSE"] {
            assert_eq!(scalar_of(text), Value::Bool(false), "{text}");
        }
        for text in [
            "y", "n", "Y", "N", "nil", "'yes'", "\"1\"", "1e3", "0o17", "1.2.3", ":sym",
        ] {
            assert!(matches!(scalar_of(text), Value::String(_)), "{text}");
        }
        let ints = [
            ("12", 12),
            ("+12", 12),
            ("-0x1F", -31),
            ("017", 15),
            ("0b11", 3),
            ("1_000", 1000),
        ];
        for (text, i) in ints {
            assert_eq!(scalar_of(text), Value::Int(i), "{text}");
        }
        assert_eq!(scalar_of("1,000"), Value::Int(1000));
        assert_eq!(scalar_of("1:30"), Value::Int(5400));
        for (text, f) in [
            ("1.5", 1.5),
            (".5", 0.5),
            ("1.", 1.0),
            ("1.5e+3", 1500.0),
            ("-.5", -0.5),
        ] {
            assert_eq!(scalar_of(text), Value::Float(f), "{text}");
        }
        assert_eq!(
            scalar_of("9223372036854775808"),
            Value::Float(9_223_372_036_854_775_808.0)
        );
        assert_eq!(scalar_of(".inf"), Value::Float(f64::INFINITY));
        assert_eq!(scalar_of("-.Inf"), Value::Float(f64::NEG_INFINITY));
        assert!(matches!(scalar_of(".NaN"), Value::Float(f) if f.is_nan()));
        // Dates and times stay as written.
        assert_eq!(
            scalar_of("2026-01-02 10:00:00 +02:00"),
            s("2026-01-02 10:00:00 +02:00")
        );
        assert_eq!(scalar_of("2026-01-02"), s("2026-01-02"));
    }

    #[test]
    fn errors_count_lines_and_chars_from_one() {
        let e = err("---\ntitle: é: x\n");
        assert_eq!((e.line, e.column), (2, 9));
        assert_eq!(e.message, "mapping values are not allowed in this context");
        let e = err("---\ntitle: ok\nbad: [unclosed\n");
        assert_eq!((e.line, e.column), (4, 1));
        assert!(e.message.starts_with("did not find expected ',' or ']'"));
        assert!(e
            .message
            .ends_with("while parsing a flow sequence at line 3 column 6"));
        let e = err("a: b: c\n");
        assert_eq!(
            (e.line, e.column, e.message.as_str()),
            (1, 5, "mapping values are not allowed in this context")
        );
        let e = err("a: 1\nb\n");
        assert_eq!((e.line, e.column), (3, 1));
        assert!(e.message.starts_with("could not find expected ':'"));
        let e = err("a: \u{1}\n");
        assert_eq!(
            (e.line, e.column, e.message.as_str()),
            (1, 4, "control characters are not allowed")
        );
    }

    #[test]
    fn byte_order_mark_and_line_breaks() {
        assert_eq!(ok("\u{feff}a: 1\n"), map(&[("a", Value::Int(1))]));
        assert_eq!(
            ok("a: 1\r\nb: 2\r\n"),
            map(&[("a", Value::Int(1)), ("b", Value::Int(2))])
        );
        assert_eq!(get(&ok("a: |\r\n  x\r\n  y\r\n"), "a"), s("x\ny\n"));
    }

    #[test]
    fn long_inputs_are_linear() {
        let long = "word ".repeat(40_000);
        assert_eq!(
            ok(&format!("a: {long}\n")),
            map(&[("a", s(long.trim_end()))])
        );
        let items = "- x\n".repeat(20_000);
        assert!(matches!(ok(&items), Value::List(l) if l.len() == 20_000));
        let flow = format!("[{}]", vec!["x"; 20_000].join(", "));
        assert!(matches!(ok(&flow), Value::List(l) if l.len() == 20_000));
        let quoted = format!("\"{}\"", "ab\\n".repeat(20_000));
        assert!(matches!(ok(&quoted), Value::String(t) if t.len() == 60_000));
    }
}
