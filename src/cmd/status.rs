//! `s55 status`: the table, JSON or CSV on standard output, and the page with `--html`.

use std::io::IsTerminal;

use anyhow::{Context as _, Result};

use super::{EXIT_INPUT, EXIT_OK, print_out, report};
use crate::cli::StatusArgs;
use crate::model::Language;
use crate::render::{Assets, Renderer};
use crate::{fs, status};

/// Runs `s55 status`.
pub fn run(args: &StatusArgs) -> Result<u8> {
    let today = match args.today {
        Some(d) => d,
        None => jiff::tz::Offset::UTC
            .to_datetime(jiff::Timestamp::now())
            .date(),
    };
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
        let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
        status::table(&scan.rows, color, l)
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
