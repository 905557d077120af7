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
    let key = site_key(run, next);
    // Nothing gone, nothing moved, the same responses and the same everything else, with
    // the site's files in place: the site would come out the same bytes, so it is not made
    // again (a no-op build writes nothing).
    if old.responses.is_empty()
        && next.retired.is_empty()
        && !old.site_key.is_empty()
        && old.site_key == key
        && before_site.iter().all(|f| out.is_file(f))
    {
        next.manifest.site = before_site.to_vec();
        next.manifest.site_key = key;
        // Compared in memory with the manifest there, so that not even a temporary file is
        // made when it is the same.
        let manifest = serde_json::to_vec_pretty(&next.manifest)?;
        out.write(super::MANIFEST, &manifest)?;
        return out.commit();
    }
    tidy_output(out, old, next, summary);
    // In the build's pool, whose workers make the pages' parts on every core.
    let site = run
        .pool
        .install(|| pages::write_site(run.renderer, out, next, run.opts, run.root_settings))?;
    for f in before_site {
        if site.binary_search(f).is_err() && !next.kept.contains(f) {
            out.remove(f);
        }
    }
    next.manifest.site = site;
    next.manifest.site_key = key;
    next.manifest.write(out)?;
    // Records and letters no manifest names any more go once this one is written (until
    // then, the previous manifest's are all there), unless a record could not be read: what
    // it names (its letter's file) is not known, so everything stays until it is restored.
    if next.unlisted.is_empty() {
        records::sweep(out, |f| next.kept.contains(f));
    }
    // Everything written and removed above goes in place now, together.
    out.commit()
}

/// The hash of everything the site's own pages (index, forces' pages, feeds, progress
/// pages, `responses.json`) are made from: the templates and the tool (the manifest's
/// fingerprint), each response's line (its input's hash and its record's), the office's
/// settings, the options that shape the pages and the day progress is counted from.
fn site_key(run: &Run<'_>, next: &Next) -> String {
    let opts = run.opts;
    let today = opts.today.unwrap_or_else(|| {
        jiff::tz::Offset::UTC
            .to_datetime(jiff::Timestamp::now())
            .date()
    });
    let mut all = format!(
        "{}\n{today}\n{:?}\n{}\n{}\n{:?}\n{:?}\n",
        next.manifest.assets,
        opts.base_url,
        opts.drafts,
        opts.tracker,
        run.root_settings,
        next.unlisted,
    )
    .into_bytes();
    if serde_json::to_writer(&mut all, &next.manifest.responses).is_err() {
        // Never the same key twice: the site is made again.
        return String::new();
    }
    crate::util::hash_hex(&all)
}
