//! Months (`YYYY-MM`), calendar dates and age on a month.
//!
//! Benefits are monthly, so the engine evaluates a household *for a month*. Age is completed
//! years on the first day of that month (POLICY §0): a person born 1960-05-15 is 59 in
//! 2020-05 and 60 from 2020-06.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{Error, Loc, Problem, Result};

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
    /// The month `month` (1–12) of `year`.
    ///
    /// # Errors
    ///
    /// [`Error::Invalid`] when the month is not 1–12 or the year is outside
    /// [`FIRST_YEAR`]..=[`LAST_YEAR`].
    pub fn new(year: i32, month: u32) -> Result<Month> {
        Month::checked(year, month).map_err(|problem| Loc::Root.invalid(problem))
    }

    #[allow(
        clippy::arithmetic_side_effects,
        reason = "year and month are checked to be in range first"
    )]
    fn checked(year: i32, month: u32) -> Result<Month, Problem> {
        if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
            return Err(Problem::YearOutOfRange { year });
        }
        if !(1..=12).contains(&month) {
            return Err(Problem::BadMonth {
                text: format!("{year:04}-{month:02}"),
            });
        }
        // Both are in range, so the index fits in u32 and is never negative.
        let index = u32::try_from(year).unwrap_or(0) * 12 + (month - 1);
        Ok(Month(index))
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

    /// The month that contains `date`.
    ///
    /// # Errors
    ///
    /// [`Error::Invalid`] when the year is outside [`FIRST_YEAR`]..=[`LAST_YEAR`].
    pub fn of(date: NaiveDate) -> Result<Month> {
        Month::new(date.year(), date.month())
    }

    /// Every month from `self` to `last`, both included (empty when `last` is earlier).
    pub fn through(self, last: Month) -> impl Iterator<Item = Month> {
        (self.0..=last.0).map(Month)
    }

    pub(crate) fn parse_problem(text: &str) -> Result<Month, Problem> {
        let bad = || Problem::BadMonth {
            text: text.to_owned(),
        };
        let bytes = text.as_bytes();
        if bytes.len() != 7 || bytes.get(4) != Some(&b'-') {
            return Err(bad());
        }
        let year: i32 = parse_digits(&text[..4]).ok_or_else(bad)?;
        let month: u32 = parse_digits(&text[5..]).ok_or_else(bad)?;
        Month::checked(year, month).map_err(|p| match p {
            Problem::BadMonth { .. } => bad(),
            other => other,
        })
    }
}

/// Parses a run of ASCII digits only (no sign, no spaces).
fn parse_digits<T: FromStr>(text: &str) -> Option<T> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

impl FromStr for Month {
    type Err = Error;

    fn from_str(text: &str) -> Result<Month> {
        Month::parse_problem(text).map_err(|p| Loc::Root.invalid(p))
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

impl<'de> Deserialize<'de> for Month {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Month, D::Error> {
        let text = Cow::<'de, str>::deserialize(d)?;
        Month::parse_problem(&text).map_err(serde::de::Error::custom)
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

/// Parses a calendar date `YYYY-MM-DD` strictly (no other forms, real days only).
pub(crate) fn parse_date(text: &str) -> Result<NaiveDate, Problem> {
    let bad = || Problem::BadDate {
        text: text.to_owned(),
    };
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes.get(4) != Some(&b'-') || bytes.get(7) != Some(&b'-') {
        return Err(bad());
    }
    let year: i32 = parse_digits(&text[..4]).ok_or_else(bad)?;
    let month: u32 = parse_digits(&text[5..7]).ok_or_else(bad)?;
    let day: u32 = parse_digits(&text[8..]).ok_or_else(bad)?;
    if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
        return Err(Problem::YearOutOfRange { year });
    }
    NaiveDate::from_ymd_opt(year, month, day).ok_or_else(bad)
}

/// Completed years of a person born on `birth` on the first day of `month` (POLICY §0).
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

/// Serde for `NaiveDate` as a strict `YYYY-MM-DD` string.
pub(crate) mod date_serde {
    use std::borrow::Cow;

    use chrono::NaiveDate;
    use serde::{Deserialize, Deserializer, Serializer};

    pub(crate) fn serialize<S: Serializer>(
        date: &NaiveDate,
        s: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(&date.format("%Y-%m-%d"))
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> std::result::Result<NaiveDate, D::Error> {
        let text = Cow::<'de, str>::deserialize(d)?;
        super::parse_date(&text).map_err(serde::de::Error::custom)
    }
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
    fn malformed_months_are_refused_with_the_text() {
        for text in [
            "2020-13",
            "2020-00",
            "2020-3",
            "20-03",
            "2020/03",
            "+020-03",
            "2020-03-01",
        ] {
            let err = text.parse::<Month>().unwrap_err();
            assert_eq!(
                err.to_string(),
                format!("{text:?} is not a month (YYYY-MM)")
            );
        }
        assert_eq!(
            "1899-12".parse::<Month>().unwrap_err().to_string(),
            "year 1899 is outside 1900..=2199"
        );
    }

    #[test]
    fn impossible_dates_are_refused() {
        assert!(parse_date("2020-02-30").is_err());
        assert!(parse_date("2019-02-29").is_err());
        assert_eq!(parse_date("2020-02-29"), Ok(d(2020, 2, 29)));
        assert_eq!(
            parse_date("2020-2-3"),
            Err(Problem::BadDate {
                text: "2020-2-3".into()
            })
        );
    }

    #[test]
    fn age_counts_completed_years_on_the_first_of_the_month() {
        // POLICY §0: born 1960-05-15 → 59 in 2020-05, 60 from 2020-06.
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
