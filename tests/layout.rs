//! The import rule: data flows one way through the crate's modules.
//!
//! ```text
//! foundation   period, error, read, money, parse   (acyclic among themselves)
//! model        facts
//! policy       the pack, and the pack resolved for one month
//! decision     the answer vocabulary: entries, reasons, findings, traces
//! programs     the rules
//! engine       evaluation: stages, working state, overlaps, findings, traces
//! audit        records, replay, back-pay      } peers: neither imports the other
//! population   many households                }
//! schema, tables, json                        (top)
//! ```
//!
//! No module of `src/` imports one of a later layer, peers do not import each other, and
//! within one top-level module the files do not import each other in a loop (a `mod.rs`
//! that only re-exports is seen through: an import of a re-exported name counts as an
//! import of the file that defines it). Library code only: `#[cfg(test)]` items, comments
//! and strings are left out (but a path written as a string, as in
//! `schema_with = "crate::period::date_schema"`, counts). Paths through the crate root's
//! re-exports (`crate::Error`) are refused: library code names the module an item comes
//! from, so that this check can see it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layers, first to last; a module may import modules of its own layer only where the
/// layer says so (the foundation), and those of earlier layers.
const LAYERS: &[&[&str]] = &[
    &["period", "error", "read", "money", "parse"],
    &["model"],
    &["policy"],
    &["decision"],
    &["programs"],
    &["engine"],
    &["audit", "population"],
    &["schema", "tables", "json", "packs"],
];

/// The layer whose modules may import each other (without loops).
const SHARED_LAYER: usize = 0;

fn layer_of(top: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&top))
}

/// A source file: its module path and its text with comments, strings and test items gone.
struct File {
    module: Vec<String>,
    /// Whether the file is a `mod.rs` (its module is the directory).
    is_mod: bool,
    path: PathBuf,
    code: String,
}

fn files(dir: &Path, root: &Path, out: &mut Vec<File>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files(&path, root, out);
            continue;
        }
        if path.extension().and_then(|e| e.to_str()) != Some("rs") {
            continue;
        }
        let rel = path.strip_prefix(root).unwrap();
        let mut module: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_str().unwrap().to_owned())
            .collect();
        let last = module.pop().unwrap();
        let stem = last.trim_end_matches(".rs").to_owned();
        let is_mod = stem == "mod" || (module.is_empty() && stem == "lib");
        if !is_mod {
            module.push(stem);
        }
        let text = std::fs::read_to_string(&path).unwrap();
        out.push(File {
            module,
            is_mod,
            path: rel.to_owned(),
            code: without_tests(&strip(&text)),
        });
    }
}

/// The text without comments and without string and character literals (replaced by a
/// space), keeping string literals that are a `crate::` path.
fn strip(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                let mut depth = 0;
                while i < b.len() {
                    if b[i] == b'/' && b.get(i + 1) == Some(&b'*') {
                        depth += 1;
                        i += 2;
                    } else if b[i] == b'*' && b.get(i + 1) == Some(&b'/') {
                        depth -= 1;
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        i += 1;
                    }
                }
            }
            b'r' if matches!(b.get(i + 1), Some(b'"' | b'#'))
                && (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_')) =>
            {
                // A raw string: r"…" or r#"…"#.
                let mut j = i + 1;
                let mut hashes = 0;
                while b.get(j) == Some(&b'#') {
                    hashes += 1;
                    j += 1;
                }
                if b.get(j) != Some(&b'"') {
                    out.push('r');
                    i += 1;
                    continue;
                }
                j += 1;
                let close: Vec<u8> = std::iter::once(b'"')
                    .chain(std::iter::repeat_n(b'#', hashes))
                    .collect();
                while j < b.len() && !b[j..].starts_with(&close) {
                    j += 1;
                }
                i = j + close.len();
                out.push(' ');
            }
            b'"' => {
                let start = i + 1;
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    if b[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                let content = &text[start..i.min(text.len())];
                i += 1;
                if content.starts_with("crate::")
                    && content
                        .bytes()
                        .all(|c| c.is_ascii_alphanumeric() || b"_:".contains(&c))
                {
                    out.push(' ');
                    out.push_str(content);
                    out.push(' ');
                } else {
                    out.push(' ');
                }
            }
            b'\'' => {
                // A character literal ('x', '\n', '\u{..}'), or a lifetime ('a).
                let rest = &b[i + 1..];
                let literal_len = if rest.first() == Some(&b'\\') {
                    rest.iter().skip(1).position(|&c| c == b'\'').map(|p| p + 2)
                } else {
                    // One character, which may be several bytes long.
                    let ch = text[i + 1..].chars().next();
                    ch.and_then(|c| {
                        let n = c.len_utf8();
                        (rest.get(n) == Some(&b'\'')).then_some(n)
                    })
                };
                match literal_len {
                    Some(n) => {
                        i += n + 2;
                        out.push(' ');
                    }
                    None => {
                        out.push('\'');
                        i += 1;
                    }
                }
            }
            _ => {
                let ch = text[i..].chars().next().unwrap();
                out.push(ch);
                i += ch.len_utf8();
            }
        }
    }
    out
}

/// The code without the items that follow `#[cfg(test)]` (up to their matching brace or
/// semicolon).
fn without_tests(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    let mut rest = code;
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        let after = &rest[at..];
        let b = after.as_bytes();
        let mut depth = 0;
        let mut end = after.len();
        for (k, &c) in b.iter().enumerate() {
            match c {
                b'{' => depth += 1,
                b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = k + 1;
                        break;
                    }
                }
                b';' if depth == 0 => {
                    end = k + 1;
                    break;
                }
                _ => {}
            }
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// Splits code into identifier, `::` and single-character punctuation tokens.
fn tokens(code: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let b = code.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_alphabetic() || c == b'_' || c == b'$' {
            let start = i;
            i += 1;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                i += 1;
            }
            out.push(&code[start..i]);
        } else if c == b':' && b.get(i + 1) == Some(&b':') {
            out.push("::");
            i += 2;
        } else if c.is_ascii_whitespace() || !c.is_ascii() {
            i += 1;
        } else {
            out.push(&code[i..i + 1]);
            i += 1;
        }
    }
    out
}

/// Every path of the code that starts at `crate`, `$crate`, `super`, `self`, or a child
/// module of the current module, as absolute module paths (use-trees expanded). Inline
/// modules (`mod date_serde { … }`) are followed, so that `super` inside one means the file.
fn paths(file: &File, children: &BTreeSet<String>) -> Vec<Vec<String>> {
    let t = tokens(&file.code);
    let mut out = Vec::new();
    // The inline modules open at this point: (module path, brace depth inside it).
    let mut inline: Vec<(Vec<String>, usize)> = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < t.len() {
        let current = inline.last().map_or(&file.module, |(m, _)| m).clone();
        match t[i] {
            "{" => depth += 1,
            "}" => {
                if inline.last().is_some_and(|(_, d)| *d == depth) {
                    inline.pop();
                }
                depth = depth.saturating_sub(1);
            }
            "mod" if t.get(i + 2) == Some(&"{") && t.get(i + 1).is_some_and(|n| is_ident(n)) => {
                let mut m = current.clone();
                m.push(t[i + 1].to_owned());
                depth += 1;
                inline.push((m, depth));
                i += 3;
                continue;
            }
            _ => {}
        }
        let prev = i.checked_sub(1).map(|k| t[k]);
        let start = t[i];
        let begins = match start {
            "crate" | "$crate" | "super" | "self" => true,
            name => inline.is_empty() && children.contains(name),
        };
        // A path begins where the previous token does not continue one.
        if !begins || prev == Some("::") || t.get(i + 1) != Some(&"::") {
            i += 1;
            continue;
        }
        let mut prefix: Vec<String> = match start {
            "crate" | "$crate" => Vec::new(),
            "super" => parent(&current),
            "self" => current.clone(),
            child => {
                let mut m = current.clone();
                m.push(child.to_owned());
                m
            }
        };
        let j = tree(&t, i + 1, &mut prefix, &mut out);
        i = j.max(i + 1);
    }
    out
}

fn parent(module: &[String]) -> Vec<String> {
    let mut m = module.to_vec();
    m.pop();
    m
}

/// Reads `:: segment :: … ` or `:: { tree, tree }` after `prefix`, pushing complete paths;
/// returns the index after the tree.
fn tree(t: &[&str], mut j: usize, prefix: &mut Vec<String>, out: &mut Vec<Vec<String>>) -> usize {
    let depth = prefix.len();
    while t.get(j) == Some(&"::") {
        match t.get(j + 1) {
            Some(&"{") => {
                j += 2;
                loop {
                    match t.get(j) {
                        Some(&"}") => {
                            j += 1;
                            break;
                        }
                        Some(&",") => j += 1,
                        Some(&"super") => {
                            // `{super::x}` inside a tree is rare; take it from the prefix.
                            let mut p = parent(prefix);
                            j = tree(t, j + 1, &mut p, out);
                        }
                        Some(&"self") => {
                            out.push(prefix.clone());
                            j += 1;
                        }
                        Some(name) if is_ident(name) => {
                            let mut p = prefix.clone();
                            p.push((*name).to_owned());
                            j = tree(t, j + 1, &mut p, out);
                        }
                        Some(_) => j += 1,
                        None => break,
                    }
                }
                prefix.truncate(depth);
                return j;
            }
            Some(&"super") => {
                let p = parent(prefix);
                *prefix = p;
                j += 2;
            }
            Some(name) if is_ident(name) => {
                prefix.push((*name).to_owned());
                j += 2;
            }
            _ => break,
        }
    }
    out.push(prefix.clone());
    j
}

fn is_ident(token: &str) -> bool {
    token
        .bytes()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == b'_')
}

/// The crate's modules and what their `mod.rs` files re-export from a child: module path →
/// (name → the path it names).
struct Crate {
    modules: BTreeSet<Vec<String>>,
    reexports: BTreeMap<Vec<String>, BTreeMap<String, Vec<String>>>,
}

impl Crate {
    /// The module (file) a path leads to: the longest prefix that is a module, following
    /// re-exports of a `mod.rs` into the child that defines the name.
    fn resolve(&self, path: &[String]) -> Vec<String> {
        let mut at: Vec<String> = Vec::new();
        for (k, seg) in path.iter().enumerate() {
            let mut next = at.clone();
            next.push(seg.clone());
            if self.modules.contains(&next) {
                at = next;
                continue;
            }
            if let Some(target) = self.reexports.get(&at).and_then(|r| r.get(seg)) {
                let mut full = target.clone();
                full.extend(path[k + 1..].iter().cloned());
                if full.starts_with(&at) && full.len() > at.len() && full != path {
                    return self.resolve(&full);
                }
            }
            break;
        }
        at
    }
}

fn display(module: &[String]) -> String {
    if module.is_empty() {
        "crate".to_owned()
    } else {
        module.join("::")
    }
}

#[test]
fn imports_point_one_way() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut all = Vec::new();
    files(&root, &root, &mut all);
    let modules: BTreeSet<Vec<String>> = all.iter().map(|f| f.module.clone()).collect();
    let children_of = |module: &[String]| -> BTreeSet<String> {
        modules
            .iter()
            .filter(|m| m.len() == module.len() + 1 && m.starts_with(module))
            .map(|m| m[module.len()].clone())
            .collect()
    };
    // Re-exports of `mod.rs` files: `pub use child::…::Name` (or a use-tree of them).
    let mut reexports = BTreeMap::new();
    for f in all.iter().filter(|f| f.is_mod && !f.module.is_empty()) {
        let children = children_of(&f.module);
        let mut names = BTreeMap::new();
        for stmt in f.code.split(';') {
            let stmt = stmt.trim();
            let Some(rest) = stmt
                .strip_prefix("pub use ")
                .or_else(|| stmt.strip_prefix("pub(crate) use "))
            else {
                continue;
            };
            let one = File {
                module: f.module.clone(),
                is_mod: true,
                path: f.path.clone(),
                code: rest.to_owned(),
            };
            for p in paths(&one, &children) {
                if let Some(name) = p.last() {
                    names.insert(name.clone(), p.clone());
                }
            }
        }
        reexports.insert(f.module.clone(), names);
    }
    let krate = Crate {
        modules: modules.clone(),
        reexports,
    };

    let mut problems = Vec::new();
    // Edges between files of one top-level module, for the loop check.
    let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for f in &all {
        if f.module.is_empty() {
            continue; // lib.rs, the guide: it names everything.
        }
        let top = &f.module[0];
        let Some(own) = layer_of(top) else {
            problems.push(format!(
                "{}: module {top} is in no layer of tests/layout.rs",
                f.path.display()
            ));
            continue;
        };
        let children = children_of(&f.module);
        for path in paths(f, &children) {
            let target = krate.resolve(&path);
            let Some(target_top) = target.first() else {
                problems.push(format!(
                    "{}: `crate::{}` goes through the crate root; name the module it comes from",
                    f.path.display(),
                    path.join("::")
                ));
                continue;
            };
            if target_top == top {
                if target != f.module && !f.module.starts_with(&target) {
                    edges
                        .entry(f.module.clone())
                        .or_default()
                        .insert(target.clone());
                }
                continue;
            }
            let Some(theirs) = layer_of(target_top) else {
                continue;
            };
            let allowed = theirs < own || (theirs == own && own == SHARED_LAYER);
            if !allowed {
                problems.push(format!(
                    "{}: imports {} (layer {theirs}) from layer {own}",
                    f.path.display(),
                    display(&target)
                ));
            } else if theirs == own {
                edges
                    .entry(f.module.clone())
                    .or_default()
                    .insert(target.clone());
            }
        }
    }
    // Loops: a depth-first search over the edges.
    let mut state: BTreeMap<Vec<String>, u8> = BTreeMap::new();
    let mut stack: Vec<Vec<String>> = Vec::new();
    fn visit(
        node: &Vec<String>,
        edges: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
        state: &mut BTreeMap<Vec<String>, u8>,
        stack: &mut Vec<Vec<String>>,
        problems: &mut Vec<String>,
    ) {
        state.insert(node.clone(), 1);
        stack.push(node.clone());
        for next in edges.get(node).into_iter().flatten() {
            match state.get(next) {
                Some(1) => {
                    let from = stack.iter().position(|m| m == next).unwrap_or(0);
                    let cycle: Vec<String> = stack[from..]
                        .iter()
                        .chain(std::iter::once(next))
                        .map(|m| display(m))
                        .collect();
                    problems.push(format!("an import loop: {}", cycle.join(" → ")));
                }
                Some(_) => {}
                None => visit(next, edges, state, stack, problems),
            }
        }
        stack.pop();
        state.insert(node.clone(), 2);
    }
    for node in edges.keys() {
        if !state.contains_key(node) {
            visit(node, &edges, &mut state, &mut stack, &mut problems);
        }
    }
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
    // The check saw the crate: every layer's modules that exist, and some imports.
    assert!(modules.contains(&vec!["engine".to_owned()]));
    assert!(!edges.is_empty());
}

/// The checker itself, on small made-up files: it must see the faults it exists for.
#[test]
fn the_checker_finds_upward_imports_and_loops() {
    let file = |module: &str, code: &str| File {
        module: module.split("::").map(str::to_owned).collect(),
        is_mod: false,
        path: PathBuf::from(module),
        code: without_tests(&strip(code)),
    };
    let none = BTreeSet::new();
    let f = file(
        "programs::dibao",
        "use crate::engine::{Working, overlap::{self, x}};\n// crate::audit::Trace\nlet s = \"crate::population\"; let c = '\"'; fn f<'a>() {}\n#[cfg(test)]\nmod tests { use crate::audit::Trace; }\nuse super::super::model::Person;\nmod inner { use super::Ctx; }",
    );
    let found: Vec<String> = paths(&f, &none).iter().map(|p| p.join("::")).collect();
    assert_eq!(
        found,
        [
            "engine::Working",
            "engine::overlap",
            "engine::overlap::x",
            "population",
            "model::Person",
            "programs::dibao::Ctx"
        ]
    );
}
