//! The crate's main job: a whole district evaluated month by month.
//!
//! ```text
//! cargo run --release --example district
//! cargo run --release --example district -- --persons 100000 --from 2020-01 --to 2020-06 --seed 7 --threads 2
//! cargo run --release --example district -- --json report.json --csv report.csv
//! cargo run --release --example district -- --persons 50000 --monitoring-csv monitoring.csv --monitoring-json monitoring.json
//! cargo run --release --example district -- --pack examples/data/corrected.toml --persons 50000
//! cargo run --release --features arrow --example district -- --persons 50000 --tables district-tables
//! cargo run --release --features charts --example district -- --persons 50000 --svg spending.svg
//! ```
//!
//! Generates the default synthetic district (about 500,000 persons in 195,000 households,
//! seeded and deterministic; generation is timed apart), evaluates every household for
//! 2020-01..2020-12 under the embedded `maojian` pack, and prints the bureau's report
//! (households, persons and money per program, by area, month and township, finding counts,
//! the reconciliation) and the evaluation throughput. A progress bar shows on a terminal.
//! Then the monitoring report of the last month: households and persons per monitoring
//! category (dibao, tekun, low-income edge, rigid expenditure, return to poverty) and per
//! warning, and the periodic reviews due in the next twelve months, by township
//! (`--monitoring-csv FILE`, `--monitoring-json FILE` write it, and `--monitoring-xlsx FILE`
//! an Excel workbook with crate feature `xlsx`).
//!
//! With `--tables DIR` (crate feature `arrow`) the district is also written as the eight
//! input tables, Parquet files (`--tables-format csv` for CSV), for `examples/tables.rs`.
//! With `--svg FILE` (crate feature `charts`) it draws the monthly spending by program.

// Throughput is a measured rate for display, not money: floating point is fine here.
#![allow(clippy::float_arithmetic)]

use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

#[macro_use]
mod common;

use common::{Args, Spec};
use doudi::population::{self, duplicates};
use doudi::population::{Accumulator, DistrictConfig, Report};
use doudi::{Engine, Household, Month};

const SPEC: Spec = Spec {
    usage: "usage: district [--persons N] [--from YYYY-MM] [--to YYYY-MM] [--seed N] [--threads N] [--pack FILE] [--json FILE] [--csv FILE] [--monitoring-csv FILE] [--monitoring-json FILE] [--monitoring-xlsx FILE] [--svg FILE] [--tables DIR [--tables-format parquet|csv]]",
    values: &[
        "--persons",
        "--from",
        "--to",
        "--seed",
        "--threads",
        "--pack",
        "--json",
        "--csv",
        "--monitoring-csv",
        "--monitoring-json",
        "--monitoring-xlsx",
        "--svg",
        "--tables",
        "--tables-format",
    ],
    switches: &[],
    positional: 0,
};

/// Draws the progress bar on standard error while the workers run.
fn progress(done: &AtomicUsize, total: usize, finished: &AtomicUsize, workers: usize) {
    let mut err = std::io::stderr();
    while finished.load(Ordering::Relaxed) < workers {
        let n = done.load(Ordering::Relaxed);
        let filled = (n * 40).checked_div(total).unwrap_or(40);
        let _ = write!(
            err,
            "\r  [{}{}] {n}/{total} households",
            "#".repeat(filled),
            " ".repeat(40 - filled.min(40))
        );
        let _ = err.flush();
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = writeln!(err, "\r  [{}] {total}/{total} households", "#".repeat(40));
}

/// Evaluates the district split across `threads` scoped threads, one accumulator each,
/// merged in order. A thread the system cannot start is an error; a worker that panicked
/// takes the program down with its panic (its part is never passed over).
fn evaluate(
    engine: &Engine,
    households: &[Household],
    months: std::ops::RangeInclusive<Month>,
    threads: usize,
) -> Result<Report, String> {
    let done = AtomicUsize::new(0);
    let finished = AtomicUsize::new(0);
    let chunk = households.len().div_ceil(threads).max(1);
    let show = std::io::stderr().is_terminal();
    let no_thread =
        |e: std::io::Error| format!("a thread cannot be started ({e}): use --threads with fewer");
    std::thread::scope(|scope| {
        let mut workers = Vec::new();
        for (c, slice) in households.chunks(chunk).enumerate() {
            let (months, done, finished) = (months.clone(), &done, &finished);
            let worker = std::thread::Builder::new().spawn_scoped(scope, move || {
                let mut acc = Accumulator::new(engine, months);
                for (k, h) in slice.iter().enumerate() {
                    acc.add(c * chunk + k, Ok(h));
                    if k % 1024 == 1023 {
                        done.fetch_add(1024, Ordering::Relaxed);
                    }
                }
                finished.fetch_add(1, Ordering::Relaxed);
                acc.finish()
            });
            workers.push(worker.map_err(no_thread)?);
        }
        let count = workers.len();
        if show {
            let (done, finished) = (&done, &finished);
            // Progress is a nicety: without its thread, the run goes on unshown.
            let _ = std::thread::Builder::new().spawn_scoped(scope, move || {
                progress(done, households.len(), finished, count)
            });
        }
        let mut total = Accumulator::new(engine, months.clone()).finish();
        for worker in workers {
            match worker.join() {
                Ok(part) => total.merge(part),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        Ok(total)
    })
}

/// The process's resident set size and its peak, in MiB, where the system reports them.
fn memory() -> Option<(u64, u64)> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))?
            .split_whitespace()
            .nth(1)?
            .parse::<u64>()
            .ok()
    };
    Some((field("VmRSS:")? / 1024, field("VmHWM:")? / 1024))
}

fn run() -> Result<ExitCode, String> {
    let args = Args::parse(&SPEC)?;
    args.requires("--tables-format", "--tables")?;
    let tables = args
        .value("--tables")
        .map(|dir| tables_format(args.value("--tables-format")).map(|f| (dir, f)))
        .transpose()?;
    #[cfg(not(feature = "xlsx"))]
    if args.value("--monitoring-xlsx").is_some() {
        return Err("--monitoring-xlsx needs the crate feature xlsx: cargo run --release --features xlsx --example district -- --monitoring-xlsx FILE".to_owned());
    }
    #[cfg(not(feature = "charts"))]
    if args.value("--svg").is_some() {
        return Err("--svg needs the crate feature charts: cargo run --release --features charts --example district -- --svg FILE".to_owned());
    }
    let pack = common::load_pack(args.value("--pack"))?;
    let months = common::month_range(&args, &pack, month(2020, 1)?, month(2020, 12)?)?;
    let persons = args.count("--persons")?.unwrap_or(500_000);
    let seed = args.number("--seed")?.unwrap_or(20_200_301);
    // Capped to the machine: more threads than cores only wait for each other.
    let threads = population::threads(args.count("--threads")?.unwrap_or(usize::MAX));
    let baseline = memory();
    eprintln!("Generating the synthetic district ({persons} persons, seed {seed})…");
    let started = Instant::now();
    let households = DistrictConfig::default()
        .persons(persons)
        .seed(seed)
        .generate();
    let persons: usize = households.iter().map(|h| h.members().len()).sum();
    eprintln!(
        "  {} households, {persons} persons in {:.2?} (not part of the throughput)",
        households.len(),
        started.elapsed()
    );
    if let Some((dir, format)) = tables {
        write_tables(&households, dir, format)?;
    }
    let district_memory = match (baseline, memory()) {
        (Some((before, _)), Some((after, peak))) => format!(
            "the district in memory: {} MiB resident ({after} MiB for the process, peak {peak} MiB during generation)",
            after.saturating_sub(before)
        ),
        _ => "memory: not reported on this system".to_owned(),
    };

    let engine = Engine::new(pack);
    let month_count = months.start().through(*months.end()).count();
    eprintln!(
        "Evaluating {}..{} ({month_count} months) under pack {} on {threads} thread(s)…",
        months.start(),
        months.end(),
        engine.pack().label(),
    );
    let started = Instant::now();
    let mut report = evaluate(&engine, &households, months.clone(), threads)?;
    let elapsed = started.elapsed();
    let last = *months.end();
    let started_monitoring = Instant::now();
    let monitoring = doudi::population::monitoring(&engine, &households, last);
    let monitoring_elapsed = started_monitoring.elapsed();

    let started_dups = Instant::now();
    let dups = duplicates(&households);
    let dup_elapsed = started_dups.elapsed();
    // Each is a finding of both its households, in every month.
    report.add_duplicates(&dups);

    outln!("{report}");
    outln!();
    outln!(
        "Population findings: {} (duplicate persons and ID numbers, found in {:.1?})",
        dups.len(),
        dup_elapsed
    );
    let household_months = households.len() * month_count;
    let secs = elapsed.as_secs_f64();
    outln!(
        "Throughput: {household_months} household-months in {elapsed:.2?} on {threads} thread(s) = {:.0} household-months/s, {:.2} µs each",
        household_months as f64 / secs,
        secs * 1e6 / household_months as f64
    );
    outln!("Memory: {district_memory}");
    outln!();
    outln!("{monitoring}");
    outln!("(monitoring report of {last} in {monitoring_elapsed:.2?}, one thread)");
    if let Some(path) = args.value("--json") {
        common::write_file(path, report.to_json())?;
    }
    if let Some(path) = args.value("--csv") {
        common::write_file(path, report.to_csv())?;
    }
    if let Some(path) = args.value("--monitoring-csv") {
        common::write_file(path, monitoring.to_csv())?;
    }
    if let Some(path) = args.value("--monitoring-json") {
        common::write_file(path, monitoring.to_json())?;
    }
    #[cfg(feature = "xlsx")]
    if let Some(path) = args.value("--monitoring-xlsx") {
        let bytes = monitoring.to_xlsx().map_err(|e| format!("{path}: {e}"))?;
        common::write_file(path, bytes)?;
    }
    #[cfg(feature = "charts")]
    if let Some(path) = args.value("--svg") {
        common::write_file(path, report.spending_chart_svg())?;
    }
    if report.reconciles() && monitoring.reconciles() {
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!("the counts do not reconcile");
        Ok(ExitCode::from(1))
    }
}

/// The format of `--tables-format` (Parquet when not given).
#[cfg(feature = "arrow")]
fn tables_format(name: Option<&str>) -> Result<doudi::tables::Format, String> {
    use doudi::tables::Format;
    match name {
        None => Ok(Format::Parquet),
        Some(name) => Format::from_name(name).ok_or_else(|| {
            format!(
                "--tables-format: {name:?} is neither parquet nor csv\n{}",
                SPEC.usage
            )
        }),
    }
}

/// Writes the district's input tables to `dir`.
#[cfg(feature = "arrow")]
fn write_tables(
    households: &[Household],
    dir: &str,
    format: doudi::tables::Format,
) -> Result<(), String> {
    use doudi::tables;
    let started = Instant::now();
    let tables = tables::Tables::from_households(households);
    tables::write_dir(&tables, std::path::Path::new(dir), format).map_err(|e| common::said(&e))?;
    eprintln!(
        "  wrote the district's tables to {dir} ({}) in {:.2?}",
        format.extension(),
        started.elapsed()
    );
    Ok(())
}

/// Without the crate feature `arrow` there are no tables to write.
/// Without the feature `arrow` there is no table format: `--tables` is refused.
#[cfg(not(feature = "arrow"))]
enum NoFormat {}

#[cfg(not(feature = "arrow"))]
fn tables_format(_: Option<&str>) -> Result<NoFormat, String> {
    Err("--tables needs the crate feature arrow: cargo run --release --features arrow --example district -- --tables DIR".to_owned())
}

#[cfg(not(feature = "arrow"))]
fn write_tables(_: &[Household], _: &str, format: NoFormat) -> Result<(), String> {
    match format {}
}

fn month(year: i32, month: u32) -> Result<Month, String> {
    Month::new(year, month).map_err(|e| e.to_string())
}

fn main() -> ExitCode {
    common::exit(run(), SPEC.usage)
}
