//! The policy pack: dated values with sources, switches, the overlap table, loading,
//! validation and the fingerprint.

mod cite;
mod layer;
mod load;
mod month;
mod overlap;
mod pack;
mod param;
mod resolve;
mod scaled;
mod source;
mod write;

pub use cite::{Cite, CiteView, ValueText};
pub use layer::{Layer, PackNote};
pub use load::MAX_PACK_BYTES;
pub(crate) use month::{MonthParams, TopUpCategory};
pub use overlap::{Condition, OverlapKind, OverlapRule, Party};
pub use pack::{Dated, Fingerprint, History, MAOJIAN_TOML, ParamRef, PolicyPack, Sourced};
pub use param::{
    ChoiceParam, CountParam, FactorParam, MoneyParam, MonthParam, PACK_FORMAT, Param, ParamKind,
    PercentParam, ScaledParam, SwitchParam,
};
pub use scaled::Scaled;
pub use source::{Provenance, Source, Status};

impl PolicyPack {
    /// Reads a pack from TOML and checks it: known names, sorted dates without duplicates,
    /// every value sourced, a value for every parameter from the pack's first month, a
    /// consistent overlap table.
    ///
    /// # Errors
    ///
    /// [`crate::error::Error::Pack`] naming the TOML path, e.g.
    /// `pack dibao.standard.urban[1].from: date 2019-06-01 is not after the previous entry's 2020-01-01`.
    ///
    /// A pack may name a base and give only what it changes (see [`PolicyPack::layers`]);
    /// from text, the base is a pack embedded in the crate (`base = "maojian"`). A base
    /// file is found beside the pack's own: read those with [`PolicyPack::from_file`].
    pub fn from_toml(text: &str) -> crate::error::Result<PolicyPack> {
        resolve::load(text, None, None)
    }

    /// Reads a pack file and checks it as [`PolicyPack::from_toml`] does; a base it names
    /// by file is found beside it (`base = "reform.toml"`), in turn with its own base.
    ///
    /// # Errors
    ///
    /// As [`PolicyPack::from_toml`]; [`crate::error::PackProblem::Unreadable`] for a file
    /// that cannot be read (the system's reason in its words).
    pub fn from_file(path: impl AsRef<std::path::Path>) -> crate::error::Result<PolicyPack> {
        let path = path.as_ref();
        let text = resolve::read(path).map_err(|why| crate::error::Error::Pack {
            path: crate::error::Path::root(),
            problem: crate::error::PackProblem::Unreadable {
                file: path.display().to_string(),
                why,
            },
        })?;
        resolve::load(&text, Some(&path.display().to_string()), path.parent())
    }

    /// As [`PolicyPack::from_toml`], from the bytes of a pack file: bytes that are not
    /// UTF-8 are refused with the offset of the first invalid one.
    ///
    /// # Errors
    ///
    /// As [`PolicyPack::from_toml`]; [`crate::error::Problem::NotUtf8`] for bytes that are
    /// not UTF-8.
    pub fn from_toml_bytes(bytes: &[u8]) -> crate::error::Result<PolicyPack> {
        match std::str::from_utf8(bytes) {
            Ok(text) => Self::from_toml(text),
            Err(e) => Err(crate::error::Error::Pack {
                path: crate::error::Path::root(),
                problem: crate::error::PackProblem::Value(crate::error::Problem::NotUtf8 {
                    offset: e.valid_up_to(),
                }),
            }),
        }
    }
}
