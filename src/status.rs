//! `s55 status`: every response an office owes, against the duties of section 55, in one view.
//!
//! One row per response, read from its statutory position ([`crate::statute::standing`]): the
//! 56-day window and where the response stands in it (on time, late by N days, N days left,
//! or overdue), how many recommendations, areas for improvement and causes of concern have a
//! response of their own, how many recommendations are past their due date and not closed,
//! and whether the copies to HMICFRS and the Home Secretary are recorded. As a table for a
//! terminal, JSON or CSV for other systems, or an HTML page; every word from the locale.

use std::path::Path;

use anyhow::Result;
use jiff::civil::Date;
use serde::Serialize;

use crate::load::Loaded;
use crate::model::Response;
use crate::render::Renderer;
use crate::render::assets::Locale;
use crate::settings::Settings;
use crate::statute::{self, Count, Duty, Timing};

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
    /// The duties of section 55 it does not meet, in words.
    pub duties_broken: Vec<String>,
}

impl Row {
    /// Whether it breaks a duty of section 55.
    pub fn breaks_a_duty(&self) -> bool {
        !self.duties_broken.is_empty()
    }
}

/// Works out a response's row as it stands on `today`.
pub fn row(file: &str, doc: &Response, settings: &Settings, today: Date, l: &Locale) -> Row {
    let st = statute::standing(doc, settings, Some(today));
    Row {
        file: file.to_owned(),
        force: doc.force.clone(),
        report: doc.report.title.clone(),
        published: st.published.to_string(),
        last_day: st.last_day.to_string(),
        response_date: st.date.map(|d| d.to_string()),
        timing: st.timing,
        recommendations: st.recommendations,
        areas_for_improvement: st.areas_for_improvement,
        causes_of_concern: st.causes_of_concern,
        overdue_recommendations: st.overdue,
        copy_hmicfrs: st.copy_hmicfrs,
        copy_home_secretary: st.copy_home_secretary,
        duties_broken: st.duties.iter().map(|d| duty_text(*d, l)).collect(),
    }
}

/// "3 days", "1 day", in the locale's words.
fn days(n: i64, l: &Locale) -> String {
    l.count("status_days", "n", n)
}

/// A duty broken, in words.
pub fn duty_text(d: Duty, l: &Locale) -> String {
    let days = |n| days(n, l);
    match d {
        Duty::NoChiefOfficerComments => l.label("duty_chief_officer").to_owned(),
        Duty::PublishedLate(n) => l.label("duty_late").replace("{days}", &days(n)),
        Duty::NotPublished(n) => l.label("duty_not_published").replace("{days}", &days(n)),
        Duty::Unexplained { missing, total } => l
            .label("duty_unexplained")
            .replace("{missing}", &missing.to_string())
            .replace("{total}", &total.to_string()),
        Duty::CopiesNotRecorded { .. } => l.label("duty_copies").to_owned(),
    }
}

/// Where a response stands in its window, in words.
pub fn timing_text(t: Timing, l: &Locale) -> String {
    let (key, n) = match t {
        Timing::OnTime => ("status_on_time", None),
        Timing::Late(n) => ("status_late", Some(n)),
        Timing::DaysLeft(n) => ("status_days_left", Some(n)),
        Timing::Overdue(n) => ("status_overdue", Some(n)),
        Timing::Undated => ("status_undated", None),
    };
    let text = l.label(key);
    match n {
        Some(n) => text.replace("{days}", &days(n, l)),
        None => text.to_owned(),
    }
}

/// What a cell shows for nothing.
const NONE: &str = "–";

fn count_text(c: Count) -> String {
    if c.total == 0 {
        NONE.to_owned()
    } else {
        format!("{}/{}", c.answered, c.total)
    }
}

fn copies_text(r: &Row, l: &Locale) -> String {
    if r.response_date.is_none() {
        return NONE.to_owned();
    }
    let key = match (r.copy_hmicfrs, r.copy_home_secretary) {
        (true, true) => "status_copies_both",
        (true, false) => "status_copies_hmicfrs",
        (false, true) => "status_copies_home_secretary",
        (false, false) => "status_copies_none",
    };
    l.label(key).to_owned()
}

/// Cuts a text to `n` characters, with an ellipsis when cut, and pads it to `n`.
fn cell(text: &str, n: usize) -> String {
    let count = text.chars().count();
    if count > n {
        let mut t: String = text.chars().take(n.saturating_sub(1)).collect();
        t.push('…');
        t
    } else {
        format!("{text}{}", " ".repeat(n - count))
    }
}

/// The table's width where there is no terminal to measure (a file or a pipe): no limit, so
/// that saved output keeps every title whole and does not depend on the window it was made in.
pub const DEFAULT_WIDTH: usize = usize::MAX;

/// The table's columns, by their locale key.
const HEADS: [&str; 11] = [
    "force",
    "report",
    "published",
    "last_day",
    "response",
    "timing",
    "recs",
    "afis",
    "cocs",
    "over",
    "copies",
];

/// The columns that give way when the table is too wide, in turn, each down to the width it
/// keeps: the report's title first, as the longest and the one most easily known from its
/// start, then the force. Every other column (the dates, the timing, the counts, the copies:
/// what the table is for) is never cut; when they do not fit beside the shortened titles,
/// each response is written as a block instead (see [`table`]).
const GIVE_WAY: [(usize, usize); 2] = [(1, 16), (0, 12)];

/// Each column's width: what its widest cell needs, the titles narrowed (as [`GIVE_WAY`]
/// says) until the table fits in `width`; `None` when it cannot fit even so.
fn widths(cells: &[Vec<String>], width: usize) -> Option<Vec<usize>> {
    let mut w: Vec<usize> = (0..HEADS.len())
        .map(|i| {
            cells
                .iter()
                .map(|row| row[i].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let total = |w: &[usize]| w.iter().sum::<usize>() + w.len().saturating_sub(1);
    for (i, floor) in GIVE_WAY {
        let over = total(&w).saturating_sub(width);
        if over == 0 {
            break;
        }
        w[i] -= over.min(w[i].saturating_sub(floor));
    }
    (total(&w) <= width).then_some(w)
}

/// Words joined by `sep` into lines of at most `width` characters, the first line starting
/// with `first` and the others with `indent`; a word longer than a line has one to itself.
fn wrap<'a>(
    words: impl IntoIterator<Item = &'a str>,
    sep: &str,
    width: usize,
    first: &str,
    indent: &str,
) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = first.to_owned();
    let mut has_word = false;
    for word in words {
        if has_word && line.chars().count() + sep.chars().count() + word.chars().count() > width {
            lines.push(std::mem::replace(&mut line, indent.to_owned()));
            has_word = false;
        }
        if has_word {
            line.push_str(sep);
        }
        line.push_str(word);
        has_word = true;
    }
    if has_word {
        lines.push(line);
    }
    lines
}

/// The table for a terminal `width` columns wide: each column as wide as it needs, the
/// report's title and then the force shortened when the table would be wider. When the
/// figures do not fit even so (an 80-column terminal), each response is a block of its own:
/// the force and the whole title, wrapped, then its timing and figures, each labelled as the
/// table heads them, wrapped; nothing the table exists for is ever cut.
pub fn table(rows: &[Row], color: bool, width: usize, l: &Locale) -> String {
    use anstyle::{AnsiColor, Style};
    let paint = |style: Style, text: String| {
        if color {
            format!("{}{text}{}", style.render(), style.render_reset())
        } else {
            text
        }
    };
    let tone = |r: &Row| match r.timing {
        t if t.is_bad() => Style::new().fg_color(Some(AnsiColor::Red.into())).bold(),
        Timing::OnTime => Style::new().fg_color(Some(AnsiColor::Green.into())),
        _ => Style::new().fg_color(Some(AnsiColor::Yellow.into())),
    };
    let heads: Vec<String> = HEADS
        .iter()
        .map(|h| l.label(&format!("status_head_{h}")).to_owned())
        .collect();
    let mut cells: Vec<Vec<String>> = vec![heads.clone()];
    for r in rows {
        cells.push(vec![
            r.force.clone(),
            r.report.clone(),
            r.published.clone(),
            r.last_day.clone(),
            r.response_date.clone().unwrap_or_else(|| NONE.to_owned()),
            timing_text(r.timing, l),
            count_text(r.recommendations),
            count_text(r.areas_for_improvement),
            count_text(r.causes_of_concern),
            r.overdue_recommendations.to_string(),
            copies_text(r, l),
        ]);
    }
    let mut out = String::new();
    let Some(w) = widths(&cells, width) else {
        // A no-break space holds each heading to its figure, and the timing together.
        const BOUND: char = '\u{a0}';
        for (r, row) in rows.iter().zip(&cells[1..]) {
            let title = format!("{} – {}", row[0], row[1]);
            for line in wrap(title.split(' '), " ", width, "", "  ") {
                out.push_str(&paint(Style::new().bold(), line));
                out.push('\n');
            }
            let mut parts = vec![row[5].replace(' ', &BOUND.to_string())];
            parts.extend((2..HEADS.len()).filter(|i| *i != 5).map(|i| {
                format!("{}{BOUND}{}", heads[i], row[i]).replace(' ', &BOUND.to_string())
            }));
            for (n, line) in wrap(
                parts.iter().map(String::as_str),
                " · ",
                width,
                "    ",
                "    ",
            )
            .into_iter()
            .enumerate()
            {
                let line = line.replace(BOUND, " ");
                if n == 0 {
                    out.push_str(&line.replacen(&row[5], &paint(tone(r), row[5].clone()), 1));
                } else {
                    out.push_str(&line);
                }
                out.push('\n');
            }
        }
        return out;
    };
    let head: Vec<String> = cells[0].iter().zip(&w).map(|(t, n)| cell(t, *n)).collect();
    out.push_str(&paint(
        Style::new().bold(),
        head.join(" ").trim_end().to_owned(),
    ));
    out.push('\n');
    for (r, row) in rows.iter().zip(&cells[1..]) {
        let mut line: Vec<String> = row.iter().zip(&w).map(|(t, n)| cell(t, *n)).collect();
        line[5] = paint(tone(r), std::mem::take(&mut line[5]));
        out.push_str(line.join(" ").trim_end());
        out.push('\n');
    }
    out
}

/// The lines under the table that say what its short headings mean, wrapped at `width`.
pub fn legend(l: &Locale, width: usize) -> String {
    let mut out = String::new();
    let mut line = String::new();
    for word in l.label("status_legend").split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            out.push_str(&line);
            out.push('\n');
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// The rows as CSV (RFC 4180, after a byte-order mark), with a header of field names.
pub fn csv(rows: &[Row], l: &Locale) -> String {
    let quote = crate::export::cell;
    // After a byte-order mark, so that a spreadsheet reads the accents as written.
    let mut out = String::from(crate::export::BOM);
    out.push_str(
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
            quote(&timing_text(r.timing, l)),
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

/// The rows as JSON, for other systems.
pub fn json(rows: &[Row], today: Date) -> Result<String> {
    Ok(serde_json::to_string_pretty(
        &serde_json::json!({ "today": today.to_string(), "responses": rows }),
    )?)
}

/// The rows as an accessible HTML page.
pub fn html(renderer: &Renderer, rows: &[Row], today: Date, l: &Locale) -> Result<String> {
    let mut ctx = tera::Context::new();
    ctx.insert("t", &l.labels);
    ctx.insert("today", &today.to_string());
    ctx.insert("css", &renderer.assets().css);
    let html_rows: Vec<serde_json::Value> = rows
        .iter()
        .map(|r| {
            serde_json::json!({
                "row": r,
                "timing": timing_text(r.timing, l),
                "bad": r.timing.is_bad(),
                "recommendations": count_text(r.recommendations),
                "afis": count_text(r.areas_for_improvement),
                "cocs": count_text(r.causes_of_concern),
                "copies": copies_text(r, l),
            })
        })
        .collect();
    ctx.insert("rows", &html_rows);
    renderer.site("status.html", &ctx)
}

/// Every response of a folder against the duties.
#[derive(Debug, Default)]
pub struct Scan {
    /// One row per response that could be read, the one owed soonest first.
    pub rows: Vec<Row>,
    /// The files that could not be read, with their problems.
    pub failed: Vec<(String, Loaded)>,
}

/// Reads every response of `dir` (with the settings there) and works out its row on `today`.
/// Responses not yet published come first, the one owed soonest at the top; then the
/// published ones in the order they fell due.
pub fn scan(dir: &Path, today: Date, l: &Locale, follow_links: bool) -> Result<Scan> {
    let mut scan = Scan::default();
    scan.failed = crate::check::each_response(dir, follow_links, |rel, editions, settings| {
        let file = rel.display().to_string();
        scan.rows
            .push(row(&file, editions.first(), settings, today, l));
    })?;
    scan.rows.sort_by(|a, b| {
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
    Ok(scan)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The row of a synthetic response, as at 1 January 2030.
    fn synthetic_row(l: &Locale) -> Row {
        let doc = crate::load::parse(&crate::synth::response(3)).0.unwrap();
        row(
            "r.yaml",
            &doc,
            &Settings::default(),
            jiff::civil::date(2030, 1, 1),
            l,
        )
    }

    fn english() -> Locale {
        crate::render::Assets::builtin()
            .map(|a| a.en)
            .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn cells_fit_their_width() {
        assert_eq!(cell("Warwickshire Police", 13), "Warwickshire…");
        assert_eq!(cell("Kent", 6), "Kent  ");
    }

    #[test]
    fn the_table_fits_its_width_and_gives_the_title_the_room() {
        let l = english();
        let r = synthetic_row(&l);
        let wide = table(std::slice::from_ref(&r), false, 300, &l);
        assert!(wide.contains(&r.report), "{wide}");
        for width in [40, 72, 100, 160] {
            for line in table(std::slice::from_ref(&r), false, width, &l).lines() {
                assert!(line.chars().count() <= width, "{width}: {line}");
            }
        }
    }

    #[test]
    fn an_80_column_table_keeps_the_timing_counts_and_copies_whole() {
        let l = english();
        let r = synthetic_row(&l);
        let timing = timing_text(r.timing, &l);
        let text = table(&[r.clone(), r.clone()], false, 80, &l);
        for line in text.lines() {
            assert!(line.chars().count() <= 80, "{line}");
            assert!(!line.contains('…'), "nothing is cut: {line}");
        }
        // Every figure whole on one line, after its heading, and the title whole across its
        // lines.
        for part in [
            timing.clone(),
            format!("Published {}", r.published),
            format!("Last day {}", r.last_day),
            format!("Response {}", r.response_date.as_deref().unwrap_or("–")),
            format!("Recs {}", count_text(r.recommendations)),
            format!("Over {}", r.overdue_recommendations),
            format!("Copies {}", copies_text(&r, &l)),
        ] {
            assert!(
                text.lines().any(|line| line.contains(&part)),
                "{part}\n{text}"
            );
        }
        let joined: Vec<&str> = text.lines().map(str::trim).collect();
        assert!(
            joined
                .join(" ")
                .contains(&format!("{} – {}", r.force, r.report)),
            "{text}"
        );
    }

    #[test]
    fn output_that_is_not_a_terminal_keeps_titles_whole() {
        let l = english();
        let r = synthetic_row(&l);
        let text = table(std::slice::from_ref(&r), false, DEFAULT_WIDTH, &l);
        assert_eq!(text.lines().count(), 2, "{text}");
        assert!(
            text.contains(&format!("{} {}", r.force, r.report)),
            "{text}"
        );
    }
}
