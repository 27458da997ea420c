//! Reading cells: one accessor per kind of fact, made once per record batch after its
//! column's type is checked, then read row by row without further checks of type.
//!
//! Every accessor accepts the column's native Arrow types and text (a CSV file is read as
//! text), and has an `Absent` form for an optional column the table does not have: its
//! cells read as not given.

use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::{
    ArrowPrimitiveType, Decimal32Type, Decimal64Type, Decimal128Type, Int8Type, Int16Type,
    Int32Type, Int64Type, UInt8Type, UInt16Type, UInt32Type, UInt64Type,
};
use arrow_array::{
    Array, ArrayRef, BooleanArray, Date32Array, GenericListArray, Int64Array, LargeStringArray,
    PrimitiveArray, RecordBatch, StringArray, StringViewArray,
};
use arrow_buffer::ArrowNativeType as _;
use arrow_schema::DataType;
use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::{Column, Table};
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

#[cold]
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

/// The yes/no columns of a table read together: per row one number whose bit `i` is the
/// `i`-th column's yes, made once per batch from the columns' bits, so that a row's
/// flags are one read.
#[derive(Debug, Clone)]
pub(super) struct FlagRows {
    bits: Vec<u16>,
    /// The rows with a cell that is neither `true` nor `false`, in order.
    bad: Vec<usize>,
    /// The columns, to name a bad cell.
    columns: Vec<(&'static str, Flags)>,
}

/// A bad cell of [`FlagRows`]: its column and problem.
pub(super) type FlagError = (&'static str, Box<(Problem, Option<String>)>);

impl FlagRows {
    fn of(columns: Vec<(&'static str, Flags)>, rows: usize) -> FlagRows {
        let mut bits = vec![0u16; rows];
        let mut bad = Vec::new();
        for (i, (_, flags)) in columns.iter().enumerate() {
            let bit = 1u16
                .checked_shl(u32::try_from(i).unwrap_or(u32::MAX))
                .unwrap_or(0);
            if let Some(yes) = &flags.yes {
                for row in yes.set_indices() {
                    if let Some(b) = bits.get_mut(row) {
                        *b |= bit;
                    }
                }
            }
            bad.extend_from_slice(&flags.bad);
        }
        bad.sort_unstable();
        bad.dedup();
        FlagRows { bits, bad, columns }
    }

    /// The row's flags: bit `i` for the `i`-th column (a cell not given is no).
    ///
    /// # Errors
    ///
    /// The first column whose cell is neither `true` nor `false`.
    #[inline]
    pub(super) fn get(&self, row: usize) -> Result<u16, FlagError> {
        if !self.bad.is_empty() && self.bad.binary_search(&row).is_ok() {
            return Err(self.bad_cell(row));
        }
        Ok(self.bits.get(row).copied().unwrap_or(0))
    }

    #[cold]
    fn bad_cell(&self, row: usize) -> FlagError {
        for (name, flags) in &self.columns {
            if let Err(e) = flags.get(row) {
                return (name, e);
            }
        }
        ("", Box::new((Problem::Missing, None)))
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
    #[inline]
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
                let written = decimal_text(mantissa, scale);
                (
                    Problem::AmountFarTooLarge {
                        amount: written.clone(),
                        limit: crate::money::MAX_AMOUNT,
                    },
                    Some(written),
                )
            })?;
        match money.input_problem() {
            None => Ok(Some(money)),
            Some(p) => Err(Box::new((p, Some(money.to_string())))),
        }
    }
}

/// A decimal's text from its mantissa and scale, of any size (`12345`, 2 → `123.45`).
fn decimal_text(mantissa: i128, scale: u32) -> String {
    let digits = mantissa.unsigned_abs().to_string();
    let scale = usize::try_from(scale).unwrap_or(0);
    let sign = if mantissa < 0 { "-" } else { "" };
    if scale == 0 {
        return format!("{sign}{digits}");
    }
    let padded = format!("{digits:0>width$}", width = scale.saturating_add(1));
    let (whole, fraction) = padded.split_at(padded.len().saturating_sub(scale));
    format!("{sign}{whole}.{fraction}")
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
    #[inline]
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
    #[inline]
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
    #[inline]
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
                                found: "text that is not a whole number".into(),
                                expected: "a whole number".into(),
                            },
                            text,
                        );
                    }
                    match text.parse::<i64>() {
                        Ok(n) => Ok(Some(n)),
                        Err(_) => refuse(
                            Problem::WrongType {
                                found: "text that is not a whole number".into(),
                                expected: "a whole number".into(),
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
        let matcher = Matcher::new(names);
        let mut codes = vec![Self::NULL; rows];
        // Cells repeat (a column of a few names): the last cell's code is tried first.
        let mut last = (Word::Null, Self::NULL);
        each_word(&text, rows, |row, word| {
            let code = if word == last.0 && word != Word::Long {
                last.1
            } else {
                let code = matcher.code(word, || text.get(row));
                last = (word, code);
                code
            };
            if let Some(c) = codes.get_mut(row) {
                *c = code;
            }
        });
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
        let keys = dictionary.keys();
        let codes = match keys.data_type() {
            DataType::Int8 => Self::codes_of::<Int8Type>(keys, &by_value.codes),
            DataType::Int16 => Self::codes_of::<Int16Type>(keys, &by_value.codes),
            DataType::Int32 => Self::codes_of::<Int32Type>(keys, &by_value.codes),
            DataType::Int64 => Self::codes_of::<Int64Type>(keys, &by_value.codes),
            DataType::UInt8 => Self::codes_of::<UInt8Type>(keys, &by_value.codes),
            DataType::UInt16 => Self::codes_of::<UInt16Type>(keys, &by_value.codes),
            DataType::UInt32 => Self::codes_of::<UInt32Type>(keys, &by_value.codes),
            DataType::UInt64 => Self::codes_of::<UInt64Type>(keys, &by_value.codes),
            _ => None,
        }
        .unwrap_or_else(|| vec![Self::NULL; keys.len()]);
        // Each row's position in the values, kept only to name a bad cell (seldom).
        let keys = (codes.contains(&Self::BAD) && !dictionary.values().is_empty())
            .then(|| dictionary.normalized_keys());
        Names {
            codes,
            names,
            text: by_value.text,
            keys,
        }
    }

    /// The code of each row of a dictionary column from its keys, read in their own type
    /// (no list of positions is made); `None` when `keys` are not of type `K`.
    fn codes_of<K: ArrowPrimitiveType>(keys: &dyn Array, by_value: &[u8]) -> Option<Vec<u8>> {
        let keys = keys.as_primitive_opt::<K>()?;
        let nulls = keys.logical_nulls();
        Some(
            keys.values()
                .iter()
                .enumerate()
                .map(|(row, key)| {
                    if nulls.as_ref().is_some_and(|n| n.is_null(row)) {
                        Self::NULL
                    } else {
                        by_value.get(key.as_usize()).copied().unwrap_or(Self::NULL)
                    }
                })
                .collect(),
        )
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

/// A text cell as the readers compare it: one of up to 16 bytes (most keys and names) as
/// one number — its bytes in order, big-endian, zero-padded — so that two cells compare by
/// comparing numbers, without a call to copy or compare memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) enum Word {
    #[default]
    Null,
    /// The cell's bytes as a number, and their count.
    Short(u128, u8),
    /// A cell of more than 16 bytes: compare its text.
    Long,
}

impl Word {
    /// The word of `text`.
    pub(super) fn of(text: &str) -> Word {
        let bytes = text.as_bytes();
        let Some(len) = u8::try_from(bytes.len()).ok().filter(|l| *l <= 16) else {
            return Word::Long;
        };
        Word::Short(padded(bytes), len)
    }

    /// Two short cells in the order of their bytes (as `str`'s order: zero padding keeps
    /// it, a cell that is a prefix of another being the shorter); `None` when either is
    /// long or null.
    #[inline]
    pub(super) fn cmp_short(self, other: Word) -> Option<std::cmp::Ordering> {
        match (self, other) {
            (Word::Short(a, la), Word::Short(b, lb)) => Some(a.cmp(&b).then(la.cmp(&lb))),
            _ => None,
        }
    }
}

/// Up to 16 bytes as one number: their bytes in order, big-endian, zero-padded on the
/// right (bytes past the 16th are not read). Built from loads that may overlap (a byte
/// read twice lands in the same place): a copy of a short, variable length would be a
/// call to copy memory.
#[inline]
pub(super) fn padded(bytes: &[u8]) -> u128 {
    let bytes = bytes.get(..16).unwrap_or(bytes);
    let n = bytes.len();
    // The `N` bytes from `at` (zeros past the end).
    fn load<const N: usize>(bytes: &[u8], at: usize) -> [u8; N] {
        bytes
            .get(at..at.saturating_add(N))
            .and_then(|b| <[u8; N]>::try_from(b).ok())
            .unwrap_or([0; N])
    }
    // Shifts `x` left by `bytes` bytes, to nothing when they are all of its bits.
    let shl64 = |x: u64, bytes: usize| {
        x.checked_shl(u32::try_from(bytes.saturating_mul(8)).unwrap_or(64))
            .unwrap_or(0)
    };
    let (high, low) = if n >= 8 {
        let first = u64::from_be_bytes(load::<8>(bytes, 0));
        // The last eight bytes, moved so that byte 8 tops the low half.
        let last = u64::from_be_bytes(load::<8>(bytes, n.saturating_sub(8)));
        (
            first,
            if n > 8 {
                shl64(last, 16usize.saturating_sub(n))
            } else {
                0
            },
        )
    } else if n >= 4 {
        let first = u64::from(u32::from_be_bytes(load::<4>(bytes, 0)));
        let last = u64::from(u32::from_be_bytes(load::<4>(bytes, n.saturating_sub(4))));
        (shl64(first, 4) | shl64(last, 8usize.saturating_sub(n)), 0)
    } else {
        let mut word = 0u64;
        for (i, &byte) in bytes.iter().enumerate() {
            word |= shl64(u64::from(byte), 7usize.saturating_sub(i));
        }
        (word, 0)
    };
    u128::from(high).checked_shl(64).unwrap_or(0) | u128::from(low)
}

/// The words of the first `rows` cells of `text`, appended to `out`.
pub(super) fn words(text: &Text, rows: usize, out: &mut Vec<Word>) {
    let start = out.len();
    out.resize(start.saturating_add(rows), Word::Null);
    let Some(out) = out.get_mut(start..) else {
        return;
    };
    each_word(text, rows, |row, word| {
        if let Some(w) = out.get_mut(row) {
            *w = word;
        }
    });
}

/// Calls `f` with the row and word of each cell given among the first `rows` of `text`
/// (null cells are skipped). A cell of a column of offsets is read as the 16 bytes from
/// its start, masked to its length, while 16 bytes are left in the column's values.
#[inline]
fn each_word(text: &Text, rows: usize, f: impl FnMut(usize, Word)) {
    match text {
        Text::Absent => {}
        Text::Utf8(a) => each_word_of_offsets(a.offsets(), a.values(), a.nulls(), rows, f),
        Text::Large(a) => each_word_of_offsets(a.offsets(), a.values(), a.nulls(), rows, f),
        Text::View(a) => {
            let mut f = f;
            for row in 0..rows.min(a.len()) {
                if !a.is_null(row) {
                    f(row, Word::of(a.value(row)));
                }
            }
        }
    }
}

#[inline]
fn each_word_of_offsets<O: arrow_array::OffsetSizeTrait>(
    offsets: &arrow_buffer::OffsetBuffer<O>,
    values: &[u8],
    nulls: Option<&arrow_buffer::NullBuffer>,
    rows: usize,
    mut f: impl FnMut(usize, Word),
) {
    let offsets: &[O] = offsets;
    let mut one = |row: usize| {
        let (Some(start), Some(end)) = (offsets.get(row), offsets.get(row.saturating_add(1)))
        else {
            return;
        };
        let (start, end) = (start.as_usize(), end.as_usize());
        let len = end.saturating_sub(start);
        let word = match (
            u8::try_from(len),
            values.get(start..start.saturating_add(16)),
        ) {
            (Ok(l), Some(sixteen)) if l <= 16 => {
                let mut bytes = [0u8; 16];
                bytes.copy_from_slice(sixteen);
                // The cell's bytes are the word's top `8 * len` bits.
                Word::Short(u128::from_be_bytes(bytes) & mask(l), l)
            }
            _ => match std::str::from_utf8(values.get(start..end).unwrap_or_default()) {
                Ok(cell) => Word::of(cell),
                Err(_) => Word::Long,
            },
        };
        f(row, word);
    };
    match nulls {
        Some(n) if n.null_count() > 0 => {
            for row in n.valid_indices().take_while(|r| *r < rows) {
                one(row);
            }
        }
        _ => {
            for row in 0..rows {
                one(row);
            }
        }
    }
}

/// The bits of the first `len` bytes of a big-endian word.
#[inline]
fn mask(len: u8) -> u128 {
    let dropped = 128u32.saturating_sub(u32::from(len).saturating_mul(8));
    u128::MAX.checked_shl(dropped).unwrap_or(0)
}

/// Finds a cell's name among an enum's wire names by its word (a longer name by its
/// text): the lengths are compared first, which tells most names apart.
struct Matcher {
    /// Per name: its length and word (a word of 0 for a name of more than 16 bytes, which
    /// no short cell's length matches).
    words: Vec<(u8, u128)>,
    names: Vec<&'static str>,
}

impl Matcher {
    fn new<T>(names: &'static [(&'static str, T)]) -> Matcher {
        Matcher {
            words: names
                .iter()
                .map(|(n, _)| match Word::of(n) {
                    Word::Short(w, l) => (l, w),
                    _ => (u8::MAX, 0),
                })
                .collect(),
            names: names.iter().map(|(n, _)| *n).collect(),
        }
    }

    /// The code of a cell: its position among the names, or [`Names::BAD`].
    #[inline]
    fn code<'t>(&self, word: Word, text: impl FnOnce() -> Option<&'t str>) -> u8 {
        let found = match word {
            Word::Null => return Names::<()>::NULL,
            Word::Short(w, l) => self.words.iter().position(|&(nl, nw)| nl == l && nw == w),
            Word::Long => text().and_then(|cell| self.names.iter().position(|n| *n == cell)),
        };
        found
            .and_then(|i| u8::try_from(i).ok())
            .filter(|c| *c < Names::<()>::BAD)
            .unwrap_or(Names::<()>::BAD)
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
    /// Whether the cells are decoded (`false`: the columns' types are only checked, and
    /// the accessors made read every cell as not given).
    decode: bool,
}

impl<'a> Picker<'a> {
    pub(super) fn new(table: Table, batch: &'a RecordBatch) -> Picker<'a> {
        Picker {
            table,
            batch,
            picked: vec![false; batch.num_columns()],
            decode: true,
        }
    }

    /// A picker that checks the columns' types and decodes no cell: for a check of a
    /// batch's columns before its rows are read.
    pub(super) fn checking(table: Table, batch: &'a RecordBatch) -> Picker<'a> {
        Picker {
            decode: false,
            ..Picker::new(table, batch)
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

    pub(super) fn text(&mut self, c: &'static Column) -> Result<Text, Error> {
        self.text_named(c.name, c.required)
    }

    fn text_named(&mut self, name: &'static str, required: bool) -> Result<Text, Error> {
        match self.column(name, required)? {
            None => Ok(Text::Absent),
            Some(a) => Text::of(a).ok_or_else(|| self.wrong(name, a, TEXT)),
        }
    }

    pub(super) fn flags(&mut self, c: &'static Column) -> Result<Flags, Error> {
        let name = c.name;
        let rows = self.batch.num_rows();
        match self.column(name, false)? {
            None => Ok(Flags::of_text(Text::Absent, 0)),
            Some(a) => match a.data_type() {
                DataType::Boolean if !self.decode => Ok(Flags::of_text(Text::Absent, 0)),
                DataType::Boolean => Ok(Flags::of_bools(a.as_boolean())),
                _ => Text::of(a)
                    .map(|t| Flags::of_text(t, if self.decode { rows } else { 0 }))
                    .ok_or_else(|| self.wrong(name, a, "yes/no: Boolean, or text true / false")),
            },
        }
    }

    /// The yes/no columns `columns` (each optional), read together; at most 16.
    pub(super) fn flag_rows(&mut self, columns: &[&'static Column]) -> Result<FlagRows, Error> {
        let mut read = Vec::with_capacity(columns.len());
        for c in columns {
            read.push((c.name, self.flags(c)?));
        }
        let columns = read;
        let rows = if self.decode {
            self.batch.num_rows()
        } else {
            0
        };
        Ok(FlagRows::of(columns, rows))
    }

    pub(super) fn amounts(&mut self, c: &'static Column) -> Result<Amounts, Error> {
        let (name, required) = (c.name, c.required);
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

    pub(super) fn dates(&mut self, c: &'static Column) -> Result<Dates, Error> {
        let (name, required) = (c.name, c.required);
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

    pub(super) fn months(&mut self, c: &'static Column) -> Result<Months, Error> {
        let (name, required) = (c.name, c.required);
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

    pub(super) fn numbers(&mut self, c: &'static Column) -> Result<Numbers, Error> {
        let (name, required) = (c.name, c.required);
        let Some(a) = self.column(name, required)? else {
            return Ok(Numbers::Text(Text::Absent));
        };
        if a.data_type().is_integer() && !self.decode {
            return Ok(Numbers::Text(Text::Absent));
        }
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
        c: &'static Column,
        names: &'static [(&'static str, T)],
    ) -> Result<Names<T>, Error> {
        let (name, required) = (c.name, c.required);
        if let Some(dictionary) = self
            .column(name, required)?
            .and_then(|a| a.as_any_dictionary_opt())
        {
            let values = dictionary.values();
            if let Some(text) = Text::of(values) {
                if !self.decode {
                    return Ok(Names::decode(Text::Absent, 0, names));
                }
                return Ok(Names::decode_dictionary(dictionary, text, names));
            }
        }
        let text = self.text_named(name, required)?;
        let rows = if self.decode {
            self.batch.num_rows()
        } else {
            0
        };
        Ok(Names::decode(text, rows, names))
    }

    pub(super) fn sets<T: Flag>(
        &mut self,
        c: &'static Column,
        names: &'static [(&'static str, T)],
    ) -> Result<Sets<T>, Error> {
        let name = c.name;
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

    /// Marks the column as one the table has (read by other means).
    pub(super) fn known(&mut self, c: &'static Column) {
        let _ = self.column(c.name, false);
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

/// Maps every text cell of `array` (plain or dictionary) with `f`, when any changes.
pub(super) fn map_text(array: &ArrayRef, f: &dyn Fn(&str) -> Option<String>) -> ArrayRef {
    if let Some(dictionary) = array.as_any_dictionary_opt() {
        let values = map_text(dictionary.values(), f);
        if Arc::ptr_eq(&values, dictionary.values()) {
            return Arc::clone(array);
        }
        return dictionary.with_values(values);
    }
    let Some(strings) = array.as_string_opt::<i32>() else {
        return Arc::clone(array);
    };
    if !strings.iter().flatten().any(|s| f(s).is_some()) {
        return Arc::clone(array);
    }
    let mapped: StringArray = strings
        .iter()
        .map(|s| s.map(|s| f(s).unwrap_or_else(|| s.to_owned())))
        .collect();
    Arc::new(mapped)
}

/// `batch` with its identifiers — the `household_id` and `person_id` cells — in Unicode
/// normalisation form C, as every reader of the crate compares identifiers: the same id
/// written composed (`é`) and decomposed (`e` + `◌́`) is one household, one person. Cells
/// already in form C (every ASCII cell) are kept as they are, without a copy.
pub(crate) fn nfc_ids(batch: RecordBatch) -> RecordBatch {
    use unicode_normalization::UnicodeNormalization as _;
    use unicode_normalization::{IsNormalized, is_nfc_quick};
    let schema = batch.schema();
    let mut columns: Option<Vec<ArrayRef>> = None;
    for (i, field) in schema.fields().iter().enumerate() {
        if field.name() != super::KEY && field.name() != "person_id" {
            continue;
        }
        let Some(array) = batch.columns().get(i) else {
            continue;
        };
        let mapped = map_text(array, &|s| {
            (!s.is_ascii() && is_nfc_quick(s.chars()) != IsNormalized::Yes)
                .then(|| s.nfc().collect())
        });
        if !Arc::ptr_eq(&mapped, array) {
            let cols = columns.get_or_insert_with(|| batch.columns().to_vec());
            if let Some(slot) = cols.get_mut(i) {
                *slot = mapped;
            }
        }
    }
    match columns {
        // The same schema, the same lengths: cannot fail.
        Some(cols) => RecordBatch::try_new(schema, cols).unwrap_or(batch),
        None => batch,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CELLS: [Option<&str>; 12] = [
        Some("h000001"),
        None,
        Some(""),
        Some("h0000010"),
        Some("0123456789abcdef"),
        Some("0123456789abcdef0"),
        Some("茅塔乡"),
        None,
        Some("a\0"),
        Some("a"),
        Some("family_planning_reward"),
        Some("z"),
    ];

    /// The words of every slice of a column: the cells read from a buffer's middle, its
    /// end (fewer than 16 bytes left) and a sliced array all give the cell's own word.
    #[test]
    fn words_are_the_cells_and_compare_as_their_text() {
        let array = StringArray::from(CELLS.to_vec());
        for start in 0..CELLS.len() {
            let sliced = array.slice(start, CELLS.len() - start);
            let mut out = Vec::new();
            words(&Text::Utf8(sliced), CELLS.len() - start, &mut out);
            let expected: Vec<Word> = CELLS[start..]
                .iter()
                .map(|c| c.map_or(Word::Null, Word::of))
                .collect();
            assert_eq!(out, expected, "from {start}");
        }
        let given: Vec<&str> = CELLS.iter().flatten().copied().collect();
        for a in &given {
            for b in &given {
                if let Some(order) = Word::of(a).cmp_short(Word::of(b)) {
                    assert_eq!(order, a.cmp(b), "{a:?} {b:?}");
                }
            }
        }
        assert_eq!(Word::of("0123456789abcdef0"), Word::Long);
    }

    #[test]
    fn names_are_found_long_and_short_and_the_others_are_bad() {
        const NAMES: &[(&str, u8)] = &[("head", 0), ("family_planning_reward", 1), ("a", 2)];
        let cells = [
            Some("family_planning_reward"),
            Some("head"),
            None,
            Some("heads"),
            Some("family_planning_rewards"),
            Some("a"),
            Some("head"),
        ];
        let names = Names::decode(Text::Utf8(StringArray::from(cells.to_vec())), 7, NAMES);
        let read: Vec<Result<Option<u8>, Problem>> =
            (0..7).map(|row| names.get(row).map_err(|e| e.0)).collect();
        assert_eq!(read[0], Ok(Some(1)));
        assert_eq!(read[1], Ok(Some(0)));
        assert_eq!(read[2], Ok(None));
        assert!(matches!(read[3], Err(Problem::NotOneOf { .. })));
        assert!(matches!(read[4], Err(Problem::NotOneOf { .. })));
        assert_eq!(read[5], Ok(Some(2)));
        assert_eq!(read[6], Ok(Some(0)));
    }
}
