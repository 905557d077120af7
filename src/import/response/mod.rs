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
use super::yaml::yaml_quote;

mod page;
mod words;

use page::{headline_split, is_findings_table, numbered};
pub(super) use page::{starts, take_signature};
use words::{
    Speaker, address_blocks, attribution, byline, caption, chief_words, doubled, findings_like,
    kind_of, long_headline, page_furniture, publication_like, said_at, titled,
};

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
    /// A name printed alone above the title, or "NAME, Police and Crime Commissioner".
    byline: Option<String>,
    /// A letter's own salutation ("Dear Priti").
    salutation: Option<String>,
    /// The address blocks of a letter's addressees, each one line.
    addressees: Vec<String>,
    /// A page's date with no year ("Posted on Thursday 3rd November"): day, month, words.
    date_no_year: Option<(u8, u8, String)>,
    /// The chief officer speaking at length, after "he has stated:": whether the first of
    /// their paragraphs opened with a quotation mark (`None` before it comes).
    chief_speaking: Option<Option<bool>>,
    /// The texts seen so far, to tell a caption or heading printed twice.
    seen: std::collections::HashSet<String>,
    /// How many blocks have been read.
    read: usize,
    date: Option<Found>,
    warnings: Vec<Warning>,
}
impl Walk {
    /// Keeps a line the import does not place under `unplaced:`, and says so at its line.
    fn leave(&mut self, line: usize, t: String, why: &str) {
        self.warnings.push(Warning::at(line, why));
        self.unplaced.push(t);
    }

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
        let mut headings: Vec<(usize, String)> = std::mem::take(&mut self.pre_headings);
        // A letter's address blocks, before its salutation: the last is the addressee's (the
        // first of two is the sender's letterhead, kept under `unplaced:`).
        let mut addressed = false;
        if last_wins {
            let blocks = address_blocks(&headings);
            if let Some((from, to)) = blocks.last().copied() {
                addressed = true;
                let lines: Vec<&str> = headings[from..=to]
                    .iter()
                    .map(|(_, h)| h.as_str())
                    .collect();
                self.notes.push(format!(
                    "the address block: {}",
                    yaml_quote(&lines.join(" / "))
                ));
                self.addressees.push(lines.join(", "));
                let mut rest = Vec::new();
                for (i, (line, h)) in headings.into_iter().enumerate() {
                    if (from..=to).contains(&i) {
                        continue;
                    }
                    if blocks.iter().any(|(a, b)| (*a..=*b).contains(&i)) {
                        self.leave(line, h, "the sender's address is kept under `unplaced:`");
                    } else {
                        rest.push((line, h));
                    }
                }
                headings = rest;
            }
        }
        // A name printed above the title is the page's byline, not its title.
        let mut kept: Vec<(usize, String)> = Vec::new();
        for (line, h) in headings {
            match byline(&h) {
                Some(name) if self.byline.is_none() => {
                    self.notes.push(format!("the byline: {}", yaml_quote(&h)));
                    self.byline = Some(name);
                }
                _ => kept.push((line, h)),
            }
        }
        let headings = kept;
        if addressed {
            // The title is the heading that names the report, not the last line before the
            // salutation ("By Email Only").
            let pick = headings.iter().position(|(_, h)| titled(h));
            for (i, (line, h)) in headings.into_iter().enumerate() {
                if Some(i) == pick {
                    self.title = Some(h);
                } else {
                    self.leave(
                        line,
                        h,
                        "a line before the salutation is kept under `unplaced:`",
                    );
                }
            }
            return;
        }
        if headings.is_empty() {
            return;
        }
        let pick = if last_wins {
            headings.len() - 1
        } else {
            // No heading names the report: the one nearest the text is the headline, those
            // before it a site's breadcrumbs and tags ("Safer Stronger The Mayor Police + Fire").
            headings
                .iter()
                .position(|(_, h)| titled(h))
                .unwrap_or(headings.len() - 1)
        };
        for (i, (line, h)) in headings.into_iter().enumerate() {
            if i == pick {
                self.title = Some(h);
            } else if i > pick
                && h.split_whitespace().count() <= 6
                && let Some(kind) = kind_of(&h).or(Some("comments"))
            {
                // A part's own heading under the title ("1. Police and Crime
                // Commissioner’s Comments") opens that part.
                self.opening_done = true;
                self.parts.push(Part {
                    kind,
                    heading: Some(h),
                    paras: Vec::new(),
                });
            } else {
                self.warnings.push(Warning::at(
                    line,
                    "a heading before the text is kept under `unplaced:`",
                ));
                self.unplaced.push(h);
            }
        }
    }

    /// Reads the blocks in order; a numbered line shaped like a heading that no list item
    /// follows ("2. Next Steps") is read as a heading.
    pub(super) fn blocks(&mut self, all: &[Block]) {
        let split = headline_split(all);
        let all: &[Block] = split.as_deref().unwrap_or(all);
        for (i, b) in all.iter().enumerate() {
            let t = b.text();
            let kind_of_item = |b: &Block| marker(&b.text()).map(|(k, _)| k);
            let next_is_item = all.get(i + 1).is_some_and(|n| {
                Look::of(n) == Look::Item
                    && matches!((kind_of_item(b), kind_of_item(n)), (Some(a), Some(c)) if super::entries::same_kind(a, c))
            });
            let numbered_heading = Look::of(b) == Look::Item
                && !next_is_item
                && !self.last_was_item
                && marker(&t).is_some_and(|(m, rest)| {
                    matches!(m, super::entries::Kind::Decimal(_))
                        && heading_like(rest)
                        && rest.split_whitespace().count() <= 6
                });
            if numbered_heading {
                let rest = marker(&t).map_or(t.clone(), |(_, r)| r.to_owned());
                self.seen.insert(t);
                self.read += 1;
                self.heading(b.line, rest);
            } else {
                self.block(b);
            }
        }
    }

    /// Reads one block.
    pub(super) fn block(&mut self, b: &Block) {
        let t = b.text();
        // A page's furniture, a caption printed twice, a heading printed again.
        let repeated = t.split_whitespace().count() >= 3
            && Look::of(b) != Look::Item
            && kind_of(&t).is_none()
            && self.seen.contains(&t);
        self.read += 1;
        if page_furniture(&t) || repeated || doubled(&t).is_some() {
            if let Some(h) = doubled(&t) {
                self.seen.insert(h.to_owned());
            }
            self.seen.insert(t.clone());
            let why = if repeated || doubled(&t).is_some() {
                "a line printed twice (a caption or a repeated heading) is kept under `unplaced:`"
            } else {
                "the page's furniture (a menu, banner, footer or the like) is kept under `unplaced:`"
            };
            self.leave(b.line, t, why);
            return;
        }
        self.seen.insert(t.clone());
        if self.date.is_none()
            && self.date_no_year.is_none()
            && let Some((d, m)) = dates::day_month_alone(&t)
        {
            self.notes
                .push(format!("dated {} (no year)", yaml_quote(&t)));
            self.date_no_year = Some((d, m, t));
            return;
        }
        // "Gavin Stephens, Chief Constable of Surrey Police" after their words.
        if let Some((name, title)) = t.split_once(", ")
            && title.starts_with("Chief Constable")
            && facts::person(name).is_some()
            && heading_like(&t)
        {
            self.notes
                .push(format!("signed by the chief officer: {}", yaml_quote(&t)));
            self.chief_speaking = None;
            self.speaker = None;
            return;
        }
        let look = Look::of(b);
        // "Response: …" under a recommendation answers it: its lines go with the list, so
        // that the finding's `response:` holds them and its text stays its own.
        if look != Look::Item
            && list_key(self.current()).is_some()
            && super::nesting::labelled(&t).is_some()
            && let Some((_, lines)) = self.lists.last_mut()
        {
            lines.extend(numbered(b));
            self.last_was_item = true;
            return;
        }
        if look != Look::Item {
            self.last_was_item = false;
        }
        match look {
            Look::Furniture => self.leave(
                b.line,
                t,
                "the page's furniture (a menu, banner, footer or the like) is kept under `unplaced:`",
            ),
            Look::Date => {
                if self.date.is_none() {
                    self.date = dates::dates(&t).into_iter().next();
                    self.notes.push(format!("dated {}", yaml_quote(&t)));
                } else {
                    self.leave(
                        b.line,
                        t,
                        "a second date line is kept under `unplaced:`: the first is the response's date",
                    );
                }
            }
            Look::Salutation => {
                self.settle_title(true);
                self.letter = true;
                self.notes.push(format!("a letter: {}", yaml_quote(&t)));
                let own = t.trim().trim_end_matches([',', ':']).trim_end();
                if own != "Dear Home Secretary" {
                    self.salutation = Some(own.to_owned());
                }
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
            // The page's first line, a headline too long for a heading ("Police and Crime
            // Commissioner … responds to the Annual Assessment of Policing …").
            Look::Text if self.read == 1 && long_headline(&t) => self.heading(b.line, t),
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
        self.chief_speaking = None;
        if caption(&h) {
            self.warnings.push(Warning::at(
                line,
                "a picture's caption is kept under `unplaced:`",
            ));
            self.unplaced.push(h);
            return;
        }
        if self.opening.is_empty() && self.parts.is_empty() && self.title.is_none() {
            self.pre_headings.push((line, h));
            return;
        }
        self.settle_title(false);
        self.opening_done = true;
        self.speaker = None;
        // A heading that names no part: the body's comments if it has none yet, else a text
        // part of its own.
        // A heading that names no part: the body's comments if it has none yet, or if the
        // comments open now came under a heading that named no part either (topics of the
        // comments, one after the other); else a text part of its own.
        let topic = self.parts.last().is_some_and(|p| {
            p.kind == "comments" && p.heading.as_deref().is_some_and(|h| kind_of(h).is_none())
        });
        let kind = kind_of(&h).unwrap_or(
            if self.parts.iter().any(|p| p.kind == "comments") && !topic {
                "text"
            } else {
                "comments"
            },
        );
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
        // The chief officer's words at length, after "he has stated:": quoted ones end at
        // the first paragraph that is not quoted, the others at a heading or a sign-off.
        if let Some(style) = self.chief_speaking {
            let opened = style.unwrap_or(quote);
            if !opened || quote {
                self.chief_speaking = Some(Some(opened));
                self.opening_done = true;
                self.part("chief-officer-comments").paras.push(t.to_owned());
                return;
            }
            self.chief_speaking = None;
        }
        let l = t.to_lowercase();
        if t.trim_end().ends_with(':')
            && said_at(&l).is_none_or(|_| l.contains("chief constable’s view"))
            && chief_words(&l)
            && [
                "response",
                "view",
                "stated",
                "comment",
                "ymateb",
                "as follows",
            ]
            .iter()
            .any(|w| l.contains(w))
        {
            // "I have requested the Chief Constable’s view …, and he has stated:".
            self.settle_title(false);
            self.opening_done = true;
            let kind = self.body_kind_here();
            self.part(kind).paras.push(t.to_owned());
            self.chief_speaking = Some(None);
            self.speaker = Some(Speaker::Chief);
            return;
        }
        if l.contains("the force issued the following statement") {
            // The force's own statement follows, in quotation marks.
            self.speaker = Some(Speaker::Chief);
        }
        let reported = !quote
            && !self.opening_done
            && attribution(t).is_some_and(|(s, _)| s == 0)
            && said_at(&l).is_some_and(|at| {
                let b = l[..at].trim_end().trim_end_matches(',').trim_end();
                b.ends_with(['”', '"', '’'])
            });
        if reported {
            // A news page's first paragraph that reports what was said ("… yn “wallus”,
            // meddai Comisiynydd …") opens it.
            self.speaker = attribution(t).map(|(_, s)| s);
            self.opening.push(t.to_owned());
            return;
        }
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

    /// The body's own words go on in the part open, or begin its comments; after the chief
    /// officer's, they are its response to them once it has given its comments in its own
    /// words ("I welcome …"), else they are still its comments (a news page that quotes the
    /// force first).
    fn body_kind_here(&self) -> &'static str {
        match self.current() {
            "chief-officer-comments" => {
                let own = |t: &String| {
                    t.starts_with("I ")
                        || t.contains(" I ")
                        || t.contains("“I ")
                        || t.contains("\"I ")
                };
                let spoken = self.opening.iter().any(own)
                    || self
                        .parts
                        .iter()
                        .filter(|p| p.kind == "comments")
                        .any(|p| p.paras.iter().any(own));
                if spoken { "response" } else { "comments" }
            }
            k => k,
        }
    }
}

impl Walk {
    /// The response's own date when no date line gave it: a date with no year given its
    /// year from the same day in the text; the date in the title ("… (29 Aug 2014)"); the
    /// day a letter was sent ("sent the following letter … on 26 July 2019").
    pub(super) fn settle_date(&mut self, text: &str) {
        if self.date.is_some() {
            return;
        }
        if let Some((d, m, words)) = self.date_no_year.take() {
            match dates::with_year(d, m, text) {
                Some(found) => {
                    self.date = Some(Found {
                        written: words,
                        ..found
                    })
                }
                None => self.warnings.push(Warning::near(
                    words.clone(),
                    "the page's date gives no year: add the response's `date:`",
                )),
            }
            return;
        }
        if let Some(t) = &self.title
            && let [d] = dates::dates(t).as_slice()
            && !d.month_only
        {
            self.notes
                .push(format!("dated in the title: {}", yaml_quote(&d.written)));
            self.date = Some(d.clone());
            return;
        }
        let sent = dates::dates(text).into_iter().find(|d| {
            let from = text[..d.at].rfind(['.', '\n']).map_or(0, |i| i + 1);
            let sentence = text[from..d.at].to_lowercase();
            !d.month_only
                && sentence.contains("letter")
                && ["sent", "wrote", "dated"]
                    .iter()
                    .any(|w| sentence.contains(w))
        });
        if let Some(d) = sent {
            self.notes
                .push(format!("the letter was sent on {}", yaml_quote(&d.written)));
            self.date = Some(d);
        }
    }
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
    pub byline: Option<String>,
    pub salutation: Option<String>,
    pub addressees: Vec<String>,
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
            byline: w.byline,
            salutation: w.salutation,
            addressees: w.addressees,
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

/// The facts read from the whole text, for the writer.
pub(crate) fn body_facts(text: &str) -> (&'static str, Option<String>) {
    let kind = facts::body_kind(text);
    (kind, facts::area(text, kind))
}

#[cfg(test)]
mod tests;
