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
use std::path::{Component, Path, PathBuf};

use anyhow::{Context, Result, bail};

#[cfg(unix)]
mod at;
#[cfg(not(unix))]
#[path = "fs/at_path.rs"]
mod at;

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
    let mut bytes = Vec::new();
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

/// An output folder, and the only way s55 writes into one (see the module's policy). Every
/// operation goes through the handle of the folder opened once ([`at`]), never its path again.
#[derive(Debug)]
pub struct OutDir {
    root: PathBuf,
    /// The folder as the user named it, for messages.
    given: PathBuf,
    /// The folder, opened: what every path inside it is resolved from.
    fd: at::Dir,
    /// The build's lock, held until this is dropped.
    _lock: Option<File>,
    /// For a build, what it has written and removed so far, not yet in place.
    batch: Option<std::sync::Mutex<Batch>>,
    /// Whether this build has staged a file and so cleared its lock file's word that the
    /// last build ended (see [`OutDir::remove_stale_temporaries`]).
    marked: std::sync::atomic::AtomicBool,
    /// Whether the lock file says that the last build ended.
    clean: std::sync::atomic::AtomicBool,
}

/// What the lock file says once a build has ended, with no temporary file left behind.
const ENDED: &[u8] = b"ended\n";

/// What a build has staged: put in place together by [`OutDir::commit`].
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
struct Batch {
    /// Each file written, by its path in the output folder, with the name of the temporary
    /// file beside it that holds its bytes.
    #[serde(rename = "put")]
    staged: std::collections::BTreeMap<String, String>,
    /// Each file removed, by its path in the output folder.
    removed: std::collections::BTreeSet<String>,
}

/// A file's place inside the output folder: the handles of the folders down to it (the
/// output folder first) and its own name.
struct Place {
    chain: Vec<at::Dir>,
    names: Vec<std::ffi::OsString>,
}

impl Place {
    /// The handle of the file's own folder.
    fn dir(&self) -> &at::Dir {
        // The output folder is first: never empty.
        &self.chain[self.chain.len() - 1]
    }

    /// The file's name.
    fn name(&self) -> &std::ffi::OsStr {
        // `resolve` refuses an empty path.
        &self.names[self.names.len() - 1]
    }
}

impl OutDir {
    /// Opens (creating it if need be) an output folder to write into, without a lock.
    pub fn open(path: &Path) -> Result<OutDir> {
        create_dir_all(path)?;
        let root = path
            .canonicalize()
            .with_context(|| format!("cannot resolve the folder `{}`", path.display()))?;
        let fd = at::open_dir(&root)
            .with_context(|| format!("cannot open the folder `{}`", path.display()))?;
        Ok(OutDir {
            root,
            given: path.to_path_buf(),
            fd,
            _lock: None,
            batch: None,
            marked: std::sync::atomic::AtomicBool::new(false),
            clean: std::sync::atomic::AtomicBool::new(false),
        })
    }

    /// Opens an output folder for a build, holding its lock: a second build into the same
    /// folder is refused while this one runs.
    pub fn lock(path: &Path) -> Result<OutDir> {
        let mut out = OutDir::open(path)?;
        let name = std::ffi::OsStr::new(LOCK);
        if at::kind_at(&out.fd, name).is_some_and(|k| k != at::FileType::RegularFile) {
            bail!(
                "`{}` is not a file s55 made; remove it, then build again",
                path.join(LOCK).display()
            );
        }
        let file = at::open_lock(&out.fd, name)
            .with_context(|| format!("cannot open the lock `{}`", path.join(LOCK).display()))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => bail!(
                "another `s55 build` is writing into `{}` (it holds `{}`); wait for it to finish, then build again",
                path.display(),
                path.join(LOCK).display()
            ),
            Err(std::fs::TryLockError::Error(e)) => {
                return Err(e)
                    .with_context(|| format!("cannot lock `{}`", path.join(LOCK).display()));
            }
        }
        out._lock = Some(file);
        // A build stopped while putting its files in place is finished first.
        out.finish_journal()?;
        out.batch = Some(std::sync::Mutex::new(Batch::default()));
        Ok(out)
    }

    /// The build's staged files and removals, if this is a build's folder.
    fn batch(&self) -> Option<std::sync::MutexGuard<'_, Batch>> {
        self.batch
            .as_ref()
            .map(|b| b.lock().unwrap_or_else(std::sync::PoisonError::into_inner))
    }

    /// A path inside the folder as the batch keys it: its plain names joined by `/`.
    fn key(place: &Place) -> String {
        let names: Vec<_> = place.names.iter().map(|n| n.to_string_lossy()).collect();
        names.join("/")
    }

    /// Drops what the batch had staged for `key`, removing its temporary file.
    fn unstage(batch: &mut Batch, place: &Place, key: &str) {
        if let Some(tmp) = batch.staged.remove(key) {
            at::discard(place.dir(), std::ffi::OsStr::new(&tmp));
        }
    }

    /// Clears the lock file's word that the last build ended, before this build's first
    /// temporary file: a build stopped before its end leaves no word, and the next build
    /// then looks for its temporary files. A build that stages nothing writes nothing.
    fn mark(&self) {
        use std::sync::atomic::Ordering;
        if let Some(lock) = &self._lock
            && !self.marked.swap(true, Ordering::SeqCst)
        {
            self.clean.store(false, Ordering::SeqCst);
            let _ = lock.set_len(0);
        }
    }

    /// Writes the lock file's word that this build ended with nothing staged left behind,
    /// unless it already says so.
    fn unmark(&self) {
        use std::io::{Seek, SeekFrom};
        use std::sync::atomic::Ordering;
        self.marked.store(false, Ordering::SeqCst);
        if let Some(lock) = &self._lock
            && !self.clean.swap(true, Ordering::SeqCst)
        {
            let mut file = lock;
            let _ = lock
                .set_len(0)
                .and_then(|()| file.seek(SeekFrom::Start(0)))
                .and_then(|_| file.write_all(ENDED));
        }
    }

    /// Stages the temporary file `tmp` (written through `file`) as the new `place`, in place
    /// of anything staged for it before.
    fn stage(&self, place: &Place, tmp: std::ffi::OsString, file: &File) {
        let key = Self::key(place);
        let _ = at::keep_mode(place.dir(), place.name(), file);
        if let Some(mut batch) = self.batch() {
            Self::unstage(&mut batch, place, &key);
            batch.removed.remove(&key);
            batch.staged.insert(key, tmp.to_string_lossy().into_owned());
        }
        crash_point();
    }

    /// Puts everything the build staged in place, all together (see the module's policy):
    /// one sync for the staged files, the journal written and synced, the renames and
    /// removals done, one sync, the journal removed.
    pub fn commit(&self) -> Result<()> {
        let Some(mut batch) = self.batch() else {
            return Ok(());
        };
        let batch = std::mem::take(&mut *batch);
        if batch.staged.is_empty() && batch.removed.is_empty() {
            self.unmark();
            return Ok(());
        }
        let shown = self.given.display();
        at::sync_all(&self.fd)
            .with_context(|| format!("cannot make the files in `{shown}` durable"))?;
        crash_point();
        let list = serde_json::to_vec(&batch)?;
        at::write(&self.fd, std::ffi::OsStr::new(JOURNAL), TEMP_SUFFIX, &list)
            .with_context(|| format!("cannot write `{}`", self.given.join(JOURNAL).display()))?;
        at::sync_all(&self.fd)
            .with_context(|| format!("cannot make the files in `{shown}` durable"))?;
        crash_point();
        self.apply(&batch, true)?;
        at::sync_all(&self.fd)
            .with_context(|| format!("cannot make the files in `{shown}` durable"))?;
        at::discard(&self.fd, std::ffi::OsStr::new(JOURNAL));
        self.unmark();
        Ok(())
    }

    /// Does a batch's renames and removals. Each may already have been done (a journal
    /// finished again): a temporary file that is no longer there was renamed.
    fn apply(&self, batch: &Batch, stops: bool) -> Result<()> {
        for (rel, tmp) in &batch.staged {
            let place = self.resolve(rel, true)?;
            let tmp = std::ffi::OsStr::new(tmp);
            if at::kind_at(place.dir(), tmp) != Some(at::FileType::RegularFile) {
                continue;
            }
            self.replaceable(&place)?;
            at::rename(place.dir(), tmp, place.name()).with_context(|| {
                format!(
                    "cannot replace `{}`",
                    self.shown(&place.names, place.names.len())
                )
            })?;
            if stops {
                crash_point();
            }
        }
        for rel in &batch.removed {
            self.remove_now(rel);
            if stops {
                crash_point();
            }
        }
        Ok(())
    }

    /// Finishes the renames and removals of a build that was stopped while doing them,
    /// as its journal lists them.
    fn finish_journal(&self) -> Result<()> {
        let name = std::ffi::OsStr::new(JOURNAL);
        let Some(file) = at::open_file(&self.fd, name) else {
            return Ok(());
        };
        let shown = self.given.join(JOURNAL);
        let mut list = Vec::new();
        file.take(64 << 20)
            .read_to_end(&mut list)
            .with_context(|| format!("cannot read `{}`", shown.display()))?;
        let batch: Batch = match serde_json::from_slice(&list) {
            Ok(b) => b,
            Err(_) => bail!(
                "`{}` is not the list of a stopped build that s55 wrote; remove it, then build again",
                shown.display()
            ),
        };
        // Only temporary files beside the files they replace are ever renamed.
        if let Some((_, tmp)) = batch
            .staged
            .iter()
            .find(|(_, t)| t.contains('/') || !is_temporary(t))
        {
            bail!(
                "`{}` names `{tmp}`, which is not a temporary file s55 writes; remove the list, then build again",
                shown.display()
            );
        }
        self.apply(&batch, false)?;
        at::sync_all(&self.fd).with_context(|| {
            format!(
                "cannot make the files in `{}` durable",
                self.given.display()
            )
        })?;
        at::discard(&self.fd, name);
        Ok(())
    }

    /// The folder, resolved.
    pub fn path(&self) -> &Path {
        &self.root
    }

    /// The names of `rel` so far (`upto` of them) as the user would write the path, for
    /// messages.
    fn shown(&self, names: &[std::ffi::OsString], upto: usize) -> String {
        let mut p = self.given.clone();
        for n in names.iter().take(upto) {
            p.push(n);
        }
        p.display().to_string()
    }

    /// The place of `rel`, after checking that it is made of plain names, each folder on the
    /// way opened from the one before it, never through a link. With `create`, missing
    /// folders are made (each one as a real folder, never through a link).
    fn resolve(&self, rel: &str, create: bool) -> Result<Place> {
        let mut names = Vec::new();
        for c in Path::new(rel).components() {
            match c {
                Component::Normal(n) => names.push(n.to_os_string()),
                _ => bail!(
                    "`{rel}` is not a plain path inside the output folder; s55 writes only below `{}`",
                    self.given.display()
                ),
            }
        }
        let Some((_, folders)) = names.split_last() else {
            bail!("an empty file name inside `{}`", self.given.display());
        };
        let folders: Vec<&std::ffi::OsStr> = folders.iter().map(|n| n.as_os_str()).collect();
        match at::descend(&self.fd, &folders, create) {
            Ok(chain) => Ok(Place { chain, names }),
            Err(at::Step::NotAFolder(i, at::Kind::Link)) => bail!(
                "`{}` is a link; s55 does not write through links, so as not to write outside `{}`: remove the link, or build into another folder",
                self.shown(&names, i),
                self.given.display()
            ),
            Err(at::Step::NotAFolder(i, at::Kind::Other)) => bail!(
                "`{}` is in the way of a folder s55 writes; move it aside",
                self.shown(&names, i)
            ),
            Err(at::Step::Io(i, e)) => Err(e)
                .with_context(|| format!("cannot open the folder `{}`", self.shown(&names, i))),
        }
    }

    /// Whether what stands at `place` may be replaced by a file: nothing, or a regular file
    /// (`Some(true)`); a link or a folder is refused.
    fn replaceable(&self, place: &Place) -> Result<bool> {
        use at::FileType;
        match at::kind_at(place.dir(), place.name()) {
            None => Ok(false),
            Some(FileType::RegularFile) => Ok(true),
            Some(FileType::Symlink) => bail!(
                "`{}` is a link; s55 does not write through links: remove it, then build again",
                self.shown(&place.names, place.names.len())
            ),
            Some(_) => bail!(
                "`{}` is in the way of a file s55 writes; move it aside",
                self.shown(&place.names, place.names.len())
            ),
        }
    }

    /// Writes `rel` atomically unless it already holds these bytes; a link in its place or on
    /// the way is refused.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        let place = self.resolve(rel, true)?;
        let existing = self.replaceable(&place)?;
        if self.batch.is_some() {
            let key = Self::key(&place);
            let removed = self.batch().is_some_and(|b| b.removed.contains(&key));
            if existing
                && !removed
                && at::open_file(place.dir(), place.name()).is_some_and(|f| holds(f, bytes))
            {
                if let Some(mut batch) = self.batch() {
                    Self::unstage(&mut batch, &place, &key);
                }
                return Ok(());
            }
            let shown = || self.shown(&place.names, place.names.len());
            self.mark();
            let (tmp, mut file) = at::temporary(place.dir(), place.name(), TEMP_SUFFIX)
                .with_context(|| format!("cannot create a temporary file beside `{}`", shown()))?;
            if let Err(e) = file.write_all(bytes).and_then(|()| at::staged(&file)) {
                at::discard(place.dir(), &tmp);
                return Err(e).with_context(|| format!("cannot write `{}`", shown()));
            }
            self.stage(&place, tmp, &file);
            return Ok(());
        }
        if existing && at::open_file(place.dir(), place.name()).is_some_and(|f| holds(f, bytes)) {
            return Ok(());
        }
        at::write(place.dir(), place.name(), TEMP_SUFFIX, bytes).with_context(|| {
            format!(
                "cannot write `{}`",
                self.shown(&place.names, place.names.len())
            )
        })
    }

    /// Writes `rel` as [`OutDir::write`] does, from bytes that `fill` streams into a
    /// temporary file rather than holding them in memory (a site's `responses.json` grows with
    /// the archive). An existing file with the same bytes is left untouched.
    pub fn write_with(
        &self,
        rel: &str,
        fill: impl FnOnce(&mut dyn Write) -> Result<()>,
    ) -> Result<()> {
        let place = self.resolve(rel, true)?;
        let existing = self.replaceable(&place)?;
        let shown = self.shown(&place.names, place.names.len());
        let (dir, name) = (place.dir(), place.name());
        self.mark();
        let (tmp, file) = at::temporary(dir, name, TEMP_SUFFIX)
            .with_context(|| format!("cannot create a temporary file beside `{shown}`"))?;
        let discard = |tmp: &std::ffi::OsStr| {
            at::discard(dir, tmp);
        };
        let mut w = std::io::BufWriter::new(file);
        if let Err(e) = fill(&mut w) {
            discard(&tmp);
            return Err(e);
        }
        let file = match w.into_inner() {
            Ok(f) => f,
            Err(e) => {
                discard(&tmp);
                return Err(e.into_error()).with_context(|| format!("cannot write `{shown}`"));
            }
        };
        if self.batch.is_some() {
            let key = Self::key(&place);
            let removed = self.batch().is_some_and(|b| b.removed.contains(&key));
            if existing
                && !removed
                && let (Some(a), Some(b)) = (at::open_file(dir, &tmp), at::open_file(dir, name))
                && same_bytes(a, b)
            {
                discard(&tmp);
                if let Some(mut batch) = self.batch() {
                    Self::unstage(&mut batch, &place, &key);
                }
                return Ok(());
            }
            if let Err(e) = at::staged(&file) {
                discard(&tmp);
                return Err(e).with_context(|| format!("cannot write `{shown}`"));
            }
            self.stage(&place, tmp, &file);
            return Ok(());
        }
        if existing
            && let (Some(a), Some(b)) = (at::open_file(dir, &tmp), at::open_file(dir, name))
            && same_bytes(a, b)
        {
            discard(&tmp);
            return Ok(());
        }
        at::persist(dir, &tmp, file, name).with_context(|| format!("cannot replace `{shown}`"))
    }

    /// Reads `rel` if it is a regular file inside the folder (not behind a link) of at most
    /// `limit` bytes.
    pub fn read(&self, rel: &str, limit: usize) -> Option<Vec<u8>> {
        let place = self.resolve(rel, false).ok()?;
        let file = match self.pending(&place) {
            Pending::Written(tmp) => at::open_file(place.dir(), std::ffi::OsStr::new(&tmp))?,
            Pending::Removed => return None,
            Pending::Nothing => at::open_file(place.dir(), place.name())?,
        };
        if file.metadata().ok()?.len() > limit as u64 {
            return None;
        }
        let mut bytes = Vec::new();
        file.take(limit as u64 + 1).read_to_end(&mut bytes).ok()?;
        (bytes.len() <= limit).then_some(bytes)
    }

    /// Whether `rel` is a regular file inside the folder, not behind a link.
    pub fn is_file(&self, rel: &str) -> bool {
        self.resolve(rel, false)
            .is_ok_and(|place| match self.pending(&place) {
                Pending::Written(_) => true,
                Pending::Removed => false,
                Pending::Nothing => {
                    at::kind_at(place.dir(), place.name()) == Some(at::FileType::RegularFile)
                }
            })
    }

    /// What the build has staged for `place`, which reads see before the folder.
    fn pending(&self, place: &Place) -> Pending {
        let Some(batch) = self.batch() else {
            return Pending::Nothing;
        };
        let key = Self::key(place);
        match batch.staged.get(&key) {
            Some(tmp) => Pending::Written(tmp.clone()),
            None if batch.removed.contains(&key) => Pending::Removed,
            None => Pending::Nothing,
        }
    }

    /// Whether `rel` is a folder inside the folder, not behind a link.
    pub fn is_folder(&self, rel: &str) -> bool {
        self.resolve(rel, false).is_ok_and(|place| {
            at::kind_at(place.dir(), place.name()) == Some(at::FileType::Directory)
        })
    }

    /// Removes a file s55 wrote (the caller has it from the manifest), and its folders once
    /// empty. Anything that is not a plain file inside the folder reached without links is
    /// left alone.
    pub fn remove(&self, rel: &str) {
        let Ok(place) = self.resolve(rel, false) else {
            return;
        };
        if let Some(mut batch) = self.batch() {
            let key = Self::key(&place);
            Self::unstage(&mut batch, &place, &key);
            if at::kind_at(place.dir(), place.name()) == Some(at::FileType::RegularFile) {
                batch.removed.insert(key);
            }
            return;
        }
        self.remove_placed(&place);
    }

    /// Removes `rel` now, as [`OutDir::remove`] does outside a build.
    fn remove_now(&self, rel: &str) {
        if let Ok(place) = self.resolve(rel, false) {
            self.remove_placed(&place);
        }
    }

    /// Removes the file at `place` and its folders once empty.
    fn remove_placed(&self, place: &Place) {
        if !at::remove_file(place.dir(), place.name()) {
            return;
        }
        // Each folder's handle removes its emptied child, up to the output folder.
        for i in (1..place.chain.len()).rev() {
            if !at::remove_empty_dir(&place.chain[i - 1], &place.names[i - 1]) {
                break;
            }
        }
    }

    /// Removes each plain file directly in the folder `rel` whose name `remove` picks; a
    /// folder reached through a link, a link, or anything that is not a plain file is left
    /// alone.
    pub fn remove_files_in(&self, rel: &str, remove: impl Fn(&str) -> bool) {
        let Ok(place) = self.resolve(&format!("{rel}/-"), false) else {
            return;
        };
        let dir = place.dir();
        let mut batch = self.batch();
        if let Some(batch) = batch.as_mut() {
            // What the build wrote there, not yet in place.
            let folder = Self::key(&place);
            let folder = folder.rsplit_once('/').map_or("", |(f, _)| f).to_owned();
            let picked: Vec<String> = batch
                .staged
                .keys()
                .filter(|k| {
                    k.rsplit_once('/')
                        .is_some_and(|(f, n)| f == folder && remove(n))
                })
                .cloned()
                .collect();
            for key in picked {
                if let Some(tmp) = batch.staged.remove(&key) {
                    at::discard(dir, std::ffi::OsStr::new(&tmp));
                }
            }
        }
        for (name, kind) in at::entries(dir) {
            let Some(text) = name.to_str() else { continue };
            if kind == Some(at::FileType::RegularFile) && !is_temporary(text) && remove(text) {
                match batch.as_mut() {
                    Some(batch) => {
                        let folder = Self::key(&place);
                        let folder = folder.rsplit_once('/').map_or("", |(f, _)| f);
                        batch.removed.insert(format!("{folder}/{text}"));
                    }
                    None => {
                        at::remove_file(dir, &name);
                    }
                }
            }
        }
    }

    /// The files and folders directly in the folder that s55 did not make (not its lock,
    /// its records or a temporary file), by name, sorted: what a first build into it would
    /// replace. A link is left to the checks that refuse writing through it.
    pub fn others(&self) -> Vec<String> {
        use at::FileType;
        let mut names: Vec<String> = at::entries(&self.fd)
            .into_iter()
            .filter(|(_, kind)| matches!(kind, Some(FileType::RegularFile | FileType::Directory)))
            .map(|(name, _)| name.to_string_lossy().into_owned())
            .filter(|n| n != LOCK && n != ".s55" && !is_temporary(n))
            .collect();
        names.sort();
        names
    }

    /// Removes temporary files a build stopped midway left behind. Only a build holding the
    /// lock calls this, so no live build's files are among them; links are not followed.
    /// The folder is not walked when the lock file says that the last build ended
    /// ([`OutDir::unmark`]): such a build left none.
    pub fn remove_stale_temporaries(&self) {
        use std::sync::atomic::Ordering;
        if self._lock.is_some() && self.read(LOCK, 64).is_some_and(|w| w == ENDED) {
            self.clean.store(true, Ordering::SeqCst);
            return;
        }
        if let Some(root) = at::open_sub(&self.fd, std::ffi::OsStr::new(".")) {
            remove_temporaries(&root);
        }
    }
}

/// What a build has staged for a file.
enum Pending {
    /// New bytes, in this temporary file beside it.
    Written(String),
    /// Its removal.
    Removed,
    /// Nothing: the folder holds what there is.
    Nothing,
}

impl Drop for OutDir {
    /// A build that ends without putting its files in place (an error) leaves the old site
    /// as it was: its temporary files go.
    fn drop(&mut self) {
        let Some(batch) = self.batch.take() else {
            return;
        };
        let batch = batch
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        for (rel, tmp) in &batch.staged {
            if let Ok(place) = self.resolve(rel, false) {
                at::discard(place.dir(), std::ffi::OsStr::new(tmp));
            }
        }
        self.unmark();
    }
}

/// Where the commit stops the whole process in s55's tests of stopped builds: the build's
/// `N`th step (`S55_STOP_AT_STEP=N`: each file staged, each sync, each rename and removal
/// counts; finishing a stopped build's journal does not), as a kill -9 would. Debug builds
/// only.
#[cfg(debug_assertions)]
fn crash_point() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static STEPS: AtomicUsize = AtomicUsize::new(0);
    static AT: std::sync::OnceLock<Option<usize>> = std::sync::OnceLock::new();
    let at = AT.get_or_init(|| {
        std::env::var("S55_STOP_AT_STEP")
            .ok()
            .and_then(|v| v.parse().ok())
    });
    if let Some(at) = *at
        && STEPS.fetch_add(1, Ordering::SeqCst) + 1 == at
    {
        std::process::abort();
    }
}

/// No stopping points in a release build.
#[cfg(not(debug_assertions))]
fn crash_point() {}

/// Removes the temporary files below the opened folder `dir`, folder by folder through
/// handles, never through a link.
fn remove_temporaries(dir: &at::Dir) {
    for (name, kind) in at::entries(dir) {
        match kind {
            Some(at::FileType::Directory) => {
                if let Some(sub) = at::open_sub(dir, &name) {
                    remove_temporaries(&sub);
                }
            }
            Some(at::FileType::RegularFile) => {
                let text = name.to_string_lossy();
                if text.starts_with('.') && is_temporary(&text) {
                    at::remove_file(dir, &name);
                }
            }
            _ => {}
        }
    }
}

/// A temporary file's name: `.NAME.XXXXXX.s55.tmp`, or `.NAME.s55-PID.tmp` from older
/// versions.
fn is_temporary(name: &str) -> bool {
    name.ends_with(TEMP_SUFFIX) || (name.contains(".s55-") && name.ends_with(".tmp"))
}

/// Whether two open files hold the same bytes, read a block at a time from their starts.
fn same_bytes(mut a: File, mut b: File) -> bool {
    let (Ok(ma), Ok(mb)) = (a.metadata(), b.metadata()) else {
        return false;
    };
    if ma.len() != mb.len() {
        return false;
    }
    let (mut ba, mut bb) = (vec![0u8; 64 * 1024], vec![0u8; 64 * 1024]);
    loop {
        let n = match a.read(&mut ba) {
            Ok(n) => n,
            Err(_) => return false,
        };
        if n == 0 {
            return b.read(&mut bb[..1]).is_ok_and(|m| m == 0);
        }
        if b.read_exact(&mut bb[..n]).is_err() || ba[..n] != bb[..n] {
            return false;
        }
    }
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
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_and_leaves_no_temporary_file() {
        let dir = std::env::temp_dir().join(format!("s55-fs-{}", std::process::id()));
        create_dir_all(&dir).unwrap();
        let p = dir.join("a.md");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        let names: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_link_planted_at_the_old_temporary_name_is_not_written_through() {
        let dir = std::env::temp_dir().join(format!("s55-fs-plant-{}", std::process::id()));
        create_dir_all(&dir).unwrap();
        let victim = dir.join("victim.txt");
        std::fs::write(&victim, "mine").unwrap();
        // The name a write of `a.md` by this process once used, predictable from its id.
        let planted = dir.join(format!(".a.md.s55-{}.tmp", std::process::id()));
        std::os::unix::fs::symlink(&victim, &planted).unwrap();
        write_atomic(&dir.join("a.md"), b"page").unwrap();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "mine");
        assert_eq!(std::fs::read_to_string(dir.join("a.md")).unwrap(), "page");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn atomic_writes_give_new_files_the_umask_s_mode_and_keep_a_replaced_one_s() {
        use std::os::unix::fs::PermissionsExt;
        // A folder of its own: the output folder's test of modes runs beside this one.
        let dir = std::env::temp_dir().join(format!("s55-fs-atomic-mode-{}", std::process::id()));
        create_dir_all(&dir).unwrap();
        // What the umask gives a new file, seen on a file made the ordinary way.
        let probe = dir.join("probe");
        std::fs::File::create(&probe).unwrap();
        let expected = std::fs::metadata(&probe).unwrap().permissions().mode() & 0o777;
        let p = dir.join("a.html");
        write_atomic(&p, b"one").unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(
            mode(&p),
            expected,
            "a new file is made as File::create makes one"
        );
        assert_ne!(mode(&p), 0o600);
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(mode(&p), 0o640, "a replaced file keeps its mode");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn temporary_names_are_recognised() {
        assert!(is_temporary(".index.html.a8Zk3q.s55.tmp"));
        assert!(is_temporary(".index.html.s55-4242.tmp"));
        assert!(!is_temporary(".s55-manifest.json"));
    }

    #[test]
    fn writers_on_every_core_may_make_the_same_new_folder_at_once() {
        // A build publishes responses in parallel; two of them making `responses/` at the
        // same moment failed with "File exists" for the slower one.
        for round in 0..20 {
            let dir =
                std::env::temp_dir().join(format!("s55-fs-race-{}-{round}", std::process::id()));
            let _ = std::fs::remove_dir_all(&dir);
            let out = OutDir::open(&dir).unwrap();
            std::thread::scope(|scope| {
                for n in 0..8 {
                    let out = &out;
                    scope.spawn(move || {
                        out.write(&format!("responses/force/r{n}/index.html"), b"page")
                            .unwrap()
                    });
                }
            });
            for n in 0..8 {
                assert!(
                    dir.join(format!("responses/force/r{n}/index.html"))
                        .is_file()
                );
            }
            std::fs::remove_dir_all(&dir).unwrap();
        }
    }

    #[cfg(unix)]
    #[test]
    fn new_files_get_the_umask_s_mode_and_replaced_ones_keep_theirs() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = std::env::temp_dir().join(format!("s55-fs-mode-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let out = OutDir::open(&dir).unwrap();
        // What any program's new file gets here: 0666 less the umask.
        let probe = dir.join("probe");
        std::fs::File::create(&probe).unwrap();
        let expected = std::fs::metadata(&probe).unwrap().permissions().mode() & 0o777;
        out.write("a/page.html", b"one").unwrap();
        let mode = |p: &str| std::fs::metadata(dir.join(p)).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode("a/page.html"), expected);
        std::fs::set_permissions(
            dir.join("a/page.html"),
            std::fs::Permissions::from_mode(0o640),
        )
        .unwrap();
        out.write("a/page.html", b"two").unwrap();
        out.write_with("a/page.html", |w| Ok(w.write_all(b"three")?))
            .unwrap();
        assert_eq!(std::fs::read(dir.join("a/page.html")).unwrap(), b"three");
        assert_eq!(mode("a/page.html"), 0o640);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
