//! Benchmarks of doudi. Each checks its result, so that a fast wrong answer cannot look like
//! progress.
//!
//! ```text
//! cargo bench --bench doudi
//! cargo bench --bench doudi --features parallel     # adds district/month/parallel
//! cargo bench --bench doudi --features arrow -- tables  # the tables and the JSON Lines path
//! ```
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use doudi::population::{self, DistrictConfig};
use doudi::{Engine, Household, Money, Month, PolicyPack};

fn month(text: &str) -> Month {
    text.parse().unwrap()
}

/// A rural household of three in 2020-07 (no price subsidy, no covid measures that month).
/// Worked by hand: wages 300.00 count 240.00; unit of 3, per capita 80.00;
/// (450.00 − 80.00) × 3 = 1,110.00; top-ups for the head (64), the spouse (62) and the
/// grandchild (10): 3 × 45.00 = 135.00; dibao 1,245.00, the only monthly payment.
const TYPICAL: &str = r#"{"id": "h1", "area": "rural", "members": [
  {"id": "a", "birth_date": "1956-03-10", "sex": "male", "relation": "head",
   "legal_supporter": "capable", "incomes": [{"category": "wage", "monthly": "300.00"}]},
  {"id": "b", "birth_date": "1958-06-01", "sex": "female", "relation": "spouse",
   "legal_supporter": "capable"},
  {"id": "c", "birth_date": "2010-09-30", "sex": "female", "relation": "grandchild",
   "legal_supporter": "capable", "in_school": true,
   "parents": {"father": "away_for_work", "mother": "dead"}}]}"#;

fn household(c: &mut Criterion) {
    let engine = Engine::new(PolicyPack::maojian());
    let h = Household::from_json(TYPICAL).unwrap();
    let m = month("2020-07");
    let expected: Money = "1245.00".parse().unwrap();
    assert_eq!(engine.evaluate(&h, m).unwrap().total_monthly(), expected);
    c.bench_function("household/typical", |b| {
        b.iter(|| {
            let d = engine.evaluate(black_box(&h), black_box(m)).unwrap();
            assert_eq!(d.total_monthly(), expected);
            d
        })
    });
    c.bench_function("household/traced", |b| {
        b.iter(|| {
            let (d, trace) = engine.evaluate_traced(black_box(&h), black_box(m)).unwrap();
            assert_eq!(d.total_monthly(), expected);
            assert_eq!(trace.steps.len(), d.entries().len());
            (d, trace)
        })
    });
    let mut scratch = doudi::Scratch::default();
    c.bench_function("household/typical/reused", |b| {
        b.iter(|| {
            let d = engine
                .evaluate_with(black_box(&h), black_box(m), &mut scratch)
                .unwrap();
            assert_eq!(d.total_monthly(), expected);
            d
        })
    });
}

/// The typical household with every change that would flip an outcome. Worked by hand:
/// the wage counts at 80% in a unit of 3, so dibao stops when 0.8 × wage / 3 reaches the
/// standard 450.00: at a wage of 1,687.50 (0.8 × 1,687.49 / 3 = 449.997 is still below).
fn changes(c: &mut Criterion) {
    use doudi::{InputFact, InputValue, Outcome, ProgramId};
    let engine = Engine::new(PolicyPack::maojian());
    let h = Household::from_json(TYPICAL).unwrap();
    let m = month("2020-07");
    let wage = InputFact::Income { member: 0, item: 0 };
    let stops = InputValue::Amount("1687.50".parse().unwrap());
    let check = |c: &doudi::Changes| {
        assert!(
            c.for_entry(ProgramId::Dibao, None)
                .iter()
                .any(|x| x.fact() == wage && x.to() == stops && x.then() == &Outcome::NotPaid)
        );
    };
    check(&engine.evaluate_changes(&h, m).unwrap());
    c.bench_function("changes/typical", |b| {
        b.iter(|| {
            let changes = engine
                .evaluate_changes(black_box(&h), black_box(m))
                .unwrap();
            check(&changes);
            changes
        })
    });
}

/// The determination's JSON forms and the household's JSON input, each checked against what
/// it must hold.
fn json(c: &mut Criterion) {
    let engine = Engine::new(PolicyPack::maojian());
    let h = Household::from_json(TYPICAL).unwrap();
    let d = engine.evaluate(&h, month("2020-07")).unwrap();
    // The compact form keeps the one payment, dibao 1,245.00, and the grandchild's two
    // register entries (left behind: father away, mother dead; so a child in difficulty);
    // not the low-income edge (eligible for dibao, the household is missed coverage, not an
    // edge household), nor the refusals of any program (the household is enrolled in
    // none); the full form keeps every entry.
    let compact: doudi::wire::Compact = doudi::from_json(&d.to_compact_json()).unwrap();
    assert_eq!(compact.entries.len(), 3);
    assert_eq!(compact.total_monthly.to_string(), "1245.00");
    let full: doudi::wire::Determination = doudi::from_json(&d.to_json()).unwrap();
    assert_eq!(full.entries.len(), d.entries().len());
    let (compact_len, full_len) = (d.to_compact_json().len(), d.to_json().len());
    c.bench_function("json/compact", |b| {
        b.iter(|| {
            let text = black_box(&d).to_compact_json();
            assert_eq!(text.len(), compact_len);
            text
        })
    });
    c.bench_function("json/full", |b| {
        b.iter(|| {
            let text = black_box(&d).to_json();
            assert_eq!(text.len(), full_len);
            text
        })
    });
    c.bench_function("json/household_from_json", |b| {
        b.iter(|| {
            let h = Household::from_json(black_box(TYPICAL)).unwrap();
            assert_eq!(h.members().len(), 3);
            h
        })
    });
}

/// The total paid in `m`, the slow way: a full determination of every household.
fn total_by_full_evaluation(engine: &Engine, households: &[Household], m: Month) -> Money {
    households
        .iter()
        .map(|h| {
            let d = engine.evaluate(h, m).unwrap();
            d.total_monthly() + d.total_one_off()
        })
        .sum()
}

fn district(c: &mut Criterion) {
    let engine = Engine::new(PolicyPack::maojian());
    let households = DistrictConfig::default().generate();
    let march = month("2020-03");
    // The batch report must agree with the full determinations, household by household.
    let expected_month = total_by_full_evaluation(&engine, &households, march);
    let year: Vec<Month> = month("2020-01").through(month("2020-12")).collect();
    let expected_year: Money = year
        .iter()
        .map(|&m| population::report(&engine, households.iter().map(Ok), m..=m).total_paid())
        .sum();

    let mut group = c.benchmark_group("district");
    group.sample_size(10);
    group.bench_function("month", |b| {
        b.iter(|| {
            let r = population::report(&engine, households.iter().map(Ok), march..=march);
            assert_eq!(r.total_paid(), expected_month);
            r
        })
    });
    group.bench_function("year", |b| {
        b.iter(|| {
            let r = population::report(
                &engine,
                households.iter().map(Ok),
                month("2020-01")..=month("2020-12"),
            );
            assert_eq!(r.total_paid(), expected_year);
            r
        })
    });
    #[cfg(feature = "parallel")]
    group.bench_function("month/parallel", |b| {
        b.iter(|| {
            let r = population::report_parallel(&engine, &households, march..=march, 2);
            assert_eq!(r.total_paid(), expected_month);
            r
        })
    });
    group.bench_function("duplicates", |b| {
        b.iter(|| {
            let findings = population::duplicates(&households);
            assert!(findings.is_empty());
            findings
        })
    });
    group.finish();
}

fn ingest(c: &mut Criterion) {
    let engine = Engine::new(PolicyPack::maojian());
    let households = DistrictConfig::default().persons(50_000).generate();
    let lines: Vec<String> = households.iter().map(Household::to_json).collect();
    let march = month("2020-03");
    let expected =
        population::report(&engine, households.iter().map(Ok), march..=march).total_paid();
    let mut group = c.benchmark_group("ingest");
    group.sample_size(10);
    group.bench_function("jsonl", |b| {
        b.iter(|| {
            let read = lines.iter().map(|l| Household::from_json(l));
            let r = population::report(&engine, read, march..=march);
            assert_eq!(r.total_paid(), expected);
            assert_eq!(r.counts().0, lines.len() as u64);
            r
        })
    });
    group.finish();
}

/// The tabular path against the JSON Lines path, on one district of 550,000 persons in
/// about 213,000 households, one month: each checks the total paid against the batch
/// report's.
#[cfg(feature = "arrow")]
fn tables(c: &mut Criterion) {
    use doudi::tables::{self, Format, Options, Table, Tables};

    let engine = Engine::new(PolicyPack::maojian());
    let households = DistrictConfig::default().persons(550_000).generate();
    let n = households.len();
    let march = month("2020-03");
    let expected =
        population::report(&engine, households.iter().map(Ok), march..=march).total_paid();
    let input = Tables::from_households(&households);
    let results_rows = tables::evaluate(&engine, &input, march..=march, &Options::default())
        .unwrap()
        .results
        .iter()
        .map(|b| b.num_rows())
        .sum::<usize>();
    let dir = std::env::temp_dir().join(format!("doudi-bench-{}", std::process::id()));
    let (parquet_in, parquet_out) = (dir.join("in"), dir.join("out"));
    tables::write_dir(&input, &parquet_in, Format::Parquet).unwrap();
    let lines: Vec<String> = households.iter().map(Household::to_json).collect();

    let mut group = c.benchmark_group("tables");
    group.sample_size(10);
    group.bench_function("write", |b| {
        b.iter(|| {
            let t = Tables::from_households(black_box(&households));
            assert_eq!(t.rows(Table::Households), n);
            t
        })
    });
    group.bench_function("read", |b| {
        b.iter(|| {
            let read: Vec<Household> = black_box(&input)
                .households()
                .unwrap()
                .map(Result::unwrap)
                .collect();
            assert_eq!(read.len(), n);
            read
        })
    });
    // As a run reads them: one household at a time, each dropped before the next.
    let persons: usize = households.iter().map(|h| h.members().len()).sum();
    group.bench_function("stream", |b| {
        b.iter(|| {
            let (mut read, mut members) = (0, 0);
            for household in black_box(&input).households().unwrap() {
                let household = household.unwrap();
                read += 1;
                members += household.members().len();
            }
            assert_eq!((read, members), (n, persons));
        })
    });
    for threads in [1, 2] {
        group.bench_function(format!("evaluate/{threads}"), |b| {
            b.iter(|| {
                let out = tables::evaluate(
                    &engine,
                    black_box(&input),
                    march..=march,
                    &Options::default().threads(threads),
                )
                .unwrap();
                assert_eq!(out.report.total_paid(), expected);
                let rows: usize = out.results.iter().map(|b| b.num_rows()).sum();
                assert_eq!(rows, results_rows);
                out
            })
        });
    }
    group.bench_function("parquet_to_parquet/2", |b| {
        b.iter(|| {
            let report = tables::evaluate_dir(
                &engine,
                &parquet_in,
                march..=march,
                &parquet_out,
                Format::Parquet,
                &Options::default().threads(2),
            )
            .unwrap();
            assert_eq!(report.total_paid(), expected);
            assert_eq!(report.counts().1, n as u64);
            report
        })
    });
    // The JSON Lines path on the same households: read each line, evaluate, write its
    // determination (the full form, as `examples/evaluate.rs` writes it, and the compact).
    group.bench_function("jsonl_full", |b| {
        b.iter(|| {
            let mut total = Money::ZERO;
            let mut bytes = 0usize;
            for line in &lines {
                let h = Household::from_json(black_box(line)).unwrap();
                let d = engine.evaluate(&h, march).unwrap();
                total += d.total_monthly() + d.total_one_off();
                bytes += d.to_json().len();
            }
            assert_eq!(total, expected);
            bytes
        })
    });
    group.bench_function("jsonl_compact", |b| {
        b.iter(|| {
            let mut total = Money::ZERO;
            let mut bytes = 0usize;
            for line in &lines {
                let h = Household::from_json(black_box(line)).unwrap();
                let d = engine.evaluate(&h, march).unwrap();
                total += d.total_monthly() + d.total_one_off();
                bytes += d.to_compact_json().len();
            }
            assert_eq!(total, expected);
            bytes
        })
    });
    group.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

#[cfg(not(feature = "arrow"))]
fn tables(_: &mut Criterion) {}

criterion_group!(benches, household, changes, json, district, ingest, tables);
criterion_main!(benches);
