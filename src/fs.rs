//! File helpers that name the path in every error, writes that are all or nothing, and the one
//! door through which s55 writes into an output folder.
//!
//! Policy for an output folder ([`OutDir`]):
//! - **Nothing outside it**: every path is relative, made only of plain names, and each folder
//!   on the way is checked to be a real folder, not a link; s55 never writes or deletes
//!   through a link it did not make, and a link where a file should go is refused, not
//!   replaced.
//! - **Whole files**: each file is written to a temporary file in the same folder, created
//!   exclusively under an unpredictable name (so a planted file or link cannot be written
//!   through), then renamed over the old one.
//! - **A whole site, or none of it**: a build ([`OutDir::lock`]) stages every file it writes
//!   as a temporary file and every removal, and puts them all in place at its end
//!   ([`OutDir::commit`]): the staged files are made durable in one sync, a list of the
//!   renames and removals is written ([`JOURNAL`]) and made durable, then they are done and
//!   the list removed. A build stopped before the list is written leaves the old site (its
//!   temporary files are tidied away by the next build); one stopped after it has its
//!   list finished by the next s55 that opens the folder for a build, before anything else.
//! - **One build at a time**: `s55 build` holds a lock on `.s55-lock` in the folder for the
//!   whole build; a second build into the same folder stops at once with exit code 2 rather
//!   than waiting, so that two builds never tidy each other's temporary files away.
//! - **Deletes only what it wrote**: removal takes a path the manifest recorded, and removes
//!   a file (never a folder's contents) after the same checks as a write.

use std::fs::File;
use std::io::{Read, Write};
use std::path::Path;

use anyhow::{Context, Result};

#[cfg(unix)]
mod at;
#[cfg(not(unix))]
#[path = "fs/at_path.rs"]
mod at;
mod out;

pub use out::OutDir;

/// The lock file a build holds in its output folder.
pub const LOCK: &str = ".s55-lock";

/// The list of a build's renames and removals while they are being done (see the module's
/// policy): present only between a build's sync and its end.
pub const JOURNAL: &str = ".s55-commit.json";

/// What temporary files end with, to be recognised when a stopped build left them behind.
const TEMP_SUFFIX: &str = ".s55.tmp";

/// Writes `bytes` to `path` through a temporary file in the same folder, so readers never see
/// a half-written file and a failed run leaves the old file in place. The temporary file has
/// an unpredictable name and is created exclusively, so nothing planted can be written
/// through. The file gets the mode users expect (see [`temporary_for`]).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = temporary_for(dir, path)?;
    tmp.write_all(bytes)
        .and_then(|()| tmp.as_file().sync_all())
        .with_context(|| format!("cannot write `{}`", tmp.path().display()))?;
    // On failure the temporary file is removed when `tmp` is dropped.
    tmp.persist(path)
        .map_err(|e| e.error)
        .with_context(|| format!("cannot replace `{}`", path.display()))?;
    Ok(())
}

/// Replaces an existing file atomically, as [`write_atomic`] does, keeping its permissions:
/// for a file the office edits (a response read back from a Word form).
pub fn write_atomic_keeping(path: &Path, bytes: &[u8]) -> Result<()> {
    // Every atomic write keeps a replaced file's mode; the name says so where it matters.
    write_atomic(path, bytes)
}

/// The temporary file that becomes `path`, in `dir`, with the mode users expect: a new file
/// `0666` less the umask (0644 under the usual umask 022), so that a web server, a colleague
/// or a shared drive can read what s55 wrote; a replaced file keeps the mode it had, so that
/// an office that made a file private keeps it private. (`tempfile` alone makes every file
/// 0600.)
fn temporary_for(dir: &Path, path: &Path) -> Result<tempfile::NamedTempFile> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(TEMP_SUFFIX);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Given to open(2), so the umask applies, as it does to any program's new file.
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let tmp = builder
        .tempfile_in(dir)
        .with_context(|| format!("cannot create a temporary file in `{}`", dir.display()))?;
    if let Ok(old) = std::fs::symlink_metadata(path)
        && old.is_file()
    {
        tmp.as_file()
            .set_permissions(old.permissions())
            .with_context(|| format!("cannot set the permissions of `{}`", tmp.path().display()))?;
    }
    Ok(tmp)
}

/// Creates a folder and its parents, naming it in the error.
pub fn create_dir_all(path: &Path) -> Result<()> {
    std::fs::create_dir_all(path)
        .with_context(|| format!("cannot create the folder `{}`", path.display()))
}

/// Writes a file atomically, unless it already holds exactly these bytes.
pub fn write_if_changed(path: &Path, bytes: &[u8]) -> Result<()> {
    if std::fs::read(path).is_ok_and(|old| old == bytes) {
        return Ok(());
    }
    if let Some(dir) = path.parent() {
        create_dir_all(dir)?;
    }
    write_atomic(path, bytes)
}

/// Opens a file for reading without waiting on it: a FIFO or a device opens at once instead
/// of blocking until a writer comes, so the caller can look at what it is and refuse it.
pub fn open_nonblocking(path: &Path) -> std::io::Result<File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

/// Why a file could not be read whole.
#[derive(Debug)]
pub enum ReadError {
    /// It could not be opened or read.
    Io(std::io::Error),
    /// It is a folder.
    Folder,
    /// It is not a regular file: a FIFO, a device or a socket.
    NotAFile,
    /// It is larger than the limit: its size, when its metadata says (a file growing while
    /// read says nothing).
    TooLarge(Option<u64>),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Io(e) => write!(f, "{e}"),
            ReadError::Folder => f.write_str("it is a folder"),
            ReadError::NotAFile => {
                f.write_str("it is not a regular file (a FIFO, a device or a socket)")
            }
            ReadError::TooLarge(_) => f.write_str("it is larger than s55 reads"),
        }
    }
}

/// Reads a regular file of at most `limit` bytes. The limit holds while reading, whatever
/// the file's metadata says (a device reports no size), and nothing but a regular file is
/// read.
pub fn read_limited(path: &Path, limit: usize) -> Result<Vec<u8>, ReadError> {
    let file = open_nonblocking(path).map_err(ReadError::Io)?;
    let meta = file.metadata().map_err(ReadError::Io)?;
    if meta.is_dir() {
        return Err(ReadError::Folder);
    }
    if !meta.is_file() {
        return Err(ReadError::NotAFile);
    }
    // A regular file's size is known: a file too large is refused unread. The limit still
    // holds while reading, should it grow meanwhile.
    if meta.len() > limit as u64 {
        return Err(ReadError::TooLarge(Some(meta.len())));
    }
    // Room for the whole file at once: read in one call, not in doubling pieces.
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() > limit {
        return Err(ReadError::TooLarge(None));
    }
    Ok(bytes)
}

/// Whether the open file holds exactly `bytes`: compared a block at a time, so that
/// keeping an unchanged page (an archive's index grows with it) costs no copy of it.
fn holds(mut file: File, bytes: &[u8]) -> bool {
    if !file
        .metadata()
        .is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
    {
        return false;
    }
    let mut block = [0u8; 64 * 1024];
    let mut rest = bytes;
    loop {
        match file.read(&mut block) {
            Ok(0) => return rest.is_empty(),
            Ok(n) if n <= rest.len() && block[..n] == rest[..n] => rest = &rest[n..],
            Ok(_) => return false,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return false,
        }
    }
}

/// A temporary file's name: `.NAME.XXXXXX.s55.tmp`, or `.NAME.s55-PID.tmp` from older
/// versions.
fn is_temporary(name: &str) -> bool {
    name.ends_with(TEMP_SUFFIX) || (name.contains(".s55-") && name.ends_with(".tmp"))
}

/// An unpredictable number for a temporary file's name.
fn random() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    h.finish()
}

#[cfg(test)]
mod tests;
