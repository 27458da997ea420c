//! Tables in and out (feature `arrow`): round trips, totals that agree with the JSON path,
//! and bad tables refused with the table, row, column and value named.

use std::collections::BTreeMap;
use std::sync::Arc;

use doudi::population::{self, DistrictConfig};
use doudi::tables::arrow_array::{ArrayRef, Float64Array, RecordBatch, StringArray};
use doudi::tables::arrow_schema::{DataType, Field, Schema};
use doudi::tables::{self, Format, Options, Table, Tables};
use doudi::{Engine, Error, Household, Money, Month, PolicyPack, Problem, ProgramId};

fn month(text: &str) -> Month {
    text.parse().unwrap()
}

fn sorted(mut households: Vec<Household>) -> Vec<Household> {
    households.sort_by(|a, b| a.id().as_str().cmp(b.id().as_str()));
    households
}

fn district(persons: usize) -> Vec<Household> {
    DistrictConfig::default()
        .persons(persons)
        .seed(11)
        .generate()
}

fn read_all(tables: &Tables) -> Vec<Result<Household, Error>> {
    tables.households().unwrap().collect()
}

#[test]
fn households_survive_the_tables_in_memory_and_on_disk() {
    let mut households = crate::common::sample_households();
    households.extend(district(6_000));
    let tables = Tables::from_households(&households);
    let back: Vec<Household> = read_all(&tables).into_iter().map(Result::unwrap).collect();
    let expected = sorted(households);
    assert_eq!(back.len(), expected.len());
    assert_eq!(back, expected);

    for format in [Format::Parquet, Format::Csv] {
        let dir = tempdir(&format!("round-trip-{}", format.extension()));
        tables::write_dir(&tables, &dir, format).unwrap();
        let read = tables::read_dir(&dir).unwrap();
        let again: Vec<Household> = read_all(&read).into_iter().map(Result::unwrap).collect();
        assert_eq!(again, expected, "{format:?}");
        // The JSON of each household is the same too.
        for (a, b) in again.iter().zip(&expected) {
            assert_eq!(a.to_json(), b.to_json());
        }
    }
}

fn tempdir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("doudi-tables-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Per program and month: (households, persons-or-entries, amount) from `results`.
fn totals_of(rows: &[tables::ResultRow]) -> BTreeMap<(Month, ProgramId), (usize, Money)> {
    let mut out: BTreeMap<(Month, ProgramId), (std::collections::BTreeSet<String>, Money)> =
        BTreeMap::new();
    for r in rows {
        if !matches!(
            r.outcome,
            doudi::wire::OutcomeKind::Paid | doudi::wire::OutcomeKind::Holds
        ) {
            continue;
        }
        let cell = out
            .entry((r.month, r.program))
            .or_insert_with(|| (Default::default(), Money::ZERO));
        cell.0.insert(r.household.to_string());
        if r.outcome == doudi::wire::OutcomeKind::Paid {
            cell.1 += r.amount.unwrap();
        }
    }
    out.into_iter()
        .map(|(k, (hs, amount))| (k, (hs.len(), amount)))
        .collect()
}

#[test]
fn totals_agree_with_the_district_report_and_the_results_reconcile() {
    let households = district(20_000);
    let engine = Engine::new(PolicyPack::maojian());
    let months = month("2020-02")..=month("2020-04");
    let expected = population::report(&engine, households.iter().map(Ok), months.clone());

    let tables = Tables::from_households(&households);
    for threads in [1, 2, 3] {
        let out = tables::evaluate(
            &engine,
            &tables,
            months.clone(),
            &Options::default().threads(threads),
        )
        .unwrap();
        let report = &out.report;
        assert!(report.reconciles());
        assert_eq!(report.counts(), expected.counts());
        assert_eq!(report.total_paid(), expected.total_paid());
        for &program in ProgramId::BUILT_IN {
            assert_eq!(report.range(program), expected.range(program), "{program}");
            for m in months.start().through(*months.end()) {
                assert_eq!(report.month(m, program), expected.month(m, program));
            }
        }
        for &kind in doudi::FindingKind::ALL {
            assert_eq!(report.finding_count(kind), expected.finding_count(kind));
        }
        // The results table holds exactly what the report counts.
        let rows = tables::read_results(&out.results).unwrap();
        let totals = totals_of(&rows);
        for m in months.start().through(*months.end()) {
            for &program in ProgramId::BUILT_IN {
                let tally = expected.month(m, program);
                let (households, amount) = totals
                    .get(&(m, program))
                    .copied()
                    .unwrap_or((0, Money::ZERO));
                assert_eq!(households as u64, tally.households, "{m} {program}");
                assert_eq!(amount, tally.amount, "{m} {program}");
            }
        }
        // Findings: one row per finding counted.
        let findings: usize = out.findings.iter().map(RecordBatch::num_rows).sum();
        let counted: u64 = doudi::FindingKind::ALL
            .iter()
            .map(|k| expected.finding_count(*k))
            .sum();
        assert_eq!(findings as u64, counted);
    }
}

#[test]
fn results_hold_the_compact_entries_and_every_entry_on_request() {
    let households = crate::common::sample_households();
    let engine = Engine::new(PolicyPack::maojian());
    let m = month("2020-03");
    let tables = Tables::from_households(&households);
    let out = tables::evaluate(&engine, &tables, m..=m, &Options::default()).unwrap();
    let rows = tables::read_results(&out.results).unwrap();
    let every = tables::evaluate(
        &engine,
        &tables,
        m..=m,
        &Options::default().every_entry(true).explanations(true),
    )
    .unwrap();
    let every_rows = tables::read_results(&every.results).unwrap();

    for h in sorted(households) {
        let d = engine.evaluate(&h, m).unwrap();
        let compact: doudi::wire::Compact = doudi::from_json(&d.to_compact_json()).unwrap();
        let mine: Vec<_> = rows.iter().filter(|r| r.household == *h.id()).collect();
        assert_eq!(mine.len(), compact.entries.len(), "{}", h.id());
        for (row, entry) in mine.iter().zip(&compact.entries) {
            assert_eq!(row.program, entry.program);
            assert_eq!(row.person, entry.person);
            assert_eq!(row.outcome, entry.outcome);
            assert_eq!(row.amount, entry.amount);
            assert_eq!(row.reason, entry.reason.code());
            assert_eq!(row.explanation, None);
        }
        let all: Vec<_> = every_rows
            .iter()
            .filter(|r| r.household == *h.id())
            .collect();
        assert_eq!(all.len(), d.entries().len());
        for (row, entry) in all.iter().zip(d.entries()) {
            assert_eq!(row.program, entry.program());
            assert_eq!(
                row.explanation.as_deref(),
                Some(entry.reason().to_string().as_str())
            );
        }
    }
}

#[test]
fn a_reasons_figures_are_its_numbers() {
    // h1: one urban member with wages of 500.00: 80% counts, 400.00 per capita, against
    // the 2020 standard 620.00; dibao pays 620.00 − 400.00 = 220.00 (eligible, so no
    // low-income-edge household). h2: transfers of 700.00, not below 620.00, below the
    // edge 1.5 × 620.00 = 930.00: the register of low-income-edge households holds.
    let h1 = Household::from_json(
        r#"{"id": "h1", "area": "urban", "members": [
        {"id": "a", "birth_date": "1980-01-01", "sex": "male", "relation": "head",
         "incomes": [{"category": "wage", "monthly": "500.00"}]}]}"#,
    )
    .unwrap();
    let h2 = Household::from_json(
        r#"{"id": "h2", "area": "urban", "members": [
        {"id": "b", "birth_date": "1950-01-01", "sex": "female", "relation": "head",
         "incomes": [{"category": "transfer", "monthly": "700.00"}]}]}"#,
    )
    .unwrap();
    let engine = Engine::new(PolicyPack::maojian());
    let m = month("2020-07");
    let out = tables::evaluate(
        &engine,
        &Tables::from_households([&h1, &h2]),
        m..=m,
        &Options::default(),
    )
    .unwrap();
    let rows = tables::read_results(&out.results).unwrap();
    assert_eq!(rows.len(), 2);
    let r = &rows[0];
    assert_eq!(r.household.as_str(), "h1");
    assert_eq!(r.reason, "dibao_amount");
    assert_eq!(r.amount, Some("220.00".parse().unwrap()));
    assert_eq!(r.figure, Some("400".parse().unwrap()));
    assert_eq!(r.threshold, Some("620".parse().unwrap()));
    assert_eq!(r.person, None);
    let r = &rows[1];
    assert_eq!(r.household.as_str(), "h2");
    assert_eq!(r.program, ProgramId::LowIncomeEdgeHousehold);
    assert_eq!(r.reason, "edge_income");
    assert_eq!(r.figure, Some("700".parse().unwrap()));
    assert_eq!(r.threshold, Some("930".parse().unwrap()));
}

/// A batch of `table` with the given columns, all text.
pub(crate) fn text_batch(columns: &[(&str, Vec<Option<&str>>)]) -> RecordBatch {
    let fields: Vec<Field> = columns
        .iter()
        .map(|(name, _)| Field::new(*name, DataType::Utf8, true))
        .collect();
    let arrays: Vec<ArrayRef> = columns
        .iter()
        .map(|(_, values)| Arc::new(StringArray::from(values.clone())) as ArrayRef)
        .collect();
    RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays).unwrap()
}

fn small(households: Vec<Option<&str>>, persons: RecordBatch) -> Tables {
    let n = households.len();
    let mut t = Tables::new();
    t.push(
        Table::Households,
        text_batch(&[
            ("household_id", households),
            ("area", vec![Some("urban"); n]),
        ]),
    )
    .unwrap();
    t.push(Table::Persons, persons).unwrap();
    t
}

fn persons(rows: &[[Option<&str>; 6]]) -> RecordBatch {
    let col = |i: usize| rows.iter().map(|r| r[i]).collect::<Vec<_>>();
    text_batch(&[
        ("household_id", col(0)),
        ("person_id", col(1)),
        ("birth_date", col(2)),
        ("sex", col(3)),
        ("relation", col(4)),
        ("id_number", col(5)),
    ])
}

fn table_error(
    e: &Error,
) -> (
    &'static str,
    Option<u64>,
    Option<&str>,
    Option<&str>,
    &Problem,
) {
    match e {
        Error::Table(t) => (
            t.table,
            t.row,
            t.column.as_deref(),
            t.value.as_deref(),
            &t.problem,
        ),
        other => panic!("not a table error: {other}"),
    }
}

#[test]
fn bad_rows_become_errors_naming_table_row_column_and_value() {
    let t = small(
        vec![Some("h1"), Some("h2"), Some("h3"), Some("h4")],
        persons(&[
            [
                Some("h1"),
                Some("a"),
                Some("1980-13-01"),
                Some("male"),
                Some("head"),
                None,
            ],
            [
                Some("h2"),
                Some("b"),
                Some("1980-01-01"),
                Some("male"),
                Some("head"),
                None,
            ],
            [
                Some("h2"),
                Some("b"),
                Some("1981-01-01"),
                Some("female"),
                Some("spouse"),
                None,
            ],
            [
                Some("h3"),
                Some("c"),
                Some("1990-01-01"),
                Some("female"),
                Some("head"),
                Some("420302199001010015"),
            ],
            [
                Some("h4"),
                Some("d"),
                Some("1990-01-01"),
                Some("male"),
                Some("head"),
                None,
            ],
            [
                Some("h9"),
                Some("e"),
                Some("1990-01-01"),
                Some("male"),
                Some("head"),
                None,
            ],
            [
                None,
                Some("f"),
                Some("1990-01-01"),
                Some("male"),
                Some("head"),
                None,
            ],
        ]),
    );
    let read = read_all(&t);
    // h1, h2, h3 fail; h4 is read; h9 has no households row; the null row is its own error.
    assert_eq!(read.len(), 6);
    let e = read[5].as_ref().unwrap_err();
    assert_eq!(e.to_string(), "persons row 7, column household_id: missing");
    let e = read[0].as_ref().unwrap_err();
    assert_eq!(
        table_error(e),
        (
            "persons",
            Some(1),
            Some("birth_date"),
            Some("1980-13-01"),
            &Problem::BadDate {
                text: "1980-13-01".into()
            }
        )
    );
    let e = read[1].as_ref().unwrap_err();
    assert_eq!(
        e.to_string(),
        "persons row 3, column person_id: person \"b\" is already given on row 2"
    );
    // The ID number's sex digit (1, odd) says male; the row says female. The value is
    // masked.
    let e = read[2].as_ref().unwrap_err();
    let (table, row, column, value, _) = table_error(e);
    assert_eq!(
        (table, row, column),
        ("persons", Some(4), Some("id_number"))
    );
    assert_eq!(value, Some("420302********0015"));
    assert!(read[3].is_ok());
    let e = read[4].as_ref().unwrap_err();
    assert_eq!(
        e.to_string(),
        "persons row 6, column household_id: the household has rows here but no row in the households table"
    );
}

#[test]
fn a_row_order_does_not_change_the_households() {
    // The same rows, shuffled: the tables are sorted in memory and read the same.
    let households = district(3_000);
    let tables = Tables::from_households(&households);
    let mut shuffled = Tables::new();
    for table in Table::INPUTS {
        for batch in tables.batches(table) {
            let n = batch.num_rows() as u32;
            // Reversed order: the worst case for the sort, and every household's rows too.
            let indices =
                doudi::tables::arrow_array::UInt32Array::from((0..n).rev().collect::<Vec<u32>>());
            let reversed = arrow_select_take(batch, &indices);
            shuffled.push(table, reversed).unwrap();
        }
    }
    let a: Vec<Household> = read_all(&tables).into_iter().map(Result::unwrap).collect();
    let b: Vec<Household> = read_all(&shuffled)
        .into_iter()
        .map(Result::unwrap)
        .collect();
    // Members and their items come in the order of their rows, here reversed: compare
    // them as sets, and the evaluations, which do not depend on the order.
    assert_eq!(a.len(), b.len());
    let engine = Engine::new(PolicyPack::maojian());
    let m = month("2020-03");
    let facts = |h: &Household| {
        let mut members: Vec<(String, Vec<String>)> = h
            .members()
            .iter()
            .map(|p| {
                let mut items: Vec<String> = p.incomes().iter().map(|i| format!("{i:?}")).collect();
                items.sort();
                (p.id().to_string(), items)
            })
            .collect();
        members.sort();
        members
    };
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x.id(), y.id());
        assert_eq!(facts(x), facts(y));
        let (dx, dy) = (
            engine.evaluate(x, m).unwrap(),
            engine.evaluate(y, m).unwrap(),
        );
        assert_eq!(dx.total_monthly(), dy.total_monthly());
        assert_eq!(dx.total_one_off(), dy.total_one_off());
    }
}

#[test]
fn batches_pushed_after_written_tables_are_read_in_household_order() {
    // Tables written from households are known to be in order; batches pushed after them
    // keep that order or break it, and either way the households read back in order.
    let households = sorted(district(2_000));
    let (low, high) = households.split_at(households.len() / 2);
    for (first, then) in [(low, high), (high, low)] {
        let mut tables = Tables::from_households(first);
        let more = Tables::from_households(then);
        for table in Table::INPUTS {
            for batch in more.batches(table) {
                tables.push(table, batch.clone()).unwrap();
            }
        }
        let read: Vec<Household> = read_all(&tables).into_iter().map(Result::unwrap).collect();
        assert_eq!(read, households);
    }
}

fn arrow_select_take(
    batch: &RecordBatch,
    indices: &doudi::tables::arrow_array::UInt32Array,
) -> RecordBatch {
    doudi::tables::arrow_select::take::take_record_batch(batch, indices).unwrap()
}

#[test]
fn bad_columns_stop_the_table_with_the_column_named() {
    let good = persons(&[[
        Some("h1"),
        Some("a"),
        Some("1980-01-01"),
        Some("male"),
        Some("head"),
        None,
    ]]);
    // A money column of binary floating point.
    let mut fields: Vec<Field> = good
        .schema()
        .fields()
        .iter()
        .map(|f| (**f).clone())
        .collect();
    fields.push(Field::new("rigid_spending", DataType::Float64, true));
    let mut columns = good.columns().to_vec();
    columns.push(Arc::new(Float64Array::from(vec![12.5])));
    let floats = RecordBatch::try_new(Arc::new(Schema::new(fields)), columns).unwrap();
    let err = small(vec![Some("h1")], floats).households().unwrap_err();
    let (table, row, column, _, problem) = table_error(&err);
    assert_eq!(
        (table, row, column),
        ("persons", None, Some("rigid_spending"))
    );
    assert!(matches!(problem, Problem::ColumnType { found, .. } if found == "Float64"));

    // A required column missing.
    let missing = text_batch(&[
        ("household_id", vec![Some("h1")]),
        ("person_id", vec![Some("a")]),
        ("sex", vec![Some("male")]),
        ("relation", vec![Some("head")]),
    ]);
    let err = small(vec![Some("h1")], missing).households().unwrap_err();
    assert_eq!(
        err.to_string(),
        "persons, column birth_date: the column is missing"
    );

    // A misspelt optional column.
    let misspelt = text_batch(&[
        ("household_id", vec![Some("h1")]),
        ("person_id", vec![Some("a")]),
        ("birth_date", vec![Some("1980-01-01")]),
        ("sex", vec![Some("male")]),
        ("relation", vec![Some("head")]),
        ("seriousillness", vec![Some("true")]),
    ]);
    let err = small(vec![Some("h1")], misspelt).households().unwrap_err();
    assert_eq!(
        err.to_string(),
        "persons, column seriousillness: the table has no such column (select only the columns it has)"
    );
}

#[test]
fn a_birth_after_the_month_names_the_persons_row() {
    let h = Household::from_json(
        r#"{"id": "h1", "area": "urban", "members": [
        {"id": "a", "birth_date": "1980-01-01", "sex": "male", "relation": "head"},
        {"id": "b", "birth_date": "2020-05-20", "sex": "female", "relation": "child"}]}"#,
    )
    .unwrap();
    let engine = Engine::new(PolicyPack::maojian());
    let out = tables::evaluate(
        &engine,
        &Tables::from_households([&h]),
        month("2020-04")..=month("2020-05"),
        &Options::default(),
    )
    .unwrap();
    // April fails (b is not yet born), May is evaluated.
    let errors = out.report.errors();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].month(), Some(month("2020-04")));
    assert_eq!(
        errors[0].error().to_string(),
        "persons row 2, column birth_date: 2020-05-20 is after the evaluated month 2020-04"
    );
    assert!(out.report.reconciles());
    assert_eq!(out.errors[0].num_rows(), 1);
}

#[test]
fn csv_text_that_a_spreadsheet_would_run_reads_back_unchanged() {
    let h = Household::from_json(
        r#"{"id": "=HYPERLINK(1)", "area": "urban", "township": "@x", "members": [
        {"id": "-a", "birth_date": "1980-01-01", "sex": "male", "relation": "head"}]}"#,
    )
    .unwrap();
    let dir = tempdir("guard");
    tables::write_dir(&Tables::from_households([&h]), &dir, Format::Csv).unwrap();
    let text = std::fs::read_to_string(dir.join("households.csv")).unwrap();
    assert!(text.contains("'=HYPERLINK(1)"), "{text}");
    assert!(text.contains("'@x"));
    let back: Vec<Household> = read_all(&tables::read_dir(&dir).unwrap())
        .into_iter()
        .map(Result::unwrap)
        .collect();
    assert_eq!(back, [h]);
}

#[test]
fn streaming_from_files_gives_the_tables_of_memory() {
    let households = district(8_000);
    let engine = Engine::new(PolicyPack::maojian());
    let months = month("2020-03")..=month("2020-03");
    let tables = Tables::from_households(&households);
    let in_memory =
        tables::evaluate(&engine, &tables, months.clone(), &Options::default()).unwrap();

    let input = tempdir("stream-in");
    tables::write_dir(&tables, &input, Format::Parquet).unwrap();
    for format in [Format::Parquet, Format::Csv] {
        let output = tempdir(&format!("stream-out-{}", format.extension()));
        let report = tables::evaluate_dir(
            &engine,
            &input,
            months.clone(),
            &output,
            format,
            &Options::default().threads(2),
        )
        .unwrap();
        assert_eq!(report.counts(), in_memory.report.counts());
        let results = read_file(&output, Table::Results, format);
        assert_eq!(
            tables::read_results(&results).unwrap(),
            tables::read_results(&in_memory.results).unwrap()
        );
    }
}

/// The batches of an output file, through the crate's own reader.
fn read_file(dir: &std::path::Path, table: Table, format: Format) -> Vec<RecordBatch> {
    let path = dir.join(format!("{}.{}", table.name(), format.extension()));
    tables::read_file(&path, table).unwrap()
}

#[test]
fn the_schemas_are_published_and_stable() {
    let mut text = String::new();
    for table in Table::INPUTS.into_iter().chain(Table::OUTPUTS) {
        text.push_str(&format!("{}\n", table.name()));
        for f in table.schema().fields() {
            text.push_str(&format!(
                "  {} {}{}\n",
                f.name(),
                f.data_type(),
                if f.is_nullable() { "" } else { " not null" }
            ));
        }
    }
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/snapshots/tables.txt");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(path, &text).unwrap();
    }
    assert_eq!(text, std::fs::read_to_string(path).unwrap());
}

#[test]
fn reason_codes_are_the_codes_of_the_json_forms() {
    let engine = Engine::new(PolicyPack::maojian());
    let mut seen = std::collections::BTreeSet::new();
    for h in district(4_000)
        .iter()
        .chain(&crate::common::sample_households())
    {
        for m in ["2020-02", "2020-03", "2020-07"] {
            let Ok(d) = engine.evaluate(h, month(m)) else {
                continue;
            };
            for e in d.entries() {
                let json = serde_json::to_value(e.reason()).unwrap();
                assert_eq!(json["code"], e.reason().code());
                seen.insert(e.reason().code());
            }
        }
    }
    assert!(seen.len() > 25, "{seen:?}");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]

    #[test]
    fn every_valid_household_survives_the_tables(
        households in proptest::collection::vec(crate::properties::household(), 1..6)
    ) {
        // The strategy names every household h1: give each its own id.
        let households: Vec<Household> = households
            .iter()
            .enumerate()
            .map(|(i, h)| {
                Household::from_json(&h.to_json().replacen("\"h1\"", &format!("\"h{i}\""), 1))
                    .unwrap()
            })
            .collect();
        let tables = Tables::from_households(&households);
        let back: Vec<Household> = read_all(&tables).into_iter().map(Result::unwrap).collect();
        proptest::prop_assert_eq!(&back, &households);

        let dir = tempdir("property");
        tables::write_dir(&tables, &dir, Format::Csv).unwrap();
        let csv: Vec<Household> = read_all(&tables::read_dir(&dir).unwrap())
            .into_iter()
            .map(Result::unwrap)
            .collect();
        proptest::prop_assert_eq!(&csv, &households);
    }
}

/// `batch` with each column that `recode` gives anew replaced by it.
fn recoded(batch: &RecordBatch, recode: impl Fn(&ArrayRef) -> Option<ArrayRef>) -> RecordBatch {
    let mut fields = Vec::new();
    let mut arrays = Vec::new();
    for (field, array) in batch.schema().fields().iter().zip(batch.columns()) {
        match recode(array) {
            Some(new) => {
                fields.push(Field::new(field.name(), new.data_type().clone(), true));
                arrays.push(new);
            }
            None => {
                fields.push(field.as_ref().clone());
                arrays.push(Arc::clone(array));
            }
        }
    }
    RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays).unwrap()
}

/// `batch` with every text column dictionary encoded (as other tools often write them).
fn dictionary_encoded(batch: &RecordBatch) -> RecordBatch {
    use doudi::tables::arrow_array::DictionaryArray;
    use doudi::tables::arrow_array::types::Int16Type;
    recoded(batch, |array| {
        let text = array.as_any().downcast_ref::<StringArray>()?;
        let dictionary: DictionaryArray<Int16Type> = text.iter().collect();
        Some(Arc::new(dictionary) as ArrayRef)
    })
}

#[test]
fn dictionary_encoded_text_reads_as_plain_text() {
    let households = sorted(district(2_000));
    let tables = Tables::from_households(&households);
    let mut encoded = Tables::new();
    for table in Table::INPUTS {
        for batch in tables.batches(table) {
            encoded.push(table, dictionary_encoded(batch)).unwrap();
        }
    }
    let read: Vec<Household> = read_all(&encoded).into_iter().map(Result::unwrap).collect();
    assert_eq!(read, households);

    // A bad name in a dictionary column is named with its row and text; a null one is
    // missing; the other rows read.
    let t = small(
        vec![Some("h1"), Some("h2"), Some("h3")],
        dictionary_encoded(&persons(&[
            [
                Some("h1"),
                Some("a"),
                Some("1980-01-01"),
                Some("male"),
                Some("head"),
                None,
            ],
            [
                Some("h2"),
                Some("b"),
                Some("1980-01-01"),
                Some("mal"),
                Some("head"),
                None,
            ],
            [
                Some("h3"),
                Some("c"),
                Some("1980-01-01"),
                None,
                Some("head"),
                None,
            ],
        ])),
    );
    let read = read_all(&t);
    assert_eq!(read.len(), 3);
    assert!(read[0].is_ok());
    let (table, row, column, value, problem) = table_error(read[1].as_ref().unwrap_err());
    assert_eq!(
        (table, row, column, value),
        ("persons", Some(2), Some("sex"), Some("mal"))
    );
    assert!(matches!(problem, Problem::NotOneOf { .. }), "{problem:?}");
    let (_, row, column, _, problem) = table_error(read[2].as_ref().unwrap_err());
    assert_eq!((row, column), (Some(3), Some("sex")));
    assert_eq!(problem, &Problem::Missing);
}

/// `batch` with every dictionary column decoded to plain text (as CSV files and many
/// tools give names).
fn plain_text(batch: &RecordBatch) -> RecordBatch {
    use doudi::tables::arrow_array::DictionaryArray;
    use doudi::tables::arrow_array::types::Int16Type;
    recoded(batch, |array| {
        let dictionary = array
            .as_any()
            .downcast_ref::<DictionaryArray<Int16Type>>()?;
        let text: StringArray = dictionary
            .downcast_dict::<StringArray>()?
            .into_iter()
            .collect();
        Some(Arc::new(text) as ArrayRef)
    })
}

#[test]
fn names_written_as_dictionaries_read_the_same_as_plain_text() {
    let households = sorted(district(2_000));
    let tables = Tables::from_households(&households);
    let persons = &tables.batches(Table::Persons)[0];
    let sex = persons.column_by_name("sex").unwrap();
    assert_eq!(
        sex.data_type(),
        &DataType::Dictionary(Box::new(DataType::Int16), Box::new(DataType::Utf8))
    );
    let mut plain = Tables::new();
    for table in Table::INPUTS {
        for batch in tables.batches(table) {
            plain.push(table, plain_text(batch)).unwrap();
        }
    }
    assert_eq!(
        plain.batches(Table::Persons)[0]
            .column_by_name("sex")
            .unwrap()
            .data_type(),
        &DataType::Utf8
    );
    let read: Vec<Household> = read_all(&plain).into_iter().map(Result::unwrap).collect();
    assert_eq!(read, households);
    let read: Vec<Household> = read_all(&tables).into_iter().map(Result::unwrap).collect();
    assert_eq!(read, households);
}

/// The yes/no columns of a table are read together; a bad cell among them is still named
/// by its own column and row, and the other rows' flags are theirs.
#[test]
fn a_bad_yes_no_cell_names_its_column_among_the_others() {
    let mut t = Tables::new();
    t.push(
        Table::Households,
        text_batch(&[
            ("household_id", vec![Some("h1"), Some("h2"), Some("h3")]),
            ("area", vec![Some("rural"); 3]),
            ("registered_poor", vec![Some("true"), Some("false"), None]),
            ("unsafe_housing", vec![None, Some("false"), Some("yes")]),
        ]),
    )
    .unwrap();
    t.push(
        Table::Persons,
        text_batch(&[
            ("household_id", vec![Some("h1"), Some("h2"), Some("h3")]),
            ("person_id", vec![Some("a"), Some("b"), Some("c")]),
            ("birth_date", vec![Some("1980-01-01"); 3]),
            ("sex", vec![Some("male"); 3]),
            ("relation", vec![Some("head"); 3]),
            (
                "in_school",
                vec![Some("false"), Some("true"), Some("false")],
            ),
            ("uninsured", vec![Some("true"), Some("TRUE"), None]),
        ]),
    )
    .unwrap();
    let read = read_all(&t);
    assert_eq!(read.len(), 3);
    let h1 = read[0].as_ref().unwrap();
    assert!(h1.is_registered_poor());
    assert!(!h1.has_unsafe_housing());
    let a = &h1.members()[0];
    assert!(a.is_uninsured() && !a.is_in_school());
    let (table, row, column, value, problem) = table_error(read[1].as_ref().unwrap_err());
    assert_eq!(
        (table, row, column, value),
        ("persons", Some(2), Some("uninsured"), Some("TRUE"))
    );
    assert!(matches!(problem, Problem::NotOneOf { .. }), "{problem:?}");
    let (table, row, column, value, _) = table_error(read[2].as_ref().unwrap_err());
    assert_eq!(
        (table, row, column, value),
        ("households", Some(3), Some("unsafe_housing"), Some("yes"))
    );
}

#[test]
fn a_bad_cell_of_a_parquet_table_has_a_typed_path() {
    let t = small(
        vec![Some("h1")],
        persons(&[[
            Some("h1"),
            Some("a"),
            Some("1980-13-01"),
            Some("male"),
            Some("head"),
            None,
        ]]),
    );
    // Each table written as it is, with its own (text) columns.
    let dir = tempdir("typed-path");
    for table in [Table::Households, Table::Persons] {
        let batches = t.batches(table);
        let file = std::fs::File::create(dir.join(format!("{}.parquet", table.name()))).unwrap();
        let mut writer =
            parquet::arrow::ArrowWriter::try_new(file, batches[0].schema(), None).unwrap();
        for b in batches {
            writer.write(b).unwrap();
        }
        writer.close().unwrap();
    }
    let read = read_all(&tables::read_dir(&dir).unwrap());
    let e = read[0].as_ref().unwrap_err();
    assert_eq!(
        e.path().segments(),
        &[
            doudi::Segment::Table("persons".into()),
            doudi::Segment::Row(1),
            doudi::Segment::Column("birth_date".into()),
        ]
    );
    assert_eq!(e.code(), "bad_date");
    assert_eq!(
        serde_json::to_value(e).unwrap()["path"],
        serde_json::json!([{"table": "persons"}, {"row": 1}, {"column": "birth_date"}])
    );
}
