//! `inkpost index DIR`: a folder of posts in, `index.json` (one entry per post, newest first) out.

use serde::Serialize;
use std::path::{Path, PathBuf};

#[derive(Serialize)]
struct Entry {
    /// Where the post is, under the folder indexed (what the reader fetches).
    file: String,
    /// The post's path in its site, when that is not `file` (the folder
    /// indexed is inside a site): what its categories, URL and `page.path`
    /// come from, and what the reader renders it as.
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<String>,
    title: Option<String>,
    slug: Option<String>,
    date: Option<String>,
    url: Option<String>,
    categories: Vec<String>,
    tags: Vec<String>,
    excerpt: String,
    image: Option<String>,
    published: bool,
}

const POST_EXTENSIONS: [&str; 6] = ["md", "markdown", "mkdn", "mkd", "mdown", "mdwn"];

/// Builds the index of the posts under `dir` as JSON; unpublished posts are
/// left out unless `unpublished`.
pub(crate) fn build(dir: &Path, unpublished: bool) -> Result<String, String> {
    let mut files = Vec::new();
    collect(dir, &mut files).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    let in_posts = dir.file_name().is_some_and(|n| n == "_posts");
    // In a site (a folder from `dir` up has a `_config.yml`), paths count from
    // its root, as for `render`: `news/_posts/…` gives the category `news`.
    // `dir`'s own place in the site, once.
    let in_site = std::fs::canonicalize(dir).ok().and_then(|d| {
        let root = crate::site_root(&d)?;
        Some(
            d.strip_prefix(root)
                .ok()?
                .to_string_lossy()
                .replace('\\', "/"),
        )
    });
    let mut entries = Vec::new();
    for path in files {
        let rel = path
            .strip_prefix(dir)
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/");
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let source = String::from_utf8_lossy(&bytes);
        let path = match in_site.as_deref() {
            Some("") => rel.clone(),
            Some(place) => format!("{place}/{rel}"),
            None if in_posts => format!("_posts/{rel}"),
            None => rel.clone(),
        };
        let options = inkpost::Options {
            file_name: Some(path.clone()),
            ..Default::default()
        };
        let rendered = inkpost::render(&source, &options);
        let meta = rendered.meta;
        if !meta.published && !unpublished {
            continue;
        }
        entries.push(Entry {
            path: (path != rel).then_some(path),
            file: rel,
            title: meta.title,
            slug: meta.slug,
            date: meta.date,
            url: meta.url,
            categories: meta.categories,
            tags: meta.tags,
            excerpt: inkpost::html_to_text(&rendered.excerpt_html),
            image: meta.image_url,
            published: meta.published,
        });
    }
    // Newest first; ISO dates sort as text when they share a form.
    entries.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.file.cmp(&b.file)));
    serde_json::to_string_pretty(&entries).map_err(|e| e.to_string())
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut items: Vec<_> = std::fs::read_dir(dir)?.filter_map(Result::ok).collect();
    items.sort_by_key(|e| e.file_name());
    for item in items {
        let path = item.path();
        let name = item.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        if path.is_dir() {
            collect(&path, out)?;
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| POST_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
        {
            out.push(path);
        }
    }
    Ok(())
}
