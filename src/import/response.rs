//! The published-response importer: a previous response, as text (copied from its web page,
//! or read from its HTML, PDF or Word file), becomes a draft response file.
//!
//! Policy: never refuse. What the importer can place goes into its field; what it cannot goes
//! under `unplaced:` in document order, so no sentence of the input is lost; every guess is a
//! warning naming the input line it came from. No field is written with a value `s55 check`
//! rejects: where the model requires a field the document does not give (the report's
//! publication date, the police area), a value check accepts is written with a comment and a
//! warning saying it is a guess to confirm.

use super::blocks::{Block, Look, heading_like};
use super::dates::{self, Found};
use super::entries::{Entry, marker};
use super::facts;
use super::recs::findings_in;
use super::warning::Warning;
use super::yaml::{yaml, yaml_quote};

/// A previously published response made into a draft response file.
#[derive(Debug, Clone)]
pub struct Draft {
    /// The YAML of the draft.
    pub yaml: String,
    /// What the import was unsure of, each with the input line (and column) where it can.
    pub warnings: Vec<Warning>,
}

/// One part of the document as it is read.
#[derive(Debug, Default)]
struct Part {
    kind: &'static str,
    heading: Option<String>,
    paras: Vec<String>,
}

/// Who is speaking in a quoted passage.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Speaker {
    Body,
    Chief,
}

/// Everything read so far, block by block.
#[derive(Debug, Default)]
pub(super) struct Walk {
    title: Option<String>,
    pre_headings: Vec<(usize, String)>,
    opening: Vec<String>,
    opening_done: bool,
    parts: Vec<Part>,
    publication: Vec<String>,
    unplaced: Vec<String>,
    notes: Vec<String>,
    lists: Vec<(&'static str, Vec<(usize, String)>)>,
    last_was_item: bool,
    speaker: Option<Speaker>,
    letter: bool,
    closing: bool,
    responder: Option<String>,
    date: Option<Found>,
    warnings: Vec<Warning>,
}

/// Which part a heading begins, from its words in either language; `None` for a heading
/// that names no part the model knows (it becomes a `text` part).
fn kind_of(heading: &str) -> Option<&'static str> {
    let h = heading.to_lowercase().replace('’', "'");
    let chief = [
        "chief constable",
        "chief officer",
        "commissioner of police",
        "prif gwnstabl",
        "force response",
        "cc's",
    ]
    .iter()
    .any(|w| h.contains(w));
    if h.contains("recommendation") || h.contains("argymhellion") {
        Some("recommendations")
    } else if (h.contains("area") && h.contains("improvement")) || h.contains("i'w gwella") {
        Some("areas-for-improvement")
    } else if h.contains("cause") && h.contains("concern") || h.contains("achosion pryder") {
        Some("causes-of-concern")
    } else if chief
        && (h.contains(" on the ") || h.contains("response to") || h.contains("ymateb i"))
    {
        Some("response")
    } else if chief || h.starts_with("ymateb prif") {
        Some("chief-officer-comments")
    } else if [
        "comment",
        "sylwadau",
        "local policing body",
        "commissioner",
        "comisiynydd",
    ]
    .iter()
    .any(|w| h.contains(w))
    {
        Some("comments")
    } else {
        None
    }
}

/// Whether a heading names the report or the response (and so is the document's title).
fn titled(h: &str) -> bool {
    let l = h.to_lowercase();
    [
        "response",
        "report",
        "hmic",
        "inspect",
        "peel",
        "adroddiad",
        "ymateb",
        "arolygiaeth",
        "commissioner",
    ]
    .iter()
    .any(|w| l.contains(w))
}

/// Whether a list's items are findings (recommendations and the like) rather than the body's
/// own points set out as bullets.
fn findings_like(text: &str) -> bool {
    let l = text.to_lowercase();
    ["should", "recommend"].iter().any(|w| l.contains(w))
}

/// Whether a paragraph says where the response or the report is published.
fn publication_like(t: &str) -> bool {
    let l = t.to_lowercase();
    [
        "will be published",
        "is published on",
        "can be read",
        "can read the",
        "downloaded here",
        "can be viewed",
    ]
    .iter()
    .any(|w| l.contains(w))
}

/// Where a quotation is introduced: the start of the sentence that says "said:" and the
/// like, and whether the speaker is the chief officer.
fn attribution(t: &str) -> Option<(usize, Speaker)> {
    let l = t.to_lowercase();
    let at = [
        "said:",
        "said: ",
        " added:",
        "commented:",
        "said,",
        "meddai ",
        "dywedodd ",
    ]
    .iter()
    .filter_map(|k| l.find(k))
    .min()?;
    let start = t[..at]
        .rfind(['.', '”', '"'])
        .map_or(0, |i| i + t[i..].chars().next().map_or(1, char::len_utf8));
    let who = &l[start..at.min(l.len())];
    let after_colon = &l[at..];
    let chief_word = ["chief constable", "prif gwnstabl", "chief officer"]
        .iter()
        .any(|w| who.contains(w));
    let body_word =
        who.contains("crime commissioner") || who.contains("comisiynydd") || who.contains("mayor");
    let speaker = if chief_word && !body_word {
        Speaker::Chief
    } else {
        Speaker::Body
    };
    // "…, said the Chief Constable." at the end of a quotation.
    if after_colon.starts_with("said the chief") {
        return Some((0, Speaker::Chief));
    }
    Some((start, speaker))
}

impl Walk {
    /// The part text goes to now, opened as `kind` when the current one is another kind.
    fn part(&mut self, kind: &'static str) -> &mut Part {
        if self.parts.last().is_none_or(|p| p.kind != kind) {
            self.parts.push(Part {
                kind,
                ..Part::default()
            });
        }
        let n = self.parts.len() - 1;
        &mut self.parts[n]
    }

    /// The kind of the part open now, `comments` before any.
    fn current(&self) -> &'static str {
        self.parts.last().map_or("comments", |p| p.kind)
    }

    /// The title, once the first text comes: the heading before a salutation or a named
    /// responder, else the first heading that names the report; the other headings before
    /// it are kept under `unplaced:`.
    pub(super) fn settle_title(&mut self, last_wins: bool) {
        if self.title.is_some() || self.pre_headings.is_empty() {
            return;
        }
        let pick = if last_wins {
            self.pre_headings.len() - 1
        } else {
            self.pre_headings
                .iter()
                .position(|(_, h)| titled(h))
                .unwrap_or(0)
        };
        for (i, (line, h)) in std::mem::take(&mut self.pre_headings)
            .into_iter()
            .enumerate()
        {
            if i == pick {
                self.title = Some(h);
            } else {
                self.warnings.push(Warning::at(
                    line,
                    "a heading before the text is kept under `unplaced:`",
                ));
                self.unplaced.push(h);
            }
        }
    }

    /// Reads one block.
    pub(super) fn block(&mut self, b: &Block) {
        let t = b.text();
        let look = Look::of(b);
        if look != Look::Item {
            self.last_was_item = false;
        }
        match look {
            Look::Furniture => self.unplaced.push(t),
            Look::Date => {
                if self.date.is_none() {
                    self.date = dates::dates(&t).into_iter().next();
                    self.notes.push(format!("dated {}", yaml_quote(&t)));
                } else {
                    self.unplaced.push(t);
                }
            }
            Look::Salutation => {
                self.settle_title(true);
                self.letter = true;
                self.notes.push(format!("a letter: {}", yaml_quote(&t)));
            }
            Look::Closing => {
                self.closing = true;
                self.notes.push(format!("closes {}", yaml_quote(&t)));
            }
            Look::Responder => {
                self.settle_title(true);
                self.notes
                    .push(format!("the responder: {}", yaml_quote(&t)));
                self.responder = Some(t);
            }
            Look::Heading => self.heading(b.line, t),
            Look::Item => self.item(b),
            _ if is_findings_table(b) => self.table(b),
            Look::Text => self.text(b.line, &t),
        }
    }

    /// A table of findings ("Recommendation | Force response | PCC comment | Status"): its
    /// rows are the findings of the list its header names.
    fn table(&mut self, b: &Block) {
        self.settle_title(false);
        self.opening_done = true;
        let lines: Vec<(usize, String)> = numbered(b).collect();
        let kind = match super::table::findings(&lines).map(|f| f.key) {
            Some("areas_for_improvement") => "areas-for-improvement",
            Some("causes_of_concern") => "causes-of-concern",
            _ => "recommendations",
        };
        self.lists.push((kind, lines));
        self.part(kind);
    }

    fn heading(&mut self, line: usize, h: String) {
        if self.opening.is_empty() && self.parts.is_empty() && self.title.is_none() {
            self.pre_headings.push((line, h));
            return;
        }
        self.settle_title(false);
        self.opening_done = true;
        self.speaker = None;
        // A heading that names no part: the body's comments if it has none yet, else a text
        // part of its own.
        let kind = kind_of(&h).unwrap_or(if self.parts.iter().any(|p| p.kind == "comments") {
            "text"
        } else {
            "comments"
        });
        self.parts.push(Part {
            kind,
            heading: Some(h),
            paras: Vec::new(),
        });
    }

    fn item(&mut self, b: &Block) {
        self.settle_title(false);
        self.opening_done = true;
        let t = b.text();
        let current = self.current();
        let list_kind = match current {
            "recommendations" | "areas-for-improvement" | "causes-of-concern" => Some(current),
            _ if findings_like(&t) || self.last_was_item && self.lists.last().is_some() => {
                Some("recommendations")
            }
            _ => None,
        };
        match list_kind {
            Some(kind) => {
                if self.last_was_item
                    && let Some((k, lines)) = self.lists.last_mut()
                    && *k == kind
                {
                    lines.extend(numbered(b));
                } else {
                    self.lists.push((kind, numbered(b).collect()));
                    if !self.parts.iter().any(|p| p.kind == kind) || current != kind {
                        self.part(kind);
                    }
                }
                self.last_was_item = true;
            }
            None => {
                let text = marker(&t).map_or(t.as_str(), |(_, rest)| rest).to_owned();
                self.part(current).paras.push(format!("- {text}"));
            }
        }
    }

    fn text(&mut self, line: usize, t: &str) {
        self.settle_title(false);
        if publication_like(t) {
            self.publication.push(t.to_owned());
            return;
        }
        let quote = t.starts_with(['“', '"']);
        if let Some((start, speaker)) = attribution(t).filter(|_| !quote || self.speaker.is_none())
        {
            // The narrative before the quotation opens the document only while it is opening.
            let start = if self.opening_done { 0 } else { start };
            if start > 0 {
                self.opening.push(t[..start].trim().to_owned());
            }
            self.opening_done = true;
            self.speaker = Some(speaker);
            let kind = if speaker == Speaker::Chief {
                "chief-officer-comments"
            } else {
                self.body_kind_here()
            };
            self.part(kind).paras.push(t[start..].trim().to_owned());
            return;
        }
        let l = t.to_lowercase();
        if l.contains("chief constable") && l.contains("appendix") {
            self.warnings.push(Warning::at(line, "the chief officer's comments are in an appendix this text does not hold: add them to the `chief-officer-comments` part"));
            self.part("chief-officer-comments").paras.push(t.to_owned());
            return;
        }
        // The opening: the first paragraph, and a second that does not yet bring in the
        // body (a news page's summary of the report); a letter's is its first paragraph.
        let names_body = ["Commissioner", "Comisiynydd", "PCC", "Mayor"]
            .iter()
            .any(|w| t.contains(w));
        if !self.opening_done && !quote && (self.opening.is_empty() || !names_body) {
            let first_person =
                t.starts_with("As the ") || t.starts_with("I ") || t.contains(" I am ");
            self.opening.push(t.to_owned());
            self.opening_done = first_person || self.opening.len() >= 2;
            return;
        }
        self.opening_done = true;
        let quoted_chief = self
            .parts
            .last()
            .is_some_and(|p| p.kind == "chief-officer-comments" && p.heading.is_none());
        let kind = match (quote, self.speaker) {
            (true, Some(Speaker::Chief)) => "chief-officer-comments",
            _ if quoted_chief && !quote => self.body_kind_here(),
            // Text after a list the walk opened itself goes back to the part before it.
            _ if list_key(self.current()).is_some()
                && self.parts.last().is_some_and(|p| p.heading.is_none()) =>
            {
                self.parts
                    .iter()
                    .rev()
                    .find(|p| list_key(p.kind).is_none())
                    .map_or("comments", |p| p.kind)
            }
            _ => self.current(),
        };
        self.part(kind).paras.push(t.to_owned());
    }

    /// The body's own words go on in the part open, or begin its comments.
    fn body_kind_here(&self) -> &'static str {
        match self.current() {
            "chief-officer-comments" => {
                if self.parts.iter().any(|p| p.kind == "comments") {
                    "response"
                } else {
                    "comments"
                }
            }
            k => k,
        }
    }
}

/// Whether a block is a table whose header names findings.
fn is_findings_table(b: &Block) -> bool {
    b.lines.len() >= 2
        && b.lines.iter().all(|l| l.trim_start().starts_with('|'))
        && super::table::findings(&numbered(b).collect::<Vec<_>>())
            .is_some_and(|f| !f.entries.is_empty())
}

/// A block's lines with their numbers in the input.
fn numbered(b: &Block) -> impl Iterator<Item = (usize, String)> + '_ {
    b.lines
        .iter()
        .enumerate()
        .map(|(i, l)| (b.line + i, l.clone()))
}

/// The signature: one or two short lines at the very end, the first a name.
pub(super) fn take_signature(blocks: &mut Vec<Block>) -> Vec<String> {
    let mut sig: Vec<String> = Vec::new();
    while sig.len() < 2
        && let Some(b) = blocks.last()
        && heading_like(&b.text())
        && Look::of(b) == Look::Heading
    {
        sig.insert(0, b.text());
        blocks.pop();
    }
    let is_name = sig.first().is_some_and(|n| {
        let words: Vec<&str> = n.split_whitespace().collect();
        (2..=5).contains(&words.len())
            && words
                .iter()
                .all(|w| w.chars().next().is_some_and(char::is_uppercase))
    });
    if is_name {
        sig
    } else {
        blocks.extend(sig.into_iter().map(|t| Block {
            line: 0,
            lines: vec![t],
        }));
        Vec::new()
    }
}

/// Where each response on a page begins: at each named responder ("Response by …") or each
/// "… Report – NAME, … said:", moved back over the headings just before it.
pub(super) fn starts(blocks: &[Block]) -> Vec<usize> {
    let mut found: Vec<usize> = Vec::new();
    for (i, b) in blocks.iter().enumerate() {
        let t = b.text();
        let begins = Look::of(b) == Look::Responder
            || (t.contains("Report – ") && t.trim_end().ends_with("said:"));
        if begins {
            let mut s = i;
            while s > 0
                && Look::of(&blocks[s - 1]) == Look::Heading
                && found.last().is_none_or(|f| s - 1 > *f)
            {
                s -= 1;
            }
            found.push(s);
        }
    }
    found
}

/// What the walk found, for the writer.
pub(crate) struct Read {
    pub title: Option<String>,
    pub opening: Vec<String>,
    pub parts: Vec<(&'static str, Option<String>, Vec<String>)>,
    pub publication: Vec<String>,
    pub unplaced: Vec<String>,
    pub notes: Vec<String>,
    pub findings: Vec<(&'static str, Vec<Entry>)>,
    pub letter: bool,
    pub responder: Option<String>,
    pub date: Option<Found>,
    pub warnings: Vec<Warning>,
}

impl From<Walk> for Read {
    fn from(w: Walk) -> Self {
        let mut warnings = w.warnings;
        let mut findings: Vec<(&'static str, Vec<Entry>)> = Vec::new();
        let mut unplaced = w.unplaced;
        for (kind, lines) in w.lists {
            let found = findings_in(lines);
            warnings.extend(found.warnings);
            unplaced.extend(found.left_out.into_iter().map(|(_, t)| t));
            let entries = found.entries;
            match findings.iter_mut().find(|(k, _)| *k == kind) {
                Some((_, e)) => e.extend(entries),
                None => findings.push((kind, entries)),
            }
        }
        Read {
            title: w.title,
            opening: w.opening,
            parts: w
                .parts
                .into_iter()
                .map(|p| (p.kind, p.heading, p.paras))
                .collect(),
            publication: w.publication,
            unplaced,
            notes: w.notes,
            findings,
            letter: w.letter,
            responder: w.responder,
            date: w.date,
            warnings,
        }
    }
}

/// The YAML key of a list part's findings.
pub(crate) fn list_key(kind: &str) -> Option<&'static str> {
    match kind {
        "recommendations" => Some("recommendations"),
        "areas-for-improvement" => Some("areas_for_improvement"),
        "causes-of-concern" => Some("causes_of_concern"),
        _ => None,
    }
}

/// The findings as YAML, each list under its key.
pub(crate) fn findings_yaml(findings: &[(&'static str, Vec<Entry>)]) -> String {
    findings
        .iter()
        .filter(|(_, e)| !e.is_empty())
        .filter_map(|(k, e)| list_key(k).map(|key| yaml(key, e)))
        .collect()
}

/// The facts read from the whole text, for the writer.
pub(crate) fn body_facts(text: &str) -> (&'static str, Option<String>) {
    let kind = facts::body_kind(text);
    (kind, facts::area(text, kind))
}
