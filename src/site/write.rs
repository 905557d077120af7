//! The build's last step in the output folder: the files of removed and moved responses go,
//! the site around the responses is written, then the manifest, then what no manifest names.

use anyhow::Result;

use super::manifest::{Entry, Manifest};
use super::next::Next;
use super::{Run, Summary, pages, progress, records};
use crate::fs::OutDir;

/// Removes files no longer needed: those of removed responses (what is left in `gone`) and
/// the old files of responses that moved, read from their records one at a time. Records and
/// letters' files stay until the manifest is written ([`records::sweep`]).
pub(super) fn tidy_output(out: &OutDir, gone: Manifest, next: &mut Next, summary: &mut Summary) {
    summary.removed += gone.responses.len();
    let retired = std::mem::take(&mut next.retired);
    let records = gone
        .responses
        .into_values()
        .map(|l| l.record)
        .chain(retired);
    for record in records {
        if next.kept.contains(&records::record_file(&record)) {
            continue;
        }
        let Some(entry) = Entry::read(out, &record) else {
            continue;
        };
        let progress = progress::file_of(&entry.meta);
        for f in entry.files.iter().chain([&progress]) {
            if !f.starts_with(".s55/letters/") && !next.kept.contains(f) {
                out.remove(f);
            }
        }
    }
}

/// Finishes the output folder once every response is done: the files of what has gone
/// (`old`, what is left of the last manifest) are removed, the site around the responses is
/// written and the last build's site files it no longer has (`before_site`) removed, then the
/// manifest, then the records and letters no manifest names any more.
pub(super) fn finish(
    run: &Run<'_>,
    old: Manifest,
    before_site: &[String],
    next: &mut Next,
    summary: &mut Summary,
) -> Result<()> {
    let out = run.out;
    tidy_output(out, old, next, summary);
    let site = pages::write_site(run.renderer, out, next, run.opts, run.root_settings)?;
    for f in before_site {
        if site.binary_search(f).is_err() && !next.kept.contains(f) {
            out.remove(f);
        }
    }
    next.manifest.site = site;
    next.manifest.write(out)?;
    // Records and letters no manifest names any more go once this one is written (until
    // then, the previous manifest's are all there), unless a record could not be read: what
    // it names (its letter's file) is not known, so everything stays until it is restored.
    if next.unlisted.is_empty() {
        records::sweep(out, |f| next.kept.contains(f));
    }
    Ok(())
}
