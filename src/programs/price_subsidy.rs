//! 价格临时补贴 — the price-subsidy link (`price_subsidy`), a person program.
//!
//! > 当月居民消费价格指数（CPI）同比涨幅达到3.5%，或CPI中的食品价格同比涨幅达到6%时，启动联动机制。
//! > — 发改价格规〔2016〕1835号 \[secondary\]
//!
//! When the month's CPI reaches its trigger, or the food CPI its trigger, each recipient
//! receives `dibao standard of the area × the triggering index's rise` (the higher if both
//! trigger) `× multiplier` (2 for 2020-03..06 \[article\]). Recipients: dibao recipients and
//! tekun; from 2021-10 also orphans and de-facto-unsupported children. Under the pack's
//! `once` rule a person in several groups receives one subsidy.
//!
//! # Example
//!
//! Worked by hand: an urban dibao recipient in 2020-03, food CPI 18.3% above CPI 4.3%:
//! 620.00 × 18.3% × 2 = 226.92.
//!
//! ```
//! use doudi::{Engine, Household, PolicyPack, ProgramId};
//!
//! let household = Household::from_json(r#"{"id": "h1", "area": "urban", "members": [
//!   {"id": "a", "birth_date": "1975-01-01", "sex": "male", "relation": "head"}
//! ]}"#)?;
//! let d = Engine::new(PolicyPack::maojian()).evaluate(&household, "2020-03".parse()?)?;
//! let entry = d.entry(ProgramId::PriceSubsidy, Some(&"a".parse()?)).unwrap();
//! assert_eq!(entry.paid().unwrap().to_string(), "226.92");
//! assert_eq!(entry.reason().to_string(), "standard 620.00 × food CPI 18.3% × 2");
//! # Ok::<(), doudi::Error>(())
//! ```

use rust_decimal::Decimal;

use super::{Context, Decided, Outcomes, PaidBy, Program, Who};
use crate::decision::{Cites, Fact, Group, Outcome, PriceIndex, Provision, Reason};
use crate::model::{FlagSet, ProgramId, ProgramId as P};
use crate::policy::{FactorParam, MoneyParam, Param, PercentParam, Status, SwitchParam};

pub(crate) const PROVISION: Provision = Provision::new(
    "发改价格规〔2016〕1835号; 发改价格〔2021〕1553号",
    "",
    Status::Secondary,
);

pub(crate) const PROGRAM: Program = Program {
    id: ProgramId::PriceSubsidy,
    paid_by: PaidBy::Payment,
    reads: &[P::Dibao, P::Tekun, P::Orphan, P::DeFactoOrphan],
    provisions: &[&PROVISION],
    params: &[
        Param::Percent(PercentParam::PriceSubsidyCpiTrigger),
        Param::Percent(PercentParam::PriceSubsidyFoodCpiTrigger),
        Param::Percent(PercentParam::CpiGeneral),
        Param::Percent(PercentParam::CpiFood),
        Param::Factor(FactorParam::PriceSubsidyMultiplier),
        Param::Switch(SwitchParam::PriceSubsidyChildren),
        Param::Money(MoneyParam::DibaoStandardUrban),
        Param::Money(MoneyParam::DibaoStandardRural),
    ],
};

/// Evaluates the price subsidy for every member; a person in several groups is paid once
/// when the pack's overlap table says so (a `once` rule).
pub(crate) fn evaluate(ctx: &impl Context, out: &mut impl Outcomes) {
    let p = ctx.params();
    let once = ctx.pays_once(ProgramId::PriceSubsidy);
    let standard = p.standard(ctx.area());
    let cpi = p.percent(PercentParam::CpiGeneral);
    let food_cpi = p.percent(PercentParam::CpiFood);
    let cpi_trigger = p.percent(PercentParam::PriceSubsidyCpiTrigger);
    let food_trigger = p.percent(PercentParam::PriceSubsidyFoodCpiTrigger);
    let multiplier = p.factor(FactorParam::PriceSubsidyMultiplier);
    let children = p.switch(SwitchParam::PriceSubsidyChildren);
    // Which index rose past its trigger: the same for every member, so decided once, when
    // a member in a group first needs it.
    let mut rise = None;
    let decide_rise = || {
        let general = cpi.value >= cpi_trigger.value;
        let food = food_cpi.value >= food_trigger.value;
        match (general, food) {
            (false, false) => None,
            (true, false) => Some((cpi, PriceIndex::General)),
            (false, true) => Some((food_cpi, PriceIndex::Food)),
            (true, true) if food_cpi.value > cpi.value => Some((food_cpi, PriceIndex::Food)),
            (true, true) => Some((cpi, PriceIndex::General)),
        }
    };
    for m in ctx.members() {
        let who = m.who();
        let mut groups = FlagSet::new();
        if out.receives(ProgramId::Dibao, who) {
            groups.insert(Group::Dibao);
        }
        if out.receives(ProgramId::Tekun, who) {
            groups.insert(Group::Tekun);
        }
        if children.value {
            if out.receives(ProgramId::Orphan, who) {
                groups.insert(Group::Orphan);
            }
            if out.receives(ProgramId::DeFactoOrphan, who) {
                groups.insert(Group::DeFactoOrphan);
            }
        }
        let mut cites = Cites::of(&[children.cite]);
        let (outcome, reason) = if groups.is_empty() {
            (Outcome::NotPaid, Reason::NotInGroup)
        } else {
            cites.push(cpi.cite);
            cites.push(food_cpi.cite);
            cites.push(cpi_trigger.cite);
            cites.push(food_trigger.cite);
            match *rise.get_or_insert_with(decide_rise) {
                None => (
                    Outcome::NotPaid,
                    Reason::NotTriggered {
                        cpi: cpi.value,
                        cpi_trigger: cpi_trigger.value,
                        food: food_cpi.value,
                        food_trigger: food_trigger.value,
                    },
                ),
                Some((index_value, index)) => {
                    cites.push(standard.cite);
                    cites.push(multiplier.cite);
                    let payments = if once { 1 } else { groups.len() };
                    let amount = standard
                        .value
                        .times(
                            index_value
                                .value
                                .checked_div(Decimal::ONE_HUNDRED)
                                .unwrap_or_default(),
                        )
                        .times(multiplier.value)
                        .times(Decimal::from(payments))
                        .round_to_fen();
                    (
                        Outcome::Paid { amount },
                        Reason::PriceAmount {
                            standard: standard.value,
                            rise: index_value.value,
                            index,
                            multiplier: multiplier.value,
                            groups,
                            payments,
                        },
                    )
                }
            }
        };
        out.push(PROGRAM.id, who, (outcome, reason), &PROVISION, cites);
    }
}

/// The facts the price subsidy read for a member: the area (its standard).
pub(crate) fn facts(ctx: &impl Context, _: &impl Decided, _: Who, out: &mut Vec<Fact>) {
    out.push(super::area_fact(ctx.area()));
}
