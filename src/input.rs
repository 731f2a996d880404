//! Reading the user's input files, and the counts they type.
//!
//! A file the user names that cannot be read is bad input (exit code 2), unlike a failure
//! to write results (exit code 1).

use std::path::Path;

use serde_saphyr::Spanned;

use crate::error::{Error, Place, Result, did_you_mean};

/// Reads a UTF-8 text file the user named.
///
/// # Errors
/// [`Error::Input`] naming the file when it is missing, unreadable or not UTF-8.
pub fn read_text(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| {
        let why = if path.is_dir() {
            "it is a folder, not a file".to_string()
        } else if e.kind() == std::io::ErrorKind::InvalidData {
            "it is not UTF-8 text".to_string()
        } else {
            crate::output::plain(&e)
        };
        Error::input(
            Place::file(path.display().to_string()),
            format!("cannot read the file: {why}"),
        )
    })
}

/// A YAML document named either as one of the files shipped in the binary or as a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedInput<'a> {
    /// Its text.
    pub text: std::borrow::Cow<'a, str>,
    /// How errors name it: `<embedded data/FOLDER/NAME.yaml>` or the path.
    pub file: String,
    /// The folder files it names are read relative to (`None` for a shipped file).
    pub dir: Option<std::path::PathBuf>,
}

/// Finds `name_or_path` among the `shipped` (name, text) pairs of `data/FOLDER/`, or reads it
/// as a file; `what` names the kind of file in the error (`scenario`, `sweep`).
///
/// # Errors
/// [`Error::Usage`] when it is neither a shipped name nor an existing file (with the nearest
/// shipped name), [`Error::Input`] when the file cannot be read.
pub fn shipped_or_file<'a>(
    name_or_path: &str,
    shipped: &[(&str, &'a str)],
    folder: &str,
    what: &str,
) -> Result<NamedInput<'a>> {
    if let Some((name, text)) = shipped.iter().find(|(n, _)| *n == name_or_path) {
        return Ok(NamedInput {
            text: std::borrow::Cow::Borrowed(text),
            file: format!("<embedded data/{folder}/{name}.yaml>"),
            dir: None,
        });
    }
    let path = Path::new(name_or_path);
    if !path.exists() {
        let names: Vec<&str> = shipped.iter().map(|(n, _)| *n).collect();
        return Err(Error::Usage(format!(
            "no {what} file `{name_or_path}` and no shipped {what} of that name (shipped: {}){}",
            names.join(", "),
            did_you_mean(name_or_path, names.iter().copied())
        )));
    }
    Ok(NamedInput {
        text: std::borrow::Cow::Owned(read_text(path)?),
        file: path.display().to_string(),
        dir: path.parent().map(Path::to_path_buf),
    })
}

/// The place of a value read with its span: `file`, its line and column when known, and `key`.
pub(crate) fn at<T>(file: &str, spanned: &Spanned<T>, key: &str) -> Place {
    let loc = &spanned.referenced;
    let p = Place::file(file).key(key);
    if loc.line() > 0 {
        p.at(loc.line(), loc.column())
    } else {
        p
    }
}

/// Reads a count (`--trials`, `--refugees`, `--threads`, ...), the same way everywhere:
/// a whole number written with digits, optionally grouped by `_` or `,` (`1_000_000`,
/// `1,000,000`), or in exponent form when its value is whole (`1e6`, `2.5e5`). Negative
/// numbers and fractions (`1.5`, `1.5e0`) are refused.
///
/// # Errors
/// A message saying which forms are accepted.
pub fn parse_count(text: &str) -> std::result::Result<u64, String> {
    let t = text.trim();
    let bad = || {
        format!("`{text}` is not a whole number (write e.g. 1000000, 1_000_000, 1,000,000 or 1e6)")
    };
    if t.is_empty() || t.starts_with(['-', '+', ',', '_']) {
        return Err(bad());
    }
    let plain: String = t.chars().filter(|c| *c != '_' && *c != ',').collect();
    if plain.chars().all(|c| c.is_ascii_digit()) {
        return plain
            .parse::<u64>()
            .map_err(|_| format!("`{text}` is too large"));
    }
    if t.contains(['_', ',']) || !t.contains(['e', 'E']) {
        return Err(bad());
    }
    let x: f64 = t.parse().map_err(|_| bad())?;
    if !x.is_finite() || x < 0.0 || x.fract() != 0.0 {
        return Err(bad());
    }
    if x >= u64::MAX as f64 {
        return Err(format!("`{text}` is too large"));
    }
    Ok(x as u64)
}

/// [`parse_count`] for a `usize` flag.
pub fn parse_count_usize(text: &str) -> std::result::Result<usize, String> {
    parse_count(text).and_then(|n| usize::try_from(n).map_err(|_| format!("`{text}` is too large")))
}

/// Reads a standard error to stop sampling at (`--se`): a number above 0 and below 0.5.
///
/// # Errors
/// A message saying what is accepted.
pub fn parse_std_error(text: &str) -> std::result::Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(se) if se > 0.0 && se < 0.5 => Ok(se),
        _ => Err(format!(
            "expected a standard error above 0 and below 0.5 (e.g. 0.001), got `{text}`"
        )),
    }
}

/// [`parse_count`] for a flag that takes a number of people as a float.
pub fn parse_count_f64(text: &str) -> std::result::Result<f64, String> {
    parse_count(text).map(|n| n as f64)
}

/// Reads two years written `Y1-Y2` (spaces allowed around each) given to `flag`; whether
/// the first comes before the second is the caller's to check.
///
/// # Errors
/// [`Error::Usage`] naming `flag` and the text, with an example.
pub fn parse_year_span(text: &str, flag: &str) -> Result<(i32, i32)> {
    let bad = || {
        Error::Usage(format!(
            "{flag}: expected two years as Y1-Y2 (e.g. 2013-2017), found `{text}`"
        ))
    };
    let (a, b) = text.trim().split_once('-').ok_or_else(bad)?;
    let a: i32 = a.trim().parse().map_err(|_| bad())?;
    let b: i32 = b.trim().parse().map_err(|_| bad())?;
    Ok((a, b))
}

#[cfg(test)]
mod tests {
    use super::{parse_count, parse_year_span};

    #[test]
    fn year_spans_read_two_years_and_name_the_flag() {
        assert_eq!(
            parse_year_span("2013-2017", "--window").ok(),
            Some((2013, 2017))
        );
        assert_eq!(
            parse_year_span(" 2017 - 2013 ", "--window").ok(),
            Some((2017, 2013))
        );
        for text in ["2017", "Y1-Y2", "2013-", "-2017", "2013-2017-2019"] {
            let err = parse_year_span(text, "--window")
                .expect_err(text)
                .to_string();
            assert!(err.contains("--window") && err.contains(text), "{err}");
        }
    }

    #[test]
    fn counts_read_the_same_forms_everywhere() {
        for (text, n) in [
            ("1000000", 1_000_000),
            ("1_000_000", 1_000_000),
            ("1,000,000", 1_000_000),
            ("1e6", 1_000_000),
            ("1E6", 1_000_000),
            ("2.5e5", 250_000),
            ("0", 0),
            (" 7 ", 7),
        ] {
            assert_eq!(parse_count(text), Ok(n), "{text}");
        }
        for text in [
            "1.5e0",
            "1.5",
            "-1",
            "1e-3",
            "abc",
            "",
            "1e400",
            "99999999999999999999",
            "1.0",
        ] {
            assert!(parse_count(text).is_err(), "{text}");
        }
    }
}
