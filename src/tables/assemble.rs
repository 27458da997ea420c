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

use std::sync::Arc;

use arrow_array::RecordBatch;

use super::columns::{
    Amounts, CellResult, Dates, FlagRows, Flags, Months, Names, Numbers, Picker, Sets, Text, Word,
    column_error, padded, words,
};
use super::{KEY, Table};
use crate::error::{Error, Path, Problem, Segment, TableError};
use crate::model::{
    Area, CareForm, CareLevel, DailyActivity, Department, Disability, DisabilityKind, Enrolment,
    Event, EventKind, ExternalBenefit, ExternalBenefitKind, Grade, Household, HouseholdFacts,
    HouseholdId, Income, IncomeCategory, LegalSupporter, ParentSituation, Parents, PersonFacts,
    PersonId, PersonStatus, ProgramId, Relation, ResidentId, Screening, SelfCare, Sex, Township,
    Verification, VerifiedFact,
};
use crate::money::Money;

/// The decoded columns of one batch of an input table.
// Each variant boxed: a feed holds one, made once per batch.
enum Cols {
    Households(Box<HouseholdCols>),
    Persons(Box<PersonCols>),
    Incomes(Box<ItemCols<IncomeCategory>>),
    Benefits(Box<ItemCols<ExternalBenefitKind>>),
    Enrolments(Box<EnrolmentCols>),
    Events(Box<EventCols>),
    Screenings(Box<ScreeningCols>),
    Verifications(Box<VerificationCols>),
}

struct HouseholdCols {
    key: Text,
    area: Names<Area>,
    township: Text,
    /// [`HOUSEHOLD_FLAGS`].
    flags: FlagRows,
    financial_assets: Amounts,
    rigid_spending_12_months: Amounts,
    counted_income_12_months: Amounts,
}

struct PersonCols {
    key: Text,
    person_id: Text,
    id_number: Text,
    birth_date: Dates,
    sex: Names<Sex>,
    relation: Names<Relation>,
    disability_grade: Numbers,
    disability_kind: Names<DisabilityKind>,
    self_care_level: Names<CareLevel>,
    self_care_unable_to: Sets<DailyActivity>,
    /// [`PERSON_FLAGS`].
    flags: FlagRows,
    rigid_spending: Amounts,
    status: Sets<PersonStatus>,
    legal_supporter: Names<LegalSupporter>,
    care_form: Names<CareForm>,
    father: Names<ParentSituation>,
    mother: Names<ParentSituation>,
}

/// The yes/no columns of `households`, read together (bit `i` for the `i`-th).
const HOUSEHOLD_FLAGS: [&str; 5] = [
    "registered_poor",
    "non_exempt_vehicle",
    "unsafe_housing",
    "no_safe_drinking_water",
    "return_to_poverty_monitored",
];

/// The yes/no columns of `persons`, read together (bit `i` for the `i`-th).
const PERSON_FLAGS: [&str; 6] = [
    "serious_illness",
    "in_school",
    "children_all_away",
    "spouse_away_for_work",
    "close_relative_of_staff",
    "uninsured",
];

/// Whether bit `i` of a row's flags is set.
#[inline]
fn has(bits: u16, i: u32) -> bool {
    bits.checked_shr(i).is_some_and(|b| b & 1 == 1)
}

/// `incomes` and `external_benefits`: a person's item of a kind and a monthly amount.
struct ItemCols<K: 'static> {
    key: Text,
    person_id: Text,
    kind: Names<K>,
    monthly: Amounts,
}

struct EnrolmentCols {
    key: Text,
    person_id: Text,
    program: Text,
    since: Months,
    monthly_amount: Amounts,
    income_rose_in: Months,
    last_review: Months,
}

struct EventCols {
    key: Text,
    month: Months,
    kind: Names<EventKind>,
    shortfall: Amounts,
}

struct ScreeningCols {
    key: Text,
    person_id: Text,
    month: Months,
}

struct VerificationCols {
    key: Text,
    fact: Names<VerifiedFact>,
    person_id: Text,
    category: Names<IncomeCategory>,
    amount: Amounts,
    value: Flags,
    department: Names<Department>,
    as_of: Dates,
}

impl Cols {
    /// The columns of `batch`, their types checked, decoded when `p` decodes.
    fn pick(table: Table, mut p: Picker<'_>) -> Result<Cols, Error> {
        let cols = match table {
            Table::Households => Cols::Households(Box::new(HouseholdCols {
                key: p.text(KEY, true)?,
                area: p.names("area", true, Area::WIRE)?,
                township: p.text("township", false)?,
                flags: p.flag_rows(&HOUSEHOLD_FLAGS)?,
                financial_assets: p.amounts("financial_assets", false)?,
                rigid_spending_12_months: p.amounts("rigid_spending_12_months", false)?,
                counted_income_12_months: p.amounts("counted_income_12_months", false)?,
            })),
            Table::Persons => Cols::Persons(Box::new(PersonCols {
                key: p.text(KEY, true)?,
                person_id: p.text("person_id", true)?,
                id_number: p.text("id_number", false)?,
                birth_date: p.dates("birth_date", true)?,
                sex: p.names("sex", true, Sex::WIRE)?,
                relation: p.names("relation", true, Relation::WIRE)?,
                disability_grade: p.numbers("disability_grade", false)?,
                disability_kind: p.names("disability_kind", false, DisabilityKind::WIRE)?,
                self_care_level: p.names("self_care_level", false, CareLevel::WIRE)?,
                self_care_unable_to: p.sets("self_care_unable_to", DailyActivity::WIRE)?,
                flags: p.flag_rows(&PERSON_FLAGS)?,
                rigid_spending: p.amounts("rigid_spending", false)?,
                status: p.sets("status", PersonStatus::WIRE)?,
                legal_supporter: p.names("legal_supporter", false, LegalSupporter::WIRE)?,
                care_form: p.names("care_form", false, CareForm::WIRE)?,
                father: p.names("father", false, ParentSituation::WIRE)?,
                mother: p.names("mother", false, ParentSituation::WIRE)?,
            })),
            Table::Incomes => Cols::Incomes(Box::new(ItemCols {
                key: p.text(KEY, true)?,
                person_id: p.text("person_id", true)?,
                kind: p.names("category", true, IncomeCategory::WIRE)?,
                monthly: required_amounts(&mut p, "monthly")?,
            })),
            Table::ExternalBenefits => Cols::Benefits(Box::new(ItemCols {
                key: p.text(KEY, true)?,
                person_id: p.text("person_id", true)?,
                kind: p.names("kind", true, ExternalBenefitKind::WIRE)?,
                monthly: required_amounts(&mut p, "monthly")?,
            })),
            Table::Enrolments => Cols::Enrolments(Box::new(EnrolmentCols {
                key: p.text(KEY, true)?,
                person_id: p.text("person_id", false)?,
                program: p.text("program", true)?,
                since: p.months("since", true)?,
                monthly_amount: p.amounts("monthly_amount", false)?,
                income_rose_in: p.months("income_rose_in", false)?,
                last_review: p.months("last_review", false)?,
            })),
            Table::Events => Cols::Events(Box::new(EventCols {
                key: p.text(KEY, true)?,
                month: p.months("month", true)?,
                kind: p.names("kind", true, EventKind::WIRE)?,
                shortfall: required_amounts(&mut p, "shortfall")?,
            })),
            Table::Screenings => Cols::Screenings(Box::new(ScreeningCols {
                key: p.text(KEY, true)?,
                person_id: p.text("person_id", true)?,
                month: p.months("month", true)?,
            })),
            Table::Verifications => Cols::Verifications(Box::new(VerificationCols {
                key: p.text(KEY, true)?,
                fact: p.names("fact", true, VerifiedFact::WIRE)?,
                person_id: p.text("person_id", false)?,
                category: p.names("category", false, IncomeCategory::WIRE)?,
                amount: p.amounts("amount", false)?,
                value: p.flags("value")?,
                department: p.names("department", true, Department::WIRE)?,
                as_of: p.dates("as_of", true)?,
            })),
            Table::Results | Table::Findings | Table::Errors => {
                return Err(column_error(
                    table,
                    KEY,
                    Problem::WrongType {
                        found: "an output table".into(),
                        expected: "an input table".into(),
                    },
                ));
            }
        };
        p.finish()?;
        Ok(cols)
    }

    fn decode(table: Table, batch: &RecordBatch) -> Result<Cols, Error> {
        Cols::pick(table, Picker::new(table, batch))
    }

    fn key(&self) -> &Text {
        match self {
            Cols::Households(c) => &c.key,
            Cols::Persons(c) => &c.key,
            Cols::Incomes(c) => &c.key,
            Cols::Benefits(c) => &c.key,
            Cols::Enrolments(c) => &c.key,
            Cols::Events(c) => &c.key,
            Cols::Screenings(c) => &c.key,
            Cols::Verifications(c) => &c.key,
        }
    }
}

/// Checks that `batch`'s columns fit `table`.
pub(crate) fn check_columns(table: Table, batch: &RecordBatch) -> Result<(), Error> {
    Cols::pick(table, Picker::checking(table, batch)).map(|_| ())
}

/// A money column that must be present (its cells are checked as required one by one).
fn required_amounts(p: &mut Picker<'_>, name: &'static str) -> Result<Amounts, Error> {
    p.amounts(name, true)
}

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

/// A cell's error, boxed: rows are read by the million and fail seldom, so the results of
/// the row readers stay one word wide.
type Fail = Box<TableError>;

/// The first error of a household, or of a row that names none.
#[cold]
fn cell(
    table: Table,
    row: u64,
    column: &'static str,
    problem: Problem,
    value: Option<String>,
) -> Fail {
    Box::new(TableError {
        table: table.name(),
        row: Some(row),
        column: Some(column.to_owned()),
        value: value.map(|v| shown(column, &v)),
        problem,
    })
}

/// A cell's value as an error shows it: an ID number masked, invisible characters escaped,
/// at most 200 characters.
pub(crate) fn shown(column: &str, value: &str) -> String {
    let text: String = value.chars().take(200).collect();
    let text = if column == "id_number" {
        match ResidentId::parse_problem(&text) {
            Ok(id) => id.to_string(),
            Err(_) => crate::read::mask_long_numbers(&text),
        }
    } else {
        text
    };
    crate::error::visible(text.into()).into_owned()
}

/// The facts of a household's row in `households`, before its members are known.
struct HouseholdRow {
    id: HouseholdId,
    area: Area,
    township: Option<Township>,
    registered_poor: bool,
    financial_assets: Money,
    non_exempt_vehicle: bool,
    unsafe_housing: bool,
    no_safe_drinking_water: bool,
    return_to_poverty_monitored: bool,
    rigid_spending_12_months: Money,
    counted_income_12_months: Option<Money>,
}

/// The household being gathered. Its buffers are reused from one household to the next.
#[derive(Default)]
struct Pending {
    key: String,
    /// The key as a word.
    word: Word,
    /// The first row that named the household.
    first: Option<(Table, u64)>,
    household_row: Option<u64>,
    head: Option<HouseholdRow>,
    persons: Vec<PersonFacts>,
    person_rows: Vec<u64>,
    /// (member, item, row), in row order.
    incomes: Vec<(usize, Income, u64)>,
    benefits: Vec<(usize, ExternalBenefit, u64)>,
    enrolments: Vec<Enrolment>,
    enrolment_rows: Vec<u64>,
    events: Vec<Event>,
    event_rows: Vec<u64>,
    screenings: Vec<Screening>,
    screening_rows: Vec<u64>,
    verifications: Vec<Verification>,
    verification_rows: Vec<u64>,
    /// The members' ID numbers, kept to name one in an error of the household's checks.
    id_numbers: Vec<Option<ResidentId>>,
    error: Option<Error>,
    townships: Townships,
}

impl Pending {
    fn start(&mut self, key: &str, word: Word) {
        self.key.clear();
        self.key.push_str(key);
        self.word = word;
        self.first = None;
        self.household_row = None;
        self.head = None;
        self.persons.clear();
        self.person_rows.clear();
        self.incomes.clear();
        self.benefits.clear();
        self.enrolments.clear();
        self.enrolment_rows.clear();
        self.events.clear();
        self.event_rows.clear();
        self.screenings.clear();
        self.screening_rows.clear();
        self.verifications.clear();
        self.verification_rows.clear();
        self.error = None;
    }

    fn fail(&mut self, error: Error) {
        if self.error.is_none() {
            self.error = Some(error);
        }
    }

    /// The member whose id is `text`, comparing as written and then in normalisation form
    /// C (as identifiers are kept).
    fn member(&self, text: &str) -> Option<usize> {
        if let Some(i) = self.persons.iter().position(|p| p.id.as_str() == text) {
            return Some(i);
        }
        let id = PersonId::parse_problem(text).ok()?;
        self.persons.iter().position(|p| p.id == id)
    }
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

/// Townships met so far, shared: a district has a few dozen, written on every row. The
/// first few dozen with names of up to 16 bytes (five Chinese characters) are found by
/// their words, the others in a map.
#[derive(Default)]
struct Townships {
    short: Vec<(Word, Township)>,
    long: std::collections::HashMap<String, Township>,
}

impl Townships {
    /// The most townships kept.
    const LIMIT: usize = 4096;
    /// The most found by their words.
    const SHORT: usize = 64;

    fn get(&mut self, text: &str) -> Result<Township, Problem> {
        let word = Word::of(text);
        let known = match word {
            Word::Short(..) => self.short.iter().find(|(w, _)| *w == word).map(|(_, t)| t),
            _ => None,
        };
        let known = known.or_else(|| self.long.get(text));
        if let Some(t) = known {
            return Ok(t.clone());
        }
        let township = Township::parse_problem(text)?;
        if self.short.len().saturating_add(self.long.len()) < Self::LIMIT {
            if matches!(word, Word::Short(..)) && self.short.len() < Self::SHORT {
                self.short.push((word, township.clone()));
            } else {
                self.long.insert(text.to_owned(), township.clone());
            }
        }
        Ok(township)
    }
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
        if let Some(error) = p.error.take() {
            return Err(error);
        }
        let Some(head) = p.head.take() else {
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
        Household::check(facts).map_err(|e| self.place(e))
    }

    /// An error of the household's checks, placed in the table, row and column it came
    /// from.
    fn place(&self, error: Error) -> Error {
        let Error::Invalid { path, problem } = error else {
            return error;
        };
        let p = &self.pending;
        let segments = segments(&path);
        let household = (Table::Households, p.household_row, None::<&'static str>);
        let first = |rows: &[u64]| rows.first().copied();
        let (table, row, column) = match segments.as_slice() {
            [] => household,
            [Seg::Field("members")] => match problem {
                Problem::NoMembers => household,
                Problem::HeadCount { .. } => {
                    (Table::Persons, first(&p.person_rows), Some("relation"))
                }
                _ => (Table::Persons, first(&p.person_rows), None),
            },
            [Seg::Field("members"), Seg::Index(i), rest @ ..] => {
                let person_row = p.person_rows.get(*i).copied();
                let items = |table: Table, items: &[(usize, u64)], rest: &[Seg<'_>]| {
                    let mine: Vec<u64> = items
                        .iter()
                        .filter(|(m, _)| m == i)
                        .map(|(_, r)| *r)
                        .collect();
                    match rest {
                        [Seg::Index(j), Seg::Field(f), ..] => {
                            (table, mine.get(*j).copied(), column_named(table, f))
                        }
                        [Seg::Index(j)] => (table, mine.get(*j).copied(), None),
                        _ => (table, mine.first().copied(), None),
                    }
                };
                match rest {
                    [] => (Table::Persons, person_row, None),
                    [Seg::Field("incomes"), tail @ ..] => {
                        let rows: Vec<(usize, u64)> =
                            p.incomes.iter().map(|(m, _, r)| (*m, *r)).collect();
                        items(Table::Incomes, &rows, tail)
                    }
                    [Seg::Field("external_benefits"), tail @ ..] => {
                        let rows: Vec<(usize, u64)> =
                            p.benefits.iter().map(|(m, _, r)| (*m, *r)).collect();
                        items(Table::ExternalBenefits, &rows, tail)
                    }
                    [Seg::Field(f), tail @ ..] => {
                        (Table::Persons, person_row, person_column(f, tail))
                    }
                    [Seg::Index(_), ..] => (Table::Persons, person_row, None),
                }
            }
            [Seg::Field(list), rest @ ..] => {
                let (table, rows): (Table, &[u64]) = match *list {
                    "enrolments" => (Table::Enrolments, &p.enrolment_rows),
                    "events" => (Table::Events, &p.event_rows),
                    "screenings" => (Table::Screenings, &p.screening_rows),
                    "verifications" => (Table::Verifications, &p.verification_rows),
                    other => {
                        return Error::from(TableError {
                            table: Table::Households.name(),
                            row: p.household_row,
                            column: column_named(Table::Households, other).map(str::to_owned),
                            value: problem_value(&problem),
                            problem,
                        });
                    }
                };
                match rest {
                    [Seg::Index(k), Seg::Field(f), ..] => {
                        (table, rows.get(*k).copied(), column_named(table, f))
                    }
                    [Seg::Index(k)] => (table, rows.get(*k).copied(), None),
                    _ => (table, first(rows), None),
                }
            }
            [Seg::Index(_), ..] => household,
        };
        // Indexes into the household's lists become rows of the table.
        let problem = match problem {
            Problem::DuplicatePersonId { id, first } => Problem::RowTwice {
                what: format!("person {id:?}"),
                first_row: p.person_rows.get(first).copied().unwrap_or(0),
            },
            Problem::DuplicateEnrolment { program, first } => Problem::RowTwice {
                what: format!("an enrolment in {program} of this beneficiary"),
                first_row: p.enrolment_rows.get(first).copied().unwrap_or(0),
            },
            other => other,
        };
        let value = match (column, &segments.as_slice()) {
            (Some("id_number"), [Seg::Field("members"), Seg::Index(i), ..]) => p
                .id_numbers
                .get(*i)
                .copied()
                .flatten()
                .map(|id| id.to_string()),
            _ => problem_value(&problem),
        };
        Error::from(TableError {
            table: table.name(),
            row,
            column: column.map(str::to_owned),
            value: value.map(|v| shown(column.unwrap_or_default(), &v)),
            problem,
        })
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

/// A part of an error's path: `members[2].incomes[0].monthly`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Seg<'a> {
    Field(&'a str),
    Index(usize),
}

fn segments(path: &Path) -> Vec<Seg<'_>> {
    path.segments()
        .iter()
        .filter_map(|segment| match segment {
            Segment::Field(name) => Some(Seg::Field(name.as_ref())),
            Segment::Index(i) => Some(Seg::Index(*i)),
            _ => None,
        })
        .collect()
}

/// The column of `table` named `name`, if it has one.
fn column_named(table: Table, name: &str) -> Option<&'static str> {
    let name = match (table, name) {
        (_, "person") => "person_id",
        // A verified income's `monthly` is the table's `amount`.
        (Table::Verifications, "monthly") => "amount",
        (_, other) => other,
    };
    table
        .columns()
        .iter()
        .find(|c| c.name == name)
        .map(|c| c.name)
}

/// The column of `persons` for a field of a member (and the rest of its path).
fn person_column(field: &str, rest: &[Seg<'_>]) -> Option<&'static str> {
    match (field, rest) {
        ("id", _) => Some("person_id"),
        ("disability", [Seg::Field("grade"), ..]) => Some("disability_grade"),
        ("disability", _) => Some("disability_kind"),
        ("self_care", [Seg::Field("unable_to"), ..]) => Some("self_care_unable_to"),
        ("self_care", _) => Some("self_care_level"),
        ("parents", [Seg::Field(parent), ..]) => column_named(Table::Persons, parent),
        (other, _) => column_named(Table::Persons, other),
    }
}

/// The value a problem names, as written.
fn problem_value(problem: &Problem) -> Option<String> {
    Some(match problem {
        Problem::BadIdentifier { text }
        | Problem::BadMonth { text }
        | Problem::BadDate { text }
        | Problem::BadMoney { text } => text.clone(),
        Problem::NegativeAmount { amount }
        | Problem::TooPrecise { amount }
        | Problem::AmountTooLarge { amount, .. } => amount.to_string(),
        Problem::DisabilityGrade { grade } => grade.to_string(),
        Problem::UnknownMember { id } => id.clone(),
        Problem::IncomeRoseBeforeSince { rose, .. } => rose.to_string(),
        Problem::NotEnrollable { program }
        | Problem::PersonRequired { program }
        | Problem::HouseholdProgram { program }
        | Problem::UnknownProgram { name: program } => program.clone(),
        Problem::BornAfter { birth_date, .. } => birth_date.to_string(),
        Problem::RowTwice { what, .. } => what.clone(),
        _ => return None,
    })
}

/// Records the facts of one row in the household being gathered; the first problem stops
/// the household.
fn take_row(p: &mut Pending, cols: &Cols, row: usize, number: u64) {
    let result = match cols {
        Cols::Households(c) => household_row(p, c, row, number),
        Cols::Persons(c) => person_row(p, c, row, number),
        Cols::Incomes(c) => {
            item_row(p, c, row, number, Table::Incomes, "category").map(|(m, category, monthly)| {
                p.incomes.push((m, Income::new(category, monthly), number));
            })
        }
        Cols::Benefits(c) => item_row(p, c, row, number, Table::ExternalBenefits, "kind").map(
            |(m, kind, monthly)| {
                p.benefits
                    .push((m, ExternalBenefit::new(kind, monthly), number));
            },
        ),
        Cols::Enrolments(c) => enrolment_row(p, c, row, number),
        Cols::Events(c) => event_row(p, c, row, number),
        Cols::Screenings(c) => screening_row(p, c, row, number),
        Cols::Verifications(c) => verification_row(p, c, row, number),
    };
    if let Err(error) = result {
        p.fail(Error::Table(error));
    }
}

/// Reads a cell, placing its problem at `table`, `number`, `column`.
#[inline]
fn at<T>(
    table: Table,
    number: u64,
    column: &'static str,
    read: CellResult<T>,
) -> Result<Option<T>, Fail> {
    read.map_err(|e| {
        let (problem, value) = *e;
        cell(table, number, column, problem, value)
    })
}

/// As [`at`], for a cell that must be given.
#[inline]
fn given<T>(
    table: Table,
    number: u64,
    column: &'static str,
    read: CellResult<T>,
) -> Result<T, Fail> {
    at(table, number, column, read)?
        .ok_or_else(|| cell(table, number, column, Problem::Missing, None))
}

/// A row's yes/no cells (see [`FlagRows`]).
#[inline]
fn flags(table: Table, number: u64, f: &FlagRows, row: usize) -> Result<u16, Fail> {
    f.get(row).map_err(|(column, e)| {
        let (problem, value) = *e;
        cell(table, number, column, problem, value)
    })
}

#[inline]
fn text_cell<T>(
    table: Table,
    number: u64,
    column: &'static str,
    text: Option<&str>,
    parse: impl FnOnce(&str) -> Result<T, Problem>,
) -> Result<Option<T>, Fail> {
    match text {
        None => Ok(None),
        Some(t) => parse(t)
            .map(Some)
            .map_err(|problem| cell(table, number, column, problem, Some(t.to_owned()))),
    }
}

fn household_row(p: &mut Pending, c: &HouseholdCols, row: usize, number: u64) -> Result<(), Fail> {
    const T: Table = Table::Households;
    if let Some(first) = p.household_row {
        return Err(cell(
            T,
            number,
            KEY,
            Problem::RowTwice {
                what: format!("household {:?}", p.key),
                first_row: first,
            },
            Some(p.key.clone()),
        ));
    }
    p.household_row = Some(number);
    let id = text_cell(T, number, KEY, c.key.get(row), HouseholdId::parse_problem)?
        .ok_or_else(|| cell(T, number, KEY, Problem::Missing, None))?;
    let area = given(T, number, "area", c.area.get(row))?;
    let township = text_cell(T, number, "township", c.township.get(row), |t| {
        p.townships.get(t)
    })?;
    let flags = flags(T, number, &c.flags, row)?;
    p.head = Some(HouseholdRow {
        id,
        area,
        township,
        registered_poor: has(flags, 0),
        financial_assets: at(T, number, "financial_assets", c.financial_assets.get(row))?
            .unwrap_or(Money::ZERO),
        non_exempt_vehicle: has(flags, 1),
        unsafe_housing: has(flags, 2),
        no_safe_drinking_water: has(flags, 3),
        return_to_poverty_monitored: has(flags, 4),
        rigid_spending_12_months: at(
            T,
            number,
            "rigid_spending_12_months",
            c.rigid_spending_12_months.get(row),
        )?
        .unwrap_or(Money::ZERO),
        counted_income_12_months: at(
            T,
            number,
            "counted_income_12_months",
            c.counted_income_12_months.get(row),
        )?,
    });
    Ok(())
}

fn person_row(p: &mut Pending, c: &PersonCols, row: usize, number: u64) -> Result<(), Fail> {
    const T: Table = Table::Persons;
    let id = text_cell(
        T,
        number,
        "person_id",
        c.person_id.get(row),
        PersonId::parse_problem,
    )?
    .ok_or_else(|| cell(T, number, "person_id", Problem::Missing, None))?;
    let grade = at(T, number, "disability_grade", c.disability_grade.get(row))?;
    let kind = at(T, number, "disability_kind", c.disability_kind.get(row))?;
    let disability = match (grade, kind) {
        (None, None) => None,
        (Some(grade), Some(kind)) => {
            let grade = Grade::try_from(grade).map_err(|problem| {
                cell(
                    T,
                    number,
                    "disability_grade",
                    problem,
                    Some(grade.to_string()),
                )
            })?;
            Some(Disability { grade, kind })
        }
        (None, Some(_)) => return Err(cell(T, number, "disability_grade", Problem::Missing, None)),
        (Some(_), None) => return Err(cell(T, number, "disability_kind", Problem::Missing, None)),
    };
    let level = at(T, number, "self_care_level", c.self_care_level.get(row))?;
    let unable = at(
        T,
        number,
        "self_care_unable_to",
        c.self_care_unable_to.get(row),
    )?;
    let self_care = match (level, unable) {
        (None, None) => None,
        (Some(level), None) => Some(SelfCare::Level(level)),
        (None, Some(set)) => Some(SelfCare::UnableTo(set)),
        (Some(_), Some(_)) => {
            return Err(cell(
                T,
                number,
                "self_care_unable_to",
                Problem::OneOf {
                    fields: "self_care_level, self_care_unable_to",
                    given: 2,
                },
                None,
            ));
        }
    };
    let parents = Parents::new(
        at(T, number, "father", c.father.get(row))?.unwrap_or_default(),
        at(T, number, "mother", c.mother.get(row))?.unwrap_or_default(),
    );
    let flags = flags(T, number, &c.flags, row)?;
    let facts = PersonFacts {
        id,
        id_number: text_cell(
            T,
            number,
            "id_number",
            c.id_number.get(row),
            ResidentId::parse_problem,
        )?,
        birth_date: given(T, number, "birth_date", c.birth_date.get(row))?,
        sex: given(T, number, "sex", c.sex.get(row))?,
        relation: given(T, number, "relation", c.relation.get(row))?,
        disability,
        serious_illness: has(flags, 0),
        self_care,
        in_school: has(flags, 1),
        incomes: Box::default(),
        rigid_spending: at(T, number, "rigid_spending", c.rigid_spending.get(row))?
            .unwrap_or(Money::ZERO),
        external_benefits: Box::default(),
        status: at(T, number, "status", c.status.get(row))?.unwrap_or_default(),
        legal_supporter: at(T, number, "legal_supporter", c.legal_supporter.get(row))?,
        care_form: at(T, number, "care_form", c.care_form.get(row))?.unwrap_or_default(),
        parents,
        children_all_away: has(flags, 2),
        spouse_away_for_work: has(flags, 3),
        close_relative_of_staff: has(flags, 4),
        uninsured: has(flags, 5),
        counted: Default::default(),
    };
    p.persons.push(facts);
    p.person_rows.push(number);
    Ok(())
}

/// The member a row of a long table names.
fn member_of(p: &Pending, table: Table, number: u64, text: Option<&str>) -> Result<usize, Fail> {
    let text = text.ok_or_else(|| cell(table, number, "person_id", Problem::Missing, None))?;
    p.member(text).ok_or_else(|| {
        cell(
            table,
            number,
            "person_id",
            Problem::UnknownMember {
                id: text.chars().take(80).collect(),
            },
            Some(text.to_owned()),
        )
    })
}

fn item_row<K: Copy>(
    p: &Pending,
    c: &ItemCols<K>,
    row: usize,
    number: u64,
    table: Table,
    kind_column: &'static str,
) -> Result<(usize, K, Money), Fail> {
    let member = member_of(p, table, number, c.person_id.get(row))?;
    let kind = given(table, number, kind_column, c.kind.get(row))?;
    let monthly = given(table, number, "monthly", c.monthly.get(row))?;
    Ok((member, kind, monthly))
}

fn enrolment_row(p: &mut Pending, c: &EnrolmentCols, row: usize, number: u64) -> Result<(), Fail> {
    const T: Table = Table::Enrolments;
    let person = match c.person_id.get(row) {
        None => None,
        Some(text) => {
            let m = member_of(p, T, number, Some(text))?;
            p.persons.get(m).map(|person| person.id.clone())
        }
    };
    let program = text_cell(T, number, "program", c.program.get(row), |text| {
        ProgramId::parse(text).ok_or_else(|| Problem::UnknownProgram {
            name: text.chars().take(80).collect(),
        })
    })?
    .ok_or_else(|| cell(T, number, "program", Problem::Missing, None))?;
    let since = given(T, number, "since", c.since.get(row))?;
    let mut enrolment = match person {
        Some(person) => Enrolment::person(program, person, since),
        None => Enrolment::household(program, since),
    };
    if let Some(amount) = at(T, number, "monthly_amount", c.monthly_amount.get(row))? {
        enrolment = enrolment.with_monthly_amount(amount);
    }
    if let Some(rose) = at(T, number, "income_rose_in", c.income_rose_in.get(row))? {
        enrolment = enrolment.with_income_rose_in(rose);
    }
    if let Some(review) = at(T, number, "last_review", c.last_review.get(row))? {
        enrolment = enrolment.with_last_review(review);
    }
    p.enrolments.push(enrolment);
    p.enrolment_rows.push(number);
    Ok(())
}

fn event_row(p: &mut Pending, c: &EventCols, row: usize, number: u64) -> Result<(), Fail> {
    const T: Table = Table::Events;
    let event = Event::new(
        given(T, number, "month", c.month.get(row))?,
        given(T, number, "kind", c.kind.get(row))?,
        given(T, number, "shortfall", c.shortfall.get(row))?,
    );
    p.events.push(event);
    p.event_rows.push(number);
    Ok(())
}

fn screening_row(p: &mut Pending, c: &ScreeningCols, row: usize, number: u64) -> Result<(), Fail> {
    const T: Table = Table::Screenings;
    let member = member_of(p, T, number, c.person_id.get(row))?;
    let month = given(T, number, "month", c.month.get(row))?;
    let person = p
        .persons
        .get(member)
        .map(|person| person.id.clone())
        .ok_or_else(|| cell(T, number, "person_id", Problem::Missing, None))?;
    p.screenings.push(Screening::new(person, month));
    p.screening_rows.push(number);
    Ok(())
}

/// A row of `verifications`, taken as given: which cells its fact needs and which it must
/// leave empty is checked with the household, as for JSON, and placed at this row.
fn verification_row(
    p: &mut Pending,
    c: &VerificationCols,
    row: usize,
    number: u64,
) -> Result<(), Fail> {
    const T: Table = Table::Verifications;
    let person = match c.person_id.get(row) {
        None => None,
        Some(text) => {
            let m = member_of(p, T, number, Some(text))?;
            p.persons.get(m).map(|person| person.id.clone())
        }
    };
    let fact = given(T, number, "fact", c.fact.get(row))?;
    let amount = at(T, number, "amount", c.amount.get(row))?;
    let income = fact == VerifiedFact::Income;
    p.verifications.push(Verification {
        fact,
        person,
        category: at(T, number, "category", c.category.get(row))?,
        // The table has one amount column: an income's monthly amount, or the assets.
        monthly: amount.filter(|_| income),
        amount: amount.filter(|_| !income),
        value: at(T, number, "value", c.value.get_given(row))?,
        department: given(T, number, "department", c.department.get(row))?,
        as_of: given(T, number, "as_of", c.as_of.get(row))?,
    });
    p.verification_rows.push(number);
    Ok(())
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
