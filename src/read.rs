//! How the crate's values are read through serde: values written as JSON strings (months,
//! dates, amounts, identifiers, ID numbers) and names of closed sets, each refusing
//! anything else with what it found and what it expected; and JSON text read strictly (no
//! key given twice).
//!
//! Every type that checks itself gives the reader its name (`deserialize_newtype_struct`),
//! which other readers pass through unchanged. The crate's typed reader (`model::typed`)
//! uses it to find the check that refused a value and run it again with its typed problem,
//! so that an error inside any type of a service keeps its path and its [`Problem`] with no
//! side channel and no message read back.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{Deserializer, Error as _, Visitor};

use crate::error::{Error, Path, Problem, Segment};

/// The largest JSON document read, in bytes: 1 MiB.
pub const MAX_DOCUMENT_BYTES: usize = 1 << 20;

/// A type of the crate that checks itself while it is deserialised.
///
/// Its reading has two outcomes apart: the deserialiser's error for a value of the wrong
/// shape, and the type's own check, typed. Its `Deserialize` goes through
/// [`deserialize_checked`], which gives the reader the type's name; a reader that keeps
/// typed errors (`model::typed`) reads the value again through [`SelfChecked::read`] when
/// it refuses.
pub(crate) trait SelfChecked: Sized {
    /// The name the type gives the reader, `doudi::TYPE`.
    const NAME: &'static str;

    /// Reads the value: `Err` for the deserialiser's own error, `Ok(Err)` for a value the
    /// type's check refuses.
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Result<Self, Error>, D::Error>;
}

/// Deserialises a [`SelfChecked`] type, giving the reader its name; a check that fails
/// comes back as the deserialiser's error with the problem's words.
pub(crate) fn deserialize_checked<'de, D: Deserializer<'de>, T: SelfChecked>(
    d: D,
) -> Result<T, D::Error> {
    d.deserialize_newtype_struct(T::NAME, CheckedVisitor(PhantomData))
}

struct CheckedVisitor<T>(PhantomData<T>);

impl<'de, T: SelfChecked> Visitor<'de> for CheckedVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::NAME)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        T::read(d)?.map_err(D::Error::custom)
    }
}

/// How a value written as a JSON string is read: the name it gives the reader, what a
/// message says is expected, its parser, and the problem of a JSON number given instead
/// (when a number has one of its own, as amounts written as numbers do). Anything but a
/// string is refused with what was found, at once: a list is not read into (however deep
/// it goes).
pub(crate) struct TextForm<T: 'static> {
    pub(crate) name: &'static str,
    pub(crate) expected: &'static str,
    pub(crate) parse: fn(&str) -> Result<T, Problem>,
    pub(crate) number: Option<fn(String) -> Problem>,
}

impl<T> TextForm<T> {
    /// Deserialises a value of this form, giving the reader its name.
    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        &'static self,
        d: D,
    ) -> Result<T, D::Error> {
        d.deserialize_newtype_struct(self.name, TextVisitor(self))
    }

    /// The problem with `value`, typed, or `None` when it reads: the check the typed
    /// reader runs again on a value this form refused.
    pub(crate) fn problem(&self, value: &serde_json::Value) -> Option<Problem> {
        use serde_json::Value;
        match value {
            Value::String(text) => (self.parse)(text).err(),
            Value::Number(n) => Some(self.number_problem(&number_text(n))),
            other => Some(self.wrong(found(other))),
        }
    }

    fn wrong(&self, found: String) -> Problem {
        Problem::WrongType {
            found,
            expected: self.expected.to_owned(),
        }
    }

    fn number_problem(&self, n: &impl fmt::Display) -> Problem {
        match self.number {
            Some(problem) => problem(n.to_string()),
            None => self.wrong(number_found(n)),
        }
    }
}

/// A JSON number as its reader sees it: a whole number as written, a fraction as the
/// shortest decimal of its `f64` (`1e3` is `1000`, as a visitor given the `f64` shows it).
pub(crate) fn number_text(n: &serde_json::Number) -> String {
    match (n.as_u64(), n.as_i64(), n.as_f64()) {
        (Some(u), _, _) => u.to_string(),
        (_, Some(i), _) => i.to_string(),
        (_, _, Some(f)) => f.to_string(),
        _ => n.to_string(),
    }
}

/// A JSON value other than a string or number as a message names it.
pub(crate) fn found(value: &serde_json::Value) -> String {
    use serde_json::Value;
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => format!("the boolean {b}"),
        Value::Number(n) => number_found(&number_text(n)),
        Value::String(s) => format!("the string {:?}", s.chars().take(40).collect::<String>()),
        Value::Array(_) => "a list".to_owned(),
        Value::Object(_) => "an object".to_owned(),
    }
}

/// An [`Error::Invalid`] of the value itself (the reader adds where it is).
pub(crate) fn invalid(problem: Problem) -> Error {
    Error::Invalid {
        path: Path::root(),
        problem,
    }
}

/// A JSON number as a message names it: `the number 7` (long numbers masked, see
/// [`mask_long_numbers`]).
pub(crate) fn number_found(n: &impl fmt::Display) -> String {
    format!("the number {}", mask_long_numbers(&n.to_string()))
}

/// Reads a value of a [`TextForm`]: a problem comes back in its words (the typed reader
/// recovers it typed from the value, by the form's name).
struct TextVisitor<T: 'static>(&'static TextForm<T>);

impl<'de, T> Visitor<'de> for TextVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.expected)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<T, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<T, E> {
        (self.0.parse)(text).map_err(E::custom)
    }

    fn visit_i64<E: serde::de::Error>(self, n: i64) -> Result<T, E> {
        Err(E::custom(self.0.number_problem(&n)))
    }

    fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<T, E> {
        Err(E::custom(self.0.number_problem(&n)))
    }

    fn visit_f64<E: serde::de::Error>(self, n: f64) -> Result<T, E> {
        Err(E::custom(self.0.number_problem(&n)))
    }

    fn visit_bool<E: serde::de::Error>(self, b: bool) -> Result<T, E> {
        Err(E::custom(self.0.wrong(format!("the boolean {b}"))))
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<T, E> {
        Err(E::custom(self.0.wrong("null".to_owned())))
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<T, E> {
        Err(E::custom(self.0.wrong("null".to_owned())))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, _: A) -> Result<T, A::Error> {
        Err(A::Error::custom(self.0.wrong("a list".to_owned())))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, _: A) -> Result<T, A::Error> {
        Err(A::Error::custom(self.0.wrong("an object".to_owned())))
    }
}

/// serde_json's words for an error, without the position it appends to them (`… at line
/// 1 column 5`): the crate keeps the position as numbers, so that a document read from the
/// middle of an input counts lines from the input's start.
pub(crate) fn json_message(err: &serde_json::Error) -> String {
    let words = err.to_string();
    let position = format!(" at line {} column {}", err.line(), err.column());
    mask_long_numbers(words.strip_suffix(&position).unwrap_or(&words))
}

/// Deserialises one of `names` (an enum written as its wire name); anything else is
/// refused naming what was found (a string quoted, other values as written) and every
/// allowed name.
pub(crate) fn deserialize_name<'de, D, T: Copy + 'static>(
    d: D,
    names: &'static [&'static str],
    values: &'static [(&'static str, T)],
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    d.deserialize_any(NameVisitor { names, values })
}

/// A visitor for one of a closed set of names.
struct NameVisitor<T: 'static> {
    names: &'static [&'static str],
    values: &'static [(&'static str, T)],
}

impl<T> NameVisitor<T> {
    /// The refusal of `found`, written as the message shows it: a closed set's problem is
    /// the value found and the names allowed, which the crate's reader keeps typed.
    fn refuse<E: serde::de::Error>(&self, found: &str) -> E {
        E::unknown_variant(found, self.names)
    }
}

impl<'de, T: Copy> Visitor<'de> for NameVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("one of the names")
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<T, E> {
        match self.values.iter().find(|(name, _)| *name == text) {
            Some((_, value)) => Ok(*value),
            None => Err(self.refuse(&format!("{text:?}"))),
        }
    }

    fn visit_i64<E: serde::de::Error>(self, n: i64) -> Result<T, E> {
        Err(self.refuse(&mask_long_numbers(&n.to_string())))
    }

    fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<T, E> {
        Err(self.refuse(&mask_long_numbers(&n.to_string())))
    }

    fn visit_f64<E: serde::de::Error>(self, n: f64) -> Result<T, E> {
        Err(self.refuse(&n.to_string()))
    }

    fn visit_bool<E: serde::de::Error>(self, b: bool) -> Result<T, E> {
        Err(self.refuse(&b.to_string()))
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<T, E> {
        Err(self.refuse("null"))
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<T, E> {
        Err(self.refuse("null"))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, _: A) -> Result<T, A::Error> {
        Err(self.refuse("a list"))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, _: A) -> Result<T, A::Error> {
        Err(self.refuse("an object"))
    }
}

/// Implements `Deserialize` for a fieldless enum from its wire names (the names its
/// derived `Serialize` writes; a test of each enum checks that they agree).
macro_rules! wire_names {
    ($ty:ident { $($variant:ident = $wire:literal),+ $(,)? }) => {
        impl $ty {
            /// Every value with its wire name, in order.
            #[allow(dead_code)]
            pub(crate) const WIRE: &'static [(&'static str, $ty)] = &[$(($wire, $ty::$variant)),+];

            /// Every wire name, in order.
            #[allow(dead_code)]
            pub(crate) const NAMES: &'static [&'static str] = &[$($wire),+];
        }

        // Every value has a wire name: this match fails to compile if a variant is left out.
        const _: () = {
            #[allow(dead_code)]
            fn every_variant_is_named(value: $ty) {
                match value {
                    $($ty::$variant => {}),+
                }
            }
        };

        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
                $crate::read::deserialize_name(d, $ty::NAMES, $ty::WIRE)
            }
        }
    };
}
pub(crate) use wire_names;

/// Masks runs of 15 or more digits in a message (an ID number written as a JSON number
/// would otherwise be echoed whole): the first six and the last four are kept.
pub(crate) fn mask_long_numbers(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut digits = String::new();
    let flush = |digits: &mut String, out: &mut String| {
        let n = digits.len();
        if n >= 15 {
            out.push_str(digits.get(..6).unwrap_or_default());
            out.push_str(&"*".repeat(n.saturating_sub(10)));
            out.push_str(digits.get(n.saturating_sub(4)..).unwrap_or_default());
        } else {
            out.push_str(digits);
        }
        digits.clear();
    };
    for c in message.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
        } else {
            flush(&mut digits, &mut out);
            out.push(c);
        }
    }
    flush(&mut digits, &mut out);
    out
}

/// A JSON value read strictly, with the first key any object gives twice (serde_json's
/// own value keeps the last and forgets the others: a document that means two things).
pub(crate) struct StrictValue {
    pub(crate) value: serde_json::Value,
    /// Where a key was first given twice, as data: the path to the repeated key.
    pub(crate) repeated: Option<Path>,
}

impl<'de> serde::Deserialize<'de> for StrictValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct StrictVisitor;

        fn plain(value: serde_json::Value) -> StrictValue {
            StrictValue {
                value,
                repeated: None,
            }
        }

        impl<'de> Visitor<'de> for StrictVisitor {
            type Value = StrictValue;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON value")
            }

            fn visit_bool<E>(self, b: bool) -> Result<StrictValue, E> {
                Ok(plain(b.into()))
            }

            fn visit_i64<E>(self, n: i64) -> Result<StrictValue, E> {
                Ok(plain(n.into()))
            }

            fn visit_u64<E>(self, n: u64) -> Result<StrictValue, E> {
                Ok(plain(n.into()))
            }

            fn visit_f64<E>(self, n: f64) -> Result<StrictValue, E> {
                Ok(plain(
                    serde_json::Number::from_f64(n).map_or(serde_json::Value::Null, Into::into),
                ))
            }

            fn visit_str<E>(self, s: &str) -> Result<StrictValue, E> {
                Ok(plain(s.into()))
            }

            fn visit_string<E>(self, s: String) -> Result<StrictValue, E> {
                Ok(plain(s.into()))
            }

            fn visit_unit<E>(self) -> Result<StrictValue, E> {
                Ok(plain(serde_json::Value::Null))
            }

            fn visit_none<E>(self) -> Result<StrictValue, E> {
                Ok(plain(serde_json::Value::Null))
            }

            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<StrictValue, A::Error> {
                let mut items = Vec::new();
                let mut repeated = None;
                while let Some(item) = seq.next_element::<StrictValue>()? {
                    if repeated.is_none() {
                        repeated = item.repeated.map(|p| p.under(Segment::Index(items.len())));
                    }
                    items.push(item.value);
                }
                Ok(StrictValue {
                    value: serde_json::Value::Array(items),
                    repeated,
                })
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<StrictValue, A::Error> {
                let mut out = serde_json::Map::new();
                let mut repeated = None;
                while let Some(key) = map.next_key::<String>()? {
                    let item = map.next_value::<StrictValue>()?;
                    if repeated.is_none() {
                        repeated = if out.contains_key(&key) {
                            Some(Path::root().field(key.clone()))
                        } else {
                            item.repeated
                                .map(|p| p.under(Segment::Field(key.clone().into())))
                        };
                    }
                    out.entry(key).or_insert(item.value);
                }
                Ok(StrictValue {
                    value: serde_json::Value::Object(out),
                    repeated,
                })
            }
        }

        d.deserialize_any(StrictVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_numbers_are_masked_in_messages() {
        assert_eq!(
            mask_long_numbers("integer `420302199001010015`, expected"),
            "integer `420302********0015`, expected"
        );
        assert_eq!(mask_long_numbers("12345 and 7"), "12345 and 7");
    }

    #[test]
    fn a_key_given_twice_is_found_with_its_path() {
        let read: StrictValue =
            serde_json::from_str(r#"{"a": [{"b": 1}, {"c": 1, "c": 2}], "d": 1}"#).unwrap();
        assert_eq!(read.repeated.unwrap().to_string(), "a[1].c");
        let read: StrictValue = serde_json::from_str(r#"{"a": 1, "b": {"a": 2}}"#).unwrap();
        assert!(read.repeated.is_none());
    }
}
