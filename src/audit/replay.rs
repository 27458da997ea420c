//! Replay: recompute a recorded decision and report `identical`, or exactly what changed
//! and why.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;
use serde_json::Value;

use super::record::{DecisionRecord, ENGINE_VERSION};
use crate::engine::Engine;
use crate::policy::Fingerprint;

/// The verdict of a replay.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReplayStatus {
    /// Same inputs, same rules: the same answer.
    Identical,
    /// The answer differs; the causes say why.
    Differs,
    /// The record's hash does not match its content: it was altered after it was made.
    Tampered,
}

/// One value of the pack that differs between the decision and the replay.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ValueChange {
    /// The parameter.
    pub param: String,
    /// The value the decision used (none if it did not use it).
    pub recorded: Option<String>,
    /// The value the replay used (none if it did not use it).
    pub replayed: Option<String>,
}

/// Why a replay differs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "cause", rename_all = "snake_case")]
pub enum Cause {
    /// The record was altered: its hash does not match.
    RecordAltered,
    /// The replay used a pack with another fingerprint; the values that changed.
    Pack {
        /// The fingerprint the decision was made under.
        recorded: String,
        /// The fingerprint of the replay's pack.
        replayed: String,
        /// The values used that differ.
        values: Vec<ValueChange>,
    },
    /// The engine's version differs.
    EngineVersion {
        /// The version that made the decision.
        recorded: String,
        /// The version replaying it.
        replayed: String,
    },
}

/// One payment or outcome that differs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Difference {
    /// The program.
    pub program: String,
    /// The person (none for the household).
    pub person: Option<String>,
    /// The recorded outcome and amount, e.g. `paid 620.00` (none: no entry).
    pub recorded: Option<String>,
    /// The replayed outcome and amount.
    pub replayed: Option<String>,
}

/// What a replay found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReplayReport {
    /// The household.
    pub household: String,
    /// The month.
    pub month: String,
    /// The verdict.
    pub status: ReplayStatus,
    /// Why it differs (empty when identical under the same pack and engine).
    pub causes: Vec<Cause>,
    /// The outcomes that differ.
    pub differences: Vec<Difference>,
    /// Findings the replay has and the record had not.
    pub findings_added: Vec<String>,
    /// Findings the record had and the replay has not.
    pub findings_removed: Vec<String>,
}

fn entries(determination: &Value) -> BTreeMap<(String, Option<String>), String> {
    let mut out = BTreeMap::new();
    for e in determination["entries"].as_array().into_iter().flatten() {
        let program = e["program"].as_str().unwrap_or("").to_owned();
        let person = e["person"].as_str().map(str::to_owned);
        let mut outcome = e["outcome"].as_str().unwrap_or("").to_owned();
        if let Some(amount) = e["amount"].as_str() {
            outcome.push(' ');
            outcome.push_str(amount);
        }
        out.insert((program, person), outcome);
    }
    out
}

fn values(determination: &Value) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for e in determination["entries"].as_array().into_iter().flatten() {
        for v in e["values"].as_array().into_iter().flatten() {
            if let (Some(p), Some(x)) = (v["param"].as_str(), v["value"].as_str()) {
                out.insert(
                    p.to_owned(),
                    format!("{x} (from {})", v["from"].as_str().unwrap_or("")),
                );
            }
        }
    }
    out
}

fn findings(determination: &Value) -> Vec<String> {
    let mut out: Vec<String> = determination["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| {
            format!(
                "{}: {}",
                f["kind"].as_str().unwrap_or(""),
                f["explanation"].as_str().unwrap_or("")
            )
        })
        .collect();
    out.sort();
    out
}

/// Replays `record` with `engine`: checks the hash, recomputes the decision from the
/// recorded household and month, and compares. A pack with another fingerprint is used —
/// it is how an auditor asks "what would the corrected values have given?" — but reported
/// as a cause, never silently.
///
/// # Errors
///
/// When the recorded household or month cannot be read, or the engine cannot evaluate it
/// (the month outside its pack).
pub fn replay(record: &DecisionRecord, engine: &Engine) -> crate::error::Result<ReplayReport> {
    let household = record.household()?;
    let month = record.month()?;
    let replayed = serde_json::to_value(engine.evaluate(&household, month)?).unwrap_or(Value::Null);
    let recorded = record.determination();

    let mut causes = Vec::new();
    let tampered = !record.verify();
    if tampered {
        causes.push(Cause::RecordAltered);
    }
    let recorded_pack = record.pack_fingerprint()?;
    let replay_pack: Fingerprint = engine.pack().fingerprint();
    if recorded_pack != replay_pack {
        let (old, new) = (values(recorded), values(&replayed));
        let mut keys: Vec<&String> = old.keys().chain(new.keys()).collect();
        keys.sort();
        keys.dedup();
        let changes = keys
            .into_iter()
            .filter(|k| old.get(*k) != new.get(*k))
            .map(|k| ValueChange {
                param: k.clone(),
                recorded: old.get(k).cloned(),
                replayed: new.get(k).cloned(),
            })
            .collect();
        causes.push(Cause::Pack {
            recorded: recorded_pack.to_string(),
            replayed: replay_pack.to_string(),
            values: changes,
        });
    }
    if record.engine_version() != ENGINE_VERSION {
        causes.push(Cause::EngineVersion {
            recorded: record.engine_version().to_owned(),
            replayed: ENGINE_VERSION.to_owned(),
        });
    }

    let (old, new) = (entries(recorded), entries(&replayed));
    let mut keys: Vec<&(String, Option<String>)> = old.keys().chain(new.keys()).collect();
    keys.sort();
    keys.dedup();
    let differences: Vec<Difference> = keys
        .into_iter()
        .filter(|k| old.get(*k) != new.get(*k))
        .map(|k| Difference {
            program: k.0.clone(),
            person: k.1.clone(),
            recorded: old.get(k).cloned(),
            replayed: new.get(k).cloned(),
        })
        .collect();
    let (fo, fr) = (findings(recorded), findings(&replayed));
    let findings_added: Vec<String> = fr.iter().filter(|f| !fo.contains(f)).cloned().collect();
    let findings_removed: Vec<String> = fo.iter().filter(|f| !fr.contains(f)).cloned().collect();

    let status = if tampered {
        ReplayStatus::Tampered
    } else if differences.is_empty() && findings_added.is_empty() && findings_removed.is_empty() {
        ReplayStatus::Identical
    } else {
        ReplayStatus::Differs
    };
    Ok(ReplayReport {
        household: household.id().to_string(),
        month: month.to_string(),
        status,
        causes,
        differences,
        findings_added,
        findings_removed,
    })
}

impl fmt::Display for ReplayReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let status = match self.status {
            ReplayStatus::Identical => "identical",
            ReplayStatus::Differs => "differs",
            ReplayStatus::Tampered => "TAMPERED",
        };
        writeln!(f, "{} {}: {status}", self.household, self.month)?;
        for cause in &self.causes {
            match cause {
                Cause::RecordAltered => {
                    writeln!(f, "  the record's hash does not match its content")?
                }
                Cause::Pack {
                    recorded,
                    replayed,
                    values,
                } => {
                    writeln!(f, "  pack {recorded} → {replayed}")?;
                    for v in values {
                        writeln!(
                            f,
                            "    {}: {} → {}",
                            v.param,
                            v.recorded.as_deref().unwrap_or("(not used)"),
                            v.replayed.as_deref().unwrap_or("(not used)")
                        )?;
                    }
                }
                Cause::EngineVersion { recorded, replayed } => {
                    writeln!(f, "  engine {recorded} → {replayed}")?;
                }
            }
        }
        for d in &self.differences {
            writeln!(
                f,
                "  {} for {}: {} → {}",
                d.program,
                d.person.as_deref().unwrap_or("the household"),
                d.recorded.as_deref().unwrap_or("(none)"),
                d.replayed.as_deref().unwrap_or("(none)")
            )?;
        }
        for x in &self.findings_added {
            writeln!(f, "  + finding {x}")?;
        }
        for x in &self.findings_removed {
            writeln!(f, "  − finding {x}")?;
        }
        Ok(())
    }
}
