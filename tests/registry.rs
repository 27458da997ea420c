//! The registry of programs: every program registered appears everywhere a program
//! appears — determinations, traces, reports, the pack's schema, the docs — and a program's
//! page says what it is.

use doudi::{Engine, Household, Month, PolicyPack, ProgramId};

/// A household of two: an elderly rural woman and her grandchild.
fn household() -> Household {
    Household::from_json(
        r#"{"id": "h1", "area": "rural", "members": [
          {"id": "a", "birth_date": "1950-01-01", "sex": "female", "relation": "head",
           "legal_supporter": "none", "self_care": {"unable_to": []}},
          {"id": "b", "birth_date": "2012-01-01", "sex": "male", "relation": "grandchild",
           "parents": {"father": "away_for_work", "mother": "away_for_work"}}]}"#,
    )
    .unwrap()
}

#[test]
fn every_registered_program_appears_in_determinations_traces_and_reports() {
    let engine = Engine::new(PolicyPack::maojian());
    let month: Month = "2020-03".parse().unwrap();
    let h = household();
    let (d, trace) = engine.evaluate_traced(&h, month).unwrap();
    let report = doudi::population::report(&engine, [Ok::<_, doudi::Error>(&h)], month..=month);
    assert_eq!(doudi::programs::registry().len(), ProgramId::BUILT_IN.len());
    for (declared, &program) in doudi::programs::registry().iter().zip(ProgramId::BUILT_IN) {
        assert_eq!(
            declared.id(),
            program,
            "the registry is in the crate's order"
        );
        assert!(
            d.entries().iter().any(|e| e.program() == program),
            "{program} has no entry in a full determination"
        );
        assert!(
            trace.steps.iter().any(|s| s.program == program),
            "{program} has no step in the trace"
        );
        assert!(
            report.programs().contains(&program),
            "{program} is not in the report"
        );
        assert!(doudi::programs::evaluation_order().contains(&program));
        // Every parameter it declares is in the pack, with a value for the month.
        for &param in declared.params() {
            assert!(
                PolicyPack::maojian().cite(param, month).is_some(),
                "{program} reads {param}, which the default pack does not give"
            );
        }
        assert!(
            !declared.provisions().is_empty(),
            "{program} cites no provision"
        );
    }
}

#[test]
fn every_registered_program_is_in_the_schemas_and_the_docs() {
    let determination_schema = serde_json::to_string(&doudi::determination_schema()).unwrap();
    let household_schema = serde_json::to_string(&doudi::household_schema()).unwrap();
    let root = env!("CARGO_MANIFEST_DIR");
    for &program in ProgramId::BUILT_IN {
        let wire = program.to_string();
        let quoted = format!("\"{wire}\"");
        assert!(
            determination_schema.contains(&quoted),
            "{wire} is not in the determination schema"
        );
        assert!(
            household_schema.contains(&quoted),
            "{wire} is not in the household schema"
        );
        // Its own page: module docs naming it, its Chinese name and a worked example.
        let page = std::fs::read_to_string(format!("{root}/src/programs/{wire}.rs"))
            .unwrap_or_else(|_| panic!("{wire} has no file src/programs/{wire}.rs"));
        let docs: String = page
            .lines()
            .take_while(|l| l.starts_with("//!"))
            .collect::<Vec<_>>()
            .join("\n");
        assert!(
            docs.contains(&format!("`{wire}`")),
            "{wire}'s page does not name it"
        );
        assert!(
            docs.contains(program.chinese_name()),
            "{wire}'s page does not give its name {}",
            program.chinese_name()
        );
        assert!(docs.contains("```"), "{wire}'s page has no worked example");
    }
}
