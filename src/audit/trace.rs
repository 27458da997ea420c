//! Explanation traces: every rule step of one evaluation — the rule, the facts it read, the
//! pack values it used with their dates and sources, the outcome — and every overlap rule
//! applied. Off by default and built only when asked for ([`crate::Engine::evaluate_traced`]):
//! an untraced evaluation records nothing.

use std::fmt;

use serde::Serialize;

use crate::engine::determination::{Entry, HOUSEHOLD, Outcome, Provision, Reason};
use crate::engine::params::MonthParams;
use crate::model::{Area, HouseholdId, PersonId, ProgramId};
use crate::money::Money;
use crate::period::Month;
use crate::policy::{Party, PolicyPack};
use crate::programs::Ctx;

/// A fact a rule read, with its value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fact {
    /// What the fact is, e.g. `age` or `counted income`.
    pub name: &'static str,
    /// Its value, in words and numbers.
    pub value: String,
}

/// A pack value a rule used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TracedValue {
    /// The parameter's wire name.
    pub param: &'static str,
    /// The value.
    pub value: String,
    /// The date it took effect.
    pub from: String,
    /// The cited document.
    pub source: String,
    /// The article, if any.
    pub article: Option<String>,
    /// The status: verified, secondary, article, illustrative.
    pub status: &'static str,
}

/// One rule step: a program for one beneficiary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    /// The program.
    pub program: ProgramId,
    /// The person (none for the household).
    pub person: Option<PersonId>,
    /// The provision the rule implements.
    pub rule: String,
    /// The facts the rule read.
    pub facts: Vec<Fact>,
    /// The pack values the rule used.
    pub values: Vec<TracedValue>,
    /// Why, with the numbers.
    pub reason: Reason,
    /// The outcome, in words.
    pub outcome: String,
}

/// One application of an overlap rule of the pack.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Resolution {
    /// The rule's index in the pack's overlap table.
    pub rule: usize,
    /// The rule's kind.
    pub kind: &'static str,
    /// The program whose payment changed.
    pub program: ProgramId,
    /// The person.
    pub person: Option<PersonId>,
    /// The amount before the rule.
    pub before: Money,
    /// The amount after the rule (zero when withheld).
    pub after: Money,
    /// The side that won or was counted against.
    pub by: String,
}

/// A recorded overlap application, by member index, while the engine runs.
#[derive(Debug, Clone)]
pub(crate) struct ResolutionRecord {
    pub(crate) rule: usize,
    pub(crate) kind: &'static str,
    pub(crate) program: ProgramId,
    pub(crate) index: u8,
    pub(crate) before: Money,
    pub(crate) after: Money,
    pub(crate) by: Party,
}

/// The explanation of one evaluation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Trace {
    /// The household.
    pub household: HouseholdId,
    /// The month.
    pub month: Month,
    /// Every rule step, in evaluation order.
    pub steps: Vec<Step>,
    /// Every overlap rule applied, in order.
    pub resolutions: Vec<Resolution>,
}

fn fact(name: &'static str, value: impl fmt::Display) -> Fact {
    Fact {
        name,
        value: value.to_string(),
    }
}

fn yes_no(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

/// The facts `program` reads for the beneficiary at `index`.
fn facts(ctx: &Ctx<'_>, program: ProgramId, index: u8, unit: u64) -> Vec<Fact> {
    let h = ctx.household;
    let area = match h.area() {
        Area::Urban => "urban",
        Area::Rural => "rural",
    };
    if index == HOUSEHOLD {
        let mut out = vec![fact("area", area)];
        match program {
            ProgramId::Dibao => {
                out.push(fact("members in the unit", unit.count_ones()));
                let counted: Money = (0..h.members().len())
                    .filter(|&i| unit & (1 << i) != 0)
                    .map(|i| ctx.derived[i].gross_counted - h.members()[i].rigid_spending())
                    .sum();
                out.push(fact("counted income of the unit", counted.approx()));
                out.push(fact("financial assets", h.financial_assets()));
                out.push(fact(
                    "non-exempt vehicle",
                    yes_no(h.has_non_exempt_vehicle()),
                ));
                if let Some(e) = h
                    .enrolments()
                    .iter()
                    .find(|e| e.program == ProgramId::Dibao)
                {
                    out.push(fact("enrolled since", e.since));
                    if let Some(rose) = e.income_rose_in {
                        out.push(fact("income rose in", rose));
                    }
                }
            }
            ProgramId::TemporaryAssistance => {
                let events = h.events().iter().filter(|e| e.month == ctx.month()).count();
                out.push(fact("events this month", events));
            }
            ProgramId::GuaranteeGap => {
                out.push(fact(
                    "safe drinking water",
                    yes_no(!h.lacks_safe_drinking_water()),
                ));
                out.push(fact("unsafe housing", yes_no(h.has_unsafe_housing())));
            }
            _ => {}
        }
        return out;
    }
    let i = usize::from(index);
    let p = &h.members()[i];
    let d = ctx.derived[i];
    let mut out = vec![fact("age", d.age)];
    let disability = p.disability().map_or_else(
        || "none".to_owned(),
        |x| format!("grade {} {:?}", x.grade.get(), x.kind).to_lowercase(),
    );
    match program {
        ProgramId::Tekun => {
            out.push(fact("disability", disability));
            out.push(fact("in school", yes_no(p.is_in_school())));
            out.push(fact("own counted income", ctx.own_income(index).approx()));
            out.push(fact(
                "financial assets of the household",
                h.financial_assets(),
            ));
            out.push(fact(
                "legal supporter",
                p.legal_supporter()
                    .map_or("missing".to_owned(), |s| format!("{s:?}").to_lowercase()),
            ));
            out.push(fact(
                "self-care",
                p.self_care().map_or("missing".to_owned(), |s| {
                    format!("{:?}", s.level()).to_lowercase()
                }),
            ));
            out.push(fact(
                "care form",
                format!("{:?}", p.care_form()).to_lowercase(),
            ));
        }
        ProgramId::DisabilityLiving | ProgramId::DisabilityNursing => {
            out.push(fact("disability", disability));
        }
        ProgramId::Orphan | ProgramId::DeFactoOrphan | ProgramId::LeftBehindChild => {
            let parents = p.parents();
            out.push(fact(
                "parents",
                format!("father {:?}, mother {:?}", parents.father, parents.mother).to_lowercase(),
            ));
            out.push(fact("area", area));
        }
        ProgramId::PovertyBackstop => {
            out.push(fact(
                "registered poor household",
                yes_no(h.is_registered_poor()),
            ));
            out.push(fact("disability", disability));
            out.push(fact("serious illness", yes_no(p.has_serious_illness())));
        }
        ProgramId::LeftBehindElderly => {
            out.push(fact("area", area));
            out.push(fact("children all away", yes_no(p.children_all_away())));
        }
        ProgramId::LeftBehindWoman => {
            out.push(fact("area", area));
            out.push(fact(
                "spouse away for work",
                yes_no(p.spouse_away_for_work()),
            ));
        }
        ProgramId::Dibao => {
            out.push(fact("disability", disability));
            out.push(fact("serious illness", yes_no(p.has_serious_illness())));
            out.push(fact("own counted income", ctx.own_income(index).approx()));
        }
        _ => {
            out.push(fact("area", area));
        }
    }
    out
}

fn outcome_words(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Paid { amount } => format!("pays {amount}"),
        Outcome::Holds => "holds".to_owned(),
        Outcome::NotPaid => "not paid".to_owned(),
        Outcome::Withheld { amount, by, rule } => {
            format!("{amount} withheld: {by} wins (overlap[{rule}])")
        }
        Outcome::Undetermined => "undetermined".to_owned(),
    }
}

/// Builds the trace of an evaluation from its entries and recorded overlap applications.
pub(crate) fn build(
    ctx: &Ctx<'_>,
    pack: &PolicyPack,
    params: &MonthParams,
    entries: &[Entry],
    resolutions: &[ResolutionRecord],
    unit: u64,
) -> Trace {
    let person = |index: u8| {
        (index != HOUSEHOLD).then(|| ctx.household.members()[usize::from(index)].id().clone())
    };
    let steps = entries
        .iter()
        .map(|e| Step {
            program: e.program,
            person: person(e.index),
            rule: provision_text(e.provision),
            facts: facts(ctx, e.program, e.index, unit),
            values: e
                .cites
                .params()
                .filter_map(|p| params.cites.get(p.slot()).copied().flatten())
                .filter_map(|c| pack.view(c))
                .map(|v| TracedValue {
                    param: v.param.name(),
                    value: v.value.to_string(),
                    from: v.from.format("%Y-%m-%d").to_string(),
                    source: v.source.document().to_owned(),
                    article: v.provenance.article().map(str::to_owned),
                    status: v.provenance.status().name(),
                })
                .collect(),
            reason: e.reason.clone(),
            outcome: outcome_words(&e.outcome),
        })
        .collect();
    let resolutions = resolutions
        .iter()
        .map(|r| Resolution {
            rule: r.rule,
            kind: r.kind,
            program: r.program,
            person: person(r.index),
            before: r.before,
            after: r.after,
            by: r.by.to_string(),
        })
        .collect();
    Trace {
        household: ctx.household.id().clone(),
        month: ctx.month(),
        steps,
        resolutions,
    }
}

fn provision_text(p: &Provision) -> String {
    p.to_string()
}

impl fmt::Display for Trace {
    /// The trace as a tree in plain words.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "household {} in {}", self.household, self.month)?;
        for step in &self.steps {
            let who = step.person.as_ref().map_or("the household", |p| p.as_str());
            writeln!(f, "├─ {} for {who}: {}", step.program, step.outcome)?;
            writeln!(f, "│    because {}", step.reason)?;
            writeln!(f, "│    rule {}", step.rule)?;
            if !step.facts.is_empty() {
                let facts: Vec<String> = step
                    .facts
                    .iter()
                    .map(|x| format!("{} {}", x.name, x.value))
                    .collect();
                writeln!(f, "│    facts: {}", facts.join("; "))?;
            }
            for v in &step.values {
                write!(
                    f,
                    "│    value {} = {} from {} — {}",
                    v.param, v.value, v.from, v.source
                )?;
                if let Some(a) = &v.article {
                    write!(f, " {a}")?;
                }
                writeln!(f, " [{}]", v.status)?;
            }
        }
        for r in &self.resolutions {
            let who = r.person.as_ref().map_or("the household", |p| p.as_str());
            writeln!(
                f,
                "└─ overlap[{}] {}: {} for {who} {} → {} (against {})",
                r.rule, r.kind, r.program, r.before, r.after, r.by
            )?;
        }
        Ok(())
    }
}
