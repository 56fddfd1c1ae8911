//! `inkpost serve` as a browser or an attacker's page meets it: raw HTTP on 127.0.0.1 against a scratch site.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_inkpost");

/// A running `inkpost serve`, stopped when dropped.
struct Server {
    child: Child,
    addr: String,
}

impl Server {
    /// Serves `root/www` with the posts in `root/www/posts` (the default
    /// layout: the posts inside www) on a free loopback port.
    fn start(root: &Path, env: &[(&str, &str)]) -> Server {
        Server::spawn(Command::new(BIN), root, env)
    }

    fn spawn(mut command: Command, root: &Path, env: &[(&str, &str)]) -> Server {
        let posts = root.join("www/posts");
        let www = root.join("www");
        let mut child = command
            .args([
                "serve",
                posts.to_str().unwrap(),
                "--www",
                www.to_str().unwrap(),
            ])
            .args(["--port", "0"])
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = child.stderr.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            // Keep reading to the end, so the server never writes to a closed pipe.
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let line = rx
            .recv_timeout(Duration::from_secs(20))
            .expect("inkpost serve says where it listens");
        let addr = line
            .split("at http://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .unwrap_or_else(|| panic!("no address in `{line}`"))
            .to_owned();
        Server { child, addr }
    }

    fn connect(&self) -> TcpStream {
        let stream = TcpStream::connect(&self.addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        stream
    }

    /// Sends `head` (without its final blank line) and reads the whole reply.
    fn request(&self, head: &str) -> Reply {
        let mut stream = self.connect();
        write!(stream, "{head}\r\nConnection: close\r\n\r\n").unwrap();
        let mut raw = Vec::new();
        stream
            .read_to_end(&mut raw)
            .unwrap_or_else(|e| panic!("{head}: {e}"));
        Reply::parse(&String::from_utf8_lossy(&raw))
    }

    /// A GET of `path` as a browser on http://localhost:PORT sends it.
    fn get(&self, path: &str) -> Reply {
        let port = self.addr.rsplit(':').next().unwrap();
        self.request(&format!("GET {path} HTTP/1.1\r\nHost: localhost:{port}"))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[derive(Debug)]
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Reply {
    fn parse(raw: &str) -> Reply {
        let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((raw, ""));
        let mut lines = head.lines();
        let status = lines
            .next()
            .and_then(|l| l.split(' ').nth(1))
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("not an HTTP reply: {raw:?}"));
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.to_ascii_lowercase(), v.trim().to_owned()))
            .collect();
        Reply {
            status,
            headers,
            body: body.to_owned(),
        }
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

const POST: &str = "---\ntitle: First\n---\nHello.\n";
const PRIVATE: &str = "---\ntitle: Private\n---\nPRIVATE-TEXT from outside the roots\n";

/// A scratch site: `www/` (with `posts/` inside, as by default) and, next to
/// it, `outside/`, which no route may read.
fn site(name: &str) -> PathBuf {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("serve-{name}"));
    let _ = std::fs::remove_dir_all(&root);
    for dir in ["www/posts/sub", "www/posts/nested", "outside/folder"] {
        std::fs::create_dir_all(root.join(dir)).unwrap();
    }
    let write = |rel: &str, text: &str| std::fs::write(root.join(rel), text).unwrap();
    write("www/index.html", "<p>inkpost page</p>");
    write("www/posts/2024-05-06-first.md", POST);
    write(
        "www/posts/nested/2024-05-08-third.md",
        "---\ntitle: Third\n---\nx\n",
    );
    write("outside/private.md", PRIVATE);
    write(
        "outside/private.html",
        "PRIVATE-PAGE from outside the roots",
    );
    write("outside/folder/2024-01-01-private.md", PRIVATE);
    write(
        "outside/folder/index.html",
        "PRIVATE-PAGE from outside the roots",
    );
    root
}

#[cfg(unix)]
fn link(target: &Path, link: &Path) {
    std::os::unix::fs::symlink(target, link).unwrap();
}

#[cfg(unix)]
#[test]
fn links_out_of_the_roots_are_read_by_no_route() {
    let root = site("links");
    let outside = root.join("outside");
    // A real folder whose index.html is a link out.
    link(
        &outside.join("private.html"),
        &root.join("www/posts/sub/index.html"),
    );
    std::fs::create_dir(root.join("www/sub")).unwrap();
    link(
        &outside.join("private.html"),
        &root.join("www/sub/index.html"),
    );
    // A linked post and a linked folder of posts, both outside.
    link(
        &outside.join("private.md"),
        &root.join("www/posts/2024-02-02-linked.md"),
    );
    link(
        &outside.join("folder"),
        &root.join("www/posts/linked-folder"),
    );
    link(&outside.join("folder"), &root.join("www/linked-folder"));
    // A link that stays inside is served.
    link(
        &root.join("www/posts/2024-05-06-first.md"),
        &root.join("www/posts/2024-05-09-alias.md"),
    );
    let server = Server::start(&root, &[]);
    for path in [
        "/posts/sub/",
        "/posts/sub/index.html",
        "/sub/",
        "/posts/2024-02-02-linked.md",
        "/posts/linked-folder/",
        "/posts/linked-folder/2024-01-01-private.md",
        "/linked-folder/",
        "/posts/linked-folder/index.html",
    ] {
        let reply = server.get(path);
        assert!(
            matches!(reply.status, 403 | 404),
            "{path} gave {}",
            reply.status
        );
        assert!(!reply.body.contains("PRIVATE"), "{path}: {}", reply.body);
    }
    let reply = server.get("/posts/2024-05-09-alias.md");
    assert_eq!((reply.status, reply.body.as_str()), (200, POST));

    let index = server.get("/posts/index.json");
    assert_eq!(index.status, 200);
    assert!(!index.body.contains("PRIVATE"), "{}", index.body);
    let files = index_files(&index.body);
    assert_eq!(
        files,
        [
            "2024-05-09-alias.md",
            "nested/2024-05-08-third.md",
            "2024-05-06-first.md"
        ]
    );
}

#[cfg(unix)]
#[test]
fn index_json_with_link_loops_comes_promptly_with_each_post_once() {
    let root = site("loops");
    // Two links back up: followed blindly, 2^40 paths before the system's
    // limit on links in a path stops the walk.
    link(Path::new("."), &root.join("www/posts/loop"));
    link(Path::new(".."), &root.join("www/posts/nested/back"));
    let server = Server::start(&root, &[]);
    let started = Instant::now();
    let index = server.get("/posts/index.json");
    assert_eq!(index.status, 200, "{}", index.body);
    assert_eq!(
        index.header("content-type"),
        Some("application/json; charset=utf-8")
    );
    assert!(started.elapsed() < Duration::from_secs(5));
    let files = index_files(&index.body);
    assert_eq!(files, ["nested/2024-05-08-third.md", "2024-05-06-first.md"]);
}

#[test]
fn only_loopback_host_names_are_answered() {
    let root = site("host");
    let server = Server::start(&root, &[]);
    let port = server.addr.rsplit(':').next().unwrap().to_owned();
    for host in [
        format!("localhost:{port}"),
        "LOCALHOST".to_owned(),
        format!("127.0.0.1:{port}"),
        "127.0.0.1".to_owned(),
        format!("[::1]:{port}"),
        "[::1]".to_owned(),
    ] {
        let reply = server.request(&format!("GET / HTTP/1.1\r\nHost: {host}"));
        assert_eq!(reply.status, 200, "{host}");
    }
    // A page of evil.example whose name was made to resolve to 127.0.0.1.
    for head in [
        format!("GET / HTTP/1.1\r\nHost: evil.example:{port}"),
        "GET /posts/index.json HTTP/1.1\r\nHost: evil.example".to_owned(),
        "GET / HTTP/1.1\r\nHost: localhost.evil.example".to_owned(),
        "GET http://evil.example/ HTTP/1.1\r\nHost: localhost".to_owned(),
    ] {
        let reply = server.request(&head);
        assert_eq!(reply.status, 421, "{head}");
        assert!(reply.body.contains("localhost"), "{}", reply.body);
        assert!(!reply.body.contains("inkpost page"));
    }
    // HTTP/1.0 without a Host is not from a browser's page.
    let reply = server.request("GET / HTTP/1.0");
    assert_eq!(
        (reply.status, reply.body.as_str()),
        (200, "<p>inkpost page</p>")
    );
}

#[test]
fn dotfiles_are_not_served_from_either_root() {
    let root = site("dotfiles");
    std::fs::create_dir(root.join("www/posts/.git")).unwrap();
    std::fs::write(root.join("www/posts/.git/config"), "SECRET").unwrap();
    std::fs::write(root.join("www/posts/.draft.md"), "SECRET").unwrap();
    std::fs::write(root.join("www/.env"), "SECRET").unwrap();
    let server = Server::start(&root, &[]);
    for path in [
        "/.env",
        "/%2eenv",
        "/posts/.git/config",
        "/posts/.draft.md",
        "/posts/%2Edraft.md",
        "/posts/./.draft.md",
        "//posts/.git/config",
    ] {
        let reply = server.get(path);
        assert_eq!(reply.status, 404, "{path}");
        assert!(!reply.body.contains("SECRET"), "{path}");
    }
    assert!(!server.get("/posts/index.json").body.contains("draft"));
}

#[test]
fn files_in_the_posts_folder_never_run_as_pages_of_the_server() {
    let root = site("active");
    let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>localStorage</script></svg>";
    for (name, text) in [
        ("pic.svg", svg),
        ("page.html", "<script>localStorage</script>"),
        ("app.js", "localStorage"),
        ("feed.xml", "<rss/>"),
        ("pic.png", "PNG"),
        ("pic.AVIF", "AVIF"),
    ] {
        std::fs::write(root.join("www/posts").join(name), text).unwrap();
    }
    let server = Server::start(&root, &[]);
    for path in [
        "/posts/pic.svg",
        "/posts/page.html",
        "/posts/app.js",
        "/posts/feed.xml",
        // The posts are inside www: reached through www, still the posts'.
        "//posts/pic.svg",
        "/posts/../posts/pic.svg",
    ] {
        let reply = server.get(path);
        if reply.status == 403 {
            continue;
        }
        assert_eq!(reply.status, 200, "{path}");
        assert_eq!(
            reply.header("content-security-policy"),
            Some("sandbox"),
            "{path}"
        );
        assert_eq!(
            reply.header("content-disposition"),
            Some("attachment"),
            "{path}"
        );
    }
    assert_eq!(
        server.get("/posts/app.js").header("content-type"),
        Some("text/plain; charset=utf-8")
    );
    // Posts and raster images are shown, sandboxed all the same.
    for (path, content_type) in [
        ("/posts/2024-05-06-first.md", "text/markdown; charset=utf-8"),
        ("/posts/pic.png", "image/png"),
        ("/posts/pic.AVIF", "image/avif"),
        ("/posts/index.json", "application/json; charset=utf-8"),
    ] {
        let reply = server.get(path);
        assert_eq!(reply.status, 200, "{path}");
        assert_eq!(reply.header("content-type"), Some(content_type), "{path}");
        assert_eq!(reply.header("content-disposition"), None, "{path}");
        assert_eq!(
            reply.header("content-security-policy"),
            Some("sandbox"),
            "{path}"
        );
    }
    // inkpost's own pages run, under a policy that lets the wasm compile.
    let page = server.get("/");
    assert_eq!(page.body, "<p>inkpost page</p>");
    let policy = page.header("content-security-policy").unwrap_or("");
    assert!(policy.starts_with("default-src 'self'; "), "{policy}");
    assert!(policy.contains("'wasm-unsafe-eval'"), "{policy}");
    assert!(policy.contains("object-src 'none'"), "{policy}");
    assert!(
        !policy.contains("script-src 'self' 'unsafe-inline'"),
        "{policy}"
    );
    assert_eq!(page.header("content-disposition"), None);
}

#[test]
fn a_half_sent_request_is_closed_after_the_header_timeout() {
    let root = site("slow");
    let server = Server::start(&root, &[("INKPOST_SERVE_HEADER_TIMEOUT_MS", "300")]);
    let mut stream = server.connect();
    let started = Instant::now();
    stream
        .write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\n")
        .unwrap();
    let mut rest = Vec::new();
    // Before the fix the server waited for the rest for ever: this read
    // failed with the stream's 10 s timeout.
    stream
        .read_to_end(&mut rest)
        .expect("the server closes the connection");
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_millis(250) && waited < Duration::from_secs(5),
        "{waited:?}"
    );
    // An idle connection is closed in the same way.
    let mut idle = server.connect();
    let mut nothing = Vec::new();
    idle.read_to_end(&mut nothing).expect("closed when idle");
    // The server still answers whole requests.
    assert_eq!(server.get("/").status, 200);
}

/// CPU time (user + system) the process has used so far, from /proc.
#[cfg(target_os = "linux")]
fn cpu_time(pid: u32) -> Duration {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    // The fields after the command name, which is in parentheses.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .unwrap()
        .1
        .split_whitespace()
        .collect();
    let ticks: u64 = fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap();
    // USER_HZ is 100 on Linux.
    Duration::from_millis(ticks * 10)
}

#[cfg(target_os = "linux")]
#[test]
fn out_of_file_descriptors_the_server_waits_rather_than_spins() {
    let root = site("emfile");
    // 40 descriptors, and 60 idle connections: the ones past the limit stay
    // queued and each accept fails with EMFILE until one closes.
    let mut shell = Command::new("sh");
    shell.args(["-c", "ulimit -n 40 && exec \"$0\" \"$@\"", BIN]);
    let server = Server::spawn(shell, &root, &[]);
    let pid = server.child.id();
    let idle: Vec<TcpStream> = (0..60).map(|_| server.connect()).collect();
    std::thread::sleep(Duration::from_millis(300));
    let before = cpu_time(pid);
    std::thread::sleep(Duration::from_secs(1));
    let used = cpu_time(pid) - before;
    // Spinning, it took a whole core (or what the machine's load left it).
    assert!(used < Duration::from_millis(200), "{used:?} of CPU in 1 s");
    drop(idle);
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(server.get("/").status, 200);
}

/// The `file` of each entry of an index.json, in order.
fn index_files(json: &str) -> Vec<String> {
    let entries: serde_json::Value = serde_json::from_str(json).unwrap();
    entries
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["file"].as_str().unwrap().to_owned())
        .collect()
}
