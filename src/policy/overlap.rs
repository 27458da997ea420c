//! The overlap table as data: how two programs combine for one person.

use std::fmt;

use crate::model::{ExternalBenefitKind, ProgramId};

use super::source::Provenance;

/// How two programs combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum OverlapKind {
    /// One wins and the other is withheld.
    Exclusive,
    /// Only the higher of the two is paid.
    TakeHigher,
    /// Program `a` pays only the difference between its amount and what `b` already pays.
    TopUp,
    /// Program `a` pays each person at most once, however many of its groups they are in.
    Once,
    /// Both are paid.
    Stack,
}

impl OverlapKind {
    /// The wire name.
    pub fn name(self) -> &'static str {
        match self {
            OverlapKind::Exclusive => "exclusive",
            OverlapKind::TakeHigher => "take_higher",
            OverlapKind::TopUp => "top_up",
            OverlapKind::Once => "once",
            OverlapKind::Stack => "stack",
        }
    }

    pub(crate) const NAMES: &'static str = "exclusive, take_higher, top_up, once, stack";

    pub(crate) fn parse(text: &str) -> Option<OverlapKind> {
        [
            OverlapKind::Exclusive,
            OverlapKind::TakeHigher,
            OverlapKind::TopUp,
            OverlapKind::Once,
            OverlapKind::Stack,
        ]
        .into_iter()
        .find(|k| k.name() == text)
    }
}

/// One side of an overlap rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Party {
    /// A program of the crate (or a local one).
    Program(ProgramId),
    /// A benefit paid outside the crate, written `external:KIND`.
    External(ExternalBenefitKind),
    /// Every other program, written `any`.
    Any,
}

impl Party {
    pub(crate) fn parse(text: &str) -> Option<Party> {
        if text == "any" {
            return Some(Party::Any);
        }
        if let Some(kind) = text.strip_prefix("external:") {
            let quoted = format!("\"{kind}\"");
            return serde_json::from_str(&quoted).ok().map(Party::External);
        }
        text.parse().ok().map(Party::Program)
    }
}

impl fmt::Display for Party {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Party::Program(p) => write!(f, "{p}"),
            Party::External(kind) => {
                let name = serde_json::to_string(kind).unwrap_or_default();
                write!(f, "external:{}", name.trim_matches('"'))
            }
            Party::Any => f.write_str("any"),
        }
    }
}

/// A restriction on when an exclusive rule applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Condition {
    /// Only for a person under 18 (tekun against the child allowances, 43号 第9条).
    Minor,
    /// Only while the winning side is paid in full, not reduced to a top-up (the full
    /// de-facto-unsupported child allowance, 62号).
    FullAllowance,
}

impl Condition {
    /// The wire name.
    pub fn name(self) -> &'static str {
        match self {
            Condition::Minor => "minor",
            Condition::FullAllowance => "full_allowance",
        }
    }

    pub(crate) const NAMES: &'static str = "minor, full_allowance";

    pub(crate) fn parse(text: &str) -> Option<Condition> {
        [Condition::Minor, Condition::FullAllowance]
            .into_iter()
            .find(|c| c.name() == text)
    }
}

/// One row of the overlap table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverlapRule {
    pub(crate) a: ProgramId,
    pub(crate) b: Option<Party>,
    pub(crate) kind: OverlapKind,
    pub(crate) winner: Option<Party>,
    pub(crate) condition: Option<Condition>,
    pub(crate) provenance: Provenance,
}

impl OverlapRule {
    /// The program the rule is about.
    pub fn a(&self) -> ProgramId {
        self.a
    }

    /// The other side (none for `once`).
    pub fn b(&self) -> Option<Party> {
        self.b
    }

    /// How they combine.
    pub fn kind(&self) -> OverlapKind {
        self.kind
    }

    /// For `exclusive`: the side that wins.
    pub fn winner(&self) -> Option<Party> {
        self.winner
    }

    /// When the rule applies, if restricted.
    pub fn condition(&self) -> Option<Condition> {
        self.condition
    }

    /// Where the rule comes from.
    pub fn provenance(&self) -> &Provenance {
        &self.provenance
    }
}
