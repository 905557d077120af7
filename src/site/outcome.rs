//! What was rendered, recorded: the next manifest's lines, the seals, and the reports.

use std::collections::BTreeSet;
use std::path::Path;

use anyhow::Result;

use super::job::Job;
use super::keep::signed_on;
use super::manifest::Entry;
use super::next::{Next, Told};
use super::seal::Seals;
use super::{Built, Options, Report, display_name, publish, records};
use crate::fs::OutDir;
use crate::load::Loaded;
use crate::util;

/// The jobs that were published, with their addresses, and how each went.
pub(super) struct Outcome {
    pub(super) plan: Vec<(usize, String)>,
    pub(super) results: Vec<Result<publish::Published>>,
}

/// Records each job's outcome in the next manifest and the reports; a broken response keeps
/// its previous good version, if it had one. A published letter's fields go to their own
/// file, and each response's record to its.
#[allow(clippy::too_many_arguments)]
pub(super) fn record(
    opts: &Options,
    jobs: Vec<Job>,
    outcome: Outcome,
    real: Option<&Path>,
    (out, seals): (&OutDir, &mut Seals),
    next: &mut Next,
    built: &mut Built,
    told: &mut Told,
) -> Result<()> {
    let mut done: Vec<Option<publish::Published>> = jobs.iter().map(|_| None).collect();
    for ((i, _), result) in outcome.plan.into_iter().zip(outcome.results) {
        done[i] = Some(result?);
    }
    for (job, p) in jobs.into_iter().zip(done) {
        let name = display_name(&opts.dir, &job.key);
        let mut loaded = job.loaded;
        let Some(p) = p else {
            built.summary.failed += 1;
            if let Some(line) = job.line {
                let record = job.record.as_ref();
                next.stay(out, job.key, line, record, opts.drafts, &mut built.summary);
            }
            told.failed.push(Report {
                name,
                loaded: slim(loaded),
                warnings: Vec::new(),
                published: None,
            });
            continue;
        };
        built.summary.rendered += 1;
        let mut files = p.files;
        // A final letter is sealed as first published, or as corrected (its signed original
        // then published beside it).
        let letter = job.letter;
        if let (Some(now), Some(editions), false) = (&letter, &loaded.editions, job.draft) {
            let doc = editions.first();
            let date = match doc.corrections.iter().map(|c| c.date.0).max() {
                Some(d) if job.seal.is_some() => d.to_string(),
                _ => signed_on(doc),
            };
            let pictures = sealed_pictures(&loaded, real);
            let sealed = seals.seal(out, &job.key, (now, date), &p.meta, &files, &pictures)?;
            seals.claimed.insert(sealed.slug.clone());
            for f in seals.publish(&sealed, out)? {
                if !files.contains(&f) {
                    files.push(f);
                }
            }
        }
        let letter = match letter {
            Some(mut l) => {
                files.push(records::write_letter(out, &l.hash, &l.fields)?);
                l.fields.clear();
                Some(l)
            }
            None => None,
        };
        files.sort();
        let pictures = pictures(&loaded, real);
        loaded.editions = None;
        told.published.push(Report {
            name,
            loaded: slim(loaded),
            warnings: p.warnings,
            published: Some(p.meta.href.clone()),
        });
        let entry = Entry {
            files,
            meta: p.meta,
            letter,
            pictures,
        };
        next.publish(out, job.key, job.hash, &entry, job.line)?;
    }
    Ok(())
}

/// The pictures a response shows, for its record: each file's path from the folder of
/// responses (`input`, a real path) and the hash of its bytes, once.
pub(super) fn pictures(loaded: &Loaded, input: Option<&Path>) -> Vec<(String, String)> {
    pictures_hashed(loaded, input, util::hash_hex)
}

/// Each picture a response shows, once: its file's path from the folder of responses
/// (`input`, a real path), with `/` between folders on every system, and `hash` of its bytes.
pub(super) fn pictures_hashed(
    loaded: &Loaded,
    input: Option<&Path>,
    hash: fn(&[u8]) -> String,
) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for doc in loaded.editions.iter().flat_map(|e| e.iter()) {
        let images = [
            doc.body.logo.as_ref(),
            doc.signature.as_ref().and_then(|s| s.image.as_ref()),
        ];
        for data in images.into_iter().flatten().filter_map(|i| i.data.as_ref()) {
            let file = input
                .and_then(|i| data.file.strip_prefix(i).ok())
                .unwrap_or(&data.file);
            // `/` between folders on every system, as the manifest's other paths.
            let file = file
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            let entry = (file, hash(&data.bytes));
            if !out.contains(&entry) {
                out.push(entry);
            }
        }
    }
    out
}

/// What a report keeps of a response until the build ends: its diagnostics, and of its text
/// only the lines they show (the rest blank, so that line numbers hold), not the whole file.
pub(super) fn slim(mut loaded: Loaded) -> Box<Loaded> {
    loaded.editions = None;
    loaded.diagnostics.shrink_to_fit();
    if let Some(source) = &mut loaded.source {
        let shown: BTreeSet<usize> = loaded
            .diagnostics
            .iter()
            .filter(|d| d.file.is_none())
            .filter_map(|d| d.position.map(|p| p.line))
            .collect();
        let mut text = String::new();
        for (n, line) in source.text.split_inclusive('\n').enumerate() {
            if shown.contains(&(n + 1)) {
                text.push_str(line);
            } else if line.ends_with('\n') {
                text.push('\n');
            }
        }
        text.shrink_to_fit();
        source.text = text;
    }
    Box::new(loaded)
}

/// The pictures a response shows, for its seal: each file's path and the SHA-256 of its
/// bytes.
pub(super) fn sealed_pictures(loaded: &Loaded, input: Option<&Path>) -> Vec<(String, String)> {
    pictures_hashed(loaded, input, util::sha256_hex)
}
