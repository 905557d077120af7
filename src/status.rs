//! `s55 status`: every response an office owes, against the duties of section 55, in one view.
//!
//! One row per response: the 56-day window and where the response stands in it (on time, late
//! by N days, N days left, or overdue), how many recommendations, areas for improvement and
//! causes of concern have a response of their own, how many recommendations are past their
//! due date and not closed, and whether the copies to HMICFRS and the Home Secretary are
//! recorded. As a table on a terminal, JSON or CSV for other systems, or an HTML page.
//! `--strict` exits 1 when any response breaks a duty, so a publishing pipeline can stop.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};
use jiff::civil::Date;
use serde::Serialize;

use crate::cli::StatusArgs;
use crate::model::{Finding, Response};
use crate::render::{Assets, Renderer};
use crate::settings::Settings;
use crate::statute::{self, Timeliness};
use crate::{fs, load, report, timescale};

/// Answered of total.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub struct Count {
    /// With a response of their own.
    pub answered: usize,
    /// In all.
    pub total: usize,
}

impl Count {
    fn of(items: &[Finding]) -> Self {
        Count {
            answered: items.iter().filter(|f| f.response.is_some()).count(),
            total: items.len(),
        }
    }

    fn text(self) -> String {
        if self.total == 0 {
            "–".to_owned()
        } else {
            format!("{}/{}", self.answered, self.total)
        }
    }
}

/// Where a response stands in its 56-day window.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case", tag = "state", content = "days")]
pub enum Timing {
    /// Published within the window.
    OnTime,
    /// Published this many days after the window.
    Late(i64),
    /// Not yet published; this many days left, counting today.
    DaysLeft(i64),
    /// Not published, and the window closed this many days ago.
    Overdue(i64),
}

impl Timing {
    fn text(self) -> String {
        let days = |n: i64| {
            if n == 1 {
                "1 day".to_owned()
            } else {
                format!("{n} days")
            }
        };
        match self {
            Timing::OnTime => "on time".to_owned(),
            Timing::Late(n) => format!("late by {}", days(n)),
            Timing::DaysLeft(n) => format!("{} left", days(n)),
            Timing::Overdue(n) => format!("overdue by {}", days(n)),
        }
    }

    fn is_bad(self) -> bool {
        matches!(self, Timing::Late(_) | Timing::Overdue(_))
    }
}

/// One response's row.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// The response file, relative to the folder.
    pub file: String,
    /// The force.
    pub force: String,
    /// The report's title.
    pub report: String,
    /// The report's publication date.
    pub published: String,
    /// The last day of the 56-day window.
    pub last_day: String,
    /// The response's date, if it has one.
    pub response_date: Option<String>,
    /// Where it stands in the window.
    pub timing: Timing,
    /// Recommendations answered of total.
    pub recommendations: Count,
    /// Areas for improvement answered of total.
    pub areas_for_improvement: Count,
    /// Causes of concern answered of total.
    pub causes_of_concern: Count,
    /// Recommendations past their due date and not closed.
    pub overdue_recommendations: usize,
    /// Whether the copy to HMICFRS is recorded.
    pub copy_hmicfrs: bool,
    /// Whether the copy to the Home Secretary is recorded.
    pub copy_home_secretary: bool,
    /// The duties of section 55 it does not meet.
    pub duties_broken: Vec<String>,
}

/// Works out a response's row as it stands on `today`.
pub fn row(file: &str, doc: &Response, settings: &Settings, today: Date) -> Row {
    let published = doc.report.published.0;
    let last = statute::last_day(published);
    let date = doc
        .date
        .or(doc.signature.as_ref().and_then(|s| s.date))
        .map(|d| d.0);
    let timing = match date {
        Some(d) => match statute::timeliness(published, d) {
            Timeliness::OnTime { .. } => Timing::OnTime,
            Timeliness::Late { days } => Timing::Late(days),
        },
        None => {
            let left = statute::days_between(today, last);
            if left >= 0 {
                Timing::DaysLeft(left + 1)
            } else {
                Timing::Overdue(-left)
            }
        }
    };
    let overdue = doc
        .recommendations
        .iter()
        .filter(|f| {
            let closed = f
                .status
                .as_deref()
                .and_then(|s| settings.status(s))
                .is_some_and(|s| s.closed);
            let due = timescale::of(f).and_then(|r| r.timescale.due(published));
            !closed && f.applies && due.is_some_and(|d| d < today)
        })
        .count();
    let copies = doc.copies.clone().unwrap_or_default();
    let recommendations = Count::of(&doc.recommendations);
    let mut duties = Vec::new();
    match timing {
        Timing::Late(n) => duties.push(format!(
            "s.55(5A): published {} after the last day",
            Timing::Late(n).text().trim_start_matches("late by ")
        )),
        Timing::Overdue(n) => duties.push(format!(
            "s.55(5A): not published, {} after the last day",
            Timing::Overdue(n).text().trim_start_matches("overdue by ")
        )),
        _ => {}
    }
    // Responses to recommendations are owed once the response is published.
    if date.is_some() && recommendations.answered < recommendations.total {
        duties.push(format!(
            "s.55(5B): {} of {} recommendations without a response",
            recommendations.total - recommendations.answered,
            recommendations.total
        ));
    }
    if date.is_some() && (copies.hmicfrs.is_none() || copies.home_secretary.is_none()) {
        duties.push("s.55(6): copies to HMICFRS and the Home Secretary not recorded".to_owned());
    }
    Row {
        file: file.to_owned(),
        force: doc.force.clone(),
        report: doc.report.title.clone(),
        published: published.to_string(),
        last_day: last.to_string(),
        response_date: date.map(|d| d.to_string()),
        timing,
        recommendations,
        areas_for_improvement: Count::of(&doc.areas_for_improvement),
        causes_of_concern: Count::of(&doc.causes_of_concern),
        overdue_recommendations: overdue,
        copy_hmicfrs: copies.hmicfrs.is_some(),
        copy_home_secretary: copies.home_secretary.is_some(),
        duties_broken: duties,
    }
}

fn copies_text(r: &Row) -> &'static str {
    if r.response_date.is_none() {
        return "–";
    }
    match (r.copy_hmicfrs, r.copy_home_secretary) {
        (true, true) => "both",
        (true, false) => "HMICFRS",
        (false, true) => "HS",
        (false, false) => "none",
    }
}

/// Cuts a text to `n` characters, with an ellipsis when cut, and pads it to `n`.
fn cell(text: &str, n: usize) -> String {
    let count = text.chars().count();
    if count > n {
        let mut t: String = text.chars().take(n - 1).collect();
        t.push('…');
        t
    } else {
        format!("{text}{}", " ".repeat(n - count))
    }
}

/// The table for a terminal: no wider than 100 columns.
pub fn table(rows: &[Row], color: bool) -> String {
    use anstyle::{AnsiColor, Style};
    let paint = |style: Style, text: String| {
        if color {
            format!("{}{text}{}", style.render(), style.render_reset())
        } else {
            text
        }
    };
    // 13+16+10+10+10+18+5+4+6 = 92, and 8 spaces between: 100 columns.
    let widths = [13, 16, 10, 10, 10, 18, 5, 4, 6];
    let head = [
        "Force",
        "Report",
        "Published",
        "Last day",
        "Response",
        "Timing",
        "Recs",
        "Over",
        "Copies",
    ];
    let mut out = String::new();
    let line: Vec<String> = head.iter().zip(widths).map(|(h, w)| cell(h, w)).collect();
    out.push_str(&paint(
        Style::new().bold(),
        line.join(" ").trim_end().to_owned(),
    ));
    out.push('\n');
    for r in rows {
        let timing = cell(&r.timing.text(), widths[5]);
        let timing = match r.timing {
            t if t.is_bad() => paint(
                Style::new().fg_color(Some(AnsiColor::Red.into())).bold(),
                timing,
            ),
            Timing::OnTime => paint(Style::new().fg_color(Some(AnsiColor::Green.into())), timing),
            _ => paint(
                Style::new().fg_color(Some(AnsiColor::Yellow.into())),
                timing,
            ),
        };
        let cells = [
            cell(&r.force, widths[0]),
            cell(&r.report, widths[1]),
            cell(&r.published, widths[2]),
            cell(&r.last_day, widths[3]),
            cell(r.response_date.as_deref().unwrap_or("–"), widths[4]),
            timing,
            cell(&r.recommendations.text(), widths[6]),
            cell(&r.overdue_recommendations.to_string(), widths[7]),
            cell(copies_text(r), widths[8]),
        ];
        out.push_str(cells.join(" ").trim_end());
        out.push('\n');
    }
    out
}

/// The rows as CSV (RFC 4180), with a header.
pub fn csv(rows: &[Row]) -> String {
    let quote = |s: &str| {
        if s.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.to_owned()
        }
    };
    let mut out = String::from(
        "file,force,report,published,last_day,response_date,timing,recommendations_answered,recommendations_total,areas_for_improvement_answered,areas_for_improvement_total,causes_of_concern_answered,causes_of_concern_total,overdue_recommendations,copy_hmicfrs,copy_home_secretary,duties_broken\r\n",
    );
    for r in rows {
        let fields = [
            quote(&r.file),
            quote(&r.force),
            quote(&r.report),
            r.published.clone(),
            r.last_day.clone(),
            r.response_date.clone().unwrap_or_default(),
            quote(&r.timing.text()),
            r.recommendations.answered.to_string(),
            r.recommendations.total.to_string(),
            r.areas_for_improvement.answered.to_string(),
            r.areas_for_improvement.total.to_string(),
            r.causes_of_concern.answered.to_string(),
            r.causes_of_concern.total.to_string(),
            r.overdue_recommendations.to_string(),
            r.copy_hmicfrs.to_string(),
            r.copy_home_secretary.to_string(),
            quote(&r.duties_broken.join("; ")),
        ];
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    }
    out
}

/// Runs `s55 status`.
pub fn status(args: &StatusArgs) -> Result<u8> {
    let dir = &args.dir;
    if !dir.is_dir() {
        bail!("`{}` is not a folder of responses", dir.display());
    }
    let today = match args.today {
        Some(d) => d,
        None => jiff::tz::Offset::UTC
            .to_datetime(jiff::Timestamp::now())
            .date(),
    };
    let settings = match Settings::load_or_default(dir) {
        Ok(s) => s,
        Err(broken) => {
            let name = broken.file.display().to_string();
            report(&name, &crate::broken_settings(*broken), false)?;
            return Ok(1);
        }
    };
    let mut files = Vec::new();
    crate::archive::response_files(dir, dir, Path::new(""), &mut files)?;
    files.sort();
    let mut rows = Vec::new();
    let mut failed = false;
    for rel in &files {
        let path: PathBuf = dir.join(rel);
        let mut loaded = load::load_path(&path);
        crate::check_loaded(&mut loaded, &settings);
        let name = rel.display().to_string();
        match &loaded.response {
            Some(doc) => rows.push(row(&name, doc, &settings, today)),
            None => {
                failed = true;
                report(&path.display().to_string(), &loaded, false)?;
            }
        }
    }
    // Responses not yet published first, the one owed soonest at the top; then the published
    // ones in the order they fell due.
    rows.sort_by(|a, b| {
        (
            a.response_date.is_some(),
            a.last_day.as_str(),
            a.file.as_str(),
        )
            .cmp(&(
                b.response_date.is_some(),
                b.last_day.as_str(),
                b.file.as_str(),
            ))
    });

    let mut out = std::io::stdout().lock();
    if args.json {
        let json = serde_json::to_string_pretty(
            &serde_json::json!({ "today": today.to_string(), "responses": rows }),
        )?;
        writeln!(out, "{json}")?;
    } else if args.csv {
        write!(out, "{}", csv(&rows))?;
    } else {
        let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
        write!(out, "{}", table(&rows, color))?;
    }
    out.flush()?;
    if let Some(file) = &args.html {
        let renderer = Renderer::new(Assets::builtin()?)?;
        let locale = renderer.assets().locale(crate::model::Language::En);
        let mut ctx = tera::Context::new();
        ctx.insert("t", &locale.labels);
        ctx.insert("today", &today.to_string());
        ctx.insert("css", &renderer.assets().css);
        let html_rows: Vec<serde_json::Value> = rows
            .iter()
            .map(|r| {
                serde_json::json!({
                    "row": r,
                    "timing": r.timing.text(),
                    "bad": r.timing.is_bad(),
                    "recommendations": r.recommendations.text(),
                    "afis": r.areas_for_improvement.text(),
                    "cocs": r.causes_of_concern.text(),
                    "copies": copies_text(r),
                })
            })
            .collect();
        ctx.insert("rows", &html_rows);
        let page = renderer.site("status.html", &ctx)?;
        fs::write_atomic(file, page.as_bytes())
            .with_context(|| format!("cannot write the status page `{}`", file.display()))?;
    }
    let broken = rows.iter().any(|r| !r.duties_broken.is_empty());
    Ok(if failed || (args.strict && broken) {
        1
    } else {
        0
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_fit_their_width() {
        assert_eq!(cell("Warwickshire Police", 13), "Warwickshire…");
        assert_eq!(cell("Kent", 6), "Kent  ");
    }

    #[test]
    fn the_table_fits_100_columns() {
        let doc = crate::load::parse(&crate::synth::response(3)).0.unwrap();
        let r = row(
            "r.yaml",
            &doc,
            &Settings::default(),
            jiff::civil::date(2030, 1, 1),
        );
        for line in table(&[r.clone(), r], false).lines() {
            assert!(
                line.chars().count() <= 100,
                "{} columns: {line}",
                line.chars().count()
            );
        }
    }
}
