//! Hostile table directories and batches (feature `arrow`): nothing read as empty that is
//! not, nothing left half written, one identity counted once.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use doudi::population::DistrictConfig;
use doudi::tables::arrow_array::{ArrayRef, RecordBatch, StringArray};
use doudi::tables::arrow_schema::{DataType, Field, Schema};
use doudi::tables::{self, Format, Options, Table, Tables};
use doudi::{Engine, Household, Month, PolicyPack};

fn month(text: &str) -> Month {
    text.parse().unwrap()
}

fn tempdir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("doudi-hostile-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn district(persons: usize) -> Vec<Household> {
    DistrictConfig::default()
        .persons(persons)
        .seed(5)
        .generate()
}

/// A district of about 300 persons written to a fresh directory in `format`.
fn written(name: &str, format: Format) -> PathBuf {
    let dir = tempdir(name);
    let tables = Tables::from_households(&district(300));
    tables::write_dir(&tables, &dir, format).unwrap();
    dir
}

/// The error of reading `dir` whole and of evaluating it as a stream: both must refuse it
/// with the same message.
fn refused(dir: &Path) -> String {
    let read = tables::read_dir(dir).map(|_| ()).unwrap_err().to_string();
    let out = tempdir(&format!(
        "{}-out",
        dir.file_name().unwrap().to_string_lossy()
    ));
    let m = month("2020-03");
    let run = tables::evaluate_dir(
        &Engine::new(PolicyPack::maojian()),
        dir,
        m..=m,
        &out,
        Format::Parquet,
        &Options::default(),
    )
    .map(|_| ())
    .unwrap_err()
    .to_string();
    assert_eq!(read, run, "read whole and streamed");
    read
}

#[test]
fn a_renamed_table_is_refused_with_the_nearest_name() {
    for format in [Format::Parquet, Format::Csv] {
        let ext = format.extension();
        let dir = written(&format!("renamed-{ext}"), format);
        let wrong = dir.join(format!("income.{ext}"));
        std::fs::rename(dir.join(format!("incomes.{ext}")), &wrong).unwrap();
        assert_eq!(
            refused(&dir),
            format!(
                "incomes: {} is not an input table (the nearest name is incomes); every file of a directory of tables must be one, as NAME.parquet or NAME.csv",
                wrong.display()
            )
        );
    }
}

#[test]
fn an_output_table_or_any_other_file_in_an_input_directory_is_refused() {
    let dir = written("stray", Format::Parquet);
    let stray = dir.join("results.parquet");
    std::fs::copy(dir.join("events.parquet"), &stray).unwrap();
    let message = refused(&dir);
    assert!(
        message.contains(&format!("{} is not an input table", stray.display())),
        "{message}"
    );
    std::fs::remove_file(&stray).unwrap();
    let notes = dir.join("notes.txt");
    std::fs::write(&notes, "the incomes of 2020").unwrap();
    let message = refused(&dir);
    assert!(
        message.contains(&format!("{} is not an input table", notes.display())),
        "{message}"
    );
}

#[test]
fn an_empty_table_with_misspelt_columns_is_refused() {
    // CSV: a header row and no rows.
    let dir = written("empty-csv", Format::Csv);
    std::fs::write(
        dir.join("incomes.csv"),
        "household_id,person_id,categroy,monthy\n",
    )
    .unwrap();
    assert_eq!(
        refused(&dir),
        "incomes, column category: the column is missing"
    );

    // Parquet: a file with its columns and no row group.
    let dir = written("empty-parquet", Format::Parquet);
    let fields: Vec<Field> = ["household_id", "person_id", "category", "monthy"]
        .into_iter()
        .map(|n| Field::new(n, DataType::Utf8, true))
        .collect();
    let schema = Arc::new(Schema::new(fields));
    let file = std::fs::File::create(dir.join("incomes.parquet")).unwrap();
    let mut w = parquet::arrow::ArrowWriter::try_new(file, schema, None).unwrap();
    w.flush().unwrap();
    w.close().unwrap();
    assert_eq!(
        refused(&dir),
        "incomes, column monthly: the column is missing"
    );
}

#[test]
fn an_empty_table_with_its_columns_right_is_read() {
    let dir = written("empty-right", Format::Csv);
    std::fs::write(
        dir.join("incomes.csv"),
        "household_id,person_id,category,monthly\n",
    )
    .unwrap();
    let tables = tables::read_dir(&dir).unwrap();
    assert!(tables.households().unwrap().all(|h| h.is_ok()));
}

/// A one-column text batch.
fn column(name: &str, values: Vec<Option<&str>>) -> (Field, ArrayRef) {
    (
        Field::new(name, DataType::Utf8, true),
        Arc::new(StringArray::from(values)) as ArrayRef,
    )
}

/// A batch of text columns.
fn batch(columns: Vec<(Field, ArrayRef)>) -> RecordBatch {
    let (fields, arrays): (Vec<Field>, Vec<ArrayRef>) = columns.into_iter().unzip();
    RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays).unwrap()
}

const NFC: &str = "\u{e9}1";
const NFD: &str = "e\u{301}1";

fn households_batch(ids: &[&str]) -> RecordBatch {
    batch(vec![
        column("household_id", ids.iter().map(|s| Some(*s)).collect()),
        column("area", vec![Some("urban"); ids.len()]),
    ])
}

fn persons_batch(rows: &[(&str, &str)]) -> RecordBatch {
    let n = rows.len();
    batch(vec![
        column("household_id", rows.iter().map(|r| Some(r.0)).collect()),
        column("person_id", rows.iter().map(|r| Some(r.1)).collect()),
        column("birth_date", vec![Some("1980-01-01"); n]),
        column("sex", vec![Some("male"); n]),
        column("relation", vec![Some("head"); n]),
    ])
}

#[test]
fn an_id_written_composed_and_decomposed_is_one_household() {
    // The household composed, its member's row decomposed: one household with its member.
    let mut t = Tables::new();
    t.push(Table::Households, households_batch(&[NFC])).unwrap();
    t.push(Table::Persons, persons_batch(&[(NFD, "a")]))
        .unwrap();
    let read: Vec<_> = t.households().unwrap().collect();
    assert_eq!(read.len(), 1);
    let h = read[0].as_ref().unwrap();
    assert_eq!(h.id().as_str(), NFC);
    assert_eq!(h.members().len(), 1);

    // The household twice, once in each form: one id given twice, not two households paid.
    let mut t = Tables::new();
    t.push(Table::Households, households_batch(&[NFC, NFD]))
        .unwrap();
    t.push(Table::Persons, persons_batch(&[(NFC, "a"), (NFD, "b")]))
        .unwrap();
    let read: Vec<_> = t.households().unwrap().collect();
    let ok = read.iter().filter(|r| r.is_ok()).count();
    assert_eq!(ok, 0, "{read:?}");
    assert!(!read.is_empty());

    // Person ids too: the same member in both forms is one person given twice.
    let mut t = Tables::new();
    t.push(Table::Households, households_batch(&["h"])).unwrap();
    t.push(Table::Persons, persons_batch(&[("h", NFC), ("h", NFD)]))
        .unwrap();
    let read: Vec<_> = t.households().unwrap().collect();
    assert_eq!(read.len(), 1);
    assert!(read[0].is_err(), "{read:?}");
}

/// The names and contents of the files of `dir`, in name order.
fn files_of(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&path).unwrap())
        })
        .collect();
    files.sort();
    files
}

#[test]
fn a_run_that_fails_halfway_leaves_the_earlier_run_as_it_was() {
    // A district of 30,000 persons as CSV: the persons table is read in several batches.
    let input = tempdir("halfway-in");
    let tables = Tables::from_households(&district(30_000));
    tables::write_dir(&tables, &input, Format::Csv).unwrap();
    let engine = Engine::new(PolicyPack::maojian());
    let m = month("2020-03");
    let output = tempdir("halfway-out");
    tables::evaluate_dir(
        &engine,
        &input,
        m..=m,
        &output,
        Format::Parquet,
        &Options::default(),
    )
    .unwrap();
    let before = files_of(&output);
    assert_eq!(
        before.iter().map(|f| f.0.as_str()).collect::<Vec<_>>(),
        ["errors.parquet", "findings.parquet", "results.parquet"]
    );

    // The last persons row gains a field: the reader fails there, after the first chunks
    // of households were evaluated and written.
    let persons = input.join("persons.csv");
    let mut text = std::fs::read_to_string(&persons).unwrap();
    text.push_str("zzzzzz,p,1980-01-01,male,head,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,extra\n");
    std::fs::write(&persons, text).unwrap();
    for format in [Format::Parquet, Format::Csv] {
        let failed =
            tables::evaluate_dir(&engine, &input, m..=m, &output, format, &Options::default());
        assert!(failed.is_err());
        assert_eq!(files_of(&output), before, "{format:?}");
    }

    // A run in the other format that succeeds replaces the earlier run whole.
    let input = written("halfway-good", Format::Parquet);
    tables::evaluate_dir(
        &engine,
        &input,
        m..=m,
        &output,
        Format::Csv,
        &Options::default(),
    )
    .unwrap();
    assert_eq!(
        files_of(&output)
            .iter()
            .map(|f| f.0.as_str())
            .collect::<Vec<_>>(),
        ["errors.csv", "findings.csv", "results.csv"]
    );
}

#[test]
fn threads_beyond_the_machine_are_capped() {
    let options = Options::default().threads(100_000);
    let machine = std::thread::available_parallelism().map_or(1, |n| n.get());
    assert_eq!(options.thread_count(), machine);
    assert_eq!(Options::default().threads(0).thread_count(), 1);
    let input = written("threads", Format::Parquet);
    let m = month("2020-03");
    let report = tables::evaluate_dir(
        &Engine::new(PolicyPack::maojian()),
        &input,
        m..=m,
        &tempdir("threads-out"),
        Format::Parquet,
        &options,
    )
    .unwrap();
    assert!(report.reconciles());
}

/// `(household, kind, person)` of every row of `findings` batches.
fn finding_rows(batches: &[RecordBatch]) -> Vec<(String, String, String)> {
    use doudi::tables::arrow_array::cast::AsArray;
    let text = |b: &RecordBatch, name: &str| {
        let column = b.column_by_name(name).unwrap();
        let utf8 = arrow_cast::cast(column, &DataType::Utf8).unwrap();
        utf8.as_string::<i32>()
            .iter()
            .map(|s| s.unwrap_or("").to_owned())
            .collect::<Vec<_>>()
    };
    let mut rows = Vec::new();
    for b in batches {
        let (h, k, p) = (
            text(b, "household_id"),
            text(b, "finding"),
            text(b, "person_id"),
        );
        for i in 0..b.num_rows() {
            rows.push((h[i].clone(), k[i].clone(), p[i].clone()));
        }
    }
    rows
}

#[test]
fn one_person_in_two_households_is_a_finding_of_both_in_every_run() {
    // p1 listed in h1 and in h2 (the same id and ID number); h3 carries p1's ID number
    // for another person.
    let member = |id: &str, number: &str| {
        format!(
            r#"{{"id": "{id}", "birth_date": "1990-03-07", "sex": "male", "relation": "head", "id_number": "{number}"}}"#
        )
    };
    let number = "420302199003070011";
    let households: Vec<Household> = [
        ("h1", member("p1", number)),
        ("h2", member("p1", number)),
        ("h3", member("p9", number)),
    ]
    .iter()
    .map(|(id, m)| {
        Household::from_json(&format!(
            r#"{{"id": "{id}", "area": "urban", "members": [{m}]}}"#
        ))
        .unwrap()
    })
    .collect();
    let engine = Engine::new(PolicyPack::maojian());
    let months = month("2020-03")..=month("2020-04");
    // The JSON path's own list: p1 in h1 and h2; the number in h1 and h2, and h1 and h3.
    let dups = doudi::population::duplicates(&households);
    assert_eq!(dups.len(), 3);
    let expected_rows = |kind: &str| -> usize {
        // Each finding: a row for both households, in each of the two months.
        dups.iter().filter(|f| f.kind().name() == kind).count() * 2 * 2
    };

    let tables = Tables::from_households(&households);
    for threads in [1, 2] {
        let out = tables::evaluate(
            &engine,
            &tables,
            months.clone(),
            &Options::default().threads(threads),
        )
        .unwrap();
        let rows = finding_rows(&out.findings);
        for kind in ["duplicate_person", "duplicate_id_number"] {
            let of_kind: Vec<_> = rows.iter().filter(|r| r.1 == kind).collect();
            assert_eq!(of_kind.len(), expected_rows(kind), "{kind}: {rows:?}");
            let kind_of = doudi::FindingKind::ALL
                .iter()
                .find(|k| k.name() == kind)
                .copied()
                .unwrap();
            let count = out.report.finding_count(kind_of);
            assert_eq!(count, expected_rows(kind) as u64, "{kind}");
        }
        let person: Vec<&str> = rows
            .iter()
            .filter(|r| r.1 == "duplicate_person")
            .map(|r| r.0.as_str())
            .collect();
        assert_eq!(person, ["h1", "h1", "h2", "h2"], "threads {threads}");
    }

    // A report accumulated household by household, finding duplicates, counts them the
    // same way; so does a report given the list of `duplicates`.
    let mut acc = doudi::population::Accumulator::new(&engine, months.clone()).finding_duplicates();
    for (i, h) in households.iter().enumerate() {
        acc.add(i, Ok(h));
    }
    let report = acc.finish();
    let mut listed = doudi::population::report(&engine, households.iter().map(Ok), months.clone());
    listed.add_duplicates(&dups);
    assert_eq!(listed.to_json(), report.to_json());
    assert_eq!(
        report.finding_count(doudi::FindingKind::DuplicatePerson),
        expected_rows("duplicate_person") as u64
    );
    assert_eq!(
        report.finding_count(doudi::FindingKind::DuplicateIdNumber),
        expected_rows("duplicate_id_number") as u64
    );
}

/// Tables of household h1 with its one member a, and `incomes`.
fn one_member_with_incomes(incomes: RecordBatch) -> Tables {
    let mut t = Tables::new();
    t.push(Table::Households, households_batch(&["h1"]))
        .unwrap();
    t.push(Table::Persons, persons_batch(&[("h1", "a")]))
        .unwrap();
    t.push(Table::Incomes, incomes).unwrap();
    t
}

#[test]
fn table_messages_name_what_is_wrong() {
    // Incomes of a household that is in no row of households.
    let t = one_member_with_incomes(batch(vec![
        column("household_id", vec![Some("h9")]),
        column("person_id", vec![Some("x")]),
        column("category", vec![Some("wage")]),
        column("monthly", vec![Some("100.00")]),
    ]));
    let read: Vec<Result<String, String>> = t
        .households()
        .unwrap()
        .map(|r| r.map(|h| h.id().to_string()).map_err(|e| e.to_string()))
        .collect();
    assert_eq!(
        read,
        [
            Ok("h1".to_owned()),
            Err("incomes row 1, column household_id: the household has rows here but no row in the households table".to_owned())
        ]
    );

    // A CSV separated by semicolons.
    let dir = written("semicolons", Format::Csv);
    let file = dir.join("households.csv");
    std::fs::write(&file, "household_id;area\nh1;urban\n").unwrap();
    assert_eq!(
        tables::read_dir(&dir).map(|_| ()).unwrap_err().to_string(),
        format!(
            "households: {}: the header is separated by ';'; a table's CSV is separated by commas",
            file.display()
        )
    );

    // An amount of 10^30 yuan in a Decimal128(38, 0) column: shown as it is.
    use doudi::tables::arrow_array::Decimal128Array;
    let big = Decimal128Array::from(vec![Some(10i128.pow(30))])
        .with_precision_and_scale(38, 0)
        .unwrap();
    let t = one_member_with_incomes(batch(vec![
        column("household_id", vec![Some("h1")]),
        column("person_id", vec![Some("a")]),
        column("category", vec![Some("wage")]),
        (
            Field::new("monthly", DataType::Decimal128(38, 0), true),
            Arc::new(big) as ArrayRef,
        ),
    ]));
    let read: Vec<_> = t.households().unwrap().collect();
    assert_eq!(
        read[0].as_ref().unwrap_err().to_string(),
        "incomes row 1, column monthly: amount 1000000000000000000000000000000 exceeds the limit 1000000000000"
    );
}
