//! 刚性支出困难家庭 — the rigid-expenditure household register
//! (`rigid_expenditure_household`): a category of the 2023 low-income monitoring, no cash.
//!
//! > 刚性支出困难家庭一般指不符合低保、特困供养、低保边缘家庭条件，但因病、因学等刚性支出较大，导致基本
//! > 生活出现严重困难的家庭。 — 民政部等 关于加强低收入人口动态监测做好分层分类社会救助工作的意见 (2023)
//! > \[secondary\]
//!
//! - Neither enrolled in dibao as a household nor eligible for it as computed this month (a
//!   member covered alone or a member on tekun does not change the household's category);
//! - not a low-income-edge household (the categories are layered, the edge first);
//! - passing the dibao asset test;
//! - with I12 the household's counted income of the last 12 months — as given
//!   (`counted_income_12_months`), else 12 times this month's — taken before the deduction
//!   of rigid disability or illness spending: I12 per member of the dibao unit below last
//!   year's local per-capita disposable income, and the rigid medical and education spending
//!   of the last 12 months (`rigid_spending_12_months`) above
//!   `monitoring.rigid_spending_share` of I12.
//!
//! # Example
//!
//! ```
//! use doudi::{Engine, Household, Outcome, PolicyPack, ProgramId};
//!
//! // Urban, 2020-03: wages of 2,000.00 a month, counted at 80%: 1,600.00 a month, 19,200.00
//! // a year, below last year's 30,000.00; 12 months' medical spending 12,000.00 is above
//! // 50% of 19,200.00 = 9,600.00.
//! let household = Household::from_json(r#"{"id": "h1", "area": "urban",
//!   "rigid_spending_12_months": "12000.00", "members": [
//!   {"id": "a", "birth_date": "1970-01-01", "sex": "female", "relation": "head",
//!    "incomes": [{"category": "wage", "monthly": "2000.00"}]}]}"#)?;
//! let d = Engine::new(PolicyPack::maojian()).evaluate(&household, "2020-03".parse()?)?;
//! let rigid = d.entry(ProgramId::RigidExpenditureHousehold, None).unwrap();
//! assert_eq!(rigid.outcome(), &Outcome::Holds);
//! # Ok::<(), doudi::Error>(())
//! ```

use rust_decimal::Decimal;

use super::monitoring::{PROVISION, Test, category};
use super::temporary_assistance::INCOME_LIMIT;
use super::{Context, Decided, DibaoTest, Outcomes, PaidBy, Program, Who};
use crate::decision::{Cites, Fact, Reason};
use crate::model::ProgramId;
use crate::money::Money;
use crate::policy::{MoneyParam, Param, PercentParam, ScaledParam};

pub(crate) const PROGRAM: Program = Program {
    id: ProgramId::RigidExpenditureHousehold,
    paid_by: PaidBy::Nothing,
    reads: &[ProgramId::Dibao],
    provisions: &[&PROVISION],
    params: &[
        Param::Money(MoneyParam::TemporaryIncomeLimitUrban),
        Param::Money(MoneyParam::TemporaryIncomeLimitRural),
        Param::Percent(PercentParam::MonitoringRigidSpendingShare),
        Param::Scaled(ScaledParam::DibaoWorkDeduction),
        Param::Money(MoneyParam::DibaoMinimumWage),
        Param::Percent(PercentParam::DibaoAboveMinimumWageCounted),
    ],
};

/// Evaluates the category of the household.
pub(crate) fn evaluate(ctx: &impl Context, out: &mut impl Outcomes) {
    let p = ctx.params();
    let limit_year = p.money_of(INCOME_LIMIT, ctx.area());
    let mut cites = Cites::of(&[
        limit_year.cite,
        p.share(PercentParam::MonitoringRigidSpendingShare).cite,
    ]);
    p.wage_cites().for_each(|c| cites.push(c));
    let spending = ctx.rigid_spending_12_months();
    category(
        ctx,
        out,
        PROGRAM.id,
        cites,
        |t| {
            if t.below_edge {
                // The categories are layered: an edge household is not also this one.
                Test::Edge
            } else if spending.is_zero() {
                // Most households spent nothing, and nothing is never more than a share
                // of the income: the income test is then left to the reason, if one is
                // kept.
                Test::Decided(false)
            } else {
                let (spending, income, limit) = rigid(ctx, t);
                Test::Decided(below(income, limit_year.value, t.size) && spending > limit)
            }
        },
        |t| {
            let (spending, income, limit) = rigid(ctx, t);
            if below(income, limit_year.value, t.size) {
                Reason::RigidSpending {
                    spending,
                    income,
                    limit,
                }
            } else {
                Reason::IncomeOverLimit {
                    yearly_per_capita: income.per(t.size),
                    limit: limit_year.value,
                }
            }
        },
    );
}

/// Whether the 12 months' income per member of the unit, `income / size`, is below the
/// yearly per-capita figure: compared without a division, as `income < yearly × size`.
fn below(income: Money, yearly: Money, size: u32) -> bool {
    income < yearly.times(Decimal::from(size))
}

/// The rigid-spending test's numbers: the spending of 12 months; I12, the counted income of
/// the same 12 months (as given, else 12 times the month's), before the deduction of rigid
/// disability or illness spending (the spending is compared with the income, not also
/// taken from it); and the share of I12 the spending must exceed.
fn rigid(ctx: &impl Context, t: DibaoTest) -> (Money, Money, Money) {
    let income = ctx
        .counted_income_12_months()
        .unwrap_or_else(|| t.gross.times(Decimal::from(12)));
    let limit = income.times(
        ctx.params()
            .share(PercentParam::MonitoringRigidSpendingShare)
            .value,
    );
    (ctx.rigid_spending_12_months(), income, limit)
}

/// The category reads dibao's test of the household, shown with dibao's entry.
pub(crate) fn facts(_: &impl Context, _: &impl Decided, _: Who, _: &mut Vec<Fact>) {}
