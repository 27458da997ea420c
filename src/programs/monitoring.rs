//! 低收入人口动态监测 — the low-income monitoring categories of a household (registers,
//! no cash), as the 2023 opinion on dynamic monitoring of the low-income population
//! (民政部等 关于加强低收入人口动态监测做好分层分类社会救助工作的意见) sets them out \[secondary\].
//!
//! Besides the households receiving dibao and tekun, the platform monitors:
//!
//! - `low_income_edge_household` (低保边缘家庭): not receiving dibao or tekun (no enrolment
//!   in force this month); per-capita counted income below the edge multiple of the dibao
//!   standard; passing the dibao asset test.
//! - `rigid_expenditure_household` (刚性支出困难家庭): not receiving dibao or tekun;
//!   per-capita counted income below last year's local per-capita disposable income (per
//!   month: the yearly figure ÷ 12); rigid medical and education spending of the last 12
//!   months above `monitoring.rigid_spending_share` of the counted income of the same 12
//!   months (when that income is not given, 12 times this month's, before the rigid-spending
//!   deduction); passing the dibao asset test.
//! - `return_to_poverty_monitored` (防止返贫监测对象): on the rural revitalisation
//!   department's list — an input, reported as given.
//!
//! "Receiving" reads the household's enrolments, not what the rules compute: a household
//! eligible for dibao but not enrolled is an edge household, and its `missed_coverage`
//! finding is a monitoring warning (漏救).
//!
//! # Example
//!
//! ```
//! use doudi::{Engine, Household, Outcome, PolicyPack, ProgramId};
//!
//! // Urban, 2020: standard 620.00, the edge 1.5 × 620.00 = 930.00 per member. Transfer
//! // income 700.00 for one member: not below the standard, below the edge.
//! let household = Household::from_json(r#"{"id": "h1", "area": "urban", "members": [
//!   {"id": "a", "birth_date": "1950-01-01", "sex": "female", "relation": "head",
//!    "incomes": [{"category": "transfer", "monthly": "700.00"}]}]}"#)?;
//! let d = Engine::new(PolicyPack::maojian()).evaluate(&household, "2020-03".parse()?)?;
//! let edge = d.entry(ProgramId::LowIncomeEdgeHousehold, None).unwrap();
//! assert_eq!(edge.outcome(), &Outcome::Holds);
//! assert_eq!(edge.reason().to_string(), "per-capita income 700.00 < the low-income edge 930.00");
//! # Ok::<(), doudi::Error>(())
//! ```

use rust_decimal::Decimal;

use super::{Ctx, MemberOrder, Outcomes};
use crate::decision::{Cites, HOUSEHOLD, Outcome, Provision, Reason, Review, ReviewClass};
use crate::model::ProgramId;
use crate::money::Money;
use crate::policy::{MonthParams, Status};

pub(crate) const PROVISION: Provision = Provision {
    document: "关于加强低收入人口动态监测做好分层分类社会救助工作的意见 (2023)",
    article: "",
    status: Status::Secondary,
};

/// The program of the household's dibao or tekun enrolment in force in the month (dibao
/// when it has both, whatever order they are listed in).
fn receives_dibao_or_tekun<O: MemberOrder>(ctx: &Ctx<'_, O>) -> Option<ProgramId> {
    let enrolled = |program| {
        ctx.household
            .enrolments()
            .iter()
            .any(|e| e.since() <= ctx.month() && e.program() == program)
    };
    [ProgramId::Dibao, ProgramId::Tekun]
        .into_iter()
        .find(|&p| enrolled(p))
}

/// Whether the per-capita monthly income `net / size` is below the yearly figure ÷ 12,
/// compared without a division: 12 × `net` against `yearly` × `size` (in whole fen when
/// both are, as most are).
fn below_yearly(net: Money, yearly: Money, size: u32) -> bool {
    match (net.to_fen(), yearly.to_fen()) {
        // Two i64 values times 12 and a unit size of at most 64: far inside an i128.
        (Some(n), Some(y)) => {
            i128::from(n).saturating_mul(12) < i128::from(y).saturating_mul(i128::from(size))
        }
        _ => net.times(Decimal::from(12)) < yearly.times(Decimal::from(size)),
    }
}

/// The test of a category before its reason is made: reasons are built only when the
/// outcome is kept (a batch run keeps no refusal of a program nobody enrolled in).
#[derive(Clone, Copy)]
enum Test {
    Covered(ProgramId),
    NoUnit,
    Assets(u32),
    Decided(bool),
}

impl Test {
    fn outcome(self) -> Outcome {
        match self {
            Test::Decided(true) => Outcome::Holds,
            _ => Outcome::NotPaid,
        }
    }
}

/// Evaluates the three monitoring categories of the household (after dibao).
pub(crate) fn evaluate<O: MemberOrder>(ctx: &Ctx<'_, O>, out: &mut impl Outcomes) {
    let p = ctx.params;
    let area = ctx.household.area();
    let standard = p.standard(area);
    let enrolled = receives_dibao_or_tekun(ctx);
    let dibao = out.dibao_test();
    // What both computed categories ask first: not enrolled, a unit, the asset test.
    let common = match (enrolled, dibao) {
        (Some(program), _) => Err(Test::Covered(program)),
        (None, None) => Err(Test::NoUnit),
        (None, Some(t)) if !t.assets_pass => Err(Test::Assets(t.size)),
        (None, Some(t)) => Ok(t),
    };
    let refusal = |test: Test| match test {
        Test::Covered(program) => Reason::CoveredBy { program },
        Test::NoUnit => Reason::NoUnitMember,
        Test::Assets(size) => asset_reason(ctx, size),
        Test::Decided(_) => Reason::Holds,
    };

    // The low-income edge.
    let cites = Cites::of(&[
        standard.cite,
        p.edge_multiplier.cite,
        p.employment_deduction.cite,
    ]);
    let test = match common {
        Err(test) => test,
        Ok(t) => Test::Decided(t.below_edge),
    };
    out.push_with(
        ProgramId::LowIncomeEdgeHousehold,
        HOUSEHOLD,
        test.outcome(),
        &PROVISION,
        cites,
        || match (test, dibao) {
            (Test::Decided(_), Some(t)) => Reason::EdgeIncome {
                per_capita: t.net.per(t.size),
                limit: p.amounts(area).per_member.edge_limit,
            },
            _ => refusal(test),
        },
    );

    // Rigid expenditure.
    let limit_year = MonthParams::by_area(&p.temporary_income_limit, area);
    let cites = Cites::of(&[
        limit_year.cite,
        p.rigid_spending_share.cite,
        p.employment_deduction.cite,
    ]);
    let spending = ctx.household.rigid_spending_12_months();
    // Most households spent nothing, and nothing is never more than a share of the
    // income: the income test is then left to the reason, if one is kept.
    let test = match common {
        Err(test) => test,
        Ok(_) if spending.is_zero() => Test::Decided(false),
        Ok(t) => Test::Decided(
            below_yearly(t.net, limit_year.value, t.size) && spending > rigid(ctx, t).2,
        ),
    };
    out.push_with(
        ProgramId::RigidExpenditureHousehold,
        HOUSEHOLD,
        test.outcome(),
        &PROVISION,
        cites,
        || match (test, dibao) {
            (Test::Decided(_), Some(t)) if !below_yearly(t.net, limit_year.value, t.size) => {
                Reason::IncomeOverLimit {
                    yearly_per_capita: t.net.times(Decimal::from(12)).per(t.size),
                    limit: limit_year.value,
                }
            }
            (Test::Decided(_), Some(t)) => {
                let (spending, income, limit) = rigid(ctx, t);
                Reason::RigidSpending {
                    spending,
                    income,
                    limit,
                }
            }
            _ => refusal(test),
        },
    );

    // Return to poverty: as listed.
    let listed = ctx.household.is_return_to_poverty_monitored();
    out.push_with(
        ProgramId::ReturnToPovertyMonitored,
        HOUSEHOLD,
        Test::Decided(listed).outcome(),
        &PROVISION,
        Cites::default(),
        || {
            if listed {
                Reason::Holds
            } else {
                Reason::NotListed
            }
        },
    );
}

/// The rigid-spending test's numbers: the spending of 12 months, the counted income of the
/// same 12 months (as given, else 12 times the month's before the rigid-spending
/// deduction), and the share of it the spending must exceed.
fn rigid<O: MemberOrder>(ctx: &Ctx<'_, O>, t: super::DibaoTest) -> (Money, Money, Money) {
    let income = ctx
        .household
        .counted_income_12_months()
        .unwrap_or_else(|| t.gross.times(Decimal::from(12)));
    let limit = income.times(ctx.params.rigid_spending_share.value);
    (ctx.household.rigid_spending_12_months(), income, limit)
}

/// Why the asset test failed: the assets per member over the limit, or the vehicle.
fn asset_reason<O: MemberOrder>(ctx: &Ctx<'_, O>, size: u32) -> Reason {
    let limit = ctx
        .params
        .amounts(ctx.household.area())
        .for_size(size)
        .asset_limit;
    if ctx.facts.financial_assets > limit {
        Reason::AssetsOverLimit {
            per_member: ctx.facts.financial_assets.per(size),
            limit: ctx
                .params
                .amounts(ctx.household.area())
                .per_member
                .asset_limit,
        }
    } else {
        Reason::VehicleOwned
    }
}

/// Whether the household is in a monitored category this month: receiving dibao or tekun
/// (enrolled), or on one of the three registers.
pub(crate) fn is_monitored<O: MemberOrder>(
    ctx: &Ctx<'_, O>,
    holds: impl Fn(ProgramId) -> bool,
) -> bool {
    receives_dibao_or_tekun(ctx).is_some()
        || holds(ProgramId::LowIncomeEdgeHousehold)
        || holds(ProgramId::RigidExpenditureHousehold)
        || holds(ProgramId::ReturnToPovertyMonitored)
}

/// The periodic review (定期核查) of each dibao and tekun enrolment in force in the month:
/// the class — stable when every member of the enrolment's unit (the household's dibao unit
/// for a household enrolment, else the person) is under 18, 60 or older, severely disabled
/// (grade 1–2) or seriously ill, unstable otherwise — and the next review, the last review
/// (or the first month) plus the class's interval.
pub(crate) fn reviews<'a, O: MemberOrder>(
    ctx: &'a Ctx<'a, O>,
) -> impl Iterator<Item = (&'a crate::model::Enrolment, Review)> + 'a {
    let p = ctx.params;
    ctx.household
        .enrolments()
        .iter()
        .filter(move |e| {
            e.since() <= ctx.month() && matches!(e.program(), ProgramId::Dibao | ProgramId::Tekun)
        })
        .map(move |e| {
            let able = ctx.members().any(|(_, person, d)| {
                let in_unit = match e.member() {
                    Some(id) => person.id() == id,
                    None => !d.outside_unit,
                };
                in_unit && !super::dibao::earns_top_up(person, d.age)
            });
            let (class, interval) = if able {
                (ReviewClass::Unstable, p.review_months[1])
            } else {
                (ReviewClass::Stable, p.review_months[0])
            };
            let last = e.last_review();
            let mut due = last;
            for _ in 0..interval.value {
                due = due.next();
            }
            (
                e,
                Review {
                    class,
                    last,
                    interval: interval.value,
                    due,
                },
            )
        })
}
