//! `s55 import recs` and `s55 import response`: pasted text in, YAML out, warnings on
//! standard error against the input's name.

use std::path::Path;

use anyhow::{Context as _, Result};

use super::{EXIT_INPUT, EXIT_OK, print_out};
use crate::cli::{ImportRecsArgs, ImportResponseArgs};
use crate::diag::Diagnostic;
use crate::import;

/// Reads pasted text from a file, or standard input for `-` or nothing.
fn read_input(file: Option<&Path>) -> Result<String> {
    use std::io::Read;
    match file {
        Some(p) if p != Path::new("-") => {
            let bytes =
                std::fs::read(p).with_context(|| format!("cannot read `{}`", p.display()))?;
            Ok(String::from_utf8_lossy(&bytes).into_owned())
        }
        _ => {
            let mut text = String::new();
            std::io::stdin()
                .read_to_string(&mut text)
                .context("cannot read standard input")?;
            Ok(text)
        }
    }
}

/// The name an import's warnings give their input.
fn input_name(file: Option<&Path>) -> String {
    match file {
        Some(p) if p != Path::new("-") => p.display().to_string(),
        _ => "<standard input>".to_owned(),
    }
}

/// Runs an import: reads its input, prints the warnings against the input's name and the YAML
/// (when there is any) to standard output.
fn import_with(
    file: Option<&Path>,
    convert: impl FnOnce(&str) -> (String, Vec<String>),
) -> Result<u8> {
    let text = read_input(file)?;
    let name = input_name(file);
    let (yaml, warnings) = convert(&text);
    for w in warnings {
        anstream::eprintln!(
            "{}",
            Diagnostic::warning(w).render(&name, None, true).trim_end()
        );
    }
    if yaml.is_empty() {
        // Nothing to paste: an empty list would only hide the problem.
        return Ok(EXIT_INPUT);
    }
    print_out(&yaml)?;
    Ok(EXIT_OK)
}

/// Runs `s55 import recs`.
pub fn recs(args: &ImportRecsArgs) -> Result<u8> {
    let key = if args.areas {
        "areas_for_improvement"
    } else {
        "recommendations"
    };
    import_with(args.file.as_deref(), |text| {
        let (entries, warnings) = import::recommendations(text);
        let yaml = if entries.is_empty() {
            String::new()
        } else {
            import::yaml(key, &entries)
        };
        (yaml, warnings)
    })
}

/// Runs `s55 import response`.
pub fn response(args: &ImportResponseArgs) -> Result<u8> {
    import_with(args.file.as_deref(), |text| {
        let draft = import::response(text);
        (draft.yaml, draft.warnings)
    })
}
