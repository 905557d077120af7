//! How the findings importer nests what it reads: each marked line opens an entry at its
//! depth (a sub-point, a recommendation under its cause of concern), and each line after it
//! continues the entry or answers it ("Force response:", "Status:").

mod nested;

use super::entries::{Entry, Kind, Label, marker, number_of, same_kind};

/// The labels of lines that answer a finding rather than continue it.
pub(super) const LABELS: [(&str, &str); 14] = [
    ("status:", "status"),
    ("owner:", "owner"),
    ("lead:", "owner"),
    ("mps response:", "response"),
    ("force response:", "force_response"),
    ("chief constable's response:", "force_response"),
    ("chief constable’s response:", "force_response"),
    ("chief constable response:", "force_response"),
    ("pcc comment:", "response"),
    ("pcc response:", "response"),
    ("commissioner's comment:", "response"),
    ("commissioner’s comment:", "response"),
    ("response:", "response"),
    ("update:", "response"),
];

/// A labelled line's field and value: "Status: in progress" → ("status", "in progress").
pub(super) fn labelled(line: &str) -> Option<(&'static str, &str)> {
    let t = line.trim();
    let lower = t.to_lowercase();
    LABELS.iter().find_map(|(label, field)| {
        (lower.starts_with(label) && t.is_char_boundary(label.len()))
            .then(|| (*field, t[label.len()..].trim()))
    })
}

/// Whether the first sentence of a text asks for something, as a finding does.
pub(super) fn asks(text: &str) -> bool {
    let first = text.split(". ").next().unwrap_or(text).to_lowercase();
    [
        " should",
        "recommend",
        " must ",
        " needs to ",
        "we found",
        "ensure",
    ]
    .iter()
    .any(|w| first.contains(w))
}

/// What a line heads, when it is only the heading over a list of findings.
pub(super) fn list_heading(line: &str) -> Option<Label> {
    let h = line.trim().trim_end_matches(':').trim().to_lowercase();
    // "Recommendations (14)", as trackers count them.
    let h = match h.rfind(" (") {
        Some(i)
            if h.ends_with(')') && h[i + 2..h.len() - 1].chars().all(|c| c.is_ascii_digit()) =>
        {
            h[..i].to_owned()
        }
        _ => h,
    };
    match h.as_str() {
        "recommendation" | "recommendations" | "argymhellion" | "argymhelliad" => {
            Some(Label::Recommendation)
        }
        "area for improvement"
        | "areas for improvement"
        | "meysydd i'w gwella"
        | "meysydd i’w gwella" => Some(Label::Area),
        "cause of concern" | "causes of concern" | "achos pryder" | "achosion pryder" => {
            Some(Label::Cause)
        }
        _ => None,
    }
}

/// Whether a line is a committee's resolution that closes its minute ("RESOLVED, that …").
pub(super) fn resolution(t: &str) -> bool {
    let word: String = t.chars().take_while(|c| c.is_alphabetic()).collect();
    ["RESOLVED", "AGREED", "NOTED"].contains(&word.as_str())
        && t[word.len()..].starts_with([',', ':', ' ', '.'])
}

pub(super) fn numbering(kind: Kind) -> &'static str {
    match kind {
        Kind::Alpha(_) => "lower-alpha",
        Kind::Roman(_) => "lower-roman",
        Kind::Bullet => "bullet",
        _ => "decimal",
    }
}

/// A line of the text, read: its number, its indentation, its marker, its text.
pub(super) struct Line<'a> {
    pub(super) no: usize,
    pub(super) indent: usize,
    pub(super) kind: Option<Kind>,
    pub(super) text: &'a str,
    /// Whether the line begins a paragraph of its own (a blank line before it, or every
    /// line where the text has no blank lines at all), rather than continuing a wrapped one.
    pub(super) para: bool,
}

impl<'a> Line<'a> {
    /// Reads one line; a tab counts as four spaces of indentation. A "2.3" that numbers a
    /// paragraph of running text, not a finding, is no marker.
    pub(super) fn read(no: usize, l: &'a str) -> Self {
        let indent = l
            .chars()
            .take_while(|c| c.is_whitespace())
            .map(|c| if c == '\t' { 4 } else { 1 })
            .sum();
        match marker(l) {
            Some((Kind::Dotted(..), rest)) if !asks(rest) => Line {
                no,
                indent,
                kind: None,
                text: l.trim(),
                para: false,
            },
            Some((k, rest)) => Line {
                no,
                indent,
                kind: Some(k),
                text: rest.trim(),
                para: false,
            },
            None => Line {
                no,
                indent,
                kind: None,
                text: l.trim(),
                para: false,
            },
        }
    }
}

/// The entries as they are built line by line, with what decides where the next line goes.
#[derive(Default)]
pub(super) struct Nesting<'a> {
    pub(super) entries: Vec<Entry>,
    /// The top-level entries' indentation and kind of marker, set by the first one.
    pub(super) top: Option<(usize, Kind)>,
    /// Where a line's sub-point goes: the nesting of the last entry and its markers.
    pub(super) stack: Vec<(usize, Kind)>,
    /// The text before the first entry, with its line numbers.
    pub(super) preamble: Vec<(usize, &'a str)>,
    /// The text after the list that is no part of it (a minute's resolution).
    pub(super) after: Vec<(usize, &'a str)>,
    /// Unmarked lines now go to the answer being read (after "Force response:").
    pub(super) answering: Option<&'static str>,
    /// Lines now go to the recommendations of the last cause of concern.
    pub(super) nested: bool,
    /// A lead-in ending "should:" ("Within three months, the force should:") whose bullets
    /// are each a recommendation of the last cause of concern, with its line.
    pub(super) lead: Option<(usize, String)>,
    /// The list has ended (a paragraph after a bulleted list): unmarked lines are kept as
    /// comments until the next marked line.
    pub(super) ended: bool,
    /// Structures read by a guess, with the line each starts on, for warnings.
    pub(super) guesses: Vec<(usize, String)>,
    /// The cause of concern a heading that repeats its words has taken up again (a letter
    /// that lists its causes, then gives each one's recommendations under its name): lines
    /// now go to its recommendations, not the last entry's.
    pub(super) cause_at: Option<usize>,
    /// The lines of points kept as comments after a letter's list of its causes of concern.
    pub(super) dropped_points: Vec<usize>,
    /// The lines of the paragraph of a cause of concern's own text being read, each with
    /// where it starts in the cause's text.
    pub(super) cause_para: Vec<(usize, &'a str, usize)>,
    /// The paragraph being read is kept as a comment (what a letter says about a cause),
    /// so its wrapped lines are too.
    pub(super) commenting: bool,
}

/// Whether a line ends with a lead-in whose bullets each complete its sentence as a
/// recommendation: "Within three months, the force should:", "the force should
/// immediately:", "chief constables should:" (not "paying particular attention to:", whose
/// bullets are sub-points of one recommendation).
pub(super) fn should_lead_in(text: &str) -> bool {
    let Some(t) = text.trim_end().strip_suffix(':') else {
        return false;
    };
    let t = t.trim_end().to_lowercase();
    let t = t.strip_suffix("immediately").unwrap_or(&t).trim_end();
    // "… the force should make sure that:": each point completes the sentence all the same.
    let t = ["make sure that", "ensure that"]
        .iter()
        .find_map(|w| t.strip_suffix(w))
        .unwrap_or(t)
        .trim_end();
    t.ends_with(" should") || t.ends_with(" must")
}

/// Whether a paragraph asks the force (or forces) for something in a recommendation's words:
/// a "should" or "must" in its first sentence, or "We recommend", "HMIC recommends".
pub(super) fn asks_force(text: &str) -> bool {
    let first = text.split(". ").next().unwrap_or(text).to_lowercase();
    first.contains(" should ")
        || first.contains(" should,")
        || first.contains(" must ")
        || first.starts_with("we recommend")
        || first.contains("recommends that")
}

/// Whether a line says a recommendation was accepted (a published response's answer under
/// the finding it quotes) rather than asking for anything.
pub(super) fn reports_acceptance(text: &str) -> bool {
    let lower = text.to_lowercase();
    !asks_force(text)
        && ["accepted", "accepts", "accept"].iter().any(|verb| {
            ["the recommendation", "this recommendation"]
                .iter()
                .any(|what| lower.contains(&format!("{verb} {what}")))
        })
}

/// A recommendation's text without the register's "Recommendations:" before the first of a
/// cause's recommendations: the label names the list, it is not the finding's words.
pub(super) fn without_list_label(text: &str) -> &str {
    ["Recommendations:", "Recommendation:"]
        .iter()
        .find_map(|label| text.strip_prefix(label))
        .map(str::trim_start)
        .filter(|rest| !rest.is_empty())
        .unwrap_or(text)
}

/// The cause of concern lines now go to: the one taken up again by name, else the last.
pub(super) fn cause_of(entries: &mut [Entry], at: Option<usize>) -> Option<&mut Entry> {
    match at {
        Some(i) => entries.get_mut(i),
        None => entries.last_mut(),
    }
}

/// Whether a paragraph only announces the recommendations that follow it ("Our cause of
/// concern had two accompanying recommendations:"), asking nothing itself.
pub(super) fn announces_recommendations(text: &str) -> bool {
    let t = text.trim_end().to_lowercase();
    (t.ends_with("recommendations:") || t.ends_with("recommendation:"))
        && !asks_force(text)
        && !should_lead_in(text)
}

/// Whether a top-level entry holds recommendations of its own (a cause of concern).
pub(super) fn holds_recommendations(kind: Option<Kind>) -> bool {
    matches!(kind, Some(Kind::Labelled(Label::Cause | Label::Area, ..)))
}

impl<'a> Nesting<'a> {
    /// The entry that answers and sub-points go to now: the last recommendation of the last
    /// cause of concern while reading its recommendations, else the last entry.
    pub(super) fn target(&mut self) -> Option<&mut Entry> {
        let nested = self.nested;
        let last = cause_of(&mut self.entries, self.cause_at)?;
        if nested && !last.recommendations.is_empty() {
            return last.recommendations.last_mut();
        }
        Some(last)
    }

    /// Places one line: a wrapped line, a new top-level entry, or a sub-point.
    pub(super) fn add(&mut self, line: &Line<'a>) {
        if self.opens_or_ends_a_list(line) || self.answers(line) || self.said_about(line) {
            return;
        }
        self.answering = None;
        let top_kind = self.top.map(|t| t.1);
        let under_cause = holds_recommendations(top_kind) && !self.entries.is_empty();
        // Only a cause of concern takes unlabelled points and paragraphs as its
        // recommendations; under an area for improvement they are what was said about it.
        let under_a_cause =
            under_cause && matches!(top_kind, Some(Kind::Labelled(Label::Cause, ..)));
        if self.takes_up_a_cause(line, under_a_cause) {
            return;
        }
        match line.kind {
            None => self.unmarked(line, under_a_cause),
            Some(kind) => self.marked(line, kind, under_cause, under_a_cause),
        }
    }

    /// A list's heading, or a marked line after a letter's list of causes that asks nothing:
    /// whether the line was taken.
    fn opens_or_ends_a_list(&mut self, line: &Line<'a>) -> bool {
        // A wrapped line of a cause's paragraph that ends "recommendations:" is no heading.
        if line.kind.is_none()
            && (line.para || self.cause_para.is_empty() || self.nested)
            && let Some(label) = list_heading(line.text)
        {
            // "Recommendations" under a cause of concern opens its own list.
            self.nested =
                label == Label::Recommendation && holds_recommendations(self.top.map(|t| t.1));
            self.answering = None;
            self.lead = None;
            return true;
        }
        if line.kind.is_some() {
            self.commenting = false;
            if self.ended && !self.nested && self.causes_listed() {
                // A letter that has listed its causes of concern goes on to list what it
                // found on its revisit ("A brief summary of our findings is as follows:"):
                // no finding, kept as a comment.
                if self
                    .after
                    .last()
                    .is_none_or(|(n, _)| !self.dropped_points.contains(n))
                {
                    self.guesses.push((
                        line.no,
                        "kept the points after the causes of concern, which ask nothing of the force, as comments".to_owned(),
                    ));
                }
                self.dropped_points.push(line.no);
                self.after.push((line.no, line.text));
                return true;
            }
            self.ended = false;
        }
        false
    }

    /// A labelled field (`Response:`), a minute's resolution, or a line of the answer being
    /// read: whether the line was taken.
    fn answers(&mut self, line: &Line<'a>) -> bool {
        if let Some((field, value)) = labelled(line.text)
            && let Some(e) = self.target()
        {
            let slot = match field {
                "status" => &mut e.status,
                "owner" => &mut e.owner,
                "force_response" => &mut e.force_response,
                _ => &mut e.response,
            };
            append(slot, value);
            self.answering = matches!(field, "response" | "force_response").then_some(field);
            return true;
        }
        if line.kind.is_none() && !self.entries.is_empty() && resolution(line.text) {
            self.after.push((line.no, line.text));
            self.answering = None;
            return true;
        }
        if let Some(field) = self.answering
            && line.kind.is_none()
            && let Some(e) = self.target()
        {
            let slot = if field == "force_response" {
                &mut e.force_response
            } else {
                &mut e.response
            };
            append(slot, line.text);
            return true;
        }
        false
    }

    /// A heading that repeats a listed cause of concern, or a lead-in to a listed cause's
    /// recommendations: whether the line was taken.
    fn takes_up_a_cause(&mut self, line: &Line<'a>, under_a_cause: bool) -> bool {
        if line.kind.is_none()
            && (under_a_cause || self.causes_listed())
            && let Some(i) = self.named_cause(line.text)
        {
            // A heading that repeats a cause of concern listed above: what follows are its
            // recommendations.
            self.cause_at = Some(i);
            self.nested = true;
            self.lead = None;
            self.ended = false;
            self.after.push((line.no, line.text));
            self.guesses.push((
                line.no,
                format!(
                    "read what follows this heading as the recommendations of cause of concern {}, whose words it repeats",
                    i + 1
                ),
            ));
            return true;
        }
        if line.kind.is_none()
            && should_lead_in(line.text)
            && self.causes_listed()
            && (self.ended || self.cause_at.is_some() || self.list_ends(line))
        {
            // "We made the following recommendations, stating that the force should:" after
            // a letter's list of its causes of concern: the recommendations of the cause
            // taken up by name, else of the next one in the list.
            let named = self.cause_at.filter(|i| {
                self.entries
                    .get(*i)
                    .is_some_and(|c| c.recommendations.is_empty())
            });
            let at = named.unwrap_or_else(|| self.cause_at.map_or(0, |i| i + 1));
            if at < self.entries.len() {
                if named.is_none() {
                    self.guesses.push((
                        line.no,
                        format!(
                            "read the points under this paragraph as the recommendations of cause of concern {}, the next the letter lists; check they are its own",
                            at + 1
                        ),
                    ));
                }
                self.cause_at = Some(at);
                self.nested = true;
                self.lead = None;
                self.ended = false;
                self.nested_text(line);
                return true;
            }
        }
        false
    }

    /// A line with no marker: a cause's text, a recommendation's paragraph, a continuation,
    /// or what follows the list.
    fn unmarked(&mut self, line: &Line<'a>, under_a_cause: bool) {
        if self.cause_at.is_some() && self.nested {
            self.nested_text(line);
            return;
        }
        if self.ended || self.list_ends(line) {
            self.ended = true;
            self.after.push((line.no, line.text));
        } else if under_a_cause && !self.nested && line.para && announces_recommendations(line.text)
        {
            // "Our cause of concern … had two accompanying recommendations:": a letter's
            // words over the cause's recommendations, not the cause's own text.
            self.nested = true;
            self.after.push((line.no, line.text));
            self.guesses.push((
                line.no,
                "read the paragraphs after this line as the recommendations of the cause of concern above it"
                    .to_owned(),
            ));
        } else if under_a_cause
            && !self.nested
            && line.para
            && (asks_force(line.text) || should_lead_in(line.text))
        {
            // A paragraph that asks the force for something, after a cause of concern's
            // own text: its recommendation (the register prints them so).
            self.nested = true;
            self.guesses.push((
                line.no,
                "read this paragraph as a recommendation of the cause of concern above it"
                    .to_owned(),
            ));
            self.nested_text(line);
        } else if self.nested {
            self.nested_text(line);
        } else if under_a_cause
            && self
                .entries
                .last()
                .is_some_and(|c| c.items.is_empty() && c.recommendations.is_empty())
        {
            self.cause_text(line);
        } else if line.para
            && reports_acceptance(line.text)
            && let Some(e) = self.entries.last_mut()
        {
            // "All 43 PCCs … accepted the recommendation.": what a response says of the
            // finding it quotes, not the finding's words.
            append(&mut e.response, line.text);
            self.answering = Some("response");
        } else {
            self.continue_last(line.no, line.text);
        }
    }

    /// A line with a marker (a bullet, a number, a label): a cause's recommendation, a
    /// sub-point, or a new finding.
    fn marked(&mut self, line: &Line<'a>, kind: Kind, under_cause: bool, under_a_cause: bool) {
        let recommendation_marker = matches!(
            kind,
            Kind::Labelled(Label::Recommendation, ..) | Kind::Dotted(..)
        ) || (kind == Kind::Bullet
            && under_a_cause
            && !self.nested
            && asks_force(line.text)
            && self
                .entries
                .last()
                .is_some_and(|c| c.items.is_empty() && !c.text.trim_end().ends_with(':')));
        if under_cause && recommendation_marker {
            if kind == Kind::Bullet && !self.nested {
                self.guesses.push((
                    line.no,
                    "read the points under the cause of concern, which ask the force for something, as its recommendations"
                        .to_owned(),
                ));
            }
            self.nested = true;
            self.push_nested(line, kind);
            return;
        }
        if self.nested && !matches!(kind, Kind::Labelled(..)) {
            self.nested_item(line, kind);
            return;
        }
        if self.is_top(line, kind) {
            self.nested = false;
            self.push_top(line, kind);
        } else {
            self.push_sub(line, kind);
        }
    }

    /// A bulleted sentence under a finding that ends a sentence of its own is what was said
    /// about it (a minute, an update), not a sub-point: it joins the finding's response.
    /// Returns whether the line was placed so.
    fn said_about(&mut self, line: &Line<'a>) -> bool {
        if line.kind == Some(Kind::Bullet)
            && !self.nested
            && self.top.is_some_and(|(_, k)| k != Kind::Bullet)
            && !(matches!(self.top, Some((_, Kind::Labelled(Label::Cause, ..))))
                && asks_force(line.text))
            && self.stack.len() == 1
            && let Some(e) = self.entries.last_mut()
            && e.items.is_empty()
            && e.text.trim_end().ends_with('.')
            && line.text.chars().next().is_some_and(char::is_uppercase)
            && line.text.trim_end().ends_with('.')
            && line.text.split_whitespace().count() >= 8
        {
            append(&mut e.response, line.text);
            self.answering = Some("response");
            return true;
        }
        false
    }
}

/// Adds a paragraph to an answer.
pub(super) fn append(slot: &mut Option<String>, value: &str) {
    match slot {
        Some(v) if !value.is_empty() => {
            if !v.is_empty() {
                v.push_str("\n\n");
            }
            v.push_str(value);
        }
        Some(_) => {}
        None => *slot = Some(value.to_owned()),
    }
}

/// Joins a wrapped line to a text with one space.
pub(super) fn join(text: &mut String, line: &str) {
    if !text.is_empty() {
        text.push(' ');
    }
    text.push_str(line);
}

/// The entry at a depth of the current branch: 1 is the last top-level entry, 2 its last
/// sub-point, and so on.
pub(super) fn entry_at(entries: &mut [Entry], depth: usize) -> Option<&mut Entry> {
    let mut e = entries.last_mut()?;
    for _ in 1..depth {
        e = e.items.last_mut()?;
    }
    Some(e)
}

/// The entry a wrapped line continues: the deepest one of the current branch.
pub(super) fn last_entry(entries: &mut [Entry], depth: usize) -> Option<&mut Entry> {
    entry_at(entries, depth.max(1))
}
