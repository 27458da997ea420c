//! CSV as reports write it: through the `csv` crate, quoted as CSV requires, with text from
//! the input kept from running as a spreadsheet formula.
//!
//! A text cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return would be
//! read by a spreadsheet as a formula (CSV injection): such a cell gets a leading
//! apostrophe, `'=…`, which spreadsheets show as text and hide. Numbers the crate computes
//! (counts, amounts) are written as they are, so that a negative amount stays a number.

use std::borrow::Cow;

/// A text cell made safe to open in a spreadsheet.
pub(crate) fn text(cell: &str) -> Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{cell}")),
        _ => Cow::Borrowed(cell),
    }
}

/// Writes `rows` (each a list of cells) under `header` as CSV text.
pub(crate) fn write<'a>(
    header: &[&str],
    rows: impl IntoIterator<Item = Vec<Cow<'a, str>>>,
) -> String {
    let mut writer = csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::Necessary)
        .from_writer(Vec::new());
    // Writing to memory cannot fail; a row the writer refused would show as missing.
    let _ = writer.write_record(header);
    for row in rows {
        let _ = writer.write_record(row.iter().map(|c| c.as_bytes()));
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_fields_quoted() {
        assert_eq!(text("=1+1"), "'=1+1");
        assert_eq!(text("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(text("-2"), "'-2");
        assert_eq!(text("茅塔乡"), "茅塔乡");
        let out = write(
            &["a", "b"],
            [
                vec![text("x,y"), text("say \"hi\"\nthere")],
                vec![text("+z"), Cow::Borrowed("-5.00")],
            ],
        );
        assert_eq!(out, "a,b\n\"x,y\",\"say \"\"hi\"\"\nthere\"\n'+z,-5.00\n");
    }
}
