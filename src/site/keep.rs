//! What is published without rendering: sealed letters as signed, drafts set aside, and
//! published letters unchanged.

use std::collections::BTreeSet;
use std::path::Path;

use anyhow::Result;

use super::facts::{pictures, sealed_pictures, signed_on, slim};
use super::job::Job;
use super::manifest::{Entry, Manifest};
use super::next::Next;
use super::seal::{Seals, Verdict};
use super::{Built, Options, Report, Summary, display_name, records};
use crate::diag::Diagnostic;
use crate::fs::OutDir;

/// Takes out the jobs that are not to render: drafts, unless drafts are asked for (a
/// published final that became a draft again stays as published), and published letters
/// that did not change, whose files are kept as they are with the input's new hash.
pub(super) fn set_aside(
    opts: &Options,
    jobs: Vec<Job>,
    real: Option<&Path>,
    (out, seals): (&OutDir, &mut Seals),
    next: &mut Next,
    built: &mut Built,
) -> Result<Vec<Job>> {
    let mut rest = Vec::with_capacity(jobs.len());
    for mut job in jobs {
        let published = job.line.as_ref().is_some_and(|l| !l.draft);
        if job.upgrade
            && let (Some(record), Some(letter), Some(editions)) =
                (&job.record, &job.letter, &job.loaded.editions)
        {
            // Published before seals, and as it still reads: sealed as it stands.
            let date = signed_on(editions.first());
            let pictures = sealed_pictures(&job.loaded, real);
            let sealed = seals.seal(
                out,
                &job.key,
                (letter, date),
                &record.meta,
                &record.files,
                &pictures,
            )?;
            job.seal = Some((sealed.slug, Verdict::Keep));
        }
        if let Some((slug, verdict)) = job.seal.clone()
            && !matches!(verdict, Verdict::Corrected)
        {
            publish_sealed(opts, job, (&slug, verdict), real, (out, seals), next, built)?;
        } else if job.draft && published {
            // A published letter stays as it was signed, with `--drafts` too: a draft of it is
            // never published over it (the job says so).
            built.summary.kept += 1;
            if let Some(line) = job.line.take() {
                next.insert(job.key.clone(), line, job.record.as_ref());
            }
            built.reports.push(Report::kept(
                display_name(&opts.dir, &job.key),
                slim(job.loaded),
            ));
        } else if job.draft && !opts.drafts {
            built.summary.drafts += 1;
            if let Some(line) = job.line.take() {
                let record = job.record.as_ref();
                next.stay(out, job.key, line, record, false, &mut built.summary);
            }
        } else if job.keep
            && let (Some(line), Some(mut e)) = (job.line.take(), job.record.take())
        {
            built.summary.kept += 1;
            // A published letter keeps the pictures it was published with; the record
            // holds today's files, so that the next build has nothing to read again.
            e.pictures = pictures(&job.loaded, real);
            // The letter is as published; its progress is what may have changed.
            if let Some(editions) = &job.loaded.editions {
                for name in records::write_editions(out, &e.meta.slug, editions, &job.settings)? {
                    if !e.files.contains(&name) {
                        e.files.push(name);
                    }
                }
            }
            if let (Some(was), Some(now)) = (e.letter.as_mut(), &job.letter) {
                // Recorded the way this build records letters: its fields in their own file.
                if !was.fields.is_empty() {
                    let name = records::write_letter(out, &now.hash, &now.fields)?;
                    if !e.files.contains(&name) {
                        e.files.push(name);
                    }
                    was.fields.clear();
                }
            }
            next.publish(out, job.key, job.hash, &e, Some(line))?;
        } else {
            rest.push(job);
        }
    }
    Ok(rest)
}

/// Publishes a sealed letter's files as they were sealed, with its progress as it reads now;
/// an edit refused is counted as failed, with its diagnostics.
pub(super) fn publish_sealed(
    opts: &Options,
    job: Job,
    (slug, verdict): (&str, Verdict),
    real: Option<&Path>,
    (out, seals): (&OutDir, &mut Seals),
    next: &mut Next,
    built: &mut Built,
) -> Result<()> {
    seals.claimed.insert(slug.to_owned());
    seals.moved(slug, &job.key)?;
    let name = display_name(&opts.dir, &job.key);
    let Some(sealed) = seals.full(slug)? else {
        return Ok(());
    };
    let mut files = match seals.publish(&sealed, out) {
        Ok(files) => files,
        Err(e) => {
            built.summary.failed += 1;
            let d = Diagnostic::error(e.to_string());
            super::job::hold(built, name, d);
            if let Some(line) = job.line {
                next.stay(
                    out,
                    job.key,
                    line,
                    job.record.as_ref(),
                    false,
                    &mut built.summary,
                );
            }
            return Ok(());
        }
    };
    files.extend(match &job.loaded.editions {
        Some(editions) => records::write_editions(out, slug, editions, &job.settings)?,
        None => records::keep_findings(out, slug)?,
    });
    // The letter's words in the record too, as a rendered letter's are, so that a build
    // reads the same record whichever way the letter came.
    // An edit refused (or a draft) keeps the record's letter as it was.
    let refused = matches!(verdict, Verdict::Refused);
    let letter = match job.letter.clone().filter(|_| !refused) {
        Some(mut l) => {
            files.push(records::write_letter(out, &l.hash, &l.fields)?);
            l.fields.clear();
            Some(l)
        }
        None => {
            let was = job.record.as_ref().and_then(|r| r.letter.clone());
            if let Some(l) = &was {
                let file = records::letter_file(&l.hash);
                if out.is_file(&file) {
                    files.push(file);
                }
            }
            was
        }
    };
    files.sort();
    let entry = Entry {
        files,
        meta: sealed.latest().meta.clone(),
        letter,
        pictures: pictures(&job.loaded, real),
    };
    // Read again next time when refused (to say so again) or set back to a draft.
    let hash = if refused || job.draft {
        String::new()
    } else {
        job.hash
    };
    if refused {
        built.summary.failed += 1;
    } else {
        built.summary.kept += 1;
    }
    built.reports.push(Report::kept(name, slim(job.loaded)));
    next.publish(out, job.key, hash, &entry, job.line)
}

/// Publishes, as they were sealed, the signed letters whose files have gone from the folder
/// of responses: a letter is taken down only by removing its seal, on purpose.
pub(super) fn keep_orphans(
    opts: &Options,
    out: &OutDir,
    seals: &Seals,
    old: &mut Manifest,
    next: &mut Next,
    built: &mut Built,
) -> Result<()> {
    for sealed in seals.orphans()? {
        let name = display_name(&opts.dir, &sealed.path);
        let d = match seals.publish(&sealed, out) {
            Ok(mut files) => {
                files.extend(records::keep_findings(out, &sealed.slug)?);
                let entry = Entry {
                    files,
                    meta: sealed.latest().meta.clone(),
                    letter: None,
                    pictures: Vec::new(),
                };
                let line = old.responses.remove(&sealed.path);
                next.publish(out, sealed.path.clone(), String::new(), &entry, line)?;
                built.summary.kept += 1;
                Diagnostic::warning(format!(
                    "the file of the published letter `{}` has gone, so the letter stays published as it was signed",
                    sealed.slug
                ))
                .hint(format!(
                    "put the file back to keep its progress up to date; to take the letter down, remove its seal, `{}`, as well",
                    seals.shown(&sealed.slug)
                ))
            }
            Err(e) => {
                built.summary.failed += 1;
                Diagnostic::error(e.to_string())
            }
        };
        super::job::hold(built, name, d);
    }
    Ok(())
}

/// The day a corrected letter was signed, when its signed original is kept beside it.
pub(super) fn signed_original(
    seal: &Option<(String, Verdict)>,
    seals: &Seals,
) -> Option<jiff::civil::Date> {
    let (slug, Verdict::Corrected) = seal.as_ref()? else {
        return None;
    };
    let seal = seals.full(slug).ok()??;
    seal.versions.first()?.date.parse().ok()
}

/// The responses whose file has gone while their address is published under another file:
/// renamed or moved, not removed (a signed letter is known by its seal, which keeps its
/// address). Each is taken out of what has gone (`old`) and its last line retired, so that
/// its old files go unless the address still has them, and is counted as moved.
pub(super) fn moved(old: &mut Manifest, next: &mut Next, summary: &mut Summary) {
    let now: BTreeSet<&str> = next
        .manifest
        .responses
        .values()
        .map(|l| l.slug.as_str())
        .collect();
    let moved: Vec<String> = old
        .responses
        .iter()
        .filter(|(_, l)| now.contains(l.slug.as_str()))
        .map(|(k, _)| k.clone())
        .collect();
    for key in moved {
        if let Some(line) = old.responses.remove(&key) {
            next.retire(&line);
            summary.moved += 1;
        }
    }
}
