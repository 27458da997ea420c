//! Policy packs: the format, for the analysts and districts who write them.
//!
#![doc = include_str!("format.md")]
//!
//! # Parameters
//!
//! Every parameter a pack gives, with the kind of its value and the default pack's latest
//! value (generated from the crate's list of parameters; the test `params_md_is_current`
//! keeps it so).
//!
#![doc = include_str!("params.md")]
//!
//! # The default pack
//!
//! The 茅箭区 pack embedded in the crate ([`crate::MAOJIAN_TOML`]), as a deployment would
//! copy it:
//!
#![doc = concat!("```toml\n", include_str!("../policy/packs/maojian.toml"), "```")]

pub use crate::policy::{Layer, MAOJIAN_TOML, PACK_FORMAT, PackNote, PolicyPack};

#[cfg(test)]
mod tests {
    /// The parameters as a Markdown table: name, kind, meaning, the default pack's latest value.
    fn params_markdown() -> String {
        use std::fmt::Write as _;
        let pack = super::PolicyPack::maojian();
        let mut out = String::from(
            "| parameter | value | meaning | default (latest) |\n| --- | --- | --- | --- |\n",
        );
        for param in crate::policy::Param::all() {
            let kind = match param.kind() {
                crate::policy::ParamKind::Money => "amount",
                crate::policy::ParamKind::Scaled => "amount or rate",
                crate::policy::ParamKind::Choice => "choice",
                crate::policy::ParamKind::Factor => "multiplier",
                crate::policy::ParamKind::Percent => "percentage",
                crate::policy::ParamKind::Count => "whole number",
                crate::policy::ParamKind::Switch => "true / false",
                crate::policy::ParamKind::Month => "month",
            };
            let latest = pack
                .values_of(param)
                .last()
                .map(|v| format!("{} from {}", v.value, v.from))
                .unwrap_or_default();
            // Writing to a String cannot fail.
            let _ = writeln!(
                out,
                "| `{}` | {kind} | {} | {latest} |",
                param.name(),
                param.description().replace('|', "\\|")
            );
        }
        out
    }

    /// `params.md` is [`params_markdown`]'s text (with DOUDI_UPDATE_SNAPSHOTS=1 the
    /// test writes it).
    #[test]
    fn params_md_is_current() {
        let made = params_markdown();
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/packs/params.md");
        if std::env::var_os("DOUDI_UPDATE_SNAPSHOTS").is_some() {
            std::fs::write(path, &made).unwrap();
        }
        assert_eq!(
            made,
            include_str!("params.md"),
            "src/packs/params.md is out of date: run with DOUDI_UPDATE_SNAPSHOTS=1"
        );
    }
}
