//! Fuzzes the Word form reader (the zip, its XML parts, the fields' paragraphs and lists)
//! from raw bytes: it must refuse or read any file, within its limits, without a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    s55::harness::form(data);
});
