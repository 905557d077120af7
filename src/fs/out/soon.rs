//! Files a build writes later, together: the small files made one after another on one
//! core (records, seals), written on every core at once.

use super::*;

impl OutDir {
    /// Writes `rel` as [`OutDir::write`] does, later: when [`OutDir::write_pending`] is
    /// called, or the batch is committed. Reading it before then gives these bytes. For the
    /// small files a build makes one after another (records, seals), so that they are
    /// written on every core at once; a failure is told when they are written. Outside a
    /// build (a folder without a batch) the file is written at once.
    pub fn write_soon(&self, rel: &str, bytes: Vec<u8>) -> Result<()> {
        // Outside a build's batch (which is committed), written now.
        if self.batch.is_none() {
            return self.write(rel, &bytes);
        }
        let mut soon = self
            .soon
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        soon.insert(rel.to_owned(), bytes);
        Ok(())
    }

    /// Writes every file given to [`OutDir::write_soon`], on every core of the current pool,
    /// and tells the first failure in the files' order.
    pub fn write_pending(&self) -> Result<()> {
        use rayon::prelude::*;
        let soon = std::mem::take(
            &mut *self
                .soon
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        );
        if soon.is_empty() {
            return Ok(());
        }
        let written: Vec<Result<()>> = soon
            .par_iter()
            .map(|(rel, bytes)| self.write(rel, bytes))
            .collect();
        written.into_iter().collect()
    }

    /// The bytes given to [`OutDir::write_soon`] for `rel`, not yet written.
    pub(super) fn soon(&self, rel: &str) -> Option<Vec<u8>> {
        let soon = self
            .soon
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        soon.get(rel).cloned()
    }

    /// Whether `rel` was given to [`OutDir::write_soon`] and not yet written.
    pub(super) fn is_soon(&self, rel: &str) -> bool {
        self.soon
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .contains_key(rel)
    }
}
