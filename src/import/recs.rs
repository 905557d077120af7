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
use super::nesting::{Line, Nesting, asks_force, labelled, list_heading, should_lead_in};
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
            && list_heading(t).is_none()
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

/// How a letter introduces the finding it restates ("This was that Cleveland Police …").
const RESTATED: [&str; 3] = [
    "This was that ",
    "The cause of concern was that ",
    "This is that ",
];

/// Whether a line is a web page's or a browser's furniture rather than a report's text: an
/// error banner, a menu's words, a "Published on" line, a register entry's title with its
/// number, a print header or footer.
fn furniture(line: &str) -> bool {
    let t = line.trim();
    let lower = t.to_lowercase();
    const WHOLE: [&str; 22] = [
        "404 page not found",
        "page not found",
        "skip to content",
        "skip to main content",
        "forgotten password?",
        "create new account",
        "open menu",
        "close menu",
        "print this document",
        "contents",
        "back to glossary",
        "back to top",
        "download the letter",
        "get the report",
        "share this page",
        "accept all cookies",
        "reject all cookies",
        "are you ok with cookies?",
        "text only",
        "menu",
        "search",
        "request",
    ];
    const STARTS: [&str; 9] = [
        "published on:",
        "publication types:",
        "police forces:",
        "text size:",
        "we use small files called",
        "we use cookies",
        "file:///",
        "about:blank",
        "letter information",
    ];
    if WHOLE.contains(&lower.as_str()) || STARTS.iter().any(|p| lower.starts_with(p)) {
        return true;
    }
    // A browser's print header: "12/7/26, 1:11 PM" and the page's title.
    let print_header = t.split(',').next().is_some_and(|d| {
        let parts: Vec<&str> = d.split('/').collect();
        parts.len() == 3
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
    }) && (t.contains(" AM") || t.contains(" PM"));
    // A register entry's title: "Everyone's business: … (2321)".
    let register_title = t.ends_with(')')
        && t.rfind(" (").is_some_and(|i| {
            let n = &t[i + 2..t.len() - 1];
            (3..=5).contains(&n.len()) && n.chars().all(|c| c.is_ascii_digit())
        })
        && !t.to_lowercase().contains(" should ");
    print_header || register_title
}

/// The lines without the page's furniture, and the furniture with its line numbers.
fn unfurnish(lines: Vec<Numbered>) -> (Vec<Numbered>, Vec<(usize, String)>) {
    let mut kept = Vec::new();
    let mut furniture_lines = Vec::new();
    for (no, l) in lines {
        if furniture(&l) {
            furniture_lines.push((no, l.trim().to_owned()));
        } else {
            kept.push((no, l));
        }
    }
    (kept, furniture_lines)
}

/// The typesetter's ligatures a PDF copy keeps ("identiﬁes") as the letters they join, so
/// that the finding's words are the report's words, found by search and spelled as typed.
fn unligature(lines: Vec<Numbered>) -> Vec<Numbered> {
    const LIGATURES: [(char, &str); 7] = [
        ('\u{fb00}', "ff"),
        ('\u{fb01}', "fi"),
        ('\u{fb02}', "fl"),
        ('\u{fb03}', "ffi"),
        ('\u{fb04}', "ffl"),
        ('\u{fb05}', "st"),
        ('\u{fb06}', "st"),
    ];
    lines
        .into_iter()
        .map(|(n, l)| {
            if l.chars().any(|c| ('\u{fb00}'..='\u{fb06}').contains(&c)) {
                let mut out = String::with_capacity(l.len());
                for c in l.chars() {
                    match LIGATURES.iter().find(|(lig, _)| *lig == c) {
                        Some((_, letters)) => out.push_str(letters),
                        None => out.push(c),
                    }
                }
                (n, out)
            } else {
                (n, l)
            }
        })
        .collect()
}

/// A marker on a line of its own ("•", "3.", "(b)"), as a PDF's reader can give a list
/// item whose text stands at a tab: joined to the text that follows it.
fn join_lone_markers(lines: Vec<Numbered>) -> Vec<Numbered> {
    let lone = |l: &str| {
        let t = l.trim();
        !t.is_empty()
            && marker(&format!("{t} x")).is_some_and(|(_, rest)| rest == "x")
            && !t.chars().all(|c| c.is_ascii_digit())
    };
    let mut out: Vec<Numbered> = Vec::with_capacity(lines.len());
    let mut pending: Option<String> = None;
    for (no, l) in lines {
        if let Some(m) = &pending {
            if l.trim().is_empty() {
                continue;
            }
            if marker(&l).is_none() {
                out.push((no, format!("{m} {}", l.trim_start())));
                pending = None;
                continue;
            }
            out.push((no, m.clone()));
            pending = None;
        }
        if lone(&l) {
            pending = Some(l.trim_end().to_owned());
        } else {
            out.push((no, l));
        }
    }
    if let Some(m) = pending {
        out.push((out.last().map_or(1, |(n, _)| *n), m));
    }
    out
}

/// A line of bullets run together ("• one. • two. • three", as a copy of a web page's list
/// can keep it): one line a bullet, all with the line's number.
fn split_run_in_bullets(lines: Vec<Numbered>) -> Vec<Numbered> {
    let mut out = Vec::new();
    for (no, l) in lines {
        let t = l.trim_start();
        if t.starts_with("• ") && t.contains(" • ") {
            for part in t.split(" • ") {
                let part = part.trim_start_matches("• ").trim();
                if !part.is_empty() {
                    out.push((no, format!("• {part}")));
                }
            }
        } else {
            out.push((no, l));
        }
    }
    out
}

/// A "Cause of concern" heading over an unmarked paragraph (as the inspectorate's pages and
/// register print it): the paragraph is the cause's text, marked as such.
fn headed_causes(mut lines: Vec<Numbered>) -> Vec<Numbered> {
    let mut i = 0;
    while i < lines.len() {
        if list_heading(&lines[i].1) == Some(Label::Cause)
            && let Some(j) = (i + 1..lines.len()).find(|&j| !lines[j].1.trim().is_empty())
            && marker(&lines[j].1).is_none()
            && list_heading(&lines[j].1).is_none()
            && labelled(&lines[j].1).is_none()
        {
            lines[j].1 = format!("Cause of concern: {}", lines[j].1.trim());
            i = j;
        }
        i += 1;
    }
    lines
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
    let lines = unregister(unligature(lines));
    let untracked = untrack(&lines);
    let raw = untracked.unwrap_or(lines);
    let (raw, furniture) = unfurnish(raw);
    let raw = headed_causes(split_run_in_bullets(join_lone_markers(raw)));
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
    lead_in(&mut entries, &mut preamble, &paras, top, &mut warnings);
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
fn lead_in(
    entries: &mut Vec<Entry>,
    preamble: &mut Vec<(usize, &str)>,
    paras: &[usize],
    top: Option<(usize, Kind)>,
    warnings: &mut Vec<Warning>,
) {
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
            *entries = vec![lead];
        }
    }
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
        // Each bullet under "the force should:" completes its sentence: a recommendation.
        assert_eq!(first.recommendations.len(), 3, "{first:#?}");
        assert_eq!(
            first.recommendations[0].text,
            "Within three months, the force should: review its call handling; and"
        );
        assert_eq!(
            first.recommendations[1].text,
            "Within three months, the force should: publish its answer times."
        );
        assert!(first.recommendations[0].items.is_empty());
        assert_eq!(first.recommendations[2].number.as_deref(), Some("1.2"));
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

    #[test]
    fn a_should_lead_in_under_a_cause_makes_each_bullet_a_recommendation() {
        // The inspectorate's PEEL 2023–2025 layout: the bullets used to become the cause's
        // single recommendation's sub-points.
        let text = "Cause of concern\nThe force isn’t responding to calls for service quickly enough.\nRecommendations\nWithin three months, the force should:\n• make sure it answers emergency calls on time;\n• make sure it attends incidents on time; and\n• review how it grades calls.\n";
        let f = findings(text);
        assert_eq!(f.key, "causes_of_concern");
        assert_eq!(f.entries.len(), 1, "{:#?}", f.entries);
        let recs = &f.entries[0].recommendations;
        let numbers: Vec<_> = recs.iter().map(|r| r.number.as_deref()).collect();
        assert_eq!(numbers, [Some("1.1"), Some("1.2"), Some("1.3")]);
        assert!(recs.iter().all(|r| {
            r.text
                .starts_with("Within three months, the force should: ")
        }));
        assert!(recs.iter().all(|r| r.items.is_empty()));
        assert!(
            f.warnings
                .iter()
                .any(|w| w.line == Some(4) && w.message.contains("as a recommendation of its own")),
            "{:?}",
            f.warnings
        );
    }

    #[test]
    fn paying_particular_attention_to_keeps_sub_points() {
        let text = "1. We recommend that the force immediately improves its management of registered sex offenders, paying particular attention to:\n• how it monitors offenders through home visits;\n• how it records information.\n";
        let f = findings(text);
        assert_eq!(f.entries.len(), 1, "{:#?}", f.entries);
        assert_eq!(f.entries[0].items.len(), 2);
    }

    #[test]
    fn page_furniture_never_becomes_finding_text() {
        // A register page copied with its error banner: the banner was glued to the lead-in.
        let text = "404 Page not found\n\n\nWithin six months the force should put in place arrangements to ensure that:\n\n  • victims are believed;\n  • crimes are recorded.\n";
        let f = findings(text);
        assert_eq!(f.entries.len(), 1, "{:#?}", f.entries);
        assert_eq!(
            f.entries[0].text,
            "Within six months the force should put in place arrangements to ensure that:"
        );
        assert_eq!(f.entries[0].items.len(), 2);
        assert_eq!(f.left_out, [(1, "404 Page not found".to_owned())]);
        assert!(
            f.warnings
                .iter()
                .any(|w| w.line == Some(1) && w.message.contains("furniture"))
        );
    }

    #[test]
    fn a_bulleted_list_of_areas_ends_before_the_detailed_findings() {
        // The second and third areas for improvement became the first one's response, and the
        // page's detailed findings were glued on.
        let text = "Areas for improvement\n- The force should improve its analysis of demand.\n- The force should improve data sharing with partners.\nWe set out our detailed findings below.\nAssessing current demand\n";
        let f = findings(text);
        let texts: Vec<&str> = f.entries.iter().map(|e| e.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "The force should improve its analysis of demand.",
                "The force should improve data sharing with partners."
            ]
        );
        assert!(f.entries.iter().all(|e| e.response.is_none()));
        assert_eq!(f.left_out.len(), 2, "{:?}", f.left_out);
    }

    #[test]
    fn a_repeated_cause_of_concern_heading_is_no_running_header() {
        let text = "Cause of concern\nThe force doesn’t answer calls quickly enough.\nRecommendation 1.1\nWithin three months, the force should review call handling.\nCause of concern\nThe force doesn’t record crime accurately.\nRecommendation 2.1\nWithin six months, the force should audit crime records.\nCause of concern\nThe force doesn’t supervise investigations.\nRecommendation 3.1\nImmediately, the force should supervise investigations.\n";
        let f = findings(text);
        assert_eq!(f.entries.len(), 3, "{:#?}", f.entries);
        assert!(f.entries.iter().all(|e| e.recommendations.len() == 1));
    }

    #[test]
    fn findings_check_would_refuse_are_named() {
        // Two findings numbered 2 were written without a word, and `check` then refused them.
        let f = findings(
            "1. The force should map demand.\n2. The force should plan.\n2. The force should train.\n",
        );
        let unfit = unfit(&f);
        assert_eq!(unfit.len(), 1, "{unfit:?}");
        assert_eq!(unfit[0].line, Some(3));
        assert!(
            unfit[0].message.contains("number 2 (lines 2 and 3)"),
            "{unfit:?}"
        );
        assert!(super::unfit(&findings("1. The force should map demand.\n")).is_empty());
    }

    #[test]
    fn a_label_and_its_sentence_on_one_line_start_a_recommendation() {
        // "Recommendation 1.1 Within three months …" stayed inside the cause's text.
        let text = "Cause of concern 1\nThe force doesn’t answer calls quickly enough.\nRecommendation 1.1 Within three months, the force should review call handling.\n";
        let f = findings(text);
        assert_eq!(f.entries.len(), 1, "{:#?}", f.entries);
        assert_eq!(
            f.entries[0].text,
            "The force doesn’t answer calls quickly enough."
        );
        let r = &f.entries[0].recommendations;
        assert_eq!(r.len(), 1, "{r:#?}");
        assert_eq!(r[0].number.as_deref(), Some("1.1"));
        assert_eq!(
            r[0].text,
            "Within three months, the force should review call handling."
        );
        assert_eq!(marker("Recommendation 3 of the report"), None);
    }

    #[test]
    fn a_browser_print_loses_its_header_footer_and_ligatures() {
        // The print header and the "file:///" footer became finding text, "ﬁ" stayed.
        let text = "12/7/26, 1:11 PM  PEEL 2023–25 – Kent Police\nArea for improvement 1\nThe force should improve how it identiﬁes repeat victims.\nArea for improvement 2\nThe force should improve its supervision.\nfile:///home/user/Downloads/kent.html  3/12\n";
        let f = findings(text);
        let texts: Vec<&str> = f.entries.iter().map(|e| e.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "The force should improve how it identifies repeat victims.",
                "The force should improve its supervision."
            ]
        );
        assert_eq!(f.left_out.len(), 2, "{:?}", f.left_out);
        assert_eq!(f.key, "areas_for_improvement");
    }

    #[test]
    fn a_list_with_tabs_after_its_markers_is_no_table() {
        // Read as a table, the first finding became a header and the others "AFI 2", "AFI 3".
        let text = "Areas for improvement\nAFI 1\tThe force should review its call handling.\nAFI 2\tThe force should audit its crime records.\nAFI 3\tThe force should train its supervisors.\n";
        let f = findings(text);
        assert_eq!(f.key, "areas_for_improvement");
        let got: Vec<(Option<&str>, &str)> = f
            .entries
            .iter()
            .map(|e| (e.number.as_deref(), e.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (Some("1"), "The force should review its call handling."),
                (Some("2"), "The force should audit its crime records."),
                (Some("3"), "The force should train its supervisors.")
            ]
        );
    }
}
