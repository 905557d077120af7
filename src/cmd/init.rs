//! `s55 init`: a new office's folder, ready for its first response.
//!
//! It writes only files that do not exist: when any of them is there already, nothing at all
//! is written and the exit code is 1, so running it twice, or in the wrong folder, cannot
//! overwrite an office's work.

use std::path::{Path, PathBuf};

use anyhow::Result;

use super::{EXIT_INPUT, EXIT_OK, Talk};
use crate::cli::{InitArgs, NewArgs};
use crate::fs;
use crate::model::{BodyKind, Form, ReportKind};

/// The settings file, commented, with the default statuses written out to change.
const SETTINGS: &str = include_str!("../../templates/init/s55.yaml");
/// The office's README: the folder's layout and the everyday commands.
const README: &str = include_str!("../../templates/init/README.md");
/// What goes in `templates/`, and how overrides work.
const TEMPLATES_README: &str = include_str!("../../templates/init/templates-README.md");

/// The files `init` writes, relative to the folder, with their contents.
fn files() -> Result<Vec<(PathBuf, String)>> {
    let example = crate::render::scaffold::scaffold(&NewArgs {
        force: None,
        area: None,
        body: BodyKind::Pcc,
        report: None,
        report_kind: ReportKind::Other,
        published: None,
        form: Form::Letter,
        language: "en".to_owned(),
        out: None,
        overwrite: false,
    })?;
    Ok(vec![
        (PathBuf::from("README.md"), README.to_owned()),
        (
            Path::new("responses").join(crate::settings::FILE),
            SETTINGS.to_owned(),
        ),
        (Path::new("responses").join("new-response.yaml"), example),
        (
            Path::new("templates").join("README.md"),
            TEMPLATES_README.to_owned(),
        ),
    ])
}

/// Runs `s55 init`.
pub fn run(args: &InitArgs, talk: Talk) -> Result<u8> {
    let files = files()?;
    let taken: Vec<PathBuf> = files
        .iter()
        .map(|(rel, _)| args.dir.join(rel))
        .filter(|p| p.symlink_metadata().is_ok())
        .collect();
    if !taken.is_empty() {
        let names: Vec<String> = taken.iter().map(|p| format!("`{}`", p.display())).collect();
        anstream::eprintln!(
            "error: {} already there, so nothing was written: s55 init never overwrites an office's files\n  = help: run it in a new folder (`s55 init DIR`), or move {} away first",
            names.join(", "),
            if taken.len() == 1 { "it" } else { "them" }
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
            anstream::eprintln!("wrote {}", path.display());
        }
    }
    if !talk.quiet {
        let cd = if args.dir == Path::new(".") {
            String::new()
        } else {
            format!("cd {} && ", args.dir.display())
        };
        anstream::eprintln!(
            "next: fill in every TODO of responses/new-response.yaml (or `s55 serve --open` to watch it), then `{cd}s55 check responses`"
        );
    }
    Ok(EXIT_OK)
}
