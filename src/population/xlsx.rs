//! Excel workbooks of comparisons and monitoring reports (feature `xlsx`, written with
//! rust_xlsxwriter): one sheet per table, yuan with two decimals and thousands separators.

use rust_xlsxwriter::{Workbook, XlsxError};

use super::monitoring::{Counts, Monitoring};
use super::reform::{BREAKDOWNS, Comparison};
use super::table::{Cell, sheet};

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
        self.program_table(false).sheet(&mut book, "program")?;
        for by in BREAKDOWNS {
            self.group_table(by).sheet(&mut book, by.name())?;
        }
        self.poverty_table().sheet(&mut book, "pack")?;
        self.band_table()
            .sheet(&mut book, "change of the household's total")?;
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
