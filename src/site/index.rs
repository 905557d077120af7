//! The pages that list the responses: the index, grouped by year, and a page per force.
//!
//! Each list is set out [`PER_PAGE`] responses to a page, newest first: `index.html`, then
//! `page/2/index.html` and on (below `forces/FORCE/` for a force's), each page linking to
//! every other. A page's rows are all it holds, so that making the index of an archive of
//! thousands takes the memory of one page, and a reader on a phone is never sent megabytes.

use std::collections::BTreeMap;

use anyhow::Result;
use rayon::prelude::*;
use serde::Serialize;

use super::manifest::Line;
use super::publish::{FileMeta, Meta};
use crate::render::assets::Locale;
use crate::render::{FormatLink, Renderer, format, human_size};

/// One row of an index page.
#[derive(Debug, Clone, Serialize)]
struct Row<'a> {
    meta: &'a Meta,
    href: String,
    /// The report's title, in the page's language when the response has an edition in it.
    title: &'a str,
    /// The language of the title, when it is not the page's (WCAG 3.1.2).
    lang: Option<&'a str>,
    /// The report's and the response's dates, in the page's words.
    published: String,
    response: Option<String>,
    status: String,
    late: bool,
    files: Vec<FormatLink>,
}

/// The language a set of the archive's pages is in, and where the other language's pages
/// are: the English pages at the top of the site, the Welsh ones below `cy/`, each linking to
/// the other (only when the archive has Welsh).
#[derive(Debug, Clone, Copy)]
pub struct Tongue<'a> {
    /// The folder its pages are in: `""` or `cy/`.
    pub dir: &'a str,
    /// Whether it is the Welsh set.
    pub welsh: bool,
    /// The other language's folder, when there are pages in it.
    pub other: Option<&'a str>,
}

impl Tongue<'_> {
    /// The pages in English alone, as an archive without Welsh has them.
    pub const ENGLISH: Tongue<'static> = Tongue {
        dir: "",
        welsh: false,
        other: None,
    };

    /// The `lang` tag of its pages.
    pub fn tag(&self) -> &'static str {
        if self.welsh { "cy" } else { "en-GB" }
    }

    /// The link to the same page in the other language, from a page at `path` (below this
    /// language's folder) whose way to the top of the site is `root`.
    pub(super) fn alternate(&self, root: &str, path: &str) -> Option<Alternate> {
        let other = self.other?;
        let (tag, name) = if self.welsh {
            ("en-GB", "English")
        } else {
            ("cy", "Cymraeg")
        };
        Some(Alternate {
            href: format!("{root}{other}{path}"),
            tag,
            name,
        })
    }
}

/// The same page in the other language: its address, its `lang` tag and the language's
/// name in itself.
#[derive(Debug, Clone, Serialize)]
pub(super) struct Alternate {
    href: String,
    tag: &'static str,
    name: &'static str,
}

/// How many responses one index page lists.
pub const PER_PAGE: usize = 100;

/// Where a page stands among a list's pages, for its navigation; absent when one page
/// holds the whole list.
#[derive(Debug, Clone, Serialize)]
pub(super) struct Pagination {
    /// This page's number, from 1.
    page: usize,
    /// How many pages.
    pages: usize,
    /// "Page 2 of 7", in the page's language.
    label: String,
    /// The page before and after, when there is one.
    prev: Option<String>,
    next: Option<String>,
    /// Every page: its number, address, and whether it is this one.
    links: Vec<PageLink>,
}

/// One page of a list, as its navigation links to it.
#[derive(Debug, Clone, Serialize)]
struct PageLink {
    number: usize,
    href: String,
    current: bool,
}

/// The navigation of page `n` (from 1) of `pages`, each page's address from `href`; `None`
/// when one page holds the whole list.
pub(super) fn pagination(
    locale: &Locale,
    n: usize,
    pages: usize,
    href: impl Fn(usize) -> String,
) -> Option<Pagination> {
    (pages > 1).then(|| Pagination {
        page: n,
        pages,
        label: locale
            .label("page")
            .replace("{page}", &n.to_string())
            .replace("{pages}", &pages.to_string()),
        prev: (n > 1).then(|| href(n - 1)),
        next: (n < pages).then(|| href(n + 1)),
        links: (1..=pages)
            .map(|k| PageLink {
                number: k,
                href: href(k),
                current: k == n,
            })
            .collect(),
    })
}

/// Page `n` (from 1) of the list at `base` (`""`, or `forces/FORCE/`), below the output
/// folder.
pub(super) fn page_path(base: &str, n: usize) -> String {
    if n <= 1 {
        format!("{base}index.html")
    } else {
        format!("{base}page/{n}/index.html")
    }
}

/// Page `n` (from 1) of the progress on the findings of what is at `base` (a force's list,
/// `forces/FORCE/`, or a response, `responses/SLUG/`), below the output folder: its pages
/// side by side in that folder.
pub(super) fn progress_page(base: &str, n: usize) -> String {
    if n <= 1 {
        format!("{base}progress.html")
    } else {
        format!("{base}progress-{n}.html")
    }
}

/// The way back to the top of the site from a page at `path`.
fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
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

/// A row's link to one of a response's files, by its format's label in the registry. Of a
/// bilingual response's editions the row links each language's page, by the name of the
/// language in that language, and leaves their other files to the page.
fn download(f: &FileMeta, root: &str, locale: &Locale) -> Option<FormatLink> {
    let (edition, format) = format::file_key(&f.format);
    let label = match (edition, format) {
        (Some(lang), Some(format)) if format.is_page() => {
            locale.label(&format!("language_{lang}")).to_owned()
        }
        (Some(_), _) => return None,
        (None, Some(format)) => format.label().to_owned(),
        // A format this version no longer writes, in an archive built before.
        (None, None) => f.format.clone(),
    };
    Some(FormatLink {
        label,
        href: format!("{root}{}", f.href),
        size: Some(human_size(f.bytes)),
        lead: edition.is_none() && format.is_some_and(|f| f.is_record()),
    })
}

/// The rows of an index page, grouped by the year the reports were published, in the order
/// given (newest first), in the language of `tongue`: each response's edition in it when it
/// has one, the other marked with its language, and every date in the page's words.
fn years<'a>(rows: &[&'a Meta], root: &str, locale: &Locale, tongue: Tongue<'_>) -> Vec<Year<'a>> {
    let day = |iso: &str| {
        iso.parse::<jiff::civil::Date>().map_or_else(
            |_| iso.to_owned(),
            |d| crate::render::view::format_date(d, locale),
        )
    };
    let mut out: Vec<Year> = Vec::new();
    for m in rows {
        let year = m.report_published.get(..4).unwrap_or("").to_owned();
        let (status, late) = status(m, locale);
        let (href, title, lang) = match (&m.welsh, tongue.welsh) {
            (Some(cy), true) => (&cy.href, cy.report_title.as_str(), None),
            (None, true) => (&m.href, m.report_title.as_str(), Some("en-GB")),
            (_, false) => (
                &m.href,
                m.report_title.as_str(),
                (m.lang == "cy").then_some("cy"),
            ),
        };
        let row = Row {
            meta: m,
            href: format!("{root}{href}"),
            title,
            lang,
            published: day(&m.report_published),
            response: m.response_date.as_deref().map(day),
            status,
            late,
            files: m
                .files
                .iter()
                .filter_map(|f| download(f, root, locale))
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
pub type Forces<'a> = BTreeMap<&'a str, (&'a str, Vec<&'a Line>)>;

/// Groups the responses (already in index order) by force.
pub fn forces<'a>(sorted: &[&'a Line]) -> Forces<'a> {
    let mut forces: Forces<'a> = BTreeMap::new();
    for l in sorted {
        forces
            .entry(l.force_slug())
            .or_insert((l.force.as_str(), Vec::new()))
            .1
            .push(l);
    }
    forces
}

/// The office whose archive it is: the body its settings (`office:` in the folder's
/// s55.yaml) name, else the one office every response names, if they all name one.
pub fn office(
    settings: &crate::settings::Settings,
    locale: &Locale,
    sorted: &[&Line],
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
            .all(|l| l.office == first)
            .then(|| first.to_owned())
    })
}

/// Takes a page of the site: its path below the output folder, and its bytes.
pub type Write<'a> = dyn FnMut(String, Vec<u8>) -> Result<()> + 'a;

/// Shown each page's responses once its page is written, with `write` for pages of its own.
pub type Visit<'a> = dyn FnMut(Page<'_>, &mut Write<'_>) -> Result<()> + 'a;

/// One page of a list, as [`pages`] shows it to the caller: so that what is made of the same
/// responses (their progress, `responses.json`) is made as their records are read, once.
pub struct Page<'a> {
    /// The force whose list it is (address, name), or `None` for the index.
    pub force: Option<(&'a str, &'a str)>,
    /// This page's number, from 1.
    pub number: usize,
    /// How many pages the list has.
    pub pages: usize,
    /// Its responses, in order.
    pub lines: &'a [&'a Line],
    /// What their records say, in the same order.
    pub metas: &'a [Meta],
}

/// The index and each force's page, each handed to `write` as it is made; `office` names the
/// office whose archive it is, and `meta` reads what the index says of a response from its
/// record, a page's responses at a time. `visit` is shown each page's responses.
#[allow(clippy::too_many_arguments)]
pub fn pages(
    renderer: &Renderer,
    locale: &Locale,
    tongue: Tongue<'_>,
    sorted: &[&Line],
    forces: &Forces<'_>,
    office: Option<&str>,
    meta: &(dyn Fn(&Line) -> Result<Meta> + Sync),
    write: &mut Write<'_>,
    visit: &mut Visit<'_>,
) -> Result<()> {
    let force_links: Vec<FormatLink> = forces
        .iter()
        .map(|(slug, (name, list))| FormatLink {
            label: (*name).to_owned(),
            href: format!("{}forces/{slug}/index.html", tongue.dir),
            size: Some(list.len().to_string()),
            lead: false,
        })
        .collect();
    // What every page shares; each page adds its own rows to a copy (the rows of one page
    // are never copied into another's).
    let mut shared = tera::Context::new();
    shared.insert("t", &locale.labels);
    shared.insert("lang", tongue.tag());
    shared.insert("office", &office);
    let lists = Lists {
        shared: &shared,
        forces: &force_links,
        meta,
        tongue,
    };
    list(renderer, locale, lists, None, sorted, write, visit)?;
    for (slug, (name, rows)) in forces {
        list(
            renderer,
            locale,
            lists,
            Some((slug, name)),
            rows,
            write,
            visit,
        )?;
    }
    Ok(())
}

/// What every list's pages share: the context, the links to the forces' pages (from the
/// top of the site), and how a response's record is read.
#[derive(Clone, Copy)]
struct Lists<'a> {
    shared: &'a tera::Context,
    forces: &'a [FormatLink],
    meta: &'a (dyn Fn(&Line) -> Result<Meta> + Sync),
    tongue: Tongue<'a>,
}

/// One list's pages, [`PER_PAGE`] rows each, made and written one at a time.
fn list(
    renderer: &Renderer,
    locale: &Locale,
    lists: Lists<'_>,
    of: Option<(&str, &str)>,
    rows: &[&Line],
    write: &mut Write<'_>,
    visit: &mut Visit<'_>,
) -> Result<()> {
    let base = of.map_or_else(String::new, |(slug, _)| format!("forces/{slug}/"));
    let base = base.as_str();
    let force = of.map(|(_, name)| name);
    let pages = rows.len().div_ceil(PER_PAGE).max(1);
    let dir = lists.tongue.dir;
    for n in 1..=pages {
        let path = format!("{dir}{}", page_path(base, n));
        let root = root_of(&path);
        let chunk = &rows[((n - 1) * PER_PAGE).min(rows.len())..(n * PER_PAGE).min(rows.len())];
        let href = |k: usize| format!("{root}{dir}{}", page_path(base, k));
        let pagination = pagination(locale, n, pages, href);
        // This page's responses, read from their records on every core (in the build's
        // pool): the records are a hundred small files a page.
        let metas: Vec<Meta> = chunk
            .par_iter()
            .map(|l| (lists.meta)(l))
            .collect::<Result<_>>()?;
        let refs: Vec<&Meta> = metas.iter().collect();
        let mut ctx = lists.shared.clone();
        // The forces' pages, from where this page stands.
        let forces: Vec<FormatLink> = lists
            .forces
            .iter()
            .map(|f| FormatLink {
                href: format!("{root}{}", f.href),
                ..f.clone()
            })
            .collect();
        ctx.insert("forces", &forces);
        ctx.insert("years", &years(&refs, &root, locale, lists.tongue));
        // A force's page leads to the progress on its findings.
        let progress = force
            .is_some()
            .then(|| format!("{root}{dir}{}", progress_page(base, 1)));
        ctx.insert("progress_href", &progress);
        ctx.insert("root", &root);
        ctx.insert("home", &format!("{root}{dir}index.html"));
        ctx.insert(
            "alternate",
            &lists.tongue.alternate(&root, &page_path(base, n)),
        );
        ctx.insert("force", &force);
        ctx.insert("count", &rows.len());
        ctx.insert("feed", &format!("{root}feed.xml"));
        ctx.insert("pagination", &pagination);
        let html = renderer.site("index.html", &ctx)?;
        drop(ctx);
        write(path, html.into_bytes())?;
        let page = Page {
            force: of,
            number: n,
            pages,
            lines: chunk,
            metas: &metas,
        };
        visit(page, write)?;
    }
    Ok(())
}
