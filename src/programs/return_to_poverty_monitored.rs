//! 防止返贫监测对象 — households monitored against a return to poverty
//! (`return_to_poverty_monitored`): a category of the 2023 low-income monitoring, no cash.
//!
//! The rural revitalisation department keeps the list; the household carries it as an
//! input (`return_to_poverty_monitored`), and the register reports it as given.
//!
//! # Example
//!
//! ```
//! use doudi::{Engine, Household, Outcome, PolicyPack, ProgramId};
//!
//! let household = Household::from_json(r#"{"id": "h1", "area": "rural",
//!   "return_to_poverty_monitored": true, "members": [
//!   {"id": "a", "birth_date": "1970-01-01", "sex": "female", "relation": "head"}]}"#)?;
//! let d = Engine::new(PolicyPack::maojian()).evaluate(&household, "2020-03".parse()?)?;
//! let listed = d.entry(ProgramId::ReturnToPovertyMonitored, None).unwrap();
//! assert_eq!(listed.outcome(), &Outcome::Holds);
//! # Ok::<(), doudi::Error>(())
//! ```

use super::monitoring::{PROVISION, Test};
use super::{Context, Decided, Outcomes, PaidBy, Program, Who};
use crate::decision::{Cites, Fact, Reason};
use crate::model::ProgramId;

pub(crate) const PROGRAM: Program = Program {
    id: ProgramId::ReturnToPovertyMonitored,
    paid_by: PaidBy::Nothing,
    reads: &[],
    provisions: &[&PROVISION],
    params: &[],
};

/// Evaluates the category of the household: as listed.
pub(crate) fn evaluate(ctx: &impl Context, out: &mut impl Outcomes) {
    let listed = ctx.is_return_to_poverty_monitored();
    out.push_with(
        ProgramId::ReturnToPovertyMonitored,
        Who::HOUSEHOLD,
        Test::Decided(listed).outcome(),
        &PROVISION,
        Cites::default(),
        || {
            if listed {
                Reason::Holds
            } else {
                Reason::NotListed
            }
        },
    );
}

/// The register reads the household's listing, shown with the household's facts.
pub(crate) fn facts(_: &impl Context, _: &impl Decided, _: Who, _: &mut Vec<Fact>) {}
