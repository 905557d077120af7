//! The site's own pages around the responses: the lists, the forces' pages, the progress
//! pages, `responses.json`, the feed, the sitemap and the stylesheet.

use anyhow::{Result, anyhow};
use rayon::prelude::*;

use super::manifest::{Entry, Line};
use super::next::Next;
use super::{Meta, Options, feeds, index, progress, records};
use crate::fs::OutDir;
use crate::model::Language;
use crate::render::Renderer;
use crate::settings::Settings;

/// The site around the responses: index, forces' pages, `responses.json`, feed, sitemap,
/// progress pages and stylesheet, each written as soon as it is made, reading one
/// response's record and findings at a time, so that memory does not grow with the archive.
/// Returns the site's own files written, in order, for the manifest (each response's
/// progress page goes with the response, not in this list).
pub(super) fn write_site(
    renderer: &Renderer,
    out: &OutDir,
    next: &Next,
    opts: &Options,
    root_settings: &Settings,
) -> Result<Vec<String>> {
    let locale = renderer.assets().locale(Language::En);
    let sorted = listed(next);
    let forces = index::forces(&sorted);
    let base = opts
        .base_url
        .as_deref()
        .map(|b| format!("{}/", b.trim_end_matches('/')));
    let records = Records { out };
    let mut names = Vec::new();
    let mut write = |name: String, bytes: Vec<u8>| -> Result<()> {
        out.write(&name, &bytes)?;
        names.push(name);
        Ok(())
    };
    // The day the build is told, or today in UTC, whatever the machine's time zone.
    let today = opts.today.unwrap_or_else(|| {
        let now = jiff::Timestamp::now();
        jiff::tz::Offset::UTC.to_datetime(now).date()
    });
    // Welsh pages beside the English ones when the archive has Welsh (or the office says it
    // works in Welsh); an English-only office's site stays as it was.
    let welsh = sorted.iter().any(|l| l.welsh) || works_in_welsh(root_settings);
    let english = index::Tongue {
        other: welsh.then_some("cy/"),
        ..index::Tongue::ENGLISH
    };
    let progress = progress::Pages::new(renderer, locale, english, root_settings, today);
    // Drafts are on the pages only when asked for, and never in what other systems read.
    let finals: Vec<&Line> = sorted.iter().copied().filter(|l| !l.draft).collect();
    let office = index::office(root_settings, locale, &sorted);
    let meta = |l: &Line| records.meta(l);
    // The lists' pages, a hundred responses at a time; as each page's records are read, the
    // progress of its responses and their part of `responses.json`, or the force's progress.
    out.write_with("responses.json", |w| {
        let mut json = feeds::Json::begin(w, finals.len())?;
        let mut visit = |page: index::Page<'_>, write: &mut index::Write<'_>| -> Result<()> {
            // The page's findings read, and its responses' progress pages made and written,
            // on every core (the build's pool): the rest of the site waits on them alone.
            let findings: Vec<records::Findings> = page
                .lines
                .par_iter()
                .map(|l| records::findings_for(out, &l.slug, false))
                .collect();
            match page.force {
                None => {
                    let written: Vec<Result<()>> = page
                        .metas
                        .par_iter()
                        .zip(&findings)
                        .map(|(m, rows)| {
                            out.write(&progress.file_of(m), &progress.response(m, rows)?)
                        })
                        .collect();
                    // The first failure in the index's order, whichever core met it first.
                    written.into_iter().collect::<Result<()>>()?;
                    for ((line, m), rows) in page.lines.iter().zip(page.metas).zip(findings) {
                        if !line.draft {
                            json.push(m, rows.rows)?;
                        }
                    }
                }
                Some(force) => {
                    let at = (page.number, page.pages);
                    let (path, bytes) = progress.force(force, at, page.metas, &findings)?;
                    write(path, bytes)?;
                }
            }
            Ok(())
        };
        index::pages(
            renderer,
            locale,
            english,
            &sorted,
            &forces,
            office.as_deref(),
            &meta,
            &mut write,
            &mut visit,
        )?;
        json.end()
    })?;
    if welsh {
        let site = Site {
            renderer,
            out,
            root_settings,
            today,
            sorted: &sorted,
            forces: &forces,
        };
        welsh_pages(&site, &meta, &mut write)?;
    }
    write(
        "feed.xml".to_owned(),
        feeds::feed(renderer, locale, &finals, &meta, base.as_deref())?,
    )?;
    if let Some(b) = &base {
        write(
            "sitemap.xml".to_owned(),
            feeds::sitemap(
                renderer,
                &finals,
                sorted.len(),
                &forces,
                b,
                welsh.then_some(&meta as feeds::ReadMeta<'_>),
            )?,
        )?;
    }
    write(
        "style.css".to_owned(),
        renderer.assets().css.clone().into_bytes(),
    )?;
    names.push("responses.json".to_owned());
    names.sort();
    Ok(names)
}

/// The responses the archive lists, in the index's order: all in the manifest but those
/// whose record could not be read.
fn listed(next: &Next) -> Vec<&Line> {
    let mut sorted: Vec<&Line> = next
        .manifest
        .responses
        .iter()
        .filter(|(k, _)| !next.unlisted.contains(*k))
        .map(|(_, l)| l)
        .collect();
    sorted.sort_by(|a, b| a.index_order(b));
    sorted
}

/// Whether the office's settings say it works in Welsh: `office: {language: cy}` or
/// `bilingual`.
pub(super) fn works_in_welsh(settings: &Settings) -> bool {
    settings
        .office
        .as_ref()
        .and_then(|o| o.get("language"))
        .and_then(|l| l.as_str())
        .is_some_and(|l| matches!(l.trim(), "cy" | "bilingual"))
}

/// Reads what the site's pages say of each response from its record.
pub(super) struct Records<'a> {
    pub(super) out: &'a OutDir,
}

impl Records<'_> {
    /// What the index says of the response at `line`.
    pub(super) fn meta(&self, line: &Line) -> Result<Meta> {
        Entry::read(self.out, &line.record)
            .map(|e| e.meta)
            .ok_or_else(|| {
                anyhow!(
                    "the record `{}` went from the output folder during the build; build again",
                    records::record_file(&line.record)
                )
            })
    }
}

/// What the site's pages are made from, in either language.
struct Site<'a> {
    renderer: &'a Renderer,
    out: &'a OutDir,
    root_settings: &'a Settings,
    /// The day progress is counted from.
    today: jiff::civil::Date,
    /// The listed responses, in the index's order.
    sorted: &'a [&'a Line],
    forces: &'a index::Forces<'a>,
}

/// The same pages in Welsh below `cy/`, each linked to its English one.
fn welsh_pages(
    site: &Site<'_>,
    meta: &(dyn Fn(&Line) -> Result<Meta> + Sync),
    write: &mut index::Write<'_>,
) -> Result<()> {
    // The same pages in Welsh below `cy/`, each linked to its English one.
    let cy = site.renderer.assets().locale(Language::Cy);
    let tongue = index::Tongue {
        dir: "cy/",
        welsh: true,
        other: Some(""),
    };
    let progress = progress::Pages::new(site.renderer, cy, tongue, site.root_settings, site.today);
    let office = index::office(site.root_settings, cy, site.sorted);
    let mut visit = |page: index::Page<'_>, write: &mut index::Write<'_>| -> Result<()> {
        // A bilingual response's findings in Welsh, from its Welsh edition.
        let findings: Vec<records::Findings> = page
            .lines
            .par_iter()
            .map(|l| records::findings_for(site.out, &l.slug, true))
            .collect();
        match page.force {
            None => {
                // Made on every core, written (and listed) in the index's order.
                let made: Vec<Result<(String, Vec<u8>)>> = page
                    .metas
                    .par_iter()
                    .zip(&findings)
                    .map(|(m, rows)| Ok((progress.file_of(m), progress.response(m, rows)?)))
                    .collect();
                for one in made {
                    let (path, bytes) = one?;
                    write(path, bytes)?;
                }
            }
            Some(force) => {
                let at = (page.number, page.pages);
                let (path, bytes) = progress.force(force, at, page.metas, &findings)?;
                write(path, bytes)?;
            }
        }
        Ok(())
    };
    index::pages(
        site.renderer,
        cy,
        tongue,
        site.sorted,
        site.forces,
        office.as_deref(),
        meta,
        write,
        &mut visit,
    )?;
    Ok(())
}
