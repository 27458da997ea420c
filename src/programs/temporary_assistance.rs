//! 临时救助 — temporary assistance (`temporary_assistance`), a household program paid once.
//!
//! > 国家对因火灾、交通事故等意外事件，家庭成员突发重大疾病等原因，导致基本生活暂时出现严重困难的家庭，
//! > 或者因生活必需支出突然增加超出家庭承受能力，导致基本生活暂时出现严重困难的最低生活保障家庭，
//! > 以及遭遇其他特殊困难的家庭，给予临时救助。 — 《社会救助暂行办法》第47条; 国发〔2014〕47号;
//! > 民发〔2018〕23号 \[verified\]
//!
//! Triggered by the household's events of the month: `emergency` (急难型) always;
//! `expenditure` (支出型) only while yearly per-capita counted income (all members) is below
//! last year's local per-capita disposable income. The amount is the eligible shortfall of
//! the month's events, capped at `cap months × dibao standard`. It stacks with every other
//! program; no hukou test in 2020.
//!
//! # Example
//!
//! A fire in 2020-02 with a documented shortfall of 8,000.00 in an urban household: the cap
//! is 10 × 620.00 = 6,200.00, so 6,200.00 is paid.
//!
//! ```
//! use doudi::{Engine, Household, PolicyPack, ProgramId};
//!
//! let household = Household::from_json(r#"{"id": "h1", "area": "urban", "members": [
//!   {"id": "a", "birth_date": "1980-01-01", "sex": "male", "relation": "head",
//!    "incomes": [{"category": "wage", "monthly": "4000.00"}]}],
//!   "events": [{"month": "2020-02", "kind": "emergency", "shortfall": "8000.00"}]
//! }"#)?;
//! let d = Engine::new(PolicyPack::maojian()).evaluate(&household, "2020-02".parse()?)?;
//! let entry = d.entry(ProgramId::TemporaryAssistance, None).unwrap();
//! assert_eq!(entry.paid().unwrap().to_string(), "6200.00");
//! # Ok::<(), doudi::Error>(())
//! ```

use rust_decimal::Decimal;

use super::{Context, Decided, Outcomes, PaidBy, Program, Who};
use crate::decision::{Cites, Fact, FactValue, Outcome, Provision, Reason};
use crate::model::{EventKind, ProgramId};
use crate::money::Money;
use crate::policy::{FactorParam, MoneyParam, Param, PercentParam, ScaledParam, Status};

pub(crate) const PROVISION: Provision = Provision::new(
    "《社会救助暂行办法》; 国发〔2014〕47号; 民发〔2018〕23号",
    "第47–49条",
    Status::Verified,
);

pub(crate) const PROGRAM: Program = Program {
    id: ProgramId::TemporaryAssistance,
    paid_by: PaidBy::Payment,
    reads: &[],
    provisions: &[&PROVISION],
    params: &[
        Param::Factor(FactorParam::TemporaryCapMonths),
        Param::Money(MoneyParam::TemporaryIncomeLimitUrban),
        Param::Money(MoneyParam::TemporaryIncomeLimitRural),
        Param::Money(MoneyParam::DibaoStandardUrban),
        Param::Money(MoneyParam::DibaoStandardRural),
        Param::Scaled(ScaledParam::DibaoWorkDeduction),
        Param::Money(MoneyParam::DibaoMinimumWage),
        Param::Percent(PercentParam::DibaoAboveMinimumWageCounted),
    ],
};

/// Last year's local per-capita disposable income of `area`, the expenditure-type limit.
pub(crate) const INCOME_LIMIT: [MoneyParam; 2] = [
    MoneyParam::TemporaryIncomeLimitUrban,
    MoneyParam::TemporaryIncomeLimitRural,
];

/// Evaluates temporary assistance for the household.
pub(crate) fn evaluate(ctx: &impl Context, out: &mut impl Outcomes) {
    let p = ctx.params();
    let month = ctx.month();
    let area = ctx.area();
    let standard = p.standard(area);
    let cap_months = p.factor(FactorParam::TemporaryCapMonths);
    let limit = p.money_of(INCOME_LIMIT, area);
    let mut cites = Cites::of(&[standard.cite, cap_months.cite]);
    let events = ctx.events().iter().filter(|e| e.month == month);
    let mut any = false;
    let mut shortfall = Money::ZERO;
    let mut refused = None;
    for event in events {
        any = true;
        match event.kind {
            EventKind::Emergency => shortfall += event.shortfall,
            EventKind::Expenditure => {
                cites.push(limit.cite);
                p.wage_cites().for_each(|c| cites.push(c));
                let n = ctx.member_count();
                let (gross, rigid) = ctx.members().fold((Money::ZERO, Money::ZERO), |(g, r), m| {
                    (g + m.gross_counted(), r + m.rigid_spending())
                });
                let yearly_per_capita =
                    (gross - rigid).floor_zero().per(n).times(Decimal::from(12));
                if yearly_per_capita < limit.value {
                    shortfall += event.shortfall;
                } else {
                    refused = Some(Reason::IncomeOverLimit {
                        yearly_per_capita,
                        limit: limit.value,
                    });
                }
            }
        }
    }
    let (outcome, reason) = if !any {
        (Outcome::NotPaid, Reason::NoEvent)
    } else if shortfall.is_zero() {
        (Outcome::NotPaid, refused.unwrap_or(Reason::NoEvent))
    } else {
        let cap = standard.value.times(cap_months.value);
        let amount = shortfall.min(cap).round_to_fen();
        (
            Outcome::Paid { amount },
            Reason::TemporaryAmount { shortfall, cap },
        )
    };
    out.push(
        PROGRAM.id,
        Who::HOUSEHOLD,
        (outcome, reason),
        &PROVISION,
        cites,
    );
}

/// The facts temporary assistance read: the events of the month.
pub(crate) fn facts(ctx: &impl Context, _: &impl Decided, _: Who, out: &mut Vec<Fact>) {
    let events = ctx
        .events()
        .iter()
        .filter(|e| e.month == ctx.month())
        .count();
    out.push(Fact {
        name: "events this month",
        value: FactValue::Count(u32::try_from(events).unwrap_or(u32::MAX)),
    });
}
