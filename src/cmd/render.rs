//! `s55 render`: each response file into its files in the output folder, all of them or none
//! for each response. The responses of a folder keep their sub-folders in the output, so two
//! forces' files of the same name do not meet.

use anyhow::{Context as _, Result};

use super::{EXIT_INPUT, EXIT_OK, Talk, plural, report};
use crate::check::diagnostics_only;
use crate::cli::RenderArgs;
use crate::fs::OutDir;
use crate::inputs;
use crate::render::job::{Asked, Job};
use crate::render::{Assets, Renderer};

/// Runs `s55 render`, as the last thing the process does: the renderer is left to the
/// process's end rather than dropped.
pub fn run(args: &RenderArgs, talk: Talk) -> Result<u8> {
    let job = Job::new(&Asked {
        formats: &args.format,
        form: args.form.as_deref(),
        fragment: args.fragment,
        untitled: args.no_title,
        tracker: args.tracker,
    })?;
    let renderer = Renderer::new(Assets::load(args.templates.as_deref())?)?;
    // The output folder may sit inside a folder being rendered: what is in it is not input.
    let expanded = inputs::expand(&args.files, &crate::folder::absolute(&args.out)?)?;
    let files = expanded.inputs;
    let stems = inputs::stems(&files)?;
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
        let source = checked
            .loaded
            .source
            .as_ref()
            .map_or("", |s| s.text.as_str());
        let rendered = job
            .render(&renderer, editions, &checked.settings, source, stem)
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
    for (input, rendered) in &ready {
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
    // The command ends the process: its memory goes back as a whole when it exits, so the
    // compiled templates and locales are not taken apart piece by piece first (that took a
    // thirtieth of rendering a letter's Markdown), nor are the documents written (all of
    // them were held until now, so keeping them to the end holds no more).
    std::mem::forget(renderer);
    std::mem::forget(ready);
    Ok(status)
}
