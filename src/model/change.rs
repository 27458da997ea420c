//! The facts of a household that it could change, each named by its path in the
//! household's JSON input, and the values they take: what a search for the nearest change
//! of an outcome varies, one fact at a time.

use std::fmt;

use super::facts::{CareLevel, Grade, LegalSupporter, SelfCare};
use super::household::Household;
use crate::money::Money;
use crate::period::Month;

/// A fact a household could change, by its path in the household's JSON input
/// (`members[0].incomes[1].monthly`, `financial_assets`), or the month evaluated.
///
/// Members and items are numbered from 0 in the order the input lists them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum InputFact {
    /// The household's financial assets: `financial_assets`.
    FinancialAssets,
    /// A non-exempt motor vehicle: `non_exempt_vehicle`.
    Vehicle,
    /// An income item's monthly amount: `members[m].incomes[i].monthly`.
    Income {
        /// The member.
        member: usize,
        /// The income item.
        item: usize,
    },
    /// Rigid monthly spending: `members[m].rigid_spending`.
    RigidSpending {
        /// The member.
        member: usize,
    },
    /// A certified disability's grade: `members[m].disability.grade`.
    Grade {
        /// The member.
        member: usize,
    },
    /// The self-care level: `members[m].self_care.level`.
    SelfCare {
        /// The member.
        member: usize,
    },
    /// The legal supporter: `members[m].legal_supporter`.
    LegalSupporter {
        /// The member.
        member: usize,
    },
    /// The month evaluated, the facts unchanged: `month`.
    Month,
}

impl InputFact {
    /// Whether the fact is an amount in yuan.
    pub fn is_amount(self) -> bool {
        matches!(
            self,
            InputFact::FinancialAssets | InputFact::Income { .. } | InputFact::RigidSpending { .. }
        )
    }

    /// The member the fact is of, if a member's.
    pub fn member(self) -> Option<usize> {
        match self {
            InputFact::Income { member, .. }
            | InputFact::RigidSpending { member }
            | InputFact::Grade { member }
            | InputFact::SelfCare { member }
            | InputFact::LegalSupporter { member } => Some(member),
            InputFact::FinancialAssets | InputFact::Vehicle | InputFact::Month => None,
        }
    }
}

impl fmt::Display for InputFact {
    /// The path into the household's JSON input: `members[0].incomes[1].monthly`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputFact::FinancialAssets => f.write_str("financial_assets"),
            InputFact::Vehicle => f.write_str("non_exempt_vehicle"),
            InputFact::Income { member, item } => {
                write!(f, "members[{member}].incomes[{item}].monthly")
            }
            InputFact::RigidSpending { member } => write!(f, "members[{member}].rigid_spending"),
            InputFact::Grade { member } => write!(f, "members[{member}].disability.grade"),
            InputFact::SelfCare { member } => write!(f, "members[{member}].self_care.level"),
            InputFact::LegalSupporter { member } => write!(f, "members[{member}].legal_supporter"),
            InputFact::Month => f.write_str("month"),
        }
    }
}

/// A value of a [`InputFact`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum InputValue {
    /// An amount in yuan.
    Amount(Money),
    /// Yes or no.
    Flag(bool),
    /// A disability grade.
    Grade(Grade),
    /// A self-care level.
    Level(CareLevel),
    /// A legal supporter's situation.
    Supporter(LegalSupporter),
    /// A month.
    Month(Month),
    /// The fact is not given in the input (a self-care level or legal supporter).
    NotGiven,
}

impl fmt::Display for InputValue {
    /// As the JSON input writes it, without quotes: `500.00`, `true`, `2`,
    /// `partly_dependent`, `capable`, `2020-04`; `not given`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputValue::Amount(m) => fmt::Display::fmt(m, f),
            InputValue::Flag(b) => write!(f, "{b}"),
            InputValue::Grade(g) => write!(f, "{}", g.get()),
            InputValue::Level(l) => f.write_str(wire_name(CareLevel::WIRE, *l)),
            InputValue::Supporter(s) => f.write_str(wire_name(LegalSupporter::WIRE, *s)),
            InputValue::Month(m) => fmt::Display::fmt(m, f),
            InputValue::NotGiven => f.write_str("not given"),
        }
    }
}

/// The wire name of `value`.
fn wire_name<T: PartialEq + Copy>(names: &'static [(&'static str, T)], value: T) -> &'static str {
    names
        .iter()
        .find(|(_, v)| *v == value)
        .map_or("", |(name, _)| name)
}

impl Household {
    /// The facts of the household that a search for changes varies, in the order of its
    /// input: the household's, then each member's.
    pub(crate) fn changeable_facts(&self) -> Vec<InputFact> {
        let mut facts = vec![InputFact::FinancialAssets, InputFact::Vehicle];
        for (member, p) in self.members().iter().enumerate() {
            facts.extend((0..p.incomes().len()).map(|item| InputFact::Income { member, item }));
            facts.push(InputFact::RigidSpending { member });
            if p.disability().is_some() {
                facts.push(InputFact::Grade { member });
            }
            facts.push(InputFact::SelfCare { member });
            facts.push(InputFact::LegalSupporter { member });
        }
        facts
    }

    /// The fact's value in the household: `None` for the month, or a member or item the
    /// household does not have.
    pub(crate) fn fact(&self, fact: InputFact) -> Option<InputValue> {
        let member = |m: usize| self.members().get(m);
        Some(match fact {
            InputFact::FinancialAssets => InputValue::Amount(self.financial_assets()),
            InputFact::Vehicle => InputValue::Flag(self.has_non_exempt_vehicle()),
            InputFact::Income { member: m, item } => {
                InputValue::Amount(member(m)?.incomes().get(item)?.monthly())
            }
            InputFact::RigidSpending { member: m } => {
                InputValue::Amount(member(m)?.rigid_spending())
            }
            InputFact::Grade { member: m } => InputValue::Grade(member(m)?.disability()?.grade()),
            InputFact::SelfCare { member: m } => member(m)?
                .self_care()
                .map_or(InputValue::NotGiven, |s| InputValue::Level(s.level())),
            InputFact::LegalSupporter { member: m } => member(m)?
                .legal_supporter()
                .map_or(InputValue::NotGiven, InputValue::Supporter),
            InputFact::Month => return None,
        })
    }

    /// Sets the fact to `value`, keeping what the checks computed from it (a member's
    /// counted income) true. Returns whether it was set: not for the month, a member or
    /// item the household does not have, a value of another kind, or an amount the input
    /// would refuse.
    pub(crate) fn set_fact(&mut self, fact: InputFact, value: InputValue) -> bool {
        let facts = self.facts_mut();
        match (fact, value) {
            (InputFact::FinancialAssets, InputValue::Amount(a)) if a.is_input() => {
                facts.financial_assets = a;
            }
            (InputFact::Vehicle, InputValue::Flag(yes)) => facts.non_exempt_vehicle = yes,
            (InputFact::Income { member, item }, InputValue::Amount(a)) if a.is_input() => {
                let Some(person) = facts.members.get_mut(member) else {
                    return false;
                };
                let Some(income) = person.0.incomes.get_mut(item) else {
                    return false;
                };
                income.monthly = a;
                return person.recount();
            }
            (InputFact::RigidSpending { member }, InputValue::Amount(a)) if a.is_input() => {
                let Some(person) = facts.members.get_mut(member) else {
                    return false;
                };
                person.0.rigid_spending = a;
            }
            (InputFact::Grade { member }, InputValue::Grade(grade)) => {
                let Some(disability) = facts
                    .members
                    .get_mut(member)
                    .and_then(|p| p.0.disability.as_mut())
                else {
                    return false;
                };
                disability.grade = grade;
            }
            (InputFact::SelfCare { member }, InputValue::Level(level)) => {
                let Some(person) = facts.members.get_mut(member) else {
                    return false;
                };
                person.0.self_care = Some(SelfCare::Level(level));
            }
            (InputFact::SelfCare { member }, InputValue::NotGiven) => {
                let Some(person) = facts.members.get_mut(member) else {
                    return false;
                };
                person.0.self_care = None;
            }
            (InputFact::LegalSupporter { member }, InputValue::Supporter(s)) => {
                let Some(person) = facts.members.get_mut(member) else {
                    return false;
                };
                person.0.legal_supporter = Some(s);
            }
            (InputFact::LegalSupporter { member }, InputValue::NotGiven) => {
                let Some(person) = facts.members.get_mut(member) else {
                    return false;
                };
                person.0.legal_supporter = None;
            }
            _ => return false,
        }
        true
    }
}

impl Household {
    /// Gives `fact` back the value it has in `original` (the household this one was cloned
    /// from), with what the checks computed from it.
    pub(crate) fn restore_fact(&mut self, original: &Household, fact: InputFact) {
        let facts = self.facts_mut();
        let person = |m: usize| original.members().get(m).map(|p| &p.0);
        match fact {
            InputFact::FinancialAssets => facts.financial_assets = original.financial_assets(),
            InputFact::Vehicle => facts.non_exempt_vehicle = original.has_non_exempt_vehicle(),
            InputFact::Income { member, item } => {
                if let (Some(to), Some(from)) = (facts.members.get_mut(member), person(member)) {
                    if let (Some(i), Some(j)) = (to.0.incomes.get_mut(item), from.incomes.get(item))
                    {
                        i.monthly = j.monthly;
                    }
                    to.0.counted = from.counted;
                }
            }
            InputFact::RigidSpending { member } => {
                if let (Some(to), Some(from)) = (facts.members.get_mut(member), person(member)) {
                    to.0.rigid_spending = from.rigid_spending;
                }
            }
            InputFact::Grade { member } => {
                if let (Some(to), Some(from)) = (facts.members.get_mut(member), person(member)) {
                    to.0.disability = from.disability;
                }
            }
            InputFact::SelfCare { member } => {
                if let (Some(to), Some(from)) = (facts.members.get_mut(member), person(member)) {
                    to.0.self_care = from.self_care;
                }
            }
            InputFact::LegalSupporter { member } => {
                if let (Some(to), Some(from)) = (facts.members.get_mut(member), person(member)) {
                    to.0.legal_supporter = from.legal_supporter;
                }
            }
            InputFact::Month => {}
        }
    }
}

/// The grades, 1–4.
pub(crate) fn grades() -> impl Iterator<Item = Grade> {
    (1..=4).filter_map(|n| Grade::new(n).ok())
}

/// The self-care levels, most able first.
pub(crate) const LEVELS: [CareLevel; 3] = [
    CareLevel::FullSelfCare,
    CareLevel::PartlyDependent,
    CareLevel::FullyDependent,
];

/// The legal supporter's situations.
pub(crate) const SUPPORTERS: [LegalSupporter; 3] = [
    LegalSupporter::None,
    LegalSupporter::Capable,
    LegalSupporter::Incapable,
];
