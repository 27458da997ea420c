//! Population-level findings: one person or one ID number in two households, and a
//! once-per-person program paid in two households. One pass, hash-indexed: linear in the
//! number of persons.

use std::collections::HashMap;
use std::collections::hash_map::Entry as Slot;

use crate::decision::Determination;
use crate::decision::Finding;
use crate::model::{Household, HouseholdId, PersonId, ProgramId};
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
    // Sized from the iterator's hint: growing a map of half a million entries rehashes it
    // many times over.
    let hint = households.size_hint().0.saturating_mul(3);
    let mut persons: HashMap<&'a PersonId, &'a HouseholdId> = HashMap::with_capacity(hint);
    let mut numbers: HashMap<u64, (&'a HouseholdId, &'a PersonId)> = HashMap::with_capacity(hint);
    let mut out = Vec::new();
    for household in households {
        let hid = household.id();
        for person in household.members() {
            match persons.entry(person.id()) {
                Slot::Vacant(slot) => {
                    slot.insert(hid);
                }
                Slot::Occupied(slot) => out.push(Finding::DuplicatePerson {
                    person: person.id().clone(),
                    households: [(*slot.get()).clone(), hid.clone()],
                }),
            }
            if let Some(number) = person.id_number() {
                match numbers.entry(number.key()) {
                    Slot::Vacant(slot) => {
                        slot.insert((hid, person.id()));
                    }
                    Slot::Occupied(slot) => {
                        let (first_h, first_p) = *slot.get();
                        out.push(Finding::DuplicateIdNumber {
                            id_number: *number,
                            first: (first_h.clone(), first_p.clone()),
                            second: (hid.clone(), person.id().clone()),
                        });
                    }
                }
            }
        }
    }
    sort(&mut out);
    out
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
