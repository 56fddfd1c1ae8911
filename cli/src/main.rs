//! The inkpost command line: post files in, HTML or JSON on standard output; `serve` for the browser.

mod index;
mod serve;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "\
usage: inkpost render FILE|- [--json] [options]
       inkpost index DIR [--unpublished]
       inkpost serve [DIR] [--port N] [--host ADDR] [--www DIR] [--unpublished]

commands:
  render FILE   render a post file (- for standard input) to an HTML fragment
  index DIR     print index.json for the posts under DIR (newest first)
  serve [DIR]   serve the www/ pages and the posts in DIR (default www/posts)
                at http://127.0.0.1:8000/

`inkpost COMMAND --help` shows a command's options.";

const RENDER_USAGE: &str = "\
usage: inkpost render FILE|- [--json] [options]

Renders a post file (- for standard input) to an HTML fragment.

options:
  --json              print the whole result (meta, html, excerptHtml, toc, stats,
                      warnings) as JSON
  --config FILE       site settings from a Jekyll _config.yml (url, baseurl,
                      timezone, permalink, excerpt_separator, and any key for
                      {{ site.x }})
  --site KEY=VALUE    one site setting (repeatable; after --config, wins over it)
  --base-url URL      resolve relative links and images against URL
  --raw-html MODE     sanitize (default), escape or drop
  --id-prefix P       prefix every id the post puts on the page
  --classes POLICY    the post's class names: keep (default), drop, or
                      prefix:P (each one prefixed with P)
  --remote-media M    images and media from other sites: allow (default),
                      block, or HOST,HOST (those hosts and their subdomains)
  --allow-iframe-host H
                      keep <iframe>s from host H and its subdomains, sandboxed
                      (repeatable, or H,H)
  --nofollow          add nofollow to external links
  --external-links-new-tab
                      open external links in a new tab (target=_blank)
  --no-lazy-images    no loading=lazy on images
  --no-repair-encoding
                      leave mis-decoded UTF-8 (mojibake) as it is
  --max-input-bytes N refuse a larger post (default 10485760)
  --max-nesting N     refuse a post whose blocks nest deeper (default 128)
  --source-lines      add data-line attributes to blocks
  -h, --help          this help

Warnings go to standard error as FILE:LINE:COLUMN: warning: MESSAGE.
Exit status: 0 rendered (even with warnings); 2 usage error, unreadable
input, or a post the limits refuse.";

const INDEX_USAGE: &str = "\
usage: inkpost index DIR [--unpublished]

Prints index.json for the posts under DIR (one entry per post, newest first),
as the reader page reads it.

options:
  --unpublished       list posts whose front matter says published: false too
  -h, --help          this help";

const SERVE_USAGE: &str = "\
usage: inkpost serve [DIR] [--port N] [--host ADDR] [--www DIR] [--unpublished]

Serves the www/ pages and the posts in DIR (default www/posts) over HTTP on
loopback, with /posts/index.json made from the folder on each request.

options:
  --port N            the port (default 8000; 0 picks a free one)
  --host ADDR         the address (default 127.0.0.1)
  --www DIR           the pages to serve (default www)
  --unpublished       list unpublished posts in index.json too
  -h, --help          this help";

/// Whether the command's arguments ask for its help (printed, then done).
fn wants_help(args: &[String], usage: &str) -> bool {
    let help = args.iter().any(|a| a == "--help" || a == "-h");
    if help {
        println!("{usage}");
    }
    help
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("inkpost: {message}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &[String]) -> Result<(), String> {
    let Some((command, rest)) = args.split_first() else {
        return Err(format!("missing command\n{USAGE}"));
    };
    match command.as_str() {
        "render" => render(rest),
        "index" => index(rest),
        "serve" => serve(rest),
        "-h" | "--help" | "help" => {
            println!("{USAGE}");
            Ok(())
        }
        "-V" | "--version" => {
            println!("inkpost {}", env!("CARGO_PKG_VERSION"));
            Ok(())
        }
        other => Err(format!("unknown command `{other}` (see inkpost --help)")),
    }
}

/// Walks `args`, giving flags (with their value when `takes_value` says so) and
/// positional arguments to `on`.
fn parse_args(
    args: &[String],
    takes_value: &[&str],
    mut on: impl FnMut(&str, Option<&str>) -> Result<(), String>,
) -> Result<(), String> {
    let mut i = 0;
    while i < args.len() {
        let arg = args[i].as_str();
        if arg.starts_with("--") {
            let (flag, inline) = match arg.split_once('=') {
                Some((f, v)) => (f, Some(v)),
                None => (arg, None),
            };
            if takes_value.contains(&flag) {
                let value = match inline {
                    Some(v) => v,
                    None => {
                        i += 1;
                        args.get(i)
                            .map(String::as_str)
                            .ok_or_else(|| format!("{flag} needs a value"))?
                    }
                };
                on(flag, Some(value))?;
            } else {
                on(arg, None)?;
            }
        } else {
            on("", Some(arg))?;
        }
        i += 1;
    }
    Ok(())
}

/// The message for an argument a command does not take.
fn unexpected(flag: &str, value: Option<&str>) -> String {
    let shown = if flag.is_empty() {
        value.unwrap_or("")
    } else {
        flag
    };
    format!("unexpected argument `{shown}`")
}

/// A flag's value as a whole number.
fn count(flag: &str, value: &str) -> Result<usize, String> {
    value
        .parse()
        .map_err(|_| format!("{flag} takes a whole number, not `{value}`"))
}

fn render(args: &[String]) -> Result<(), String> {
    if wants_help(args, RENDER_USAGE) {
        return Ok(());
    }
    let mut json = false;
    let mut file: Option<String> = None;
    let mut options = inkpost::Options::default();
    let mut site_pairs: Vec<String> = Vec::new();
    let mut config: Option<String> = None;
    parse_args(
        args,
        &[
            "--base-url",
            "--raw-html",
            "--id-prefix",
            "--classes",
            "--remote-media",
            "--allow-iframe-host",
            "--max-input-bytes",
            "--max-nesting",
            "--config",
            "--site",
        ],
        |flag, value| {
            match (flag, value) {
                ("--json", None) => json = true,
                ("--config", Some(v)) => config = Some(v.to_owned()),
                ("--site", Some(v)) => site_pairs.push(v.to_owned()),
                ("--source-lines", None) => options.source_lines = true,
                ("--nofollow", None) => options.nofollow = true,
                ("--external-links-new-tab", None) => options.external_links_new_tab = true,
                ("--no-lazy-images", None) => options.lazy_images = false,
                ("--no-repair-encoding", None) => options.repair_encoding = false,
                ("--allow-iframe-host", Some(v)) => options.allow_iframe_hosts.extend(
                    v.split(',')
                        .map(str::trim)
                        .filter(|h| !h.is_empty())
                        .map(String::from),
                ),
                ("--max-input-bytes", Some(v)) => options.max_input_bytes = count(flag, v)?,
                ("--max-nesting", Some(v)) => options.max_nesting = count(flag, v)?,
                ("--base-url", Some(v)) => options.base_url = Some(v.to_owned()),
                ("--id-prefix", Some(v)) => options.id_prefix = v.to_owned(),
                ("--remote-media", Some(v)) => {
                    options.remote_media = v.parse().map_err(|e| format!("--remote-media: {e}"))?
                }
                ("--classes", Some(v)) => {
                    options.classes = v.parse().map_err(|e| format!("--classes: {e}"))?
                }
                ("--raw-html", Some(v)) => {
                    options.raw_html = match v {
                        "sanitize" => inkpost::RawHtmlMode::Sanitize,
                        "escape" => inkpost::RawHtmlMode::Escape,
                        "drop" => inkpost::RawHtmlMode::Drop,
                        other => {
                            return Err(format!(
                                "--raw-html takes sanitize, escape or drop, not `{other}`"
                            ))
                        }
                    }
                }
                ("", Some(path)) => {
                    if file.replace(path.to_owned()).is_some() {
                        return Err("render takes one FILE".to_owned());
                    }
                }
                (flag, _) => {
                    return Err(format!(
                        "unknown option `{flag}` (see inkpost render --help)"
                    ))
                }
            }
            Ok(())
        },
    )?;
    let file = file.ok_or("render needs a FILE, or - for standard input")?;
    options.site = site_settings(config.as_deref(), &site_pairs)?;
    let source = read_source(&file)?;
    if file != "-" {
        options.file_name = Some(site_file_name(Path::new(&file), config.as_deref()));
    }
    let rendered =
        inkpost::try_render_bytes(&source, &options).map_err(|e| format!("{file}: {e}"))?;
    let name = if file == "-" { "<stdin>" } else { &file };
    for w in &rendered.warnings {
        eprintln!("{name}:{}:{}: warning: {}", w.line, w.column, w.message);
    }
    let mut stdout = std::io::stdout().lock();
    let written = if json {
        serde_json::to_writer_pretty(&mut stdout, &rendered)
            .map_err(std::io::Error::from)
            .and_then(|()| writeln!(stdout))
    } else {
        stdout.write_all(rendered.html.as_bytes())
    };
    finish_output(written)
}

fn index(args: &[String]) -> Result<(), String> {
    if wants_help(args, INDEX_USAGE) {
        return Ok(());
    }
    let mut dir = None;
    let mut unpublished = false;
    parse_args(args, &[], |flag, value| {
        match (flag, value) {
            ("--unpublished", None) => unpublished = true,
            ("", Some(d)) if dir.is_none() => dir = Some(PathBuf::from(d)),
            (flag, _) => return Err(unexpected(flag, value)),
        }
        Ok(())
    })?;
    let dir = dir.ok_or("index needs a DIR")?;
    let json = index::build(&dir, unpublished)?;
    let mut stdout = std::io::stdout().lock();
    finish_output(writeln!(stdout, "{json}"))
}

fn serve(args: &[String]) -> Result<(), String> {
    if wants_help(args, SERVE_USAGE) {
        return Ok(());
    }
    let mut config = serve::Config {
        www: PathBuf::from("www"),
        posts: PathBuf::from("www/posts"),
        host: "127.0.0.1".to_owned(),
        port: 8000,
        unpublished: false,
    };
    let mut posts_given = false;
    parse_args(args, &["--port", "--host", "--www"], |flag, value| {
        match (flag, value) {
            ("--port", Some(p)) => {
                config.port = p
                    .parse()
                    .map_err(|_| format!("--port takes a number from 1 to 65535, not `{p}`"))?
            }
            ("--host", Some(h)) => config.host = h.to_owned(),
            ("--www", Some(w)) => config.www = PathBuf::from(w),
            ("--unpublished", None) => config.unpublished = true,
            ("", Some(d)) if !posts_given => {
                posts_given = true;
                config.posts = PathBuf::from(d);
            }
            (flag, _) => return Err(unexpected(flag, value)),
        }
        Ok(())
    })?;
    serve::run(config)
}

/// Site settings from `--config` then each `--site key=value`.
fn site_settings(config: Option<&str>, pairs: &[String]) -> Result<inkpost::Site, String> {
    let mut site = match config {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read {path}: {}", error_text(&e)))?;
            inkpost::Site::from_config_yaml(&text).map_err(|e| format!("{path}: {e}"))?
        }
        None => inkpost::Site::default(),
    };
    for pair in pairs {
        let (key, value) = pair
            .split_once('=')
            .ok_or_else(|| format!("--site takes KEY=VALUE, not `{pair}`"))?;
        site.set(key.trim(), inkpost::Value::String(value.to_owned()));
    }
    Ok(site)
}

/// A closed pipe (`inkpost render x | head`) is not an error.
fn finish_output(written: std::io::Result<()>) -> Result<(), String> {
    match written {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(format!("cannot write output: {e}"))
        }
        _ => Ok(()),
    }
}

/// Jekyll's names for a site's configuration, in the order it tries them.
const CONFIG_NAMES: [&str; 3] = ["_config.yml", "_config.yaml", "_config.toml"];

/// The post's path in its site, for the categories (folders above `_posts`),
/// the URL and `page.path`: relative to the site's root, which is the folder
/// of `--config` if the post is in it, else the nearest folder above the post
/// with a `_config.yml` (or `.yaml`, `.toml`), else, for a relative path in
/// the current folder, that folder (where `jekyll build` would read it). Any
/// other post keeps only its path from `_posts` on (or its file name), so the
/// folders of an absolute path (`/home/me/blog/_posts/…`) are never taken as
/// categories. A link to the post is not followed, so it keeps its own name;
/// links among its folders are resolved only as a second try.
fn site_file_name(file: &Path, config: Option<&str>) -> String {
    let slashes = |p: &Path| p.to_string_lossy().replace('\\', "/");
    let Ok(absolute) = std::path::absolute(file) else {
        return slashes(file);
    };
    // The file with its folders' links (and any `..` after one) resolved by
    // the file system, as `canonicalize` gives roots; and, unless the path
    // goes up a folder (which only the file system can say where it leads),
    // the place as typed, tried first.
    let resolved = absolute
        .parent()
        .and_then(|dir| std::fs::canonicalize(dir).ok())
        .zip(absolute.file_name())
        .map(|(dir, name)| dir.join(name));
    let goes_up = absolute
        .components()
        .any(|c| c == std::path::Component::ParentDir);
    let typed = (!goes_up).then(|| lexical(&absolute));
    let paths: Vec<&Path> = typed
        .iter()
        .chain(&resolved)
        .map(PathBuf::as_path)
        .collect();
    let config_dir = config
        .and_then(|c| std::path::absolute(c).ok())
        .and_then(|c| lexical(&c).parent().map(Path::to_path_buf));
    let mut roots: Vec<PathBuf> = Vec::new();
    if let Some(dir) = config_dir {
        roots.extend(std::fs::canonicalize(&dir).ok());
        roots.push(dir);
    }
    roots.extend(paths.iter().filter_map(|p| site_root(p.parent()?)));
    if file.is_relative() {
        roots.extend(std::env::current_dir().ok());
    }
    for root in &roots {
        for path in &paths {
            if let Ok(rel) = path.strip_prefix(root) {
                return slashes(rel);
            }
        }
    }
    let last = typed.as_ref().or(resolved.as_ref()).unwrap_or(&absolute);
    let parts: Vec<_> = last.iter().collect();
    let from = parts
        .iter()
        .rposition(|c| *c == "_posts")
        .unwrap_or(parts.len().saturating_sub(1));
    slashes(&parts[from..].iter().collect::<PathBuf>())
}

/// `path` with `.` dropped and each `..` taking off the folder before it.
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            part => out.push(part),
        }
    }
    out
}

/// The nearest folder from `dir` up (itself first) that holds a site's
/// configuration.
pub(crate) fn site_root(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .find(|d| CONFIG_NAMES.iter().any(|n| d.join(n).is_file()))
        .map(Path::to_path_buf)
}

/// The file's bytes; invalid UTF-8 is for the renderer to report.
fn read_source(file: &str) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    let read = if file == "-" {
        std::io::stdin().read_to_end(&mut bytes).map(|_| ())
    } else {
        std::fs::File::open(file).and_then(|mut f| f.read_to_end(&mut bytes).map(|_| ()))
    };
    read.map_err(|e| format!("cannot read {file}: {}", error_text(&e)))?;
    Ok(bytes)
}

fn error_text(e: &std::io::Error) -> String {
    let text = e.to_string();
    // "No such file or directory (os error 2)" → "No such file or directory"
    text.split(" (os error").next().unwrap_or(&text).to_owned()
}
