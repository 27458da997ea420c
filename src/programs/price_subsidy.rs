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

use super::{Ctx, MemberOrder, Outcomes};
use crate::decision::{Cites, Group, Outcome, PriceIndex, Provision, Reason};
use crate::model::{FlagSet, ProgramId};
use crate::policy::Status;

pub(crate) const PROVISION: Provision = Provision {
    document: "发改价格规〔2016〕1835号; 发改价格〔2021〕1553号",
    article: "",
    status: Status::Secondary,
};

/// Evaluates the price subsidy for every member; `once` is whether the pack pays a person
/// in several groups once.
pub(crate) fn evaluate<O: MemberOrder>(ctx: &Ctx<'_, O>, out: &mut impl Outcomes, once: bool) {
    let p = ctx.params;
    let standard = p.standard(ctx.household.area());
    // Which index rose past its trigger: the same for every member, so decided once, when
    // a member in a group first needs it.
    let mut rise = None;
    let decide_rise = || {
        let general = p.cpi.value >= p.cpi_trigger.value;
        let food = p.food_cpi.value >= p.food_cpi_trigger.value;
        match (general, food) {
            (false, false) => None,
            (true, false) => Some((p.cpi, PriceIndex::General)),
            (false, true) => Some((p.food_cpi, PriceIndex::Food)),
            (true, true) if p.food_cpi.value > p.cpi.value => Some((p.food_cpi, PriceIndex::Food)),
            (true, true) => Some((p.cpi, PriceIndex::General)),
        }
    };
    for (i, _, _) in ctx.members() {
        let mut groups = FlagSet::new();
        if out.receives(ProgramId::Dibao, i) {
            groups.insert(Group::Dibao);
        }
        if out.receives(ProgramId::Tekun, i) {
            groups.insert(Group::Tekun);
        }
        if p.price_children.value {
            if out.receives(ProgramId::Orphan, i) {
                groups.insert(Group::Orphan);
            }
            if out.receives(ProgramId::DeFactoOrphan, i) {
                groups.insert(Group::DeFactoOrphan);
            }
        }
        let mut cites = Cites::of(&[p.price_children.cite]);
        let (outcome, reason) = if groups.is_empty() {
            (Outcome::NotPaid, Reason::NotInGroup)
        } else {
            cites.push(p.cpi.cite);
            cites.push(p.food_cpi.cite);
            cites.push(p.cpi_trigger.cite);
            cites.push(p.food_cpi_trigger.cite);
            match *rise.get_or_insert_with(decide_rise) {
                None => (
                    Outcome::NotPaid,
                    Reason::NotTriggered {
                        cpi: p.cpi.value,
                        cpi_trigger: p.cpi_trigger.value,
                        food: p.food_cpi.value,
                        food_trigger: p.food_cpi_trigger.value,
                    },
                ),
                Some((index_value, index)) => {
                    cites.push(standard.cite);
                    cites.push(p.price_multiplier.cite);
                    let payments = if once { 1 } else { groups.len() };
                    let amount = standard
                        .value
                        .times(
                            index_value
                                .value
                                .checked_div(Decimal::ONE_HUNDRED)
                                .unwrap_or_default(),
                        )
                        .times(p.price_multiplier.value)
                        .times(Decimal::from(payments))
                        .round_to_fen();
                    (
                        Outcome::Paid { amount },
                        Reason::PriceAmount {
                            standard: standard.value,
                            rise: index_value.value,
                            index,
                            multiplier: p.price_multiplier.value,
                            groups,
                            payments,
                        },
                    )
                }
            }
        };
        out.push(
            ProgramId::PriceSubsidy,
            i,
            outcome,
            reason,
            &PROVISION,
            cites,
        );
    }
}
