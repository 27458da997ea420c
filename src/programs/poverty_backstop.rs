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

use super::{Ctx, MemberOrder, Outcomes};
use crate::decision::{Cites, MissingFact, Outcome, Provision, Reason};
use crate::model::{CareLevel, ProgramId};
use crate::policy::Status;

pub(crate) const PROVISION: Provision = Provision {
    document: "Hubei 精准扶贫兜底 (four categories of registered-poor households)",
    article: "",
    status: Status::Illustrative,
};

/// Evaluates the backstop for every member.
pub(crate) fn evaluate<O: MemberOrder>(ctx: &Ctx<'_, O>, out: &mut impl Outcomes) {
    let p = ctx.params;
    for (i, person, d) in ctx.members() {
        let cites = Cites::of(&[p.backstop.cite]);
        let (outcome, reason) = if !ctx.household.is_registered_poor() {
            (Outcome::NotPaid, Reason::NotRegisteredPoor)
        } else {
            let other_category = person.disability().is_some_and(|x| x.is_severe())
                || person.has_serious_illness()
                || d.age < 18;
            let elderly = d.age >= 60;
            let frail = person
                .self_care()
                .map(|s| s.level() != CareLevel::FullSelfCare);
            match (other_category, elderly, frail) {
                (false, false, _) | (false, true, Some(false)) => {
                    (Outcome::NotPaid, Reason::NotInFourCategories { age: d.age })
                }
                (false, true, None) => (
                    Outcome::Undetermined,
                    Reason::Missing {
                        fact: MissingFact::SelfCare,
                    },
                ),
                _ => {
                    if out.receives(ProgramId::Dibao, i) {
                        (
                            Outcome::NotPaid,
                            Reason::CoveredBy {
                                program: ProgramId::Dibao,
                            },
                        )
                    } else if out.receives(ProgramId::Tekun, i) {
                        (
                            Outcome::NotPaid,
                            Reason::CoveredBy {
                                program: ProgramId::Tekun,
                            },
                        )
                    } else {
                        let amount = p.backstop.value.round_to_fen();
                        (Outcome::Paid { amount }, Reason::Flat { amount })
                    }
                }
            }
        };
        out.push(
            ProgramId::PovertyBackstop,
            i,
            outcome,
            reason,
            &PROVISION,
            cites,
        );
    }
}
