//! `s55 import recs` and `s55 import response`: pasted text in, YAML out, warnings on
//! standard error against the input's name.

use std::path::Path;

use anyhow::{Context as _, Result};

use super::{EXIT_INPUT, EXIT_OK, Talk, print_out, report};
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

/// Prints the findings `check` would refuse, each at its line of the input.
fn say_unfit(name: &str, unfit: &[import::Warning]) {
    for w in unfit {
        let at = w.line.map_or_else(String::new, |l| format!(" (line {l})"));
        anstream::eprintln!(
            "{}",
            Diagnostic::error(format!("{}{at}", w.message))
                .render(name, None, true)
                .trim_end()
        );
    }
}

/// Runs `s55 import recs`: the YAML to standard output, or with `--into` the findings added
/// to a response file.
pub fn recs(args: &ImportRecsArgs, talk: Talk) -> Result<u8> {
    let file = args.file.as_deref();
    let Some(input) = read_input(file)? else {
        return Ok(EXIT_INPUT);
    };
    let name = input_name(file);
    let mut found = import::findings(&input.text);
    let key = if args.areas {
        "areas_for_improvement"
    } else {
        found.key
    };
    let unfit = import::unfit(&found);
    warn(&name, &input, std::mem::take(&mut found.warnings));
    if let Some(into) = &args.into {
        if !unfit.is_empty() {
            say_unfit(&name, &unfit);
            anstream::eprintln!(
                "nothing was written to `{}`: mend the findings above in the text, then import it again",
                crate::util::shown(into)
            );
            return Ok(EXIT_INPUT);
        }
        if found.entries.is_empty() {
            anstream::eprintln!(
                "{}",
                Diagnostic::error(format!(
                    "found no findings in the text, so nothing was added to `{}`",
                    crate::util::shown(into)
                ))
                .hint("check that this is the part of the report that lists its recommendations, areas for improvement or causes of concern")
                .render(&name, None, true)
                .trim_end()
            );
            return Ok(EXIT_INPUT);
        }
        return add_into(&found, key, into, &name, talk);
    }
    print_out(&import::findings_yaml(&found, Some(key)))?;
    // Findings `check` would refuse are said, and the import fails, though the YAML is
    // printed for the drafter to mend; what the importer's own test misses, `check` itself
    // finds, on the YAML as printed inside a response.
    say_unfit(&name, &unfit);
    let refused = if unfit.is_empty() {
        import::into::refusals(&found, key)
    } else {
        Vec::new()
    };
    for r in &refused {
        let at = if r.line > 0 {
            format!(" (line {})", r.line)
        } else {
            String::new()
        };
        let mut d = Diagnostic::error(format!(
            "`s55 check` would refuse the YAML above at `{}`: {}{at}",
            r.path
                .as_ref()
                .map_or_else(|| key.to_owned(), ToString::to_string),
            r.message
        ));
        if let Some(h) = &r.hint {
            d = d.hint(h.clone());
        }
        anstream::eprintln!("{}", d.render(&name, None, true).trim_end());
    }
    Ok(if unfit.is_empty() && refused.is_empty() {
        EXIT_OK
    } else {
        EXIT_INPUT
    })
}

/// The words for `n` findings of a list: "1 recommendation", "2 areas for improvement".
fn findings_of(n: usize, key: &str) -> String {
    let (one, many) = match key {
        "areas_for_improvement" => ("area for improvement", "areas for improvement"),
        "causes_of_concern" => ("cause of concern", "causes of concern"),
        _ => ("recommendation", "recommendations"),
    };
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `s55 import recs --into`: the findings added to the response file, and what came of it.
fn add_into(
    found: &import::Findings,
    key: &str,
    into: &Path,
    name: &str,
    talk: Talk,
) -> Result<u8> {
    use import::into::Outcome;
    let yaml_name = crate::util::shown(into);
    match import::into::add(found, key, into)? {
        Outcome::Unchecked(loaded) => {
            report(&yaml_name, &loaded, false)?;
            anstream::eprintln!(
                "nothing was added to `{yaml_name}`: fix the errors above in the response file first"
            );
            Ok(EXIT_INPUT)
        }
        Outcome::Final => {
            anstream::eprintln!(
                "{}",
                Diagnostic::error(
                    "this response is final (it has no `draft: true`): a signed letter never changes, so nothing was added"
                )
                .hint(
                    "add the findings to a draft response (`s55 new` writes one); a change to a published letter is recorded under `corrections:`"
                )
                .render(&yaml_name, None, true)
                .trim_end()
            );
            Ok(EXIT_INPUT)
        }
        Outcome::Refused(why) => {
            anstream::eprintln!(
                "{}",
                Diagnostic::error(format!(
                    "the findings cannot be added to this file in place: {why}"
                ))
                .hint("nothing was written; import without --into and copy the YAML into the file by hand")
                .render(&yaml_name, None, true)
                .trim_end()
            );
            Ok(EXIT_INPUT)
        }
        Outcome::WouldBreak(loaded) => {
            report(&yaml_name, &loaded, false)?;
            anstream::eprintln!(
                "nothing was written: with the imported findings, `{yaml_name}` would have the errors above"
            );
            Ok(EXIT_INPUT)
        }
        Outcome::Done {
            added,
            already,
            replaced,
            sections,
        } => {
            let done = Done {
                added: &added,
                already: &already,
                replaced: &replaced,
                sections: &sections,
            };
            say_done(&done, key, &yaml_name, name, talk);
            Ok(EXIT_OK)
        }
    }
}

/// What `--into` did, to be said.
struct Done<'a> {
    added: &'a [import::into::Added],
    already: &'a [import::into::Already],
    replaced: &'a [crate::diag::FieldPath],
    sections: &'a [&'static str],
}

/// Says what `--into` did: the findings already there (even when quiet: the office should
/// know the import was not taken whole), then what was replaced and added, and how much.
fn say_done(done: &Done<'_>, key: &str, yaml_name: &str, name: &str, talk: Talk) {
    let Done {
        added,
        already,
        replaced,
        sections,
    } = *done;
    for a in already {
        let differs = if a.same_words {
            String::new()
        } else {
            " (in other words there: compare them)".to_owned()
        };
        let mut from = if a.from > 0 {
            format!("line {} of {name}", a.from)
        } else {
            format!("a finding of {name}")
        };
        if let Some(n) = a.imported_number.as_ref().filter(|n| **n != a.number) {
            from.push_str(&format!(", numbered {n} there"));
        }
        anstream::eprintln!(
            "{yaml_name}:{}: already there as `{}` (number {}), so not added again: {from}{differs}",
            a.line,
            a.path,
            a.number
        );
    }
    if talk.quiet {
        return;
    }
    for p in replaced {
        anstream::eprintln!(
            "{yaml_name}: the placeholder `{p}` that `s55 new` wrote was replaced by the findings"
        );
    }
    for s in sections {
        anstream::eprintln!("{yaml_name}: added the section `- kind: {s}` to show them");
    }
    for a in added {
        anstream::eprintln!(
            "{yaml_name}:{}: added `{}` (number {})",
            a.line,
            a.path,
            a.number
        );
    }
    let top = added.iter().filter(|a| a.path.0.len() == 2).count();
    // Each list's own count, in the file's order: an import can add to more than one list
    // (areas for improvement after causes of concern).
    let mut lists: Vec<(String, usize)> = Vec::new();
    for a in added.iter().filter(|a| a.path.0.len() == 2) {
        let list = match a.path.0.first() {
            Some(crate::diag::Step::Key(k)) => k.clone(),
            _ => key.to_owned(),
        };
        match lists.iter_mut().find(|(k, _)| *k == list) {
            Some((_, n)) => *n += 1,
            None => lists.push((list, 1)),
        }
    }
    let under = added.len() - top;
    let mut counted: Vec<String> = lists.iter().map(|(k, n)| findings_of(*n, k)).collect();
    if under > 0 {
        counted.push(findings_of(under, "recommendations"));
    }
    if added.is_empty() {
        anstream::eprintln!("{yaml_name}: nothing to add: every finding is already there");
    } else if top == 0 {
        anstream::eprintln!(
            "{yaml_name}: added {} under the {} already there, from {name}",
            findings_of(added.len(), "recommendations"),
            findings_of(2, key).trim_start_matches("2 ")
        );
    } else {
        anstream::eprintln!(
            "{yaml_name}: added {} from {name}",
            crate::util::and_list(&counted.iter().map(String::as_str).collect::<Vec<_>>())
        );
    }
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
