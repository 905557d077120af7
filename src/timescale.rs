//! Timescales: "immediately", "within three months", "by 31 March 2023", and the due dates
//! they set.
//!
//! A recommendation's timescale is read from its `timescale` field, or, when that is absent,
//! from its text, as HMICFRS writes them ("We recommend that, within three months, ...").
//! Due dates count from the report's publication date in calendar months, days, weeks or
//! years; a month that lacks the day ends on its last day (31 January + 1 month is 28 or 29
//! February).

use jiff::civil::Date;

/// A unit of time in a timescale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Days.
    Days,
    /// Weeks.
    Weeks,
    /// Calendar months.
    Months,
    /// Years.
    Years,
}

/// A timescale, understood.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Timescale {
    /// At once: due on the day the report is published.
    Immediately,
    /// Within a number of days, weeks, months or years of the report.
    Within(u32, Unit),
    /// By a date.
    By(Date),
}

/// The forms s55 understands, for hints.
pub const FORMS: &str = "`immediately`, `within N days`, `within N weeks`, `within N months` (N in words or digits), `by 31 March 2023`, `not later than 31 March 2015`, or a date written 2023-03-31";

/// The months in English, lower case, January first.
pub(crate) const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

const NUMBERS: [(&str, u32); 24] = [
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("thirteen", 13),
    ("fourteen", 14),
    ("fifteen", 15),
    ("sixteen", 16),
    ("eighteen", 18),
    ("twenty", 20),
    ("twenty-four", 24),
    ("twenty four", 24),
    ("thirty", 30),
    ("thirty-six", 36),
    ("a", 1),
    ("an", 1),
];

/// Numbers in Welsh, in the forms they take before a noun.
const RHIFAU: [(&str, u32); 20] = [
    ("un", 1),
    ("dau", 2),
    ("dwy", 2),
    ("tri", 3),
    ("tair", 3),
    ("pedwar", 4),
    ("pedair", 4),
    ("pum", 5),
    ("pump", 5),
    ("chwe", 6),
    ("chwech", 6),
    ("saith", 7),
    ("wyth", 8),
    ("naw", 9),
    ("deg", 10),
    ("deng", 10),
    ("un ar ddeg", 11),
    ("deuddeg", 12),
    ("deunaw", 18),
    ("pedwar ar hugain", 24),
];

/// Month names in Welsh, lower case, January first: "erbyn 31 Mawrth 2027".
pub(crate) const MISOEDD: [&str; 12] = [
    "ionawr",
    "chwefror",
    "mawrth",
    "ebrill",
    "mai",
    "mehefin",
    "gorffennaf",
    "awst",
    "medi",
    "hydref",
    "tachwedd",
    "rhagfyr",
];

fn number(word: &str) -> Option<u32> {
    word.parse()
        .ok()
        .or_else(|| NUMBERS.iter().find(|(w, _)| *w == word).map(|(_, n)| *n))
        .or_else(|| RHIFAU.iter().find(|(w, _)| *w == word).map(|(_, n)| *n))
}

fn unit(word: &str) -> Option<Unit> {
    match word.trim_end_matches(['.', ',', ';', ':', ')']) {
        "day" | "days" | "diwrnod" | "niwrnod" | "diwrnodau" => Some(Unit::Days),
        "week" | "weeks" | "wythnos" | "wythnosau" => Some(Unit::Weeks),
        "month" | "months" | "mis" | "misoedd" => Some(Unit::Months),
        "year" | "years" | "blwyddyn" | "flwyddyn" | "blynedd" | "mlynedd" => Some(Unit::Years),
        _ => None,
    }
}

/// Reads "31 March 2023" (or "31st March 2023") at the start of `words`, or "March 2023"
/// (a month and year, as thematic reports write "By March 2023, forces should"), which is
/// the month's last day.
fn written_date(words: &[&str]) -> Option<Date> {
    if let Some(d) = month_and_year(words) {
        return Some(d);
    }
    let day: i8 = words
        .first()?
        .trim_end_matches(|c: char| c.is_ascii_alphabetic())
        .parse()
        .ok()?;
    let name = words.get(1)?.trim_end_matches(',');
    let month = month_named(name)?;
    let year = year_in(words.get(2)?)?;
    Date::new(year, month, day).ok()
}

/// A month's number (1–12) from its English or Welsh name.
fn month_named(name: &str) -> Option<i8> {
    let index = MONTHS
        .iter()
        .position(|m| *m == name)
        .or_else(|| MISOEDD.iter().position(|m| *m == name))?;
    i8::try_from(index + 1).ok()
}

/// A year written as a word, with the punctuation a sentence leaves after it.
fn year_in(word: &str) -> Option<i16> {
    word.trim_end_matches(['.', ',', ';', ':', ')'])
        .parse()
        .ok()
}

/// "March 2023" at the start of `words`: the last day of that month.
fn month_and_year(words: &[&str]) -> Option<Date> {
    let name = words.first()?.trim_end_matches(',');
    let month = month_named(name)?;
    let year = year_in(words.get(1)?)?;
    Date::new(year, month, 1).ok()?.last_of_month().into()
}

/// Finds a timescale anywhere in a text. Returns it with the words it was read from.
pub fn find(text: &str) -> Option<(Timescale, String)> {
    // A colon glued to the next word ("should immediately:agree", as trackers print it)
    // separates words as a space does.
    let lower = text.to_lowercase();
    let words = words_of(&lower);
    // Words are compared as they stand in the text: no word is copied to be looked at.
    fn clean(w: &str) -> &str {
        w.trim_matches(|c: char| !c.is_alphanumeric() && c != '-')
    }
    for i in 0..words.len() {
        let w = clean(words[i]);
        if w == "immediately" {
            return Some((Timescale::Immediately, "immediately".to_owned()));
        }
        // "With immediate effect, all forces should …", as the inspectorate's thematic
        // reports of 2014 write it.
        if w == "with"
            && words.get(i + 1).map(|n| clean(n)) == Some("immediate")
            && words.get(i + 2).map(|n| clean(n)) == Some("effect")
        {
            return Some((Timescale::Immediately, "with immediate effect".to_owned()));
        }
        // Welsh: "ar unwaith" (at once), "o fewn tri mis" (within three months), "erbyn ...".
        if w == "ar" && words.get(i + 1).map(|n| clean(n)) == Some("unwaith") {
            return Some((Timescale::Immediately, "ar unwaith".to_owned()));
        }
        if w == "o" && words.get(i + 1).map(|n| clean(n)) == Some("fewn") {
            for n in [1, 3] {
                let num: Vec<&str> = words.iter().skip(i + 2).take(n).map(|w| clean(w)).collect();
                if let (Some(count), Some(u)) = (
                    number(&num.join(" ")),
                    words.get(i + 2 + n).map(|w| clean(w)).and_then(unit),
                ) {
                    let phrase = words[i..=i + 2 + n].join(" ");
                    return Some((
                        Timescale::Within(count, u),
                        phrase.trim_end_matches(['.', ',', ';']).to_owned(),
                    ));
                }
            }
        }
        if w == "within" {
            // "within three months", "within 3 months", "within twenty four months"
            for (take, n) in [(2, 1), (3, 2)] {
                let num: Vec<&str> = words.iter().skip(i + 1).take(n).map(|w| clean(w)).collect();
                if let (Some(n), Some(u)) = (
                    number(&num.join(" ")),
                    words.get(i + take).map(|w| clean(w)).and_then(unit),
                ) {
                    let phrase = words[i..=i + take].join(" ");
                    return Some((
                        Timescale::Within(n, u),
                        phrase.trim_end_matches(['.', ',', ';']).to_owned(),
                    ));
                }
            }
        }
        // "by 31 March 2023", "not later than 31 March 2015", "no later than ..."
        let later_than = w == "than" && i >= 1 && clean(words[i - 1]) == "later";
        let after = (w == "by" || w == "erbyn" || later_than).then_some(i + 1);
        if let Some(a) = after
            && let Some(d) = written_date(&words[a.min(words.len())..])
        {
            let start = if w == "than" { i.saturating_sub(2) } else { i };
            // "by March 2023" is two words after "by"; "by 31 March 2023" three.
            let len = if month_and_year(&words[a..]).is_some() {
                2
            } else {
                3
            };
            let phrase = words[start..(a + len).min(words.len())].join(" ");
            return Some((
                Timescale::By(d),
                phrase.trim_end_matches(['.', ',', ';']).to_owned(),
            ));
        }
        // A date is written YYYY-MM-DD, ten characters: no other word is tried as one.
        if w.len() == 10
            && let Ok(d) = crate::model::parse_date(w)
        {
            return Some((Timescale::By(d), w.to_owned()));
        }
    }
    None
}

/// The words of a text, as the timescale is looked for in them: parted at spaces, line
/// breaks and tabs, and after a colon (which stays with the word before it). Read in place:
/// no copy of the text is made with the breaks replaced, as every finding's text is read
/// for its timescale each time it is checked, counted or shown.
fn words_of(text: &str) -> Vec<&str> {
    // Byte by byte: every break is one ASCII byte, so each word is cut at a character's
    // boundary, and a byte is looked at in a fraction of the time a character takes.
    // Room for words of four bytes or more with their breaks, so that the list is made
    // once rather than grown word by word.
    let mut words = Vec::with_capacity(text.len() / 4 + 1);
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        match b {
            b' ' | b'\n' | b'\t' => {
                if start < i {
                    words.push(&text[start..i]);
                }
                start = i + 1;
            }
            b':' => {
                words.push(&text[start..=i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    if start < text.len() {
        words.push(&text[start..]);
    }
    words
}

/// Reads a `timescale` field: the whole of it must be a timescale.
pub fn parse_field(text: &str) -> Option<Timescale> {
    let t = text.trim();
    if let Ok(d) = crate::model::parse_date(t) {
        return Some(Timescale::By(d));
    }
    find(t).map(|(ts, _)| ts)
}

/// A finding's timescale and where it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Read {
    /// The timescale.
    pub timescale: Timescale,
    /// Whether it came from the finding's text rather than its `timescale` field.
    pub from_text: bool,
    /// The words it was read from.
    pub words: String,
}

/// A finding's timescale: its field when given (and understood), else one found in its text.
pub fn of(finding: &crate::model::Finding) -> Option<Read> {
    match &finding.timescale {
        Some(field) => parse_field(field).map(|timescale| Read {
            timescale,
            from_text: false,
            words: field.trim().to_owned(),
        }),
        None => find(&finding.text).map(|(timescale, words)| Read {
            timescale,
            from_text: true,
            words,
        }),
    }
}

impl Timescale {
    /// The day it falls due, for a report published on `published`.
    pub fn due(self, published: Date) -> Option<Date> {
        let span = match self {
            Timescale::Immediately => return Some(published),
            Timescale::By(d) => return Some(d),
            Timescale::Within(n, Unit::Days) => jiff::Span::new().days(i64::from(n)),
            Timescale::Within(n, Unit::Weeks) => jiff::Span::new().weeks(i64::from(n)),
            Timescale::Within(n, Unit::Months) => jiff::Span::new().months(i64::from(n)),
            Timescale::Within(n, Unit::Years) => jiff::Span::new().years(i64::from(n)),
        };
        published.checked_add(span).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn every_form_is_understood() {
        let cases = [
            ("immediately", Timescale::Immediately),
            ("Within three months", Timescale::Within(3, Unit::Months)),
            ("within 3 months", Timescale::Within(3, Unit::Months)),
            ("within six weeks", Timescale::Within(6, Unit::Weeks)),
            ("within 28 days", Timescale::Within(28, Unit::Days)),
            (
                "within twenty four months",
                Timescale::Within(24, Unit::Months),
            ),
            ("within a year", Timescale::Within(1, Unit::Years)),
            ("by 31 March 2023", Timescale::By(date(2023, 3, 31))),
            // A month and year is the month's last day (a regression: it was no timescale).
            (
                "By March 2023, forces should",
                Timescale::By(date(2023, 3, 31)),
            ),
            (
                "By September 2014, every force",
                Timescale::By(date(2014, 9, 30)),
            ),
            // A colon glued to the next word (a regression: it hid the timescale).
            ("the force should immediately:agree", Timescale::Immediately),
            // A regression: the register's "With immediate effect, all forces should" had none.
            (
                "With immediate effect, all forces should review",
                Timescale::Immediately,
            ),
            ("By 1st April 2024.", Timescale::By(date(2024, 4, 1))),
            (
                "not later than 31 March 2015",
                Timescale::By(date(2015, 3, 31)),
            ),
            (
                "no later than 30 September 2026",
                Timescale::By(date(2026, 9, 30)),
            ),
            ("2023-03-31", Timescale::By(date(2023, 3, 31))),
        ];
        for (text, want) in cases {
            assert_eq!(parse_field(text), Some(want), "{text}");
        }
        for (text, want) in [
            ("ar unwaith", Timescale::Immediately),
            ("o fewn tri mis", Timescale::Within(3, Unit::Months)),
            ("o fewn chwe mis", Timescale::Within(6, Unit::Months)),
            ("o fewn 28 diwrnod", Timescale::Within(28, Unit::Days)),
            ("erbyn 31 Mawrth 2027", Timescale::By(date(2027, 3, 31))),
        ] {
            assert_eq!(parse_field(text), Some(want), "{text}");
        }
        assert_eq!(parse_field("in 3 months"), None);
        assert_eq!(parse_field("by 31 Smarch 2023"), None);
        assert_eq!(parse_field("soon"), None);
    }

    #[test]
    fn timescales_are_found_in_recommendations() {
        let (ts, words) = find(
            "We recommend that, within three months, Warwickshire Police carries out a review",
        )
        .unwrap();
        assert_eq!(ts, Timescale::Within(3, Unit::Months));
        assert_eq!(words, "within three months");
        let (ts, _) =
            find("We recommend that Warwickshire Police immediately reviews the OCC response")
                .unwrap();
        assert_eq!(ts, Timescale::Immediately);
        assert_eq!(
            find("We recommend that the force reviews its approach."),
            None
        );
    }

    #[test]
    fn words_are_parted_as_when_the_breaks_were_replaced() {
        // The words as they were read before: the breaks replaced by spaces and a space put
        // after each colon, then the text split at spaces.
        fn replaced(text: &str) -> Vec<String> {
            let spaced = text.replace(['\n', '\t'], " ").replace(':', ": ");
            spaced
                .split(' ')
                .filter(|w| !w.is_empty())
                .map(str::to_owned)
                .collect()
        }
        for text in [
            "",
            ":",
            "::",
            " : ",
            "a:b",
            "a::b",
            "a: b",
            "a:\nb",
            "the force should immediately:agree",
            "We recommend that,\twithin three months,\n\nthe force:\r\n reviews",
            "  by  31 March\t2023 :: ok:",
            "o fewn tri mis:\terbyn 31 mawrth 2027",
            "non-breaking\u{a0}space: kept \u{2028} in the word",
        ] {
            assert_eq!(words_of(text), replaced(text), "{text:?}");
        }
    }

    #[test]
    fn months_end_on_their_last_day() {
        let m = |n| Timescale::Within(n, Unit::Months);
        assert_eq!(m(1).due(date(2023, 1, 31)), Some(date(2023, 2, 28)));
        assert_eq!(m(1).due(date(2024, 1, 31)), Some(date(2024, 2, 29)));
        assert_eq!(m(3).due(date(2022, 11, 30)), Some(date(2023, 2, 28)));
        assert_eq!(m(6).due(date(2022, 8, 5)), Some(date(2023, 2, 5)));
        assert_eq!(
            Timescale::Within(2, Unit::Weeks).due(date(2022, 12, 25)),
            Some(date(2023, 1, 8))
        );
        assert_eq!(
            Timescale::Immediately.due(date(2022, 8, 5)),
            Some(date(2022, 8, 5))
        );
    }
}
