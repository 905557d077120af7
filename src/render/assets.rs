//! The templates, stylesheet and locales that shape the output: built into the binary, and
//! overridable one file at a time from an office's own folder.
//!
//! An office that wants its own wording or look puts just the files it changes in a folder and
//! passes `--templates DIR`; every file it leaves out falls back to the built-in one. A locale
//! file in that folder is merged entry by entry over the built-in locale, so a translator can
//! correct one phrase without copying the rest.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use anyhow::{Context as _, Result, bail};
use serde::{Deserialize, Serialize};
use serde_yaml::Value;

use crate::model::Language;

/// The built-in templates, by the name templates use to refer to each other; a template comes
/// after any it includes.
pub const BUILTIN: &[(&str, &str)] = &[
    ("letter.md", include_str!("../../templates/letter.md.tera")),
    (
        "fragment.html",
        include_str!("../../templates/fragment.html.tera"),
    ),
    ("page.html", include_str!("../../templates/page.html.tera")),
    ("new.yaml", include_str!("../../templates/new.yaml.tera")),
    (
        "index.html",
        include_str!("../../templates/index.html.tera"),
    ),
    ("feed.xml", include_str!("../../templates/feed.xml.tera")),
    (
        "sitemap.xml",
        include_str!("../../templates/sitemap.xml.tera"),
    ),
    (
        "status.html",
        include_str!("../../templates/status.html.tera"),
    ),
    (
        "progress.html",
        include_str!("../../templates/progress.html.tera"),
    ),
    (
        "preview.html",
        include_str!("../../templates/preview.html.tera"),
    ),
    (
        "wordpress.html",
        include_str!("../../templates/wordpress.html.tera"),
    ),
];

/// The built-in stylesheet, inlined into standalone pages.
pub const STYLE_CSS: &str = include_str!("../../templates/style.css");

/// The built-in English locale.
pub const LOCALE_EN: &str = include_str!("../../templates/locales/en.yaml");

/// The built-in Welsh locale.
pub const LOCALE_CY: &str = include_str!("../../templates/locales/cy.yaml");

// The built-in locales as `build.rs` prepared them from [`LOCALE_EN`] and [`LOCALE_CY`]:
// `prepared_en()` and `prepared_cy()` build the same values straight into their strings and
// maps, where reading them from JSON took a twentieth of a letter's Markdown.
include!(concat!(env!("OUT_DIR"), "/locales.rs"));

/// The file a template is read from in an override folder: `letter.md` is `letter.md.tera`.
pub fn file_name(template: &str) -> String {
    format!("{template}.tera")
}

/// Everything that shapes the output, read once and shared by every document rendered.
#[derive(Debug, Clone)]
pub struct Assets {
    /// Template texts by name.
    pub templates: Vec<(String, String)>,
    /// The stylesheet.
    pub css: String,
    /// The English locale.
    pub en: Locale,
    /// The Welsh locale: an office's own read at once, so that a mistake in it is reported
    /// before anything is rendered; the built-in one when first asked for, so that a
    /// response in English alone never reads it.
    cy: OnceLock<Locale>,
    /// The folder the office's overrides came from, if any.
    pub dir: Option<PathBuf>,
}

impl Assets {
    /// The built-in assets alone.
    pub fn builtin() -> Result<Self> {
        Self::load(None)
    }

    /// The built-in assets with any overrides found in `dir`.
    pub fn load(dir: Option<&Path>) -> Result<Self> {
        if let Some(d) = dir
            && !d.is_dir()
        {
            bail!(
                "the templates folder `{}` does not exist or is not a folder",
                d.display()
            );
        }
        let read = |name: &str| -> Result<Option<String>> {
            let Some(d) = dir else { return Ok(None) };
            let path = d.join(name);
            if path.is_file() {
                if !crate::folder::stays_inside(d, &path) {
                    bail!(
                        "the template `{}` is a link to a file outside the templates folder: \
                         s55 does not follow it; copy the file into the folder instead",
                        path.display()
                    );
                }
                // Bounded and regular files only, as the responses are.
                let bytes = crate::fs::read_limited(&path, crate::load::MAX_INPUT_BYTES)
                    .map_err(|e| anyhow::anyhow!("{e}"))
                    .with_context(|| format!("cannot read the template `{}`", path.display()))?;
                let text = String::from_utf8(bytes)
                    .with_context(|| format!("cannot read the template `{}`", path.display()))?;
                Ok(Some(text))
            } else {
                Ok(None)
            }
        };
        let mut templates = Vec::new();
        for (name, builtin) in BUILTIN {
            let text = read(&file_name(name))?.unwrap_or_else(|| (*builtin).to_owned());
            templates.push(((*name).to_owned(), text));
        }
        let css = read("style.css")?.unwrap_or_else(|| STYLE_CSS.to_owned());
        let locale = |builtin: &str, name: &str| -> Result<Option<Locale>> {
            let file = format!("locales/{name}.yaml");
            let Some(custom) = read(&file)? else {
                return Ok(None);
            };
            let path = dir.map(|d| d.join(&file)).unwrap_or_default();
            Locale::parse(builtin, Some(&custom), &path).map(Some)
        };
        let en = match locale(LOCALE_EN, "en")? {
            Some(l) => l,
            None => Locale::parse(LOCALE_EN, None, Path::new(""))?,
        };
        let cy = OnceLock::new();
        if let Some(l) = locale(LOCALE_CY, "cy")? {
            let _ = cy.set(l);
        }
        Ok(Assets {
            templates,
            css,
            en,
            cy,
            dir: dir.map(Path::to_path_buf),
        })
    }

    /// The locale for a language.
    pub fn locale(&self, lang: Language) -> &Locale {
        match lang {
            Language::Cy => self.cy.get_or_init(builtin_welsh),
            _ => &self.en,
        }
    }
}

/// The built-in Welsh locale, from the code prepared when s55 was built (the YAML itself
/// should that ever not fit: `the_prepared_locales_hold_what_their_yaml_says` holds that it
/// does).
fn builtin_welsh() -> Locale {
    Locale::parse(LOCALE_CY, None, Path::new(""))
        .or_else(|_| serde_yaml::from_str(LOCALE_CY).map_err(anyhow::Error::from))
        .unwrap_or_else(|e| unreachable!("the built-in locale is read as s55 was built: {e}"))
}

/// The fixed wording of documents in one language. See `templates/locales/en.yaml`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Locale {
    /// Month names, January first.
    pub months: Vec<String>,
    /// How a date is written, with `{day}`, `{month}` and `{year}`.
    pub date: String,
    /// The default title.
    pub title: String,
    /// Role titles and office names by kind of body.
    pub bodies: BTreeMap<String, BodyWords>,
    /// How the body is named in running text, with `{body}`: "the {body}" in English.
    #[serde(default = "body_alone")]
    pub body_in_text: String,
    /// The default chief officer's title.
    pub chief_officer: String,
    /// The default addressees of a letter.
    pub addressees: Vec<String>,
    /// The statutory openings.
    pub opening: Openings,
    /// The default publication statement.
    pub publication: String,
    /// Default headings by section kind.
    pub headings: BTreeMap<String, String>,
    /// Names of the kinds of report.
    pub report_kinds: BTreeMap<String, String>,
    /// Names of the PEEL grades.
    pub grades: BTreeMap<String, String>,
    /// What one entry of each kind of list is called.
    pub findings: BTreeMap<String, String>,
    /// The word joining the last two names of a list.
    pub and: String,
    /// The same word before a name that starts with a vowel.
    pub and_vowel: String,
    /// Other labels, used by templates as `t.NAME`.
    pub labels: BTreeMap<String, String>,
    /// Numbers written as words in running text ("three months"); any other in digits.
    #[serde(default)]
    pub numbers: BTreeMap<u32, String>,
    /// The language's code (`en`, `cy`), for choosing an office's own label in it.
    #[serde(default)]
    pub language: String,
    /// The default statuses in this language, by the name response files use.
    #[serde(default)]
    pub statuses: BTreeMap<String, String>,
}

/// How a kind of body is named.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct BodyWords {
    /// The role, such as "Police and Crime Commissioner".
    pub role: String,
    /// The body in a sentence, with `{area}`: "Police and Crime Commissioner for {area}".
    pub body: String,
    /// The office's name, with `{area}`.
    pub office: String,
}

/// The statutory openings for each form.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Openings {
    /// For a letter.
    pub letter: String,
    /// For a public statement.
    pub statement: String,
}

impl Locale {
    /// Parses a locale, merging an office's override entry by entry over the built-in text.
    pub fn parse(builtin: &str, custom: Option<&str>, custom_path: &Path) -> Result<Self> {
        // A built-in locale alone is built by the code prepared when s55 was built.
        let prepared = match builtin {
            _ if custom.is_some() => None,
            LOCALE_EN => Some(prepared_en as fn() -> Locale),
            LOCALE_CY => Some(prepared_cy as fn() -> Locale),
            _ => None,
        };
        if let Some(prepared) = prepared {
            let locale = prepared();
            if locale.months.len() != 12 {
                bail!("a locale must name 12 months, not {}", locale.months.len());
            }
            return Ok(locale);
        }
        let mut base: Value =
            serde_yaml::from_str(builtin).context("the built-in locale is not valid YAML")?;
        if let Some(text) = custom {
            if let Err(d) = crate::load::budget::check(text) {
                let line = d.position.map_or(0, |p| p.line);
                bail!(
                    "the locale `{}` cannot be read: {} (line {line})",
                    custom_path.display(),
                    d.message
                );
            }
            let over: Value = serde_yaml::from_str(text).with_context(|| {
                format!("the locale `{}` is not valid YAML", custom_path.display())
            })?;
            merge(&mut base, over);
        }
        let locale: Locale = serde_yaml::from_value(base).with_context(|| match custom {
            Some(_) => format!("the locale `{}` does not fit", custom_path.display()),
            None => "the built-in locale does not fit".to_owned(),
        })?;
        if locale.months.len() != 12 {
            bail!("a locale must name 12 months, not {}", locale.months.len());
        }
        Ok(locale)
    }

    /// A label by name, or an empty text when the locale has none.
    pub fn label(&self, name: &str) -> &str {
        self.labels.get(name).map_or("", String::as_str)
    }

    /// A label that counts: `NAME_one` for one (when the locale has it), else `NAME`, with
    /// `{var}` replaced by the number. Languages whose nouns do not change after a number
    /// (Welsh, after digits) give both the same.
    pub fn count(&self, name: &str, var: &str, n: i64) -> String {
        self.counted(name, var, n, &n.to_string())
    }

    /// As [`Locale::count`], with the number shown as `shown` (in words, say).
    pub fn counted(&self, name: &str, var: &str, n: i64, shown: &str) -> String {
        let one = format!("{name}_one");
        let text = match self.labels.get(&one) {
            Some(t) if n == 1 => t.as_str(),
            _ => self.label(name),
        };
        text.replace(&format!("{{{var}}}"), shown)
    }

    /// A number as running text writes it: in words where the locale has them.
    pub fn number(&self, n: u32) -> String {
        self.numbers
            .get(&n)
            .cloned()
            .unwrap_or_else(|| n.to_string())
    }
}

fn body_alone() -> String {
    "{body}".to_owned()
}

/// Merges `over` into `base`: mappings entry by entry, anything else replaced whole.
fn merge(base: &mut Value, over: Value) {
    match (base, over) {
        (Value::Mapping(b), Value::Mapping(o)) => {
            for (k, v) in o {
                match b.get_mut(&k) {
                    Some(slot) => merge(slot, v),
                    None => {
                        b.insert(k, v);
                    }
                }
            }
        }
        (slot, v) => *slot = v,
    }
}

/// Fills `{name}` placeholders from `vars`. A placeholder with no value is left as written,
/// so a mistake in a locale shows in the output instead of vanishing.
pub fn fill(template: &str, vars: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) if vars.iter().any(|(k, _)| *k == &after[..close]) => {
                let key = &after[..close];
                if let Some((_, v)) = vars.iter().find(|(k, _)| *k == key) {
                    out.push_str(v);
                }
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_fill_and_unknown_ones_stay() {
        assert_eq!(
            fill(
                "As the {role} for {area}, {nope}",
                &[("role", "PCC"), ("area", "Gwent")]
            ),
            "As the PCC for Gwent, {nope}"
        );
    }

    #[test]
    fn both_locales_have_every_entry_and_placeholder() {
        let en = Locale::parse(LOCALE_EN, None, Path::new("en")).unwrap();
        let cy = Locale::parse(LOCALE_CY, None, Path::new("cy")).unwrap();
        assert_eq!(
            en.labels.keys().collect::<Vec<_>>(),
            cy.labels.keys().collect::<Vec<_>>(),
            "the Welsh locale labels what the English one does"
        );
        assert_eq!(cy.months[7], "Awst");
        assert_eq!(cy.label("page"), "Tudalen {page} o {pages}");
    }

    #[test]
    fn the_prepared_locales_hold_what_their_yaml_says() {
        for (yaml, name) in [(LOCALE_EN, "en"), (LOCALE_CY, "cy")] {
            let prepared = Locale::parse(yaml, None, Path::new(name)).unwrap();
            // The YAML read as it was before s55 prepared it at build time.
            let read: Locale = serde_yaml::from_str(yaml).unwrap();
            assert_eq!(
                serde_json::to_value(&prepared).unwrap(),
                serde_json::to_value(&read).unwrap(),
                "{name}"
            );
            assert!(!prepared.labels.is_empty());
            assert!(name == "cy" || prepared.numbers.get(&3).is_some_and(|n| n == "three"));
        }
    }

    #[test]
    fn an_override_changes_one_phrase_and_keeps_the_rest() {
        let l = Locale::parse(LOCALE_EN, Some("labels:\n  owner: Lead\n"), Path::new("x")).unwrap();
        assert_eq!(l.label("owner"), "Lead");
        assert_eq!(l.label("status"), "Status");
        assert_eq!(l.months[7], "August");
    }
}
