//! Reading a pack from TOML: every check, with errors that name the TOML path.
//!
//! The format, in short (the embedded `packs/maojian.toml` is the full example):
//!
//! ```toml
//! [pack]
//! name = "maojian"
//! title = "茅箭区 default pack"
//! version = "2020.1"
//! first_month = "2019-01"
//! last_month = "2021-12"
//!
//! [sources.mz_2021_57]
//! document = "《最低生活保障审核确认办法》（民发〔2021〕57号）"
//!
//! [dibao.standard]
//! urban = [
//!   { from = 2019-01-01, value = "600.00", source = "local", status = "illustrative" },
//! ]
//!
//! [[overlap]]
//! a = "dibao"
//! b = "tekun"
//! kind = "exclusive"
//! winner = "tekun"
//! source = "mz_2021_43"
//! article = "第27条"
//! status = "verified"
//! ```

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde_json::{Value as Json, json};
use toml::{Table, Value};

use super::overlap::{Condition, OverlapKind, OverlapRule, Party};
use super::pack::{Dated, Fingerprint, History, PolicyPack};
use super::param::{
    ChoiceParam, CountParam, FactorParam, MoneyParam, MonthParam, Param, PercentParam, ScaledParam,
    SwitchParam,
};
use super::scaled::Scaled;
use super::source::{Provenance, Source, Status};
use crate::error::{Error, PackProblem, Path, Problem, Result, Segment};
use crate::model::ProgramId;
use crate::money::Money;
use crate::parse::parse_date;
use crate::period::Month;

/// The longest pack text read, in bytes.
pub const MAX_PACK_BYTES: usize = 1 << 20;
/// The most values one parameter's history may have (a monthly series over 50 years fits).
const MAX_ENTRIES: usize = 600;
/// The most overlap rules and sources a pack may have.
const MAX_ROWS: usize = 1000;

fn fail(path: Path, problem: PackProblem) -> Error {
    Error::Pack { path, problem }
}

/// The path of `key` in the table at `path`.
fn fields_path(path: &Path, key: &'static str) -> Path {
    path.clone().field(key)
}

/// The path of a top-level key.
fn key(name: &'static str) -> Path {
    Path::root().field(name)
}

fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()
        .iter()
        .take(offset)
        .filter(|&&b| b == b'\n')
        .count()
        .saturating_add(1)
}

/// Checks and fingerprints a resolved pack; an error in a value or row an overlay gave is
/// named at its row in that overlay.
pub(super) fn read_resolved(resolved: &super::layer::Resolved) -> Result<PolicyPack> {
    read(resolved).map_err(|e| match e {
        Error::Pack { path, problem } => Error::Pack {
            path: resolved.locate(&path),
            problem,
        },
        e => e,
    })
}

/// A pack's text as a TOML document: at most [`MAX_PACK_BYTES`], its syntax checked.
pub(super) fn parse(text: &str) -> Result<Table> {
    if text.len() > MAX_PACK_BYTES {
        return Err(fail(
            Path::root(),
            PackProblem::Value(Problem::TooManyBytes {
                bytes: text.len(),
                limit: MAX_PACK_BYTES,
            }),
        ));
    }
    toml::from_str(text).map_err(|e| {
        let line = e.span().map_or(0, |s| line_of(text, s.start));
        fail(
            Path::root(),
            PackProblem::Syntax {
                line,
                message: e.message().trim_end().to_owned(),
                cause: crate::error::Cause::new(e.clone()),
            },
        )
    })
}

/// Checks and fingerprints a resolved pack.
fn read(resolved: &super::layer::Resolved) -> Result<PolicyPack> {
    let doc = &resolved.doc;

    let mut header = None;
    let mut sources_table = None;
    let mut overlap_rows = None;
    let mut params: BTreeMap<String, (Path, &toml::value::Array)> = BTreeMap::new();
    for (name, value) in doc {
        match name.as_str() {
            "pack" => header = Some(table(&key("pack"), value)?),
            "sources" => sources_table = Some(table(&key("sources"), value)?),
            "overlap" => overlap_rows = Some(array(&key("overlap"), value)?),
            _ => collect_params(name, &Path::root().field(name.clone()), value, &mut params)?,
        }
    }

    let header = header.ok_or_else(|| fail(key("pack"), PackProblem::Missing))?;
    let mut fields = Fields::new(key("pack"), header);
    let name = fields.string("name")?;
    let title = fields.string("title")?;
    let version = fields.string("version")?;
    let first = fields.month("first_month")?;
    let last = fields.month("last_month")?;
    fields.finish()?;
    if last < first {
        return Err(fail(
            key("pack").field("last_month"),
            PackProblem::EmptyCoverage { first, last },
        ));
    }

    let sources =
        read_sources(sources_table.ok_or_else(|| fail(key("sources"), PackProblem::Missing))?)?;
    let source_index: BTreeMap<&str, u16> = sources
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), u16::try_from(i).unwrap_or(u16::MAX)))
        .collect();

    for (name, (path, _)) in &params {
        if Param::by_name(name).is_none() {
            return Err(fail(
                path.clone(),
                PackProblem::UnknownParameter { name: name.clone() },
            ));
        }
    }
    // Every parameter the pack lacks, named at once: an upgrade is one edit, not a run per
    // parameter.
    let missing: Vec<&'static str> = Param::all()
        .map(|p| p.name())
        .filter(|name| params.get(*name).is_none_or(|(_, rows)| rows.is_empty()))
        .collect();
    if missing.len() > 1 {
        return Err(fail(
            Path::root(),
            PackProblem::MissingParameters { names: missing },
        ));
    }
    let ctx = Ctx {
        params: &params,
        sources: &source_index,
        first,
        origins: &resolved.params,
    };
    let money = MoneyParam::ALL
        .iter()
        .map(|&p| ctx.history(p.into(), |path, v| money_value(p, path, v)))
        .collect::<Result<Vec<_>>>()?;
    let scaled = ScaledParam::ALL
        .iter()
        .map(|&p| ctx.history(p.into(), |path, v| scaled_value(p, path, v)))
        .collect::<Result<Vec<_>>>()?;
    let choice = ChoiceParam::ALL
        .iter()
        .map(|&p| ctx.history(p.into(), |path, v| choice_value(p, path, v)))
        .collect::<Result<Vec<_>>>()?;
    let factor = FactorParam::ALL
        .iter()
        .map(|&p| ctx.history(p.into(), |path, v| decimal_value(path, v, factor_range(p))))
        .collect::<Result<Vec<_>>>()?;
    let percent = PercentParam::ALL
        .iter()
        .map(|&p| ctx.history(p.into(), |path, v| decimal_value(path, v, percent_range(p))))
        .collect::<Result<Vec<_>>>()?;
    let count = CountParam::ALL
        .iter()
        .map(|&p| ctx.history(p.into(), |path, v| count_value(p, path, v)))
        .collect::<Result<Vec<_>>>()?;
    let switch = SwitchParam::ALL
        .iter()
        .map(|&p| ctx.history(p.into(), switch_value))
        .collect::<Result<Vec<_>>>()?;
    let month = MonthParam::ALL
        .iter()
        .map(|&p| ctx.history(p.into(), month_value))
        .collect::<Result<Vec<_>>>()?;

    let overlaps = match overlap_rows {
        Some(rows) => read_overlaps(rows, &source_index, &resolved.overlaps)?,
        None => Vec::new(),
    };

    let mut pack = PolicyPack {
        name,
        title,
        version,
        first,
        last,
        sources,
        money,
        scaled,
        choice,
        factor,
        percent,
        count,
        switch,
        month,
        overlaps,
        fingerprint: Fingerprint([0; 32]),
        layers: resolved.layers.clone(),
        notes: resolved.notes.clone(),
    };
    pack.fingerprint = Fingerprint::of(&canonical_form(&pack));
    Ok(pack)
}

fn table<'a>(path: &Path, value: &'a Value) -> Result<&'a Table> {
    value.as_table().ok_or_else(|| {
        fail(
            path.clone(),
            PackProblem::WrongType {
                expected: "a table",
                found: found(value),
            },
        )
    })
}

fn array<'a>(path: &Path, value: &'a Value) -> Result<&'a toml::value::Array> {
    let rows = value.as_array().ok_or_else(|| {
        fail(
            path.clone(),
            PackProblem::WrongType {
                expected: "an array of tables",
                found: found(value),
            },
        )
    })?;
    if rows.len() > MAX_ROWS {
        return Err(fail(
            path.clone(),
            PackProblem::Value(Problem::TooMany {
                count: rows.len(),
                limit: MAX_ROWS,
            }),
        ));
    }
    Ok(rows)
}

/// Walks parameter groups: a table descends, an array is one parameter's history, kept
/// under its dotted name with its path.
fn collect_params<'a>(
    name: &str,
    path: &Path,
    value: &'a Value,
    out: &mut BTreeMap<String, (Path, &'a toml::value::Array)>,
) -> Result<()> {
    match value {
        Value::Table(t) => {
            for (key, inner) in t {
                collect_params(
                    &format!("{name}.{key}"),
                    &path.clone().field(key.clone()),
                    inner,
                    out,
                )?;
            }
            Ok(())
        }
        Value::Array(a) => {
            out.insert(name.to_owned(), (path.clone(), a));
            Ok(())
        }
        _ if Param::by_name(name).is_none() => Err(fail(
            path.clone(),
            PackProblem::UnknownParameter {
                name: name.to_owned(),
            },
        )),
        _ => Err(fail(
            path.clone(),
            PackProblem::WrongType {
                expected: "an array of dated values",
                found: found(value),
            },
        )),
    }
}

/// The keys of one TOML table, taken one by one; `finish` refuses any left over.
struct Fields<'a> {
    path: Path,
    table: &'a Table,
    taken: Vec<&'static str>,
}

impl<'a> Fields<'a> {
    fn new(path: Path, table: &'a Table) -> Fields<'a> {
        Fields {
            path,
            table,
            taken: Vec::new(),
        }
    }

    fn at(&self, key: &str) -> Path {
        self.path.clone().field(key.to_owned())
    }

    fn optional(&mut self, key: &'static str) -> Option<&'a Value> {
        self.taken.push(key);
        self.table.get(key)
    }

    fn required(&mut self, key: &'static str) -> Result<&'a Value> {
        self.optional(key)
            .ok_or_else(|| fail(self.at(key), PackProblem::Missing))
    }

    fn string(&mut self, key: &'static str) -> Result<String> {
        let value = self.required(key)?;
        self.as_string(key, value)
    }

    fn optional_string(&mut self, key: &'static str) -> Result<Option<String>> {
        match self.optional(key) {
            Some(value) => self.as_string(key, value).map(Some),
            None => Ok(None),
        }
    }

    fn as_string(&self, key: &str, value: &Value) -> Result<String> {
        let text = value.as_str().ok_or_else(|| {
            fail(
                self.at(key),
                PackProblem::WrongType {
                    expected: "a string",
                    found: found(value),
                },
            )
        })?;
        let len = text.chars().count();
        if len > 2000 {
            return Err(fail(
                self.at(key),
                PackProblem::Value(Problem::TextTooLong { len, limit: 2000 }),
            ));
        }
        // A note may run over lines; nothing else invisible may stand in a pack's text.
        if text
            .chars()
            .any(|c| c != '\n' && c != '\t' && crate::error::is_invisible(c))
        {
            return Err(fail(self.at(key), PackProblem::InvisibleCharacters));
        }
        Ok(text.to_owned())
    }

    fn month(&mut self, key: &'static str) -> Result<Month> {
        let text = self.string(key)?;
        Month::parse_problem(&text).map_err(|p| fail(self.at(key), PackProblem::Value(p)))
    }

    fn name<T>(
        &mut self,
        key: &'static str,
        expected: &'static str,
        parse: impl Fn(&str) -> Option<T>,
    ) -> Result<T> {
        let text = self.string(key)?;
        parse(&text).ok_or_else(|| {
            fail(
                self.at(key),
                PackProblem::UnknownName {
                    found: text,
                    expected,
                },
            )
        })
    }

    fn optional_name<T>(
        &mut self,
        key: &'static str,
        expected: &'static str,
        parse: impl Fn(&str) -> Option<T>,
    ) -> Result<Option<T>> {
        if self.table.contains_key(key) {
            self.name(key, expected, parse).map(Some)
        } else {
            self.taken.push(key);
            Ok(None)
        }
    }

    /// The source, article, status and note of a value or rule.
    fn provenance(&mut self, sources: &BTreeMap<&str, u16>) -> Result<Provenance> {
        let id = self.string("source")?;
        let source = *sources
            .get(id.as_str())
            .ok_or_else(|| fail(self.at("source"), PackProblem::UnknownSource { id }))?;
        let article = self.optional_string("article")?;
        let status = self.name("status", Status::NAMES, Status::parse)?;
        let note = self.optional_string("note")?;
        Ok(Provenance {
            source,
            article,
            status,
            note,
            layer: 0,
        })
    }

    fn finish(self) -> Result<()> {
        match self
            .table
            .keys()
            .find(|k| !self.taken.contains(&k.as_str()))
        {
            Some(key) => Err(fail(self.at(key), PackProblem::UnknownKey)),
            None => Ok(()),
        }
    }
}

fn read_sources(table: &Table) -> Result<Vec<Source>> {
    if table.len() > MAX_ROWS {
        return Err(fail(
            key("sources"),
            PackProblem::Value(Problem::TooMany {
                count: table.len(),
                limit: MAX_ROWS,
            }),
        ));
    }
    let mut sources = Vec::with_capacity(table.len());
    for (id, value) in table {
        let path = key("sources").field(id.clone());
        let mut fields = Fields::new(path.clone(), self::table(&path, value)?);
        let document = fields.string("document")?;
        let note = fields.optional_string("note")?;
        fields.finish()?;
        sources.push(Source {
            id: id.clone(),
            document,
            note,
        });
    }
    sources.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(sources)
}

struct Ctx<'a> {
    params: &'a BTreeMap<String, (Path, &'a toml::value::Array)>,
    sources: &'a BTreeMap<&'a str, u16>,
    first: Month,
    /// Where each parameter's values came from (see [`super::layer`]).
    origins: &'a BTreeMap<String, Vec<super::layer::Origin>>,
}

impl Ctx<'_> {
    fn history<T>(
        &self,
        param: Param,
        parse: impl Fn(&Path, &Value) -> Result<T>,
    ) -> Result<History<T>> {
        let name = param.name();
        let Some((at, rows)) = self.params.get(name) else {
            return Err(fail(param.path(), PackProblem::MissingParameter { name }));
        };
        if rows.is_empty() {
            return Err(fail(at.clone(), PackProblem::MissingParameter { name }));
        }
        if rows.len() > MAX_ENTRIES {
            return Err(fail(
                at.clone(),
                PackProblem::Value(Problem::TooMany {
                    count: rows.len(),
                    limit: MAX_ENTRIES,
                }),
            ));
        }
        let mut entries: Vec<Dated<T>> = Vec::with_capacity(rows.len());
        for (i, row) in rows.iter().enumerate() {
            let path = at.clone().then(Segment::Index(i));
            let mut fields = Fields::new(path.clone(), table(&path, row)?);
            let from_value = fields.required("from")?;
            let from = date_value(&fields.at("from"), from_value)?;
            let value = parse(&fields.at("value"), fields.required("value")?)?;
            let mut provenance = fields.provenance(self.sources)?;
            provenance.layer = self
                .origins
                .get(name)
                .and_then(|o| o.get(i))
                .map_or(0, |o| o.layer);
            fields.finish()?;
            if let Some(previous) = entries.last()
                && from <= previous.from
            {
                return Err(fail(
                    fields_path(&path, "from"),
                    PackProblem::NotIncreasing {
                        date: from,
                        previous: previous.from,
                    },
                ));
            }
            let month = Month::of(from).map_err(|_| {
                fail(
                    fields_path(&path, "from"),
                    PackProblem::Value(Problem::YearOutOfRange { year: from.year() }),
                )
            })?;
            let effective = if from.day() == 1 { month } else { month.next() };
            if let Some(previous) = entries.last()
                && previous.effective == effective
            {
                return Err(fail(
                    fields_path(&path, "from"),
                    PackProblem::SameMonth {
                        date: from,
                        previous: previous.from,
                        month: effective,
                    },
                ));
            }
            entries.push(Dated {
                from,
                effective,
                value,
                provenance,
            });
        }
        if let Some(first) = entries.first()
            && first.effective > self.first
        {
            return Err(fail(
                fields_path(&at.clone().then(Segment::Index(0)), "from"),
                PackProblem::NoValueAtStart {
                    name,
                    first: first.from,
                    covers: self.first,
                },
            ));
        }
        Ok(History { entries })
    }
}

pub(super) fn date_value(path: &Path, value: &Value) -> Result<NaiveDate> {
    let text = match value {
        Value::String(s) => s.clone(),
        Value::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() && dt.date.is_some() => {
            dt.to_string()
        }
        _ => {
            return Err(fail(
                path.clone(),
                PackProblem::WrongType {
                    expected: "a date such as 2020-01-01",
                    found: found(value),
                },
            ));
        }
    };
    parse_date(&text).map_err(|p| fail(path.clone(), PackProblem::Value(p)))
}

/// What a TOML value is, in the words of a message, with the value where it has one.
pub(super) fn found(value: &Value) -> String {
    match value {
        Value::String(s) if s.chars().count() > 40 => {
            format!("a string of {} characters", s.chars().count())
        }
        Value::String(s) => format!("the string {s:?}"),
        Value::Integer(i) => format!("the number {i}"),
        Value::Float(f) => format!("the number {f}"),
        Value::Boolean(b) => format!("the boolean {b}"),
        Value::Datetime(d) => format!("the date {d}"),
        Value::Array(_) => "a list".to_owned(),
        Value::Table(_) => "a table".to_owned(),
    }
}

fn decimal(path: &Path, value: &Value) -> Result<Decimal> {
    match value {
        Value::String(s) => Money::parse_problem(s)
            .map(Money::yuan)
            .map_err(|p| fail(path.clone(), PackProblem::Value(p))),
        Value::Integer(i) => Ok(Decimal::from(*i)),
        _ => Err(fail(
            path.clone(),
            PackProblem::WrongType {
                expected: "a decimal as a string such as \"1.3\"",
                found: found(value),
            },
        )),
    }
}

fn money_value(p: MoneyParam, path: &Path, value: &Value) -> Result<Money> {
    let amount = Money::exact(decimal(path, value)?);
    if let Some(problem) = amount.input_problem() {
        return Err(fail(path.clone(), PackProblem::Value(problem)));
    }
    // Every rule of dibao, tekun and what follows them measures against the standard: a
    // standard of zero means nothing a deployment could intend.
    if matches!(
        p,
        MoneyParam::DibaoStandardUrban | MoneyParam::DibaoStandardRural
    ) && amount.is_zero()
    {
        return Err(fail(
            path.clone(),
            PackProblem::OutOfRange {
                value: amount.to_string(),
                allowed: "above 0",
            },
        ));
    }
    Ok(amount)
}

type Range = (Decimal, Decimal, &'static str);

/// The decimal places a pack's factors and percentages may have.
const MAX_PLACES: u32 = 6;

/// The smallest value above zero a pack may write (six decimal places).
const ABOVE_ZERO: Decimal = Decimal::from_parts(1, 0, 0, false, 6);

/// An amount (`"930.00"`), a multiple (`"1.5x"`) or a share (`"10%"`) of the parameter's
/// base: an amount to the fen, a rate within the parameter's range, each number with at
/// most [`MAX_PLACES`] decimal places as written.
fn scaled_value(p: ScaledParam, path: &Path, value: &Value) -> Result<Scaled> {
    const EXPECTED: &str = "an amount (\"930.00\"), a multiple (\"1.5x\") or a share (\"10%\")";
    let wrong = || {
        fail(
            path.clone(),
            PackProblem::WrongType {
                expected: EXPECTED,
                found: found(value),
            },
        )
    };
    let Value::String(text) = value else {
        return Err(wrong());
    };
    let text = text.trim();
    let (number, scale) = if let Some(n) = text.strip_suffix('%') {
        (n, Some(Decimal::ONE_HUNDRED))
    } else if let Some(n) = text.strip_suffix('x') {
        (n, Some(Decimal::ONE))
    } else {
        (text, None)
    };
    let written = number.trim().parse::<Decimal>().map_err(|_| wrong())?;
    let Some(scale) = scale else {
        let amount = Money::exact(written);
        return match amount.input_problem() {
            Some(problem) => Err(fail(path.clone(), PackProblem::Value(problem))),
            None => Ok(Scaled::Amount(amount)),
        };
    };
    let rate = written.checked_div(scale).ok_or_else(wrong)?;
    check_decimal(path, text, written, rate, scaled_range(p))?;
    Ok(Scaled::Rate(rate.normalize()))
}

/// The range of a rate of `p` (as a multiple), and the words for it.
fn scaled_range(p: ScaledParam) -> Range {
    use ScaledParam as S;
    let d = Decimal::from;
    match p {
        S::DibaoEdgeUrban | S::DibaoEdgeRural => (d(1), d(10), "1x..=10x"),
        S::DibaoAssetLimitUrban | S::DibaoAssetLimitRural => (d(0), d(240), "0x..=240x"),
        S::TekunBasicUrban | S::TekunBasicRural => (d(1), d(10), "1x..=10x"),
        S::TekunCareDispersedFull
        | S::TekunCareDispersedPartly
        | S::TekunCareDispersedFully
        | S::TekunCareCentralizedFull
        | S::TekunCareCentralizedPartly
        | S::TekunCareCentralizedFully => (d(0), d(5), "0%..=500%"),
        S::DibaoTopUpAgedUrban
        | S::DibaoTopUpAgedRural
        | S::DibaoTopUpMinorUrban
        | S::DibaoTopUpMinorRural
        | S::DibaoTopUpSevereDisabilityUrban
        | S::DibaoTopUpSevereDisabilityRural
        | S::DibaoTopUpSeriousIllnessUrban
        | S::DibaoTopUpSeriousIllnessRural
        | S::DibaoWorkDeduction => (d(0), d(1), "0%..=100%"),
    }
}

/// One of the parameter's named choices.
fn choice_value(p: ChoiceParam, path: &Path, value: &Value) -> Result<&'static str> {
    let expected = p.expected();
    let Value::String(text) = value else {
        return Err(fail(
            path.clone(),
            PackProblem::WrongType {
                expected,
                found: found(value),
            },
        ));
    };
    p.choices()
        .iter()
        .find(|c| **c == text.as_str())
        .copied()
        .ok_or_else(|| {
            fail(
                path.clone(),
                PackProblem::UnknownName {
                    found: text.clone(),
                    expected: expected.strip_prefix("one of ").unwrap_or(expected),
                },
            )
        })
}

fn factor_range(p: FactorParam) -> Range {
    let most = Decimal::from(1000);
    match p {
        // A temporary cap of nothing pays nothing by rule.
        FactorParam::TemporaryCapMonths => (ABOVE_ZERO, most, "above 0, at most 1000"),
        _ => (Decimal::ZERO, most, "0..=1000"),
    }
}

fn percent_range(p: PercentParam) -> Range {
    match p {
        // Price indices may fall.
        PercentParam::CpiGeneral | PercentParam::CpiFood => {
            (Decimal::from(-100), Decimal::from(1000), "-100..=1000")
        }
        _ => (Decimal::ZERO, Decimal::from(100), "0..=100"),
    }
}

fn decimal_value(path: &Path, value: &Value, range: Range) -> Result<Decimal> {
    let d = decimal(path, value)?;
    check_decimal(path, &d.to_string(), d, d, range)?;
    Ok(d)
}

/// Refuses a number written with more than [`MAX_PLACES`] decimal places (`written`), or
/// whose value (`value`) is outside `range`; `text` is the value as the message shows it.
fn check_decimal(
    path: &Path,
    text: &str,
    written: Decimal,
    value: Decimal,
    (min, max, allowed): Range,
) -> Result<()> {
    let places = written.normalize().scale();
    if places > MAX_PLACES {
        return Err(fail(
            path.clone(),
            PackProblem::TooManyPlaces {
                value: text.to_owned(),
                places,
                most: MAX_PLACES,
            },
        ));
    }
    if value < min || value > max {
        return Err(fail(
            path.clone(),
            PackProblem::OutOfRange {
                value: text.to_owned(),
                allowed,
            },
        ));
    }
    Ok(())
}

fn count_value(p: CountParam, path: &Path, value: &Value) -> Result<u32> {
    let (min, max, allowed) = match p {
        // The national rule allows at most six months; two years is past any reading.
        CountParam::DibaoGradualExitMonths => (0, 24, "0..=24"),
        CountParam::TekunMinorAgeLimit => (1, 25, "1..=25"),
        CountParam::CovidDeliveryCycles => (0, 100, "0..=100"),
        // A result used for no month at all, or reviews never due, mean nothing.
        CountParam::VerificationValidMonths => (0, 120, "0..=120"),
        CountParam::ReviewMonthsStable | CountParam::ReviewMonthsUnstable => (1, 120, "1..=120"),
    };
    let n = value.as_integer().ok_or_else(|| {
        fail(
            path.clone(),
            PackProblem::WrongType {
                expected: "a whole number",
                found: found(value),
            },
        )
    })?;
    u32::try_from(n)
        .ok()
        .filter(|n| (min..=max).contains(n))
        .ok_or_else(|| {
            fail(
                path.clone(),
                PackProblem::OutOfRange {
                    value: n.to_string(),
                    allowed,
                },
            )
        })
}

fn switch_value(path: &Path, value: &Value) -> Result<bool> {
    value.as_bool().ok_or_else(|| {
        fail(
            path.clone(),
            PackProblem::WrongType {
                expected: "true or false",
                found: found(value),
            },
        )
    })
}

fn month_value(path: &Path, value: &Value) -> Result<Month> {
    let text = value.as_str().ok_or_else(|| {
        fail(
            path.clone(),
            PackProblem::WrongType {
                expected: "a month such as \"2020-03\"",
                found: found(value),
            },
        )
    })?;
    Month::parse_problem(text).map_err(|p| fail(path.clone(), PackProblem::Value(p)))
}

const PARTIES: &str = "a program name, local:NAME, external:KIND or any";

fn read_overlaps(
    rows: &toml::value::Array,
    sources: &BTreeMap<&str, u16>,
    origins: &[super::layer::Origin],
) -> Result<Vec<OverlapRule>> {
    let mut rules: Vec<OverlapRule> = Vec::with_capacity(rows.len());
    for (i, row) in rows.iter().enumerate() {
        let path = key("overlap").then(Segment::Index(i));
        let mut fields = Fields::new(path.clone(), table(&path, row)?);
        let a = fields.name("a", "a program name or local:NAME", |t| {
            t.parse::<ProgramId>().ok()
        })?;
        let b = fields.optional_name("b", PARTIES, Party::parse)?;
        let kind = fields.name("kind", OverlapKind::NAMES, OverlapKind::parse)?;
        let winner = fields.optional_name("winner", PARTIES, Party::parse)?;
        let condition = fields.optional_name("condition", Condition::NAMES, Condition::parse)?;
        let mut provenance = fields.provenance(sources)?;
        provenance.layer = origins.get(i).map_or(0, |o| o.layer);
        fields.finish()?;
        let bad = |why| fail(path.clone(), PackProblem::BadOverlap { why });
        match (kind, b) {
            (OverlapKind::Once, Some(_)) => return Err(bad("a once rule names only a")),
            (OverlapKind::Once, None) => {}
            (_, None) => return Err(bad("this kind of rule needs b")),
            (_, Some(b)) if b == Party::Program(a) => {
                return Err(bad("a and b are the same program"));
            }
            (OverlapKind::TopUp, Some(Party::Program(_))) => {}
            (OverlapKind::TopUp, Some(_)) => return Err(bad("a top_up rule needs a program as b")),
            (OverlapKind::Stack, Some(_)) => {}
            (_, Some(Party::Any)) => return Err(bad("only a stack rule may name any")),
            _ => {}
        }
        match (kind, winner) {
            (OverlapKind::Exclusive, None) => return Err(bad("an exclusive rule needs a winner")),
            (OverlapKind::Exclusive, Some(w)) if w != Party::Program(a) && Some(w) != b => {
                return Err(bad("the winner must be a or b"));
            }
            (OverlapKind::Exclusive, Some(_)) => {}
            (_, Some(_)) => return Err(bad("only an exclusive rule has a winner")),
            (_, None) => {}
        }
        if condition.is_some() && kind != OverlapKind::Exclusive {
            return Err(bad("only an exclusive rule has a condition"));
        }
        // Two rules for one pair could both apply to one person (a condition narrows a
        // rule, it never excludes another) and name opposite winners: refused. The one
        // pairing that keeps one meaning is a rule that settles who is paid (exclusive or
        // take-the-higher, applied first in a stage) with a top-up (applied after it, so
        // it only ever tops up where the first did not withhold).
        let settles_then_tops_up = |other: OverlapKind| {
            matches!(
                (kind, other),
                (
                    OverlapKind::Exclusive | OverlapKind::TakeHigher,
                    OverlapKind::TopUp
                ) | (
                    OverlapKind::TopUp,
                    OverlapKind::Exclusive | OverlapKind::TakeHigher
                )
            )
        };
        let same_pair = |r: &OverlapRule| {
            let pair = (Party::Program(r.a), r.b);
            let reversed = (r.b.unwrap_or(Party::Any), Some(Party::Program(r.a)));
            let this = (Party::Program(a), b);
            (pair == this || reversed == this) && !settles_then_tops_up(r.kind)
        };
        if let Some(first) = rules.iter().position(same_pair) {
            return Err(fail(path.clone(), PackProblem::DuplicateOverlap { first }));
        }
        rules.push(OverlapRule {
            a,
            b,
            kind,
            winner,
            condition,
            provenance,
        });
    }
    check_cycles(&rules)?;
    // Canonical order: the table's meaning never depends on how the rows were written.
    rules.sort_by_key(|r| (r.a, r.b, r.kind, r.condition));
    Ok(rules)
}

/// Refuses rules that form a cycle, naming them by their rows: exclusive rules whose
/// winners do (A over B over … over A: which wins would depend on the order they are
/// applied in), and top-ups that do (A paid above B, B above … above A: none has an amount
/// to start from).
fn check_cycles(rules: &[OverlapRule]) -> Result<()> {
    for kind in [OverlapKind::Exclusive, OverlapKind::TopUp] {
        // An edge from the side that gives way to the side that comes first, with the
        // rule's row: an exclusive rule's loser to its winner, a top-up's program to the
        // program it counts.
        let edges: Vec<(Party, Party, usize)> = rules
            .iter()
            .enumerate()
            .filter(|(_, r)| r.kind == kind)
            .filter_map(|(i, r)| {
                let (a, b) = (Party::Program(r.a), r.b?);
                match kind {
                    OverlapKind::Exclusive => {
                        let winner = r.winner?;
                        Some((if winner == a { b } else { a }, winner, i))
                    }
                    _ => Some((a, b, i)),
                }
            })
            .collect();
        if let Some((rows, mut parties)) = first_cycle(&edges) {
            // Written as the rules read: the winner over the loser; a program above the one
            // it counts.
            let join = match kind {
                OverlapKind::Exclusive => {
                    parties.reverse();
                    " over "
                }
                _ => " above ",
            };
            if let Some(first) = parties.first().cloned() {
                parties.push(first);
            }
            let programs = parties.join(join);
            let first_row = rows.first().copied().unwrap_or(0);
            return Err(fail(
                key("overlap").then(Segment::Index(first_row)),
                PackProblem::OverlapCycle {
                    kind: kind.name(),
                    rules: rows,
                    programs,
                },
            ));
        }
    }
    Ok(())
}

/// The first cycle along `edges` (from → to, with a row): its rows in order and its parties
/// along the edges, each once.
fn first_cycle(edges: &[(Party, Party, usize)]) -> Option<(Vec<usize>, Vec<String>)> {
    // Depth-first from every party along the edges; a party met again on the path closes
    // a cycle. At most 1,000 rules: quadratic is nothing.
    fn walk(
        at: Party,
        edges: &[(Party, Party, usize)],
        path: &mut Vec<(Party, usize)>,
        done: &mut Vec<Party>,
    ) -> Option<Vec<(Party, usize)>> {
        if done.contains(&at) {
            return None;
        }
        for &(from, to, row) in edges.iter().filter(|e| e.0 == at) {
            if let Some(start) = path.iter().position(|(p, _)| *p == to) {
                let mut cycle: Vec<(Party, usize)> = path.get(start..)?.to_vec();
                cycle.push((from, row));
                return Some(cycle);
            }
            if from == to {
                continue;
            }
            path.push((from, row));
            if let Some(cycle) = walk(to, edges, path, done) {
                return Some(cycle);
            }
            path.pop();
        }
        done.push(at);
        None
    }
    let mut done = Vec::new();
    for &(start, _, _) in edges {
        let mut path = Vec::new();
        if let Some(cycle) = walk(start, edges, &mut path, &mut done) {
            let mut rows: Vec<usize> = cycle.iter().map(|(_, row)| *row).collect();
            rows.sort_unstable();
            rows.dedup();
            let names = cycle.iter().map(|(p, _)| p.to_string()).collect();
            return Some((rows, names));
        }
    }
    None
}

fn decimal_text(d: Decimal) -> String {
    d.normalize().to_string()
}

/// The pack as one JSON text of arrays only (no objects, so no key order), in the crate's
/// fixed order: its SHA-256 is the fingerprint.
pub(crate) fn canonical_form(pack: &PolicyPack) -> Vec<u8> {
    let provenance =
        |p: &Provenance| json!([pack.source_of(p).id, p.article, p.status.name(), p.note]);
    fn history<T: Copy>(
        name: &str,
        h: &History<T>,
        text: impl Fn(T) -> String,
        provenance: &dyn Fn(&Provenance) -> Json,
    ) -> Json {
        let entries: Vec<Json> = h
            .entries
            .iter()
            .map(|e| {
                json!([
                    e.from.format("%Y-%m-%d").to_string(),
                    text(e.value),
                    provenance(&e.provenance)
                ])
            })
            .collect();
        json!([name, entries])
    }
    let mut params = Vec::new();
    for (p, h) in MoneyParam::ALL.iter().zip(&pack.money) {
        params.push(history(
            p.name(),
            h,
            |v| decimal_text(v.yuan()),
            &provenance,
        ));
    }
    for (p, h) in ScaledParam::ALL.iter().zip(&pack.scaled) {
        params.push(history(
            p.name(),
            h,
            |v| match v {
                Scaled::Amount(m) => decimal_text(m.yuan()),
                Scaled::Rate(r) => format!("rate:{}", decimal_text(r)),
            },
            &provenance,
        ));
    }
    for (p, h) in ChoiceParam::ALL.iter().zip(&pack.choice) {
        params.push(history(p.name(), h, |v| v.to_owned(), &provenance));
    }
    for (p, h) in FactorParam::ALL.iter().zip(&pack.factor) {
        params.push(history(p.name(), h, decimal_text, &provenance));
    }
    for (p, h) in PercentParam::ALL.iter().zip(&pack.percent) {
        params.push(history(p.name(), h, decimal_text, &provenance));
    }
    for (p, h) in CountParam::ALL.iter().zip(&pack.count) {
        params.push(history(p.name(), h, |v| v.to_string(), &provenance));
    }
    for (p, h) in SwitchParam::ALL.iter().zip(&pack.switch) {
        params.push(history(p.name(), h, |v| v.to_string(), &provenance));
    }
    for (p, h) in MonthParam::ALL.iter().zip(&pack.month) {
        params.push(history(p.name(), h, |v| v.to_string(), &provenance));
    }
    let sources: Vec<Json> = pack
        .sources
        .iter()
        .map(|s| json!([s.id, s.document, s.note]))
        .collect();
    let overlaps: Vec<Json> = pack
        .overlaps
        .iter()
        .map(|r| {
            json!([
                r.a.to_string(),
                r.b.map(|b| b.to_string()),
                r.kind.name(),
                r.winner.map(|w| w.to_string()),
                r.condition.map(Condition::name),
                provenance(&r.provenance)
            ])
        })
        .collect();
    let canonical = json!([
        "doudi-pack/1",
        [
            pack.name,
            pack.title,
            pack.version,
            pack.first.to_string(),
            pack.last.to_string()
        ],
        sources,
        params,
        overlaps
    ]);
    canonical.to_string().into_bytes()
}
