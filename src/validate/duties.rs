//! The duties of section 55 as diagnostics, from the one statutory position
//! ([`crate::statute::standing`]), and the placeholders a scaffold leaves.

use crate::diag::{Diagnostic, FieldPath};
use crate::model::{Placed, Response};
use crate::settings::Settings;
use crate::statute::{self, DateField, Duty, Timing};

/// The duties of section 55, as [`statute::standing`] finds them.
pub(super) fn statutory_duties(found: &mut Vec<Diagnostic>, doc: &Response, settings: &Settings) {
    let root = FieldPath::root();
    let st = statute::standing(doc, settings, None);
    let date_path = match st.date_field {
        Some(DateField::Signature) => root.key("signature").key("date"),
        _ => root.key("date"),
    };
    let undated = doc.undated.as_deref().is_some_and(|w| !w.trim().is_empty());
    match st.date {
        // A final response is the signed letter: it has a date, or says why it has none.
        None if !doc.draft && !undated => found.push(
            Diagnostic::error("the response is final but has no date")
                .at(root.key("date"))
                .hint(format!(
                    "add `date:` (the day it was signed and published; section 55(5A) sets the last day as {}), or mark the response `draft: true` until it is ready",
                    st.last_day
                )),
        ),
        None => found.push(
            Diagnostic::warning(
                "the response has no date, so the 56-day deadline cannot be checked",
            )
            .at(root.key("date"))
            .hint(format!(
                "add `date:`; section 55(5A) sets the last day as {}",
                st.last_day
            )),
        ),
        Some(d) if st.before_report => found.push(
            Diagnostic::error(format!(
                "the response is dated {d}, before the report was published on {}",
                st.published
            ))
            .at(date_path)
            .hint("check both dates: the report's `published` and the response's `date`"),
        ),
        Some(d) => {
            if let Timing::Late(days) = st.timing {
                found.push(
                    Diagnostic::warning(format!(
                        "the response is dated {d}, {days} day{} after the last day for publication ({})",
                        if days == 1 { "" } else { "s" },
                        st.last_day
                    ))
                    .at(root.key("date"))
                    .hint("section 55(5A): publish within 56 days of the report, counting its publication day as day 1"),
                );
            }
        }
    }
    // Each recommendation's own explanation (s.55(5B)), asked for while drafting too.
    for o in st
        .owed
        .iter()
        .filter(|o| !o.explained && o.addressed_to.is_none())
    {
        let (message, hint) = if o.applies {
            (
                format!("recommendation {} has no response of its own", o.number),
                "section 55(5B) asks for the action taken or proposed on each recommendation, or why none: add `response:`",
            )
        } else {
            (
                format!(
                    "recommendation {} does not apply, but says no more",
                    o.number
                ),
                "section 55(5B) asks why no action is taken: say in `response:` why it does not apply to the force, or in `addressed_to:` whom the report addresses it to",
            )
        };
        found.push(
            Diagnostic::warning(message)
                .at(placed_path(o.at))
                .hint(hint),
        );
    }
    for duty in &st.duties {
        if let Duty::CopiesNotRecorded {
            hmicfrs,
            home_secretary,
        } = *duty
        {
            let missing: Vec<&str> = [(hmicfrs, "HMICFRS"), (home_secretary, "the Home Secretary")]
                .into_iter()
                .filter_map(|(m, who)| m.then_some(who))
                .collect();
            found.push(
                Diagnostic::warning(format!(
                    "no copy of the response is recorded as sent to {}",
                    missing.join(" or ")
                ))
                .at(root.key("copies"))
                .hint("section 55(6): send a copy to HMICFRS and to the Home Secretary, and record the dates under `copies:` (`hmicfrs:` and `home_secretary:`)"),
            );
        }
    }
    if !st.has_comments {
        found.push(
            Diagnostic::warning("the response has no comments of the body itself")
                .at(root.key("sections"))
                .hint("section 55(5)(a): add a section `- kind: comments` with the body's comments on the report"),
        );
    }
    if !st.has_chief_officer_comments {
        found.push(
            Diagnostic::warning("the response has no comments from the chief officer")
                .at(root.key("sections"))
                .hint("sections 55(4) and 55(5)(b): invite the chief officer's comments and publish them in a section `- kind: chief-officer-comments`"),
        );
    }
}

/// The field path of a recommendation wherever it is listed.
fn placed_path(at: Placed) -> FieldPath {
    let root = FieldPath::root();
    match at.under {
        Some((field, parent)) => root
            .key(field)
            .index(parent)
            .key("recommendations")
            .index(at.index),
        None => root.key("recommendations").index(at.index),
    }
}

/// Finds every placeholder (`TODO`) left in the file, as `s55 new` writes them, so a
/// scaffold is never published half filled: a warning in a draft, an error in a final
/// response. Comment lines are skipped.
pub fn placeholders(source: &str, draft: bool) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    // Most letters hold no placeholder: the text is searched once before its lines are read.
    if memchr::memmem::find(source.as_bytes(), b"TODO").is_none() {
        return found;
    }
    for (n, line) in source.lines().enumerate() {
        if line.trim_start().starts_with('#') {
            continue;
        }
        if let Some(byte) = line.find("TODO") {
            let column = line[..byte].chars().count() + 1;
            found.push(
                if draft {
                    Diagnostic::warning("a placeholder is still to be filled in")
                        .hint("replace the TODO with the real text before publishing")
                } else {
                    Diagnostic::error("a placeholder is still to be filled in, and the response is final")
                        .hint("replace the TODO with the real text, or mark the response `draft: true` until it is ready")
                }
                .at_position(crate::diag::Position {
                    line: n + 1,
                    column,
                    width: placeholder_width(line, byte),
                }),
            );
        }
    }
    found
}

/// How many characters of `line` from `byte` (where `TODO` starts) the placeholder takes: up
/// to the quote that closes it when it is quoted, else up to a comment, so that the caret
/// underlines the placeholder and not the comment after it.
fn placeholder_width(line: &str, byte: usize) -> usize {
    let rest = &line[byte..];
    // Inside double quotes when an odd number of them come before it.
    let end = if line[..byte].matches('"').count() % 2 == 1 {
        rest.find('"')
    } else {
        rest.find(" #")
    };
    rest[..end.unwrap_or(rest.len())].trim_end().chars().count()
}
