//! 困境儿童 — children in difficulty (`child_in_difficulty`), a classification with its
//! categories.
//!
//! > 困境儿童包括因家庭贫困导致生活、就医、就学等困难的儿童，因自身残疾导致康复、照料、护理和社会融入等
//! > 困难的儿童，以及因家庭监护缺失或监护不当遭受虐待、遗弃、意外伤害、不法侵害等导致人身安全受到威胁或
//! > 侵害的儿童。 — 国发〔2016〕36号 \[verified\]
//!
//! Under 18, with one or more categories: poor family (the household receives dibao in any
//! form, a member receives tekun, or it is a low-income-edge household), own disability,
//! or missing or inadequate guardianship (an orphan, a de-facto-unsupported child, or a
//! left-behind child whose parent at home cannot guard).
//!
//! # Example
//!
//! ```
//! use doudi::{Engine, Household, PolicyPack, ProgramId};
//!
//! let household = Household::from_json(r#"{"id": "h1", "area": "urban", "members": [
//!   {"id": "a", "birth_date": "1980-01-01", "sex": "female", "relation": "head",
//!    "incomes": [{"category": "wage", "monthly": "5000.00"}]},
//!   {"id": "c", "birth_date": "2014-01-01", "sex": "male", "relation": "child",
//!    "disability": {"grade": 4, "kind": "hearing"}}
//! ]}"#)?;
//! let d = Engine::new(PolicyPack::maojian()).evaluate(&household, "2020-03".parse()?)?;
//! let entry = d.entry(ProgramId::ChildInDifficulty, Some(&"c".parse()?)).unwrap();
//! assert_eq!(entry.reason().to_string(), "categories: own disability");
//! # Ok::<(), doudi::Error>(())
//! ```

use super::left_behind::left_behind_parents;
use super::{Ctx, MemberOrder, Outcomes};
use crate::decision::{Cites, DifficultyCategory, Outcome, Provision, Reason};
use crate::model::{FlagSet, ProgramId};
use crate::policy::Status;

pub(crate) const PROVISION: Provision = Provision {
    document: "国发〔2016〕36号",
    article: "",
    status: Status::Verified,
};

/// Evaluates the classification for every member.
pub(crate) fn evaluate<O: MemberOrder>(ctx: &Ctx<'_, O>, out: &mut impl Outcomes) {
    let poor_family = out.household_receives_dibao()
        || out.is_low_income_edge()
        || (0..ctx.household.members().len())
            .any(|i| u8::try_from(i).is_ok_and(|i| out.receives(ProgramId::Tekun, i)));
    for (i, person, d) in ctx.members() {
        let (outcome, reason) = if d.age >= 18 {
            (
                Outcome::NotPaid,
                Reason::AgeNotUnder {
                    age: d.age,
                    limit: 18,
                },
            )
        } else {
            let mut categories = FlagSet::new();
            if poor_family {
                categories.insert(DifficultyCategory::PoorFamily);
            }
            if person.disability().is_some() {
                categories.insert(DifficultyCategory::OwnDisability);
            }
            let guardianship = out.qualifies(ProgramId::Orphan, i)
                || out.qualifies(ProgramId::DeFactoOrphan, i)
                || (out.qualifies(ProgramId::LeftBehindChild, i)
                    && left_behind_parents(person) == Some(true));
            if guardianship {
                categories.insert(DifficultyCategory::Guardianship);
            }
            if categories.is_empty() {
                (Outcome::NotPaid, Reason::NoDifficulty)
            } else {
                (Outcome::Holds, Reason::InDifficulty { categories })
            }
        };
        out.push(
            ProgramId::ChildInDifficulty,
            i,
            outcome,
            reason,
            &PROVISION,
            Cites::default(),
        );
    }
}
