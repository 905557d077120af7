//! What other systems read: `responses.json` (everything the index knows, and the
//! statutory position), the Atom feed and, given the site's address, the sitemap.

use std::io::Write;

use anyhow::Result;
use serde::Serialize;

use super::index::{Forces, PER_PAGE, page_path, progress_page};
use super::manifest::Line;
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
    /// The day of its latest correction, when it was corrected.
    #[serde(skip_serializing_if = "Option::is_none")]
    updated: Option<&'a str>,
    /// The letter as signed, kept beside a corrected one.
    #[serde(skip_serializing_if = "Option::is_none")]
    as_signed: Option<&'a str>,
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

/// How many responses the Atom feed lists: the newest, as feeds do; the archive's pages and
/// `responses.json` list every one.
pub const FEED_ENTRIES: usize = 50;

/// `responses.json`, written into a writer one response at a time, in the index's order, so
/// that memory does not grow with the archive: [`Json::begin`], [`Json::push`] for each final
/// response, [`Json::end`].
pub struct Json<'w> {
    w: &'w mut dyn Write,
    /// How many responses it lists, and how many are written.
    finals: usize,
    written: usize,
}

impl<'w> Json<'w> {
    /// Begins the document, which will list `finals` responses.
    pub fn begin(w: &'w mut dyn Write, finals: usize) -> Result<Self> {
        let generator = serde_json::to_string(&format!("s55 {}", env!("CARGO_PKG_VERSION")))?;
        if finals == 0 {
            write!(w, "{{\n  \"generator\": {generator},\n  \"responses\": []")?;
        } else {
            write!(w, "{{\n  \"generator\": {generator},\n  \"responses\": [\n")?;
        }
        Ok(Json {
            w,
            finals,
            written: 0,
        })
    }

    /// Lists the next response, with its findings.
    pub fn push(&mut self, m: &Meta, findings: Vec<FindingRow>) -> Result<()> {
        self.w.write_all(b"    ")?;
        listed(m, findings, self.w)?;
        self.written += 1;
        self.w.write_all(if self.written < self.finals {
            b",\n"
        } else {
            b"\n"
        })?;
        Ok(())
    }

    /// Ends the document.
    pub fn end(self) -> Result<()> {
        if self.written != self.finals {
            anyhow::bail!(
                "responses.json listed {} responses of {}",
                self.written,
                self.finals
            );
        }
        self.w.write_all(if self.finals == 0 {
            b"\n}\n"
        } else {
            b"  ]\n}\n"
        })?;
        Ok(())
    }
}

/// One response's part of `responses.json`, with its findings, as the whole document's
/// pretty form would give it: keys in order, four spaces in.
fn listed(m: &Meta, findings: Vec<FindingRow>, w: &mut dyn Write) -> Result<()> {
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
        updated: m.corrected.as_deref(),
        as_signed: m.as_signed.as_deref(),
        last_day: &m.last_day,
        on_time: m.days_late.map(|d| d == 0),
        days_late: m.days_late,
        recommendations: Counted {
            total: m.recommendations,
            answered: m.answered,
        },
        findings,
        files: &m.files,
    };
    let text = serde_json::to_string_pretty(&serde_json::to_value(&listed)?)?;
    w.write_all(text.replace('\n', "\n    ").as_bytes())?;
    Ok(())
}

/// The day a response counts as updated: its date, else its report's.
fn updated(l: &Line) -> &str {
    l.response_date.as_deref().unwrap_or(&l.report_published)
}

/// The Atom feed of the [`FEED_ENTRIES`] newest responses, in the index's order, read by
/// `meta`; absolute links only with a base address (`base` ends in `/`).
pub fn feed(
    renderer: &Renderer,
    locale: &Locale,
    sorted: &[&Line],
    meta: &dyn Fn(&Line) -> Result<Meta>,
    base: Option<&str>,
) -> Result<Vec<u8>> {
    // The feed changed last when its newest response was signed or its latest correction
    // made: days from the letters themselves, never the clock, so a build is the same bytes
    // whenever it runs.
    let mut newest = sorted
        .iter()
        .map(|l| updated(l).to_owned())
        .max()
        .unwrap_or_else(|| "1970-01-01".to_owned());
    let mut entries = Vec::new();
    for l in sorted.iter().take(FEED_ENTRIES) {
        let m = meta(l)?;
        let day = m.corrected.as_deref().unwrap_or(updated(l));
        if *day > *newest {
            newest = day.to_owned();
        }
        let page = m.href.trim_end_matches("index.html");
        entries.push(serde_json::json!({
            "title": m.title,
            "href": format!("{}{page}", base.unwrap_or("")),
            "id": match base {
                Some(b) => format!("{b}{page}"),
                None => format!("urn:s55:{}", m.slug.replace('/', ":")),
            },
            "updated": format!("{day}T00:00:00Z"),
            "summary": format!("{} – {}", m.force, m.report_title),
            "author": m.office,
        }));
    }
    let mut ctx = tera::Context::new();
    ctx.insert("t", &locale.labels);
    ctx.insert("base", &base);
    ctx.insert("updated", &format!("{newest}T00:00:00Z"));
    ctx.insert("entries", &entries);
    Ok(renderer.site("feed.xml", &ctx)?.into_bytes())
}

/// What the index says of a listed response, read from its record.
pub type ReadMeta<'a> = &'a dyn Fn(&Line) -> Result<Meta>;

/// One address of the sitemap, with the same page in each language when the archive has
/// Welsh: the alternates name both, itself included, as search engines ask.
#[derive(Debug, Serialize)]
struct Url {
    loc: String,
    alternates: Vec<Alternate>,
}

/// A page's edition in one language.
#[derive(Debug, Serialize)]
struct Alternate {
    hreflang: &'static str,
    href: String,
}

/// The sitemap: every page of the index (which lists `listed` responses) and of each
/// force's list, each force's progress, and each final response's page (`finals`) and its
/// progress. When the archive has Welsh pages (`welsh`, which reads each response's record),
/// each of those pages in Welsh below `cy/` and a bilingual response's Welsh page too, every
/// page naming its other language's as its alternate.
pub fn sitemap(
    renderer: &Renderer,
    finals: &[&Line],
    listed: usize,
    forces: &Forces<'_>,
    base: &str,
    welsh: Option<ReadMeta<'_>>,
) -> Result<Vec<u8>> {
    let pages = |n: usize| 1..=n.div_ceil(PER_PAGE).max(1);
    // A list's page by its folder's address, as a server gives `…/index.html`.
    let folder = |path: String| path.trim_end_matches("index.html").to_owned();
    // The archive's own pages, below the site's top: each in Welsh too when there is Welsh.
    let mut paths: Vec<String> = pages(listed).map(|n| folder(page_path("", n))).collect();
    for (slug, (_, list)) in forces {
        let at = format!("forces/{slug}/");
        paths.extend(pages(list.len()).map(|n| folder(page_path(&at, n))));
        paths.extend(pages(list.len()).map(|n| progress_page(&at, n)));
    }
    let mut urls = Vec::new();
    // Each of a pair of pages, English then Welsh, names both.
    let mut pair = |en: String, cy: Option<String>| {
        let Some(cy) = cy else {
            urls.push(Url {
                loc: en,
                alternates: Vec::new(),
            });
            return;
        };
        let alternates = || {
            vec![
                Alternate {
                    hreflang: "en-GB",
                    href: en.clone(),
                },
                Alternate {
                    hreflang: "cy",
                    href: cy.clone(),
                },
            ]
        };
        urls.push(Url {
            loc: en.clone(),
            alternates: alternates(),
        });
        urls.push(Url {
            loc: cy.clone(),
            alternates: alternates(),
        });
    };
    let has_welsh = welsh.is_some();
    for path in paths {
        pair(
            format!("{base}{path}"),
            has_welsh.then(|| format!("{base}cy/{path}")),
        );
    }
    for l in finals {
        let page = format!("responses/{}/", l.slug);
        // A bilingual letter's Welsh edition has a page of its own beside the English one.
        let cy = match welsh {
            Some(meta) if l.welsh => meta(l)?
                .welsh
                .map(|w| w.href)
                .filter(|href| !href.ends_with("/index.html"))
                .map(|href| format!("{base}{href}")),
            _ => None,
        };
        pair(format!("{base}{page}"), cy);
        let progress = progress_page(&page, 1);
        pair(
            format!("{base}{progress}"),
            has_welsh.then(|| format!("{base}cy/{progress}")),
        );
    }
    let mut ctx = tera::Context::new();
    ctx.insert("urls", &urls);
    Ok(renderer.site("sitemap.xml", &ctx)?.into_bytes())
}
