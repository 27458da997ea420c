//! Audit findings (POLICY §11): flags, as data, never errors.
//!
//! The household-level findings compare the determination with the household's enrolments
//! and facts; the population-level ones ([`crate::population::duplicates`]) compare
//! households with each other.

use std::fmt;

use serde::Serialize;

use super::condition_holds;
use super::determination::{Entry, HOUSEHOLD, Outcome, Provision, Reason};
use super::params::Cite;
use crate::model::{Enrolment, HouseholdId, PersonId, ProgramId, ProgramKind, ResidentId};
use crate::money::Money;
use crate::policy::{OverlapKind, Party, PolicyPack, Status};
use crate::programs::{Ctx, MemberOrder, Working};

/// The kind of a finding, as written on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
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
    /// The determination used a value whose status is `illustrative`.
    UnverifiedParameter,
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
        FindingKind::UnverifiedParameter,
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
            FindingKind::UnverifiedParameter => "unverified_parameter",
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
            FindingKind::UnverifiedParameter => &STATUS,
            FindingKind::CloseRelativeOfStaff => &RELATIVES,
            FindingKind::DuplicatePerson | FindingKind::DuplicateIdNumber => &REGISTRY,
        }
    }
}

const OVERLAPS: Provision = Provision {
    document: "the pack's overlap table (POLICY §10)",
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
const STATUS: Provision = Provision {
    document: "the pack's source statuses (POLICY, status table)",
    article: "",
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
    /// The determination used a value whose status is `illustrative`.
    UnverifiedParameter {
        /// The value.
        cite: Cite,
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
            Finding::UnverifiedParameter { .. } => FindingKind::UnverifiedParameter,
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
            Finding::UnverifiedParameter { .. } => None,
        }
    }

    /// The order findings are listed in: kind, person, program, value (compared field by
    /// field only as far as needed).
    pub(crate) fn order(&self, other: &Finding) -> std::cmp::Ordering {
        let cite = |f: &Finding| match f {
            Finding::UnverifiedParameter { cite } => Some(*cite),
            _ => None,
        };
        self.kind()
            .cmp(&other.kind())
            .then_with(|| self.person().cmp(&other.person()))
            .then_with(|| self.program().cmp(&other.program()))
            .then_with(|| cite(self).cmp(&cite(other)))
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
            Finding::UnverifiedParameter { cite } => write!(
                f,
                "used {}, a value with status illustrative that a deployment must replace",
                cite.param().name()
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

/// Whether coverage findings compare the program with enrolments: the monthly programs a
/// household applies for. The price subsidy is left out: it follows the other programs
/// automatically, nobody enrols in it.
fn is_enrolled_program(program: ProgramId) -> bool {
    program.kind() == ProgramKind::Monthly && program != ProgramId::PriceSubsidy
}

/// Whether an enrolment is in force in the month.
fn active<O: MemberOrder>(e: &Enrolment, ctx: &Ctx<'_, O>) -> bool {
    e.since <= ctx.month()
}

fn index_of<O: MemberOrder>(ctx: &Ctx<'_, O>, person: &Option<PersonId>) -> Option<u8> {
    match person {
        None => Some(HOUSEHOLD),
        Some(id) => ctx
            .household
            .members()
            .iter()
            .position(|p| p.id() == id)
            .and_then(|i| u8::try_from(i).ok()),
    }
}

/// Whether member `i` is enrolled in `program` (a household dibao enrolment covers every
/// member whose status does not leave the unit).
fn enrolled<O: MemberOrder>(ctx: &Ctx<'_, O>, program: ProgramId, i: u8) -> bool {
    ctx.household.enrolments().iter().any(|e| {
        active(e, ctx)
            && e.program == program
            && match &e.person {
                Some(p) => index_of(ctx, &Some(p.clone())) == Some(i),
                None => ctx
                    .derived
                    .get(usize::from(i))
                    .is_some_and(|d| !d.outside_unit),
            }
    })
}

/// Computes the household-level findings of a determination. Without `detailed`, the
/// `unverified_parameter` findings are only counted (the return value), as batch reports
/// need no more; with it, they are listed and the count is zero.
pub(crate) fn household_findings<O: MemberOrder>(
    ctx: &Ctx<'_, O>,
    w: &Working,
    pack: &PolicyPack,
    out: &mut Vec<Finding>,
    detailed: bool,
) -> u32 {
    let h = ctx.household;
    // The values with status illustrative that the outcomes used.
    let unverified = w.used & ctx.params.illustrative;
    if detailed {
        // One finding per unverified value used, and a few more: reserved at once.
        out.reserve(usize::try_from(unverified.count_ones()).map_or(0, |n| n.saturating_add(4)));
    }

    // Duplicate benefits: enrolled in both sides of an exclusive rule.
    if !h.enrolments().is_empty() {
        for (r, rule) in pack.overlaps().iter().enumerate() {
            let (OverlapKind::Exclusive, Some(Party::Program(b))) = (rule.kind(), rule.b()) else {
                continue;
            };
            for (i, person, d) in ctx.members() {
                if condition_holds(rule, d, w, i)
                    && enrolled(ctx, rule.a(), i)
                    && enrolled(ctx, b, i)
                {
                    out.push(Finding::DuplicateBenefit {
                        person: person.id().clone(),
                        programs: [rule.a(), b],
                        rule: r,
                        households: None,
                    });
                }
            }
        }
    }

    // Coverage: every monthly entry against the enrolment of the same beneficiary.
    for entry in &w.entries {
        if !is_enrolled_program(entry.program) {
            continue;
        }
        let enrolment = h.enrolments().iter().find(|e| {
            active(e, ctx)
                && e.program == entry.program
                && index_of(ctx, &e.person) == Some(entry.index)
        });
        coverage(ctx, entry, enrolment, out);
    }
    // Enrolments that no entry answers (a member enrolled alone in dibao while the
    // household as a whole is determined).
    for e in h.enrolments().iter().filter(|e| active(e, ctx)) {
        let Some(i) = index_of(ctx, &e.person) else {
            continue;
        };
        if is_enrolled_program(e.program)
            && !w
                .entries
                .iter()
                .any(|x| x.program == e.program && x.index == i)
            && let Some(household) = w.find(e.program, HOUSEHOLD)
        {
            out.push(Finding::WrongCoverage {
                program: e.program,
                person: e.person.clone(),
                enrolled: e.monthly_amount,
                reason: household.reason.clone(),
            });
        }
    }

    // Values with status illustrative: one finding per parameter used.
    let mut counted = 0;
    if !detailed {
        counted = unverified.count_ones();
    } else if unverified != 0 {
        let mut bits = unverified;
        while bits != 0 {
            let slot = bits.trailing_zeros() as usize;
            // Clears the lowest set bit (bits is not zero here).
            bits &= bits.wrapping_sub(1);
            if let Some(Some(cite)) = ctx.params.cites.get(slot) {
                out.push(Finding::UnverifiedParameter { cite: *cite });
            }
        }
    }

    // Close relatives of staff among the beneficiaries or the enrolled.
    let involved = !h.enrolments().is_empty()
        || w.entries
            .iter()
            .any(|e| e.program.kind() == ProgramKind::Monthly && e.paid().is_some());
    if involved {
        for person in h
            .members()
            .iter()
            .filter(|p| p.is_close_relative_of_staff())
        {
            out.push(Finding::CloseRelativeOfStaff {
                person: person.id().clone(),
            });
        }
    }
    if !out.is_sorted_by(|a, b| a.order(b).is_le()) {
        out.sort_by(Finding::order);
    }
    counted
}

fn coverage<O: MemberOrder>(
    ctx: &Ctx<'_, O>,
    entry: &Entry,
    enrolment: Option<&Enrolment>,
    out: &mut Vec<Finding>,
) {
    let person = || {
        entry
            .member_index()
            .and_then(|i| ctx.household.members().get(i))
            .map(|p| p.id().clone())
    };
    match (&entry.outcome, enrolment) {
        (Outcome::Paid { amount }, None) => out.push(Finding::MissedCoverage {
            program: entry.program,
            person: person(),
            amount: *amount,
        }),
        (Outcome::Paid { amount }, Some(e)) => {
            if let Some(enrolled) = e.monthly_amount
                && enrolled != *amount
            {
                out.push(Finding::AmountMismatch {
                    program: entry.program,
                    person: person(),
                    enrolled,
                    computed: *amount,
                });
            }
        }
        (Outcome::NotPaid | Outcome::Withheld { .. }, Some(e)) => {
            out.push(Finding::WrongCoverage {
                program: entry.program,
                person: person(),
                enrolled: e.monthly_amount,
                reason: entry.reason.clone(),
            });
        }
        _ => {}
    }
}
