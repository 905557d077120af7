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
//! The site around the responses: [`publish`] writes each response's folder, [`index`] the
//! pages that list them, [`feeds`] `responses.json`, the feed and the sitemap.

pub use crate::addresses;
pub mod feeds;
mod folders;
pub mod frozen;
pub mod index;
pub mod manifest;
pub mod progress;
pub mod publish;
pub mod records;
pub mod seal;

use std::collections::BTreeSet;
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
use folders::{hash_with, input_hash, settings_part};
use frozen::Letter;
pub use manifest::MANIFEST;
use manifest::{Entry, Kept, Line, Manifest};
pub use publish::{FileMeta, Meta};
use seal::{Seals, Verdict};

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
    let mut old = Manifest::read(&out)?;
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
    // The seals of signed letters, kept with the responses: what decides what is published
    // of a signed letter, whatever the output folder holds.
    let mut seals = Seals::read(&opts.dir)?;
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
    let changed = changed_inputs(
        opts,
        &mut offices,
        &out,
        before,
        (&mut old, &mut seals),
        &mut next,
        &mut built,
    )?;
    progress.begin(changed.len());
    let formats = format::defaults();
    // Addresses: kept ones first, then the changed ones in path order. Each changed
    // response's address is held for it until its turn comes, so that no other takes it
    // first: it keeps it if it still fits, and a response that is not rendered (a kept
    // letter, a refused edit) keeps it whatever comes before.
    let mut taken: BTreeSet<String> = next
        .manifest
        .responses
        .values()
        .map(|l| l.slug.clone())
        .chain(seals.by_slug.keys().cloned())
        .collect();
    let mut held: BTreeSet<String> = changed
        .iter()
        .filter_map(|c| c.line.as_ref().map(|l| l.slug.clone()))
        .filter(|s| !taken.contains(s))
        .collect();
    taken.extend(held.iter().cloned());
    let mut told = Told::default();
    // A chunk at a time, in path order, so that memory holds a chunk of parsed responses and
    // not the whole archive; the outcome is the same as for one chunk.
    let chunk = (16 * pool.current_num_threads()).max(64);
    let mut changed = changed.into_iter().peekable();
    while changed.peek().is_some() {
        let part: Vec<Changed> = changed.by_ref().take(chunk).collect();
        let jobs: Vec<Job> = pool.install(|| {
            part.into_par_iter()
                .map(|c| read_job(opts, c, fresh_assets, &out, &seals))
                .collect()
        });
        let total = jobs.len();
        let jobs = set_aside(
            opts,
            jobs,
            real.as_deref(),
            (&out, &mut seals),
            &mut next,
            &mut built,
        )?;
        for _ in jobs.len()..total {
            progress.step();
        }
        let plan = assign(&jobs, &mut taken, &mut held);
        let results: Vec<Result<publish::Published>> = pool.install(|| {
            plan.par_iter()
                .map(|(i, slug)| {
                    let job = &jobs[*i];
                    let r = match &job.loaded.editions {
                        Some(e) => {
                            let signed_on = signed_original(&job.seal, &seals);
                            let at = (slug.as_str(), signed_on);
                            publish::publish(&renderer, &job.settings, &out, e, at, &formats)
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
        let outcome = Outcome { plan, results };
        record(
            opts,
            jobs,
            outcome,
            real.as_deref(),
            (&out, &mut seals),
            &mut next,
            &mut built,
            &mut told,
        )?;
        // What was published is told as each part is done; failures wait for the end.
        for r in std::mem::take(&mut told.published) {
            told.kept.extend(progress.published(r));
        }
    }
    drop((taken, held));
    progress.end();
    // Failures, then what was published that the caller did not take, each in path order.
    built.reports.append(&mut told.failed);
    built.reports.append(&mut told.kept);
    keep_orphans(opts, &out, &seals, &mut old, &mut next, &mut built)?;
    tidy_output(&out, old, &mut next, &mut built.summary);
    let site = write_site(&renderer, &out, &next, opts, &root_settings)?;
    for f in &before_site {
        if site.binary_search(f).is_err() && !next.kept.contains(f) {
            out.remove(f);
        }
    }
    next.manifest.site = site;
    next.manifest.write(&out)?;
    // Records and letters no manifest names any more go once this one is written (until
    // then, the previous manifest's are all there), unless a record could not be read: what
    // it names (its letter's file) is not known, so everything stays until it is restored.
    if next.unlisted.is_empty() {
        records::sweep(&out, |f| next.kept.contains(f));
    }
    built.summary.published = next.manifest.responses.len() - next.unlisted.len();
    Ok(built)
}

/// The manifest a build is making, with what it keeps.
struct Next {
    manifest: Manifest,
    /// Every file the manifest's responses name: what no removal may touch.
    kept: Kept,
    /// The keys of the responses whose record could not be read: kept in the manifest (so
    /// that what is wrong is said again), but not listed.
    unlisted: BTreeSet<String>,
    /// The records this build replaced or took out of the manifest: their files go, unless
    /// kept.
    retired: Vec<String>,
}

impl Next {
    fn new(assets: String) -> Next {
        Next {
            manifest: Manifest {
                assets,
                ..Manifest::default()
            },
            kept: Kept::default(),
            unlisted: BTreeSet::new(),
            retired: Vec::new(),
        }
    }

    /// Puts a response in the manifest, with its record (`None` when it cannot be read).
    fn insert(&mut self, key: String, line: Line, entry: Option<&Entry>) {
        self.kept.entry(&line.record, entry);
        match entry {
            Some(e) => self.kept.insert(&progress::file_of(&e.meta)),
            None => {
                self.unlisted.insert(key.clone());
            }
        }
        self.manifest.responses.insert(key, line);
    }

    /// Puts a response in the manifest as the last build left it, reading its record.
    fn keep(&mut self, out: &OutDir, key: String, line: Line) {
        let entry = Entry::read(out, &line.record);
        self.insert(key, line, entry.as_ref());
    }

    /// The last build's line for a response goes, and its files unless they are kept.
    fn retire(&mut self, line: &Line) {
        self.retired.push(line.record.clone());
    }

    /// A response not rendered this time (unreadable, failed, or a draft set aside) keeps
    /// what the last build published of it (`record`, or read when `None`), except a draft
    /// published for a preview, which comes down when drafts are not asked for.
    fn stay(
        &mut self,
        out: &OutDir,
        key: String,
        line: Line,
        record: Option<&Entry>,
        drafts: bool,
        summary: &mut Summary,
    ) {
        if line.draft && !drafts {
            self.retire(&line);
            summary.removed += 1;
        } else if let Some(e) = record {
            self.insert(key, line, Some(e));
        } else {
            self.keep(out, key, line);
        }
    }

    /// Records a response as published now, with its input's hash and its record: the
    /// record's file is written, and the last build's (`previous`) retired if it differs.
    fn publish(
        &mut self,
        out: &OutDir,
        key: String,
        hash: String,
        entry: &Entry,
        previous: Option<Line>,
    ) -> Result<()> {
        let record = entry.write(out)?;
        if let Some(line) = previous.filter(|l| l.record != record) {
            self.retire(&line);
        }
        self.insert(key, Line::of(hash, entry, record), Some(entry));
        Ok(())
    }
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
/// (into `next`), and the rest come back with their hashes and settings, to be parsed once.
/// Each input's line is taken out of `old`, so that what is left there is what has gone.
fn changed_inputs(
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
    for rel in listing.files {
        let key = folder::rel_key(&rel);
        let line = old.responses.remove(&key);
        // A sealed response stays with its seal, whatever its file now holds.
        let sealed = seals.find(&key, None).map(|s| s.slug.clone());
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
        let hash = match &settings {
            Ok(s) => input_hash(&bytes, s),
            Err(_) => String::new(),
        };
        drop(bytes);
        let unchanged = line
            .as_ref()
            .filter(|l| previous.fresh && l.input == hash && (previous.drafts || !l.draft))
            .and_then(|l| Entry::read(out, &l.record).map(|e| (l, e)))
            .filter(|(l, e)| {
                // A letter published before seals is read once more, to be sealed.
                (e.letter.is_none() || sealed.is_some())
                    && e.letter.as_ref().is_none_or(|l| l.fields.is_empty())
                    && e.pictures_unchanged(previous.real, &mut seen)
                    && e.files.contains(&records::findings_file(&l.slug))
                    && e.files.iter().all(|f| out.is_file(f))
            })
            .map(|(_, e)| e);
        match (line, unchanged) {
            (Some(line), Some(entry)) => {
                next.insert(key, line, Some(&entry));
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
struct Before<'a> {
    fresh: bool,
    drafts: bool,
    /// The folder of responses as its real path, if it has one.
    real: Option<&'a Path>,
}

/// A changed input: its key, hash and settings, and its line in the last manifest.
struct Changed {
    key: String,
    hash: String,
    settings: Result<Arc<Settings>, Arc<settings::Broken>>,
    line: Option<Line>,
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
    /// What the last build published of it: its line, and its record when it can be read.
    line: Option<Line>,
    record: Option<Entry>,
    /// Its seal's address, and what is done with it.
    seal: Option<(String, Verdict)>,
    /// Published before seals, as it still reads: sealed from the files in the output folder.
    upgrade: bool,
}

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

/// Parses and checks one changed input. Its text is kept only when there is something to
/// show in it. A final response whose letter was published is compared with it: a change
/// to the letter without a new correction is refused, field by field; no change to it at
/// all (only its progress, say) keeps the published files as they are.
fn read_job(opts: &Options, c: Changed, fresh_assets: bool, out: &OutDir, seals: &Seals) -> Job {
    let Changed {
        key,
        hash,
        settings,
        line,
    } = c;
    let record = line.as_ref().and_then(|l| Entry::read(out, &l.record));
    let name = display_name(&opts.dir, &key);
    // A response that cannot be read keeps its sealed letter published as signed.
    let by_path = seals
        .find(&key, None)
        .map(|s| (s.slug.clone(), Verdict::Refused));
    let failed = |key: String, hash: String, loaded: Loaded, line, record| Job {
        key,
        hash,
        loaded,
        settings: Arc::new(Settings::default()),
        letter: None,
        draft: false,
        keep: false,
        line,
        record,
        seal: by_path.clone(),
        upgrade: false,
    };
    let bytes = match load::read_input(&opts.dir.join(&key)) {
        Ok(b) => b,
        Err(d) => {
            let loaded = crate::check::diagnostics_only(vec![d]);
            return failed(key, hash, loaded, line, record);
        }
    };
    let bytes = bytes.as_slice();
    let settings = match settings {
        Ok(s) => s,
        Err(broken) => {
            let loaded = crate::check::broken_settings((*broken).clone());
            return failed(key, hash, loaded, line, record);
        }
    };
    // Changed since it was hashed: the bytes read now are the ones built. What it takes from
    // the settings is worked out once, for the hash and for the letter.
    let part = settings_part(bytes, &settings);
    let hash = hash_with(bytes, &part);
    let mut loaded = load::load_bytes(&name, bytes, settings.defaults());
    let draft = loaded.editions.as_ref().is_some_and(|e| e.first().draft);
    let letter = Letter::of(bytes, settings.defaults())
        .filter(|_| !draft && loaded.editions.is_some())
        .map(|mut l| {
            l.settings = util::hash_hex(&part);
            l
        });
    let base = loaded
        .editions
        .as_ref()
        .map(|e| addresses::base_slug(e.english()));
    let sealed = seals.find(&key, base.as_deref());
    let published = line.as_ref().filter(|l| !l.draft);
    if draft && (published.is_some() || sealed.is_some()) {
        loaded.diagnostics.push(
            Diagnostic::warning(
                "the letter is published, so it stays as it was signed: this draft of it is not published over it",
            )
            .at(crate::diag::FieldPath::root().key("draft"))
            .hint("to change the published letter, remove `draft: true` and record the change under `corrections:` (a `date` and a `note`)"),
        );
    }
    let mut refused = false;
    let mut keep = false;
    let mut upgrade = false;
    let mut seal = None;
    if let Some(sealed) = sealed {
        // The seal decides: the letter's own words against the signed ones.
        let doc = loaded.editions.as_ref().map(|e| e.first());
        let (verdict, found) = match (&letter, seals.words(sealed)) {
            (Some(now), Ok(signed)) => seal::judge(sealed, &signed, now, doc),
            (Some(_), Err(e)) => (Verdict::Refused, vec![Diagnostic::error(e.to_string())]),
            (None, _) => (Verdict::Keep, Vec::new()),
        };
        let verdict = match verdict {
            Verdict::Keep if loaded.editions.is_none() => Verdict::Refused,
            v => v,
        };
        refused = matches!(verdict, Verdict::Refused);
        loaded.diagnostics.extend(found);
        seal = Some((sealed.slug.clone(), verdict));
    } else if let (Some(published), Some(now)) = (published, &letter) {
        let found = match record.as_ref() {
            // A record from before letters were recorded: the letter is recorded now.
            Some(Entry { letter: None, .. }) => Vec::new(),
            Some(Entry {
                letter: Some(was),
                files,
                ..
            }) => {
                // The published letter's fields, from the record (as older builds kept
                // them) or from the file named by its hash; compared by the letter's own
                // words, hashed as it was (FNV-1a before seals).
                let mut was = was.clone();
                if was.fields.is_empty() {
                    was.fields = records::read_letter(out, &was.hash).unwrap_or_default();
                }
                let now = now.hashed_like(&was);
                let found = if was.fields.is_empty() && !was.same_as(&now) {
                    vec![missing(&records::letter_file(&was.hash))]
                } else {
                    was.fields.retain(|k, _| !now.inherited.contains(k));
                    was.inherits = false;
                    was.refuse(&now)
                };
                // Published before seals and still as it reads: its files, as published,
                // are sealed.
                upgrade = found.is_empty()
                    && now.corrections == was.corrections
                    && files.iter().all(|f| out.is_file(f));
                keep = !upgrade
                    && found.is_empty()
                    && was.same_as(&now)
                    && fresh_assets
                    && files.iter().all(|f| out.is_file(f));
                found
            }
            None => vec![missing(&records::record_file(&published.record))],
        };
        refused = !found.is_empty();
        loaded.diagnostics.extend(found);
    }
    crate::check::check_loaded(&mut loaded, &settings);
    if let Some((_, v @ Verdict::Corrected)) = &mut seal
        && loaded.diagnostics.iter().any(Diagnostic::is_error)
    {
        *v = Verdict::Refused;
    }
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
        line,
        record,
        seal,
        upgrade,
    }
}

/// The error for a published letter whose record (`file`, below the output folder) is
/// missing, so that an edit to it cannot be checked.
fn missing(file: &str) -> Diagnostic {
    Diagnostic::error(format!(
        "the record of the published letter, `{file}` in the output folder, is missing, so an edit to the letter cannot be checked"
    ))
    .hint(
        "restore the output folder's `.s55/` from a copy, or build into a fresh folder to publish the letter as it now reads",
    )
}

/// Takes out the jobs that are not to render: drafts, unless drafts are asked for (a
/// published final that became a draft again stays as published), and published letters
/// that did not change, whose files are kept as they are with the input's new hash.
fn set_aside(
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
            built.reports.push(Report {
                name: display_name(&opts.dir, &job.key),
                loaded: slim(job.loaded),
                warnings: Vec::new(),
                published: None,
            });
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
fn publish_sealed(
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
    let Some(sealed) = seals.by_slug.get(slug).cloned() else {
        return Ok(());
    };
    let mut files = match seals.publish(&sealed, out) {
        Ok(files) => files,
        Err(e) => {
            built.summary.failed += 1;
            let d = Diagnostic::error(e.to_string());
            built.reports.push(Report {
                name,
                loaded: Box::new(crate::check::diagnostics_only(vec![d])),
                warnings: Vec::new(),
                published: None,
            });
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
    built.reports.push(Report {
        name,
        loaded: slim(job.loaded),
        warnings: Vec::new(),
        published: None,
    });
    next.publish(out, job.key, hash, &entry, job.line)
}

/// Publishes, as they were sealed, the signed letters whose files have gone from the folder
/// of responses: a letter is taken down only by removing its seal, on purpose.
fn keep_orphans(
    opts: &Options,
    out: &OutDir,
    seals: &Seals,
    old: &mut Manifest,
    next: &mut Next,
    built: &mut Built,
) -> Result<()> {
    for sealed in seals.orphans() {
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
        built.reports.push(Report {
            name,
            loaded: Box::new(crate::check::diagnostics_only(vec![d])),
            warnings: Vec::new(),
            published: None,
        });
    }
    Ok(())
}

/// The day a corrected letter was signed, when its signed original is kept beside it.
fn signed_original(seal: &Option<(String, Verdict)>, seals: &Seals) -> Option<jiff::civil::Date> {
    let (slug, Verdict::Corrected) = seal.as_ref()? else {
        return None;
    };
    let first = seals.by_slug.get(slug)?.versions.first()?;
    first.date.parse().ok()
}

/// The day a letter was signed, for its seal: its date, or the report's when it has none.
fn signed_on(doc: &crate::model::Response) -> String {
    doc.date
        .as_ref()
        .unwrap_or(&doc.report.published)
        .0
        .to_string()
}

/// The pictures a response shows, for its seal: each file's path and the SHA-256 of its
/// bytes.
fn sealed_pictures(loaded: &Loaded, input: Option<&Path>) -> Vec<(String, String)> {
    pictures_hashed(loaded, input, util::sha256_hex)
}

/// Addresses: kept ones first, then the changed ones in path order. Returns (job, address)
/// for each job that can be published. `held` are the addresses held for changed responses
/// (also in `taken`): a job's own is freed for it as its turn comes.
fn assign(
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

/// The jobs that were published, with their addresses, and how each went.
struct Outcome {
    plan: Vec<(usize, String)>,
    results: Vec<Result<publish::Published>>,
}

/// Records each job's outcome in the next manifest and the reports; a broken response keeps
/// its previous good version, if it had one. A published letter's fields go to their own
/// file, and each response's record to its.
#[allow(clippy::too_many_arguments)]
fn record(
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
fn pictures(loaded: &Loaded, input: Option<&Path>) -> Vec<(String, String)> {
    pictures_hashed(loaded, input, util::hash_hex)
}

/// Each picture a response shows, once: its file's path from the folder of responses
/// (`input`, a real path), with `/` between folders on every system, and `hash` of its bytes.
fn pictures_hashed(
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

/// Removes files no longer needed: those of removed responses (what is left in `gone`) and
/// the old files of responses that moved, read from their records one at a time. Records and
/// letters' files stay until the manifest is written ([`records::sweep`]).
fn tidy_output(out: &OutDir, gone: Manifest, next: &mut Next, summary: &mut Summary) {
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

/// The site around the responses: index, forces' pages, `responses.json`, feed, sitemap,
/// progress pages and stylesheet, each written as soon as it is made, reading one
/// response's record and findings at a time, so that memory does not grow with the archive.
/// Returns the site's own files written, in order, for the manifest (each response's
/// progress page goes with the response, not in this list).
fn write_site(
    renderer: &Renderer,
    out: &OutDir,
    next: &Next,
    opts: &Options,
    root_settings: &Settings,
) -> Result<Vec<String>> {
    let locale = renderer.assets().locale(Language::En);
    let mut sorted: Vec<&Line> = next
        .manifest
        .responses
        .iter()
        .filter(|(k, _)| !next.unlisted.contains(*k))
        .map(|(_, l)| l)
        .collect();
    sorted.sort_by(|a, b| a.index_order(b));
    let forces = index::forces(&sorted);
    let base = opts
        .base_url
        .as_deref()
        .map(|b| format!("{}/", b.trim_end_matches('/')));
    let records = Records { out };
    let mut names = Vec::new();
    let mut write = |name: String, bytes: Vec<u8>| -> Result<()> {
        out.write(&name, &bytes)?;
        names.push(name);
        Ok(())
    };
    let today = opts.today.unwrap_or_else(|| {
        jiff::tz::Offset::UTC
            .to_datetime(jiff::Timestamp::now())
            .date()
    });
    // Welsh pages beside the English ones when the archive has Welsh (or the office says it
    // works in Welsh); an English-only office's site stays as it was.
    let welsh = sorted.iter().any(|l| l.welsh) || works_in_welsh(root_settings);
    let english = index::Tongue {
        other: welsh.then_some("cy/"),
        ..index::Tongue::ENGLISH
    };
    let progress = progress::Pages::new(renderer, locale, english, root_settings, today);
    // Drafts are on the pages only when asked for, and never in what other systems read.
    let finals: Vec<&Line> = sorted.iter().copied().filter(|l| !l.draft).collect();
    let office = index::office(root_settings, locale, &sorted);
    let meta = |l: &Line| records.meta(l);
    // The lists' pages, a hundred responses at a time; as each page's records are read, the
    // progress of its responses and their part of `responses.json`, or the force's progress.
    out.write_with("responses.json", |w| {
        let mut json = feeds::Json::begin(w, finals.len())?;
        let mut visit = |page: index::Page<'_>, write: &mut index::Write<'_>| -> Result<()> {
            let findings: Vec<records::Findings> = page
                .lines
                .iter()
                .map(|l| records::findings_for(out, &l.slug, false))
                .collect();
            match page.force {
                None => {
                    for ((line, m), rows) in page.lines.iter().zip(page.metas).zip(findings) {
                        out.write(&progress.file_of(m), &progress.response(m, &rows)?)?;
                        if !line.draft {
                            json.push(m, rows.rows)?;
                        }
                    }
                }
                Some(force) => {
                    let at = (page.number, page.pages);
                    let (path, bytes) = progress.force(force, at, page.metas, &findings)?;
                    write(path, bytes)?;
                }
            }
            Ok(())
        };
        index::pages(
            renderer,
            locale,
            english,
            &sorted,
            &forces,
            office.as_deref(),
            &meta,
            &mut write,
            &mut visit,
        )?;
        json.end()
    })?;
    if welsh {
        // The same pages in Welsh below `cy/`, each linked to its English one.
        let cy = renderer.assets().locale(Language::Cy);
        let tongue = index::Tongue {
            dir: "cy/",
            welsh: true,
            other: Some(""),
        };
        let progress = progress::Pages::new(renderer, cy, tongue, root_settings, today);
        let office = index::office(root_settings, cy, &sorted);
        let mut visit = |page: index::Page<'_>, write: &mut index::Write<'_>| -> Result<()> {
            // A bilingual response's findings in Welsh, from its Welsh edition.
            let findings: Vec<records::Findings> = page
                .lines
                .iter()
                .map(|l| records::findings_for(out, &l.slug, true))
                .collect();
            match page.force {
                None => {
                    for (m, rows) in page.metas.iter().zip(findings) {
                        write(progress.file_of(m), progress.response(m, &rows)?)?;
                    }
                }
                Some(force) => {
                    let at = (page.number, page.pages);
                    let (path, bytes) = progress.force(force, at, page.metas, &findings)?;
                    write(path, bytes)?;
                }
            }
            Ok(())
        };
        index::pages(
            renderer,
            cy,
            tongue,
            &sorted,
            &forces,
            office.as_deref(),
            &meta,
            &mut write,
            &mut visit,
        )?;
    }
    write(
        "feed.xml".to_owned(),
        feeds::feed(renderer, locale, &finals, &meta, base.as_deref())?,
    )?;
    if let Some(b) = &base {
        write(
            "sitemap.xml".to_owned(),
            feeds::sitemap(
                renderer,
                &finals,
                sorted.len(),
                &forces,
                b,
                welsh.then_some(&meta as &dyn Fn(&Line) -> Result<Meta>),
            )?,
        )?;
    }
    write(
        "style.css".to_owned(),
        renderer.assets().css.clone().into_bytes(),
    )?;
    names.push("responses.json".to_owned());
    names.sort();
    Ok(names)
}

/// Whether the office's settings say it works in Welsh: `office: {language: cy}` or
/// `bilingual`.
fn works_in_welsh(settings: &Settings) -> bool {
    settings
        .office
        .as_ref()
        .and_then(|o| o.get("language"))
        .and_then(|l| l.as_str())
        .is_some_and(|l| matches!(l.trim(), "cy" | "bilingual"))
}

/// Reads what the site's pages say of each response from its record.
struct Records<'a> {
    out: &'a OutDir,
}

impl Records<'_> {
    /// What the index says of the response at `line`.
    fn meta(&self, line: &Line) -> Result<Meta> {
        Entry::read(self.out, &line.record)
            .map(|e| e.meta)
            .ok_or_else(|| {
                anyhow!(
                    "the record `{}` went from the output folder during the build; build again",
                    records::record_file(&line.record)
                )
            })
    }
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
