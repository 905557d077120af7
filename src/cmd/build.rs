//! `s55 build`: the archive site, with a progress bar on a terminal and one line a response
//! otherwise.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::Result;

use super::{EXIT_INPUT, EXIT_OK, Talk, count, plural, report};
use crate::check::diagnostics_only;
use crate::cli::BuildArgs;
use crate::diag::Severity;
use crate::site::{self, Options, Progress};

/// A progress bar on standard error, and what each published response had to say, told as
/// the build goes.
struct Bar {
    bar: Option<indicatif::ProgressBar>,
    teller: Teller,
    /// The warnings told so far.
    warnings: AtomicUsize,
    /// The first report that could not be written (standard error closed, say).
    failed: Mutex<Option<anyhow::Error>>,
}

/// How reports are told.
struct Teller {
    quiet: bool,
    terminal: bool,
    out: PathBuf,
}

impl Teller {
    /// Tells one response's report; returns how many warnings it had.
    fn tell(&self, r: site::Report) -> Result<usize> {
        let loaded = r.loaded.into_loaded();
        // A failure is always told; what published is told unless quiet.
        if r.published.is_none() || !self.quiet {
            report(&r.name, &loaded, false)?;
        }
        let warnings = count(&loaded.diagnostics, Severity::Warning) + r.warnings.len();
        if self.quiet {
            return Ok(warnings);
        }
        if !r.warnings.is_empty() {
            report(&r.name, &diagnostics_only(r.warnings), false)?;
        }
        if let Some(href) = &r.published
            && !self.terminal
        {
            // The page's address is relative to the output folder; the line names the file
            // as it is on disk, so it can be opened as printed.
            anstream::eprintln!(
                "rendered {} -> {}",
                crate::util::visible(&r.name),
                crate::util::shown(&self.out.join(href))
            );
        }
        Ok(warnings)
    }
}

impl Progress for Bar {
    fn published(&self, r: site::Report) -> Option<site::Report> {
        let told = match &self.bar {
            Some(b) => b.suspend(|| self.teller.tell(r)),
            None => self.teller.tell(r),
        };
        match told {
            Ok(n) => {
                self.warnings.fetch_add(n, Ordering::Relaxed);
            }
            Err(e) => {
                if let Ok(mut f) = self.failed.lock() {
                    f.get_or_insert(e);
                }
            }
        }
        None
    }
    fn begin(&self, total: usize) {
        if let Some(b) = &self.bar {
            b.set_length(total as u64);
        }
    }
    fn step(&self) {
        if let Some(b) = &self.bar {
            b.inc(1);
        }
    }
    fn end(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}

fn bar(teller: Teller) -> Bar {
    let bar = (!teller.quiet && teller.terminal).then(|| {
        let bar = indicatif::ProgressBar::new(0);
        if let Ok(style) =
            indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} responses ({eta} left)")
        {
            bar.set_style(style);
        }
        bar
    });
    Bar {
        bar,
        teller,
        warnings: AtomicUsize::new(0),
        failed: Mutex::new(None),
    }
}

/// The day of `SOURCE_DATE_EPOCH` (seconds since 1970, as reproducible builds set it), when
/// it is set.
pub(super) fn source_date() -> Result<Option<jiff::civil::Date>> {
    Ok(crate::util::source_date_epoch()?.map(|at| jiff::tz::Offset::UTC.to_datetime(at).date()))
}

/// Runs `s55 build`.
pub fn run(args: &BuildArgs, talk: Talk) -> Result<u8> {
    let quiet = talk.quiet;
    let opts = Options {
        dir: args.dir.clone(),
        out: args.out.clone(),
        base_url: args.base_url.clone(),
        templates: args.templates.clone(),
        force: args.force,
        jobs: args.jobs.unwrap_or(0),
        tracker: args.tracker,
        follow_links: args.follow_links,
        drafts: args.drafts,
        overwrite: args.overwrite,
        today: match args.today {
            Some(d) => Some(d),
            None => source_date()?,
        },
    };
    let progress = bar(Teller {
        quiet,
        terminal: std::io::stderr().is_terminal(),
        out: args.out.clone(),
    });
    let built = site::build(&opts, &progress)?;
    if built.settings_broken {
        for r in built.reports {
            report(&r.name, &r.loaded.into_loaded(), false)?;
        }
        return Ok(EXIT_INPUT);
    }
    if let Some(e) = progress.failed.lock().ok().and_then(|mut f| f.take()) {
        return Err(e);
    }
    // What was published has been told as the build went; the rest is told now.
    let mut warnings = progress.warnings.load(Ordering::Relaxed);
    for r in built.reports {
        warnings += progress.teller.tell(r)?;
    }
    if !quiet && warnings > 0 {
        // Warnings do not stop publishing; say so, or a first run looks like a failure.
        anstream::eprintln!(
            "{} above, which do not stop publishing: each names what section 55 asks of a response",
            plural(warnings, "warning")
        );
    }
    let s = &built.summary;
    if !quiet || s.failed > 0 {
        anstream::eprintln!(
            "built {} into {}: {} rendered, {} kept, {} removed{}{}",
            plural(s.published, "response"),
            args.out.display(),
            s.rendered,
            s.kept,
            s.removed,
            // Said only when it happened, so that the usual line stays as short.
            if s.moved > 0 {
                format!(", {} moved", s.moved)
            } else {
                String::new()
            },
            if s.failed > 0 {
                format!(", {} with errors", s.failed)
            } else {
                String::new()
            }
        );
    }
    if !quiet && s.drafts > 0 {
        anstream::eprintln!(
            "{} not published (`draft: true`); `s55 build --drafts` publishes them for a preview",
            plural(s.drafts, "draft")
        );
    }
    let denied = args.deny_warnings && warnings > 0;
    if denied {
        anstream::eprintln!(
            "{} with --deny-warnings: exit 1",
            plural(warnings, "warning")
        );
    }
    Ok(if s.failed > 0 || denied {
        EXIT_INPUT
    } else {
        EXIT_OK
    })
}
