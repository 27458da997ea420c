#!/usr/bin/env bash
# Runs every command the README shows, as written, from the repository's root, and checks
# its exit code: 0, or the one its line names with a trailing `# exit N`. `cargo test` and
# `cargo fuzz` lines are left to the rest of CI. Then runs the command-line examples with
# bad arguments: each must stop with exit code 2 and a message.
set -uo pipefail
cd "$(dirname "$0")/.."

failures=0
run() {
    local expected="$1" command="$2"
    echo "-- $command"
    bash -c "$command" >/tmp/doudi-readme.out 2>/tmp/doudi-readme.err
    local code=$?
    if [ "$code" -ne "$expected" ]; then
        echo "   exit $code, expected $expected"
        tail -n 20 /tmp/doudi-readme.err
        failures=$((failures + 1))
    fi
}

# The README's sh blocks.
in_block=0
while IFS= read -r line; do
    case "$line" in
        '```sh') in_block=1; continue ;;
        '```') in_block=0; continue ;;
    esac
    [ "$in_block" -eq 1 ] || continue
    [ -n "${line// /}" ] || continue
    case "$line" in
        'cargo test'*|*'cargo fuzz'*) continue ;;
    esac
    expected=0
    if [[ "$line" =~ \#\ exit\ ([0-9]+) ]]; then
        expected="${BASH_REMATCH[1]}"
    fi
    command="${line%%#*}"
    run "$expected" "$command"
done < README.md

# Bad arguments: exit 2 and a message naming the mistake.
bad() {
    local expect_text="$1" command="$2"
    echo "-- (bad) $command"
    bash -c "$command" >/tmp/doudi-readme.out 2>/tmp/doudi-readme.err
    local code=$?
    if [ "$code" -ne 2 ] || ! grep -qF -- "$expect_text" /tmp/doudi-readme.err; then
        echo "   exit $code, expected 2 with: $expect_text"
        cat /tmp/doudi-readme.err
        failures=$((failures + 1))
    fi
}
bad "--trace does nothing without --record" "cargo run -q --example evaluate -- --month 2020-03 --trace < examples/data/household.json"
bad "--month is given twice" "cargo run -q --example evaluate -- --month 2020-03 --month 2020-04 < examples/data/household.json"
bad "outside the months of pack maojian (2019-01..2021-12)" "cargo run -q --example evaluate -- --month 2030-01 < examples/data/household.json"
bad "--changes and --record do not go together" "cargo run -q --example evaluate -- --month 2020-07 --changes --record < examples/data/household.json"
bad "--pretty and --words do not go together" "cargo run -q --example evaluate -- --month 2020-07 --pretty --words < examples/data/household.json"
bad "is not an amount above zero" "cargo run -q --release --example reform -- --reform examples/data/reform.toml --within -5"
bad "--reform is required" "cargo run -q --release --example reform -- --persons 5"
bad "--persons and --households do not go together" "cargo run -q --release --example reform -- --reform examples/data/reform.toml --households examples/data/households.jsonl --persons 5"
bad "--tables needs the crate feature arrow" "cargo run -q --release --example reform -- --reform examples/data/reform.toml --tables district-tables"
bad "--xlsx needs the crate feature xlsx" "cargo run -q --release --example reform -- --reform examples/data/reform.toml --xlsx /tmp/doudi-bad.xlsx"
bad "--svg needs the crate feature charts" "cargo run -q --release --example district -- --svg /tmp/doudi-bad.svg"
bad "--monitoring-xlsx needs the crate feature xlsx" "cargo run -q --release --example district -- --monitoring-xlsx /tmp/doudi-bad.xlsx"
bad "--facts does nothing without --back-pay" "cargo run -q --example replay -- records.jsonl --facts examples/data/corrected-facts.jsonl"
bad "no household in the input" "cargo run -q --example evaluate -- --month 2020-03 < /dev/null"
bad "no records" "cargo run -q --example replay -- /dev/null"
bad "is before --from" "cargo run -q --release --example district -- --from 2020-07 --to 2020-03"
bad "is not a whole number above zero" "cargo run -q --release --example district -- --persons -5"
bad "unknown argument" "cargo run -q --release --example district -- --peoples 5"
bad "--tables needs the crate feature arrow" "cargo run -q --release --example district -- --tables /tmp/doudi-bad"
bad "unknown command" "cargo run -q --release --features arrow --example tables -- frob"
bad "--out is required" "cargo run -q --release --features arrow --example tables -- evaluate district-tables --from 2020-03 --to 2020-03"
bad "is neither parquet nor csv" "cargo run -q --release --features arrow --example tables -- import examples/data/households.jsonl --out /tmp/doudi-bad --format xlsx"
bad "/nonexistent cannot be read" "cargo run -q --release --features arrow --example tables -- evaluate /nonexistent --from 2020-03 --to 2020-03 --out /tmp/doudi-bad"
mkdir -p /tmp/doudi-half && cp district-tables/households.parquet /tmp/doudi-half/
bad "has neither persons.parquet nor persons.csv" "cargo run -q --release --features arrow --example tables -- evaluate /tmp/doudi-half --from 2020-03 --to 2020-03 --out /tmp/doudi-bad"
mkdir -p /tmp/doudi-misnamed && cp district-tables/*.parquet /tmp/doudi-misnamed/ && mv /tmp/doudi-misnamed/incomes.parquet /tmp/doudi-misnamed/income.parquet
bad "is not an input table (the nearest name is incomes)" "cargo run -q --release --features arrow --example tables -- evaluate /tmp/doudi-misnamed --from 2020-03 --to 2020-03 --out /tmp/doudi-bad"
bad "is before --from" "cargo run -q --release --features arrow --example tables -- evaluate district-tables --from 2020-05 --to 2020-03 --out /tmp/doudi-bad"
bad "is neither parquet nor csv" "cargo run -q --release --features arrow --example district -- --persons 1000 --tables /tmp/doudi-bad --tables-format xlsx"
bad "--tables-format does nothing without --tables" "cargo run -q --release --features arrow --example district -- --tables-format csv"

# Resource limits and readers that go away: the run ends with exit 0 and no panic.
quiet() {
    local command="$1"
    echo "-- (quiet) $command"
    bash -o pipefail -c "$command" >/tmp/doudi-readme.out 2>/tmp/doudi-readme.err
    local code=$?
    if [ "$code" -ne 0 ] || grep -q "panicked" /tmp/doudi-readme.err; then
        echo "   exit $code, expected 0 without a panic"
        cat /tmp/doudi-readme.err
        failures=$((failures + 1))
    fi
}
quiet "cargo run -q --release --features arrow --example tables -- evaluate district-tables --from 2020-03 --to 2020-03 --out /tmp/doudi-threads --threads 100000"
quiet "cargo run -q --example replay -- records.jsonl | head -n 1"
quiet "cargo run -q --example evaluate -- --month 2020-03 < examples/data/households.jsonl | head -n 1"
quiet "cargo run -q --release --example district -- --persons 3000 --from 2020-03 --to 2020-03 | head -n 1"
quiet "cargo run -q --release --features arrow --example tables -- export district-tables | head -n 1"

if [ "$failures" -ne 0 ]; then
    echo "$failures README or argument check(s) failed"
    exit 1
fi
echo "every README command ran as written"
