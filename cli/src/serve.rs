//! `inkpost serve`: the www/ harness and a folder of posts over HTTP on loopback (hyper on tokio).

use crate::index::{is_hidden, is_post};
use http_body_util::Full;
use hyper::body::Bytes;
use hyper::header::{HeaderName, HeaderValue};
use hyper::http::request::Parts;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use std::convert::Infallible;
use std::fs;
use std::net::IpAddr;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

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
    /// The address listened on, when it is a loopback one: then only
    /// loopback names are answered (see `host_allowed`).
    loopback: Option<IpAddr>,
}

/// inkpost's own pages under the policy they need and no more: their scripts
/// are modules from the server plus index.html's one inline script (by its
/// hash: edit that script and this hash must follow, which the browser tests
/// catch), the wasm needs `'wasm-unsafe-eval'`, rendered tables align cells
/// with `style` attributes, and posts show images, media and (allowed)
/// iframes from anywhere on https.
const PAGE_CSP: &str = "default-src 'self'; \
    script-src 'self' 'wasm-unsafe-eval' 'sha256-qAJ3ZfwFyOsUMT118Mc7cuqQbVgddqqx/Z0mZVjn5LQ='; \
    style-src 'self'; style-src-attr 'unsafe-inline'; \
    img-src 'self' https: data:; media-src 'self' https:; frame-src https:; \
    object-src 'none'; base-uri 'none'";

/// The posts folder is someone's blog, not inkpost: what it holds must not run
/// on the server's origin (where the preview keeps its draft in localStorage).
const POSTS_CSP: &str = "sandbox";

/// Files in the posts folder that cannot be active content: posts are fetched
/// as text, these images are only ever decoded as images.
const INERT_EXTENSIONS: [&str; 9] = [
    "png", "jpg", "jpeg", "gif", "webp", "avif", "ico", "json", "txt",
];

/// A client gets this long to send a request's head, on a new connection and
/// between requests on a kept-alive one; then the connection is closed, so a
/// half-sent request cannot hold it (and a connection slot) for ever.
const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// Connections open at once. Past this, new ones wait in the listen backlog
/// rather than take file descriptors the server needs to answer.
const MAX_CONNECTIONS: usize = 256;

/// After a failed accept (EMFILE: out of file descriptors), a pause before the
/// next: the failing connection stays queued, so retrying at once is a loop at
/// 100% CPU until a descriptor frees.
const ACCEPT_RETRY: Duration = Duration::from_millis(100);

pub(crate) fn run(config: Config) -> Result<(), String> {
    for (what, dir) in [("www folder", &config.www), ("posts folder", &config.posts)] {
        if !dir.is_dir() {
            return Err(format!(
                "{what} {} does not exist or is not a folder",
                dir.display()
            ));
        }
    }
    let www = fs::canonicalize(&config.www).map_err(|e| e.to_string())?;
    let posts = fs::canonicalize(&config.posts).map_err(|e| e.to_string())?;
    let addr = format!("{}:{}", config.host, config.port);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_io()
        .enable_time()
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
        let local = listener.local_addr().ok();
        let roots = Arc::new(Roots {
            www,
            posts,
            unpublished: config.unpublished,
            loopback: local.map(|a| a.ip()).filter(IpAddr::is_loopback),
        });
        // With --port 0 the system picks a free port: say which one.
        let shown = local.map_or(addr.clone(), |a| a.to_string());
        eprintln!(
            "inkpost: serving {} and posts from {} at http://{shown}/ (Ctrl-C to stop)",
            roots.www.display(),
            roots.posts.display()
        );
        let header_read_timeout = header_read_timeout();
        let slots = Arc::new(tokio::sync::Semaphore::new(MAX_CONNECTIONS));
        loop {
            // The semaphore is never closed; `Err` cannot happen.
            let Ok(slot) = slots.clone().acquire_owned().await else {
                return Ok(());
            };
            let stream = match listener.accept().await {
                Ok((stream, _)) => stream,
                Err(_) => {
                    tokio::time::sleep(ACCEPT_RETRY).await;
                    continue;
                }
            };
            let roots = roots.clone();
            tokio::spawn(async move {
                let service =
                    hyper::service::service_fn(move |request: Request<hyper::body::Incoming>| {
                        let roots = roots.clone();
                        let (head, _) = request.into_parts();
                        async move {
                            // Reading files and building index.json block:
                            // on the runtime's two threads they would stall
                            // every other connection meanwhile.
                            let reply = tokio::task::spawn_blocking(move || respond(&head, &roots))
                                .await
                                .unwrap_or_else(|_| text(500, "internal error\n"));
                            Ok::<_, Infallible>(reply)
                        }
                    });
                let _ = hyper::server::conn::http1::Builder::new()
                    .timer(TokioTimer::new())
                    .header_read_timeout(header_read_timeout)
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
                drop(slot);
            });
        }
    })
}

/// `HEADER_READ_TIMEOUT`, or (for the tests, which cannot wait ten seconds)
/// the milliseconds in `INKPOST_SERVE_HEADER_TIMEOUT_MS`.
fn header_read_timeout() -> Duration {
    std::env::var("INKPOST_SERVE_HEADER_TIMEOUT_MS")
        .ok()
        .and_then(|ms| ms.parse().ok())
        .map_or(HEADER_READ_TIMEOUT, Duration::from_millis)
}

type Reply = Response<Full<Bytes>>;

/// Why a path is not served.
#[derive(Debug, PartialEq)]
enum Refusal {
    /// It leaves its root (`..`, or a link to elsewhere).
    Forbidden,
    /// It does not exist, or is hidden (a dotfile).
    NotFound,
}

fn respond(head: &Parts, roots: &Roots) -> Reply {
    if !host_allowed(head, roots) {
        return text(
            421,
            "misdirected request: inkpost serve on a loopback address answers only to \
             localhost, 127.0.0.1 and [::1] (another name here is a page using DNS \
             rebinding to read this server)\n",
        );
    }
    if !matches!(head.method, Method::GET | Method::HEAD) {
        return text(405, "method not allowed\n");
    }
    let Some(path) = percent_decode(head.uri.path()) else {
        return text(400, "bad request\n");
    };
    let (root, rest) = match path.strip_prefix("/posts/") {
        Some(rest) => (&roots.posts, rest),
        None => (&roots.www, path.trim_start_matches('/')),
    };
    if *root == roots.posts && rest == "index.json" && !roots.posts.join("index.json").is_file() {
        return match crate::index::build(&roots.posts, roots.unpublished) {
            Ok(json) => with_policy(
                file_response(json.into_bytes(), "application/json; charset=utf-8"),
                POSTS_CSP,
            ),
            Err(e) => text(500, &format!("{e}\n")),
        };
    }
    let file = resolve(root, rest).and_then(|real| {
        if real.is_dir() {
            // A folder's index.html may itself be a link out of the root.
            let index = fs::canonicalize(real.join("index.html")).map_err(|_| Refusal::NotFound)?;
            inside(root, index)
        } else {
            Ok(real)
        }
    });
    let file = match file {
        Ok(file) => file,
        Err(Refusal::Forbidden) => return text(403, "forbidden: path leaves the served folder\n"),
        Err(Refusal::NotFound) => return text(404, "not found\n"),
    };
    let Ok(bytes) = fs::read(&file) else {
        return text(404, "not found\n");
    };
    if !roots.in_posts(&file) {
        return with_policy(file_response(bytes, mime(&file)), PAGE_CSP);
    }
    let ext = extension(&file);
    if is_post(&file) || INERT_EXTENSIONS.contains(&ext.as_str()) {
        return with_policy(file_response(bytes, mime(&file)), POSTS_CSP);
    }
    // An .svg, .html or .xml opened here would be a page of this origin, and a
    // .js could be loaded by one: saved, not shown, and never a script.
    let content_type = match ext.as_str() {
        "js" | "mjs" => "text/plain; charset=utf-8",
        _ => mime(&file),
    };
    let mut reply = with_policy(file_response(bytes, content_type), POSTS_CSP);
    reply.headers_mut().insert(
        hyper::header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment"),
    );
    reply
}

impl Roots {
    /// Whether a served file (its real path) is the posts folder's rather
    /// than inkpost's. With the default folders the posts are inside www
    /// (`//posts/x.svg` reaches them through www), so a file in both belongs
    /// to the deeper folder.
    fn in_posts(&self, real: &Path) -> bool {
        let in_www = real.starts_with(&self.www);
        real.starts_with(&self.posts) && !(in_www && self.www.starts_with(&self.posts))
    }
}

/// Against DNS rebinding: a page on `evil.example`, whose name then resolves
/// to 127.0.0.1, could read this server as its own origin. The browser still
/// sends `Host: evil.example`, so on a loopback address only loopback names
/// are answered. A request with no Host (HTTP/1.0) is not from such a page.
fn host_allowed(head: &Parts, roots: &Roots) -> bool {
    let Some(bound) = roots.loopback else {
        // Listening on another address was asked for with --host.
        return true;
    };
    let authority = head.uri.authority().map(|a| a.as_str());
    let hosts = head.headers.get_all(hyper::header::HOST);
    authority.is_none_or(|a| is_loopback_host(a, bound))
        && hosts
            .iter()
            .all(|h| h.to_str().is_ok_and(|h| is_loopback_host(h, bound)))
}

/// `localhost`, `127.0.0.1`, `[::1]` or the address listened on, any case,
/// with or without a port.
fn is_loopback_host(host: &str, bound: IpAddr) -> bool {
    let (name, port) = match host.rfind(':') {
        Some(colon) if !host[colon..].contains(']') => (&host[..colon], &host[colon + 1..]),
        _ => (host, ""),
    };
    if !port.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let name = name.to_ascii_lowercase();
    let bound = match bound {
        IpAddr::V4(ip) => ip.to_string(),
        IpAddr::V6(ip) => format!("[{ip}]"),
    };
    ["localhost", "127.0.0.1", "[::1]", &bound].contains(&name.as_str())
}

/// The real path of the URL path `rest` under `root`, links resolved: `..`,
/// absolute parts and anything whose target is outside `root` are refused,
/// dotfiles (by name or by target) are not found.
fn resolve(root: &Path, rest: &str) -> Result<PathBuf, Refusal> {
    // On Windows `\\` would separate the path's parts; on Unix it is a
    // character of a file name (and the parts below are the only ones).
    if (cfg!(windows) && rest.contains('\\')) || rest.contains('\0') {
        return Err(Refusal::Forbidden);
    }
    let mut path = root.to_path_buf();
    for part in Path::new(rest).components() {
        match part {
            Component::Normal(p) if p.to_string_lossy().starts_with('.') => {
                return Err(Refusal::NotFound)
            }
            Component::Normal(p) => path.push(p),
            Component::CurDir => {}
            _ => return Err(Refusal::Forbidden),
        }
    }
    let real = fs::canonicalize(&path).map_err(|_| Refusal::NotFound)?;
    inside(root, real)
}

/// `real` (canonical) if it is inside `root` and not hidden there.
fn inside(root: &Path, real: PathBuf) -> Result<PathBuf, Refusal> {
    match real.strip_prefix(root) {
        Ok(rel) if is_hidden(rel) => Err(Refusal::NotFound),
        Ok(_) => Ok(real),
        Err(_) => Err(Refusal::Forbidden),
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

fn extension(path: &Path) -> String {
    path.extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase()
}

fn mime(path: &Path) -> &'static str {
    match extension(path).as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "json" | "map" => "application/json; charset=utf-8",
        "md" | "markdown" | "mkdn" | "mkd" | "mdown" | "mdwn" => "text/markdown; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "ts" => "text/plain; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
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
        hyper::header::CONTENT_TYPE,
        HeaderValue::from_static(content_type),
    );
    headers.insert(
        hyper::header::CACHE_CONTROL,
        HeaderValue::from_static("no-cache"),
    );
    headers.insert(
        HeaderName::from_static("x-content-type-options"),
        HeaderValue::from_static("nosniff"),
    );
    response
}

fn with_policy(mut response: Reply, policy: &'static str) -> Reply {
    response.headers_mut().insert(
        hyper::header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(policy),
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
    use std::net::Ipv4Addr;

    #[test]
    fn parent_segments_are_refused() {
        let root = std::env::temp_dir();
        assert_eq!(resolve(&root, "../etc/passwd"), Err(Refusal::Forbidden));
        assert_eq!(resolve(&root, "a/../../x"), Err(Refusal::Forbidden));
        assert_eq!(resolve(&root, "/etc/passwd"), Err(Refusal::Forbidden));
        assert_eq!(resolve(&root, "no-such-file.txt"), Err(Refusal::NotFound));
    }

    #[test]
    fn dotfiles_are_not_found() {
        let root = std::env::temp_dir();
        assert_eq!(resolve(&root, ".env"), Err(Refusal::NotFound));
        assert_eq!(resolve(&root, "a/.git/config"), Err(Refusal::NotFound));
    }

    #[test]
    fn only_loopback_names_are_loopback_hosts() {
        let bound = IpAddr::V4(Ipv4Addr::LOCALHOST);
        for host in [
            "localhost",
            "LocalHost:8000",
            "127.0.0.1",
            "127.0.0.1:80",
            "[::1]",
            "[::1]:8000",
            "localhost:",
        ] {
            assert!(is_loopback_host(host, bound), "{host}");
        }
        for host in [
            "evil.example",
            "evil.example:8000",
            "localhost.evil.example",
            "127.0.0.1.nip.io",
            "localhost:8000x",
            "user@localhost",
            "::1",
            "[::1]x",
            "127.0.0.2",
            "",
        ] {
            assert!(!is_loopback_host(host, bound), "{host}");
        }
        let other = IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2));
        assert!(is_loopback_host("127.0.0.2:9000", other));
    }
}
