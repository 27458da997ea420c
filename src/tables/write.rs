//! The input tables in memory: [`Tables`], made from households or filled with record
//! batches, and read back as households.

use std::sync::Arc;

use arrow_array::builder::{
    BooleanBuilder, Date32Builder, Decimal128Builder, StringBuilder, UInt8Builder,
};
use arrow_array::{ArrayRef, RecordBatch, UInt32Array};
use chrono::Datelike;

use super::assemble::{Assembler, Numbering, Read, Step, check_columns, compare};
use super::chunks::{Part, Source};
use super::columns::{EMPTY_SET, Text};
use super::output::optional_dictionary;
use super::{KEY, MONEY_PRECISION, Table};
use crate::error::{Error, Problem, TableError};
use crate::model::flags::{Flag, FlagSet};
use crate::model::{
    Area, CareForm, CareLevel, DailyActivity, DisabilityKind, EventKind, ExternalBenefitKind,
    Household, IncomeCategory, LegalSupporter, ParentSituation, PersonStatus, Relation, SelfCare,
    Sex, VerifiedValue,
};
use crate::model::{Department, VerifiedFact};
use crate::money::Money;

/// Households written per batch by the writers.
pub(crate) const BATCH_HOUSEHOLDS: usize = 8192;

/// The eight input tables in memory, each as record batches.
///
/// Fill it with batches from anywhere ([`Tables::push`]), or make it from households
/// ([`Tables::from_households`]); read it back as households with [`Tables::households`]
/// or evaluate it with [`super::evaluate`].
#[derive(Debug, Clone, Default)]
pub struct Tables {
    batches: [Vec<RecordBatch>; super::INPUT_TABLES],
    /// Per table, whether its batches are in household order, followed as they are
    /// added: the readers then need not check it on every read.
    order: [KeyOrder; super::INPUT_TABLES],
}

impl Tables {
    /// No tables.
    pub fn new() -> Tables {
        Tables::default()
    }

    /// Adds `batch` to `table` (an input table). Batches of one table may differ in which
    /// optional columns they have. Whether the table's rows are still in order of household
    /// is noted here, once, so that a read of tables in order does not check it again.
    ///
    /// # Errors
    ///
    /// [`Error::Table`] when `table` is an output table.
    pub fn push(&mut self, table: Table, batch: RecordBatch) -> Result<(), Error> {
        let Some(list) = table.input_index().and_then(|i| self.batches.get_mut(i)) else {
            return Err(TableError::whole(
                table.name(),
                Problem::WrongType {
                    found: "an output table".into(),
                    expected: "an input table".into(),
                },
            ));
        };
        let batch = super::columns::nfc_ids(batch);
        if let Some(order) = table.input_index().and_then(|i| self.order.get_mut(i)) {
            order.follow(&batch);
        }
        list.push(batch);
        Ok(())
    }

    /// The batches of `table` (none for an output table).
    pub fn batches(&self, table: Table) -> &[RecordBatch] {
        table
            .input_index()
            .and_then(|i| self.batches.get(i))
            .map_or(&[], Vec::as_slice)
    }

    /// The number of rows of `table`.
    pub fn rows(&self, table: Table) -> usize {
        self.batches(table).iter().map(RecordBatch::num_rows).sum()
    }

    /// The tables of `households`, in order of household id (the order the readers stream
    /// without sorting), in batches of 8,192 households.
    pub fn from_households<'a, I>(households: I) -> Tables
    where
        I: IntoIterator<Item = &'a Household>,
    {
        let mut sorted: Vec<&Household> = households.into_iter().collect();
        sorted.sort_by(|a, b| a.id().as_str().cmp(b.id().as_str()));
        let mut out = Tables::new();
        for chunk in sorted.chunks(BATCH_HOUSEHOLDS) {
            for (list, batch) in out.batches.iter_mut().zip(write_chunk(chunk)) {
                if batch.num_rows() > 0 {
                    list.push(batch);
                }
            }
        }
        // Every table is given, if only with no rows.
        for (list, table) in out.batches.iter_mut().zip(Table::INPUTS) {
            if list.is_empty() {
                list.push(RecordBatch::new_empty(table.schema()));
            }
        }
        // Written in order of household id: each table's order is known, and only its last
        // key is looked up (for batches pushed after).
        for (list, order) in out.batches.iter().zip(&mut out.order) {
            *order = KeyOrder::sorted_ending(list.last());
        }
        out
    }

    /// The households of the tables, in order of household id, each checked as
    /// [`Household::from_json`] checks it; a household whose rows fail is an
    /// [`Error::Table`] naming the table, row, column and value, and the others are still
    /// read. Tables whose rows are not sorted by household are sorted first (in memory).
    ///
    /// # Errors
    ///
    /// [`Error::Table`] when a table's columns do not fit it (a required column missing,
    /// a column of the wrong type or one the table does not have), or `households` or
    /// `persons` is not given.
    pub fn households(&self) -> Result<Households<'_>, Error> {
        Ok(Households {
            assembler: Assembler::default(),
            feeds: self.ordered()?,
            done: false,
        })
    }

    /// Each table's batches in household order, their columns checked.
    fn ordered(&self) -> Result<Vec<Ordered<'_>>, Error> {
        let mut feeds = Vec::with_capacity(Table::INPUTS.len());
        for table in Table::INPUTS {
            let batches = self.batches(table);
            if table.is_required() && batches.is_empty() {
                return Err(TableError::whole(table.name(), Problem::Missing));
            }
            for batch in batches {
                check_columns(table, batch)?;
            }
            let in_order = table
                .input_index()
                .and_then(|i| self.order.get(i))
                .is_some_and(|o| !o.broken);
            feeds.push(Ordered::of(table, batches, in_order)?);
        }
        Ok(feeds)
    }

    /// The tables as a source of batches for a run.
    pub(crate) fn source(&self) -> Result<MemorySource<'_>, Error> {
        Ok(MemorySource {
            feeds: self.ordered()?,
            next: [0; super::INPUT_TABLES],
        })
    }
}

/// The batches of [`Tables`] for a run, in household order.
pub(crate) struct MemorySource<'a> {
    feeds: Vec<Ordered<'a>>,
    /// The position of the next row of each table.
    next: [u64; super::INPUT_TABLES],
}

impl Source for MemorySource<'_> {
    fn next(&mut self, table: Table) -> Option<Result<Part, Error>> {
        let i = table.input_index()?;
        let next = self.next.get_mut(i)?;
        match self.feeds.get_mut(i)? {
            Ordered::AsGiven(batches) => {
                let batch = batches.next()?.clone();
                let numbering = Numbering::From(*next);
                *next = next.saturating_add(batch.num_rows() as u64);
                Some(Ok(Part { batch, numbering }))
            }
            Ordered::Sorted(slot) => {
                let (batch, positions) = slot.take()?;
                Some(Ok(Part {
                    batch,
                    numbering: Numbering::Listed(positions, 0),
                }))
            }
        }
    }
}

/// One table's batches in household order: as given when they are in order, sorted
/// otherwise (with each row's position kept for errors).
enum Ordered<'a> {
    AsGiven(std::slice::Iter<'a, RecordBatch>),
    Sorted(Option<(RecordBatch, Arc<[u64]>)>),
}

impl<'a> Ordered<'a> {
    /// The batches of `table`, `in_order` when their keys are known to be in order.
    fn of(table: Table, batches: &'a [RecordBatch], in_order: bool) -> Result<Ordered<'a>, Error> {
        if in_order {
            return Ok(Ordered::AsGiven(batches.iter()));
        }
        let Some(first) = batches.first() else {
            return Ok(Ordered::AsGiven(batches.iter()));
        };
        // Batches of other columns cannot be put together (Arrow's concatenation would
        // index past the shorter ones): refused, naming the table.
        if let Some(other) = batches
            .iter()
            .find(|b| b.schema_ref() != first.schema_ref())
        {
            return Err(TableError::whole(
                table.name(),
                Problem::ColumnType {
                    found: format!(
                        "batches of different columns ({} and {})",
                        first.num_columns(),
                        other.num_columns()
                    ),
                    expected: "batches of one schema, when the rows are not sorted by household_id",
                },
            ));
        }
        let all = arrow_select::concat::concat_batches(first.schema_ref(), batches).map_err(|e| {
            TableError::whole(table.name(), Problem::ColumnType {
                    found: format!("batches of different columns ({e})"),
                    expected: "batches of one schema, when the rows are not sorted by household_id",
                })
        })?;
        let keys = all
            .column_by_name(KEY)
            .and_then(Text::of)
            .unwrap_or(Text::Absent);
        let rows = u32::try_from(all.num_rows()).unwrap_or(u32::MAX);
        let mut order: Vec<u32> = (0..rows).collect();
        let key = |row: u32| keys.get(usize::try_from(row).unwrap_or(usize::MAX));
        // Stable: rows of one household keep their order. Nulls first (each is an error).
        order.sort_by(|&a, &b| key(a).cmp(&key(b)));
        let indices = UInt32Array::from(order.clone());
        let sorted = arrow_select::take::take_record_batch(&all, &indices).map_err(|e| {
            TableError::whole(
                table.name(),
                Problem::ReadFailed {
                    what: format!("the {} table", table.name()),
                    cause: crate::error::Cause::new(e),
                },
            )
        })?;
        let positions: Arc<[u64]> = order.into_iter().map(u64::from).collect();
        Ok(Ordered::Sorted(Some((sorted, positions))))
    }
}

/// Whether a table's batches, taken one after another, have every non-null
/// `household_id` at or after the one before.
#[derive(Debug, Clone, Default)]
pub(crate) struct KeyOrder {
    /// A key came before the one before it.
    broken: bool,
    /// The last non-null key so far.
    last: Option<String>,
}

impl KeyOrder {
    /// In order, the last batch being `last` (the order of batches known by construction).
    fn sorted_ending(last: Option<&RecordBatch>) -> KeyOrder {
        let keys = last.and_then(|b| b.column_by_name(KEY)).and_then(Text::of);
        let last = keys.and_then(|k| {
            let rows = last.map_or(0, RecordBatch::num_rows);
            (0..rows)
                .rev()
                .find_map(|row| k.get(row).map(str::to_owned))
        });
        KeyOrder {
            broken: false,
            last,
        }
    }

    /// Takes in the keys of `batch`, the next batch: whether all keys so far are in order.
    /// A batch without the key column is passed over (the readers name the column).
    pub(crate) fn follow(&mut self, batch: &RecordBatch) -> bool {
        if self.broken {
            return false;
        }
        let Some(keys) = batch.column_by_name(KEY).and_then(Text::of) else {
            return true;
        };
        let mut last: Option<&str> = None;
        for row in 0..batch.num_rows() {
            let Some(key) = keys.get(row) else {
                continue;
            };
            if last
                .or(self.last.as_deref())
                .is_some_and(|before| compare(key, before).is_lt())
            {
                self.broken = true;
                return false;
            }
            last = Some(key);
        }
        if let Some(key) = last {
            self.last = Some(key.to_owned());
        }
        true
    }
}

/// The households of [`Tables::households`].
pub struct Households<'a> {
    assembler: Assembler,
    feeds: Vec<Ordered<'a>>,
    done: bool,
}

impl std::fmt::Debug for Households<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Households").finish_non_exhaustive()
    }
}

impl Households<'_> {
    /// The next household or failed household; `Err` when the tables cannot be read on
    /// (the last item).
    pub(crate) fn next_read(&mut self) -> Option<Result<Read, Error>> {
        if self.done {
            return None;
        }
        loop {
            let step = match self.assembler.step() {
                Ok(step) => step,
                Err(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
            };
            match step {
                Step::Done => {
                    self.done = true;
                    return None;
                }
                Step::Household(household) => {
                    return Some(Ok(Read::of(household, self.assembler.person_rows())));
                }
                Step::Failed { household, error } => {
                    return Some(Ok(Read::failed(household, error)));
                }
                Step::Need(table) => {
                    let feed = table.input_index().and_then(|i| self.feeds.get_mut(i));
                    let pushed = match feed {
                        Some(Ordered::AsGiven(batches)) => match batches.next() {
                            Some(batch) => self.assembler.push(table, batch),
                            None => {
                                self.assembler.finish(table);
                                Ok(())
                            }
                        },
                        Some(Ordered::Sorted(slot)) => match slot.take() {
                            Some((batch, positions)) => self.assembler.push_numbered(
                                table,
                                &batch,
                                Numbering::Listed(positions, 0),
                            ),
                            None => {
                                self.assembler.finish(table);
                                Ok(())
                            }
                        },
                        None => {
                            self.assembler.finish(table);
                            Ok(())
                        }
                    };
                    if let Err(e) = pushed {
                        self.done = true;
                        return Some(Err(e));
                    }
                }
            }
        }
    }
}

impl Iterator for Households<'_> {
    type Item = Result<Household, Error>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_read().map(|read| read.and_then(|r| r.household))
    }
}

/// The wire name of `value`.
fn wire<T: Copy + PartialEq>(names: &[(&'static str, T)], value: T) -> &'static str {
    names
        .iter()
        .find(|(_, v)| *v == value)
        .map_or("", |(n, _)| *n)
}

/// A set's cell: names joined by commas, `none` when `empty_is_none` and the set is empty
/// (null otherwise).
fn set_cell<T: Flag + PartialEq>(
    out: &mut StringBuilder,
    set: FlagSet<T>,
    names: &[(&'static str, T)],
    empty_is_none: bool,
) {
    if set.is_empty() {
        if empty_is_none {
            out.append_value(EMPTY_SET);
        } else {
            out.append_null();
        }
        return;
    }
    let mut text = String::new();
    for (i, flag) in set.iter().enumerate() {
        if i > 0 {
            text.push(',');
        }
        text.push_str(wire(names, flag));
    }
    out.append_value(&text);
}

/// An input amount as a `Decimal128(15, 2)` mantissa (checked amounts are whole fen).
fn fen(amount: Money) -> i128 {
    amount.to_fen().map_or(0, i128::from)
}

fn money_builder(capacity: usize) -> Decimal128Builder {
    Decimal128Builder::with_capacity(capacity)
        .with_precision_and_scale(MONEY_PRECISION.0, MONEY_PRECISION.1)
        .unwrap_or_else(|_| Decimal128Builder::with_capacity(capacity))
}

fn flag(out: &mut BooleanBuilder, yes: bool) {
    if yes {
        out.append_value(true);
    } else {
        out.append_null();
    }
}

fn days(date: chrono::NaiveDate) -> i32 {
    date.num_days_from_ce().saturating_sub(719_163)
}

fn batch(table: Table, columns: Vec<ArrayRef>) -> RecordBatch {
    // The columns are built to the table's own schema.
    RecordBatch::try_new(table.schema(), columns)
        .unwrap_or_else(|_| RecordBatch::new_empty(table.schema()))
}

/// An enum column as the writers give it: a dictionary whose values are all the enum's wire
/// names in order, a key a row (null: not given), so that a reader matches each name once
/// a batch rather than once a row.
struct NameColumn<T: 'static> {
    names: &'static [(&'static str, T)],
    keys: Vec<Option<i16>>,
}

impl<T: Copy + PartialEq> NameColumn<T> {
    fn new(names: &'static [(&'static str, T)], rows: usize) -> NameColumn<T> {
        NameColumn {
            names,
            keys: Vec::with_capacity(rows),
        }
    }

    fn push(&mut self, value: T) {
        // Every value has its wire name (`wire_names!` checks it when the crate compiles).
        let key = self
            .names
            .iter()
            .position(|(_, v)| *v == value)
            .and_then(|i| i16::try_from(i).ok());
        self.keys.push(key);
    }

    fn push_null(&mut self) {
        self.keys.push(None);
    }

    fn push_option(&mut self, value: Option<T>) {
        match value {
            Some(value) => self.push(value),
            None => self.push_null(),
        }
    }

    fn finish(self) -> ArrayRef {
        let names: Vec<&str> = self.names.iter().map(|(n, _)| *n).collect();
        optional_dictionary(self.keys, super::output::names(&names))
    }
}

/// The eight tables of `households`, one batch each.
pub(crate) fn write_chunk(households: &[&Household]) -> [RecordBatch; super::INPUT_TABLES] {
    let n = households.len();
    let persons: usize = households.iter().map(|h| h.members().len()).sum();

    // households
    let mut h_key = StringBuilder::with_capacity(n, n.saturating_mul(12));
    let mut h_area = NameColumn::new(Area::WIRE, n);
    let mut h_township = StringBuilder::with_capacity(n, n.saturating_mul(8));
    let mut h_poor = BooleanBuilder::with_capacity(n);
    let mut h_assets = money_builder(n);
    let mut h_vehicle = BooleanBuilder::with_capacity(n);
    let mut h_housing = BooleanBuilder::with_capacity(n);
    let mut h_water = BooleanBuilder::with_capacity(n);
    let mut h_monitored = BooleanBuilder::with_capacity(n);
    let mut h_rigid = money_builder(n);
    let mut h_income = money_builder(n);

    // persons
    let mut p_key = StringBuilder::with_capacity(persons, persons.saturating_mul(12));
    let mut p_id = StringBuilder::with_capacity(persons, persons.saturating_mul(12));
    let mut p_number = StringBuilder::with_capacity(persons, 0);
    let mut p_birth = Date32Builder::with_capacity(persons);
    let mut p_sex = NameColumn::new(Sex::WIRE, persons);
    let mut p_relation = NameColumn::new(Relation::WIRE, persons);
    let mut p_grade = UInt8Builder::with_capacity(persons);
    let mut p_kind = NameColumn::new(DisabilityKind::WIRE, persons);
    let mut p_ill = BooleanBuilder::with_capacity(persons);
    let mut p_level = NameColumn::new(CareLevel::WIRE, persons);
    let mut p_unable = StringBuilder::with_capacity(persons, 0);
    let mut p_school = BooleanBuilder::with_capacity(persons);
    let mut p_rigid = money_builder(persons);
    let mut p_status = StringBuilder::with_capacity(persons, 0);
    let mut p_supporter = NameColumn::new(LegalSupporter::WIRE, persons);
    let mut p_form = NameColumn::new(CareForm::WIRE, persons);
    let mut p_father = NameColumn::new(ParentSituation::WIRE, persons);
    let mut p_mother = NameColumn::new(ParentSituation::WIRE, persons);
    let mut p_away = BooleanBuilder::with_capacity(persons);
    let mut p_spouse = BooleanBuilder::with_capacity(persons);
    let mut p_staff = BooleanBuilder::with_capacity(persons);
    let mut p_uninsured = BooleanBuilder::with_capacity(persons);

    // incomes and external benefits
    let mut i_key = StringBuilder::new();
    let mut i_person = StringBuilder::new();
    let mut i_category = NameColumn::new(IncomeCategory::WIRE, 0);
    let mut i_monthly = money_builder(0);
    let mut b_key = StringBuilder::new();
    let mut b_person = StringBuilder::new();
    let mut b_kind = NameColumn::new(ExternalBenefitKind::WIRE, 0);
    let mut b_monthly = money_builder(0);

    // enrolments, events, screenings
    let mut e_key = StringBuilder::new();
    let mut e_person = StringBuilder::new();
    let mut e_program = StringBuilder::new();
    let mut e_since = StringBuilder::new();
    let mut e_amount = money_builder(0);
    let mut e_rose = StringBuilder::new();
    let mut e_review = StringBuilder::new();
    let mut v_key = StringBuilder::new();
    let mut v_month = StringBuilder::new();
    let mut v_kind = NameColumn::new(EventKind::WIRE, 0);
    let mut v_shortfall = money_builder(0);
    let mut s_key = StringBuilder::new();
    let mut s_person = StringBuilder::new();
    let mut s_month = StringBuilder::new();

    // verifications
    let mut c_key = StringBuilder::new();
    let mut c_fact = NameColumn::new(VerifiedFact::WIRE, 0);
    let mut c_person = StringBuilder::new();
    let mut c_category = NameColumn::new(IncomeCategory::WIRE, 0);
    let mut c_amount = money_builder(0);
    let mut c_value = BooleanBuilder::new();
    let mut c_department = NameColumn::new(Department::WIRE, 0);
    let mut c_as_of = Date32Builder::new();

    for h in households {
        let key = h.id().as_str();
        h_key.append_value(key);
        h_area.push(h.area());
        h_township.append_option(h.township().map(|t| t.as_str()));
        flag(&mut h_poor, h.is_registered_poor());
        if h.financial_assets().is_zero() {
            h_assets.append_null();
        } else {
            h_assets.append_value(fen(h.financial_assets()));
        }
        flag(&mut h_vehicle, h.has_non_exempt_vehicle());
        flag(&mut h_housing, h.has_unsafe_housing());
        flag(&mut h_water, h.lacks_safe_drinking_water());
        flag(&mut h_monitored, h.is_return_to_poverty_monitored());
        if h.rigid_spending_12_months().is_zero() {
            h_rigid.append_null();
        } else {
            h_rigid.append_value(fen(h.rigid_spending_12_months()));
        }
        match h.counted_income_12_months() {
            Some(income) => h_income.append_value(fen(income)),
            None => h_income.append_null(),
        }

        for p in h.members() {
            p_key.append_value(key);
            p_id.append_value(p.id().as_str());
            p_number.append_option(p.id_number().map(|n| n.expose()));
            p_birth.append_value(days(p.birth_date()));
            p_sex.push(p.sex());
            p_relation.push(p.relation());
            match p.disability() {
                Some(d) => {
                    p_grade.append_value(d.grade().get());
                    p_kind.push(d.kind());
                }
                None => {
                    p_grade.append_null();
                    p_kind.push_null();
                }
            }
            flag(&mut p_ill, p.has_serious_illness());
            match p.self_care() {
                None => {
                    p_level.push_null();
                    p_unable.append_null();
                }
                Some(SelfCare::Level(level)) => {
                    p_level.push(level);
                    p_unable.append_null();
                }
                Some(SelfCare::UnableTo(set)) => {
                    p_level.push_null();
                    set_cell(&mut p_unable, set, DailyActivity::WIRE, true);
                }
            }
            flag(&mut p_school, p.is_in_school());
            if p.rigid_spending().is_zero() {
                p_rigid.append_null();
            } else {
                p_rigid.append_value(fen(p.rigid_spending()));
            }
            set_cell(&mut p_status, p.status(), PersonStatus::WIRE, false);
            p_supporter.push_option(p.legal_supporter());
            match p.care_form() {
                CareForm::Dispersed => p_form.push_null(),
                other => p_form.push(other),
            }
            let parent = |out: &mut NameColumn<ParentSituation>, s: ParentSituation| match s {
                ParentSituation::Present => out.push_null(),
                other => out.push(other),
            };
            parent(&mut p_father, p.parents().father());
            parent(&mut p_mother, p.parents().mother());
            flag(&mut p_away, p.children_all_away());
            flag(&mut p_spouse, p.spouse_away_for_work());
            flag(&mut p_staff, p.is_close_relative_of_staff());
            flag(&mut p_uninsured, p.is_uninsured());

            for income in p.incomes() {
                i_key.append_value(key);
                i_person.append_value(p.id().as_str());
                i_category.push(income.category());
                i_monthly.append_value(fen(income.monthly()));
            }
            for benefit in p.external_benefits() {
                b_key.append_value(key);
                b_person.append_value(p.id().as_str());
                b_kind.push(benefit.kind());
                b_monthly.append_value(fen(benefit.monthly()));
            }
        }
        for e in h.enrolments() {
            e_key.append_value(key);
            e_person.append_option(e.member().map(|p| p.as_str()));
            e_program.append_value(e.program().to_string());
            e_since.append_value(e.since().to_string());
            match e.monthly_amount() {
                Some(a) => e_amount.append_value(fen(a)),
                None => e_amount.append_null(),
            }
            e_rose.append_option(e.income_rose_in().map(|m| m.to_string()));
            e_review.append_option(e.recorded_review().map(|m| m.to_string()));
        }
        for v in h.events() {
            v_key.append_value(key);
            v_month.append_value(v.month().to_string());
            v_kind.push(v.kind());
            v_shortfall.append_value(fen(v.shortfall()));
        }
        for s in h.screenings() {
            s_key.append_value(key);
            s_person.append_value(s.person().as_str());
            s_month.append_value(s.month().to_string());
        }
        for v in h.verifications() {
            c_key.append_value(key);
            c_fact.push(v.fact());
            match v.income_of() {
                Some((person, category)) => {
                    c_person.append_value(person.as_str());
                    c_category.push(category);
                }
                None => {
                    c_person.append_null();
                    c_category.push_null();
                }
            }
            match v.value() {
                VerifiedValue::Amount(amount) => {
                    c_amount.append_value(fen(amount));
                    c_value.append_null();
                }
                VerifiedValue::Flag(value) => {
                    c_amount.append_null();
                    c_value.append_value(value);
                }
            }
            c_department.push(v.department());
            c_as_of.append_value(days(v.as_of()));
        }
    }

    fn a<B: arrow_array::builder::ArrayBuilder>(mut b: B) -> ArrayRef {
        b.finish()
    }
    [
        batch(
            Table::Households,
            vec![
                a(h_key),
                h_area.finish(),
                a(h_township),
                a(h_poor),
                a(h_assets),
                a(h_vehicle),
                a(h_housing),
                a(h_water),
                a(h_monitored),
                a(h_rigid),
                a(h_income),
            ],
        ),
        batch(
            Table::Persons,
            vec![
                a(p_key),
                a(p_id),
                a(p_number),
                a(p_birth),
                p_sex.finish(),
                p_relation.finish(),
                a(p_grade),
                p_kind.finish(),
                a(p_ill),
                p_level.finish(),
                a(p_unable),
                a(p_school),
                a(p_rigid),
                a(p_status),
                p_supporter.finish(),
                p_form.finish(),
                p_father.finish(),
                p_mother.finish(),
                a(p_away),
                a(p_spouse),
                a(p_staff),
                a(p_uninsured),
            ],
        ),
        batch(
            Table::Incomes,
            vec![a(i_key), a(i_person), i_category.finish(), a(i_monthly)],
        ),
        batch(
            Table::ExternalBenefits,
            vec![a(b_key), a(b_person), b_kind.finish(), a(b_monthly)],
        ),
        batch(
            Table::Enrolments,
            vec![
                a(e_key),
                a(e_person),
                a(e_program),
                a(e_since),
                a(e_amount),
                a(e_rose),
                a(e_review),
            ],
        ),
        batch(
            Table::Events,
            vec![a(v_key), a(v_month), v_kind.finish(), a(v_shortfall)],
        ),
        batch(Table::Screenings, vec![a(s_key), a(s_person), a(s_month)]),
        batch(
            Table::Verifications,
            vec![
                a(c_key),
                c_fact.finish(),
                a(c_person),
                c_category.finish(),
                a(c_amount),
                a(c_value),
                c_department.finish(),
                a(c_as_of),
            ],
        ),
    ]
}
