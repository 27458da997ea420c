//! Audit findings: flags for an auditor or caseworker to act on, as data, never errors.
//!
//! Household findings compare a determination with the household's enrolments and facts;
//! population findings compare households with each other.

use std::fmt;

use serde::Serialize;

use super::entry::Provision;
use super::reason::Reason;
use crate::model::{HouseholdId, PersonId, ProgramId, ResidentId};
use crate::money::Money;
use crate::policy::Status;

/// The kind of a finding, as written on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum FindingKind {
    /// 重复享受: enrolled in two programs that an exclusive rule forbids together, or paid
    /// twice for a once-per-person program.
    DuplicateBenefit,
    /// 漏保: eligible this month but not enrolled.
    MissedCoverage,
    /// 错保: enrolled but not eligible (and not in gradual exit).
    WrongCoverage,
    /// The enrolled amount differs from the computed amount.
    AmountMismatch,
    /// 人情保 risk: a beneficiary is a close relative of staff.
    CloseRelativeOfStaff,
    /// One person id in two households.
    DuplicatePerson,
    /// One resident ID number in two households.
    DuplicateIdNumber,
}

impl FindingKind {
    /// Every kind, in the crate's fixed order.
    pub const ALL: &'static [FindingKind] = &[
        FindingKind::DuplicateBenefit,
        FindingKind::MissedCoverage,
        FindingKind::WrongCoverage,
        FindingKind::AmountMismatch,
        FindingKind::CloseRelativeOfStaff,
        FindingKind::DuplicatePerson,
        FindingKind::DuplicateIdNumber,
    ];

    /// The wire name.
    pub fn name(self) -> &'static str {
        match self {
            FindingKind::DuplicateBenefit => "duplicate_benefit",
            FindingKind::MissedCoverage => "missed_coverage",
            FindingKind::WrongCoverage => "wrong_coverage",
            FindingKind::AmountMismatch => "amount_mismatch",
            FindingKind::CloseRelativeOfStaff => "close_relative_of_staff",
            FindingKind::DuplicatePerson => "duplicate_person",
            FindingKind::DuplicateIdNumber => "duplicate_id_number",
        }
    }

    /// The provision behind the finding.
    pub fn provision(self) -> &'static Provision {
        match self {
            FindingKind::DuplicateBenefit => &OVERLAPS,
            FindingKind::MissedCoverage | FindingKind::WrongCoverage => &COVERAGE,
            FindingKind::AmountMismatch => &AMOUNTS,
            FindingKind::CloseRelativeOfStaff => &RELATIVES,
            FindingKind::DuplicatePerson | FindingKind::DuplicateIdNumber => &REGISTRY,
        }
    }
}

const OVERLAPS: Provision = Provision {
    document: "the pack's overlap table",
    article: "",
    status: Status::Verified,
};
const COVERAGE: Provision = Provision {
    document: "民发〔2021〕57号 (应保尽保; 漏保、错保)",
    article: "",
    status: Status::Verified,
};
const AMOUNTS: Provision = Provision {
    document: "民发〔2021〕57号",
    article: "第23条",
    status: Status::Verified,
};
const RELATIVES: Provision = Provision {
    document: "民发〔2021〕57号",
    article: "第11、20条",
    status: Status::Verified,
};
const REGISTRY: Provision = Provision {
    document: "民发〔2021〕57号 (one person, one household)",
    article: "",
    status: Status::Verified,
};

/// One audit finding, with the persons, programs and amounts concerned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Finding {
    /// Enrolled in two programs that an exclusive rule forbids together, or paid a
    /// once-per-person program in two households.
    DuplicateBenefit {
        /// The person.
        person: PersonId,
        /// The two programs (the same twice for a once-per-person program).
        programs: [ProgramId; 2],
        /// The overlap rule's index in the pack's table.
        rule: usize,
        /// For a once-per-person program: the two households that pay it.
        #[serde(skip_serializing_if = "Option::is_none")]
        households: Option<[HouseholdId; 2]>,
    },
    /// Eligible this month but not enrolled.
    MissedCoverage {
        /// The program.
        program: ProgramId,
        /// The person (none for the household).
        person: Option<PersonId>,
        /// The amount computed.
        amount: Money,
    },
    /// Enrolled but not eligible this month (not in gradual exit).
    WrongCoverage {
        /// The program.
        program: ProgramId,
        /// The person (none for the household).
        person: Option<PersonId>,
        /// The enrolled amount, if recorded.
        enrolled: Option<Money>,
        /// Why the program does not pay.
        reason: Reason,
    },
    /// The enrolled amount differs from the computed one.
    AmountMismatch {
        /// The program.
        program: ProgramId,
        /// The person (none for the household).
        person: Option<PersonId>,
        /// The enrolled amount.
        enrolled: Money,
        /// The computed amount.
        computed: Money,
    },
    /// A beneficiary is a close relative of staff: file separately and visit the home.
    CloseRelativeOfStaff {
        /// The person.
        person: PersonId,
    },
    /// One person id in two households.
    DuplicatePerson {
        /// The person id.
        person: PersonId,
        /// The two households.
        households: [HouseholdId; 2],
    },
    /// One resident ID number in two households.
    DuplicateIdNumber {
        /// The number (masked when displayed).
        id_number: ResidentId,
        /// The first household and person.
        first: (HouseholdId, PersonId),
        /// The second household and person.
        second: (HouseholdId, PersonId),
    },
}

impl Finding {
    /// The kind.
    pub fn kind(&self) -> FindingKind {
        match self {
            Finding::DuplicateBenefit { .. } => FindingKind::DuplicateBenefit,
            Finding::MissedCoverage { .. } => FindingKind::MissedCoverage,
            Finding::WrongCoverage { .. } => FindingKind::WrongCoverage,
            Finding::AmountMismatch { .. } => FindingKind::AmountMismatch,
            Finding::CloseRelativeOfStaff { .. } => FindingKind::CloseRelativeOfStaff,
            Finding::DuplicatePerson { .. } => FindingKind::DuplicatePerson,
            Finding::DuplicateIdNumber { .. } => FindingKind::DuplicateIdNumber,
        }
    }

    /// The person concerned, if one.
    pub fn person(&self) -> Option<&PersonId> {
        match self {
            Finding::DuplicateBenefit { person, .. }
            | Finding::CloseRelativeOfStaff { person }
            | Finding::DuplicatePerson { person, .. } => Some(person),
            Finding::MissedCoverage { person, .. }
            | Finding::WrongCoverage { person, .. }
            | Finding::AmountMismatch { person, .. } => person.as_ref(),
            Finding::DuplicateIdNumber { first, .. } => Some(&first.1),
        }
    }

    /// The order findings are listed in: kind, person, program (compared field by field
    /// only as far as needed).
    pub(crate) fn order(&self, other: &Finding) -> std::cmp::Ordering {
        self.kind()
            .cmp(&other.kind())
            .then_with(|| self.person().cmp(&other.person()))
            .then_with(|| self.program().cmp(&other.program()))
    }

    /// The program concerned, if one.
    pub fn program(&self) -> Option<ProgramId> {
        match self {
            Finding::DuplicateBenefit { programs, .. } => Some(programs[0]),
            Finding::MissedCoverage { program, .. }
            | Finding::WrongCoverage { program, .. }
            | Finding::AmountMismatch { program, .. } => Some(*program),
            _ => None,
        }
    }
}

fn who(person: &Option<PersonId>) -> String {
    person
        .as_ref()
        .map_or_else(|| "the household".to_owned(), |p| p.to_string())
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Finding::DuplicateBenefit {
                person,
                programs,
                rule,
                households,
            } => match households {
                Some([a, b]) => write!(
                    f,
                    "{person} is paid {} in households {a} and {b}, once-per-person (overlap[{rule}])",
                    programs[0]
                ),
                None => write!(
                    f,
                    "{person} is enrolled in {} and {}, which overlap[{rule}] makes exclusive",
                    programs[0], programs[1]
                ),
            },
            Finding::MissedCoverage {
                program,
                person,
                amount,
            } => write!(
                f,
                "{} is eligible for {program} ({amount}) but not enrolled",
                who(person)
            ),
            Finding::WrongCoverage {
                program,
                person,
                reason,
                ..
            } => write!(
                f,
                "{} is enrolled in {program} but not eligible: {reason}",
                who(person)
            ),
            Finding::AmountMismatch {
                program,
                person,
                enrolled,
                computed,
            } => write!(
                f,
                "{program} for {}: enrolled {enrolled}, computed {computed} (difference {})",
                who(person),
                *computed - *enrolled
            ),
            Finding::CloseRelativeOfStaff { person } => write!(
                f,
                "{person} is a close relative of staff: file separately and visit the home"
            ),
            Finding::DuplicatePerson { person, households } => write!(
                f,
                "person {person} appears in households {} and {}",
                households[0], households[1]
            ),
            Finding::DuplicateIdNumber {
                id_number,
                first,
                second,
            } => write!(
                f,
                "ID number {id_number} appears for {}/{} and {}/{}",
                first.0, first.1, second.0, second.1
            ),
        }
    }
}
