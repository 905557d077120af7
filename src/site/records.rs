//! What a build keeps of each published response beside the manifest, in the output folder's
//! `.s55/`: its record (`records/HASH.json`: its files, what the index says of it, its
//! letter's hash), the findings `responses.json` and the progress pages list
//! (`findings/SLUG.json`, and for a bilingual response its Welsh edition's, which the Welsh
//! progress pages list, `findings/SLUG.cy.json`) and the hashes of the signed letter's
//! fields (`letters/HASH.json`).
//!
//! Policy: memory stays flat as the archive grows. The manifest holds only what every build
//! reads of every response (its input's hash, address and place in the index); what is
//! larger and read for one response at a time lives in these files. A record and a letter's
//! file are named by a hash (of the record's bytes, of the letter's fields), so each always
//! holds what the manifest that names it meant, whenever a build was stopped; a build removes
//! those no manifest names once its own manifest is written ([`sweep`]). The findings are
//! listed among the response's files, so that they are kept, checked and removed with them.

use std::collections::BTreeMap;

use anyhow::Result;
use serde::Deserialize;

use crate::export::FindingRow;
use crate::fs::OutDir;
use crate::model::{Editions, Language};
use crate::settings::Settings;

/// Neither file is read beyond this: one response's findings are tens of kilobytes.
const MAX_RECORD_BYTES: usize = 64_000_000;

/// Where the findings of the response at `slug` are kept.
pub fn findings_file(slug: &str) -> String {
    format!(".s55/findings/{slug}.json")
}

/// Where the Welsh edition's findings of the bilingual response at `slug` are kept.
pub fn welsh_findings_file(slug: &str) -> String {
    format!(".s55/findings/{slug}.cy.json")
}

/// Where the fields of the letter with this hash are kept.
pub fn letter_file(hash: &str) -> String {
    format!("{LETTERS}/{hash}.json")
}

/// The folder of records.
const RECORDS: &str = ".s55/records";

/// The folder of letters' fields.
const LETTERS: &str = ".s55/letters";

/// Where the record with this hash is kept.
pub fn record_file(hash: &str) -> String {
    format!("{RECORDS}/{hash}.json")
}

/// Writes a response's record under the hash of its bytes; returns the hash.
pub fn write_record(out: &OutDir, entry: &impl serde::Serialize) -> Result<String> {
    let bytes = serde_json::to_vec(entry)?;
    let hash = crate::util::hash_hex(&bytes);
    // Written with the rest of its part of the build, on every core.
    out.write_soon(&record_file(&hash), bytes)?;
    Ok(hash)
}

/// The record with this hash, when its file is there and still holds what it was named for.
pub fn read_record<T: serde::de::DeserializeOwned>(out: &OutDir, hash: &str) -> Option<T> {
    let bytes = out.read(&record_file(hash), MAX_RECORD_BYTES)?;
    (crate::util::hash_hex(&bytes) == hash)
        .then(|| serde_json::from_slice(&bytes).ok())
        .flatten()
}

/// Runs `f` on what a build reads of the record with this hash to keep its response as it is
/// ([`Head`]), when its file is there and still holds what it was named
/// for: the rest of the record is passed over, and its words are borrowed, not copied.
pub fn with_head<T>(out: &OutDir, hash: &str, f: impl FnOnce(Head<'_>) -> T) -> Option<T> {
    let bytes = out.read(&record_file(hash), MAX_RECORD_BYTES)?;
    if crate::util::hash_hex(&bytes) != hash {
        return None;
    }
    serde_json::from_slice(&bytes).ok().map(f)
}

/// Removes the records and letters' files that `kept` does not keep (it is given each one's
/// path below the output folder): what earlier builds wrote for versions no manifest names
/// any more. Called once the manifest is written.
pub fn sweep(out: &OutDir, kept: impl Fn(&str) -> bool) {
    for dir in [RECORDS, LETTERS] {
        out.remove_files_in(dir, |name| !kept(&format!("{dir}/{name}")));
    }
}

/// Writes the findings of the response at `slug`; returns the file's name.
pub fn write_findings(out: &OutDir, slug: &str, rows: &[FindingRow]) -> Result<String> {
    let name = findings_file(slug);
    out.write(&name, &serde_json::to_vec(rows)?)?;
    Ok(name)
}

/// The findings of the response at `slug`; none when they cannot be read.
pub fn read_findings(out: &OutDir, slug: &str) -> Vec<FindingRow> {
    out.read(&findings_file(slug), MAX_RECORD_BYTES)
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default()
}

/// Writes the findings of the response at `slug` as its public files give them: its
/// English edition's (a Welsh-only response's own), and a bilingual response's Welsh
/// edition's beside them, so that the Welsh pages list its findings in Welsh. Returns the
/// files' names.
pub fn write_editions(
    out: &OutDir,
    slug: &str,
    editions: &Editions,
    settings: &Settings,
) -> Result<Vec<String>> {
    let rows = crate::export::public_rows(slug, editions.english(), settings);
    let mut names = vec![write_findings(out, slug, &rows)?];
    if editions.is_bilingual()
        && let Some(cy) = editions.get(Language::Cy)
    {
        let name = welsh_findings_file(slug);
        let rows = crate::export::public_rows(slug, cy, settings);
        out.write(&name, &serde_json::to_vec(&rows)?)?;
        names.push(name);
    }
    Ok(names)
}

/// Writes again what the last build kept of the findings of the response at `slug` (a
/// signed letter published from its seal, whose file cannot be read now); returns the
/// files' names.
pub fn keep_findings(out: &OutDir, slug: &str) -> Result<Vec<String>> {
    let mut names = vec![write_findings(out, slug, &read_findings(out, slug))?];
    let welsh = welsh_findings_file(slug);
    if let Some(bytes) = out.read(&welsh, MAX_RECORD_BYTES) {
        out.write(&welsh, &bytes)?;
        names.push(welsh);
    }
    Ok(names)
}

/// A response's findings as one language's pages list them.
#[derive(Debug, Default)]
pub struct Findings {
    /// Every finding, in the order of the letter.
    pub rows: Vec<FindingRow>,
    /// Whether they are a bilingual response's Welsh edition's, read for the Welsh pages.
    pub welsh: bool,
}

/// The findings of the response at `slug` for the pages in Welsh (`welsh`) or English: on
/// the Welsh pages a bilingual response's Welsh edition's, when kept; else those
/// `responses.json` lists.
pub fn findings_for(out: &OutDir, slug: &str, welsh: bool) -> Findings {
    let cy = welsh
        .then(|| out.read(&welsh_findings_file(slug), MAX_RECORD_BYTES))
        .flatten()
        .and_then(|b| serde_json::from_slice(&b).ok());
    match cy {
        Some(rows) => Findings { rows, welsh: true },
        None => Findings {
            rows: read_findings(out, slug),
            welsh: false,
        },
    }
}

/// Writes a letter's fields under its hash; returns the file's name.
pub fn write_letter(out: &OutDir, hash: &str, fields: &BTreeMap<String, String>) -> Result<String> {
    let name = letter_file(hash);
    out.write_soon(&name, serde_json::to_vec(fields)?)?;
    Ok(name)
}

/// The fields of the letter with this hash, when its file is there.
pub fn read_letter(out: &OutDir, hash: &str) -> Option<BTreeMap<String, String>> {
    out.read(&letter_file(hash), MAX_RECORD_BYTES)
        .and_then(|b| serde_json::from_slice(&b).ok())
}

/// What a build reads of an unchanged response's record to keep it as it is: its files, its
/// page's address, whether its letter's fields are kept apart and its pictures, borrowed from
/// the record's bytes where they can be, the rest of the record passed over unread.
#[derive(Debug, Deserialize)]
pub struct Head<'a> {
    /// The files written for it, relative to the output folder.
    #[serde(borrow)]
    pub files: Vec<std::borrow::Cow<'a, str>>,
    /// Its page's address, of what the index says of it.
    #[serde(borrow)]
    pub meta: HeadMeta<'a>,
    /// Its letter, when it has one: whether the fields are still held in the record.
    #[serde(default)]
    pub letter: Option<HeadLetter>,
    /// The pictures it shows (see [`super::manifest::Entry::pictures`]).
    #[serde(default)]
    pub pictures: Vec<(String, String)>,
}

/// Of what the index says of a response, the address of its page.
#[derive(Debug, Deserialize)]
pub struct HeadMeta<'a> {
    /// The page's address relative to the output folder.
    #[serde(borrow)]
    pub href: std::borrow::Cow<'a, str>,
}

/// Of a record's letter, how many fields it holds itself (records of earlier versions).
#[derive(Debug, Deserialize)]
pub struct HeadLetter {
    /// The fields held in the record, counted, not kept.
    #[serde(default)]
    pub fields: BTreeMap<String, serde::de::IgnoredAny>,
}
