//! The manifest a build is making, with what it keeps, and what it has to tell.

use std::collections::BTreeSet;

use anyhow::Result;

use super::manifest::{Entry, Kept, Line, Manifest};
use super::records::Head;
use super::{Report, Summary, progress};
use crate::fs::OutDir;

/// The manifest a build is making, with what it keeps.
pub(super) struct Next {
    pub(super) manifest: Manifest,
    /// Every file the manifest's responses name: what no removal may touch.
    pub(super) kept: Kept,
    /// The keys of the responses whose record could not be read: kept in the manifest (so
    /// that what is wrong is said again), but not listed.
    pub(super) unlisted: BTreeSet<String>,
    /// The records this build replaced or took out of the manifest: their files go, unless
    /// kept.
    pub(super) retired: Vec<String>,
}

impl Next {
    pub(super) fn new(assets: String) -> Next {
        Next {
            manifest: Manifest {
                assets,
                ..Manifest::default()
            },
            kept: Kept::default(),
            unlisted: BTreeSet::new(),
            retired: Vec::new(),
        }
    }

    /// Puts a response in the manifest, with its record (`None` when it cannot be read).
    pub(super) fn insert(&mut self, key: String, line: Line, entry: Option<&Entry>) {
        self.kept.entry(&line.record, entry);
        match entry {
            Some(e) => self.kept.insert(&progress::file_of(&e.meta)),
            None => {
                self.unlisted.insert(key.clone());
            }
        }
        self.list(key, line);
    }

    /// Puts an unchanged response in the manifest as it is, from what was read of its record
    /// ([`Head`]): its files are kept, with its progress page.
    pub(super) fn insert_unchanged(&mut self, key: String, line: Line, head: &Head<'_>) {
        self.kept.insert(&super::records::record_file(&line.record));
        for f in &head.files {
            self.kept.insert(f);
        }
        self.kept.insert(&progress::file_of_page(&head.meta.href));
        self.list(key, line);
    }

    /// Lists a response's line in the manifest.
    fn list(&mut self, key: String, line: Line) {
        self.manifest.responses.insert(key, line);
    }

    /// Puts a response in the manifest as the last build left it, reading its record.
    pub(super) fn keep(&mut self, out: &OutDir, key: String, line: Line) {
        let entry = Entry::read(out, &line.record);
        self.insert(key, line, entry.as_ref());
    }

    /// The last build's line for a response goes, and its files unless they are kept.
    pub(super) fn retire(&mut self, line: &Line) {
        self.retired.push(line.record.clone());
    }

    /// A response not rendered this time (unreadable, failed, or a draft set aside) keeps
    /// what the last build published of it (`record`, or read when `None`), except a draft
    /// published for a preview, which comes down when drafts are not asked for.
    pub(super) fn stay(
        &mut self,
        out: &OutDir,
        key: String,
        line: Line,
        record: Option<&Entry>,
        drafts: bool,
        summary: &mut Summary,
    ) {
        if line.draft && !drafts {
            self.retire(&line);
            summary.removed += 1;
        } else if let Some(e) = record {
            self.insert(key, line, Some(e));
        } else {
            self.keep(out, key, line);
        }
    }

    /// Records a response as published now, with its input's hash and its record: the
    /// record's file is written, and the last build's (`previous`) retired if it differs.
    pub(super) fn publish(
        &mut self,
        out: &OutDir,
        key: String,
        hash: String,
        entry: &Entry,
        previous: Option<Line>,
    ) -> Result<()> {
        let record = entry.write(out)?;
        if let Some(line) = previous.filter(|l| l.record != record) {
            self.retire(&line);
        }
        self.insert(key, Line::of(hash, entry, record), Some(entry));
        Ok(())
    }
}

/// What each chunk had to say, kept until every chunk is done: failures, and what was
/// published.
#[derive(Default)]
pub(super) struct Told {
    pub(super) failed: Vec<Report>,
    /// This part's published responses, before they are told.
    pub(super) published: Vec<Report>,
    /// The published responses' reports the caller did not take.
    pub(super) kept: Vec<Report>,
}
