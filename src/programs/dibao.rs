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
//! - **Amount** (差额补助): `(standard − per-capita income) × unit size`, plus a classified
//!   top-up of `rate × standard` for each member aged 60+, under 18, grade 1–2 disabled or
//!   seriously ill; rounded once.
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

use rust_decimal::Decimal;

use super::{Ctx, MemberOrder, Members, Outcomes};
use crate::decision::{Cites, HOUSEHOLD, Outcome, Provision, Reason};
use crate::model::{Person, ProgramId};
use crate::money::Money;
use crate::policy::Status;

pub(crate) const ELIGIBILITY: Provision = Provision {
    document: "民发〔2021〕57号",
    article: "第7、13、14条",
    status: Status::Verified,
};
pub(crate) const AMOUNT: Provision = Provision {
    document: "民发〔2021〕57号",
    article: "第23条",
    status: Status::Verified,
};
pub(crate) const SINGLE: Provision = Provision {
    document: "民发〔2021〕57号",
    article: "第8条",
    status: Status::Verified,
};
pub(crate) const EXIT: Provision = Provision {
    document: "民发〔2021〕57号 第33条; 2022 notice",
    article: "",
    status: Status::Verified,
};

/// Whether a member earns a classified top-up (分类施保): aged 60+, under 18, disabled
/// grade 1–2, or seriously ill. At most one top-up a person.
pub(crate) fn earns_top_up(person: &Person, age: u32) -> bool {
    !(18..60).contains(&age)
        || person.disability().is_some_and(|d| d.is_severe())
        || person.has_serious_illness()
}

/// Whether a member may be covered alone in a low-income-edge household.
fn single_person_qualifies(person: &Person) -> bool {
    person.has_serious_illness()
        || person
            .disability()
            .is_some_and(|d| d.is_severe() || (d.grade.get() == 3 && d.is_intellectual_or_mental()))
}

/// Why the asset test failed; the reason is built only when the refusal is recorded.
#[derive(Clone, Copy)]
enum AssetFailure {
    OverLimit,
    Vehicle,
}

impl AssetFailure {
    fn reason<O: MemberOrder>(self, ctx: &Ctx<'_, O>, members: u32) -> Reason {
        match self {
            AssetFailure::OverLimit => Reason::AssetsOverLimit {
                per_member: ctx.facts.financial_assets.per(members),
                limit: ctx
                    .params
                    .amounts(ctx.household.area())
                    .per_member
                    .asset_limit,
            },
            AssetFailure::Vehicle => Reason::VehicleOwned,
        }
    }
}

/// The asset test: assets per member ≤ the limit, compared as assets ≤ `limit`, the limit
/// times the members (exact, with no division).
fn asset_test<O: MemberOrder>(
    ctx: &Ctx<'_, O>,
    limit: Money,
    cites: &mut Cites,
) -> Result<(), AssetFailure> {
    let p = ctx.params;
    cites.push(p.asset_limit_months.cite);
    if ctx.facts.financial_assets > limit {
        return Err(AssetFailure::OverLimit);
    }
    if ctx.facts.non_exempt_vehicle {
        cites.push(p.vehicle_disqualifies.cite);
        if p.vehicle_disqualifies.value {
            return Err(AssetFailure::Vehicle);
        }
    }
    Ok(())
}

/// Evaluates dibao for the household; `leaves_unit` are the members paid by a program that
/// wins over dibao.
pub(crate) fn evaluate<O: MemberOrder>(
    ctx: &Ctx<'_, O>,
    out: &mut impl Outcomes,
    leaves_unit: Members,
) {
    let p = ctx.params;
    let standard = p.standard(ctx.household.area());
    let mut unit = Members::EMPTY;
    let mut gross = Money::ZERO;
    let mut rigid = Money::ZERO;
    let mut top_ups = 0u32;
    for (i, person, d) in ctx.members() {
        if d.outside_unit || leaves_unit.contains(i) {
            continue;
        }
        unit.insert(i);
        gross += d.gross_counted;
        rigid += person.rigid_spending();
        if earns_top_up(person, d.age) {
            top_ups = top_ups.saturating_add(1);
        }
    }
    out.set_dibao_unit(unit);
    let size = unit.len();
    let mut cites = Cites::of(&[standard.cite, p.employment_deduction.cite]);
    if size == 0 {
        out.push(
            ProgramId::Dibao,
            HOUSEHOLD,
            Outcome::NotPaid,
            Reason::NoUnitMember,
            &ELIGIBILITY,
            cites,
        );
        return;
    }
    // Per-capita income is compared as the unit's income against standard × unit size:
    // exact, with no division; the per-capita figure is divided out for the reason only.
    let net = (gross - rigid).floor_zero();
    let for_size = p.amounts(ctx.household.area()).for_size(size);
    let assets = asset_test(ctx, for_size.asset_limit, &mut cites);
    let need = for_size.standard;
    let test = |below_edge| super::DibaoTest {
        net,
        gross,
        size,
        assets_pass: assets.is_ok(),
        below_edge,
    };

    // Below the standard is below the edge (a multiple of at least 1, as packs check).
    let below_standard = net < need;
    let below_edge = below_standard || net < for_size.edge_limit;
    out.set_dibao_test(test(below_edge));
    if below_standard && assets.is_ok() {
        cites.push(p.top_up_rate.cite);
        // (standard − per-capita income) × size, without the division.
        let base = need - net;
        let top_up = p
            .amounts(ctx.household.area())
            .top_up
            .times(Decimal::from(top_ups));
        let amount = (base + top_up).floor_zero().round_to_fen();
        let reason = Reason::DibaoAmount {
            standard: standard.value,
            per_capita: net.per(size),
            unit_size: size,
            top_ups,
            top_up_rate: p.top_up_rate.value,
        };
        out.push(
            ProgramId::Dibao,
            HOUSEHOLD,
            Outcome::Paid { amount },
            reason,
            &AMOUNT,
            cites,
        );
        return;
    }

    // Not eligible. Income-only failure of an enrolled household may be a gradual exit.
    if assets.is_ok() && gradual_exit(ctx, out, cites) {
        return;
    }
    let edge = assets.is_ok() && below_edge;
    if edge {
        out.set_low_income_edge();
    }
    out.push_with(
        ProgramId::Dibao,
        HOUSEHOLD,
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
    if edge {
        single_persons(ctx, out, unit);
    }
}

/// Single-person coverage (单人保) in a low-income-edge household.
fn single_persons<O: MemberOrder>(ctx: &Ctx<'_, O>, out: &mut impl Outcomes, unit: Members) {
    let p = ctx.params;
    let standard = p.standard(ctx.household.area());
    let one_top_up = p.amounts(ctx.household.area()).top_up;
    let cites = Cites::of(&[
        standard.cite,
        p.edge_multiplier.cite,
        p.employment_deduction.cite,
        p.top_up_rate.cite,
    ]);
    for (i, person, d) in ctx.members() {
        if !unit.contains(i) || !single_person_qualifies(person) {
            continue;
        }
        let own_income = ctx.own_income(i);
        // Assessed alone: the person's own income must be below the standard, whatever the
        // top-up would add.
        if own_income >= standard.value {
            let reason = Reason::OwnIncomeNotBelow {
                income: own_income,
                standard: standard.value,
            };
            out.push(
                ProgramId::Dibao,
                i,
                Outcome::NotPaid,
                reason,
                &SINGLE,
                cites,
            );
            continue;
        }
        let top_up = if earns_top_up(person, d.age) {
            one_top_up
        } else {
            Money::ZERO
        };
        let amount = (standard.value - own_income + top_up).round_to_fen();
        let reason = Reason::SinglePerson {
            standard: standard.value,
            own_income,
            top_up,
        };
        out.push(
            ProgramId::Dibao,
            i,
            Outcome::Paid { amount },
            reason,
            &SINGLE,
            cites,
        );
    }
}

/// Pays the enrolled amount during a gradual exit; returns whether it did (or recorded the
/// exit as undetermined for want of the enrolled amount).
fn gradual_exit<O: MemberOrder>(
    ctx: &Ctx<'_, O>,
    out: &mut impl Outcomes,
    mut cites: Cites,
) -> bool {
    let p = ctx.params;
    let month = ctx.month();
    let Some(enrolment) = ctx
        .household
        .enrolments()
        .iter()
        .find(|e| e.program == ProgramId::Dibao && e.person.is_none() && e.since <= month)
    else {
        return false;
    };
    let Some(rose_in) = enrolment.income_rose_in else {
        return false;
    };
    // The exit starts in the month the income rose and lasts `limit` months in all: there
    // is no unpaid month between the enrolment and the exit.
    let after = month.months_since(rose_in);
    let limit = p.gradual_exit_months.value;
    if after < 0 || after >= i64::from(limit) {
        return false;
    }
    cites.push(p.gradual_exit_months.cite);
    let reason = Reason::GradualExit {
        rose_in,
        month_of_exit: u32::try_from(after.saturating_add(1)).unwrap_or(0),
        limit,
    };
    match enrolment.monthly_amount {
        Some(amount) => out.push(
            ProgramId::Dibao,
            HOUSEHOLD,
            Outcome::Paid { amount },
            reason,
            &EXIT,
            cites,
        ),
        None => out.push(
            ProgramId::Dibao,
            HOUSEHOLD,
            Outcome::Undetermined,
            Reason::Missing {
                fact: crate::decision::MissingFact::EnrolledAmount,
            },
            &EXIT,
            cites,
        ),
    }
    true
}
