//! The desk's words: labels and messages, from `templates/desk/words.yaml`, so that every
//! sentence an officer reads lives with the templates.

use std::collections::BTreeMap;

/// The words, by key.
#[derive(Debug, Clone, Default)]
pub struct Words(BTreeMap<String, String>);

/// The words as s55 ships them.
const BUILTIN: &str = include_str!("../../../templates/desk/words.yaml");

impl Words {
    /// The desk's own words.
    pub fn builtin() -> Words {
        Words(serde_yaml::from_str(BUILTIN).unwrap_or_default())
    }

    /// The words for `key`; the key itself when there are none, so that a missing word shows
    /// as a name to fix rather than as nothing.
    pub fn get(&self, key: &str) -> String {
        self.get_or(key, key)
    }

    /// The words for `key`, else `fallback`.
    pub fn get_or(&self, key: &str, fallback: &str) -> String {
        self.0
            .get(key)
            .cloned()
            .unwrap_or_else(|| fallback.to_owned())
    }

    /// The words for `key`, with each `{name}` replaced.
    pub fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        let mut s = self.get(key);
        for (name, value) in values {
            s = s.replace(&format!("{{{name}}}"), value);
        }
        s
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_shipped_words_read() {
        let w = super::Words::builtin();
        assert_eq!(w.get("noun_recommendation"), "Recommendation");
        assert_eq!(w.fill("finding_point", &[("n", "2")]), "Sub-point 2");
    }
}
