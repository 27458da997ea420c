//! Program cases as data: every file of `tests/cases/` holds cases (household facts, a
//! month, the expected outcomes), so that a policy analyst can add a case without writing
//! Rust. Every expected amount is worked out by hand from the rules in the case's comment
//! (the format: `tests/cases/README.md`).

use std::path::Path;

use doudi::{Engine, Household, Money, Month, Outcome, PolicyPack, ProgramId};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    case: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    month: String,
    household: String,
    #[serde(default)]
    expect: Vec<Expect>,
    /// Findings that must be present.
    #[serde(default)]
    finding: Vec<ExpectFinding>,
    /// Finding kinds that must be absent.
    #[serde(default)]
    no_finding: Vec<String>,
    /// Parameters whose values with status illustrative the determination must list.
    #[serde(default)]
    illustrative: Vec<String>,
    /// Edits to the default pack's TOML for this case (an analyst's change).
    #[serde(default)]
    pack_edit: Vec<PackEdit>,
    /// The pack of the case, as an overlay on the default pack (`base = "maojian"`): another
    /// locality's rules.
    pack: Option<String>,
    /// Changes of one fact an entry's list of what would change it must hold.
    #[serde(default)]
    change: Vec<ExpectChange>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectChange {
    program: String,
    person: Option<String>,
    /// The fact's path in the household's JSON input, or `month`.
    fact: String,
    /// The value at which the outcome changes, as text.
    to: String,
    /// The outcome then.
    outcome: String,
    /// The amount then, when paid.
    amount: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectFinding {
    kind: String,
    person: Option<String>,
    program: Option<String>,
    explanation: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PackEdit {
    find: String,
    replace: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    program: String,
    person: Option<String>,
    /// `paid`, `not_paid`, `withheld`, `holds`, `undetermined`, or `none` (no entry).
    outcome: String,
    amount: Option<String>,
    /// For `withheld`: the winning side.
    by: Option<String>,
    /// The reason's code.
    reason: Option<String>,
    /// The reason in words, exactly.
    explanation: Option<String>,
}

fn outcome_name(outcome: &Outcome) -> &'static str {
    match outcome {
        Outcome::Paid { .. } => "paid",
        Outcome::Holds => "holds",
        Outcome::NotPaid => "not_paid",
        Outcome::Withheld { .. } => "withheld",
        Outcome::Undetermined => "undetermined",
        _ => "unknown",
    }
}

/// The mistakes of a case as written: every one named by file, case and field.
fn mistakes(file: &str, case: &Case) -> Vec<String> {
    let at = format!("{file}: case {:?}", case.name);
    let mut out = Vec::new();
    if case.name.trim().is_empty() {
        out.push(format!("{at}: name: empty"));
    }
    if let Err(e) = case.month.parse::<Month>() {
        out.push(format!("{at}: month: {e}"));
    }
    if case.expect.is_empty()
        && case.finding.is_empty()
        && case.no_finding.is_empty()
        && case.illustrative.is_empty()
        && case.change.is_empty()
    {
        out.push(format!(
            "{at}: no expectation (give expect, finding, no_finding, illustrative or change)"
        ));
    }
    for (i, x) in case.change.iter().enumerate() {
        let here = format!("{at}: change[{i}]");
        if let Err(e) = x.program.parse::<ProgramId>() {
            out.push(format!("{here}.program: {e}"));
        }
        if let Some(person) = &x.person
            && let Err(e) = person.parse::<doudi::PersonId>()
        {
            out.push(format!("{here}.person: {e}"));
        }
        if x.outcome == "none" || !OUTCOMES.contains(&x.outcome.as_str()) {
            out.push(format!(
                "{here}.outcome: {:?} is not an outcome a change can have",
                x.outcome
            ));
        }
        if let Some(amount) = &x.amount
            && let Err(e) = amount.parse::<Money>()
        {
            out.push(format!("{here}.amount: {e}"));
        }
        if x.amount.is_some() && x.outcome != "paid" {
            out.push(format!("{here}.amount: only a paid outcome has an amount"));
        }
    }
    for (i, x) in case.expect.iter().enumerate() {
        let here = format!("{at}: expect[{i}]");
        if let Err(e) = x.program.parse::<ProgramId>() {
            out.push(format!("{here}.program: {e}"));
        }
        if let Some(person) = &x.person
            && let Err(e) = person.parse::<doudi::PersonId>()
        {
            out.push(format!("{here}.person: {e}"));
        }
        if !OUTCOMES.contains(&x.outcome.as_str()) {
            out.push(format!(
                "{here}.outcome: {:?} is not one of {}",
                x.outcome,
                OUTCOMES.join(", ")
            ));
        }
        if let Some(amount) = &x.amount
            && let Err(e) = amount.parse::<Money>()
        {
            out.push(format!("{here}.amount: {e}"));
        }
        if x.by.is_some() && x.outcome != "withheld" {
            out.push(format!("{here}.by: only a withheld outcome has a winner"));
        }
    }
    for (i, x) in case.finding.iter().enumerate() {
        if !doudi::FindingKind::ALL.iter().any(|k| k.name() == x.kind) {
            out.push(format!(
                "{at}: finding[{i}].kind: unknown finding kind {:?}",
                x.kind
            ));
        }
    }
    for (i, kind) in case.no_finding.iter().enumerate() {
        // A kind the crate no longer has may be named here: its absence is the point.
        if kind.trim().is_empty() {
            out.push(format!("{at}: no_finding[{i}]: empty"));
        }
    }
    out
}

/// The outcomes a case may expect.
const OUTCOMES: &[&str] = &[
    "paid",
    "not_paid",
    "withheld",
    "holds",
    "undetermined",
    "none",
];

fn check_case(default: &Engine, file: &str, case: &Case) -> Vec<String> {
    let mistakes = mistakes(file, case);
    if !mistakes.is_empty() {
        return mistakes;
    }
    let mut failures = Vec::new();
    let at = format!("{file}: {}", case.name);
    let edited;
    let engine = if let Some(overlay) = &case.pack {
        if !case.pack_edit.is_empty() {
            return vec![format!("{at}: give pack or pack_edit, not both")];
        }
        match PolicyPack::from_toml(overlay) {
            Ok(pack) => edited = Engine::new(pack),
            Err(e) => return vec![format!("{at}: the case's pack does not load: {e}")],
        }
        &edited
    } else if case.pack_edit.is_empty() {
        default
    } else {
        let mut toml = doudi::MAOJIAN_TOML.to_owned();
        for edit in &case.pack_edit {
            if toml.matches(&edit.find).count() != 1 {
                return vec![format!(
                    "{at}: pack_edit {:?} must match exactly once",
                    edit.find
                )];
            }
            toml = toml.replacen(&edit.find, &edit.replace, 1);
        }
        match PolicyPack::from_toml(&toml) {
            Ok(pack) => edited = Engine::new(pack),
            Err(e) => return vec![format!("{at}: edited pack does not load: {e}")],
        }
        &edited
    };
    let household = match Household::from_json(&case.household) {
        Ok(h) => h,
        Err(e) => return vec![format!("{at}: household does not load: {e}")],
    };
    let Ok(month) = case.month.parse::<Month>() else {
        return vec![format!("{at}: month: not a month")];
    };
    let d = match engine.evaluate(&household, month) {
        Ok(d) => d,
        Err(e) => return vec![format!("{at}: evaluation failed: {e}")],
    };
    for x in &case.expect {
        let (Ok(program), Ok(person)) = (
            x.program.parse::<ProgramId>(),
            x.person
                .as_ref()
                .map(|p| p.parse::<doudi::PersonId>())
                .transpose(),
        ) else {
            continue;
        };
        let who = x.person.as_deref().unwrap_or("household");
        let here = format!("{at}: {} for {who}", x.program);
        let Some(entry) = d.entry(program, person.as_ref()) else {
            if x.outcome != "none" {
                failures.push(format!("{here}: no entry"));
            }
            continue;
        };
        let got = outcome_name(entry.outcome());
        if got != x.outcome {
            failures.push(format!(
                "{here}: outcome {got}, expected {} ({})",
                x.outcome,
                entry.reason()
            ));
            continue;
        }
        if let Some(Ok(expected)) = x.amount.as_ref().map(|a| a.parse::<Money>()) {
            let got = match entry.outcome() {
                Outcome::Paid { amount } | Outcome::Withheld { amount, .. } => Some(*amount),
                _ => None,
            };
            if got != Some(expected) {
                failures.push(format!(
                    "{here}: amount {got:?}, expected {expected} ({})",
                    entry.reason()
                ));
            }
        }
        if let Some(by) = &x.by {
            match entry.outcome() {
                Outcome::Withheld { by: got, .. } if got.to_string() == *by => {}
                other => failures.push(format!("{here}: withheld by {by} expected, got {other:?}")),
            }
        }
        if let Some(code) = &x.reason {
            let json = serde_json::to_value(entry.reason()).unwrap_or_default();
            if json["code"] != code.as_str() {
                failures.push(format!("{here}: reason {}, expected {code}", json["code"]));
            }
        }
        if let Some(text) = &x.explanation {
            let got = entry.reason().to_string();
            if got != *text {
                failures.push(format!(
                    "{here}: explanation\n    got      {got}\n    expected {text}"
                ));
            }
        }
    }
    if !case.change.is_empty() {
        match engine.evaluate_changes(&household, month) {
            Ok(changes) => failures.extend(check_changes(&at, case, &changes)),
            Err(e) => failures.push(format!("{at}: evaluation of the changes failed: {e}")),
        }
    }
    for x in &case.finding {
        let found = d.findings().iter().any(|f| {
            f.kind().name() == x.kind
                && x.person
                    .as_ref()
                    .is_none_or(|p| f.person().map(|q| q.as_str()) == Some(p))
                && x.program
                    .as_ref()
                    .is_none_or(|p| f.program().map(|q| q.to_string()).as_ref() == Some(p))
                && x.explanation.as_ref().is_none_or(|e| f.to_string() == *e)
        });
        if !found {
            let all: Vec<String> = d
                .findings()
                .iter()
                .map(|f| format!("{}: {f}", f.kind().name()))
                .collect();
            failures.push(format!(
                "{at}: finding {} {:?} {:?} {:?} not found among\n    {}",
                x.kind,
                x.person,
                x.program,
                x.explanation,
                all.join("\n    ")
            ));
        }
    }
    for param in &case.illustrative {
        if !d
            .values_with(doudi::Status::Illustrative)
            .any(|v| v.param.name() == param)
        {
            failures.push(format!(
                "{at}: the illustrative value {param} is not listed among the values used"
            ));
        }
    }
    for kind in &case.no_finding {
        if let Some(f) = d.findings().iter().find(|f| f.kind().name() == kind) {
            failures.push(format!("{at}: unexpected finding {kind}: {f}"));
        }
    }
    failures
}

/// The expected changes of a case missing from the entries' lists.
fn check_changes(at: &str, case: &Case, changes: &doudi::Changes) -> Vec<String> {
    let mut failures = Vec::new();
    for x in &case.change {
        let (Ok(program), Ok(person)) = (
            x.program.parse::<ProgramId>(),
            x.person
                .as_ref()
                .map(|p| p.parse::<doudi::PersonId>())
                .transpose(),
        ) else {
            continue;
        };
        let list = changes.for_entry(program, person.as_ref());
        let amount = x.amount.as_ref().and_then(|a| a.parse::<Money>().ok());
        let holds = list.iter().any(|c| {
            c.fact().to_string() == x.fact
                && c.to().to_string() == x.to
                && outcome_name(c.then()) == x.outcome
                && amount.is_none_or(|a| c.then() == &Outcome::Paid { amount: a })
        });
        if !holds {
            let who = x.person.as_deref().unwrap_or("household");
            let all: Vec<String> = list.iter().map(ToString::to_string).collect();
            failures.push(format!(
                "{at}: {} for {who}: no change {} → {}: {} {}; the changes are\n    {}",
                x.program,
                x.fact,
                x.to,
                x.outcome,
                x.amount.as_deref().unwrap_or(""),
                all.join("\n    ")
            ));
        }
    }
    failures
}

#[test]
fn every_program_case_holds() {
    let engine = Engine::new(PolicyPack::maojian());
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    let mut failures = Vec::new();
    let mut count = 0;
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) => {
                failures.push(format!("{name}: {e}"));
                continue;
            }
        };
        let file: File = match toml::from_str(&text) {
            Ok(file) => file,
            Err(e) => {
                failures.push(format!("{name}: {}", e.to_string().trim_end()));
                continue;
            }
        };
        for case in &file.case {
            count += 1;
            failures.extend(check_case(&engine, &name, case));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {count} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn the_loader_names_file_case_and_field_of_every_mistake() {
    let text = r#"
[[case]]
name = "a"
month = "2020-13"
household = "{}"
[[case.expect]]
program = "dibaoo"
outcome = "payd"
amount = "1.005"

[[case]]
name = "b"
month = "2020-03"
household = "{}"

[[case]]
name = "c"
month = "2020-03"
household = "{}"
[[case.change]]
program = "dibao"
fact = "financial_assets"
to = "1.00"
outcome = "none"
amount = "2.00"
"#;
    let file: File = toml::from_str(text).unwrap();
    let found: Vec<String> = file
        .case
        .iter()
        .flat_map(|c| mistakes("x.toml", c))
        .collect();
    assert_eq!(
        found,
        [
            r#"x.toml: case "a": month: "2020-13" is not a month (YYYY-MM)"#,
            r#"x.toml: case "a": expect[0].program: unknown program "dibaoo""#,
            r#"x.toml: case "a": expect[0].outcome: "payd" is not one of paid, not_paid, withheld, holds, undetermined, none"#,
            "x.toml: case \"a\": expect[0].amount: amount 1.005 has more than 2 decimal places",
            "x.toml: case \"b\": no expectation (give expect, finding, no_finding, illustrative or change)",
            r#"x.toml: case "c": change[0].outcome: "none" is not an outcome a change can have"#,
            "x.toml: case \"c\": change[0].amount: only a paid outcome has an amount",
        ]
    );
    // A key the format does not have is refused by name.
    let err = toml::from_str::<File>(
        "[[case]]\nname = \"c\"\nmonth = \"2020-03\"\nhousehold = \"{}\"\nexpected = []\n",
    )
    .err()
    .map(|e| e.to_string())
    .unwrap_or_default();
    assert!(err.contains("unknown field `expected`"), "{err}");
}

#[test]
fn every_cash_program_has_at_least_eight_cases() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    for program in [
        "dibao",
        "tekun",
        "disability_living",
        "disability_nursing",
        "orphan",
        "de_facto_orphan",
        "poverty_backstop",
        "price_subsidy",
        "temporary_assistance",
        "covid_relief_2020",
        "covid_material_delivery",
    ] {
        let path = dir.join(format!("{program}.toml"));
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|_| panic!("{program}.toml missing"));
        let file: File = toml::from_str(&text).unwrap_or_else(|e| panic!("{program}.toml: {e}"));
        assert!(file.case.len() >= 8, "{program}: {} cases", file.case.len());
    }
}
