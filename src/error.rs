//! The library's error type.
//!
//! Every failure says what went wrong with the offending value. Input errors carry the
//! file, line, column and key where the problem sits, so a user can go straight to it;
//! the binary maps them to exit code 2 (bad input), everything else to exit code 1.

use std::fmt;
use std::path::PathBuf;

/// Where in an input a problem sits. Fields that are unknown stay `None`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Place {
    /// The file (or a name such as `<embedded reform present>`).
    pub file: String,
    /// 1-based line.
    pub line: Option<u64>,
    /// 1-based column.
    pub column: Option<u64>,
    /// The key or field path, such as `veto.negatives_to_block`.
    pub key: Option<String>,
}

impl Place {
    /// A place that names only the file.
    pub fn file(file: impl Into<String>) -> Self {
        Place {
            file: file.into(),
            ..Place::default()
        }
    }

    /// The same place with a line and column.
    pub fn at(mut self, line: u64, column: u64) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    /// The same place with a key.
    pub fn key(mut self, key: impl Into<String>) -> Self {
        self.key = Some(key.into());
        self
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        if let Some(key) = &self.key {
            write!(f, ": key `{key}`")?;
        }
        Ok(())
    }
}

/// An I/O error's message without the OS error number, and without the path of a temporary
/// file that the tempfile crate adds.
pub fn plain(e: &std::io::Error) -> String {
    let text = e.to_string();
    let text = match text.find(" at path ") {
        Some(i) => &text[..i],
        None => &text,
    };
    let text = match text.find(" (os error") {
        Some(i) => &text[..i],
        None => text,
    };
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Everything that can go wrong in veto-sim.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input is wrong: a file, a field, a value. Exit code 2.
    #[error("{place}: {message}")]
    Input { place: Place, message: String },

    /// The command line asks for something that cannot be done. Exit code 2.
    #[error("{0}")]
    Usage(String),

    /// Reading or writing a file failed. Exit code 1. The OS message is said once, in
    /// words (it is not also given as the error's source, which would repeat it).
    #[error("{}: {}", path.display(), plain(cause))]
    Io {
        path: PathBuf,
        cause: std::io::Error,
    },

    /// A computation failed for a reason other than bad input. Exit code 1.
    #[error("{0}")]
    Runtime(String),

    /// The caller stopped the computation (see [`crate::api::Progress::cancelled`]). Exit
    /// code 130, as for Ctrl-C.
    #[error("interrupted")]
    Interrupted,
}

impl Error {
    /// An input error at `place`.
    pub fn input(place: Place, message: impl Into<String>) -> Self {
        Error::Input {
            place,
            message: message.into(),
        }
    }

    /// An I/O error on `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            cause: source,
        }
    }

    /// The process exit code this error maps to: 2 for bad input or usage, 1 otherwise.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Input { .. } | Error::Usage(_) => 2,
            Error::Io { .. } | Error::Runtime(_) => 1,
            Error::Interrupted => 130,
        }
    }
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The nearest name to `wanted` among `candidates`, if any is reasonably close: the best
/// Jaro–Winkler similarity on upper-cased names, accepted at 0.7 or when at most half the
/// characters differ (normalised Damerau–Levenshtein ≥ 0.5, which catches short names).
/// Used to suggest a fix for unknown codes and names.
pub fn nearest<'a, I>(wanted: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let wanted = wanted.to_uppercase();
    candidates
        .into_iter()
        .map(|c| {
            let upper = c.to_uppercase();
            let jw = strsim::jaro_winkler(&wanted, &upper);
            let dl = strsim::normalized_damerau_levenshtein(&wanted, &upper);
            (jw.max(dl + 0.2), c)
        })
        .filter(|(score, _)| *score >= 0.7)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// " (did you mean `X`?)" when a near name exists, else "".
pub fn did_you_mean<'a, I>(wanted: &str, candidates: I) -> String
where
    I: IntoIterator<Item = &'a str>,
{
    match nearest(wanted, candidates) {
        Some(near) => format!(" (did you mean `{near}`?)"),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn place_renders_file_line_column_and_key() {
        let place = Place::file("rule.yaml").at(3, 5).key("quota");
        assert_eq!(place.to_string(), "rule.yaml:3:5: key `quota`");
    }

    #[test]
    fn nearest_suggests_close_codes_only() {
        let codes = ["FRA", "GBR", "USA", "RUS", "CHN"];
        assert_eq!(nearest("FRN", codes), Some("FRA"));
        assert_eq!(nearest("XYZQW", codes), None);
    }

    #[test]
    fn input_and_usage_errors_exit_with_two() {
        assert_eq!(Error::Usage("x".into()).exit_code(), 2);
        assert_eq!(Error::input(Place::file("f"), "m").exit_code(), 2);
        assert_eq!(Error::Runtime("x".into()).exit_code(), 1);
    }
}
