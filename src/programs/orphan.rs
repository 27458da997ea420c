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

use super::{Ctx, MemberOrder, Outcomes};
use crate::decision::{Cites, Outcome, Provision, Reason};
use crate::model::{CareForm, ParentSituation, Person, ProgramId};
use crate::policy::Status;

pub(crate) const PROVISION: Provision = Provision {
    document: "国办发〔2010〕54号",
    article: "",
    status: Status::Secondary,
};

/// Whether a parent is dead or cannot be found.
pub(crate) fn is_gone(p: ParentSituation) -> bool {
    matches!(p, ParentSituation::Dead | ParentSituation::DeclaredMissing)
}

/// Whether both parents are dead or cannot be found.
pub(crate) fn is_orphan(person: &Person) -> bool {
    let parents = person.parents();
    is_gone(parents.father) && is_gone(parents.mother)
}

/// Evaluates the orphan allowance for every member.
pub(crate) fn evaluate<O: MemberOrder>(ctx: &Ctx<'_, O>, out: &mut impl Outcomes) {
    let p = ctx.params;
    for (i, person, d) in ctx.members() {
        let form = person.care_form();
        let [dispersed, centralized] = p.orphan;
        let standard = match form {
            CareForm::Dispersed => dispersed,
            CareForm::Centralized => centralized,
        };
        let cites = Cites::of(&[standard.cite]);
        let (outcome, reason) = if d.age >= 18 {
            (
                Outcome::NotPaid,
                Reason::AgeNotUnder {
                    age: d.age,
                    limit: 18,
                },
            )
        } else if !is_orphan(person) {
            let parents = person.parents();
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
        out.push(ProgramId::Orphan, i, outcome, reason, &PROVISION, cites);
    }
}
