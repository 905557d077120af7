//! Records the commit s55 is built from, for `s55 --version`, and prepares the built-in
//! locales as Rust code that builds them, so that start-up reads neither YAML nor JSON.
//!
//! The commit never fails the build: outside a git clone (a source archive, a vendored copy)
//! or without git, it is "unknown".

use std::path::Path;
use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8(out.stdout).ok()?.trim().to_owned();
    (!text.is_empty()).then_some(text)
}

/// The type of each field of a locale (`Locale` in `src/render/assets.rs`), and what a
/// field left out of the YAML is (its `#[serde(default)]`; `None` where it must be given).
const LOCALE_FIELDS: &[(&str, Kind, Option<&str>)] = &[
    ("months", Kind::List, None),
    ("date", Kind::Text, None),
    ("title", Kind::Text, None),
    ("bodies", Kind::Bodies, None),
    ("body_in_text", Kind::Text, Some("body_alone()")),
    ("chief_officer", Kind::Text, None),
    ("addressees", Kind::List, None),
    ("opening", Kind::Openings, None),
    ("publication", Kind::Text, None),
    ("headings", Kind::Map, None),
    ("report_kinds", Kind::Map, None),
    ("grades", Kind::Map, None),
    ("findings", Kind::Map, None),
    ("and", Kind::Text, None),
    ("and_vowel", Kind::Text, None),
    ("labels", Kind::Map, None),
    ("numbers", Kind::Numbers, Some("BTreeMap::new()")),
    ("language", Kind::Text, Some("String::new()")),
    ("statuses", Kind::Map, Some("BTreeMap::new()")),
];

/// What a locale's field holds.
#[derive(Clone, Copy)]
enum Kind {
    /// A text.
    Text,
    /// A list of texts.
    List,
    /// Texts by name.
    Map,
    /// Texts by number.
    Numbers,
    /// `BodyWords` by kind of body.
    Bodies,
    /// `Openings`.
    Openings,
}

/// A text as a Rust `String`: the literal is written by `{:?}`, which escapes what Rust's
/// own literals escape.
fn text(source: &str, at: &str, value: &serde_yaml::Value) -> String {
    match value {
        serde_yaml::Value::String(s) => format!("String::from({s:?})"),
        other => panic!("{source}: `{at}` must be a text, not {other:?}"),
    }
}

/// A mapping's entries, in the order of their keys (texts byte by byte, numbers by value):
/// the order the map keeps them in, so that building it at start-up sorts nothing.
fn entries<'a>(
    source: &str,
    at: &str,
    value: &'a serde_yaml::Value,
) -> Vec<(&'a serde_yaml::Value, &'a serde_yaml::Value)> {
    match value {
        serde_yaml::Value::Mapping(m) => {
            let mut entries: Vec<_> = m.iter().collect();
            entries.sort_by(|(a, _), (b, _)| match (a.as_u64(), b.as_u64()) {
                (Some(a), Some(b)) => a.cmp(&b),
                _ => a.as_str().cmp(&b.as_str()),
            });
            entries
        }
        other => panic!("{source}: `{at}` must be a mapping, not {other:?}"),
    }
}

/// A struct's fields from a mapping that must hold exactly `fields`, each a text.
fn record(
    source: &str,
    at: &str,
    name: &str,
    fields: &[&str],
    value: &serde_yaml::Value,
) -> String {
    let given = entries(source, at, value);
    for (k, _) in &given {
        if !fields.iter().any(|f| k.as_str() == Some(f)) {
            panic!("{source}: `{at}` has an unknown field {k:?}");
        }
    }
    let parts: Vec<String> = fields
        .iter()
        .map(|f| {
            let v = given
                .iter()
                .find(|(k, _)| k.as_str() == Some(f))
                .unwrap_or_else(|| panic!("{source}: `{at}` lacks `{f}`"))
                .1;
            format!("{f}: {}", text(source, &format!("{at}.{f}"), v))
        })
        .collect();
    format!("{name} {{ {} }}", parts.join(", "))
}

/// One field's value as a Rust expression.
fn field(source: &str, at: &str, kind: Kind, value: &serde_yaml::Value) -> String {
    let key = |k: &serde_yaml::Value| match k {
        serde_yaml::Value::String(s) => s.clone(),
        other => panic!("{source}: a key of `{at}` must be a text, not {other:?}"),
    };
    match kind {
        Kind::Text => text(source, at, value),
        Kind::List => match value {
            serde_yaml::Value::Sequence(items) => {
                let items: Vec<String> = items.iter().map(|v| text(source, at, v)).collect();
                format!("vec![{}]", items.join(", "))
            }
            other => panic!("{source}: `{at}` must be a list, not {other:?}"),
        },
        Kind::Map => {
            let items: Vec<String> = entries(source, at, value)
                .into_iter()
                .map(|(k, v)| {
                    let k = key(k);
                    format!(
                        "(String::from({k:?}), {})",
                        text(source, &format!("{at}.{k}"), v)
                    )
                })
                .collect();
            format!("BTreeMap::from([{}])", items.join(", "))
        }
        Kind::Numbers => {
            let items: Vec<String> = entries(source, at, value)
                .into_iter()
                .map(|(k, v)| {
                    let n = k
                        .as_u64()
                        .and_then(|n| u32::try_from(n).ok())
                        .unwrap_or_else(|| panic!("{source}: `{at}` {k:?} must be a number"));
                    format!("({n}u32, {})", text(source, &format!("{at}.{n}"), v))
                })
                .collect();
            format!("BTreeMap::from([{}])", items.join(", "))
        }
        Kind::Bodies => {
            let items: Vec<String> = entries(source, at, value)
                .into_iter()
                .map(|(k, v)| {
                    let k = key(k);
                    let words = record(
                        source,
                        &format!("{at}.{k}"),
                        "BodyWords",
                        &["role", "body", "office"],
                        v,
                    );
                    format!("(String::from({k:?}), {words})")
                })
                .collect();
            format!("BTreeMap::from([{}])", items.join(", "))
        }
        Kind::Openings => record(source, at, "Openings", &["letter", "statement"], value),
    }
}

/// Writes `templates/locales/NAME.yaml` as a Rust function, `prepared_NAME() -> Locale`,
/// into `$OUT_DIR/locales.rs`: the same values built straight into their strings and maps,
/// with nothing to read at start-up. A locale that is not valid YAML, or does not fit the
/// locale's fields, stops the build.
fn locale_as_rust(name: &str) -> String {
    let source = format!("templates/locales/{name}.yaml");
    println!("cargo:rerun-if-changed={source}");
    let text = std::fs::read_to_string(&source).unwrap_or_else(|e| panic!("{source}: {e}"));
    let value: serde_yaml::Value =
        serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{source}: {e}"));
    let given = entries(&source, "the locale", &value);
    for (k, _) in &given {
        if !LOCALE_FIELDS.iter().any(|(f, _, _)| k.as_str() == Some(f)) {
            panic!("{source}: unknown field {k:?}");
        }
    }
    let fields: Vec<String> = LOCALE_FIELDS
        .iter()
        .map(|(f, kind, default)| {
            let expr = match given.iter().find(|(k, _)| k.as_str() == Some(f)) {
                Some((_, v)) => field(&source, f, *kind, v),
                None => default
                    .unwrap_or_else(|| panic!("{source}: `{f}` must be given"))
                    .to_owned(),
            };
            format!("        {f}: {expr},\n")
        })
        .collect();
    format!(
        "/// The built-in locale `{name}`, from `{source}` as s55 was built.\n\
         fn prepared_{name}() -> Locale {{\n    Locale {{\n{}    }}\n}}\n",
        fields.concat()
    )
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let locales = [locale_as_rust("en"), locale_as_rust("cy")].concat();
    let out = std::env::var("OUT_DIR").unwrap_or_else(|e| panic!("OUT_DIR: {e}"));
    let path = Path::new(&out).join("locales.rs");
    std::fs::write(&path, locales).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let commit = git(&["rev-parse", "--short", "HEAD"]).unwrap_or_else(|| "unknown".to_owned());
    println!("cargo:rustc-env=S55_COMMIT={commit}");
    // Build again when the commit moves: HEAD itself, the branch it points at, and the packed
    // refs (where a branch lives after `git gc`). Only paths that exist, or cargo would run
    // this on every build.
    let mut watched = vec![git(&["rev-parse", "--git-path", "HEAD"])];
    watched.push(git(&["rev-parse", "--git-path", "packed-refs"]));
    if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"]) {
        watched.push(git(&["rev-parse", "--git-path", &branch]));
    }
    for path in watched.into_iter().flatten() {
        if Path::new(&path).exists() {
            println!("cargo:rerun-if-changed={path}");
        }
    }
}
