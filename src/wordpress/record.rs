//! The record of what s55 published to WordPress: `.s55/wordpress.json` in the folder of
//! responses, by site, then by response address, then by edition. Written after every step
//! that changes the site, so a run stopped part way knows what is already there.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use crate::site::frozen::Letter;

/// The record's file, below the folder of responses.
pub const FILE: &str = ".s55/wordpress.json";

/// The largest record s55 reads.
const MAX_RECORD: usize = 256 * 1024 * 1024;

/// Everything published, by site address.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Record {
    /// By the site's address (no trailing slash).
    sites: BTreeMap<String, BTreeMap<String, Response>>,
}

/// One response on one site.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct Response {
    /// The letter as first published: later runs refuse an edit without a correction.
    #[serde(default)]
    pub letter: Option<Letter>,
    /// Each edition's page, by language code.
    #[serde(default)]
    pub pages: BTreeMap<String, Page>,
    /// Each uploaded file, by its name.
    #[serde(default)]
    pub media: BTreeMap<String, Media>,
}

/// One page.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct Page {
    /// WordPress's id of the page.
    pub id: u64,
    /// Its address.
    pub link: String,
    /// The hash of what s55 last sent (title, address, parent, content); empty before the
    /// page was first published.
    #[serde(default)]
    pub sent: String,
    /// The page's modified time (GMT) after s55 last published it.
    #[serde(default)]
    pub modified: String,
    /// The hash of the page's raw content as WordPress then stored it.
    #[serde(default)]
    pub raw: String,
}

/// One file of the media library.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct Media {
    /// WordPress's id of the file.
    pub id: u64,
    /// Its address.
    pub url: String,
    /// The hash of the bytes uploaded.
    pub hash: String,
}

impl Record {
    /// The record of the folder `dir`; empty when there is none yet.
    pub fn read(dir: &Path) -> Result<Record> {
        let path = dir.join(FILE);
        match crate::fs::read_limited(&path, MAX_RECORD) {
            Ok(bytes) => serde_json::from_slice(&bytes).with_context(|| {
                format!(
                    "`{}`, s55's record of what it published to WordPress, cannot be read; restore it from a backup (without it s55 cannot tell which pages are the responses')",
                    path.display()
                )
            }),
            Err(crate::fs::ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {
                Ok(Record::default())
            }
            Err(e) => Err(anyhow::anyhow!("cannot read `{}`: {e}", path.display())),
        }
    }

    /// Writes the record back, whole.
    pub fn write(&self, dir: &Path) -> Result<()> {
        let path: PathBuf = dir.join(FILE);
        if let Some(folder) = path.parent() {
            crate::fs::create_dir_all(folder)?;
        }
        let mut bytes = serde_json::to_vec_pretty(self)?;
        bytes.push(b'\n');
        crate::fs::write_atomic(&path, &bytes)
    }

    /// A response's record on a site.
    pub fn response(&self, site: &str, address: &str) -> Option<&Response> {
        self.sites.get(site).and_then(|s| s.get(address))
    }

    fn response_mut(&mut self, site: &str, address: &str) -> &mut Response {
        self.sites
            .entry(site.to_owned())
            .or_default()
            .entry(address.to_owned())
            .or_default()
    }

    /// An edition's page.
    pub fn page(&self, site: &str, address: &str, code: &str) -> Option<&Page> {
        self.response(site, address).and_then(|r| r.pages.get(code))
    }

    /// An uploaded file.
    pub fn media(&self, site: &str, address: &str, name: &str) -> Option<&Media> {
        self.response(site, address).and_then(|r| r.media.get(name))
    }

    /// Records an edition's page and its address.
    pub fn set_page(&mut self, site: &str, address: &str, code: &str, id: u64, link: &str) {
        let page = self
            .response_mut(site, address)
            .pages
            .entry(code.to_owned())
            .or_default();
        page.id = id;
        link.clone_into(&mut page.link);
    }

    /// Records an uploaded file; returns the id of the file it replaces, if any.
    pub fn set_media(
        &mut self,
        site: &str,
        address: &str,
        name: &str,
        id: u64,
        url: &str,
        hash: &str,
    ) -> Option<u64> {
        let old = self.response_mut(site, address).media.insert(
            name.to_owned(),
            Media {
                id,
                url: url.to_owned(),
                hash: hash.to_owned(),
            },
        );
        old.map(|m| m.id).filter(|&old| old != id)
    }

    /// Records that a page was published: what was sent, what WordPress then held, and the
    /// letter published.
    pub fn set_published(
        &mut self,
        site: &str,
        address: &str,
        code: &str,
        sent: &str,
        (modified, raw): (String, String),
        letter: &Letter,
    ) {
        let response = self.response_mut(site, address);
        response.letter = Some(letter.clone());
        let page = response.pages.entry(code.to_owned()).or_default();
        sent.clone_into(&mut page.sent);
        page.modified = modified;
        page.raw = raw;
    }
}

/// The address of a response's published page on WordPress, from the record in `dir` or a
/// folder above it up to `top`: for `s55 copies`, which names the page the office published.
pub fn page_link(start: &Path, top: Option<&Path>, address: &str) -> Option<String> {
    let mut dir = Some(start);
    while let Some(d) = dir {
        if let Ok(record) = Record::read(d)
            && let Some(link) = record
                .sites
                .values()
                .filter_map(|s| s.get(address))
                .flat_map(|r| r.pages.iter())
                .find(|(_, p)| !p.sent.is_empty())
                .map(|(_, p)| p.link.clone())
        {
            return Some(link);
        }
        if top.is_some_and(|t| t == d) {
            break;
        }
        dir = d.parent();
    }
    None
}
