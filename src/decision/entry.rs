//! One program's outcome for one beneficiary: the outcome, its reason, the provision it
//! implements and the pack values it used.

use std::fmt;

use super::reason::Reason;
use crate::model::{PersonId, ProgramId};
use crate::money::Money;
use crate::policy::{Cite, Party, Status};

/// The provision a rule implements: a document, its article, and how it is known.
///
/// # Example
///
/// A local program's provision, made at compile time:
///
/// ```
/// use doudi::{Provision, Status};
///
/// static GAOLING: Provision = Provision::new("市高龄津贴实施办法", "第3条", Status::Verified);
/// assert_eq!(GAOLING.to_string(), "市高龄津贴实施办法 第3条 [verified]");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Provision {
    pub(crate) document: &'static str,
    pub(crate) article: &'static str,
    pub(crate) status: Status,
}

impl Provision {
    /// The provision of `article` (may be empty) of `document`, known as `status` says.
    pub const fn new(document: &'static str, article: &'static str, status: Status) -> Self {
        Provision {
            document,
            article,
            status,
        }
    }

    /// The document, e.g. `民发〔2021〕57号`.
    pub fn document(&self) -> &'static str {
        self.document
    }

    /// The article or item, e.g. `第13条` (may be empty).
    pub fn article(&self) -> &'static str {
        self.article
    }

    /// How the rule is known.
    pub fn status(&self) -> Status {
        self.status
    }
}

impl fmt::Display for Provision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.document)?;
        if !self.article.is_empty() {
            write!(f, " {}", self.article)?;
        }
        write!(f, " [{}]", self.status)
    }
}

/// The result of one program for one beneficiary.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Outcome {
    /// An amount is paid (monthly or once, as the program pays).
    Paid {
        /// The amount, rounded to the fen.
        amount: Money,
    },
    /// A classification or service holds (no amount).
    Holds,
    /// Not eligible.
    NotPaid,
    /// Eligible, but withheld by an overlap rule of the pack.
    Withheld {
        /// The amount that would have been paid.
        amount: Money,
        /// The side that won.
        by: Party,
        /// The rule's index in [`PolicyPack::overlaps`](crate::PolicyPack::overlaps).
        rule: usize,
    },
    /// A fact is missing: neither paid nor refused.
    Undetermined,
}

impl Outcome {
    /// The outcome's wire name: `paid`, `holds`, `not_paid`, `withheld`, `undetermined`.
    pub(crate) fn kind_name(&self) -> &'static str {
        match self {
            Outcome::Paid { .. } => "paid",
            Outcome::Holds => "holds",
            Outcome::NotPaid => "not_paid",
            Outcome::Withheld { .. } => "withheld",
            Outcome::Undetermined => "undetermined",
        }
    }
}

impl fmt::Display for Outcome {
    /// `pays 620.00`, `holds`, `not paid`, `50.00 withheld: tekun wins (overlap[3])`,
    /// `undetermined`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::Paid { amount } => write!(f, "pays {amount}"),
            Outcome::Holds => f.write_str("holds"),
            Outcome::NotPaid => f.write_str("not paid"),
            Outcome::Withheld { amount, by, rule } => {
                write!(f, "{amount} withheld: {by} wins (overlap[{rule}])")
            }
            Outcome::Undetermined => f.write_str("undetermined"),
        }
    }
}

/// The pack values an entry used, as a set of parameters (a bit each).
///
/// Within one determination every parameter has one value in force, so the parameter is
/// enough to find the value, its date and its source again: see [`Determination::cites`](crate::Determination::cites).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Cites {
    // A bit per parameter slot: there must be at most 64 parameters.
    bits: u64,
}

const _: () = assert!(crate::policy::Param::COUNT <= 64);

impl Cites {
    pub(crate) fn of(cites: &[Cite]) -> Cites {
        let mut out = Cites::default();
        for c in cites {
            out.push(*c);
        }
        out
    }

    pub(crate) fn push(&mut self, cite: Cite) {
        self.bits |= cite.bit();
    }

    pub(crate) fn bits(self) -> u64 {
        self.bits
    }

    pub(crate) fn from_bits(bits: u64) -> Cites {
        Cites { bits }
    }

    /// The parameters, in the crate's fixed order.
    pub fn params(&self) -> impl Iterator<Item = crate::policy::Param> + '_ {
        let mut bits = self.bits;
        std::iter::from_fn(move || {
            if bits == 0 {
                return None;
            }
            let slot = bits.trailing_zeros() as usize;
            // Clears the lowest set bit (bits is not zero here).
            bits &= bits.wrapping_sub(1);
            crate::policy::Param::from_slot(slot)
        })
    }

    /// Whether no value was used.
    pub fn is_empty(&self) -> bool {
        self.bits == 0
    }
}

/// The index of a household-level entry.
pub(crate) const HOUSEHOLD: u8 = u8::MAX;

/// One program's outcome for one beneficiary (a person, or the household).
#[derive(Debug, Clone)]
pub struct Entry {
    pub(crate) program: ProgramId,
    /// The member's index in the household, or [`HOUSEHOLD`] for the household.
    pub(crate) index: u8,
    /// The member's id: set when the determination is made (evaluation works with the
    /// index alone).
    pub(crate) person: Option<PersonId>,
    pub(crate) outcome: Outcome,
    pub(crate) reason: Reason,
    pub(crate) provision: &'static Provision,
    pub(crate) cites: Cites,
}

/// Equal when everything but the member's position in the input is equal (the
/// determination compares the persons' ids).
impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        self.program == other.program
            && (self.index == HOUSEHOLD) == (other.index == HOUSEHOLD)
            && self.outcome == other.outcome
            && self.reason == other.reason
            && self.provision == other.provision
            && self.cites == other.cites
    }
}

impl Eq for Entry {}

impl Entry {
    /// The program.
    pub fn program(&self) -> ProgramId {
        self.program
    }

    /// The person the entry is for (`None` for the household's own entries).
    pub fn person(&self) -> Option<&PersonId> {
        self.person.as_ref()
    }

    /// The member's position in the household's input, or `None` for the household.
    pub fn member_index(&self) -> Option<usize> {
        (self.index != HOUSEHOLD).then_some(usize::from(self.index))
    }

    /// The outcome.
    pub fn outcome(&self) -> &Outcome {
        &self.outcome
    }

    /// The amount paid, if any.
    pub fn paid(&self) -> Option<Money> {
        match self.outcome {
            Outcome::Paid { amount } => Some(amount),
            _ => None,
        }
    }

    /// Why: the numbers that decided the outcome.
    pub fn reason(&self) -> &Reason {
        &self.reason
    }

    /// The provision the rule implements.
    pub fn provision(&self) -> &'static Provision {
        self.provision
    }

    /// The parameters whose values were used ([`Determination::cites`](crate::Determination::cites) gives the values).
    pub fn params(&self) -> &Cites {
        &self.cites
    }
}
