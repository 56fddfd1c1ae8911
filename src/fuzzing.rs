//! Entry points to single stages and the output checks, for the fuzz targets in `fuzz/` and the tests: text in, a stage's result or a policy verdict out. Not part of the supported API.

use crate::{front_matter, liquid, markdown, meta, Options};

/// The front-matter split, YAML parse and metadata rules.
pub fn front_matter(text: &str) -> usize {
    let options = Options {
        file_name: Some("_posts/2026-01-02-fuzz.md".into()),
        ..Options::default()
    };
    let split = front_matter::split(text);
    if let Some(yaml) = split.yaml {
        crate::yaml::check_fast_path(yaml, |text| {
            let mut warnings = Vec::new();
            front_matter::report_duplicate_keys(text, &mut warnings);
            warnings.into_iter().map(|w| w.message).collect()
        });
    }
    let mut warnings = Vec::new();
    let data = split
        .yaml
        .map(|y| front_matter::parse(y, &mut warnings))
        .unwrap_or_default();
    let meta = meta::compute(data, split.yaml.unwrap_or(""), &options, &mut warnings);
    warnings.len() + meta.categories.len()
}

/// The raw-HTML sanitizer on `html` as one HTML block and inline.
pub fn raw_html(html: &str) -> String {
    let options = Options::default();
    let ctx = markdown::Ctx::new(&options, html, 0, false);
    markdown::render(html, &ctx).html
}

/// Checks a whole render of `source`: both HTML strings keep to the
/// policy ([`check_output`]), no string of the result holds a code point
/// inkpost reserves for its markers, and the output is within a constant
/// factor of the input: Liquid may make 16 times the post, and at least
/// 1 MB (room for a short post's loops), which the Markdown stages and
/// escaping multiply by a few at most; 200 times the post, or 200 times
/// 64 KB for a shorter one, is far above that and far below what the
/// table of contents once made (a whole one per forged marker).
pub fn check_rendered(source: &str, out: &crate::Rendered) -> Result<(), String> {
    for html in [&out.html, &out.excerpt_html] {
        check_output(html)?;
    }
    let mut strings: Vec<&str> = vec![];
    let m = &out.meta;
    strings.extend(
        [&m.title, &m.date, &m.slug, &m.excerpt, &m.image_url, &m.url]
            .into_iter()
            .flatten()
            .map(String::as_str),
    );
    strings.extend(m.categories.iter().chain(&m.tags).map(String::as_str));
    strings.extend(
        out.toc
            .iter()
            .flat_map(|t| [t.id.as_str(), t.text.as_str()]),
    );
    strings.extend(out.warnings.iter().map(|w| w.message.as_str()));
    let mut values: Vec<&crate::Value> = m.data.iter().map(|(_, v)| v).collect();
    values.extend([&m.image, &m.author, &m.layout].into_iter().flatten());
    while let Some(value) = values.pop() {
        match value {
            crate::Value::String(s) => strings.push(s.as_str()),
            crate::Value::List(items) => values.extend(items),
            crate::Value::Map(map) => {
                for (k, v) in map.iter() {
                    strings.push(k);
                    values.push(v);
                }
            }
            _ => {}
        }
    }
    if let Some(s) = strings.into_iter().find(|s| crate::reserved::any(s)) {
        return Err(format!("a reserved code point in the result: {s:?}"));
    }
    let made = out.html.len() + out.excerpt_html.len();
    if made > 200 * source.len().max(64 << 10) {
        return Err(format!("{made} bytes of HTML from {} bytes", source.len()));
    }
    Ok(())
}

/// Checks HTML inkpost wrote against the policy: every `<` opens a tag of an
/// allowed element (text never holds a raw `<`), no attribute is an event
/// handler or `style`, no URL attribute uses a script scheme, and no
/// character is one inkpost reserves for its own markers.
pub fn check_output(html: &str) -> Result<(), String> {
    if let Some(at) = crate::reserved::positions(html).next() {
        return Err(format!("a reserved code point at byte {at} of the output"));
    }
    const ELEMENTS: &[&str] = &[
        "a",
        "abbr",
        "address",
        "article",
        "aside",
        "audio",
        "b",
        "bdi",
        "bdo",
        "blockquote",
        "br",
        "caption",
        "center",
        "cite",
        "code",
        "col",
        "colgroup",
        "dd",
        "del",
        "details",
        "dfn",
        "div",
        "dl",
        "dt",
        "em",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "i",
        "iframe",
        "img",
        "input",
        "ins",
        "kbd",
        "li",
        "main",
        "mark",
        "nav",
        "ol",
        "p",
        "picture",
        "pre",
        "q",
        "rp",
        "rt",
        "ruby",
        "s",
        "samp",
        "section",
        "small",
        "source",
        "span",
        "strike",
        "strong",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "time",
        "tr",
        "track",
        "tt",
        "u",
        "ul",
        "var",
        "video",
        "wbr",
    ];
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        let tag = &rest[lt + 1..];
        let end = tag.find('>').ok_or("a tag is not closed")?;
        let inner = &tag[..end];
        rest = &tag[end + 1..];
        let inner = inner.trim_start_matches('/');
        let name: String = inner
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        if !ELEMENTS.contains(&name.as_str()) {
            return Err(format!("element <{name}> in output"));
        }
        if name == "input" && !inner.contains("type=\"checkbox\"") {
            return Err("input that is not a task-list checkbox".into());
        }
        // Attributes: name="value" pairs after the element name.
        let mut attrs = &inner[name.len()..];
        loop {
            attrs = attrs.trim_start_matches([' ', '/']);
            if attrs.is_empty() {
                break;
            }
            let name_end = attrs.find(['=', ' ']).unwrap_or(attrs.len());
            let attr = attrs[..name_end].to_ascii_lowercase();
            attrs = &attrs[name_end..];
            let mut value = "";
            if let Some(v) = attrs.strip_prefix("=\"") {
                let close = v.find('"').ok_or("attribute value is not closed")?;
                value = &v[..close];
                attrs = &v[close + 1..];
            }
            if attr.starts_with("on") || (attr == "style" && !value.starts_with("text-align: ")) {
                return Err(format!("attribute {attr} in output"));
            }
            let urls: Vec<&str> = match attr.as_str() {
                "href" | "src" | "poster" | "cite" => vec![value],
                "srcset" => srcset_urls(value),
                _ => Vec::new(),
            };
            for url in urls {
                // As the browser reads it: entities decoded, blanks and
                // controls gone, the scheme before any `/`, `?` or `#`.
                let url: String = url
                    .replace("&amp;", "&")
                    .replace("&#39;", "'")
                    .replace("&quot;", "\"")
                    .chars()
                    .filter(|c| *c > ' ')
                    .collect();
                // A scheme is a letter, then letters, digits, `+`, `-`, `.`;
                // anything else before the `:` makes a relative URL.
                let scheme = url
                    .find([':', '/', '?', '#'])
                    .filter(|&i| url.as_bytes()[i] == b':')
                    .map(|i| &url[..i])
                    .filter(|s| {
                        s.starts_with(|c: char| c.is_ascii_alphabetic())
                            && s.chars()
                                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                    })
                    .map(str::to_ascii_lowercase);
                let ok = match scheme.as_deref() {
                    None | Some("http" | "https" | "mailto" | "tel") => true,
                    Some("data") => {
                        url[5..].to_ascii_lowercase().starts_with("image/")
                            && !url.to_ascii_lowercase().starts_with("data:image/svg")
                    }
                    Some(_) => false,
                };
                if !ok {
                    return Err(format!("{attr}=\"{value}\" in output"));
                }
            }
        }
    }
    Ok(())
}

/// The HTML spec's srcset candidates: a URL is a run of non-blanks (commas
/// inside it included, trailing ones stripped), then descriptors up to the
/// next comma outside parentheses.
fn srcset_urls(value: &str) -> Vec<&str> {
    let mut urls = Vec::new();
    let mut rest = value;
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == ',');
        if rest.is_empty() {
            return urls;
        }
        let end = rest
            .find(|c: char| c.is_ascii_whitespace())
            .unwrap_or(rest.len());
        let url = rest[..end].trim_end_matches(',');
        urls.push(url);
        let had_comma = url.len() < end;
        rest = &rest[end..];
        if !had_comma {
            let mut depth = 0i32;
            let stop = rest.char_indices().find(|&(_, c)| {
                match c {
                    '(' => depth += 1,
                    ')' => depth -= 1,
                    ',' if depth <= 0 => return true,
                    _ => {}
                }
                false
            });
            rest = stop.map_or("", |(i, _)| &rest[i + 1..]);
        }
    }
}

/// The Liquid stage alone.
pub fn liquid(text: &str) -> usize {
    let options = Options::default();
    let page = crate::Map::new();
    let site = meta::liquid_site(&options.site);
    let env = liquid::Env {
        page: &page,
        site: &site,
        options: &options,
        date: None,
        markdownify: crate::markdown::markdownify,
    };
    liquid::render(text, || env).text.len()
}
