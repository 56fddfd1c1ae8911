// Helpers shared by the native integration tests (each test file includes it with `mod common`).
#![allow(dead_code)]

use inkpost::{render, Options, Rendered};

pub fn opts() -> Options {
    Options::default()
}

pub fn with_file(name: &str) -> Options {
    Options {
        file_name: Some(name.to_owned()),
        ..Options::default()
    }
}

pub fn html(source: &str) -> String {
    render(source, &opts()).html
}

pub fn post(source: &str, options: &Options) -> Rendered {
    render(source, options)
}

pub const SEED: &str =
    include_str!("../../www/posts/2026-01-02-latest-maduro-says-venezuela-open-to-us-talks.md");
