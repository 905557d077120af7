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

use jiff::civil::Date;

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
