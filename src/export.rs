//! Every finding of every response as data: `responses.json` carries them, and
//! `s55 export findings` writes them as CSV or JSON, one row a finding: each recommendation
//! (those under a cause of concern or an area for improvement included), each area for
//! improvement and each cause of concern.
//!
//! Policy: the columns are stable (new ones are only ever added at the end), every value
//! comes from the statutory position (`statute::tracked`, as `s55 status` reads it), and the
//! current status is the latest progress entry's, not the letter's. A row's `reference` stays
//! the same for as long as the response does: the response's address, then the
//! recommendation's number (`…/3`); for an area for improvement or a cause of concern its
//! kind and number (`…/cause-of-concern-1`), and for a recommendation under one, that, then
//! its own number (`…/cause-of-concern-1/1.1`), so that no two rows share one.

use std::path::Path;

use anyhow::Result;
use serde::{Deserialize, Serialize};

use crate::addresses;
use crate::model::Response;
use crate::settings::{Field, Settings};
use crate::statute;

/// The byte-order mark a CSV file starts with, so that Excel reads it as UTF-8 ("2025–27",
/// "Cymraeg", ŵ and ŷ as written) rather than in the computer's old code page.
pub const BOM: &str = "\u{feff}";

/// The CSV columns, in order.
pub const COLUMNS: [&str; 20] = [
    "reference",
    "force",
    "report",
    "report_published",
    "list",
    "number",
    "text",
    "timescale",
    "due",
    "addressed_to",
    "status",
    "status_date",
    "owner",
    "closed_on",
    "closed",
    "kind",
    "under",
    "force_response",
    "response",
    "discharged",
];

/// The columns of the history's CSV, in order: one row per progress entry.
pub const HISTORY_COLUMNS: [&str; 10] = [
    "reference",
    "force",
    "report",
    "list",
    "number",
    "kind",
    "date",
    "status",
    "note",
    "evidence",
];

/// One recommendation, with its progress.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindingRow {
    /// `FORCE/DATE-TITLE/NUMBER`: the response's address and the recommendation's number.
    pub reference: String,
    /// The force.
    pub force: String,
    /// The report's title.
    pub report: String,
    /// The report's publication date (YYYY-MM-DD).
    pub report_published: String,
    /// The list it is in, or sits under: `recommendations`, `causes_of_concern` (a cause of
    /// concern, or a recommendation under one) or `areas_for_improvement`.
    pub list: String,
    /// Its number.
    pub number: String,
    /// The recommendation, as the report gives it.
    pub text: String,
    /// Its timescale, as written.
    pub timescale: Option<String>,
    /// The day it falls due (YYYY-MM-DD).
    pub due: Option<String>,
    /// The body it is addressed to, when not the force.
    pub addressed_to: Option<String>,
    /// Its status now.
    pub status: Option<String>,
    /// Since when (YYYY-MM-DD); `None` when the status is the letter's.
    pub status_date: Option<String>,
    /// Who owns it.
    pub owner: Option<String>,
    /// The day it was closed (YYYY-MM-DD), when progress records it.
    pub closed_on: Option<String>,
    /// Whether its current status counts as closed in the office's settings.
    pub closed: bool,
    /// Its progress, oldest first.
    pub history: Vec<HistoryEntry>,
    /// What it is: `recommendation`, `area_for_improvement` or `cause_of_concern`.
    #[serde(default)]
    pub kind: String,
    /// For a recommendation under a cause of concern or an area for improvement, that
    /// finding's number.
    #[serde(default)]
    pub under: Option<String>,
    /// The force's own response to it (Markdown).
    #[serde(default)]
    pub force_response: Option<String>,
    /// The body's response to it (Markdown).
    #[serde(default)]
    pub response: Option<String>,
    /// For a cause of concern, the day HMICFRS discharged it (YYYY-MM-DD): recorded after
    /// publication, beside the letter, which stays as signed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discharged: Option<String>,
}

/// One progress entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// The day (YYYY-MM-DD).
    pub date: String,
    /// The status from that day.
    pub status: String,
    /// What was done.
    pub note: Option<String>,
    /// The evidence's address.
    pub evidence: Option<String>,
}

/// The rows of one response, whose address is `slug`: every finding, in the order of
/// [`statute::tracked`].
pub fn rows(slug: &str, doc: &Response, settings: &Settings) -> Vec<FindingRow> {
    let published = doc.report.published.0.to_string();
    statute::tracked(doc, settings, None)
        .into_iter()
        .map(|t| {
            let o = t.owed;
            let own = match t.kind {
                statute::Kind::Recommendation => o.number.0.clone(),
                kind => format!("{}-{}", kind.name().replace('_', "-"), o.number.0),
            };
            let reference = match (&t.under, t.list) {
                (Some(parent), list) => {
                    let parent_kind = if list == "causes_of_concern" {
                        statute::Kind::CauseOfConcern
                    } else {
                        statute::Kind::AreaForImprovement
                    };
                    format!(
                        "{slug}/{}-{}/{own}",
                        parent_kind.name().replace('_', "-"),
                        parent.0
                    )
                }
                (None, _) => format!("{slug}/{own}"),
            };
            FindingRow {
                reference,
                force: doc.force.clone(),
                report: doc.report.title.clone(),
                report_published: published.clone(),
                list: t.list.to_owned(),
                number: o.number.0.clone(),
                text: t.finding.text.clone(),
                timescale: t.finding.timescale.clone(),
                due: o.due.map(|d| d.to_string()),
                addressed_to: o.addressed_to,
                status: o.status,
                status_date: o.status_date.map(|d| d.to_string()),
                owner: o.owner,
                closed_on: o.closed_on.map(|d| d.to_string()),
                closed: o.closed,
                history: o
                    .history
                    .into_iter()
                    .map(|p| HistoryEntry {
                        date: p.date.to_string(),
                        status: p.status,
                        note: p.note,
                        // As on the progress pages, and as `check` warns: only a web
                        // address is published, never `javascript:` or a local file.
                        evidence: p.evidence.filter(|e| crate::markup::is_web_address(e)),
                    })
                    .collect(),
                kind: t.kind.name().to_owned(),
                under: t.under.map(|n| n.0),
                force_response: t.finding.force_response.clone(),
                response: t.finding.response.clone(),
                discharged: t.finding.discharged.map(|d| d.0.to_string()),
            }
        })
        .collect()
}

/// The rows of one response as a public file gives them (`responses.json`, the progress
/// pages): [`rows`], each one [`FindingRow::public`].
pub fn public_rows(slug: &str, doc: &Response, settings: &Settings) -> Vec<FindingRow> {
    rows(slug, doc, settings)
        .into_iter()
        .map(|r| r.public(settings))
        .collect()
}

impl FindingRow {
    /// The row as the archive publishes it: the one rule for what of a finding reaches a
    /// public file beside the letter (whose lists and tracker follow the same settings). A
    /// field the office's `published_fields` leaves out is dropped: the owner (offices write
    /// people's names there, so it is private unless the office publishes it) and the
    /// timescale with the due day it gives. The progress (the current status, since when,
    /// its history and whether it is closed) is what the progress pages and
    /// `responses.json` are for, so it is always published.
    pub fn public(mut self, settings: &Settings) -> FindingRow {
        if !settings.publishes(Field::Owner) {
            self.owner = None;
        }
        if !settings.publishes(Field::Timescale) {
            self.timescale = None;
            self.due = None;
        }
        if !settings.publishes(Field::ForceResponse) {
            self.force_response = None;
        }
        if !settings.publishes(Field::Response) {
            self.response = None;
        }
        self
    }
}

/// The files that could not be read: each one's name and what loading found.
pub use crate::check::Failed;

/// Every final response's rows in a folder, in reference order, and the files that could
/// not be read.
pub fn scan(dir: &Path) -> Result<(Vec<FindingRow>, Failed)> {
    let mut each = Vec::new();
    let failed = crate::check::each_response(dir, false, |_, editions, settings| {
        if !editions.first().draft {
            let doc = editions.english();
            let slug = addresses::base_slug(doc);
            let rows = rows(&slug, doc, settings);
            each.push((slug, rows));
        }
    })?;
    // Responses in address order, each one's findings in the order it lists them.
    each.sort_by(|a, b| a.0.cmp(&b.0));
    Ok((each.into_iter().flat_map(|(_, r)| r).collect(), failed))
}

/// The rows as CSV (RFC 4180, CRLF line ends, after a [`BOM`]), with a header of
/// [`COLUMNS`].
pub fn csv(rows: &[FindingRow]) -> String {
    let mut out = format!("{BOM}{}", COLUMNS.join(","));
    out.push_str("\r\n");
    for r in rows {
        let o = |v: &Option<String>| v.clone().unwrap_or_default();
        let cells = [
            r.reference.clone(),
            r.force.clone(),
            r.report.clone(),
            r.report_published.clone(),
            r.list.clone(),
            r.number.clone(),
            r.text.clone(),
            o(&r.timescale),
            o(&r.due),
            o(&r.addressed_to),
            o(&r.status),
            o(&r.status_date),
            o(&r.owner),
            o(&r.closed_on),
            r.closed.to_string(),
            r.kind.clone(),
            o(&r.under),
            o(&r.force_response),
            o(&r.response),
            o(&r.discharged),
        ];
        let line: Vec<String> = cells.iter().map(|c| cell(c)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

/// Every progress entry of the rows as CSV (as [`csv`]), one row each, oldest first within
/// each finding, with a header of [`HISTORY_COLUMNS`]: the history as offices' trackers keep
/// it, a line per update.
pub fn history_csv(rows: &[FindingRow]) -> String {
    let mut out = format!("{BOM}{}", HISTORY_COLUMNS.join(","));
    out.push_str("\r\n");
    for r in rows {
        for h in &r.history {
            let cells = [
                &r.reference,
                &r.force,
                &r.report,
                &r.list,
                &r.number,
                &r.kind,
                &h.date,
                &h.status,
                h.note.as_deref().unwrap_or_default(),
                h.evidence.as_deref().unwrap_or_default(),
            ];
            let line: Vec<String> = cells.iter().map(|c| cell(c)).collect();
            out.push_str(&line.join(","));
            out.push_str("\r\n");
        }
    }
    out
}

/// One CSV cell, quoted when it must be. A cell a spreadsheet would take for a formula is
/// prefixed with an apostrophe.
pub fn cell(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_owned()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// The rows as pretty JSON.
pub fn json(rows: &[FindingRow]) -> Result<String> {
    Ok(serde_json::to_string_pretty(rows)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_and_formulas_defused() {
        assert_eq!(cell("plain"), "plain");
        assert_eq!(cell("a, b"), "\"a, b\"");
        assert_eq!(cell("say \"no\""), "\"say \"\"no\"\"\"");
        assert_eq!(cell("=SUM(A1)"), "'=SUM(A1)");
    }
}
