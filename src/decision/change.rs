//! What would change an outcome: for each entry of a determination, the nearest values of
//! the household's facts at which the entry's outcome changes, and what it would then be.

use std::fmt;

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use super::determination::Determination;
use super::entry::{Entry, Outcome};
use crate::model::{InputFact, InputValue, PersonId, ProgramId};

/// One change of one fact that changes an entry's outcome: the fact, its value today, the
/// value at which the outcome changes, and the outcome then.
///
/// For an amount, `to` is exact to the fen: at `to` the outcome is `then`; one fen nearer
/// today's value it is still today's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub(crate) fact: InputFact,
    pub(crate) from: InputValue,
    pub(crate) to: InputValue,
    pub(crate) then: Outcome,
}

impl Change {
    /// The fact changed.
    pub fn fact(&self) -> InputFact {
        self.fact
    }

    /// Its value today.
    pub fn from(&self) -> InputValue {
        self.from
    }

    /// The value at which the outcome changes.
    pub fn to(&self) -> InputValue {
        self.to
    }

    /// The entry's outcome with the fact at [`Change::to`].
    pub fn then(&self) -> &Outcome {
        &self.then
    }
}

impl fmt::Display for Change {
    /// `members[0].incomes[0].monthly 300.00 → 1687.50: not paid`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} → {}: {}",
            self.fact, self.from, self.to, self.then
        )
    }
}

/// The JSON of a change: `{"fact", "from", "to", "then": {"outcome", "amount"}}`, the
/// values in the JSON type the household's input gives them — a yes/no fact as `true` or
/// `false`, a grade as a number, amounts, months and names as strings — so that a client
/// can put `to` in the input as it stands (`from` is `null` for a fact not given).
impl Serialize for Change {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct Text<'a>(&'a InputValue);
        impl Serialize for Text<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                match self.0 {
                    InputValue::NotGiven => s.serialize_none(),
                    InputValue::Flag(b) => s.serialize_bool(*b),
                    InputValue::Grade(g) => s.serialize_u8(g.get()),
                    value => s.collect_str(value),
                }
            }
        }
        struct Then<'a>(&'a Outcome);
        impl Serialize for Then<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut map = s.serialize_map(None)?;
                map.serialize_entry("outcome", self.0.kind_name())?;
                if let Outcome::Paid { amount } = self.0 {
                    map.serialize_entry("amount", amount)?;
                }
                map.end()
            }
        }
        let mut map = s.serialize_map(Some(4))?;
        map.serialize_entry("fact", &self.fact.to_string())?;
        map.serialize_entry("from", &Text(&self.from))?;
        map.serialize_entry("to", &Text(&self.to))?;
        map.serialize_entry("then", &Then(&self.then))?;
        map.end()
    }
}

/// A determination with, for each of its entries, the changes of one fact that would
/// change the entry's outcome (made by
/// [`Engine::evaluate_changes`](crate::Engine::evaluate_changes)).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changes {
    pub(crate) determination: Determination,
    /// Per entry of the determination, in its order.
    pub(crate) changes: Vec<Vec<Change>>,
}

impl Changes {
    /// The determination, exactly as [`Engine::evaluate`](crate::Engine::evaluate) gives it.
    pub fn determination(&self) -> &Determination {
        &self.determination
    }

    /// The determination, without the changes.
    pub fn into_determination(self) -> Determination {
        self.determination
    }

    /// The changes of the determination's entry number `index` (in the order of
    /// [`Determination::entries`]): amounts nearest first, then the other facts in the
    /// order of the input, then the month. Entry `index` is also step `index` of the
    /// trace of [`Engine::evaluate_traced`](crate::Engine::evaluate_traced): the rule that
    /// changes, with the facts it read and the values it used.
    pub fn of(&self, index: usize) -> &[Change] {
        self.changes.get(index).map_or(&[], Vec::as_slice)
    }

    /// The changes of the entry of `program` for `person` (`None`: the household's own).
    pub fn for_entry(&self, program: ProgramId, person: Option<&PersonId>) -> &[Change] {
        self.determination
            .entries
            .iter()
            .position(|e| e.program == program && self.determination.person_of(e) == person)
            .map_or(&[], |i| self.of(i))
    }

    /// Every entry with its changes.
    pub fn entries(&self) -> impl Iterator<Item = (&Entry, &[Change])> {
        self.determination
            .entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e, self.of(i)))
    }

    /// The full form of the determination as JSON, one line, each entry with its
    /// `"changes"` (read back as [`super::wire::Determination`]).
    pub fn to_json(&self) -> String {
        // Writing plain data to memory cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }
}

impl Serialize for Changes {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.determination.serialize_full(s, Some(&self.changes))
    }
}

impl fmt::Display for Changes {
    /// The determination in plain words, each entry followed by what would change it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.determination.write_words(f, Some(&self.changes))
    }
}
