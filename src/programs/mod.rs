//! The programs of the safety net: one file per program, each quoting the provision it
//! implements, with a worked example.
//!
//! # How a program is written
//!
//! A program is a function of what it reads and writes nothing but outcomes:
//!
//! ```text
//! pub(crate) fn evaluate<O: MemberOrder>(ctx: &Ctx<'_, O>, out: &mut impl Outcomes)
//! ```
//!
//! - **It reads a `Ctx`**, read-only: the household (`ctx.household`), the facts derived
//!   once per member for the month (`Derived`: age, counted income, whether the person's
//!   status leaves the dibao unit), and the pack's values in force that month
//!   (`ctx.params`, each value with the cite of where it came from). `ctx.members()` visits
//!   the members in person-id order with their index, so that a determination does not
//!   depend on the order members were listed in.
//! - **It reads what earlier programs decided** through `Decided`: whether a member
//!   receives a program (paid, not withheld by an overlap rule), whether a member is in a
//!   program's group (paid, withheld, or on a register), whether the household receives
//!   dibao or is a low-income-edge household.
//! - **It writes** through `Outcomes::push`: one entry per beneficiary — program, member
//!   index (or `HOUSEHOLD`), [`Outcome`], [`Reason`] with the
//!   numbers that decided it, the [`Provision`], and the [`Cites`] of the pack values it used.
//!   `Outcomes::push_with` takes the reason as a closure, for a reason that costs
//!   arithmetic: a refusal the caller does not keep is then never built.
//!
//! A program never applies an overlap rule, never reads a clock, a file or a global, and
//! never decides the order programs run in: the engine runs the stages in the order of
//! their dependencies and resolves the pack's overlap table after each stage, in one place.
//! So a program is written as if it were alone; "tekun wins over dibao" is a row of the
//! pack, not an `if` in `dibao.rs`.
//!
//! # Adding a rule
//!
//! 1. Give it a [`ProgramId`] (in `model/ids.rs`: wire name, Chinese and English names,
//!    kind, beneficiary) and, if it needs values, parameters in `policy/param.rs` with their
//!    dated values in the packs; `policy::MonthParams` resolves them once a month.
//! 2. Write `programs/NAME.rs`: the provision quoted in the module docs, a worked example as
//!    a doctest, a `Provision` constant, and `evaluate` as above.
//! 3. Call it from its stage in `engine/mod.rs` — the first stage after every program it
//!    reads — and give it its stage in `stage_of` there, so that overlap rules naming it
//!    apply when its outcomes are known.
//! 4. Add cases in `tests/cases/NAME.toml`, worked by hand.
//!
//! The smallest complete program, compiled and run as this module's unit test
//! `worked_example`: a flat 30.00 a month for every member aged 80 or more who receives no
//! dibao.
//!
//! ```text
//! fn evaluate<O: MemberOrder>(ctx: &Ctx<'_, O>, out: &mut impl Outcomes) {
//!     let amount = Money::from_yuan(30);
//!     for (i, _, d) in ctx.members() {
//!         let (outcome, reason) = if d.age < 80 {
//!             (Outcome::NotPaid, Reason::AgeUnder { age: d.age, limit: 80 })
//!         } else if out.receives(ProgramId::Dibao, i) {
//!             (Outcome::NotPaid, Reason::CoveredBy { program: ProgramId::Dibao })
//!         } else {
//!             (Outcome::Paid { amount }, Reason::Flat { amount })
//!         };
//!         out.push(PROGRAM, i, outcome, reason, &PROVISION, Cites::default());
//!     }
//! }
//! ```

pub mod child_in_difficulty;
mod context;
pub mod covid_material_delivery;
pub mod covid_relief_2020;
pub mod de_facto_orphan;
pub mod dibao;
pub mod disability_living;
pub mod disability_nursing;
pub mod guarantee_gap;
pub mod left_behind;
pub(crate) mod local;
pub mod monitoring;
pub mod orphan;
pub mod poverty_backstop;
pub mod price_subsidy;
pub mod tekun;
pub mod temporary_assistance;

pub(crate) use context::{
    Ctx, Derived, Facts, Listed, MemberOrder, Members, Sorted, derive, order_members, verify,
};
pub(crate) use local::{LocalOutcome, LocalPerson, LocalProgram};

use crate::decision::{Cites, Outcome, Provision, Reason};
use crate::model::ProgramId;
use crate::money::Money;

/// What the programs of earlier stages decided, as a program (or a local program) reads
/// it. Overlap rules of those stages have been applied: a payment withheld by a rule is not
/// received.
pub(crate) trait Decided {
    /// Whether the member at `member` receives `program` this month: paid and not withheld
    /// (for dibao: a member of a paid unit, or covered alone).
    fn receives(&self, program: ProgramId, member: u8) -> bool;

    /// Whether the member is in `program`'s group: paid, withheld by an overlap rule, or
    /// (for a register or classification) holding.
    fn qualifies(&self, program: ProgramId, member: u8) -> bool;

    /// Whether the household receives dibao in any form (as a unit, or a member alone).
    fn household_receives_dibao(&self) -> bool;

    /// Whether dibao found the household to be a low-income-edge household (低保边缘家庭):
    /// not eligible, per-capita income below the edge multiple of the standard, assets
    /// within the limit.
    fn is_low_income_edge(&self) -> bool;

    /// Dibao's test of the household this month, once dibao has run (`None` when the unit
    /// has no member).
    fn dibao_test(&self) -> Option<DibaoTest>;

    /// What `program` pays the member: its amount, or for dibao the member's share of the
    /// household amount (amount / unit size) or the amount of single-person coverage.
    fn paid_to(&self, program: ProgramId, member: u8) -> Option<Money>;
}

/// Where a program writes its outcomes. Everything else a program learns or leaves for
/// later programs goes through `Decided`.
pub(crate) trait Outcomes: Decided {
    /// Records `program`'s outcome for the member at `member` ([`crate::decision::HOUSEHOLD`]
    /// for the household), with its reason, provision and the pack values it used.
    #[inline(always)]
    fn push(
        &mut self,
        program: ProgramId,
        member: u8,
        outcome: Outcome,
        reason: Reason,
        provision: &'static Provision,
        cites: Cites,
    ) {
        self.push_with(program, member, outcome, provision, cites, move || reason);
    }

    /// As `Outcomes::push`, building the reason only when the outcome is kept: for
    /// reasons that cost arithmetic (a per-capita division) that a dropped refusal would
    /// waste.
    fn push_with(
        &mut self,
        program: ProgramId,
        member: u8,
        outcome: Outcome,
        provision: &'static Provision,
        cites: Cites,
        reason: impl FnOnce() -> Reason,
    );

    /// Dibao's benefit unit, given before dibao's household entry: the members a household
    /// payment of dibao pays.
    fn set_dibao_unit(&mut self, unit: Members);

    /// Dibao found the household to be a low-income-edge household.
    fn set_low_income_edge(&mut self);

    /// Dibao's test of the household, given before dibao's household entry.
    fn set_dibao_test(&mut self, test: DibaoTest);
}

/// Dibao's test of a household, as the monitoring registers read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DibaoTest {
    /// The unit's counted income, after rigid spending.
    pub(crate) net: Money,
    /// The unit's counted income before rigid spending.
    pub(crate) gross: Money,
    /// Members in the unit (at least one).
    pub(crate) size: u32,
    /// Whether the assets pass the dibao asset test (financial assets and vehicle).
    pub(crate) assets_pass: bool,
    /// Whether the unit's income is below the edge limit (the standard times the edge
    /// multiplier, times the unit size).
    pub(crate) below_edge: bool,
}

#[cfg(test)]
mod tests {
    //! The worked example of the module docs, run against a small record of outcomes.

    use super::*;
    use crate::model::Household;
    use crate::period::Month;
    use crate::policy::{MonthParams, PolicyPack};

    const PROGRAM: ProgramId = ProgramId::PovertyBackstop;
    const PROVISION: Provision = Provision {
        document: "an example",
        article: "",
        status: crate::policy::Status::Illustrative,
    };

    fn evaluate<O: MemberOrder>(ctx: &Ctx<'_, O>, out: &mut impl Outcomes) {
        let amount = Money::from_yuan(30);
        for (i, _, d) in ctx.members() {
            let (outcome, reason) = if d.age < 80 {
                (
                    Outcome::NotPaid,
                    Reason::AgeUnder {
                        age: d.age,
                        limit: 80,
                    },
                )
            } else if out.receives(ProgramId::Dibao, i) {
                (
                    Outcome::NotPaid,
                    Reason::CoveredBy {
                        program: ProgramId::Dibao,
                    },
                )
            } else {
                (Outcome::Paid { amount }, Reason::Flat { amount })
            };
            out.push(PROGRAM, i, outcome, reason, &PROVISION, Cites::default());
        }
    }

    /// A record of outcomes for the test: members on dibao are given, entries are kept.
    #[derive(Default)]
    struct Record {
        on_dibao: Members,
        entries: Vec<(ProgramId, u8, Outcome, Reason)>,
    }

    impl Decided for Record {
        fn receives(&self, program: ProgramId, member: u8) -> bool {
            program == ProgramId::Dibao && self.on_dibao.contains(member)
        }
        fn qualifies(&self, program: ProgramId, member: u8) -> bool {
            self.receives(program, member)
        }
        fn household_receives_dibao(&self) -> bool {
            self.on_dibao != Members::EMPTY
        }
        fn is_low_income_edge(&self) -> bool {
            false
        }
        fn dibao_test(&self) -> Option<DibaoTest> {
            None
        }
        fn paid_to(&self, _: ProgramId, _: u8) -> Option<Money> {
            None
        }
    }

    impl Outcomes for Record {
        fn push_with(
            &mut self,
            program: ProgramId,
            member: u8,
            outcome: Outcome,
            _: &'static Provision,
            _: Cites,
            reason: impl FnOnce() -> Reason,
        ) {
            self.entries.push((program, member, outcome, reason()));
        }
        fn set_dibao_unit(&mut self, _: Members) {}
        fn set_low_income_edge(&mut self) {}
        fn set_dibao_test(&mut self, _: DibaoTest) {}
    }

    #[test]
    fn worked_example() {
        // Three members in 2020-03: aged 85 (on dibao), 81 and 40.
        let household = Household::from_json(
            r#"{"id": "h", "area": "urban", "members": [
              {"id": "a", "birth_date": "1935-01-01", "sex": "male", "relation": "head"},
              {"id": "b", "birth_date": "1939-01-01", "sex": "female", "relation": "spouse"},
              {"id": "c", "birth_date": "1980-01-01", "sex": "male", "relation": "child"}]}"#,
        )
        .unwrap();
        let month: Month = "2020-03".parse().unwrap();
        let params = MonthParams::resolve(&PolicyPack::maojian(), month).unwrap();
        let mut derived = Vec::new();
        derive(&household, &params, &mut derived);
        let facts = Facts::default();
        let ctx = Ctx::<Listed>::new(&household, &facts, &params, &derived, &[]);
        let mut record = Record::default();
        record.on_dibao.insert(0);
        evaluate(&ctx, &mut record);
        let thirty = Money::from_yuan(30);
        assert_eq!(
            record.entries,
            [
                (
                    PROGRAM,
                    0,
                    Outcome::NotPaid,
                    Reason::CoveredBy {
                        program: ProgramId::Dibao
                    }
                ),
                (
                    PROGRAM,
                    1,
                    Outcome::Paid { amount: thirty },
                    Reason::Flat { amount: thirty }
                ),
                (
                    PROGRAM,
                    2,
                    Outcome::NotPaid,
                    Reason::AgeUnder { age: 40, limit: 80 }
                ),
            ]
        );
    }
}
