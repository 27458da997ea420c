//! The pack resolved for one month: every value in force, with its cite, and the amounts
//! the programs derive from them for each area. The one place where evaluation looks pack
//! values up.

use rust_decimal::Decimal;

use super::cite::Cite;
use super::pack::{PolicyPack, history};
use super::param::{
    ChoiceParam, CountParam, FactorParam, MoneyParam, MonthParam, Param, PercentParam, ScaledParam,
    SwitchParam,
};
use super::scaled::Scaled;
use super::source::Status;
use crate::error::Result;
use crate::model::{Area, WageRule};
use crate::money::Money;
use crate::period::Month;

/// A value with the cite of where it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct V<T> {
    pub(crate) value: T,
    pub(crate) cite: Cite,
}

/// The categories of the classified top-up (分类施保), in the order of their parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum TopUpCategory {
    /// Aged 60 or more.
    Aged,
    /// Under 18.
    Minor,
    /// A grade 1–2 disability (and, where the pack says so, a grade 3 intellectual or
    /// mental one).
    SevereDisability,
    /// A serious illness.
    SeriousIllness,
}

impl TopUpCategory {
    /// Every category, in order.
    pub(crate) const ALL: [TopUpCategory; 4] = [
        TopUpCategory::Aged,
        TopUpCategory::Minor,
        TopUpCategory::SevereDisability,
        TopUpCategory::SeriousIllness,
    ];

    /// The category's parameters, `[urban, rural]`.
    pub(crate) fn params(self) -> [ScaledParam; 2] {
        use ScaledParam as S;
        match self {
            TopUpCategory::Aged => [S::DibaoTopUpAgedUrban, S::DibaoTopUpAgedRural],
            TopUpCategory::Minor => [S::DibaoTopUpMinorUrban, S::DibaoTopUpMinorRural],
            TopUpCategory::SevereDisability => [
                S::DibaoTopUpSevereDisabilityUrban,
                S::DibaoTopUpSevereDisabilityRural,
            ],
            TopUpCategory::SeriousIllness => [
                S::DibaoTopUpSeriousIllnessUrban,
                S::DibaoTopUpSeriousIllnessRural,
            ],
        }
    }

    /// Its position in [`TopUpCategory::ALL`].
    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

/// How a rounded dibao amount is rounded ([`crate::ChoiceParam::DibaoRounding`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Rounding {
    /// To the fen.
    Fen,
    /// To the jiao, half up.
    Jiao,
    /// Up to the whole yuan.
    YuanUp,
}

impl Rounding {
    /// `amount` rounded so.
    pub(crate) fn apply(self, amount: Money) -> Money {
        match self {
            Rounding::Fen => amount.round_to_fen(),
            Rounding::Jiao => amount.round_to_jiao(),
            Rounding::YuanUp => amount.ceil_to_yuan(),
        }
    }
}

/// Amounts the programs compute from the pack's values for every household of an area,
/// computed once per month instead (each by the program's own formula).
#[derive(Debug, Clone, Copy)]
pub(crate) struct AreaAmounts {
    /// The per-member amounts (for one member).
    pub(crate) per_member: SizeAmounts,
    /// One classified top-up of each category ([`TopUpCategory::ALL`]): its share of the
    /// standard, or its set amount.
    pub(crate) top_up: [Money; 4],
    /// The share of the standard, in percent, that every top-up category pays when they all
    /// pay one and the same share (the default pack's 10%); none when a category pays a set
    /// amount or another share.
    pub(crate) top_up_percent: Option<Decimal>,
    /// Whether a top-up category pays a set amount rather than a share.
    pub(crate) top_up_set: bool,
    /// Tekun's basic amount: a multiple of the standard, or a set amount.
    pub(crate) tekun_basic: Money,
    /// Tekun's care standards, in the order of [`TEKUN_CARE`]: set amounts, or shares of
    /// the basic amount.
    tekun_care: [Money; 6],
    /// The per-member amounts times the household sizes most households have (0 to 8).
    by_size: [SizeAmounts; 9],
}

/// The per-member amounts of an area, or their products with a number of members: what a
/// household's sums are compared with (a per-capita test without a division).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SizeAmounts {
    /// The dibao standard.
    pub(crate) standard: Money,
    /// The low-income edge: a multiple of the standard, or a set amount.
    pub(crate) edge_limit: Money,
    /// The asset limit: a multiple of the standard (months), or a set amount.
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

/// Tekun's care parameters, in the order of [`AreaAmounts::tekun_care`].
pub(crate) const TEKUN_CARE: [ScaledParam; 6] = [
    ScaledParam::TekunCareDispersedFull,
    ScaledParam::TekunCareDispersedPartly,
    ScaledParam::TekunCareDispersedFully,
    ScaledParam::TekunCareCentralizedFull,
    ScaledParam::TekunCareCentralizedPartly,
    ScaledParam::TekunCareCentralizedFully,
];

impl AreaAmounts {
    /// The amounts for `area`, whose dibao standard is `standard`, from the scaled values in
    /// force.
    fn new(area: Area, standard: Money, scaled: &[V<Scaled>]) -> AreaAmounts {
        let of = |params: [ScaledParam; 2], base: Money| {
            scaled
                .get(area.pick(&params).index())
                .map_or(Money::ZERO, |v| v.value.of(base))
        };
        use ScaledParam as S;
        let per_member = SizeAmounts {
            standard,
            edge_limit: of([S::DibaoEdgeUrban, S::DibaoEdgeRural], standard),
            asset_limit: of([S::DibaoAssetLimitUrban, S::DibaoAssetLimitRural], standard),
        };
        let tekun_basic = of([S::TekunBasicUrban, S::TekunBasicRural], standard);
        let forms =
            TopUpCategory::ALL.map(|c| scaled.get(area.pick(&c.params()).index()).map(|v| v.value));
        let top_up_percent = match forms.first() {
            Some(&first @ Some(Scaled::Rate(rate))) if forms.iter().all(|f| *f == first) => {
                Some(rate)
            }
            _ => None,
        };
        AreaAmounts {
            per_member,
            top_up: TopUpCategory::ALL.map(|c| of(c.params(), standard)),
            top_up_percent: top_up_percent
                .map(|r| r.saturating_mul(Decimal::ONE_HUNDRED).normalize()),
            top_up_set: forms.iter().any(|f| matches!(f, Some(Scaled::Amount(_)))),
            tekun_basic,
            tekun_care: TEKUN_CARE.map(|p| of([p, p], tekun_basic)),
            by_size: std::array::from_fn(|n| per_member.times(u32::try_from(n).unwrap_or(0))),
        }
    }

    /// The care standard of the tekun care parameter `p` (one of [`TEKUN_CARE`]).
    pub(crate) fn tekun_care(&self, p: ScaledParam) -> Money {
        TEKUN_CARE
            .iter()
            .position(|q| *q == p)
            .and_then(|i| self.tekun_care.get(i))
            .copied()
            .unwrap_or(Money::ZERO)
    }

    /// The per-member amounts times `n` members (looked up for the common sizes).
    pub(crate) fn for_size(&self, n: u32) -> SizeAmounts {
        match usize::try_from(n).ok().and_then(|k| self.by_size.get(k)) {
            Some(amounts) => *amounts,
            None => self.per_member.times(n),
        }
    }
}

/// Everything a pack says for one month, resolved: every parameter's value in force, with
/// its cite, looked up by the parameter (an index into a table of its kind), and the
/// amounts derived from them once a month.
#[derive(Debug, Clone)]
pub(crate) struct MonthParams {
    pub(crate) month: Month,
    money: [V<Money>; MoneyParam::ALL.len()],
    scaled: [V<Scaled>; ScaledParam::ALL.len()],
    choice: [V<&'static str>; ChoiceParam::ALL.len()],
    factor: [V<Decimal>; FactorParam::ALL.len()],
    percent: [V<Decimal>; PercentParam::ALL.len()],
    /// Each percentage as a share (`percent / 100`), with its cite.
    share: [V<Decimal>; PercentParam::ALL.len()],
    count: [V<u32>; CountParam::ALL.len()],
    switch: [V<bool>; SwitchParam::ALL.len()],
    months: [V<Month>; MonthParam::ALL.len()],
    /// How a member's wages are counted: the minimum-wage rule, then the employment-cost
    /// deduction (a share, or a set amount).
    pub(crate) wage_rule: WageRule,
    /// How many top-ups a member in several categories earns: the highest only, or every one.
    pub(crate) top_up_cumulative: bool,
    /// How the dibao amount is rounded.
    pub(crate) rounding: Rounding,
    /// `[urban, rural]`.
    amounts: [AreaAmounts; 2],
    /// The parameters whose value in force has status `illustrative`, a bit per slot.
    pub(crate) illustrative: u64,
    /// The parameters whose value in force has status `secondary`, a bit per slot.
    pub(crate) secondary: u64,
}

/// Resolves every parameter of one kind for `month`, in the kind's order.
fn resolve_all<P: Copy + Into<Param>, T: Copy, const N: usize>(
    pack: &PolicyPack,
    month: Month,
    all: &[P],
    index: impl Fn(P) -> usize,
    histories: &[super::pack::History<T>],
) -> Result<[V<T>; N]> {
    let mut out = Vec::with_capacity(N);
    for &p in all {
        out.push(pick(pack, month, p.into(), history(histories, index(p)))?);
    }
    out.try_into().map_err(|_| pack.outside(month))
}

#[allow(
    clippy::indexing_slicing,
    reason = "a parameter's index is its position among the parameters of its kind, below the length of that kind's table"
)]
impl MonthParams {
    /// Resolves every parameter for `month`.
    pub(crate) fn resolve(pack: &PolicyPack, month: Month) -> Result<MonthParams> {
        pack.check_covers(month)?;
        let money: [V<Money>; MoneyParam::ALL.len()] =
            resolve_all(pack, month, MoneyParam::ALL, MoneyParam::index, &pack.money)?;
        let factor: [V<Decimal>; FactorParam::ALL.len()] = resolve_all(
            pack,
            month,
            FactorParam::ALL,
            FactorParam::index,
            &pack.factor,
        )?;
        let percent: [V<Decimal>; PercentParam::ALL.len()] = resolve_all(
            pack,
            month,
            PercentParam::ALL,
            PercentParam::index,
            &pack.percent,
        )?;
        let count = resolve_all(pack, month, CountParam::ALL, CountParam::index, &pack.count)?;
        let switch = resolve_all(
            pack,
            month,
            SwitchParam::ALL,
            SwitchParam::index,
            &pack.switch,
        )?;
        let months = resolve_all(pack, month, MonthParam::ALL, MonthParam::index, &pack.month)?;
        let scaled = resolve_all(
            pack,
            month,
            ScaledParam::ALL,
            ScaledParam::index,
            &pack.scaled,
        )?;
        let choice: [V<&'static str>; ChoiceParam::ALL.len()] = resolve_all(
            pack,
            month,
            ChoiceParam::ALL,
            ChoiceParam::index,
            &pack.choice,
        )?;
        let share = percent.map(as_share);
        let standards = [
            money[MoneyParam::DibaoStandardUrban.index()].value,
            money[MoneyParam::DibaoStandardRural.index()].value,
        ];
        let (kept, allowance) = match scaled[ScaledParam::DibaoWorkDeduction.index()].value {
            Scaled::Rate(share) => (Decimal::ONE.saturating_sub(share), Money::ZERO),
            Scaled::Amount(amount) => (Decimal::ONE, amount),
        };
        let wage_rule = WageRule {
            minimum: money[MoneyParam::DibaoMinimumWage.index()].value,
            above_kept: share[PercentParam::DibaoAboveMinimumWageCounted.index()].value,
            kept,
            allowance,
        };
        let rounding = match choice[ChoiceParam::DibaoRounding.index()].value {
            "jiao" => Rounding::Jiao,
            "yuan_up" => Rounding::YuanUp,
            _ => Rounding::Fen,
        };
        Ok(MonthParams {
            month,
            wage_rule,
            top_up_cumulative: choice[ChoiceParam::DibaoTopUpStacking.index()].value
                == "cumulative",
            rounding,
            amounts: [Area::Urban, Area::Rural]
                .map(|area| AreaAmounts::new(area, *area.pick(&standards), &scaled)),
            scaled,
            choice,
            money,
            factor,
            percent,
            share,
            count,
            switch,
            months,
            illustrative: status_bits(pack, month, Status::Illustrative),
            secondary: status_bits(pack, month, Status::Secondary),
        })
    }

    /// A money parameter's value in force, with its cite.
    #[inline]
    pub(crate) fn money(&self, p: MoneyParam) -> &V<Money> {
        &self.money[p.index()]
    }

    /// Of two money parameters `[urban, rural]`, the one of `area`.
    #[inline]
    pub(crate) fn money_of(&self, params: [MoneyParam; 2], area: Area) -> &V<Money> {
        self.money(*area.pick(&params))
    }

    /// An amount-or-rate parameter's value in force, with its cite.
    #[inline]
    pub(crate) fn scaled(&self, p: ScaledParam) -> &V<Scaled> {
        &self.scaled[p.index()]
    }

    /// Of two amount-or-rate parameters `[urban, rural]`, the one of `area`.
    #[inline]
    pub(crate) fn scaled_of(&self, params: [ScaledParam; 2], area: Area) -> &V<Scaled> {
        self.scaled(*area.pick(&params))
    }

    /// The values that say how wages are counted: the employment-cost deduction, and the
    /// minimum-wage rule where it counts less than all of the wages above the minimum.
    pub(crate) fn wage_cites(&self) -> impl Iterator<Item = Cite> + '_ {
        let minimum = (self.wage_rule.above_kept < Decimal::ONE).then(|| {
            [
                self.money(MoneyParam::DibaoMinimumWage).cite,
                self.percent(PercentParam::DibaoAboveMinimumWageCounted)
                    .cite,
            ]
        });
        std::iter::once(self.scaled(ScaledParam::DibaoWorkDeduction).cite)
            .chain(minimum.into_iter().flatten())
    }

    /// A choice parameter's value in force, with its cite.
    #[inline]
    pub(crate) fn choice(&self, p: ChoiceParam) -> &V<&'static str> {
        &self.choice[p.index()]
    }

    /// A multiplier's value in force, with its cite.
    #[inline]
    pub(crate) fn factor(&self, p: FactorParam) -> &V<Decimal> {
        &self.factor[p.index()]
    }

    /// A percentage's value in force as written (`20` for 20%), with its cite.
    #[inline]
    pub(crate) fn percent(&self, p: PercentParam) -> &V<Decimal> {
        &self.percent[p.index()]
    }

    /// A percentage's value in force as a share (`0.2` for 20%), with its cite.
    #[inline]
    pub(crate) fn share(&self, p: PercentParam) -> &V<Decimal> {
        &self.share[p.index()]
    }

    /// A whole number's value in force, with its cite.
    #[inline]
    pub(crate) fn count(&self, p: CountParam) -> &V<u32> {
        &self.count[p.index()]
    }

    /// A switch's value in force, with its cite.
    #[inline]
    pub(crate) fn switch(&self, p: SwitchParam) -> &V<bool> {
        &self.switch[p.index()]
    }

    /// A month parameter's value in force, with its cite.
    #[inline]
    pub(crate) fn month_param(&self, p: MonthParam) -> &V<Month> {
        &self.months[p.index()]
    }

    /// The dibao standard of `area`.
    #[inline]
    pub(crate) fn standard(&self, area: Area) -> &V<Money> {
        self.money_of(
            [
                MoneyParam::DibaoStandardUrban,
                MoneyParam::DibaoStandardRural,
            ],
            area,
        )
    }

    /// The amounts derived from the dibao standard of `area`.
    #[inline]
    pub(crate) fn amounts(&self, area: Area) -> &AreaAmounts {
        area.pick(&self.amounts)
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
        // 24 months × 620.00 = 14880.00 (as the Maojian pack gives them).
        let standard: Money = "620.00".parse().unwrap_or_default();
        let pack = PolicyPack::maojian();
        let params = MonthParams::resolve(&pack, "2020-03".parse().unwrap_or(pack.first_month()))
            .unwrap_or_else(|e| panic!("{e}"));
        let amounts = *params.amounts(Area::Urban);
        assert_eq!(amounts.per_member.standard, standard);
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
