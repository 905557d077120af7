//! One response into its folder of the site: every format of every edition, and what the
//! index, the feed and `responses.json` say of it.

use anyhow::Result;
use serde::{Deserialize, Serialize};

use crate::diag::Diagnostic;
use crate::fs::OutDir;
use crate::model::{Editions, Language};
use crate::render::{self, Format, FormatLink, PageLinks, Renderer};
use crate::settings::Settings;
use crate::statute;

/// A response as the index, the feed and `responses.json` describe it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Meta {
    /// The address below `responses/`.
    pub slug: String,
    /// The page's address relative to the output folder.
    pub href: String,
    /// The document's title.
    pub title: String,
    /// The force.
    pub force: String,
    /// The force's address below `forces/`.
    pub force_slug: String,
    /// The local policing body's office.
    pub office: String,
    /// The report's title.
    pub report_title: String,
    /// The kind of report, named.
    pub report_kind: String,
    /// The report's web address.
    pub report_url: Option<String>,
    /// The report's publication date (YYYY-MM-DD).
    pub report_published: String,
    /// The same, written out.
    pub report_published_text: String,
    /// The response's date (YYYY-MM-DD), if it has one.
    pub response_date: Option<String>,
    /// The same, written out.
    pub response_date_text: Option<String>,
    /// The last day for publication under section 55(5A) (YYYY-MM-DD).
    pub last_day: String,
    /// Days after the last day the response is dated; `None` when it has no date.
    pub days_late: Option<i64>,
    /// How many recommendations the report made.
    pub recommendations: usize,
    /// How many of them have a response of their own (section 55(5B)).
    pub answered: usize,
    /// The downloads: format, address relative to the output folder, size in bytes.
    pub files: Vec<FileMeta>,
    /// Whether it is a draft, published only by `s55 build --drafts` and never in the feeds.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub draft: bool,
    /// The day of its latest correction (YYYY-MM-DD): when the feed and `responses.json`
    /// say it was updated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub corrected: Option<String>,
    /// The page of the letter as signed, kept beside a corrected one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_signed: Option<String>,
    /// The language of what the English pages list (`cy` for a response in Welsh only), so
    /// that they mark its passages with it.
    #[serde(default = "english")]
    pub lang: String,
    /// The Welsh edition, which the Welsh pages list, when the response has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub welsh: Option<WelshMeta>,
}

fn english() -> String {
    "en".to_owned()
}

/// A response's Welsh edition, as the Welsh pages list it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct WelshMeta {
    /// Its title.
    pub title: String,
    /// The report's title, in Welsh.
    pub report_title: String,
    /// Its page's address relative to the output folder.
    pub href: String,
}

/// One file of a response.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct FileMeta {
    /// The format's name in the registry (`pdf`); for a file of one edition of a bilingual
    /// response, its language code first (`cy.pdf`): see [`render::format::file_key`].
    pub format: String,
    /// Its address relative to the output folder.
    pub href: String,
    /// Its size in bytes.
    pub bytes: usize,
}

/// A published response: what the index needs, the files written, and warnings to show.
pub struct Published {
    /// What the index says of it.
    pub meta: Meta,
    /// The files written, relative to the output folder.
    pub files: Vec<String>,
    /// What rendering found.
    pub warnings: Vec<Diagnostic>,
    /// When the letter is sealed as it is published: each of its files (not the records of
    /// `.s55/`) by its path, with the SHA-256 of its bytes, already copied into the folder
    /// of seals (see [`publish`]).
    pub sealed: Option<std::collections::BTreeMap<String, String>>,
}

/// Renders one response into `responses/SLUG/` below `out` and returns what the index needs.
/// A corrected letter whose signed original is kept beside it (`signed_on`, the day it was
/// signed) links to it. With `seal_into` (the folder of seals, staged), each file of the
/// letter is also copied into the seal at `SLUG/files/HASH` from the bytes just rendered, as
/// it is written, rather than read back from the output folder afterwards: the bytes sealed
/// are the bytes published, hashed and written once, on the worker that rendered them.
pub fn publish(
    renderer: &Renderer,
    settings: &Settings,
    (out, seal_into): (&OutDir, Option<&OutDir>),
    editions: &Editions,
    (slug, signed_on): (&str, Option<jiff::civil::Date>),
    formats: &[&'static dyn Format],
) -> Result<Published> {
    // What every response publishes, and what this office offers besides.
    let mut formats = formats.to_vec();
    for d in &settings.downloads {
        if let Some(f) = crate::render::format::by_name(d.format())
            && !formats.iter().any(|g| g.name() == f.name())
        {
            formats.push(f);
        }
    }
    let formats = formats.as_slice();
    // The index is in English: a bilingual response is listed by its English edition, with
    // links to both.
    let doc = editions.english();
    let stem = slug.rsplit('/').next().unwrap_or("response").to_owned();
    let dir = format!("responses/{slug}");
    let root = "../".repeat(dir.split('/').count());
    let force_slug = slug.split('/').next().unwrap_or_default().to_owned();
    let page = page_links(renderer, doc, (&root, &stem, &force_slug), signed_on);
    let rendered = render::render(renderer, editions, settings, &stem, formats, page)?;
    let mut files = Vec::new();
    let mut file_meta = Vec::new();
    let mut sealed = seal_into.map(|_| std::collections::BTreeMap::new());
    for (name, content) in &rendered.files {
        // The page is the folder's index, so its address is the folder; the pages of a
        // bilingual response's editions keep their names (`….cy.html`, `….en.html`).
        let page = render::format::page().filter(|p| *name == format!("{stem}.{}", p.extension()));
        let (name, format) = if let Some(page) = page {
            ("index.html".to_owned(), page.name().to_owned())
        } else {
            let format = name.strip_prefix(&stem).unwrap_or(name);
            (name.clone(), format.trim_start_matches('.').to_owned())
        };
        let rel = format!("{dir}/{name}");
        out.write(&rel, content)?;
        if let (Some(store), Some(sealed)) = (seal_into, sealed.as_mut()) {
            let hash = crate::util::sha256_hex(content);
            store.write(&blob(slug, &hash), content)?;
            sealed.insert(rel.clone(), hash);
        }
        file_meta.push(FileMeta {
            format,
            href: rel.clone(),
            bytes: content.len(),
        });
        files.push(rel);
    }
    let v = &rendered.view;
    let st = statute::standing(doc, settings, None);
    let meta = Meta {
        slug: slug.to_owned(),
        href: format!("{dir}/index.html"),
        title: v.title.clone(),
        force: doc.force.clone(),
        force_slug,
        office: v.office.name.clone(),
        report_title: doc.report.title.clone(),
        report_kind: v.report.kind.clone(),
        report_url: v.report.url.clone(),
        report_published: st.published.to_string(),
        report_published_text: v.report.published.clone(),
        response_date: st.date.map(|d| d.to_string()),
        response_date_text: v.date.clone(),
        last_day: st.last_day.to_string(),
        days_late: st.timing.days_late(),
        recommendations: st.recommendations.total,
        answered: st.recommendations.answered,
        files: file_meta,
        draft: doc.draft,
        corrected: doc
            .corrections
            .iter()
            .map(|c| c.date.0)
            .max()
            .map(|d| d.to_string()),
        as_signed: signed_on.map(|_| format!("{dir}.as-signed/index.html")),
        lang: doc.language.code().to_owned(),
        welsh: editions.get(Language::Cy).map(|cy| WelshMeta {
            title: render::view::build(cy, renderer.assets().locale(Language::Cy), settings).title,
            report_title: cy.report.title.clone(),
            href: if editions.is_bilingual() {
                format!("{dir}/{stem}.cy.html")
            } else {
                format!("{dir}/index.html")
            },
        }),
    };
    // Every finding, with its progress, beside the manifest: read back one response at a
    // time for `responses.json` and the progress pages.
    files.extend(super::records::write_editions(
        out, slug, editions, settings,
    )?);
    Ok(Published {
        meta,
        files,
        warnings: rendered.warnings,
        sealed,
    })
}

/// The links around a response's page: up to the archive and its force's list, its progress
/// beside it, and the letter as it was signed when it has been corrected since. `root` leads
/// from the response's folder back to the archive's.
fn page_links(
    renderer: &Renderer,
    doc: &crate::model::Response,
    (root, stem, force_slug): (&str, &str, &str),
    signed_on: Option<jiff::civil::Date>,
) -> PageLinks {
    let locale = renderer.assets().locale(doc.language);
    PageLinks {
        fragment: false,
        untitled: false,
        formats: Vec::new(),
        css_href: Some(format!("{root}style.css")),
        up: vec![
            FormatLink {
                label: locale.label("archive_home").to_owned(),
                href: format!("{root}index.html"),
                size: None,
                lead: false,
            },
            FormatLink {
                label: doc.force.clone(),
                href: format!("{root}forces/{force_slug}/index.html"),
                size: None,
                lead: false,
            },
        ],
        alternates: Vec::new(),
        // Beside the letter, never in it: the page links to it and stays as signed.
        progress: Some("progress.html".to_owned()),
        as_signed: signed_on.map(|d| FormatLink {
            label: locale
                .label("as_signed_link")
                .replace("{date}", &crate::render::view::format_date(d, locale)),
            href: format!("../{stem}.as-signed/index.html"),
            size: None,
            lead: false,
        }),
    }
}

/// Where a sealed file with this SHA-256 is kept in the seal of the letter at `slug` (here,
/// where a letter's files are first written and sealed; the seals read them back by it).
pub(super) fn blob(slug: &str, hash: &str) -> String {
    format!("{slug}/files/{hash}")
}
