//! The tables as files in a directory, `NAME.parquet` or `NAME.csv` per table: read whole
//! or as a stream, written batch by batch.
//!
//! Parquet is read and written through the `parquet` crate (Snappy compression), CSV
//! through `arrow-csv`: a header row with the column names, then one record per row, every
//! cell read as text and checked as the module documentation says.
//!
//! CSV text is written so that a spreadsheet does not run it: a text cell that begins with
//! `=`, `+`, `-`, `@`, a tab or a carriage return (after any apostrophes) gets one leading
//! apostrophe, and the readers take that one apostrophe off again, so that every cell reads
//! back as it was.

use std::fs::File;
use std::io::{BufReader, BufWriter};
use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use parquet::arrow::ArrowWriter;
use parquet::arrow::ProjectionMask;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;

use super::assemble::{Numbering, check_columns};
use super::chunks::{Part, Source};
use super::columns::{map_text, nfc_ids};
use super::evaluate::{Options, run};
use super::output::errors_batch;
use super::write::{KeyOrder, Tables};
use super::{KEY, Table};
use crate::engine::Engine;
use crate::error::{Cause, Error, Problem, TableError};
use crate::period::Month;
use crate::population::Report;

/// Rows per batch read from a file.
const READ_BATCH_ROWS: usize = 8192;

/// The file format of a directory of tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Format {
    /// Apache Parquet, `NAME.parquet`.
    #[default]
    Parquet,
    /// Comma-separated values with a header row, `NAME.csv`.
    Csv,
}

impl Format {
    /// The file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Parquet => "parquet",
            Format::Csv => "csv",
        }
    }

    /// The format named `name` (`parquet` or `csv`).
    pub fn from_name(name: &str) -> Option<Format> {
        match name {
            "parquet" => Some(Format::Parquet),
            "csv" => Some(Format::Csv),
            _ => None,
        }
    }
}

/// A table file that could not be written, and why.
fn failed_write(table: Table, path: &Path, cause: Cause) -> Error {
    let what = path.display().to_string();
    TableError::whole(table.name(), Problem::WriteFailed { what, cause })
}

fn write_error(
    table: Table,
    path: &Path,
    cause: impl std::error::Error + Send + Sync + 'static,
) -> Error {
    failed_write(table, path, Cause::new(cause))
}

fn file_error(
    table: Table,
    path: &Path,
    cause: impl std::error::Error + Send + Sync + 'static,
) -> Error {
    let what = path.display().to_string();
    TableError::whole(
        table.name(),
        Problem::ReadFailed {
            what,
            cause: Cause::new(cause),
        },
    )
}

/// The input tables' files in `dir`, by table (`None` for an optional table not there).
/// Every entry of `dir` must be an input table's file: anything else — a misnamed table,
/// an output table, another file — is refused with the nearest table name, so that a
/// table is never passed over and read as empty.
fn scan(dir: &Path) -> Result<Vec<Option<(PathBuf, Format)>>, Error> {
    let listing = |e| file_error(Table::Households, dir, e);
    let mut found: Vec<Option<(PathBuf, Format)>> = vec![None; Table::INPUTS.len()];
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(listing)?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .map_err(listing)?;
    // In name order, so that the error of a directory is the same on every system.
    entries.sort();
    for path in entries {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        let name = name.unwrap_or_default();
        let (stem, extension) = name.rsplit_once('.').unwrap_or((name.as_str(), ""));
        let table = Table::INPUTS.into_iter().position(|t| t.name() == stem);
        let format = Format::from_name(extension).filter(|_| path.is_file());
        let (Some(i), Some(format)) = (table, format) else {
            let nearest = nearest_table(stem);
            return Err(TableError::whole(
                nearest.name(),
                Problem::NotATableFile {
                    file: path.display().to_string(),
                    nearest: nearest.name(),
                },
            ));
        };
        let Some(slot) = found.get_mut(i) else {
            continue;
        };
        if let Some((first, _)) = slot {
            return Err(TableError::whole(
                stem_table(i).name(),
                Problem::TwoTableFiles {
                    first: first.display().to_string(),
                    second: path.display().to_string(),
                },
            ));
        }
        *slot = Some((path, format));
    }
    for (table, file) in Table::INPUTS.into_iter().zip(&found) {
        if file.is_none() && table.is_required() {
            return Err(TableError::whole(
                table.name(),
                Problem::NoTableFile {
                    dir: dir.display().to_string(),
                    table: table.name(),
                },
            ));
        }
    }
    Ok(found)
}

/// The input table at `i` of [`Table::INPUTS`].
fn stem_table(i: usize) -> Table {
    Table::INPUTS.get(i).copied().unwrap_or(Table::Households)
}

/// The input table whose name is nearest to `name` (fewest edits; the first of equals).
fn nearest_table(name: &str) -> Table {
    Table::INPUTS
        .into_iter()
        .min_by_key(|t| strsim::levenshtein(name, t.name()))
        .unwrap_or(Table::Households)
}

/// The batches of one table file, read as they are needed.
#[allow(clippy::large_enum_variant, reason = "one per table file, made once")]
enum Batches {
    Parquet(parquet::arrow::arrow_reader::ParquetRecordBatchReader),
    Csv(arrow_csv::reader::Reader<BufReader<File>>),
}

impl Batches {
    /// Opens `path`; with `key_only`, only the `household_id` column is read.
    fn open(table: Table, path: &Path, format: Format, key_only: bool) -> Result<Batches, Error> {
        let file = File::open(path).map_err(|e| file_error(table, path, e))?;
        match format {
            Format::Parquet => {
                let mut builder = ParquetRecordBatchReaderBuilder::try_new(file)
                    .map_err(|e| file_error(table, path, e))?
                    .with_batch_size(READ_BATCH_ROWS);
                if key_only {
                    let mask = ProjectionMask::columns(builder.parquet_schema(), [KEY]);
                    builder = builder.with_projection(mask);
                }
                builder
                    .build()
                    .map(Batches::Parquet)
                    .map_err(|e| file_error(table, path, e))
            }
            Format::Csv => {
                let names = csv_header(table, path)?;
                let schema: SchemaRef = Arc::new(Schema::new(
                    names
                        .iter()
                        .map(|n| Field::new(n, DataType::Utf8, true))
                        .collect::<Vec<_>>(),
                ));
                let mut builder = arrow_csv::ReaderBuilder::new(schema)
                    .with_header(true)
                    .with_batch_size(READ_BATCH_ROWS);
                if key_only && let Some(i) = names.iter().position(|n| n == KEY) {
                    builder = builder.with_projection(vec![i]);
                }
                let file = File::open(path).map_err(|e| file_error(table, path, e))?;
                builder
                    .build(BufReader::new(file))
                    .map(Batches::Csv)
                    .map_err(|e| file_error(table, path, e))
            }
        }
    }

    /// The columns of the file, as it has them: checked before any row is read, so that
    /// a table without rows is checked too.
    fn schema(&self) -> SchemaRef {
        use arrow_array::RecordBatchReader as _;
        match self {
            Batches::Parquet(r) => r.schema(),
            Batches::Csv(r) => r.schema(),
        }
    }

    /// Opens `path` for reading and checks its columns against `table`.
    fn checked(table: Table, path: &Path, format: Format) -> Result<Batches, Error> {
        let batches = Batches::open(table, path, format, false)?;
        check_columns(table, &RecordBatch::new_empty(batches.schema()))?;
        Ok(batches)
    }

    fn next(&mut self, table: Table, path: &Path) -> Option<Result<RecordBatch, Error>> {
        let next = match self {
            Batches::Parquet(r) => r.next(),
            Batches::Csv(r) => r.next().map(|b| b.and_then(unguard_batch)),
        };
        next.map(|b| b.map_err(|e| file_error(table, path, e)))
    }
}

/// The column names of a CSV file's header row (a byte-order mark taken off).
fn csv_header(table: Table, path: &Path) -> Result<Vec<String>, Error> {
    let file = File::open(path).map_err(|e| file_error(table, path, e))?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(BufReader::new(file));
    let header = reader.headers().map_err(|e| file_error(table, path, e))?;
    let names: Vec<String> = header
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let name = if i == 0 {
                name.trim_start_matches('\u{feff}')
            } else {
                name
            };
            name.to_owned()
        })
        .collect();
    // A header of one name that another separator splits into the table's own columns:
    // the file is written with that separator, not with commas.
    if let [only] = names.as_slice() {
        for separator in [';', '\t', '|'] {
            let parts: Vec<&str> = only.split(separator).collect();
            if parts.len() > 1 && parts.contains(&KEY) {
                return Err(TableError::whole(
                    table.name(),
                    Problem::CsvSeparator {
                        file: path.display().to_string(),
                        separator,
                    },
                ));
            }
        }
    }
    Ok(names)
}

/// Whether a text cell needs an apostrophe before it in CSV (see the module documentation).
fn needs_guard(text: &str) -> bool {
    matches!(
        text.trim_start_matches('\'').chars().next(),
        Some('=' | '+' | '-' | '@' | '\t' | '\r')
    )
}

fn guard(text: &str) -> std::borrow::Cow<'_, str> {
    if needs_guard(text) {
        format!("'{text}").into()
    } else {
        text.into()
    }
}

fn unguard(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if needs_guard(rest) => rest,
        _ => text,
    }
}

fn unguard_batch(batch: RecordBatch) -> Result<RecordBatch, arrow_schema::ArrowError> {
    let columns: Vec<ArrayRef> = batch
        .columns()
        .iter()
        .map(|c| {
            map_text(c, &|s| {
                let u = unguard(s);
                (u.len() != s.len()).then(|| u.to_owned())
            })
        })
        .collect();
    RecordBatch::try_new(batch.schema(), columns)
}

fn guard_batch(batch: &RecordBatch) -> Result<RecordBatch, arrow_schema::ArrowError> {
    let columns: Vec<ArrayRef> = batch
        .columns()
        .iter()
        .map(|c| map_text(c, &|s| needs_guard(s).then(|| guard(s).into_owned())))
        .collect();
    RecordBatch::try_new(batch.schema(), columns)
}

/// A table file being written.
#[allow(clippy::large_enum_variant, reason = "one per table file, made once")]
enum Writer {
    Parquet(ArrowWriter<BufWriter<File>>),
    Csv(arrow_csv::Writer<BufWriter<File>>),
}

impl Writer {
    /// Creates the file at `path` for `table`.
    fn create(path: &Path, table: Table, format: Format) -> Result<Writer, Error> {
        let file = File::create(path).map_err(|e| write_error(table, path, e))?;
        let out = BufWriter::new(file);
        let writer = match format {
            Format::Parquet => {
                let props = WriterProperties::builder()
                    .set_compression(Compression::SNAPPY)
                    .build();
                Writer::Parquet(
                    ArrowWriter::try_new(out, table.schema(), Some(props))
                        .map_err(|e| write_error(table, path, e))?,
                )
            }
            Format::Csv => {
                Writer::Csv(arrow_csv::WriterBuilder::new().with_header(true).build(out))
            }
        };
        Ok(writer)
    }

    fn write(&mut self, batch: &RecordBatch) -> Result<(), Cause> {
        match self {
            Writer::Parquet(w) => w.write(batch).map_err(Cause::new),
            Writer::Csv(w) => {
                let guarded = guard_batch(batch).map_err(Cause::new)?;
                w.write(&guarded).map_err(Cause::new)
            }
        }
    }

    fn close(self) -> Result<(), Cause> {
        match self {
            Writer::Parquet(w) => w.close().map(|_| ()).map_err(Cause::new),
            Writer::Csv(w) => {
                use std::io::Write as _;
                w.into_inner().flush().map_err(Cause::new)
            }
        }
    }
}

/// One table's file being written, with errors naming the file. It is written under a
/// staging name (`.NAME.EXT.partial`) and takes its own name only when the whole run
/// succeeds ([`Staged::commit`]).
struct Out {
    table: Table,
    path: PathBuf,
    writer: Writer,
}

impl Out {
    fn create(staged: &mut Staged, table: Table, format: Format) -> Result<Out, Error> {
        let path = staged.add(table, format);
        let writer = Writer::create(&path, table, format)?;
        Ok(Out {
            table,
            path,
            writer,
        })
    }

    fn fail(&self, cause: Cause) -> Error {
        failed_write(self.table, &self.path, cause)
    }

    fn write(&mut self, batch: &RecordBatch) -> Result<(), Error> {
        self.writer.write(batch).map_err(|c| self.fail(c))
    }

    fn close(self) -> Result<(), Error> {
        let Out {
            table,
            path,
            writer,
        } = self;
        writer.close().map_err(|c| failed_write(table, &path, c))
    }
}

/// The files of one run of writing into a directory: each written under a staging name,
/// all moved to their own names at the end, so that a run that fails halfway leaves the
/// directory as it was (the staged files are removed), and one that succeeds leaves only
/// its own tables (the same tables of the other format, from an earlier run, are removed).
struct Staged {
    dir: PathBuf,
    /// (table, format, staging path).
    files: Vec<(Table, Format, PathBuf)>,
    committed: bool,
}

impl Staged {
    fn new(dir: &Path) -> Result<Staged, Error> {
        create_dir(dir)?;
        Ok(Staged {
            dir: dir.to_owned(),
            files: Vec::new(),
            committed: false,
        })
    }

    /// The staging path of `table`'s file.
    fn add(&mut self, table: Table, format: Format) -> PathBuf {
        let name = format!(".{}.{}.partial", table.name(), format.extension());
        let path = self.dir.join(name);
        self.files.push((table, format, path.clone()));
        path
    }

    fn final_path(&self, table: Table, format: Format) -> PathBuf {
        self.dir
            .join(format!("{}.{}", table.name(), format.extension()))
    }

    /// Moves every staged file to its own name, and removes the same tables of the other
    /// format.
    fn commit(mut self) -> Result<(), Error> {
        for (table, format, staged) in &self.files {
            let path = self.final_path(*table, *format);
            std::fs::rename(staged, &path).map_err(|e| write_error(*table, &path, e))?;
            for other in [Format::Parquet, Format::Csv] {
                let stale = self.final_path(*table, other);
                if other != *format && stale.exists() {
                    std::fs::remove_file(&stale).map_err(|e| write_error(*table, &stale, e))?;
                }
            }
        }
        self.committed = true;
        Ok(())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.committed {
            for (_, _, staged) in &self.files {
                // What cannot be removed stays under its staging name, never as a table.
                let _ = std::fs::remove_file(staged);
            }
        }
    }
}

fn create_dir(dir: &Path) -> Result<(), Error> {
    std::fs::create_dir_all(dir).map_err(|e| write_error(Table::Households, dir, e))
}

/// Writes the input tables to `dir` (made if need be), one file per table in `format`;
/// a table with no batches is written with no rows.
///
/// # Errors
///
/// [`Error::Table`] with [`Problem::WriteFailed`] naming the file that cannot be written.
pub fn write_dir(tables: &Tables, dir: &Path, format: Format) -> Result<(), Error> {
    let mut staged = Staged::new(dir)?;
    for table in Table::INPUTS {
        let mut out = Out::create(&mut staged, table, format)?;
        for batch in tables.batches(table) {
            out.write(batch)?;
        }
        out.close()?;
    }
    staged.commit()
}

/// Reads the input tables of `dir` (`NAME.parquet` or `NAME.csv` each; `households` and
/// `persons` must be there, and every file of `dir` must be an input table) into memory.
///
/// # Errors
///
/// [`Error::Table`] naming the file that is missing, given twice (in both formats), not an
/// input table (with the nearest table name), or cannot be read; or the column that does
/// not fit its table, whether or not the table has rows.
pub fn read_dir(dir: &Path) -> Result<Tables, Error> {
    let mut tables = Tables::new();
    for (table, file) in Table::INPUTS.into_iter().zip(scan(dir)?) {
        let Some((path, format)) = file else {
            continue;
        };
        let mut batches = Batches::checked(table, &path, format)?;
        let mut any = false;
        while let Some(batch) = batches.next(table, &path) {
            tables.push(table, batch?)?;
            any = true;
        }
        if !any {
            tables.push(table, RecordBatch::new_empty(batches.schema()))?;
        }
    }
    Ok(tables)
}

/// Reads one table file (`.parquet`, or `.csv` as text) whole: an input table, or an
/// output table to read back (see [`super::read_results`]).
///
/// # Errors
///
/// [`Error::Table`] naming the file when it cannot be read or its extension is neither
/// `parquet` nor `csv`.
pub fn read_file(path: &Path, table: Table) -> Result<Vec<RecordBatch>, Error> {
    let format = path
        .extension()
        .and_then(|e| e.to_str())
        .and_then(Format::from_name)
        .ok_or_else(|| {
            TableError::whole(
                table.name(),
                Problem::UnknownExtension {
                    file: path.display().to_string(),
                },
            )
        })?;
    let mut batches = Batches::open(table, path, format, false)?;
    let mut out = Vec::new();
    while let Some(batch) = batches.next(table, path) {
        out.push(batch?);
    }
    Ok(out)
}

/// Whether every table file of `dir` lists its rows in order of household (read through
/// the `household_id` column alone).
fn sorted_on_disk(files: &[Option<(PathBuf, Format)>]) -> Result<bool, Error> {
    for (table, file) in Table::INPUTS.into_iter().zip(files) {
        let Some((path, format)) = file else {
            continue;
        };
        let mut batches = Batches::open(table, path, *format, true)?;
        let mut order = KeyOrder::default();
        while let Some(batch) = batches.next(table, path) {
            let batch = nfc_ids(batch?);
            if batch.column_by_name(KEY).is_none() {
                // The reader proper names the missing column.
                return Ok(true);
            }
            if !order.follow(&batch) {
                return Ok(false);
            }
        }
    }
    Ok(true)
}

/// The batches of a directory's files for a run, read as they are needed.
struct FileSource {
    files: Vec<Option<(PathBuf, Batches)>>,
    /// The position of the next row of each table.
    next: [u64; super::INPUT_TABLES],
}

impl Source for FileSource {
    fn next(&mut self, table: Table) -> Option<Result<Part, Error>> {
        let i = table.input_index()?;
        let (path, batches) = self.files.get_mut(i)?.as_mut()?;
        let next = self.next.get_mut(i)?;
        Some(batches.next(table, path)?.map(|batch| {
            let batch = nfc_ids(batch);
            let numbering = Numbering::From(*next);
            *next = next.saturating_add(batch.num_rows() as u64);
            Part { batch, numbering }
        }))
    }
}

/// Evaluates the households of the tables in `input` (a directory as [`read_dir`] reads
/// it) for every month of `months`, and writes `results`, `findings` and `errors` to
/// `output` (made if need be) in `format`.
///
/// Tables whose rows are in order of `household_id` — as the crate's writers and a sort by
/// `household_id` leave them — are streamed: memory stays within a few batches of each
/// table, whatever the size of the district. Otherwise they are read whole and sorted in
/// memory first.
///
/// # Errors
///
/// [`Error::Table`] when a file is missing, cannot be read or written, or a table's
/// columns do not fit it. Households that fail are not errors of the run: they are rows of
/// `errors`.
pub fn evaluate_dir(
    engine: &Engine,
    input: &Path,
    months: RangeInclusive<Month>,
    output: &Path,
    format: Format,
    options: &Options,
) -> Result<Report, Error> {
    let files = scan(input)?;
    let mut staged = Staged::new(output)?;
    let mut results = Out::create(&mut staged, Table::Results, format)?;
    let mut findings = Out::create(&mut staged, Table::Findings, format)?;
    let emit = |r: RecordBatch, f: RecordBatch| -> Result<(), Error> {
        results.write(&r)?;
        findings.write(&f)
    };
    let report = if sorted_on_disk(&files)? {
        let mut opened = Vec::with_capacity(files.len());
        for (table, file) in Table::INPUTS.into_iter().zip(files) {
            opened.push(match file {
                Some((path, format)) => {
                    let batches = Batches::checked(table, &path, format)?;
                    Some((path, batches))
                }
                None => None,
            });
        }
        let source = FileSource {
            files: opened,
            next: [0; super::INPUT_TABLES],
        };
        run(engine, source, months, options, emit)?
    } else {
        let tables = read_dir(input)?;
        run(engine, tables.source()?, months, options, emit)?
    };
    results.close()?;
    findings.close()?;
    let mut errors = Out::create(&mut staged, Table::Errors, format)?;
    errors.write(&errors_batch(report.errors()))?;
    errors.close()?;
    staged.commit()?;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guarded_cells_read_back_as_they_were() {
        for text in [
            "=1+2", "'=x", "''@y", "-5", "plain", "'plain", "''", "'", "\tx", "",
        ] {
            let written = guard(text);
            assert!(!matches!(
                written.chars().next(),
                Some('=' | '+' | '-' | '@' | '\t' | '\r')
            ));
            assert_eq!(unguard(&written), text, "{text:?}");
        }
    }
}
