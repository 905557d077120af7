//! The progress pages: one beside each response (`responses/SLUG/progress.html`) and one for
//! each force (`forces/FORCE/progress.html`, then `progress-2.html` and on, a hundred
//! responses to a page, linked from the force's page), listing every finding as open,
//! overdue or closed (and when), with its dated history.
//!
//! Policy: progress is recorded beside the signed letter and is never part of it. These
//! pages are made from `responses.json`'s data (the build's record of each response), so
//! recording progress rewrites them and leaves every file of the letter as it was. A
//! recommendation is overdue when its due date has passed on the day the build counts from
//! (`s55 build --today`, or `SOURCE_DATE_EPOCH`, else today), and its current status is not
//! closed; each page says which day that was, and the same input and day give the same bytes.

use anyhow::Result;
use serde::Serialize;

use super::index::{pagination, progress_page};
use super::publish::Meta;
use crate::export::FindingRow;
use crate::render::Renderer;
use crate::render::assets::Locale;
use crate::render::view::format_date;

/// One finding as a progress page shows it: a recommendation, an area for improvement or a
/// cause of concern.
#[derive(Debug, Serialize)]
struct Row<'a> {
    finding: &'a FindingRow,
    /// What the finding is called, when it is not a recommendation: "Area for improvement".
    kind: Option<String>,
    /// `open`, `overdue` or `closed`.
    state: &'static str,
    /// The state in words.
    state_text: String,
    due: Option<String>,
    status_date: Option<String>,
    closed_on: Option<String>,
    history: Vec<Step<'a>>,
}

/// One dated step of a recommendation's history.
#[derive(Debug, Serialize)]
struct Step<'a> {
    date: String,
    date_iso: &'a str,
    status: &'a str,
    note: Option<&'a str>,
    evidence: Option<&'a str>,
}

/// A group of rows: one response's recommendations.
#[derive(Debug, Serialize)]
struct Group<'a> {
    title: &'a str,
    href: String,
    rows: Vec<Row<'a>>,
}

/// Where the progress page of the response `m` goes, below the output folder: beside its
/// letter's page.
pub fn file_of(m: &Meta) -> String {
    progress_page(m.href.trim_end_matches("index.html"), 1)
}

/// The progress pages, made one at a time; the day they count from is shown on each.
pub struct Pages<'a> {
    renderer: &'a Renderer,
    locale: &'a Locale,
    today: jiff::civil::Date,
    /// What every page shares.
    ctx: tera::Context,
}

impl<'a> Pages<'a> {
    /// The pages as at `today`.
    pub fn new(renderer: &'a Renderer, locale: &'a Locale, today: jiff::civil::Date) -> Self {
        let mut ctx = tera::Context::new();
        ctx.insert("t", &locale.labels);
        ctx.insert("lang", "en-GB");
        ctx.insert("today", &format_date(today, locale));
        ctx.insert("today_iso", &today.to_string());
        Pages {
            renderer,
            locale,
            today,
            ctx,
        }
    }

    /// The progress page beside the response `m`, whose findings are `rows`: its bytes, to
    /// be written at [`file_of`].
    pub fn response(&self, m: &Meta, rows: &[FindingRow]) -> Result<Vec<u8>> {
        let mut ctx = self.ctx.clone();
        let root = "../".repeat(m.href.split('/').count() - 1);
        ctx.insert("root", &root);
        ctx.insert("heading", &m.title);
        ctx.insert("force", &m.force);
        ctx.insert(
            "force_href",
            &format!("{root}forces/{}/index.html", m.force_slug),
        );
        // The owner's column only where the office publishes owners and one is written.
        ctx.insert("owners", &rows.iter().any(|r| r.owner.is_some()));
        ctx.insert(
            "groups",
            &[group(
                m,
                rows,
                "index.html".to_owned(),
                self.locale,
                self.today,
            )],
        );
        Ok(self.renderer.site("progress.html", &ctx)?.into_bytes())
    }

    /// Page `n` of `pages` of the progress of the force at `slug` (named `name`): the
    /// responses of the same page of its list, `metas`, with their findings, `rows`. Returns
    /// the page's path below the output folder, and its bytes.
    pub fn force(
        &self,
        (slug, name): (&str, &str),
        (n, pages): (usize, usize),
        metas: &[Meta],
        rows: &[Vec<FindingRow>],
    ) -> Result<(String, Vec<u8>)> {
        let mut ctx = self.ctx.clone();
        ctx.insert("root", "../../");
        ctx.insert("heading", name);
        ctx.insert("force", name);
        ctx.insert("force_href", "index.html");
        // Its pages are side by side in the force's folder.
        let href = |k: usize| progress_page("", k);
        ctx.insert("pagination", &pagination(self.locale, n, pages, href));
        let groups: Vec<Group<'_>> = metas
            .iter()
            .zip(rows)
            .map(|(m, rows)| {
                group(
                    m,
                    rows,
                    format!("../../{}", m.href),
                    self.locale,
                    self.today,
                )
            })
            .collect();
        ctx.insert("owners", &rows.iter().flatten().any(|r| r.owner.is_some()));
        ctx.insert("groups", &groups);
        let html = self.renderer.site("progress.html", &ctx)?;
        Ok((
            progress_page(&format!("forces/{slug}/"), n),
            html.into_bytes(),
        ))
    }
}

/// One response's findings, every kind, in the order of its `findings`, linked to its letter
/// at `href`.
fn group<'a>(
    m: &'a Meta,
    findings: &'a [FindingRow],
    href: String,
    locale: &Locale,
    today: jiff::civil::Date,
) -> Group<'a> {
    let day = |s: &str| {
        s.parse::<jiff::civil::Date>()
            .map_or_else(|_| s.to_owned(), |d| format_date(d, locale))
    };
    let kind = |k: &str| -> Option<String> {
        let list = match k {
            "area_for_improvement" => "areas-for-improvement",
            "cause_of_concern" => "causes-of-concern",
            _ => return None,
        };
        locale.findings.get(list).cloned()
    };
    let rows = findings
        .iter()
        .map(|f| {
            let overdue = !f.closed
                && f.addressed_to.is_none()
                && f.due
                    .as_deref()
                    .and_then(|d| d.parse::<jiff::civil::Date>().ok())
                    .is_some_and(|d| d < today);
            let state = if f.closed {
                "closed"
            } else if overdue {
                "overdue"
            } else {
                "open"
            };
            Row {
                finding: f,
                kind: kind(&f.kind),
                state,
                state_text: locale.label(&format!("progress_{state}")).to_owned(),
                due: f.due.as_deref().map(day),
                status_date: f.status_date.as_deref().map(day),
                closed_on: f.closed_on.as_deref().map(day),
                history: f
                    .history
                    .iter()
                    .map(|h| Step {
                        date: day(&h.date),
                        date_iso: &h.date,
                        status: &h.status,
                        note: h.note.as_deref(),
                        evidence: h
                            .evidence
                            .as_deref()
                            .filter(|e| crate::markup::is_web_address(e)),
                    })
                    .collect(),
            }
        })
        .collect();
    Group {
        title: &m.title,
        href,
        rows,
    }
}
