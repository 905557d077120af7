//! Dates as people write them in published responses: "10th of September 2024", "5th April
//! 2023", "Tuesday 6th March 2018", "31/05/2023", "2023-05-31", "May 2023", and the Welsh
//! months ("17eg Ebrill 2023").
//!
//! Policy: a date is only a date when its day, month and year make a real day; a month and
//! year alone is kept apart (`month_only`) so the caller can say the day is a guess.

use crate::timescale::{MISOEDD, MONTHS};

/// A date found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    /// The day, `YYYY-MM-DD`.
    pub iso: String,
    /// Whether the text gave only the month and year (the day is then the 1st).
    pub month_only: bool,
    /// Where the date begins in the text (bytes).
    pub at: usize,
    /// The words as written.
    pub written: String,
}

/// The month a word names, 1 to 12: English in full or the first three letters, or Welsh.
fn month(word: &str) -> Option<u8> {
    let w = word.to_lowercase();
    let pos = MONTHS
        .iter()
        .position(|m| *m == w || (w.len() == 3 && m.starts_with(&w)) || (w == "sept"))
        .or_else(|| MISOEDD.iter().position(|m| *m == w))?;
    let pos = if w == "sept" { 8 } else { pos };
    u8::try_from(pos + 1).ok()
}

/// A day of the month with an ordinal ending in either language: "5", "5th", "1af", "17eg".
fn day(word: &str) -> Option<u8> {
    let digits: String = word.chars().take_while(char::is_ascii_digit).collect();
    let rest = &word[digits.len()..];
    if digits.is_empty() || digits.len() > 2 || rest.len() > 3 {
        return None;
    }
    if !rest.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

fn year(word: &str) -> Option<i16> {
    (word.len() == 4)
        .then(|| word.parse().ok())
        .flatten()
        .filter(|y| (1990..=2100).contains(y))
}

fn iso(y: i16, m: u8, d: u8) -> Option<String> {
    let m8 = i8::try_from(m).ok()?;
    let d8 = i8::try_from(d).ok()?;
    jiff::civil::Date::new(y, m8, d8).ok()?;
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

/// "31/05/2023" or "2023-05-31".
fn numeric(word: &str) -> Option<String> {
    let parts: Vec<&str> = word.split(['/', '-']).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    if word.contains('/') {
        iso(year(c)?, b.parse().ok()?, a.parse().ok()?)
    } else {
        iso(year(a)?, b.parse().ok()?, c.parse().ok()?)
    }
}

/// Every date in `text`, in order.
pub(crate) fn dates(text: &str) -> Vec<Found> {
    let words: Vec<(usize, &str)> = text
        .split_whitespace()
        .map(|w| {
            let at = w.as_ptr() as usize - text.as_ptr() as usize;
            let t = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '/' && c != '-');
            let t = t.trim_matches('-');
            (at, t)
        })
        .collect();
    let mut found = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let (at, w) = words[i];
        if let Some(iso) = numeric(w) {
            found.push(Found {
                iso,
                month_only: false,
                at,
                written: w.to_owned(),
            });
            i += 1;
            continue;
        }
        if let Some((date, used)) = spelt(&words[i..]) {
            found.push(Found { at, ..date });
            i += used;
            continue;
        }
        i += 1;
    }
    found
}

/// A date spelt in words at the start of `words`, and how many words it takes.
fn spelt(words: &[(usize, &str)]) -> Option<(Found, usize)> {
    let w = |k: usize| words.get(k).map(|(_, w)| *w).unwrap_or_default();
    if let Some(d) = day(w(0)) {
        let skip = usize::from(w(1).eq_ignore_ascii_case("of"));
        let m = month(w(1 + skip))?;
        let y = year(w(2 + skip))?;
        let used = 3 + skip;
        let written = (0..used).map(w).collect::<Vec<_>>().join(" ");
        return Some((
            Found {
                iso: iso(y, m, d)?,
                month_only: false,
                at: 0,
                written,
            },
            used,
        ));
    }
    let m = month(w(0))?;
    // A month alone is too common a word ("May", "Mai", "Mawrth") to count without a year.
    let y = year(w(1))?;
    Some((
        Found {
            iso: iso(y, m, 1)?,
            month_only: true,
            at: 0,
            written: format!("{} {}", w(0), w(1)),
        },
        2,
    ))
}

/// A date line with no year, as pages print their own day ("Posted on Thursday 3rd
/// November", "3 November"): its day and month.
pub(crate) fn day_month_alone(text: &str) -> Option<(u8, u8)> {
    let mut rest = text.trim().trim_end_matches('.');
    for p in ["Posted on", "Published on", "Published:", "Date:"] {
        rest = rest.strip_prefix(p).unwrap_or(rest).trim();
    }
    let words: Vec<&str> = rest
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .collect();
    const WEEKDAYS: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    let words = match words.first() {
        Some(w) if WEEKDAYS.contains(&w.to_lowercase().as_str()) => &words[1..],
        _ => &words[..],
    };
    match words {
        [d, m] => Some((day(d)?, month(m)?)),
        [d, of, m] if of.eq_ignore_ascii_case("of") => Some((day(d)?, month(m)?)),
        _ => None,
    }
}

/// A day and month given their year from the text: the year of a full date on the same day
/// elsewhere in it ("released today, 3 November 2016"), else the only year it names.
pub(crate) fn with_year(day: u8, month: u8, text: &str) -> Option<Found> {
    let all = dates(text);
    let tail = format!("-{month:02}-{day:02}");
    if let Some(d) = all.iter().find(|d| !d.month_only && d.iso.ends_with(&tail)) {
        return Some(d.clone());
    }
    let mut years: Vec<i16> = text
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(year)
        .collect();
    years.sort_unstable();
    years.dedup();
    match years.as_slice() {
        [y] => Some(Found {
            iso: iso(*y, month, day)?,
            month_only: false,
            at: 0,
            written: String::new(),
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn isos(text: &str) -> Vec<(String, bool)> {
        dates(text)
            .into_iter()
            .map(|f| (f.iso, f.month_only))
            .collect()
    }

    #[test]
    fn dates_as_people_write_them() {
        assert_eq!(
            isos("published on the 10th of September 2024."),
            [("2024-09-10".to_owned(), false)]
        );
        assert_eq!(isos("5th April 2023"), [("2023-04-05".to_owned(), false)]);
        assert_eq!(
            isos("Tuesday 6th March 2018"),
            [("2018-03-06".to_owned(), false)]
        );
        assert_eq!(
            isos("Last Updated: 31/05/2023"),
            [("2023-05-31".to_owned(), false)]
        );
        assert_eq!(isos("in May 2023,"), [("2023-05-01".to_owned(), true)]);
        assert_eq!(isos("17eg Ebrill 2023"), [("2023-04-17".to_owned(), false)]);
        assert_eq!(
            isos("today (9th November 2017)"),
            [("2017-11-09".to_owned(), false)]
        );
        assert_eq!(
            isos("(Friday 1 December 2023)"),
            [("2023-12-01".to_owned(), false)]
        );
        assert!(
            !isos("31 February 2023 and 2022. A year")
                .iter()
                .any(|(_, month_only)| !month_only)
        );
    }
}
