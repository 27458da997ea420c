//! 政府兜底保障 — the provincial backstop for registered-poor households
//! (`poverty_backstop`), a person program.
//!
//! Hubei's 精准扶贫兜底 [illustrative; no primary text found]: in a registered poor household
//! (建档立卡贫困户), a member of the four categories — elderly and frail (60 or more and not
//! fully self-caring), severely disabled (grade 1–2), seriously ill, or a minor (under 18)
//! — who is covered by neither dibao (household or single-person) nor tekun receives the
//! backstop amount (260.00 a month in the default pack; the article's 2020 H1 figures give
//! about 261).
//!
//! # Example
//!
//! A registered poor rural household whose income is above the dibao line: the seriously ill
//! head is covered by the backstop, 260.00.
//!
//! ```
//! use doudi::{Engine, Household, PolicyPack, ProgramId};
//!
//! let household = Household::from_json(r#"{"id": "h1", "area": "rural", "registered_poor": true,
//!   "members": [
//!   {"id": "a", "birth_date": "1970-01-01", "sex": "male", "relation": "head",
//!    "serious_illness": true, "incomes": [{"category": "business", "monthly": "2000.00"}]}
//! ]}"#)?;
//! let d = Engine::new(PolicyPack::maojian()).evaluate(&household, "2020-03".parse()?)?;
//! let entry = d.entry(ProgramId::PovertyBackstop, Some(&"a".parse()?)).unwrap();
//! assert_eq!(entry.paid().unwrap().to_string(), "260.00");
//! # Ok::<(), doudi::Error>(())
//! ```

use super::{Context, Decided, Outcomes, PaidBy, Program, Who};
use crate::decision::{Cites, Fact, FactValue, MissingFact, Outcome, Provision, Reason};
use crate::model::{CareLevel, ProgramId};
use crate::policy::{MoneyParam, Param, Status};

pub(crate) const PROVISION: Provision = Provision::new(
    "Hubei 精准扶贫兜底 (four categories of registered-poor households)",
    "",
    Status::Illustrative,
);

pub(crate) const PROGRAM: Program = Program {
    id: ProgramId::PovertyBackstop,
    paid_by: PaidBy::Enrolment,
    reads: &[ProgramId::Dibao, ProgramId::Tekun],
    provisions: &[&PROVISION],
    params: &[Param::Money(MoneyParam::BackstopAmount)],
};

/// Evaluates the backstop for every member.
pub(crate) fn evaluate(ctx: &impl Context, out: &mut impl Outcomes) {
    let backstop = ctx.params().money(MoneyParam::BackstopAmount);
    for m in ctx.members() {
        let cites = Cites::of(&[backstop.cite]);
        let age = m.age();
        let (outcome, reason) = if !ctx.is_registered_poor() {
            (Outcome::NotPaid, Reason::NotRegisteredPoor)
        } else {
            let other_category = m.disability().is_some_and(|x| x.is_severe())
                || m.has_serious_illness()
                || age < 18;
            let elderly = age >= 60;
            let frail = m.self_care().map(|s| s.level() != CareLevel::FullSelfCare);
            match (other_category, elderly, frail) {
                (false, false, _) | (false, true, Some(false)) => {
                    (Outcome::NotPaid, Reason::NotInFourCategories { age })
                }
                (false, true, None) => (
                    Outcome::Undetermined,
                    Reason::Missing {
                        fact: MissingFact::SelfCare,
                    },
                ),
                _ => {
                    let covered = [ProgramId::Dibao, ProgramId::Tekun]
                        .into_iter()
                        .find(|&program| out.receives(program, m.who()));
                    match covered {
                        Some(program) => (Outcome::NotPaid, Reason::CoveredBy { program }),
                        None => {
                            let amount = backstop.value.round_to_fen();
                            (Outcome::Paid { amount }, Reason::Flat { amount })
                        }
                    }
                }
            }
        };
        out.push(PROGRAM.id, m.who(), (outcome, reason), &PROVISION, cites);
    }
}

/// The facts the backstop read for a member: the household's registration and the four
/// categories.
pub(crate) fn facts(ctx: &impl Context, _: &impl Decided, who: Who, out: &mut Vec<Fact>) {
    let Some(m) = ctx.member(who) else {
        return;
    };
    let mut push = |name, value| out.push(Fact { name, value });
    push(
        "registered poor household",
        FactValue::Flag(ctx.is_registered_poor()),
    );
    push("disability", FactValue::Disability(m.disability()));
    push("serious illness", FactValue::Flag(m.has_serious_illness()));
}
