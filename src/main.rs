//! The `s55` command: parses the command line and hands it to the library.

use clap::Parser;

fn main() -> std::process::ExitCode {
    s55::run(s55::Cli::parse())
}
