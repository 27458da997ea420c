//! Laws of the model: JSON round trips and age.

use chrono::NaiveDate;
use doudi::{
    Area, CareForm, DailyActivity, Disability, DisabilityKind, Enrolment, Event, EventKind,
    ExternalBenefit, ExternalBenefitKind, Household, Income, IncomeCategory, LegalSupporter, Money,
    Month, ParentSituation, Parents, Person, PersonBuilder, PersonStatus, ProgramId, Relation,
    Screening, SelfCare, Sex, age_on,
};
use proptest::prelude::*;

fn date() -> impl Strategy<Value = NaiveDate> {
    (1920i32..2019, 1u32..=12, 1u32..=31).prop_map(|(y, m, d)| {
        // Clamp the day into the month, so every draw is a real date.
        (0..4)
            .find_map(|back| NaiveDate::from_ymd_opt(y, m, d - back))
            .unwrap()
    })
}

pub(crate) fn month() -> impl Strategy<Value = Month> {
    (2019i32..=2021, 1u32..=12).prop_map(|(y, m)| Month::new(y, m).unwrap())
}

fn money() -> impl Strategy<Value = Money> {
    (0i64..10_000_000).prop_map(|fen| Money::from_fen(fen).unwrap())
}

fn income() -> impl Strategy<Value = Income> {
    let categories = prop::sample::select(vec![
        IncomeCategory::Wage,
        IncomeCategory::Business,
        IncomeCategory::Property,
        IncomeCategory::Transfer,
        IncomeCategory::PensionBasic,
        IncomeCategory::Award,
        IncomeCategory::SocialAssistance,
    ]);
    (categories, money()).prop_map(|(category, monthly)| Income::new(category, monthly))
}

fn parent() -> impl Strategy<Value = ParentSituation> {
    prop::sample::select(vec![
        ParentSituation::Present,
        ParentSituation::Dead,
        ParentSituation::AwayForWork,
        ParentSituation::Imprisoned,
        ParentSituation::LostContact,
        ParentSituation::SevereDisability,
    ])
}

/// A person with a random selection of facts (the id and relation are set by the caller).
fn person(index: usize) -> impl Strategy<Value = PersonBuilder> {
    let kinds = prop::sample::select(vec![
        DisabilityKind::Physical,
        DisabilityKind::Visual,
        DisabilityKind::Intellectual,
        DisabilityKind::Mental,
        DisabilityKind::Multiple,
    ]);
    let disability = prop::option::of((1u8..=4, kinds));
    let self_care = prop::option::of(prop::collection::vec(
        prop::sample::select(vec![
            DailyActivity::Eating,
            DailyActivity::Dressing,
            DailyActivity::Bathing,
            DailyActivity::Toileting,
        ]),
        0..4,
    ));
    let supporter = prop::option::of(prop::sample::select(vec![
        LegalSupporter::None,
        LegalSupporter::Capable,
        LegalSupporter::Incapable,
    ]));
    (
        date(),
        any::<bool>(),
        disability,
        self_care,
        supporter,
        prop::collection::vec(income(), 0..3),
        (parent(), parent()),
        any::<[bool; 6]>(),
        money(),
    )
        .prop_map(
            move |(
                born,
                female,
                disability,
                self_care,
                supporter,
                incomes,
                parents,
                flags,
                spend,
            )| {
                let relation = if index == 0 {
                    Relation::Head
                } else {
                    Relation::Other
                };
                let sex = if female { Sex::Female } else { Sex::Male };
                let mut b =
                    Person::builder(format!("p{index}").parse().unwrap(), born, sex, relation)
                        .parents(Parents::new(parents.0, parents.1))
                        .serious_illness(flags[0])
                        .in_school(flags[1])
                        .uninsured(flags[2])
                        .children_all_away(flags[3])
                        .rigid_spending(spend);
                if let Some((grade, kind)) = disability {
                    b = b.disability(Disability::new(grade, kind).unwrap());
                }
                if let Some(acts) = self_care {
                    b = b.self_care(SelfCare::UnableTo(acts.into_iter().collect()));
                }
                if let Some(s) = supporter {
                    b = b.legal_supporter(s);
                }
                for i in incomes {
                    b = b.income(i);
                }
                if flags[4] {
                    b = b
                        .status(PersonStatus::Imprisoned)
                        .care_form(CareForm::Centralized);
                }
                if flags[5] {
                    b = b.external_benefit(ExternalBenefit::new(
                        ExternalBenefitKind::OldAgeCare,
                        Money::from_yuan(80),
                    ));
                }
                b
            },
        )
}

pub(crate) fn household() -> impl Strategy<Value = Household> {
    (1usize..6)
        .prop_flat_map(|n| {
            (
                (0..n).map(person).collect::<Vec<_>>(),
                any::<bool>(),
                any::<bool>(),
                money(),
                month(),
                prop::option::of(money()),
            )
        })
        .prop_map(|(members, rural, poor, assets, since, amount)| {
            let area = if rural { Area::Rural } else { Area::Urban };
            let mut b = Household::builder("h1".parse().unwrap(), area)
                .registered_poor(poor)
                .financial_assets(assets);
            for m in members {
                b = b.member(m);
            }
            if let Some(amount) = amount {
                b = b
                    .enrolment(
                        Enrolment::household(ProgramId::Dibao, since).with_monthly_amount(amount),
                    )
                    .enrolment(Enrolment::person(
                        ProgramId::Tekun,
                        "p0".parse().unwrap(),
                        since,
                    ))
                    .enrolment(
                        Enrolment::person(
                            ProgramId::DisabilityLiving,
                            "p0".parse().unwrap(),
                            since,
                        )
                        .with_monthly_amount(Money::from_yuan(50)),
                    )
                    .event(Event::new(
                        since,
                        EventKind::Emergency,
                        amount + Money::from_yuan(1),
                    ))
                    .screening(Screening::new("p0".parse().unwrap(), since));
            }
            b.build().unwrap()
        })
}

proptest! {
    #[test]
    fn every_valid_household_survives_a_json_round_trip(h in household()) {
        let json = h.to_json();
        let back = Household::from_json(&json).unwrap();
        prop_assert_eq!(&back, &h);
        // And serialising again gives the same bytes.
        prop_assert_eq!(back.to_json(), json);
    }

    #[test]
    fn age_is_monotone_in_the_month(born in date(), a in month(), b in month()) {
        let (early, late) = if a <= b { (a, b) } else { (b, a) };
        prop_assert!(age_on(born, early) <= age_on(born, late));
    }

    #[test]
    fn age_grows_by_one_every_twelve_months(born in date(), m in month()) {
        let later = Month::new(m.year() + 1, m.month()).unwrap();
        prop_assume!(m.first_day() >= born);
        prop_assert_eq!(age_on(born, later), age_on(born, m) + 1);
    }
}
