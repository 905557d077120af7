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
//!   again stays as published, with `--drafts` too.
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
//! The build's steps, each in its own file: `plan` reads and hashes the folder and gives
//! addresses, `job` reads and judges each changed response, `keep` sets aside what is not
//! rendered (sealed letters, drafts, unchanged letters), `outcome` records what was rendered,
//! `write` finishes the output folder (removals, the site, the manifest) and `pages` writes the
//! site around the responses. [`publish`] writes each response's folder, [`index`] the pages
//! that list them, [`feeds`] `responses.json`, the feed and the sitemap.

pub use crate::addresses;
mod facts;
pub mod feeds;
mod folders;
pub mod frozen;
pub mod index;
mod job;
mod keep;
pub mod manifest;
mod next;
mod outcome;
mod pages;
mod plan;
pub mod progress;
pub mod publish;
pub mod records;
mod said;
pub mod seal;
mod write;

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, anyhow, bail};
use rayon::prelude::*;

use crate::diag::Diagnostic;
use crate::fs::OutDir;
use crate::render::{Assets, Renderer, format};
use crate::settings::{self, Offices, Settings};
use crate::{folder, util};
use job::{Changed, Job};
pub use manifest::MANIFEST;
use manifest::Manifest;
use next::{Next, Told};
use outcome::Outcome;
use plan::Before;
pub use publish::{FileMeta, Meta};
pub use said::Said;
use seal::Seals;

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
    /// Build into a folder that holds files s55 did not write.
    pub overwrite: bool,
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
    /// Responses whose file was renamed or moved in the folder of responses: the same
    /// response (a signed letter known by its seal), kept at its address.
    pub moved: usize,
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
    pub loaded: Said,
    /// What rendering found.
    pub warnings: Vec<Diagnostic>,
    /// Its page, relative to the output folder, when it was published this time.
    pub published: Option<String>,
}

impl Report {
    /// The report of a response nothing was rendered for, held until the build ends.
    fn kept(name: String, loaded: Said) -> Report {
        Report {
            name,
            loaded: loaded.packed(),
            warnings: Vec::new(),
            published: None,
        }
    }

    /// The same report, packed to be held until the build ends ([`Said`]).
    fn held(self) -> Report {
        Report {
            loaded: self.loaded.packed(),
            ..self
        }
    }
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
/// Builds the archive.
pub fn build(opts: &Options, progress: &dyn Progress) -> Result<Built> {
    let input = folder::absolute(&opts.dir)?;
    let out = folder::absolute(&opts.out)?;
    check_folders(opts, &input, &out)?;
    // The office's settings: s55.yaml at the root of the responses folder.
    let mut settings = match Settings::load_or_default(&input) {
        Ok(s) => s,
        Err(broken) => return Ok(settings_broken(*broken)),
    };
    settings.tracker |= opts.tracker;
    let renderer = Renderer::new(Assets::load(opts.templates.as_deref())?)?;
    let fingerprint = fingerprint(&renderer);
    let root_settings = settings.clone();
    let mut offices = Offices::new(&input, settings, opts.tracker);

    let (out, mut old) = open_output(opts)?;
    // The seals of signed letters, kept with the responses: what decides what is published
    // of a signed letter, whatever the output folder holds.
    let mut seals = Seals::read_for_build(&opts.dir)?;
    let before_site = std::mem::take(&mut old.site);
    let fresh_assets = old.assets == fingerprint && !opts.force;
    let mut next = Next::new(fingerprint);
    let mut built = Built::default();

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.jobs)
        .build()
        .map_err(|e| anyhow!("cannot start the workers: {e}"))?;
    // The folder of responses as its real path, once: pictures are recorded from it.
    let real = opts.dir.canonicalize().ok();
    let before = Before {
        fresh: fresh_assets,
        drafts: opts.drafts,
        real: real.as_deref(),
    };
    // What is left in `old` after this is what has gone from the folder.
    let changed = plan::changed_inputs(
        opts,
        &mut offices,
        &out,
        before,
        (&mut old, &mut seals),
        &mut next,
        &mut built,
    )?;
    // The seals whose file has gone are read whole now; those of what is read again, a
    // part at a time as it is read (`render`).
    seals.read_needed(std::iter::empty())?;
    let run = Run {
        opts,
        renderer: &renderer,
        out: &out,
        pool: &pool,
        real: real.as_deref(),
        fresh: fresh_assets,
        root_settings: &root_settings,
    };
    render(&run, changed, &mut seals, &mut next, &mut built, progress)?;
    keep::keep_orphans(opts, &out, &seals, &mut old, &mut next, &mut built)?;
    keep::moved(&mut old, &mut next, &mut built.summary);
    // The letters sealed now are put in place before the site that publishes them.
    seals.commit()?;
    write::finish(&run, old, &before_site, &mut next, &mut built.summary)?;
    built.summary.published = next.manifest.responses.len() - next.unlisted.len();
    Ok(built)
}

/// What every step of a build reads: what it was asked, and what it works with.
struct Run<'a> {
    opts: &'a Options,
    renderer: &'a Renderer,
    out: &'a OutDir,
    pool: &'a rayon::ThreadPool,
    /// The folder of responses as its real path, if it has one.
    real: Option<&'a Path>,
    /// The last build's fingerprint still holds, and `--force` was not given.
    fresh: bool,
    /// The settings at the root of the folder of responses: the site's own pages follow them.
    root_settings: &'a Settings,
}

/// The office's settings could not be read, so nothing is built: the one report says why.
fn settings_broken(broken: settings::Broken) -> Built {
    let name = broken.file.display().to_string();
    let mut built = Built {
        settings_broken: true,
        ..Built::default()
    };
    built.reports.push(Report {
        name,
        loaded: crate::check::broken_settings(broken).into(),
        warnings: Vec::new(),
        published: None,
    });
    built
}

/// Opens the output folder, locked for this build, with the last build's manifest; a folder
/// that holds files s55 did not write is refused unless `--overwrite` is given.
fn open_output(opts: &Options) -> Result<(OutDir, Manifest)> {
    // Held until the build ends: a second build into the same folder is refused, so it can
    // neither tidy this one's temporary files away nor interleave its writes.
    let out = OutDir::lock(&opts.out)?;
    out.remove_stale_temporaries();
    let old = Manifest::read(&out)?;
    // A folder s55 built into has its manifest, or at least its records.
    if !opts.overwrite && !out.is_file(MANIFEST) && !out.is_folder(".s55") {
        let theirs = out.others();
        if !theirs.is_empty() {
            bail!(
                "`{}` already holds files s55 did not write ({}), which a build would replace; build into an empty or new folder, or give `--overwrite` to publish over them",
                opts.out.display(),
                theirs.join(", ")
            );
        }
    }
    Ok((out, old))
}

/// Reads, judges, renders and records the changed responses, a chunk at a time in path
/// order, so that memory holds a chunk of parsed responses and not the whole archive; the
/// outcome is the same as for one chunk. Reports of failures come after those of what was
/// published (that the caller did not take), each in path order.
fn render(
    run: &Run<'_>,
    changed: Vec<Changed>,
    seals: &mut Seals,
    next: &mut Next,
    built: &mut Built,
    progress: &dyn Progress,
) -> Result<()> {
    progress.begin(changed.len());
    let formats = format::defaults();
    let (mut taken, mut held) = plan::addresses_taken(&changed, next, seals);
    let mut told = Told::default();
    let chunk = (16 * run.pool.current_num_threads()).max(64);
    let mut changed = changed.into_iter().peekable();
    while changed.peek().is_some() {
        let part: Vec<Changed> = changed.by_ref().take(chunk).collect();
        let read_whole = seals.read_needed(part.iter().map(|c| c.key.as_str()))?;
        let seals_read = &*seals;
        let jobs: Vec<Job> = run.pool.install(|| {
            part.into_par_iter()
                .map(|c| job::read_job(run.opts, c, run.fresh, run.out, seals_read))
                .collect()
        });
        let total = jobs.len();
        let jobs = keep::set_aside(run.opts, jobs, run.real, (run.out, seals), next, built)?;
        for _ in jobs.len()..total {
            progress.step();
        }
        let plan = plan::assign(&jobs, &mut taken, &mut held);
        // A final letter is sealed as it is rendered, by the worker that rendered it.
        if plan.iter().any(|(i, _)| outcome::to_seal(&jobs[*i])) {
            seals.ready_for_sealing();
        }
        let sealing = &*seals;
        let results: Vec<Result<publish::Published>> = run.pool.install(|| {
            plan.par_iter()
                .map(|(i, slug)| {
                    let job = &jobs[*i];
                    let r = match &job.loaded.editions {
                        Some(e) => {
                            let signed_on = keep::signed_original(&job.seal, sealing);
                            let at = (slug.as_str(), signed_on);
                            let store = sealing.staged().filter(|_| outcome::to_seal(job));
                            let (renderer, out) = (run.renderer, (run.out, store));
                            publish::publish(renderer, &job.settings, out, e, at, &formats)
                        }
                        None => Err(anyhow!("the response no longer parses")),
                    };
                    progress.step();
                    r.with_context(|| {
                        format!(
                            "while publishing `{}`",
                            display_name(&run.opts.dir, &job.key)
                        )
                    })
                })
                .collect()
        });
        for _ in plan.len()..jobs.len() {
            progress.step();
        }
        let outcome = Outcome { plan, results };
        let real = run.real;
        outcome::record(
            run.opts,
            jobs,
            outcome,
            real,
            (run.out, seals),
            next,
            built,
            &mut told,
        )?;
        // The records and seals the part made one after another, written on every core.
        run.pool.install(|| -> Result<()> {
            run.out.write_pending()?;
            seals.staged().map_or(Ok(()), OutDir::write_pending)
        })?;
        seals.forget_versions(&read_whole);
        seals.commit_if_many()?;
        // What was published is told as each part is done; failures wait for the end.
        for r in std::mem::take(&mut told.published) {
            told.kept.extend(progress.published(r).map(Report::held));
        }
    }
    progress.end();
    built.reports.append(&mut told.failed);
    built.reports.append(&mut told.kept);
    Ok(())
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

/// The input's path as the user would write it: the folder given, then the file.
pub(super) fn display_name(dir: &Path, key: &str) -> String {
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
