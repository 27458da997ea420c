//! Building the explanation trace of an evaluation: the facts each rule read, from the
//! context the programs saw, and the overlap applications the engine recorded.

use std::sync::Arc;

use super::working::ResolutionRecord;
use crate::decision::{Entry, Fact, FactValue, HOUSEHOLD, Resolution, Step, Trace};
use crate::model::{Area, CareForm, LegalSupporter, ProgramId};
use crate::money::Money;
use crate::policy::PolicyPack;
use crate::programs::{Ctx, MemberOrder};

fn word_area(area: Area) -> &'static str {
    match area {
        Area::Urban => "urban",
        Area::Rural => "rural",
    }
}

/// Appends the facts `program` reads for the beneficiary at `index`.
fn facts<O: MemberOrder>(
    ctx: &Ctx<'_, O>,
    program: ProgramId,
    index: u8,
    unit: u64,
    out: &mut Vec<Fact>,
) {
    let h = ctx.household;
    let mut push = |name, value| out.push(Fact { name, value });
    if index == HOUSEHOLD {
        push("area", FactValue::Word(word_area(h.area())));
        match program {
            ProgramId::Dibao => {
                push("members in the unit", FactValue::Count(unit.count_ones()));
                let counted: Money = h
                    .members()
                    .iter()
                    .zip(ctx.derived)
                    .enumerate()
                    .filter(|&(i, _)| unit & (1 << i) != 0)
                    .map(|(_, (p, d))| d.gross_counted - p.rigid_spending())
                    .sum();
                push("counted income of the unit", FactValue::Money(counted));
                push(
                    "financial assets",
                    FactValue::Money(ctx.facts.financial_assets),
                );
                push(
                    "non-exempt vehicle",
                    FactValue::Flag(ctx.facts.non_exempt_vehicle),
                );
                if let Some(e) = h
                    .enrolments()
                    .iter()
                    .find(|e| e.program == ProgramId::Dibao)
                {
                    push("enrolled since", FactValue::Month(e.since));
                    if let Some(rose) = e.income_rose_in {
                        push("income rose in", FactValue::Month(rose));
                    }
                }
            }
            ProgramId::TemporaryAssistance => {
                let events = h.events().iter().filter(|e| e.month == ctx.month()).count();
                push(
                    "events this month",
                    FactValue::Count(u32::try_from(events).unwrap_or(u32::MAX)),
                );
            }
            ProgramId::GuaranteeGap => {
                push(
                    "safe drinking water",
                    FactValue::Flag(!h.lacks_safe_drinking_water()),
                );
                push("unsafe housing", FactValue::Flag(ctx.facts.unsafe_housing));
            }
            _ => {}
        }
        return;
    }
    let i = usize::from(index);
    let (Some(p), Some(&d)) = (h.members().get(i), ctx.derived.get(i)) else {
        return;
    };
    push("age", FactValue::Count(d.age));
    match program {
        ProgramId::Tekun => {
            push("disability", FactValue::Disability(p.disability()));
            push("in school", FactValue::Flag(p.is_in_school()));
            push(
                "own counted income",
                FactValue::Money(ctx.own_income(index)),
            );
            push(
                "financial assets of the household",
                FactValue::Money(ctx.facts.financial_assets),
            );
            push(
                "legal supporter",
                FactValue::Word(match p.legal_supporter() {
                    None => "missing",
                    Some(LegalSupporter::None) => "none",
                    Some(LegalSupporter::Capable) => "capable",
                    Some(LegalSupporter::Incapable) => "incapable",
                }),
            );
            push(
                "self-care",
                FactValue::Word(match p.self_care().map(|s| s.level()) {
                    None => "missing",
                    Some(crate::model::CareLevel::FullSelfCare) => "full self-care",
                    Some(crate::model::CareLevel::PartlyDependent) => "partly dependent",
                    Some(crate::model::CareLevel::FullyDependent) => "fully dependent",
                }),
            );
            push(
                "care form",
                FactValue::Word(match p.care_form() {
                    CareForm::Dispersed => "dispersed",
                    CareForm::Centralized => "centralized",
                }),
            );
        }
        ProgramId::DisabilityLiving | ProgramId::DisabilityNursing => {
            push("disability", FactValue::Disability(p.disability()));
        }
        ProgramId::Orphan | ProgramId::DeFactoOrphan | ProgramId::LeftBehindChild => {
            let parents = p.parents();
            push(
                "parents",
                FactValue::Parents(parents.father, parents.mother),
            );
            push("area", FactValue::Word(word_area(h.area())));
        }
        ProgramId::PovertyBackstop => {
            push(
                "registered poor household",
                FactValue::Flag(h.is_registered_poor()),
            );
            push("disability", FactValue::Disability(p.disability()));
            push("serious illness", FactValue::Flag(p.has_serious_illness()));
        }
        ProgramId::LeftBehindElderly => {
            push("area", FactValue::Word(word_area(h.area())));
            push("children all away", FactValue::Flag(p.children_all_away()));
        }
        ProgramId::LeftBehindWoman => {
            push("area", FactValue::Word(word_area(h.area())));
            push(
                "spouse away for work",
                FactValue::Flag(p.spouse_away_for_work()),
            );
        }
        ProgramId::Dibao => {
            push("disability", FactValue::Disability(p.disability()));
            push("serious illness", FactValue::Flag(p.has_serious_illness()));
            push(
                "own counted income",
                FactValue::Money(ctx.own_income(index)),
            );
        }
        _ => push("area", FactValue::Word(word_area(h.area()))),
    }
}

/// Builds the trace of an evaluation from its entries and recorded overlap applications.
pub(crate) fn build<O: MemberOrder>(
    ctx: &Ctx<'_, O>,
    pack: &Arc<PolicyPack>,
    entries: &[Entry],
    resolutions: &[ResolutionRecord],
    unit: u64,
) -> Trace {
    let person = |index: u8| {
        (index != HOUSEHOLD)
            .then(|| ctx.household.members().get(usize::from(index)))
            .flatten()
            .map(|p| p.id().clone())
    };
    let mut all_facts = Vec::with_capacity(entries.len().saturating_mul(3));
    let steps = entries
        .iter()
        .map(|e| {
            let start = u32::try_from(all_facts.len()).unwrap_or(u32::MAX);
            facts(ctx, e.program, e.index, unit, &mut all_facts);
            let end = u32::try_from(all_facts.len()).unwrap_or(u32::MAX);
            Step {
                program: e.program,
                person: person(e.index),
                rule: e.provision,
                reason: e.reason.clone(),
                outcome: e.outcome.clone(),
                facts: (start, end),
                cites: e.cites,
            }
        })
        .collect();
    let resolutions = resolutions
        .iter()
        .map(|r| Resolution {
            rule: r.rule,
            program: r.program,
            person: person(r.index),
            before: r.before,
            after: r.after,
            by: r.by,
        })
        .collect();
    Trace {
        household: ctx.household.id().clone(),
        month: ctx.month(),
        steps,
        resolutions,
        sources: ctx.facts.sources.clone(),
        facts: all_facts,
        pack: Arc::clone(pack),
    }
}
