//! `s55 render`: each response file into its files in the output folder, all of them or none
//! for each response. The responses of a folder keep their sub-folders in the output, so two
//! forces' files of the same name do not meet.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, anyhow};

use super::inputs::{self, Input};
use super::{EXIT_INPUT, EXIT_OK, Talk, plural, report};
use crate::check::diagnostics_only;
use crate::cli::RenderArgs;
use crate::fs::OutDir;
use crate::render::{self, Assets, PageLinks, Renderer, docx, format};

/// The file stem an input renders to: its name without `.yaml`.
fn stem_of(path: &Path) -> Result<String> {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty() && !s.starts_with('.'))
        .ok_or_else(|| {
            anyhow!(
                "`{}` has no file name to name its output after",
                path.display()
            )
        })
}

/// Two inputs with the same name in the same output folder would overwrite each other's
/// output.
fn stems(files: &[Input]) -> Result<Vec<String>> {
    let mut seen: HashMap<PathBuf, &PathBuf> = HashMap::new();
    let mut out = Vec::new();
    for input in files {
        let stem = stem_of(&input.path)?;
        let place = input.sub.join(&stem);
        if let Some(other) = seen.insert(place.clone(), &input.path) {
            return Err(anyhow!(
                "`{}` and `{}` would both be written as `{}.*`; render them into different folders",
                other.display(),
                input.path.display(),
                place.display()
            ));
        }
        out.push(stem);
    }
    Ok(out)
}

/// Runs `s55 render`.
pub fn run(args: &RenderArgs, talk: Talk) -> Result<u8> {
    let formats = format::by_names(&args.format);
    let form = match args.form.as_deref() {
        None => None,
        Some(name) => {
            if formats.iter().any(|f| f.name() != "docx") {
                return Err(anyhow!(
                    "`--form {name}` writes a Word form: give it with `--format docx` alone"
                ));
            }
            Some(docx::Which::from_key(name).ok_or_else(|| anyhow!("no form `{name}`"))?)
        }
    };
    let renderer = Renderer::new(Assets::load(args.templates.as_deref())?)?;
    // The output folder may sit inside a folder being rendered: what is in it is not input.
    let expanded = inputs::expand(&args.files, &crate::folder::absolute(&args.out)?)?;
    let files = expanded.inputs;
    let stems = stems(&files)?;
    let mut status = EXIT_OK;
    for (name, d) in expanded.refused {
        if d.is_error() {
            status = EXIT_INPUT;
        }
        report(&name, &diagnostics_only(vec![d]), false)?;
    }
    let mut ready = Vec::new();
    for (input, stem) in files.iter().zip(&stems) {
        let path = &input.path;
        let checked = crate::check::check_file(path);
        report(&path.display().to_string(), &checked.loaded, false)?;
        let Some(editions) = &checked.loaded.editions else {
            status = EXIT_INPUT;
            continue;
        };
        let mut settings = checked.settings.clone();
        settings.tracker |= args.tracker;
        let page = PageLinks {
            fragment: args.fragment,
            untitled: args.no_title,
            ..PageLinks::default()
        };
        let rendered = match form {
            None => render::render(&renderer, editions, &settings, stem, &formats, page),
            Some(which) => {
                let source = checked
                    .loaded
                    .source
                    .as_ref()
                    .map_or("", |s| s.text.as_str());
                docx::form(&renderer, editions, &settings, which, source).map(|made| {
                    render::Rendered {
                        files: vec![(format!("{stem}.{}.docx", which.key()), made.bytes)],
                        warnings: Vec::new(),
                        view: made.view,
                    }
                })
            }
        }
        .with_context(|| format!("while rendering `{}`", path.display()))?;
        if !rendered.warnings.is_empty() {
            let warnings = diagnostics_only(rendered.warnings.clone());
            report(&path.display().to_string(), &warnings, false)?;
        }
        ready.push((input, rendered));
    }
    // Written only once every response has rendered, so a broken template writes nothing.
    let out = if ready.is_empty() {
        None
    } else {
        Some(OutDir::open(&args.out)?)
    };
    let mut written = 0;
    for (input, rendered) in ready {
        let Some(out) = &out else { break };
        for (name, bytes) in &rendered.files {
            let rel = crate::folder::rel_key(&input.sub.join(name));
            let target = args.out.join(&rel);
            out.write(&rel, bytes)?;
            written += 1;
            if !talk.quiet {
                anstream::eprintln!(
                    "wrote {} (from {})",
                    crate::util::shown(&target),
                    crate::util::shown(&input.path)
                );
            }
        }
    }
    if !talk.quiet || status != EXIT_OK {
        anstream::eprintln!(
            "rendered {} of {} into {}",
            plural(written, "file"),
            plural(files.len(), "response"),
            args.out.display()
        );
    }
    Ok(status)
}
