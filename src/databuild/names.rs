//! Country names and codes as the raw files write them, resolved to ISO3.

use std::collections::HashMap;

use crate::error::{Result, did_you_mean};
use crate::world::table::Row;

/// Names the raw Council files use that the country file does not know, with their codes.
/// Former states keep their own codes; the USSR's seat is coded by the Russian Federation,
/// which continues it (the Council files themselves write "Russian Federation" for the USSR).
const ALIASES: &[(&str, &str)] = &[
    ("Bolivia (Plurinational State of)", "BOL"),
    ("Venezuela (Bolivarian Republic of)", "VEN"),
    ("Côte d'Ivoire", "CIV"),
    ("Cote d' Ivoire", "CIV"),
    ("Libyan Arab Jamahiriya", "LBY"),
    ("Saudia Arabia", "SAU"),
    ("Turkey", "TUR"),
    ("Zaire", "COD"),
    ("Yugoslavia", "YUG"),
    ("Czechoslovakia", "CSK"),
    ("USSR", "RUS"),
    ("Russia", "RUS"),
    ("UK", "GBR"),
    ("USA", "USA"),
];

/// Resolves country names to ISO3 codes.
#[derive(Debug, Default)]
pub struct Names {
    by_name: HashMap<String, String>,
}

impl Names {
    /// A resolver over `(name, code)` pairs (common and official names of the country file)
    /// plus the aliases above.
    pub fn new(pairs: impl IntoIterator<Item = (String, String)>) -> Names {
        let mut by_name = HashMap::new();
        for (name, code) in pairs {
            by_name.entry(name.trim().to_lowercase()).or_insert(code);
        }
        for (name, code) in ALIASES {
            by_name.insert(name.to_lowercase(), (*code).to_string());
        }
        Names { by_name }
    }

    /// The code of `name`, if known.
    pub fn code(&self, name: &str) -> Option<&str> {
        self.by_name
            .get(&name.trim().to_lowercase())
            .map(String::as_str)
    }

    /// The codes of a `;`-separated list of names in field `col` of `row`.
    ///
    /// # Errors
    /// An unknown name, with the nearest known one.
    pub fn codes(&self, row: &Row<'_>, col: usize) -> Result<Vec<String>> {
        let mut out = Vec::new();
        for name in row
            .get(col)
            .split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            match self.code(name) {
                Some(code) => out.push(code.to_string()),
                None => {
                    return Err(row.error(
                        col,
                        format!(
                            "unknown country name `{name}`{}",
                            did_you_mean(name, self.by_name.keys().map(String::as_str))
                        ),
                    ));
                }
            }
        }
        Ok(out)
    }
}
