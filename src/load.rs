//! From a path to a [`Response`]: reading, decoding and parsing, with every problem said where
//! it is.
//!
//! Parsing collects rather than stopping at the first mistake: every unknown top-level field is
//! reported, every broken entry of a list (a section, a recommendation) is reported on its own,
//! and only then the first problem among the remaining single fields. Positions come from a
//! second, event-level reading of the YAML ([`Locator`]) that maps field paths to lines and
//! columns; it runs only when there is something to report.

use std::collections::HashMap;
use std::path::Path;

use serde::de::{self, DeserializeOwned, Visitor};
use serde_yaml::{Mapping, Value};

use crate::diag::{Diagnostic, FieldPath, Position, Step, closest};
use crate::model::Response;

/// Response files larger than this are refused: a real response is a few tens of kilobytes.
pub const MAX_INPUT_BYTES: usize = 8_000_000;

/// A response file as read from disk, kept for printing diagnostics against.
#[derive(Debug, Clone)]
pub struct Source {
    /// The path as the user gave it.
    pub name: String,
    /// The text, without a byte order mark.
    pub text: String,
}

/// The outcome of loading one file: the response when it could be read, and the problems found.
#[derive(Debug)]
pub struct Loaded {
    /// The source text, when the file could be read and decoded.
    pub source: Option<Source>,
    /// The parsed response, when there were no errors; for a bilingual response, the edition
    /// in the language that comes first.
    pub response: Option<Response>,
    /// For a bilingual response, the edition in the other language.
    pub other: Option<Response>,
    /// Everything wrong with the file, errors and warnings.
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads and parses a response file. Never fails: problems become diagnostics. A text that
/// is not valid UTF-8 is kept, decoded as well as it can be, to show where the problem is.
pub fn load_path(path: &Path) -> Loaded {
    let name = path.display().to_string();
    let refused = |d: Diagnostic, shown: Option<String>| Loaded {
        source: shown.map(|text| Source {
            name: name.clone(),
            text,
        }),
        response: None,
        other: None,
        diagnostics: vec![d],
    };
    let bytes = match read_checked(path) {
        Ok(b) => b,
        Err(d) => return refused(d, None),
    };
    match decode(&bytes) {
        Ok(text) => load_str(&name, text),
        Err(d) => {
            let shown = (!bytes.contains(&0)).then(|| String::from_utf8_lossy(&bytes).into_owned());
            refused(d, shown)
        }
    }
}

/// Parses response text that has already been read.
pub fn load_str(name: &str, text: String) -> Loaded {
    let source = Source {
        name: name.to_owned(),
        text,
    };
    let (editions, diagnostics) = parse_editions(&source.text);
    let mut editions = editions.into_iter();
    Loaded {
        source: Some(source),
        response: editions.next(),
        other: editions.next(),
        diagnostics,
    }
}

/// Reads a file's bytes, refusing what cannot be a response file.
// The error is the diagnostic the user sees, built once per file: its size does not matter.
#[allow(clippy::result_large_err)]
fn read_checked(path: &Path) -> Result<Vec<u8>, Diagnostic> {
    let meta = std::fs::metadata(path).map_err(|e| {
        let d = Diagnostic::error(format!(
            "cannot read `{}`: {}",
            path.display(),
            io_reason(&e)
        ));
        if e.kind() == std::io::ErrorKind::NotFound {
            d.hint("check the path; response files usually sit in `responses/`")
        } else {
            d
        }
    })?;
    if meta.is_dir() {
        return Err(Diagnostic::error(format!(
            "`{}` is a folder, not a response file",
            path.display()
        ))
        .hint("name the .yaml files inside it, for example `responses/*.yaml`"));
    }
    if meta.len() > MAX_INPUT_BYTES as u64 {
        return Err(Diagnostic::error(format!(
            "`{}` is {}, larger than the {} a response file may be",
            path.display(),
            megabytes(meta.len()),
            megabytes(MAX_INPUT_BYTES as u64)
        ))
        .hint("a response is usually well under 100 KB: check that this is the right file"));
    }
    std::fs::read(path).map_err(|e| {
        Diagnostic::error(format!(
            "cannot read `{}`: {}",
            path.display(),
            io_reason(&e)
        ))
    })
}

/// Decodes file bytes as UTF-8 text, dropping a byte order mark.
#[allow(clippy::result_large_err)]
pub fn decode(bytes: &[u8]) -> Result<String, Diagnostic> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(Diagnostic::error(format!(
            "the input is {}, larger than the {} a response file may be",
            megabytes(bytes.len() as u64),
            megabytes(MAX_INPUT_BYTES as u64)
        )));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        return Err(
            Diagnostic::error("this is a binary file, not a YAML response")
                .at_position(byte_position(bytes, at))
                .hint("a response file is plain text: save it as YAML (UTF-8) from a text editor"),
        );
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_owned()),
        Err(e) => Err(Diagnostic::error("the file is not valid UTF-8 text")
            .at_position(byte_position(bytes, e.valid_up_to()))
            .hint("save the file as UTF-8; a file saved as Windows-1252 or Latin-1 breaks curly quotes and Welsh letters")),
    }
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => e.to_string(),
    }
}

fn megabytes(n: u64) -> String {
    format!("{:.1} MB", n as f64 / 1_000_000.0)
}

/// The line and column of a byte offset, for text that may not be valid UTF-8.
fn byte_position(bytes: &[u8], at: usize) -> Position {
    let before = &bytes[..at.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    Position {
        line,
        column,
        width: 1,
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

/// The fields that a bilingual response gives in both languages: texts people read, as
/// opposed to names and addresses.
const TRANSLATED: [&str; 9] = [
    "title",
    "office",
    "force",
    "opening",
    "heading",
    "text",
    "response",
    "addressees",
    "items",
];

/// Parses a response into its editions: one for a response in one language, two (the first
/// language first) for a bilingual one, where each text is given as `en:` and `cy:`.
pub fn parse_editions(text: &str) -> (Vec<Response>, Vec<Diagnostic>) {
    let mut found = Vec::new();
    let value: Value = match serde_yaml::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            found.push(syntax_error(text, &e));
            return (Vec::new(), found);
        }
    };
    let map = match value {
        Value::Mapping(m) => m,
        Value::Null => {
            found.push(Diagnostic::error("the file is empty").hint(
                "start from `s55 new`, which prints a response with every section to fill in",
            ));
            return (Vec::new(), found);
        }
        other => {
            found.push(
                Diagnostic::error(format!(
                    "a response is a mapping of fields such as `body:` and `report:`, but this file holds {}",
                    describe(&other)
                ))
                .at_position(Position {
                    line: 1,
                    column: 1,
                    width: 1,
                })
                .hint("start from `s55 new`, which prints a response with every section to fill in"),
            );
            return (Vec::new(), found);
        }
    };

    let key = |k: &str| Value::String(k.to_owned());
    let language = map
        .get(key("language"))
        .and_then(Value::as_str)
        .unwrap_or("en")
        .to_owned();
    let languages: Vec<&str> = match language.as_str() {
        "bilingual" => {
            let first = map
                .get(key("first"))
                .and_then(Value::as_str)
                .unwrap_or("cy");
            if first == "en" {
                vec!["en", "cy"]
            } else {
                vec!["cy", "en"]
            }
        }
        "cy" => vec!["cy"],
        _ => vec!["en"],
    };
    let bilingual = languages.len() == 2;
    let mut editions = Vec::new();
    let mut errors: Vec<(FieldPath, String)> = Vec::new();
    for lang in &languages {
        let mut projected = project(
            Value::Mapping(map.clone()),
            lang,
            bilingual,
            &FieldPath::root(),
            &mut found,
        );
        if let Value::Mapping(m) = &mut projected
            && bilingual
        {
            m.insert(key("language"), key(lang));
        }
        let Value::Mapping(m) = projected else {
            continue;
        };
        let (response, errs) = parse_mapping(m);
        // The editions share their structure: report a structural problem once.
        for e in errs {
            if !errors.contains(&e) {
                errors.push(e);
            }
        }
        editions.extend(response);
    }
    // A language map missing one language is reported once, not once per edition.
    found.dedup_by(|a, b| a.message == b.message && a.path == b.path);
    if errors.is_empty() && found.iter().all(|d| !d.is_error()) {
        return (editions, found);
    }
    let locator = Locator::new(text);
    for (path, message) in errors {
        found.push(schema_error(&locator, path, &message));
    }
    (Vec::new(), found)
}

/// A mapping whose keys are all languages: a text given in each.
fn is_language_map(m: &Mapping) -> bool {
    !m.is_empty() && m.keys().all(|k| matches!(k.as_str(), Some("en" | "cy")))
}

fn language_name(lang: &str) -> &'static str {
    if lang == "cy" { "Welsh" } else { "English" }
}

/// Picks one language out of a response: each `{en: ..., cy: ...}` becomes its `lang` text.
/// In a bilingual response a text missing the language, or given in one form only where it
/// should be translated, is an error that names the field.
fn project(
    value: Value,
    lang: &str,
    bilingual: bool,
    at: &FieldPath,
    found: &mut Vec<Diagnostic>,
) -> Value {
    match value {
        Value::Mapping(m) if is_language_map(&m) => {
            let pick = m.get(Value::String(lang.to_owned())).cloned();
            match pick {
                Some(v) => v,
                None => {
                    found.push(
                        Diagnostic::error(format!("`{at}` has no {} text", language_name(lang)))
                            .at(at.clone())
                            .hint(format!(
                                "give it under `{lang}:` beside the {} one",
                                language_name(if lang == "cy" { "en" } else { "cy" })
                            )),
                    );
                    m.into_iter().next().map(|(_, v)| v).unwrap_or(Value::Null)
                }
            }
        }
        Value::Mapping(m) => Value::Mapping(
            m.into_iter()
                .map(|(k, v)| {
                    let path = match k.as_str() {
                        Some(name) => at.key(name),
                        None => at.clone(),
                    };
                    let v = project(v, lang, bilingual, &path, found);
                    (k, v)
                })
                .collect(),
        ),
        Value::Sequence(items) => Value::Sequence(
            items
                .into_iter()
                .enumerate()
                .map(|(i, v)| project(v, lang, bilingual, &at.index(i), found))
                .collect(),
        ),
        Value::String(s) if bilingual && translated(at) && lang == "cy" => {
            found.push(
                Diagnostic::error(format!("`{at}` is in one language only"))
                    .at(at.clone())
                    .hint("a bilingual response gives each text in both languages: write it as `en: ...` and `cy: ...`"),
            );
            Value::String(s)
        }
        other => other,
    }
}

/// Whether the field at `at` is a text a bilingual response translates.
fn translated(at: &FieldPath) -> bool {
    // The nearest key names the field (list items take their list's name).
    let key = at.0.iter().rev().find_map(|s| s.as_key());
    let in_list = matches!(at.0.last(), Some(crate::diag::Step::Index(_)));
    match key {
        Some("addressees" | "items") => in_list,
        Some(k) => TRANSLATED.contains(&k) && !in_list,
        None => false,
    }
}

/// Parses one edition's mapping, collecting every problem it can find in one pass.
fn parse_mapping(mut map: Mapping) -> (Option<Response>, Vec<(FieldPath, String)>) {
    let mut errors: Vec<(FieldPath, String)> = Vec::new();

    // Every unknown top-level field, not just the first.
    let fields = struct_fields::<Response>();
    let unknown: Vec<Value> = map
        .keys()
        .filter(|k| !k.as_str().is_some_and(|k| fields.contains(&k)))
        .cloned()
        .collect();
    for key in unknown {
        map.remove(&key);
        let name = match &key {
            Value::String(s) => s.clone(),
            other => describe(other),
        };
        errors.push((
            FieldPath::root().key(&name),
            format!(
                "unknown field `{name}`, expected one of {}",
                quote_list(fields)
            ),
        ));
    }

    // Each entry of each list on its own, so one broken recommendation does not hide another.
    let lists = Lists {
        sections: take_list(&mut map, "sections", &mut errors),
        recommendations: take_list(&mut map, "recommendations", &mut errors),
        areas_for_improvement: take_list(&mut map, "areas_for_improvement", &mut errors),
        causes_of_concern: take_list(&mut map, "causes_of_concern", &mut errors),
        grades: take_list(&mut map, "grades", &mut errors),
    };

    // Each mapping-valued field on its own too; a broken one is set aside, so that the pass
    // over the rest below can report a problem elsewhere instead of the same one again.
    let mut set_aside = Vec::new();
    check_field::<crate::model::Body>(&mut map, "body", &mut errors, &mut set_aside);
    check_field::<crate::model::Person>(&mut map, "commissioner", &mut errors, &mut set_aside);
    check_field::<crate::model::Person>(&mut map, "chief_officer", &mut errors, &mut set_aside);
    check_field::<crate::model::Report>(&mut map, "report", &mut errors, &mut set_aside);
    check_field::<crate::model::Signature>(&mut map, "signature", &mut errors, &mut set_aside);

    let rest: Result<Response, _> = serde_path_to_error::deserialize(Value::Mapping(map));
    let response = match rest {
        Ok(mut r) => {
            if let Some(v) = lists.sections {
                r.sections = v;
            }
            if let Some(v) = lists.recommendations {
                r.recommendations = v;
            }
            if let Some(v) = lists.areas_for_improvement {
                r.areas_for_improvement = v;
            }
            if let Some(v) = lists.causes_of_concern {
                r.causes_of_concern = v;
            }
            if let Some(v) = lists.grades {
                r.grades = v;
            }
            Some(r)
        }
        Err(e) => {
            let message = e.inner().to_string();
            let missing_set_aside = set_aside
                .iter()
                .any(|k| message.starts_with(&format!("missing field `{k}`")));
            if !missing_set_aside {
                errors.push((path_of(e.path()), message));
            }
            None
        }
    };

    (response, errors)
}

struct Lists {
    sections: Option<Vec<crate::model::Section>>,
    recommendations: Option<Vec<crate::model::Finding>>,
    areas_for_improvement: Option<Vec<crate::model::Finding>>,
    causes_of_concern: Option<Vec<crate::model::Finding>>,
    grades: Option<Vec<crate::model::Grade>>,
}

/// Takes a list field out of the top-level mapping and parses its entries one by one. Leaves
/// an empty list in its place so that the rest of the document still parses. Returns `None`
/// when the field is absent or is not a list (the whole-document pass then reports it).
fn take_list<T: DeserializeOwned>(
    map: &mut Mapping,
    key: &str,
    errors: &mut Vec<(FieldPath, String)>,
) -> Option<Vec<T>> {
    let k = Value::String(key.to_owned());
    let Some(Value::Sequence(items)) = map.get(&k) else {
        return None;
    };
    let items = items.clone();
    map.insert(k, Value::Sequence(Vec::new()));
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.into_iter().enumerate() {
        match serde_path_to_error::deserialize::<_, T>(item) {
            Ok(v) => out.push(v),
            Err(e) => {
                let mut path = FieldPath::root().key(key).index(i);
                path.0.extend(path_of(e.path()).0);
                errors.push((path, e.inner().to_string()));
            }
        }
    }
    Some(out)
}

/// Parses one mapping-valued field on its own. When it is broken, its problem is recorded and
/// the field is taken out of the mapping (its name goes in `set_aside`).
fn check_field<T: DeserializeOwned>(
    map: &mut Mapping,
    key: &'static str,
    errors: &mut Vec<(FieldPath, String)>,
    set_aside: &mut Vec<&'static str>,
) {
    let k = Value::String(key.to_owned());
    let Some(value) = map.get(&k) else { return };
    if let Err(e) = serde_path_to_error::deserialize::<_, T>(value.clone()) {
        let mut path = FieldPath::root().key(key);
        path.0.extend(path_of(e.path()).0);
        errors.push((path, e.inner().to_string()));
        map.remove(&k);
        set_aside.push(key);
    }
}

fn path_of(p: &serde_path_to_error::Path) -> FieldPath {
    let s = p.to_string();
    if s == "." {
        FieldPath::root()
    } else {
        FieldPath::parse(&s)
    }
}

fn describe(v: &Value) -> String {
    match v {
        Value::Null => "nothing".into(),
        Value::Bool(b) => format!("the value `{b}`"),
        Value::Number(n) => format!("the number `{n}`"),
        Value::String(s) => format!("the text `{}`", truncate(s, 40)),
        Value::Sequence(_) => "a list".into(),
        Value::Mapping(_) => "a mapping".into(),
        Value::Tagged(t) => format!("a value tagged `{}`", t.tag),
    }
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_owned()
    } else {
        format!("{}…", s.chars().take(n).collect::<String>())
    }
}

fn quote_list(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Turns a YAML syntax error into a diagnostic with its position and a hint for the usual
/// causes.
fn syntax_error(text: &str, e: &serde_yaml::Error) -> Diagnostic {
    let raw = e.to_string();
    let message = match raw.find(" at line ") {
        Some(i) => raw[..i].to_owned(),
        None => raw.clone(),
    };
    let mut d = Diagnostic::error(format!("this is not valid YAML: {message}"));
    if let Some(loc) = e.location() {
        d = d.at_position(Position {
            line: loc.line(),
            column: loc.column(),
            width: 1,
        });
        let line = text.lines().nth(loc.line().saturating_sub(1)).unwrap_or("");
        let indent: String = line.chars().take_while(|c| c.is_whitespace()).collect();
        if indent.contains('\t') || message.contains("tab") {
            d = d.hint("YAML does not allow tabs for indentation: indent with spaces");
        }
    }
    if message.contains("duplicate entry") {
        if let Some(pos) = Locator::new(text).duplicates.first() {
            d.position = Some(*pos);
        }
        d.message = format!("a field is given twice: {message}");
        d = d.hint("keep one of the two; YAML keeps no order between duplicate keys");
    } else if message.contains("repetition limit") || message.contains("recursion limit") {
        d = d.hint("the file expands into too much data (aliases or nesting); write the values out plainly");
    } else if d.hint.is_none() {
        d = d.hint("check the indentation and quoting here and in the lines above: a quote left open earlier runs on to here, and a text containing `: ` or starting with `*`, `&` or a quote needs quotes around it");
    }
    d
}

/// Turns a schema error (serde's message at a field path) into a diagnostic.
fn schema_error(locator: &Locator, path: FieldPath, raw: &str) -> Diagnostic {
    let (message, hint) = explain(raw, &path);
    let position = if message.starts_with("unknown field") {
        locator.key_position(&path)
    } else {
        None
    }
    .or_else(|| locator.position(&path));
    let mut d = Diagnostic::error(message).at(path);
    if let Some(p) = position {
        d = d.at_position(p);
    }
    if let Some(h) = hint {
        d = d.hint(h);
    }
    d
}

/// Rewords serde's messages for the people who write responses, with a hint where one helps.
fn explain(raw: &str, path: &FieldPath) -> (String, Option<String>) {
    let raw = raw.split(" at line ").next().unwrap_or(raw).trim();
    if let Some(rest) = raw.strip_prefix("unknown field `") {
        let name = rest.split('`').next().unwrap_or("");
        let expected: Vec<&str> = rest.split('`').skip(2).step_by(2).collect();
        let message = format!("unknown field `{name}`");
        let hint = match closest(name, expected.iter().copied()) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!("the fields allowed here are {}", quote_list(&expected)),
        };
        return (message, Some(hint));
    }
    if let Some(rest) = raw.strip_prefix("missing field `") {
        let name = rest.split('`').next().unwrap_or("");
        let place = if path.is_root() {
            "the response".to_owned()
        } else {
            format!("`{path}`")
        };
        return (
            format!("{place} has no `{name}`, which is required"),
            Some(format!(
                "add `{name}:`; `s55 new` prints a complete example"
            )),
        );
    }
    if let Some(rest) = raw.strip_prefix("unknown variant `") {
        let name = rest.split('`').next().unwrap_or("");
        let expected: Vec<&str> = rest.split('`').skip(2).step_by(2).collect();
        let hint = match closest(name, expected.iter().copied()) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!("write one of {}", quote_list(&expected)),
        };
        return (
            format!("`{name}` is not one of the values allowed here"),
            Some(hint),
        );
    }
    if let Some(rest) = raw
        .strip_prefix("invalid type: ")
        .or_else(|| raw.strip_prefix("invalid value: "))
        && let Some((found, expected)) = rest.split_once(", expected ")
    {
        let expected_words = match expected {
            "u32" | "u64" | "i64" | "usize" => "a whole number, such as 3",
            "a boolean" => "`true` or `false`",
            "a string" => "a text",
            "a sequence" => "a list (each entry on its own line starting `- `)",
            e if e.starts_with("struct ") => "a mapping of fields (`name: value` lines)",
            e => e,
        };
        let found_words = found
            .replace("string ", "the text ")
            .replace("integer ", "the number ")
            .replace("sequence", "a list")
            .replace("map", "a mapping")
            .replace("unit value", "nothing");
        return (
            format!("{found_words} is given, but this field takes {expected_words}"),
            None,
        );
    }
    (raw.to_owned(), None)
}

/// The field names a struct accepts, read from its `Deserialize` implementation.
pub fn struct_fields<T: DeserializeOwned>() -> &'static [&'static str] {
    struct Capture<'a>(&'a mut &'static [&'static str]);
    #[derive(Debug)]
    struct Stop;
    impl std::fmt::Display for Stop {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("stop")
        }
    }
    impl std::error::Error for Stop {}
    impl de::Error for Stop {
        fn custom<M: std::fmt::Display>(_: M) -> Self {
            Stop
        }
    }
    impl<'de> de::Deserializer<'de> for Capture<'_> {
        type Error = Stop;
        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Stop> {
            Err(Stop)
        }
        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _: &'static str,
            fields: &'static [&'static str],
            _: V,
        ) -> Result<V::Value, Stop> {
            *self.0 = fields;
            Err(Stop)
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
            bytes byte_buf option unit unit_struct newtype_struct seq tuple
            tuple_struct map enum identifier ignored_any
        }
    }
    let mut fields: &'static [&'static str] = &[];
    let _ = T::deserialize(Capture(&mut fields));
    fields
}

/// Maps field paths to their places in the YAML text.
///
/// Built from the YAML event stream, which carries a span for every key and value. Paths that
/// are not in the file (a missing field) fall back to their nearest parent that is.
#[derive(Debug, Default)]
pub struct Locator {
    keys: HashMap<FieldPath, Position>,
    values: HashMap<FieldPath, Position>,
    /// Keys written a second time in the same mapping, in the order of the file.
    pub duplicates: Vec<Position>,
}

enum Frame {
    Map {
        path: FieldPath,
        key: Option<String>,
    },
    Seq {
        path: FieldPath,
        next: usize,
    },
}

impl Locator {
    /// Reads the positions of every key and value in `text`. Stops quietly at a syntax error.
    pub fn new(text: &str) -> Self {
        use saphyr_parser::{Event, Parser};
        let lines: Vec<&str> = text.lines().collect();
        let mut loc = Locator::default();
        let mut stack: Vec<Frame> = Vec::new();
        for item in Parser::new_from_str(text) {
            let Ok((event, span)) = item else { break };
            let pos = span_position(&lines, &span);
            // Which path does this node stand at, and is it a mapping key?
            let is_node = matches!(
                event,
                Event::Scalar(..)
                    | Event::Alias(..)
                    | Event::MappingStart(..)
                    | Event::SequenceStart(..)
            );
            if is_node {
                let here = match stack.last_mut() {
                    None => FieldPath::root(),
                    Some(Frame::Map { path, key }) => match key.take() {
                        Some(name) => path.key(&name),
                        None => {
                            // This node is a key. A complex key (a mapping or list used as a
                            // key) names no field: its contents are filed under `?`.
                            if let Event::Scalar(s, ..) = &event {
                                let name = s.to_string();
                                if loc.keys.insert(path.key(&name), pos).is_some() {
                                    loc.duplicates.push(pos);
                                }
                                *key = Some(name);
                                continue;
                            }
                            FieldPath::parse("?")
                        }
                    },
                    Some(Frame::Seq { path, next }) => {
                        *next += 1;
                        path.index(*next - 1)
                    }
                };
                loc.values.entry(here.clone()).or_insert(pos);
                match event {
                    Event::MappingStart(..) => stack.push(Frame::Map {
                        path: here,
                        key: None,
                    }),
                    Event::SequenceStart(..) => stack.push(Frame::Seq {
                        path: here,
                        next: 0,
                    }),
                    _ => {}
                }
            } else if matches!(event, Event::MappingEnd | Event::SequenceEnd) {
                stack.pop();
            }
        }
        loc
    }

    /// Where the value at `path` is, or its nearest ancestor.
    pub fn position(&self, path: &FieldPath) -> Option<Position> {
        // The whole document is no place to point at: a missing top-level field has none.
        let mut p = Some(path.clone());
        while let Some(cur) = p.filter(|c| !c.is_root()) {
            if let Some(pos) = self.values.get(&cur) {
                return Some(*pos);
            }
            p = cur.parent();
        }
        None
    }

    /// Where the key of the field at `path` is written.
    pub fn key_position(&self, path: &FieldPath) -> Option<Position> {
        self.keys.get(path).copied()
    }
}

/// Where `words` are first written at or after `start`: the place within a field's text that a
/// problem is at. `None` when they cannot be found as written (a folded or quoted text).
pub fn find_after(text: &str, start: Position, words: &str) -> Option<Position> {
    for (n, line) in text.lines().enumerate().skip(start.line.saturating_sub(1)) {
        let from = if n + 1 == start.line {
            line.char_indices()
                .nth(start.column - 1)
                .map_or(line.len(), |(i, _)| i)
        } else {
            0
        };
        if let Some(i) = line[from..].find(words) {
            let byte = from + i;
            return Some(Position {
                line: n + 1,
                column: line[..byte].chars().count() + 1,
                width: words.chars().count(),
            });
        }
    }
    None
}

fn span_position(lines: &[&str], span: &saphyr_parser::Span) -> Position {
    let line = span.start.line();
    let column = span.start.col() + 1;
    let width = if span.end.line() == line {
        span.end.col().saturating_sub(span.start.col())
    } else {
        lines.get(line.saturating_sub(1)).map_or(1, |l| {
            l.trim_end().chars().count().saturating_sub(column - 1)
        })
    };
    Position {
        line,
        column,
        width: width.max(1),
    }
}

impl Step {
    /// The key name, when this step is a key.
    pub fn as_key(&self) -> Option<&str> {
        match self {
            Step::Key(k) => Some(k),
            Step::Index(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locator_finds_nested_values() {
        let text = "a:\n  b:\n    - x: 1\n    - x: two\n      y: [1, 2]\n";
        let loc = Locator::new(text);
        let p = FieldPath::parse("a.b[1].x");
        assert_eq!(
            loc.position(&p),
            Some(Position {
                line: 4,
                column: 10,
                width: 3
            })
        );
        assert_eq!(
            loc.key_position(&p),
            Some(Position {
                line: 4,
                column: 7,
                width: 1
            })
        );
        let missing = FieldPath::parse("a.b[1].z");
        assert_eq!(loc.position(&missing).map(|p| p.line), Some(4));
    }

    #[test]
    fn response_fields_are_known() {
        let f = struct_fields::<Response>();
        assert!(f.contains(&"recommendations"));
        assert!(f.contains(&"sections"));
    }
}
