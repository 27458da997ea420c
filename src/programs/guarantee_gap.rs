//! 两不愁三保障 + 饮水安全 — the guarantee gaps of a household (`guarantee_gap`), a
//! household-level service finding with its dimensions.
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

use super::{Ctx, MemberOrder, Outcomes};
use crate::decision::{Cites, GapDimension, HOUSEHOLD, Outcome, Provision, Reason};
use crate::model::{Area, FlagSet, ProgramId};
use crate::policy::Status;

pub(crate) const PROVISION: Provision = Provision {
    document: "两不愁三保障 (poverty-alleviation guarantees) and rural drinking-water safety",
    article: "",
    status: Status::Article,
};

/// Evaluates the gaps of the household.
pub(crate) fn evaluate<O: MemberOrder>(ctx: &Ctx<'_, O>, out: &mut impl Outcomes) {
    let h = ctx.household;
    let mut dimensions = FlagSet::new();
    if h.area() == Area::Rural && h.lacks_safe_drinking_water() {
        dimensions.insert(GapDimension::DrinkingWater);
    }
    if ctx.facts.unsafe_housing {
        dimensions.insert(GapDimension::Housing);
    }
    if ctx
        .members()
        .any(|(_, p, d)| (6..=15).contains(&d.age) && !p.is_in_school())
    {
        dimensions.insert(GapDimension::Schooling);
    }
    if h.members().iter().any(|p| p.is_uninsured()) {
        dimensions.insert(GapDimension::Medical);
    }
    let (outcome, reason) = if dimensions.is_empty() {
        (Outcome::NotPaid, Reason::NoGap)
    } else {
        (Outcome::Holds, Reason::Gaps { dimensions })
    };
    out.push(
        ProgramId::GuaranteeGap,
        HOUSEHOLD,
        outcome,
        reason,
        &PROVISION,
        Cites::default(),
    );
}
