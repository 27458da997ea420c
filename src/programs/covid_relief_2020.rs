//! 一次性生活物资救助 — the one-off COVID-19 relief of 2020 (`covid_relief_2020`), a person
//! program paid once.
//!
//! > 对低保对象、特困人员、重度残疾人、孤儿、留守老人、留守儿童等特殊困难群体，按照城市人员不低于500元、
//! > 农村人员不低于300元标准，给予一次性生活物资救助。 — 鄂防指发〔2020〕66号, as the article reports it
//!
//! In the pack's payment month (2020-03 in the default pack \[illustrative\]) every person in
//! a target group — dibao recipient, tekun, severely disabled (grade 1–2), orphan,
//! de-facto-unsupported child, left-behind elderly person, left-behind child — receives the
//! urban or rural amount; under the pack's `once` rule a person in several groups is paid
//! once.
//!
//! # Example
//!
//! A rural left-behind grandmother of 70 in 2020-03: 300.00 once.
//!
//! ```
//! use doudi::{Engine, Household, PolicyPack, ProgramId};
//!
//! let household = Household::from_json(r#"{"id": "h1", "area": "rural", "members": [
//!   {"id": "a", "birth_date": "1950-01-01", "sex": "female", "relation": "head",
//!    "children_all_away": true, "incomes": [{"category": "transfer", "monthly": "1500.00"}]}
//! ]}"#)?;
//! let d = Engine::new(PolicyPack::maojian()).evaluate(&household, "2020-03".parse()?)?;
//! let entry = d.entry(ProgramId::CovidRelief2020, Some(&"a".parse()?)).unwrap();
//! assert_eq!(entry.paid().unwrap().to_string(), "300.00");
//! # Ok::<(), doudi::Error>(())
//! ```

use rust_decimal::Decimal;

use super::{Context, Decided, Outcomes, PaidBy, Program, Who};
use crate::decision::{Cites, Fact, Group, Outcome, Provision, Reason};
use crate::model::{FlagSet, ProgramId, ProgramId as P};
use crate::policy::{MoneyParam, MonthParam, Param, Status};

pub(crate) const PROVISION: Provision = Provision::new("鄂防指发〔2020〕66号", "", Status::Article);

pub(crate) const PROGRAM: Program = Program {
    id: ProgramId::CovidRelief2020,
    paid_by: PaidBy::Payment,
    reads: &[
        P::Dibao,
        P::Tekun,
        P::Orphan,
        P::DeFactoOrphan,
        P::LeftBehindChild,
        P::LeftBehindElderly,
    ],
    provisions: &[&PROVISION],
    params: &[
        Param::Month(MonthParam::CovidReliefPaymentMonth),
        Param::Money(MoneyParam::CovidReliefUrban),
        Param::Money(MoneyParam::CovidReliefRural),
    ],
};

/// Evaluates the relief for every member; a person in several groups is paid once when
/// the pack's overlap table says so (a `once` rule).
pub(crate) fn evaluate(ctx: &impl Context, out: &mut impl Outcomes) {
    let p = ctx.params();
    let once = ctx.pays_once(ProgramId::CovidRelief2020);
    let payment = p.month_param(MonthParam::CovidReliefPaymentMonth);
    let amount_param = p.money_of(
        [MoneyParam::CovidReliefUrban, MoneyParam::CovidReliefRural],
        ctx.area(),
    );
    for m in ctx.members() {
        let who = m.who();
        let mut cites = Cites::of(&[payment.cite]);
        let (outcome, reason) = if ctx.month() != payment.value {
            (
                Outcome::NotPaid,
                Reason::NotPaymentMonth {
                    payment_month: payment.value,
                },
            )
        } else {
            let mut groups = FlagSet::new();
            let mut check = |member: bool, group| {
                if member {
                    groups.insert(group);
                }
            };
            check(out.receives(ProgramId::Dibao, who), Group::Dibao);
            check(out.receives(ProgramId::Tekun, who), Group::Tekun);
            check(
                m.disability().is_some_and(|d| d.is_severe()),
                Group::SeverelyDisabled,
            );
            check(out.receives(ProgramId::Orphan, who), Group::Orphan);
            check(
                out.receives(ProgramId::DeFactoOrphan, who),
                Group::DeFactoOrphan,
            );
            check(
                out.qualifies(ProgramId::LeftBehindElderly, who),
                Group::LeftBehindElderly,
            );
            check(
                out.qualifies(ProgramId::LeftBehindChild, who),
                Group::LeftBehindChild,
            );
            if groups.is_empty() {
                (Outcome::NotPaid, Reason::NotInGroup)
            } else {
                cites.push(amount_param.cite);
                let payments = if once { 1 } else { groups.len() };
                let amount = amount_param
                    .value
                    .times(Decimal::from(payments))
                    .round_to_fen();
                (
                    Outcome::Paid { amount },
                    Reason::ReliefAmount {
                        amount: amount_param.value,
                        groups,
                        payments,
                    },
                )
            }
        };
        out.push(PROGRAM.id, who, (outcome, reason), &PROVISION, cites);
    }
}

/// The facts the relief read for a member: the area (its amount).
pub(crate) fn facts(ctx: &impl Context, _: &impl Decided, _: Who, out: &mut Vec<Fact>) {
    out.push(super::area_fact(ctx.area()));
}
