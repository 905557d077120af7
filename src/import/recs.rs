//! The pasted-recommendations importer: markers, nesting, wrapped lines and what a PDF copy
//! adds.

use std::collections::HashMap;

use crate::util::plural;

/// A numbered or bulleted entry found in pasted text.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Its number, for a numbered top-level entry.
    pub number: Option<u32>,
    /// Its text, wrapped lines joined.
    pub text: String,
    /// How its sub-points are numbered: `decimal`, `lower-alpha`, `lower-roman`, `bullet`.
    pub numbering: &'static str,
    /// Its sub-points.
    pub items: Vec<Entry>,
    /// Where the work stands, as a tracker or register gives it ("Completed").
    pub status: Option<String>,
    /// Who is responsible, as a tracker gives it.
    pub owner: Option<String>,
    /// The answer given to it ("MPS response: …", "Force response: …", a status log).
    pub response: Option<String>,
}

impl Entry {
    /// A new entry, with no sub-points yet.
    fn new(number: Option<u32>, text: String) -> Self {
        Entry {
            number,
            text,
            numbering: "decimal",
            items: Vec::new(),
            status: None,
            owner: None,
            response: None,
        }
    }
}

/// The labels of lines that answer a finding rather than continue it.
const LABELS: [(&str, &str); 9] = [
    ("status:", "status"),
    ("owner:", "owner"),
    ("lead:", "owner"),
    ("mps response:", "response"),
    ("force response:", "response"),
    ("pcc comment:", "response"),
    ("pcc response:", "response"),
    ("response:", "response"),
    ("update:", "response"),
];

/// A labelled line's field and value: "Status: in progress" → ("status", "in progress").
fn labelled(line: &str) -> Option<(&'static str, &str)> {
    let t = line.trim();
    let lower = t.to_lowercase();
    LABELS.iter().find_map(|(label, field)| {
        lower
            .starts_with(label)
            .then(|| (*field, t[label.len()..].trim()))
    })
}

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

/// A tracker's page, where each entry is its number on a line of its own, a status line,
/// the text, and an owner line: rewritten as "N. text" with labelled lines after it.
fn untrack(lines: &[&str]) -> Option<Vec<String>> {
    let bare = |l: &str| {
        let t = l.trim();
        !t.is_empty() && t.len() <= 3 && t.chars().all(|c| c.is_ascii_digit())
    };
    // A tracker counts 1, 2, 3 down its page; page numbers do not start at 1 or skip.
    let numbers: Vec<u32> = lines
        .iter()
        .filter(|l| bare(l))
        .filter_map(|l| l.trim().parse().ok())
        .collect();
    let counts = numbers.first() == Some(&1) && numbers.windows(2).all(|w| w[1] == w[0] + 1);
    if numbers.len() < 2 || !counts {
        return None;
    }
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let l = lines[i].trim();
        if bare(l) && i + 1 < lines.len() {
            let mut j = i + 1;
            let status = status_word(lines[j]).then(|| lines[j].trim());
            if status.is_some() {
                j += 1;
            }
            out.push(format!("{l}. {}", lines.get(j).map_or("", |t| t.trim())));
            if let Some(s) = status {
                out.push(format!("Status: {s}"));
            }
            // The owner: a short line after the text that names no sentence.
            if let Some(o) = lines.get(j + 1).map(|t| t.trim())
                && !bare(o)
                && o.split_whitespace().count() <= 5
                && !o.ends_with(['.', ';', ':'])
                && !o.is_empty()
            {
                out.push(format!("Owner: {o}"));
                j += 1;
            }
            i = j + 1;
        } else {
            out.push(l.to_owned());
            i += 1;
        }
    }
    Some(out)
}

/// What kind of marker starts a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Decimal(u32),
    Alpha(u32),
    Roman(u32),
    Bullet,
    Recommendation(u32),
}

/// Whether two markers are of the same kind, whatever their numbers.
fn same_kind(a: Kind, b: Kind) -> bool {
    std::mem::discriminant(&a) == std::mem::discriminant(&b)
}

fn roman_value(s: &str) -> Option<u32> {
    let mut total = 0;
    let mut prev = 0;
    for c in s.chars().rev() {
        let v = match c {
            'i' => 1,
            'v' => 5,
            'x' => 10,
            'l' => 50,
            _ => return None,
        };
        if v < prev {
            total -= v;
        } else {
            total += v;
            prev = v;
        }
    }
    (total > 0).then_some(total)
}

/// Reads the marker at the start of a line: "1.", "1)", "(a)", "a.", "i.", "•", "-",
/// "Recommendation 3". Returns it with the rest of the line.
pub(super) fn marker(line: &str) -> Option<(Kind, &str)> {
    let t = line.trim_start();
    if let Some(rest) = t
        .strip_prefix("Recommendation ")
        .or_else(|| t.strip_prefix("recommendation "))
    {
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        if let Ok(n) = digits.parse() {
            let after = rest[digits.len()..].trim_start_matches([':', '.', ' ', '–', '-']);
            return Some((Kind::Recommendation(n), after));
        }
    }
    for bullet in ['•', '●', '▪', '◦', '–', '-', '*'] {
        if let Some(rest) = t.strip_prefix(bullet)
            && rest.starts_with([' ', '\t'])
        {
            return Some((Kind::Bullet, rest.trim_start()));
        }
    }
    let (inner, rest) = if let Some(r) = t.strip_prefix('(') {
        let close = r.find(')')?;
        (&r[..close], &r[close + 1..])
    } else {
        let end = t.find(['.', ')'])?;
        (&t[..end], &t[end + 1..])
    };
    if !rest.starts_with([' ', '\t']) || inner.is_empty() || inner.len() > 5 {
        return None;
    }
    let rest = rest.trim_start();
    // Up to three digits: "2022. A year" is a sentence, not the 2022nd recommendation.
    if inner.len() <= 3
        && let Ok(n) = inner.parse::<u32>()
    {
        return Some((Kind::Decimal(n), rest));
    }
    if inner.chars().all(|c| "ivxl".contains(c))
        && let Some(v) = roman_value(inner)
    {
        // "i." is roman; a lone "v" or "x" is a letter more often than not.
        if inner != "v" && inner != "x" && inner != "l" {
            return Some((Kind::Roman(v), rest));
        }
    }
    let mut chars = inner.chars();
    if let (Some(c), None) = (chars.next(), chars.next())
        && c.is_ascii_lowercase()
    {
        return Some((Kind::Alpha(u32::from(c) - u32::from('a') + 1), rest));
    }
    None
}

fn numbering(kind: Kind) -> &'static str {
    match kind {
        Kind::Alpha(_) => "lower-alpha",
        Kind::Roman(_) => "lower-roman",
        Kind::Bullet => "bullet",
        _ => "decimal",
    }
}

/// Lines a PDF copy adds: page numbers, "Page 3 of 40", and running headers or footers (the
/// same short line three times or more).
fn noise(lines: &[&str]) -> Vec<bool> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for l in lines {
        let t = l.trim();
        if !t.is_empty() && t.len() < 80 && marker(t).is_none() && labelled(t).is_none() {
            *counts.entry(t).or_default() += 1;
        }
    }
    lines
        .iter()
        .map(|l| {
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

/// Whether a line is only the heading over a list of recommendations.
fn is_list_heading(line: &str) -> bool {
    let h = line.trim().trim_end_matches(':').trim().to_lowercase();
    matches!(
        h.as_str(),
        "recommendation"
            | "recommendations"
            | "area for improvement"
            | "areas for improvement"
            | "cause of concern"
            | "causes of concern"
            | "argymhellion"
            | "meysydd i'w gwella"
    )
}

/// A line of the pasted text, read: its indentation, its marker, its text.
struct Line<'a> {
    indent: usize,
    kind: Option<Kind>,
    text: &'a str,
}

impl<'a> Line<'a> {
    /// Reads one line; a tab counts as four spaces of indentation.
    fn read(l: &'a str) -> Self {
        let indent = l
            .chars()
            .take_while(|c| c.is_whitespace())
            .map(|c| if c == '\t' { 4 } else { 1 })
            .sum();
        match marker(l) {
            Some((k, rest)) => Line {
                indent,
                kind: Some(k),
                text: rest.trim(),
            },
            None => Line {
                indent,
                kind: None,
                text: l.trim(),
            },
        }
    }
}

/// The entries as they are built line by line, with what decides where the next line goes.
#[derive(Default)]
struct Nesting<'a> {
    entries: Vec<Entry>,
    /// The top-level entries' indentation and kind of marker, set by the first one.
    top: Option<(usize, Kind)>,
    /// Where a line's sub-point goes: the nesting of the last entry and its markers.
    stack: Vec<(usize, Kind)>,
    /// The text before the first entry.
    preamble: Vec<&'a str>,
}

impl<'a> Nesting<'a> {
    /// Places one line: a wrapped line, a new top-level entry, or a sub-point.
    fn add(&mut self, line: &Line<'a>) {
        if let Some((field, value)) = labelled(line.text)
            && let Some(e) = self.entries.last_mut()
        {
            let slot = match field {
                "status" => &mut e.status,
                "owner" => &mut e.owner,
                _ => &mut e.response,
            };
            match slot {
                Some(v) => {
                    v.push_str("\n\n");
                    v.push_str(value);
                }
                None => *slot = Some(value.to_owned()),
            }
            return;
        }
        let Some(kind) = line.kind else {
            self.continue_last(line.text);
            return;
        };
        if self.is_top(line, kind) {
            self.push_top(line, kind);
        } else {
            self.push_sub(line, kind);
        }
    }

    /// A wrapped line: it continues the last entry (or is text before the first).
    fn continue_last(&mut self, text: &'a str) {
        match last_entry(&mut self.entries, self.stack.len()) {
            Some(e) => {
                if !e.text.is_empty() {
                    e.text.push(' ');
                }
                e.text.push_str(text);
            }
            None => self.preamble.push(text),
        }
    }

    /// Whether a marked line starts a new top-level entry rather than a sub-point.
    fn is_top(&self, line: &Line, kind: Kind) -> bool {
        let Some((indent, first)) = self.top else {
            return true;
        };
        let next_number = match (kind, self.entries.last().and_then(|e| e.number)) {
            (Kind::Decimal(n) | Kind::Recommendation(n), Some(last)) => n == last + 1,
            _ => false,
        };
        let lead_in = self.entries.last().is_some_and(|e| {
            let t = e.text.trim_end();
            t.ends_with(':') || t.ends_with("including") || t.ends_with(" to")
        });
        let deeper = line.indent > indent;
        // A new top-level entry: the same kind of marker, not indented further, and
        // either numbered next or not following a lead-in to a list.
        same_kind(first, kind)
            && !deeper
            && (next_number
                || (!lead_in && self.stack.len() <= 1)
                || matches!(kind, Kind::Recommendation(_)))
    }

    /// Starts a new top-level entry; the first one sets the top level's indentation and kind.
    fn push_top(&mut self, line: &Line, kind: Kind) {
        if self.top.is_none() {
            self.top = Some((line.indent, kind));
        }
        let number = match kind {
            Kind::Decimal(n) | Kind::Recommendation(n) => Some(n),
            _ => None,
        };
        self.entries.push(Entry::new(number, line.text.to_owned()));
        self.stack.clear();
        self.stack.push((line.indent, kind));
    }

    /// A sub-point: deeper than the entry it follows, or a new list under a lead-in.
    fn push_sub(&mut self, line: &Line, kind: Kind) {
        let stack = &mut self.stack;
        while stack.len() > 1 {
            let (indent, k) = stack[stack.len() - 1];
            if (same_kind(k, kind) && line.indent == indent) || line.indent > indent {
                break;
            }
            stack.pop();
        }
        let depth = stack.len();
        let (last_indent, last_kind) = stack[depth - 1];
        let sibling = depth > 1 && same_kind(last_kind, kind) && line.indent <= last_indent;
        let parent_depth = if sibling { depth - 1 } else { depth };
        let Some(parent) = entry_at(&mut self.entries, parent_depth) else {
            return;
        };
        if parent.items.is_empty() {
            parent.numbering = numbering(kind);
        }
        parent.items.push(Entry::new(None, line.text.to_owned()));
        if sibling {
            stack.pop();
        }
        stack.push((line.indent, kind));
    }
}

/// Reads pasted recommendations. Returns the entries and warnings about anything uncertain.
pub fn recommendations(pasted: &str) -> (Vec<Entry>, Vec<String>) {
    let lines: Vec<&str> = pasted.lines().map(|l| l.trim_end_matches('\r')).collect();
    let untracked = untrack(&lines);
    let raw: Vec<&str> = match &untracked {
        Some(u) => u.iter().map(String::as_str).collect(),
        None => lines,
    };
    let noisy = noise(&raw);
    let mut warnings: Vec<String> = dropped_warning(&noisy).into_iter().collect();
    let mut nesting = Nesting::default();
    for (l, _) in raw
        .iter()
        .zip(&noisy)
        .filter(|(l, n)| !**n && !l.trim().is_empty())
    {
        nesting.add(&Line::read(l));
    }
    let Nesting {
        mut entries,
        mut preamble,
        ..
    } = nesting;
    // A heading over the list is expected; anything else before the first entry is reported.
    preamble.retain(|l| !is_list_heading(l));
    // "Within three months, the force should:" over bullets: one recommendation, the bullets
    // its sub-points.
    if preamble.last().is_some_and(|l| l.trim_end().ends_with(':'))
        && !entries.is_empty()
        && entries.iter().all(|e| e.number.is_none())
    {
        let mut lead = Entry::new(Some(1), preamble.join(" "));
        lead.numbering = "bullet";
        lead.items = std::mem::take(&mut entries);
        entries = vec![lead];
        preamble.clear();
    }
    // A single recommendation with no number is still one.
    if entries.is_empty() && !preamble.is_empty() {
        warnings.push(
            "found no numbered recommendation: the text is read as a single one; split it if it holds more".to_owned(),
        );
        entries.push(Entry::new(Some(1), preamble.join(" ")));
        preamble.clear();
    }
    if !preamble.is_empty() {
        warnings.push(format!(
            "left out {} before the first recommendation: {}",
            plural(preamble.len(), "line"),
            preamble.join(" ").chars().take(80).collect::<String>()
        ));
    }
    if entries.is_empty() {
        warnings.push(
            "found no recommendations in the text; paste them as the report numbers them (1., 2., …)"
                .to_owned(),
        );
    }
    warnings.extend(skipped_numbers(&entries));
    (entries, warnings)
}

/// The warning naming the lines left out as a PDF copy's noise, if any were.
fn dropped_warning(noisy: &[bool]) -> Option<String> {
    let dropped: Vec<String> = noisy
        .iter()
        .enumerate()
        .filter(|(_, n)| **n)
        .map(|(i, _)| (i + 1).to_string())
        .collect();
    if dropped.is_empty() {
        return None;
    }
    Some(format!(
        "left out line{} {} of the pasted text: {} like page numbers or running headers",
        if dropped.len() == 1 { "" } else { "s" },
        dropped.join(", "),
        if dropped.len() == 1 {
            "it looked"
        } else {
            "they looked"
        }
    ))
}

/// Numbers that skip: a sign of a line the copy lost or an entry read as a sub-point.
fn skipped_numbers(entries: &[Entry]) -> Vec<String> {
    let numbers: Vec<u32> = entries.iter().filter_map(|e| e.number).collect();
    numbers
        .windows(2)
        .filter(|w| w[1] != w[0] + 1)
        .map(|w| {
            format!(
                "the numbers go from {} to {}: check nothing was lost between them",
                w[0], w[1]
            )
        })
        .collect()
}

/// The entry at a depth of the current branch: 1 is the last top-level entry, 2 its last
/// sub-point, and so on.
fn entry_at(entries: &mut [Entry], depth: usize) -> Option<&mut Entry> {
    let mut e = entries.last_mut()?;
    for _ in 1..depth {
        e = e.items.last_mut()?;
    }
    Some(e)
}

/// The entry a wrapped line continues: the deepest one of the current branch.
fn last_entry(entries: &mut [Entry], depth: usize) -> Option<&mut Entry> {
    entry_at(entries, depth.max(1))
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
        assert_eq!(
            marker("Recommendation 3: text"),
            Some((Kind::Recommendation(3), "text"))
        );
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
        assert_eq!(entries[1].number, Some(2));
        assert!(
            warnings.iter().any(|w| w.contains("page numbers")),
            "{warnings:?}"
        );
    }
}
