//! The policy pack: dated values with sources, switches, the overlap table, loading,
//! validation and the fingerprint.

mod load;
mod overlap;
mod pack;
mod param;

pub use load::MAX_PACK_BYTES;
pub use overlap::{Condition, OverlapKind, OverlapRule, Party};
pub(crate) use pack::history;
pub use pack::{
    Dated, Fingerprint, History, MAOJIAN_TOML, ParamRef, PolicyPack, Provenance, Source, Sourced,
    Status,
};
pub use param::{
    CountParam, FactorParam, MoneyParam, MonthParam, Param, ParamKind, PercentParam, SwitchParam,
};

impl PolicyPack {
    /// Reads a pack from TOML and checks it: known names, sorted dates without duplicates,
    /// every value sourced, a value for every parameter from the pack's first month, a
    /// consistent overlap table.
    ///
    /// # Errors
    ///
    /// [`crate::Error::Pack`] naming the TOML path, e.g.
    /// `pack dibao.standard.urban[1].from: date 2019-06-01 is not after the previous entry's 2020-01-01`.
    pub fn from_toml(text: &str) -> crate::Result<PolicyPack> {
        load::load(text)
    }
}
