//! `s55 import docx`: a filled Word form read back into the response file it was made from,
//! in place, with what changed shown as a diff.

use anyhow::{Context as _, Result};

use super::{EXIT_INPUT, EXIT_OK, Talk, report};
use crate::cli::ImportDocxArgs;
use crate::diag::Diagnostic;
use crate::import::form::{self, MAX_DOCX_BYTES, Refused};
use crate::render::{Assets, Renderer};

/// Prints why the form was refused, against the file it concerns, and gives the exit code.
fn refuse(name: &str, r: Refused) -> u8 {
    anstream::eprintln!(
        "{}",
        Diagnostic::error(r.0)
            .hint(r.1)
            .render(name, None, true)
            .trim_end()
    );
    EXIT_INPUT
}

/// Runs `s55 import docx`.
pub fn run(args: &ImportDocxArgs, talk: Talk) -> Result<u8> {
    let docx_name = args.file.display().to_string();
    let yaml_name = args.into.display().to_string();
    let bytes = match crate::fs::read_limited(&args.file, MAX_DOCX_BYTES) {
        Ok(b) => b,
        Err(crate::fs::ReadError::TooLarge(size)) => {
            let size = size.map_or(String::new(), |s| format!(" ({} MB)", s / (1024 * 1024)));
            return Ok(refuse(
                &docx_name,
                Refused(
                    format!("the file is too large to be a Word form from s55{size}"),
                    format!(
                        "s55 reads Word forms of up to {} MB; check that this is the form s55 \
                         wrote, and take out any pictures pasted into it",
                        MAX_DOCX_BYTES / (1024 * 1024)
                    ),
                ),
            ));
        }
        Err(e) => {
            return Ok(refuse(
                &docx_name,
                Refused(
                    format!("cannot read the form: {e}"),
                    "check the path".to_owned(),
                ),
            ));
        }
    };
    let filled = match form::read(&bytes) {
        Ok(f) => f,
        Err(r) => return Ok(refuse(&docx_name, r)),
    };
    let checked = crate::check::check_file(&args.into);
    if checked.has_errors() || checked.loaded.editions.is_none() {
        report(&yaml_name, &checked.loaded, false)?;
        anstream::eprintln!("nothing was read in: fix the response file first");
        return Ok(EXIT_INPUT);
    }
    let (Some(editions), Some(source)) = (&checked.loaded.editions, &checked.loaded.source) else {
        return Ok(EXIT_INPUT);
    };
    let renderer = Renderer::new(Assets::load(args.templates.as_deref())?)?;
    let back = match form::read_back(
        &filled,
        &renderer,
        editions,
        &checked.settings,
        &source.text,
        args.force,
    ) {
        Ok(b) => b,
        Err(r) => return Ok(refuse(&docx_name, r)),
    };
    for w in &back.warnings {
        anstream::eprintln!(
            "{}",
            Diagnostic::warning(w.clone())
                .render(&docx_name, None, true)
                .trim_end()
        );
    }
    if back.hunks.is_empty() {
        if !talk.quiet {
            anstream::eprintln!("{yaml_name}: the form changes nothing");
        }
        return Ok(EXIT_OK);
    }
    // The file as changed must still check: a status the office's settings do not know,
    // say, is refused here, with the file untouched.
    let mut again =
        crate::load::load_str_with(&yaml_name, back.text.clone(), checked.settings.defaults());
    crate::check::check_loaded(&mut again, &checked.settings);
    if again.diagnostics.iter().any(Diagnostic::is_error) {
        report(&yaml_name, &again, false)?;
        anstream::eprintln!(
            "nothing was written: with the form's words, `{yaml_name}` would have the errors above"
        );
        return Ok(EXIT_INPUT);
    }
    let mut out = String::new();
    for h in &back.hunks {
        out.push_str(&format!("@@ {yaml_name}:{} {} @@\n", h.line, h.path));
        for l in &h.old {
            out.push_str(&format!("-{l}\n"));
        }
        for l in &h.new {
            out.push_str(&format!("+{l}\n"));
        }
    }
    super::print_out(&out)?;
    if args.dry_run {
        if !talk.quiet {
            anstream::eprintln!(
                "{yaml_name}: {} to change; nothing written (--dry-run)",
                crate::util::plural(back.hunks.len(), "field")
            );
        }
        return Ok(EXIT_OK);
    }
    crate::fs::write_atomic_keeping(&args.into, back.text.as_bytes())
        .with_context(|| format!("cannot write `{yaml_name}`"))?;
    if !talk.quiet {
        anstream::eprintln!(
            "{yaml_name}: {} read in from {docx_name}",
            super::plural(back.hunks.len(), "field")
        );
    }
    Ok(EXIT_OK)
}
