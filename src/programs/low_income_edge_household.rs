//! 低保边缘家庭 — the low-income-edge household register (`low_income_edge_household`): a
//! category of the 2023 low-income monitoring, no cash.
//!
//! > 低保边缘家庭一般指不符合低保条件，家庭人均收入低于当地低保标准1.5倍，且财产状况符合相关规定的家庭。
//! > — 民政部等 关于加强低收入人口动态监测做好分层分类社会救助工作的意见 (2023) \[secondary\]
//!
//! - Neither enrolled in dibao as a household nor eligible for it as computed this month: a
//!   household eligible but not enrolled is missed coverage (漏保, the `missed_coverage`
//!   finding), not an edge household;
//! - per-capita counted income of the dibao unit below the edge multiple of the dibao
//!   standard;
//! - passing the dibao asset test.
//!
//! A member covered alone or a member on tekun does not change the household's category:
//! single-person coverage is given precisely in edge households.
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

use super::monitoring::{PROVISION, Test, category};
use super::{Context, Decided, Outcomes, PaidBy, Program, Who};
use crate::decision::{Cites, Fact, Reason};
use crate::model::ProgramId;
use crate::policy::{MoneyParam, Param, PercentParam, ScaledParam};

pub(crate) const PROGRAM: Program = Program {
    id: ProgramId::LowIncomeEdgeHousehold,
    paid_by: PaidBy::Nothing,
    reads: &[ProgramId::Dibao],
    provisions: &[&PROVISION],
    params: &[
        Param::Money(MoneyParam::DibaoStandardUrban),
        Param::Money(MoneyParam::DibaoStandardRural),
        Param::Scaled(ScaledParam::DibaoEdgeUrban),
        Param::Scaled(ScaledParam::DibaoEdgeRural),
        Param::Scaled(ScaledParam::DibaoWorkDeduction),
        Param::Money(MoneyParam::DibaoMinimumWage),
        Param::Percent(PercentParam::DibaoAboveMinimumWageCounted),
    ],
};

/// Evaluates the category of the household.
pub(crate) fn evaluate(ctx: &impl Context, out: &mut impl Outcomes) {
    let p = ctx.params();
    let area = ctx.area();
    let mut cites = Cites::of(&[
        p.standard(area).cite,
        p.scaled_of(
            [ScaledParam::DibaoEdgeUrban, ScaledParam::DibaoEdgeRural],
            area,
        )
        .cite,
    ]);
    p.wage_cites().for_each(|c| cites.push(c));
    category(
        ctx,
        out,
        PROGRAM.id,
        cites,
        |t| Test::Decided(t.below_edge),
        |t| Reason::EdgeIncome {
            per_capita: t.net.per(t.size),
            limit: p.amounts(area).per_member.edge_limit,
        },
    );
}

/// The category reads dibao's test of the household, shown with dibao's entry.
pub(crate) fn facts(_: &impl Context, _: &impl Decided, _: Who, _: &mut Vec<Fact>) {}
