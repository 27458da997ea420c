//! One row at a time into the facts of the household being gathered: each cell read as
//! the household's JSON form reads it, the first problem of a household kept with its
//! table, row, column and value.

use crate::error::{Error, Problem, TableError};
use crate::model::{
    Area, Disability, Enrolment, Event, ExternalBenefit, Grade, HouseholdId, Income, Parents,
    PersonFacts, PersonId, ProgramId, ResidentId, Screening, SelfCare, Township, Verification,
    VerifiedFact,
};
use crate::money::Money;
use crate::tables::columns::{CellResult, FlagRows, Word};
use crate::tables::{KEY, Table};

use super::decode::*;

/// A cell's error, boxed: rows are read by the million and fail seldom, so the results of
/// the row readers stay one word wide.
pub(super) type Fail = Box<TableError>;

/// The first error of a household, or of a row that names none.
#[cold]
pub(super) fn cell(
    table: Table,
    row: u64,
    column: &'static str,
    problem: Problem,
    value: Option<String>,
) -> Fail {
    Box::new(TableError {
        table: table.name(),
        row: Some(row),
        column: Some(column.to_owned()),
        value: value.map(|v| shown(column, &v)),
        problem,
    })
}

/// A cell's value as an error shows it: an ID number masked, invisible characters escaped,
/// at most 200 characters.
pub(crate) fn shown(column: &str, value: &str) -> String {
    let text: String = value.chars().take(200).collect();
    let text = if column == "id_number" {
        match ResidentId::parse_problem(&text) {
            Ok(id) => id.to_string(),
            Err(_) => crate::read::mask_long_numbers(&text),
        }
    } else {
        text
    };
    crate::error::visible(text.into()).into_owned()
}

/// The facts of a household's row in `households`, before its members are known.
pub(super) struct HouseholdRow {
    pub(super) id: HouseholdId,
    pub(super) area: Area,
    pub(super) township: Option<Township>,
    pub(super) registered_poor: bool,
    pub(super) financial_assets: Money,
    pub(super) non_exempt_vehicle: bool,
    pub(super) unsafe_housing: bool,
    pub(super) no_safe_drinking_water: bool,
    pub(super) return_to_poverty_monitored: bool,
    pub(super) rigid_spending_12_months: Money,
    pub(super) counted_income_12_months: Option<Money>,
}

/// The household being gathered. Its buffers are reused from one household to the next.
#[derive(Default)]
pub(super) struct Pending {
    pub(super) key: String,
    /// The key as a word.
    pub(super) word: Word,
    /// The first row that named the household.
    pub(super) first: Option<(Table, u64)>,
    pub(super) household_row: Option<u64>,
    pub(super) head: Option<HouseholdRow>,
    pub(super) persons: Vec<PersonFacts>,
    pub(super) person_rows: Vec<u64>,
    /// (member, item, row), in row order.
    pub(super) incomes: Vec<(usize, Income, u64)>,
    pub(super) benefits: Vec<(usize, ExternalBenefit, u64)>,
    pub(super) enrolments: Vec<Enrolment>,
    pub(super) enrolment_rows: Vec<u64>,
    pub(super) events: Vec<Event>,
    pub(super) event_rows: Vec<u64>,
    pub(super) screenings: Vec<Screening>,
    pub(super) screening_rows: Vec<u64>,
    pub(super) verifications: Vec<Verification>,
    pub(super) verification_rows: Vec<u64>,
    /// The members' ID numbers, kept to name one in an error of the household's checks.
    pub(super) id_numbers: Vec<Option<ResidentId>>,
    pub(super) error: Option<Error>,
    pub(super) townships: Townships,
}

impl Pending {
    pub(super) fn start(&mut self, key: &str, word: Word) {
        self.key.clear();
        self.key.push_str(key);
        self.word = word;
        self.first = None;
        self.household_row = None;
        self.head = None;
        self.persons.clear();
        self.person_rows.clear();
        self.incomes.clear();
        self.benefits.clear();
        self.enrolments.clear();
        self.enrolment_rows.clear();
        self.events.clear();
        self.event_rows.clear();
        self.screenings.clear();
        self.screening_rows.clear();
        self.verifications.clear();
        self.verification_rows.clear();
        self.error = None;
    }

    pub(super) fn fail(&mut self, error: Error) {
        if self.error.is_none() {
            self.error = Some(error);
        }
    }

    /// The member whose id is `text`, comparing as written and then in normalisation form
    /// C (as identifiers are kept).
    pub(super) fn member(&self, text: &str) -> Option<usize> {
        if let Some(i) = self.persons.iter().position(|p| p.id.as_str() == text) {
            return Some(i);
        }
        let id = PersonId::parse_problem(text).ok()?;
        self.persons.iter().position(|p| p.id == id)
    }
}

/// Records the facts of one row in the household being gathered; the first problem stops
/// the household.
pub(super) fn take_row(p: &mut Pending, cols: &Cols, row: usize, number: u64) {
    let result = match cols {
        Cols::Households(c) => household_row(p, c, row, number),
        Cols::Persons(c) => person_row(p, c, row, number),
        Cols::Incomes(c) => {
            item_row(p, c, row, number, Table::Incomes, "category").map(|(m, category, monthly)| {
                p.incomes.push((m, Income::new(category, monthly), number));
            })
        }
        Cols::Benefits(c) => item_row(p, c, row, number, Table::ExternalBenefits, "kind").map(
            |(m, kind, monthly)| {
                p.benefits
                    .push((m, ExternalBenefit::new(kind, monthly), number));
            },
        ),
        Cols::Enrolments(c) => enrolment_row(p, c, row, number),
        Cols::Events(c) => event_row(p, c, row, number),
        Cols::Screenings(c) => screening_row(p, c, row, number),
        Cols::Verifications(c) => verification_row(p, c, row, number),
    };
    if let Err(error) = result {
        p.fail(Error::Table(error));
    }
}

/// Reads a cell, placing its problem at `table`, `number`, `column`.
#[inline]
pub(super) fn at<T>(
    table: Table,
    number: u64,
    column: &'static str,
    read: CellResult<T>,
) -> Result<Option<T>, Fail> {
    read.map_err(|e| {
        let (problem, value) = *e;
        cell(table, number, column, problem, value)
    })
}

/// As [`at`], for a cell that must be given.
#[inline]
pub(super) fn given<T>(
    table: Table,
    number: u64,
    column: &'static str,
    read: CellResult<T>,
) -> Result<T, Fail> {
    at(table, number, column, read)?
        .ok_or_else(|| cell(table, number, column, Problem::Missing, None))
}

/// A row's yes/no cells (see [`FlagRows`]).
#[inline]
pub(super) fn flags(table: Table, number: u64, f: &FlagRows, row: usize) -> Result<u16, Fail> {
    f.get(row).map_err(|(column, e)| {
        let (problem, value) = *e;
        cell(table, number, column, problem, value)
    })
}

#[inline]
pub(super) fn text_cell<T>(
    table: Table,
    number: u64,
    column: &'static str,
    text: Option<&str>,
    parse: impl FnOnce(&str) -> Result<T, Problem>,
) -> Result<Option<T>, Fail> {
    match text {
        None => Ok(None),
        Some(t) => parse(t)
            .map(Some)
            .map_err(|problem| cell(table, number, column, problem, Some(t.to_owned()))),
    }
}

pub(super) fn household_row(
    p: &mut Pending,
    c: &HouseholdCols,
    row: usize,
    number: u64,
) -> Result<(), Fail> {
    const T: Table = Table::Households;
    if let Some(first) = p.household_row {
        return Err(cell(
            T,
            number,
            KEY,
            Problem::RowTwice {
                what: format!("household {:?}", p.key),
                first_row: first,
            },
            Some(p.key.clone()),
        ));
    }
    p.household_row = Some(number);
    let id = text_cell(T, number, KEY, c.key.get(row), HouseholdId::parse_problem)?
        .ok_or_else(|| cell(T, number, KEY, Problem::Missing, None))?;
    let area = given(T, number, "area", c.area.get(row))?;
    let township = text_cell(T, number, "township", c.township.get(row), |t| {
        p.townships.get(t)
    })?;
    let flags = flags(T, number, &c.flags, row)?;
    p.head = Some(HouseholdRow {
        id,
        area,
        township,
        registered_poor: has(flags, 0),
        financial_assets: at(T, number, "financial_assets", c.financial_assets.get(row))?
            .unwrap_or(Money::ZERO),
        non_exempt_vehicle: has(flags, 1),
        unsafe_housing: has(flags, 2),
        no_safe_drinking_water: has(flags, 3),
        return_to_poverty_monitored: has(flags, 4),
        rigid_spending_12_months: at(
            T,
            number,
            "rigid_spending_12_months",
            c.rigid_spending_12_months.get(row),
        )?
        .unwrap_or(Money::ZERO),
        counted_income_12_months: at(
            T,
            number,
            "counted_income_12_months",
            c.counted_income_12_months.get(row),
        )?,
    });
    Ok(())
}

pub(super) fn person_row(
    p: &mut Pending,
    c: &PersonCols,
    row: usize,
    number: u64,
) -> Result<(), Fail> {
    const T: Table = Table::Persons;
    let id = text_cell(
        T,
        number,
        "person_id",
        c.person_id.get(row),
        PersonId::parse_problem,
    )?
    .ok_or_else(|| cell(T, number, "person_id", Problem::Missing, None))?;
    let grade = at(T, number, "disability_grade", c.disability_grade.get(row))?;
    let kind = at(T, number, "disability_kind", c.disability_kind.get(row))?;
    let disability = match (grade, kind) {
        (None, None) => None,
        (Some(grade), Some(kind)) => {
            let grade = Grade::try_from(grade).map_err(|problem| {
                cell(
                    T,
                    number,
                    "disability_grade",
                    problem,
                    Some(grade.to_string()),
                )
            })?;
            Some(Disability { grade, kind })
        }
        (None, Some(_)) => return Err(cell(T, number, "disability_grade", Problem::Missing, None)),
        (Some(_), None) => return Err(cell(T, number, "disability_kind", Problem::Missing, None)),
    };
    let level = at(T, number, "self_care_level", c.self_care_level.get(row))?;
    let unable = at(
        T,
        number,
        "self_care_unable_to",
        c.self_care_unable_to.get(row),
    )?;
    let self_care = match (level, unable) {
        (None, None) => None,
        (Some(level), None) => Some(SelfCare::Level(level)),
        (None, Some(set)) => Some(SelfCare::UnableTo(set)),
        (Some(_), Some(_)) => {
            return Err(cell(
                T,
                number,
                "self_care_unable_to",
                Problem::OneOf {
                    fields: "self_care_level, self_care_unable_to",
                    given: 2,
                },
                None,
            ));
        }
    };
    let parents = Parents::new(
        at(T, number, "father", c.father.get(row))?.unwrap_or_default(),
        at(T, number, "mother", c.mother.get(row))?.unwrap_or_default(),
    );
    let flags = flags(T, number, &c.flags, row)?;
    let facts = PersonFacts {
        id,
        id_number: text_cell(
            T,
            number,
            "id_number",
            c.id_number.get(row),
            ResidentId::parse_problem,
        )?,
        birth_date: given(T, number, "birth_date", c.birth_date.get(row))?,
        sex: given(T, number, "sex", c.sex.get(row))?,
        relation: given(T, number, "relation", c.relation.get(row))?,
        disability,
        serious_illness: has(flags, 0),
        self_care,
        in_school: has(flags, 1),
        incomes: Box::default(),
        rigid_spending: at(T, number, "rigid_spending", c.rigid_spending.get(row))?
            .unwrap_or(Money::ZERO),
        external_benefits: Box::default(),
        status: at(T, number, "status", c.status.get(row))?.unwrap_or_default(),
        legal_supporter: at(T, number, "legal_supporter", c.legal_supporter.get(row))?,
        care_form: at(T, number, "care_form", c.care_form.get(row))?.unwrap_or_default(),
        parents,
        children_all_away: has(flags, 2),
        spouse_away_for_work: has(flags, 3),
        close_relative_of_staff: has(flags, 4),
        uninsured: has(flags, 5),
        counted: Default::default(),
    };
    p.persons.push(facts);
    p.person_rows.push(number);
    Ok(())
}

/// The member a row of a long table names.
pub(super) fn member_of(
    p: &Pending,
    table: Table,
    number: u64,
    text: Option<&str>,
) -> Result<usize, Fail> {
    let text = text.ok_or_else(|| cell(table, number, "person_id", Problem::Missing, None))?;
    p.member(text).ok_or_else(|| {
        cell(
            table,
            number,
            "person_id",
            Problem::UnknownMember {
                id: text.chars().take(80).collect(),
            },
            Some(text.to_owned()),
        )
    })
}

pub(super) fn item_row<K: Copy>(
    p: &Pending,
    c: &ItemCols<K>,
    row: usize,
    number: u64,
    table: Table,
    kind_column: &'static str,
) -> Result<(usize, K, Money), Fail> {
    let member = member_of(p, table, number, c.person_id.get(row))?;
    let kind = given(table, number, kind_column, c.kind.get(row))?;
    let monthly = given(table, number, "monthly", c.monthly.get(row))?;
    Ok((member, kind, monthly))
}

pub(super) fn enrolment_row(
    p: &mut Pending,
    c: &EnrolmentCols,
    row: usize,
    number: u64,
) -> Result<(), Fail> {
    const T: Table = Table::Enrolments;
    let person = match c.person_id.get(row) {
        None => None,
        Some(text) => {
            let m = member_of(p, T, number, Some(text))?;
            p.persons.get(m).map(|person| person.id.clone())
        }
    };
    let program = text_cell(T, number, "program", c.program.get(row), |text| {
        ProgramId::parse(text).ok_or_else(|| Problem::UnknownProgram {
            name: text.chars().take(80).collect(),
        })
    })?
    .ok_or_else(|| cell(T, number, "program", Problem::Missing, None))?;
    let since = given(T, number, "since", c.since.get(row))?;
    let mut enrolment = match person {
        Some(person) => Enrolment::person(program, person, since),
        None => Enrolment::household(program, since),
    };
    if let Some(amount) = at(T, number, "monthly_amount", c.monthly_amount.get(row))? {
        enrolment = enrolment.with_monthly_amount(amount);
    }
    if let Some(rose) = at(T, number, "income_rose_in", c.income_rose_in.get(row))? {
        enrolment = enrolment.with_income_rose_in(rose);
    }
    if let Some(review) = at(T, number, "last_review", c.last_review.get(row))? {
        enrolment = enrolment.with_last_review(review);
    }
    p.enrolments.push(enrolment);
    p.enrolment_rows.push(number);
    Ok(())
}

pub(super) fn event_row(
    p: &mut Pending,
    c: &EventCols,
    row: usize,
    number: u64,
) -> Result<(), Fail> {
    const T: Table = Table::Events;
    let event = Event::new(
        given(T, number, "month", c.month.get(row))?,
        given(T, number, "kind", c.kind.get(row))?,
        given(T, number, "shortfall", c.shortfall.get(row))?,
    );
    p.events.push(event);
    p.event_rows.push(number);
    Ok(())
}

pub(super) fn screening_row(
    p: &mut Pending,
    c: &ScreeningCols,
    row: usize,
    number: u64,
) -> Result<(), Fail> {
    const T: Table = Table::Screenings;
    let member = member_of(p, T, number, c.person_id.get(row))?;
    let month = given(T, number, "month", c.month.get(row))?;
    let person = p
        .persons
        .get(member)
        .map(|person| person.id.clone())
        .ok_or_else(|| cell(T, number, "person_id", Problem::Missing, None))?;
    p.screenings.push(Screening::new(person, month));
    p.screening_rows.push(number);
    Ok(())
}

/// A row of `verifications`, taken as given: which cells its fact needs and which it must
/// leave empty is checked with the household, as for JSON, and placed at this row.
pub(super) fn verification_row(
    p: &mut Pending,
    c: &VerificationCols,
    row: usize,
    number: u64,
) -> Result<(), Fail> {
    const T: Table = Table::Verifications;
    let person = match c.person_id.get(row) {
        None => None,
        Some(text) => {
            let m = member_of(p, T, number, Some(text))?;
            p.persons.get(m).map(|person| person.id.clone())
        }
    };
    let fact = given(T, number, "fact", c.fact.get(row))?;
    let amount = at(T, number, "amount", c.amount.get(row))?;
    let income = fact == VerifiedFact::Income;
    p.verifications.push(Verification {
        fact,
        person,
        category: at(T, number, "category", c.category.get(row))?,
        // The table has one amount column: an income's monthly amount, or the assets.
        monthly: amount.filter(|_| income),
        amount: amount.filter(|_| !income),
        value: at(T, number, "value", c.value.get_given(row))?,
        department: given(T, number, "department", c.department.get(row))?,
        as_of: given(T, number, "as_of", c.as_of.get(row))?,
    });
    p.verification_rows.push(number);
    Ok(())
}

/// Townships met so far, shared: a district has a few dozen, written on every row. The
/// first few dozen with names of up to 16 bytes (five Chinese characters) are found by
/// their words, the others in a map.
#[derive(Default)]
pub(super) struct Townships {
    short: Vec<(Word, Township)>,
    long: std::collections::HashMap<String, Township>,
}

impl Townships {
    /// The most townships kept.
    const LIMIT: usize = 4096;
    /// The most found by their words.
    const SHORT: usize = 64;

    pub(super) fn get(&mut self, text: &str) -> Result<Township, Problem> {
        let word = Word::of(text);
        let known = match word {
            Word::Short(..) => self.short.iter().find(|(w, _)| *w == word).map(|(_, t)| t),
            _ => None,
        };
        let known = known.or_else(|| self.long.get(text));
        if let Some(t) = known {
            return Ok(t.clone());
        }
        let township = Township::parse_problem(text)?;
        if self.short.len().saturating_add(self.long.len()) < Self::LIMIT {
            if matches!(word, Word::Short(..)) && self.short.len() < Self::SHORT {
                self.short.push((word, township.clone()));
            } else {
                self.long.insert(text.to_owned(), township.clone());
            }
        }
        Ok(township)
    }
}
