//! The progress pages: one beside each response (`responses/SLUG/progress.html`) and one for
//! each force (`forces/FORCE/progress.html`), listing every recommendation as open, overdue
//! or closed (and when), with its dated history.
//!
//! Policy: progress is recorded beside the signed letter and is never part of it. These
//! pages are made from `responses.json`'s data (the manifest's record of each response), so
//! recording progress rewrites them and leaves every file of the letter as it was. A
//! recommendation is overdue when its due date has passed on the day of the build and its
//! current status is not closed.

use anyhow::Result;
use serde::Serialize;

use super::index::Forces;
use super::publish::Meta;
use crate::export::FindingRow;
use crate::render::Renderer;
use crate::render::assets::Locale;
use crate::render::view::format_date;

/// One recommendation as a progress page shows it.
#[derive(Debug, Serialize)]
struct Row<'a> {
    finding: &'a FindingRow,
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

/// Every progress page, as (path below the output folder, bytes).
pub fn pages(
    renderer: &Renderer,
    locale: &Locale,
    sorted: &[&Meta],
    forces: &Forces<'_>,
    today: jiff::civil::Date,
) -> Result<Vec<(String, Vec<u8>)>> {
    let mut files = Vec::new();
    let mut ctx = tera::Context::new();
    ctx.insert("t", &locale.labels);
    ctx.insert("lang", "en-GB");
    for m in sorted {
        let mut ctx = ctx.clone();
        let root = "../".repeat(m.href.split('/').count() - 1);
        ctx.insert("root", &root);
        ctx.insert("heading", &m.title);
        ctx.insert("force", &m.force);
        ctx.insert(
            "force_href",
            &format!("{root}forces/{}/index.html", m.force_slug),
        );
        ctx.insert(
            "groups",
            &[group(m, "index.html".to_owned(), locale, today)],
        );
        let dir = m.href.trim_end_matches("index.html");
        files.push((
            format!("{dir}progress.html"),
            renderer.site("progress.html", &ctx)?.into_bytes(),
        ));
    }
    for (slug, (name, list)) in forces {
        let mut ctx = ctx.clone();
        ctx.insert("root", "../../");
        ctx.insert("heading", name);
        ctx.insert("force", name);
        ctx.insert("force_href", "index.html");
        let groups: Vec<Group<'_>> = list
            .iter()
            .map(|m| group(m, format!("../../{}", m.href), locale, today))
            .collect();
        ctx.insert("groups", &groups);
        files.push((
            format!("forces/{slug}/progress.html"),
            renderer.site("progress.html", &ctx)?.into_bytes(),
        ));
    }
    Ok(files)
}

/// One response's recommendations, linked to its letter at `href`.
fn group<'a>(m: &'a Meta, href: String, locale: &Locale, today: jiff::civil::Date) -> Group<'a> {
    let day = |s: &str| {
        s.parse::<jiff::civil::Date>()
            .map_or_else(|_| s.to_owned(), |d| format_date(d, locale))
    };
    let rows = m
        .findings
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
