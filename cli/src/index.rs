//! `inkpost index DIR`: a folder of posts in, `index.json` (one entry per post, newest first) out.

use serde::Serialize;
use std::collections::HashSet;
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

pub(crate) const POST_EXTENSIONS: [&str; 6] = ["md", "markdown", "mkdn", "mkd", "mdown", "mdwn"];

/// How many folders deep posts are looked for. Far more than any blog nests,
/// and a bound on the walk even where loop detection could be fooled (a
/// folder replaced while it is read).
const MAX_DEPTH: usize = 32;

/// Whether `path` names a post by its extension.
pub(crate) fn is_post(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| POST_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// Whether a path, taken under its root, has a part that starts with `.`
/// (`.git`, `.env`, `.drafts/…`): those are never listed nor served.
pub(crate) fn is_hidden(rel: &Path) -> bool {
    rel.components().any(|part| match part {
        std::path::Component::Normal(name) => name.to_string_lossy().starts_with('.'),
        _ => false,
    })
}

/// Builds the index of the posts under `dir` as JSON; unpublished posts are
/// left out unless `unpublished`.
pub(crate) fn build(dir: &Path, unpublished: bool) -> Result<String, String> {
    let cannot_read = |e: std::io::Error| format!("cannot read {}: {e}", dir.display());
    let root = std::fs::canonicalize(dir).map_err(cannot_read)?;
    let mut walk = Walk {
        root: &root,
        visited: HashSet::from([root.clone()]),
        files: Vec::new(),
    };
    walk.collect(dir, 0).map_err(cannot_read)?;
    let files = walk.files;
    let in_posts = dir.file_name().is_some_and(|n| n == "_posts");
    // In a site (a folder from `dir` up has a `_config.yml`), paths count from
    // its root, as for `render`: `news/_posts/…` gives the category `news`.
    // `dir`'s own place in the site, once.
    let in_site =
        crate::site_root(&root).and_then(|site| Some(url_path(root.strip_prefix(site).ok()?)));
    let renderer =
        inkpost::Renderer::new(inkpost::Options::default()).map_err(|e| e.to_string())?;
    let mut entries = Vec::new();
    for (path, real) in files {
        let rel = url_path(path.strip_prefix(dir).unwrap_or(&path));
        let Ok(bytes) = std::fs::read(&real) else {
            continue;
        };
        let path = match in_site.as_deref() {
            Some("") => rel.clone(),
            Some(place) => format!("{place}/{rel}"),
            None if in_posts => format!("_posts/{rel}"),
            None => rel.clone(),
        };
        let rendered = match renderer.render_file(&path, &bytes) {
            Ok(rendered) => rendered,
            Err(e) => {
                eprintln!("inkpost: {}: {e}; left out of the index", real.display());
                continue;
            }
        };
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

/// The walk for posts under one root: what is found, and which real folders
/// were entered already.
struct Walk<'a> {
    /// The folder indexed, canonical.
    root: &'a Path,
    /// A link back up (`loop -> .`) or two links to one folder would walk it
    /// again and again (two such links: 2^40 paths before the system's link
    /// limit stops it), so each real folder is entered once.
    visited: HashSet<PathBuf>,
    /// Each post as named under the folder indexed, and its real path.
    files: Vec<(PathBuf, PathBuf)>,
}

impl Walk<'_> {
    /// Adds the posts in `dir` (a path under the folder indexed, as linked).
    /// A link is followed only when its target is inside the folder indexed:
    /// nothing else is read, so a link to a private file elsewhere never shows
    /// up as an excerpt.
    fn collect(&mut self, dir: &Path, depth: usize) -> std::io::Result<()> {
        let mut items: Vec<_> = std::fs::read_dir(dir)?.filter_map(Result::ok).collect();
        items.sort_by_key(|e| e.file_name());
        for item in items {
            if item.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            let path = item.path();
            // Broken links and targets outside the root are left out.
            let Ok(real) = std::fs::canonicalize(&path) else {
                continue;
            };
            let Ok(inside) = real.strip_prefix(self.root) else {
                continue;
            };
            if is_hidden(inside) {
                continue;
            }
            if real.is_dir() {
                if depth < MAX_DEPTH && self.visited.insert(real) {
                    self.collect(&path, depth + 1)?;
                }
            } else if is_post(&path) {
                self.files.push((path, real));
            }
        }
        Ok(())
    }
}

/// A relative path as the reader fetches it: its parts joined with `/`. On
/// Unix a `\\` is a character of a file name (`back\\slash.md`), not a
/// separator, so it stays; `Path::components` knows Windows' separators.
fn url_path(path: &Path) -> String {
    path.components()
        .map(|part| part.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
