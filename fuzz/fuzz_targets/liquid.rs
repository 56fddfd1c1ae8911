//! The Liquid stage on any text.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    inkpost::fuzzing::liquid(&text);
});
