//! `s55 serve`: the live preview, until Ctrl-C.

use std::io::Write;

use anyhow::Result;

use super::EXIT_OK;
use crate::cli::ServeArgs;
use crate::serve::Preview;

/// Runs `s55 serve`.
pub fn run(args: &ServeArgs) -> Result<u8> {
    let preview = Preview::open(
        &args.path,
        args.port,
        args.templates.as_deref(),
        args.follow_links,
    )?;
    let port = preview.address()?.port();
    // Ctrl-C ends the preview with a word and a clean exit; nothing is left to tidy.
    let stopped = ctrlc::set_handler(|| {
        println!("Preview stopped.");
        let _ = std::io::stdout().flush();
        std::process::exit(i32::from(EXIT_OK));
    });
    if let Err(e) = stopped {
        eprintln!("warning: Ctrl-C will stop the preview without a word ({e})");
    }
    println!(
        "Previewing {} at http://127.0.0.1:{port}/ (Ctrl-C stops)",
        args.path.display()
    );
    std::io::stdout().flush()?;
    preview.run();
    Ok(EXIT_OK)
}
