//! Fitting text output to the terminal.
//!
//! Some tables have a column per rule or per figure and run to hundreds of characters. When
//! a table goes to a terminal, [`Layout::select`] keeps the columns that fit its width (the
//! first column always, then by priority: by default from left to right) and names the others
//! on one line; `--columns LIST` chooses them and `--columns all` shows all. Notes longer than the
//! width are wrapped at spaces ([`wrap_long_lines`]). Output to a file or a pipe keeps every
//! column, so scripts and diffs never depend on a window's size.
//!
//! The command line decides the layout once ([`set`]) and the table renderer reads it
//! ([`current`]); without a call to [`set`] every table is rendered whole.

use std::io::IsTerminal;
use std::sync::OnceLock;

/// Which columns a user asked for.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Columns {
    /// As many as fit the width, if there is one.
    #[default]
    Auto,
    /// Every column.
    All,
    /// These headers (compared without case); a table with none of them is fitted as for
    /// [`Columns::Auto`].
    Named(Vec<String>),
}

impl Columns {
    /// Reads a `--columns` value: `all`, or comma-separated headers.
    pub fn parse(list: Option<&str>) -> Columns {
        match list.map(str::trim) {
            None | Some("") => Columns::Auto,
            Some(l) if l.eq_ignore_ascii_case("all") => Columns::All,
            Some(l) => Columns::Named(
                l.split(',')
                    .map(|c| c.trim().to_lowercase())
                    .filter(|c| !c.is_empty())
                    .collect(),
            ),
        }
    }
}

/// How text tables are laid out.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Layout {
    /// The width to fit, or `None` for full width.
    pub width: Option<usize>,
    /// The columns asked for.
    pub columns: Columns,
}

/// The columns of one table to show, and the line that says what was left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selection {
    /// Indices of the columns to show, in the table's order.
    pub shown: Vec<usize>,
    /// A line naming the hidden columns, when some are hidden to fit the width.
    pub note: Option<String>,
}

/// Two spaces between columns, as the text table renderer (`Table::to_text`) draws them.
const GAP: usize = 2;

impl Layout {
    /// The layout of a command's output: for a text table (`table`), fitted to `width`, else
    /// to `VETO_SIM_WIDTH`, else to the terminal when the table goes there, and full width
    /// when it goes to a file (`to_file`) or a pipe, so scripts and diffs see every column;
    /// other formats are never fitted. `columns` is a `--columns` value ([`Columns::parse`]).
    pub fn for_output(
        table: bool,
        columns: Option<&str>,
        width: Option<usize>,
        to_file: bool,
    ) -> Layout {
        let columns = Columns::parse(columns);
        if !table {
            return Layout {
                width: None,
                columns,
            };
        }
        let forced = width.or_else(|| {
            std::env::var("VETO_SIM_WIDTH")
                .ok()
                .and_then(|v| v.trim().parse().ok())
        });
        let width = match forced {
            Some(w) => Some(w),
            None if !to_file => terminal_width(),
            None => None,
        };
        Layout { width, columns }
    }

    /// The columns to show of a table with these headers, column widths and priorities
    /// (lower first; ties by position).
    pub fn select(&self, headers: &[String], widths: &[usize], priority: &[u32]) -> Selection {
        let all = Selection {
            shown: (0..headers.len()).collect(),
            note: None,
        };
        if headers.is_empty() {
            return all;
        }
        match &self.columns {
            Columns::All => return all,
            Columns::Named(names) => {
                let shown: Vec<usize> = (0..headers.len())
                    .filter(|&i| i == 0 || names.contains(&headers[i].trim().to_lowercase()))
                    .collect();
                if shown.len() > 1 {
                    return Selection { shown, note: None };
                }
            }
            Columns::Auto => {}
        }
        let Some(width) = self.width else {
            return all;
        };
        let total: usize = widths.iter().sum::<usize>() + GAP * (widths.len() - 1);
        if total <= width {
            return all;
        }
        let mut order: Vec<usize> = (1..headers.len()).collect();
        order.sort_by_key(|&i| (priority.get(i).copied().unwrap_or(u32::MAX), i));
        let mut shown = vec![0];
        let mut used = widths[0];
        for i in order {
            if used + GAP + widths[i] > width {
                break;
            }
            used += GAP + widths[i];
            shown.push(i);
        }
        shown.sort_unstable();
        let hidden: Vec<&str> = (0..headers.len())
            .filter(|i| !shown.contains(i))
            .map(|i| headers[i].trim())
            .collect();
        let note = hidden_note(&hidden, width);
        Selection {
            shown,
            note: Some(note),
        }
    }
}

/// One line, at most `width` characters where possible, naming the hidden columns.
fn hidden_note(hidden: &[&str], width: usize) -> String {
    let head = "Hidden to fit: ";
    let tail = "; --columns LIST or --columns all";
    let room = width.saturating_sub(head.chars().count() + tail.chars().count());
    let mut names = String::new();
    for (k, name) in hidden.iter().enumerate() {
        let sep = if k == 0 { "" } else { ", " };
        let more = if k + 1 < hidden.len() { 3 } else { 0 };
        if names.chars().count() + sep.len() + name.chars().count() + more > room {
            names.push_str(if k == 0 { "…" } else { ", …" });
            break;
        }
        names.push_str(sep);
        names.push_str(name);
    }
    format!("{head}{names}{tail}")
}

static LAYOUT: OnceLock<Layout> = OnceLock::new();

/// Sets the layout of this process's text tables (the first call wins).
pub fn set(layout: Layout) {
    let _ = LAYOUT.set(layout);
}

/// The layout set by [`set`], or full width.
pub fn current() -> &'static Layout {
    LAYOUT.get_or_init(Layout::default)
}

/// The width of the terminal standard output goes to (`COLUMNS` overrides what the terminal
/// reports), or `None` when it goes to a file or a pipe.
pub fn terminal_width() -> Option<usize> {
    if !std::io::stdout().is_terminal() {
        return None;
    }
    std::env::var("COLUMNS")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|&w| w > 0)
        .or_else(|| terminal_size::terminal_size().map(|(w, _)| usize::from(w.0)))
}

/// `text` with every line longer than `width` wrapped at spaces (continuations keep the
/// line's indentation); unchanged when `width` is `None`. Tables are left whole: a table is
/// its header, its rule of dashes and its rows up to a blank line, as
/// the text table renderer (`Table::to_text`) draws it (it is wider than `width` only when the user
/// chose its columns).
pub fn wrap_long_lines(text: &str, width: Option<usize>) -> String {
    let Some(width) = width else {
        return text.to_string();
    };
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let is_rule = |l: &str| {
        let l = l.trim_end();
        l.starts_with('-') && l.chars().all(|c| c == '-' || c == ' ')
    };
    let mut in_table = vec![false; lines.len()];
    for i in 0..lines.len() {
        if is_rule(lines[i]) {
            if i > 0 {
                in_table[i - 1] = true;
            }
            for (j, line) in lines.iter().enumerate().skip(i) {
                if line.trim().is_empty() {
                    break;
                }
                in_table[j] = true;
            }
        }
    }
    let mut out = String::with_capacity(text.len());
    for (line, table) in lines.iter().zip(in_table) {
        let (body, end) = match line.strip_suffix('\n') {
            Some(b) => (b, "\n"),
            None => (*line, ""),
        };
        if table || body.chars().count() <= width {
            out.push_str(line);
            continue;
        }
        let indent: String = body.chars().take_while(|c| *c == ' ').collect();
        let mut current = indent.clone();
        for word in body.split(' ').filter(|w| !w.is_empty()) {
            let len = current.chars().count();
            if len > indent.len() && len + 1 + word.chars().count() > width {
                out.push_str(&current);
                out.push('\n');
                current = indent.clone();
            }
            if current.chars().count() > indent.len() {
                current.push(' ');
            }
            current.push_str(word);
        }
        out.push_str(&current);
        out.push_str(end);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("c{i}")).collect()
    }

    #[test]
    fn full_width_without_a_width() {
        let s = Layout::default().select(&headers(3), &[50, 50, 50], &[]);
        assert_eq!(s.shown, [0, 1, 2]);
        assert!(s.note.is_none());
    }

    #[test]
    fn fits_the_width_and_names_what_is_hidden() {
        let layout = Layout {
            width: Some(60),
            columns: Columns::Auto,
        };
        let s = layout.select(&headers(4), &[10, 20, 20, 20], &[]);
        assert_eq!(s.shown, [0, 1, 2]);
        let note = s.note.unwrap();
        assert!(
            note.contains("c3") && note.contains("--columns all"),
            "{note}"
        );
        assert!(note.chars().count() <= 60 || note.contains('…'));
    }

    #[test]
    fn priorities_choose_before_position() {
        // 10 + 2 + 10 (the last column first) + 2 + 20 = 44: the third column does not fit.
        let layout = Layout {
            width: Some(45),
            columns: Columns::Auto,
        };
        let s = layout.select(&headers(4), &[10, 20, 20, 10], &[0, 2, 2, 1]);
        assert_eq!(s.shown, [0, 1, 3]);
    }

    #[test]
    fn named_columns_and_all() {
        let layout = Layout {
            width: Some(30),
            columns: Columns::parse(Some("C2, c3")),
        };
        assert_eq!(
            layout.select(&headers(4), &[10, 20, 20, 20], &[]).shown,
            [0, 2, 3]
        );
        let all = Layout {
            width: Some(30),
            columns: Columns::parse(Some("all")),
        };
        assert_eq!(
            all.select(&headers(4), &[10, 20, 20, 20], &[]).shown.len(),
            4
        );
    }

    #[test]
    fn long_lines_wrap_at_spaces() {
        assert_eq!(wrap_long_lines("aa bb cc\nd\n", Some(5)), "aa bb\ncc\nd\n");
        assert_eq!(wrap_long_lines("aa bb cc", None), "aa bb cc");
        assert_eq!(wrap_long_lines("  aa bb", Some(5)), "  aa\n  bb");
        let table = "a long title\nheader  header\n------  ------\nrow     row\n\nnote x\n";
        assert_eq!(
            wrap_long_lines(table, Some(8)),
            "a long\ntitle\nheader  header\n------  ------\nrow     row\n\nnote x\n"
        );
    }
}
