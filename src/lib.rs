//! # doudi — the safety net (兜底) as computable, auditable rules
//!
//! `doudi` turns China's social-assistance safety net (社会救助兜底保障) into typed, exact
//! and replayable rules. It is a pure library: households, persons and programs are typed
//! domain objects; every policy value lives in a dated, cited **policy pack**; money is
//! exact decimal yuan.
//!
//! It is written for three kinds of users:
//!
//! - **Rust services** (case management, payment systems) that embed it;
//! - **policy analysts**, who change a value in a pack and see who gains or loses;
//! - **auditors**, who pin a decision to a pack fingerprint and replay it months later.
//!
//! The programs and every default value come from a 2020 report on 茅箭区 (Maojian
//! District, Shiyan, Hubei), completed with the national rules they rest on.
//!
//! ## Example
//!
//! A household from JSON and with the builder, and a parameter of the default pack with its
//! source:
//!
//! ```
//! use chrono::NaiveDate;
//! use doudi::{Area, Household, MoneyParam, Month, Person, PolicyPack, Relation, Sex};
//!
//! // From JSON, as a case-management system would send it.
//! let from_json = Household::from_json(r#"{
//!     "id": "h-0001",
//!     "area": "rural",
//!     "registered_poor": true,
//!     "members": [
//!         {"id": "p-1", "birth_date": "1955-04-02", "sex": "male", "relation": "head",
//!          "id_number": "420302195504020014",
//!          "incomes": [{"category": "wage", "monthly": "300.00"}]},
//!         {"id": "p-2", "birth_date": "2010-09-30", "sex": "female", "relation": "grandchild",
//!          "parents": {"father": "away_for_work", "mother": "dead"}}
//!     ]
//! }"#)?;
//!
//! // The same facts with the builder.
//! let built = Household::builder("h-0001".parse()?, Area::Rural)
//!     .registered_poor(true)
//!     .member(
//!         Person::builder("p-1".parse()?, NaiveDate::from_ymd_opt(1955, 4, 2).unwrap(), Sex::Male, Relation::Head)
//!             .id_number("420302195504020014".parse()?)
//!             .income(doudi::Income::new(doudi::IncomeCategory::Wage, "300.00".parse()?)),
//!     )
//!     .member(
//!         Person::builder("p-2".parse()?, NaiveDate::from_ymd_opt(2010, 9, 30).unwrap(), Sex::Female, Relation::Grandchild)
//!             .parents(doudi::Parents::new(
//!                 doudi::ParentSituation::AwayForWork,
//!                 doudi::ParentSituation::Dead,
//!             )),
//!     )
//!     .build()?;
//! assert_eq!(from_json, built);
//!
//! // The resident ID number is masked wherever it is displayed.
//! let head = &built.members()[0];
//! assert_eq!(head.id_number().unwrap().to_string(), "420302********0014");
//!
//! // The default pack, embedded; every value has a date and a source.
//! let pack = PolicyPack::maojian();
//! let march: Month = "2020-03".parse()?;
//! let standard = pack.money(MoneyParam::DibaoStandardRural).on(march)?;
//! assert_eq!(standard.value().to_string(), "450.00");
//! println!("{standard}");
//! // dibao.standard.rural = 450.00 (from 2020-01-01; doudi default pack for 茅箭区, illustrative)
//! println!("pack {} fingerprint {}", pack.name(), pack.fingerprint());
//!
//! // Evaluate the household for a month: every program, with its reasons.
//! let engine = doudi::Engine::new(pack);
//! let determination = engine.evaluate(&built, march)?;
//! // The grandfather (64) earns 300.00 of wages, counted at 80%: 240.00. The unit of two has
//! // 120.00 per capita: (450.00 − 120.00) × 2 + two top-ups of 10% × 450.00 = 750.00.
//! let dibao = determination.entry(doudi::ProgramId::Dibao, None).unwrap();
//! assert_eq!(dibao.paid().unwrap().to_string(), "750.00");
//! println!("{determination}");
//! # Ok::<(), doudi::Error>(())
//! ```
//!
//! ## A tour of the types
//!
//! - [`Household`] and [`Person`]: every fact the programs read, valid from construction. Built
//!   with [`Household::builder`] or read with [`Household::from_json`]; both paths run the
//!   same checks, and a bad fact is an [`Error`] naming the field path and the value.
//! - [`Error`]: why no answer could be reached, with where ([`Error::path`], typed
//!   [`Segment`]s: field, index, line, table, row, column), a stable code ([`Error::code`]),
//!   the underlying I/O or format error as its `source()`, and a JSON form for a service's
//!   client (`Serialize`).
//! - [`Month`] (`YYYY-MM`) and [`age_on`]: the period of evaluation and age on it.
//! - [`Money`]: exact decimal yuan, one rounding rule ([`Money::round_to_fen`]), written as
//!   strings on the wire.
//! - [`PolicyPack`]: dated parameter histories ([`MoneyParam`], [`FactorParam`], …), each value
//!   with its [`Source`] and [`Status`]; the overlap table ([`OverlapRule`]); a
//!   [`Fingerprint`] that stays the same across formatting and key order.
//! - [`Engine`]: evaluates a household for a month under a pack, running the programs (see
//!   [`programs`], one file per program with its provision and a worked example, and one
//!   line of [`programs::registry`]) in the order derived from what each reads and
//!   resolving the pack's overlap table in one place; [`LocalProgram`] adds a program of
//!   the embedding service.
//! - [`Determination`]: every [`Entry`] — program, person, [`Outcome`], [`Reason`] with its
//!   numbers, [`Provision`], and the [`Cite`]s of the pack values used — the household's
//!   [`Finding`]s, and the values the decision rests on with their status
//!   ([`Determination::values_with`]). Written as JSON in a full form
//!   ([`Determination::to_json`]) and a compact one ([`Determination::to_compact_json`]),
//!   both read back as the [`wire`] types.
//! - [`from_json`]: any JSON text into any type of yours that holds the crate's inputs, with
//!   the full path and the typed [`Problem`] of every bad value; [`json::documents`] reads
//!   JSON Lines (or documents over several lines) line by line, one bad line costing no
//!   other.
//! - [`household_schema`], [`pack_schema`], [`determination_schema`] and
//!   [`compact_schema`]: JSON Schemas of the inputs and outputs.
//! - [`Engine::evaluate_changes`]: for every entry, the nearest change of one fact
//!   ([`InputFact`]) that would change its outcome, exact to the fen ([`Changes`]).
//! - [`Verification`]: a fact as a department reports it; fresh results prevail over the
//!   declared facts, and the trace says which value each rule read ([`FactSource`]).
//!   [`Engine::reviews`]: the periodic review of each dibao and tekun enrolment.
//! - [`population`]: many households — streaming and parallel reports, the comparison of
//!   two packs ([`population::compare`]), cliff exposure, the monitoring report
//!   ([`population::monitoring`]), the synthetic district; [`audit`]:
//!   records, replay, back-pay ([`audit::ledger`]), Merkle proofs.
//!
//! ## Conventions
//!
//! - Benefits are monthly: a household is evaluated *for a month*. A pack parameter's value
//!   for a month is the value whose date is the latest on or before the month's first day.
//! - Age is completed years on the first day of the evaluated month (born 1960-05-15: 59 in
//!   2020-05, 60 from 2020-06).
//! - Money is exact decimal yuan, never floating point; each program rounds its amount once,
//!   half away from zero to the fen ([`Money::round_to_fen`]).
//! - A household is urban or rural, and the standards of its area apply.
//! - A list or yes/no fact that is not given is empty or no. The legal-supporter situation
//!   and the self-care level have no default: where a rule needs one that is missing, that
//!   program's outcome is undetermined, naming the fact — never paid, never silently
//!   refused.
//! - Ineligibility is an answer with its reason; an [`Error`] means no answer could be
//!   reached.
//!
//! ## Crate features
//!
//! - `parallel` (rayon): [`population::report_parallel`], a batch report across threads.
//! - `arrow` (arrow-rs, parquet): `tables`, households in and results out as Arrow record
//!   batches, Parquet and CSV files.
//! - `datafusion`: `tables::datafusion`, evaluation as table functions inside a DataFusion
//!   session.
//! - `xlsx` (rust_xlsxwriter): `population::Comparison::to_xlsx`, a workbook of a reform
//!   comparison.
//! - `charts` (plotters): SVG charts of comparisons and reports.
//!
//! ## Stability of the public types
//!
//! The crate follows semantic versioning, and its types are written so that it can grow
//! without breaking a caller:
//!
//! - enums whose set will grow (findings, reasons, problems, programs' categories, packs'
//!   parameters, replay causes…) are `#[non_exhaustive]`: match them with a `_` arm. Sets
//!   fixed by the rules themselves (urban or rural, the six daily activities, the three
//!   self-care levels, dispersed or centralized care) are not;
//! - inputs a caller builds ([`Income`], [`Enrolment`], [`Event`], [`Parents`],
//!   [`Provision`], …) keep their fields private, with constructors and accessors; records
//!   a caller only reads ([`audit::ReplayReport`], [`audit::BackPay`], [`audit::Trace`],
//!   the [`wire`] types…) have public fields and are `#[non_exhaustive]`;
//! - options are builders ([`Engine::builder`], [`Household::builder`]);
//! - the foreign types of the API are re-exported ([`Decimal`], [`NaiveDate`]), so a caller
//!   names the versions the crate uses;
//! - every wire format (household JSON, pack TOML, the determination's forms, decision
//!   records) has a published JSON Schema or format tag; a change to one is a new version
//!   of the crate, named in the changelog.
//!
//! ## How a decision is made
//!
//! Data flows one way through the crate, and the source tree is laid out in that order:
//!
//! 1. the facts (`model`): [`Household`], [`Person`] and their facts, checked once;
//! 2. the policy (`policy`): the [`PolicyPack`], resolved once per month into the values in
//!    force, each with its [`Cite`];
//! 3. the answer's vocabulary (`decision`): [`Entry`], [`Outcome`], [`Reason`],
//!    [`Provision`], [`Finding`], [`Determination`] and the trace types — plain data;
//! 4. the rules ([`programs`]): one module per program, each reading a read-only context
//!    and writing outcomes; no program knows the others' order or the overlap table;
//! 5. the evaluation ([`Engine`]): the programs in the order derived from what each reads,
//!    each overlap rule of the pack applied as soon as both its programs are decided, then
//!    the findings and (when asked) the trace;
//! 6. what reads the engine's output: [`audit`] (records, replay, back-pay, Merkle roots)
//!    and [`population`] (batches, reports, reform comparison, the synthetic district).
//!
//! No module imports one later in this list (a test of the crate checks it), so a file's
//! place says what it may use.
//!
//! ## Limits
//!
//! Inputs are bounded so that nothing overflows and nothing runs away: at most
//! [`MAX_MEMBERS`] members, [`MAX_INCOME_ITEMS`] income items a person, amounts up to
//! [`MAX_AMOUNT`] with at most two decimal places, JSON texts up to [`MAX_JSON_BYTES`], packs
//! up to [`MAX_PACK_BYTES`].

// Library code must not panic on an index or overflow an integer: each index and integer
// operation is checked, or allowed where it is in range by construction, with the reason
// beside the allowance. Money's arithmetic is checked once, in `money`, against the input
// bounds (README, "Limits").
#![warn(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
// docs.rs builds with every feature and marks each gated item with its feature.
#![cfg_attr(docsrs, feature(doc_cfg))]

// The modules. The order data flows through them is the guide's ("How a decision is
// made"); `tests/layout.rs` checks that no module imports one later in that order.
pub mod audit;
mod decision;
mod engine;
mod error;
pub mod json;
mod model;
mod money;
pub mod packs;
mod parse;
mod period;
mod policy;
pub mod population;
pub mod programs;
mod read;
mod schema;
#[cfg(feature = "arrow")]
#[cfg_attr(docsrs, doc(cfg(feature = "arrow")))]
pub mod tables;

pub use decision::wire;
pub use decision::{
    Change, Changes, Cites, CompactView, Determination, DifficultyCategory, Entry, GapDimension,
    Group, MissingFact, Outcome, PriceIndex, Provision, Reason,
};
pub use decision::{EnrolmentReview, Finding, FindingKind, Review, ReviewClass};
pub use decision::{FactRead, FactSource};
pub use engine::{Engine, EngineBuilder, Scratch};
pub use error::{Cause, Error, PackProblem, Path, Problem, Result, Segment, TableError};
pub use json::from_str as from_json;

// The foreign types of the public API, so that a user names the versions the crate uses.
pub use chrono::NaiveDate;
pub use model::{
    Area, Beneficiary, CareForm, CareLevel, DailyActivity, Department, Disability, DisabilityKind,
    Enrolment, Event, EventKind, ExternalBenefit, ExternalBenefitKind, Flag, FlagSet, Grade,
    Household, HouseholdBuilder, HouseholdId, Income, IncomeCategory, InputFact, InputValue,
    LegalSupporter, LocalName, MAX_ENROLMENTS, MAX_EVENTS, MAX_EXTERNAL_BENEFITS, MAX_INCOME_ITEMS,
    MAX_JSON_BYTES, MAX_MEMBERS, MAX_SCREENINGS, MAX_VERIFICATIONS, ParentSituation, Parents,
    Person, PersonBuilder, PersonId, PersonStatus, ProgramId, ProgramKind, Relation, ResidentId,
    Screening, SelfCare, Sex, Township, Verification, VerifiedFact, VerifiedValue,
};
pub use money::{MAX_AMOUNT, Money};
pub use period::{FIRST_YEAR, LAST_YEAR, Month, age_on};
pub use policy::{
    ChoiceParam, Cite, CiteView, Condition, CountParam, Dated, FactorParam, Fingerprint, History,
    Layer, MAOJIAN_TOML, MAX_PACK_BYTES, MoneyParam, MonthParam, OverlapKind, OverlapRule,
    PACK_FORMAT, PackNote, Param, ParamKind, ParamRef, Party, PercentParam, PolicyPack, Provenance,
    Scaled, ScaledParam, Source, Sourced, Status, SwitchParam, ValueText,
};
pub use programs::local::{LocalOutcome, LocalPerson, LocalProgram};
pub use rust_decimal::Decimal;
pub use schema::{compact_schema, determination_schema, household_schema, pack_schema};

/// The README's examples, compiled and run as doctests so that they stay true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
