//! A pack value that is an amount, or a rate of a base the parameter names: how localities
//! write the same rule in different forms (the low-income edge at 1.5 times the standard or
//! at a set amount; a classified top-up as 10% of the standard or 142.00 a person).

use std::fmt;

use rust_decimal::Decimal;

use crate::money::Money;

/// An amount, or a rate of a base: the dibao standard of the area, tekun's basic standard, or
/// a member's wages, as the parameter says. Written `"930.00"` (an amount), `"1.5x"` (a
/// multiple) or `"10%"` (a share; `"150%"` is `"1.5x"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scaled {
    /// A set amount.
    Amount(Money),
    /// A rate of the base: `1.5` for 1.5 times, `0.1` for 10%.
    Rate(Decimal),
}

impl Scaled {
    /// The value for `base`: the amount, or the rate times the base (exact; rounded where
    /// the rule says).
    pub fn of(self, base: Money) -> Money {
        match self {
            Scaled::Amount(amount) => amount,
            Scaled::Rate(rate) => base.times(rate),
        }
    }

    /// Whether it is a set amount.
    pub fn is_amount(self) -> bool {
        matches!(self, Scaled::Amount(_))
    }
}

impl fmt::Display for Scaled {
    /// `930.00`; a rate of one or more as a multiple, `1.5x`; below one as a share, `10%`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scaled::Amount(amount) => amount.fmt(f),
            Scaled::Rate(rate) if *rate >= Decimal::ONE => write!(f, "{}x", rate.normalize()),
            Scaled::Rate(rate) => {
                write!(
                    f,
                    "{}%",
                    rate.saturating_mul(Decimal::ONE_HUNDRED).normalize()
                )
            }
        }
    }
}
