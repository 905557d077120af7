//! A letter's layout, read line by line with the rest of the nesting: the causes of concern
//! a paragraph names over a list, a cause taken up again under a heading that repeats its
//! words, and the sentences that announce or lead in to a cause's recommendations.

use super::entries::{Entry, Kind};
use super::nesting::{Line, Nesting, announces_recommendations, join, should_lead_in};

/// A cause's words as a heading repeats them: no case, no list punctuation ("crime
/// recording;", "investigating crime; and").
pub(super) fn named(text: &str) -> String {
    let t = text.trim().to_lowercase();
    let t = t.strip_suffix(" and").unwrap_or(&t).trim_end();
    t.trim_end_matches([';', '.', ',', ':']).trim().to_owned()
}

/// Whether a paragraph over a list names the list's points as causes of concern ("we
/// identified two causes of concern, which were that the force:").
pub(super) fn announces_causes(lead: &str) -> bool {
    let l = lead.to_lowercase();
    l.trim_end().ends_with(':')
        && (l.contains("causes of concern") || l.contains("cause of concern"))
}

impl<'a> Nesting<'a> {
    /// The cause of concern listed above (not the last one being read) whose words a line
    /// repeats as a heading.
    pub(super) fn named_cause(&self, text: &str) -> Option<usize> {
        let name = named(text);
        if name.split_whitespace().count() < 2 && !self.ended {
            return None;
        }
        let i = self.entries.iter().position(|e| {
            e.recommendations.is_empty() && e.items.is_empty() && named(&e.text) == name
        })?;
        (self.ended || self.cause_at.is_some() || i + 1 < self.entries.len()).then_some(i)
    }

    /// Whether the text before a bulleted list names its points as causes of concern ("we
    /// identified five causes of concern in respect of:").
    pub(super) fn causes_listed(&self) -> bool {
        self.top.is_some_and(|(_, k)| k == Kind::Bullet) && {
            let from = self.preamble.len().saturating_sub(3);
            let lead: Vec<&str> = self.preamble[from..].iter().map(|(_, l)| *l).collect();
            announces_causes(&lead.join(" "))
        }
    }

    /// Whether the last recommendation read is a lead-in still waiting for its bullets.
    pub(super) fn after_lead_in(&self) -> bool {
        let cause = match self.cause_at {
            Some(i) => self.entries.get(i),
            None => self.entries.last(),
        };
        cause
            .and_then(|c| c.recommendations.last())
            .is_some_and(|r| r.items.is_empty() && should_lead_in(&r.text))
    }

    /// A wrapped line: it continues the last entry (or is text before the first).
    /// A line of a cause of concern's own text. A paragraph of it that, once its wrapped
    /// lines are joined, announces the recommendations ("… had two accompanying
    /// recommendations:") or leads in to them ("Within three months, the force should:")
    /// is taken out of the cause's text again: a PDF wraps such a line where a page does not.
    pub(super) fn cause_text(&mut self, line: &Line<'a>) {
        let Some(cause) = self.entries.last_mut() else {
            return;
        };
        if line.para {
            self.cause_para.clear();
        }
        self.cause_para.push((line.no, line.text, cause.text.len()));
        join(&mut cause.text, line.text);
        // The shortest run of the paragraph's last lines, from one that begins a sentence,
        // that announces or leads in to the recommendations.
        let found = (0..self.cause_para.len()).rev().find_map(|k| {
            let lines = &self.cause_para[k..];
            let first = lines[0].1.trim_start();
            if !first.chars().next().is_some_and(char::is_uppercase) {
                return None;
            }
            let joined = lines
                .iter()
                .map(|(_, l, _)| l.trim())
                .collect::<Vec<_>>()
                .join(" ");
            let announces = announces_recommendations(&joined);
            (announces || should_lead_in(&joined)).then_some((k, joined, announces))
        });
        let Some((k, joined, announces)) = found else {
            return;
        };
        let lines: Vec<(usize, &'a str, usize)> = self.cause_para.drain(k..).collect();
        let from = lines[0].2.min(cause.text.len());
        cause.text.truncate(from);
        let kept = cause.text.trim_end().len();
        cause.text.truncate(kept);
        let first = lines[0].0;
        self.nested = true;
        if announces {
            self.after.extend(lines.iter().map(|(n, l, _)| (*n, *l)));
            self.guesses.push((
                first,
                "read the paragraphs after this line as the recommendations of the cause of concern above it"
                    .to_owned(),
            ));
        } else {
            cause.recommendations.push(Entry::new(None, first, joined));
        }
    }
}
