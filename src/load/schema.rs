//! From YAML values to the model, collecting every problem with the field path it is at, and
//! rewording serde's messages for the people who write responses.

use serde::de::{self, DeserializeOwned, Visitor};
use serde_yaml::{Mapping, Value};

use super::positions::Locator;
use crate::diag::{Diagnostic, FieldPath, Position, closest};
use crate::model::Response;

/// Parses one edition's mapping, collecting every problem it can find in one pass.
pub(super) fn parse_mapping(mut map: Mapping) -> (Option<Response>, Vec<(FieldPath, String)>) {
    let mut errors: Vec<(FieldPath, String)> = Vec::new();

    // Every unknown top-level field, not just the first.
    let fields = struct_fields::<Response>();
    let unknown: Vec<Value> = map
        .keys()
        .filter(|k| !k.as_str().is_some_and(|k| fields.contains(&k)))
        .cloned()
        .collect();
    // One pass to drop them all: removing each from the ordered mapping would move the rest
    // every time.
    map.retain(|k, _| k.as_str().is_some_and(|k| fields.contains(&k)));
    for key in unknown {
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
    stand_in_for_a_draft_date(&mut map);
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

/// In a draft, a report date still left as `s55 new`'s placeholder (`TODO: YYYY-MM-DD`) is
/// counted from today, so that the rest of the draft is checked and its placeholders are
/// warnings like every other; the placeholder itself is reported as one. A final response
/// with it is an error, as any text that is not a date is.
fn stand_in_for_a_draft_date(map: &mut Mapping) {
    if map.get("draft") != Some(&Value::Bool(true)) {
        return;
    }
    let Some(Value::Mapping(report)) = map.get_mut("report") else {
        return;
    };
    let Some(Value::String(date)) = report.get_mut("published") else {
        return;
    };
    if date.trim_start().starts_with("TODO") {
        *date = jiff::tz::Offset::UTC
            .to_datetime(jiff::Timestamp::now())
            .date()
            .to_string();
    }
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
    // Taken out rather than copied: an empty list stays in its place.
    let Some(Value::Sequence(items)) = map.get_mut(&k) else {
        return None;
    };
    let items = std::mem::take(items);
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

pub(super) fn describe(v: &Value) -> String {
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
pub(super) fn syntax_error(text: &str, e: &serde_yaml::Error) -> Diagnostic {
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
pub(super) fn schema_error(locator: &Locator, path: FieldPath, raw: &str) -> Diagnostic {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn response_fields_are_known() {
        let f = struct_fields::<Response>();
        assert!(f.contains(&"recommendations"));
        assert!(f.contains(&"sections"));
    }

    /// The lists of fields the model keeps beside its types name real fields, so a field
    /// renamed in the model cannot leave a stale name behind.
    #[test]
    fn the_model_s_lists_of_fields_name_fields_of_the_model() {
        use crate::model::{Body, Finding, Image, OFFICE_FIELDS, Section, TRANSLATED};
        let response = struct_fields::<Response>();
        for f in OFFICE_FIELDS {
            assert!(response.contains(&f), "{f} is no field of a response");
        }
        let mut all: Vec<&str> = response.to_vec();
        all.extend(struct_fields::<Body>());
        all.extend(struct_fields::<Finding>());
        all.extend(struct_fields::<Section>());
        all.extend(struct_fields::<Image>());
        for f in TRANSLATED {
            assert!(all.contains(&f), "{f} is no field of the model");
        }
    }
}
