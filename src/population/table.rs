//! The tables of a report as one row model each: the columns of a table are declared once
//! (what CSV calls the measure, the text and workbook headers, the width, the value), and
//! one renderer each writes them as aligned text, long CSV or a workbook sheet.

use std::fmt;

use unicode_width::UnicodeWidthStr as _;

use crate::money::Money;

/// A cell of a report's table: text, a count, or yuan.
#[derive(Debug, Clone)]
pub(crate) enum Cell {
    // Keys are text in the text and CSV tables; a workbook writes them as cells.
    #[cfg_attr(not(feature = "xlsx"), allow(dead_code))]
    Text(String),
    Count(u64),
    Yuan(Money),
}

impl fmt::Display for Cell {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Cell::Text(t) => f.write_str(t),
            Cell::Count(n) => write!(f, "{n}"),
            Cell::Yuan(m) => write!(f, "{m}"),
        }
    }
}

/// A column of the rows `R`.
pub(crate) struct Column<R> {
    /// The measure's name in long CSV, e.g. `households_up`.
    pub(crate) measure: &'static str,
    /// The short header of the text table.
    pub(crate) header: &'static str,
    /// The header of a workbook's sheet, in full words.
    #[cfg_attr(not(feature = "xlsx"), allow(dead_code))]
    pub(crate) long: &'static str,
    /// The width of the text column, in display columns.
    pub(crate) width: usize,
    /// The row's value.
    pub(crate) value: fn(&R) -> Cell,
}

/// A table: its name (CSV's `table`, a workbook's sheet), the header and width of its key
/// column, its columns, and its rows, each with its key.
pub(crate) struct Table<'a, R: 'static> {
    pub(crate) name: &'a str,
    pub(crate) key: &'static str,
    pub(crate) key_width: usize,
    pub(crate) columns: &'static [Column<R>],
    pub(crate) rows: Vec<(String, &'a R)>,
}

/// Writes `text` padded to `width` columns of display width (a Chinese character takes
/// two), on the right when `right`.
pub(crate) fn cell(
    f: &mut fmt::Formatter<'_>,
    text: &str,
    width: usize,
    right: bool,
) -> fmt::Result {
    let pad = width.saturating_sub(text.width());
    if right {
        write!(f, " {:pad$}{text}", "")
    } else {
        write!(f, "{text}{:pad$}", "")
    }
}

impl<R: 'static> Table<'_, R> {
    /// The text table: a header row, then a row a line, the key left and the values right,
    /// aligned by display width. `extra` rows (a total) follow, in the first columns.
    pub(crate) fn text(&self, f: &mut fmt::Formatter<'_>, extra: &[Vec<String>]) -> fmt::Result {
        cell(f, self.key, self.key_width, false)?;
        for c in self.columns {
            cell(f, c.header, c.width, true)?;
        }
        writeln!(f)?;
        let mut line = |key: &str, values: &mut dyn Iterator<Item = String>| {
            cell(f, key, self.key_width, false)?;
            for (c, value) in self.columns.iter().zip(values) {
                cell(f, &value, c.width, true)?;
            }
            writeln!(f)
        };
        for (key, row) in &self.rows {
            line(
                key,
                &mut self.columns.iter().map(|c| (c.value)(row).to_string()),
            )?;
        }
        for row in extra {
            if let Some((key, values)) = row.split_first() {
                line(key, &mut values.iter().cloned())?;
            }
        }
        Ok(())
    }

    /// The rows in long CSV: `table,key,subkey,measure,value`, one line per value.
    pub(crate) fn csv<W: std::io::Write>(&self, w: &mut csv::Writer<W>) {
        for (key, row) in &self.rows {
            for c in self.columns {
                let value = (c.value)(row).to_string();
                // Writing to memory cannot fail.
                let _ = w.write_record([self.name, key, "", c.measure, value.as_str()]);
            }
        }
    }

    /// The table as a workbook's sheet: its full headers, then the rows, yuan as numbers.
    #[cfg(feature = "xlsx")]
    pub(crate) fn sheet(
        &self,
        book: &mut rust_xlsxwriter::Workbook,
        key_header: &str,
    ) -> Result<(), rust_xlsxwriter::XlsxError> {
        let mut header = vec![key_header];
        header.extend(self.columns.iter().map(|c| c.long));
        sheet(
            book,
            self.name,
            &header,
            self.rows.iter().map(|(key, row)| {
                std::iter::once(Cell::Text(key.clone()))
                    .chain(self.columns.iter().map(|c| (c.value)(row)))
                    .collect()
            }),
        )
    }
}

/// Writes a sheet named `name`: a bold header row, then `rows`, yuan with two decimals and
/// thousands separators.
#[cfg(feature = "xlsx")]
pub(crate) fn sheet(
    book: &mut rust_xlsxwriter::Workbook,
    name: &str,
    header: &[&str],
    rows: impl Iterator<Item = Vec<Cell>>,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::Format;
    let bold = Format::new().set_bold();
    let yuan = Format::new().set_num_format("#,##0.00");
    let s = book.add_worksheet();
    s.set_name(name)?;
    for (c, title) in (0u16..).zip(header) {
        s.write_string_with_format(0, c, *title, &bold)?;
        s.set_column_width(c, if c == 0 { 26 } else { 16 })?;
    }
    for (r, row) in (1u32..).zip(rows) {
        for (c, cell) in (0u16..).zip(row) {
            match cell {
                Cell::Text(t) => s.write_string(r, c, t)?,
                // Counts of households and persons are far below 2^53.
                Cell::Count(n) => s.write_number(r, c, n as f64)?,
                Cell::Yuan(m) => {
                    s.write_number_with_format(r, c, m.yuan().try_into().unwrap_or(0.0), &yuan)?
                }
            };
        }
    }
    Ok(())
}
