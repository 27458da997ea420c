//! A pack written back as TOML: the full, resolved pack of the latest format, which loads to
//! the same fingerprint.

use toml::{Table, Value};

use super::pack::{Dated, History, PolicyPack};
use super::param::{PACK_FORMAT, Param};
use super::source::Provenance;

impl PolicyPack {
    /// The pack as one full TOML document of the latest format ([`crate::PACK_FORMAT`]):
    /// every layer resolved, every value with its date, source, article, status and note,
    /// and the overlap table. It loads to the same fingerprint.
    ///
    /// # Example
    ///
    /// ```
    /// use doudi::PolicyPack;
    ///
    /// let reform = PolicyPack::from_toml(r#"
    /// [pack]
    /// base = "maojian"
    /// name = "maojian-rural-510"
    /// version = "2020.1-r1"
    ///
    /// [dibao.standard]
    /// rural = [{ from = 2020-07-01, value = "510.00", source = "local", status = "illustrative" }]
    /// "#)?;
    /// let full = reform.to_toml();
    /// assert!(!full.contains("base ="));
    /// assert_eq!(PolicyPack::from_toml(&full)?.fingerprint(), reform.fingerprint());
    /// # Ok::<(), doudi::Error>(())
    /// ```
    pub fn to_toml(&self) -> String {
        use std::fmt::Write as _;
        let text = |s: &str| Value::String(s.to_owned()).to_string();
        let mut out = String::new();
        // Writing to a String cannot fail.
        let _ = writeln!(out, "[pack]\nformat = {PACK_FORMAT}");
        for (key, value) in [
            ("name", &self.name),
            ("title", &self.title),
            ("version", &self.version),
        ] {
            let _ = writeln!(out, "{key} = {}", text(value));
        }
        let _ = writeln!(
            out,
            "first_month = \"{}\"\nlast_month = \"{}\"",
            self.first, self.last
        );
        for source in &self.sources {
            let _ = writeln!(out, "\n[sources.{}]", key_text(&source.id));
            let _ = writeln!(out, "document = {}", text(&source.document));
            if let Some(note) = &source.note {
                let _ = writeln!(out, "note = {}", text(note));
            }
        }
        // Each table once, in the order its first parameter comes in the crate's list.
        let mut tables: Vec<(&str, Vec<Param>)> = Vec::new();
        for param in Param::all() {
            let (table, _) = param.name().rsplit_once('.').unwrap_or(("", param.name()));
            match tables.iter_mut().find(|(t, _)| *t == table) {
                Some((_, params)) => params.push(param),
                None => tables.push((table, vec![param])),
            }
        }
        for (table, params) in tables {
            let _ = writeln!(out, "\n[{table}]");
            for param in params {
                let (_, key) = param.name().rsplit_once('.').unwrap_or(("", param.name()));
                let _ = writeln!(out, "{key} = [");
                for row in self.rows(param) {
                    let _ = writeln!(out, "  {},", inline(&row));
                }
                let _ = writeln!(out, "]");
            }
        }
        for rule in &self.overlaps {
            let mut t = Table::new();
            let _ = writeln!(out, "\n[[overlap]]\na = {}", text(&rule.a.to_string()));
            if let Some(b) = rule.b {
                let _ = writeln!(out, "b = {}", text(&b.to_string()));
            }
            let _ = writeln!(out, "kind = {}", text(rule.kind.name()));
            if let Some(winner) = rule.winner {
                let _ = writeln!(out, "winner = {}", text(&winner.to_string()));
            }
            if let Some(condition) = rule.condition {
                let _ = writeln!(out, "condition = {}", text(condition.name()));
            }
            self.provenance_into(&rule.provenance, &mut t);
            for key in ["source", "article", "status", "note"] {
                if let Some(value) = t.get(key) {
                    let _ = writeln!(out, "{key} = {value}");
                }
            }
        }
        out
    }

    /// One parameter's history as TOML rows.
    fn rows(&self, param: Param) -> Vec<Table> {
        fn rows<T: Copy>(
            pack: &PolicyPack,
            history: Option<&History<T>>,
            value: impl Fn(T) -> Value,
        ) -> Vec<Table> {
            history.map_or_else(Vec::new, |h| {
                h.entries
                    .iter()
                    .map(|e: &Dated<T>| {
                        let mut t = Table::new();
                        let from = e.from.format("%Y-%m-%d").to_string();
                        t.insert(
                            "from".into(),
                            from.parse::<toml::value::Datetime>()
                                .map_or(Value::String(from), Value::Datetime),
                        );
                        t.insert("value".into(), value(e.value));
                        pack.provenance_into(&e.provenance, &mut t);
                        t
                    })
                    .collect()
            })
        }
        let text = |d: rust_decimal::Decimal| Value::String(d.normalize().to_string());
        match param {
            Param::Money(p) => rows(self, self.money.get(p.index()), |m| {
                Value::String(m.to_string())
            }),
            Param::Scaled(p) => rows(self, self.scaled.get(p.index()), |v| {
                Value::String(v.to_string())
            }),
            Param::Choice(p) => rows(self, self.choice.get(p.index()), |c| {
                Value::String(c.to_owned())
            }),
            Param::Factor(p) => rows(self, self.factor.get(p.index()), text),
            Param::Percent(p) => rows(self, self.percent.get(p.index()), text),
            Param::Count(p) => rows(self, self.count.get(p.index()), |n| {
                Value::Integer(i64::from(n))
            }),
            Param::Switch(p) => rows(self, self.switch.get(p.index()), Value::Boolean),
            Param::Month(p) => rows(self, self.month.get(p.index()), |m| {
                Value::String(m.to_string())
            }),
        }
    }

    fn provenance_into(&self, p: &Provenance, t: &mut Table) {
        t.insert("source".into(), Value::String(self.source_of(p).id.clone()));
        if let Some(article) = &p.article {
            t.insert("article".into(), Value::String(article.clone()));
        }
        t.insert("status".into(), Value::String(p.status.name().to_owned()));
        if let Some(note) = &p.note {
            t.insert("note".into(), Value::String(note.clone()));
        }
    }
}

/// A row as an inline table, its keys in the order a pack writes them.
fn inline(row: &Table) -> String {
    let fields: Vec<String> = ["from", "value", "source", "article", "status", "note"]
        .iter()
        .filter_map(|key| Some(format!("{key} = {}", row.get(*key)?)))
        .collect();
    format!("{{ {} }}", fields.join(", "))
}

/// A key as TOML writes it: bare when it can be, quoted otherwise.
fn key_text(key: &str) -> String {
    if !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        key.to_owned()
    } else {
        Value::String(key.to_owned()).to_string()
    }
}
