//! `s55 import recs FILE --into RESPONSE.yaml`: the findings of a report's text added to a
//! response being drafted, in its file, in place. The command parses its arguments and prints
//! what this returns.
//!
//! Policy, as an office drafting a response expects it:
//!
//! - each finding goes at the end of its list (`recommendations`, `areas_for_improvement`,
//!   `causes_of_concern` with the recommendations under each cause); a list the file lacks is
//!   made beside the file's other lists of findings, in the model's order, and a list that no
//!   section shows gets its section, beside the sections of the other findings;
//! - a finding already in its list (the same number, or the same words) is not added again,
//!   and is said; a cause of concern already there takes those of the import's
//!   recommendations under it that it lacks;
//! - the placeholder finding `s55 new` writes (every text of it still `TODO`) is replaced;
//! - every other byte of the file stays (its comments, its order, its layout): the entries are
//!   added through [`crate::load::edit_list`], which refuses a change that would read back as
//!   anything but those entries added; the file as changed must pass `check` before it
//!   replaces the old one, atomically and with its mode kept; on any refusal nothing is
//!   written;
//! - a final response (no `draft: true`) is the signed letter, which never changes by this or
//!   any route: it is refused whole.

use std::collections::HashSet;
use std::path::Path;

use anyhow::{Context as _, Result};

use super::entries::{Entry, Findings};
use super::yaml::{entry_yaml, left_out_comments};
use crate::diag::{Diagnostic, FieldPath};
use crate::load::edit_list::{self, ListEdit};
use crate::load::{Loaded, Locator};
use crate::model::{Finding, Number, Response, SectionKind};

/// The lists of findings in the model's order: where a list the file lacks is made.
const LISTS: [&str; 3] = [
    "recommendations",
    "areas_for_improvement",
    "causes_of_concern",
];

/// The findings sections in the order reports and responses give them: where a section
/// added for a list goes among the others.
const SECTIONS: [SectionKind; 4] = [
    SectionKind::Grades,
    SectionKind::CausesOfConcern,
    SectionKind::Recommendations,
    SectionKind::AreasForImprovement,
];

/// A finding of the import that the response now holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Added {
    /// Where it is in the file as changed (`recommendations[3]`).
    pub path: FieldPath,
    /// Its number, as the file now gives it.
    pub number: String,
    /// The line of the file as changed that it starts on.
    pub line: usize,
    /// The line of the imported text it was read from (0 when the text does not say).
    pub from: usize,
}

/// A finding of the import that the response already held, so was not added again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Already {
    /// The finding in the file (`recommendations[0]`).
    pub path: FieldPath,
    /// Its number in the file.
    pub number: String,
    /// The line of the file it starts on.
    pub line: usize,
    /// The line of the imported text the finding was read from (0 when the text does not say).
    pub from: usize,
    /// The import's number for it, where the text gives one.
    pub imported_number: Option<String>,
    /// Whether the file's words for it are the import's; when they are not, the office should
    /// compare them.
    pub same_words: bool,
}

/// What adding the findings came to.
#[derive(Debug)]
pub enum Outcome {
    /// The response file has errors of its own, or could not be read: nothing was added.
    Unchecked(Box<Loaded>),
    /// The response is final: the signed letter never changes.
    Final,
    /// The file cannot be changed in place: why.
    Refused(String),
    /// With the findings the file would have the errors this finds: nothing was written.
    WouldBreak(Box<Loaded>),
    /// Added (or nothing to add).
    Done {
        /// The findings added, in the file's order.
        added: Vec<Added>,
        /// The findings the file already held.
        already: Vec<Already>,
        /// The placeholder findings of `s55 new` that the import replaced (their paths).
        replaced: Vec<FieldPath>,
        /// The sections added to show a list (their kinds).
        sections: Vec<&'static str>,
    },
}

/// Adds the findings (the list `key`) to the response file `into`, and writes it when it
/// changes and still checks.
pub fn add(found: &Findings, key: &str, into: &Path) -> Result<Outcome> {
    let checked = crate::check::check_file(into);
    let has_errors = checked.has_errors();
    let (Some(editions), Some(source), false) =
        (&checked.loaded.editions, &checked.loaded.source, has_errors)
    else {
        return Ok(Outcome::Unchecked(Box::new(checked.loaded)));
    };
    let doc = editions.first();
    if !doc.draft {
        return Ok(Outcome::Final);
    }
    let name = source.name.clone();
    let old = Locator::new(&source.text);
    let mut text = source.text.clone();
    let (mut added, mut already, mut replaced, mut sections) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    // Each list of the import in turn (areas for improvement after causes of concern are a
    // list of their own), all in memory: the file is written once, or not at all.
    for (i, (k, part)) in parts(found, key).iter().enumerate() {
        let reloaded;
        let doc = if i == 0 {
            doc
        } else {
            reloaded = crate::load::load_str_with(&name, text.clone(), checked.settings.defaults());
            match &reloaded.editions {
                Some(e) if !reloaded.diagnostics.iter().any(Diagnostic::is_error) => e.first(),
                _ => return Ok(Outcome::WouldBreak(Box::new(reloaded))),
            }
        };
        let mut plan = plan(part, k, doc);
        for a in &mut plan.already {
            a.line = old.position(&a.path).map_or(0, |p| p.line);
        }
        text = match plan.apply(&text, part, k, doc) {
            Ok(t) => t,
            Err(why) => return Ok(Outcome::Refused(why)),
        };
        added.extend(plan.added);
        already.extend(plan.already);
        replaced.extend(plan.replaced);
        sections.extend(plan.section.map(SectionKind::key));
    }
    if text == source.text {
        return Ok(Outcome::Done {
            added: Vec::new(),
            already,
            replaced: Vec::new(),
            sections: Vec::new(),
        });
    }
    let mut again = crate::load::load_str_with(&name, text.clone(), checked.settings.defaults());
    crate::check::check_loaded(&mut again, &checked.settings);
    if again.diagnostics.iter().any(Diagnostic::is_error) {
        return Ok(Outcome::WouldBreak(Box::new(again)));
    }
    crate::fs::write_atomic_keeping(into, text.as_bytes())
        .with_context(|| format!("cannot write `{name}`"))?;
    let locator = Locator::new(&text);
    let line = |p: &FieldPath| locator.position(p).map_or(0, |p| p.line);
    let mut added: Vec<Added> = added
        .into_iter()
        .map(|(path, number, from)| Added {
            line: line(&path),
            path,
            number,
            from,
        })
        .collect();
    added.sort_by_key(|a| a.line);
    Ok(Outcome::Done {
        added,
        already,
        replaced,
        sections,
    })
}

/// The import's lists, each under its key: the first as `key`, then those the text gives
/// after it (areas for improvement after causes of concern).
fn parts(found: &Findings, key: &str) -> Vec<(String, Findings)> {
    let mut first = found.clone();
    first.also.clear();
    let mut out = vec![(key.to_owned(), first)];
    for (k, entries) in &found.also {
        let part = Findings {
            key: k,
            entries: entries.clone(),
            ..Findings::default()
        };
        out.push(((*k).to_owned(), part));
    }
    out
}

/// What is to be done to the file: worked out from the response as loaded, before any edit.
struct Plan {
    /// The new entries of the list, each written at column 0.
    top: Vec<String>,
    /// The new recommendations under findings already there: the finding's place in its list,
    /// and the entries.
    nested: Vec<(usize, Vec<String>)>,
    /// The placeholders to take out, by their place in the list.
    placeholders: Vec<usize>,
    /// Where each added finding will be in the file as changed, its number, its input line.
    added: Vec<(FieldPath, String, usize)>,
    /// What was already there.
    already: Vec<Already>,
    /// The placeholders' paths, as the file had them.
    replaced: Vec<FieldPath>,
    /// The section to add for the list, when none shows it.
    section: Option<SectionKind>,
}

/// A text as compared: its words, whatever the spacing and case.
fn words(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Whether a finding of the file is the import's entry: the same number, or the same words.
fn same(f: &Finding, e: &Entry) -> bool {
    let number = match (&f.number, &e.number) {
        (Some(Number(a)), Some(b)) => a.trim() == b.trim(),
        _ => false,
    };
    number || words(&f.text) == words(&crate::load::scalar::tidy(&e.text))
}

/// Whether a finding is the placeholder `s55 new` writes: its text, and every other text it
/// has, still `TODO`.
fn placeholder(f: &Finding) -> bool {
    let todo = |s: &Option<String>| s.as_deref().is_none_or(|t| t.trim().starts_with("TODO"));
    f.text.trim().starts_with("TODO")
        && todo(&f.timescale)
        && todo(&f.response)
        && todo(&f.force_response)
        && todo(&f.owner)
        && f.items.is_empty()
        && f.recommendations.is_empty()
}

/// A number for the finding at `index` of a list that gives none, not taken by another.
fn free_number(taken: &HashSet<String>, from: usize) -> (usize, String) {
    let mut i = from;
    loop {
        let Number(n) = Number::nth(i);
        if !taken.contains(&n) {
            return (i, n);
        }
        i += 1;
    }
}

/// The list `key` of the response.
fn list<'a>(doc: &'a Response, key: &str) -> &'a [Finding] {
    match key {
        "areas_for_improvement" => &doc.areas_for_improvement,
        "causes_of_concern" => &doc.causes_of_concern,
        _ => &doc.recommendations,
    }
}

/// The section that shows the list `key`.
fn section_of(key: &str) -> SectionKind {
    match key {
        "areas_for_improvement" => SectionKind::AreasForImprovement,
        "causes_of_concern" => SectionKind::CausesOfConcern,
        _ => SectionKind::Recommendations,
    }
}

/// What the file says of a finding it already has (`f`, at `path`, place `i` of its list)
/// that the import gives again (`e`).
fn already(path: FieldPath, f: &Finding, i: usize, e: &Entry) -> Already {
    Already {
        path,
        number: f
            .number
            .as_ref()
            .map_or_else(|| (i + 1).to_string(), |n| n.0.clone()),
        line: 0,
        from: e.line,
        imported_number: e.number.clone(),
        same_words: words(&f.text) == words(&crate::load::scalar::tidy(&e.text)),
    }
}

/// The recommendations under the import's entry `e` that the file's finding `f` lacks (a
/// cause of concern already there takes them), each written as an entry of its list
/// `under`, with its place there, its number and its input line; those it has are said in
/// `said`.
fn lacking(
    f: &Finding,
    e: &Entry,
    under: &FieldPath,
    said: &mut Vec<Already>,
) -> Vec<(String, usize, String, usize)> {
    let mut taken: HashSet<String> = f
        .recommendations
        .iter()
        .filter_map(|r| r.number.as_ref().map(|Number(n)| n.clone()))
        .collect();
    let mut out = Vec::new();
    for r in &e.recommendations {
        if let Some((k, have)) = f
            .recommendations
            .iter()
            .enumerate()
            .find(|(_, have)| same(have, r))
        {
            said.push(already(under.index(k), have, k, r));
            continue;
        }
        let at = f.recommendations.len() + out.len();
        let (index, number) = match &r.number {
            Some(n) => (at, n.clone()),
            None => free_number(&taken, at),
        };
        taken.insert(number.clone());
        out.push((entry_yaml("recommendations", r, index), at, number, r.line));
    }
    out
}

fn plan(found: &Findings, key: &str, doc: &Response) -> Plan {
    let existing = list(doc, key);
    let root = FieldPath::root().key(key);
    let placeholders: Vec<usize> = existing
        .iter()
        .enumerate()
        .filter(|(_, f)| placeholder(f))
        .map(|(i, _)| i)
        .collect();
    let kept: Vec<(usize, &Finding)> = existing
        .iter()
        .enumerate()
        .filter(|(i, _)| !placeholders.contains(i))
        .collect();
    let mut taken: HashSet<String> = kept
        .iter()
        .filter_map(|(_, f)| f.number.as_ref().map(|Number(n)| n.clone()))
        .collect();
    let mut plan = Plan {
        top: Vec::new(),
        nested: Vec::new(),
        placeholders: Vec::new(),
        added: Vec::new(),
        already: Vec::new(),
        replaced: Vec::new(),
        section: None,
    };
    let mut new_top: Vec<&Entry> = Vec::new();
    // The recommendations added under findings already there: the finding's place, theirs,
    // their number and input line.
    let mut nested_added: Vec<(usize, usize, String, usize)> = Vec::new();
    // Entries the import gives twice are kept out of the file by `unfit` before this; an
    // entry the import repeats in other words is caught by `check` on the file as changed.
    for e in &found.entries {
        let Some(&(j, f)) = kept.iter().find(|(_, f)| same(f, e)) else {
            new_top.push(e);
            continue;
        };
        plan.already.push(already(root.index(j), f, j, e));
        let under = root.index(j).key("recommendations");
        let mut entries = Vec::new();
        for (yaml, at, number, from) in lacking(f, e, &under, &mut plan.already) {
            entries.push(yaml);
            nested_added.push((j, at, number, from));
        }
        if !entries.is_empty() {
            plan.nested.push((j, entries));
        }
    }
    if !new_top.is_empty() {
        plan.placeholders = placeholders;
        plan.replaced = plan.placeholders.iter().map(|i| root.index(*i)).collect();
        let stay = existing.len() - plan.placeholders.len();
        for e in new_top {
            let at = stay + plan.top.len();
            let (index, number) = match &e.number {
                Some(n) => (at, n.clone()),
                None => free_number(&taken, at),
            };
            taken.insert(number.clone());
            plan.top.push(entry_yaml(key, e, index));
            plan.added.push((root.index(at), number, e.line));
            // The recommendations under it are written with it.
            for (k, r) in e.recommendations.iter().enumerate() {
                let n = r.number.clone().unwrap_or_else(|| Number::nth(k).0);
                plan.added
                    .push((root.index(at).key("recommendations").index(k), n, r.line));
            }
        }
        let kind = section_of(key);
        if !doc.sections.iter().any(|s| s.kind == kind) {
            plan.section = Some(kind);
        }
    }
    // A placeholder taken out moves the findings after it up one place.
    for (j, k, number, from) in nested_added {
        let j = j - plan.placeholders.iter().filter(|p| **p < j).count();
        plan.added
            .push((root.index(j).key("recommendations").index(k), number, from));
    }
    plan
}

impl Plan {
    /// The file's text with the plan carried out, each change made in place; or why it
    /// cannot be.
    fn apply(
        &self,
        text: &str,
        found: &Findings,
        key: &str,
        doc: &Response,
    ) -> Result<String, String> {
        let mut text = text.to_owned();
        let root = FieldPath::root().key(key);
        for (j, entries) in &self.nested {
            text = edit_list::apply(
                &text,
                &ListEdit::Insert {
                    list: root.index(*j).key("recommendations"),
                    entries: entries.concat(),
                    before: None,
                    after: Vec::new(),
                },
            )?;
        }
        if self.top.is_empty() {
            return Ok(text);
        }
        for i in self.placeholders.iter().rev() {
            text = edit_list::apply(&text, &ListEdit::Remove(root.index(*i)))?;
        }
        // Before the first new entry: the lines of the text that are no part of a finding, as
        // `import recs` keeps them.
        let entries = format!("{}{}", left_out_comments(found), self.top.concat());
        let place = LISTS.iter().position(|l| *l == key).unwrap_or(0);
        let mut after: Vec<String> = LISTS[..place]
            .iter()
            .rev()
            .map(|s| (*s).to_owned())
            .collect();
        after.push("sections".to_owned());
        text = edit_list::apply(
            &text,
            &ListEdit::Insert {
                list: root.clone(),
                entries,
                before: None,
                after,
            },
        )?;
        if let Some(kind) = self.section {
            text = edit_list::apply(
                &text,
                &ListEdit::Insert {
                    list: FieldPath::root().key("sections"),
                    entries: format!("- kind: {}\n", kind.key()),
                    before: section_place(doc, kind),
                    after: Vec::new(),
                },
            )?;
        }
        Ok(text)
    }
}

/// Where a section for the findings of `kind` goes among the response's sections: after the
/// last section of findings that comes before it, else before the first that comes after it,
/// else before the chief officer's comments (or the body's response, or the publication
/// statement), else at the end.
fn section_place(doc: &Response, kind: SectionKind) -> Option<usize> {
    let p = SECTIONS.iter().position(|k| *k == kind).unwrap_or(0);
    let kinds: Vec<SectionKind> = doc.sections.iter().map(|s| s.kind).collect();
    if let Some(i) = kinds.iter().rposition(|k| SECTIONS[..p].contains(k)) {
        return Some(i + 1);
    }
    if let Some(i) = kinds.iter().position(|k| SECTIONS[p + 1..].contains(k)) {
        return Some(i);
    }
    [
        SectionKind::ChiefOfficerComments,
        SectionKind::Response,
        SectionKind::Publication,
    ]
    .iter()
    .find_map(|k| kinds.iter().position(|have| have == k))
}

/// A problem `check` finds in imported findings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// Where in the YAML `import recs` prints (`recommendations[1].text`), when `check` says.
    pub path: Option<FieldPath>,
    /// The line of the imported text the finding was read from (0 when unknown).
    pub line: usize,
    /// What `check` says.
    pub message: String,
    /// What it says to do.
    pub hint: Option<String>,
}

/// A draft response with nothing in it but what `check` requires: the findings `import recs`
/// prints are checked inside it, as they would be inside the office's own response.
const HOLDER: &str = "draft: true
body:
  kind: pcc
  area: Westshire
commissioner:
  name: Alex Example
force: Westshire Police
report:
  title: An inspection
  kind: other
  published: 2025-01-01
sections:
";

/// The errors `check` finds in the findings as `import recs` prints them (the list `key`),
/// checked inside a response that shows them, each with the line of the text its finding
/// was read from.
pub fn refusals(found: &Findings, key: &str) -> Vec<Refusal> {
    let yaml = super::findings_yaml(found, Some(key));
    let shown: String = std::iter::once(key)
        .chain(found.also.iter().map(|(k, _)| *k))
        .map(|k| format!("  - kind: {}\n", section_of(k).key()))
        .collect();
    let text = format!("{HOLDER}{shown}{yaml}");
    let settings = crate::settings::Settings::default();
    let mut loaded = crate::load::load_str("import", text);
    crate::check::check_loaded(&mut loaded, &settings);
    loaded
        .diagnostics
        .into_iter()
        .filter(Diagnostic::is_error)
        .map(|d| {
            let line = d.path.as_ref().map_or(0, |p| input_line(found, p));
            Refusal {
                path: d.path,
                line,
                message: d.message,
                hint: d.hint,
            }
        })
        .collect()
}

/// The line of the imported text that the finding at `path` (of the printed YAML) was read
/// from.
fn input_line(found: &Findings, path: &FieldPath) -> usize {
    use crate::diag::Step;
    let mut steps = path.0.iter();
    // The list the path starts in: the first, or one the text gives after it.
    let mut entries: &[Entry] = match steps.next() {
        Some(Step::Key(k)) => found
            .also
            .iter()
            .find(|(also, _)| also == k)
            .map_or(&found.entries[..], |(_, e)| &e[..]),
        _ => &found.entries,
    };
    let mut current: Option<&Entry> = None;
    for step in steps {
        match step {
            Step::Index(i) => match entries.get(*i) {
                Some(e) => current = Some(e),
                None => break,
            },
            Step::Key(k) if k == "recommendations" => match current {
                Some(e) => entries = &e.recommendations,
                None => break,
            },
            Step::Key(_) => break,
        }
    }
    current.map_or(0, |e| e.line)
}
