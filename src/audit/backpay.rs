//! Corrections and back-pay (补发 / 追缴): the month-by-month difference between the facts as
//! recorded and the corrected facts.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

use super::record::DecisionRecord;
use crate::engine::Engine;
use crate::error::Result;
use crate::model::{Household, HouseholdId, PersonId, ProgramId};
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

/// One line of a [`Ledger`]: what a recorded decision paid a beneficiary for one program in
/// one month, and what the correction makes due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct LedgerLine {
    /// The household.
    pub household: HouseholdId,
    /// The month of the decision.
    pub month: Month,
    /// The program.
    pub program: ProgramId,
    /// The person (none for the household).
    pub person: Option<PersonId>,
    /// Paid by the recorded decision.
    pub recorded: Money,
    /// Due under the correction.
    pub corrected: Money,
    /// `corrected − recorded`: owed to the household (补发) when positive, recoverable
    /// (追缴) when negative.
    pub delta: Money,
}

/// A record the ledger could not use: its position among the records and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct LedgerError {
    /// The record's position, from 0.
    pub position: usize,
    /// The household, as recorded (empty when unreadable).
    pub household: String,
    /// Why: the record was altered after it was made, or cannot be re-evaluated.
    pub message: String,
}

/// What a correction owes: for every recorded decision, each program and beneficiary whose
/// payment differs under the correction, month by month, with totals (made by
/// [`ledger`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Ledger {
    /// The pack of the correction: name, version and short fingerprint.
    pub pack: String,
    /// Records read.
    pub records: u64,
    /// Records whose household was replaced by corrected facts.
    pub corrected_facts: u64,
    /// The lines that differ, in the order of the records, then program and person.
    pub lines: Vec<LedgerLine>,
    /// The records that could not be used (tampered, or not evaluable).
    pub errors: Vec<LedgerError>,
    /// The sum of the positive deltas: owed to households (补发).
    pub owed: Money,
    /// The sum of the negative deltas, as a positive amount: recoverable (追缴).
    pub recoverable: Money,
    /// The sum of all deltas.
    pub total: Money,
}

impl Ledger {
    /// The total delta of each household, in order of household id.
    pub fn by_household(&self) -> BTreeMap<&HouseholdId, Money> {
        let mut out: BTreeMap<&HouseholdId, Money> = BTreeMap::new();
        for l in &self.lines {
            let sum = out.entry(&l.household).or_insert(Money::ZERO);
            *sum += l.delta;
        }
        out
    }

    /// The total delta of each program, in the crate's order of programs.
    pub fn by_program(&self) -> BTreeMap<ProgramId, Money> {
        let mut out: BTreeMap<ProgramId, Money> = BTreeMap::new();
        for l in &self.lines {
            let sum = out.entry(l.program).or_insert(Money::ZERO);
            *sum += l.delta;
        }
        out
    }

    /// The ledger as JSON, one line, with labelled fields.
    pub fn to_json(&self) -> String {
        // Writing plain data to memory cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The lines as CSV: `household,month,program,person,recorded,corrected,delta`.
    pub fn to_csv(&self) -> String {
        let mut w = csv::Writer::from_writer(Vec::new());
        // Writing to memory cannot fail.
        let _ = w.write_record([
            "household",
            "month",
            "program",
            "person",
            "recorded",
            "corrected",
            "delta",
        ]);
        for l in &self.lines {
            let _ = w.write_record([
                l.household.to_string(),
                l.month.to_string(),
                l.program.to_string(),
                l.person
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default(),
                l.recorded.to_string(),
                l.corrected.to_string(),
                l.delta.to_string(),
            ]);
        }
        String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
    }
}

/// Works out what a correction owes from recorded decisions: each record is re-evaluated
/// under `engine` (the corrected pack, or the pack as it was), with its household replaced
/// by the one of `corrected` with the same id when there is one (corrected facts), and its
/// recorded payments are compared with what is then due, program by program and
/// beneficiary by beneficiary.
///
/// A record altered after it was made is not used (an error of the ledger), nor one that
/// cannot be re-evaluated; every record is counted.
///
/// # Example
///
/// A decision recorded for 2020-07 under the default pack: wages of 500.00 count 400.00,
/// dibao paid 220.00. The pack is corrected to an urban standard of 650.00: (650.00 −
/// 400.00) × 1 = 250.00 is due, 30.00 owed.
///
/// ```
/// use doudi::audit::{self, DecisionRecord};
/// use doudi::{Engine, Household, MAOJIAN_TOML, PolicyPack};
///
/// let household = Household::from_json(r#"{"id": "h1", "area": "urban", "members": [
///   {"id": "a", "birth_date": "1980-01-01", "sex": "male", "relation": "head",
///    "incomes": [{"category": "wage", "monthly": "500.00"}]}]}"#)?;
/// let record = DecisionRecord::new(&Engine::new(PolicyPack::maojian()), &household, "2020-07".parse()?, false)?;
/// let corrected = MAOJIAN_TOML.replace(
///     r#"{ from = 2020-01-01, value = "620.00""#,
///     r#"{ from = 2020-01-01, value = "650.00""#,
/// );
/// let engine = Engine::new(PolicyPack::from_toml(&corrected)?);
/// let ledger = audit::ledger([&record], &engine, &[]);
/// assert_eq!(ledger.owed.to_string(), "30.00");
/// assert_eq!(ledger.lines[0].recorded.to_string(), "220.00");
/// assert_eq!(ledger.lines[0].corrected.to_string(), "250.00");
/// # Ok::<(), doudi::Error>(())
/// ```
pub fn ledger<'a, I>(records: I, engine: &Engine, corrected: &[Household]) -> Ledger
where
    I: IntoIterator<Item = &'a DecisionRecord>,
{
    let by_id: BTreeMap<&str, &Household> =
        corrected.iter().map(|h| (h.id().as_str(), h)).collect();
    let mut ledger = Ledger {
        pack: engine.pack().label(),
        records: 0,
        corrected_facts: 0,
        lines: Vec::new(),
        errors: Vec::new(),
        owed: Money::ZERO,
        recoverable: Money::ZERO,
        total: Money::ZERO,
    };
    for (position, record) in records.into_iter().enumerate() {
        ledger.records = ledger.records.saturating_add(1);
        let fail = |message: String| LedgerError {
            position,
            household: record.household_id().to_owned(),
            message,
        };
        if !record.verify() {
            ledger.errors.push(fail(
                "the record was altered after it was made (its hash does not match)".to_owned(),
            ));
            continue;
        }
        let replaced = by_id.get(record.household_id()).copied();
        let lines = (|| -> Result<Vec<LedgerLine>> {
            record.check()?;
            let month = record.month()?;
            let recorded_household = record.household()?;
            let household = replaced.unwrap_or(&recorded_household);
            let recorded = super::replay::entries(record.determination())?;
            let due = paid(engine, household, month)?;
            let mut keys: Vec<(ProgramId, Option<PersonId>)> = recorded
                .iter()
                .filter(|(_, o)| !o.paid().is_zero())
                .map(|(k, _)| k.clone())
                .chain(due.keys().cloned())
                .collect();
            keys.sort();
            keys.dedup();
            Ok(keys
                .into_iter()
                .filter_map(|key| {
                    let r = recorded.get(&key).map_or(Money::ZERO, |o| o.paid());
                    let c = due.get(&key).copied().unwrap_or(Money::ZERO);
                    (r != c).then(|| LedgerLine {
                        household: household.id().clone(),
                        month,
                        program: key.0,
                        person: key.1,
                        recorded: r,
                        corrected: c,
                        delta: c - r,
                    })
                })
                .collect())
        })();
        match lines {
            Ok(lines) => {
                if replaced.is_some() {
                    ledger.corrected_facts = ledger.corrected_facts.saturating_add(1);
                }
                ledger.lines.extend(lines);
            }
            Err(e) => ledger.errors.push(fail(e.to_string())),
        }
    }
    for l in &ledger.lines {
        if l.delta.is_negative() {
            ledger.recoverable -= l.delta;
        } else {
            ledger.owed += l.delta;
        }
        ledger.total += l.delta;
    }
    ledger
}

impl fmt::Display for Ledger {
    /// The lines, the totals per household and per program, and the totals.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "Back-pay under {}: {} record(s), {} with corrected facts, {} not used",
            self.pack,
            self.records,
            self.corrected_facts,
            self.errors.len()
        )?;
        writeln!(
            f,
            "{:<16} {:<8} {:<24} {:<12} {:>12} {:>12} {:>12}",
            "household", "month", "program", "person", "recorded", "corrected", "delta"
        )?;
        for l in &self.lines {
            writeln!(
                f,
                "{:<16} {:<8} {:<24} {:<12} {:>12} {:>12} {:>12}",
                l.household.as_str(),
                l.month.to_string(),
                l.program.to_string(),
                l.person.as_ref().map_or("household", |p| p.as_str()),
                l.recorded.to_string(),
                l.corrected.to_string(),
                l.delta.to_string()
            )?;
        }
        writeln!(f)?;
        writeln!(f, "By household:")?;
        for (household, delta) in self.by_household() {
            writeln!(f, "  {:<16} {:>12}", household.as_str(), delta.to_string())?;
        }
        writeln!(f, "By program:")?;
        for (program, delta) in self.by_program() {
            writeln!(f, "  {:<24} {:>12}", program.to_string(), delta.to_string())?;
        }
        for e in &self.errors {
            writeln!(
                f,
                "not used: record {} ({}): {}",
                e.position.saturating_add(1),
                e.household,
                e.message
            )?;
        }
        write!(
            f,
            "owed to households (补发) {}, recoverable (追缴) {}, net {}",
            self.owed, self.recoverable, self.total
        )
    }
}
