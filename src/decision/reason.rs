//! Why an outcome is what it is: structured reasons with the numbers that decided them,
//! turned into words only when displayed.

use std::fmt;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::model::{CareForm, CareLevel, ParentSituation, ProgramId};
use crate::money::Money;
use crate::period::Month;

/// A fact the rules need that the input does not give (never paid, never
/// silently refused).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
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
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
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
#[non_exhaustive]
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
#[non_exhaustive]
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
#[non_exhaustive]
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
// Its code is its variant's name in snake case, declared once: the JSON forms' `code`
// (serde) and `Reason::code` (strum) give the same words.
#[derive(
    Debug,
    Clone,
    PartialEq,
    Eq,
    Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
    strum::IntoStaticStr,
    strum::VariantNames,
    strum::EnumDiscriminants,
)]
#[serde(tag = "code", rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
#[strum_discriminants(name(ReasonKind), vis(pub(crate)))]
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
        /// The limit: a multiple of the standard (months), or a set amount.
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
        /// Classified top-ups paid: one a member, or with cumulative top-ups one a category
        /// of each member.
        top_ups: u32,
        /// The share of the standard each top-up is, in percent, when every category pays
        /// the same share; none when a category pays a set amount or another share.
        top_up_rate: Option<Decimal>,
        /// The classified top-ups together.
        top_up: Money,
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
        /// The basic standard: a multiple of the dibao standard, or a set amount.
        basic: Money,
        /// The multiple of the dibao standard; none for a set amount.
        multiplier: Option<Decimal>,
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
    /// The person is not a dibao recipient: neither in a paid unit nor covered alone (nor, when the pack extends it, in a low-income-edge household).
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
    /// The household is eligible for `program` as computed this month: not enrolled, it is
    /// missed coverage (漏保), not a monitoring category.
    EligibleFor {
        /// The program the household is eligible for.
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
    // ---- monitoring
    /// The low-income-edge test: per-capita counted income against the edge limit.
    EdgeIncome {
        /// Per-capita counted income (exact).
        per_capita: Money,
        /// The edge limit per member: the standard times the edge multiplier.
        limit: Money,
    },
    /// The rigid-expenditure test: 12 months' rigid spending against a share of 12 months'
    /// counted income.
    RigidSpending {
        /// Rigid medical and education spending of the last 12 months.
        spending: Money,
        /// Counted income of the same 12 months.
        income: Money,
        /// The income times `monitoring.rigid_spending_share`: the spending must exceed it.
        limit: Money,
    },
    /// Not on the list of households monitored against a return to poverty.
    NotListed,
}

/// Every reason's code, in the order of [`Reason`]'s variants.
#[cfg(feature = "arrow")]
pub(crate) const CODES: &[&str] = <Reason as strum::VariantNames>::VARIANTS;

impl Reason {
    /// The reason's code: its `code` in the JSON forms, e.g. `income_not_below`.
    pub fn code(&self) -> &'static str {
        self.into()
    }

    /// The position of the reason's code in [`CODES`].
    #[cfg(feature = "arrow")]
    pub(crate) fn code_index(&self) -> usize {
        ReasonKind::from(self) as usize
    }

    /// The reason's two main numbers, as a table of results keeps them: the figure about
    /// the household or person, and the pack's number it was compared with or built from.
    ///
    /// | reason | figure | threshold |
    /// | --- | --- | --- |
    /// | `income_not_below`, `dibao_amount` | per-capita counted income | the standard |
    /// | `assets_over_limit` | assets per member | the limit |
    /// | `single_person`, `own_income_not_below` | own counted income | the standard |
    /// | `gradual_exit` | month of the exit | the longest exit |
    /// | `can_work`, `age_not_under`, `age_under` | age | the age limit |
    /// | `not_severe`, `not_in_four_categories` | grade, age | — |
    /// | `tekun_amount` | the care standard of the person's level | the basic standard |
    /// | `flat`, `orphan_amount`, `de_facto_full` | — | the amount or standard |
    /// | `top_up` | already received | the full amount |
    /// | `not_triggered` | CPI rise, percent | its trigger |
    /// | `price_amount` | the triggering rise, percent | the standard |
    /// | `relief_amount` | payments | the amount per payment |
    /// | `delivery_amount` | cycles | value per cycle |
    /// | `income_over_limit` | yearly per-capita income | the limit |
    /// | `temporary_amount` | the shortfall | the cap |
    /// | `edge_income` | per-capita counted income | the edge limit |
    /// | `rigid_spending` | 12 months' rigid spending | the share of 12 months' income |
    ///
    /// Other reasons have no figures.
    pub fn figures(&self) -> (Option<Decimal>, Option<Decimal>) {
        use Reason::*;
        let n = |n: u32| Some(Decimal::from(n));
        let m = |m: &Money| Some(m.yuan());
        match self {
            IncomeNotBelow {
                per_capita,
                standard,
            }
            | DibaoAmount {
                per_capita,
                standard,
                ..
            } => (m(per_capita), m(standard)),
            AssetsOverLimit { per_member, limit } => (m(per_member), m(limit)),
            SinglePerson {
                own_income: income,
                standard,
                ..
            }
            | OwnIncomeNotBelow { income, standard } => (m(income), m(standard)),
            GradualExit {
                month_of_exit,
                limit,
                ..
            } => (n(*month_of_exit), n(*limit)),
            CanWork {
                age,
                minor_limit: limit,
            }
            | AgeNotUnder { age, limit }
            | AgeUnder { age, limit } => (n(*age), n(*limit)),
            NotSevere { grade } => (n(u32::from(*grade)), None),
            NotInFourCategories { age } => (n(*age), None),
            TekunAmount { basic, care, .. } => (m(care), m(basic)),
            Flat { amount } | OrphanAmount { amount, .. } => (None, m(amount)),
            DeFactoFull { standard } => (None, m(standard)),
            TopUp { full, already } => (m(already), m(full)),
            NotTriggered {
                cpi, cpi_trigger, ..
            } => (Some(*cpi), Some(*cpi_trigger)),
            PriceAmount { standard, rise, .. } => (Some(*rise), m(standard)),
            ReliefAmount {
                amount, payments, ..
            } => (n(*payments), m(amount)),
            DeliveryAmount { per_cycle, cycles } => (n(*cycles), m(per_cycle)),
            IncomeOverLimit {
                yearly_per_capita,
                limit,
            } => (m(yearly_per_capita), m(limit)),
            TemporaryAmount { shortfall, cap } => (m(shortfall), m(cap)),
            EdgeIncome { per_capita, limit } => (m(per_capita), m(limit)),
            RigidSpending {
                spending, limit, ..
            } => (m(spending), m(limit)),
            NoUnitMember
            | VehicleOwned
            | SupporterCapable
            | NotDisabled
            | NoDibao
            | Parents { .. }
            | NotInForce
            | NotRegisteredPoor
            | CoveredBy { .. }
            | EligibleFor { .. }
            | NotInGroup
            | NotPaymentMonth { .. }
            | NotScreened
            | NoEvent
            | NotRural
            | ChildrenNotAway
            | SpouseNotAway
            | Holds
            | InDifficulty { .. }
            | NoDifficulty
            | Gaps { .. }
            | NoGap
            | Missing { .. }
            | Local { .. }
            | NotListed => (None, None),
        }
    }
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
                top_up,
            } => {
                write!(
                    f,
                    "(standard {standard} − per-capita income {}) × {unit_size} in the unit",
                    per_capita.approx()
                )?;
                match (*top_ups, top_up_rate) {
                    (0, _) => {}
                    (n, Some(rate)) => write!(
                        f,
                        " + {n} classified top-up(s) of {}% × {standard}",
                        rate.normalize()
                    )?,
                    (n, None) => write!(f, " + {n} classified top-up(s), {top_up} in all")?,
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
            } => {
                write!(f, "basic {}", basic.approx())?;
                match multiplier {
                    Some(multiplier) => {
                        write!(f, " ({} × dibao standard)", multiplier.normalize())?;
                    }
                    None => write!(f, " (set amount)")?,
                }
                write!(
                    f,
                    " + care {} ({}, {})",
                    care.approx(),
                    care_level_words(*level),
                    care_form_words(*form)
                )
            }
            NotDisabled => write!(f, "no certified disability"),
            NoDibao => write!(
                f,
                "not a dibao recipient (neither in a paid unit nor covered alone)"
            ),
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
            EligibleFor { program } => write!(
                f,
                "eligible for {program} this month: unenrolled, that is missed coverage"
            ),
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
            Missing { fact } => write!(f, "{fact} is missing"),
            Local { text } => f.write_str(text),
            EdgeIncome { per_capita, limit } => write!(
                f,
                "per-capita income {} {} the low-income edge {}",
                per_capita.approx(),
                if per_capita < limit { "<" } else { "≥" },
                limit.approx()
            ),
            RigidSpending {
                spending,
                income,
                limit,
            } => write!(
                f,
                "rigid spending of 12 months {} {} {}, the share of the counted income of 12 months {}",
                spending.approx(),
                if spending > limit { ">" } else { "≤" },
                limit.approx(),
                income.approx()
            ),
            NotListed => write!(f, "not on the return-to-poverty monitoring list"),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_codes_are_the_json_codes() {
        // The JSON Schema lists every variant's serde tag; strum names them the same.
        let schema = serde_json::to_value(schemars::schema_for!(Reason)).unwrap();
        let mut tags: Vec<String> = schema["oneOf"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| {
                v["properties"]["code"]["const"]
                    .as_str()
                    .unwrap()
                    .to_owned()
            })
            .collect();
        let mut codes: Vec<String> = <Reason as strum::VariantNames>::VARIANTS
            .iter()
            .map(|c| (*c).to_owned())
            .collect();
        tags.sort();
        codes.sort();
        assert_eq!(tags, codes);
        assert_eq!(Reason::NoUnitMember.code(), "no_unit_member");
        assert_eq!(
            serde_json::to_value(Reason::NotInForce).unwrap()["code"],
            "not_in_force"
        );
    }
}
