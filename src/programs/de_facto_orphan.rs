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
use super::{Ctx, MemberOrder, Outcomes};
use crate::decision::{Cites, Outcome, Provision, Reason};
use crate::model::{ParentSituation, ProgramId};
use crate::policy::Status;

pub(crate) const PROVISION: Provision = Provision {
    document: "民发〔2019〕62号",
    article: "",
    status: Status::Verified,
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
pub(crate) fn evaluate<O: MemberOrder>(ctx: &Ctx<'_, O>, out: &mut impl Outcomes) {
    let p = ctx.params;
    let standard = p.orphan[0];
    for (i, person, d) in ctx.members() {
        let cites = Cites::of(&[p.de_facto_in_force.cite, standard.cite]);
        let parents = person.parents();
        let (f, m) = (parents.father, parents.mother);
        let qualifies = (is_unable(f) && is_unable(m))
            || (is_gone(f) && is_unable(m))
            || (is_unable(f) && is_gone(m));
        let (outcome, reason) = if !p.de_facto_in_force.value {
            (Outcome::NotPaid, Reason::NotInForce)
        } else if d.age >= 18 {
            (
                Outcome::NotPaid,
                Reason::AgeNotUnder {
                    age: d.age,
                    limit: 18,
                },
            )
        } else if is_orphan(person) || !qualifies {
            (
                Outcome::NotPaid,
                Reason::Parents {
                    father: f,
                    mother: m,
                },
            )
        } else {
            let amount = standard.value.round_to_fen();
            (
                Outcome::Paid { amount },
                Reason::DeFactoFull {
                    standard: standard.value,
                },
            )
        };
        out.push(
            ProgramId::DeFactoOrphan,
            i,
            outcome,
            reason,
            &PROVISION,
            cites,
        );
    }
}
