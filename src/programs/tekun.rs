//! 特困人员救助供养 — support for persons in extreme poverty (`tekun`), a person program.
//!
//! > 同时具备以下条件的老年人、残疾人和未成年人，依法纳入特困人员救助供养范围：（一）无劳动能力；
//! > （二）无生活来源；（三）无法定赡养、抚养、扶养义务人或者其法定义务人无履行义务能力。
//! > — 民发〔2021〕43号 第4条
//!
//! - **No capacity to work** (第5、7条): aged 60 or more; under the minor age limit (16, 18
//!   from 2020-07), or older while still in school; or intellectual or mental disability
//!   grade 1–3, physical grade 1–2, visual grade 1.
//! - **No means of support** (第6条): own counted income below the dibao standard (the dibao
//!   income rules), and the household's financial assets per member within the dibao limit.
//! - **No capable legal supporter** (第8条): `none` or `incapable`; when the fact is missing
//!   the outcome is undetermined.
//! - **Amount** (第19–22条): the basic standard + the care standard of the person's
//!   self-care level and care form; rounded once. The basic standard is a multiple of the
//!   dibao standard (1.3 in the default pack, as several provinces set it) or an amount the
//!   county sets (浙江省社会救助条例 第14条); each care standard is an amount (the default) or a
//!   share of the basic standard.
//!
//! # Example
//!
//! A rural man of 72 living alone, no income, no supporter, partly dependent, in 2020-03:
//! basic 1.3 × 450.00 = 585.00, care 300.00, total 885.00.
//!
//! ```
//! use doudi::{Engine, Household, PolicyPack, ProgramId};
//!
//! let household = Household::from_json(r#"{"id": "h1", "area": "rural", "members": [
//!   {"id": "a", "birth_date": "1948-01-01", "sex": "male", "relation": "head",
//!    "legal_supporter": "none", "self_care": {"unable_to": ["bathing"]}}
//! ]}"#)?;
//! let d = Engine::new(PolicyPack::maojian()).evaluate(&household, "2020-03".parse()?)?;
//! let tekun = d.entry(ProgramId::Tekun, Some(&"a".parse()?)).unwrap();
//! assert_eq!(tekun.paid().unwrap().to_string(), "885.00");
//! assert_eq!(
//!     tekun.reason().to_string(),
//!     "basic 585.00 (1.3 × dibao standard) + care 300.00 (partly dependent, dispersed)"
//! );
//! # Ok::<(), doudi::Error>(())
//! ```

use super::{Context, Decided, Member, Outcomes, PaidBy, Program, Who};
use crate::decision::{Cites, Fact, FactValue, MissingFact, Outcome, Provision, Reason};
use crate::model::{CareForm, CareLevel, DisabilityKind, LegalSupporter, ProgramId};
use crate::policy::{
    CountParam, MoneyParam, Param, PercentParam, ScaledParam, Status, SwitchParam,
};

pub(crate) const CONDITIONS: Provision =
    Provision::new("民发〔2021〕43号", "第4–9条", Status::Verified);
pub(crate) const AMOUNT: Provision =
    Provision::new("民发〔2021〕43号", "第19–22条", Status::Verified);

pub(crate) const PROGRAM: Program = Program {
    id: ProgramId::Tekun,
    paid_by: PaidBy::Enrolment,
    // A minor who qualifies for tekun and an orphan allowance receives the latter (43号
    // 第9条, a row of the pack): tekun is decided after them.
    reads: &[ProgramId::Orphan, ProgramId::DeFactoOrphan],
    provisions: &[&CONDITIONS, &AMOUNT],
    params: &[
        Param::Count(CountParam::TekunMinorAgeLimit),
        Param::Scaled(ScaledParam::TekunBasicUrban),
        Param::Scaled(ScaledParam::TekunBasicRural),
        Param::Scaled(ScaledParam::TekunCareDispersedFull),
        Param::Scaled(ScaledParam::TekunCareDispersedPartly),
        Param::Scaled(ScaledParam::TekunCareDispersedFully),
        Param::Scaled(ScaledParam::TekunCareCentralizedFull),
        Param::Scaled(ScaledParam::TekunCareCentralizedPartly),
        Param::Scaled(ScaledParam::TekunCareCentralizedFully),
        Param::Money(MoneyParam::DibaoStandardUrban),
        Param::Money(MoneyParam::DibaoStandardRural),
        Param::Scaled(ScaledParam::DibaoWorkDeduction),
        Param::Money(MoneyParam::DibaoMinimumWage),
        Param::Percent(PercentParam::DibaoAboveMinimumWageCounted),
        Param::Scaled(ScaledParam::DibaoAssetLimitUrban),
        Param::Scaled(ScaledParam::DibaoAssetLimitRural),
        Param::Switch(SwitchParam::DibaoVehicleDisqualifies),
    ],
};

/// No capacity to work (第5、7条): aged 60 or more, under the minor age limit (or in
/// school), or disabled: intellectual or mental grade 1–3, physical grade 1–2, visual
/// grade 1.
pub(crate) fn cannot_work(m: &Member<'_>, minor_limit: u32) -> bool {
    // "keeps until 18, or longer while in school": a pupil counts at any age under 60.
    let age = m.age();
    if age >= 60 || age < minor_limit || m.is_in_school() {
        return true;
    }
    disabled_cannot_work(m)
}

/// A disability that takes away the capacity to work (第5条): intellectual or mental grade
/// 1–3, physical grade 1–2, visual grade 1.
pub(crate) fn disabled_cannot_work(m: &Member<'_>) -> bool {
    m.disability().is_some_and(|d| match d.kind {
        DisabilityKind::Intellectual | DisabilityKind::Mental => d.grade.get() <= 3,
        DisabilityKind::Physical => d.grade.get() <= 2,
        DisabilityKind::Visual => d.grade.get() == 1,
        _ => false,
    })
}

/// The care standard of a self-care level and form of care (43号 第21–22条).
fn care_param(level: CareLevel, form: CareForm) -> ScaledParam {
    use ScaledParam as S;
    match (form, level) {
        (CareForm::Dispersed, CareLevel::FullSelfCare) => S::TekunCareDispersedFull,
        (CareForm::Dispersed, CareLevel::PartlyDependent) => S::TekunCareDispersedPartly,
        (CareForm::Dispersed, CareLevel::FullyDependent) => S::TekunCareDispersedFully,
        (CareForm::Centralized, CareLevel::FullSelfCare) => S::TekunCareCentralizedFull,
        (CareForm::Centralized, CareLevel::PartlyDependent) => S::TekunCareCentralizedPartly,
        (CareForm::Centralized, CareLevel::FullyDependent) => S::TekunCareCentralizedFully,
    }
}

/// Evaluates tekun for every member.
pub(crate) fn evaluate<W: Outcomes>(ctx: &impl Context, out: &mut W) {
    let p = ctx.params();
    let area = ctx.area();
    let standard = p.standard(area);
    let members = ctx.member_count();
    let minor = p.count(CountParam::TekunMinorAgeLimit);
    let vehicle = p.switch(SwitchParam::DibaoVehicleDisqualifies);
    // The asset test (assets per member ≤ the limit, compared as assets ≤ limit × members:
    // exact, with no division) is the same for every member: decided once when first needed.
    let assets = ctx.financial_assets();
    let mut over_limit = None;
    for m in ctx.members() {
        let mut cites = Cites::of(&[minor.cite]);
        let who = m.who();
        let push = |out: &mut W, outcome, reason, provision, cites| {
            out.push(PROGRAM.id, who, (outcome, reason), provision, cites)
        };
        if !cannot_work(&m, minor.value) {
            let reason = Reason::CanWork {
                age: m.age(),
                minor_limit: minor.value,
            };
            push(out, Outcome::NotPaid, reason, &CONDITIONS, cites);
            continue;
        }
        cites.push(standard.cite);
        p.wage_cites().for_each(|c| cites.push(c));
        let income = m.own_income();
        if income >= standard.value {
            let reason = Reason::OwnIncomeNotBelow {
                income,
                standard: standard.value,
            };
            push(out, Outcome::NotPaid, reason, &CONDITIONS, cites);
            continue;
        }
        cites.push(
            p.scaled_of(
                [
                    ScaledParam::DibaoAssetLimitUrban,
                    ScaledParam::DibaoAssetLimitRural,
                ],
                area,
            )
            .cite,
        );
        let limit = p.amounts(area).per_member.asset_limit;
        if *over_limit.get_or_insert_with(|| assets > p.amounts(area).for_size(members).asset_limit)
        {
            out.push_with(
                ProgramId::Tekun,
                who,
                Outcome::NotPaid,
                &CONDITIONS,
                cites,
                || Reason::AssetsOverLimit {
                    per_member: assets.per(members),
                    limit,
                },
            );
            continue;
        }
        if ctx.has_non_exempt_vehicle() && vehicle.value {
            cites.push(vehicle.cite);
            push(
                out,
                Outcome::NotPaid,
                Reason::VehicleOwned,
                &CONDITIONS,
                cites,
            );
            continue;
        }
        match m.legal_supporter() {
            None => {
                let reason = Reason::Missing {
                    fact: MissingFact::LegalSupporter,
                };
                push(out, Outcome::Undetermined, reason, &CONDITIONS, cites);
                continue;
            }
            Some(LegalSupporter::Capable) => {
                push(
                    out,
                    Outcome::NotPaid,
                    Reason::SupporterCapable,
                    &CONDITIONS,
                    cites,
                );
                continue;
            }
            Some(LegalSupporter::None | LegalSupporter::Incapable) => {}
        }
        let Some(self_care) = m.self_care() else {
            let reason = Reason::Missing {
                fact: MissingFact::SelfCare,
            };
            push(out, Outcome::Undetermined, reason, &AMOUNT, cites);
            continue;
        };
        let level = self_care.level();
        let form = m.care_form();
        let care_param = care_param(level, form);
        let basic_param = p.scaled_of(
            [ScaledParam::TekunBasicUrban, ScaledParam::TekunBasicRural],
            area,
        );
        cites.push(basic_param.cite);
        cites.push(p.scaled(care_param).cite);
        let amounts = p.amounts(area);
        let basic = amounts.tekun_basic;
        let care = amounts.tekun_care(care_param);
        let amount = (basic + care).round_to_fen();
        let reason = Reason::TekunAmount {
            basic,
            multiplier: match basic_param.value {
                crate::policy::Scaled::Rate(rate) => Some(rate),
                crate::policy::Scaled::Amount(_) => None,
            },
            level,
            form,
            care,
        };
        push(out, Outcome::Paid { amount }, reason, &AMOUNT, cites);
    }
}

/// The facts tekun read for a member: what decides the three conditions and the amount.
pub(crate) fn facts(ctx: &impl Context, _: &impl Decided, who: Who, out: &mut Vec<Fact>) {
    let Some(m) = ctx.member(who) else {
        return;
    };
    let mut push = |name, value| out.push(Fact { name, value });
    push("disability", FactValue::Disability(m.disability()));
    push("in school", FactValue::Flag(m.is_in_school()));
    push("own counted income", FactValue::Money(m.own_income()));
    push(
        "financial assets of the household",
        FactValue::Money(ctx.financial_assets()),
    );
    push(
        "legal supporter",
        FactValue::Word(match m.legal_supporter() {
            None => "missing",
            Some(LegalSupporter::None) => "none",
            Some(LegalSupporter::Capable) => "capable",
            Some(LegalSupporter::Incapable) => "incapable",
        }),
    );
    push(
        "self-care",
        FactValue::Word(match m.self_care().map(|s| s.level()) {
            None => "missing",
            Some(CareLevel::FullSelfCare) => "full self-care",
            Some(CareLevel::PartlyDependent) => "partly dependent",
            Some(CareLevel::FullyDependent) => "fully dependent",
        }),
    );
    push(
        "care form",
        FactValue::Word(match m.care_form() {
            CareForm::Dispersed => "dispersed",
            CareForm::Centralized => "centralized",
        }),
    );
}
