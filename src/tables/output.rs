//! The output tables: `results` and `findings` built household by household from the
//! evaluations, `errors` from a run's report; and `results` read back.

use std::sync::Arc;

use arrow_array::builder::{Decimal128Builder, StringBuilder, UInt32Builder, UInt64Builder};
use arrow_array::{ArrayRef, DictionaryArray, Int16Array, RecordBatch, StringArray};
use rust_decimal::{Decimal, RoundingStrategy};

use super::columns::{CellResult, Months, Numbers, Picker, Text};
use super::shape::results;
use super::{AMOUNT_PRECISION, FIGURE_PRECISION, KEY, NameKey, Table};
use crate::decision::{FindingKind, HOUSEHOLD, Outcome, REASON_CODES, wire::OutcomeKind};
use crate::engine::Scratch;
use crate::error::{Error, Problem, Segment, TableError};
use crate::model::{HouseholdId, PersonId, ProgramId};
use crate::money::Money;
use crate::period::Month;
use crate::policy::Party;
use crate::population::BatchError;

const OUTCOMES: [&str; 5] = ["paid", "holds", "not_paid", "withheld", "undetermined"];

/// A dictionary's values grown as they are met (programs, the sides of overlap rules).
#[derive(Debug)]
struct Vocabulary<K> {
    keys: Vec<K>,
    names: Vec<String>,
}

impl<K> Default for Vocabulary<K> {
    fn default() -> Self {
        Vocabulary {
            keys: Vec::new(),
            names: Vec::new(),
        }
    }
}

impl<K: PartialEq + Copy> Vocabulary<K> {
    fn key(&mut self, value: K, name: impl FnOnce() -> String) -> i16 {
        let at = match self.keys.iter().position(|k| *k == value) {
            Some(i) => i,
            None => {
                self.keys.push(value);
                self.names.push(name());
                self.keys.len().saturating_sub(1)
            }
        };
        i16::try_from(at).unwrap_or(i16::MAX)
    }
}

fn dictionary(keys: Vec<i16>, values: ArrayRef) -> ArrayRef {
    let keys = Int16Array::from(keys);
    match DictionaryArray::<NameKey>::try_new(keys, values) {
        Ok(d) => Arc::new(d),
        Err(_) => Arc::new(StringArray::from(Vec::<Option<&str>>::new())),
    }
}

pub(super) fn optional_dictionary(keys: Vec<Option<i16>>, values: ArrayRef) -> ArrayRef {
    let keys = Int16Array::from(keys);
    match DictionaryArray::<NameKey>::try_new(keys, values) {
        Ok(d) => Arc::new(d),
        Err(_) => Arc::new(StringArray::from(Vec::<Option<&str>>::new())),
    }
}

pub(super) fn names(values: &[&str]) -> ArrayRef {
    Arc::new(StringArray::from(values.to_vec()))
}

fn decimal_builder(capacity: usize, (precision, scale): (u8, i8)) -> Decimal128Builder {
    Decimal128Builder::with_capacity(capacity)
        .with_precision_and_scale(precision, scale)
        .unwrap_or_else(|_| Decimal128Builder::with_capacity(capacity))
}

/// `d` as the mantissa of a decimal of `scale`, when it has no more places and fits in
/// 38 digits.
fn mantissa(d: Decimal, scale: i8) -> Option<i128> {
    let target = u32::try_from(scale).ok()?;
    let have = d.scale();
    let up = target.checked_sub(have)?;
    let m = d.mantissa().checked_mul(10i128.checked_pow(up)?)?;
    (m.unsigned_abs() < 10u128.pow(38)).then_some(m)
}

/// A figure to ten decimal places, rounded half away from zero as the module
/// documentation says: the one place a figure is rounded, for the table only.
fn figure(d: Decimal) -> Option<i128> {
    let rounded = if d.scale() > 10 {
        d.round_dp_with_strategy(10, RoundingStrategy::MidpointAwayFromZero)
    } else {
        d
    };
    mantissa(rounded, FIGURE_PRECISION.1)
}

/// The `results` and `findings` of a run of households, batch by batch.
pub(crate) struct Sink {
    months: Vec<String>,
    first: Month,
    explanations: bool,
    programs: Vocabulary<ProgramId>,
    parties: Vocabulary<Party>,
    // results
    household: StringBuilder,
    person: StringBuilder,
    month: Vec<i16>,
    program: Vec<i16>,
    outcome: Vec<i16>,
    amount: Decimal128Builder,
    withheld_by: Vec<Option<i16>>,
    overlap_rule: UInt32Builder,
    reason: Vec<i16>,
    figure: Decimal128Builder,
    threshold: Decimal128Builder,
    explanation: StringBuilder,
    // findings
    f_household: StringBuilder,
    f_month: Vec<i16>,
    f_kind: Vec<i16>,
    f_person: StringBuilder,
    f_program: Vec<Option<i16>>,
    f_explanation: StringBuilder,
}

impl Sink {
    pub(crate) fn new(months: &std::ops::RangeInclusive<Month>, explanations: bool) -> Sink {
        let mut programs = Vocabulary::default();
        for &p in ProgramId::BUILT_IN {
            programs.key(p, || p.to_string());
        }
        Sink {
            months: months
                .start()
                .through(*months.end())
                .map(|m| m.to_string())
                .collect(),
            first: *months.start(),
            explanations,
            programs,
            parties: Vocabulary::default(),
            household: StringBuilder::new(),
            person: StringBuilder::new(),
            month: Vec::new(),
            program: Vec::new(),
            outcome: Vec::new(),
            amount: decimal_builder(0, AMOUNT_PRECISION),
            withheld_by: Vec::new(),
            overlap_rule: UInt32Builder::new(),
            reason: Vec::new(),
            figure: decimal_builder(0, FIGURE_PRECISION),
            threshold: decimal_builder(0, FIGURE_PRECISION),
            explanation: StringBuilder::new(),
            f_household: StringBuilder::new(),
            f_month: Vec::new(),
            f_kind: Vec::new(),
            f_person: StringBuilder::new(),
            f_program: Vec::new(),
            f_explanation: StringBuilder::new(),
        }
    }

    /// The rows of `results` not yet taken.
    #[cfg(feature = "datafusion")]
    pub(crate) fn rows(&self) -> usize {
        self.month.len()
    }

    /// Adds the evaluation of `household` for `month` that `scratch` holds.
    pub(crate) fn add(
        &mut self,
        household: &crate::model::Household,
        month: Month,
        scratch: &Scratch,
    ) {
        let m = i16::try_from(month.months_since(self.first)).unwrap_or(i16::MAX);
        let key = household.id().as_str();
        let members = household.members();
        for e in scratch.entries() {
            self.household.append_value(key);
            let person = if e.index == HOUSEHOLD {
                None
            } else {
                members.get(usize::from(e.index)).map(|p| p.id().as_str())
            };
            self.person.append_option(person);
            self.month.push(m);
            let program = e.program;
            self.program
                .push(self.programs.key(program, || program.to_string()));
            let (outcome, amount, by, rule) = match &e.outcome {
                Outcome::Paid { amount } => (0, Some(*amount), None, None),
                Outcome::Holds => (1, None, None, None),
                Outcome::NotPaid => (2, None, None, None),
                Outcome::Withheld { amount, by, rule } => {
                    (3, Some(*amount), Some(*by), Some(*rule))
                }
                Outcome::Undetermined => (4, None, None, None),
            };
            self.outcome.push(outcome);
            match amount.and_then(|a| mantissa(a.yuan(), AMOUNT_PRECISION.1)) {
                Some(v) => self.amount.append_value(v),
                None => self.amount.append_null(),
            }
            self.withheld_by
                .push(by.map(|party| self.parties.key(party, || party.to_string())));
            match rule.and_then(|r| u32::try_from(r).ok()) {
                Some(r) => self.overlap_rule.append_value(r),
                None => self.overlap_rule.append_null(),
            }
            self.reason
                .push(i16::try_from(e.reason.code_index()).unwrap_or(i16::MAX));
            let (fig, threshold) = e.reason.figures();
            self.figure.append_option(fig.and_then(figure));
            self.threshold.append_option(threshold.and_then(figure));
            if self.explanations {
                use std::fmt::Write as _;
                let _ = write!(self.explanation, "{}", e.reason);
                self.explanation.append_value("");
            } else {
                self.explanation.append_null();
            }
        }
        for finding in scratch.findings() {
            self.push_finding(key, m, finding);
        }
    }

    /// Adds a finding of one person or ID number in two households: a row for each of the
    /// two, in every month of the run.
    pub(crate) fn add_duplicate(&mut self, finding: &crate::decision::Finding) {
        let Some(households) = crate::population::concerned(finding) else {
            return;
        };
        let months = i16::try_from(self.months.len()).unwrap_or(i16::MAX);
        for household in households {
            for m in 0..months {
                self.push_finding(household.as_str(), m, finding);
            }
        }
    }

    fn push_finding(&mut self, key: &str, m: i16, finding: &crate::decision::Finding) {
        self.f_household.append_value(key);
        self.f_month.push(m);
        let kind = FindingKind::ALL
            .iter()
            .position(|k| *k == finding.kind())
            .unwrap_or(0);
        self.f_kind.push(i16::try_from(kind).unwrap_or(i16::MAX));
        self.f_person
            .append_option(finding.person().map(PersonId::as_str));
        let program = finding.program();
        self.f_program
            .push(program.map(|p| self.programs.key(p, || p.to_string())));
        use std::fmt::Write as _;
        let _ = write!(self.f_explanation, "{finding}");
        self.f_explanation.append_value("");
    }

    /// The batches of `results` and `findings` so far, leaving the sink empty.
    pub(crate) fn take(&mut self) -> (RecordBatch, RecordBatch) {
        let months: Vec<&str> = self.months.iter().map(String::as_str).collect();
        let programs: Vec<&str> = self.programs.names.iter().map(String::as_str).collect();
        let parties: Vec<&str> = self.parties.names.iter().map(String::as_str).collect();
        let results: Vec<ArrayRef> = vec![
            Arc::new(self.household.finish()),
            Arc::new(self.person.finish()),
            dictionary(std::mem::take(&mut self.month), names(&months)),
            dictionary(std::mem::take(&mut self.program), names(&programs)),
            dictionary(std::mem::take(&mut self.outcome), names(&OUTCOMES)),
            Arc::new(self.amount.finish()),
            optional_dictionary(std::mem::take(&mut self.withheld_by), names(&parties)),
            Arc::new(self.overlap_rule.finish()),
            dictionary(std::mem::take(&mut self.reason), names(REASON_CODES)),
            Arc::new(self.figure.finish()),
            Arc::new(self.threshold.finish()),
            Arc::new(self.explanation.finish()),
        ];
        let kinds: Vec<&str> = FindingKind::ALL.iter().map(|k| k.name()).collect();
        let findings: Vec<ArrayRef> = vec![
            Arc::new(self.f_household.finish()),
            dictionary(std::mem::take(&mut self.f_month), names(&months)),
            dictionary(std::mem::take(&mut self.f_kind), names(&kinds)),
            Arc::new(self.f_person.finish()),
            optional_dictionary(std::mem::take(&mut self.f_program), names(&programs)),
            Arc::new(self.f_explanation.finish()),
        ];
        (
            table_batch(Table::Results, results),
            table_batch(Table::Findings, findings),
        )
    }
}

/// A batch of `table` from columns built to its schema.
fn table_batch(table: Table, columns: Vec<ArrayRef>) -> RecordBatch {
    RecordBatch::try_new(table.schema(), columns)
        .unwrap_or_else(|_| RecordBatch::new_empty(table.schema()))
}

/// The `errors` table of a run's error records.
pub(crate) fn errors_batch(errors: &[BatchError]) -> RecordBatch {
    let n = errors.len();
    let mut table = StringBuilder::with_capacity(n, n.saturating_mul(8));
    let mut row = UInt64Builder::with_capacity(n);
    let mut household = StringBuilder::with_capacity(n, n.saturating_mul(12));
    let mut column = StringBuilder::with_capacity(n, n.saturating_mul(10));
    let mut value = StringBuilder::with_capacity(n, n.saturating_mul(10));
    let mut month = StringBuilder::with_capacity(n, n.saturating_mul(7));
    let mut message = StringBuilder::with_capacity(n, n.saturating_mul(40));
    for e in errors {
        household.append_option(e.household().map(HouseholdId::as_str));
        month.append_option(e.month().map(|m| m.to_string()));
        match e.error() {
            Error::Table(t) => {
                table.append_value(t.table);
                row.append_option(t.row);
                column.append_option(t.column.as_deref());
                value.append_option(t.value.as_deref());
                message.append_value(t.problem.to_string());
            }
            other => {
                table.append_null();
                row.append_null();
                column.append_null();
                value.append_null();
                message.append_value(other.to_string());
            }
        }
    }
    table_batch(
        Table::Errors,
        vec![
            Arc::new(table.finish()),
            Arc::new(row.finish()),
            Arc::new(household.finish()),
            Arc::new(column.finish()),
            Arc::new(value.finish()),
            Arc::new(month.finish()),
            Arc::new(message.finish()),
        ],
    )
}

/// An evaluation error of a member (a birth after the month), placed in `persons`.
pub(crate) fn place_member_error(error: Error, person_rows: &[u64]) -> Error {
    let Error::Invalid { path, problem } = error else {
        return error;
    };
    let member = match path.segments() {
        [Segment::Field(list), Segment::Index(i), rest @ ..] if list == "members" => {
            let field = match rest {
                [Segment::Field(f), ..] => Some(f),
                _ => None,
            };
            Some((*i, field))
        }
        _ => None,
    };
    match member {
        Some((i, field)) => {
            let column = Table::Persons
                .columns()
                .iter()
                .find(|c| Some(&c.name) == field.map(|f| f.as_ref()).as_ref())
                .map(|c| c.name.to_owned());
            let value = match &problem {
                Problem::BornAfter { birth_date, .. } => Some(birth_date.to_string()),
                _ => None,
            };
            Error::from(TableError {
                table: Table::Persons.name(),
                row: person_rows.get(i).copied(),
                column,
                value,
                problem,
            })
        }
        None => Error::Invalid { path, problem },
    }
}

/// A row of `results`, as read back by [`read_results`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ResultRow {
    /// The household.
    pub household: HouseholdId,
    /// The member, or `None` for the household's own entry.
    pub person: Option<PersonId>,
    /// The month.
    pub month: Month,
    /// The program.
    pub program: ProgramId,
    /// The outcome.
    pub outcome: OutcomeKind,
    /// Paid: the amount; withheld: what would have been paid.
    pub amount: Option<Money>,
    /// Withheld: the side that won, e.g. `tekun`.
    pub withheld_by: Option<String>,
    /// Withheld: the rule's position in the pack's overlap table.
    pub overlap_rule: Option<u32>,
    /// The reason's code.
    pub reason: String,
    /// The reason's main number (ten decimal places).
    pub figure: Option<Decimal>,
    /// What it was compared with or built from.
    pub threshold: Option<Decimal>,
    /// The reason in words, when it was written.
    pub explanation: Option<String>,
}

/// Decimal cells of an output table: a decimal of any scale, or text.
enum Decimals {
    D128(arrow_array::Decimal128Array, u32),
    Text(Text),
}

impl Decimals {
    fn pick(batch: &RecordBatch, name: &str) -> Result<Decimals, Error> {
        let Some(a) = batch.column_by_name(name) else {
            return Ok(Decimals::Text(Text::Absent));
        };
        use arrow_array::cast::AsArray;
        if let arrow_schema::DataType::Decimal128(_, s) = a.data_type()
            && let Ok(s) = u32::try_from(*s)
            && let Some(d) = a.as_primitive_opt::<arrow_array::types::Decimal128Type>()
        {
            return Ok(Decimals::D128(d.clone(), s));
        }
        Text::of(a).map(Decimals::Text).ok_or_else(|| {
            super::columns::column_error(
                Table::Results,
                name,
                Problem::ColumnType {
                    found: a.data_type().to_string(),
                    expected: "a decimal, or text",
                },
            )
        })
    }

    fn get(&self, row: usize) -> CellResult<Decimal> {
        use arrow_array::Array as _;
        match self {
            Decimals::D128(a, s) => {
                if a.is_null(row) {
                    return Ok(None);
                }
                Decimal::try_from_i128_with_scale(a.value(row), *s)
                    .map(Some)
                    .map_err(|_| {
                        Box::new((
                            Problem::BadMoney {
                                text: a.value(row).to_string(),
                            },
                            None,
                        ))
                    })
            }
            Decimals::Text(t) => match t.get(row) {
                None => Ok(None),
                Some(text) => Decimal::from_str_exact(text).map(Some).map_err(|_| {
                    Box::new((
                        Problem::BadMoney {
                            text: text.to_owned(),
                        },
                        Some(text.to_owned()),
                    ))
                }),
            },
        }
    }
}

/// Reads the rows of a `results` table back (as the crate writes it, from Parquet, CSV or
/// memory).
///
/// # Errors
///
/// [`Error::Table`] naming the row and column of the first cell that is not what the table
/// holds, or a missing or unknown column.
pub fn read_results(batches: &[RecordBatch]) -> Result<Vec<ResultRow>, Error> {
    const T: Table = Table::Results;
    let mut out = Vec::new();
    let mut base = 0u64;
    for batch in batches {
        let mut p = Picker::new(T, batch);
        let household = p.text(&results::KEY_COLUMN)?;
        let person = p.text(&results::PERSON_ID)?;
        let month: Months = p.months(&results::MONTH)?;
        let program = p.text(&results::PROGRAM)?;
        let outcome = p.text(&results::OUTCOME)?;
        p.known(&results::AMOUNT);
        let withheld_by = p.text(&results::WITHHELD_BY)?;
        let overlap_rule: Numbers = p.numbers(&results::OVERLAP_RULE)?;
        let reason = p.text(&results::REASON)?;
        p.known(&results::FIGURE);
        p.known(&results::THRESHOLD);
        let explanation = p.text(&results::EXPLANATION)?;
        p.finish()?;
        let amount = Decimals::pick(batch, "amount")?;
        let figure = Decimals::pick(batch, "figure")?;
        let threshold = Decimals::pick(batch, "threshold")?;
        for row in 0..batch.num_rows() {
            let number = base.saturating_add(row as u64).saturating_add(1);
            let fail = |column: &'static str, (problem, value): (Problem, Option<String>)| {
                Error::from(TableError {
                    table: T.name(),
                    row: Some(number),
                    column: Some(column.to_owned()),
                    value,
                    problem,
                })
            };
            let need = |column: &'static str, text: Option<&str>| -> Result<String, Error> {
                text.map(str::to_owned)
                    .ok_or_else(|| fail(column, (Problem::Missing, None)))
            };
            let household = HouseholdId::parse_problem(&need(KEY, household.get(row))?)
                .map_err(|p| fail(KEY, (p, household.get(row).map(str::to_owned))))?;
            let person = match person.get(row) {
                None => None,
                Some(text) => Some(
                    PersonId::parse_problem(text)
                        .map_err(|p| fail("person_id", (p, Some(text.to_owned()))))?,
                ),
            };
            let month = month
                .get(row)
                .map_err(|e| fail("month", *e))?
                .ok_or_else(|| fail("month", (Problem::Missing, None)))?;
            let program_text = need("program", program.get(row))?;
            let program = ProgramId::parse(&program_text).ok_or_else(|| {
                fail(
                    "program",
                    (
                        Problem::UnknownProgram {
                            name: program_text.clone(),
                        },
                        Some(program_text.clone()),
                    ),
                )
            })?;
            let outcome_text = need("outcome", outcome.get(row))?;
            let outcome = match outcome_text.as_str() {
                "paid" => OutcomeKind::Paid,
                "holds" => OutcomeKind::Holds,
                "not_paid" => OutcomeKind::NotPaid,
                "withheld" => OutcomeKind::Withheld,
                "undetermined" => OutcomeKind::Undetermined,
                other => {
                    return Err(fail(
                        "outcome",
                        (
                            Problem::NotOneOf {
                                found: format!("{other:?}"),
                                allowed: OUTCOMES.join(", "),
                            },
                            Some(other.to_owned()),
                        ),
                    ));
                }
            };
            let amount = amount
                .get(row)
                .map_err(|e| fail("amount", *e))?
                .map(Money::exact);
            let overlap_rule = overlap_rule
                .get(row)
                .map_err(|e| fail("overlap_rule", *e))?
                .map(|n| u32::try_from(n).unwrap_or(u32::MAX));
            out.push(ResultRow {
                household,
                person,
                month,
                program,
                outcome,
                amount,
                withheld_by: withheld_by.get(row).map(str::to_owned),
                overlap_rule,
                reason: need("reason", reason.get(row))?,
                figure: figure.get(row).map_err(|e| fail("figure", *e))?,
                threshold: threshold.get(row).map_err(|e| fail("threshold", *e))?,
                explanation: explanation.get(row).map(str::to_owned),
            });
        }
        base = base.saturating_add(batch.num_rows() as u64);
    }
    Ok(out)
}
