//! s55's integration tests: one binary, one module per concern.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod archive;
mod cli;
mod compliance;
mod diagnostics;
mod golden;
mod import;
mod limits;
mod pdf;
mod props;
mod safety;
mod seed;
mod serve;
mod support;
mod welsh;
