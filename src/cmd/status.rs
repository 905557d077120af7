//! `s55 status`: the table, JSON or CSV on standard output, and the page with `--html`.

use anyhow::{Context as _, Result};

use super::{EXIT_INPUT, EXIT_OK, Talk, print_out, report, stdout_color};
use crate::cli::StatusArgs;
use crate::model::Language;
use crate::render::{Assets, Renderer};
use crate::{fs, status};

/// Runs `s55 status`.
pub fn run(args: &StatusArgs, talk: Talk) -> Result<u8> {
    let today = match args.today {
        Some(d) => d,
        None => jiff::tz::Offset::UTC
            .to_datetime(jiff::Timestamp::now())
            .date(),
    };
    if let Some(file) = args.html.as_ref().filter(|f| f.symlink_metadata().is_ok())
        && !args.overwrite
    {
        anstream::eprintln!(
            "error: `{}` is already there, so nothing was written; choose another name, or add --overwrite to replace it",
            file.display()
        );
        return Ok(EXIT_INPUT);
    }
    let renderer = Renderer::new(Assets::builtin()?)?;
    let l = renderer.assets().locale(Language::En);
    let scan = status::scan(&args.dir, today, l, args.follow_links)?;
    for (name, loaded) in &scan.failed {
        report(name, loaded, false)?;
    }
    if scan.rows.is_empty()
        && !scan.failed.is_empty()
        && scan.failed[0].1.source.is_some()
        && scan.failed[0].0.ends_with(crate::settings::FILE)
    {
        return Ok(EXIT_INPUT);
    }
    let text = if args.json {
        format!("{}\n", status::json(&scan.rows, today)?)
    } else if args.csv {
        status::csv(&scan.rows, l)
    } else {
        let width = width();
        let mut text = status::table(&scan.rows, stdout_color(), width, l);
        if !talk.quiet && !scan.rows.is_empty() {
            text.push('\n');
            // Into a file or a pipe, the legend is wrapped as a page would be.
            let legend_width = if width == status::DEFAULT_WIDTH {
                100
            } else {
                width
            };
            text.push_str(&status::legend(l, legend_width));
        }
        text
    };
    print_out(&text)?;
    if let Some(file) = &args.html {
        let page = status::html(&renderer, &scan.rows, today, l)?;
        fs::write_atomic(file, page.as_bytes())
            .with_context(|| format!("cannot write the status page `{}`", file.display()))?;
    }
    let broken = scan.rows.iter().any(status::Row::breaks_a_duty);
    // An entry left out with a warning (a FIFO, a link leaving the folder) is no failure.
    let failed = scan
        .failed
        .iter()
        .any(|(_, l)| l.diagnostics.iter().any(crate::diag::Diagnostic::is_error));
    Ok(if failed || (args.strict && broken) {
        EXIT_INPUT
    } else {
        EXIT_OK
    })
}

/// How wide the table may be: the terminal's width, or `COLUMNS` when set (as `ls` reads
/// it), or 100 columns into a file or a pipe, so saved output does not depend on the window.
fn width() -> usize {
    if let Some(n) = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|n| *n > 0)
    {
        return n;
    }
    match terminal_size::terminal_size_of(std::io::stdout()) {
        Some((terminal_size::Width(w), _)) if w > 0 => usize::from(w),
        _ => status::DEFAULT_WIDTH,
    }
}
