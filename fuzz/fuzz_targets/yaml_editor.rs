//! Fuzzes the in-place YAML editor behind `s55 import docx`: a text, a field path and a
//! value, separated by NUL bytes. The harness panics when a written field does not read
//! back as its value, or a raw line separator is written.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    s55::harness::edit(data);
});
