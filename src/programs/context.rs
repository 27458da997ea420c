//! What a program reads: the household, the facts derived once per member for the month,
//! and the month's pack values, with members visited in person-id order.

use crate::model::{Household, Person, PersonStatus};
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
        params: &'a MonthParams,
        derived: &'a [Derived],
        order: &'a [u8],
    ) -> Self {
        Ctx {
            household,
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
