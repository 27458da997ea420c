//! Verification results (居民家庭经济状况核对): facts as a department reports them.
//!
//! An applicant authorises a check; the district's verification centre (核对中心) queries
//! tax, social security, banks, housing, vehicle registration, business registration and the
//! housing provident fund, and their data prevail over what the household declared
//! (以家庭经济状况核对系统核对数据为准). A [`Verification`] is one such answer: the fact, the
//! department, the date its data are as of, and the value. Which value a rule reads in a
//! month — the verified one, or the declared one when the verification is stale — is decided
//! by the engine and shown in the trace.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::facts::IncomeCategory;
use super::ids::PersonId;
use crate::money::Money;

/// The wire name of `value` in `names` (every value has one).
fn wire_name<T: PartialEq>(names: &[(&'static str, T)], value: T) -> &'static str {
    names
        .iter()
        .find(|(_, v)| *v == value)
        .map_or("", |(n, _)| n)
}

/// The department that reported a verified fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Department {
    /// 税务: the tax authority (wages, business income).
    Tax,
    /// 人力资源和社会保障: social security (pensions, insured employment).
    SocialSecurity,
    /// 银行: banks (deposits, securities).
    Bank,
    /// 住房和城乡建设: housing.
    Housing,
    /// 公安交管: vehicle registration.
    Vehicle,
    /// 市场监管: business registration.
    BusinessRegistration,
    /// 住房公积金: the housing provident fund.
    ProvidentFund,
    /// Any other department.
    Other,
}
crate::read::wire_names!(Department {
    Tax = "tax",
    SocialSecurity = "social_security",
    Bank = "bank",
    Housing = "housing",
    Vehicle = "vehicle",
    BusinessRegistration = "business_registration",
    ProvidentFund = "provident_fund",
    Other = "other",
});

impl Department {
    /// The wire name.
    pub fn name(self) -> &'static str {
        wire_name(Department::WIRE, self)
    }
}

/// A fact that a verification reports on.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum VerifiedFact {
    /// A member's monthly income of one counted category.
    Income,
    /// The household's financial assets.
    FinancialAssets,
    /// The household owns a non-exempt motor vehicle.
    NonExemptVehicle,
    /// The household's housing is unsafe.
    UnsafeHousing,
}

crate::read::wire_names!(VerifiedFact {
    Income = "income",
    FinancialAssets = "financial_assets",
    NonExemptVehicle = "non_exempt_vehicle",
    UnsafeHousing = "unsafe_housing",
});

impl VerifiedFact {
    /// The wire name.
    pub fn name(self) -> &'static str {
        wire_name(VerifiedFact::WIRE, self)
    }
}

/// A value of a verified fact: an amount or a yes/no.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum VerifiedValue {
    /// An amount, in yuan (monthly for an income).
    Amount(Money),
    /// Yes or no.
    Flag(bool),
}

impl std::fmt::Display for VerifiedValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            VerifiedValue::Amount(m) => write!(f, "{m}"),
            VerifiedValue::Flag(true) => f.write_str("yes"),
            VerifiedValue::Flag(false) => f.write_str("no"),
        }
    }
}

/// One verification result: a fact as a department reports it, as of a date.
///
/// On the wire, an object with `fact`, `department`, `as_of` and the fact's value: for an
/// `income`, the member (`person`), the `category` and the `monthly` amount; for
/// `financial_assets`, the `amount`; for `non_exempt_vehicle` and `unsafe_housing`, the
/// `value`. A field the fact does not have is refused, naming it.
///
/// ```
/// use doudi::{Department, Household, VerifiedFact, VerifiedValue};
///
/// let h = Household::from_json(r#"{"id": "h1", "area": "urban", "members": [
///   {"id": "a", "birth_date": "1970-01-01", "sex": "male", "relation": "head",
///    "incomes": [{"category": "wage", "monthly": "500.00"}]}],
///  "verifications": [
///   {"fact": "income", "person": "a", "category": "wage", "monthly": "1500.00",
///    "department": "tax", "as_of": "2020-01-31"},
///   {"fact": "financial_assets", "amount": "2000.00", "department": "bank",
///    "as_of": "2020-02-10"}]}"#)?;
/// let v = &h.verifications()[0];
/// assert_eq!(v.fact(), VerifiedFact::Income);
/// assert_eq!(v.department(), Department::Tax);
/// assert_eq!(v.value(), VerifiedValue::Amount("1500.00".parse()?));
///
/// let err = Household::from_json(r#"{"id": "h1", "area": "urban", "members": [
///   {"id": "a", "birth_date": "1970-01-01", "sex": "male", "relation": "head"}],
///  "verifications": [{"fact": "non_exempt_vehicle", "value": true, "amount": "1.00",
///    "department": "vehicle", "as_of": "2020-01-31"}]}"#).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "verifications[0].amount: a verification of non_exempt_vehicle has no such value; leave the field out"
/// );
/// # Ok::<(), doudi::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(
    deny_unknown_fields,
    expecting = "a verification: an object with fact, department, as_of and the value"
)]
pub struct Verification {
    /// The fact reported on.
    pub(crate) fact: VerifiedFact,
    /// For an income: the member.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) person: Option<PersonId>,
    /// For an income: the category (wage, business, property, transfer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) category: Option<IncomeCategory>,
    /// For an income: the monthly amount reported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) monthly: Option<Money>,
    /// For financial assets: the amount reported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) amount: Option<Money>,
    /// For the vehicle or housing: the value reported.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) value: Option<bool>,
    /// The reporting department.
    pub(crate) department: Department,
    /// The date the data are as of.
    #[serde(with = "crate::parse::date_serde")]
    #[schemars(schema_with = "crate::period::date_schema")]
    pub(crate) as_of: NaiveDate,
}

impl Verification {
    fn of(fact: VerifiedFact, department: Department, as_of: NaiveDate) -> Verification {
        Verification {
            fact,
            person: None,
            category: None,
            monthly: None,
            amount: None,
            value: None,
            department,
            as_of,
        }
    }

    /// A member's monthly income of a counted category, as reported.
    pub fn income(
        person: PersonId,
        category: IncomeCategory,
        monthly: Money,
        department: Department,
        as_of: NaiveDate,
    ) -> Verification {
        Verification {
            person: Some(person),
            category: Some(category),
            monthly: Some(monthly),
            ..Verification::of(VerifiedFact::Income, department, as_of)
        }
    }

    /// The household's financial assets, as reported.
    pub fn financial_assets(
        amount: Money,
        department: Department,
        as_of: NaiveDate,
    ) -> Verification {
        Verification {
            amount: Some(amount),
            ..Verification::of(VerifiedFact::FinancialAssets, department, as_of)
        }
    }

    /// Whether the household owns a non-exempt motor vehicle, as reported.
    pub fn non_exempt_vehicle(
        value: bool,
        department: Department,
        as_of: NaiveDate,
    ) -> Verification {
        Verification {
            value: Some(value),
            ..Verification::of(VerifiedFact::NonExemptVehicle, department, as_of)
        }
    }

    /// Whether the household's housing is unsafe, as reported.
    pub fn unsafe_housing(value: bool, department: Department, as_of: NaiveDate) -> Verification {
        Verification {
            value: Some(value),
            ..Verification::of(VerifiedFact::UnsafeHousing, department, as_of)
        }
    }

    /// The fact reported on.
    pub fn fact(&self) -> VerifiedFact {
        self.fact
    }

    /// The reporting department.
    pub fn department(&self) -> Department {
        self.department
    }

    /// The date the data are as of.
    pub fn as_of(&self) -> NaiveDate {
        self.as_of
    }

    /// The value reported (an amount for an income or financial assets, yes or no for the
    /// vehicle and housing).
    pub fn value(&self) -> VerifiedValue {
        match self.fact {
            VerifiedFact::Income => VerifiedValue::Amount(self.monthly.unwrap_or(Money::ZERO)),
            VerifiedFact::FinancialAssets => {
                VerifiedValue::Amount(self.amount.unwrap_or(Money::ZERO))
            }
            VerifiedFact::NonExemptVehicle | VerifiedFact::UnsafeHousing => {
                VerifiedValue::Flag(self.value.unwrap_or(false))
            }
        }
    }

    /// For an income: the member and the category.
    pub fn income_of(&self) -> Option<(&PersonId, IncomeCategory)> {
        match (self.fact, &self.person, self.category) {
            (VerifiedFact::Income, Some(p), Some(c)) => Some((p, c)),
            _ => None,
        }
    }

    /// Whether `self` and `other` report on the same fact (for an income: of the same
    /// member and category).
    pub fn same_fact(&self, other: &Verification) -> bool {
        self.fact == other.fact && self.income_of() == other.income_of()
    }
}
