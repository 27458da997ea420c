//! 农村留守老人 — the left-behind elderly register (`left_behind_elderly`): a
//! classification, no cash.
//!
//! > 农村留守老年人是指因子女（或其他赡养人）离开户籍地进入城镇务工或从业一年以上、留守在农村地区的
//! > 老年人。 — 民发〔2017〕193号 \[no source read; as the register is commonly defined\]
//!
//! Aged 60 or more, in a rural household, with all children or supporters away six months
//! or more.
//!
//! # Example
//!
//! ```
//! use doudi::{Engine, Household, Outcome, PolicyPack, ProgramId};
//!
//! let household = Household::from_json(r#"{"id": "h1", "area": "rural", "members": [
//!   {"id": "g", "birth_date": "1950-01-01", "sex": "female", "relation": "head",
//!    "children_all_away": true}
//! ]}"#)?;
//! let d = Engine::new(PolicyPack::maojian()).evaluate(&household, "2020-03".parse()?)?;
//! let g = d.entry(ProgramId::LeftBehindElderly, Some(&"g".parse()?)).unwrap();
//! assert_eq!(g.outcome(), &Outcome::Holds);
//! # Ok::<(), doudi::Error>(())
//! ```

use super::{Context, Decided, Outcomes, PaidBy, Program, Who};
use crate::decision::{Cites, Fact, FactValue, Outcome, Provision, Reason};
use crate::model::{Area, ProgramId};
use crate::policy::Status;

pub(crate) const PROVISION: Provision =
    Provision::new("民发〔2017〕193号", "", Status::Illustrative);

pub(crate) const PROGRAM: Program = Program {
    id: ProgramId::LeftBehindElderly,
    paid_by: PaidBy::Nothing,
    reads: &[],
    provisions: &[&PROVISION],
    params: &[],
};

/// Evaluates the register for every member.
pub(crate) fn evaluate(ctx: &impl Context, out: &mut impl Outcomes) {
    let rural = ctx.area() == Area::Rural;
    for m in ctx.members() {
        let (outcome, reason) = if !rural {
            (Outcome::NotPaid, Reason::NotRural)
        } else if m.age() < 60 {
            (
                Outcome::NotPaid,
                Reason::AgeUnder {
                    age: m.age(),
                    limit: 60,
                },
            )
        } else if m.children_all_away() {
            (Outcome::Holds, Reason::Holds)
        } else {
            (Outcome::NotPaid, Reason::ChildrenNotAway)
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

/// The facts the register read for a member: the area and whether the children are away.
pub(crate) fn facts(ctx: &impl Context, _: &impl Decided, who: Who, out: &mut Vec<Fact>) {
    if let Some(m) = ctx.member(who) {
        out.push(super::area_fact(ctx.area()));
        out.push(Fact {
            name: "children all away",
            value: FactValue::Flag(m.children_all_away()),
        });
    }
}
