//! Front-matter data + file name + site settings in, the post's metadata as Jekyll computes it out.

use crate::date::{self, DateTime, Zone};
use crate::front_matter::key_line;
use crate::value::{Map, Value};
use crate::{Options, Warning, WarningKind};
use serde::Serialize;
use std::fmt::Write as _;

/// A post's metadata: the fields Jekyll computes, then every other front-matter key.
///
/// Serialized (to JSON or JS) as one flat object in camelCase for the computed
/// fields, with the other front-matter keys as typed in the file.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Meta {
    /// Front-matter `title` as typed, else the file name's slug titleized
    /// (`i-dont-like-zeroes` → "I Dont Like Zeroes").
    pub title: Option<String>,
    /// The date as ISO 8601: from front matter, else from the file name at
    /// midnight. With `site.timezone` set (or an offset in the date) it carries
    /// the offset (`2026-01-02T02:34:11+00:00`); otherwise it is a floating local
    /// time (`2026-01-02T02:34:11`), read in the reader's own zone.
    pub date: Option<String>,
    /// Front-matter `slug`, else the file name between the date and the extension.
    pub slug: Option<String>,
    /// Folders above `_posts`, then `categories` (a string is split on
    /// whitespace), then `category`; duplicates removed.
    pub categories: Vec<String>,
    /// `tag` if present, else `tags` (a string is split on whitespace).
    pub tags: Vec<String>,
    /// `false` only when front matter says `published: false` (or null).
    pub published: bool,
    /// Front-matter `excerpt`, as typed (not Markdown).
    pub excerpt: Option<String>,
    /// Front-matter `image` as typed (a path, or a mapping such as `{path: …}`).
    pub image: Option<Value>,
    /// The hero image's URL, checked by the URL policy and resolved against
    /// `baseUrl`: `image` itself, or its `path`/`feature`/`url` key.
    pub image_url: Option<String>,
    /// Front-matter `author` as typed (a name, or a mapping).
    pub author: Option<Value>,
    /// Front-matter `layout` as typed.
    pub layout: Option<Value>,
    /// The post's URL path as Jekyll builds it from `permalink` (front matter,
    /// else `site.permalink`, default `date`): `/news/2026/01/02/slug.html`.
    /// `None` when the post has no date and the pattern needs one.
    pub url: Option<String>,
    /// Every other front-matter key, as typed.
    #[serde(flatten)]
    pub data: Map,
}

impl FileName<'_> {
    /// The file name without date and extension, as `:name` uses it.
    fn stem(&self) -> &str {
        &self.slug
    }
}

/// Parts of a post file name: `2026-01-02-slug.md`.
#[derive(Debug, PartialEq)]
pub(crate) struct FileName<'a> {
    pub date: Option<(i32, u32, u32)>,
    pub slug: String,
    pub ext: &'a str,
    /// Folders above `_posts`, which Jekyll turns into categories.
    pub folders: Vec<&'a str>,
}

/// Jekyll's `^(?>.+/)*?(\d{2,4}-\d{1,2}-\d{1,2})-([^/]*)(\.[^.]+)$`, falling back
/// to the dateless `(.*)(\.[^.]+)$`.
pub(crate) fn parse_file_name(path: &str) -> Option<FileName<'_>> {
    let (dirs, base) = match path.rfind(['/', '\\']) {
        Some(i) => (&path[..i], &path[i + 1..]),
        None => ("", path),
    };
    let dot = base.rfind('.')?;
    let (stem, ext) = (&base[..dot], &base[dot..]);
    if ext.len() < 2 {
        return None;
    }
    let folders = match dirs.rsplit_once("_posts").map(|(above, _)| above) {
        Some(above) => above
            .split(['/', '\\'])
            .filter(|c| !c.is_empty() && *c != "." && *c != "_posts")
            .collect(),
        None if dirs == "_posts" || dirs.ends_with("/_posts") => Vec::new(),
        None => Vec::new(),
    };
    let (date, slug) = match split_date_prefix(stem) {
        Some((date, slug)) => (Some(date), slug),
        None => (None, stem),
    };
    Some(FileName {
        date,
        slug: slug.trim_end_matches('.').to_owned(),
        ext,
        folders,
    })
}

fn split_date_prefix(stem: &str) -> Option<((i32, u32, u32), &str)> {
    let mut parts = stem.splitn(4, '-');
    let (y, m, d, rest) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    let digits = |s: &str, lo: usize, hi: usize| {
        (lo..=hi).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    if !(digits(y, 2, 4) && digits(m, 1, 2) && digits(d, 1, 2)) {
        return None;
    }
    Some(((y.parse().ok()?, m.parse().ok()?, d.parse().ok()?), rest))
}

/// Ruby's `slug.split("-").map(&:capitalize).join(" ")`.
pub(crate) fn titleize(slug: &str) -> String {
    let words: Vec<String> = slug
        .trim_end_matches('-')
        .split('-')
        .map(crate::case::capitalize)
        .collect();
    words.join(" ")
}

/// Jekyll's list rule: a string is split on whitespace (when `split`), a list keeps
/// its items as strings, null gives nothing.
fn push_list(out: &mut Vec<String>, value: &Value, split: bool) {
    match value {
        Value::Null => {}
        Value::String(s) if split => out.extend(s.split_whitespace().map(str::to_owned)),
        Value::List(items) => {
            for item in items {
                push_list(out, item, false);
            }
        }
        other => {
            if let Some(text) = other.to_text() {
                out.push(text);
            }
        }
    }
}

fn dedup_keep_first(list: &mut Vec<String>) {
    let mut seen = std::collections::HashSet::new();
    list.retain(|item| seen.insert(item.clone()));
}

/// Computes the metadata; `data` is the parsed front matter.
pub(crate) fn compute(
    mut data: Map,
    yaml: &str,
    options: &Options,
    warnings: &mut Vec<Warning>,
) -> Meta {
    let file = options.file_name.as_deref().and_then(parse_file_name);
    let zone = site_zone(options, warnings);
    let [slug_value, title_value, date_value, categories_value, category_value, tag, plural, permalink, published, excerpt, image, author, layout, url_value, image_url_value] =
        data.take([
            "slug",
            "title",
            "date",
            "categories",
            "category",
            "tag",
            "tags",
            "permalink",
            "published",
            "excerpt",
            "image",
            "author",
            "layout",
            "url",
            "imageUrl",
        ]);
    // Fields inkpost computes and checks, which the flat JSON object names
    // beside the front-matter keys: a key of the same name would stand twice
    // (and `JSON.parse` keeps the last, the post's), so it goes.
    for (key, value, from) in [
        ("url", &url_value, "the permalink, as Jekyll's `page.url`"),
        (
            "imageUrl",
            &image_url_value,
            "`image`, checked by the URL policy",
        ),
    ] {
        if value.is_some() {
            warnings.push(Warning::new(
                WarningKind::FrontMatter,
                format!(
                    "front-matter key `{key}` was ignored: inkpost computes `{key}` from {from}"
                ),
                key_line(yaml, key),
                1,
            ));
        }
    }
    let slug = match slug_value {
        Some(v) if v.is_truthy() => v.to_text(),
        _ => file.as_ref().map(|f| f.slug.clone()),
    };
    let title = match title_value {
        Some(v) if v.is_truthy() => v.to_text(),
        _ => file.as_ref().map(|f| titleize(&f.slug)),
    };

    let mut date = None;
    if let Some(v) = date_value.as_ref().filter(|v| v.is_truthy()) {
        let text = v.to_text().unwrap_or_default();
        date = date::parse(&text);
        if date.is_none() {
            warnings.push(Warning::new(
                WarningKind::FrontMatter,
                format!("front-matter date `{text}` is not a date Jekyll can read; the file name's date is used"),
                key_line(yaml, "date"),
                1,
            ));
        }
    }
    if date.is_none() {
        date = file
            .as_ref()
            .and_then(|f| f.date)
            .and_then(|(y, m, d)| DateTime::midnight(y, m, d));
    }
    let date = date.map(|d| match &zone {
        Some(zone) => d.in_zone(zone),
        None => d,
    });

    let mut categories: Vec<String> = file
        .as_ref()
        .map(|f| f.folders.iter().map(|s| (*s).to_owned()).collect())
        .unwrap_or_default();
    if let Some(v) = categories_value {
        push_list(&mut categories, &v, true);
    }
    if let Some(v) = category_value {
        push_list(&mut categories, &v, false);
    }
    dedup_keep_first(&mut categories);

    let mut tags = Vec::new();
    match (tag, plural) {
        (Some(v), _) => push_list(&mut tags, &v, false),
        (None, Some(v)) => push_list(&mut tags, &v, true),
        (None, None) => {}
    }

    let permalink = permalink.and_then(|v| v.to_text());
    let url = permalink_url(
        permalink.as_deref(),
        options.site.permalink.as_deref(),
        date.as_ref(),
        slug.as_deref(),
        file.as_ref(),
        &categories,
    );
    let published = published.is_none_or(|v| v.is_truthy());
    let excerpt = excerpt.and_then(|v| v.to_text());
    let image = image.filter(|v| !matches!(v, Value::Null));
    let image_url = image
        .as_ref()
        .and_then(image_path)
        .and_then(|path| hero_image_url(path, || key_line(yaml, "image"), options, warnings));
    Meta {
        title,
        date: date.map(|d| d.to_xmlschema()),
        slug,
        categories,
        tags,
        published,
        excerpt,
        image,
        image_url,
        author,
        layout,
        url,
        data,
    }
}

/// Repairs mis-decoded text in the front matter's strings (title, excerpt,
/// author, categories, tags, every other key; never the image, a URL), each
/// repair a warning at its key's line.
pub(crate) fn repair_strings(meta: &mut Meta, yaml: &str, warnings: &mut Vec<Warning>) {
    fn fix(s: &mut String, key: &str, yaml: &str, warnings: &mut Vec<Warning>) {
        if let Some((fixed, fixes)) = crate::text_repair::repair(s) {
            for f in &fixes {
                warnings.push(Warning::new(
                    WarningKind::Encoding,
                    format!("front-matter `{key}`: {}", crate::repair::message(f)),
                    key_line(yaml, key),
                    1,
                ));
            }
            *s = fixed;
        }
    }
    fn fix_value(v: &mut Value, key: &str, yaml: &str, warnings: &mut Vec<Warning>) {
        match v {
            Value::String(s) => fix(s, key, yaml, warnings),
            Value::List(items) => items
                .iter_mut()
                .for_each(|i| fix_value(i, key, yaml, warnings)),
            Value::Map(map) => map
                .values_mut()
                .for_each(|i| fix_value(i, key, yaml, warnings)),
            _ => {}
        }
    }
    for (key, s) in [("title", &mut meta.title), ("excerpt", &mut meta.excerpt)] {
        if let Some(s) = s {
            fix(s, key, yaml, warnings);
        }
    }
    for s in &mut meta.categories {
        fix(s, "categories", yaml, warnings);
    }
    for s in &mut meta.tags {
        fix(s, "tags", yaml, warnings);
    }
    if let Some(author) = &mut meta.author {
        fix_value(author, "author", yaml, warnings);
    }
    for (key, value) in meta.data.iter_mut() {
        fix_value(value, key, yaml, warnings);
    }
}

/// The page as Liquid sees it (`page.title`, `page.url`, `page.id`, …): the
/// computed fields, then every other front-matter key. `page.date` is handed to
/// Liquid separately as a date.
pub(crate) fn liquid_page(meta: &Meta, options: &Options) -> Map {
    let mut page = meta.data.clone();
    let text = |s: &Option<String>| s.clone().map_or(Value::Null, Value::String);
    let list = |l: &[String]| Value::List(l.iter().cloned().map(Value::String).collect());
    page.insert("title".into(), text(&meta.title));
    page.insert("slug".into(), text(&meta.slug));
    page.insert("url".into(), text(&meta.url));
    if let (Some(url), Some(slug)) = (&meta.url, &meta.slug) {
        let dir = url.rfind('/').map_or("", |i| &url[..i]);
        page.insert("id".into(), Value::String(format!("{dir}/{slug}")));
    }
    page.insert("categories".into(), list(&meta.categories));
    page.insert("tags".into(), list(&meta.tags));
    page.insert("excerpt".into(), text(&meta.excerpt));
    for (key, value) in [
        ("image", &meta.image),
        ("author", &meta.author),
        ("layout", &meta.layout),
    ] {
        if let Some(v) = value {
            page.insert(key.into(), v.clone());
        }
    }
    if let Some(file) = &options.file_name {
        page.insert("path".into(), Value::String(file.clone()));
    }
    page
}

/// `site` as Liquid sees it: the named settings and every other key.
pub(crate) fn liquid_site(site: &crate::Site) -> Map {
    let mut map = site.other.clone();
    for (key, value) in [
        ("url", &site.url),
        ("baseurl", &site.baseurl),
        ("timezone", &site.timezone),
        ("permalink", &site.permalink),
        ("excerpt_separator", &site.excerpt_separator),
    ] {
        if let Some(v) = value {
            map.insert(key.into(), Value::String(v.clone()));
        }
    }
    for key in ["url", "baseurl"] {
        if !map.contains_key(key) {
            map.insert(key.into(), Value::String(String::new()));
        }
    }
    // `{{ site.time }}` is when the site is built: for a page rendered in the
    // browser, or by the CLI, that is now (asked only when Liquid runs).
    if !map.contains_key("time") {
        map.insert("time".into(), Value::String(now_utc()));
    }
    map
}

/// The current time as ISO 8601 UTC (`2026-11-28T08:47:47+00:00`).
fn now_utc() -> String {
    #[cfg(target_arch = "wasm32")]
    let seconds = (js_sys::Date::now() / 1000.0).floor() as i64;
    #[cfg(not(target_arch = "wasm32"))]
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    crate::iso8601_utc(seconds)
}

/// Jekyll's URL: the permalink pattern with its placeholders filled, each
/// value percent-encoded, slashes squeezed.
fn permalink_url(
    own: Option<&str>,
    site: Option<&str>,
    date: Option<&DateTime>,
    slug: Option<&str>,
    file: Option<&FileName>,
    categories: &[String],
) -> Option<String> {
    let pattern = match own.filter(|p| !p.trim().is_empty()) {
        Some(p) => p,
        None => match site.unwrap_or("date") {
            "date" => "/:categories/:year/:month/:day/:title:output_ext",
            "pretty" => "/:categories/:year/:month/:day/:title/",
            "ordinal" => "/:categories/:year/:y_day/:title:output_ext",
            "weekdate" => "/:categories/:year/W:week/:short_day/:title:output_ext",
            "none" => "/:categories/:title:output_ext",
            custom => custom,
        },
    };
    let slug = slug.unwrap_or_default();
    let mut out = String::with_capacity(pattern.len() + 32);
    let mut rest = pattern;
    while let Some(i) = rest.find(':') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let name_len = after
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
            .count();
        let name = &after[..name_len];
        let value = placeholder(name, date, slug, file, categories);
        match value {
            Some(Some(v)) => escape_path(&mut out, &v),
            Some(None) => return None,
            None => {
                out.push(':');
                out.push_str(name);
            }
        }
        rest = &after[name_len..];
    }
    out.push_str(rest);
    // One leading slash, runs of slashes made one.
    let mut url = String::with_capacity(out.len() + 1);
    for part in out.split('/').filter(|p| !p.is_empty()) {
        url.push('/');
        url.push_str(part);
    }
    if url.is_empty() || out.ends_with('/') {
        url.push('/');
    }
    Some(url)
}

/// `None`: not a placeholder; `Some(None)`: needs a date the post lacks.
fn placeholder(
    name: &str,
    date: Option<&DateTime>,
    slug: &str,
    file: Option<&FileName>,
    categories: &[String],
) -> Option<Option<String>> {
    let d = date;
    let dated = |f: &dyn Fn(&DateTime) -> String| Some(d.map(f));
    match name {
        "title" => Some(Some(slugify(slug, true))),
        "slug" => Some(Some(slugify(slug, false))),
        "name" => Some(Some(slugify(file.map_or(slug, |f| f.stem()), false))),
        "categories" => {
            let mut seen: Vec<String> = Vec::new();
            for c in categories {
                let lower = crate::case::lower(c);
                if !seen.contains(&lower) {
                    seen.push(lower);
                }
            }
            Some(Some(seen.join("/")))
        }
        "output_ext" => Some(Some(".html".to_owned())),
        "year" => dated(&|d| format!("{:04}", d.year)),
        "short_year" => dated(&|d| format!("{:02}", d.year.rem_euclid(100))),
        "month" => dated(&|d| format!("{:02}", d.month)),
        "i_month" => dated(&|d| d.month.to_string()),
        "short_month" => dated(&|d| date::MONTHS[d.month as usize - 1][..3].to_owned()),
        "long_month" => dated(&|d| date::MONTHS[d.month as usize - 1].to_owned()),
        "day" => dated(&|d| format!("{:02}", d.day)),
        "i_day" => dated(&|d| d.day.to_string()),
        "y_day" => dated(&|d| format!("{:03}", d.ordinal())),
        "hour" => dated(&|d| format!("{:02}", d.hour)),
        "minute" => dated(&|d| format!("{:02}", d.minute)),
        "second" => dated(&|d| format!("{:02}", d.second)),
        "week" => dated(&|d| format!("{:02}", d.iso_week())),
        "short_day" => dated(&|d| date::DAYS[d.weekday() as usize][..3].to_owned()),
        "long_day" => dated(&|d| date::DAYS[d.weekday() as usize].to_owned()),
        _ => None,
    }
}

/// Jekyll's `slugify`: `pretty` mode keeps `._~!$&'()+,;=@` and case (for
/// `:title`); default mode keeps letters, marks and digits only, in lower case.
pub(crate) fn slugify(s: &str, pretty: bool) -> String {
    let mut out = String::with_capacity(s.len());
    let mut dash = false;
    for c in s.chars() {
        let keep = c.is_alphanumeric() || (pretty && "._~!$&'()+,;=@".contains(c));
        if keep {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else {
            dash = true;
        }
    }
    if pretty {
        out
    } else {
        crate::case::lower_chars(&out)
    }
}

/// Jekyll's `URL.escape_path`: percent-encode what may not stand in a URL path.
fn escape_path(out: &mut String, s: &str) {
    // Runs of bytes kept are copied whole; they are ASCII, so each run starts
    // and ends on a character boundary.
    let mut copied = 0;
    for (i, b) in s.bytes().enumerate() {
        let keep = b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'-' | b'.'
                    | b'_'
                    | b'~'
                    | b'!'
                    | b'$'
                    | b'&'
                    | b'\''
                    | b'('
                    | b')'
                    | b'*'
                    | b'+'
                    | b','
                    | b';'
                    | b'='
                    | b':'
                    | b'@'
                    | b'/'
            );
        if !keep {
            if copied < i {
                out.push_str(&s[copied..i]);
            }
            let _ = write!(out, "%{b:02X}");
            copied = i + 1;
        }
    }
    if copied < s.len() {
        out.push_str(&s[copied..]);
    }
}

/// Themes show `image:` through `relative_url`, so a relative path is taken
/// from the site root (`site.baseurl`), then resolved against `baseUrl`.
fn hero_image_url(
    path: &str,
    line: impl FnOnce() -> u32,
    options: &Options,
    warnings: &mut Vec<Warning>,
) -> Option<String> {
    use crate::links::{Refused, UrlUse};
    let is_path = !path.starts_with(['/', '#']) && !path.contains(':');
    let rooted = if is_path {
        let baseurl = options
            .site
            .baseurl
            .as_deref()
            .unwrap_or("")
            .trim_end_matches('/');
        format!("{baseurl}/{path}")
    } else {
        path.to_owned()
    };
    // One check, policy and resolution, as for an image in the body.
    let base = crate::links::Base::new(options.base_url.as_deref());
    let why = match base.check(&rooted, UrlUse::Image, &options.remote_media) {
        Ok(checked) => return Some(checked.written.into_owned()),
        Err(Refused::Remote) => format!("is not shown: {}", Refused::Remote.reason()),
        Err(_) => "uses a scheme that is not allowed; it is not shown".to_owned(),
    };
    warnings.push(Warning::new(
        WarningKind::Sanitized,
        format!(
            "front-matter image `{}` {why}",
            crate::util::truncate(path, 60)
        ),
        line(),
        1,
    ));
    None
}

fn image_path(image: &Value) -> Option<&str> {
    match image {
        Value::String(s) => Some(s.trim()).filter(|s| !s.is_empty()),
        Value::Map(m) => ["path", "feature", "url", "src"]
            .iter()
            .find_map(|k| m.get(k).and_then(Value::as_str)),
        _ => None,
    }
}

fn site_zone(options: &Options, warnings: &mut Vec<Warning>) -> Option<Zone> {
    let name = options.site.timezone.as_deref()?.trim();
    if name.is_empty() {
        return None;
    }
    let zone = Zone::parse(name);
    if zone.is_none() {
        warnings.push(Warning::new(
            WarningKind::Options,
            format!("site.timezone `{name}` is not a zone inkpost knows; dates are shown without converting"),
            0,
            0,
        ));
    }
    zone
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_name_gives_date_slug_and_extension() {
        let f = parse_file_name("_posts/2017-2-5-i-dont-like-zeroes.md").unwrap();
        assert_eq!(f.date, Some((2017, 2, 5)));
        assert_eq!(f.slug, "i-dont-like-zeroes");
        assert_eq!(f.ext, ".md");
    }

    #[test]
    fn slug_keeps_inner_dots_and_loses_trailing_ones() {
        assert_eq!(
            parse_file_name("2016-1-05-swift-2.2-release-process.md")
                .unwrap()
                .slug,
            "swift-2.2-release-process"
        );
        assert_eq!(
            parse_file_name("2018-10-12-trailing-dots...markdown")
                .unwrap()
                .slug,
            "trailing-dots"
        );
    }

    #[test]
    fn folders_above_posts_become_categories_not_below() {
        let f = parse_file_name("en/news/_posts/sub/2019-10-01-x.md").unwrap();
        assert_eq!(f.folders, vec!["en", "news"]);
        assert!(parse_file_name("www/posts/2019-10-01-x.md")
            .unwrap()
            .folders
            .is_empty());
    }

    #[test]
    fn titleize_capitalizes_each_word_like_ruby() {
        assert_eq!(
            titleize("edge-case-no-yaml-title"),
            "Edge Case No Yaml Title"
        );
        assert_eq!(titleize("i-dont-like-ZEROES"), "I Dont Like Zeroes");
    }
}
