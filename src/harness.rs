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
