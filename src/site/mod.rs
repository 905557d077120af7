//! Builds an office's archive site from every response in a folder: `s55 build`.
//!
//! Policy:
//! - **Stable addresses** ([`addresses`]): each response lives at `responses/FORCE/DATE-TITLE/`,
//!   and an address once given is kept, so adding a response never moves another.
//! - **Incremental** ([`manifest`]): the manifest records a hash of each input and a
//!   fingerprint of everything else that shapes the output (settings, templates, stylesheet,
//!   locales, fonts, the tool's version), taken from what was loaded. An unchanged response
//!   is not even parsed; a removed one has its files removed; `force` renders everything.
//! - **Safe**: every file is written whole through a temporary file and a rename, and the
//!   manifest last, so a build stopped at any moment leaves every published file complete and
//!   the next build finishes the job. One broken response does not stop the others: its
//!   diagnostics are reported, its previous good version (if any) stays published, and the
//!   build counts it as failed. Nothing is written outside the output folder, which may not be
//!   the input folder or contain it: every write and removal goes through [`OutDir`], which
//!   follows no link, removes only files the manifest names, and holds the folder's lock so
//!   that two builds never run into one folder at once.
//! - **Finals only**: a draft (`draft: true`) is published only with `--drafts`, and never
//!   in `responses.json`, the feed or the sitemap; a published final that becomes a draft
//!   again stays as published.
//! - **The signed letter is frozen** ([`frozen`]): once published, an edit to what the letter
//!   says is refused field by field unless a new correction records it, and an edit that
//!   leaves the letter as it was (its progress) keeps the letter's files untouched; only the
//!   progress pages ([`progress`]) and `responses.json` change.
//! - **Parallel, and the same**: responses render on every core; the output is byte-identical
//!   to a build on one. Each changed file is read and parsed once.
//!
//! The site around the responses: [`publish`] writes each response's folder, [`index`] the
//! pages that list them, [`feeds`] `responses.json`, the feed and the sitemap.

pub mod addresses;
pub mod feeds;
mod folders;
pub mod frozen;
pub mod index;
pub mod manifest;
pub mod progress;
pub mod publish;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, anyhow, bail};
use rayon::prelude::*;

use crate::diag::Diagnostic;
use crate::fs::OutDir;
use crate::load::{self, Loaded};
use crate::model::Language;
use crate::render::{Assets, Renderer, format};
use std::sync::Arc;

use crate::settings::Offices;
use crate::settings::{self, Settings};
use crate::{folder, util};
use folders::{input_hash, settings_part};
use frozen::Letter;
pub use manifest::MANIFEST;
use manifest::{Entry, Manifest};
pub use publish::{FileMeta, Meta};

/// What a build is asked to do.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The folder of responses.
    pub dir: PathBuf,
    /// The folder to publish into.
    pub out: PathBuf,
    /// The address the site is served from, for the sitemap and absolute feed links.
    pub base_url: Option<String>,
    /// A folder of the office's own templates, stylesheet, locales and fonts.
    pub templates: Option<PathBuf>,
    /// Render every response again, changed or not.
    pub force: bool,
    /// How many responses to render at once; 0 for one per core.
    pub jobs: usize,
    /// Add the tracker table to every response.
    pub tracker: bool,
    /// Read links that lead outside the folder of responses.
    pub follow_links: bool,
    /// Publish drafts too, marked as drafts and left out of the feeds and the sitemap.
    pub drafts: bool,
}

/// Told of each response as it is published, for a progress bar.
pub trait Progress: Sync {
    /// Publishing begins, with this many responses to render.
    fn begin(&self, _total: usize) {}
    /// One more is done.
    fn step(&self) {}
    /// All are done.
    fn end(&self) {}
}

/// No progress shown.
pub struct Quiet;
impl Progress for Quiet {}

/// How a build went.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Responses rendered this time.
    pub rendered: usize,
    /// Responses unchanged and kept as they were.
    pub kept: usize,
    /// Responses whose input has gone, and whose files were removed.
    pub removed: usize,
    /// Responses with errors (or broken settings).
    pub failed: usize,
    /// Responses now published.
    pub published: usize,
    /// Drafts left unpublished.
    pub drafts: usize,
}

/// What a build found about one input, in the order it should be told.
#[derive(Debug)]
pub struct Report {
    /// The input as the user would write it.
    pub name: String,
    /// Its diagnostics (and its text, when there is something to show in it).
    pub loaded: Loaded,
    /// What rendering found.
    pub warnings: Vec<Diagnostic>,
    /// Its page, relative to the output folder, when it was published this time.
    pub published: Option<String>,
}

/// The outcome of a build.
#[derive(Debug, Default)]
pub struct Built {
    /// The counts.
    pub summary: Summary,
    /// What each input that was looked at this time had to say.
    pub reports: Vec<Report>,
    /// The office's settings could not be read, so nothing was built: the one report says why.
    pub settings_broken: bool,
}

/// A changed input, read and checked once, with the settings it was checked against.
struct Job {
    key: String,
    hash: String,
    loaded: Loaded,
    settings: Arc<Settings>,
    /// The letter's words, for a final response that parses.
    letter: Option<Letter>,
    /// A draft, published only when drafts are asked for.
    draft: bool,
    /// Its published letter is unchanged and its files are in place: kept, not rendered.
    keep: bool,
}

/// Builds the archive.
pub fn build(opts: &Options, progress: &dyn Progress) -> Result<Built> {
    let input = folder::absolute(&opts.dir)?;
    let out = folder::absolute(&opts.out)?;
    check_folders(opts, &input, &out)?;
    // The office's settings: s55.yaml at the root of the responses folder.
    let mut settings = match Settings::load_or_default(&input) {
        Ok(s) => s,
        Err(broken) => {
            let name = broken.file.display().to_string();
            let mut built = Built {
                settings_broken: true,
                ..Built::default()
            };
            built.reports.push(Report {
                name,
                loaded: crate::check::broken_settings(*broken),
                warnings: Vec::new(),
                published: None,
            });
            return Ok(built);
        }
    };
    settings.tracker |= opts.tracker;
    let renderer = Renderer::new(Assets::load(opts.templates.as_deref())?)?;
    let fingerprint = fingerprint(&renderer);
    let mut offices = Offices::new(&input, settings, opts.tracker);

    // Held until the build ends: a second build into the same folder is refused, so it can
    // neither tidy this one's temporary files away nor interleave its writes.
    let out = OutDir::lock(&opts.out)?;
    out.remove_stale_temporaries();
    let old = Manifest::read(&out);
    let fresh_assets = old.assets == fingerprint && !opts.force;
    let mut next = Manifest {
        assets: fingerprint,
        responses: BTreeMap::new(),
        site: Vec::new(),
    };
    let mut built = Built::default();

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.jobs)
        .build()
        .map_err(|e| anyhow!("cannot start the workers: {e}"))?;
    let before = Before {
        manifest: &old,
        fresh: fresh_assets,
        drafts: opts.drafts,
    };
    let changed = changed_inputs(opts, &mut offices, &out, before, &mut next, &mut built)?;
    let jobs: Vec<Job> = pool.install(|| {
        changed
            .into_par_iter()
            .map(|(key, bytes, hash, settings)| {
                let previous = Previous {
                    entry: old.responses.get(&key),
                    fresh_assets,
                    out: out.path(),
                };
                read_job(opts, settings, key, &bytes, hash, &previous)
            })
            .collect()
    });
    let jobs = set_aside(opts, jobs, &old, &mut next, &mut built);
    let plan = assign(&jobs, &old, &next);
    progress.begin(plan.len());
    let formats = format::defaults();
    let results: Vec<Result<publish::Published>> = pool.install(|| {
        plan.par_iter()
            .map(|(i, slug)| {
                let job = &jobs[*i];
                let r = match &job.loaded.editions {
                    Some(e) => publish::publish(&renderer, &job.settings, &out, e, slug, &formats),
                    None => Err(anyhow!("the response no longer parses")),
                };
                progress.step();
                r.with_context(|| {
                    format!("while publishing `{}`", display_name(&opts.dir, &job.key))
                })
            })
            .collect()
    });
    progress.end();
    record(opts, jobs, plan, results, &old, &mut next, &mut built)?;
    tidy_output(&out, &old, &next, &mut built.summary);
    next.site = write_site(&renderer, &out, &next, opts.base_url.as_deref())?;
    for f in &old.site {
        if !next.site.contains(f) {
            out.remove(f);
        }
    }
    next.write(&out)?;
    built.summary.published = next.responses.len();
    Ok(built)
}

/// The input folder must exist, and the output may not hold it; a base address must be one.
fn check_folders(opts: &Options, input: &Path, out: &Path) -> Result<()> {
    if !input.is_dir() {
        bail!(
            "`{}` is not a folder of responses; name the folder that holds the .yaml files",
            opts.dir.display()
        );
    }
    if input.starts_with(out) {
        bail!(
            "`{}` would hold the responses themselves; choose an output folder outside `{}`",
            opts.out.display(),
            opts.dir.display()
        );
    }
    if let Some(base) = &opts.base_url
        && !crate::markup::is_web_address(base)
    {
        bail!(
            "`{base}` is not a web address; give the address the site is served from, starting https://"
        );
    }
    Ok(())
}

/// Reads and hashes each input; an unchanged one with its files in place is kept unparsed
/// (into `next`), and the rest come back with their bytes and settings, to be parsed once.
fn changed_inputs(
    opts: &Options,
    offices: &mut Offices,
    out: &OutDir,
    previous: Before<'_>,
    next: &mut Manifest,
    built: &mut Built,
) -> Result<Vec<Changed>> {
    let old = previous.manifest;
    // Walked from the folder as the user named it, so that messages name paths their way.
    let listing = folder::response_files(&opts.dir, out.path(), opts.follow_links)?;
    for (name, d) in listing.refused {
        refuse(built, name, d);
    }
    let mut changed = Vec::new();
    for rel in listing.files {
        let key = folder::rel_key(&rel);
        let bytes = match load::read_input(&opts.dir.join(&rel)) {
            Ok(b) => b,
            Err(d) => {
                if let Some(e) = old.responses.get(&key) {
                    next.responses.insert(key.clone(), e.clone());
                }
                refuse(built, display_name(&opts.dir, &key), d);
                continue;
            }
        };
        let settings = offices.for_file(&rel);
        let hash = match &settings {
            Ok(s) => input_hash(&bytes, s),
            Err(_) => String::new(),
        };
        match old.responses.get(&key) {
            Some(e)
                if previous.fresh
                    && e.input == hash
                    && (previous.drafts || !e.meta.draft)
                    && e.files.iter().all(|f| out.is_file(f)) =>
            {
                let mut e = e.clone();
                // Published before letters were recorded: record it now, as it stands.
                if e.letter.is_none() && !e.meta.draft {
                    e.letter = Letter::of(&bytes).map(|mut l| {
                        if let Ok(s) = &settings {
                            l.settings = util::hash_hex(&settings_part(&bytes, s));
                        }
                        l
                    });
                }
                next.responses.insert(key, e);
                built.summary.kept += 1;
            }
            _ => changed.push((key, bytes, hash, settings)),
        }
    }
    Ok(changed)
}

/// What the last build left: its manifest, whether its fingerprint still holds, and whether
/// drafts are published this time.
#[derive(Clone, Copy)]
struct Before<'a> {
    manifest: &'a Manifest,
    fresh: bool,
    drafts: bool,
}

/// A changed input: its key, bytes, hash and settings.
type Changed = (
    String,
    Vec<u8>,
    String,
    Result<Arc<Settings>, Arc<settings::Broken>>,
);

/// Reports an entry that was not read; an error counts it as failed.
fn refuse(built: &mut Built, name: String, d: Diagnostic) {
    if d.is_error() {
        built.summary.failed += 1;
    }
    built.reports.push(Report {
        name,
        loaded: crate::check::diagnostics_only(vec![d]),
        warnings: Vec::new(),
        published: None,
    });
}

/// What the last build published of an input, for the one now reading it.
struct Previous<'a> {
    entry: Option<&'a Entry>,
    fresh_assets: bool,
    out: &'a Path,
}

/// Parses and checks one changed input. Its text is kept only when there is something to
/// show in it. A final response whose letter was published is compared with it: a change
/// to the letter without a new correction is refused, field by field; no change to it at
/// all (only its progress, say) keeps the published files as they are.
fn read_job(
    opts: &Options,
    settings: Result<Arc<Settings>, Arc<settings::Broken>>,
    key: String,
    bytes: &[u8],
    hash: String,
    previous: &Previous<'_>,
) -> Job {
    let name = display_name(&opts.dir, &key);
    let settings = match settings {
        Ok(s) => s,
        Err(broken) => {
            return Job {
                key,
                hash,
                loaded: crate::check::broken_settings((*broken).clone()),
                settings: Arc::new(Settings::default()),
                letter: None,
                draft: false,
                keep: false,
            };
        }
    };
    let mut loaded = load::load_bytes(&name, bytes, settings.defaults());
    let draft = loaded.editions.as_ref().is_some_and(|e| e.first().draft);
    let letter = Letter::of(bytes)
        .filter(|_| !draft && loaded.editions.is_some())
        .map(|mut l| {
            l.settings = util::hash_hex(&settings_part(bytes, &settings));
            l
        });
    let published = previous
        .entry
        .filter(|e| !e.meta.draft)
        .and_then(|e| e.letter.as_ref().map(|l| (e, l)));
    let mut refused = false;
    let mut keep = false;
    if let (Some((entry, was)), Some(now)) = (published, &letter) {
        let found = was.refuse(now);
        refused = !found.is_empty();
        loaded.diagnostics.extend(found);
        keep = !refused
            && was == now
            && previous.fresh_assets
            && entry.files.iter().all(|f| previous.out.join(f).is_file());
    }
    crate::check::check_loaded(&mut loaded, &settings);
    if refused {
        loaded.editions = None;
    }
    if loaded.diagnostics.is_empty() {
        loaded.source = None;
    }
    Job {
        key,
        hash,
        loaded,
        settings,
        letter,
        draft,
        keep,
    }
}

/// Takes out the jobs that are not to render: drafts, unless drafts are asked for (a
/// published final that became a draft again stays as published), and published letters
/// that did not change, whose files are kept as they are with the input's new hash.
fn set_aside(
    opts: &Options,
    jobs: Vec<Job>,
    old: &Manifest,
    next: &mut Manifest,
    built: &mut Built,
) -> Vec<Job> {
    let mut rest = Vec::with_capacity(jobs.len());
    for job in jobs {
        let previous = old.responses.get(&job.key);
        if job.draft && !opts.drafts {
            built.summary.drafts += 1;
            if let Some(e) = previous.filter(|e| !e.meta.draft) {
                next.responses.insert(job.key.clone(), e.clone());
            }
        } else if let (true, Some(e)) = (job.keep, previous) {
            built.summary.kept += 1;
            let mut e = e.clone();
            e.input = job.hash;
            // The letter is as published; its progress is what may have changed.
            if let Some(editions) = &job.loaded.editions {
                e.meta.findings = crate::export::rows(&e.slug, editions.english(), &job.settings);
            }
            next.responses.insert(job.key, e);
        } else {
            rest.push(job);
        }
    }
    rest
}

/// Addresses: kept ones first, then the changed ones in path order. Returns (job, address)
/// for each job that can be published.
fn assign(jobs: &[Job], old: &Manifest, next: &Manifest) -> Vec<(usize, String)> {
    let mut taken: BTreeSet<String> = next.responses.values().map(|e| e.slug.clone()).collect();
    jobs.iter()
        .enumerate()
        .filter_map(|(i, job)| {
            // A bilingual response takes its address from its English edition.
            let base = addresses::base_slug(job.loaded.editions.as_ref()?.english());
            let previous = old.responses.get(&job.key).map(|e| e.slug.as_str());
            Some((i, addresses::assign(&base, previous, &mut taken)))
        })
        .collect()
}

/// Records each job's outcome in the next manifest and the reports; a broken response keeps
/// its previous good version, if it had one.
fn record(
    opts: &Options,
    jobs: Vec<Job>,
    plan: Vec<(usize, String)>,
    results: Vec<Result<publish::Published>>,
    old: &Manifest,
    next: &mut Manifest,
    built: &mut Built,
) -> Result<()> {
    let mut outcome: Vec<Option<publish::Published>> = jobs.iter().map(|_| None).collect();
    for ((i, _), result) in plan.into_iter().zip(results) {
        outcome[i] = Some(result?);
    }
    let (failed, published): (Vec<_>, Vec<_>) = jobs
        .into_iter()
        .zip(outcome)
        .partition(|(_, p)| p.is_none());
    // Failures are told first, then what was published, each in path order.
    for (job, _) in failed {
        built.summary.failed += 1;
        if let Some(e) = old
            .responses
            .get(&job.key)
            .filter(|e| opts.drafts || !e.meta.draft)
        {
            next.responses.insert(job.key.clone(), e.clone());
        }
        built.reports.push(Report {
            name: display_name(&opts.dir, &job.key),
            loaded: job.loaded,
            warnings: Vec::new(),
            published: None,
        });
    }
    for (job, p) in published {
        let Some(p) = p else { continue };
        built.summary.rendered += 1;
        built.reports.push(Report {
            name: display_name(&opts.dir, &job.key),
            loaded: job.loaded,
            warnings: p.warnings,
            published: Some(p.meta.href.clone()),
        });
        next.responses.insert(
            job.key,
            Entry {
                input: job.hash,
                slug: p.meta.slug.clone(),
                files: p.files,
                meta: p.meta,
                letter: job.letter,
            },
        );
    }
    Ok(())
}

/// Removes files no longer needed: removed responses, old files of responses that moved.
fn tidy_output(out: &OutDir, old: &Manifest, next: &Manifest, summary: &mut Summary) {
    let keep: BTreeSet<&str> = next
        .responses
        .values()
        .flat_map(|e| e.files.iter().map(String::as_str))
        .collect();
    for (key, e) in &old.responses {
        if !next.responses.contains_key(key) {
            summary.removed += 1;
        }
        for f in &e.files {
            if !keep.contains(f.as_str()) {
                out.remove(f);
            }
        }
    }
}

/// The site around the responses: index, forces' pages, `responses.json`, feed, sitemap and
/// stylesheet. Returns the files written, for the manifest.
fn write_site(
    renderer: &Renderer,
    out: &OutDir,
    next: &Manifest,
    base_url: Option<&str>,
) -> Result<Vec<String>> {
    let locale = renderer.assets().locale(Language::En);
    let mut sorted: Vec<&Meta> = next.responses.values().map(|e| &e.meta).collect();
    sorted.sort_by(|a, b| {
        (b.report_published.as_str(), b.response_date.as_deref())
            .cmp(&(a.report_published.as_str(), a.response_date.as_deref()))
            .then(a.force.cmp(&b.force))
            .then(a.slug.cmp(&b.slug))
    });
    let forces = index::forces(&sorted);
    let base = base_url.map(|b| format!("{}/", b.trim_end_matches('/')));
    let mut files = index::pages(renderer, locale, &sorted, &forces)?;
    // Drafts are on the pages only when asked for, and never in what other systems read.
    let finals: Vec<&Meta> = sorted.iter().copied().filter(|m| !m.draft).collect();
    files.push(("responses.json".to_owned(), feeds::json(&finals)?));
    files.push((
        "feed.xml".to_owned(),
        feeds::feed(renderer, locale, &finals, base.as_deref())?,
    ));
    if let Some(b) = &base {
        files.push((
            "sitemap.xml".to_owned(),
            feeds::sitemap(renderer, &finals, &forces, b)?,
        ));
    }
    let today = jiff::tz::Offset::UTC
        .to_datetime(jiff::Timestamp::now())
        .date();
    files.extend(progress::pages(renderer, locale, &sorted, &forces, today)?);
    files.push((
        "style.css".to_owned(),
        renderer.assets().css.clone().into_bytes(),
    ));
    let mut names = Vec::new();
    for (name, bytes) in &files {
        out.write(name, bytes)?;
        names.push(name.clone());
    }
    names.sort();
    Ok(names)
}

/// The input's path as the user would write it: the folder given, then the file.
fn display_name(dir: &Path, key: &str) -> String {
    dir.join(key).display().to_string()
}

/// The fingerprint of everything besides the response and its settings (which each input's
/// hash covers) that shapes the output: the tool's version, and every template, stylesheet,
/// locale and font as loaded.
fn fingerprint(renderer: &Renderer) -> String {
    let mut all = format!("{}\n", env!("CARGO_PKG_VERSION")).into_bytes();
    all.extend_from_slice(renderer.fingerprint().as_bytes());
    util::hash_hex(&all)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editions_give_the_english_address() {
        let text = crate::synth::response(1);
        let doc = crate::load::parse(&text).0.expect("parses");
        let e = crate::model::Editions::one(doc);
        assert!(addresses::base_slug(e.english()).contains('/'));
    }
}
