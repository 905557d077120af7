//! Reading an input as text, whatever its format: plain text, a saved web page, a PDF, a
//! Word document. The format is told from the content (its first bytes), not the name.
//!
//! Policy: a web page keeps its own headings, paragraphs, list items and table rows, one to a
//! paragraph, and loses its navigation, banners, scripts and footer; a PDF keeps its reading
//! order, joins words hyphenated at a line end and drops running headers and page numbers; a
//! Word document keeps its paragraphs and table rows. What cannot be read as text at all is
//! an error that says why, so nothing is written.

use std::fmt;
use std::io::Read as _;

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
                let text = docx(bytes)?;
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
                (html(&source), Origin::Html(source))
            }
            Format::Text => (plain(bytes)?, Origin::Text),
        };
        if text.trim().is_empty() {
            return Err(ReadError(
                "the input has no text to import: it is empty".to_owned(),
            ));
        }
        Ok(Input { text, origin })
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
    pub fn diagnostic(&self, name: &str, w: &super::Warning) -> (String, crate::diag::Diagnostic) {
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
        let nth = |v: &[usize]| v.get(line - 1).copied();
        match &self.origin {
            Origin::Text => {
                let text = self.text.lines().nth(line - 1).unwrap_or_default();
                let column = w
                    .column
                    .unwrap_or_else(|| text.chars().take_while(|c| c.is_whitespace()).count() + 1);
                (name.to_owned(), d.at_position(at(line, column, text)))
            }
            Origin::Html(source) => {
                let text = self.text.lines().nth(line - 1).unwrap_or_default();
                match find_in_source(source, text) {
                    Some((l, c, shown)) => (name.to_owned(), d.at_position(at(l, c, shown))),
                    None => (name.to_owned(), d),
                }
            }
            Origin::Pages(pages) => match nth(pages) {
                Some(p) => (format!("{name}, page {p}"), d),
                None => (name.to_owned(), d),
            },
            Origin::Paragraphs(paras) => match nth(paras) {
                Some(p) => (format!("{name}, paragraph {p}"), d),
                None => (name.to_owned(), d),
            },
        }
    }
}

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

/// Plain text: UTF-8 (or Latin-1 read as such); a file with NUL bytes or mostly control
/// characters is not text.
fn plain(bytes: &[u8]) -> Result<String, ReadError> {
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
        Ok(s) => s.to_owned(),
        Err(_) => bytes.iter().map(|b| char::from(*b)).collect(),
    })
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
fn html(source: &str) -> String {
    use scraper::{Html, Selector};
    let doc = Html::parse_document(source);
    let root = ["main", "article", "body"]
        .iter()
        .filter_map(|s| Selector::parse(s).ok())
        .find_map(|s| doc.select(&s).next());
    let mut out = String::new();
    if let Some(root) = root {
        walk(*root, &mut out);
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
    tidy
}

fn walk(node: ego_tree::NodeRef<scraper::Node>, out: &mut String) {
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
                if name == "li" {
                    out.push_str("• ");
                }
                if name == "br" {
                    out.push('\n');
                }
                if matches!(name, "td" | "th") && !out.ends_with(['\n', ' ']) {
                    out.push_str(" | ");
                }
                walk(child, out);
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
                walk(d, &mut cell);
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
    let doc = lopdf::Document::load_mem(bytes)
        .map_err(|e| ReadError(format!("this PDF cannot be read: {e}")))?;
    // A PDF locked with a password to open it is still encrypted once loaded (one locked
    // only against editing opens with the empty password and reads as any other).
    if doc.is_encrypted() {
        return Err(ReadError(
            "this PDF is encrypted with a password, so its text cannot be read: import an unprotected copy or its text".to_owned(),
        ));
    }
    let texts = super::pdftext::pages(&doc);
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
            if out.ends_with('-')
                && t.trim_start()
                    .chars()
                    .next()
                    .is_some_and(char::is_lowercase)
            {
                out.pop();
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

/// A Word document's paragraphs (`w:p`), each a paragraph, and tables (`w:tbl`), each row a
/// pipe row ("| a | b |") on a line of its own; list paragraphs (`w:numPr`) begin with a
/// bullet.
fn docx(bytes: &[u8]) -> Result<String, ReadError> {
    let bad = |e: String| {
        ReadError(format!(
            "this Word document cannot be read (it may be damaged or only partly downloaded): {e}"
        ))
    };
    let mut zip =
        zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| bad(e.to_string()))?;
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .map_err(|e| bad(e.to_string()))?
        .read_to_string(&mut xml)
        .map_err(|e| bad(e.to_string()))?;
    docx_text(&xml).map_err(bad)
}

fn docx_text(xml: &str) -> Result<String, String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = String::new();
    let mut para = String::new();
    let mut cells: Vec<String> = Vec::new();
    let (mut in_text, mut in_row, mut listed) = (false, false, false);
    loop {
        match reader.read_event().map_err(|e| e.to_string())? {
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                "w:t" => in_text = true,
                "w:tab" => para.push('\t'),
                "w:br" => para.push('\n'),
                "w:numPr" => listed = true,
                "w:tr" => {
                    in_row = true;
                    cells.clear();
                }
                "w:tc" if in_row => cells.push(String::new()),
                _ => {}
            },
            e @ (Event::Text(_) | Event::GeneralRef(_)) if in_text => {
                para.push_str(&super::xml::text(&e)?.unwrap_or_default());
            }
            Event::End(e) => match e.name().as_ref() {
                "w:t" => in_text = false,
                // A cell's paragraphs are joined with spaces; its row is one pipe row.
                "w:p" if in_row => {
                    if let Some(c) = cells.last_mut() {
                        let t = para.split_whitespace().collect::<Vec<_>>().join(" ");
                        if !c.is_empty() && !t.is_empty() {
                            c.push(' ');
                        }
                        c.push_str(&t);
                    }
                    para.clear();
                }
                "w:tbl" => out.push('\n'),
                "w:p" if !in_row => {
                    if !para.trim().is_empty() {
                        if listed {
                            out.push_str("• ");
                        }
                        out.push_str(para.trim_end());
                        out.push_str("\n\n");
                    }
                    para.clear();
                    listed = false;
                }
                "w:tr" => {
                    in_row = false;
                    if cells.iter().any(|c| !c.is_empty()) {
                        out.push_str("| ");
                        out.push_str(&cells.join(" | "));
                        out.push_str(" |\n");
                    }
                    para.clear();
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_told_from_the_content() {
        assert_eq!(format(b"%PDF-1.7\n"), Format::Pdf);
        assert_eq!(format(b"PK\x03\x04rest"), Format::Docx);
        assert_eq!(format(b"  <!DOCTYPE html><html>"), Format::Html);
        assert_eq!(format(b"Dear Home Secretary,"), Format::Text);
        assert!(read(b"\x00\x01\x02binary").is_err());
        assert!(
            read(b"PK\x03\x04broken")
                .unwrap_err()
                .0
                .contains("Word document")
        );
    }

    #[test]
    fn a_pdf_page_reads_as_lopdf_reads_it() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import");
        for name in [
            "bench/responses-20-pages.pdf",
            "warwickshire-child-protection-2022-letter.pdf",
        ] {
            let doc = lopdf::Document::load_mem(&std::fs::read(root.join(name)).unwrap()).unwrap();
            let ours = super::super::pdftext::pages(&doc);
            let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
            assert_eq!(ours.len(), pages.len(), "{name}");
            for (p, text) in pages.iter().zip(&ours) {
                assert_eq!(*text, doc.extract_text(&[*p]).unwrap(), "{name}, page {p}");
            }
            assert!(ours.concat().contains("Chief Constable"), "{name}");
        }
    }

    #[test]
    fn a_page_loses_its_furniture_and_keeps_its_blocks() {
        let page = "<html><body><nav>Home | News</nav><div class=\"cookie-banner\">We use cookies</div><main><h1>Response</h1><p>First  para.</p><ul><li>One</li></ul></main><footer>Footer</footer></body></html>";
        let t = html(page);
        assert!(t.contains("Response\n\nFirst para.\n\n• One"), "{t:?}");
        assert!(!t.contains("cookies") && !t.contains("Footer") && !t.contains("News"));
    }

    #[test]
    fn pdf_pages_lose_running_headers_and_page_numbers() {
        let pages: Vec<String> = (1..=3)
            .map(|i| {
                format!("PEEL 2025 – Kent\nOn page {i} the force should im-\nprove work {i}.\n{i}")
            })
            .collect();
        let (t, at) = join_pages(&pages);
        assert_eq!(at.first(), Some(&1));
        assert!(!t.contains("PEEL 2025"), "{t}");
        assert!(
            t.contains("On page 1 the force should improve work 1."),
            "{t}"
        );
        assert!(!t.lines().any(|l| l.trim() == "2"));
    }
}
