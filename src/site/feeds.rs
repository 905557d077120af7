//! What other systems read: `responses.json` (everything the index knows, and the
//! statutory position), the Atom feed and, given the site's address, the sitemap.

use std::io::Write;

use anyhow::Result;
use serde::Serialize;

use super::index::Forces;
use super::publish::Meta;
use crate::export::FindingRow;
use crate::render::Renderer;
use crate::render::assets::Locale;

/// One response as `responses.json` gives it.
#[derive(Serialize)]
struct Listed<'a> {
    address: &'a str,
    title: &'a str,
    force: &'a str,
    office: &'a str,
    report: ListedReport<'a>,
    response_date: Option<&'a str>,
    last_day: &'a str,
    on_time: Option<bool>,
    days_late: Option<i64>,
    recommendations: Counted,
    findings: Vec<FindingRow>,
    files: &'a [super::publish::FileMeta],
}

/// The report a response answers, in `responses.json`.
#[derive(Serialize)]
struct ListedReport<'a> {
    title: &'a str,
    kind: &'a str,
    published: &'a str,
    url: Option<&'a str>,
}

/// How many recommendations, and how many answered.
#[derive(Serialize)]
struct Counted {
    total: usize,
    answered: usize,
}

/// `responses.json`, written into `w` one response at a time (each one's findings read by
/// `findings`), so that memory does not grow with the archive.
pub fn json(
    sorted: &[&Meta],
    findings: &dyn Fn(&Meta) -> Vec<FindingRow>,
    w: &mut dyn Write,
) -> Result<()> {
    let generator = serde_json::to_string(&format!("s55 {}", env!("CARGO_PKG_VERSION")))?;
    if sorted.is_empty() {
        writeln!(
            w,
            "{{\n  \"generator\": {generator},\n  \"responses\": []\n}}"
        )?;
        return Ok(());
    }
    writeln!(w, "{{\n  \"generator\": {generator},\n  \"responses\": [")?;
    for (i, m) in sorted.iter().enumerate() {
        let listed = Listed {
            address: &m.href,
            title: &m.title,
            force: &m.force,
            office: &m.office,
            report: ListedReport {
                title: &m.report_title,
                kind: &m.report_kind,
                published: &m.report_published,
                url: m.report_url.as_deref(),
            },
            response_date: m.response_date.as_deref(),
            last_day: &m.last_day,
            on_time: m.days_late.map(|d| d == 0),
            days_late: m.days_late,
            recommendations: Counted {
                total: m.recommendations,
                answered: m.answered,
            },
            findings: findings(m),
            files: &m.files,
        };
        // As the whole document's pretty form would give it: keys in order, four spaces in.
        let text = serde_json::to_string_pretty(&serde_json::to_value(&listed)?)?;
        let text = text.replace('\n', "\n    ");
        write!(w, "    {text}")?;
        w.write_all(if i + 1 < sorted.len() { b",\n" } else { b"\n" })?;
    }
    w.write_all(b"  ]\n}\n")?;
    Ok(())
}

/// The day a response counts as updated: its date, else its report's.
fn updated(m: &Meta) -> String {
    m.response_date
        .clone()
        .unwrap_or_else(|| m.report_published.clone())
}

/// The Atom feed, newest first; absolute links only with a base address (`base` ends in `/`).
pub fn feed(
    renderer: &Renderer,
    locale: &Locale,
    sorted: &[&Meta],
    base: Option<&str>,
) -> Result<Vec<u8>> {
    let newest = sorted
        .iter()
        .map(|m| updated(m))
        .max()
        .unwrap_or_else(|| "1970-01-01".to_owned());
    let mut ctx = tera::Context::new();
    ctx.insert("t", &locale.labels);
    ctx.insert("base", &base);
    ctx.insert("updated", &format!("{newest}T00:00:00Z"));
    let entries: Vec<serde_json::Value> = sorted
        .iter()
        .map(|m| {
            let page = m.href.trim_end_matches("index.html");
            serde_json::json!({
                "title": m.title,
                "href": format!("{}{page}", base.unwrap_or("")),
                "id": match base {
                    Some(b) => format!("{b}{page}"),
                    None => format!("urn:s55:{}", m.slug.replace('/', ":")),
                },
                "updated": format!("{}T00:00:00Z", updated(m)),
                "summary": format!("{} – {}", m.force, m.report_title),
                "author": m.office,
            })
        })
        .collect();
    ctx.insert("entries", &entries);
    Ok(renderer.site("feed.xml", &ctx)?.into_bytes())
}

/// The sitemap: the index, each force's page and each response's page.
pub fn sitemap(
    renderer: &Renderer,
    sorted: &[&Meta],
    forces: &Forces<'_>,
    base: &str,
) -> Result<Vec<u8>> {
    let mut urls = vec![base.to_owned()];
    urls.extend(forces.keys().map(|s| format!("{base}forces/{s}/")));
    urls.extend(
        sorted
            .iter()
            .map(|m| format!("{base}{}", m.href.trim_end_matches("index.html"))),
    );
    let mut ctx = tera::Context::new();
    ctx.insert("urls", &urls);
    Ok(renderer.site("sitemap.xml", &ctx)?.into_bytes())
}
