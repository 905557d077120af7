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
use super::letters::announces_causes;
use super::nesting::{
    Line, Nesting, announces_recommendations, asks_force, labelled, list_heading, should_lead_in,
};
use super::page::{
    Numbered, RESTATED, headed_causes, join_lone_markers, noise, split_run_in_bullets, unfurnish,
    unlabel, unligature, unregister, untrack,
};
use super::table;
use super::warning::Warning;
use crate::util::plural;

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

/// What in the findings read would make `check` refuse the response they are added to: a
/// finding with no text, or two in one list with the same number. Each names its line.
pub fn unfit(found: &Findings) -> Vec<Warning> {
    fn list(entries: &[Entry], what: &str, out: &mut Vec<Warning>) {
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (i, e) in entries.iter().enumerate() {
            if e.text.trim().is_empty() {
                out.push(Warning::at(
                    e.line,
                    format!("{what} {} has no text, which `check` refuses: write the report's words in it", i + 1),
                ));
            }
            let number = e.number.clone().unwrap_or_else(|| (i + 1).to_string());
            if let Some(first) = seen.insert(number.clone(), e.line) {
                out.push(Warning::at(
                    e.line,
                    format!(
                        "two {what}s have the number {number} (lines {first} and {}), which `check` refuses: give each its number from the report",
                        e.line
                    ),
                ));
            }
            list(&e.recommendations, "recommendation", out);
        }
    }
    let mut out = Vec::new();
    let what = match found.key {
        "areas_for_improvement" => "area for improvement",
        "causes_of_concern" => "cause of concern",
        _ => "recommendation",
    };
    list(&found.entries, what, &mut out);
    for (key, entries) in &found.also {
        let what = match *key {
            "areas_for_improvement" => "area for improvement",
            "causes_of_concern" => "cause of concern",
            _ => "recommendation",
        };
        list(entries, what, &mut out);
    }
    out
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
    let tabbed_list = tabbed_list(&lines);
    if !tabbed_list && let Some(found) = table::findings(&lines) {
        return found;
    }
    let lines = unlabel(unregister(unligature(lines)));
    let untracked = untrack(&lines);
    let raw = untracked.unwrap_or(lines);
    let (raw, furniture) = unfurnish(raw);
    let mut raw = headed_causes(split_run_in_bullets(join_lone_markers(raw)));
    // Causes of concern, then areas for improvement: two lists, each read on its own.
    let Some(at) = other_list_at(&raw) else {
        return read_list(raw, furniture);
    };
    let rest = raw.split_off(at);
    let mut found = read_list(raw, furniture);
    let more = read_list(rest, Vec::new());
    let (line, heading) = (more.entries.first().map_or(0, |e| e.line), more.key);
    found.warnings.push(Warning::at(
        line,
        format!(
            "read what follows as a list of its own ({}), after the {}",
            heading.replace('_', " "),
            found.key.replace('_', " ")
        ),
    ));
    found.warnings.extend(more.warnings);
    found.left_out.extend(more.left_out);
    found.left_out.sort_by_key(|(n, _)| *n);
    if more.key == found.key {
        found.entries.extend(more.entries);
    } else {
        found.also.push((more.key, more.entries));
    }
    found
}

/// Where a text that began with causes of concern goes on to areas for improvement (or
/// the other way round): the line of the other list's heading or first labelled marker
/// ("Areas for improvement", "Area for improvement 1"). Recommendations stay under the
/// causes they follow.
fn other_list_at(raw: &[Numbered]) -> Option<usize> {
    let family = |no: usize, l: &str| -> Option<Label> {
        let label = list_heading(l).or_else(|| match Line::read(no, l).kind {
            Some(Kind::Labelled(label, ..)) => Some(label),
            _ => None,
        })?;
        (label != Label::Recommendation).then_some(label)
    };
    let mut first: Option<Label> = None;
    for (i, (no, l)) in raw.iter().enumerate() {
        let Some(f) = family(*no, l) else {
            continue;
        };
        match first {
            None => first = Some(f),
            Some(g) if g != f => return Some(i),
            _ => {}
        }
    }
    None
}

/// Reads one list of findings from its cleaned lines.
fn read_list(raw: Vec<Numbered>, furniture: Vec<(usize, String)>) -> Findings {
    let noisy = noise(&raw);
    let mut warnings: Vec<Warning> = dropped_warning(&raw, &noisy).into_iter().collect();
    if let Some((line, first)) = furniture.first() {
        warnings.push(Warning::at(
            *line,
            format!(
                "kept {} of the page's furniture (titles, banners, menus, print headers) as {}, not as finding text: {}",
                plural(furniture.len(), "line"),
                if furniture.len() == 1 { "a comment" } else { "comments" },
                first.chars().take(80).collect::<String>()
            ),
        ));
    }
    let paras = para_starts(&raw, &noisy);
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
    for l in &mut read {
        l.para = paras.contains(&l.no);
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
        guesses,
        ..
    } = nesting;
    for (line, guess) in guesses {
        warnings.push(Warning::at(line, guess));
    }
    bullets_as_recommendations(&mut entries, top, &mut warnings);
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
    if lead_in(&mut entries, &mut preamble, &paras, top, &mut warnings) {
        key = Some(Label::Cause.key());
    }
    if entries.is_empty() && !preamble.is_empty() {
        entries.push(single_finding(&mut preamble, &mut warnings));
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
    let mut left_out = kept_as_comments(&preamble, &after, &mut warnings);
    left_out.extend(furniture);
    left_out.sort_by_key(|(n, _)| *n);
    if entries.is_empty() {
        warnings.push(Warning::new(
            "found no findings in the text; paste them as the report numbers them (1., 2., …)",
        ));
    }
    // A cause of concern's recommendations are numbered under it (1.1, 1.2 …) where the
    // report gives them no number of their own.
    for (i, e) in entries.iter_mut().enumerate() {
        if e.recommendations.iter().all(|r| r.number.is_none()) {
            let cause = e.number.clone().unwrap_or_else(|| (i + 1).to_string());
            for (j, r) in e.recommendations.iter_mut().enumerate() {
                r.number = Some(format!("{cause}.{}", j + 1));
            }
        }
    }
    warnings.extend(skipped_numbers(&entries));
    Findings {
        key: key.unwrap_or("recommendations"),
        entries,
        warnings,
        left_out,
        also: Vec::new(),
    }
}

/// Whether lines that each begin with a finding's marker and a tab ("AFI 1\tThe force should
/// …", as a Word list keeps them) are a list, not a table.
fn tabbed_list(lines: &[Numbered]) -> bool {
    let tabbed: Vec<&str> = lines
        .iter()
        .map(|(_, l)| l.as_str())
        .filter(|l| l.contains('\t'))
        .collect();
    !tabbed.is_empty()
        && tabbed.iter().all(|l| {
            l.split('\t').count() == 2
                && marker(&format!("{} X", l.split('\t').next().unwrap_or("").trim()))
                    .is_some_and(|(k, rest)| rest == "X" && k != Kind::Bullet)
        })
}

/// The lines that begin paragraphs, noise left out: where the text has blank lines they part
/// its paragraphs; where it has none, every line is a paragraph of its own (a web page copied
/// as text).
fn para_starts(raw: &[Numbered], noisy: &[bool]) -> Vec<usize> {
    let has_blanks = raw.iter().any(|(_, l)| l.trim().is_empty());
    let mut paras: Vec<usize> = Vec::new();
    let mut blank_before = true;
    for (no, l) in raw.iter().zip(noisy).filter(|(_, n)| !**n).map(|(l, _)| l) {
        if l.trim().is_empty() {
            blank_before = true;
        } else {
            if blank_before || !has_blanks {
                paras.push(*no);
            }
            blank_before = false;
        }
    }
    paras
}

/// Points under a cause of concern that each ask the force for something (their "should" can
/// stand on a wrapped line) are its recommendations, not sub-points of its text.
fn bullets_as_recommendations(
    entries: &mut [Entry],
    top: Option<(usize, Kind)>,
    warnings: &mut Vec<Warning>,
) {
    for cause in entries
        .iter_mut()
        .filter(|_| matches!(top, Some((_, Kind::Labelled(Label::Cause, ..)))))
    {
        if cause.recommendations.is_empty()
            && !cause.items.is_empty()
            && cause.numbering == "bullet"
            && !cause.text.trim_end().ends_with(':')
            && cause.items.iter().all(|i| asks_force(&i.text))
        {
            warnings.push(Warning::at(
                cause.items[0].line,
                "read the points under the cause of concern, which ask the force for something, as its recommendations",
            ));
            cause.recommendations = std::mem::take(&mut cause.items);
            cause.numbering = "decimal";
        }
    }
}

/// "Within three months, the force should:" over bullets: one recommendation, the bullets
/// its sub-points.
/// Only the lead-in's own paragraph leads in: what stands before it (a page's heading,
/// an introduction) is kept as comments. A paragraph that refers back ("This action plan
/// should be developed:") takes the one before it along.
/// Returns whether the lead-in names causes of concern, each bullet one of them.
fn lead_in(
    entries: &mut Vec<Entry>,
    preamble: &mut Vec<(usize, &str)>,
    paras: &[usize],
    top: Option<(usize, Kind)>,
    warnings: &mut Vec<Warning>,
) -> bool {
    if preamble
        .last()
        .is_some_and(|(_, l)| l.trim_end().ends_with(':'))
        && !entries.is_empty()
        && entries.iter().all(|e| e.number.is_none())
        && top.is_some_and(|(_, k)| k == Kind::Bullet)
    {
        let mut from = preamble
            .iter()
            .rposition(|(n, _)| paras.contains(n))
            .unwrap_or(0);
        let refers_back = ["This ", "These ", "It ", "Such ", "That "]
            .iter()
            .any(|w| preamble[from].1.trim_start().starts_with(w));
        if refers_back && from > 0 {
            from = preamble[..from]
                .iter()
                .rposition(|(n, _)| paras.contains(n))
                .unwrap_or(0);
        }
        let lead_line = preamble[from].0;
        let lead_text = preamble[from..]
            .iter()
            .map(|(_, l)| *l)
            .collect::<Vec<_>>()
            .join(" ");
        if announces_recommendations(&lead_text) && entries.iter().all(|e| asks_force(&e.text)) {
            return recommendations_announced(entries, preamble, paras, from, lead_line, warnings);
        }
        if announces_causes(&lead_text) {
            // "We identified two causes of concern, which were that the force:" over bullets:
            // each bullet is a cause of concern in the report's words; the letter's
            // sentence over them stays a comment.
            warnings.push(Warning::at(
                lead_line,
                "read each point under this paragraph, which names the causes of concern, as a cause of concern",
            ));
            return true;
        }
        preamble.truncate(from);
        if should_lead_in(&lead_text) {
            // "Within six months, the force should:" over bullets: each bullet completes the
            // lead-in's sentence, so each is a recommendation, the lead-in at its start.
            warnings.push(Warning::at(
                lead_line,
                format!(
                    "read each point under \"{lead_text}\" as a recommendation of its own, the lead-in at its start"
                ),
            ));
            for e in entries.iter_mut() {
                e.text = format!("{lead_text} {}", e.text);
            }
        } else {
            let mut lead = Entry::new(None, lead_line, lead_text);
            lead.numbering = "bullet";
            lead.items = std::mem::take(entries);
            // What answers the points (a register's log under the last one) answers the
            // finding they belong to: a sub-point holds text only, and the answer would be lost.
            for item in &mut lead.items {
                for (from, to) in [
                    (&mut item.response, &mut lead.response),
                    (&mut item.force_response, &mut lead.force_response),
                    (&mut item.status, &mut lead.status),
                    (&mut item.owner, &mut lead.owner),
                ] {
                    if let Some(v) = from.take() {
                        *to = Some(match to.take() {
                            Some(t) => format!("{t}\n\n{v}"),
                            None => v,
                        });
                    }
                }
            }
            *entries = vec![lead];
        }
    }
    false
}

/// "We made the following recommendations:" over points that each ask the force for
/// something: each point is a recommendation, the sentence over them a comment. Where the
/// text quotes what the inspection found just before ("Our inspection found: “…”"), that
/// is the cause of concern they belong to. Returns whether it is.
fn recommendations_announced(
    entries: &mut Vec<Entry>,
    preamble: &mut Vec<(usize, &str)>,
    paras: &[usize],
    from: usize,
    lead_line: usize,
    warnings: &mut Vec<Warning>,
) -> bool {
    let quoted = |t: &str| t.trim_start().starts_with(['“', '"']);
    let cause_at = preamble[..from]
        .iter()
        .rposition(|(n, _)| paras.contains(n))
        .filter(|b| {
            quoted(preamble[*b].1) || (*b > 0 && preamble[*b - 1].1.trim_end().ends_with("found:"))
        });
    let Some(b) = cause_at else {
        warnings.push(Warning::at(
            lead_line,
            "read each point under this paragraph, which announces the recommendations, as a recommendation",
        ));
        return false;
    };
    let lines: Vec<(usize, &str)> = preamble.drain(b..from).collect();
    let text = lines
        .iter()
        .map(|(_, l)| l.trim())
        .collect::<Vec<_>>()
        .join(" ");
    let text = text
        .trim()
        .trim_start_matches(['“', '"'])
        .trim_end_matches(['”', '"'])
        .trim()
        .to_owned();
    warnings.push(Warning::at(
        lines[0].0,
        "read this quoted finding as the cause of concern of the recommendations announced after it",
    ));
    let mut cause = Entry::new(None, lines[0].0, text);
    cause.recommendations = std::mem::take(entries);
    *entries = vec![cause];
    true
}

/// A single finding with no number is still one; a heading over it is not part of it. What
/// is not the finding stays in `preamble`, kept as comments.
fn single_finding(preamble: &mut Vec<(usize, &str)>, warnings: &mut Vec<Warning>) -> Entry {
    // A letter that restates its finding ("One of them was about … This was that Cleveland
    // Police doesn't adequately engage …"): the finding is that paragraph alone.
    let restated = preamble.iter().position(|(_, l)| {
        RESTATED
            .iter()
            .any(|p| l.trim_start().starts_with(p) && l.trim().len() > p.len() + 20)
    });
    if let Some(at) = restated {
        let (line, l) = preamble.remove(at);
        let t = l.trim_start();
        let prefix = RESTATED
            .iter()
            .find(|p| t.starts_with(*p))
            .map_or(0, |p| p.len());
        warnings.push(Warning::at(
            line,
            "read the paragraph that restates the finding as the finding; the rest of the letter is kept as comments",
        ));
        Entry::new(None, line, t[prefix..].trim_start().to_owned())
    } else {
        let heading = preamble.len() > 1 && super::blocks::heading_like(preamble[0].1);
        let body = &preamble[usize::from(heading)..];
        let line = body.first().map_or(0, |(n, _)| *n);
        warnings.push(Warning::at(
            line,
            "found no numbered finding: the text is read as a single one; split it if it holds more",
        ));
        let text = body.iter().map(|(_, l)| *l).collect::<Vec<_>>().join(" ");
        preamble.truncate(usize::from(heading));
        Entry::new(None, line, text)
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
/// Whether a paragraph reports what the inspectorate recommends ("The report recommends
/// that West Yorkshire Police immediately carries out a review …"), as news reports and
/// letters quote a recommendation.
fn reports_recommendation(piece: &str) -> bool {
    let l = piece.to_lowercase();
    [
        "the report recommends that ",
        "hmic recommends that ",
        "hmicfrs recommends that ",
        "the inspectorate recommends that ",
        "we recommend that ",
    ]
    .iter()
    .any(|p| l.starts_with(p))
}

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
                || reports_recommendation(piece)
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
                para: false,
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
mod tests;
