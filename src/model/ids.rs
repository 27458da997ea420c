//! Identifiers: every one its own type.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{Error, Loc, Problem, Result};

/// The longest identifier accepted, in characters.
pub const MAX_ID_LEN: usize = 64;

/// Checks an identifier and gives its one form: the text in Unicode normalisation form C,
/// so that two ids written with different code points for the same characters are one id.
/// Refused: empty or longer than [`MAX_ID_LEN`] characters, control, bidirectional or
/// zero-width characters, white space at either end.
fn check_identifier(text: &str) -> Result<Arc<str>, Problem> {
    let bad = || Problem::BadIdentifier {
        text: text.chars().take(MAX_ID_LEN + 1).collect(),
    };
    // Most identifiers are printable ASCII: no invisible character, already in form C.
    let bytes = text.as_bytes();
    if !bytes.is_empty()
        && bytes.len() <= MAX_ID_LEN
        && bytes.iter().all(|b| (b' '..=b'~').contains(b))
    {
        if bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ') {
            return Err(bad());
        }
        return Ok(text.into());
    }
    let len = text.chars().count();
    if len == 0
        || len > MAX_ID_LEN
        || text.chars().any(crate::error::is_invisible)
        || text.starts_with(char::is_whitespace)
        || text.ends_with(char::is_whitespace)
    {
        return Err(bad());
    }
    use unicode_normalization::UnicodeNormalization as _;
    use unicode_normalization::{IsNormalized, is_nfc_quick};
    if is_nfc_quick(text.chars()) == IsNormalized::Yes {
        return Ok(text.into());
    }
    let nfc: String = text.nfc().collect();
    if nfc.chars().count() > MAX_ID_LEN {
        return Err(bad());
    }
    Ok(nfc.into())
}

macro_rules! string_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        ///
        /// Cloning is cheap: the text is shared, not copied.
        #[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(Arc<str>);

        /// Hashes and compares as its text, so maps keyed by it are searched by `&str`.
        impl std::borrow::Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl $name {
            /// The identifier `text`.
            ///
            /// # Errors
            ///
            /// [`Error::Invalid`] when it is empty or longer than 64 characters, has
            /// control, bidirectional or zero-width characters, or white space at either
            /// end. The text is kept in Unicode normalisation form C: two ids equal after
            /// NFC are the same id.
            pub fn new(text: &str) -> Result<Self> {
                check_identifier(text)
                    .map($name)
                    .map_err(|p| Loc::Root.invalid(p))
            }

            /// The identifier as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The identifier `text`, or the problem with it.
            #[allow(dead_code, reason = "each id type is read from text by some reader")]
            pub(crate) fn parse_problem(text: &str) -> Result<Self, Problem> {
                check_identifier(text).map($name)
            }
        }

        impl FromStr for $name {
            type Err = Error;
            fn from_str(text: &str) -> Result<Self> {
                Self::new(text)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Debug::fmt(&*self.0, f)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
                s.serialize_str(&self.0)
            }
        }

        impl $name {
            /// The identifier on the wire: a string.
            pub(crate) const TEXT: crate::read::TextForm<$name> = crate::read::TextForm {
                name: concat!("doudi::", stringify!($name)),
                expected: "an identifier, a string",
                parse: |text| check_identifier(text).map($name),
                number: None,
            };
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
                $name::TEXT.deserialize(d)
            }
        }

        impl schemars::JsonSchema for $name {
            fn schema_name() -> Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({
                    "type": "string",
                    "minLength": 1,
                    "maxLength": MAX_ID_LEN,
                })
            }
        }
    };
}

string_id!(
    /// A person's identifier, unique within a district (a case-management key, not the
    /// resident ID number).
    PersonId
);
string_id!(
    /// A household's identifier.
    HouseholdId
);
string_id!(
    /// A township or street office (乡镇/街道), used for reporting breakdowns
    /// (Maojian: 茅塔乡, 大川镇, 赛武当, and the urban street offices).
    Township
);

impl Township {
    /// Whether both share one allocation of their text (clones of one value): then they are
    /// equal without comparing the text. Different allocations may still be equal.
    pub(crate) fn same_text(&self, other: &Township) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// The name of a local program that an embedding service adds (e.g. an old-age allowance,
/// 高龄津贴): 1–24 characters of `a`–`z`, `0`–`9` and `_`. Written `local:NAME` on the wire.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LocalName {
    len: u8,
    bytes: [u8; LocalName::MAX],
}

impl LocalName {
    const MAX: usize = 24;

    /// The local name `text`.
    ///
    /// # Errors
    ///
    /// [`Error::Invalid`] when it is empty, longer than 24 characters, or has other
    /// characters than `a`–`z`, `0`–`9` and `_`.
    pub fn new(text: &str) -> Result<LocalName> {
        LocalName::parse(text).ok_or_else(|| {
            Loc::Root.invalid(Problem::BadIdentifier {
                text: text.to_owned(),
            })
        })
    }

    /// The local name `name`, checked when the program is compiled: for the literal a
    /// [`crate::LocalProgram`] returns as its name.
    ///
    /// # Panics
    ///
    /// When `name` is not a local name: at compile time in a `const` (the usual place),
    /// where it is a compile error.
    ///
    /// # Example
    ///
    /// ```
    /// use doudi::LocalName;
    ///
    /// const GAOLING: LocalName = LocalName::from_static("gaoling_jintie");
    /// assert_eq!(GAOLING.as_str(), "gaoling_jintie");
    /// ```
    #[allow(
        clippy::panic,
        clippy::indexing_slicing,
        clippy::arithmetic_side_effects,
        reason = "a const fn checks its literal at compile time; indices stay below the checked length"
    )]
    pub const fn from_static(name: &'static str) -> LocalName {
        let text = name.as_bytes();
        if text.is_empty() || text.len() > LocalName::MAX {
            panic!("a local name has 1 to 24 characters");
        }
        let mut bytes = [0; LocalName::MAX];
        let mut i = 0;
        while i < text.len() {
            let b = text[i];
            if !(b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_') {
                panic!("a local name has only a-z, 0-9 and _");
            }
            bytes[i] = b;
            i += 1;
        }
        LocalName {
            len: text.len() as u8,
            bytes,
        }
    }

    fn parse(text: &str) -> Option<LocalName> {
        let ok = !text.is_empty()
            && text.len() <= LocalName::MAX
            && text
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !ok {
            return None;
        }
        let mut bytes = [0; LocalName::MAX];
        for (to, from) in bytes.iter_mut().zip(text.bytes()) {
            *to = from;
        }
        Some(LocalName {
            len: u8::try_from(text.len()).ok()?,
            bytes,
        })
    }

    /// The name as text.
    pub fn as_str(&self) -> &str {
        let bytes = self.bytes.get(..usize::from(self.len)).unwrap_or_default();
        std::str::from_utf8(bytes).unwrap_or("")
    }
}

impl fmt::Debug for LocalName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

/// How a program pays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ProgramKind {
    /// A monthly cash amount.
    Monthly,
    /// A one-off payment, triggered by an event or a date.
    OneOff,
    /// A classification or service: no amount.
    Service,
}

/// Who a program is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Beneficiary {
    /// The household as a whole.
    Household,
    /// A person.
    Person,
}

/// The registry of built-in programs: one line each, in the crate's fixed (display) order.
///
/// A line gives the program's type name, its module under `src/programs/` (whose name is
/// its wire name), how it pays, who it is for, and its Chinese and English names. The
/// module declares the rest (what it reads, its provisions, its parameters, `evaluate`):
/// `crate::programs` walks this list through [`for_each_program`].
macro_rules! programs {
    ($d:tt $($variant:ident = $module:ident, $kind:ident, $who:ident, $zh:literal, $en:literal;)+) => {
        /// A program of the safety net, or a local program added by an embedding service.
        ///
        /// The wire names are fixed: they appear in JSON inputs, determinations and reports.
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum ProgramId {
            $(
                #[doc = concat!("`", stringify!($module), "`: ", $zh, " — ", $en, ".")]
                $variant,
            )+
            /// A local program, written `local:NAME`.
            Local(LocalName),
        }

        /// Positions of the built-in programs in [`ProgramId::BUILT_IN`].
        #[allow(dead_code)]
        enum Slot {
            $($variant,)+
        }

        impl ProgramId {
            /// Every built-in program, in the crate's fixed order.
            pub const BUILT_IN: &'static [ProgramId] = &[$(ProgramId::$variant),+];

            /// The position in [`ProgramId::BUILT_IN`], or `None` for a local program.
            pub(crate) const fn slot(self) -> Option<usize> {
                match self {
                    $(ProgramId::$variant => Some(Slot::$variant as usize),)+
                    ProgramId::Local(_) => None,
                }
            }

            /// The wire name (`local:NAME` for a local program).
            pub fn name(self) -> Cow<'static, str> {
                match self {
                    $(ProgramId::$variant => Cow::Borrowed(stringify!($module)),)+
                    ProgramId::Local(name) => Cow::Owned(format!("local:{}", name.as_str())),
                }
            }

            /// The Chinese name, as the civil-affairs bureau reports it.
            pub fn chinese_name(self) -> &'static str {
                match self {
                    $(ProgramId::$variant => $zh,)+
                    ProgramId::Local(_) => "地方项目",
                }
            }

            /// The English name.
            pub fn english_name(self) -> &'static str {
                match self {
                    $(ProgramId::$variant => $en,)+
                    ProgramId::Local(_) => "local program",
                }
            }

            /// How the program pays (local programs are monthly).
            pub fn kind(self) -> ProgramKind {
                match self {
                    $(ProgramId::$variant => ProgramKind::$kind,)+
                    ProgramId::Local(_) => ProgramKind::Monthly,
                }
            }

            /// Who the program is for (local programs are for persons).
            pub fn beneficiary(self) -> Beneficiary {
                match self {
                    $(ProgramId::$variant => Beneficiary::$who,)+
                    ProgramId::Local(_) => Beneficiary::Person,
                }
            }

            /// The program whose wire name is `text` (`local:NAME` for a local program).
            pub(crate) fn parse(text: &str) -> Option<ProgramId> {
                match text {
                    $(stringify!($module) => Some(ProgramId::$variant),)+
                    _ => text.strip_prefix("local:").and_then(LocalName::parse).map(ProgramId::Local),
                }
            }
        }

        /// Calls the macro `$callback` with every built-in program as `Variant module`, in
        /// the registry's order: how `crate::programs` declares its modules and dispatches.
        macro_rules! for_each_program {
            ($d callback:ident) => {
                $d callback! { $($variant $module),+ }
            };
        }
        pub(crate) use for_each_program;
    };
}

programs! { $
    Dibao = dibao, Monthly, Household, "最低生活保障", "minimum living guarantee";
    Tekun = tekun, Monthly, Person, "特困人员救助供养", "extreme-poverty support";
    DisabilityLiving = disability_living, Monthly, Person, "困难残疾人生活补贴", "disability living subsidy";
    DisabilityNursing = disability_nursing, Monthly, Person, "重度残疾人护理补贴", "severe-disability nursing subsidy";
    Orphan = orphan, Monthly, Person, "孤儿基本生活费", "orphan allowance";
    DeFactoOrphan = de_facto_orphan, Monthly, Person, "事实无人抚养儿童生活补贴", "de-facto-unsupported child allowance";
    PovertyBackstop = poverty_backstop, Monthly, Person, "政府兜底保障", "provincial backstop for registered-poor households";
    PriceSubsidy = price_subsidy, Monthly, Person, "价格临时补贴", "price subsidy";
    TemporaryAssistance = temporary_assistance, OneOff, Household, "临时救助", "temporary assistance";
    CovidRelief2020 = covid_relief_2020, OneOff, Person, "一次性生活物资救助", "COVID-19 one-off relief 2020";
    CovidMaterialDelivery = covid_material_delivery, OneOff, Person, "生活物资配送", "COVID-19 material delivery";
    LeftBehindChild = left_behind_child, Service, Person, "农村留守儿童", "left-behind child";
    LeftBehindElderly = left_behind_elderly, Service, Person, "农村留守老人", "left-behind elderly person";
    LeftBehindWoman = left_behind_woman, Service, Person, "农村留守妇女", "left-behind woman";
    ChildInDifficulty = child_in_difficulty, Service, Person, "困境儿童", "child in difficulty";
    GuaranteeGap = guarantee_gap, Service, Household, "两不愁三保障缺口", "guarantee gap";
    LowIncomeEdgeHousehold = low_income_edge_household, Service, Household, "低保边缘家庭", "low-income-edge household";
    RigidExpenditureHousehold = rigid_expenditure_household, Service, Household, "刚性支出困难家庭", "rigid-expenditure household";
    ReturnToPovertyMonitored = return_to_poverty_monitored, Service, Household, "防止返贫监测对象", "household monitored against a return to poverty";
}

impl FromStr for ProgramId {
    type Err = Error;

    fn from_str(text: &str) -> Result<ProgramId> {
        ProgramId::parse(text).ok_or_else(|| {
            Loc::Root.invalid(Problem::UnknownProgram {
                name: text.chars().take(80).collect(),
            })
        })
    }
}

impl fmt::Display for ProgramId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProgramId::Local(name) => write!(f, "local:{}", name.as_str()),
            other => f.write_str(&other.name()),
        }
    }
}

impl fmt::Debug for ProgramId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl Serialize for ProgramId {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl ProgramId {
    /// A program on the wire: its wire name.
    pub(crate) const TEXT: crate::read::TextForm<ProgramId> = crate::read::TextForm {
        name: "doudi::ProgramId",
        expected: "a program's wire name",
        parse: |text| {
            ProgramId::parse(text).ok_or_else(|| Problem::UnknownProgram {
                name: text.chars().take(80).collect(),
            })
        },
        number: None,
    };
}

impl<'de> Deserialize<'de> for ProgramId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<ProgramId, D::Error> {
        ProgramId::TEXT.deserialize(d)
    }
}

impl schemars::JsonSchema for ProgramId {
    fn schema_name() -> Cow<'static, str> {
        "ProgramId".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let names: Vec<String> = ProgramId::BUILT_IN.iter().map(|p| p.to_string()).collect();
        schemars::json_schema!({
            "description": "A program's wire name, or local:NAME for a local program.",
            "anyOf": [
                { "enum": names },
                { "type": "string", "pattern": "^local:[a-z0-9_]{1,24}$" }
            ]
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn program_names_round_trip() {
        for p in ProgramId::BUILT_IN {
            assert_eq!(p.to_string().parse::<ProgramId>().unwrap(), *p);
        }
        let local: ProgramId = "local:gaoling_jintie".parse().unwrap();
        assert_eq!(local.to_string(), "local:gaoling_jintie");
        assert_eq!(local.kind(), ProgramKind::Monthly);
    }

    #[test]
    fn unknown_programs_are_refused() {
        assert_eq!(
            "dibaoo".parse::<ProgramId>().unwrap_err().to_string(),
            "unknown program \"dibaoo\""
        );
        assert!("local:Bad-Name".parse::<ProgramId>().is_err());
        assert!("local:".parse::<ProgramId>().is_err());
    }

    #[test]
    fn identifiers_are_bounded() {
        assert!(PersonId::new("p-1").is_ok());
        assert!(PersonId::new("").is_err());
        assert!(PersonId::new(&"x".repeat(65)).is_err());
        assert!(PersonId::new("a\nb").is_err());
        assert_eq!(PersonId::new("张三").unwrap().as_str(), "张三");
    }
}
