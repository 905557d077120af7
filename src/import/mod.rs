//! Drafting aids: text pasted from an inspection report becomes the `recommendations:` of a
//! response, with the report's own numbering, nesting and wording (`recs`); a previously
//! published response, copied as plain text, becomes a draft response file (`response`); and
//! both are written as YAML (`yaml`).
//!
//! Policy: keep the text exactly (lines wrapped by the copy are joined with one space), find
//! the structure from the markers and the indentation, drop what a PDF copy adds (page numbers,
//! running headers repeated on every page), and say in a warning whatever was uncertain rather
//! than guess silently.

mod recs;
mod response;
mod yaml;

pub use recs::{Entry, recommendations};
pub use response::{Draft, response};
pub use yaml::yaml;
pub(crate) use yaml::{quote_or_todo, yaml_quote};
