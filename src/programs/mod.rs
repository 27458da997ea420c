//! The programs of the safety net: one file per program, each quoting the provision it
//! implements, with a worked example.
//!
//! # How a program is written
//!
//! A program is a function of what it reads, and writes nothing but outcomes:
//!
//! ```text
//! pub(crate) fn evaluate(ctx: &impl Context, out: &mut impl Outcomes)
//! ```
//!
//! - **It reads a `Context`**, read-only: the month, the pack's values in force that month
//!   (`ctx.params()`, each value with the cite of where it came from, looked up by its
//!   parameter), the household's facts as the rules read them (`ctx.financial_assets()`,
//!   `ctx.enrolments()`, …: verified where a fresh verification exists; the declared values
//!   a verification replaces are not reachable), and its members (`ctx.members()`), each a
//!   `Member`: the person's facts, age and counted income for the month. Members come in
//!   person-id order, so that a determination does not depend on the order they were
//!   listed in.
//! - **It reads what the programs it declares decided** through `Decided`, with the pack's
//!   overlap rules between them applied: whether a member receives a program (paid, not
//!   withheld), is in a program's group (paid, withheld, or on a register), what a program
//!   pays them, and dibao's test of the household (its unit, income, assets and edge).
//! - **It writes** through `Outcomes::push`: one entry per beneficiary — the program, who
//!   (`member.who()`, or `Who::HOUSEHOLD`), the [`Outcome`], the [`Reason`] with the
//!   numbers that decided it, the [`Provision`], and the [`Cites`] of the pack values it
//!   used. `Outcomes::push_with` takes the reason as a closure, for a reason that costs
//!   arithmetic: a refusal the caller does not keep is then never built.
//!
//! A program never applies an overlap rule, never reads a clock, a file or a global, and
//! never decides when it runs: the engine runs the programs in an order derived from what
//! each reads, and resolves the pack's overlap table as their sides are decided, in one
//! place. So a program is written as if it were alone; "tekun wins over dibao" is a row of
//! the pack, not an `if` in `dibao.rs`.
//!
//! # Adding a program
//!
//! A program is one file and one line in one registry, plus its values in the default pack:
//!
//! 1. **One line in the registry**, `programs!` in `src/model/ids.rs`: its type name, its
//!    module (whose name is its wire name), how it pays (`Monthly`, `OneOff`, `Service`), who
//!    it is for (`Household`, `Person`), and its Chinese and English names. Everything
//!    else — the engine's loop, the trace, the JSON Schemas, reports, reform tables — walks
//!    this registry.
//! 2. **One file**, `src/programs/NAME.rs`:
//!    - module docs quoting the provision, the rule as bullets and a worked example as a
//!      doctest;
//!    - `PROGRAM`, a [`Program`]-like declaration: the programs it reads (it runs after them,
//!      with the overlap rules between them applied; a cycle of reads fails the build, and
//!      reading a program it does not declare fails the tests), its provisions, and the pack
//!      parameters it reads;
//!    - `evaluate(ctx, out)` as above;
//!    - `facts(ctx, decided, who, out)`: the facts it read for a beneficiary, which the
//!      explanation trace shows beside the age (or, for the household, the area).
//! 3. **Its values in the default pack** (`src/policy/packs/maojian.toml`), each dated and
//!    sourced. A parameter the pack does not have yet is declared in `src/policy/param.rs`
//!    (name, kind, meaning): packs are read and checked without an engine, below the
//!    programs. A reason of its own, if the shared ones (`Flat`, `AgeUnder`, `NotInGroup`,
//!    …) do not say it, is a variant of [`Reason`].
//!
//! Then add its cases, worked by hand, to `tests/cases/NAME.toml`. The crate's tests check
//! the registry: every program appears in determinations, traces, reports, the pack
//! schema and these docs, and its declared reads are the ones it makes.
//!
//! The smallest complete program, compiled and run as this module's unit test
//! `worked_example`: a flat 30.00 a month for every member aged 80 or more who receives no
//! dibao.
//!
//! ```text
//! fn evaluate(ctx: &impl Context, out: &mut impl Outcomes) {
//!     let amount = Money::from_yuan(30);
//!     for m in ctx.members() {
//!         let (outcome, reason) = if m.age() < 80 {
//!             (Outcome::NotPaid, Reason::AgeUnder { age: m.age(), limit: 80 })
//!         } else if out.receives(ProgramId::Dibao, m.who()) {
//!             (Outcome::NotPaid, Reason::CoveredBy { program: ProgramId::Dibao })
//!         } else {
//!             (Outcome::Paid { amount }, Reason::Flat { amount })
//!         };
//!         out.push(PROGRAM.id, m.who(), (outcome, reason), &PROVISION, Cites::default());
//!     }
//! }
//! ```
//!
//! # The programs
//!
//! Each module below is one program, in the registry's order ([`registry`]); its page
//! quotes its provision, states the rule and works an example. The engine evaluates them
//! in [`evaluation_order`].

mod context;
pub(crate) mod local;
mod monitoring;

pub(crate) use context::{
    Context, Ctx, Derived, Facts, Listed, Member, MemberOrder, Members, Sorted, Who, derive,
    order_members, verify,
};
pub(crate) use local::{LocalOutcome, LocalPerson, LocalProgram};
pub(crate) use monitoring::{is_monitored, reviews};

use crate::decision::{Cites, Fact, Outcome, Provision, Reason};
use crate::model::ProgramId;
use crate::money::Money;
use crate::policy::Param;

/// What a built-in program declares besides its rule: what it reads, the provisions it
/// implements and the pack parameters it uses. The engine derives the order of evaluation
/// from these declarations; [`registry`] lists them for a service or a report.
///
/// # Example
///
/// ```
/// use doudi::ProgramId;
///
/// let dibao = doudi::programs::registry()
///     .iter()
///     .find(|p| p.id() == ProgramId::Dibao)
///     .unwrap();
/// assert_eq!(dibao.reads(), &[ProgramId::Tekun]);
/// assert!(dibao.params().iter().any(|p| p.name() == "dibao.standard.urban"));
/// assert_eq!(dibao.provisions()[0].document(), "民发〔2021〕57号");
/// ```
#[derive(Debug)]
pub struct Program {
    pub(crate) id: ProgramId,
    pub(crate) paid_by: PaidBy,
    pub(crate) reads: &'static [ProgramId],
    pub(crate) provisions: &'static [&'static Provision],
    pub(crate) params: &'static [Param],
}

impl Program {
    /// The program.
    pub fn id(&self) -> ProgramId {
        self.id
    }

    /// How what it pays is recorded as paid.
    pub fn paid_by(&self) -> PaidBy {
        self.paid_by
    }

    /// The programs whose outcomes it reads. It runs after them, once the pack's overlap
    /// rules between them have been applied: the order of evaluation is derived from these
    /// lists, and a cycle of reads fails the crate's build.
    pub fn reads(&self) -> &'static [ProgramId] {
        self.reads
    }

    /// The provisions it implements, its main one first.
    pub fn provisions(&self) -> &'static [&'static Provision] {
        self.provisions
    }

    /// The pack parameters it reads.
    pub fn params(&self) -> &'static [Param] {
        self.params
    }
}

/// How what a program pays is known to have been paid (实发, POLICY §18's distinction of
/// entitlement and payment): the facts a bureau records for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum PaidBy {
    /// An enrolment (the household or a member applies and is enrolled; the enrolment
    /// records the monthly amount): coverage findings compare the rules with enrolments.
    Enrolment,
    /// A payment record: the program follows the others or an event (temporary
    /// assistance, the price subsidy, the COVID-19 measures); nobody enrols in it.
    Payment,
    /// Nothing: a register or classification pays no money.
    Nothing,
}

/// Every built-in program's declaration, in the crate's fixed order
/// ([`ProgramId::BUILT_IN`]).
pub fn registry() -> &'static [&'static Program] {
    &PROGRAMS
}

/// The built-in programs in the order the engine evaluates them: the crate's fixed order,
/// each program preceded by the programs it reads.
pub fn evaluation_order() -> &'static [ProgramId] {
    &ORDER
}

/// What the programs of earlier stages decided, as a program (or a local program) reads
/// it. Overlap rules between them have been applied: a payment withheld by a rule is not
/// received.
pub(crate) trait Decided {
    /// Whether the member receives `program` this month: paid and not withheld (for dibao:
    /// a member of a paid unit, or covered alone).
    fn receives(&self, program: ProgramId, who: Who) -> bool;

    /// Whether the member is in `program`'s group: paid, withheld by an overlap rule, or
    /// (for a register or classification) holding.
    fn qualifies(&self, program: ProgramId, who: Who) -> bool;

    /// What `program` pays the member: its amount, or for dibao the member's share of the
    /// household amount (amount / unit size) or the amount of single-person coverage.
    fn paid_to(&self, program: ProgramId, who: Who) -> Option<Money>;

    /// Whether `program` pays anyone in the household (for dibao: the unit, or a member
    /// alone).
    fn pays_anyone(&self, program: ProgramId) -> bool;

    /// Dibao's test of the household this month, once dibao has run (`None` when the unit
    /// has no member).
    fn dibao(&self) -> Option<DibaoTest>;

    /// Whether the member is paid by a program that the pack's overlap table makes win
    /// over the program being evaluated (for dibao: such a member leaves the unit, 43号
    /// 第27条).
    fn paid_by_a_winner(&self, who: Who) -> bool;
}

/// Where a program writes its outcomes. Everything else a program learns or leaves for
/// later programs goes through [`Decided`].
pub(crate) trait Outcomes: Decided {
    /// Records `program`'s outcome for `who`, with its reason, provision and the pack
    /// values it used.
    #[inline(always)]
    fn push(
        &mut self,
        program: ProgramId,
        who: Who,
        (outcome, reason): (Outcome, Reason),
        provision: &'static Provision,
        cites: Cites,
    ) {
        self.push_with(program, who, outcome, provision, cites, move || reason);
    }

    /// As [`Outcomes::push`], building the reason only when the outcome is kept: for
    /// reasons that cost arithmetic (a per-capita division) that a dropped refusal would
    /// waste.
    fn push_with(
        &mut self,
        program: ProgramId,
        who: Who,
        outcome: Outcome,
        provision: &'static Provision,
        cites: Cites,
        reason: impl FnOnce() -> Reason,
    );

    /// Dibao's test of the household, given before dibao's household entry (its unit says
    /// whom a household payment pays).
    fn note_dibao(&mut self, test: DibaoTest);
}

/// What the engine does between programs ([`in_order`]): given the program's slot before it
/// runs, and its slot and position in the order of evaluation after.
pub(crate) trait Between<W> {
    /// Before the program at `slot` runs.
    fn before(&self, slot: usize, out: &mut W);

    /// After the program at `slot`, at `position` of the order of evaluation, has run.
    fn after(&self, slot: usize, position: usize, out: &mut W);
}

/// Dibao's test of a household, as later programs read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DibaoTest {
    /// The members of the benefit unit.
    pub(crate) unit: Members,
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
    /// Whether the household is eligible for dibao this month (income below the standard,
    /// assets within the limit), whatever its enrolment.
    pub(crate) eligible: bool,
    /// A low-income-edge household (低保边缘家庭) as dibao finds it: not eligible and not
    /// in gradual exit, income below the edge, assets within the limit.
    pub(crate) low_income_edge: bool,
}

/// Declares the program modules of the registry (`crate::model::for_each_program`), the
/// table of their declarations, and the calls into them.
macro_rules! register {
    ($($variant:ident $module:ident),+) => {
        $(pub mod $module;)+

        /// Every built-in program's declaration, by slot (the registry's order).
        pub(crate) const PROGRAMS: [&Program; ProgramId::BUILT_IN.len()] = [$(&$module::PROGRAM),+];

        /// Evaluates `program` (nothing for a local program: the engine runs those).
        #[inline(always)]
        pub(crate) fn evaluate(program: ProgramId, ctx: &impl Context, out: &mut impl Outcomes) {
            match program {
                $(ProgramId::$variant => $module::evaluate(ctx, out),)+
                ProgramId::Local(_) => {}
            }
        }

        /// Evaluates every built-in program in the order of evaluation ([`ORDER`]), with
        /// `between`'s work before and after each. The calls are written out one by one,
        /// each with its program, slot and position known when the crate compiles, so that
        /// every program is compiled into the engine's loop as if called by hand.
        #[inline(always)]
        pub(crate) fn in_order<C: Context, W: Outcomes>(
            ctx: &C,
            out: &mut W,
            between: &impl Between<W>,
        ) {
            // The registry's lines count the positions 0, 1, …: the slot of the k-th line
            // is k.
            $(
                {
                    const K: usize = match ProgramId::$variant.slot() {
                        Some(k) => k,
                        None => 0,
                    };
                    const PROGRAM: ProgramId = ORDER[K];
                    const SLOT: usize = match PROGRAM.slot() {
                        Some(slot) => slot,
                        None => 0,
                    };
                    between.before(SLOT, out);
                    evaluate(PROGRAM, ctx, out);
                    between.after(SLOT, K, out);
                }
            )+
        }

        /// Appends the facts `program` read for `who` (after the age or area every entry
        /// shows), for the explanation trace.
        pub(crate) fn facts(
            program: ProgramId,
            ctx: &impl Context,
            decided: &impl Decided,
            who: Who,
            out: &mut Vec<Fact>,
        ) {
            match program {
                $(ProgramId::$variant => $module::facts(ctx, decided, who, out),)+
                ProgramId::Local(_) => {}
            }
        }
    };
}

crate::model::for_each_program!(register);

/// The household's area, as the trace shows it beside a program's facts.
pub(crate) fn area_fact(area: crate::model::Area) -> Fact {
    Fact {
        name: "area",
        value: crate::decision::FactValue::Word(match area {
            crate::model::Area::Urban => "urban",
            crate::model::Area::Rural => "rural",
        }),
    }
}

/// A member's disability, as the trace shows it.
pub(crate) fn disability_fact(m: &Member<'_>) -> Fact {
    Fact {
        name: "disability",
        value: crate::decision::FactValue::Disability(m.disability()),
    }
}

/// The number of built-in programs.
const N: usize = ProgramId::BUILT_IN.len();

/// The order the built-in programs are evaluated in: the registry's order, each program
/// preceded by the programs it reads (depth first, those in the registry's order). Derived
/// when the crate compiles: a cycle of reads fails the build.
pub(crate) const ORDER: [ProgramId; N] = match order_of(&PROGRAMS) {
    Ok(order) => order,
    Err(Refused::Cycle(_)) => panic!("the programs' reads form a cycle"),
    Err(Refused::NotItsLine(_)) => {
        panic!("a program's declaration names another program than its registry line")
    }
};

/// Why a table of declarations has no order of evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refused {
    /// The program's reads lead back to it.
    Cycle(ProgramId),
    /// The declaration at this slot is of another program.
    NotItsLine(usize),
}

/// Visits the program at `slot`: first what it reads, then itself.
#[allow(
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    reason = "slots are below N; at most N programs are placed"
)]
const fn visit(
    table: &[&Program; N],
    slot: usize,
    state: &mut [u8; N],
    order: &mut [ProgramId; N],
    placed: &mut usize,
) -> Result<(), Refused> {
    const ON_PATH: u8 = 1;
    const DONE: u8 = 2;
    if state[slot] == DONE {
        return Ok(());
    }
    if state[slot] == ON_PATH {
        return Err(Refused::Cycle(table[slot].id));
    }
    state[slot] = ON_PATH;
    let reads = table[slot].reads;
    // The programs read, in the registry's order.
    let mut other = 0;
    while other < N {
        let mut k = 0;
        while k < reads.len() {
            if let Some(s) = reads[k].slot()
                && s == other
                && let Err(refused) = visit(table, other, state, order, placed)
            {
                return Err(refused);
            }
            k += 1;
        }
        other += 1;
    }
    state[slot] = DONE;
    order[*placed] = table[slot].id;
    *placed += 1;
    Ok(())
}

/// The order of evaluation of a table of declarations (see [`ORDER`]).
#[allow(
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    reason = "slots are below N"
)]
pub(crate) const fn order_of(table: &[&Program; N]) -> Result<[ProgramId; N], Refused> {
    let mut state = [0u8; N];
    let mut order = [ProgramId::Dibao; N];
    let mut placed = 0;
    let mut slot = 0;
    while slot < N {
        match table[slot].id.slot() {
            Some(s) if s == slot => {}
            _ => return Err(Refused::NotItsLine(slot)),
        }
        if let Err(refused) = visit(table, slot, &mut state, &mut order, &mut placed) {
            return Err(refused);
        }
        slot += 1;
    }
    Ok(order)
}

#[cfg(test)]
mod tests {
    //! The worked example of the module docs, run against a small record of outcomes; the
    //! order of evaluation and its refusal of a cycle.

    use super::*;
    use crate::model::Household;
    use crate::period::Month;
    use crate::policy::{MonthParams, PolicyPack};

    const PROGRAM: Program = Program {
        id: ProgramId::PovertyBackstop,
        paid_by: PaidBy::Enrolment,
        reads: &[ProgramId::Dibao],
        provisions: &[&PROVISION],
        params: &[],
    };
    const PROVISION: Provision =
        Provision::new("an example", "", crate::policy::Status::Illustrative);

    fn evaluate(ctx: &impl Context, out: &mut impl Outcomes) {
        let amount = Money::from_yuan(30);
        for m in ctx.members() {
            let (outcome, reason) = if m.age() < 80 {
                (
                    Outcome::NotPaid,
                    Reason::AgeUnder {
                        age: m.age(),
                        limit: 80,
                    },
                )
            } else if out.receives(ProgramId::Dibao, m.who()) {
                (
                    Outcome::NotPaid,
                    Reason::CoveredBy {
                        program: ProgramId::Dibao,
                    },
                )
            } else {
                (Outcome::Paid { amount }, Reason::Flat { amount })
            };
            out.push(
                PROGRAM.id,
                m.who(),
                (outcome, reason),
                &PROVISION,
                Cites::default(),
            );
        }
    }

    /// A record of outcomes for the test: members on dibao are given, entries are kept.
    #[derive(Default)]
    struct Record {
        on_dibao: Members,
        entries: Vec<(ProgramId, Who, Outcome, Reason)>,
    }

    impl Decided for Record {
        fn receives(&self, program: ProgramId, who: Who) -> bool {
            program == ProgramId::Dibao && self.on_dibao.contains(who)
        }
        fn qualifies(&self, program: ProgramId, who: Who) -> bool {
            self.receives(program, who)
        }
        fn paid_to(&self, _: ProgramId, _: Who) -> Option<Money> {
            None
        }
        fn pays_anyone(&self, program: ProgramId) -> bool {
            program == ProgramId::Dibao && self.on_dibao != Members::EMPTY
        }
        fn dibao(&self) -> Option<DibaoTest> {
            None
        }
        fn paid_by_a_winner(&self, _: Who) -> bool {
            false
        }
    }

    impl Outcomes for Record {
        fn push_with(
            &mut self,
            program: ProgramId,
            who: Who,
            outcome: Outcome,
            _: &'static Provision,
            _: Cites,
            reason: impl FnOnce() -> Reason,
        ) {
            self.entries.push((program, who, outcome, reason()));
        }
        fn note_dibao(&mut self, _: DibaoTest) {}
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
        let ctx = Ctx::<Listed>::new(&household, &facts, &params, &derived, &[], 0);
        let who = |i| Who::from_index(i);
        let mut record = Record::default();
        record.on_dibao.insert(who(0));
        evaluate(&ctx, &mut record);
        let thirty = Money::from_yuan(30);
        assert_eq!(
            record.entries,
            [
                (
                    PROGRAM.id,
                    who(0),
                    Outcome::NotPaid,
                    Reason::CoveredBy {
                        program: ProgramId::Dibao
                    }
                ),
                (
                    PROGRAM.id,
                    who(1),
                    Outcome::Paid { amount: thirty },
                    Reason::Flat { amount: thirty }
                ),
                (
                    PROGRAM.id,
                    who(2),
                    Outcome::NotPaid,
                    Reason::AgeUnder { age: 40, limit: 80 }
                ),
            ]
        );
    }

    #[test]
    fn every_program_runs_after_what_it_reads() {
        for (k, program) in ORDER.iter().enumerate() {
            let slot = program.slot().unwrap();
            for read in PROGRAMS[slot].reads {
                let at = ORDER.iter().position(|p| p == read).unwrap();
                assert!(at < k, "{program} runs before {read}, which it reads");
            }
        }
        // Every program once.
        let mut seen: Vec<ProgramId> = ORDER.to_vec();
        seen.sort();
        assert_eq!(seen, ProgramId::BUILT_IN);
        // Tekun is decided after the orphan allowances that win over it for minors, dibao
        // after tekun; registers and programs that read nothing keep the registry's order.
        let at = |p| ORDER.iter().position(|&q| q == p).unwrap();
        assert!(at(ProgramId::Orphan) < at(ProgramId::Tekun));
        assert!(at(ProgramId::Tekun) < at(ProgramId::Dibao));
        assert!(at(ProgramId::Dibao) < at(ProgramId::DisabilityLiving));
    }

    #[test]
    fn a_cycle_of_reads_is_refused() {
        // Dibao reading the living subsidy, which reads dibao: no order can satisfy both.
        const LIVING: Program = Program {
            id: ProgramId::DisabilityLiving,
            paid_by: PaidBy::Enrolment,
            reads: &[ProgramId::Dibao],
            provisions: &[],
            params: &[],
        };
        const DIBAO: Program = Program {
            id: ProgramId::Dibao,
            paid_by: PaidBy::Enrolment,
            reads: &[ProgramId::DisabilityLiving],
            provisions: &[],
            params: &[],
        };
        let mut table = PROGRAMS;
        table[ProgramId::Dibao.slot().unwrap()] = &DIBAO;
        table[ProgramId::DisabilityLiving.slot().unwrap()] = &LIVING;
        assert_eq!(order_of(&table), Err(Refused::Cycle(ProgramId::Dibao)),);
        assert!(order_of(&PROGRAMS).is_ok());
    }
}
