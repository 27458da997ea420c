//! 两不愁三保障缺口 (两不愁三保障 + 饮水安全) — the guarantee gaps of a household
//! (`guarantee_gap`), a household-level service finding with its dimensions.
//!
//! The poverty-alleviation guarantees that the article's drinking-water section serves:
//! `drinking_water` (a rural household without a safe drinking-water supply), `housing`
//! (housing assessed unsafe), `schooling` (a child aged 6–15 not in school), `medical` (a
//! member without basic medical insurance). Reported for every household.
//!
//! # Example
//!
//! ```
//! use doudi::{Engine, Household, PolicyPack, ProgramId};
//!
//! let household = Household::from_json(r#"{"id": "h1", "area": "rural",
//!   "no_safe_drinking_water": true, "members": [
//!   {"id": "a", "birth_date": "1980-01-01", "sex": "male", "relation": "head", "uninsured": true},
//!   {"id": "c", "birth_date": "2010-01-01", "sex": "male", "relation": "child"}
//! ]}"#)?;
//! let d = Engine::new(PolicyPack::maojian()).evaluate(&household, "2020-03".parse()?)?;
//! let entry = d.entry(ProgramId::GuaranteeGap, None).unwrap();
//! assert_eq!(entry.reason().to_string(), "gaps: drinking water, schooling, medical insurance");
//! # Ok::<(), doudi::Error>(())
//! ```

use super::{Context, Decided, Outcomes, PaidBy, Program, Who};
use crate::decision::{Cites, Fact, FactValue, GapDimension, Outcome, Provision, Reason};
use crate::model::{Area, FlagSet, ProgramId};
use crate::policy::Status;

pub(crate) const PROVISION: Provision = Provision::new(
    "两不愁三保障 (poverty-alleviation guarantees) and rural drinking-water safety",
    "",
    Status::Article,
);

pub(crate) const PROGRAM: Program = Program {
    id: ProgramId::GuaranteeGap,
    paid_by: PaidBy::Nothing,
    reads: &[],
    provisions: &[&PROVISION],
    params: &[],
};

/// Evaluates the gaps of the household.
pub(crate) fn evaluate(ctx: &impl Context, out: &mut impl Outcomes) {
    let mut dimensions = FlagSet::new();
    if ctx.area() == Area::Rural && ctx.lacks_safe_drinking_water() {
        dimensions.insert(GapDimension::DrinkingWater);
    }
    if ctx.has_unsafe_housing() {
        dimensions.insert(GapDimension::Housing);
    }
    if ctx
        .members()
        .any(|m| (6..=15).contains(&m.age()) && !m.is_in_school())
    {
        dimensions.insert(GapDimension::Schooling);
    }
    if ctx.members().any(|m| m.is_uninsured()) {
        dimensions.insert(GapDimension::Medical);
    }
    let (outcome, reason) = if dimensions.is_empty() {
        (Outcome::NotPaid, Reason::NoGap)
    } else {
        (Outcome::Holds, Reason::Gaps { dimensions })
    };
    out.push(
        PROGRAM.id,
        Who::HOUSEHOLD,
        (outcome, reason),
        &PROVISION,
        Cites::default(),
    );
}

/// The facts the gaps read: the water supply and the housing.
pub(crate) fn facts(ctx: &impl Context, _: &impl Decided, _: Who, out: &mut Vec<Fact>) {
    out.push(Fact {
        name: "safe drinking water",
        value: FactValue::Flag(!ctx.lacks_safe_drinking_water()),
    });
    out.push(Fact {
        name: "unsafe housing",
        value: FactValue::Flag(ctx.has_unsafe_housing()),
    });
}
