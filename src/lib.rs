//! s55 turns a YAML file describing a section 55 response (the local policing body's comments
//! on an HMICFRS inspection report) into the statutory letter as Markdown and an accessible
//! HTML page, and checks it against the Police Act 1996.
//!
//! The pipeline has one phase per module: [`load`] reads a file into the [`model`] and turns
//! YAML problems into [`diag`]nostics with line, column and field path; [`validate`] collects
//! every problem in the response, including the duties of section 55 from [`statute`];
//! [`render::view`] turns the response into what templates see (dates written out, deadline
//! computed, numbering resolved, the office's Markdown made safe); Tera templates write the
//! letter's Markdown, and the HTML page is made from that Markdown, so every format says the
//! same thing. Renderers return text; only the commands here write files, atomically, via
//! [`fs`].

pub mod archive;
pub mod cli;
pub mod diag;
pub mod fs;
pub mod harness;
pub mod import;
pub mod load;
pub mod model;
pub mod render;
pub mod serve;
pub mod settings;
pub mod status;
pub mod statute;
pub mod synth;
pub mod timescale;
pub mod validate;

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, Result, anyhow};

pub use cli::Cli;
use cli::{CheckArgs, Command, Format, NewArgs, RenderArgs};
use diag::{Diagnostic, Severity};
use load::{Loaded, Locator};
use render::{Assets, FormatLink, PageLinks, Renderer};

/// Exit code: done.
pub const EXIT_OK: u8 = 0;
/// Exit code: a response has problems.
pub const EXIT_INPUT: u8 = 1;
/// Exit code: s55 could not do its work.
pub const EXIT_FAILURE: u8 = 2;

/// Runs a command and says how it ended.
pub fn run(cli: Cli) -> ExitCode {
    let result = match cli.command {
        Command::Check(args) => check(&args),
        Command::Render(args) => render(&args),
        Command::Build(args) => archive::build(&args),
        Command::Status(args) => status::status(&args),
        Command::Serve(args) => serve::serve(&args),
        Command::Import(cli::ImportCommand::Recs(args)) => import_recs(&args),
        Command::Import(cli::ImportCommand::Response(args)) => import_response(&args),
        Command::New(args) => new(&args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            if is_broken_pipe(&e) {
                return ExitCode::from(EXIT_OK);
            }
            anstream::eprintln!(
                "{}error:{} {e:#}",
                anstyle::AnsiColor::Red.on_default().bold().render(),
                anstyle::Reset.render()
            );
            ExitCode::from(EXIT_FAILURE)
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// A response that has been loaded and checked.
#[derive(Debug)]
pub struct Checked {
    /// What loading found, with validation's findings added.
    pub loaded: Loaded,
    /// The office's settings it was checked against.
    pub settings: settings::Settings,
}

impl Checked {
    /// Whether any problem is an error.
    pub fn has_errors(&self) -> bool {
        self.loaded.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Loads and validates one file against the settings of its folder (`s55.yaml` there or
/// above), with every diagnostic placed in the source.
pub fn check_file(path: &Path) -> Checked {
    match settings::Settings::for_file(path) {
        Ok(found) => {
            let mut loaded = load::load_path(path);
            check_loaded(&mut loaded, &found.settings);
            Checked {
                loaded,
                settings: found.settings,
            }
        }
        Err(broken) => Checked {
            loaded: broken_settings(*broken),
            settings: settings::Settings::default(),
        },
    }
}

/// A response that cannot be checked because its office's settings are broken: the problem is
/// reported against the settings file.
pub(crate) fn broken_settings(broken: settings::Broken) -> Loaded {
    Loaded {
        source: broken.text.map(|text| load::Source {
            name: broken.file.display().to_string(),
            text,
        }),
        response: None,
        other: None,
        diagnostics: vec![broken.diagnostic],
    }
}

/// Validates what was loaded and places every diagnostic in the source.
///
/// Used by every command, so that `check`, `render` and `build` report the same problems.
pub fn check_loaded(loaded: &mut Loaded, settings: &settings::Settings) {
    if let (Some(doc), Some(source)) = (&loaded.response, &loaded.source) {
        let mut found = validate::validate(doc, settings);
        // A bilingual response's other edition: its own problems, each said once.
        if let Some(other) = &loaded.other {
            for d in validate::validate(other, settings) {
                if !found
                    .iter()
                    .any(|f| f.message == d.message && f.path == d.path)
                {
                    found.push(d);
                }
            }
        }
        found.extend(validate::placeholders(&source.text));
        if found.iter().any(Diagnostic::is_error) {
            loaded.response = None;
            loaded.other = None;
        }
        loaded.diagnostics.extend(found);
    }
    if let Some(source) = &loaded.source
        && loaded
            .diagnostics
            .iter()
            .any(|d| d.position.is_none() && d.path.is_some())
    {
        let locator = Locator::new(&source.text);
        for d in &mut loaded.diagnostics {
            if d.position.is_none()
                && let Some(p) = &d.path
            {
                d.position = locator.position(p);
                if let (Some(start), Some(words)) = (d.position, &d.near) {
                    d.position = load::find_after(&source.text, start, words).or(d.position);
                }
            }
        }
    }
    // In the order of the file; problems with no place in it last.
    loaded
        .diagnostics
        .sort_by_key(|d| d.position.map_or((usize::MAX, 0), |p| (p.line, p.column)));
}

/// Prints a file's diagnostics to standard error, with colour only on a terminal (and never
/// with NO_COLOR set). Notes are printed only when `verbose`.
pub(crate) fn report(file: &str, loaded: &Loaded, verbose: bool) -> Result<()> {
    let source = loaded.source.as_ref().map(|s| s.text.as_str());
    let name = loaded.source.as_ref().map_or(file, |s| s.name.as_str());
    let mut err = anstream::stderr().lock();
    for d in &loaded.diagnostics {
        if d.severity == Severity::Note && !verbose {
            continue;
        }
        write!(err, "{}", d.render(name, source, true))?;
        writeln!(err)?;
    }
    Ok(())
}

pub(crate) fn count(diags: &[Diagnostic], severity: Severity) -> usize {
    diags.iter().filter(|d| d.severity == severity).count()
}

pub(crate) fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn check(args: &CheckArgs) -> Result<u8> {
    let (mut errors, mut warnings) = (0, 0);
    for path in &args.files {
        let checked = check_file(path);
        report(&path.display().to_string(), &checked.loaded, args.verbose)?;
        errors += count(&checked.loaded.diagnostics, Severity::Error);
        warnings += count(&checked.loaded.diagnostics, Severity::Warning);
    }
    anstream::eprintln!(
        "checked {}: {}, {}",
        plural(args.files.len(), "file"),
        plural(errors, "error"),
        plural(warnings, "warning")
    );
    Ok(if errors > 0 || (args.deny_warnings && warnings > 0) {
        EXIT_INPUT
    } else {
        EXIT_OK
    })
}

/// The files one response renders to, in memory until all of them are ready.
pub struct Rendered {
    /// (file name, contents) for each format asked for.
    pub files: Vec<(String, Vec<u8>)>,
    /// What rendering found that the office should know (characters the PDF's fonts lack).
    pub warnings: Vec<Diagnostic>,
    /// What the templates saw.
    pub view: render::View,
}

/// Renders a checked response in the given formats. Pure: writes nothing. The HTML page
/// links to the other formats (with their sizes) unless it is a fragment.
pub fn render_response(
    renderer: &Renderer,
    doc: &model::Response,
    settings: &settings::Settings,
    stem: &str,
    formats: &[Format],
    fragment: bool,
) -> Result<Rendered> {
    let page = PageLinks {
        fragment,
        ..PageLinks::default()
    };
    render_with(renderer, doc, settings, stem, formats, page)
}

/// Renders a checked response, with the HTML page placed as `page` says (its links to the
/// other formats are filled in here).
pub fn render_with(
    renderer: &Renderer,
    doc: &model::Response,
    settings: &settings::Settings,
    stem: &str,
    formats: &[Format],
    page: PageLinks,
) -> Result<Rendered> {
    let locale = renderer.assets().locale(doc.language);
    let view = render::view::build(doc, locale, settings);
    let markdown = renderer.markdown(&view)?;
    render_view(renderer, view, markdown, stem, formats, page)
}

/// Renders a bilingual response: the bilingual document (`STEM.*`, the first language first)
/// and one document per language (`STEM.cy.*`, `STEM.en.*`) that link to each other.
pub fn render_bilingual(
    renderer: &Renderer,
    first: &model::Response,
    second: &model::Response,
    settings: &settings::Settings,
    stem: &str,
    formats: &[Format],
    base: PageLinks,
) -> Result<Rendered> {
    let editions = [first, second];
    let views: Vec<render::View> = editions
        .iter()
        .map(|d| render::view::build(d, renderer.assets().locale(d.language), settings))
        .collect();
    let mut files = Vec::new();
    let mut warnings = Vec::new();
    for (i, (doc, view)) in editions.iter().zip(&views).enumerate() {
        let other = editions[1 - i];
        let page = PageLinks {
            alternates: vec![render::Alternate {
                href: format!("{stem}.{}.html", other.language.code()),
                hreflang: other.language.tag().to_owned(),
                label: view.t.get("other_language").cloned().unwrap_or_default(),
            }],
            ..base.clone()
        };
        let markdown = renderer.markdown(view)?;
        let stem = format!("{stem}.{}", doc.language.code());
        let one = render_view(renderer, view.clone(), markdown, &stem, formats, page)?;
        files.extend(one.files);
        warnings.extend(one.warnings);
    }
    let markdown = render::bilingual_markdown(renderer, &views[0], &views[1])?;
    let mut view = views[0].clone();
    view.title = format!("{} / {}", views[0].title, views[1].title);
    let page = PageLinks {
        alternates: views
            .iter()
            .zip(editions)
            .map(|(v, d)| render::Alternate {
                href: format!("{stem}.{}.html", d.language.code()),
                hreflang: d.language.tag().to_owned(),
                label: v.t.get("language_name").cloned().unwrap_or_default(),
            })
            .collect(),
        ..base
    };
    let both = render_view(renderer, view, markdown, stem, formats, page)?;
    let mut all = both.files;
    all.extend(files);
    warnings.extend(both.warnings);
    Ok(Rendered {
        files: all,
        warnings,
        view: both.view,
    })
}

/// Renders a view and its Markdown in the given formats.
fn render_view(
    renderer: &Renderer,
    view: render::View,
    markdown: String,
    stem: &str,
    formats: &[Format],
    mut page: PageLinks,
) -> Result<Rendered> {
    let mut warnings = Vec::new();
    let pdf = if formats.contains(&Format::Pdf) {
        let pdf = renderer.pdf(&view, &markdown)?;
        if !pdf.missing.is_empty() {
            let chars: Vec<String> = pdf
                .missing
                .iter()
                .map(|c| format!("`{c}` (U+{:04X})", u32::from(*c)))
                .collect();
            warnings.push(
                Diagnostic::warning(format!(
                    "the PDF's fonts have no letter for {}: it shows as a box",
                    chars.join(", ")
                ))
                .hint("use another character, or give fonts that have it in `fonts/` of the templates folder"),
            );
        }
        Some(pdf.bytes)
    } else {
        None
    };
    if !page.fragment {
        page.formats = formats
            .iter()
            .filter(|f| **f != Format::Html)
            .map(|f| FormatLink {
                label: format_label(*f).to_owned(),
                href: format!("{stem}.{}", f.extension()),
                size: match f {
                    Format::Md => Some(markdown.len()),
                    _ => pdf.as_ref().map(Vec::len),
                }
                .map(render::human_size),
            })
            .collect();
    }
    let html = if formats.contains(&Format::Html) {
        Some(renderer.html(&view, &markdown, &page)?.into_bytes())
    } else {
        None
    };
    let (mut markdown, mut pdf, mut html) = (Some(markdown.into_bytes()), pdf, html);
    let mut files = Vec::new();
    for f in formats {
        let bytes = match f {
            Format::Md => markdown.take(),
            Format::Pdf => pdf.take(),
            Format::Html => html.take(),
        };
        files.push((
            format!("{stem}.{}", f.extension()),
            bytes.unwrap_or_default(),
        ));
    }
    Ok(Rendered {
        files,
        warnings,
        view,
    })
}

fn format_label(f: Format) -> &'static str {
    match f {
        Format::Md => "Markdown",
        Format::Html => "HTML",
        Format::Pdf => "PDF",
    }
}

/// The file stem an input renders to: its name without `.yaml`.
fn stem_of(path: &Path) -> Result<String> {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .filter(|s| !s.is_empty() && !s.starts_with('.'))
        .ok_or_else(|| {
            anyhow!(
                "`{}` has no file name to name its output after",
                path.display()
            )
        })
}

fn render(args: &RenderArgs) -> Result<u8> {
    let mut formats: Vec<Format> = Vec::new();
    for f in &args.format {
        if !formats.contains(f) {
            formats.push(*f);
        }
    }
    let renderer = Renderer::new(Assets::load(args.templates.as_deref())?)?;

    // Two inputs with the same name would overwrite each other's output.
    let mut stems: HashMap<String, &PathBuf> = HashMap::new();
    for path in &args.files {
        let stem = stem_of(path)?;
        if let Some(other) = stems.insert(stem.clone(), path) {
            return Err(anyhow!(
                "`{}` and `{}` would both be written as `{stem}.*`; render them into different folders",
                other.display(),
                path.display()
            ));
        }
    }

    let mut status = EXIT_OK;
    let mut written = 0;
    let mut ready: Vec<(PathBuf, Rendered)> = Vec::new();
    for path in &args.files {
        let checked = check_file(path);
        report(&path.display().to_string(), &checked.loaded, false)?;
        let Some(doc) = &checked.loaded.response else {
            status = EXIT_INPUT;
            continue;
        };
        let mut settings = checked.settings.clone();
        settings.tracker |= args.tracker;
        let rendered = match &checked.loaded.other {
            Some(second) => render_bilingual(
                &renderer,
                doc,
                second,
                &settings,
                &stem_of(path)?,
                &formats,
                PageLinks {
                    fragment: args.fragment,
                    ..PageLinks::default()
                },
            ),
            None => render_response(
                &renderer,
                doc,
                &settings,
                &stem_of(path)?,
                &formats,
                args.fragment,
            ),
        }
        .with_context(|| format!("while rendering `{}`", path.display()))?;
        if !rendered.warnings.is_empty() {
            let loaded = Loaded {
                source: None,
                response: None,
                other: None,
                diagnostics: rendered.warnings.clone(),
            };
            report(&path.display().to_string(), &loaded, false)?;
        }
        ready.push((path.clone(), rendered));
    }
    if !ready.is_empty() {
        fs::create_dir_all(&args.out)?;
    }
    for (path, rendered) in ready {
        for (name, bytes) in &rendered.files {
            let target = args.out.join(name);
            fs::write_atomic(&target, bytes)?;
            written += 1;
            if !args.quiet {
                anstream::eprintln!("wrote {} (from {})", target.display(), path.display());
            }
        }
    }
    if !args.quiet || status != EXIT_OK {
        anstream::eprintln!(
            "rendered {} of {} into {}",
            plural(written, "file"),
            plural(args.files.len(), "response"),
            args.out.display()
        );
    }
    Ok(status)
}

/// Reads pasted text from a file, or standard input for `-` or nothing.
fn read_input(file: Option<&Path>) -> Result<String> {
    use std::io::Read;
    match file {
        Some(p) if p != Path::new("-") => {
            let bytes =
                std::fs::read(p).with_context(|| format!("cannot read `{}`", p.display()))?;
            Ok(String::from_utf8_lossy(&bytes).into_owned())
        }
        _ => {
            let mut text = String::new();
            std::io::stdin()
                .read_to_string(&mut text)
                .context("cannot read standard input")?;
            Ok(text)
        }
    }
}

/// The name an import's warnings give their input.
fn input_name(file: Option<&Path>) -> String {
    match file {
        Some(p) if p != Path::new("-") => p.display().to_string(),
        _ => "<standard input>".to_owned(),
    }
}

/// Runs an import: reads its input, prints the warnings against the input's name and the YAML
/// (when there is any) to standard output.
fn import_with(
    file: Option<&Path>,
    convert: impl FnOnce(&str) -> (String, Vec<String>),
) -> Result<u8> {
    let text = read_input(file)?;
    let name = input_name(file);
    let (yaml, warnings) = convert(&text);
    for w in warnings {
        anstream::eprintln!(
            "{}",
            Diagnostic::warning(w).render(&name, None, true).trim_end()
        );
    }
    if yaml.is_empty() {
        // Nothing to paste: an empty list would only hide the problem.
        return Ok(EXIT_INPUT);
    }
    let mut out = std::io::stdout().lock();
    out.write_all(yaml.as_bytes())
        .and_then(|()| out.flush())
        .context("cannot write to standard output")?;
    Ok(EXIT_OK)
}

fn import_recs(args: &cli::ImportRecsArgs) -> Result<u8> {
    let key = if args.areas {
        "areas_for_improvement"
    } else {
        "recommendations"
    };
    import_with(args.file.as_deref(), |text| {
        let (entries, warnings) = import::recommendations(text);
        let yaml = if entries.is_empty() {
            String::new()
        } else {
            import::yaml(key, &entries)
        };
        (yaml, warnings)
    })
}

fn import_response(args: &cli::ImportResponseArgs) -> Result<u8> {
    import_with(args.file.as_deref(), |text| {
        let draft = import::response(text);
        (draft.yaml, draft.warnings)
    })
}

fn new(args: &NewArgs) -> Result<u8> {
    let renderer = Renderer::new(Assets::builtin()?)?;
    let mut ctx = tera::Context::new();
    let q = |v: &Option<String>, todo: &str| match v {
        Some(s) => import::yaml_quote(s),
        None => import::yaml_quote(&format!("TODO: {todo}")),
    };
    ctx.insert("form", &args.form);
    ctx.insert("body_kind", &args.body);
    ctx.insert("area", &q(&args.area, "the police area"));
    ctx.insert("force", &q(&args.force, "the force's name"));
    ctx.insert("report", &q(&args.report, "the report's title"));
    ctx.insert("report_kind", &args.report_kind);
    // Without a publication date the scaffold says so, rather than guess from the clock.
    match args.published {
        Some(p) => {
            let last = statute::last_day(p).to_string();
            ctx.insert("published", &p.to_string());
            ctx.insert("date", &last);
            ctx.insert("last_day", &last);
        }
        None => {
            ctx.insert("published", &import::yaml_quote("TODO: YYYY-MM-DD"));
            ctx.insert("date", &import::yaml_quote("TODO: YYYY-MM-DD"));
            ctx.insert("last_day", "publication + 55 days");
        }
    }
    let text = renderer.scaffold(&ctx)?;
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .context("cannot write to standard output")?;
    Ok(EXIT_OK)
}
