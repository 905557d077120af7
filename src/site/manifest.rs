//! What a build remembers for the next one, and the file operations that keep the output
//! folder in step with it.
//!
//! The manifest (`.s55-manifest.json` in the output) records a fingerprint of everything
//! besides the inputs that shapes the output, and for each published response one short
//! line ([`Line`]): the hash of its input, its address, where it stands in the index, and the
//! hash of its record. The record ([`Entry`]: the files written for it, what the index, the
//! feed and `responses.json` say of it, the signed letter's hash, its pictures) is a file of
//! its own, `.s55/records/HASH.json`, named by the hash of its bytes, so that a build holds
//! the lines of the whole archive but reads a record only when it needs one, and a record is
//! never rewritten in place: whenever a build stops, every record the manifest names is whole
//! and is the one it named. The manifest is written last, so a build stopped at any moment
//! leaves the previous manifest, and the next build finishes the job. It also lists the
//! site's own pages (index, forces' pages, feeds), so that a build removes only files it
//! wrote: what the manifest does not name is never deleted.

use std::collections::{BTreeMap, HashSet};
use std::hash::{Hash, Hasher};

use anyhow::Result;
use serde::{Deserialize, Serialize};

use super::frozen::Letter;
use super::publish::Meta;
use super::records;
use crate::fs::OutDir;

/// The manifest's file name, in the output folder.
pub const MANIFEST: &str = ".s55-manifest.json";

/// A manifest larger than this is not read (the build renders everything instead): one
/// for tens of thousands of responses is a few megabytes.
const MAX_MANIFEST_BYTES: usize = 256_000_000;

/// What the manifest remembers between builds.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Manifest {
    /// The fingerprint of everything besides the inputs that shapes the output.
    pub assets: String,
    /// Each published response, by its input's path relative to the input folder.
    pub responses: BTreeMap<String, Line>,
    /// The site's own files written by the last build (index, forces' pages, feeds),
    /// relative to the output folder.
    #[serde(default)]
    pub site: Vec<String>,
    /// The hash of everything the site's own files were made from (see `write::site_key`):
    /// a build whose key is the same, with those files in place, has nothing to write.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub site_key: String,
}

/// One published response, as every build reads it: what decides whether it changed, and
/// where it stands in the index. The rest is in its record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Line {
    /// The hash of the input file as rendered.
    pub input: String,
    /// Its address: `FORCE/DATE-TITLE`.
    pub slug: String,
    /// The hash of its record, `.s55/records/HASH.json`.
    pub record: String,
    /// Published only by `s55 build --drafts`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub draft: bool,
    /// The force, named: the index sorts and groups by it.
    pub force: String,
    /// The local policing body's office: the archive's, when every response names one.
    #[serde(default)]
    pub office: String,
    /// The report's publication date (YYYY-MM-DD): the index's order, newest first.
    pub report_published: String,
    /// The response's date (YYYY-MM-DD), the order within a day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_date: Option<String>,
    /// Whether it has a Welsh edition: the archive then has Welsh pages.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub welsh: bool,
}

impl Line {
    /// The line of a response whose record has this hash.
    pub fn of(input: String, entry: &Entry, record: String) -> Line {
        Line {
            input,
            slug: entry.meta.slug.clone(),
            record,
            draft: entry.meta.draft,
            force: entry.meta.force.clone(),
            office: entry.meta.office.clone(),
            report_published: entry.meta.report_published.clone(),
            response_date: entry.meta.response_date.clone(),
            welsh: entry.meta.welsh.is_some(),
        }
    }

    /// The force's address below `forces/`: the first part of the response's.
    pub fn force_slug(&self) -> &str {
        self.slug.split('/').next().unwrap_or_default()
    }

    /// The order of the index: newest report first, then newest response, then by force
    /// and address.
    pub fn index_order(&self, other: &Line) -> std::cmp::Ordering {
        (
            other.report_published.as_str(),
            other.response_date.as_deref(),
        )
            .cmp(&(
                self.report_published.as_str(),
                self.response_date.as_deref(),
            ))
            .then(self.force.cmp(&other.force))
            .then(self.slug.cmp(&other.slug))
    }
}

/// A published response's record: everything a build reads of it only when it needs it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    /// The files written for it, relative to the output folder.
    pub files: Vec<String>,
    /// What the index, the feed and `responses.json` say of it.
    pub meta: Meta,
    /// The signed letter's words, once a final response is published: what a later edit
    /// is compared with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub letter: Option<Letter>,
    /// The pictures it shows (the office's logo, the signature): each file's path from the
    /// folder of responses and the hash of its bytes, so that a new logo renders the
    /// response again.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pictures: Vec<(String, String)>,
}

impl Entry {
    /// The record with this hash, when its file is there and whole.
    pub fn read(out: &OutDir, hash: &str) -> Option<Entry> {
        records::read_record(out, hash)
    }

    /// Writes the record under the hash of its bytes; returns the hash.
    pub fn write(&self, out: &OutDir) -> Result<String> {
        records::write_record(out, self)
    }

    /// Whether every picture it shows is still the file it was: inside the folder of
    /// responses (`input`, a real path), and the same bytes. A picture that cannot be read,
    /// or a path the record names outside that folder, counts as changed: the response is
    /// then read and checked again, which says what is wrong. `seen` holds each file's hash
    /// once read, so that a logo every response shows is read once a build.
    pub fn pictures_unchanged(
        &self,
        input: Option<&std::path::Path>,
        seen: &mut std::collections::HashMap<String, Option<String>>,
    ) -> bool {
        pictures_unchanged(&self.pictures, input, seen)
    }
}

/// Whether every picture in `pictures` is still the file it was (see
/// [`Entry::pictures_unchanged`]).
pub fn pictures_unchanged(
    pictures: &[(String, String)],
    input: Option<&std::path::Path>,
    seen: &mut std::collections::HashMap<String, Option<String>>,
) -> bool {
    use std::path::{Component, Path};
    let Some(input) = input else {
        return pictures.is_empty();
    };
    pictures.iter().all(|(file, hash)| {
        let now = seen.entry(file.clone()).or_insert_with(|| {
            let rel = Path::new(file);
            let path = input.join(rel);
            let inside = rel.components().all(|c| matches!(c, Component::Normal(_)))
                && path.canonicalize().is_ok_and(|real| real == path);
            inside
                .then(|| crate::fs::read_limited(&path, crate::load::images::MAX_IMAGE_BYTES))
                .and_then(Result::ok)
                .map(|b| crate::util::hash_hex(&b))
        });
        now.as_deref() == Some(hash.as_str())
    })
}

/// A manifest as files hold it: the lines of this version, or, from versions before records,
/// each response's record written into its line.
#[derive(Deserialize)]
struct Stored {
    assets: String,
    responses: BTreeMap<String, StoredLine>,
    #[serde(default)]
    site: Vec<String>,
    #[serde(default)]
    site_key: String,
}

/// One line as stored: this version's, or an older one that holds its record.
#[derive(Deserialize)]
struct StoredLine {
    input: String,
    slug: String,
    #[serde(default)]
    record: Option<String>,
    #[serde(default)]
    draft: bool,
    #[serde(default)]
    force: String,
    #[serde(default)]
    office: String,
    #[serde(default)]
    report_published: String,
    #[serde(default)]
    response_date: Option<String>,
    #[serde(default)]
    welsh: bool,
    // What manifests before records held in the line.
    #[serde(default)]
    files: Vec<String>,
    #[serde(default)]
    meta: Option<Box<Meta>>,
    #[serde(default)]
    letter: Option<Box<Letter>>,
    #[serde(default)]
    pictures: Vec<(String, String)>,
}

impl Manifest {
    /// The manifest in `out`; an empty one when there is none (the build then renders
    /// everything). One that is there but cannot be read is an error, not an empty one: it
    /// is what says which letters were published and signed, and a build without it would
    /// publish edited letters unchecked. A manifest of an older version, whose lines held
    /// their records, has each record written to its file as it is read: the published
    /// letters it remembers are kept.
    pub fn read(out: &OutDir) -> Result<Manifest> {
        let bytes = match out.read(MANIFEST, MAX_MANIFEST_BYTES) {
            Some(b) => b,
            None if out.is_file(MANIFEST) => {
                return Err(unreadable("it cannot be opened, or is larger than 256 MB"));
            }
            None => return Ok(Manifest::default()),
        };
        let stored: Stored =
            serde_json::from_slice(&bytes).map_err(|e| unreadable(&e.to_string()))?;
        let mut responses = BTreeMap::new();
        for (key, line) in stored.responses {
            let line = match (line.record, line.meta) {
                (Some(record), _) => Line {
                    input: line.input,
                    slug: line.slug,
                    record,
                    draft: line.draft,
                    force: line.force,
                    office: line.office,
                    report_published: line.report_published,
                    response_date: line.response_date,
                    welsh: line.welsh,
                },
                (None, Some(meta)) => {
                    let entry = Entry {
                        files: line.files,
                        meta: *meta,
                        letter: line.letter.map(|l| *l),
                        pictures: line.pictures,
                    };
                    let record = entry.write(out)?;
                    Line::of(line.input, &entry, record)
                }
                // Neither a record nor what one holds: nothing to keep.
                (None, None) => continue,
            };
            responses.insert(key, line);
        }
        Ok(Manifest {
            assets: stored.assets,
            responses,
            site: stored.site,
            site_key: stored.site_key,
        })
    }

    /// Writes the manifest into `out`, atomically, streamed into the file.
    pub fn write(&self, out: &OutDir) -> Result<()> {
        out.write_with(MANIFEST, |w| {
            serde_json::to_writer_pretty(w, self)?;
            Ok(())
        })
    }
}

/// The error for a manifest that is there but cannot be read, for `why`.
fn unreadable(why: &str) -> anyhow::Error {
    anyhow::anyhow!(
        "the output folder's manifest, `{MANIFEST}`, cannot be read ({why}), so the published letters cannot be checked against what was signed; restore it from a copy of the output folder, or remove it to publish every response again as it now reads"
    )
}

/// The files the next manifest names, each as a 64-bit hash of its path: what a build may
/// not remove. (Two paths with the same hash keep each other: at worst a file stays that
/// could have gone, never the other way.)
#[derive(Debug, Default)]
pub struct Kept(HashSet<u64>);

impl Kept {
    fn key(file: &str) -> u64 {
        let mut h = std::hash::DefaultHasher::new();
        file.hash(&mut h);
        h.finish()
    }

    /// Keeps one file.
    pub fn insert(&mut self, file: &str) {
        self.0.insert(Self::key(file));
    }

    /// Keeps a response's record and every file it names.
    pub fn entry(&mut self, record: &str, entry: Option<&Entry>) {
        self.insert(&records::record_file(record));
        for f in entry.iter().flat_map(|e| &e.files) {
            self.insert(f);
        }
    }

    /// Whether `file` is kept.
    pub fn contains(&self, file: &str) -> bool {
        self.0.contains(&Self::key(file))
    }
}
