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
//! - **Told as it goes**: what each published response had to say is handed to the caller
//!   ([`Progress::published`]) as soon as its part of the build is done, so that a build of
//!   thousands does not hold thousands of reports; failures are kept for the end.
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
pub mod records;

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
    /// The day the progress pages count recommendations overdue from, and show; by default
    /// today (UTC). Give it for a build whose output is the same bytes whenever it runs.
    pub today: Option<jiff::civil::Date>,
}

/// Told of each response as it is published, for a progress bar.
pub trait Progress: Sync {
    /// Publishing begins, with this many responses to render.
    fn begin(&self, _total: usize) {}
    /// One more is done.
    fn step(&self) {}
    /// All are done.
    fn end(&self) {}
    /// A response was published, with what it had to say: told as soon as its part of the
    /// build is done, in path order. What is returned is kept in [`Built::reports`] until
    /// the build ends; a caller that tells the report now returns `None`, so that a build's
    /// memory does not grow with the reports of an archive of thousands.
    fn published(&self, report: Report) -> Option<Report> {
        Some(report)
    }
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
    /// Its diagnostics (and its text, when there is something to show in it). Boxed: a
    /// build keeps a report for each response until it ends, and a report is a few words
    /// while a response's `Loaded` is kilobytes wide.
    pub loaded: Box<Loaded>,
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
                loaded: Box::new(crate::check::broken_settings(*broken)),
                warnings: Vec::new(),
                published: None,
            });
            return Ok(built);
        }
    };
    settings.tracker |= opts.tracker;
    let renderer = Renderer::new(Assets::load(opts.templates.as_deref())?)?;
    let fingerprint = fingerprint(&renderer);
    let root_settings = settings.clone();
    let mut offices = Offices::new(&input, settings, opts.tracker);

    // Held until the build ends: a second build into the same folder is refused, so it can
    // neither tidy this one's temporary files away nor interleave its writes.
    let out = OutDir::lock(&opts.out)?;
    out.remove_stale_temporaries();
    let old = Manifest::read(&out);
    let before_site = old.site.clone();
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
    // The folder of responses as its real path, once: pictures are recorded from it.
    let real = opts.dir.canonicalize().ok();
    let before = Before {
        manifest: &old,
        fresh: fresh_assets,
        drafts: opts.drafts,
        real: real.as_deref(),
    };
    let changed = changed_inputs(opts, &mut offices, &out, before, &mut next, &mut built)?;
    progress.begin(changed.len());
    let formats = format::defaults();
    // Addresses: kept ones first, then the changed ones in path order.
    let mut taken: BTreeSet<String> = next.responses.values().map(|e| e.slug.clone()).collect();
    let mut told = Told::default();
    // A chunk at a time, in path order, so that memory holds a chunk of parsed responses and
    // not the whole archive; the outcome is the same as for one chunk.
    let chunk = (16 * pool.current_num_threads()).max(64);
    let mut changed = changed.into_iter().peekable();
    while changed.peek().is_some() {
        let part: Vec<Changed> = changed.by_ref().take(chunk).collect();
        let jobs: Vec<Job> = pool.install(|| {
            part.into_par_iter()
                .map(|(key, hash, settings)| {
                    let previous = Previous {
                        entry: old.responses.get(&key),
                        fresh_assets,
                        out: &out,
                    };
                    read_job(opts, settings, key, hash, &previous)
                })
                .collect()
        });
        let total = jobs.len();
        let jobs = set_aside(
            opts,
            jobs,
            &old,
            real.as_deref(),
            &out,
            &mut next,
            &mut built,
        )?;
        for _ in jobs.len()..total {
            progress.step();
        }
        let plan = assign(&jobs, &old, &mut taken);
        let results: Vec<Result<publish::Published>> = pool.install(|| {
            plan.par_iter()
                .map(|(i, slug)| {
                    let job = &jobs[*i];
                    let r = match &job.loaded.editions {
                        Some(e) => {
                            publish::publish(&renderer, &job.settings, &out, e, slug, &formats)
                        }
                        None => Err(anyhow!("the response no longer parses")),
                    };
                    progress.step();
                    r.with_context(|| {
                        format!("while publishing `{}`", display_name(&opts.dir, &job.key))
                    })
                })
                .collect()
        });
        for _ in plan.len()..jobs.len() {
            progress.step();
        }
        record(
            opts,
            jobs,
            plan,
            results,
            &old,
            real.as_deref(),
            &out,
            &mut next,
            &mut built,
            &mut told,
        )?;
        // What was published is told as each part is done; failures wait for the end.
        for r in std::mem::take(&mut told.published) {
            told.kept.extend(progress.published(r));
        }
    }
    progress.end();
    // Failures, then what was published that the caller did not take, each in path order.
    built.reports.append(&mut told.failed);
    built.reports.append(&mut told.kept);
    tidy_output(&out, &old, &next, &mut built.summary);
    drop(old);
    let site = write_site(&renderer, &out, &next, opts, &root_settings)?;
    for f in &before_site {
        if !site.contains(f) {
            out.remove(f);
        }
    }
    next.site = site;
    next.write(&out)?;
    built.summary.published = next.responses.len();
    Ok(built)
}

/// What each chunk had to say, kept until every chunk is done: failures, and what was
/// published.
#[derive(Default)]
struct Told {
    failed: Vec<Report>,
    /// This part's published responses, before they are told.
    published: Vec<Report>,
    /// The published responses' reports the caller did not take.
    kept: Vec<Report>,
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
    // Each picture file hashed once, however many responses show it.
    let mut seen = std::collections::HashMap::new();
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
                    && e.letter.as_ref().is_none_or(|l| l.fields.is_empty())
                    && e.pictures_unchanged(previous.real, &mut seen)
                    && e.files.contains(&records::findings_file(&e.slug))
                    && e.files.iter().all(|f| out.is_file(f)) =>
            {
                next.responses.insert(key, e.clone());
                built.summary.kept += 1;
            }
            // Read again when its turn comes, so that the bytes of every changed input are
            // never held at once.
            _ => changed.push((key, hash, settings)),
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
    /// The folder of responses as its real path, if it has one.
    real: Option<&'a Path>,
}

/// A changed input: its key, hash and settings.
type Changed = (String, String, Result<Arc<Settings>, Arc<settings::Broken>>);

/// Reports an entry that was not read; an error counts it as failed.
fn refuse(built: &mut Built, name: String, d: Diagnostic) {
    if d.is_error() {
        built.summary.failed += 1;
    }
    built.reports.push(Report {
        name,
        loaded: Box::new(crate::check::diagnostics_only(vec![d])),
        warnings: Vec::new(),
        published: None,
    });
}

/// What the last build published of an input, for the one now reading it.
struct Previous<'a> {
    entry: Option<&'a Entry>,
    fresh_assets: bool,
    out: &'a OutDir,
}

/// Parses and checks one changed input. Its text is kept only when there is something to
/// show in it. A final response whose letter was published is compared with it: a change
/// to the letter without a new correction is refused, field by field; no change to it at
/// all (only its progress, say) keeps the published files as they are.
fn read_job(
    opts: &Options,
    settings: Result<Arc<Settings>, Arc<settings::Broken>>,
    key: String,
    hash: String,
    previous: &Previous<'_>,
) -> Job {
    let name = display_name(&opts.dir, &key);
    let bytes = match load::read_input(&opts.dir.join(&key)) {
        Ok(b) => b,
        Err(d) => {
            return Job {
                key,
                hash,
                loaded: crate::check::diagnostics_only(vec![d]),
                settings: Arc::new(Settings::default()),
                letter: None,
                draft: false,
                keep: false,
            };
        }
    };
    let bytes = bytes.as_slice();
    // Changed since it was hashed: the bytes read now are the ones built.
    let hash = match &settings {
        Ok(s) if !hash.is_empty() => input_hash(bytes, s),
        _ => hash,
    };
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
    let letter = Letter::of(bytes, settings.defaults())
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
        // The published letter's fields, from the manifest (as older builds kept them) or
        // from the file named by its hash.
        let mut was = was.clone();
        if was.fields.is_empty() {
            was.fields = records::read_letter(previous.out, &was.hash).unwrap_or_default();
        }
        let found = if was.fields.is_empty() && !was.same_as(now) {
            vec![
                Diagnostic::error(
                    "the published letter's record is missing, so an edit to it cannot be checked",
                )
                .hint(format!(
                    "build into a fresh folder, or restore `{}` in the output folder",
                    records::letter_file(&was.hash)
                )),
            ]
        } else {
            was.refuse(now)
        };
        refused = !found.is_empty();
        loaded.diagnostics.extend(found);
        keep = !refused
            && was.same_as(now)
            && previous.fresh_assets
            && entry.files.iter().all(|f| previous.out.is_file(f));
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
    real: Option<&Path>,
    out: &OutDir,
    next: &mut Manifest,
    built: &mut Built,
) -> Result<Vec<Job>> {
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
            // A published letter keeps the pictures it was published with; the manifest
            // records today's files, so that the next build has nothing to read again.
            e.pictures = pictures(&job.loaded, real);
            // The letter is as published; its progress is what may have changed.
            if let Some(editions) = &job.loaded.editions {
                let rows = crate::export::rows(&e.slug, editions.english(), &job.settings);
                let name = records::write_findings(out, &e.slug, &rows)?;
                if !e.files.contains(&name) {
                    e.files.push(name);
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
            next.responses.insert(job.key, e);
        } else {
            rest.push(job);
        }
    }
    Ok(rest)
}

/// Addresses: kept ones first, then the changed ones in path order. Returns (job, address)
/// for each job that can be published.
fn assign(jobs: &[Job], old: &Manifest, taken: &mut BTreeSet<String>) -> Vec<(usize, String)> {
    jobs.iter()
        .enumerate()
        .filter_map(|(i, job)| {
            // A bilingual response takes its address from its English edition.
            let base = addresses::base_slug(job.loaded.editions.as_ref()?.english());
            let previous = old.responses.get(&job.key).map(|e| e.slug.as_str());
            Some((i, addresses::assign(&base, previous, taken)))
        })
        .collect()
}

/// Records each job's outcome in the next manifest and the reports; a broken response keeps
/// its previous good version, if it had one. A published letter's fields go to their own file.
#[allow(clippy::too_many_arguments)]
fn record(
    opts: &Options,
    jobs: Vec<Job>,
    plan: Vec<(usize, String)>,
    results: Vec<Result<publish::Published>>,
    old: &Manifest,
    real: Option<&Path>,
    out: &OutDir,
    next: &mut Manifest,
    built: &mut Built,
    told: &mut Told,
) -> Result<()> {
    let mut outcome: Vec<Option<publish::Published>> = jobs.iter().map(|_| None).collect();
    for ((i, _), result) in plan.into_iter().zip(results) {
        outcome[i] = Some(result?);
    }
    for (job, p) in jobs.into_iter().zip(outcome) {
        let name = display_name(&opts.dir, &job.key);
        let mut loaded = job.loaded;
        let Some(p) = p else {
            built.summary.failed += 1;
            if let Some(e) = old
                .responses
                .get(&job.key)
                .filter(|e| opts.drafts || !e.meta.draft)
            {
                next.responses.insert(job.key.clone(), e.clone());
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
        let letter = match job.letter {
            Some(mut l) => {
                files.push(records::write_letter(out, &l.hash, &l.fields)?);
                l.fields.clear();
                Some(l)
            }
            None => None,
        };
        let pictures = pictures(&loaded, real);
        loaded.editions = None;
        told.published.push(Report {
            name,
            loaded: slim(loaded),
            warnings: p.warnings,
            published: Some(p.meta.href.clone()),
        });
        next.responses.insert(
            job.key,
            Entry {
                input: job.hash,
                slug: p.meta.slug.clone(),
                files,
                meta: p.meta,
                letter,
                pictures,
            },
        );
    }
    Ok(())
}

/// The pictures a response shows, for the manifest: each file's path from the folder of
/// responses (`input`, a real path) and the hash of its bytes, once.
fn pictures(loaded: &Loaded, input: Option<&Path>) -> Vec<(String, String)> {
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
            let entry = (file, util::hash_hex(&data.bytes));
            if !out.contains(&entry) {
                out.push(entry);
            }
        }
    }
    out
}

/// What a report keeps of a response until the build ends: its diagnostics, and of its text
/// only the lines they show (the rest blank, so that line numbers hold), not the whole file.
fn slim(mut loaded: Loaded) -> Box<Loaded> {
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

/// The site around the responses: index, forces' pages, `responses.json`, feed, sitemap,
/// progress pages and stylesheet, each written as soon as it is made (one response's findings
/// read at a time), so that memory does not grow with the archive. Returns the files
/// written, for the manifest.
fn write_site(
    renderer: &Renderer,
    out: &OutDir,
    next: &Manifest,
    opts: &Options,
    root_settings: &Settings,
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
    let base = opts
        .base_url
        .as_deref()
        .map(|b| format!("{}/", b.trim_end_matches('/')));
    let mut names = Vec::new();
    let mut write = |name: String, bytes: Vec<u8>| -> Result<()> {
        out.write(&name, &bytes)?;
        names.push(name);
        Ok(())
    };
    let office = index::office(root_settings, locale, &sorted);
    index::pages(
        renderer,
        locale,
        &sorted,
        &forces,
        office.as_deref(),
        &mut write,
    )?;
    // Drafts are on the pages only when asked for, and never in what other systems read.
    let finals: Vec<&Meta> = sorted.iter().copied().filter(|m| !m.draft).collect();
    write(
        "feed.xml".to_owned(),
        feeds::feed(renderer, locale, &finals, base.as_deref())?,
    )?;
    if let Some(b) = &base {
        write(
            "sitemap.xml".to_owned(),
            feeds::sitemap(renderer, &finals, &forces, b)?,
        )?;
    }
    let today = opts.today.unwrap_or_else(|| {
        jiff::tz::Offset::UTC
            .to_datetime(jiff::Timestamp::now())
            .date()
    });
    let findings = |m: &Meta| records::read_findings(out, &m.slug);
    progress::pages(
        renderer, locale, &sorted, &forces, today, &findings, &mut write,
    )?;
    write(
        "style.css".to_owned(),
        renderer.assets().css.clone().into_bytes(),
    )?;
    out.write_with("responses.json", |w| feeds::json(&finals, &findings, w))?;
    names.push("responses.json".to_owned());
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
