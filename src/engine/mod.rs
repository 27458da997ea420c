//! The engine: evaluates one household for one month under a pack.
//!
//! The programs run in the order the registry derives from what each reads
//! ([`crate::programs::ORDER`]), then the local programs of the embedding service. After
//! each program the engine applies every overlap rule of the pack whose two sides are now
//! both decided — exclusive and take-the-higher first, then top-ups — in one place
//! (`overlap.rs`), so a program reads what it reads with the rules between them applied.
//! Nothing about overlaps is written in the programs.
//!
//! The engine owns the working state of an evaluation (`working.rs`: the entries so far and
//! the bit sets that let later programs and the overlap rules read them cheaply); the
//! programs see it only through the small interface of [`crate::programs`]. After the last
//! program the engine computes the household's findings (`findings.rs`) and, when asked, the
//! explanation trace (`trace.rs`).

mod changes;
mod findings;
mod overlap;
mod trace;
mod working;

use std::sync::Arc;

pub use working::Scratch;

pub(crate) use working::RestsOn;

use crate::decision::{Cites, Determination, EnrolmentReview, Outcome, Reason, Trace};
use crate::error::Result;
use crate::model::{Household, ProgramId};
use crate::period::Month;
use crate::policy::{MonthParams, OverlapKind, Party, PolicyPack};
use crate::programs::{self, Context, Ctx, LocalOutcome, LocalPerson, LocalProgram, MemberOrder};
use working::{Forced, Working};

/// The most passes after the first that an evaluation makes to withhold from the start
/// what a later rule withheld (see [`Engine::run_programs`]).
const MAX_PASSES: usize = 8;

/// The programs `household` is enrolled in, each once, in the order first enrolled.
fn enrolled_programs(household: &Household) -> Vec<ProgramId> {
    let mut programs = Vec::new();
    for e in household.enrolments() {
        if !programs.contains(&e.program) {
            programs.push(e.program);
        }
    }
    programs
}

/// The number of built-in programs.
const N: usize = ProgramId::BUILT_IN.len();

/// The position of each built-in program in the order of evaluation, by slot.
const POSITION: [usize; N] = positions();

#[allow(
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    reason = "evaluated when the crate compiles: every program of ORDER is built in, its slot below N"
)]
const fn positions() -> [usize; N] {
    let mut out = [0; N];
    let mut k = 0;
    while k < N {
        if let Some(slot) = programs::ORDER[k].slot() {
            out[slot] = k;
        }
        k += 1;
    }
    out
}

/// The position after which a side of a rule is decided: a built-in program's place in the
/// order of evaluation, after every built-in program ([`N`]) for a local one; an external
/// benefit or "any program" is known from the start.
fn position_of(party: Party) -> usize {
    match party {
        Party::Program(p) => p
            .slot()
            .and_then(|slot| POSITION.get(slot).copied())
            .unwrap_or(N),
        Party::External(_) | Party::Any => 0,
    }
}

/// Where and in what order each overlap rule of `rules` is applied: the rule's index and
/// the position in the order of evaluation after which it applies, in the order to apply
/// them.
///
/// A rule applies once both its sides are decided. A top-up counts what the program on its
/// other side pays; when that program is itself topped up over a third, its own top-ups
/// settle what it pays, so they come first: a top-up applies no earlier, and within a
/// position after, the top-ups of the program it counts. The pack refuses top-ups that
/// form a cycle, so this settles within as many rounds as there are rules.
#[allow(
    clippy::indexing_slicing,
    reason = "`at` and `depth` have one entry for each of `rules`, indexed by their positions in it"
)]
fn placement(rules: &[crate::policy::OverlapRule]) -> Vec<(usize, usize)> {
    let mut at: Vec<usize> = rules
        .iter()
        .map(|r| position_of(Party::Program(r.a())).max(r.b().map_or(0, position_of)))
        .collect();
    // How many top-ups must come before the rule, along the longest chain.
    let mut depth = vec![0usize; rules.len()];
    for _ in 0..rules.len() {
        let mut changed = false;
        for (i, rule) in rules.iter().enumerate() {
            let (OverlapKind::TopUp, Some(Party::Program(counted))) = (rule.kind(), rule.b())
            else {
                continue;
            };
            for (j, first) in rules.iter().enumerate() {
                if first.kind() != OverlapKind::TopUp || first.a() != counted {
                    continue;
                }
                let (after, deeper) = (at[j], depth[j].saturating_add(1));
                if after > at[i] {
                    at[i] = after;
                    changed = true;
                }
                if deeper > depth[i] {
                    depth[i] = deeper;
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    let mut order: Vec<usize> = (0..rules.len()).collect();
    order.sort_by_key(|&i| depth[i]);
    order.into_iter().map(|i| (i, at[i])).collect()
}

/// The rule engine: evaluates households under one pack.
///
/// Construction resolves the pack's values for every month it covers, so an evaluation
/// looks nothing up. An `Engine` is `Send + Sync`: share it across threads.
///
/// # Example
///
/// ```
/// use doudi::{Engine, Household, PolicyPack, ProgramId};
///
/// let engine = Engine::new(PolicyPack::maojian());
/// let household = Household::from_json(r#"{"id": "h1", "area": "urban", "members": [
///   {"id": "a", "birth_date": "1950-06-01", "sex": "female", "relation": "head",
///    "incomes": [{"category": "transfer", "monthly": "700.00"}]}
/// ]}"#)?;
/// let d = engine.evaluate(&household, "2020-03".parse()?)?;
/// let dibao = d.entry(ProgramId::Dibao, None).unwrap();
/// assert_eq!(dibao.paid(), None);
/// assert_eq!(
///     dibao.reason().to_string(),
///     "per-capita income 700.00 ≥ standard 620.00 (margin 80.00)"
/// );
/// # Ok::<(), doudi::Error>(())
/// ```
#[derive(Clone)]
pub struct Engine {
    pack: Arc<PolicyPack>,
    months: Vec<Option<MonthParams>>,
    /// Overlap rule indices by the position after which they apply: a built-in program's
    /// place in the order of evaluation, or [`N`] after the local programs.
    rules_after: Vec<Vec<usize>>,
    /// Per position, the built-in programs whose payment some rule applied there needs (a
    /// bit per slot); `u32::MAX` when a rule names a local program.
    needs_after: [u32; N + 1],
    /// The positions after which some rule acts, a bit each.
    resolving: u32,
    /// Per built-in household program (by slot), the exclusive rules that make another side
    /// win over it: (rule index, the winning side). The program reads the members that side
    /// pays ([`programs::Decided::paid_by_a_winner`]): dibao's unit leaves them out.
    losses: [Vec<(usize, Party)>; N],
    /// The household programs with such rules, a bit per slot.
    unit_losses: u32,
    /// The programs the pack pays once a person (a `once` rule), a bit per slot.
    once: u32,
    locals: Vec<Arc<dyn LocalProgram>>,
    /// Why every evaluation is refused: the pack's overlap table names a local program the
    /// engine does not have (an engine made with [`Engine::new`] for such a pack).
    refused: Option<crate::error::Error>,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("pack", &self.pack.name())
            .field("fingerprint", &self.pack.fingerprint())
            .field("locals", &self.locals.len())
            .finish()
    }
}

impl Engine {
    /// An engine for `pack`, with no local program.
    ///
    /// A pack whose overlap table names a local program needs it: build that engine with
    /// [`Engine::builder`], which refuses a missing one. An engine made here for such a pack
    /// refuses every evaluation, naming the rule and the program.
    pub fn new(pack: PolicyPack) -> Engine {
        let mut engine = Engine::prepare(pack);
        engine.refused = engine.missing_local().err();
        engine
    }

    /// Starts an engine for `pack` to which local programs are added.
    ///
    /// # Example
    ///
    /// See [`LocalProgram`].
    pub fn builder(pack: PolicyPack) -> EngineBuilder {
        EngineBuilder {
            engine: Engine::prepare(pack),
        }
    }

    /// The local programs, each with its version, in the order they were added.
    pub fn locals(&self) -> impl Iterator<Item = (ProgramId, &str)> + '_ {
        self.locals
            .iter()
            .map(|p| (ProgramId::Local(p.name()), p.version()))
    }

    /// The first overlap rule that names a local program the engine does not have.
    fn missing_local(&self) -> Result<()> {
        for (i, rule) in self.pack.overlaps().iter().enumerate() {
            let sides = [Some(Party::Program(rule.a())), rule.b()];
            for (side, party) in ["a", "b"].into_iter().zip(sides) {
                if let Some(Party::Program(ProgramId::Local(name))) = party
                    && !self.locals.iter().any(|p| p.name() == name)
                {
                    return Err(crate::error::Error::Pack {
                        path: crate::error::Path::root()
                            .field("overlap")
                            .then(crate::error::Segment::Index(i))
                            .field(side),
                        problem: crate::error::PackProblem::NoSuchLocalProgram {
                            name: format!("local:{}", name.as_str()),
                        },
                    });
                }
            }
        }
        Ok(())
    }

    /// The engine for `pack`, its values resolved for every month and its overlap rules
    /// placed after the program that decides their second side.
    #[allow(
        clippy::indexing_slicing,
        reason = "positions are at most N, the last index of the per-position lists; slots are below N"
    )]
    fn prepare(pack: PolicyPack) -> Engine {
        let months = pack
            .first_month()
            .through(pack.last_month())
            .map(|m| MonthParams::resolve(&pack, m).ok())
            .collect();
        let mut rules_after = vec![Vec::new(); N + 1];
        let mut needs_after = [0u32; N + 1];
        let mut losses: [Vec<(usize, Party)>; N] = Default::default();
        let mut once = 0u32;
        for (i, at) in placement(pack.overlaps()) {
            let rule = &pack.overlaps()[i];
            let a = Party::Program(rule.a());
            rules_after[at].push(i);
            match rule.kind() {
                // Every rule that acts needs its side `a` paid.
                OverlapKind::Exclusive | OverlapKind::TakeHigher | OverlapKind::TopUp => {
                    needs_after[at] |= rule.a().slot().map_or(u32::MAX, |slot| 1 << slot);
                }
                OverlapKind::Once => {
                    if let Some(slot) = rule.a().slot() {
                        once |= 1 << slot;
                    }
                }
                OverlapKind::Stack => {}
            }
            // A household program's unit leaves out the members a winning side pays (dibao,
            // 43号 第27条); a person program is withheld member by member after it runs.
            if rule.kind() == OverlapKind::Exclusive
                && let (Some(b), Some(winner)) = (rule.b(), rule.winner())
            {
                let loser = if winner == a { b } else { a };
                if let Party::Program(p) = loser
                    && p.beneficiary() == crate::model::Beneficiary::Household
                    && let Some(slot) = p.slot()
                {
                    losses[slot].push((i, winner));
                }
            }
        }
        let resolving = needs_after
            .iter()
            .enumerate()
            .filter(|(_, needs)| **needs != 0)
            .fold(0, |bits, (position, _)| bits | 1 << position);
        let unit_losses = losses
            .iter()
            .enumerate()
            .filter(|(_, l)| !l.is_empty())
            .fold(0, |bits, (slot, _)| bits | 1 << slot);
        Engine {
            pack: Arc::new(pack),
            months,
            rules_after,
            needs_after,
            resolving,
            losses,
            unit_losses,
            once,
            locals: Vec::new(),
            refused: None,
        }
    }

    /// The pack.
    pub fn pack(&self) -> &PolicyPack {
        &self.pack
    }

    fn params(&self, month: Month) -> Result<&MonthParams> {
        if let Some(error) = &self.refused {
            return Err(error.clone());
        }
        self.pack.check_covers(month)?;
        let index =
            usize::try_from(month.months_since(self.pack.first_month())).unwrap_or(usize::MAX);
        match self.months.get(index) {
            Some(Some(params)) => Ok(params),
            // Every month of a loaded pack resolves; should one not, resolving it again
            // gives the reason.
            _ => Err(MonthParams::resolve(&self.pack, month)
                .err()
                .unwrap_or_else(|| self.pack.outside(month))),
        }
    }

    /// The periodic review (定期核查) of each dibao and tekun enrolment of `household` in
    /// force in `month`: its class and the month it is due. A review whose due month is
    /// before `month` is overdue (and a `review_overdue` finding of the evaluation).
    ///
    /// # Example
    ///
    /// ```
    /// use doudi::{Engine, Household, PolicyPack, ReviewClass};
    ///
    /// // A couple of 40 and 38 enrolled in dibao since 2019-06, never reviewed: members of
    /// // working age, so reviewed every 6 months: due 2019-12.
    /// let h = Household::from_json(r#"{"id": "h1", "area": "rural", "members": [
    ///   {"id": "a", "birth_date": "1980-01-01", "sex": "male", "relation": "head"},
    ///   {"id": "b", "birth_date": "1982-01-01", "sex": "female", "relation": "spouse"}],
    ///  "enrolments": [{"program": "dibao", "since": "2019-06"}]}"#)?;
    /// let reviews = Engine::new(PolicyPack::maojian()).reviews(&h, "2020-03".parse()?)?;
    /// assert_eq!(reviews[0].review.class, ReviewClass::Unstable);
    /// assert_eq!(reviews[0].review.due.to_string(), "2019-12");
    /// # Ok::<(), doudi::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As [`Engine::evaluate`]: a month the pack does not cover, a member born after it.
    pub fn reviews(&self, household: &Household, month: Month) -> Result<Vec<EnrolmentReview>> {
        household.check_on(month)?;
        let params = self.params(month)?;
        let mut derived = Vec::new();
        programs::derive(household, params, &mut derived);
        let facts = programs::Facts::default();
        let ctx = Ctx::<programs::Listed>::new(household, &facts, params, &derived, &[], 0);
        Ok(programs::reviews(&ctx)
            .map(|(e, review)| EnrolmentReview {
                program: e.program(),
                person: e.member().cloned(),
                review,
            })
            .collect())
    }

    /// Evaluates `household` for `month`.
    ///
    /// # Errors
    ///
    /// Only when no answer can be reached: the month is outside the pack
    /// ([`crate::error::Error::OutsidePack`]) or a member is born after it
    /// ([`crate::error::Error::Invalid`]). Being ineligible is an answer, not an error.
    pub fn evaluate(&self, household: &Household, month: Month) -> Result<Determination> {
        let mut scratch = Scratch::default();
        scratch.order_members(household);
        self.run(household, month, &mut scratch, true)?;
        Ok(self.determination(household, month, &mut scratch))
    }

    /// Evaluates `household` for `month` reusing `scratch`'s buffers: the same answer as
    /// [`Engine::evaluate`], with fewer allocations when many households are evaluated in a
    /// row.
    ///
    /// # Errors
    ///
    /// As [`Engine::evaluate`].
    pub fn evaluate_with(
        &self,
        household: &Household,
        month: Month,
        scratch: &mut Scratch,
    ) -> Result<Determination> {
        scratch.reused = true;
        scratch.order_members(household);
        self.run(household, month, scratch, true)?;
        Ok(self.determination(household, month, scratch))
    }

    /// Evaluates `household` for `month` and explains it: every rule step with the facts it
    /// read, the pack values it used (value, date, source, status) and its outcome, and
    /// every overlap rule applied.
    ///
    /// # Errors
    ///
    /// As [`Engine::evaluate`].
    ///
    /// # Example
    ///
    /// ```
    /// use doudi::{Engine, Household, PolicyPack};
    ///
    /// let household = Household::from_json(r#"{"id": "h1", "area": "urban", "members": [
    ///   {"id": "a", "birth_date": "1980-01-01", "sex": "male", "relation": "head",
    ///    "incomes": [{"category": "wage", "monthly": "500.00"}]}]}"#)?;
    /// let (d, trace) = Engine::new(PolicyPack::maojian())
    ///     .evaluate_traced(&household, "2020-07".parse()?)?;
    /// let dibao = trace.steps.iter().find(|s| s.program.to_string() == "dibao").unwrap();
    /// assert_eq!(dibao.outcome, doudi::Outcome::Paid { amount: "220.00".parse()? });
    /// assert!(trace.values(dibao).any(|v| v.param.name() == "dibao.standard.urban" && v.value.to_string() == "620.00"));
    /// assert!(trace.to_string().contains("value dibao.standard.urban = 620.00 from 2020-01-01"));
    /// assert_eq!(d.total_monthly().to_string(), "220.00");
    /// # Ok::<(), doudi::Error>(())
    /// ```
    pub fn evaluate_traced(
        &self,
        household: &Household,
        month: Month,
    ) -> Result<(Determination, Trace)> {
        let mut scratch = Scratch {
            tracing: true,
            ..Scratch::default()
        };
        scratch.order_members(household);
        self.run(household, month, &mut scratch, true)?;
        let trace = scratch.trace.take();
        let determination = self.determination(household, month, &mut scratch);
        match trace {
            Some(trace) => Ok((determination, trace)),
            None => Err(self.pack.outside(month)),
        }
    }

    /// Builds the determination from a run, leaving `scratch` ready for the next.
    fn determination(
        &self,
        household: &Household,
        month: Month,
        scratch: &mut Scratch,
    ) -> Determination {
        // A scratch that is reused keeps a buffer of the same size for the next.
        let mut entries = if scratch.reused {
            let capacity = scratch.working.entries.capacity();
            std::mem::replace(&mut scratch.working.entries, Vec::with_capacity(capacity))
        } else {
            std::mem::take(&mut scratch.working.entries)
        };
        let members = household.members();
        for e in &mut entries {
            e.person = members.get(usize::from(e.index)).map(|p| p.id().clone());
        }
        Determination {
            household: household.id().clone(),
            month,
            pack: Arc::clone(&self.pack),
            persons: members.iter().map(|p| p.id().clone()).collect(),
            entries,
            findings: std::mem::take(&mut scratch.findings),
            used: Cites::from_bits(scratch.working.used),
            enrolled: enrolled_programs(household),
        }
    }

    /// Runs every program and resolves the overlaps; the outcomes stay in `scratch`, whose
    /// member order must be the household's ([`Scratch::order_members`]: once for a
    /// household evaluated for several months in a row). With `keep_refusals` off,
    /// refusals are kept only for programs the household is enrolled in (all that batch
    /// reports and findings read).
    pub(crate) fn run(
        &self,
        household: &Household,
        month: Month,
        scratch: &mut Scratch,
        keep_refusals: bool,
    ) -> Result<()> {
        household.check_on(month)?;
        let params = self.params(month)?;
        programs::derive(household, params, &mut scratch.derived);
        programs::verify(household, params, &mut scratch.facts, &mut scratch.derived);
        if household.ids_in_order() {
            self.run_programs::<programs::Listed>(household, params, scratch, keep_refusals)
        } else {
            self.run_programs::<programs::Sorted>(household, params, scratch, keep_refusals)
        }
    }

    /// The programs, overlaps, trace and findings of [`Engine::run_ordered`], with members
    /// visited as `O` says.
    fn run_programs<O: MemberOrder>(
        &self,
        household: &Household,
        params: &MonthParams,
        scratch: &mut Scratch,
        keep_refusals: bool,
    ) -> Result<()> {
        let tracing = scratch.tracing;
        let ctx = Ctx::<O>::new(
            household,
            &scratch.facts,
            params,
            &scratch.derived,
            &scratch.order,
            self.once,
        );
        let w = &mut scratch.working;
        w.forced.clear();
        // Most households are decided in one pass. A withholding made after something may
        // have read its program as paid (see `overlap::withhold`) makes another pass with
        // it withheld from the start, until the withholdings that hold are the ones applied.
        let mut passes = 0usize;
        loop {
            w.reset(household, keep_refusals, tracing);
            self.run_pass(&ctx, w)?;
            if w.late.is_empty() && w.forced.is_empty() {
                break;
            }
            let rules = self.pack.overlaps();
            let mut next: Vec<Forced> = w
                .forced
                .iter()
                .filter(|f| {
                    rules
                        .get(f.rule)
                        .is_some_and(|rule| overlap::still_holds(&ctx, w, rule, f))
                })
                .copied()
                .collect();
            for f in &w.late {
                if !next.contains(f) {
                    next.push(*f);
                }
            }
            if next == w.forced {
                break;
            }
            passes = passes.saturating_add(1);
            if passes > MAX_PASSES {
                return Err(crate::error::Error::Pack {
                    path: crate::error::Path::root().field("overlap").then(
                        crate::error::Segment::Index(next.first().map_or(0, |f| f.rule)),
                    ),
                    problem: crate::error::PackProblem::NoConsistentAnswer {
                        household: household.id().to_string(),
                    },
                });
            }
            w.forced = next;
        }

        if tracing {
            scratch.trace = Some(trace::build(&ctx, &self.pack, w));
        }
        scratch.findings.clear();
        findings::household_findings(&ctx, w, &self.pack, &mut scratch.findings);
        scratch.rests_on = RestsOn {
            illustrative: w.used & params.illustrative != 0,
            secondary: w.used & params.secondary != 0,
        };
        Ok(())
    }

    /// One pass: every program in the order of evaluation, each followed by the overlap
    /// rules it completes, then the local programs and the rules that name them.
    #[allow(
        clippy::indexing_slicing,
        reason = "slots are below N, the length of `losses`"
    )]
    fn run_pass<O: MemberOrder>(&self, ctx: &Ctx<'_, O>, w: &mut Working) -> Result<()> {
        programs::in_order(ctx, w, &Between { engine: self, ctx });
        self.evaluate_locals(ctx, w)?;
        self.resolve(N, ctx, w);
        Ok(())
    }

    /// Runs the local programs. A local program's words are kept visible (control and
    /// bidirectional characters escaped); an amount below zero or above
    /// [`crate::MAX_AMOUNT`] is refused, naming the program and the member.
    fn evaluate_locals<O: MemberOrder>(&self, ctx: &Ctx<'_, O>, w: &mut Working) -> Result<()> {
        let household = ctx.household();
        for program in &self.locals {
            let id = ProgramId::Local(program.name());
            for (i, member) in ctx.members_with_index() {
                let Some(person) = household.members().get(usize::from(i)) else {
                    continue;
                };
                let outcome = program.evaluate(&LocalPerson::new(
                    household,
                    person,
                    member,
                    ctx.month(),
                    &*w,
                ));
                let words = |text| Reason::Local {
                    text: crate::error::visible(text),
                };
                let (outcome, reason) = match outcome {
                    LocalOutcome::Paid { amount, reason } => {
                        let refuse = |problem| crate::error::Error::Local {
                            program: id.to_string(),
                            person: person.id().to_string(),
                            problem,
                        };
                        if amount.is_negative() {
                            return Err(refuse(crate::error::Problem::NegativeAmount {
                                amount: amount.yuan(),
                            }));
                        }
                        let amount = amount.round_to_fen();
                        if let Some(problem) = amount.input_problem() {
                            return Err(refuse(problem));
                        }
                        (Outcome::Paid { amount }, words(reason))
                    }
                    LocalOutcome::NotPaid { reason } => (Outcome::NotPaid, words(reason)),
                    LocalOutcome::Undetermined { reason } => (Outcome::Undetermined, words(reason)),
                };
                programs::Outcomes::push(
                    w,
                    id,
                    member.who(),
                    (outcome, reason),
                    program.provision(),
                    Cites::default(),
                );
            }
        }
        Ok(())
    }
}

/// The engine's work between two programs of a pass.
struct Between<'e, 'c, 'a, O> {
    engine: &'e Engine,
    ctx: &'c Ctx<'a, O>,
}

impl<O: MemberOrder> programs::Between<Working> for Between<'_, '_, '_, O> {
    /// Before a household program that another side wins over (dibao), the members that
    /// side pays, who leave its unit.
    #[inline(always)]
    fn before(&self, slot: usize, w: &mut Working) {
        if self.engine.unit_losses & (1 << slot) != 0 {
            w.yielded = self.engine.paid_by_winners(slot, self.ctx, w);
        }
        #[cfg(debug_assertions)]
        {
            w.reading = Some(slot);
        }
    }

    /// After a program, the overlap rules it completes.
    #[inline(always)]
    fn after(&self, slot: usize, position: usize, w: &mut Working) {
        #[cfg(debug_assertions)]
        {
            w.reading = None;
        }
        if self.engine.unit_losses & (1 << slot) != 0 {
            w.yielded = programs::Members::EMPTY;
        }
        self.engine.resolve(position, self.ctx, w);
    }
}

/// Builds an [`Engine`] with local programs; [`EngineBuilder::build`] checks them against
/// each other and against the pack's overlap table.
#[derive(Debug)]
pub struct EngineBuilder {
    engine: Engine,
}

impl EngineBuilder {
    /// Adds a local program, evaluated after the built-in programs in the order added.
    #[must_use]
    pub fn local(mut self, program: impl LocalProgram + 'static) -> EngineBuilder {
        self.engine.locals.push(Arc::new(program));
        self
    }

    /// The engine.
    ///
    /// # Errors
    ///
    /// [`crate::Error::Local`] when two local programs have one name;
    /// [`crate::Error::Pack`] when an overlap rule names a local program that was not
    /// added.
    pub fn build(self) -> Result<Engine> {
        let engine = self.engine;
        for (i, p) in engine.locals.iter().enumerate() {
            if engine.locals.iter().take(i).any(|q| q.name() == p.name()) {
                let name = format!("local:{}", p.name().as_str());
                return Err(crate::error::Error::Local {
                    program: name.clone(),
                    person: String::new(),
                    problem: crate::error::Problem::Duplicate {
                        value: format!("the local program {name}"),
                    },
                });
            }
        }
        engine.missing_local()?;
        Ok(engine)
    }
}
