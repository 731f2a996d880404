//! Official languages of states (`data/languages.csv`, from mledoze/countries), for language
//! affinity: the regional key's optional weight for a shared official language and the
//! asylum-centre sites' ranking.
//!
//! ```
//! use veto_sim::flows::languages::Languages;
//! let l = Languages::embedded().unwrap();
//! assert_eq!(l.shared("SYR", "JOR"), ["Arabic"]);
//! assert!(l.shared("SYR", "TUR").is_empty());
//! ```

use std::collections::BTreeMap;
use std::sync::OnceLock;

use crate::error::{Error, Result};
use crate::world::table::{CsvTable, split_list};

/// The embedded table.
const EMBEDDED: &str = include_str!("../../data/languages.csv");
/// Its columns (as the data build writes them).
pub const COLUMNS: &[&str] = &["iso3", "language_codes", "language_names"];

/// Official languages by state: `(ISO 639-3 code, English name)`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Languages {
    by_state: BTreeMap<String, Vec<(String, String)>>,
}

impl Languages {
    /// Reads a table in the layout of `data/languages.csv`.
    ///
    /// # Errors
    /// A header that does not fit, with its file, line, column and key.
    pub fn parse(table: &CsvTable) -> Result<Languages> {
        table.expect_headers(COLUMNS)?;
        let mut by_state = BTreeMap::new();
        for row in table.rows() {
            let codes = split_list(row.get(1));
            let names = split_list(row.get(2));
            let pairs = codes
                .into_iter()
                .enumerate()
                .map(|(i, c)| (c, names.get(i).cloned().unwrap_or_default()))
                .collect();
            by_state.insert(row.get(0).to_string(), pairs);
        }
        Ok(Languages { by_state })
    }

    /// The table compiled into the binary (read once).
    ///
    /// # Errors
    /// Only if the embedded file is malformed (a build defect).
    pub fn embedded() -> Result<&'static Languages> {
        static CELL: OnceLock<std::result::Result<Languages, String>> = OnceLock::new();
        CELL.get_or_init(|| {
            CsvTable::parse(EMBEDDED, "<embedded data/languages.csv>")
                .and_then(|t| Languages::parse(&t))
                .map_err(|e| e.to_string())
        })
        .as_ref()
        .map_err(|e| Error::Runtime(e.clone()))
    }

    /// The official languages `a` and `b` share, by English name (the code where the name is
    /// missing).
    pub fn shared(&self, a: &str, b: &str) -> Vec<String> {
        let (Some(la), Some(lb)) = (self.by_state.get(a), self.by_state.get(b)) else {
            return Vec::new();
        };
        la.iter()
            .filter(|(code, _)| lb.iter().any(|(c, _)| c == code))
            .map(|(code, name)| {
                if name.is_empty() {
                    code.clone()
                } else {
                    name.clone()
                }
            })
            .collect()
    }

    /// Whether `state` shares an official language with any of `origins`.
    pub fn shares_any(&self, state: &str, origins: &[String]) -> bool {
        origins.iter().any(|o| !self.shared(o, state).is_empty())
    }
}
