//! Writing what the importers found as YAML: every text from the paste as a double-quoted
//! scalar, so nothing in it can be read as YAML syntax.

use super::Entry;
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
    let mut out = format!("{key}:\n");
    for (i, e) in entries.iter().enumerate() {
        out.push_str(&format!(
            "  - number: {}\n",
            e.number.unwrap_or(i as u32 + 1)
        ));
        out.push_str(&format!("    text: {}\n", yaml_quote(&e.text)));
        if let Some((_, words)) = timescale::find(&e.text) {
            out.push_str(&format!(
                "    timescale: {}\n",
                yaml_quote(&as_written(&e.text, &words))
            ));
        }
        if !e.items.is_empty() {
            if e.numbering != "decimal" {
                out.push_str(&format!("    numbering: {}\n", e.numbering));
            }
            out.push_str("    items:\n");
            items_yaml(&mut out, &e.items, 6);
        }
        if let Some(r) = &e.response {
            out.push_str(&format!("    response: {}\n", yaml_quote(r)));
        }
        if let Some(s) = &e.status {
            match status(s) {
                Some(known) => out.push_str(&format!("    status: {known}\n")),
                // A tracker's own word that is not a default status: kept for the drafter.
                None => out.push_str(&format!(
                    "    # status as the tracker gives it: {}; add it to s55.yaml or pick one s55 knows\n",
                    yaml_quote(s)
                )),
            }
        }
        if let Some(o) = &e.owner {
            out.push_str(&format!("    owner: {}\n", yaml_quote(o)));
        }
    }
    if entries.is_empty() {
        out = format!("{key}: []\n");
    }
    out
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
