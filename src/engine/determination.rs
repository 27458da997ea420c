//! What the engine answers: every payment, withheld payment, refusal and open question, each
//! with its quantitative reason and its sources.

use std::fmt;
use std::sync::Arc;

use rust_decimal::Decimal;
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

use super::params::Cite;
use crate::model::{
    CareForm, CareLevel, HouseholdId, ParentSituation, PersonId, ProgramId, ProgramKind,
};
use crate::money::Money;
use crate::period::Month;
use crate::policy::{Party, PolicyPack, Status};

/// The provision a rule implements: a document, its article, and how it is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Provision {
    /// The document, e.g. `民发〔2021〕57号`.
    pub document: &'static str,
    /// The article or item, e.g. `第13条` (may be empty).
    pub article: &'static str,
    /// How the rule is known.
    pub status: Status,
}

impl fmt::Display for Provision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.document)?;
        if !self.article.is_empty() {
            write!(f, " {}", self.article)?;
        }
        write!(f, " [{}]", self.status)
    }
}

/// A fact the rules need that the input does not give (POLICY §0: never paid, never
/// silently refused).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MissingFact {
    /// The legal-supporter situation (`legal_supporter`).
    LegalSupporter,
    /// The self-care assessment (`self_care`).
    SelfCare,
    /// The enrolled monthly amount of a dibao enrolment in gradual exit.
    EnrolledAmount,
}

impl fmt::Display for MissingFact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            MissingFact::LegalSupporter => "the legal-supporter situation (legal_supporter)",
            MissingFact::SelfCare => "the self-care assessment (self_care)",
            MissingFact::EnrolledAmount => "the enrolled monthly amount (monthly_amount)",
        })
    }
}

/// Which price index triggered the price subsidy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PriceIndex {
    /// The consumer price index.
    General,
    /// The food consumer price index.
    Food,
}

/// A category of child in difficulty (国发〔2016〕36号).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum DifficultyCategory {
    /// The family receives dibao or tekun, or is a low-income-edge household.
    PoorFamily,
    /// The child is disabled.
    OwnDisability,
    /// Missing or inadequate guardianship (orphan, de facto unsupported, left behind
    /// without a capable guardian).
    Guardianship,
}
crate::model::flags::flag_enum!(DifficultyCategory {
    PoorFamily,
    OwnDisability,
    Guardianship
});

/// A dimension of the poverty-alleviation guarantees (两不愁三保障 + 饮水安全).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum GapDimension {
    /// A rural household without a safe drinking-water supply.
    DrinkingWater,
    /// Housing assessed unsafe.
    Housing,
    /// A child aged 6–15 not in school.
    Schooling,
    /// A member without basic medical insurance.
    Medical,
}
crate::model::flags::flag_enum!(GapDimension {
    DrinkingWater,
    Housing,
    Schooling,
    Medical
});

/// Groups a person belongs to for the once-per-person programs.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Group {
    /// Dibao recipient.
    Dibao,
    /// Tekun.
    Tekun,
    /// Severely disabled (grade 1–2).
    SeverelyDisabled,
    /// Orphan.
    Orphan,
    /// De-facto-unsupported child.
    DeFactoOrphan,
    /// Left-behind elderly person.
    LeftBehindElderly,
    /// Left-behind child.
    LeftBehindChild,
}
crate::model::flags::flag_enum!(Group {
    Dibao,
    Tekun,
    SeverelyDisabled,
    Orphan,
    DeFactoOrphan,
    LeftBehindElderly,
    LeftBehindChild
});

/// Why an outcome is what it is, with the numbers that decided it.
///
/// Structured data; words are made only when it is displayed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Reason {
    // ---- dibao
    /// No member is in the dibao benefit unit.
    NoUnitMember,
    /// Per-capita counted income is not below the standard.
    IncomeNotBelow {
        /// Per-capita counted income (exact).
        per_capita: Money,
        /// The standard.
        standard: Money,
    },
    /// Financial assets per unit member exceed the limit.
    AssetsOverLimit {
        /// Financial assets per member (exact).
        per_member: Money,
        /// The limit: months × standard.
        limit: Money,
    },
    /// The household owns a non-exempt motor vehicle.
    VehicleOwned,
    /// The dibao amount: the gap to the standard times the unit, plus top-ups.
    DibaoAmount {
        /// The standard.
        standard: Money,
        /// Per-capita counted income (exact).
        per_capita: Money,
        /// Members in the unit.
        unit_size: u32,
        /// Members with a classified top-up.
        top_ups: u32,
        /// The top-up rate, percent of the standard.
        top_up_rate: Decimal,
    },
    /// Single-person coverage in a low-income-edge household.
    SinglePerson {
        /// The standard.
        standard: Money,
        /// The person's own counted income.
        own_income: Money,
        /// The person's classified top-up.
        top_up: Money,
    },
    /// Gradual exit: the enrolled amount is kept.
    GradualExit {
        /// The month the income rose.
        rose_in: Month,
        /// Months since then.
        month_of_exit: u32,
        /// The longest exit.
        limit: u32,
    },
    // ---- tekun
    /// The person is able to work: age between the minor limit and 60, no qualifying
    /// disability.
    CanWork {
        /// Age.
        age: u32,
        /// The minor age limit.
        minor_limit: u32,
    },
    /// The person's own counted income is not below the standard.
    OwnIncomeNotBelow {
        /// Own counted income.
        income: Money,
        /// The standard.
        standard: Money,
    },
    /// A legal supporter is able to support.
    SupporterCapable,
    /// The tekun amount: basic plus care.
    TekunAmount {
        /// The basic standard, multiplier × dibao standard.
        basic: Money,
        /// The multiplier.
        multiplier: Decimal,
        /// The self-care level.
        level: CareLevel,
        /// Dispersed or centralized.
        form: CareForm,
        /// The care standard.
        care: Money,
    },
    // ---- disability
    /// No certified disability.
    NotDisabled,
    /// The household receives no dibao (and is not a covered low-income-edge household).
    NoDibao,
    /// The disability is not severe enough for the nursing subsidy.
    NotSevere {
        /// The grade.
        grade: u8,
    },
    /// A flat monthly amount.
    Flat {
        /// The amount.
        amount: Money,
    },
    // ---- children
    /// Age is not under the limit.
    AgeNotUnder {
        /// Age.
        age: u32,
        /// The limit.
        limit: u32,
    },
    /// The parents' situations do not qualify.
    Parents {
        /// The father's situation.
        father: ParentSituation,
        /// The mother's situation.
        mother: ParentSituation,
    },
    /// The program is not in force in the month.
    NotInForce,
    /// The orphan allowance.
    OrphanAmount {
        /// The care form.
        form: CareForm,
        /// The standard.
        amount: Money,
    },
    /// The de-facto-unsupported child allowance, paid in full.
    DeFactoFull {
        /// The scattered orphan standard.
        standard: Money,
    },
    /// A program paid as a top-up (补差) under the pack's `top_up` rules: only the
    /// difference between its full amount and what the counted programs already pay.
    TopUp {
        /// The full amount.
        full: Money,
        /// What the person already receives from the counted programs (exact).
        already: Money,
    },
    // ---- backstop
    /// Not a registered poor household.
    NotRegisteredPoor,
    /// The person is in none of the four categories.
    NotInFourCategories {
        /// Age.
        age: u32,
    },
    /// The person is covered by dibao or tekun already.
    CoveredBy {
        /// The covering program.
        program: ProgramId,
    },
    // ---- price subsidy
    /// Neither index reached its trigger.
    NotTriggered {
        /// CPI year on year, percent.
        cpi: Decimal,
        /// Its trigger.
        cpi_trigger: Decimal,
        /// Food CPI year on year, percent.
        food: Decimal,
        /// Its trigger.
        food_trigger: Decimal,
    },
    /// The person is in none of the recipient or target groups.
    NotInGroup,
    /// The price subsidy amount.
    PriceAmount {
        /// The dibao standard of the area.
        standard: Money,
        /// The rise of the triggering index, percent.
        rise: Decimal,
        /// The triggering index.
        index: PriceIndex,
        /// The multiplier.
        multiplier: Decimal,
        /// The person's recipient groups.
        groups: crate::model::FlagSet<Group>,
        /// How many payments the groups give (1 under a `once` rule).
        payments: u32,
    },
    // ---- covid
    /// Not the payment month of the one-off relief.
    NotPaymentMonth {
        /// The payment month.
        payment_month: Month,
    },
    /// The covid relief amount.
    ReliefAmount {
        /// The amount per payment.
        amount: Money,
        /// The person's target groups.
        groups: crate::model::FlagSet<Group>,
        /// How many payments the groups give (1 under a `once` rule).
        payments: u32,
    },
    /// Not identified in the pandemic screening for the month.
    NotScreened,
    /// The material delivery value.
    DeliveryAmount {
        /// Value per cycle.
        per_cycle: Money,
        /// Cycles.
        cycles: u32,
    },
    // ---- temporary assistance
    /// No temporary-assistance event in the month.
    NoEvent,
    /// Expenditure-type help: yearly per-capita income is not below the limit.
    IncomeOverLimit {
        /// Yearly per-capita counted income (exact).
        yearly_per_capita: Money,
        /// The limit.
        limit: Money,
    },
    /// The temporary-assistance amount: the shortfall, capped.
    TemporaryAmount {
        /// The eligible shortfall of the month's events.
        shortfall: Money,
        /// The cap: months × standard.
        cap: Money,
    },
    // ---- registers
    /// The household is not rural.
    NotRural,
    /// Age is under the limit.
    AgeUnder {
        /// Age.
        age: u32,
        /// The limit.
        limit: u32,
    },
    /// The person's children or supporters are not all away.
    ChildrenNotAway,
    /// The person is not a woman whose spouse is away for work.
    SpouseNotAway,
    /// A rule holds (a classification or a left-behind register).
    Holds,
    /// A child in difficulty, with the categories.
    InDifficulty {
        /// The categories.
        categories: crate::model::FlagSet<DifficultyCategory>,
    },
    /// No category of difficulty.
    NoDifficulty,
    /// The guarantee gaps of the household.
    Gaps {
        /// The dimensions.
        dimensions: crate::model::FlagSet<GapDimension>,
    },
    /// No guarantee gap.
    NoGap,
    // ---- general
    /// A fact the rule needs is missing.
    Missing {
        /// The fact.
        fact: MissingFact,
    },
    /// A local program's own reason.
    Local {
        /// Its words.
        text: std::borrow::Cow<'static, str>,
    },
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use Reason::*;
        match self {
            NoUnitMember => write!(f, "no member is in the benefit unit"),
            IncomeNotBelow {
                per_capita,
                standard,
            } => write!(
                f,
                "per-capita income {} ≥ standard {} (margin {})",
                per_capita.approx(),
                standard,
                (*per_capita - *standard).approx()
            ),
            AssetsOverLimit { per_member, limit } => write!(
                f,
                "financial assets per member {} > limit {}",
                per_member.approx(),
                limit.approx()
            ),
            VehicleOwned => write!(f, "the household owns a non-exempt motor vehicle"),
            DibaoAmount {
                standard,
                per_capita,
                unit_size,
                top_ups,
                top_up_rate,
            } => {
                write!(
                    f,
                    "(standard {standard} − per-capita income {}) × {unit_size} in the unit",
                    per_capita.approx()
                )?;
                if *top_ups > 0 {
                    write!(
                        f,
                        " + {top_ups} classified top-up(s) of {}% × {standard}",
                        top_up_rate.normalize()
                    )?;
                }
                Ok(())
            }
            SinglePerson {
                standard,
                own_income,
                top_up,
            } => write!(
                f,
                "covered alone in a low-income-edge household: standard {standard} − own income {} + top-up {}",
                own_income.approx(),
                top_up.approx()
            ),
            GradualExit {
                rose_in,
                month_of_exit,
                limit,
            } => write!(
                f,
                "gradual exit: income rose in {rose_in}; month {month_of_exit} of {limit} keeps the enrolled amount"
            ),
            CanWork { age, minor_limit } => write!(
                f,
                "able to work: age {age} is neither under {minor_limit} nor 60 or over, and no qualifying disability"
            ),
            OwnIncomeNotBelow { income, standard } => write!(
                f,
                "own income {} ≥ standard {standard} (margin {})",
                income.approx(),
                (*income - *standard).approx()
            ),
            SupporterCapable => write!(f, "a legal supporter is able to support"),
            TekunAmount {
                basic,
                multiplier,
                level,
                form,
                care,
            } => write!(
                f,
                "basic {} ({} × dibao standard) + care {care} ({}, {})",
                basic.approx(),
                multiplier.normalize(),
                care_level_words(*level),
                care_form_words(*form)
            ),
            NotDisabled => write!(f, "no certified disability"),
            NoDibao => write!(f, "the household receives no dibao"),
            NotSevere { grade } => write!(f, "disability grade {grade} is not grade 1–2"),
            Flat { amount } => write!(f, "{amount} a month"),
            AgeNotUnder { age, limit } => write!(f, "age {age} is not under {limit}"),
            Parents { father, mother } => write!(
                f,
                "parents do not qualify: father {}, mother {}",
                parent_words(*father),
                parent_words(*mother)
            ),
            NotInForce => write!(f, "not in force in this month"),
            OrphanAmount { form, amount } => {
                write!(f, "{} standard {amount}", care_form_words(*form))
            }
            DeFactoFull { standard } => {
                write!(f, "full allowance: scattered orphan standard {standard}")
            }
            TopUp { full, already } => write!(
                f,
                "top-up: full amount {full} − {} already received",
                already.approx()
            ),
            NotRegisteredPoor => write!(f, "not a registered poor household"),
            NotInFourCategories { age } => write!(
                f,
                "age {age}: not elderly and frail, severely disabled, seriously ill or a minor"
            ),
            CoveredBy { program } => write!(f, "covered by {program} already"),
            NotTriggered {
                cpi,
                cpi_trigger,
                food,
                food_trigger,
            } => write!(
                f,
                "CPI {}% < {}% and food CPI {}% < {}%",
                cpi.normalize(),
                cpi_trigger.normalize(),
                food.normalize(),
                food_trigger.normalize()
            ),
            NotInGroup => write!(f, "in none of the program's groups"),
            PriceAmount {
                standard,
                rise,
                index,
                multiplier,
                groups: _,
                payments,
            } => {
                let which = match index {
                    PriceIndex::General => "CPI",
                    PriceIndex::Food => "food CPI",
                };
                write!(
                    f,
                    "standard {standard} × {which} {}% × {}",
                    rise.normalize(),
                    multiplier.normalize()
                )?;
                if *payments > 1 {
                    write!(f, " × {payments} groups")?;
                }
                Ok(())
            }
            NotPaymentMonth { payment_month } => {
                write!(f, "paid only in {payment_month}")
            }
            ReliefAmount {
                amount, payments, ..
            } => {
                write!(f, "{amount} once")?;
                if *payments > 1 {
                    write!(f, " × {payments} groups")?;
                }
                Ok(())
            }
            NotScreened => write!(f, "not identified in the screening for this month"),
            DeliveryAmount { per_cycle, cycles } => {
                write!(f, "{per_cycle} per 7-day cycle × {cycles} cycles")
            }
            NoEvent => write!(f, "no temporary-assistance event in this month"),
            IncomeOverLimit {
                yearly_per_capita,
                limit,
            } => write!(
                f,
                "yearly per-capita income {} ≥ limit {limit}",
                yearly_per_capita.approx()
            ),
            TemporaryAmount { shortfall, cap } => {
                write!(f, "shortfall {shortfall}, capped at {}", cap.approx())
            }
            NotRural => write!(f, "the household is not rural"),
            AgeUnder { age, limit } => write!(f, "age {age} is under {limit}"),
            ChildrenNotAway => write!(f, "children or supporters are not all away for work"),
            SpouseNotAway => write!(f, "not a woman whose spouse is away for work"),
            Holds => write!(f, "the conditions hold"),
            InDifficulty { categories } => {
                f.write_str("categories: ")?;
                write_list(
                    f,
                    categories.iter().map(|c| match c {
                        DifficultyCategory::PoorFamily => "poor family",
                        DifficultyCategory::OwnDisability => "own disability",
                        DifficultyCategory::Guardianship => "missing or inadequate guardianship",
                    }),
                )
            }
            NoDifficulty => write!(f, "no category of difficulty"),
            Gaps { dimensions } => {
                f.write_str("gaps: ")?;
                write_list(
                    f,
                    dimensions.iter().map(|d| match d {
                        GapDimension::DrinkingWater => "drinking water",
                        GapDimension::Housing => "housing",
                        GapDimension::Schooling => "schooling",
                        GapDimension::Medical => "medical insurance",
                    }),
                )
            }
            NoGap => write!(f, "no guarantee gap"),
            Missing { fact } => write!(f, "undetermined: {fact} is missing"),
            Local { text } => f.write_str(text),
        }
    }
}

/// Writes words separated by commas.
fn write_list<'a>(f: &mut fmt::Formatter<'_>, words: impl Iterator<Item = &'a str>) -> fmt::Result {
    for (i, word) in words.enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        f.write_str(word)?;
    }
    Ok(())
}

fn care_level_words(level: CareLevel) -> &'static str {
    match level {
        CareLevel::FullSelfCare => "full self-care",
        CareLevel::PartlyDependent => "partly dependent",
        CareLevel::FullyDependent => "fully dependent",
    }
}

fn care_form_words(form: CareForm) -> &'static str {
    match form {
        CareForm::Dispersed => "dispersed",
        CareForm::Centralized => "centralized",
    }
}

fn parent_words(p: ParentSituation) -> &'static str {
    match p {
        ParentSituation::Present => "present",
        ParentSituation::Dead => "dead",
        ParentSituation::DeclaredMissing => "declared missing",
        ParentSituation::AwayForWork => "away for work",
        ParentSituation::Imprisoned => "imprisoned",
        ParentSituation::CompulsoryRehab => "in compulsory rehabilitation",
        ParentSituation::OtherRestriction => "restricted in liberty",
        ParentSituation::LostContact => "lost contact",
        ParentSituation::SevereDisability => "severely disabled",
        ParentSituation::SeriousIllness => "seriously ill",
        ParentSituation::UnableToGuard => "unable to act as guardian",
    }
}

/// The result of one program for one beneficiary.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Outcome {
    /// An amount is paid (monthly or once, as the program pays).
    Paid {
        /// The amount, rounded to the fen.
        amount: Money,
    },
    /// A classification or service holds (no amount).
    Holds,
    /// Not eligible.
    NotPaid,
    /// Eligible, but withheld by an overlap rule of the pack.
    Withheld {
        /// The amount that would have been paid.
        amount: Money,
        /// The side that won.
        by: Party,
        /// The rule's index in [`PolicyPack::overlaps`].
        rule: usize,
    },
    /// A fact is missing: neither paid nor refused.
    Undetermined,
}

impl fmt::Display for Outcome {
    /// `pays 620.00`, `holds`, `not paid`, `50.00 withheld: tekun wins (overlap[3])`,
    /// `undetermined`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::Paid { amount } => write!(f, "pays {amount}"),
            Outcome::Holds => f.write_str("holds"),
            Outcome::NotPaid => f.write_str("not paid"),
            Outcome::Withheld { amount, by, rule } => {
                write!(f, "{amount} withheld: {by} wins (overlap[{rule}])")
            }
            Outcome::Undetermined => f.write_str("undetermined"),
        }
    }
}

/// The pack values an entry used, as a set of parameters (a bit each).
///
/// Within one determination every parameter has one value in force, so the parameter is
/// enough to find the value, its date and its source again: see [`Determination::cites`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Cites {
    // A bit per parameter slot: there must be at most 64 parameters.
    bits: u64,
}

const _: () = assert!(crate::policy::Param::COUNT <= 64);

impl Cites {
    pub(crate) fn of(cites: &[Cite]) -> Cites {
        let mut out = Cites::default();
        for c in cites {
            out.push(*c);
        }
        out
    }

    pub(crate) fn push(&mut self, cite: Cite) {
        self.bits |= cite.bit();
    }

    pub(crate) fn bits(self) -> u64 {
        self.bits
    }

    /// The parameters, in the crate's fixed order.
    pub fn params(&self) -> impl Iterator<Item = crate::policy::Param> + '_ {
        crate::policy::Param::all().filter(move |p| self.bits & (1 << p.slot()) != 0)
    }

    /// Whether no value was used.
    pub fn is_empty(&self) -> bool {
        self.bits == 0
    }
}

/// The index of a household-level entry.
pub(crate) const HOUSEHOLD: u8 = u8::MAX;

/// One program's outcome for one beneficiary (a person, or the household).
#[derive(Debug, Clone)]
pub struct Entry {
    pub(crate) program: ProgramId,
    /// The member's index in the household, or [`HOUSEHOLD`] for the household.
    pub(crate) index: u8,
    pub(crate) outcome: Outcome,
    pub(crate) reason: Reason,
    pub(crate) provision: &'static Provision,
    pub(crate) cites: Cites,
}

/// Equal when everything but the member's position in the input is equal (the
/// determination compares the persons' ids).
impl PartialEq for Entry {
    fn eq(&self, other: &Self) -> bool {
        self.program == other.program
            && (self.index == HOUSEHOLD) == (other.index == HOUSEHOLD)
            && self.outcome == other.outcome
            && self.reason == other.reason
            && self.provision == other.provision
            && self.cites == other.cites
    }
}

impl Eq for Entry {}

impl Entry {
    /// The program.
    pub fn program(&self) -> ProgramId {
        self.program
    }

    /// The member's position in the household's input, or `None` for the household.
    pub fn member_index(&self) -> Option<usize> {
        (self.index != HOUSEHOLD).then_some(usize::from(self.index))
    }

    /// The outcome.
    pub fn outcome(&self) -> &Outcome {
        &self.outcome
    }

    /// The amount paid, if any.
    pub fn paid(&self) -> Option<Money> {
        match self.outcome {
            Outcome::Paid { amount } => Some(amount),
            _ => None,
        }
    }

    /// Why: the numbers that decided the outcome.
    pub fn reason(&self) -> &Reason {
        &self.reason
    }

    /// The provision the rule implements.
    pub fn provision(&self) -> &'static Provision {
        self.provision
    }

    /// The parameters whose values were used ([`Determination::cites`] gives the values).
    pub fn params(&self) -> &Cites {
        &self.cites
    }
}

/// The engine's answer for one household and one month.
#[derive(Clone)]
pub struct Determination {
    pub(crate) household: HouseholdId,
    pub(crate) month: Month,
    pub(crate) pack: Arc<PolicyPack>,
    /// The members' ids, in input order.
    pub(crate) persons: Vec<PersonId>,
    pub(crate) entries: Vec<Entry>,
    pub(crate) findings: Vec<super::findings::Finding>,
}

/// Equal when household, month, pack, every entry with its person, and every finding are
/// equal; the order members were listed in does not matter.
impl PartialEq for Determination {
    fn eq(&self, other: &Self) -> bool {
        self.household == other.household
            && self.month == other.month
            && self.pack.fingerprint() == other.pack.fingerprint()
            && self.entries.len() == other.entries.len()
            && self
                .entries
                .iter()
                .zip(&other.entries)
                .all(|(a, b)| a == b && self.person_of(a) == other.person_of(b))
            && self.findings == other.findings
    }
}

impl Eq for Determination {}

impl fmt::Debug for Determination {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Determination")
            .field("household", &self.household)
            .field("month", &self.month)
            .field("pack", &self.pack.fingerprint())
            .field("persons", &self.persons)
            .field("entries", &self.entries)
            .field("findings", &self.findings)
            .finish()
    }
}

impl Determination {
    /// The household.
    pub fn household(&self) -> &HouseholdId {
        &self.household
    }

    /// The month.
    pub fn month(&self) -> Month {
        self.month
    }

    /// The pack the determination was made under.
    pub fn pack(&self) -> &PolicyPack {
        &self.pack
    }

    /// Every entry: programs in the engine's evaluation order (the order of their
    /// dependencies), the household's entry first, then members by person id.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The person an entry is for (`None` for the household).
    pub fn person_of(&self, entry: &Entry) -> Option<&PersonId> {
        entry.member_index().and_then(|i| self.persons.get(i))
    }

    /// The members' ids, in input order.
    pub fn persons(&self) -> &[PersonId] {
        &self.persons
    }

    /// The pack values an entry used, each with its history entry in force this month.
    pub fn cites<'a>(&'a self, entry: &'a Entry) -> impl Iterator<Item = Cite> + 'a {
        entry
            .cites
            .params()
            .filter_map(move |p| self.pack.cite(p, self.month))
    }

    /// The audit findings of the household, sorted (POLICY §11): data, never errors.
    pub fn findings(&self) -> &[super::findings::Finding] {
        &self.findings
    }

    /// The entry of `program` for `person` (`None` for the household), if any.
    pub fn entry(&self, program: ProgramId, person: Option<&PersonId>) -> Option<&Entry> {
        let index = match person {
            None => HOUSEHOLD,
            Some(id) => u8::try_from(self.persons.iter().position(|p| p == id)?).ok()?,
        };
        self.entries
            .iter()
            .find(|e| e.program == program && e.index == index)
    }

    /// The payments: entries with an amount.
    pub fn payments(&self) -> impl Iterator<Item = (&Entry, Money)> {
        self.entries.iter().filter_map(|e| e.paid().map(|a| (e, a)))
    }

    /// The total of monthly payments.
    pub fn total_monthly(&self) -> Money {
        self.payments()
            .filter(|(e, _)| e.program.kind() == ProgramKind::Monthly)
            .map(|(_, a)| a)
            .sum()
    }

    /// The total of one-off payments.
    pub fn total_one_off(&self) -> Money {
        self.payments()
            .filter(|(e, _)| e.program.kind() == ProgramKind::OneOff)
            .map(|(_, a)| a)
            .sum()
    }

    /// The determination as JSON (one line).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

impl fmt::Display for Determination {
    /// A plain-words account, one line per entry.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "household {} in {} (pack {} {})",
            self.household,
            self.month,
            self.pack.name(),
            self.pack.fingerprint()
        )?;
        for e in &self.entries {
            let who = self.person_of(e).map_or("household", |p| p.as_str());
            let what = &e.outcome;
            writeln!(
                f,
                "  {:<24} {:<12} {what} — {} — {}",
                e.program.to_string(),
                who,
                e.reason,
                e.provision
            )?;
        }
        for finding in &self.findings {
            writeln!(f, "  finding {}: {finding}", finding.kind().name())?;
        }
        write!(
            f,
            "  total monthly {}, one-off {}",
            self.total_monthly(),
            self.total_one_off()
        )
    }
}

struct CitesJson<'a>(&'a Determination, &'a Entry);

impl Serialize for CitesJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(None)?;
        for cite in self.0.cites(self.1) {
            if let Some(v) = self.0.pack.view(cite) {
                seq.serialize_element(&v.to_json())?;
            }
        }
        seq.end()
    }
}

struct EntryJson<'a>(&'a Determination, &'a Entry);

impl Serialize for EntryJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let e = self.1;
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("program", &e.program)?;
        map.serialize_entry("person", &self.0.person_of(e))?;
        match &e.outcome {
            Outcome::Paid { amount } => {
                map.serialize_entry("outcome", "paid")?;
                map.serialize_entry("amount", amount)?;
                let period = match e.program.kind() {
                    ProgramKind::OneOff => "one_off",
                    _ => "monthly",
                };
                map.serialize_entry("period", period)?;
            }
            Outcome::Holds => map.serialize_entry("outcome", "holds")?,
            Outcome::NotPaid => map.serialize_entry("outcome", "not_paid")?,
            Outcome::Withheld { amount, by, rule } => {
                map.serialize_entry("outcome", "withheld")?;
                map.serialize_entry("amount", amount)?;
                map.serialize_entry("withheld_by", &by.to_string())?;
                map.serialize_entry("overlap_rule", rule)?;
            }
            Outcome::Undetermined => map.serialize_entry("outcome", "undetermined")?,
        }
        map.serialize_entry("reason", &e.reason)?;
        map.serialize_entry("explanation", &e.reason.to_string())?;
        map.serialize_entry("provision", &e.provision.to_string())?;
        map.serialize_entry("values", &CitesJson(self.0, e))?;
        map.end()
    }
}

impl Serialize for Determination {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("household", &self.household)?;
        map.serialize_entry("month", &self.month)?;
        map.serialize_entry("pack", self.pack.name())?;
        map.serialize_entry("pack_fingerprint", &self.pack.fingerprint())?;
        map.serialize_entry("total_monthly", &self.total_monthly())?;
        map.serialize_entry("total_one_off", &self.total_one_off())?;
        let entries: Vec<EntryJson<'_>> = self.entries.iter().map(|e| EntryJson(self, e)).collect();
        map.serialize_entry("entries", &entries)?;
        let findings: Vec<serde_json::Value> = self
            .findings
            .iter()
            .map(|f| {
                let mut v = serde_json::to_value(f).unwrap_or_default();
                if let Some(obj) = v.as_object_mut() {
                    obj.insert("explanation".into(), f.to_string().into());
                    obj.insert("provision".into(), f.kind().provision().to_string().into());
                }
                v
            })
            .collect();
        map.serialize_entry("findings", &findings)?;
        map.end()
    }
}
