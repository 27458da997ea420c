//! Reports the way the civil-affairs bureau reports: households (户), persons (人) and money
//! (元) per program and per period, by area and township, with finding counts.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

use serde::Serialize;

use super::csv;
use super::item::BatchError;
use crate::decision::FindingKind;
use crate::model::{Area, ProgramId, ProgramKind, Township};
use crate::money::Money;
use crate::period::Month;
use crate::policy::{Fingerprint, PolicyPack};

/// The most programs a report follows (built-in and local together).
pub const MAX_REPORT_PROGRAMS: usize = 64;

/// Households, persons and money of one cell of a report.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Tally {
    /// Households (户) with a payment or service.
    pub households: u64,
    /// Persons (人) paid or served; for a household payment, the members it covers.
    pub persons: u64,
    /// Money paid (元).
    pub amount: Money,
}

impl Tally {
    fn add(&mut self, other: Tally) {
        self.households = self.households.saturating_add(other.households);
        self.persons = self.persons.saturating_add(other.persons);
        self.amount += other.amount;
    }
}

/// The most townships a report finds by comparing names in turn.
const SCANNED_TOWNSHIPS: usize = 16;

/// Where each township is in a report's list.
#[derive(Debug, Clone, Default, PartialEq)]
struct TownshipLookup {
    /// Township names come from input, so the map keeps std's keyed hash (no chosen
    /// collisions); it is looked up once per household when there are many townships.
    named: HashMap<Township, usize>,
    /// Where `None` (no township given) is.
    none: Option<usize>,
}

/// The result of a batch run: per program and month, per area and township, totals over
/// the range, finding counts, and the reconciliation of what went in and came out.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pack: String,
    fingerprint: Fingerprint,
    months: Vec<Month>,
    programs: Vec<ProgramId>,
    /// Township names in order of first appearance (`None`: not given).
    townships: Vec<Option<Township>>,
    #[serde(skip)]
    township_lookup: TownshipLookup,
    /// `[month][program][area]`.
    cells: Vec<Tally>,
    /// `[township][month][program]`.
    township_cells: Vec<Vec<Tally>>,
    /// `[program][area]`: distinct households and persons over the whole range.
    range: Vec<Tally>,
    /// `[month][finding kind]`.
    findings: Vec<u64>,
    /// `[month][illustrative, secondary]`: household-months whose determination used a
    /// value of that status.
    resting: Vec<[u64; 2]>,
    pub(crate) households_read: u64,
    pub(crate) households_ok: u64,
    pub(crate) household_months: u64,
    pub(crate) errors: Vec<BatchError>,
}

#[allow(
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    reason = "cell positions are computed from the report's own dimensions (months, programs, two areas, townships found in its own lists); counts are sums of households and persons, far below 2^64"
)]
impl Report {
    pub(crate) fn new(pack: &PolicyPack, months: &[Month]) -> Report {
        let programs = ProgramId::BUILT_IN.to_vec();
        let p = programs.len();
        Report {
            pack: pack.name().to_owned(),
            fingerprint: pack.fingerprint(),
            months: months.to_vec(),
            townships: Vec::new(),
            township_lookup: TownshipLookup::default(),
            cells: vec![Tally::default(); months.len() * p * 2],
            township_cells: Vec::new(),
            range: vec![Tally::default(); p * 2],
            findings: vec![0; months.len() * FindingKind::ALL.len()],
            resting: vec![[0; 2]; months.len()],
            programs,
            households_read: 0,
            households_ok: 0,
            household_months: 0,
            errors: Vec::new(),
        }
    }

    /// The program's column, adding a local program on first sight (up to
    /// [`MAX_REPORT_PROGRAMS`]).
    pub(crate) fn program_index(&mut self, program: ProgramId) -> Option<usize> {
        if let Some(slot) = program.slot() {
            return Some(slot);
        }
        if let Some(i) = self.programs.iter().position(|&p| p == program) {
            return Some(i);
        }
        if self.programs.len() >= MAX_REPORT_PROGRAMS {
            return None;
        }
        self.programs.push(program);
        let (old, new) = (self.programs.len() - 1, self.programs.len());
        self.cells = regrid(&self.cells, self.months.len(), old * 2, new * 2);
        for t in &mut self.township_cells {
            *t = regrid(t, self.months.len(), old, new);
        }
        self.range.resize(new * 2, Tally::default());
        Some(old)
    }

    /// Where `township` is in `townships`, if it has appeared. A district has a handful of
    /// townships: up to [`SCANNED_TOWNSHIPS`] they are compared in turn (no hashing); past
    /// that the map finds them.
    fn find_township(&self, township: Option<&Township>) -> Option<usize> {
        if self.townships.len() <= SCANNED_TOWNSHIPS {
            // Households read into memory together often share one allocation per township
            // name: the same text is found by its address before names are compared.
            let same = |t: &Option<Township>| match (t, township) {
                (Some(a), Some(b)) => a.same_text(b),
                (None, None) => true,
                _ => false,
            };
            return self
                .townships
                .iter()
                .position(same)
                .or_else(|| self.townships.iter().position(|t| t.as_ref() == township));
        }
        match township {
            None => self.township_lookup.none,
            Some(t) => self.township_lookup.named.get::<str>(t.as_str()).copied(),
        }
    }

    pub(crate) fn township_index(&mut self, township: Option<&Township>) -> usize {
        match self.find_township(township) {
            Some(i) => i,
            None => self.add_township(township),
        }
    }

    fn add_township(&mut self, township: Option<&Township>) -> usize {
        let i = self.townships.len();
        self.townships.push(township.cloned());
        match township {
            None => self.township_lookup.none = Some(i),
            Some(t) => {
                self.township_lookup.named.insert(t.clone(), i);
            }
        }
        self.township_cells.push(vec![
            Tally::default();
            self.months.len() * self.programs.len()
        ]);
        i
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) fn add(
        &mut self,
        month: usize,
        program: usize,
        area: Area,
        township: usize,
        households: u64,
        persons: u64,
        amount: Money,
    ) {
        let p = self.programs.len();
        let tally = Tally {
            households,
            persons,
            amount,
        };
        self.cells[(month * p + program) * 2 + area.index()].add(tally);
        self.township_cells[township][month * p + program].add(tally);
    }

    pub(crate) fn add_range(
        &mut self,
        program: usize,
        area: Area,
        households: u64,
        persons: u64,
        amount: Money,
    ) {
        self.range[program * 2 + area.index()].add(Tally {
            households,
            persons,
            amount,
        });
    }

    pub(crate) fn add_finding(&mut self, month: usize, kind: FindingKind, count: u64) {
        let k = FindingKind::ALL
            .iter()
            .position(|&x| x == kind)
            .unwrap_or(0);
        self.findings[month * FindingKind::ALL.len() + k] += count;
    }

    /// Counts findings of [`super::duplicates`] (one person or ID number in two
    /// households): each is a finding of both households it names, in every month of the
    /// report, as the `findings` table of a run lists it.
    pub fn add_duplicates(&mut self, findings: &[crate::decision::Finding]) {
        for finding in findings {
            if super::duplicates::concerned(finding).is_some() {
                for m in 0..self.months.len() {
                    self.add_finding(m, finding.kind(), 2);
                }
            }
        }
    }

    pub(crate) fn add_resting(&mut self, month: usize, rests_on: crate::engine::RestsOn) {
        let cell = &mut self.resting[month];
        cell[0] += u64::from(rests_on.illustrative);
        cell[1] += u64::from(rests_on.secondary);
    }

    #[cfg(feature = "arrow")]
    /// Moves the positions of the error records `by` on (a report of a part of the input
    /// that began there).
    pub(crate) fn offset_positions(&mut self, by: usize) {
        for e in &mut self.errors {
            e.offset_position(by);
        }
    }

    /// Adds another report of the same months and pack (from another thread or shard).
    pub fn merge(&mut self, other: Report) {
        for &program in &other.programs {
            self.program_index(program);
        }
        let p = self.programs.len();
        for (m, _) in other.months.iter().enumerate() {
            for (op, &program) in other.programs.iter().enumerate() {
                let Some(sp) = self.programs.iter().position(|&x| x == program) else {
                    continue;
                };
                for a in 0..2 {
                    let t = other.cells[(m * other.programs.len() + op) * 2 + a];
                    self.cells[(m * p + sp) * 2 + a].add(t);
                }
                for (ot, name) in other.townships.iter().enumerate() {
                    let st = self.township_index(name.as_ref());
                    let t = other.township_cells[ot][m * other.programs.len() + op];
                    self.township_cells[st][m * p + sp].add(t);
                }
            }
        }
        for (op, &program) in other.programs.iter().enumerate() {
            if let Some(sp) = self.programs.iter().position(|&x| x == program) {
                for a in 0..2 {
                    self.range[sp * 2 + a].add(other.range[op * 2 + a]);
                }
            }
        }
        for (x, y) in self.findings.iter_mut().zip(&other.findings) {
            *x += y;
        }
        for (x, y) in self.resting.iter_mut().zip(&other.resting) {
            x[0] += y[0];
            x[1] += y[1];
        }
        self.households_read += other.households_read;
        self.households_ok += other.households_ok;
        self.household_months += other.household_months;
        self.errors.extend(other.errors);
        self.errors.sort_by_key(|e| (e.position(), e.month()));
    }

    /// The months reported.
    pub fn months(&self) -> &[Month] {
        &self.months
    }

    /// The programs reported.
    pub fn programs(&self) -> &[ProgramId] {
        &self.programs
    }

    /// The tally of `program` in `month` (both areas).
    pub fn month(&self, month: Month, program: ProgramId) -> Tally {
        let mut total = Tally::default();
        if let (Some(m), Some(p)) = (
            self.months.iter().position(|&x| x == month),
            self.programs.iter().position(|&x| x == program),
        ) {
            for a in 0..2 {
                total.add(self.cells[(m * self.programs.len() + p) * 2 + a]);
            }
        }
        total
    }

    /// The tally of `program` in `month` in one area.
    pub fn month_in(&self, month: Month, program: ProgramId, area: Area) -> Tally {
        match (
            self.months.iter().position(|&x| x == month),
            self.programs.iter().position(|&x| x == program),
        ) {
            (Some(m), Some(p)) => self.cells[(m * self.programs.len() + p) * 2 + area.index()],
            _ => Tally::default(),
        }
    }

    /// The tally of `program` over the whole range: distinct households and persons, the
    /// total amount.
    pub fn range(&self, program: ProgramId) -> Tally {
        let mut total = Tally::default();
        if let Some(p) = self.programs.iter().position(|&x| x == program) {
            total.add(self.range[p * 2]);
            total.add(self.range[p * 2 + 1]);
        }
        total
    }

    /// The tally of `program` over the range in one area.
    pub fn range_in(&self, program: ProgramId, area: Area) -> Tally {
        self.programs
            .iter()
            .position(|&x| x == program)
            .map_or_else(Tally::default, |p| self.range[p * 2 + area.index()])
    }

    /// The tally of `program` over the range's months in one township (household-months).
    pub fn township(&self, township: Option<&Township>, program: ProgramId) -> Tally {
        let mut total = Tally::default();
        let (Some(t), Some(p)) = (
            self.find_township(township),
            self.programs.iter().position(|&x| x == program),
        ) else {
            return total;
        };
        for m in 0..self.months.len() {
            total.add(self.township_cells[t][m * self.programs.len() + p]);
        }
        total
    }

    /// How many findings of `kind` over the range.
    pub fn finding_count(&self, kind: FindingKind) -> u64 {
        let k = FindingKind::ALL
            .iter()
            .position(|&x| x == kind)
            .unwrap_or(0);
        self.findings
            .chunks(FindingKind::ALL.len())
            .map(|row| row[k])
            .sum()
    }

    /// How many household-months over the range were decided with a value whose status is
    /// `status` (illustrative or secondary; zero for the others, which are not counted).
    pub fn resting_on(&self, status: crate::policy::Status) -> u64 {
        let k = match status {
            crate::policy::Status::Illustrative => 0,
            crate::policy::Status::Secondary => 1,
            _ => return 0,
        };
        self.resting.iter().map(|row| row[k]).sum()
    }

    /// The total paid over the range, all programs.
    pub fn total_paid(&self) -> Money {
        self.range.iter().map(|t| t.amount).sum()
    }

    /// Households read, evaluated without error, household-months evaluated.
    pub fn counts(&self) -> (u64, u64, u64) {
        (
            self.households_read,
            self.households_ok,
            self.household_months,
        )
    }

    /// The error records, by position.
    pub fn errors(&self) -> &[BatchError] {
        &self.errors
    }

    /// Whether the counts reconcile: every household read was evaluated for every month or
    /// left an error record.
    pub fn reconciles(&self) -> bool {
        let read_errors = self.errors.iter().filter(|e| e.month().is_none()).count() as u64;
        let month_errors = self.errors.iter().filter(|e| e.month().is_some()).count() as u64;
        self.households_read == self.households_ok + read_errors
            && self.household_months + month_errors == self.households_ok * self.months.len() as u64
    }

    /// The report as JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// The report as CSV, one row per month, program and breakdown with a payment or
    /// service: `month,program,program_zh,by,area,township,households,persons,amount`, where
    /// `by` is `area` (the area's row), `township` (a township's row) or `no_township` (the
    /// households that gave none; its `township` cell is empty, and no township can be
    /// empty). A text cell from the input that begins with `=`, `+`, `-`, `@`, a tab or a
    /// carriage return gets a leading apostrophe, so that a spreadsheet shows it as text
    /// instead of running it as a formula; numbers are written as they are.
    pub fn to_csv(&self) -> String {
        let p = self.programs.len();
        let mut rows: Vec<Vec<Cow<'_, str>>> = Vec::new();
        let tally = |t: Tally| -> [Cow<'static, str>; 3] {
            [
                t.households.to_string().into(),
                t.persons.to_string().into(),
                t.amount.to_string().into(),
            ]
        };
        for (m, month) in self.months.iter().enumerate() {
            for (i, program) in self.programs.iter().enumerate() {
                let head = |by: &'static str| -> Vec<Cow<'_, str>> {
                    vec![
                        month.to_string().into(),
                        program.to_string().into(),
                        program.chinese_name().into(),
                        by.into(),
                    ]
                };
                for (a, area) in ["urban", "rural"].iter().enumerate() {
                    let t = self.cells[(m * p + i) * 2 + a];
                    if t.households > 0 {
                        let mut row = head("area");
                        row.push((*area).into());
                        row.push("".into());
                        row.extend(tally(t));
                        rows.push(row);
                    }
                }
                for (k, name) in self.townships.iter().enumerate() {
                    let t = self.township_cells[k][m * p + i];
                    if t.households > 0 {
                        let mut row = head(if name.is_some() {
                            "township"
                        } else {
                            "no_township"
                        });
                        row.push("".into());
                        row.push(
                            name.as_ref()
                                .map_or(Cow::Borrowed(""), |n| csv::text(n.as_str())),
                        );
                        row.extend(tally(t));
                        rows.push(row);
                    }
                }
            }
        }
        csv::write(
            &[
                "month",
                "program",
                "program_zh",
                "by",
                "area",
                "township",
                "households",
                "persons",
                "amount",
            ],
            rows,
        )
    }
}

#[allow(
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    reason = "cell positions are computed from the report's own dimensions (months, programs, two areas, townships found in its own lists); counts are sums of households and persons, far below 2^64"
)]
fn regrid(cells: &[Tally], months: usize, old: usize, new: usize) -> Vec<Tally> {
    let mut out = vec![Tally::default(); months * new];
    for m in 0..months {
        out[m * new..m * new + old].copy_from_slice(&cells[m * old..m * old + old]);
    }
    out
}

/// Money in 万元 (10,000 yuan) for the tables, as the bureau writes it.
fn wan(amount: Money) -> String {
    let w = amount
        .yuan()
        .checked_div(rust_decimal::Decimal::from(10_000))
        .unwrap_or_default();
    format!("{:.2}", w.round_dp(2))
}

#[allow(
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    reason = "cell positions are computed from the report's own dimensions (months, programs, two areas, townships found in its own lists); counts are sums of households and persons, far below 2^64"
)]
impl fmt::Display for Report {
    /// Aligned tables: the range per program (户 / 人 / 元 and 万元), by area, a month-by-month
    /// summary, townships, findings and the reconciliation.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (first, last) = (self.months.first().copied(), self.months.last().copied());
        if let (Some(first), Some(last)) = (first, last) {
            writeln!(
                f,
                "Report {first}..{last} under pack {} ({})",
                self.pack, self.fingerprint
            )?;
        }
        writeln!(f)?;
        writeln!(
            f,
            "{:<26} {:<30} {:>9} {:>9} {:>16} {:>10}",
            "项目", "program", "户 hh", "人 persons", "元 yuan", "万元"
        )?;
        for &program in &self.programs {
            let t = self.range(program);
            if t.households == 0 {
                continue;
            }
            let amount = if program.kind() == ProgramKind::Service {
                "—".to_owned()
            } else {
                t.amount.to_string()
            };
            let wan_text = if program.kind() == ProgramKind::Service {
                "—".to_owned()
            } else {
                wan(t.amount)
            };
            writeln!(
                f,
                "{:<26} {:<30} {:>9} {:>9} {:>16} {:>10}",
                program.chinese_name(),
                program.to_string(),
                t.households,
                t.persons,
                amount,
                wan_text
            )?;
        }
        writeln!(
            f,
            "{:<57} {:>36}",
            "total paid",
            self.total_paid().to_string()
        )?;
        writeln!(f)?;
        writeln!(f, "By area (households / persons / yuan over the range):")?;
        for &program in &self.programs {
            let (u, r) = (
                self.range_in(program, Area::Urban),
                self.range_in(program, Area::Rural),
            );
            if u.households + r.households == 0 || program.kind() == ProgramKind::Service {
                continue;
            }
            writeln!(
                f,
                "  {:<26} urban {:>7} / {:>7} / {:>14}   rural {:>6} / {:>6} / {:>12}",
                program.to_string(),
                u.households,
                u.persons,
                u.amount.to_string(),
                r.households,
                r.persons,
                r.amount.to_string()
            )?;
        }
        writeln!(f)?;
        writeln!(f, "By month (monthly and one-off payments):")?;
        let p = self.programs.len();
        for (m, month) in self.months.iter().enumerate() {
            let mut monthly = Money::ZERO;
            let mut one_off = Money::ZERO;
            for (i, program) in self.programs.iter().enumerate() {
                let t = self.cells[(m * p + i) * 2].amount + self.cells[(m * p + i) * 2 + 1].amount;
                match program.kind() {
                    ProgramKind::Monthly => monthly += t,
                    ProgramKind::OneOff => one_off += t,
                    ProgramKind::Service => {}
                }
            }
            let dibao = self.month(*month, ProgramId::Dibao);
            writeln!(
                f,
                "  {month}  monthly {:>14}  one-off {:>13}  dibao {:>6} hh {:>6} persons",
                monthly.to_string(),
                one_off.to_string(),
                dibao.households,
                dibao.persons
            )?;
        }
        if self.townships.len() > 1 || self.townships.first().is_some_and(Option::is_some) {
            writeln!(f)?;
            writeln!(
                f,
                "By township (dibao household-months / yuan over the range):"
            )?;
            for name in self.townships.iter().flatten() {
                let t = self.township(Some(name), ProgramId::Dibao);
                writeln!(
                    f,
                    "  {:<20} {:>8} {:>16}",
                    name.as_str(),
                    t.households,
                    t.amount.to_string()
                )?;
            }
            // Households that gave no township, apart: no township's name can stand for them.
            if self.townships.iter().any(Option::is_none) {
                let t = self.township(None, ProgramId::Dibao);
                writeln!(
                    f,
                    "  and households with no township given: {} dibao household-months, {} yuan",
                    t.households, t.amount
                )?;
            }
        }
        writeln!(f)?;
        writeln!(f, "Findings over the range:")?;
        for &kind in FindingKind::ALL {
            let n = self.finding_count(kind);
            if n > 0 {
                writeln!(f, "  {:<26} {n:>10}", kind.name())?;
            }
        }
        writeln!(f)?;
        writeln!(
            f,
            "Decisions resting on values not verified (of {} household-months):",
            self.household_months
        )?;
        writeln!(
            f,
            "  {:<26} {:>10}  (a deployment must replace them)",
            "illustrative values",
            self.resting_on(crate::policy::Status::Illustrative)
        )?;
        writeln!(
            f,
            "  {:<26} {:>10}  (known from a restatement, not the document)",
            "secondary values",
            self.resting_on(crate::policy::Status::Secondary)
        )?;
        writeln!(f)?;
        write!(
            f,
            "Households read {}, evaluated {}, household-months {}, error records {} — {}",
            self.households_read,
            self.households_ok,
            self.household_months,
            self.errors.len(),
            if self.reconciles() {
                "counts reconcile"
            } else {
                "COUNTS DO NOT RECONCILE"
            }
        )
    }
}
