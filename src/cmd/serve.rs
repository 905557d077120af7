//! `s55 serve`: the live preview, until Ctrl-C; with `--open`, in the browser.

use std::io::Write;
use std::process::{Command, Stdio};

use anyhow::Result;

use super::{EXIT_OK, Talk};
use crate::cli::ServeArgs;
use crate::serve::Preview;

/// Runs `s55 serve`.
pub fn run(args: &ServeArgs, talk: Talk) -> Result<u8> {
    let preview = Preview::open(
        &args.path,
        args.port,
        args.templates.as_deref(),
        args.follow_links,
    )?;
    let port = preview.address()?.port();
    if let Some(why) = preview.looking() {
        eprintln!(
            "warning: the system cannot tell the preview of saves ({why}); it looks at the files four times a second instead"
        );
    }
    let quiet = talk.quiet;
    // Ctrl-C ends the preview with a word and a clean exit; nothing is left to tidy.
    let stopped = ctrlc::set_handler(move || {
        if !quiet {
            println!("Preview stopped.");
        }
        let _ = std::io::stdout().flush();
        std::process::exit(i32::from(EXIT_OK));
    });
    if let Err(e) = stopped {
        eprintln!("warning: Ctrl-C will stop the preview without a word ({e})");
    }
    let url = format!("http://127.0.0.1:{port}/");
    if !quiet {
        println!(
            "Previewing {} at {url} (Ctrl-C stops)",
            crate::util::shown(&args.path)
        );
        std::io::stdout().flush()?;
    }
    if args.open {
        // The preview is listening already, so the page loads on the first try; a machine
        // without a browser still has the preview, at the address above.
        if let Err(why) = open_browser(&url) {
            eprintln!("warning: could not open a browser ({why}); open {url} yourself");
        }
    }
    preview.run();
    Ok(EXIT_OK)
}

/// The platform's way of opening an address in the user's browser.
fn opener(url: &str) -> Command {
    if cfg!(target_os = "macos") {
        let mut c = Command::new("open");
        c.arg(url);
        c
    } else if cfg!(windows) {
        // `start` is built into cmd; its first quoted argument is a window title.
        let mut c = Command::new("cmd");
        c.args(["/C", "start", "", url]);
        c
    } else {
        let mut c = Command::new("xdg-open");
        c.arg(url);
        c
    }
}

/// Starts the browser without waiting for it, and without letting it write over the
/// preview's own messages.
fn open_browser(url: &str) -> std::result::Result<(), String> {
    let mut cmd = opener(url);
    let program = cmd.get_program().to_string_lossy().into_owned();
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("`{program}`: {e}"))?;
    // Reaped on its own thread: xdg-open returns quickly, and a failure is still told.
    std::thread::spawn(move || {
        if let Ok(status) = child.wait()
            && !status.success()
        {
            eprintln!("warning: `{program}` could not open a browser ({status})");
        }
    });
    Ok(())
}
