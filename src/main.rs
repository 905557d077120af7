//! The `s55` command: parses the command line and hands it to the library.

use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches};

fn main() -> ExitCode {
    // A bug must not look like a crash dump to an office: one short message, exit code 2.
    // RUST_BACKTRACE=1 still shows the backtrace for a developer.
    let detail = std::env::var_os("RUST_BACKTRACE").is_some_and(|v| v != "0");
    if !detail {
        std::panic::set_hook(Box::new(|info| {
            let what = info
                .payload()
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| info.payload().downcast_ref::<String>().cloned())
                .unwrap_or_default();
            let place = info
                .location()
                .map(|l| format!(" at {}:{}", l.file(), l.line()))
                .unwrap_or_default();
            eprintln!(
                "error: s55 met a bug ({what}{place}) and stopped without writing anything more.\n\
                 Please report it with the file that caused it; RUST_BACKTRACE=1 shows more."
            );
        }));
    }
    let cli = parse_command_line();
    match std::panic::catch_unwind(|| s55::run(cli)) {
        Ok(code) => code,
        Err(_) => ExitCode::from(s55::EXIT_FAILURE),
    }
}

/// The command line read as `Cli::parse` reads it, with the same help, messages and exit
/// codes, but the command tree (every subcommand's arguments and help) and what was read
/// are left to the process's end rather than taken apart piece by piece, which cost as many
/// instructions as a letter's checks.
fn parse_command_line() -> s55::Cli {
    let mut command = s55::Cli::command();
    let mut matches = command
        .try_get_matches_from_mut(std::env::args_os())
        .unwrap_or_else(|e| e.exit());
    let cli = s55::Cli::from_arg_matches_mut(&mut matches)
        .unwrap_or_else(|e| e.format(&mut s55::Cli::command()).exit());
    std::mem::forget(matches);
    std::mem::forget(command);
    cli
}
