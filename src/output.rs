//! What a render gives: the HTML, metadata, table of contents, statistics and warnings, and the errors that refuse a post.

use crate::{reserved, Meta};
use serde::Serialize;

/// What kind of problem a [`Warning`] reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum WarningKind {
    /// The front matter could not be read, or a value in it is unusable.
    FrontMatter,
    /// Something unsafe was removed from the post.
    Sanitized,
    /// Liquid that needs a Jekyll build became a placeholder, or was not understood.
    Liquid,
    /// An option value could not be used.
    Options,
    /// The text was not valid UTF-8 (or UTF-16) and was decoded with
    /// replacement characters, or mis-decoded text was repaired.
    Encoding,
}

/// A problem found while rendering; the rest of the post still rendered.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Warning {
    /// What kind of problem.
    pub kind: WarningKind,
    /// What happened and what was done about it.
    pub message: String,
    /// 1-based line in the file (0 when it concerns no place in the file).
    pub line: u32,
    /// 1-based column in characters (0 when it concerns no place in the file).
    pub column: u32,
}

impl WarningKind {
    /// The kind as JavaScript sees it (`frontMatter`, `sanitized`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            WarningKind::FrontMatter => "frontMatter",
            WarningKind::Sanitized => "sanitized",
            WarningKind::Liquid => "liquid",
            WarningKind::Options => "options",
            WarningKind::Encoding => "encoding",
        }
    }
}

impl Warning {
    pub(crate) fn new(kind: WarningKind, mut message: String, line: u32, column: u32) -> Self {
        // A message quotes the post, which at this point may hold the Liquid
        // stage's markers (a placeholder in a tag's attributes): never shown.
        reserved::replace_in(&mut message);
        Warning {
            kind,
            message,
            line,
            column,
        }
    }

    /// Puts warnings in file order (stable: one place's keep their order).
    /// One function for every caller: each sort call site with its own key
    /// closure is a copy of the standard library's sort in the wasm.
    pub(crate) fn sort(warnings: &mut [Warning]) {
        warnings.sort_by_key(|w| (w.line, w.column));
    }
}

/// One heading, for a table of contents.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct TocEntry {
    /// 1 to 6.
    pub level: u8,
    /// The heading's `id` on the page (with `idPrefix`).
    pub id: String,
    /// The heading's text.
    pub text: String,
}

/// Counts about the post's body.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Stats {
    /// Words in the rendered text (each CJK character counts as one).
    pub words: usize,
    /// Minutes to read at 200 words a minute, at least 1.
    pub reading_minutes: usize,
}

impl Stats {
    /// The counts for a body of `words` words.
    pub(crate) fn of_words(words: usize) -> Self {
        Stats {
            words,
            reading_minutes: words.div_ceil(200).max(1),
        }
    }
}

/// One top-level block of [`Rendered::html`]: where it ends and the source
/// line it starts on. Editors can compare blocks between renders and touch
/// only the ones that changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct BlockSpan {
    /// Byte offset in `html` where the block ends (it starts where the one
    /// before it ended).
    pub end: usize,
    /// 1-based line in the file where the block starts.
    pub line: u32,
}

/// A rendered post.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Rendered {
    /// The metadata: Jekyll's computed fields and every other front-matter key.
    pub meta: Meta,
    /// The body as safe HTML.
    pub html: String,
    /// The excerpt as safe HTML.
    pub excerpt_html: String,
    /// The headings, in order.
    pub toc: Vec<TocEntry>,
    /// Word count and reading time.
    pub stats: Stats,
    /// Everything that went wrong or was removed, with where.
    pub warnings: Vec<Warning>,
    /// `html` cut into its top-level blocks.
    #[serde(skip)]
    pub blocks: Vec<BlockSpan>,
}

/// Which blocks of a render differ from an earlier render's: the `removed`
/// blocks of the earlier one from `from` on became the `added` blocks of the
/// new one from `from` on; the blocks before and after are the same HTML.
#[cfg_attr(not(any(test, target_arch = "wasm32")), allow(dead_code))]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct BlockChange {
    pub from: usize,
    pub removed: usize,
    pub added: usize,
}

#[cfg_attr(not(any(test, target_arch = "wasm32")), allow(dead_code))]
impl Rendered {
    /// The HTML of block `i` (empty past the last).
    pub(crate) fn block_html(&self, i: usize) -> &str {
        let start = i
            .checked_sub(1)
            .and_then(|j| self.blocks.get(j))
            .map_or(0, |b| b.end);
        let end = self.blocks.get(i).map_or(start, |b| b.end);
        self.html
            .get(start.min(end)..end.min(self.html.len()))
            .unwrap_or("")
    }

    /// The blocks that changed since `before`: the longest run of equal
    /// blocks at the start, then at the end, is kept. A block's line is not
    /// compared, only its HTML.
    pub(crate) fn block_change(&self, before: &Rendered) -> BlockChange {
        let (new, old) = (self.blocks.len(), before.blocks.len());
        let from = (0..new.min(old))
            .find(|&i| self.block_html(i) != before.block_html(i))
            .unwrap_or(new.min(old));
        let same_end = (0..new.min(old) - from)
            .find(|&k| self.block_html(new - 1 - k) != before.block_html(old - 1 - k))
            .unwrap_or(new.min(old) - from);
        BlockChange {
            from,
            removed: old - from - same_end,
            added: new - from - same_end,
        }
    }
}

/// Why [`try_render`](crate::try_render) refused a post or its options.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// An option has a value inkpost cannot use.
    InvalidOption {
        /// The option, as JavaScript spells it.
        option: &'static str,
        /// What is wrong with it.
        message: String,
    },
    /// The post is larger than `max_input_bytes`.
    TooLarge {
        /// The post's size in bytes.
        bytes: usize,
        /// The limit.
        limit: usize,
    },
    /// A site configuration (`_config.yml`) could not be read.
    InvalidConfig {
        /// 1-based line in the configuration text.
        line: u32,
        /// 1-based column.
        column: u32,
        /// What is wrong.
        message: String,
    },
    /// The post's blocks nest deeper than `max_nesting`.
    TooDeep {
        /// How deep they go.
        depth: usize,
        /// The limit.
        limit: usize,
    },
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::InvalidOption { option, message } => write!(f, "invalid option {option}: {message}"),
            Error::TooLarge { bytes, limit } => write!(
                f,
                "the post is {bytes} bytes, more than maxInputBytes ({limit}); raise the limit to render it"
            ),
            Error::InvalidConfig {
                line,
                column,
                message,
            } => write!(f, "line {line}, column {column}: {message}"),
            Error::TooDeep { depth, limit } => write!(
                f,
                "the post nests blocks {depth} deep, more than maxNesting ({limit}); raise the limit to render it"
            ),
        }
    }
}

impl std::error::Error for Error {}

/// The text of an HTML fragment inkpost wrote: tags removed, the entities it
/// writes decoded, runs of whitespace folded to one space.
///
/// ```
/// assert_eq!(inkpost::html_to_text("<p>A &amp; <em>B</em></p>\n<p>C</p>"), "A & B C");
/// ```
pub fn html_to_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        text.push_str(&rest[..lt]);
        let tag = &rest[lt + 1..];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        // Block elements separate words; inline ones (`<em>`, `<a>`) do not.
        if !matches!(
            name.as_str(),
            "a" | "em"
                | "strong"
                | "code"
                | "span"
                | "b"
                | "i"
                | "u"
                | "s"
                | "del"
                | "ins"
                | "mark"
                | "small"
                | "sub"
                | "sup"
                | "abbr"
                | "kbd"
                | "samp"
                | "var"
                | "q"
                | "cite"
                | "time"
                | "img"
        ) {
            text.push(' ');
        }
        rest = tag.find('>').map_or("", |gt| &tag[gt + 1..]);
    }
    text.push_str(rest);
    let decoded = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#160;", "\u{a0}")
        .replace("&#8617;", "\u{21a9}")
        .replace("&amp;", "&");
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}
