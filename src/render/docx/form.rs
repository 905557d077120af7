//! The Word form for the other office: the draft, locked, with a place to write each field
//! that office answers for.
//!
//! `--form chief-officer` asks the chief officer's office for the chief officer's comments
//! and, for every finding, the force's response, its status and its owner; `--form
//! commissioner` asks the commissioner for the body's comments, its response to the chief
//! officer's comments and its response to every finding. Each place is a Word content control
//! tagged `s55:PATH` with the field's path in the response file, so `s55 import docx` puts
//! what was written back where it belongs. The document records which response and which
//! version of its file it was made from, so that a form cannot be read into another response,
//! or over changes made since it was sent.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use super::body::{Context, Extra, Para, Writer};
use crate::model::{Finding, Response, SectionKind};
use crate::render::View;
use crate::render::blocks::{self, Block, Span, Wrap};
use crate::render::view::ImageView;
use crate::render::view::{FindingView, FindingsView};
use crate::settings::Settings;
use crate::util::xml_escape;

/// The start of the name of each custom property of a form that gives a field's path, in
/// the order of the document: `s55-field-001` is the first box.
pub const FIELD_PROPERTY: &str = "s55-field-";

/// Which office a form is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Which {
    /// The chief officer's office: the chief officer's comments, and the force's response,
    /// status and owner of every finding.
    ChiefOfficer,
    /// The commissioner: the body's comments and responses.
    Commissioner,
}

impl Which {
    /// Both forms.
    pub const ALL: [Which; 2] = [Which::ChiefOfficer, Which::Commissioner];

    /// Its name on the command line and in the document.
    pub fn key(self) -> &'static str {
        match self {
            Which::ChiefOfficer => "chief-officer",
            Which::Commissioner => "commissioner",
        }
    }

    /// The form with this name.
    pub fn from_key(key: &str) -> Option<Which> {
        Which::ALL.into_iter().find(|w| w.key() == key)
    }
}

/// What is written in a field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum FieldKind {
    /// Paragraphs, with bold, italics, lists and links: read back as Markdown.
    Text,
    /// One line of plain text.
    Line,
    /// One of these values.
    Choice(Vec<String>),
}

/// One field of a form.
#[derive(Debug, Clone, Serialize)]
pub struct FieldSpec {
    /// What the field is, as Word shows it on the control: "Status of Recommendation 2".
    pub label: String,
    /// What is written in it.
    pub kind: FieldKind,
    /// The words shown while it is empty.
    pub prompt: String,
    /// How many heading levels the letter moves the field's Markdown down, so that headings
    /// typed in it come back at the level the office wrote them.
    pub shift: u8,
}

/// A form's fields, and what it was made from.
#[derive(Debug, Clone, Serialize)]
pub struct FormSpec {
    /// Which office it is for.
    pub which: Which,
    /// Its fields, by path in the response file.
    pub fields: BTreeMap<String, FieldSpec>,
    /// The response it was made for: force, report and the report's publication day.
    pub response: String,
    /// The hash of the response file's text it was made from.
    pub source: String,
}

impl FormSpec {
    /// A form for `which`, for the response `doc` (its first edition) whose file's text
    /// hashes to `source`.
    pub fn new(which: Which, doc: &Response, source: String) -> Self {
        FormSpec {
            which,
            fields: BTreeMap::new(),
            response: identity(doc),
            source,
        }
    }

    /// The field at `path`.
    pub fn field(&self, path: &str) -> Option<&FieldSpec> {
        self.fields.get(path)
    }
}

/// What names a response whichever edition or version of its file: the force, the report's
/// title and the day it was published.
pub fn identity(doc: &Response) -> String {
    format!(
        "{} | {} | {}",
        doc.force, doc.report.title, doc.report.published.0
    )
}

/// The comment in the letter's Markdown that opens the field at a path (the path follows it).
const OPENS: &str = "<!-- s55:field ";
/// The comment that closes the innermost field.
const CLOSES: &str = "<!-- s55:field end -->";

/// A field in the form's blocks: the place where the other office writes the value of the
/// response's field `path`, holding its value today. The letter's blocks know nothing of it:
/// the form reads its own Markdown with [`blocks::read_as`], and writes each field itself.
#[derive(Debug, Clone)]
pub struct Field {
    /// The field's path in the response file, such as `recommendations[2].response`.
    path: String,
    /// Its value today (none when the field is empty).
    blocks: Vec<Block<Field>>,
    /// Its number in the document, from 1 (see [`number`]).
    id: usize,
    /// What the form asks in it, when the form has the path.
    spec: Option<FieldSpec>,
}

impl Wrap for Field {
    type Open = String;

    fn opens(comment: &str) -> Option<String> {
        let path = comment.strip_prefix(OPENS)?.strip_suffix(" -->")?;
        (comment != CLOSES).then(|| path.to_owned())
    }

    fn closes(comment: &str) -> bool {
        comment == CLOSES
    }

    fn wrap(path: String, blocks: Vec<Block<Field>>) -> Field {
        Field {
            path,
            blocks,
            id: 0,
            spec: None,
        }
    }
}

impl Extra for Field {
    /// A place for the other office to write: a content control tagged with the field's
    /// path, that cannot be deleted, holding today's value or a prompt.
    fn write(&self, w: &mut Writer<'_, Field>, ctx: Context) {
        let spec = self.spec.as_ref();
        let empty = self.blocks.is_empty();
        let x = &mut w.body.xml;
        let _ = write!(x, "<w:sdt><w:sdtPr>");
        if let Some(spec) = spec {
            let _ = write!(x, "<w:alias w:val=\"{}\"/>", xml_escape(&spec.label));
        }
        let _ = write!(
            x,
            "<w:tag w:val=\"s55:{}\"/><w:id w:val=\"{}\"/><w:lock w:val=\"sdtLocked\"/>",
            xml_escape(&self.path),
            self.id
        );
        if empty {
            x.push_str("<w:showingPlcHdr/>");
        }
        match spec.map(|s| &s.kind) {
            Some(FieldKind::Line) => x.push_str("<w:text/>"),
            Some(FieldKind::Choice(options)) => {
                x.push_str("<w:dropDownList>");
                for o in options {
                    let o = xml_escape(o);
                    let _ = write!(x, "<w:listItem w:displayText=\"{o}\" w:value=\"{o}\"/>");
                }
                x.push_str("</w:dropDownList>");
            }
            Some(FieldKind::Text) | None => x.push_str("<w:richText/>"),
        }
        x.push_str("</w:sdtPr><w:sdtContent>");
        if empty {
            let prompt = spec.map_or("", |s| s.prompt.as_str());
            w.paragraph(&[Span::plain(prompt)], Para::placeholder(FIELD_STYLE));
        } else {
            w.blocks(&self.blocks, ctx.styled(FIELD_STYLE));
        }
        w.body.xml.push_str("</w:sdtContent></w:sdt>");
    }
}

/// The paragraph style of a field: boxed, as a place to write.
const FIELD_STYLE: &str = "FormField";

/// Numbers the fields in the order the document has them (the body, then the notes), gives
/// each what the form asks in it, and returns their paths in that order.
fn number(letter: &mut blocks::Letter<Field>, spec: &FormSpec) -> Vec<String> {
    fn walk(blocks: &mut [Block<Field>], spec: &FormSpec, paths: &mut Vec<String>) {
        for b in blocks {
            match b {
                Block::Extra(f) => {
                    paths.push(f.path.clone());
                    f.id = paths.len();
                    f.spec = spec.field(&f.path).cloned();
                    walk(&mut f.blocks, spec, paths);
                }
                Block::Quote(inner) | Block::Part { blocks: inner, .. } => walk(inner, spec, paths),
                Block::List { items, .. } | Block::Notes(items) => {
                    for item in items {
                        walk(item, spec, paths);
                    }
                }
                Block::Heading { .. }
                | Block::Paragraph(_)
                | Block::Table { .. }
                | Block::Rule
                | Block::Signature => {}
            }
        }
    }
    let mut paths = Vec::new();
    walk(&mut letter.blocks, spec, &mut paths);
    for note in &mut letter.notes {
        walk(note, spec, &mut paths);
    }
    paths
}

/// The form's Markdown as the body of its Word file, and the form's own properties: what
/// it was made from and its fields in order.
pub(super) fn body(
    markdown: &str,
    spec: &FormSpec,
    lang: &str,
    signature: Option<&ImageView>,
) -> (super::body::Body, String) {
    let mut letter = blocks::read_as::<Field>(markdown);
    let paths = number(&mut letter, spec);
    let body = Writer::<Field>::new(lang, signature).write(&letter.blocks, &letter.notes);
    (body, custom(spec, &paths))
}

/// What a form was made from, for `s55 import docx` to check before it reads it back; and
/// each field's path in the order of the document (`s55-field-001`, …), one property each
/// (Word keeps a text property to 255 characters): where an office suite drops the controls'
/// tags, as LibreOffice does, the order of the boxes still says which field each is.
fn custom(form: &FormSpec, fields: &[String]) -> String {
    let mut x = format!(
        "{}<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/custom-properties\" \
         xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">",
        super::package::HEAD
    );
    for (pid, (name, value)) in [
        ("s55-form", form.which.key()),
        ("s55-response", form.response.as_str()),
        ("s55-source", form.source.as_str()),
        ("s55-version", env!("CARGO_PKG_VERSION")),
    ]
    .into_iter()
    .map(|(n, v)| (n.to_owned(), v))
    .chain(
        fields
            .iter()
            .enumerate()
            .map(|(i, p)| (format!("{FIELD_PROPERTY}{:03}", i + 1), p.as_str())),
    )
    .enumerate()
    {
        let _ = write!(
            x,
            "<property fmtid=\"{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}\" pid=\"{}\" name=\"{name}\">\
             <vt:lpwstr>{}</vt:lpwstr></property>",
            pid + 2,
            xml_escape(value)
        );
    }
    x.push_str("</Properties>");
    x
}

/// The Markdown of a field: s55's markers around its value (none when it is empty). A value
/// that is more than one plain paragraph, or has notes, stands above an empty box instead of
/// in it: LibreOffice keeps only a box's first paragraph, as plain text, and drops a box
/// whose words have a note, so a value it cannot hold would come back cut short.
fn marked(path: &str, value_md: Option<&str>) -> String {
    let value = value_md.unwrap_or("").trim();
    if value.is_empty() {
        format!("{OPENS}{path} -->\n\n{CLOSES}")
    } else if !fits_a_box(value) {
        format!("{value}\n\n{OPENS}{path} -->\n\n{CLOSES}")
    } else {
        format!("{OPENS}{path} -->\n\n{value}\n\n{CLOSES}")
    }
}

/// Whether every office suite can hold a value in a box: one paragraph, with no notes.
fn fits_a_box(value_md: &str) -> bool {
    !value_md.contains("[^")
        && matches!(
            blocks::parse(value_md, "").as_slice(),
            [Block::Paragraph(_)]
        )
}

/// The words shown in an empty box: "Write here: …", or where the value stands above the
/// box, "Write here to replace the text above: …".
fn prompt_key(value_md: Option<&str>) -> &'static str {
    match value_md.map(str::trim) {
        Some(v) if !v.is_empty() && !fits_a_box(v) => "form_prompt_replace",
        _ => "form_prompt",
    }
}

/// A value still to be written: absent, empty, or the `TODO` an importer or `s55 new` left.
fn unwritten(value: Option<&str>) -> bool {
    value.is_none_or(|v| {
        let v = v.trim();
        v.is_empty() || v.starts_with("TODO")
    })
}

/// What marks one edition's fields.
pub struct Marker<'a> {
    /// The form being made.
    pub spec: &'a mut FormSpec,
    /// The office's settings (the statuses a finding may have).
    pub settings: &'a Settings,
    /// In a bilingual response, the edition's language (`en`, `cy`): each text's path ends
    /// with it, as the file writes `text: {en: …, cy: …}`.
    pub lang: Option<&'static str>,
    /// How many heading levels a bilingual document moves each edition down.
    pub extra_shift: u8,
    /// Whether to ask for the fields a bilingual file gives once (status, owner): in its
    /// first edition only, so that each has one place.
    pub shared: bool,
    /// The response file as YAML: an owner it gives in each language (`{cy: …, en: …}`)
    /// is asked for in each edition, into its own language.
    pub source: &'a serde_yaml::Value,
}

impl Marker<'_> {
    /// Marks the fields of `view`, made from `doc`, that the form's office writes: their
    /// values become fields, every list of findings is laid out in full (so that each has its
    /// places), and the office's tracking is asked for rather than shown.
    pub fn mark(&mut self, view: &mut View, doc: &Response) {
        for (i, (sv, s)) in view.sections.iter_mut().zip(&doc.sections).enumerate() {
            let path = format!("sections[{i}].text");
            let asked = match self.spec.which {
                Which::ChiefOfficer => s.kind == SectionKind::ChiefOfficerComments,
                Which::Commissioner => {
                    matches!(s.kind, SectionKind::Comments | SectionKind::Response)
                }
            };
            if asked {
                let label = sv
                    .heading
                    .clone()
                    .unwrap_or_else(|| s.kind.key().replace('-', " "));
                let value = s.text.as_deref().filter(|t| !unwritten(Some(t)));
                let value_md = value.map(|t| crate::markup::sanitize(t, 2).markdown);
                let prompt = prompt_key(value_md.as_deref());
                let field = self.field(&path, label, FieldKind::Text, 2, &view.t, prompt);
                let md = marked(&field, value_md.as_deref());
                if s.kind == SectionKind::ChiefOfficerComments {
                    // The field holds the words; the quote's styling is the letter's.
                    sv.quote_md = Some(md);
                } else {
                    sv.text_md = Some(md);
                }
            }
            let list = match s.kind {
                SectionKind::Recommendations => Some(("recommendations", &doc.recommendations)),
                SectionKind::AreasForImprovement => {
                    Some(("areas_for_improvement", &doc.areas_for_improvement))
                }
                SectionKind::CausesOfConcern => Some(("causes_of_concern", &doc.causes_of_concern)),
                _ => None,
            };
            if let (Some((name, items)), Some(fv)) = (list, sv.findings.as_mut()) {
                self.findings(fv, items, name, 4, &view.t);
            }
        }
    }

    fn findings(
        &mut self,
        view: &mut FindingsView,
        items: &[Finding],
        list: &str,
        shift: u8,
        t: &BTreeMap<String, String>,
    ) {
        view.detailed = true;
        for (i, (fv, f)) in view.items.iter_mut().zip(items).enumerate() {
            let at = format!("{list}[{i}]");
            self.finding(fv, f, &at, shift, t);
            if let Some(nested) = fv.recommendations.as_mut() {
                self.findings(
                    nested,
                    &f.recommendations,
                    &format!("{at}.recommendations"),
                    shift + 1,
                    t,
                );
            }
        }
    }

    fn finding(
        &mut self,
        fv: &mut FindingView,
        f: &Finding,
        at: &str,
        shift: u8,
        t: &BTreeMap<String, String>,
    ) {
        let text = |v: &Option<String>| {
            v.as_deref()
                .filter(|v| !unwritten(Some(v)))
                .map(|v| crate::markup::sanitize(v, shift).markdown)
        };
        let of = |label: &str| format!("{label} – {}", fv.heading);
        let word = |key: &str| t.get(key).cloned().unwrap_or_default();
        match self.spec.which {
            Which::ChiefOfficer => {
                let label = of(&word("force_response"));
                let value = text(&f.force_response);
                let path = self.field(
                    &format!("{at}.force_response"),
                    label,
                    FieldKind::Text,
                    shift,
                    t,
                    prompt_key(value.as_deref()),
                );
                let mut md = marked(&path, value.as_deref());
                let owner_lang = self.lang.filter(|_| {
                    value_at(self.source, &format!("{at}.owner")).is_some_and(|v| v.is_mapping())
                });
                if self.shared {
                    let statuses: Vec<String> = self
                        .settings
                        .statuses
                        .iter()
                        .map(|s| s.name.clone())
                        .collect();
                    let status = f.status.as_deref().filter(|s| !unwritten(Some(s)));
                    let path = self.field(
                        &format!("{at}.status"),
                        of(&word("status")),
                        FieldKind::Choice(statuses),
                        0,
                        t,
                        "form_prompt",
                    );
                    md.push_str(&format!(
                        "\n\n**{}**\n\n{}",
                        crate::markup::escape_inline(&word("status")),
                        marked(&path, status.map(crate::markup::escape_inline).as_deref())
                    ));
                    // Asked for in the field above, not shown as the letter's bullet.
                    fv.status = None;
                }
                if self.shared || owner_lang.is_some() {
                    let owner = f.owner.as_deref().filter(|s| !unwritten(Some(s)));
                    let path = match owner_lang {
                        Some(lang) => format!("{at}.owner.{lang}"),
                        None => format!("{at}.owner"),
                    };
                    let path = self.field(
                        &path,
                        of(&word("owner")),
                        FieldKind::Line,
                        0,
                        t,
                        "form_prompt",
                    );
                    md.push_str(&format!(
                        "\n\n**{}**\n\n{}",
                        crate::markup::escape_inline(&word("owner")),
                        marked(&path, owner.map(crate::markup::escape_inline).as_deref())
                    ));
                    fv.owner = None;
                }
                fv.force_response_md = Some(md);
            }
            Which::Commissioner => {
                let value = text(&f.response);
                let path = self.field(
                    &format!("{at}.response"),
                    of(&word("response")),
                    FieldKind::Text,
                    shift,
                    t,
                    prompt_key(value.as_deref()),
                );
                fv.response_md = Some(marked(&path, value.as_deref()));
            }
        }
    }

    /// Records a field and returns its full path (with the edition's language).
    fn field(
        &mut self,
        path: &str,
        label: String,
        kind: FieldKind,
        shift: u8,
        t: &BTreeMap<String, String>,
        prompt_key: &str,
    ) -> String {
        // A bilingual file gives texts in both languages; a status or an owner once.
        let path = match self.lang {
            Some(lang) if kind == FieldKind::Text => format!("{path}.{lang}"),
            _ => path.to_owned(),
        };
        let prompt = t
            .get(prompt_key)
            .or_else(|| t.get("form_prompt"))
            .map_or_else(|| label.clone(), |p| p.replace("{field}", &label));
        let shift = if shift == 0 {
            0
        } else {
            shift + self.extra_shift
        };
        self.spec.fields.insert(
            path.clone(),
            FieldSpec {
                label,
                kind,
                prompt,
                shift,
            },
        );
        path
    }
}

/// The value at a field's path in the response file.
fn value_at<'v>(yaml: &'v serde_yaml::Value, path: &str) -> Option<&'v serde_yaml::Value> {
    let mut v = yaml;
    for step in crate::diag::FieldPath::parse(path).0 {
        v = match step {
            crate::diag::Step::Key(k) => v.get(k.as_str())?,
            crate::diag::Step::Index(i) => v.get(i)?,
        };
    }
    Some(v)
}
