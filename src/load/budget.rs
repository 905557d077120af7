//! What a YAML text may cost before it is parsed into values: at most [`MAX_DEPTH`] levels
//! of nesting, and aliases that together add no more than the text's own size.
//!
//! serde_yaml's own limits come too late or count the wrong thing: its scanner takes time
//! growing with the square of the nesting before its depth limit is reached, and it caps the
//! number of alias jumps, not what they expand to, so a short file with one long anchored
//! text repeated can expand to gigabytes. This pre-scan reads the events once, counting the
//! depth and, for every anchor, the size of the node it names (one per event, plus a
//! scalar's bytes), and stops at the first event past either limit: time and memory stay in
//! proportion to the text.

use saphyr_parser::{Event, Parser, Span};

use super::positions::{Locator, Reading};

use crate::diag::{Diagnostic, Position};

/// How deeply a YAML text may nest mappings and lists.
pub const MAX_DEPTH: usize = 128;

/// Size of a node: one per event, plus each scalar's bytes.
struct Frame {
    anchor: usize,
    size: u64,
}

fn too_deep(at: Position) -> Diagnostic {
    Diagnostic::error(format!(
        "the YAML nests deeper than the {MAX_DEPTH} levels s55 reads"
    ))
    .at_position(at)
    .hint("a response nests a few levels deep: check for brackets left open")
}

/// A node of `size` is complete: its anchor (if any) records it, and its parent grows.
fn done(stack: &mut [Frame], anchors: &mut Vec<u64>, anchor: usize, size: u64) {
    if anchor > 0 {
        if anchors.len() <= anchor {
            anchors.resize(anchor + 1, 0);
        }
        anchors[anchor] = size;
    }
    if let Some(parent) = stack.last_mut() {
        parent.size = parent.size.saturating_add(size);
    }
}

/// Checks a YAML text against the limits; the diagnostic says where the limit was passed.
/// A syntax error is left for the parser proper to report, with its own words.
// The error is the diagnostic the user sees, built once per file: its size does not matter.
#[allow(clippy::result_large_err)]
pub fn check(text: &str) -> Result<(), Diagnostic> {
    scan(text, |_, _| {})
}

/// As [`check`], reading the positions of every key and value in the same pass: what a
/// response's loading needs both of, for the price of one reading.
#[allow(clippy::result_large_err)]
pub(super) fn check_located(text: &str) -> Result<Locator, Diagnostic> {
    let mut reading = Reading::new(text);
    scan(text, |event, span| reading.event(event, span))?;
    Ok(reading.done())
}

/// Checks the limits, handing every event read to `each`.
#[allow(clippy::result_large_err)]
fn scan(text: &str, mut each: impl FnMut(&Event<'_>, &Span)) -> Result<(), Diagnostic> {
    let allowance = text.len() as u64;
    let mut added = 0u64;
    let mut anchors: Vec<u64> = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    for item in Parser::new_from_str(text) {
        let (event, span) = match item {
            Ok(e) => e,
            // The scanner reads nested flow brackets ahead of the events, and stops at its
            // own limit (255) before any of them is told: that is too deep as well.
            Err(e) if e.info().contains("recursion limit") => {
                let m = e.marker();
                return Err(too_deep(Position {
                    line: m.line(),
                    column: m.col() + 1,
                    width: 1,
                }));
            }
            // Other syntax errors are the parser's to report, in its words.
            Err(_) => break,
        };
        each(&event, &span);
        let at = Position {
            line: span.start.line(),
            column: span.start.col() + 1,
            width: 1,
        };
        match event {
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, ..) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(too_deep(at));
                }
                stack.push(Frame { anchor, size: 1 });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some(f) = stack.pop() {
                    done(&mut stack, &mut anchors, f.anchor, f.size.saturating_add(1));
                }
            }
            Event::Scalar(value, _, anchor, _) => {
                done(&mut stack, &mut anchors, anchor, 1 + value.len() as u64);
            }
            Event::Alias(id) => {
                let size = anchors.get(id).copied().unwrap_or(1);
                added = added.saturating_add(size);
                if added > allowance {
                    return Err(Diagnostic::error(
                        "the aliases in this file would expand it to more than twice its size",
                    )
                    .at_position(at)
                    .hint("write the repeated values out plainly; s55 takes aliases only for small repeats"));
                }
                done(&mut stack, &mut anchors, 0, size);
            }
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_nesting_stops_at_the_limit() {
        let text = format!("title: {}", "[".repeat(100_000));
        let d = check(&text).unwrap_err();
        assert_eq!(
            d.message,
            "the YAML nests deeper than the 128 levels s55 reads"
        );
        assert_eq!(d.position.map(|p| p.line), Some(1));
        let closed = |n: usize| format!("a: {}{}", "[".repeat(n), "]".repeat(n));
        assert!(check(&closed(100)).is_ok());
        let d = check(&closed(200)).unwrap_err();
        // The mapping is the first level, so the 128th bracket (column 131) is the 129th.
        assert_eq!(d.position.map(|p| p.column), Some(3 + 128));
    }

    #[test]
    fn aliases_may_add_up_to_the_files_size() {
        let small = "a: &x [1, 2, 3]\nb: *x\nc: *x\n";
        assert!(check(small).is_ok());
        let big = format!(
            "a: &s \"{}\"\nb: [{}]\n",
            "x".repeat(1000),
            "*s, ".repeat(10)
        );
        let d = check(&big).unwrap_err();
        assert_eq!(
            d.message,
            "the aliases in this file would expand it to more than twice its size"
        );
        assert_eq!(d.position.map(|p| p.line), Some(2));
    }
}
