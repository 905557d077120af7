//! The check every command runs: load a response file, validate every edition against the
//! office's settings, and place each diagnostic in the source.
//!
//! `check`, `render`, `build`, `status` and the preview all come through here, so they report
//! the same problems in the same words, in the order of the file.

use std::path::Path;

use crate::diag::Diagnostic;
use crate::load::{self, Loaded, Locator};
use crate::settings::{self, Settings};
use crate::validate;

/// A response that has been loaded and checked.
#[derive(Debug)]
pub struct Checked {
    /// What loading found, with validation's findings added.
    pub loaded: Loaded,
    /// The office's settings it was checked against.
    pub settings: Settings,
}

impl Checked {
    /// Whether any problem is an error.
    pub fn has_errors(&self) -> bool {
        self.loaded.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Loads and validates one file against the settings of its folder (`s55.yaml` there or
/// above), with every diagnostic placed in the source.
pub fn check_file(path: &Path) -> Checked {
    match settings::Settings::for_file(path) {
        Ok(found) => {
            let mut loaded = load::load_path(path);
            check_loaded(&mut loaded, &found.settings);
            Checked {
                loaded,
                settings: found.settings,
            }
        }
        Err(broken) => Checked {
            loaded: broken_settings(*broken),
            settings: Settings::default(),
        },
    }
}

/// A response that cannot be checked because its office's settings are broken: the problem is
/// reported against the settings file.
pub fn broken_settings(broken: settings::Broken) -> Loaded {
    Loaded {
        source: broken.text.map(|text| load::Source {
            name: broken.file.display().to_string(),
            text,
        }),
        editions: None,
        diagnostics: vec![broken.diagnostic],
    }
}

/// Only diagnostics, with no text to show them in: what rendering found.
pub fn diagnostics_only(diagnostics: Vec<Diagnostic>) -> Loaded {
    Loaded {
        source: None,
        editions: None,
        diagnostics,
    }
}

/// Validates what was loaded and places every diagnostic in the source. A response with
/// errors loses its editions, so nothing renders it.
pub fn check_loaded(loaded: &mut Loaded, settings: &Settings) {
    if let (Some(editions), Some(source)) = (&loaded.editions, &loaded.source) {
        let mut found = validate::validate(editions.first(), settings);
        // A bilingual response's other edition: its own problems, each said once.
        for doc in editions.iter().skip(1) {
            for d in validate::validate(doc, settings) {
                if !found
                    .iter()
                    .any(|f| f.message == d.message && f.path == d.path)
                {
                    found.push(d);
                }
            }
        }
        found.extend(validate::placeholders(&source.text));
        if found.iter().any(Diagnostic::is_error) {
            loaded.editions = None;
        }
        loaded.diagnostics.extend(found);
    }
    place(loaded);
    // In the order of the file; problems with no place in it last.
    loaded
        .diagnostics
        .sort_by_key(|d| d.position.map_or((usize::MAX, 0), |p| (p.line, p.column)));
}

/// Gives every diagnostic that names a field the line and column of that field (or of the
/// words it is about).
fn place(loaded: &mut Loaded) {
    let Some(source) = &loaded.source else { return };
    if !loaded
        .diagnostics
        .iter()
        .any(|d| d.position.is_none() && d.path.is_some())
    {
        return;
    }
    let locator = Locator::new(&source.text);
    for d in &mut loaded.diagnostics {
        if d.position.is_none()
            && let Some(p) = &d.path
        {
            d.position = locator.position(p);
            if let (Some(start), Some(words)) = (d.position, &d.near) {
                d.position = load::find_after(&source.text, start, words).or(d.position);
            }
        }
    }
}
