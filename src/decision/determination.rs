//! What the engine answers for one household and one month: every payment, withheld
//! payment, refusal and open question, each with its quantitative reason and its sources.

use std::fmt;
use std::sync::Arc;

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

use super::entry::{Cites, Entry, HOUSEHOLD, Outcome};
use super::finding::Finding;
use crate::model::{HouseholdId, PersonId, ProgramId, ProgramKind};
use crate::money::Money;
use crate::period::Month;
use crate::policy::{Cite, CiteView, PolicyPack, Status};

/// The engine's answer for one household and one month.
#[derive(Clone)]
pub struct Determination {
    pub(crate) household: HouseholdId,
    pub(crate) month: Month,
    pub(crate) pack: Arc<PolicyPack>,
    /// The members' ids, in input order.
    pub(crate) persons: Vec<PersonId>,
    pub(crate) entries: Vec<Entry>,
    pub(crate) findings: Vec<Finding>,
    /// Every parameter any outcome used (kept or not).
    pub(crate) used: Cites,
    /// The programs the household is enrolled in (their refusals are kept in the compact
    /// form).
    pub(crate) enrolled: Vec<ProgramId>,
}

/// Equal when household, month, pack, every entry with its person, and every finding are
/// equal; the order members were listed in does not matter.
impl PartialEq for Determination {
    fn eq(&self, other: &Self) -> bool {
        self.household == other.household
            && self.month == other.month
            && self.pack.fingerprint() == other.pack.fingerprint()
            && self.entries.len() == other.entries.len()
            && self
                .entries
                .iter()
                .zip(&other.entries)
                .all(|(a, b)| a == b && self.person_of(a) == other.person_of(b))
            && self.findings == other.findings
            && self.used == other.used
    }
}

impl Eq for Determination {}

impl fmt::Debug for Determination {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Determination")
            .field("household", &self.household)
            .field("month", &self.month)
            .field("pack", &self.pack.fingerprint())
            .field("persons", &self.persons)
            .field("entries", &self.entries)
            .field("findings", &self.findings)
            .finish()
    }
}

impl Determination {
    /// The household.
    pub fn household(&self) -> &HouseholdId {
        &self.household
    }

    /// The month.
    pub fn month(&self) -> Month {
        self.month
    }

    /// The pack the determination was made under.
    pub fn pack(&self) -> &PolicyPack {
        &self.pack
    }

    /// Every entry: programs in the engine's evaluation order (the order of their
    /// dependencies), the household's entry first, then members by person id.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The person an entry is for (`None` for the household).
    pub fn person_of<'a>(&'a self, entry: &'a Entry) -> Option<&'a PersonId> {
        entry
            .person()
            .or_else(|| entry.member_index().and_then(|i| self.persons.get(i)))
    }

    /// The members' ids, in input order.
    pub fn persons(&self) -> &[PersonId] {
        &self.persons
    }

    /// The pack values an entry used, each with its history entry in force this month.
    pub fn cites<'a>(&'a self, entry: &'a Entry) -> impl Iterator<Item = Cite> + 'a {
        entry
            .cites
            .params()
            .filter_map(move |p| self.pack.cite(p, self.month))
    }

    /// Every pack value the decision used, once each, with its date, source and status:
    /// the values of every entry, including refusals a batch run does not keep.
    pub fn values(&self) -> impl Iterator<Item = CiteView<'_>> + '_ {
        self.used
            .params()
            .filter_map(move |p| self.pack.cite(p, self.month))
            .filter_map(move |c| self.pack.view(c))
    }

    /// The values the decision used whose status is `status`: with
    /// [`Status::Illustrative`], the values a deployment must replace before the decision
    /// can be relied on; with [`Status::Secondary`], those known only from a restatement.
    ///
    /// # Example
    ///
    /// ```
    /// use doudi::{Engine, Household, PolicyPack, Status};
    ///
    /// let household = Household::from_json(r#"{"id": "h1", "area": "urban", "members": [
    ///   {"id": "a", "birth_date": "1980-01-01", "sex": "male", "relation": "head"}]}"#)?;
    /// let d = Engine::new(PolicyPack::maojian()).evaluate(&household, "2020-03".parse()?)?;
    /// // The default pack's dibao standard is illustrative: no published value was found.
    /// assert!(d.values_with(Status::Illustrative).any(|v| v.param.name() == "dibao.standard.urban"));
    /// assert!(d.rests_on(Status::Illustrative));
    /// # Ok::<(), doudi::Error>(())
    /// ```
    pub fn values_with(&self, status: Status) -> impl Iterator<Item = CiteView<'_>> + '_ {
        self.values()
            .filter(move |v| v.provenance.status() == status)
    }

    /// Whether the decision used a value whose status is `status`.
    pub fn rests_on(&self, status: Status) -> bool {
        self.values_with(status).next().is_some()
    }

    /// The audit findings of the household, sorted: data, never errors.
    pub fn findings(&self) -> &[Finding] {
        &self.findings
    }

    /// The entry of `program` for `person` (`None` for the household), if any.
    pub fn entry(&self, program: ProgramId, person: Option<&PersonId>) -> Option<&Entry> {
        let index = match person {
            None => HOUSEHOLD,
            Some(id) => u8::try_from(self.persons.iter().position(|p| p == id)?).ok()?,
        };
        self.entries
            .iter()
            .find(|e| e.program == program && e.index == index)
    }

    /// The payments: entries with an amount.
    pub fn payments(&self) -> impl Iterator<Item = (&Entry, Money)> {
        self.entries.iter().filter_map(|e| e.paid().map(|a| (e, a)))
    }

    /// The total of monthly payments.
    pub fn total_monthly(&self) -> Money {
        self.payments()
            .filter(|(e, _)| e.program.kind() == ProgramKind::Monthly)
            .map(|(_, a)| a)
            .sum()
    }

    /// The total of one-off payments.
    pub fn total_one_off(&self) -> Money {
        self.payments()
            .filter(|(e, _)| e.program.kind() == ProgramKind::OneOff)
            .map(|(_, a)| a)
            .sum()
    }

    /// The full form as JSON, one line: every entry with its reason in numbers and words
    /// and the pack values it used, the findings, and every value used once with its date,
    /// source and status. Read it back as [`super::wire::Determination`].
    pub fn to_json(&self) -> String {
        // Writing plain data to memory cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The compact form as JSON, one line (see [`Determination::compact`]).
    pub fn to_compact_json(&self) -> String {
        self.compact().to_json()
    }

    /// The compact form: what is paid, withheld, undetermined or registered, the refusals
    /// of programs the household is enrolled in (add others with
    /// [`CompactView::asking`]), the findings, and the names of the unverified values the
    /// decision rests on; about a tenth of the full form.
    ///
    /// # Example
    ///
    /// ```
    /// use doudi::{Engine, Household, PolicyPack, ProgramId};
    ///
    /// let household = Household::from_json(r#"{"id": "h1", "area": "urban", "members": [
    ///   {"id": "a", "birth_date": "1980-01-01", "sex": "male", "relation": "head",
    ///    "incomes": [{"category": "wage", "monthly": "1500.00"}]}]}"#)?;
    /// let d = Engine::new(PolicyPack::maojian()).evaluate(&household, "2020-03".parse()?)?;
    /// // Counted income 1,200.00: nothing is paid and no register holds (not even the
    /// // low-income edge, 930.00): the compact form lists no entry, unless asked.
    /// let compact: doudi::wire::Compact = doudi::from_json(&d.to_compact_json())?;
    /// assert!(compact.entries.is_empty());
    /// let asked: doudi::wire::Compact =
    ///     doudi::from_json(&d.compact().asking(ProgramId::Dibao).to_json())?;
    /// assert_eq!(asked.entries.len(), 1);
    /// # Ok::<(), doudi::Error>(())
    /// ```
    pub fn compact(&self) -> CompactView<'_> {
        CompactView {
            determination: self,
            asked: Vec::new(),
        }
    }
}

impl fmt::Display for Determination {
    /// A plain-words account, one line per entry.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_words(f, None::<&[Vec<Nothing>]>)
    }
}

/// The extra lines of no entry (a determination written on its own).
pub(crate) enum Nothing {}

impl fmt::Display for Nothing {
    fn fmt(&self, _: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {}
    }
}

impl Serialize for Nothing {
    fn serialize<S: Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
        match *self {}
    }
}

impl Determination {
    /// The plain-words account, with each entry's changes when given.
    pub(crate) fn write_words<C: fmt::Display>(
        &self,
        f: &mut fmt::Formatter<'_>,
        changes: Option<&[Vec<C>]>,
    ) -> fmt::Result {
        writeln!(
            f,
            "household {} in {} (pack {} {})",
            self.household,
            self.month,
            self.pack.name(),
            self.pack.fingerprint()
        )?;
        for (i, e) in self.entries.iter().enumerate() {
            let who = self.person_of(e).map_or("household", |p| p.as_str());
            let what = &e.outcome;
            writeln!(
                f,
                "  {:<24} {:<12} {what} — {} — {}",
                e.program.to_string(),
                who,
                e.reason,
                e.provision
            )?;
            for change in changes.and_then(|c| c.get(i)).into_iter().flatten() {
                writeln!(f, "      what would change it: {change}")?;
            }
        }
        for finding in &self.findings {
            writeln!(f, "  finding {}: {finding}", finding.kind().name())?;
        }
        write!(
            f,
            "  total monthly {}, one-off {}",
            self.total_monthly(),
            self.total_one_off()
        )
    }
}

/// Text written as a JSON string straight from its `Display`, with no `String` between.
struct Words<T>(T);

impl<T: fmt::Display> Serialize for Words<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

/// Writes the fields of an entry's outcome (and, in the full form, the period).
fn outcome_fields<M: SerializeMap>(map: &mut M, e: &Entry, full: bool) -> Result<(), M::Error> {
    map.serialize_entry("outcome", e.outcome.kind_name())?;
    match &e.outcome {
        Outcome::Paid { amount } => {
            map.serialize_entry("amount", amount)?;
            if full {
                let period = match e.program.kind() {
                    ProgramKind::OneOff => "one_off",
                    _ => "monthly",
                };
                map.serialize_entry("period", period)?;
            }
        }
        Outcome::Holds | Outcome::NotPaid | Outcome::Undetermined => {}
        Outcome::Withheld { amount, by, rule } => {
            map.serialize_entry("amount", amount)?;
            map.serialize_entry("withheld_by", &Words(by))?;
            map.serialize_entry("overlap_rule", rule)?;
        }
    }
    Ok(())
}

/// The names of the parameters an entry used.
struct ParamNames(Cites);

impl Serialize for ParamNames {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.params().map(|p| p.name()))
    }
}

/// An entry of the full form, with its changes when they were asked for.
struct EntryJson<'a, C>(&'a Determination, &'a Entry, Option<&'a [C]>);

impl<C: Serialize> Serialize for EntryJson<'_, C> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let e = self.1;
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("program", &e.program)?;
        map.serialize_entry("person", &self.0.person_of(e))?;
        outcome_fields(&mut map, e, true)?;
        map.serialize_entry("reason", &e.reason)?;
        map.serialize_entry("explanation", &Words(&e.reason))?;
        map.serialize_entry("provision", &Words(e.provision))?;
        map.serialize_entry("values", &ParamNames(e.cites))?;
        if let Some(changes) = self.2 {
            map.serialize_entry("changes", changes)?;
        }
        map.end()
    }
}

struct CompactEntryJson<'a>(&'a Determination, &'a Entry);

impl Serialize for CompactEntryJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let e = self.1;
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("program", &e.program)?;
        map.serialize_entry("person", &self.0.person_of(e))?;
        outcome_fields(&mut map, e, false)?;
        map.serialize_entry("reason", &e.reason)?;
        map.end()
    }
}

/// A finding with its words and provision, as the full form writes it.
#[derive(Serialize)]
struct WordedFindingJson<'a> {
    #[serde(flatten)]
    finding: &'a Finding,
    explanation: Words<&'a Finding>,
    provision: Words<&'static super::entry::Provision>,
}

/// A value used, with its date, source and status.
struct ValueJson<'a>(CiteView<'a>);

impl Serialize for ValueJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let v = &self.0;
        let mut map = s.serialize_map(Some(6))?;
        map.serialize_entry("param", v.param.name())?;
        map.serialize_entry("value", &Words(v.value))?;
        map.serialize_entry("from", &Words(v.from.format("%Y-%m-%d")))?;
        map.serialize_entry("source", v.source.id())?;
        map.serialize_entry("article", &v.provenance.article())?;
        map.serialize_entry("status", v.provenance.status().name())?;
        map.end()
    }
}

/// A sequence written from an iterator made again on each use.
struct Each<F>(F);

impl<F, I> Serialize for Each<F>
where
    F: Fn() -> I,
    I: Iterator,
    I::Item: Serialize,
{
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(None)?;
        for item in (self.0)() {
            seq.serialize_element(&item)?;
        }
        seq.end()
    }
}

/// The pack's name, version (full form) and fingerprint.
struct PackJson<'a>(&'a PolicyPack, bool);

impl Serialize for PackJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("name", self.0.name())?;
        if self.1 {
            map.serialize_entry("version", self.0.version())?;
        }
        map.serialize_entry("fingerprint", &self.0.fingerprint())?;
        map.end()
    }
}

/// The full form (see [`super::wire::Determination`]).
impl Serialize for Determination {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.serialize_full(s, None::<&[Vec<Nothing>]>)
    }
}

impl Determination {
    /// The full form, with each entry's changes when given.
    pub(crate) fn serialize_full<S: Serializer, C: Serialize>(
        &self,
        s: S,
        changes: Option<&[Vec<C>]>,
    ) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("household", &self.household)?;
        map.serialize_entry("month", &self.month)?;
        map.serialize_entry("pack", &PackJson(&self.pack, true))?;
        map.serialize_entry("total_monthly", &self.total_monthly())?;
        map.serialize_entry("total_one_off", &self.total_one_off())?;
        map.serialize_entry(
            "entries",
            &Each(|| {
                self.entries.iter().enumerate().map(move |(i, e)| {
                    let of = changes.map(|c| c.get(i).map_or(&[][..], Vec::as_slice));
                    EntryJson(self, e, of)
                })
            }),
        )?;
        map.serialize_entry(
            "findings",
            &Each(|| {
                self.findings.iter().map(|f| WordedFindingJson {
                    finding: f,
                    explanation: Words(f),
                    provision: Words(f.kind().provision()),
                })
            }),
        )?;
        map.serialize_entry("values", &Each(|| self.values().map(ValueJson)))?;
        map.end()
    }
}

/// The compact form of a determination: what is paid, withheld, undetermined or
/// registered, the refusals of programs the household is enrolled in or that were asked
/// about, the findings, and the unverified values the decision rests on; made by
/// [`Determination::compact`]. Its JSON is read back as [`super::wire::Compact`].
#[derive(Debug, Clone)]
pub struct CompactView<'a> {
    determination: &'a Determination,
    asked: Vec<ProgramId>,
}

impl CompactView<'_> {
    /// Keeps the refusals of `program` too (a program the caller asked about).
    #[must_use]
    pub fn asking(mut self, program: ProgramId) -> Self {
        self.asked.push(program);
        self
    }

    /// Whether the compact form keeps `entry`.
    fn keeps(&self, entry: &Entry) -> bool {
        !matches!(entry.outcome, Outcome::NotPaid)
            || self.determination.enrolled.contains(&entry.program)
            || self.asked.contains(&entry.program)
    }

    /// As JSON, one line.
    pub fn to_json(&self) -> String {
        // Writing plain data to memory cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }
}

impl Serialize for CompactView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let d = self.determination;
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("household", &d.household)?;
        map.serialize_entry("month", &d.month)?;
        map.serialize_entry("pack", &PackJson(&d.pack, false))?;
        map.serialize_entry("total_monthly", &d.total_monthly())?;
        map.serialize_entry("total_one_off", &d.total_one_off())?;
        map.serialize_entry(
            "entries",
            &Each(|| {
                d.entries
                    .iter()
                    .filter(|e| self.keeps(e))
                    .map(|e| CompactEntryJson(d, e))
            }),
        )?;
        map.serialize_entry("findings", &d.findings)?;
        map.serialize_entry(
            "illustrative",
            &Each(|| d.values_with(Status::Illustrative).map(|v| v.param.name())),
        )?;
        map.serialize_entry(
            "secondary",
            &Each(|| d.values_with(Status::Secondary).map(|v| v.param.name())),
        )?;
        map.end()
    }
}
