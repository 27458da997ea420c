//! 重度残疾人护理补贴 — the severe-disability nursing subsidy (`disability_nursing`), a person
//! program.
//!
//! > 重度残疾人护理补贴主要补助残疾人因残疾产生的额外长期照护支出，对象为残疾等级被评定为一级、二级且需要
//! > 长期照护的重度残疾人。 — 国发〔2015〕52号 \[secondary\]
//!
//! Disability grade 1–2 (a pack switch adds grade 3–4 intellectual or mental disability)
//! receives the flat amount (100.00 in the default pack \[article\]), whatever the household's
//! income. Exclusions and the take-the-higher rule against an external old-age care
//! allowance come from the pack's overlap table.
//!
//! # Example
//!
//! ```
//! use doudi::{Engine, Household, PolicyPack, ProgramId};
//!
//! let household = Household::from_json(r#"{"id": "h1", "area": "urban", "members": [
//!   {"id": "a", "birth_date": "1975-01-01", "sex": "male", "relation": "head",
//!    "disability": {"grade": 2, "kind": "visual"},
//!    "incomes": [{"category": "wage", "monthly": "5000.00"}]}
//! ]}"#)?;
//! let d = Engine::new(PolicyPack::maojian()).evaluate(&household, "2020-03".parse()?)?;
//! let nursing = d.entry(ProgramId::DisabilityNursing, Some(&"a".parse()?)).unwrap();
//! assert_eq!(nursing.paid().unwrap().to_string(), "100.00");
//! # Ok::<(), doudi::Error>(())
//! ```

use super::{Context, Decided, Outcomes, PaidBy, Program, Who};
use crate::decision::{Cites, Fact, Outcome, Provision, Reason};
use crate::model::ProgramId;
use crate::policy::{MoneyParam, Param, Status, SwitchParam};

pub(crate) const PROVISION: Provision = Provision::new("国发〔2015〕52号", "", Status::Secondary);

pub(crate) const PROGRAM: Program = Program {
    id: ProgramId::DisabilityNursing,
    paid_by: PaidBy::Enrolment,
    reads: &[],
    provisions: &[&PROVISION],
    params: &[
        Param::Money(MoneyParam::DisabilityNursing),
        Param::Switch(SwitchParam::NursingGrade34IntellectualMental),
    ],
};

/// Evaluates the nursing subsidy for every member.
pub(crate) fn evaluate(ctx: &impl Context, out: &mut impl Outcomes) {
    let p = ctx.params();
    let subsidy = p.money(MoneyParam::DisabilityNursing);
    let grade_3_4 = p.switch(SwitchParam::NursingGrade34IntellectualMental);
    for m in ctx.members() {
        let mut cites = Cites::of(&[subsidy.cite]);
        let (outcome, reason) = match m.disability() {
            None => (Outcome::NotPaid, Reason::NotDisabled),
            Some(d) => {
                let extended = !d.is_severe() && d.is_intellectual_or_mental();
                if extended {
                    cites.push(grade_3_4.cite);
                }
                if d.is_severe() || (extended && grade_3_4.value) {
                    let amount = subsidy.value.round_to_fen();
                    (Outcome::Paid { amount }, Reason::Flat { amount })
                } else {
                    (
                        Outcome::NotPaid,
                        Reason::NotSevere {
                            grade: d.grade.get(),
                        },
                    )
                }
            }
        };
        out.push(PROGRAM.id, m.who(), (outcome, reason), &PROVISION, cites);
    }
}

/// The facts the subsidy read for a member: the disability.
pub(crate) fn facts(ctx: &impl Context, _: &impl Decided, who: Who, out: &mut Vec<Fact>) {
    out.extend(ctx.member(who).map(|m| super::disability_fact(&m)));
}
