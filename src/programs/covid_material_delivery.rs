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

use super::{Ctx, MemberOrder, Outcomes};
use crate::decision::{Cites, Outcome, Provision, Reason};
use crate::model::ProgramId;
use crate::policy::Status;

pub(crate) const PROVISION: Provision = Provision {
    document: "织牢民生保障网 (2020 report on 茅箭区)",
    article: "保障疫情期间困难群众生活",
    status: Status::Article,
};

/// Evaluates the delivery for every member.
pub(crate) fn evaluate<O: MemberOrder>(ctx: &Ctx<'_, O>, out: &mut impl Outcomes) {
    let p = ctx.params;
    let month = ctx.month();
    for (i, person, _) in ctx.members() {
        let mut cites = Cites::of(&[p.delivery_in_force.cite]);
        let screened = ctx
            .household
            .screenings()
            .iter()
            .any(|s| s.month == month && &s.person == person.id());
        let (outcome, reason) = if !p.delivery_in_force.value {
            (Outcome::NotPaid, Reason::NotInForce)
        } else if !screened {
            (Outcome::NotPaid, Reason::NotScreened)
        } else {
            cites.push(p.delivery_per_cycle.cite);
            cites.push(p.delivery_cycles.cite);
            let amount = p
                .delivery_per_cycle
                .value
                .times(Decimal::from(p.delivery_cycles.value))
                .round_to_fen();
            (
                Outcome::Paid { amount },
                Reason::DeliveryAmount {
                    per_cycle: p.delivery_per_cycle.value,
                    cycles: p.delivery_cycles.value,
                },
            )
        };
        out.push(
            ProgramId::CovidMaterialDelivery,
            i,
            outcome,
            reason,
            &PROVISION,
            cites,
        );
    }
}
