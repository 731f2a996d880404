//! Reading the user's input files.
//!
//! A file the user names that cannot be read is bad input (exit code 2), unlike a failure
//! to write results (exit code 1).

use std::path::Path;

use crate::error::{Error, Place, Result};

/// Reads a UTF-8 text file the user named.
///
/// # Errors
/// [`Error::Input`] naming the file when it is missing, unreadable or not UTF-8.
pub fn read_text(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| {
        Error::input(
            Place::file(path.display().to_string()),
            format!("cannot read the file: {e}"),
        )
    })
}
