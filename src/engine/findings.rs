//! The household's audit findings: its determination compared with its enrolments and
//! facts.

use super::overlap::condition_holds;
use super::working::Working;
use crate::decision::{Entry, Finding, HOUSEHOLD, Outcome};
use crate::decision::{FactRead, FactSource};
use crate::model::{Enrolment, PersonId, ProgramId, ProgramKind};
use crate::model::{EventKind, VerifiedValue};
use crate::money::Money;
use crate::policy::MonthParams;
use crate::policy::{MoneyParam, PercentParam};
use crate::policy::{OverlapKind, Party, PolicyPack};
use crate::programs::{Context, Ctx, MemberOrder};

/// Whether the declared value differs from the verified one by more than the tolerance:
/// for amounts, more than the larger of `verification.tolerance` of the verified value and
/// `verification.tolerance_minimum`; for yes/no facts, at all.
fn differs(source: &FactSource, params: &MonthParams) -> bool {
    match (source.declared, source.verified) {
        (VerifiedValue::Amount(declared), VerifiedValue::Amount(verified)) => {
            let share = verified.times(params.share(PercentParam::VerificationTolerance).value);
            let tolerance = share.max(params.money(MoneyParam::VerificationToleranceMinimum).value);
            let gap = if declared > verified {
                declared - verified
            } else {
                verified - declared
            };
            gap > tolerance
        }
        (declared, verified) => declared != verified,
    }
}

/// Whether coverage findings compare the program with enrolments: the programs a
/// household applies for and is enrolled in (not those that follow the others or an event,
/// nor registers).
fn is_enrolled_program(program: ProgramId) -> bool {
    program
        .slot()
        .and_then(|slot| crate::programs::registry().get(slot))
        .is_none_or(|p| p.paid_by() == crate::programs::PaidBy::Enrolment)
}

/// Whether an enrolment is in force in the month.
fn active<O: MemberOrder>(e: &Enrolment, ctx: &Ctx<'_, O>) -> bool {
    e.since <= ctx.month()
}

fn index_of<O: MemberOrder>(ctx: &Ctx<'_, O>, person: &Option<PersonId>) -> Option<u8> {
    match person {
        None => Some(HOUSEHOLD),
        Some(id) => ctx
            .household()
            .members()
            .iter()
            .position(|p| p.id() == id)
            .and_then(|i| u8::try_from(i).ok()),
    }
}

/// Whether member `i` is enrolled in `program` (a household dibao enrolment covers every
/// member whose status does not leave the unit).
fn enrolled<O: MemberOrder>(ctx: &Ctx<'_, O>, program: ProgramId, i: u8) -> bool {
    ctx.household().enrolments().iter().any(|e| {
        active(e, ctx)
            && e.program == program
            && match &e.person {
                Some(p) => index_of(ctx, &Some(p.clone())) == Some(i),
                None => ctx
                    .derived()
                    .get(usize::from(i))
                    .is_some_and(|d| !d.outside_unit),
            }
    })
}

/// Computes the household-level findings of a determination.
pub(crate) fn household_findings<O: MemberOrder>(
    ctx: &Ctx<'_, O>,
    w: &Working,
    pack: &PolicyPack,
    out: &mut Vec<Finding>,
) {
    let h = ctx.household();
    // Whether the household is monitored, asked only by a finding that may be a warning.
    let monitored_cell = std::cell::OnceCell::new();
    let monitored = || {
        *monitored_cell.get_or_init(|| {
            crate::programs::is_monitored(ctx, |p| {
                w.find(p, HOUSEHOLD)
                    .is_some_and(|e| matches!(e.outcome, Outcome::Holds))
            })
        })
    };

    // Duplicate benefits: enrolled in both sides of an exclusive rule.
    if !h.enrolments().is_empty() {
        for (r, rule) in pack.overlaps().iter().enumerate() {
            let (OverlapKind::Exclusive, Some(Party::Program(b))) = (rule.kind(), rule.b()) else {
                continue;
            };
            for (i, m) in ctx.members_with_index() {
                if condition_holds(rule, m.age(), w, i)
                    && enrolled(ctx, rule.a(), i)
                    && enrolled(ctx, b, i)
                {
                    out.push(Finding::DuplicateBenefit {
                        person: m.id().clone(),
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
        coverage(ctx, entry, enrolment, &monitored, out);
    }
    // Enrolments that no entry answers (a member enrolled alone in dibao while the
    // household as a whole is determined), and enrolments in a local program the engine
    // does not have: kept in view rather than dropped.
    for e in h.enrolments().iter().filter(|e| active(e, ctx)) {
        if matches!(e.program, ProgramId::Local(_))
            && !w.entries.iter().any(|x| x.program == e.program)
        {
            out.push(Finding::UnevaluatedEnrolment {
                program: e.program,
                person: e.person.clone(),
                enrolled: e.monthly_amount,
            });
            continue;
        }
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
    // Verification results: a declared value far from the verified one read in its place,
    // and results too old to read.
    let params = ctx.params();
    for source in &ctx.facts().sources {
        match source.read {
            FactRead::Verified if differs(source, params) => {
                out.push(Finding::DeclaredDiffers {
                    source: Box::new(source.clone()),
                });
            }
            FactRead::Stale { .. } => out.push(Finding::VerificationStale {
                source: Box::new(source.clone()),
            }),
            _ => {}
        }
    }

    // Monitoring warnings: the month's medical and education spending (its `expenditure`
    // events, added up; emergencies are not spending) above the limit, for a monitored
    // household.
    if h.events().iter().any(|e| e.month() == ctx.month()) && monitored() {
        let limit = params.money(MoneyParam::MonitoringWarningExpense).value;
        let amount: Money = h
            .events()
            .iter()
            .filter(|e| e.month() == ctx.month() && e.kind() == EventKind::Expenditure)
            .map(|e| e.shortfall())
            .sum();
        if amount > limit {
            out.push(Finding::ExpenseWarning { amount, limit });
        }
    }

    // Periodic reviews past their due month.
    for (e, review) in crate::programs::reviews(ctx) {
        if ctx.month() > review.due {
            out.push(Finding::ReviewOverdue {
                program: e.program(),
                person: e.member().cloned(),
                review,
            });
        }
    }

    if !out.is_sorted_by(|a, b| a.order(b).is_le()) {
        out.sort_by(Finding::order);
    }
}

fn coverage<O: MemberOrder>(
    ctx: &Ctx<'_, O>,
    entry: &Entry,
    enrolment: Option<&Enrolment>,
    monitored: &dyn Fn() -> bool,
    out: &mut Vec<Finding>,
) {
    let person = || {
        entry
            .member_index()
            .and_then(|i| ctx.household().members().get(i))
            .map(|p| p.id().clone())
    };
    match (&entry.outcome, enrolment) {
        (Outcome::Paid { amount }, None) => out.push(Finding::MissedCoverage {
            program: entry.program,
            person: person(),
            amount: *amount,
            warning: matches!(entry.program, ProgramId::Dibao | ProgramId::Tekun) && monitored(),
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
                    warning: *amount > enrolled && monitored(),
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
