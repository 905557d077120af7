//! Drafting aids: text pasted from an inspection report becomes the `recommendations:` of a
//! response, with the report's own numbering, nesting and wording (`recs`); a previously
//! published response becomes a draft response file (`response`, reading `blocks`, `facts`
//! and `dates`, written by `draft`); a saved web page, a PDF or a Word document is read as
//! text first (`read`); tables of findings are read by their header row (`table`); findings
//! are written as YAML (`yaml`); and a filled Word form s55 wrote is read back into its
//! response file (`form`).
//!
//! Policy: keep the text exactly (lines wrapped by the copy are joined with one space), find
//! the structure from the markers and the indentation, drop what a PDF copy adds (page numbers,
//! running headers repeated on every page), never refuse a document that is text, and say in
//! a warning whatever was uncertain rather than guess silently.

mod bilingual;
mod blocks;
mod dates;
mod draft;
mod entries;
mod facts;
pub mod form;
pub mod limits;
mod nesting;
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
pub(crate) use yaml::{quote_or_todo, yaml_quote};
