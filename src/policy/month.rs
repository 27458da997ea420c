//! The pack resolved for one month: every value in force, with its cite, and the amounts
//! the programs derive from them for each area. The one place where evaluation looks pack
//! values up.

use rust_decimal::Decimal;

use super::cite::Cite;
use super::pack::{PolicyPack, history};
use super::param::{
    CountParam, FactorParam, MoneyParam, MonthParam, Param, PercentParam, SwitchParam,
};
use super::source::Status;
use crate::error::Result;
use crate::model::Area;
use crate::money::Money;
use crate::period::Month;

/// A value with the cite of where it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct V<T> {
    pub(crate) value: T,
    pub(crate) cite: Cite,
}

/// Amounts the programs compute from the pack's values for every household of an area,
/// computed once per month instead (each by the program's own formula).
#[derive(Debug, Clone, Copy)]
pub(crate) struct AreaAmounts {
    /// The per-member amounts (for one member).
    pub(crate) per_member: SizeAmounts,
    /// One classified top-up: `standard × top_up_rate / 100`.
    pub(crate) top_up: Money,
    /// Tekun's basic amount: `standard × tekun_basic_multiplier`.
    pub(crate) tekun_basic: Money,
    /// The per-member amounts times the household sizes most households have (0 to 8).
    by_size: [SizeAmounts; 9],
}

/// The per-member amounts of an area, or their products with a number of members: what a
/// household's sums are compared with (a per-capita test without a division).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SizeAmounts {
    /// The dibao standard.
    pub(crate) standard: Money,
    /// The low-income edge: `standard × edge_multiplier`.
    pub(crate) edge_limit: Money,
    /// The asset limit: `standard × asset_limit_months`.
    pub(crate) asset_limit: Money,
}

impl SizeAmounts {
    fn times(self, n: u32) -> SizeAmounts {
        let n = Decimal::from(n);
        SizeAmounts {
            standard: self.standard.times(n),
            edge_limit: self.edge_limit.times(n),
            asset_limit: self.asset_limit.times(n),
        }
    }
}

impl AreaAmounts {
    /// The amounts for an area whose dibao standard is `standard`; `factors` are the asset
    /// limit in months, the edge multiplier, the top-up share and tekun's multiplier.
    fn new(standard: Money, factors: [Decimal; 4]) -> AreaAmounts {
        let [asset_months, edge, top_up_share, tekun] = factors;
        let per_member = SizeAmounts {
            standard,
            edge_limit: standard.times(edge),
            asset_limit: standard.times(asset_months),
        };
        AreaAmounts {
            per_member,
            top_up: standard.times(top_up_share),
            tekun_basic: standard.times(tekun),
            by_size: std::array::from_fn(|n| per_member.times(u32::try_from(n).unwrap_or(0))),
        }
    }

    /// The per-member amounts times `n` members (looked up for the common sizes).
    pub(crate) fn for_size(&self, n: u32) -> SizeAmounts {
        match usize::try_from(n).ok().and_then(|k| self.by_size.get(k)) {
            Some(amounts) => *amounts,
            None => self.per_member.times(n),
        }
    }
}

/// Everything a pack says for one month, resolved.
#[derive(Debug, Clone)]
pub(crate) struct MonthParams {
    pub(crate) month: Month,
    pub(crate) dibao_standard: [V<Money>; 2],
    pub(crate) edge_multiplier: V<Decimal>,
    pub(crate) employment_deduction: V<Decimal>,
    /// The share of wages counted: `(100 − employment_deduction) / 100`.
    pub(crate) wage_kept: Decimal,
    /// `[urban, rural]`.
    pub(crate) amounts: [AreaAmounts; 2],
    pub(crate) asset_limit_months: V<Decimal>,
    pub(crate) vehicle_disqualifies: V<bool>,
    pub(crate) top_up_rate: V<Decimal>,
    pub(crate) gradual_exit_months: V<u32>,
    pub(crate) tekun_basic_multiplier: V<Decimal>,
    /// `[dispersed, centralized][full, partly, fully]`.
    pub(crate) tekun_care: [[V<Money>; 3]; 2],
    pub(crate) tekun_minor_age_limit: V<u32>,
    pub(crate) disability_living: V<Money>,
    pub(crate) disability_nursing: V<Money>,
    pub(crate) nursing_grade_3_4: V<bool>,
    pub(crate) living_low_income_edge: V<bool>,
    /// `[scattered, centralized]`.
    pub(crate) orphan: [V<Money>; 2],
    pub(crate) de_facto_in_force: V<bool>,
    pub(crate) temporary_cap_months: V<Decimal>,
    pub(crate) temporary_income_limit: [V<Money>; 2],
    pub(crate) backstop: V<Money>,
    pub(crate) covid_payment_month: V<Month>,
    pub(crate) covid_relief: [V<Money>; 2],
    pub(crate) delivery_in_force: V<bool>,
    pub(crate) delivery_per_cycle: V<Money>,
    pub(crate) delivery_cycles: V<u32>,
    pub(crate) cpi_trigger: V<Decimal>,
    pub(crate) food_cpi_trigger: V<Decimal>,
    pub(crate) price_multiplier: V<Decimal>,
    pub(crate) price_children: V<bool>,
    pub(crate) cpi: V<Decimal>,
    pub(crate) food_cpi: V<Decimal>,
    pub(crate) verification_valid_months: V<u32>,
    /// The tolerance as a share (`percent / 100`), with its cite.
    pub(crate) verification_tolerance: V<Decimal>,
    pub(crate) verification_tolerance_minimum: V<Money>,
    /// The rigid-spending share as a share (`percent / 100`), with its cite.
    pub(crate) rigid_spending_share: V<Decimal>,
    pub(crate) warning_expense: V<Money>,
    /// `[stable, unstable]`.
    pub(crate) review_months: [V<u32>; 2],
    /// The parameters whose value in force has status `illustrative`, a bit per slot.
    pub(crate) illustrative: u64,
    /// The parameters whose value in force has status `secondary`, a bit per slot.
    pub(crate) secondary: u64,
}

impl MonthParams {
    /// Resolves every parameter for `month`.
    pub(crate) fn resolve(pack: &PolicyPack, month: Month) -> Result<MonthParams> {
        pack.check_covers(month)?;
        let money = |p: MoneyParam| pick(pack, month, p.into(), history(&pack.money, p.index()));
        let factor = |p: FactorParam| pick(pack, month, p.into(), history(&pack.factor, p.index()));
        let percent =
            |p: PercentParam| pick(pack, month, p.into(), history(&pack.percent, p.index()));
        let count = |p: CountParam| pick(pack, month, p.into(), history(&pack.count, p.index()));
        let switch = |p: SwitchParam| pick(pack, month, p.into(), history(&pack.switch, p.index()));
        let month_of = |p: MonthParam| pick(pack, month, p.into(), history(&pack.month, p.index()));
        use MoneyParam as M;
        let employment_deduction = percent(PercentParam::DibaoEmploymentDeduction)?;
        let top_up_rate = percent(PercentParam::DibaoTopUpRate)?;
        let top_up_share = share_of(top_up_rate.value);
        let dibao_standard = [money(M::DibaoStandardUrban)?, money(M::DibaoStandardRural)?];
        let edge_multiplier = factor(FactorParam::DibaoEdgeMultiplier)?;
        let asset_limit_months = factor(FactorParam::DibaoAssetLimitMonths)?;
        let tekun_basic_multiplier = factor(FactorParam::TekunBasicMultiplier)?;
        let factors = [
            asset_limit_months.value,
            edge_multiplier.value,
            top_up_share,
            tekun_basic_multiplier.value,
        ];
        Ok(MonthParams {
            month,
            wage_kept: share_of(Decimal::ONE_HUNDRED.saturating_sub(employment_deduction.value)),
            amounts: dibao_standard.map(|standard| AreaAmounts::new(standard.value, factors)),
            dibao_standard,
            edge_multiplier,
            employment_deduction,
            asset_limit_months,
            vehicle_disqualifies: switch(SwitchParam::DibaoVehicleDisqualifies)?,
            top_up_rate,
            gradual_exit_months: count(CountParam::DibaoGradualExitMonths)?,
            tekun_basic_multiplier,
            tekun_care: [
                [
                    money(M::TekunCareDispersedFull)?,
                    money(M::TekunCareDispersedPartly)?,
                    money(M::TekunCareDispersedFully)?,
                ],
                [
                    money(M::TekunCareCentralizedFull)?,
                    money(M::TekunCareCentralizedPartly)?,
                    money(M::TekunCareCentralizedFully)?,
                ],
            ],
            tekun_minor_age_limit: count(CountParam::TekunMinorAgeLimit)?,
            disability_living: money(M::DisabilityLiving)?,
            disability_nursing: money(M::DisabilityNursing)?,
            nursing_grade_3_4: switch(SwitchParam::NursingGrade34IntellectualMental)?,
            living_low_income_edge: switch(SwitchParam::LivingLowIncomeEdge)?,
            orphan: [money(M::OrphanScattered)?, money(M::OrphanCentralized)?],
            de_facto_in_force: switch(SwitchParam::DeFactoOrphanInForce)?,
            temporary_cap_months: factor(FactorParam::TemporaryCapMonths)?,
            temporary_income_limit: [
                money(M::TemporaryIncomeLimitUrban)?,
                money(M::TemporaryIncomeLimitRural)?,
            ],
            backstop: money(M::BackstopAmount)?,
            covid_payment_month: month_of(MonthParam::CovidReliefPaymentMonth)?,
            covid_relief: [money(M::CovidReliefUrban)?, money(M::CovidReliefRural)?],
            delivery_in_force: switch(SwitchParam::CovidDeliveryInForce)?,
            delivery_per_cycle: money(M::CovidDeliveryPerCycle)?,
            delivery_cycles: count(CountParam::CovidDeliveryCycles)?,
            cpi_trigger: percent(PercentParam::PriceSubsidyCpiTrigger)?,
            food_cpi_trigger: percent(PercentParam::PriceSubsidyFoodCpiTrigger)?,
            price_multiplier: factor(FactorParam::PriceSubsidyMultiplier)?,
            price_children: switch(SwitchParam::PriceSubsidyChildren)?,
            cpi: percent(PercentParam::CpiGeneral)?,
            food_cpi: percent(PercentParam::CpiFood)?,
            verification_valid_months: count(CountParam::VerificationValidMonths)?,
            verification_tolerance: as_share(percent(PercentParam::VerificationTolerance)?),
            verification_tolerance_minimum: money(M::VerificationToleranceMinimum)?,
            rigid_spending_share: as_share(percent(PercentParam::MonitoringRigidSpendingShare)?),
            warning_expense: money(M::MonitoringWarningExpense)?,
            review_months: [
                count(CountParam::ReviewMonthsStable)?,
                count(CountParam::ReviewMonthsUnstable)?,
            ],
            illustrative: status_bits(pack, month, Status::Illustrative),
            secondary: status_bits(pack, month, Status::Secondary),
        })
    }

    /// The dibao standard of `area`.
    pub(crate) fn standard(&self, area: Area) -> V<Money> {
        *area.pick(&self.dibao_standard)
    }

    pub(crate) fn amounts(&self, area: Area) -> &AreaAmounts {
        area.pick(&self.amounts)
    }

    pub(crate) fn by_area<T: Copy>(values: &[V<T>; 2], area: Area) -> V<T> {
        *area.pick(values)
    }
}

/// The parameters whose value in force in `month` has `status`, a bit per slot.
fn status_bits(pack: &PolicyPack, month: Month, status: Status) -> u64 {
    Param::all()
        .filter(|&p| {
            pack.cite(p, month)
                .and_then(|c| pack.view(c))
                .is_some_and(|v| v.provenance.status() == status)
        })
        .fold(0, |bits, p| bits | 1 << p.slot())
}

/// A percentage value as a share, its cite kept.
fn as_share(v: V<Decimal>) -> V<Decimal> {
    V {
        value: share_of(v.value),
        cite: v.cite,
    }
}

/// A percentage (0–100, as the loader checks) as a share: `percent / 100`.
fn share_of(percent: Decimal) -> Decimal {
    percent
        .checked_div(Decimal::ONE_HUNDRED)
        .unwrap_or(Decimal::ZERO)
}

fn pick<T: Copy>(
    pack: &PolicyPack,
    month: Month,
    param: Param,
    history: &super::pack::History<T>,
) -> Result<V<T>> {
    let entry = history
        .entry_index(month)
        .ok_or_else(|| pack.outside(month))?;
    Ok(V {
        value: history
            .entries
            .get(entry)
            .ok_or_else(|| pack.outside(month))?
            .value,
        cite: Cite::new(param, u16::try_from(entry).unwrap_or(u16::MAX)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn size_amounts_are_the_products_for_every_size() {
        // Urban 2020: standard 620.00, the edge 1.5 × 620.00 = 930.00, the asset limit
        // 24 months × 620.00 = 14880.00 (factors as the Maojian pack gives them; the top-up
        // and tekun factors play no part here).
        let standard: Money = "620.00".parse().unwrap_or_default();
        let factors = [
            Decimal::from(24),
            Decimal::new(15, 1),
            Decimal::new(1, 1),
            Decimal::new(13, 1),
        ];
        let amounts = AreaAmounts::new(standard, factors);
        assert_eq!(amounts.per_member.edge_limit, Money::from_yuan(930));
        assert_eq!(amounts.per_member.asset_limit, Money::from_yuan(14_880));
        // Tabulated (0–8) or computed (past 8), the same products, to the digit.
        for n in 0..=64_u32 {
            let got = amounts.for_size(n);
            let size = i64::from(n);
            assert_eq!(got.standard, Money::fen(62_000 * size), "{n}");
            assert_eq!(got.edge_limit, Money::fen(93_000 * size), "{n}");
            assert_eq!(got.asset_limit, Money::fen(1_488_000 * size), "{n}");
            assert_eq!(
                got.standard.to_string(),
                standard.times(Decimal::from(n)).to_string()
            );
        }
    }
}
