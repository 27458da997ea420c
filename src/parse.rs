//! Months and dates from text and numbers, checked: the constructors of [`Month`] that can
//! fail, and the strict reading of calendar dates.
//!
//! They sit apart from `period`, where the values are defined, because they fail with the
//! crate's errors and those errors name months: `period` comes first, then `error`, then
//! this module, so that no module imports one that imports it back.

use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer};

use crate::error::{Error, Loc, Problem, Result};
use crate::period::{FIRST_YEAR, LAST_YEAR, Month};
use crate::read::TextForm;

impl Month {
    /// The month `month` (1–12) of `year`.
    ///
    /// # Errors
    ///
    /// [`Error::Invalid`] when the month is not 1–12 or the year is outside
    /// [`FIRST_YEAR`]..=[`LAST_YEAR`].
    pub fn new(year: i32, month: u32) -> Result<Month> {
        checked(year, month).map_err(|problem| Loc::Root.invalid(problem))
    }

    /// The month that contains `date`.
    ///
    /// # Errors
    ///
    /// [`Error::Invalid`] when the year is outside [`FIRST_YEAR`]..=[`LAST_YEAR`].
    pub fn of(date: NaiveDate) -> Result<Month> {
        Month::new(date.year(), date.month())
    }

    /// Reads `YYYY-MM`, naming what is wrong.
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
        checked(year, month).map_err(|p| match p {
            Problem::BadMonth { .. } => bad(),
            other => other,
        })
    }
}

/// The month of `year` and `month`, or the problem with them.
fn checked(year: i32, month: u32) -> Result<Month, Problem> {
    if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
        return Err(Problem::YearOutOfRange { year });
    }
    Month::from_year_month(year, month).ok_or_else(|| Problem::BadMonth {
        text: format!("{year:04}-{month:02}"),
    })
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

/// A month on the wire: a string `YYYY-MM`.
pub(crate) static MONTH_TEXT: TextForm<Month> = TextForm {
    name: "doudi::Month",
    expected: "a month, a string YYYY-MM",
    parse: Month::parse_problem,
    number: None,
};

impl<'de> Deserialize<'de> for Month {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Month, D::Error> {
        MONTH_TEXT.deserialize(d)
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

/// A calendar date on the wire: a string `YYYY-MM-DD`, read strictly.
pub(crate) static DATE_TEXT: TextForm<NaiveDate> = TextForm {
    name: "doudi::Date",
    expected: "a date, a string YYYY-MM-DD",
    parse: parse_date,
    number: None,
};

/// Serde for `NaiveDate` as a strict `YYYY-MM-DD` string.
pub(crate) mod date_serde {
    use chrono::NaiveDate;
    use serde::{Deserializer, Serializer};

    pub(crate) fn serialize<S: Serializer>(
        date: &NaiveDate,
        s: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(&date.format("%Y-%m-%d"))
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> std::result::Result<NaiveDate, D::Error> {
        super::DATE_TEXT.deserialize(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, mo: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, mo, day).unwrap()
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
        assert_eq!(
            Month::new(2020, 13).unwrap_err().to_string(),
            "\"2020-13\" is not a month (YYYY-MM)"
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
}
