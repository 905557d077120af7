//! What was rendered, recorded: the next manifest's lines, the seals, and the reports.

use std::path::Path;

use anyhow::Result;

use super::facts::{pictures, sealed_pictures, signed_on, slim};
use super::job::Job;
use super::manifest::Entry;
use super::next::{Next, Told};
use super::seal::Seals;
use super::{Built, Options, Report, display_name, publish, records};
use crate::fs::OutDir;

/// Whether a rendered job's letter is sealed: a final response whose letter's words were
/// read (the seal holds them).
pub(super) fn to_seal(job: &Job) -> bool {
    job.letter.is_some() && job.loaded.editions.is_some() && !job.draft
}

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
        let sealing = to_seal(&job);
        let mut loaded = job.loaded;
        let Some(p) = p else {
            built.summary.failed += 1;
            if let Some(line) = job.line {
                let record = job.record.as_ref();
                next.stay(out, job.key, line, record, opts.drafts, &mut built.summary);
            }
            told.failed.push(Report::kept(name, slim(loaded)));
            continue;
        };
        built.summary.rendered += 1;
        let mut files = p.files;
        // A final letter is sealed as first published, or as corrected (its signed original
        // then published beside it).
        let letter = job.letter;
        if let (Some(now), Some(editions), true) = (&letter, &loaded.editions, sealing) {
            let doc = editions.first();
            let date = match doc.corrections.iter().map(|c| c.date.0).max() {
                Some(d) if job.seal.is_some() => d.to_string(),
                _ => signed_on(doc),
            };
            let pictures = sealed_pictures(&loaded, real);
            let at = (now, date);
            // Its files were copied into the seal as they were rendered; else read back.
            let (sealed, published) = match p.sealed {
                Some(hashes) => {
                    let sealed = seals.seal_files(&job.key, at, &p.meta, hashes, &pictures)?;
                    let original = seals.publish_original(&sealed, out)?;
                    (sealed, original)
                }
                None => {
                    let sealed = seals.seal(out, &job.key, at, &p.meta, &files, &pictures)?;
                    let all = seals.publish(&sealed, out)?;
                    (sealed, all)
                }
            };
            seals.claimed.insert(sealed.slug.clone());
            for f in published {
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
