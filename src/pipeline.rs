//! A post's text and the options in, a `Rendered` out: the stages in their order (DESIGN.md), with the limits for untrusted text.

use crate::value::{Map, Value};
use crate::{
    date, escape, front_matter, liquid, markdown, meta, position, reserved, scan, BlockSpan, Error,
    Options, Rendered, Stats, Warning, WarningKind,
};

/// Renders a post from a caller that does not trust it: checks the options
/// ([`Options::validate`]) and the limits (`max_input_bytes`, `max_nesting`)
/// and says which one refused the post.
pub fn try_render(source: &str, options: &Options) -> Result<Rendered, Error> {
    try_render_parts(source, options, Want::ALL).map(|p| p.rendered)
}

/// What a caller inside the crate wants from a render beyond what every
/// render gives.
#[derive(Clone, Copy)]
pub(crate) struct Want {
    /// [`Rendered::blocks`]: their lines cost a line index of the whole file.
    pub blocks: bool,
    /// `excerpt_html` filled when the excerpt is the whole post and the body
    /// has no Liquid (a copy of `html`); without it,
    /// [`Parts::excerpt_is_html`] says so instead.
    pub excerpt_copy: bool,
}

impl Want {
    /// What the public functions give.
    pub const ALL: Want = Want {
        blocks: true,
        excerpt_copy: true,
    };
}

/// A render for the crate's own callers.
pub(crate) struct Parts {
    pub rendered: Rendered,
    /// `rendered.excerpt_html` was left empty: the excerpt is `rendered.html`.
    /// (Read by the wasm bindings; natively only the tests ask for less.)
    #[cfg_attr(not(any(test, target_arch = "wasm32")), allow(dead_code))]
    pub excerpt_is_html: bool,
}

/// [`try_render`], giving only what `want` asks for beyond the rest.
pub(crate) fn try_render_parts(
    source: &str,
    options: &Options,
    want: Want,
) -> Result<Parts, Error> {
    options.validate()?;
    render_within_limits(source, options, want)
}

/// A render of `source` with options already validated: the limits apply.
fn render_within_limits(source: &str, options: &Options, want: Want) -> Result<Parts, Error> {
    if source.len() > options.max_input_bytes {
        return Err(Error::TooLarge {
            bytes: source.len(),
            limit: options.max_input_bytes,
        });
    }
    let (parts, depth) = render_measured(source, options, want, None);
    if depth > options.max_nesting {
        return Err(Error::TooDeep {
            depth,
            limit: options.max_nesting,
        });
    }
    Ok(parts)
}

/// Renders a post read as bytes: invalid UTF-8 is replaced with U+FFFD and a
/// warning says how many sequences and where the first was. Checks options and
/// limits as [`try_render`] does.
pub fn try_render_bytes(bytes: &[u8], options: &Options) -> Result<Rendered, Error> {
    try_render_bytes_parts(bytes, options, Want::ALL).map(|p| p.rendered)
}

/// [`try_render_bytes`], giving only what `want` asks for beyond the rest.
pub(crate) fn try_render_bytes_parts(
    bytes: &[u8],
    options: &Options,
    want: Want,
) -> Result<Parts, Error> {
    options.validate()?;
    render_bytes_within_limits(bytes, options, want)
}

/// [`render_within_limits`] for bytes that may not be UTF-8.
fn render_bytes_within_limits(bytes: &[u8], options: &Options, want: Want) -> Result<Parts, Error> {
    match std::str::from_utf8(bytes) {
        Ok(text) => render_within_limits(text, options, want),
        Err(first) => {
            let text = String::from_utf8_lossy(bytes);
            let count = bytes
                .utf8_chunks()
                .filter(|c| !c.invalid().is_empty())
                .count();
            let mut parts = render_within_limits(&text, options, want)?;
            let rendered = &mut parts.rendered;
            let offset = first.valid_up_to();
            // The replacement character stands where the bad byte was.
            let (line, column) = position::LineIndex::new(&text).line_col(&text, offset);
            rendered.warnings.push(Warning::new(
                WarningKind::Encoding,
                format!(
                    "the file is not valid UTF-8: {count} invalid byte sequence{} (the first at byte offset {offset}) became U+FFFD",
                    if count == 1 { "" } else { "s" }
                ),
                line,
                column,
            ));
            Warning::sort(&mut rendered.warnings);
            Ok(parts)
        }
    }
}

/// Options checked once, for rendering many posts with them: what
/// [`try_render`] does for one post, without checking the options again for
/// each (`inkpost index` and `inkpost serve` render a folder this way).
///
/// ```
/// let renderer = inkpost::Renderer::new(inkpost::Options::default())?;
/// let post = renderer.render_file("_posts/2026-01-02-hello.md", b"*Hi*")?;
/// assert_eq!(post.meta.title.as_deref(), Some("Hello"));
/// assert_eq!(post.html, "<p><em>Hi</em></p>\n");
/// # Ok::<(), inkpost::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Renderer {
    options: Options,
}

impl Renderer {
    /// Checks `options` ([`Options::validate`]).
    pub fn new(options: Options) -> Result<Renderer, Error> {
        options.validate()?;
        Ok(Renderer { options })
    }

    /// The options every post is rendered with.
    pub fn options(&self) -> &Options {
        &self.options
    }

    /// Renders a post's text; the limits (`max_input_bytes`, `max_nesting`)
    /// apply, as in [`try_render`].
    pub fn render(&self, source: &str) -> Result<Rendered, Error> {
        render_within_limits(source, &self.options, Want::ALL).map(|p| p.rendered)
    }

    /// Renders a post file's bytes (invalid UTF-8 becomes U+FFFD with a
    /// warning, as in [`try_render_bytes`]) as the file `file_name`, which
    /// gives the date, slug and categories as [`Options::file_name`] does.
    pub fn render_file(&self, file_name: &str, bytes: &[u8]) -> Result<Rendered, Error> {
        let options = Options {
            file_name: Some(file_name.to_owned()),
            ..self.options.clone()
        };
        render_bytes_within_limits(bytes, &options, Want::ALL).map(|p| p.rendered)
    }
}

/// Renders a post file's text.
///
/// Never fails: problems become [`Warning`]s and the rest of the post renders.
/// No limits apply; use [`try_render`] for text from people you do not trust.
pub fn render(source: &str, options: &Options) -> Rendered {
    render_measured(source, options, Want::ALL, None).0.rendered
}

/// Renders, and says how deep the post's blocks nest. `kramdown_stage`
/// overrides what the body's text decides (for a part of a post rendered
/// alone, as the whole post decided).
pub(crate) fn render_measured(
    source: &str,
    options: &Options,
    want: Want,
    kramdown_stage: Option<bool>,
) -> (Parts, usize) {
    let mut warnings = Vec::new();
    // Jekyll reads posts as `bom|utf-8`.
    let text = source.strip_prefix('\u{feff}').unwrap_or(source);
    // One look at every byte for what the text may need before any stage.
    let found = reserved::scan(text);
    // Old Mac files end lines with a lone CR; make those LF (same length, so
    // every offset still points at the same place in the file).
    let unix;
    let text = if found.cr && has_lone_cr(text) {
        unix = lone_cr_to_lf(text);
        unix.as_str()
    } else {
        text
    };
    // inkpost's own markers are noncharacters no post may write (see
    // `reserved`): U+FFFD instead, same length, so offsets still hold.
    let clean;
    let text = match found.literal.first() {
        Some(&first) => {
            clean = reserved::replace(text).into_owned();
            let count = found.literal.len();
            let (line, column) = position::LineIndex::of_lf(text).line_col(text, first);
            warnings.push(Warning::new(
                WarningKind::Encoding,
                format!(
                    "the text holds {count} noncharacter{} from U+FDD0 to U+FDEF, which inkpost reserves for its own markers; each became U+FFFD",
                    if count == 1 { "" } else { "s" }
                ),
                line,
                column,
            ));
            clean.as_str()
        }
        None => text,
    };
    let split = front_matter::split(text);
    if split.unclosed {
        warnings.push(Warning::new(
            WarningKind::FrontMatter,
            "front matter opened with `---` on line 1 never closes; the whole file was rendered as the body".to_owned(),
            1,
            1,
        ));
    }
    let data = split
        .yaml
        .map(|yaml| front_matter::parse(yaml, &mut warnings))
        .unwrap_or_default();
    let excerpt_separator = excerpt_separator(&data, options);
    let mut meta = meta::compute(data, split.yaml.unwrap_or(""), options, &mut warnings);
    if options.repair_encoding {
        meta::repair_strings(&mut meta, split.yaml.unwrap_or(""), &mut warnings);
    }

    let body = &text[split.body_start..];
    // The page and site Liquid sees, made once and only for text that has Liquid.
    let maps = std::cell::OnceCell::new();
    let maps = || {
        maps.get_or_init(|| {
            (
                meta::liquid_page(&meta, options),
                meta::liquid_site(&options.site),
                meta.date.as_deref().and_then(date::parse),
            )
        })
    };
    let lq = liquid::render(body, || {
        let (page, site, date) = maps();
        liquid::Env {
            page,
            site,
            options,
            date: *date,
            markdownify: markdown::markdownify,
        }
    });
    let lq_had_liquid = matches!(lq.text, std::borrow::Cow::Owned(_));
    // Whether a reference may name a reserved code point: the source says,
    // unless Liquid made an `&` or ended a copy in the start of a reference
    // (a reference joined around a tag); then the text is looked at.
    let reserved_refs = |lq: &liquid::Rendered| match lq.text {
        std::borrow::Cow::Borrowed(_) => Some(found.reference),
        _ if !found.reference && !lq.made_ampersand => Some(false),
        _ => None,
    };
    let refs = reserved_refs(&lq);
    let mut ctx = markdown::Ctx::new(options, text, split.body_start, false)
        .with_liquid(lq.map, lq.placeholders);
    ctx.blocks = want.blocks;
    ctx.lf_only = true;
    ctx.kramdown_stage = kramdown_stage;
    ctx.reserved_refs = refs;
    for (kind, message, at) in lq.warnings {
        ctx.warn_at_source(kind, message, at);
    }
    let out = markdown::render(&lq.text, &ctx);
    warnings.extend(ctx.take_warnings());

    // Jekyll renders the excerpt on its own, with `page.id` ending in `#excerpt`.
    let render_excerpt = |source: String, pieces: Vec<(usize, usize)>| {
        let excerpt_page = std::cell::OnceCell::new();
        let lq = liquid::render(&source, || {
            let (page, site, date) = maps();
            let page = excerpt_page.get_or_init(|| {
                let mut page = page.clone();
                if let Some(Value::String(id)) = page.get("id").cloned() {
                    page.insert("id".into(), Value::String(id + "#excerpt"));
                }
                page
            });
            liquid::Env {
                page,
                site,
                options,
                date: *date,
                markdownify: markdown::markdownify,
            }
        });
        // The excerpt's source starts as the body does, and its pieces place
        // the definitions it takes from the rest: its lines are the file's.
        let refs = reserved_refs(&lq);
        let mut excerpt_ctx = markdown::Ctx::new(options, text, split.body_start, true)
            .with_liquid(lq.map, lq.placeholders)
            .for_excerpt_of(&ctx, pieces);
        excerpt_ctx.reserved_refs = refs;
        markdown::render(&lq.text, &excerpt_ctx).html
    };
    let mut excerpt_is_html = false;
    let excerpt_html = match &meta.excerpt {
        Some(excerpt) => {
            let mut html = String::with_capacity(excerpt.len());
            escape::text(&mut html, excerpt);
            html
        }
        None => match excerpt_source(body, &excerpt_separator) {
            Some((source, pieces)) => render_excerpt(source, pieces),
            // No separator: the excerpt is the whole post, rendered again only
            // when Liquid could see the difference (`page.id` ends in `#excerpt`).
            None if !lq_had_liquid && !want.excerpt_copy => {
                excerpt_is_html = true;
                String::new()
            }
            None if !lq_had_liquid => out.html.clone(),
            None => render_excerpt(body.to_owned(), Vec::new()),
        },
    };

    // Stages report as they go; the reader wants them in file order.
    Warning::sort(&mut warnings);
    let blocks = out
        .blocks
        .iter()
        .map(|b| BlockSpan {
            end: b.end,
            line: b.line,
        })
        .collect();
    let rendered = Rendered {
        meta,
        blocks,
        html: out.html,
        excerpt_html,
        toc: ctx.toc.take(),
        stats: Stats::of_words(out.words),
        warnings,
    };
    let parts = Parts {
        rendered,
        excerpt_is_html,
    };
    (parts, out.depth)
}

/// Where the excerpt ends: the front matter's separator, the site's, or a blank line.
pub(crate) fn excerpt_separator(data: &Map, options: &Options) -> String {
    data.get("excerpt_separator")
        .and_then(Value::to_text)
        .or_else(|| options.site.excerpt_separator.clone())
        .unwrap_or_else(|| "\n\n".to_owned())
}

fn has_lone_cr(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(i) = scan::find_byte(bytes, b'\r', from) {
        if bytes.get(i + 1) != Some(&b'\n') {
            return true;
        }
        from = i + 1;
    }
    false
}

fn lone_cr_to_lf(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'\r' && bytes.get(i + 1) != Some(&b'\n') {
            out.push_str(&text[copied..i]);
            out.push('\n');
            copied = i + 1;
        }
    }
    out.push_str(&text[copied..]);
    out
}

/// Jekyll's excerpt source: the content up to the separator, then the link
/// reference definitions from the rest so its links resolve. `None` when the
/// separator does not occur (the excerpt is then the whole post).
/// With it, the pieces of the source in the body (as `markdown::piece_offset`
/// takes them): the head, then each definition taken from the rest.
fn excerpt_source(body: &str, separator: &str) -> Option<(String, Vec<(usize, usize)>)> {
    if separator.is_empty() {
        return None;
    }
    let end = body.find(separator)?;
    let (head, tail) = (&body[..end], &body[end + separator.len()..]);
    let tail_start = end + separator.len();
    let mut source = head.to_owned();
    // Jekyll's `^ {0,3}(\[[^\]]+\])(:.+)$` over the rest, found from each `]:`.
    let mut refs: Vec<(&str, usize)> = Vec::new();
    let mut last_line = usize::MAX;
    let bytes = tail.as_bytes();
    let mut from = 0;
    while let Some(at) = scan::find_byte(bytes, b']', from) {
        from = at + 1;
        if bytes.get(at + 1) != Some(&b':') {
            continue;
        }
        let start = tail[..at].rfind('\n').map_or(0, |i| i + 1);
        if start == last_line {
            continue;
        }
        let end = scan::find_byte(bytes, b'\n', at).unwrap_or(tail.len());
        let line = tail[start..end].trim_end_matches('\r');
        let t = line.trim_start_matches(' ');
        let is_ref = line.len() - t.len() <= 3
            && t.starts_with('[')
            && t.find("]:")
                .is_some_and(|i| i > 1 && !t[1..i].contains(']') && t.len() > i + 2);
        if is_ref {
            refs.push((line, tail_start + start));
            last_line = start;
        }
    }
    let mut pieces = vec![(0, 0)];
    for (i, (line, at)) in refs.into_iter().enumerate() {
        source.push_str(if i == 0 { "\n\n" } else { "\n" });
        pieces.push((source.len(), at));
        source.push_str(line);
    }
    Some((source, pieces))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::BlockChange;

    /// Renders `post` with everything and with nothing extra wanted; checks
    /// that the two differ only in the blocks and the excerpt's copy, and
    /// returns both.
    fn all_and_lean(post: &[u8], options: &Options) -> (Parts, Parts) {
        let lean = Want {
            blocks: false,
            excerpt_copy: false,
        };
        let all = try_render_bytes_parts(post, options, Want::ALL).unwrap();
        let lean = try_render_bytes_parts(post, options, lean).unwrap();
        assert!(!all.excerpt_is_html && lean.rendered.blocks.is_empty());
        let excerpt_html = if lean.excerpt_is_html {
            assert_eq!(lean.rendered.excerpt_html, "");
            lean.rendered.html.clone()
        } else {
            lean.rendered.excerpt_html.clone()
        };
        let filled = Rendered {
            blocks: all.rendered.blocks.clone(),
            excerpt_html,
            ..lean.rendered.clone()
        };
        assert_eq!(filled, all.rendered);
        if let Ok(text) = std::str::from_utf8(post) {
            assert_eq!(try_render(text, options).unwrap(), all.rendered);
            assert_eq!(render(text, options), all.rendered);
        }
        (all, lean)
    }

    /// The change from `before` to `after` (both rendered with the blocks),
    /// with the removed and the added blocks' HTML.
    fn change(before: &str, after: &str) -> (BlockChange, Vec<String>, Vec<String>) {
        let render = |text: &str| {
            try_render_parts(text, &Options::default(), Want::ALL)
                .unwrap()
                .rendered
        };
        let (old, new) = (render(before), render(after));
        let c = new.block_change(&old);
        let html = |r: &Rendered, from: usize, n: usize| -> Vec<String> {
            (from..from + n)
                .map(|i| r.block_html(i).to_owned())
                .collect()
        };
        (
            c,
            html(&old, c.from, c.removed),
            html(&new, c.from, c.added),
        )
    }

    #[test]
    fn block_change_keeps_the_equal_blocks_at_both_ends() {
        let c = |from, removed, added| BlockChange {
            from,
            removed,
            added,
        };
        // A word typed in the middle paragraph; its line moves nothing else.
        let (got, old, new) = change(
            "# A\n\nOne.\n\nTwo.\n\nThree.\n",
            "# A\n\nOne.\n\nTwo x.\n\nThree.\n",
        );
        assert_eq!(got, c(2, 1, 1));
        assert_eq!(
            (old, new),
            (
                vec!["<p>Two.</p>\n".to_owned()],
                vec!["<p>Two x.</p>\n".to_owned()]
            )
        );
        // A paragraph split in two; lines below it move, their HTML does not.
        let (got, _, new) = change(
            "One.\n\nTwo three.\n\nFour.\n",
            "One.\n\nTwo\n\nthree.\n\nFour.\n",
        );
        assert_eq!(got, c(1, 1, 2));
        assert_eq!(new, ["<p>Two</p>\n", "<p>three.</p>\n"]);
        // Blocks removed at the end, added at the start, none changed, all new.
        assert_eq!(change("A.\n\nB.\n\nC.\n", "A.\n").0, c(1, 2, 0));
        assert_eq!(change("B.\n", "A.\n\nB.\n").0, c(0, 0, 1));
        assert_eq!(change("A.\n\nB.\n", "A.\n\n\n\nB.\n").0, c(2, 0, 0));
        assert_eq!(change("", "A.\n\nB.\n").0, c(0, 0, 2));
        // A repeated block is kept once at each end, not counted twice.
        assert_eq!(change("A.\n\nA.\n", "A.\n").0, c(1, 1, 0));
        // A footnote's text changes the notes at the end, not the place it stands.
        let (got, _, new) = change("A[^1].\n\n[^1]: N.\n\nB.\n", "A[^1].\n\n[^1]: M.\n\nB.\n");
        assert_eq!(got, c(2, 1, 1));
        assert!(new[0].starts_with("<div class=\"footnotes\"") && new[0].contains("<p>M."));
    }

    #[test]
    fn rendering_without_blocks_or_the_excerpt_copy_changes_nothing_else() {
        let options = Options {
            source_lines: true,
            ..Options::default()
        };
        let post = "---\ntitle: T\n---\n* toc\n{:toc}\n\n# One\n\nText[^n] and <b>bold</b>.\n\n\
                    [^n]: A note.\n\n## Two\n\n<script>x</script>\n";
        let (all, lean) = all_and_lean(post.as_bytes(), &options);
        assert_eq!(all.rendered.blocks.len(), 5, "{:?}", all.rendered.blocks);
        assert!(!lean.excerpt_is_html);
        // Invalid UTF-8, lone CRs, Liquid, and Markdown inside raw HTML.
        let post = b"---\rtitle: T\rx: \"a\\rb\"\r---\r# H\xff\r\r<div markdown=\"1\">\r\
                     {{ page.x }}\r\r## In\r</div>\r\r{% bogus %}\r";
        let (all, _) = all_and_lean(post, &options);
        assert_eq!(all.rendered.blocks.len(), 5, "{:?}", all.rendered.blocks);
        let kinds: Vec<WarningKind> = all.rendered.warnings.iter().map(|w| w.kind).collect();
        assert!(kinds.contains(&WarningKind::Encoding) && kinds.contains(&WarningKind::Liquid));
        // The separator is not in the body: the excerpt is the whole post, not
        // copied (invalid UTF-8 too); with Liquid in the body it is rendered on
        // its own, where `page.id` ends in `#excerpt`.
        let post = b"---\nexcerpt_separator: <!--more-->\n---\nOne \"two\"\xff.\n\nThree.\n";
        let (all, lean) = all_and_lean(post, &options);
        assert!(lean.excerpt_is_html);
        assert_eq!(all.rendered.excerpt_html, all.rendered.html);
        let options = Options {
            file_name: Some("_posts/2026-01-02-x.md".into()),
            ..options
        };
        let post = "---\nexcerpt_separator: <!--more-->\n---\nOne {{ page.id }}.\n";
        let (all, lean) = all_and_lean(post.as_bytes(), &options);
        assert!(!lean.excerpt_is_html);
        assert!(all.rendered.excerpt_html.contains("#excerpt"));
        assert_ne!(all.rendered.excerpt_html, all.rendered.html);
    }
}
