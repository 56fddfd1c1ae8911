//! The CLI as a user runs it: output, exit codes, warnings on standard error.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_inkpost");
/// The repository, where the sample posts are (this crate is in `cli/`).
const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
const SEED: &str = "www/posts/2026-01-02-latest-maduro-says-venezuela-open-to-us-talks.md";

fn run(args: &[&str], stdin: &str) -> (i32, String, String) {
    run_in(Path::new(ROOT), args, stdin)
}

fn run_in(dir: &Path, args: &[&str], stdin: &str) -> (i32, String, String) {
    let mut child = Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn render_json_gives_the_seed_posts_metadata() {
    let (code, out, err) = run(&["render", SEED, "--json"], "");
    assert_eq!(code, 0);
    assert_eq!(err, format!("{SEED}:12:53: warning: mis-decoded text `√°` repaired to `á` (UTF-8 that was read as a legacy encoding)\n"));
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        json["meta"]["title"],
        "Latest: Maduro says Venezuela open to US talks on drug trafficking"
    );
    assert_eq!(json["meta"]["date"], "2026-01-02T02:34:11");
    assert_eq!(json["meta"]["categories"], serde_json::json!(["News"]));
    assert_eq!(json["meta"]["tags"], serde_json::json!([]));
    assert_eq!(json["html"].as_str().unwrap().matches("<p>").count(), 16);
}

/// A post file at `rel` under a fresh folder `name` in the tests' scratch space.
fn post_file(name: &str, rel: &str, text: &str) -> std::path::PathBuf {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&root);
    let file = root.join(rel);
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(&file, text).unwrap();
    root
}

fn categories_url_and_html(out: &str) -> (serde_json::Value, serde_json::Value, String) {
    let json: serde_json::Value = serde_json::from_str(out).unwrap();
    (
        json["meta"]["categories"].clone(),
        json["meta"]["url"].clone(),
        json["html"].as_str().unwrap().to_owned(),
    )
}

#[test]
fn folders_count_from_the_sites_root_wherever_render_is_run() {
    // As `jekyll build` in the site: `news` is a category, nothing above the
    // site is, and `page.path` is the path in the site.
    let post = "---\ntitle: X\n---\n{{ page.path }}\n";
    let root = post_file("site-root", "news/_posts/2026-01-02-x.md", post);
    std::fs::write(root.join("_config.yml"), "title: Site\n").unwrap();
    let file = root.join("news/_posts/2026-01-02-x.md");
    let expected = (
        serde_json::json!(["news"]),
        serde_json::json!("/news/2026/01/02/x.html"),
        "<p>news/_posts/2026-01-02-x.md</p>\n".to_owned(),
    );
    let (code, out, _) = run(&["render", file.to_str().unwrap(), "--json"], "");
    assert_eq!(code, 0);
    assert_eq!(categories_url_and_html(&out), expected);
    let (_, out, _) = run_in(
        &root.join("news/_posts"),
        &["render", "2026-01-02-x.md", "--json"],
        "",
    );
    assert_eq!(categories_url_and_html(&out), expected);
    // A linked post keeps its own name and place, not its target's.
    #[cfg(unix)]
    {
        let target = root.join("elsewhere.md");
        std::fs::write(&target, post).unwrap();
        let link = root.join("news/_posts/2026-01-03-linked.md");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let (_, out, _) = run(&["render", link.to_str().unwrap(), "--json"], "");
        assert_eq!(
            categories_url_and_html(&out),
            (
                serde_json::json!(["news"]),
                serde_json::json!("/news/2026/01/03/linked.html"),
                "<p>news/_posts/2026-01-03-linked.md</p>\n".to_owned(),
            )
        );
    }
}

#[test]
fn index_of_a_sites_posts_folder_gives_the_folders_above_it_as_categories() {
    let root = post_file(
        "site-index",
        "news/_posts/2026-01-02-x.md",
        "---\ntitle: X\n---\nx\n",
    );
    std::fs::write(root.join("_config.yml"), "title: Site\n").unwrap();
    for dir in ["news/_posts", "."] {
        let (code, out, _) = run(&["index", root.join(dir).to_str().unwrap()], "");
        assert_eq!(code, 0);
        let json: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(json[0]["categories"], serde_json::json!(["news"]), "{dir}");
        assert_eq!(json[0]["url"], "/news/2026/01/02/x.html", "{dir}");
        // The reader renders the post as `path` when the index gives one.
        let (file, path) = match dir {
            "." => ("news/_posts/2026-01-02-x.md", serde_json::Value::Null),
            _ => ("2026-01-02-x.md", "news/_posts/2026-01-02-x.md".into()),
        };
        assert_eq!(
            (&json[0]["file"], &json[0]["path"]),
            (&file.into(), &path),
            "{dir}"
        );
    }
}

#[test]
fn without_a_site_config_a_relative_path_counts_from_here_an_absolute_one_from_posts() {
    let post = "---\ntitle: Y\n---\nx\n";
    let root = post_file("no-site", "blog/_posts/2026-01-02-y.md", post);
    let (_, out, _) = run_in(
        &root,
        &["render", "blog/_posts/2026-01-02-y.md", "--json"],
        "",
    );
    assert_eq!(categories_url_and_html(&out).0, serde_json::json!(["blog"]));
    // Not the machine's folders (`work`, `target`, …) as categories. (This
    // assumes no folder above the scratch space holds a `_config.yml`.)
    let file = root.join("blog/_posts/2026-01-02-y.md");
    let (_, out, _) = run(&["render", file.to_str().unwrap(), "--json"], "");
    let (categories, url, _) = categories_url_and_html(&out);
    assert_eq!(categories, serde_json::json!([]));
    assert_eq!(url, serde_json::json!("/2026/01/02/y.html"));
}

#[test]
fn render_prints_the_html_fragment() {
    let (code, out, _) = run(&["render", "-"], "# Hi\n\n*there*\n");
    assert_eq!(code, 0);
    assert_eq!(out, "<h1 id=\"hi\">Hi</h1>\n<p><em>there</em></p>\n");
}

#[test]
fn warnings_go_to_stderr_with_file_line_and_column_and_exit_zero() {
    let (code, out, err) = run(&["render", "-"], "---\na: [\n---\nbody\n");
    assert_eq!(code, 0);
    assert_eq!(out, "<p>body</p>\n");
    assert!(
        err.starts_with("<stdin>:3:1: warning: front matter is not valid YAML"),
        "{err}"
    );
}

#[test]
fn unreadable_file_is_exit_2_with_one_line() {
    let (code, out, err) = run(&["render", "no/such/post.md"], "");
    assert_eq!(code, 2);
    assert_eq!(out, "");
    assert_eq!(
        err,
        "inkpost: cannot read no/such/post.md: No such file or directory\n"
    );
}

#[test]
fn unknown_option_is_a_usage_error() {
    let (code, _, err) = run(&["render", "--frobnicate", SEED], "");
    assert_eq!(code, 2);
    assert!(
        err.starts_with("inkpost: unknown option `--frobnicate`"),
        "{err}"
    );
}

#[test]
fn index_lists_posts_newest_first() {
    let (code, out, _) = run(&["index", "www/posts"], "");
    assert_eq!(code, 0);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let first = &json.as_array().unwrap()[0];
    assert_eq!(
        first["file"],
        "2026-01-02-latest-maduro-says-venezuela-open-to-us-talks.md"
    );
    assert_eq!(
        first["url"],
        "/news/2026/01/02/latest-maduro-says-venezuela-open-to-us-talks.html"
    );
}

#[test]
fn committed_index_of_the_sample_posts_is_up_to_date() {
    let (code, out, _) = run(&["index", "www/posts"], "");
    assert_eq!(code, 0);
    let committed = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../www/posts/index.json"
    ))
    .unwrap();
    assert_eq!(
        out, committed,
        "www/posts/index.json is stale: run `inkpost index www/posts > www/posts/index.json`"
    );
}

#[test]
fn config_and_site_flags_set_site_settings() {
    let dir = std::env::temp_dir().join(format!("inkpost-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let config = dir.join("_config.yml");
    std::fs::write(
        &config,
        "url: https://ex.org\nbaseurl: /blog\ntimezone: UTC\npermalink: pretty\ntitle: My Blog\n",
    )
    .unwrap();
    let post = dir.join("2024-01-02-hello.md");
    std::fs::write(
        &post,
        "---\ndate: 2024-01-02 23:30 -0500\n---\n{{ site.title }} {{ '/x' | absolute_url }}\n",
    )
    .unwrap();
    let (code, out, err) = run(
        &[
            "render",
            post.to_str().unwrap(),
            "--config",
            config.to_str().unwrap(),
            "--site",
            "title=Override",
            "--json",
        ],
        "",
    );
    assert_eq!((code, err.as_str()), (0, ""));
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["meta"]["date"], "2024-01-03T04:30:00+00:00");
    assert_eq!(json["meta"]["url"], "/2024/01/03/hello/");
    assert_eq!(json["html"], "<p>Override https://ex.org/blog/x</p>\n");
    let (code, _, err) = run(&["render", "-", "--site", "no-equals"], "");
    assert_eq!(
        (code, err.as_str()),
        (2, "inkpost: --site takes KEY=VALUE, not `no-equals`\n")
    );
}

#[test]
fn every_command_has_help_that_exits_zero() {
    for (command, first) in [
        ("render", "usage: inkpost render FILE|- [--json] [options]"),
        ("index", "usage: inkpost index DIR [--unpublished]"),
        ("serve", "usage: inkpost serve [DIR]"),
    ] {
        for flag in ["--help", "-h"] {
            let (code, out, err) = run(&[command, flag], "");
            assert_eq!((code, err.as_str()), (0, ""), "{command} {flag}");
            assert!(out.starts_with(first), "{command} {flag}: {out}");
        }
    }
    let (code, out, _) = run(&["--help"], "");
    assert_eq!(code, 0);
    assert!(out.contains("`inkpost COMMAND --help` shows a command's options."));
}

#[test]
fn every_renderer_option_has_a_flag() {
    let post = "<iframe src=\"https://www.youtube.com/embed/x\"></iframe>\n\n[out](https://example.org/) ![i](a.png) CafÃ©\n";
    let (code, out, _) = run(
        &[
            "render",
            "-",
            "--allow-iframe-host",
            "youtube.com",
            "--nofollow",
            "--external-links-new-tab",
            "--no-lazy-images",
            "--no-repair-encoding",
        ],
        post,
    );
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "<iframe src=\"https://www.youtube.com/embed/x\" sandbox=\"allow-scripts allow-same-origin allow-presentation\" referrerpolicy=\"strict-origin-when-cross-origin\" loading=\"lazy\"></iframe>\n<p><a href=\"https://example.org/\" rel=\"noopener noreferrer nofollow\" target=\"_blank\">out</a> <img src=\"a.png\" alt=\"i\" /> CafÃ©</p>\n"
    );
    let (code, _, err) = run(&["render", "-", "--max-input-bytes", "4"], "12345");
    assert_eq!(code, 2);
    assert!(err.contains("more than maxInputBytes (4)"), "{err}");
    let (code, _, err) = run(&["render", "-", "--max-nesting", "1"], "> > x\n");
    assert_eq!(code, 2);
    assert!(err.contains("more than maxNesting (1)"), "{err}");
    let (code, _, err) = run(&["render", "-", "--max-nesting", "x"], "");
    assert_eq!(
        (code, err.trim()),
        (2, "inkpost: --max-nesting takes a whole number, not `x`")
    );
}
