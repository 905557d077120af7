//! A response file as a form: its fields in the letter's order, each named by its field
//! path exactly as the Word form tags it (`recommendations[0].response`,
//! `sections[5].text.cy`), with its value as the file holds it and the problems the checks
//! found in it.
//!
//! The form is made from the file's YAML, not from the parsed response, so that it shows
//! what the file says (a placeholder, a value the office's settings would fill) and so that
//! a file that does not load yet still has a form to put it right in.

use serde::Serialize;
use serde_yaml::Value;

use super::words::Words;
use crate::diag::{Diagnostic, FieldPath, Severity};
use crate::model::ReportKind;
use crate::settings::Settings;

/// What is written in a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// One line of text.
    Line,
    /// Paragraphs of the office's Markdown.
    Text,
    /// A day, `YYYY-MM-DD`.
    Date,
    /// One of a list of values.
    Choice,
}

/// One field of the form.
#[derive(Debug, Clone, Serialize)]
pub struct Field {
    /// Its path in the file: the control's name.
    pub path: String,
    /// The control's `id`, made from the path.
    pub id: String,
    /// What the field is, in the office's words.
    pub label: String,
    /// What to write, when it helps.
    pub hint: String,
    /// What is written in it.
    pub kind: Kind,
    /// For a choice, the values offered.
    pub choices: Vec<String>,
    /// What the file holds (or, shown again after a refused save, what was typed).
    pub value: String,
    /// Whether the file has the field.
    pub present: bool,
    /// The problems the checks found in it, in plain words.
    pub problems: Vec<String>,
}

/// One part of the form, in order: a group opened or closed, a field, or the buttons that
/// move, remove or add entries of a list.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "part", rename_all = "kebab-case")]
pub enum Part {
    /// A group of fields (`<fieldset>`) begins.
    Open {
        /// Its legend.
        legend: String,
        /// How deep it is (1 for the outermost), for its heading's level.
        level: u8,
        /// Its id, to link to.
        id: String,
    },
    /// The group ends.
    Close,
    /// A field.
    Field(Field),
    /// The buttons of one entry of a list.
    Entry {
        /// The entry's path, such as `recommendations[1]`.
        path: String,
        /// What the entry is called, for the buttons' names ("Recommendation 2").
        name: String,
        /// Whether it is the first entry (it cannot move up) or the last (down).
        first: bool,
        last: bool,
    },
    /// The button that adds an entry to a list.
    Add {
        /// The list's path.
        path: String,
        /// The button's words.
        label: String,
    },
}

/// A response as a form.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Form {
    /// Its parts, in the letter's order.
    pub parts: Vec<Part>,
    /// Whether the file is a draft: a final response's letter no longer changes.
    pub draft: bool,
    /// Every finding, for recording progress: its path and name.
    pub findings: Vec<(String, String)>,
    /// The statuses a finding may have, from the office's settings.
    pub statuses: Vec<String>,
}

/// One problem for the error summary, linked to the field it is in.
#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    /// What is wrong and what to do, in plain words.
    pub message: String,
    /// The field's id, when the problem is in one of the form's fields.
    pub id: Option<String>,
    /// Whether it is an error (else a warning).
    pub error: bool,
}

/// A diagnostic's words as a sentence on a page: a capital first letter and a full stop.
fn sentence(words: &str) -> String {
    let words = words.trim();
    let mut chars = words.chars();
    let mut out: String = match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => return String::new(),
    };
    if !out.ends_with(['.', '?', '!']) {
        out.push('.');
    }
    out
}

/// The control id for a field path: letters and digits kept, the rest a hyphen.
pub fn id_for(path: &str) -> String {
    let mut id = String::from("f-");
    for c in path.chars() {
        id.push(if c.is_ascii_alphanumeric() || c == '_' {
            c
        } else {
            '-'
        });
    }
    id
}

/// A scalar as the form shows it.
fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Null => Some(String::new()),
        _ => None,
    }
}

fn get<'a>(v: &'a Value, key: &str) -> Option<&'a Value> {
    v.as_mapping().and_then(|m| m.get(key))
}

/// What makes the form.
struct Maker<'a> {
    words: &'a Words,
    statuses: Vec<String>,
    parts: Vec<Part>,
    findings: Vec<(String, String)>,
}

impl Maker<'_> {
    fn w(&self, key: &str) -> String {
        self.words.get(key)
    }

    fn open(&mut self, legend: String, level: u8, path: &str) {
        self.parts.push(Part::Open {
            legend,
            level,
            id: id_for(&format!("g-{path}")),
        });
    }

    fn field(&mut self, path: String, label: String, kind: Kind, value: Option<&Value>) {
        let choices = match kind {
            Kind::Choice if path.ends_with("status") => self.statuses.clone(),
            Kind::Choice => ReportKind::ALL.iter().map(|k| k.key().to_owned()).collect(),
            _ => Vec::new(),
        };
        let text = value.and_then(scalar).unwrap_or_default();
        let mut choices = choices;
        if kind == Kind::Choice && !text.is_empty() && !choices.contains(&text) {
            // A value the list lacks is kept, so that saving never changes it unasked.
            choices.insert(0, text.clone());
        }
        let hint = match kind {
            Kind::Date => self.w("hint_date"),
            Kind::Text => self.w("hint_text"),
            _ => String::new(),
        };
        self.parts.push(Part::Field(Field {
            id: id_for(&path),
            path,
            label,
            hint,
            kind,
            choices,
            value: text,
            present: value.is_some_and(|v| !v.is_null()),
            problems: Vec::new(),
        }));
    }

    /// A text that a bilingual file gives in each language (`{en: …, cy: …}`): one field
    /// for each.
    fn text(&mut self, path: &str, label: String, kind: Kind, value: Option<&Value>) {
        if let Some(Value::Mapping(m)) = value
            && (m.contains_key("en") || m.contains_key("cy"))
        {
            for lang in ["en", "cy"] {
                if let Some(v) = m.get(lang) {
                    let l = format!("{label} ({})", self.w(&format!("language_{lang}")));
                    self.field(format!("{path}.{lang}"), l, kind, Some(v));
                }
            }
            return;
        }
        self.field(path.to_owned(), label, kind, value);
    }

    /// A list of findings: each with its fields, its sub-points and its own
    /// recommendations, the buttons that move and remove it, and one that adds another.
    fn findings(&mut self, list: &str, items: &[Value], noun: &str, level: u8) {
        let add = self.w(&format!("add_{noun}"));
        let noun_word = self.w(&format!("noun_{noun}"));
        for (i, item) in items.iter().enumerate() {
            let path = format!("{list}[{i}]");
            let number = get(item, "number")
                .and_then(scalar)
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| (i + 1).to_string());
            let name = format!("{noun_word} {number}");
            self.findings.push((path.clone(), name.clone()));
            self.open(name.clone(), level, &path);
            let f = |k: &str| get(item, k);
            self.text(
                &format!("{path}.text"),
                self.w("finding_text"),
                Kind::Text,
                f("text"),
            );
            self.text(
                &format!("{path}.timescale"),
                self.w("finding_timescale"),
                Kind::Line,
                f("timescale"),
            );
            if let Some(Value::Sequence(points)) = f("items") {
                for (j, point) in points.iter().enumerate() {
                    let label = self.w("finding_point").replace("{n}", &(j + 1).to_string());
                    match point {
                        Value::Mapping(_) => self.text(
                            &format!("{path}.items[{j}].text"),
                            label,
                            Kind::Text,
                            get(point, "text"),
                        ),
                        _ => self.text(
                            &format!("{path}.items[{j}]"),
                            label,
                            Kind::Text,
                            Some(point),
                        ),
                    }
                }
            }
            self.text(
                &format!("{path}.force_response"),
                self.w("finding_force_response"),
                Kind::Text,
                f("force_response"),
            );
            self.text(
                &format!("{path}.response"),
                self.w("finding_response"),
                Kind::Text,
                f("response"),
            );
            self.field(
                format!("{path}.status"),
                self.w("finding_status"),
                Kind::Choice,
                f("status"),
            );
            self.text(
                &format!("{path}.owner"),
                self.w("finding_owner"),
                Kind::Line,
                f("owner"),
            );
            if let Some(Value::Sequence(recs)) = f("recommendations") {
                self.findings(
                    &format!("{path}.recommendations"),
                    recs,
                    "recommendation",
                    level + 1,
                );
            }
            self.parts.push(Part::Entry {
                path,
                name,
                first: i == 0,
                last: i + 1 == items.len(),
            });
            self.parts.push(Part::Close);
        }
        self.parts.push(Part::Add {
            path: list.to_owned(),
            label: add,
        });
    }
}

/// The lists of findings, each with the section kind that places it and the noun its
/// entries go by.
const LISTS: [(&str, &str, &str); 3] = [
    ("causes_of_concern", "causes-of-concern", "cause"),
    ("areas_for_improvement", "areas-for-improvement", "area"),
    ("recommendations", "recommendations", "recommendation"),
];

/// Makes the form of a response file's text. `Err` when the text is not YAML at all.
pub fn make(text: &str, settings: &Settings, words: &Words) -> Result<Form, String> {
    let root: Value = serde_yaml::from_str(text).map_err(|e| e.to_string())?;
    let mut m = Maker {
        words,
        statuses: std::iter::once(String::new())
            .chain(settings.statuses.iter().map(|s| s.name.clone()))
            .collect(),
        parts: Vec::new(),
        findings: Vec::new(),
    };
    let report = get(&root, "report");
    let r = |k: &str| report.and_then(|r| get(r, k));
    m.open(m.w("group_report"), 1, "report");
    m.text("report.title", m.w("report_title"), Kind::Line, r("title"));
    m.field(
        "report.kind".into(),
        m.w("report_kind"),
        Kind::Choice,
        r("kind"),
    );
    m.field(
        "report.published".into(),
        m.w("report_published"),
        Kind::Date,
        r("published"),
    );
    m.field("report.url".into(), m.w("report_url"), Kind::Line, r("url"));
    m.parts.push(Part::Close);

    m.open(m.w("group_people"), 1, "people");
    // The office's own details, where the file gives them rather than its settings.
    if let Some(body) = get(&root, "body") {
        for key in ["area", "website"] {
            if let Some(v) = get(body, key) {
                m.text(
                    &format!("body.{key}"),
                    m.w(&format!("body_{key}")),
                    Kind::Line,
                    Some(v),
                );
            }
        }
        if let Some(Value::Sequence(lines)) = get(body, "address") {
            for (i, line) in lines.iter().enumerate() {
                let label = m.w("body_address").replace("{n}", &(i + 1).to_string());
                m.field(format!("body.address[{i}]"), label, Kind::Line, Some(line));
            }
        }
    }
    m.text("force", m.w("force"), Kind::Line, get(&root, "force"));
    for who in ["commissioner", "chief_officer"] {
        if let Some(p) = get(&root, who) {
            m.text(
                &format!("{who}.name"),
                m.w(&format!("{who}_name")),
                Kind::Line,
                get(p, "name"),
            );
        }
    }
    m.field("date".into(), m.w("date"), Kind::Date, get(&root, "date"));
    m.parts.push(Part::Close);

    let mut placed = Vec::new();
    if let Some(Value::Sequence(sections)) = get(&root, "sections") {
        for (i, s) in sections.iter().enumerate() {
            let kind = get(s, "kind").and_then(scalar).unwrap_or_default();
            if let Some((key, _, noun)) = LISTS.iter().find(|(_, k, _)| *k == kind) {
                if placed.contains(key) {
                    continue;
                }
                placed.push(*key);
                m.open(m.w(&format!("group_{key}")), 1, key);
                let items = match get(&root, key) {
                    Some(Value::Sequence(items)) => items.clone(),
                    _ => Vec::new(),
                };
                m.findings(key, &items, noun, 2);
                m.parts.push(Part::Close);
            } else if let Some(text) = get(s, "text") {
                let label = m.words.get_or(&format!("section_{kind}"), &kind);
                let path = format!("sections[{i}]");
                m.open(label.clone(), 1, &path);
                m.text(&format!("{path}.text"), label, Kind::Text, Some(text));
                m.parts.push(Part::Close);
            }
        }
    }
    // Findings the file gives with no section to place them: after the sections.
    for (key, _, noun) in LISTS {
        if placed.contains(&key) {
            continue;
        }
        if let Some(Value::Sequence(items)) = get(&root, key) {
            m.open(m.w(&format!("group_{key}")), 1, key);
            m.findings(key, items, noun, 2);
            m.parts.push(Part::Close);
        }
    }

    m.open(m.w("group_copies"), 1, "copies");
    let copies = get(&root, "copies");
    for who in ["hmicfrs", "home_secretary"] {
        m.field(
            format!("copies.{who}"),
            m.w(&format!("copies_{who}")),
            Kind::Date,
            copies.and_then(|c| get(c, who)),
        );
    }
    m.parts.push(Part::Close);

    let draft = matches!(get(&root, "draft"), Some(Value::Bool(true)));
    Ok(Form {
        statuses: m.statuses.clone(),
        parts: m.parts,
        draft,
        findings: m.findings,
    })
}

impl Form {
    /// Every field, in order.
    pub fn fields(&self) -> impl Iterator<Item = &Field> {
        self.parts.iter().filter_map(|p| match p {
            Part::Field(f) => Some(f),
            _ => None,
        })
    }

    fn fields_mut(&mut self) -> impl Iterator<Item = &mut Field> {
        self.parts.iter_mut().filter_map(|p| match p {
            Part::Field(f) => Some(f),
            _ => None,
        })
    }

    /// Shows the values typed (a refused save, a conflict) in place of the file's.
    pub fn show_typed(&mut self, typed: &std::collections::HashMap<String, String>) {
        for f in self.fields_mut() {
            if let Some(v) = typed.get(&f.path) {
                f.value = v.clone();
            }
        }
    }

    /// Puts each problem beside the field it concerns: the field its path names (or the
    /// first field within it), else the field its line is in. Returns every problem for
    /// the summary, each linked to its field when it has one.
    pub fn attach(&mut self, diagnostics: &[Diagnostic], text: &str) -> Vec<Problem> {
        let locator = crate::load::Locator::new(text);
        // Each field's line, for the problems that give a line and no path.
        let lines: Vec<(usize, String)> = self
            .fields()
            .filter(|f| f.present)
            .filter_map(|f| {
                locator
                    .position(&FieldPath::parse(&f.path))
                    .map(|p| (p.line, f.path.clone()))
            })
            .collect();
        let mut out = Vec::new();
        for d in diagnostics.iter().filter(|d| d.severity != Severity::Note) {
            let mut message = sentence(&d.message);
            if let Some(h) = &d.hint {
                message.push(' ');
                message.push_str(&sentence(h));
            }
            let by_path = d.path.as_ref().map(|p| p.to_string()).and_then(|p| {
                let exact = self.fields().find(|f| f.path == p).map(|f| f.path.clone());
                exact.or_else(|| {
                    self.fields()
                        .find(|f| {
                            f.path.starts_with(&format!("{p}."))
                                || f.path.starts_with(&format!("{p}["))
                        })
                        .map(|f| f.path.clone())
                })
            });
            let by_line = || {
                let line = d.position.as_ref()?.line;
                lines
                    .iter()
                    .filter(|(l, _)| *l <= line)
                    .max_by_key(|(l, _)| *l)
                    .map(|(_, p)| p.clone())
            };
            let target = by_path.or_else(by_line);
            let id = target.as_ref().map(|p| id_for(p));
            if let Some(t) = &target
                && let Some(f) = self.fields_mut().find(|f| &f.path == t)
            {
                f.problems.push(message.clone());
            }
            out.push(Problem {
                message,
                id,
                error: d.severity == Severity::Error,
            });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "\
draft: true
report:
  title: A report
  kind: peel
  published: 2026-11-01
force: Test Police
sections:
  - kind: comments
    text: |
      Our comments.
  - kind: causes-of-concern
  - kind: recommendations
  - kind: response
    text: {en: Ours., cy: Ein un ni.}
causes_of_concern:
  - number: 1
    text: The first cause.
    recommendations:
      - number: \"1.1\"
        text: Do this.
        items:
          - a point
recommendations:
  - text: Another.
    status: in progress
";

    fn paths(form: &Form) -> Vec<String> {
        form.fields().map(|f| f.path.clone()).collect()
    }

    #[test]
    fn fields_are_named_as_the_word_form_tags_them_in_the_letters_order() {
        let form = make(FILE, &Settings::default(), &Words::builtin()).unwrap();
        let p = paths(&form);
        let at = |s: &str| {
            p.iter()
                .position(|x| x == s)
                .unwrap_or_else(|| panic!("{s} in {p:?}"))
        };
        assert!(at("sections[0].text") < at("causes_of_concern[0].text"));
        assert!(
            at("causes_of_concern[0].recommendations[0].response")
                < at("recommendations[0].response")
        );
        assert!(at("recommendations[0].owner") < at("sections[3].text.en"));
        at("sections[3].text.cy");
        at("causes_of_concern[0].recommendations[0].items[0]");
        assert!(form.draft);
        let status = form
            .fields()
            .find(|f| f.path == "recommendations[0].status")
            .unwrap();
        assert_eq!(status.value, "in progress");
        assert!(
            status.choices.contains(&"completed".to_owned()),
            "{:?}",
            status.choices
        );
    }

    #[test]
    fn a_problem_goes_beside_the_field_its_path_names() {
        let mut form = make(FILE, &Settings::default(), &Words::builtin()).unwrap();
        let d = Diagnostic::error("the response is missing")
            .at(FieldPath::parse("recommendations[0].response"));
        let listed = form.attach(&[d], FILE);
        assert_eq!(
            listed[0].id.as_deref(),
            Some("f-recommendations-0--response")
        );
        let f = form
            .fields()
            .find(|f| f.path == "recommendations[0].response")
            .unwrap();
        assert_eq!(f.problems, vec!["The response is missing.".to_owned()]);
    }
}
