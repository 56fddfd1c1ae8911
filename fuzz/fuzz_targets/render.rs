//! The whole render on any text, with options that turn every stage on.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let options = inkpost::Options {
        file_name: Some("en/_posts/2026-01-02-fuzz.md".into()),
        base_url: Some("https://example.org/blog/post.html".into()),
        id_prefix: "u-".into(),
        source_lines: true,
        allow_iframe_hosts: vec!["www.youtube.com".into()],
        site: inkpost::Site {
            timezone: Some("America/Los_Angeles".into()),
            baseurl: Some("/blog".into()),
            ..Default::default()
        },
        ..Default::default()
    };
    let out = inkpost::render(&text, &options);
    if let Err(e) = inkpost::fuzzing::check_rendered(&text, &out) {
        panic!("{e}\ninput: {text:?}\noutput: {:?}", out.html);
    }
});
