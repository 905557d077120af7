//! The signed letter, sealed beside the responses themselves.
//!
//! Policy: when a final response is first published, its letter's words and the bytes of
//! every file published for it (the page, the PDF, the Word document, the Markdown: the
//! pictures are inside them) are sealed in the folder of responses, in `.sealed/ADDRESS/`,
//! which an office keeps with its files. The seal, not the output folder, is what says what
//! was signed, so a fresh `--out`, a lost or edited manifest, or a build in an empty folder
//! still publish the letter as signed; and because the sealed files are published as they
//! are, nothing outside the response's own words (the office's settings, its pictures, the
//! templates and locales, `--tracker`, `--force`, a new version of s55) can change a byte of
//! them. A seal is keyed by the response's address (its force, report date and report
//! title), not its file: a response renamed or moved is still the sealed one, and a sealed
//! response whose file has gone stays published until its seal is removed on purpose.
//!
//! A change to the letter's own words is refused unless a new correction records it, dated
//! on or after the letter (and after the corrections before it) with a note that says
//! something. The corrected letter is sealed as a new version; the signed original stays
//! sealed and published beside it, at `ADDRESS.as-signed/`.
//!
//! Each sealed file is kept once under its SHA-256 (`files/HASH`), and checked against it
//! when published: a damaged seal is said, never published.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};
use serde::{Deserialize, Serialize};

use super::frozen::Letter;
use super::publish::{Meta, blob};
use crate::fs::OutDir;
use crate::util;

mod judge;
pub use judge::{Published, judge, published, real_corrections, refusals};

/// The folder of seals, in the folder of responses.
pub const SEALED: &str = ".sealed";

/// The most sealed files a build stages before it puts them in place (about 600 letters).
const MAX_STAGED: usize = 4096;

/// A seal's description, in its folder.
const SEAL_FILE: &str = "seal.json";

/// No seal's description is read beyond this; one holds a letter's words.
const MAX_SEAL_BYTES: usize = 16_000_000;

/// No sealed file is read beyond this (a letter's PDF is well under it).
const MAX_FILE_BYTES: usize = 512_000_000;

/// Top-level fields that a letter's seal leaves out besides those [`Letter`] does: what is
/// recorded after publication (a cause of concern's `discharged:` date) never changes it.
fn after_publication(path: &str) -> bool {
    path.ends_with(".discharged")
}

/// A sealed response: its address and every version published.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Seal {
    /// The response's address below `responses/`: its identity in the archive.
    pub slug: String,
    /// Its file, from the folder of responses, when it was last built.
    pub path: String,
    /// The signed original first, then the version of each correction.
    pub versions: Vec<Version>,
}

/// One published version of a sealed letter.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Version {
    /// How many corrections the response recorded.
    pub corrections: usize,
    /// The day it was signed (the letter's date), or for a correction, the correction's
    /// date (YYYY-MM-DD).
    pub date: String,
    /// The SHA-256 of its words, field by field (the response's own fields, as written).
    pub letter: String,
    /// Its words, by field path: what an edit is compared with and shown beside. Kept in a
    /// file of their own, `words/HASH.json` (so that a build reads every seal's description
    /// but only the words of a response that changed).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, String>,
    /// What the index, the feed and `responses.json` say of it.
    pub meta: Meta,
    /// Each file published, by its path below the output folder, and the SHA-256 of its
    /// bytes, kept in `files/HASH`.
    pub files: BTreeMap<String, String>,
    /// The pictures it shows (path from the folder of responses, SHA-256 of the bytes).
    #[serde(default)]
    pub pictures: Vec<(String, String)>,
}

/// A seal's description as a build first reads it: its address and its file, its versions
/// counted, not read.
#[derive(Deserialize)]
struct Head {
    slug: String,
    path: String,
    versions: Vec<serde::de::IgnoredAny>,
}

/// A seal's description read whole from `bytes`, the seal at `slug` in the folder of seals
/// below `given`; a damaged one is said.
fn parse(given: &Path, slug: &str, bytes: &[u8]) -> Result<Seal> {
    let seal: Seal = serde_json::from_slice(bytes)
        .map_err(|e| anyhow::anyhow!(damaged(given, slug, &e.to_string())))?;
    if seal.versions.is_empty() {
        bail!(damaged(
            given,
            slug,
            "its `seal.json` names another address, or no version"
        ));
    }
    Ok(seal)
}

impl Seal {
    /// Its head alone: its address and its file, without its versions (see
    /// [`Seals::full`]).
    fn head(&self) -> Seal {
        Seal {
            slug: self.slug.clone(),
            path: self.path.clone(),
            versions: Vec::new(),
        }
    }

    /// The version published now: the last.
    pub fn latest(&self) -> &Version {
        // A seal is read (and made) with at least one version.
        &self.versions[self.versions.len() - 1]
    }

    /// The signed original's files, where they are published once the letter is
    /// corrected: `responses/ADDRESS.as-signed/`.
    pub fn original_files(&self) -> Vec<(String, String)> {
        let (Some(first), true) = (self.versions.first(), self.versions.len() > 1) else {
            return Vec::new();
        };
        let from = format!("responses/{}/", self.slug);
        let to = format!("responses/{}.as-signed/", self.slug);
        first
            .files
            .iter()
            .map(|(path, hash)| {
                let moved = path
                    .strip_prefix(&from)
                    .map_or_else(|| path.clone(), |rest| format!("{to}{rest}"));
                (moved, hash.clone())
            })
            .collect()
    }

    /// Every file the published letter has in the output folder, with its hash: the latest
    /// version's, and the signed original's once corrected.
    pub fn published_files(&self) -> Vec<(String, String)> {
        let mut all: Vec<(String, String)> = self
            .latest()
            .files
            .iter()
            .map(|(p, h)| (p.clone(), h.clone()))
            .collect();
        all.extend(self.original_files());
        all
    }
}

/// What a build found about a response and its seal.
#[derive(Debug, Clone)]
pub enum Verdict {
    /// Its letter is as sealed (or it was set back to a draft, or it cannot be read): the
    /// sealed files are published as they are.
    Keep,
    /// An edit without a correction: refused, and the sealed files published as they are.
    Refused,
    /// A new correction records a change: rendered, and sealed as a new version.
    Corrected,
}

/// The seals of a folder of responses.
#[derive(Debug, Default)]
pub struct Seals {
    /// The folder of responses, as the user named it (for messages).
    given: PathBuf,
    /// Its real path.
    root: Option<PathBuf>,
    /// Each seal, by address.
    pub by_slug: BTreeMap<String, Seal>,
    /// The response files the build found, by key: a seal whose file is among them is not
    /// taken by another file.
    pub present: BTreeSet<String>,
    /// The addresses of the seals a response file of this build took.
    pub claimed: BTreeSet<String>,
    /// What this build seals, staged in the folder of seals and put in place together by
    /// [`Seals::commit`] (one sync for them all, not one for each file); opened when the
    /// build seals its first letter.
    staged: Option<OutDir>,
}

impl Seals {
    /// Reads every seal in `dir/.sealed/` for a build, after finishing the putting in place
    /// of seals that a build stopped midway left listed ([`Seals::commit`]), so that every
    /// seal it reads is whole.
    pub fn read_for_build(dir: &Path) -> Result<Seals> {
        let seals = Seals {
            given: dir.join(SEALED),
            root: dir.canonicalize().ok(),
            ..Seals::default()
        };
        if let Some(store) = seals.store(false)? {
            store.finish_stopped()?;
        }
        Seals::read_as(dir, false)
    }

    /// Reads every seal in `dir/.sealed/`. A seal that cannot be read stops the build: it
    /// is what says what was signed.
    pub fn read(dir: &Path) -> Result<Seals> {
        Seals::read_as(dir, true)
    }

    /// Reads every seal in `dir/.sealed/`, each with its versions (`full`) or as its head
    /// alone: its address and its file, its versions counted and passed over. A build reads
    /// heads, and reads in full only the seals of the responses it reads again
    /// ([`Seals::read_needed`]): an archive of thousands of unchanged letters is not read
    /// version by version at every build, nor held so in memory.
    fn read_as(dir: &Path, full: bool) -> Result<Seals> {
        let mut seals = Seals {
            given: dir.join(SEALED),
            root: dir.canonicalize().ok(),
            ..Seals::default()
        };
        let Some(store) = seals.store(false)? else {
            return Ok(seals);
        };
        for force in list_dirs(store.path())? {
            for name in list_dirs(&store.path().join(&force))? {
                let slug = format!("{force}/{name}");
                let file = format!("{slug}/{SEAL_FILE}");
                let Some(bytes) = store.read(&file, MAX_SEAL_BYTES) else {
                    if store.is_file(&file) {
                        bail!(damaged(
                            &seals.given,
                            &slug,
                            "its `seal.json` cannot be read"
                        ));
                    }
                    continue;
                };
                let seal = if full {
                    parse(&seals.given, &slug, &bytes)?
                } else {
                    let head: Head = serde_json::from_slice(&bytes).map_err(|e| {
                        anyhow::anyhow!(damaged(&seals.given, &slug, &e.to_string()))
                    })?;
                    let counted = head.versions.len();
                    let seal = Seal {
                        slug: head.slug,
                        path: head.path,
                        versions: Vec::new(),
                    };
                    if counted == 0 {
                        bail!(damaged(
                            &seals.given,
                            &slug,
                            "its `seal.json` names another address, or no version"
                        ));
                    }
                    seal
                };
                if seal.slug != slug {
                    bail!(damaged(
                        &seals.given,
                        &slug,
                        "its `seal.json` names another address, or no version"
                    ));
                }
                seals.by_slug.insert(slug, seal);
            }
        }
        Ok(seals)
    }

    /// Reads in full the seals a build may need whole, of those read as heads: the seals of
    /// the responses it reads again (`keys`), and those whose file the build did not find
    /// (renamed, moved or gone: another file may take them, or they are published as they
    /// are). A seal that cannot be read stops the build, as when every seal was read whole.
    pub fn read_needed<'k>(
        &mut self,
        keys: impl IntoIterator<Item = &'k str>,
    ) -> Result<Vec<String>> {
        let keys: BTreeSet<&str> = keys.into_iter().collect();
        let needed: Vec<String> = self
            .by_slug
            .values()
            .filter(|s| s.versions.is_empty())
            .filter(|s| keys.contains(s.path.as_str()) || !self.present.contains(&s.path))
            .map(|s| s.slug.clone())
            .collect();
        for slug in &needed {
            let seal = self.read_seal(slug)?;
            self.by_slug.insert(slug.clone(), seal);
        }
        Ok(needed)
    }

    /// Holds the seals at `slugs` as their heads again, once their part of a build is done:
    /// a build of thousands of letters read again holds the versions of one part's seals, not
    /// of every seal (whatever asks after that reads the seal again: [`Seals::full`]).
    pub fn forget_versions(&mut self, slugs: &[String]) {
        for slug in slugs {
            if let Some(seal) = self.by_slug.get_mut(slug) {
                *seal = seal.head();
            }
        }
    }

    /// The seal at `slug` with every version: as held, or read again from its file when
    /// only its head is held.
    pub fn full(&self, slug: &str) -> Result<Option<Seal>> {
        match self.by_slug.get(slug) {
            None => Ok(None),
            Some(seal) if !seal.versions.is_empty() => Ok(Some(seal.clone())),
            Some(_) => self.read_seal(slug).map(Some),
        }
    }

    /// Reads the seal at `slug` with every version from its file (as this build staged it,
    /// if it did).
    fn read_seal(&self, slug: &str) -> Result<Seal> {
        let file = format!("{slug}/{SEAL_FILE}");
        let bytes = self
            .with_store(|store| store.read(&file, MAX_SEAL_BYTES))?
            .ok_or_else(|| {
                anyhow::anyhow!(damaged(&self.given, slug, "its `seal.json` cannot be read"))
            })?;
        let seal = parse(&self.given, slug, &bytes)?;
        if seal.slug != slug {
            bail!(damaged(
                &self.given,
                slug,
                "its `seal.json` names another address, or no version"
            ));
        }
        Ok(seal)
    }

    /// The folder of seals, opened to read or write like an output folder (no link
    /// followed); `None` when there is none and `create` is not asked.
    fn store(&self, create: bool) -> Result<Option<OutDir>> {
        match self.store_path(create)? {
            Some(path) => OutDir::open(&path).map(Some),
            None => Ok(None),
        }
    }

    /// Runs `f` on the folder of seals as this build sees it: with what it has sealed so
    /// far, staged; `None` when there is no folder of seals.
    fn with_store<T>(&self, f: impl FnOnce(&OutDir) -> Option<T>) -> Result<Option<T>> {
        if let Some(staged) = &self.staged {
            return Ok(f(staged));
        }
        Ok(self.store(false)?.and_then(|store| f(&store)))
    }

    /// The folder of seals that this build writes into, staged, made when first asked for.
    fn staging(&mut self) -> Result<&OutDir> {
        if self.staged.is_none() {
            let path = self
                .store_path(true)?
                .context("the folder of responses has no real path")?;
            self.staged = Some(OutDir::staging(&path)?);
        }
        self.staged
            .as_ref()
            .context("the folder of seals could not be opened")
    }

    /// Puts what this build sealed in place, all together and made durable (see
    /// [`OutDir::commit`]): before the site that publishes the sealed letters, so that a
    /// letter is never published unsealed.
    pub fn commit(&mut self) -> Result<()> {
        match self.staged.take() {
            Some(staged) => staged.commit(),
            None => Ok(()),
        }
    }

    /// Puts what this build sealed so far in place once it is [`MAX_STAGED`] files or more,
    /// so that a build of thousands of letters does not hold the list of every sealed file
    /// until its end (sealed before the site that publishes them, as [`Seals::commit`]).
    pub fn commit_if_many(&mut self) -> Result<()> {
        if self
            .staged
            .as_ref()
            .is_some_and(|s| s.staged_count() >= MAX_STAGED)
        {
            self.commit()?;
        }
        Ok(())
    }

    /// The path of the folder of seals, checked to be a real folder (not a link); `None`
    /// when there is none and `create` is not asked.
    fn store_path(&self, create: bool) -> Result<Option<PathBuf>> {
        let Some(root) = &self.root else {
            return Ok(None);
        };
        let path = root.join(SEALED);
        match std::fs::symlink_metadata(&path) {
            Ok(m) if m.is_dir() => {}
            Ok(_) => bail!(
                "`{}` is not a folder (a link, or a file): s55 keeps the seals of signed letters there; move it aside",
                self.given.display()
            ),
            Err(_) if !create => return Ok(None),
            Err(_) => {}
        }
        Ok(Some(path))
    }

    /// The seal of the response in file `key`, whose address before any clash is `base`
    /// (when it can be read): the seal last built from this file, or else one of the same
    /// address whose file has gone (the response was renamed or moved).
    pub fn find(&self, key: &str, base: Option<&str>) -> Option<&Seal> {
        self.by_slug.values().find(|s| s.path == key).or_else(|| {
            let base = base?;
            self.by_slug.values().find(|s| {
                crate::addresses::is_address_for(&s.slug, base) && !self.present.contains(&s.path)
            })
        })
    }

    /// The seals whose files have gone and that no file took: published as they are.
    pub fn orphans(&self) -> Result<Vec<Seal>> {
        self.by_slug
            .values()
            .filter(|s| !self.claimed.contains(&s.slug) && !self.present.contains(&s.path))
            .filter_map(|s| self.full(&s.slug).transpose())
            .collect()
    }

    /// The seal's folder as the user would write it, for messages.
    pub fn shown(&self, slug: &str) -> String {
        self.given.join(slug).display().to_string()
    }

    /// Writes every sealed file of `seal` into the output folder, each checked against its
    /// hash; returns their paths.
    pub fn publish(&self, seal: &Seal, out: &OutDir) -> Result<Vec<String>> {
        self.publish_files(seal, seal.published_files(), out)
    }

    /// Writes the signed original's files of a letter just corrected into the output folder
    /// (`ADDRESS.as-signed/`), each checked against its hash; returns their paths. The
    /// corrected version's own files are those just published and sealed from the same bytes,
    /// so they are not written again.
    pub fn publish_original(&self, seal: &Seal, out: &OutDir) -> Result<Vec<String>> {
        let files = seal.original_files();
        if files.is_empty() {
            return Ok(Vec::new());
        }
        self.publish_files(seal, files, out)
    }

    /// Writes `files` (path in the output folder, hash) of `seal` from the folder of seals,
    /// each checked against its hash.
    fn publish_files(
        &self,
        seal: &Seal,
        files: Vec<(String, String)>,
        out: &OutDir,
    ) -> Result<Vec<String>> {
        if self.store_path(false)?.is_none() {
            bail!(damaged(&self.given, &seal.slug, "the folder has gone"));
        }
        let mut written = Vec::new();
        for (path, hash) in files {
            let blob = blob(&seal.slug, &hash);
            let bytes = self
                .with_store(|store| store.read(&blob, MAX_FILE_BYTES))?
                .filter(|b| util::sha256_hex(b) == hash)
                .ok_or_else(|| {
                    anyhow::anyhow!(damaged(
                        &self.given,
                        &seal.slug,
                        &format!("the sealed copy of `{path}` is missing or not what was signed")
                    ))
                })?;
            out.write(&path, &bytes)?;
            written.push(path);
        }
        Ok(written)
    }

    /// Seals a version of a response: the files just published (read back from the output
    /// folder, the letter's own, not the records of `.s55/`), with its words and what the
    /// index says of it. A seal that is there gains the version; a new one is made.
    pub fn seal(
        &mut self,
        out: &OutDir,
        key: &str,
        (letter, date): (&Letter, String),
        meta: &Meta,
        files: &[String],
        pictures: &[(String, String)],
    ) -> Result<Seal> {
        let store = self.staging()?;
        let mut sealed = BTreeMap::new();
        for f in files.iter().filter(|f| !f.starts_with(".s55/")) {
            let bytes = out
                .read(f, MAX_FILE_BYTES)
                .with_context(|| format!("cannot read back `{f}` to seal it"))?;
            let hash = util::sha256_hex(&bytes);
            store.write(&blob(&meta.slug, &hash), &bytes)?;
            sealed.insert(f.clone(), hash);
        }
        self.seal_files(key, (letter, date), meta, sealed, pictures)
    }

    /// Seals a version of a response whose files are already in the folder of seals
    /// (`sealed`: each file's path and SHA-256, as [`super::publish::publish`] copies them
    /// in as it renders), with its words and what the index says of it.
    pub fn seal_files(
        &mut self,
        key: &str,
        (letter, date): (&Letter, String),
        meta: &Meta,
        sealed: BTreeMap<String, String>,
        pictures: &[(String, String)],
    ) -> Result<Seal> {
        self.staging()?;
        let Some(store) = &self.staged else {
            bail!("the folder of seals could not be opened");
        };
        let own = letter.own();
        let words: BTreeMap<String, String> = own
            .values
            .into_iter()
            .filter(|(k, _)| !after_publication(k))
            .collect();
        let hash = words_hash(&words);
        store.write(
            &format!("{}/words/{hash}.json", meta.slug),
            &serde_json::to_vec(&words)?,
        )?;
        let version = Version {
            corrections: letter.corrections,
            date,
            letter: hash,
            fields: BTreeMap::new(),
            meta: meta.clone(),
            files: sealed,
            pictures: pictures.to_vec(),
        };
        // A version is only ever added to the seal with every version before it.
        let mut seal = match self.full(&meta.slug)? {
            Some(seal) => seal,
            None => Seal {
                slug: meta.slug.clone(),
                path: key.to_owned(),
                versions: Vec::new(),
            },
        };
        seal.path = key.to_owned();
        seal.versions.push(version);
        write(store, &seal)?;
        // Held as its head: what is left of the build asks only its address and file, and
        // reads it whole again if ever it asks more (`full`), so that a first build of
        // thousands of letters does not hold every seal.
        self.by_slug.insert(seal.slug.clone(), seal.head());
        Ok(seal)
    }

    /// Makes the folder of seals this build writes into ready (staged), for the workers
    /// that copy the letters they render into it ([`super::publish::publish`]); returns
    /// `false` when it cannot be made (the folder of responses has no real path), in which
    /// case letters are sealed as before, read back once rendered.
    pub(super) fn ready_for_sealing(&mut self) -> bool {
        self.staging().is_ok()
    }

    /// The folder of seals this build writes into, staged, once made.
    pub(super) fn staged(&self) -> Option<&OutDir> {
        self.staged.as_ref()
    }

    /// The words of the version published now, checked against their hash.
    pub fn words(&self, seal: &Seal) -> Result<BTreeMap<String, String>> {
        let latest = seal.latest();
        if !latest.fields.is_empty() {
            return Ok(latest.fields.clone());
        }
        let file = format!("{}/words/{}.json", seal.slug, latest.letter);
        self.with_store(|store| store.read(&file, MAX_SEAL_BYTES))?
            .and_then(|b| serde_json::from_slice::<BTreeMap<String, String>>(&b).ok())
            .filter(|w| words_hash(w) == latest.letter)
            .ok_or_else(|| {
                anyhow::anyhow!(damaged(
                    &self.given,
                    &seal.slug,
                    &format!("the signed words, `{file}`, are missing or not what was signed")
                ))
            })
    }

    /// Notes that the sealed response is now in file `key` (renamed or moved).
    pub fn moved(&mut self, slug: &str, key: &str) -> Result<()> {
        if self.by_slug.get(slug).is_none_or(|s| s.path == key) {
            return Ok(());
        }
        // Written again whole, every version with it.
        let Some(mut seal) = self.full(slug)? else {
            return Ok(());
        };
        seal.path = key.to_owned();
        if self.store_path(false)?.is_some() {
            write(self.staging()?, &seal)?;
        }
        self.by_slug.insert(slug.to_owned(), seal);
        Ok(())
    }
}

/// Writes a seal's description into the folder of seals.
fn write(store: &OutDir, seal: &Seal) -> Result<()> {
    let bytes = serde_json::to_vec_pretty(seal)?;
    store.write(&format!("{}/{SEAL_FILE}", seal.slug), &bytes)
}

/// The SHA-256 of a letter's words, field by field.
fn words_hash(words: &BTreeMap<String, String>) -> String {
    let all: String = words.iter().map(|(k, v)| format!("{k}={v}\n")).collect();
    util::sha256_hex(all.as_bytes())
}

/// The plain folders directly in `dir`, by name, sorted; links and files left out.
fn list_dirs(dir: &Path) -> Result<Vec<String>> {
    let mut names = Vec::new();
    let entries =
        std::fs::read_dir(dir).with_context(|| format!("cannot list `{}`", dir.display()))?;
    for e in entries.flatten() {
        if e.file_type().is_ok_and(|t| t.is_dir())
            && let Some(name) = e.file_name().to_str()
            && !name.starts_with('.')
        {
            names.push(name.to_owned());
        }
    }
    names.sort();
    Ok(names)
}

/// The error for a seal that cannot be trusted.
fn damaged(given: &Path, slug: &str, why: &str) -> String {
    format!(
        "the seal of the signed letter `{slug}`, in `{}`, cannot be read ({why}), so the letter cannot be published as signed; restore that folder from a copy of the office's files",
        given.join(slug).display()
    )
}

/// Whether a note has words in it: a letter or a digit, not only spaces, invisible
/// characters or punctuation.
pub fn has_substance(note: &str) -> bool {
    note.chars().any(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_of_spaces_invisible_characters_or_punctuation_says_nothing() {
        for blank in [
            "",
            "   ",
            "\u{200B}\u{2060}\u{FEFF}",
            "\u{00A0}\t\n",
            "-- .",
        ] {
            assert!(!has_substance(blank), "{blank:?}");
        }
        assert!(has_substance("Status of 3 corrected."));
        assert!(has_substance("Cywirwyd y statws"));
    }
}
