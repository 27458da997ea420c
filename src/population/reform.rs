//! Reform comparison: the same population under two packs — cost change per program,
//! households and persons newly covered or no longer covered, gainers and losers.

use std::fmt;

use serde::Serialize;

use crate::decision::{HOUSEHOLD, Outcome};
use crate::engine::{Engine, Scratch};
use crate::error::Result;
use crate::model::{Area, Household, HouseholdId, ProgramId, ProgramKind};
use crate::money::Money;
use crate::period::Month;
use crate::policy::MoneyParam;

use super::table::{Cell, Column, Table};

/// Per program: the cost under each pack, the households whose amount rose or fell, and
/// who is covered under one and not the other.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct ProgramChange {
    /// Money paid under the base pack over the range.
    pub base: Money,
    /// Money paid under the reform pack over the range.
    pub reform: Money,
    /// Households whose amount of the program over the range is higher under the reform.
    pub households_up: u64,
    /// Households whose amount is lower under the reform.
    pub households_down: u64,
    /// Persons in the households whose amount is higher.
    pub persons_up: u64,
    /// Persons in the households whose amount is lower.
    pub persons_down: u64,
    /// Households covered (in some month) under the reform only.
    pub households_gained: u64,
    /// Households covered under the base only.
    pub households_lost: u64,
    /// Persons covered under the reform only.
    pub persons_gained: u64,
    /// Persons covered under the base only.
    pub persons_lost: u64,
}

/// The breakdowns, in the order the reports give them.
pub(crate) const BREAKDOWNS: [Breakdown; 4] = [
    Breakdown::Area,
    Breakdown::Township,
    Breakdown::Size,
    Breakdown::Decile,
];

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

/// What a breakdown of the comparison groups households by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Breakdown {
    /// Urban or rural.
    Area,
    /// The township or street office (`(none)` for households without one).
    Township,
    /// The number of members.
    Size,
    /// The decile of per-capita counted income before transfers (1: the lowest tenth of
    /// households).
    Decile,
}

impl Breakdown {
    /// The breakdown's name: `area`, `township`, `size`, `decile`.
    pub fn name(self) -> &'static str {
        match self {
            Breakdown::Area => "area",
            Breakdown::Township => "township",
            Breakdown::Size => "size",
            Breakdown::Decile => "decile",
        }
    }
}

/// One group of a breakdown: its households and persons, the money paid to them under each
/// pack over the range, and how many households gain or lose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct GroupChange {
    /// The breakdown.
    pub by: Breakdown,
    /// The group: `urban`, a township's name, a size, a decile 1–10.
    pub group: String,
    /// Households in the group.
    pub households: u64,
    /// Persons in the group.
    pub persons: u64,
    /// Money paid to the group under the base pack.
    pub base: Money,
    /// Money paid to the group under the reform pack.
    pub reform: Money,
    /// Households whose total is higher under the reform.
    pub gaining: u64,
    /// Households whose total is lower under the reform.
    pub losing: u64,
}

/// Households and persons whose per-capita income after transfers is below the poverty
/// line in a month, counted over the months of the range.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Poverty {
    /// Household-months below the line.
    pub household_months: u64,
    /// Person-months below the line.
    pub person_months: u64,
    /// The gap: what it would take to bring every household below the line up to it,
    /// summed over the months (yuan).
    pub gap: Money,
}

/// One program's change for one household, with the reasons of both packs in the first
/// month its amount differs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct ProgramDelta {
    /// The program.
    pub program: ProgramId,
    /// Paid to the household under the base pack over the range.
    pub base: Money,
    /// Paid under the reform pack.
    pub reform: Money,
    /// The first month the amounts differ.
    pub month: Month,
    /// The base pack's reasons that month, one per entry of the program that differs.
    pub base_reasons: Vec<String>,
    /// The reform pack's reasons that month.
    pub reform_reasons: Vec<String>,
}

/// A household among the largest gains or losses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct HouseholdChange {
    /// The household.
    pub household: HouseholdId,
    /// Its members.
    pub persons: u64,
    /// Its total under the base pack over the range.
    pub base: Money,
    /// Its total under the reform pack.
    pub reform: Money,
    /// The programs whose amounts changed.
    pub programs: Vec<ProgramDelta>,
}

impl HouseholdChange {
    /// Reform minus base.
    pub fn change(&self) -> Money {
        self.reform - self.base
    }
}

/// The comparison of two packs over one population and range (made by [`compare`]).
///
/// Shown as aligned text (`Display`), CSV in long form ([`Comparison::to_csv`]) and JSON
/// with labelled fields ([`Comparison::to_json`]).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Comparison {
    /// The base pack: name, version and short fingerprint.
    pub base_pack: String,
    /// The reform pack.
    pub reform_pack: String,
    /// The months compared.
    pub months: Vec<Month>,
    /// Per program, in the crate's order.
    pub programs: Vec<(ProgramId, ProgramChange)>,
    /// Per group of each breakdown (area, township, size, decile), in that order.
    pub groups: Vec<GroupChange>,
    /// Poverty under the base pack; the line is the base pack's dibao standard of the
    /// household's area and month.
    pub poverty_base: Poverty,
    /// Poverty under the reform pack, against the same line.
    pub poverty_reform: Poverty,
    /// The largest gains, largest first.
    pub largest_gains: Vec<HouseholdChange>,
    /// The largest losses, largest first.
    pub largest_losses: Vec<HouseholdChange>,
    /// Households per band of [`BANDS`].
    pub bands: Vec<u64>,
    /// Households compared.
    pub households: u64,
    /// Households that could not be evaluated under one of the packs (counted in
    /// `households`, in no table).
    pub errors: u64,
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

    /// The groups of one breakdown.
    pub fn groups(&self, by: Breakdown) -> impl Iterator<Item = &GroupChange> {
        self.groups.iter().filter(move |g| g.by == by)
    }
}

/// The columns of the table of programs, declared once for text, CSV and workbooks.
const PROGRAM_COLUMNS: &[Column<ProgramChange>] = &[
    Column {
        measure: "base",
        header: "base",
        long: "base",
        width: 14,
        value: |c| Cell::Yuan(c.base),
    },
    Column {
        measure: "reform",
        header: "reform",
        long: "reform",
        width: 14,
        value: |c| Cell::Yuan(c.reform),
    },
    Column {
        measure: "difference",
        header: "change",
        long: "change",
        width: 13,
        value: |c| Cell::Yuan(c.reform - c.base),
    },
    Column {
        measure: "households_up",
        header: "hh up",
        long: "households up",
        width: 8,
        value: |c| Cell::Count(c.households_up),
    },
    Column {
        measure: "households_down",
        header: "hh down",
        long: "households down",
        width: 8,
        value: |c| Cell::Count(c.households_down),
    },
    Column {
        measure: "persons_up",
        header: "pers up",
        long: "persons up",
        width: 9,
        value: |c| Cell::Count(c.persons_up),
    },
    Column {
        measure: "persons_down",
        header: "pers down",
        long: "persons down",
        width: 9,
        value: |c| Cell::Count(c.persons_down),
    },
    Column {
        measure: "households_gained",
        header: "+hh",
        long: "households newly covered",
        width: 8,
        value: |c| Cell::Count(c.households_gained),
    },
    Column {
        measure: "households_lost",
        header: "−hh",
        long: "households no longer covered",
        width: 8,
        value: |c| Cell::Count(c.households_lost),
    },
    Column {
        measure: "persons_gained",
        header: "+persons",
        long: "persons newly covered",
        width: 9,
        value: |c| Cell::Count(c.persons_gained),
    },
    Column {
        measure: "persons_lost",
        header: "−persons",
        long: "persons no longer covered",
        width: 9,
        value: |c| Cell::Count(c.persons_lost),
    },
];

/// The columns of a breakdown's table.
const GROUP_COLUMNS: &[Column<GroupChange>] = &[
    Column {
        measure: "households",
        header: "households",
        long: "households",
        width: 10,
        value: |g| Cell::Count(g.households),
    },
    Column {
        measure: "persons",
        header: "persons",
        long: "persons",
        width: 10,
        value: |g| Cell::Count(g.persons),
    },
    Column {
        measure: "base",
        header: "base",
        long: "base",
        width: 14,
        value: |g| Cell::Yuan(g.base),
    },
    Column {
        measure: "reform",
        header: "reform",
        long: "reform",
        width: 14,
        value: |g| Cell::Yuan(g.reform),
    },
    Column {
        measure: "difference",
        header: "change",
        long: "change",
        width: 13,
        value: |g| Cell::Yuan(g.reform - g.base),
    },
    Column {
        measure: "gaining",
        header: "gaining",
        long: "gaining",
        width: 9,
        value: |g| Cell::Count(g.gaining),
    },
    Column {
        measure: "losing",
        header: "losing",
        long: "losing",
        width: 9,
        value: |g| Cell::Count(g.losing),
    },
];

/// The columns of the poverty table.
const POVERTY_COLUMNS: &[Column<Poverty>] = &[
    Column {
        measure: "household_months",
        header: "household-months",
        long: "household-months",
        width: 17,
        value: |p| Cell::Count(p.household_months),
    },
    Column {
        measure: "person_months",
        header: "person-months",
        long: "person-months",
        width: 15,
        value: |p| Cell::Count(p.person_months),
    },
    Column {
        measure: "gap",
        header: "gap",
        long: "gap",
        width: 14,
        value: |p| Cell::Yuan(p.gap),
    },
];

/// The column of the bands table.
const BAND_COLUMNS: &[Column<u64>] = &[Column {
    measure: "households",
    header: "households",
    long: "households",
    width: 9,
    value: |n| Cell::Count(*n),
}];

impl Comparison {
    /// The table of programs: every program that pays money (in text, those that paid
    /// something under one pack or the other).
    pub(crate) fn program_table(&self, paying_only: bool) -> Table<'_, ProgramChange> {
        Table {
            name: "programs",
            key: "program",
            key_width: 24,
            columns: PROGRAM_COLUMNS,
            rows: self
                .programs
                .iter()
                .filter(|(p, c)| {
                    p.kind() != ProgramKind::Service
                        && !(paying_only && c.base.is_zero() && c.reform.is_zero())
                })
                .map(|(p, c)| (p.to_string(), c))
                .collect(),
        }
    }

    /// The table of one breakdown.
    pub(crate) fn group_table(&self, by: Breakdown) -> Table<'_, GroupChange> {
        Table {
            name: by.name(),
            key: "group",
            key_width: 24,
            columns: GROUP_COLUMNS,
            rows: self.groups(by).map(|g| (g.group.clone(), g)).collect(),
        }
    }

    /// The table of poverty under each pack.
    pub(crate) fn poverty_table(&self) -> Table<'_, Poverty> {
        Table {
            name: "poverty",
            key: "pack",
            key_width: 24,
            columns: POVERTY_COLUMNS,
            rows: vec![
                ("base".to_owned(), &self.poverty_base),
                ("reform".to_owned(), &self.poverty_reform),
            ],
        }
    }

    /// The table of households by band of change.
    pub(crate) fn band_table(&self) -> Table<'_, u64> {
        Table {
            name: "bands",
            key: "change of the household's total",
            key_width: 22,
            columns: BAND_COLUMNS,
            rows: BANDS
                .iter()
                .zip(&self.bands)
                .map(|((band, _, _), n)| ((*band).to_owned(), n))
                .collect(),
        }
    }
}

/// Per household and program over the range: members covered (bits) and money; and the
/// household's months below the poverty line.
struct Coverage {
    members: [u64; ProgramId::BUILT_IN.len()],
    amount: [Money; ProgramId::BUILT_IN.len()],
    poverty: Poverty,
}

impl Coverage {
    fn total(&self) -> Money {
        self.amount.iter().copied().sum()
    }
}

/// The poverty line of `household` in `month`: the base pack's dibao standard of its area.
fn poverty_line(base: &Engine, household: &Household, month: Month) -> Option<Money> {
    let param = match household.area() {
        Area::Urban => MoneyParam::DibaoStandardUrban,
        Area::Rural => MoneyParam::DibaoStandardRural,
    };
    base.pack().money(param).on(month).ok().map(|v| v.value())
}

/// A household's counted monthly income before transfers: every member's wages, business,
/// property and transfer income as counted (57号 第13条), before the employment-cost
/// deduction, without any social assistance.
fn income_before_transfers(household: &Household) -> Money {
    household
        .members()
        .iter()
        .map(|p| {
            let c = p.counted_income();
            c.wages() + c.other()
        })
        .sum()
}

#[allow(
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    reason = "slots are positions in ProgramId::BUILT_IN, the length of the per-slot arrays; member bits are below 64; counts are of months, far below 2^64"
)]
fn cover(
    engine: &Engine,
    base: &Engine,
    household: &Household,
    before: Money,
    months: &[Month],
    scratch: &mut Scratch,
) -> Result<Coverage> {
    let mut c = Coverage {
        members: [0; ProgramId::BUILT_IN.len()],
        amount: [Money::ZERO; ProgramId::BUILT_IN.len()],
        poverty: Poverty::default(),
    };
    let size = household.members().len();
    let all = if size >= 64 {
        u64::MAX
    } else {
        (1u64 << size) - 1
    };
    scratch.order_members(household);
    for &month in months {
        engine.run(household, month, scratch, false)?;
        let mut paid = Money::ZERO;
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
            paid += amount;
        }
        if let Some(line) = poverty_line(base, household, month) {
            let needed = line.times(rust_decimal::Decimal::from(size));
            let after = before + paid;
            if after < needed {
                c.poverty.household_months += 1;
                c.poverty.person_months += size as u64;
                c.poverty.gap += needed - after;
            }
        }
    }
    Ok(c)
}

/// What the breakdowns need of one household, kept until the deciles are known.
struct Row {
    area: Area,
    township: Option<String>,
    size: u64,
    /// Per-capita counted income before transfers, for the deciles.
    per_capita: Money,
    base: Money,
    reform: Money,
}

/// The households with the largest changes seen so far, largest first, at most `n`.
struct Largest {
    n: usize,
    kept: Vec<(Money, Household)>,
}

impl Largest {
    /// Offers a household whose change, made positive for the order, is `size`.
    fn offer(&mut self, size: Money, household: &Household) {
        if self.n == 0 || size <= Money::ZERO {
            return;
        }
        if self.kept.len() == self.n && self.kept.last().is_some_and(|(s, _)| size <= *s) {
            return;
        }
        let at = self.kept.partition_point(|(s, _)| *s >= size);
        self.kept.insert(at, (size, household.clone()));
        self.kept.truncate(self.n);
    }
}

/// Compares `base` and `reform` over `households` and `months`, with the ten largest
/// gains and losses (see [`compare_top`]).
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
/// // The household is the largest gain, with both packs' reasons.
/// let gain = &c.largest_gains[0];
/// assert_eq!(gain.change().to_string(), "84.00");
/// assert_eq!(gain.programs[0].reform_reasons[0],
///     "(standard 682.00 − per-capita income 640.00) × 2 in the unit");
/// # Ok::<(), doudi::Error>(())
/// ```
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
    compare_top(base, reform, households, months, 10)
}

/// Compares `base` and `reform` over `households` and `months`: per program the cost
/// under each and who gains, loses, is newly or no longer covered; the same by area,
/// township, household size and decile of per-capita counted income before transfers;
/// poverty under each (against the base pack's standard); and the `top` largest gains
/// and losses, each with the programs that changed and both packs' reasons.
///
/// Every household is counted: compared, or as an error when one of the packs cannot
/// evaluate it (a member born after a month of the range).
#[allow(
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    reason = "slots are positions in ProgramId::BUILT_IN, the length of the per-slot arrays; a band is a position found in BANDS, the length of `bands`; counts are of households and persons, far below 2^64"
)]
pub fn compare_top<I, B>(
    base: &Engine,
    reform: &Engine,
    households: I,
    months: std::ops::RangeInclusive<Month>,
    top: usize,
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
    let mut rows = Vec::new();
    let (mut poverty_base, mut poverty_reform) = (Poverty::default(), Poverty::default());
    let mut gains = Largest {
        n: top,
        kept: Vec::new(),
    };
    let mut losses = Largest {
        n: top,
        kept: Vec::new(),
    };
    for household in households {
        let household = household.borrow();
        count += 1;
        let before = income_before_transfers(household);
        let (Ok(b), Ok(r)) = (
            cover(base, base, household, before, &months, &mut sa),
            cover(reform, base, household, before, &months, &mut sb),
        ) else {
            errors += 1;
            continue;
        };
        let size = household.members().len() as u64;
        for (slot, change) in changes.iter_mut().enumerate() {
            change.base += b.amount[slot];
            change.reform += r.amount[slot];
            let (bm, rm) = (b.members[slot], r.members[slot]);
            change.persons_gained += u64::from((rm & !bm).count_ones());
            change.persons_lost += u64::from((bm & !rm).count_ones());
            change.households_gained += u64::from(rm != 0 && bm == 0);
            change.households_lost += u64::from(bm != 0 && rm == 0);
            let (up, down) = (
                r.amount[slot] > b.amount[slot],
                r.amount[slot] < b.amount[slot],
            );
            change.households_up += u64::from(up);
            change.households_down += u64::from(down);
            change.persons_up += if up { size } else { 0 };
            change.persons_down += if down { size } else { 0 };
        }
        for (total, p) in [
            (&mut poverty_base, &b.poverty),
            (&mut poverty_reform, &r.poverty),
        ] {
            total.household_months += p.household_months;
            total.person_months += p.person_months;
            total.gap += p.gap;
        }
        let (bt, rt) = (b.total(), r.total());
        let delta = rt - bt;
        gains.offer(delta, household);
        losses.offer(Money::ZERO - delta, household);
        bands[band_of(delta)] += 1;
        rows.push(Row {
            area: household.area(),
            township: household.township().map(|t| t.to_string()),
            size,
            per_capita: before.per(size.try_into().unwrap_or(u32::MAX)),
            base: bt,
            reform: rt,
        });
    }
    let explain = |kept: Vec<(Money, Household)>| -> Vec<HouseholdChange> {
        kept.into_iter()
            .filter_map(|(_, h)| explain(base, reform, &h, &months))
            .collect()
    };
    Comparison {
        base_pack: base.pack().label(),
        reform_pack: reform.pack().label(),
        groups: breakdowns(rows),
        poverty_base,
        poverty_reform,
        largest_gains: explain(gains.kept),
        largest_losses: explain(losses.kept),
        months,
        programs: ProgramId::BUILT_IN.iter().copied().zip(changes).collect(),
        bands,
        households: count,
        errors,
    }
}

/// The position in [`BANDS`] of a change of `delta` yuan.
fn band_of(delta: Money) -> usize {
    let d = delta.yuan();
    BANDS
        .iter()
        .position(|&(_, lo, hi)| {
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
        .unwrap_or(BANDS.len().saturating_sub(1))
}

/// The groups of every breakdown, from the households' rows.
#[allow(
    clippy::arithmetic_side_effects,
    clippy::integer_division,
    reason = "counts are of households and persons, far below 2^64; a rank times ten over the count is below ten"
)]
fn breakdowns(mut rows: Vec<Row>) -> Vec<GroupChange> {
    use std::collections::BTreeMap;
    let mut groups: BTreeMap<(Breakdown, u64, String), GroupChange> = BTreeMap::new();
    let mut add = |by: Breakdown, order: u64, group: String, row: &Row| {
        let g = groups
            .entry((by, order, group.clone()))
            .or_insert_with(|| GroupChange {
                by,
                group,
                households: 0,
                persons: 0,
                base: Money::ZERO,
                reform: Money::ZERO,
                gaining: 0,
                losing: 0,
            });
        g.households += 1;
        g.persons += row.size;
        g.base += row.base;
        g.reform += row.reform;
        g.gaining += u64::from(row.reform > row.base);
        g.losing += u64::from(row.reform < row.base);
    };
    // Deciles by rank of per-capita income, equal numbers of households (ties by input
    // order: the sort is stable).
    rows.sort_by_key(|r| r.per_capita);
    let n = rows.len() as u64;
    for (rank, row) in rows.iter().enumerate() {
        let (area, township) = match row.area {
            Area::Urban => (0, "urban"),
            Area::Rural => (1, "rural"),
        };
        add(Breakdown::Area, area, township.to_owned(), row);
        add(
            Breakdown::Township,
            0,
            row.township.clone().unwrap_or_else(|| "(none)".to_owned()),
            row,
        );
        add(Breakdown::Size, row.size, row.size.to_string(), row);
        let decile = (rank as u64 * 10 / n.max(1)) + 1;
        add(Breakdown::Decile, decile, decile.to_string(), row);
    }
    groups.into_values().collect()
}

/// The programs whose amounts differ for `household`, with both packs' reasons in the
/// first month they differ.
fn explain(
    base: &Engine,
    reform: &Engine,
    household: &Household,
    months: &[Month],
) -> Option<HouseholdChange> {
    use crate::decision::Determination;
    let paid = |d: &Determination, program: ProgramId| -> Money {
        d.entries()
            .iter()
            .filter(|e| e.program() == program)
            .filter_map(|e| e.paid())
            .sum()
    };
    // The reasons of `d`'s entries of `program` whose outcome differs in `other`.
    let reasons = |d: &Determination, other: &Determination, program: ProgramId| {
        d.entries()
            .iter()
            .filter(|e| e.program() == program)
            .filter(|e| {
                other
                    .entry(program, d.person_of(e))
                    .is_none_or(|o| o.outcome() != e.outcome())
            })
            .map(|e| e.reason().to_string())
            .collect()
    };
    let mut sums = vec![(Money::ZERO, Money::ZERO); ProgramId::BUILT_IN.len()];
    let mut first: Vec<ProgramDelta> = Vec::new();
    for &month in months {
        let b = base.evaluate(household, month).ok()?;
        let r = reform.evaluate(household, month).ok()?;
        for (&program, sum) in ProgramId::BUILT_IN.iter().zip(sums.iter_mut()) {
            let (pb, pr) = (paid(&b, program), paid(&r, program));
            sum.0 += pb;
            sum.1 += pr;
            if pb != pr && !first.iter().any(|d| d.program == program) {
                first.push(ProgramDelta {
                    program,
                    base: Money::ZERO,
                    reform: Money::ZERO,
                    month,
                    base_reasons: reasons(&b, &r, program),
                    reform_reasons: reasons(&r, &b, program),
                });
            }
        }
    }
    for delta in &mut first {
        if let Some(slot) = delta.program.slot()
            && let Some(&(b, r)) = sums.get(slot)
        {
            delta.base = b;
            delta.reform = r;
        }
    }
    first.sort_by_key(|d| d.program.slot());
    let (base_total, reform_total) = sums
        .iter()
        .fold((Money::ZERO, Money::ZERO), |(b, r), (pb, pr)| {
            (b + *pb, r + *pr)
        });
    Some(HouseholdChange {
        household: household.id().clone(),
        persons: household.members().len() as u64,
        base: base_total,
        reform: reform_total,
        programs: first,
    })
}

/// A program's row of the JSON form.
#[derive(Serialize)]
struct ProgramJson<'a> {
    program: ProgramId,
    #[serde(flatten)]
    change: &'a ProgramChange,
    difference: Money,
}

/// A band's row of the JSON form.
#[derive(Serialize)]
struct BandJson<'a> {
    band: &'a str,
    households: u64,
}

/// The JSON form: every table with labelled fields.
impl Serialize for Comparison {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("base_pack", &self.base_pack)?;
        map.serialize_entry("reform_pack", &self.reform_pack)?;
        map.serialize_entry("months", &self.months)?;
        map.serialize_entry("households", &self.households)?;
        map.serialize_entry("errors", &self.errors)?;
        let programs: Vec<ProgramJson<'_>> = self
            .programs
            .iter()
            .filter(|(p, _)| p.kind() != ProgramKind::Service)
            .map(|(program, change)| ProgramJson {
                program: *program,
                change,
                difference: change.reform - change.base,
            })
            .collect();
        map.serialize_entry("programs", &programs)?;
        let (b, r) = self.totals();
        map.serialize_entry(
            "total",
            &serde_json::json!({"base": b, "reform": r, "difference": r - b}),
        )?;
        map.serialize_entry("groups", &self.groups)?;
        map.serialize_entry("poverty_base", &self.poverty_base)?;
        map.serialize_entry("poverty_reform", &self.poverty_reform)?;
        let bands: Vec<BandJson<'_>> = BANDS
            .iter()
            .zip(&self.bands)
            .map(|((band, _, _), n)| BandJson {
                band,
                households: *n,
            })
            .collect();
        map.serialize_entry("bands", &bands)?;
        map.serialize_entry("largest_gains", &self.largest_gains)?;
        map.serialize_entry("largest_losses", &self.largest_losses)?;
        map.end()
    }
}

impl Comparison {
    /// The JSON form, one line: every table with labelled fields.
    pub fn to_json(&self) -> String {
        // Writing plain data to memory cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The comparison as CSV in long form: one row per number, with the columns `table`
    /// (`programs`, `area`, `township`, `size`, `decile`, `poverty`, `bands`,
    /// `largest_gains`, `largest_losses`), `key` (the program, group, pack, band or
    /// household), `subkey` (for the largest changes: the program; else empty), `measure`
    /// and `value` (yuan with two decimals, or a count).
    pub fn to_csv(&self) -> String {
        let mut w = csv::Writer::from_writer(Vec::new());
        // Writing to memory cannot fail.
        let _ = w.write_record(["table", "key", "subkey", "measure", "value"]);
        self.program_table(false).csv(&mut w);
        for by in BREAKDOWNS {
            self.group_table(by).csv(&mut w);
        }
        self.poverty_table().csv(&mut w);
        self.band_table().csv(&mut w);
        let mut row = |table: &str, key: &str, subkey: &str, measure: &str, value: String| {
            // Writing to memory cannot fail.
            let _ = w.write_record([table, key, subkey, measure, value.as_str()]);
        };
        for (table, list) in [
            ("largest_gains", &self.largest_gains),
            ("largest_losses", &self.largest_losses),
        ] {
            for h in list {
                let key = h.household.to_string();
                row(table, &key, "", "base", h.base.to_string());
                row(table, &key, "", "reform", h.reform.to_string());
                row(table, &key, "", "difference", h.change().to_string());
                for p in &h.programs {
                    let program = p.program.to_string();
                    row(table, &key, &program, "base", p.base.to_string());
                    row(table, &key, &program, "reform", p.reform.to_string());
                    row(table, &key, &program, "first_month", p.month.to_string());
                    row(
                        table,
                        &key,
                        &program,
                        "base_reasons",
                        p.base_reasons.join("; "),
                    );
                    row(
                        table,
                        &key,
                        &program,
                        "reform_reasons",
                        p.reform_reasons.join("; "),
                    );
                }
            }
        }
        String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
    }
}

impl fmt::Display for Comparison {
    /// Aligned tables: per program, per breakdown, poverty, bands, and the largest gains
    /// and losses with their programs and reasons.
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
            "Cost by program over the range (yuan); households and persons whose amount rose (up) or fell (down), newly covered (+) and no longer covered (−):"
        )?;
        let (b, r) = self.totals();
        self.program_table(true).text(
            f,
            &[vec![
                "total".to_owned(),
                b.to_string(),
                r.to_string(),
                (r - b).to_string(),
            ]],
        )?;
        for by in BREAKDOWNS {
            writeln!(f)?;
            let title = match by {
                Breakdown::Area => "By area:",
                Breakdown::Township => "By township:",
                Breakdown::Size => "By household size (members):",
                Breakdown::Decile => {
                    "By decile of per-capita counted income before transfers (1 = lowest tenth of households):"
                }
            };
            writeln!(f, "{title}")?;
            self.group_table(by).text(f, &[])?;
        }
        writeln!(f)?;
        writeln!(
            f,
            "Poverty: households and persons whose per-capita income after transfers is below the base pack's dibao standard, summed over the months, and the gap to it (yuan):"
        )?;
        self.poverty_table().text(f, &[])?;
        writeln!(f)?;
        writeln!(f, "Households by change of their total over the range:")?;
        for ((name, _, _), n) in BANDS.iter().zip(&self.bands) {
            writeln!(f, "  {name:<22} {n:>9}")?;
        }
        for (title, list) in [
            ("Largest gains:", &self.largest_gains),
            ("Largest losses:", &self.largest_losses),
        ] {
            if list.is_empty() {
                continue;
            }
            writeln!(f)?;
            writeln!(f, "{title}")?;
            for h in list {
                writeln!(
                    f,
                    "  {} ({} persons): {} → {} ({})",
                    h.household,
                    h.persons,
                    h.base,
                    h.reform,
                    h.change()
                )?;
                for p in &h.programs {
                    writeln!(
                        f,
                        "    {} {} → {}, first in {}",
                        p.program, p.base, p.reform, p.month
                    )?;
                    for reason in &p.base_reasons {
                        writeln!(f, "      base:   {reason}")?;
                    }
                    for reason in &p.reform_reasons {
                        writeln!(f, "      reform: {reason}")?;
                    }
                }
            }
        }
        Ok(())
    }
}
