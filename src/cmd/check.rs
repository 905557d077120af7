//! `s55 check`: every problem in every file, and a count.

use anyhow::Result;

use super::{EXIT_INPUT, EXIT_OK, count, plural, report};
use crate::cli::CheckArgs;
use crate::diag::Severity;

/// Runs `s55 check`.
pub fn run(args: &CheckArgs) -> Result<u8> {
    let (mut errors, mut warnings) = (0, 0);
    for path in &args.files {
        let checked = crate::check::check_file(path);
        report(&path.display().to_string(), &checked.loaded, args.verbose)?;
        errors += count(&checked.loaded.diagnostics, Severity::Error);
        warnings += count(&checked.loaded.diagnostics, Severity::Warning);
    }
    anstream::eprintln!(
        "checked {}: {}, {}",
        plural(args.files.len(), "file"),
        plural(errors, "error"),
        plural(warnings, "warning")
    );
    Ok(if errors > 0 || (args.deny_warnings && warnings > 0) {
        EXIT_INPUT
    } else {
        EXIT_OK
    })
}
