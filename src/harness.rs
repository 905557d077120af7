//! Every stage on one input, for the fuzzers and the tests that replay their corpus.
//!
//! Reads the bytes as a response file would be read, checks it, and renders every format of
//! every edition when it has no errors. It must return for any input: a panic here is a bug.

use std::sync::OnceLock;

use crate::render::{self, Assets, PageLinks, Renderer, format};
use crate::settings::Settings;

fn renderer() -> Option<&'static Renderer> {
    static RENDERER: OnceLock<Option<Renderer>> = OnceLock::new();
    RENDERER
        .get_or_init(|| Assets::builtin().and_then(Renderer::new).ok())
        .as_ref()
}

/// Runs the whole pipeline on `bytes`. Returns how many files it rendered.
pub fn run(bytes: &[u8]) -> usize {
    run_in(bytes, None)
}

/// Runs the whole pipeline on `bytes` as a response of an office whose s55.yaml is
/// `settings` (the defaults when it is missing or not usable).
pub fn run_in(bytes: &[u8], settings: Option<&str>) -> usize {
    let settings: Settings = settings
        .filter(|s| crate::load::budget::check(s).is_ok())
        .and_then(|s| serde_yaml::from_str(s).ok())
        .unwrap_or_default();
    let mut loaded = crate::load::load_bytes("fuzz.yaml", bytes, settings.defaults());
    if loaded.source.is_none() {
        return 0;
    }
    crate::check::check_loaded(&mut loaded, &settings);
    // Printing the diagnostics is part of the pipeline too.
    for d in &loaded.diagnostics {
        let _ = d.render(
            "fuzz.yaml",
            loaded.source.as_ref().map(|s| s.text.as_str()),
            false,
        );
    }
    let (Some(renderer), Some(editions)) = (renderer(), &loaded.editions) else {
        return 0;
    };
    let formats = format::all();
    render::render(
        renderer,
        editions,
        &settings,
        "fuzz",
        &formats,
        PageLinks::default(),
    )
    .map(|r| r.files.len())
    .unwrap_or(0)
}

/// Reads `bytes` as a returned Word form, and each box it holds as the Markdown the form
/// reader writes. Returns how many boxes it read. It must return for any input.
pub fn form(bytes: &[u8]) -> usize {
    match crate::import::form::read(bytes) {
        Ok(filled) => {
            for found in &filled.found {
                let _ = crate::import::form::markdown(&found.content.blocks, 0);
            }
            filled.found.len()
        }
        Err(_) => 0,
    }
}

/// Edits a YAML text in place, the input split at NUL bytes into the text, a field path and
/// its new value, and checks the editor's promise: when it writes, the field reads back as
/// the value (a block's final line break aside) for serde_yaml, and the text holds no line
/// separator that one YAML reader would take for a line break and another not. Returns
/// whether it wrote. Panics when the promise is broken: that is what the fuzzer looks for.
pub fn edit(bytes: &[u8]) -> bool {
    let mut parts = bytes.splitn(3, |b| *b == 0);
    let (Some(text), Some(path), Some(value)) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    let (Ok(text), Ok(path), Ok(value)) = (
        std::str::from_utf8(text),
        std::str::from_utf8(path),
        std::str::from_utf8(value),
    ) else {
        return false;
    };
    if crate::load::budget::check(text).is_err()
        || serde_yaml::from_str::<serde_yaml::Value>(text).is_err()
    {
        return false;
    }
    let path = crate::diag::FieldPath::parse(path);
    let change = crate::load::edit::Change {
        path: path.clone(),
        value: value.to_owned(),
    };
    let Ok((out, _)) = crate::load::edit::apply(text, &[change]) else {
        return false;
    };
    assert!(
        !out.contains(crate::load::scalar::LINE_SEPARATORS),
        "a raw line separator was written"
    );
    let read: Result<serde_yaml::Value, _> = serde_yaml::from_str(&out);
    assert!(read.is_ok(), "the edited text does not read as YAML");
    let read = read.unwrap_or_default();
    let mut at = &read;
    for step in &path.0 {
        at = match step {
            crate::diag::Step::Key(k) => &at[k.as_str()],
            crate::diag::Step::Index(i) => &at[*i],
        };
    }
    assert_eq!(
        at.as_str().map(str::trim_end),
        Some(value.trim_end()),
        "the field does not read back as written"
    );
    true
}
