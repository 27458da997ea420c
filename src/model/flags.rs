//! Small sets of enum values, stored as bits and written on the wire as a list.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An enum whose values can be members of a [`FlagSet`].
pub trait Flag:
    Copy + Eq + Serialize + for<'de> Deserialize<'de> + schemars::JsonSchema + 'static
{
    /// Every value, in wire order.
    const ALL: &'static [Self];

    /// The name a set of these values gives the crate's reader.
    const SET_NAME: &'static str = "doudi::FlagSet";

    /// The value's position in [`Flag::ALL`] (below 32).
    fn index(self) -> u32;
}

/// A set of enum values (at most 32 kinds), written on the wire as a list without repeats.
///
/// # Example
///
/// ```
/// use doudi::{FlagSet, PersonStatus};
///
/// let status: FlagSet<PersonStatus> = serde_json::from_str(r#"["imprisoned"]"#)?;
/// assert!(status.contains(PersonStatus::Imprisoned));
/// assert!(!status.contains(PersonStatus::DeclaredMissing));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct FlagSet<T> {
    bits: u32,
    kind: PhantomData<T>,
}

impl<T: Flag> FlagSet<T> {
    /// The empty set.
    pub const fn new() -> Self {
        FlagSet {
            bits: 0,
            kind: PhantomData,
        }
    }

    /// Adds `flag`; returns whether it was new.
    pub fn insert(&mut self, flag: T) -> bool {
        let bit = 1 << flag.index();
        let new = self.bits & bit == 0;
        self.bits |= bit;
        new
    }

    /// The set with `flag` added.
    #[must_use]
    pub fn with(mut self, flag: T) -> Self {
        self.insert(flag);
        self
    }

    /// Whether `flag` is in the set.
    pub fn contains(self, flag: T) -> bool {
        self.bits & (1 << flag.index()) != 0
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.bits == 0
    }

    /// How many values are in the set.
    pub fn len(&self) -> u32 {
        self.bits.count_ones()
    }

    /// The values in wire order.
    pub fn iter(self) -> impl Iterator<Item = T> {
        T::ALL.iter().copied().filter(move |f| self.contains(*f))
    }
}

impl<T: Flag> Default for FlagSet<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T: Flag> FromIterator<T> for FlagSet<T> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        let mut set = Self::new();
        for flag in iter {
            set.insert(flag);
        }
        set
    }
}

impl<T: Flag + fmt::Debug> fmt::Debug for FlagSet<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

impl<T: Flag> Serialize for FlagSet<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.iter())
    }
}

impl<T: Flag> crate::read::SelfChecked for FlagSet<T> {
    const NAME: &'static str = T::SET_NAME;

    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<crate::error::Result<Self>, D::Error> {
        struct SetVisitor<T>(PhantomData<T>);

        impl<'de, T: Flag> Visitor<'de> for SetVisitor<T> {
            type Value = crate::error::Result<FlagSet<T>>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list of names without repeats")
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut set = FlagSet::new();
                let mut repeated = None;
                while let Some(flag) = seq.next_element::<T>()? {
                    if !set.insert(flag) && repeated.is_none() {
                        repeated = Some(flag);
                    }
                }
                Ok(match repeated {
                    None => Ok(set),
                    Some(flag) => Err(crate::read::invalid(crate::error::Problem::Duplicate {
                        value: serde_json::to_string(&flag).unwrap_or_default(),
                    })),
                })
            }
        }

        d.deserialize_seq(SetVisitor(PhantomData))
    }
}

impl<'de, T: Flag> Deserialize<'de> for FlagSet<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::read::deserialize_checked(d)
    }
}

impl<T: Flag> schemars::JsonSchema for FlagSet<T> {
    fn schema_name() -> Cow<'static, str> {
        format!("Set_of_{}", T::schema_name()).into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let items = generator.subschema_for::<T>();
        schemars::json_schema!({
            "type": "array",
            "items": items,
            "uniqueItems": true
        })
    }
}

/// Implements [`Flag`] for a fieldless enum, listing its variants in wire order.
macro_rules! flag_enum {
    ($ty:ident { $($variant:ident),+ $(,)? }) => {
        impl $crate::model::flags::Flag for $ty {
            const ALL: &'static [Self] = &[$($ty::$variant),+];
            const SET_NAME: &'static str = concat!("doudi::FlagSet<", stringify!($ty), ">");

            fn index(self) -> u32 {
                self as u32
            }
        }
    };
}
pub(crate) use flag_enum;
