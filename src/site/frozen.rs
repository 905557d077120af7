//! The signed letter, frozen once published.
//!
//! Policy: a published statutory letter stays exactly what was signed. When a final response
//! is first published, the build records a hash of each of the letter's fields as the
//! response file writes them, and of each value it inherits from its office's settings (its
//! words, not the bytes a template made of them, so a new template or stylesheet renders the
//! same words again and is not an edit; a settings change that alters a word is). A later build
//! compares field by field and refuses a change, naming each changed field, unless the
//! response records one more correction (`corrections:`, dated, with a note) than when it was
//! last published; the correction is then shown with the letter.
//!
//! What is not the letter is left out of the comparison: `draft`, `corrections`, `copies`
//! (when copies were sent), `unplaced` and `undated` (never published), and every finding's `progress`,
//! which is recorded beside the letter and never changes it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_yaml::{Mapping, Value};

use crate::diag::{Diagnostic, FieldPath};
use crate::util;

/// Top-level fields that are not part of the letter.
const NOT_THE_LETTER: [&str; 5] = ["draft", "corrections", "copies", "unplaced", "undated"];

/// What the manifest remembers of a published letter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Letter {
    /// The hash of every field below, together: SHA-256, or FNV-1a in records made by
    /// earlier versions.
    pub hash: String,
    /// Each field's path (`recommendations[1].response`) and the hash of its value. The
    /// manifest leaves them out (they are kept in a file of their own, named by the hash,
    /// and read back only when the response changes); older manifests held them here.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, String>,
    /// How many corrections the response recorded when it was published.
    pub corrections: usize,
    /// The hash of what the response took from its office's settings; a change there
    /// renders the letter again, and is refused as an edit when it changes the words.
    #[serde(default)]
    pub settings: String,
    /// Whether the fields include the values the response inherits from its office's
    /// settings (`office:` in s55.yaml). Letters recorded before they did are compared by
    /// the response's own fields only.
    #[serde(default)]
    pub inherits: bool,
    /// The paths of the fields the response inherits, to say so when one changes.
    #[serde(skip)]
    pub inherited: std::collections::BTreeSet<String>,
    /// Each field's words, by path: what the hashes are made from, and what a seal keeps to
    /// show the signed text beside an edit.
    #[serde(skip)]
    pub values: BTreeMap<String, String>,
}

impl Letter {
    /// The letter of a response file, with the values it inherits from its office's
    /// settings (`defaults`): what is signed is the letter as it reads, wherever a value was
    /// written. `None` when the file is not a YAML mapping.
    pub fn of(bytes: &[u8], defaults: Option<&Mapping>) -> Option<Letter> {
        let Ok(Value::Mapping(map)) = serde_yaml::from_slice::<Value>(bytes) else {
            return None;
        };
        let mut values = BTreeMap::new();
        let mut corrections = 0;
        for (k, v) in &map {
            let Some(key) = k.as_str() else { continue };
            if key == "corrections" {
                corrections = v.as_sequence().map_or(0, Vec::len);
            }
            if NOT_THE_LETTER.contains(&key) {
                continue;
            }
            flatten(&FieldPath::root().key(key), v, &mut values);
        }
        let mut inherited = std::collections::BTreeSet::new();
        if let Some(defaults) = defaults {
            let mut from_settings = BTreeMap::new();
            for (k, v) in &crate::load::inherit::applied(&map, defaults) {
                let Some(key) = k.as_str() else { continue };
                if !NOT_THE_LETTER.contains(&key) {
                    flatten(&FieldPath::root().key(key), v, &mut from_settings);
                }
            }
            inherited = from_settings.keys().cloned().collect();
            values.extend(from_settings);
        }
        let mut letter = Letter {
            corrections,
            inherits: true,
            inherited,
            values,
            ..Letter::default()
        };
        letter.hash_with(util::sha256_hex);
        Some(letter)
    }

    /// Hashes each value and the whole with `hash`.
    fn hash_with(&mut self, hash: fn(&[u8]) -> String) {
        self.fields = self
            .values
            .iter()
            .map(|(k, v)| (k.clone(), hash(v.as_bytes())))
            .collect();
        let all: String = self
            .fields
            .iter()
            .map(|(k, v)| format!("{k}={v}\n"))
            .collect();
        self.hash = hash(all.as_bytes());
    }

    /// Whether this letter was recorded by a version that hashed letters with FNV-1a (32
    /// hexadecimal digits, not SHA-256's 64).
    pub fn is_legacy(&self) -> bool {
        self.hash.len() == 32
    }

    /// This letter hashed as `published` was: with FNV-1a when it was recorded by an earlier
    /// version, so that an archive it built is read as it stands and upgraded, not refused.
    pub fn hashed_like(&self, published: &Letter) -> Letter {
        let mut like = self.clone();
        if published.is_legacy() {
            like.hash_with(util::hash_hex);
        }
        like
    }

    /// The letter without what it inherits: how a letter recorded before inherited values
    /// were part of it is compared, and how a sealed letter is (what the office's settings
    /// say now never changes a letter signed before).
    pub fn own(&self) -> Letter {
        let mut own = self.clone();
        own.values.retain(|k, _| !self.inherited.contains(k));
        own.fields.retain(|k, _| !self.inherited.contains(k));
        let all: String = own
            .fields
            .iter()
            .map(|(k, v)| format!("{k}={v}\n"))
            .collect();
        own.hash = if self.is_legacy() {
            util::hash_hex(all.as_bytes())
        } else {
            util::sha256_hex(all.as_bytes())
        };
        own.inherited.clear();
        own
    }

    /// Whether `other` is the same letter, taken from the same settings, with as many
    /// corrections: what decides that a published letter's files are kept as they are.
    pub fn same_as(&self, other: &Letter) -> bool {
        self.hash == other.hash
            && self.settings == other.settings
            && self.corrections == other.corrections
    }

    /// The fields whose words differ from `published`'s, in path order: changed, added or
    /// removed.
    pub fn changed_from(&self, published: &Letter) -> Vec<String> {
        if self.hash == published.hash {
            return Vec::new();
        }
        let mut paths: Vec<String> = published
            .fields
            .iter()
            .filter(|(k, v)| self.fields.get(*k) != Some(v))
            .map(|(k, _)| k.clone())
            .collect();
        paths.extend(
            self.fields
                .keys()
                .filter(|k| !published.fields.contains_key(*k))
                .cloned(),
        );
        paths.sort();
        paths
    }

    /// The diagnostics for a build that would change this published letter into `edited`:
    /// one error per changed field, none when nothing in the letter changed or a new
    /// correction records the change.
    ///
    /// A value the response inherits from its office's settings is part of the letter as
    /// much as one it writes: changing it in s55.yaml is refused the same way, placed at the
    /// settings file's line.
    pub fn refuse(&self, edited: &Letter) -> Vec<Diagnostic> {
        if edited.corrections > self.corrections {
            return Vec::new();
        }
        let own;
        let edited = if self.inherits {
            edited
        } else {
            own = edited.own();
            &own
        };
        edited
            .changed_from(self)
            .into_iter()
            .map(|path| {
                if !edited.fields.contains_key(&path) {
                    // Removed from the response or from s55.yaml: pointed at the nearest
                    // field that held it.
                    Diagnostic::error(format!(
                        "the published letter cannot change: `{path}` is no longer given, in the response or the office's settings, and the letter was signed with it"
                    ))
                    .at_gone(FieldPath::parse(&path))
                    .hint("give it back as it was, in the response or in s55.yaml where it came from, or record the change under `corrections:` in the response (a `date` and a `note`, shown with the letter)")
                } else if edited.inherited.contains(&path) {
                    Diagnostic::error(format!(
                        "the published letter cannot change: `{path}`, which the response takes from the office's settings, is not what was signed"
                    ))
                    .at(FieldPath::parse(&path))
                    .hint("put it back as it was in s55.yaml, give this response the signed value in its own file, or record the change under `corrections:` in the response (a `date` and a `note`, shown with the letter)")
                } else {
                    Diagnostic::error(format!(
                        "the published letter cannot change: `{path}` is not what was signed"
                    ))
                    .at(FieldPath::parse(&path))
                    .hint("put it back as it was, or record the change under `corrections:` (a `date` and a `note`, shown with the letter)")
                }
            })
            .collect()
    }
}

/// Records each scalar's words below `at`, by its path. A finding's `progress` is not the letter.
fn flatten(at: &FieldPath, v: &Value, out: &mut BTreeMap<String, String>) {
    match v {
        Value::Mapping(m) => {
            for (k, v) in m {
                let key = match k {
                    Value::String(s) => s.clone(),
                    other => scalar(other),
                };
                if key == "progress" && !at.is_root() {
                    continue;
                }
                flatten(&at.key(&key), v, out);
            }
        }
        Value::Sequence(items) => {
            for (i, v) in items.iter().enumerate() {
                flatten(&at.index(i), v, out);
            }
        }
        Value::Tagged(t) => flatten(at, &t.value, out),
        other => {
            out.insert(at.to_string(), scalar(other));
        }
    }
}

/// A scalar's words, as YAML reads them.
fn scalar(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        other => serde_yaml::to_string(other).unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn letter(text: &str) -> Letter {
        Letter::of(text.as_bytes(), None).unwrap_or_default()
    }

    #[test]
    fn layout_and_progress_are_not_the_letter() {
        let a = letter("force: Kent Police\nrecommendations:\n  - text: Do it\n    status: open\n");
        let b = letter(
            "# a comment\nforce:   \"Kent Police\"\ndraft: false\nrecommendations:\n  - text: Do it\n    status: open\n    progress:\n      - {date: 2026-01-02, status: closed}\n",
        );
        assert_eq!(a, b);
        assert!(b.changed_from(&a).is_empty());
    }

    #[test]
    fn a_changed_field_is_named() {
        let a = letter("force: Kent Police\nrecommendations:\n  - text: Do it\n    status: open\n");
        let b = letter("force: Kent Police\nrecommendations:\n  - text: Do it\n    status: done\n");
        assert_eq!(b.changed_from(&a), vec!["recommendations[0].status"]);
        let refused = a.refuse(&b);
        assert_eq!(refused.len(), 1);
        assert_eq!(
            refused[0].message,
            "the published letter cannot change: `recommendations[0].status` is not what was signed"
        );
        let corrected = letter(
            "force: Kent Police\ncorrections:\n  - {date: 2026-03-03, note: Status}\nrecommendations:\n  - text: Do it\n    status: done\n",
        );
        assert!(a.refuse(&corrected).is_empty());
    }

    #[test]
    fn a_letter_recorded_with_fnv_by_an_earlier_version_is_read_as_it_was_hashed() {
        let now = letter("force: Kent Police\n");
        assert_eq!(now.hash.len(), 64, "SHA-256 now");
        // As versions before seals recorded it: FNV-1a of each value, and of them all.
        let mut fields = BTreeMap::new();
        fields.insert("force".to_owned(), util::hash_hex(b"Kent Police"));
        let all: String = fields.iter().map(|(k, v)| format!("{k}={v}\n")).collect();
        let was = Letter {
            hash: util::hash_hex(all.as_bytes()),
            fields,
            ..Letter::default()
        };
        assert!(
            was.refuse(&now).len() == 1,
            "compared unconverted, it would be refused"
        );
        assert!(was.refuse(&now.hashed_like(&was)).is_empty());
        assert!(was.same_as(&now.hashed_like(&was)));
        let edited = letter("force: Kent Constabulary\n");
        assert_eq!(was.refuse(&edited.hashed_like(&was)).len(), 1);
    }
}
