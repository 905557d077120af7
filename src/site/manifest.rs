//! What a build remembers for the next one, and the file operations that keep the output
//! folder in step with it.
//!
//! The manifest (`.s55-manifest.json` in the output) records a fingerprint of everything
//! besides the inputs that shapes the output, and for each published response the hash of
//! its input, its address and the files written for it. It is written last, so a build
//! stopped at any moment leaves the previous manifest, and the next build finishes the job.
//! It also lists the site's own pages (index, forces' pages, feeds), so that a build removes
//! only files it wrote: what the manifest does not name is never deleted.

use std::collections::BTreeMap;

use anyhow::Result;
use serde::{Deserialize, Serialize};

use super::publish::Meta;
use crate::fs::OutDir;

/// The manifest's file name, in the output folder.
pub const MANIFEST: &str = ".s55-manifest.json";

/// A manifest larger than this is not read (the build renders everything instead): one for
/// tens of thousands of responses is a few tens of megabytes.
const MAX_MANIFEST_BYTES: usize = 256_000_000;

/// What the manifest remembers between builds.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Manifest {
    /// The fingerprint of everything besides the inputs that shapes the output.
    pub assets: String,
    /// Each published response, by its input's path relative to the input folder.
    pub responses: BTreeMap<String, Entry>,
    /// The site's own files written by the last build (index, forces' pages, feeds),
    /// relative to the output folder.
    #[serde(default)]
    pub site: Vec<String>,
}

/// One published response.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    /// The hash of the input file as rendered.
    pub input: String,
    /// Its address: `FORCE/DATE-TITLE`.
    pub slug: String,
    /// The files written for it, relative to the output folder.
    pub files: Vec<String>,
    /// What the index, the feed and `responses.json` say of it.
    pub meta: Meta,
    /// The signed letter's words, once a final response is published: what a later edit
    /// is compared with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub letter: Option<super::frozen::Letter>,
    /// The pictures it shows (the office's logo, the signature): each file's path from the
    /// folder of responses and the hash of its bytes, so that a new logo renders the
    /// response again.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pictures: Vec<(String, String)>,
}

impl Entry {
    /// Whether every picture it shows is still the file it was: inside the folder of
    /// responses (`input`, a real path), and the same bytes. A picture that cannot be read,
    /// or a path the manifest names outside that folder, counts as changed: the response is
    /// then read and checked again, which says what is wrong. `seen` holds each file's hash
    /// once read, so that a logo every response shows is read once a build.
    pub fn pictures_unchanged(
        &self,
        input: Option<&std::path::Path>,
        seen: &mut std::collections::HashMap<String, Option<String>>,
    ) -> bool {
        use std::path::{Component, Path};
        let Some(input) = input else {
            return self.pictures.is_empty();
        };
        self.pictures.iter().all(|(file, hash)| {
            let now = seen.entry(file.clone()).or_insert_with(|| {
                let rel = Path::new(file);
                let path = input.join(rel);
                let inside = rel.components().all(|c| matches!(c, Component::Normal(_)))
                    && path.canonicalize().is_ok_and(|real| real == path);
                inside
                    .then(|| crate::fs::read_limited(&path, crate::load::images::MAX_IMAGE_BYTES))
                    .and_then(Result::ok)
                    .map(|b| crate::util::hash_hex(&b))
            });
            now.as_deref() == Some(hash.as_str())
        })
    }
}

impl Manifest {
    /// The manifest in `out`; an empty one when there is none or it cannot be read (the
    /// build then renders everything).
    pub fn read(out: &OutDir) -> Manifest {
        out.read(MANIFEST, MAX_MANIFEST_BYTES)
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default()
    }

    /// Writes the manifest into `out`, atomically, streamed into the file rather than made
    /// whole in memory (it grows with the archive: 15 MB for 5,000 responses).
    pub fn write(&self, out: &OutDir) -> Result<()> {
        out.write_with(MANIFEST, |w| {
            serde_json::to_writer_pretty(w, self)?;
            Ok(())
        })
    }
}
