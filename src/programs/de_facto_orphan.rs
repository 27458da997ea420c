//! 事实无人抚养儿童生活补贴 — the de-facto-unsupported child allowance (`de_facto_orphan`), a
//! person program, in force in Hubei from 2020-01.
//!
//! > 事实无人抚养儿童是指父母双方均符合重残、重病、服刑在押、强制隔离戒毒、被执行其他限制人身自由的措施、
//! > 失联情形之一的儿童；或者父母一方死亡或失踪，另一方符合重残、重病、服刑在押、强制隔离戒毒、被执行其他
//! > 限制人身自由的措施、失联情形之一的儿童。 — 民发〔2019〕62号 \[verified\]
//!
//! Under 18, not an orphan, and both parents in the set above, or one dead or declared
//! missing and the other in the set. The amount is the scattered orphan standard. Where the
//! child already receives dibao (its share: household amount / unit size), tekun or the
//! disability living subsidy, the pack's `top_up` rules pay only the difference; the engine
//! applies them.
//!
//! # Example
//!
//! Both parents imprisoned, the child in a household without dibao, 2020-03: the full
//! scattered standard, 1320.00.
//!
//! ```
//! use doudi::{Engine, Household, PolicyPack, ProgramId};
//!
//! let household = Household::from_json(r#"{"id": "h1", "area": "urban", "members": [
//!   {"id": "g", "birth_date": "1960-01-01", "sex": "female", "relation": "head",
//!    "incomes": [{"category": "transfer", "monthly": "3000.00"}]},
//!   {"id": "c", "birth_date": "2012-01-01", "sex": "male", "relation": "grandchild",
//!    "parents": {"father": "imprisoned", "mother": "imprisoned"}}
//! ]}"#)?;
//! let d = Engine::new(PolicyPack::maojian()).evaluate(&household, "2020-03".parse()?)?;
//! let entry = d.entry(ProgramId::DeFactoOrphan, Some(&"c".parse()?)).unwrap();
//! assert_eq!(entry.paid().unwrap().to_string(), "1320.00");
//! # Ok::<(), doudi::Error>(())
//! ```

use super::orphan::{is_gone, is_orphan};
use super::{Context, Decided, Outcomes, PaidBy, Program, Who};
use crate::decision::{Cites, Fact, Outcome, Provision, Reason};
use crate::model::{ParentSituation, ProgramId};
use crate::policy::{MoneyParam, Param, Status, SwitchParam};

pub(crate) const PROVISION: Provision = Provision::new("民发〔2019〕62号", "", Status::Verified);

pub(crate) const PROGRAM: Program = Program {
    id: ProgramId::DeFactoOrphan,
    paid_by: PaidBy::Enrolment,
    reads: &[],
    provisions: &[&PROVISION],
    params: &[
        Param::Switch(SwitchParam::DeFactoOrphanInForce),
        Param::Money(MoneyParam::OrphanScattered),
    ],
};

/// A parent unable to raise the child (重残、重病、服刑在押、强制隔离戒毒、限制人身自由、失联).
fn is_unable(p: ParentSituation) -> bool {
    matches!(
        p,
        ParentSituation::SevereDisability
            | ParentSituation::SeriousIllness
            | ParentSituation::Imprisoned
            | ParentSituation::CompulsoryRehab
            | ParentSituation::OtherRestriction
            | ParentSituation::LostContact
    )
}

/// Evaluates the full allowance for every member (top-ups are applied by the engine).
pub(crate) fn evaluate(ctx: &impl Context, out: &mut impl Outcomes) {
    let p = ctx.params();
    let standard = p.money(MoneyParam::OrphanScattered);
    let in_force = p.switch(SwitchParam::DeFactoOrphanInForce);
    for m in ctx.members() {
        let cites = Cites::of(&[in_force.cite, standard.cite]);
        let parents = m.parents();
        let (f, mother) = (parents.father, parents.mother);
        let qualifies = (is_unable(f) && is_unable(mother))
            || (is_gone(f) && is_unable(mother))
            || (is_unable(f) && is_gone(mother));
        let (outcome, reason) = if !in_force.value {
            (Outcome::NotPaid, Reason::NotInForce)
        } else if m.age() >= 18 {
            (
                Outcome::NotPaid,
                Reason::AgeNotUnder {
                    age: m.age(),
                    limit: 18,
                },
            )
        } else if is_orphan(&m) || !qualifies {
            (Outcome::NotPaid, Reason::Parents { father: f, mother })
        } else {
            let amount = standard.value.round_to_fen();
            (
                Outcome::Paid { amount },
                Reason::DeFactoFull {
                    standard: standard.value,
                },
            )
        };
        out.push(PROGRAM.id, m.who(), (outcome, reason), &PROVISION, cites);
    }
}

/// The facts the allowance read for a member: the parents and the area.
pub(crate) fn facts(ctx: &impl Context, decided: &impl Decided, who: Who, out: &mut Vec<Fact>) {
    super::orphan::facts(ctx, decided, who, out);
}
