//! `inkpost serve`: the www/ harness and a folder of posts over HTTP on loopback.

use std::fs;
use std::io::Cursor;
use std::path::{Component, Path, PathBuf};
use tiny_http::{Header, Method, Response, Server, StatusCode};

pub(crate) struct Config {
    pub www: PathBuf,
    pub posts: PathBuf,
    pub host: String,
    pub port: u16,
    pub unpublished: bool,
}

pub(crate) fn run(config: Config) -> Result<(), String> {
    for (what, dir) in [("www folder", &config.www), ("posts folder", &config.posts)] {
        if !dir.is_dir() {
            return Err(format!(
                "{what} {} does not exist or is not a folder",
                dir.display()
            ));
        }
    }
    let addr = format!("{}:{}", config.host, config.port);
    let server = Server::http(&addr).map_err(|e| {
        let text = e.to_string();
        if text.contains("in use") {
            format!(
                "cannot listen on {addr}: the port is already in use (try --port {})",
                config.port.wrapping_add(1)
            )
        } else {
            format!("cannot listen on {addr}: {text}")
        }
    })?;
    let www = fs::canonicalize(&config.www).map_err(|e| e.to_string())?;
    let posts = fs::canonicalize(&config.posts).map_err(|e| e.to_string())?;
    // With --port 0 the system picks a free port: say which one.
    let shown = server
        .server_addr()
        .to_ip()
        .map_or(addr.clone(), |a| a.to_string());
    eprintln!(
        "inkpost: serving {} and posts from {} at http://{shown}/ (Ctrl-C to stop)",
        www.display(),
        posts.display()
    );
    let server = std::sync::Arc::new(server);
    let workers: Vec<_> = (0..4)
        .map(|_| {
            let server = server.clone();
            let (www, posts) = (www.clone(), posts.clone());
            let unpublished = config.unpublished;
            std::thread::spawn(move || {
                for request in server.incoming_requests() {
                    let response = respond(&request, &www, &posts, unpublished);
                    let _ = request.respond(response);
                }
            })
        })
        .collect();
    for worker in workers {
        let _ = worker.join();
    }
    Ok(())
}

type Reply = Response<Cursor<Vec<u8>>>;

fn respond(request: &tiny_http::Request, www: &Path, posts: &Path, unpublished: bool) -> Reply {
    if !matches!(request.method(), Method::Get | Method::Head) {
        return text(405, "method not allowed\n");
    }
    let path = request.url().split(['?', '#']).next().unwrap_or("/");
    let Some(path) = percent_decode(path) else {
        return text(400, "bad request\n");
    };
    let (root, rest) = match path.strip_prefix("/posts/") {
        Some(rest) => (posts, rest),
        None => (www, path.trim_start_matches('/')),
    };
    if root == posts && rest == "index.json" && !posts.join("index.json").is_file() {
        return match crate::index::build(posts, unpublished) {
            Ok(json) => file_response(json.into_bytes(), "application/json; charset=utf-8"),
            Err(e) => text(500, &format!("{e}\n")),
        };
    }
    let Some(file) = safe_join(root, rest) else {
        return text(403, "forbidden: path leaves the served folder\n");
    };
    let file = if file.is_dir() {
        file.join("index.html")
    } else {
        file
    };
    match fs::read(&file) {
        Ok(bytes) => file_response(bytes, mime(&file)),
        Err(_) => text(404, "not found\n"),
    }
}

/// Joins a URL path under `root`, refusing `..`, absolute parts and anything
/// that resolves (through links) outside `root`.
fn safe_join(root: &Path, rest: &str) -> Option<PathBuf> {
    let mut path = root.to_path_buf();
    for part in Path::new(rest).components() {
        match part {
            Component::Normal(p) => path.push(p),
            Component::CurDir => {}
            _ => return None,
        }
    }
    if rest.contains('\\') || rest.contains('\0') {
        return None;
    }
    match fs::canonicalize(&path) {
        Ok(real) if real.starts_with(root) => Some(real),
        Ok(_) => None,
        // Missing files give a 404 later.
        Err(_) => Some(path),
    }
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn mime(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "json" | "map" => "application/json; charset=utf-8",
        "md" | "markdown" | "mkdn" | "mkd" => "text/markdown; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "ts" => "text/plain; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "svg" => "image/svg+xml",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("static header is valid")
}

fn file_response(bytes: Vec<u8>, content_type: &str) -> Reply {
    Response::from_data(bytes)
        .with_header(header("Content-Type", content_type))
        .with_header(header("Cache-Control", "no-cache"))
        .with_header(header("X-Content-Type-Options", "nosniff"))
}

fn text(status: u16, body: &str) -> Reply {
    Response::from_data(body.as_bytes().to_vec())
        .with_status_code(StatusCode(status))
        .with_header(header("Content-Type", "text/plain; charset=utf-8"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parent_segments_are_refused() {
        let root = std::env::temp_dir();
        assert!(safe_join(&root, "../etc/passwd").is_none());
        assert!(safe_join(&root, "a/../../x").is_none());
        assert!(safe_join(&root, "/etc/passwd").is_none());
        assert!(safe_join(&root, "ok.txt").is_some());
    }
}
