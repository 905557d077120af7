//! Projecting a response into its editions: a bilingual file, where each text is given as
//! `en:` and `cy:`, becomes one response per language.

use serde_yaml::{Mapping, Value};

use super::positions::Locator;
use super::schema::{describe, parse_mapping, schema_error, syntax_error};
use super::syntax;
use crate::diag::{Diagnostic, FieldPath, Position, Step};
use crate::model::{Response, TRANSLATED};

/// Every syntax mistake that can be found, each where it was made, and then what else is
/// wrong: the usual mistakes are repaired in a copy of the text (line for line, so positions
/// hold), and the copy is read on, so that several mistakes come out in one run.
/// How many mistakes the scan does not know are read past in one file.
const RECOVERIES: usize = 8;

fn syntax_errors(text: &str, first: &serde_yaml::Error) -> Vec<Diagnostic> {
    let mistakes = syntax::scan(text);
    if mistakes.is_empty() && first.location().is_none() {
        return vec![syntax_error(text, first)];
    }
    let mut found: Vec<Diagnostic> = mistakes
        .iter()
        .map(|m| {
            Diagnostic::error(format!("this is not valid YAML: {}", m.message))
                .at_position(m.position)
                .hint(m.hint.clone())
        })
        .collect();
    let mut repaired = syntax::repair(text, &mistakes);
    let mut reported: Vec<usize> = mistakes.iter().map(|m| m.position.line).collect();
    // A mistake the scan does not know: the parser's word for it, unless it is at a line
    // already reported (a repair that was not enough); then that line is set aside and the
    // rest read on, a few times, so that one such mistake does not hide the others.
    for _ in 0..RECOVERIES {
        match serde_yaml::from_str::<Value>(&repaired) {
            Err(e) => {
                // A field given twice is no slip of the syntax: said once, in its own words.
                let raw = e.to_string();
                let line = e.location().map(|l| l.line());
                let (Some(line), false) = (line, raw.starts_with("duplicate entry")) else {
                    if line.is_none_or(|l| !reported.contains(&l)) {
                        found.push(syntax_error(&repaired, &e));
                    }
                    break;
                };
                if !reported.contains(&line) {
                    found.push(syntax_error(&repaired, &e));
                    reported.push(line);
                }
                match syntax::set_aside(&repaired, line) {
                    Some(next) => repaired = next,
                    None => break,
                }
            }
            // The rest of the file reads: its own problems, found in the same run.
            Ok(_) => {
                found.extend(parse_editions(&repaired).1);
                break;
            }
        }
    }
    found.sort_by_key(|d| d.position.map_or((usize::MAX, 0), |p| (p.line, p.column)));
    found
}

/// Parses a response into its editions: one for a response in one language, two (the first
/// language first) for a bilingual one, where each text is given as `en:` and `cy:`.
pub fn parse_editions(text: &str) -> (Vec<Response>, Vec<Diagnostic>) {
    parse_editions_with(text, None)
}

/// As [`parse_editions`], with what the response inherits from its office's settings.
pub fn parse_editions_with(
    text: &str,
    defaults: Option<&Mapping>,
) -> (Vec<Response>, Vec<Diagnostic>) {
    let (editions, found, _) = parse_editions_located(text, defaults);
    (editions, found)
}

/// As [`parse_editions_with`], with the positions of the text's fields when they could be
/// read: they are read in the same pass as the text's cost is checked, and kept for placing
/// what the checks find.
pub(super) fn parse_editions_located(
    text: &str,
    defaults: Option<&Mapping>,
) -> (Vec<Response>, Vec<Diagnostic>, Option<Locator>) {
    // The separators first: the budget's reader and serde_yaml would read such a file
    // differently.
    if let Err(d) = super::chars::separators(text) {
        return (Vec::new(), vec![d], None);
    }
    let locator = match super::budget::check_located(text) {
        Ok(l) => l,
        Err(d) => return (Vec::new(), vec![d], None),
    };
    let value: Value = match serde_yaml::from_str(text) {
        Ok(v) => v,
        Err(e) => return (Vec::new(), syntax_errors(text, &e), None),
    };
    let (editions, found) = read_editions(text, value, defaults, &locator);
    (editions, found, Some(locator))
}

/// The editions of a text that parses as YAML, `value`, with the problems found in them.
fn read_editions(
    text: &str,
    value: Value,
    defaults: Option<&Mapping>,
    locator: &Locator,
) -> (Vec<Response>, Vec<Diagnostic>) {
    let mut found = Vec::new();
    let controls = super::chars::controls(&value);
    if !controls.is_empty() {
        let found = controls
            .into_iter()
            .map(|(path, c)| {
                let position = locator.position(&path);
                let d = super::chars::control_error(path, c);
                match position {
                    Some(p) => d.at_position(p),
                    None => d,
                }
            })
            .collect();
        return (Vec::new(), found);
    }
    found.extend(syntax::comments_in_text(text).into_iter().map(|m| {
        Diagnostic::warning(m.message)
            .at_position(m.position)
            .hint(m.hint)
    }));
    let Some(mut map) = top_mapping(value, &mut found) else {
        return (Vec::new(), found);
    };

    if let Some(d) = defaults {
        super::inherit::merge(&mut map, d);
    }
    let key = |k: &str| Value::String(k.to_owned());
    let languages = languages(&map);
    let bilingual = languages.len() == 2;
    let mut editions = Vec::new();
    let mut errors: Vec<(FieldPath, String)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut map = Some(map);
    for (n, lang) in languages.iter().enumerate() {
        // The last edition takes the mapping itself; an earlier one, a copy.
        let source = if n + 1 == languages.len() {
            map.take().unwrap_or_default()
        } else {
            map.clone().unwrap_or_default()
        };
        let mut projected = project(
            Value::Mapping(source),
            lang,
            bilingual,
            &mut FieldPath::root(),
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
            if seen.insert(e.clone()) {
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
    for (path, message) in errors {
        found.push(schema_error(locator, path, &message));
    }
    (Vec::new(), found)
}

/// The file's top level as a mapping of fields; anything else is said and gives none.
fn top_mapping(value: Value, found: &mut Vec<Diagnostic>) -> Option<Mapping> {
    const START: &str =
        "start from `s55 new`, which prints a response with every section to fill in";
    match value {
        Value::Mapping(m) => Some(m),
        Value::Null => {
            found.push(Diagnostic::error("the file is empty").hint(START));
            None
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
                .hint(START),
            );
            None
        }
    }
}

/// The editions' languages, first language first: `language:` and, for a bilingual
/// response, `first:`.
fn languages(map: &Mapping) -> Vec<&'static str> {
    let field = |k: &str| map.get(Value::String(k.to_owned())).and_then(Value::as_str);
    match field("language").unwrap_or("en") {
        "bilingual" if field("first") == Some("en") => vec!["en", "cy"],
        "bilingual" => vec!["cy", "en"],
        "cy" => vec!["cy"],
        _ => vec!["en"],
    }
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
/// should be translated, is an error that names the field. `at` grows and shrinks with the
/// walk, rather than each node copying its path: the path is copied only into a diagnostic.
fn project(
    value: Value,
    lang: &str,
    bilingual: bool,
    at: &mut FieldPath,
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
                    let named = k.as_str().map(|name| at.0.push(Step::Key(name.to_owned())));
                    let v = project(v, lang, bilingual, at, found);
                    if named.is_some() {
                        at.0.pop();
                    }
                    (k, v)
                })
                .collect(),
        ),
        Value::Sequence(items) => Value::Sequence(
            items
                .into_iter()
                .enumerate()
                .map(|(i, v)| {
                    at.0.push(Step::Index(i));
                    let v = project(v, lang, bilingual, at, found);
                    at.0.pop();
                    v
                })
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
