//! The build's plan: which inputs changed since the last build, and the address each takes.

use std::collections::BTreeSet;
use std::path::Path;

use anyhow::Result;

use super::folders::{hash_with, same_input, settings_part};
use super::job::{Changed, Job, refuse};
use super::manifest::{Manifest, pictures_unchanged};
use super::next::Next;
use super::seal::Seals;
use super::{Built, Options, addresses, display_name, records};
use crate::fs::OutDir;
use crate::settings::Offices;
use crate::{folder, load};

/// Reads and hashes each input; an unchanged one with its files in place is kept unparsed
/// (into `next`), and the rest come back with their hashes and settings, to be parsed once.
/// Each input's line is taken out of `old`, so that what is left there is what has gone.
pub(super) fn changed_inputs(
    opts: &Options,
    offices: &mut Offices,
    out: &OutDir,
    previous: Before<'_>,
    (old, seals): (&mut Manifest, &mut Seals),
    next: &mut Next,
    built: &mut Built,
) -> Result<Vec<Changed>> {
    // Walked from the folder as the user named it, so that messages name paths their way.
    let listing = folder::response_files(&opts.dir, out.path(), opts.follow_links)?;
    for (name, d) in listing.refused {
        refuse(built, name, d);
    }
    // Each picture file hashed once, however many responses show it.
    let mut seen = std::collections::HashMap::new();
    let mut changed = Vec::new();
    seals
        .present
        .extend(listing.files.iter().map(|rel| folder::rel_key(rel)));
    // Each seal by the file it was last built from (the first by address, as
    // `Seals::find` takes it), looked up once for each file rather than searched for.
    let mut sealed_files = std::collections::HashMap::new();
    for seal in seals.by_slug.values() {
        sealed_files
            .entry(seal.path.clone())
            .or_insert_with(|| seal.slug.clone());
    }
    // What a response takes from settings without defaults is the same for every response
    // under them: worked out once for each.
    let mut shared_parts: std::collections::HashMap<*const crate::settings::Settings, Vec<u8>> =
        std::collections::HashMap::new();
    for rel in listing.files {
        let key = folder::rel_key(&rel);
        let mut line = old.responses.remove(&key);
        // A sealed response stays with its seal, whatever its file now holds.
        let sealed = sealed_files.get(&key).cloned();
        if let Some(slug) = &sealed {
            seals.claimed.insert(slug.clone());
        }
        let bytes = match load::read_input(&opts.dir.join(&rel)) {
            Ok(b) => b,
            Err(d) => {
                if let Some(line) = line {
                    let summary = &mut built.summary;
                    next.stay(out, key.clone(), line, None, previous.drafts, summary);
                }
                refuse(built, display_name(&opts.dir, &key), d);
                continue;
            }
        };
        let settings = offices.for_file(&rel);
        let own;
        let part = match &settings {
            Ok(s) if s.defaults().is_none() => &*shared_parts
                .entry(std::sync::Arc::as_ptr(s))
                .or_insert_with(|| settings_part(&[], s)),
            Ok(s) => {
                own = settings_part(&bytes, s);
                &own
            }
            Err(_) => &[][..],
        };
        let hash = match &settings {
            Ok(_) => hash_with(&bytes, part),
            Err(_) => String::new(),
        };
        // A line of an earlier version's manifest, its input unchanged, takes this
        // version's hash.
        if let Some(l) = line.as_mut()
            && !hash.is_empty()
            && same_input(&l.input, &hash, &bytes, part)
        {
            l.input.clone_from(&hash);
        }
        drop(bytes);
        // Only what deciding needs is read of the record (see `records::Head`).
        let unchanged = line
            .as_ref()
            .filter(|l| previous.fresh && l.input == hash && (previous.drafts || !l.draft))
            .and_then(|l| {
                records::with_head(out, &l.record, |e| {
                    // A letter published before seals is read once more, to be sealed.
                    let same = (e.letter.is_none() || sealed.is_some())
                        && e.letter.as_ref().is_none_or(|l| l.fields.is_empty())
                        && pictures_unchanged(&e.pictures, previous.real, &mut seen)
                        && e.files.contains(&records::findings_file(&l.slug).into())
                        && e.files.iter().all(|f| out.is_file(f));
                    if same {
                        next.insert_unchanged(key.clone(), l.clone(), &e);
                    }
                    same
                })
            })
            .unwrap_or(false);
        match (line, unchanged) {
            (Some(_), true) => {
                built.summary.kept += 1;
            }
            // Read again when its turn comes, so that the bytes of every changed input are
            // never held at once.
            (line, _) => changed.push(Changed {
                key,
                hash,
                settings,
                line,
            }),
        }
    }
    Ok(changed)
}

/// What the last build left: whether its fingerprint still holds, and whether drafts are
/// published this time.
#[derive(Clone, Copy)]
pub(super) struct Before<'a> {
    pub(super) fresh: bool,
    pub(super) drafts: bool,
    /// The folder of responses as its real path, if it has one.
    pub(super) real: Option<&'a Path>,
}

/// Addresses: kept ones first, then the changed ones in path order. Returns (job, address)
/// for each job that can be published. `held` are the addresses held for changed responses
/// (also in `taken`): a job's own is freed for it as its turn comes.
pub(super) fn assign(
    jobs: &[Job],
    taken: &mut BTreeSet<String>,
    held: &mut BTreeSet<String>,
) -> Vec<(usize, String)> {
    jobs.iter()
        .enumerate()
        .filter_map(|(i, job)| {
            // A sealed response keeps its sealed address.
            if let Some((slug, _)) = &job.seal {
                return Some((i, slug.clone()));
            }
            // A bilingual response takes its address from its English edition.
            let base = addresses::base_slug(job.loaded.editions.as_ref()?.english());
            let previous = job.line.as_ref().map(|l| l.slug.as_str());
            if let Some(p) = previous
                && held.remove(p)
            {
                taken.remove(p);
            }
            Some((i, addresses::assign(&base, previous, taken)))
        })
        .collect()
}

/// The addresses already taken (kept responses' and sealed letters'), and those held for the
/// changed responses until their turn comes (also in the first): a changed response keeps its
/// address if it still fits, and one that is not rendered (a kept letter, a refused edit)
/// keeps it whatever comes before.
pub(super) fn addresses_taken(
    changed: &[Changed],
    next: &Next,
    seals: &Seals,
) -> (BTreeSet<String>, BTreeSet<String>) {
    let mut taken: BTreeSet<String> = next
        .manifest
        .responses
        .values()
        .map(|l| l.slug.clone())
        .chain(seals.by_slug.keys().cloned())
        .collect();
    let held: BTreeSet<String> = changed
        .iter()
        .filter_map(|c| c.line.as_ref().map(|l| l.slug.clone()))
        .filter(|s| !taken.contains(s))
        .collect();
    taken.extend(held.iter().cloned());
    (taken, held)
}
