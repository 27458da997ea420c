//! What the three low-income monitoring registers share (低收入人口动态监测, the 2023
//! opinion 民政部等 关于加强低收入人口动态监测做好分层分类社会救助工作的意见 \[secondary\]):
//! the tests every computed category asks first, whether a household is monitored, and the
//! periodic review of dibao and tekun enrolments.
//!
//! The registers themselves are programs of their own: `low_income_edge_household`,
//! `rigid_expenditure_household` and `return_to_poverty_monitored`.

use super::{Context, Decided, DibaoTest, Outcomes, Who};
use crate::decision::{Cites, Provision, Reason, Review, ReviewClass};
use crate::model::{Enrolment, ProgramId};
use crate::policy::{CountParam, Status};

pub(crate) const PROVISION: Provision = Provision::new(
    "关于加强低收入人口动态监测做好分层分类社会救助工作的意见 (2023)",
    "",
    Status::Secondary,
);

/// The program of the household's dibao or tekun enrolment in force in the month (dibao
/// when it has both, whatever order they are listed in): who the monitoring counts as
/// receiving, a member covered alone and a tekun member included.
fn receives_dibao_or_tekun(ctx: &impl Context) -> Option<ProgramId> {
    let enrolled = |program| {
        ctx.enrolments()
            .iter()
            .any(|e| e.since() <= ctx.month() && e.program() == program)
    };
    [ProgramId::Dibao, ProgramId::Tekun]
        .into_iter()
        .find(|&p| enrolled(p))
}

/// Whether the household is enrolled in dibao as a household (not a member covered alone)
/// in the month.
fn household_dibao(ctx: &impl Context) -> bool {
    ctx.enrolments().iter().any(|e| {
        e.since() <= ctx.month() && e.program() == ProgramId::Dibao && e.member().is_none()
    })
}

/// The test of a category before its reason is made: reasons are built only when the
/// outcome is kept (a batch run keeps no refusal of a program nobody enrolled in).
#[derive(Clone, Copy)]
pub(crate) enum Test {
    Covered(ProgramId),
    Eligible,
    Edge,
    NoUnit,
    Assets(u32),
    Decided(bool),
}

impl Test {
    pub(crate) fn outcome(self) -> crate::decision::Outcome {
        match self {
            Test::Decided(true) => crate::decision::Outcome::Holds,
            _ => crate::decision::Outcome::NotPaid,
        }
    }
}

/// What both computed categories ask first: not enrolled in household dibao, a unit, not
/// eligible for household dibao as computed, the asset test. Dibao's test of the household
/// when all pass. A member covered alone or a member on tekun does not change the
/// household's category (single-person coverage is given in edge households).
pub(crate) fn common(ctx: &impl Context, out: &impl Decided) -> Result<DibaoTest, Test> {
    if household_dibao(ctx) {
        return Err(Test::Covered(ProgramId::Dibao));
    }
    match out.dibao() {
        None => Err(Test::NoUnit),
        Some(t) if t.eligible => Err(Test::Eligible),
        Some(t) if !t.assets_pass => Err(Test::Assets(t.size)),
        Some(t) => Ok(t),
    }
}

/// Decides a computed category of the household: the tests every category asks first
/// ([`common`]), then `decide` on dibao's test of the household. The reason is made only
/// when the outcome is kept: by `reason` for a category decided, else from the refusal.
pub(crate) fn category<C: Context>(
    ctx: &C,
    out: &mut impl Outcomes,
    program: ProgramId,
    cites: Cites,
    decide: impl FnOnce(DibaoTest) -> Test,
    reason: impl FnOnce(DibaoTest) -> Reason,
) {
    let dibao = out.dibao();
    let test = match common(ctx, out) {
        Err(test) => test,
        Ok(t) => decide(t),
    };
    out.push_with(
        program,
        Who::HOUSEHOLD,
        test.outcome(),
        &PROVISION,
        cites,
        || match (test, dibao) {
            (Test::Decided(_), Some(t)) => reason(t),
            _ => refusal(ctx, test),
        },
    );
}

/// The reason of a category refused by [`common`].
pub(crate) fn refusal(ctx: &impl Context, test: Test) -> Reason {
    match test {
        Test::Covered(program) => Reason::CoveredBy { program },
        Test::Eligible => Reason::EligibleFor {
            program: ProgramId::Dibao,
        },
        Test::Edge => Reason::CoveredBy {
            program: ProgramId::LowIncomeEdgeHousehold,
        },
        Test::NoUnit => Reason::NoUnitMember,
        Test::Assets(size) => asset_reason(ctx, size),
        Test::Decided(_) => Reason::Holds,
    }
}

/// Why the asset test failed: the assets per member over the limit, or the vehicle.
fn asset_reason(ctx: &impl Context, size: u32) -> Reason {
    let amounts = ctx.params().amounts(ctx.area());
    if ctx.financial_assets() > amounts.for_size(size).asset_limit {
        Reason::AssetsOverLimit {
            per_member: ctx.financial_assets().per(size),
            limit: amounts.per_member.asset_limit,
        }
    } else {
        Reason::VehicleOwned
    }
}

/// Whether the household is in a monitored category this month: receiving dibao or tekun
/// (enrolled), or on one of the three registers.
pub(crate) fn is_monitored(ctx: &impl Context, holds: impl Fn(ProgramId) -> bool) -> bool {
    receives_dibao_or_tekun(ctx).is_some()
        || holds(ProgramId::LowIncomeEdgeHousehold)
        || holds(ProgramId::RigidExpenditureHousehold)
        || holds(ProgramId::ReturnToPovertyMonitored)
}

/// The periodic review (定期核查) of each dibao and tekun enrolment in force in the month:
/// the class — stable when every member of the enrolment's unit (the household's dibao unit
/// for a household enrolment, else the person) cannot work in tekun's sense (under the
/// minor age limit or in school, 60 or older, or a disability that takes away the capacity
/// to work) or is seriously ill, unstable otherwise — and the next review, the last review
/// (or the first month) plus the class's interval.
pub(crate) fn reviews<'a>(
    ctx: &'a impl Context,
) -> impl Iterator<Item = (&'a Enrolment, Review)> + 'a {
    let p = ctx.params();
    let minor = p.count(CountParam::TekunMinorAgeLimit).value;
    ctx.enrolments()
        .iter()
        .filter(move |e| {
            e.since() <= ctx.month() && matches!(e.program(), ProgramId::Dibao | ProgramId::Tekun)
        })
        .map(move |e| {
            let able = ctx.members().any(|m| {
                let in_unit = match e.member() {
                    Some(id) => m.id() == id,
                    None => !m.is_outside_unit(),
                };
                in_unit && !super::tekun::cannot_work(&m, minor) && !m.has_serious_illness()
            });
            let (class, interval) = if able {
                (
                    ReviewClass::Unstable,
                    p.count(CountParam::ReviewMonthsUnstable),
                )
            } else {
                (ReviewClass::Stable, p.count(CountParam::ReviewMonthsStable))
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
