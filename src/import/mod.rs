//! Drafting aids: text pasted from an inspection report becomes the `recommendations:` of a
//! response, with the report's own numbering, nesting and wording (`recs`); a previously
//! published response becomes a draft response file (`response`, reading `blocks`, `facts`
//! and `dates`, written by `draft`); a saved web page, a PDF or a Word document is read as
//! text first (`read`); tables of findings are read by their header row (`table`); findings
//! are written as YAML (`yaml`), or added to a draft response's file in place (`into`); and a
//! filled Word form s55 wrote is read back into its response file (`form`).
//!
//! Policy: keep the text exactly (lines wrapped by the copy are joined with one space), find
//! the structure from the markers and the indentation, drop what a PDF copy adds (page numbers,
//! running headers repeated on every page), never refuse a document that is text, and say in
//! a warning whatever was uncertain rather than guess silently.

mod bilingual;
mod blocks;
mod dates;
mod docx;
mod draft;
mod entries;
mod facts;
pub mod form;
pub mod into;
mod letters;
pub mod limits;
mod nesting;
mod page;
mod pdftext;
mod published;
mod read;
mod recs;
mod response;
mod table;
mod warning;
pub mod word;
mod xml;
mod yaml;

pub use entries::{Entry, Findings};
pub use published::{response, responses};
pub use read::{Format, Input, ReadError, format, read};
pub use recs::{findings, recommendations, unfit};
pub use response::Draft;
pub use warning::Warning;
pub use yaml::{findings_yaml, yaml};

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};

/// Reads an import's input from a file, or standard input for `-` or nothing; at most
/// [`limits::MAX_INPUT_BYTES`] either way.
pub fn read_bytes(file: Option<&Path>) -> Result<Vec<u8>> {
    use std::io::Read;
    let limit = limits::MAX_INPUT_BYTES;
    let too_large = || {
        anyhow::anyhow!(
            "the input is larger than the {} MB s55 imports: a report or a letter is a few \
             megabytes; import the part that holds the findings",
            limit >> 20
        )
    };
    match file {
        Some(p) if p != Path::new("-") => crate::fs::read_limited(p, limit).map_err(|e| match e {
            crate::fs::ReadError::TooLarge(_) => too_large(),
            crate::fs::ReadError::Io(e) => {
                anyhow::Error::new(e).context(format!("cannot read `{}`", p.display()))
            }
            crate::fs::ReadError::Folder => {
                anyhow::anyhow!("`{}` is a folder: name a file in it", p.display())
            }
            crate::fs::ReadError::NotAFile => anyhow::anyhow!(
                "`{}` is not a regular file (a FIFO, a device or a socket)",
                p.display()
            ),
        }),
        _ => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .take(limit as u64 + 1)
                .read_to_end(&mut bytes)
                .context("cannot read standard input")?;
            if bytes.len() > limit {
                return Err(too_large());
            }
            Ok(bytes)
        }
    }
}

/// The files `import response --out DIR` writes its drafts to: `STEM.yaml` for one,
/// `STEM-1.yaml`, `STEM-2.yaml`, … for the responses of a page that holds several.
pub fn draft_paths(dir: &Path, stem: &str, count: usize) -> Vec<PathBuf> {
    (0..count)
        .map(|i| {
            dir.join(if count > 1 {
                format!("{stem}-{}.yaml", i + 1)
            } else {
                format!("{stem}.yaml")
            })
        })
        .collect()
}
