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

use super::{Context, Decided, Outcomes, PaidBy, Program, Who};
use crate::decision::{Cites, Fact, Outcome, Provision, Reason};
use crate::model::ProgramId;
use crate::policy::{MoneyParam, Param, Status, SwitchParam};

pub(crate) const PROVISION: Provision = Provision::new("国发〔2015〕52号", "", Status::Secondary);

pub(crate) const PROGRAM: Program = Program {
    id: ProgramId::DisabilityLiving,
    paid_by: PaidBy::Enrolment,
    reads: &[ProgramId::Dibao],
    provisions: &[&PROVISION],
    params: &[
        Param::Money(MoneyParam::DisabilityLiving),
        Param::Switch(SwitchParam::LivingLowIncomeEdge),
    ],
};

/// Evaluates the living subsidy for every member.
pub(crate) fn evaluate(ctx: &impl Context, out: &mut impl Outcomes) {
    let p = ctx.params();
    let subsidy = p.money(MoneyParam::DisabilityLiving);
    let edge_switch = p.switch(SwitchParam::LivingLowIncomeEdge);
    let edge = out.dibao().is_some_and(|t| t.low_income_edge) && edge_switch.value;
    for m in ctx.members() {
        let receives = out.receives(ProgramId::Dibao, m.who());
        let mut cites = Cites::of(&[subsidy.cite]);
        let (outcome, reason) = if m.disability().is_none() {
            (Outcome::NotPaid, Reason::NotDisabled)
        } else if !(receives || edge) {
            cites.push(edge_switch.cite);
            (Outcome::NotPaid, Reason::NoDibao)
        } else {
            if !receives {
                cites.push(edge_switch.cite);
            }
            let amount = subsidy.value.round_to_fen();
            (Outcome::Paid { amount }, Reason::Flat { amount })
        };
        out.push(PROGRAM.id, m.who(), (outcome, reason), &PROVISION, cites);
    }
}

/// The facts the subsidy read for a member: the disability.
pub(crate) fn facts(ctx: &impl Context, _: &impl Decided, who: Who, out: &mut Vec<Fact>) {
    out.extend(ctx.member(who).map(|m| super::disability_fact(&m)));
}
