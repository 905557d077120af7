//! `s55 render`: each response file into its files in the output folder, all of them or none
//! for each response.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, anyhow};

use super::{EXIT_INPUT, EXIT_OK, plural, report};
use crate::check::diagnostics_only;
use crate::cli::RenderArgs;
use crate::fs::OutDir;
use crate::render::{self, Assets, PageLinks, Renderer, format};

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

/// Two inputs with the same name would overwrite each other's output.
fn stems(files: &[PathBuf]) -> Result<Vec<String>> {
    let mut seen: HashMap<String, &PathBuf> = HashMap::new();
    let mut out = Vec::new();
    for path in files {
        let stem = stem_of(path)?;
        if let Some(other) = seen.insert(stem.clone(), path) {
            return Err(anyhow!(
                "`{}` and `{}` would both be written as `{stem}.*`; render them into different folders",
                other.display(),
                path.display()
            ));
        }
        out.push(stem);
    }
    Ok(out)
}

/// Runs `s55 render`.
pub fn run(args: &RenderArgs) -> Result<u8> {
    let formats = format::by_names(&args.format);
    let renderer = Renderer::new(Assets::load(args.templates.as_deref())?)?;
    let stems = stems(&args.files)?;
    let mut status = EXIT_OK;
    let mut ready = Vec::new();
    for (path, stem) in args.files.iter().zip(&stems) {
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
            ..PageLinks::default()
        };
        let rendered = render::render(&renderer, editions, &settings, stem, &formats, page)
            .with_context(|| format!("while rendering `{}`", path.display()))?;
        if !rendered.warnings.is_empty() {
            let warnings = diagnostics_only(rendered.warnings.clone());
            report(&path.display().to_string(), &warnings, false)?;
        }
        ready.push((path, rendered));
    }
    // Written only once every response has rendered, so a broken template writes nothing.
    let out = if ready.is_empty() {
        None
    } else {
        Some(OutDir::open(&args.out)?)
    };
    let mut written = 0;
    for (path, rendered) in ready {
        let Some(out) = &out else { break };
        for (name, bytes) in &rendered.files {
            let target = args.out.join(name);
            out.write(name, bytes)?;
            written += 1;
            if !args.quiet {
                anstream::eprintln!("wrote {} (from {})", target.display(), path.display());
            }
        }
    }
    if !args.quiet || status != EXIT_OK {
        anstream::eprintln!(
            "rendered {} of {} into {}",
            plural(written, "file"),
            plural(args.files.len(), "response"),
            args.out.display()
        );
    }
    Ok(status)
}
