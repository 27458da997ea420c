//! 困难残疾人生活补贴 — the disability living subsidy (`disability_living`), a person program.
//!
//! > 困难残疾人生活补贴主要补助残疾人因残疾产生的额外生活支出，对象为低保家庭中的残疾人。
//! > — 国发〔2015〕52号 \[secondary\]
//!
//! A disabled person (any grade) who is a dibao recipient — a member of a paid dibao unit
//! (during a gradual exit too), or a member covered alone — receives the flat amount (50.00
//! in the default pack, as the source article gives it). Another member's single-person
//! coverage does not make the rest of the household recipients. A pack switch extends the
//! subsidy to the disabled members of low-income-edge households.
//! Exclusions (tekun, the orphan allowances, a work-injury care allowance) come from the
//! pack's overlap table, not from this file.
//!
//! # Example
//!
//! ```
//! use doudi::{Engine, Household, PolicyPack, ProgramId};
//!
//! let household = Household::from_json(r#"{"id": "h1", "area": "urban", "members": [
//!   {"id": "a", "birth_date": "1975-01-01", "sex": "male", "relation": "head",
//!    "disability": {"grade": 3, "kind": "physical"}}
//! ]}"#)?;
//! let d = Engine::new(PolicyPack::maojian()).evaluate(&household, "2020-03".parse()?)?;
//! let living = d.entry(ProgramId::DisabilityLiving, Some(&"a".parse()?)).unwrap();
//! assert_eq!(living.paid().unwrap().to_string(), "50.00");
//! # Ok::<(), doudi::Error>(())
//! ```

use super::{Ctx, MemberOrder, Outcomes};
use crate::decision::{Cites, Outcome, Provision, Reason};
use crate::model::ProgramId;
use crate::policy::Status;

pub(crate) const PROVISION: Provision = Provision {
    document: "国发〔2015〕52号",
    article: "",
    status: Status::Secondary,
};

/// Evaluates the living subsidy for every member.
pub(crate) fn evaluate<O: MemberOrder>(ctx: &Ctx<'_, O>, out: &mut impl Outcomes) {
    let p = ctx.params;
    let edge = out.is_low_income_edge() && p.living_low_income_edge.value;
    for (i, person, _) in ctx.members() {
        let receives = out.receives(ProgramId::Dibao, i);
        let mut cites = Cites::of(&[p.disability_living.cite]);
        let (outcome, reason) = if person.disability().is_none() {
            (Outcome::NotPaid, Reason::NotDisabled)
        } else if !(receives || edge) {
            cites.push(p.living_low_income_edge.cite);
            (Outcome::NotPaid, Reason::NoDibao)
        } else {
            if !receives {
                cites.push(p.living_low_income_edge.cite);
            }
            let amount = p.disability_living.value.round_to_fen();
            (Outcome::Paid { amount }, Reason::Flat { amount })
        };
        out.push(
            ProgramId::DisabilityLiving,
            i,
            outcome,
            reason,
            &PROVISION,
            cites,
        );
    }
}
