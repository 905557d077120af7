//! Fuzzes the whole pipeline from a structured response: every field, lists and nesting,
//! one or two languages, so that the fuzzer reaches rendering rather than YAML errors.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../structured.rs"]
mod structured;

fuzz_target!(|input: structured::Input| {
    s55::harness::run(structured::yaml(&input).as_bytes());
});
