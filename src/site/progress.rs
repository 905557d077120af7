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

use super::index::{Tongue, pagination, progress_page};
use super::publish::Meta;
use super::records::Findings;
use crate::export::FindingRow;
use crate::render::Renderer;
use crate::render::assets::Locale;
use crate::render::view::format_date;
use crate::settings::Settings;

/// One finding as a progress page shows it: a recommendation, an area for improvement or a
/// cause of concern.
#[derive(Debug, Serialize)]
struct Row<'a> {
    finding: &'a FindingRow,
    /// Its current status, in the office's words in the page's language.
    status: Option<String>,
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
    status: String,
    note: Option<&'a str>,
    evidence: Option<&'a str>,
}

/// A group of rows: one response's recommendations.
#[derive(Debug, Serialize)]
struct Group<'a> {
    title: &'a str,
    href: String,
    /// The title's language, when it is not the page's.
    lang: Option<&'static str>,
    /// The findings' language, when it is not the page's.
    rows_lang: Option<&'static str>,
    rows: Vec<Row<'a>>,
}

/// Where the progress page of the response `m` goes, below the output folder: beside its
/// letter's page.
pub fn file_of(m: &Meta) -> String {
    file_of_page(&m.href)
}

/// Where the progress page of the response whose page is at `href` goes (see [`file_of`]).
pub fn file_of_page(href: &str) -> String {
    progress_page(href.trim_end_matches("index.html"), 1)
}

/// The progress pages, made one at a time; the day they count from is shown on each.
pub struct Pages<'a> {
    renderer: &'a Renderer,
    locale: &'a Locale,
    today: jiff::civil::Date,
    /// The language of the pages, and where the other language's are.
    tongue: Tongue<'a>,
    /// The office's settings, whose labels name the statuses in the page's language.
    settings: &'a Settings,
    /// What every page shares.
    ctx: tera::Context,
}

impl<'a> Pages<'a> {
    /// The pages as at `today`, in the language of `tongue` (whose words `locale` has).
    pub fn new(
        renderer: &'a Renderer,
        locale: &'a Locale,
        tongue: Tongue<'a>,
        settings: &'a Settings,
        today: jiff::civil::Date,
    ) -> Self {
        let mut ctx = tera::Context::new();
        ctx.insert("t", &locale.labels);
        ctx.insert("lang", tongue.tag());
        ctx.insert("today", &format_date(today, locale));
        ctx.insert("today_iso", &today.to_string());
        Pages {
            renderer,
            locale,
            today,
            tongue,
            settings,
            ctx,
        }
    }

    /// Where the progress page beside the response `m` goes in this language.
    pub fn file_of(&self, m: &Meta) -> String {
        format!("{}{}", self.tongue.dir, file_of(m))
    }

    /// The context of a page at `path` below the output folder: the way to the top of the
    /// site, the home page and the same page in the other language.
    fn at(&self, path: &str) -> (tera::Context, String) {
        let mut ctx = self.ctx.clone();
        let root = "../".repeat(path.matches('/').count());
        let inner = path.strip_prefix(self.tongue.dir).unwrap_or(path);
        ctx.insert("root", &root);
        ctx.insert("home", &format!("{root}{}index.html", self.tongue.dir));
        ctx.insert("alternate", &self.tongue.alternate(&root, inner));
        (ctx, root)
    }

    /// The progress page beside the response `m`, whose findings are `findings`: its bytes,
    /// to be written at [`Pages::file_of`].
    pub fn response(&self, m: &Meta, findings: &Findings) -> Result<Vec<u8>> {
        let rows = &findings.rows;
        let (mut ctx, root) = self.at(&self.file_of(m));
        let dir = self.tongue.dir;
        ctx.insert("heading", self.title(m));
        ctx.insert("force", &m.force);
        ctx.insert(
            "force_href",
            &format!("{root}{dir}forces/{}/index.html", m.force_slug),
        );
        // The owner's column only where the office publishes owners and one is written.
        ctx.insert("owners", &rows.iter().any(|r| r.owner.is_some()));
        ctx.insert("groups", &[self.group(m, findings, &root)]);
        Ok(self.renderer.site("progress.html", &ctx)?.into_bytes())
    }

    /// A response's title in the page's language, when it has an edition in it.
    fn title<'m>(&self, m: &'m Meta) -> &'m str {
        match (&m.welsh, self.tongue.welsh) {
            (Some(cy), true) => &cy.title,
            _ => &m.title,
        }
    }

    /// One response's findings, linked to its letter in the page's language.
    fn group<'m>(&self, m: &'m Meta, findings: &'m Findings, root: &str) -> Group<'m> {
        let (href, lang) = match (&m.welsh, self.tongue.welsh) {
            (Some(cy), true) => (cy.href.as_str(), None),
            (None, true) => (m.href.as_str(), Some("en-GB")),
            (_, false) => (m.href.as_str(), (m.lang == "cy").then_some("cy")),
        };
        // The findings are in Welsh when they are a bilingual response's Welsh edition's or a
        // Welsh-only response's; otherwise the English edition's.
        let rows_welsh = findings.welsh || m.lang == "cy";
        let rows_lang = match (self.tongue.welsh, rows_welsh) {
            (true, false) => Some("en-GB"),
            (false, true) => Some("cy"),
            _ => None,
        };
        let mut g = group(
            m,
            &findings.rows,
            format!("{root}{href}"),
            self.locale,
            self.settings,
            self.today,
        );
        g.title = self.title(m);
        g.lang = lang;
        g.rows_lang = rows_lang;
        g
    }

    /// Page `n` of `pages` of the progress of the force at `slug` (named `name`): the
    /// responses of the same page of its list, `metas`, with their findings, `rows`. Returns
    /// the page's path below the output folder, and its bytes.
    pub fn force(
        &self,
        (slug, name): (&str, &str),
        (n, pages): (usize, usize),
        metas: &[Meta],
        rows: &[Findings],
    ) -> Result<(String, Vec<u8>)> {
        let path = format!(
            "{}{}",
            self.tongue.dir,
            progress_page(&format!("forces/{slug}/"), n)
        );
        let (mut ctx, root) = self.at(&path);
        ctx.insert("heading", name);
        ctx.insert("force", name);
        ctx.insert("force_href", "index.html");
        // Its pages are side by side in the force's folder.
        let href = |k: usize| progress_page("", k);
        ctx.insert("pagination", &pagination(self.locale, n, pages, href));
        let groups: Vec<Group<'_>> = metas
            .iter()
            .zip(rows)
            .map(|(m, rows)| self.group(m, rows, &root))
            .collect();
        let owned = rows.iter().flat_map(|f| &f.rows).any(|r| r.owner.is_some());
        ctx.insert("owners", &owned);
        ctx.insert("groups", &groups);
        let html = self.renderer.site("progress.html", &ctx)?;
        Ok((path, html.into_bytes()))
    }
}

/// One response's findings, every kind, in the order of its `findings`, linked to its letter
/// at `href`.
fn group<'a>(
    m: &'a Meta,
    findings: &'a [FindingRow],
    href: String,
    locale: &Locale,
    settings: &Settings,
    today: jiff::civil::Date,
) -> Group<'a> {
    // A status in the office's words in the page's language.
    let label = |s: &str| crate::render::view::status_label(s, settings, locale);
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
                && f.discharged.is_none()
                && f.addressed_to.is_none()
                && f.due
                    .as_deref()
                    .and_then(|d| d.parse::<jiff::civil::Date>().ok())
                    .is_some_and(|d| d < today);
            // A cause of concern HMICFRS has discharged is closed, on that day.
            let discharged = f.discharged.as_deref();
            let state = if f.closed || discharged.is_some() {
                "closed"
            } else if overdue {
                "overdue"
            } else {
                "open"
            };
            let state_text = match discharged {
                Some(_) => locale.label("discharged"),
                None => locale.label(&format!("progress_{state}")),
            };
            Row {
                finding: f,
                status: f.status.as_deref().map(label),
                kind: kind(&f.kind),
                state,
                state_text: state_text.to_owned(),
                due: f.due.as_deref().map(day),
                status_date: f.status_date.as_deref().map(day),
                closed_on: discharged.or(f.closed_on.as_deref()).map(day),
                history: f
                    .history
                    .iter()
                    .map(|h| Step {
                        date: day(&h.date),
                        date_iso: &h.date,
                        status: label(&h.status),
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
        lang: None,
        rows_lang: None,
        rows,
    }
}
