//! The response `s55 new` prints and `s55 init` writes: the scaffold template filled in with
//! what the office gave on the command line, and a `TODO` for the rest, so that `check` tells
//! what is still to write. What the office's settings give (`office:` in s55.yaml) is left
//! out, for the response to inherit.

use anyhow::Result;
use serde_yaml::{Mapping, Value};

use super::{Assets, Renderer};
use crate::cli::NewArgs;
use crate::import::{quote_or_todo, yaml_quote};
use crate::model::{BodyKind, ReportKind};
use crate::statute;

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
pub fn scaffold(args: &NewArgs, office: Option<&Mapping>) -> Result<String> {
    let renderer = Renderer::new(Assets::builtin()?)?;
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
    Ok(one_blank_line(&renderer.scaffold(&ctx)?))
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
