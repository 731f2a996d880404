//! Reading CSV tables with errors that point at the file, line, column and key.
//!
//! Both the world loader and the data build read CSV through [`CsvTable`]: every field is read
//! as text (missing-value detection is off, so Namibia's `NA` stays a code), and every parse
//! failure names the place it happened.

use std::path::Path;
use std::str::FromStr;

use crate::error::{Error, Place, Result, did_you_mean};

/// A CSV file read whole: its header and its records, each with its line number.
#[derive(Debug)]
pub struct CsvTable {
    /// The name used in error messages (a path or `<embedded data/x.csv>`).
    pub file: String,
    /// The header row.
    pub headers: Vec<String>,
    /// The records in file order.
    pub records: Vec<csv::StringRecord>,
}

impl CsvTable {
    /// Parses `text` (with a header row) named `file` in errors.
    ///
    /// # Errors
    /// Malformed CSV (unequal field counts, bad quoting, invalid UTF-8), named with its line.
    pub fn parse(text: &str, file: &str) -> Result<CsvTable> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .from_reader(text.as_bytes());
        let headers = reader
            .headers()
            .map_err(|e| csv_error(file, &e))?
            .iter()
            .map(|h| h.trim_start_matches('\u{feff}').to_string())
            .collect();
        let mut records = Vec::new();
        for record in reader.records() {
            records.push(record.map_err(|e| csv_error(file, &e))?);
        }
        Ok(CsvTable {
            file: file.to_string(),
            headers,
            records,
        })
    }

    /// Reads and parses the file at `path`.
    ///
    /// # Errors
    /// An I/O error naming the path, or a CSV error naming the line.
    pub fn read(path: &Path) -> Result<CsvTable> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        let text = String::from_utf8(bytes).map_err(|e| {
            Error::input(
                Place::file(path.display().to_string()),
                format!("not UTF-8: {e}"),
            )
        })?;
        CsvTable::parse(&text, &path.display().to_string())
    }

    /// The index of column `name`.
    ///
    /// # Errors
    /// The column is missing (the nearest header is suggested).
    pub fn col(&self, name: &str) -> Result<usize> {
        self.headers.iter().position(|h| h == name).ok_or_else(|| {
            Error::input(
                Place::file(&self.file).at(1, 1).key(name),
                format!(
                    "missing column `{name}`{}",
                    did_you_mean(name, self.headers.iter().map(String::as_str))
                ),
            )
        })
    }

    /// Checks that the header row is exactly `expected`, in order.
    ///
    /// # Errors
    /// The first header that differs, with the expected one.
    pub fn expect_headers(&self, expected: &[&str]) -> Result<()> {
        for (i, want) in expected.iter().enumerate() {
            match self.headers.get(i) {
                Some(h) if h == want => {}
                Some(h) => {
                    return Err(Error::input(
                        Place::file(&self.file)
                            .at(1, (i + 1) as u64)
                            .key(h.as_str()),
                        format!(
                            "expected column {} to be `{want}`, found `{h}` (expected header: {})",
                            i + 1,
                            expected.join(",")
                        ),
                    ));
                }
                None => {
                    return Err(Error::input(
                        Place::file(&self.file).at(1, 1).key(*want),
                        format!(
                            "missing column `{want}` (expected header: {})",
                            expected.join(",")
                        ),
                    ));
                }
            }
        }
        if self.headers.len() > expected.len() {
            let extra = &self.headers[expected.len()];
            return Err(Error::input(
                Place::file(&self.file)
                    .at(1, (expected.len() + 1) as u64)
                    .key(extra.as_str()),
                format!(
                    "unexpected column `{extra}` (expected header: {})",
                    expected.join(",")
                ),
            ));
        }
        Ok(())
    }

    /// The records as [`Row`]s.
    pub fn rows(&self) -> impl Iterator<Item = Row<'_>> {
        self.records.iter().map(move |record| Row {
            table: self,
            record,
        })
    }
}

fn csv_error(file: &str, e: &csv::Error) -> Error {
    let line = e.position().map(|p| p.line()).unwrap_or(1);
    Error::input(Place::file(file).at(line, 1), format!("malformed CSV: {e}"))
}

/// One record of a [`CsvTable`].
#[derive(Debug, Clone, Copy)]
pub struct Row<'a> {
    table: &'a CsvTable,
    record: &'a csv::StringRecord,
}

impl<'a> Row<'a> {
    /// The 1-based line the record starts on.
    pub fn line(&self) -> u64 {
        self.record.position().map_or(0, |p| p.line())
    }

    /// Field `col` as text ("" when the record is short).
    pub fn get(&self, col: usize) -> &'a str {
        self.record.get(col).unwrap_or("")
    }

    /// The place of field `col`: file, line, approximate character column and key.
    pub fn place(&self, col: usize) -> Place {
        let column: usize = 1
            + (0..col)
                .map(|i| self.get(i).chars().count() + 1)
                .sum::<usize>();
        let key = self.table.headers.get(col).cloned().unwrap_or_default();
        Place::file(&self.table.file)
            .at(self.line(), column as u64)
            .key(key)
    }

    /// An input error at field `col`.
    pub fn error(&self, col: usize, message: impl Into<String>) -> Error {
        Error::input(self.place(col), message)
    }

    /// Field `col` parsed as `T`.
    ///
    /// # Errors
    /// The text does not parse; the message names what was expected.
    pub fn parse<T: FromStr>(&self, col: usize, what: &str) -> Result<T> {
        let text = self.get(col).trim();
        text.parse()
            .map_err(|_| self.error(col, format!("expected {what}, found `{text}`")))
    }

    /// Field `col` parsed as `T`, or `None` when empty.
    ///
    /// # Errors
    /// Non-empty text that does not parse.
    pub fn parse_opt<T: FromStr>(&self, col: usize, what: &str) -> Result<Option<T>> {
        if self.get(col).trim().is_empty() {
            Ok(None)
        } else {
            self.parse(col, what).map(Some)
        }
    }

    /// Field `col` as a finite number, or `None` when empty.
    ///
    /// # Errors
    /// Not a number, or not finite.
    pub fn finite_opt(&self, col: usize) -> Result<Option<f64>> {
        match self.parse_opt::<f64>(col, "a number")? {
            Some(v) if !v.is_finite() => {
                Err(self.error(col, format!("expected a finite number, found `{v}`")))
            }
            other => Ok(other),
        }
    }
}

/// Splits a `;`-separated list, trimming items and dropping empty ones.
pub fn split_list(text: &str) -> Vec<String> {
    text.split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// Writes CSV text: one header row, `\n` line ends, quotes only where needed.
///
/// # Errors
/// Only if the CSV writer fails (it writes to memory).
pub fn write_csv(headers: &[&str], rows: &[Vec<String>]) -> Result<String> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .quote_style(csv::QuoteStyle::Necessary)
        .from_writer(Vec::new());
    let fail = |e: csv::Error| Error::Runtime(format!("cannot write CSV: {e}"));
    writer.write_record(headers).map_err(fail)?;
    for row in rows {
        debug_assert_eq!(row.len(), headers.len(), "row width for {headers:?}");
        writer.write_record(row).map_err(fail)?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| Error::Runtime(format!("cannot write CSV: {e}")))?;
    String::from_utf8(bytes).map_err(|e| Error::Runtime(format!("CSV is not UTF-8: {e}")))
}

/// Formats a float with `decimals` places, never as `-0.000`: how the derived tables write
/// their numbers.
pub fn fmt_f(value: f64, decimals: usize) -> String {
    let text = format!("{value:.decimals$}");
    if text.starts_with('-') && text[1..].chars().all(|c| c == '0' || c == '.') {
        text[1..].to_string()
    } else {
        text
    }
}

/// An optional field as written: empty when unknown.
pub fn opt_text<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_file_line_column_and_key() {
        let table = CsvTable::parse("a,b\n1,x\n", "t.csv").unwrap();
        let row = table.rows().next().unwrap();
        let err = row.parse::<u32>(1, "a count").unwrap_err();
        assert_eq!(
            err.to_string(),
            "t.csv:2:3: key `b`: expected a count, found `x`"
        );
        assert_eq!(err.exit_code(), 2);
    }

    #[test]
    fn namibia_stays_a_code() {
        let table = CsvTable::parse("iso2\nNA\n", "t.csv").unwrap();
        assert_eq!(table.rows().next().unwrap().get(0), "NA");
    }

    #[test]
    fn ragged_rows_are_rejected_with_their_line() {
        let err = CsvTable::parse("a,b\n1,2\n3\n", "t.csv").unwrap_err();
        assert!(err.to_string().starts_with("t.csv:3"), "{err}");
    }

    #[test]
    fn header_mismatch_names_the_column() {
        let table = CsvTable::parse("a,c\n", "t.csv").unwrap();
        let err = table.expect_headers(&["a", "b"]).unwrap_err();
        assert!(err.to_string().contains("key `c`"), "{err}");
    }

    #[test]
    fn written_csv_uses_newlines_and_quotes_only_when_needed() {
        let text = write_csv(&["a", "b"], &[vec!["x,y".into(), "z".into()]]).unwrap();
        assert_eq!(text, "a,b\n\"x,y\",z\n");
    }
}
