//! Changing values in a response file's YAML text in place: the rest of the file (its
//! comments, its order, its layout) stays as the office wrote it.
//!
//! Each value is found by its field path in the YAML event stream, which gives every node's
//! span; a value is replaced where it stands, and a field the file lacks is added at the end
//! of the mapping that should hold it, indented as that mapping's keys are.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle};

use crate::diag::{FieldPath, Step};

/// One change: the field and its new text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The field, such as `recommendations[2].response` or `sections[1].text.cy`.
    pub path: FieldPath,
    /// Its new value (Markdown or plain text).
    pub value: String,
}

/// Where a change went in the text, for showing it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hunk {
    /// The field changed.
    pub path: FieldPath,
    /// The line (from 1) the change starts on, in the old text.
    pub line: usize,
    /// The old text's lines that the change replaced (none for an added field).
    pub old: Vec<String>,
    /// The new text's lines.
    pub new: Vec<String>,
}

/// A field the file lacks: the keys still to write below the mapping that will hold it,
/// its value, and its whole path.
type Missing = (Vec<String>, String, FieldPath);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Scalar { block: bool },
    Map { flow: bool },
    Seq,
}

#[derive(Debug, Clone)]
pub(super) struct Node {
    pub(super) kind: Kind,
    /// Where the value starts and ends (bytes), trailing blank space left out.
    pub(super) start: usize,
    pub(super) end: usize,
    /// For a mapping's entry: where its key starts and ends (bytes), and the key's column.
    pub(super) key: Option<(usize, usize, usize)>,
    /// For a mapping: the column of its keys.
    pub(super) key_col: Option<usize>,
}

/// Every node of the text by its path.
pub(super) struct Index {
    pub(super) nodes: HashMap<FieldPath, Node>,
}

enum Frame {
    Map {
        path: FieldPath,
        key: Option<(String, usize, usize, usize)>,
    },
    Seq {
        path: FieldPath,
        next: usize,
    },
}

/// Byte offsets of the text's characters (saphyr counts in characters).
struct Offsets(Vec<usize>);

impl Offsets {
    fn new(text: &str) -> Self {
        let mut v: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        v.push(text.len());
        Offsets(v)
    }
    fn byte(&self, char_index: usize) -> usize {
        self.0
            .get(char_index)
            .copied()
            .unwrap_or_else(|| self.0.last().copied().unwrap_or(0))
    }
}

impl Index {
    pub(super) fn new(text: &str) -> Result<Index, String> {
        let offsets = Offsets::new(text);
        let mut nodes: HashMap<FieldPath, Node> = HashMap::new();
        let mut stack: Vec<Frame> = Vec::new();
        // The end of the last value read, so that a collection ends where its last value does.
        let mut last_end = 0usize;
        for item in Parser::new_from_str(text) {
            let (event, span) = item.map_err(|e| format!("the YAML cannot be read: {e}"))?;
            let start = offsets.byte(span.start.index());
            let end = offsets.byte(span.end.index());
            match &event {
                Event::MappingEnd | Event::SequenceEnd => {
                    let path = match stack.pop() {
                        Some(Frame::Map { path, .. } | Frame::Seq { path, .. }) => path,
                        None => continue,
                    };
                    if let Some(n) = nodes.get_mut(&path) {
                        n.end = n.end.max(last_end);
                    }
                    continue;
                }
                Event::Scalar(..)
                | Event::Alias(..)
                | Event::MappingStart(..)
                | Event::SequenceStart(..) => {}
                _ => continue,
            }
            // Which path this node stands at; a mapping's key is recorded for its value.
            let (path, key) = match stack.last_mut() {
                None => (FieldPath::root(), None),
                Some(Frame::Seq { path, next }) => {
                    let p = path.index(*next);
                    *next += 1;
                    (p, None)
                }
                Some(Frame::Map { path, key }) => match key.take() {
                    Some((k, ks, ke, col)) => (path.key(&k), Some((ks, ke, col))),
                    None => {
                        if let Event::Scalar(s, ..) = &event {
                            *key = Some((s.to_string(), start, end, span.start.col()));
                            if let Some(n) = nodes.get_mut(path)
                                && n.key_col.is_none()
                            {
                                n.key_col = Some(span.start.col());
                            }
                            continue;
                        }
                        return Err("the file uses a mapping as a key".to_owned());
                    }
                },
            };
            match &event {
                Event::Scalar(_, style, ..) => {
                    let end = start + text[start..end.max(start)].trim_end().len();
                    let block = matches!(style, ScalarStyle::Literal | ScalarStyle::Folded);
                    last_end = end;
                    nodes.insert(
                        path,
                        Node {
                            kind: Kind::Scalar { block },
                            start,
                            end,
                            key,
                            key_col: None,
                        },
                    );
                }
                Event::Alias(..) => {
                    last_end = end;
                    nodes.insert(
                        path,
                        Node {
                            kind: Kind::Scalar { block: false },
                            start,
                            end,
                            key,
                            key_col: None,
                        },
                    );
                }
                Event::MappingStart(..) => {
                    let flow = text[start..].starts_with('{');
                    nodes.insert(
                        path.clone(),
                        Node {
                            kind: Kind::Map { flow },
                            start,
                            end: start,
                            key,
                            key_col: None,
                        },
                    );
                    stack.push(Frame::Map { path, key: None });
                }
                Event::SequenceStart(..) => {
                    nodes.insert(
                        path.clone(),
                        Node {
                            kind: Kind::Seq,
                            start,
                            end: start,
                            key,
                            key_col: None,
                        },
                    );
                    stack.push(Frame::Seq { path, next: 0 });
                }
                _ => {}
            }
        }
        propagate_ends(&mut nodes);
        Ok(Index { nodes })
    }
}

/// A collection's end is its last value's: ends carried up to every ancestor.
fn propagate_ends(nodes: &mut HashMap<FieldPath, Node>) {
    let mut paths: Vec<FieldPath> = nodes.keys().cloned().collect();
    paths.sort_by_key(|p| std::cmp::Reverse(p.0.len()));
    for p in paths {
        let end = nodes.get(&p).map_or(0, |n| n.end);
        let mut up = p.parent();
        while let Some(parent) = up {
            if let Some(n) = nodes.get_mut(&parent) {
                n.end = n.end.max(end);
            }
            up = parent.parent();
        }
    }
}

/// Applies the changes to the text. Returns the new text and where each change went, in the
/// order of the file; or why a change cannot be made.
pub fn apply(text: &str, changes: &[Change]) -> Result<(String, Vec<Hunk>), String> {
    for change in changes {
        if let Some(c) = super::scalar::refused_char(&change.value) {
            return Err(super::scalar::refusal(&change.path.to_string(), c));
        }
    }
    // The text's own line breaks must be the ones every reader sees, or the spans found
    // below would not be where serde_yaml reads the values.
    if let Err(d) = super::chars::separators(text) {
        return Err(d.message);
    }
    let (out, hunks) = splice(text, changes)?;
    reads_back(text, &out, changes)?;
    Ok((out, hunks))
}

/// The changes made in the text, unchecked.
fn splice(text: &str, changes: &[Change]) -> Result<(String, Vec<Hunk>), String> {
    let index = Index::new(text)?;
    // (start, end, replacement, path): spans of the old text and what replaces them.
    let mut edits: Vec<(usize, usize, String, FieldPath)> = Vec::new();
    // Fields the file lacks, grouped by the mapping that will hold them.
    let mut missing: Vec<(FieldPath, Vec<Missing>)> = Vec::new();
    for change in changes {
        match index.nodes.get(&change.path) {
            Some(node) => {
                let (start, replacement) = replace(text, node, &change.value, &change.path)?;
                edits.push((start, node.end, replacement, change.path.clone()));
            }
            None => {
                // The deepest mapping the file has on the way to the field.
                let mut at = change.path.clone();
                let mut rest: Vec<String> = Vec::new();
                loop {
                    let Some(Step::Key(k)) = at.0.last().cloned() else {
                        return Err(format!("the file has no place for `{}`", change.path));
                    };
                    rest.insert(0, k);
                    at = at.parent().unwrap_or_default();
                    if index.nodes.contains_key(&at) {
                        break;
                    }
                }
                match missing.iter_mut().find(|(p, _)| *p == at) {
                    Some((_, list)) => list.push((rest, change.value.clone(), change.path.clone())),
                    None => {
                        missing.push((at, vec![(rest, change.value.clone(), change.path.clone())]))
                    }
                }
            }
        }
    }
    for (parent, fields) in missing {
        let Some(node) = index.nodes.get(&parent) else {
            continue;
        };
        let Kind::Map { flow: false } = node.kind else {
            return Err(format!(
                "`{parent}` is not written as a block of fields, so s55 cannot add to it: \
                 write it with one field per line"
            ));
        };
        let col = node
            .key_col
            .ok_or_else(|| format!("`{parent}` has no fields to add beside"))?;
        let chunk = added(&fields, col)?;
        // After the line the mapping's last value ends on.
        let at = text[node.end..]
            .find('\n')
            .map_or(text.len(), |i| node.end + i + 1);
        let chunk = if at == text.len() && !text.ends_with('\n') {
            format!("\n{chunk}")
        } else {
            chunk
        };
        let path = fields
            .first()
            .map(|(_, _, p)| p.clone())
            .unwrap_or_default();
        edits.push((at, at, chunk, path));
    }
    // Fields added at the same place (after a cause of concern's last recommendation, which
    // is also the cause's last value) go deepest first: the recommendation's before the
    // cause's, or the cause's keys would end the list and the recommendation's follow them.
    edits.sort_by_key(|e| (e.0, e.1, std::cmp::Reverse(e.3.0.len())));
    for pair in edits.windows(2) {
        if pair[1].0 < pair[0].1 {
            return Err(format!("`{}` and `{}` overlap", pair[0].3, pair[1].3));
        }
    }
    let mut out = String::with_capacity(text.len() + 256);
    let mut hunks = Vec::new();
    let mut pos = 0;
    for (start, end, replacement, path) in edits {
        out.push_str(&text[pos..start]);
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line = text[..start].matches('\n').count() + 1;
        let old_lines: Vec<String> = if start == end {
            Vec::new()
        } else {
            text[line_start..end].lines().map(str::to_owned).collect()
        };
        let new_text = format!("{}{replacement}", &text[line_start..start]);
        hunks.push(Hunk {
            path,
            line,
            old: old_lines,
            new: new_text.lines().map(str::to_owned).collect(),
        });
        out.push_str(&replacement);
        pos = end;
    }
    out.push_str(&text[pos..]);
    Ok((out, hunks))
}

/// The text that replaces a value, and where it starts: after its key's colon, so that a
/// value may change from one line to a block.
fn replace(
    text: &str,
    node: &Node,
    value: &str,
    path: &FieldPath,
) -> Result<(usize, String), String> {
    if !matches!(node.kind, Kind::Scalar { .. }) {
        return Err(format!(
            "`{path}` holds a list or fields, not a text: s55 cannot write a text over it"
        ));
    }
    let flow = is_in_flow(text, node);
    match node.key {
        Some((_, key_end, col)) if !flow => {
            // From just after the key's colon.
            let colon = text[key_end..node.start.max(key_end)]
                .find(':')
                .map_or(key_end, |i| key_end + i + 1);
            Ok((colon, block_value(value, col)))
        }
        _ if node.kind == (Kind::Scalar { block: true }) => Err(format!(
            "`{path}` is a block of text in a list: s55 cannot rewrite it in place"
        )),
        // In `{en: …, cy: …}` or a list: the value alone, quoted where it must be; inside
        // braces or brackets also where it has a comma or a bracket, which would end it.
        _ if flow && value.contains([',', '[', ']', '{', '}']) => {
            Ok((node.start, super::scalar::quoted(value)))
        }
        _ => Ok((node.start, inline_value(value))),
    }
}

/// Whether a value sits inside `{…}` or `[…]`, where a block cannot go.
fn is_in_flow(text: &str, node: &Node) -> bool {
    let before = &text[..node.start];
    let line = before.rfind('\n').map_or(before, |i| &before[i + 1..]);
    let opens = line.matches(['{', '[']).count();
    let closes = line.matches(['}', ']']).count();
    opens > closes
}

fn block_value(value: &str, key_col: usize) -> String {
    super::scalar::block(value, key_col)
}

fn inline_value(value: &str) -> String {
    super::scalar::inline(value)
}

/// Checks that the new text reads, for serde_yaml (the loader), as the old one with the
/// changes made and nothing else: each changed field holds its new value (a block's final
/// line break aside), and every other field is as it was.
fn reads_back(old: &str, new: &str, changes: &[Change]) -> Result<(), String> {
    use serde_yaml::Value;
    let broken = |why: String| {
        format!(
            "the changed file would not read back as the form's words ({why}); nothing was written"
        )
    };
    let mut expected: Value =
        serde_yaml::from_str(old).map_err(|e| broken(format!("the file: {e}")))?;
    let mut got: Value =
        serde_yaml::from_str(new).map_err(|e| broken(format!("the new text: {e}")))?;
    for change in changes {
        let wanted = change.value.trim_end();
        let found = slot(&mut got, &change.path, false)
            .map(|v| std::mem::replace(v, Value::Null))
            .ok_or_else(|| broken(format!("`{}` is not there", change.path)))?;
        match found {
            Value::String(s) if s.trim_end() == wanted => {}
            other => {
                return Err(broken(format!(
                    "`{}` reads as {}",
                    change.path,
                    serde_yaml::to_string(&other).unwrap_or_default().trim()
                )));
            }
        }
        if let Some(v) = slot(&mut expected, &change.path, true) {
            *v = Value::Null;
        }
    }
    if got != expected {
        return Err(broken(
            "fields other than the form's would change".to_owned(),
        ));
    }
    Ok(())
}

/// The value at `path`, made (as a mapping's missing fields) when `make`.
fn slot<'a>(
    value: &'a mut serde_yaml::Value,
    path: &FieldPath,
    make: bool,
) -> Option<&'a mut serde_yaml::Value> {
    use serde_yaml::Value;
    let mut v = value;
    for step in &path.0 {
        v = match step {
            Step::Key(k) => {
                let Value::Mapping(m) = v else { return None };
                let key = Value::String(k.clone());
                if make && !m.contains_key(&key) {
                    m.insert(key.clone(), Value::Null);
                }
                let next = m.get_mut(&key)?;
                if make && next.is_null() {
                    *next = Value::Mapping(Default::default());
                }
                next
            }
            Step::Index(i) => match v {
                Value::Sequence(s) => s.get_mut(*i)?,
                _ => return None,
            },
        };
    }
    Some(v)
}

/// The lines that add missing fields to a mapping whose keys are at column `col`: each
/// field's remaining keys nested, values indented under them.
fn added(fields: &[Missing], col: usize) -> Result<String, String> {
    let mut out = String::new();
    // Fields under the same key together, in the order each key first comes: a bilingual
    // form gives the English answer with the English edition's fields and the Welsh one
    // with the Welsh, and `force_response:` must hold both once.
    let mut firsts: Vec<&str> = Vec::new();
    for (keys, _, _) in fields {
        let first = keys.first().map_or("", String::as_str);
        if !firsts.contains(&first) {
            firsts.push(first);
        }
    }
    let mut fields: Vec<&Missing> = fields.iter().collect();
    fields.sort_by_key(|(keys, _, _)| {
        let first = keys.first().map_or("", String::as_str);
        firsts.iter().position(|f| *f == first)
    });
    // Keys already written at each depth, so that `text: {en, cy}` is written once.
    let mut open: Vec<String> = Vec::new();
    for (keys, value, _) in fields {
        let common = open.iter().zip(keys).take_while(|(a, b)| a == b).count();
        open.truncate(common);
        for (depth, key) in keys.iter().enumerate().skip(common) {
            let pad = " ".repeat(col + 2 * depth);
            if depth + 1 == keys.len() {
                out.push_str(&format!(
                    "{pad}{key}:{}\n",
                    block_value(value, col + 2 * depth)
                ));
            } else {
                out.push_str(&format!("{pad}{key}:\n"));
                open.push(key.clone());
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(path: &str, value: &str) -> Change {
        Change {
            path: FieldPath::parse(path),
            value: value.to_owned(),
        }
    }

    fn value_at(text: &str, path: &str) -> serde_yaml::Value {
        let mut v: serde_yaml::Value = serde_yaml::from_str(text).unwrap();
        for step in FieldPath::parse(path).0 {
            v = match step {
                Step::Key(k) => v.get(k.as_str()).cloned().unwrap(),
                Step::Index(i) => v.get(i).cloned().unwrap(),
            };
        }
        v
    }

    const FILE: &str = "# The response\nforce: Northshire Police  # as the report names it\nsections:\n  - kind: comments\n    text: |\n      Old words.\n\n      A second paragraph.\n\n  - kind: chief-officer-comments\n    text: One line.\nrecommendations:\n  - number: 1\n    text: Do this.\n    status: not started\n  - number: 2\n    text: {en: Do that., cy: Gwnewch hynny.}\n";

    #[test]
    fn replaces_a_block_and_keeps_the_rest() {
        let (out, hunks) = apply(
            FILE,
            &[change(
                "sections[0].text",
                "New words.\n\nWith **two** paragraphs.",
            )],
        )
        .unwrap();
        assert_eq!(
            value_at(&out, "sections[0].text").as_str(),
            Some("New words.\n\nWith **two** paragraphs.\n")
        );
        assert!(out.starts_with("# The response\nforce: Northshire Police  # as the report"));
        assert_eq!(
            value_at(&out, "sections[1].text").as_str(),
            Some("One line.")
        );
        assert_eq!(hunks[0].line, 5);
        assert_eq!(hunks[0].old[0], "    text: |");
    }

    #[test]
    fn a_line_becomes_a_block_and_a_block_a_line() {
        let (out, _) = apply(
            FILE,
            &[
                change("sections[1].text", "Two\nlines"),
                change("sections[0].text", "one: with a colon"),
            ],
        )
        .unwrap();
        assert_eq!(
            value_at(&out, "sections[1].text").as_str(),
            Some("Two\nlines\n")
        );
        assert_eq!(
            value_at(&out, "sections[0].text").as_str(),
            Some("one: with a colon")
        );
    }

    #[test]
    fn adds_missing_fields_at_the_mapping_s_indent() {
        let (out, _) = apply(
            FILE,
            &[
                change("recommendations[0].owner", "Head of Performance"),
                change(
                    "recommendations[0].force_response",
                    "We have begun.\n\nMore.",
                ),
                change("recommendations[1].status", "in progress"),
            ],
        )
        .unwrap();
        assert_eq!(
            value_at(&out, "recommendations[0].owner").as_str(),
            Some("Head of Performance")
        );
        assert_eq!(
            value_at(&out, "recommendations[0].force_response").as_str(),
            Some("We have begun.\n\nMore.\n")
        );
        assert_eq!(
            value_at(&out, "recommendations[1].status").as_str(),
            Some("in progress")
        );
        assert_eq!(
            value_at(&out, "recommendations[0].status").as_str(),
            Some("not started")
        );
    }

    #[test]
    fn writes_inside_a_flow_mapping_and_adds_both_languages() {
        let (out, _) = apply(
            FILE,
            &[
                change("recommendations[1].text.cy", "Testun newydd:\nail linell"),
                change("recommendations[0].response.en", "Done."),
                change("recommendations[0].response.cy", "Wedi’i wneud."),
            ],
        )
        .unwrap();
        assert_eq!(
            value_at(&out, "recommendations[1].text.cy").as_str(),
            Some("Testun newydd:\nail linell")
        );
        assert_eq!(
            value_at(&out, "recommendations[1].text.en").as_str(),
            Some("Do that.")
        );
        assert_eq!(
            value_at(&out, "recommendations[0].response.cy").as_str(),
            Some("Wedi’i wneud.")
        );
        assert_eq!(
            value_at(&out, "recommendations[0].response.en").as_str(),
            Some("Done.")
        );
    }

    #[test]
    fn values_that_yaml_would_read_otherwise_are_quoted() {
        for v in ["yes", "12", "- a", "#x", "a # b", " lead", "null", "'q'"] {
            let (out, _) = apply(FILE, &[change("recommendations[0].status", v)]).unwrap();
            assert_eq!(
                value_at(&out, "recommendations[0].status").as_str(),
                Some(v),
                "{out}"
            );
        }
    }

    const NESTED: &str = "causes_of_concern:\n  - number: 1\n    text: Calls.\n    recommendations:\n      - number: \"1.1\"\n        text: Answer.\n        status: in progress\n      - number: \"1.2\"\n        text: Review.\n  - number: 2\n    text: Crime.\n";

    #[test]
    fn a_cause_s_new_fields_go_after_its_last_recommendation_s() {
        // Both the last recommendation and the cause that holds it lack fields: the
        // recommendation's are written first, deeper, then the cause's at its own indent.
        let (out, hunks) = apply(
            NESTED,
            &[
                change("causes_of_concern[0].force_response", "We accept it."),
                change("causes_of_concern[0].status", "in progress"),
                change(
                    "causes_of_concern[0].recommendations[1].force_response",
                    "Asked.\n\nTwice.",
                ),
                change(
                    "causes_of_concern[0].recommendations[1].owner",
                    "Head of Contact",
                ),
            ],
        )
        .unwrap();
        assert_eq!(
            value_at(&out, "causes_of_concern[0].force_response").as_str(),
            Some("We accept it.")
        );
        assert_eq!(
            value_at(
                &out,
                "causes_of_concern[0].recommendations[1].force_response"
            )
            .as_str(),
            Some("Asked.\n\nTwice.\n")
        );
        assert_eq!(
            value_at(&out, "causes_of_concern[0].recommendations[1].owner").as_str(),
            Some("Head of Contact")
        );
        assert_eq!(
            value_at(&out, "causes_of_concern[1].text").as_str(),
            Some("Crime.")
        );
        assert_eq!(hunks.len(), 2);
    }

    #[test]
    fn an_answer_new_in_both_languages_is_one_key_holding_both() {
        // The Welsh edition's fields come after all of the English edition's.
        let (out, _) = apply(
            FILE,
            &[
                change("recommendations[0].force_response.cy", "Ateb."),
                change("recommendations[0].owner", "Pennaeth"),
                change("recommendations[0].force_response.en", "Answer."),
            ],
        )
        .unwrap();
        assert_eq!(out.matches("force_response:").count(), 1, "{out}");
        assert_eq!(
            value_at(&out, "recommendations[0].force_response.en").as_str(),
            Some("Answer.")
        );
        assert_eq!(
            value_at(&out, "recommendations[0].force_response.cy").as_str(),
            Some("Ateb.")
        );
    }

    #[test]
    fn a_value_with_brackets_or_commas_is_quoted_inside_braces() {
        let (out, _) = apply(
            FILE,
            &[change("recommendations[1].text.cy", "Rhif [1], a {2}")],
        )
        .unwrap();
        assert_eq!(
            value_at(&out, "recommendations[1].text.cy").as_str(),
            Some("Rhif [1], a {2}")
        );
        assert_eq!(
            value_at(&out, "recommendations[1].text.en").as_str(),
            Some("Do that.")
        );
    }

    #[test]
    fn refuses_to_write_a_text_over_a_list() {
        let e = apply(FILE, &[change("sections", "x")]).unwrap_err();
        assert!(e.contains("holds a list or fields"), "{e}");
    }
}
