//! The monitoring report (低收入人口动态监测): for one month, households and persons per
//! monitoring category and per warning, and the periodic reviews due in the next twelve
//! months, for the district and each township.
//!
//! Categories: the households enrolled in dibao (and their members) and the persons
//! enrolled in tekun — the platform's lists of record — and the three registers the rules
//! compute: low-income-edge households, rigid-expenditure households and households
//! monitored against a return to poverty. Warnings (预警): a monitored household's medical
//! and education spending of the month (its `expenditure` events, added up) above the
//! warning amount (`expense_warning`), a monitored household eligible for dibao or tekun
//! but not enrolled (`missed_coverage` tagged as a warning, 漏救), an enrolled household paid
//! less than computed (`amount_mismatch` tagged, 救不够). A household counts once per
//! warning kind, with all its members.
//!
//! # Example
//!
//! ```
//! use doudi::population::{self, Category, DistrictConfig, Warning};
//! use doudi::{Engine, PolicyPack};
//!
//! let engine = Engine::new(PolicyPack::maojian());
//! let households = DistrictConfig::default().persons(2_000).generate();
//! let m = population::monitoring(&engine, &households, "2020-03".parse()?);
//! let district = m.district();
//! // An enrolled household is never also an edge household.
//! assert!(district.category(Category::Dibao).households > 0);
//! assert!(district.warning(Warning::MissedAid).households <= district.households);
//! assert!(m.reconciles());
//! println!("{m}");
//! # Ok::<(), doudi::Error>(())
//! ```

use std::borrow::{Borrow, Cow};
use std::collections::HashMap;
use std::fmt;

use serde::Serialize;

use super::batch::Accumulator;
use super::csv;
use crate::decision::{Finding, HOUSEHOLD, Outcome};
use crate::engine::{Engine, Scratch};
use crate::model::{Household, ProgramId, Township};
use crate::period::Month;

/// A monitoring category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Category {
    /// 低保: households enrolled in dibao (persons: their members; a member covered alone
    /// counts alone).
    Dibao,
    /// 特困: persons enrolled in tekun.
    Tekun,
    /// 低保边缘家庭.
    LowIncomeEdge,
    /// 刚性支出困难家庭.
    RigidExpenditure,
    /// 防止返贫监测对象.
    ReturnToPoverty,
}

impl Category {
    /// Every category, in the report's order.
    pub const ALL: [Category; 5] = [
        Category::Dibao,
        Category::Tekun,
        Category::LowIncomeEdge,
        Category::RigidExpenditure,
        Category::ReturnToPoverty,
    ];

    /// The wire name.
    pub fn name(self) -> &'static str {
        match self {
            Category::Dibao => "dibao",
            Category::Tekun => "tekun",
            Category::LowIncomeEdge => "low_income_edge",
            Category::RigidExpenditure => "rigid_expenditure",
            Category::ReturnToPoverty => "return_to_poverty",
        }
    }

    /// The Chinese name.
    pub fn chinese_name(self) -> &'static str {
        match self {
            Category::Dibao => "低保",
            Category::Tekun => "特困",
            Category::LowIncomeEdge => "低保边缘家庭",
            Category::RigidExpenditure => "刚性支出困难家庭",
            Category::ReturnToPoverty => "防止返贫监测对象",
        }
    }
}

/// A kind of monitoring warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Warning {
    /// A large medical or education expense event (`expense_warning`).
    LargeExpense,
    /// 漏救: eligible for dibao or tekun, not enrolled.
    MissedAid,
    /// 救不够: paid less than computed.
    InsufficientAid,
}

impl Warning {
    /// Every warning, in the report's order.
    pub const ALL: [Warning; 3] = [
        Warning::LargeExpense,
        Warning::MissedAid,
        Warning::InsufficientAid,
    ];

    /// The wire name.
    pub fn name(self) -> &'static str {
        match self {
            Warning::LargeExpense => "large_expense",
            Warning::MissedAid => "missed_aid",
            Warning::InsufficientAid => "insufficient_aid",
        }
    }

    /// The Chinese name.
    pub fn chinese_name(self) -> &'static str {
        match self {
            Warning::LargeExpense => "大额支出",
            Warning::MissedAid => "漏救",
            Warning::InsufficientAid => "救不够",
        }
    }

    /// The warning a finding is, if any.
    pub fn of(finding: &Finding) -> Option<Warning> {
        match finding {
            Finding::ExpenseWarning { .. } => Some(Warning::LargeExpense),
            Finding::MissedCoverage { warning: true, .. } => Some(Warning::MissedAid),
            Finding::AmountMismatch { warning: true, .. } => Some(Warning::InsufficientAid),
            _ => None,
        }
    }
}

/// Households (户) and persons (人).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Count {
    /// Households.
    pub households: u64,
    /// Persons.
    pub persons: u64,
}

impl Count {
    fn add(&mut self, households: u64, persons: u64) {
        self.households = self.households.saturating_add(households);
        self.persons = self.persons.saturating_add(persons);
    }

    fn merge(&mut self, other: Count) {
        self.add(other.households, other.persons);
    }
}

/// The months a review schedule looks ahead.
pub const REVIEW_MONTHS: usize = 12;

/// The counts of the district or one township.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Counts {
    /// Households evaluated.
    pub households: u64,
    /// Their persons.
    pub persons: u64,
    /// Per category, in [`Category::ALL`]'s order.
    pub categories: [Count; 5],
    /// Per warning, in [`Warning::ALL`]'s order.
    pub warnings: [Count; 3],
    /// Dibao and tekun enrolments whose review is due in the report's month and each of
    /// the 11 after it.
    pub reviews_due: [u64; REVIEW_MONTHS],
    /// Enrolments whose review is overdue (due before the report's month).
    pub reviews_overdue: u64,
}

#[allow(
    clippy::indexing_slicing,
    reason = "categories and warnings are indexed by their position in ALL, the arrays' length"
)]
impl Counts {
    /// The count of `category`.
    pub fn category(&self, category: Category) -> Count {
        let i = Category::ALL
            .iter()
            .position(|c| *c == category)
            .unwrap_or(0);
        self.categories[i]
    }

    /// The count of `warning`.
    pub fn warning(&self, warning: Warning) -> Count {
        let i = Warning::ALL.iter().position(|w| *w == warning).unwrap_or(0);
        self.warnings[i]
    }

    /// Every category and then every warning, each as its measure (`category` or
    /// `warning`), wire name, Chinese name and count: the rows the report's forms write.
    pub(crate) fn measures(
        &self,
    ) -> impl Iterator<Item = (&'static str, &'static str, &'static str, Count)> + '_ {
        let categories = Category::ALL
            .iter()
            .zip(self.categories)
            .map(|(c, n)| ("category", c.name(), c.chinese_name(), n));
        let warnings = Warning::ALL
            .iter()
            .zip(self.warnings)
            .map(|(w, n)| ("warning", w.name(), w.chinese_name(), n));
        categories.chain(warnings)
    }

    fn merge(&mut self, other: &Counts) {
        self.households = self.households.saturating_add(other.households);
        self.persons = self.persons.saturating_add(other.persons);
        for (a, b) in self.categories.iter_mut().zip(other.categories) {
            a.merge(b);
        }
        for (a, b) in self.warnings.iter_mut().zip(other.warnings) {
            a.merge(b);
        }
        for (a, b) in self.reviews_due.iter_mut().zip(other.reviews_due) {
            *a = a.saturating_add(b);
        }
        self.reviews_overdue = self.reviews_overdue.saturating_add(other.reviews_overdue);
    }
}

/// The monitoring report of one month ([`monitoring`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Monitoring {
    month: Month,
    /// Townships in order of first appearance (`None`: not given), with their counts.
    townships: Vec<(Option<Township>, Counts)>,
    #[serde(skip)]
    lookup: HashMap<Option<Township>, usize>,
    households_read: u64,
    households_evaluated: u64,
    errors: u64,
}

/// Evaluates every household for `month` and counts households and persons per
/// monitoring category and warning, and the reviews due, by township.
pub fn monitoring<I, B>(engine: &Engine, households: I, month: Month) -> Monitoring
where
    I: IntoIterator<Item = B>,
    B: Borrow<Household>,
{
    let mut out = Monitoring {
        month,
        townships: Vec::new(),
        lookup: HashMap::new(),
        households_read: 0,
        households_evaluated: 0,
        errors: 0,
    };
    let mut batch = Accumulator::new(engine, month..=month);
    for (position, household) in households.into_iter().enumerate() {
        let household = household.borrow();
        batch.add_visiting(position, household, |month, h, scratch| {
            out.visit(engine, month, h, scratch);
        });
    }
    let report = batch.finish();
    let (read, _, _) = report.counts();
    out.households_read = read;
    out.errors = u64::try_from(report.errors().len()).unwrap_or(u64::MAX);
    out
}

#[allow(
    clippy::indexing_slicing,
    reason = "township positions come from the report's own list; categories and warnings are indexed by their position in ALL"
)]
impl Monitoring {
    fn visit(&mut self, engine: &Engine, month: Month, h: &Household, scratch: &Scratch) {
        self.households_evaluated = self.households_evaluated.saturating_add(1);
        let key = h.township().cloned();
        let t = match self.lookup.get(&key) {
            Some(&t) => t,
            None => {
                self.townships.push((key.clone(), Counts::default()));
                let t = self.townships.len().saturating_sub(1);
                self.lookup.insert(key, t);
                t
            }
        };
        let members = u64::try_from(h.members().len()).unwrap_or(u64::MAX);
        let c = &mut self.townships[t].1;
        c.households = c.households.saturating_add(1);
        c.persons = c.persons.saturating_add(members);

        // The lists of record: enrolments in force.
        let active = |p: ProgramId| {
            h.enrolments()
                .iter()
                .filter(move |e| e.program() == p && e.since() <= month)
        };
        let dibao: u64 = active(ProgramId::Dibao)
            .map(|e| if e.member().is_some() { 1 } else { members })
            .max()
            .unwrap_or(0);
        if dibao > 0 {
            c.categories[0].add(1, dibao.min(members));
        }
        let tekun = u64::try_from(active(ProgramId::Tekun).count()).unwrap_or(0);
        if tekun > 0 {
            c.categories[1].add(1, tekun);
        }
        // The registers the rules computed.
        for (i, program) in [
            (2, ProgramId::LowIncomeEdgeHousehold),
            (3, ProgramId::RigidExpenditureHousehold),
            (4, ProgramId::ReturnToPovertyMonitored),
        ] {
            let holds = scratch.entries().iter().any(|e| {
                e.program == program && e.index == HOUSEHOLD && e.outcome == Outcome::Holds
            });
            if holds {
                c.categories[i].add(1, members);
            }
        }
        // Warnings: once per kind and household.
        let mut seen = [false; 3];
        for finding in scratch.findings() {
            if let Some(w) = Warning::of(finding) {
                let i = Warning::ALL.iter().position(|x| *x == w).unwrap_or(0);
                if !seen[i] {
                    seen[i] = true;
                    c.warnings[i].add(1, members);
                }
            }
        }
        // Reviews.
        if h.enrolments()
            .iter()
            .any(|e| matches!(e.program(), ProgramId::Dibao | ProgramId::Tekun))
            && let Ok(reviews) = engine.reviews(h, month)
        {
            for r in reviews {
                let ahead = r.review.due.months_since(month);
                if ahead < 0 {
                    c.reviews_overdue = c.reviews_overdue.saturating_add(1);
                } else if let Some(slot) = usize::try_from(ahead)
                    .ok()
                    .and_then(|a| c.reviews_due.get_mut(a))
                {
                    *slot = slot.saturating_add(1);
                }
            }
        }
    }

    /// The month reported.
    pub fn month(&self) -> Month {
        self.month
    }

    /// The district's counts: every township's together.
    pub fn district(&self) -> Counts {
        let mut all = Counts::default();
        for (_, c) in &self.townships {
            all.merge(c);
        }
        all
    }

    /// Each township (`None`: households that gave none) with its counts, in order of
    /// first appearance.
    pub fn townships(&self) -> impl Iterator<Item = (Option<&Township>, &Counts)> {
        self.townships.iter().map(|(t, c)| (t.as_ref(), c))
    }

    /// Whether every household read was evaluated or recorded as an error.
    pub fn reconciles(&self) -> bool {
        self.households_read == self.households_evaluated.saturating_add(self.errors)
    }

    /// (households read, evaluated, in error).
    pub fn counts(&self) -> (u64, u64, u64) {
        (self.households_read, self.households_evaluated, self.errors)
    }

    /// The report as JSON: the month, the district and each township with its counts.
    pub fn to_json(&self) -> String {
        #[derive(Serialize)]
        struct Row<'a> {
            township: Option<&'a str>,
            #[serde(flatten)]
            counts: &'a Counts,
        }
        #[derive(Serialize)]
        struct Out<'a> {
            month: String,
            households_read: u64,
            households_evaluated: u64,
            errors: u64,
            categories: Vec<&'static str>,
            warnings: Vec<&'static str>,
            district: &'a Counts,
            townships: Vec<Row<'a>>,
        }
        let district = self.district();
        let out = Out {
            month: self.month.to_string(),
            households_read: self.households_read,
            households_evaluated: self.households_evaluated,
            errors: self.errors,
            categories: Category::ALL.iter().map(|c| c.name()).collect(),
            warnings: Warning::ALL.iter().map(|w| w.name()).collect(),
            district: &district,
            townships: self
                .townships
                .iter()
                .map(|(t, counts)| Row {
                    township: t.as_ref().map(|t| t.as_str()),
                    counts,
                })
                .collect(),
        };
        serde_json::to_string_pretty(&out).unwrap_or_default()
    }

    /// The report as CSV, one row per area (the district, then each township), measure and
    /// key: `month,by,township,measure,key,key_zh,households,persons`, where `measure` is
    /// `category`, `warning`, `review_due` (key: the month due) or `review_overdue`; `by` is
    /// `district`, `township` or `no_township`. Text from the input is kept from running
    /// as a spreadsheet formula; counts are written as they are.
    pub fn to_csv(&self) -> String {
        let district = self.district();
        let month = self.month.to_string();
        let mut rows: Vec<Vec<Cow<'_, str>>> = Vec::new();
        let mut area = |by: &'static str, township: Cow<'_, str>, c: &Counts| {
            let row = |measure: &'static str, key: String, zh: &'static str, n: Count| {
                vec![
                    Cow::Owned(month.clone()),
                    Cow::Borrowed(by),
                    township.clone().into_owned().into(),
                    Cow::Borrowed(measure),
                    Cow::Owned(key),
                    Cow::Borrowed(zh),
                    Cow::Owned(n.households.to_string()),
                    Cow::Owned(n.persons.to_string()),
                ]
            };
            for (measure, name, zh, n) in c.measures() {
                rows.push(row(measure, name.to_owned(), zh, n));
            }
            let mut due = self.month;
            for n in c.reviews_due {
                rows.push(row(
                    "review_due",
                    due.to_string(),
                    "定期核查",
                    Count {
                        households: n,
                        persons: 0,
                    },
                ));
                due = due.next();
            }
            rows.push(row(
                "review_overdue",
                String::new(),
                "逾期核查",
                Count {
                    households: c.reviews_overdue,
                    persons: 0,
                },
            ));
        };
        area("district", Cow::Borrowed(""), &district);
        for (t, c) in &self.townships {
            match t {
                Some(name) => area("township", csv::text(name.as_str()), c),
                None => area("no_township", Cow::Borrowed(""), c),
            }
        }
        csv::write(
            &[
                "month",
                "by",
                "township",
                "measure",
                "key",
                "key_zh",
                "households",
                "persons",
            ],
            rows,
        )
    }
}

/// Pads `text` to `width` columns as a terminal shows them (a Chinese character takes two).
fn pad(text: &str, width: usize) -> String {
    let shown = unicode_width::UnicodeWidthStr::width(text);
    format!("{text}{}", " ".repeat(width.saturating_sub(shown)))
}

#[allow(
    clippy::indexing_slicing,
    reason = "categories are indexed by their position in Category::ALL, the array's length"
)]
impl fmt::Display for Monitoring {
    /// The district's categories, warnings and review schedule, then one line per township.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.district();
        writeln!(
            f,
            "monitoring {}: {} households, {} persons",
            self.month, d.households, d.persons
        )?;
        for (measure, name, zh, n) in d.measures() {
            let label = match measure {
                "warning" => format!("warning {name} {zh}"),
                _ => format!("{name} {zh}"),
            };
            writeln!(
                f,
                "  {} {:>8} households {:>9} persons",
                pad(&label, 36),
                n.households,
                n.persons
            )?;
        }
        write!(f, "  reviews due:")?;
        let mut due = self.month;
        for n in d.reviews_due {
            write!(f, " {due} {n};")?;
            due = due.next();
        }
        writeln!(f, " overdue {}", d.reviews_overdue)?;
        if self.townships.len() > 1 {
            writeln!(
                f,
                "  by township (households): edge, rigid, return, warnings, overdue"
            )?;
            for (t, c) in &self.townships {
                let name = t.as_ref().map_or("(none)", |t| t.as_str());
                let warnings: u64 = c.warnings.iter().map(|w| w.households).sum();
                writeln!(
                    f,
                    "    {} {:>6} {:>6} {:>6} {:>6} {:>6}",
                    pad(name, 16),
                    c.categories[2].households,
                    c.categories[3].households,
                    c.categories[4].households,
                    warnings,
                    c.reviews_overdue
                )?;
            }
        }
        Ok(())
    }
}
