//! A published response's text as blocks (paragraphs, list items, headings), each with what
//! it looks like it is.
//!
//! Policy: a block is judged on its own words only (the walker in `response` decides what it
//! means from where it stands); page furniture is recognised by the phrases sites use, and
//! nothing is dropped here.

use super::entries::marker;

/// A paragraph or list item, with the line it starts on and its lines as written.
#[derive(Debug, Clone)]
pub(crate) struct Block {
    /// The first line's number in the input, from 1.
    pub line: usize,
    /// The lines, trailing spaces removed, indentation kept (list nesting needs it).
    pub lines: Vec<String>,
}

impl Block {
    /// The text, its lines joined with single spaces.
    pub fn text(&self) -> String {
        self.lines
            .iter()
            .map(|l| l.trim())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// What a block looks like.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Look {
    /// A site's menus, banners and footers.
    Furniture,
    /// A date alone ("17th April 2023", "Posted on Thursday 9th November 2017").
    Date,
    /// "Dear Home Secretary,".
    Salutation,
    /// "Yours sincerely".
    Closing,
    /// "Response by NAME, TITLE:" or "Comment from NAME, the …".
    Responder,
    /// A short line that heads what follows.
    Heading,
    /// A numbered, lettered or bulleted item.
    Item,
    /// Running text.
    Text,
}

const FURNITURE: [&str; 34] = [
    "take our survey",
    "from left to right",
    "skip to",
    "cookie",
    "open menu",
    "text size",
    "resize text",
    "switch to",
    "youtube",
    "have your say",
    "change font size",
    "main content is below",
    " logo",
    "we value your privacy",
    "this site is a beta",
    "technical problem",
    "quickly exit",
    "your feedback helps",
    "for police emergencies",
    "for non emergencies",
    "contact the pfcc",
    "this page provides links",
    "please note that the",
    "are available below",
    "follow us on",
    "share this page",
    "print this page",
    "publication type:",
    "key information",
    "back to top",
    "accessibility statement",
    "privacy notice",
    "sign up to our newsletter",
    "leave this site",
];

/// Whether a block is page furniture.
fn furniture(t: &str) -> bool {
    let l = t.to_lowercase();
    FURNITURE.iter().any(|f| l.contains(f))
        || matches!(
            l.trim(),
            "home" | "menu" | "contents" | "search" | "youtube"
        )
}

/// Whether a line is short and shaped like a heading.
pub(crate) fn heading_like(t: &str) -> bool {
    let t = t.trim();
    t.chars().count() <= 130
        && t.split_whitespace().count() <= 20
        && !t.ends_with(['.', '!', '?', ';', ',', ':', '”', '"', '–', '-'])
        && !t.starts_with("I ")
        && !t.starts_with(['“', '"', '‘'])
        && marker(t).is_none()
        && t.chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || c == '\'')
}

/// Whether a block is a date alone, with the words sites put before one.
fn date_alone(t: &str) -> bool {
    let mut rest = t.trim().trim_end_matches('.');
    for p in [
        "Posted on",
        "Last Updated:",
        "Published:",
        "Published on",
        "Dyddiad",
        "date",
        "Date:",
        "Start date:",
    ] {
        rest = rest.strip_prefix(p).unwrap_or(rest).trim();
    }
    let found = super::dates::dates(rest);
    found.len() == 1 && rest.split_whitespace().count() <= 5 && !found[0].month_only
}

impl Look {
    /// What a block looks like, from its words.
    pub fn of(block: &Block) -> Look {
        let t = block.text();
        let lower = t.to_lowercase();
        if furniture(&t) {
            Look::Furniture
        } else if date_alone(&t) {
            Look::Date
        } else if t.starts_with("Dear ") && t.len() < 80 {
            Look::Salutation
        } else if [
            "yours sincerely",
            "yours faithfully",
            "kind regards",
            "yn gywir",
        ]
        .iter()
        .any(|c| lower.starts_with(c))
        {
            Look::Closing
        } else if (t.starts_with("Response by ") || t.starts_with("Comment from "))
            && lower.contains("commissioner")
            && t.len() < 120
        {
            Look::Responder
        } else if block.lines.first().is_some_and(|l| marker(l).is_some()) {
            Look::Item
        } else if heading_like(&t) {
            Look::Heading
        } else {
            Look::Text
        }
    }
}

/// The text as blocks: a blank line ends one; so does a line that ends a sentence, or a short
/// line, when the next starts anew (copies of web pages put one paragraph on a line, copies
/// of PDFs wrap them).
pub(crate) fn blocks(text: &str) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    let mut open = false;
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim_end();
        if line.trim().is_empty() {
            open = false;
            continue;
        }
        let joins = open
            && out.last().is_some_and(|b| {
                let prev = b.lines.last().map(|l| l.trim()).unwrap_or_default();
                let t = line.trim();
                let ended = prev.ends_with(['.', '!', '?', ':', ';', '”', '"', '’'])
                    || heading_like(prev) && prev.chars().count() < 70;
                // A table's rows make one block, and no other line joins them.
                if t.starts_with('|') || prev.starts_with('|') {
                    return t.starts_with('|') && prev.starts_with('|');
                }
                marker(t).is_none()
                    && !t.starts_with(['“', '"'])
                    && (!ended || t.chars().next().is_some_and(char::is_lowercase))
                    && (prev.chars().count() > 50
                        || t.chars().next().is_some_and(char::is_lowercase))
            });
        if joins {
            if let Some(b) = out.last_mut() {
                b.lines.push(line.to_owned());
            }
        } else {
            out.push(Block {
                line: i + 1,
                lines: vec![line.to_owned()],
            });
        }
        open = true;
    }
    out
}
