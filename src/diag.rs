//! Diagnostics: problems in a user's input, said so that a person can act on them.
//!
//! A diagnostic names the file, the line and column where the YAML has one, the field path
//! (`recommendations[4].items[1].text`), what is wrong and what to do. It is printed like a
//! compiler error, with the source line and a caret under the place. Problems in the input are
//! always diagnostics and never stop the collection of further problems; failures of the
//! machine (a file that cannot be written, a broken template) are operational errors instead.

use std::fmt::{self, Write as _};

use anstyle::{AnsiColor, Style};

/// How serious a problem is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub enum Severity {
    /// Something worth knowing, shown with `--verbose`.
    Note,
    /// Something to look at; output is still produced.
    Warning,
    /// The input cannot be used as it is; nothing is written for it.
    Error,
}

/// A step in a path to a field: a mapping key or a list index.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Step {
    /// A mapping key.
    Key(String),
    /// A list position, from 0.
    Index(usize),
}

/// Where a value sits in the response, such as `recommendations[4].items[1].text`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct FieldPath(pub Vec<Step>);

impl FieldPath {
    /// The path of the whole document.
    pub fn root() -> Self {
        FieldPath(Vec::new())
    }

    /// This path followed by a mapping key.
    #[must_use]
    pub fn key(&self, k: &str) -> Self {
        let mut p = self.clone();
        p.0.push(Step::Key(k.to_owned()));
        p
    }

    /// This path followed by a list position.
    #[must_use]
    pub fn index(&self, i: usize) -> Self {
        let mut p = self.clone();
        p.0.push(Step::Index(i));
        p
    }

    /// This path without its last step, or `None` at the root.
    pub fn parent(&self) -> Option<Self> {
        if self.0.is_empty() {
            None
        } else {
            Some(FieldPath(self.0[..self.0.len() - 1].to_vec()))
        }
    }

    /// Whether this is the path of the whole document.
    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }

    /// Parses the form serde reports paths in: `a.b[2].c`.
    pub fn parse(s: &str) -> Self {
        let mut steps = Vec::new();
        for part in s.split('.').filter(|p| !p.is_empty()) {
            let (name, mut rest) = match part.find('[') {
                Some(i) => (&part[..i], &part[i..]),
                None => (part, ""),
            };
            if !name.is_empty() {
                steps.push(Step::Key(name.to_owned()));
            }
            while let Some(close) = rest.find(']') {
                if let Ok(i) = rest[1..close].parse() {
                    steps.push(Step::Index(i));
                }
                rest = &rest[close + 1..];
            }
        }
        FieldPath(steps)
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, step) in self.0.iter().enumerate() {
            match step {
                Step::Key(k) if i == 0 => f.write_str(k)?,
                Step::Key(k) => write!(f, ".{k}")?,
                Step::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

/// A place in a source file: 1-based line and column (in characters), and how many
/// characters to underline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Position {
    /// The line, from 1.
    pub line: usize,
    /// The column, from 1, counted in characters.
    pub column: usize,
    /// How many characters the caret underlines (at least 1).
    pub width: usize,
}

/// One problem found in an input file.
/// Serialised for a report a build holds until its end ([`crate::site::Said`]), without the
/// other file it points into, which is held beside it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in one sentence.
    pub message: String,
    /// The field the problem is in, when it is about a field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<FieldPath>,
    /// Where in the file, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<Position>,
    /// What to do about it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// The words within the field that the problem is at, to point at them in the file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub near: Option<String>,
    /// The file the problem is in, when it is not the one being checked: a value a response
    /// inherits from its office's settings.
    #[serde(skip)]
    pub file: Option<std::sync::Arc<Origin>>,
    /// The field is gone (a value removed): point at the nearest field that held it, in the
    /// response, else in the office's settings.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub gone: bool,
}

/// A file other than the one being checked, and its text.
#[derive(Debug, PartialEq, Eq)]
pub struct Origin {
    /// Its path as the user would write it.
    pub name: String,
    /// Its text.
    pub text: String,
}

impl Diagnostic {
    /// An error: the input cannot be used until it is fixed.
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            path: None,
            position: None,
            hint: None,
            near: None,
            file: None,
            gone: false,
        }
    }

    /// A warning: output is still produced.
    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    /// A note: shown only when asked for.
    pub fn note(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Note,
            ..Diagnostic::error(message)
        }
    }

    /// Names the field the problem is in.
    #[must_use]
    pub fn at(mut self, path: FieldPath) -> Self {
        self.path = Some(path);
        self
    }

    /// Names a field that is gone: the diagnostic points at the nearest field that held it.
    #[must_use]
    pub fn at_gone(mut self, path: FieldPath) -> Self {
        self.path = Some(path);
        self.gone = true;
        self
    }

    /// Says where in the file the problem is.
    #[must_use]
    pub fn at_position(mut self, position: Position) -> Self {
        self.position = Some(position);
        self
    }

    /// Names the words within the field that the problem is at.
    #[must_use]
    pub fn near(mut self, words: impl Into<String>) -> Self {
        self.near = Some(words.into()).filter(|w: &String| !w.is_empty());
        self
    }

    /// Says what to do about it.
    #[must_use]
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Whether this is an error rather than a warning.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Renders the diagnostic as text, with the source line and a caret when the position is
    /// known. With `color`, ANSI styles mark the severity and the caret. This finds the line
    /// by reading the source from the start: for many diagnostics of one file, make its
    /// [`Lines`] once and call [`Diagnostic::render_in`].
    pub fn render(&self, file: &str, source: Option<&str>, color: bool) -> String {
        let lines = source.map(Lines::new);
        self.render_in(file, source, lines.as_ref(), color)
    }

    /// Renders the diagnostic as [`Diagnostic::render`] does, finding its line in `lines`
    /// (made once for the source), so the cost is that of the line, not of the file.
    pub fn render_in(
        &self,
        file: &str,
        source: Option<&str>,
        lines: Option<&Lines>,
        color: bool,
    ) -> String {
        // A problem in another file (a value inherited from the office's settings) is shown
        // in that file's own text.
        let own_lines;
        let (file, source, lines) = match &self.file {
            Some(o) => {
                own_lines = Lines::new(&o.text);
                (o.name.as_str(), Some(o.text.as_str()), Some(&own_lines))
            }
            None => (file, source, lines),
        };
        // Names, messages and lines from outside may carry terminal escape codes: shown, not
        // obeyed.
        let file = &*crate::util::visible(file);
        let paint = |style: Style, text: &str| -> String {
            let text = crate::util::visible(text);
            if color {
                format!("{}{text}{}", style.render(), style.render_reset())
            } else {
                text.into_owned()
            }
        };
        let (label, tone) = match self.severity {
            Severity::Error => ("error", AnsiColor::Red),
            Severity::Warning => ("warning", AnsiColor::Yellow),
            Severity::Note => ("note", AnsiColor::Cyan),
        };
        let tone = Style::new().fg_color(Some(tone.into())).bold();
        let bold = Style::new().bold();
        let blue = Style::new().fg_color(Some(AnsiColor::Blue.into())).bold();

        let mut out = String::new();
        let _ = writeln!(
            out,
            "{}{} {}",
            paint(tone, label),
            paint(bold, ":"),
            paint(bold, &self.message)
        );
        let line_text = self.position.and_then(|p| {
            let (s, l) = (source?, lines?);
            l.line(s, p.line)
        });
        match (self.position, line_text) {
            (Some(pos), Some(text)) => {
                out.push_str(&snippet(file, pos, text, &paint, tone));
            }
            (Some(pos), None) => {
                let _ = writeln!(
                    out,
                    "  {} {file}:{}:{}",
                    paint(blue, "-->"),
                    pos.line,
                    pos.column
                );
            }
            (None, _) => {
                let _ = writeln!(out, "  {} {file}", paint(blue, "-->"));
            }
        }
        let pad = match (self.position, line_text) {
            (Some(p), Some(_)) => " ".repeat(p.line.to_string().len()),
            _ => "  ".to_owned(),
        };
        if let Some(path) = self.path.as_ref().filter(|p| !p.is_root()) {
            let _ = writeln!(
                out,
                "{pad} {} at {}",
                paint(blue, "="),
                crate::util::visible(&path.to_string())
            );
        }
        if let Some(hint) = &self.hint {
            let _ = writeln!(
                out,
                "{pad} {} {}: {}",
                paint(blue, "="),
                paint(bold, "help"),
                crate::util::visible(hint)
            );
        }
        out
    }
}

/// A problem's place shown in its line: the file, line and column, the line (or a window of
/// a long one) and a caret under the place.
fn snippet(
    file: &str,
    pos: Position,
    text: &str,
    paint: &dyn Fn(Style, &str) -> String,
    tone: Style,
) -> String {
    let blue = Style::new().fg_color(Some(AnsiColor::Blue.into())).bold();
    let mut out = String::new();
    let number = pos.line.to_string();
    let pad = " ".repeat(number.len());
    let text = text.trim_end_matches('\r');
    // A very long line is shown as a window around the place, as compilers do.
    // The place in the file is said as it is; only the caret moves with the window.
    let _ = writeln!(
        out,
        "{pad}{} {file}:{}:{}",
        paint(blue, "-->"),
        pos.line,
        pos.column
    );
    let (text, pos) = window(text, pos);
    // A control character in the line is shown as one mark, so the caret still
    // points where it should.
    let text: String = text
        .chars()
        .map(|c| match c {
            '\t' => ' ',
            c if c.is_control() => '\u{fffd}',
            c => c,
        })
        .collect();
    let _ = writeln!(out, "{pad} {}", paint(blue, "|"));
    let _ = writeln!(out, "{} {} {text}", paint(blue, &number), paint(blue, "|"));
    let room = text.chars().count().saturating_sub(pos.column - 1).max(1);
    let caret = "^".repeat(pos.width.clamp(1, room));
    let _ = writeln!(
        out,
        "{pad} {} {}{}",
        paint(blue, "|"),
        " ".repeat(pos.column.saturating_sub(1)),
        paint(tone, &caret)
    );
    out
}

/// Where each line of a source text starts, found once so that any line is found at once.
#[derive(Debug, Clone)]
pub struct Lines {
    starts: Vec<usize>,
    len: usize,
}

impl Lines {
    /// The line starts of `text`.
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        Lines {
            starts,
            len: text.len(),
        }
    }

    /// The byte at which the line after the first `newlines` lines starts (the end of the
    /// text when it has fewer).
    pub fn after(&self, newlines: usize) -> usize {
        self.starts.get(newlines).copied().unwrap_or(self.len)
    }

    /// Line `n` (from 1) of `text`, the text these were made from, as `str::lines` gives it.
    pub fn line<'a>(&self, text: &'a str, n: usize) -> Option<&'a str> {
        let start = *self.starts.get(n.checked_sub(1)?)?;
        if start >= self.len {
            return None;
        }
        let end = self.starts.get(n).map_or(self.len, |next| next - 1);
        let line = text.get(start..end)?;
        Some(line.strip_suffix('\r').unwrap_or(line))
    }
}

/// The widest source line shown in full; longer ones show a window around the place.
const MAX_SHOWN: usize = 160;

/// Cuts a long line to a window around `pos`, moving the column to match. Reads the line
/// only as far as the window's end, and copies only the window.
fn window(text: &str, pos: Position) -> (String, Position) {
    if text.chars().nth(MAX_SHOWN).is_none() {
        return (text.to_owned(), pos);
    }
    let col = pos.column.saturating_sub(1);
    let start = col.saturating_sub(MAX_SHOWN / 4);
    // Byte offsets of the window's first and last characters, found in one pass.
    let mut chars = text.char_indices().map(|(i, _)| i).skip(start);
    let Some(from) = chars.next() else {
        return (text.to_owned(), pos);
    };
    let to = chars.nth(MAX_SHOWN - 1);
    let end = to.unwrap_or(text.len());
    let mut shown = text[from..end].to_owned();
    let mut column = col - start + 1;
    if start > 0 {
        shown.insert_str(0, "...");
        column += 3;
    }
    if to.is_some() {
        shown.push_str("...");
    }
    let width = pos.width.min(start + MAX_SHOWN - col).max(1);
    (
        shown,
        Position {
            line: pos.line,
            column,
            width,
        },
    )
}

/// Suggests the candidate closest to a misspelt name, when one is close enough to be a typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (edit_distance(&word, c), c))
        .filter(|(d, c)| *d <= (c.chars().count() / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Levenshtein distance, in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == *cb {
                prev
            } else {
                1 + prev.min(row[j]).min(row[j + 1])
            };
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_found_as_str_lines_finds_them() {
        for text in ["", "a", "a\n", "a\nb", "a\r\nb\r\n", "\n\nc\n"] {
            let lines = Lines::new(text);
            for n in 1..6 {
                assert_eq!(lines.line(text, n), text.lines().nth(n - 1), "{text:?} {n}");
            }
        }
    }

    /// A report written plain where colour is not shown is the coloured one with its colour
    /// codes taken out, byte for byte: what the terminal's stream used to make of it.
    #[test]
    fn a_plain_report_is_the_coloured_one_without_its_colour() {
        let long = format!("text: {}Section 55(1) é\u{1b}[31m\n", "word ".repeat(60));
        let text = format!("title: T\n{long}other: x\n");
        let lines = Lines::new(&text);
        let ds = [
            Diagnostic::warning("it cites \u{1b}[2Jsection 55(1)")
                .at_position(Position {
                    line: 2,
                    column: 307,
                    width: 13,
                })
                .at(FieldPath::root().key("text"))
                .hint("cite section 55"),
            Diagnostic::error("no place").hint("do it"),
            Diagnostic::note("a note").at_position(Position {
                line: 9,
                column: 1,
                width: 1,
            }),
        ];
        for d in ds {
            let coloured = d.render_in("a.yaml", Some(&text), Some(&lines), true);
            let plain = d.render_in("a.yaml", Some(&text), Some(&lines), false);
            assert_ne!(coloured, plain);
            assert_eq!(anstream::adapter::strip_str(&coloured).to_string(), plain);
        }
    }

    #[test]
    fn paths_print_and_parse_alike() {
        let p = FieldPath::root()
            .key("recommendations")
            .index(4)
            .key("items")
            .index(1)
            .key("text");
        assert_eq!(p.to_string(), "recommendations[4].items[1].text");
        assert_eq!(FieldPath::parse("recommendations[4].items[1].text"), p);
    }

    #[test]
    fn typos_find_their_field() {
        let fields = ["recommendations", "report", "areas_for_improvement"];
        assert_eq!(closest("recomendations", fields), Some("recommendations"));
        assert_eq!(closest("reprot", fields), Some("report"));
        assert_eq!(closest("colour", fields), None);
    }

    #[test]
    fn a_long_line_shows_a_window_around_the_place() {
        let line = format!("title: {}", "W".repeat(5000));
        let d = Diagnostic::error("too long").at_position(Position {
            line: 1,
            column: 8,
            width: 5000,
        });
        let text = d.render("r.yaml", Some(&line), false);
        assert!(text.lines().all(|l| l.chars().count() < 180), "{text}");
        assert!(text.contains("1 | title: WWW"), "{text}");
    }

    #[test]
    fn caret_sits_under_the_value() {
        let d = Diagnostic::error("unknown timescale `in 3 months`")
            .at(FieldPath::parse("recommendations[1].timescale"))
            .at_position(Position {
                line: 2,
                column: 16,
                width: 11,
            })
            .hint("write `immediately`");
        let src = "x: 1\n    timescale: in 3 months\n";
        let text = d.render("r.yaml", Some(src), false);
        assert_eq!(
            text,
            "error: unknown timescale `in 3 months`\n --> r.yaml:2:16\n  |\n2 |     timescale: in 3 months\n  |                ^^^^^^^^^^^\n  = at recommendations[1].timescale\n  = help: write `immediately`\n"
        );
    }
}
