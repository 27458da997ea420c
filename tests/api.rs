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
        Err(Error::Invalid { path, problem }) => (path.to_string(), problem),
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

/// A service's own request type: its schema derives through the crate's input types, and
/// an error comes back as JSON with its steps and its code.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct ServiceRequest {
    /// The month to evaluate.
    month: Month,
    /// The households, each as the crate reads it.
    households: Vec<Household>,
    /// An enrolment to check against the rules.
    #[serde(default)]
    enrolment: Option<doudi::Enrolment>,
}

#[test]
fn a_service_derives_its_schema_and_returns_errors_as_json() {
    let schema = serde_json::to_value(schemars::schema_for!(ServiceRequest)).unwrap();
    // The household's schema is the crate's, down to a member's ID number.
    let defs = &schema["$defs"];
    assert!(
        defs["Household"]["properties"]["members"].is_object(),
        "{schema}"
    );
    assert!(
        defs["Person"]["properties"]["id_number"].is_object(),
        "{schema}"
    );

    let text = format!(
        r#"{{"month": "2020-03", "households": [
          {{"id": "h1", "area": "urban", "members": [{HEAD}}}]}},
          {{"id": "h2", "area": "urban", "members": [{HEAD}, "id_number": "420302199001010019"}}]}}]}}"#
    );
    let err = doudi::from_json::<ServiceRequest>(&text).unwrap_err();
    assert_eq!(err.code(), "id_number_check_digit");
    assert_eq!(
        err.path().segments(),
        &[
            doudi::Segment::Field("households".into()),
            doudi::Segment::Index(1),
            doudi::Segment::Field("members".into()),
            doudi::Segment::Index(0),
            doudi::Segment::Field("id_number".into()),
        ]
    );
    // Worked by hand: the first 17 digits 42030219900101001 give check character 5 (GB
    // 11643), and the number ends in 9.
    assert_eq!(
        serde_json::to_value(&err).unwrap(),
        serde_json::json!({
            "code": "id_number_check_digit",
            "message": "households[1].members[0].id_number: check digit is 9, expected 5",
            "path": [
                {"field": "households"}, {"index": 1}, {"field": "members"}, {"index": 0},
                {"field": "id_number"}
            ]
        })
    );
    // A value of the wrong kind names what was found.
    let err =
        doudi::from_json::<ServiceRequest>(r#"{"month": 202003, "households": []}"#).unwrap_err();
    assert_eq!(err.code(), "wrong_type");
    assert_eq!(
        err.to_string(),
        "month: the number 202003, expected a month, a string YYYY-MM"
    );
}

#[test]
fn errors_of_a_batch_and_of_a_table_carry_typed_paths_too() {
    // A JSON Lines batch: the second document's bad month, at its line.
    let input = format!(
        "{{\"id\": \"h1\", \"area\": \"urban\", \"members\": [{HEAD}}}]}}\n{{\"id\": \"h2\", \"area\": \"urban\", \"members\": [{HEAD}}}], \"events\": [{{\"month\": \"2020-13\", \"kind\": \"emergency\", \"shortfall\": \"100.00\"}}]}}\n"
    );
    let docs: Vec<doudi::json::Document> = doudi::json::documents(input.as_bytes()).collect();
    let err = docs[1].parse::<Household>().unwrap_err();
    assert_eq!(err.path().to_string(), "events[0].month");
    assert_eq!(err.code(), "bad_month");
}
