//! 最低生活保障 — the minimum living guarantee (`dibao`), a household program.
//!
//! > 共同生活的家庭成员 … 人均收入低于当地最低生活保障标准，且财产状况符合规定的，给予最低生活保障。
//! > — 《社会救助暂行办法》第9条; 民发〔2021〕57号 第7、13、14条
//!
//! - **Unit** (57号 第7条): every member except those imprisoned, in compulsory
//!   rehabilitation, declared missing or clergy away three years or more, and except members
//!   paid by a program that the pack's overlap table makes win over dibao (tekun, 43号 第27条).
//! - **Income** (第13条): counted income of the unit, wages less the employment-cost
//!   deduction, less rigid disability or illness spending; social assistance never counts.
//! - **Eligible** when per-capita income < the standard and the asset test holds (assets per
//!   member ≤ months × standard; no non-exempt vehicle).
//! - **Amount** (差额补助): `(standard − per-capita income) × unit size`, plus the classified
//!   top-ups (分类施保), rounded once.
//! - **Classified top-up** for a member aged 60+, under 18, with a grade 1–2 disability
//!   (where the pack says so, also a grade 3 intellectual or mental one) or seriously ill.
//!   Each category has its own value per area: a share of the standard (the 57号 practice,
//!   10% in the default pack) or a set amount a person (a county system in Heilongjiang pays
//!   urban 142.00, rural 104.00). A member in several categories earns the highest one
//!   (`dibao.top_up.stacking = "highest"`, the default and that county's rule) or every one
//!   (`"cumulative"`).
//! - **Rounding** of the amount: to the fen (the default), to the jiao, or up to the whole
//!   yuan (`ceil(standard × persons − income)`, as some counties pay).
//! - **Single-person coverage** (单人保, 57号 第8条): in a low-income-edge household, a member
//!   with grade 1–2 disability, grade 3 intellectual or mental disability, or a serious
//!   illness is covered alone, assessed alone: when their own counted income is below the
//!   standard, `standard − own income + own top-up`.
//! - **Gradual exit** (渐退期, 57号 第33条; the 2022 notice limits it to six months): an
//!   enrolled household whose income rose to the standard keeps its enrolled amount from
//!   the month the income rose, for the limit's number of months in all (six: income rose in
//!   2020-01, 2020-01 to 2020-06 keep the amount, 2020-07 is assessed again).
//!
//! # Example
//!
//! A rural household of three in 2020-03 (standard 450.00): the head earns 600.00 in wages
//! (20% deducted: 480.00 counted), the spouse nothing, and a grandchild of 8 qualifies for
//! a top-up. Per-capita income 480.00 / 3 = 160.00; amount (450.00 − 160.00) × 3 + 10% ×
//! 450.00 = 870.00 + 45.00 = 915.00.
//!
//! ```
//! use doudi::{Engine, Household, PolicyPack, ProgramId};
//!
//! let household = Household::from_json(r#"{"id": "h1", "area": "rural", "members": [
//!   {"id": "a", "birth_date": "1980-01-01", "sex": "male", "relation": "head",
//!    "incomes": [{"category": "wage", "monthly": "600.00"}]},
//!   {"id": "b", "birth_date": "1982-01-01", "sex": "female", "relation": "spouse"},
//!   {"id": "c", "birth_date": "2012-01-01", "sex": "female", "relation": "grandchild"}
//! ]}"#)?;
//! let engine = Engine::new(PolicyPack::maojian());
//! let d = engine.evaluate(&household, "2020-03".parse()?)?;
//! let dibao = d.entry(ProgramId::Dibao, None).unwrap();
//! assert_eq!(dibao.paid().unwrap().to_string(), "915.00");
//! assert_eq!(
//!     dibao.reason().to_string(),
//!     "(standard 450.00 − per-capita income 160.00) × 3 in the unit + 1 classified top-up(s) of 10% × 450.00"
//! );
//! # Ok::<(), doudi::Error>(())
//! ```

use super::{Context, Decided, DibaoTest, Member, Members, Outcomes, PaidBy, Program, Who};
use crate::decision::{Cites, Fact, FactValue, MissingFact, Outcome, Provision, Reason};
use crate::model::ProgramId;
use crate::money::Money;
use crate::policy::{
    ChoiceParam, CountParam, MoneyParam, MonthParams, Param, PercentParam, ScaledParam, Status,
    SwitchParam, TopUpCategory,
};

pub(crate) const ELIGIBILITY: Provision =
    Provision::new("民发〔2021〕57号", "第7、13、14条", Status::Verified);
pub(crate) const AMOUNT: Provision = Provision::new("民发〔2021〕57号", "第23条", Status::Verified);
pub(crate) const SINGLE: Provision = Provision::new("民发〔2021〕57号", "第8条", Status::Verified);
pub(crate) const EXIT: Provision =
    Provision::new("民发〔2021〕57号 第33条; 2022 notice", "", Status::Verified);

pub(crate) const PROGRAM: Program = Program {
    id: ProgramId::Dibao,
    paid_by: PaidBy::Enrolment,
    // A member paid by tekun leaves the unit (43号 第27条, a row of the pack).
    reads: &[ProgramId::Tekun],
    provisions: &[&ELIGIBILITY, &AMOUNT, &SINGLE, &EXIT],
    params: &[
        Param::Money(MoneyParam::DibaoStandardUrban),
        Param::Money(MoneyParam::DibaoStandardRural),
        Param::Scaled(ScaledParam::DibaoEdgeUrban),
        Param::Scaled(ScaledParam::DibaoEdgeRural),
        Param::Scaled(ScaledParam::DibaoWorkDeduction),
        Param::Money(MoneyParam::DibaoMinimumWage),
        Param::Percent(PercentParam::DibaoAboveMinimumWageCounted),
        Param::Scaled(ScaledParam::DibaoAssetLimitUrban),
        Param::Scaled(ScaledParam::DibaoAssetLimitRural),
        Param::Switch(SwitchParam::DibaoVehicleDisqualifies),
        Param::Scaled(ScaledParam::DibaoTopUpAgedUrban),
        Param::Scaled(ScaledParam::DibaoTopUpAgedRural),
        Param::Scaled(ScaledParam::DibaoTopUpMinorUrban),
        Param::Scaled(ScaledParam::DibaoTopUpMinorRural),
        Param::Scaled(ScaledParam::DibaoTopUpSevereDisabilityUrban),
        Param::Scaled(ScaledParam::DibaoTopUpSevereDisabilityRural),
        Param::Scaled(ScaledParam::DibaoTopUpSeriousIllnessUrban),
        Param::Scaled(ScaledParam::DibaoTopUpSeriousIllnessRural),
        Param::Switch(SwitchParam::DibaoTopUpIntellectualMentalGrade3),
        Param::Choice(ChoiceParam::DibaoTopUpStacking),
        Param::Choice(ChoiceParam::DibaoRounding),
        Param::Count(CountParam::DibaoGradualExitMonths),
    ],
};

/// The classified top-up categories (分类施保) a member is in, a bit per category of
/// [`TopUpCategory::ALL`].
pub(crate) fn top_up_categories(m: &Member<'_>, p: &MonthParams) -> u8 {
    let mut bits = 0u8;
    let mut set = |c: TopUpCategory| bits |= 1 << c.index();
    let age = m.age();
    if age >= 60 {
        set(TopUpCategory::Aged);
    }
    if age < 18 {
        set(TopUpCategory::Minor);
    }
    if m.disability().is_some_and(|d| {
        d.is_severe()
            || (d.grade.get() == 3
                && d.is_intellectual_or_mental()
                && p.switch(SwitchParam::DibaoTopUpIntellectualMentalGrade3)
                    .value)
    }) {
        set(TopUpCategory::SevereDisability);
    }
    if m.has_serious_illness() {
        set(TopUpCategory::SeriousIllness);
    }
    bits
}

/// A member's classified top-up and how many top-ups it is: the highest of their
/// categories' amounts (one), or, where the pack makes top-ups cumulative, their sum (one a
/// category); with the cites of the values it used.
pub(crate) fn member_top_up(
    m: &Member<'_>,
    p: &MonthParams,
    area: crate::model::Area,
    cites: &mut Cites,
) -> (Money, u32) {
    let categories = top_up_categories(m, p);
    if categories == 0 {
        return (Money::ZERO, 0);
    }
    let amounts = &p.amounts(area).top_up;
    let (mut total, mut count) = (Money::ZERO, 0u32);
    for c in TopUpCategory::ALL {
        if categories & (1 << c.index()) == 0 {
            continue;
        }
        cites.push(p.scaled_of(c.params(), area).cite);
        let amount = amounts.get(c.index()).copied().unwrap_or(Money::ZERO);
        if p.top_up_cumulative {
            total += amount;
            count = count.saturating_add(1);
        } else if amount > total {
            total = amount;
            count = 1;
        }
    }
    cites.push(p.choice(ChoiceParam::DibaoTopUpStacking).cite);
    (total, count)
}

/// Whether a member may be covered alone in a low-income-edge household.
fn single_person_qualifies(m: &Member<'_>) -> bool {
    m.has_serious_illness()
        || m.disability()
            .is_some_and(|d| d.is_severe() || (d.grade.get() == 3 && d.is_intellectual_or_mental()))
}

/// Why the asset test failed; the reason is built only when the refusal is recorded.
#[derive(Clone, Copy)]
enum AssetFailure {
    OverLimit,
    Vehicle,
}

impl AssetFailure {
    fn reason(self, ctx: &impl Context, members: u32) -> Reason {
        match self {
            AssetFailure::OverLimit => Reason::AssetsOverLimit {
                per_member: ctx.financial_assets().per(members),
                limit: ctx.params().amounts(ctx.area()).per_member.asset_limit,
            },
            AssetFailure::Vehicle => Reason::VehicleOwned,
        }
    }
}

/// The asset test: assets per member ≤ the limit, compared as assets ≤ `limit`, the limit
/// times the members (exact, with no division).
fn asset_test(ctx: &impl Context, limit: Money, cites: &mut Cites) -> Result<(), AssetFailure> {
    let p = ctx.params();
    cites.push(
        p.scaled_of(
            [
                ScaledParam::DibaoAssetLimitUrban,
                ScaledParam::DibaoAssetLimitRural,
            ],
            ctx.area(),
        )
        .cite,
    );
    if ctx.financial_assets() > limit {
        return Err(AssetFailure::OverLimit);
    }
    if ctx.has_non_exempt_vehicle() {
        let vehicle = p.switch(SwitchParam::DibaoVehicleDisqualifies);
        cites.push(vehicle.cite);
        if vehicle.value {
            return Err(AssetFailure::Vehicle);
        }
    }
    Ok(())
}

/// The benefit unit and its sums: the members in it, their counted income before and
/// after rigid spending, and the members in a classified top-up category.
struct Unit {
    members: Members,
    gross: Money,
    rigid: Money,
    /// The members in a top-up category: their top-ups are worked out only for a unit
    /// that is paid.
    topped_up: Members,
}

/// The benefit unit (57号 第7条): every member but those whose status leaves it and
/// those paid by a program that wins over dibao.
fn unit(ctx: &impl Context, out: &impl Decided) -> Unit {
    let p = ctx.params();
    let mut unit = Unit {
        members: Members::EMPTY,
        gross: Money::ZERO,
        rigid: Money::ZERO,
        topped_up: Members::EMPTY,
    };
    for m in ctx.members() {
        if m.is_outside_unit() || out.paid_by_a_winner(m.who()) {
            continue;
        }
        unit.members.insert(m.who());
        unit.gross += m.gross_counted();
        unit.rigid += m.rigid_spending();
        if top_up_categories(&m, p) != 0 {
            unit.topped_up.insert(m.who());
        }
    }
    unit
}

/// Evaluates dibao for the household.
pub(crate) fn evaluate(ctx: &impl Context, out: &mut impl Outcomes) {
    let p = ctx.params();
    let area = ctx.area();
    let standard = p.standard(area);
    let unit = unit(ctx, out);
    let size = unit.members.len();
    let mut cites = Cites::of(&[standard.cite]);
    p.wage_cites().for_each(|c| cites.push(c));
    if size == 0 {
        out.push(
            PROGRAM.id,
            Who::HOUSEHOLD,
            (Outcome::NotPaid, Reason::NoUnitMember),
            &ELIGIBILITY,
            cites,
        );
        return;
    }
    // Per-capita income is compared as the unit's income against standard × unit size:
    // exact, with no division; the per-capita figure is divided out for the reason only.
    let net = (unit.gross - unit.rigid).floor_zero();
    let for_size = p.amounts(area).for_size(size);
    let assets = asset_test(ctx, for_size.asset_limit, &mut cites);
    let need = for_size.standard;
    // Below the standard is below the edge (a multiple of at least 1, as packs check).
    let below_standard = net < need;
    let below_edge = below_standard || net < for_size.edge_limit;
    let eligible = below_standard && assets.is_ok();
    // Income-only failure of an enrolled household may be a gradual exit.
    let exit = if !eligible && assets.is_ok() {
        gradual_exit(ctx)
    } else {
        None
    };
    let low_income_edge = !eligible && exit.is_none() && assets.is_ok() && below_edge;
    out.note_dibao(DibaoTest {
        unit: unit.members,
        net,
        gross: unit.gross,
        size,
        assets_pass: assets.is_ok(),
        below_edge,
        eligible,
        low_income_edge,
    });
    if eligible {
        cites.push(p.choice(ChoiceParam::DibaoRounding).cite);
        let (mut top_up, mut top_ups) = (Money::ZERO, 0u32);
        if unit.topped_up != Members::EMPTY {
            for m in ctx.members().filter(|m| unit.topped_up.contains(m.who())) {
                let (amount, count) = member_top_up(&m, p, area, &mut cites);
                top_up += amount;
                top_ups = top_ups.saturating_add(count);
            }
        }
        // (standard − per-capita income) × size, without the division.
        let base = need - net;
        let amount = p.rounding.apply((base + top_up).floor_zero());
        let reason = Reason::DibaoAmount {
            standard: standard.value,
            per_capita: net.per(size),
            unit_size: size,
            top_ups,
            top_up_rate: p.amounts(area).top_up_percent,
            top_up,
        };
        out.push(
            PROGRAM.id,
            Who::HOUSEHOLD,
            (Outcome::Paid { amount }, reason),
            &AMOUNT,
            cites,
        );
        return;
    }
    if let Some((outcome, reason)) = exit {
        cites.push(p.count(CountParam::DibaoGradualExitMonths).cite);
        out.push(PROGRAM.id, Who::HOUSEHOLD, (outcome, reason), &EXIT, cites);
        return;
    }
    out.push_with(
        ProgramId::Dibao,
        Who::HOUSEHOLD,
        Outcome::NotPaid,
        &ELIGIBILITY,
        cites,
        || match assets {
            Err(failure) => failure.reason(ctx, size),
            Ok(()) => Reason::IncomeNotBelow {
                per_capita: net.per(size),
                standard: standard.value,
            },
        },
    );
    if low_income_edge {
        single_persons(ctx, out, unit.members);
    }
}

/// Single-person coverage (单人保) in a low-income-edge household.
fn single_persons(ctx: &impl Context, out: &mut impl Outcomes, unit: Members) {
    let p = ctx.params();
    let area = ctx.area();
    let standard = p.standard(area);
    let base_cites = Cites::of(&[
        standard.cite,
        p.scaled_of(
            [ScaledParam::DibaoEdgeUrban, ScaledParam::DibaoEdgeRural],
            area,
        )
        .cite,
        p.choice(ChoiceParam::DibaoRounding).cite,
    ]);
    let mut base_cites = base_cites;
    p.wage_cites().for_each(|c| base_cites.push(c));
    for m in ctx.members() {
        if !unit.contains(m.who()) || !single_person_qualifies(&m) {
            continue;
        }
        let mut cites = base_cites;
        let own_income = m.own_income();
        // Assessed alone: the person's own income must be below the standard, whatever the
        // top-up would add.
        if own_income >= standard.value {
            let reason = Reason::OwnIncomeNotBelow {
                income: own_income,
                standard: standard.value,
            };
            out.push(
                PROGRAM.id,
                m.who(),
                (Outcome::NotPaid, reason),
                &SINGLE,
                cites,
            );
            continue;
        }
        let (top_up, _) = member_top_up(&m, p, area, &mut cites);
        let amount = p.rounding.apply(standard.value - own_income + top_up);
        let reason = Reason::SinglePerson {
            standard: standard.value,
            own_income,
            top_up,
        };
        out.push(
            PROGRAM.id,
            m.who(),
            (Outcome::Paid { amount }, reason),
            &SINGLE,
            cites,
        );
    }
}

/// The outcome of a gradual exit this month: the enrolled amount kept, or undetermined for
/// want of it; `None` when the household is not in one.
fn gradual_exit(ctx: &impl Context) -> Option<(Outcome, Reason)> {
    let month = ctx.month();
    let enrolment = ctx
        .enrolments()
        .iter()
        .find(|e| e.program == ProgramId::Dibao && e.person.is_none() && e.since <= month)?;
    let rose_in = enrolment.income_rose_in?;
    // The exit starts in the month the income rose and lasts `limit` months in all: there
    // is no unpaid month between the enrolment and the exit.
    let after = month.months_since(rose_in);
    let limit = ctx.params().count(CountParam::DibaoGradualExitMonths).value;
    if after < 0 || after >= i64::from(limit) {
        return None;
    }
    let reason = Reason::GradualExit {
        rose_in,
        month_of_exit: u32::try_from(after.saturating_add(1)).unwrap_or(0),
        limit,
    };
    Some(match enrolment.monthly_amount {
        Some(amount) => (Outcome::Paid { amount }, reason),
        None => (
            Outcome::Undetermined,
            Reason::Missing {
                fact: MissingFact::EnrolledAmount,
            },
        ),
    })
}

/// The facts dibao read: for the household, the unit and its income as the test used them,
/// the assets and the enrolment; for a member assessed alone, what qualifies them and their
/// own income.
pub(crate) fn facts(ctx: &impl Context, decided: &impl Decided, who: Who, out: &mut Vec<Fact>) {
    let mut push = |name, value| out.push(Fact { name, value });
    if who.is_household() {
        let test = decided.dibao();
        push(
            "members in the unit",
            FactValue::Count(test.map_or(0, |t| t.size)),
        );
        push(
            "counted income of the unit",
            FactValue::Money(test.map_or(Money::ZERO, |t| t.net)),
        );
        // The classified top-ups of the unit, as the amount used them.
        let p = ctx.params();
        let area = ctx.area();
        let (mut amount, mut count, mut categories) = (Money::ZERO, 0u32, 0u8);
        let mut cites = Cites::default();
        for m in ctx.members() {
            if test.is_some_and(|t| t.unit.contains(m.who())) {
                let (top_up, n) = member_top_up(&m, p, area, &mut cites);
                amount += top_up;
                count = count.saturating_add(n);
                categories |= top_up_categories(&m, p);
            }
        }
        if count > 0 {
            push(
                "classified top-ups",
                FactValue::TopUps {
                    amount,
                    count,
                    categories,
                    set_amount: p.amounts(area).top_up_set,
                    cumulative: p.top_up_cumulative,
                    area: match area {
                        crate::model::Area::Urban => "urban",
                        crate::model::Area::Rural => "rural",
                    },
                },
            );
        }
        push("financial assets", FactValue::Money(ctx.financial_assets()));
        push(
            "non-exempt vehicle",
            FactValue::Flag(ctx.has_non_exempt_vehicle()),
        );
        if let Some(e) = ctx
            .enrolments()
            .iter()
            .find(|e| e.program == ProgramId::Dibao)
        {
            push("enrolled since", FactValue::Month(e.since));
            if let Some(rose) = e.income_rose_in {
                push("income rose in", FactValue::Month(rose));
            }
        }
        return;
    }
    if let Some(m) = ctx.member(who) {
        push("disability", FactValue::Disability(m.disability()));
        push("serious illness", FactValue::Flag(m.has_serious_illness()));
        push("own counted income", FactValue::Money(m.own_income()));
    }
}
