//! Output: formats, plain tables, and atomic writes.
//!
//! Every command renders its result in one of four formats. Tables are kept as strings so
//! that each exporter (text, Markdown, CSV) is a few lines; JSON comes from serde. Files are
//! written to a temporary file in the target folder and renamed, so a reader never sees a
//! half-written file and an existing file is replaced only by a complete one.

use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};

/// The output formats every command offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// A readable fixed-width table.
    #[default]
    Table,
    /// Comma-separated values with a header row.
    Csv,
    /// One JSON document.
    Json,
    /// A GitHub-flavoured Markdown table.
    Markdown,
}

/// A rectangular table of already formatted cells.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    /// Column headers.
    pub headers: Vec<String>,
    /// Rows, each as long as `headers`.
    pub rows: Vec<Vec<String>>,
}

impl Table {
    /// A table with these headers and no rows.
    pub fn new<S: Into<String>>(headers: impl IntoIterator<Item = S>) -> Self {
        Table {
            headers: headers.into_iter().map(Into::into).collect(),
            rows: Vec::new(),
        }
    }

    /// Appends one row.
    pub fn push<S: Into<String>>(&mut self, row: impl IntoIterator<Item = S>) {
        // Never `-0.000`: a figure that rounds to zero has no sign.
        let clean = |cell: String| match crate::numfmt::no_negative_zero(&cell) {
            std::borrow::Cow::Borrowed(_) => cell,
            std::borrow::Cow::Owned(c) => c,
        };
        self.rows
            .push(row.into_iter().map(|c| clean(c.into())).collect());
    }

    fn widths(&self) -> Vec<usize> {
        let mut widths: Vec<usize> = self.headers.iter().map(|h| h.chars().count()).collect();
        for row in &self.rows {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.chars().count());
            }
        }
        widths
    }

    /// Fixed-width text: numbers right-aligned, text left-aligned.
    pub fn to_text(&self) -> String {
        let widths = self.widths();
        let mut out = String::new();
        let line = |cells: &[String], out: &mut String| {
            let parts: Vec<String> = cells
                .iter()
                .zip(&widths)
                .map(|(cell, &w)| {
                    if looks_numeric(cell) {
                        format!("{cell:>w$}")
                    } else {
                        format!("{cell:<w$}")
                    }
                })
                .collect();
            out.push_str(parts.join("  ").trim_end());
            out.push('\n');
        };
        line(&self.headers, &mut out);
        let rule: Vec<String> = widths.iter().map(|&w| "-".repeat(w)).collect();
        out.push_str(&rule.join("  "));
        out.push('\n');
        for row in &self.rows {
            line(row, &mut out);
        }
        out
    }

    /// A Markdown table (pipes in cells are escaped).
    pub fn to_markdown(&self) -> String {
        let esc = |s: &String| s.replace('|', "\\|");
        let mut out = String::new();
        out.push_str(&format!(
            "| {} |\n",
            self.headers.iter().map(esc).collect::<Vec<_>>().join(" | ")
        ));
        let seps: Vec<&str> = self
            .headers
            .iter()
            .enumerate()
            .map(|(i, _)| {
                let numeric =
                    !self.rows.is_empty() && self.rows.iter().all(|r| looks_numeric(&r[i]));
                if numeric { "---:" } else { "---" }
            })
            .collect();
        out.push_str(&format!("| {} |\n", seps.join(" | ")));
        for row in &self.rows {
            out.push_str(&format!(
                "| {} |\n",
                row.iter().map(esc).collect::<Vec<_>>().join(" | ")
            ));
        }
        out
    }

    /// CSV with a header row.
    pub fn to_csv(&self) -> Result<String> {
        let mut writer = csv::Writer::from_writer(Vec::new());
        let fail = |e: csv::Error| Error::Runtime(format!("cannot write CSV: {e}"));
        writer.write_record(&self.headers).map_err(fail)?;
        for row in &self.rows {
            writer.write_record(row).map_err(fail)?;
        }
        let bytes = writer
            .into_inner()
            .map_err(|e| Error::Runtime(format!("cannot write CSV: {e}")))?;
        String::from_utf8(bytes).map_err(|e| Error::Runtime(format!("CSV is not UTF-8: {e}")))
    }
}

fn looks_numeric(cell: &str) -> bool {
    !cell.is_empty()
        && cell
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | '/' | 'e' | '%' | ','))
        && cell.chars().any(|c| c.is_ascii_digit())
}

/// Pretty JSON with a trailing newline.
pub fn to_json<T: serde::Serialize>(value: &T) -> Result<String> {
    let mut text = serde_json::to_string_pretty(value)
        .map_err(|e| Error::Runtime(format!("cannot write JSON: {e}")))?;
    text.push('\n');
    Ok(text)
}

/// Writes `content` to `out` atomically, or to standard output when `out` is `None`.
///
/// # Errors
/// An I/O error naming the file when the folder is missing or not writable.
pub fn emit(out: Option<&Path>, content: &str) -> Result<()> {
    match out {
        Some(path) => write_atomic(path, content.as_bytes()),
        None => {
            let stdout = std::io::stdout();
            let mut lock = stdout.lock();
            match lock
                .write_all(content.as_bytes())
                .and_then(|_| lock.flush())
            {
                // A closed pipe (`| head`) is not a failure of ours.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                other => other.map_err(|e| Error::io("<stdout>", e)),
            }
        }
    }
}

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename, so
/// that `path` holds either its old content or the complete new one, never a part.
///
/// # Errors
/// An I/O error naming `path`.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".veto-sim-")
        .suffix(".tmp")
        .tempfile_in(folder)
        .map_err(|e| Error::io(path, e))?;
    tmp.write_all(bytes).map_err(|e| Error::io(path, e))?;
    // A temporary file is private; the result keeps the permissions of the file it replaces,
    // or gets those of an ordinary new file.
    if let Some(permissions) = std::fs::metadata(path)
        .ok()
        .map(|m| m.permissions())
        .or_else(new_file_permissions)
    {
        tmp.as_file()
            .set_permissions(permissions)
            .map_err(|e| Error::io(path, e))?;
    }
    tmp.as_file().sync_all().map_err(|e| Error::io(path, e))?;
    tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    Ok(())
}

#[cfg(unix)]
fn new_file_permissions() -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn new_file_permissions() -> Option<std::fs::Permissions> {
    None
}

/// A count rounded and grouped by thousands: `1234567.4` as `1,234,567`; `-` when not finite.
pub fn thousands(x: f64) -> String {
    if !x.is_finite() {
        return "-".into();
    }
    let neg = x < 0.0 && x.round() != 0.0;
    let digits = format!("{:.0}", x.abs());
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if neg { format!("-{out}") } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Table {
        let mut t = Table::new(["code", "value"]);
        t.push(["FRA", "0.25"]);
        t.push(["a|b", "12"]);
        t
    }

    #[cfg(unix)]
    #[test]
    fn written_files_are_readable_by_others_or_keep_their_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let new = dir.path().join("new.txt");
        write_atomic(&new, b"x").unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&new), 0o644);
        std::fs::set_permissions(&new, std::fs::Permissions::from_mode(0o600)).unwrap();
        write_atomic(&new, b"y").unwrap();
        assert_eq!(mode(&new), 0o600);
        assert_eq!(std::fs::read(&new).unwrap(), b"y");
    }

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(thousands(1244.0), "1,244");
        assert_eq!(thousands(12.0), "12");
        assert_eq!(thousands(1_000_000.0), "1,000,000");
    }

    #[test]
    fn text_table_aligns_numbers_right() {
        let text = sample().to_text();
        assert_eq!(text, "code  value\n----  -----\nFRA    0.25\na|b      12\n");
    }

    #[test]
    fn markdown_escapes_pipes_and_marks_numeric_columns() {
        let md = sample().to_markdown();
        assert!(md.contains("| --- | ---: |"));
        assert!(md.contains("a\\|b"));
    }

    #[test]
    fn csv_quotes_as_needed() {
        let mut t = Table::new(["a"]);
        t.push(["x,y"]);
        assert_eq!(t.to_csv().unwrap(), "a\n\"x,y\"\n");
    }

    #[test]
    fn atomic_write_replaces_whole_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.txt");
        std::fs::write(&path, "old").unwrap();
        write_atomic(&path, b"new content").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new content");
        let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1);
    }

    #[test]
    fn atomic_write_into_missing_folder_fails_cleanly() {
        let err = write_atomic(Path::new("/nonexistent-folder/x.txt"), b"x").unwrap_err();
        assert_eq!(err.exit_code(), 1);
        assert!(err.to_string().contains("/nonexistent-folder/x.txt"));
    }
}
