//! What the engine answers for one household and one month: every payment, withheld
//! payment, refusal and open question, each with its quantitative reason and its sources.

use std::fmt;
use std::sync::Arc;

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

use super::entry::{Entry, HOUSEHOLD, Outcome};
use super::finding::Finding;
use crate::model::{HouseholdId, PersonId, ProgramId, ProgramKind};
use crate::money::Money;
use crate::period::Month;
use crate::policy::{Cite, PolicyPack};

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
    pub fn person_of(&self, entry: &Entry) -> Option<&PersonId> {
        entry.member_index().and_then(|i| self.persons.get(i))
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

    /// The audit findings of the household, sorted (POLICY §11): data, never errors.
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

    /// The determination as JSON (one line).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

impl fmt::Display for Determination {
    /// A plain-words account, one line per entry.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "household {} in {} (pack {} {})",
            self.household,
            self.month,
            self.pack.name(),
            self.pack.fingerprint()
        )?;
        for e in &self.entries {
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

struct CitesJson<'a>(&'a Determination, &'a Entry);

impl Serialize for CitesJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(None)?;
        for cite in self.0.cites(self.1) {
            if let Some(v) = self.0.pack.view(cite) {
                seq.serialize_element(&v.to_json())?;
            }
        }
        seq.end()
    }
}

struct EntryJson<'a>(&'a Determination, &'a Entry);

impl Serialize for EntryJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let e = self.1;
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("program", &e.program)?;
        map.serialize_entry("person", &self.0.person_of(e))?;
        match &e.outcome {
            Outcome::Paid { amount } => {
                map.serialize_entry("outcome", "paid")?;
                map.serialize_entry("amount", amount)?;
                let period = match e.program.kind() {
                    ProgramKind::OneOff => "one_off",
                    _ => "monthly",
                };
                map.serialize_entry("period", period)?;
            }
            Outcome::Holds => map.serialize_entry("outcome", "holds")?,
            Outcome::NotPaid => map.serialize_entry("outcome", "not_paid")?,
            Outcome::Withheld { amount, by, rule } => {
                map.serialize_entry("outcome", "withheld")?;
                map.serialize_entry("amount", amount)?;
                map.serialize_entry("withheld_by", &by.to_string())?;
                map.serialize_entry("overlap_rule", rule)?;
            }
            Outcome::Undetermined => map.serialize_entry("outcome", "undetermined")?,
        }
        map.serialize_entry("reason", &e.reason)?;
        map.serialize_entry("explanation", &e.reason.to_string())?;
        map.serialize_entry("provision", &e.provision.to_string())?;
        map.serialize_entry("values", &CitesJson(self.0, e))?;
        map.end()
    }
}

impl Serialize for Determination {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("household", &self.household)?;
        map.serialize_entry("month", &self.month)?;
        map.serialize_entry("pack", self.pack.name())?;
        map.serialize_entry("pack_fingerprint", &self.pack.fingerprint())?;
        map.serialize_entry("total_monthly", &self.total_monthly())?;
        map.serialize_entry("total_one_off", &self.total_one_off())?;
        let entries: Vec<EntryJson<'_>> = self.entries.iter().map(|e| EntryJson(self, e)).collect();
        map.serialize_entry("entries", &entries)?;
        let findings: Vec<serde_json::Value> = self
            .findings
            .iter()
            .map(|f| {
                let mut v = serde_json::to_value(f).unwrap_or_default();
                if let Some(obj) = v.as_object_mut() {
                    obj.insert("explanation".into(), f.to_string().into());
                    obj.insert("provision".into(), f.kind().provision().to_string().into());
                }
                v
            })
            .collect();
        map.serialize_entry("findings", &findings)?;
        map.end()
    }
}
