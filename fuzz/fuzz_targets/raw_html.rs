//! The raw-HTML sanitizer: whatever the input, the output keeps to the policy.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let html = inkpost::fuzzing::raw_html(&text);
    if let Err(e) = inkpost::fuzzing::check_output(&html) {
        panic!("{e}\ninput: {text:?}\noutput: {html:?}");
    }
});
