//! The response `s55 new` prints and `s55 init` writes: the scaffold template filled in with
//! what the office gave on the command line, and a `TODO` for the rest, so that `check` tells
//! what is still to write. What the office's settings give (`office:` in s55.yaml) is left
//! out, for the response to inherit.

use anyhow::Result;
use serde_yaml::{Mapping, Value};

use std::path::{Path, PathBuf};

use super::{Assets, Renderer};
use crate::cli::{InitArgs, NewArgs, OfficeArgs};
use crate::load::scalar;
use crate::model::{BodyKind, Form, ReportKind};
use crate::statute;

/// A value the office gave, quoted as every text s55 writes from outside is.
fn yaml_quote(s: &str) -> String {
    scalar::from_outside(s)
}

/// A value quoted, or a quoted "TODO: …" saying what to fill in where none was given.
fn quote_or_todo(value: Option<String>, what: &str) -> String {
    yaml_quote(&value.unwrap_or_else(|| format!("TODO: {what}")))
}

/// Whether the office's settings give `key` (a path of mapping keys), so that the response
/// can leave it out and inherit it.
fn gives(office: Option<&Mapping>, keys: &[&str]) -> bool {
    let Some((first, rest)) = keys.split_first() else {
        return true;
    };
    let Some(v) = office.and_then(|m| m.get(*first)) else {
        return false;
    };
    match v {
        Value::Null => false,
        Value::Mapping(m) => gives(Some(m), rest),
        _ => rest.is_empty(),
    }
}

/// The response `s55 new` prints for these arguments, leaving out what `office` (the
/// `office:` settings it will inherit) gives; `s55 init` writes the same one.
///
/// The scaffold is a template, not a value the writer writes, because it is a guide as much
/// as a file: it explains each field and shows the optional ones commented out, which the
/// model's values cannot carry, and an office may give its own (`--templates`). So what it
/// writes is checked against the model before anyone sees it: a template that names a field
/// the model does not have is refused, naming the template.
pub fn scaffold(args: &NewArgs, office: Option<&Mapping>) -> Result<String> {
    let renderer = Renderer::new(Assets::load(args.templates.as_deref())?)?;
    let mut ctx = tera::Context::new();
    // A bilingual response gives each translated text in both languages: the same words to
    // start with, for the office's translators.
    let bilingual = args.language == "bilingual";
    let text = |v: &Option<String>, todo: &str| {
        let q = quote_or_todo(v.clone(), todo);
        if bilingual {
            format!("{{en: {q}, cy: {q}}}")
        } else {
            q
        }
    };
    let q = |v: &Option<String>, todo: &str| quote_or_todo(v.clone(), todo);
    let o = &args.office;
    let given: std::collections::BTreeMap<&str, bool> = [
        ("kind", gives(office, &["body", "kind"])),
        ("area", gives(office, &["body", "area"])),
        ("website", gives(office, &["body", "website"])),
        ("address", gives(office, &["body", "address"])),
        ("commissioner", gives(office, &["commissioner", "name"])),
        ("chief_officer", gives(office, &["chief_officer", "name"])),
        ("force", gives(office, &["force"])),
    ]
    .into_iter()
    .collect();
    ctx.insert("given", &given);
    ctx.insert("form", &args.form);
    ctx.insert("body_kind", &o.body.unwrap_or(BodyKind::Pcc));
    ctx.insert("area", &q(&o.area, "the police area"));
    ctx.insert(
        "website",
        &yaml_quote(o.website.as_deref().unwrap_or("https://TODO")),
    );
    ctx.insert(
        "commissioner",
        &q(&o.commissioner, "the commissioner's name"),
    );
    ctx.insert(
        "chief_officer",
        &q(&o.chief_officer, "the chief officer's name"),
    );
    ctx.insert("force", &text(&o.force_name, "the force's name"));
    ctx.insert("report", &text(&args.report, "the report's title"));
    ctx.insert("report_kind", &args.report_kind);
    ctx.insert("language", &args.language);
    ctx.insert("peel", &(args.report_kind == ReportKind::Peel));
    ctx.insert("dated", &args.published.is_some());
    // Without a publication date the scaffold says so, rather than guess from the clock.
    match args.published {
        Some(p) => {
            ctx.insert("published", &p.to_string());
            ctx.insert("last_day", &statute::last_day(p).to_string());
        }
        None => {
            ctx.insert("published", &yaml_quote("TODO: YYYY-MM-DD"));
            ctx.insert("last_day", "publication + 55 days");
        }
    }
    let text = one_blank_line(&renderer.scaffold(&ctx)?);
    let (_, diags) = crate::load::parse_editions_with(&text, office);
    if let Some(d) = diags.iter().find(|d| d.is_error()) {
        let at = d
            .position
            .as_ref()
            .map(|p| format!(" (line {}, column {})", p.line, p.column))
            .unwrap_or_default();
        let template = match &args.templates {
            Some(dir) if dir.join("new.yaml.tera").is_file() => {
                format!("`{}`", dir.join("new.yaml.tera").display())
            }
            _ => "the built-in `new.yaml.tera`".to_owned(),
        };
        anyhow::bail!(
            "the response template {template} writes a file s55 cannot read{at}: {}; correct the template",
            d.message
        );
    }
    Ok(text)
}

/// The text with each run of blank lines made one: the template's blocks left out leave
/// their blank lines behind. (The scaffold's block texts hold no blank lines of their own.)
fn one_blank_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = false;
    for line in text.lines() {
        let is_blank = line.trim().is_empty();
        if !(is_blank && blank) {
            out.push_str(line);
            out.push('\n');
        }
        blank = is_blank;
    }
    out
}

/// The settings file, commented, with the office's details and the default statuses written
/// out to change.
const SETTINGS: &str = include_str!("../../templates/init/s55.yaml");
/// The office's README: the folder's layout and the everyday commands.
const README: &str = include_str!("../../templates/init/README.md");
/// What goes in `templates/`, and how overrides work.
const TEMPLATES_README: &str = include_str!("../../templates/init/templates-README.md");

/// The settings file for these details: each one given is written as a setting, each one
/// not given is shown commented.
fn settings(office: &OfficeArgs, copies_from: Option<&str>) -> Result<String> {
    let on = |given: bool| if given { "" } else { "# " };
    let body = office.body.is_some() || office.area.is_some() || office.website.is_some();
    let any = body
        || office.commissioner.is_some()
        || office.chief_officer.is_some()
        || office.force_name.is_some();
    let c: std::collections::BTreeMap<&str, &str> = [
        ("office", on(any)),
        ("body", on(body)),
        ("kind", on(office.body.is_some())),
        ("area", on(office.area.is_some())),
        ("website", on(office.website.is_some())),
        ("commissioner", on(office.commissioner.is_some())),
        ("chief_officer", on(office.chief_officer.is_some())),
        ("force", on(office.force_name.is_some())),
    ]
    .into_iter()
    .collect();
    let quoted = |v: &Option<String>, example: &str| yaml_quote(v.as_deref().unwrap_or(example));
    let mut ctx = tera::Context::new();
    ctx.insert("c", &c);
    ctx.insert("kind", &office.body.unwrap_or(BodyKind::Pcc));
    ctx.insert("area", &quoted(&office.area, "the police area"));
    ctx.insert(
        "website",
        &quoted(&office.website, "https://www.example-pcc.org.uk"),
    );
    ctx.insert(
        "commissioner",
        &quoted(&office.commissioner, "the commissioner's name"),
    );
    ctx.insert(
        "chief_officer",
        &quoted(&office.chief_officer, "the chief officer's name"),
    );
    ctx.insert("force", &quoted(&office.force_name, "the force's name"));
    ctx.insert(
        "copies_from",
        &yaml_quote(copies_from.unwrap_or("the office's e-mail address")),
    );
    let mut tera = tera::Tera::new();
    tera.add_raw_template("s55.yaml", SETTINGS).map_err(|e| {
        anyhow::anyhow!("the built-in template `init/s55.yaml` does not compile:\n{e}")
    })?;
    tera.render("s55.yaml", &ctx)
        .map_err(|e| anyhow::anyhow!("the built-in template `init/s55.yaml` failed:\n{e}"))
}

/// The files `s55 init` writes, relative to the office's folder, with their contents: the
/// settings with the office's details, an example response that inherits them, and the
/// READMEs.
pub fn office_files(args: &InitArgs) -> Result<Vec<(PathBuf, String)>> {
    let settings = settings(&args.office, args.copies_from.as_deref())?;
    // The example inherits what the settings give, exactly as `s55 new` beside them would.
    let office = serde_yaml::from_str::<Mapping>(&settings)
        .ok()
        .and_then(|m| match m.get("office") {
            Some(Value::Mapping(o)) => Some(o.clone()),
            _ => None,
        });
    let example = scaffold(
        &NewArgs {
            office: args.office.clone(),
            report: None,
            report_kind: ReportKind::Other,
            published: None,
            form: Form::Letter,
            language: "en".to_owned(),
            out: None,
            overwrite: false,
            templates: None,
        },
        office.as_ref(),
    )?;
    Ok(vec![
        (PathBuf::from("README.md"), README.to_owned()),
        (Path::new("responses").join(crate::settings::FILE), settings),
        (Path::new("responses").join("new-response.yaml"), example),
        (
            Path::new("templates").join("README.md"),
            TEMPLATES_README.to_owned(),
        ),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The scaffold with every field it shows commented out (`# date: YYYY-MM-DD`,
    /// `# accelerated: true`) written in, with a date for each `YYYY-MM-DD`; and how many it
    /// wrote in.
    fn every_field_written_in(scaffold: &str) -> (String, usize) {
        let mut n = 0;
        let mut out = String::new();
        for line in scaffold.lines() {
            let indent = line.len() - line.trim_start().len();
            let rest = &line[indent..];
            let field = rest.strip_prefix("# ").filter(|r| {
                r.split_once(':').is_some_and(|(k, _)| {
                    let k = k.trim_start();
                    !k.is_empty() && k.chars().all(|c| c.is_ascii_lowercase() || c == '_')
                })
            });
            match field {
                Some(f) => {
                    n += 1;
                    // `#   hmicfrs:` under `# copies:` keeps its place below it.
                    let inner = f.len() - f.trim_start().len();
                    out.push_str(&" ".repeat(indent + inner));
                    out.push_str(&f.trim_start().replace("YYYY-MM-DD", "2026-03-20"));
                }
                None => out.push_str(line),
            }
            out.push('\n');
        }
        (out, n)
    }

    /// Every field the scaffold writes, and every field it shows commented out for the office
    /// to write in, is a field of the model, with a value of the model's kind: the scaffold
    /// restates no schema of its own that could drift from the model's.
    #[test]
    fn every_field_the_scaffold_writes_or_shows_is_a_model_field() {
        for (kind, language, form) in [
            (ReportKind::Peel, "en", Form::Letter),
            (ReportKind::Peel, "bilingual", Form::Letter),
            (ReportKind::Custody, "cy", Form::Statement),
            (ReportKind::Other, "en", Form::Letter),
        ] {
            let args = NewArgs {
                office: OfficeArgs::default(),
                report: None,
                report_kind: kind,
                published: Some(jiff::civil::date(2026, 3, 12)),
                form,
                language: language.to_owned(),
                out: None,
                overwrite: false,
                templates: None,
            };
            let text = scaffold(&args, None).unwrap();
            let (editions, diags) = crate::load::parse_editions(&text);
            assert!(!diags.iter().any(|d| d.is_error()), "{diags:?}\n{text}");
            assert_eq!(editions.len(), 1 + usize::from(language == "bilingual"));
            let (full, shown) = every_field_written_in(&text);
            let (editions, diags) = crate::load::parse_editions(&full);
            assert!(!diags.iter().any(|d| d.is_error()), "{diags:?}\n{full}");
            let doc = &editions[0];
            assert!(doc.date.is_some(), "{full}");
            assert!(
                doc.copies
                    .as_ref()
                    .is_some_and(|c| c.hmicfrs.is_some() && c.home_secretary.is_some())
            );
            assert!(doc.recommendations[0].addressed_to.is_some(), "{full}");
            if kind == ReportKind::Peel {
                let cause = &doc.causes_of_concern[0];
                assert!(cause.accelerated && cause.discharged.is_some(), "{full}");
                assert!(shown >= 7, "{shown} fields shown\n{full}");
            } else {
                assert!(shown >= 5, "{shown} fields shown\n{full}");
            }
        }
    }
}
