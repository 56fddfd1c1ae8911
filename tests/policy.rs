//! Every attack post of the security suite, rendered natively: the HTML keeps to
//! the policy (allowed elements only, no handlers, no script URLs). The browser
//! suite (tests/browser/security.test.mjs) checks the same posts in Chromium.

use inkpost::fuzzing::{check_output, check_rendered};
use inkpost::{render, Options};

fn attacks() -> Vec<(String, Options, String)> {
    let text = include_str!("security/attacks.txt");
    let mut out = Vec::new();
    for chunk in text.split("\n=== ").skip(1) {
        let (head, body) = chunk.split_once('\n').unwrap_or((chunk, ""));
        let (name, options) = match head.split_once(' ') {
            Some((n, json)) => (n, serde_json::from_str::<serde_json::Value>(json).unwrap()),
            None => (head, serde_json::json!({})),
        };
        let mut o = Options::default();
        if let Some(p) = options["idPrefix"].as_str() {
            o.id_prefix = p.into();
        }
        if let Some(hosts) = options["allowIframeHosts"].as_array() {
            o.allow_iframe_hosts = hosts
                .iter()
                .filter_map(|h| h.as_str().map(String::from))
                .collect();
        }
        if !options["remoteMedia"].is_null() {
            o.remote_media = serde_json::from_value(options["remoteMedia"].clone()).unwrap();
        }
        if let Some(policy) = options["classes"].as_str() {
            o.classes = policy.parse().unwrap();
        }
        if options["externalLinksNewTab"] == true {
            o.external_links_new_tab = true;
        }
        match options["rawHtml"].as_str() {
            Some("escape") => o.raw_html = inkpost::RawHtmlMode::Escape,
            Some("drop") => o.raw_html = inkpost::RawHtmlMode::Drop,
            _ => {}
        }
        out.push((name.to_owned(), o, body.to_owned()));
    }
    out
}

#[test]
fn attack_posts_render_within_the_policy() {
    let attacks = attacks();
    assert!(attacks.len() >= 150, "{}", attacks.len());
    let mut failures = Vec::new();
    for (name, options, source) in &attacks {
        let out = render(source, options);
        if let Err(e) = check_rendered(source, &out) {
            failures.push(format!("{name}: {e}\n  {:?}", out.html));
        }
        for html in [&out.html, &out.excerpt_html] {
            if let Err(e) = iframes_load_allowed_hosts(html, &options.allow_iframe_hosts) {
                failures.push(format!("{name}: {e}\n  {html:?}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Every iframe in the output loads an allowed host, as the URL Standard
/// (the `url` crate here, the browser in tests/browser/security.test.mjs)
/// reads its `src`: https, and the host or a subdomain of it.
fn iframes_load_allowed_hosts(html: &str, hosts: &[String]) -> Result<(), String> {
    for piece in html.split("<iframe").skip(1) {
        let src = piece
            .split_once(" src=\"")
            .and_then(|(_, rest)| rest.split_once('"'))
            .map(|(src, _)| src.replace("&amp;", "&"))
            .ok_or("an iframe without src")?;
        let url = url::Url::parse(&src).map_err(|e| format!("iframe src {src:?}: {e}"))?;
        let host = url.host_str().unwrap_or("");
        let allowed = hosts.iter().any(|h| {
            host == h
                || host
                    .strip_suffix(h.as_str())
                    .is_some_and(|s| s.ends_with('.'))
        });
        if url.scheme() != "https" || !allowed {
            return Err(format!("iframe loads {url} (host {host:?})"));
        }
    }
    Ok(())
}

#[test]
fn the_iframe_check_reads_hosts_as_browsers_do() {
    let hosts = ["www.youtube.com".to_owned()];
    let iframe = |src: &str| format!("<iframe src=\"{src}\"></iframe>");
    assert!(iframes_load_allowed_hosts(&iframe("https://www.youtube.com/embed/x"), &hosts).is_ok());
    assert!(
        iframes_load_allowed_hosts(&iframe("https://evil.test\\@www.youtube.com/"), &hosts)
            .is_err()
    );
    assert!(
        iframes_load_allowed_hosts(&iframe("https://www.youtube.com.evil.test/"), &hosts).is_err()
    );
}

#[test]
fn the_policy_check_catches_what_it_should() {
    assert!(check_output("<p>ok <a href=\"/x\">x</a></p>").is_ok());
    assert!(check_output("<script>x</script>").is_err());
    assert!(check_output("<img src=\"x\" onerror=\"y\" />").is_err());
    assert!(check_output("<a href=\"javascript:x\">x</a>").is_err());
    assert!(check_output("<p style=\"color:red\">x</p>").is_err());
    assert!(check_output("<svg></svg>").is_err());
}

#[test]
fn a_scheme_name_inside_a_fragment_is_not_a_scheme() {
    // Found by fuzzing: `%7B#32;javascript:…` is a relative URL with a fragment.
    let out = render("[click]({#32;javascript:aler1t)R)\n", &Options::default());
    assert_eq!(
        out.html,
        "<p><a href=\"%7B#32;javascript:aler1t\">click</a>R)</p>\n"
    );
    assert!(check_output(&out.html).is_ok());
    assert!(check_output("<a href=\" javascript:x\">x</a>").is_err());
    assert!(check_output("<img srcset=\"a.png 1x, javascript:x 2x\" />").is_err());
}

#[test]
fn srcset_candidates_are_read_as_the_html_spec_reads_them() {
    // Found by fuzzing: commas inside a URL do not split it, and `){:` is no scheme.
    let out = render("<img srcset=\"&#@x,,y,,,){: 0) 1x\">", &Options::default());
    assert!(check_output(&out.html).is_ok(), "{}", out.html);
    assert!(check_output("<img srcset=\"a.png 1x,javascript:x 2x\" />").is_err());
}
