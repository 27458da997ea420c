//! Audit findings: flags for an auditor or caseworker to act on, as data, never errors.
//!
//! Household findings compare a determination with the household's enrolments and facts;
//! population findings compare households with each other.

use std::fmt;

use serde::Serialize;

use super::entry::Provision;
use super::reason::Reason;
use super::source::FactSource;
use crate::model::{HouseholdId, PersonId, ProgramId, ResidentId};
use crate::money::Money;
use crate::policy::Status;

/// The kind of a finding, as written on the wire.
// Its name in snake case, declared once: serde's and strum's words agree.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    strum::IntoStaticStr,
    strum::VariantArray,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
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
    /// A declared value differs from the verified one by more than the tolerance.
    DeclaredDiffers,
    /// A verification result too old to be read: the declared value was.
    VerificationStale,
    /// 预警: a monitored household's expenditure events of the month, added up, above the
    /// warning amount.
    ExpenseWarning,
    /// 定期核查: an enrolment's periodic review is overdue.
    ReviewOverdue,
    /// An enrolment in a local program the engine does not evaluate: not checked.
    UnevaluatedEnrolment,
}

impl FindingKind {
    /// Every kind, in the crate's fixed order.
    pub const ALL: &'static [FindingKind] = <FindingKind as strum::VariantArray>::VARIANTS;

    /// The wire name.
    pub fn name(self) -> &'static str {
        self.into()
    }

    /// The provision behind the finding.
    pub fn provision(self) -> &'static Provision {
        match self {
            FindingKind::DuplicateBenefit => &OVERLAPS,
            FindingKind::MissedCoverage | FindingKind::WrongCoverage => &COVERAGE,
            FindingKind::AmountMismatch => &AMOUNTS,
            FindingKind::CloseRelativeOfStaff => &RELATIVES,
            FindingKind::DuplicatePerson | FindingKind::DuplicateIdNumber => &REGISTRY,
            FindingKind::DeclaredDiffers | FindingKind::VerificationStale => &VERIFICATION,
            FindingKind::ExpenseWarning => &MONITORING,
            FindingKind::ReviewOverdue => &REVIEW,
            FindingKind::UnevaluatedEnrolment => &COVERAGE,
        }
    }
}

const OVERLAPS: Provision = Provision::new("the pack's overlap table", "", Status::Verified);
const COVERAGE: Provision = Provision::new(
    "民发〔2021〕57号 (应保尽保; 漏保、错保)",
    "",
    Status::Verified,
);
const AMOUNTS: Provision = Provision::new("民发〔2021〕57号", "第23条", Status::Verified);
const RELATIVES: Provision = Provision::new("民发〔2021〕57号", "第11、20条", Status::Verified);
const VERIFICATION: Provision = Provision::new(
    "民发〔2021〕57号 (家庭经济状况核对); local implementing rules",
    "",
    Status::Secondary,
);
const MONITORING: Provision = Provision::new(
    "关于加强低收入人口动态监测做好分层分类社会救助工作的意见 (2023)",
    "",
    Status::Secondary,
);
const REVIEW: Provision = Provision::new(
    "定期核查 (national rule as restated locally)",
    "",
    Status::Secondary,
);
const REGISTRY: Provision = Provision::new(
    "民发〔2021〕57号 (one person, one household)",
    "",
    Status::Verified,
);

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
        /// A monitoring warning (漏救): the household is in a monitored category and the
        /// program is dibao or tekun.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        warning: bool,
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
        /// A monitoring warning (救不够): the household is paid less than computed.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        warning: bool,
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
    /// A declared value differs from the verified one (read in its place) by more than
    /// `verification.tolerance` of the verified value and at least
    /// `verification.tolerance_minimum` (for amounts), or at all (for yes/no facts).
    DeclaredDiffers {
        /// What differs, and the values: the verification's reading.
        source: Box<FactSource>,
    },
    /// A verification result too old to read: the declared value was read instead.
    VerificationStale {
        /// The verification's reading.
        source: Box<FactSource>,
    },
    /// A monitored household's medical or education spending this month (its `expenditure`
    /// events, added up) above `monitoring.warning_expense`.
    ExpenseWarning {
        /// The month's spending: the expenditure events' documented amounts, added up.
        amount: Money,
        /// The warning amount.
        limit: Money,
    },
    /// An enrolment's periodic review is overdue: the month is after the due month.
    ReviewOverdue {
        /// The program (dibao or tekun).
        program: ProgramId,
        /// The person (none for a household enrolment).
        person: Option<PersonId>,
        /// The review schedule.
        review: Review,
    },
    /// An enrolment in a local program that the engine does not evaluate (no such local
    /// program was added to it): the enrolment is kept in view, not checked.
    UnevaluatedEnrolment {
        /// The program.
        program: ProgramId,
        /// The person (none for a household enrolment).
        person: Option<PersonId>,
        /// The monthly amount enrolled, if given.
        enrolled: Option<Money>,
    },
}

/// The review class of an enrolment (定期核查).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ReviewClass {
    /// No member of the unit is of working age (18–59) without a qualifying disability or
    /// serious illness: reviewed every `review.months.stable` months.
    Stable,
    /// A member of the unit is of working age and able: reviewed every
    /// `review.months.unstable` months.
    Unstable,
}

/// An enrolment and its periodic review ([`crate::Engine::reviews`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct EnrolmentReview {
    /// The program (dibao or tekun).
    pub program: ProgramId,
    /// The person (none for a household enrolment).
    pub person: Option<PersonId>,
    /// The class and the months.
    pub review: Review,
}

/// When an enrolment is next reviewed.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema,
)]
pub struct Review {
    /// The class.
    pub class: ReviewClass,
    /// The month of the last review.
    pub last: crate::period::Month,
    /// The months between reviews for the class.
    pub interval: u32,
    /// The month the next review is due.
    pub due: crate::period::Month,
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
            Finding::DeclaredDiffers { .. } => FindingKind::DeclaredDiffers,
            Finding::VerificationStale { .. } => FindingKind::VerificationStale,
            Finding::ExpenseWarning { .. } => FindingKind::ExpenseWarning,
            Finding::ReviewOverdue { .. } => FindingKind::ReviewOverdue,
            Finding::UnevaluatedEnrolment { .. } => FindingKind::UnevaluatedEnrolment,
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
            Finding::DeclaredDiffers { source } | Finding::VerificationStale { source } => {
                source.person.as_ref()
            }
            Finding::ExpenseWarning { .. } => None,
            Finding::ReviewOverdue { person, .. }
            | Finding::UnevaluatedEnrolment { person, .. } => person.as_ref(),
        }
    }

    /// Whether the finding is a monitoring warning (预警) for a caseworker to visit: a
    /// large expense, a monitored household missing dibao or tekun, or one paid less than
    /// computed.
    pub fn is_warning(&self) -> bool {
        match self {
            Finding::ExpenseWarning { .. } => true,
            Finding::MissedCoverage { warning, .. } | Finding::AmountMismatch { warning, .. } => {
                *warning
            }
            _ => false,
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
            | Finding::AmountMismatch { program, .. }
            | Finding::ReviewOverdue { program, .. }
            | Finding::UnevaluatedEnrolment { program, .. } => Some(*program),
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
                warning,
            } => {
                write!(
                    f,
                    "{} is eligible for {program} ({amount}) but not enrolled",
                    who(person)
                )?;
                if *warning {
                    f.write_str(" — monitoring warning (漏救)")?;
                }
                Ok(())
            }
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
                warning,
            } => {
                write!(
                    f,
                    "{program} for {}: enrolled {enrolled}, computed {computed} (difference {})",
                    who(person),
                    *computed - *enrolled
                )?;
                if *warning {
                    f.write_str(" — monitoring warning (救不够)")?;
                }
                Ok(())
            }
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
            Finding::DeclaredDiffers { source } => write!(
                f,
                "{}: declared {}, verified {} by {} as of {}",
                source.what(),
                source.declared,
                source.verified,
                source.department.name(),
                source.as_of
            ),
            Finding::VerificationStale { source } => write!(f, "{source}"),
            Finding::ExpenseWarning { amount, limit } => write!(
                f,
                "warning: medical and education spending of {amount} this month, above {limit}: visit the household"
            ),
            Finding::ReviewOverdue {
                program,
                person,
                review,
            } => write!(
                f,
                "{program} for {}: review overdue, due {} ({} months after the review of {}, {})",
                who(person),
                review.due,
                review.interval,
                review.last,
                match review.class {
                    ReviewClass::Stable => "stable",
                    ReviewClass::Unstable => "unstable",
                }
            ),
            Finding::UnevaluatedEnrolment {
                program,
                person,
                enrolled,
            } => {
                write!(
                    f,
                    "{} is enrolled in {program}, a program this engine does not evaluate",
                    who(person)
                )?;
                if let Some(amount) = enrolled {
                    write!(f, " (enrolled at {amount})")?;
                }
                f.write_str(": the enrolment is not checked")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kinds_names_are_their_json_names() {
        for &kind in FindingKind::ALL {
            assert_eq!(
                serde_json::to_value(kind).unwrap(),
                serde_json::Value::from(kind.name())
            );
        }
        assert_eq!(FindingKind::ALL.len(), 12);
    }
}
