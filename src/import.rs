//! Drafting aids: text pasted from an inspection report becomes the `recommendations:` of a
//! response, with the report's own numbering, nesting and wording.
//!
//! Policy: keep the text exactly (lines wrapped by the copy are joined with one space), find
//! the structure from the markers and the indentation, drop what a PDF copy adds (page numbers,
//! running headers repeated on every page), and say in a warning whatever was uncertain rather
//! than guess silently.

use std::collections::HashMap;

use crate::timescale;

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
}

/// What kind of marker starts a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Decimal(u32),
    Alpha(u32),
    Roman(u32),
    Bullet,
    Recommendation(u32),
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
fn marker(line: &str) -> Option<(Kind, &str)> {
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
        if !t.is_empty() && t.len() < 80 && marker(t).is_none() {
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

/// The words of `phrase` (found in lower case) as `text` writes them: "By 31 March 2026".
fn as_written(text: &str, phrase: &str) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let wanted = phrase.chars().count();
    let chars: Vec<(usize, char)> = flat.char_indices().collect();
    for start in 0..chars.len() {
        let Some(end) = chars
            .get(start + wanted)
            .map(|(i, _)| *i)
            .or_else(|| (start + wanted == chars.len()).then_some(flat.len()))
        else {
            break;
        };
        let slice = &flat[chars[start].0..end];
        if slice.to_lowercase() == phrase {
            return slice.to_owned();
        }
    }
    phrase.to_owned()
}

/// Reads pasted recommendations. Returns the entries and warnings about anything uncertain.
pub fn recommendations(pasted: &str) -> (Vec<Entry>, Vec<String>) {
    let raw: Vec<&str> = pasted.lines().map(|l| l.trim_end_matches('\r')).collect();
    let noisy = noise(&raw);
    let mut warnings = Vec::new();
    let dropped: Vec<String> = noisy
        .iter()
        .enumerate()
        .filter(|(_, n)| **n)
        .map(|(i, _)| (i + 1).to_string())
        .collect();
    if !dropped.is_empty() {
        warnings.push(format!(
            "left out line{} {} of the pasted text: {} like page numbers or running headers",
            if dropped.len() == 1 { "" } else { "s" },
            dropped.join(", "),
            if dropped.len() == 1 {
                "it looked"
            } else {
                "they looked"
            }
        ));
    }
    // Each line: its indentation, its marker, its text.
    struct Line<'a> {
        indent: usize,
        kind: Option<Kind>,
        text: &'a str,
    }
    let lines: Vec<Line> = raw
        .iter()
        .zip(&noisy)
        .filter(|(l, n)| !**n && !l.trim().is_empty())
        .map(|(l, _)| {
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
        })
        .collect();

    let mut entries: Vec<Entry> = Vec::new();
    // The top-level entries' indentation and kind of marker, set by the first one.
    let mut top: Option<(usize, Kind)> = None;
    // Where a line's sub-point goes: the nesting of the last entry and its markers.
    let mut stack: Vec<(usize, Kind)> = Vec::new();
    let mut preamble = Vec::new();
    for line in &lines {
        let Some(kind) = line.kind else {
            // A wrapped line: it continues the last entry (or is text before the first).
            match last_entry(&mut entries, stack.len()) {
                Some(e) => {
                    if !e.text.is_empty() {
                        e.text.push(' ');
                    }
                    e.text.push_str(line.text);
                }
                None => preamble.push(line.text),
            }
            continue;
        };
        let is_top = match top {
            None => true,
            Some((indent, first)) => {
                let same_kind = std::mem::discriminant(&first) == std::mem::discriminant(&kind);
                let next_number = match (kind, entries.last().and_then(|e| e.number)) {
                    (Kind::Decimal(n) | Kind::Recommendation(n), Some(last)) => n == last + 1,
                    _ => false,
                };
                let lead_in = entries.last().is_some_and(|e| {
                    let t = e.text.trim_end();
                    t.ends_with(':') || t.ends_with("including") || t.ends_with(" to")
                });
                let deeper = line.indent > indent;
                // A new top-level entry: the same kind of marker, not indented further, and
                // either numbered next or not following a lead-in to a list.
                same_kind
                    && !deeper
                    && (next_number
                        || (!lead_in && stack.len() <= 1)
                        || matches!(kind, Kind::Recommendation(_)))
            }
        };
        let text = line.text.to_owned();
        if is_top {
            if top.is_none() {
                top = Some((line.indent, kind));
            }
            let number = match kind {
                Kind::Decimal(n) | Kind::Recommendation(n) => Some(n),
                _ => None,
            };
            entries.push(Entry {
                number,
                text,
                numbering: "decimal",
                items: Vec::new(),
            });
            stack.clear();
            stack.push((line.indent, kind));
            continue;
        }
        // A sub-point: deeper than the entry it follows, or a new list under a lead-in.
        while stack.len() > 1 {
            let (indent, k) = stack[stack.len() - 1];
            let same = std::mem::discriminant(&k) == std::mem::discriminant(&kind);
            if (same && line.indent == indent) || line.indent > indent {
                break;
            }
            stack.pop();
        }
        let depth = stack.len();
        let (last_indent, last_kind) = stack[depth - 1];
        let sibling = depth > 1
            && std::mem::discriminant(&last_kind) == std::mem::discriminant(&kind)
            && line.indent <= last_indent;
        let parent_depth = if sibling { depth - 1 } else { depth };
        let Some(parent) = entry_at(&mut entries, parent_depth) else {
            continue;
        };
        if parent.items.is_empty() {
            parent.numbering = numbering(kind);
        }
        parent.items.push(Entry {
            number: None,
            text,
            numbering: "decimal",
            items: Vec::new(),
        });
        if sibling {
            stack.pop();
        }
        stack.push((line.indent, kind));
    }
    // A heading over the list is expected; anything else before the first entry is reported.
    preamble.retain(|l| !is_list_heading(l));
    if !preamble.is_empty() {
        warnings.push(format!(
            "left out {} line{} before the first recommendation: {}",
            preamble.len(),
            if preamble.len() == 1 { "" } else { "s" },
            preamble.join(" ").chars().take(80).collect::<String>()
        ));
    }
    if entries.is_empty() {
        warnings.push(
            "found no numbered recommendations; paste them as the report numbers them (1., 2., …)"
                .to_owned(),
        );
    }
    // Numbers that skip: a sign of a line the copy lost or an entry read as a sub-point.
    let numbers: Vec<u32> = entries.iter().filter_map(|e| e.number).collect();
    for w in numbers.windows(2) {
        if w[1] != w[0] + 1 {
            warnings.push(format!(
                "the numbers go from {} to {}: check nothing was lost between them",
                w[0], w[1]
            ));
        }
    }
    (entries, warnings)
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

/// Quotes a text as a YAML double-quoted scalar.
pub(crate) fn yaml_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn items_yaml(out: &mut String, items: &[Entry], indent: usize) {
    let pad = " ".repeat(indent);
    for i in items {
        if i.items.is_empty() {
            out.push_str(&format!("{pad}- {}\n", yaml_quote(&i.text)));
        } else {
            out.push_str(&format!("{pad}- text: {}\n", yaml_quote(&i.text)));
            if i.numbering != "decimal" {
                out.push_str(&format!("{pad}  numbering: {}\n", i.numbering));
            }
            out.push_str(&format!("{pad}  items:\n"));
            items_yaml(out, &i.items, indent + 4);
        }
    }
}

/// The entries as the YAML of a response's list (`recommendations:` or
/// `areas_for_improvement:`), with the timescale where the text states one.
pub fn yaml(key: &str, entries: &[Entry]) -> String {
    let mut out = format!("{key}:\n");
    for (i, e) in entries.iter().enumerate() {
        out.push_str(&format!(
            "  - number: {}\n",
            e.number.unwrap_or(i as u32 + 1)
        ));
        out.push_str(&format!("    text: {}\n", yaml_quote(&e.text)));
        if let Some((_, words)) = timescale::find(&e.text) {
            out.push_str(&format!(
                "    timescale: {}\n",
                yaml_quote(&as_written(&e.text, &words))
            ));
        }
        if !e.items.is_empty() {
            if e.numbering != "decimal" {
                out.push_str(&format!("    numbering: {}\n", e.numbering));
            }
            out.push_str("    items:\n");
            items_yaml(&mut out, &e.items, 6);
        }
    }
    out
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

/// A previously published response, as plain text, made into a draft response file.
#[derive(Debug, Clone)]
pub struct Draft {
    /// The YAML of the draft.
    pub yaml: String,
    /// What the import was unsure of.
    pub warnings: Vec<String>,
}

/// What a paragraph of a published response is.
enum Para {
    Heading(String),
    List(Vec<String>),
    Text(Vec<String>),
}

fn is_heading(lines: &[&str]) -> bool {
    let [line] = lines else { return false };
    let t = line.trim();
    t.chars().count() <= 90
        && !t.ends_with(['.', '!', '?', ';', ',', '–', ':'])
        && marker(t).is_none()
        && t.chars().next().is_some_and(char::is_uppercase)
}

/// Which section a heading begins, from its words.
fn kind_of(heading: &str) -> &'static str {
    let h = heading.to_lowercase().replace('’', "'");
    let chief = h.contains("chief constable")
        || h.contains("chief officer")
        || h.contains("commissioner of police");
    if h.contains("recommendation") {
        "recommendations"
    } else if h.contains("area") && h.contains("improvement") {
        "areas-for-improvement"
    } else if h.contains("concern") {
        "causes-of-concern"
    } else if (h.contains(" on the ") || h.contains("response to")) && (chief || h.contains("cc's"))
    {
        "response"
    } else if chief {
        "chief-officer-comments"
    } else {
        "comments"
    }
}

/// The text between the first pair of quotes, single or double, curly or straight.
fn quoted(text: &str) -> Option<String> {
    for (open, close) in [('‘', '’'), ('“', '”'), ('"', '"'), ('\'', '\'')] {
        if let Some(a) = text.find(open) {
            let rest = &text[a + open.len_utf8()..];
            if let Some(b) = rest.find(close) {
                return Some(rest[..b].trim().to_owned());
            }
        }
    }
    None
}

/// "published on the 5 August 2022" → 2022-08-05.
fn published_date(text: &str) -> Option<String> {
    let lower = text.to_lowercase();
    let at = lower.find("published")?;
    let words: Vec<&str> = lower[at..].split_whitespace().collect();
    (1..words.len().min(8)).find_map(|i| {
        let w: Vec<&str> = words[i..]
            .iter()
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
            .collect();
        let (day, month, year) = (w.first()?, w.get(1)?, w.get(2)?);
        let day: u8 = day
            .trim_end_matches(|c: char| c.is_ascii_alphabetic())
            .parse()
            .ok()?;
        let m = timescale::MONTHS.iter().position(|n| n == month)?;
        let year: u16 = year.parse().ok()?;
        Some(format!("{year:04}-{:02}-{day:02}", m + 1))
    })
}

/// Reads a previously published response (plain text, such as a copy of its web page) into a
/// draft response file: the sections found by their headings and opening words, the
/// recommendations with their structure, the signature, and everything it could not place
/// kept under `unplaced:`.
pub fn response(pasted: &str) -> Draft {
    let mut warnings = Vec::new();
    let text = pasted.replace('\u{a0}', " ");
    // Paragraphs: runs of lines between blank lines.
    let mut paragraphs: Vec<Vec<&str>> = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            if !current.is_empty() {
                paragraphs.push(std::mem::take(&mut current));
            }
        } else {
            current.push(line.trim_end());
        }
    }
    if !current.is_empty() {
        paragraphs.push(current);
    }
    // The opening: the paragraph that speaks as the body, or cites section 55.
    let opening_at = paragraphs.iter().position(|p| {
        let t = p.join(" ");
        t.trim_start().starts_with("As the ")
            || t.contains("section 55")
            || t.contains("Section 55")
    });
    let Some(opening_at) = opening_at else {
        return Draft {
            yaml: String::new(),
            warnings: vec!["found no opening paragraph (\"As the … Commissioner …\" or one citing section 55): is this a section 55 response?".to_owned()],
        };
    };
    let opening = paragraphs[opening_at]
        .iter()
        .map(|l| l.trim())
        .collect::<Vec<_>>()
        .join(" ");
    // Before it: the title (the last short line), and the page's furniture.
    let before: Vec<String> = paragraphs[..opening_at]
        .iter()
        .map(|p| p.join(" ").trim().to_owned())
        .collect();
    let title = before
        .iter()
        .rev()
        .find(|l| is_heading(&[l.as_str()]))
        .cloned();
    let mut unplaced: Vec<String> = before
        .iter()
        .filter(|l| Some(*l) != title.as_ref())
        .cloned()
        .collect();

    // The rest: headings, lists, text.
    let mut paras: Vec<Para> = Vec::new();
    for p in &paragraphs[opening_at + 1..] {
        let listy =
            p.iter().all(|l| marker(l).is_some()) || (marker(p[0]).is_some() && p.len() > 1);
        if is_heading(p) {
            paras.push(Para::Heading(p[0].trim().to_owned()));
        } else if listy {
            let lines: Vec<String> = p.iter().map(|l| (*l).to_owned()).collect();
            match paras.last_mut() {
                Some(Para::List(list)) => list.extend(lines),
                _ => paras.push(Para::List(lines)),
            }
        } else {
            paras.push(Para::Text(p.iter().map(|l| l.trim().to_owned()).collect()));
        }
    }
    // The signature: the short lines at the very end, after the publication statement.
    let mut signature: Vec<String> = Vec::new();
    while let Some(Para::Heading(h)) = paras.last() {
        signature.insert(0, h.clone());
        paras.pop();
        if signature.len() == 2 {
            break;
        }
    }
    if signature.is_empty() {
        warnings.push("found no signature at the end: add `signature:` by hand".to_owned());
    }

    // Sections, in order.
    let mut sections = String::new();
    let mut recs: Vec<Entry> = Vec::new();
    let mut kind = "comments";
    let mut heading: Option<String> = None;
    let mut body: Vec<String> = Vec::new();
    let mut publication: Option<String> = None;
    let flush = |sections: &mut String,
                 kind: &str,
                 heading: &mut Option<String>,
                 body: &mut Vec<String>| {
        if body.is_empty() && heading.is_none() {
            return;
        }
        sections.push_str(&format!("  - kind: {kind}\n"));
        match heading.take() {
            Some(h) => sections.push_str(&format!("    heading: {}\n", yaml_quote(&h))),
            None => sections.push_str("    heading: false\n"),
        }
        if !body.is_empty() {
            sections.push_str(&format!("    text: {}\n", yaml_quote(&body.join("\n\n"))));
        }
        body.clear();
    };
    for p in paras {
        match p {
            Para::Heading(h) => {
                flush(&mut sections, kind, &mut heading, &mut body);
                kind = kind_of(&h);
                heading = Some(h);
            }
            Para::List(lines) => {
                flush(&mut sections, kind, &mut heading, &mut body);
                let (entries, w) = recommendations(&lines.join("\n"));
                warnings.extend(w);
                if recs.is_empty() {
                    sections.push_str("  - kind: recommendations\n    heading: false\n");
                } else {
                    warnings.push(
                        "found a second list; it is kept with the recommendations: check it"
                            .to_owned(),
                    );
                }
                recs.extend(entries);
            }
            Para::Text(lines) => {
                let t = lines.join(" ");
                if t.contains("will be published") || t.contains("is published on") {
                    publication = Some(t);
                } else {
                    body.push(t);
                }
            }
        }
    }
    flush(&mut sections, kind, &mut heading, &mut body);
    if let Some(p) = &publication {
        sections.push_str(&format!(
            "  - kind: publication\n    heading: false\n    text: {}\n",
            yaml_quote(p)
        ));
    }

    // What the opening says about the report and the body.
    let report_title = quoted(&opening);
    let published = published_date(&opening);
    let area = opening
        .split("Commissioner for ")
        .nth(1)
        .map(|r| {
            r.split([' ', ',', '('])
                .next()
                .unwrap_or_default()
                .to_owned()
        })
        .filter(|a| !a.is_empty());
    let force = report_title
        .as_deref()
        .and_then(|t| t.split(['–', '-']).next())
        .map(|f| f.trim().to_owned())
        .filter(|f| {
            f.ends_with("Police") || f.ends_with("Constabulary") || f.contains("Police Service")
        });
    // "Chief Constable Tedds": a capitalised name on the same line.
    let chief = text.split("Chief Constable ").skip(1).find_map(|r| {
        let line = r.lines().next().unwrap_or_default();
        let word = line.split_whitespace().next()?;
        let name = word.trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
        (name.chars().count() > 2 && name.chars().next().is_some_and(char::is_uppercase))
            .then(|| name.to_owned())
    });
    for (found, what) in [
        (report_title.is_none(), "the report's title"),
        (published.is_none(), "the report's publication date"),
        (area.is_none(), "the police area"),
        (force.is_none(), "the force's name"),
    ] {
        if found {
            warnings.push(format!("could not find {what}: fill in the TODO"));
        }
    }
    if chief.is_some() {
        warnings.push(
            "the chief officer's name is only a surname from the text: give the full name"
                .to_owned(),
        );
    }
    warnings.push(
        "the kind of report and the body's kind are guesses (`other`, `pcc`): check them"
            .to_owned(),
    );

    let (sig_name, post, sig_title) = match signature.as_slice() {
        [name, title] | [name, title, ..] => {
            let mut words: Vec<&str> = name.split_whitespace().collect();
            let post = match words.last() {
                Some(w)
                    if w.len() <= 5
                        && w.chars().all(|c| c.is_ascii_uppercase())
                        && words.len() > 1 =>
                {
                    let p = (*w).to_owned();
                    words.pop();
                    Some(p)
                }
                _ => None,
            };
            (Some(words.join(" ")), post, Some(title.clone()))
        }
        [name] => (Some(name.clone()), None, None),
        [] => (None, None, None),
    };
    if !unplaced.is_empty() {
        warnings.push(format!(
            "kept {} line{} the import could not place under `unplaced:`: move or delete them",
            unplaced.len(),
            if unplaced.len() == 1 { "" } else { "s" }
        ));
    }
    let todo =
        |v: Option<String>, what: &str| yaml_quote(&v.unwrap_or_else(|| format!("TODO: {what}")));
    let mut y = String::from(
        "# Imported by s55 from a published response: check every TODO and warning.\n",
    );
    if let Some(t) = &title {
        y.push_str(&format!("title: {}\n", yaml_quote(t)));
    }
    y.push_str(&format!(
        "body:\n  kind: pcc\n  area: {}\ncommissioner:\n  name: {}\n",
        todo(area, "the police area"),
        todo(sig_name, "the commissioner's name")
    ));
    if let Some(p) = post {
        y.push_str(&format!("  post_nominals: {}\n", yaml_quote(&p)));
    }
    if let Some(t) = sig_title {
        y.push_str(&format!("  title: {}\n", yaml_quote(&t)));
    }
    y.push_str(&format!(
        "chief_officer:\n  name: {}\nforce: {}\nreport:\n  title: {}\n  kind: other\n  published: {}\nopening: {}\nsections:\n{sections}",
        todo(chief, "the chief officer's name"),
        todo(force, "the force's name"),
        todo(report_title, "the report's title"),
        published.unwrap_or_else(|| "\"TODO: YYYY-MM-DD\"".to_owned()),
        yaml_quote(&opening),
    ));
    if !recs.is_empty() {
        y.push_str(&yaml("recommendations", &recs));
    }
    if !unplaced.is_empty() {
        unplaced.retain(|l| !l.is_empty());
        y.push_str("unplaced:\n");
        for l in &unplaced {
            y.push_str(&format!("  - {}\n", yaml_quote(l)));
        }
    }
    Draft { yaml: y, warnings }
}
