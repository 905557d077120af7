//! Reading a filled Word form back into its response file (`s55 import docx`).
//!
//! The form is the one `s55 render --format docx --form …` wrote: each place to write is a
//! content control tagged `s55:PATH`. It may come back from Word, which keeps the tags, or
//! from LibreOffice, which drops them ([`fields`] tells the boxes apart all the same). What
//! was written in each comes back as Markdown ([`markdown`]: paragraphs, bold, italics,
//! lists, links and headings as the office suite holds them), is compared with what the file
//! says, and only the fields that changed are written, into the file's text in place
//! ([`crate::load::edit`]), so the office's comments and layout stay. The document says
//! which response and which version of its file it was made from; a form for another
//! response, or made before the file last changed, is refused unless forced (or unless it
//! changes nothing, as when the same form is read in twice). Text typed outside the fields
//! is reported, never read in.

mod fields;
mod markdown;
mod run;

use std::collections::{BTreeMap, HashMap};

use crate::diag::FieldPath;
use crate::import::word::{self, Control};
use crate::load::edit::{self, Change, Hunk};
use crate::model::Editions;
use crate::render::Renderer;
use crate::render::blocks::{self, Block};
use crate::render::docx::{self, FieldKind, FormSpec, Which};
use crate::settings::Settings;

pub use markdown::markdown;
use markdown::{line, normal};
pub use run::{Imported, Request, import};

/// The largest Word document `s55 import docx` reads: a form s55 writes is tens of
/// kilobytes, and one with pictures pasted in a few megabytes.
pub const MAX_DOCX_BYTES: usize = 20 * 1024 * 1024;

/// What a filled form holds.
#[derive(Debug, Default)]
pub struct Filled {
    /// The document's s55 properties: `s55-form`, `s55-response`, `s55-source`, and each
    /// field's path in order (`s55-field-001`, …).
    pub props: BTreeMap<String, String>,
    /// The program that saved it last, as it names itself (`docProps/app.xml`).
    pub saved_by: Option<String>,
    /// Its boxes (outermost content controls), in the order of the document.
    pub found: Vec<Found>,
    /// The text of each paragraph outside the boxes, in order.
    pub outside: Vec<String>,
}

/// One box of a form, as it came back.
#[derive(Debug, Default, Clone)]
pub struct Found {
    /// The control: its tag and title, where the office suite kept them.
    pub control: Control,
    /// What is written in it.
    pub content: Content,
}

/// What one field holds.
#[derive(Debug, Default, Clone)]
pub struct Content {
    /// Whether Word still shows the prompt (nothing was written).
    pub placeholder: bool,
    /// Its paragraphs.
    pub blocks: Vec<Block>,
    /// Words in it struck through, which Markdown here cannot keep.
    pub struck: Vec<String>,
    /// Whether it came back from an office suite that took the box's name off, as
    /// LibreOffice does: such a box holds plain text only, so words that are the file's
    /// words without their bold or italics are the file's words unchanged.
    pub plain: bool,
}

/// Why a document cannot be read.
#[derive(Debug)]
pub struct Refused(pub String, pub String);

fn refused(what: impl Into<String>, hint: impl Into<String>) -> Refused {
    Refused(what.into(), hint.into())
}

/// Reads a filled form.
pub fn read(bytes: &[u8]) -> Result<Filled, Refused> {
    if bytes.len() > MAX_DOCX_BYTES {
        return Err(refused(
            format!(
                "the file is {} MB: a Word form from s55 is far smaller",
                bytes.len() / (1024 * 1024)
            ),
            format!(
                "s55 reads Word forms of up to {} MB; check that this is the form s55 wrote, \
                 and take out any pictures pasted into it",
                MAX_DOCX_BYTES / (1024 * 1024)
            ),
        ));
    }
    let mut package = word::Package::open(bytes).map_err(|e| {
        refused(
            format!("this is not a Word document s55 can read: {e}"),
            "save the form from Word as a Word Document (.docx) and try again; a file that \
             was copied only in part, or renamed from another format, cannot be read",
        )
    })?;
    let mut part = |name: &str| {
        package.part(name).map_err(|e| {
            refused(
                format!("this Word document cannot be read: {e}"),
                "nothing was changed; save the form from Word again, or ask for it to be sent \
                 again",
            )
        })
    };
    let document = part("word/document.xml")?.ok_or_else(|| {
        refused(
            "this file has no Word document in it (no `word/document.xml`)",
            "give the .docx that s55 wrote with `s55 render --format docx --form …`",
        )
    })?;
    let custom = part("docProps/custom.xml")?.unwrap_or_default();
    let app = part("docProps/app.xml")?.unwrap_or_default();
    let rels = part("word/_rels/document.xml.rels")?.unwrap_or_default();
    let numbering = part("word/numbering.xml")?.unwrap_or_default();
    let props = word::properties(&custom).map_err(damaged)?;
    let links = word::relationships(&rels).map_err(damaged)?;
    let bullets = word::bullet_lists(&numbering).map_err(damaged)?;
    let body = word::body(&document, &links).map_err(damaged)?;
    let mut filled = Filled {
        props,
        saved_by: application(&app),
        ..Filled::default()
    };
    let mut paras: Vec<Vec<word::Para>> = vec![Vec::new(); body.controls.len()];
    for p in body.paras {
        match p.control.and_then(|c| paras.get_mut(c)) {
            Some(list) => list.push(p),
            None => filled.outside.push(p.text()),
        }
    }
    filled.outside.retain(|t| !t.trim().is_empty());
    for (control, paras) in body.controls.into_iter().zip(paras) {
        let struck = paras.iter().flat_map(|p| p.struck.clone()).collect();
        filled.found.push(Found {
            content: Content {
                placeholder: control.placeholder,
                blocks: fields::to_blocks(paras, &bullets),
                struck,
                plain: control.tag.is_none(),
            },
            control,
        });
    }
    Ok(filled)
}

/// The program that saved the document, from `docProps/app.xml`: "LibreOffice/7.4.7.2",
/// "Microsoft Office Word".
fn application(xml: &str) -> Option<String> {
    let start = xml.find("<Application>")? + "<Application>".len();
    let end = start + xml[start..].find("</Application>")?;
    let name = xml[start..end].split('$').next()?.trim();
    (!name.is_empty()).then(|| name.to_owned())
}

fn damaged(e: String) -> Refused {
    refused(
        format!("the Word document cannot be read: {e}"),
        "the file is damaged: save the form from Word again",
    )
}

/// What reading a form back found.
#[derive(Debug)]
pub struct ReadBack {
    /// The response file's new text.
    pub text: String,
    /// What changed, in the order of the file (fields added to the same place are one).
    pub hunks: Vec<Hunk>,
    /// How many fields changed.
    pub fields: usize,
    /// What the office should know: text outside the fields, a mismatch that was forced.
    pub warnings: Vec<String>,
}

/// The form a filled form says it is, or why it is not one of s55's.
fn which(filled: &Filled) -> Result<Which, Refused> {
    filled
        .props
        .get("s55-form")
        .and_then(|k| Which::from_key(k))
        .ok_or_else(|| {
            refused(
                "this Word document is not a form made by s55: it has no s55 form properties",
                "make the form with `s55 render FILE --format docx --form chief-officer` (or \
                 `commissioner`), send that file, and read back the file that comes back",
            )
        })
}

/// The fields' paths in the order of the form's boxes, as the form recorded them; for a
/// form made before it recorded them, the order of the form made again.
fn order(filled: &Filled, made: &Filled) -> Vec<String> {
    let recorded: Vec<String> = filled
        .props
        .iter()
        .filter(|(k, _)| k.starts_with(docx::form::FIELD_PROPERTY))
        .map(|(_, v)| v.clone())
        .collect();
    if !recorded.is_empty() {
        return recorded;
    }
    made.found
        .iter()
        .filter_map(|f| f.control.tag.as_deref()?.strip_prefix("s55:"))
        .map(str::to_owned)
        .collect()
}

/// Reads a filled form into the text of the response file it was made from. `editions` and
/// `settings` are the file's as checked; `text` its text. Refuses a form for another
/// response, or one made before the file last changed (unless it changes nothing), unless
/// `force`; and a form whose fields cannot be found.
pub fn read_back(
    filled: &Filled,
    renderer: &Renderer,
    editions: &Editions,
    settings: &Settings,
    text: &str,
    force: bool,
) -> Result<ReadBack, Refused> {
    let mut warnings = Vec::new();
    let which = which(filled)?;
    let made_for = filled
        .props
        .get("s55-response")
        .cloned()
        .unwrap_or_default();
    let this = docx::form::identity(editions.first());
    if made_for != this {
        let what = format!("this form was made for another response: “{made_for}”, not “{this}”");
        if !force {
            return Err(refused(
                what,
                "give the response file the form was made from; `--force` reads it in anyway",
            ));
        }
        warnings.push(format!("{what}; read in anyway, as --force asks"));
    }
    let source = filled.props.get("s55-source").cloned().unwrap_or_default();
    let stale = source != crate::util::hash_hex(text.as_bytes());
    let stale_refusal = || {
        refused(
            "the response file has changed since this form was made from it",
            "a form made from an older version could undo the changes made since: make a \
             new form and send it again, or read this one in with `--force` (its fields \
             then replace what the file says)",
        )
    };
    // The form as s55 would make it now: its fields, and the text around them.
    let made = docx::form(renderer, editions, settings, which, text).map_err(|e| {
        refused(
            format!("the form cannot be made again to compare with: {e}"),
            "check the response with `s55 check`",
        )
    })?;
    let original = read(&made.bytes)?;
    // s55's own name is in a form no office suite has saved.
    let saved_by = filled.saved_by.as_deref().filter(|a| !a.starts_with("s55"));
    let found = fields::identify(
        &filled.found,
        &made.spec,
        &order(filled, &original),
        saved_by,
    );
    let found = match found {
        Err(_) if stale && !force => return Err(stale_refusal()),
        other => other?,
    };
    for f in &filled.found {
        if let Some(path) = f
            .control
            .tag
            .as_deref()
            .and_then(|t| t.strip_prefix("s55:"))
            && !made.spec.fields.contains_key(path)
        {
            warnings.push(format!(
                "the form has a field `{path}` that this response does not ask for: left out"
            ));
        }
    }
    let changes = changes(&found, &made.spec, text, &mut warnings)?;
    if stale {
        if changes.is_empty() {
            // The same form read in again: the file already says what it says.
            return Ok(ReadBack {
                text: text.to_owned(),
                hunks: Vec::new(),
                fields: 0,
                warnings,
            });
        }
        if !force {
            return Err(stale_refusal());
        }
        warnings.push(format!(
            "{}; read in anyway, as --force asks",
            stale_refusal().0
        ));
    }
    warnings.extend(typed_outside(&original.outside, &filled.outside));
    // A field longer than a response may hold is refused before the file is edited and
    // checked again, which would take long for nothing.
    for c in &changes {
        let n = c.value.chars().count();
        if c.value.len() > settings.limits.text && n > settings.limits.text {
            return Err(refused(
                format!(
                    "the form's field `{}` holds {n} characters, more than the {} s55 takes in \
                     one text",
                    c.path, settings.limits.text
                ),
                "nothing was changed; shorten it in Word, or raise `limits: text:` in s55.yaml",
            ));
        }
    }
    let (new_text, hunks) = edit::apply(text, &changes).map_err(|e| {
        refused(
            format!("the response file cannot be changed in place: {e}"),
            "copy the words from the form into the file by hand",
        )
    })?;
    Ok(ReadBack {
        text: new_text,
        hunks,
        fields: changes.len(),
        warnings,
    })
}

/// Paragraphs of the returned form that the form as made does not have: typed outside the
/// fields.
fn typed_outside(made: &[String], returned: &[String]) -> Vec<String> {
    let mut count: HashMap<String, usize> = HashMap::new();
    for p in made {
        *count.entry(squash(p)).or_default() += 1;
    }
    let mut out = Vec::new();
    for p in returned {
        let key = squash(p);
        match count.get_mut(&key) {
            Some(n) if *n > 0 => *n -= 1,
            _ => out.push(format!(
                "text typed outside the form's fields is not read in: “{}”; copy it into the \
                 response file if it belongs there",
                crate::util::shorten(p.trim(), 120)
            )),
        }
    }
    out
}

fn squash(t: &str) -> String {
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The changes the form's fields make to the file: each field whose content differs from
/// what the file says.
fn changes(
    fields: &[(String, Content)],
    spec: &FormSpec,
    text: &str,
    warnings: &mut Vec<String>,
) -> Result<Vec<Change>, Refused> {
    let yaml: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| {
        refused(
            format!("the response file cannot be read: {e}"),
            "check it with `s55 check`",
        )
    })?;
    let mut out = Vec::new();
    for (path, content) in fields {
        let Some(field) = spec.field(path) else {
            continue;
        };
        let at = FieldPath::parse(path);
        let old = value_at(&yaml, &at);
        let old = old.filter(|v| {
            let v = v.trim();
            !v.is_empty() && !v.starts_with("TODO")
        });
        let blocks = if content.placeholder || is_prompt(&content.blocks, &field.prompt) {
            Vec::new()
        } else {
            content.blocks.clone()
        };
        let new = match &field.kind {
            FieldKind::Text => {
                let shown = old
                    .as_deref()
                    .map(|o| blocks::parse(&crate::markup::sanitize(o, field.shift).markdown, ""))
                    .unwrap_or_default();
                if normal(&shown) == normal(&blocks)
                    || (content.plain && line(&shown) == line(&blocks))
                {
                    continue;
                }
                markdown(&blocks, field.shift)
            }
            FieldKind::Line | FieldKind::Choice(_) => {
                let new = line(&blocks);
                if old.as_deref().map(str::trim) == Some(new.as_str())
                    || (old.is_none() && new.is_empty())
                {
                    continue;
                }
                new
            }
        };
        if new.trim().is_empty() {
            // Emptied in Word: what the file says stays; an office removes a field itself.
            continue;
        }
        if !content.struck.is_empty() {
            warnings.push(format!(
                "in `{path}`, words struck through are read in as words, without the line \
                 through them: “{}”; take them out of the response file if they were meant \
                 to go",
                crate::util::shorten(content.struck.join(" ").trim(), 120)
            ));
        }
        out.push(Change {
            path: at,
            value: new,
        });
    }
    Ok(out)
}

/// Whether the content is only the field's prompt, as Word shows it when nothing is written.
fn is_prompt(blocks: &[Block], prompt: &str) -> bool {
    !prompt.is_empty() && line(blocks) == squash(prompt)
}

/// The text at `path` in the file, if it is one.
fn value_at(yaml: &serde_yaml::Value, path: &FieldPath) -> Option<String> {
    let mut v = yaml;
    for step in &path.0 {
        v = match step {
            crate::diag::Step::Key(k) => v.get(k.as_str())?,
            crate::diag::Step::Index(i) => v.get(*i)?,
        };
    }
    match v {
        serde_yaml::Value::String(s) => Some(s.clone()),
        serde_yaml::Value::Number(n) => Some(n.to_string()),
        serde_yaml::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}
