//! Many households at once: population-level audit findings.
//!
//! # For auditors: a roster and its findings
//!
//! A street office's roster of three households. `h1` is enrolled in dibao although its
//! wages (5,000.00, counted at 80%) are far above the standard: a wrong coverage (错保).
//! `h2`, an elderly woman with no income, is eligible but enrolled in nothing: a missed
//! coverage (漏保). `h3` lists `h2`'s member again: a duplicate person.
//!
//! ```
//! use doudi::{Engine, FindingKind, Household, PolicyPack, population};
//!
//! let roster = [
//!     r#"{"id": "h1", "area": "urban", "members": [
//!         {"id": "p1", "birth_date": "1980-01-01", "sex": "male", "relation": "head",
//!          "incomes": [{"category": "wage", "monthly": "5000.00"}]}],
//!        "enrolments": [{"program": "dibao", "since": "2019-01", "monthly_amount": "300.00"}]}"#,
//!     r#"{"id": "h2", "area": "urban", "members": [
//!         {"id": "p2", "birth_date": "1950-01-01", "sex": "female", "relation": "head",
//!          "legal_supporter": "capable"}]}"#,
//!     r#"{"id": "h3", "area": "urban", "members": [
//!         {"id": "p3", "birth_date": "1978-01-01", "sex": "male", "relation": "head",
//!          "incomes": [{"category": "wage", "monthly": "6000.00"}]},
//!         {"id": "p2", "birth_date": "1950-01-01", "sex": "female", "relation": "parent",
//!          "legal_supporter": "capable"}]}"#,
//! ];
//! let households = roster
//!     .iter()
//!     .map(|json| Household::from_json(json))
//!     .collect::<Result<Vec<_>, _>>()?;
//!
//! let engine = Engine::new(PolicyPack::maojian());
//! let month = "2020-03".parse()?;
//! let mut lines = Vec::new();
//! for household in &households {
//!     let d = engine.evaluate(household, month)?;
//!     for finding in d.findings() {
//!         if matches!(finding.kind(), FindingKind::WrongCoverage | FindingKind::MissedCoverage) {
//!             lines.push(format!("{}: {finding}", household.id()));
//!         }
//!     }
//! }
//! for finding in population::duplicates(&households) {
//!     lines.push(finding.to_string());
//! }
//! assert_eq!(lines, [
//!     "h1: the household is enrolled in dibao but not eligible: per-capita income 4000.00 ≥ standard 620.00 (margin 3380.00)",
//!     // 620.00 + the 10% top-up of a member aged 70: 682.00.
//!     "h2: the household is eligible for dibao (682.00) but not enrolled",
//!     "person p2 appears in households h2 and h3",
//! ]);
//! # Ok::<(), doudi::Error>(())
//! ```

// Reports as CSV (`Report::to_csv` and the analyst tables) go through the `csv` crate: every
// field is quoted as CSV requires, and a text cell from the input that begins with `=`, `+`,
// `-`, `@`, a tab or a carriage return gets a leading apostrophe so that a spreadsheet shows
// it as text instead of running it as a formula. Numbers are written as they are.
mod batch;
#[cfg(feature = "charts")]
mod charts;
mod csv;
mod duplicates;
mod exposure;
mod item;
mod monitoring;
mod reform;
mod report;
mod synthetic;
mod table;
#[cfg(feature = "xlsx")]
mod xlsx;

#[cfg(feature = "parallel")]
#[cfg_attr(docsrs, doc(cfg(feature = "parallel")))]
pub use batch::report_parallel;
pub use batch::{Accumulator, report, stream, threads};
#[cfg(feature = "arrow")]
pub(crate) use duplicates::concerned;
pub use duplicates::{Identities, duplicates, once_paid_twice};
pub use exposure::{Exposure, ExposureRow, exposure};
pub use item::{BatchError, BatchItem};
pub use monitoring::{Category, Count, Counts, Monitoring, REVIEW_MONTHS, Warning, monitoring};
pub use reform::{
    BANDS, Breakdown, Comparison, GroupChange, HouseholdChange, Poverty, ProgramChange,
    ProgramDelta, compare, compare_top,
};
pub use report::{MAX_REPORT_PROGRAMS, Report, Tally};
pub use synthetic::DistrictConfig;
