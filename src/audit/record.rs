//! Decision records: a decision with everything needed to replay it, hashed.

use std::fmt::Write as _;

use serde_json::{Map, Value, json};

use crate::decision::{Determination, Trace};
use crate::engine::Engine;
use crate::error::{Error, Result};
use crate::model::Household;
use crate::period::Month;
use crate::policy::Fingerprint;

/// The format tag of decision records this version writes.
///
/// `doudi-decision/2` holds the local programs the engine ran (name and version) and the
/// determination's full form of this version (every value used listed once, beside the
/// entries; no `unverified_parameter` findings). Records of `doudi-decision/1` are still
/// read and replayed.
pub const RECORD_FORMAT: &str = "doudi-decision/2";

/// The first format of decision records, still read.
const RECORD_FORMAT_1: &str = "doudi-decision/1";

/// The engine's version as records name it.
pub const ENGINE_VERSION: &str = concat!("doudi ", env!("CARGO_PKG_VERSION"));

/// A decision record: the engine version, the pack's name, version and fingerprint, the
/// local programs the engine ran, the full input household, the month, the determination
/// (and its trace, if it was traced), and a SHA-256 hash over a canonical form of all of
/// it.
///
/// No wall-clock time and no map order go in: the same decision always yields the same
/// bytes ([`DecisionRecord::to_json`]).
///
/// The record keeps the household exactly as it was decided, resident ID numbers whole:
/// replay needs them. Its `Debug` form shows the household's id, the month, the pack and
/// the hash, never the facts.
#[derive(Clone, PartialEq, Eq)]
pub struct DecisionRecord {
    content: Map<String, Value>,
    hash: Fingerprint,
}

impl std::fmt::Debug for DecisionRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DecisionRecord")
            .field("format", &self.text("format"))
            .field("household", &self.household_id())
            .field("month", &self.text("month"))
            .field(
                "pack",
                &self.content.get("pack").and_then(|p| p.get("name")),
            )
            .field("hash", &self.hash)
            .finish_non_exhaustive()
    }
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

/// The keys a record of each format has, besides its hash.
const KEYS_1: &[&str] = &[
    "format",
    "engine",
    "pack",
    "month",
    "household",
    "determination",
    "trace",
];
const KEYS_2: &[&str] = &[
    "format",
    "engine",
    "pack",
    "locals",
    "month",
    "household",
    "determination",
    "trace",
];

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
            Ok(DecisionRecord::of(engine, household, &d, Some(&trace)))
        } else {
            let d = engine.evaluate(household, month)?;
            Ok(DecisionRecord::of(engine, household, &d, None))
        }
    }

    /// The record of a determination `engine` made for `household`.
    pub fn of(
        engine: &Engine,
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
        content.insert(
            "locals".into(),
            Value::Array(
                engine
                    .locals()
                    .map(|(program, version)| {
                        json!({"program": program.to_string(), "version": version})
                    })
                    .collect(),
            ),
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

    /// Reads a record, on one line or pretty-printed over several. The hash is read, not
    /// checked ([`DecisionRecord::verify`] and replay check it), and neither is the rest of
    /// the content: a record altered after it was made must still read, so that replay can
    /// call it tampered.
    ///
    /// # Errors
    ///
    /// [`Error::Json`] for text that is not JSON; [`Error::Invalid`] for a key given twice
    /// anywhere (the record would mean two things); [`Error::Record`] for JSON that is not a
    /// record (not an object, no well-formed hash, an unknown format).
    pub fn from_json(text: &str) -> Result<DecisionRecord> {
        let value = crate::model::strict_value(text)?;
        let Value::Object(mut content) = value else {
            return Err(record_error("a record is a JSON object"));
        };
        let hash = match content.remove("hash") {
            Some(Value::String(h)) => h
                .parse::<Fingerprint>()
                .ok()
                .filter(|f| f.to_string() == h)
                .ok_or_else(|| {
                    record_error("hash: expected 64 lowercase hexadecimal characters")
                })?,
            Some(_) => return Err(record_error("hash: expected a string")),
            None => return Err(record_error("hash: missing")),
        };
        match content.get("format") {
            Some(Value::String(f)) if f == RECORD_FORMAT || f == RECORD_FORMAT_1 => {}
            Some(other) => {
                return Err(record_error(format!(
                    "format: {other} is not {RECORD_FORMAT:?} or {RECORD_FORMAT_1:?}"
                )));
            }
            None => return Err(record_error("format: missing")),
        }
        Ok(DecisionRecord { content, hash })
    }

    /// Checks the content of a record whose hash matches: every key of its format present,
    /// no other.
    ///
    /// # Errors
    ///
    /// [`Error::Record`] naming the key.
    pub fn check(&self) -> Result<()> {
        let keys = if self.format() == RECORD_FORMAT_1 {
            KEYS_1
        } else {
            KEYS_2
        };
        for key in self.content.keys() {
            if !keys.contains(&key.as_str()) {
                return Err(record_error(format!("{key}: unknown key")));
            }
        }
        for key in keys {
            if !self.content.contains_key(*key) {
                return Err(record_error(format!("{key}: missing")));
            }
        }
        match self.content.get("pack") {
            Some(Value::Object(pack)) => {
                for key in pack.keys() {
                    if !["name", "version", "fingerprint"].contains(&key.as_str()) {
                        return Err(record_error(format!("pack.{key}: unknown key")));
                    }
                }
            }
            _ => return Err(record_error("pack: expected an object")),
        }
        Ok(())
    }

    /// The hash the record carries.
    pub fn hash(&self) -> Fingerprint {
        self.hash
    }

    /// Whether the hash matches the content: false means the record was altered.
    pub fn verify(&self) -> bool {
        hash_of(&self.content) == self.hash
    }

    fn text(&self, key: &str) -> &str {
        self.content.get(key).and_then(Value::as_str).unwrap_or("")
    }

    /// The record's format tag.
    pub fn format(&self) -> &str {
        self.text("format")
    }

    /// The engine version that made the decision.
    pub fn engine_version(&self) -> &str {
        self.text("engine")
    }

    /// The household's id as recorded (empty when the record has none).
    pub fn household_id(&self) -> &str {
        self.content
            .get("household")
            .and_then(|h| h.get("id"))
            .and_then(Value::as_str)
            .unwrap_or("")
    }

    /// The name, version and fingerprint of the pack the decision was made under, as
    /// recorded.
    ///
    /// # Errors
    ///
    /// [`Error::Record`] when the record does not carry them well formed.
    pub fn pack(&self) -> Result<crate::decision::wire::Pack> {
        let pack = self
            .content
            .get("pack")
            .ok_or_else(|| record_error("pack: missing"))?;
        let field = |key: &str| pack.get(key).and_then(Value::as_str).map(str::to_owned);
        let fingerprint = field("fingerprint")
            .filter(|f| f.parse::<Fingerprint>().is_ok())
            .ok_or_else(|| record_error("pack.fingerprint: missing or malformed"))?;
        Ok(crate::decision::wire::Pack {
            name: field("name").ok_or_else(|| record_error("pack.name: missing"))?,
            version: field("version"),
            fingerprint,
        })
    }

    /// The fingerprint of the pack the decision was made under.
    ///
    /// # Errors
    ///
    /// [`Error::Record`] when the record does not carry a well-formed one.
    pub fn pack_fingerprint(&self) -> Result<Fingerprint> {
        self.pack()?
            .fingerprint
            .parse()
            .map_err(|_| record_error("pack.fingerprint: malformed"))
    }

    /// The local programs the engine ran, with their versions, as recorded (none in a
    /// record of the first format).
    ///
    /// # Errors
    ///
    /// [`Error::Record`] when the list is malformed.
    pub fn locals(&self) -> Result<Vec<(String, String)>> {
        let Some(list) = self.content.get("locals") else {
            return Ok(Vec::new());
        };
        let list = list
            .as_array()
            .ok_or_else(|| record_error("locals: expected a list"))?;
        list.iter()
            .enumerate()
            .map(|(i, l)| {
                let field = |key: &str| {
                    l.get(key)
                        .and_then(Value::as_str)
                        .map(str::to_owned)
                        .ok_or_else(|| record_error(format!("locals[{i}].{key}: missing")))
                };
                Ok((field("program")?, field("version")?))
            })
            .collect()
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
            .ok_or_else(|| record_error("household: missing"))?;
        Household::from_json(&value.to_string())
            .map_err(|e| record_error(format!("household: {e}")))
    }

    /// The recorded determination, as JSON (the full form of the record's version).
    pub fn determination(&self) -> &Value {
        self.content.get("determination").unwrap_or(&Value::Null)
    }
}
