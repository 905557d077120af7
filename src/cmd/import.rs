//! `s55 import recs` and `s55 import response`: pasted text in, YAML out, warnings on
//! standard error against the input's name.

use std::path::Path;

use anyhow::{Context as _, Result};

use super::{EXIT_INPUT, EXIT_OK, print_out};
use crate::cli::{ImportRecsArgs, ImportResponseArgs};
use crate::diag::Diagnostic;
use crate::import;

/// The input as text, whatever its format (told from its content); `None`, with the reason
/// printed, for input that is not text at all.
fn read_input(file: Option<&Path>) -> Result<Option<import::Input>> {
    let bytes = import::read_bytes(file)?;
    match import::Input::read(&bytes) {
        Ok(input) => Ok(Some(input)),
        Err(e) => {
            anstream::eprintln!(
                "{}",
                Diagnostic::error(e.to_string())
                    .render(&input_name(file), None, true)
                    .trim_end()
            );
            Ok(None)
        }
    }
}

/// How many warnings with the same words are printed; the rest are counted.
const SAME_WARNINGS: usize = 20;

/// Prints the warnings against the input's name, each at its place in the input; after
/// [`SAME_WARNINGS`] with the same words, the rest are counted in one line, so that an
/// input of thousands of like lines does not bury the other warnings.
fn warn(name: &str, input: &import::Input, warnings: Vec<import::Warning>) {
    let lines = crate::diag::Lines::new(input.source());
    let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut order: Vec<String> = Vec::new();
    let mut shown = 0;
    for w in warnings {
        let n = seen.entry(w.message.clone()).or_default();
        *n += 1;
        if *n == 1 {
            order.push(w.message.clone());
        }
        if *n > SAME_WARNINGS {
            continue;
        }
        let (label, d) = input.diagnostic(name, &w, shown);
        shown += 1;
        anstream::eprintln!(
            "{}",
            d.render_in(&label, Some(input.source()), Some(&lines), true)
                .trim_end()
        );
    }
    for message in order {
        let more = seen.get(&message).copied().unwrap_or(0);
        if more > SAME_WARNINGS {
            anstream::eprintln!(
                "{}",
                Diagnostic::warning(format!(
                    "{} more warnings like this one: {message}",
                    more - SAME_WARNINGS
                ))
                .render(name, None, true)
                .trim_end()
            );
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
    convert: impl FnOnce(&str) -> (String, Vec<import::Warning>),
) -> Result<u8> {
    let Some(input) = read_input(file)? else {
        return Ok(EXIT_INPUT);
    };
    let (yaml, warnings) = convert(&input.text);
    warn(&input_name(file), &input, warnings);
    print_out(&yaml)?;
    Ok(EXIT_OK)
}

/// Runs `s55 import recs`.
pub fn recs(args: &ImportRecsArgs) -> Result<u8> {
    let key = args.areas.then_some("areas_for_improvement");
    let file = args.file.as_deref();
    let Some(input) = read_input(file)? else {
        return Ok(EXIT_INPUT);
    };
    let found = import::findings(&input.text);
    let unfit = import::unfit(&found);
    let yaml = import::findings_yaml(&found, key);
    warn(&input_name(file), &input, found.warnings);
    print_out(&yaml)?;
    // Findings `check` would refuse are said, and the import fails, though the YAML is
    // printed for the drafter to mend.
    for w in &unfit {
        let at = w.line.map_or_else(String::new, |l| format!(" (line {l})"));
        anstream::eprintln!(
            "{}",
            Diagnostic::error(format!("{}{at}", w.message))
                .render(&input_name(file), None, true)
                .trim_end()
        );
    }
    Ok(if unfit.is_empty() {
        EXIT_OK
    } else {
        EXIT_INPUT
    })
}

/// Runs `s55 import response`: the draft to standard output, or with `--out DIR` one file
/// for each response the page holds.
pub fn response(args: &ImportResponseArgs) -> Result<u8> {
    let Some(dir) = &args.out else {
        return import_with(args.file.as_deref(), |text| {
            let draft = import::response(text);
            (draft.yaml, draft.warnings)
        });
    };
    let file = args.file.as_deref();
    let Some(input) = read_input(file)? else {
        return Ok(EXIT_INPUT);
    };
    let stem = file
        .and_then(Path::file_stem)
        .and_then(|s| s.to_str())
        .unwrap_or("response")
        .to_owned();
    let drafts = import::responses(&input.text);
    let paths = import::draft_paths(dir, &stem, drafts.len());
    // A draft never replaces a file unless asked: all are checked before any is written.
    let taken: Vec<String> = paths
        .iter()
        .filter(|p| p.symlink_metadata().is_ok())
        .map(|p| format!("`{}`", p.display()))
        .collect();
    if !taken.is_empty() && !args.overwrite {
        anstream::eprintln!(
            "error: {} already there, so nothing was written\n  = help: import into another folder, move {} away, or add --overwrite to replace {}",
            taken.join(", "),
            if taken.len() == 1 { "it" } else { "them" },
            if taken.len() == 1 { "it" } else { "them" },
        );
        return Ok(EXIT_INPUT);
    }
    std::fs::create_dir_all(dir).with_context(|| format!("cannot make `{}`", dir.display()))?;
    for (d, path) in drafts.into_iter().zip(paths) {
        crate::fs::write_atomic(&path, d.yaml.as_bytes())?;
        warn(&input_name(file), &input, d.warnings);
        anstream::println!("wrote {}", crate::util::shown(&path));
    }
    Ok(EXIT_OK)
}
