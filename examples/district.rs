//! The crate's main job: a whole district evaluated month by month.
//!
//! ```text
//! cargo run --release --example district
//! cargo run --release --example district -- --persons 100000 --from 2020-01 --to 2020-06 --seed 7 --threads 2
//! cargo run --release --example district -- --json report.json --csv report.csv
//! ```
//!
//! Generates the default synthetic district (about 500,000 persons in 195,000 households,
//! seeded and deterministic; generation is timed apart), evaluates every household for
//! 2020-01..2020-12 under the embedded `maojian` pack, and prints the bureau's report
//! (households, persons and money per program, by area, month and township, finding counts,
//! the reconciliation) and the evaluation throughput. A progress bar shows on a terminal.

// Throughput is a measured rate for display, not money: floating point is fine here.
#![allow(clippy::float_arithmetic)]

use std::io::{IsTerminal, Write};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use doudi::population::{Accumulator, DistrictConfig, Report};
use doudi::{Engine, Household, Month, PolicyPack, population::duplicates};

struct Args {
    persons: usize,
    from: Month,
    to: Month,
    seed: u64,
    threads: usize,
    json: Option<String>,
    csv: Option<String>,
}

fn parse_args() -> Result<Args, String> {
    let usage = "usage: district [--persons N] [--from YYYY-MM] [--to YYYY-MM] [--seed N] [--threads N] [--json FILE] [--csv FILE]";
    let mut args = Args {
        persons: 500_000,
        from: Month::new(2020, 1).map_err(|e| e.to_string())?,
        to: Month::new(2020, 12).map_err(|e| e.to_string())?,
        seed: 20_200_301,
        threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
        json: None,
        csv: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || {
            it.next()
                .ok_or_else(|| format!("{flag} needs a value; {usage}"))
        };
        match flag.as_str() {
            "--persons" => {
                args.persons = value()?.parse().map_err(|e| format!("--persons: {e}"))?
            }
            "--from" => args.from = value()?.parse().map_err(|e| format!("--from: {e}"))?,
            "--to" => args.to = value()?.parse().map_err(|e| format!("--to: {e}"))?,
            "--seed" => args.seed = value()?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--threads" => {
                args.threads = value()?.parse().map_err(|e| format!("--threads: {e}"))?;
                args.threads = args.threads.max(1);
            }
            "--json" => args.json = Some(value()?),
            "--csv" => args.csv = Some(value()?),
            "-h" | "--help" => return Err(usage.to_owned()),
            other => return Err(format!("unknown argument {other:?}; {usage}")),
        }
    }
    if args.to < args.from {
        return Err(format!("--to {} is before --from {}", args.to, args.from));
    }
    Ok(args)
}

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
/// merged in order.
fn evaluate(
    engine: &Engine,
    households: &[Household],
    months: std::ops::RangeInclusive<Month>,
    threads: usize,
) -> Report {
    let done = AtomicUsize::new(0);
    let finished = AtomicUsize::new(0);
    let chunk = households.len().div_ceil(threads).max(1);
    let show = std::io::stderr().is_terminal();
    std::thread::scope(|scope| {
        let workers: Vec<_> = households
            .chunks(chunk)
            .enumerate()
            .map(|(c, slice)| {
                let (months, done, finished) = (months.clone(), &done, &finished);
                scope.spawn(move || {
                    let mut acc = Accumulator::new(engine, months);
                    for (k, h) in slice.iter().enumerate() {
                        acc.add(c * chunk + k, Ok(h));
                        if k % 1024 == 1023 {
                            done.fetch_add(1024, Ordering::Relaxed);
                        }
                    }
                    finished.fetch_add(1, Ordering::Relaxed);
                    acc.finish()
                })
            })
            .collect();
        let count = workers.len();
        if show {
            let (done, finished) = (&done, &finished);
            scope.spawn(move || progress(done, households.len(), finished, count));
        }
        let mut parts = workers.into_iter().filter_map(|w| w.join().ok());
        let mut total = parts
            .next()
            .unwrap_or_else(|| Accumulator::new(engine, months.clone()).finish());
        for part in parts {
            total.merge(part);
        }
        total
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

fn run() -> Result<(), String> {
    let args = parse_args()?;
    let baseline = memory();
    eprintln!(
        "Generating the synthetic district ({} persons, seed {})…",
        args.persons, args.seed
    );
    let started = Instant::now();
    let households = DistrictConfig::default()
        .persons(args.persons)
        .seed(args.seed)
        .generate();
    let persons: usize = households.iter().map(|h| h.members().len()).sum();
    eprintln!(
        "  {} households, {persons} persons in {:.2?} (not part of the throughput)",
        households.len(),
        started.elapsed()
    );
    let district_memory = match (baseline, memory()) {
        (Some((before, _)), Some((after, peak))) => format!(
            "the district in memory: {} MiB resident ({after} MiB for the process, peak {peak} MiB during generation)",
            after.saturating_sub(before)
        ),
        _ => "memory: not reported on this system".to_owned(),
    };

    let engine = Engine::new(PolicyPack::maojian());
    let months = args.from..=args.to;
    let month_count = args.from.through(args.to).count();
    eprintln!(
        "Evaluating {}..{} ({month_count} months) on {} thread(s)…",
        args.from, args.to, args.threads
    );
    let started = Instant::now();
    let report = evaluate(&engine, &households, months, args.threads);
    let elapsed = started.elapsed();

    let started_dups = Instant::now();
    let dups = duplicates(&households);
    let dup_elapsed = started_dups.elapsed();

    println!("{report}");
    println!();
    println!(
        "Population findings: {} (duplicate persons and ID numbers, found in {:.1?})",
        dups.len(),
        dup_elapsed
    );
    let household_months = households.len() * month_count;
    let secs = elapsed.as_secs_f64();
    println!(
        "Throughput: {household_months} household-months in {elapsed:.2?} on {} thread(s) = {:.0} household-months/s, {:.2} µs each",
        args.threads,
        household_months as f64 / secs,
        secs * 1e6 / household_months as f64
    );
    println!("Memory: {district_memory}");
    if let Some(path) = &args.json {
        std::fs::write(path, report.to_json()).map_err(|e| format!("{path}: {e}"))?;
    }
    if let Some(path) = &args.csv {
        std::fs::write(path, report.to_csv()).map_err(|e| format!("{path}: {e}"))?;
    }
    if report.reconciles() {
        Ok(())
    } else {
        Err("the counts do not reconcile".to_owned())
    }
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::from(2)
        }
    }
}
