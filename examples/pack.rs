//! The pack tool for analysts: what a pack holds, how two packs differ, a layered pack
//! written out whole, a pack checked, and an overlay to start from.
//!
//! ```text
//! cargo run --example pack -- show examples/data/rural-510.toml --param dibao.standard.rural
//! cargo run --example pack -- show examples/data/rural-510.toml --on 2020-07
//! cargo run --example pack -- diff maojian examples/data/reform.toml
//! cargo run --example pack -- resolve examples/data/rural-510.toml > rural-510-full.toml
//! cargo run --example pack -- check examples/data/corrected.toml
//! cargo run --example pack -- new --base maojian > my-reform.toml
//! ```
//!
//! A pack is a file, or `maojian` for the pack embedded in the crate. `show` lists every
//! value with its date, source, status and the layer that gave it (`--param P` one
//! parameter, `--on MONTH` the values in force that month), the overlap table and the notes
//! of a pack of an earlier format. `diff A B` lists the values, sources and overlap rows that
//! differ (exit 1 when they do). `resolve` writes the full pack of the latest format, which
//! loads to the same fingerprint. `check` loads a pack and names its first problem with the
//! line it is on. `new` writes an overlay on `--base` (a pack embedded in the crate, or a
//! file) with every parameter it can change in comments.
//!
//! Exit codes: 0; 1 when `diff` finds differences or `check` a problem; 2 on bad arguments
//! or a pack that does not load (other than for `check`).

use std::collections::BTreeSet;
use std::process::ExitCode;

#[macro_use]
mod common;

use common::{Args, Spec};
use doudi::{Param, ParamKind, PolicyPack, Provenance, Segment};

const USAGE: &str = "usage: pack show PACK [--param P] [--on YYYY-MM]
       pack diff A B
       pack resolve PACK
       pack check PACK
       pack new --base PACK
  (PACK: a pack file, or maojian for the pack embedded in the crate)";

const SHOW: Spec = Spec {
    usage: USAGE,
    values: &["--param", "--on"],
    switches: &[],
    positional: 1,
};

const TWO: Spec = Spec {
    usage: USAGE,
    values: &[],
    switches: &[],
    positional: 2,
};

const ONE: Spec = Spec {
    usage: USAGE,
    values: &[],
    switches: &[],
    positional: 1,
};

const NEW: Spec = Spec {
    usage: USAGE,
    values: &["--base"],
    switches: &[],
    positional: 0,
};

/// The pack `name`: the embedded one, or a file; its notes on standard error.
fn load(name: &str) -> Result<PolicyPack, String> {
    if name == "maojian" {
        Ok(PolicyPack::maojian())
    } else {
        common::load_pack(Some(name))
    }
}

/// The packs the command names, `count` of them.
fn packs(args: &Args, count: usize) -> Result<Vec<String>, String> {
    let given = args.positional();
    if given.len() < count {
        return Err(format!(
            "{} required\n{USAGE}",
            if count == 1 {
                "a pack is"
            } else {
                "two packs are"
            }
        ));
    }
    Ok(given.to_vec())
}

/// Where a value or rule comes from, in a few words: source, article, status, with the
/// layer of `pack` that gave it when `layer` is asked for (`diff` leaves it out: the layer
/// is not content), and the note.
fn provenance(pack: &PolicyPack, p: &Provenance, layer: bool) -> String {
    let mut words = pack.source_of(p).id().to_owned();
    if let Some(article) = p.article() {
        words.push(' ');
        words.push_str(article);
    }
    words.push_str(", ");
    words.push_str(p.status().name());
    if layer && let Some(layer) = pack.layers().get(p.layer()) {
        words.push_str(&format!("  [{layer}]"));
    }
    if let Some(note) = p.note() {
        words.push_str(&format!(" — {note}"));
    }
    words
}

fn show(args: &Args) -> Result<ExitCode, String> {
    let name = &packs(args, 1)?[0];
    let pack = load(name)?;
    let only = match args.value("--param") {
        None => None,
        Some(p) => Some(Param::by_name(p).ok_or_else(|| {
            let nearest = Param::all()
                .map(|q| (strsim::levenshtein(p, q.name()), q.name()))
                .min()
                .map(|(_, q)| q)
                .unwrap_or_default();
            format!("--param: {p:?} is not a parameter (the nearest is {nearest})\n{USAGE}")
        })?),
    };
    let on = args.month("--on")?;
    if let Some(month) = on {
        common::check_month(&pack, "--on", month)?;
    }
    outln!("pack {} {} — {}", pack.name(), pack.version(), pack.title());
    outln!(
        "months {}..{}, fingerprint {}",
        pack.first_month(),
        pack.last_month(),
        pack.fingerprint()
    );
    for (i, layer) in pack.layers().iter().enumerate() {
        outln!("layer {i}: {layer}");
    }
    for note in pack.notes() {
        outln!("note: {note}");
    }
    for param in Param::all().filter(|p| only.is_none_or(|o| o == *p)) {
        outln!();
        outln!("{} — {}", param.name(), param.description());
        let values: Vec<_> = pack.values_of(param).collect();
        // With --on, the value in force that month: the last that took effect by then.
        let shown = match on {
            Some(month) => pack
                .cite(param, month)
                .map(|c| vec![c.entry()])
                .unwrap_or_default(),
            None => (0..values.len()).collect(),
        };
        for i in shown {
            if let Some(v) = values.get(i) {
                outln!(
                    "  {}  {}  {}",
                    v.from,
                    v.value,
                    provenance(&pack, v.provenance, true)
                );
            }
        }
    }
    if only.is_none() {
        outln!();
        outln!("overlap");
        for rule in pack.overlaps() {
            outln!(
                "  {}  {}",
                rule_words(rule),
                provenance(&pack, rule.provenance(), true)
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A rule in words: `dibao / tekun: exclusive, winner tekun (minor)`.
fn rule_words(rule: &doudi::OverlapRule) -> String {
    let mut words = rule.a().to_string();
    if let Some(b) = rule.b() {
        words.push_str(&format!(" / {b}"));
    }
    words.push_str(&format!(": {}", rule.kind().name()));
    if let Some(winner) = rule.winner() {
        words.push_str(&format!(", winner {winner}"));
    }
    if let Some(condition) = rule.condition() {
        words.push_str(&format!(" ({})", condition.name()));
    }
    words
}

fn diff(args: &Args) -> Result<ExitCode, String> {
    let names = packs(args, 2)?;
    let (a, b) = (load(&names[0])?, load(&names[1])?);
    let mut differs = 0usize;
    let mut line = |text: String| {
        differs += 1;
        outln!("{text}");
    };
    for (what, x, y) in [
        ("name", a.name(), b.name()),
        ("version", a.version(), b.version()),
        ("title", a.title(), b.title()),
    ] {
        if x != y {
            line(format!("pack {what}: {x} → {y}"));
        }
    }
    if (a.first_month(), a.last_month()) != (b.first_month(), b.last_month()) {
        line(format!(
            "pack months: {}..{} → {}..{}",
            a.first_month(),
            a.last_month(),
            b.first_month(),
            b.last_month()
        ));
    }
    let sources = |p: &PolicyPack| -> BTreeSet<(String, String)> {
        p.sources()
            .iter()
            .map(|s| (s.id().to_owned(), s.document().to_owned()))
            .collect()
    };
    let (sa, sb) = (sources(&a), sources(&b));
    for (id, document) in sa.difference(&sb) {
        line(format!("- source {id}: {document}"));
    }
    for (id, document) in sb.difference(&sa) {
        line(format!("+ source {id}: {document}"));
    }
    for param in Param::all() {
        let rows = |p: &PolicyPack| -> Vec<String> {
            p.values_of(param)
                .map(|v| {
                    format!(
                        "{} {}  {}",
                        v.from,
                        v.value,
                        provenance(p, v.provenance, false)
                    )
                })
                .collect()
        };
        let (ra, rb) = (rows(&a), rows(&b));
        for row in ra.iter().filter(|r| !rb.contains(r)) {
            line(format!("- {} {row}", param.name()));
        }
        for row in rb.iter().filter(|r| !ra.contains(r)) {
            line(format!("+ {} {row}", param.name()));
        }
    }
    let rules = |p: &PolicyPack| -> Vec<String> {
        p.overlaps()
            .iter()
            .map(|r| {
                format!(
                    "{}  {}",
                    rule_words(r),
                    provenance(p, r.provenance(), false)
                )
            })
            .collect()
    };
    let (ra, rb) = (rules(&a), rules(&b));
    for row in ra.iter().filter(|r| !rb.contains(r)) {
        line(format!("- overlap {row}"));
    }
    for row in rb.iter().filter(|r| !ra.contains(r)) {
        line(format!("+ overlap {row}"));
    }
    if differs == 0 {
        outln!(
            "{} and {} hold the same values and rules (fingerprint {})",
            names[0],
            names[1],
            a.fingerprint()
        );
        return Ok(ExitCode::SUCCESS);
    }
    Ok(ExitCode::from(1))
}

fn resolve(args: &Args) -> Result<ExitCode, String> {
    let pack = load(&packs(args, 1)?[0])?;
    out!(
        "# {} {}: every layer resolved (fingerprint {})\n{}",
        pack.name(),
        pack.version(),
        pack.fingerprint(),
        pack.to_toml()
    );
    Ok(ExitCode::SUCCESS)
}

/// The line of `text` a pack error's path is on, found by reading the TOML with its spans.
fn line_of(text: &str, path: &doudi::Path) -> Option<usize> {
    use toml::de::{DeTable, DeValue};
    let doc = DeTable::parse(text).ok()?;
    let mut span = doc.span();
    let mut at: Option<&DeValue<'_>> = None;
    let mut table = Some(doc.get_ref());
    for segment in path.segments() {
        let next = match (segment, table, at) {
            (Segment::Field(key), Some(t), _) => t
                .iter()
                .find(|(k, _)| k.get_ref().as_ref() == key.as_ref())
                .map(|(_, v)| v),
            (Segment::Index(i), _, Some(DeValue::Array(rows))) => rows.get(*i),
            _ => None,
        };
        let Some(next) = next else {
            break;
        };
        span = next.span();
        at = Some(next.get_ref());
        table = match next.get_ref() {
            DeValue::Table(t) => Some(t),
            _ => None,
        };
    }
    Some(
        text.get(..span.start)?
            .bytes()
            .filter(|&b| b == b'\n')
            .count()
            + 1,
    )
}

fn check(args: &Args) -> Result<ExitCode, String> {
    let name = &packs(args, 1)?[0];
    if name == "maojian" {
        let pack = PolicyPack::maojian();
        outln!("maojian: loads (fingerprint {})", pack.fingerprint());
        return Ok(ExitCode::SUCCESS);
    }
    match PolicyPack::from_file(name) {
        Ok(pack) => {
            for note in pack.notes() {
                outln!("{name}: note: {note}");
            }
            outln!(
                "{name}: loads as {} {}, {} layer(s), fingerprint {}",
                pack.name(),
                pack.version(),
                pack.layers().len(),
                pack.fingerprint()
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            let line = std::fs::read_to_string(name)
                .ok()
                .and_then(|text| line_of(&text, &e.path()))
                .filter(|_| !e.path().is_empty());
            match line {
                Some(line) => outln!("{name}:{line}: {e}"),
                None => outln!("{name}: {e}"),
            }
            Ok(ExitCode::from(1))
        }
    }
}

/// The kind of value a parameter takes, as written in a pack.
fn written(kind: ParamKind) -> &'static str {
    match kind {
        ParamKind::Money => "an amount, \"620.00\"",
        ParamKind::Scaled => "an amount, \"930.00\", or a rate, \"1.5x\" or \"10%\"",
        ParamKind::Choice => "one of the names in its description",
        ParamKind::Factor => "a multiplier, \"1.5\"",
        ParamKind::Percent => "a percentage, \"20\" for 20%",
        ParamKind::Count => "a whole number, 6",
        ParamKind::Switch => "true or false",
        ParamKind::Month => "a month, \"2020-03\"",
        _ => "a value",
    }
}

fn new(args: &Args) -> Result<ExitCode, String> {
    let base = args.required("--base")?;
    let pack = load(base)?;
    outln!(
        "# An overlay on {base} ({} {}): give only what you change; every other value, source",
        pack.name(),
        pack.version()
    );
    outln!("# and rule is the base's. A value replaces the base's value that takes effect in the");
    outln!("# same month, or is added to the history; the months before keep the base's values.");
    outln!("[pack]");
    outln!("base = {base:?}");
    outln!("# A changed pack is another pack: give it its own name and version.");
    outln!("name = \"{}-changed\"", pack.name());
    outln!("version = \"{}-1\"", pack.version());
    outln!("# title = {:?}", pack.title());
    outln!("# first_month = \"{}\"", pack.first_month());
    outln!("# last_month = \"{}\"", pack.last_month());
    outln!();
    outln!("# Where your values come from (or cite one of the base's sources by its id):");
    outln!("# [sources.mine]");
    outln!("# document = \"the document your values come from\"");
    let mut group = String::new();
    for param in Param::all() {
        let name = param.name();
        let (table, key) = name.rsplit_once('.').unwrap_or(("", name));
        if table != group {
            outln!();
            outln!("# [{table}]");
            group = table.to_owned();
        }
        let now = pack
            .values_of(param)
            .last()
            .map(|v| format!("{} from {}", v.value, v.from))
            .unwrap_or_default();
        outln!(
            "# {key}: {} — {}; now {now}",
            param.description(),
            written(param.kind())
        );
        outln!(
            "# {key} = [{{ from = {}-01, value = …, source = \"mine\", status = \"illustrative\" }}]",
            pack.first_month()
        );
    }
    outln!();
    outln!(
        "# Overlap rows: an [[overlap]] row replaces the base's row with the same a, b and kind,"
    );
    outln!(
        "# or is added; a [[remove_overlap]] row (a, b, kind) removes one. `show` lists the base's."
    );
    Ok(ExitCode::SUCCESS)
}

fn run() -> Result<ExitCode, String> {
    let mut argv = std::env::args().skip(1);
    let command = argv.next();
    match command.as_deref() {
        Some("show") => show(&Args::from(&SHOW, argv)?),
        Some("diff") => diff(&Args::from(&TWO, argv)?),
        Some("resolve") => resolve(&Args::from(&ONE, argv)?),
        Some("check") => check(&Args::from(&ONE, argv)?),
        Some("new") => new(&Args::from(&NEW, argv)?),
        Some("-h" | "--help") => Err(common::HELP.to_owned()),
        Some(other) => Err(format!(
            "unknown command {other:?}: show, diff, resolve, check or new\n{USAGE}"
        )),
        None => Err(format!("a command is required\n{USAGE}")),
    }
}

fn main() -> ExitCode {
    common::exit(run(), USAGE)
}
