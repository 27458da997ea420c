//! The answer vocabulary: what an evaluation decides, as plain data.
//!
//! A [`Determination`] holds one [`Entry`] per program and beneficiary — its [`Outcome`],
//! the [`Reason`] with the numbers that decided it, the [`Provision`] it implements and the
//! pack values it used ([`Cites`]) — and the household's [`Finding`]s. A [`Trace`] explains
//! an evaluation step by step. Nothing here evaluates anything: the programs write these
//! values, the engine assembles them, audit and population tools read them.

mod change;
mod determination;
mod entry;
mod finding;
mod reason;
mod source;
mod trace;
pub mod wire;

pub use change::{Change, Changes};
pub use determination::{CompactView, Determination};
pub(crate) use entry::HOUSEHOLD;
pub use entry::{Cites, Entry, Outcome, Provision};
pub use finding::{EnrolmentReview, Finding, FindingKind, Review, ReviewClass};
#[cfg(feature = "arrow")]
pub(crate) use reason::CODES as REASON_CODES;
pub use reason::{DifficultyCategory, GapDimension, Group, MissingFact, PriceIndex, Reason};
pub use source::{FactRead, FactSource};
pub use trace::{Fact, FactValue, Resolution, Step, Trace};
