//! Building the explanation trace of an evaluation: the facts each rule read, as each
//! program declares them ([`crate::programs::facts`]), and the overlap applications the
//! engine recorded.

use std::sync::Arc;

use super::working::Working;
use crate::decision::{Fact, FactValue, Resolution, Step, Trace};
use crate::policy::PolicyPack;
use crate::programs::{self, Context, Ctx, MemberOrder, Who};

/// Builds the trace of an evaluation from its entries and recorded overlap applications.
pub(crate) fn build<O: MemberOrder>(
    ctx: &Ctx<'_, O>,
    pack: &Arc<PolicyPack>,
    w: &Working,
) -> Trace {
    let person = |index: u8| {
        ctx.household()
            .members()
            .get(usize::from(index))
            .map(|p| p.id().clone())
    };
    let mut all_facts = Vec::with_capacity(w.entries.len().saturating_mul(3));
    let steps = w
        .entries
        .iter()
        .map(|e| {
            let start = u32::try_from(all_facts.len()).unwrap_or(u32::MAX);
            let who = Who::from_index(e.index);
            // Every household entry shows the area, every member's the age; then what the
            // program read.
            match ctx.member(who) {
                None => all_facts.push(programs::area_fact(ctx.area())),
                Some(m) => all_facts.push(Fact {
                    name: "age",
                    value: FactValue::Count(m.age()),
                }),
            }
            programs::facts(e.program, ctx, w, who, &mut all_facts);
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
    let resolutions = w
        .resolutions
        .as_deref()
        .unwrap_or(&[])
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
        household: ctx.household().id().clone(),
        month: ctx.month(),
        steps,
        resolutions,
        sources: ctx.facts().sources.clone(),
        facts: all_facts,
        pack: Arc::clone(pack),
    }
}
