//! Fuzzes the whole pipeline (load, validate, render Markdown, HTML and PDF) from raw bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    s55::harness::run(data);
});
