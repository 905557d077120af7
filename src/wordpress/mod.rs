//! `s55 publish wordpress`: every final response of a folder as a page of the office's
//! WordPress site, with its PDF (and Word document, when the office offers it) in the media
//! library.
//!
//! Policy:
//! - **Once, then kept up to date**: each edition of a response is one page. Its id, address,
//!   what s55 last sent and what WordPress then held are kept in the folder's record
//!   (`.s55/wordpress/` beside the responses, a file per response), so the next run updates that page
//!   and never makes a second. The record lives with the responses rather than in a built
//!   archive because publishing needs no archive, and the responses are what an office keeps
//!   and backs up.
//! - **Nothing half-published**: a page is made as a draft first, recorded at once, and
//!   published with its content and downloads only when they are uploaded; a run that stops
//!   part way is run again and carries on. A page found at a response's address with s55's
//!   mark (or still empty) is taken up rather than duplicated.
//! - **The signed letter never changes**: the record holds the letter as first published, and
//!   an edit without a new correction is refused, as `s55 build` refuses it. Drafts are never
//!   sent.
//! - **An editor's changes are not overwritten**: a page changed in WordPress since s55 last
//!   published it is left, with a message, unless the office asks to overwrite it.
//! - **What is sent is kept as sent**: the letter goes as one Custom HTML block, which
//!   WordPress stores and shows without adding paragraphs or line breaks.

mod client;
mod record;

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Result, anyhow, bail};
use serde::Serialize;
use serde_json::{Value, json};

pub use client::Site;
pub use record::{Record, page_link};

use crate::addresses;
use crate::model::Editions;
use crate::render::{self, PageLinks, Renderer, format};
use crate::settings::Settings;
use crate::site::frozen::Letter;
use crate::util;

/// What to do.
pub struct Options<'a> {
    /// The folder of responses.
    pub dir: &'a Path,
    /// The site's address.
    pub url: &'a str,
    /// Show what would be done and send nothing.
    pub dry_run: bool,
    /// Overwrite pages changed in WordPress since s55 last published them.
    pub overwrite: bool,
    /// The day the progress sections count from.
    pub today: jiff::civil::Date,
}

/// What happened to one page (or would, in a dry run).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// A new page.
    Create,
    /// The page was brought up to date.
    Update,
    /// The page already says what the response says.
    Leave,
}

/// One line of the run's account: a page and what happened to it.
#[derive(Debug, Clone)]
pub struct Done {
    /// The response file, relative to the folder.
    pub file: String,
    /// The page's address on the site (`SLUG` in a dry run before it is made).
    pub page: String,
    /// What happened.
    pub action: Action,
    /// Files uploaded to the media library for it.
    pub uploads: Vec<String>,
}

/// A response that could not be published, and why.
#[derive(Debug, Clone)]
pub struct Refused {
    /// The response file, relative to the folder.
    pub file: String,
    /// Why, in the office's words.
    pub why: String,
}

/// The account of a run.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Each page, in the folder's order.
    pub done: Vec<Done>,
    /// Responses left as drafts.
    pub drafts: Vec<String>,
    /// Responses that could not be published.
    pub refused: Vec<Refused>,
    /// Response files with problems, each with its diagnostics' count.
    pub broken: Vec<crate::check::Failed>,
}

/// Each edition's page on the site, by language code: its id and its address.
type Links = BTreeMap<&'static str, (u64, String)>;

/// An edition's files on the site: the names uploaded now, the links its page gives, and
/// the media they replace.
struct Uploaded {
    uploads: Vec<String>,
    downloads: Vec<Download>,
    replaced: Vec<u64>,
}

/// A download offered on a page.
#[derive(Debug, Clone, Serialize)]
struct Download {
    label: String,
    /// Whether it is the letter as sent, offered first above the letter.
    lead: bool,
    href: String,
    size: String,
}

/// Another language's page.
#[derive(Debug, Clone, Serialize)]
struct OtherLanguage {
    href: String,
    hreflang: String,
    label: String,
}

/// One edition as it will be published.
struct EditionPage {
    /// `en` or `cy`.
    code: &'static str,
    lang: String,
    title: String,
    slug: String,
    fragment: String,
    labels: BTreeMap<String, String>,
    /// (file name, its format, bytes).
    files: Vec<(String, &'static dyn format::Format, Vec<u8>)>,
    other_language_label: String,
    /// The progress section: each finding's state and history, as the archive's progress
    /// page gives it.
    progress: String,
}

/// Publishes every final response of `opts.dir` to the site (`None` in a dry run).
pub fn publish(renderer: &Renderer, opts: &Options, site: Option<&Site>) -> Result<Outcome> {
    let mut record = Record::open(opts.dir);
    if let Some(site) = site {
        site.check_user()?;
    }
    let key = opts.url.trim_end_matches('/').to_owned();
    let mut outcome = Outcome::default();
    let mut parents: BTreeMap<String, u64> = BTreeMap::new();
    // What was signed: a sealed letter goes to the site only as it was signed.
    let seals = crate::site::seal::Seals::read(opts.dir)?;
    let mut jobs = Vec::new();
    let failed = crate::check::each_response(opts.dir, false, |rel, editions, settings| {
        jobs.push((rel.to_path_buf(), editions.clone(), settings.clone()));
    })?;
    if !failed.is_empty() {
        outcome.broken.push(failed);
    }
    for (rel, editions, settings) in jobs {
        let file = rel.display().to_string();
        if editions.iter().any(|e| e.draft) {
            outcome.drafts.push(file);
            continue;
        }
        let parent = match (
            site,
            settings.wordpress.as_ref().and_then(|w| w.parent.clone()),
        ) {
            (Some(site), Some(slug)) => match parents.get(&slug) {
                Some(id) => Some(*id),
                None => {
                    let id = parent_id(site, &slug)?;
                    parents.insert(slug, id);
                    Some(id)
                }
            },
            _ => None,
        };
        let bytes = std::fs::read(opts.dir.join(&rel))
            .map_err(|e| anyhow!("cannot read `{}`: {e}", opts.dir.join(&rel).display()))?;
        let letter = Letter::of(&bytes, settings.defaults())
            .ok_or_else(|| anyhow!("`{file}` is not a response"))?;
        let base = addresses::base_slug(editions.english());
        let seal = seals
            .find(&crate::folder::rel_key(&rel), Some(&base))
            .map(|s| (s, seals.shown(&s.slug)));
        let job = Job {
            renderer,
            site,
            opts,
            file: &file,
            editions: &editions,
            settings: &settings,
            parent,
            letter,
            seal,
        };
        match job.run(&mut record, &key) {
            Ok(done) => outcome.done.extend(done),
            Err(e) => {
                if site.is_some() && is_fatal(&e) {
                    return Err(e);
                }
                outcome.refused.push(Refused {
                    file,
                    why: format!("{e:#}"),
                });
            }
        }
    }
    Ok(outcome)
}

/// Whether an error stops the whole run: the site refused the user, or cannot be reached.
fn is_fatal(e: &anyhow::Error) -> bool {
    let s = e.to_string();
    s.contains("did not accept the user")
        || s.contains("does not let the user")
        || s.contains("cannot reach the WordPress site")
        || s.contains("has no WordPress REST API")
}

/// The id of the page at `slug`, which the office's settings name as the parent.
fn parent_id(site: &Site, slug: &str) -> Result<u64> {
    let found = site.get(
        "the parent page",
        "/wp/v2/pages",
        &format!(
            "slug={}&status=publish,private,draft&context=edit",
            enc(slug)
        ),
    )?;
    found
        .as_array()
        .and_then(|a| a.first())
        .and_then(|p| p.get("id"))
        .and_then(Value::as_u64)
        .ok_or_else(|| {
            anyhow!(
                "the parent page `{slug}` that s55.yaml names (wordpress: parent:) is not on {}; make it in WordPress first, or correct its address",
                site.base()
            )
        })
}

/// A value for a query string.
fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// One response being published.
struct Job<'a> {
    renderer: &'a Renderer,
    site: Option<&'a Site>,
    opts: &'a Options<'a>,
    file: &'a str,
    editions: &'a Editions,
    settings: &'a Settings,
    parent: Option<u64>,
    letter: Letter,
    /// The letter's seal, when it was signed and published, and its folder as the office
    /// would write it.
    seal: Option<(&'a crate::site::seal::Seal, String)>,
}

impl Job<'_> {
    fn run(&self, record: &mut Record, site_key: &str) -> Result<Vec<Done>> {
        let doc = self.editions.english();
        let address = addresses::base_slug(doc);
        record.load(&address)?;
        let published = record.response(site_key, &address);
        if let Some(signed) = published.and_then(|p| p.letter.as_ref()) {
            let refused = signed.refuse(&self.letter);
            if !refused.is_empty() {
                let fields: Vec<String> = refused.iter().map(|d| d.message.clone()).collect();
                bail!(
                    "{}; the page on the site keeps the signed letter. Put it back as it was, or record the change under `corrections:` (a `date` and a `note`, shown with the letter)",
                    fields.join("; ")
                );
            }
        }
        let pages = self.editions_to_publish(&address)?;
        // Pass one: every edition's page exists (as a draft until it is complete), so each can
        // link to the other.
        let mut done = Vec::new();
        let (links, created) = self.pages(record, site_key, &address, &pages)?;
        // Pass two: downloads uploaded, then the page's content.
        for (i, p) in pages.iter().enumerate() {
            let (id, link) = links[p.code].clone();
            let Uploaded {
                uploads,
                downloads,
                replaced,
            } = self.upload(record, site_key, &address, p)?;
            let other = pages
                .get(1 - i.min(1))
                .filter(|_| pages.len() == 2)
                .map(|o| OtherLanguage {
                    href: links[o.code].1.clone(),
                    hreflang: o.lang.clone(),
                    label: p.other_language_label.clone(),
                });
            let content = self.content(p, &address, &downloads, other.as_ref())?;
            let sent = util::hash_hex(
                format!("{}\n{}\n{:?}\n{content}", p.title, p.slug, self.parent).as_bytes(),
            );
            let known = record.page(site_key, &address, p.code).cloned();
            let action = if created.contains_key(p.code) {
                Action::Create
            } else if known.as_ref().is_some_and(|k| k.sent == sent) {
                Action::Leave
            } else {
                Action::Update
            };
            if let (Some(site), false) = (self.site, action == Action::Leave) {
                if let (Action::Update, Some(k)) = (&action, &known)
                    && !k.modified.is_empty()
                    && !self.opts.overwrite
                {
                    self.check_unchanged(site, k, &link, &address)?;
                }
                let stored = site.post(
                    "the update of a page",
                    &format!("/wp/v2/pages/{id}"),
                    &json!({
                        "title": p.title,
                        "slug": p.slug,
                        "parent": self.parent.unwrap_or(0),
                        "content": content,
                        "status": "publish",
                    }),
                )?;
                let link = stored
                    .get("link")
                    .and_then(Value::as_str)
                    .unwrap_or(&link)
                    .to_owned();
                record.set_page(site_key, &address, p.code, id, &link);
                record.set_published(
                    site_key,
                    &address,
                    p.code,
                    &sent,
                    stored_state(&stored),
                    &self.letter,
                );
                record.save(&address)?;
                for old in replaced {
                    // The page no longer links the old file; it goes from the library. A
                    // failure here leaves a file unlinked, not a page wrong.
                    let _ = site.delete_media(old);
                }
            }
            done.push(Done {
                file: self.file.to_owned(),
                page: if self.site.is_some() {
                    record
                        .page(site_key, &address, p.code)
                        .map_or(link, |k| k.link.clone())
                } else {
                    link
                },
                action,
                uploads,
            });
        }
        Ok(done)
    }

    /// Pass one of a run: every edition's page on the site (made as a draft when it is not
    /// there yet), so that each can link to the other; the pages made now are marked.
    fn pages(
        &self,
        record: &mut Record,
        site_key: &str,
        address: &str,
        pages: &[EditionPage],
    ) -> Result<(Links, BTreeMap<&'static str, bool>)> {
        let mut links = BTreeMap::new();
        let mut created = BTreeMap::new();
        for p in pages {
            let known = record.page(site_key, address, p.code).cloned();
            let (id, link) = match known {
                Some(k) => (k.id, k.link.clone()),
                None => {
                    created.insert(p.code, true);
                    match self.site {
                        None => (0, p.slug.clone()),
                        Some(site) => {
                            let (id, link) = self.make_page(site, p, address)?;
                            record.set_page(site_key, address, p.code, id, &link);
                            record.save(address)?;
                            (id, link)
                        }
                    }
                }
            };
            links.insert(p.code, (id, link));
        }
        Ok((links, created))
    }

    /// An edition's downloads on the site: each file uploaded unless the library holds it
    /// as it is, and the files it replaces, to delete once the page no longer links them.
    fn upload(
        &self,
        record: &mut Record,
        site_key: &str,
        address: &str,
        p: &EditionPage,
    ) -> Result<Uploaded> {
        let mut uploads = Vec::new();
        let mut downloads = Vec::new();
        let mut replaced = Vec::new();
        for (name, f, bytes) in &p.files {
            let mime = f.media_type();
            let hash = util::hash_hex(bytes);
            let kept = record
                .media(site_key, address, name)
                .filter(|m| m.hash == hash)
                .cloned();
            let href = match (kept, self.site) {
                (Some(m), _) => m.url,
                (None, None) => {
                    uploads.push(name.clone());
                    name.clone()
                }
                (None, Some(site)) => {
                    let media = site.upload(name, mime, bytes)?;
                    let mid = media.get("id").and_then(Value::as_u64).unwrap_or(0);
                    let url = media
                        .get("source_url")
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_owned();
                    if let Some(old) = record.set_media(site_key, address, name, mid, &url, &hash) {
                        replaced.push(old);
                    }
                    record.save(address)?;
                    uploads.push(name.clone());
                    url
                }
            };
            downloads.push(Download {
                label: f.label().to_owned(),
                lead: f.is_record(),
                href,
                size: render::human_size(bytes.len()),
            });
        }
        Ok(Uploaded {
            uploads,
            downloads,
            replaced,
        })
    }

    /// Refuses to overwrite a page an editor changed in WordPress since s55 published it.
    fn check_unchanged(
        &self,
        site: &Site,
        known: &record::Page,
        link: &str,
        address: &str,
    ) -> Result<()> {
        let Some(now) = site.page(known.id)? else {
            bail!(
                "the page {link} (id {}) is no longer on the site; s55 does not make it again on its own: to publish it afresh, remove its record, the file in `.s55/wordpress/` whose `address` is `{address}`",
                known.id
            );
        };
        let (modified, raw) = stored_state(&Value::Object(now.clone()));
        let status = now.get("status").and_then(Value::as_str).unwrap_or("");
        if modified != known.modified || raw != known.raw || status == "trash" {
            bail!(
                "the page {link} was changed in WordPress since s55 last published it (at {}; now {modified}{}), so s55 leaves it as it is; publish again with --overwrite to replace it with the response",
                known.modified,
                if status == "trash" {
                    ", in the bin"
                } else {
                    ""
                }
            );
        }
        Ok(())
    }

    /// Makes an edition's page as an empty draft, or takes up one an earlier run made.
    fn make_page(&self, site: &Site, p: &EditionPage, address: &str) -> Result<(u64, String)> {
        let found = site.get(
            "the pages at a response's address",
            "/wp/v2/pages",
            &format!(
                "slug={}&status=publish,private,draft,pending&context=edit",
                enc(&p.slug)
            ),
        )?;
        let mark = format!("data-s55-address=\"{address}\"");
        if let Some(page) = found.as_array().and_then(|a| a.first()) {
            let raw = page
                .pointer("/content/raw")
                .and_then(Value::as_str)
                .unwrap_or("");
            if raw.contains(&mark) || raw.is_empty() {
                let id = page.get("id").and_then(Value::as_u64).unwrap_or(0);
                return Ok((id, planned_link(page, &p.slug)));
            }
            bail!(
                "the page {} is already on the site and was not published by s55; give the responses' pages a prefix (wordpress: prefix: in s55.yaml), or move that page",
                page.get("link").and_then(Value::as_str).unwrap_or(&p.slug)
            );
        }
        let made = site.post(
            "the creation of a page",
            "/wp/v2/pages",
            &json!({
                "title": p.title,
                "slug": p.slug,
                "parent": self.parent.unwrap_or(0),
                "status": "draft",
                "content": "",
            }),
        )?;
        let id = made
            .get("id")
            .and_then(Value::as_u64)
            .ok_or_else(|| anyhow!("WordPress made a page but gave no id"))?;
        Ok((id, planned_link(&made, &p.slug)))
    }

    /// Refuses a file of a sealed letter that is not, byte for byte, the file as signed: a
    /// change of the office's settings, pictures or templates, or another version of s55,
    /// never reaches the signed letter on the site.
    fn as_signed(&self, name: &str, bytes: &[u8]) -> Result<()> {
        let Some((seal, shown)) = &self.seal else {
            return Ok(());
        };
        let sealed = seal
            .latest()
            .files
            .iter()
            .find(|(path, _)| path.rsplit('/').next() == Some(name));
        match sealed {
            Some((_, hash)) if *hash != util::sha256_hex(bytes) => bail!(
                "`{name}` as s55 makes it now is not the letter as signed (sealed in `{shown}`), so the page keeps the signed letter: a change to the office's settings, pictures or templates, or another version of s55, has changed it. Run `s55 build` to see what differs; to change the letter itself, record a correction under `corrections:`"
            ),
            _ => Ok(()),
        }
    }

    /// Each edition to publish: one for a response in one language, one per language for a
    /// bilingual one.
    fn editions_to_publish(&self, address: &str) -> Result<Vec<EditionPage>> {
        let stem = address.rsplit('/').next().unwrap_or("response").to_owned();
        // The letter as sent, the downloads the office offers, then the page linking them.
        let mut formats =
            vec![format::record().ok_or_else(|| anyhow!("the letter's format is missing"))?];
        for d in &self.settings.downloads {
            if let Some(f) = format::by_name(d.format()) {
                formats.push(f);
            }
        }
        formats.push(format::page().ok_or_else(|| anyhow!("the page's format is missing"))?);
        let page = PageLinks {
            fragment: true,
            untitled: true,
            ..PageLinks::default()
        };
        let rendered = render::render(
            self.renderer,
            self.editions,
            self.settings,
            &stem,
            &formats,
            page,
        )?;
        let prefix = self
            .settings
            .wordpress
            .as_ref()
            .and_then(|w| w.prefix.clone())
            .unwrap_or_default();
        let bilingual = self.editions.is_bilingual();
        let mut out = Vec::new();
        for doc in self.editions.iter() {
            let locale = self.renderer.assets().locale(doc.language);
            let view = render::view::build(doc, locale, self.settings);
            let code = view.lang_code();
            let (file_stem, slug) = if bilingual {
                (format!("{stem}.{code}"), format!("{prefix}{stem}-{code}"))
            } else {
                (stem.clone(), format!("{prefix}{stem}"))
            };
            let take = |ext: &str| {
                rendered
                    .files
                    .iter()
                    .find(|(n, _)| *n == format!("{file_stem}.{ext}"))
                    .map(|(n, b)| (n.clone(), b.clone()))
            };
            let page_ext = format::page().map_or("", |f| f.extension());
            let fragment = take(page_ext)
                .map(|(_, b)| String::from_utf8_lossy(&b).into_owned())
                .ok_or_else(|| anyhow!("the page was not rendered"))?;
            let mut files = Vec::new();
            for f in &formats {
                if f.is_page() {
                    continue;
                }
                if let Some((name, bytes)) = take(f.extension()) {
                    self.as_signed(&name, &bytes)?;
                    files.push((name, *f, bytes));
                }
            }
            out.push(EditionPage {
                code,
                lang: view.lang.clone(),
                title: view.title.clone(),
                slug: addresses::slugify(&slug, 190),
                fragment,
                labels: locale.labels.clone(),
                files,
                other_language_label: locale.label("other_language").to_owned(),
                progress: self.progress(doc, address, &view.title, locale)?,
            });
        }
        Ok(out)
    }

    /// An edition's progress section: the archive's progress page for the response, less
    /// what surrounds it on the archive site (its header, title and links back), so that the
    /// page shows what the archive shows, and what the office keeps private stays so.
    fn progress(
        &self,
        doc: &crate::model::Response,
        address: &str,
        title: &str,
        locale: &crate::render::assets::Locale,
    ) -> Result<String> {
        // As the archive's progress pages: what the office keeps private (owners, unless
        // `published_fields` names them) stays off the page.
        let rows = crate::export::public_rows(address, doc, self.settings);
        let meta = crate::site::publish::Meta {
            slug: address.to_owned(),
            href: "index.html".to_owned(),
            title: title.to_owned(),
            force: doc.force.clone(),
            force_slug: String::new(),
            office: String::new(),
            report_title: doc.report.title.clone(),
            report_kind: String::new(),
            report_url: None,
            report_published: doc.report.published.0.to_string(),
            report_published_text: String::new(),
            response_date: None,
            response_date_text: None,
            last_day: String::new(),
            days_late: None,
            recommendations: 0,
            answered: 0,
            files: Vec::new(),
            draft: false,
            corrected: None,
            as_signed: None,
            lang: doc.language.code().to_owned(),
            welsh: None,
        };
        // The section in the edition's own language, with its words and its `lang`.
        let tongue = crate::site::index::Tongue {
            welsh: doc.language == crate::model::Language::Cy,
            ..crate::site::index::Tongue::ENGLISH
        };
        let pages = crate::site::progress::Pages::new(
            self.renderer,
            locale,
            tongue,
            self.settings,
            self.opts.today,
        );
        // The findings are the edition's own, in its language.
        let findings = crate::site::records::Findings {
            rows,
            welsh: tongue.welsh,
        };
        let page = String::from_utf8(pages.response(&meta, &findings)?)?;
        let body = page
            .split_once("<main")
            .and_then(|(_, m)| m.split_once('>'))
            .and_then(|(_, m)| m.split_once("</main>"))
            .map_or("", |(m, _)| m);
        Ok(body
            .lines()
            .filter(|l| !l.starts_with("<h1") && !l.starts_with("<h2 id=\"response-"))
            .map(str::trim_end)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join("\n"))
    }

    /// The page's content: the letter as one Custom HTML block, with its downloads.
    fn content(
        &self,
        p: &EditionPage,
        address: &str,
        downloads: &[Download],
        other: Option<&OtherLanguage>,
    ) -> Result<String> {
        let mut ctx = tera::Context::new();
        ctx.insert("t", &p.labels);
        ctx.insert("lang", &p.lang);
        ctx.insert("address", address);
        ctx.insert("letter", p.fragment.trim());
        ctx.insert("downloads", downloads);
        ctx.insert("alternate", &other);
        ctx.insert("progress", &p.progress);
        Ok(self
            .renderer
            .site("wordpress.html", &ctx)?
            .trim()
            .to_owned())
    }
}

/// The address a page will have once published: its permalink template filled with its
/// slug, which a draft's own link (`?page_id=N`) is not.
fn planned_link(page: &Value, slug: &str) -> String {
    match page.get("permalink_template").and_then(Value::as_str) {
        Some(t) if t.contains("%pagename%") => t.replace("%pagename%", slug),
        _ => page
            .get("link")
            .and_then(Value::as_str)
            .unwrap_or(slug)
            .to_owned(),
    }
}

/// What WordPress holds of a page: its modified time (GMT) and the hash of its raw content.
fn stored_state(page: &Value) -> (String, String) {
    let modified = page
        .get("modified_gmt")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_owned();
    let raw = page
        .pointer("/content/raw")
        .and_then(Value::as_str)
        .unwrap_or("");
    (modified, util::hash_hex(raw.as_bytes()))
}
