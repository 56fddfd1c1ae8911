//! `inkpost serve`: the www/ harness and a folder of posts over HTTP on loopback (hyper on tokio).

use http_body_util::Full;
use hyper::body::Bytes;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use std::convert::Infallible;
use std::fs;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

pub(crate) struct Config {
    pub www: PathBuf,
    pub posts: PathBuf,
    pub host: String,
    pub port: u16,
    pub unpublished: bool,
}

struct Roots {
    www: PathBuf,
    posts: PathBuf,
    unpublished: bool,
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
    let roots = Arc::new(Roots {
        www: fs::canonicalize(&config.www).map_err(|e| e.to_string())?,
        posts: fs::canonicalize(&config.posts).map_err(|e| e.to_string())?,
        unpublished: config.unpublished,
    });
    let addr = format!("{}:{}", config.host, config.port);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_io()
        .build()
        .map_err(|e| format!("cannot start the server: {e}"))?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(&addr).await.map_err(|e| {
            if e.kind() == std::io::ErrorKind::AddrInUse {
                format!(
                    "cannot listen on {addr}: the port is already in use (try --port {})",
                    config.port.wrapping_add(1)
                )
            } else {
                format!("cannot listen on {addr}: {e}")
            }
        })?;
        // With --port 0 the system picks a free port: say which one.
        let shown = listener
            .local_addr()
            .map_or(addr.clone(), |a| a.to_string());
        eprintln!(
            "inkpost: serving {} and posts from {} at http://{shown}/ (Ctrl-C to stop)",
            roots.www.display(),
            roots.posts.display()
        );
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                continue;
            };
            let roots = roots.clone();
            tokio::spawn(async move {
                let service =
                    hyper::service::service_fn(move |request: Request<hyper::body::Incoming>| {
                        let roots = roots.clone();
                        async move { Ok::<_, Infallible>(respond(&request, &roots)) }
                    });
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    })
}

type Reply = Response<Full<Bytes>>;

fn respond<B>(request: &Request<B>, roots: &Roots) -> Reply {
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        return text(405, "method not allowed\n");
    }
    let Some(path) = percent_decode(request.uri().path()) else {
        return text(400, "bad request\n");
    };
    let (root, rest) = match path.strip_prefix("/posts/") {
        Some(rest) => (&roots.posts, rest),
        None => (&roots.www, path.trim_start_matches('/')),
    };
    if *root == roots.posts && rest == "index.json" && !roots.posts.join("index.json").is_file() {
        return match crate::index::build(&roots.posts, roots.unpublished) {
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

fn file_response(bytes: Vec<u8>, content_type: &'static str) -> Reply {
    let mut response = Response::new(Full::new(Bytes::from(bytes)));
    let headers = response.headers_mut();
    headers.insert(
        "content-type",
        hyper::header::HeaderValue::from_static(content_type),
    );
    headers.insert(
        "cache-control",
        hyper::header::HeaderValue::from_static("no-cache"),
    );
    headers.insert(
        "x-content-type-options",
        hyper::header::HeaderValue::from_static("nosniff"),
    );
    response
}

fn text(status: u16, body: &str) -> Reply {
    let mut response = file_response(body.as_bytes().to_vec(), "text/plain; charset=utf-8");
    *response.status_mut() =
        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    response
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
