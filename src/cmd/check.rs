//! `s55 check`: every problem in every file (every file below a folder), and a count.

use anyhow::Result;

use super::{EXIT_INPUT, EXIT_OK, Talk, count, plural, report};
use crate::cli::CheckArgs;
use crate::diag::Severity;
use crate::inputs;

/// Runs `s55 check`.
pub fn run(args: &CheckArgs, talk: Talk) -> Result<u8> {
    let expanded = inputs::expand(&args.files, std::path::Path::new(""))?;
    let files = expanded.inputs;
    let (mut errors, mut warnings) = (0, 0);
    for (name, d) in expanded.refused {
        let refused = crate::check::diagnostics_only(vec![d]);
        report(&name, &refused, false)?;
        errors += count(&refused.diagnostics, Severity::Error);
        warnings += count(&refused.diagnostics, Severity::Warning);
    }
    for input in &files {
        let mut checked = crate::check::check_file(&input.path);
        // What a build would refuse of a signed letter, said before the build.
        if let Some(editions) = &checked.loaded.editions {
            let refused =
                crate::site::seal::refusals(&input.path, editions.first(), &checked.settings);
            crate::check::add_found(&mut checked, refused);
        }
        report(
            &input.path.display().to_string(),
            &checked.loaded,
            args.verbose,
        )?;
        errors += count(&checked.loaded.diagnostics, Severity::Error);
        warnings += count(&checked.loaded.diagnostics, Severity::Warning);
    }
    if !talk.quiet {
        anstream::eprintln!(
            "checked {}: {}, {}",
            plural(files.len(), "file"),
            plural(errors, "error"),
            plural(warnings, "warning")
        );
    }
    Ok(if errors > 0 || (args.deny_warnings && warnings > 0) {
        EXIT_INPUT
    } else {
        EXIT_OK
    })
}
