//! What the importers found as the model's findings, written by the one writer of responses
//! ([`crate::load::write`]): every text from the paste as a double-quoted scalar, so nothing
//! in it can be read as YAML syntax, and what the importer has to say beside a finding (a
//! line it did not place, a tracker's own status, a column with no field) as a comment.

use super::entries::{Entry, Findings};
use crate::load::scalar;
use crate::load::write::{self, Note, Texts};
use crate::model::{Finding, Number, Numbering, Point};
use crate::timescale;

/// Quotes a text from an imported document as a YAML double-quoted scalar, made fit for a
/// response first (see [`scalar::tidy`]): every line break escaped, so nothing in it can be
/// read as YAML syntax or end a comment it is kept in.
pub(crate) fn yaml_quote(s: &str) -> String {
    scalar::from_outside(s)
}

/// A sub-point as the model holds it.
fn point(e: &Entry) -> Point {
    Point {
        text: scalar::tidy(&e.text),
        numbering: numbered(e),
        items: e.items.iter().map(point).collect(),
    }
}

/// How an entry's sub-points are numbered, by the model's word for it; an entry without
/// sub-points has none to number.
fn numbered(e: &Entry) -> Numbering {
    if e.items.is_empty() {
        return Numbering::default();
    }
    serde_yaml::from_value(serde_yaml::Value::String(e.numbering.to_owned())).unwrap_or_default()
}

/// One finding as the model holds it, numbered by its place (from 0) when the text gives no
/// number, with what the importer has to say beside it as notes for the writer.
fn finding(e: &Entry, index: usize, at: &str, notes: &mut Vec<Note>) -> Finding {
    let tidy = |s: &Option<String>| s.as_deref().map(scalar::tidy);
    let known = e.status.as_deref().and_then(status);
    if let (Some(s), None) = (&e.status, known) {
        // A tracker's own word that is not a default status: kept for the drafter.
        notes.push(Note {
            at: at.to_owned(),
            before: vec!["owner".into(), "recommendations".into()],
            text: format!(
                "status as the tracker gives it: {}; add it to s55.yaml or pick one s55 knows",
                yaml_quote(s)
            ),
        });
    }
    for n in &e.notes {
        notes.push(Note {
            at: at.to_owned(),
            before: vec!["recommendations".into()],
            text: yaml_quote(n),
        });
    }
    let mut f = Finding::new(scalar::tidy(&e.text));
    f.number = Some(e.number.clone().map_or_else(|| Number::nth(index), Number));
    f.timescale =
        timescale::find(&e.text).map(|(_, words)| scalar::tidy(&as_written(&e.text, &words)));
    f.numbering = numbered(e);
    f.items = e.items.iter().map(point).collect();
    f.addressed_to = tidy(&e.addressed_to);
    // The force's own answer, then the body's: the model's order.
    f.force_response = tidy(&e.force_response);
    f.response = tidy(&e.response);
    f.status = known.map(str::to_owned);
    f.owner = tidy(&e.owner);
    f.recommendations = e
        .recommendations
        .iter()
        .enumerate()
        .map(|(i, r)| finding(r, i, &format!("{at}.recommendations[{i}]"), notes))
        .collect();
    f
}

/// The entries as the YAML of a response's list (`recommendations:` or
/// `areas_for_improvement:`), with the timescale where the text states one.
pub fn yaml(key: &str, entries: &[Entry]) -> String {
    written(key, entries, Vec::new())
}

/// The findings the importer read, as YAML under `key` (the list the text says they are,
/// unless the caller names one), with the lines it did not place kept as comments above.
pub fn findings_yaml(found: &Findings, key: Option<&str>) -> String {
    let key = key.unwrap_or(found.key);
    let left_out = found
        .left_out
        .iter()
        .map(|(line, text)| Note {
            at: String::new(),
            before: vec![key.to_owned()],
            text: format!("not a finding (line {line}): {}", yaml_quote(text)),
        })
        .collect();
    let mut lists = vec![(key, &found.entries[..])];
    // Areas for improvement after causes of concern: a list of their own, under its key.
    lists.extend(found.also.iter().map(|(k, e)| (*k, &e[..])));
    written_lists(&lists, left_out)
}

/// Lists under their keys, written by the one writer of responses.
fn written_lists(lists: &[(&str, &[Entry])], mut notes: Vec<Note>) -> String {
    let map: std::collections::BTreeMap<&str, Vec<Finding>> = lists
        .iter()
        .map(|(key, entries)| (*key, built(key, entries, &mut notes)))
        .collect();
    // A list of findings always serializes; the writer fails only on a value it cannot.
    write::to_yaml(&map, Texts::Quoted, &notes).unwrap_or_default()
}

/// One imported finding as an entry of the list `list` (the list's own name, such as
/// `recommendations`), written at column 0 as a block list of one entry, with what the
/// importer has to say beside it as comments: what `import recs --into` adds to a response's
/// list. `index` numbers it when the text gives no number (its place in the list, from 0).
pub(crate) fn entry_yaml(list: &str, e: &Entry, index: usize) -> String {
    let mut notes = Vec::new();
    let f = finding(e, index, &format!("{list}[0]"), &mut notes);
    let map = std::collections::BTreeMap::from([(list, vec![f])]);
    // A finding always serializes; the writer fails only on a value it cannot.
    let written = write::to_yaml(&map, Texts::Quoted, &notes).unwrap_or_default();
    let mut lines = written.lines().skip_while(|l| !l.starts_with(list)).skip(1);
    let mut out = String::new();
    let Some(first) = lines.next() else {
        return out;
    };
    // The writer indents the list's entries under its key; they are wanted at column 0.
    let shift = first.len() - first.trim_start().len();
    for line in std::iter::once(first).chain(lines) {
        out.push_str(line.get(shift..).unwrap_or(line.trim_start()));
        out.push('\n');
    }
    out
}

/// The lines of the text that are no part of a finding, as the comments `import recs` keeps
/// them in (`# not a finding (line 3): "…"`), one to a line.
pub(crate) fn left_out_comments(found: &Findings) -> String {
    found
        .left_out
        .iter()
        .map(|(line, text)| format!("# not a finding (line {line}): {}\n", yaml_quote(text)))
        .collect()
}

/// The entries of the list `key` as the model's findings, with the notes the writer is to
/// place beside them.
pub(crate) fn built(key: &str, entries: &[Entry], notes: &mut Vec<Note>) -> Vec<Finding> {
    entries
        .iter()
        .enumerate()
        .map(|(i, e)| finding(e, i, &format!("{key}[{i}]"), notes))
        .collect()
}

/// The list under its key, written by the one writer of responses.
fn written(key: &str, entries: &[Entry], mut notes: Vec<Note>) -> String {
    let list = built(key, entries, &mut notes);
    let map = std::collections::BTreeMap::from([(key, list)]);
    // A list of findings always serializes; the writer fails only on a value it cannot.
    write::to_yaml(&map, Texts::Quoted, &notes).unwrap_or_default()
}
/// The default status a tracker's word means, where it means one.
fn status(written: &str) -> Option<&'static str> {
    match written.trim().to_lowercase().as_str() {
        "completed" | "complete" | "closed" | "discharged" | "done" => Some("completed"),
        "in progress" | "ongoing" | "open" | "being progressed" => Some("in progress"),
        "not started" | "awaiting review" => Some("not started"),
        "not accepted" => Some("not accepted"),
        "not applicable" | "n/a" => Some("not applicable"),
        _ => None,
    }
}

/// The words of `phrase` (found in lower case) as `text` writes them: "By 31 March 2026".
fn as_written(text: &str, phrase: &str) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let wanted = phrase.chars().count();
    let chars: Vec<(usize, char)> = flat.char_indices().collect();
    for start in 0..chars.len() {
        let Some(end) = chars
            .get(start + wanted)
            .map(|(i, _)| *i)
            .or_else(|| (start + wanted == chars.len()).then_some(flat.len()))
        else {
            break;
        };
        let slice = &flat[chars[start].0..end];
        if slice.to_lowercase() == phrase {
            return slice.to_owned();
        }
    }
    phrase.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `import recs` writes for every text of the import corpus loads back as the very
    /// findings the importer built, comments and all.
    #[test]
    fn imported_findings_load_back_as_the_findings_built() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import");
        let mut texts = 0;
        for dir in [root.join("recs"), root] {
            for e in std::fs::read_dir(&dir).unwrap() {
                let path = e.unwrap().path();
                if path.extension().is_none_or(|x| x != "txt") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                let found = crate::import::findings(&text);
                let yaml = findings_yaml(&found, None);
                let back: std::collections::BTreeMap<String, Vec<Finding>> =
                    serde_yaml::from_str(&yaml)
                        .unwrap_or_else(|e| panic!("{}: {e}\n{yaml}", path.display()));
                let expected = built(found.key, &found.entries, &mut Vec::new());
                assert_eq!(back[found.key], expected, "{}\n{yaml}", path.display());
                texts += 1;
            }
        }
        assert!(texts >= 20, "only {texts} texts read");
    }
}
