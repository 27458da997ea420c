//! Population-level findings: one person or one ID number in two households, and a
//! once-per-person program paid in two households. One pass, hash-indexed: linear in the
//! number of persons.

use std::collections::HashMap;
use std::collections::hash_map::Entry as Slot;

use crate::decision::Determination;
use crate::decision::Finding;
use crate::model::{Household, HouseholdId, PersonId, ProgramId, ResidentId};
use crate::policy::OverlapKind;

/// Finds every person id and every resident ID number that appears in two households
/// (`duplicate_person`, `duplicate_id_number`). A value seen in three households yields two
/// findings, each pairing a later household with the first. Sorted.
///
/// # Example
///
/// An auditor's roster: household `h2` lists a person that `h1` lists too, and `h3` carries
/// the ID number of a member of `h1`.
///
/// ```
/// use doudi::{FindingKind, Household, population};
///
/// let h1 = Household::from_json(r#"{"id": "h1", "area": "urban", "members": [
///   {"id": "p1", "birth_date": "1990-01-01", "sex": "male", "relation": "head",
///    "id_number": "420302199001010015"}]}"#)?;
/// let h2 = Household::from_json(r#"{"id": "h2", "area": "urban", "members": [
///   {"id": "p2", "birth_date": "1970-01-01", "sex": "female", "relation": "head"},
///   {"id": "p1", "birth_date": "1990-01-01", "sex": "male", "relation": "child"}]}"#)?;
/// let h3 = Household::from_json(r#"{"id": "h3", "area": "rural", "members": [
///   {"id": "p9", "birth_date": "1990-01-01", "sex": "male", "relation": "head",
///    "id_number": "420302199001010015"}]}"#)?;
///
/// let findings = population::duplicates([&h1, &h2, &h3]);
/// let kinds: Vec<FindingKind> = findings.iter().map(|f| f.kind()).collect();
/// assert_eq!(kinds, [FindingKind::DuplicatePerson, FindingKind::DuplicateIdNumber]);
/// assert_eq!(findings[0].to_string(), "person p1 appears in households h1 and h2");
/// assert_eq!(findings[1].to_string(), "ID number 420302********0015 appears for h1/p1 and h3/p9");
/// # Ok::<(), doudi::Error>(())
/// ```
pub fn duplicates<'a>(households: impl IntoIterator<Item = &'a Household>) -> Vec<Finding> {
    let households = households.into_iter();
    let mut seen = Identities::with_capacity(households.size_hint().0);
    let mut out = Vec::new();
    for household in households {
        seen.see(household, &mut out);
    }
    sort(&mut out);
    out
}

/// The identities seen so far in a run over many households — each person id and resident
/// ID number, with the household (and person) it was first seen in — to find, household by
/// household as a run reads them, the ones seen before: the one mechanism behind
/// [`duplicates`] and the duplicate findings of every run over many households.
///
/// Memory: an entry per person id and per ID number, each holding shared ids (no copy of
/// their text): about 220 bytes a person, measured (122 MB more at the peak of a
/// 550,000-person tables run).
///
/// # Example
///
/// A service reading households one at a time:
///
/// ```
/// use doudi::{Household, population::Identities};
///
/// let h1 = Household::from_json(r#"{"id": "h1", "area": "urban", "members": [
///   {"id": "p1", "birth_date": "1990-01-01", "sex": "male", "relation": "head"}]}"#)?;
/// let h2 = Household::from_json(r#"{"id": "h2", "area": "urban", "members": [
///   {"id": "p1", "birth_date": "1990-01-01", "sex": "male", "relation": "head"}]}"#)?;
/// let mut seen = Identities::default();
/// let mut found = Vec::new();
/// seen.see(&h1, &mut found);
/// assert!(found.is_empty());
/// seen.see(&h2, &mut found);
/// assert_eq!(found[0].to_string(), "person p1 appears in households h1 and h2");
/// # Ok::<(), doudi::Error>(())
/// ```
#[derive(Debug, Default)]
pub struct Identities {
    persons: foldhash::HashMap<PersonId, HouseholdId>,
    numbers: foldhash::HashMap<u64, (HouseholdId, PersonId)>,
}

impl Identities {
    /// Room for about `households` households (three persons each) without rehashing.
    pub fn with_capacity(households: usize) -> Identities {
        let persons = households.saturating_mul(3);
        Identities {
            persons: foldhash::HashMap::with_capacity_and_hasher(persons, Default::default()),
            numbers: foldhash::HashMap::with_capacity_and_hasher(persons, Default::default()),
        }
    }

    /// Takes in `household`'s members and adds to `out` a finding for each person id or ID
    /// number already seen in another household. A member listed twice in one household is
    /// the household's own error, not a duplicate across households.
    pub fn see(&mut self, household: &Household, out: &mut Vec<Finding>) {
        for person in household.members() {
            self.see_member(household.id(), person.id(), person.id_number(), out);
        }
    }

    /// As [`Identities::see`], for one member of household `hid`.
    pub(crate) fn see_member(
        &mut self,
        hid: &HouseholdId,
        person: &PersonId,
        number: Option<&ResidentId>,
        out: &mut Vec<Finding>,
    ) {
        match self.persons.entry(person.clone()) {
            Slot::Vacant(slot) => {
                slot.insert(hid.clone());
            }
            Slot::Occupied(slot) if slot.get() != hid => {
                out.push(Finding::DuplicatePerson {
                    person: person.clone(),
                    households: [slot.get().clone(), hid.clone()],
                });
            }
            Slot::Occupied(_) => {}
        }
        if let Some(number) = number {
            match self.numbers.entry(number.key()) {
                Slot::Vacant(slot) => {
                    slot.insert((hid.clone(), person.clone()));
                }
                Slot::Occupied(slot) if slot.get().0 != *hid => {
                    let (first_h, first_p) = slot.get().clone();
                    out.push(Finding::DuplicateIdNumber {
                        id_number: *number,
                        first: (first_h, first_p),
                        second: (hid.clone(), person.clone()),
                    });
                }
                Slot::Occupied(_) => {}
            }
        }
    }
}

/// The two households a finding of [`duplicates`] concerns (`None` for a finding of one
/// household's determination).
pub(crate) fn concerned(finding: &Finding) -> Option<[&HouseholdId; 2]> {
    match finding {
        Finding::DuplicatePerson { households, .. } => Some([&households[0], &households[1]]),
        Finding::DuplicateIdNumber { first, second, .. } => Some([&first.0, &second.0]),
        _ => None,
    }
}

/// Finds persons paid a once-per-person program (a `once` rule of the pack: the price
/// subsidy, the covid relief) in two households' determinations (`duplicate_benefit`).
pub fn once_paid_twice<'a>(
    determinations: impl IntoIterator<Item = &'a Determination>,
) -> Vec<Finding> {
    let mut seen: HashMap<(ProgramId, &'a PersonId), &'a HouseholdId> = HashMap::new();
    let mut out = Vec::new();
    for d in determinations {
        let rules = d.pack().overlaps();
        for (entry, _) in d.payments() {
            let Some(rule) = rules
                .iter()
                .position(|r| r.kind() == OverlapKind::Once && r.a() == entry.program())
            else {
                continue;
            };
            let Some(person) = d.person_of(entry) else {
                continue;
            };
            match seen.entry((entry.program(), person)) {
                Slot::Vacant(slot) => {
                    slot.insert(d.household());
                }
                Slot::Occupied(slot) => out.push(Finding::DuplicateBenefit {
                    person: person.clone(),
                    programs: [entry.program(); 2],
                    rule,
                    households: Some([(*slot.get()).clone(), d.household().clone()]),
                }),
            }
        }
    }
    sort(&mut out);
    out
}

fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| a.order(b).then_with(|| a.to_string().cmp(&b.to_string())));
}
