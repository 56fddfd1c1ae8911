//! Rendering a post again after a small edit, for the live preview: when the
//! text changed only inside one top-level paragraph, and in a way that cannot
//! change the blocks around it nor take anything from the rest of the post,
//! that paragraph alone is rendered again and put in the last render's place.
//! Most keystrokes in a draft are such edits; anything else is `None`, and the
//! caller renders the whole post.
//!
//! Whether an edit qualifies is decided from the text, conservatively:
//! - the edit (what was removed and what was typed) has no line break and
//!   none of `[ ] < { } | \` (links, notes and their definitions, raw HTML,
//!   Liquid, attribute lists, table cells, escapes), and is not right after
//!   a `]` (`[a]:` would define a link, `[a] (b)` become one);
//! - the line it is on starts before it with a letter, a bracket, a
//!   parenthesis, a quote or `!`: such a line can't become a list item, a
//!   heading, a quote, a fence, a rule or a setext underline, whatever
//!   follows;
//! - the paragraph's own text has none of `< { } | \` and no `]:`; where
//!   the post defines link references or notes (a `]:` anywhere) and the
//!   paragraph has brackets, the edit is outside every link's brackets and
//!   destination (and past no quote in one) and has or touches no backtick
//!   or `$`, so no link can come to name a definition; there, too, the
//!   paragraph follows a blank line (a definition's title can be on the
//!   next line) and the post is far from pulldown-cmark's limit on
//!   expanding references;
//! - the body has no Liquid, no kramdown abbreviation, no lone CR; the edit
//!   is after the front matter and after the excerpt; the post's text makes
//!   the same kramdown-stage decision (attribute lists, `$$`, lenient `*`)
//!   before and after, and the paragraph is rendered with it;
//! - after raw HTML, where an end tag follows, the edit has and touches none
//!   of `< > ' " - = / !` and the paragraph has no `=` (an unclosed tag's
//!   tokenizing could end differently), and the post is far from the raw
//!   HTML stage's search budget; with `{:` in the post, no `&` (entities can
//!   spell an attribute list);
//!
//! and checked by rendering: the paragraph's old text rendered alone must
//! give exactly the HTML it had in the post (so nothing around it changed
//! it), one `<p>` block without warnings, and so must the new one. Words are
//! counted per block (a block's start ends a word), so the count is the old
//! one less the old paragraph's plus the new one's. The line breaks are where
//! they were, so every other block's line, warning and id stays as it was.

use crate::markdown::kramdown_stage;
use crate::output::BlockChange;
use crate::pipeline::{excerpt_separator, render_measured, Want};
use crate::{front_matter, scan, Options, Rendered, Stats};

/// Characters whose meaning can reach beyond their paragraph, or make one.
const OUTSIDE: [char; 9] = ['\n', '\r', '[', ']', '<', '{', '}', '|', '\\'];

/// Makes `before` (the render of `before_source` with `options` and the
/// blocks) `source`'s render, in place, when the edit between them allows
/// it, and says which blocks changed; `None` leaves it untouched.
pub(crate) fn render_edit(
    before_source: &str,
    before: &mut Rendered,
    source: &str,
    options: &Options,
) -> Option<BlockChange> {
    // Nothing changed: as `Rendered::block_change` says it.
    let unchanged = |r: &Rendered| BlockChange {
        from: r.blocks.len(),
        removed: 0,
        added: 0,
    };
    if options.source_lines || source.len() > options.max_input_bytes {
        return None;
    }
    let (start, old_end, new_end) = edit_range(before_source.as_bytes(), source.as_bytes());
    let (removed, typed) = (&before_source[start..old_end], &source[start..new_end]);
    if removed.is_empty() && typed.is_empty() {
        return Some(unchanged(before));
    }
    let inert = |s: &str| {
        !s.contains(OUTSIDE)
            && !s.contains(|c: char| {
                (c.is_control() && c != '\t') || matches!(c, '\u{FDD0}'..='\u{FDEF}' | '\u{FEFF}')
            })
    };
    if !inert(removed) || !inert(typed) || before_source.starts_with('\u{FEFF}') {
        return None;
    }
    // The line the edit is on starts, before the edit, with a character no
    // block starts with; right after a `]` an edit could make a definition
    // (`[a]:`) or join a link's parts (`[a] (b)`).
    let line_start = before_source[..start].rfind('\n').map_or(0, |i| i + 1);
    let lead = before_source[line_start..start].trim_start_matches([' ', '\t']);
    let plain_start =
        |c: char| c.is_alphabetic() || matches!(c, '[' | '(' | '"' | '\'' | '!' | '“' | '‘');
    if !lead.starts_with(plain_start) || lead.ends_with(']') {
        return None;
    }
    let split = front_matter::split(before_source);
    if split.unclosed || line_start < split.body_start {
        return None;
    }
    let body = &before_source[split.body_start..];
    let bytes = body.as_bytes();
    // A lone CR anywhere (the front matter too) moves every line; Liquid's
    // marker characters make the Liquid stage rewrite the text.
    if scan::find_byte(before_source.as_bytes(), b'\r', 0).is_some()
        || crate::liquid::has_marks(body)
        || scan::has_pair_of(bytes, b'{', b"{%")
        || scan::has_pair_of(bytes, b'*', b"[")
    {
        return None;
    }
    // The excerpt (unless the front matter gives it) ends before the edited
    // line, or is the whole post (no separator, before or after the edit).
    let new_body = &source[split.body_start..];
    let mut whole_excerpt = false;
    if before.meta.excerpt.is_none() {
        let data = split
            .yaml
            .map(|yaml| front_matter::parse(yaml, &mut Vec::new()))
            .unwrap_or_default();
        let separator = excerpt_separator(&data, options);
        match scan::find_str(body, &separator, 0) {
            _ if separator.is_empty() => return None,
            Some(at) if split.body_start + at + separator.len() <= line_start => {}
            Some(_) => return None,
            None if scan::find_str(new_body, &separator, 0).is_some() => return None,
            None => whole_excerpt = true,
        }
    }

    // The top-level block the edit is in, and its text: from its first line
    // to the next block's.
    let mut line = 1;
    scan::each_byte(&before_source.as_bytes()[..line_start], b'\n', |_| {
        line += 1
    });
    let i = before
        .blocks
        .iter()
        .rposition(|b| b.line as usize <= line)?;
    let old_html = before.block_html(i);
    if !old_html.starts_with("<p>") {
        return None;
    }
    let first = lines_back(
        before_source,
        line_start,
        line - before.blocks[i].line as usize,
    )?;
    let last = match before.blocks.get(i + 1) {
        Some(next) if next.line as usize > line => {
            lines_on(before_source, line_start, next.line as usize - line)?
        }
        Some(_) => return None,
        None => before_source.len(),
    };
    let old_text = &before_source[first..last];
    let defines = scan::has_pair_of(bytes, b']', b":");
    if old_text.contains(&OUTSIDE[4..]) || (defines && old_text.contains("]:")) {
        return None;
    }
    // Where the post defines link references or notes, an edit inside a
    // link's brackets or its destination could make it name one; a backtick
    // could show a bracket a code span hid.
    if defines
        && old_text.contains('[')
        && (in_link(&before_source[first..start])
            || edit_touches(before_source, start, old_end, typed, &['`', '$']))
    {
        return None;
    }
    if defines {
        // A definition's title may be on the line after it: the paragraph
        // must follow a blank line (or start the body).
        let above = &before_source[split.body_start..first];
        if let Some(above) = above.strip_suffix('\n') {
            if !above[above.rfind('\n').map_or(0, |i| i + 1)..]
                .trim()
                .is_empty()
            {
                return None;
            }
        }
        // pulldown-cmark stops expanding references once their URLs and
        // titles reach the text's length (at least 100,000 bytes): the
        // references and the longest definition (with its next line) must
        // stay well under that, or a byte more or less could matter.
        let mut opens = 0usize;
        scan::each_byte(bytes, b'[', |_| opens += 1);
        let mut longest = 0;
        let mut from = 0;
        while let Some(at) = scan::find_str(body, "]:", from) {
            let line = body[..at].rfind('\n').map_or(0, |i| i + 1);
            let end = scan::find_byte(bytes, b'\n', at)
                .and_then(|e| scan::find_byte(bytes, b'\n', e + 1))
                .unwrap_or(body.len());
            longest = longest.max(end - line);
            from = at + 2;
        }
        if opens.saturating_mul(longest) >= 100_000 {
            return None;
        }
    }
    // kramdown attribute lists and extensions can be spelt with entities
    // (`&#123;:`), which the post's `{:` makes the kramdown stage read.
    if scan::has_pair_of(bytes, b'{', b":") && (old_text.contains('&') || typed.contains('&')) {
        return None;
    }
    let grown = source.len() as isize - before_source.len() as isize;
    let new_text = &source[first..last.checked_add_signed(grown)?];

    // The post's text decides whether the kramdown stage runs, and it then
    // pairs stray `*` in every block: the paragraph alone is rendered as the
    // post decided, and an edit that changes the decision changes every block.
    // Only an edit that has or touches one of `* { : $`, or a non-ASCII
    // character, can change that decision.
    let kramdown = kramdown_stage(body);
    let may_change = edit_touches(before_source, start, old_end, typed, &['*', '{', ':', '$'])
        || !removed.is_ascii()
        || !typed.is_ascii();
    if may_change && kramdown_stage(new_body) != kramdown {
        return None;
    }
    // Raw HTML left open before the paragraph is searched for its end tag
    // through it (kramdown's HTML blocks): an edit could end a comment or a
    // quoted attribute there, and the search find the end tag after it.
    // Letters and spaces change no tokenizer state; these can, also by
    // joining the characters on either side.
    // (An `=` before a quote in the paragraph: a letter typed between them
    // makes the quote no longer start a value.)
    let tokenizing = edit_touches(
        before_source,
        start,
        old_end,
        typed,
        &['<', '>', '\'', '"', '-', '=', '/', '!'],
    ) || old_text.contains('=');
    if tokenizing
        && scan::find_byte(&bytes[..first.saturating_sub(split.body_start)], b'<', 0).is_some()
        && scan::find_str(&source[new_end..], "</", 0).is_some()
    {
        return None;
    }
    // Those searches share a budget of four times the text's length (at
    // least 64 KiB), and each spends at most the rest of the text: with few
    // HTML blocks it can't run out, whatever the length; with many, a byte
    // more or less could decide whether a later search finishes.
    let mut html_blocks = 0usize;
    scan::each_byte(bytes, b'\n', |i| {
        let line = &bytes[i + 1..];
        let indent = line.iter().take(3).take_while(|&&b| b == b' ').count();
        html_blocks += usize::from(line.get(indent) == Some(&b'<'));
    });
    let (short, long) = (
        body.len().min(new_body.len()),
        body.len().max(new_body.len()),
    );
    if (html_blocks + 1).saturating_mul(long) >= short.saturating_mul(4).max(1 << 16) {
        return None;
    }
    // Alone, the paragraph is its own excerpt (no separator): not rendered twice.
    let mut alone_options = options.clone();
    alone_options.site.excerpt_separator = Some(String::new());
    let want = Want {
        blocks: true,
        excerpt_copy: false,
    };
    let alone = |text: &str| {
        let (parts, depth) = render_measured(text, &alone_options, want, Some(kramdown));
        let r = parts.rendered;
        let one = r.blocks.len() == 1 && r.warnings.is_empty() && r.html.starts_with("<p>");
        (one && depth <= options.max_nesting).then_some(r)
    };
    let old = alone(old_text).filter(|r| r.html == old_html)?;
    let new = alone(new_text)?;

    // The paragraph's new HTML in the old one's place; the blocks after it move.
    let (at, old_len) = (before.blocks[i].end - old_html.len(), old_html.len());
    let same = old_html == new.html;
    // A whole-post excerpt is the HTML again (or left empty, as it was).
    let excerpt_copy = whole_excerpt && before.excerpt_html == before.html;
    before.html.replace_range(at..at + old_len, &new.html);
    for b in &mut before.blocks[i..] {
        b.end = b.end - old_len + new.html.len();
    }
    if excerpt_copy {
        before.excerpt_html.clone_from(&before.html);
    }
    before.stats =
        Stats::of_words((before.stats.words + new.stats.words).saturating_sub(old.stats.words));
    Some(if same {
        unchanged(before)
    } else {
        BlockChange {
            from: i,
            removed: 1,
            added: 1,
        }
    })
}

/// Where two texts differ: the end of what they start with alike, and, in
/// each, the start of what they end with alike (on character boundaries).
fn edit_range(old: &[u8], new: &[u8]) -> (usize, usize, usize) {
    let shorter = old.len().min(new.len());
    let mut start = 0;
    // By chunks first: each comparison of slices is one memcmp.
    while start + 256 <= shorter && old[start..start + 256] == new[start..start + 256] {
        start += 256;
    }
    while start < shorter && old[start] == new[start] {
        start += 1;
    }
    // A continuation byte is inside a character both share the start of.
    while start > 0
        && (old.get(start).is_some_and(|&b| b & 0xC0 == 0x80)
            || new.get(start).is_some_and(|&b| b & 0xC0 == 0x80))
    {
        start -= 1;
    }
    let room = shorter - start;
    let mut same = 0;
    while same + 256 <= room
        && old[old.len() - same - 256..old.len() - same]
            == new[new.len() - same - 256..new.len() - same]
    {
        same += 256;
    }
    while same < room && old[old.len() - same - 1] == new[new.len() - same - 1] {
        same += 1;
    }
    // The shared end starts on a character's first byte.
    while same > 0 && old[old.len() - same] & 0xC0 == 0x80 {
        same -= 1;
    }
    (start, old.len() - same, new.len() - same)
}

/// Whether the end of `text` is inside brackets, or inside the parentheses
/// after `](` (code spans are not told apart: brackets in them count too;
/// in the parentheses, a quoted title's parentheses do not count, and an
/// unclosed quote is inside).
fn in_link(text: &str) -> bool {
    let (mut brackets, mut parens) = (0usize, 0usize);
    let mut after_close = false;
    let mut quote = None;
    // A quote in a link's parentheses may start a title or be part of the
    // destination: past one, the edit counts as inside.
    let mut quoted = false;
    for b in text.bytes() {
        match (quote, b) {
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') if parens > 0 => {
                quote = Some(b);
                quoted = true;
            }
            (None, b'[') if parens == 0 => brackets += 1,
            (None, b']') if parens == 0 => brackets = brackets.saturating_sub(1),
            (None, b'(') if parens > 0 || after_close => parens += 1,
            (None, b')') if parens > 0 => parens -= 1,
            _ => {}
        }
        after_close = b == b']';
    }
    brackets > 0 || parens > 0 || quoted
}

/// Whether the edit of `old[start..old_end]` into `typed` has one of
/// `chars`, or has one on either side (where removing what was between
/// could join two runs: `` ` `` and `` `` ``, `-` and `->`).
fn edit_touches(old: &str, start: usize, old_end: usize, typed: &str, chars: &[char]) -> bool {
    let near = [
        old[..start].chars().next_back(),
        old[old_end..].chars().next(),
    ];
    old[start..old_end].contains(chars)
        || typed.contains(chars)
        || near.iter().flatten().any(|c| chars.contains(c))
}

/// Where the line `back` lines before the one starting at `line_start` starts.
fn lines_back(text: &str, line_start: usize, back: usize) -> Option<usize> {
    let mut at = line_start;
    for _ in 0..back {
        at = text[..at.checked_sub(1)?].rfind('\n').map_or(0, |i| i + 1);
    }
    Some(at)
}

/// Where the line `on` lines after the one starting at `line_start` starts.
fn lines_on(text: &str, line_start: usize, on: usize) -> Option<usize> {
    let mut at = line_start;
    for _ in 0..on {
        at = scan::find_byte(text.as_bytes(), b'\n', at)? + 1;
    }
    Some(at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::try_render_parts;

    /// [`render_edit`] on a copy of `before`: the render it made, having
    /// checked that the change it gave is what `block_change` finds.
    fn fast_render(
        before_source: &str,
        before: &Rendered,
        source: &str,
        options: &Options,
    ) -> Option<Rendered> {
        let mut after = before.clone();
        let change = render_edit(before_source, &mut after, source, options);
        match change {
            Some(change) => assert_eq!(change, after.block_change(before)),
            None => assert_eq!(&after, before),
        }
        change.map(|_| after)
    }

    fn full(text: &str, options: &Options) -> Rendered {
        try_render_parts(text, options, Want::ALL).unwrap().rendered
    }

    /// Edits `post` `rounds` times, twenty in a row from the post each time,
    /// each a character typed or one to three removed somewhere (mostly
    /// inside body lines that start with a letter); after each, the edit's
    /// render, when it gives one, must be the whole render.
    /// Returns how many edits it rendered.
    fn edits_match(post: &str, options: &Options, seed: u64, rounds: usize) -> usize {
        let mut state = seed;
        let mut next = move |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        const TYPED: [&str; 24] = [
            "a", "e", "t", " ", " ", ".", ",", "*", "_", "`", "'", "\"", "-", "#", "1", "é", "日",
            "😀", "[", "\n", "~", ":", "&", "  ",
        ];
        let mut text = post.to_owned();
        let mut before = full(&text, options);
        let mut hits = 0;
        for round in 0..rounds {
            // Bursts of typing: twenty edits, then the post as it was.
            if round % 20 == 0 {
                text = post.to_owned();
                before = full(&text, options);
            }
            // A place on a body line that starts with a letter, after its
            // first character, most of the time; anywhere otherwise.
            let body_start = front_matter::split(&text).body_start;
            let lines: Vec<usize> = text
                .match_indices('\n')
                .map(|(i, _)| i + 1)
                .filter(|&i| i >= body_start && text[i..].starts_with(char::is_alphabetic))
                .collect();
            let mut at = if !lines.is_empty() && next(4) != 0 {
                let start = lines[next(lines.len())];
                let end = text[start..].find('\n').map_or(text.len(), |e| start + e);
                start + 1 + next(end - start)
            } else {
                next(text.len() + 1)
            };
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let edited = if next(3) == 0 && at < text.len() {
                let mut end = (at + 1 + next(3)).min(text.len());
                while !text.is_char_boundary(end) {
                    end += 1;
                }
                format!("{}{}", &text[..at], &text[end..])
            } else {
                format!("{}{}{}", &text[..at], TYPED[next(TYPED.len())], &text[at..])
            };
            let whole = full(&edited, options);
            if let Some(fast) = fast_render(&text, &before, &edited, options) {
                assert_eq!(fast, whole, "edit at {at} of:\n{text}\n---- to:\n{edited}");
                hits += 1;
            }
            text = edited;
            before = whole;
        }
        hits
    }

    #[test]
    fn an_edit_renders_as_the_whole_post_would() {
        let post = "---\ntitle: A draft\ntags: [a, b]\n---\nThe first paragraph, the excerpt.\n\n\
            # A heading\n\nSome *emphasis*, `code`, \"quotes\" -- and 'more'... Done.\nA second line\n\
            with a [link](http://example.com/x) in it.\n\nPlain text here, then more plain text\n\
            over two lines.  \nA hard break above.\n\n- a list\n- of items\n\n> A quote with\n> words.\n\n\
            Footnote use[^n] here.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n<div>raw *html*</div>\n\n\
            Text with <b>bold</b> raw inline.\n\nÜnïcödé paragraph, 日本語のテキスト, and emoji 😀.\n\n\
            ```\ncode block\n```\n\nTerm\n: Definition\n\nLast paragraph\nwith two lines.\n\n[^n]: The note.\n";
        let options = Options::default();
        let mut hits = 0;
        for seed in 1..=6 {
            hits += edits_match(post, &options, seed * 7919, 400);
        }
        // Most edits land in a paragraph that qualifies.
        assert!(hits > 500, "{hits} of 2400 edits rendered alone");
        // Inline links and images only (no `]:` in the post): paragraphs
        // with brackets are rendered alone too.
        let links = "Excerpt.\n\nA [link](http://a.example/x \"t\") and ![an image](i.png), \
            `code [in] brackets`, [not a link] and [text] (space) here.\nMore [words](y) on a \
            second line with *em [x](z)* and [a](<b>).\n\nPlain paragraph [one](two) three.\n";
        let mut hits = 0;
        for seed in 1..=4 {
            hits += edits_match(links, &options, seed * 104_729, 200);
        }
        assert!(hits > 150, "{hits} of 800 edits rendered alone");
        eprintln!("LHITS {hits}");
        // Reference links and notes: only edits outside links' brackets.
        let refs = "Excerpt.\n\nSee [the site][home] and [home], or [Home] [x] (y) and [a](b c) \
            with a note[^1] and `[home]` and [inline](http://i.example) text.\nSecond [line][] \
            of [home](z) words.\n\n[home]: http://home.example \"Home\"\n[line]: /line\n\n\
            Plain words, [x], (y) and [b].\n\n[^1]: The note.\n";
        let mut hits = 0;
        for seed in 1..=4 {
            hits += edits_match(refs, &options, seed * 15_485_863, 200);
        }
        assert!(hits > 80, "{hits} of 800 edits rendered alone");
        let news = include_str!(
            "../www/posts/2026-01-02-latest-maduro-says-venezuela-open-to-us-talks.md"
        );
        let options = Options {
            file_name: Some("_posts/2026-01-02-latest.md".into()),
            base_url: Some("https://example.com/blog/".into()),
            ..Options::default()
        };
        let hits = edits_match(news, &options, 42, 400);
        assert!(hits > 150, "{hits} of 400 edits rendered alone");
    }

    #[test]
    fn edits_that_reach_beyond_their_paragraph_render_the_whole_post() {
        let options = Options::default();
        let post = "Excerpt.\n\nOne two three.\n\nFour five.\n";
        let before = full(post, &options);
        let edit = |edited: &str| fast_render(post, &before, edited, &options);
        // Qualifies: a word typed in the second paragraph.
        assert_eq!(
            edit("Excerpt.\n\nOne two x three.\n\nFour five.\n"),
            Some(full(
                "Excerpt.\n\nOne two x three.\n\nFour five.\n",
                &options
            ))
        );
        assert_eq!(edit(post), Some(before.clone()));
        for edited in [
            "Excerpt.\n\nOne two\nthree.\n\nFour five.\n", // a line break
            "Excerpt.\n\nOne [two] three.\n\nFour five.\n", // a link's bracket
            "Excerpt.\n\nOne <b>two three.\n\nFour five.\n", // raw HTML
            "Excerpt.\n\nOne {{ x }} three.\n\nFour five.\n", // Liquid
            "Excerpt x.\n\nOne two three.\n\nFour five.\n", // the excerpt
            "Excerpt.\n\nxOne two three.\n\nFour five.\n", // before the line's first letter
        ] {
            assert_eq!(edit(edited), None, "{edited:?}");
        }
        // A post with `**` and a non-ASCII letter pairs stray `*` leniently in
        // every block, this ASCII one too: alone, it is rendered so.
        let post = "Excerpt.\n\nThis **is _em_ as well**.\n\nWörds **x**.\n";
        let edited = "Excerpt.\n\nThis **is _em_ as well*~*.\n\nWörds **x**.\n";
        let before = full(post, &options);
        let fast = fast_render(post, &before, edited, &options);
        assert_eq!(fast, Some(full(edited, &options)));
        assert!(fast
            .unwrap()
            .html
            .contains("<p>This <em>*is _em_ as well*~</em>.</p>"));
        // A separator that is not in the post makes the excerpt the whole
        // post: the first paragraph may be edited, and the excerpt follows.
        let post = "---\nexcerpt_separator: XYZ\n---\nOne two.\n\nThree XY four.\n";
        let before = full(post, &options);
        let edited = "---\nexcerpt_separator: XYZ\n---\nOne x two.\n\nThree XY four.\n";
        let fast = fast_render(post, &before, edited, &options).unwrap();
        assert_eq!(
            (&fast.excerpt_html, &fast),
            (&fast.html, &full(edited, &options))
        );
        // Typing it makes it the excerpt's end.
        let edited = "---\nexcerpt_separator: XYZ\n---\nOne two.\n\nThree XYZ four.\n";
        assert_eq!(fast_render(post, &before, edited, &options), None);
        // Cases a review found, each once rendered wrong alone: the kramdown
        // stage run for `$$` (and switched on by typing it, or by joining
        // `*`), a lone CR in the front matter, raw HTML whose end tag a typed
        // `-->` lets it find, a code span or math hiding a link, a `)` in a
        // link's title, the contents marker typed as an entity, the nesting
        // limit.
        let nesting = Options {
            max_nesting: 3,
            ..Options::default()
        };
        for (before_text, after_text, options) in [
            (
                "Intro.\n\nSee **Note:*This.\n\n$$x$$\n",
                "Intro.\n\nSee **Note:**This.\n\n$$x$$\n",
                &options,
            ),
            (
                "Intro.\n\nCost $ here.\n\nSee **Note:**This.\n",
                "Intro.\n\nCost $$ here.\n\nSee **Note:**This.\n",
                &options,
            ),
            (
                "Intro.\n\nWe *x* go.\n\nSay *a.*b café.\n",
                "Intro.\n\nWe ** go.\n\nSay *a.*b café.\n",
                &options,
            ),
            (
                "---\r\r\ntitle: A\n---\nIntro.\n\nSame words.\n\nSame words.\n",
                "---\r\r\ntitle: A\n---\nIntro.\n\nSame words.\n\nSame x words.\n",
                &options,
            ),
            (
                "Intro.\n\n<div>\nA\n\nText <!-- x\n\nOur a -- b.\n\nEnd.\n\n</div>\n",
                "Intro.\n\n<div>\nA\n\nText <!-- x\n\nOur a --> b.\n\nEnd.\n\n</div>\n",
                &options,
            ),
            (
                "Intro.\n\n[a]: /u\n\nSee $[a]$ now.\n",
                "Intro.\n\n[a]: /u\n\nSee $ [a]$ now.\n",
                &options,
            ),
            (
                "Intro.\n\n[b]: /u\n\nSee `` [b] ``x` now.\n",
                "Intro.\n\n[b]: /u\n\nSee `` [b] ``` now.\n",
                &options,
            ),
            (
                "Intro.\n\n[bar]: /def\n\nSee [bar](/u \"a)b\") now.\n",
                "Intro.\n\n[bar]: /def\n\nSee [bar](/u \"a)b) now.\n",
                &options,
            ),
            (
                "Intro.\n\n* TOC\n{:toc}\n\n# Head\n\nSome text &#xFDD2\nmore.\n",
                "Intro.\n\n* TOC\n{:toc}\n\n# Head\n\nSome text &#xFDD2;\nmore.\n",
                &options,
            ),
            (
                "Intro.\n\nA *b **c** d* e.\n",
                "Intro.\n\nA *b **_c_** d* e.\n",
                &nesting,
            ),
            // A second review: a quote in a link's destination, a
            // definition's title on the paragraph's line, an `=` before a
            // quote in raw HTML's reach, an attribute list spelt with entities.
            (
                "Intro.\n\n[bar]: /def\n\nSee [bar](/a'b 'c)d') now.\n",
                "Intro.\n\n[bar]: /def\n\nSee [bar](/a'b 'c)'d') now.\n",
                &options,
            ),
            (
                "Intro.\n\nSee [a].\n\n[a]: /u\n\"Hi\n",
                "Intro.\n\nSee [a].\n\n[a]: /u\n\"Hi\"\n",
                &options,
            ),
            (
                "Intro.\n\n<div>\nA\n\nB <i x\n\nSay =  \"y > z\" now.\n\nC\n\n</div>\n",
                "Intro.\n\n<div>\nA\n\nB <i x\n\nSay = q \"y > z\" now.\n\nC\n\n</div>\n",
                &options,
            ),
            (
                "Intro.\n\nNote.\n{: .note}\n\n&#123;:\nfoo .x&#125\n\nNext.\n",
                "Intro.\n\nNote.\n{: .note}\n\n&#123;:\nfoo .x&#125;\n\nNext.\n",
                &options,
            ),
        ] {
            let before = full(before_text, options);
            let whole = try_render_parts(after_text, options, Want::ALL)
                .ok()
                .map(|p| p.rendered);
            let fast = fast_render(before_text, &before, after_text, options);
            assert!(fast.is_none() || fast == whole, "{after_text:?}");
        }
        // Limits that scale with the text's length: pulldown-cmark's on
        // expanding references, the raw HTML stage's on searching for end tags.
        let refs = format!(
            "Intro.\n\n{}[a]\n\nSay {}.\n\n[a]: /{}\n",
            "[a] ".repeat(101),
            "b".repeat(99_570),
            "x".repeat(999)
        );
        let html = format!(
            "Intro.\n\n{}`<!--`\n\n{}\n\nSay {}.\n\n<div>\nX\n\nY\n\n</div>\n",
            "<div>\n\n".repeat(8),
            "</div>".repeat(8),
            "a".repeat(8082)
        );
        for post in [refs, html] {
            let at = post.find("Say ").unwrap() + 4;
            let edited = format!("{}c{}", &post[..at], &post[at..]);
            let before = full(&post, &options);
            let fast = fast_render(&post, &before, &edited, &options);
            assert!(fast.is_none() || fast == Some(full(&edited, &options)));
        }
        // A paragraph whose words another block defines (a reference, an abbreviation).
        let post = "Excerpt.\n\nOne two.\n\n*[HTML]: Hypertext\n";
        let before = full(post, &options);
        assert_eq!(
            fast_render(
                post,
                &before,
                "Excerpt.\n\nOne HTML two.\n\n*[HTML]: Hypertext\n",
                &options
            ),
            None
        );
    }
}
