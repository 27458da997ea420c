//! Decision records: a decision with everything needed to replay it, hashed.

use std::fmt::Write as _;

use serde_json::{Map, Value, json};

use crate::decision::Determination;
use crate::decision::Trace;
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::model::Household;
use crate::period::Month;
use crate::policy::Fingerprint;

/// The format tag of decision records.
pub const RECORD_FORMAT: &str = "doudi-decision/1";

/// The engine's version as records name it.
pub const ENGINE_VERSION: &str = concat!("doudi ", env!("CARGO_PKG_VERSION"));

/// A decision record: the engine version, the pack's name and fingerprint, the full input
/// household, the month, the determination (and its trace, if it was traced), and a
/// SHA-256 hash over a canonical form of all of it.
///
/// No wall-clock time and no map order go in: the same decision always yields the same
/// bytes ([`DecisionRecord::to_json`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionRecord {
    content: Map<String, Value>,
    hash: Fingerprint,
}

/// Writes `value` as canonical JSON: object keys sorted, no white space.
pub(crate) fn canonical(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, key) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(key.clone()).to_string());
                out.push(':');
                if let Some(v) = map.get(key) {
                    canonical(v, out);
                }
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                canonical(item, out);
            }
            out.push(']');
        }
        other => {
            let _ = write!(out, "{other}");
        }
    }
}

fn hash_of(content: &Map<String, Value>) -> Fingerprint {
    let mut text = String::new();
    canonical(&Value::Object(content.clone()), &mut text);
    Fingerprint::of(text.as_bytes())
}

fn record_error(what: impl Into<String>) -> Error {
    Error::Record {
        message: what.into(),
    }
}

impl DecisionRecord {
    /// Evaluates `household` for `month` and records the decision (traced when `traced`).
    ///
    /// # Errors
    ///
    /// As [`Engine::evaluate`].
    pub fn new(
        engine: &Engine,
        household: &Household,
        month: Month,
        traced: bool,
    ) -> Result<DecisionRecord> {
        if traced {
            let (d, trace) = engine.evaluate_traced(household, month)?;
            Ok(DecisionRecord::of(household, &d, Some(&trace)))
        } else {
            let d = engine.evaluate(household, month)?;
            Ok(DecisionRecord::of(household, &d, None))
        }
    }

    /// The record of a determination already made for `household`.
    pub fn of(
        household: &Household,
        determination: &Determination,
        trace: Option<&Trace>,
    ) -> DecisionRecord {
        let pack = determination.pack();
        let mut content = Map::new();
        content.insert("format".into(), RECORD_FORMAT.into());
        content.insert("engine".into(), ENGINE_VERSION.into());
        content.insert(
            "pack".into(),
            json!({
                "name": pack.name(),
                "version": pack.version(),
                "fingerprint": pack.fingerprint().to_string(),
            }),
        );
        content.insert("month".into(), determination.month().to_string().into());
        content.insert(
            "household".into(),
            serde_json::to_value(household).unwrap_or(Value::Null),
        );
        content.insert(
            "determination".into(),
            serde_json::to_value(determination).unwrap_or(Value::Null),
        );
        content.insert(
            "trace".into(),
            trace.map_or(Value::Null, |t| {
                serde_json::to_value(t).unwrap_or(Value::Null)
            }),
        );
        let hash = hash_of(&content);
        DecisionRecord { content, hash }
    }

    /// The record as one line of canonical JSON, its hash included.
    pub fn to_json(&self) -> String {
        let mut all = self.content.clone();
        all.insert("hash".into(), self.hash.to_string().into());
        let mut out = String::new();
        canonical(&Value::Object(all), &mut out);
        out
    }

    /// Reads a record. The hash is read, not checked: [`DecisionRecord::verify`] and replay
    /// check it.
    ///
    /// # Errors
    ///
    /// [`Error::Json`] for text that is not JSON; [`Error::Record`] for JSON that is not a
    /// record (wrong format tag, a missing or malformed part).
    pub fn from_json(text: &str) -> Result<DecisionRecord> {
        let value: Value =
            serde_json::from_str(text).map_err(|e| crate::json::error_at(".", &e))?;
        let Value::Object(mut content) = value else {
            return Err(record_error("a record is a JSON object"));
        };
        let hash = match content.remove("hash") {
            Some(Value::String(h)) => serde_json::from_value::<Fingerprint>(Value::String(h))
                .map_err(|_| record_error("hash: expected 64 hexadecimal characters"))?,
            _ => return Err(record_error("hash: missing")),
        };
        match content.get("format") {
            Some(Value::String(f)) if f == RECORD_FORMAT => {}
            Some(other) => {
                return Err(record_error(format!(
                    "format: {other} is not {RECORD_FORMAT:?}"
                )));
            }
            None => return Err(record_error("format: missing")),
        }
        for key in ["engine", "pack", "month", "household", "determination"] {
            if !content.contains_key(key) {
                return Err(record_error(format!("{key}: missing")));
            }
        }
        Ok(DecisionRecord { content, hash })
    }

    /// The hash the record carries.
    pub fn hash(&self) -> Fingerprint {
        self.hash
    }

    /// Whether the hash matches the content: false means the record was altered.
    pub fn verify(&self) -> bool {
        hash_of(&self.content) == self.hash
    }

    /// The engine version that made the decision.
    pub fn engine_version(&self) -> &str {
        self.content
            .get("engine")
            .and_then(Value::as_str)
            .unwrap_or("")
    }

    /// The fingerprint of the pack the decision was made under.
    ///
    /// # Errors
    ///
    /// [`Error::Record`] when the record does not carry a well-formed one.
    pub fn pack_fingerprint(&self) -> Result<Fingerprint> {
        self.content
            .get("pack")
            .and_then(|p| p.get("fingerprint"))
            .cloned()
            .and_then(|f| serde_json::from_value(f).ok())
            .ok_or_else(|| record_error("pack.fingerprint: missing or malformed"))
    }

    /// The month of the decision.
    ///
    /// # Errors
    ///
    /// [`Error::Record`] when the record's month is malformed.
    pub fn month(&self) -> Result<Month> {
        self.content
            .get("month")
            .and_then(Value::as_str)
            .ok_or_else(|| record_error("month: missing"))?
            .parse()
            .map_err(|e: Error| record_error(format!("month: {e}")))
    }

    /// The input household, read back through the same checks as any input.
    ///
    /// # Errors
    ///
    /// The household's own errors, when the record holds an invalid one.
    pub fn household(&self) -> Result<Household> {
        let value = self
            .content
            .get("household")
            .cloned()
            .unwrap_or(Value::Null);
        Household::from_json(&value.to_string())
    }

    /// The recorded determination, as JSON.
    pub fn determination(&self) -> &Value {
        self.content.get("determination").unwrap_or(&Value::Null)
    }
}
