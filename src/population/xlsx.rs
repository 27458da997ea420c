//! Excel workbooks of comparisons and monitoring reports (feature `xlsx`, written with
//! rust_xlsxwriter): one sheet per table, yuan with two decimals and thousands separators.

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use super::monitoring::{Counts, Monitoring};
use super::reform::{BANDS, Breakdown, Comparison};
use crate::model::ProgramKind;
use crate::money::Money;

/// A cell of a sheet: text, a count, or yuan.
enum Cell {
    Text(String),
    Count(u64),
    Yuan(Money),
}

/// Writes a sheet named `name`: a bold header row, then `rows`.
fn sheet(
    book: &mut Workbook,
    name: &str,
    header: &[&str],
    rows: impl Iterator<Item = Vec<Cell>>,
) -> Result<(), XlsxError> {
    let bold = Format::new().set_bold();
    let yuan = Format::new().set_num_format("#,##0.00");
    let s: &mut Worksheet = book.add_worksheet();
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

impl Comparison {
    /// The comparison as an Excel workbook (the bytes of an `.xlsx` file): the sheets
    /// `programs`, `area`, `township`, `size`, `decile`, `poverty`, `bands`,
    /// `largest gains` and `largest losses`, with the columns of the text tables; yuan in
    /// the number format `#,##0.00`.
    ///
    /// # Errors
    ///
    /// When the workbook cannot be written (rust_xlsxwriter's error, as an
    /// [`std::io::Error`]).
    pub fn to_xlsx(&self) -> std::io::Result<Vec<u8>> {
        self.workbook().map_err(std::io::Error::other)
    }

    fn workbook(&self) -> Result<Vec<u8>, XlsxError> {
        let mut book = Workbook::new();
        sheet(
            &mut book,
            "programs",
            &[
                "program",
                "base",
                "reform",
                "change",
                "households up",
                "households down",
                "persons up",
                "persons down",
                "households newly covered",
                "households no longer covered",
                "persons newly covered",
                "persons no longer covered",
            ],
            self.programs
                .iter()
                .filter(|(p, _)| p.kind() != ProgramKind::Service)
                .map(|(p, c)| {
                    vec![
                        Cell::Text(p.to_string()),
                        Cell::Yuan(c.base),
                        Cell::Yuan(c.reform),
                        Cell::Yuan(c.reform - c.base),
                        Cell::Count(c.households_up),
                        Cell::Count(c.households_down),
                        Cell::Count(c.persons_up),
                        Cell::Count(c.persons_down),
                        Cell::Count(c.households_gained),
                        Cell::Count(c.households_lost),
                        Cell::Count(c.persons_gained),
                        Cell::Count(c.persons_lost),
                    ]
                }),
        )?;
        for by in [
            Breakdown::Area,
            Breakdown::Township,
            Breakdown::Size,
            Breakdown::Decile,
        ] {
            sheet(
                &mut book,
                by.name(),
                &[
                    by.name(),
                    "households",
                    "persons",
                    "base",
                    "reform",
                    "change",
                    "gaining",
                    "losing",
                ],
                self.groups(by).map(|g| {
                    vec![
                        Cell::Text(g.group.clone()),
                        Cell::Count(g.households),
                        Cell::Count(g.persons),
                        Cell::Yuan(g.base),
                        Cell::Yuan(g.reform),
                        Cell::Yuan(g.reform - g.base),
                        Cell::Count(g.gaining),
                        Cell::Count(g.losing),
                    ]
                }),
            )?;
        }
        sheet(
            &mut book,
            "poverty",
            &["pack", "household-months", "person-months", "gap"],
            [
                ("base", &self.poverty_base),
                ("reform", &self.poverty_reform),
            ]
            .into_iter()
            .map(|(pack, p)| {
                vec![
                    Cell::Text(pack.to_owned()),
                    Cell::Count(p.household_months),
                    Cell::Count(p.person_months),
                    Cell::Yuan(p.gap),
                ]
            }),
        )?;
        sheet(
            &mut book,
            "bands",
            &["change of the household's total", "households"],
            BANDS
                .iter()
                .zip(&self.bands)
                .map(|((band, _, _), n)| vec![Cell::Text((*band).to_owned()), Cell::Count(*n)]),
        )?;
        for (name, list) in [
            ("largest gains", &self.largest_gains),
            ("largest losses", &self.largest_losses),
        ] {
            sheet(
                &mut book,
                name,
                &[
                    "household",
                    "program",
                    "base",
                    "reform",
                    "change",
                    "first month",
                    "base reasons",
                    "reform reasons",
                ],
                list.iter().flat_map(|h| {
                    let total = vec![
                        Cell::Text(h.household.to_string()),
                        Cell::Text("(all)".to_owned()),
                        Cell::Yuan(h.base),
                        Cell::Yuan(h.reform),
                        Cell::Yuan(h.change()),
                    ];
                    std::iter::once(total).chain(h.programs.iter().map(|p| {
                        vec![
                            Cell::Text(h.household.to_string()),
                            Cell::Text(p.program.to_string()),
                            Cell::Yuan(p.base),
                            Cell::Yuan(p.reform),
                            Cell::Yuan(p.reform - p.base),
                            Cell::Text(p.month.to_string()),
                            Cell::Text(p.base_reasons.join("; ")),
                            Cell::Text(p.reform_reasons.join("; ")),
                        ]
                    }))
                }),
            )?;
        }
        book.save_to_buffer()
    }
}

impl Monitoring {
    /// The monitoring report as an Excel workbook (the bytes of an `.xlsx` file): the
    /// sheets `categories` and `warnings` (area, name, Chinese name, households, persons)
    /// and `reviews` (area, the month due — `overdue` for those past it — and the
    /// enrolments), each with the district's rows first, then each township's.
    ///
    /// # Errors
    ///
    /// When the workbook cannot be written (rust_xlsxwriter's error, as an
    /// [`std::io::Error`]).
    pub fn to_xlsx(&self) -> std::io::Result<Vec<u8>> {
        self.workbook().map_err(std::io::Error::other)
    }

    fn workbook(&self) -> Result<Vec<u8>, XlsxError> {
        let district = self.district();
        let areas: Vec<(String, &Counts)> = std::iter::once(("(district)".to_owned(), &district))
            .chain(self.townships().map(|(t, c)| {
                (
                    t.map_or_else(|| "(no township)".to_owned(), |t| t.as_str().to_owned()),
                    c,
                )
            }))
            .collect();
        let mut book = Workbook::new();
        for (measure, sheet_name) in [("category", "categories"), ("warning", "warnings")] {
            let zh = format!("{measure}_zh");
            sheet(
                &mut book,
                sheet_name,
                &["area", measure, &zh, "households", "persons"],
                areas.iter().flat_map(|(area, c)| {
                    c.measures().filter(move |(m, ..)| *m == measure).map(
                        move |(_, name, zh, n)| {
                            vec![
                                Cell::Text(area.clone()),
                                Cell::Text(name.to_owned()),
                                Cell::Text(zh.to_owned()),
                                Cell::Count(n.households),
                                Cell::Count(n.persons),
                            ]
                        },
                    )
                }),
            )?;
        }
        let month = self.month();
        sheet(
            &mut book,
            "reviews",
            &["area", "due", "enrolments"],
            areas.iter().flat_map(|(area, c)| {
                let mut due = month;
                let months: Vec<Vec<Cell>> = c
                    .reviews_due
                    .iter()
                    .map(|&n| {
                        let row = vec![
                            Cell::Text(area.clone()),
                            Cell::Text(due.to_string()),
                            Cell::Count(n),
                        ];
                        due = due.next();
                        row
                    })
                    .collect();
                months.into_iter().chain(std::iter::once(vec![
                    Cell::Text(area.clone()),
                    Cell::Text("overdue".to_owned()),
                    Cell::Count(c.reviews_overdue),
                ]))
            }),
        )?;
        book.save_to_buffer()
    }
}
