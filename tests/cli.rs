//! The command-line examples' arguments: every mistake is a clear message (the examples exit
//! with code 2 on it), never a quiet run. The parser is the examples' own
//! (`examples/common/mod.rs`); `.ci/examples.sh` runs the examples themselves.

#[path = "../examples/common/mod.rs"]
mod common;

use common::{Args, Spec};
use doudi::PolicyPack;

const SPEC: Spec = Spec {
    usage: "usage: example [--month YYYY-MM] [--from YYYY-MM] [--to YYYY-MM] [--persons N] [--record [--trace]] [FILE]",
    values: &["--month", "--from", "--to", "--persons"],
    switches: &["--record", "--trace"],
    positional: 1,
};

fn parse(args: &[&str]) -> Result<Args, String> {
    Args::from(&SPEC, args.iter().map(|a| (*a).to_owned()))
}

fn first_line(result: Result<impl Sized, String>) -> String {
    match result {
        Ok(_) => "accepted".to_owned(),
        Err(e) => e.lines().next().unwrap_or("").to_owned(),
    }
}

#[test]
fn mistakes_in_arguments_are_named() {
    assert_eq!(first_line(parse(&["--month"])), "--month needs a value");
    assert_eq!(
        first_line(parse(&["--month", "--record"])),
        "--month needs a value"
    );
    assert_eq!(
        first_line(parse(&["--month", "2020-03", "--month", "2020-04"])),
        "--month is given twice"
    );
    assert_eq!(
        first_line(parse(&["--record", "--record"])),
        "--record is given twice"
    );
    assert_eq!(
        first_line(parse(&["--moth", "2020-03"])),
        "unknown argument \"--moth\""
    );
    assert_eq!(
        first_line(parse(&["a.jsonl", "b.jsonl"])),
        "unexpected argument \"b.jsonl\""
    );
    let trace_alone = parse(&["--trace"]).unwrap();
    assert_eq!(
        first_line(trace_alone.requires("--trace", "--record")),
        "--trace does nothing without --record"
    );
    assert!(
        parse(&["--trace", "--record"])
            .unwrap()
            .requires("--trace", "--record")
            .is_ok()
    );
    for bad in ["-5", "0", "1e3", "ten", "5.5"] {
        let args = parse(&["--persons", bad]).unwrap();
        assert_eq!(
            first_line(args.count("--persons")),
            format!("--persons: {bad:?} is not a whole number above zero")
        );
    }
    assert_eq!(
        first_line(parse(&["--month", "2020-13"]).unwrap().month("--month")),
        r#"--month: "2020-13" is not a month (YYYY-MM)"#
    );
}

#[test]
fn month_ranges_are_inside_the_pack_and_not_reversed() {
    let pack = PolicyPack::maojian();
    let m = |t: &str| t.parse().unwrap();
    let range = |args: &[&str]| {
        common::month_range(&parse(args).unwrap(), &pack, m("2020-01"), m("2020-12"))
    };
    assert_eq!(range(&[]).unwrap(), m("2020-01")..=m("2020-12"));
    assert_eq!(
        first_line(range(&["--from", "2020-07", "--to", "2020-03"])),
        "--to 2020-03 is before --from 2020-07: no month to run"
    );
    assert_eq!(
        first_line(range(&["--from", "2018-06"])),
        "--from 2018-06 is outside the months of pack maojian (2019-01..2021-12)"
    );
    assert_eq!(
        first_line(range(&["--to", "2030-01"])),
        "--to 2030-01 is outside the months of pack maojian (2019-01..2021-12)"
    );
    assert_eq!(
        range(&["--from", "2020-05", "--to", "2020-05"]).unwrap(),
        m("2020-05")..=m("2020-05")
    );
}
