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
use serde_yaml::{Mapping, Value};

use super::{EXIT_INPUT, EXIT_OK, Talk};
use crate::cli::{InitArgs, NewArgs, OfficeArgs};
use crate::fs;
use crate::import::yaml_quote;
use crate::model::{BodyKind, Form, ReportKind};

/// The settings file, commented, with the office's details and the default statuses written
/// out to change.
const SETTINGS: &str = include_str!("../../templates/init/s55.yaml");
/// The office's README: the folder's layout and the everyday commands.
const README: &str = include_str!("../../templates/init/README.md");
/// What goes in `templates/`, and how overrides work.
const TEMPLATES_README: &str = include_str!("../../templates/init/templates-README.md");

/// The folders `init` writes into, below the folder it is given.
const FOLDERS: [&str; 2] = ["responses", "templates"];

/// The settings file for these details: each one given is written as a setting, each one
/// not given is shown commented.
fn settings(office: &OfficeArgs, copies_from: Option<&str>) -> Result<String> {
    let on = |given: bool| if given { "" } else { "# " };
    let body = office.body.is_some() || office.area.is_some() || office.website.is_some();
    let any = body
        || office.commissioner.is_some()
        || office.chief_officer.is_some()
        || office.force_name.is_some();
    let c: std::collections::BTreeMap<&str, &str> = [
        ("office", on(any)),
        ("body", on(body)),
        ("kind", on(office.body.is_some())),
        ("area", on(office.area.is_some())),
        ("website", on(office.website.is_some())),
        ("commissioner", on(office.commissioner.is_some())),
        ("chief_officer", on(office.chief_officer.is_some())),
        ("force", on(office.force_name.is_some())),
    ]
    .into_iter()
    .collect();
    let quoted = |v: &Option<String>, example: &str| yaml_quote(v.as_deref().unwrap_or(example));
    let mut ctx = tera::Context::new();
    ctx.insert("c", &c);
    ctx.insert("kind", &office.body.unwrap_or(BodyKind::Pcc));
    ctx.insert("area", &quoted(&office.area, "the police area"));
    ctx.insert(
        "website",
        &quoted(&office.website, "https://www.example-pcc.org.uk"),
    );
    ctx.insert(
        "commissioner",
        &quoted(&office.commissioner, "the commissioner's name"),
    );
    ctx.insert(
        "chief_officer",
        &quoted(&office.chief_officer, "the chief officer's name"),
    );
    ctx.insert("force", &quoted(&office.force_name, "the force's name"));
    ctx.insert(
        "copies_from",
        &yaml_quote(copies_from.unwrap_or("the office's e-mail address")),
    );
    let mut tera = tera::Tera::new();
    tera.add_raw_template("s55.yaml", SETTINGS).map_err(|e| {
        anyhow::anyhow!("the built-in template `init/s55.yaml` does not compile:\n{e}")
    })?;
    tera.render("s55.yaml", &ctx)
        .map_err(|e| anyhow::anyhow!("the built-in template `init/s55.yaml` failed:\n{e}"))
}

/// The files `init` writes, relative to the folder, with their contents.
fn files(args: &InitArgs) -> Result<Vec<(PathBuf, String)>> {
    let settings = settings(&args.office, args.copies_from.as_deref())?;
    // The example inherits what the settings give, exactly as `s55 new` beside them would.
    let office = serde_yaml::from_str::<Mapping>(&settings)
        .ok()
        .and_then(|m| match m.get("office") {
            Some(Value::Mapping(o)) => Some(o.clone()),
            _ => None,
        });
    let example = crate::render::scaffold::scaffold(
        &NewArgs {
            office: args.office.clone(),
            report: None,
            report_kind: ReportKind::Other,
            published: None,
            form: Form::Letter,
            language: "en".to_owned(),
            out: None,
            overwrite: false,
        },
        office.as_ref(),
    )?;
    Ok(vec![
        (PathBuf::from("README.md"), README.to_owned()),
        (Path::new("responses").join(crate::settings::FILE), settings),
        (Path::new("responses").join("new-response.yaml"), example),
        (
            Path::new("templates").join("README.md"),
            TEMPLATES_README.to_owned(),
        ),
    ])
}

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
    let files = files(args)?;
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
