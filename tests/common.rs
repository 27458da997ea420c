//! Helpers shared by the integration tests.

use doudi::Household;

/// A one-person urban household whose head carries the JSON members `extra` (a string of
/// `,"key": value` pairs appended to the head's object).
pub fn head_with(extra: &str) -> String {
    format!(
        r#"{{"id":"h1","area":"urban","members":[{{"id":"p1","birth_date":"1990-01-01","sex":"male","relation":"head"{extra}}}]}}"#
    )
}

/// The error message for reading `json` as a household.
pub fn error_of(json: &str) -> String {
    match Household::from_json(json) {
        Ok(h) => panic!("expected an error, read {h:?}"),
        Err(e) => e.to_string(),
    }
}

/// The sample households of `examples/data/households.jsonl`.
pub fn sample_households() -> Vec<Household> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/data/households.jsonl"
    ))
    .unwrap();
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| Household::from_json(l).unwrap())
        .collect()
}

/// An engine over the pack `examples/data/<name>`.
pub fn example_engine(name: &str) -> doudi::Engine {
    let path = format!("{}/examples/data/{name}", env!("CARGO_MANIFEST_DIR"));
    doudi::Engine::new(doudi::PolicyPack::from_file(path).unwrap())
}
