//! The response files of a folder, as `build`, `status` and the preview find them.
//!
//! Every `.yaml` and `.yml` file below the folder, sub-folders included; not hidden files or
//! folders, not the office's settings files (`s55.yaml`, in any folder: a folder's own settings), and nothing inside the
//! output folder. Paths come back relative to the folder, in a fixed order, so every command
//! lists the same responses in the same order.
//!
//! A folder may hold things that are not response files under response files' names. Only
//! regular files are read: a FIFO, a device or a socket is left out with a warning (reading
//! one would hang or never end). A link is followed only while it stays inside the folder,
//! unless the user asks for `--follow-links`: a link leaving it is left out with a warning,
//! so that a folder cannot make s55 read, and show, a file elsewhere. A link to nothing, or
//! a name that is not UTF-8 (which cannot be told from a similar one once shown), is that
//! entry's error; the other responses go on.

use std::path::{Component, Path, PathBuf};

use anyhow::{Context as _, Result};

use crate::diag::Diagnostic;

/// The name of an office's settings file, which sits among its responses and is not one.
pub const SETTINGS_FILE: &str = "s55.yaml";

/// The response files of a folder, and the entries that looked like one but cannot be read.
#[derive(Debug, Default)]
pub struct Listing {
    /// The response files, relative to the folder, sorted.
    pub files: Vec<PathBuf>,
    /// Entries named like response files that are not read, each with why: an error for a
    /// broken one (a dangling link, a name that is not UTF-8), a warning for one left out on
    /// purpose (a FIFO, a device, a link leaving the folder). In path order.
    pub refused: Vec<(String, Diagnostic)>,
}

/// The response files below `root`, relative to it and sorted; `out` (an absolute path, or
/// empty) is left out. Only regular files are listed, and links only when they stay inside
/// `root`, unless `follow_links`.
pub fn response_files(root: &Path, out: &Path, follow_links: bool) -> Result<Listing> {
    let mut found = Listing::default();
    let inside = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let walker = Walker {
        root,
        inside: &inside,
        out,
        follow_links,
    };
    walker.walk(root, &mut found)?;
    found.files.sort();
    found.refused.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(found)
}

struct Walker<'a> {
    root: &'a Path,
    /// `root` resolved, to tell whether a link leaves it.
    inside: &'a Path,
    out: &'a Path,
    follow_links: bool,
}

impl Walker<'_> {
    fn walk(&self, dir: &Path, found: &mut Listing) -> Result<()> {
        let entries = std::fs::read_dir(dir)
            .with_context(|| format!("cannot read the folder `{}`", dir.display()))?;
        for entry in entries {
            let entry =
                entry.with_context(|| format!("cannot read the folder `{}`", dir.display()))?;
            let path = entry.path();
            let lossy = entry.file_name().to_string_lossy().into_owned();
            if lossy.starts_with('.') {
                continue;
            }
            // The entry itself, not what a link points to.
            let kind = entry
                .file_type()
                .with_context(|| format!("cannot read the folder `{}`", dir.display()))?;
            let named = lossy.ends_with(".yaml") || lossy.ends_with(".yml");
            if entry.file_name().to_str().is_none() {
                if kind.is_dir() || named {
                    let shown = escaped(&path);
                    found.refused.push((
                        shown.clone(),
                        Diagnostic::error(format!(
                            "`{shown}` has a name that is not UTF-8 text, so it cannot be given an address; it is left out"
                        ))
                        .hint("rename it using letters, digits and hyphens"),
                    ));
                }
                continue;
            }
            if kind.is_dir() {
                if absolute(&path).is_ok_and(|p| p == self.out) {
                    continue;
                }
                self.walk(&path, found)?;
            } else if named && lossy != SETTINGS_FILE {
                match self.problem(&path, kind) {
                    None => {
                        if let Ok(rel) = path.strip_prefix(self.root) {
                            found.files.push(rel.to_path_buf());
                        }
                    }
                    Some(d) => found.refused.push(refusal(&path, d)),
                }
            }
        }
        Ok(())
    }

    /// Why an entry named like a response file is not one to read, if it is not.
    fn problem(&self, path: &Path, kind: std::fs::FileType) -> Option<Diagnostic> {
        let shown = path.display();
        if kind.is_symlink() {
            let Ok(target) = path.canonicalize() else {
                return Some(
                    Diagnostic::error(format!("`{shown}` is a link to a file that is not there"))
                        .hint("remove the link, or put back the file it points to"),
                );
            };
            if !self.follow_links && !target.starts_with(self.inside) {
                return Some(
                    Diagnostic::warning(format!(
                        "`{shown}` is a link to a file outside `{}`; it is left out",
                        self.root.display()
                    ))
                    .hint("copy the file into the folder, or pass --follow-links to read it"),
                );
            }
            let is_file = std::fs::metadata(&target).is_ok_and(|m| m.is_file());
            return (!is_file).then(|| not_a_file(path));
        }
        (!kind.is_file()).then(|| not_a_file(path))
    }
}

fn not_a_file(path: &Path) -> Diagnostic {
    Diagnostic::warning(format!(
        "`{}` is not a regular file (a FIFO, a device or a socket); it is left out",
        path.display()
    ))
    .hint("a response is a plain text file; remove this entry or rename it")
}

/// A path with the bytes that are not UTF-8 shown as `\\xNN`, so that two such names can
/// be told apart.
fn escaped(path: &Path) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let mut out = String::new();
        for chunk in path.as_os_str().as_bytes().utf8_chunks() {
            out.push_str(chunk.valid());
            for b in chunk.invalid() {
                out.push_str(&format!("\\x{b:02X}"));
            }
        }
        out
    }
    #[cfg(not(unix))]
    {
        path.display().to_string()
    }
}

fn refusal(path: &Path, d: Diagnostic) -> (String, Diagnostic) {
    (path.display().to_string(), d)
}

/// Whether `path` (which exists) is, once its links are followed, inside `folder`: the rule
/// for the files s55 reads beside the responses (`s55.yaml`, the templates), as for the
/// responses themselves, so that a link cannot make s55 read, and show in an error, a file
/// elsewhere.
pub fn stays_inside(folder: &Path, path: &Path) -> bool {
    match (folder.canonicalize(), path.canonicalize()) {
        (Ok(folder), Ok(path)) => path.starts_with(folder),
        _ => false,
    }
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
