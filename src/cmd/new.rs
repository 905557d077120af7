//! `s55 new`: a response to fill in, from the scaffold template.

use anyhow::Result;

use super::{EXIT_OK, print_out};
use crate::cli::NewArgs;
use crate::import::{quote_or_todo, yaml_quote};
use crate::render::{Assets, Renderer};
use crate::statute;

/// Runs `s55 new`.
pub fn run(args: &NewArgs) -> Result<u8> {
    print_out(&scaffold(args)?)?;
    Ok(EXIT_OK)
}

/// The response `s55 new` prints for these arguments; `s55 init` writes the same one.
pub(super) fn scaffold(args: &NewArgs) -> Result<String> {
    let renderer = Renderer::new(Assets::builtin()?)?;
    let mut ctx = tera::Context::new();
    let q = |v: &Option<String>, todo: &str| quote_or_todo(v.clone(), todo);
    ctx.insert("form", &args.form);
    ctx.insert("body_kind", &args.body);
    ctx.insert("area", &q(&args.area, "the police area"));
    ctx.insert("force", &q(&args.force, "the force's name"));
    ctx.insert("report", &q(&args.report, "the report's title"));
    ctx.insert("report_kind", &args.report_kind);
    // Without a publication date the scaffold says so, rather than guess from the clock.
    match args.published {
        Some(p) => {
            let last = statute::last_day(p).to_string();
            ctx.insert("published", &p.to_string());
            ctx.insert("date", &last);
            ctx.insert("last_day", &last);
        }
        None => {
            ctx.insert("published", &yaml_quote("TODO: YYYY-MM-DD"));
            ctx.insert("date", &yaml_quote("TODO: YYYY-MM-DD"));
            ctx.insert("last_day", "publication + 55 days");
        }
    }
    renderer.scaffold(&ctx)
}
