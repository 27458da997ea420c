//! 生活物资配送 — pandemic material deliveries (`covid_material_delivery`), a person program
//! paid once in the flagged month.
//!
//! > 参照低保对象每人200元的标准，7天为一个周期，完成两个周期的生活物资配送。 — the article
//!
//! While in force (2020-02-01 to 2020-04-30 in the default pack \[article\]), a person
//! identified in the pandemic screening (摸排) for the month receives `per cycle × cycles`
//! worth of materials (200.00 × 2).
//!
//! # Example
//!
//! ```
//! use doudi::{Engine, Household, PolicyPack, ProgramId};
//!
//! let household = Household::from_json(r#"{"id": "h1", "area": "urban", "members": [
//!   {"id": "a", "birth_date": "1990-01-01", "sex": "female", "relation": "head"}],
//!   "screenings": [{"person": "a", "month": "2020-02"}]
//! }"#)?;
//! let d = Engine::new(PolicyPack::maojian()).evaluate(&household, "2020-02".parse()?)?;
//! let entry = d.entry(ProgramId::CovidMaterialDelivery, Some(&"a".parse()?)).unwrap();
//! assert_eq!(entry.paid().unwrap().to_string(), "400.00");
//! # Ok::<(), doudi::Error>(())
//! ```

use rust_decimal::Decimal;

use super::{Context, Decided, Outcomes, PaidBy, Program, Who};
use crate::decision::{Cites, Fact, Outcome, Provision, Reason};
use crate::model::ProgramId;
use crate::policy::{CountParam, MoneyParam, Param, Status, SwitchParam};

pub(crate) const PROVISION: Provision = Provision::new(
    "织牢民生保障网 (2020 report on 茅箭区)",
    "保障疫情期间困难群众生活",
    Status::Article,
);

pub(crate) const PROGRAM: Program = Program {
    id: ProgramId::CovidMaterialDelivery,
    paid_by: PaidBy::Payment,
    reads: &[],
    provisions: &[&PROVISION],
    params: &[
        Param::Switch(SwitchParam::CovidDeliveryInForce),
        Param::Money(MoneyParam::CovidDeliveryPerCycle),
        Param::Count(CountParam::CovidDeliveryCycles),
    ],
};

/// Evaluates the delivery for every member.
pub(crate) fn evaluate(ctx: &impl Context, out: &mut impl Outcomes) {
    let p = ctx.params();
    let month = ctx.month();
    let in_force = p.switch(SwitchParam::CovidDeliveryInForce);
    let per_cycle = p.money(MoneyParam::CovidDeliveryPerCycle);
    let cycles = p.count(CountParam::CovidDeliveryCycles);
    for m in ctx.members() {
        let mut cites = Cites::of(&[in_force.cite]);
        let screened = ctx
            .screenings()
            .iter()
            .any(|s| s.month == month && &s.person == m.id());
        let (outcome, reason) = if !in_force.value {
            (Outcome::NotPaid, Reason::NotInForce)
        } else if !screened {
            (Outcome::NotPaid, Reason::NotScreened)
        } else {
            cites.push(per_cycle.cite);
            cites.push(cycles.cite);
            let amount = per_cycle
                .value
                .times(Decimal::from(cycles.value))
                .round_to_fen();
            (
                Outcome::Paid { amount },
                Reason::DeliveryAmount {
                    per_cycle: per_cycle.value,
                    cycles: cycles.value,
                },
            )
        };
        out.push(PROGRAM.id, m.who(), (outcome, reason), &PROVISION, cites);
    }
}

/// The facts the delivery read for a member: the area.
pub(crate) fn facts(ctx: &impl Context, _: &impl Decided, _: Who, out: &mut Vec<Fact>) {
    out.push(super::area_fact(ctx.area()));
}
