//! What a desk page and the post that answers it share, below both: the session's token, a
//! file's version as the page carries it, and a file checked as `s55 check` would.

use std::path::Path;
use std::sync::OnceLock;

use crate::diag::Diagnostic;
use crate::settings::Settings;

/// The session's token: made once, from the system's random source, when the desk first
/// needs it; a new one each time `s55 serve` starts.
pub fn token() -> &'static str {
    static TOKEN: OnceLock<String> = OnceLock::new();
    TOKEN.get_or_init(|| {
        let mut bytes = [0u8; 32];
        match getrandom::fill(&mut bytes) {
            Ok(()) => bytes.iter().map(|b| format!("{b:02x}")).collect(),
            // No random source: no token, and so no post is ever taken.
            Err(_) => String::new(),
        }
    })
}

/// A version of a file's text, as the pages carry it in a hidden field `version`.
pub fn version(text: &str) -> String {
    crate::util::hash_hex(text.as_bytes())
}

/// The file's text loaded and checked, as `s55 check` would: its diagnostics, and whether
/// it loaded at all.
pub fn checked(file: &Path, text: &str, settings: &Settings) -> (Vec<Diagnostic>, bool) {
    let name = file.display().to_string();
    let mut loaded = crate::load::load_bytes(&name, text.as_bytes(), settings.defaults());
    let loads = loaded.editions.is_some();
    if loads {
        crate::check::check_loaded(&mut loaded, settings);
    }
    (loaded.diagnostics, loads)
}
