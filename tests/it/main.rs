//! s55's integration tests: one binary, one module per concern.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod archive;
mod cli;
mod compliance;
mod corpus;
mod desk;
mod diagnostics;
mod drawing;
#[cfg(unix)]
mod durable;
mod findings_corpus;
mod forms;
mod golden;
mod hostile;
mod import;
mod injection;
mod into;
mod letter;
mod limits;
mod minors;
mod model;
#[cfg(unix)]
mod modes;
mod office;
mod pdf;
mod pdfa;
mod pictures;
mod props;
mod public;
mod race;
// The README's commands are run in `sh`.
#[cfg(unix)]
mod readme;
mod record;
mod safety;
mod scaffold;
mod seal;
mod seed;
mod serve;
mod serve_list;
mod support;
mod syntax;
mod tags;
mod tools;
mod ux;
mod welsh;
mod welsh_archive;
mod word;
mod wordpress;

/// The text of a corpus input, as the importer reads it (a text file as it is; the other
/// formats through the importer's own reader).
pub fn import_corpus_text(input: &std::path::Path) -> String {
    let bytes = std::fs::read(input).unwrap();
    s55::import::read(&bytes).unwrap()
}
