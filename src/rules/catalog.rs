//! The catalog of named reforms, embedded from `data/reforms/`.
//!
//! Each reform is a rule file with a one-paragraph description and the document it comes
//! from. The files are compiled into the binary so that `veto-sim` works from any folder.

use super::Rule;
use super::yaml::parse_rule;
use crate::error::{Error, Result, did_you_mean};

/// One catalog entry: its name and YAML text.
#[derive(Debug, Clone, Copy)]
pub struct Entry {
    /// The reform's name, as used on the command line.
    pub name: &'static str,
    /// The rule file.
    pub yaml: &'static str,
}

macro_rules! reforms {
    ($($name:literal),* $(,)?) => {
        &[$(Entry { name: $name, yaml: include_str!(concat!("../../data/reforms/", $name, ".yaml")) }),*]
    };
}

/// Every named reform, in the order the catalog lists them.
pub const ENTRIES: &[Entry] = reforms![
    "present",
    "council-1945",
    "abolish-veto",
    "qualified-10",
    "two-negatives",
    "restraint",
    "assembly-override",
    "g4",
    "ezulwini",
    "uniting-for-consensus",
    "model-a",
    "model-b",
];

/// The catalog entry called `name`.
///
/// # Errors
/// [`Error::Usage`] for an unknown name, suggesting the nearest one.
pub fn entry(name: &str) -> Result<&'static Entry> {
    ENTRIES.iter().find(|e| e.name == name).ok_or_else(|| {
        Error::Usage(format!(
            "unknown reform `{name}`{}; `veto-sim list reforms` shows the catalog",
            did_you_mean(name, ENTRIES.iter().map(|e| e.name))
        ))
    })
}

/// The reform called `name`, parsed and validated against `known_codes`.
///
/// # Errors
/// An unknown name, or (should the embedded data be broken) the rule's input error.
pub fn reform(name: &str, known_codes: &[&str]) -> Result<Rule> {
    let entry = entry(name)?;
    parse_rule(
        entry.yaml,
        &format!("<embedded data/reforms/{}.yaml>", entry.name),
        known_codes,
    )
}

/// Every reform, parsed.
///
/// # Errors
/// The first embedded rule that fails to validate.
pub fn all(known_codes: &[&str]) -> Result<Vec<Rule>> {
    ENTRIES
        .iter()
        .map(|e| reform(e.name, known_codes))
        .collect()
}
