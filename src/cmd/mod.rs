//! The commands: one short module each, which reads its arguments, calls the library and
//! says how it went. This is the only place that prints to the terminal and chooses exit
//! codes: the library returns results, diagnostics and summaries.

mod build;
mod check;
mod copies;
mod docs;
mod export;
mod form;
mod import;
mod init;
mod new;
mod publish;
mod render;
mod serve;
mod status;

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;

use crate::cli::{Cli, ColorWhen, Command, ExportCommand, ImportCommand, PublishCommand};
use crate::diag::{Diagnostic, Severity};
use crate::load::Loaded;
use crate::util::plural;

/// Exit code: done.
pub const EXIT_OK: u8 = 0;
/// Exit code: a response has problems.
pub const EXIT_INPUT: u8 = 1;
/// Exit code: s55 could not do its work.
pub const EXIT_FAILURE: u8 = 2;

/// What every command is told besides its own arguments: the global flags.
#[derive(Debug, Clone, Copy)]
pub struct Talk {
    /// Print nothing but problems.
    pub quiet: bool,
}

/// Runs a command and says how it ended.
pub fn run(cli: Cli) -> ExitCode {
    // Set once for the process: every anstream print, diagnostics included, follows it, and
    // `auto` leaves anstream to look at the terminal, NO_COLOR and CLICOLOR_FORCE.
    match cli.color {
        ColorWhen::Always => anstream::ColorChoice::Always.write_global(),
        ColorWhen::Never => anstream::ColorChoice::Never.write_global(),
        ColorWhen::Auto => {}
    }
    let talk = Talk { quiet: cli.quiet };
    let result = match cli.command {
        Command::Check(args) => check::run(&args, talk),
        Command::Render(args) => render::run(&args, talk),
        Command::Build(args) => build::run(&args, talk),
        Command::Status(args) => status::run(&args, talk),
        Command::Copies(args) => copies::run(&args, talk),
        Command::Export(ExportCommand::Findings(args)) => export::findings(&args),
        Command::Export(ExportCommand::History(args)) => export::history(&args),
        Command::Serve(args) => serve::run(&args, talk),
        Command::Import(ImportCommand::Recs(args)) => import::recs(&args, talk),
        Command::Import(ImportCommand::Response(args)) => import::response(&args),
        Command::Import(ImportCommand::Docx(args)) => form::run(&args, talk),
        Command::Publish(PublishCommand::Wordpress(args)) => publish::wordpress(&args, talk),
        Command::New(args) => new::run(&args),
        Command::Init(args) => init::run(&args, talk),
        Command::Completions(args) => docs::completions(&args),
        Command::Man(args) => docs::man(&args, talk),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            if is_broken_pipe(&e) {
                return ExitCode::from(EXIT_OK);
            }
            anstream::eprintln!(
                "{}error:{} {}",
                anstyle::AnsiColor::Red.on_default().bold().render(),
                anstyle::Reset.render(),
                crate::util::visible(&format!("{e:#}"))
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

/// Whether standard output takes colour: on a terminal (or with `--color always`), never with
/// NO_COLOR set or `--color never`. For text printed whole rather than through anstream.
fn stdout_color() -> bool {
    anstream::AutoStream::choice(&std::io::stdout()) != anstream::ColorChoice::Never
}

/// Prints a file's diagnostics to standard error, with colour only on a terminal (and never
/// with NO_COLOR set). Notes are printed only when `verbose`.
fn report(file: &str, loaded: &Loaded, verbose: bool) -> Result<()> {
    let source = loaded.source.as_ref().map(|s| s.text.as_str());
    let name = loaded.source.as_ref().map_or(file, |s| s.name.as_str());
    let shown = loaded
        .diagnostics
        .iter()
        .filter(|d| verbose || d.severity != Severity::Note);
    if shown.clone().next().is_none() {
        return Ok(());
    }
    let lines = loaded.source.as_ref().map(crate::load::Source::lines);
    // In colour only where colour is shown: where it is not (a file, a pipe, NO_COLOR), the
    // report is written plain, rather than coloured and then read again to take the colour
    // codes out on the way.
    let stream = anstream::stderr();
    let color = stream.current_choice() != anstream::ColorChoice::Never;
    let (mut colored, mut plain);
    let err: &mut dyn Write = if color {
        colored = stream.lock();
        &mut colored
    } else {
        plain = std::io::stderr().lock();
        &mut plain
    };
    for d in shown {
        write!(err, "{}", d.render_in(name, source, lines, color))?;
        writeln!(err)?;
    }
    Ok(())
}

/// How many of the diagnostics are of this severity.
fn count(diags: &[Diagnostic], severity: Severity) -> usize {
    diags.iter().filter(|d| d.severity == severity).count()
}

/// Writes text to standard output, whole.
fn print_out(text: &str) -> Result<()> {
    use anyhow::Context as _;
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .context("cannot write to standard output")
}
