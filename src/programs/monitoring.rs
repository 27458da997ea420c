//! What the three low-income monitoring registers share (低收入人口动态监测, the 2023
//! opinion 民政部等 关于加强低收入人口动态监测做好分层分类社会救助工作的意见 \[secondary\]):
//! the tests every computed category asks first, whether a household is monitored, and the
//! periodic review of dibao and tekun enrolments.
//!
//! The registers themselves are programs of their own: `low_income_edge_household`,
//! `rigid_expenditure_household` and `return_to_poverty_monitored`.

use rust_decimal::Decimal;

use super::{Context, Decided, DibaoTest};
use crate::decision::{Provision, Reason, Review, ReviewClass};
use crate::model::{Enrolment, ProgramId};
use crate::money::Money;
use crate::policy::{CountParam, Status};

pub(crate) const PROVISION: Provision = Provision::new(
    "关于加强低收入人口动态监测做好分层分类社会救助工作的意见 (2023)",
    "",
    Status::Secondary,
);

/// The program of the household's dibao or tekun enrolment in force in the month (dibao
/// when it has both, whatever order they are listed in).
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

/// Whether the per-capita monthly income `net / size` is below the yearly figure ÷ 12,
/// compared without a division: 12 × `net` against `yearly` × `size` (in whole fen when
/// both are, as most are).
pub(crate) fn below_yearly(net: Money, yearly: Money, size: u32) -> bool {
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
pub(crate) enum Test {
    Covered(ProgramId),
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

/// What both computed categories ask first: not enrolled, a unit, the asset test. Dibao's
/// test of the household when all three pass.
pub(crate) fn common(ctx: &impl Context, out: &impl Decided) -> Result<DibaoTest, Test> {
    match (receives_dibao_or_tekun(ctx), out.dibao()) {
        (Some(program), _) => Err(Test::Covered(program)),
        (None, None) => Err(Test::NoUnit),
        (None, Some(t)) if !t.assets_pass => Err(Test::Assets(t.size)),
        (None, Some(t)) => Ok(t),
    }
}

/// The reason of a category refused by [`common`].
pub(crate) fn refusal(ctx: &impl Context, test: Test) -> Reason {
    match test {
        Test::Covered(program) => Reason::CoveredBy { program },
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
/// for a household enrolment, else the person) is under 18, 60 or older, severely disabled
/// (grade 1–2) or seriously ill, unstable otherwise — and the next review, the last review
/// (or the first month) plus the class's interval.
pub(crate) fn reviews<'a>(
    ctx: &'a impl Context,
) -> impl Iterator<Item = (&'a Enrolment, Review)> + 'a {
    let p = ctx.params();
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
                in_unit && !super::dibao::earns_top_up(&m)
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
