//! Builds an office's archive site from every response in a folder: `s55 build`.
//!
//! Policy:
//! - **Stable addresses.** Each response lives at `responses/FORCE/DATE-TITLE/`, from its
//!   force, its report's publication date and title. Two responses that would share an address
//!   are told apart by `-2`, `-3` in the order of their file paths, and an address once given
//!   is kept in the manifest, so adding a response never moves another.
//! - **Incremental.** The manifest (`.s55-manifest.json` in the output) records a hash of each
//!   input and of everything else that shapes the output (templates, stylesheet, locale, fonts,
//!   the tool's version). An unchanged response is not even parsed; a removed one has its files
//!   removed; `--force` renders everything again.
//! - **Safe.** Every file is written whole through a temporary file and a rename, and the
//!   manifest last, so a build stopped at any moment leaves every published file complete and
//!   the next build finishes the job. One broken response does not stop the others: its
//!   diagnostics are printed, its previous good version (if any) stays published, and the build
//!   exits 1 at the end. Nothing is written outside the output folder, which may not be the
//!   input folder or contain it.
//! - **Parallel, and the same.** Responses render on every core; the output is byte-identical
//!   to a build on one.

use std::collections::{BTreeMap, BTreeSet};
use std::io::IsTerminal;
use std::path::{Component, Path, PathBuf};

use anyhow::{Context as _, Result, anyhow, bail};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::cli::{BuildArgs, Format};
use crate::diag::Diagnostic;
use crate::load::{self, Loaded};
use crate::render::pdf::write::fnv;
use crate::render::{Assets, FormatLink, PageLinks, Renderer, human_size};
use crate::settings::Settings;
use crate::{fs, plural, report, statute};

/// The manifest's file name, in the output folder.
pub const MANIFEST: &str = ".s55-manifest.json";

/// What the manifest remembers between builds.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Manifest {
    /// The hash of everything besides the inputs that shapes the output.
    assets: String,
    /// Each published response, by its input's path relative to the input folder.
    responses: BTreeMap<String, Entry>,
}

/// One published response.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Entry {
    /// The hash of the input file as rendered.
    input: String,
    /// Its address: `FORCE/DATE-TITLE`.
    slug: String,
    /// The files written for it, relative to the output folder.
    files: Vec<String>,
    /// What the index, the feed and `responses.json` say of it.
    meta: Meta,
}

/// A response as the index, the feed and `responses.json` describe it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Meta {
    /// The address below `responses/`.
    pub slug: String,
    /// The page's address relative to the output folder.
    pub href: String,
    /// The document's title.
    pub title: String,
    /// The force.
    pub force: String,
    /// The force's address below `forces/`.
    pub force_slug: String,
    /// The local policing body's office.
    pub office: String,
    /// The report's title.
    pub report_title: String,
    /// The kind of report, named.
    pub report_kind: String,
    /// The report's web address.
    pub report_url: Option<String>,
    /// The report's publication date (YYYY-MM-DD).
    pub report_published: String,
    /// The same, written out.
    pub report_published_text: String,
    /// The response's date (YYYY-MM-DD), if it has one.
    pub response_date: Option<String>,
    /// The same, written out.
    pub response_date_text: Option<String>,
    /// The last day for publication under section 55(5A) (YYYY-MM-DD).
    pub last_day: String,
    /// Days after the last day the response is dated; `None` when it has no date.
    pub days_late: Option<i64>,
    /// How many recommendations the report made.
    pub recommendations: usize,
    /// How many of them have a response of their own (section 55(5B)).
    pub answered: usize,
    /// The downloads: format, address relative to the output folder, size in bytes.
    pub files: Vec<FileMeta>,
}

/// One file of a response.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct FileMeta {
    /// `html`, `md` or `pdf`.
    pub format: String,
    /// Its address relative to the output folder.
    pub href: String,
    /// Its size in bytes.
    pub bytes: usize,
}

/// A published response: what the index needs, the files written, and warnings to show.
struct Published {
    meta: Meta,
    files: Vec<String>,
    warnings: Vec<Diagnostic>,
}

/// How a build went.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Responses rendered this time.
    pub rendered: usize,
    /// Responses unchanged and kept as they were.
    pub kept: usize,
    /// Responses whose input has gone, and whose files were removed.
    pub removed: usize,
    /// Responses with errors.
    pub failed: usize,
}

/// The formats every response is published in.
const FORMATS: [Format; 3] = [Format::Md, Format::Pdf, Format::Html];

/// Builds the archive. Returns the exit code: 0, or 1 when a response had errors.
pub fn build(args: &BuildArgs) -> Result<u8> {
    let input = absolute(&args.dir)?;
    let out = absolute(&args.out)?;
    if !input.is_dir() {
        bail!(
            "`{}` is not a folder of responses; name the folder that holds the .yaml files",
            args.dir.display()
        );
    }
    if input.starts_with(&out) {
        bail!(
            "`{}` would hold the responses themselves; choose an output folder outside `{}`",
            args.out.display(),
            args.dir.display()
        );
    }
    if let Some(base) = &args.base_url
        && !crate::render::markdown::is_web_address(base)
    {
        bail!(
            "`{base}` is not a web address; give the address the site is served from, starting https://"
        );
    }
    // The office's settings: s55.yaml at the root of the responses folder.
    let mut settings = match Settings::load_or_default(&input) {
        Ok(s) => s,
        Err(broken) => {
            let name = broken.file.display().to_string();
            report(&name, &crate::broken_settings(*broken), false)?;
            return Ok(1);
        }
    };
    if args.tracker {
        settings.tracker = true;
    }
    let assets = Assets::load(args.templates.as_deref())?;
    let renderer = Renderer::new(assets)?;
    let assets_hash = assets_hash(&renderer, &settings);

    fs::create_dir_all(&out)?;
    remove_stale_temporaries(&out);
    let manifest_path = out.join(MANIFEST);
    let old: Manifest = std::fs::read(&manifest_path)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default();
    let fresh_assets = old.assets == assets_hash && !args.force;

    // Every response file below the input folder, in a fixed order.
    let mut inputs = Vec::new();
    response_files(&input, &input, &out, &mut inputs)?;
    inputs.sort();

    // Read and hash each input; an unchanged one with its files in place is kept unparsed.
    // Only the path and hash of a changed one are kept: its bytes are read again when it is
    // parsed and rendered, so memory does not grow with the size of the archive.
    let mut jobs: Vec<(String, PathBuf, String)> = Vec::new();
    let mut next = Manifest {
        assets: assets_hash,
        responses: BTreeMap::new(),
    };
    let mut summary = Summary::default();
    for rel in &inputs {
        let path = input.join(rel);
        let bytes =
            std::fs::read(&path).with_context(|| format!("cannot read `{}`", path.display()))?;
        let hash = hash_hex(&bytes);
        let key = rel_key(rel);
        match old.responses.get(&key) {
            Some(e)
                if fresh_assets
                    && e.input == hash
                    && e.files.iter().all(|f| out.join(f).is_file()) =>
            {
                next.responses.insert(key, e.clone());
                summary.kept += 1;
            }
            _ => jobs.push((key, path, hash)),
        }
    }

    // Parse the changed ones to learn their addresses.
    let quiet = args.quiet;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs.unwrap_or(0))
        .build()
        .map_err(|e| anyhow!("cannot start the workers: {e}"))?;
    let parsed: Vec<(Loaded, Option<String>)> = pool.install(|| {
        jobs.par_iter()
            .map(|(key, path, _)| {
                let mut loaded = load::load_path(path);
                loaded
                    .source
                    .iter_mut()
                    .for_each(|s| s.name = display_name(&args.dir, key));
                crate::check_loaded(&mut loaded, &settings);
                // A bilingual response takes its address from its English edition.
                let english = match (&loaded.response, &loaded.other) {
                    (Some(r), Some(o)) if r.language == crate::model::Language::Cy => Some(o),
                    (r, _) => r.as_ref(),
                };
                let slug = english.map(base_slug);
                // Only the address and the diagnostics are kept (and the text, if there is
                // something to show in it): the response is parsed again when it is rendered,
                // so memory stays flat however many there are.
                loaded.response = None;
                if loaded.diagnostics.is_empty() {
                    loaded.source = None;
                }
                (loaded, slug)
            })
            .collect()
    });

    // Addresses: kept ones first, then the changed ones in path order.
    let mut taken: BTreeSet<String> = next.responses.values().map(|e| e.slug.clone()).collect();
    let mut plan: Vec<(usize, String)> = Vec::new();
    let mut failed_keys = BTreeSet::new();
    for (i, ((key, ..), (loaded, slug))) in jobs.iter().zip(&parsed).enumerate() {
        let Some(base) = slug else {
            failed_keys.insert(key.clone());
            report(&display_name(&args.dir, key), loaded, false)?;
            continue;
        };
        // A response keeps its address while its force, date and title stay the same.
        let previous = old.responses.get(key).map(|e| e.slug.clone());
        let slug = match previous {
            Some(p) if is_address_for(&p, base) && !taken.contains(&p) => p,
            _ => {
                let mut candidate = base.clone();
                let mut n = 2;
                while taken.contains(&candidate) {
                    candidate = format!("{base}-{n}");
                    n += 1;
                }
                candidate
            }
        };
        taken.insert(slug.clone());
        plan.push((i, slug));
    }

    // Render and write, on every core.
    let progress = progress_bar(plan.len(), quiet);
    let results: Vec<Result<Published>> = pool.install(|| {
        plan.par_iter()
            .map(|(i, slug)| {
                let (key, path, _) = &jobs[*i];
                let r = std::fs::read(path)
                    .with_context(|| format!("cannot read `{}`", path.display()))
                    .and_then(|bytes| publish(&renderer, &settings, &out, key, &bytes, slug))
                    .with_context(|| format!("while publishing `{}`", path.display()));
                if let Some(p) = &progress {
                    p.inc(1);
                }
                r
            })
            .collect()
    });
    if let Some(p) = &progress {
        p.finish_and_clear();
    }
    for ((i, _), result) in plan.iter().zip(results) {
        let (key, _, hash) = &jobs[*i];
        let Published {
            meta,
            files,
            warnings,
        } = result?;
        let (loaded, _) = &parsed[*i];
        if !quiet {
            report(&display_name(&args.dir, key), loaded, false)?;
            if !warnings.is_empty() {
                let extra = Loaded {
                    source: None,
                    response: None,
                    other: None,
                    diagnostics: warnings,
                };
                report(&display_name(&args.dir, key), &extra, false)?;
            }
            if !std::io::stderr().is_terminal() {
                anstream::eprintln!("rendered {} -> {}", display_name(&args.dir, key), meta.href);
            }
        }
        next.responses.insert(
            key.clone(),
            Entry {
                input: hash.clone(),
                slug: meta.slug.clone(),
                files,
                meta,
            },
        );
        summary.rendered += 1;
    }

    // A broken response keeps its previous good version, if it had one.
    for key in &failed_keys {
        summary.failed += 1;
        if let Some(e) = old.responses.get(key) {
            next.responses.insert(key.clone(), e.clone());
        }
    }

    // Files no longer needed: removed responses, and old files of responses that moved.
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
                remove_published(&out, f);
            }
        }
    }

    // The site around the responses.
    let metas: Vec<&Meta> = next.responses.values().map(|e| &e.meta).collect();
    let site = site_files(&renderer, &metas, args.base_url.as_deref())?;
    let mut site_names = BTreeSet::new();
    for (name, bytes) in &site {
        write_if_changed(&out.join(name), bytes)?;
        site_names.insert(name.clone());
    }
    // Pages of forces that no longer have a response.
    if let Ok(forces) = std::fs::read_dir(out.join("forces")) {
        for f in forces.flatten() {
            let name = format!("forces/{}/index.html", f.file_name().to_string_lossy());
            if !site_names.contains(&name) {
                remove_published(&out, &name);
            }
        }
    }

    let manifest = serde_json::to_vec_pretty(&next)?;
    fs::write_atomic(&manifest_path, &manifest)?;

    if !quiet || summary.failed > 0 {
        anstream::eprintln!(
            "built {} into {}: {} rendered, {} kept, {} removed{}",
            plural(next.responses.len(), "response"),
            args.out.display(),
            summary.rendered,
            summary.kept,
            summary.removed,
            if summary.failed > 0 {
                format!(", {} with errors", summary.failed)
            } else {
                String::new()
            }
        );
    }
    Ok(if summary.failed > 0 { 1 } else { 0 })
}

fn progress_bar(n: usize, quiet: bool) -> Option<indicatif::ProgressBar> {
    if quiet || n == 0 || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(n as u64);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} responses ({eta} left)")
    {
        bar.set_style(style);
    }
    Some(bar)
}

/// The input's path as the user would write it: the folder given, then the file.
fn display_name(dir: &Path, key: &str) -> String {
    dir.join(key).display().to_string()
}

/// A path relative to the input folder, with `/` whatever the platform.
fn rel_key(rel: &Path) -> String {
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn absolute(p: &Path) -> Result<PathBuf> {
    let abs =
        std::path::absolute(p).with_context(|| format!("cannot resolve `{}`", p.display()))?;
    // Fold `.` and `..` so that comparisons mean what they say.
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    Ok(match out.canonicalize() {
        Ok(c) => c,
        Err(_) => out,
    })
}

/// Collects the response files below `dir`: `.yaml` and `.yml`, not hidden, not the office's
/// settings file `s55.yaml` at the top, and nothing inside the output folder.
pub(crate) fn response_files(
    root: &Path,
    dir: &Path,
    out: &Path,
    found: &mut Vec<PathBuf>,
) -> Result<()> {
    let entries = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read the folder `{}`", dir.display()))?;
    for entry in entries {
        let entry = entry.with_context(|| format!("cannot read the folder `{}`", dir.display()))?;
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let kind = entry.file_type()?;
        if kind.is_dir() {
            if absolute(&path).is_ok_and(|p| p == out) {
                continue;
            }
            response_files(root, &path, out, found)?;
        } else if (name.ends_with(".yaml") || name.ends_with(".yml"))
            && !(dir == root && name == "s55.yaml")
            && let Ok(rel) = path.strip_prefix(root)
        {
            found.push(rel.to_path_buf());
        }
    }
    Ok(())
}

fn hash_hex(bytes: &[u8]) -> String {
    format!("{:016x}{:016x}", fnv(1, bytes), fnv(2, bytes))
}

/// A hash of everything that shapes the output besides the response itself.
fn assets_hash(renderer: &Renderer, settings: &Settings) -> String {
    let assets = renderer.assets();
    let mut all = Vec::new();
    all.extend_from_slice(format!("{settings:?}").as_bytes());
    all.extend_from_slice(env!("CARGO_PKG_VERSION").as_bytes());
    for (name, text) in &assets.templates {
        all.extend_from_slice(name.as_bytes());
        all.extend_from_slice(text.as_bytes());
    }
    all.extend_from_slice(assets.css.as_bytes());
    all.extend_from_slice(
        serde_json::to_string(&assets.en)
            .unwrap_or_default()
            .as_bytes(),
    );
    for face in &renderer.fonts().faces {
        all.extend_from_slice(&face.bytes);
    }
    hash_hex(&all)
}

/// Letters folded to ASCII for addresses: "Gŵyl" is "gwyl".
fn fold(c: char) -> Option<char> {
    const FROM: &str =
        "àáâãäåāăąçćĉċčďđèéêëēĕėęěĝğġģĥħìíîïĩīĭįıĵķĺļľŀłñńņňòóôõöøōŏőŕŗřśŝşšţťŧùúûüũūŭůűųŵýÿŷźżž";
    const TO: &str =
        "aaaaaaaaacccccddeeeeeeeeegggghhiiiiiiiiijklllllnnnnooooooooorrrsssstttuuuuuuuuuuwyyyzzz";
    let c = c.to_lowercase().next().unwrap_or(c);
    if c.is_ascii_alphanumeric() {
        return Some(c);
    }
    FROM.chars()
        .position(|f| f == c)
        .and_then(|i| TO.chars().nth(i))
}

/// An address segment from a text: lowercase ASCII letters and digits joined by hyphens, cut
/// at a word to `max` characters.
pub fn slugify(text: &str, max: usize) -> String {
    let mut out = String::new();
    for c in text.chars() {
        match fold(c) {
            Some(a) => out.push(a),
            None if c == '’' || c == '\'' => {}
            None => {
                if !out.is_empty() && !out.ends_with('-') {
                    out.push('-');
                }
            }
        }
    }
    let mut out = out.trim_end_matches('-').to_owned();
    if out.len() > max {
        let cut = out[..max].rfind('-').unwrap_or(max);
        out.truncate(cut);
    }
    if out.is_empty() {
        "response".to_owned()
    } else {
        out
    }
}

/// The address a response would have before any clash: `FORCE/DATE-TITLE`.
fn base_slug(doc: &crate::model::Response) -> String {
    format!(
        "{}/{}-{}",
        slugify(&doc.force, 40),
        doc.report.published.0,
        slugify(&doc.report.title, 70)
    )
}

/// Whether `slug` is `base`, or `base` told apart from another by `-2`, `-3`...
fn is_address_for(slug: &str, base: &str) -> bool {
    slug == base
        || slug
            .strip_prefix(base)
            .and_then(|rest| rest.strip_prefix('-'))
            .is_some_and(|n| n.parse::<u32>().is_ok_and(|n| n >= 2))
}

/// Renders one response into its folder and returns what the index needs.
fn publish(
    renderer: &Renderer,
    settings: &Settings,
    out: &Path,
    key: &str,
    bytes: &[u8],
    slug: &str,
) -> Result<Published> {
    let text = load::decode(bytes).map_err(|d| anyhow!("{}", d.message))?;
    let loaded = load::load_str(key, text);
    let first = loaded
        .response
        .ok_or_else(|| anyhow!("the response no longer parses"))?;
    let second = loaded.other;
    // The index is in English: a bilingual response is listed by its English edition, with
    // links to both.
    let doc = match &second {
        Some(s) if first.language == crate::model::Language::Cy => s,
        _ => &first,
    };
    let stem = slug.rsplit('/').next().unwrap_or("response").to_owned();
    let dir = format!("responses/{slug}");
    let depth = dir.split('/').count();
    let root = "../".repeat(depth);
    let force_slug = slug.split('/').next().unwrap_or_default().to_owned();
    let locale = renderer.assets().locale(doc.language);
    let page = PageLinks {
        fragment: false,
        formats: Vec::new(),
        css_href: Some(format!("{root}style.css")),
        up: vec![
            FormatLink {
                label: locale.label("archive_home").to_owned(),
                href: format!("{root}index.html"),
                size: None,
            },
            FormatLink {
                label: doc.force.clone(),
                href: format!("{root}forces/{force_slug}/index.html"),
                size: None,
            },
        ],
        alternates: Vec::new(),
    };
    // The loader gives the editions in the order the office chose.
    let rendered = match &second {
        Some(s) => crate::render_bilingual(renderer, &first, s, settings, &stem, &FORMATS, page)?,
        None => crate::render_with(renderer, &first, settings, &stem, &FORMATS, page)?,
    };
    fs::create_dir_all(&out.join(&dir))?;
    let mut files = Vec::new();
    let mut file_meta = Vec::new();
    for (name, content) in &rendered.files {
        // The page is the folder's index, so its address is the folder; the pages of a
        // bilingual response's editions keep their names (`….cy.html`, `….en.html`).
        let name = if *name == format!("{stem}.html") {
            "index.html".to_owned()
        } else {
            name.clone()
        };
        let rel = format!("{dir}/{name}");
        write_if_changed(&out.join(&rel), content)?;
        let format = name
            .strip_prefix(&stem)
            .unwrap_or(&name)
            .trim_start_matches('.')
            .to_owned();
        file_meta.push(FileMeta {
            format: if name == "index.html" {
                "html".to_owned()
            } else {
                format
            },
            href: rel.clone(),
            bytes: content.len(),
        });
        files.push(rel);
    }
    let v = &rendered.view;
    let published = doc.report.published.0;
    let date = doc.date.or(doc.signature.as_ref().and_then(|s| s.date));
    let meta = Meta {
        slug: slug.to_owned(),
        href: format!("{dir}/index.html"),
        title: v.title.clone(),
        force: doc.force.clone(),
        force_slug,
        office: v.office.name.clone(),
        report_title: doc.report.title.clone(),
        report_kind: v.report.kind.clone(),
        report_url: v.report.url.clone(),
        report_published: published.to_string(),
        report_published_text: v.report.published.clone(),
        response_date: date.map(|d| d.0.to_string()),
        response_date_text: v.date.clone(),
        last_day: statute::last_day(published).to_string(),
        days_late: date.map(|d| match statute::timeliness(published, d.0) {
            statute::Timeliness::Late { days } => days,
            statute::Timeliness::OnTime { .. } => 0,
        }),
        recommendations: doc.recommendations.len(),
        answered: doc
            .recommendations
            .iter()
            .filter(|r| r.response.is_some())
            .count(),
        files: file_meta,
    };
    Ok(Published {
        meta,
        files,
        warnings: rendered.warnings,
    })
}

/// Writes a file atomically, unless it already holds exactly these bytes.
fn write_if_changed(path: &Path, bytes: &[u8]) -> Result<()> {
    if std::fs::read(path).is_ok_and(|old| old == bytes) {
        return Ok(());
    }
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    fs::write_atomic(path, bytes)
}

/// Removes a file the manifest says s55 published, and its folders once empty. A path that
/// would leave the output folder is ignored.
fn remove_published(out: &Path, rel: &str) {
    let rel_path = Path::new(rel);
    if rel_path.is_absolute()
        || rel_path
            .components()
            .any(|c| !matches!(c, Component::Normal(_)))
    {
        return;
    }
    let path = out.join(rel_path);
    let _ = std::fs::remove_file(&path);
    let mut dir = path.parent();
    while let Some(d) = dir {
        if d == out || std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

/// Removes temporary files a build stopped midway left behind.
fn remove_stale_temporaries(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Ok(kind) = e.file_type() else { continue };
        if kind.is_dir() {
            remove_stale_temporaries(&e.path());
        } else if name.starts_with('.') && name.contains(".s55-") && name.ends_with(".tmp") {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// One row of an index page.
#[derive(Debug, Clone, Serialize)]
struct Row<'a> {
    meta: &'a Meta,
    href: String,
    status: String,
    late: bool,
    files: Vec<FormatLink>,
}

/// A year's rows.
#[derive(Debug, Clone, Serialize)]
struct Year<'a> {
    year: String,
    rows: Vec<Row<'a>>,
}

/// What the index says of a response's timing: on time, late by N days, or not dated.
fn status(m: &Meta, locale: &crate::render::assets::Locale) -> (String, bool) {
    match m.days_late {
        None => (locale.label("archive_undated").to_owned(), false),
        Some(0) => (locale.label("archive_on_time").to_owned(), false),
        Some(d) => (
            locale
                .label("archive_late")
                .replace("{days}", &d.to_string())
                .replace("{s}", if d == 1 { "" } else { "s" }),
            true,
        ),
    }
}

/// The rows of an index page, grouped by the year the reports were published, in the order
/// given (newest first).
fn years<'a>(
    rows: &[&'a Meta],
    root: &str,
    locale: &crate::render::assets::Locale,
) -> Vec<Year<'a>> {
    let format_name = |f: &str| match f {
        "md" => "Markdown",
        "pdf" => "PDF",
        "cy.html" => "Cymraeg",
        "en.html" => "English",
        _ => "HTML",
    };
    let mut out: Vec<Year> = Vec::new();
    for m in rows {
        let year = m.report_published.get(..4).unwrap_or("").to_owned();
        let (status, late) = status(m, locale);
        let row = Row {
            meta: m,
            href: format!("{root}{}", m.href),
            status,
            late,
            // A bilingual response: the bilingual page and downloads, and each language's page.
            files: m
                .files
                .iter()
                .filter(|f| !matches!(f.format.as_str(), "cy.md" | "cy.pdf" | "en.md" | "en.pdf"))
                .map(|f| FormatLink {
                    label: format_name(&f.format).to_owned(),
                    href: format!("{root}{}", f.href),
                    size: Some(human_size(f.bytes)),
                })
                .collect(),
        };
        match out.last_mut() {
            Some(y) if y.year == year => y.rows.push(row),
            _ => out.push(Year {
                year,
                rows: vec![row],
            }),
        }
    }
    out
}

/// The index, the forces' pages, `responses.json`, the feed, the sitemap and the stylesheet.
fn site_files<'a>(
    renderer: &Renderer,
    metas: &[&'a Meta],
    base_url: Option<&str>,
) -> Result<Vec<(String, Vec<u8>)>> {
    let locale = renderer.assets().locale(crate::model::Language::En);
    let mut sorted: Vec<&Meta> = metas.to_vec();
    sorted.sort_by(|a, b| {
        (b.report_published.as_str(), b.response_date.as_deref())
            .cmp(&(a.report_published.as_str(), a.response_date.as_deref()))
            .then(a.force.cmp(&b.force))
            .then(a.slug.cmp(&b.slug))
    });
    let years = |rows: &[&'a Meta], root: &str| -> Vec<Year<'a>> { years(rows, root, locale) };
    let mut forces: BTreeMap<&str, (&str, Vec<&Meta>)> = BTreeMap::new();
    for m in &sorted {
        forces
            .entry(m.force_slug.as_str())
            .or_insert((m.force.as_str(), Vec::new()))
            .1
            .push(m);
    }
    let force_links: Vec<FormatLink> = forces
        .iter()
        .map(|(slug, (name, list))| FormatLink {
            label: (*name).to_owned(),
            href: format!("forces/{slug}/index.html"),
            size: Some(list.len().to_string()),
        })
        .collect();

    let mut files = Vec::new();
    let mut ctx = tera::Context::new();
    ctx.insert("t", &locale.labels);
    ctx.insert("lang", "en-GB");
    ctx.insert("years", &years(&sorted, ""));
    ctx.insert("forces", &force_links);
    ctx.insert("root", "");
    ctx.insert("force", &None::<String>);
    ctx.insert("count", &sorted.len());
    ctx.insert("feed", "feed.xml");
    files.push((
        "index.html".to_owned(),
        renderer.site("index.html", &ctx)?.into_bytes(),
    ));
    for (slug, (name, list)) in &forces {
        let mut ctx = ctx.clone();
        ctx.insert("years", &years(list, "../../"));
        ctx.insert("root", "../../");
        ctx.insert("force", name);
        ctx.insert("count", &list.len());
        ctx.insert("feed", "../../feed.xml");
        files.push((
            format!("forces/{slug}/index.html"),
            renderer.site("index.html", &ctx)?.into_bytes(),
        ));
    }

    // For other systems: everything the index knows, and the statutory status.
    let json: Vec<serde_json::Value> = sorted
        .iter()
        .map(|m| {
            serde_json::json!({
                "address": m.href,
                "title": m.title,
                "force": m.force,
                "office": m.office,
                "report": {
                    "title": m.report_title,
                    "kind": m.report_kind,
                    "published": m.report_published,
                    "url": m.report_url,
                },
                "response_date": m.response_date,
                "last_day": m.last_day,
                "on_time": m.days_late.map(|d| d == 0),
                "days_late": m.days_late,
                "recommendations": { "total": m.recommendations, "answered": m.answered },
                "files": m.files,
            })
        })
        .collect();
    let mut json_bytes = serde_json::to_vec_pretty(&serde_json::json!({
        "generator": format!("s55 {}", env!("CARGO_PKG_VERSION")),
        "responses": json,
    }))?;
    json_bytes.push(b'\n');
    files.push(("responses.json".to_owned(), json_bytes));

    // The feed, newest first; absolute links only with a base address.
    let base = base_url.map(|b| format!("{}/", b.trim_end_matches('/')));
    let updated = sorted
        .iter()
        .map(|m| {
            m.response_date
                .clone()
                .unwrap_or_else(|| m.report_published.clone())
        })
        .max()
        .unwrap_or_else(|| "1970-01-01".to_owned());
    let mut feed_ctx = tera::Context::new();
    feed_ctx.insert("t", &locale.labels);
    feed_ctx.insert("base", &base);
    feed_ctx.insert("updated", &format!("{updated}T00:00:00Z"));
    let entries: Vec<serde_json::Value> = sorted
        .iter()
        .map(|m| {
            serde_json::json!({
                "title": m.title,
                "href": format!("{}{}", base.as_deref().unwrap_or(""), m.href.trim_end_matches("index.html")),
                "id": match &base {
                    Some(b) => format!("{b}{}", m.href.trim_end_matches("index.html")),
                    None => format!("urn:s55:{}", m.slug.replace('/', ":")),
                },
                "updated": format!("{}T00:00:00Z", m.response_date.clone().unwrap_or_else(|| m.report_published.clone())),
                "summary": format!("{} – {}", m.force, m.report_title),
                "author": m.office,
            })
        })
        .collect();
    feed_ctx.insert("entries", &entries);
    files.push((
        "feed.xml".to_owned(),
        renderer.site("feed.xml", &feed_ctx)?.into_bytes(),
    ));

    if let Some(b) = &base {
        let mut urls = vec![format!("{b}")];
        urls.extend(forces.keys().map(|s| format!("{b}forces/{s}/")));
        urls.extend(
            sorted
                .iter()
                .map(|m| format!("{b}{}", m.href.trim_end_matches("index.html"))),
        );
        let mut ctx = tera::Context::new();
        ctx.insert("urls", &urls);
        files.push((
            "sitemap.xml".to_owned(),
            renderer.site("sitemap.xml", &ctx)?.into_bytes(),
        ));
    }
    files.push((
        "style.css".to_owned(),
        renderer.assets().css.clone().into_bytes(),
    ));
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_ascii_and_readable() {
        assert_eq!(
            slugify(
                "Warwickshire Police- National child protection inspection",
                70
            ),
            "warwickshire-police-national-child-protection-inspection"
        );
        assert_eq!(
            slugify("Heddlu Dyfed-Powys – Gŵyl a Thŷ", 70),
            "heddlu-dyfed-powys-gwyl-a-thy"
        );
        assert_eq!(slugify("PCC’s response", 70), "pccs-response");
        assert_eq!(slugify("!!!", 70), "response");
        assert_eq!(slugify("a very long title indeed", 12), "a-very-long");
    }

    #[test]
    fn every_folded_letter_has_its_ascii_letter() {
        for c in "àŵŷÿøłđ".chars() {
            assert!(fold(c).is_some_and(|a| a.is_ascii_lowercase()), "{c}");
        }
        assert_eq!(fold('ŵ'), Some('w'));
        assert_eq!(fold('ž'), Some('z'));
    }

    #[test]
    fn an_address_told_apart_is_still_the_same_response() {
        let base = "x/2025-03-01-peel-2025";
        assert!(is_address_for(base, base));
        assert!(is_address_for("x/2025-03-01-peel-2025-2", base));
        assert!(!is_address_for("x/2025-03-01-peel-2025-1", base));
        assert!(!is_address_for("x/2025-03-01-peel", base));
    }
}
