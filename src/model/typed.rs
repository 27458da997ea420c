//! JSON into any type with the crate's checks, the full path of a bad value as typed steps
//! and, for every check the crate makes, its typed [`Problem`].
//!
//! A text is first read as it comes, straight into the type (the common case costs
//! nothing more). Only a text that fails is read again, in two steps:
//!
//! 1. strictly, into a JSON value (a syntax error or a key given twice is found with its
//!    path as data);
//! 2. from that value into the type, by [`ValueReader`], a deserialiser whose error is the
//!    crate's own: every step down (a field, an element) is put on the error's [`Path`] as
//!    it comes back up, and where one of the crate's values refuses (it names itself to the
//!    reader: see `crate::read`), the reader runs that value's check again on the value
//!    found, typed ([`CHECKED`]).
//!
//! So a problem deep inside a service's own request type comes back as
//! `household.members[0].id_number: check digit is 9, expected 5`, with the steps and the
//! problem as data, and no side channel between serde and the crate.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{
    DeserializeOwned, DeserializeSeed, Deserializer, EnumAccess, Expected, MapAccess, SeqAccess,
    Unexpected, VariantAccess, Visitor,
};
use serde_json::Value;

use crate::error::{Error, Path, Problem, Result, Segment};
use crate::read::{SelfChecked, StrictValue, TextForm, mask_long_numbers};

/// A check the typed reader can run again on a value that one of the crate's types
/// refused: the name the type gives the reader, and the check.
pub(crate) trait Checked: Sync {
    /// The name the type gives the reader.
    fn name(&self) -> &'static str;

    /// The error `value` gives, typed, with its path inside the value; `None` when it reads.
    fn error(&self, value: &Value) -> Option<Error>;
}

impl<T> Checked for TextForm<T> {
    fn name(&self) -> &'static str {
        self.name
    }

    fn error(&self, value: &Value) -> Option<Error> {
        self.problem(value).map(crate::read::invalid)
    }
}

/// A value checked by a function of its JSON value.
pub(crate) struct Leaf {
    name: &'static str,
    problem: fn(&Value) -> Option<Problem>,
}

impl Checked for Leaf {
    fn name(&self) -> &'static str {
        self.name
    }

    fn error(&self, value: &Value) -> Option<Error> {
        (self.problem)(value).map(crate::read::invalid)
    }
}

/// The check of a [`SelfChecked`] whole (a household, a person, a self-care assessment, a
/// set of names): read again from the value by the typed reader, whose errors are typed.
pub(crate) struct Check<T>(PhantomData<fn() -> T>);

impl<T> Check<T> {
    const OF: Check<T> = Check(PhantomData);
}

impl<T: SelfChecked> Checked for Check<T> {
    fn name(&self) -> &'static str {
        T::NAME
    }

    fn error(&self, value: &Value) -> Option<Error> {
        T::read(ValueReader::plain(value))
            .and_then(|read| read)
            .err()
    }
}

/// Every type of the crate that checks itself while it is deserialised, by the name it
/// gives the reader: the one list the typed reader consults when such a value refuses.
pub(crate) const CHECKED: &[&dyn Checked] = &[
    &crate::parse::MONTH_TEXT,
    &crate::parse::DATE_TEXT,
    &crate::money::MONEY_TEXT,
    &super::PersonId::TEXT,
    &super::HouseholdId::TEXT,
    &super::Township::TEXT,
    &super::ProgramId::TEXT,
    &super::id_number::RESIDENT_ID_TEXT,
    &Leaf {
        name: "doudi::Grade",
        problem: super::facts::grade_problem,
    },
    &Check::<super::SelfCare>::OF,
    &Check::<super::FlagSet<super::DailyActivity>>::OF,
    &Check::<super::FlagSet<super::PersonStatus>>::OF,
    &Check::<super::Person>::OF,
    &Check::<super::Household>::OF,
];

/// The check of the type that names itself `name`.
fn checked(name: &str) -> Option<&'static dyn Checked> {
    CHECKED.iter().find(|c| c.name() == name).copied()
}

impl super::Household {
    /// Reads one household from JSON, checking every fact.
    ///
    /// # Errors
    ///
    /// [`crate::Error::Invalid`] with the field's path and its typed [`crate::Problem`] for
    /// every fact the crate checks (a bad month, date, amount, identifier, ID number or
    /// name; a missing or repeated field; facts that contradict each other);
    /// [`crate::Error::Json`] for text that is not JSON or has the wrong shape (an unknown
    /// field, a list where an object belongs). Texts longer than [`super::MAX_JSON_BYTES`] are
    /// refused without being parsed.
    pub fn from_json(text: &str) -> Result<super::Household> {
        if text.len() > super::MAX_JSON_BYTES {
            return Err(crate::error::Loc::Root.invalid(Problem::TooManyBytes {
                bytes: text.len(),
                limit: super::MAX_JSON_BYTES,
            }));
        }
        // serde would read a JSON list as the fields in order: a household is an object.
        if text.trim_start().starts_with('[') {
            return Err(crate::error::Loc::Root.invalid(Problem::WrongType {
                found: "a list".to_owned(),
                expected: "a household, a JSON object".to_owned(),
            }));
        }
        from_str(text)
    }
}

/// Reads a JSON text into any type (see the [module docs](self)).
///
/// # Errors
///
/// [`Error::Invalid`] for a value that fails a check of the crate (with its path from the
/// outer document and its problem), or a missing or repeated field; [`Error::Json`] for
/// text that is not JSON or does not have the type's shape.
pub(crate) fn from_str<T: DeserializeOwned>(text: &str) -> Result<T> {
    let first = match serde_json::from_str::<T>(text) {
        Ok(value) => return Ok(value),
        Err(e) => e,
    };
    let at = (first.line(), first.column());
    let value = match strict(text) {
        Ok(StrictValue {
            repeated: Some(path),
            ..
        }) => {
            return Err(Error::Invalid {
                path,
                problem: Problem::GivenTwice,
            });
        }
        Ok(strict) => strict.value,
        // Not JSON, or nested deeper than the parser reads: where the first reading stopped
        // inside the type, with serde_json's words.
        Err(_) => return Err(along_the_type::<T>(text)),
    };
    match T::deserialize(ValueReader::plain(&value)) {
        Err(Error::Json {
            path,
            message,
            line: 0,
            column: 0,
        }) => Err(Error::Json {
            path,
            message,
            line: at.0,
            column: at.1,
        }),
        Err(other) => Err(other),
        // The value reads where the text did not (a number serde_json reads apart from a
        // value): the first reading's error is the answer.
        Ok(_) => Err(along_the_type::<T>(text)),
    }
}

/// The error of reading `text` into `T` as it comes, at the path in `T` where it stopped.
fn along_the_type<T: DeserializeOwned>(text: &str) -> Error {
    let mut de = serde_json::Deserializer::from_str(text);
    match serde_path_to_error::deserialize::<_, T>(&mut de) {
        Err(e) => syntax(text, &path_of(e.path()), e.inner()),
        Ok(_) => match de.end() {
            Err(e) => syntax(text, &Path::root(), &e),
            Ok(()) => Error::Json {
                path: Path::root(),
                message: "cannot be read".to_owned(),
                line: 1,
                column: 1,
            },
        },
    }
}

/// Reads a JSON text as a value in which no object gives a key twice.
///
/// # Errors
///
/// [`Error::Invalid`] with [`Problem::GivenTwice`] at the repeated key's path;
/// [`Error::Json`] for text that is not JSON.
pub(crate) fn strict_value(text: &str) -> Result<Value> {
    let strict = strict(text)?;
    match strict.repeated {
        Some(path) => Err(Error::Invalid {
            path,
            problem: Problem::GivenTwice,
        }),
        None => Ok(strict.value),
    }
}

/// Reads a text strictly into a value: a syntax error, found with its path.
fn strict(text: &str) -> Result<StrictValue> {
    let mut de = serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize::<_, StrictValue>(&mut de)
        .map_err(|e| syntax(text, &path_of(e.path()), e.inner()))
        .and_then(|v| {
            de.end()
                .map(|()| v)
                .map_err(|e| syntax(text, &Path::root(), &e))
        })
}

/// The typed steps of serde_path_to_error's path.
fn path_of(path: &serde_path_to_error::Path) -> Path {
    Path::of(path.iter().filter_map(|segment| match segment {
        serde_path_to_error::Segment::Seq { index } => Some(Segment::Index(*index)),
        serde_path_to_error::Segment::Map { key } => Some(Segment::Field(key.clone().into())),
        serde_path_to_error::Segment::Enum { variant } => {
            Some(Segment::Field(variant.clone().into()))
        }
        _ => None,
    }))
}

/// The error of a text that is not JSON, found at `path`: serde_json's words, with the
/// position as numbers (so that a document read from the middle of an input can count
/// lines from the input's start). A number the parser could not hold (`1e400`, or digits
/// past any integer) stopped it: the message says how amounts are written.
fn syntax(text: &str, path: &Path, err: &serde_json::Error) -> Error {
    let mut message = crate::read::json_message(err);
    if err.is_syntax() && ends_a_huge_number(text, err.line(), err.column()) {
        message.push_str(" (amounts are written as strings such as \"620.00\")");
    } else if let Some(word) = not_a_json_number(text, err.line(), err.column()) {
        message = format!(
            "{word} is not a JSON value; amounts are written as strings such as \"620.00\""
        );
    }
    Error::Json {
        path: path.clone(),
        message,
        line: err.line(),
        column: err.column(),
    }
}

/// The word JavaScript writes for a number JSON does not have (`NaN`, `Infinity`,
/// `-Infinity`) where serde_json stopped, at `line`, `column`.
fn not_a_json_number(text: &str, line: usize, column: usize) -> Option<&'static str> {
    let row = text.split('\n').nth(line.saturating_sub(1))?;
    // serde_json points at the character it stopped on, or the one after.
    let from = column.saturating_sub(2);
    let rest = row
        .get(from..)
        .or_else(|| row.get(column.saturating_sub(1)..))?;
    let rest = rest.trim_start_matches([' ', ':', ',', '[']);
    ["-Infinity", "+Infinity", "Infinity", "NaN", "-NaN"]
        .into_iter()
        .find(|word| rest.starts_with(word))
}

/// Whether the JSON number that ends at `line`, `column` (as serde_json counts them) has an
/// exponent or more than 20 digits: one that no amount, count or flag of the crate is.
fn ends_a_huge_number(text: &str, line: usize, column: usize) -> bool {
    let Some(row) = text.split('\n').nth(line.saturating_sub(1)) else {
        return false;
    };
    let end = column.min(row.len());
    let Some(before) = row.get(..end) else {
        return false;
    };
    let token: String = before
        .chars()
        .rev()
        .take_while(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-'))
        .collect();
    let digits = token.chars().filter(char::is_ascii_digit).count();
    digits > 0 && (token.contains(['e', 'E']) || digits > 20)
}

/// A deserialiser of a JSON value whose errors are the crate's, each with its typed path.
#[derive(Clone, Copy)]
pub(crate) struct ValueReader<'a> {
    value: &'a Value,
}

impl<'a> ValueReader<'a> {
    /// A reader of `value`.
    pub(crate) fn plain(value: &'a Value) -> ValueReader<'a> {
        ValueReader { value }
    }

    fn unexpected(&self) -> Unexpected<'a> {
        match self.value {
            Value::Null => Unexpected::Unit,
            Value::Bool(b) => Unexpected::Bool(*b),
            Value::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
                (Some(u), _, _) => Unexpected::Unsigned(u),
                (_, Some(i), _) => Unexpected::Signed(i),
                (_, _, Some(f)) => Unexpected::Float(f),
                _ => Unexpected::Other("a number"),
            },
            Value::String(s) => Unexpected::Str(s),
            Value::Array(_) => Unexpected::Seq,
            Value::Object(_) => Unexpected::Map,
        }
    }
}

impl<'de, 'a> Deserializer<'de> for ValueReader<'a> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.value {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Number(n) => {
                if let Some(u) = n.as_u64() {
                    visitor.visit_u64(u)
                } else if let Some(i) = n.as_i64() {
                    visitor.visit_i64(i)
                } else {
                    visitor.visit_f64(n.as_f64().unwrap_or(f64::NAN))
                }
            }
            Value::String(s) => visitor.visit_str(s),
            Value::Array(items) => visitor.visit_seq(Items {
                items: items.iter(),
                at: 0,
            }),
            Value::Object(map) => visitor.visit_map(Entries {
                entries: map.iter(),
                pending: None,
            }),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.value {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        match visitor.visit_newtype_struct(self) {
            Ok(value) => Ok(value),
            // One of the crate's values refused: its check, run again on the value found,
            // gives the typed problem.
            Err(e) => Err(checked(name).and_then(|c| c.error(self.value)).unwrap_or(e)),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        match self.value {
            Value::String(s) => visitor.visit_enum(Variant {
                name: s,
                value: None,
            }),
            Value::Object(map) if map.len() == 1 => match map.iter().next() {
                Some((name, value)) => visitor.visit_enum(Variant {
                    name,
                    value: Some(value),
                }),
                None => Err(serde::de::Error::invalid_type(self.unexpected(), &visitor)),
            },
            _ => Err(serde::de::Error::invalid_type(self.unexpected(), &visitor)),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct identifier
    }
}

/// The elements of a list, each error placed at its index.
struct Items<'a> {
    items: std::slice::Iter<'a, Value>,
    at: usize,
}

impl<'de> SeqAccess<'de> for Items<'_> {
    type Error = Error;

    fn next_element_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<Option<S::Value>> {
        let Some(value) = self.items.next() else {
            return Ok(None);
        };
        let at = self.at;
        self.at = self.at.saturating_add(1);
        seed.deserialize(ValueReader::plain(value))
            .map(Some)
            .map_err(|e| e.under(Segment::Index(at)))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

/// The entries of an object, each value's error placed at its key.
struct Entries<'a> {
    entries: serde_json::map::Iter<'a>,
    pending: Option<(&'a String, &'a Value)>,
}

impl<'de> MapAccess<'de> for Entries<'_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        let Some((key, value)) = self.entries.next() else {
            return Ok(None);
        };
        self.pending = Some((key, value));
        seed.deserialize(serde::de::value::StrDeserializer::<Error>::new(key))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        let Some((key, value)) = self.pending.take() else {
            return Err(serde::de::Error::custom("a value asked for before its key"));
        };
        seed.deserialize(ValueReader::plain(value))
            .map_err(|e| e.under(Segment::Field(key.clone().into())))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// A variant of an enum: its name, and for a variant with data, the value.
struct Variant<'a> {
    name: &'a str,
    value: Option<&'a Value>,
}

impl<'de, 'a> EnumAccess<'de> for Variant<'a> {
    type Error = Error;
    type Variant = Self;

    fn variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<(S::Value, Self)> {
        let name = seed.deserialize(serde::de::value::StrDeserializer::<Error>::new(self.name))?;
        Ok((name, self))
    }
}

impl<'de> VariantAccess<'de> for Variant<'_> {
    type Error = Error;

    fn unit_variant(self) -> Result<()> {
        match self.value {
            None | Some(Value::Null) => Ok(()),
            Some(v) => Err(serde::de::Error::invalid_type(
                ValueReader::plain(v).unexpected(),
                &"a name alone",
            )),
        }
    }

    fn newtype_variant_seed<S: DeserializeSeed<'de>>(self, seed: S) -> Result<S::Value> {
        let name = self.name;
        match self.value {
            Some(v) => seed
                .deserialize(ValueReader::plain(v))
                .map_err(|e| e.under(Segment::Field(name.to_owned().into()))),
            None => Err(serde::de::Error::invalid_type(
                Unexpected::UnitVariant,
                &"a variant with a value",
            )),
        }
    }

    fn tuple_variant<V: Visitor<'de>>(self, _: usize, visitor: V) -> Result<V::Value> {
        match self.value {
            Some(v) => ValueReader::plain(v).deserialize_any(visitor),
            None => Err(serde::de::Error::invalid_type(
                Unexpected::UnitVariant,
                &visitor,
            )),
        }
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.tuple_variant(0, visitor)
    }
}

/// What a value found is, in the words of a message (long numbers masked; JSON's `null`
/// as JSON names it).
fn found(unexp: &Unexpected<'_>) -> String {
    match unexp {
        Unexpected::Unit => "null".to_owned(),
        other => mask_long_numbers(&other.to_string()),
    }
}

/// The crate's error as serde's: the problems serde's own checks find (a field missing,
/// repeated or unknown, a value of the wrong kind, a name not in a set) typed where the
/// crate has a problem for them, in serde's words otherwise; a path is added as the error
/// comes back up through `ValueReader`.
impl serde::de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Error {
        // Line and column are filled in by `from_str`, from the first reading.
        Error::Json {
            path: Path::root(),
            message: mask_long_numbers(&msg.to_string()),
            line: 0,
            column: 0,
        }
    }

    fn invalid_type(unexp: Unexpected<'_>, exp: &dyn Expected) -> Error {
        Error::custom(format_args!(
            "invalid type: {}, expected {exp}",
            found(&unexp)
        ))
    }

    fn invalid_value(unexp: Unexpected<'_>, exp: &dyn Expected) -> Error {
        Error::custom(format_args!(
            "invalid value: {}, expected {exp}",
            found(&unexp)
        ))
    }

    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Error {
        Error::Invalid {
            path: Path::root(),
            problem: Problem::NotOneOf {
                found: variant.to_owned(),
                allowed: expected.join(", "),
            },
        }
    }

    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Error {
        let expected = match expected {
            [] => "no field".to_owned(),
            [one] => format!("`{one}`"),
            [a, b] => format!("`{a}` or `{b}`"),
            many => format!(
                "one of {}",
                many.iter()
                    .map(|f| format!("`{f}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        Error::Json {
            path: Path::root().field(field.to_owned()),
            message: format!("unknown field `{field}`, expected {expected}"),
            line: 0,
            column: 0,
        }
    }

    fn missing_field(field: &'static str) -> Error {
        Error::Invalid {
            path: Path::root().field(field),
            problem: Problem::Missing,
        }
    }

    fn duplicate_field(field: &'static str) -> Error {
        Error::Invalid {
            path: Path::root().field(field),
            problem: Problem::GivenTwice,
        }
    }
}
