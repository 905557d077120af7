//! Operations inside an output folder relative to opened folder handles (`openat` and its
//! kin), for [`super::OutDir`].
//!
//! Policy: a path inside the output folder is never resolved again by name between a check
//! and its use. Each folder on the way is opened from the one before it, refusing links
//! (`O_NOFOLLOW`), and the file is then created, replaced, read or removed relative to the
//! handle of its own folder. A folder swapped for a link after it was opened changes
//! nothing: the handle still names the folder that was checked, so no race can redirect a
//! write or a removal outside the output folder.
//!
//! This is the Unix implementation; other systems (Windows) have `at_path.rs`, with the same
//! functions over the folder's path, where the race protection is the path checks only.

use std::ffi::{OsStr, OsString};
use std::fs::File;
use std::io::Write;
use std::os::fd::OwnedFd;

pub use rustix::fs::FileType;
use rustix::fs::{self as rfs, AtFlags, Mode, OFlags};

/// An opened folder, what every path inside the output folder is resolved from.
pub type Dir = OwnedFd;

/// How a folder is opened: a folder, never through a link, not inherited by children.
const DIR: OFlags = OFlags::DIRECTORY
    .union(OFlags::NOFOLLOW)
    .union(OFlags::RDONLY)
    .union(OFlags::CLOEXEC);

/// Opens the folder at `path` (the output folder itself, resolved by the caller).
pub fn open_dir(path: &std::path::Path) -> std::io::Result<OwnedFd> {
    Ok(rfs::open(path, DIR, Mode::empty())?)
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

/// The folders from `root` down through `names`, each opened from the one before without
/// following a link: the first is `root` itself (opened again). With `create`, missing
/// folders are made (each a real folder: `mkdirat` never follows a link).
pub fn descend(root: &OwnedFd, names: &[&OsStr], create: bool) -> Result<Vec<OwnedFd>, Step> {
    let first = rfs::openat(root, ".", DIR, Mode::empty()).map_err(|e| Step::Io(0, e.into()))?;
    let mut chain = vec![first];
    chain.extend(descend_from(root, names, create)?);
    Ok(chain)
}

/// The folders `names` below `root`, each opened from the one before it as [`descend`]
/// opens them, without `root` itself: for a descent from a folder opened before.
pub fn descend_from(root: &OwnedFd, names: &[&OsStr], create: bool) -> Result<Vec<OwnedFd>, Step> {
    let mut chain: Vec<OwnedFd> = Vec::with_capacity(names.len());
    for (i, name) in names.iter().enumerate() {
        let here = chain.last().unwrap_or(root);
        let opened = match rfs::openat(here, *name, DIR, Mode::empty()) {
            Err(rustix::io::Errno::NOENT) if create => {
                // Another writer may make the same folder first: fine, it is opened below
                // and refused there if it is not a real folder.
                match rfs::mkdirat(here, *name, Mode::from_bits_truncate(0o777)) {
                    Ok(()) | Err(rustix::io::Errno::EXIST) => {}
                    Err(e) => return Err(Step::Io(i + 1, e.into())),
                }
                rfs::openat(here, *name, DIR, Mode::empty())
            }
            other => other,
        };
        match opened {
            Ok(fd) => chain.push(fd),
            Err(rustix::io::Errno::LOOP | rustix::io::Errno::NOTDIR) => {
                let kind = match kind_at(here, name) {
                    Some(FileType::Symlink) => Kind::Link,
                    _ => Kind::Other,
                };
                return Err(Step::NotAFolder(i + 1, kind));
            }
            Err(e) => return Err(Step::Io(i + 1, e.into())),
        }
    }
    Ok(chain)
}

/// What `name` in `dir` is, not following a link; `None` when nothing is there.
pub fn kind_at(dir: &OwnedFd, name: &OsStr) -> Option<FileType> {
    rfs::statat(dir, name, AtFlags::SYMLINK_NOFOLLOW)
        .ok()
        .map(|st| FileType::from_raw_mode(st.st_mode))
}

/// Opens the regular file `name` in `dir` to read, never through a link and without
/// waiting on a FIFO; `None` when it is not a regular file.
pub fn open_file(dir: &OwnedFd, name: &OsStr) -> Option<File> {
    let flags = OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::CLOEXEC | OFlags::NONBLOCK;
    let fd = rfs::openat(dir, name, flags, Mode::empty()).ok()?;
    let file = File::from(fd);
    file.metadata().ok().filter(|m| m.is_file())?;
    Some(file)
}

/// Opens (creating it if need be) the lock file `name` in `dir` to write, never through a
/// link.
pub fn open_lock(dir: &OwnedFd, name: &OsStr) -> std::io::Result<File> {
    let flags = OFlags::WRONLY | OFlags::CREATE | OFlags::NOFOLLOW | OFlags::CLOEXEC;
    Ok(File::from(rfs::openat(
        dir,
        name,
        flags,
        Mode::from_bits_truncate(0o666),
    )?))
}

/// Removes the temporary file `tmp` from `dir`.
pub fn discard(dir: &OwnedFd, tmp: &OsStr) {
    let _ = rfs::unlinkat(dir, tmp, AtFlags::empty());
}

/// A new temporary file in `dir`, created exclusively under an unpredictable name (nothing
/// planted can be written through), with the mode new files get (0666 less the umask).
pub fn temporary(dir: &OwnedFd, name: &OsStr, suffix: &str) -> std::io::Result<(OsString, File)> {
    let flags = OFlags::WRONLY | OFlags::CREATE | OFlags::EXCL | OFlags::NOFOLLOW | OFlags::CLOEXEC;
    let mut tries = 0;
    loop {
        let mut tmp = OsString::from(".");
        tmp.push(name);
        tmp.push(format!(".{:016x}{suffix}", super::random()));
        match rfs::openat(dir, &tmp, flags, Mode::from_bits_truncate(0o666)) {
            Ok(fd) => return Ok((tmp, File::from(fd))),
            Err(rustix::io::Errno::EXIST) if tries < 16 => tries += 1,
            Err(e) => return Err(e.into()),
        }
    }
}

/// Puts the temporary file `tmp` (written through `file`) in place of `name` in `dir`:
/// synced, given the mode of the file it replaces (if any), renamed over it. On failure the
/// temporary file is removed.
pub fn persist(dir: &OwnedFd, tmp: &OsStr, file: File, name: &OsStr) -> std::io::Result<()> {
    let done = (|| {
        if let Ok(st) = rfs::statat(dir, name, AtFlags::SYMLINK_NOFOLLOW)
            && FileType::from_raw_mode(st.st_mode) == FileType::RegularFile
        {
            rfs::fchmod(&file, Mode::from_raw_mode(st.st_mode & 0o7777))?;
        }
        file.sync_all()?;
        rfs::renameat(dir, tmp, dir, name)?;
        Ok(())
    })();
    if done.is_err() {
        let _ = rfs::unlinkat(dir, tmp, AtFlags::empty());
    }
    done
}

/// Gives the temporary file `file` the mode of the file `name` it will replace, if there is
/// one, so that an office that made a file private keeps it private.
pub fn keep_mode(dir: &OwnedFd, name: &OsStr, file: &File) -> std::io::Result<()> {
    if let Ok(st) = rfs::statat(dir, name, AtFlags::SYMLINK_NOFOLLOW)
        && FileType::from_raw_mode(st.st_mode) == FileType::RegularFile
    {
        rfs::fchmod(file, Mode::from_raw_mode(st.st_mode & 0o7777))?;
    }
    Ok(())
}

/// Renames the temporary file `tmp` over `name` in `dir` (both in the same folder).
pub fn rename(dir: &OwnedFd, tmp: &OsStr, name: &OsStr) -> std::io::Result<()> {
    Ok(rfs::renameat(dir, tmp, dir, name)?)
}

/// Makes everything written to the file system that holds `dir` durable, in one call
/// (`syncfs`): a build's files are synced together at its end rather than one by one.
#[cfg(any(target_os = "linux", target_os = "android"))]
pub fn sync_all(dir: &OwnedFd) -> std::io::Result<()> {
    Ok(rfs::syncfs(dir)?)
}

/// A staged file needs nothing more: [`sync_all`] covers it.
#[cfg(any(target_os = "linux", target_os = "android"))]
pub fn staged(_file: &File) -> std::io::Result<()> {
    Ok(())
}

/// Makes the folder `dir` durable (each staged file was synced as it was written).
#[cfg(not(any(target_os = "linux", target_os = "android")))]
pub fn sync_all(dir: &OwnedFd) -> std::io::Result<()> {
    Ok(rfs::fsync(dir)?)
}

/// Syncs a staged file as it is written, where there is no `syncfs` to do it at the end.
#[cfg(not(any(target_os = "linux", target_os = "android")))]
pub fn staged(file: &File) -> std::io::Result<()> {
    file.sync_all()
}

/// Writes `bytes` to `name` in `dir` through a temporary file and a rename.
pub fn write(dir: &OwnedFd, name: &OsStr, suffix: &str, bytes: &[u8]) -> std::io::Result<()> {
    let (tmp, mut file) = temporary(dir, name, suffix)?;
    if let Err(e) = file.write_all(bytes) {
        let _ = rfs::unlinkat(dir, &tmp, AtFlags::empty());
        return Err(e);
    }
    persist(dir, &tmp, file, name)
}

/// Removes the file `name` from `dir` if it is a regular file (never a link's target, never
/// a folder).
pub fn remove_file(dir: &OwnedFd, name: &OsStr) -> bool {
    kind_at(dir, name) == Some(FileType::RegularFile)
        && rfs::unlinkat(dir, name, AtFlags::empty()).is_ok()
}

/// Removes the empty folder `name` from `dir`; false when it is not empty or not a folder.
pub fn remove_empty_dir(dir: &OwnedFd, name: &OsStr) -> bool {
    rfs::unlinkat(dir, name, AtFlags::REMOVEDIR).is_ok()
}

/// The entries of the folder `dir`: each name and what it is (links as links).
pub fn entries(dir: &OwnedFd) -> Vec<(OsString, Option<FileType>)> {
    let Ok(listing) = rfs::Dir::read_from(dir) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for e in listing.flatten() {
        let bytes = e.file_name().to_bytes();
        if bytes == b"." || bytes == b".." {
            continue;
        }
        let name: OsString = <OsStr as std::os::unix::ffi::OsStrExt>::from_bytes(bytes).to_owned();
        let kind = match e.file_type() {
            FileType::Unknown => kind_at(dir, &name),
            k => Some(k),
        };
        out.push((name, kind));
    }
    out
}

/// Opens the folder `name` in `dir`, never through a link.
pub fn open_sub(dir: &OwnedFd, name: &OsStr) -> Option<OwnedFd> {
    rfs::openat(dir, name, DIR, Mode::empty()).ok()
}
