//! The crate's one error type.
//!
//! Errors mean that no answer could be reached: the input was malformed, a fact was
//! invalid, or the policy pack had no value for the month. Being ineligible for a program is
//! never an error.

use std::borrow::Cow;
use std::fmt;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::period::Month;

/// A `Result` whose error is this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can stop the crate from reaching an answer.
///
/// Messages are lowercase, name the bad value and say where it was, e.g.
/// `members[2].id_number: check digit is 8, expected 9`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// A fact of the input is well-formed but invalid.
    Invalid {
        /// Where the fact is, e.g. `members[2].id_number`.
        path: Path,
        /// What is wrong with it.
        problem: Problem,
    },
    /// The input is not well-formed JSON, or does not have the shape of the type.
    ///
    /// Shown as `path: message`, or `line L column C: message` where no path is known.
    Json {
        /// Where in the document the parser stopped, e.g. `members[0].sex` (may be empty).
        path: Path,
        /// The parser's message, without its position.
        message: String,
        /// Line of the position (1-based).
        line: usize,
        /// Column of the position (1-based).
        column: usize,
    },
    /// A policy pack is invalid; `path` is the TOML path of the offending value.
    Pack {
        /// The TOML path, e.g. `dibao.standard.urban[1].from` (may be empty for syntax errors).
        path: Path,
        /// What is wrong with it.
        problem: PackProblem,
    },
    /// A decision record that is not one (wrong format, a missing or malformed part).
    Record {
        /// What is wrong.
        message: String,
    },
    /// A local program of the embedding service gave what no answer can be made of, or two
    /// have one name.
    Local {
        /// The program, `local:NAME`.
        program: String,
        /// The member it answered for (empty when none).
        person: String,
        /// What is wrong.
        problem: Problem,
    },
    /// A cell, row or column of a table that cannot be read, or a table file that cannot
    /// be written (the `tables` module, crate feature `arrow`).
    Table(Box<TableError>),
    /// The pack has no value of a parameter for the month, so no answer can be reached.
    OutsidePack {
        /// The pack's name.
        pack: String,
        /// The first month the pack covers.
        first: Month,
        /// The last month the pack covers.
        last: Month,
        /// The month asked for.
        month: Month,
    },
}

/// Where in a table a problem is, and what it is.
///
/// Shown as `persons row 17, column birth_date: "1980-13-01" is not a date (YYYY-MM-DD)`;
/// rows count from 1, the first row of data (in a CSV file, row N is the N-th record after
/// the header).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct TableError {
    /// The table, e.g. `persons`.
    pub table: &'static str,
    /// The row, from 1; `None` for a problem of the whole table or column.
    pub row: Option<u64>,
    /// The column, when one is at fault.
    pub column: Option<String>,
    /// The cell's value as written (an ID number masked), when one is at fault.
    pub value: Option<String>,
    /// What is wrong.
    pub problem: Problem,
}

impl fmt::Display for TableError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.table)?;
        if let Some(row) = self.row {
            write!(f, " row {row}")?;
        }
        if let Some(column) = &self.column {
            write!(f, ", column {column}")?;
        }
        write!(f, ": {}", self.problem)
    }
}

#[cfg(feature = "arrow")]
impl TableError {
    /// The error of a whole table (no row or column at fault).
    pub(crate) fn whole(table: &'static str, problem: Problem) -> Error {
        Error::from(TableError {
            table,
            row: None,
            column: None,
            value: None,
            problem,
        })
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Invalid { path, problem } => f.write_str(&join_path(path, problem)),
            Error::Json {
                path,
                message,
                line,
                column,
            } => {
                if path.is_empty() {
                    write!(f, "line {line} column {column}: {message}")
                } else {
                    f.write_str(&join_path(path, message))
                }
            }
            Error::Pack { path, problem } => write!(f, "pack {}", join_path(path, problem)),
            Error::Record { message } => write!(f, "record {message}"),
            Error::Local {
                program,
                person,
                problem,
            } => {
                write!(f, "local program {program}")?;
                if !person.is_empty() {
                    write!(f, " for {person}")?;
                }
                write!(f, ": {problem}")
            }
            Error::Table(t) => t.fmt(f),
            Error::OutsidePack {
                pack,
                first,
                last,
                month,
            } => write!(f, "pack {pack} covers {first}..{last}, not {month}"),
        }
    }
}

/// The cause of a file that could not be read or written (the system's error, or the
/// Parquet, Arrow, CSV or TOML reader's) is the error's [`source`](std::error::Error::source),
/// not part of its message.
impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        let problem = match self {
            Error::Invalid { problem, .. } | Error::Local { problem, .. } => problem,
            Error::Table(t) => &t.problem,
            Error::Pack {
                problem: PackProblem::Value(problem),
                ..
            } => problem,
            Error::Pack {
                problem: PackProblem::Syntax { cause, .. },
                ..
            } => return Some(cause.as_error()),
            _ => return None,
        };
        problem.cause().map(Cause::as_error)
    }
}

/// The cause of a problem, from outside the crate: the system's error reading a file, the
/// Parquet, Arrow or CSV reader's, the TOML parser's. Kept as an error (the source of the
/// crate's), shared, and compared by its words.
#[derive(Clone)]
pub struct Cause(std::sync::Arc<dyn std::error::Error + Send + Sync>);

impl Cause {
    /// The cause `error`.
    pub fn new(error: impl std::error::Error + Send + Sync + 'static) -> Cause {
        Cause(std::sync::Arc::new(error))
    }

    /// The cause as an error.
    pub fn as_error(&self) -> &(dyn std::error::Error + 'static) {
        &*self.0
    }
}

impl fmt::Debug for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl fmt::Display for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

/// Two causes are equal when they say the same.
impl PartialEq for Cause {
    fn eq(&self, other: &Cause) -> bool {
        self.to_string() == other.to_string()
    }
}

impl Eq for Cause {}

impl From<TableError> for Error {
    fn from(e: TableError) -> Error {
        Error::Table(Box::new(e))
    }
}

impl Error {
    /// Where the problem is: the steps from the input's root to the bad value (empty for an
    /// error of the whole input, such as a month outside the pack).
    ///
    /// # Example
    ///
    /// ```
    /// use doudi::{Household, Segment};
    ///
    /// let err = Household::from_json(r#"{"id": "h1", "area": "urban", "members": [
    ///   {"id": "a", "birth_date": "1990-01-01", "sex": "male", "relation": "head",
    ///    "id_number": "420302199001010019"}]}"#).unwrap_err();
    /// assert_eq!(err.path().segments()[0], Segment::Field("members".into()));
    /// assert_eq!(err.code(), "id_number_check_digit");
    /// ```
    pub fn path(&self) -> Path {
        match self {
            Error::Invalid { path, .. } | Error::Json { path, .. } | Error::Pack { path, .. } => {
                path.clone()
            }
            Error::Table(t) => t.path(),
            Error::Record { .. } | Error::Local { .. } | Error::OutsidePack { .. } => Path::root(),
        }
    }

    /// A stable code for the kind of problem, for a service to answer its clients with:
    /// the [`Problem`]'s or [`PackProblem`]'s code, or `json` (not JSON, or not of the
    /// type's shape), `record`, `local_program`, `outside_pack`.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Invalid { problem, .. } => problem.code(),
            Error::Table(t) => t.problem.code(),
            Error::Pack { problem, .. } => problem.code(),
            Error::Json { .. } => "json",
            Error::Record { .. } => "record",
            Error::Local { .. } => "local_program",
            Error::OutsidePack { .. } => "outside_pack",
        }
    }

    /// The same error of a text that stood after `lines` lines of a larger input: a JSON
    /// error's line counts from the larger input's start.
    #[must_use]
    pub(crate) fn lines_after(mut self, lines: usize) -> Error {
        if let Error::Json { line, .. } = &mut self {
            *line = line.saturating_add(lines);
        }
        self
    }

    /// The same error, found inside the value at `segment` of a larger input.
    #[must_use]
    pub(crate) fn under(mut self, segment: Segment) -> Error {
        if let Error::Invalid { path, .. } | Error::Json { path, .. } | Error::Pack { path, .. } =
            &mut self
        {
            *path = std::mem::take(path).under(segment);
        }
        self
    }
}

impl Problem {
    /// The problem's stable code: its name in snake case, e.g. `id_number_check_digit`.
    pub fn code(&self) -> &'static str {
        self.into()
    }

    /// Its cause from outside the crate, for a file that could not be read or written.
    pub fn cause(&self) -> Option<&Cause> {
        match self {
            Problem::ReadFailed { cause, .. }
            | Problem::WriteFailed { cause, .. }
            | Problem::NoThread { cause } => Some(cause),
            _ => None,
        }
    }
}

impl PackProblem {
    /// The problem's stable code, e.g. `pack_missing_parameter` (for a value's own problem,
    /// that problem's code, e.g. `bad_money`).
    pub fn code(&self) -> &'static str {
        match self {
            PackProblem::Value(problem) => problem.code(),
            other => other.into(),
        }
    }
}

/// An error as a service returns it: `{"code", "message", "path"}`, the path as its steps
/// (`[{"field": "members"}, {"index": 0}]`), and for a JSON error its `line` and `column`.
///
/// # Example
///
/// ```
/// use doudi::Household;
///
/// let err = Household::from_json(r#"{"id": "h1", "area": "rural", "members": []}"#).unwrap_err();
/// assert_eq!(
///     serde_json::to_string(&err).unwrap(),
///     r#"{"code":"no_members","message":"members: a household needs at least one member","path":[{"field":"members"}]}"#
/// );
/// ```
impl serde::Serialize for Error {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap as _;
        let position = match self {
            Error::Json { line, column, .. } => Some((*line, *column)),
            _ => None,
        };
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("code", self.code())?;
        map.serialize_entry("message", &self.to_string())?;
        map.serialize_entry("path", &self.path())?;
        if let Some((line, column)) = position {
            map.serialize_entry("line", &line)?;
            map.serialize_entry("column", &column)?;
        }
        map.end()
    }
}

impl TableError {
    /// Where the problem is: the table, and the row and column when one is at fault.
    pub fn path(&self) -> Path {
        let mut segments = vec![Segment::Table(Cow::Borrowed(self.table))];
        if let Some(row) = self.row {
            segments.push(Segment::Row(row));
        }
        if let Some(column) = &self.column {
            segments.push(Segment::Column(Cow::Owned(column.clone())));
        }
        Path(segments)
    }
}

/// `text` with every invisible or reordering character (see [`is_invisible`]) written as a
/// visible escape, `\u{202e}`: so that no output carries them raw.
pub(crate) fn visible(text: std::borrow::Cow<'static, str>) -> std::borrow::Cow<'static, str> {
    if !text.chars().any(is_invisible) {
        return text;
    }
    let mut out = String::with_capacity(text.len().saturating_add(8));
    for c in text.chars() {
        if is_invisible(c) {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out.into()
}

/// Whether a character is invisible or reorders text: a control character, a
/// bidirectional mark, embedding, override or isolate, or a zero-width character.
pub(crate) fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}'
                | '\u{200b}'..='\u{200f}'
                | '\u{202a}'..='\u{202e}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{2069}'
                | '\u{feff}'
        )
}

fn join_path(path: &Path, message: &dyn fmt::Display) -> String {
    if path.is_empty() {
        message.to_string()
    } else {
        format!("{path}: {message}")
    }
}

/// One step of a [`Path`]: a field, an element of a list, a line of a text, or a table's
/// row and column.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Segment {
    /// A named field of an object (or a key of a map, or a TOML key).
    Field(Cow<'static, str>),
    /// An element of a list, from 0.
    Index(usize),
    /// A line of a text that holds many documents (JSON Lines), from 1.
    Line(usize),
    /// A table of the tables input, e.g. `persons`.
    Table(Cow<'static, str>),
    /// A row of a table, from 1 (the first row of data).
    Row(u64),
    /// A column of a table, e.g. `birth_date`.
    Column(Cow<'static, str>),
}

/// Where in an input a problem is: the steps from the input's root to the value, as data.
///
/// Rendered once, when the error is shown: fields and elements as
/// `household.members[0].id_number`, a line of JSON Lines as `line 3: …`, a table's cell as
/// `persons row 17, column birth_date`.
///
/// # Example
///
/// ```
/// use doudi::{Household, Segment};
///
/// let err = Household::from_json(r#"{"id": "h1", "area": "urban", "members": [
///   {"id": "a", "birth_date": "1990-01-01", "sex": "male", "relation": "head",
///    "incomes": [{"category": "wage", "monthly": "-5.00"}]}]}"#).unwrap_err();
/// let path = err.path();
/// assert_eq!(path.to_string(), "members[0].incomes[0].monthly");
/// assert_eq!(path.segments()[1], Segment::Index(0));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Path(Vec<Segment>);

impl Path {
    /// The empty path: the input's root.
    pub const fn root() -> Path {
        Path(Vec::new())
    }

    /// The path of the given steps.
    pub fn of(segments: impl IntoIterator<Item = Segment>) -> Path {
        Path(segments.into_iter().collect())
    }

    /// The steps, from the root.
    pub fn segments(&self) -> &[Segment] {
        &self.0
    }

    /// Whether it is the root.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The path with `segment` put before its first step: how a reader that descended into
    /// a value places the value's error in the whole input.
    #[must_use]
    pub(crate) fn under(mut self, segment: Segment) -> Path {
        self.0.insert(0, segment);
        self
    }

    /// The path with `segment` after its last step.
    #[must_use]
    pub(crate) fn then(mut self, segment: Segment) -> Path {
        self.0.push(segment);
        self
    }

    /// The path with a field after its last step.
    #[must_use]
    pub(crate) fn field(self, name: impl Into<Cow<'static, str>>) -> Path {
        self.then(Segment::Field(name.into()))
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // What came before, to join the next step: nothing, a field or index, a line, or a
        // table's part.
        #[derive(PartialEq)]
        enum Last {
            Start,
            Value,
            Line,
            Table,
        }
        let mut last = Last::Start;
        for segment in &self.0 {
            match segment {
                Segment::Field(name) => {
                    match last {
                        Last::Start => {}
                        Last::Value => f.write_str(".")?,
                        Last::Line | Last::Table => f.write_str(": ")?,
                    }
                    f.write_str(name)?;
                    last = Last::Value;
                }
                Segment::Index(i) => {
                    if matches!(last, Last::Line | Last::Table) {
                        f.write_str(": ")?;
                    }
                    write!(f, "[{i}]")?;
                    last = Last::Value;
                }
                Segment::Line(n) => {
                    if last != Last::Start {
                        f.write_str(", ")?;
                    }
                    write!(f, "line {n}")?;
                    last = Last::Line;
                }
                Segment::Table(name) => {
                    if last != Last::Start {
                        f.write_str(", ")?;
                    }
                    f.write_str(name)?;
                    last = Last::Table;
                }
                Segment::Row(row) => {
                    write!(f, " row {row}")?;
                    last = Last::Table;
                }
                Segment::Column(name) => {
                    write!(f, ", column {name}")?;
                    last = Last::Table;
                }
            }
        }
        Ok(())
    }
}

/// A path compares with its rendering: `path == "members[0].id"`.
impl PartialEq<str> for Path {
    #[allow(clippy::cmp_owned, reason = "a path equals the text it renders to")]
    fn eq(&self, other: &str) -> bool {
        self.to_string() == other
    }
}

impl PartialEq<&str> for Path {
    #[allow(clippy::cmp_owned, reason = "a path equals the text it renders to")]
    fn eq(&self, other: &&str) -> bool {
        self.to_string() == *other
    }
}

/// The steps as a list of one-key objects: `[{"field": "members"}, {"index": 0}]`.
impl serde::Serialize for Path {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_seq(&self.0)
    }
}

/// What is wrong with one fact of the input.
///
/// Each problem has a stable code ([`Problem::code`]), its variant's name in snake case.
#[derive(Debug, Clone, PartialEq, Eq, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
#[non_exhaustive]
pub enum Problem {
    /// A resident ID number whose length is not 18.
    IdNumberLength {
        /// The number of characters found.
        len: usize,
    },
    /// A resident ID number with a character that is not allowed where it is.
    IdNumberCharacter {
        /// The character.
        found: char,
        /// Its position, 1-based.
        position: usize,
    },
    /// A resident ID number whose check digit is wrong (GB 11643, ISO 7064 MOD 11-2).
    IdNumberCheckDigit {
        /// The check character found.
        found: char,
        /// The check character the first 17 digits require.
        expected: char,
    },
    /// A resident ID number whose embedded birth date is not a date.
    IdNumberBadBirthDate {
        /// The eight digits found.
        digits: String,
    },
    /// A resident ID number whose embedded birth date differs from `birth_date`.
    IdNumberBirthDateMismatch {
        /// The date inside the number.
        embedded: NaiveDate,
        /// The person's `birth_date`.
        birth_date: NaiveDate,
    },
    /// A text that is not a month `YYYY-MM`.
    BadMonth {
        /// The text.
        text: String,
    },
    /// A text that is not a calendar date `YYYY-MM-DD`.
    BadDate {
        /// The text.
        text: String,
    },
    /// A date or month outside the years the crate accepts.
    YearOutOfRange {
        /// The year found.
        year: i32,
    },
    /// A text that is not an amount of money.
    BadMoney {
        /// The text.
        text: String,
    },
    /// A money amount that is negative where only non-negative amounts make sense.
    NegativeAmount {
        /// The amount.
        amount: Decimal,
    },
    /// A money amount with more than two decimal places (finer than one fen).
    TooPrecise {
        /// The amount.
        amount: Decimal,
    },
    /// A money amount above the crate's limit.
    AmountTooLarge {
        /// The amount.
        amount: Decimal,
        /// The limit.
        limit: Decimal,
    },
    /// The text of an amount longer than any amount is written (leading zeros, say).
    AmountTooLong {
        /// Its length in characters.
        len: usize,
        /// The most read.
        limit: usize,
    },
    /// An amount far beyond the limit, beyond what a decimal of the crate holds: shown as
    /// it was written.
    AmountFarTooLarge {
        /// The amount as written.
        amount: String,
        /// The limit.
        limit: Decimal,
    },
    /// A disability grade outside 1–4.
    DisabilityGrade {
        /// The grade found.
        grade: i64,
    },
    /// An identifier that is empty, too long or has control characters.
    BadIdentifier {
        /// The identifier.
        text: String,
    },
    /// An input larger than the crate reads, in bytes (a JSON text, a document of JSON
    /// Lines, a pack file): refused without being parsed.
    TooManyBytes {
        /// Its size in bytes (of the whole document, also when reading stopped early).
        bytes: usize,
        /// The most allowed.
        limit: usize,
    },
    /// A text longer than the crate accepts.
    TextTooLong {
        /// Its length in characters.
        len: usize,
        /// The limit.
        limit: usize,
    },
    /// A list longer than the crate accepts.
    TooMany {
        /// The number of entries.
        count: usize,
        /// The limit.
        limit: usize,
    },
    /// A household without members.
    NoMembers,
    /// Two members with one person id.
    DuplicatePersonId {
        /// The id.
        id: String,
        /// The index of the member that has it first.
        first: usize,
    },
    /// A household that has no head, or more than one.
    HeadCount {
        /// How many members are marked `head`.
        count: usize,
    },
    /// A value listed twice in a set.
    Duplicate {
        /// The value, as written on the wire.
        value: String,
    },
    /// A reference to a person who is not a member of the household.
    UnknownMember {
        /// The person id referred to.
        id: String,
    },
    /// `income_rose_in` on an enrolment that is not `dibao`.
    IncomeRoseNotDibao {
        /// The enrolment's program.
        program: String,
    },
    /// `income_rose_in` before the enrolment began.
    IncomeRoseBeforeSince {
        /// The month the income rose.
        rose: Month,
        /// The month the enrolment began.
        since: Month,
    },
    /// `last_review` on an enrolment of a program that is not reviewed (dibao and tekun are).
    ReviewNotReviewed {
        /// The enrolment's program.
        program: String,
    },
    /// `last_review` before the enrolment began.
    ReviewBeforeSince {
        /// The month of the last review.
        review: Month,
        /// The month the enrolment began.
        since: Month,
    },
    /// A verified income of a category that is not counted (only wage, business, property
    /// and transfer income are).
    VerifiedNotCounted {
        /// The category's wire name.
        category: &'static str,
    },
    /// A verification row gives a cell its fact does not have (a person for financial
    /// assets, an amount for the vehicle flag).
    NotForFact {
        /// The fact's wire name.
        fact: &'static str,
    },
    /// A one-off program named in an enrolment (enrolments are for monthly programs).
    NotEnrollable {
        /// The program.
        program: String,
    },
    /// Two enrolments of one person (or of the household) in one program.
    DuplicateEnrolment {
        /// The program.
        program: String,
        /// The index of the first enrolment.
        first: usize,
    },
    /// A program name that is neither built in nor `local:NAME`.
    UnknownProgram {
        /// The name found.
        name: String,
    },
    /// An enrolment in a person program that names no person.
    PersonRequired {
        /// The program.
        program: String,
    },
    /// An enrolment in a household program that names a person.
    HouseholdProgram {
        /// The program.
        program: String,
    },
    /// A temporary-assistance event with a shortfall of zero.
    ZeroShortfall,
    /// A birth date after the month being evaluated.
    BornAfter {
        /// The birth date.
        birth_date: NaiveDate,
        /// The evaluated month.
        month: Month,
    },
    /// A field that must be given is missing.
    Missing,
    /// A field given twice in one object.
    GivenTwice,
    /// A value that is not one of the allowed names (an enum field given another name, a
    /// number or a boolean).
    NotOneOf {
        /// What was found, as written (a string quoted).
        found: String,
        /// The allowed names, separated by commas.
        allowed: String,
    },
    /// A value of the wrong JSON type (a number where an identifier is expected, …).
    WrongType {
        /// What was found, in words, with its value where it has one (`the number 7`,
        /// `a list`, …).
        found: String,
        /// What is expected, in words.
        expected: String,
    },
    /// An object that must give exactly one of its fields.
    OneOf {
        /// The fields, separated by commas.
        fields: &'static str,
        /// How many were given.
        given: usize,
    },
    /// An amount of money written as a JSON number.
    AmountAsNumber {
        /// The number as the parser read it.
        number: String,
    },
    /// A resident ID number whose sex digit (the 17th) contradicts `sex`: odd for male,
    /// even for female (GB 11643).
    IdNumberSexMismatch {
        /// The 17th digit.
        digit: char,
        /// The person's `sex`.
        sex: &'static str,
    },
    /// A text that is not UTF-8.
    NotUtf8 {
        /// The byte offset of the first invalid byte, from the start of the input.
        offset: usize,
    },
    /// An input in UTF-16 (it starts with a UTF-16 byte-order mark).
    Utf16,
    /// An input that could not be read; the reason is the error's source.
    ReadFailed {
        /// What could not be read: a file's path, or `the input`.
        what: String,
        /// Why.
        cause: Cause,
    },
    /// A thread of a run could not be started; the reason is the error's source.
    NoThread {
        /// Why.
        cause: Cause,
    },
    /// An output that could not be written; the reason is the error's source.
    WriteFailed {
        /// What could not be written: a file's path.
        what: String,
        /// Why.
        cause: Cause,
    },
    /// A table given twice in a directory, as Parquet and as CSV.
    TwoTableFiles {
        /// The first file.
        first: String,
        /// The second file.
        second: String,
    },
    /// A directory of tables without a table that must be there.
    NoTableFile {
        /// The directory.
        dir: String,
        /// The table.
        table: &'static str,
    },
    /// A table file whose extension names no format the crate reads.
    UnknownExtension {
        /// The file.
        file: String,
    },
    /// A CSV table whose header is separated by another character than a comma.
    CsvSeparator {
        /// The file.
        file: String,
        /// The separator its header uses.
        separator: char,
    },
    /// A file in a directory of input tables that is none of them: refused rather than
    /// passed over, so that a misnamed table is not read as an empty one.
    NotATableFile {
        /// The file.
        file: String,
        /// The input table whose name is nearest to the file's.
        nearest: &'static str,
    },
    /// A column that a table must have is absent.
    MissingColumn,
    /// A column that the table does not have (a misspelt fact would otherwise be read as
    /// not given).
    UnknownColumn,
    /// A column of a type that cannot hold the fact.
    ColumnType {
        /// The column's type, as Arrow names it.
        found: String,
        /// The types accepted, in words.
        expected: &'static str,
    },
    /// A row whose household comes before the previous row's, in a table that is read as
    /// sorted by household.
    NotSorted {
        /// The previous row's household.
        previous: String,
    },
    /// Rows of a household that has no row in the households table.
    NoHouseholdRow,
    /// A value given on two rows where it must be given once.
    RowTwice {
        /// What is repeated, in words (e.g. `household h1`).
        what: String,
        /// The first row that gives it.
        first_row: u64,
    },
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::IdNumberLength { len } => write!(f, "has {len} characters, expected 18"),
            Self::IdNumberCharacter { found, position } => {
                write!(
                    f,
                    "character {found:?} at position {position} is not allowed"
                )
            }
            Self::IdNumberCheckDigit { found, expected } => {
                write!(f, "check digit is {found}, expected {expected}")
            }
            Self::IdNumberBadBirthDate { digits } => {
                write!(f, "embedded birth date {digits} is not a date")
            }
            Self::IdNumberBirthDateMismatch {
                embedded,
                birth_date,
            } => write!(
                f,
                "embedded birth date {embedded} differs from birth_date {birth_date}"
            ),
            Self::BadMonth { text } => write!(f, "{text:?} is not a month (YYYY-MM)"),
            Self::BadDate { text } => write!(f, "{text:?} is not a date (YYYY-MM-DD)"),
            Self::YearOutOfRange { year } => write!(
                f,
                "year {year} is outside {}..={}",
                crate::period::FIRST_YEAR,
                crate::period::LAST_YEAR
            ),
            Self::BadMoney { text } => {
                write!(f, "{text:?} is not an amount of money (e.g. \"620.00\")")
            }
            Self::NegativeAmount { amount } => write!(f, "amount {amount} is negative"),
            Self::TooPrecise { amount } => {
                write!(f, "amount {amount} has more than 2 decimal places")
            }
            Self::AmountTooLong { len, limit } => write!(
                f,
                "an amount written in {len} characters; at most {limit} are read (leave out leading zeros)"
            ),
            Self::AmountFarTooLarge { amount, limit } => {
                write!(f, "amount {amount} exceeds the limit {limit}")
            }
            Self::AmountTooLarge { amount, limit } => {
                write!(f, "amount {amount} exceeds the limit {limit}")
            }
            Self::DisabilityGrade { grade } => write!(f, "grade {grade} is outside 1–4"),
            Self::BadIdentifier { text } => write!(
                f,
                "{text:?} is not an identifier (1 to 64 visible characters: no control, bidirectional or zero-width characters, no white space at either end)"
            ),
            Self::TooManyBytes { bytes, limit } => {
                write!(f, "{bytes} bytes exceed the limit of {limit} bytes")
            }
            Self::TextTooLong { len, limit } => {
                write!(f, "text of {len} characters exceeds the limit of {limit}")
            }
            Self::TooMany { count, limit } => {
                write!(f, "{count} entries exceed the limit of {limit}")
            }
            Self::NoMembers => write!(f, "a household needs at least one member"),
            Self::DuplicatePersonId { id, first } => {
                write!(f, "person id {id:?} is already used by members[{first}]")
            }
            Self::HeadCount { count } => {
                write!(f, "a household needs exactly one head, found {count}")
            }
            Self::Duplicate { value } => write!(f, "{value} is listed twice"),
            Self::UnknownMember { id } => {
                write!(f, "person {id:?} is not a member of the household")
            }
            Self::IncomeRoseNotDibao { program } => {
                write!(
                    f,
                    "only a dibao enrolment has income_rose_in, not {program}"
                )
            }
            Self::IncomeRoseBeforeSince { rose, since } => write!(
                f,
                "income rose in {rose}, before the enrolment began in {since}"
            ),
            Self::ReviewNotReviewed { program } => write!(
                f,
                "only dibao and tekun enrolments are reviewed and have last_review, not {program}"
            ),
            Self::ReviewBeforeSince { review, since } => write!(
                f,
                "last reviewed in {review}, before the enrolment began in {since}"
            ),
            Self::VerifiedNotCounted { category } => write!(
                f,
                "a verified income must be of a counted category (wage, business, property, transfer), not {category}"
            ),
            Self::NotForFact { fact } => {
                write!(
                    f,
                    "a verification of {fact} has no such value; leave the field out"
                )
            }
            Self::NotEnrollable { program } => write!(
                f,
                "{program} is paid once, not by enrolment; record it as an event"
            ),
            Self::DuplicateEnrolment { program, first } => write!(
                f,
                "a second enrolment in {program} for the same beneficiary (first at enrolments[{first}])"
            ),
            Self::UnknownProgram { name } => write!(f, "unknown program {name:?}"),
            Self::PersonRequired { program } => {
                write!(f, "{program} is paid to a person; name the member")
            }
            Self::HouseholdProgram { program } => {
                write!(f, "{program} is a household program; it names no person")
            }
            Self::ZeroShortfall => write!(f, "the shortfall must be more than 0"),
            Self::BornAfter { birth_date, month } => {
                write!(f, "{birth_date} is after the evaluated month {month}")
            }
            Self::Missing => write!(f, "missing"),
            Self::GivenTwice => write!(f, "given twice"),
            Self::NotOneOf { found, allowed } => write!(f, "{found} is not one of {allowed}"),
            Self::WrongType { found, expected } => write!(f, "{found}, expected {expected}"),
            Self::OneOf { fields, given } => {
                write!(f, "give exactly one of {fields}, not {given}")
            }
            Self::AmountAsNumber { number } => write!(
                f,
                "{number} is a JSON number; write amounts as strings such as \"620.00\""
            ),
            Self::IdNumberSexMismatch { digit, sex } => write!(
                f,
                "sex digit {digit} is {}, but sex is {sex} (odd for male, even for female)",
                if digit.to_digit(10).is_some_and(|d| d % 2 == 1) {
                    "odd"
                } else {
                    "even"
                }
            ),
            Self::NotUtf8 { offset } => {
                write!(
                    f,
                    "not UTF-8 (an invalid byte at offset {offset} of the input)"
                )
            }
            Self::Utf16 => write!(f, "the input is UTF-16; write it as UTF-8"),
            Self::ReadFailed { what, .. } => write!(f, "{what} cannot be read"),
            Self::WriteFailed { what, .. } => write!(f, "{what} cannot be written"),
            Self::NoThread { .. } => write!(
                f,
                "a thread of the run cannot be started: run on fewer threads"
            ),
            Self::TwoTableFiles { first, second } => {
                write!(f, "both {first} and {second} are there: keep one")
            }
            Self::NoTableFile { dir, table } => {
                write!(f, "{dir} has neither {table}.parquet nor {table}.csv")
            }
            Self::UnknownExtension { file } => {
                write!(f, "{file}: the extension is neither .parquet nor .csv")
            }
            Self::CsvSeparator { file, separator } => write!(
                f,
                "{file}: the header is separated by {separator:?}; a table's CSV is separated by commas"
            ),
            Self::NotATableFile { file, nearest } => write!(
                f,
                "{file} is not an input table (the nearest name is {nearest}); every file of a directory of tables must be one, as NAME.parquet or NAME.csv"
            ),
            Self::MissingColumn => write!(f, "the column is missing"),
            Self::UnknownColumn => write!(
                f,
                "the table has no such column (select only the columns it has)"
            ),
            Self::ColumnType { found, expected } => {
                write!(f, "the column's type is {found}, expected {expected}")
            }
            Self::NotSorted { previous } => write!(
                f,
                "this row's household comes before the previous row's ({previous:?}): the table is not sorted by household_id"
            ),
            Self::NoHouseholdRow => write!(
                f,
                "the household has rows here but no row in the households table"
            ),
            Self::RowTwice { what, first_row } => {
                write!(f, "{what} is already given on row {first_row}")
            }
        }
    }
}

/// What is wrong with a value of a policy pack.
///
/// Each problem has a stable code ([`PackProblem::code`]): `pack_` and its variant's name in
/// snake case, or for a value's own problem, that problem's code.
#[derive(Debug, Clone, PartialEq, Eq, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case", prefix = "pack_")]
#[non_exhaustive]
pub enum PackProblem {
    /// The text is not valid TOML.
    Syntax {
        /// The line of the mistake (1-based).
        line: usize,
        /// The TOML parser's words for the mistake.
        message: String,
        /// The TOML parser's error.
        cause: Cause,
    },
    /// A key that the pack format does not know.
    UnknownKey,
    /// A key that the pack format needs is missing.
    Missing,
    /// A value of the wrong kind.
    WrongType {
        /// What was expected, e.g. `a money amount as a string such as "620.00"`.
        expected: &'static str,
        /// What was found, with its value where it has one (`the boolean true`).
        found: String,
    },
    /// A factor or percentage with more decimal places than a pack may write.
    TooManyPlaces {
        /// The value as written.
        value: String,
        /// Its decimal places.
        places: u32,
        /// The most allowed.
        most: u32,
    },
    /// A fact-level problem (bad month, bad money, bad date, …).
    Value(Problem),
    /// A parameter name the pack format does not know.
    UnknownParameter {
        /// The dotted name.
        name: String,
    },
    /// A parameter that has no value on the pack's first month.
    NoValueAtStart {
        /// The parameter.
        name: &'static str,
        /// The date of its first value.
        first: NaiveDate,
        /// The first month the pack covers.
        covers: Month,
    },
    /// A parameter the pack does not give at all.
    MissingParameter {
        /// The parameter.
        name: &'static str,
    },
    /// Several parameters without a value: every one, in the crate's order.
    MissingParameters {
        /// The parameters.
        names: Vec<&'static str>,
    },
    /// Dates of a history that are not strictly increasing.
    NotIncreasing {
        /// This entry's date.
        date: NaiveDate,
        /// The previous entry's date.
        previous: NaiveDate,
    },
    /// A value's source id that is not in `[sources]`.
    UnknownSource {
        /// The id.
        id: String,
    },
    /// A value outside the range its parameter allows.
    OutOfRange {
        /// The value, as written.
        value: String,
        /// The allowed range, in words.
        allowed: &'static str,
    },
    /// A name that is not one of the allowed names.
    UnknownName {
        /// The name found.
        found: String,
        /// The names allowed.
        expected: &'static str,
    },
    /// An overlap rule that does not hang together.
    BadOverlap {
        /// Why.
        why: &'static str,
    },
    /// Two values of one parameter that take effect in the same month: the earlier would
    /// never apply.
    SameMonth {
        /// This entry's date.
        date: NaiveDate,
        /// The previous entry's date.
        previous: NaiveDate,
        /// The month both take effect in.
        month: Month,
    },
    /// Rules that form a cycle (A over B over … over A): exclusive rules whose winners do
    /// (which wins would depend on the order the rules are applied in), or top-ups that do
    /// (each pays only above the next, so none has an amount to start from).
    OverlapCycle {
        /// The kind of the rules, as the pack writes it: `exclusive` or `top_up`.
        kind: &'static str,
        /// The rules of the cycle, by their row in the pack.
        rules: Vec<usize>,
        /// The programs of the cycle: each winning over the next (exclusive), or each paid
        /// above the next (top-up).
        programs: String,
    },
    /// Text with control, bidirectional or zero-width characters, which would show one
    /// thing and mean another.
    InvisibleCharacters,
    /// Two overlap rules for the same pair of programs.
    DuplicateOverlap {
        /// The index of the first rule.
        first: usize,
    },
    /// The overlap table gives no consistent answer for a household: a rule withholds a
    /// program only when another rule does not, and the other way round.
    NoConsistentAnswer {
        /// The household.
        household: String,
    },
    /// An overlap rule naming a local program the engine does not have.
    NoSuchLocalProgram {
        /// The program, `local:NAME`.
        name: String,
    },
    /// A pack whose last month is before its first.
    EmptyCoverage {
        /// The first month.
        first: Month,
        /// The last month.
        last: Month,
    },
    /// A base that is neither the name of a pack embedded in the crate nor a pack file that
    /// can be read.
    NoSuchBase {
        /// The base as written.
        base: String,
        /// Why it cannot be used.
        why: String,
    },
    /// A base that could be read but does not load: the error in it.
    BaseRefused {
        /// The base as written.
        base: String,
        /// What is wrong with it.
        error: Box<Error>,
    },
    /// Layers whose bases lead back to one of them.
    LayerCycle {
        /// The layers of the cycle, from the first named to the one named again.
        layers: Vec<String>,
    },
    /// A pack file that cannot be read.
    Unreadable {
        /// The file as named.
        file: String,
        /// Why, in the system's words.
        why: String,
    },
    /// A `remove_overlap` row that matches no rule of the base.
    NothingToRemove,
    /// A pack format the crate does not know (a later crate's, or not a format at all).
    UnknownFormat {
        /// The format as written.
        found: String,
        /// The latest format the crate reads.
        latest: u32,
    },
}

impl fmt::Display for PackProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Syntax { line, message, .. } => {
                write!(f, "is not valid TOML: line {line}: {message}")
            }
            Self::UnknownKey => write!(f, "unknown key"),
            Self::Missing => write!(f, "missing"),
            Self::WrongType { expected, found } => write!(f, "{found}, expected {expected}"),
            Self::TooManyPlaces {
                value,
                places,
                most,
            } => write!(
                f,
                "{value} has {places} decimal places; a pack value has at most {most}"
            ),
            Self::Value(problem) => problem.fmt(f),
            Self::UnknownParameter { name } => write!(f, "unknown parameter {name}"),
            Self::NoValueAtStart {
                name,
                first,
                covers,
            } => write!(
                f,
                "{name} has no value for {covers}, the pack's first month (its first value is from {first})"
            ),
            Self::MissingParameter { name } => write!(f, "parameter {name} is missing"),
            Self::MissingParameters { names } => {
                write!(f, "lacks {} parameters: {}", names.len(), names.join(", "))
            }
            Self::NotIncreasing { date, previous } => write!(
                f,
                "date {date} is not after the previous entry's {previous}"
            ),
            Self::UnknownSource { id } => write!(f, "source {id:?} is not in [sources]"),
            Self::OutOfRange { value, allowed } => {
                write!(f, "{value} is outside the allowed range {allowed}")
            }
            Self::UnknownName { found, expected } => {
                write!(f, "{found:?} is not one of {expected}")
            }
            Self::BadOverlap { why } => write!(f, "{why}"),
            Self::SameMonth {
                date,
                previous,
                month,
            } => write!(
                f,
                "date {date} takes effect in {month}, as the previous entry's {previous}: the previous would never apply"
            ),
            Self::OverlapCycle {
                kind,
                rules,
                programs,
            } => {
                let rows: Vec<String> = rules.iter().map(|r| format!("overlap[{r}]")).collect();
                let why = if *kind == "top_up" {
                    "each is paid only above the next, so none has an amount to start from"
                } else {
                    "which program wins would depend on the order they are applied in"
                };
                write!(
                    f,
                    "{kind} rules {} form a cycle ({programs}): {why}",
                    rows.join(", ")
                )
            }
            Self::InvisibleCharacters => {
                write!(f, "has control, bidirectional or zero-width characters")
            }
            Self::DuplicateOverlap { first } => {
                write!(
                    f,
                    "a second rule for the same pair of programs (first at overlap[{first}]): both could apply to one person"
                )
            }
            Self::NoConsistentAnswer { household } => write!(
                f,
                "gives household {household} no consistent answer: withholding a program by this rule changes whether it applies"
            ),
            Self::NoSuchLocalProgram { name } => write!(
                f,
                "names {name}, which the engine does not have (add it with Engine::builder)"
            ),
            Self::EmptyCoverage { first, last } => {
                write!(f, "covers {first}..{last}, which is empty")
            }
            Self::NoSuchBase { base, why } => write!(
                f,
                "base {base:?} is neither an embedded pack (maojian) nor a pack file: {why}"
            ),
            Self::Unreadable { file, why } => write!(f, "{file} cannot be read: {why}"),
            Self::BaseRefused { base, error } => write!(f, "base {base:?} does not load: {error}"),
            Self::LayerCycle { layers } => {
                write!(f, "layers form a cycle: {}", layers.join(" on "))
            }
            Self::NothingToRemove => write!(
                f,
                "matches no overlap rule of the base (a, b and kind must all match)"
            ),
            Self::UnknownFormat { found, latest } => write!(
                f,
                "format {found} is not one this crate reads (1 to {latest}; a later crate may)"
            ),
        }
    }
}

/// A location inside an input, built lazily: rendering happens only when an error is made.
#[derive(Clone, Copy)]
pub(crate) enum Loc<'a> {
    /// The document root.
    Root,
    /// A named field of the parent.
    Field(&'a Loc<'a>, &'static str),
    /// An element of a list in the parent.
    Index(&'a Loc<'a>, usize),
}

impl<'a> Loc<'a> {
    pub(crate) fn field(&'a self, name: &'static str) -> Loc<'a> {
        Loc::Field(self, name)
    }

    pub(crate) fn index(&'a self, i: usize) -> Loc<'a> {
        Loc::Index(self, i)
    }

    /// An [`Error::Invalid`] at this location.
    pub(crate) fn invalid(&self, problem: Problem) -> Error {
        Error::Invalid {
            path: self.path(),
            problem,
        }
    }

    /// The location as a [`Path`].
    pub(crate) fn path(&self) -> Path {
        let mut segments = Vec::new();
        let mut at = self;
        loop {
            match at {
                Loc::Root => break,
                Loc::Field(parent, name) => {
                    segments.push(Segment::Field(Cow::Borrowed(*name)));
                    at = parent;
                }
                Loc::Index(parent, i) => {
                    segments.push(Segment::Index(*i));
                    at = parent;
                }
            }
        }
        segments.reverse();
        Path(segments)
    }
}

impl fmt::Display for Loc<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Loc::Root => Ok(()),
            Loc::Field(parent, name) => {
                parent.fmt(f)?;
                if !matches!(parent, Loc::Root) {
                    f.write_str(".")?;
                }
                f.write_str(name)
            }
            Loc::Index(parent, i) => {
                parent.fmt(f)?;
                write!(f, "[{i}]")
            }
        }
    }
}
