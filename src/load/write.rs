//! The one writer of a response's YAML: any value of the model ([`crate::model`]), or a part
//! of one (a list of findings under its key), as the text of a file that loads back to the
//! same value.
//!
//! The importers, the Word form's new fields and the scaffold build model values and hand
//! them here, so the model is the one description of a response: a new field is written as
//! soon as the model has it, and no writer restates which fields there are or how each is
//! spelt. Every text goes through [`super::scalar`], so the rules that keep a value one value
//! for both of the project's YAML readers hold for every file s55 writes. A file edited in
//! place (`import docx`) keeps its comments through [`super::edit`] instead, which writes its
//! values through the same rules.
//!
//! Comments are not part of the model, but an importer has things to say beside a value (a
//! line of the text it could not place, a tracker's status it does not know): each is a
//! [`Note`], placed in a mapping before a named field.

use anyhow::{Context as _, Result};
use serde::Serialize;
use serde_yaml::{Mapping, Value};

use super::scalar;

/// How a writer writes texts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Texts {
    /// Every text double-quoted on one line, as the importers write what they read from a
    /// document, so that nothing in it is read as YAML; words from the model's fixed sets
    /// (`in progress`, `lower-alpha`, `pcc`) and dates stay plain, as an office writes them.
    Quoted,
    /// Plain where YAML reads the text back as it is, a text of several lines as a literal
    /// block under its key, else quoted: what an office would write by hand.
    Plain,
}

/// A comment written beside a value: in the mapping at `at` (a field path such as
/// `recommendations[0]`, or empty for the file's top level), before the first of the fields
/// `before` that the mapping has, else after its last field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// The mapping's path.
    pub at: String,
    /// The fields it goes before, the first present one.
    pub before: Vec<String>,
    /// The comment's words, written after `# ` (a caller quotes what it took from a
    /// document with [`scalar::comment`]).
    pub text: String,
}

/// A model value (or a mapping of a key to one) as YAML text, with the notes as comments.
pub fn to_yaml<T: Serialize>(value: &T, texts: Texts, notes: &[Note]) -> Result<String> {
    let value = serde_yaml::to_value(value).context("the response could not be written")?;
    let mut w = Writer {
        out: String::new(),
        texts,
        notes,
    };
    match &value {
        Value::Mapping(m) => w.mapping(m, 0, None, ""),
        other => {
            let s = w.scalar(other, 0);
            w.out.push_str(s.trim_start());
            w.out.push('\n');
        }
    }
    Ok(w.out)
}

struct Writer<'a> {
    out: String,
    texts: Texts,
    notes: &'a [Note],
}

impl Writer<'_> {
    /// A mapping whose keys stand at `indent`; `first` is what the first line starts with
    /// instead of the indent (`- ` for an item of a list).
    fn mapping(&mut self, m: &Mapping, indent: usize, first: Option<&str>, path: &str) {
        let pad = " ".repeat(indent);
        let keys: Vec<&str> = m.keys().filter_map(Value::as_str).collect();
        let mut placed = vec![false; self.notes.len()];
        for (i, (k, v)) in m.iter().enumerate() {
            let Some(key) = k.as_str() else { continue };
            self.notes_before(key, &keys, path, &pad, &mut placed);
            if i == 0
                && let Some(f) = first
            {
                self.out.push_str(&pad[..indent.saturating_sub(f.len())]);
                self.out.push_str(f);
            } else {
                self.out.push_str(&pad);
            }
            self.out.push_str(key);
            self.out.push(':');
            let child = if path.is_empty() {
                key.to_owned()
            } else {
                format!("{path}.{key}")
            };
            self.value(v, indent, &child);
        }
        // The notes whose fields the mapping lacks: after its last field.
        for (n, done) in self.notes.iter().zip(&placed) {
            if !done && n.at == path {
                self.comment(&pad, &n.text);
            }
        }
    }

    /// The notes that go before `key` in the mapping at `path`: those naming it as the first
    /// of their fields that the mapping has.
    fn notes_before(
        &mut self,
        key: &str,
        keys: &[&str],
        path: &str,
        pad: &str,
        placed: &mut [bool],
    ) {
        for (i, n) in self.notes.iter().enumerate() {
            if placed[i] || n.at != path {
                continue;
            }
            if n.before
                .iter()
                .find(|b| keys.contains(&b.as_str()))
                .map(String::as_str)
                == Some(key)
            {
                placed[i] = true;
                let line = format!("{pad}# {}\n", n.text);
                self.out.push_str(&line);
            }
        }
    }

    fn comment(&mut self, pad: &str, text: &str) {
        self.out.push_str(pad);
        self.out.push_str("# ");
        self.out.push_str(text);
        self.out.push('\n');
    }

    /// A value after `key:`, the key at column `indent`.
    fn value(&mut self, v: &Value, indent: usize, path: &str) {
        match v {
            Value::Mapping(m) if m.is_empty() => self.out.push_str(" {}\n"),
            Value::Sequence(s) if s.is_empty() => self.out.push_str(" []\n"),
            Value::Mapping(m) => {
                self.out.push('\n');
                self.mapping(m, indent + 2, None, path);
            }
            Value::Sequence(s) => {
                self.out.push('\n');
                self.sequence(s, indent + 2, path);
            }
            other => {
                let s = self.scalar(other, indent);
                self.out.push_str(&s);
                self.out.push('\n');
            }
        }
    }

    /// A list whose dashes stand at `indent`.
    fn sequence(&mut self, s: &[Value], indent: usize, path: &str) {
        let pad = " ".repeat(indent);
        for (i, v) in s.iter().enumerate() {
            let child = format!("{path}[{i}]");
            match v {
                Value::Mapping(m) if !m.is_empty() => {
                    self.mapping(m, indent + 2, Some("- "), &child);
                }
                Value::Sequence(inner) if !inner.is_empty() => {
                    self.out.push_str(&pad);
                    self.out.push_str("-\n");
                    self.sequence(inner, indent + 2, &child);
                }
                other => {
                    self.out.push_str(&pad);
                    self.out.push('-');
                    self.value(other, indent, &child);
                }
            }
        }
    }

    /// A scalar after a key at column `indent` (or a dash), with its leading space.
    fn scalar(&self, v: &Value, indent: usize) -> String {
        match v {
            Value::Null => " null".to_owned(),
            Value::Bool(b) => format!(" {b}"),
            Value::Number(n) => format!(" {n}"),
            Value::String(s) => match self.texts {
                Texts::Quoted if is_word(s) => format!(" {}", scalar::inline(s)),
                Texts::Quoted => format!(" {}", scalar::quoted(s)),
                Texts::Plain => block(s, indent),
            },
            // The model has no tagged values; written as YAML would write them.
            Value::Tagged(_) | Value::Mapping(_) | Value::Sequence(_) => {
                format!(
                    " {}",
                    serde_yaml::to_string(v).unwrap_or_default().trim_end()
                )
            }
        }
    }
}

/// A text after a key at column `indent`, the way [`scalar::block`] writes it, but kept
/// exactly: a block without a final line break is stripped (`|-`), and a text whose ending a
/// block would change (spaces, several line breaks) is quoted.
fn block(s: &str, indent: usize) -> String {
    let b = scalar::block(s, indent);
    let trimmed = s.trim_end();
    match b.strip_prefix(" |") {
        Some(rest) if s == trimmed => match rest.strip_prefix('2') {
            Some(body) => format!(" |2-{body}"),
            None => format!(" |-{rest}"),
        },
        Some(_) if s.strip_suffix('\n') == Some(trimmed) => b,
        _ if s == trimmed => b,
        _ => format!(" {}", scalar::quoted(s)),
    }
}

/// Whether a text is a word of the model's fixed sets (`in progress`, `lower-alpha`, at most
/// three words in lower case) or a date (`2023-05-01`), which an office writes plain; such a
/// text reads back the same plain ([`scalar::inline`] quotes it otherwise).
fn is_word(s: &str) -> bool {
    let word = !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c == ' ' || c == '-')
        && !s.starts_with(['-', ' '])
        && !s.ends_with(' ')
        && s.split(' ').count() <= 3;
    word || crate::model::parse_date(s).is_ok_and(|d| d.to_string() == s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Finding, Number, Numbering, Point};

    fn finding(text: &str) -> Finding {
        serde_yaml::from_str(&format!("text: {}", scalar::quoted(text))).unwrap()
    }

    #[test]
    fn findings_are_written_as_an_office_would_and_read_back_the_same() {
        let mut f = finding("The force should: review \"all\" its # policies.");
        f.number = Some(Number("1.10".into()));
        f.status = Some("in progress".into());
        f.numbering = Numbering::LowerAlpha;
        f.items = vec![
            Point {
                text: "One".into(),
                numbering: Numbering::Decimal,
                items: vec![],
            },
            Point {
                text: "Two".into(),
                numbering: Numbering::Bullet,
                items: vec![Point {
                    text: "Deep".into(),
                    numbering: Numbering::Decimal,
                    items: vec![],
                }],
            },
        ];
        let mut second = finding("Second.\n\nWith two paragraphs.");
        second.number = Some(Number("2".into()));
        let list = std::collections::BTreeMap::from([("recommendations", vec![f, second])]);
        let notes = [Note {
            at: "recommendations[0]".into(),
            before: vec!["owner".into(), "recommendations".into()],
            text: "a note".into(),
        }];
        let quoted = to_yaml(&list, Texts::Quoted, &notes).unwrap();
        assert_eq!(
            quoted,
            "recommendations:\n  - number: \"1.10\"\n    text: \"The force should: review \\\"all\\\" its # policies.\"\n    numbering: lower-alpha\n    items:\n      - \"One\"\n      - text: \"Two\"\n        numbering: bullet\n        items:\n          - \"Deep\"\n    status: in progress\n    # a note\n  - number: 2\n    text: \"Second.\\n\\nWith two paragraphs.\"\n"
        );
        let plain = to_yaml(&list, Texts::Plain, &[]).unwrap();
        assert!(
            plain.contains("    text: |-\n      Second.\n\n      With two paragraphs.\n"),
            "{plain}"
        );
        for text in [quoted, plain] {
            let back: std::collections::BTreeMap<String, Vec<Finding>> =
                serde_yaml::from_str(&text).unwrap();
            assert_eq!(back["recommendations"], list["recommendations"], "{text}");
        }
    }

    #[test]
    fn an_empty_list_is_written_empty() {
        let list =
            std::collections::BTreeMap::from([("areas_for_improvement", Vec::<Finding>::new())]);
        assert_eq!(
            to_yaml(&list, Texts::Quoted, &[]).unwrap(),
            "areas_for_improvement: []\n"
        );
    }

    /// Every response file among the examples and the test fixtures that loads, each
    /// edition written in both ways and read back: the same model value.
    #[test]
    fn every_example_and_fixture_written_again_loads_back_the_same() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        let mut folders = vec![root.join("examples"), root.join("tests/fixtures")];
        while let Some(dir) = folders.pop() {
            for e in std::fs::read_dir(&dir).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    folders.push(p);
                } else if p.extension().is_some_and(|x| x == "yaml")
                    && p.file_name().is_some_and(|n| n != "s55.yaml")
                {
                    files.push(p);
                }
            }
        }
        files.sort();
        let mut editions = 0;
        for path in &files {
            let Ok(text) = std::fs::read_to_string(path) else {
                continue;
            };
            let (read, _) = crate::load::parse_editions(&text);
            for edition in read {
                for texts in [Texts::Plain, Texts::Quoted] {
                    let yaml = to_yaml(&edition, texts, &[]).unwrap();
                    let (back, problems) = crate::load::parse_editions(&yaml);
                    assert!(
                        problems
                            .iter()
                            .all(|d| d.severity != crate::diag::Severity::Error),
                        "{}: {problems:?}\n{yaml}",
                        path.display()
                    );
                    assert_eq!(back.len(), 1, "{}\n{yaml}", path.display());
                    assert_eq!(back[0], edition, "{}\n{yaml}", path.display());
                }
                editions += 1;
            }
        }
        // The examples (a bilingual one among them) and the valid fixtures at least.
        assert!(editions >= 12, "only {editions} editions loaded");
    }
}
