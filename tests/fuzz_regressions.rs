//! Replays every fuzz seed (`fuzz/seeds/`) and every saved fuzz crash
//! (`tests/fuzz_regressions/`) through the fuzz targets' checks, on the stable toolchain,
//! as part of `cargo test`. A crash found by `cargo fuzz` is copied into
//! `tests/fuzz_regressions/<target>/` under a name that says what it broke, with a
//! `<name>.why` file on the cause.

use std::path::Path;

#[path = "../fuzz/checks.rs"]
mod checks;

fn replay_dir(target: &str, check: fn(&[u8])) -> usize {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut count = 0;
    for dir in [
        root.join("fuzz/seeds").join(target),
        root.join("tests/fuzz_regressions").join(target),
    ] {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut files: Vec<_> = entries
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file() && p.extension().is_none_or(|e| e != "why"))
            .collect();
        files.sort();
        for file in files {
            let data = std::fs::read(&file).unwrap();
            check(&data);
            count += 1;
        }
    }
    count
}

#[test]
fn household_seeds_and_crashes_pass() {
    assert!(replay_dir("household", checks::household) > 0);
}

#[test]
fn pack_seeds_and_crashes_pass() {
    assert!(replay_dir("pack", checks::pack) > 0);
}

#[test]
fn record_seeds_and_crashes_pass() {
    assert!(replay_dir("record", checks::record) > 0);
}

#[test]
fn jsonl_seeds_and_crashes_pass() {
    assert!(replay_dir("jsonl", checks::jsonl) > 0);
}

#[test]
fn overlap_seeds_and_crashes_pass() {
    assert!(replay_dir("overlap", checks::overlap) > 0);
}

#[cfg(feature = "arrow")]
#[test]
fn tables_seeds_and_crashes_pass() {
    assert!(replay_dir("tables", checks::tables) > 0);
}
