//! Which value of a verified fact the rules read in a month, and why.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::model::{Department, IncomeCategory, PersonId, VerifiedFact, VerifiedValue};
use chrono::NaiveDate;

/// What became of one verification result in the evaluated month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "read", rename_all = "snake_case")]
#[non_exhaustive]
pub enum FactRead {
    /// The rules read the verified value: it prevails over the declared one.
    Verified,
    /// Too old: the rules read the declared value.
    Stale {
        /// Months from the month the data are as of to the evaluated month.
        months: u32,
        /// The most months a verification is used for (`verification.valid_months`).
        limit: u32,
    },
    /// A later verification of the same fact was read instead.
    Superseded,
    /// Its data are as of a date after the evaluated month: not known then.
    Later,
}

/// One verification result of the household and the value the rules read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct FactSource {
    /// The verification's position in the household's list.
    pub verification: usize,
    /// The fact.
    pub fact: VerifiedFact,
    /// For an income: the member.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<PersonId>,
    /// For an income: the category.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<IncomeCategory>,
    /// The declared value (for an income: the member's declared items of the category).
    pub declared: VerifiedValue,
    /// The verified value.
    pub verified: VerifiedValue,
    /// The reporting department.
    pub department: Department,
    /// The date the data are as of.
    #[serde(with = "crate::parse::date_serde")]
    #[schemars(schema_with = "crate::period::date_schema")]
    pub as_of: NaiveDate,
    /// Which value the rules read, and why.
    #[serde(flatten)]
    pub read: FactRead,
}

impl FactSource {
    /// The fact in words: `income (wage) of a`, `financial assets`.
    pub fn what(&self) -> String {
        match (&self.person, self.category) {
            (Some(p), Some(c)) => {
                let c = serde_json::to_string(&c).unwrap_or_default();
                format!("income ({}) of {p}", c.trim_matches('"'))
            }
            _ => self.fact.name().replace('_', " "),
        }
    }

    /// The value the rules read.
    pub fn value_read(&self) -> VerifiedValue {
        match self.read {
            FactRead::Verified => self.verified,
            _ => self.declared,
        }
    }
}

impl fmt::Display for FactSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let by = format!(
            "{} as of {} ({})",
            self.department.name(),
            self.as_of,
            self.verified
        );
        match self.read {
            FactRead::Verified => write!(
                f,
                "{}: read {} verified by {by}; declared {}",
                self.what(),
                self.verified,
                self.declared
            ),
            FactRead::Stale { months, limit } => write!(
                f,
                "{}: read the declared {}: the verification by {by} is {months} months old, more than {limit}",
                self.what(),
                self.declared
            ),
            FactRead::Superseded => write!(
                f,
                "{}: the verification by {by} is superseded by a later one",
                self.what()
            ),
            FactRead::Later => write!(
                f,
                "{}: the verification by {by} is dated after the month; read the declared {}",
                self.what(),
                self.declared
            ),
        }
    }
}
