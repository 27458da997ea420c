//! Evaluation of tables: households read from the input tables in chunks, evaluated on
//! one thread or several, and written to `results` and `findings` in input order, with a
//! report whose counts reconcile.

use std::collections::BTreeMap;
use std::ops::RangeInclusive;
use std::sync::Mutex;
use std::sync::mpsc::sync_channel;

use arrow_array::RecordBatch;

use super::assemble::Read;
use super::chunks::{Chunk, Chunker, Source};
use super::output::{Sink, errors_batch, place_member_error};
use super::write::Tables;
use crate::engine::Engine;
use crate::error::Error;
use crate::model::{HouseholdId, PersonId, ResidentId};
use crate::period::Month;
use crate::population::{Accumulator, Identities, Report};

/// How a run of tables writes its results.
#[derive(Debug, Clone)]
pub struct Options {
    pub(crate) every_entry: bool,
    pub(crate) explanations: bool,
    threads: usize,
}

impl Default for Options {
    /// What a district acts on, without explanations, on one thread.
    fn default() -> Self {
        Options {
            every_entry: false,
            explanations: false,
            threads: 1,
        }
    }
}

impl Options {
    /// Writes every entry to `results`, the refusals of programs nobody asked about too
    /// (about fifteen rows a member and month instead of a few a household).
    #[must_use]
    pub fn every_entry(mut self, yes: bool) -> Options {
        self.every_entry = yes;
        self
    }

    /// Writes each reason in words to the `explanation` column.
    #[must_use]
    pub fn explanations(mut self, yes: bool) -> Options {
        self.explanations = yes;
        self
    }

    /// Evaluates on `threads` threads: at least one, and no more than the machine runs at
    /// once ([`crate::population::threads`]); the tables are the same whatever the number.
    #[must_use]
    pub fn threads(mut self, threads: usize) -> Options {
        self.threads = crate::population::threads(threads);
        self
    }

    /// The number of threads a run uses.
    pub fn thread_count(&self) -> usize {
        self.threads
    }
}

/// The output of [`evaluate`]: the three tables and the run's report.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Evaluation {
    /// `results`, a batch per chunk of households.
    pub results: Vec<RecordBatch>,
    /// `findings`, a batch per chunk of households.
    pub findings: Vec<RecordBatch>,
    /// `errors`, one batch.
    pub errors: Vec<RecordBatch>,
    /// Households, persons and money per program and month, finding counts, and the
    /// reconciliation of what went in and came out.
    pub report: Report,
}

/// Evaluates the households of `tables` for every month of `months`.
///
/// Every household named in any table is evaluated or becomes a row of `errors` (see the
/// module documentation); the report reconciles the counts. With several threads the
/// tables are the same, row for row.
///
/// One person id or resident ID number in two households is found across the whole run
/// (in input order, at about 220 bytes a person): `findings` has a `duplicate_person` or
/// `duplicate_id_number` row for each of the two households in every month, written with
/// the chunk of the second, and the report counts them.
///
/// # Errors
///
/// [`Error::Table`] when a table's columns do not fit it, or a required table is not
/// given: nothing can be read.
pub fn evaluate(
    engine: &Engine,
    tables: &Tables,
    months: RangeInclusive<Month>,
    options: &Options,
) -> Result<Evaluation, Error> {
    let source = tables.source()?;
    let mut results = Vec::new();
    let mut findings = Vec::new();
    let report = run(engine, source, months, options, |r, f| {
        results.push(r);
        findings.push(f);
        Ok(())
    })?;
    let errors = vec![errors_batch(report.errors())];
    Ok(Evaluation {
        results,
        findings,
        errors,
        report,
    })
}

/// What a chunk gives: its report (positions from 0), its `results` and `findings`, and the
/// identities of its households (for duplicates across chunks, found in input order).
type Done = (Report, RecordBatch, RecordBatch, Vec<Identity>);

/// A member of a household evaluated: the household, the person and the ID number.
type Identity = (HouseholdId, PersonId, Option<ResidentId>);

/// Evaluates households one by one into a report and the `results` and `findings`
/// tables: the work of a chunk, or of a DataFusion partition.
pub(crate) struct Evaluator<'e> {
    acc: Accumulator<'e>,
    sink: Sink,
    position: usize,
    /// The members of the households evaluated, for the run to find duplicates (`None`:
    /// not kept, for a DataFusion partition, which sees only its share of the district).
    identities: Option<Vec<Identity>>,
}

impl<'e> Evaluator<'e> {
    pub(crate) fn new(
        engine: &'e Engine,
        months: &RangeInclusive<Month>,
        options: &Options,
    ) -> Evaluator<'e> {
        Evaluator {
            acc: Accumulator::new(engine, months.clone()).keeping_refusals(options.every_entry),
            sink: Sink::new(months, options.explanations),
            position: 0,
            identities: Some(Vec::new()),
        }
    }

    /// Evaluates a household read (or records its error), at the next position.
    pub(crate) fn add(&mut self, read: Read) {
        let at = self.position;
        self.position = self.position.saturating_add(1);
        let sink = &mut self.sink;
        match read.household {
            Ok(household) => {
                if let Some(identities) = &mut self.identities {
                    identities.extend(household.members().iter().map(|p| {
                        (
                            household.id().clone(),
                            p.id().clone(),
                            p.id_number().copied(),
                        )
                    }));
                }
                let before = self.acc.error_count();
                self.acc.add_visiting(at, &household, |month, h, scratch| {
                    sink.add(h, month, scratch)
                });
                if self.acc.error_count() > before {
                    let rows = read.person_rows.to_vec(household.members().len());
                    self.acc
                        .map_errors_from(before, |e| place_member_error(e, &rows));
                }
            }
            Err(error) => self.acc.add_unread(at, read.id, error),
        }
    }

    /// Keeps no identities: for a DataFusion partition, which sees only its share of the
    /// households (duplicates across households are not found there).
    #[cfg(feature = "datafusion")]
    pub(crate) fn without_identities(mut self) -> Self {
        self.identities = None;
        self
    }

    /// The rows of `results` not yet taken.
    #[cfg(feature = "datafusion")]
    pub(crate) fn pending_rows(&self) -> usize {
        self.sink.rows()
    }

    /// The `results` and `findings` so far.
    pub(crate) fn take(&mut self) -> (RecordBatch, RecordBatch) {
        self.sink.take()
    }

    /// The report of every household added.
    pub(crate) fn finish(self) -> Report {
        self.acc.finish()
    }
}

/// Reads and evaluates the households of a chunk.
fn evaluate_chunk(
    engine: &Engine,
    months: &RangeInclusive<Month>,
    options: &Options,
    chunk: Chunk,
) -> Result<Done, Error> {
    let mut evaluator = Evaluator::new(engine, months, options);
    for read in chunk.reads() {
        evaluator.add(read?);
    }
    let (results, findings) = evaluator.take();
    let identities = evaluator.identities.take().unwrap_or_default();
    Ok((evaluator.finish(), results, findings, identities))
}

/// What the run keeps across chunks, in input order: the identities seen, to find one
/// person or ID number in two households whichever chunks they are in.
struct Across {
    identities: Identities,
    found: Vec<crate::decision::Finding>,
    months: RangeInclusive<Month>,
}

impl Across {
    fn new(months: &RangeInclusive<Month>) -> Across {
        Across {
            identities: Identities::default(),
            found: Vec::new(),
            months: months.clone(),
        }
    }

    /// Takes in a chunk's identities; its `findings` with a row for each household of a
    /// duplicate found, in every month, and the report's counts with them.
    fn settle(
        &mut self,
        report: &mut Report,
        findings: RecordBatch,
        identities: &[Identity],
    ) -> Result<RecordBatch, Error> {
        self.found.clear();
        for (household, person, number) in identities {
            self.identities
                .see_member(household, person, number.as_ref(), &mut self.found);
        }
        if self.found.is_empty() {
            return Ok(findings);
        }
        report.add_duplicates(&self.found);
        let mut sink = Sink::new(&self.months, false);
        for finding in &self.found {
            sink.add_duplicate(finding);
        }
        let (_, duplicates) = sink.take();
        arrow_select::concat::concat_batches(&findings.schema(), [&findings, &duplicates]).map_err(
            |e| {
                crate::error::TableError::whole(
                    super::Table::Findings.name(),
                    crate::error::Problem::WriteFailed {
                        what: "the findings of duplicates".to_owned(),
                        cause: crate::error::Cause::new(e),
                    },
                )
            },
        )
    }
}

/// Adds a chunk's report to the run's, its positions after the households before it.
fn merge(total: &mut Report, mut part: Report) {
    let (read, _, _) = total.counts();
    part.offset_positions(usize::try_from(read).unwrap_or(usize::MAX));
    total.merge(part);
}

/// Evaluates the households of `source`, chunk by chunk, on `options.threads` threads,
/// and hands each chunk's `results` and `findings` to `emit` in input order.
pub(crate) fn run<S, E>(
    engine: &Engine,
    source: S,
    months: RangeInclusive<Month>,
    options: &Options,
    mut emit: E,
) -> Result<Report, Error>
where
    S: Source,
    E: FnMut(RecordBatch, RecordBatch) -> Result<(), Error> + Send,
{
    let mut chunker = Chunker::new(source);
    let empty = || Accumulator::new(engine, months.clone()).finish();

    let mut across = Across::new(&months);
    if options.threads <= 1 {
        let mut total = empty();
        while let Some(chunk) = chunker.next_chunk() {
            let (mut report, results, findings, identities) =
                evaluate_chunk(engine, &months, options, chunk?)?;
            let findings = across.settle(&mut report, findings, &identities)?;
            emit(results, findings)?;
            merge(&mut total, report);
        }
        return Ok(total);
    }

    let threads = options.threads;
    // Bounded queues: the reader stays a few chunks ahead of the workers, and the workers
    // of the writer, so memory is bounded by the chunk size.
    let (work, jobs) = sync_channel::<(usize, Chunk)>(threads.saturating_mul(2));
    let jobs = Mutex::new(jobs);
    let (done, finished) = sync_channel::<(usize, Result<Done, Error>)>(threads.saturating_mul(2));
    let mut fatal: Option<Error> = None;
    let no_thread = |e: std::io::Error| Error::Invalid {
        path: crate::error::Path::root(),
        problem: crate::error::Problem::NoThread {
            cause: crate::error::Cause::new(e),
        },
    };
    let outcome = std::thread::scope(|scope| {
        for _ in 0..threads {
            let done = done.clone();
            let jobs = &jobs;
            let months = &months;
            let worker = std::thread::Builder::new().spawn_scoped(scope, move || {
                loop {
                    let job = match jobs.lock() {
                        Ok(rx) => rx.recv(),
                        Err(_) => break,
                    };
                    let Ok((index, chunk)) = job else {
                        break;
                    };
                    let out = evaluate_chunk(engine, months, options, chunk);
                    if done.send((index, out)).is_err() {
                        break;
                    }
                }
            });
            if let Err(e) = worker {
                fatal = Some(no_thread(e));
                break;
            }
        }
        drop(done);
        let collect = move || -> Result<Report, Error> {
            let mut total = empty();
            let mut waiting = BTreeMap::new();
            let mut next = 0usize;
            for (index, out) in finished {
                waiting.insert(index, out);
                while let Some(out) = waiting.remove(&next) {
                    let (mut report, results, findings, identities) = out?;
                    let findings = across.settle(&mut report, findings, &identities)?;
                    emit(results, findings)?;
                    merge(&mut total, report);
                    next = next.saturating_add(1);
                }
            }
            Ok(total)
        };
        let collector = match std::thread::Builder::new().spawn_scoped(scope, collect) {
            Ok(collector) => collector,
            // The queue of work closes as this returns, and the workers end.
            Err(e) => return Ok(Err(no_thread(e))),
        };
        let mut index = 0usize;
        // Without all its workers, the run stops before it starts (the error is `fatal`).
        while let Some(chunk) = fatal.is_none().then(|| chunker.next_chunk()).flatten() {
            match chunk {
                Ok(chunk) => {
                    if work.send((index, chunk)).is_err() {
                        break;
                    }
                    index = index.saturating_add(1);
                }
                Err(e) => {
                    fatal = Some(e);
                    break;
                }
            }
        }
        drop(work);
        collector.join()
    });
    // A worker that panicked is a bug: the panic goes on to the caller.
    let report = match outcome {
        Ok(result) => result?,
        Err(panic) => std::panic::resume_unwind(panic),
    };
    match fatal {
        Some(e) => Err(e),
        None => Ok(report),
    }
}
