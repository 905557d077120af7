//! `s55 import docx` as a whole: the form read, the response file checked, the form's words
//! compared with it, the file as changed checked again, then written (or, with `--dry-run`,
//! only shown). The command parses its arguments and prints what this returns.

use std::path::Path;

use anyhow::{Context as _, Result};

use super::{MAX_DOCX_BYTES, Refused, read, read_back, refused};
use crate::diag::Diagnostic;
use crate::load::Loaded;
use crate::render::{Assets, Renderer};

/// What `s55 import docx` is asked to do.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    /// The filled form.
    pub form: &'a Path,
    /// The response file it was made from, changed in place.
    pub into: &'a Path,
    /// The office's templates folder, when the form was made with one.
    pub templates: Option<&'a Path>,
    /// Read it in even when made for another response or an older version of the file.
    pub force: bool,
    /// Show what would change, and write nothing.
    pub dry_run: bool,
}

/// What reading a form in came to.
#[derive(Debug)]
pub enum Imported {
    /// The form cannot be read in: why, and what to do.
    Refused(Refused),
    /// The response file has errors of its own (or none of its editions could be read):
    /// nothing was read in.
    Unchecked(Box<Loaded>),
    /// With the form's words the file would have the errors this finds: nothing written.
    WouldBreak {
        /// The file as it would be, checked.
        loaded: Box<Loaded>,
        /// What the office should know about the form.
        warnings: Vec<String>,
    },
    /// Read in, or with `--dry-run` shown.
    Done {
        /// What changed, as a diff against the response file's lines.
        diff: String,
        /// How many fields changed (none: the form changes nothing).
        fields: usize,
        /// What the office should know about the form.
        warnings: Vec<String>,
    },
}

/// Reads a filled form into its response file, unless `dry_run`; nothing is written unless
/// the file as changed still checks.
pub fn import(req: Request<'_>) -> Result<Imported> {
    let bytes = match crate::fs::read_limited(req.form, MAX_DOCX_BYTES) {
        Ok(b) => b,
        Err(crate::fs::ReadError::TooLarge(size)) => {
            let size = size.map_or(String::new(), |s| format!(" ({} MB)", s / (1024 * 1024)));
            return Ok(Imported::Refused(refused(
                format!("the file is too large to be a Word form from s55{size}"),
                format!(
                    "s55 reads Word forms of up to {} MB; check that this is the form s55 \
                     wrote, and take out any pictures pasted into it",
                    MAX_DOCX_BYTES / (1024 * 1024)
                ),
            )));
        }
        Err(e) => {
            return Ok(Imported::Refused(refused(
                format!("cannot read the form: {e}"),
                "check the path",
            )));
        }
    };
    let filled = match read(&bytes) {
        Ok(f) => f,
        Err(r) => return Ok(Imported::Refused(r)),
    };
    let checked = crate::check::check_file(req.into);
    let has_errors = checked.has_errors();
    let (Some(editions), Some(source), false) =
        (&checked.loaded.editions, &checked.loaded.source, has_errors)
    else {
        return Ok(Imported::Unchecked(Box::new(checked.loaded)));
    };
    let renderer = Renderer::new(Assets::load(req.templates)?)?;
    let back = match read_back(
        &filled,
        &renderer,
        editions,
        &checked.settings,
        &source.text,
        req.force,
    ) {
        Ok(b) => b,
        Err(r) => return Ok(Imported::Refused(r)),
    };
    if back.fields == 0 {
        return Ok(Imported::Done {
            diff: String::new(),
            fields: 0,
            warnings: back.warnings,
        });
    }
    // The file as changed must still check: a status the office's settings do not know,
    // say, is refused here, with the file untouched.
    let name = source.name.clone();
    let mut again =
        crate::load::load_str_with(&name, back.text.clone(), checked.settings.defaults());
    crate::check::check_loaded(&mut again, &checked.settings);
    if again.diagnostics.iter().any(Diagnostic::is_error) {
        return Ok(Imported::WouldBreak {
            loaded: Box::new(again),
            warnings: back.warnings,
        });
    }
    let mut diff = String::new();
    for h in &back.hunks {
        diff.push_str(&format!("@@ {name}:{} {} @@\n", h.line, h.path));
        for l in &h.old {
            diff.push_str(&format!("-{l}\n"));
        }
        for l in &h.new {
            diff.push_str(&format!("+{l}\n"));
        }
    }
    if !req.dry_run {
        crate::fs::write_atomic_keeping(req.into, back.text.as_bytes())
            .with_context(|| format!("cannot write `{name}`"))?;
    }
    Ok(Imported::Done {
        diff,
        fields: back.fields,
        warnings: back.warnings,
    })
}
