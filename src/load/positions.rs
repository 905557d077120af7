//! Field paths to lines and columns: where in the YAML text a problem is.

use std::collections::HashMap;

use crate::diag::{FieldPath, Position, Step};

/// Maps field paths to their places in the YAML text.
///
/// Built from the YAML event stream, which carries a span for every key and value. Paths that
/// are not in the file (a missing field) fall back to their nearest parent that is. The paths
/// are kept as a tree, each node a step below its parent, so the map takes memory in
/// proportion to the file, however deep it nests.
#[derive(Debug, Clone)]
pub struct Locator {
    /// Each node's children, by the step to them; node 0 is the document.
    children: HashMap<(usize, Step), usize>,
    /// Where each node's value is.
    values: Vec<Option<Position>>,
    /// Where each node's key is written, when it is a mapping's entry.
    keys: Vec<Option<Position>>,
    /// Keys written a second time in the same mapping, in the order of the file.
    pub duplicates: Vec<Position>,
}

impl Default for Locator {
    fn default() -> Self {
        Locator {
            children: HashMap::default(),
            values: vec![None],
            keys: vec![None],
            duplicates: Vec::new(),
        }
    }
}

enum Frame {
    /// A mapping, and the entry whose key was just read (its value comes next).
    Map {
        node: usize,
        key: Option<usize>,
    },
    Seq {
        node: usize,
        next: usize,
    },
}

impl Locator {
    /// Reads the positions of every key and value in `text`. Stops quietly at a syntax error.
    pub fn new(text: &str) -> Self {
        let mut reading = Reading::new(text);
        for item in saphyr_parser::Parser::new_from_str(text) {
            let Ok((event, span)) = item else { break };
            reading.event(&event, &span);
        }
        reading.done()
    }

    /// The node one step below `parent`, made if it is new.
    fn child(&mut self, parent: usize, step: Step) -> usize {
        let next = self.values.len();
        let id = *self.children.entry((parent, step)).or_insert(next);
        if id == next {
            self.values.push(None);
            self.keys.push(None);
        }
        id
    }

    /// Where the value at `path` is, or its nearest ancestor.
    pub fn position(&self, path: &FieldPath) -> Option<Position> {
        // The whole document is no place to point at: a missing top-level field has none.
        let mut node = 0;
        let mut found = None;
        for step in &path.0 {
            let Some(&id) = self.children.get(&(node, step.clone())) else {
                break;
            };
            node = id;
            found = self.values[id].or(found);
        }
        found
    }

    /// Where the key of the field at `path` is written.
    pub fn key_position(&self, path: &FieldPath) -> Option<Position> {
        let mut node = 0;
        for step in &path.0 {
            node = *self.children.get(&(node, step.clone()))?;
        }
        self.keys.get(node).copied().flatten()
    }
}

/// A [`Locator`] being read from the YAML events, one at a time: so that the pass that
/// checks what a text may cost ([`super::budget`]) reads the positions too, and the text is
/// read once for both.
pub(super) struct Reading<'t> {
    text: &'t str,
    /// Where each line starts, found when a span over several lines first needs it.
    lines: Option<crate::diag::Lines>,
    loc: Locator,
    stack: Vec<Frame>,
}

impl<'t> Reading<'t> {
    /// Ready to read the events of `text`.
    pub(super) fn new(text: &'t str) -> Self {
        let mut loc = Locator::default();
        // About one node per dozen bytes in a real response: growing the map as it fills
        // took a tenth of the time on a large file.
        let nodes = text.len() / 12;
        loc.children.reserve(nodes);
        loc.values.reserve(nodes);
        loc.keys.reserve(nodes);
        Reading {
            text,
            lines: None,
            loc,
            stack: Vec::new(),
        }
    }

    /// Takes in the next event.
    pub(super) fn event(&mut self, event: &saphyr_parser::Event<'_>, span: &saphyr_parser::Span) {
        use saphyr_parser::Event;
        let pos = span_position(self.text, &mut self.lines, span);
        let loc = &mut self.loc;
        // Which path does this node stand at, and is it a mapping key?
        let is_node = matches!(
            event,
            Event::Scalar(..)
                | Event::Alias(..)
                | Event::MappingStart(..)
                | Event::SequenceStart(..)
        );
        if is_node {
            let here = match self.stack.last_mut() {
                None => 0,
                Some(Frame::Map { node, key }) => match key.take() {
                    Some(entry) => entry,
                    None => {
                        // This node is a key. A complex key (a mapping or list used as a
                        // key) names no field: its contents are filed under `?`.
                        if let Event::Scalar(s, ..) = event {
                            let id = loc.child(*node, Step::Key(s.to_string()));
                            if loc.keys[id].replace(pos).is_some() {
                                loc.duplicates.push(pos);
                            }
                            *key = Some(id);
                            return;
                        }
                        loc.child(0, Step::Key("?".to_owned()))
                    }
                },
                Some(Frame::Seq { node, next }) => {
                    *next += 1;
                    let (node, i) = (*node, *next - 1);
                    loc.child(node, Step::Index(i))
                }
            };
            if here != 0 {
                loc.values[here].get_or_insert(pos);
            }
            match event {
                Event::MappingStart(..) => self.stack.push(Frame::Map {
                    node: here,
                    key: None,
                }),
                Event::SequenceStart(..) => self.stack.push(Frame::Seq {
                    node: here,
                    next: 0,
                }),
                _ => {}
            }
        } else if matches!(event, Event::MappingEnd | Event::SequenceEnd) {
            self.stack.pop();
        }
    }

    /// The positions read.
    pub(super) fn done(self) -> Locator {
        self.loc
    }
}

/// Where `words` are first written at or after `start`: the place within a field's text that a
/// problem is at. `None` when they cannot be found as written (a folded or quoted text).
///
/// Words are found within a line, never across the end of one. The rest of the text is
/// searched at once rather than line by line: a search set up for every line below the field
/// cost more than the search itself, and words that are not there were looked for down to the
/// end of the file.
pub fn find_after(text: &str, start: Position, words: &str) -> Option<Position> {
    find_after_in(text, None, start, words)
}

/// [`find_after`] with the line starts of `text` already found, so that its line is found at
/// once.
pub fn find_after_in(
    text: &str,
    lines: Option<&crate::diag::Lines>,
    start: Position,
    words: &str,
) -> Option<Position> {
    if words.contains(['\n', '\r']) {
        return find_after_by_line(text, start, words);
    }
    let skip = start.line.saturating_sub(1);
    let from_byte = lines.map_or_else(|| line_start(text, skip), |l| l.after(skip));
    let rest = &text[from_byte..];
    // The first line as `str::lines` gives it, for the column to start from.
    let first = rest.split('\n').next().unwrap_or("");
    let first = if first.len() < rest.len() {
        first.strip_suffix('\r').unwrap_or(first)
    } else {
        first
    };
    let from = if start.line >= 1 {
        start
            .column
            .checked_sub(1)
            .and_then(|c| first.char_indices().nth(c))
            .map_or(first.len(), |(i, _)| i)
    } else {
        0
    };
    let hit = from + rest[from..].find(words)?;
    let before = &rest[..hit];
    let line_from = before.rfind('\n').map_or(0, |i| i + 1);
    Some(Position {
        line: skip + 1 + memchr::memchr_iter(b'\n', before.as_bytes()).count(),
        column: before[line_from..].chars().count() + 1,
        width: words.chars().count(),
    })
}

/// [`find_after`] line by line, for words that hold a line's end (which no line holds, as
/// `str::lines` splits them).
fn find_after_by_line(text: &str, start: Position, words: &str) -> Option<Position> {
    let skip = start.line.saturating_sub(1);
    let from_byte = line_start(text, skip);
    for (n, line) in (skip..).zip(text[from_byte..].lines()) {
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

/// The byte at which the line after the first `newlines` lines of `text` starts (the end of
/// the text when it has fewer). The newlines are found many bytes at a time (`memchr`),
/// which takes a fraction of the work of splitting every line above the one wanted.
fn line_start(text: &str, newlines: usize) -> usize {
    match newlines.checked_sub(1) {
        None => 0,
        Some(n) => memchr::memchr_iter(b'\n', text.as_bytes())
            .nth(n)
            .map_or(text.len(), |i| i + 1),
    }
}

fn span_position(
    text: &str,
    lines: &mut Option<crate::diag::Lines>,
    span: &saphyr_parser::Span,
) -> Position {
    let line = span.start.line();
    let column = span.start.col() + 1;
    let width = if span.end.line() == line {
        span.end.col().saturating_sub(span.start.col())
    } else {
        let lines = lines.get_or_insert_with(|| crate::diag::Lines::new(text));
        lines.line(text, line).map_or(1, |l| {
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

    /// Going straight to a line finds the lines `str::lines` gives after skipping those
    /// above it, in texts long and short, with and without a last newline.
    #[test]
    fn a_line_is_found_as_lines_finds_it() {
        let long: String = (0..300)
            .map(|i| format!("line {i} {}\n", "x".repeat(i % 90)))
            .collect();
        for text in [
            "",
            "a",
            "a\n",
            "a\nb",
            "\n\n\n",
            long.as_str(),
            &long[..long.len() - 1],
        ] {
            for skip in 0..320 {
                let ours: Vec<&str> = text[line_start(text, skip)..].lines().collect();
                let theirs: Vec<&str> = text.lines().skip(skip).collect();
                assert_eq!(ours, theirs, "skipping {skip} lines");
            }
        }
    }

    /// Searching the rest of the text at once finds what a search line by line finds: the
    /// same line, column and width, or nothing, in texts with `\r\n` and `\n` line ends.
    #[test]
    fn words_are_found_where_a_search_line_by_line_finds_them() {
        let texts = [
            "opening: |\n  The force will act. The plan\n  is due. Section 55(1) applies.\nx: é plan\n",
            "a: one plan\r\nb: two \u{e9}plans\r\nc: plan\r\n",
            "plan",
            "",
            "no end\r",
        ];
        for text in texts {
            for words in ["plan", "Section 55(1)", "é", "absent", "e", "\r"] {
                for line in 0..6 {
                    for column in 1..14 {
                        let start = Position {
                            line,
                            column,
                            width: 1,
                        };
                        let by_line = find_after_by_line(text, start, words);
                        assert_eq!(
                            find_after(text, start, words),
                            by_line,
                            "{words:?} from {line}:{column} in {text:?}"
                        );
                        let lines = crate::diag::Lines::new(text);
                        assert_eq!(find_after_in(text, Some(&lines), start, words), by_line);
                    }
                }
            }
        }
    }

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
}
