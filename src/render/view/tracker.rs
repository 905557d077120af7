//! The tracker table: every recommendation in a line, with its timescale, due date, status,
//! owner and the start of its response, in the locale's words.
//!
//! Policy: the table is part of the published letter, so it shows a column only when the
//! office's `published_fields` publishes that field (as every list of findings does): by
//! default the status and the owner (offices write people's names there) are left out.

use serde::Serialize;

use super::format_date;
use crate::render::assets::Locale;
use crate::settings::{Field, Label, Settings};
use crate::timescale::{Timescale, Unit};

/// A row of the tracker table: one recommendation in a line.
#[derive(Debug, Clone, Serialize)]
pub struct TrackerRow {
    /// Its number, as the report writes it.
    pub number: String,
    /// Its text, in full: the appendix wraps it rather than cut it short.
    pub text: String,
    /// Its timescale; `None` when timescales are not published.
    pub timescale: Option<String>,
    /// Its due date, written out; `None` when timescales are not published.
    pub due: Option<String>,
    /// Its status; `None` when statuses are not published.
    pub status: Option<String>,
    /// Whether the status is in another language than the document's.
    pub status_foreign: bool,
    /// Its owner; `None` when owners are not published.
    pub owner: Option<String>,
    /// The start of the response to it; `None` when responses are not published.
    pub response: Option<String>,
}

/// Which of the tracker's columns the letter publishes, as the office's `published_fields`
/// says: the number and the text always.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct TrackerColumns {
    /// The timescale and the due date.
    pub timescale: bool,
    /// The status.
    pub status: bool,
    /// The owner.
    pub owner: bool,
    /// The start of the response.
    pub response: bool,
}

impl TrackerColumns {
    /// The columns `settings` publish.
    pub fn of(settings: &Settings) -> Self {
        TrackerColumns {
            timescale: settings.publishes(Field::Timescale),
            status: settings.publishes(Field::Status),
            owner: settings.publishes(Field::Owner),
            response: settings.publishes(Field::Response),
        }
    }
}

/// What a table cell shows for nothing.
const NONE: &str = "–";

pub(super) fn tracker_rows(
    doc: &crate::model::Response,
    standing: &crate::statute::Standing,
    locale: &Locale,
    settings: &Settings,
) -> Vec<TrackerRow> {
    let shows = TrackerColumns::of(settings);
    // The statute's list of recommendations is the document's, in the same order: each row's
    // due date is the one the statutory position counts.
    doc.all_recommendations()
        .into_iter()
        .zip(&standing.owed)
        .map(|((at, f), owed)| {
            let read = crate::timescale::of(f);
            TrackerRow {
                number: f.number_at(at.index).0,
                text: plain(&f.text),
                timescale: shows.timescale.then(|| {
                    read.as_ref()
                        .map_or_else(|| NONE.to_owned(), |r| timescale_text(r.timescale, locale))
                }),
                due: shows.timescale.then(|| {
                    owed.due
                        .map_or_else(|| NONE.to_owned(), |d| format_date(d, locale))
                }),
                status: shows.status.then(|| {
                    f.status
                        .as_deref()
                        .map_or_else(|| NONE.to_owned(), |s| status_label(s, settings, locale))
                }),
                status_foreign: shows.status
                    && f.status
                        .as_deref()
                        .is_some_and(|s| !status_in(s, settings, locale).1),
                owner: shows
                    .owner
                    .then(|| f.owner.clone().unwrap_or_else(|| NONE.to_owned())),
                response: shows.response.then(|| {
                    f.response
                        .as_deref()
                        .map_or_else(|| NONE.to_owned(), |r| first_words(&plain(r), 100))
                }),
            }
        })
        .collect()
}

/// How a timescale reads in the tracker, in the locale's words: "immediately", "three
/// months", "by 31 March 2023"; "ar unwaith", "3 mis", "erbyn 31 Mawrth 2023".
pub fn timescale_text(t: Timescale, locale: &Locale) -> String {
    let unit = match t {
        Timescale::Immediately => return locale.label("timescale_immediately").to_owned(),
        Timescale::By(d) => return format!("{} {}", locale.label("by"), format_date(d, locale)),
        Timescale::Within(_, Unit::Days) => "timescale_days",
        Timescale::Within(_, Unit::Weeks) => "timescale_weeks",
        Timescale::Within(_, Unit::Months) => "timescale_months",
        Timescale::Within(_, Unit::Years) => "timescale_years",
    };
    let Timescale::Within(n, _) = t else {
        return String::new();
    };
    locale.counted(unit, "n", i64::from(n), &locale.number(n))
}

/// A status as the office's settings label it in the locale's language; else the locale's
/// word for one of the default statuses; else as written.
pub fn status_label(written: &str, settings: &Settings, locale: &Locale) -> String {
    status_in(written, settings, locale).0
}

/// A status's label, and whether it is in the locale's language: an office's words given in
/// one language only stay in that language, which the PDF then tags as English.
pub(super) fn status_in(written: &str, settings: &Settings, locale: &Locale) -> (String, bool) {
    let status = settings.status(written);
    if let Some(Label::Languages(_)) = status.and_then(|s| s.label.as_ref())
        && let Some(label) = status.and_then(|s| s.label_in(&locale.language))
    {
        return (label.to_owned(), true);
    }
    let name = status.map_or(written, |s| s.name.as_str());
    if let Some(word) = locale.statuses.get(&name.trim().to_lowercase())
        && !matches!(status.and_then(|s| s.label.as_ref()), Some(Label::One(_)))
    {
        return (word.clone(), true);
    }
    let shown = status.map_or_else(|| written.to_owned(), |s| s.label().to_owned());
    (shown, locale.language == "en" || locale.language.is_empty())
}

/// The text of Markdown, without its markup, on one line.
fn plain(md: &str) -> String {
    use pulldown_cmark::{Event, Parser};
    let mut out = String::new();
    for e in Parser::new_ext(md, crate::markup::options()) {
        match e {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
                out.push_str(&t)
            }
            Event::SoftBreak | Event::HardBreak | Event::End(_) => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The first sentence of a text, or its first words up to `max` characters, with an ellipsis
/// when cut.
fn first_words(text: &str, max: usize) -> String {
    let sentence = match text.find(". ") {
        Some(i) => &text[..=i],
        None => text,
    };
    if sentence.chars().count() <= max {
        return sentence.to_owned();
    }
    let cut: String = sentence.chars().take(max).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > max / 2 => &cut[..i],
        _ => &cut,
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timescales_read_in_the_locale_s_words() {
        let assets = crate::render::Assets::builtin().unwrap();
        let en = |t| timescale_text(t, &assets.en);
        let cy = |t| timescale_text(t, assets.locale(crate::model::Language::Cy));
        assert_eq!(en(Timescale::Within(3, Unit::Months)), "three months");
        assert_eq!(en(Timescale::Within(1, Unit::Years)), "one year");
        assert_eq!(en(Timescale::Within(28, Unit::Days)), "28 days");
        assert_eq!(en(Timescale::Immediately), "immediately");
        assert_eq!(
            en(Timescale::By(jiff::civil::date(2023, 3, 31))),
            "by 31 March 2023"
        );
        // The Welsh tracker said "three months" before the wording came from the locale.
        assert_eq!(cy(Timescale::Within(3, Unit::Months)), "3 mis");
        assert_eq!(cy(Timescale::Immediately), "ar unwaith");
        assert_eq!(
            cy(Timescale::By(jiff::civil::date(2027, 3, 31))),
            "erbyn 31 Mawrth 2027"
        );
    }
}
