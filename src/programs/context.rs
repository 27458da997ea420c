//! What a program reads: the household, the facts derived once per member for the month,
//! and the month's pack values, with members visited in person-id order.

use crate::decision::{FactRead, FactSource};
use crate::model::{
    Area, Enrolment, Event, Household, IncomeCategory, Person, PersonStatus, ProgramId, Screening,
    Verification, VerifiedFact, VerifiedValue,
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
    /// deduction, plus net business, property and transfer income (57号 第13条), verified
    /// where a fresh verification exists.
    pub(crate) gross_counted: Money,
    /// The status leaves the person out of the dibao unit (57号 第7条).
    pub(crate) outside_unit: bool,
}

/// Who an outcome is for: the household, or one of its members.
///
/// Programs get one from [`Member::who`] or [`Who::HOUSEHOLD`]; what it holds inside is
/// the engine's business.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Who(u8);

impl Who {
    /// The household as a whole.
    pub(crate) const HOUSEHOLD: Who = Who(crate::decision::HOUSEHOLD);

    /// The beneficiary recorded in an entry's index.
    pub(crate) const fn from_index(index: u8) -> Who {
        Who(index)
    }

    /// The index an entry records (the member's position, or the household's mark).
    pub(crate) const fn index(self) -> u8 {
        self.0
    }

    /// Whether it is the household.
    pub(crate) const fn is_household(self) -> bool {
        self.0 == crate::decision::HOUSEHOLD
    }
}

/// A member of the household as a program sees it: the person's facts as the rules read
/// them (incomes only as counted, after verification), and what is derived for the month.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Member<'a> {
    who: Who,
    person: &'a Person,
    derived: Derived,
}

impl<'a> Member<'a> {
    /// The member as a beneficiary, for [`super::Outcomes::push`] and what
    /// [`super::Decided`] answers.
    #[inline]
    pub(crate) fn who(&self) -> Who {
        self.who
    }

    /// Completed years on the first of the month.
    #[inline]
    pub(crate) fn age(&self) -> u32 {
        self.derived.age
    }

    /// Whether the person's status leaves them out of the dibao unit (57号 第7条).
    #[inline]
    pub(crate) fn is_outside_unit(&self) -> bool {
        self.derived.outside_unit
    }

    /// Counted income before the rigid-spending deduction (verified where fresh).
    #[inline]
    pub(crate) fn gross_counted(&self) -> Money {
        self.derived.gross_counted
    }

    /// The person's own counted income: gross counted less rigid spending, not below zero.
    #[inline]
    pub(crate) fn own_income(&self) -> Money {
        (self.derived.gross_counted - self.person.rigid_spending()).floor_zero()
    }

    /// The person's identifier.
    pub(crate) fn id(&self) -> &'a crate::model::PersonId {
        self.person.id()
    }

    /// Sex.
    pub(crate) fn sex(&self) -> crate::model::Sex {
        self.person.sex()
    }

    /// Disability, if certified.
    #[inline]
    pub(crate) fn disability(&self) -> Option<crate::model::Disability> {
        self.person.disability()
    }

    /// A serious illness.
    #[inline]
    pub(crate) fn has_serious_illness(&self) -> bool {
        self.person.has_serious_illness()
    }

    /// Self-care as assessed.
    pub(crate) fn self_care(&self) -> Option<crate::model::SelfCare> {
        self.person.self_care()
    }

    /// In compulsory, senior-high or vocational school.
    pub(crate) fn is_in_school(&self) -> bool {
        self.person.is_in_school()
    }

    /// Rigid monthly spending caused by disability or illness.
    #[inline]
    pub(crate) fn rigid_spending(&self) -> Money {
        self.person.rigid_spending()
    }

    /// The legal-supporter situation, if known.
    pub(crate) fn legal_supporter(&self) -> Option<crate::model::LegalSupporter> {
        self.person.legal_supporter()
    }

    /// Dispersed or centralized care.
    pub(crate) fn care_form(&self) -> crate::model::CareForm {
        self.person.care_form()
    }

    /// The two parents' situations.
    pub(crate) fn parents(&self) -> crate::model::Parents {
        self.person.parents()
    }

    /// Every child away for work six months or more.
    pub(crate) fn children_all_away(&self) -> bool {
        self.person.children_all_away()
    }

    /// The spouse is away for work.
    pub(crate) fn spouse_away_for_work(&self) -> bool {
        self.person.spouse_away_for_work()
    }

    /// Without basic medical insurance.
    pub(crate) fn is_uninsured(&self) -> bool {
        self.person.is_uninsured()
    }
}

/// What a program reads: the month's pack values, the household's facts as the rules read
/// them (verified where a fresh verification exists) and its members in person-id order.
///
/// Programs take `ctx: &impl Context`; the engine's one implementation visits members as
/// listed or through sorted indices, each loop compiled for both.
pub(crate) trait Context {
    /// The month evaluated.
    fn month(&self) -> Month;

    /// The pack's values in force in the month, each with its cite.
    fn params(&self) -> &MonthParams;

    /// The members, in person-id order (so that a determination does not depend on the
    /// order they were listed in).
    fn members(&self) -> impl Iterator<Item = Member<'_>>;

    /// The member `who` (none for the household).
    fn member(&self, who: Who) -> Option<Member<'_>>;

    /// How many members the household has.
    fn member_count(&self) -> u32;

    /// Urban or rural.
    fn area(&self) -> Area;

    /// A registered-poor household (建档立卡贫困户).
    fn is_registered_poor(&self) -> bool;

    /// Financial assets, verified where fresh.
    fn financial_assets(&self) -> Money;

    /// A non-exempt motor vehicle, verified where fresh.
    fn has_non_exempt_vehicle(&self) -> bool;

    /// Housing assessed unsafe, verified where fresh.
    fn has_unsafe_housing(&self) -> bool;

    /// No safe drinking-water supply.
    fn lacks_safe_drinking_water(&self) -> bool;

    /// The household's enrolments.
    fn enrolments(&self) -> &[Enrolment];

    /// The household's temporary-assistance events.
    fn events(&self) -> &[Event];

    /// The pandemic screening flags.
    fn screenings(&self) -> &[Screening];

    /// On the rural revitalisation department's return-to-poverty list.
    fn is_return_to_poverty_monitored(&self) -> bool;

    /// Rigid medical and education spending of the last 12 months.
    fn rigid_spending_12_months(&self) -> Money;

    /// Counted income of the last 12 months, where given.
    fn counted_income_12_months(&self) -> Option<Money>;

    /// Whether the pack's overlap table pays `program` once a person, however many of its
    /// groups the person is in (a `once` rule).
    fn pays_once(&self, program: ProgramId) -> bool;
}

/// The engine's view of one household's evaluation for a month: the household, its facts
/// as the rules read them, the month's values and the member order. `O` is how members are
/// visited in person-id order: as listed, or through sorted indices (see [`MemberOrder`]);
/// the engine picks it per household, so every program's member loop is compiled for both.
///
/// Programs see it only through [`Context`]: the declared facts that a verification
/// replaces are not reachable from a program.
pub(crate) struct Ctx<'a, O> {
    household: &'a Household,
    /// The household facts the rules read: verified where a fresh verification exists.
    facts: &'a Facts,
    params: &'a MonthParams,
    derived: &'a [Derived],
    /// Member indices ordered by person id, for [`Sorted`] (empty for a household listed
    /// in id order): programs visit members in this order, so that a determination does
    /// not depend on the order members were listed in.
    order: &'a [u8],
    /// The programs the pack pays once a person, a bit per slot.
    once: u32,
    visit: std::marker::PhantomData<O>,
}

/// How a [`Ctx`] visits members in person-id order.
pub(crate) trait MemberOrder: Sized {
    /// The members with their derived facts, by person id.
    fn members<'a>(ctx: &Ctx<'a, Self>) -> impl Iterator<Item = Member<'a>> + 'a;
}

/// The members are listed in person-id order (most households): visited as listed.
pub(crate) struct Listed;

/// The members are not listed in person-id order: visited through the sorted indices.
pub(crate) struct Sorted;

impl MemberOrder for Listed {
    #[inline]
    fn members<'a>(ctx: &Ctx<'a, Self>) -> impl Iterator<Item = Member<'a>> + 'a {
        // At most 64 members (checked at construction): every index fits a u8.
        (0u8..)
            .zip(ctx.household.members().iter().zip(ctx.derived))
            .map(|(i, (person, d))| Member {
                who: Who(i),
                person,
                derived: *d,
            })
    }
}

#[allow(
    clippy::indexing_slicing,
    reason = "member indices come from `order`, built from 0..members.len(), and `derived` holds one entry per member"
)]
impl MemberOrder for Sorted {
    #[inline]
    fn members<'a>(ctx: &Ctx<'a, Self>) -> impl Iterator<Item = Member<'a>> + 'a {
        let derived = ctx.derived;
        let members = ctx.household.members();
        ctx.order.iter().map(move |&i| {
            let i_usize = usize::from(i);
            Member {
                who: Who(i),
                person: &members[i_usize],
                derived: derived[i_usize],
            }
        })
    }
}

impl<'a, O: MemberOrder> Ctx<'a, O> {
    pub(crate) fn new(
        household: &'a Household,
        facts: &'a Facts,
        params: &'a MonthParams,
        derived: &'a [Derived],
        order: &'a [u8],
        once: u32,
    ) -> Self {
        Ctx {
            household,
            facts,
            params,
            derived,
            order,
            once,
            visit: std::marker::PhantomData,
        }
    }

    /// The household as declared (for the engine: findings compare declared and verified
    /// values; programs read [`Context`]).
    pub(crate) fn household(&self) -> &'a Household {
        self.household
    }

    /// The household facts the rules read, with the source of each verified one.
    pub(crate) fn facts(&self) -> &'a Facts {
        self.facts
    }

    /// The facts derived for each member, by the household's order.
    pub(crate) fn derived(&self) -> &'a [Derived] {
        self.derived
    }

    /// The members in person-id order, with their index (for the engine).
    pub(crate) fn members_with_index(&self) -> impl Iterator<Item = (u8, Member<'a>)> + 'a {
        O::members(self).map(|m| (m.who.0, m))
    }
}

impl<O: MemberOrder> Context for Ctx<'_, O> {
    #[inline]
    fn month(&self) -> Month {
        self.params.month
    }

    #[inline]
    fn params(&self) -> &MonthParams {
        self.params
    }

    #[inline]
    fn members(&self) -> impl Iterator<Item = Member<'_>> {
        O::members(self)
    }

    fn member(&self, who: Who) -> Option<Member<'_>> {
        let i = usize::from(who.0);
        Some(Member {
            who,
            person: self.household.members().get(i)?,
            derived: *self.derived.get(i)?,
        })
    }

    #[inline]
    fn member_count(&self) -> u32 {
        // At most 64 members (checked at construction).
        u32::try_from(self.household.members().len()).unwrap_or(u32::MAX)
    }

    #[inline]
    fn area(&self) -> Area {
        self.household.area()
    }

    fn is_registered_poor(&self) -> bool {
        self.household.is_registered_poor()
    }

    #[inline]
    fn financial_assets(&self) -> Money {
        self.facts.financial_assets
    }

    #[inline]
    fn has_non_exempt_vehicle(&self) -> bool {
        self.facts.non_exempt_vehicle
    }

    fn has_unsafe_housing(&self) -> bool {
        self.facts.unsafe_housing
    }

    fn lacks_safe_drinking_water(&self) -> bool {
        self.household.lacks_safe_drinking_water()
    }

    #[inline]
    fn enrolments(&self) -> &[Enrolment] {
        self.household.enrolments()
    }

    #[inline]
    fn events(&self) -> &[Event] {
        self.household.events()
    }

    fn screenings(&self) -> &[Screening] {
        self.household.screenings()
    }

    fn is_return_to_poverty_monitored(&self) -> bool {
        self.household.is_return_to_poverty_monitored()
    }

    #[inline]
    fn rigid_spending_12_months(&self) -> Money {
        self.household.rigid_spending_12_months()
    }

    fn counted_income_12_months(&self) -> Option<Money> {
        self.household.counted_income_12_months()
    }

    #[inline]
    fn pays_once(&self, program: ProgramId) -> bool {
        program.slot().is_some_and(|slot| {
            self.once
                .checked_shr(u32::try_from(slot).unwrap_or(u32::MAX))
                .is_some_and(|b| b & 1 == 1)
        })
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
    let rule = params.wage_rule;
    out.clear();
    out.extend(household.members().iter().map(|p| {
        let counted = p.counted_income();
        let status = p.status();
        Derived {
            age: p.age_on(params.month),
            gross_counted: counted.gross(&rule),
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

    /// Adds the member.
    #[inline]
    pub(crate) fn insert(&mut self, who: Who) {
        self.0 |= 1u64.checked_shl(u32::from(who.0)).unwrap_or(0);
    }

    /// Whether the member is in the set.
    #[inline]
    pub(crate) fn contains(self, who: Who) -> bool {
        who.0 < 64 && self.0 & (1 << who.0) != 0
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
    let limit = params
        .count(crate::policy::CountParam::VerificationValidMonths)
        .value;
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
                    d.gross_counted = counted.gross(&params.wage_rule);
                }
            }
            _ => {}
        }
    }
}
