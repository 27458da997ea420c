//! The JSON forms of a determination, as types to read back: what
//! [`Determination::to_json`](crate::Determination::to_json) (the full form) and
//! [`Determination::to_compact_json`](crate::Determination::to_compact_json) (the compact
//! form) write. Their JSON Schemas are [`crate::determination_schema`] and
//! [`crate::compact_schema`].
//!
//! These are plain data: fields to read, `#[non_exhaustive]` so that a later version may
//! add one without breaking a reader.
//!
//! # Example
//!
//! ```
//! use doudi::{Engine, Household, PolicyPack, wire};
//!
//! let household = Household::from_json(r#"{"id": "h1", "area": "urban", "members": [
//!   {"id": "a", "birth_date": "1980-01-01", "sex": "male", "relation": "head",
//!    "incomes": [{"category": "wage", "monthly": "500.00"}]}]}"#)?;
//! let d = Engine::new(PolicyPack::maojian()).evaluate(&household, "2020-07".parse()?)?;
//!
//! let full: wire::Determination = doudi::from_json(&d.to_json())?;
//! assert_eq!(full.total_monthly.to_string(), "220.00");
//! let dibao = full.entries.iter().find(|e| e.program.to_string() == "dibao").unwrap();
//! assert_eq!(dibao.explanation, "(standard 620.00 − per-capita income 400.00) × 1 in the unit");
//!
//! // Every value used is listed once, with its status.
//! assert!(full.values.iter().any(|v| v.param == "dibao.standard.urban" && v.status == "illustrative"));
//!
//! // The compact form keeps the payment and leaves out the refusals of programs the
//! // household is not enrolled in (eligible for dibao, it is no low-income-edge
//! // household: that is missed coverage).
//! let compact: wire::Compact = doudi::from_json(&d.to_compact_json())?;
//! let programs: Vec<String> = compact.entries.iter().map(|e| e.program.to_string()).collect();
//! assert_eq!(programs, ["dibao"]);
//! assert_eq!(compact.entries[0].amount.unwrap().to_string(), "220.00");
//! assert!(compact.illustrative.contains(&"dibao.standard.urban".to_owned()));
//! # Ok::<(), doudi::Error>(())
//! ```

use serde::{Deserialize, Serialize};

use super::finding::Finding;
use super::reason::Reason;
use crate::model::{HouseholdId, PersonId, ProgramId};
use crate::money::Money;
use crate::period::Month;

/// The pack a determination was made under.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Pack {
    /// The pack's name.
    pub name: String,
    /// The pack's version (the full form only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// The pack's fingerprint, 64 hexadecimal characters.
    pub fingerprint: String,
}

/// What an entry's outcome is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum OutcomeKind {
    /// An amount is paid.
    Paid,
    /// A classification or register holds (no amount).
    Holds,
    /// Not eligible.
    NotPaid,
    /// Eligible, but withheld by an overlap rule.
    Withheld,
    /// A fact is missing.
    Undetermined,
}

/// How a paid amount is paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Period {
    /// Every month.
    Monthly,
    /// Once.
    OneOff,
}

/// One entry of the full form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Entry {
    /// The program.
    pub program: ProgramId,
    /// The person (`null` for the household).
    pub person: Option<PersonId>,
    /// The outcome.
    pub outcome: OutcomeKind,
    /// The amount paid, or withheld.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Money>,
    /// How a paid amount is paid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<Period>,
    /// For a withheld amount: the side that won.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withheld_by: Option<String>,
    /// For a withheld amount: the overlap rule's index in the pack's table.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overlap_rule: Option<usize>,
    /// Why, with the numbers.
    pub reason: Reason,
    /// The reason in words.
    pub explanation: String,
    /// The provision the rule implements.
    pub provision: String,
    /// The parameters whose values the entry used (each listed with its value in the
    /// determination's `values`).
    pub values: Vec<String>,
    /// What would change the outcome (written only when asked for: see
    /// [`Changes`](crate::Changes)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changes: Option<Vec<Change>>,
}

/// A change of one fact that changes an entry's outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Change {
    /// The fact: its path in the household's JSON input (`members[0].incomes[1].monthly`,
    /// `financial_assets`), or `month`.
    pub fact: String,
    /// Its value today, as the input writes it; `null` when not given.
    pub from: Option<FactValue>,
    /// The value at which the outcome changes, as the input writes it.
    pub to: FactValue,
    /// The outcome then.
    pub then: Then,
}

/// A fact's value in the JSON type the household's input gives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
#[non_exhaustive]
pub enum FactValue {
    /// A yes/no fact: `true` or `false`.
    Flag(bool),
    /// A disability grade, 1 to 4.
    Number(u8),
    /// An amount (`"500.00"`), a month (`"2020-04"`) or a name (`"partly_dependent"`).
    Text(String),
}

impl std::fmt::Display for FactValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FactValue::Flag(b) => write!(f, "{b}"),
            FactValue::Number(n) => write!(f, "{n}"),
            FactValue::Text(t) => f.write_str(t),
        }
    }
}

/// An entry's outcome after a change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Then {
    /// The outcome.
    pub outcome: OutcomeKind,
    /// The amount, when paid.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Money>,
}

/// A finding of the full form: the finding, in words, with its provision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct WordedFinding {
    /// The finding.
    #[serde(flatten)]
    pub finding: Finding,
    /// In words.
    pub explanation: String,
    /// The provision behind it.
    pub provision: String,
}

/// A pack value a determination used, with its date, source and status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Value {
    /// The parameter, e.g. `dibao.standard.urban`.
    pub param: String,
    /// The value as text.
    pub value: String,
    /// When it took effect, `YYYY-MM-DD`.
    pub from: String,
    /// The source's id in the pack.
    pub source: String,
    /// The article or item of the source.
    pub article: Option<String>,
    /// How the value is known: `verified`, `secondary`, `article` or `illustrative`.
    pub status: String,
}

/// The full form: every entry with its reason in numbers and words, the findings, and every
/// pack value used, once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Determination {
    /// The household.
    pub household: HouseholdId,
    /// The month.
    pub month: Month,
    /// The pack.
    pub pack: Pack,
    /// The total of monthly payments.
    pub total_monthly: Money,
    /// The total of one-off payments.
    pub total_one_off: Money,
    /// Every entry, in the engine's order.
    pub entries: Vec<Entry>,
    /// The findings.
    pub findings: Vec<WordedFinding>,
    /// Every pack value used, once each, in the crate's order of parameters.
    pub values: Vec<Value>,
}

/// One entry of the compact form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct CompactEntry {
    /// The program.
    pub program: ProgramId,
    /// The person (`null` for the household).
    pub person: Option<PersonId>,
    /// The outcome.
    pub outcome: OutcomeKind,
    /// The amount paid, or withheld.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<Money>,
    /// For a withheld amount: the side that won.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub withheld_by: Option<String>,
    /// For a withheld amount: the overlap rule's index.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overlap_rule: Option<usize>,
    /// Why, with the numbers.
    pub reason: Reason,
}

/// The compact form: what is paid, withheld, undetermined or registered, the refusals of
/// programs the household is enrolled in (or that were asked about), the findings, and the
/// names of the unverified values the decision rests on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Compact {
    /// The household.
    pub household: HouseholdId,
    /// The month.
    pub month: Month,
    /// The pack.
    pub pack: Pack,
    /// The total of monthly payments.
    pub total_monthly: Money,
    /// The total of one-off payments.
    pub total_one_off: Money,
    /// The entries kept.
    pub entries: Vec<CompactEntry>,
    /// The findings.
    pub findings: Vec<Finding>,
    /// The parameters used whose value has status `illustrative`.
    pub illustrative: Vec<String>,
    /// The parameters used whose value has status `secondary`.
    pub secondary: Vec<String>,
}
