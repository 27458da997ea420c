//! Many households at once: population-level audit findings.

mod duplicates;

pub use duplicates::{duplicates, once_paid_twice};
