//! The pages that list the responses: the index, grouped by year, and a page per force.

use std::collections::BTreeMap;

use anyhow::Result;
use serde::Serialize;

use super::publish::Meta;
use crate::render::assets::Locale;
use crate::render::{FormatLink, Renderer, format, human_size};

/// One row of an index page.
#[derive(Debug, Clone, Serialize)]
struct Row<'a> {
    meta: &'a Meta,
    href: String,
    status: String,
    late: bool,
    files: Vec<FormatLink>,
}

/// A year's rows.
#[derive(Debug, Clone, Serialize)]
struct Year<'a> {
    year: String,
    rows: Vec<Row<'a>>,
}

/// What the index says of a response's timing: on time, late by N days, or not dated.
fn status(m: &Meta, locale: &Locale) -> (String, bool) {
    match m.days_late {
        None => (locale.label("archive_undated").to_owned(), false),
        Some(0) => (locale.label("archive_on_time").to_owned(), false),
        Some(d) => (locale.count("archive_late", "days", d), true),
    }
}

/// The rows of an index page, grouped by the year the reports were published, in the order
/// given (newest first).
fn years<'a>(rows: &[&'a Meta], root: &str, locale: &Locale) -> Vec<Year<'a>> {
    // A format by its registry label; a bilingual response's edition pages by the name of
    // their language, in that language.
    let format_name = |f: &str| -> String {
        match f.split_once('.') {
            Some((lang, _)) => locale.label(&format!("language_{lang}")).to_owned(),
            None => format::by_name(f).map_or(f, |f| f.label()).to_owned(),
        }
    };
    let mut out: Vec<Year> = Vec::new();
    for m in rows {
        let year = m.report_published.get(..4).unwrap_or("").to_owned();
        let (status, late) = status(m, locale);
        let row = Row {
            meta: m,
            href: format!("{root}{}", m.href),
            status,
            late,
            // A bilingual response: the bilingual page and downloads, and each language's page.
            files: m
                .files
                .iter()
                .filter(|f| !matches!(f.format.as_str(), "cy.md" | "cy.pdf" | "en.md" | "en.pdf"))
                .map(|f| FormatLink {
                    label: format_name(&f.format),
                    href: format!("{root}{}", f.href),
                    size: Some(human_size(f.bytes)),
                })
                .collect(),
        };
        match out.last_mut() {
            Some(y) if y.year == year => y.rows.push(row),
            _ => out.push(Year {
                year,
                rows: vec![row],
            }),
        }
    }
    out
}

/// The responses grouped by force: (address, (name, responses)), in address order.
pub type Forces<'a> = BTreeMap<&'a str, (&'a str, Vec<&'a Meta>)>;

/// Groups the responses (already in index order) by force.
pub fn forces<'a>(sorted: &[&'a Meta]) -> Forces<'a> {
    let mut forces: Forces<'a> = BTreeMap::new();
    for m in sorted {
        forces
            .entry(m.force_slug.as_str())
            .or_insert((m.force.as_str(), Vec::new()))
            .1
            .push(m);
    }
    forces
}

/// The office whose archive it is: the body its settings (`office:` in the folder's
/// s55.yaml) name, else the one office every response names, if they all name one.
pub fn office(
    settings: &crate::settings::Settings,
    locale: &Locale,
    sorted: &[&Meta],
) -> Option<String> {
    let from_settings = settings
        .office
        .as_ref()
        .and_then(|o| o.get("body"))
        .and_then(|b| serde_yaml::from_value::<crate::model::Body>(b.clone()).ok())
        .map(|b| crate::render::view::office_name(&b, locale));
    from_settings.or_else(|| {
        let first = sorted.first()?.office.as_str();
        sorted
            .iter()
            .all(|m| m.office == first)
            .then(|| first.to_owned())
    })
}

/// The index and each force's page, each handed to `write` as it is made; `office` names the
/// office whose archive it is.
pub fn pages(
    renderer: &Renderer,
    locale: &Locale,
    sorted: &[&Meta],
    forces: &Forces<'_>,
    office: Option<&str>,
    write: &mut dyn FnMut(String, Vec<u8>) -> Result<()>,
) -> Result<()> {
    let force_links: Vec<FormatLink> = forces
        .iter()
        .map(|(slug, (name, list))| FormatLink {
            label: (*name).to_owned(),
            href: format!("forces/{slug}/index.html"),
            size: Some(list.len().to_string()),
        })
        .collect();
    // What every page shares; each page adds its own rows to a copy (the rows of one page
    // are never copied into another's).
    let mut shared = tera::Context::new();
    shared.insert("t", &locale.labels);
    shared.insert("lang", "en-GB");
    shared.insert("forces", &force_links);
    shared.insert("office", &office);
    let mut ctx = shared.clone();
    ctx.insert("years", &years(sorted, "", locale));
    ctx.insert("root", "");
    ctx.insert("force", &None::<String>);
    ctx.insert("count", &sorted.len());
    ctx.insert("feed", "feed.xml");
    write(
        "index.html".to_owned(),
        renderer.site("index.html", &ctx)?.into_bytes(),
    )?;
    drop(ctx);
    for (slug, (name, list)) in forces {
        let mut ctx = shared.clone();
        ctx.insert("years", &years(list, "../../", locale));
        ctx.insert("root", "../../");
        ctx.insert("force", name);
        ctx.insert("count", &list.len());
        ctx.insert("feed", "../../feed.xml");
        write(
            format!("forces/{slug}/index.html"),
            renderer.site("index.html", &ctx)?.into_bytes(),
        )?;
    }
    Ok(())
}
