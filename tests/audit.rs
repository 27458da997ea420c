//! Traces, decision records, replay, back-pay and batch digests.

use std::path::Path;
use std::sync::OnceLock;

use doudi::audit::{self, Cause, DecisionRecord, MerkleTree, ReplayStatus};
use doudi::{Engine, Fingerprint, Household, MAOJIAN_TOML, Month, PolicyPack};
use proptest::prelude::*;

use crate::properties::{household, month};

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::new(PolicyPack::maojian()))
}

fn m(text: &str) -> Month {
    text.parse().unwrap()
}

const ORPHAN: &str = r#"{"id": "h", "area": "rural", "members": [
  {"id": "g", "birth_date": "1950-01-01", "sex": "female", "relation": "head",
   "legal_supporter": "capable", "incomes": [{"category": "transfer", "monthly": "1000.00"}]},
  {"id": "c", "birth_date": "2010-01-01", "sex": "male", "relation": "grandchild",
   "legal_supporter": "none", "self_care": {"level": "full_self_care"},
   "parents": {"father": "dead", "mother": "dead"}}]}"#;

#[test]
fn a_trace_explains_every_entry_and_every_overlap() {
    let h = Household::from_json(ORPHAN).unwrap();
    let (d, trace) = engine().evaluate_traced(&h, m("2020-03")).unwrap();
    assert_eq!(trace.steps.len(), d.entries().len());
    assert_eq!(d, engine().evaluate(&h, m("2020-03")).unwrap());
    // The child's tekun (585.00 + 100.00) is withheld by the orphan allowance: overlap[1]
    // of the sorted table (tekun/orphan, minors).
    let r = trace
        .resolutions
        .iter()
        .find(|r| r.program.to_string() == "tekun")
        .unwrap();
    assert_eq!(
        (r.rule, r.before.to_string(), r.after.to_string()),
        (1, "685.00".into(), "0.00".into())
    );
    assert_eq!(r.by.to_string(), "orphan");
    let tekun = trace
        .steps
        .iter()
        .find(|s| {
            s.program.to_string() == "tekun" && s.person.as_ref().map(|p| p.as_str()) == Some("c")
        })
        .unwrap();
    assert!(
        trace
            .facts(tekun)
            .iter()
            .any(|f| f.name == "legal supporter" && f.value.to_string() == "none")
    );
    assert!(
        trace
            .values(tekun)
            .any(|v| v.param.name() == "tekun.basic_multiplier"
                && v.value.to_string() == "1.3"
                && v.provenance.status().name() == "secondary")
    );
    let text = trace.to_string();
    assert!(
        text.contains("├─ tekun for c: 685.00 withheld: orphan wins (overlap[1])"),
        "{text}"
    );
    assert!(
        text.contains("└─ overlap[1] exclusive: tekun for c 685.00 → 0.00 (against orphan)"),
        "{text}"
    );
    // Serialisable.
    assert!(
        text.contains("facts: age 10; parents father dead, mother dead; area rural"),
        "{text}"
    );
    let json = serde_json::to_value(&trace).unwrap();
    assert_eq!(json["month"], "2020-03");
    assert_eq!(json["resolutions"][0]["kind"], "exclusive");
    assert_eq!(json["resolutions"][0]["kind"], "exclusive");
}

#[test]
fn records_are_canonical_and_hash_their_content() {
    let h = Household::from_json(ORPHAN).unwrap();
    let a = DecisionRecord::new(engine(), &h, m("2020-03"), true).unwrap();
    let b = DecisionRecord::new(engine(), &h, m("2020-03"), true).unwrap();
    // The same decision always yields the same bytes.
    assert_eq!(a.to_json(), b.to_json());
    assert!(a.verify());
    let read = DecisionRecord::from_json(&a.to_json()).unwrap();
    assert_eq!(read, a);
    assert_eq!(read.to_json(), a.to_json());
    assert_eq!(read.household().unwrap(), h);
    assert_eq!(
        read.pack_fingerprint().unwrap(),
        PolicyPack::maojian().fingerprint()
    );
}

#[test]
fn replay_under_another_pack_names_the_values_that_changed() {
    let h = Household::from_json(ORPHAN).unwrap();
    let record = DecisionRecord::new(engine(), &h, m("2020-03"), false).unwrap();
    let toml = MAOJIAN_TOML.replace(
        r#"{ from = 2020-01-01, value = "1320.00""#,
        r#"{ from = 2020-01-01, value = "1400.00""#,
    );
    let other = Engine::new(PolicyPack::from_toml(&toml).unwrap());
    let report = audit::replay(&record, &other).unwrap();
    assert_eq!(report.status, ReplayStatus::Differs);
    let Some(Cause::Pack { values, .. }) = report.causes.first() else {
        panic!("{report}");
    };
    assert!(values.iter().any(|v| v.param == "orphan.scattered"
        && v.recorded.as_deref() == Some("1320.00 (from 2020-01-01)")
        && v.replayed.as_deref() == Some("1400.00 (from 2020-01-01)")));
    let orphan = report
        .differences
        .iter()
        .find(|d| d.program == "orphan")
        .unwrap();
    assert_eq!(orphan.recorded.as_deref(), Some("paid 1320.00"));
    assert_eq!(orphan.replayed.as_deref(), Some("paid 1400.00"));
}

#[test]
fn a_hash_in_capitals_is_not_the_hash() {
    let h = Household::from_json(ORPHAN).unwrap();
    let record = DecisionRecord::new(engine(), &h, m("2020-03"), false).unwrap();
    let hash = record.hash().to_string();
    let shouting = record.to_json().replace(&hash, &hash.to_uppercase());
    if hash.bytes().any(|b| b.is_ascii_alphabetic()) {
        assert!(DecisionRecord::from_json(&shouting).is_err());
    }
}

#[test]
fn unreadable_records_are_errors() {
    assert!(DecisionRecord::from_json("not json").is_err());
    assert_eq!(
        DecisionRecord::from_json(r#"{"format": "other", "hash": "00"}"#)
            .unwrap_err()
            .to_string(),
        "record hash: expected 64 hexadecimal characters"
    );
    let h = Household::from_json(ORPHAN).unwrap();
    let line = DecisionRecord::new(engine(), &h, m("2020-03"), false)
        .unwrap()
        .to_json();
    let wrong = line.replacen("doudi-decision/1", "doudi-decision/9", 1);
    assert_eq!(
        DecisionRecord::from_json(&wrong).unwrap_err().to_string(),
        r#"record format: "doudi-decision/9" is not "doudi-decision/1""#
    );
}

#[test]
fn back_pay_can_be_recoverable() {
    // Recorded without income (dibao 620.00), in fact earning 1,000.00 (counted 800.00:
    // no dibao) in 2020-07 and 2020-08: 1,240.00 to recover.
    let with = |income: &str| {
        Household::from_json(&format!(
            r#"{{"id":"h","area":"urban","members":[{{"id":"a","birth_date":"1980-01-01","sex":"male","relation":"head"{income}}}]}}"#
        ))
        .unwrap()
    };
    let back = audit::back_pay(
        engine(),
        &with(""),
        &with(r#","incomes":[{"category":"wage","monthly":"1000.00"}]"#),
        m("2020-07")..=m("2020-08"),
    )
    .unwrap();
    assert_eq!(back.total.to_string(), "-1240.00");
    assert!(
        back.to_string()
            .ends_with("total -1240.00 recoverable from the household (追缴)")
    );
}

#[test]
fn merkle_proofs_verify_every_leaf_and_nothing_else() {
    for n in 1..=17usize {
        let hashes: Vec<Fingerprint> = (0..n)
            .map(|i| format!("{i:064x}").parse().unwrap())
            .collect();
        let tree = MerkleTree::new(&hashes);
        for (i, h) in hashes.iter().enumerate() {
            let proof = tree.proof(i).unwrap();
            assert!(proof.verify(h, &tree.root()), "n={n} i={i}");
            let other: Fingerprint = format!("{:064x}", 1000 + i).parse().unwrap();
            assert!(!proof.verify(&other, &tree.root()));
            // A proof round-trips through JSON, for offline verification.
            let json = serde_json::to_string(&proof).unwrap();
            let back: audit::MerkleProof = serde_json::from_str(&json).unwrap();
            assert!(back.verify(h, &tree.root()));
        }
        assert!(tree.proof(n).is_none());
    }
}

/// The golden records: decisions of the program cases' households, committed, so that a
/// change of behaviour cannot slip in unnoticed. After an intended change, regenerate with
/// `DOUDI_UPDATE_GOLDEN=1 cargo test golden` and say so in CHANGELOG.md.
#[test]
fn golden_records_replay_identical() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/records.jsonl");
    if std::env::var_os("DOUDI_UPDATE_GOLDEN").is_some() {
        let households = [
            (ORPHAN, "2020-03"),
            (
                r#"{"id": "h2", "area": "rural", "members": [
                  {"id": "a", "birth_date": "1955-01-01", "sex": "male", "relation": "head",
                   "legal_supporter": "capable", "incomes": [{"category": "pension_basic", "monthly": "150.00"}]},
                  {"id": "b", "birth_date": "1970-01-01", "sex": "female", "relation": "spouse",
                   "disability": {"grade": 2, "kind": "physical"}, "legal_supporter": "capable"},
                  {"id": "c", "birth_date": "2010-01-01", "sex": "female", "relation": "grandchild",
                   "legal_supporter": "capable"}],
                  "enrolments": [{"program": "dibao", "since": "2019-01", "monthly_amount": "900.00"}]}"#,
                "2020-03",
            ),
            (
                r#"{"id": "h3", "area": "urban", "members": [
                  {"id": "u", "birth_date": "1975-01-01", "sex": "male", "relation": "head",
                   "incomes": [{"category": "wage", "monthly": "3000.00"}]},
                  {"id": "g", "birth_date": "1950-01-01", "sex": "female", "relation": "parent",
                   "serious_illness": true, "legal_supporter": "capable"},
                  {"id": "c", "birth_date": "2010-01-01", "sex": "male", "relation": "other",
                   "legal_supporter": "capable", "disability": {"grade": 4, "kind": "hearing"},
                   "parents": {"father": "imprisoned", "mother": "imprisoned"}}]}"#,
                "2020-03",
            ),
            (
                r#"{"id": "h4", "area": "urban", "members": [
                  {"id": "a", "birth_date": "1980-01-01", "sex": "male", "relation": "head",
                   "incomes": [{"category": "wage", "monthly": "1000.00"}]}],
                  "enrolments": [{"program": "dibao", "since": "2019-06", "monthly_amount": "300.00",
                                  "income_rose_in": "2020-01"}],
                  "events": [{"month": "2020-05", "kind": "emergency", "shortfall": "8000.00"}]}"#,
                "2020-05",
            ),
        ];
        let lines: Vec<String> = households
            .iter()
            .map(|(json, month)| {
                let h = Household::from_json(json).unwrap();
                DecisionRecord::new(engine(), &h, m(month), true)
                    .unwrap()
                    .to_json()
            })
            .collect();
        std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    }
    let text = std::fs::read_to_string(&path).expect("tests/golden/records.jsonl");
    let mut count = 0;
    for line in text.lines() {
        let record = DecisionRecord::from_json(line).unwrap();
        let report = audit::replay(&record, engine()).unwrap();
        assert_eq!(report.status, ReplayStatus::Identical, "{report}");
        count += 1;
    }
    assert_eq!(count, 4);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn every_decision_replays_identical(h in household(), mo in month()) {
        let record = DecisionRecord::new(engine(), &h, mo, false).unwrap();
        let read = DecisionRecord::from_json(&record.to_json()).unwrap();
        let report = audit::replay(&read, engine()).unwrap();
        prop_assert_eq!(report.status, ReplayStatus::Identical);
        prop_assert!(report.causes.is_empty());
    }

    #[test]
    fn flipping_any_byte_of_a_record_is_detected(h in household(), mo in month(), at in any::<prop::sample::Index>(), bit in 0u8..7) {
        let line = DecisionRecord::new(engine(), &h, mo, false).unwrap().to_json();
        let mut bytes = line.into_bytes();
        let i = at.index(bytes.len());
        bytes[i] ^= 1 << bit;
        // Unreadable (not UTF-8, not JSON, not a record, not a household), or caught by the hash.
        let verdict = String::from_utf8(bytes)
            .ok()
            .and_then(|text| DecisionRecord::from_json(&text).ok())
            .and_then(|record| audit::replay(&record, engine()).ok())
            .map(|report| report.status);
        prop_assert!(verdict != Some(ReplayStatus::Identical) && verdict != Some(ReplayStatus::Differs),
            "byte {} flipped unnoticed: {:?}", i, verdict);
    }
}
