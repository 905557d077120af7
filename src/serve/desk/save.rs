//! Saving a response's form into its file in place, making it final, and recording progress
//! on a finding: each change written through the in-place editors, checked before it is
//! written, and refused (with nothing written) when the file would not load, when the file
//! changed on disk since the page was made, or when the response is final.

use std::collections::HashMap;
use std::path::Path;

use super::form::{self, Kind};
use super::pages::{self, Conflict, Shown};
use super::session::{checked, version};
use super::upload::Value;
use super::{Answer, State, Words, from_script, text_field};
use crate::diag::{Diagnostic, FieldPath, Severity};
use crate::load::edit::{self, Change};
use crate::load::edit_list::{self, ListEdit};
use crate::settings::Settings;

/// A response file's text and settings, or the page that says why it cannot be read.
pub fn read(state: &State, file: &Path, words: &Words) -> Result<(String, Settings), Answer> {
    let text = crate::load::read_input(file)
        .ok()
        .and_then(|b| String::from_utf8(b).ok());
    let Some(text) = text else {
        return Err(Answer::html(
            "500 Internal Server Error",
            pages::message(
                state,
                words,
                &words.fill(
                    "list_refused",
                    &[("why", "the file cannot be read as text")],
                ),
            ),
        ));
    };
    let settings = Settings::for_file(file)
        .map(|f| f.settings)
        .unwrap_or_default();
    Ok((text, settings))
}

fn errors(diagnostics: &[Diagnostic]) -> usize {
    diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count()
}

/// What a list button asks (`remove:recommendations[1]`, `up:…`, `down:…`, `add:…`), as a
/// change to the file's entries.
fn list_edit(op: &str, text: &str, words: &Words) -> Option<ListEdit> {
    let (what, path) = op.split_once(':')?;
    let path = FieldPath::parse(path);
    Some(match what {
        "remove" => ListEdit::Remove(path),
        "up" => ListEdit::Up(path),
        "down" => ListEdit::Down(path),
        "add" => {
            let root: serde_yaml::Value = serde_yaml::from_str(text).ok()?;
            let mut list = &root;
            for step in &path.0 {
                list = match step {
                    crate::diag::Step::Key(k) => list.get(k.as_str())?,
                    crate::diag::Step::Index(i) => list.get(*i)?,
                };
            }
            let items = list.as_sequence().cloned().unwrap_or_default();
            // Numbered as the list is, when every entry has a whole number: the next one.
            let numbers: Option<Vec<u64>> = items
                .iter()
                .map(|i| i.get("number").and_then(serde_yaml::Value::as_u64))
                .collect();
            let mut fields = Vec::new();
            if let Some(n) = numbers.filter(|n| !n.is_empty()) {
                let next = n.iter().max().copied().unwrap_or(0) + 1;
                fields.push(("number".to_owned(), next.to_string()));
            }
            fields.push(("text".to_owned(), words.get("new_finding_text")));
            ListEdit::Append { list: path, fields }
        }
        _ => return None,
    })
}

/// The values typed into the form's fields, with the browser's line ends made the file's.
fn typed(form: &form::Form, fields: &[(String, Value)]) -> HashMap<String, String> {
    form.fields()
        .filter_map(|f| text_field(fields, &f.path).map(|v| (f.path.clone(), v)))
        .collect()
}

/// The changes the typed values make to the file: only the fields whose words differ.
fn changes(form: &form::Form, typed: &HashMap<String, String>) -> Vec<Change> {
    let mut out = Vec::new();
    for f in form.fields() {
        let Some(v) = typed.get(&f.path) else {
            continue;
        };
        let v = match f.kind {
            Kind::Text => v.trim_end().to_owned(),
            _ => v.trim().to_owned(),
        };
        if v == f.value.trim_end() || (!f.present && v.is_empty()) {
            continue;
        }
        out.push(Change {
            path: FieldPath::parse(&f.path),
            value: v,
        });
    }
    out
}

/// A page, or for the desk's script the JSON it reads.
fn reply(
    state: &State,
    file: &Path,
    words: &Words,
    status: &'static str,
    shown: Shown,
    js: bool,
) -> Answer {
    if js {
        let text = crate::load::read_input(file)
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .unwrap_or_default();
        let settings = Settings::for_file(file)
            .map(|f| f.settings)
            .unwrap_or_default();
        let problems = match (&shown.checked, form::make(&text, &settings, words)) {
            (Some((diags, against)), Ok(mut f)) => f.attach(diags, against),
            (None, Ok(mut f)) => {
                let (diags, _) = checked(file, &text, &settings);
                f.attach(&diags, &text)
            }
            _ => Vec::new(),
        };
        let (message, error) = shown.message.clone().unwrap_or_default();
        return Answer::json(
            status,
            &serde_json::json!({
                "saved": status.starts_with("200"),
                "version": version(&text),
                "message": message,
                "error": error,
                "problems": problems,
            }),
        );
    }
    Answer::html(status, pages::response(state, file, words, shown))
}

/// Saves a response's form: the typed values written in place, then the list button's
/// change if one was pressed; refused with nothing written when the response is final, when
/// the file changed since the page was made, or when the result would not load.
pub fn save(state: &State, file: &Path, fields: &[(String, Value)], words: &Words) -> Answer {
    let js = from_script(fields);
    let (text, settings) = match read(state, file, words) {
        Ok(t) => t,
        Err(a) => return a,
    };
    let form = match form::make(&text, &settings, words) {
        Ok(f) => f,
        Err(e) => {
            return Answer::html(
                "422 Unprocessable Content",
                pages::message(state, words, &words.fill("list_refused", &[("why", &e)])),
            );
        }
    };
    let typed = typed(&form, fields);
    if !form.draft {
        let shown = Shown::message(words.get("final_locked"), true);
        return reply(state, file, words, "409 Conflict", shown, js);
    }
    if text_field(fields, "version").as_deref() != Some(version(&text).as_str()) {
        let conflict = form
            .fields()
            .filter_map(|f| {
                let mine = typed.get(&f.path)?;
                (mine.trim_end() != f.value.trim_end()).then(|| Conflict {
                    label: f.label.clone(),
                    id: f.id.clone(),
                    file: f.value.clone(),
                    typed: mine.clone(),
                })
            })
            .collect();
        let shown = Shown {
            typed: Some(typed),
            conflict,
            ..Shown::message(words.get("conflict"), true)
        };
        return reply(state, file, words, "409 Conflict", shown, js);
    }
    let refused = |why: String, typed: HashMap<String, String>| {
        let shown = Shown {
            typed: Some(typed),
            ..Shown::message(words.fill("list_refused", &[("why", &why)]), true)
        };
        reply(state, file, words, "422 Unprocessable Content", shown, js)
    };
    let mut new = match edit::apply(&text, &changes(&form, &typed)) {
        Ok((new, _)) => new,
        Err(e) => return refused(e, typed),
    };
    let op = text_field(fields, "op").unwrap_or_default();
    if let Some(list) = list_edit(&op, &new, words) {
        new = match edit_list::apply(&new, &list) {
            Ok(n) => n,
            Err(e) => return refused(e, typed),
        };
    }
    let (diagnostics, loads) = checked(file, &new, &settings);
    if !loads {
        let shown = Shown {
            typed: Some(typed),
            checked: Some((diagnostics, new)),
            ..Shown::message(words.get("refused_save"), true)
        };
        return reply(state, file, words, "422 Unprocessable Content", shown, js);
    }
    if new != text
        && let Err(e) = crate::fs::write_atomic(file, new.as_bytes())
    {
        return refused(format!("{e:#}"), typed);
    }
    let n = errors(&diagnostics) + warnings(&diagnostics);
    let message = if n == 0 {
        words.get("saved")
    } else {
        words.fill("saved_problems", &[("n", &n.to_string())])
    };
    let shown = Shown {
        checked: Some((diagnostics, new)),
        ..Shown::message(message, false)
    };
    reply(state, file, words, "200 OK", shown, js)
}

fn warnings(diagnostics: &[Diagnostic]) -> usize {
    diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .count()
}

/// Makes a response final (takes out `draft: true`), only when it then checks without an
/// error; nothing written otherwise.
pub fn finalise(state: &State, file: &Path, fields: &[(String, Value)], words: &Words) -> Answer {
    let (text, settings) = match read(state, file, words) {
        Ok(t) => t,
        Err(a) => return a,
    };
    if text_field(fields, "version").as_deref() != Some(version(&text).as_str()) {
        return reply(
            state,
            file,
            words,
            "409 Conflict",
            Shown::message(words.get("conflict"), true),
            false,
        );
    }
    let draft = form::make(&text, &settings, words).is_ok_and(|f| f.draft);
    if !draft {
        return reply(
            state,
            file,
            words,
            "200 OK",
            Shown::message(words.get("made_final"), false),
            false,
        );
    }
    let new = match edit_list::apply(&text, &ListEdit::Remove(FieldPath::parse("draft"))) {
        Ok(n) => n,
        Err(e) => {
            return reply(
                state,
                file,
                words,
                "422 Unprocessable Content",
                Shown::message(words.fill("list_refused", &[("why", &e)]), true),
                false,
            );
        }
    };
    let (diagnostics, loads) = checked(file, &new, &settings);
    let n = errors(&diagnostics);
    if !loads || n > 0 {
        let shown = Shown {
            checked: Some((diagnostics, new)),
            ..Shown::message(
                words.fill("refused_final", &[("n", &n.max(1).to_string())]),
                true,
            )
        };
        return reply(
            state,
            file,
            words,
            "422 Unprocessable Content",
            shown,
            false,
        );
    }
    if let Err(e) = crate::fs::write_atomic(file, new.as_bytes()) {
        return reply(
            state,
            file,
            words,
            "500 Internal Server Error",
            Shown::message(
                words.fill("list_refused", &[("why", &format!("{e:#}"))]),
                true,
            ),
            false,
        );
    }
    reply(
        state,
        file,
        words,
        "200 OK",
        Shown::message(words.get("made_final"), false),
        false,
    )
}

/// Records progress on a finding: a dated entry with a status and a note, added to its
/// `progress:` list (not part of the letter, so a final response takes it too).
pub fn progress(state: &State, file: &Path, fields: &[(String, Value)], words: &Words) -> Answer {
    let (text, settings) = match read(state, file, words) {
        Ok(t) => t,
        Err(a) => return a,
    };
    let refused = |why: &str| {
        reply(
            state,
            file,
            words,
            "422 Unprocessable Content",
            Shown::message(words.fill("progress_refused", &[("why", why)]), true),
            false,
        )
    };
    let Ok(form) = form::make(&text, &settings, words) else {
        return refused("the file is not a response the desk can read");
    };
    let finding = text_field(fields, "finding").unwrap_or_default();
    if !form.findings.iter().any(|(p, _)| *p == finding) {
        return refused("choose the finding the progress is on");
    }
    let date = text_field(fields, "date").unwrap_or_default();
    let date = date.trim();
    if date.parse::<jiff::civil::Date>().is_err() {
        return refused("give the day as year, month and day, such as 2027-01-31");
    }
    let status = text_field(fields, "status").unwrap_or_default();
    if status.is_empty() || !form.statuses.contains(&status) {
        return refused("choose a status from the list");
    }
    let mut entry = vec![
        ("date".to_owned(), date.to_owned()),
        ("status".to_owned(), status),
    ];
    let note = text_field(fields, "note").unwrap_or_default();
    if !note.trim().is_empty() {
        entry.push(("note".to_owned(), note.trim_end().to_owned()));
    }
    let list = FieldPath::parse(&finding).key("progress");
    let new = match edit_list::apply(
        &text,
        &ListEdit::Append {
            list,
            fields: entry,
        },
    ) {
        Ok(n) => n,
        Err(e) => return refused(&e),
    };
    let (diagnostics, loads) = checked(file, &new, &settings);
    if !loads {
        let why = diagnostics
            .first()
            .map_or_else(String::new, |d| d.message.clone());
        return refused(&why);
    }
    if let Err(e) = crate::fs::write_atomic(file, new.as_bytes()) {
        return refused(&format!("{e:#}"));
    }
    reply(
        state,
        file,
        words,
        "200 OK",
        Shown::message(words.get("progress_recorded"), false),
        false,
    )
}
