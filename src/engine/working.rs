//! The working state of one evaluation: the entries so far, and beside them the bit sets
//! that let later programs and the overlap rules read them without searching. Private to
//! the engine; programs see it through [`Decided`] and [`Outcomes`].

use crate::decision::{Cites, Entry, Finding, HOUSEHOLD, Outcome, Provision, Reason, Trace};
use crate::model::{Household, ProgramId};
use crate::money::Money;
use crate::policy::Party;
use crate::programs::{Decided, Derived, DibaoTest, Members, Outcomes, Who};

/// Buffers an [`Engine`](super::Engine) reuses from one evaluation to the next; see
/// [`super::Engine::evaluate_with`]. One per thread.
#[derive(Debug, Default)]
pub struct Scratch {
    pub(super) derived: Vec<Derived>,
    pub(super) facts: crate::programs::Facts,
    pub(super) order: Vec<u8>,
    pub(super) working: Working,
    pub(super) findings: Vec<Finding>,
    /// Whether the last evaluation used values whose status is illustrative or secondary.
    pub(super) rests_on: RestsOn,
    /// Whether to trace the next evaluations.
    pub(super) tracing: bool,
    /// The last trace, when tracing.
    pub(super) trace: Option<Trace>,
    /// Whether the scratch serves more than one evaluation ([`super::Engine::evaluate_with`]).
    pub(super) reused: bool,
}

/// Whether an evaluation used values that are not verified: a value with status
/// illustrative (a deployment must replace it) or secondary (not read in its document).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct RestsOn {
    pub(crate) illustrative: bool,
    pub(crate) secondary: bool,
}

/// What a batch run reads of the last evaluation ([`super::Engine::run`]).
impl Scratch {
    /// Orders the members of `household` for [`super::Engine::run`] (the same
    /// household evaluated for several months in a row is ordered once).
    pub(crate) fn order_members(&mut self, household: &Household) {
        crate::programs::order_members(household, &mut self.order);
    }

    /// The entries kept (in a batch run, refusals only of programs the household is
    /// enrolled in).
    pub(crate) fn entries(&self) -> &[Entry] {
        &self.working.entries
    }

    /// Dibao's benefit unit.
    pub(crate) fn dibao_unit(&self) -> Members {
        Members::from_bits(self.working.unit)
    }

    /// The household's findings.
    pub(crate) fn findings(&self) -> &[Finding] {
        &self.findings
    }

    /// Whether the last evaluation used values whose status is illustrative or secondary.
    pub(crate) fn rests_on(&self) -> RestsOn {
        self.rests_on
    }
}

/// A withholding of one program for one member by one rule, made before the programs run
/// when it was found late in an earlier pass (see `overlap::withhold`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Forced {
    pub(crate) rule: usize,
    pub(crate) program: ProgramId,
    pub(crate) index: u8,
    pub(crate) by: Party,
}

/// An overlap application recorded by member index while the engine runs.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ResolutionRecord {
    pub(crate) rule: usize,
    pub(crate) program: ProgramId,
    pub(crate) index: u8,
    pub(crate) before: Money,
    pub(crate) after: Money,
    pub(crate) by: Party,
}

/// Marks a program with no block of entries yet.
const NO_BLOCK: u16 = u16::MAX;
/// Marks a program whose entries are not in one block (found by a full scan).
const SCATTERED: u16 = u16::MAX - 1;
/// The slot recorded for a local program's entries, which have no block.
const LOCAL_SLOT: u8 = u8::MAX;

/// The outcomes so far of one household's evaluation.
#[derive(Debug)]
pub(crate) struct Working {
    pub(crate) entries: Vec<Entry>,
    /// Where each built-in program's block of entries starts.
    starts: [u16; ProgramId::BUILT_IN.len()],
    /// The slot of the last entry pushed ([`LOCAL_SLOT`] for a local program or none).
    last_slot: u8,
    /// The members each built-in program pays, a bit per member index (dibao: the unit of
    /// a paid household, and members covered alone).
    paid: [u64; ProgramId::BUILT_IN.len()],
    /// The built-in programs that pay someone, a bit per slot (kept with `paid`).
    paying: u32,
    /// The members in each built-in program's group (paid, withheld or holding), a bit per
    /// member index. Overlap rules only turn a payment into a withholding, so a member
    /// once in a group stays in it.
    groups: [u64; ProgramId::BUILT_IN.len()],
    /// The built-in programs with an entry recorded, a bit per slot: the only slots of
    /// `starts`, `paid` and `groups` that the next reset has to clear.
    touched: u32,
    /// A local program pays someone.
    local_paid: bool,
    /// Members in the dibao benefit unit, as bits by member index.
    pub(crate) unit: u64,
    /// Dibao's test of the household this pass.
    pub(crate) dibao_test: Option<DibaoTest>,
    /// The members paid by a program that wins over the program being evaluated (set by
    /// the engine before each program).
    pub(crate) yielded: Members,
    /// The slot of the built-in program being evaluated, whose reads are checked against
    /// its declaration in debug builds (`None` between programs and for local programs).
    pub(crate) reading: Option<usize>,
    /// The built-in programs whose refusals (`NotPaid`) are recorded, a bit per slot: all
    /// of them, or in batch reports only those the household has enrolments in, which the
    /// audit findings read. A local program's refusals are always recorded.
    refusals_kept: u32,
    /// Every parameter any outcome used, recorded or not, a bit per slot.
    pub(crate) used: u64,
    /// The overlap applications, recorded only while tracing (`None` otherwise: an
    /// untraced evaluation records nothing).
    pub(crate) resolutions: Option<Vec<ResolutionRecord>>,
    /// The members each built-in program won a withholding for, a bit per member index.
    won: [u64; ProgramId::BUILT_IN.len()],
    /// Withholdings made after something may have read the program as paid.
    pub(crate) late: Vec<Forced>,
    /// Withholdings applied as the programs record their outcomes (empty in a first pass).
    pub(crate) forced: Vec<Forced>,
}

impl Default for Working {
    fn default() -> Self {
        Working {
            entries: Vec::new(),
            starts: [NO_BLOCK; ProgramId::BUILT_IN.len()],
            last_slot: LOCAL_SLOT,
            paid: [0; ProgramId::BUILT_IN.len()],
            paying: 0,
            groups: [0; ProgramId::BUILT_IN.len()],
            touched: 0,
            local_paid: false,
            unit: 0,
            dibao_test: None,
            yielded: Members::EMPTY,
            reading: None,
            refusals_kept: u32::MAX,
            used: 0,
            resolutions: None,
            won: [0; ProgramId::BUILT_IN.len()],
            late: Vec::new(),
            forced: Vec::new(),
        }
    }
}

#[allow(
    clippy::indexing_slicing,
    reason = "slots are positions in ProgramId::BUILT_IN, the length of every per-slot array; entry positions come from searching `entries`"
)]
impl Working {
    /// Forgets everything of the last household, keeping the allocation, and readies the
    /// record for `household`.
    pub(crate) fn reset(&mut self, household: &Household, keep_refusals: bool, tracing: bool) {
        self.resolutions = tracing.then(Vec::new);
        self.entries.clear();
        if keep_refusals {
            // A full record has about one entry per program and member (and the
            // household): reserve it at once rather than grow the buffer step by step.
            let members = household.members().len().saturating_add(1);
            self.entries
                .reserve(ProgramId::BUILT_IN.len().saturating_mul(members));
        }
        // Only the slots of programs with an entry were written: most households have none
        // in a batch run.
        let mut touched = self.touched;
        while touched != 0 {
            let slot = touched.trailing_zeros() as usize;
            // Clears the lowest set bit (touched is not zero here).
            touched &= touched.wrapping_sub(1);
            self.starts[slot] = NO_BLOCK;
            self.paid[slot] = 0;
            self.groups[slot] = 0;
            self.won[slot] = 0;
        }
        self.late.clear();
        self.touched = 0;
        self.last_slot = LOCAL_SLOT;
        self.paying = 0;
        self.local_paid = false;
        self.unit = 0;
        self.dibao_test = None;
        self.yielded = Members::EMPTY;
        self.reading = None;
        self.used = 0;
        self.refusals_kept = if keep_refusals {
            u32::MAX
        } else {
            household
                .enrolments()
                .iter()
                .filter_map(|e| e.program.slot())
                .fold(0, |bits, slot| bits | 1 << slot)
        };
    }

    /// Notes a withholding made late (see [`Forced`]).
    pub(crate) fn note_late(&mut self, forced: Forced) {
        if !self.late.contains(&forced) {
            self.late.push(forced);
        }
    }

    /// Notes that `program` won a withholding for the member at `index`.
    pub(crate) fn note_won(&mut self, program: ProgramId, index: u8) {
        if let Some(slot) = program.slot()
            && index < 64
        {
            self.won[slot] |= 1 << index;
            self.touched |= 1 << slot;
        }
    }

    /// Whether `program` won a withholding for the member at `index` in this pass.
    pub(crate) fn has_won(&self, program: ProgramId, index: u8) -> bool {
        program
            .slot()
            .is_some_and(|slot| index < 64 && self.won[slot] & (1 << index) != 0)
    }

    /// Records an outcome that is kept.
    fn record(
        &mut self,
        program: ProgramId,
        index: u8,
        mut outcome: Outcome,
        reason: Reason,
        provision: &'static Provision,
        cites: Cites,
    ) {
        if !self.forced.is_empty()
            && let Outcome::Paid { amount } = outcome
            && let Some(f) = self
                .forced
                .iter()
                .find(|f| f.program == program && f.index == index)
                .copied()
        {
            outcome = Outcome::Withheld {
                amount,
                by: f.by,
                rule: f.rule,
            };
            if let Party::Program(p) = f.by {
                self.note_won(p, index);
            }
            if let Some(record) = &mut self.resolutions {
                record.push(ResolutionRecord {
                    rule: f.rule,
                    program,
                    index,
                    before: amount,
                    after: Money::ZERO,
                    by: f.by,
                });
            }
        }
        let paid = matches!(outcome, Outcome::Paid { .. });
        match program.slot() {
            None => {
                self.local_paid |= paid;
                self.last_slot = LOCAL_SLOT;
            }
            Some(slot) => self.note_built_in(slot, program, index, &outcome),
        }
        self.entries.push(Entry {
            program,
            index,
            person: None,
            outcome,
            reason,
            provision,
            cites,
        });
    }

    /// Keeps the bits and the block index of a built-in program's entry about to be pushed.
    fn note_built_in(&mut self, slot: usize, program: ProgramId, index: u8, outcome: &Outcome) {
        self.touched |= 1 << slot;
        if matches!(outcome, Outcome::Paid { .. }) {
            let members = match index {
                HOUSEHOLD if program == ProgramId::Dibao => self.unit,
                HOUSEHOLD => 0,
                i => 1 << i,
            };
            self.paid[slot] |= members;
            if members != 0 {
                self.paying |= 1 << slot;
            }
        }
        if index < 64
            && matches!(
                outcome,
                Outcome::Paid { .. } | Outcome::Withheld { .. } | Outcome::Holds
            )
        {
            self.groups[slot] |= 1 << index;
        }
        // Built-in slots are fewer than 32, so the slot fits a u8.
        let slot_u8 = u8::try_from(slot).unwrap_or(LOCAL_SLOT);
        if self.last_slot != slot_u8 {
            self.starts[slot] = match self.starts[slot] {
                NO_BLOCK => u16::try_from(self.entries.len()).unwrap_or(SCATTERED),
                _ => SCATTERED,
            };
            self.last_slot = slot_u8;
        }
    }

    /// The position of `program`'s entry for the member at `index`.
    fn position(&self, program: ProgramId, index: u8) -> Option<usize> {
        match program.slot().map(|slot| self.starts[slot]) {
            Some(NO_BLOCK) => None,
            Some(start) if start != SCATTERED => {
                let start = usize::from(start);
                self.entries[start..]
                    .iter()
                    .take_while(|e| e.program == program)
                    .position(|e| e.index == index)
                    .map(|k| start.saturating_add(k))
            }
            _ => self
                .entries
                .iter()
                .position(|e| e.program == program && e.index == index),
        }
    }

    pub(crate) fn find(&self, program: ProgramId, index: u8) -> Option<&Entry> {
        self.position(program, index).map(|k| &self.entries[k])
    }

    pub(crate) fn find_mut(&mut self, program: ProgramId, index: u8) -> Option<&mut Entry> {
        self.position(program, index).map(|k| &mut self.entries[k])
    }

    /// The amount `program` pays the member at `index`: for dibao, the member's share of
    /// the household amount (amount / unit size) when in the unit, or a single-person
    /// amount.
    #[inline]
    pub(crate) fn paid_to(&self, program: ProgramId, index: u8) -> Option<Money> {
        if !self.may_pay(program, index) {
            return None;
        }
        self.paid_to_entry(program, index)
    }

    /// [`Working::paid_to`] for a member the program may pay: reads the entries.
    fn paid_to_entry(&self, program: ProgramId, index: u8) -> Option<Money> {
        if let Some(amount) = self.find(program, index).and_then(Entry::paid) {
            return Some(amount);
        }
        if program == ProgramId::Dibao && self.in_unit(index) {
            let amount = self.find(program, HOUSEHOLD).and_then(Entry::paid)?;
            return Some(amount.per(self.unit.count_ones()));
        }
        None
    }

    /// False when `program` certainly pays the member nothing (a bit test); true when it
    /// may (always, for a local program).
    #[inline]
    fn may_pay(&self, program: ProgramId, index: u8) -> bool {
        program
            .slot()
            .is_none_or(|slot| index < 64 && self.paid[slot] & (1 << index) != 0)
    }

    /// The built-in programs that pay someone (a bit per slot), or all bits when a local
    /// program pays.
    pub(crate) fn paying(&self) -> u32 {
        if self.local_paid {
            return u32::MAX;
        }
        self.paying
    }

    /// The members `program` may pay, a bit each (all, for a local program).
    pub(crate) fn paid_members(&self, program: ProgramId) -> u64 {
        program.slot().map_or(u64::MAX, |slot| self.paid[slot])
    }

    /// Records that `program` no longer pays the member (withheld by an overlap rule).
    pub(crate) fn unpay(&mut self, program: ProgramId, index: u8) {
        if let Some(slot) = program.slot()
            && index < 64
        {
            self.paid[slot] &= !(1 << index);
            if self.paid[slot] == 0 {
                self.paying &= !(1 << slot);
            }
        }
    }

    /// Whether the member receives `program` (for dibao: in a paid unit, or covered alone).
    /// For a built-in program this is the paid-member bit, which `record` sets and `unpay`
    /// clears; a local program's entry is read.
    #[inline]
    pub(crate) fn receives(&self, program: ProgramId, index: u8) -> bool {
        match program.slot() {
            Some(slot) => index < 64 && self.paid[slot] & (1 << index) != 0,
            None => self.find(program, index).and_then(Entry::paid).is_some(),
        }
    }

    pub(crate) fn in_unit(&self, index: u8) -> bool {
        index < 64 && self.unit & (1 << index) != 0
    }

    /// Whether the member is in the program's group: paid, withheld by an overlap, or (for
    /// a classification) holding.
    pub(crate) fn qualifies(&self, program: ProgramId, index: u8) -> bool {
        if let Some(slot) = program.slot()
            && index < 64
        {
            return self.groups[slot] & (1 << index) != 0;
        }
        self.find(program, index).is_some_and(|e| {
            matches!(
                e.outcome,
                Outcome::Paid { .. } | Outcome::Withheld { .. } | Outcome::Holds
            )
        })
    }
}

impl Working {
    /// In debug builds, checks that the program being evaluated declared that it reads
    /// `program` (see [`crate::programs::Program::reads`]).
    #[inline(always)]
    fn check_read(&self, program: ProgramId) {
        debug_assert!(
            self.reading.is_none_or(|slot| crate::programs::PROGRAMS
                .get(slot)
                .is_some_and(|p| p.id == program || p.reads.contains(&program))),
            "{} reads {program} without declaring it",
            self.reading
                .and_then(|slot| ProgramId::BUILT_IN.get(slot))
                .map_or_else(String::new, ToString::to_string),
        );
    }
}

/// The programs' view of the working state: the paid-member and group bits, read cheaply.
impl Decided for Working {
    #[inline]
    fn receives(&self, program: ProgramId, who: Who) -> bool {
        self.check_read(program);
        Working::receives(self, program, who.index())
    }

    #[inline]
    fn qualifies(&self, program: ProgramId, who: Who) -> bool {
        self.check_read(program);
        Working::qualifies(self, program, who.index())
    }

    #[inline]
    fn paid_to(&self, program: ProgramId, who: Who) -> Option<Money> {
        self.check_read(program);
        Working::paid_to(self, program, who.index())
    }

    #[inline]
    fn pays_anyone(&self, program: ProgramId) -> bool {
        self.check_read(program);
        self.paid_members(program) != 0
            || self
                .find(program, HOUSEHOLD)
                .is_some_and(|e| e.paid().is_some())
    }

    #[inline]
    fn dibao(&self) -> Option<DibaoTest> {
        self.check_read(ProgramId::Dibao);
        self.dibao_test
    }

    #[inline]
    fn paid_by_a_winner(&self, who: Who) -> bool {
        self.yielded.contains(who)
    }
}

impl Outcomes for Working {
    /// Records an outcome. Inlined, so that a refusal the record drops (see
    /// `refusals_kept`) costs a few bit tests at the call site.
    #[inline(always)]
    fn push_with(
        &mut self,
        program: ProgramId,
        who: Who,
        outcome: Outcome,
        provision: &'static Provision,
        cites: Cites,
        reason: impl FnOnce() -> Reason,
    ) {
        self.used |= cites.bits();
        if matches!(outcome, Outcome::NotPaid)
            && program
                .slot()
                .is_some_and(|slot| self.refusals_kept & (1 << slot) == 0)
        {
            return;
        }
        self.record(program, who.index(), outcome, reason(), provision, cites);
    }

    #[inline]
    fn note_dibao(&mut self, test: DibaoTest) {
        self.unit = test.unit.bits();
        self.dibao_test = Some(test);
    }
}
