//! 农村留守妇女 — the left-behind woman register (`left_behind_woman`): a classification,
//! no cash.
//!
//! A rural married woman whose spouse is away for work \[no source read\], aged at least
//! 20 — the legal marriage age for women (《民法典》第1047条: 女不得早于二十周岁): a younger
//! person is not registered, with that reason.
//!
//! # Example
//!
//! ```
//! use doudi::{Engine, Household, Outcome, PolicyPack, ProgramId};
//!
//! let household = Household::from_json(r#"{"id": "h1", "area": "rural", "members": [
//!   {"id": "m", "birth_date": "1985-01-01", "sex": "female", "relation": "head",
//!    "spouse_away_for_work": true}
//! ]}"#)?;
//! let d = Engine::new(PolicyPack::maojian()).evaluate(&household, "2020-03".parse()?)?;
//! let woman = d.entry(ProgramId::LeftBehindWoman, Some(&"m".parse()?)).unwrap();
//! assert_eq!(woman.outcome(), &Outcome::Holds);
//! # Ok::<(), doudi::Error>(())
//! ```

use super::{Context, Decided, Outcomes, PaidBy, Program, Who};
use crate::decision::{Cites, Fact, FactValue, Outcome, Provision, Reason};
use crate::model::{Area, ProgramId, Sex};
use crate::policy::Status;

pub(crate) const PROVISION: Provision = Provision::new(
    "农村留守妇女关爱 (no source read)",
    "",
    Status::Illustrative,
);
pub(crate) const MARRIAGE_AGE: Provision =
    Provision::new("《中华人民共和国民法典》", "第1047条", Status::Verified);

pub(crate) const PROGRAM: Program = Program {
    id: ProgramId::LeftBehindWoman,
    paid_by: PaidBy::Nothing,
    reads: &[],
    provisions: &[&PROVISION, &MARRIAGE_AGE],
    params: &[],
};

/// The legal marriage age for women (民法典 第1047条: 女不得早于二十周岁): a woman younger
/// cannot be married, so cannot be left behind by a spouse.
const WOMEN_MARRIAGE_AGE: u32 = 20;

/// Evaluates the register for every member.
pub(crate) fn evaluate(ctx: &impl Context, out: &mut impl Outcomes) {
    let rural = ctx.area() == Area::Rural;
    for m in ctx.members() {
        let mut provision = &PROVISION;
        let (outcome, reason) = if !rural {
            (Outcome::NotPaid, Reason::NotRural)
        } else if !(m.sex() == Sex::Female && m.spouse_away_for_work()) {
            (Outcome::NotPaid, Reason::SpouseNotAway)
        } else if m.age() < WOMEN_MARRIAGE_AGE {
            provision = &MARRIAGE_AGE;
            (
                Outcome::NotPaid,
                Reason::AgeUnder {
                    age: m.age(),
                    limit: WOMEN_MARRIAGE_AGE,
                },
            )
        } else {
            (Outcome::Holds, Reason::Holds)
        };
        out.push(
            PROGRAM.id,
            m.who(),
            (outcome, reason),
            provision,
            Cites::default(),
        );
    }
}

/// The facts the register read for a member: the area and whether the spouse is away.
pub(crate) fn facts(ctx: &impl Context, _: &impl Decided, who: Who, out: &mut Vec<Fact>) {
    if let Some(m) = ctx.member(who) {
        out.push(super::area_fact(ctx.area()));
        out.push(Fact {
            name: "spouse away for work",
            value: FactValue::Flag(m.spouse_away_for_work()),
        });
    }
}
