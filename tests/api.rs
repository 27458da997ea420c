//! The API as a Rust service uses it: inputs inside the service's own types, errors with
//! their full paths and typed problems.

use doudi::{Error, Household, Month, Problem};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Request {
    month: Month,
    household: Household,
    #[serde(default)]
    note: Option<String>,
}

const HEAD: &str = r#"{"id": "a", "birth_date": "1990-01-01", "sex": "male", "relation": "head""#;

fn request(month: &str, member_extra: &str) -> String {
    format!(
        r#"{{"month": "{month}", "household": {{"id": "h1", "area": "urban", "members": [{HEAD}{member_extra}}}]}}}}"#
    )
}

fn invalid(text: &str) -> (String, Problem) {
    match doudi::from_json::<Request>(text) {
        Err(Error::Invalid { path, problem }) => (path, problem),
        other => panic!("expected an invalid fact, got {other:?}"),
    }
}

#[test]
fn a_request_type_keeps_the_full_path_and_the_typed_problem() {
    // A check digit, found by the ID number's own deserialiser.
    let (path, problem) = invalid(&request(
        "2020-03",
        r#", "id_number": "420302199001010019""#,
    ));
    assert_eq!(path, "household.members[0].id_number");
    assert_eq!(
        problem,
        Problem::IdNumberCheckDigit {
            found: '9',
            expected: '5'
        }
    );
    // A negative income, found by the household's checks after the shape was read.
    let (path, problem) = invalid(&request(
        "2020-03",
        r#", "incomes": [{"category": "wage", "monthly": "-5.00"}]"#,
    ));
    assert_eq!(path, "household.members[0].incomes[0].monthly");
    assert!(
        matches!(problem, Problem::NegativeAmount { .. }),
        "{problem:?}"
    );
    // A grade of 5.
    let (path, problem) = invalid(&request(
        "2020-03",
        r#", "disability": {"grade": 5, "kind": "physical"}"#,
    ));
    assert_eq!(path, "household.members[0].disability.grade");
    assert_eq!(problem, Problem::DisabilityGrade { grade: 5 });
    // A bad month of the request itself.
    let (path, problem) = invalid(&request("2020-13", ""));
    assert_eq!(path, "month");
    assert_eq!(
        problem,
        Problem::BadMonth {
            text: "2020-13".into()
        }
    );
    // A missing field names its own path.
    let text = request("2020-03", "").replace(r#""sex": "male", "#, "");
    let (path, problem) = invalid(&text);
    assert_eq!(path, "household.members[0].sex");
    assert_eq!(problem, Problem::Missing);
    // A fact that contradicts another: the ID number's sex digit.
    let (path, problem) = invalid(
        &request("2020-03", r#", "id_number": "420302199001010015""#)
            .replace(r#""sex": "male""#, r#""sex": "female""#),
    );
    assert_eq!(path, "household.members[0].id_number");
    assert!(matches!(
        problem,
        Problem::IdNumberSexMismatch {
            digit: '1',
            sex: "female"
        }
    ));
    // A household with two heads: a check of the whole household.
    let text = request("2020-03", "").replace(
        "]}}",
        r#", {"id": "b", "birth_date": "1990-01-01", "sex": "female", "relation": "head"}]}}"#,
    );
    let (path, problem) = invalid(&text);
    assert_eq!(path, "household.members");
    assert_eq!(problem, Problem::HeadCount { count: 2 });
    // A good request reads.
    let ok = doudi::from_json::<Request>(&request("2020-03", "")).unwrap();
    assert_eq!(ok.household.members().len(), 1);
}

#[test]
fn shape_errors_keep_their_path_too() {
    let err = doudi::from_json::<Request>(&request("2020-03", r#", "sex2": "x""#)).unwrap_err();
    match err {
        Error::Json { path, message, .. } => {
            assert_eq!(path, "household.members[0].sex2");
            assert!(message.starts_with("unknown field `sex2`"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    let err = doudi::from_json::<Request>("{\"month\": \"2020-03\",").unwrap_err();
    assert!(matches!(err, Error::Json { line: 1, .. }), "{err:?}");
}

#[test]
fn plain_serde_json_gives_the_same_words() {
    // Without doudi::from_json the checks still run; serde keeps only the message, with
    // the path inside the household.
    let err = serde_json::from_str::<Request>(&request(
        "2020-03",
        r#", "incomes": [{"category": "wage", "monthly": "-5.00"}]"#,
    ))
    .unwrap_err()
    .to_string();
    assert!(
        err.starts_with("members[0].incomes[0].monthly: amount -5.00 is negative"),
        "{err}"
    );
}
