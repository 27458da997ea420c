//! The integration tests of doudi, as one binary.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

mod api;
mod audit;
mod bad_inputs;
mod batch;
mod cases;
mod changes;
mod cli;
mod common;
mod engine;
mod fuzz_regressions;
#[cfg(feature = "arrow")]
mod hostile;
mod laws;
mod layout;
mod monitoring;
mod overlaps;
mod pack;
mod population;
mod properties;
mod registry;
mod schema;
#[cfg(feature = "datafusion")]
mod sessions;
#[cfg(feature = "arrow")]
mod tables;
mod validation;
