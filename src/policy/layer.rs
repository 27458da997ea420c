//! The layers of a pack: what each value and overlap row of a layered pack keeps of where it
//! came from, and the notes of a pack of an earlier format. Resolution is in `resolve.rs`.

use std::collections::BTreeMap;
use std::fmt;

use chrono::NaiveDate;
use toml::Table;

use super::param::Param;
use crate::error::{Path, Segment};

/// One layer of a pack: the embedded pack or the file it was read from, as named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layer {
    pub(crate) name: String,
    pub(crate) upgrade: bool,
}

impl Layer {
    /// The layer's name: an embedded pack's name (`maojian`) or the file as named.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Whether the layer holds the values a full pack of an earlier format took from the
    /// default pack (see [`crate::PolicyPack::notes`]).
    pub fn is_upgrade(&self) -> bool {
        self.upgrade
    }
}

impl fmt::Display for Layer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)?;
        if self.upgrade {
            f.write_str(" (default values for a pack of an earlier format)")?;
        }
        Ok(())
    }
}

/// What loading did to a pack of an earlier format: a parameter it lacked, taken from the
/// default pack, or one it gave under a name a later format changed, moved to the new name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackNote {
    pub(crate) param: Param,
    pub(crate) values: Vec<(NaiveDate, String)>,
    pub(crate) since: u32,
    pub(crate) written_for: u32,
    pub(crate) default: &'static str,
    pub(crate) renamed_from: Option<&'static str>,
}

impl PackNote {
    /// The parameter.
    pub fn param(&self) -> Param {
        self.param
    }

    /// The values taken, each with the date it takes effect, as the default pack writes them.
    pub fn values(&self) -> &[(NaiveDate, String)] {
        &self.values
    }

    /// The pack format that added the parameter.
    pub fn since_format(&self) -> u32 {
        self.since
    }

    /// The pack format the pack was written for.
    pub fn written_for(&self) -> u32 {
        self.written_for
    }

    /// The parameter of the earlier format whose values these are, when the parameter was
    /// renamed rather than added: the values are the pack's own, not the default pack's.
    pub fn renamed_from(&self) -> Option<&'static str> {
        self.renamed_from
    }
}

impl fmt::Display for PackNote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} = ", self.param.name())?;
        for (i, (from, value)) in self.values.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{value} from {from}")?;
        }
        match self.renamed_from {
            Some(old) => write!(
                f,
                ": the pack's {old}, which format {} renamed (the pack is written for format {})",
                self.since, self.written_for
            ),
            None => write!(
                f,
                ": taken from the default pack {}, as the pack is written for format {} and the parameter came with format {}",
                self.default, self.written_for, self.since
            ),
        }
    }
}

/// Where a merged value or overlap row came from: its layer, and its position there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Origin {
    pub(crate) layer: u8,
    pub(crate) index: usize,
}

/// A pack's layers merged into one document, with where each value and row came from.
#[derive(Debug)]
pub(crate) struct Resolved {
    pub(crate) doc: Table,
    pub(crate) layers: Vec<Layer>,
    /// For each parameter (by dotted name), the origin of each value, in order.
    pub(crate) params: BTreeMap<String, Vec<Origin>>,
    /// The origin of each overlap row, in order.
    pub(crate) overlaps: Vec<Origin>,
    pub(crate) notes: Vec<PackNote>,
}

impl Resolved {
    /// The layer a merged document's path is in, with the path rewritten to the row's
    /// position in that layer: a value or an overlap row given by an overlay is named as
    /// the overlay writes it.
    pub(crate) fn locate(&self, path: &Path) -> Path {
        let segments = path.segments();
        let mut name = String::new();
        for (i, segment) in segments.iter().enumerate() {
            match segment {
                Segment::Field(f) => {
                    if !name.is_empty() {
                        name.push('.');
                    }
                    name.push_str(f);
                }
                Segment::Index(row) => {
                    let origins = if name == "overlap" {
                        Some(&self.overlaps)
                    } else {
                        self.params.get(&name)
                    };
                    let Some(origin) = origins.and_then(|o| o.get(*row)) else {
                        return path.clone();
                    };
                    let mut out: Vec<Segment> = segments.get(..i).unwrap_or_default().to_vec();
                    out.push(Segment::Index(origin.index));
                    out.extend(
                        segments
                            .get(i.saturating_add(1)..)
                            .unwrap_or_default()
                            .iter()
                            .cloned(),
                    );
                    return Path::of(out);
                }
                _ => return path.clone(),
            }
        }
        path.clone()
    }
}
