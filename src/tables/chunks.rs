//! Chunks of households for parallel work: the input tables cut, at household boundaries,
//! into slices that hold every row of the households they cover.
//!
//! The [`Chunker`] reads each table's batches from a [`Source`] and cuts them where
//! `household_id` passes a boundary: a chunk holds, of every table, the rows whose
//! household is at or before the boundary (and after the previous chunk's). Each chunk
//! is then read into households by an [`Assembler`] of its own — on the thread that
//! evaluates it, so that households are made, evaluated and freed on one thread. Slices
//! share the batches' buffers; nothing is copied.
//!
//! Every table must list its rows in order of `household_id`; rows naming no household
//! go with whatever chunk they fall in.

use std::collections::VecDeque;

use arrow_array::RecordBatch;

use super::Table;
use super::assemble::{Assembler, Numbering, Read, Step, check_columns, compare};
use super::columns::Text;
use crate::error::Error;

/// Rows of each table a chunk holds at most (and the rows of one household beyond).
pub(crate) const CHUNK_ROWS: usize = 8192;

/// A batch of a table with the numbering of its rows.
#[derive(Debug, Clone)]
pub(crate) struct Part {
    pub(crate) batch: RecordBatch,
    pub(crate) numbering: Numbering,
}

/// Where the batches of the input tables come from, table by table, each in order.
pub(crate) trait Source {
    /// The next batch of `table`, or `None` when it has no more (or is not given).
    fn next(&mut self, table: Table) -> Option<Result<Part, Error>>;
}

/// The batches of one table not yet handed on, with each batch's keys.
#[derive(Default)]
struct Queue {
    parts: VecDeque<(Part, Text)>,
    /// Rows of the front part already handed on.
    offset: usize,
    finished: bool,
}

impl Queue {
    fn available(&self) -> usize {
        self.parts
            .iter()
            .map(|(p, _)| p.batch.num_rows())
            .sum::<usize>()
            .saturating_sub(self.offset)
    }

    /// The last non-null key among the first `n` rows not handed on.
    fn key_within(&self, n: usize) -> Option<&str> {
        let mut best = None;
        let mut left = n;
        let mut offset = self.offset;
        for (part, keys) in &self.parts {
            let rows = part.batch.num_rows();
            let end = rows.min(offset.saturating_add(left));
            for row in offset..end {
                if let Some(k) = keys.get(row) {
                    best = Some(k);
                }
            }
            left = left.saturating_sub(end.saturating_sub(offset));
            offset = 0;
            if left == 0 {
                break;
            }
        }
        best
    }

    /// The key of the last row queued (`None` when it is null or nothing is queued).
    fn last_key(&self) -> Option<&str> {
        let (part, keys) = self.parts.back()?;
        keys.get(part.batch.num_rows().checked_sub(1)?)
    }
}

/// A chunk: of every input table, the slices of the rows of the households it covers.
#[derive(Debug, Default)]
pub(crate) struct Chunk {
    parts: [Vec<Part>; super::INPUT_TABLES],
}

impl Chunk {
    /// The households of the chunk, read by an assembler of its own; `Err` (the last item)
    /// when a slice cannot be read on.
    pub(crate) fn reads(self) -> impl Iterator<Item = Result<Read, Error>> {
        let mut parts = self.parts.map(Vec::into_iter);
        let mut assembler = Assembler::default();
        let mut done = false;
        std::iter::from_fn(move || {
            if done {
                return None;
            }
            loop {
                let step = assembler.step();
                match step {
                    Err(e) => {
                        done = true;
                        return Some(Err(e));
                    }
                    Ok(Step::Done) => {
                        done = true;
                        return None;
                    }
                    Ok(Step::Household(h)) => {
                        return Some(Ok(Read::of(h, assembler.person_rows())));
                    }
                    Ok(Step::Failed { household, error }) => {
                        return Some(Ok(Read::failed(household, error)));
                    }
                    Ok(Step::Need(table)) => {
                        let next = table
                            .input_index()
                            .and_then(|i| parts.get_mut(i))
                            .and_then(Iterator::next);
                        match next {
                            Some(part) => {
                                if let Err(e) =
                                    assembler.push_numbered(table, &part.batch, part.numbering)
                                {
                                    done = true;
                                    return Some(Err(e));
                                }
                            }
                            None => assembler.finish(table),
                        }
                    }
                }
            }
        })
    }
}

/// Cuts the tables of a [`Source`] into [`Chunk`]s.
pub(crate) struct Chunker<S> {
    source: S,
    queues: [Queue; super::INPUT_TABLES],
    done: bool,
}

impl<S: Source> Chunker<S> {
    pub(crate) fn new(source: S) -> Chunker<S> {
        Chunker {
            source,
            queues: Default::default(),
            done: false,
        }
    }

    /// Queues the next batch of table `t`; false when it has no more.
    fn pull(&mut self, t: usize) -> Result<bool, Error> {
        let (Some(table), Some(queue)) = (Table::INPUTS.get(t).copied(), self.queues.get_mut(t))
        else {
            return Ok(false);
        };
        if queue.finished {
            return Ok(false);
        }
        match self.source.next(table) {
            None => {
                queue.finished = true;
                Ok(false)
            }
            Some(Err(e)) => Err(e),
            Some(Ok(part)) => {
                check_columns(table, &part.batch)?;
                let keys = part
                    .batch
                    .column_by_name(super::KEY)
                    .and_then(Text::of)
                    .unwrap_or(Text::Absent);
                queue.parts.push_back((part, keys));
                Ok(true)
            }
        }
    }

    /// The next chunk, `None` when every table is read; `Err` when a table cannot be read
    /// on.
    pub(crate) fn next_chunk(&mut self) -> Option<Result<Chunk, Error>> {
        if self.done {
            return None;
        }
        let chunk = self.cut();
        match &chunk {
            Err(_) => self.done = true,
            Ok(None) => self.done = true,
            Ok(Some(_)) => {}
        }
        chunk.transpose()
    }

    fn cut(&mut self) -> Result<Option<Chunk>, Error> {
        // Every table shows a chunk's worth of rows, or all it has left.
        for t in 0..self.queues.len() {
            while self
                .queues
                .get(t)
                .is_some_and(|q| q.available() < CHUNK_ROWS)
                && self.pull(t)?
            {}
        }
        if self.queues.iter().all(|q| q.available() == 0) {
            return Ok(None);
        }
        // The boundary: the earliest household at which a table's chunk's worth ends;
        // `None` when no table has that many rows left (everything goes).
        let boundary: Option<String> = self
            .queues
            .iter()
            .filter(|q| q.available() >= CHUNK_ROWS)
            .filter_map(|q| q.key_within(CHUNK_ROWS))
            .min_by(|a, b| compare(a, b))
            .map(str::to_owned);
        let mut chunk = Chunk::default();
        for t in 0..self.queues.len() {
            // Rows at the boundary may go on in batches not yet read.
            if let Some(b) = &boundary {
                while self.queues.get(t).is_some_and(|q| {
                    !q.finished && q.last_key().is_none_or(|k| compare(k, b).is_le())
                }) && self.pull(t)?
                {}
            }
            let (Some(queue), Some(out)) = (self.queues.get_mut(t), chunk.parts.get_mut(t)) else {
                continue;
            };
            take(queue, boundary.as_deref(), out);
        }
        Ok(Some(chunk))
    }
}

/// Moves the rows of `queue` at or before `boundary` (every row when `None`) to `out`.
fn take(queue: &mut Queue, boundary: Option<&str>, out: &mut Vec<Part>) {
    while let Some((part, keys)) = queue.parts.front() {
        let rows = part.batch.num_rows();
        let start = queue.offset;
        let end = match boundary {
            None => rows,
            Some(b) => (start..rows)
                .find(|&row| keys.get(row).is_some_and(|k| compare(k, b).is_gt()))
                .unwrap_or(rows),
        };
        if end > start {
            out.push(Part {
                batch: part.batch.slice(start, end.saturating_sub(start)),
                numbering: part.numbering.skip(start),
            });
        }
        if end < rows {
            queue.offset = end;
            return;
        }
        queue.parts.pop_front();
        queue.offset = 0;
    }
}
