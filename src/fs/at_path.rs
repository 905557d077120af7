//! Operations inside an output folder for [`super::OutDir`] on systems without `openat` and
//! its kin (Windows): the same functions as `at.rs` offers on Unix, over the folder's path.
//!
//! Policy: each folder on the way and each file is checked by path, without following a link
//! (`symlink_metadata`), before it is used, and files are still written to a temporary file
//! created exclusively under an unpredictable name, then renamed into place. On Windows the
//! race protection is these path checks only: nothing holds a folder between its check and
//! its use, so a folder swapped for a link (or a junction) in that moment is not caught as it
//! is on Unix, where every operation goes through the handle of the folder that was checked.

use std::ffi::{OsStr, OsString};
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

/// An output folder, or a folder inside it, by its path (checked to be a real folder when it
/// was reached).
#[derive(Debug, Clone)]
pub struct Dir {
    path: PathBuf,
}

impl Dir {
    /// The path of `name` in this folder.
    fn join(&self, name: &OsStr) -> PathBuf {
        self.path.join(name)
    }
}

/// What a name in a folder is, a link never followed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileType {
    /// A regular file.
    RegularFile,
    /// A folder.
    Directory,
    /// A link (on Windows, any name-surrogate reparse point, junctions included).
    Symlink,
    /// Anything else.
    Unknown,
}

impl From<std::fs::FileType> for FileType {
    fn from(t: std::fs::FileType) -> FileType {
        if t.is_symlink() {
            FileType::Symlink
        } else if t.is_dir() {
            FileType::Directory
        } else if t.is_file() {
            FileType::RegularFile
        } else {
            FileType::Unknown
        }
    }
}

/// What stands at `path`, not following a link; `None` when nothing is there.
fn kind(path: &Path) -> Option<FileType> {
    std::fs::symlink_metadata(path)
        .ok()
        .map(|m| m.file_type().into())
}

/// Opens the folder at `path` (the output folder itself, resolved by the caller): a real
/// folder, not a link.
pub fn open_dir(path: &Path) -> std::io::Result<Dir> {
    match kind(path) {
        Some(FileType::Directory) => Ok(Dir {
            path: path.to_path_buf(),
        }),
        Some(_) => Err(std::io::Error::new(
            std::io::ErrorKind::NotADirectory,
            "not a folder",
        )),
        None => Err(std::fs::symlink_metadata(path)
            .err()
            .unwrap_or_else(|| std::io::ErrorKind::NotFound.into())),
    }
}

/// Why a folder on the way could not be opened.
pub enum Step {
    /// A link (or something other than a folder) stands at `at` (the names so far).
    NotAFolder(usize, Kind),
    /// Another error at `at`.
    Io(usize, std::io::Error),
}

/// What stands where a folder should be.
pub enum Kind {
    /// A link.
    Link,
    /// A file or something else that is not a folder.
    Other,
}

/// The folders from `root` down through `names`, each checked to be a real folder, not a
/// link: the first is `root` itself (checked again). With `create`, missing folders are made.
pub fn descend(root: &Dir, names: &[&OsStr], create: bool) -> Result<Vec<Dir>, Step> {
    let first = open_dir(&root.path).map_err(|e| Step::Io(0, e))?;
    let mut chain = vec![first];
    chain.extend(descend_from(root, names, create)?);
    Ok(chain)
}

/// The folders `names` below `root`, each checked as [`descend`] checks them, without
/// `root` itself: for a descent from a folder opened before.
pub fn descend_from(root: &Dir, names: &[&OsStr], create: bool) -> Result<Vec<Dir>, Step> {
    let mut chain: Vec<Dir> = Vec::with_capacity(names.len());
    for (i, name) in names.iter().enumerate() {
        let path = chain.last().unwrap_or(root).join(name);
        let mut found = kind(&path);
        if found.is_none() && create {
            // Another writer may make the same folder first: fine, it is checked below.
            match std::fs::create_dir(&path) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(Step::Io(i + 1, e)),
            }
            found = kind(&path);
        }
        match found {
            Some(FileType::Directory) => chain.push(Dir { path }),
            Some(FileType::Symlink) => return Err(Step::NotAFolder(i + 1, Kind::Link)),
            Some(_) => return Err(Step::NotAFolder(i + 1, Kind::Other)),
            None => {
                let e = std::fs::symlink_metadata(&path)
                    .err()
                    .unwrap_or_else(|| std::io::ErrorKind::NotFound.into());
                return Err(Step::Io(i + 1, e));
            }
        }
    }
    Ok(chain)
}

/// What `name` in `dir` is, not following a link; `None` when nothing is there.
pub fn kind_at(dir: &Dir, name: &OsStr) -> Option<FileType> {
    kind(&dir.join(name))
}

/// Opens the regular file `name` in `dir` to read, not when it is a link; `None` when it is
/// not a regular file.
pub fn open_file(dir: &Dir, name: &OsStr) -> Option<File> {
    if kind_at(dir, name) != Some(FileType::RegularFile) {
        return None;
    }
    let file = File::open(dir.join(name)).ok()?;
    file.metadata().ok().filter(|m| m.is_file())?;
    Some(file)
}

/// Opens (creating it if need be) the lock file `name` in `dir` to write, not when it is a
/// link.
pub fn open_lock(dir: &Dir, name: &OsStr) -> std::io::Result<File> {
    if kind_at(dir, name).is_some_and(|k| k != FileType::RegularFile) {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a regular file",
        ));
    }
    std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(false)
        .open(dir.join(name))
}

/// A new temporary file in `dir`, created exclusively under an unpredictable name (nothing
/// planted can be written through).
pub fn temporary(dir: &Dir, name: &OsStr, suffix: &str) -> std::io::Result<(OsString, File)> {
    let mut tries = 0;
    loop {
        let mut tmp = OsString::from(".");
        tmp.push(name);
        tmp.push(format!(".{:016x}{suffix}", super::random()));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(dir.join(&tmp))
        {
            Ok(file) => return Ok((tmp, file)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && tries < 16 => tries += 1,
            Err(e) => return Err(e),
        }
    }
}

/// Removes the temporary file `tmp` from `dir`, if it is still a regular file.
pub fn discard(dir: &Dir, tmp: &OsStr) {
    remove_file(dir, tmp);
}

/// Puts the temporary file `tmp` (written through `file`) in place of `name` in `dir`:
/// synced, then renamed over it. On failure the temporary file is removed.
pub fn persist(dir: &Dir, tmp: &OsStr, file: File, name: &OsStr) -> std::io::Result<()> {
    let done = (|| {
        file.sync_all()?;
        drop(file);
        std::fs::rename(dir.join(tmp), dir.join(name))
    })();
    if done.is_err() {
        discard(dir, tmp);
    }
    done
}

/// Gives the temporary file the mode of the file it replaces: nothing to do here, where
/// modes are the system's own.
pub fn keep_mode(_dir: &Dir, _name: &OsStr, _file: &File) -> std::io::Result<()> {
    Ok(())
}

/// Renames the temporary file `tmp` over `name` in `dir` (both in the same folder).
pub fn rename(dir: &Dir, tmp: &OsStr, name: &OsStr) -> std::io::Result<()> {
    std::fs::rename(dir.join(tmp), dir.join(name))
}

/// Nothing more to make durable: each staged file was synced as it was written.
pub fn sync_all(_dir: &Dir) -> std::io::Result<()> {
    Ok(())
}

/// Syncs a staged file as it is written (this system has no call that syncs them together).
pub fn staged(file: &File) -> std::io::Result<()> {
    file.sync_all()
}

/// Writes `bytes` to `name` in `dir` through a temporary file and a rename.
pub fn write(dir: &Dir, name: &OsStr, suffix: &str, bytes: &[u8]) -> std::io::Result<()> {
    let (tmp, mut file) = temporary(dir, name, suffix)?;
    if let Err(e) = file.write_all(bytes) {
        drop(file);
        discard(dir, &tmp);
        return Err(e);
    }
    persist(dir, &tmp, file, name)
}

/// Removes the file `name` from `dir` if it is a regular file (never a link's target, never
/// a folder).
pub fn remove_file(dir: &Dir, name: &OsStr) -> bool {
    kind_at(dir, name) == Some(FileType::RegularFile)
        && std::fs::remove_file(dir.join(name)).is_ok()
}

/// Removes the empty folder `name` from `dir`; false when it is not empty or not a folder
/// (a link to a folder is left alone).
pub fn remove_empty_dir(dir: &Dir, name: &OsStr) -> bool {
    kind_at(dir, name) == Some(FileType::Directory) && std::fs::remove_dir(dir.join(name)).is_ok()
}

/// The entries of the folder `dir`: each name and what it is (links as links).
pub fn entries(dir: &Dir) -> Vec<(OsString, Option<FileType>)> {
    let Ok(listing) = std::fs::read_dir(&dir.path) else {
        return Vec::new();
    };
    listing
        .flatten()
        .map(|e| (e.file_name(), e.file_type().ok().map(FileType::from)))
        .collect()
}

/// The folder `name` in `dir` (`.` for `dir` itself), if it is a real folder, not a link.
pub fn open_sub(dir: &Dir, name: &OsStr) -> Option<Dir> {
    if name == "." {
        return open_dir(&dir.path).ok();
    }
    (kind_at(dir, name) == Some(FileType::Directory)).then(|| Dir {
        path: dir.join(name),
    })
}
