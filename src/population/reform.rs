//! Reform comparison: the same population under two packs — cost change per program,
//! households and persons newly covered or no longer covered, gainers and losers.

use std::fmt;

use serde::Serialize;

use crate::decision::{HOUSEHOLD, Outcome};
use crate::engine::{Engine, Scratch};
use crate::error::Result;
use crate::model::{Household, ProgramId, ProgramKind};
use crate::money::Money;
use crate::period::Month;

/// Per program: the cost under each pack and who is covered under one and not the other.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct ProgramChange {
    /// Money paid under the base pack over the range.
    pub base: Money,
    /// Money paid under the reform pack over the range.
    pub reform: Money,
    /// Households covered (in some month) under the reform only.
    pub households_gained: u64,
    /// Households covered under the base only.
    pub households_lost: u64,
    /// Persons covered under the reform only.
    pub persons_gained: u64,
    /// Persons covered under the base only.
    pub persons_lost: u64,
}

/// The bands of the change of a household's total over the range, in yuan.
pub const BANDS: &[(&str, i64, i64)] = &[
    ("loses 1000 or more", i64::MIN, -1000),
    ("loses 100 to 1000", -1000, -100),
    ("loses less than 100", -100, 0),
    ("unchanged", 0, 0),
    ("gains less than 100", 0, 100),
    ("gains 100 to 1000", 100, 1000),
    ("gains 1000 or more", 1000, i64::MAX),
];

/// The comparison of two packs over one population and range.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    base_pack: String,
    reform_pack: String,
    months: Vec<Month>,
    programs: Vec<(ProgramId, ProgramChange)>,
    /// Households per band of [`BANDS`].
    bands: Vec<u64>,
    households: u64,
    errors: u64,
}

impl Comparison {
    /// The change of `program`.
    pub fn program(&self, program: ProgramId) -> ProgramChange {
        self.programs
            .iter()
            .find(|(p, _)| *p == program)
            .map(|(_, c)| *c)
            .unwrap_or_default()
    }

    /// Households per band of [`BANDS`].
    pub fn bands(&self) -> &[u64] {
        &self.bands
    }

    /// The total cost under the base and under the reform.
    pub fn totals(&self) -> (Money, Money) {
        self.programs
            .iter()
            .fold((Money::ZERO, Money::ZERO), |(b, r), (_, c)| {
                (b + c.base, r + c.reform)
            })
    }

    /// Households compared, and households that could not be evaluated under one pack.
    pub fn counts(&self) -> (u64, u64) {
        (self.households, self.errors)
    }
}

/// Per household and program over the range: members covered (bits) and money.
struct Coverage {
    members: [u64; ProgramId::BUILT_IN.len()],
    amount: [Money; ProgramId::BUILT_IN.len()],
}

#[allow(
    clippy::arithmetic_side_effects,
    reason = "amounts are Money sums bounded by the input checks"
)]
impl Coverage {
    fn new() -> Coverage {
        Coverage {
            members: [0; ProgramId::BUILT_IN.len()],
            amount: [Money::ZERO; ProgramId::BUILT_IN.len()],
        }
    }

    fn total(&self) -> Money {
        self.amount.iter().copied().sum()
    }
}

#[allow(
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    reason = "slots are positions in ProgramId::BUILT_IN, the length of the per-slot arrays; member bits are below 64"
)]
fn cover(
    engine: &Engine,
    household: &Household,
    months: &[Month],
    scratch: &mut Scratch,
) -> Result<Coverage> {
    let mut c = Coverage::new();
    let all = if household.members().len() >= 64 {
        u64::MAX
    } else {
        (1u64 << household.members().len()) - 1
    };
    for &month in months {
        engine.run(household, month, scratch, false)?;
        for e in scratch.entries() {
            let (&Outcome::Paid { amount }, Some(slot)) = (&e.outcome, e.program.slot()) else {
                continue;
            };
            c.members[slot] |= if e.index != HOUSEHOLD {
                1 << e.index
            } else if e.program == ProgramId::Dibao {
                scratch.dibao_unit().bits()
            } else {
                all
            };
            c.amount[slot] += amount;
        }
    }
    Ok(c)
}

/// Compares `base` and `reform` over `households` and `months`.
///
/// # Example
///
/// Raising the urban dibao standard by 10% (620.00 → 682.00 in 2020) for one urban
/// household of two whose wages count 1,280.00 (640.00 per capita): not covered before,
/// covered after with (682.00 − 640.00) × 2 = 84.00 a month.
///
/// ```
/// use doudi::{Engine, Household, MAOJIAN_TOML, PolicyPack, ProgramId, population};
///
/// let reform = MAOJIAN_TOML.replace(
///     r#"{ from = 2020-01-01, value = "620.00""#,
///     r#"{ from = 2020-01-01, value = "682.00""#,
/// );
/// let base = Engine::new(PolicyPack::maojian());
/// let reform = Engine::new(PolicyPack::from_toml(&reform)?);
/// let household = Household::from_json(r#"{"id": "h1", "area": "urban", "members": [
///   {"id": "a", "birth_date": "1980-01-01", "sex": "male", "relation": "head",
///    "incomes": [{"category": "wage", "monthly": "1600.00"}]},
///   {"id": "b", "birth_date": "1982-01-01", "sex": "female", "relation": "spouse"}]}"#)?;
/// let month = "2020-07".parse()?;
/// let c = population::compare(&base, &reform, [&household], month..=month);
/// let dibao = c.program(ProgramId::Dibao);
/// assert_eq!(dibao.base.to_string(), "0.00");
/// assert_eq!(dibao.reform.to_string(), "84.00");
/// assert_eq!((dibao.households_gained, dibao.persons_gained), (1, 2));
/// # Ok::<(), doudi::Error>(())
/// ```
#[allow(
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    reason = "slots are positions in ProgramId::BUILT_IN, the length of the per-slot arrays; a band is a position found in BANDS, the length of `bands`; counts are of households, far below 2^64"
)]
pub fn compare<I, B>(
    base: &Engine,
    reform: &Engine,
    households: I,
    months: std::ops::RangeInclusive<Month>,
) -> Comparison
where
    I: IntoIterator<Item = B>,
    B: std::borrow::Borrow<Household>,
{
    let months: Vec<Month> = months.start().through(*months.end()).collect();
    let mut changes = [ProgramChange::default(); ProgramId::BUILT_IN.len()];
    let mut bands = vec![0u64; BANDS.len()];
    let (mut sa, mut sb) = (Scratch::default(), Scratch::default());
    let (mut count, mut errors) = (0u64, 0u64);
    for household in households {
        let household = household.borrow();
        count += 1;
        let (Ok(b), Ok(r)) = (
            cover(base, household, &months, &mut sa),
            cover(reform, household, &months, &mut sb),
        ) else {
            errors += 1;
            continue;
        };
        for (slot, change) in changes.iter_mut().enumerate() {
            change.base += b.amount[slot];
            change.reform += r.amount[slot];
            let (bm, rm) = (b.members[slot], r.members[slot]);
            change.persons_gained += u64::from((rm & !bm).count_ones());
            change.persons_lost += u64::from((bm & !rm).count_ones());
            change.households_gained += u64::from(rm != 0 && bm == 0);
            change.households_lost += u64::from(bm != 0 && rm == 0);
        }
        let delta = r.total() - b.total();
        let band = BANDS
            .iter()
            .position(|&(_, lo, hi)| {
                let d = delta.yuan();
                if lo == 0 && hi == 0 {
                    d.is_zero()
                } else if hi == 0 {
                    d >= lo.into() && d < rust_decimal::Decimal::ZERO
                } else if lo == 0 {
                    d > rust_decimal::Decimal::ZERO && d < hi.into()
                } else {
                    d >= lo.into() && d < hi.into()
                }
            })
            .unwrap_or(BANDS.len() - 1);
        bands[band] += 1;
    }
    Comparison {
        base_pack: format!("{} {}", base.pack().name(), base.pack().fingerprint()),
        reform_pack: format!("{} {}", reform.pack().name(), reform.pack().fingerprint()),
        months,
        programs: ProgramId::BUILT_IN.iter().copied().zip(changes).collect(),
        bands,
        households: count,
        errors,
    }
}

impl fmt::Display for Comparison {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "base   {}", self.base_pack)?;
        writeln!(f, "reform {}", self.reform_pack)?;
        if let (Some(a), Some(b)) = (self.months.first(), self.months.last()) {
            writeln!(
                f,
                "months {a}..{b}, {} households ({} not evaluable)",
                self.households, self.errors
            )?;
        }
        writeln!(f)?;
        writeln!(
            f,
            "{:<24} {:>16} {:>16} {:>14} {:>9} {:>9} {:>9} {:>9}",
            "program", "base", "reform", "change", "+hh", "−hh", "+persons", "−persons"
        )?;
        for (program, c) in &self.programs {
            if program.kind() == ProgramKind::Service || (c.base.is_zero() && c.reform.is_zero()) {
                continue;
            }
            writeln!(
                f,
                "{:<24} {:>16} {:>16} {:>14} {:>9} {:>9} {:>9} {:>9}",
                program.to_string(),
                c.base.to_string(),
                c.reform.to_string(),
                (c.reform - c.base).to_string(),
                c.households_gained,
                c.households_lost,
                c.persons_gained,
                c.persons_lost
            )?;
        }
        let (b, r) = self.totals();
        writeln!(
            f,
            "{:<24} {:>16} {:>16} {:>14}",
            "total",
            b.to_string(),
            r.to_string(),
            (r - b).to_string()
        )?;
        writeln!(f)?;
        writeln!(f, "Households by change of their total over the range:")?;
        for ((name, _, _), n) in BANDS.iter().zip(&self.bands) {
            writeln!(f, "  {name:<22} {n:>9}")?;
        }
        Ok(())
    }
}
