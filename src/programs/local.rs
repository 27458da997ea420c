//! Programs of the embedding service: a trait to implement, what it sees of a member, and
//! what it answers.

use super::{Decided, Member, Who};
use crate::decision::Provision;
use crate::model::{Household, LocalName, Person, ProgramId};
use crate::money::Money;
use crate::period::Month;

/// A program added by an embedding service, evaluated for every member after the built-in
/// programs (so it may read their outcomes). Its overlaps with other programs come from the
/// pack's table like any other.
///
/// # Example
///
/// An old-age allowance (高龄津贴) of 100.00 a month from age 80, written by a city that
/// embeds the crate:
///
/// ```
/// use doudi::{Engine, Household, LocalName, LocalOutcome, LocalPerson, LocalProgram, Money,
///             PolicyPack, ProgramId, Provision, Status};
///
/// struct Gaoling;
///
/// static GAOLING: Provision =
///     Provision::new("市高龄津贴实施办法 (the city's own rules)", "第3条", Status::Verified);
///
/// impl LocalProgram for Gaoling {
///     fn name(&self) -> LocalName {
///         LocalName::from_static("gaoling_jintie")
///     }
///     fn version(&self) -> &str {
///         "2020.1"
///     }
///     fn provision(&self) -> &'static Provision {
///         &GAOLING
///     }
///     fn evaluate(&self, person: &LocalPerson<'_>) -> LocalOutcome {
///         if person.age() >= 80 {
///             LocalOutcome::paid(Money::from_yuan(100), "aged 80 or more")
///         } else {
///             LocalOutcome::not_paid(format!("age {} is under 80", person.age()))
///         }
///     }
/// }
///
/// let engine = Engine::builder(PolicyPack::maojian()).local(Gaoling).build()?;
/// let household = Household::from_json(r#"{"id": "h1", "area": "urban", "members": [
///   {"id": "a", "birth_date": "1935-05-01", "sex": "female", "relation": "head",
///    "incomes": [{"category": "transfer", "monthly": "2500.00"}]}
/// ]}"#)?;
/// let d = engine.evaluate(&household, "2020-03".parse()?)?;
/// let program: ProgramId = "local:gaoling_jintie".parse()?;
/// let entry = d.entry(program, Some(&"a".parse()?)).unwrap();
/// assert_eq!(entry.paid(), Some(Money::from_yuan(100)));
///
/// // Two local programs with one name are refused.
/// assert!(Engine::builder(PolicyPack::maojian()).local(Gaoling).local(Gaoling).build().is_err());
/// # Ok::<(), doudi::Error>(())
/// ```
pub trait LocalProgram: Send + Sync {
    /// The program's name; it appears as `local:NAME`.
    fn name(&self) -> LocalName;

    /// The program's version, which decision records keep: replay names a change of it as
    /// the cause of a difference. Change it whenever the program's rule or values change.
    fn version(&self) -> &str;

    /// The provision the program implements.
    fn provision(&self) -> &'static Provision;

    /// The outcome for one member.
    fn evaluate(&self, person: &LocalPerson<'_>) -> LocalOutcome;
}

/// What a local program sees of one member.
pub struct LocalPerson<'a> {
    household: &'a Household,
    person: &'a Person,
    who: Who,
    age: u32,
    counted: Money,
    month: Month,
    decided: &'a dyn Decided,
}

impl<'a> LocalPerson<'a> {
    /// What the local program sees of `member` of `household` in `month`, with what the
    /// built-in programs `decided`.
    pub(crate) fn new(
        household: &'a Household,
        person: &'a Person,
        member: Member<'_>,
        month: Month,
        decided: &'a dyn Decided,
    ) -> LocalPerson<'a> {
        LocalPerson {
            household,
            person,
            who: member.who(),
            age: member.age(),
            counted: member.own_income(),
            month,
            decided,
        }
    }

    /// The household, as declared.
    pub fn household(&self) -> &'a Household {
        self.household
    }

    /// The member, as declared (its incomes as declared: [`LocalPerson::counted_income`] is
    /// what the rules count, verified where a fresh verification exists).
    pub fn person(&self) -> &'a Person {
        self.person
    }

    /// Completed years on the first of the month.
    pub fn age(&self) -> u32 {
        self.age
    }

    /// The member's own counted monthly income as dibao counts it (wages less the
    /// employment-cost deduction, verified where fresh, less rigid spending, not below
    /// zero).
    pub fn counted_income(&self) -> Money {
        self.counted
    }

    /// The month being evaluated.
    pub fn month(&self) -> Month {
        self.month
    }

    /// What a built-in program pays the member this month (for dibao, the member's share).
    pub fn paid(&self, program: ProgramId) -> Option<Money> {
        self.decided.paid_to(program, self.who)
    }
}

/// A local program's outcome for one member.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum LocalOutcome {
    /// Paid monthly.
    Paid {
        /// The amount (rounded to the fen by the engine).
        amount: Money,
        /// Why, in words.
        reason: std::borrow::Cow<'static, str>,
    },
    /// Not eligible.
    NotPaid {
        /// Why, in words.
        reason: std::borrow::Cow<'static, str>,
    },
    /// A fact is missing.
    Undetermined {
        /// Which, in words.
        reason: std::borrow::Cow<'static, str>,
    },
}

impl LocalOutcome {
    /// Paid `amount` a month (rounded to the fen by the engine; an amount below zero or
    /// above [`crate::MAX_AMOUNT`] makes the evaluation fail, naming the program).
    pub fn paid(amount: Money, reason: impl Into<std::borrow::Cow<'static, str>>) -> Self {
        LocalOutcome::Paid {
            amount,
            reason: reason.into(),
        }
    }

    /// Not eligible.
    pub fn not_paid(reason: impl Into<std::borrow::Cow<'static, str>>) -> Self {
        LocalOutcome::NotPaid {
            reason: reason.into(),
        }
    }

    /// A fact is missing.
    pub fn undetermined(reason: impl Into<std::borrow::Cow<'static, str>>) -> Self {
        LocalOutcome::Undetermined {
            reason: reason.into(),
        }
    }
}
