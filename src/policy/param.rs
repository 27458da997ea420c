//! The parameters a pack gives: a closed set, each of one value kind.
//!
//! A parameter's wire name is its dotted TOML path (`dibao.standard.urban`). Each kind has
//! its own enum, so that a lookup returns the right type without a run-time check:
//! [`MoneyParam`] gives [`Money`](crate::money::Money), [`FactorParam`] and [`PercentParam`] give
//! decimals, [`CountParam`] whole numbers, [`SwitchParam`] yes/no, [`MonthParam`] a month.

use std::fmt;

macro_rules! param_enum {
    ($(#[$doc:meta])* $name:ident ($kind:ident) { $($variant:ident = $wire:literal: $what:literal,)+ }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $(#[doc = concat!("`", $wire, "`: ", $what, ".")] $variant,)+
        }

        impl $name {
            /// Every parameter of this kind, in the crate's fixed order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The dotted wire name, as in the pack's TOML.
            pub fn name(self) -> &'static str {
                match self {
                    $($name::$variant => $wire,)+
                }
            }

            /// What the parameter is, in words.
            pub fn description(self) -> &'static str {
                match self {
                    $($name::$variant => $what,)+
                }
            }

            pub(crate) fn index(self) -> usize {
                self as usize
            }
        }

        impl From<$name> for Param {
            fn from(p: $name) -> Param {
                Param::$kind(p)
            }
        }
    };
}

param_enum!(
    /// A parameter whose value is an amount of money.
    MoneyParam (Money) {
        DibaoStandardUrban = "dibao.standard.urban": "dibao monthly standard, urban",
        DibaoStandardRural = "dibao.standard.rural": "dibao monthly standard, rural",
        DisabilityLiving = "disability.living": "disability living subsidy per month",
        DisabilityNursing = "disability.nursing": "severe-disability nursing subsidy per month",
        OrphanScattered = "orphan.scattered": "orphan allowance per month, scattered care",
        OrphanCentralized = "orphan.centralized": "orphan allowance per month, centralized care",
        TemporaryIncomeLimitUrban = "temporary.income_limit.urban": "expenditure-type income limit: last year's per-capita disposable income, urban, per year",
        TemporaryIncomeLimitRural = "temporary.income_limit.rural": "expenditure-type income limit: last year's per-capita disposable income, rural, per year",
        BackstopAmount = "backstop.amount": "provincial backstop per person per month",
        CovidReliefUrban = "covid_relief.urban": "one-off covid relief per urban person",
        CovidReliefRural = "covid_relief.rural": "one-off covid relief per rural person",
        CovidDeliveryPerCycle = "covid_delivery.per_cycle": "material delivery value per person per 7-day cycle",
        DibaoMinimumWage = "dibao.minimum_wage": "the monthly minimum wage, for the rule on the part of a member's wages above it",
        VerificationToleranceMinimum = "verification.tolerance_minimum": "a declared amount differs from the verified one only by more than at least this",
        MonitoringWarningExpense = "monitoring.warning_expense": "a monitored household's expenditure events of a month, added up, above this raise a warning",
    }
);

param_enum!(
    /// A parameter whose value is an amount or a rate of a base the parameter names (the
    /// dibao standard of the area, tekun's basic standard, wages): the form a locality's
    /// rule takes, `"930.00"` or `"1.5x"` / `"10%"`.
    ScaledParam (Scaled) {
        DibaoEdgeUrban = "dibao.edge.urban": "low-income edge, urban: per-capita income below this; a multiple of the standard (\"1.5x\") or an amount",
        DibaoEdgeRural = "dibao.edge.rural": "low-income edge, rural: per-capita income below this; a multiple of the standard (\"1.5x\") or an amount",
        DibaoAssetLimitUrban = "dibao.asset_limit.urban": "financial assets per unit member at most this, urban; a multiple of the standard (\"24x\": 24 months) or an amount",
        DibaoAssetLimitRural = "dibao.asset_limit.rural": "financial assets per unit member at most this, rural; a multiple of the standard (\"24x\": 24 months) or an amount",
        DibaoTopUpAgedUrban = "dibao.top_up.aged.urban": "classified top-up for a member aged 60 or more, urban; a share of the standard (\"10%\") or an amount",
        DibaoTopUpAgedRural = "dibao.top_up.aged.rural": "classified top-up for a member aged 60 or more, rural; a share of the standard or an amount",
        DibaoTopUpMinorUrban = "dibao.top_up.minor.urban": "classified top-up for a member under 18, urban; a share of the standard or an amount",
        DibaoTopUpMinorRural = "dibao.top_up.minor.rural": "classified top-up for a member under 18, rural; a share of the standard or an amount",
        DibaoTopUpSevereDisabilityUrban = "dibao.top_up.severe_disability.urban": "classified top-up for a member with a grade 1–2 disability, urban; a share of the standard or an amount",
        DibaoTopUpSevereDisabilityRural = "dibao.top_up.severe_disability.rural": "classified top-up for a member with a grade 1–2 disability, rural; a share of the standard or an amount",
        DibaoTopUpSeriousIllnessUrban = "dibao.top_up.serious_illness.urban": "classified top-up for a seriously ill member, urban; a share of the standard or an amount",
        DibaoTopUpSeriousIllnessRural = "dibao.top_up.serious_illness.rural": "classified top-up for a seriously ill member, rural; a share of the standard or an amount",
        DibaoWorkDeduction = "dibao.work_deduction": "necessary employment costs not counted: a share of a member's wages (\"20%\") or an amount per member with wages",
        TekunBasicUrban = "tekun.basic.urban": "tekun basic standard, urban; a multiple of the dibao standard (\"1.3x\") or an amount",
        TekunBasicRural = "tekun.basic.rural": "tekun basic standard, rural; a multiple of the dibao standard (\"1.3x\") or an amount",
        TekunCareDispersedFull = "tekun.care.dispersed.full_self_care": "tekun monthly care standard, dispersed, full self-care; an amount or a share of the basic standard",
        TekunCareDispersedPartly = "tekun.care.dispersed.partly_dependent": "tekun monthly care standard, dispersed, partly dependent; an amount or a share of the basic standard",
        TekunCareDispersedFully = "tekun.care.dispersed.fully_dependent": "tekun monthly care standard, dispersed, fully dependent; an amount or a share of the basic standard",
        TekunCareCentralizedFull = "tekun.care.centralized.full_self_care": "tekun monthly care standard, centralized, full self-care; an amount or a share of the basic standard",
        TekunCareCentralizedPartly = "tekun.care.centralized.partly_dependent": "tekun monthly care standard, centralized, partly dependent; an amount or a share of the basic standard",
        TekunCareCentralizedFully = "tekun.care.centralized.fully_dependent": "tekun monthly care standard, centralized, fully dependent; an amount or a share of the basic standard",
    }
);

param_enum!(
    /// A parameter whose value is one of a few named choices (see
    /// [`ChoiceParam::choices`]).
    ChoiceParam (Choice) {
        DibaoTopUpStacking = "dibao.top_up.stacking": "a member in several top-up categories: `highest`, the highest one; `cumulative`, every one",
        DibaoRounding = "dibao.rounding": "the dibao amount rounded `fen` (to the fen), `jiao` (to the jiao, half up) or `yuan_up` (up to the whole yuan)",
    }
);

impl ChoiceParam {
    /// The names the parameter may take, the first the one of the default pack.
    pub fn choices(self) -> &'static [&'static str] {
        match self {
            ChoiceParam::DibaoTopUpStacking => &["highest", "cumulative"],
            ChoiceParam::DibaoRounding => &["fen", "jiao", "yuan_up"],
        }
    }

    /// The choices in the words of a message: `one of highest, cumulative`.
    pub(crate) fn expected(self) -> &'static str {
        match self {
            ChoiceParam::DibaoTopUpStacking => "one of highest, cumulative",
            ChoiceParam::DibaoRounding => "one of fen, jiao, yuan_up",
        }
    }
}

param_enum!(
    /// A parameter whose value is a multiplier.
    FactorParam (Factor) {
        TemporaryCapMonths = "temporary.cap_months": "temporary assistance at most this many monthly dibao standards",
        PriceSubsidyMultiplier = "price_subsidy.multiplier": "price subsidy multiplier (2 in 2020-03..06)",
    }
);

param_enum!(
    /// A parameter whose value is a percentage (`"20"` means 20%).
    PercentParam (Percent) {
        PriceSubsidyCpiTrigger = "price_subsidy.cpi_trigger": "price subsidy triggers when CPI year-on-year reaches this",
        PriceSubsidyFoodCpiTrigger = "price_subsidy.food_cpi_trigger": "price subsidy triggers when food CPI year-on-year reaches this",
        CpiGeneral = "cpi.general": "consumer price index, year-on-year change of the month",
        CpiFood = "cpi.food": "food consumer price index, year-on-year change of the month",
        DibaoAboveMinimumWageCounted = "dibao.above_minimum_wage_counted": "the share counted of the part of a member's wages above the minimum wage (100: all; 0: none, as 上海 counts it)",
        VerificationTolerance = "verification.tolerance": "a declared value differs from the verified one by more than this share of the verified value",
        MonitoringRigidSpendingShare = "monitoring.rigid_spending_share": "rigid-expenditure household: 12 months' rigid spending above this share of 12 months' counted income",
    }
);

param_enum!(
    /// A parameter whose value is a whole number.
    CountParam (Count) {
        DibaoGradualExitMonths = "dibao.gradual_exit_months": "months a household in gradual exit keeps its amount",
        TekunMinorAgeLimit = "tekun.minor_age_limit": "a minor without work capacity is under this age",
        CovidDeliveryCycles = "covid_delivery.cycles": "7-day delivery cycles paid in the flagged month",
        VerificationValidMonths = "verification.valid_months": "a verification result is used for at most this many months after the month it is as of",
        ReviewMonthsStable = "review.months.stable": "months between reviews of an enrolment whose unit has no member able to work",
        ReviewMonthsUnstable = "review.months.unstable": "months between reviews of an enrolment whose unit has a member able to work",
    }
);

param_enum!(
    /// A parameter whose value is yes or no.
    SwitchParam (Switch) {
        DibaoVehicleDisqualifies = "dibao.vehicle_disqualifies": "a non-exempt motor vehicle fails the dibao asset test",
        NursingGrade34IntellectualMental = "disability.nursing_grade_3_4_intellectual_mental": "nursing subsidy also for grade 3-4 intellectual or mental disability",
        DibaoTopUpIntellectualMentalGrade3 = "dibao.top_up.intellectual_mental_grade_3": "a grade 3 intellectual or mental disability also earns the severe-disability top-up",
        LivingLowIncomeEdge = "disability.living_low_income_edge": "living subsidy also for low-income-edge households",
        DeFactoOrphanInForce = "de_facto_orphan.in_force": "the de-facto-unsupported child allowance is in force",
        CovidDeliveryInForce = "covid_delivery.in_force": "pandemic material delivery is in force",
        PriceSubsidyChildren = "price_subsidy.children": "orphans and de-facto-unsupported children also receive the price subsidy",
    }
);

param_enum!(
    /// A parameter whose value is a month.
    MonthParam (Month) {
        CovidReliefPaymentMonth = "covid_relief.payment_month": "the month the one-off covid relief is paid",
    }
);

/// The latest pack format, the one this crate's packs are written in. A pack says the
/// format it was written for (`[pack] format`); a full pack that does not was written
/// before packs said theirs, in format 1.
pub const PACK_FORMAT: u32 = 3;

/// What a pack format changed: the parameters it added (a full pack of an earlier format
/// takes each it lacks from the default pack) and the parameters it renamed (a pack of an
/// earlier format has each value moved to the new names, rewritten as they read now).
pub(crate) struct FormatChange {
    pub(crate) format: u32,
    pub(crate) added: &'static [Param],
    pub(crate) renamed: &'static [Renamed],
}

/// A parameter an earlier format had, and the parameters its values now stand in.
pub(crate) struct Renamed {
    pub(crate) old: &'static str,
    pub(crate) new: &'static [Param],
    /// What is written after the old value to read as the new kind: `x` for a multiplier
    /// (now a multiple), `%` for a percentage (now a share).
    pub(crate) suffix: &'static str,
}

/// Every format change, in order.
pub(crate) const FORMATS: &[FormatChange] = &[
    FormatChange {
        format: 2,
        added: &[
            Param::Count(CountParam::VerificationValidMonths),
            Param::Percent(PercentParam::VerificationTolerance),
            Param::Money(MoneyParam::VerificationToleranceMinimum),
            Param::Percent(PercentParam::MonitoringRigidSpendingShare),
            Param::Money(MoneyParam::MonitoringWarningExpense),
            Param::Count(CountParam::ReviewMonthsStable),
            Param::Count(CountParam::ReviewMonthsUnstable),
        ],
        renamed: &[],
    },
    FormatChange {
        format: 3,
        added: &[
            Param::Choice(ChoiceParam::DibaoTopUpStacking),
            Param::Choice(ChoiceParam::DibaoRounding),
            Param::Switch(SwitchParam::DibaoTopUpIntellectualMentalGrade3),
            Param::Money(MoneyParam::DibaoMinimumWage),
            Param::Percent(PercentParam::DibaoAboveMinimumWageCounted),
        ],
        renamed: &[
            Renamed {
                old: "dibao.edge_multiplier",
                new: &[
                    Param::Scaled(ScaledParam::DibaoEdgeUrban),
                    Param::Scaled(ScaledParam::DibaoEdgeRural),
                ],
                suffix: "x",
            },
            Renamed {
                old: "dibao.asset_limit_months",
                new: &[
                    Param::Scaled(ScaledParam::DibaoAssetLimitUrban),
                    Param::Scaled(ScaledParam::DibaoAssetLimitRural),
                ],
                suffix: "x",
            },
            Renamed {
                old: "tekun.basic_multiplier",
                new: &[
                    Param::Scaled(ScaledParam::TekunBasicUrban),
                    Param::Scaled(ScaledParam::TekunBasicRural),
                ],
                suffix: "x",
            },
            Renamed {
                old: "dibao.top_up_rate",
                new: &[
                    Param::Scaled(ScaledParam::DibaoTopUpAgedUrban),
                    Param::Scaled(ScaledParam::DibaoTopUpAgedRural),
                    Param::Scaled(ScaledParam::DibaoTopUpMinorUrban),
                    Param::Scaled(ScaledParam::DibaoTopUpMinorRural),
                    Param::Scaled(ScaledParam::DibaoTopUpSevereDisabilityUrban),
                    Param::Scaled(ScaledParam::DibaoTopUpSevereDisabilityRural),
                    Param::Scaled(ScaledParam::DibaoTopUpSeriousIllnessUrban),
                    Param::Scaled(ScaledParam::DibaoTopUpSeriousIllnessRural),
                ],
                suffix: "%",
            },
            Renamed {
                old: "dibao.employment_deduction",
                new: &[Param::Scaled(ScaledParam::DibaoWorkDeduction)],
                suffix: "%",
            },
        ],
    },
];

/// The kind of a parameter's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ParamKind {
    /// An amount of money, `"620.00"`.
    Money,
    /// An amount, or a rate of a base the parameter names: `"930.00"`, `"1.5x"`, `"10%"`.
    Scaled,
    /// One of the parameter's named choices, `"highest"`.
    Choice,
    /// A multiplier, `"1.3"`.
    Factor,
    /// A percentage, `"20"` for 20%.
    Percent,
    /// A whole number, `6`.
    Count,
    /// Yes or no, `true`.
    Switch,
    /// A month, `"2020-03"`.
    Month,
}

/// Any parameter of a pack.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Param {
    /// A money parameter.
    Money(MoneyParam),
    /// An amount-or-rate parameter.
    Scaled(ScaledParam),
    /// A choice parameter.
    Choice(ChoiceParam),
    /// A multiplier parameter.
    Factor(FactorParam),
    /// A percentage parameter.
    Percent(PercentParam),
    /// A whole-number parameter.
    Count(CountParam),
    /// A yes/no parameter.
    Switch(SwitchParam),
    /// A month parameter.
    Month(MonthParam),
}

impl Param {
    /// How many parameters there are.
    pub const COUNT: usize = MoneyParam::ALL.len()
        + ScaledParam::ALL.len()
        + ChoiceParam::ALL.len()
        + FactorParam::ALL.len()
        + PercentParam::ALL.len()
        + CountParam::ALL.len()
        + SwitchParam::ALL.len()
        + MonthParam::ALL.len();

    /// The parameter's position in [`Param::all`], below [`Param::COUNT`].
    #[allow(
        clippy::arithmetic_side_effects,
        reason = "offsets into fixed tables, all below Param::COUNT (at most 64)"
    )]
    pub fn slot(self) -> usize {
        const SCALED: usize = MoneyParam::ALL.len();
        const CHOICE: usize = SCALED + ScaledParam::ALL.len();
        const FACTOR: usize = CHOICE + ChoiceParam::ALL.len();
        const PERCENT: usize = FACTOR + FactorParam::ALL.len();
        const COUNT: usize = PERCENT + PercentParam::ALL.len();
        const SWITCH: usize = COUNT + CountParam::ALL.len();
        const MONTH: usize = SWITCH + SwitchParam::ALL.len();
        match self {
            Param::Money(p) => p.index(),
            Param::Scaled(p) => SCALED + p.index(),
            Param::Choice(p) => CHOICE + p.index(),
            Param::Factor(p) => FACTOR + p.index(),
            Param::Percent(p) => PERCENT + p.index(),
            Param::Count(p) => COUNT + p.index(),
            Param::Switch(p) => SWITCH + p.index(),
            Param::Month(p) => MONTH + p.index(),
        }
    }

    /// The parameter at `slot` of [`Param::all`].
    pub fn from_slot(slot: usize) -> Option<Param> {
        let mut at = slot;
        macro_rules! kind {
            ($list:ident, $variant:ident) => {
                match $list::ALL.get(at) {
                    Some(&p) => return Some(Param::$variant(p)),
                    None => at = at.checked_sub($list::ALL.len())?,
                }
            };
        }
        kind!(MoneyParam, Money);
        kind!(ScaledParam, Scaled);
        kind!(ChoiceParam, Choice);
        kind!(FactorParam, Factor);
        kind!(PercentParam, Percent);
        kind!(CountParam, Count);
        kind!(SwitchParam, Switch);
        MonthParam::ALL.get(at).map(|&p| Param::Month(p))
    }

    /// Every parameter, in the crate's fixed order.
    pub fn all() -> impl Iterator<Item = Param> {
        let money = MoneyParam::ALL.iter().map(|&p| Param::Money(p));
        let scaled = ScaledParam::ALL.iter().map(|&p| Param::Scaled(p));
        let choice = ChoiceParam::ALL.iter().map(|&p| Param::Choice(p));
        let factor = FactorParam::ALL.iter().map(|&p| Param::Factor(p));
        let percent = PercentParam::ALL.iter().map(|&p| Param::Percent(p));
        let count = CountParam::ALL.iter().map(|&p| Param::Count(p));
        let switch = SwitchParam::ALL.iter().map(|&p| Param::Switch(p));
        let month = MonthParam::ALL.iter().map(|&p| Param::Month(p));
        money
            .chain(scaled)
            .chain(choice)
            .chain(factor)
            .chain(percent)
            .chain(count)
            .chain(switch)
            .chain(month)
    }

    /// The parameter with the dotted wire name `name`.
    pub fn by_name(name: &str) -> Option<Param> {
        Param::all().find(|p| p.name() == name)
    }

    /// The dotted wire name.
    pub fn name(self) -> &'static str {
        match self {
            Param::Money(p) => p.name(),
            Param::Scaled(p) => p.name(),
            Param::Choice(p) => p.name(),
            Param::Factor(p) => p.name(),
            Param::Percent(p) => p.name(),
            Param::Count(p) => p.name(),
            Param::Switch(p) => p.name(),
            Param::Month(p) => p.name(),
        }
    }

    /// Where the parameter stands in a pack: its TOML keys, one step each
    /// (`dibao.standard.urban` is the table `dibao`, its table `standard`, its key `urban`).
    pub fn path(self) -> crate::error::Path {
        crate::error::Path::of(
            self.name()
                .split('.')
                .map(|key| crate::error::Segment::Field(key.into())),
        )
    }

    /// What the parameter is, in words.
    pub fn description(self) -> &'static str {
        match self {
            Param::Money(p) => p.description(),
            Param::Scaled(p) => p.description(),
            Param::Choice(p) => p.description(),
            Param::Factor(p) => p.description(),
            Param::Percent(p) => p.description(),
            Param::Count(p) => p.description(),
            Param::Switch(p) => p.description(),
            Param::Month(p) => p.description(),
        }
    }

    /// The kind of its value.
    pub fn kind(self) -> ParamKind {
        match self {
            Param::Money(_) => ParamKind::Money,
            Param::Scaled(_) => ParamKind::Scaled,
            Param::Choice(_) => ParamKind::Choice,
            Param::Factor(_) => ParamKind::Factor,
            Param::Percent(_) => ParamKind::Percent,
            Param::Count(_) => ParamKind::Count,
            Param::Switch(_) => ParamKind::Switch,
            Param::Month(_) => ParamKind::Month,
        }
    }
}

impl fmt::Display for Param {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_found_again() {
        let names: Vec<&str> = Param::all().map(Param::name).collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), names.len());
        for p in Param::all() {
            assert_eq!(Param::by_name(p.name()), Some(p));
        }
        assert_eq!(Param::by_name("dibao.standard"), None);
    }

    #[test]
    fn slots_follow_the_fixed_order_and_fit_a_u64() {
        for (i, p) in Param::all().enumerate() {
            assert_eq!(p.slot(), i);
            assert_eq!(Param::from_slot(i), Some(p));
        }
        assert_eq!(Param::all().count(), Param::COUNT);
        // Entries keep their cited parameters as bits of a u64.
        const { assert!(Param::COUNT <= 64) };
    }

    #[test]
    fn a_choice_message_lists_exactly_its_choices() {
        for &p in ChoiceParam::ALL {
            assert_eq!(
                p.expected(),
                format!("one of {}", p.choices().join(", ")),
                "{p:?}"
            );
        }
    }

    #[test]
    fn no_name_is_a_prefix_of_another() {
        // The TOML walker relies on this: a table is either a group or a parameter.
        for a in Param::all() {
            for b in Param::all() {
                let prefix = format!("{}.", a.name());
                assert!(!b.name().starts_with(&prefix), "{a} is a prefix of {b}");
            }
        }
    }
}
