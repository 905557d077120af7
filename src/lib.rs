//! s55 turns a YAML file describing a section 55 response (the local policing body's comments
//! on an HMICFRS inspection report) into the statutory letter as Markdown, an accessible HTML
//! page and an accessible, tagged PDF; checks it against the Police Act 1996; and publishes a
//! folder of responses as an archive site.
//!
//! One pipeline, one phase per module. [`load`] reads a file into the [`model`] (one or two
//! [`model::Editions`]) and turns YAML problems into [`diag`]nostics with line, column and
//! field path; [`check`] runs [`validate`] on every edition and places each problem in the
//! source. [`statute`] works out a response's statutory position once (the 56-day window,
//! a response to every recommendation, the copies), and validation, [`status`], the view and
//! the [`site`] all read that one answer. [`render`] turns each edition into a view (dates
//! written out, numbering resolved, labels in its language), Tera templates write the letter's
//! Markdown, and every output [`render::format`] in the registry (Markdown, HTML, PDF) is made
//! from that Markdown, so every format says the same thing. Renderers return bytes; only the
//! commands in [`cmd`] and the [`site`] publisher write files, atomically, via [`fs`]. [`cmd`]
//! is the only place that prints and chooses exit codes. Beside the letter: [`export`] gives
//! every finding as rows for an office's tracker, and [`copies`] the covering e-mails of
//! section 55(6).

pub mod addresses;
pub mod check;
pub mod cli;
pub mod cmd;
pub mod copies;
pub mod diag;
pub mod export;
pub mod folder;
pub mod fs;
pub mod harness;
pub mod import;
pub mod inputs;
pub mod load;
pub mod markup;
pub mod model;
pub mod picture;
pub mod render;
pub mod serve;
pub mod settings;
pub mod site;
pub mod status;
pub mod statute;
pub mod synth;
pub mod timescale;
pub mod util;
pub mod validate;
pub mod wordpress;

pub use check::{Checked, check_file, check_loaded};
pub use cli::Cli;
pub use cmd::{EXIT_FAILURE, EXIT_INPUT, EXIT_OK, run};
