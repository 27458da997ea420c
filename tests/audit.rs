//! Traces, decision records, replay, back-pay and batch digests.

use std::path::Path;
use std::sync::OnceLock;

use doudi::ProgramId;
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
            .any(|v| v.param.name() == "tekun.basic.rural"
                && v.value.to_string() == "1.3x"
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
        .find(|d| d.program == ProgramId::Orphan)
        .unwrap();
    assert_eq!(orphan.recorded.unwrap().to_string(), "paid 1320.00");
    assert_eq!(orphan.replayed.unwrap().to_string(), "paid 1400.00");
    assert_eq!(orphan.recorded.unwrap().paid(), "1320.00".parse().unwrap());
    // 1,400.00 − 1,320.00 owed for the month.
    assert_eq!(orphan.delta(), "80.00".parse().unwrap());
    assert_eq!(report.delta(), "80.00".parse().unwrap());
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
        "record hash: expected 64 lowercase hexadecimal characters"
    );
    let h = Household::from_json(ORPHAN).unwrap();
    let line = DecisionRecord::new(engine(), &h, m("2020-03"), false)
        .unwrap()
        .to_json();
    let wrong = line.replacen("doudi-decision/2", "doudi-decision/9", 1);
    assert_eq!(
        DecisionRecord::from_json(&wrong).unwrap_err().to_string(),
        r#"record format: "doudi-decision/9" is not "doudi-decision/2" or "doudi-decision/1""#
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
///
/// `records-v1.jsonl` holds the same decisions in the first record format, as an earlier
/// version wrote them: they must still read and replay identical.
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
    // The current records replay identical; those of format 1 were made by doudi 0.1.0,
    // before the living subsidy went to dibao recipients person by person: h3's child, not
    // covered while the grandmother is covered alone, no longer has it (withheld by the
    // de facto allowance then; not paid now).
    let path_v1 = path.with_file_name("records-v1.jsonl");
    for (path, format) in [
        (path.clone(), "doudi-decision/2"),
        (path_v1, "doudi-decision/1"),
    ] {
        let text = std::fs::read_to_string(&path).unwrap();
        let mut count = 0;
        for line in text.lines() {
            let record = DecisionRecord::from_json(line).unwrap();
            assert_eq!(record.format(), format);
            assert!(record.verify(), "{}", path.display());
            let report = audit::replay(&record, engine()).unwrap();
            if format == "doudi-decision/2" {
                assert_eq!(report.status, ReplayStatus::Identical, "{report}");
                assert!(report.causes.is_empty(), "{report}");
            } else {
                // The pack has gained values since (verification, monitoring, review):
                // the only values that changed are those the monitoring categories,
                // new too, read, and h3's (below) — none the decision used.
                let [
                    Cause::Pack { values, .. },
                    Cause::EngineVersion { recorded, replayed },
                ] = report.causes.as_slice()
                else {
                    panic!("{report}");
                };
                assert_eq!(
                    (recorded.as_str(), replayed.as_str()),
                    ("doudi 0.1.0", audit::ENGINE_VERSION)
                );
                // Format 3 renamed five parameters: the record's values under the old
                // names are no longer used, the same values under the new names are.
                let renamed = [
                    "dibao.edge_multiplier",
                    "dibao.asset_limit_months",
                    "tekun.basic_multiplier",
                    "dibao.top_up_rate",
                    "dibao.employment_deduction",
                ];
                for v in values.iter().filter(|v| v.recorded.is_some()) {
                    assert!(renamed.contains(&v.param.as_str()), "{report}");
                }
                let format_3 = [
                    "dibao.edge.",
                    "dibao.asset_limit.",
                    "tekun.basic.",
                    "dibao.top_up.",
                    "dibao.rounding",
                    "dibao.work_deduction",
                ];
                for v in values.iter().filter(|v| v.recorded.is_none()) {
                    if format_3.iter().any(|p| v.param.starts_with(p)) {
                        continue;
                    }
                    assert!(
                        [
                            "dibao.standard.urban",
                            "dibao.standard.rural",
                            "monitoring.rigid_spending_share",
                            "temporary.income_limit.urban",
                            "temporary.income_limit.rural",
                            // h3's living subsidy, decided person by person since 0.1.0.
                            "disability.living_low_income_edge",
                        ]
                        .contains(&v.param.as_str()),
                        "{report}"
                    );
                }
                let monitoring = [
                    ProgramId::LowIncomeEdgeHousehold,
                    ProgramId::RigidExpenditureHousehold,
                    ProgramId::ReturnToPovertyMonitored,
                ];
                let changed: Vec<String> = report
                    .differences
                    .iter()
                    .filter(|d| !monitoring.contains(&d.program))
                    .map(|d| format!("{} {} {:?}", report.household, d.program, d.person))
                    .collect();
                let expected: &[&str] = if report.household == "h3" {
                    &["h3 disability_living Some(\"c\")"]
                } else {
                    &[]
                };
                assert_eq!(changed, expected, "{report}");
                // h4's dibao enrolment of 2019-06, never reviewed, in 2020-05: a member of
                // 40 who can work, so reviewed every 6 months, due 2019-12 — overdue. h2's
                // of 2019-01 (no member of working age: yearly) is due 2020-01, overdue in
                // 2020-03, and its amount mismatch (paid less than computed, in a household
                // on dibao) is now a monitoring warning.
                let kinds = |list: &[doudi::Finding]| -> Vec<(String, bool)> {
                    list.iter()
                        .map(|f| (f.kind().name().to_owned(), f.is_warning()))
                        .collect()
                };
                type Kinds<'a> = &'a [(&'a str, bool)];
                let (added, removed): (Kinds<'_>, Kinds<'_>) = match report.household.as_str() {
                    "h2" => (
                        &[("amount_mismatch", true), ("review_overdue", false)],
                        &[("amount_mismatch", false)],
                    ),
                    "h4" => (&[("review_overdue", false)], &[]),
                    // g, eligible alone in a low-income-edge household: a warning.
                    "h3" => (&[("missed_coverage", true)], &[("missed_coverage", false)]),
                    _ => (&[], &[]),
                };
                let owned = |l: &[(&str, bool)]| -> Vec<(String, bool)> {
                    l.iter().map(|(k, w)| ((*k).to_owned(), *w)).collect()
                };
                assert_eq!(kinds(&report.findings_added), owned(added), "{report}");
                assert_eq!(kinds(&report.findings_removed), owned(removed), "{report}");
            }
            count += 1;
        }
        assert_eq!(count, 4, "{}", path.display());
    }
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

/// A record whose content is `edit`ed and whose hash is made again over the edited content:
/// what a producer with a bug would write (the hash matches, the content is wrong).
fn rehashed(
    line: &str,
    edit: impl FnOnce(&mut serde_json::Map<String, serde_json::Value>),
) -> String {
    let mut value: serde_json::Value = serde_json::from_str(line).unwrap();
    let content = value.as_object_mut().unwrap();
    content.remove("hash");
    edit(content);
    let canonical = canonical_json(&serde_json::Value::Object(content.clone()));
    let hash = sha256_hex(canonical.as_bytes());
    content.insert("hash".into(), hash.into());
    serde_json::to_string(&value).unwrap()
}

/// Canonical JSON as records hash it: keys sorted, no white space.
fn canonical_json(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            let parts: Vec<String> = keys
                .into_iter()
                .map(|k| {
                    format!(
                        "{}:{}",
                        serde_json::Value::String(k.clone()),
                        canonical_json(&map[k])
                    )
                })
                .collect();
            format!("{{{}}}", parts.join(","))
        }
        serde_json::Value::Array(items) => {
            let parts: Vec<String> = items.iter().map(canonical_json).collect();
            format!("[{}]", parts.join(","))
        }
        other => other.to_string(),
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    // A record's hash is SHA-256 of its canonical text.
    let digest = <sha2::Sha256 as sha2::Digest>::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

fn orphan_record() -> String {
    let h = Household::from_json(ORPHAN).unwrap();
    DecisionRecord::new(engine(), &h, m("2020-03"), false)
        .unwrap()
        .to_json()
}

#[test]
fn a_record_giving_a_key_twice_is_refused() {
    let line = orphan_record();
    let twice = line.replacen(r#""engine":"#, r#""engine":"doudi 0.0.1","engine":"#, 1);
    let err = DecisionRecord::from_json(&twice).unwrap_err();
    assert_eq!(err.to_string(), "engine: given twice");
    // Also deep inside.
    let twice = line.replacen(r#""area":"rural""#, r#""area":"rural","area":"urban""#, 1);
    let err = DecisionRecord::from_json(&twice).unwrap_err();
    assert_eq!(err.to_string(), "household.area: given twice");
}

#[test]
fn a_record_with_an_unknown_key_and_a_matching_hash_is_refused() {
    let line = rehashed(&orphan_record(), |c| {
        c.insert("note".into(), "added".into());
    });
    let record = DecisionRecord::from_json(&line).unwrap();
    assert!(record.verify());
    let err = audit::replay(&record, engine()).unwrap_err();
    assert_eq!(err.to_string(), "record note: unknown key");
}

#[test]
fn an_altered_record_is_tampered_even_when_its_content_no_longer_reads() {
    // The household's birth date made impossible: the content fails to read, but the hash
    // tells first that the record was altered.
    let line = orphan_record().replacen("1950-01-01", "1950-02-30", 1);
    let record = DecisionRecord::from_json(&line).unwrap();
    assert!(record.household().is_err());
    let report = audit::replay(&record, engine()).unwrap();
    assert_eq!(report.status, ReplayStatus::Tampered);
    assert_eq!(report.household, "h");
    assert_eq!(report.causes, [Cause::RecordAltered]);
    // A key removed, likewise.
    let line = orphan_record().replacen(r#""month":"2020-03","#, "", 1);
    assert_ne!(line, orphan_record());
    let report = audit::replay(&DecisionRecord::from_json(&line).unwrap(), engine()).unwrap();
    assert_eq!(report.status, ReplayStatus::Tampered);
}

#[test]
fn a_record_pretty_printed_by_another_tool_replays() {
    let value: serde_json::Value = serde_json::from_str(&orphan_record()).unwrap();
    let pretty = serde_json::to_string_pretty(&value).unwrap();
    assert!(pretty.lines().count() > 50);
    let input = format!("{pretty}\n{}\n", orphan_record());
    let docs: Vec<_> = doudi::json::documents(input.as_bytes()).collect();
    assert_eq!(docs.len(), 2);
    for doc in docs {
        let record = DecisionRecord::from_json(doc.text().unwrap()).unwrap();
        let report = audit::replay(&record, engine()).unwrap();
        assert_eq!(report.status, ReplayStatus::Identical, "{}", doc.position());
    }
}

#[test]
fn another_engine_version_or_pack_name_is_shown_when_every_amount_is_the_same() {
    let line = rehashed(&orphan_record(), |c| {
        c.insert("engine".into(), "doudi 0.0.9".into());
    });
    let report = audit::replay(&DecisionRecord::from_json(&line).unwrap(), engine()).unwrap();
    assert_eq!(report.status, ReplayStatus::Identical);
    assert_eq!(
        report.causes,
        [Cause::EngineVersion {
            recorded: "doudi 0.0.9".into(),
            replayed: audit::ENGINE_VERSION.into()
        }]
    );
    assert!(
        report.to_string().contains("engine doudi 0.0.9 → doudi"),
        "{report}"
    );
    // The same values under a pack of another name: a cause with both names.
    let renamed = MAOJIAN_TOML.replacen("name = \"maojian\"", "name = \"maojian-copy\"", 1);
    let other = Engine::new(PolicyPack::from_toml(&renamed).unwrap());
    let record = DecisionRecord::from_json(&orphan_record()).unwrap();
    let report = audit::replay(&record, &other).unwrap();
    assert_eq!(report.status, ReplayStatus::Identical);
    match &report.causes[..] {
        [
            Cause::Pack {
                recorded,
                replayed,
                values,
            },
        ] => {
            assert_eq!(recorded.name, "maojian");
            assert_eq!(replayed.name, "maojian-copy");
            assert!(values.is_empty());
        }
        other => panic!("{other:?}"),
    }
}

struct Grant(&'static str, i32);

impl doudi::LocalProgram for Grant {
    fn name(&self) -> doudi::LocalName {
        doudi::LocalName::from_static("grant")
    }
    fn version(&self) -> &str {
        self.0
    }
    fn provision(&self) -> &'static doudi::Provision {
        static P: doudi::Provision =
            doudi::Provision::new("city grant rules", "", doudi::Status::Verified);
        &P
    }
    fn evaluate(&self, _: &doudi::LocalPerson<'_>) -> doudi::LocalOutcome {
        doudi::LocalOutcome::paid(doudi::Money::from_yuan(self.1), "a flat grant")
    }
}

#[test]
fn replay_names_a_local_programs_change_as_the_cause() {
    let h = Household::from_json(ORPHAN).unwrap();
    let v1 = Engine::builder(PolicyPack::maojian())
        .local(Grant("2020.1", 30))
        .build()
        .unwrap();
    let record = DecisionRecord::new(&v1, &h, m("2020-03"), false).unwrap();
    assert_eq!(
        record.locals().unwrap(),
        [("local:grant".to_owned(), "2020.1".to_owned())]
    );
    assert_eq!(
        audit::replay(&record, &v1).unwrap().status,
        ReplayStatus::Identical
    );
    // A new version paying more: the difference, and its cause.
    let v2 = Engine::builder(PolicyPack::maojian())
        .local(Grant("2020.2", 40))
        .build()
        .unwrap();
    let report = audit::replay(&record, &v2).unwrap();
    assert_eq!(report.status, ReplayStatus::Differs);
    assert_eq!(
        report.causes,
        [Cause::LocalProgram {
            program: "local:grant".into(),
            recorded: Some("2020.1".into()),
            replayed: Some("2020.2".into())
        }]
    );
    // Two members, 10.00 more each.
    assert_eq!(report.delta(), "20.00".parse().unwrap());
    // Replayed without it: named as absent.
    let report = audit::replay(&record, engine()).unwrap();
    assert!(matches!(
        &report.causes[..],
        [Cause::LocalProgram { replayed: None, .. }]
    ));
}

#[test]
fn the_ledger_of_a_pack_correction_totals_the_replays_differences() {
    // The sample households, recorded for 2020-02..2020-04 under the default pack, then
    // worked out under the corrected pack (urban standard 650.00 in 2020).
    let households = crate::common::sample_households();
    let mut records = Vec::new();
    for month in ["2020-02", "2020-03", "2020-04"] {
        for h in &households {
            records.push(DecisionRecord::new(engine(), h, m(month), false).unwrap());
        }
    }
    let corrected = crate::common::example_engine("corrected.toml");
    let ledger = audit::ledger(&records, &corrected, &[]);
    let replayed: doudi::Money = records
        .iter()
        .map(|r| audit::replay(r, &corrected).unwrap().delta())
        .sum();
    assert_eq!(ledger.total, replayed);
    assert!(ledger.owed > doudi::Money::ZERO);
    assert_eq!(ledger.total, ledger.owed - ledger.recoverable);
    assert_eq!(ledger.records, records.len() as u64);
    assert!(ledger.errors.is_empty());
    let by_household: doudi::Money = ledger.by_household().values().copied().sum();
    assert_eq!(by_household, ledger.total);
    // Under the pack as it was, nothing is owed.
    let same = audit::ledger(&records, engine(), &[]);
    assert!(same.lines.is_empty());
    assert_eq!(same.total, doudi::Money::ZERO);
    let csv = ledger.to_csv();
    assert!(csv.starts_with("household,month,program,person,recorded,corrected,delta\n"));
    assert_eq!(csv.lines().count(), ledger.lines.len() + 1);
}

#[test]
fn the_ledger_of_corrected_facts_and_a_tampered_record() {
    // Recorded: wages 1,000.00 count 800.00 ≥ 620.00, no dibao. Corrected: wages 500.00
    // count 400.00, dibao (620.00 − 400.00) × 1 = 220.00 a month, owed for 2020-07 and -08.
    let with = |wage: &str| {
        Household::from_json(&format!(
            r#"{{"id": "h1", "area": "urban", "members": [
            {{"id": "a", "birth_date": "1980-01-01", "sex": "male", "relation": "head",
             "incomes": [{{"category": "wage", "monthly": "{wage}"}}]}}]}}"#
        ))
        .unwrap()
    };
    let records: Vec<DecisionRecord> = ["2020-07", "2020-08"]
        .iter()
        .map(|month| DecisionRecord::new(engine(), &with("1000.00"), m(month), false).unwrap())
        .collect();
    let ledger = audit::ledger(&records, engine(), &[with("500.00")]);
    assert_eq!(ledger.corrected_facts, 2);
    assert_eq!(ledger.lines.len(), 2);
    assert!(ledger.lines.iter().all(|l| l.program == ProgramId::Dibao
        && l.recorded == doudi::Money::ZERO
        && l.corrected == doudi::Money::from_yuan(220)));
    assert_eq!(ledger.owed, doudi::Money::from_yuan(440));

    // A record altered after it was made is not used, and is counted.
    let altered = records[0].to_json().replace("1000.00", "100.00");
    let altered = DecisionRecord::from_json(&altered).unwrap();
    let ledger = audit::ledger([&altered, &records[1]], engine(), &[with("500.00")]);
    assert_eq!(ledger.records, 2);
    assert_eq!(ledger.errors.len(), 1);
    assert_eq!(ledger.errors[0].position, 0);
    assert_eq!(ledger.owed, doudi::Money::from_yuan(220));
}

#[test]
fn a_record_whose_pack_label_does_not_belong_to_its_fingerprint_is_tampered() {
    // The pack's name and version changed, the hash made again, the fingerprint left: the
    // fingerprint covers the name and version, so the record cannot be true.
    for (field, value) in [("name", "zhuxi"), ("version", "2099.1")] {
        let line = rehashed(&orphan_record(), |c| {
            let pack = c.get_mut("pack").unwrap().as_object_mut().unwrap();
            pack.insert(field.into(), value.into());
        });
        let record = DecisionRecord::from_json(&line).unwrap();
        assert!(record.verify());
        let report = audit::replay(&record, engine()).unwrap();
        assert_eq!(report.status, ReplayStatus::Tampered, "{field}");
        assert!(
            matches!(&report.causes[..], [Cause::PackLabelAltered { .. }]),
            "{field}: {:?}",
            report.causes
        );
        assert!(
            report
                .to_string()
                .contains("but its fingerprint is that of pack maojian"),
            "{report}"
        );
    }
    // The record as made replays identical.
    let record = DecisionRecord::from_json(&orphan_record()).unwrap();
    let report = audit::replay(&record, engine()).unwrap();
    assert_eq!(report.status, ReplayStatus::Identical);
}
