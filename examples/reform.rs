//! A reform comparison, as a policy analyst runs it: the same households under two packs.
//!
//! ```text
//! cargo run --release --example reform -- --reform examples/data/reform.toml --from 2020-07 --to 2020-12
//! cargo run --release --example reform -- --reform examples/data/reform.toml --households examples/data/households.jsonl --from 2020-03 --to 2020-03
//! cargo run --release --example reform -- --base examples/data/corrected.toml --reform examples/data/reform.toml --persons 100000 --top 5 --csv reform.csv --json reform.json
//! cargo run --release --features xlsx,charts --example reform -- --reform examples/data/reform.toml --persons 100000 --xlsx reform.xlsx --svg reform-charts
//! ```
//!
//! `--base FILE` (default: the embedded pack) and `--reform FILE` are the two packs. The
//! households are the synthetic district (`--persons N`, `--seed N`, as `district` makes
//! them) or the user's (`--households FILE`: JSON Lines, or households written over several
//! lines; a household that cannot be read is reported with its line and counted; or
//! `--tables DIR`, the input tables of `examples/tables.rs`, crate feature `arrow`). It
//! prints, over `--from`..`--to`: per program the cost under each pack and its change, the
//! households and persons whose amount rose or fell, newly covered and no longer covered;
//! the same by area, township, household size and decile of per-capita counted income
//! before transfers; poverty under each pack against the base pack's standard; the
//! households by band of gain or loss; and the `--top N` (default 10) largest gains and
//! losses, each with the programs that changed and both packs' reasons. `--csv FILE`
//! writes the tables in long form, `--json FILE` with labelled fields, `--xlsx FILE` an
//! Excel workbook with a sheet per table (crate feature `xlsx`), and `--svg DIR` the charts
//! `DIR/cost.svg` (cost by program under both packs) and `DIR/deciles.svg` (mean change
//! per household by income decile; crate feature `charts`). `--within YUAN` adds the cliff
//! exposure in the last month under both packs.
//!
//! Exit codes: 0 when every household was compared; 1 when some could not be read or
//! evaluated (they are reported and counted); 2 on bad arguments.

use std::process::ExitCode;

#[macro_use]
mod common;

use common::{Args, Spec};
use doudi::population::{self, DistrictConfig};
use doudi::{Engine, Household, Money, Month};

const SPEC: Spec = Spec {
    usage: "usage: reform --reform FILE [--base FILE] [--households FILE | --tables DIR | --persons N [--seed N]] [--from YYYY-MM] [--to YYYY-MM] [--top N] [--csv FILE] [--json FILE] [--xlsx FILE] [--svg DIR] [--within YUAN]",
    values: &[
        "--base",
        "--reform",
        "--households",
        "--tables",
        "--persons",
        "--seed",
        "--from",
        "--to",
        "--top",
        "--csv",
        "--json",
        "--xlsx",
        "--svg",
        "--within",
    ],
    switches: &[],
    positional: 0,
};

/// The households of `path`, each bad one reported with its line.
fn read_households(path: &str) -> Result<(Vec<Household>, usize), String> {
    let file = std::fs::File::open(path).map_err(|e| format!("{path}: {e}"))?;
    let mut households = Vec::new();
    let mut refused = 0usize;
    for document in doudi::json::documents(std::io::BufReader::new(file)) {
        match document.parse::<Household>() {
            Ok(h) => households.push(h),
            Err(e) => {
                refused += 1;
                eprintln!("{path}: {}: {e}", document.position());
            }
        }
    }
    if households.is_empty() && refused == 0 {
        return Err(format!("{path}: no household in the file"));
    }
    Ok((households, refused))
}

/// The households of the tables in `dir`, each household whose rows fail reported.
#[cfg(feature = "arrow")]
fn read_tables(dir: &str) -> Result<(Vec<Household>, usize), String> {
    let tables =
        doudi::tables::read_dir(std::path::Path::new(dir)).map_err(|e| common::said(&e))?;
    let mut households = Vec::new();
    let mut refused = 0usize;
    for household in tables.households().map_err(|e| common::said(&e))? {
        match household {
            Ok(h) => households.push(h),
            Err(e) => {
                refused += 1;
                eprintln!("{dir}: {}", common::said(&e));
            }
        }
    }
    Ok((households, refused))
}

fn run() -> Result<ExitCode, String> {
    let args = Args::parse(&SPEC)?;
    for read in ["--households", "--tables"] {
        for flag in ["--persons", "--seed", "--households"] {
            if flag != read && args.value(flag).is_some() && args.value(read).is_some() {
                return Err(format!(
                    "{flag} and {read} do not go together: the households come from one source\n{}",
                    SPEC.usage
                ));
            }
        }
    }
    #[cfg(not(feature = "arrow"))]
    if args.value("--tables").is_some() {
        return Err("--tables needs the crate feature arrow: cargo run --release --features arrow --example reform -- --tables DIR …".to_owned());
    }
    #[cfg(not(feature = "xlsx"))]
    if args.value("--xlsx").is_some() {
        return Err("--xlsx needs the crate feature xlsx: cargo run --release --features xlsx --example reform -- …".to_owned());
    }
    #[cfg(not(feature = "charts"))]
    if args.value("--svg").is_some() {
        return Err("--svg needs the crate feature charts: cargo run --release --features charts --example reform -- …".to_owned());
    }
    let reform_path = args.required("--reform")?;
    let base = common::load_pack(args.value("--base"))?;
    let reform = common::load_pack(Some(reform_path))?;
    let months = common::month_range(&args, &base, month("2020-01")?, month("2020-12")?)?;
    common::check_month(&reform, "--from", *months.start())?;
    common::check_month(&reform, "--to", *months.end())?;
    let top = args.count("--top")?.unwrap_or(10);
    let within = args
        .value("--within")
        .map(|text| {
            let yuan: Money = text
                .parse()
                .map_err(|e: doudi::Error| format!("--within: {e}"))?;
            if yuan <= Money::ZERO {
                return Err(format!("--within: {yuan} is not an amount above zero"));
            }
            Ok(yuan)
        })
        .transpose()?;
    let (households, refused) = match (args.value("--households"), args.value("--tables")) {
        (Some(path), _) => read_households(path)?,
        #[cfg(feature = "arrow")]
        (None, Some(dir)) => read_tables(dir)?,
        _ => {
            let persons = args.count("--persons")?.unwrap_or(500_000);
            let seed = args.number("--seed")?.unwrap_or(20_200_301);
            eprintln!("Generating the synthetic district ({persons} persons, seed {seed})…");
            let households = DistrictConfig::default()
                .persons(persons)
                .seed(seed)
                .generate();
            (households, 0)
        }
    };
    let base = Engine::new(base);
    let reform = Engine::new(reform);
    if base.pack().fingerprint() == reform.pack().fingerprint() {
        eprintln!("note: the two packs are the same ({})", base.pack().label());
    }
    eprintln!(
        "Comparing {} households, {}..{}…",
        households.len(),
        months.start(),
        months.end()
    );
    let comparison = population::compare_top(&base, &reform, &households, months.clone(), top);
    outln!("{comparison}");
    if let Some(within) = within {
        let last = *months.end();
        for engine in [&base, &reform] {
            outln!();
            out!(
                "{}",
                population::exposure(engine, &households, last, within)
            );
        }
    }
    if let Some(path) = args.value("--csv") {
        common::write_file(path, comparison.to_csv())?;
    }
    if let Some(path) = args.value("--json") {
        common::write_file(path, comparison.to_json())?;
    }
    #[cfg(feature = "xlsx")]
    if let Some(path) = args.value("--xlsx") {
        let bytes = comparison.to_xlsx().map_err(|e| format!("{path}: {e}"))?;
        common::write_file(path, bytes)?;
    }
    #[cfg(feature = "charts")]
    if let Some(dir) = args.value("--svg") {
        std::fs::create_dir_all(dir).map_err(|e| format!("{dir}: {e}"))?;
        for (name, svg) in [
            ("cost.svg", comparison.cost_chart_svg()),
            ("deciles.svg", comparison.decile_chart_svg()),
        ] {
            let path = std::path::Path::new(dir).join(name);
            common::write_file(&path, svg)?;
        }
    }
    let (_, errors) = comparison.counts();
    if refused > 0 || errors > 0 {
        eprintln!("{refused} household(s) could not be read, {errors} could not be evaluated");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

fn month(text: &str) -> Result<Month, String> {
    text.parse().map_err(|e: doudi::Error| e.to_string())
}

fn main() -> ExitCode {
    common::exit(run(), SPEC.usage)
}
