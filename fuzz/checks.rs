//! The checks behind the fuzz targets, shared with the stable regression test
//! (`tests/fuzz_regressions.rs`), which replays every seed and every saved crash.
//!
//! Each check asserts more than "no panic" where it can: round trips, determinism, replay
//! identity, reconciled counts.

use std::sync::OnceLock;

use doudi::audit::{self, DecisionRecord, ReplayStatus};
use doudi::{Engine, Household, Month, PolicyPack, population};

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::new(PolicyPack::maojian()))
}

fn months() -> [Month; 3] {
    [
        Month::new(2019, 12).unwrap_or_else(|_| unreachable!()),
        Month::new(2020, 3).unwrap_or_else(|_| unreachable!()),
        Month::new(2021, 10).unwrap_or_else(|_| unreachable!()),
    ]
}

/// Household JSON: read, round-trip, evaluate deterministically, replay identical.
pub fn household(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(household) = Household::from_json(text) else {
        return;
    };
    let again = Household::from_json(&household.to_json())
        .expect("a valid household survives its own JSON");
    assert_eq!(again, household, "JSON round trip changed the household");
    for month in months() {
        match engine().evaluate(&household, month) {
            Ok(d) => {
                let second = engine()
                    .evaluate(&again, month)
                    .expect("the same household evaluates twice");
                assert_eq!(
                    d.to_json(),
                    second.to_json(),
                    "evaluation is not deterministic"
                );
                for (_, amount) in d.payments() {
                    assert!(!amount.is_negative(), "negative payment");
                }
                let record = DecisionRecord::of(engine(), &household, &d, None);
                let read =
                    DecisionRecord::from_json(&record.to_json()).expect("a record reads back");
                let report = audit::replay(&read, engine()).expect("a record replays");
                assert_eq!(report.status, ReplayStatus::Identical, "{report}");
            }
            Err(e) => {
                // Only a member born after the month may stop an evaluation in the pack.
                assert!(
                    e.to_string().contains("is after the evaluated month"),
                    "{e}"
                );
            }
        }
    }
}

/// Pack TOML: load, fingerprint stable, evaluate a fixed household in the pack's months.
pub fn pack(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(pack) = PolicyPack::from_toml(text) else {
        return;
    };
    let again = PolicyPack::from_toml(text).expect("a pack loads twice");
    assert_eq!(
        pack.fingerprint(),
        again.fingerprint(),
        "fingerprint not stable"
    );
    let household = Household::from_json(
        r#"{"id": "h", "area": "rural", "registered_poor": true, "members": [
          {"id": "a", "birth_date": "1900-01-01", "sex": "male", "relation": "head",
           "legal_supporter": "none", "self_care": {"level": "partly_dependent"},
           "disability": {"grade": 1, "kind": "mental"}},
          {"id": "b", "birth_date": "1900-02-01", "sex": "female", "relation": "spouse",
           "incomes": [{"category": "wage", "monthly": "300.00"}]}],
          "events": [{"month": "2020-03", "kind": "expenditure", "shortfall": "900.00"}]}"#,
    )
    .expect("the fixed household is valid");
    let engine = Engine::new(pack);
    let (first, last) = (engine.pack().first_month(), engine.pack().last_month());
    for month in [first, last] {
        let d = engine
            .evaluate(&household, month)
            .expect("a loaded pack answers in its months");
        for (_, amount) in d.payments() {
            assert!(!amount.is_negative(), "negative payment");
        }
    }
}

/// Decision records: read and replay. A record whose hash does not match must replay
/// tampered; one whose hash matches (only an untouched record can) must replay identical
/// unless a cause (another pack or engine version) explains the difference.
pub fn record(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(record) = DecisionRecord::from_json(text) else {
        return;
    };
    let Ok(report) = audit::replay(&record, engine()) else {
        return;
    };
    if !record.verify() {
        assert_eq!(report.status, ReplayStatus::Tampered, "{report}");
    } else if report.causes.is_empty() {
        assert_eq!(report.status, ReplayStatus::Identical, "{report}");
    }
}

/// A batch of JSON documents as the library reads it, from any bytes: every line is blank
/// or belongs to exactly one document, the documents come in order and do not overlap, each
/// reads or fails on its own, and the batch report's counts reconcile.
pub fn jsonl(data: &[u8]) {
    let mut documents = doudi::json::documents(data);
    let docs: Vec<doudi::json::Document> = documents.by_ref().take(64).collect();
    let complete = docs.len() < 64;
    let mut next_line = 1;
    let mut covered = 0;
    for doc in &docs {
        let lines = doc.lines();
        assert!(*lines.start() >= next_line, "documents overlap or go back");
        assert!(
            lines.start() <= lines.end(),
            "a document ends before it starts"
        );
        covered += lines.end() - lines.start() + 1;
        next_line = lines.end() + 1;
        if let Ok(text) = doc.text() {
            // Blank, to the reader, is ASCII white space only (a vertical tab or a
            // no-break space is not blank, and the line is a document that fails).
            assert!(
                !text.bytes().all(|b| b.is_ascii_whitespace()),
                "a blank document"
            );
            assert!(
                text.len() <= doudi::json::MAX_DOCUMENT_BYTES,
                "a document too long"
            );
        }
    }
    if complete {
        assert_eq!(
            covered + documents.blank_lines(),
            documents.lines_read(),
            "a line is neither blank nor in a document"
        );
    }
    let month = months()[1];
    let report = population::report(
        engine(),
        docs.iter().map(|d| d.parse::<Household>()),
        month..=month,
    );
    assert!(report.reconciles(), "{report}");
    assert_eq!(report.counts().0, docs.len() as u64);
}

/// An overlap table made from bytes: each rule a few bytes over a small set of programs,
/// kinds, winners and conditions, in place of the default pack's own table. A table that loads must
/// give every household a consistent answer: every program that withheld another pays the
/// person. A table refused must be refused with a message naming a rule.
pub fn overlap(data: &[u8]) {
    const PROGRAMS: [&str; 8] = [
        "dibao",
        "tekun",
        "orphan",
        "de_facto_orphan",
        "disability_living",
        "disability_nursing",
        "poverty_backstop",
        "price_subsidy",
    ];
    const KINDS: [&str; 4] = ["exclusive", "take_higher", "top_up", "stack"];
    let mut rows = String::new();
    for chunk in data.chunks(4).take(24) {
        let [a, b, k, w] = [0, 1, 2, 3].map(|i| chunk.get(i).copied().unwrap_or(0));
        let a = PROGRAMS[usize::from(a) % PROGRAMS.len()];
        let b = PROGRAMS[usize::from(b) % PROGRAMS.len()];
        let kind = KINDS[usize::from(k) % KINDS.len()];
        rows.push_str(&format!(
            "\n[[overlap]]\na = \"{a}\"\nb = \"{b}\"\nkind = \"{kind}\"\n"
        ));
        if kind == "exclusive" {
            rows.push_str(&format!(
                "winner = \"{}\"\n",
                if w % 2 == 0 { a } else { b }
            ));
            if w % 3 == 0 {
                rows.push_str("condition = \"minor\"\n");
            }
        }
        rows.push_str("source = \"local\"\nstatus = \"illustrative\"\n");
    }
    // The default pack's values with the table made from the bytes instead of its own.
    let values = doudi::MAOJIAN_TOML
        .split("\n[[overlap]]")
        .next()
        .unwrap_or(doudi::MAOJIAN_TOML);
    let toml = format!("{values}{rows}");
    let pack = match PolicyPack::from_toml(&toml) {
        Ok(pack) => pack,
        Err(e) => {
            let message = e.to_string();
            assert!(message.starts_with("pack overlap["), "{message}");
            return;
        }
    };
    let engine = Engine::new(pack);
    let households = [
        r#"{"id": "h", "area": "urban", "members": [
          {"id": "a", "birth_date": "1950-01-01", "sex": "male", "relation": "head",
           "legal_supporter": "none", "self_care": {"level": "full_self_care"},
           "disability": {"grade": 1, "kind": "physical"}},
          {"id": "c", "birth_date": "2012-01-01", "sex": "female", "relation": "grandchild",
           "legal_supporter": "none", "self_care": {"level": "full_self_care"},
           "disability": {"grade": 2, "kind": "intellectual"},
           "parents": {"father": "dead", "mother": "imprisoned"}}]}"#,
        r#"{"id": "h", "area": "rural", "registered_poor": true, "members": [
          {"id": "a", "birth_date": "1940-01-01", "sex": "female", "relation": "head",
           "legal_supporter": "incapable", "self_care": {"level": "partly_dependent"},
           "disability": {"grade": 2, "kind": "mental"}},
          {"id": "b", "birth_date": "2009-01-01", "sex": "male", "relation": "grandchild",
           "legal_supporter": "none", "self_care": {"level": "full_self_care"},
           "parents": {"father": "dead", "mother": "dead"}}]}"#,
    ];
    for json in households {
        let household = Household::from_json(json).expect("the fixed households are valid");
        for month in [months()[1], months()[2]] {
            let d = match engine.evaluate(&household, month) {
                Ok(d) => d,
                Err(e) => {
                    // A table that gives a household no consistent answer says so.
                    assert!(e.to_string().contains("no consistent answer"), "{e}");
                    continue;
                }
            };
            for e in d.entries() {
                if let doudi::Outcome::Withheld {
                    by: doudi::Party::Program(winner),
                    ..
                } = e.outcome()
                {
                    let paid = d
                        .entry(*winner, e.person())
                        .and_then(|w| w.paid())
                        .is_some()
                        || d.entry(*winner, None).and_then(|w| w.paid()).is_some();
                    assert!(
                        paid,
                        "{} withheld by {winner}, which pays nothing\n{d}",
                        e.program()
                    );
                }
            }
        }
    }
}

/// Input tables made from bytes: sections separated by a blank line, each a table's name,
/// a header row and rows of comma-separated text cells (an empty cell is null). Whatever
/// they hold, a run either refuses a table whose columns do not fit it, or evaluates every
/// household named in `households` or records it as an error: the report reconciles, no
/// household is lost, and the results read back.
#[cfg(feature = "arrow")]
pub fn tables(data: &[u8]) {
    use std::collections::BTreeSet;
    use std::sync::Arc;

    use doudi::tables::arrow_array::{ArrayRef, RecordBatch, StringArray};
    use doudi::tables::arrow_schema::{DataType, Field, Schema};
    use doudi::tables::{self, Options, Table, Tables};
    use unicode_normalization::UnicodeNormalization as _;

    let text = String::from_utf8_lossy(data);
    let mut input = Tables::new();
    let mut keys = BTreeSet::new();
    for section in text.split("\n\n").take(12) {
        let mut lines = section.lines();
        let Some(table) = lines
            .next()
            .and_then(|name| Table::INPUTS.into_iter().find(|t| t.name() == name.trim()))
        else {
            continue;
        };
        let Some(header) = lines.next() else {
            continue;
        };
        let names: Vec<&str> = header.split(',').take(32).collect();
        let rows: Vec<Vec<&str>> = lines.take(64).map(|l| l.split(',').collect()).collect();
        fn cell<'a>(row: &[&'a str], c: usize) -> Option<&'a str> {
            row.get(c).copied().filter(|s| !s.is_empty())
        }
        let columns: Vec<ArrayRef> = (0..names.len())
            .map(|c| {
                let cells: Vec<Option<&str>> = rows.iter().map(|r| cell(r, c)).collect();
                Arc::new(StringArray::from(cells)) as ArrayRef
            })
            .collect();
        let fields: Vec<Field> = names
            .iter()
            .map(|n| Field::new(*n, DataType::Utf8, true))
            .collect();
        let Ok(batch) = RecordBatch::try_new(Arc::new(Schema::new(fields)), columns) else {
            continue;
        };
        if table == Table::Households {
            if let Some(c) = names.iter().position(|n| *n == "household_id") {
                keys.extend(
                    rows.iter()
                        .filter_map(|r| cell(r, c))
                        .map(|k| k.nfc().collect::<String>()),
                );
            }
        }
        // An output table or a batch refused whole: the run below says what it lacks.
        let _ = input.push(table, batch);
    }
    let month = months()[1];
    let Ok(out) = tables::evaluate(engine(), &input, month..=month, &Options::default()) else {
        // Refused whole (a required table missing, a column that does not fit): nothing is
        // evaluated, and the caller is told.
        return;
    };
    assert!(out.report.reconciles(), "{}", out.report);
    assert!(
        out.report.counts().0 >= keys.len() as u64,
        "{} households read of {} named",
        out.report.counts().0,
        keys.len()
    );
    tables::read_results(&out.results).expect("the results read back");
}
