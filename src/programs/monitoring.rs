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

/// Evaluates the three monitoring categories of the household (after dibao).
pub(crate) fn evaluate<O: MemberOrder>(ctx: &Ctx<'_, O>, out: &mut impl Outcomes) {
    let p = ctx.params;
    let area = ctx.household.area();
    let standard = p.standard(area);
    let enrolled = receives_dibao_or_tekun(ctx);
    let test = out.dibao_test();

    // The low-income edge.
    let cites = Cites::of(&[
        standard.cite,
        p.edge_multiplier.cite,
        p.employment_deduction.cite,
    ]);
    let (outcome, reason) = match (enrolled, test) {
        (Some(program), _) => (Outcome::NotPaid, Reason::CoveredBy { program }),
        (None, None) => (Outcome::NotPaid, Reason::NoUnitMember),
        (None, Some(t)) if !t.assets_pass => (Outcome::NotPaid, asset_reason(ctx, t.size)),
        (None, Some(t)) => {
            let for_size = p.amounts(area).for_size(t.size);
            let reason = Reason::EdgeIncome {
                per_capita: t.net.per(t.size),
                limit: p.amounts(area).per_member.edge_limit,
            };
            if t.net < for_size.edge_limit {
                (Outcome::Holds, reason)
            } else {
                (Outcome::NotPaid, reason)
            }
        }
    };
    out.push(
        ProgramId::LowIncomeEdgeHousehold,
        HOUSEHOLD,
        outcome,
        reason,
        &PROVISION,
        cites,
    );

    // Rigid expenditure.
    let limit_year = MonthParams::by_area(&p.temporary_income_limit, area);
    let cites = Cites::of(&[
        limit_year.cite,
        p.rigid_spending_share.cite,
        p.employment_deduction.cite,
    ]);
    let (outcome, reason) = match (enrolled, test) {
        (Some(program), _) => (Outcome::NotPaid, Reason::CoveredBy { program }),
        (None, None) => (Outcome::NotPaid, Reason::NoUnitMember),
        (None, Some(t)) if !t.assets_pass => (Outcome::NotPaid, asset_reason(ctx, t.size)),
        (None, Some(t)) => {
            // Per-capita monthly income below the yearly figure ÷ 12, compared without a
            // division: 12 × the unit's income against the yearly figure × the unit size.
            let yearly = t.net.times(Decimal::from(12));
            let limit = limit_year.value.times(Decimal::from(t.size));
            if yearly >= limit {
                (
                    Outcome::NotPaid,
                    Reason::IncomeOverLimit {
                        yearly_per_capita: yearly.per(t.size),
                        limit: limit_year.value,
                    },
                )
            } else {
                let income = ctx
                    .household
                    .counted_income_12_months()
                    .unwrap_or_else(|| t.gross.times(Decimal::from(12)));
                let spending = ctx.household.rigid_spending_12_months();
                let limit = income.times(p.rigid_spending_share.value);
                let reason = Reason::RigidSpending {
                    spending,
                    income,
                    limit,
                };
                if spending > limit {
                    (Outcome::Holds, reason)
                } else {
                    (Outcome::NotPaid, reason)
                }
            }
        }
    };
    out.push(
        ProgramId::RigidExpenditureHousehold,
        HOUSEHOLD,
        outcome,
        reason,
        &PROVISION,
        cites,
    );

    // Return to poverty: as listed.
    let (outcome, reason) = if ctx.household.is_return_to_poverty_monitored() {
        (Outcome::Holds, Reason::Holds)
    } else {
        (Outcome::NotPaid, Reason::NotListed)
    };
    out.push(
        ProgramId::ReturnToPovertyMonitored,
        HOUSEHOLD,
        outcome,
        reason,
        &PROVISION,
        Cites::default(),
    );
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
