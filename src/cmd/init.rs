//! `s55 init`: a new office's folder, ready for its first response.
//!
//! It writes only files that do not exist, unless `--overwrite` asks: when any of them is there
//! already, nothing at all is written and the exit code is 1, so running it twice, or in the
//! wrong folder, cannot overwrite an office's work. It never writes through a link: a
//! `responses` or `templates` that is a link (or any file that is not a folder there) is
//! refused, with or without `--overwrite`.
//!
//! The office's details (`--body`, `--area`, `--commissioner`, …, or the answers on a
//! terminal) go into `responses/s55.yaml`, which shows every other setting commented; the
//! example response leaves out what the settings give, and is a draft whose placeholders are
//! warnings, so `s55 check` passes on the new folder from the first minute.

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};

use super::{EXIT_INPUT, EXIT_OK, Talk};
use crate::cli::{InitArgs, OfficeArgs};
use crate::fs;

/// The folders `init` writes into, below the folder it is given.
const FOLDERS: [&str; 2] = ["responses", "templates"];

/// Asks on the terminal for each detail the flags left out; Enter leaves it for later.
fn ask(office: &mut OfficeArgs) -> Result<()> {
    let questions: [(&str, &mut Option<String>); 5] = [
        (
            "The police area (for example Warwickshire)",
            &mut office.area,
        ),
        ("The commissioner's name", &mut office.commissioner),
        ("The chief officer's name", &mut office.chief_officer),
        (
            "The police force (for example Warwickshire Police)",
            &mut office.force_name,
        ),
        ("The office's website (https://…)", &mut office.website),
    ];
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    for (question, value) in questions {
        if value.is_some() {
            continue;
        }
        eprint!("{question}, or Enter to fill it in later: ");
        std::io::stderr().flush().ok();
        let mut line = String::new();
        if input
            .read_line(&mut line)
            .context("cannot read the answer")?
            == 0
        {
            break;
        }
        let answer = line.trim();
        if !answer.is_empty() {
            *value = Some(answer.to_owned());
        }
    }
    Ok(())
}

/// Runs `s55 init`.
pub fn run(args: &InitArgs, talk: Talk) -> Result<u8> {
    // Links where the folders go would carry the files out of the folder given: refused
    // whatever the flags say.
    for folder in FOLDERS {
        let path = args.dir.join(folder);
        if path.symlink_metadata().is_ok_and(|m| !m.is_dir()) {
            anstream::eprintln!(
                "error: `{}` is there and is not a folder (a link, or a file), so nothing was written: s55 init writes only into folders of its own\n  = help: move it away, or run s55 init in a new folder (`s55 init DIR`)",
                path.display()
            );
            return Ok(EXIT_INPUT);
        }
    }
    let mut args_with_answers;
    let args = if std::io::stdin().is_terminal() && std::io::stderr().is_terminal() && !talk.quiet {
        args_with_answers = InitArgs {
            dir: args.dir.clone(),
            office: args.office.clone(),
            copies_from: args.copies_from.clone(),
            overwrite: args.overwrite,
        };
        ask(&mut args_with_answers.office)?;
        &args_with_answers
    } else {
        args
    };
    let files = crate::render::scaffold::office_files(args)?;
    let taken: Vec<PathBuf> = files
        .iter()
        .map(|(rel, _)| args.dir.join(rel))
        .filter(|p| p.symlink_metadata().is_ok())
        .collect();
    if !taken.is_empty() && !args.overwrite {
        let names: Vec<String> = taken.iter().map(|p| format!("`{}`", p.display())).collect();
        anstream::eprintln!(
            "error: {} already there, so nothing was written: s55 init never overwrites an office's files unless asked\n  = help: run it in a new folder (`s55 init DIR`), move {} away first, or add --overwrite to replace {} with new ones",
            names.join(", "),
            if taken.len() == 1 { "it" } else { "them" },
            if taken.len() == 1 { "it" } else { "them" },
        );
        return Ok(EXIT_INPUT);
    }
    for (rel, text) in &files {
        let path = args.dir.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write_atomic(&path, text.as_bytes())?;
        if !talk.quiet {
            anstream::eprintln!("wrote {}", crate::util::shown(&path));
        }
    }
    if !talk.quiet {
        let cd = if args.dir == Path::new(".") {
            String::new()
        } else {
            format!("cd {} && ", args.dir.display())
        };
        anstream::eprintln!(
            "next: fill in every TODO of responses/new-response.yaml (or `s55 serve --open` to watch it), then `{cd}s55 check`"
        );
    }
    Ok(EXIT_OK)
}
