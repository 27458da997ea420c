//! Replays decision records and prints a summary table.
//!
//! ```text
//! cargo run --example evaluate -- --month 2020-03 --record < households.jsonl > records.jsonl
//! cargo run --example replay -- records.jsonl
//! cargo run --example replay -- records.jsonl --pack corrected.toml
//! ```
//!
//! Each record's hash is checked and its decision recomputed from the recorded household
//! and month, under the embedded `maojian` pack or `--pack FILE`; a different pack is
//! reported, with the values that differ. Details follow the table for every record that is
//! not identical.
//!
//! Exit codes: 0 when every record replays identical; 1 when any differs or was tampered
//! with; 2 on unreadable input (a file that cannot be read, a line that is not a record).

use std::process::ExitCode;

use doudi::audit::{self, Cause, DecisionRecord, ReplayStatus};
use doudi::{Engine, PolicyPack};

fn run() -> Result<ExitCode, String> {
    let usage = "usage: replay RECORDS.jsonl [--pack FILE]";
    let mut path = None;
    let mut pack = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--pack" => pack = Some(args.next().ok_or(usage)?),
            "-h" | "--help" => return Err(usage.to_owned()),
            _ if path.is_none() => path = Some(arg),
            other => return Err(format!("unexpected argument {other:?}; {usage}")),
        }
    }
    let path = path.ok_or(usage)?;
    let pack = match &pack {
        None => PolicyPack::maojian(),
        Some(file) => {
            let text = std::fs::read_to_string(file).map_err(|e| format!("{file}: {e}"))?;
            PolicyPack::from_toml(&text).map_err(|e| format!("{file}: {e}"))?
        }
    };
    let engine = Engine::new(pack);
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{path}: {e}"))?;

    let mut reports = Vec::new();
    for (i, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let record =
            DecisionRecord::from_json(line).map_err(|e| format!("{path}:{}: {e}", i + 1))?;
        let report =
            audit::replay(&record, &engine).map_err(|e| format!("{path}:{}: {e}", i + 1))?;
        reports.push((i + 1, report));
    }

    println!(
        "{:<6} {:<16} {:<8} {:<10} {:>11} {:<6}",
        "line", "household", "month", "status", "differences", "pack"
    );
    for (line, r) in &reports {
        let status = match r.status {
            ReplayStatus::Identical => "identical",
            ReplayStatus::Differs => "differs",
            ReplayStatus::Tampered => "TAMPERED",
        };
        let pack = if r.causes.iter().any(|c| matches!(c, Cause::Pack { .. })) {
            "other"
        } else {
            "same"
        };
        println!(
            "{line:<6} {:<16} {:<8} {status:<10} {:>11} {pack:<6}",
            r.household,
            r.month,
            r.differences.len() + r.findings_added.len() + r.findings_removed.len()
        );
    }
    let not_identical: Vec<_> = reports
        .iter()
        .filter(|(_, r)| r.status != ReplayStatus::Identical)
        .collect();
    for (line, r) in &not_identical {
        println!();
        print!("line {line}: {r}");
    }
    println!();
    println!(
        "{} records: {} identical, {} differ, {} tampered",
        reports.len(),
        reports
            .iter()
            .filter(|(_, r)| r.status == ReplayStatus::Identical)
            .count(),
        reports
            .iter()
            .filter(|(_, r)| r.status == ReplayStatus::Differs)
            .count(),
        reports
            .iter()
            .filter(|(_, r)| r.status == ReplayStatus::Tampered)
            .count()
    );
    Ok(if not_identical.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::from(2)
        }
    }
}
