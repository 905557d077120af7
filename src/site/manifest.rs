//! What a build remembers for the next one, and the file operations that keep the output
//! folder in step with it.
//!
//! The manifest (`.s55-manifest.json` in the output) records a fingerprint of everything
//! besides the inputs that shapes the output, and for each published response the hash of
//! its input, its address and the files written for it. It is written last, so a build
//! stopped at any moment leaves the previous manifest, and the next build finishes the job.

use std::collections::BTreeMap;
use std::path::{Component, Path};

use anyhow::Result;
use serde::{Deserialize, Serialize};

use super::publish::Meta;
use crate::fs;

/// The manifest's file name, in the output folder.
pub const MANIFEST: &str = ".s55-manifest.json";

/// What the manifest remembers between builds.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Manifest {
    /// The fingerprint of everything besides the inputs that shapes the output.
    pub assets: String,
    /// Each published response, by its input's path relative to the input folder.
    pub responses: BTreeMap<String, Entry>,
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
}

impl Manifest {
    /// The manifest in `out`; an empty one when there is none or it cannot be read (the
    /// build then renders everything).
    pub fn read(out: &Path) -> Manifest {
        std::fs::read(out.join(MANIFEST))
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default()
    }

    /// Writes the manifest into `out`, atomically.
    pub fn write(&self, out: &Path) -> Result<()> {
        fs::write_atomic(&out.join(MANIFEST), &serde_json::to_vec_pretty(self)?)
    }
}

/// Removes a file the manifest says s55 published, and its folders once empty. A path that
/// would leave the output folder is ignored.
pub fn remove_published(out: &Path, rel: &str) {
    let rel_path = Path::new(rel);
    if rel_path.is_absolute()
        || rel_path
            .components()
            .any(|c| !matches!(c, Component::Normal(_)))
    {
        return;
    }
    let path = out.join(rel_path);
    let _ = std::fs::remove_file(&path);
    let mut dir = path.parent();
    while let Some(d) = dir {
        if d == out || std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

/// Removes temporary files a build stopped midway left behind.
pub fn remove_stale_temporaries(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let Ok(kind) = e.file_type() else { continue };
        if kind.is_dir() {
            remove_stale_temporaries(&e.path());
        } else if name.starts_with('.') && name.contains(".s55-") && name.ends_with(".tmp") {
            let _ = std::fs::remove_file(e.path());
        }
    }
}
