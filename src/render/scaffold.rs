//! The response `s55 new` prints and `s55 init` writes: the scaffold template filled in with
//! what the office gave on the command line, and a `TODO` for the rest, so that `check` tells
//! what is still to write.

use anyhow::Result;

use super::{Assets, Renderer};
use crate::cli::NewArgs;
use crate::import::{quote_or_todo, yaml_quote};
use crate::model::ReportKind;
use crate::statute;

/// The response `s55 new` prints for these arguments; `s55 init` writes the same one.
pub fn scaffold(args: &NewArgs) -> Result<String> {
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
    ctx.insert("form", &args.form);
    ctx.insert("body_kind", &args.body);
    ctx.insert("area", &q(&args.area, "the police area"));
    ctx.insert("force", &text(&args.force, "the force's name"));
    ctx.insert("report", &text(&args.report, "the report's title"));
    ctx.insert("report_kind", &args.report_kind);
    ctx.insert("language", &args.language);
    ctx.insert("peel", &(args.report_kind == ReportKind::Peel));
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
    renderer.scaffold(&ctx)
}
