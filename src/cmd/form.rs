//! `s55 import docx`: a filled Word form read back into the response file it was made from,
//! in place, with what changed shown as a diff. The work is [`crate::import::form::import`];
//! this prints what it came to.

use anyhow::Result;

use super::{EXIT_INPUT, EXIT_OK, Talk, report};
use crate::cli::ImportDocxArgs;
use crate::diag::Diagnostic;
use crate::import::form::{Imported, Request, import};

/// Runs `s55 import docx`.
pub fn run(args: &ImportDocxArgs, talk: Talk) -> Result<u8> {
    let docx_name = args.file.display().to_string();
    let yaml_name = args.into.display().to_string();
    let warn = |warnings: &[String]| {
        for w in warnings {
            anstream::eprintln!(
                "{}",
                Diagnostic::warning(w.clone())
                    .render(&docx_name, None, true)
                    .trim_end()
            );
        }
    };
    let done = import(Request {
        form: &args.file,
        into: &args.into,
        templates: args.templates.as_deref(),
        force: args.force,
        dry_run: args.dry_run,
    })?;
    match done {
        Imported::Refused(r) => {
            anstream::eprintln!(
                "{}",
                Diagnostic::error(r.0)
                    .hint(r.1)
                    .render(&docx_name, None, true)
                    .trim_end()
            );
            Ok(EXIT_INPUT)
        }
        Imported::Unchecked(loaded) => {
            report(&yaml_name, &loaded, false)?;
            anstream::eprintln!("nothing was read in: fix the response file first");
            Ok(EXIT_INPUT)
        }
        Imported::WouldBreak { loaded, warnings } => {
            warn(&warnings);
            report(&yaml_name, &loaded, false)?;
            anstream::eprintln!(
                "nothing was written: with the form's words, `{yaml_name}` would have the errors above"
            );
            Ok(EXIT_INPUT)
        }
        Imported::Done {
            diff,
            fields,
            warnings,
        } => {
            warn(&warnings);
            if fields == 0 {
                if !talk.quiet {
                    anstream::eprintln!("{yaml_name}: the form changes nothing");
                }
                return Ok(EXIT_OK);
            }
            super::print_out(&diff)?;
            if !talk.quiet {
                let fields = super::plural(fields, "field");
                if args.dry_run {
                    anstream::eprintln!(
                        "{yaml_name}: {fields} to change; nothing written (--dry-run)"
                    );
                } else {
                    anstream::eprintln!("{yaml_name}: {fields} read in from {docx_name}");
                }
            }
            Ok(EXIT_OK)
        }
    }
}
