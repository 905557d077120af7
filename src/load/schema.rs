//! From YAML values to the model, collecting every problem with the field path it is at, and
//! rewording serde's messages for the people who write responses.

use std::sync::{Mutex, OnceLock};

use serde::de::{self, DeserializeOwned, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_yaml::{Mapping, Value};

use super::positions::Locator;
use crate::diag::{Diagnostic, FieldPath, Position, Step, closest};
use crate::model::Response;

/// Parses one edition's mapping, collecting every problem it can find in one pass.
pub(super) fn parse_mapping(mut map: Mapping) -> (Option<Response>, Vec<(FieldPath, String)>) {
    stand_in_for_a_draft_date(&mut map);
    read(map)
}

/// Reads a mapping into the model's type `T`, collecting every problem with its field path.
///
/// A mapping with nothing wrong, the usual case, is read in one pass. Only when that pass
/// fails is it read again field by field, so that every problem comes out in one run: every
/// unknown field, not just the first; each entry of a list of mappings on its own, so that one
/// broken recommendation does not hide another; each mapping-valued field on its own; and
/// then the first problem among the remaining single fields. Which fields are lists of
/// mappings and which are mappings is read from `T`'s own `Deserialize` ([`shapes`]), so a
/// field added to the model is read the same way without being named here.
pub(super) fn read<T: DeserializeOwned + 'static>(
    map: Mapping,
) -> (Option<T>, Vec<(FieldPath, String)>) {
    let shapes = shapes::<T>();
    // A mapping-valued field left empty is refused though the model takes it as optional:
    // `chief_officer:` with nothing after it is a mistake, not a choice.
    let plain = map
        .iter()
        .all(|(k, v)| match k.as_str().and_then(|k| shape(shapes, k)) {
            Some(Shape::Mapping(_)) => !v.is_null(),
            Some(_) => true,
            None => false,
        });
    let value = Value::Mapping(map);
    if plain && let Ok(t) = T::deserialize(&value) {
        return (Some(t), Vec::new());
    }
    let Value::Mapping(map) = value else {
        return (None, Vec::new());
    };
    read_each::<T>(map, shapes)
}

/// The field-by-field reading of [`read`], for a mapping that has something wrong with it.
fn read_each<T: DeserializeOwned + 'static>(
    mut map: Mapping,
    shapes: &[(&'static str, Shape)],
) -> (Option<T>, Vec<(FieldPath, String)>) {
    let mut errors: Vec<(FieldPath, String)> = Vec::new();

    // Every unknown top-level field, not just the first.
    let fields = struct_fields::<T>();
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

    // Each entry of each list of mappings on its own, so one broken recommendation does not
    // hide another. The list is taken out, leaving an empty one, so that the rest parses; it
    // goes back if nothing at all is wrong.
    let mut taken = Vec::new();
    for &(key, _) in shapes.iter().filter(|(_, s)| *s == Shape::Entries) {
        let Some(Value::Sequence(items)) = map.get_mut(key) else {
            continue;
        };
        let items = std::mem::take(items);
        for (i, item) in items.iter().enumerate() {
            let mut one = Mapping::with_capacity(1);
            one.insert(Value::from(key), Value::Sequence(vec![item.clone()]));
            if let Some((mut path, message)) = problem_in::<T>(one, key) {
                // The entry was read as the list's only one: its place is its own.
                if let Some(step @ Step::Index(_)) = path.0.get_mut(1) {
                    *step = Step::Index(i);
                }
                errors.push((path, message));
            }
        }
        taken.push((key, items));
    }

    // Each mapping-valued field on its own too; a broken one is set aside, so that the pass
    // over the rest below can report a problem elsewhere instead of the same one again.
    let mut set_aside = Vec::new();
    for &(key, shape) in shapes {
        let Shape::Mapping(name) = shape else {
            continue;
        };
        let problem = match map.get(key) {
            None => continue,
            Some(Value::Null) => Some((
                FieldPath::root().key(key),
                <serde_yaml::Error as de::Error>::invalid_type(
                    de::Unexpected::Unit,
                    &format!("struct {name}").as_str(),
                )
                .to_string(),
            )),
            Some(value) => {
                let mut one = Mapping::with_capacity(1);
                one.insert(Value::from(key), value.clone());
                problem_in::<T>(one, key)
            }
        };
        if let Some(problem) = problem {
            errors.push(problem);
            map.remove(key);
            set_aside.push(key);
        }
    }

    let mut value = Value::Mapping(map);
    if let Err(e) = serde_path_to_error::deserialize::<_, T>(&value) {
        let message = e.inner().to_string();
        let missing_set_aside = set_aside
            .iter()
            .any(|k| message.starts_with(&format!("missing field `{k}`")));
        if !missing_set_aside {
            errors.push((path_of(e.path()), message));
        }
    }
    if !errors.is_empty() {
        return (None, errors);
    }
    // Nothing was wrong after all: each part reads on its own, so the whole reads too, with
    // the lists put back.
    if let Value::Mapping(map) = &mut value {
        for (key, items) in taken {
            map.insert(Value::from(key), Value::Sequence(items));
        }
    }
    match serde_path_to_error::deserialize::<_, T>(&value) {
        Ok(t) => (Some(t), errors),
        Err(e) => (None, vec![(path_of(e.path()), e.inner().to_string())]),
    }
}

/// The problem, if any, in the one field `key` of `one` as `T` reads it: only what is within
/// that field, not the other fields `one` leaves out.
fn problem_in<T: DeserializeOwned>(one: Mapping, key: &str) -> Option<(FieldPath, String)> {
    let e = serde_path_to_error::deserialize::<_, T>(Value::Mapping(one)).err()?;
    let path = path_of(e.path());
    (path.0.first().and_then(Step::as_key) == Some(key)).then(|| (path, e.inner().to_string()))
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

/// How a struct takes one of its fields, read from its `Deserialize`: what decides how
/// [`read`] reads the field when something is wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Shape {
    /// A list of mappings: each entry is read on its own.
    Entries,
    /// A mapping (of the struct named), optional or not: read on its own, and refused when
    /// left empty.
    Mapping(&'static str),
    /// Anything else: read with the rest.
    Plain,
}

/// The shape of the field `key`, if `T` has it.
fn shape(shapes: &[(&'static str, Shape)], key: &str) -> Option<Shape> {
    shapes.iter().find(|(k, _)| *k == key).map(|(_, s)| *s)
}

/// Every field of the struct `T` with its shape, in the struct's order: read once from its
/// `Deserialize` and kept.
pub(super) fn shapes<T: DeserializeOwned + 'static>() -> &'static [(&'static str, Shape)] {
    type Known = Vec<(std::any::TypeId, &'static [(&'static str, Shape)])>;
    static KNOWN: OnceLock<Mutex<Known>> = OnceLock::new();
    let id = std::any::TypeId::of::<T>();
    let known = KNOWN.get_or_init(Mutex::default);
    let mut known = known
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some((_, shapes)) = known.iter().find(|(k, _)| *k == id) {
        return shapes;
    }
    let shapes: &'static [(&'static str, Shape)] = struct_fields::<T>()
        .iter()
        .map(|&field| (field, shape_of::<T>(field)))
        .collect::<Vec<_>>()
        .leak();
    known.push((id, shapes));
    shapes
}

/// The shape of one field of `T`: `T` is asked to read a mapping holding only that field,
/// and what it asks of the field's value says what the value is.
fn shape_of<T: DeserializeOwned>(field: &'static str) -> Shape {
    let mut shape = Shape::Plain;
    let _ = T::deserialize(Probe::Struct {
        field,
        shape: &mut shape,
    });
    shape
}

/// The deserialiser the probe hands `T`: the struct, one field's value, or one entry of a
/// list. It answers every question with [`Stop`] once it has learnt what it wants.
enum Probe<'a> {
    Struct {
        field: &'static str,
        shape: &'a mut Shape,
    },
    Value(&'a mut Shape),
    Entry(&'a mut Shape),
}

/// The probe's field, as the only key of the mapping it stands for.
struct OneField<'a> {
    field: Option<&'static str>,
    shape: &'a mut Shape,
}

impl<'de> MapAccess<'de> for OneField<'_> {
    type Error = Stop;
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Stop> {
        let Some(field) = self.field.take() else {
            return Ok(None);
        };
        seed.deserialize(de::value::BorrowedStrDeserializer::new(field))
            .map(Some)
    }
    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Stop> {
        seed.deserialize(Probe::Value(self.shape))
    }
}

/// A list's one entry, as the probe gives it.
struct OneEntry<'a>(Option<&'a mut Shape>);

impl<'de> SeqAccess<'de> for OneEntry<'_> {
    type Error = Stop;
    fn next_element_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, Stop> {
        match self.0.take() {
            Some(shape) => seed.deserialize(Probe::Entry(shape)).map(Some),
            None => Ok(None),
        }
    }
}

impl<'de> de::Deserializer<'de> for Probe<'_> {
    type Error = Stop;
    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Stop> {
        Err(Stop)
    }
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Stop> {
        match self {
            Probe::Struct { field, shape } => visitor.visit_map(OneField {
                field: Some(field),
                shape,
            }),
            Probe::Value(shape) => {
                *shape = Shape::Mapping(name);
                Err(Stop)
            }
            Probe::Entry(shape) => {
                *shape = Shape::Entries;
                Err(Stop)
            }
        }
    }
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stop> {
        match self {
            Probe::Value(_) => visitor.visit_some(self),
            _ => Err(Stop),
        }
    }
    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, Stop> {
        match self {
            Probe::Value(_) => visitor.visit_newtype_struct(self),
            _ => Err(Stop),
        }
    }
    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Stop> {
        match self {
            Probe::Value(shape) => visitor.visit_seq(OneEntry(Some(shape))),
            _ => Err(Stop),
        }
    }
    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct tuple
        tuple_struct map enum identifier ignored_any
    }
}

/// The probes' answer to whatever they are not asked about: nothing more to learn.
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

/// The field names a struct accepts, read from its `Deserialize` implementation.
pub fn struct_fields<T: DeserializeOwned>() -> &'static [&'static str] {
    struct Capture<'a>(&'a mut &'static [&'static str]);
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

    /// The shapes read from the model name the fields the loader reads on their own: the
    /// lists of findings, sections, grades and corrections entry by entry, and the mappings.
    #[test]
    fn the_model_s_lists_and_mappings_are_read_from_its_types() {
        let shapes = shapes::<Response>();
        let of = |s: Shape| -> Vec<&str> {
            shapes
                .iter()
                .filter(|(_, t)| *t == s)
                .map(|(k, _)| *k)
                .collect()
        };
        assert_eq!(
            of(Shape::Entries),
            [
                "corrections",
                "sections",
                "recommendations",
                "areas_for_improvement",
                "causes_of_concern",
                "grades"
            ]
        );
        let mappings: Vec<&str> = shapes
            .iter()
            .filter(|(_, t)| matches!(t, Shape::Mapping(_)))
            .map(|(k, _)| *k)
            .collect();
        assert_eq!(
            mappings,
            [
                "body",
                "commissioner",
                "chief_officer",
                "report",
                "signature",
                "copies"
            ]
        );
        assert_eq!(
            shape(shapes, "chief_officer"),
            Some(Shape::Mapping("Person"))
        );
        assert_eq!(shape(shapes, "addressees"), Some(Shape::Plain));
        assert_eq!(shape(shapes, "title"), Some(Shape::Plain));
    }

    /// A field added to a model is read as the fields beside it are, entry by entry, with
    /// nothing of it named in this module: a struct standing for a response with one more
    /// list and one more mapping is read through the same code.
    #[test]
    fn a_field_added_to_the_model_is_checked_without_naming_it_here() {
        #[derive(Debug, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Entry {
            name: String,
            count: u32,
        }
        #[derive(Debug, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Grown {
            title: String,
            added: Vec<Entry>,
            #[serde(default)]
            extra: Option<Entry>,
        }
        let text = "title: A\nadded:\n  - name: one\n    count: 1\n  - name: two\n    count: many\n  - name: three\n  - name: four\n    count: 4\nextra:\n";
        let map: Mapping = serde_yaml::from_str(text).unwrap_or_default();
        let (got, errors) = read::<Grown>(map);
        assert!(got.is_none());
        let found: Vec<(String, String)> = errors
            .into_iter()
            .map(|(p, m)| (p.to_string(), m))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "added[1].count".to_owned(),
                    "invalid type: string \"many\", expected u32".to_owned()
                ),
                ("added[2]".to_owned(), "missing field `count`".to_owned()),
                (
                    "extra".to_owned(),
                    "invalid type: unit value, expected struct Entry".to_owned()
                ),
            ]
        );
        let good = "title: A\nadded:\n  - name: one\n    count: 1\n";
        let (got, errors) = read::<Grown>(serde_yaml::from_str(good).unwrap_or_default());
        assert!(errors.is_empty());
        assert_eq!(got.map(|g| g.added.len()), Some(1));
    }

    /// Every broken correction is reported, each at its entry, as every broken
    /// recommendation is: the lists read entry by entry come from the model, and the
    /// hand-kept list they replace left corrections out, so that only the first was said.
    /// A chief officer left empty is still refused though the model takes none.
    #[test]
    fn every_broken_correction_is_reported_and_an_empty_chief_officer_refused() {
        let text = include_str!("../../examples/warwickshire-child-protection-2022.yaml");
        let mut map: Mapping = serde_yaml::from_str(text).unwrap_or_default();
        let broken: Value = serde_yaml::from_str(
            "- date: 2023-01-05\n  note: Fixed a date\n  by: me\n- note: Fixed a name\n",
        )
        .unwrap_or_default();
        map.insert(Value::from("corrections"), broken);
        map.insert(Value::from("chief_officer"), Value::Null);
        let (got, errors) = parse_mapping(map);
        assert!(got.is_none());
        let found: Vec<(String, String)> = errors
            .into_iter()
            .map(|(p, m)| (p.to_string(), m))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "corrections[0].by".to_owned(),
                    "unknown field `by`, expected `date` or `note`".to_owned()
                ),
                (
                    "corrections[1]".to_owned(),
                    "missing field `date`".to_owned()
                ),
                (
                    "chief_officer".to_owned(),
                    "invalid type: unit value, expected struct Person".to_owned()
                ),
            ]
        );
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
