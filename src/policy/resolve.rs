//! Layered packs: a pack that names a base gives only what it changes, and is resolved into
//! one full pack when it loads. A pack of an earlier format has the values of renamed
//! parameters moved to their new names, and a full one takes the parameters it lacks from
//! the default pack, each with a note.
//!
//! Resolution works on the TOML documents, before any value is checked, so that a layered
//! pack is checked exactly as a full one: the base (resolved in turn) and the overlay are
//! merged into one document, which [`super::load`] then reads. Each merged value and overlap
//! row keeps where it came from (its layer and its position there), so a value shows its
//! layer and an error in an overlay names the overlay's own row.
//!
//! An overlay changes the base as follows:
//! - `[pack]`: `base` names the base; `name` and `version` must be given (a changed pack is
//!   another pack); `title`, `first_month` and `last_month` replace the base's when given.
//! - `[sources.ID]`: added, or replacing the base's source of that id.
//! - a parameter's values: each replaces the base's value that takes effect in the same
//!   month, or is added to its history; the base's other values stay.
//! - `[[overlap]]`: a row replaces the base's row with the same `a`, `b` and `kind`, or is
//!   added; `[[remove_overlap]]` (`a`, `b`, `kind`) removes one.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use toml::{Table, Value};

use super::layer::{Layer, Origin, PackNote, Resolved};
use super::load::{self, MAX_PACK_BYTES};
use super::pack::{MAOJIAN_TOML, PolicyPack};
use super::param::{FORMATS, PACK_FORMAT as FORMAT};
use crate::error::{Error, PackProblem, Path, Problem, Result, Segment};
use crate::period::Month;

/// The packs embedded in the crate, by the name a base gives.
const EMBEDDED: &[(&str, &str)] = &[("maojian", MAOJIAN_TOML)];

/// The most layers one pack may stand on.
const MAX_LAYERS: usize = 16;

/// Reads, checks and fingerprints a pack given as text, named `name` (its file as named; by
/// default its own `[pack]` name), whose file bases are found in `dir`: its layers
/// resolved, then the merged document checked as one pack.
pub(crate) fn load(
    text: &str,
    name: Option<&str>,
    dir: Option<&std::path::Path>,
) -> Result<PolicyPack> {
    load::read_resolved(&resolve(text, name, dir)?)
}

fn fail(path: Path, problem: PackProblem) -> Error {
    Error::Pack { path, problem }
}

fn pack_key(key: &'static str) -> Path {
    Path::root().field("pack").field(key)
}

/// Resolves the pack `text`, named `name` (its file as named; by default its own `[pack]`
/// name), whose file bases are found in `dir`.
pub(crate) fn resolve(
    text: &str,
    name: Option<&str>,
    dir: Option<&std::path::Path>,
) -> Result<Resolved> {
    resolve_in(text, name, dir, &mut Vec::new())
}

fn resolve_in(
    text: &str,
    name: Option<&str>,
    dir: Option<&std::path::Path>,
    chain: &mut Vec<String>,
) -> Result<Resolved> {
    let mut doc = load::parse(text)?;
    let own_name = doc
        .get("pack")
        .and_then(|p| p.get("name"))
        .and_then(Value::as_str)
        .unwrap_or("pack")
        .to_owned();
    let name = name.unwrap_or(&own_name);
    let header = doc.get_mut("pack").and_then(Value::as_table_mut);
    let base = match header.as_ref().and_then(|h| h.get("base")) {
        None => None,
        Some(Value::String(base)) => Some(base.clone()),
        Some(other) => {
            return Err(fail(
                pack_key("base"),
                PackProblem::WrongType {
                    expected: "a string",
                    found: load::found(other),
                },
            ));
        }
    };
    let format = match header.as_ref().and_then(|h| h.get("format")) {
        None if base.is_some() => FORMAT,
        // A full pack without a format was written before packs said theirs.
        None => 1,
        Some(Value::Integer(n)) if (1..=i64::from(FORMAT)).contains(n) => {
            u32::try_from(*n).unwrap_or(FORMAT)
        }
        Some(other) => {
            return Err(fail(
                pack_key("format"),
                PackProblem::UnknownFormat {
                    found: other.to_string(),
                    latest: FORMAT,
                },
            ));
        }
    };
    if let Some(header) = doc.get_mut("pack").and_then(Value::as_table_mut) {
        header.remove("base");
        header.remove("format");
    }
    // Parameters a later format renamed move to their new names, in this layer as written.
    let renamed = rename(&mut doc, format);
    let Some(base) = base else {
        let mut resolved = whole(doc, name);
        resolved.notes = renamed;
        if format < FORMAT {
            upgrade(&mut resolved, format)?;
        }
        return Ok(resolved);
    };

    let (base_text, base_name, base_dir) = match EMBEDDED.iter().find(|(n, _)| *n == base) {
        Some((embedded, text)) => ((*text).to_owned(), (*embedded).to_owned(), None),
        None => {
            let Some(dir) = dir else {
                return Err(fail(
                    pack_key("base"),
                    PackProblem::NoSuchBase {
                        base,
                        why: "a base file is found beside the pack's own file: load the pack with PolicyPack::from_file".to_owned(),
                    },
                ));
            };
            let path = dir.join(&base);
            let text = read(&path).map_err(|why| {
                fail(
                    pack_key("base"),
                    PackProblem::NoSuchBase {
                        base: base.clone(),
                        why,
                    },
                )
            })?;
            let named = path.display().to_string();
            let parent = path.parent().map(std::path::Path::to_path_buf);
            (text, named, parent)
        }
    };
    let identity = match base_dir {
        Some(_) => std::fs::canonicalize(dir.unwrap_or(std::path::Path::new(".")).join(&base))
            .map_or_else(|_| base_name.clone(), |p| p.display().to_string()),
        None => base_name.clone(),
    };
    if chain.contains(&identity) || chain.len() >= MAX_LAYERS {
        let mut layers = chain.clone();
        layers.push(identity);
        return Err(fail(pack_key("base"), PackProblem::LayerCycle { layers }));
    }
    chain.push(identity);
    let below = resolve_in(&base_text, Some(&base_name), base_dir.as_deref(), chain)
        .and_then(|below| {
            // A base is a pack in its own right, checked as one (an embedded pack is known
            // to be good): a problem in it is named there, not in what stands on it.
            if base_dir.is_some() {
                load::read_resolved(&below)?;
            }
            Ok(below)
        })
        .map_err(|e| {
            match e {
                // A cycle is named once, at the top, not once for each layer it passes.
                Error::Pack {
                    problem: PackProblem::LayerCycle { .. },
                    ..
                } => e,
                e => fail(
                    pack_key("base"),
                    PackProblem::BaseRefused {
                        base: base.clone(),
                        error: Box::new(e),
                    },
                ),
            }
        })?;
    chain.pop();
    let mut resolved = overlay(below, doc, name)?;
    resolved.notes.extend(renamed);
    Ok(resolved)
}

/// Moves the values of every parameter that a format after `written_for` renamed to its new
/// names, each value rewritten to read as the new kind (`"1.5"` as `"1.5x"`, `"10"` as
/// `"10%"`), and notes each. A new name the layer gives itself is left as given.
fn rename(doc: &mut Table, written_for: u32) -> Vec<PackNote> {
    let mut notes = Vec::new();
    for change in FORMATS.iter().filter(|c| c.format > written_for) {
        for renamed in change.renamed {
            let Some(Value::Array(rows)) = take(doc, renamed.old) else {
                continue;
            };
            let rows: Vec<Value> = rows
                .into_iter()
                .map(|mut row| {
                    if let Some(t) = row.as_table_mut()
                        && let Some(value) = t.get("value")
                    {
                        let text = match value {
                            Value::String(s) => s.trim().to_owned(),
                            other => other.to_string(),
                        };
                        t.insert(
                            "value".to_owned(),
                            Value::String(format!("{text}{}", renamed.suffix)),
                        );
                    }
                    row
                })
                .collect();
            for &param in renamed.new {
                if lookup(doc, param.name()).is_some() {
                    continue;
                }
                let parts: Vec<&str> = param.name().split('.').collect();
                insert_at(doc, &parts, Value::Array(rows.clone()));
                notes.push(PackNote {
                    param,
                    values: values_of(&rows),
                    since: change.format,
                    written_for,
                    default: "maojian",
                    renamed_from: Some(renamed.old),
                });
            }
        }
    }
    notes
}

/// Removes and returns the value at a dotted name of a document.
fn take(doc: &mut Table, name: &str) -> Option<Value> {
    match name.split_once('.') {
        None => doc.remove(name),
        Some((head, rest)) => match doc.get_mut(head) {
            Some(Value::Table(inner)) => take(inner, rest),
            _ => None,
        },
    }
}

/// Puts `value` at the dotted path `parts` of `table`, making the tables on the way.
fn insert_at(table: &mut Table, parts: &[&str], value: Value) {
    match parts {
        [] => {}
        [leaf] => {
            table.insert((*leaf).to_owned(), value);
        }
        [head, rest @ ..] => {
            let slot = table
                .entry((*head).to_owned())
                .or_insert_with(|| Value::Table(Table::new()));
            if let Value::Table(inner) = slot {
                insert_at(inner, rest, value);
            }
        }
    }
}

/// The dates and values of a history's rows, as written.
fn values_of(rows: &[Value]) -> Vec<(NaiveDate, String)> {
    rows.iter()
        .filter_map(|row| {
            let from = effective(row).map(|(d, _)| d)?;
            let value = match row.get("value")? {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            Some((from, value))
        })
        .collect()
}

/// Reads a pack file, at most [`MAX_PACK_BYTES`] of it (a longer one is refused when its
/// text is checked); the reason it cannot be read, in the system's words.
pub(crate) fn read(path: &std::path::Path) -> std::result::Result<String, String> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let mut bytes = Vec::new();
    file.take(
        u64::try_from(MAX_PACK_BYTES)
            .unwrap_or(u64::MAX)
            .saturating_add(1),
    )
    .read_to_end(&mut bytes)
    .map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|e| {
        Problem::NotUtf8 {
            offset: e.utf8_error().valid_up_to(),
        }
        .to_string()
    })
}

/// A full pack as its own single layer.
fn whole(doc: Table, name: &str) -> Resolved {
    let mut params = BTreeMap::new();
    for (key, value) in &doc {
        if !matches!(
            key.as_str(),
            "pack" | "sources" | "overlap" | "remove_overlap"
        ) {
            collect(key, value, 0, &mut params);
        }
    }
    let rows = doc
        .get("overlap")
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    Resolved {
        doc,
        layers: vec![Layer {
            name: name.to_owned(),
            upgrade: false,
        }],
        params,
        overlaps: (0..rows).map(|index| Origin { layer: 0, index }).collect(),
        notes: Vec::new(),
    }
}

/// The origins of every parameter's values under `value`, all of layer `layer`.
fn collect(name: &str, value: &Value, layer: u8, out: &mut BTreeMap<String, Vec<Origin>>) {
    match value {
        Value::Table(t) => {
            for (key, inner) in t {
                collect(&format!("{name}.{key}"), inner, layer, out);
            }
        }
        Value::Array(rows) => {
            out.insert(
                name.to_owned(),
                (0..rows.len())
                    .map(|index| Origin { layer, index })
                    .collect(),
            );
        }
        _ => {}
    }
}

/// The month a value takes effect in (see [`super::pack::Dated`]), if its date reads.
fn effective(row: &Value) -> Option<(NaiveDate, Month)> {
    let from = row.get("from")?;
    let date = load::date_value(&Path::root(), from).ok()?;
    let month = Month::of(date).ok()?;
    Some((date, if date.day() == 1 { month } else { month.next() }))
}

/// `doc`, an overlay named `name`, laid on `below`.
fn overlay(mut below: Resolved, doc: Table, name: &str) -> Result<Resolved> {
    let layer = u8::try_from(below.layers.len()).unwrap_or(u8::MAX);
    below.layers.push(Layer {
        name: name.to_owned(),
        upgrade: false,
    });
    let header = match doc.get("pack") {
        Some(Value::Table(t)) => t,
        _ => return Err(fail(Path::root().field("pack"), PackProblem::Missing)),
    };
    for key in ["name", "version"] {
        if !header.contains_key(key) {
            return Err(fail(pack_key(key), PackProblem::Missing));
        }
    }
    if !below.doc.get("overlap").is_some_and(Value::is_array) {
        below
            .doc
            .insert("overlap".to_owned(), Value::Array(Vec::new()));
    }
    // Removals first: a row an overlay replaces is matched against the base as written.
    if let Some(removals) = doc.get("remove_overlap") {
        let rows = removals.as_array().ok_or_else(|| {
            fail(
                Path::root().field("remove_overlap"),
                PackProblem::WrongType {
                    expected: "an array of tables",
                    found: load::found(removals),
                },
            )
        })?;
        for (i, row) in rows.iter().enumerate() {
            let at = Path::root().field("remove_overlap").then(Segment::Index(i));
            let Some(t) = row.as_table() else {
                return Err(fail(
                    at,
                    PackProblem::WrongType {
                        expected: "a table",
                        found: load::found(row),
                    },
                ));
            };
            if let Some(key) = t.keys().find(|k| !matches!(k.as_str(), "a" | "b" | "kind")) {
                return Err(fail(at.field(key.clone()), PackProblem::UnknownKey));
            }
            let existing = base_overlaps(&mut below.doc);
            match existing.and_then(|e| Some((e.iter().position(|r| same_rule(r, row))?, e))) {
                Some((found, existing)) => {
                    existing.remove(found);
                    if found < below.overlaps.len() {
                        below.overlaps.remove(found);
                    }
                }
                None => return Err(fail(at, PackProblem::NothingToRemove)),
            }
        }
    }
    for (key, value) in doc {
        match key.as_str() {
            "remove_overlap" => {}
            "pack" => {
                if let (Value::Table(header), Some(Value::Table(base))) =
                    (&value, below.doc.get_mut("pack"))
                {
                    for (k, v) in header {
                        base.insert(k.clone(), v.clone());
                    }
                }
            }
            "sources" => match (value, below.doc.get_mut("sources")) {
                (Value::Table(sources), Some(Value::Table(base))) => {
                    for (id, source) in sources {
                        base.insert(id, source);
                    }
                }
                (value, _) => {
                    below.doc.insert(key, value);
                }
            },
            "overlap" => {
                let Value::Array(rows) = value else {
                    below.doc.insert(key, value);
                    continue;
                };
                for (index, row) in rows.into_iter().enumerate() {
                    let origin = Origin { layer, index };
                    let Some(existing) = base_overlaps(&mut below.doc) else {
                        continue;
                    };
                    match existing.iter().position(|r| same_rule(r, &row)) {
                        Some(found) => {
                            if let Some(slot) = existing.get_mut(found) {
                                *slot = row;
                            }
                            if let Some(o) = below.overlaps.get_mut(found) {
                                *o = origin;
                            }
                        }
                        None => {
                            existing.push(row);
                            below.overlaps.push(origin);
                        }
                    }
                }
            }
            _ => merge_params(&mut below, &key, value, layer),
        }
    }
    Ok(below)
}

/// The base's overlap rows (an array: [`overlay`] makes one where the base had none).
fn base_overlaps(doc: &mut Table) -> Option<&mut Vec<Value>> {
    doc.get_mut("overlap").and_then(Value::as_array_mut)
}

/// Whether two overlap rows are for the same `a`, `b` and `kind`.
fn same_rule(x: &Value, y: &Value) -> bool {
    ["a", "b", "kind"]
        .iter()
        .all(|key| x.get(key) == y.get(key))
}

/// Lays an overlay's parameter group or history `value`, under the dotted `name`, on the
/// merged document.
fn merge_params(below: &mut Resolved, name: &str, value: Value, layer: u8) {
    let mut path: Vec<&str> = name.split('.').collect();
    let Some(last) = path.pop() else {
        return;
    };
    // The table the value goes in, made where the base has none.
    let mut table = &mut below.doc;
    for key in &path {
        let slot = table
            .entry((*key).to_owned())
            .or_insert_with(|| Value::Table(Table::new()));
        if !slot.is_table() {
            *slot = Value::Table(Table::new());
        }
        let Value::Table(inner) = slot else {
            return;
        };
        table = inner;
    }
    match value {
        Value::Table(groups) => {
            for (key, inner) in groups {
                merge_params(below, &format!("{name}.{key}"), inner, layer);
            }
        }
        Value::Array(rows) => {
            let origins = below.params.entry(name.to_owned()).or_default();
            let existing = match table.get_mut(last) {
                Some(Value::Array(existing)) if origins.len() == existing.len() => existing,
                _ => {
                    // Not a history in the base: the overlay's value stands alone.
                    *origins = (0..rows.len())
                        .map(|index| Origin { layer, index })
                        .collect();
                    table.insert(last.to_owned(), Value::Array(rows));
                    return;
                }
            };
            for (index, row) in rows.into_iter().enumerate() {
                let origin = Origin { layer, index };
                let month = effective(&row).map(|(_, m)| m);
                let same = month.and_then(|m| {
                    existing
                        .iter()
                        .position(|r| effective(r).map(|(_, e)| e) == Some(m))
                });
                match same.and_then(|at| Some((existing.get_mut(at)?, origins.get_mut(at)?))) {
                    Some((slot, was)) => {
                        *slot = row;
                        *was = origin;
                    }
                    None => {
                        existing.push(row);
                        origins.push(origin);
                    }
                }
            }
            // In date order; a value whose date does not read goes last, where the check
            // of the merged pack names it.
            let mut rows: Vec<(Value, Origin)> =
                existing.drain(..).zip(origins.drain(..)).collect();
            rows.sort_by_key(|(row, _)| effective(row).map_or((1, None), |(d, _)| (0, Some(d))));
            for (row, origin) in rows {
                existing.push(row);
                origins.push(origin);
            }
        }
        other => {
            below.params.remove(name);
            table.insert(last.to_owned(), other);
        }
    }
}

/// Gives a full pack of format `written_for` the parameters later formats added, from the
/// default pack, each with a note; the sources they cite come with them.
fn upgrade(resolved: &mut Resolved, written_for: u32) -> Result<()> {
    let default = load::parse(MAOJIAN_TOML)?;
    let layer = u8::try_from(resolved.layers.len()).unwrap_or(u8::MAX);
    let mut used = false;
    for change in FORMATS {
        let since = change.format;
        if since <= written_for {
            continue;
        }
        for &param in change.added {
            let name = param.name();
            if resolved.params.contains_key(name) {
                continue;
            }
            let Some(Value::Array(rows)) = lookup(&default, name) else {
                continue;
            };
            let values = values_of(rows);
            for row in rows {
                // The source a value cites comes with it, unless the pack has its own of
                // that id.
                if let Some(id) = row.get("source").and_then(Value::as_str)
                    && let Some(source) = default.get("sources").and_then(|s| s.get(id))
                    && let Some(Value::Table(sources)) = resolved.doc.get_mut("sources")
                    && !sources.contains_key(id)
                {
                    sources.insert(id.to_owned(), source.clone());
                }
            }
            merge_params(resolved, name, Value::Array(rows.clone()), layer);
            resolved.notes.push(PackNote {
                param,
                values,
                since,
                written_for,
                default: "maojian",
                renamed_from: None,
            });
            used = true;
        }
    }
    if used {
        resolved.layers.push(Layer {
            name: "maojian".to_owned(),
            upgrade: true,
        });
    }
    Ok(())
}

/// The value at a dotted name of a document.
fn lookup<'a>(doc: &'a Table, name: &str) -> Option<&'a Value> {
    let mut parts = name.split('.');
    let mut value = doc.get(parts.next()?)?;
    for part in parts {
        value = value.get(part)?;
    }
    Some(value)
}
