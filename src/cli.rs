//! The command line: every subcommand and flag, with help text and examples.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::model::{BodyKind, Form, ReportKind};

const EXIT_CODES: &str = "\
Exit codes:
  0  done; warnings may have been printed
  1  a response has problems (errors were printed); nothing was written for it
  2  s55 could not do its work: a usage mistake, a file it could not write, a broken template";

/// The version `--version` prints: the release and the commit it was built from, so a report
/// of a problem says exactly which program made the page ("unknown" outside a git clone).
pub const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), " (", env!("S55_COMMIT"), ")");

/// Section 55 responses to HMICFRS inspection reports: the statutory letter as Markdown and
/// HTML, checked against the Police Act 1996.
#[derive(Debug, Parser)]
#[command(name = "s55", version = VERSION, about, after_help = EXIT_CODES)]
pub struct Cli {
    /// When to colour the output: `auto` colours a terminal unless NO_COLOR is set.
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto, value_name = "WHEN")]
    pub color: ColorWhen,
    /// Print nothing but problems (and what a command is asked to print, such as YAML).
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// When to colour the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorWhen {
    /// On a terminal, unless NO_COLOR is set.
    Auto,
    /// Always, even into a file or a pipe.
    Always,
    /// Never.
    Never,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check responses for mistakes and for the duties of section 55.
    #[command(after_help = "\
Examples:
  s55 check                                 (every response in responses/ and below)
  s55 check responses/warwickshire-child-protection-2022.yaml
  s55 check responses --deny-warnings

Every problem in every file is reported in one run, each with the file, line and column, the
field (such as recommendations[4].items[1].text) and what to do.")]
    Check(CheckArgs),

    /// Render responses as Markdown, HTML and PDF.
    #[command(after_help = "\
Examples:
  s55 render responses --out public       (every response in the folder and below)
  s55 render response.yaml --format md
  s55 render response.yaml --format html --fragment --out cms
  s55 render response.yaml --templates office-templates

Each input FILE.yaml gives FILE.md, FILE.html and FILE.pdf in the output folder; the responses
of a folder keep their sub-folders there. A response with errors is not rendered (its old output
stays as it was); the others are.")]
    Render(RenderArgs),

    /// Publish a folder of responses as a website: every response in every format, an index,
    /// a page per force, responses.json, an Atom feed and (with --base-url) a sitemap.
    #[command(after_help = "\
Examples:
  s55 build
  s55 build responses --out public --base-url https://www.example-pcc.org.uk/responses
  s55 build --force --quiet

Only responses that changed since the last build are rendered again; --force renders them
all. A response with errors is reported and left as it was last published; the others are
published, and the build exits 1.")]
    Build(BuildArgs),

    /// Show every response against the duties of section 55: deadlines, responses to
    /// recommendations, overdue recommendations, copies.
    #[command(after_help = "\
Examples:
  s55 status
  s55 status responses --today 2026-03-01
  s55 status --json > status.json
  s55 status --csv > status.csv
  s55 status --strict            (exit 1 when any response breaks a duty)
  s55 status --html public/status.html")]
    Status(StatusArgs),

    /// Write the covering e-mails section 55(6) asks for, to HMICFRS and the Home
    /// Secretary, as .eml files with the PDF attached.
    #[command(after_help = "\
Examples:
  s55 copies responses/2026-03-peel.yaml --out outbox

The addresses come from `copies:` in s55.yaml (from, hmicfrs, home_secretary, and site for
the page's address). Once `s55 publish wordpress` has published the response, the e-mails
name its page on the office's WordPress site instead.")]
    Copies(CopiesArgs),

    /// Write data from every response: `findings`, one row a recommendation with its
    /// current status and progress.
    #[command(subcommand)]
    Export(ExportCommand),

    /// Turn text pasted from an inspection report into a response's YAML.
    #[command(subcommand)]
    Import(ImportCommand),

    /// Publish the final responses on the office's own website.
    #[command(subcommand)]
    Publish(PublishCommand),

    /// Preview a response while you write it: the letter, its problems, reloaded on every save.
    #[command(after_help = "\
Examples:
  s55 serve responses/new-response.yaml
  s55 serve responses/new-response.yaml --port 8055
  s55 serve responses            (every response in the folder, listed with its problems)
  s55 serve --open               (and open it in the browser)

Open the address it prints in a browser. It listens on 127.0.0.1 only and writes nothing.
Ctrl-C stops it.")]
    Serve(ServeArgs),

    /// Print a new response to fill in, with every statutory section.
    #[command(after_help = "\
Examples:
  s55 new > responses/new-response.yaml
  s55 new --force-name \"Gwent Police\" --area Gwent --report \"PEEL 2025\" --report-kind peel \\
      --published 2026-03-12 > responses/gwent-peel-2026.yaml")]
    New(NewArgs),

    /// Make a new office's folder: responses/ with a commented s55.yaml and an example
    /// response, a templates/ folder for the office's own look, and a README.
    #[command(after_help = "\
Examples:
  s55 init pcc-responses
  s55 init pcc-responses --body pcc --area Westmere --commissioner \"Alex Jones\" \
      --chief-officer \"Sam Patel\" --force-name \"Westmere Police\"
  s55 init                       (in the current folder)

Nothing is overwritten unless --overwrite is given: when any of the files exists already,
nothing is written and the exit code is 1. On a terminal, s55 asks for the office's details
the flags leave out.")]
    Init(InitArgs),

    /// Print the completion script for a shell.
    #[command(after_help = "\
Examples:
  s55 completions bash > ~/.local/share/bash-completion/completions/s55
  s55 completions zsh > ~/.zfunc/_s55           (with fpath+=~/.zfunc in ~/.zshrc)
  s55 completions fish > ~/.config/fish/completions/s55.fish
  s55 completions powershell >> $PROFILE")]
    Completions(CompletionsArgs),

    /// Print the manual page (roff), or write one page per command into a folder.
    #[command(after_help = "\
Examples:
  s55 man | man -l -
  s55 man --out ~/.local/share/man/man1")]
    Man(ManArgs),
}

/// Arguments of `s55 init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to make; created if missing.
    #[arg(default_value = ".", value_name = "DIR")]
    pub dir: PathBuf,
    /// The office's details, written into `responses/s55.yaml` for every response to inherit
    /// (asked for on a terminal when not given).
    #[command(flatten)]
    pub office: OfficeArgs,
    /// The office's e-mail address that the copies of section 55(6) are sent from.
    #[arg(long, value_name = "EMAIL")]
    pub copies_from: Option<String>,
    /// Replace the files `s55 init` writes when they are there already (the office's own
    /// files beside them are left alone).
    #[arg(long)]
    pub overwrite: bool,
}

/// The office's details, as `s55 init` writes them into s55.yaml and `s55 new` into a
/// response: the same flag names for the same things.
#[derive(Debug, Args, Default, Clone)]
pub struct OfficeArgs {
    /// The kind of local policing body: pcc, pfcc, mopac or mayor.
    #[arg(long, value_parser = model_value::<BodyKind>(BodyKind::ALL.map(BodyKind::key)))]
    pub body: Option<BodyKind>,
    /// The police area, for example "Warwickshire".
    #[arg(long, value_name = "NAME")]
    pub area: Option<String>,
    /// The commissioner's name, as it is signed.
    #[arg(long, value_name = "NAME")]
    pub commissioner: Option<String>,
    /// The chief officer's name, for example the chief constable's.
    #[arg(long, value_name = "NAME")]
    pub chief_officer: Option<String>,
    /// The police force, for example "Warwickshire Police".
    #[arg(long, value_name = "NAME")]
    pub force_name: Option<String>,
    /// The office's website (https://…).
    #[arg(long, value_name = "URL")]
    pub website: Option<String>,
}

/// Arguments of `s55 completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Arguments of `s55 man`.
#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write s55.1 and one page per command (s55-check.1, ...) into this folder, rather than
    /// printing the main page.
    #[arg(long, short, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// Arguments of `s55 check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Response files (YAML), or folders: every .yaml and .yml file below one is checked.
    #[arg(default_value = "responses", value_name = "FILE|DIR")]
    pub files: Vec<PathBuf>,
    /// Treat warnings as errors: exit 1 when any is found.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Also print notes: each recommendation's timescale and due date, and where it was read.
    #[arg(long, short)]
    pub verbose: bool,
}

/// The names of the formats in the registry, for `--format`: adding a format to the registry
/// adds it here.
/// A value of one of the model's enums, by the name response files use for it: the model
/// stays free of the command line, and help lists the same names a file takes.
fn model_value<T>(
    names: impl IntoIterator<Item = &'static str>,
) -> impl clap::builder::TypedValueParser<Value = T>
where
    T: serde::de::DeserializeOwned + Clone + Send + Sync + 'static,
{
    use clap::builder::TypedValueParser as _;
    clap::builder::PossibleValuesParser::new(names)
        .try_map(|s: String| serde_yaml::from_str::<T>(&s).map_err(|e| e.to_string()))
}

fn format_parser() -> clap::builder::PossibleValuesParser {
    clap::builder::PossibleValuesParser::new(
        crate::render::format::REGISTRY
            .iter()
            .map(|f| clap::builder::PossibleValue::new(f.name()).help(f.about())),
    )
}

/// Arguments of `s55 render`.
#[derive(Debug, Args)]
pub struct RenderArgs {
    /// Response files (YAML), or folders: every .yaml and .yml file below one is rendered.
    #[arg(required = true, value_name = "FILE|DIR")]
    pub files: Vec<PathBuf>,
    /// Formats to write, separated by commas.
    #[arg(long, value_delimiter = ',', default_value = "md,html,pdf", value_parser = format_parser())]
    pub format: Vec<String>,
    /// The folder to write into; created if missing. Nothing is written outside it.
    #[arg(long, short, default_value = ".", value_name = "DIR")]
    pub out: PathBuf,
    /// A folder of the office's own templates, stylesheet and locale; any file missing from it
    /// falls back to the built-in one.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Write the HTML as an <article> to paste into a CMS page, not a whole page.
    #[arg(long)]
    pub fragment: bool,
    /// With --fragment, leave out the document's title (the h1): the CMS page has its own.
    #[arg(long, requires = "fragment")]
    pub no_title: bool,
    /// Add the tracker table (each recommendation's timescale, due date, status, owner and
    /// response) as an appendix.
    #[arg(long)]
    pub tracker: bool,
    /// Write a Word form for another office to fill in, as `NAME.OFFICE.docx` (with `--format
    /// docx`): `chief-officer` asks for the chief officer's comments and each finding's force
    /// response, status and owner; `commissioner` for the body's comments and responses. Read
    /// it back with `s55 import docx`.
    #[arg(long, value_name = "OFFICE", value_parser = ["chief-officer", "commissioner"])]
    pub form: Option<String>,
}

/// Arguments of `s55 build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The folder of responses; sub-folders (one per force, say) are read too.
    #[arg(default_value = "responses", value_name = "DIR")]
    pub dir: PathBuf,
    /// The folder to publish into; created if missing. Nothing is written outside it.
    #[arg(long, short, default_value = "public", value_name = "DIR")]
    pub out: PathBuf,
    /// The address the site is served from, for the sitemap and absolute feed links.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// A folder of the office's own templates, stylesheet, locale and fonts.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Render every response again, changed or not.
    #[arg(long)]
    pub force: bool,
    /// How many responses to render at once; by default one per core.
    #[arg(long, value_name = "N")]
    pub jobs: Option<usize>,
    /// Add the tracker table to every response, as an appendix.
    #[arg(long)]
    pub tracker: bool,
    /// Read response files that are links to files outside the folder (by default they are
    /// left out, with a warning).
    #[arg(long)]
    pub follow_links: bool,
    /// Publish drafts (`draft: true`) too, marked "Draft" and left out of the feeds and the
    /// sitemap; for a preview site, never the public one.
    #[arg(long)]
    pub drafts: bool,
    /// Build into a folder that already holds files s55 did not write (a first build
    /// otherwise refuses, so as not to replace an `index.html` or `style.css` of the
    /// office's own).
    #[arg(long)]
    pub overwrite: bool,
    /// Exit 1 when there is any warning, for pipelines that publish only clean responses.
    #[arg(long)]
    pub deny_warnings: bool,
    /// The day the progress pages count recommendations overdue from, and show
    /// (YYYY-MM-DD); by default the day of `SOURCE_DATE_EPOCH` when it is set, else today.
    /// The same input and day build the same bytes.
    #[arg(long, value_name = "DATE", value_parser = parse_date_arg)]
    pub today: Option<jiff::civil::Date>,
}

/// Arguments of `s55 status`.
#[derive(Debug, Args)]
pub struct StatusArgs {
    /// The folder of responses.
    #[arg(default_value = "responses", value_name = "DIR")]
    pub dir: PathBuf,
    /// The day to count from (YYYY-MM-DD); by default today.
    #[arg(long, value_name = "DATE", value_parser = parse_date_arg)]
    pub today: Option<jiff::civil::Date>,
    /// Print JSON, for other systems.
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// Print CSV, for spreadsheets.
    #[arg(long)]
    pub csv: bool,
    /// Exit 1 when any response breaks a duty of section 55.
    #[arg(long)]
    pub strict: bool,
    /// Also write the view as an accessible HTML page.
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// With --html, replace a file that is already there.
    #[arg(long, requires = "html")]
    pub overwrite: bool,
    /// Read response files that are links to files outside the folder (by default they are
    /// left out, with a warning).
    #[arg(long)]
    pub follow_links: bool,
}

/// What `s55 export` writes.
#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// Every recommendation of every final response, one row each: reference, force,
    /// report, report_published, list, number, text, timescale, due, addressed_to, status,
    /// status_date, owner, closed_on, closed, kind, under, force_response, response (JSON
    /// adds each one's history).
    #[command(after_help = "\
Examples:
  s55 export findings --csv > findings.csv
  s55 export findings responses --json > findings.json")]
    Findings(ExportArgs),
    /// Every progress entry of every finding, one row each, as trackers keep updates:
    /// reference, force, report, list, number, kind, date, status, note, evidence.
    #[command(after_help = "\
Examples:
  s55 export history --csv > history.csv")]
    History(ExportArgs),
}

/// Arguments of `s55 copies`.
#[derive(Debug, Args)]
pub struct CopiesArgs {
    /// The response file.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The folder to write the .eml files into; created if missing.
    #[arg(long, short, default_value = ".", value_name = "DIR")]
    pub out: PathBuf,
}

/// Arguments of `s55 export findings`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The folder of responses.
    #[arg(default_value = "responses", value_name = "DIR")]
    pub dir: PathBuf,
    /// Write CSV, for spreadsheets (the default).
    #[arg(long, conflicts_with = "json")]
    pub csv: bool,
    /// Write JSON, for other systems.
    #[arg(long)]
    pub json: bool,
}

/// Where `s55 publish` publishes.
#[derive(Debug, Subcommand)]
pub enum PublishCommand {
    /// Every final response of a folder as a page of the office's WordPress site, through its
    /// REST API, with the PDF (and Word document, when offered) in the media library.
    #[command(after_help = "\
Examples:
  S55_WORDPRESS_USER=web-team S55_WORDPRESS_PASSWORD='abcd efgh ijkl mnop qrst uvwx' \\
    s55 publish wordpress responses --url https://www.example-pcc.org.uk
  s55 publish wordpress --url https://www.example-pcc.org.uk --dry-run

The user and application password come from S55_WORDPRESS_USER and S55_WORDPRESS_PASSWORD
(make one in WordPress under Users → Profile → Application Passwords). Each response is one
page per language, made once and then updated; drafts are never sent. What was published is
kept in .s55/wordpress/ in the folder; a page changed in WordPress since s55 published it
is left as it is unless --overwrite is given. The parent page and a prefix for the pages'
addresses come from `wordpress:` in s55.yaml (parent, prefix).")]
    Wordpress(WordPressArgs),
}

/// Arguments of `s55 publish wordpress`.
#[derive(Debug, Args)]
pub struct WordPressArgs {
    /// The folder of responses.
    #[arg(default_value = "responses", value_name = "DIR")]
    pub dir: PathBuf,
    /// The WordPress site's address, such as https://www.example-pcc.org.uk.
    #[arg(long, value_name = "URL")]
    pub url: String,
    /// Say what would be created, updated or left, and send nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Replace pages that were changed in WordPress since s55 last published them.
    #[arg(long)]
    pub overwrite: bool,
    /// The day each page's progress section counts recommendations overdue from, and shows
    /// (YYYY-MM-DD); by default the day of `SOURCE_DATE_EPOCH` when it is set, else today.
    #[arg(long, value_name = "DATE", value_parser = parse_date_arg)]
    pub today: Option<jiff::civil::Date>,
}

/// What `s55 import` reads.
#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Recommendations pasted from a report: numbered items ("1.", "1)", "Recommendation 1"),
    /// lettered or roman sub-points, bullets, wrapped lines, page headers and footers.
    #[command(after_help = "\
Examples:
  s55 import recs pasted.txt --into responses/new-response.yaml
  pbpaste | s55 import recs - --into responses/new-response.yaml
  s55 import recs --areas afis.txt
  s55 import recs pasted.txt

The text is kept as written; wrapped lines are joined. Anything uncertain is a warning on
standard error. Without --into the YAML goes to standard output. With --into the findings are
added to the end of their lists in a draft response, in place: the rest of the file (its
comments and layout) stays as it is, a finding already there (the same number or the same
words) is not added twice, the placeholder `s55 new` writes is replaced, and the file is
written only if it still passes `s55 check`. A final (signed) response is refused.")]
    Recs(ImportRecsArgs),

    /// A previously published response (text, web page, PDF or Word document): a full draft
    /// response file, with what could not be placed kept under `unplaced:`.
    #[command(after_help = "\
Examples:
  s55 import response old-response.txt > responses/warwickshire-2022.yaml
  s55 import response saved-page.html --out responses/
  s55 import response response.pdf > responses/kent-peel-2026.yaml
  s55 check responses/warwickshire-2022.yaml

Sections are found by their headings and opening words; anything uncertain is a warning on
standard error.")]
    Response(ImportResponseArgs),

    /// A Word form filled in by another office (made with `s55 render --format docx --form
    /// …`): what was written in its fields, read back into the response file in place.
    #[command(after_help = "\
Examples:
  s55 render responses/westshire-peel.yaml --format docx --form chief-officer --out forms
  (send forms/westshire-peel.chief-officer.docx; it comes back filled in)
  s55 import docx returned.docx --into responses/westshire-peel.yaml --dry-run
  s55 import docx returned.docx --into responses/westshire-peel.yaml

Only the fields that changed are written, and the rest of the file (its comments and layout)
stays as it is; the changes are printed as a diff. A form made for another response, or
before the file last changed, is refused unless --force. Text typed outside the fields is
reported, not read in.")]
    Docx(ImportDocxArgs),
}

/// Arguments of `s55 import docx`.
#[derive(Debug, Args)]
pub struct ImportDocxArgs {
    /// The filled form (.docx).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The response file the form was made from: changed in place.
    #[arg(long, value_name = "RESPONSE")]
    pub into: PathBuf,
    /// Read the form in even when it was made for another response, or before the file last
    /// changed.
    #[arg(long)]
    pub force: bool,
    /// Show what would change, and write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// The office's templates folder, when the form was made with one.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

/// Arguments of `s55 import response`.
#[derive(Debug, Args)]
pub struct ImportResponseArgs {
    /// The response: text, a saved web page (.html), a PDF or a Word document (.docx), told
    /// apart by their content; `-` (or nothing) reads standard input.
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// Write the drafts into this folder, one file for each response the page holds.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// With --out, replace drafts that are already there.
    #[arg(long, requires = "out")]
    pub overwrite: bool,
}

/// Arguments of `s55 import recs`.
#[derive(Debug, Args)]
pub struct ImportRecsArgs {
    /// The pasted text; `-` (or nothing) reads standard input.
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// Write them as `areas_for_improvement:` rather than `recommendations:`.
    #[arg(long)]
    pub areas: bool,
    /// A draft response file to add the findings to, in place (comments and layout kept),
    /// rather than printing them.
    #[arg(long, value_name = "RESPONSE")]
    pub into: Option<PathBuf>,
}

/// Arguments of `s55 serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The response file to preview, or a folder of them.
    #[arg(value_name = "FILE|DIR", default_value = "responses")]
    pub path: PathBuf,
    /// The port on 127.0.0.1; 0 picks a free one.
    #[arg(long, default_value_t = 5555)]
    pub port: u16,
    /// A folder of the office's own templates, stylesheet, locale and fonts.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Open the preview in the web browser once it is listening.
    #[arg(long)]
    pub open: bool,
    /// Read response files that are links to files outside the folder (by default they are
    /// left out, with a warning).
    #[arg(long)]
    pub follow_links: bool,
}

/// Arguments of `s55 new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// The office's details; what the office's settings (`office:` in s55.yaml) already give
    /// is left out of the response, which inherits it.
    #[command(flatten)]
    pub office: OfficeArgs,
    /// The report's title.
    #[arg(long, value_name = "TITLE")]
    pub report: Option<String>,
    /// The kind of report.
    #[arg(long, default_value = "other", value_parser = model_value::<ReportKind>(ReportKind::ALL.map(ReportKind::key)))]
    pub report_kind: ReportKind,
    /// The day the report was published (YYYY-MM-DD).
    #[arg(long, value_name = "DATE", value_parser = parse_date_arg)]
    pub published: Option<jiff::civil::Date>,
    /// A letter to the Home Secretary and HMICFRS, or a public statement.
    #[arg(long, default_value = "letter", value_parser = model_value::<Form>(Form::ALL.map(Form::key)))]
    pub form: Form,
    /// The language of the response: en, cy, or bilingual (every text in both).
    #[arg(long, default_value = "en", value_parser = ["en", "cy", "bilingual"])]
    pub language: String,
    /// Write the response to this file rather than to standard output.
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<std::path::PathBuf>,
    /// With --out, replace a file that is already there.
    #[arg(long)]
    pub overwrite: bool,
    /// A folder of the office's own templates: its `new.yaml.tera`, if any, is the response
    /// to fill in.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<std::path::PathBuf>,
}

fn parse_date_arg(s: &str) -> Result<jiff::civil::Date, String> {
    crate::model::parse_date(s)
}
