//! JSON Schemas of the public inputs and outputs: the household (JSON), the policy pack
//! (TOML, whose data model is the same as JSON's), and the full and compact forms of a
//! determination.

use serde_json::{Map, Value, json};

use crate::model::{HouseholdFacts, PersonFacts};
use crate::policy::{Param, ParamKind};

/// The JSON Schema (draft 2020-12) of a household, as [`crate::model::Household::from_json`] reads it.
///
/// The schema states the shape; some checks (one head, unique person ids, the ID number's
/// check character and birth date) are only made by the crate itself.
///
/// # Example
///
/// ```
/// let schema = doudi::household_schema();
/// assert_eq!(schema["title"], "Household");
/// assert!(schema["required"].as_array().unwrap().contains(&"members".into()));
/// ```
pub fn household_schema() -> Value {
    let schema = schemars::schema_for!(HouseholdFacts<PersonFacts>);
    schema.to_value()
}

/// The JSON Schema (draft 2020-12) of a determination's full form, as
/// [`crate::Determination::to_json`] writes it and [`crate::wire::Determination`] reads it.
///
/// # Example
///
/// ```
/// let schema = doudi::determination_schema();
/// assert_eq!(schema["title"], "Determination");
/// ```
pub fn determination_schema() -> Value {
    schemars::schema_for!(crate::decision::wire::Determination).to_value()
}

/// The JSON Schema (draft 2020-12) of a determination's compact form, as
/// [`crate::Determination::to_compact_json`] writes it and [`crate::wire::Compact`] reads
/// it.
///
/// # Example
///
/// ```
/// let schema = doudi::compact_schema();
/// assert_eq!(schema["title"], "Compact");
/// ```
pub fn compact_schema() -> Value {
    schemars::schema_for!(crate::decision::wire::Compact).to_value()
}

/// The JSON Schema (draft 2020-12) of a policy pack's TOML document.
///
/// Built from the crate's own list of parameters, so it names every parameter the crate
/// reads, with the kind of its value.
///
/// # Example
///
/// ```
/// let schema = doudi::pack_schema();
/// let urban = &schema["properties"]["dibao"]["properties"]["standard"]["properties"]["urban"];
/// assert_eq!(urban["type"], "array");
/// ```
pub fn pack_schema() -> Value {
    let mut groups = Map::new();
    for param in Param::all() {
        let mut parts: Vec<&str> = param.name().split('.').collect();
        let leaf = parts.pop().unwrap_or_default();
        let mut node = &mut groups;
        for part in parts {
            let group = node.entry(part).or_insert_with(
                || json!({"type": "object", "additionalProperties": false, "properties": {}}),
            );
            node = match group.get_mut("properties").and_then(Value::as_object_mut) {
                Some(props) => props,
                None => return json!({}),
            };
        }
        node.insert(leaf.to_owned(), history_schema(param));
    }
    let mut properties = Map::new();
    properties.insert(
        "pack".into(),
        json!({
            "type": "object",
            "additionalProperties": false,
            "required": ["name", "version"],
            "properties": {
                "base": {
                    "description": "the pack this one changes: a pack embedded in the crate (maojian) or a pack file beside this one",
                    "type": "string"
                },
                "format": {
                    "description": "the pack format the pack is written for (a full pack without it: 1)",
                    "type": "integer",
                    "minimum": 1,
                    "maximum": crate::policy::PACK_FORMAT
                },
                "name": {"type": "string"},
                "title": {"type": "string"},
                "version": {"type": "string"},
                "first_month": {"$ref": "#/$defs/Month"},
                "last_month": {"$ref": "#/$defs/Month"}
            }
        }),
    );
    properties.insert(
        "sources".into(),
        json!({
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "additionalProperties": false,
                "required": ["document"],
                "properties": {"document": {"type": "string"}, "note": {"type": "string"}}
            }
        }),
    );
    properties.insert(
        "overlap".into(),
        json!({
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": false,
                "required": ["a", "kind", "source", "status"],
                "properties": {
                    "a": {"type": "string"},
                    "b": {"type": "string"},
                    "kind": {"enum": ["exclusive", "take_higher", "top_up", "once", "stack"]},
                    "winner": {"type": "string"},
                    "condition": {"enum": ["minor", "full_allowance"]},
                    "source": {"type": "string"},
                    "article": {"type": "string"},
                    "status": {"$ref": "#/$defs/Status"},
                    "note": {"type": "string"}
                }
            }
        }),
    );
    properties.insert(
        "remove_overlap".into(),
        json!({
            "description": "in a pack with a base: rows of the base's overlap table to remove",
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": false,
                "required": ["a", "kind"],
                "properties": {
                    "a": {"type": "string"},
                    "b": {"type": "string"},
                    "kind": {"enum": ["exclusive", "take_higher", "top_up", "once", "stack"]}
                }
            }
        }),
    );
    properties.extend(groups);
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "PolicyPack",
        "description": "A doudi policy pack: dated, sourced parameter values and the overlap table.",
        "type": "object",
        "additionalProperties": false,
        "required": ["pack"],
        "properties": properties,
        // A full pack (no base) gives its header, sources and every parameter; a pack with a
        // base gives only what it changes.
        "if": {"properties": {"pack": {"not": {"required": ["base"]}}}},
        "then": {
            "required": ["sources"],
            "properties": {"pack": {"required": ["title", "first_month", "last_month"]}}
        },
        "$defs": {
            "Month": {"type": "string", "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])$"},
            "Date": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
            "Decimal": {"anyOf": [
                {"type": "string", "pattern": "^-?[0-9]+(\\.[0-9]+)?$"},
                {"type": "integer"}
            ]},
            "Status": {"enum": ["verified", "secondary", "article", "illustrative"]}
        }
    })
}

fn history_schema(param: Param) -> Value {
    let value = match param.kind() {
        ParamKind::Money | ParamKind::Factor | ParamKind::Percent => {
            json!({"$ref": "#/$defs/Decimal"})
        }
        ParamKind::Scaled => json!({
            "description": "an amount (\"930.00\"), a multiple (\"1.5x\") or a share (\"10%\")",
            "type": "string",
            "pattern": "^[0-9]+(\\.[0-9]+)?(x|%)?$"
        }),
        ParamKind::Choice => match param {
            crate::policy::Param::Choice(p) => json!({"enum": p.choices()}),
            _ => json!({"type": "string"}),
        },
        ParamKind::Count => json!({"type": "integer", "minimum": 0}),
        ParamKind::Switch => json!({"type": "boolean"}),
        ParamKind::Month => json!({"$ref": "#/$defs/Month"}),
    };
    json!({
        "description": param.description(),
        "type": "array",
        "minItems": 1,
        "items": {
            "type": "object",
            "additionalProperties": false,
            "required": ["from", "value", "source", "status"],
            "properties": {
                "from": {"description": "a TOML date or a YYYY-MM-DD string", "anyOf": [{"$ref": "#/$defs/Date"}, {"type": "string"}]},
                "value": value,
                "source": {"type": "string"},
                "article": {"type": "string"},
                "status": {"$ref": "#/$defs/Status"},
                "note": {"type": "string"}
            }
        }
    })
}
