//! Where in the tables an error of a household's checks is: its path's typed steps
//! (`members[2].incomes[0].monthly`) mapped to the table, row and column they were read
//! from.

use crate::error::{Error, Path, Problem, Segment, TableError};
use crate::tables::Table;

use super::rows::{Pending, shown};
/// An error of the household's checks, placed in the table, row and column it came from,
/// by the typed steps of its path.
pub(super) fn place(p: &Pending, error: Error) -> Error {
    {
        let Error::Invalid { path, problem } = error else {
            return error;
        };
        let segments = segments(&path);
        let household = (Table::Households, p.household_row, None::<&'static str>);
        let first = |rows: &[u64]| rows.first().copied();
        let (table, row, column) = match segments.as_slice() {
            [] => household,
            [Seg::Field("members")] => match problem {
                Problem::NoMembers => household,
                Problem::HeadCount { .. } => {
                    (Table::Persons, first(&p.person_rows), Some("relation"))
                }
                _ => (Table::Persons, first(&p.person_rows), None),
            },
            [Seg::Field("members"), Seg::Index(i), rest @ ..] => {
                let person_row = p.person_rows.get(*i).copied();
                let items = |table: Table, items: &[(usize, u64)], rest: &[Seg<'_>]| {
                    let mine: Vec<u64> = items
                        .iter()
                        .filter(|(m, _)| m == i)
                        .map(|(_, r)| *r)
                        .collect();
                    match rest {
                        [Seg::Index(j), Seg::Field(f), ..] => {
                            (table, mine.get(*j).copied(), column_named(table, f))
                        }
                        [Seg::Index(j)] => (table, mine.get(*j).copied(), None),
                        _ => (table, mine.first().copied(), None),
                    }
                };
                match rest {
                    [] => (Table::Persons, person_row, None),
                    [Seg::Field("incomes"), tail @ ..] => {
                        let rows: Vec<(usize, u64)> =
                            p.incomes.iter().map(|(m, _, r)| (*m, *r)).collect();
                        items(Table::Incomes, &rows, tail)
                    }
                    [Seg::Field("external_benefits"), tail @ ..] => {
                        let rows: Vec<(usize, u64)> =
                            p.benefits.iter().map(|(m, _, r)| (*m, *r)).collect();
                        items(Table::ExternalBenefits, &rows, tail)
                    }
                    [Seg::Field(f), tail @ ..] => {
                        (Table::Persons, person_row, person_column(f, tail))
                    }
                    [Seg::Index(_), ..] => (Table::Persons, person_row, None),
                }
            }
            [Seg::Field(list), rest @ ..] => {
                let (table, rows): (Table, &[u64]) = match *list {
                    "enrolments" => (Table::Enrolments, &p.enrolment_rows),
                    "events" => (Table::Events, &p.event_rows),
                    "screenings" => (Table::Screenings, &p.screening_rows),
                    "verifications" => (Table::Verifications, &p.verification_rows),
                    other => {
                        return Error::from(TableError {
                            table: Table::Households.name(),
                            row: p.household_row,
                            column: column_named(Table::Households, other).map(str::to_owned),
                            value: problem_value(&problem),
                            problem,
                        });
                    }
                };
                match rest {
                    [Seg::Index(k), Seg::Field(f), ..] => {
                        (table, rows.get(*k).copied(), column_named(table, f))
                    }
                    [Seg::Index(k)] => (table, rows.get(*k).copied(), None),
                    _ => (table, first(rows), None),
                }
            }
            [Seg::Index(_), ..] => household,
        };
        // Indexes into the household's lists become rows of the table.
        let problem = match problem {
            Problem::DuplicatePersonId { id, first } => Problem::RowTwice {
                what: format!("person {id:?}"),
                first_row: p.person_rows.get(first).copied().unwrap_or(0),
            },
            Problem::DuplicateEnrolment { program, first } => Problem::RowTwice {
                what: format!("an enrolment in {program} of this beneficiary"),
                first_row: p.enrolment_rows.get(first).copied().unwrap_or(0),
            },
            other => other,
        };
        let value = match (column, &segments.as_slice()) {
            (Some("id_number"), [Seg::Field("members"), Seg::Index(i), ..]) => p
                .id_numbers
                .get(*i)
                .copied()
                .flatten()
                .map(|id| id.to_string()),
            _ => problem_value(&problem),
        };
        Error::from(TableError {
            table: table.name(),
            row,
            column: column.map(str::to_owned),
            value: value.map(|v| shown(column.unwrap_or_default(), &v)),
            problem,
        })
    }
}

/// A part of an error's path: `members[2].incomes[0].monthly`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Seg<'a> {
    Field(&'a str),
    Index(usize),
}

fn segments(path: &Path) -> Vec<Seg<'_>> {
    path.segments()
        .iter()
        .filter_map(|segment| match segment {
            Segment::Field(name) => Some(Seg::Field(name.as_ref())),
            Segment::Index(i) => Some(Seg::Index(*i)),
            _ => None,
        })
        .collect()
}

/// The column of `table` named `name`, if it has one.
fn column_named(table: Table, name: &str) -> Option<&'static str> {
    let name = match (table, name) {
        (_, "person") => "person_id",
        // A verified income's `monthly` is the table's `amount`.
        (Table::Verifications, "monthly") => "amount",
        (_, other) => other,
    };
    table
        .columns()
        .iter()
        .find(|c| c.name == name)
        .map(|c| c.name)
}

/// The column of `persons` for a field of a member (and the rest of its path).
fn person_column(field: &str, rest: &[Seg<'_>]) -> Option<&'static str> {
    match (field, rest) {
        ("id", _) => Some("person_id"),
        ("disability", [Seg::Field("grade"), ..]) => Some("disability_grade"),
        ("disability", _) => Some("disability_kind"),
        ("self_care", [Seg::Field("unable_to"), ..]) => Some("self_care_unable_to"),
        ("self_care", _) => Some("self_care_level"),
        ("parents", [Seg::Field(parent), ..]) => column_named(Table::Persons, parent),
        (other, _) => column_named(Table::Persons, other),
    }
}

/// The value a problem names, as written.
fn problem_value(problem: &Problem) -> Option<String> {
    Some(match problem {
        Problem::AmountFarTooLarge { amount: text, .. }
        | Problem::BadIdentifier { text }
        | Problem::BadMonth { text }
        | Problem::BadDate { text }
        | Problem::BadMoney { text } => text.clone(),
        Problem::NegativeAmount { amount }
        | Problem::TooPrecise { amount }
        | Problem::AmountTooLarge { amount, .. } => amount.to_string(),
        Problem::DisabilityGrade { grade } => grade.to_string(),
        Problem::UnknownMember { id } => id.clone(),
        Problem::IncomeRoseBeforeSince { rose, .. } => rose.to_string(),
        Problem::NotEnrollable { program }
        | Problem::PersonRequired { program }
        | Problem::HouseholdProgram { program }
        | Problem::UnknownProgram { name: program } => program.clone(),
        Problem::BornAfter { birth_date, .. } => birth_date.to_string(),
        Problem::RowTwice { what, .. } => what.clone(),
        _ => return None,
    })
}
