//! Months (`YYYY-MM`), calendar dates and age on a month.
//!
//! Benefits are monthly, so the engine evaluates a household *for a month*. Age is completed
//! years on the first day of that month: a person born 1960-05-15 is 59 in 2020-05 and 60
//! from 2020-06.
//!
//! This module holds the values and what can be done with them without failing. Errors name
//! months, so `error` builds on this module; reading months and dates from text and checking
//! them, which fails with those errors, builds on both, in `parse`.

use std::borrow::Cow;
use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Serialize, Serializer};

/// The first year a month or date may have.
pub const FIRST_YEAR: i32 = 1900;
/// The last year a month or date may have.
pub const LAST_YEAR: i32 = 2199;

/// A calendar month, such as `2020-03`.
///
/// Months are ordered, and cheap to copy and compare (one integer inside).
///
/// # Example
///
/// ```
/// use doudi::Month;
///
/// let march: Month = "2020-03".parse()?;
/// assert_eq!(march.year(), 2020);
/// assert_eq!(march.month(), 3);
/// assert_eq!(march.next().to_string(), "2020-04");
/// assert!(march < "2020-12".parse()?);
/// # Ok::<(), doudi::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month(u32);

impl Month {
    /// The month `month` (1–12) of `year`, or `None` when either is out of range.
    #[allow(
        clippy::arithmetic_side_effects,
        reason = "year and month are checked to be in range first"
    )]
    pub(crate) fn from_year_month(year: i32, month: u32) -> Option<Month> {
        if !(FIRST_YEAR..=LAST_YEAR).contains(&year) || !(1..=12).contains(&month) {
            return None;
        }
        // Both are in range, so the index fits in u32 and is never negative.
        let index = u32::try_from(year).unwrap_or(0) * 12 + (month - 1);
        Some(Month(index))
    }

    /// The year.
    pub fn year(self) -> i32 {
        // At most LAST_YEAR, so the conversion always succeeds.
        i32::try_from(self.0 / 12).unwrap_or(LAST_YEAR)
    }

    /// The month of the year, 1–12.
    #[allow(
        clippy::arithmetic_side_effects,
        reason = "a remainder of a division by 12 is below 12"
    )]
    pub fn month(self) -> u32 {
        self.0 % 12 + 1
    }

    /// The month after this one.
    ///
    /// After December of [`LAST_YEAR`] it stays there; months that far out have no pack.
    #[must_use]
    #[allow(
        clippy::arithmetic_side_effects,
        reason = "the last month of LAST_YEAR is handled first"
    )]
    pub fn next(self) -> Month {
        if self.year() == LAST_YEAR && self.month() == 12 {
            self
        } else {
            Month(self.0 + 1)
        }
    }

    /// The number of months from `earlier` to `self` (negative when `earlier` is later).
    pub fn months_since(self, earlier: Month) -> i64 {
        i64::from(self.0).saturating_sub(i64::from(earlier.0))
    }

    /// The first day of the month.
    pub fn first_day(self) -> NaiveDate {
        // Year and month are always valid, so the date exists; the fallback is unreachable.
        NaiveDate::from_ymd_opt(self.year(), self.month(), 1).unwrap_or(NaiveDate::MIN)
    }

    /// The last day of the month.
    pub fn last_day(self) -> NaiveDate {
        self.next()
            .first_day()
            .pred_opt()
            .filter(|_| self.next() != self)
            .unwrap_or(NaiveDate::from_ymd_opt(LAST_YEAR, 12, 31).unwrap_or(NaiveDate::MAX))
    }

    /// Every month from `self` to `last`, both included (empty when `last` is earlier).
    pub fn through(self, last: Month) -> impl Iterator<Item = Month> {
        (self.0..=last.0).map(Month)
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year(), self.month())
    }
}

impl fmt::Debug for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl Serialize for Month {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl schemars::JsonSchema for Month {
    fn schema_name() -> Cow<'static, str> {
        "Month".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])$",
            "description": "A calendar month, YYYY-MM."
        })
    }
}

/// Completed years of a person born on `birth` on the first day of `month`.
///
/// Zero for a person born later than that day (the engine rejects such a person first).
///
/// # Example
///
/// ```
/// use chrono::NaiveDate;
/// use doudi::{age_on, Month};
///
/// let born = NaiveDate::from_ymd_opt(1960, 5, 15).unwrap();
/// assert_eq!(age_on(born, "2020-05".parse()?), 59);
/// assert_eq!(age_on(born, "2020-06".parse()?), 60);
/// # Ok::<(), doudi::Error>(())
/// ```
pub fn age_on(birth: NaiveDate, month: Month) -> u32 {
    let years = month.year().saturating_sub(birth.year());
    // Not yet had this year's birthday on the 1st of the month: born in a later month of the
    // year, or later than the 1st of this very month.
    let before_birthday =
        birth.month() > month.month() || (birth.month() == month.month() && birth.day() > 1);
    let age = if before_birthday {
        years.saturating_sub(1)
    } else {
        years
    };
    u32::try_from(age).unwrap_or(0)
}

/// JSON Schema of a date string.
pub(crate) fn date_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    schemars::json_schema!({
        "type": "string",
        "format": "date",
        "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
        "description": "A calendar date, YYYY-MM-DD."
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(text: &str) -> Month {
        text.parse().unwrap()
    }

    fn d(y: i32, mo: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, mo, day).unwrap()
    }

    #[test]
    fn month_parses_and_prints() {
        assert_eq!(m("2020-03").to_string(), "2020-03");
        assert_eq!(m("2020-12").next(), m("2021-01"));
        assert_eq!(m("2021-01").months_since(m("2020-03")), 10);
        assert_eq!(m("2020-01").through(m("2020-03")).count(), 3);
    }

    #[test]
    fn age_counts_completed_years_on_the_first_of_the_month() {
        // Born 1960-05-15 → 59 in 2020-05, 60 from 2020-06.
        assert_eq!(age_on(d(1960, 5, 15), m("2020-05")), 59);
        assert_eq!(age_on(d(1960, 5, 15), m("2020-06")), 60);
        // Born on the 1st: the birthday is the first day of the month itself.
        assert_eq!(age_on(d(1960, 5, 1), m("2020-05")), 60);
        assert_eq!(age_on(d(1960, 5, 1), m("2020-04")), 59);
        // Born later in the year.
        assert_eq!(age_on(d(2004, 12, 31), m("2020-12")), 15);
        assert_eq!(age_on(d(2004, 12, 31), m("2021-01")), 16);
        // 29 February: a year's birthday passes by 1 March.
        assert_eq!(age_on(d(2000, 2, 29), m("2018-03")), 18);
        assert_eq!(age_on(d(2000, 2, 29), m("2018-02")), 17);
        // Born in the evaluated month after the 1st, or later: zero.
        assert_eq!(age_on(d(2020, 3, 9), m("2020-03")), 0);
    }
}
