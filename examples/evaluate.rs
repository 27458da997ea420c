//! Evaluates households read from standard input and writes their determinations as JSON.
//!
//! ```text
//! cargo run --example evaluate -- --month 2020-03 < examples/data/household.json
//! cargo run --example evaluate -- --month 2020-03 < examples/data/households.jsonl
//! cargo run --example evaluate -- --month 2020-03 --pack examples/data/corrected.toml < examples/data/households.jsonl
//! cargo run --example evaluate -- --month 2020-03 --record --trace < examples/data/households.jsonl > records.jsonl
//! cargo run --example evaluate -- --month 2020-07 --changes --words < examples/data/household.json
//! ```
//!
//! The input holds one household or many: JSON Lines, or households written over several
//! lines (see `doudi::json::Documents` for how lines make documents). Each household gives
//! one line of output, in order: its determination as JSON (`--pretty`: indented), or with
//! `--record` its decision record, for `examples/replay.rs` (`--trace` adds the explanation
//! trace to each record). `--changes` adds to each entry what would change its outcome
//! (`Engine::evaluate_changes`); `--words` writes the plain-words form instead of JSON.
//!
//! A household that cannot be read or evaluated is reported on standard error with its
//! line, and the others are still evaluated; a summary on standard error says how many
//! documents were read, evaluated and refused.
//!
//! Exit codes: 0 when every household was evaluated; 2 on bad arguments or when any
//! household was refused (or there was none).

use std::io::{self, BufWriter, Write};
use std::process::ExitCode;

#[macro_use]
mod common;

use common::{Args, Spec};
use doudi::audit::DecisionRecord;
use doudi::{Engine, Household};

const SPEC: Spec = Spec {
    usage: "usage: evaluate --month YYYY-MM [--pack FILE] [--changes] [--pretty | --words | --record [--trace]] < households",
    values: &["--month", "--pack"],
    switches: &["--pretty", "--words", "--changes", "--record", "--trace"],
    positional: 0,
};

fn run() -> Result<ExitCode, String> {
    let args = Args::parse(&SPEC)?;
    args.requires("--trace", "--record")?;
    for (a, b, why) in [
        ("--pretty", "--record", "a record is one canonical line"),
        ("--words", "--record", "a record is one canonical line"),
        (
            "--changes",
            "--record",
            "a record keeps the decision, not what would change it",
        ),
        ("--pretty", "--words", "the words are not JSON"),
    ] {
        if args.switch(a) && args.switch(b) {
            return Err(format!(
                "{a} and {b} do not go together: {why}\n{}",
                SPEC.usage
            ));
        }
    }
    let pack = common::load_pack(args.value("--pack"))?;
    let month = args
        .month("--month")?
        .ok_or_else(|| format!("--month is required\n{}", SPEC.usage))?;
    let month = common::check_month(&pack, "--month", month)?;
    let engine = Engine::new(pack);

    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let write_err = common::write_failed;
    let mut documents = doudi::json::documents(io::stdin().lock());
    let (mut read, mut evaluated, mut refused) = (0usize, 0usize, 0usize);
    // One person or ID number in two households of the input: said on standard error,
    // as each second household is read.
    let mut seen = doudi::population::Identities::default();
    let mut duplicates = Vec::new();
    let mut duplicate_count = 0usize;
    for document in documents.by_ref() {
        read += 1;
        let answer = document.parse::<Household>().and_then(|household| {
            duplicates.clear();
            seen.see(&household, &mut duplicates);
            for finding in &duplicates {
                eprintln!("{}: {finding}", document.position());
            }
            duplicate_count += duplicates.len();
            if args.switch("--record") {
                DecisionRecord::new(&engine, &household, month, args.switch("--trace"))
                    .map(|r| r.to_json())
            } else if args.switch("--changes") {
                let c = engine.evaluate_changes(&household, month)?;
                Ok(if args.switch("--words") {
                    c.to_string()
                } else if args.switch("--pretty") {
                    serde_json::to_string_pretty(&c).unwrap_or_default()
                } else {
                    c.to_json()
                })
            } else {
                let d = engine.evaluate(&household, month)?;
                Ok(if args.switch("--words") {
                    d.to_string()
                } else if args.switch("--pretty") {
                    serde_json::to_string_pretty(&d).unwrap_or_default()
                } else {
                    d.to_json()
                })
            }
        });
        match answer {
            Ok(text) => {
                evaluated += 1;
                writeln!(out, "{text}").map_err(write_err)?;
            }
            Err(e) => {
                refused += 1;
                eprintln!("{}: {e}", document.position());
            }
        }
    }
    out.flush().map_err(write_err)?;
    eprintln!(
        "{read} document(s) in {} line(s) ({} blank): {evaluated} evaluated, {refused} refused, {duplicate_count} duplicate person(s) or ID number(s) across households",
        documents.lines_read(),
        documents.blank_lines()
    );
    if read == 0 {
        return Err("no household in the input".to_owned());
    }
    Ok(if refused == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}

fn main() -> ExitCode {
    common::exit(run(), SPEC.usage)
}
