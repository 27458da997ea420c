//! 孤儿基本生活费 — the orphan allowance (`orphan`), a person program.
//!
//! > 孤儿是指失去父母、查找不到生父母的未满18周岁的未成年人。 — 国办发〔2010〕54号 \[secondary\]
//!
//! Under 18, both parents dead or declared missing. The amount is the standard of the care
//! form: scattered (分散供养, 1200.00, 1320.00 from 2020 \[article\]) or centralized (集中供养
//! \[illustrative\]).
//!
//! # Example
//!
//! A girl of 9 in scattered care: 1200.00 in 2019-12, 1320.00 from 2020-01.
//!
//! ```
//! use doudi::{Engine, Household, PolicyPack, ProgramId};
//!
//! let household = Household::from_json(r#"{"id": "h1", "area": "rural", "members": [
//!   {"id": "g", "birth_date": "1950-01-01", "sex": "female", "relation": "head"},
//!   {"id": "c", "birth_date": "2011-01-01", "sex": "female", "relation": "grandchild",
//!    "parents": {"father": "dead", "mother": "dead"}}
//! ]}"#)?;
//! let engine = Engine::new(PolicyPack::maojian());
//! let c = "c".parse()?;
//! let before = engine.evaluate(&household, "2019-12".parse()?)?;
//! assert_eq!(before.entry(ProgramId::Orphan, Some(&c)).unwrap().paid().unwrap().to_string(), "1200.00");
//! let after = engine.evaluate(&household, "2020-01".parse()?)?;
//! assert_eq!(after.entry(ProgramId::Orphan, Some(&c)).unwrap().paid().unwrap().to_string(), "1320.00");
//! # Ok::<(), doudi::Error>(())
//! ```

use super::{Context, Decided, Member, Outcomes, PaidBy, Program, Who};
use crate::decision::{Cites, Fact, FactValue, Outcome, Provision, Reason};
use crate::model::{CareForm, ParentSituation, ProgramId};
use crate::policy::{MoneyParam, Param, Status};

pub(crate) const PROVISION: Provision = Provision::new("国办发〔2010〕54号", "", Status::Secondary);

pub(crate) const PROGRAM: Program = Program {
    id: ProgramId::Orphan,
    paid_by: PaidBy::Enrolment,
    reads: &[],
    provisions: &[&PROVISION],
    params: &[
        Param::Money(MoneyParam::OrphanScattered),
        Param::Money(MoneyParam::OrphanCentralized),
    ],
};

/// Whether a parent is dead or cannot be found.
pub(crate) fn is_gone(p: ParentSituation) -> bool {
    matches!(p, ParentSituation::Dead | ParentSituation::DeclaredMissing)
}

/// Whether both parents are dead or cannot be found.
pub(crate) fn is_orphan(m: &Member<'_>) -> bool {
    let parents = m.parents();
    is_gone(parents.father) && is_gone(parents.mother)
}

/// Evaluates the orphan allowance for every member.
pub(crate) fn evaluate(ctx: &impl Context, out: &mut impl Outcomes) {
    let p = ctx.params();
    for m in ctx.members() {
        let form = m.care_form();
        let standard = p.money(match form {
            CareForm::Dispersed => MoneyParam::OrphanScattered,
            CareForm::Centralized => MoneyParam::OrphanCentralized,
        });
        let cites = Cites::of(&[standard.cite]);
        let (outcome, reason) = if m.age() >= 18 {
            (
                Outcome::NotPaid,
                Reason::AgeNotUnder {
                    age: m.age(),
                    limit: 18,
                },
            )
        } else if !is_orphan(&m) {
            let parents = m.parents();
            (
                Outcome::NotPaid,
                Reason::Parents {
                    father: parents.father,
                    mother: parents.mother,
                },
            )
        } else {
            let amount = standard.value.round_to_fen();
            (
                Outcome::Paid { amount },
                Reason::OrphanAmount { form, amount },
            )
        };
        out.push(PROGRAM.id, m.who(), (outcome, reason), &PROVISION, cites);
    }
}

/// The facts a child's allowance or register read for a member: the parents and the area.
pub(crate) fn facts(ctx: &impl Context, _: &impl Decided, who: Who, out: &mut Vec<Fact>) {
    if let Some(m) = ctx.member(who) {
        let parents = m.parents();
        out.push(Fact {
            name: "parents",
            value: FactValue::Parents(parents.father, parents.mother),
        });
        out.push(super::area_fact(ctx.area()));
    }
}
