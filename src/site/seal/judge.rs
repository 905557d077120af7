//! Judging a response against its seal: what a build keeps, refuses or publishes as a
//! correction, and what `s55 check` says of it beforehand.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Result, bail};

use super::*;
use crate::diag::{Diagnostic, FieldPath};
use crate::model::Response;

/// What `s55 build` would refuse of the response file at `path`, checked against `settings`
/// (`s55 check` says it too): its letter compared with its seal, in the nearest folder above
/// it that keeps seals, with the signed text and the new side by side. Nothing when the file
/// is not sealed, is a draft, or cannot be read.
pub fn refusals(
    path: &Path,
    doc: &Response,
    settings: &crate::settings::Settings,
) -> Vec<Diagnostic> {
    match judged(path, doc, settings) {
        Some(Judged::Read { found, .. }) => found,
        Some(Judged::Unread(e)) => vec![Diagnostic::error(e)],
        None => Vec::new(),
    }
}

/// What the seal of a response file says of it now.
enum Judged {
    /// Its seal, what a build would do, and why, with the folder of seals.
    Read {
        seals: Box<Seals>,
        seal: Seal,
        verdict: Verdict,
        found: Vec<Diagnostic>,
    },
    /// Its seal's words cannot be read: why.
    Unread(String),
}

/// The response file at `path` (whose response is `doc`) judged against its seal, in the
/// nearest folder above it that keeps seals; `None` when the file is not sealed, is a draft,
/// or cannot be read.
fn judged(path: &Path, doc: &Response, settings: &crate::settings::Settings) -> Option<Judged> {
    let file = path.canonicalize().ok()?;
    if doc.draft {
        return None;
    }
    // The folder of responses is a few folders up at most.
    let dir = file
        .ancestors()
        .skip(1)
        .take(8)
        .find(|dir| std::fs::symlink_metadata(dir.join(SEALED)).is_ok_and(|m| m.is_dir()))?;
    // A seal that cannot be read is said: it is what says what was signed.
    let mut seals = match Seals::read(dir) {
        Ok(s) => s,
        Err(e) => return Some(Judged::Unread(e.to_string())),
    };
    let present: Vec<String> = seals
        .by_slug
        .values()
        .filter(|s| dir.join(&s.path).is_file())
        .map(|s| s.path.clone())
        .collect();
    seals.present.extend(present);
    let key = file
        .strip_prefix(dir)
        .map(crate::folder::rel_key)
        .unwrap_or_default();
    let base = crate::addresses::base_slug(doc);
    let seal = seals.find(&key, Some(&base))?.clone();
    let bytes = crate::fs::read_limited(&file, MAX_SEAL_BYTES).ok()?;
    let now = Letter::of(&bytes, settings.defaults())?;
    Some(match seals.words(&seal) {
        Ok(signed) => {
            let (verdict, found) = judge(&seal, &signed, &now, Some(doc));
            Judged::Read {
                seals: Box::new(seals),
                seal,
                verdict,
                found,
            }
        }
        Err(e) => Judged::Unread(e.to_string()),
    })
}

/// A signed letter's file as it was published, from its seal.
#[derive(Debug)]
pub struct Published {
    /// The letter's address below `responses/`.
    pub slug: String,
    /// The file's name in the letter's folder.
    pub name: String,
    /// Its bytes, as sealed (checked against their SHA-256).
    pub bytes: Vec<u8>,
}

/// The file with `extension` of the signed letter in the response file at `path` (whose
/// response is `doc`), as it was last published and sealed: what the copies carry, the bytes
/// sent, never the letter rendered again. `None` when the response is not sealed (not yet
/// published, or a draft). An edit the seal refuses, a correction not yet published or a
/// damaged seal is an error that says what to do.
pub fn published(
    path: &Path,
    doc: &Response,
    settings: &crate::settings::Settings,
    extension: &str,
) -> Result<Option<Published>> {
    let (seals, seal, verdict, found) = match judged(path, doc, settings) {
        None => return Ok(None),
        Some(Judged::Unread(e)) => bail!(e),
        Some(Judged::Read {
            seals,
            seal,
            verdict,
            found,
        }) => (seals, seal, verdict, found),
    };
    match verdict {
        Verdict::Keep => {}
        Verdict::Corrected if found.iter().all(|d| !d.is_error()) => bail!(
            "the letter's correction is not published yet, and the copies carry the letter as published; build the archive first (`s55 build`), then make the copies"
        ),
        _ => {
            let why = found
                .iter()
                .find(|d| d.is_error())
                .map_or_else(String::new, |d| format!(" ({})", d.message));
            bail!(
                "the letter is not what was signed and published{why}; the copies carry the letter as published, so put it back as signed, or record the change under `corrections:` and build the archive first"
            )
        }
    }
    let stem = seal.slug.rsplit('/').next().unwrap_or(&seal.slug);
    let name = format!("{stem}.{extension}");
    let path = format!("responses/{}/{name}", seal.slug);
    let hash = seal.latest().files.get(&path).ok_or_else(|| {
        anyhow::anyhow!(damaged(
            &seals.given,
            &seal.slug,
            &format!("it has no `{name}`")
        ))
    })?;
    let store = seals
        .store(false)?
        .ok_or_else(|| anyhow::anyhow!(damaged(&seals.given, &seal.slug, "the folder has gone")))?;
    let bytes = store
        .read(&format!("{}/files/{hash}", seal.slug), MAX_FILE_BYTES)
        .filter(|b| util::sha256_hex(b) == *hash)
        .ok_or_else(|| {
            anyhow::anyhow!(damaged(
                &seals.given,
                &seal.slug,
                &format!("the sealed copy of `{path}` is missing or not what was signed")
            ))
        })?;
    Ok(Some(Published {
        slug: seal.slug.clone(),
        name,
        bytes,
    }))
}

/// Compares a response's letter now (`now`, its own words) with the sealed version, and
/// says what a build does: keep the sealed files, refuse the edit (with one error per field,
/// the signed text beside the new), or publish a correction (checked to be a real one).
pub fn judge(
    seal: &Seal,
    signed: &BTreeMap<String, String>,
    now: &Letter,
    doc: Option<&Response>,
) -> (Verdict, Vec<Diagnostic>) {
    let latest = seal.latest();
    let own = now.own();
    let words: BTreeMap<&String, &String> = own
        .values
        .iter()
        .filter(|(k, _)| !after_publication(k))
        .collect();
    let signed: BTreeMap<&String, &String> = signed.iter().collect();
    if now.corrections > latest.corrections
        && let Some(doc) = doc
    {
        let found = real_corrections(doc, latest);
        if found.is_empty() {
            return (Verdict::Corrected, Vec::new());
        }
        return (Verdict::Refused, found);
    }
    if words == signed {
        return (Verdict::Keep, Vec::new());
    }
    let mut paths: BTreeSet<&String> = signed.keys().copied().collect();
    paths.extend(words.keys().copied());
    let found = paths
        .into_iter()
        .filter(|p| signed.get(p) != words.get(p))
        .map(|p| edited(p, signed.get(p).copied(), words.get(p).copied()))
        .collect();
    (Verdict::Refused, found)
}

/// The error for one field of a sealed letter changed without a correction.
fn edited(path: &str, signed: Option<&String>, now: Option<&String>) -> Diagnostic {
    let quote = |v: Option<&String>| match v {
        Some(v) => format!("“{}”", util::shorten(v, 200)),
        None => "nothing".to_owned(),
    };
    let d = Diagnostic::error(format!(
        "the published letter cannot change: `{path}` is not what was signed (signed: {}; now: {})",
        quote(signed),
        quote(now)
    ));
    let d = if now.is_some() {
        d.at(FieldPath::parse(path))
    } else {
        d.at_gone(FieldPath::parse(path))
    };
    d.hint("put it back as it was, or record the change under `corrections:` (a `date` on or after the letter's, and a `note` saying what changed and why, shown with the letter)")
}

/// The new corrections of `doc` (those after the sealed version's) must be real ones:
/// dated on or after the version they correct, in order, with a note that says something.
pub fn real_corrections(doc: &Response, latest: &Version) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let mut since = latest.date.clone();
    for (i, c) in doc.corrections.iter().enumerate().skip(latest.corrections) {
        let at = FieldPath::root().key("corrections").index(i);
        let date = c.date.0.to_string();
        if date < since {
            found.push(
                Diagnostic::error(format!(
                    "a correction dated {date} is before the letter it corrects ({since}), so it cannot record a change to it"
                ))
                .at(at.key("date"))
                .hint("give the day the correction was made"),
            );
        } else {
            since = date;
        }
        if !has_substance(&c.note) {
            found.push(
                Diagnostic::error(
                    "a correction's note says nothing, so it cannot record a change to the published letter",
                )
                .at(at.key("note"))
                .hint("say what was corrected and why: readers see it with the letter"),
            );
        }
    }
    found
}
