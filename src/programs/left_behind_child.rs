//! 农村留守儿童 — the left-behind child register (`left_behind_child`): a classification,
//! no cash.
//!
//! > 农村留守儿童是指父母双方外出务工或一方外出务工另一方无监护能力、不满十六周岁的未成年人。
//! > — 国发〔2016〕13号 \[verified\]
//!
//! Under 16, in a rural household, with both parents away for work, or one away and the
//! other dead, declared missing or unable to act as guardian (severe disability, serious
//! illness, imprisoned, compulsory rehab, other restriction of liberty).
//!
//! # Example
//!
//! ```
//! use doudi::{Engine, Household, Outcome, PolicyPack, ProgramId};
//!
//! let household = Household::from_json(r#"{"id": "h1", "area": "rural", "members": [
//!   {"id": "g", "birth_date": "1950-01-01", "sex": "female", "relation": "head"},
//!   {"id": "c", "birth_date": "2012-01-01", "sex": "male", "relation": "grandchild",
//!    "parents": {"father": "away_for_work", "mother": "imprisoned"}},
//!   {"id": "d", "birth_date": "2013-01-01", "sex": "female", "relation": "grandchild",
//!    "parents": {"father": "away_for_work", "mother": "present"}}
//! ]}"#)?;
//! let d = Engine::new(PolicyPack::maojian()).evaluate(&household, "2020-03".parse()?)?;
//! // The father away, the mother unable to guard: left behind.
//! let c = d.entry(ProgramId::LeftBehindChild, Some(&"c".parse()?)).unwrap();
//! assert_eq!(c.outcome(), &Outcome::Holds);
//! // One parent away and the other present and able: not left behind.
//! let dd = d.entry(ProgramId::LeftBehindChild, Some(&"d".parse()?)).unwrap();
//! assert_eq!(dd.outcome(), &Outcome::NotPaid);
//! # Ok::<(), doudi::Error>(())
//! ```

use super::{Context, Decided, Member, Outcomes, PaidBy, Program, Who};
use crate::decision::{Cites, Fact, Outcome, Provision, Reason};
use crate::model::{Area, ParentSituation, ProgramId};
use crate::policy::Status;

pub(crate) const PROVISION: Provision = Provision::new("国发〔2016〕13号", "", Status::Verified);

pub(crate) const PROGRAM: Program = Program {
    id: ProgramId::LeftBehindChild,
    paid_by: PaidBy::Nothing,
    reads: &[],
    provisions: &[&PROVISION],
    params: &[],
};

/// A parent who cannot be the child's guardian at home.
fn cannot_guard(p: ParentSituation) -> bool {
    matches!(
        p,
        ParentSituation::Dead
            | ParentSituation::DeclaredMissing
            | ParentSituation::SevereDisability
            | ParentSituation::SeriousIllness
            | ParentSituation::Imprisoned
            | ParentSituation::CompulsoryRehab
            | ParentSituation::OtherRestriction
            | ParentSituation::UnableToGuard
    )
}

/// Whether the child's parents leave it behind: both away, or one away and the other
/// unable to guard. Returns `Some(true)` when the parent at home cannot guard.
pub(crate) fn left_behind_parents(m: &Member<'_>) -> Option<bool> {
    let parents = m.parents();
    let away = |p| p == ParentSituation::AwayForWork;
    match (away(parents.father), away(parents.mother)) {
        (true, true) => Some(false),
        (true, false) if cannot_guard(parents.mother) => Some(true),
        (false, true) if cannot_guard(parents.father) => Some(true),
        _ => None,
    }
}

/// Evaluates the register for every member.
pub(crate) fn evaluate(ctx: &impl Context, out: &mut impl Outcomes) {
    let rural = ctx.area() == Area::Rural;
    for m in ctx.members() {
        let (outcome, reason) = if !rural {
            (Outcome::NotPaid, Reason::NotRural)
        } else if m.age() >= 16 {
            (
                Outcome::NotPaid,
                Reason::AgeNotUnder {
                    age: m.age(),
                    limit: 16,
                },
            )
        } else if left_behind_parents(&m).is_some() {
            (Outcome::Holds, Reason::Holds)
        } else {
            let parents = m.parents();
            (
                Outcome::NotPaid,
                Reason::Parents {
                    father: parents.father,
                    mother: parents.mother,
                },
            )
        };
        out.push(
            PROGRAM.id,
            m.who(),
            (outcome, reason),
            &PROVISION,
            Cites::default(),
        );
    }
}

/// The facts the register read for a member: the parents and the area.
pub(crate) fn facts(ctx: &impl Context, decided: &impl Decided, who: Who, out: &mut Vec<Fact>) {
    super::orphan::facts(ctx, decided, who, out);
}
