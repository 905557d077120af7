//! The output folder ([`OutDir`]): every write, removal and read inside it goes through the
//! handle of the folder opened once, and a build's writes are staged and put in place
//! together (the policy is the parent module's).

use std::fs::File;
use std::io::{Read, Write};
use std::path::{Component, Path, PathBuf};

use anyhow::{Context, Result, bail};

use super::{JOURNAL, LOCK, TEMP_SUFFIX, at, create_dir_all, holds, is_temporary};

mod batch;
mod soon;

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
    /// The folders inside it opened so far to read from, by their path inside it (`a/b`):
    /// reading a build's records and checking its files opens each folder once, not once
    /// for every file in it. Forgotten whenever s55 may remove a folder (a removal outside a
    /// build, the renames and removals of a commit), and past [`MAX_FOLDERS`] handles.
    folders: std::sync::Mutex<std::collections::HashMap<String, std::sync::Arc<at::Dir>>>,
    /// Files given to [`OutDir::write_soon`], by their path, not yet written: a build's
    /// records and seals, made one after another on one core, are written together on
    /// every core ([`OutDir::write_pending`]).
    soon: std::sync::Mutex<std::collections::BTreeMap<String, Vec<u8>>>,
}

/// The most folder handles an output folder keeps open to read from (each is a file handle).
const MAX_FOLDERS: usize = 128;

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
    chain: Vec<std::sync::Arc<at::Dir>>,
    names: Vec<std::ffi::OsString>,
}

impl Place {
    /// The handle of the file's own folder.
    fn dir(&self) -> &at::Dir {
        self.dir_arc()
    }

    /// The handle of the file's own folder, to keep.
    fn dir_arc(&self) -> &std::sync::Arc<at::Dir> {
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
            folders: std::sync::Mutex::default(),
            soon: std::sync::Mutex::default(),
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

    /// Opens (creating it if need be) a folder whose writes are staged and put in place
    /// together by [`OutDir::commit`], as a build's are, without a build's lock: the seals
    /// beside the responses, which a build writes while it holds its output folder's. What a
    /// commit stopped midway left listed is finished first.
    pub fn staging(path: &Path) -> Result<OutDir> {
        let mut out = OutDir::open(path)?;
        out.finish_journal()?;
        out.batch = Some(std::sync::Mutex::new(Batch::default()));
        Ok(out)
    }

    /// How many files are staged, not yet in place.
    pub fn staged_count(&self) -> usize {
        self.batch().map_or(0, |b| b.staged.len())
    }

    /// Finishes the renames and removals that a commit stopped midway left listed in the
    /// folder, if any (see the module's policy).
    pub fn finish_stopped(&self) -> Result<()> {
        self.finish_journal()
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
            Ok(chain) => Ok(Place {
                chain: chain.into_iter().map(std::sync::Arc::new).collect(),
                names,
            }),
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

    /// The place of `rel` to write a file at, its folders made if need be (see
    /// [`OutDir::resolve`]). The file's folder, once opened, is kept with the folders opened
    /// to read from, so that the next file written into it (a response's page, its PDF, its
    /// Markdown) does not open every folder from the top again; the place then holds that
    /// folder alone, which is all a write needs.
    fn resolve_for_write(&self, rel: &str) -> Result<Place> {
        let Some((folder, _)) = rel.rsplit_once('/').filter(|_| is_key(rel)) else {
            return self.resolve(rel, true);
        };
        let names = || rel.split('/').map(std::ffi::OsString::from).collect();
        let cached = self
            .folders
            .lock()
            .ok()
            .and_then(|f| f.get(folder).cloned());
        if let Some(dir) = cached {
            return Ok(Place {
                chain: vec![dir],
                names: names(),
            });
        }
        if let Some(place) = self.resolve_below_opened(rel, folder) {
            return Ok(place);
        }
        let place = self.resolve(rel, true)?;
        // Every folder on the way, so that a response's next folder (its seal's files, its
        // sibling's page) is opened from its parent rather than from the top.
        let below_top = place.names.iter().map(|n| n.as_os_str());
        self.keep_folders(
            String::new(),
            below_top.zip(place.chain.iter().skip(1).cloned()),
        );
        Ok(place)
    }

    /// Keeps folders opened to write into and read from again, each by its key: the key of
    /// the folder they stand below (`above`, empty for the output folder) and the names down
    /// to it.
    fn keep_folders<'n>(
        &self,
        above: String,
        opened: impl IntoIterator<Item = (&'n std::ffi::OsStr, std::sync::Arc<at::Dir>)>,
    ) {
        let mut key = above;
        let opened: Vec<(String, std::sync::Arc<at::Dir>)> = opened
            .into_iter()
            .map(|(name, dir)| {
                if !key.is_empty() {
                    key.push('/');
                }
                key.push_str(&name.to_string_lossy());
                (key.clone(), dir)
            })
            .collect();
        if let Ok(mut folders) = self.folders.lock() {
            if folders.len() + opened.len() > MAX_FOLDERS {
                folders.clear();
            }
            folders.extend(opened);
        }
    }

    /// The place of `rel` (a key, in `folder`) to write at, its folders opened (and made if
    /// need be) from the nearest folder above them opened before, rather than from the top:
    /// a fresh build makes a folder for each response and one for its seal, each below
    /// folders it has opened already. The place's chain starts at that folder. `None` when
    /// no folder above is open, or something is in the way (which `resolve` then tells).
    fn resolve_below_opened(&self, rel: &str, folder: &str) -> Option<Place> {
        let mut above = folder;
        let start = loop {
            let (up, _) = above.rsplit_once('/')?;
            above = up;
            if let Some(dir) = self.folders.lock().ok()?.get(above).cloned() {
                break dir;
            }
        };
        let names: Vec<std::ffi::OsString> = rel.split('/').map(std::ffi::OsString::from).collect();
        let depth = above.split('/').count();
        let below: Vec<&std::ffi::OsStr> = names[depth..names.len() - 1]
            .iter()
            .map(|n| n.as_os_str())
            .collect();
        let opened: Vec<std::sync::Arc<at::Dir>> = at::descend_from(&start, &below, true)
            .ok()?
            .into_iter()
            .map(std::sync::Arc::new)
            .collect();
        self.keep_folders(
            above.to_owned(),
            below.iter().copied().zip(opened.iter().cloned()),
        );
        let mut chain = vec![start];
        chain.extend(opened);
        Some(Place { chain, names })
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
        let place = self.resolve_for_write(rel)?;
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
            self.stage(&place, tmp, &file, existing);
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
        let place = self.resolve_for_write(rel)?;
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
            self.stage(&place, tmp, &file, existing);
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

    /// Forgets the folders opened to read from (a folder may be about to go).
    fn forget_folders(&self) {
        if let Ok(mut folders) = self.folders.lock() {
            folders.clear();
        }
    }

    /// The folder at `key` inside this one (its plain names joined by `/`), opened to read
    /// from, from those opened before where it can; never through a link. `None` when it is
    /// not a folder.
    fn folder(&self, key: &str) -> Option<std::sync::Arc<at::Dir>> {
        if let Some(dir) = self.folders.lock().ok()?.get(key) {
            return Some(std::sync::Arc::clone(dir));
        }
        let opened = match key.rsplit_once('/') {
            None => at::open_sub(&self.fd, std::ffi::OsStr::new(key))?,
            Some((above, last)) => at::open_sub(&*self.folder(above)?, std::ffi::OsStr::new(last))?,
        };
        let opened = std::sync::Arc::new(opened);
        let mut folders = self.folders.lock().ok()?;
        if folders.len() >= MAX_FOLDERS {
            folders.clear();
        }
        folders.insert(key.to_owned(), std::sync::Arc::clone(&opened));
        Some(opened)
    }

    /// Runs `f` on the folder of `rel` (opened to read from), the file's name and its key in
    /// the batch; `None` when `rel` is not a plain path or its folder is not there. A path
    /// already written as its key (plain names joined by `/`, as s55 writes them) is used
    /// as it is, without being taken apart and joined again: a build checks thousands.
    fn reading<T>(
        &self,
        rel: &str,
        f: impl FnOnce(&at::Dir, &std::ffi::OsStr, &str) -> Option<T>,
    ) -> Option<T> {
        let owned;
        let key = if is_key(rel) {
            rel
        } else {
            let mut names = Vec::new();
            for c in Path::new(rel).components() {
                match c {
                    Component::Normal(n) => names.push(n.to_string_lossy()),
                    _ => return None,
                }
            }
            owned = names.join("/");
            if !is_key(&owned) {
                return None;
            }
            &owned
        };
        match key.rsplit_once('/') {
            None => f(&self.fd, std::ffi::OsStr::new(key), key),
            Some((folder, name)) => {
                let dir = self.folder(folder)?;
                f(&dir, std::ffi::OsStr::new(name), key)
            }
        }
    }

    /// Reads `rel` if it is a regular file inside the folder (not behind a link) of at most
    /// `limit` bytes.
    pub fn read(&self, rel: &str, limit: usize) -> Option<Vec<u8>> {
        if let Some(bytes) = self.soon(rel) {
            return (bytes.len() <= limit).then_some(bytes);
        }
        let file = self.reading(rel, |dir, name, key| match self.pending_key(key) {
            Pending::Written(tmp) => at::open_file(dir, std::ffi::OsStr::new(&tmp)),
            Pending::Removed => None,
            Pending::Nothing => at::open_file(dir, name),
        })?;
        let len = file.metadata().ok()?.len();
        if len > limit as u64 {
            return None;
        }
        // Room for the whole file at once: read in one call, not in doubling pieces.
        let mut bytes = Vec::with_capacity(len as usize);
        file.take(limit as u64 + 1).read_to_end(&mut bytes).ok()?;
        (bytes.len() <= limit).then_some(bytes)
    }

    /// Whether `rel` is a regular file inside the folder, not behind a link.
    pub fn is_file(&self, rel: &str) -> bool {
        if self.is_soon(rel) {
            return true;
        }
        self.reading(rel, |dir, name, key| {
            Some(match self.pending_key(key) {
                Pending::Written(_) => true,
                Pending::Removed => false,
                Pending::Nothing => at::kind_at(dir, name) == Some(at::FileType::RegularFile),
            })
        })
        .unwrap_or(false)
    }

    /// What the build has staged for the file `key` (its path inside the folder), which
    /// reads see before the folder.
    fn pending_key(&self, key: &str) -> Pending {
        let Some(batch) = self.batch() else {
            return Pending::Nothing;
        };
        match batch.staged.get(key) {
            Some(tmp) => Pending::Written(tmp.clone()),
            None if batch.removed.contains(key) => Pending::Removed,
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
        if let Ok(mut soon) = self.soon.lock() {
            soon.remove(rel);
        }
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
        self.forget_folders();
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

/// Whether `rel` is already a key of the batch: plain names (not empty, `.` or `..`, without
/// a separator of another system) joined by `/`.
fn is_key(rel: &str) -> bool {
    !rel.is_empty()
        && !rel.contains('\\')
        && rel
            .split('/')
            .all(|n| !n.is_empty() && n != "." && n != "..")
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
