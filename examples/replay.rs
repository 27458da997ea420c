//! Replays decision records and prints a summary table.
//!
//! ```text
//! cargo run --example evaluate -- --month 2020-03 --record < examples/data/households.jsonl > records.jsonl
//! cargo run --example replay -- records.jsonl
//! cargo run --example replay -- records.jsonl --pack examples/data/corrected.toml
//! cargo run --example replay -- records.jsonl --pack examples/data/corrected.toml --back-pay --csv back-pay.csv --json back-pay.json
//! ```
//!
//! Each record's hash is checked and its decision recomputed from the recorded household
//! and month, under the embedded `maojian` pack or `--pack FILE`. A record may be on one
//! line or pretty-printed over several; every record is replayed, whatever the others hold.
//! The table shows every record; what the replay was made under that the decision was not
//! (another pack, engine version or local program) is shown for every record it concerns,
//! and the details of every record that is not identical follow.
//!
//! With `--back-pay` it works out what the correction owes instead: every record
//! re-evaluated under the pack (and with `--facts FILE`, JSON Lines of corrected
//! households, each replacing the recorded household of its id), its payments compared
//! with the recorded ones month by month, program by program — 补发 owed and 追缴
//! recoverable, with totals per household and program; `--csv FILE` and `--json FILE`
//! write the lines. Exit 0 then when every record was used, 1 when one was altered.
//!
//! Exit codes: 0 when every record replays identical; 1 when any differs or was tampered
//! with; otherwise 2 when a record could not be read or replayed, when there was no
//! record, or on bad arguments.

use std::io::BufReader;
use std::process::ExitCode;

#[macro_use]
mod common;

use common::{Args, Spec};
use doudi::Engine;
use doudi::audit::{self, DecisionRecord, ReplayReport, ReplayStatus};

const SPEC: Spec = Spec {
    usage: "usage: replay RECORDS.jsonl [--pack FILE] [--back-pay [--facts FILE] [--csv FILE] [--json FILE]]   (RECORDS `-` for standard input)",
    values: &["--pack", "--facts", "--csv", "--json"],
    switches: &["--back-pay"],
    positional: 1,
};

fn status_word(status: ReplayStatus) -> &'static str {
    match status {
        ReplayStatus::Identical => "identical",
        ReplayStatus::Differs => "differs",
        ReplayStatus::Tampered => "TAMPERED",
        _ => "other",
    }
}

/// The households of `path` (corrected facts), each bad one an error naming its line.
fn read_facts(path: &str) -> Result<Vec<doudi::Household>, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("{path}: {e}"))?;
    let mut out = Vec::new();
    for document in doudi::json::documents(BufReader::new(file)) {
        let household = document
            .parse::<doudi::Household>()
            .map_err(|e| format!("{path}: {}: {e}", document.position()))?;
        out.push(household);
    }
    Ok(out)
}

fn run() -> Result<ExitCode, String> {
    let args = Args::parse(&SPEC)?;
    for flag in ["--facts", "--csv", "--json"] {
        args.requires(flag, "--back-pay")?;
    }
    let facts = args.value("--facts").map(read_facts).transpose()?;
    let path = args
        .positional()
        .first()
        .ok_or_else(|| format!("the records file is required\n{}", SPEC.usage))?
        .clone();
    let engine = Engine::new(common::load_pack(args.value("--pack"))?);
    let input: Box<dyn std::io::BufRead> = if path == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(BufReader::new(
            std::fs::File::open(&path).map_err(|e| format!("{path}: {e}"))?,
        ))
    };

    let mut reports: Vec<(String, ReplayReport)> = Vec::new();
    let mut unreadable = 0usize;
    let mut documents = doudi::json::documents(input);
    if args.switch("--back-pay") {
        let mut records = Vec::new();
        for document in documents.by_ref() {
            match document.read(DecisionRecord::from_json) {
                Ok(record) => records.push(record),
                Err(e) => {
                    unreadable += 1;
                    eprintln!("{path}: {}: {e}", document.position());
                }
            }
        }
        if records.is_empty() && unreadable == 0 {
            return Err(format!("{path}: no records"));
        }
        let ledger = audit::ledger(&records, &engine, facts.as_deref().unwrap_or(&[]));
        outln!("{ledger}");
        if let Some(out) = args.value("--csv") {
            common::write_file(out, ledger.to_csv())?;
        }
        if let Some(out) = args.value("--json") {
            common::write_file(out, ledger.to_json())?;
        }
        return Ok(if !ledger.errors.is_empty() {
            ExitCode::from(1)
        } else if unreadable > 0 {
            ExitCode::from(2)
        } else {
            ExitCode::SUCCESS
        });
    }
    for document in documents.by_ref() {
        let replayed = document
            .read(DecisionRecord::from_json)
            .and_then(|record| audit::replay(&record, &engine));
        match replayed {
            Ok(report) => reports.push((document.position(), report)),
            Err(e) => {
                unreadable += 1;
                eprintln!("{path}: {}: {e}", document.position());
            }
        }
    }

    outln!(
        "{:<12} {:<16} {:<8} {:<10} {:>11}  under",
        "line",
        "household",
        "month",
        "status",
        "differences"
    );
    for (position, r) in &reports {
        let under: Vec<String> = r
            .causes
            .iter()
            .filter_map(|c| match c {
                audit::Cause::Pack { replayed, .. } => Some(format!("pack {}", replayed.name)),
                audit::Cause::EngineVersion { replayed, .. } => Some(replayed.clone()),
                audit::Cause::LocalProgram { program, .. } => Some(format!("{program} changed")),
                _ => None,
            })
            .collect();
        outln!(
            "{position:<12} {:<16} {:<8} {:<10} {:>11}  {}",
            r.household,
            r.month,
            status_word(r.status),
            r.differences.len() + r.findings_added.len() + r.findings_removed.len(),
            if under.is_empty() {
                "the same pack, engine and local programs".to_owned()
            } else {
                under.join(", ")
            }
        );
    }
    for (position, r) in &reports {
        if r.status != ReplayStatus::Identical || !r.causes.is_empty() {
            outln!();
            out!("{position}: {r}");
        }
    }
    let count = |s: ReplayStatus| reports.iter().filter(|(_, r)| r.status == s).count();
    let (identical, differs, tampered) = (
        count(ReplayStatus::Identical),
        count(ReplayStatus::Differs),
        count(ReplayStatus::Tampered),
    );
    outln!();
    outln!(
        "{} record(s) in {} line(s) ({} blank): {identical} identical, {differs} differ, {tampered} tampered, {unreadable} unreadable",
        reports.len() + unreadable,
        documents.lines_read(),
        documents.blank_lines()
    );
    if reports.is_empty() && unreadable == 0 {
        return Err(format!("{path}: no records"));
    }
    Ok(if differs + tampered > 0 {
        ExitCode::from(1)
    } else if unreadable > 0 {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

fn main() -> ExitCode {
    common::exit(run(), SPEC.usage)
}
