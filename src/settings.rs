//! An office's settings: `s55.yaml` at the root of its responses folder.
//!
//! Offices track recommendations in their own words ("being progressed", "closed", "RAG:
//! amber"), so the statuses a response may use are the office's to list, each saying whether
//! it counts as closed. Without a settings file, s55 uses five statuses that fit most offices.
//! A response file finds its settings in its own folder or the nearest folder above it.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diag::{Diagnostic, Position};

/// The name of the settings file.
pub const FILE: &str = crate::folder::SETTINGS_FILE;

/// An office's settings.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// The statuses a recommendation may have.
    #[serde(default = "default_statuses")]
    pub statuses: Vec<Status>,
    /// Whether every response carries the tracker table as an appendix.
    #[serde(default)]
    pub tracker: bool,
    /// What each recommendation, area for improvement and cause of concern publishes besides
    /// its text: any of `timescale`, `status`, `owner` and `response`. Status and owner are
    /// the office's own tracking, so they are published only where the office says.
    #[serde(default = "default_published_fields")]
    pub published_fields: Vec<Field>,
    /// Whether the office's text is set with typographic quotes, apostrophes, dashes and
    /// ellipses (“ ” ‘ ’ – — …) however it was typed; on by default, `false` to keep it as
    /// typed. The fixed wording is typographic either way.
    #[serde(default = "yes")]
    pub smart_punctuation: bool,
    /// How large a response s55 takes: generous, and there so that a broken or hostile file
    /// cannot make it run away.
    #[serde(default)]
    pub limits: Limits,
    /// Where the PDF prints footnotes: at the foot of the page that refers to each one
    /// (`page`, the default), or together at the end of the letter (`end`), as the web page
    /// does.
    #[serde(default)]
    pub footnotes: NotesPlace,
    /// The office's details, written once for every response: any of `body`, `commissioner`,
    /// `chief_officer`, `signature`, `force`, `force_in_text`, `addressees`, `form`,
    /// `language`, `first` and `tracker`, as a response writes them. A response inherits
    /// what it leaves out and may override anything.
    #[serde(default)]
    pub office: Option<serde_yaml::Mapping>,
    /// Where `s55 copies` sends the published response (section 55(6)), and from whom.
    #[serde(default)]
    pub copies: Option<CopyAddresses>,
    /// Formats the archive offers beside each response's page and PDF: `[docx]` adds the
    /// Word document, for readers who want to reuse the text.
    #[serde(default)]
    pub downloads: Vec<Download>,
    /// Where `s55 publish wordpress` puts each response on the office's WordPress site.
    #[serde(default)]
    pub wordpress: Option<WordPressPlace>,
    /// The settings file and its text, to place problems in what responses inherit.
    #[serde(skip)]
    pub origin: Option<std::sync::Arc<crate::diag::Origin>>,
}

/// The addresses `s55 copies` writes its covering e-mails with.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CopyAddresses {
    /// The office's address the copies come from.
    pub from: String,
    /// The inspectorate's address.
    pub hmicfrs: String,
    /// The Home Secretary's office's address.
    pub home_secretary: String,
    /// The address the archive is served from (as `build --base-url`), for the page's link.
    #[serde(default)]
    pub site: Option<String>,
}

/// Where the responses go on the office's WordPress site.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WordPressPlace {
    /// The address (slug) of the page the responses' pages go under, such as
    /// `hmicfrs-responses`; it must already be on the site. Without it, they are top-level pages.
    #[serde(default)]
    pub parent: Option<String>,
    /// Words put before every response's page address, such as `s55-`, so that the office's
    /// own pages never share one with a response.
    #[serde(default)]
    pub prefix: Option<String>,
}

pub use crate::model::OFFICE_FIELDS;

/// The limits on a response. Raise them in s55.yaml (`limits:`) for a report that needs it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Limits {
    /// Entries in one list (recommendations, areas for improvement, causes of concern), and
    /// sub-points under one entry.
    pub findings: usize,
    /// How deep sub-points may nest.
    pub depth: usize,
    /// Characters in one text.
    pub text: usize,
    /// Sub-points in one response, at every depth and under every entry together: 1,000
    /// recommendations of 100 sub-points each, a PDF of 2,750 pages, are within it; 1,000 of
    /// 1,000 each would take minutes and gigabytes to lay out.
    pub points: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            findings: 1000,
            depth: 8,
            text: 1_000_000,
            points: 100_000,
        }
    }
}

/// Where the PDF prints footnotes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NotesPlace {
    /// At the foot of the page that first refers to each note.
    #[default]
    Page,
    /// Together at the end of the letter.
    End,
}

/// One status a recommendation may have.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Status {
    /// The name written in response files, such as `in progress`.
    pub name: String,
    /// How it is shown; by default the name. One text, or one per language
    /// (`label: {en: Completed, cy: Wedi’i gwblhau}`), so a bilingual response shows each
    /// edition's own.
    #[serde(default)]
    pub label: Option<Label>,
    /// Whether a recommendation with this status needs no more work.
    #[serde(default)]
    pub closed: bool,
}

/// A label in one language, or in each.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Label {
    /// The same words in every edition.
    One(String),
    /// Words by language code (`en`, `cy`).
    Languages(std::collections::BTreeMap<String, String>),
}

impl Status {
    /// How the status is shown in English (or the one label given).
    pub fn label(&self) -> &str {
        self.label_in("en").unwrap_or(&self.name)
    }

    /// How the status is shown in the language `code`, when the office says.
    pub fn label_in(&self, code: &str) -> Option<&str> {
        match &self.label {
            Some(Label::One(l)) => Some(l),
            Some(Label::Languages(m)) => m.get(code).map(String::as_str),
            None => None,
        }
    }

    /// Whether the status is written `w` (lower case), by name or any of its labels.
    fn is(&self, w: &str) -> bool {
        self.name.to_lowercase() == w
            || match &self.label {
                Some(Label::One(l)) => l.to_lowercase() == w,
                Some(Label::Languages(m)) => m.values().any(|l| l.to_lowercase() == w),
                None => false,
            }
    }
}

/// A format the archive may offer besides those it always publishes: one the registry
/// writes only when asked ([`crate::render::format::offerable`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Download(&'static str);

impl Download {
    /// The format's name in the registry.
    pub fn format(&self) -> &'static str {
        self.0
    }
}

/// The names `downloads:` accepts, as serde's "expected" list wants them.
static OFFERABLE: std::sync::LazyLock<Vec<&'static str>> = std::sync::LazyLock::new(|| {
    crate::render::format::offerable()
        .iter()
        .map(|f| f.name())
        .collect()
});

impl<'de> Deserialize<'de> for Download {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        OFFERABLE
            .iter()
            .find(|n| **n == name)
            .map(|n| Download(n))
            .ok_or_else(|| serde::de::Error::unknown_variant(&name, &OFFERABLE))
    }
}

/// A field of a finding that the office may publish or keep to itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Field {
    /// The timescale and the due date it gives.
    Timescale,
    /// The office's tracking status.
    Status,
    /// Who in the force or office owns the work.
    Owner,
    /// The force's own response.
    ForceResponse,
    /// The body's response.
    Response,
}

fn yes() -> bool {
    true
}

fn default_published_fields() -> Vec<Field> {
    vec![Field::Timescale, Field::ForceResponse, Field::Response]
}

fn default_statuses() -> Vec<Status> {
    [
        ("not started", false),
        ("in progress", false),
        ("completed", true),
        ("not accepted", true),
        ("not applicable", true),
    ]
    .into_iter()
    .map(|(name, closed)| Status {
        name: name.to_owned(),
        label: None,
        closed,
    })
    .collect()
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            statuses: default_statuses(),
            tracker: false,
            published_fields: default_published_fields(),
            smart_punctuation: true,
            limits: Limits::default(),
            footnotes: NotesPlace::default(),
            office: None,
            copies: None,
            downloads: Vec::new(),
            wordpress: None,
            origin: None,
        }
    }
}

/// Settings files larger than this are refused: real ones are a few hundred bytes.
pub const MAX_SETTINGS_BYTES: usize = 1_000_000;

/// Settings read from a file, with where they came from.
#[derive(Debug, Clone, Default)]
pub struct Found {
    /// The settings.
    pub settings: Settings,
    /// The file they came from; `None` for the defaults.
    pub file: Option<PathBuf>,
}

/// A settings file that could not be used: the problem, and the file's text to show it in.
#[derive(Debug, Clone)]
pub struct Broken {
    /// The file.
    pub file: PathBuf,
    /// Its text, when it could be read.
    pub text: Option<String>,
    /// What is wrong.
    pub diagnostic: Diagnostic,
}

impl Settings {
    /// What a response inherits from these settings.
    pub fn defaults(&self) -> Option<&serde_yaml::Mapping> {
        self.office.as_ref()
    }

    /// The settings that shape every response alike, without the office's details (which a
    /// build hashes with each response that inherits them) or where they were read from.
    pub fn shared(&self) -> Settings {
        Settings {
            office: None,
            origin: None,
            ..self.clone()
        }
    }

    /// The status a response names, matched without regard to case, by name or label.
    pub fn status(&self, written: &str) -> Option<&Status> {
        let w = written.trim().to_lowercase();
        self.statuses.iter().find(|s| s.is(&w))
    }

    /// Whether findings publish `field`.
    pub fn publishes(&self, field: Field) -> bool {
        self.published_fields.contains(&field)
    }

    /// The allowed statuses, quoted, for messages.
    pub fn allowed(&self) -> String {
        self.statuses
            .iter()
            .map(|s| format!("`{}`", s.name))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Reads a settings file (at most [`MAX_SETTINGS_BYTES`], and only a regular file).
    pub fn load(file: &Path) -> Result<Settings, Box<Broken>> {
        let broken = |text: Option<String>, d: Diagnostic| {
            Box::new(Broken {
                file: file.to_path_buf(),
                text,
                diagnostic: d,
            })
        };
        let cannot = |e: &dyn std::fmt::Display| {
            broken(
                None,
                Diagnostic::error(format!(
                    "cannot read the settings `{}`: {e}",
                    file.display()
                )),
            )
        };
        let folder = file
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let linked = std::fs::symlink_metadata(file).is_ok_and(|m| m.file_type().is_symlink());
        if linked && !crate::folder::stays_inside(folder, file) {
            return Err(broken(
                None,
                Diagnostic::error(format!(
                    "the settings `{}` are a link to a file outside their folder: s55 does not \
                     follow it",
                    file.display()
                ))
                .hint("copy the settings into the folder rather than linking to them"),
            ));
        }
        let bytes = crate::fs::read_limited(file, MAX_SETTINGS_BYTES).map_err(|e| cannot(&e))?;
        let text = String::from_utf8(bytes).map_err(|e| cannot(&e))?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text).to_owned();
        if text.trim().is_empty() {
            return Ok(Settings::default());
        }
        for check in [crate::load::chars::separators, crate::load::budget::check] {
            if let Err(d) = check(&text) {
                return Err(broken(Some(text), d));
            }
        }
        // Control characters (a YAML escape such as `\e`) are no more text here than in a
        // response, and an office's details reach every letter.
        if let Ok(value) = serde_yaml::from_str::<serde_yaml::Value>(&text)
            && let Some((path, c)) = crate::load::chars::controls(&value).into_iter().next()
        {
            let position = crate::load::Locator::new(&text).position(&path);
            let mut d = crate::load::chars::control_error(path, c);
            d.position = position;
            return Err(broken(Some(text), d));
        }
        let settings: Settings = serde_yaml::from_str(&text).map_err(|e| {
            let mut d = Diagnostic::error(format!(
                "the settings are not usable: {}",
                e.to_string().split(" at line ").next().unwrap_or_default()
            ))
            .hint("s55.yaml holds `statuses:` (each with `name`, `label` and `closed`), `tracker:`, `published_fields:`, `smart_punctuation:`, `footnotes:`, `limits:`, `office:`, `copies:` and `downloads:`");
            if let Some(l) = e.location() {
                d = d.at_position(Position {
                    line: l.line(),
                    column: l.column(),
                    width: 1,
                });
            }
            broken(Some(text.clone()), d)
        })?;
        if let Err(d) = settings.sound(&text) {
            return Err(broken(Some(text), *d));
        }
        let mut settings = settings;
        settings.origin = Some(std::sync::Arc::new(crate::diag::Origin {
            name: file.display().to_string(),
            text,
        }));
        Ok(settings)
    }

    /// What the settings' types cannot say: at least one status, only the office's details
    /// under `office:`, one e-mail address in each of `copies:`. `text` places the problem.
    fn sound(&self, text: &str) -> Result<(), Box<Diagnostic>> {
        if self.statuses.is_empty() {
            return Err(Box::new(
                Diagnostic::error("the settings list no statuses")
                    .hint("list at least one, or remove `statuses:` to use the defaults"),
            ));
        }
        if let Some(office) = &self.office
            && let Some(bad) = office
                .keys()
                .find(|k| !k.as_str().is_some_and(|k| OFFICE_FIELDS.contains(&k)))
        {
            let name = bad.as_str().unwrap_or("?").to_owned();
            let at = crate::diag::FieldPath::root().key("office").key(&name);
            let mut d = Diagnostic::error(format!(
                "`office` holds `{name}`, which is not one of the office's details"
            ))
            .hint(format!(
                "`office:` may hold {}; a response's own fields go in the response",
                OFFICE_FIELDS.map(|f| format!("`{f}`")).join(", ")
            ));
            d.position = crate::load::Locator::new(text).key_position(&at);
            return Err(Box::new(d));
        }
        if let Some(copies) = &self.copies {
            for (name, address) in [
                ("from", &copies.from),
                ("hmicfrs", &copies.hmicfrs),
                ("home_secretary", &copies.home_secretary),
            ] {
                if !is_mail_address(address) {
                    let at = crate::diag::FieldPath::root().key("copies").key(name);
                    let mut d = Diagnostic::error(format!(
                        "`copies.{name}` is not one e-mail address: “{}”",
                        address.escape_debug()
                    ))
                    .at(at.clone())
                    .hint(
                        "write one address, such as `copies@example.police.uk`: no spaces, \
                         line breaks, commas or names",
                    );
                    d.position = crate::load::Locator::new(text).position(&at);
                    return Err(Box::new(d));
                }
            }
        }
        Ok(())
    }

    /// The settings at the root of a responses folder, or the defaults when it has none.
    pub fn load_or_default(dir: &Path) -> Result<Settings, Box<Broken>> {
        let file = dir.join(FILE);
        if file.is_file() {
            Settings::load(&file)
        } else {
            Ok(Settings::default())
        }
    }

    /// The settings for a response file: `s55.yaml` in its folder or the nearest folder
    /// above it, up to the current folder. A response outside the current folder takes only
    /// its own folder's: settings are never looked for in folders the office did not point
    /// at, so an `s55.yaml` planted in `/tmp` or a home folder cannot apply to responses
    /// below it.
    pub fn for_file(response: &Path) -> Result<Found, Box<Broken>> {
        let start =
            lexical(&std::path::absolute(response).unwrap_or_else(|_| response.to_path_buf()));
        let top = std::env::current_dir()
            .ok()
            .and_then(|c| std::path::absolute(c).ok())
            .map(|c| lexical(&c))
            .filter(|c| start.starts_with(c));
        let mut dir = start.parent();
        while let Some(d) = dir {
            let candidate = d.join(FILE);
            if candidate.is_file() {
                return Ok(Found {
                    settings: Settings::load(&candidate)?,
                    file: Some(candidate),
                });
            }
            if top.as_deref().is_none_or(|t| d == t) {
                break;
            }
            dir = d.parent();
        }
        Ok(Found::default())
    }
}

/// A path with its `.` and `..` steps worked out in the text, so that `cwd/../x` is not
/// taken for a folder below `cwd`.
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Whether a text is one e-mail address and nothing more: a local part and a domain, with
/// nothing that could end the address or the mail header it is written into (space, line
/// break, comma, angle bracket, quote).
fn is_mail_address(a: &str) -> bool {
    let Some((local, domain)) = a.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && a.chars().all(|c| {
            !c.is_whitespace()
                && !c.is_control()
                && !matches!(
                    c,
                    '<' | '>' | ',' | ';' | ':' | '"' | '(' | ')' | '[' | ']' | '\\'
                )
        })
}

/// The settings of each folder of responses, as `check` finds them for a file: `s55.yaml` in
/// the response's folder or the nearest above it within the folder walked, else that
/// folder's own. Read once per folder, so `build`, `status` and `export` cost one read of a
/// settings file however many responses share it.
pub struct Offices {
    root: PathBuf,
    top: std::sync::Arc<Settings>,
    tracker: bool,
    by_dir: std::collections::HashMap<
        PathBuf,
        Result<std::sync::Arc<Settings>, std::sync::Arc<Broken>>,
    >,
}

impl Offices {
    /// The offices below `root`, whose own settings are `top`; `tracker` adds the tracker
    /// table to every response.
    pub fn new(root: &Path, top: Settings, tracker: bool) -> Self {
        Offices {
            root: root.to_path_buf(),
            top: std::sync::Arc::new(top),
            tracker,
            by_dir: std::collections::HashMap::new(),
        }
    }

    /// The settings for the response at `rel` (relative to the root).
    pub fn for_file(
        &mut self,
        rel: &Path,
    ) -> Result<std::sync::Arc<Settings>, std::sync::Arc<Broken>> {
        let dir = rel.parent().unwrap_or(Path::new("")).to_path_buf();
        if let Some(found) = self.by_dir.get(&dir) {
            return found.clone();
        }
        let mut here = Some(dir.as_path());
        let mut found = Ok(std::sync::Arc::clone(&self.top));
        while let Some(d) = here.filter(|d| !d.as_os_str().is_empty()) {
            let file = self.root.join(d).join(FILE);
            if file.is_file() {
                found = Settings::load(&file)
                    .map(|mut s| {
                        s.tracker |= self.tracker;
                        std::sync::Arc::new(s)
                    })
                    .map_err(|b| std::sync::Arc::new(*b));
                break;
            }
            here = d.parent();
        }
        self.by_dir.insert(dir, found.clone());
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_match_by_name_or_label_in_any_case() {
        let s = Settings::default();
        assert!(s.status("In Progress").is_some());
        assert!(s.status("completed").is_some_and(|s| s.closed));
        assert!(s.status("being progressed").is_none());
        assert!(s.allowed().starts_with("`not started`, `in progress`"));
    }
}
