//! Field paths to lines and columns: where in the YAML text a problem is.

use std::collections::HashMap;

use crate::diag::{FieldPath, Position, Step};

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
}
