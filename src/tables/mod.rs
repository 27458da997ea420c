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
//! ## `households`: one row per household
//!
//! | column | type | meaning | read by |
//! | --- | --- | --- | --- |
//! | `household_id` | text, required | the household's identifier | every table's key |
//! | `area` | names, required | `urban` or `rural` | every standard; the left-behind registers (rural) |
//! | `township` | text | township or street office | report breakdowns |
//! | `registered_poor` | yes/no (no) | a registered poor household | provincial backstop |
//! | `financial_assets` | money (0) | deposits, securities… | dibao asset limit |
//! | `non_exempt_vehicle` | yes/no (no) | owns a motor vehicle that is not exempt | dibao |
//! | `unsafe_housing` | yes/no (no) | housing assessed unsafe | guarantee gap |
//! | `no_safe_drinking_water` | yes/no (no) | no safe drinking-water supply | guarantee gap |
//! | `return_to_poverty_monitored` | yes/no (no) | on the list monitored against a return to poverty | monitoring |
//! | `rigid_spending_12_months` | money (0) | rigid medical and education spending of the last 12 months | rigid-expenditure household |
//! | `counted_income_12_months` | money | counted income of the last 12 months (not given: 12 × the month's) | rigid-expenditure household |
//!
//! ## `persons`: one row per member
//!
//! A household's members are its rows here, in the order they come; exactly one has
//! `relation` `head`.
//!
//! | column | type | meaning | read by |
//! | --- | --- | --- | --- |
//! | `household_id` | text, required | the member's household | |
//! | `person_id` | text, required | the person's identifier, unique in the district | findings, duplicates |
//! | `id_number` | text | the 18-character resident ID number; its birth date and sex digit must agree with `birth_date` and `sex` | duplicates |
//! | `birth_date` | date, required | | every age limit |
//! | `sex` | names, required | `male`, `female` | left-behind woman |
//! | `relation` | names, required | to the head: `head`, `spouse`, `child`, `parent`, `grandchild`, `grandparent`, `sibling`, `other` | |
//! | `disability_grade` | whole number 1–4 | certified disability grade; given with `disability_kind` | disability subsidies, tekun, dibao top-up |
//! | `disability_kind` | names | `physical`, `visual`, `hearing`, `speech`, `intellectual`, `mental`, `multiple` | tekun, parents' situations |
//! | `serious_illness` | yes/no (no) | a serious illness | dibao top-up, backstop |
//! | `self_care_level` | names | `full_self_care`, `partly_dependent`, `fully_dependent`; or give `self_care_unable_to` | tekun care standard |
//! | `self_care_unable_to` | set | the daily activities the person cannot do: `eating`, `dressing`, `transferring`, `toileting`, `indoor_walking`, `bathing` | tekun care standard |
//! | `in_school` | yes/no (no) | in compulsory, senior-high or vocational school | guarantee gap |
//! | `rigid_spending` | money (0) | rigid monthly spending for disability or illness | dibao income |
//! | `status` | set (empty) | `imprisoned`, `compulsory_rehab`, `other_restriction`, `declared_missing`, `clergy_away` | dibao unit, supporters |
//! | `legal_supporter` | names | `none`, `capable`, `incapable` (not given: undetermined where needed) | tekun |
//! | `care_form` | names (`dispersed`) | `dispersed` or `centralized` | tekun care, orphan allowance |
//! | `father`, `mother` | names (`present`) | a child's parents: `present`, `dead`, `declared_missing`, `away_for_work`, `imprisoned`, `compulsory_rehab`, `other_restriction`, `lost_contact`, `severe_disability`, `serious_illness`, `unable_to_guard` | orphan, de-facto orphan, left-behind child |
//! | `children_all_away` | yes/no (no) | all children or supporters away for work six months or more | left-behind elderly |
//! | `spouse_away_for_work` | yes/no (no) | the spouse is away for work | left-behind woman |
//! | `close_relative_of_staff` | yes/no (no) | a close relative of a caseworker or village cadre | finding |
//! | `uninsured` | yes/no (no) | without basic medical insurance | guarantee gap |
//!
//! ## `incomes`: one row per monthly income item
//!
//! | column | type | meaning | read by |
//! | --- | --- | --- | --- |
//! | `household_id` | text, required | | |
//! | `person_id` | text, required | the member who has it | |
//! | `category` | names, required | `wage`, `business`, `property`, `transfer`, `pension_basic`, `award`, `special_care`, `family_planning_reward`, `social_assistance`, `medical_insurance_payout` | counted income (dibao, tekun, temporary assistance) |
//! | `monthly` | money, required | yuan a month | counted income |
//!
//! ## `external_benefits`: one row per benefit paid outside the crate's programs
//!
//! | column | type | meaning | read by |
//! | --- | --- | --- | --- |
//! | `household_id` | text, required | | |
//! | `person_id` | text, required | the member who receives it | |
//! | `kind` | names, required | `work_injury_care`, `old_age_care`, `longevity_allowance` | overlap rules |
//! | `monthly` | money, required | yuan a month | overlap rules |
//!
//! ## `enrolments`: one row per program a household or member is recorded as receiving
//!
//! | column | type | meaning | read by |
//! | --- | --- | --- | --- |
//! | `household_id` | text, required | | |
//! | `person_id` | text | the member enrolled; null for the household (dibao of the whole household) | |
//! | `program` | names, required | a monthly program's wire name, or `local:NAME` | coverage findings |
//! | `since` | month, required | the first month | |
//! | `monthly_amount` | money | the amount recorded | gradual exit, amount mismatch |
//! | `income_rose_in` | month | dibao: the month income rose because a member found work | gradual exit |
//! | `last_review` | month | dibao and tekun: the month of the last periodic review (not given: `since`) | review schedule |
//!
//! ## `events`: one row per temporary-assistance event
//!
//! | column | type | meaning | read by |
//! | --- | --- | --- | --- |
//! | `household_id` | text, required | | |
//! | `month` | month, required | when it happened | temporary assistance |
//! | `kind` | names, required | `emergency` or `expenditure` | temporary assistance |
//! | `shortfall` | money, required | the documented shortfall, more than 0 | temporary assistance |
//!
//! ## `screenings`: one row per person flagged in a month's pandemic screening
//!
//! | column | type | meaning | read by |
//! | --- | --- | --- | --- |
//! | `household_id` | text, required | | |
//! | `person_id` | text, required | the person flagged | material delivery |
//! | `month` | month, required | the screening's month | material delivery |
//!
//! ## `verifications`: one row per verification result
//!
//! A fact as a department reports it; where a fresh one exists its value prevails over
//! the declared one (see [`Verification`](crate::Verification)).
//!
//! | column | type | meaning | read by |
//! | --- | --- | --- | --- |
//! | `household_id` | text, required | | |
//! | `fact` | names, required | `income`, `financial_assets`, `non_exempt_vehicle`, `unsafe_housing` | |
//! | `person_id` | text | income: the member | counted income |
//! | `category` | names | income: `wage`, `business`, `property` or `transfer` | counted income |
//! | `amount` | money | income: yuan a month; financial assets: yuan | dibao, tekun, monitoring |
//! | `value` | yes/no | vehicle or housing: the value reported | dibao, tekun, guarantee gap |
//! | `department` | names, required | `tax`, `social_security`, `bank`, `housing`, `vehicle`, `business_registration`, `provident_fund`, `other` | findings |
//! | `as_of` | date, required | the date the data are as of | whether it is stale |
//!
//! # The output tables
//!
//! ## `results`: what a district acts on
//!
//! One row per household, month and kept entry: payments, withholdings, undetermined
//! outcomes, register entries and classifications, and the refusals of programs the
//! household is enrolled in (an audit finding may follow); the ~45 refusals a household of
//! three has of programs nobody asked about are left out unless
//! [`Options::every_entry`] asks for them.
//!
//! | column | type | meaning |
//! | --- | --- | --- |
//! | `household_id` | text, required | |
//! | `person_id` | text | the member; null for the household's own entries |
//! | `month` | month text, required | |
//! | `program` | text, required | wire name |
//! | `outcome` | text, required | `paid`, `holds`, `not_paid`, `withheld`, `undetermined` |
//! | `amount` | `Decimal128(38, 2)` | paid: the amount (monthly, or once for a one-off program); withheld: what would have been paid |
//! | `withheld_by` | text | withheld: the program (or `external:KIND`) that won |
//! | `overlap_rule` | `UInt32` | withheld: the rule's position in the pack's overlap table |
//! | `reason` | text, required | the reason's code, as in the JSON forms |
//! | `figure` | `Decimal128(38, 10)` | the reason's main number (see [`Reason::figures`](crate::Reason::figures)) |
//! | `threshold` | `Decimal128(38, 10)` | what it was compared with or built from |
//! | `explanation` | text | the reason in words, when [`Options::explanations`] asks for it |
//!
//! The figures of a reason are exact decimals of up to 28 digits; the table keeps ten
//! decimal places, rounded half away from zero (a per-capita income of 1000.00 / 3 is
//! `333.3333333333`). The exact figures are in the determination's JSON forms and records.
//!
//! ## `findings`
//!
//! | column | type | meaning |
//! | --- | --- | --- |
//! | `household_id` | text, required | |
//! | `month` | month text, required | |
//! | `finding` | text, required | the finding's kind, e.g. `missed_coverage` |
//! | `person_id` | text | the person it is about |
//! | `program` | text | the program it is about |
//! | `explanation` | text, required | in words |
//!
//! ## `errors`: every household that could not be read or evaluated
//!
//! | column | type | meaning |
//! | --- | --- | --- |
//! | `table` | text | the input table at fault |
//! | `row` | `UInt64` | its row, from 1 (in a CSV file, row N is on line N + 1) |
//! | `household_id` | text | the household, as written |
//! | `column` | text | the column at fault |
//! | `value` | text | the cell's value (an ID number masked) |
//! | `month` | month text | for an error of evaluation, its month |
//! | `message` | text, required | what is wrong, in words |
//!
//! Every household named in any input table yields either rows of `results` (possibly
//! none: nothing to act on) or one row of `errors`; a row that names no household (a null
//! `household_id`) yields an error row of its own. The run's [`Report`] counts both and
//! reconciles, as a district report does.
//!
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
//! // The payment, and the register it puts the household on (not enrolled, below the
//! // low-income edge 930.00).
//! assert_eq!(rows.len(), 2);
//! assert_eq!(rows[0].program.to_string(), "dibao");
//! assert_eq!(rows[1].program.to_string(), "low_income_edge_household");
//! assert_eq!(rows[0].amount, Some("220.00".parse()?));
//! assert!(out.report.reconciles());
//! # Ok::<(), doudi::Error>(())
//! ```

// Each module imports only those before it: cells (`columns`) → households from sorted
// tables (`assemble`) → chunks for threads (`chunks`) → tables in memory and written from
// households (`write`) → the output tables (`output`) → runs (`evaluate`) → files
// (`files`) → DataFusion (`datafusion`).
mod assemble;
mod chunks;
mod columns;
mod evaluate;
mod files;
mod output;
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

/// The Arrow type a writer gives a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ty {
    /// Text.
    Text,
    /// Text of a few values, dictionary encoded.
    Names,
    /// Yes/no.
    Flag,
    /// An input amount: yuan to the fen, at most `MAX_AMOUNT`.
    Money,
    /// A date.
    Date,
    /// A disability grade.
    Grade,
    /// An output amount.
    Amount,
    /// A reason's figure.
    Figure,
    /// A position.
    Index,
    /// A row number.
    Row,
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

/// A column of a table: its name, the type the writers give it, and whether it must be
/// given.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Column {
    pub(crate) name: &'static str,
    pub(crate) ty: Ty,
    pub(crate) required: bool,
}

const fn req(name: &'static str, ty: Ty) -> Column {
    Column {
        name,
        ty,
        required: true,
    }
}

const fn opt(name: &'static str, ty: Ty) -> Column {
    Column {
        name,
        ty,
        required: false,
    }
}

/// The key of every input table.
pub(crate) const KEY: &str = "household_id";

const HOUSEHOLDS: &[Column] = &[
    req(KEY, Ty::Text),
    req("area", Ty::Names),
    opt("township", Ty::Text),
    opt("registered_poor", Ty::Flag),
    opt("financial_assets", Ty::Money),
    opt("non_exempt_vehicle", Ty::Flag),
    opt("unsafe_housing", Ty::Flag),
    opt("no_safe_drinking_water", Ty::Flag),
    opt("return_to_poverty_monitored", Ty::Flag),
    opt("rigid_spending_12_months", Ty::Money),
    opt("counted_income_12_months", Ty::Money),
];

const PERSONS: &[Column] = &[
    req(KEY, Ty::Text),
    req("person_id", Ty::Text),
    opt("id_number", Ty::Text),
    req("birth_date", Ty::Date),
    req("sex", Ty::Names),
    req("relation", Ty::Names),
    opt("disability_grade", Ty::Grade),
    opt("disability_kind", Ty::Names),
    opt("serious_illness", Ty::Flag),
    opt("self_care_level", Ty::Names),
    opt("self_care_unable_to", Ty::Text),
    opt("in_school", Ty::Flag),
    opt("rigid_spending", Ty::Money),
    opt("status", Ty::Text),
    opt("legal_supporter", Ty::Names),
    opt("care_form", Ty::Names),
    opt("father", Ty::Names),
    opt("mother", Ty::Names),
    opt("children_all_away", Ty::Flag),
    opt("spouse_away_for_work", Ty::Flag),
    opt("close_relative_of_staff", Ty::Flag),
    opt("uninsured", Ty::Flag),
];

const INCOMES: &[Column] = &[
    req(KEY, Ty::Text),
    req("person_id", Ty::Text),
    req("category", Ty::Names),
    req("monthly", Ty::Money),
];

const EXTERNAL_BENEFITS: &[Column] = &[
    req(KEY, Ty::Text),
    req("person_id", Ty::Text),
    req("kind", Ty::Names),
    req("monthly", Ty::Money),
];

const ENROLMENTS: &[Column] = &[
    req(KEY, Ty::Text),
    opt("person_id", Ty::Text),
    req("program", Ty::Text),
    req("since", Ty::Text),
    opt("monthly_amount", Ty::Money),
    opt("income_rose_in", Ty::Text),
    opt("last_review", Ty::Text),
];

const EVENTS: &[Column] = &[
    req(KEY, Ty::Text),
    req("month", Ty::Text),
    req("kind", Ty::Names),
    req("shortfall", Ty::Money),
];

const SCREENINGS: &[Column] = &[
    req(KEY, Ty::Text),
    req("person_id", Ty::Text),
    req("month", Ty::Text),
];

const VERIFICATIONS: &[Column] = &[
    req(KEY, Ty::Text),
    req("fact", Ty::Names),
    opt("person_id", Ty::Text),
    opt("category", Ty::Names),
    opt("amount", Ty::Money),
    opt("value", Ty::Flag),
    req("department", Ty::Names),
    req("as_of", Ty::Date),
];

const RESULTS: &[Column] = &[
    req(KEY, Ty::Text),
    opt("person_id", Ty::Text),
    req("month", Ty::Names),
    req("program", Ty::Names),
    req("outcome", Ty::Names),
    opt("amount", Ty::Amount),
    opt("withheld_by", Ty::Names),
    opt("overlap_rule", Ty::Index),
    req("reason", Ty::Names),
    opt("figure", Ty::Figure),
    opt("threshold", Ty::Figure),
    opt("explanation", Ty::Text),
];

const FINDINGS: &[Column] = &[
    req(KEY, Ty::Text),
    req("month", Ty::Names),
    req("finding", Ty::Names),
    opt("person_id", Ty::Text),
    opt("program", Ty::Names),
    req("explanation", Ty::Text),
];

const ERRORS: &[Column] = &[
    opt("table", Ty::Text),
    opt("row", Ty::Row),
    opt(KEY, Ty::Text),
    opt("column", Ty::Text),
    opt("value", Ty::Text),
    opt("month", Ty::Text),
    req("message", Ty::Text),
];

#[cfg(test)]
mod tests {
    use super::*;

    /// The module's documentation lists exactly the columns of each table, in order.
    #[test]
    fn the_documentation_lists_every_column() {
        let doc = include_str!("mod.rs");
        for table in Table::INPUTS.into_iter().chain(Table::OUTPUTS) {
            let heading = format!("//! ## `{}`", table.name());
            let start = doc.find(&heading).unwrap_or_else(|| panic!("{heading}"));
            let section: Vec<&str> = doc[start..]
                .lines()
                .skip(1)
                .take_while(|l| !l.starts_with("//! ## ") && !l.starts_with("//! # "))
                .filter_map(|l| l.strip_prefix("//! | `"))
                .collect();
            let mut documented = Vec::new();
            for row in section {
                // `father`, `mother` share a row.
                let names = row.split(" |").next().unwrap_or_default();
                for name in names.split(", ") {
                    documented.push(name.trim_matches('`').to_owned());
                }
            }
            let columns: Vec<String> = table.columns().iter().map(|c| c.name.to_owned()).collect();
            assert_eq!(documented, columns, "{table}");
        }
    }
}
