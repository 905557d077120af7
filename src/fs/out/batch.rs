//! The build's batch: the lock file's word that a build ended, each staged file noted, and
//! the commit that puts them all in place through the journal of renames and removals.

use super::*;

impl OutDir {
    /// Clears the lock file's word that the last build ended, before this build's first
    /// temporary file: a build stopped before its end leaves no word, and the next build
    /// then looks for its temporary files. A build that stages nothing writes nothing.
    pub(super) fn mark(&self) {
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
    pub(super) fn unmark(&self) {
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
    /// of anything staged for it before; `existing` when a file stood there to take the
    /// mode of (a new file needs no second look: a build writes thousands).
    pub(super) fn stage(
        &self,
        place: &Place,
        tmp: std::ffi::OsString,
        file: &File,
        existing: bool,
    ) {
        let key = Self::key(place);
        if existing {
            let _ = at::keep_mode(place.dir(), place.name(), file);
        }
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
        self.write_pending()?;
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
    pub(super) fn apply(&self, batch: &Batch, stops: bool) -> Result<()> {
        self.forget_folders();
        // The batch is in path order, so a folder's files come together: each folder is
        // opened once for all of them, not from the top for each file (a fresh build puts
        // some twelve files a letter in place).
        let mut last: Option<(String, std::sync::Arc<at::Dir>)> = None;
        for (rel, tmp) in &batch.staged {
            let folder = rel.rsplit_once('/').map(|(f, _)| f);
            let place = match (&last, folder) {
                (Some((open, dir)), Some(folder)) if open == folder && is_key(rel) => Place {
                    chain: vec![std::sync::Arc::clone(dir)],
                    names: rel.split('/').map(std::ffi::OsString::from).collect(),
                },
                _ => {
                    let place = self.resolve(rel, true)?;
                    last = folder.map(|f| (f.to_owned(), std::sync::Arc::clone(place.dir_arc())));
                    place
                }
            };
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
    pub(super) fn finish_journal(&self) -> Result<()> {
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
}
