//! The resident ID number (居民身份证号码), GB 11643-1999.

use std::borrow::Cow;
use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{Error, Loc, Problem, Result};

/// Weights of the first 17 digits, ISO 7064 MOD 11-2.
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/// The check character for each remainder of the weighted sum modulo 11.
const CHECK: [u8; 11] = *b"10X98765432";

/// The check character (ISO 7064 MOD 11-2) of 17 ASCII digits.
pub(crate) fn check_character(digits: &[u8]) -> u8 {
    // At most 17 products of a byte and a weight of at most 10: no overflow.
    let sum = digits.iter().zip(WEIGHTS).fold(0u32, |sum, (b, w)| {
        sum.wrapping_add(u32::from(b.wrapping_sub(b'0')).wrapping_mul(w))
    });
    // The remainder of a division by 11 is a position of the 11-character table.
    CHECK
        .get(usize::try_from(sum.checked_rem(11).unwrap_or(0)).unwrap_or(0))
        .copied()
        .unwrap_or(b'0')
}

/// An 18-character resident ID number with a valid check character.
///
/// `Debug` and `Display` mask the middle eight characters, the birth date
/// (`420302********0015`), so that logs and reports do not spread it; [`ResidentId::expose`]
/// gives the whole number, and the wire format carries it whole.
///
/// # Example
///
/// ```
/// use doudi::ResidentId;
///
/// let id: ResidentId = "420302199001010015".parse()?;
/// assert_eq!(id.to_string(), "420302********0015");
/// assert_eq!(id.birth_date().to_string(), "1990-01-01");
///
/// let err = "420302199001010019".parse::<ResidentId>().unwrap_err();
/// assert_eq!(err.to_string(), "check digit is 9, expected 5");
/// # Ok::<(), doudi::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ResidentId {
    bytes: [u8; 18],
    birth: NaiveDate,
}

impl ResidentId {
    /// The whole number, unmasked.
    pub fn expose(&self) -> &str {
        // Only ASCII digits and 'X' are ever stored.
        std::str::from_utf8(&self.bytes).unwrap_or("")
    }

    /// The first 17 digits as a number: unique per ID number (the 18th is derived from them).
    pub(crate) fn key(&self) -> u64 {
        // 17 decimal digits are below 10^17 < 2^64: wrapping never wraps.
        self.bytes.iter().take(17).fold(0u64, |n, b| {
            n.wrapping_mul(10)
                .wrapping_add(u64::from(b.wrapping_sub(b'0')))
        })
    }

    /// The birth date the number embeds (characters 7–14).
    pub fn birth_date(&self) -> NaiveDate {
        self.birth
    }

    pub(crate) fn parse_problem(text: &str) -> Result<ResidentId, Problem> {
        let mut bytes = [0u8; 18];
        match <[u8; 18]>::try_from(text.as_bytes()) {
            // Eighteen digits, or seventeen and a check character X: the common case, read
            // as bytes.
            Ok(raw)
                if raw.iter().take(17).all(u8::is_ascii_digit)
                    && matches!(raw[17], b'0'..=b'9' | b'X' | b'x') =>
            {
                bytes = raw;
                bytes[17] = bytes[17].to_ascii_uppercase();
            }
            _ => {
                let len = text.chars().count();
                if len != 18 {
                    return Err(Problem::IdNumberLength { len });
                }
                for (i, c) in text.chars().enumerate() {
                    let allowed = c.is_ascii_digit() || (i == 17 && (c == 'X' || c == 'x'));
                    if !allowed {
                        return Err(Problem::IdNumberCharacter {
                            found: c,
                            position: i.saturating_add(1),
                        });
                    }
                    // ASCII by the test above; the length is 18, so every position has a
                    // byte.
                    if let Some(byte) = bytes.get_mut(i) {
                        *byte = c.to_ascii_uppercase() as u8;
                    }
                }
            }
        }
        let expected = check_character(&bytes[..17]);
        if bytes[17] != expected {
            return Err(Problem::IdNumberCheckDigit {
                found: char::from(bytes[17]),
                expected: char::from(expected),
            });
        }
        // Characters 7–14 are the birth date YYYYMMDD, all digits by the test above.
        let number = |range: std::ops::Range<usize>| {
            bytes.get(range).map_or(0u32, |ds| {
                ds.iter().fold(0u32, |n, d| {
                    n.wrapping_mul(10)
                        .wrapping_add(u32::from(d.wrapping_sub(b'0')))
                })
            })
        };
        let year = i32::try_from(number(6..10)).unwrap_or(0);
        let birth = NaiveDate::from_ymd_opt(year, number(10..12), number(12..14))
            .filter(|_| (crate::period::FIRST_YEAR..=crate::period::LAST_YEAR).contains(&year))
            .ok_or_else(|| Problem::IdNumberBadBirthDate {
                digits: text.get(6..14).unwrap_or_default().to_owned(),
            })?;
        Ok(ResidentId { bytes, birth })
    }

    /// Whether the sex digit (the 17th, odd for male, even for female) is odd.
    pub(crate) fn sex_digit(&self) -> char {
        char::from(self.bytes[16])
    }

    /// Checks that the embedded birth date is `birth_date`.
    pub(crate) fn check_birth_date(&self, birth_date: NaiveDate, loc: &Loc<'_>) -> Result<()> {
        if self.birth == birth_date {
            Ok(())
        } else {
            Err(loc.invalid(Problem::IdNumberBirthDateMismatch {
                embedded: self.birth,
                birth_date,
            }))
        }
    }
}

impl FromStr for ResidentId {
    type Err = Error;

    fn from_str(text: &str) -> Result<ResidentId> {
        ResidentId::parse_problem(text).map_err(|p| Loc::Root.invalid(p))
    }
}

impl fmt::Display for ResidentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.expose();
        write!(f, "{}********{}", &s[..6], &s[14..])
    }
}

impl fmt::Debug for ResidentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ResidentId({self})")
    }
}

impl Serialize for ResidentId {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.expose())
    }
}

/// An ID number on the wire: a string of 18 characters. A number is refused with its
/// digits masked: it may be an ID number.
pub(crate) static RESIDENT_ID_TEXT: crate::read::TextForm<ResidentId> = crate::read::TextForm {
    name: "doudi::ResidentId",
    expected: "a resident ID number, a string of 18 characters",
    parse: ResidentId::parse_problem,
    number: None,
};

impl<'de> Deserialize<'de> for ResidentId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<ResidentId, D::Error> {
        RESIDENT_ID_TEXT.deserialize(d)
    }
}

impl schemars::JsonSchema for ResidentId {
    fn schema_name() -> Cow<'static, str> {
        "ResidentId".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^[0-9]{17}[0-9Xx]$",
            "description": "An 18-character resident ID number (GB 11643, ISO 7064 MOD 11-2 check character)."
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Worked by hand: digits 42030219900101001 weighted by 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2
    // sum to 150; 150 mod 11 = 7; the check table maps 7 to '5'.
    const VALID: &str = "420302199001010015";

    #[test]
    fn a_valid_number_parses_and_masks() {
        let id: ResidentId = VALID.parse().unwrap();
        assert_eq!(id.expose(), VALID);
        assert_eq!(format!("{id}"), "420302********0015");
        assert_eq!(format!("{id:?}"), "ResidentId(420302********0015)");
        assert!(!format!("{id:?}").contains("19900101"));
    }

    #[test]
    fn check_character_x_is_accepted_in_either_case() {
        // 11010519491231002: sum = 1*7+1*9+0+1*5+0+5*4+1*2+9*1+4*6+9*3+1*7+2*9+3*10+1*5+0+0+2*2
        //  = 7+9+5+20+2+9+24+27+7+18+30+5+4 = 167; 167 mod 11 = 2 → 'X'.
        let id: ResidentId = "11010519491231002x".parse().unwrap();
        assert_eq!(id.expose(), "11010519491231002X");
    }

    #[test]
    fn bad_numbers_name_the_problem() {
        let problem = |t: &str| ResidentId::parse_problem(t).unwrap_err().to_string();
        assert_eq!(
            problem("42030219900101001"),
            "has 17 characters, expected 18"
        );
        assert_eq!(
            problem("42030219900101001X"),
            "check digit is X, expected 5"
        );
        assert_eq!(
            problem("4203021990010100A5"),
            "character 'A' at position 17 is not allowed"
        );
        // 42030219901301001: the sum is 150 - 0*7... (month 13 digits '13' at positions 11-12:
        // 1*7 + 3*9 = 34 instead of 0*7 + 1*9 = 9) → 175; 175 mod 11 = 10 → '2'.
        assert_eq!(
            problem("420302199013010012"),
            "embedded birth date 19901301 is not a date"
        );
    }
}
