//! The desk's pages, from the templates in `templates/desk/`: the list of responses with the
//! form for a new one, a response's form, and a page for a message (a refusal).

use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;

use serde::Serialize;

use super::form::{self, Problem};
use super::session::{checked, token, version};
use super::{State, Words, rel_name};
use crate::diag::Diagnostic;
use crate::model::ReportKind;
use crate::util::xml_escape as escape;

/// One field that differs between the file on disk and what the officer typed.
#[derive(Debug, Clone, Serialize)]
pub struct Conflict {
    /// The field's label.
    pub label: String,
    /// Its control's id.
    pub id: String,
    /// What the file says now.
    pub file: String,
    /// What the officer typed.
    pub typed: String,
}

/// A returned Word form's changes, shown before they are applied.
#[derive(Debug, Clone, Serialize)]
pub struct Review {
    /// The key that applies them.
    pub key: String,
    /// Each change: the field, its line, the old lines and the new.
    pub hunks: Vec<ReviewHunk>,
    /// What the office should know about the form.
    pub warnings: Vec<String>,
}

/// One change of a returned form.
#[derive(Debug, Clone, Serialize)]
pub struct ReviewHunk {
    /// The field.
    pub path: String,
    /// The file's line it starts on.
    pub line: usize,
    /// What the file says now.
    pub old: String,
    /// What the form says.
    pub new: String,
}

/// What a response's page shows beyond the file as it is.
#[derive(Debug, Clone, Default)]
pub struct Shown {
    /// A message at the top: its words, and whether it reports a failure.
    pub message: Option<(String, bool)>,
    /// The values the officer typed, shown in place of the file's (a refused save).
    pub typed: Option<HashMap<String, String>>,
    /// The problems to show and the text they were found in, when not the file's own.
    pub checked: Option<(Vec<Diagnostic>, String)>,
    /// The fields that differ from the file changed on disk.
    pub conflict: Vec<Conflict>,
    /// A returned Word form's changes, to apply or not.
    pub review: Option<Review>,
}

impl Shown {
    /// Just a message.
    pub fn message(words: String, failure: bool) -> Shown {
        Shown {
            message: Some((words, failure)),
            ..Shown::default()
        }
    }
}

/// The desk's templates, read once; or why they cannot be read.
fn tera() -> &'static Result<tera::Tera, String> {
    static TERA: OnceLock<Result<tera::Tera, String>> = OnceLock::new();
    TERA.get_or_init(|| {
        let mut t = tera::Tera::default();
        t.add_raw_templates([
            (
                "desk/base.html",
                include_str!("../../../templates/desk/base.html.tera"),
            ),
            (
                "desk/index.html",
                include_str!("../../../templates/desk/index.html.tera"),
            ),
            (
                "desk/response.html",
                include_str!("../../../templates/desk/response.html.tera"),
            ),
            (
                "desk/message.html",
                include_str!("../../../templates/desk/message.html.tera"),
            ),
        ])
        .map_err(|e| format!("{e:?}"))?;
        t.autoescape_on(vec![".html"]);
        Ok(t)
    })
}

fn render(name: &str, ctx: &tera::Context) -> String {
    let rendered = match tera() {
        Ok(t) => t.render(name, ctx).map_err(|e| format!("{e:?}")),
        Err(e) => Err(e.clone()),
    };
    rendered.unwrap_or_else(|e| {
        format!(
            "<!DOCTYPE html>\n<html lang=\"en-GB\"><title>s55</title><pre>{}</pre></html>\n",
            escape(&e)
        )
    })
}

fn base(state: &State, title: &str) -> tera::Context {
    let mut ctx = tera::Context::new();
    ctx.insert("title", title);
    ctx.insert("token", token());
    ctx.insert("folder", &state.folder);
    ctx
}

/// A page with one message (a refusal): what happened and what to do.
pub fn message(state: &State, words: &Words, text: &str) -> String {
    let _ = words;
    let mut ctx = base(state, text);
    ctx.insert("message", text);
    render("desk/message.html", &ctx)
}

/// One response in the list.
#[derive(Serialize)]
struct Row {
    href: String,
    file: String,
    title: String,
    force: String,
    draft: bool,
    /// Whether its problems are known yet (a large folder's are checked after its first
    /// list answers; opening the response checks it at once).
    checked: bool,
    errors: usize,
    warnings: usize,
}

/// The desk's first page: the responses, a new one from pasted or uploaded findings, and
/// the archive's build.
pub fn index(state: &State, words: &Words, message: Option<(String, bool)>) -> String {
    let files = state.responses();
    let rows: Vec<Row> = super::super::list::rows(state, &files)
        .into_iter()
        .zip(&files)
        .map(|(row, file)| {
            let rel = rel_name(state, file);
            let (errors, warnings) = row.problems.unwrap_or_default();
            Row {
                href: format!("/desk/r/{}/", super::super::address(Path::new(&rel))),
                file: rel,
                title: row.title,
                force: row.force,
                draft: row.draft,
                checked: row.problems.is_some(),
                errors,
                warnings,
            }
        })
        .collect();
    let mut ctx = base(state, &words.get("index_title"));
    ctx.insert("rows", &rows);
    ctx.insert(
        "kinds",
        &ReportKind::ALL.iter().map(|k| k.key()).collect::<Vec<_>>(),
    );
    ctx.insert("message", &message);
    render("desk/index.html", &ctx)
}

/// A response's page: its form, its problems beside the fields and in a summary linked to
/// them, and the cycle's actions.
pub fn response(state: &State, file: &Path, words: &Words, shown: Shown) -> String {
    let text = crate::load::read_input(file)
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .unwrap_or_default();
    let settings = crate::settings::Settings::for_file(file)
        .map(|f| f.settings)
        .unwrap_or_default();
    let rel = rel_name(state, file);
    let address = super::super::address(Path::new(&rel));
    let mut ctx = base(state, &rel);
    let form = form::make(&text, &settings, words);
    let (form, problems): (Option<form::Form>, Vec<Problem>) = match form {
        Ok(mut f) => {
            let problems = match &shown.checked {
                Some((d, against)) => f.attach(d, against),
                None => {
                    let (d, _) = checked(file, &text, &settings);
                    f.attach(&d, &text)
                }
            };
            if let Some(typed) = &shown.typed {
                f.show_typed(typed);
            }
            (Some(f), problems)
        }
        Err(e) => (
            None,
            vec![Problem {
                message: e,
                id: None,
                error: true,
            }],
        ),
    };
    let title = serde_yaml::from_str::<serde_yaml::Value>(&text)
        .ok()
        .and_then(|v| {
            v.get("report")
                .and_then(|r| r.get("title"))
                .and_then(|t| t.as_str().map(str::to_owned))
        })
        .unwrap_or_else(|| rel.clone());
    ctx.insert("title", &title);
    ctx.insert("file", &rel);
    ctx.insert("action", &format!("/desk/r/{address}/"));
    ctx.insert(
        "letter",
        &if state.folder {
            format!("/r/{address}/")
        } else {
            "/".to_owned()
        },
    );
    ctx.insert("version", &version(&text));
    ctx.insert("draft", &form.as_ref().is_some_and(|f| f.draft));
    ctx.insert("form", &form);
    ctx.insert(
        "errors",
        &problems
            .iter()
            .filter(|p| p.error)
            .cloned()
            .collect::<Vec<_>>(),
    );
    ctx.insert(
        "warnings",
        &problems
            .iter()
            .filter(|p| !p.error)
            .cloned()
            .collect::<Vec<_>>(),
    );
    ctx.insert("message", &shown.message);
    ctx.insert("conflict", &shown.conflict);
    ctx.insert("review", &shown.review);
    ctx.insert(
        "today",
        &jiff::tz::Offset::UTC
            .to_datetime(jiff::Timestamp::now())
            .date()
            .to_string(),
    );
    render("desk/response.html", &ctx)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_shipped_templates_read() {
        if let Err(e) = super::tera() {
            panic!("{e}");
        }
    }
}
