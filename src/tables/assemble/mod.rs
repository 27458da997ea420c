//! Households from the rows of the eight input tables: a merge of tables sorted by
//! household, fed batch by batch.
//!
//! The [`Assembler`] does no reading of its own: it asks for the next batch of a table
//! ([`Step::Need`]) and is given it ([`Assembler::push`]) or told that the table has no
//! more ([`Assembler::finish`]). So one merge serves batches in memory, files read as they
//! come, and the partitions of a DataFusion plan. It holds one batch of each table and the
//! rows of one household at a time: memory is bounded by the batch size, not the district.
//!
//! Each table must list its rows in order of `household_id` (compared as bytes), as the
//! crate's writers and a sort by `household_id` leave them; rows of one household keep the
//! order they come in. Callers with rows in another order sort them first (see
//! [`super::write::Tables::households`]).

mod decode;
mod place;
mod rows;

use std::sync::Arc;

use arrow_array::RecordBatch;

use crate::error::{Error, Problem, TableError};
use crate::model::{Household, HouseholdFacts, HouseholdId};
use crate::tables::columns::{Word, padded, words};
use crate::tables::{KEY, Table};

use decode::Cols;
pub(crate) use decode::check_columns;
pub(crate) use rows::shown;
use rows::{Pending, cell, take_row};

/// One input table as the merge sees it: the current batch and the row in it.
struct Feed {
    table: Table,
    cols: Option<Cols>,
    len: usize,
    row: usize,
    /// How the current batch's rows are numbered.
    numbering: Numbering,
    finished: bool,
    /// Whether the current row is yet to be checked to come after the last household (a
    /// row after one gathered was checked when the gathering stopped at it).
    fresh: bool,
    /// The words of the current batch's keys (the buffer kept from batch to batch).
    words: Vec<Word>,
}

impl Feed {
    fn new(table: Table) -> Feed {
        Feed {
            table,
            cols: None,
            len: 0,
            row: 0,
            numbering: Numbering::From(0),
            finished: false,
            fresh: false,
            words: Vec::new(),
        }
    }

    fn exhausted(&self) -> bool {
        self.row >= self.len
    }

    /// The current row's number in the table as given, from 1.
    fn row_number(&self) -> u64 {
        self.numbering.position(self.row).saturating_add(1)
    }

    /// The current row's household, `None` when the cell is null (or no row is current).
    fn key(&self) -> Option<&str> {
        self.cols.as_ref().and_then(|c| c.key().get(self.row))
    }

    /// The current row's household as a word ([`Word::Null`] when the cell is null).
    #[inline]
    fn word(&self) -> Word {
        self.words.get(self.row).copied().unwrap_or(Word::Null)
    }

    /// The current row's household against `other` (its word, and its text, looked up
    /// only when the words do not tell), in the order of their bytes.
    #[inline]
    fn cmp_key<'t>(
        &self,
        word: Word,
        other: Word,
        text: impl FnOnce() -> &'t str,
    ) -> std::cmp::Ordering {
        word.cmp_short(other)
            .unwrap_or_else(|| compare(self.key().unwrap_or_default(), text()))
    }
}

/// How the rows of a batch are numbered in their table (from 0; errors show them from 1).
#[derive(Debug, Clone)]
pub(crate) enum Numbering {
    /// The batch's first row is at this position, the others follow.
    From(u64),
    /// The rows were reordered: the position of row `i` is `positions[offset + i]`.
    Listed(Arc<[u64]>, usize),
}

impl Numbering {
    /// The position of row `row` of the batch.
    pub(crate) fn position(&self, row: usize) -> u64 {
        match self {
            Numbering::From(first) => first.saturating_add(row as u64),
            Numbering::Listed(positions, offset) => positions
                .get(offset.saturating_add(row))
                .copied()
                .unwrap_or(u64::MAX),
        }
    }

    /// The numbering of the rows from `row` on.
    pub(crate) fn skip(&self, row: usize) -> Numbering {
        match self {
            Numbering::From(first) => Numbering::From(first.saturating_add(row as u64)),
            Numbering::Listed(positions, offset) => {
                Numbering::Listed(Arc::clone(positions), offset.saturating_add(row))
            }
        }
    }
}

/// What the assembler needs or has.
#[derive(Debug)]
pub(crate) enum Step {
    /// The next batch of the table, or word that it has no more.
    Need(Table),
    /// A household, checked.
    Household(Household),
    /// A household whose rows fail (they are consumed all the same), or a row that names no
    /// household.
    Failed {
        /// The household, when its id is one.
        household: Option<HouseholdId>,
        /// The first problem.
        error: Error,
    },
    /// Every table is finished and every household handed on.
    Done,
}

/// Merges the input tables into households; see the module documentation.
pub(crate) struct Assembler {
    feeds: [Feed; super::INPUT_TABLES],
    pending: Pending,
    /// Whether `pending` holds a household being gathered, and which table is next.
    gathering: Option<usize>,
    /// The last household handed on, for the order check.
    last_key: Option<String>,
    /// Its word.
    last_word: Word,
    /// Errors of rows that name no household, handed on after the household in hand.
    orphans: std::collections::VecDeque<Error>,
    /// The person rows of the household last handed on (see [`Assembler::person_rows`]).
    handed_person_rows: Vec<u64>,
}

impl Default for Assembler {
    fn default() -> Self {
        Assembler {
            feeds: Table::INPUTS.map(Feed::new),
            pending: Pending::default(),
            gathering: None,
            last_key: None,
            last_word: Word::Null,
            orphans: std::collections::VecDeque::new(),
            handed_person_rows: Vec::new(),
        }
    }
}

impl Assembler {
    /// Gives the next batch of `table` (an input table), its rows numbered on from the
    /// table's batches before.
    ///
    /// # Errors
    ///
    /// [`Error::Table`] for a batch whose columns do not fit the table: a required one
    /// missing, one of the wrong type, one the table does not have.
    pub(crate) fn push(&mut self, table: Table, batch: &RecordBatch) -> Result<(), Error> {
        let next = table
            .input_index()
            .and_then(|i| self.feeds.get(i))
            .map_or(0, |f| f.numbering.position(f.len));
        self.push_numbered(table, batch, Numbering::From(next))
    }

    /// As [`Assembler::push`], with the rows numbered as `numbering` says.
    pub(crate) fn push_numbered(
        &mut self,
        table: Table,
        batch: &RecordBatch,
        numbering: Numbering,
    ) -> Result<(), Error> {
        let cols = Cols::decode(table, batch)?;
        let Some(feed) = table.input_index().and_then(|i| self.feeds.get_mut(i)) else {
            return Ok(());
        };
        feed.len = batch.num_rows();
        feed.row = 0;
        feed.words.clear();
        words(cols.key(), feed.len, &mut feed.words);
        feed.cols = Some(cols);
        feed.numbering = numbering;
        feed.fresh = true;
        Ok(())
    }

    /// Says that `table` has no more batches (a table not given at all is finished at once).
    pub(crate) fn finish(&mut self, table: Table) {
        if let Some(feed) = table.input_index().and_then(|i| self.feeds.get_mut(i)) {
            feed.finished = true;
            feed.len = 0;
            feed.row = 0;
            feed.cols = None;
        }
    }

    /// The rows of `persons` (from 1) of the household last handed on, member by member.
    pub(crate) fn person_rows(&self) -> &[u64] {
        &self.handed_person_rows
    }

    /// The next step.
    ///
    /// # Errors
    ///
    /// [`Error::Table`] with [`Problem::NotSorted`] when a table's rows are not in order of
    /// household: the merge cannot go on.
    pub(crate) fn step(&mut self) -> Result<Step, Error> {
        loop {
            let Some(t) = self.gathering else {
                if let Some(error) = self.orphans.pop_front() {
                    return Ok(Step::Failed {
                        household: None,
                        error,
                    });
                }
                // Between households: every table must show its next row.
                let mut best: Option<usize> = None;
                for i in 0..self.feeds.len() {
                    let Some(feed) = self.feeds.get(i) else {
                        continue;
                    };
                    if feed.exhausted() {
                        if feed.finished {
                            continue;
                        }
                        return Ok(Step::Need(feed.table));
                    }
                    let word = feed.word();
                    if word == Word::Null {
                        // A row that names no household.
                        let error = Error::Table(cell(
                            feed.table,
                            feed.row_number(),
                            KEY,
                            Problem::Missing,
                            None,
                        ));
                        if let Some(feed) = self.feeds.get_mut(i) {
                            feed.row = feed.row.saturating_add(1);
                            feed.fresh = true;
                        }
                        return Ok(Step::Failed {
                            household: None,
                            error,
                        });
                    }
                    // A row after one gathered was checked when the gathering stopped at
                    // it; the first row of a batch (or after a row naming no household) is
                    // checked here.
                    if feed.fresh
                        && let Some(last) = &self.last_key
                        && feed.cmp_key(word, self.last_word, || last).is_le()
                    {
                        return Err(not_sorted(feed, last));
                    }
                    let smaller = match best.and_then(|b| self.feeds.get(b)) {
                        Some(b) => feed
                            .cmp_key(word, b.word(), || b.key().unwrap_or_default())
                            .is_lt(),
                        None => true,
                    };
                    if smaller {
                        best = Some(i);
                    }
                }
                for feed in &mut self.feeds {
                    feed.fresh = false;
                }
                let Some((key, word)) = best
                    .and_then(|b| self.feeds.get(b))
                    .and_then(|f| Some((f.key()?, f.word())))
                else {
                    return Ok(Step::Done);
                };
                self.pending.start(key, word);
                self.gathering = Some(0);
                continue;
            };
            // Gathering table `t` for the household in hand.
            if let Some(feed) = self.feeds.get_mut(t) {
                if feed.table == Table::Persons && self.pending.persons.capacity() == 0 {
                    // The members are made in a list of their number, handed on as it is.
                    let (word, key) = (self.pending.word, self.pending.key.as_str());
                    let keys = feed.cols.as_ref().map(Cols::key);
                    let count = (feed.row..feed.len)
                        .take_while(|&row| match feed.words.get(row) {
                            Some(Word::Long) => keys.and_then(|k| k.get(row)) == Some(key),
                            Some(w) => *w == word,
                            None => false,
                        })
                        .count();
                    self.pending.persons.reserve_exact(count);
                }
                loop {
                    if feed.exhausted() {
                        if feed.finished {
                            break;
                        }
                        return Ok(Step::Need(feed.table));
                    }
                    let row_number = feed.row_number();
                    let word = feed.word();
                    let order = (word != Word::Null)
                        .then(|| feed.cmp_key(word, self.pending.word, || &self.pending.key));
                    match order {
                        None => {
                            // A row that names no household: handed on after this one.
                            self.orphans.push_back(Error::Table(cell(
                                feed.table,
                                row_number,
                                KEY,
                                Problem::Missing,
                                None,
                            )));
                        }
                        Some(std::cmp::Ordering::Equal) => {
                            if self.pending.first.is_none() {
                                self.pending.first = Some((feed.table, row_number));
                            }
                            if self.pending.error.is_none()
                                && let Some(cols) = &feed.cols
                            {
                                take_row(&mut self.pending, cols, feed.row, row_number);
                            }
                        }
                        Some(std::cmp::Ordering::Less) => {
                            return Err(not_sorted(feed, &self.pending.key));
                        }
                        Some(std::cmp::Ordering::Greater) => break,
                    }
                    feed.row = feed.row.saturating_add(1);
                }
            }
            let next = t.saturating_add(1);
            if next < self.feeds.len() {
                self.gathering = Some(next);
                continue;
            }
            self.gathering = None;
            // The buffers of the two keys change places: neither is made anew.
            let last = self.last_key.get_or_insert_default();
            std::mem::swap(last, &mut self.pending.key);
            self.last_word = self.pending.word;
            return Ok(match self.build() {
                Ok(household) => Step::Household(household),
                Err(error) => Step::Failed {
                    household: self
                        .last_key
                        .as_deref()
                        .and_then(|k| HouseholdId::parse_problem(k).ok()),
                    error,
                },
            });
        }
    }

    /// The household gathered, checked.
    fn build(&mut self) -> Result<Household, Error> {
        let p = &mut self.pending;
        self.handed_person_rows.clear();
        self.handed_person_rows.extend_from_slice(&p.person_rows);
        let key = self.last_key.as_deref().unwrap_or_default();
        // Rows of a household that the households table does not have: that is what is
        // wrong with them, before anything their own rows say (unless the households row
        // is there but failed).
        let households_row_failed = matches!(
            &p.error,
            Some(Error::Table(t)) if t.table == Table::Households.name()
        );
        if p.head.is_some() || households_row_failed {
            if let Some(error) = p.error.take() {
                return Err(error);
            }
        }
        let Some(head) = p.head.take() else {
            // Their own rows' errors go with them.
            p.error = None;
            let (table, row) = p.first.unwrap_or((Table::Households, 0));
            return Err(Error::Table(cell(
                table,
                row,
                KEY,
                Problem::NoHouseholdRow,
                Some(key.to_owned()),
            )));
        };
        // Items to their members, in row order within each member; every list made at its
        // exact length (a district holds half a million persons).
        p.incomes.sort_by_key(|(member, _, _)| *member);
        p.benefits.sort_by_key(|(member, _, _)| *member);
        let mut persons = std::mem::take(&mut p.persons);
        let (mut incomes, mut benefits) = (p.incomes.as_slice(), p.benefits.as_slice());
        for (i, person) in persons.iter_mut().enumerate() {
            let n = incomes.iter().take_while(|(m, _, _)| *m == i).count();
            let (own, rest) = incomes.split_at(n);
            if !own.is_empty() {
                person.incomes = own.iter().map(|(_, item, _)| *item).collect();
            }
            incomes = rest;
            let n = benefits.iter().take_while(|(m, _, _)| *m == i).count();
            let (own, rest) = benefits.split_at(n);
            if !own.is_empty() {
                person.external_benefits = own.iter().map(|(_, item, _)| *item).collect();
            }
            benefits = rest;
        }
        p.id_numbers.clear();
        p.id_numbers.extend(persons.iter().map(|p| p.id_number));
        let facts = HouseholdFacts {
            id: head.id,
            area: head.area,
            township: head.township,
            registered_poor: head.registered_poor,
            financial_assets: head.financial_assets,
            non_exempt_vehicle: head.non_exempt_vehicle,
            unsafe_housing: head.unsafe_housing,
            no_safe_drinking_water: head.no_safe_drinking_water,
            return_to_poverty_monitored: head.return_to_poverty_monitored,
            rigid_spending_12_months: head.rigid_spending_12_months,
            counted_income_12_months: head.counted_income_12_months,
            members: persons,
            enrolments: exact(&mut p.enrolments),
            events: exact(&mut p.events),
            screenings: exact(&mut p.screenings),
            verifications: exact(&mut p.verifications),
            ids_in_order: false,
            born_last: (0, 0),
        };
        Household::check(facts).map_err(|e| place::place(&self.pending, e))
    }
}

/// The items of `list`, in a list of their number (none made for no items); `list` is
/// left empty, its buffer kept for the next household.
fn exact<T>(list: &mut Vec<T>) -> Vec<T> {
    let mut exact = Vec::new();
    if !list.is_empty() {
        exact.reserve_exact(list.len());
        exact.append(list);
    }
    exact
}

/// Two keys in the order of their bytes, as `str`'s order: keys of up to 16 bytes (most)
/// compare as two numbers, without a call to compare memory.
#[inline]
pub(crate) fn compare(a: &str, b: &str) -> std::cmp::Ordering {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() <= 16 && b.len() <= 16 {
        // Padding with zero bytes keeps the order: a key that is a prefix of another, and so
        // equal to it in the padded word, is the shorter and comes first.
        padded(a).cmp(&padded(b)).then(a.len().cmp(&b.len()))
    } else {
        a.cmp(b)
    }
}

fn not_sorted(feed: &Feed, previous: &str) -> Error {
    Error::from(TableError {
        table: feed.table.name(),
        row: Some(feed.row_number()),
        column: Some(KEY.to_owned()),
        value: feed.key().map(|k| shown(KEY, k)),
        problem: Problem::NotSorted {
            previous: shown(KEY, previous),
        },
    })
}

/// The rows of `persons` of a household's members, from 1.
#[derive(Debug, Clone)]
pub(crate) enum PersonRows {
    /// Rows `first`, `first + 1`, … (a table in household order).
    Run { first: u64 },
    /// Rows in any order (a table that was sorted).
    List(Vec<u64>),
}

impl PersonRows {
    fn of(rows: &[u64]) -> PersonRows {
        let first = rows.first().copied().unwrap_or(0);
        let consecutive = rows
            .iter()
            .zip(first..)
            .all(|(row, expected)| *row == expected);
        if consecutive {
            PersonRows::Run { first }
        } else {
            PersonRows::List(rows.to_vec())
        }
    }

    pub(crate) fn to_vec(&self, members: usize) -> Vec<u64> {
        match self {
            PersonRows::Run { first } => (*first..).take(members).collect(),
            PersonRows::List(rows) => rows.clone(),
        }
    }
}

/// One household read from the tables, or the error that stopped it.
#[derive(Debug)]
pub(crate) struct Read {
    pub(crate) household: Result<Household, Error>,
    /// The household's id, when it has one (also for a household that failed).
    pub(crate) id: Option<HouseholdId>,
    pub(crate) person_rows: PersonRows,
}

impl Read {
    pub(crate) fn of(household: Household, person_rows: &[u64]) -> Read {
        Read {
            id: Some(household.id().clone()),
            household: Ok(household),
            person_rows: PersonRows::of(person_rows),
        }
    }

    pub(crate) fn failed(id: Option<HouseholdId>, error: Error) -> Read {
        Read {
            household: Err(error),
            id,
            person_rows: PersonRows::Run { first: 0 },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_compare_as_their_bytes() {
        let keys = [
            "",
            "a",
            "a\0",
            "a\0\0",
            "ab",
            "b",
            "h000001",
            "h000010",
            "h00001",
            "h0000010",
            "0123456789abcdef",
            "0123456789abcdeg",
            "0123456789abcdef0",
            "0123456789abcdef\0",
            "茅塔乡",
            "茅塔",
            "z",
            "\u{7f}",
            "ÿ",
        ];
        for a in keys {
            for b in keys {
                assert_eq!(compare(a, b), a.cmp(b), "{a:?} {b:?}");
            }
        }
        // Every length up to 17 bytes, each with its last byte raised, against every other:
        // the loads that build a key's number overlap differently for each length.
        let text = "0123456789abcdefgh";
        let mut keys: Vec<String> = Vec::new();
        for len in 0..=17 {
            let prefix = &text[..len];
            keys.push(prefix.to_owned());
            if let Some(last) = prefix.chars().last() {
                let raised = char::from_u32(last as u32 + 1).unwrap();
                keys.push(format!("{}{raised}", &prefix[..len - 1]));
            }
        }
        for a in &keys {
            for b in &keys {
                assert_eq!(compare(a, b), a.cmp(b), "{a:?} {b:?}");
                if a.len() <= 16 && b.len() <= 16 {
                    assert_eq!(
                        Word::of(a).cmp_short(Word::of(b)),
                        Some(a.cmp(b)),
                        "{a:?} {b:?}"
                    );
                }
            }
        }
    }
}
