//! Households in tables and determinations out as tables: Arrow record batches in memory,
//! Parquet and CSV files on disk, and (feature `datafusion`) evaluation inside a DataFusion
//! session.
//!
//! Available with the crate feature `arrow`.
//!
//! A district's registers are database tables, one row per household or person, not one
//! document per household. This module reads them as they are: a table per entity, a
//! column per fact, long tables for the facts a household or person has several of. Rows of
//! one household may arrive in any order and in any number of batches; every household is
//! checked exactly as [`Household::from_json`](crate::Household::from_json) checks it, and
//! one that fails becomes an error row naming the table, row, column and value, while the
//! others are evaluated.
//!
//! # The input tables
//!
//! Eight tables, each keyed by `household_id`; only `households` and `persons` must be
//! given. A column marked *required* must be present and each of its cells given; every
//! other column may be left out, and a null cell means the fact is not given (the default
//! below). A column the table does not have is refused, so that a misspelt fact is not
//! read as not given: select the columns listed here.
//!
//! Types: *text* is any Arrow string type (or a dictionary of strings); *yes/no* is
//! `Boolean` or the text `true`/`false`; *money* is yuan as a decimal with a scale of 0 to
//! 2 (the writers use `Decimal128(15, 2)`) or text such as `620.00` — binary floating point
//! is refused, as it is in JSON, and so are integers, whose unit would be in doubt; a
//! *date* is `Date32` or text `YYYY-MM-DD`; a *month* is text `YYYY-MM` or a `Date32` on
//! the first of the month; *names* are the wire names of the JSON form, as text or a
//! dictionary of text (the writers use `Dictionary(Int16, Utf8)` whose values are all the
//! column's names, so that a reader matches each name once a batch, not once a row); a
//! *set* is names separated by commas without spaces (`none` for the empty set) or a list
//! of text.
//!
#![doc = include_str!("inputs.md")]
//! # The output tables
//!
#![doc = include_str!("outputs.md")]
//! # Example
//!
//! ```
//! use doudi::tables::{self, Options, Table};
//! use doudi::{Engine, Household, PolicyPack};
//!
//! let household = Household::from_json(r#"{"id": "h1", "area": "urban", "members": [
//!   {"id": "a", "birth_date": "1980-01-01", "sex": "male", "relation": "head",
//!    "incomes": [{"category": "wage", "monthly": "500.00"}]}]}"#)?;
//! let input = tables::Tables::from_households([&household]);
//! assert_eq!(input.rows(Table::Persons), 1);
//!
//! // The tables read back to the same household.
//! let back: Vec<_> = input.households()?.collect::<Result<_, _>>()?;
//! assert_eq!(back, [household]);
//!
//! // Evaluated: 500.00 of wages count 80%, 400.00; dibao pays 620.00 − 400.00.
//! let engine = Engine::new(PolicyPack::maojian());
//! let month = "2020-07".parse()?;
//! let out = tables::evaluate(&engine, &input, month..=month, &Options::default())?;
//! let rows = tables::read_results(&out.results)?;
//! // The payment alone: eligible for dibao, the household is on no monitoring register
//! // (not enrolled, it is missed coverage, a finding).
//! assert_eq!(rows.len(), 1);
//! assert_eq!(rows[0].program.to_string(), "dibao");
//! assert_eq!(rows[0].amount, Some("220.00".parse()?));
//! assert!(out.report.reconciles());
//! # Ok::<(), doudi::Error>(())
//! ```

// Each module imports only those before it: the tables' shape (`shape`) → cells
// (`columns`) → households from sorted tables (`assemble`: columns decoded, rows gathered
// into facts, errors placed, the merge) → chunks for threads (`chunks`) → tables in memory and written from
// households (`write`) → the output tables (`output`) → runs (`evaluate`) → files
// (`files`) → DataFusion (`datafusion`).
mod assemble;
mod chunks;
mod columns;
mod evaluate;
mod files;
mod output;
mod shape;
mod write;

#[cfg(feature = "datafusion")]
#[cfg_attr(docsrs, doc(cfg(feature = "datafusion")))]
pub mod datafusion;

use std::sync::Arc;

use arrow_schema::{DataType, Field, Schema, SchemaRef};

/// The Arrow crates of the tables, re-exported so that a caller builds batches with the
/// same versions.
pub use arrow_array;
pub use arrow_schema;
pub use arrow_select;
pub use parquet;

pub use evaluate::{Evaluation, Options, evaluate};
pub use files::{Format, evaluate_dir, read_dir, read_file, write_dir};
pub use output::{ResultRow, read_results};
pub use write::Tables;

#[allow(
    unused_imports,
    reason = "the population's report is named in the docs"
)]
use crate::population::Report;

pub(crate) use shape::{Column, KEY, Ty};
use shape::{
    ENROLMENTS, ERRORS, EVENTS, EXTERNAL_BENEFITS, FINDINGS, HOUSEHOLDS, INCOMES, PERSONS, RESULTS,
    SCREENINGS, VERIFICATIONS,
};

/// The number of input tables.
pub(crate) const INPUT_TABLES: usize = 8;

/// The tables of the tabular model: eight of input, three of output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Table {
    /// One row per household.
    Households,
    /// One row per member.
    Persons,
    /// One row per monthly income item.
    Incomes,
    /// One row per benefit paid outside the crate's programs.
    ExternalBenefits,
    /// One row per enrolment.
    Enrolments,
    /// One row per temporary-assistance event.
    Events,
    /// One row per person flagged in a screening.
    Screenings,
    /// One row per verification result.
    Verifications,
    /// One row per household, month and kept entry.
    Results,
    /// One row per finding.
    Findings,
    /// One row per household that could not be read or evaluated.
    Errors,
}

impl Table {
    /// The input tables, in the order they are read.
    pub const INPUTS: [Table; INPUT_TABLES] = [
        Table::Households,
        Table::Persons,
        Table::Incomes,
        Table::ExternalBenefits,
        Table::Enrolments,
        Table::Events,
        Table::Screenings,
        Table::Verifications,
    ];

    /// The output tables.
    pub const OUTPUTS: [Table; 3] = [Table::Results, Table::Findings, Table::Errors];

    /// The table's name, also its file's name without the extension.
    pub fn name(self) -> &'static str {
        match self {
            Table::Households => "households",
            Table::Persons => "persons",
            Table::Incomes => "incomes",
            Table::ExternalBenefits => "external_benefits",
            Table::Enrolments => "enrolments",
            Table::Events => "events",
            Table::Screenings => "screenings",
            Table::Verifications => "verifications",
            Table::Results => "results",
            Table::Findings => "findings",
            Table::Errors => "errors",
        }
    }

    /// The table named `name`.
    pub fn from_name(name: &str) -> Option<Table> {
        Table::INPUTS
            .into_iter()
            .chain(Table::OUTPUTS)
            .find(|t| t.name() == name)
    }

    /// Whether the table must be given (`households` and `persons`).
    pub fn is_required(self) -> bool {
        matches!(self, Table::Households | Table::Persons)
    }

    /// The Arrow schema the crate's writers give the table. The readers accept more (see
    /// the module documentation): any string type for text and names, decimals of scale
    /// 0 to 2 or text for money, and so on.
    ///
    /// # Example
    ///
    /// ```
    /// use doudi::tables::Table;
    ///
    /// let schema = Table::Persons.schema();
    /// assert_eq!(schema.field(0).name(), "household_id");
    /// assert!(!schema.field_with_name("birth_date")?.is_nullable());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn schema(self) -> SchemaRef {
        let fields: Vec<Field> = self
            .columns()
            .iter()
            .map(|c| Field::new(c.name, c.ty.data_type(), !c.required))
            .collect();
        Arc::new(Schema::new(fields))
    }

    pub(crate) fn columns(self) -> &'static [Column] {
        match self {
            Table::Households => HOUSEHOLDS,
            Table::Persons => PERSONS,
            Table::Incomes => INCOMES,
            Table::ExternalBenefits => EXTERNAL_BENEFITS,
            Table::Enrolments => ENROLMENTS,
            Table::Events => EVENTS,
            Table::Screenings => SCREENINGS,
            Table::Verifications => VERIFICATIONS,
            Table::Results => RESULTS,
            Table::Findings => FINDINGS,
            Table::Errors => ERRORS,
        }
    }

    /// The position among [`Table::INPUTS`] (`None` for an output table).
    pub(crate) fn input_index(self) -> Option<usize> {
        Table::INPUTS.iter().position(|t| *t == self)
    }
}

impl std::fmt::Display for Table {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// The dictionary key of [`Ty::Names`] columns.
pub(crate) type NameKey = arrow_array::types::Int16Type;

/// The precision and scale of input money columns: `MAX_AMOUNT`, one trillion, has 13
/// digits before the point.
pub(crate) const MONEY_PRECISION: (u8, i8) = (15, 2);
/// The precision and scale of output amounts.
pub(crate) const AMOUNT_PRECISION: (u8, i8) = (38, 2);
/// The precision and scale of reason figures.
pub(crate) const FIGURE_PRECISION: (u8, i8) = (38, 10);

impl Ty {
    pub(crate) fn data_type(self) -> DataType {
        match self {
            Ty::Text => DataType::Utf8,
            Ty::Names => DataType::Dictionary(Box::new(DataType::Int16), Box::new(DataType::Utf8)),
            Ty::Flag => DataType::Boolean,
            Ty::Money => DataType::Decimal128(MONEY_PRECISION.0, MONEY_PRECISION.1),
            Ty::Date => DataType::Date32,
            Ty::Grade => DataType::UInt8,
            Ty::Amount => DataType::Decimal128(AMOUNT_PRECISION.0, AMOUNT_PRECISION.1),
            Ty::Figure => DataType::Decimal128(FIGURE_PRECISION.0, FIGURE_PRECISION.1),
            Ty::Index => DataType::UInt32,
            Ty::Row => DataType::UInt64,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The documentation of the columns is made from the declarations: `inputs.md` and
    /// `outputs.md` are [`shape::markdown`]'s text (with DOUDI_UPDATE_SNAPSHOTS=1 the test
    /// writes them).
    #[test]
    fn the_documentation_is_made_from_the_declarations() {
        for (file, tables, written) in [
            ("inputs.md", &Table::INPUTS[..], include_str!("inputs.md")),
            (
                "outputs.md",
                &Table::OUTPUTS[..],
                include_str!("outputs.md"),
            ),
        ] {
            let made = shape::markdown(tables);
            if std::env::var_os("DOUDI_UPDATE_SNAPSHOTS").is_some() {
                let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/tables/");
                std::fs::write(format!("{path}{file}"), &made).unwrap();
            } else {
                assert_eq!(
                    made, written,
                    "src/tables/{file} is not made from the declarations"
                );
            }
        }
    }
}
