//! What an import was unsure of, with the place in the input it came from.

/// A guess or a doubt, to be shown against the input: its line (and column) in the text the
/// import read, from 1, where the import knows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The line of the input's text, from 1.
    pub line: Option<usize>,
    /// The column of that line, in characters, from 1.
    pub column: Option<usize>,
    /// What was uncertain and what to do about it.
    pub message: String,
    /// The words of the input it came from, where the import knows those rather than the
    /// line: found in the input to give the line and column.
    pub near: Option<String>,
}

impl Warning {
    /// A warning about the input as a whole.
    pub fn new(message: impl Into<String>) -> Self {
        Warning {
            line: None,
            column: None,
            message: message.into(),
            near: None,
        }
    }

    /// A warning about words of the input, placed where they first appear in it.
    pub fn near(words: impl Into<String>, message: impl Into<String>) -> Self {
        Warning {
            near: Some(words.into()).filter(|w: &String| !w.trim().is_empty()),
            ..Warning::new(message)
        }
    }

    /// A warning about one line (0 for none known).
    pub fn at(line: usize, message: impl Into<String>) -> Self {
        Warning {
            line: (line > 0).then_some(line),
            column: None,
            message: message.into(),
            near: None,
        }
    }

    /// The column, where known (0 for none).
    #[must_use]
    pub fn column(mut self, column: usize) -> Self {
        self.column = (column > 0).then_some(column);
        self
    }
}

/// Gives each warning that names its words but not its line the line and column where those
/// words first appear in `text`.
pub(crate) fn place(warnings: &mut [Warning], text: &str) {
    place_from(warnings, text, 0, text.len());
}

/// As [`place`], finding the words between the bytes `from` and `to` of `text` (one part of
/// it, such as one edition of a bilingual text), lines still counted from its start.
pub(crate) fn place_from(warnings: &mut [Warning], text: &str, from: usize, to: usize) {
    let part = &text[from..to];
    for w in warnings.iter_mut().filter(|w| w.line.is_none()) {
        let Some(words) = w.near.as_deref() else {
            continue;
        };
        // The words as the text has them, or failing that their first line.
        let at = part
            .find(words)
            .or_else(|| words.lines().next().and_then(|l| part.find(l.trim())))
            .map(|i| from + i);
        if let Some(at) = at {
            let before = &text[..at];
            let line = before.matches('\n').count() + 1;
            let start = before.rfind('\n').map_or(0, |i| i + 1);
            w.line = Some(line);
            w.column = Some(text[start..at].chars().count() + 1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_placed_at_their_line_and_column() {
        let mut ws = vec![
            Warning::near("Kent Police", "a guess"),
            Warning::near("absent", "x"),
        ];
        place(
            &mut ws,
            "Dear Home Secretary,\nI write about Kent Police.\n",
        );
        assert_eq!((ws[0].line, ws[0].column), (Some(2), Some(15)));
        assert_eq!(ws[1].line, None);
    }
}
