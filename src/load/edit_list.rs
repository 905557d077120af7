//! Adding, removing and reordering whole entries of a response file's text in place: a
//! finding or a sub-point in its list, a progress entry, or a field as a whole (`draft:`
//! when a response is made final). What [`super::edit`] does for one value, this does for
//! one entry: the rest of the file (its comments, its order, its layout) stays byte for
//! byte, and the new text must read back as the old one with that one change made, or
//! nothing is changed.
//!
//! An entry of a list is its lines, from the line of its `-` to the line before the next
//! entry's (the last one's to the line its last value ends on), so the comments written
//! inside an entry go with it when it moves.

use serde_yaml::Value;

use super::edit::{Index, Kind, Node};
use crate::diag::{FieldPath, Step};

/// One change to the file's entries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListEdit {
    /// Takes out an entry of a list (`recommendations[2]`) or a field with its value
    /// (`draft`).
    Remove(FieldPath),
    /// Swaps an entry of a list with the one before it.
    Up(FieldPath),
    /// Swaps an entry of a list with the one after it.
    Down(FieldPath),
    /// Adds an entry at the end of a list (made when the mapping that should hold it lacks
    /// it): its fields in order, each value written as one line or a block of text.
    Append {
        /// The list, such as `recommendations` or `recommendations[0].progress`.
        list: FieldPath,
        /// The new entry's fields and their values.
        fields: Vec<(String, String)>,
    },
    /// Adds whole entries, written as YAML, to a list: a finding with its sub-points and its
    /// own recommendations, which [`ListEdit::Append`]'s one-line fields cannot hold.
    Insert {
        /// The list, such as `recommendations` or `causes_of_concern[0].recommendations`.
        list: FieldPath,
        /// The entries as a block list at column 0 (`- number: 1` …, comments among them
        /// allowed), indented here as the list's entries are.
        entries: String,
        /// The entry they go before; after the last when `None` (or past the end).
        before: Option<usize>,
        /// Where a list the mapping lacks is made: after the first of these fields that the
        /// mapping has, else at the mapping's end.
        after: Vec<String>,
    },
}

/// Makes the change in the text: the new text, or why it cannot be made (nothing changed).
pub fn apply(text: &str, edit: &ListEdit) -> Result<String, String> {
    if let Err(d) = super::chars::separators(text) {
        return Err(d.message);
    }
    if let ListEdit::Append { list, fields } = edit {
        for (key, value) in fields {
            if let Some(c) = super::scalar::refused_char(value) {
                return Err(super::scalar::refusal(&list.key(key).to_string(), c));
            }
        }
    }
    if let ListEdit::Insert { list, entries, .. } = edit
        && let Some(c) = super::scalar::refused_char(entries)
    {
        return Err(super::scalar::refusal(&list.to_string(), c));
    }
    let index = Index::new(text)?;
    let out = match edit {
        ListEdit::Remove(path) => match path.0.last() {
            Some(Step::Index(i)) => remove_item(text, &index, path, *i)?,
            Some(Step::Key(_)) => remove_field(text, &index, path)?,
            None => return Err("the whole file cannot be removed".to_owned()),
        },
        ListEdit::Up(path) | ListEdit::Down(path) => {
            let (list, i) = split(path)?;
            let j = if matches!(edit, ListEdit::Up(_)) {
                i.checked_sub(1)
                    .ok_or_else(|| format!("`{path}` is already the first"))?
            } else {
                i + 1
            };
            swap(text, &index, &list, i.min(j))?
        }
        ListEdit::Append { list, fields } => append(text, &index, list, fields)?,
        ListEdit::Insert {
            list,
            entries,
            before,
            after,
        } => insert(text, &index, list, entries, *before, after)?,
    };
    reads_back(text, &out, edit)?;
    Ok(out)
}

/// The list an entry's path is in, and its place there.
fn split(path: &FieldPath) -> Result<(FieldPath, usize), String> {
    match path.0.last() {
        Some(Step::Index(i)) => Ok((path.parent().unwrap_or_default(), *i)),
        _ => Err(format!("`{path}` is not an entry of a list")),
    }
}

/// Where line `at` starts.
fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

/// Where the line holding `at` ends, its line break included.
fn line_end(text: &str, at: usize) -> usize {
    text[at..].find('\n').map_or(text.len(), |i| at + i + 1)
}

/// The list at `path`, written as a block (one `-` entry per line).
fn block_list<'a>(text: &str, index: &'a Index, path: &FieldPath) -> Result<&'a Node, String> {
    let node = index
        .nodes
        .get(path)
        .ok_or_else(|| format!("the file has no `{path}`"))?;
    if node.kind != Kind::Seq {
        return Err(format!("`{path}` is not a list"));
    }
    if text[node.start..].starts_with('[') {
        return Err(format!(
            "`{path}` is written in brackets, so s55 cannot change its entries: write it with one `-` entry per line"
        ));
    }
    Ok(node)
}

/// How many entries the list at `path` has.
fn count(index: &Index, path: &FieldPath) -> usize {
    (0..)
        .take_while(|i| index.nodes.contains_key(&path.index(*i)))
        .count()
}

/// The bytes entry `i` of the list at `path` takes, whole lines, and the column of its `-`.
fn entry(
    text: &str,
    index: &Index,
    path: &FieldPath,
    i: usize,
) -> Result<(usize, usize, usize), String> {
    let item = path.index(i);
    let node = index
        .nodes
        .get(&item)
        .ok_or_else(|| format!("the file has no `{item}`"))?;
    let start = line_start(text, node.start);
    let before = &text[start..node.start];
    let dash = before.len() - before.trim_start().len();
    let rest = before.trim_start();
    if !(rest.starts_with('-') && rest[1..].trim().is_empty()) {
        return Err(format!(
            "`{item}` does not start its own line with `-`, so s55 cannot move or remove it: write each entry on lines of its own"
        ));
    }
    let end = match index.nodes.get(&path.index(i + 1)) {
        Some(next) => line_start(text, next.start),
        None => line_end(text, node.end),
    };
    Ok((start, end, dash))
}

fn remove_item(text: &str, index: &Index, item: &FieldPath, i: usize) -> Result<String, String> {
    let list = item.parent().unwrap_or_default();
    let node = block_list(text, index, &list)?;
    let (start, end, _) = entry(text, index, &list, i)?;
    if count(index, &list) > 1 {
        return Ok(format!("{}{}", &text[..start], &text[end..]));
    }
    // The last entry: the list stays, empty, as `key: []`.
    let Some((_, key_end, _)) = node.key else {
        return Err(format!("`{list}` cannot be left empty"));
    };
    let colon = text[key_end..]
        .find(':')
        .map(|c| key_end + c + 1)
        .ok_or_else(|| format!("`{list}` has no colon after its name"))?;
    Ok(format!(
        "{} []{}{}",
        &text[..colon],
        &text[colon..start],
        &text[end..]
    ))
}

fn remove_field(text: &str, index: &Index, path: &FieldPath) -> Result<String, String> {
    let node = index
        .nodes
        .get(path)
        .ok_or_else(|| format!("the file has no `{path}`"))?;
    let Some((key_start, _, _)) = node.key else {
        return Err(format!("`{path}` is not a field"));
    };
    let start = line_start(text, key_start);
    if !text[start..key_start].trim().is_empty() {
        return Err(format!(
            "`{path}` shares its line with other fields, so s55 cannot remove it: write it on a line of its own"
        ));
    }
    Ok(format!(
        "{}{}",
        &text[..start],
        &text[line_end(text, node.end.max(key_start))..]
    ))
}

fn swap(text: &str, index: &Index, list: &FieldPath, i: usize) -> Result<String, String> {
    block_list(text, index, list)?;
    if i + 1 >= count(index, list) {
        return Err(format!("`{}` is already the last", list.index(i)));
    }
    let (a_start, a_end, _) = entry(text, index, list, i)?;
    let (b_start, b_end, _) = entry(text, index, list, i + 1)?;
    let mut a = text[a_start..a_end].to_owned();
    let mut b = text[b_start..b_end].to_owned();
    // The last entry may end without a line break; the one moved before another needs one.
    if !b.ends_with('\n') {
        b.push('\n');
        a = a.trim_end_matches('\n').to_owned();
    }
    Ok(format!(
        "{}{b}{}{a}{}",
        &text[..a_start],
        &text[a_end..b_start],
        &text[b_end..]
    ))
}

/// A value after its key: a whole number (a finding's `number`) plain, as an office writes
/// it, anything else as [`super::scalar::block`] writes a text.
fn value_text(value: &str, key_col: usize) -> String {
    let whole = !value.is_empty()
        && value.len() < 10
        && !value.starts_with('0')
        && value.bytes().all(|b| b.is_ascii_digit());
    if whole {
        format!(" {value}")
    } else {
        super::scalar::block(value, key_col)
    }
}

/// An entry's lines with its `-` at column `dash`.
fn entry_text(fields: &[(String, String)], dash: usize) -> String {
    let pad = " ".repeat(dash);
    let mut out = String::new();
    for (n, (key, value)) in fields.iter().enumerate() {
        let lead = if n == 0 { "- " } else { "  " };
        out.push_str(&format!(
            "{pad}{lead}{key}:{}\n",
            value_text(value, dash + 2)
        ));
    }
    out
}

fn append(
    text: &str,
    index: &Index,
    list: &FieldPath,
    fields: &[(String, String)],
) -> Result<String, String> {
    if fields.is_empty() {
        return Err("an entry needs at least one field".to_owned());
    }
    // One entry of one-line fields is a list of one entry: added as any entries are.
    insert(text, index, list, &entry_text(fields, 0), None, &[])
}

/// Entries written at column 0, each line moved to column `col` (blank lines stay blank, so a
/// block text keeps its lines as they were).
fn indented(entries: &str, col: usize) -> String {
    let pad = " ".repeat(col);
    let mut out = String::new();
    for line in entries.lines() {
        if !line.trim().is_empty() {
            out.push_str(&pad);
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

/// Where the last entry of a list ends once the comments written inside it after its last
/// value (indented deeper than its `-`) are counted: they stay with it, before what is added.
fn with_own_comments(text: &str, mut end: usize, dash: usize) -> usize {
    while end < text.len() {
        let next = line_end(text, end);
        let line = &text[end..next];
        let body = line.trim_start();
        if !body.starts_with('#') || line.len() - body.len() <= dash {
            break;
        }
        end = next;
    }
    end
}

fn insert(
    text: &str,
    index: &Index,
    list: &FieldPath,
    entries: &str,
    before: Option<usize>,
    after: &[String],
) -> Result<String, String> {
    if !entries.trim_start().starts_with(['-', '#']) {
        return Err("the entries to add are not a list".to_owned());
    }
    let n = count(index, list);
    match index.nodes.get(list) {
        Some(_) if n > 0 => {
            block_list(text, index, list)?;
            if let Some(i) = before.filter(|i| *i < n) {
                let (start, _, dash) = entry(text, index, list, i)?;
                return Ok(format!(
                    "{}{}{}",
                    &text[..start],
                    indented(entries, dash),
                    &text[start..]
                ));
            }
            let (_, end, dash) = entry(text, index, list, n - 1)?;
            let end = with_own_comments(text, end, dash);
            let sep = if text[..end].ends_with('\n') {
                ""
            } else {
                "\n"
            };
            Ok(format!(
                "{}{sep}{}{}",
                &text[..end],
                indented(entries, dash),
                &text[end..]
            ))
        }
        Some(node) => {
            // An empty list (`key: []`, or `key:` with nothing): its value becomes the entries.
            let Some((_, key_end, col)) = node.key else {
                return Err(format!("`{list}` is not a field s55 can add to"));
            };
            let colon = text[key_end..]
                .find(':')
                .map(|c| key_end + c + 1)
                .ok_or_else(|| format!("`{list}` has no colon after its name"))?;
            let value_end = if text[node.start..].starts_with("[]") {
                node.start + 2
            } else if node.kind == Kind::Seq
                || text[node.start..node.end.max(node.start)].trim().is_empty()
            {
                colon
            } else {
                return Err(format!("`{list}` holds a value, not a list"));
            };
            let rest_start = line_end(text, value_end);
            let comment = text[value_end..rest_start].trim_end_matches('\n');
            Ok(format!(
                "{}{comment}\n{}{}",
                &text[..colon],
                indented(entries, col + 2),
                &text[rest_start..]
            ))
        }
        None => {
            let Some(Step::Key(key)) = list.0.last() else {
                return Err(format!("the file has no `{list}`"));
            };
            let parent = list.parent().unwrap_or_default();
            let node = index
                .nodes
                .get(&parent)
                .ok_or_else(|| format!("the file has no `{parent}`"))?;
            let (Kind::Map { flow: false }, Some(col)) = (node.kind, node.key_col) else {
                return Err(format!(
                    "`{parent}` is not written as a block of fields, so s55 cannot add `{key}` to it: write it with one field per line"
                ));
            };
            let end = after
                .iter()
                .find_map(|k| index.nodes.get(&parent.key(k)))
                .map_or(node.end, |sibling| sibling.end);
            let at = line_end(text, end);
            let sep = if text[..at].ends_with('\n') || at == 0 {
                ""
            } else {
                "\n"
            };
            // A list of the file's top level stands apart from the field before it, as the
            // top-level lists of a response file do.
            let gap = if parent.is_root() && at > 0 { "\n" } else { "" };
            Ok(format!(
                "{}{sep}{gap}{}{key}:\n{}{}",
                &text[..at],
                " ".repeat(col),
                indented(entries, col + 2),
                &text[at..]
            ))
        }
    }
}

/// Checks that the new text reads as the old one with the one change made, and nothing else.
fn reads_back(old: &str, new: &str, edit: &ListEdit) -> Result<(), String> {
    let broken = |why: String| {
        format!("the changed file would not read back as it should ({why}); nothing was written")
    };
    let mut expected: Value =
        serde_yaml::from_str(old).map_err(|e| broken(format!("the file: {e}")))?;
    let got: Value = serde_yaml::from_str(new).map_err(|e| broken(format!("the new text: {e}")))?;
    let parent_of = |p: &FieldPath| p.parent().unwrap_or_default();
    match edit {
        ListEdit::Remove(path) => match path.0.last() {
            Some(Step::Index(i)) => {
                if let Some(Value::Sequence(s)) = slot(&mut expected, &parent_of(path))
                    && *i < s.len()
                {
                    s.remove(*i);
                }
            }
            Some(Step::Key(k)) => {
                if let Some(Value::Mapping(m)) = slot(&mut expected, &parent_of(path)) {
                    m.remove(k.as_str());
                }
            }
            None => {}
        },
        ListEdit::Up(path) | ListEdit::Down(path) => {
            if let (Some(Value::Sequence(s)), Some(Step::Index(i))) =
                (slot(&mut expected, &parent_of(path)), path.0.last())
            {
                let j = if matches!(edit, ListEdit::Up(_)) {
                    i.wrapping_sub(1)
                } else {
                    i + 1
                };
                if *i < s.len() && j < s.len() {
                    s.swap(*i, j);
                }
            }
        }
        ListEdit::Append { list, fields } => {
            let mut item = serde_yaml::Mapping::new();
            for (k, v) in fields {
                let written = format!("k:{}\n", value_text(v, 0));
                let value = serde_yaml::from_str::<Value>(&written)
                    .ok()
                    .and_then(|m| m.get("k").cloned())
                    .unwrap_or(Value::Null);
                item.insert(Value::String(k.clone()), value);
            }
            let parent = parent_of(list);
            let key = list.0.last().and_then(|s| s.as_key()).unwrap_or_default();
            let holder = slot(&mut expected, &parent);
            match holder {
                Some(Value::Mapping(m)) => {
                    let entry = m
                        .entry(Value::String(key.to_owned()))
                        .or_insert(Value::Sequence(Vec::new()));
                    if entry.is_null() {
                        *entry = Value::Sequence(Vec::new());
                    }
                    if let Value::Sequence(s) = entry {
                        s.push(Value::Mapping(item));
                    }
                }
                Some(Value::Sequence(s)) => {
                    if let Some(Step::Index(i)) = list.0.last()
                        && let Some(Value::Sequence(inner)) = s.get_mut(*i)
                    {
                        inner.push(Value::Mapping(item));
                    }
                }
                _ => {}
            }
        }
        ListEdit::Insert {
            list,
            entries,
            before,
            ..
        } => {
            let added: Vec<Value> = serde_yaml::from_str::<Option<Vec<Value>>>(entries)
                .map_err(|e| broken(format!("the entries to add: {e}")))?
                .unwrap_or_default();
            let parent = parent_of(list);
            let key = list.0.last().and_then(|s| s.as_key()).unwrap_or_default();
            if let Some(Value::Mapping(m)) = slot(&mut expected, &parent) {
                let entry = m
                    .entry(Value::String(key.to_owned()))
                    .or_insert(Value::Sequence(Vec::new()));
                if entry.is_null() {
                    *entry = Value::Sequence(Vec::new());
                }
                if let Value::Sequence(s) = entry {
                    let at = before.unwrap_or(s.len()).min(s.len());
                    s.splice(at..at, added);
                }
            }
        }
    }
    if got != expected {
        return Err(broken("other fields would change".to_owned()));
    }
    Ok(())
}

/// The value at `path`.
fn slot<'a>(value: &'a mut Value, path: &FieldPath) -> Option<&'a mut Value> {
    let mut v = value;
    for step in &path.0 {
        v = match step {
            Step::Key(k) => v.as_mapping_mut()?.get_mut(k.as_str())?,
            Step::Index(i) => v.as_sequence_mut()?.get_mut(*i)?,
        };
    }
    Some(v)
}

#[cfg(test)]
mod tests;
