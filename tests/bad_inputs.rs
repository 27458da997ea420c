//! The bad-input catalogue (`tests/bad_inputs/`): malformed and hostile households and packs,
//! each with the exact error message the crate must give — never a panic, never a silent
//! acceptance.

use std::path::Path;

use doudi::{Household, MAOJIAN_TOML, PolicyPack};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Catalogue {
    case: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    /// The whole input.
    input: Option<String>,
    /// Or, for packs: the default pack with `find` replaced by `replace` (exactly once).
    find: Option<String>,
    replace: Option<String>,
    expected: String,
}

fn catalogue(file: &str) -> Vec<Case> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/bad_inputs")
        .join(file);
    let text = std::fs::read_to_string(path).unwrap();
    toml::from_str::<Catalogue>(&text).unwrap().case
}

fn input_of(case: &Case) -> String {
    match (&case.input, &case.find, &case.replace) {
        (Some(input), None, None) => input.clone(),
        (None, Some(find), Some(replace)) => {
            assert_eq!(
                MAOJIAN_TOML.matches(find.as_str()).count(),
                1,
                "{}: find must match once",
                case.name
            );
            MAOJIAN_TOML.replacen(find.as_str(), replace, 1)
        }
        _ => panic!("{}: give input, or find and replace", case.name),
    }
}

/// Reads every case of `file` with `read` and returns the cases that were accepted or
/// refused with another message.
fn mismatches<T>(file: &str, read: impl Fn(&str) -> doudi::Result<T>) -> (usize, Vec<String>) {
    let cases = catalogue(file);
    let failures = cases
        .iter()
        .filter_map(|case| match read(&input_of(case)) {
            Ok(_) => Some(format!("{}: accepted", case.name)),
            Err(e) if e.to_string() != case.expected => Some(format!(
                "{}:\n    got      {e}\n    expected {}",
                case.name, case.expected
            )),
            Err(_) => None,
        })
        .collect();
    (cases.len(), failures)
}

#[test]
fn every_bad_household_is_refused_with_its_message() {
    let (count, failures) = mismatches("households.toml", Household::from_json);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(count >= 30);
}

#[test]
fn every_bad_pack_is_refused_with_its_message() {
    let (count, failures) = mismatches("packs.toml", PolicyPack::from_toml);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(count >= 10);
}

// Hostile inputs too large to keep as files: made here.

#[test]
fn a_ten_megabyte_string_is_refused_unread() {
    let json = format!(
        r#"{{"id": "{}", "area": "urban", "members": []}}"#,
        "x".repeat(10 << 20)
    );
    assert_eq!(
        Household::from_json(&json).unwrap_err().to_string(),
        format!("{} bytes exceed the limit of 1048576 bytes", json.len())
    );
    let toml = format!("{MAOJIAN_TOML}\n# {}\n", "y".repeat(10 << 20));
    assert_eq!(
        PolicyPack::from_toml(&toml).unwrap_err().to_string(),
        format!(
            "pack {} bytes exceed the limit of 1048576 bytes",
            toml.len()
        )
    );
}

#[test]
fn deep_nesting_is_refused() {
    // 10,000 nested arrays where a string is expected: refused at the first bracket.
    let json = format!(
        r#"{{"id": {}1{}, "area": "urban", "members": []}}"#,
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    assert_eq!(
        Household::from_json(&json).unwrap_err().to_string(),
        "id: a list, expected an identifier, a string"
    );
    // Nesting inside a list of members: the parser's recursion limit stops it.
    let json = format!(
        r#"{{"id": "h", "area": "urban", "members": {}{}}}"#,
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    assert!(Household::from_json(&json).is_err());
}

#[test]
fn too_many_members_enrolments_and_income_items_are_refused() {
    let head = r#"{"id":"p0","birth_date":"1990-01-01","sex":"male","relation":"head"}"#;
    let incomes = vec![r#"{"category":"wage","monthly":"1.00"}"#; 65].join(",");
    let json = format!(
        r#"{{"id":"h","area":"urban","members":[{{"id":"p0","birth_date":"1990-01-01","sex":"male","relation":"head","incomes":[{incomes}]}}]}}"#
    );
    assert_eq!(
        Household::from_json(&json).unwrap_err().to_string(),
        "members[0].incomes: 65 entries exceed the limit of 64"
    );
    let enrolments: Vec<String> = (0..257)
        .map(|i| format!(r#"{{"program":"local:p{i}","person":"p0","since":"2020-01"}}"#))
        .collect();
    let json = format!(
        r#"{{"id":"h","area":"urban","members":[{head}],"enrolments":[{}]}}"#,
        enrolments.join(",")
    );
    assert_eq!(
        Household::from_json(&json).unwrap_err().to_string(),
        "enrolments: 257 entries exceed the limit of 256"
    );
}

#[test]
fn the_largest_accepted_amounts_do_not_overflow() {
    // Every amount at the limit, in the largest household: sums and products stay within
    // a Decimal, and evaluation answers.
    let incomes = vec![r#"{"category":"wage","monthly":"1000000000000.00"}"#; 64].join(",");
    let members: Vec<String> = (0..64)
        .map(|i| {
            let relation = if i == 0 { "head" } else { "other" };
            format!(
                r#"{{"id":"p{i}","birth_date":"1950-01-01","sex":"male","relation":"{relation}","rigid_spending":"1000000000000.00","incomes":[{incomes}],"disability":{{"grade":1,"kind":"mental"}},"legal_supporter":"none","self_care":{{"level":"fully_dependent"}}}}"#
            )
        })
        .collect();
    let json = format!(
        r#"{{"id":"h","area":"rural","registered_poor":true,"financial_assets":"1000000000000.00","members":[{}],"events":[{{"month":"2020-03","kind":"expenditure","shortfall":"1000000000000.00"}}]}}"#,
        members.join(",")
    );
    let h = Household::from_json(&json).unwrap();
    let d = doudi::Engine::new(PolicyPack::maojian())
        .evaluate(&h, "2020-03".parse().unwrap())
        .unwrap();
    assert!(d.payments().all(|(_, a)| !a.is_negative()));
}
