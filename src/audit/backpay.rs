//! Corrections and back-pay (补发 / 追缴): the month-by-month difference between the facts as
//! recorded and the corrected facts.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

use crate::engine::Engine;
use crate::error::Result;
use crate::model::{Household, PersonId, ProgramId};
use crate::money::Money;
use crate::period::Month;

/// One program's payment to one beneficiary in one month, as recorded and as corrected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Line {
    /// The month.
    pub month: Month,
    /// The program.
    pub program: ProgramId,
    /// The person (none for the household).
    pub person: Option<PersonId>,
    /// Paid under the recorded facts.
    pub recorded: Money,
    /// Due under the corrected facts.
    pub corrected: Money,
    /// `corrected − recorded`: owed to the household when positive, recoverable when
    /// negative.
    pub delta: Money,
}

/// The back-pay of a correction: every line that differs, and the total.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct BackPay {
    /// The lines that differ, by month, program and person.
    pub lines: Vec<Line>,
    /// The sum of the deltas: owed to the household (补发) when positive, recoverable (追缴)
    /// when negative.
    pub total: Money,
}

fn paid(
    engine: &Engine,
    household: &Household,
    month: Month,
) -> Result<BTreeMap<(ProgramId, Option<PersonId>), Money>> {
    let d = engine.evaluate(household, month)?;
    Ok(d.payments()
        .map(|(e, amount)| ((e.program(), d.person_of(e).cloned()), amount))
        .collect())
}

/// Compares the payments under `recorded` and `corrected` facts for every month of
/// `months`.
///
/// # Errors
///
/// When either household cannot be evaluated for a month (outside the pack, a member
/// born later).
///
/// # Example
///
/// A household recorded with wages of 1,000.00 (counted 800.00 ≥ 620.00: no dibao) whose
/// wages were in fact 500.00 (counted 400.00: dibao 220.00) from 2020-07 to 2020-09: 660.00
/// is owed.
///
/// ```
/// use doudi::{Engine, Household, PolicyPack, audit};
///
/// let with = |wage: &str| Household::from_json(&format!(r#"{{"id": "h1", "area": "urban", "members": [
///   {{"id": "a", "birth_date": "1980-01-01", "sex": "male", "relation": "head",
///    "incomes": [{{"category": "wage", "monthly": "{wage}"}}]}}]}}"#));
/// let engine = Engine::new(PolicyPack::maojian());
/// let back = audit::back_pay(&engine, &with("1000.00")?, &with("500.00")?, "2020-07".parse()?..="2020-09".parse()?)?;
/// assert_eq!(back.total.to_string(), "660.00");
/// assert_eq!(back.lines.len(), 3);
/// # Ok::<(), doudi::Error>(())
/// ```
pub fn back_pay(
    engine: &Engine,
    recorded: &Household,
    corrected: &Household,
    months: std::ops::RangeInclusive<Month>,
) -> Result<BackPay> {
    let mut lines = Vec::new();
    for month in months.start().through(*months.end()) {
        let (old, new) = (
            paid(engine, recorded, month)?,
            paid(engine, corrected, month)?,
        );
        let mut keys: Vec<&(ProgramId, Option<PersonId>)> = old.keys().chain(new.keys()).collect();
        keys.sort();
        keys.dedup();
        for key in keys {
            let (r, c) = (
                old.get(key).copied().unwrap_or(Money::ZERO),
                new.get(key).copied().unwrap_or(Money::ZERO),
            );
            if r != c {
                lines.push(Line {
                    month,
                    program: key.0,
                    person: key.1.clone(),
                    recorded: r,
                    corrected: c,
                    delta: c - r,
                });
            }
        }
    }
    let total = lines.iter().map(|l| l.delta).sum();
    Ok(BackPay { lines, total })
}

impl fmt::Display for BackPay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for l in &self.lines {
            writeln!(
                f,
                "{} {:<24} {:<12} recorded {:>10} corrected {:>10} delta {:>10}",
                l.month,
                l.program.to_string(),
                l.person.as_ref().map_or("household", |p| p.as_str()),
                l.recorded.to_string(),
                l.corrected.to_string(),
                l.delta.to_string()
            )?;
        }
        let words = if self.total.is_negative() {
            "recoverable from the household (追缴)"
        } else {
            "owed to the household (补发)"
        };
        write!(f, "total {} {words}", self.total)
    }
}
