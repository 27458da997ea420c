//! A reform comparison, as a policy analyst runs it: the same synthetic district under the
//! default pack and under a changed one.
//!
//! ```text
//! cargo run --release --example reform
//! cargo run --release --example reform -- --persons 100000 --from 2020-07 --to 2020-12
//! cargo run --release --example reform -- --persons 100000 --from 2020-07 --to 2020-07 --within 50
//! ```
//!
//! The reform raises the 2020 dibao standards by 10% (urban 620.00 → 682.00, rural 450.00 →
//! 495.00) and extends the nursing subsidy to grade 3–4 intellectual and mental disability.
//! It prints the cost change per program, the households and persons newly covered and no
//! longer covered, and the households by band of gain or loss. With `--within YUAN` it also
//! prints the cliff exposure in the last month under both packs: per program, households
//! within that many yuan of one amount fact of losing or gaining it.

use std::process::ExitCode;

use doudi::population::{self, DistrictConfig};
use doudi::{Engine, MAOJIAN_TOML, Month, PolicyPack};

fn reform_pack() -> Result<PolicyPack, String> {
    let edits = [
        (
            r#"{ from = 2020-01-01, value = "620.00""#,
            r#"{ from = 2020-01-01, value = "682.00""#,
        ),
        (
            r#"{ from = 2020-01-01, value = "450.00""#,
            r#"{ from = 2020-01-01, value = "495.00""#,
        ),
        (
            "nursing_grade_3_4_intellectual_mental = [\n  { from = 2019-01-01, value = false",
            "nursing_grade_3_4_intellectual_mental = [\n  { from = 2019-01-01, value = true",
        ),
        ("version = \"2020.1\"", "version = \"2020.1-reform\""),
    ];
    let mut toml = MAOJIAN_TOML.to_owned();
    for (from, to) in edits {
        if !toml.contains(from) {
            return Err(format!("the default pack no longer contains {from:?}"));
        }
        toml = toml.replacen(from, to, 1);
    }
    PolicyPack::from_toml(&toml).map_err(|e| e.to_string())
}

fn run() -> Result<(), String> {
    let mut persons = 500_000usize;
    let mut from: Month = "2020-01".parse().map_err(|e: doudi::Error| e.to_string())?;
    let mut to: Month = "2020-12".parse().map_err(|e: doudi::Error| e.to_string())?;
    let mut within: Option<doudi::Money> = None;
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--persons" => persons = value.parse().map_err(|e| format!("--persons: {e}"))?,
            "--from" => {
                from = value
                    .parse()
                    .map_err(|e: doudi::Error| format!("--from: {e}"))?
            }
            "--to" => {
                to = value
                    .parse()
                    .map_err(|e: doudi::Error| format!("--to: {e}"))?
            }
            "--within" => {
                let yuan: doudi::Money = value
                    .parse()
                    .map_err(|e: doudi::Error| format!("--within: {e}"))?;
                if yuan <= doudi::Money::ZERO {
                    return Err(format!("--within: {yuan} is not an amount above zero"));
                }
                within = Some(yuan);
            }
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    eprintln!("Generating the synthetic district ({persons} persons)…");
    let households = DistrictConfig::default().persons(persons).generate();
    let base = Engine::new(PolicyPack::maojian());
    let reform = Engine::new(reform_pack()?);
    eprintln!("Comparing {from}..{to}…");
    let comparison = population::compare(&base, &reform, &households, from..=to);
    println!("{comparison}");
    if let Some(within) = within {
        eprintln!("Cliff exposure in {to} within {within} yuan…");
        for engine in [&base, &reform] {
            println!();
            print!("{}", population::exposure(engine, &households, to, within));
        }
    }
    Ok(())
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
