//! Households as tables: JSON Lines to Parquet or CSV tables and back, and a district's
//! tables evaluated into tables of results (crate feature `arrow`).
//!
//! ```text
//! cargo run --release --features arrow --example tables -- import examples/data/households.jsonl --out tables
//! cargo run --release --features arrow --example tables -- export tables > households.jsonl
//! cargo run --release --features arrow --example tables -- evaluate tables --from 2020-03 --to 2020-03 --out results
//! cargo run --release --features arrow --example tables -- evaluate tables --from 2020-01 --to 2020-12 --out results --format csv --threads 2 --pack examples/data/corrected.toml
//! ```
//!
//! - `import FILE --out DIR [--format parquet|csv]` reads households (JSON Lines, or
//!   households written over several lines) and writes the eight input tables to `DIR`,
//!   sorted by household id. A household that cannot be read, or whose id is taken by one
//!   before it, is reported on standard error with its line; the others are written.
//! - `export DIR` writes the households of `DIR`'s tables to standard output as JSON
//!   Lines, in order of household id: `import` then `export` gives back every household.
//! - `evaluate DIR --from YYYY-MM --to YYYY-MM --out OUT [--format parquet|csv]
//!   [--threads N] [--pack FILE] [--every-entry] [--explanations]` evaluates every
//!   household of `DIR`'s tables and writes `OUT/results`, `OUT/findings` and
//!   `OUT/errors`, then prints the summary: households read, evaluated and in error, the
//!   totals per program over the months, and whether the counts reconcile.
//!
//! `district --tables DIR` writes the synthetic district as tables to try these on.
//!
//! Exit codes: 0 when every household was read (and evaluated); 1 when some were not
//! (they are on standard error, or rows of `OUT/errors`; the rest is written); 2 on bad
//! arguments or tables that cannot be read at all.

// Elapsed time is a measured figure for display, not money: floating point is fine here.
#![allow(clippy::float_arithmetic)]

use std::collections::HashSet;
use std::io::{self, BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

#[macro_use]
mod common;

use common::{Args, Spec};
use doudi::tables::{self, Format, Options, Table};
use doudi::{Engine, Household, ProgramId};

const USAGE: &str = "usage: tables import FILE --out DIR [--format parquet|csv]
       tables export DIR
       tables evaluate DIR --from YYYY-MM --to YYYY-MM --out OUT [--format parquet|csv] [--threads N] [--pack FILE] [--every-entry] [--explanations]";

const IMPORT: Spec = Spec {
    usage: USAGE,
    values: &["--out", "--format"],
    switches: &[],
    positional: 1,
};

const EXPORT: Spec = Spec {
    usage: USAGE,
    values: &[],
    switches: &[],
    positional: 1,
};

const EVALUATE: Spec = Spec {
    usage: USAGE,
    values: &["--from", "--to", "--out", "--format", "--threads", "--pack"],
    switches: &["--every-entry", "--explanations"],
    positional: 1,
};

/// The one path the command takes.
fn path(args: &Args, what: &str) -> Result<String, String> {
    args.positional()
        .first()
        .cloned()
        .ok_or_else(|| format!("{what} is required\n{USAGE}"))
}

fn format(args: &Args) -> Result<Format, String> {
    match args.value("--format") {
        None => Ok(Format::Parquet),
        Some(name) => Format::from_name(name)
            .ok_or_else(|| format!("--format: {name:?} is neither parquet nor csv\n{USAGE}")),
    }
}

fn import(args: &Args) -> Result<ExitCode, String> {
    let file = path(args, "the households file")?;
    let out = args.required("--out")?;
    let format = format(args)?;
    let input = std::fs::File::open(&file).map_err(|e| format!("{file}: {e}"))?;
    let mut documents = doudi::json::documents(io::BufReader::new(input));
    let mut households = Vec::new();
    let mut ids = HashSet::new();
    let mut refused = 0usize;
    for document in documents.by_ref() {
        let lines = document.lines();
        match document.parse::<Household>() {
            Ok(h) if !ids.insert(h.id().clone()) => {
                refused += 1;
                eprintln!(
                    "{file}:{}: household {} is given twice (the first is kept)",
                    lines.start(),
                    h.id()
                );
            }
            Ok(h) => households.push(h),
            Err(e) => {
                refused += 1;
                eprintln!("{file}:{}: {e}", lines.start());
            }
        }
    }
    let tables = tables::Tables::from_households(&households);
    tables::write_dir(&tables, Path::new(out), format).map_err(|e| common::said(&e))?;
    eprintln!(
        "{} households read, {} written to {out} as {}, {refused} refused",
        households.len() + refused,
        households.len(),
        format.extension()
    );
    Ok(if refused == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn export(args: &Args) -> Result<ExitCode, String> {
    let dir = path(args, "the tables directory")?;
    let tables = tables::read_dir(Path::new(&dir)).map_err(|e| common::said(&e))?;
    let households = tables.households().map_err(|e| common::said(&e))?;
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let (mut written, mut refused) = (0usize, 0usize);
    for household in households {
        match household {
            Ok(h) => {
                writeln!(out, "{}", h.to_json()).map_err(common::write_failed)?;
                written += 1;
            }
            Err(e) => {
                refused += 1;
                eprintln!("{}", common::said(&e));
            }
        }
    }
    out.flush().map_err(common::write_failed)?;
    eprintln!("{written} households written, {refused} refused");
    Ok(if refused == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn evaluate(args: &Args) -> Result<ExitCode, String> {
    let dir = path(args, "the tables directory")?;
    let out = args.required("--out")?;
    let format = format(args)?;
    let pack = common::load_pack(args.value("--pack"))?;
    let from = args
        .month("--from")?
        .ok_or_else(|| format!("--from is required\n{USAGE}"))?;
    let to = args
        .month("--to")?
        .ok_or_else(|| format!("--to is required\n{USAGE}"))?;
    let months = common::month_range(args, &pack, from, to)?;
    let threads = args.count("--threads")?.unwrap_or(1);
    let options = Options::default()
        .threads(threads)
        .every_entry(args.switch("--every-entry"))
        .explanations(args.switch("--explanations"));
    // The threads the run uses: as asked, capped to the machine.
    let threads = options.thread_count();
    let engine = Engine::new(pack);
    let started = Instant::now();
    let report = tables::evaluate_dir(
        &engine,
        Path::new(&dir),
        months.clone(),
        Path::new(out),
        format,
        &options,
    )
    .map_err(|e| common::said(&e))?;
    let elapsed = started.elapsed();

    let (read, evaluated, household_months) = report.counts();
    let errors = report.errors().len();
    outln!(
        "{dir}: {read} households read, {evaluated} evaluated for {}..{} under pack {}, {errors} error rows",
        months.start(),
        months.end(),
        engine.pack().label()
    );
    outln!(
        "{:<26} {:>10} {:>10} {:>16}",
        "program",
        "households",
        "persons",
        "amount"
    );
    for &program in report.programs() {
        let tally = report.range(program);
        if tally.households == 0 {
            continue;
        }
        let name = match program {
            ProgramId::Local(_) => program.to_string(),
            _ => program.name().into_owned(),
        };
        outln!(
            "{name:<26} {:>10} {:>10} {:>16}",
            tally.households,
            tally.persons,
            tally.amount
        );
    }
    outln!(
        "{:<26} {:>10} {:>10} {:>16}",
        "total",
        "",
        "",
        report.total_paid()
    );
    let ext = format.extension();
    outln!(
        "Wrote {out}/{}.{ext}, {out}/{}.{ext} and {out}/{}.{ext}; {household_months} household-months in {:.3} s on {threads} thread(s)",
        Table::Results.name(),
        Table::Findings.name(),
        Table::Errors.name(),
        elapsed.as_secs_f64()
    );
    if !report.reconciles() {
        outln!("The counts do not reconcile.");
        return Ok(ExitCode::from(1));
    }
    outln!("The counts reconcile: every household read was evaluated or is a row of errors.");
    Ok(if errors == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn run() -> Result<ExitCode, String> {
    let mut argv = std::env::args().skip(1);
    let command = argv.next();
    match command.as_deref() {
        Some("import") => import(&Args::from(&IMPORT, argv)?),
        Some("export") => export(&Args::from(&EXPORT, argv)?),
        Some("evaluate") => evaluate(&Args::from(&EVALUATE, argv)?),
        Some("-h" | "--help") => Err(common::HELP.to_owned()),
        Some(other) => Err(format!(
            "unknown command {other:?}: import, export or evaluate\n{USAGE}"
        )),
        None => Err(format!("a command is required\n{USAGE}")),
    }
}

fn main() -> ExitCode {
    common::exit(run(), USAGE)
}
