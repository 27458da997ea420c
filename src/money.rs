//! Money: exact decimal yuan with one named rounding rule.
//!
//! Amounts are [`rust_decimal::Decimal`], never floating point. Intermediate results (a
//! per-capita income of 712.40 / 3, a standard times a rate) stay exact; each program rounds
//! its monthly amount once, at the end, with [`Money::round_to_fen`] (half-up, away from zero,
//! to 0.01 yuan). That method is the crate's only rounding of money.
//!
//! On the wire an amount is a string, `"620.00"`; JSON numbers with a fraction are refused
//! because they would pass through binary floating point on the way in.

use std::borrow::Cow;
use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Neg, Sub, SubAssign};
use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{Error, Loc, Problem, Result};

/// The largest amount accepted in an input or a pack: one trillion yuan.
///
/// Inputs are bounded so that no sum or product the engine forms can overflow a `Decimal`
/// (about 7.9 × 10²⁸): at most 64 members × 64 items × 10¹² yuan × factors ≤ 1000.
pub const MAX_AMOUNT: Decimal = Decimal::from_parts(3_567_587_328, 232, 0, false, 0);

/// The mantissa of [`MAX_AMOUNT`] at scale 0, 1 and 2.
pub(crate) const MAX_MANTISSA: [i128; 3] =
    [1_000_000_000_000, 10_000_000_000_000, 100_000_000_000_000];

/// What a mantissa of scale 0, 1 or 2 is multiplied by to give fen.
const FEN_FACTOR: [i64; 3] = [100, 10, 1];

/// An amount of money in yuan (元), exact.
///
/// # Example
///
/// ```
/// use doudi::Money;
///
/// let standard: Money = "620.00".parse()?;
/// let income: Money = "712.40".parse()?;
/// assert_eq!((income - standard).to_string(), "92.40");
/// // One third of a fen is kept exactly until the one rounding at the end:
/// let share = Money::from_yuan(100).per(3);
/// assert_eq!(share.round_to_fen().to_string(), "33.33");
/// # Ok::<(), doudi::Error>(())
/// ```
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Money(Decimal);

/// Powers of ten that a mantissa of up to 96 bits may be multiplied by within an `i128`
/// (10^9 < 2^30, so 2^96 × 10^9 < 2^126).
const POW10: [i64; 10] = [
    1,
    10,
    100,
    1_000,
    10_000,
    100_000,
    1_000_000,
    10_000_000,
    100_000_000,
    1_000_000_000,
];

/// The mantissas of two decimals brought to the larger of their scales, in `i128`s, when
/// the scales are at most nine digits apart (`None` otherwise), with that scale.
///
/// A mantissa is below 2^96 and a factor of at most 10^9 below 2^30, so the lifted value
/// stays below 2^126: nothing wraps.
#[inline]
fn aligned(a: Decimal, b: Decimal) -> Option<(i128, i128, u32)> {
    let (sa, sb) = (a.scale(), b.scale());
    let p = i128::from(*POW10.get(usize::try_from(sa.abs_diff(sb)).ok()?)?);
    Some(if sa >= sb {
        (a.mantissa(), b.mantissa().wrapping_mul(p), sa)
    } else {
        (a.mantissa().wrapping_mul(p), b.mantissa(), sb)
    })
}

/// The decimal of mantissa `m` at `scale`, when it is one (`|m| < 2^96`, scale ≤ 28).
#[inline]
#[allow(
    clippy::cast_possible_truncation,
    reason = "the three 32-bit words of a magnitude checked to be below 2^96"
)]
fn decimal(m: i128, scale: u32) -> Option<Decimal> {
    let magnitude = m.unsigned_abs();
    if scale > Decimal::MAX_SCALE || magnitude >> 96 != 0 {
        return None;
    }
    Some(Decimal::from_parts(
        magnitude as u32,
        (magnitude >> 32) as u32,
        (magnitude >> 64) as u32,
        m < 0,
        scale,
    ))
}

/// The decimal arithmetic, for what the integer fast paths leave: kept out of line so that
/// the fast paths inline small.
#[cold]
#[inline(never)]
fn slow<T>(f: impl FnOnce() -> T) -> T {
    f()
}

/// Numeric order, as the decimal's. Amounts compared in one evaluation mostly have scales
/// within a few digits of each other, so they are brought to one scale in an `i128` and
/// compared as integers; the decimal's own comparison is kept for the rest.
impl Ord for Money {
    #[inline]
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        match aligned(self.0, other.0) {
            Some((a, b, _)) => a.cmp(&b),
            None => slow(|| self.0.cmp(&other.0)),
        }
    }
}

impl PartialOrd for Money {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Money {
    /// Zero yuan.
    pub const ZERO: Money = Money(Decimal::ZERO);

    /// An amount of `yuan`, exact: at most two decimal places (whole fen), at most
    /// [`MAX_AMOUNT`] either way (amounts may be negative: a difference, a recovery).
    ///
    /// # Errors
    ///
    /// [`Error::Invalid`] with [`Problem::TooPrecise`] or [`Problem::AmountTooLarge`].
    ///
    /// # Example
    ///
    /// ```
    /// use doudi::{Decimal, Money};
    ///
    /// assert_eq!(Money::new(Decimal::new(62000, 2))?.to_string(), "620.00");
    /// assert!(Money::new(Decimal::new(6205, 3)).is_err()); // 6.205: finer than a fen
    /// # Ok::<(), doudi::Error>(())
    /// ```
    pub fn new(yuan: Decimal) -> Result<Money> {
        Money::checked(yuan).map_err(|p| Loc::Root.invalid(p))
    }

    /// `yuan` as an amount, or the problem with it: at most two decimal places and at most
    /// [`MAX_AMOUNT`] either way.
    pub(crate) fn checked(yuan: Decimal) -> Result<Money, Problem> {
        if yuan.normalize().scale() > 2 {
            Err(Problem::TooPrecise { amount: yuan })
        } else if yuan.abs() > MAX_AMOUNT {
            Err(Problem::AmountTooLarge {
                amount: yuan,
                limit: MAX_AMOUNT,
            })
        } else {
            Ok(Money(yuan))
        }
    }

    /// An exact amount that computation formed (any number of decimal places).
    #[inline]
    pub(crate) const fn exact(yuan: Decimal) -> Money {
        Money(yuan)
    }

    /// A whole number of yuan. An `i32` is always within [`MAX_AMOUNT`].
    pub fn from_yuan(yuan: i32) -> Money {
        Money(Decimal::from(yuan))
    }

    /// An amount of `fen` (0.01 yuan).
    ///
    /// # Errors
    ///
    /// [`Error::Invalid`] with [`Problem::AmountTooLarge`] beyond [`MAX_AMOUNT`].
    pub fn from_fen(fen: i64) -> Result<Money> {
        let money = Money::fen(fen);
        if money.0.abs() > MAX_AMOUNT {
            return Err(Loc::Root.invalid(Problem::AmountTooLarge {
                amount: money.0,
                limit: MAX_AMOUNT,
            }));
        }
        Ok(money)
    }

    /// An amount of `fen`, unchecked: sums the crate forms itself.
    #[inline]
    #[allow(
        clippy::cast_possible_truncation,
        reason = "the two 32-bit words of a 64-bit magnitude"
    )]
    pub(crate) fn fen(fen: i64) -> Money {
        let magnitude = fen.unsigned_abs();
        Money(Decimal::from_parts(
            magnitude as u32,
            (magnitude >> 32) as u32,
            0,
            fen < 0,
            2,
        ))
    }

    /// The amount as a whole number of fen, when it is one and fits an `i64`.
    pub(crate) fn to_fen(self) -> Option<i64> {
        // Input amounts have a scale of at most 2: the mantissa scaled up is the fen.
        if let Some(&up) = FEN_FACTOR.get(self.0.scale() as usize) {
            return i64::try_from(self.0.mantissa()).ok()?.checked_mul(up);
        }
        let fen = self.0.checked_mul(Decimal::ONE_HUNDRED)?.normalize();
        if fen.scale() != 0 {
            return None;
        }
        i64::try_from(fen.mantissa()).ok()
    }

    /// The exact decimal value in yuan.
    pub const fn yuan(self) -> Decimal {
        self.0
    }

    /// Rounds half-up (away from zero) to the fen, 0.01 yuan: the crate's one rounding rule
    /// applied once at the end of each program's computation.
    ///
    /// ```
    /// use doudi::{Decimal, Money};
    /// // 620.00 × 18.3% × 2 = 226.92 exactly; 680.00 / 3 = 226.666…
    /// let price = Money::from_yuan(620).times(Decimal::new(366, 3));
    /// assert_eq!(price.round_to_fen().to_string(), "226.92");
    /// assert_eq!(Money::from_yuan(680).per(3).round_to_fen().to_string(), "226.67");
    /// // Half a fen rounds away from zero.
    /// assert_eq!(Money::from_fen(-1)?.per(2).round_to_fen().to_string(), "-0.01");
    /// # Ok::<(), doudi::Error>(())
    /// ```
    #[must_use]
    pub fn round_to_fen(self) -> Money {
        Money(
            self.0
                .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero),
        )
    }

    /// Rounded to the jiao (one decimal place, half away from zero), written to the fen:
    /// `123.45` is `123.50`.
    pub fn round_to_jiao(self) -> Money {
        let mut d = self
            .0
            .round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero);
        d.rescale(2);
        Money(d)
    }

    /// Rounded up to the whole yuan (towards positive infinity), written to the fen:
    /// `123.01` is `124.00`, `123.00` stays.
    pub fn ceil_to_yuan(self) -> Money {
        let mut d = self
            .0
            .round_dp_with_strategy(0, RoundingStrategy::ToPositiveInfinity);
        d.rescale(2);
        Money(d)
    }

    /// For display: the amount to the fen, marked `≈` when the exact value is finer (a
    /// per-capita income of 1000.00 / 3 shows as `≈333.33`). Computation never uses it.
    pub fn approx(self) -> impl fmt::Display {
        Approx(self)
    }

    /// This amount times an exact factor (a rate, a multiplier, a count). Saturates at the
    /// range of a decimal (about 7.9 × 10²⁸), far beyond any amount the crate accepts.
    #[must_use]
    #[allow(
        clippy::arithmetic_side_effects,
        reason = "the amount is bounded by the input checks and the factor by the pack's (README, Limits)"
    )]
    #[inline]
    pub fn times(self, factor: Decimal) -> Money {
        if self.0.is_zero() {
            return Money::ZERO;
        }
        // The exact product of the mantissas at the sum of the scales, when it is a decimal:
        // the value and scale the decimal product has (checked in the tests).
        // Mantissas within 64 bits multiply in one instruction and never overflow an i128.
        let scale = self.0.scale().saturating_add(factor.scale());
        let small = |d: Decimal| i64::try_from(d.mantissa()).ok().map(i128::from);
        match small(self.0)
            .zip(small(factor))
            .and_then(|(a, b)| decimal(a.wrapping_mul(b), scale))
        {
            Some(product) => Money(product),
            None => Money(slow(|| self.0.saturating_mul(factor))),
        }
    }

    /// This amount shared equally among `n` (exact, unrounded). `per(0)` is zero.
    #[must_use]
    #[allow(
        clippy::arithmetic_side_effects,
        reason = "n is not zero here, and a quotient is never larger than the amount"
    )]
    pub fn per(self, n: u32) -> Money {
        if n == 0 || self.0.is_zero() {
            Money::ZERO
        } else {
            Money(self.0 / Decimal::from(n))
        }
    }

    /// The larger of this amount and zero.
    #[must_use]
    pub fn floor_zero(self) -> Money {
        if self.is_negative() {
            Money::ZERO
        } else {
            self
        }
    }

    /// Whether the amount is exactly zero.
    pub fn is_zero(&self) -> bool {
        self.0.is_zero()
    }

    /// Whether the amount is below zero.
    pub fn is_negative(self) -> bool {
        self.0.is_sign_negative() && !self.0.is_zero()
    }

    /// Checks an input amount: not negative, at most two decimal places, at most
    /// [`MAX_AMOUNT`].
    #[inline]
    pub(crate) fn check_input(self, loc: &Loc<'_>) -> Result<Money> {
        if self.is_plain_input() {
            return Ok(self);
        }
        self.input_problem()
            .map_or(Ok(self), |p| Err(loc.invalid(p)))
    }

    /// Whether the amount has a scale of at most 2 and a mantissa from 0 to the limit's at
    /// that scale: an input amount, told without forming a problem (most input is).
    #[inline]
    fn is_plain_input(self) -> bool {
        MAX_MANTISSA
            .get(self.0.scale() as usize)
            .is_some_and(|limit| (0..=*limit).contains(&self.0.mantissa()))
    }

    /// Whether the amount is one an input may hold (see [`Money::input_problem`]).
    pub(crate) fn is_input(self) -> bool {
        self.is_plain_input() || self.input_problem().is_none()
    }

    pub(crate) fn input_problem(self) -> Option<Problem> {
        // A scale of at most 2 (most input): never finer than a fen; the mantissa is
        // compared with the limit's at that scale.
        if let Some(&limit) = MAX_MANTISSA.get(self.0.scale() as usize) {
            let mantissa = self.0.mantissa();
            return if mantissa < 0 {
                Some(Problem::NegativeAmount { amount: self.0 })
            } else if mantissa > limit {
                Some(Problem::AmountTooLarge {
                    amount: self.0,
                    limit: MAX_AMOUNT,
                })
            } else {
                None
            };
        }
        if self.is_negative() {
            Some(Problem::NegativeAmount { amount: self.0 })
        } else if self.0.scale() > 2 && self.0.normalize().scale() > 2 {
            Some(Problem::TooPrecise { amount: self.0 })
        } else if self.0 > MAX_AMOUNT {
            Some(Problem::AmountTooLarge {
                amount: self.0,
                limit: MAX_AMOUNT,
            })
        } else {
            None
        }
    }

    pub(crate) fn parse_problem(text: &str) -> Result<Money, Problem> {
        /// The longest text of an amount read (the largest amount with two decimals and a
        /// sign is 17 characters; room is left for zeros before and after).
        const MAX_MONEY_TEXT: usize = 40;
        let bad = || Problem::BadMoney {
            text: text.to_owned(),
        };
        // Plain decimal notation only: digits, one optional point, an optional leading minus.
        let body = text.strip_prefix('-').unwrap_or(text);
        let mut parts = body.splitn(2, '.');
        let whole = parts.next().unwrap_or("");
        let frac = parts.next();
        let digits_ok = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if !digits_ok(whole) || frac.is_some_and(|f| !digits_ok(f)) {
            return Err(bad());
        }
        if text.len() > MAX_MONEY_TEXT {
            return Err(Problem::AmountTooLong {
                len: text.len(),
                limit: MAX_MONEY_TEXT,
            });
        }
        // Digits past what a decimal holds: far beyond the limit, shown as written.
        Decimal::from_str_exact(text)
            .map(Money)
            .map_err(|_| Problem::AmountFarTooLarge {
                amount: text.to_owned(),
                limit: MAX_AMOUNT,
            })
    }
}

/// Reads plain decimal notation (`620.00`, `-3.5`): at most two decimal places and at most
/// [`MAX_AMOUNT`] either way, as in JSON inputs.
impl FromStr for Money {
    type Err = Error;

    fn from_str(text: &str) -> Result<Money> {
        Money::parse_problem(text)
            .and_then(|m| Money::checked(m.0))
            .map_err(|p| Loc::Root.invalid(p))
    }
}

impl fmt::Display for Money {
    /// At least two decimal places: `620.00`, `-3.50`, `237.4666…` in full when finer.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = self.0.normalize();
        if d.scale() < 2 {
            d.rescale(2);
        }
        fmt::Display::fmt(&d, f)
    }
}

struct Approx(Money);

impl fmt::Display for Approx {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rounded = self.0.round_to_fen();
        if rounded != self.0 {
            f.write_str("≈")?;
        }
        rounded.fmt(f)
    }
}

impl fmt::Debug for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl Add for Money {
    type Output = Money;
    #[inline(always)]
    fn add(self, rhs: Money) -> Money {
        // Most amounts added are zero (no income of a kind, no rigid spending): skip the
        // decimal arithmetic then. Only the result's scale may differ (`620` rather than
        // `620.00`), which equality, order, display and serialisation all ignore.
        if rhs.0.is_zero() {
            self
        } else if self.0.is_zero() {
            rhs
        } else {
            self.sum_of_nonzero(rhs)
        }
    }
}

impl Money {
    /// The sum of the aligned mantissas at the larger scale, when it is a decimal: the value
    /// and scale the decimal sum has (checked in the tests).
    #[allow(
        clippy::arithmetic_side_effects,
        reason = "two mantissas below 2^126 sum inside an i128; amounts are bounded by the input checks"
    )]
    fn sum_of_nonzero(self, rhs: Money) -> Money {
        match aligned(self.0, rhs.0).and_then(|(a, b, scale)| decimal(a + b, scale)) {
            Some(sum) => Money(sum),
            None => Money(slow(|| self.0.saturating_add(rhs.0))),
        }
    }

    /// As [`Money::sum_of_nonzero`], for the difference.
    #[allow(
        clippy::arithmetic_side_effects,
        reason = "two mantissas below 2^126 subtract inside an i128; amounts are bounded by the input checks"
    )]
    fn difference_of_nonzero(self, rhs: Money) -> Money {
        match aligned(self.0, rhs.0).and_then(|(a, b, scale)| decimal(a - b, scale)) {
            Some(difference) => Money(difference),
            None => Money(slow(|| self.0.saturating_sub(rhs.0))),
        }
    }
}

impl Sub for Money {
    type Output = Money;
    #[inline(always)]
    fn sub(self, rhs: Money) -> Money {
        if rhs.0.is_zero() {
            self
        } else {
            self.difference_of_nonzero(rhs)
        }
    }
}

impl AddAssign for Money {
    #[inline(always)]
    fn add_assign(&mut self, rhs: Money) {
        *self = *self + rhs;
    }
}

impl SubAssign for Money {
    #[inline(always)]
    fn sub_assign(&mut self, rhs: Money) {
        *self = *self - rhs;
    }
}

impl Neg for Money {
    type Output = Money;
    #[allow(
        clippy::arithmetic_side_effects,
        reason = "negating a decimal only flips its sign"
    )]
    fn neg(self) -> Money {
        Money(-self.0)
    }
}

impl Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, Add::add)
    }
}

impl<'a> Sum<&'a Money> for Money {
    fn sum<I: Iterator<Item = &'a Money>>(iter: I) -> Money {
        iter.copied().sum()
    }
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// An amount on the wire: a string such as `"620.00"`. A number is refused whatever it is:
/// a fraction would have passed through binary floating point, and one form for every
/// amount keeps inputs unambiguous.
pub(crate) static MONEY_TEXT: crate::read::TextForm<Money> = crate::read::TextForm {
    name: "doudi::Money",
    expected: "an amount of money as a string such as \"620.00\"",
    parse: |text| Money::parse_problem(text).and_then(|m| Money::checked(m.0)),
    number: Some(|number| Problem::AmountAsNumber { number }),
};

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Money, D::Error> {
        MONEY_TEXT.deserialize(d)
    }
}

impl schemars::JsonSchema for Money {
    fn schema_name() -> Cow<'static, str> {
        "Money".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "An amount in yuan, exact, as a decimal string with at most two decimal places, such as \"620.00\".",
            "type": "string",
            "pattern": "^-?[0-9]+(\\.[0-9]{1,2})?$"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Any decimal text as an amount, finer than a fen too (as computation forms them).
    fn yuan(text: &str) -> Money {
        Money::parse_problem(text).unwrap()
    }

    #[test]
    fn max_amount_is_one_trillion() {
        assert_eq!(MAX_AMOUNT, Decimal::from(1_000_000_000_000_i64));
        for (scale, limit) in (0u32..).zip(MAX_MANTISSA) {
            assert_eq!(Decimal::from_i128_with_scale(limit, scale), MAX_AMOUNT);
        }
    }

    #[test]
    fn the_fast_checks_of_input_agree_with_the_decimal_ones() {
        for text in [
            "0",
            "0.00",
            "-0.00",
            "620",
            "620.0",
            "620.00",
            "0.01",
            "-0.01",
            "-5",
            "1000000000000",
            "1000000000000.00",
            "1000000000000.01",
            "1000000000001",
            "99999999999999999",
            "1.005",
            "1.000",
            "-1.000",
            "0.125",
        ] {
            let m = yuan(text);
            // The slow forms, as they were: by sign, normalised scale and decimal order.
            let slow = if m.is_negative() {
                Some(Problem::NegativeAmount { amount: m.0 })
            } else if m.0.normalize().scale() > 2 {
                Some(Problem::TooPrecise { amount: m.0 })
            } else if m.0 > MAX_AMOUNT {
                Some(Problem::AmountTooLarge {
                    amount: m.0,
                    limit: MAX_AMOUNT,
                })
            } else {
                None
            };
            assert_eq!(m.input_problem(), slow, "{text}");
            let fen =
                m.0.checked_mul(Decimal::ONE_HUNDRED)
                    .map(|d| d.normalize())
                    .filter(|d| d.scale() == 0)
                    .and_then(|d| i64::try_from(d.mantissa()).ok());
            assert_eq!(m.to_fen(), fen, "{text}");
        }
    }

    #[test]
    fn rounding_is_half_up_away_from_zero_to_the_fen() {
        assert_eq!(yuan("1.005").round_to_fen(), yuan("1.01"));
        assert_eq!(yuan("1.0049").round_to_fen(), yuan("1.00"));
        assert_eq!(yuan("-1.005").round_to_fen(), yuan("-1.01"));
        assert_eq!(yuan("2.675").round_to_fen(), yuan("2.68"));
    }

    #[test]
    fn arithmetic_with_zero_is_exact_whatever_the_scales() {
        // The zero shortcuts in Add, Sub, times and per must give what the decimal
        // arithmetic gives: the same value and the same text.
        let zero_fen = yuan("0.00");
        let zero_mill = yuan("0.000");
        for a in [
            yuan("620"),
            yuan("0.01"),
            yuan("-3.5"),
            yuan("333.333"),
            zero_fen,
        ] {
            for z in [Money::ZERO, zero_fen, zero_mill] {
                assert_eq!(a + z, a);
                assert_eq!(z + a, a);
                assert_eq!(a - z, a);
                assert_eq!((a + z).to_string(), a.to_string());
                let mut b = a;
                b += z;
                assert_eq!(b.to_string(), a.to_string());
                assert_eq!(z.times(Decimal::new(13, 1)), Money::ZERO);
                assert_eq!(z.per(3), Money::ZERO);
            }
        }
        assert_eq!((yuan("0.00") - yuan("1.25")).to_string(), "-1.25");
        // A 96-bit mantissa holds 29 digits when they start with 3 (3.3e28 < 2^96 ≈ 7.9e28).
        assert_eq!(
            yuan("1000.00").per(3).to_string(),
            "333.33333333333333333333333333"
        );
        assert_eq!(
            yuan("600.00").times(Decimal::new(8, 1)).to_string(),
            "480.00"
        );
    }

    #[test]
    fn order_is_the_decimals_order() {
        // The integer comparison must agree with the decimal's for every pair of scales,
        // signs and sizes, including mantissas near 2^96 and scale gaps past the table.
        let values = [
            "0",
            "-0.00",
            "0.01",
            "-0.01",
            "620",
            "620.00",
            "619.999",
            "620.0000000001",
            "-620.5",
            "333.33333333333333333333333333",
            "79228162514264337593543950335",
            "-79228162514264337593543950335",
            "7922816251426433759354395033.5",
            "0.0000000000000000000000000001",
            "1000000000000",
            "999999999999.99",
        ];
        for a in values {
            for b in values {
                let (da, db) = (
                    Decimal::from_str_exact(a).unwrap(),
                    Decimal::from_str_exact(b).unwrap(),
                );
                assert_eq!(Money(da).cmp(&Money(db)), da.cmp(&db), "{a} vs {b}");
                assert_eq!(Money(da) < Money(db), da < db, "{a} < {b}");
            }
        }
    }

    /// The same decimal: the same value, digits and scale (what display and records show).
    fn same(a: Money, b: Decimal) -> bool {
        a.0.mantissa() == b.mantissa() && a.0.scale() == b.scale()
    }

    fn any_decimal() -> impl proptest::strategy::Strategy<Value = Decimal> {
        use proptest::prelude::*;
        let max = (1_i128 << 96) - 1;
        (
            prop_oneof![
                -100_000_000_i128..100_000_000,
                i128::from(i64::MIN)..=i128::from(i64::MAX),
                max.wrapping_neg()..=max,
                Just(max),
                Just(max.wrapping_neg()),
            ],
            prop_oneof![0_u32..=4, 0_u32..=28],
        )
            .prop_map(|(m, scale)| Decimal::from_i128_with_scale(m, scale))
    }

    proptest::proptest! {
        /// The integer fast paths of `+`, `−`, `times` and the order give exactly what the
        /// decimal arithmetic gives: value, digits and scale, near 2^96 and at any scales.
        #[test]
        fn fast_paths_are_the_decimal_arithmetic(a in any_decimal(), b in any_decimal()) {
            let (x, y) = (Money(a), Money(b));
            if let Some(sum) = a.checked_add(b) {
                proptest::prop_assert!(same(x + y, sum) || a.is_zero() || b.is_zero(), "{a} + {b}");
                proptest::prop_assert_eq!(x + y, Money(sum));
            }
            if let Some(difference) = a.checked_sub(b) {
                proptest::prop_assert!(same(x - y, difference) || b.is_zero(), "{a} - {b}");
                proptest::prop_assert_eq!(x - y, Money(difference));
            }
            if let Some(product) = a.checked_mul(b) {
                proptest::prop_assert!(same(x.times(b), product) || a.is_zero(), "{a} × {b}");
                proptest::prop_assert_eq!(x.times(b), Money(product));
            }
            proptest::prop_assert_eq!(x.cmp(&y), a.cmp(&b));
            proptest::prop_assert_eq!(x.floor_zero(), Money(a.max(Decimal::ZERO)));
        }
    }

    #[test]
    fn display_has_at_least_two_decimals() {
        assert_eq!(yuan("620").to_string(), "620.00");
        assert_eq!(yuan("620.5").to_string(), "620.50");
        assert_eq!(yuan("0.125").to_string(), "0.125");
        assert_eq!(Money::from_fen(-350).unwrap().to_string(), "-3.50");
    }

    #[test]
    fn malformed_amounts_are_refused() {
        for text in [
            "", "1e3", "1,000", " 5", "5 ", ".5", "5.", "+5", "NaN", "--1", "1.2.3",
        ] {
            assert_eq!(
                Money::parse_problem(text),
                Err(Problem::BadMoney { text: text.into() }),
                "{text:?}"
            );
        }
    }

    #[test]
    fn input_checks_name_the_problem() {
        assert_eq!(
            yuan("-1").input_problem(),
            Some(Problem::NegativeAmount {
                amount: Decimal::from(-1)
            })
        );
        assert_eq!(
            yuan("1.001").input_problem(),
            Some(Problem::TooPrecise {
                amount: Decimal::new(1001, 3)
            })
        );
        assert_eq!(yuan("1.100").input_problem(), None);
        assert!(matches!(
            yuan("1000000000000.01").input_problem(),
            Some(Problem::AmountTooLarge { .. })
        ));
    }

    #[test]
    fn json_numbers_are_refused_strings_accepted() {
        assert_eq!(
            serde_json::from_str::<Money>("\"12.30\"").unwrap(),
            yuan("12.3")
        );
        for (number, shown) in [
            ("12", "12"),
            ("12.3", "12.3"),
            ("1e3", "1000"),
            ("-4", "-4"),
        ] {
            let err = crate::model::read_json::<Money>(number).unwrap_err();
            assert_eq!(
                err,
                Error::Invalid {
                    path: crate::error::Path::root(),
                    problem: Problem::AmountAsNumber {
                        number: shown.to_owned()
                    }
                },
                "{number}"
            );
            assert_eq!(
                err.to_string(),
                format!("{shown} is a JSON number; write amounts as strings such as \"620.00\"")
            );
        }
        assert_eq!(serde_json::to_string(&yuan("12.3")).unwrap(), "\"12.30\"");
    }

    #[test]
    fn constructors_refuse_what_inputs_refuse() {
        assert_eq!(
            "1.001".parse::<Money>().unwrap_err(),
            Loc::Root.invalid(Problem::TooPrecise {
                amount: Decimal::new(1001, 3)
            })
        );
        assert!("1000000000000.01".parse::<Money>().is_err());
        assert!("-1000000000000.01".parse::<Money>().is_err());
        assert_eq!(
            "-1000000000000.00".parse::<Money>().unwrap().to_string(),
            "-1000000000000.00"
        );
        assert!(Money::new(Decimal::MAX).is_err());
        assert!(Money::new(Decimal::new(1, 3)).is_err());
        assert_eq!(Money::new(Decimal::new(1, 2)).unwrap().to_string(), "0.01");
        assert!(Money::from_fen(100_000_000_000_001).is_err());
        assert_eq!(
            Money::from_fen(100_000_000_000_000).unwrap().to_string(),
            "1000000000000.00"
        );
        assert_eq!(Money::from_yuan(i32::MIN).to_string(), "-2147483648.00");
    }

    fn extreme_decimal() -> impl proptest::strategy::Strategy<Value = Decimal> {
        use proptest::prelude::*;
        prop_oneof![
            Just(Decimal::MAX),
            Just(Decimal::MIN),
            Just(Decimal::ZERO),
            Just(Decimal::new(1, 28)),
            Just(Decimal::new(-1, 28)),
            any_decimal(),
        ]
    }

    proptest::proptest! {
        /// No arithmetic method panics, whatever the amounts and factors: at the ends of a
        /// decimal's range they saturate.
        #[test]
        fn no_arithmetic_panics(a in extreme_decimal(), b in extreme_decimal(), n in proptest::prelude::any::<u32>()) {
            let (x, y) = (Money(a), Money(b));
            let _ = x + y;
            let _ = x - y;
            let _ = -x;
            let _ = x.times(b);
            let _ = x.per(n);
            let _ = x.round_to_fen();
            let _ = x.floor_zero();
            let _ = x.to_string();
            let _ = x.approx().to_string();
            let _ = x.cmp(&y);
            let _ = x.to_fen();
            let _: Money = [x, y, x].iter().sum();
            let mut z = x;
            z += y;
            z -= y;
        }
    }
}
