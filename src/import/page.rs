//! What a copied page adds around its findings, taken away before they are read: a tracker's
//! and the register's layout, page numbers and running headers, the page's furniture (titles,
//! dates, breadcrumbs, banners, print headers), ligatures, markers on lines of their own and
//! bullets run into one line.

use std::collections::HashMap;

use super::entries::{Label, marker};
use super::nesting::{labelled, list_heading};

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
pub(super) type Numbered = (usize, String);

/// A tracker's page, where each entry is its number on a line of its own, a status line,
/// the text, and an owner line: rewritten as "N. text" with labelled lines after it.
pub(super) fn untrack(lines: &[Numbered]) -> Option<Vec<Numbered>> {
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
pub(super) fn unregister(lines: Vec<Numbered>) -> Vec<Numbered> {
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
pub(super) fn noise(lines: &[Numbered]) -> Vec<bool> {
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
pub(super) const RESTATED: [&str; 3] = [
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
pub(super) fn unfurnish(lines: Vec<Numbered>) -> (Vec<Numbered>, Vec<(usize, String)>) {
    let mut kept = Vec::new();
    let mut furniture_lines = Vec::new();
    // What the last line of furniture was: a browser's print header (its date), after which
    // comes the page's title; or its print footer (the address), after which comes the page
    // counter ("1/2").
    let mut after: Option<&str> = None;
    for (no, l) in lines {
        let t = l.trim();
        if t.is_empty() {
            kept.push((no, l));
            continue;
        }
        let follows = match after.take() {
            Some("header") => {
                t.split_whitespace().count() <= 12
                    && !t.ends_with(['.', ':', ';'])
                    && marker(t).is_none()
                    && labelled(t).is_none()
                    && list_heading(t).is_none()
            }
            // The counter, whole or in the pieces a PDF may draw it in ("1", "/", "2").
            Some("footer") => page_counter(t) || t.chars().all(|c| c == '/' || c.is_ascii_digit()),
            _ => false,
        };
        if follows || furniture(&l) {
            let lower = t.to_lowercase();
            let piece = follows && t.chars().all(|c| c == '/' || c.is_ascii_digit());
            after = if lower.starts_with("file:///") || lower.starts_with("about:blank") || piece {
                Some("footer")
            } else if !follows && (t.ends_with(" AM") || t.ends_with(" PM")) {
                // The date alone: the page's title is drawn as a line of its own after it.
                Some("header")
            } else {
                None
            };
            furniture_lines.push((no, t.to_owned()));
        } else {
            kept.push((no, l));
        }
    }
    (kept, furniture_lines)
}

/// A browser's page counter in its print footer: "1/2", "12/12".
fn page_counter(t: &str) -> bool {
    t.split_once('/').is_some_and(|(a, b)| {
        !a.is_empty()
            && !b.is_empty()
            && a.len() <= 3
            && b.len() <= 3
            && a.chars().chain(b.chars()).all(|c| c.is_ascii_digit())
    })
}

/// The typesetter's ligatures a PDF copy keeps ("identiﬁes") as the letters they join, so
/// that the finding's words are the report's words, found by search and spelled as typed.
pub(super) fn unligature(lines: Vec<Numbered>) -> Vec<Numbered> {
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
pub(super) fn join_lone_markers(lines: Vec<Numbered>) -> Vec<Numbered> {
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
pub(super) fn split_run_in_bullets(lines: Vec<Numbered>) -> Vec<Numbered> {
    let mut out = Vec::new();
    for (no, l) in lines {
        let t = l.trim_start();
        // "This work should include: ◦a review …;◦a review …; and◦a review …": the
        // register prints a recommendation's points run into its paragraph.
        if t.matches('◦').count() >= 2
            && let Some((lead, points)) = t.split_once('◦')
        {
            out.push((no, lead.trim_end().to_owned()));
            for part in points.split('◦') {
                let part = part.trim();
                if !part.is_empty() {
                    out.push((no, format!("  • {part}")));
                }
            }
            continue;
        }
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
pub(super) fn headed_causes(mut lines: Vec<Numbered>) -> Vec<Numbered> {
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

/// A tracker that heads each area for improvement "AFI" on a line of its own, its
/// statement on the next line, what the report says about it after, and the force it is
/// for on a short last line: rewritten as "Area for improvement: statement" and "Owner:".
pub(super) fn unlabel(lines: Vec<Numbered>) -> Vec<Numbered> {
    let bare = |l: &str| l.trim().eq_ignore_ascii_case("afi");
    if !lines.iter().any(|(_, l)| bare(l)) {
        return lines;
    }
    let short = |l: &str| {
        let t = l.trim();
        !t.is_empty() && t.split_whitespace().count() <= 5 && !t.ends_with(['.', ';', ':', ','])
    };
    let mut out: Vec<Numbered> = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        let (no, l) = &lines[i];
        if bare(l)
            && let Some((tno, text)) = lines.get(i + 1)
        {
            // The line before the label, if short, names whom the last one is for.
            let after_one = out
                .iter()
                .any(|(_, o)| o.starts_with("Area for improvement:"));
            if let Some(last) = out.last_mut()
                && after_one
                && short(&last.1)
                && !last.1.starts_with("Area for improvement:")
            {
                last.1 = format!("Owner: {}", last.1.trim());
            }
            out.push((*tno, format!("Area for improvement: {}", text.trim())));
            i += 2;
            continue;
        }
        out.push((*no, l.clone()));
        i += 1;
    }
    out
}
