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
//! - **Amount** (第19–22条): basic `multiplier × dibao standard` + the care standard of the
//!   person's self-care level and care form; rounded once.
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

use super::{Ctx, MemberOrder, Outcomes};
use crate::decision::{Cites, MissingFact, Outcome, Provision, Reason};
use crate::model::{CareForm, CareLevel, DisabilityKind, LegalSupporter, Person, ProgramId};
use crate::policy::Status;

pub(crate) const CONDITIONS: Provision = Provision {
    document: "民发〔2021〕43号",
    article: "第4–9条",
    status: Status::Verified,
};
pub(crate) const AMOUNT: Provision = Provision {
    document: "民发〔2021〕43号",
    article: "第19–22条",
    status: Status::Verified,
};

/// No capacity to work (第5、7条).
fn cannot_work(person: &Person, age: u32, minor_limit: u32) -> bool {
    // "keeps until 18, or longer while in school": a pupil counts at any age under 60.
    if age >= 60 || age < minor_limit || person.is_in_school() {
        return true;
    }
    person.disability().is_some_and(|d| match d.kind {
        DisabilityKind::Intellectual | DisabilityKind::Mental => d.grade.get() <= 3,
        DisabilityKind::Physical => d.grade.get() <= 2,
        DisabilityKind::Visual => d.grade.get() == 1,
        _ => false,
    })
}

/// Evaluates tekun for every member.
pub(crate) fn evaluate<O: MemberOrder, W: Outcomes>(ctx: &Ctx<'_, O>, out: &mut W) {
    let p = ctx.params;
    let area = ctx.household.area();
    let standard = p.standard(area);
    let members = u32::try_from(ctx.household.members().len()).unwrap_or(u32::MAX);
    // The asset test (assets per member ≤ the limit, compared as assets ≤ limit × members:
    // exact, with no division) is the same for every member: decided once when first needed.
    let assets = ctx.facts.financial_assets;
    let mut over_limit = None;
    for (i, person, d) in ctx.members() {
        let mut cites = Cites::of(&[p.tekun_minor_age_limit.cite]);
        let push = |out: &mut W, outcome, reason, provision, cites| {
            out.push(ProgramId::Tekun, i, outcome, reason, provision, cites)
        };
        let minor_limit = p.tekun_minor_age_limit.value;
        if !cannot_work(person, d.age, minor_limit) {
            let reason = Reason::CanWork {
                age: d.age,
                minor_limit,
            };
            push(out, Outcome::NotPaid, reason, &CONDITIONS, cites);
            continue;
        }
        cites.push(standard.cite);
        cites.push(p.employment_deduction.cite);
        let income = ctx.own_income(i);
        if income >= standard.value {
            let reason = Reason::OwnIncomeNotBelow {
                income,
                standard: standard.value,
            };
            push(out, Outcome::NotPaid, reason, &CONDITIONS, cites);
            continue;
        }
        cites.push(p.asset_limit_months.cite);
        let limit = p.amounts(area).per_member.asset_limit;
        if *over_limit.get_or_insert_with(|| assets > p.amounts(area).for_size(members).asset_limit)
        {
            out.push_with(
                ProgramId::Tekun,
                i,
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
        if ctx.facts.non_exempt_vehicle && p.vehicle_disqualifies.value {
            cites.push(p.vehicle_disqualifies.cite);
            push(
                out,
                Outcome::NotPaid,
                Reason::VehicleOwned,
                &CONDITIONS,
                cites,
            );
            continue;
        }
        match person.legal_supporter() {
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
        let Some(self_care) = person.self_care() else {
            let reason = Reason::Missing {
                fact: MissingFact::SelfCare,
            };
            push(out, Outcome::Undetermined, reason, &AMOUNT, cites);
            continue;
        };
        let level = self_care.level();
        let form = person.care_form();
        let [dispersed, centralized] = p.tekun_care;
        let [full, partly, fully] = match form {
            CareForm::Dispersed => dispersed,
            CareForm::Centralized => centralized,
        };
        let care = match level {
            CareLevel::FullSelfCare => full,
            CareLevel::PartlyDependent => partly,
            CareLevel::FullyDependent => fully,
        };
        cites.push(p.tekun_basic_multiplier.cite);
        cites.push(care.cite);
        let basic = p.amounts(area).tekun_basic;
        let amount = (basic + care.value).round_to_fen();
        let reason = Reason::TekunAmount {
            basic,
            multiplier: p.tekun_basic_multiplier.value,
            level,
            form,
            care: care.value,
        };
        push(out, Outcome::Paid { amount }, reason, &AMOUNT, cites);
    }
}
