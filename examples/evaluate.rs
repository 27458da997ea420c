//! Evaluates households read from standard input and writes their determinations as JSON.
//!
//! ```text
//! cargo run --example evaluate -- --month 2020-03 < household.json
//! cargo run --example evaluate -- --month 2020-03 < households.jsonl
//! cargo run --example evaluate -- --month 2020-03 --pack my-pack.toml < households.jsonl
//! cargo run --example evaluate -- --month 2020-03 --record --trace < households.jsonl > records.jsonl
//! ```
//!
//! With `--record`, each household gives one decision record (JSON Lines: one canonical
//! line each) instead of a determination, for `examples/replay.rs`; `--trace` adds the
//! explanation trace to each record.
//!
//! One JSON household (pretty-printed or not) gives one pretty-printed determination. JSON
//! Lines (one household per line; detected when the first line is a whole JSON value and
//! more lines follow, or forced with `--lines`) give one determination per line, in order.
//!
//! Exit codes: 0 when every household was evaluated; 2 on bad arguments or bad input. A
//! bad line of JSON Lines is reported on standard error with its line number and the
//! field, and the other lines are still evaluated.

use std::io::{self, BufWriter, Read, Write};
use std::process::ExitCode;

use doudi::audit::DecisionRecord;
use doudi::{Engine, Household, Month, PolicyPack};

struct Args {
    month: Month,
    pack: Option<String>,
    lines: bool,
    record: bool,
    trace: bool,
}

fn usage() -> String {
    "usage: evaluate --month YYYY-MM [--pack FILE] [--lines] [--record [--trace]] < households"
        .to_owned()
}

fn parse_args() -> Result<Args, String> {
    let mut month = None;
    let mut pack = None;
    let mut lines = false;
    let mut record = false;
    let mut trace = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--month" => {
                let text = args.next().ok_or_else(usage)?;
                month = Some(text.parse::<Month>().map_err(|e| format!("--month: {e}"))?);
            }
            "--pack" => pack = Some(args.next().ok_or_else(usage)?),
            "--lines" => lines = true,
            "--record" => record = true,
            "--trace" => trace = true,
            "-h" | "--help" => return Err(usage()),
            other => return Err(format!("unknown argument {other:?}; {}", usage())),
        }
    }
    Ok(Args {
        month: month.ok_or_else(|| format!("--month is required; {}", usage()))?,
        pack,
        lines,
        record,
        trace,
    })
}

fn load_pack(path: Option<&str>) -> Result<PolicyPack, String> {
    match path {
        None => Ok(PolicyPack::maojian()),
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
            PolicyPack::from_toml(&text).map_err(|e| format!("{path}: {e}"))
        }
    }
}

/// JSON Lines when forced, or when the first non-empty line is a whole JSON value and
/// another non-empty line follows.
fn is_json_lines(input: &str, forced: bool) -> bool {
    let mut lines = input.lines().filter(|l| !l.trim().is_empty());
    let first = lines.next();
    forced
        || (first.is_some_and(|l| serde_json::from_str::<serde_json::Value>(l).is_ok())
            && lines.next().is_some())
}

fn run() -> Result<ExitCode, String> {
    let args = parse_args()?;
    let engine = Engine::new(load_pack(args.pack.as_deref())?);
    let mut input = String::new();
    io::stdin()
        .read_to_string(&mut input)
        .map_err(|e| format!("standard input: {e}"))?;
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let write_err = |e: io::Error| format!("standard output: {e}");

    // One household's output: a pretty determination, or a one-line decision record.
    let answer = |household: &Household, pretty: bool| -> Result<String, doudi::Error> {
        if args.record {
            DecisionRecord::new(&engine, household, args.month, args.trace).map(|r| r.to_json())
        } else {
            let d = engine.evaluate(household, args.month)?;
            Ok(if pretty {
                serde_json::to_string_pretty(&d).unwrap_or_default()
            } else {
                d.to_json()
            })
        }
    };

    if !is_json_lines(&input, args.lines) {
        let household = Household::from_json(&input).map_err(|e| e.to_string())?;
        let text = answer(&household, !args.record).map_err(|e| e.to_string())?;
        writeln!(out, "{text}").map_err(write_err)?;
        return Ok(ExitCode::SUCCESS);
    }

    let mut bad = 0usize;
    for (i, line) in input.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let result = Household::from_json(line).and_then(|household| answer(&household, false));
        match result {
            Ok(text) => writeln!(out, "{text}").map_err(write_err)?,
            Err(e) => {
                bad += 1;
                eprintln!("line {}: {e}", i + 1);
            }
        }
    }
    out.flush().map_err(write_err)?;
    Ok(if bad == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
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
