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

use crate::diag::{Diagnostic, FieldPath, Step};
use crate::load::{self, Loaded, Locator};
use crate::model::{Editions, Response};
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
            let mut loaded = load::load_path(path, found.settings.defaults());
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

/// The files of a folder that could not be checked: each one's name and what loading found.
pub type Failed = Vec<(String, Loaded)>;

/// Checks every response file of a folder against its own settings (each folder's
/// `s55.yaml` read once) and hands each one that has no errors to `each`, with its path
/// relative to the folder and its settings, in path order. One at a time, so memory does not
/// grow with the folder. Returns the files that could not be read or checked.
pub fn each_response(
    dir: &Path,
    follow_links: bool,
    mut each: impl FnMut(&Path, &Editions, &Settings),
) -> anyhow::Result<Failed> {
    if !dir.is_dir() {
        anyhow::bail!("`{}` is not a folder of responses", dir.display());
    }
    let top = match Settings::load_or_default(dir) {
        Ok(s) => s,
        Err(broken) => {
            let name = broken.file.display().to_string();
            return Ok(vec![(name, broken_settings(*broken))]);
        }
    };
    let mut offices = settings::Offices::new(dir, top, false);
    let listing = crate::folder::response_files(dir, Path::new(""), follow_links)?;
    let mut failed: Failed = listing
        .refused
        .into_iter()
        .map(|(name, d)| (name, diagnostics_only(vec![d])))
        .collect();
    for rel in listing.files {
        let path = dir.join(&rel);
        let settings = match offices.for_file(&rel) {
            Ok(s) => s,
            Err(broken) => {
                failed.push((
                    path.display().to_string(),
                    broken_settings((*broken).clone()),
                ));
                continue;
            }
        };
        let mut loaded = load::load_path(&path, settings.defaults());
        check_loaded(&mut loaded, &settings);
        match &loaded.editions {
            Some(e) => each(&rel, e, &settings),
            None => failed.push((path.display().to_string(), loaded)),
        }
    }
    Ok(failed)
}

/// A response that cannot be checked because its office's settings are broken: the problem is
/// reported against the settings file.
pub fn broken_settings(broken: settings::Broken) -> Loaded {
    Loaded {
        source: broken
            .text
            .map(|text| load::Source::new(broken.file.display().to_string(), text)),
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

/// Adds what was found beside the checks (what a build would refuse of a signed letter) to a
/// checked response, placed in the source as the checks' own findings are, in the file's
/// order.
pub fn add_found(checked: &mut Checked, found: Vec<Diagnostic>) {
    if found.is_empty() {
        return;
    }
    checked.loaded.diagnostics.extend(found);
    place(&mut checked.loaded, &checked.settings);
    checked
        .loaded
        .diagnostics
        .sort_by_key(|d| d.position.map_or((usize::MAX, 0), |p| (p.line, p.column)));
}

/// Validates what was loaded and places every diagnostic in the source. A response with
/// errors loses its editions, so nothing renders it.
pub fn check_loaded(loaded: &mut Loaded, settings: &Settings) {
    // The pictures it names, read now so that rendering needs no files.
    let mut pictures = match (&mut loaded.editions, &loaded.source) {
        (Some(e), Some(src)) => load::images::attach(e, &office_folder(&src.name, settings)),
        _ => Vec::new(),
    };
    if let (Some(editions), Some(source)) = (&loaded.editions, &loaded.source) {
        let mut found = validate::validate(editions.first(), settings);
        // A bilingual response's other edition: its own problems, each said once.
        let mut said: HashSet<(String, Option<FieldPath>)> = found
            .iter()
            .map(|f| (f.message.clone(), f.path.clone()))
            .collect();
        let mut own = Vec::new();
        for doc in editions.iter().skip(1) {
            for d in validate::validate(doc, settings) {
                if said.insert((d.message.clone(), d.path.clone())) {
                    own.push(d);
                }
            }
        }
        if editions.is_bilingual() {
            let locator = source.locator();
            found = found
                .into_iter()
                .map(|d| in_language(d, editions.first(), locator))
                .collect();
            for doc in editions.iter().skip(1) {
                found.extend(own.drain(..).map(|d| in_language(d, doc, locator)));
            }
        }
        found.append(&mut own);
        found.append(&mut pictures);
        found.extend(validate::placeholders(&source.text, editions.first().draft));
        found.extend(misplaced_responses(editions.first(), source));
        if found.iter().any(Diagnostic::is_error) {
            loaded.editions = None;
        }
        loaded.diagnostics.extend(found);
    }
    conflicts(loaded, settings);
    loaded.diagnostics = cap(std::mem::take(&mut loaded.diagnostics));
    place(loaded, settings);
    // In the order of the file; problems with no place in it last.
    loaded
        .diagnostics
        .sort_by_key(|d| d.position.map_or((usize::MAX, 0), |p| (p.line, p.column)));
}

/// A finding's `response:` written below its recommendations, while the last of them has
/// none: indented one level too little, it became the finding's own response instead of the
/// recommendation's. YAML cannot tell; the file's order can.
fn misplaced_responses(doc: &Response, source: &load::Source) -> Vec<Diagnostic> {
    let lists = [
        ("causes_of_concern", &doc.causes_of_concern),
        ("areas_for_improvement", &doc.areas_for_improvement),
    ];
    let mut found = Vec::new();
    for (list, findings) in lists {
        for (i, f) in findings.iter().enumerate() {
            let (Some(_), Some(last)) = (&f.response, f.recommendations.last()) else {
                continue;
            };
            if last.response.is_some() {
                continue;
            }
            let locator = source.locator();
            let at = FieldPath::root().key(list).index(i);
            let last_at = at
                .clone()
                .key("recommendations")
                .index(f.recommendations.len() - 1);
            let (Some(response), Some(rec)) = (
                locator.key_position(&at.clone().key("response")),
                locator.key_position(&last_at.clone().key("text")),
            ) else {
                continue;
            };
            if response.line <= rec.line {
                continue;
            }
            let number = |f: &crate::model::Finding| {
                f.number
                    .as_ref()
                    .map_or_else(|| "?".to_owned(), ToString::to_string)
            };
            let indent = rec.column.saturating_sub(1);
            found.push(
                Diagnostic::warning(format!(
                    "this `response:` is read as the response to {} {}, but it comes after recommendation {}, which has no response of its own",
                    if list == "causes_of_concern" { "cause of concern" } else { "area for improvement" },
                    number(f),
                    number(last)
                ))
                .at_position(crate::diag::Position { width: "response".len() + 1, ..response })
                .hint(format!(
                    "if it answers recommendation {}, indent it by {indent} spaces, as that recommendation's `text:`; if it is the {}'s own, move it above `recommendations:`",
                    number(last),
                    if list == "causes_of_concern" { "cause of concern" } else { "area for improvement" },
                )),
            );
        }
    }
    found
}

/// The office's folder, where its pictures are: the folder of its s55.yaml, else the
/// response's own.
fn office_folder(response: &str, settings: &Settings) -> std::path::PathBuf {
    let file = settings
        .origin
        .as_ref()
        .map_or(response, |o| o.name.as_str());
    match Path::new(file).parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    }
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

/// In a bilingual file, a problem with a text given in both languages is about the edition's
/// own: its path goes on to that language's key (`timescale.en`), so that it is placed at the
/// English words and not at the Welsh line above them.
fn in_language(d: Diagnostic, doc: &Response, locator: &Locator) -> Diagnostic {
    let Some(path) = d.path.as_ref() else {
        return d;
    };
    let own = path.key(doc.language.code());
    if locator.position(&own).is_none() {
        return d;
    }
    Diagnostic {
        path: Some(own),
        ..d
    }
}

/// Gives every diagnostic that names a field the line and column of that field (or of the
/// words it is about): in the response, or, for a value it inherits, in the settings file.
fn place(loaded: &mut Loaded, settings: &Settings) {
    let Some(source) = &loaded.source else { return };
    if !loaded
        .diagnostics
        .iter()
        .any(|d| d.position.is_none() && d.path.is_some())
    {
        return;
    }
    let locator = source.locator();
    let office = settings
        .origin
        .as_ref()
        .filter(|_| settings.office.is_some())
        .map(|o| (o, Locator::new(&o.text)));
    for d in &mut loaded.diagnostics {
        if d.position.is_some() {
            continue;
        }
        let Some(p) = &d.path else { continue };
        let (text, position) = match locator.position(p) {
            Some(at) => (source.text.as_str(), Some(at)),
            None => match &office {
                // Only a field the settings' `office:` gives is placed there: a field the
                // response lacks and no setting could give (its `date:`) is the response's.
                Some((origin, settings_locator)) if office_gives(settings, p) => {
                    let inherited = office_path(p);
                    match settings_locator.position(&inherited) {
                        Some(at) => {
                            d.file = Some(std::sync::Arc::clone(origin));
                            (origin.text.as_str(), Some(at))
                        }
                        None => (source.text.as_str(), None),
                    }
                }
                _ => (source.text.as_str(), None),
            },
        };
        // A field that is gone: at the key of what held it, not at the first value in it.
        let (text, position) = match d.gone.then(|| gone(locator, office.as_ref(), p)) {
            Some(Some((at, Some(origin)))) => {
                d.file = Some(origin);
                (
                    office.as_ref().map_or(text, |(o, _)| o.text.as_str()),
                    Some(at),
                )
            }
            Some(Some((at, None))) => (source.text.as_str(), Some(at)),
            _ => (text, position),
        };
        d.position = position;
        if let (Some(start), Some(words)) = (d.position, &d.near) {
            // The response's own line starts are found once for all its diagnostics.
            let lines = std::ptr::eq(text, source.text.as_str()).then(|| source.lines());
            d.position = load::find_after_in(text, lines, start, words).or(d.position);
        }
    }
}

/// Where a field that is gone is pointed at: the key of the nearest field that held it in
/// the response, else in the settings' `office:` (and then that file).
fn gone(
    locator: &Locator,
    office: Option<&(&std::sync::Arc<crate::diag::Origin>, Locator)>,
    p: &FieldPath,
) -> Option<(
    crate::diag::Position,
    Option<std::sync::Arc<crate::diag::Origin>>,
)> {
    if let Some(at) = nearest_key(locator, p.0.clone(), 1) {
        return Some((at, None));
    }
    let (origin, settings) = office?;
    nearest_key(settings, office_path(p).0, 0).map(|at| (at, Some(std::sync::Arc::clone(origin))))
}

/// The key of the nearest field above `steps` that `locator` finds, keeping at least `keep`
/// steps.
fn nearest_key(
    locator: &Locator,
    mut steps: Vec<Step>,
    keep: usize,
) -> Option<crate::diag::Position> {
    while steps.len() > keep {
        steps.pop();
        if let Some(at) = locator.key_position(&FieldPath(steps.clone())) {
            return Some(at);
        }
    }
    None
}

/// Whether the settings' `office:` holds the top-level field `p` is in.
fn office_gives(settings: &Settings, p: &FieldPath) -> bool {
    match (p.0.first(), &settings.office) {
        (Some(Step::Key(k)), Some(office)) => office.contains_key(k.as_str()),
        _ => false,
    }
}

/// The path of a response's field in the settings file's `office:`.
fn office_path(p: &FieldPath) -> FieldPath {
    let mut steps = vec![Step::Key("office".to_owned())];
    steps.extend(p.0.iter().cloned());
    FieldPath(steps)
}

/// The office's identity, which a response may not quietly contradict: a different value is
/// more likely a response copied from another office than a deliberate change.
const IDENTITY: [&[&str]; 3] = [&["body", "kind"], &["body", "area"], &["force"]];

/// Warns where a response gives the office's identity differently from its settings.
fn conflicts(loaded: &mut Loaded, settings: &Settings) {
    let (Some(source), Some(office), Some(origin)) =
        (&loaded.source, &settings.office, &settings.origin)
    else {
        return;
    };
    let Ok(serde_yaml::Value::Mapping(own)) = serde_yaml::from_str(&source.text) else {
        return;
    };
    let settings_locator = Locator::new(&origin.text);
    for keys in IDENTITY {
        let get = |m: &serde_yaml::Mapping| -> Option<String> {
            let mut v = m.get(keys[0])?;
            for k in &keys[1..] {
                v = v.get(k)?;
            }
            v.as_str().map(str::to_owned)
        };
        let (Some(here), Some(there)) = (get(&own), get(office)) else {
            continue;
        };
        if here.trim().eq_ignore_ascii_case(there.trim()) {
            continue;
        }
        let mut path = FieldPath::root();
        for k in keys {
            path = path.key(k);
        }
        let line = settings_locator
            .position(&office_path(&path))
            .map_or_else(String::new, |p| format!(":{}", p.line));
        loaded.diagnostics.push(
            Diagnostic::warning(format!(
                "`{path}` is `{here}` here but `{there}` in the office's settings ({}{line})",
                origin.name
            ))
            .at(path)
            .hint("remove it from the response to use the office's, or correct whichever is wrong"),
        );
    }
}
