//! Programs of the embedding service: a trait to implement, what it sees of a member, and
//! what it answers.

use super::{Ctx, Decided, Derived, MemberOrder};
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
/// static GAOLING: Provision = Provision {
///     document: "市高龄津贴实施办法 (the city's own rules)",
///     article: "第3条",
///     status: Status::Verified,
/// };
///
/// impl LocalProgram for Gaoling {
///     fn name(&self) -> LocalName {
///         LocalName::new("gaoling_jintie").unwrap()
///     }
///     fn provision(&self) -> &'static Provision {
///         &GAOLING
///     }
///     fn evaluate(&self, person: &LocalPerson<'_>) -> LocalOutcome {
///         if person.age() >= 80 {
///             LocalOutcome::Paid { amount: Money::from_yuan(100), reason: "aged 80 or more".into() }
///         } else {
///             LocalOutcome::NotPaid { reason: format!("age {} is under 80", person.age()).into() }
///         }
///     }
/// }
///
/// let engine = Engine::new(PolicyPack::maojian()).with_local(Gaoling);
/// let household = Household::from_json(r#"{"id": "h1", "area": "urban", "members": [
///   {"id": "a", "birth_date": "1935-05-01", "sex": "female", "relation": "head",
///    "incomes": [{"category": "transfer", "monthly": "2500.00"}]}
/// ]}"#)?;
/// let d = engine.evaluate(&household, "2020-03".parse()?)?;
/// let program: ProgramId = "local:gaoling_jintie".parse()?;
/// let entry = d.entry(program, Some(&"a".parse()?)).unwrap();
/// assert_eq!(entry.paid(), Some(Money::from_yuan(100)));
/// # Ok::<(), doudi::Error>(())
/// ```
pub trait LocalProgram: Send + Sync {
    /// The program's name; it appears as `local:NAME`.
    fn name(&self) -> LocalName;

    /// The provision the program implements.
    fn provision(&self) -> &'static Provision;

    /// The outcome for one member.
    fn evaluate(&self, person: &LocalPerson<'_>) -> LocalOutcome;
}

/// What a local program sees of one member.
pub struct LocalPerson<'a> {
    household: &'a Household,
    person: &'a Person,
    index: u8,
    derived: Derived,
    month: Month,
    decided: &'a dyn Decided,
}

impl<'a> LocalPerson<'a> {
    /// What the local program sees of the member at `index`, with what the built-in
    /// programs `decided`.
    pub(crate) fn new<O: MemberOrder>(
        ctx: &Ctx<'a, O>,
        person: &'a Person,
        index: u8,
        derived: Derived,
        decided: &'a dyn Decided,
    ) -> LocalPerson<'a> {
        LocalPerson {
            household: ctx.household,
            person,
            index,
            derived,
            month: ctx.month(),
            decided,
        }
    }

    /// The household.
    pub fn household(&self) -> &'a Household {
        self.household
    }

    /// The member.
    pub fn person(&self) -> &'a Person {
        self.person
    }

    /// Completed years on the first of the month.
    pub fn age(&self) -> u32 {
        self.derived.age
    }

    /// The month being evaluated.
    pub fn month(&self) -> Month {
        self.month
    }

    /// What a built-in program pays the member this month (for dibao, the member's share).
    pub fn paid(&self, program: ProgramId) -> Option<Money> {
        self.decided.paid_to(program, self.index)
    }
}

/// A local program's outcome for one member.
#[derive(Debug, Clone, PartialEq, Eq)]
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
