//! A finding as a text gives it, and the markers that start one ("1.", "(a)", "1.1",
//! "Recommendation 3", "AFI 7 –"): what the findings importer, the table reader and the
//! response importer share, below all three.

use super::warning::Warning;

/// A finding found in the text: a recommendation, area for improvement or cause of concern.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Entry {
    /// Its number as the text writes it ("3", "1.1", "T10"), where it gives one.
    pub number: Option<String>,
    /// The line of the text it starts on, from 1 (0 where the text does not say).
    pub line: usize,
    /// Its text, wrapped lines joined.
    pub text: String,
    /// How its sub-points are numbered: `decimal`, `lower-alpha`, `lower-roman`, `bullet`.
    pub numbering: &'static str,
    /// Its sub-points.
    pub items: Vec<Entry>,
    /// Where the work stands, as a tracker or register gives it ("Completed").
    pub status: Option<String>,
    /// Who is responsible, as a tracker gives it.
    pub owner: Option<String>,
    /// The body's answer to it ("PCC comment: …", "MPS response: …", a register's log).
    pub response: Option<String>,
    /// The force's own answer ("Force response: …", "Chief Constable's response: …").
    pub force_response: Option<String>,
    /// Whom the report addresses it to, where a table says and it is not a police force.
    pub addressed_to: Option<String>,
    /// For a cause of concern (or an area for improvement): the recommendations under it.
    pub recommendations: Vec<Entry>,
    /// What a table gives that has no field (a "Due date" column), kept beside the entry.
    pub notes: Vec<String>,
}

impl Entry {
    /// A new entry, with no sub-points yet.
    pub(super) fn new(number: Option<String>, line: usize, text: String) -> Self {
        Entry {
            number,
            line,
            text,
            numbering: "decimal",
            ..Entry::default()
        }
    }
}

/// What the text holds: its findings, the list they belong in, and what it did not place.
#[derive(Debug, Clone, Default)]
pub struct Findings {
    /// The list the text says they are: `recommendations`, `areas_for_improvement` or
    /// `causes_of_concern`, from its labels, its table header or its words.
    pub key: &'static str,
    /// The findings, in the text's order.
    pub entries: Vec<Entry>,
    /// What was uncertain, each with its line.
    pub warnings: Vec<Warning>,
    /// Lines that are no part of a finding (an introduction, a minute's resolution), with
    /// their line numbers: kept as comments beside the list.
    pub left_out: Vec<(usize, String)>,
    /// The lists that follow the first in the same text (areas for improvement after
    /// causes of concern), each under its key.
    pub also: Vec<(&'static str, Vec<Entry>)>,
}

/// What a label calls a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Label {
    Recommendation,
    Area,
    Cause,
}

impl Label {
    /// The list a finding with this label goes in.
    pub(super) fn key(self) -> &'static str {
        match self {
            Label::Recommendation => "recommendations",
            Label::Area => "areas_for_improvement",
            Label::Cause => "causes_of_concern",
        }
    }
}

/// What kind of marker starts a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Decimal(u32),
    /// "1.1": a recommendation numbered under its cause of concern.
    Dotted(u32, u32),
    Alpha(u32),
    Roman(u32),
    Bullet,
    /// "Recommendation 3", "AFI 7 –", "Cause of concern 1", "Cause of concern:"; the number
    /// as two parts (`1.1` is 1 and 1; none is 0 and 0).
    Labelled(Label, u32, u32),
    /// A sentence with no marker that reads as a finding ("The force should …").
    Implicit,
}

/// Whether two markers are of the same kind, whatever their numbers.
pub(super) fn same_kind(a: Kind, b: Kind) -> bool {
    match (a, b) {
        (Kind::Labelled(x, ..), Kind::Labelled(y, ..)) => x == y,
        _ => std::mem::discriminant(&a) == std::mem::discriminant(&b),
    }
}

/// The number a marker gives, as the report writes it.
pub(super) fn number_of(kind: Kind) -> Option<String> {
    match kind {
        Kind::Decimal(n) | Kind::Labelled(_, n, 0) if n > 0 => Some(n.to_string()),
        Kind::Dotted(a, b) | Kind::Labelled(_, a, b) if a > 0 => Some(format!("{a}.{b}")),
        _ => None,
    }
}

pub(super) fn roman_value(s: &str) -> Option<u32> {
    let mut total = 0;
    let mut prev = 0;
    for c in s.chars().rev() {
        let v = match c {
            'i' => 1,
            'v' => 5,
            'x' => 10,
            'l' => 50,
            _ => return None,
        };
        if v < prev {
            total -= v;
        } else {
            total += v;
            prev = v;
        }
    }
    (total > 0).then_some(total)
}

/// The words that begin a labelled finding, in lower case, and what they call it.
const LABEL_WORDS: [(&str, Label); 8] = [
    ("recommendation ", Label::Recommendation),
    ("recommendation:", Label::Recommendation),
    ("action for further improvement (afi) ", Label::Area),
    ("area for improvement ", Label::Area),
    ("area for improvement:", Label::Area),
    ("afi ", Label::Area),
    ("cause of concern ", Label::Cause),
    ("cause of concern:", Label::Cause),
];

/// "1" or "1.1" at the start of `s`: the two parts and the rest.
pub(super) fn dotted_number(s: &str) -> Option<(u32, u32, &str)> {
    let digits = s.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 || digits > 3 {
        return None;
    }
    let major = s[..digits].parse().ok()?;
    let rest = &s[digits..];
    if let Some(after) = rest.strip_prefix('.') {
        let minor_digits = after.chars().take_while(char::is_ascii_digit).count();
        if (1..=2).contains(&minor_digits) {
            let minor = after[..minor_digits].parse().ok()?;
            return Some((major, minor, &after[minor_digits..]));
        }
    }
    Some((major, 0, rest))
}

/// A labelled marker: "Recommendation 3:", "AFI 7 –", "Cause of concern: …".
pub(super) fn label_marker(t: &str) -> Option<(Kind, &str)> {
    let lower = t.to_lowercase();
    let (words, label) = LABEL_WORDS.iter().find(|(w, _)| lower.starts_with(w))?;
    let rest = t.get(words.len()..)?;
    if words.ends_with(':') {
        let rest = rest.trim_start();
        return (!rest.is_empty()).then_some((Kind::Labelled(*label, 0, 0), rest));
    }
    let (major, minor, after) = dotted_number(rest)?;
    // "Recommendation 3 of the report" is a sentence; a label is followed by a stop, a dash,
    // a colon or nothing.
    let after_trim = after.trim_start();
    // "Recommendation 1.1 Within three months, …" on one line: the label, then the finding's
    // own sentence, which begins with a capital.
    let sentence_follows =
        after.starts_with(' ') && after_trim.chars().next().is_some_and(char::is_uppercase);
    let ends = after_trim.is_empty()
        || after_trim.starts_with([':', '.', '–', '-', '—', ')'])
        || after.starts_with(['\t'])
        || sentence_follows;
    if !ends {
        return None;
    }
    let rest = after_trim.trim_start_matches([':', '.', ' ', '–', '-', '—', ')']);
    Some((Kind::Labelled(*label, major, minor), rest.trim_start()))
}

/// Reads the marker at the start of a line: "1.", "1)", "1.1", "(a)", "a.", "i.", "•",
/// "-", "Recommendation 3", "AFI 7 –". Returns it with the rest of the line.
pub(super) fn marker(line: &str) -> Option<(Kind, &str)> {
    let t = line.trim_start();
    if let Some(found) = label_marker(t) {
        return Some(found);
    }
    // '\u{f0b7}' is Word's bullet in the Symbol font, as a PDF made from Word keeps it.
    for bullet in ['•', '●', '▪', '◦', '·', '–', '-', '*', '\u{f0b7}'] {
        if let Some(rest) = t.strip_prefix(bullet)
            && rest.starts_with([' ', '\t'])
        {
            return Some((Kind::Bullet, rest.trim_start()));
        }
    }
    // "1.1 Within three months" and "1.1. Within three months".
    if let Some((major, minor, rest)) = dotted_number(t)
        && minor > 0
    {
        let rest = rest.strip_prefix('.').unwrap_or(rest);
        if rest.starts_with([' ', '\t']) {
            return Some((Kind::Dotted(major, minor), rest.trim_start()));
        }
    }
    let (inner, rest) = if let Some(r) = t.strip_prefix('(') {
        let close = r.find(')')?;
        (&r[..close], &r[close + 1..])
    } else {
        let end = t.find(['.', ')'])?;
        (&t[..end], &t[end + 1..])
    };
    if !rest.starts_with([' ', '\t']) || inner.is_empty() || inner.len() > 5 {
        return None;
    }
    let rest = rest.trim_start();
    // Up to three digits: "2022. A year" is a sentence, not the 2022nd recommendation.
    if inner.len() <= 3
        && let Ok(n) = inner.parse::<u32>()
    {
        return Some((Kind::Decimal(n), rest));
    }
    if inner.chars().all(|c| "ivxl".contains(c))
        && let Some(v) = roman_value(inner)
    {
        // "i." is roman; a lone "v" or "x" is a letter more often than not.
        if inner != "v" && inner != "x" && inner != "l" {
            return Some((Kind::Roman(v), rest));
        }
    }
    let mut chars = inner.chars();
    if let (Some(c), None) = (chars.next(), chars.next())
        && c.is_ascii_lowercase()
    {
        return Some((Kind::Alpha(u32::from(c) - u32::from('a') + 1), rest));
    }
    None
}
