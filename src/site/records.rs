//! What a build keeps of each published response beside the manifest, in the output folder's
//! `.s55/`: the findings `responses.json` and the progress pages list (`findings/SLUG.json`)
//! and the hashes of the signed letter's fields (`letters/HASH.json`).
//!
//! Policy: memory stays flat as the archive grows. The manifest holds only what every build
//! reads of every response (its input's hash, address, files and the index's line); what is
//! large and read for one response at a time lives in these files, each listed among the
//! response's files so that it is kept, checked and removed with them. A letter's file is
//! named by the letter's hash, so it always holds the fields of the letter the manifest
//! names, whenever a build was stopped.

use std::collections::BTreeMap;

use anyhow::Result;

use crate::export::FindingRow;
use crate::fs::OutDir;

/// Neither file is read beyond this: one response's findings are tens of kilobytes.
const MAX_RECORD_BYTES: usize = 64_000_000;

/// Where the findings of the response at `slug` are kept.
pub fn findings_file(slug: &str) -> String {
    format!(".s55/findings/{slug}.json")
}

/// Where the fields of the letter with this hash are kept.
pub fn letter_file(hash: &str) -> String {
    format!(".s55/letters/{hash}.json")
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

/// Writes a letter's fields under its hash; returns the file's name.
pub fn write_letter(out: &OutDir, hash: &str, fields: &BTreeMap<String, String>) -> Result<String> {
    let name = letter_file(hash);
    out.write(&name, &serde_json::to_vec(fields)?)?;
    Ok(name)
}

/// The fields of the letter with this hash, when its file is there.
pub fn read_letter(out: &OutDir, hash: &str) -> Option<BTreeMap<String, String>> {
    out.read(&letter_file(hash), MAX_RECORD_BYTES)
        .and_then(|b| serde_json::from_slice(&b).ok())
}
