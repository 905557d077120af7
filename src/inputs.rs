//! The response files `check` and `render` are given: files as named, and for a folder every
//! response file below it, found as `build` finds them.

use std::path::{Path, PathBuf};

use std::collections::HashMap;

use anyhow::{Result, anyhow, bail};

/// One response file to work on.
#[derive(Debug)]
pub struct Input {
    /// The file, as the user named it or joined to the folder they named.
    pub path: PathBuf,
    /// Its folder relative to the folder it was found in, so rendered files keep the same
    /// layout under the output folder; empty for a file named on its own.
    pub sub: PathBuf,
}

/// The files named, with every folder replaced by the response files below it (not hidden
/// ones, not the office's `s55.yaml` at its top, nothing inside `skip`, an absolute path or
/// empty). A name that is neither is kept, so that checking it says what is wrong with it.
pub fn expand(named: &[PathBuf], skip: &Path) -> Result<Expanded> {
    let mut out = Vec::new();
    let mut refused = Vec::new();
    for path in named {
        if !path.is_dir() {
            out.push(Input {
                path: path.clone(),
                sub: PathBuf::new(),
            });
            continue;
        }
        // Links in a folder are not followed out of it (`build --follow-links` does); a file
        // named on the command line is read wherever it is.
        let listing = crate::folder::response_files(path, skip, false)?;
        refused.extend(listing.refused);
        let found = listing.files;
        if found.is_empty() && refused.is_empty() {
            bail!(
                "`{}` holds no response files (.yaml or .yml, in it or below)",
                path.display()
            );
        }
        for rel in found {
            out.push(Input {
                path: path.join(&rel),
                sub: rel.parent().map(Path::to_path_buf).unwrap_or_default(),
            });
        }
    }
    Ok(Expanded {
        inputs: out,
        refused,
    })
}

/// The inputs named, and the entries of their folders that cannot be read, each with why.
pub struct Expanded {
    /// The response files, in order.
    pub inputs: Vec<Input>,
    /// Entries named like response files that are not read (a FIFO, a dangling link).
    pub refused: Vec<(String, crate::diag::Diagnostic)>,
}

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

/// The stem each input's files are named with, in order. Two inputs with the same name in
/// the same output folder would overwrite each other's output, so that is refused.
pub fn stems(files: &[Input]) -> Result<Vec<String>> {
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
