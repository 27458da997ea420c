//! Reading cells: one accessor per kind of fact, made once per record batch after its
//! column's type is checked, then read row by row without further checks of type.
//!
//! Every accessor accepts the column's native Arrow types and text (a CSV file is read as
//! text), and has an `Absent` form for an optional column the table does not have: its
//! cells read as not given.

use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::{Decimal32Type, Decimal64Type, Decimal128Type};
use arrow_array::{
    Array, ArrayRef, BooleanArray, Date32Array, GenericListArray, Int64Array, LargeStringArray,
    PrimitiveArray, RecordBatch, StringArray, StringViewArray,
};
use arrow_schema::DataType;
use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::Table;
use crate::error::{Error, Problem, TableError};
use crate::model::flags::{Flag, FlagSet};
use crate::money::Money;
use crate::period::{FIRST_YEAR, LAST_YEAR, Month};

/// The error of a whole column.
pub(super) fn column_error(table: Table, column: &str, problem: Problem) -> Error {
    Error::from(TableError {
        table: table.name(),
        row: None,
        column: Some(column.to_owned()),
        value: None,
        problem,
    })
}

/// Text cells: any of Arrow's string layouts (a dictionary of strings is decoded once per
/// batch).
#[derive(Debug, Clone)]
pub(super) enum Text {
    Absent,
    Utf8(StringArray),
    Large(LargeStringArray),
    View(StringViewArray),
}

impl Text {
    /// The accessor for `array`, if it holds text.
    pub(super) fn of(array: &ArrayRef) -> Option<Text> {
        match array.data_type() {
            DataType::Utf8 => array.as_string_opt::<i32>().cloned().map(Text::Utf8),
            DataType::LargeUtf8 => array.as_string_opt::<i64>().cloned().map(Text::Large),
            DataType::Utf8View => array.as_string_view_opt().cloned().map(Text::View),
            DataType::Null => Some(Text::Absent),
            DataType::Dictionary(_, values)
                if matches!(
                    values.as_ref(),
                    DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View
                ) =>
            {
                let plain = arrow_cast::cast(array.as_ref(), &DataType::Utf8).ok()?;
                plain.as_string_opt::<i32>().cloned().map(Text::Utf8)
            }
            _ => None,
        }
    }

    /// The cell's text, or `None` when it is null.
    #[inline]
    pub(super) fn get(&self, row: usize) -> Option<&str> {
        match self {
            Text::Absent => None,
            Text::Utf8(a) => (!a.is_null(row)).then(|| a.value(row)),
            Text::Large(a) => (!a.is_null(row)).then(|| a.value(row)),
            Text::View(a) => (!a.is_null(row)).then(|| a.value(row)),
        }
    }
}

const TEXT: &str = "text (Utf8, LargeUtf8, Utf8View or a dictionary of text)";

/// A cell's problem, with the text of the cell.
/// A cell's problem, boxed: cells are read by the million and fail seldom, so the result
/// stays small.
pub(super) type CellResult<T> = std::result::Result<Option<T>, Box<(Problem, Option<String>)>>;

fn refuse<T>(problem: Problem, text: &str) -> CellResult<T> {
    Err(Box::new((problem, Some(text.to_owned()))))
}

/// Yes/no cells: Arrow booleans, or the text `true` / `false`, decoded once per batch
/// into one bit a row (a null cell is no, the fact not given).
#[derive(Debug, Clone)]
pub(super) struct Flags {
    /// The yes bits, one a row; `None` when no cell says yes.
    yes: Option<arrow_buffer::BooleanBuffer>,
    /// The rows whose text is neither `true` nor `false`, in order.
    bad: Vec<usize>,
    /// The cells as text, to name a bad one.
    text: Text,
    /// The cells given, one a row; `None` when every cell is.
    given: Option<arrow_buffer::BooleanBuffer>,
}

impl Flags {
    fn of_bools(a: &BooleanArray) -> Flags {
        let values = a.values();
        let yes = match a.nulls() {
            Some(nulls) => values & nulls.inner(),
            None => values.clone(),
        };
        Flags {
            yes: (yes.count_set_bits() > 0).then_some(yes),
            bad: Vec::new(),
            text: Text::Absent,
            given: a.nulls().map(|n| n.inner().clone()),
        }
    }

    fn of_text(text: Text, rows: usize) -> Flags {
        let mut yes = arrow_buffer::BooleanBufferBuilder::new(rows);
        let mut bad = Vec::new();
        let mut any = false;
        let mut given = arrow_buffer::BooleanBufferBuilder::new(rows);
        for row in 0..rows {
            let cell = text.get(row);
            given.append(cell.is_some());
            let value = matches!(cell, Some("true"));
            if !matches!(cell, None | Some("true" | "false")) {
                bad.push(row);
            }
            any |= value;
            yes.append(value);
        }
        Flags {
            yes: any.then(|| yes.finish()),
            bad,
            text,
            given: Some(given.finish()),
        }
    }

    /// The cell: yes, or no (also when not given).
    #[inline]
    pub(super) fn get(&self, row: usize) -> CellResult<bool> {
        if !self.bad.is_empty() && self.bad.binary_search(&row).is_ok() {
            let cell = self.text.get(row).unwrap_or_default();
            return refuse(
                Problem::NotOneOf {
                    found: format!("{cell:?}"),
                    allowed: "true, false".to_owned(),
                },
                cell,
            );
        }
        Ok(Some(
            self.yes
                .as_ref()
                .is_some_and(|y| row < y.len() && y.value(row)),
        ))
    }
}

impl Flags {
    /// The cell: yes, no, or `None` when not given (for a fact where not given is not no).
    #[inline]
    pub(super) fn get_given(&self, row: usize) -> CellResult<bool> {
        if self
            .given
            .as_ref()
            .is_some_and(|g| row >= g.len() || !g.value(row))
        {
            return Ok(None);
        }
        self.get(row)
    }
}

/// Money cells: Arrow decimals with a scale of 0 to 2, or text such as `620.00`. Binary
/// floating point and integers are refused when the column is picked.
#[derive(Debug, Clone)]
pub(super) enum Amounts {
    D32(PrimitiveArray<Decimal32Type>, u32),
    D64(PrimitiveArray<Decimal64Type>, u32),
    D128(PrimitiveArray<Decimal128Type>, u32),
    Text(Text),
}

impl Amounts {
    pub(super) fn get(&self, row: usize) -> CellResult<Money> {
        let (mantissa, scale) = match self {
            Amounts::D32(a, s) => {
                if a.is_null(row) {
                    return Ok(None);
                }
                (i128::from(a.value(row)), *s)
            }
            Amounts::D64(a, s) => {
                if a.is_null(row) {
                    return Ok(None);
                }
                (i128::from(a.value(row)), *s)
            }
            Amounts::D128(a, s) => {
                if a.is_null(row) {
                    return Ok(None);
                }
                (a.value(row), *s)
            }
            Amounts::Text(t) => {
                let Some(text) = t.get(row) else {
                    return Ok(None);
                };
                return match Money::parse_problem(text) {
                    Ok(money) => match money.input_problem() {
                        None => Ok(Some(money)),
                        Some(p) => refuse(p, text),
                    },
                    Err(p) => refuse(p, text),
                };
            }
        };
        // Scale 0 to 2: never finer than a fen, so only the sign and the limit are checked.
        let limit = usize::try_from(scale)
            .ok()
            .and_then(|s| crate::money::MAX_MANTISSA.get(s))
            .copied()
            .unwrap_or(-1);
        if (0..=limit).contains(&mantissa) {
            return Ok(Some(Money::exact(Decimal::from_i128_with_scale(
                mantissa, scale,
            ))));
        }
        // A mantissa beyond rust_decimal's 96 bits is far beyond the crate's limit.
        let money = Decimal::try_from_i128_with_scale(mantissa, scale)
            .map(Money::exact)
            .map_err(|_| {
                (
                    Problem::AmountTooLarge {
                        amount: Decimal::MAX,
                        limit: crate::money::MAX_AMOUNT,
                    },
                    Some(mantissa.to_string()),
                )
            })?;
        match money.input_problem() {
            None => Ok(Some(money)),
            Some(p) => Err(Box::new((p, Some(money.to_string())))),
        }
    }
}

const MONEY: &str = "money: a decimal with a scale of 0 to 2 (e.g. Decimal128(15, 2)) or text such as \"620.00\"; never binary floating point, and no integers, whose unit (yuan or fen) would be in doubt";

/// The days from 0001-01-01 (day 1 of the common era) to 1970-01-01, Arrow's day 0.
const EPOCH_DAYS_FROM_CE: i32 = 719_163;

/// Date cells: Arrow `Date32`, or text `YYYY-MM-DD`.
#[derive(Debug, Clone)]
pub(super) enum Dates {
    Days(Date32Array),
    Text(Text),
}

fn date_of_days(days: i32) -> std::result::Result<NaiveDate, Problem> {
    let date = days
        .checked_add(EPOCH_DAYS_FROM_CE)
        .and_then(NaiveDate::from_num_days_from_ce_opt);
    match date {
        Some(d) if (FIRST_YEAR..=LAST_YEAR).contains(&chrono::Datelike::year(&d)) => Ok(d),
        Some(d) => Err(Problem::YearOutOfRange {
            year: chrono::Datelike::year(&d),
        }),
        None => Err(Problem::BadDate {
            text: format!("day {days} from 1970-01-01"),
        }),
    }
}

impl Dates {
    pub(super) fn get(&self, row: usize) -> CellResult<NaiveDate> {
        match self {
            Dates::Days(a) => {
                if a.is_null(row) {
                    return Ok(None);
                }
                let days = a.value(row);
                date_of_days(days)
                    .map(Some)
                    .map_err(|p| Box::new((p, Some(days.to_string()))))
            }
            Dates::Text(t) => match t.get(row) {
                None => Ok(None),
                Some(text) => match crate::parse::parse_date(text) {
                    Ok(d) => Ok(Some(d)),
                    Err(p) => refuse(p, text),
                },
            },
        }
    }
}

const DATE: &str = "a date: Date32, or text YYYY-MM-DD";

/// Month cells: text `YYYY-MM`, or an Arrow `Date32` on the first day of the month.
#[derive(Debug, Clone)]
pub(super) enum Months {
    Days(Date32Array),
    Text(Text),
}

impl Months {
    pub(super) fn get(&self, row: usize) -> CellResult<Month> {
        match self {
            Months::Days(a) => {
                if a.is_null(row) {
                    return Ok(None);
                }
                let days = a.value(row);
                let date = date_of_days(days).map_err(|p| Box::new((p, Some(days.to_string()))))?;
                let text = date.format("%Y-%m-%d").to_string();
                if chrono::Datelike::day(&date) != 1 {
                    return Err(Box::new((
                        Problem::BadMonth { text: text.clone() },
                        Some(text),
                    )));
                }
                Month::of(date)
                    .map(Some)
                    .map_err(|_| Box::new((Problem::BadMonth { text: text.clone() }, Some(text))))
            }
            Months::Text(t) => match t.get(row) {
                None => Ok(None),
                Some(text) => match Month::parse_problem(text) {
                    Ok(m) => Ok(Some(m)),
                    Err(p) => refuse(p, text),
                },
            },
        }
    }
}

const MONTH: &str = "a month: text YYYY-MM, or a Date32 on the first of the month";

/// Whole-number cells: any Arrow integer, or text of digits.
#[derive(Debug, Clone)]
pub(super) enum Numbers {
    Int(Int64Array),
    Text(Text),
}

impl Numbers {
    pub(super) fn get(&self, row: usize) -> CellResult<i64> {
        match self {
            Numbers::Int(a) => Ok((!a.is_null(row)).then(|| a.value(row))),
            Numbers::Text(t) => match t.get(row) {
                None => Ok(None),
                Some(text) => {
                    let digits = text.strip_prefix('-').unwrap_or(text);
                    if digits.is_empty()
                        || digits.len() > 18
                        || !digits.bytes().all(|b| b.is_ascii_digit())
                    {
                        return refuse(
                            Problem::WrongType {
                                found: "text that is not a whole number",
                                expected: "a whole number",
                            },
                            text,
                        );
                    }
                    match text.parse::<i64>() {
                        Ok(n) => Ok(Some(n)),
                        Err(_) => refuse(
                            Problem::WrongType {
                                found: "text that is not a whole number",
                                expected: "a whole number",
                            },
                            text,
                        ),
                    }
                }
            },
        }
    }
}

const NUMBER: &str = "a whole number: an integer type, or text of digits";

/// Cells holding one of a closed set of names (an enum's wire names), decoded once per
/// batch into a code a row.
#[derive(Debug, Clone)]
pub(super) struct Names<T: 'static> {
    /// Per row: the position in `names`, or [`Names::NULL`] or [`Names::BAD`].
    codes: Vec<u8>,
    names: &'static [(&'static str, T)],
    /// The cells as text, to name a bad one (for a dictionary column, its values).
    text: Text,
    /// For a dictionary column, each row's position in its values.
    keys: Option<Vec<usize>>,
}

impl<T: Copy> Names<T> {
    const NULL: u8 = u8::MAX;
    const BAD: u8 = u8::MAX - 1;

    fn decode(text: Text, rows: usize, names: &'static [(&'static str, T)]) -> Names<T> {
        let mut codes = Vec::with_capacity(rows);
        // Cells repeat (a column of a few names): the last cell's code is tried first.
        let mut last: Option<(&str, u8)> = None;
        for row in 0..rows {
            let code = match text.get(row) {
                None => Self::NULL,
                Some(cell) => match last {
                    Some((t, c)) if t == cell => c,
                    _ => {
                        let c = names
                            .iter()
                            .position(|(name, _)| *name == cell)
                            .and_then(|i| u8::try_from(i).ok())
                            .unwrap_or(Self::BAD);
                        last = Some((cell, c));
                        c
                    }
                },
            };
            codes.push(code);
        }
        Names {
            codes,
            names,
            text,
            keys: None,
        }
    }

    /// A dictionary column: its values decoded once, then a code a row by its key.
    fn decode_dictionary(
        dictionary: &dyn arrow_array::AnyDictionaryArray,
        values: Text,
        names: &'static [(&'static str, T)],
    ) -> Names<T> {
        let by_value = Self::decode(values, dictionary.values().len(), names);
        // A column of nulls may have no values, and no key to normalise.
        let keys = if dictionary.values().is_empty() {
            vec![0; dictionary.keys().len()]
        } else {
            dictionary.normalized_keys()
        };
        let nulls = dictionary.keys().logical_nulls();
        let codes = keys
            .iter()
            .enumerate()
            .map(|(row, &key)| {
                if nulls.as_ref().is_some_and(|n| n.is_null(row)) {
                    Self::NULL
                } else {
                    by_value.codes.get(key).copied().unwrap_or(Self::NULL)
                }
            })
            .collect();
        Names {
            codes,
            names,
            text: by_value.text,
            keys: Some(keys),
        }
    }

    #[inline]
    pub(super) fn get(&self, row: usize) -> CellResult<T> {
        match self.codes.get(row).copied().unwrap_or(Self::NULL) {
            Self::NULL => Ok(None),
            Self::BAD => {
                let at = match &self.keys {
                    Some(keys) => keys.get(row).copied().unwrap_or_default(),
                    None => row,
                };
                let cell = self.text.get(at).unwrap_or_default();
                refuse(not_one_of(cell, self.names), cell)
            }
            code => Ok(self.names.get(usize::from(code)).map(|(_, v)| *v)),
        }
    }
}

fn not_one_of<T>(text: &str, names: &[(&'static str, T)]) -> Problem {
    let allowed: Vec<&str> = names.iter().map(|(n, _)| *n).collect();
    Problem::NotOneOf {
        found: format!("{:?}", text.chars().take(80).collect::<String>()),
        allowed: allowed.join(", "),
    }
}

/// Cells holding a set of names: text with the names separated by commas (`none` for the
/// empty set, which a CSV cell could not tell from a missing one), or an Arrow list of
/// text.
#[derive(Debug, Clone)]
pub(super) enum Sets<T: 'static> {
    Text(Text, &'static [(&'static str, T)]),
    List(GenericListArray<i32>, Text, &'static [(&'static str, T)]),
}

/// The word for the empty set in a text cell.
pub(super) const EMPTY_SET: &str = "none";

impl<T: Flag> Sets<T> {
    pub(super) fn get(&self, row: usize) -> CellResult<FlagSet<T>> {
        match self {
            Sets::Text(text, names) => {
                let Some(cell) = text.get(row) else {
                    return Ok(None);
                };
                if cell == EMPTY_SET {
                    return Ok(Some(FlagSet::new()));
                }
                let mut set = FlagSet::new();
                for part in cell.split(',') {
                    let Some((_, flag)) = names.iter().find(|(n, _)| *n == part) else {
                        return refuse(not_one_of(part, names), cell);
                    };
                    if !set.insert(*flag) {
                        return refuse(
                            Problem::Duplicate {
                                value: format!("{part:?}"),
                            },
                            cell,
                        );
                    }
                }
                Ok(Some(set))
            }
            Sets::List(list, values, names) => {
                if list.is_null(row) {
                    return Ok(None);
                }
                let offsets = list.value_offsets();
                let (Some(&start), Some(&end)) =
                    (offsets.get(row), offsets.get(row.saturating_add(1)))
                else {
                    return Ok(None);
                };
                let mut set = FlagSet::new();
                for i in start..end {
                    let i = usize::try_from(i).unwrap_or(usize::MAX);
                    let Some(part) = values.get(i) else {
                        return Err(Box::new((Problem::Missing, None)));
                    };
                    let Some((_, flag)) = names.iter().find(|(n, _)| *n == part) else {
                        return refuse(not_one_of(part, names), part);
                    };
                    if !set.insert(*flag) {
                        return refuse(
                            Problem::Duplicate {
                                value: format!("{part:?}"),
                            },
                            part,
                        );
                    }
                }
                Ok(Some(set))
            }
        }
    }
}

const SET: &str = "names separated by commas (none for the empty set), or a list of text";

/// Picks the columns of one record batch of `table`, checking each one's type, and at the
/// end refuses every column that was not picked.
pub(super) struct Picker<'a> {
    table: Table,
    batch: &'a RecordBatch,
    picked: Vec<bool>,
}

impl<'a> Picker<'a> {
    pub(super) fn new(table: Table, batch: &'a RecordBatch) -> Picker<'a> {
        Picker {
            table,
            batch,
            picked: vec![false; batch.num_columns()],
        }
    }

    /// The column `name`: `None` when the table does not have it (an error when it is
    /// required).
    fn column(
        &mut self,
        name: &'static str,
        required: bool,
    ) -> Result<Option<&'a ArrayRef>, Error> {
        let schema = self.batch.schema_ref();
        match schema.index_of(name) {
            Ok(i) => {
                if let Some(p) = self.picked.get_mut(i) {
                    *p = true;
                }
                Ok(self.batch.columns().get(i))
            }
            Err(_) if required => Err(column_error(self.table, name, Problem::MissingColumn)),
            Err(_) => Ok(None),
        }
    }

    fn wrong(&self, name: &str, array: &ArrayRef, expected: &'static str) -> Error {
        column_error(
            self.table,
            name,
            Problem::ColumnType {
                found: array.data_type().to_string(),
                expected,
            },
        )
    }

    pub(super) fn text(&mut self, name: &'static str, required: bool) -> Result<Text, Error> {
        match self.column(name, required)? {
            None => Ok(Text::Absent),
            Some(a) => Text::of(a).ok_or_else(|| self.wrong(name, a, TEXT)),
        }
    }

    pub(super) fn flags(&mut self, name: &'static str) -> Result<Flags, Error> {
        let rows = self.batch.num_rows();
        match self.column(name, false)? {
            None => Ok(Flags::of_text(Text::Absent, 0)),
            Some(a) => match a.data_type() {
                DataType::Boolean => Ok(Flags::of_bools(a.as_boolean())),
                _ => Text::of(a)
                    .map(|t| Flags::of_text(t, rows))
                    .ok_or_else(|| self.wrong(name, a, "yes/no: Boolean, or text true / false")),
            },
        }
    }

    pub(super) fn amounts(&mut self, name: &'static str, required: bool) -> Result<Amounts, Error> {
        let Some(a) = self.column(name, required)? else {
            return Ok(Amounts::Text(Text::Absent));
        };
        let scale = |s: i8| u32::try_from(s).ok().filter(|s| *s <= 2);
        let picked = match a.data_type() {
            DataType::Decimal32(_, s) => scale(*s).and_then(|s| {
                a.as_primitive_opt::<Decimal32Type>()
                    .cloned()
                    .map(|a| Amounts::D32(a, s))
            }),
            DataType::Decimal64(_, s) => scale(*s).and_then(|s| {
                a.as_primitive_opt::<Decimal64Type>()
                    .cloned()
                    .map(|a| Amounts::D64(a, s))
            }),
            DataType::Decimal128(_, s) => scale(*s).and_then(|s| {
                a.as_primitive_opt::<Decimal128Type>()
                    .cloned()
                    .map(|a| Amounts::D128(a, s))
            }),
            _ => Text::of(a).map(Amounts::Text),
        };
        picked.ok_or_else(|| self.wrong(name, a, MONEY))
    }

    pub(super) fn dates(&mut self, name: &'static str, required: bool) -> Result<Dates, Error> {
        let Some(a) = self.column(name, required)? else {
            return Ok(Dates::Text(Text::Absent));
        };
        match a.data_type() {
            DataType::Date32 => Ok(Dates::Days(a.as_primitive().clone())),
            _ => Text::of(a)
                .map(Dates::Text)
                .ok_or_else(|| self.wrong(name, a, DATE)),
        }
    }

    pub(super) fn months(&mut self, name: &'static str, required: bool) -> Result<Months, Error> {
        let Some(a) = self.column(name, required)? else {
            return Ok(Months::Text(Text::Absent));
        };
        match a.data_type() {
            DataType::Date32 => Ok(Months::Days(a.as_primitive().clone())),
            _ => Text::of(a)
                .map(Months::Text)
                .ok_or_else(|| self.wrong(name, a, MONTH)),
        }
    }

    pub(super) fn numbers(&mut self, name: &'static str, required: bool) -> Result<Numbers, Error> {
        let Some(a) = self.column(name, required)? else {
            return Ok(Numbers::Text(Text::Absent));
        };
        if a.data_type().is_integer() {
            let wide = arrow_cast::cast(a.as_ref(), &DataType::Int64)
                .map_err(|_| self.wrong(name, a, NUMBER))?;
            return wide
                .as_primitive_opt()
                .cloned()
                .map(Numbers::Int)
                .ok_or_else(|| self.wrong(name, a, NUMBER));
        }
        Text::of(a)
            .map(Numbers::Text)
            .ok_or_else(|| self.wrong(name, a, NUMBER))
    }

    pub(super) fn names<T: Copy>(
        &mut self,
        name: &'static str,
        required: bool,
        names: &'static [(&'static str, T)],
    ) -> Result<Names<T>, Error> {
        if let Some(dictionary) = self
            .column(name, required)?
            .and_then(|a| a.as_any_dictionary_opt())
        {
            let values = dictionary.values();
            if let Some(text) = Text::of(values) {
                return Ok(Names::decode_dictionary(dictionary, text, names));
            }
        }
        let text = self.text(name, required)?;
        Ok(Names::decode(text, self.batch.num_rows(), names))
    }

    pub(super) fn sets<T: Flag>(
        &mut self,
        name: &'static str,
        names: &'static [(&'static str, T)],
    ) -> Result<Sets<T>, Error> {
        let Some(a) = self.column(name, false)? else {
            return Ok(Sets::Text(Text::Absent, names));
        };
        if let Some(list) = a.as_list_opt::<i32>() {
            let values: ArrayRef = Arc::clone(list.values());
            return Text::of(&values)
                .map(|t| Sets::List(list.clone(), t, names))
                .ok_or_else(|| self.wrong(name, a, SET));
        }
        Text::of(a)
            .map(|t| Sets::Text(t, names))
            .ok_or_else(|| self.wrong(name, a, SET))
    }

    /// Marks the column `name` as one the table has (read by other means).
    pub(super) fn known(&mut self, name: &'static str) {
        let _ = self.column(name, false);
    }

    /// Refuses the columns that were not picked.
    pub(super) fn finish(self) -> Result<(), Error> {
        let schema = self.batch.schema_ref();
        let Some(i) = self.picked.iter().position(|p| !p) else {
            return Ok(());
        };
        let name = schema.fields().get(i).map_or("", |f| f.name().as_str());
        // A second column of a name that was picked: the first would be read, the second
        // silently not.
        let twice = schema.fields().iter().take(i).any(|f| f.name() == name);
        Err(column_error(
            self.table,
            name,
            if twice {
                Problem::GivenTwice
            } else {
                Problem::UnknownColumn
            },
        ))
    }
}
