//! From a path to a [`Response`]: reading, decoding and parsing, with every problem said where
//! it is.
//!
//! Parsing collects rather than stopping at the first mistake: every unknown top-level field is
//! reported, every broken entry of a list (a section, a recommendation) is reported on its own,
//! and only then the first problem among the remaining single fields. Positions come from an
//! event-level reading of the YAML ([`Locator`]) that maps field paths to lines and columns,
//! made in the same pass that checks what the text may cost, and kept with the text
//! ([`Source::locator`]) for everything the checks find later.
//!
//! One job per module: `decode` reads and decodes the bytes, `budget` bounds what the YAML
//! may cost before it is parsed, `bilingual` projects a bilingual
//! file into its editions, `schema` turns YAML values into the model with the problems
//! collected, and `positions` maps field paths to lines and columns. `chars` refuses what
//! is not text (line separators written raw, control characters in a value); `scalar`
//! writes values back so that every reader reads the same text.

mod bilingual;
pub mod budget;
pub mod chars;
mod decode;
pub mod edit;
pub mod edit_list;
pub mod images;
pub mod inherit;
mod positions;
pub mod scalar;
mod schema;
mod syntax;
pub mod write;

use std::path::Path;
use std::sync::OnceLock;

use crate::diag::Diagnostic;
use crate::model::{Editions, Response};

pub use crate::model::TRANSLATED;
pub use bilingual::{parse_editions, parse_editions_with};
pub use decode::{MAX_INPUT_BYTES, decode, read_input};
pub use positions::{Locator, find_after, find_after_in};
pub use schema::struct_fields;

/// A response file as read from disk, kept for printing diagnostics against.
#[derive(Debug, Clone)]
pub struct Source {
    /// The path as the user gave it.
    pub name: String,
    /// The text, without a byte order mark.
    pub text: String,
    /// Where each field of the text is: read with the text when it was loaded, else when
    /// first asked for.
    positions: OnceLock<Locator>,
    /// Where each line of the text starts, found when first asked for.
    lines: OnceLock<crate::diag::Lines>,
}

impl Source {
    /// A file's text, under the name it is shown with.
    pub fn new(name: String, text: String) -> Self {
        Source {
            name,
            text,
            positions: OnceLock::new(),
            lines: OnceLock::new(),
        }
    }

    /// Puts `text` in place of the text, forgetting where the old one's fields and lines
    /// were: they would place the new one's wrongly, and a build keeps a response's
    /// source to its end, where positions read for its checks would hold tens of kilobytes
    /// for every response.
    pub fn replace_text(&mut self, text: String) {
        self.text = text;
        self.positions = OnceLock::new();
        self.lines = OnceLock::new();
    }

    /// Where each line of the text starts, found once for every diagnostic placed and shown.
    pub fn lines(&self) -> &crate::diag::Lines {
        self.lines
            .get_or_init(|| crate::diag::Lines::new(&self.text))
    }

    /// Where each field of the text is, read once however often it is asked for.
    pub fn locator(&self) -> &Locator {
        self.positions.get_or_init(|| Locator::new(&self.text))
    }
}

/// The outcome of loading one file: the response when it could be read, and the problems found.
#[derive(Debug)]
pub struct Loaded {
    /// The source text, when the file could be read and decoded.
    pub source: Option<Source>,
    /// The parsed response, in one edition or two, when there were no errors.
    pub editions: Option<Editions>,
    /// Everything wrong with the file, errors and warnings.
    pub diagnostics: Vec<Diagnostic>,
}

/// What a response inherits from its office's settings (`office:` in `s55.yaml`), if any.
pub type Defaults<'a> = Option<&'a serde_yaml::Mapping>;

/// Reads and parses a response file. Never fails: problems become diagnostics. A text that
/// is not valid UTF-8 is kept, decoded as well as it can be, to show where the problem is.
pub fn load_path(path: &Path, defaults: Defaults<'_>) -> Loaded {
    let name = path.display().to_string();
    match read_input(path) {
        Ok(bytes) => load_bytes(&name, &bytes, defaults),
        Err(d) => refused(&name, d, None),
    }
}

/// Decodes and parses a response file's bytes, already read, under the name given.
pub fn load_bytes(name: &str, bytes: &[u8], defaults: Defaults<'_>) -> Loaded {
    match decode(bytes) {
        Ok(text) => load_str_with(name, text, defaults),
        Err(d) => {
            let shown = (!bytes.contains(&0)).then(|| String::from_utf8_lossy(bytes).into_owned());
            refused(name, d, shown)
        }
    }
}

/// A file that could not be parsed: its one problem, and its text when it can be shown.
fn refused(name: &str, d: Diagnostic, shown: Option<String>) -> Loaded {
    Loaded {
        source: shown.map(|text| Source::new(name.to_owned(), text)),
        editions: None,
        diagnostics: vec![d],
    }
}

/// Parses response text that has already been read.
pub fn load_str(name: &str, text: String) -> Loaded {
    load_str_with(name, text, None)
}

/// Parses response text that has already been read, with what it inherits.
pub fn load_str_with(name: &str, text: String, defaults: Defaults<'_>) -> Loaded {
    let source = Source::new(name.to_owned(), text);
    let (editions, diagnostics, positions) =
        bilingual::parse_editions_located(&source.text, defaults);
    if let Some(p) = positions {
        let _ = source.positions.set(p);
    }
    Loaded {
        source: Some(source),
        editions: Editions::from_vec(editions),
        diagnostics,
    }
}

/// Parses YAML text into a response, collecting every problem it can find in one pass.
pub fn parse(text: &str) -> (Option<Response>, Vec<Diagnostic>) {
    let (mut editions, found) = parse_editions(text);
    let first = if editions.is_empty() {
        None
    } else {
        Some(editions.remove(0))
    };
    (first, found)
}

#[cfg(test)]
mod source_tests {
    use super::*;
    use crate::diag::FieldPath;

    #[test]
    fn a_replaced_text_is_placed_by_its_own_lines_and_fields() {
        let mut source = Source::new("r.yaml".into(), "title: A\nforce: B\n".into());
        let force = FieldPath::root().key("force");
        assert_eq!(source.locator().position(&force).map(|p| p.line), Some(2));
        assert_eq!(source.lines().line(&source.text, 2), Some("force: B"));
        // As a build keeps a response: its lines blanked but for those shown.
        source.replace_text("\n\n\nforce: C\n".into());
        assert_eq!(source.lines().line(&source.text, 4), Some("force: C"));
        assert_eq!(source.locator().position(&force).map(|p| p.line), Some(4));
    }
}
