//! The rules of section 55 of the Police Act 1996, as amended by the Policing and Crime Act
//! 2017, s.37.
//!
//! - s.55(4): the body invites the chief officer to comment on the published report.
//! - s.55(5): the body publishes its comments, the chief officer's comments, and its response
//!   to them.
//! - s.55(5A): publication happens before the end of the 56 days beginning with the day the
//!   report is published. The day of publication is day 1, so the last day is publication
//!   + 55 days.
//! - s.55(5B): for each recommendation, the comments explain the action taken or proposed, or
//!   why none.
//! - s.55(6): a copy goes to HMICFRS and to the Home Secretary.
//!
//! [`standing`] is the one place that works out where a response stands against these duties;
//! every command and page reads its answer rather than working it out again.

use jiff::civil::Date;
use serde::Serialize;

use crate::model::{Finding, Number, Placed, Response, SectionKind};
use crate::settings::Settings;
use crate::timescale;

/// The length of the period for publication, in days, counting the report's publication day.
pub const WINDOW_DAYS: i64 = 56;

/// The last day on which the response may be published: day 56 of the window.
pub fn last_day(report_published: Date) -> Date {
    report_published
        .checked_add(jiff::Span::new().days(WINDOW_DAYS - 1))
        .unwrap_or(Date::MAX)
}

/// How a response's date stands against the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Timeliness {
    /// On or before the last day.
    OnTime {
        /// Days to spare (0 when published on the last day).
        spare: i64,
    },
    /// After the last day.
    Late {
        /// How many days after the last day.
        days: i64,
    },
}

/// Compares a response's date with the window that began on `report_published`.
pub fn timeliness(report_published: Date, response: Date) -> Timeliness {
    let last = last_day(report_published);
    let days = days_between(last, response);
    if days > 0 {
        Timeliness::Late { days }
    } else {
        Timeliness::OnTime { spare: -days }
    }
}

/// Whole days from `a` to `b` (negative when `b` is earlier).
pub fn days_between(a: Date, b: Date) -> i64 {
    a.until(b).map(|s| i64::from(s.get_days())).unwrap_or(0)
}

/// Which field gave the response its date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DateField {
    /// `date:`.
    Date,
    /// `signature.date:`, used when `date:` is left out.
    Signature,
}

/// Where a response stands in its 56-day window.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case", tag = "state", content = "days")]
pub enum Timing {
    /// Published within the window.
    OnTime,
    /// Published this many days after the window.
    Late(i64),
    /// Not yet published; this many days left, counting today.
    DaysLeft(i64),
    /// Not published, and the window closed this many days ago.
    Overdue(i64),
    /// Not dated, and no day to count from was given.
    Undated,
}

impl Timing {
    /// Whether it breaks the duty of section 55(5A).
    pub fn is_bad(self) -> bool {
        matches!(self, Timing::Late(_) | Timing::Overdue(_))
    }

    /// Days after the last day for a dated response (0 when on time); `None` when undated.
    pub fn days_late(self) -> Option<i64> {
        match self {
            Timing::OnTime => Some(0),
            Timing::Late(n) => Some(n),
            _ => None,
        }
    }
}

/// Answered of total.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq, Eq)]
pub struct Count {
    /// With a response of their own.
    pub answered: usize,
    /// In all.
    pub total: usize,
}

impl Count {
    fn of(items: &[Finding]) -> Self {
        Count {
            answered: items.iter().filter(|f| f.response.is_some()).count(),
            total: items.len(),
        }
    }
}

/// One recommendation against section 55(5B) and its own timescale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owed {
    /// Where it is listed.
    pub at: Placed,
    /// Its number.
    pub number: Number,
    /// Whether the report's recommendation applies to the force.
    pub applies: bool,
    /// Whom the report addresses it to, when another body: it then needs no explanation.
    pub addressed_to: Option<String>,
    /// Whether the response explains the action taken or proposed, or why none.
    pub explained: bool,
    /// The day it falls due, from its timescale.
    pub due: Option<Date>,
    /// Whether its current status counts as closed in the office's settings.
    pub closed: bool,
    /// Past its due date on the day counted from, and not closed.
    pub overdue: bool,
    /// Its status now: the latest progress entry's, else the one the letter gives.
    pub status: Option<String>,
    /// The day of the latest progress entry; `None` when the status is the letter's.
    pub status_date: Option<Date>,
    /// Every progress entry in time order (entries of one day in the file's order):
    /// the day, the status, the note and the evidence's address.
    pub history: Vec<Progress>,
    /// The day it was closed: the first entry of the run of closed statuses it ends with.
    pub closed_on: Option<Date>,
    /// Who owns it.
    pub owner: Option<String>,
}

/// One dated step in a recommendation's progress.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    /// The day.
    pub date: Date,
    /// The status from that day.
    pub status: String,
    /// What was done.
    pub note: Option<String>,
    /// The evidence's address.
    pub evidence: Option<String>,
}

/// A finding's progress in time order, its current status and since when, and when it closed.
fn progress_of(
    f: &crate::model::Finding,
    settings: &Settings,
) -> (Vec<Progress>, Option<String>, Option<Date>, Option<Date>) {
    let mut history: Vec<Progress> = f
        .progress
        .iter()
        .map(|p| Progress {
            date: p.date.0,
            status: p.status.clone(),
            note: p.note.clone(),
            evidence: p.evidence.clone(),
        })
        .collect();
    // Stable: entries of one day keep the file's order.
    history.sort_by_key(|p| p.date);
    let is_closed = |s: &str| settings.status(s).is_some_and(|s| s.closed);
    let (status, since) = match history.last() {
        Some(p) => (Some(p.status.clone()), Some(p.date)),
        None => (f.status.clone(), None),
    };
    let closed_on = history
        .iter()
        .rev()
        .take_while(|p| is_closed(&p.status))
        .last()
        .map(|p| p.date);
    (history, status, since, closed_on)
}

/// The day a finding falls due: its timescale, read from the field or its text, counted from
/// the report's publication. Every due date s55 shows or counts is this one.
pub fn due(f: &Finding, published: Date) -> Option<Date> {
    timescale::of(f).and_then(|r| due_of(&r, published))
}

/// [`due`] for a finding whose timescale has been read already ([`timescale::of`]), so that
/// a caller that needs the timescale too reads the finding's text once.
pub fn due_of(read: &timescale::Read, published: Date) -> Option<Date> {
    read.timescale.due(published)
}

/// Where one finding stands: its explanation, due date, status and progress. `at` is where
/// it is listed.
fn owe(f: &Finding, at: Placed, published: Date, settings: &Settings, today: Option<Date>) -> Owed {
    let (history, status, status_date, closed_on) = progress_of(f, settings);
    let closed = status
        .as_deref()
        .and_then(|s| settings.status(s))
        .is_some_and(|s| s.closed);
    let due = due(f, published);
    Owed {
        at,
        number: f.number_at(at.index),
        applies: f.applies,
        addressed_to: f.addressed_to.clone(),
        explained: f.response.is_some(),
        due,
        closed,
        overdue: !closed
            && f.applies
            && f.addressed_to.is_none()
            && due.zip(today).is_some_and(|(d, t)| d < t),
        status,
        status_date,
        history,
        closed_on,
        owner: f.owner.clone(),
    }
}

/// What a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A recommendation, in `recommendations` or under a cause of concern or an area for
    /// improvement.
    Recommendation,
    /// An area for improvement.
    AreaForImprovement,
    /// A cause of concern.
    CauseOfConcern,
}

impl Kind {
    /// Its name in data: `recommendation`, `area_for_improvement`, `cause_of_concern`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Recommendation => "recommendation",
            Kind::AreaForImprovement => "area_for_improvement",
            Kind::CauseOfConcern => "cause_of_concern",
        }
    }
}

/// One finding of any kind, where it stands, for a tracker: the recommendations (as
/// [`Standing::owed`] has them), and the areas for improvement and causes of concern.
#[derive(Debug, Clone)]
pub struct Tracked<'a> {
    /// What it is.
    pub kind: Kind,
    /// The list it is in, or sits under: `recommendations`, `causes_of_concern` or
    /// `areas_for_improvement`.
    pub list: &'static str,
    /// For a recommendation under a cause of concern or an area for improvement, that
    /// finding's number.
    pub under: Option<Number>,
    /// The finding as the response gives it.
    pub finding: &'a Finding,
    /// Where it stands.
    pub owed: Owed,
}

/// Every finding of a response, for a tracker: the recommendations, then each cause of
/// concern followed by its recommendations, then each area for improvement followed by its
/// own. Each stands as [`standing`] would have it on `today`.
pub fn tracked<'a>(
    doc: &'a Response,
    settings: &Settings,
    today: Option<Date>,
) -> Vec<Tracked<'a>> {
    let published = doc.report.published.0;
    let mut out: Vec<Tracked<'a>> = doc
        .recommendations
        .iter()
        .enumerate()
        .map(|(index, f)| Tracked {
            kind: Kind::Recommendation,
            list: "recommendations",
            under: None,
            finding: f,
            owed: owe(f, Placed { under: None, index }, published, settings, today),
        })
        .collect();
    for (list, kind, findings) in [
        (
            "causes_of_concern",
            Kind::CauseOfConcern,
            &doc.causes_of_concern,
        ),
        (
            "areas_for_improvement",
            Kind::AreaForImprovement,
            &doc.areas_for_improvement,
        ),
    ] {
        for (parent, p) in findings.iter().enumerate() {
            let owed = owe(
                p,
                Placed {
                    under: None,
                    index: parent,
                },
                published,
                settings,
                today,
            );
            let number = owed.number.clone();
            out.push(Tracked {
                kind,
                list,
                under: None,
                finding: p,
                owed,
            });
            for (index, f) in p.recommendations.iter().enumerate() {
                let at = Placed {
                    under: Some((list, parent)),
                    index,
                };
                out.push(Tracked {
                    kind: Kind::Recommendation,
                    list,
                    under: Some(number.clone()),
                    finding: f,
                    owed: owe(f, at, published, settings, today),
                });
            }
        }
    }
    out
}

impl Owed {
    /// Whether section 55(5B) is met for it: explained, or addressed to another body.
    pub fn met(&self) -> bool {
        self.explained || self.addressed_to.is_some()
    }
}

/// A duty of section 55 that a response does not meet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Duty {
    /// s.55(4), (5)(b): the response publishes no comments from the chief officer.
    NoChiefOfficerComments,
    /// s.55(5A): published this many days after the last day.
    PublishedLate(i64),
    /// s.55(5A): not published, this many days after the last day.
    NotPublished(i64),
    /// s.55(5B): this many recommendations of the total have no response.
    Unexplained {
        /// Without a response.
        missing: usize,
        /// In all.
        total: usize,
    },
    /// s.55(6): a copy is not recorded as sent.
    CopiesNotRecorded {
        /// To HMICFRS.
        hmicfrs: bool,
        /// To the Home Secretary.
        home_secretary: bool,
    },
}

/// A response's statutory position: computed once, and read by `check` (as diagnostics),
/// `status` (as rows), the view (as wording) and the archive (as `responses.json`).
#[derive(Debug, Clone)]
pub struct Standing {
    /// The report's publication date: day 1 of the window.
    pub published: Date,
    /// The last day for publication (s.55(5A)).
    pub last_day: Date,
    /// The response's date: `date:`, or the signature's.
    pub date: Option<Date>,
    /// The field the date came from.
    pub date_field: Option<DateField>,
    /// Where the response stands in the window.
    pub timing: Timing,
    /// Whether the response is dated before the report was published: impossible.
    pub before_report: bool,
    /// Recommendations answered of total.
    pub recommendations: Count,
    /// Areas for improvement answered of total.
    pub areas_for_improvement: Count,
    /// Causes of concern answered of total.
    pub causes_of_concern: Count,
    /// Each recommendation, in order.
    pub owed: Vec<Owed>,
    /// Recommendations past their due date and not closed.
    pub overdue: usize,
    /// Whether the copy to HMICFRS is recorded (s.55(6)).
    pub copy_hmicfrs: bool,
    /// Whether the copy to the Home Secretary is recorded.
    pub copy_home_secretary: bool,
    /// Whether a section holds the body's comments (s.55(5)(a)).
    pub has_comments: bool,
    /// Whether a section holds the chief officer's comments (s.55(4), (5)(b)).
    pub has_chief_officer_comments: bool,
    /// The duties it does not meet, in the order of the statute. The chief officer's
    /// comments, responses to recommendations and copies are owed once the response is
    /// published (dated).
    pub duties: Vec<Duty>,
}

/// Works out a response's statutory position. `today` is the day to count an undated
/// response's days left from, and to judge recommendations overdue; without it an undated
/// response is [`Timing::Undated`] and none is overdue.
pub fn standing(doc: &Response, settings: &Settings, today: Option<Date>) -> Standing {
    let published = doc.report.published.0;
    let last = last_day(published);
    let (date, date_field) = match (doc.date, doc.signature.as_ref().and_then(|s| s.date)) {
        (Some(d), _) => (Some(d.0), Some(DateField::Date)),
        (None, Some(d)) => (Some(d.0), Some(DateField::Signature)),
        (None, None) => (None, None),
    };
    let timing = match (date, today) {
        (Some(d), _) => match timeliness(published, d) {
            Timeliness::OnTime { .. } => Timing::OnTime,
            Timeliness::Late { days } => Timing::Late(days),
        },
        (None, Some(today)) => {
            let left = days_between(today, last);
            if left >= 0 {
                Timing::DaysLeft(left + 1)
            } else {
                Timing::Overdue(-left)
            }
        }
        (None, None) => Timing::Undated,
    };
    let owed: Vec<Owed> = doc
        .all_recommendations()
        .into_iter()
        .map(|(at, f)| owe(f, at, published, settings, today))
        .collect();
    let copies = doc.copies.clone().unwrap_or_default();
    let shown = |kind: SectionKind| doc.sections.iter().any(|s| s.kind == kind);
    // Every recommendation counts, those under causes of concern included; one addressed to
    // another body is answered by saying so.
    let recommendations = Count {
        answered: owed.iter().filter(|o| o.met()).count(),
        total: owed.len(),
    };
    let mut duties = Vec::new();
    let has_chief_officer_comments = shown(SectionKind::ChiefOfficerComments);
    if date.is_some() && !has_chief_officer_comments {
        duties.push(Duty::NoChiefOfficerComments);
    }
    match timing {
        Timing::Late(n) => duties.push(Duty::PublishedLate(n)),
        Timing::Overdue(n) => duties.push(Duty::NotPublished(n)),
        _ => {}
    }
    if date.is_some() && recommendations.answered < recommendations.total {
        duties.push(Duty::Unexplained {
            missing: recommendations.total - recommendations.answered,
            total: recommendations.total,
        });
    }
    if date.is_some() && (copies.hmicfrs.is_none() || copies.home_secretary.is_none()) {
        duties.push(Duty::CopiesNotRecorded {
            hmicfrs: copies.hmicfrs.is_none(),
            home_secretary: copies.home_secretary.is_none(),
        });
    }
    Standing {
        published,
        last_day: last,
        date,
        date_field,
        timing,
        before_report: date.is_some_and(|d| d < published),
        recommendations,
        areas_for_improvement: Count::of(&doc.areas_for_improvement),
        causes_of_concern: Count::of(&doc.causes_of_concern),
        overdue: owed.iter().filter(|o| o.overdue).count(),
        owed,
        copy_hmicfrs: copies.hmicfrs.is_some(),
        copy_home_secretary: copies.home_secretary.is_some(),
        has_comments: shown(SectionKind::Comments),
        has_chief_officer_comments,
        duties,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn the_publication_day_is_day_one() {
        assert_eq!(last_day(date(2022, 11, 2)), date(2022, 12, 27));
        assert_eq!(last_day(date(2022, 8, 5)), date(2022, 9, 29));
    }

    #[test]
    fn the_window_crosses_leap_days() {
        // 2024 is a leap year: 29 February is one of the 56 days.
        assert_eq!(last_day(date(2024, 1, 10)), date(2024, 3, 5));
        assert_eq!(last_day(date(2023, 1, 10)), date(2023, 3, 6));
        assert_eq!(last_day(date(2024, 2, 29)), date(2024, 4, 24));
        // Across the turn of a year.
        assert_eq!(last_day(date(2023, 12, 1)), date(2024, 1, 25));
    }

    #[test]
    fn late_and_on_time() {
        let published = date(2022, 8, 5);
        assert_eq!(
            timeliness(published, date(2022, 9, 29)),
            Timeliness::OnTime { spare: 0 }
        );
        assert_eq!(
            timeliness(published, date(2022, 9, 30)),
            Timeliness::Late { days: 1 }
        );
        assert_eq!(
            timeliness(published, date(2022, 9, 1)),
            Timeliness::OnTime { spare: 28 }
        );
    }
}
