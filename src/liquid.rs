//! Body text in, Markdown text out: the Liquid posts really use, evaluated; the rest made a placeholder.
//!
//! Jekyll runs Liquid over a post before Markdown, so this stage works on the
//! source text and hands the Markdown parser text again, with a map from its
//! output offsets back to the source (for warnings and `data-line`). What
//! needs a build (`{% include %}`, plugin tags, loops over `site.posts`)
//! becomes a marker that the writer turns into a visible
//! `<span class="inkpost-liquid">` and a warning; it is never shown as raw
//! `{% … %}` and never fails the post.

use crate::date::{self, DateTime};
pub(crate) use crate::marks::{has_marks, Placeholder, SourceMap, MARK_CLOSE, MARK_OPEN};
use crate::value::{Map, Value};
use crate::{Options, WarningKind};
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::fmt::Write;

/// Loops and captures may not make more output than this, nor more than
/// `OUTPUT_PER_INPUT` times the post (a post is text, not a program).
const MAX_OUTPUT: usize = 16 << 20;
const OUTPUT_PER_INPUT: usize = 16;
const MAX_ITERATIONS: usize = 100_000;
/// Filters may read and write at most this many times the output limit: a
/// loop of `assign s = s | append: s` makes no output but doubles each pass.
const WORK_PER_OUTPUT: usize = 8;
/// The work limit of a short post: room for ordinary loops that build a
/// string or read a long front-matter list on every pass.
const MIN_WORK: usize = 32 << 20;
/// What a value costs to copy besides its text (see `L::weight`).
const VALUE_WEIGHT: usize = 32;
/// What a filter call costs at least (its markup is read on every pass).
const FILTER_CALL: usize = 32;
/// About the bytes of the element a placeholder becomes, besides its label.
const PLACEHOLDER_HTML: usize = 80;
const MAX_DEPTH: usize = 64;

/// What the stage made.
pub(crate) struct Rendered<'s> {
    pub text: Cow<'s, str>,
    pub map: SourceMap,
    pub placeholders: Vec<Placeholder>,
    /// (kind, message, body offset)
    pub warnings: Vec<(WarningKind, String, usize)>,
    /// Whether a tag made text with an `&`, or a copy of the source ended in
    /// the start of a character reference: either can make a reference the
    /// source did not hold (`reserved`).
    pub made_ampersand: bool,
}

/// The page and site a post's Liquid sees.
pub(crate) struct Env<'e> {
    pub page: &'e Map,
    pub site: &'e Map,
    pub options: &'e Options,
    pub date: Option<DateTime>,
    /// The `markdownify` filter: Markdown text to HTML, by the stages after
    /// this one (passed in, so this stage names none of them).
    pub markdownify: fn(&str, &Options) -> String,
}

/// Runs the Liquid in `src`. Text without `{{` or `{%`
/// comes back borrowed, and `env` (the page and site maps, most of a short
/// post's cost otherwise) is only made when there is Liquid to run.
pub(crate) fn render<'s, 'e>(src: &'s str, env: impl FnOnce() -> Env<'e>) -> Rendered<'s> {
    // (The post's text holds no marker character: `reserved` made any
    // U+FFFD before this stage, so only `placeholder` writes them.)
    if !crate::scan::has_pair_of(src.as_bytes(), b'{', b"{%") {
        return Rendered {
            text: Cow::Borrowed(src),
            map: SourceMap::default(),
            placeholders: Vec::new(),
            warnings: Vec::new(),
            made_ampersand: false,
        };
    }
    let env = env();
    let tokens = tokenize(src);
    let mut parser = Parser {
        tokens: &tokens,
        pos: 0,
        src,
        warnings: Vec::new(),
    };
    let nodes = parser.block(&[]).0;
    let mut r = Renderer {
        max_work: 0,
        src,
        env: &env,
        out: String::with_capacity(src.len() + 64),
        map: SourceMap::default(),
        placeholders: Vec::new(),
        warnings: parser.warnings,
        scopes: vec![HashMap::new()],
        warned: Vec::new(),
        iterations: 0,
        depth: 0,
        at: 0,
        max_output: src
            .len()
            .saturating_mul(OUTPUT_PER_INPUT)
            .clamp(1 << 20, MAX_OUTPUT),
        produced: 0,
        work: 0,
        truncated: false,
        made_ampersand: false,
    };
    r.max_work = (r.max_output * WORK_PER_OUTPUT).max(MIN_WORK);
    let _ = r.nodes(&nodes);
    // A tag inside a loop warns once per pass; the reader needs it once.
    let mut seen = HashSet::new();
    let mut warnings = r.warnings;
    warnings.retain(|(_, message, at)| seen.insert((*at, message.clone())));
    Rendered {
        text: Cow::Owned(r.out),
        map: r.map,
        placeholders: r.placeholders,
        warnings,
        made_ampersand: r.made_ampersand,
    }
}

// ---------------------------------------------------------------- tokens

#[derive(Debug)]
enum TokKind {
    Text,
    Output,
    Tag,
}

#[derive(Debug)]
struct Tok<'s> {
    kind: TokKind,
    /// Source range of the whole token (for text: the text, after whitespace control).
    start: usize,
    end: usize,
    /// For tags and outputs: the markup inside the delimiters, trimmed.
    inner: &'s str,
}

fn tokenize(src: &str) -> Vec<Tok<'_>> {
    let bytes = src.as_bytes();
    let mut toks: Vec<Tok> = Vec::new();
    let mut text_start = 0;
    let mut i = 0;
    let mut strip_next = false;
    while i + 1 < bytes.len() {
        if bytes[i] != b'{' {
            // Jump to the next brace with the fast byte search.
            match src[i..].find('{') {
                Some(n) => i += n,
                None => break,
            }
            continue;
        }
        if !matches!(bytes[i + 1], b'{' | b'%') {
            i += 1;
            continue;
        }
        let is_tag = bytes[i + 1] == b'%';
        let close: &[u8] = if is_tag { b"%}" } else { b"}}" };
        let Some(end) = find_close(bytes, i + 2, close) else {
            i += 2;
            continue;
        };
        let lstrip = bytes.get(i + 2) == Some(&b'-');
        let rstrip = end > i + 2 && bytes[end - 1] == b'-';
        let inner_start = i + 2 + usize::from(lstrip);
        let inner_end = (end - usize::from(rstrip)).max(inner_start);
        let mut t_end = i;
        if lstrip {
            while t_end > text_start && bytes[t_end - 1].is_ascii_whitespace() {
                t_end -= 1;
            }
        }
        let mut t_start = text_start;
        if strip_next {
            while t_start < t_end && bytes[t_start].is_ascii_whitespace() {
                t_start += 1;
            }
        }
        if t_end > t_start {
            toks.push(Tok {
                kind: TokKind::Text,
                start: t_start,
                end: t_end,
                inner: "",
            });
        }
        toks.push(Tok {
            kind: if is_tag {
                TokKind::Tag
            } else {
                TokKind::Output
            },
            start: i,
            end: end + 2,
            inner: src[inner_start..inner_end].trim(),
        });
        strip_next = rstrip;
        i = end + 2;
        text_start = i;
    }
    let mut t_start = text_start;
    if strip_next {
        while t_start < bytes.len() && bytes[t_start].is_ascii_whitespace() {
            t_start += 1;
        }
    }
    if t_start < bytes.len() {
        toks.push(Tok {
            kind: TokKind::Text,
            start: t_start,
            end: bytes.len(),
            inner: "",
        });
    }
    toks
}

/// The closing delimiter, skipping quoted strings; none past a blank line
/// (a stray `{{` in prose must not swallow the rest of the post).
fn find_close(bytes: &[u8], from: usize, close: &[u8]) -> Option<usize> {
    let mut i = from;
    let mut quote = None;
    while i + 1 < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == close[0] && bytes[i + 1] == close[1] => return Some(i),
            None => {}
        }
        if b == b'\n' && bytes.get(i + 1) == Some(&b'\n') {
            return None;
        }
        i += 1;
    }
    None
}

// ---------------------------------------------------------------- tree

#[derive(Debug)]
enum Node<'s> {
    Text(usize, usize),
    /// Source text to copy as it is (`{% raw %}` content).
    Raw(usize, usize),
    Output(&'s str, usize),
    Tag(&'s str, &'s str, usize),
    If {
        branches: Vec<(Option<&'s str>, Vec<Node<'s>>)>,
        negate: bool,
    },
    Case {
        subject: &'s str,
        whens: Vec<(Option<&'s str>, Vec<Node<'s>>)>,
    },
    For {
        markup: &'s str,
        body: Vec<Node<'s>>,
        otherwise: Vec<Node<'s>>,
        at: usize,
    },
    Capture(&'s str, Vec<Node<'s>>),
    Code {
        lang: String,
        linenos: bool,
        body: Vec<Node<'s>>,
        at: usize,
    },
}

struct Parser<'t, 's> {
    tokens: &'t [Tok<'s>],
    pos: usize,
    src: &'s str,
    warnings: Vec<(WarningKind, String, usize)>,
}

fn split_tag(inner: &str) -> (&str, &str) {
    let inner = inner.trim();
    let end = inner
        .find(|c: char| c.is_whitespace())
        .unwrap_or(inner.len());
    (&inner[..end], inner[end..].trim())
}

impl<'s> Parser<'_, 's> {
    /// Parses nodes until one of `ends` (a tag name); returns the nodes and the
    /// end tag found (with its markup), or `None` at the end of input.
    fn block(&mut self, ends: &[&str]) -> (Vec<Node<'s>>, Option<(&'s str, &'s str, usize)>) {
        let mut nodes = Vec::new();
        while let Some(tok) = self.tokens.get(self.pos) {
            self.pos += 1;
            match tok.kind {
                TokKind::Text => nodes.push(Node::Text(tok.start, tok.end)),
                TokKind::Output => nodes.push(Node::Output(tok.inner, tok.start)),
                TokKind::Tag => {
                    let (name, markup) = split_tag(tok.inner);
                    if ends.contains(&name) {
                        return (nodes, Some((name, markup, tok.start)));
                    }
                    if let Some(node) = self.tag(name, markup, tok) {
                        nodes.push(node);
                    }
                }
            }
        }
        (nodes, None)
    }

    fn unclosed(&mut self, name: &str, at: usize) {
        self.warnings.push((
            WarningKind::Liquid,
            format!("Liquid `{name}` block is never closed; it was closed at the end of the text"),
            at,
        ));
    }

    fn tag(&mut self, name: &'s str, markup: &'s str, tok: &Tok<'s>) -> Option<Node<'s>> {
        let at = tok.start;
        match name {
            "raw" => {
                // Everything up to `{% endraw %}` is text, tags included.
                let start = tok.end;
                let rest = &self.src[start..];
                let (end, next) = match find_end_tag(rest, "endraw") {
                    Some((s, e)) => (start + s, start + e),
                    None => {
                        self.unclosed("raw", at);
                        (self.src.len(), self.src.len())
                    }
                };
                while self.tokens.get(self.pos).is_some_and(|t| t.start < next) {
                    self.pos += 1;
                }
                // A token that straddles the end tag's close: re-tokenizing is
                // not worth it; the rest of that token is dropped.
                Some(Node::Raw(start, end))
            }
            "comment" => {
                let (_, end) = self.block(&["endcomment"]);
                if end.is_none() {
                    self.unclosed("comment", at);
                }
                None
            }
            "if" | "unless" => {
                let mut branches = Vec::new();
                let mut cond = Some(markup);
                loop {
                    let (body, end) = self.block(&["elsif", "else", "endif", "endunless"]);
                    branches.push((cond, body));
                    match end {
                        Some(("elsif", m, _)) => cond = Some(m),
                        Some(("else", _, _)) => cond = None,
                        Some(_) => break,
                        None => {
                            self.unclosed(name, at);
                            break;
                        }
                    }
                }
                Some(Node::If {
                    branches,
                    negate: name == "unless",
                })
            }
            "case" => {
                let (_, mut end) = self.block(&["when", "else", "endcase"]);
                let mut whens = Vec::new();
                loop {
                    match end {
                        Some(("when", m, _)) => {
                            let (body, e) = self.block(&["when", "else", "endcase"]);
                            whens.push((Some(m), body));
                            end = e;
                        }
                        Some(("else", _, _)) => {
                            let (body, e) = self.block(&["when", "else", "endcase"]);
                            whens.push((None, body));
                            end = e;
                        }
                        Some(_) => break,
                        None => {
                            self.unclosed("case", at);
                            break;
                        }
                    }
                }
                Some(Node::Case {
                    subject: markup,
                    whens,
                })
            }
            "for" => {
                let (body, end) = self.block(&["else", "endfor"]);
                let otherwise = match end {
                    Some(("else", _, _)) => {
                        let (o, e) = self.block(&["endfor"]);
                        if e.is_none() {
                            self.unclosed("for", at);
                        }
                        o
                    }
                    Some(_) => Vec::new(),
                    None => {
                        self.unclosed("for", at);
                        Vec::new()
                    }
                };
                Some(Node::For {
                    markup,
                    body,
                    otherwise,
                    at,
                })
            }
            "capture" => {
                let (body, end) = self.block(&["endcapture"]);
                if end.is_none() {
                    self.unclosed("capture", at);
                }
                Some(Node::Capture(markup, body))
            }
            "highlight" | "codeblock" => {
                let end_name = if name == "highlight" {
                    "endhighlight"
                } else {
                    "endcodeblock"
                };
                let (body, end) = self.block(&[end_name]);
                if end.is_none() {
                    self.unclosed(name, at);
                }
                let lang = if name == "highlight" {
                    markup.split_whitespace().next().unwrap_or("").to_owned()
                } else {
                    // Octopress: `{% codeblock [title] lang:ruby [url] %}`
                    markup
                        .split_whitespace()
                        .find_map(|w| w.strip_prefix("lang:"))
                        .unwrap_or("")
                        .to_owned()
                };
                let linenos = name == "highlight"
                    && markup
                        .split_whitespace()
                        .any(|w| w == "linenos" || w.starts_with("linenos="));
                Some(Node::Code {
                    lang,
                    linenos,
                    body,
                    at,
                })
            }
            _ => Some(Node::Tag(name, markup, at)),
        }
    }
}

/// `{% name %}` (with any whitespace control) in `s`: (start, end) of the tag.
fn find_end_tag(s: &str, name: &str) -> Option<(usize, usize)> {
    let bytes = s.as_bytes();
    let mut from = 0;
    while let Some(i) = s[from..].find("{%") {
        let start = from + i;
        let close = s[start + 2..].find("%}")? + start + 2;
        let inner = s[start + 2..close].trim_matches(|c: char| c == '-' || c.is_whitespace());
        if inner == name {
            return Some((start, close + 2));
        }
        from = start + 2;
        if from >= bytes.len() {
            break;
        }
    }
    None
}

// ---------------------------------------------------------------- values

/// A Liquid value.
#[derive(Clone, Debug, PartialEq)]
enum L {
    Nil,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    List(Vec<L>),
    Map(Map),
    Date(DateTime),
    /// `empty` / `blank` literals.
    Empty,
}

impl L {
    fn from_value(v: &Value) -> L {
        match v {
            Value::Null => L::Nil,
            Value::Bool(b) => L::Bool(*b),
            Value::Int(i) => L::Int(*i),
            Value::Float(f) => L::Float(*f),
            Value::String(s) => L::Str(s.clone()),
            Value::List(items) => L::List(items.iter().map(L::from_value).collect()),
            Value::Map(m) => L::Map(m.clone()),
        }
    }

    fn truthy(&self) -> bool {
        !matches!(self, L::Nil | L::Bool(false))
    }

    fn is_empty(&self) -> bool {
        match self {
            L::Nil | L::Empty => true,
            L::Str(s) => s.is_empty(),
            L::List(l) => l.is_empty(),
            L::Map(m) => m.is_empty(),
            _ => false,
        }
    }

    /// About how many bytes it holds (for the work limit).
    /// Each value counts as `VALUE_WEIGHT` bytes besides its text: a list of
    /// a million one-letter strings is a million allocations to copy.
    fn weight(&self) -> usize {
        VALUE_WEIGHT
            + match self {
                L::Str(s) => s.len(),
                L::List(items) => items.iter().map(L::weight).sum::<usize>(),
                L::Map(m) => m
                    .iter()
                    .map(|(k, v)| k.len() + value_weight(v))
                    .sum::<usize>(),
                _ => 0,
            }
    }

    /// How `{{ }}` prints it.
    fn to_output(&self) -> String {
        match self {
            L::Nil | L::Empty => String::new(),
            L::Bool(b) => b.to_string(),
            L::Int(i) => i.to_string(),
            L::Float(f) => Value::Float(*f).to_text().unwrap_or_default(),
            L::Str(s) => s.clone(),
            L::List(items) => items.iter().map(L::to_output).collect(),
            L::Map(m) => {
                let mut s = String::from("{");
                for (i, (k, v)) in m.iter().enumerate() {
                    if i > 0 {
                        s.push_str(", ");
                    }
                    let _ = write!(s, "\"{k}\"=>{}", L::from_value(v).inspect());
                }
                s.push('}');
                s
            }
            L::Date(d) => ruby_time(d),
        }
    }

    fn inspect(&self) -> String {
        match self {
            L::Str(s) => format!("{s:?}"),
            L::Nil => "nil".into(),
            other => other.to_output(),
        }
    }

    fn as_f64(&self) -> Option<f64> {
        match self {
            L::Int(i) => Some(*i as f64),
            L::Float(f) => Some(*f),
            L::Str(s) => crate::value::parse_f64(s.trim()),
            _ => None,
        }
    }

    /// The number Liquid's math filters take it as (`Utils.to_number`): a
    /// string is a float only as `-1.5`, else its leading integer; anything
    /// else not a number is 0 (so `nil | plus: 1` is the integer 1).
    fn to_number(&self) -> L {
        match self {
            L::Int(_) | L::Float(_) => self.clone(),
            L::Str(s) => {
                let t = s.trim();
                let digits = |d: &str| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit());
                let unsigned = t.strip_prefix('-').unwrap_or(t);
                if unsigned
                    .split_once('.')
                    .is_some_and(|(i, f)| digits(i) && digits(f))
                {
                    return crate::value::parse_f64(t).map_or(L::Int(0), L::Float);
                }
                // Ruby's `to_i`: an optional sign, then the digits there are.
                let sign_len = usize::from(t.starts_with(['-', '+']));
                let end = sign_len + t[sign_len..].bytes().take_while(u8::is_ascii_digit).count();
                L::Int(t[..end].parse().unwrap_or(0))
            }
            _ => L::Int(0),
        }
    }

    fn size(&self) -> L {
        L::Int(match self {
            L::Str(s) => s.chars().count() as i64,
            L::List(l) => l.len() as i64,
            L::Map(m) => m.len() as i64,
            _ => 0,
        })
    }

    fn to_json(&self) -> String {
        fn esc(s: &str) -> String {
            let mut o = String::from("\"");
            for c in s.chars() {
                match c {
                    '"' => o.push_str("\\\""),
                    '\\' => o.push_str("\\\\"),
                    '\n' => o.push_str("\\n"),
                    c if (c as u32) < 0x20 => {
                        let _ = write!(o, "\\u{:04x}", c as u32);
                    }
                    c => o.push(c),
                }
            }
            o.push('"');
            o
        }
        match self {
            L::Nil | L::Empty => "null".into(),
            L::Str(s) => esc(s),
            L::Date(d) => esc(&d.to_xmlschema()),
            L::List(items) => format!(
                "[{}]",
                items.iter().map(L::to_json).collect::<Vec<_>>().join(",")
            ),
            L::Map(m) => format!(
                "{{{}}}",
                m.iter()
                    .map(|(k, v)| format!("{}:{}", esc(k), L::from_value(v).to_json()))
                    .collect::<Vec<_>>()
                    .join(",")
            ),
            other => other.to_output(),
        }
    }
}

/// Ruby's `Time#to_s`: `2008-11-21 00:00:00 +0000`.
fn ruby_time(d: &DateTime) -> String {
    strftime(d, "%Y-%m-%d %H:%M:%S %z").trim_end().to_owned()
}

/// The strftime directives Liquid's `date` filter and Jekyll's date filters use.
fn strftime(d: &DateTime, format: &str) -> String {
    let mut out = String::new();
    let mut chars = format.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut pad = true;
        let mut upper = false;
        while let Some(&f) = chars.peek() {
            match f {
                '-' => pad = false,
                '^' => upper = true,
                _ => break,
            }
            chars.next();
        }
        let num = |n: u32, w: usize| {
            if pad {
                format!("{n:0w$}")
            } else {
                n.to_string()
            }
        };
        let month = date::MONTHS[(d.month as usize).clamp(1, 12) - 1];
        let day = date::DAYS[d.weekday() as usize];
        let piece = match chars.next() {
            Some('Y') => d.year.to_string(),
            Some('C') => (d.year / 100).to_string(),
            Some('y') => num(d.year.rem_euclid(100) as u32, 2),
            Some('m') => num(d.month, 2),
            Some('d') => num(d.day, 2),
            Some('e') => format!("{:>2}", d.day),
            Some('j') => num(d.ordinal(), 3),
            Some('H') => num(d.hour, 2),
            Some('k') => format!("{:>2}", d.hour),
            Some('I') => num((d.hour + 11) % 12 + 1, 2),
            Some('l') => format!("{:>2}", (d.hour + 11) % 12 + 1),
            Some('M') => num(d.minute, 2),
            Some('S') => num(d.second, 2),
            Some('L') => "000".into(),
            Some('p') => (if d.hour < 12 { "AM" } else { "PM" }).into(),
            Some('P') => (if d.hour < 12 { "am" } else { "pm" }).into(),
            Some('B') => month.into(),
            Some('b') | Some('h') => month[..3].into(),
            Some('A') => day.into(),
            Some('a') => day[..3].into(),
            Some('u') => ((d.weekday() + 6) % 7 + 1).to_string(),
            Some('w') => d.weekday().to_string(),
            Some('U') | Some('W') | Some('V') => num(d.iso_week(), 2),
            Some('z') => match d.offset {
                Some(o) => format!(
                    "{}{:02}{:02}",
                    if o < 0 { '-' } else { '+' },
                    o.abs() / 60,
                    o.abs() % 60
                ),
                None => String::new(),
            },
            Some(':') if chars.peek() == Some(&'z') => {
                chars.next();
                match d.offset {
                    Some(o) => format!(
                        "{}{:02}:{:02}",
                        if o < 0 { '-' } else { '+' },
                        o.abs() / 60,
                        o.abs() % 60
                    ),
                    None => String::new(),
                }
            }
            Some('Z') => match d.offset {
                Some(0) => "UTC".into(),
                _ => String::new(),
            },
            Some('s') => d.timestamp().unwrap_or(0).to_string(),
            Some('F') => strftime(d, "%Y-%m-%d"),
            Some('D') | Some('x') => strftime(d, "%m/%d/%y"),
            Some('T') | Some('X') => strftime(d, "%H:%M:%S"),
            Some('R') => strftime(d, "%H:%M"),
            Some('r') => strftime(d, "%I:%M:%S %p"),
            Some('c') => strftime(d, "%a %b %e %H:%M:%S %Y"),
            Some('n') => "\n".into(),
            Some('t') => "\t".into(),
            Some('%') => "%".into(),
            Some(other) => format!("%{other}"),
            None => "%".into(),
        };
        if upper {
            out.push_str(&crate::case::upper(&piece));
        } else {
            out.push_str(&piece);
        }
    }
    out
}

// ---------------------------------------------------------------- rendering

struct Renderer<'s, 'e> {
    src: &'s str,
    env: &'e Env<'e>,
    out: String,
    map: SourceMap,
    placeholders: Vec<Placeholder>,
    warnings: Vec<(WarningKind, String, usize)>,
    scopes: Vec<HashMap<String, L>>,
    warned: Vec<String>,
    iterations: usize,
    depth: usize,
    /// Where the tag being evaluated starts (for warnings from expressions).
    at: usize,
    max_output: usize,
    /// Bytes written so far, captures included.
    produced: usize,
    /// Bytes filters have read and made so far (with an estimate of what a
    /// filter will make, taken before it runs).
    work: usize,
    max_work: usize,
    truncated: bool,
    /// See [`Rendered::made_ampersand`].
    made_ampersand: bool,
}

/// How a block of nodes ended.
#[derive(PartialEq)]
enum Flow {
    Normal,
    Break,
    Continue,
}

impl<'s> Renderer<'s, '_> {
    /// Whether output may still grow; says once when it may not. Counts
    /// everything ever written, not what `out` holds now: a capture takes its
    /// text out of `out`, and a capture that outputs itself in a loop doubles
    /// each time.
    fn room(&mut self) -> bool {
        if self.produced <= self.max_output && self.work <= self.max_work {
            return true;
        }
        if !self.truncated {
            self.truncated = true;
            let message = if self.produced > self.max_output {
                format!(
                    "Liquid made more than {} KB of text from this post; the rest of its output was left out",
                    self.max_output >> 10
                )
            } else {
                format!(
                    "Liquid filters went through more than {} MB of text for this post; the rest of its output was left out",
                    self.max_work >> 20
                )
            };
            self.warnings.push((WarningKind::Liquid, message, self.at));
        }
        false
    }

    fn copy(&mut self, start: usize, end: usize) {
        if !self.room() {
            return;
        }
        self.produced += end.saturating_sub(start);
        self.map.segments.push((self.out.len(), start, true));
        let text = &self.src[start..end];
        // A reference the source did not hold can be joined around a tag:
        // `&#x{% … %}FDD0;`. Only a copy that ends in the start of one
        // (an `&`, then only `#`, `x` and hex digits) can begin such a join.
        self.made_ampersand = self.made_ampersand
            || text.rfind('&').is_some_and(|i| {
                text[i + 1..]
                    .bytes()
                    .all(|b| b == b'#' || b == b'x' || b == b'X' || b.is_ascii_hexdigit())
            });
        self.out.push_str(text);
    }

    /// Text the tags made (values, URLs, filter output). Its marker
    /// characters are [`Self::placeholder`]'s own (a capture keeps them):
    /// the source, front-matter strings and `markdownify`'s decoded text
    /// hold none (see `reserved`), and no filter decodes bytes or references
    /// into characters; one that does must make reserved ones U+FFFD.
    fn generated(&mut self, text: &str, at: usize) {
        if !self.room() {
            return;
        }
        self.made_ampersand = self.made_ampersand || text.as_bytes().contains(&b'&');
        self.produced += text.len();
        self.map.segments.push((self.out.len(), at, false));
        self.out.push_str(text);
        self.map.segments.push((self.out.len(), at, false));
    }

    fn warn(&mut self, message: String, at: usize) {
        self.warnings.push((WarningKind::Liquid, message, at));
    }

    fn placeholder(&mut self, tag: &str, markup: &str, at: usize, why: &str) {
        let markup = self.interpolate(markup);
        let markup = markup.as_str();
        let label = if markup.is_empty() {
            tag.to_owned()
        } else {
            format!("{tag} {}", crate::util::truncate(markup, 60))
        };
        self.warn(
            format!("Liquid `{label}` {why}; a placeholder is shown instead"),
            at,
        );
        if !self.room() {
            return;
        }
        // Counted as the element it becomes, not as the short marker.
        self.produced += label.len() + PLACEHOLDER_HTML;
        let mark = format!("{MARK_OPEN}{}{MARK_CLOSE}", self.placeholders.len());
        self.placeholders.push(Placeholder { label });
        self.generated(&mark, at);
    }

    /// `{{ x }}` inside a tag's markup (`{% include {{ page.file }} %}`), evaluated.
    fn interpolate(&mut self, markup: &str) -> String {
        let mut out = String::new();
        let mut rest = markup;
        while let Some(open) = rest.find("{{") {
            out.push_str(&rest[..open]);
            let Some(close) = rest[open..].find("}}") else {
                rest = &rest[open + 2..];
                continue;
            };
            let expr = &rest[open + 2..open + close];
            let value = self.expression_with_filters(expr.trim_matches('-'), self.at);
            out.push_str(&value.to_output());
            rest = &rest[open + close + 2..];
        }
        out.push_str(rest);
        out
    }

    fn nodes(&mut self, nodes: &[Node<'s>]) -> Flow {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            self.depth -= 1;
            return Flow::Normal;
        }
        for node in nodes {
            let flow = self.node(node);
            if flow != Flow::Normal {
                self.depth -= 1;
                return flow;
            }
        }
        self.depth -= 1;
        Flow::Normal
    }

    fn node(&mut self, node: &Node<'s>) -> Flow {
        match node {
            Node::Output(_, at)
            | Node::Tag(_, _, at)
            | Node::For { at, .. }
            | Node::Code { at, .. } => {
                self.at = *at;
            }
            _ => {}
        }
        match node {
            Node::Text(start, end) | Node::Raw(start, end) => self.copy(*start, *end),
            Node::Output(markup, at) => {
                let value = self.expression_with_filters(markup, *at);
                let text = value.to_output();
                self.generated(&text, *at);
            }
            Node::Tag(name, markup, at) => return self.simple_tag(name, markup, *at),
            Node::If { branches, negate } => {
                for (i, (cond, body)) in branches.iter().enumerate() {
                    let take = match cond {
                        None => true,
                        Some(c) => {
                            let v = self.condition(c);
                            if i == 0 && *negate {
                                !v
                            } else {
                                v
                            }
                        }
                    };
                    if take {
                        return self.nodes(body);
                    }
                }
            }
            Node::Case { subject, whens } => {
                let value = self.expression(subject);
                for (cond, body) in whens {
                    let hit = match cond {
                        None => true,
                        Some(list) => split_outside_quotes(list, &[",", " or "])
                            .iter()
                            .any(|w| self.expression(w.trim()) == value),
                    };
                    if hit {
                        return self.nodes(body);
                    }
                }
            }
            Node::For {
                markup,
                body,
                otherwise,
                at,
            } => return self.for_loop(markup, body, otherwise, *at),
            Node::Capture(var, body) => {
                let saved_len = self.out.len();
                let saved_segments = self.map.segments.len();
                self.nodes(body);
                let text = self.out.split_off(saved_len);
                self.map.segments.truncate(saved_segments);
                let name = var
                    .trim()
                    .trim_matches(|c| c == '"' || c == '\'')
                    .to_owned();
                self.set(name, L::Str(text));
            }
            Node::Code {
                lang,
                linenos,
                body,
                at,
            } => {
                let saved_len = self.out.len();
                let saved_segments = self.map.segments.len();
                self.nodes(body);
                let code = self.out.split_off(saved_len);
                self.map.segments.truncate(saved_segments);
                self.code_block(lang, *linenos, &code, *at);
            }
        }
        Flow::Normal
    }

    /// `{% highlight %}` becomes a fenced code block the Markdown stage reads:
    /// a fence longer than any backtick run inside, on lines of its own.
    fn code_block(&mut self, lang: &str, linenos: bool, code: &str, at: usize) {
        let longest = code.split(|c| c != '`').map(str::len).max().unwrap_or(0);
        let fence = "`".repeat(longest.max(2) + 1);
        let code = code.trim_start_matches(['\r', '\n']);
        let code = code.trim_end();
        let mut block = String::with_capacity(code.len() + 16);
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            block.push('\n');
        }
        let lang: String = lang
            .chars()
            .filter(|c| c.is_alphanumeric() || "+-_#.".contains(*c))
            .collect();
        let numbered = if linenos { " linenos" } else { "" };
        let _ = write!(block, "{fence}{lang}{numbered}\n{code}\n{fence}\n");
        self.generated(&block, at);
    }

    fn simple_tag(&mut self, name: &str, markup: &str, at: usize) -> Flow {
        match name {
            "assign" => {
                if let Some((var, expr)) = markup.split_once('=') {
                    let var = var.trim();
                    let parts = split_outside_quotes(expr, &["|"]);
                    // `assign s = s | append: x` in a loop: the value moves
                    // through the filters instead of being copied each pass.
                    // (Not when a filter's arguments read it too.)
                    let own = parts.len() > 1
                        && parts[0].trim() == var
                        && !parts[1..].iter().any(|f| reads_variable(f, var))
                        && self.scopes[1..].iter().all(|s| !s.contains_key(var));
                    let taken = if own {
                        self.scopes[0].remove(var)
                    } else {
                        None
                    };
                    let value = match taken {
                        Some(value) => self.filters(value, &parts[1..], at),
                        None => self.filtered(&parts, at),
                    };
                    self.set(var.to_owned(), value);
                }
            }
            "break" => return Flow::Break,
            "continue" => return Flow::Continue,
            "post_url" => {
                let url = post_url(markup.trim(), self.env);
                self.generated(&url, at);
            }
            "link" => {
                let url = link_url(markup.trim(), self.env);
                self.generated(&url, at);
            }
            "increment" | "decrement" => {
                let var = markup.trim().to_owned();
                let current = match self.lookup_var(&var) {
                    Some(&L::Int(i)) => i,
                    _ => 0,
                };
                let (shown, next) = if name == "increment" {
                    (current, current + 1)
                } else {
                    (current - 1, current - 1)
                };
                self.set(var, L::Int(next));
                self.generated(&shown.to_string(), at);
            }
            "include" | "include_relative" | "render" | "include_cached" => self.placeholder(
                name,
                markup,
                at,
                "needs the site's _includes, which only a Jekyll build has",
            ),
            "endraw" | "endcomment" | "endif" | "endunless" | "endfor" | "endcase"
            | "endcapture" | "endhighlight" | "else" | "elsif" | "when" => {
                self.warn(
                    format!("Liquid `{name}` without its opening tag was removed"),
                    at,
                );
            }
            _ if name.starts_with("end") => {
                // The end of an unknown block tag, already reported at its start.
            }
            _ => self.placeholder(
                name,
                markup,
                at,
                "is a plugin tag that needs a Jekyll build",
            ),
        }
        Flow::Normal
    }

    fn for_loop(
        &mut self,
        markup: &str,
        body: &[Node<'s>],
        otherwise: &[Node<'s>],
        at: usize,
    ) -> Flow {
        let Some((var, rest)) = markup.split_once(" in ") else {
            self.warn(
                format!("Liquid `for {markup}` is not a loop Liquid can read; it was removed"),
                at,
            );
            return Flow::Normal;
        };
        let var = var.trim().to_owned();
        let mut words = rest.split_whitespace();
        let collection_expr = words.next().unwrap_or("");
        let (mut limit, mut offset, mut reversed) = (None, 0usize, false);
        for w in words {
            if w == "reversed" {
                reversed = true;
            } else if let Some(n) = w.strip_prefix("limit:") {
                limit = n.parse().ok();
            } else if let Some(n) = w.strip_prefix("offset:") {
                offset = n.parse().unwrap_or(0);
            }
        }
        let root = collection_expr.split(['.', '[']).next().unwrap_or("");
        // A range starts at the offset: `(1..200000) offset:150000` runs.
        let (items, offset) = if collection_expr.starts_with('(') {
            (range(collection_expr, offset, self), 0)
        } else {
            let value = if root == "site" || root == "paginator" {
                let Some(value) = self.lookup_path(collection_expr) else {
                    self.placeholder(
                        "for",
                        markup,
                        at,
                        "loops over the site's content, which only a Jekyll build has",
                    );
                    return Flow::Normal;
                };
                value
            } else {
                self.expression(collection_expr)
            };
            let items = match value {
                L::List(items) => items,
                L::Map(m) => m
                    .iter()
                    .map(|(k, v)| L::List(vec![L::Str(k.to_owned()), L::from_value(v)]))
                    .collect(),
                L::Str(s) if !s.is_empty() => vec![L::Str(s)],
                _ => Vec::new(),
            };
            (items, offset)
        };
        let mut items: Vec<L> = items.into_iter().skip(offset).collect();
        if let Some(limit) = limit {
            items.truncate(limit);
        }
        if reversed {
            items.reverse();
        }
        if items.is_empty() {
            return self.nodes(otherwise);
        }
        let len = items.len();
        self.scopes.push(HashMap::new());
        for (i, item) in items.into_iter().enumerate() {
            self.iterations += 1;
            if self.iterations > MAX_ITERATIONS {
                self.warn(
                    format!(
                        "Liquid loops ran more than {MAX_ITERATIONS} times; the rest was left out"
                    ),
                    at,
                );
                break;
            }
            if !self.room() {
                break;
            }
            let mut forloop = Map::new();
            forloop.insert("index".into(), Value::Int(i as i64 + 1));
            forloop.insert("index0".into(), Value::Int(i as i64));
            forloop.insert("rindex".into(), Value::Int((len - i) as i64));
            forloop.insert("rindex0".into(), Value::Int((len - i - 1) as i64));
            forloop.insert("first".into(), Value::Bool(i == 0));
            forloop.insert("last".into(), Value::Bool(i + 1 == len));
            forloop.insert("length".into(), Value::Int(len as i64));
            if let Some(scope) = self.scopes.last_mut() {
                scope.insert(var.clone(), item);
                scope.insert("forloop".into(), L::Map(forloop));
            }
            if self.nodes(body) == Flow::Break {
                break;
            }
        }
        self.scopes.pop();
        Flow::Normal
    }

    fn set(&mut self, name: String, value: L) {
        // `assign` and `capture` write the template's top scope, as in Liquid.
        if let Some(scope) = self.scopes.first_mut() {
            scope.insert(name, value);
        }
    }

    fn lookup_var(&self, name: &str) -> Option<&L> {
        self.scopes.iter().rev().find_map(|s| s.get(name))
    }

    // ------------------------------------------------------------ expressions

    fn condition(&mut self, markup: &str) -> bool {
        // `or` and `and` are evaluated right to left in Liquid, without precedence.
        let parts = split_outside_quotes(markup, &[" or ", " and "]);
        let mut ops = Vec::new();
        let mut rest = markup;
        for part in &parts {
            if let Some(pos) = rest.find(part.as_str()) {
                let before = &rest[..pos];
                if before.contains(" or ") {
                    ops.push("or");
                } else if before.contains(" and ") {
                    ops.push("and");
                }
                rest = &rest[pos + part.len()..];
            }
        }
        let mut value = self.comparison(parts.last().map_or("", |s| s.as_str()));
        for i in (0..parts.len().saturating_sub(1)).rev() {
            let left = self.comparison(&parts[i]);
            value = match ops.get(i) {
                Some(&"and") => left && value,
                _ => left || value,
            };
        }
        value
    }

    fn comparison(&mut self, markup: &str) -> bool {
        for op in ["==", "!=", "<>", ">=", "<=", ">", "<", " contains "] {
            if let Some(i) = find_outside_quotes(markup, op) {
                let a = self.expression(markup[..i].trim());
                let b = self.expression(markup[i + op.len()..].trim());
                return compare(&a, op.trim(), &b);
            }
        }
        self.expression(markup.trim()).truthy()
    }

    fn expression_with_filters(&mut self, markup: &str, at: usize) -> L {
        self.filtered(&split_outside_quotes(markup, &["|"]), at)
    }

    /// An expression and its filters, split at the `|`s.
    fn filtered(&mut self, parts: &[String], at: usize) -> L {
        let first = parts[0].trim();
        // `page.photos | size` need not copy the photos.
        if let Some(name @ ("size" | "first" | "last")) = parts.get(1).map(|f| f.trim()) {
            if let Some(value) = self.cheap_filter(first, name) {
                return self.filters(value, &parts[2..], at);
            }
        }
        let value = self.expression(first);
        self.filters(value, &parts[1..], at)
    }

    /// `size`, `first` or `last` of the list (or the size of the string) at
    /// `path`, without copying it; `None` when it is something else.
    fn cheap_filter(&mut self, path: &str, name: &str) -> Option<L> {
        if !path.starts_with(|c: char| c.is_alphabetic() || c == '_')
            || matches!(path, "nil" | "null" | "true" | "false" | "empty" | "blank")
        {
            return None;
        }
        let (root, segments) = self.path(path)?;
        let found = self.find(&root, &segments)?;
        let list = matches!(found, Found::L(L::List(_)) | Found::V(Value::List(_)));
        let string = matches!(found, Found::L(L::Str(_)) | Found::V(Value::String(_)));
        if !(list || (string && name == "size")) {
            return None;
        }
        // Counting a string's characters reads all of it.
        let read = match found {
            Found::L(L::Str(s)) | Found::V(Value::String(s)) => s.len(),
            _ => 0,
        };
        let value = found.step(name)?.take();
        self.work = self.work.saturating_add(read + value.weight());
        Some(value)
    }

    /// Runs `value` through the filters (`name: args`), stopping at the work limit.
    fn filters(&mut self, mut value: L, filters: &[String], at: usize) -> L {
        for filter in filters {
            let (name, args) = match filter.split_once(':') {
                Some((n, a)) => (n.trim(), split_outside_quotes(a, &[","])),
                None => (filter.trim(), Vec::new()),
            };
            let args: Vec<L> = args
                .iter()
                .map(|a| {
                    let a = a.trim();
                    // Keyword arguments (`truncate: 20, "…"`) are rare; values only.
                    let a = a.split_once(": ").map_or(a, |(_, v)| v);
                    self.expression(a)
                })
                .collect();
            self.work = self.work.saturating_add(filter_cost(name, &value, &args));
            if !self.room() {
                return L::Nil;
            }
            value = self.filter(name, value, &args, at);
        }
        value
    }

    fn expression(&mut self, markup: &str) -> L {
        let m = markup.trim();
        if m.is_empty() {
            return L::Nil;
        }
        if let Some(s) = m.strip_prefix('"').and_then(|r| r.strip_suffix('"')) {
            return L::Str(s.to_owned());
        }
        if let Some(s) = m.strip_prefix('\'').and_then(|r| r.strip_suffix('\'')) {
            return L::Str(s.to_owned());
        }
        match m {
            "nil" | "null" => return L::Nil,
            "true" => return L::Bool(true),
            "false" => return L::Bool(false),
            "empty" | "blank" => return L::Empty,
            _ => {}
        }
        if let Ok(i) = m.parse::<i64>() {
            return L::Int(i);
        }
        if let Some(f) = crate::value::parse_f64(m) {
            if m.bytes()
                .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-')
            {
                return L::Float(f);
            }
        }
        if m.starts_with('(') {
            return L::List(range(m, 0, self));
        }
        match self.lookup_path(m) {
            Some(v) => v,
            None => {
                let root = m.split(['.', '[']).next().unwrap_or("");
                let needs_build = root == "site"
                    || root == "paginator"
                    || m.starts_with("page.previous")
                    || m.starts_with("page.next");
                if needs_build && !self.warned.iter().any(|w| w == m) {
                    self.warned.push(m.to_owned());
                    self.warnings.push((
                        WarningKind::Liquid,
                        format!("Liquid variable `{m}` needs a Jekyll build (or a `site` option); it was left empty"),
                        self.at,
                    ));
                }
                L::Nil
            }
        }
    }

    /// Looks up `a.b[0]["c"].size`; `None` when the root is unknown. Only
    /// the value found is copied (and counted as work), not what holds it.
    fn lookup_path(&mut self, path: &str) -> Option<L> {
        let (root, segments) = self.path(path)?;
        let value = self.find(&root, &segments)?.take();
        self.work = self.work.saturating_add(value.weight());
        Some(value)
    }

    /// `path` split into its root and its steps, bracketed variables looked up.
    fn path(&mut self, path: &str) -> Option<(String, Vec<String>)> {
        let mut segments = path_segments(path)?;
        if segments.is_empty() {
            return None;
        }
        let root = segments.remove(0);
        for seg in &mut segments {
            if let Some(var) = seg.strip_prefix('\u{0}') {
                *seg = match self.expression(var) {
                    L::Int(i) => i.to_string(),
                    other => other.to_output(),
                };
            }
        }
        Some((root, segments))
    }

    /// The value at `root.segments…`, borrowed where it can be.
    fn find(&self, root: &str, segments: &[String]) -> Option<Found<'_>> {
        let env = self.env;
        let (mut value, segments) = match root {
            "page" if segments.first().is_some_and(|s| s == "date") => (
                Found::Owned(env.date.map_or(L::Nil, L::Date)),
                &segments[1..],
            ),
            "page" => (Found::Map(env.page), segments),
            "site" => (Found::Map(env.site), segments),
            name => (
                Found::L(self.scopes.iter().rev().find_map(|s| s.get(name))?),
                segments,
            ),
        };
        let global = root == "page" || root == "site";
        for seg in segments {
            value = match value.step(seg) {
                Some(next) => next,
                None if global => return None,
                None => return Some(Found::Owned(L::Nil)),
            };
        }
        Some(value)
    }

    fn filter(&mut self, name: &str, v: L, args: &[L], at: usize) -> L {
        let arg = |i: usize| args.get(i).cloned().unwrap_or(L::Nil);
        let s = || v.to_output();
        let site = |key: &str| {
            self.env
                .site
                .get(key)
                .and_then(Value::to_text)
                .unwrap_or_default()
        };
        match name {
            "relative_url" => L::Str(relative_url(&site("baseurl"), &s())),
            "absolute_url" => {
                let rel = relative_url(&site("baseurl"), &s());
                L::Str(format!("{}{rel}", site("url").trim_end_matches('/')))
            }
            "date" => match self.as_date(&v) {
                Some(d) => L::Str(strftime(&d, &arg(0).to_output())),
                None => v,
            },
            "date_to_xmlschema" => self.date_fmt(v, |d| d.to_xmlschema()),
            "date_to_rfc822" => self.date_fmt(v, |d| strftime(d, "%a, %d %b %Y %H:%M:%S %z")),
            "date_to_string" => self.date_fmt(v, |d| strftime(d, "%d %b %Y")),
            "date_to_long_string" => self.date_fmt(v, |d| strftime(d, "%d %B %Y")),
            "escape" | "xml_escape" | "h" => {
                let mut out = String::new();
                crate::escape::attr(&mut out, &s());
                L::Str(out)
            }
            "escape_once" => {
                let mut out = String::new();
                crate::escape::attr_keep_refs(&mut out, &s());
                L::Str(out)
            }
            "default" => {
                if v.truthy() && !v.is_empty() {
                    v
                } else {
                    arg(0)
                }
            }
            "upcase" => L::Str(crate::case::upper(&s())),
            "downcase" => L::Str(crate::case::lower(&s())),
            "capitalize" => L::Str(crate::case::capitalize(&s())),
            "strip_html" => L::Str(strip_html(&s())),
            "strip_newlines" => L::Str(s().replace(['\r', '\n'], "")),
            "newline_to_br" => L::Str(s().replace('\n', "<br />\n")),
            "strip" => L::Str(s().trim().to_owned()),
            "lstrip" => L::Str(s().trim_start().to_owned()),
            "rstrip" => L::Str(s().trim_end().to_owned()),
            "jsonify" => L::Str(v.to_json()),
            "append" => match v {
                L::Str(mut s) => {
                    s.push_str(&arg(0).to_output());
                    L::Str(s)
                }
                other => L::Str(other.to_output() + &arg(0).to_output()),
            },
            "prepend" => L::Str(arg(0).to_output() + &s()),
            "replace" => L::Str(s().replace(&arg(0).to_output(), &arg(1).to_output())),
            "replace_first" => L::Str(s().replacen(&arg(0).to_output(), &arg(1).to_output(), 1)),
            "remove" => L::Str(s().replace(&arg(0).to_output(), "")),
            "remove_first" => L::Str(s().replacen(&arg(0).to_output(), "", 1)),
            "size" => v.size(),
            "slugify" => L::Str(crate::meta::slugify(&s(), false)),
            "url_encode" | "cgi_escape" | "uri_escape" | "url_escape" => {
                let mut out = String::new();
                for b in s().bytes() {
                    if b.is_ascii_alphanumeric()
                        || b"-_.~".contains(&b)
                        || (name != "url_encode"
                            && name != "cgi_escape"
                            && b"/:?#[]@!$&'()*+,;=".contains(&b))
                    {
                        out.push(b as char);
                    } else if b == b' ' && name != "uri_escape" {
                        out.push('+');
                    } else {
                        let _ = write!(out, "%{b:02X}");
                    }
                }
                L::Str(out)
            }
            "number_of_words" => L::Int(s().split_whitespace().count() as i64),
            "split" => L::List(
                s().split(&arg(0).to_output() as &str)
                    .map(|p| L::Str(p.to_owned()))
                    .collect(),
            ),
            "join" => match v {
                L::List(items) => L::Str(
                    items
                        .iter()
                        .map(L::to_output)
                        .collect::<Vec<_>>()
                        .join(&arg(0).to_output()),
                ),
                other => other,
            },
            "first" => match v {
                L::List(items) => items.first().cloned().unwrap_or(L::Nil),
                L::Str(s) => L::Str(s.chars().next().map(String::from).unwrap_or_default()),
                _ => L::Nil,
            },
            "last" => match v {
                L::List(items) => items.last().cloned().unwrap_or(L::Nil),
                _ => L::Nil,
            },
            "reverse" => match v {
                L::List(mut items) => {
                    items.reverse();
                    L::List(items)
                }
                other => other,
            },
            "sort" | "sort_natural" => match v {
                L::List(mut items) => {
                    items.sort_by_cached_key(L::to_output);
                    L::List(items)
                }
                other => other,
            },
            "uniq" => match v {
                L::List(items) => {
                    let mut seen = HashSet::new();
                    L::List(
                        items
                            .into_iter()
                            .filter(|item| seen.insert(uniq_key(item)))
                            .collect(),
                    )
                }
                other => other,
            },
            "compact" => match v {
                L::List(items) => L::List(items.into_iter().filter(|i| *i != L::Nil).collect()),
                other => other,
            },
            "map" => match v {
                L::List(items) => {
                    let key = arg(0).to_output();
                    L::List(
                        items
                            .into_iter()
                            .map(|i| match i {
                                L::Map(m) => m.get(&key).map_or(L::Nil, L::from_value),
                                _ => L::Nil,
                            })
                            .collect(),
                    )
                }
                other => other,
            },
            "truncate" => {
                let text = s();
                let n = arg(0).as_f64().unwrap_or(50.0).max(0.0) as usize;
                let ellipsis = if args.len() > 1 {
                    arg(1).to_output()
                } else {
                    "...".into()
                };
                if text.chars().count() <= n {
                    L::Str(text)
                } else {
                    let keep = n.saturating_sub(ellipsis.chars().count());
                    L::Str(text.chars().take(keep).collect::<String>() + &ellipsis)
                }
            }
            "truncatewords" => {
                let text = s();
                let n = arg(0).as_f64().unwrap_or(15.0).max(1.0) as usize;
                let words: Vec<&str> = text.split_whitespace().collect();
                if words.len() <= n {
                    L::Str(text)
                } else {
                    let ellipsis = if args.len() > 1 {
                        arg(1).to_output()
                    } else {
                        "...".into()
                    };
                    L::Str(words[..n].join(" ") + &ellipsis)
                }
            }
            "plus" | "minus" | "times" | "divided_by" | "modulo" => {
                let (a, b) = (v.to_number(), arg(0).to_number());
                let ints = matches!((&a, &b), (L::Int(_), L::Int(_)));
                let (a, b) = (a.as_f64().unwrap_or(0.0), b.as_f64().unwrap_or(0.0));
                let r = match name {
                    "plus" => a + b,
                    "minus" => a - b,
                    "times" => a * b,
                    "divided_by" if b == 0.0 => return L::Nil,
                    "divided_by" if ints => (a / b).floor(),
                    "divided_by" => a / b,
                    _ if b == 0.0 => return L::Nil,
                    _ => a % b,
                };
                if ints && r.abs() < 9.0e15 {
                    L::Int(r as i64)
                } else {
                    L::Float(r)
                }
            }
            "abs" => v.as_f64().map_or(L::Nil, |f| {
                if f.fract() == 0.0 {
                    L::Int(f.abs() as i64)
                } else {
                    L::Float(f.abs())
                }
            }),
            "round" | "ceil" | "floor" => v.as_f64().map_or(L::Nil, |f| {
                L::Int(match name {
                    "round" => f.round(),
                    "ceil" => f.ceil(),
                    _ => f.floor(),
                } as i64)
            }),
            "markdownify" => L::Str((self.env.markdownify)(&s(), self.env.options)),
            "inspect" => L::Str(v.inspect()),
            "array_to_sentence_string" => match v {
                L::List(items) => {
                    let words: Vec<String> = items.iter().map(L::to_output).collect();
                    L::Str(match words.len() {
                        0 => String::new(),
                        1 => words[0].clone(),
                        2 => format!("{} and {}", words[0], words[1]),
                        n => format!("{}, and {}", words[..n - 1].join(", "), words[n - 1]),
                    })
                }
                other => other,
            },
            _ => {
                self.warn(
                    format!(
                        "Liquid filter `{name}` is not supported; the value was left unfiltered"
                    ),
                    at,
                );
                v
            }
        }
    }

    fn as_date(&self, v: &L) -> Option<DateTime> {
        match v {
            L::Date(d) => Some(*d),
            L::Str(s) if s == "now" || s == "today" => self.env.date,
            L::Str(s) => date::parse(s),
            _ => None,
        }
    }

    fn date_fmt(&self, v: L, f: impl Fn(&DateTime) -> String) -> L {
        match self.as_date(&v) {
            Some(d) => L::Str(f(&d)),
            None => v,
        }
    }
}

/// Bytes a filter reads plus, for the filters whose result can be many times
/// their input, an estimate of the bytes it makes; taken before it runs.
/// (Finding the value was counted already: a lookup counts what it copies.)
fn filter_cost(name: &str, v: &L, args: &[L]) -> usize {
    let arg = |i: usize| args.get(i).map(L::to_output).unwrap_or_default();
    let input = match name {
        // These take an item or the length, or (`append`) add to the end.
        "size" | "first" | "last" | "default" | "append" => FILTER_CALL,
        _ => v.weight().max(FILTER_CALL),
    };
    let made = match (name, v) {
        ("replace", _) => {
            let (s, old) = (v.to_output(), arg(0));
            let count = if old.is_empty() {
                s.chars().count() + 1
            } else {
                s.matches(old.as_str()).count()
            };
            count.saturating_mul(arg(1).len())
        }
        ("replace_first" | "append" | "prepend", _) => arg(0).len() + arg(1).len(),
        // A whole Markdown render: dearer per byte than string filters.
        ("markdownify", _) => input.saturating_mul(8),
        // Keys made, then about n·log₂n comparisons.
        ("sort" | "sort_natural", L::List(items)) => {
            let n = items.len();
            input + n * (n.max(2).ilog2() as usize) * 4
        }
        ("join", L::List(items)) => items.len().saturating_mul(arg(0).len() + 1),
        // Each part is a value of its own (about 32 bytes before its text).
        ("split", _) => {
            let (s, sep) = (v.to_output(), arg(0));
            let parts = if sep.is_empty() {
                s.chars().count()
            } else {
                s.matches(sep.as_str()).count() + 1
            };
            parts.saturating_mul(32)
        }
        _ => 0,
    };
    input.saturating_add(made)
}

/// A value a path leads to: borrowed from the page, the site or a variable
/// until it is taken, so a lookup copies only what it finds.
enum Found<'x> {
    L(&'x L),
    V(&'x Value),
    Map(&'x Map),
    Owned(L),
}

impl<'x> Found<'x> {
    fn take(self) -> L {
        match self {
            Found::L(l) => l.clone(),
            Found::V(v) => L::from_value(v),
            Found::Map(m) => L::Map(m.clone()),
            Found::Owned(l) => l,
        }
    }

    /// One step along a path (a key, an index, `size`, `first`, `last`);
    /// `None` for a key a map does not have.
    fn step(self, seg: &str) -> Option<Found<'x>> {
        let list_item = |len: usize| match seg {
            "first" => Some(0),
            "last" => len.checked_sub(1),
            _ => seg.parse::<i64>().ok().and_then(|i| {
                let i = if i < 0 { len as i64 + i } else { i };
                usize::try_from(i).ok()
            }),
        };
        let nil = Found::Owned(L::Nil);
        Some(match self {
            Found::Owned(l) => return Found::L(&l).step(seg).map(|f| Found::Owned(f.take())),
            Found::Map(m) | Found::L(L::Map(m)) | Found::V(Value::Map(m)) => match m.get(seg) {
                Some(v) => Found::V(v),
                None if seg == "size" => Found::Owned(L::Int(m.len() as i64)),
                None => return None,
            },
            Found::L(l @ (L::Str(_) | L::List(_))) if seg == "size" => Found::Owned(l.size()),
            Found::V(Value::String(s)) if seg == "size" => {
                Found::Owned(L::Int(s.chars().count() as i64))
            }
            Found::V(Value::List(items)) if seg == "size" => {
                Found::Owned(L::Int(items.len() as i64))
            }
            Found::L(L::List(items)) => list_item(items.len())
                .and_then(|i| items.get(i))
                .map_or(nil, Found::L),
            Found::V(Value::List(items)) => list_item(items.len())
                .and_then(|i| items.get(i))
                .map_or(nil, Found::V),
            _ => nil,
        })
    }
}

/// Equal for the values Ruby's `uniq` takes as equal: typed, with strings
/// length-prefixed (`1` and `"1"`, or `[a, bc]` and `[ab, c]`, differ), maps
/// whatever their key order.
fn uniq_key(item: &L) -> String {
    let mut key = String::new();
    write_key(&mut key, item);
    key
}

fn write_key(key: &mut String, item: &L) {
    match item {
        L::Nil => key.push('n'),
        L::Empty => key.push('e'),
        L::Bool(b) => key.push(if *b { 't' } else { 'f' }),
        L::Int(i) => {
            let _ = write!(key, "i{i};");
        }
        L::Float(f) => {
            // Ruby's `eql?` takes 0.0 and -0.0 as equal.
            let f = if *f == 0.0 { 0.0f64 } else { *f };
            let _ = write!(key, "d{};", f.to_bits());
        }
        L::Date(_) => {
            let text = item.to_output();
            let _ = write!(key, "D{}:{text}", text.len());
        }
        L::Str(s) => {
            let _ = write!(key, "s{}:{s}", s.len());
        }
        L::List(items) => {
            let _ = write!(key, "[{}:", items.len());
            items.iter().for_each(|item| write_key(key, item));
        }
        L::Map(m) => write_map_key(key, m),
    }
}

fn write_value_key(key: &mut String, v: &Value) {
    match v {
        Value::List(items) => {
            let _ = write!(key, "[{}:", items.len());
            items.iter().for_each(|item| write_value_key(key, item));
        }
        Value::Map(m) => write_map_key(key, m),
        // Scalars key as the Liquid values they become.
        other => write_key(key, &L::from_value(other)),
    }
}

fn write_map_key(key: &mut String, m: &Map) {
    let mut entries: Vec<String> = m
        .iter()
        .map(|(k, v)| {
            let mut entry = format!("{}:{k}", k.len());
            write_value_key(&mut entry, v);
            entry
        })
        .collect();
    entries.sort_unstable();
    let _ = write!(key, "{{{}:", entries.len());
    entries.iter().for_each(|entry| {
        let _ = write!(key, "{}:{entry}", entry.len());
    });
}

fn value_weight(v: &Value) -> usize {
    VALUE_WEIGHT
        + match v {
            Value::String(s) => s.len(),
            Value::List(items) => items.iter().map(value_weight).sum::<usize>(),
            Value::Map(m) => m
                .iter()
                .map(|(k, v)| k.len() + value_weight(v))
                .sum::<usize>(),
            _ => 0,
        }
}

/// Whether the arguments of `filter` (`name: args`) name the variable `var`
/// (as itself or the root of a path), outside quoted strings.
fn reads_variable(filter: &str, var: &str) -> bool {
    let Some((_, args)) = filter.split_once(':') else {
        return false;
    };
    // (quote, where its text starts, whether it follows a `[`)
    let mut quote: Option<(char, usize, bool)> = None;
    let mut word_start = None;
    for (i, c) in args.char_indices().chain([(args.len(), ' ')]) {
        if let Some((q, start, bracketed)) = quote {
            // `["s"]` looks a variable up by name.
            if c == q {
                if bracketed && &args[start..i] == var {
                    return true;
                }
                quote = None;
            }
            continue;
        }
        let word = c.is_alphanumeric() || matches!(c, '_' | '-' | '?');
        match (word, word_start) {
            (true, None) => word_start = Some(i),
            (false, Some(start)) => {
                word_start = None;
                // After a single `.` it is a key (`page.s`); after `..` a
                // range bound (`(1..s)`).
                let step = args[..start].ends_with('.') && !args[..start].ends_with("..");
                if &args[start..i] == var && !step {
                    return true;
                }
            }
            _ => {}
        }
        if c == '"' || c == '\'' {
            let bracketed = args[..i].trim_end().ends_with('[');
            quote = Some((c, i + c.len_utf8(), bracketed));
        }
    }
    false
}

/// `(a..b)` from its `skip`th item on, at most one more item than a loop may
/// run (so the loop says it stopped).
fn range(markup: &str, skip: usize, r: &mut Renderer) -> Vec<L> {
    let inner = markup.trim().trim_start_matches('(').trim_end_matches(')');
    let Some((a, b)) = inner.split_once("..") else {
        return Vec::new();
    };
    let a = r.expression(a).as_f64().unwrap_or(0.0) as i64;
    let b = r.expression(b).as_f64().unwrap_or(0.0) as i64;
    if b < a {
        return Vec::new();
    }
    let a = a.saturating_add(i64::try_from(skip).unwrap_or(i64::MAX));
    let b = b.min(a.saturating_add(MAX_ITERATIONS as i64));
    if b < a {
        return Vec::new();
    }
    // Each number is a value made: counted like any other.
    let count = usize::try_from(b - a).map_or(usize::MAX, |n| n.saturating_add(1));
    r.work = r.work.saturating_add(count.saturating_mul(VALUE_WEIGHT));
    if !r.room() {
        return Vec::new();
    }
    (a..=b).map(L::Int).collect()
}

/// `a.b[0]["c"]` → ["a", "b", "0", "c"]; a bracketed variable is marked with a
/// leading NUL to be looked up.
fn path_segments(path: &str) -> Option<Vec<String>> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut chars = path.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '.' => out.push(std::mem::take(&mut cur)),
            '[' => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
                let mut inner = String::new();
                for c in chars.by_ref() {
                    if c == ']' {
                        break;
                    }
                    inner.push(c);
                }
                let inner = inner.trim();
                if let Some(s) = inner
                    .strip_prefix('"')
                    .and_then(|r| r.strip_suffix('"'))
                    .or_else(|| inner.strip_prefix('\'').and_then(|r| r.strip_suffix('\'')))
                {
                    out.push(s.to_owned());
                } else if inner.parse::<i64>().is_ok() {
                    out.push(inner.to_owned());
                } else {
                    out.push(format!("\u{0}{inner}"));
                }
                if chars.peek() == Some(&'.') {
                    chars.next();
                }
            }
            c if c.is_alphanumeric() || c == '_' || c == '-' || c == '?' => cur.push(c),
            _ => return None,
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    (!out.is_empty() && !out[0].is_empty()).then_some(out)
}

fn compare(a: &L, op: &str, b: &L) -> bool {
    match op {
        "==" => equal(a, b),
        "!=" | "<>" => !equal(a, b),
        "contains" => match a {
            L::Str(s) => s.contains(&b.to_output()),
            L::List(items) => items.iter().any(|i| equal(i, b)),
            L::Map(m) => m.contains_key(&b.to_output()),
            _ => false,
        },
        _ => {
            let ordering = match (a.as_f64(), b.as_f64()) {
                (Some(x), Some(y)) if !matches!((a, b), (L::Str(_), L::Str(_))) => {
                    x.partial_cmp(&y)
                }
                _ => Some(a.to_output().cmp(&b.to_output())),
            };
            match (op, ordering) {
                (">", Some(o)) => o.is_gt(),
                ("<", Some(o)) => o.is_lt(),
                (">=", Some(o)) => o.is_ge(),
                ("<=", Some(o)) => o.is_le(),
                _ => false,
            }
        }
    }
}

fn equal(a: &L, b: &L) -> bool {
    match (a, b) {
        (L::Empty, x) | (x, L::Empty) => x.is_empty(),
        (L::Int(x), L::Float(y)) | (L::Float(y), L::Int(x)) => (*x as f64) == *y,
        _ => a == b,
    }
}

fn find_outside_quotes(s: &str, needle: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut quote = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if s[i..].starts_with(needle) => return Some(i),
            None => {}
        }
        i += 1;
        while i < bytes.len() && !s.is_char_boundary(i) {
            i += 1;
        }
    }
    None
}

fn split_outside_quotes(s: &str, seps: &[&str]) -> Vec<String> {
    let mut parts = Vec::new();
    let mut rest = s;
    loop {
        let next = seps
            .iter()
            .filter_map(|sep| find_outside_quotes(rest, sep).map(|i| (i, sep.len())))
            .min();
        match next {
            Some((i, len)) => {
                parts.push(rest[..i].to_owned());
                rest = &rest[i + len..];
            }
            None => {
                parts.push(rest.to_owned());
                return parts;
            }
        }
    }
}

fn strip_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// Jekyll's `relative_url`: `site.baseurl` + `/` + path, slashes squeezed.
fn relative_url(baseurl: &str, path: &str) -> String {
    if path.contains("://") || path.starts_with("//") {
        return path.to_owned();
    }
    let base = baseurl.trim_end_matches('/');
    let base = if base.is_empty() || base.starts_with('/') {
        base.to_owned()
    } else {
        format!("/{base}")
    };
    format!("{base}/{}", path.trim_start_matches('/'))
}

/// `{% post_url 2010-07-21-name %}`: the URL the named post would get with the
/// site's permalink style (its own front matter is not known here).
fn post_url(name: &str, env: &Env) -> String {
    let name = name.trim_matches(|c| c == '"' || c == '\'');
    let file = format!("_posts/{name}.md");
    url_of_post(&file, env).unwrap_or_else(|| format!("/{name}"))
}

fn url_of_post(file: &str, env: &Env) -> Option<String> {
    let options = Options {
        file_name: Some(file.to_owned()),
        site: env.options.site.clone(),
        ..Options::default()
    };
    let mut warnings = Vec::new();
    let meta = crate::meta::compute(Map::new(), "", &options, &mut warnings);
    let url = meta.url?;
    let base = env.options.site.baseurl.as_deref().unwrap_or("");
    Some(relative_url(base, &url))
}

/// `{% link path %}`: a post's URL, or a page's (`about.md` → `/about.html`).
fn link_url(path: &str, env: &Env) -> String {
    let path = path.trim_matches(|c| c == '"' || c == '\'');
    if path.contains("_posts/") {
        if let Some(url) = url_of_post(path, env) {
            return url;
        }
    }
    let page = path.trim_start_matches("_pages/");
    let page = match page.rsplit_once('.') {
        Some((stem, "md" | "markdown" | "html" | "mkdn")) => format!("{stem}.html"),
        _ => page.to_owned(),
    };
    let page = page.strip_suffix("index.html").unwrap_or(&page).to_owned();
    relative_url(env.options.site.baseurl.as_deref().unwrap_or(""), &page)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_are_found_among_fullwidth_punctuation() {
        assert!(has_marks("\u{FDD0}"));
        assert!(has_marks("，：a\u{FDD1}"));
        assert!(!has_marks("，：（）\u{FDD2}\u{FDB7}"));
        assert!(!has_marks("\u{5DF7}\u{5DD0}"));
        assert!(!has_marks(""));
    }

    fn run(src: &str) -> String {
        let mut page = Map::new();
        page.insert("title".into(), Value::String("Hello".into()));
        page.insert(
            "tags".into(),
            Value::List(vec![Value::String("a".into()), Value::String("b".into())]),
        );
        let mut site = Map::new();
        site.insert("baseurl".into(), Value::String("/blog".into()));
        site.insert("url".into(), Value::String("https://ex.org".into()));
        let options = Options::default();
        let env = Env {
            page: &page,
            site: &site,
            options: &options,
            date: date::parse("2008-11-21 00:00:00 +0000"),
            markdownify: crate::markdown::markdownify,
        };
        render(src, || env).text.into_owned()
    }

    #[test]
    fn outputs_and_filters() {
        assert_eq!(
            run("{{ page.title }} {{ page.title | upcase }}"),
            "Hello HELLO"
        );
        assert_eq!(
            run("{{ site.baseurl }}/x {{ '/a' | relative_url }} {{ 'a' | absolute_url }}"),
            "/blog/x /blog/a https://ex.org/blog/a"
        );
        assert_eq!(
            run("{{ page.date }}|{{ page.date | date: \"%B %-d, %Y\" }}"),
            "2008-11-21 00:00:00 +0000|November 21, 2008"
        );
        assert_eq!(run("{{ page.date | date_to_string }}"), "21 Nov 2008");
        assert_eq!(run("{{ missing | default: 'x' }}"), "x");
        assert_eq!(
            run("{{ page.tags | join: ', ' }} {{ page.tags.size }}"),
            "a, b 2"
        );
    }

    #[test]
    fn raw_and_comment() {
        assert_eq!(
            run("{% raw %}{{ x }} {% if %}{% endraw %}!"),
            "{{ x }} {% if %}!"
        );
        assert_eq!(run("a{% comment %} {{ x }} {% endcomment %}b"), "ab");
    }

    /// Liquid's `Utils.to_number`: nil and words are the integer 0, a
    /// string is its leading integer unless it reads `-1.5`.
    #[test]
    fn math_filters_take_numbers_as_liquid_does() {
        assert_eq!(
            run("{{ nil | plus: 1 }} {{ '3' | plus: 2 }} {{ '1.5' | plus: 1 }} {{ '12abc' | times: 2 }} \
                 {{ 'abc' | plus: 1 }} {{ 7 | divided_by: 2 }} {{ 7.0 | divided_by: 2 }} {{ '-4' | minus: 1 }}"),
            "1 5 2.5 24 1 3 3.5 -5"
        );
    }

    #[test]
    fn assign_capture_if_for() {
        assert_eq!(run("{% assign x = 'hi' | upcase %}{{ x }}"), "HI");
        assert_eq!(
            run("{% capture c %}[{{ page.title }}]{% endcapture %}{{ c }}{{ c }}"),
            "[Hello][Hello]"
        );
        assert_eq!(
            run("{% if page.title == 'Hello' %}y{% else %}n{% endif %}"),
            "y"
        );
        assert_eq!(
            run("{% unless page.title %}y{% else %}n{% endunless %}"),
            "n"
        );
        assert_eq!(
            run("{% for t in page.tags %}{{ forloop.index }}{{ t }}{% endfor %}"),
            "1a2b"
        );
        assert_eq!(
            run("{% for i in (1..5) %}{% if i == 3 %}{% break %}{% endif %}{{ i }}{% endfor %}"),
            "12"
        );
        assert_eq!(
            run("{% if page.tags contains 'b' and 1 < 2 %}y{% endif %}"),
            "y"
        );
    }

    #[test]
    fn whitespace_control() {
        assert_eq!(run("a  {%- assign x = 1 -%}  b"), "ab");
    }

    #[test]
    fn highlight_becomes_a_fenced_block() {
        assert_eq!(
            run("{% highlight ruby linenos %}\nputs 1\n{% endhighlight %}"),
            "```ruby linenos\nputs 1\n```\n"
        );
        assert_eq!(
            run("{% highlight ruby %}\nputs 1\n{% endhighlight %}"),
            "```ruby\nputs 1\n```\n"
        );
    }

    #[test]
    fn includes_become_placeholders() {
        assert_eq!(run("x {% include foo.html %} y"), "x \u{FDD0}0\u{FDD1} y");
    }

    #[test]
    fn stray_braces_in_prose_stay() {
        assert_eq!(run("a {{ b\n\nc }} d"), "a {{ b\n\nc }} d");
    }
}
