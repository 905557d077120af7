//! The lines inside a list: wrapped text and nested items, pushed at their depth (a
//! sub-point under its recommendation, a recommendation under its cause of concern).

use super::*;

impl<'a> Nesting<'a> {
    /// An unmarked line among a cause of concern's recommendations: a wrapped line, or the
    /// next recommendation ("Within three months, the force should:").
    pub(super) fn nested_text(&mut self, line: &Line<'a>) {
        if self.lead.is_some() && line.para {
            self.lead = None;
        }
        if self.commenting && !line.para {
            self.after.push((line.no, line.text));
            return;
        }
        self.commenting = false;
        if self.cause_at.is_some()
            && line.para
            && !asks_force(line.text)
            && !should_lead_in(line.text)
            && cause_of(&mut self.entries, self.cause_at)
                .is_some_and(|c| c.recommendations.iter().all(|r| r.items.is_empty()))
            && self.lead.is_none()
            && !self.after_lead_in()
        {
            // What a letter says about a cause it has taken up again by name ("In our
            // inspection, we found …"): no recommendation, kept as a comment.
            self.after.push((line.no, line.text));
            self.commenting = true;
            return;
        }
        let Some(cause) = cause_of(&mut self.entries, self.cause_at) else {
            return;
        };
        let starts_new = match cause.recommendations.last() {
            None => true,
            Some(r) => {
                line.text.chars().next().is_some_and(char::is_uppercase)
                    && (!r.items.is_empty() || r.text.trim_end().ends_with('.'))
            }
        };
        if starts_new {
            cause.recommendations.push(Entry::new(
                None,
                line.no,
                without_list_label(line.text).to_owned(),
            ));
            return;
        }
        if let Some(r) = cause.recommendations.last_mut() {
            let deepest = match r.items.last_mut() {
                Some(i) if line.text.chars().next().is_some_and(char::is_lowercase) => i,
                _ => r,
            };
            join(&mut deepest.text, line.text);
        }
    }

    /// A marked line among a cause of concern's recommendations: a sub-point of the last
    /// one when it leads in to a list, else a recommendation of its own.
    pub(super) fn nested_item(&mut self, line: &Line<'a>, kind: Kind) {
        let Some(cause) = cause_of(&mut self.entries, self.cause_at) else {
            return;
        };
        // "Within three months, the force should:" over bullets: each bullet completes the
        // lead-in's sentence, so each is a recommendation of the cause, the lead-in kept
        // at the start of its text.
        if self.lead.is_none()
            && let Some(r) = cause.recommendations.last()
            && r.items.is_empty()
            && r.number.is_none()
            && should_lead_in(&r.text)
        {
            let r = cause.recommendations.pop().unwrap_or_default();
            self.guesses.push((
                r.line,
                format!(
                    "read each point under \"{}\" as a recommendation of its own, the lead-in at its start",
                    r.text
                ),
            ));
            self.lead = Some((r.line, r.text));
        }
        if let Some((_, lead)) = &self.lead
            && kind == Kind::Bullet
        {
            cause
                .recommendations
                .push(Entry::new(None, line.no, format!("{lead} {}", line.text)));
            return;
        }
        match cause.recommendations.last_mut() {
            Some(r) if r.text.trim_end().ends_with(':') || !r.items.is_empty() => {
                if r.items.is_empty() {
                    r.numbering = numbering(kind);
                }
                r.items
                    .push(Entry::new(None, line.no, line.text.to_owned()));
            }
            _ => cause
                .recommendations
                .push(Entry::new(None, line.no, line.text.to_owned())),
        }
    }

    /// Whether an unmarked line ends a bulleted list rather than continuing its last point:
    /// a paragraph of its own after a bullet ("We set out our detailed findings below.",
    /// a register's note) is no part of any finding.
    pub(super) fn list_ends(&self, line: &Line) -> bool {
        if self.answering.is_some() {
            return false;
        }
        // In a text with no markers, a sentence that asks nothing after one that asked for
        // something ends the finding, even where a PDF has lost the paragraph break.
        let implicit_sentence = self.top.is_some_and(|(_, k)| k == Kind::Implicit)
            && self
                .entries
                .last()
                .is_some_and(|e| e.items.is_empty() && e.text.trim_end().ends_with('.'))
            && line.text.chars().next().is_some_and(char::is_uppercase)
            && !asks(line.text);
        if !line.para && !implicit_sentence {
            return false;
        }
        let last = match self.cause_at {
            Some(i) => self.entries.get(i),
            None => self.entries.last(),
        };
        let Some(last) = last else {
            return false;
        };
        let bulleted_top = self.top.is_some_and(|(_, k)| k == Kind::Bullet)
            || (!self.nested && last.numbering == "bullet" && !last.items.is_empty());
        let bulleted_recs = self.lead.is_some()
            || (self.nested
                && last.recommendations.len() > 1
                && last.recommendations.iter().all(|r| r.number.is_none()));
        let point_ends = |t: &str| {
            let t = t.trim_end();
            t.ends_with(['.', ';', '!', '?']) || t.ends_with("and") || t.ends_with("or")
        };
        let last_text = last
            .recommendations
            .last()
            .filter(|_| self.nested)
            .map_or(last.text.as_str(), |r| r.text.as_str());
        let starts_upper = line.text.chars().next().is_some_and(char::is_uppercase);
        let last_text = match last.items.last() {
            Some(i) if !self.nested => i.text.as_str(),
            _ => last_text,
        };
        // A paragraph after a sentence that asked for something, in a text with no markers
        // (a news report): the report's story goes on, not the finding.
        let implicit_done = self.top.is_some_and(|(_, k)| k == Kind::Implicit)
            && last.text.trim_end().ends_with('.')
            && last.items.is_empty();
        (bulleted_top && starts_upper && (point_ends(last_text) || !last.items.is_empty())
            || bulleted_recs && starts_upper && !asks_force(line.text)
            || implicit_done && starts_upper && !asks(line.text))
            && !asks_force(line.text)
    }

    /// A recommendation under the last cause of concern ("Recommendation 1.1", "1.2 …").
    pub(super) fn push_nested(&mut self, line: &Line<'a>, kind: Kind) {
        if let Some(cause) = cause_of(&mut self.entries, self.cause_at) {
            cause
                .recommendations
                .push(Entry::new(number_of(kind), line.no, line.text.to_owned()));
        }
    }

    pub(super) fn continue_last(&mut self, no: usize, text: &'a str) {
        match last_entry(&mut self.entries, self.stack.len()) {
            Some(e) => join(&mut e.text, text),
            None => self.preamble.push((no, text)),
        }
    }

    /// Whether a marked line starts a new top-level entry rather than a sub-point.
    pub(super) fn is_top(&self, line: &Line, kind: Kind) -> bool {
        let Some((indent, first)) = self.top else {
            return true;
        };
        let last_number = self
            .entries
            .last()
            .and_then(|e| e.number.as_deref())
            .and_then(|n| n.parse::<u32>().ok());
        let next_number = match (kind, last_number) {
            (Kind::Decimal(n) | Kind::Labelled(_, n, 0), Some(last)) => n == last + 1,
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
                || matches!(kind, Kind::Labelled(..) | Kind::Implicit))
    }

    /// Starts a new top-level entry; the first one sets the top level's indentation and kind.
    pub(super) fn push_top(&mut self, line: &Line, kind: Kind) {
        if self.top.is_none() {
            self.top = Some((line.indent, kind));
        }
        self.entries
            .push(Entry::new(number_of(kind), line.no, line.text.to_owned()));
        self.stack.clear();
        self.stack.push((line.indent, kind));
    }

    /// A sub-point: deeper than the entry it follows, or a new list under a lead-in.
    pub(super) fn push_sub(&mut self, line: &Line, kind: Kind) {
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
        parent
            .items
            .push(Entry::new(None, line.no, line.text.to_owned()));
        if sibling {
            stack.pop();
        }
        stack.push((line.indent, kind));
    }
}
