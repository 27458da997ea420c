//! Audit: explanation traces, decision records, replay, corrections and back-pay, and batch
//! digests.
//!
//! # How to audit a decision
//!
//! An auditor (审计, 民政 inspector) takes a decision made months ago and replays it: same
//! inputs, same pack, same engine → the same answer, proven; and when a value was wrong,
//! exactly what changed and by how much money.
//!
//! ```
//! use doudi::audit::{self, DecisionRecord, MerkleTree, ReplayStatus};
//! use doudi::{Engine, Household, MAOJIAN_TOML, PolicyPack};
//!
//! // March 2020: the street office decides, and keeps the record (JSON Lines in practice).
//! let engine = Engine::new(PolicyPack::maojian());
//! let household = Household::from_json(r#"{"id": "h1", "area": "urban", "members": [
//!   {"id": "a", "birth_date": "1980-01-01", "sex": "male", "relation": "head",
//!    "incomes": [{"category": "wage", "monthly": "500.00"}]}]}"#)?;
//! let record = DecisionRecord::new(&engine, &household, "2020-03".parse()?, true)?;
//! let line = record.to_json();
//!
//! // The run's records are published as one Merkle root; each household gets its proof.
//! let tree = MerkleTree::new(&[record.hash()]);
//! let proof = tree.proof(0).unwrap();
//!
//! // Months later: the auditor reads the record, checks it against the published root,
//! // and replays it with the same pack.
//! let read = DecisionRecord::from_json(&line)?;
//! assert!(proof.verify(&read.hash(), &tree.root()));
//! let report = audit::replay(&read, &engine)?;
//! assert_eq!(report.status, ReplayStatus::Identical);
//!
//! // Someone altered the recorded amount: the hash gives it away.
//! let altered = DecisionRecord::from_json(&line.replacen("\"220.00\"", "\"520.00\"", 1))?;
//! assert_eq!(audit::replay(&altered, &engine)?.status, ReplayStatus::Tampered);
//!
//! // The standard was found wrong: replay under the corrected pack says what changed.
//! let corrected = MAOJIAN_TOML.replace(
//!     r#"{ from = 2020-01-01, value = "620.00""#,
//!     r#"{ from = 2020-01-01, value = "650.00""#,
//! );
//! let corrected = Engine::new(PolicyPack::from_toml(&corrected)?);
//! let report = audit::replay(&read, &corrected)?;
//! assert_eq!(report.status, ReplayStatus::Differs);
//! let dibao = report.differences.iter().find(|d| d.program == doudi::ProgramId::Dibao).unwrap();
//! assert_eq!(dibao.recorded.unwrap().to_string(), "paid 220.00");
//! assert_eq!(dibao.replayed.unwrap().to_string(), "paid 250.00");
//! assert_eq!(dibao.delta().to_string(), "30.00"); // owed for the month (补发)
//! println!("{report}");
//! # Ok::<(), doudi::Error>(())
//! ```

mod backpay;
mod merkle;
mod record;
mod replay;

pub use backpay::{BackPay, Ledger, LedgerError, LedgerLine, Line, back_pay, ledger};
pub use merkle::{MerkleProof, MerkleTree};
pub use record::{DecisionRecord, ENGINE_VERSION, RECORD_FORMAT};
pub use replay::{Cause, Difference, ReplayReport, ReplayStatus, ValueChange, replay};
// Traces are made by the engine and are part of the answer's vocabulary; they are named
// here too, beside the records that keep them.
pub use crate::decision::{Fact, FactValue, Resolution, Step, Trace};
