//! Writing what the importers found as YAML: every text from the paste as a double-quoted
//! scalar, so nothing in it can be read as YAML syntax.

use super::entries::{Entry, Findings};
use crate::timescale;

/// Quotes a text as a YAML double-quoted scalar.
pub(crate) fn yaml_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A value quoted, or a quoted "TODO: …" saying what to fill in where the import found none.
pub fn quote_or_todo(value: Option<String>, what: &str) -> String {
    yaml_quote(&value.unwrap_or_else(|| format!("TODO: {what}")))
}

fn items_yaml(out: &mut String, items: &[Entry], indent: usize) {
    let pad = " ".repeat(indent);
    for i in items {
        if i.items.is_empty() {
            out.push_str(&format!("{pad}- {}\n", yaml_quote(&i.text)));
        } else {
            out.push_str(&format!("{pad}- text: {}\n", yaml_quote(&i.text)));
            if i.numbering != "decimal" {
                out.push_str(&format!("{pad}  numbering: {}\n", i.numbering));
            }
            out.push_str(&format!("{pad}  items:\n"));
            items_yaml(out, &i.items, indent + 4);
        }
    }
}

/// The entries as the YAML of a response's list (`recommendations:` or
/// `areas_for_improvement:`), with the timescale where the text states one.
pub fn yaml(key: &str, entries: &[Entry]) -> String {
    if entries.is_empty() {
        return format!("{key}: []\n");
    }
    let mut out = format!("{key}:\n");
    for (i, e) in entries.iter().enumerate() {
        entry_yaml(&mut out, e, i, 2);
    }
    out
}

/// The findings the importer read, as YAML under `key` (the list the text says they are,
/// unless the caller names one), with the lines it did not place kept as comments above.
pub fn findings_yaml(found: &Findings, key: Option<&str>) -> String {
    let mut out = String::new();
    for (line, text) in &found.left_out {
        out.push_str(&format!(
            "# not a finding (line {line}): {}\n",
            yaml_quote(text)
        ));
    }
    out.push_str(&yaml(key.unwrap_or(found.key), &found.entries));
    out
}

/// A number as the report writes it: plain when it is a whole number, else quoted (YAML
/// would read `1.10` as a decimal).
fn number_yaml(n: &str) -> String {
    let whole = !n.is_empty() && n.len() < 10 && n.chars().all(|c| c.is_ascii_digit());
    if whole && !n.starts_with('0') {
        n.to_owned()
    } else {
        yaml_quote(n)
    }
}

/// One finding at `indent` spaces, its sub-points and its own recommendations.
fn entry_yaml(out: &mut String, e: &Entry, index: usize, indent: usize) {
    let pad = " ".repeat(indent);
    let number = e
        .number
        .as_deref()
        .map_or_else(|| (index + 1).to_string(), number_yaml);
    out.push_str(&format!("{pad}- number: {number}\n"));
    out.push_str(&format!("{pad}  text: {}\n", yaml_quote(&e.text)));
    if let Some((_, words)) = timescale::find(&e.text) {
        out.push_str(&format!(
            "{pad}  timescale: {}\n",
            yaml_quote(&as_written(&e.text, &words))
        ));
    }
    if !e.items.is_empty() {
        if e.numbering != "decimal" {
            out.push_str(&format!("{pad}  numbering: {}\n", e.numbering));
        }
        out.push_str(&format!("{pad}  items:\n"));
        items_yaml(out, &e.items, indent + 4);
    }
    if let Some(a) = &e.addressed_to {
        out.push_str(&format!("{pad}  addressed_to: {}\n", yaml_quote(a)));
    }
    // The force's own answer, then the body's.
    if let Some(f) = &e.force_response {
        out.push_str(&format!("{pad}  force_response: {}\n", yaml_quote(f)));
    }
    if let Some(r) = &e.response {
        out.push_str(&format!("{pad}  response: {}\n", yaml_quote(r)));
    }
    if let Some(s) = &e.status {
        match status(s) {
            Some(known) => out.push_str(&format!("{pad}  status: {known}\n")),
            // A tracker's own word that is not a default status: kept for the drafter.
            None => out.push_str(&format!(
                "{pad}  # status as the tracker gives it: {}; add it to s55.yaml or pick one s55 knows\n",
                yaml_quote(s)
            )),
        }
    }
    if let Some(o) = &e.owner {
        out.push_str(&format!("{pad}  owner: {}\n", yaml_quote(o)));
    }
    for n in &e.notes {
        out.push_str(&format!("{pad}  # {}\n", yaml_quote(n)));
    }
    if !e.recommendations.is_empty() {
        out.push_str(&format!("{pad}  recommendations:\n"));
        for (i, r) in e.recommendations.iter().enumerate() {
            entry_yaml(out, r, i, indent + 4);
        }
    }
}

/// The default status a tracker's word means, where it means one.
fn status(written: &str) -> Option<&'static str> {
    match written.trim().to_lowercase().as_str() {
        "completed" | "complete" | "closed" | "discharged" | "done" => Some("completed"),
        "in progress" | "ongoing" | "open" | "being progressed" => Some("in progress"),
        "not started" | "awaiting review" => Some("not started"),
        "not accepted" => Some("not accepted"),
        "not applicable" | "n/a" => Some("not applicable"),
        _ => None,
    }
}

/// The words of `phrase` (found in lower case) as `text` writes them: "By 31 March 2026".
fn as_written(text: &str, phrase: &str) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let wanted = phrase.chars().count();
    let chars: Vec<(usize, char)> = flat.char_indices().collect();
    for start in 0..chars.len() {
        let Some(end) = chars
            .get(start + wanted)
            .map(|(i, _)| *i)
            .or_else(|| (start + wanted == chars.len()).then_some(flat.len()))
        else {
            break;
        };
        let slice = &flat[chars[start].0..end];
        if slice.to_lowercase() == phrase {
            return slice.to_owned();
        }
    }
    phrase.to_owned()
}
