//! The record of what s55 published to WordPress: in `.s55/wordpress/` in the folder of
//! responses, one file per response (named by a hash of its address), holding each site it
//! was published to and, for each, its editions' pages and its files. A file per response, so
//! that recording one step of one response rewrites a small file, however many responses the
//! folder holds. Written after every step that changes the site, so a run stopped part way
//! knows what is already there.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use crate::site::frozen::Letter;

/// The record's folder, below the folder of responses.
pub const FOLDER: &str = ".s55/wordpress";

/// The largest record of one response s55 reads.
const MAX_RECORD: usize = 16 * 1024 * 1024;

/// The records of a folder of responses, read one response at a time.
#[derive(Debug)]
pub struct Record {
    /// The folder of responses.
    dir: PathBuf,
    /// The responses read so far, by address.
    loaded: BTreeMap<String, Entry>,
}

/// One response's file: the sites it was published to.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Entry {
    /// The response's address.
    address: String,
    /// By the site's address (no trailing slash).
    sites: BTreeMap<String, Response>,
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
    /// The records of the folder of responses `dir`; nothing is read until a response is.
    pub fn open(dir: &Path) -> Record {
        Record {
            dir: dir.to_path_buf(),
            loaded: BTreeMap::new(),
        }
    }

    /// The file of the response at `address`.
    fn file(dir: &Path, address: &str) -> PathBuf {
        dir.join(FOLDER).join(format!(
            "{}.json",
            crate::util::hash_hex(address.as_bytes())
        ))
    }

    /// Reads the record of the response at `address`, if it has one.
    pub fn load(&mut self, address: &str) -> Result<()> {
        if self.loaded.contains_key(address) {
            return Ok(());
        }
        let path = Record::file(&self.dir, address);
        let entry = match crate::fs::read_limited(&path, MAX_RECORD) {
            Ok(bytes) => serde_json::from_slice(&bytes).with_context(|| {
                format!(
                    "`{}`, s55's record of what it published to WordPress, cannot be read; restore it from a backup (without it s55 cannot tell which pages are this response's)",
                    path.display()
                )
            })?,
            Err(crate::fs::ReadError::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {
                Entry {
                    address: address.to_owned(),
                    sites: BTreeMap::new(),
                }
            }
            Err(e) => return Err(anyhow::anyhow!("cannot read `{}`: {e}", path.display())),
        };
        self.loaded.insert(address.to_owned(), entry);
        Ok(())
    }

    /// Writes the record of the response at `address` back, whole.
    pub fn save(&self, address: &str) -> Result<()> {
        let Some(entry) = self.loaded.get(address) else {
            return Ok(());
        };
        let path = Record::file(&self.dir, address);
        if let Some(folder) = path.parent() {
            crate::fs::create_dir_all(folder)?;
        }
        let mut bytes = serde_json::to_vec_pretty(entry)?;
        bytes.push(b'\n');
        crate::fs::write_atomic(&path, &bytes)
    }

    /// A response's record on a site.
    pub fn response(&self, site: &str, address: &str) -> Option<&Response> {
        self.loaded.get(address).and_then(|e| e.sites.get(site))
    }

    fn response_mut(&mut self, site: &str, address: &str) -> &mut Response {
        let entry = self
            .loaded
            .entry(address.to_owned())
            .or_insert_with(|| Entry {
                address: address.to_owned(),
                sites: BTreeMap::new(),
            });
        entry.sites.entry(site.to_owned()).or_default()
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

/// The address of a response's published page on WordPress, from the record in `start` or a
/// folder above it: for `s55 copies`, which names the page the office published.
pub fn page_link(start: &Path, address: &str) -> Option<String> {
    let mut dir = Some(start);
    while let Some(d) = dir {
        let mut record = Record::open(d);
        if record.load(address).is_ok()
            && let Some(link) = record
                .loaded
                .get(address)
                .into_iter()
                .flat_map(|e| e.sites.values())
                .flat_map(|r| r.pages.values())
                .find(|p| !p.sent.is_empty())
                .map(|p| p.link.clone())
        {
            return Some(link);
        }
        dir = d.parent();
    }
    None
}
