//! The policy pack: dated parameter values with their sources, and the overlap table.

use std::fmt;
use std::sync::LazyLock;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::{Digest, Sha256};

use super::overlap::OverlapRule;
use super::param::{
    ChoiceParam, CountParam, FactorParam, MoneyParam, MonthParam, PercentParam, ScaledParam,
    SwitchParam,
};
use super::source::{Provenance, Source};
use crate::error::{Error, Result};
use crate::money::Money;
use crate::period::Month;

/// One dated value of a parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dated<T> {
    pub(crate) from: NaiveDate,
    /// The first month the value applies to: the month of `from` when it is the 1st, else the
    /// next (a value for month M is the latest whose date is on or before M's first day).
    pub(crate) effective: Month,
    pub(crate) value: T,
    pub(crate) provenance: Provenance,
}

impl<T: Copy> Dated<T> {
    /// The date the value takes effect.
    pub fn from(&self) -> NaiveDate {
        self.from
    }

    /// The value.
    pub fn value(&self) -> T {
        self.value
    }

    /// Where it comes from.
    pub fn provenance(&self) -> &Provenance {
        &self.provenance
    }
}

/// A parameter's history: its values in date order, each holding until the next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct History<T> {
    pub(crate) entries: Vec<Dated<T>>,
}

impl<T: Copy> History<T> {
    /// The values in date order.
    pub fn entries(&self) -> &[Dated<T>] {
        &self.entries
    }

    /// The entry in force in `month`, if the history reaches back that far.
    fn entry_on(&self, month: Month) -> Option<&Dated<T>> {
        self.entry_index(month).and_then(|i| self.entries.get(i))
    }

    /// The index of the entry in force in `month`.
    pub(crate) fn entry_index(&self, month: Month) -> Option<usize> {
        self.entries.iter().rposition(|e| e.effective <= month)
    }
}

/// A parameter of a particular pack, ready to be looked up by month.
#[derive(Debug, Clone, Copy)]
pub struct ParamRef<'a, T> {
    pack: &'a PolicyPack,
    name: &'static str,
    history: &'a History<T>,
}

impl<'a, T: Copy> ParamRef<'a, T> {
    /// The value in force in `month`, with its source: the latest whose date is on or
    /// before the first day of the month.
    ///
    /// # Errors
    ///
    /// [`Error::OutsidePack`] when the month is outside the months the pack covers.
    pub fn on(&self, month: Month) -> Result<Sourced<'a, T>> {
        self.pack.check_covers(month)?;
        // A loaded pack has a value for every parameter from its first month (checked at
        // load), so inside the coverage an entry is always found.
        let entry = self
            .history
            .entry_on(month)
            .ok_or_else(|| self.pack.outside(month))?;
        Ok(Sourced {
            name: self.name,
            value: entry.value,
            from: entry.from,
            provenance: &entry.provenance,
            source: self.pack.source_of(&entry.provenance),
        })
    }

    /// The parameter's whole history.
    pub fn history(&self) -> &'a History<T> {
        self.history
    }
}

/// A value with the date it took effect and where it comes from.
#[derive(Debug, Clone, Copy)]
pub struct Sourced<'a, T> {
    name: &'static str,
    value: T,
    from: NaiveDate,
    provenance: &'a Provenance,
    source: &'a Source,
}

impl<'a, T: Copy> Sourced<'a, T> {
    /// The parameter's wire name.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The value.
    pub fn value(&self) -> T {
        self.value
    }

    /// The date the value took effect.
    pub fn from(&self) -> NaiveDate {
        self.from
    }

    /// Article, status and note.
    pub fn provenance(&self) -> &'a Provenance {
        self.provenance
    }

    /// The cited document.
    pub fn source(&self) -> &'a Source {
        self.source
    }
}

impl<T: Copy + fmt::Display> fmt::Display for Sourced<'_, T> {
    /// `dibao.standard.urban = 620.00 (from 2020-01-01; 茅箭区 default pack, illustrative)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} = {} (from {}; {}",
            self.name, self.value, self.from, self.source.document
        )?;
        if let Some(article) = &self.provenance.article {
            write!(f, " {article}")?;
        }
        write!(f, ", {})", self.provenance.status)
    }
}

/// The SHA-256 of a pack's canonical form: equal for packs that say the same, whatever
/// their formatting, key order or comments. Auditors pin decisions to it.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Fingerprint(pub(crate) [u8; 32]);

impl Fingerprint {
    /// The 32 bytes.
    pub fn bytes(&self) -> [u8; 32] {
        self.0
    }

    /// The first twelve hexadecimal characters: enough to tell packs apart on a screen
    /// (a report names the pack by name and this), not to pin a decision.
    ///
    /// ```
    /// let short = doudi::PolicyPack::maojian().fingerprint().short();
    /// assert_eq!(short.len(), 12);
    /// assert!(doudi::PolicyPack::maojian().fingerprint().to_string().starts_with(&short));
    /// ```
    pub fn short(&self) -> String {
        self.0.iter().take(6).map(|b| format!("{b:02x}")).collect()
    }

    pub(crate) fn of(canonical: &[u8]) -> Fingerprint {
        Fingerprint(Sha256::digest(canonical).into())
    }

    pub(crate) fn parse(text: &str) -> Option<Fingerprint> {
        // Lowercase only: one digest, one spelling (a record whose hash changed case was
        // altered).
        if text.len() != 64
            || !text
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        {
            return None;
        }
        let mut bytes = [0u8; 32];
        for (byte, pair) in bytes.iter_mut().zip(text.as_bytes().chunks_exact(2)) {
            *byte = u8::from_str_radix(std::str::from_utf8(pair).ok()?, 16).ok()?;
        }
        Some(Fingerprint(bytes))
    }
}

impl fmt::Display for Fingerprint {
    /// Lowercase hexadecimal, 64 characters.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|b| write!(f, "{b:02x}"))
    }
}

impl std::str::FromStr for Fingerprint {
    type Err = Error;

    /// Reads 64 hexadecimal characters.
    fn from_str(text: &str) -> Result<Fingerprint> {
        Fingerprint::parse(text).ok_or_else(|| Error::Record {
            message: format!("{text:?} is not a SHA-256 digest (64 hexadecimal characters)"),
        })
    }
}

impl fmt::Debug for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Fingerprint({self})")
    }
}

impl Serialize for Fingerprint {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Fingerprint {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Fingerprint, D::Error> {
        let text = std::borrow::Cow::<'de, str>::deserialize(d)?;
        Fingerprint::parse(&text)
            .ok_or_else(|| serde::de::Error::custom("expected 64 hexadecimal characters"))
    }
}

/// A policy pack: every parameter as a dated history with sources, and the overlap table.
///
/// Rules are code; values are data. A deployment replaces values, never the structure. The
/// default pack, [`PolicyPack::maojian`], holds a value, with its date and source, for every
/// parameter the crate reads.
///
/// # Example
///
/// ```
/// use doudi::{MoneyParam, PolicyPack};
///
/// let pack = PolicyPack::maojian();
/// let standard = pack.money(MoneyParam::DibaoStandardUrban).on("2020-03".parse()?)?;
/// assert_eq!(standard.value().to_string(), "620.00");
/// assert_eq!(standard.provenance().status().name(), "illustrative");
/// println!("{standard}");
/// # Ok::<(), doudi::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyPack {
    pub(crate) name: String,
    pub(crate) title: String,
    pub(crate) version: String,
    pub(crate) first: Month,
    pub(crate) last: Month,
    pub(crate) sources: Vec<Source>,
    pub(crate) money: Vec<History<Money>>,
    pub(crate) scaled: Vec<History<super::scaled::Scaled>>,
    pub(crate) choice: Vec<History<&'static str>>,
    pub(crate) factor: Vec<History<Decimal>>,
    pub(crate) percent: Vec<History<Decimal>>,
    pub(crate) count: Vec<History<u32>>,
    pub(crate) switch: Vec<History<bool>>,
    pub(crate) month: Vec<History<Month>>,
    pub(crate) overlaps: Vec<OverlapRule>,
    pub(crate) fingerprint: Fingerprint,
    pub(crate) layers: Vec<super::layer::Layer>,
    pub(crate) notes: Vec<super::layer::PackNote>,
}

/// The default pack's TOML, embedded in the crate.
pub const MAOJIAN_TOML: &str = include_str!("packs/maojian.toml");

static MAOJIAN: LazyLock<PolicyPack> = LazyLock::new(|| {
    // The embedded pack is checked by the test `embedded_pack_loads`; it cannot fail here
    // unless the crate itself was built broken.
    #[allow(clippy::expect_used)]
    PolicyPack::from_toml(MAOJIAN_TOML).expect("the embedded maojian pack is valid")
});

impl PolicyPack {
    /// The default pack `maojian` (茅箭区, 2019-01 onwards): every parameter's values, each
    /// with its date and source. Parsed once per process.
    pub fn maojian() -> PolicyPack {
        MAOJIAN.clone()
    }

    /// The layers the pack was resolved from, the lowest first: a full pack is one layer;
    /// a pack that names a base stands on the base's layers. A value's or rule's
    /// [`Provenance::layer`] is its position here. A full pack of an earlier format that
    /// took parameters from the default pack has one more layer, of those values.
    ///
    /// # Example
    ///
    /// ```
    /// use doudi::{MoneyParam, Month, PolicyPack};
    ///
    /// let reform = PolicyPack::from_toml(r#"
    /// [pack]
    /// base = "maojian"
    /// name = "maojian-rural-510"
    /// version = "2020.1-r1"
    ///
    /// [sources.reform]
    /// document = "an analyst's reform: the rural standard 510.00 from July 2020"
    ///
    /// [dibao.standard]
    /// rural = [
    ///   { from = 2020-07-01, value = "510.00", source = "reform", status = "illustrative" },
    /// ]
    /// "#)?;
    /// let layers: Vec<&str> = reform.layers().iter().map(|l| l.name()).collect();
    /// assert_eq!(layers, ["maojian", "maojian-rural-510"]);
    /// let rural = reform.money(MoneyParam::DibaoStandardRural);
    /// let july = rural.on("2020-07".parse::<Month>()?)?;
    /// assert_eq!(july.value().to_string(), "510.00");
    /// assert_eq!(reform.layers()[july.provenance().layer()].name(), "maojian-rural-510");
    /// // The months before keep the default pack's value and layer.
    /// let june = rural.on("2020-06".parse::<Month>()?)?;
    /// assert_eq!(june.value().to_string(), "450.00");
    /// assert_eq!(june.provenance().layer(), 0);
    /// # Ok::<(), doudi::Error>(())
    /// ```
    pub fn layers(&self) -> &[super::layer::Layer] {
        &self.layers
    }

    /// What loading had to supply: each parameter that a full pack of an earlier format
    /// lacked, taken from the default pack, with its values and why. Empty for a pack of the
    /// latest format ([`crate::PACK_FORMAT`]). Tools that load a pack print these.
    pub fn notes(&self) -> &[super::layer::PackNote] {
        &self.notes
    }

    /// The pack's name, e.g. `maojian`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The pack as a person tells it apart from others: its name, version and short
    /// fingerprint, `maojian 2020.1 (1454732157d3)`. Two packs with one name and version
    /// that say different things show different fingerprints.
    pub fn label(&self) -> String {
        format!(
            "{} {} ({})",
            self.name,
            self.version,
            self.fingerprint.short()
        )
    }

    /// The pack's title.
    pub fn title(&self) -> &str {
        &self.title
    }

    /// The pack's own version label.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// The first month the pack covers.
    pub fn first_month(&self) -> Month {
        self.first
    }

    /// The last month the pack covers.
    pub fn last_month(&self) -> Month {
        self.last
    }

    /// The fingerprint (SHA-256 of the canonical form).
    pub fn fingerprint(&self) -> Fingerprint {
        self.fingerprint
    }

    /// The cited documents, sorted by id.
    pub fn sources(&self) -> &[Source] {
        &self.sources
    }

    /// The overlap table.
    pub fn overlaps(&self) -> &[OverlapRule] {
        &self.overlaps
    }

    /// A money parameter.
    pub fn money(&self, p: MoneyParam) -> ParamRef<'_, Money> {
        self.param_ref(p.name(), history(&self.money, p.index()))
    }

    /// An amount-or-rate parameter.
    pub fn scaled(&self, p: ScaledParam) -> ParamRef<'_, super::scaled::Scaled> {
        self.param_ref(p.name(), history(&self.scaled, p.index()))
    }

    /// A choice parameter: the name chosen, one of [`ChoiceParam::choices`].
    pub fn choice(&self, p: ChoiceParam) -> ParamRef<'_, &'static str> {
        self.param_ref(p.name(), history(&self.choice, p.index()))
    }

    /// A multiplier parameter.
    pub fn factor(&self, p: FactorParam) -> ParamRef<'_, Decimal> {
        self.param_ref(p.name(), history(&self.factor, p.index()))
    }

    /// A percentage parameter (`20` means 20%).
    pub fn percent(&self, p: PercentParam) -> ParamRef<'_, Decimal> {
        self.param_ref(p.name(), history(&self.percent, p.index()))
    }

    /// A whole-number parameter.
    pub fn count(&self, p: CountParam) -> ParamRef<'_, u32> {
        self.param_ref(p.name(), history(&self.count, p.index()))
    }

    /// A yes/no parameter.
    pub fn switch(&self, p: SwitchParam) -> ParamRef<'_, bool> {
        self.param_ref(p.name(), history(&self.switch, p.index()))
    }

    /// A month parameter.
    pub fn month(&self, p: MonthParam) -> ParamRef<'_, Month> {
        self.param_ref(p.name(), history(&self.month, p.index()))
    }

    fn param_ref<'a, T>(&'a self, name: &'static str, history: &'a History<T>) -> ParamRef<'a, T> {
        ParamRef {
            pack: self,
            name,
            history,
        }
    }

    /// Checks that the pack covers `month`.
    ///
    /// # Errors
    ///
    /// [`Error::OutsidePack`] when it does not.
    pub fn check_covers(&self, month: Month) -> Result<()> {
        if (self.first..=self.last).contains(&month) {
            Ok(())
        } else {
            Err(self.outside(month))
        }
    }

    /// The error of a month the pack does not cover.
    pub(crate) fn outside(&self, month: Month) -> Error {
        Error::OutsidePack {
            pack: self.name.clone(),
            first: self.first,
            last: self.last,
            month,
        }
    }

    /// The document a value's or rule's provenance of this pack cites (for a provenance
    /// of another pack that names no source of this one, a source with an empty id).
    pub fn source_of(&self, provenance: &Provenance) -> &Source {
        self.sources
            .get(usize::from(provenance.source))
            .unwrap_or(&NO_SOURCE)
    }
}

/// What [`PolicyPack::source_of`] gives for a provenance no pack source fits.
static NO_SOURCE: Source = Source {
    id: String::new(),
    document: String::new(),
    note: None,
};

/// The history of the parameter at `index` of one kind's list.
#[allow(
    clippy::indexing_slicing,
    reason = "a pack holds one history per parameter of each kind (the loader fills every one), and `index` is a parameter's position in its kind"
)]
pub(crate) fn history<T>(list: &[History<T>], index: usize) -> &History<T> {
    &list[index]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_text_round_trips() {
        let fp = Fingerprint::of(b"abc");
        // SHA-256("abc"), FIPS 180-2 appendix B.1.
        assert_eq!(
            fp.to_string(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(Fingerprint::parse(&fp.to_string()), Some(fp));
        assert_eq!(Fingerprint::parse("zz"), None);
    }
}
