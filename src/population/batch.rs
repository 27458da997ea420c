//! Batch evaluation over many households and months, streaming: results are handed on as
//! they come and memory stays constant, whatever the number of households.

use super::item::{BatchError, BatchItem};
use super::report::Report;
use crate::decision::{HOUSEHOLD, Outcome};
use crate::engine::{Engine, Scratch};
use crate::error::Result;
use crate::model::{Household, HouseholdId, ProgramId};
use crate::period::Month;

/// Evaluates every household of `households` for every month of `months`, handing each
/// determination (or error record) on as it comes: households in input order, months in
/// order within a household. Nothing is dropped: an input error yields one error record, an
/// evaluation error one per month.
///
/// # Example
///
/// ```
/// use doudi::{Engine, Household, PolicyPack, population};
///
/// let engine = Engine::new(PolicyPack::maojian());
/// let lines = [
///     r#"{"id": "h1", "area": "urban", "members": [{"id": "a", "birth_date": "1980-01-01", "sex": "male", "relation": "head"}]}"#,
///     r#"{"id": "h2", "area": "urban", "members": []}"#,
/// ];
/// let input = lines.iter().map(|l| Household::from_json(l));
/// let months = "2020-01".parse()?..="2020-02".parse()?;
/// let results: Vec<_> = population::stream(&engine, input, months).collect();
/// assert_eq!(results.len(), 3); // two months of h1, one error record for h2
/// assert_eq!(results[2].as_ref().unwrap_err().position(), 1);
/// # Ok::<(), doudi::Error>(())
/// ```
pub fn stream<'e, I>(
    engine: &'e Engine,
    households: I,
    months: std::ops::RangeInclusive<Month>,
) -> impl Iterator<Item = BatchItem> + 'e
where
    I: IntoIterator<Item = Result<Household>>,
    I::IntoIter: 'e,
{
    let (first, last) = (*months.start(), *months.end());
    let mut scratch = Scratch::default();
    households
        .into_iter()
        .enumerate()
        .flat_map(move |(position, read)| {
            let items: Vec<BatchItem> = match read {
                Err(error) => vec![Err(BatchError::new(position, None, None, error))],
                Ok(household) => first
                    .through(last)
                    .map(|month| {
                        engine
                            .evaluate_with(&household, month, &mut scratch)
                            .map_err(|error| {
                                BatchError::new(
                                    position,
                                    Some(household.id().clone()),
                                    Some(month),
                                    error,
                                )
                            })
                    })
                    .collect(),
            };
            items
        })
}

/// The threads a run uses when `requested` are asked for: at least one, and no more than
/// the machine runs at once (more would only wait for each other, and a request of
/// thousands would exhaust the system's threads).
pub fn threads(requested: usize) -> usize {
    let machine = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    requested.clamp(1, machine)
}

/// Accumulates reports household by household, reusing its buffers: the building block of
/// [`report`] and of parallel runs (one per thread, merged at the end).
#[derive(Debug)]
pub struct Accumulator<'e> {
    engine: &'e Engine,
    months: Vec<Month>,
    scratch: Scratch,
    report: Report,
    /// For the household in hand, per report program: the members paid or served in any
    /// month (bits), and the money over the range.
    range_members: Vec<u64>,
    range_amount: Vec<crate::money::Money>,
    range_touched: u64,
    /// Whether evaluations keep every refusal (for a caller that lists every entry).
    keep_refusals: bool,
    /// The identities seen, when the accumulator sees every household of a run (not a
    /// chunk of it): duplicates across households are found as households are added.
    identities: Option<super::duplicates::Identities>,
    duplicates: Vec<crate::decision::Finding>,
}

#[allow(
    clippy::indexing_slicing,
    reason = "report program positions are below MAX_REPORT_PROGRAMS (64), the length of the per-program buffers"
)]
impl<'e> Accumulator<'e> {
    /// An empty accumulator for `months`.
    pub fn new(engine: &'e Engine, months: std::ops::RangeInclusive<Month>) -> Self {
        let months: Vec<Month> = months.start().through(*months.end()).collect();
        Accumulator {
            engine,
            report: Report::new(engine.pack(), &months),
            months,
            scratch: Scratch::default(),
            range_members: vec![0; super::report::MAX_REPORT_PROGRAMS],
            range_amount: vec![crate::money::Money::ZERO; super::report::MAX_REPORT_PROGRAMS],
            range_touched: 0,
            keep_refusals: false,
            identities: None,
            duplicates: Vec::new(),
        }
    }

    /// Finds persons and ID numbers in two households as households are added, and counts
    /// them in the report ([`Report::add_duplicates`]): for an accumulator that sees every
    /// household of the run.
    #[must_use]
    pub fn finding_duplicates(mut self) -> Self {
        self.identities = Some(super::duplicates::Identities::default());
        self
    }

    #[cfg(feature = "arrow")]
    /// Keeps every refusal in the evaluations handed to [`Accumulator::add_visiting`]'s
    /// visitor (by default only those of programs the household is enrolled in).
    pub(crate) fn keeping_refusals(mut self, yes: bool) -> Self {
        self.keep_refusals = yes;
        self
    }

    /// The error records so far.
    #[cfg(feature = "arrow")]
    pub(crate) fn error_count(&self) -> usize {
        self.report.errors.len()
    }

    /// Replaces the errors recorded from `from` on with `f` of them.
    #[cfg(feature = "arrow")]
    pub(crate) fn map_errors_from(
        &mut self,
        from: usize,
        f: impl Fn(crate::error::Error) -> crate::error::Error,
    ) {
        for e in self.report.errors.iter_mut().skip(from) {
            e.map_error(&f);
        }
    }

    /// Adds a household that could not be read: an error record at `position`.
    pub(crate) fn add_unread(
        &mut self,
        position: usize,
        household: Option<HouseholdId>,
        error: crate::error::Error,
    ) {
        self.report.households_read = self.report.households_read.saturating_add(1);
        self.report
            .errors
            .push(BatchError::new(position, household, None, error));
    }

    /// Adds the household at input `position` (or its read error) for every month.
    pub fn add(&mut self, position: usize, read: Result<&Household>) {
        match read {
            Ok(household) => self.add_visiting(position, household, |_, _, _| {}),
            Err(error) => self.add_unread(position, None, error.clone()),
        }
    }

    /// Adds `household` for every month, handing each month's evaluation to `visit` once
    /// it is tallied (a month whose evaluation fails is an error record instead).
    pub(crate) fn add_visiting<F>(&mut self, position: usize, household: &Household, mut visit: F)
    where
        F: FnMut(Month, &Household, &Scratch),
    {
        self.report.households_read = self.report.households_read.saturating_add(1);
        self.report.households_ok = self.report.households_ok.saturating_add(1);
        if let Some(identities) = &mut self.identities {
            identities.see(household, &mut self.duplicates);
        }
        self.range_touched = 0;
        self.scratch.order_members(household);
        // Found on the first month evaluated, so a household in error adds no township.
        let mut township = None;
        for m in 0..self.months.len() {
            let Some(&month) = self.months.get(m) else {
                break;
            };
            match self
                .engine
                .run(household, month, &mut self.scratch, self.keep_refusals)
            {
                Ok(()) => {
                    let t = match township {
                        Some(t) => t,
                        None => self.report.township_index(household.township()),
                    };
                    township = Some(t);
                    self.tally(m, household, t);
                    visit(month, household, &self.scratch);
                }
                Err(error) => self.report.errors.push(BatchError::new(
                    position,
                    Some(household.id().clone()),
                    Some(month),
                    error,
                )),
            }
        }
        let mut touched = self.range_touched;
        while touched != 0 {
            let p = touched.trailing_zeros() as usize;
            // Clears the lowest set bit (touched is not zero here).
            touched &= touched.wrapping_sub(1);
            let persons = u64::from(self.range_members[p].count_ones());
            self.report
                .add_range(p, household.area(), 1, persons, self.range_amount[p]);
        }
    }

    fn tally(&mut self, m: usize, household: &Household, township: usize) {
        let entries = self.scratch.entries();
        let unit = self.scratch.dibao_unit();
        let members = u64::try_from(household.members().len()).unwrap_or(u64::MAX);
        let area = household.area();
        let mut touched = 0u64;
        let all_members = if household.members().len() >= 64 {
            u64::MAX
        } else {
            // Fewer than 64 members: the shift stays inside the word.
            (1u64 << household.members().len()).wrapping_sub(1)
        };
        let cells = &mut self.report;
        cells.household_months = cells.household_months.saturating_add(1);
        for e in entries {
            let amount = match e.outcome {
                Outcome::Paid { amount } => amount,
                Outcome::Holds => crate::money::Money::ZERO,
                _ => continue,
            };
            let Some(p) = cells.program_index(e.program) else {
                continue;
            };
            let persons = if e.index != HOUSEHOLD {
                1
            } else if e.program == ProgramId::Dibao {
                u64::from(unit.len())
            } else {
                members
            };
            let first = touched & (1 << p) == 0;
            touched |= 1 << p;
            cells.add(m, p, area, township, u64::from(first), persons, amount);
            let members_bits = if e.index != HOUSEHOLD {
                1u64 << e.index
            } else if e.program == ProgramId::Dibao {
                unit.bits()
            } else {
                all_members
            };
            if self.range_touched & (1 << p) == 0 {
                self.range_members[p] = 0;
                self.range_amount[p] = crate::money::Money::ZERO;
            }
            self.range_touched |= 1 << p;
            self.range_members[p] |= members_bits;
            self.range_amount[p] += amount;
        }
        for finding in self.scratch.findings() {
            cells.add_finding(m, finding.kind(), 1);
        }
        cells.add_resting(m, self.scratch.rests_on());
    }

    /// The report so far (with the duplicates found, when finding them).
    pub fn finish(mut self) -> Report {
        self.report.add_duplicates(&self.duplicates);
        self.report
    }
}

/// Evaluates every household for every month of `months` and reports per program and
/// month, streaming: memory stays constant. The report reconciles the counts (every
/// household read is evaluated or recorded as an error, with its position).
///
/// One person or ID number in two households is not looked for here (it would cost more
/// than the month's evaluation of a district): count [`super::duplicates`] in with
/// [`Report::add_duplicates`], or evaluate with an [`Accumulator`] made
/// [`Accumulator::finding_duplicates`], as the crate's district and tables runs do.
///
/// The households may be owned (read from a file as they come) or borrowed (a district
/// in memory).
pub fn report<I, B>(
    engine: &Engine,
    households: I,
    months: std::ops::RangeInclusive<Month>,
) -> Report
where
    I: IntoIterator<Item = Result<B>>,
    B: std::borrow::Borrow<Household>,
{
    let mut acc = Accumulator::new(engine, months);
    for (position, read) in households.into_iter().enumerate() {
        acc.add(
            position,
            read.as_ref().map(|h| h.borrow()).map_err(Clone::clone),
        );
    }
    acc.finish()
}

/// As [`report`] over households in memory, split across `threads` worker threads (at least
/// one); the partial reports are merged, so the result equals [`report`]'s.
///
/// Available with the crate feature `parallel` (rayon).
#[cfg(feature = "parallel")]
#[cfg_attr(docsrs, doc(cfg(feature = "parallel")))]
pub fn report_parallel(
    engine: &Engine,
    households: &[Household],
    months: std::ops::RangeInclusive<Month>,
    threads: usize,
) -> Report {
    use rayon::prelude::*;

    let threads = self::threads(threads);
    // Several chunks a thread, so that a thread slowed by the rest of the machine hands
    // work to the others; each chunk's report is small to merge.
    const CHUNKS_PER_THREAD: usize = 16;
    let chunk = households
        .len()
        .div_ceil(threads.saturating_mul(CHUNKS_PER_THREAD))
        .max(1);
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build();
    let run = || {
        households
            .par_chunks(chunk)
            .enumerate()
            .map(|(c, slice)| {
                let mut acc = Accumulator::new(engine, months.clone());
                for (k, h) in slice.iter().enumerate() {
                    // Positions of a slice of households in memory: no overflow.
                    acc.add(c.wrapping_mul(chunk).wrapping_add(k), Ok(h));
                }
                acc.finish()
            })
            .collect::<Vec<Report>>()
    };
    let parts = match pool {
        Ok(pool) => pool.install(run),
        Err(_) => run(),
    };
    let mut parts = parts.into_iter();
    let mut total = parts.next().unwrap_or_else(|| {
        Report::new(
            engine.pack(),
            &months.start().through(*months.end()).collect::<Vec<_>>(),
        )
    });
    for part in parts {
        total.merge(part);
    }
    total
}
