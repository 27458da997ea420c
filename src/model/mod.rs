//! The domain model: households, persons and their facts. Facts only, no rules.

mod change;
mod facts;
pub(crate) mod flags;
mod household;
mod id_number;
mod ids;
mod person;
mod typed;
mod verify;

pub use change::{InputFact, InputValue};
pub(crate) use change::{LEVELS, SUPPORTERS, grades};
pub use facts::{
    Area, CareForm, CareLevel, DailyActivity, Disability, DisabilityKind, ExternalBenefit,
    ExternalBenefitKind, Grade, Income, IncomeCategory, LegalSupporter, ParentSituation, Parents,
    PersonStatus, Relation, SelfCare, Sex,
};
pub use flags::{Flag, FlagSet};
pub(crate) use household::HouseholdFacts;
pub use household::{
    Enrolment, Event, EventKind, Household, HouseholdBuilder, MAX_ENROLMENTS, MAX_EVENTS,
    MAX_JSON_BYTES, MAX_MEMBERS, MAX_SCREENINGS, MAX_VERIFICATIONS, Screening,
};
pub use id_number::ResidentId;
pub(crate) use id_number::check_character;

/// For serde's `skip_serializing_if`: a yes/no fact left out when no.
pub(crate) fn is_false(b: &bool) -> bool {
    !*b
}
pub(crate) use ids::for_each_program;
pub use ids::{Beneficiary, HouseholdId, LocalName, PersonId, ProgramId, ProgramKind, Township};
pub use person::{MAX_EXTERNAL_BENEFITS, MAX_INCOME_ITEMS, Person, PersonBuilder};
pub(crate) use person::{PersonFacts, WageRule};
pub(crate) use typed::{from_str as read_json, strict_value};
pub use verify::{Department, Verification, VerifiedFact, VerifiedValue};
