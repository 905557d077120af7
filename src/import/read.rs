//! Reading an input as text, whatever its format: plain text, a saved web page, a PDF, a
//! Word document. The format is told from the content (its first bytes), not the name.
//!
//! Policy: a web page keeps its own headings, paragraphs, list items and table rows, one to a
//! paragraph, and loses its navigation, banners, scripts and footer; a PDF keeps its reading
//! order, joins a word broken after a hyphen at a line end (keeping the hyphen) and drops running headers and page numbers; a
//! Word document keeps its paragraphs and table rows. What cannot be read as text at all is
//! an error that says why, so nothing is written.

use std::fmt;

use super::docx::{List, item_marker};

/// Why an input could not be read as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError(pub String);

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ReadError {}

/// The formats an input can be in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text.
    Text,
    /// A saved web page.
    Html,
    /// A PDF.
    Pdf,
    /// A Word document (.docx).
    Docx,
}

/// The format, from the first bytes.
pub fn format(bytes: &[u8]) -> Format {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_lowercase();
    if bytes.starts_with(b"%PDF") {
        Format::Pdf
    } else if bytes.starts_with(b"PK\x03\x04") {
        Format::Docx
    } else if head.trim_start().starts_with("<!doctype html")
        || head.contains("<html")
        || head.contains("<body")
    {
        Format::Html
    } else {
        Format::Text
    }
}

/// The input as text.
pub fn read(bytes: &[u8]) -> Result<String, ReadError> {
    Input::read(bytes).map(|i| i.text)
}

/// An input read as text, with what is needed to point a warning about a line of that text
/// at its place in the input: the same line of a text file, the line of a web page's source
/// that holds the words, a PDF's page, a Word document's paragraph.
#[derive(Debug, Clone)]
pub struct Input {
    /// The text the importers read.
    pub text: String,
    /// Where the text's lines came from.
    origin: Origin,
    /// Where each line of the text starts, so that a warning finds its line at once: found
    /// again for each of thousands of warnings, an import took time growing with the square
    /// of its input.
    lines: crate::diag::Lines,
}

/// Where the lines of an input's text came from.
#[derive(Debug, Clone)]
enum Origin {
    /// They are the input's own lines.
    Text,
    /// From a web page: its source.
    Html(String),
    /// From a PDF: each line's page, from 1.
    Pages(Vec<usize>),
    /// From a Word document: each line's paragraph, from 1.
    Paragraphs(Vec<usize>),
}

impl Input {
    /// Reads an input, whatever its format; an error for what holds no text to import.
    pub fn read(bytes: &[u8]) -> Result<Input, ReadError> {
        let (text, origin) = match format(bytes) {
            Format::Pdf => {
                let (text, pages) = pdf(bytes)?;
                (text, Origin::Pages(pages))
            }
            Format::Docx => {
                let text = super::docx::docx(bytes).map_err(ReadError)?;
                let mut n = 0;
                let mut blank = true;
                let paras = text
                    .lines()
                    .map(|l| {
                        if blank && !l.trim().is_empty() {
                            n += 1;
                        }
                        blank = l.trim().is_empty();
                        n.max(1)
                    })
                    .collect();
                (text, Origin::Paragraphs(paras))
            }
            Format::Html => {
                let source = String::from_utf8_lossy(bytes).into_owned();
                (html(&source)?, Origin::Html(source))
            }
            Format::Text => (plain(bytes)?, Origin::Text),
        };
        if text.trim().is_empty() {
            return Err(ReadError(
                "the input has no text to import: it is empty".to_owned(),
            ));
        }
        let lines = crate::diag::Lines::new(&text);
        Ok(Input {
            text,
            origin,
            lines,
        })
    }

    /// The input's own text, where a line of it can be shown: the text, or the page's source.
    pub fn source(&self) -> &str {
        match &self.origin {
            Origin::Html(s) => s,
            _ => &self.text,
        }
    }

    /// A warning as a diagnostic at its place in the input, with the name to show it against
    /// (the input's name, with the page or paragraph for a PDF or Word document).
    /// Only the first [`POSITIONED`] warnings of a web page are found in its source, each
    /// search reading the whole page.
    pub fn diagnostic(
        &self,
        name: &str,
        w: &super::Warning,
        nth: usize,
    ) -> (String, crate::diag::Diagnostic) {
        use crate::diag::{Diagnostic, Position};
        let d = Diagnostic::warning(w.message.clone());
        let Some(line) = w.line else {
            return (name.to_owned(), d);
        };
        let at = |line: usize, column: usize, text: &str| {
            let rest = text.chars().count().saturating_sub(column - 1);
            let width = w
                .near
                .as_deref()
                .map_or(rest, |n| n.chars().count().min(rest))
                .max(1);
            Position {
                line,
                column,
                width,
            }
        };
        let nth_of = |v: &[usize]| v.get(line - 1).copied();
        let text = self.lines.line(&self.text, line).unwrap_or_default();
        match &self.origin {
            Origin::Text => {
                let column = w
                    .column
                    .unwrap_or_else(|| text.chars().take_while(|c| c.is_whitespace()).count() + 1);
                (name.to_owned(), d.at_position(at(line, column, text)))
            }
            Origin::Html(_) if nth >= POSITIONED => (name.to_owned(), d),
            Origin::Html(source) => match find_in_source(source, text) {
                Some((l, c, shown)) => (name.to_owned(), d.at_position(at(l, c, shown))),
                None => (name.to_owned(), d),
            },
            Origin::Pages(pages) => match nth_of(pages) {
                Some(p) => (format!("{name}, page {p}"), d),
                None => (name.to_owned(), d),
            },
            Origin::Paragraphs(paras) => match nth_of(paras) {
                Some(p) => (format!("{name}, paragraph {p}"), d),
                None => (name.to_owned(), d),
            },
        }
    }
}

/// How many of a web page's warnings are found in its source.
pub const POSITIONED: usize = 200;

/// Where the words of a line of a page's text stand in the page's source: the line and
/// column of their first plain words (those the source cannot have written as entities),
/// and the rest of that source line.
fn find_in_source<'a>(source: &'a str, text: &str) -> Option<(usize, usize, &'a str)> {
    let plain = |t: &str| -> String {
        let t = t.trim().trim_start_matches('•').trim();
        t.chars()
            .take_while(|c| c.is_alphanumeric() || *c == ' ' || *c == ',')
            .collect::<String>()
            .trim()
            .to_owned()
    };
    // A table row is found where its first cell is followed by its second.
    let cells: Vec<String> = text
        .split('|')
        .map(plain)
        .filter(|c| c.chars().count() >= 2)
        .collect();
    let words = cells.first()?;
    if cells.len() < 2 && words.chars().count() < 6 {
        return None;
    }
    // Of the places the first cell's words stand in the page's body, the one nearest before
    // the second's.
    let body = source.find("<body").unwrap_or(0);
    let at = source
        .match_indices(words.as_str())
        .map(|(i, _)| i)
        .filter(|i| *i >= body)
        .filter_map(|i| match cells.get(1) {
            None => Some((0, i)),
            Some(next) => source[i..].find(next.as_str()).map(|d| (d, i)),
        })
        .min_by_key(|(d, _)| *d)
        .map(|(_, i)| i)?;
    let before = &source[..at];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    let end = source[at..].find('\n').map_or(source.len(), |i| at + i);
    Some((
        line,
        source[start..at].chars().count() + 1,
        &source[start..end],
    ))
}

/// Plain text: UTF-8 (or Latin-1 read as such), or UTF-16 with its byte order mark (as
/// Windows' Notepad saves "Unicode" text); a file with NUL bytes or mostly control
/// characters is not text.
fn plain(bytes: &[u8]) -> Result<String, ReadError> {
    if let Some(text) = utf16(bytes) {
        return text;
    }
    let control = bytes
        .iter()
        .filter(|b| **b < 9 || (**b > 13 && **b < 32))
        .count();
    if bytes.contains(&0) || control * 20 > bytes.len().max(1) {
        return Err(ReadError(
            "the input is not text (nor a web page, PDF or Word document): nothing to import"
                .to_owned(),
        ));
    }
    Ok(match std::str::from_utf8(bytes) {
        Ok(s) => s.strip_prefix('\u{feff}').unwrap_or(s).to_owned(),
        Err(_) => bytes.iter().map(|b| char::from(*b)).collect(),
    })
}

/// UTF-16 text, told by its byte order mark: decoded, or refused where it is not UTF-16
/// after all.
fn utf16(bytes: &[u8]) -> Option<Result<String, ReadError>> {
    let little = bytes.starts_with(b"\xFF\xFE");
    if !(little || bytes.starts_with(b"\xFE\xFF")) {
        return None;
    }
    let units: Vec<u16> = bytes[2..]
        .chunks(2)
        .map(|p| {
            let pair = [p[0], p.get(1).copied().unwrap_or(0)];
            if little {
                u16::from_le_bytes(pair)
            } else {
                u16::from_be_bytes(pair)
            }
        })
        .collect();
    Some(
        String::from_utf16(&units)
            .ok()
            .filter(|_| bytes.len().is_multiple_of(2))
            .ok_or_else(|| {
                ReadError(
                    "the input starts as UTF-16 text but is not UTF-16 throughout: save it \
                     again as UTF-8 text"
                        .to_owned(),
                )
            }),
    )
}

/// Elements whose text is never the document's.
const SKIP: [&str; 11] = [
    "script", "style", "nav", "header", "footer", "noscript", "template", "svg", "form", "button",
    "aside",
];
/// Elements that hold one paragraph each.
const BLOCKS: [&str; 12] = [
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "tr",
    "blockquote",
    "dt",
    "dd",
];

/// A saved web page: the text of its main part (the `main` or `article` element when there is
/// one), each heading, paragraph, list item and table row a paragraph of its own.
fn html(source: &str) -> Result<String, ReadError> {
    use scraper::{Html, Selector};
    if let Some(at) = super::limits::html_too_deep(source) {
        return Err(ReadError(format!(
            "this web page nests its elements more than {} deep (by line {}): a real page \
             nests a few dozen, so nothing was imported; save the page again from the browser, \
             or copy its text into a plain text file",
            super::limits::MAX_HTML_DEPTH,
            source[..at].matches('\n').count() + 1
        )));
    }
    let doc = Html::parse_document(source);
    let root = ["main", "article", "body"]
        .iter()
        .filter_map(|s| Selector::parse(s).ok())
        .find_map(|s| doc.select(&s).next());
    let mut out = String::new();
    if let Some(root) = root {
        walk(*root, &mut out, 0, &mut Vec::new());
    }
    // Runs of blank lines from nested blocks become one, in one pass.
    let mut tidy = String::with_capacity(out.len());
    let mut newlines = 0;
    for c in out.chars() {
        if c == '\n' {
            newlines += 1;
            if newlines > 2 {
                continue;
            }
        } else {
            newlines = 0;
        }
        tidy.push(c);
    }
    Ok(tidy)
}

/// Writes a node's text: each block a paragraph; each list item marked as the page shows it
/// (its number in a numbered list, a bullet otherwise) and indented by its list's depth, so
/// that the findings importer reads the report's numbering and nesting.
fn walk(
    node: ego_tree::NodeRef<scraper::Node>,
    out: &mut String,
    depth: usize,
    lists: &mut Vec<List>,
) {
    // The page was checked for depth before it was parsed; this holds whatever the parser
    // made of it.
    if depth > super::limits::MAX_HTML_DEPTH * 2 {
        return;
    }
    for child in node.children() {
        match child.value() {
            scraper::Node::Text(t) => {
                let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
                if !t.is_empty() {
                    if !out.is_empty() && !out.ends_with(['\n', ' ']) {
                        out.push(' ');
                    }
                    out.push_str(&t);
                }
            }
            scraper::Node::Element(e) => {
                let name = e.name();
                let hidden = e.attr("hidden").is_some()
                    || e.attr("aria-hidden") == Some("true")
                    || e.attr("role")
                        .is_some_and(|r| r == "navigation" || r == "banner" || r == "contentinfo")
                    || e.attr("class").is_some_and(|c| c.contains("cookie"))
                    || e.attr("id").is_some_and(|c| c.contains("cookie"));
                if SKIP.contains(&name) || hidden {
                    continue;
                }
                if name == "table" {
                    table(child, out);
                    continue;
                }
                let block = BLOCKS.contains(&name)
                    || matches!(name, "div" | "section" | "table" | "ul" | "ol");
                if block {
                    out.push_str("\n\n");
                }
                if matches!(name, "ul" | "ol") {
                    let kind = (name == "ol").then(|| {
                        e.attr("type")
                            .and_then(|t| t.chars().next())
                            .map_or('1', |c| c.to_ascii_lowercase())
                    });
                    let next = e.attr("start").and_then(|v| v.parse().ok()).unwrap_or(1);
                    lists.push(List { kind, next });
                }
                if name == "li" {
                    let level = lists.len().saturating_sub(1);
                    match lists.last_mut() {
                        Some(list) => {
                            out.push_str(&"  ".repeat(level));
                            out.push_str(&item_marker(list));
                            list.next += 1;
                        }
                        None => out.push_str("• "),
                    }
                }
                if name == "br" {
                    out.push('\n');
                }
                if matches!(name, "td" | "th") && !out.ends_with(['\n', ' ']) {
                    out.push_str(" | ");
                }
                walk(child, out, depth + 1, lists);
                if matches!(name, "ul" | "ol") {
                    lists.pop();
                }
                if block {
                    out.push_str("\n\n");
                }
            }
            _ => {}
        }
    }
}

/// A table as pipe rows, one line each ("| Recommendation | Status |"), so that a table of
/// findings is read by its header row; a cell's paragraphs are joined with spaces.
fn table(node: ego_tree::NodeRef<scraper::Node>, out: &mut String) {
    let mut rows: Vec<Vec<String>> = Vec::new();
    for d in node.descendants() {
        let Some(e) = d.value().as_element() else {
            continue;
        };
        // A table inside a cell is read as that cell's text.
        let inner = d
            .ancestors()
            .take_while(|a| a.id() != node.id())
            .any(|a| a.value().as_element().is_some_and(|e| e.name() == "table"));
        if inner {
            continue;
        }
        match e.name() {
            "tr" => rows.push(Vec::new()),
            "td" | "th" => {
                let mut cell = String::new();
                walk(d, &mut cell, 0, &mut Vec::new());
                let cell = cell.split_whitespace().collect::<Vec<_>>().join(" ");
                if let Some(r) = rows.last_mut() {
                    r.push(cell);
                }
            }
            _ => {}
        }
    }
    out.push_str("\n\n");
    for r in rows.iter().filter(|r| r.iter().any(|c| !c.is_empty())) {
        out.push_str("| ");
        out.push_str(&r.join(" | "));
        out.push_str(" |\n");
    }
    out.push('\n');
}

/// A PDF's text, page by page: running headers and footers (a line on most pages) and page
/// numbers dropped, words hyphenated at a line end joined; with each line's page.
fn pdf(bytes: &[u8]) -> Result<(String, Vec<usize>), ReadError> {
    let doc = super::pdftext::load(bytes)
        .map_err(|e| ReadError(format!("this PDF cannot be read: {e}")))?;
    // A PDF locked with a password to open it is still encrypted once loaded (one locked
    // only against editing opens with the empty password and reads as any other).
    if doc.is_encrypted() {
        return Err(ReadError(
            "this PDF is encrypted with a password, so its text cannot be read: import an unprotected copy or its text".to_owned(),
        ));
    }
    let texts = super::pdftext::pages(&doc)
        .map_err(|e| ReadError(format!("this PDF cannot be read: {e}")))?;
    if texts.iter().all(|t| t.trim().is_empty()) {
        return Err(ReadError(
            "this PDF has no text to import: it may be scanned".to_owned(),
        ));
    }
    Ok(join_pages(&texts))
}

/// The pages' text as one, without the lines repeated on most pages or page numbers, with
/// the page (from 1) of each line of it.
pub(crate) fn join_pages(pages: &[String]) -> (String, Vec<usize>) {
    let mut counts: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for p in pages {
        let mut seen = std::collections::HashSet::new();
        for l in p
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && l.len() < 90)
        {
            if seen.insert(l) {
                *counts.entry(l).or_default() += 1;
            }
        }
    }
    let running = |l: &str| pages.len() >= 3 && counts.get(l).is_some_and(|n| *n * 2 > pages.len());
    let page_number = |l: &str| {
        let l = l.trim();
        (!l.is_empty() && l.len() <= 4 && l.chars().all(|c| c.is_ascii_digit()))
            || (l.starts_with("Page ")
                && l.split_whitespace()
                    .nth(1)
                    .is_some_and(|n| n.parse::<u32>().is_ok()))
    };
    // A PDF keeps no paragraph breaks, only lines: a line well short of the full width ends
    // its paragraph (a heading, a paragraph's last line), so a blank line follows it.
    let mut widths: Vec<usize> = pages
        .iter()
        .flat_map(|p| p.lines())
        .map(|l| l.trim().chars().count())
        .filter(|n| *n > 0)
        .collect();
    widths.sort_unstable();
    let full = widths.get(widths.len() * 9 / 10).copied().unwrap_or(0);
    let mut out = String::new();
    let mut at: Vec<usize> = Vec::new();
    let mut short = false;
    for (n, p) in pages.iter().enumerate() {
        for line in p.lines() {
            let t = line.trim_end();
            if running(t.trim()) || page_number(t) {
                continue;
            }
            if short && !t.trim().is_empty() && !out.ends_with("\n\n") {
                out.push('\n');
                at.push(n + 1);
            }
            let width = t.trim().chars().count();
            short = width > 0 && width * 5 < full * 4;
            // A line ending in a hyphen before a word in lower case: the word runs on. A
            // syllable broken off ("im-" / "prove") loses the hyphen; between two parts that
            // are words of their own ("crime-" / "related") it is a compound's, and stays.
            if out.ends_with('-')
                && t.trim_start()
                    .chars()
                    .next()
                    .is_some_and(char::is_lowercase)
            {
                let before = out[..out.len() - 1]
                    .chars()
                    .rev()
                    .take_while(|c| c.is_alphabetic())
                    .count();
                let after = t
                    .trim_start()
                    .chars()
                    .take_while(|c| c.is_alphabetic())
                    .count();
                if before <= 3 || after <= 3 {
                    out.pop();
                }
                out.push_str(t.trim_start());
            } else {
                if !out.is_empty() {
                    out.push('\n');
                }
                out.push_str(t);
                at.push(n + 1);
            }
        }
        out.push('\n');
        at.push(n + 1);
    }
    (out, at)
}

#[cfg(test)]
mod tests;
