//! The response files of a folder, as `build`, `status` and the preview find them.
//!
//! Every `.yaml` and `.yml` file below the folder, sub-folders included; not hidden files or
//! folders, not the office's settings file `s55.yaml` at the top, and nothing inside the
//! output folder. Paths come back relative to the folder, in a fixed order, so every command
//! lists the same responses in the same order.

use std::path::{Component, Path, PathBuf};

use anyhow::{Context as _, Result};

/// The response files below `root`, relative to it and sorted; `out` (an absolute path, or
/// empty) is left out.
pub fn response_files(root: &Path, out: &Path) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    walk(root, root, out, &mut found)?;
    found.sort();
    Ok(found)
}

fn walk(root: &Path, dir: &Path, out: &Path, found: &mut Vec<PathBuf>) -> Result<()> {
    let entries = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read the folder `{}`", dir.display()))?;
    for entry in entries {
        let entry = entry.with_context(|| format!("cannot read the folder `{}`", dir.display()))?;
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let kind = entry.file_type()?;
        if kind.is_dir() {
            if absolute(&path).is_ok_and(|p| p == out) {
                continue;
            }
            walk(root, &path, out, found)?;
        } else if (name.ends_with(".yaml") || name.ends_with(".yml"))
            && !(dir == root && name == crate::settings::FILE)
            && let Ok(rel) = path.strip_prefix(root)
        {
            found.push(rel.to_path_buf());
        }
    }
    Ok(())
}

/// A path made absolute, with `.` and `..` folded so that comparisons mean what they say,
/// and resolved through links where it exists.
pub fn absolute(p: &Path) -> Result<PathBuf> {
    let abs =
        std::path::absolute(p).with_context(|| format!("cannot resolve `{}`", p.display()))?;
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    Ok(match out.canonicalize() {
        Ok(c) => c,
        Err(_) => out,
    })
}

/// A path relative to the input folder, with `/` whatever the platform: a manifest key.
pub fn rel_key(rel: &Path) -> String {
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
