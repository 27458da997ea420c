//! Replay: recompute a recorded decision and report `identical`, or exactly what changed
//! and why.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::record::{DecisionRecord, ENGINE_VERSION};
use crate::decision::Finding;
use crate::decision::wire::{OutcomeKind, Pack};
use crate::engine::Engine;
use crate::error::Result;
use crate::model::{PersonId, ProgramId};
use crate::money::Money;
use crate::period::Month;

/// The verdict of a replay.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ReplayStatus {
    /// Same inputs, same rules: the same answer (the causes still name another pack,
    /// engine or local program when the replay used one).
    Identical,
    /// The answer differs; the causes say why.
    Differs,
    /// The record's hash does not match its content: it was altered after it was made.
    Tampered,
}

/// One value of the pack that differs between the decision and the replay.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct ValueChange {
    /// The parameter.
    pub param: String,
    /// The value the decision used, with its date (none if it did not use it).
    pub recorded: Option<String>,
    /// The value the replay used, with its date (none if it did not use it).
    pub replayed: Option<String>,
}

/// Why a replay differs, or what it was made under that the decision was not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "cause", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Cause {
    /// The record was altered: its hash does not match.
    RecordAltered,
    /// The record names a pack (name, version) that does not belong to its fingerprint:
    /// the fingerprint covers the pack's name and version, so the record was altered and
    /// its hash made again.
    PackLabelAltered {
        /// The pack as the record names it.
        recorded: Pack,
        /// The pack of that fingerprint, as the replay has it.
        fingerprint_of: Pack,
    },
    /// The replay used another pack (another fingerprint, name or version); the values
    /// that changed.
    Pack {
        /// The pack the decision was made under.
        recorded: Pack,
        /// The replay's pack.
        replayed: Pack,
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
    /// A local program ran in one and not the other, or in another version.
    LocalProgram {
        /// The program, `local:NAME`.
        program: String,
        /// Its version when the decision was made (none: it did not run).
        recorded: Option<String>,
        /// Its version in the replay (none: it did not run).
        replayed: Option<String>,
    },
}

/// An outcome as a replay compares it: what kind, and the amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Outcome {
    /// What kind of outcome.
    pub kind: OutcomeKind,
    /// The amount paid or withheld.
    pub amount: Option<Money>,
}

impl Outcome {
    /// The amount paid (zero unless paid).
    pub fn paid(&self) -> Money {
        match (self.kind, self.amount) {
            (OutcomeKind::Paid, Some(amount)) => amount,
            _ => Money::ZERO,
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let word = match self.kind {
            OutcomeKind::Paid => "paid",
            OutcomeKind::Holds => "holds",
            OutcomeKind::NotPaid => "not paid",
            OutcomeKind::Withheld => "withheld",
            OutcomeKind::Undetermined => "undetermined",
        };
        match self.amount {
            Some(amount) => write!(f, "{word} {amount}"),
            None => f.write_str(word),
        }
    }
}

/// One entry that differs: its program and person, and the outcome recorded and replayed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Difference {
    /// The month.
    pub month: Month,
    /// The program.
    pub program: ProgramId,
    /// The person (none for the household).
    pub person: Option<PersonId>,
    /// The recorded outcome (none: no entry).
    pub recorded: Option<Outcome>,
    /// The replayed outcome (none: no entry).
    pub replayed: Option<Outcome>,
}

impl Difference {
    /// What the replay pays less what was recorded as paid: owed to the household (补发)
    /// when positive, recoverable (追缴) when negative.
    pub fn delta(&self) -> Money {
        let paid = |o: &Option<Outcome>| o.as_ref().map_or(Money::ZERO, Outcome::paid);
        paid(&self.replayed) - paid(&self.recorded)
    }
}

/// What a replay found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct ReplayReport {
    /// The household, as recorded.
    pub household: String,
    /// The month, as recorded.
    pub month: String,
    /// The verdict.
    pub status: ReplayStatus,
    /// Why it differs, or what the replay was made under that the decision was not.
    pub causes: Vec<Cause>,
    /// The entries that differ.
    pub differences: Vec<Difference>,
    /// Findings the replay has and the record had not.
    pub findings_added: Vec<Finding>,
    /// Findings the record had and the replay has not.
    pub findings_removed: Vec<Finding>,
}

impl ReplayReport {
    /// What the replay pays less what was recorded as paid, over all entries.
    pub fn delta(&self) -> Money {
        self.differences.iter().map(Difference::delta).sum()
    }
}

/// An entry of a recorded determination, as both record formats write it.
#[derive(Deserialize)]
struct RecordedEntry {
    program: ProgramId,
    person: Option<PersonId>,
    outcome: OutcomeKind,
    #[serde(default)]
    amount: Option<Money>,
}

pub(super) type Entries = BTreeMap<(ProgramId, Option<PersonId>), Outcome>;

pub(super) fn entries(determination: &Value) -> Result<Entries> {
    let mut out = BTreeMap::new();
    for (i, e) in determination["entries"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
    {
        let entry: RecordedEntry =
            serde_json::from_value(e.clone()).map_err(|err| crate::error::Error::Record {
                message: format!("determination.entries[{i}]: {err}"),
            })?;
        out.insert(
            (entry.program, entry.person),
            Outcome {
                kind: entry.outcome,
                amount: entry.amount,
            },
        );
    }
    Ok(out)
}

/// Every value a determination used: `param → "value (from date)"` (the first format lists
/// them with each entry, the second once beside the entries).
fn values(determination: &Value) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut add = |v: &Value| {
        if let (Some(p), Some(x)) = (v["param"].as_str(), v["value"].as_str()) {
            out.insert(
                p.to_owned(),
                format!("{x} (from {})", v["from"].as_str().unwrap_or("")),
            );
        }
    };
    for v in determination["values"].as_array().into_iter().flatten() {
        add(v);
    }
    for e in determination["entries"].as_array().into_iter().flatten() {
        for v in e["values"].as_array().into_iter().flatten() {
            add(v);
        }
    }
    out
}

/// The findings of a determination. The first record format listed the illustrative values
/// used as `unverified_parameter` findings; they are values, not findings, and are left out.
fn findings(determination: &Value) -> Vec<Finding> {
    determination["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|f| f["kind"].as_str() != Some("unverified_parameter"))
        .filter_map(|f| serde_json::from_value::<Finding>(f.clone()).ok())
        .collect()
}

fn pack_of(engine: &Engine) -> Pack {
    let pack = engine.pack();
    Pack {
        name: pack.name().to_owned(),
        version: Some(pack.version().to_owned()),
        fingerprint: pack.fingerprint().to_string(),
    }
}

/// Replays `record` with `engine`: checks the hash, recomputes the decision from the
/// recorded household and month, and compares entry by entry and finding by finding.
///
/// A record whose hash does not match is [`ReplayStatus::Tampered`], whatever it holds (its
/// content need not even read). Another pack, engine version or set of local programs is
/// used — it is how an auditor asks "what would the corrected values have given?" — but
/// always named as a cause, also when every amount is the same.
///
/// # Errors
///
/// For a record whose hash matches but whose content is malformed (unknown or missing
/// keys, a household that does not read), or that the engine cannot evaluate (the month
/// outside its pack).
pub fn replay(record: &DecisionRecord, engine: &Engine) -> Result<ReplayReport> {
    if !record.verify() {
        return Ok(ReplayReport {
            household: record.household_id().to_owned(),
            month: record
                .month()
                .map_or_else(|_| String::new(), |m| m.to_string()),
            status: ReplayStatus::Tampered,
            causes: vec![Cause::RecordAltered],
            differences: Vec::new(),
            findings_added: Vec::new(),
            findings_removed: Vec::new(),
        });
    }
    record.check()?;
    let household = record.household()?;
    let month = record.month()?;
    let d = engine.evaluate(&household, month)?;
    let replayed = serde_json::to_value(&d).unwrap_or(Value::Null);
    let recorded = record.determination();

    let mut causes = Vec::new();
    let (recorded_pack, replay_pack) = (record.pack()?, pack_of(engine));
    // A record of the first format names no version: only what it names is compared.
    let version_differs = recorded_pack
        .version
        .as_ref()
        .is_some_and(|v| Some(v) != replay_pack.version.as_ref());
    if recorded_pack.fingerprint == replay_pack.fingerprint
        && (recorded_pack.name != replay_pack.name || version_differs)
    {
        return Ok(ReplayReport {
            household: record.household_id().to_owned(),
            month: month.to_string(),
            status: ReplayStatus::Tampered,
            causes: vec![Cause::PackLabelAltered {
                recorded: recorded_pack,
                fingerprint_of: replay_pack,
            }],
            differences: Vec::new(),
            findings_added: Vec::new(),
            findings_removed: Vec::new(),
        });
    }
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
            recorded: recorded_pack,
            replayed: replay_pack,
            values: changes,
        });
    }
    if record.engine_version() != ENGINE_VERSION {
        causes.push(Cause::EngineVersion {
            recorded: record.engine_version().to_owned(),
            replayed: ENGINE_VERSION.to_owned(),
        });
    }
    let recorded_locals: BTreeMap<String, String> = record.locals()?.into_iter().collect();
    let replay_locals: BTreeMap<String, String> = engine
        .locals()
        .map(|(p, v)| (p.to_string(), v.to_owned()))
        .collect();
    let mut programs: Vec<&String> = recorded_locals.keys().chain(replay_locals.keys()).collect();
    programs.sort();
    programs.dedup();
    for program in programs {
        let (old, new) = (recorded_locals.get(program), replay_locals.get(program));
        if old != new {
            causes.push(Cause::LocalProgram {
                program: program.clone(),
                recorded: old.cloned(),
                replayed: new.cloned(),
            });
        }
    }

    let (old, new) = (entries(recorded)?, entries(&replayed)?);
    let mut keys: Vec<&(ProgramId, Option<PersonId>)> = old.keys().chain(new.keys()).collect();
    keys.sort();
    keys.dedup();
    let differences: Vec<Difference> = keys
        .into_iter()
        .filter(|k| old.get(*k) != new.get(*k))
        .map(|k| Difference {
            month,
            program: k.0,
            person: k.1.clone(),
            recorded: old.get(k).copied(),
            replayed: new.get(k).copied(),
        })
        .collect();
    let (fo, fr) = (findings(recorded), findings(&replayed));
    let findings_added: Vec<Finding> = fr.iter().filter(|f| !fo.contains(f)).cloned().collect();
    let findings_removed: Vec<Finding> = fo.iter().filter(|f| !fr.contains(f)).cloned().collect();

    let status =
        if differences.is_empty() && findings_added.is_empty() && findings_removed.is_empty() {
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

fn pack_words(p: &Pack) -> String {
    match &p.version {
        Some(v) => format!("{} {v} ({})", p.name, p.fingerprint),
        None => format!("{} ({})", p.name, p.fingerprint),
    }
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
                Cause::PackLabelAltered {
                    recorded,
                    fingerprint_of,
                } => writeln!(
                    f,
                    "  the record names pack {}, but its fingerprint is that of pack {}: the record was altered",
                    pack_words(recorded),
                    pack_words(fingerprint_of)
                )?,
                Cause::Pack {
                    recorded,
                    replayed,
                    values,
                } => {
                    writeln!(
                        f,
                        "  pack {} → {}",
                        pack_words(recorded),
                        pack_words(replayed)
                    )?;
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
                Cause::LocalProgram {
                    program,
                    recorded,
                    replayed,
                } => {
                    writeln!(
                        f,
                        "  local program {program}: {} → {}",
                        recorded.as_deref().unwrap_or("(did not run)"),
                        replayed.as_deref().unwrap_or("(does not run)")
                    )?;
                }
            }
        }
        for d in &self.differences {
            let show =
                |o: &Option<Outcome>| o.map_or_else(|| "(none)".to_owned(), |o| o.to_string());
            writeln!(
                f,
                "  {} for {}: {} → {}",
                d.program,
                d.person.as_ref().map_or("the household", |p| p.as_str()),
                show(&d.recorded),
                show(&d.replayed)
            )?;
        }
        for x in &self.findings_added {
            writeln!(f, "  + finding {}: {x}", x.kind().name())?;
        }
        for x in &self.findings_removed {
            writeln!(f, "  − finding {}: {x}", x.kind().name())?;
        }
        Ok(())
    }
}
