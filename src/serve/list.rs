//! The folder's list, for the preview's first page and the desk's: each response's title,
//! force, report's day of publication and stage, and its problems once it has been checked.
//!
//! Policy: the list answers at once, however many responses the folder holds. What a row
//! shows of the response itself comes from a light reading of a few of its fields (not the
//! loading and checking a letter needs), done on every core for the files not read before,
//! and kept by each file's size, time and identity and those of the settings that may apply
//! to it, so that a list asked for again reads nothing that has not changed. A response's
//! problems need the whole check: a few are checked before the list answers; a larger number
//! is checked after, on every core, and the pages listening are told to reload when they
//! are done, so the list first shows them as being checked.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use serde::Deserialize;

use super::State;
use crate::diag::Severity;

/// How many unchecked responses the list checks before it answers; beyond this, it answers
/// at once and they are checked after (about a millisecond each on one core).
pub const CHECKED_BEFORE: usize = 48;

/// What identifies a file's state without reading it: its size, time and identity, or
/// nothing for a file that is not there.
type Meta = Option<(u64, Option<SystemTime>, u64)>;

fn meta(path: &Path) -> Meta {
    let m = std::fs::metadata(path).ok().filter(|m| m.is_file())?;
    Some((m.len(), m.modified().ok(), super::watch::inode(&m)))
}

/// A response's state as the list knows it: its own file's and that of each settings file
/// that could apply to it (`s55.yaml` in its folder and those above).
#[derive(Clone, PartialEq, Eq)]
struct Stamp {
    file: Meta,
    settings: Arc<Vec<(PathBuf, Meta)>>,
}

impl Stamp {
    /// The settings file that applies: the nearest that is there.
    fn settings_file(&self) -> Option<&(PathBuf, Meta)> {
        self.settings.iter().find(|(_, m)| m.is_some())
    }
}

/// One response as the list shows it.
#[derive(Clone, Default)]
pub struct Row {
    /// The report's title (the English edition's, in a bilingual response).
    pub title: String,
    /// The force inspected, from the response or its office's settings.
    pub force: String,
    /// The day the report was published, as written.
    pub published: String,
    /// Whether it is a draft, not yet final.
    pub draft: bool,
    /// Its errors and warnings, once checked in this state.
    pub problems: Option<(usize, usize)>,
}

/// An office's details from its settings (`office:`), which a response inherits.
type Office = Arc<Option<serde_yaml::Mapping>>;

/// The list's memory of each response, by path.
#[derive(Default)]
pub struct Listing {
    rows: Mutex<HashMap<PathBuf, (Stamp, Row)>>,
    /// Settings files read, by path, with the state they were read in.
    settings: Mutex<HashMap<PathBuf, (Meta, Office)>>,
    /// Whether responses are being checked after the list answered.
    checking: std::sync::atomic::AtomicBool,
}

/// A text the response may give in one language or in each (`{cy: …, en: …}`).
#[derive(Deserialize)]
#[serde(untagged)]
enum Text {
    One(String),
    Each(HashMap<String, String>),
    Other(serde_yaml::Value),
}

impl Text {
    fn english(&self) -> String {
        match self {
            Text::One(s) => s.clone(),
            Text::Each(m) => m
                .get("en")
                .or_else(|| m.values().next())
                .cloned()
                .unwrap_or_default(),
            Text::Other(v) => plain(v),
        }
    }
}

/// A scalar as written (a date is read as a string).
fn plain(v: &serde_yaml::Value) -> String {
    match v {
        serde_yaml::Value::String(s) => s.clone(),
        serde_yaml::Value::Number(n) => n.to_string(),
        serde_yaml::Value::Bool(b) => b.to_string(),
        _ => String::new(),
    }
}

/// The few fields the list shows; anything else in the file is passed over.
#[derive(Deserialize, Default)]
#[serde(default)]
struct Head {
    report: Option<ReportHead>,
    force: Option<Text>,
    draft: Option<serde_yaml::Value>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ReportHead {
    title: Option<Text>,
    published: Option<serde_yaml::Value>,
}

/// The keys at the top of a response that the list reads.
const LISTED: [&str; 3] = ["report", "force", "draft"];

/// The lines of a response that hold the keys the list reads, each with the lines below it
/// (indented, blank or comments), as a smaller YAML document; or nothing where the file is
/// not written as the list expects (no `report:` at the start of a line, several
/// documents, a directive), when the whole file is read instead.
fn excerpt(text: &str) -> Option<String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = String::new();
    let mut taking = false;
    let mut report = false;
    for line in text.lines() {
        let top = !line.is_empty() && !line.starts_with([' ', '\t', '#']);
        if top {
            if line.starts_with("---") || line.starts_with("...") || line.starts_with('%') {
                return None;
            }
            let key = line.split(':').next().unwrap_or_default();
            let keyed = line.len() > key.len()
                && line[key.len() + 1..]
                    .chars()
                    .next()
                    .is_none_or(|c| c == ' ');
            taking = keyed && LISTED.contains(&key);
            report |= taking && key == "report";
        }
        if taking {
            out.push_str(line);
            out.push('\n');
        }
    }
    report.then_some(out)
}

/// The fields the list shows, from the lines that hold them, or from the whole file.
fn head(bytes: &[u8]) -> Head {
    let from_excerpt = std::str::from_utf8(bytes)
        .ok()
        .and_then(excerpt)
        .and_then(|e| serde_yaml::from_str(&e).ok());
    // A file that does not read as YAML shows only its name, and its errors once checked.
    from_excerpt.unwrap_or_else(|| serde_yaml::from_slice(bytes).unwrap_or_default())
}

/// The row a response's bytes give, with its office's settings for what it leaves out.
fn read_row(bytes: &[u8], office: Option<&serde_yaml::Mapping>) -> Row {
    let head = head(bytes);
    let force = head.force.map(|f| f.english()).or_else(|| {
        office
            .and_then(|o| o.get("force"))
            .and_then(|f| serde_yaml::from_value::<Text>(f.clone()).ok())
            .map(|f| f.english())
    });
    let report = head.report.unwrap_or_default();
    Row {
        title: report.title.map(|t| t.english()).unwrap_or_default(),
        force: force.unwrap_or_default(),
        published: report.published.as_ref().map(plain).unwrap_or_default(),
        draft: matches!(head.draft, Some(serde_yaml::Value::Bool(true))),
        problems: None,
    }
}

/// The folders whose `s55.yaml` may apply to a response in `dir`, nearest first, as
/// [`crate::settings::Settings::for_file`] looks for them: up to the current folder when
/// the response is below it, else only its own.
fn settings_dirs(dir: &Path, top: Option<&Path>) -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    let top = top.filter(|t| dir.starts_with(t));
    for d in dir.ancestors() {
        dirs.push(d.to_path_buf());
        if top.is_none_or(|t| d == t) {
            break;
        }
    }
    dirs
}

impl Listing {
    /// The office's settings a response inherits from, read again only when changed.
    fn office(&self, file: &Path, m: Meta) -> Office {
        if let Some((seen, office)) = self.settings.lock().ok().and_then(|s| s.get(file).cloned())
            && seen == m
        {
            return office;
        }
        let office = Arc::new(
            crate::settings::Settings::load(file)
                .ok()
                .and_then(|s| s.defaults().cloned()),
        );
        if let Ok(mut s) = self.settings.lock() {
            s.insert(file.to_path_buf(), (m, Arc::clone(&office)));
        }
        office
    }

    /// Each file's state now, with its settings' (looked at once per folder).
    fn stamps(&self, files: &[PathBuf]) -> Vec<Stamp> {
        let top = std::env::current_dir()
            .ok()
            .and_then(|c| std::path::absolute(c).ok());
        let mut by_dir: HashMap<PathBuf, Arc<Vec<(PathBuf, Meta)>>> = HashMap::new();
        files
            .iter()
            .map(|file| {
                let absolute = std::path::absolute(file).unwrap_or_else(|_| file.clone());
                let dir = absolute.parent().unwrap_or(Path::new("/")).to_path_buf();
                let settings = by_dir
                    .entry(dir)
                    .or_insert_with_key(|dir| {
                        Arc::new(
                            settings_dirs(dir, top.as_deref())
                                .into_iter()
                                .map(|d| {
                                    let s = d.join(crate::settings::FILE);
                                    let m = meta(&s);
                                    (s, m)
                                })
                                .collect(),
                        )
                    })
                    .clone();
                Stamp {
                    file: meta(file),
                    settings,
                }
            })
            .collect()
    }
}

/// The rows of `files` (paths of the responses), each as the file is now: read again on
/// every core where it changed, with the problems of those checked in this state. A few
/// unchecked responses are checked before it answers; more are checked after it answers,
/// and the pages listening then reload.
pub fn rows(state: &State, files: &[PathBuf]) -> Vec<Row> {
    use rayon::prelude::*;
    let listing = &state.listing;
    let stamps = listing.stamps(files);
    let known: Vec<Option<Row>> = {
        let rows = listing.rows.lock().map(|r| {
            files
                .iter()
                .zip(&stamps)
                .map(|(f, s)| r.get(f).filter(|(k, _)| k == s).map(|(_, row)| row.clone()))
                .collect()
        });
        rows.unwrap_or_else(|_| vec![None; files.len()])
    };
    let fresh: Vec<Row> = files
        .par_iter()
        .zip(&stamps)
        .zip(known)
        .map(|((file, stamp), known)| {
            known.unwrap_or_else(|| {
                let office = stamp
                    .settings_file()
                    .map(|(s, m)| listing.office(s, *m))
                    .unwrap_or_default();
                let bytes = crate::load::read_input(file).unwrap_or_default();
                read_row(&bytes, office.as_ref().as_ref())
            })
        })
        .collect();
    let mut rows = fresh;
    let unchecked: Vec<usize> = (0..files.len())
        .filter(|&i| rows[i].problems.is_none())
        .collect();
    if unchecked.len() <= CHECKED_BEFORE {
        let found: Vec<(usize, (usize, usize))> = unchecked
            .par_iter()
            .map(|&i| (i, problems(&files[i])))
            .collect();
        for (i, p) in found {
            rows[i].problems = Some(p);
        }
    }
    if let Ok(mut kept) = listing.rows.lock() {
        let listed: std::collections::HashSet<&PathBuf> = files.iter().collect();
        kept.retain(|f, _| listed.contains(f));
        for ((file, stamp), row) in files.iter().zip(&stamps).zip(&rows) {
            kept.insert(file.clone(), (stamp.clone(), row.clone()));
        }
    }
    if unchecked.len() > CHECKED_BEFORE && !listing.checking.swap(true, Ordering::SeqCst) {
        let (kept, watch) = (Arc::clone(listing), Arc::clone(&state.watch));
        let pending: Vec<(PathBuf, Stamp)> = unchecked
            .iter()
            .map(|&i| (files[i].clone(), stamps[i].clone()))
            .collect();
        let spawned = std::thread::Builder::new()
            .name("check".into())
            .spawn(move || check_after(&kept, &watch, pending));
        if spawned.is_err() {
            listing.checking.store(false, Ordering::SeqCst);
        }
    }
    rows
}

/// Checks the responses the list answered without, on every core, keeps their problems
/// with the state they were read in, and tells the pages listening to reload.
fn check_after(listing: &Listing, watch: &super::watch::Watch, pending: Vec<(PathBuf, Stamp)>) {
    use rayon::prelude::*;
    let check = |pending: Vec<(PathBuf, Stamp)>| -> Vec<(PathBuf, Stamp, (usize, usize))> {
        pending
            .into_par_iter()
            .map(|(file, stamp)| {
                let p = problems(&file);
                (file, stamp, p)
            })
            .collect()
    };
    // A pool of its own, so that the lists and letters asked for meanwhile are not queued
    // behind the checks on the shared one; the system shares the cores between them.
    let found = match rayon::ThreadPoolBuilder::new()
        .thread_name(|i| format!("check-{i}"))
        .build()
    {
        Ok(pool) => pool.install(|| check(pending)),
        Err(_) => check(pending),
    };
    if let Ok(mut kept) = listing.rows.lock() {
        for (file, stamp, p) in found {
            // Unless the file changed meanwhile: then the list reads it again.
            if let Some((k, row)) = kept.get_mut(&file)
                && *k == stamp
            {
                row.problems = Some(p);
            }
        }
    }
    listing.checking.store(false, Ordering::SeqCst);
    watch.checked();
}

/// A response's errors and warnings, checked as `s55 check` checks it, with the settings
/// that apply to it; nothing of the check is kept.
pub fn problems(file: &Path) -> (usize, usize) {
    let diagnostics = match (
        crate::load::read_input(file),
        crate::settings::Settings::for_file(file),
    ) {
        (_, Err(broken)) => crate::check::broken_settings(*broken).diagnostics,
        (Err(d), Ok(_)) => vec![d],
        (Ok(bytes), Ok(found)) => {
            let name = file.display().to_string();
            let mut loaded = crate::load::load_bytes(&name, &bytes, found.settings.defaults());
            crate::check::check_loaded(&mut loaded, &found.settings);
            loaded.diagnostics
        }
    };
    let count = |s: Severity| diagnostics.iter().filter(|d| d.severity == s).count();
    (count(Severity::Error), count(Severity::Warning))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_reads_the_fields_the_list_shows_and_passes_over_the_rest() {
        let row = read_row(
            b"draft: true\nforce: Kent Police\nreport:\n  title: PEEL 2025\n  published: 2025-10-02\n  kind: peel\nopening: |\n  Dear Sir\n",
            None,
        );
        assert_eq!(row.title, "PEEL 2025");
        assert_eq!(row.force, "Kent Police");
        assert_eq!(row.published, "2025-10-02");
        assert!(row.draft);
        assert!(row.problems.is_none());
    }

    #[test]
    fn a_bilingual_row_shows_the_english_edition_and_the_office_gives_the_force() {
        let office: serde_yaml::Mapping =
            serde_yaml::from_str("force: {cy: Heddlu Dyfed-Powys, en: Dyfed-Powys Police}")
                .unwrap();
        let row = read_row(
            b"report:\n  title:\n    cy: Arolygiad PEEL\n    en: PEEL inspection\ndate: 2026-01-05\n",
            Some(&office),
        );
        assert_eq!(row.title, "PEEL inspection");
        assert_eq!(row.force, "Dyfed-Powys Police");
        assert!(!row.draft);
    }

    #[test]
    fn the_lines_read_are_those_of_the_keys_listed_and_the_lines_below_them() {
        let text = "# A response\nform: letter\nforce: Kent Police\nopening: |\n  report: not this one\nreport:\n  # the inspection\n  title: PEEL\n\n  published: 2025-10-02\nsections: []\ndraft: true\n";
        assert_eq!(
            excerpt(text).as_deref(),
            Some(
                "force: Kent Police\nreport:\n  # the inspection\n  title: PEEL\n\n  published: 2025-10-02\ndraft: true\n"
            )
        );
        // Written otherwise: the whole file is read, and gives the same row.
        assert_eq!(excerpt("{report: {title: PEEL}}\n"), None);
        assert_eq!(excerpt("---\nreport:\n  title: PEEL\n"), None);
        assert_eq!(read_row(b"{report: {title: PEEL}}\n", None).title, "PEEL");
        // An alias the lines read cannot resolve: the whole file gives the force.
        let row = read_row(
            b"body: {area: &a Kent}\nforce: *a\nreport:\n  title: PEEL\n",
            None,
        );
        assert_eq!((row.force.as_str(), row.title.as_str()), ("Kent", "PEEL"));
    }

    #[test]
    fn a_file_that_is_not_yaml_gives_an_empty_row() {
        let row = read_row(b"report: [unclosed\n", None);
        assert_eq!(row.title, "");
        assert_eq!(row.force, "");
    }
}
