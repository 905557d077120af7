//! The findings importer: recommendations, areas for improvement and causes of concern as a
//! report, a register or a tracker prints them. Markers ("1.", "1.1", "AFI 7 –", "Cause of
//! concern 1", "Recommendation 3"), nesting, wrapped lines, labelled answers ("Force
//! response:", "Status:"), tables read by their header row, unmarked "The force should…"
//! sentences, and what a PDF copy adds.
//!
//! Policy: every line of the text ends up in a finding or is kept as a comment beside the
//! list (with a warning naming its line), except what a PDF copy adds (page numbers, running
//! headers), which is dropped with a warning naming the lines.

use std::collections::HashMap;

use super::entries::{Entry, Findings, Kind, Label, marker};
use super::nesting::{Line, Nesting, labelled, list_heading};
use super::table;
use super::warning::Warning;
use crate::util::plural;

/// Whether a short line is a tracker's status word.
fn status_word(line: &str) -> bool {
    let l = line.trim().to_lowercase();
    [
        "completed",
        "complete",
        "superseded",
        "closed",
        "open",
        "in progress",
        "ongoing",
        "not started",
        "discharged",
        "awaiting review",
        "being progressed",
        "not accepted",
    ]
    .contains(&l.as_str())
}

/// A numbered line of the text.
type Numbered = (usize, String);

/// A tracker's page, where each entry is its number on a line of its own, a status line,
/// the text, and an owner line: rewritten as "N. text" with labelled lines after it.
fn untrack(lines: &[Numbered]) -> Option<Vec<Numbered>> {
    let bare = |l: &str| {
        let t = l.trim();
        !t.is_empty() && t.len() <= 3 && t.chars().all(|c| c.is_ascii_digit())
    };
    // A tracker counts 1, 2, 3 down its page; page numbers do not start at 1 or skip.
    let numbers: Vec<u32> = lines
        .iter()
        .filter(|(_, l)| bare(l))
        .filter_map(|(_, l)| l.trim().parse().ok())
        .collect();
    let counts = numbers.first() == Some(&1) && numbers.windows(2).all(|w| w[1] == w[0] + 1);
    if numbers.len() < 2 || !counts {
        return None;
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let (no, l) = (&lines[i].0, lines[i].1.trim());
        if bare(l) && i + 1 < lines.len() {
            let mut j = i + 1;
            let status = status_word(&lines[j].1).then(|| (lines[j].0, lines[j].1.trim()));
            if status.is_some() {
                j += 1;
            }
            let (tno, text) = lines.get(j).map_or((*no, ""), |(n, t)| (*n, t.trim()));
            out.push((tno, format!("{l}. {text}")));
            if let Some((sno, s)) = status {
                out.push((sno, format!("Status: {s}")));
            }
            // The owner: a short line after the text that names no sentence.
            if let Some((ono, o)) = lines.get(j + 1).map(|(n, t)| (*n, t.trim()))
                && !bare(o)
                && o.split_whitespace().count() <= 5
                && !o.ends_with(['.', ';', ':'])
                && !o.is_empty()
            {
                out.push((ono, format!("Owner: {o}")));
                j += 1;
            }
            i = j + 1;
        } else {
            out.push((*no, l.to_owned()));
            i += 1;
        }
    }
    Some(out)
}

/// The inspectorate's register writes each dated update as `[on]4th September 2014` (with
/// the closing tags of the one before): each becomes an `Update:` line, its date kept.
fn unregister(lines: Vec<Numbered>) -> Vec<Numbered> {
    lines
        .into_iter()
        .map(|(n, l)| {
            let t = l.trim();
            let bare = t
                .trim_start_matches("[/comment]")
                .trim_start_matches("[/on]")
                .strip_prefix("[on]");
            match bare {
                Some(date) if !super::dates::dates(date).is_empty() => {
                    (n, format!("Update: {}", date.trim()))
                }
                _ => (n, l),
            }
        })
        .collect()
}

/// Lines a PDF copy adds: page numbers, "Page 3 of 40", and running headers or footers (the
/// same short line three times or more).
fn noise(lines: &[Numbered]) -> Vec<bool> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for (_, l) in lines {
        let t = l.trim();
        if !t.is_empty()
            && t.len() < 80
            && marker(t).is_none()
            && labelled(t).is_none()
            && !t.starts_with('|')
        {
            *counts.entry(t).or_default() += 1;
        }
    }
    lines
        .iter()
        .map(|(_, l)| {
            let t = l.trim();
            t.chars().all(|c| c.is_ascii_digit()) && !t.is_empty()
                || (t.starts_with("Page ")
                    && t.split_whitespace()
                        .nth(1)
                        .is_some_and(|n| n.parse::<u32>().is_ok()))
                || counts.get(t).is_some_and(|&n| n >= 3)
        })
        .collect()
}

/// The text's lines, numbered from 1.
fn numbered(text: &str) -> Vec<Numbered> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches('\r').to_owned()))
        .collect()
}

/// Reads findings from text pasted from a report, a register or a tracker.
pub fn findings(text: &str) -> Findings {
    findings_in(numbered(text))
}

/// Reads pasted recommendations: the entries and the warnings (for callers that know the
/// list they are reading).
pub fn recommendations(pasted: &str) -> (Vec<Entry>, Vec<Warning>) {
    let f = findings(pasted);
    (f.entries, f.warnings)
}

/// Reads findings from numbered lines (the response importer passes the lines of one list,
/// numbered as in its input).
pub(super) fn findings_in(lines: Vec<Numbered>) -> Findings {
    if let Some(found) = table::findings(&lines) {
        return found;
    }
    let lines = unregister(lines);
    let untracked = untrack(&lines);
    let raw = untracked.unwrap_or(lines);
    let noisy = noise(&raw);
    let mut warnings: Vec<Warning> = dropped_warning(&raw, &noisy).into_iter().collect();
    let kept: Vec<(usize, &str)> = raw
        .iter()
        .zip(&noisy)
        .filter(|((_, l), n)| !**n && !l.trim().is_empty())
        .map(|((no, l), _)| (*no, l.as_str()))
        .collect();
    let mut read: Vec<Line> = kept.iter().map(|(no, l)| Line::read(*no, l)).collect();
    // No marker at all: each sentence that asks the force for something begins a finding.
    let implicit = !read.iter().any(|l| l.kind.is_some());
    if implicit {
        read = implicit_lines(&kept);
    }
    let mut nesting = Nesting::default();
    for l in &read {
        nesting.add(l);
    }
    let Nesting {
        mut entries,
        mut preamble,
        after,
        top,
        ..
    } = nesting;
    // A heading over the list is expected; anything else before the first entry is kept.
    let mut key = top
        .and_then(|(_, k)| match k {
            Kind::Labelled(label, ..) => Some(label.key()),
            _ => None,
        })
        .or_else(|| {
            kept.iter()
                .find_map(|(_, l)| list_heading(l).filter(|h| *h != Label::Recommendation))
                .map(Label::key)
        });
    // "Within three months, the force should:" over bullets: one recommendation, the bullets
    // its sub-points.
    if preamble
        .last()
        .is_some_and(|(_, l)| l.trim_end().ends_with(':'))
        && !entries.is_empty()
        && entries.iter().all(|e| e.number.is_none())
        && top.is_some_and(|(_, k)| k == Kind::Bullet)
    {
        let lead_line = preamble.last().map_or(0, |(n, _)| *n);
        let lead_text = preamble
            .iter()
            .map(|(_, l)| *l)
            .collect::<Vec<_>>()
            .join(" ");
        let mut lead = Entry::new(Some("1".to_owned()), lead_line, lead_text);
        lead.numbering = "bullet";
        lead.items = std::mem::take(&mut entries);
        entries = vec![lead];
        preamble.clear();
    }
    // A single finding with no number is still one; a heading over it is not part of it.
    if entries.is_empty() && !preamble.is_empty() {
        let heading = preamble.len() > 1 && super::blocks::heading_like(preamble[0].1);
        let body = &preamble[usize::from(heading)..];
        let line = body.first().map_or(0, |(n, _)| *n);
        warnings.push(Warning::at(
            line,
            "found no numbered finding: the text is read as a single one; split it if it holds more",
        ));
        let text = body.iter().map(|(_, l)| *l).collect::<Vec<_>>().join(" ");
        entries.push(Entry::new(None, line, text));
        preamble.truncate(usize::from(heading));
    }
    if implicit
        && let Some(first) = entries.first()
        && first.line == read.iter().find(|l| l.kind.is_some()).map_or(0, |l| l.no)
    {
        warnings.push(Warning::at(
            first.line,
            format!(
                "found no numbered finding: read {} that {} the force for something as {}; check {}",
                plural(entries.len(), "sentence"),
                if entries.len() == 1 { "asks" } else { "ask" },
                if entries.len() == 1 { "a finding" } else { "findings" },
                if entries.len() == 1 { "it" } else { "them" },
            ),
        ));
    }
    if key.is_none() {
        key = Some(key_from_words(&kept));
    }
    let left_out = kept_as_comments(&preamble, &after, &mut warnings);
    if entries.is_empty() {
        warnings.push(Warning::new(
            "found no findings in the text; paste them as the report numbers them (1., 2., …)",
        ));
    }
    warnings.extend(skipped_numbers(&entries));
    Findings {
        key: key.unwrap_or("recommendations"),
        entries,
        warnings,
        left_out,
    }
}

/// The lines before and after the findings, kept as comments beside the list, each run with
/// a warning naming its first line.
fn kept_as_comments(
    preamble: &[(usize, &str)],
    after: &[(usize, &str)],
    warnings: &mut Vec<Warning>,
) -> Vec<(usize, String)> {
    let left_out: Vec<(usize, String)> = preamble
        .iter()
        .chain(after)
        .map(|(n, l)| (*n, (*l).to_owned()))
        .collect();
    if let Some((line, first)) = preamble.first() {
        warnings.push(Warning::at(
            *line,
            format!(
                "kept {} before the first finding as a comment: {}",
                plural(preamble.len(), "line"),
                first.chars().take(80).collect::<String>()
            ),
        ));
    }
    if let Some((line, first)) = after.first() {
        warnings.push(Warning::at(
            *line,
            format!(
                "kept {} after the findings as a comment: {}",
                plural(after.len(), "line"),
                first.chars().take(80).collect::<String>()
            ),
        ));
    }
    left_out
}

/// The list a text's own words call its findings, where it gives them no label: the kind
/// it names most, recommendations unless another is named more often.
fn key_from_words(lines: &[(usize, &str)]) -> &'static str {
    let text = lines
        .iter()
        .map(|(_, l)| l.to_lowercase())
        .collect::<Vec<_>>()
        .join(" ");
    let count = |words: &[&str]| words.iter().map(|w| text.matches(w).count()).sum::<usize>();
    let recs = count(&["recommend"]);
    let areas = count(&[
        "area for improvement",
        "areas for improvement",
        "(afi",
        "afis",
    ]);
    let causes = count(&["cause of concern", "causes of concern"]);
    if causes > recs && causes >= areas {
        "causes_of_concern"
    } else if areas > recs {
        "areas_for_improvement"
    } else {
        "recommendations"
    }
}

/// The lines of a text with no markers, each cut where "The force should" begins a sentence
/// inside it, and each sentence that asks the force for something marked as a finding.
fn implicit_lines<'a>(kept: &[(usize, &'a str)]) -> Vec<Line<'a>> {
    let mut out = Vec::new();
    let mut any = false;
    for (no, l) in kept {
        let l = l.trim();
        let mut cuts: Vec<usize> = l
            .match_indices("The force should ")
            .chain(l.match_indices("The force must "))
            .map(|(i, _)| i)
            .filter(|i| *i > 0)
            .collect();
        cuts.sort_unstable();
        let mut from = 0;
        for at in cuts.into_iter().chain([l.len()]) {
            let piece = l[from..at].trim();
            from = at;
            if piece.is_empty() {
                continue;
            }
            let starts_finding = piece.starts_with("The force should ")
                || piece.starts_with("The force must ")
                || (!any
                    && piece.contains(" should ")
                    && !piece.ends_with(':')
                    && labelled(piece).is_none());
            any |= starts_finding;
            out.push(Line {
                no: *no,
                indent: 0,
                kind: starts_finding.then_some(Kind::Implicit),
                text: piece,
            });
        }
    }
    out
}

/// The warning naming the lines left out as a PDF copy's noise, if any were.
fn dropped_warning(lines: &[Numbered], noisy: &[bool]) -> Option<Warning> {
    let dropped: Vec<usize> = lines
        .iter()
        .zip(noisy)
        .filter(|(_, n)| **n)
        .map(|((no, _), _)| *no)
        .collect();
    let first = *dropped.first()?;
    let list: Vec<String> = dropped.iter().map(usize::to_string).collect();
    Some(Warning::at(
        first,
        format!(
            "left out line{} {} of the pasted text: {} like page numbers or running headers",
            if dropped.len() == 1 { "" } else { "s" },
            list.join(", "),
            if dropped.len() == 1 {
                "it looked"
            } else {
                "they looked"
            }
        ),
    ))
}

/// Numbers that skip: a sign of a line the copy lost or an entry read as a sub-point.
fn skipped_numbers(entries: &[Entry]) -> Vec<Warning> {
    let numbered: Vec<(u32, usize)> = entries
        .iter()
        .filter_map(|e| Some((e.number.as_deref()?.parse().ok()?, e.line)))
        .collect();
    numbered
        .windows(2)
        .filter(|w| w[1].0 != w[0].0 + 1)
        .map(|w| {
            Warning::at(
                w[1].1,
                format!(
                    "the numbers go from {} to {}: check nothing was lost between them",
                    w[0].0, w[1].0
                ),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_of_every_kind() {
        assert_eq!(
            marker("1. We recommend"),
            Some((Kind::Decimal(1), "We recommend"))
        );
        assert_eq!(marker("  12) text"), Some((Kind::Decimal(12), "text")));
        assert_eq!(marker("(a) text"), Some((Kind::Alpha(1), "text")));
        assert_eq!(marker("b. text"), Some((Kind::Alpha(2), "text")));
        assert_eq!(marker("iv. text"), Some((Kind::Roman(4), "text")));
        assert_eq!(marker("• text"), Some((Kind::Bullet, "text")));
        assert_eq!(marker("· text"), Some((Kind::Bullet, "text")));
        assert_eq!(
            marker("Recommendation 3: text"),
            Some((Kind::Labelled(Label::Recommendation, 3, 0), "text"))
        );
        assert_eq!(
            marker("Recommendation 1.2"),
            Some((Kind::Labelled(Label::Recommendation, 1, 2), ""))
        );
        assert_eq!(
            marker("AFI 11 – the Force should"),
            Some((Kind::Labelled(Label::Area, 11, 0), "the Force should"))
        );
        assert_eq!(
            marker("Action for Further Improvement (AFI) 7 – the Force"),
            Some((Kind::Labelled(Label::Area, 7, 0), "the Force"))
        );
        assert_eq!(
            marker("Cause of concern: The force"),
            Some((Kind::Labelled(Label::Cause, 0, 0), "The force"))
        );
        assert_eq!(
            marker("1.1 Within three months"),
            Some((Kind::Dotted(1, 1), "Within three months"))
        );
        assert_eq!(marker("Recommendation numbers are not sequential"), None);
        assert_eq!(marker("2022. A year"), None);
        assert_eq!(marker("The force"), None);
    }

    #[test]
    fn lettered_sub_points_under_a_lead_in_and_wrapped_lines() {
        let text = "Recommendation 1\nBy 31 March 2026, the force should review,\npaying attention to:\n(a) domestic abuse;\n(b) children, including:\n   i. missing children; and\n   ii. exploitation.\nRecommendation 2\nWithin six months, the force should improve call handling.\n12\n";
        let (entries, warnings) = recommendations(text);
        assert_eq!(entries.len(), 2, "{entries:#?}");
        assert_eq!(
            entries[0].text,
            "By 31 March 2026, the force should review, paying attention to:"
        );
        assert_eq!(entries[0].numbering, "lower-alpha");
        assert_eq!(entries[0].items.len(), 2);
        assert_eq!(entries[0].items[1].numbering, "lower-roman");
        assert_eq!(entries[0].items[1].items.len(), 2);
        assert_eq!(entries[1].number.as_deref(), Some("2"));
        assert_eq!(entries[1].line, 8);
        assert!(
            warnings
                .iter()
                .any(|w| w.message.contains("page numbers") && w.line == Some(10)),
            "{warnings:?}"
        );
    }

    #[test]
    fn causes_of_concern_hold_their_own_recommendations() {
        let text = "Causes of concern\nCause of concern 1\nThe force doesn’t answer emergency calls\nquickly enough.\nRecommendations\nWithin three months, the force should:\n• review its call handling; and\n• publish its answer times.\nRecommendation 1.2\nWithin six months, the force should train its call handlers.\nCause of concern 2\nThe force doesn’t record crime accurately.\n2.1 Within six months, the force should audit its crime records.\n";
        let f = findings(text);
        assert_eq!(f.key, "causes_of_concern");
        assert_eq!(f.entries.len(), 2, "{:#?}", f.entries);
        let first = &f.entries[0];
        assert_eq!(
            first.text,
            "The force doesn’t answer emergency calls quickly enough."
        );
        assert_eq!(first.recommendations.len(), 2, "{first:#?}");
        assert_eq!(
            first.recommendations[0].text,
            "Within three months, the force should:"
        );
        assert_eq!(first.recommendations[0].numbering, "bullet");
        assert_eq!(first.recommendations[0].items.len(), 2);
        assert_eq!(first.recommendations[1].number.as_deref(), Some("1.2"));
        assert_eq!(
            f.entries[1].recommendations[0].number.as_deref(),
            Some("2.1")
        );
        assert!(f.left_out.is_empty(), "{:?}", f.left_out);
    }

    #[test]
    fn unmarked_sentences_that_ask_the_force_are_findings() {
        let text = "2.3 The report was published in October. It made these areas for improvement: The force should map its demand. The force should plan its workforce. The plan should include skills.\n";
        let f = findings(text);
        assert_eq!(f.key, "areas_for_improvement");
        let texts: Vec<&str> = f.entries.iter().map(|e| e.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "The force should map its demand.",
                "The force should plan its workforce. The plan should include skills."
            ]
        );
        assert_eq!(f.left_out.len(), 1);
        assert!(f.left_out[0].1.starts_with("2.3 The report"));
    }
}
