//! What a program reads: the household, the facts derived once per member for the month,
//! and the month's pack values, with members visited in person-id order.

use crate::decision::{FactRead, FactSource};
use crate::model::{
    Household, IncomeCategory, Person, PersonStatus, Verification, VerifiedFact, VerifiedValue,
};
use crate::money::Money;
use crate::period::Month;
use crate::policy::MonthParams;

/// Facts derived once per member for the month.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Derived {
    /// Completed years on the first of the month.
    pub(crate) age: u32,
    /// Counted income before the rigid-spending deduction: wages less the employment-cost
    /// deduction, plus net business, property and transfer income (57号 第13条).
    pub(crate) gross_counted: Money,
    /// The status leaves the person out of the dibao unit (57号 第7条).
    pub(crate) outside_unit: bool,
}

/// What a program reads: the household, its derived facts, the month's values. `O` is how
/// members are visited in person-id order: as listed, or through sorted indices (see
/// [`MemberOrder`]); the engine picks it per household, so every program's member loop is
/// compiled for both.
pub(crate) struct Ctx<'a, O> {
    pub(crate) household: &'a Household,
    /// The household facts the rules read: verified where a fresh verification exists.
    pub(crate) facts: &'a Facts,
    pub(crate) params: &'a MonthParams,
    pub(crate) derived: &'a [Derived],
    /// Member indices ordered by person id, for [`Sorted`] (empty for a household listed
    /// in id order): programs visit members in this order, so that a determination does
    /// not depend on the order members were listed in.
    pub(crate) order: &'a [u8],
    visit: std::marker::PhantomData<O>,
}

/// How a [`Ctx`] visits members in person-id order.
pub(crate) trait MemberOrder: Sized {
    /// The members with their index and derived facts, by person id.
    fn members<'a>(ctx: &Ctx<'a, Self>) -> impl Iterator<Item = (u8, &'a Person, Derived)> + 'a;
}

/// The members are listed in person-id order (most households): visited as listed.
pub(crate) struct Listed;

/// The members are not listed in person-id order: visited through the sorted indices.
pub(crate) struct Sorted;

impl MemberOrder for Listed {
    fn members<'a>(ctx: &Ctx<'a, Self>) -> impl Iterator<Item = (u8, &'a Person, Derived)> + 'a {
        // At most 64 members (checked at construction): every index fits a u8.
        (0u8..)
            .zip(ctx.household.members().iter().zip(ctx.derived))
            .map(|(i, (person, d))| (i, person, *d))
    }
}

#[allow(
    clippy::indexing_slicing,
    reason = "member indices come from `order`, built from 0..members.len(), and `derived` holds one entry per member"
)]
impl MemberOrder for Sorted {
    fn members<'a>(ctx: &Ctx<'a, Self>) -> impl Iterator<Item = (u8, &'a Person, Derived)> + 'a {
        let derived = ctx.derived;
        let members = ctx.household.members();
        ctx.order.iter().map(move |&i| {
            let i_usize = usize::from(i);
            (i, &members[i_usize], derived[i_usize])
        })
    }
}

#[allow(
    clippy::indexing_slicing,
    reason = "member indices come from `order`, built from 0..members.len(), and `derived` holds one entry per member"
)]
impl<'a, O: MemberOrder> Ctx<'a, O> {
    pub(crate) fn new(
        household: &'a Household,
        facts: &'a Facts,
        params: &'a MonthParams,
        derived: &'a [Derived],
        order: &'a [u8],
    ) -> Self {
        Ctx {
            household,
            facts,
            params,
            derived,
            order,
            visit: std::marker::PhantomData,
        }
    }

    pub(crate) fn month(&self) -> Month {
        self.params.month
    }

    /// The members with their index and derived facts, by person id.
    pub(crate) fn members(&self) -> impl Iterator<Item = (u8, &'a Person, Derived)> + 'a {
        O::members(self)
    }

    /// The person's own counted income: gross counted less rigid spending, not below zero.
    pub(crate) fn own_income(&self, index: u8) -> Money {
        let person = &self.household.members()[usize::from(index)];
        (self.derived[usize::from(index)].gross_counted - person.rigid_spending()).floor_zero()
    }
}

/// Orders the member indices by person id, for households not listed in that order.
#[allow(
    clippy::indexing_slicing,
    reason = "the indices sorted are 0..members.len()"
)]
pub(crate) fn order_members(household: &Household, out: &mut Vec<u8>) {
    out.clear();
    // Members listed in id order are visited as listed ([`Listed`]): no indices needed.
    if household.ids_in_order() {
        return;
    }
    let members = household.members();
    // At most 64 members (checked at construction), so every index fits a u8.
    out.extend((0..members.len()).map(|i| u8::try_from(i).unwrap_or(u8::MAX)));
    out.sort_unstable_by(|&a, &b| {
        members[usize::from(a)]
            .id()
            .cmp(members[usize::from(b)].id())
    });
}

/// Derives the per-member facts for the month.
pub(crate) fn derive(household: &Household, params: &MonthParams, out: &mut Vec<Derived>) {
    let keep = params.wage_kept;
    out.clear();
    out.extend(household.members().iter().map(|p| {
        let counted = p.counted_income();
        let status = p.status();
        Derived {
            age: p.age_on(params.month),
            gross_counted: counted.gross(keep),
            outside_unit: status.contains(PersonStatus::Imprisoned)
                || status.contains(PersonStatus::CompulsoryRehab)
                || status.contains(PersonStatus::DeclaredMissing)
                || status.contains(PersonStatus::ClergyAway),
        }
    }));
}

/// A set of members of one household, by index (a household has at most 64).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Members(u64);

impl Members {
    /// No member.
    pub(crate) const EMPTY: Members = Members(0);

    /// The set whose bit `i` is set for member `i`.
    #[inline]
    pub(crate) const fn from_bits(bits: u64) -> Members {
        Members(bits)
    }

    /// A bit per member index.
    #[inline]
    pub(crate) const fn bits(self) -> u64 {
        self.0
    }

    /// Adds the member at `index`.
    #[inline]
    pub(crate) fn insert(&mut self, index: u8) {
        self.0 |= 1u64.checked_shl(u32::from(index)).unwrap_or(0);
    }

    /// Whether the member at `index` is in the set.
    #[inline]
    pub(crate) fn contains(self, index: u8) -> bool {
        index < 64 && self.0 & (1 << index) != 0
    }

    /// How many members.
    #[inline]
    pub(crate) fn len(self) -> u32 {
        self.0.count_ones()
    }
}

/// The household facts the rules read in a month, after its verification results: where a
/// fresh verification of a fact exists its value prevails (居民家庭经济状况核对: 以核对数据为准),
/// otherwise the declared value is read. Incomes are applied to [`Derived`] by [`verify`].
#[derive(Debug, Clone, Default)]
pub(crate) struct Facts {
    pub(crate) financial_assets: Money,
    pub(crate) non_exempt_vehicle: bool,
    pub(crate) unsafe_housing: bool,
    /// Each verification result and the value read, in the household's order (empty for a
    /// household with none).
    pub(crate) sources: Vec<FactSource>,
}

/// The months from the month of `date` to `month` (negative when `date` is later).
fn months_after(date: chrono::NaiveDate, month: Month) -> i64 {
    use chrono::Datelike as _;
    let years = i64::from(month.year()).saturating_sub(i64::from(date.year()));
    years
        .saturating_mul(12)
        .saturating_add(i64::from(month.month()))
        .saturating_sub(i64::from(date.month()))
}

/// The member's declared monthly income of `category`.
fn declared_income(person: &Person, category: IncomeCategory) -> Money {
    person
        .incomes()
        .iter()
        .filter(|i| i.category() == category)
        .fold(Money::ZERO, |sum, i| sum + i.monthly())
}

/// Reads the household's verification results for the month into `facts`, and applies
/// the verified incomes read to the members' counted income in `derived` (made by
/// [`derive`] for the same month).
///
/// A result is read when its data are as of the evaluated month or earlier and at most
/// `verification.valid_months` months before it; of several results on one fact, the one
/// as of the latest date is read. A stale result leaves the declared value in force.
#[inline]
pub(crate) fn verify(
    household: &Household,
    params: &MonthParams,
    facts: &mut Facts,
    derived: &mut [Derived],
) {
    facts.financial_assets = household.financial_assets();
    facts.non_exempt_vehicle = household.has_non_exempt_vehicle();
    facts.unsafe_housing = household.has_unsafe_housing();
    if !facts.sources.is_empty() {
        facts.sources.clear();
    }
    // Most households have no verification result.
    if !household.verifications().is_empty() {
        read_verifications(household, params, facts, derived);
    }
}

/// The verification results of [`verify`], for a household that has some.
#[inline(never)]
fn read_verifications(
    household: &Household,
    params: &MonthParams,
    facts: &mut Facts,
    derived: &mut [Derived],
) {
    let results = household.verifications();
    let month = params.month;
    let limit = params.verification_valid_months.value;
    let members = household.members();
    let member_of = |v: &Verification| {
        v.income_of()
            .and_then(|(id, _)| members.iter().position(|p| p.id() == id))
    };
    // First the reading of each result on its own.
    for (i, v) in results.iter().enumerate() {
        let age = months_after(v.as_of(), month);
        let read = if age < 0 {
            FactRead::Later
        } else if age > i64::from(limit) {
            FactRead::Stale {
                months: u32::try_from(age).unwrap_or(u32::MAX),
                limit,
            }
        } else {
            FactRead::Verified
        };
        let declared = match v.fact() {
            VerifiedFact::Income => VerifiedValue::Amount(
                v.income_of()
                    .zip(member_of(v).and_then(|m| members.get(m)))
                    .map_or(Money::ZERO, |((_, category), p)| {
                        declared_income(p, category)
                    }),
            ),
            VerifiedFact::FinancialAssets => VerifiedValue::Amount(household.financial_assets()),
            VerifiedFact::NonExemptVehicle => {
                VerifiedValue::Flag(household.has_non_exempt_vehicle())
            }
            VerifiedFact::UnsafeHousing => VerifiedValue::Flag(household.has_unsafe_housing()),
        };
        facts.sources.push(FactSource {
            verification: i,
            fact: v.fact(),
            person: v.income_of().map(|(p, _)| p.clone()),
            category: v.income_of().map(|(_, c)| c),
            declared,
            verified: v.value(),
            department: v.department(),
            as_of: v.as_of(),
            read,
        });
    }
    // Then, per fact, only the latest result of those that could be read is read (a fresh
    // one before any stale one); the others are superseded.
    for i in 0..results.len() {
        let (Some(v), Some(source)) = (results.get(i), facts.sources.get(i)) else {
            continue;
        };
        if matches!(source.read, FactRead::Later) {
            continue;
        }
        let fresh = matches!(source.read, FactRead::Verified);
        let beaten = results.iter().zip(&facts.sources).any(|(w, other)| {
            if !w.same_fact(v) || std::ptr::eq(w, v) || matches!(other.read, FactRead::Later) {
                return false;
            }
            let other_fresh = matches!(other.read, FactRead::Verified);
            (other_fresh && !fresh) || (other_fresh == fresh && w.as_of() > v.as_of())
        });
        if beaten && let Some(s) = facts.sources.get_mut(i) {
            s.read = FactRead::Superseded;
        }
    }
    for (v, source) in results.iter().zip(&facts.sources) {
        if source.read != FactRead::Verified {
            continue;
        }
        match (v.fact(), v.value()) {
            (VerifiedFact::FinancialAssets, VerifiedValue::Amount(amount)) => {
                facts.financial_assets = amount;
            }
            (VerifiedFact::NonExemptVehicle, VerifiedValue::Flag(value)) => {
                facts.non_exempt_vehicle = value;
            }
            (VerifiedFact::UnsafeHousing, VerifiedValue::Flag(value)) => {
                facts.unsafe_housing = value;
            }
            (VerifiedFact::Income, VerifiedValue::Amount(monthly)) => {
                let (Some(m), Some((_, category))) = (member_of(v), v.income_of()) else {
                    continue;
                };
                if let (Some(person), Some(d)) = (members.get(m), derived.get_mut(m)) {
                    let counted = person.counted_income().replacing(
                        category,
                        declared_income(person, category),
                        monthly,
                    );
                    d.gross_counted = counted.gross(params.wage_kept);
                }
            }
            _ => {}
        }
    }
}
