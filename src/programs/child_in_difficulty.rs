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

use super::left_behind_child::left_behind_parents;
use super::{Context, Decided, Outcomes, PaidBy, Program, Who};
use crate::decision::{Cites, DifficultyCategory, Fact, Outcome, Provision, Reason};
use crate::model::{FlagSet, ProgramId, ProgramId as P};
use crate::policy::Status;

pub(crate) const PROVISION: Provision = Provision::new("国发〔2016〕36号", "", Status::Verified);

pub(crate) const PROGRAM: Program = Program {
    id: ProgramId::ChildInDifficulty,
    paid_by: PaidBy::Nothing,
    reads: &[
        P::Dibao,
        P::Tekun,
        P::Orphan,
        P::DeFactoOrphan,
        P::LeftBehindChild,
    ],
    provisions: &[&PROVISION],
    params: &[],
};

/// Evaluates the classification for every member.
pub(crate) fn evaluate(ctx: &impl Context, out: &mut impl Outcomes) {
    let poor_family = out.pays_anyone(ProgramId::Dibao)
        || out.dibao().is_some_and(|t| t.low_income_edge)
        || ctx
            .members()
            .any(|m| out.receives(ProgramId::Tekun, m.who()));
    for m in ctx.members() {
        let who = m.who();
        let (outcome, reason) = if m.age() >= 18 {
            (
                Outcome::NotPaid,
                Reason::AgeNotUnder {
                    age: m.age(),
                    limit: 18,
                },
            )
        } else {
            let mut categories = FlagSet::new();
            if poor_family {
                categories.insert(DifficultyCategory::PoorFamily);
            }
            if m.disability().is_some() {
                categories.insert(DifficultyCategory::OwnDisability);
            }
            let guardianship = out.qualifies(ProgramId::Orphan, who)
                || out.qualifies(ProgramId::DeFactoOrphan, who)
                || (out.qualifies(ProgramId::LeftBehindChild, who)
                    && left_behind_parents(&m) == Some(true));
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
            PROGRAM.id,
            who,
            (outcome, reason),
            &PROVISION,
            Cites::default(),
        );
    }
}

/// The facts the classification read for a member: the area.
pub(crate) fn facts(ctx: &impl Context, _: &impl Decided, _: Who, out: &mut Vec<Fact>) {
    out.push(super::area_fact(ctx.area()));
}
