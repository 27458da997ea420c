//! Cliff exposure: how many households a small change of one amount would move onto or
//! off each program.

use std::fmt;

use serde::Serialize;

use crate::engine::Engine;
use crate::model::{Household, ProgramId, ProgramKind};
use crate::money::Money;
use crate::period::Month;

/// One program's exposure: households receiving it and those a change of at most the
/// distance in one amount fact (an income item, rigid spending, financial assets) would
/// take off it; households not receiving it and those such a change would bring onto it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct ExposureRow {
    /// The program.
    pub program: ProgramId,
    /// Households with a payment of the program.
    pub receiving: u64,
    /// Of those, households where such a change stops a payment of it.
    pub losing: u64,
    /// Households with no payment of the program.
    pub not_receiving: u64,
    /// Of those, households where such a change starts a payment of it.
    pub gaining: u64,
}

/// The cliff exposure of a population in one month (made by [`exposure`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Exposure {
    /// The month.
    pub month: Month,
    /// The distance: how far one amount fact is moved, up and down.
    pub within: Money,
    /// The pack, by name and short fingerprint.
    pub pack: String,
    /// Households evaluated.
    pub households: u64,
    /// Households that could not be evaluated in the month (a member born after it).
    pub errors: u64,
    /// One row per program that pays, in the crate's order of programs.
    pub programs: Vec<ExposureRow>,
}

/// Counts, for each paying program, the households within `within` yuan of losing or of
/// gaining it in `month`: each amount fact of each household (every income item, each
/// member's rigid spending, the financial assets) is moved up and down by `within`, one at
/// a time, and the household is evaluated under the real rules. An outcome that changes
/// and changes back within the distance is not counted; the exact points are what
/// [`Engine::evaluate_changes`] finds, household by household.
///
/// Every household is counted: as evaluated, or as an error.
///
/// # Example
///
/// ```
/// use doudi::population::{self, DistrictConfig};
/// use doudi::{Engine, Money, PolicyPack, ProgramId};
///
/// let households = DistrictConfig::default().persons(2_000).generate();
/// let engine = Engine::new(PolicyPack::maojian());
/// let e = population::exposure(&engine, &households, "2020-07".parse()?, Money::from_yuan(100));
/// let dibao = e.programs.iter().find(|r| r.program == ProgramId::Dibao).unwrap();
/// assert!(dibao.losing <= dibao.receiving && dibao.gaining <= dibao.not_receiving);
/// assert_eq!(e.households + e.errors, households.len() as u64);
/// # Ok::<(), doudi::Error>(())
/// ```
pub fn exposure<'a, I>(engine: &Engine, households: I, month: Month, within: Money) -> Exposure
where
    I: IntoIterator<Item = &'a Household>,
{
    let programs: Vec<ProgramId> = ProgramId::BUILT_IN
        .iter()
        .copied()
        .filter(|p| p.kind() != ProgramKind::Service)
        .collect();
    let mut rows: Vec<ExposureRow> = programs
        .iter()
        .map(|&program| ExposureRow {
            program,
            receiving: 0,
            losing: 0,
            not_receiving: 0,
            gaining: 0,
        })
        .collect();
    let (mut evaluated, mut errors) = (0u64, 0u64);
    let mut receiving = vec![false; programs.len()];
    let mut losing = vec![false; programs.len()];
    let mut gaining = vec![false; programs.len()];
    for household in households {
        let Ok(near) = engine.nearby(household, month, within) else {
            errors = errors.saturating_add(1);
            continue;
        };
        evaluated = evaluated.saturating_add(1);
        receiving.fill(false);
        losing.fill(false);
        gaining.fill(false);
        for (i, entry) in near.determination.entries().iter().enumerate() {
            let Some(slot) = programs.iter().position(|p| *p == entry.program()) else {
                continue;
            };
            let flag = |v: &[bool]| v.get(i).copied().unwrap_or(false);
            if entry.paid().is_some() {
                if let Some(r) = receiving.get_mut(slot) {
                    *r = true;
                }
                if flag(&near.could_stop)
                    && let Some(l) = losing.get_mut(slot)
                {
                    *l = true;
                }
            } else if flag(&near.could_pay)
                && let Some(g) = gaining.get_mut(slot)
            {
                *g = true;
            }
        }
        for (slot, row) in rows.iter_mut().enumerate() {
            let at = |v: &[bool]| v.get(slot).copied().unwrap_or(false);
            if at(&receiving) {
                row.receiving = row.receiving.saturating_add(1);
                row.losing = row.losing.saturating_add(u64::from(at(&losing)));
            } else {
                row.not_receiving = row.not_receiving.saturating_add(1);
                row.gaining = row.gaining.saturating_add(u64::from(at(&gaining)));
            }
        }
    }
    Exposure {
        month,
        within,
        pack: engine.pack().label(),
        households: evaluated,
        errors,
        programs: rows,
    }
}

impl fmt::Display for Exposure {
    /// A table: per program, households receiving it and within the distance of losing it,
    /// not receiving it and within the distance of gaining it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "Cliff exposure in {} under {}: households within {} yuan (one amount, up or down) of losing or gaining a program; {} households, {} not evaluable",
            self.month, self.pack, self.within, self.households, self.errors
        )?;
        writeln!(
            f,
            "{:<24} {:>10} {:>8} {:>14} {:>8}",
            "program", "receiving", "losing", "not receiving", "gaining"
        )?;
        for r in &self.programs {
            writeln!(
                f,
                "{:<24} {:>10} {:>8} {:>14} {:>8}",
                r.program.to_string(),
                r.receiving,
                r.losing,
                r.not_receiving,
                r.gaining
            )?;
        }
        Ok(())
    }
}
