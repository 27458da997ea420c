//! The rural care registers: left-behind children, elderly people and women (classifications,
//! no cash). The three registers share their facts (rural household, members away for work),
//! so they live in one file.
//!
//! - `left_behind_child` (农村留守儿童, 国发〔2016〕13号 \[verified\]): under 16, rural, both
//!   parents away for work, or one away and the other dead, declared missing or unable to
//!   act as guardian (severe disability, serious illness, imprisoned, compulsory rehab,
//!   restricted).
//! - `left_behind_elderly` (农村留守老人, 民发〔2017〕193号 \[no source read\]): 60 or more,
//!   rural, all children or supporters away six months or more.
//! - `left_behind_woman` (农村留守妇女 \[no source read\]): a rural married woman whose spouse is
//!   away for work, aged at least 20 — the legal marriage age for women (《民法典》第1047条);
//!   a younger person is not registered, with that reason.
//!
//! # Example
//!
//! ```
//! use doudi::{Engine, Household, Outcome, PolicyPack, ProgramId};
//!
//! let household = Household::from_json(r#"{"id": "h1", "area": "rural", "members": [
//!   {"id": "m", "birth_date": "1985-01-01", "sex": "female", "relation": "head",
//!    "spouse_away_for_work": true},
//!   {"id": "c", "birth_date": "2012-01-01", "sex": "male", "relation": "child",
//!    "parents": {"father": "away_for_work", "mother": "present"}}
//! ]}"#)?;
//! let d = Engine::new(PolicyPack::maojian()).evaluate(&household, "2020-03".parse()?)?;
//! let woman = d.entry(ProgramId::LeftBehindWoman, Some(&"m".parse()?)).unwrap();
//! assert_eq!(woman.outcome(), &Outcome::Holds);
//! // One parent away and the other present and able: not a left-behind child.
//! let child = d.entry(ProgramId::LeftBehindChild, Some(&"c".parse()?)).unwrap();
//! assert_eq!(child.outcome(), &Outcome::NotPaid);
//! # Ok::<(), doudi::Error>(())
//! ```

use super::{Ctx, MemberOrder, Outcomes};
use crate::decision::{Cites, Outcome, Provision, Reason};
use crate::model::{Area, ParentSituation, Person, ProgramId, Sex};
use crate::policy::Status;

pub(crate) const CHILD: Provision = Provision {
    document: "国发〔2016〕13号",
    article: "",
    status: Status::Verified,
};
pub(crate) const ELDERLY: Provision = Provision {
    document: "民发〔2017〕193号",
    article: "",
    status: Status::Illustrative,
};
pub(crate) const WOMAN: Provision = Provision {
    document: "农村留守妇女关爱 (no source read)",
    article: "",
    status: Status::Illustrative,
};
pub(crate) const MARRIAGE_AGE: Provision = Provision {
    document: "《中华人民共和国民法典》",
    article: "第1047条",
    status: Status::Verified,
};

/// The legal marriage age for women (民法典 第1047条: 女不得早于二十周岁): a woman younger
/// cannot be married, so cannot be left behind by a spouse.
const WOMEN_MARRIAGE_AGE: u32 = 20;

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
pub(crate) fn left_behind_parents(person: &Person) -> Option<bool> {
    let parents = person.parents();
    let away = |p| p == ParentSituation::AwayForWork;
    match (away(parents.father), away(parents.mother)) {
        (true, true) => Some(false),
        (true, false) if cannot_guard(parents.mother) => Some(true),
        (false, true) if cannot_guard(parents.father) => Some(true),
        _ => None,
    }
}

/// Evaluates the three registers for every member, one register after the other.
pub(crate) fn evaluate<O: MemberOrder>(ctx: &Ctx<'_, O>, out: &mut impl Outcomes) {
    let rural = ctx.household.area() == Area::Rural;
    let verdict = |holds: bool, reason: Reason| {
        if holds {
            (Outcome::Holds, Reason::Holds)
        } else {
            (Outcome::NotPaid, reason)
        }
    };
    for (i, person, d) in ctx.members() {
        let (outcome, reason) = if !rural {
            (Outcome::NotPaid, Reason::NotRural)
        } else if d.age >= 16 {
            (
                Outcome::NotPaid,
                Reason::AgeNotUnder {
                    age: d.age,
                    limit: 16,
                },
            )
        } else {
            let parents = person.parents();
            verdict(
                left_behind_parents(person).is_some(),
                Reason::Parents {
                    father: parents.father,
                    mother: parents.mother,
                },
            )
        };
        out.push(
            ProgramId::LeftBehindChild,
            i,
            outcome,
            reason,
            &CHILD,
            Cites::default(),
        );
    }
    for (i, person, d) in ctx.members() {
        let (outcome, reason) = if !rural {
            (Outcome::NotPaid, Reason::NotRural)
        } else if d.age < 60 {
            (
                Outcome::NotPaid,
                Reason::AgeUnder {
                    age: d.age,
                    limit: 60,
                },
            )
        } else {
            verdict(person.children_all_away(), Reason::ChildrenNotAway)
        };
        out.push(
            ProgramId::LeftBehindElderly,
            i,
            outcome,
            reason,
            &ELDERLY,
            Cites::default(),
        );
    }
    for (i, person, d) in ctx.members() {
        let mut provision = &WOMAN;
        let (outcome, reason) = if !rural {
            (Outcome::NotPaid, Reason::NotRural)
        } else if !(person.sex() == Sex::Female && person.spouse_away_for_work()) {
            (Outcome::NotPaid, Reason::SpouseNotAway)
        } else if d.age < WOMEN_MARRIAGE_AGE {
            provision = &MARRIAGE_AGE;
            (
                Outcome::NotPaid,
                Reason::AgeUnder {
                    age: d.age,
                    limit: WOMEN_MARRIAGE_AGE,
                },
            )
        } else {
            (Outcome::Holds, Reason::Holds)
        };
        out.push(
            ProgramId::LeftBehindWoman,
            i,
            outcome,
            reason,
            provision,
            Cites::default(),
        );
    }
}
