//! Population-level findings and local programs under the overlap table.

use doudi::{
    Engine, Finding, FindingKind, Household, LocalName, LocalOutcome, LocalPerson, LocalProgram,
    MAOJIAN_TOML, Money, Outcome, Party, PolicyPack, ProgramId, Provision, Status, population,
};

fn household(id: &str, members: &[(&str, Option<&str>)]) -> Household {
    let members: Vec<String> = members
        .iter()
        .enumerate()
        .map(|(i, (pid, number))| {
            let relation = if i == 0 { "head" } else { "other" };
            let number = number.map_or(String::new(), |n| format!(r#","id_number":"{n}""#));
            format!(
                r#"{{"id":"{pid}","birth_date":"1990-01-01","sex":"male","relation":"{relation}"{number}}}"#
            )
        })
        .collect();
    Household::from_json(&format!(
        r#"{{"id":"{id}","area":"urban","members":[{}]}}"#,
        members.join(",")
    ))
    .unwrap()
}

// 420302199001010015 is valid (weighted sum 150, 150 mod 11 = 7 → '5').
const NUMBER: &str = "420302199001010015";

#[test]
fn a_person_in_three_households_gives_two_findings() {
    let hs = [
        household("h1", &[("p1", None)]),
        household("h2", &[("p2", None), ("p1", None)]),
        household("h3", &[("p1", None)]),
    ];
    let findings = population::duplicates(&hs);
    let text: Vec<String> = findings.iter().map(ToString::to_string).collect();
    assert_eq!(
        text,
        [
            "person p1 appears in households h1 and h2",
            "person p1 appears in households h1 and h3"
        ]
    );
}

#[test]
fn an_id_number_in_two_households_is_found() {
    let hs = [
        household("h1", &[("p1", Some(NUMBER))]),
        household("h2", &[("p7", None)]),
        household("h3", &[("p9", Some(NUMBER))]),
    ];
    let findings = population::duplicates(&hs);
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].kind(), FindingKind::DuplicateIdNumber);
    match &findings[0] {
        Finding::DuplicateIdNumber { first, second, .. } => {
            assert_eq!((first.0.as_str(), first.1.as_str()), ("h1", "p1"));
            assert_eq!((second.0.as_str(), second.1.as_str()), ("h3", "p9"));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn one_id_number_twice_in_one_household_is_an_input_error() {
    let json = format!(
        r#"{{"id":"h1","area":"urban","members":[
        {{"id":"p1","birth_date":"1990-01-01","sex":"male","relation":"head","id_number":"{NUMBER}"}},
        {{"id":"p2","birth_date":"1990-01-01","sex":"male","relation":"other","id_number":"{NUMBER}"}}]}}"#
    );
    assert_eq!(
        Household::from_json(&json).unwrap_err().to_string(),
        "members[1].id_number: ID number 420302********0015 is listed twice"
    );
}

#[test]
fn no_duplicates_no_findings() {
    let hs: Vec<Household> = (0..100)
        .map(|i| household(&format!("h{i}"), &[(&format!("p{i}"), None)]))
        .collect();
    assert!(population::duplicates(&hs).is_empty());
}

#[test]
fn a_once_program_paid_in_two_households_is_a_duplicate_benefit() {
    // The same person, with no income, listed in two urban households in 2020-03: both
    // determinations pay the covid relief (500.00) and the price subsidy to p1.
    let engine = Engine::new(PolicyPack::maojian());
    let month = "2020-03".parse().unwrap();
    let ds: Vec<_> = [
        household("h1", &[("p1", None)]),
        household("h2", &[("p1", None)]),
    ]
    .iter()
    .map(|h| engine.evaluate(h, month).unwrap())
    .collect();
    let findings = population::once_paid_twice(&ds);
    let text: Vec<String> = findings.iter().map(ToString::to_string).collect();
    // The sorted overlap table: price_subsidy is overlap[13], covid_relief_2020 overlap[15].
    assert_eq!(
        text,
        [
            "p1 is paid price_subsidy in households h1 and h2, once-per-person (overlap[13])",
            "p1 is paid covid_relief_2020 in households h1 and h2, once-per-person (overlap[15])",
        ]
    );
}

struct Gaoling;

static GAOLING: Provision =
    Provision::new("city rules on the old-age allowance", "", Status::Verified);

impl LocalProgram for Gaoling {
    fn name(&self) -> LocalName {
        LocalName::new("gaoling_jintie").unwrap()
    }

    fn version(&self) -> &str {
        "1"
    }
    fn provision(&self) -> &'static Provision {
        &GAOLING
    }

    fn evaluate(&self, person: &LocalPerson<'_>) -> LocalOutcome {
        if person.age() >= 80 {
            LocalOutcome::Paid {
                amount: Money::from_yuan(100),
                reason: "80 or older".into(),
            }
        } else {
            LocalOutcome::NotPaid {
                reason: "under 80".into(),
            }
        }
    }
}

#[test]
fn a_pack_rule_governs_a_local_program() {
    // The analyst adds a rule: the city's allowance gives way to the provincial longevity
    // allowance (高龄津贴) a person already receives.
    let toml = format!(
        "{MAOJIAN_TOML}\n[[overlap]]\na = \"local:gaoling_jintie\"\nb = \"external:longevity_allowance\"\nkind = \"exclusive\"\nwinner = \"external:longevity_allowance\"\nsource = \"local\"\nstatus = \"illustrative\"\n"
    );
    let engine = Engine::builder(PolicyPack::from_toml(&toml).unwrap())
        .local(Gaoling)
        .build()
        .unwrap();
    let program: ProgramId = "local:gaoling_jintie".parse().unwrap();
    let month = "2020-03".parse().unwrap();
    let elder = |extra: &str| {
        Household::from_json(&format!(
            r#"{{"id":"h","area":"urban","members":[{{"id":"a","birth_date":"1935-01-01","sex":"female","relation":"head","legal_supporter":"capable","incomes":[{{"category":"transfer","monthly":"3000.00"}}]{extra}}}]}}"#
        ))
        .unwrap()
    };
    let a = "a".parse().unwrap();

    let plain = engine.evaluate(&elder(""), month).unwrap();
    assert_eq!(
        plain.entry(program, Some(&a)).unwrap().paid(),
        Some(Money::from_yuan(100))
    );

    let with_allowance = engine
        .evaluate(
            &elder(r#","external_benefits":[{"kind":"longevity_allowance","monthly":"150.00"}]"#),
            month,
        )
        .unwrap();
    match with_allowance.entry(program, Some(&a)).unwrap().outcome() {
        Outcome::Withheld { amount, by, .. } => {
            assert_eq!(*amount, Money::from_yuan(100));
            assert_eq!(by.to_string(), "external:longevity_allowance");
            assert!(matches!(by, Party::External(_)));
        }
        other => panic!("{other:?}"),
    }
}
