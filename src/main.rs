//! The `s55` command: parses the command line and hands it to the library.

use std::process::ExitCode;

use clap::Parser;

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
    let cli = s55::Cli::parse();
    match std::panic::catch_unwind(|| s55::run(cli)) {
        Ok(code) => code,
        Err(_) => ExitCode::from(s55::EXIT_FAILURE),
    }
}
