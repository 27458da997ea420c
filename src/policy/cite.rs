//! Cites: which value of a pack a computation used, and that value shown with its date and
//! source.

use std::fmt;

use rust_decimal::Decimal;

use super::pack::PolicyPack;
use super::param::Param;
use super::source::{Provenance, Source, Status};
use crate::money::Money;
use crate::period::Month;

/// A reference to the pack value a computation used: the parameter and which entry of its
/// history, by index, so results carry their sources without allocating.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Cite {
    pub(crate) param: Param,
    pub(crate) entry: u16,
    /// The parameter's bit in a set of cites (`1 << param.slot()`), kept so that citing is
    /// one `or`: every evaluated program cites values for every member.
    bit: u64,
}

impl Cite {
    pub(crate) fn new(param: Param, entry: u16) -> Cite {
        Cite {
            param,
            entry,
            // Param::COUNT ≤ 64, so every slot has a bit.
            bit: u32::try_from(param.slot())
                .ok()
                .and_then(|slot| 1u64.checked_shl(slot))
                .unwrap_or(0),
        }
    }

    /// The bit of the parameter in a set of cites.
    pub(crate) fn bit(self) -> u64 {
        self.bit
    }

    /// The parameter.
    pub fn param(&self) -> Param {
        self.param
    }

    /// The index of the value in the parameter's history.
    pub fn entry(&self) -> usize {
        usize::from(self.entry)
    }
}

impl serde::Serialize for Cite {
    /// `{"param": "dibao.standard.urban", "entry": 1}`.
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Cite", 2)?;
        st.serialize_field("param", self.param.name())?;
        st.serialize_field("entry", &self.entry)?;
        st.end()
    }
}

/// A cite resolved against its pack, for display and serialisation.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct CiteView<'a> {
    /// The parameter.
    pub param: Param,
    /// The value as text.
    pub value: ValueText,
    /// When the value took effect.
    pub from: chrono::NaiveDate,
    /// Article, status and note.
    pub provenance: &'a Provenance,
    /// The cited document.
    pub source: &'a Source,
}

impl CiteView<'_> {
    /// The value with its date and source as JSON, as determinations and traces write it.
    pub(crate) fn to_json(self) -> serde_json::Value {
        serde_json::json!({
            "param": self.param.name(),
            "value": self.value.to_string(),
            "from": self.from.format("%Y-%m-%d").to_string(),
            "source": self.source.id(),
            "article": self.provenance.article(),
            "status": self.provenance.status().name(),
        })
    }
}

/// A parameter value rendered as text without allocating.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub enum ValueText {
    /// An amount.
    Money(Money),
    /// An amount or a rate.
    Scaled(super::scaled::Scaled),
    /// A choice, by name.
    Choice(&'static str),
    /// A multiplier.
    Factor(Decimal),
    /// A percentage.
    Percent(Decimal),
    /// A whole number.
    Count(u32),
    /// Yes or no.
    Switch(bool),
    /// A month.
    Month(Month),
}

impl fmt::Display for ValueText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ValueText::Money(m) => m.fmt(f),
            ValueText::Scaled(s) => s.fmt(f),
            ValueText::Choice(c) => f.write_str(c),
            ValueText::Factor(d) => d.normalize().fmt(f),
            ValueText::Percent(d) => write!(f, "{}%", d.normalize()),
            ValueText::Count(n) => n.fmt(f),
            ValueText::Switch(b) => f.write_str(if *b { "yes" } else { "no" }),
            ValueText::Month(m) => m.fmt(f),
        }
    }
}

impl PolicyPack {
    /// The value, date and source behind a cite of this pack, or `None` if the cite is of
    /// another pack.
    pub fn view(&self, cite: Cite) -> Option<CiteView<'_>> {
        let i = usize::from(cite.entry);
        macro_rules! view {
            ($hist:expr, $wrap:expr) => {{
                let e = $hist.entries.get(i)?;
                (e.from, $wrap(e.value), &e.provenance)
            }};
        }
        let (from, value, provenance) = match cite.param {
            Param::Money(p) => view!(self.money.get(p.index())?, ValueText::Money),
            Param::Scaled(p) => view!(self.scaled.get(p.index())?, ValueText::Scaled),
            Param::Choice(p) => view!(self.choice.get(p.index())?, ValueText::Choice),
            Param::Factor(p) => view!(self.factor.get(p.index())?, ValueText::Factor),
            Param::Percent(p) => view!(self.percent.get(p.index())?, ValueText::Percent),
            Param::Count(p) => view!(self.count.get(p.index())?, ValueText::Count),
            Param::Switch(p) => view!(self.switch.get(p.index())?, ValueText::Switch),
            Param::Month(p) => view!(self.month.get(p.index())?, ValueText::Month),
        };
        let source = self.sources.get(usize::from(provenance.source))?;
        Some(CiteView {
            param: cite.param,
            value,
            from,
            provenance,
            source,
        })
    }

    /// Every value of `param`'s history, in date order, with its date and source: the same
    /// view for every kind of parameter, as tools list them.
    ///
    /// # Example
    ///
    /// ```
    /// use doudi::{MoneyParam, Param, PolicyPack};
    ///
    /// let pack = PolicyPack::maojian();
    /// let urban: Vec<String> = pack
    ///     .values_of(Param::Money(MoneyParam::DibaoStandardUrban))
    ///     .map(|v| format!("{} {}", v.from, v.value))
    ///     .collect();
    /// assert_eq!(urban, ["2019-01-01 600.00", "2020-01-01 620.00"]);
    /// ```
    pub fn values_of(&self, param: Param) -> impl Iterator<Item = CiteView<'_>> + '_ {
        (0..=u16::MAX).map_while(move |entry| self.view(Cite::new(param, entry)))
    }

    /// The cite of `param`'s value in force in `month`, if the pack has one.
    pub fn cite(&self, param: Param, month: Month) -> Option<Cite> {
        let entry = match param {
            Param::Money(p) => self.money.get(p.index())?.entry_index(month),
            Param::Scaled(p) => self.scaled.get(p.index())?.entry_index(month),
            Param::Choice(p) => self.choice.get(p.index())?.entry_index(month),
            Param::Factor(p) => self.factor.get(p.index())?.entry_index(month),
            Param::Percent(p) => self.percent.get(p.index())?.entry_index(month),
            Param::Count(p) => self.count.get(p.index())?.entry_index(month),
            Param::Switch(p) => self.switch.get(p.index())?.entry_index(month),
            Param::Month(p) => self.month.get(p.index())?.entry_index(month),
        }?;
        Some(Cite::new(param, u16::try_from(entry).ok()?))
    }

    /// Whether the cited value has status `illustrative`.
    pub fn is_illustrative(&self, cite: Cite) -> bool {
        self.view(cite)
            .is_some_and(|v| v.provenance.status() == Status::Illustrative)
    }
}
