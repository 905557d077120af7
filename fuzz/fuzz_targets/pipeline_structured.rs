//! Fuzzes the whole pipeline from a structured response: every field, lists and nesting,
//! one or two languages, with or without office settings it inherits from, so that the
//! fuzzer reaches rendering rather than YAML errors.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../structured.rs"]
mod structured;

fuzz_target!(|input: structured::Input| {
    let settings = structured::settings_yaml(&input);
    s55::harness::run_in(structured::yaml(&input).as_bytes(), settings.as_deref());
});
