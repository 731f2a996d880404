//! Output formats and plain tables: the floor every report and command renders on.
//!
//! Every command renders its result in one of four formats. Tables are kept as strings so
//! that each exporter (text, Markdown, CSV) is a few lines; JSON comes from serde. [`emit`]
//! writes to standard output or, atomically, to the user's `--out` path.

use std::path::Path;

use crate::error::{Error, Result};

/// `#` comment lines that put the run's record at the head of a CSV file (read it with, e.g.,
/// `pandas.read_csv(path, comment="#")`).
pub fn csv_header(meta: &impl serde::Serialize, config: &impl serde::Serialize) -> Result<String> {
    let meta = serde_json::to_string(meta)
        .map_err(|e| Error::Runtime(format!("cannot write JSON: {e}")))?;
    let config = serde_json::to_string(config)
        .map_err(|e| Error::Runtime(format!("cannot write JSON: {e}")))?;
    Ok(format!("# meta: {meta}\n# config: {config}\n"))
}

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
    /// Which columns stay first when a narrow terminal cannot show them all (lower first;
    /// empty: from left to right). See [`crate::fit`].
    pub priority: Vec<u32>,
}

impl Table {
    /// A table with these headers and no rows.
    pub fn new<S: Into<String>>(headers: impl IntoIterator<Item = S>) -> Self {
        Table {
            headers: headers.into_iter().map(Into::into).collect(),
            rows: Vec::new(),
            priority: Vec::new(),
        }
    }

    /// Sets the columns' priorities for a narrow terminal (lower stays first).
    #[must_use]
    pub fn with_priority(mut self, priority: impl IntoIterator<Item = u32>) -> Self {
        self.priority = priority.into_iter().collect();
        self
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

    /// Fixed-width text: numbers right-aligned, text left-aligned; fitted to the width of
    /// the process's [`crate::fit::Layout`].
    pub fn to_text(&self) -> String {
        self.to_text_with(crate::fit::current())
    }

    /// Fixed-width text with the columns `layout` selects, and a line naming those it hides.
    pub fn to_text_with(&self, layout: &crate::fit::Layout) -> String {
        let all_widths = self.widths();
        let selection = layout.select(&self.headers, &all_widths, &self.priority);
        let pick = |cells: &[String]| -> Vec<String> {
            selection
                .shown
                .iter()
                .map(|&i| cells.get(i).cloned().unwrap_or_default())
                .collect()
        };
        let widths: Vec<usize> = selection.shown.iter().map(|&i| all_widths[i]).collect();
        let mut out = String::new();
        let line = |cells: &[String], out: &mut String| {
            let parts: Vec<String> = pick(cells)
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
        if let Some(note) = selection.note {
            out.push_str(&note);
            out.push('\n');
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
    let text = serde_json::to_string_pretty(value)
        .map_err(|e| Error::Runtime(format!("cannot write JSON: {e}")))?;
    let mut text = positive_zeros(&text);
    text.push('\n');
    Ok(text)
}

/// Replaces every number `-0.0` of a JSON text (outside strings) with `0.0`: a difference
/// that is exactly nothing should not read as a negative one. Key order and every other byte
/// stay as serialised.
fn positive_zeros(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let (mut in_string, mut escaped) = (false, false);
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if in_string {
            if escaped {
                escaped = false;
            } else if c == b'\\' {
                escaped = true;
            } else if c == b'"' {
                in_string = false;
            }
        } else if c == b'"' {
            in_string = true;
        } else if text[i..].starts_with("-0.0")
            && !bytes.get(i + 4).is_some_and(u8::is_ascii_digit)
            && !bytes.get(i + 4).is_some_and(|b| *b == b'e' || *b == b'E')
        {
            out.push_str("0.0");
            i += 4;
            continue;
        }
        // Copy the whole character (JSON text is UTF-8; strings may hold any).
        let width = text[i..].chars().next().map_or(1, char::len_utf8);
        out.push_str(&text[i..i + width]);
        i += width;
    }
    out
}

/// Writes `content` to `out`, or to standard output when `out` is `None`; see
/// [`crate::output::write`] for what each kind of `out` path means.
///
/// # Errors
/// An error naming the path when it cannot be written.
pub fn emit(out: Option<&Path>, content: &str) -> Result<()> {
    // Notes wider than a terminal's width wrap there (tables were fitted as they were drawn).
    let content = &crate::fit::wrap_long_lines(content, crate::fit::current().width);
    match out {
        Some(path) => crate::output::write(path, content.as_bytes()),
        None => crate::output::to_stdout(content.as_bytes()),
    }
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

    #[test]
    fn table_cells_never_hold_a_negative_zero() {
        let mut t = Table::new(["rule", "vs present"]);
        t.push(["g4", "-0.000"]);
        t.push(["present", "-0.012"]);
        assert_eq!(t.rows[0][1], "0.000");
        assert_eq!(t.rows[1][1], "-0.012");
    }

    #[test]
    fn json_never_holds_a_negative_zero() {
        let text = to_json(
            &serde_json::json!({"a": -0.0, "b": [1.0, -0.0], "c": -1.5, "d": "x -0.0", "e": -0.05}),
        )
        .unwrap();
        assert!(text.contains("\"a\": 0.0"), "{text}");
        assert!(text.contains("\"d\": \"x -0.0\""), "{text}");
        assert!(text.contains("-0.05") && text.contains("-1.5"), "{text}");
        assert_eq!(text.matches("-0.0").count(), 2, "{text}");
    }

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
        crate::output::write(&new, b"x").unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&new), 0o644);
        std::fs::set_permissions(&new, std::fs::Permissions::from_mode(0o600)).unwrap();
        crate::output::write(&new, b"y").unwrap();
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
        crate::output::write(&path, b"new content").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new content");
        let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1);
    }

    #[test]
    fn atomic_write_into_missing_folder_fails_cleanly() {
        let err = crate::output::write(Path::new("/nonexistent-folder/x.txt"), b"x").unwrap_err();
        assert_eq!(err.exit_code(), 2);
        assert_eq!(
            err.to_string(),
            "cannot write /nonexistent-folder/x.txt: the folder /nonexistent-folder does not exist"
        );
    }
}
