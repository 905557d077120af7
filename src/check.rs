//! The check every command runs: load a response file, validate every edition against the
//! office's settings, and place each diagnostic in the source.
//!
//! `check`, `render`, `build`, `status` and the preview all come through here, so they report
//! the same problems in the same words, in the order of the file. A file reports at most
//! [`MAX_OF_A_KIND`] problems of one kind, then one that counts the rest, so that a file
//! with a mistake repeated many thousand times costs no more to check than one with a
//! hundred, and what is shown can still be read.

use std::path::Path;

use std::collections::{HashMap, HashSet};

use crate::diag::{Diagnostic, FieldPath};
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
        let mut said: HashSet<(String, Option<FieldPath>)> = found
            .iter()
            .map(|f| (f.message.clone(), f.path.clone()))
            .collect();
        for doc in editions.iter().skip(1) {
            for d in validate::validate(doc, settings) {
                if said.insert((d.message.clone(), d.path.clone())) {
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
    loaded.diagnostics = cap(std::mem::take(&mut loaded.diagnostics));
    place(loaded);
    // In the order of the file; problems with no place in it last.
    loaded
        .diagnostics
        .sort_by_key(|d| d.position.map_or((usize::MAX, 0), |p| (p.line, p.column)));
}

/// The most diagnostics of one kind shown for a file; the rest are counted in one more.
pub const MAX_OF_A_KIND: usize = 100;

/// Keeps the first [`MAX_OF_A_KIND`] diagnostics of each kind (the same message but for the
/// names and numbers in it) and says how many more there were, so that a file with
/// thousands of one mistake costs no more to report than one with a hundred, and the
/// report stays readable.
fn cap(diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut seen: HashMap<(crate::diag::Severity, String), usize> = HashMap::new();
    let mut kept = Vec::new();
    let mut order = Vec::new();
    for d in diagnostics {
        let k = (d.severity, kind(&d.message));
        let n = seen.entry(k.clone()).or_insert(0);
        *n += 1;
        if *n <= MAX_OF_A_KIND {
            if *n == 1 {
                order.push((k, d.message.clone()));
            }
            kept.push(d);
        }
    }
    for (k, first) in order {
        let n = seen.get(&k).copied().unwrap_or(0);
        if n > MAX_OF_A_KIND {
            let more = n - MAX_OF_A_KIND;
            let mut d = Diagnostic::error(format!(
                "{} like “{first}” are not shown",
                crate::util::plural(more, "more problem")
            ))
            .hint("fix these, then check again to see the rest");
            d.severity = k.0;
            kept.push(d);
        }
    }
    kept
}

/// A message with what varies (quoted names and numbers) taken out: its kind.
fn kind(message: &str) -> String {
    let mut out = String::new();
    let mut quoted = false;
    for c in message.chars() {
        if c == '`' {
            quoted = !quoted;
            if quoted {
                out.push_str("`…`");
            }
        } else if quoted {
        } else if c.is_ascii_digit() {
            if !out.ends_with('#') {
                out.push('#');
            }
        } else {
            out.push(c);
        }
    }
    out
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
