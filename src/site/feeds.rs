//! What other systems read: `responses.json` (everything the index knows, and the
//! statutory position), the Atom feed and, given the site's address, the sitemap.

use anyhow::Result;

use super::index::Forces;
use super::publish::Meta;
use crate::render::Renderer;
use crate::render::assets::Locale;

/// `responses.json`.
pub fn json(sorted: &[&Meta]) -> Result<Vec<u8>> {
    let json: Vec<serde_json::Value> = sorted
        .iter()
        .map(|m| {
            serde_json::json!({
                "address": m.href,
                "title": m.title,
                "force": m.force,
                "office": m.office,
                "report": {
                    "title": m.report_title,
                    "kind": m.report_kind,
                    "published": m.report_published,
                    "url": m.report_url,
                },
                "response_date": m.response_date,
                "last_day": m.last_day,
                "on_time": m.days_late.map(|d| d == 0),
                "days_late": m.days_late,
                "recommendations": { "total": m.recommendations, "answered": m.answered },
                "findings": m.findings,
                "files": m.files,
            })
        })
        .collect();
    let mut bytes = serde_json::to_vec_pretty(&serde_json::json!({
        "generator": format!("s55 {}", env!("CARGO_PKG_VERSION")),
        "responses": json,
    }))?;
    bytes.push(b'\n');
    Ok(bytes)
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
