//! What would change an outcome (`Engine::evaluate_changes`): every change it states,
//! applied to the household's JSON input at the path it names, gives the outcome it
//! states; for an amount, one fen nearer today's value does not change the kind of
//! outcome; for the month, no month between changes it.

use doudi::wire::FactValue;
use doudi::{
    Changes, Engine, Household, InputFact, InputValue, Month, Outcome, PolicyPack, ProgramId,
};
use proptest::prelude::*;
use serde_json::Value;

use crate::properties::{household, month};

/// The household's JSON with the value at `path` (`members[0].incomes[1].monthly`)
/// replaced by `value`, read back.
fn apply(household: &Household, path: &str, value: Value) -> Household {
    let mut json: Value = serde_json::from_str(&household.to_json()).unwrap();
    let mut node = &mut json;
    let parts: Vec<&str> = path.split('.').collect();
    for (n, part) in parts.iter().enumerate() {
        let last = n + 1 == parts.len();
        let (name, index) = match part.split_once('[') {
            Some((name, rest)) => (
                name,
                Some(rest.trim_end_matches(']').parse::<usize>().unwrap()),
            ),
            None => (*part, None),
        };
        if last && index.is_none() {
            node.as_object_mut().unwrap().insert(name.to_owned(), value);
            break;
        }
        let object = node.as_object_mut().unwrap();
        // A self-care assessment given as activities, or not given, becomes a level.
        if name == "self_care" {
            object.insert(name.to_owned(), serde_json::json!({}));
        }
        node = object.get_mut(name).unwrap();
        if let Some(i) = index {
            node = node.get_mut(i).unwrap();
        }
    }
    Household::from_json(&json.to_string()).unwrap()
}

/// The value the change suggests, as the crate's JSON of the change gives it: applied to
/// the input as given, with no conversion by the client.
fn json_to(change: &doudi::Change) -> Value {
    serde_json::to_value(change).unwrap()["to"].clone()
}

fn outcome_of(
    engine: &Engine,
    household: &Household,
    month: Month,
    program: ProgramId,
    person: Option<&doudi::PersonId>,
) -> Option<Outcome> {
    let d = engine.evaluate(household, month).ok()?;
    d.entry(program, person).map(|e| e.outcome().clone())
}

fn same_kind(a: &Outcome, b: &Outcome) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
}

/// Checks every change of `changes` (of `household` in `month`) against the rules.
fn check(engine: &Engine, household: &Household, month: Month, changes: &Changes) {
    let d = changes.determination();
    for (entry, list) in changes.entries() {
        let person = d.person_of(entry);
        let today = entry.outcome();
        for change in list {
            let at = format!(
                "{}: {} {:?}: {change}",
                d.household(),
                entry.program(),
                person
            );
            let fact = change.fact().to_string();
            match (change.fact(), change.to()) {
                (InputFact::Month, InputValue::Month(to)) => {
                    let then = outcome_of(engine, household, to, entry.program(), person);
                    assert_eq!(then.as_ref(), Some(change.then()), "{at}");
                    let mut m = month.next();
                    while m < to {
                        let between = outcome_of(engine, household, m, entry.program(), person);
                        assert_eq!(between.as_ref(), Some(today), "{at}: {m}");
                        m = m.next();
                    }
                }
                (_, InputValue::Amount(to)) => {
                    let changed = apply(household, &fact, json_to(change));
                    let then = outcome_of(engine, &changed, month, entry.program(), person);
                    assert_eq!(then.as_ref(), Some(change.then()), "{at}");
                    assert!(!same_kind(change.then(), today), "{at}");
                    // One fen nearer today's value: today's kind of outcome.
                    let InputValue::Amount(from) = change.from() else {
                        panic!("{at}: an amount changed from {:?}", change.from());
                    };
                    let fen = doudi::Money::from_fen(1).unwrap();
                    let nearer = if to > from { to - fen } else { to + fen };
                    let short = apply(household, &fact, Value::String(nearer.to_string()));
                    let before = outcome_of(engine, &short, month, entry.program(), person);
                    assert!(
                        before.as_ref().is_some_and(|b| same_kind(b, today)),
                        "{at}: at {nearer}: {before:?}"
                    );
                }
                (_, _) => {
                    let changed = apply(household, &fact, json_to(change));
                    let then = outcome_of(engine, &changed, month, entry.program(), person);
                    assert_eq!(then.as_ref(), Some(change.then()), "{at}");
                    assert_ne!(change.then(), today, "{at}");
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn every_change_gives_its_outcome_and_one_fen_short_does_not(h in household(), m in month()) {
        let engine = Engine::new(PolicyPack::maojian());
        let Ok(changes) = engine.evaluate_changes(&h, m) else {
            // A member born after the month: no determination, no changes.
            prop_assert!(engine.evaluate(&h, m).is_err());
            return Ok(());
        };
        // The determination is the plain call's.
        prop_assert_eq!(changes.determination(), &engine.evaluate(&h, m).unwrap());
        check(&engine, &h, m, &changes);
    }
}

#[test]
fn the_changes_read_back_from_json_and_read_in_words() {
    let household = Household::from_json(
        r#"{"id": "h1", "area": "urban", "members": [
        {"id": "a", "birth_date": "1980-01-01", "sex": "male", "relation": "head",
         "incomes": [{"category": "wage", "monthly": "500.00"}]}]}"#,
    )
    .unwrap();
    let engine = Engine::new(PolicyPack::maojian());
    let month: Month = "2020-07".parse().unwrap();
    let changes = engine.evaluate_changes(&household, month).unwrap();
    check(&engine, &household, month, &changes);

    let wire: doudi::wire::Determination = doudi::from_json(&changes.to_json()).unwrap();
    let dibao = wire
        .entries
        .iter()
        .find(|e| e.program == ProgramId::Dibao)
        .unwrap();
    let first = &dibao.changes.as_ref().unwrap()[0];
    // Urban standard 620.00; the wage counts at 80%: dibao stops at 775.00.
    assert_eq!(first.fact, "members[0].incomes[0].monthly");
    assert_eq!(first.from, Some(FactValue::Text("500.00".into())));
    assert_eq!(first.to, FactValue::Text("775.00".into()));
    assert_eq!(first.then.outcome, doudi::wire::OutcomeKind::NotPaid);
    assert_eq!(first.then.amount, None);
    // Every entry carries its list when changes were asked for; the plain form has none.
    assert!(wire.entries.iter().all(|e| e.changes.is_some()));
    let plain: doudi::wire::Determination =
        doudi::from_json(&changes.determination().to_json()).unwrap();
    assert!(plain.entries.iter().all(|e| e.changes.is_none()));

    let words = changes.to_string();
    assert!(
        words.contains(
            "what would change it: members[0].incomes[0].monthly 500.00 → 775.00: not paid"
        ),
        "{words}"
    );
}

#[test]
fn a_yes_no_fact_and_a_grade_change_in_their_own_json_types() {
    // A vehicle keeps dibao away; a grade-3 physical disability keeps the nursing subsidy
    // away (grades 1–2 only). The changes say `false` and `2`, as the input writes them.
    let json = r#"{"id": "h1", "area": "urban", "non_exempt_vehicle": true, "members": [
        {"id": "a", "birth_date": "1980-01-01", "sex": "male", "relation": "head",
         "disability": {"grade": 3, "kind": "physical"}}]}"#;
    let household = Household::from_json(json).unwrap();
    let engine = Engine::new(PolicyPack::maojian());
    let month: Month = "2020-07".parse().unwrap();
    let changes = engine.evaluate_changes(&household, month).unwrap();
    check(&engine, &household, month, &changes);
    let wire: doudi::wire::Determination = doudi::from_json(&changes.to_json()).unwrap();
    let all: Vec<&doudi::wire::Change> = wire
        .entries
        .iter()
        .flat_map(|e| e.changes.iter().flatten())
        .collect();
    let vehicle = all.iter().find(|c| c.fact == "non_exempt_vehicle").unwrap();
    assert_eq!(vehicle.from, Some(FactValue::Flag(true)));
    assert_eq!(vehicle.to, FactValue::Flag(false));
    let grade = all
        .iter()
        .find(|c| c.fact == "members[0].disability.grade")
        .unwrap();
    assert_eq!(grade.from, Some(FactValue::Number(3)));
    assert_eq!(grade.to, FactValue::Number(2));
    // Put in the input as given, each is accepted.
    let text = changes.to_json();
    assert!(text.contains(r#""to":false"#), "{text}");
    assert!(text.contains(r#""to":2"#), "{text}");
}

#[test]
fn cliff_exposure_counts_households_within_the_distance() {
    // Urban 2020-07, standard 620.00, single adults; wages count at 80%.
    let single = |id: &str, wage: &str| {
        Household::from_json(&format!(
            r#"{{"id": "{id}", "area": "urban", "members": [
            {{"id": "a", "birth_date": "1980-01-01", "sex": "male", "relation": "head",
             "incomes": [{{"category": "wage", "monthly": "{wage}"}}]}}]}}"#
        ))
        .unwrap()
    };
    let households = [
        // Counts 560.00: paid 60.00; 100.00 more counts 640.00 ≥ 620.00: losing.
        single("h1", "700.00"),
        // Counts 640.00: refused; 100.00 less counts 560.00: gaining.
        single("h2", "800.00"),
        // Counts 1,520.00: refused; 100.00 less counts 1,440.00: still refused.
        single("h3", "1900.00"),
        // Counts 240.00: paid; 100.00 more counts 320.00: still paid.
        single("h4", "300.00"),
    ];
    let engine = Engine::new(PolicyPack::maojian());
    let month: Month = "2020-07".parse().unwrap();
    let e = doudi::population::exposure(&engine, &households, month, doudi::Money::from_yuan(100));
    let dibao = e
        .programs
        .iter()
        .find(|r| r.program == ProgramId::Dibao)
        .unwrap();
    assert_eq!(
        (
            dibao.receiving,
            dibao.losing,
            dibao.not_receiving,
            dibao.gaining
        ),
        (2, 1, 2, 1)
    );
    assert_eq!((e.households, e.errors), (4, 0));
    // At 10.00 nobody is that close: h1 counts 568.00, h2 632.00.
    let near =
        doudi::population::exposure(&engine, &households, month, doudi::Money::from_yuan(10));
    let dibao = near
        .programs
        .iter()
        .find(|r| r.program == ProgramId::Dibao)
        .unwrap();
    assert_eq!((dibao.losing, dibao.gaining), (0, 0));
    assert!(e.to_string().contains("within 100.00 yuan"), "{e}");
}

#[test]
fn each_change_links_to_the_trace_step_of_its_rule() {
    // Entry i of the determination is step i of the trace: a change of entry i is
    // explained by step i (its rule, the facts it read, the values it used).
    let household = Household::from_json(
        r#"{"id": "h1", "area": "rural", "members": [
        {"id": "a", "birth_date": "1956-03-10", "sex": "male", "relation": "head",
         "legal_supporter": "capable", "incomes": [{"category": "wage", "monthly": "300.00"}]},
        {"id": "b", "birth_date": "1958-06-01", "sex": "female", "relation": "spouse",
         "legal_supporter": "capable"}]}"#,
    )
    .unwrap();
    let engine = Engine::new(PolicyPack::maojian());
    let month: Month = "2020-07".parse().unwrap();
    let changes = engine.evaluate_changes(&household, month).unwrap();
    let (d, trace) = engine.evaluate_traced(&household, month).unwrap();
    assert_eq!(&d, changes.determination());
    assert_eq!(trace.steps.len(), d.entries().len());
    for ((entry, list), step) in changes.entries().zip(&trace.steps) {
        assert_eq!(step.program, entry.program());
        assert_eq!(step.person.as_ref(), d.person_of(entry));
        assert_eq!(step.rule, entry.provision());
        if entry.program() == ProgramId::Dibao {
            // 0.8 × wage / 2 reaches 450.00 at a wage of 1,125.00.
            assert!(
                list.iter().any(|c| c.to().to_string() == "1125.00"),
                "{list:?}"
            );
        }
    }
}
