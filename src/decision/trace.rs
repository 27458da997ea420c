//! Explanation traces: every rule step of one evaluation — the rule, the facts it read, the
//! pack values it used with their dates and sources, the outcome — and every overlap rule
//! applied. Off by default and built only when asked for ([`crate::Engine::evaluate_traced`]):
//! an untraced evaluation records nothing.
//!
//! A trace is structured data — numbers, enums and references into the pack — and turns
//! into words only when displayed or serialised.

use std::fmt;
use std::sync::Arc;

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

use super::entry::{Cites, Outcome, Provision};
use super::reason::Reason;
use crate::model::{Disability, HouseholdId, ParentSituation, PersonId, ProgramId};
use crate::money::Money;
use crate::period::Month;
use crate::policy::{CiteView, Party, PolicyPack};

/// The value of a fact a rule read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum FactValue {
    /// A count or an age.
    Count(u32),
    /// An amount (shown to the fen, marked `≈` when finer).
    Money(Money),
    /// Yes or no.
    Flag(bool),
    /// A month.
    Month(Month),
    /// A word: an area, a supporter situation, a self-care level, a care form.
    Word(&'static str),
    /// A disability, or none.
    Disability(Option<Disability>),
    /// The two parents' situations.
    Parents(ParentSituation, ParentSituation),
    /// The classified top-ups of a dibao unit: what they come to, how many, the categories
    /// they were earned in (a bit each: aged, minor, severe disability, serious illness),
    /// whether any category pays a set amount, and the area.
    TopUps {
        /// The top-ups together.
        amount: Money,
        /// How many.
        count: u32,
        /// The categories, a bit each.
        categories: u8,
        /// Whether a category of the area pays a set amount rather than a share.
        set_amount: bool,
        /// Whether top-ups are cumulative (every category) rather than the highest.
        cumulative: bool,
        /// The area, `urban` or `rural`.
        area: &'static str,
    },
}

impl fmt::Display for FactValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FactValue::Count(n) => n.fmt(f),
            FactValue::Money(m) => m.approx().fmt(f),
            FactValue::Flag(b) => f.write_str(if *b { "yes" } else { "no" }),
            FactValue::Month(m) => m.fmt(f),
            FactValue::Word(w) => f.write_str(w),
            FactValue::Disability(None) => f.write_str("none"),
            FactValue::Disability(Some(d)) => {
                let kind = serde_json::to_string(&d.kind).unwrap_or_default();
                write!(f, "grade {} {}", d.grade.get(), kind.trim_matches('"'))
            }
            FactValue::Parents(father, mother) => {
                let word = |p: &ParentSituation| {
                    serde_json::to_string(p)
                        .unwrap_or_default()
                        .trim_matches('"')
                        .replace('_', " ")
                };
                write!(f, "father {}, mother {}", word(father), word(mother))
            }
            FactValue::TopUps {
                amount,
                count,
                categories,
                set_amount,
                cumulative,
                area,
            } => {
                write!(f, "{} for {count} top-up(s) (", amount.approx())?;
                let names = ["aged", "minor", "severe disability", "serious illness"];
                let mut first = true;
                for (i, name) in names.iter().enumerate() {
                    if categories & (1 << i) != 0 {
                        f.write_str(if first { "" } else { ", " })?;
                        f.write_str(name)?;
                        first = false;
                    }
                }
                write!(
                    f,
                    "; {}, {}, {area})",
                    if *set_amount {
                        "set amounts"
                    } else {
                        "shares of the standard"
                    },
                    if *cumulative {
                        "cumulative"
                    } else {
                        "the highest a person"
                    }
                )
            }
        }
    }
}

/// A fact a rule read, with its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Fact {
    /// What the fact is, e.g. `age` or `own counted income`.
    pub name: &'static str,
    /// Its value.
    pub value: FactValue,
}

/// One rule step: a program for one beneficiary.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Step {
    /// The program.
    pub program: ProgramId,
    /// The person (none for the household).
    pub person: Option<PersonId>,
    /// The provision the rule implements.
    pub rule: &'static Provision,
    /// Why, with the numbers.
    pub reason: Reason,
    /// The outcome.
    pub outcome: Outcome,
    pub(crate) facts: (u32, u32),
    pub(crate) cites: Cites,
}

/// One application of an overlap rule of the pack.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Resolution {
    /// The rule's index in the pack's overlap table.
    pub rule: usize,
    /// The program whose payment changed.
    pub program: ProgramId,
    /// The person.
    pub person: Option<PersonId>,
    /// The amount before the rule.
    pub before: Money,
    /// The amount after the rule (zero when withheld).
    pub after: Money,
    /// The side that won, or was counted against a top-up.
    pub by: Party,
}

/// The explanation of one evaluation.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Trace {
    /// The household.
    pub household: HouseholdId,
    /// The month.
    pub month: Month,
    /// Every rule step, in evaluation order.
    pub steps: Vec<Step>,
    /// Every overlap rule applied, in order.
    pub resolutions: Vec<Resolution>,
    /// Each verification result of the household and which value the rules read: the
    /// verified one, or the declared one and why.
    pub sources: Vec<super::FactSource>,
    pub(crate) facts: Vec<Fact>,
    pub(crate) pack: Arc<PolicyPack>,
}

impl PartialEq for Trace {
    fn eq(&self, other: &Self) -> bool {
        self.household == other.household
            && self.month == other.month
            && self.steps == other.steps
            && self.resolutions == other.resolutions
            && self.sources == other.sources
            && self.facts == other.facts
            && self.pack.fingerprint() == other.pack.fingerprint()
    }
}

impl Eq for Trace {}

impl Trace {
    /// The facts a step read.
    pub fn facts(&self, step: &Step) -> &[Fact] {
        let (a, b) = step.facts;
        self.facts.get(a as usize..b as usize).unwrap_or(&[])
    }

    /// The pack values a step used, with their dates and sources.
    pub fn values<'a>(&'a self, step: &'a Step) -> impl Iterator<Item = CiteView<'a>> + 'a {
        step.cites
            .params()
            .filter_map(move |p| self.pack.cite(p, self.month))
            .filter_map(move |c| self.pack.view(c))
    }
}

fn kind_of(pack: &PolicyPack, rule: usize) -> &'static str {
    pack.overlaps().get(rule).map_or("?", |r| r.kind().name())
}

impl fmt::Display for Trace {
    /// The trace as a tree in plain words.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "household {} in {}", self.household, self.month)?;
        for source in &self.sources {
            writeln!(f, "├─ verified: {source}")?;
        }
        for step in &self.steps {
            let who = step.person.as_ref().map_or("the household", |p| p.as_str());
            writeln!(f, "├─ {} for {who}: {}", step.program, step.outcome)?;
            writeln!(f, "│    because {}", step.reason)?;
            writeln!(f, "│    rule {}", step.rule)?;
            let facts = self.facts(step);
            if !facts.is_empty() {
                let text: Vec<String> = facts
                    .iter()
                    .map(|x| format!("{} {}", x.name, x.value))
                    .collect();
                writeln!(f, "│    facts: {}", text.join("; "))?;
            }
            for v in self.values(step) {
                write!(
                    f,
                    "│    value {} = {} from {} — {}",
                    v.param.name(),
                    v.value,
                    v.from,
                    v.source.document()
                )?;
                if let Some(a) = v.provenance.article() {
                    write!(f, " {a}")?;
                }
                write!(f, " [{}]", v.provenance.status())?;
                // A layered pack: the layer that gave the value.
                if self.pack.layers().len() > 1
                    && let Some(layer) = self.pack.layers().get(v.provenance.layer())
                {
                    write!(f, " (layer {layer})")?;
                }
                writeln!(f)?;
            }
        }
        for r in &self.resolutions {
            let who = r.person.as_ref().map_or("the household", |p| p.as_str());
            writeln!(
                f,
                "└─ overlap[{}] {}: {} for {who} {} → {} (against {})",
                r.rule,
                kind_of(&self.pack, r.rule),
                r.program,
                r.before,
                r.after,
                r.by
            )?;
        }
        Ok(())
    }
}

struct StepJson<'a>(&'a Trace, &'a Step);

impl Serialize for StepJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (trace, step) = (self.0, self.1);
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("program", &step.program)?;
        map.serialize_entry("person", &step.person)?;
        map.serialize_entry("rule", &step.rule.to_string())?;
        let facts: Vec<serde_json::Value> = trace
            .facts(step)
            .iter()
            .map(|x| serde_json::json!({"fact": x.name, "value": x.value.to_string()}))
            .collect();
        map.serialize_entry("facts", &facts)?;
        let values: Vec<serde_json::Value> = trace.values(step).map(|v| v.to_json()).collect();
        map.serialize_entry("values", &values)?;
        map.serialize_entry("reason", &step.reason)?;
        map.serialize_entry("explanation", &step.reason.to_string())?;
        map.serialize_entry("outcome", &step.outcome.to_string())?;
        map.end()
    }
}

impl Serialize for Trace {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct Steps<'a>(&'a Trace);
        impl Serialize for Steps<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut seq = s.serialize_seq(Some(self.0.steps.len()))?;
                for step in &self.0.steps {
                    seq.serialize_element(&StepJson(self.0, step))?;
                }
                seq.end()
            }
        }
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("household", &self.household)?;
        map.serialize_entry("month", &self.month)?;
        map.serialize_entry("steps", &Steps(self))?;
        let resolutions: Vec<serde_json::Value> = self
            .resolutions
            .iter()
            .map(|r| {
                serde_json::json!({
                    "rule": r.rule,
                    "kind": kind_of(&self.pack, r.rule),
                    "program": r.program.to_string(),
                    "person": r.person.as_ref().map(|p| p.as_str()),
                    "before": r.before.to_string(),
                    "after": r.after.to_string(),
                    "by": r.by.to_string(),
                })
            })
            .collect();
        map.serialize_entry("resolutions", &resolutions)?;
        if !self.sources.is_empty() {
            map.serialize_entry("sources", &self.sources)?;
        }
        map.end()
    }
}
