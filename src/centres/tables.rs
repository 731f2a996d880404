//! The asylum-centre tables the data build derives (`data/asylum_applications.csv`,
//! `asylum_decisions.csv`, `resettlement.csv`, `languages.csv`, `armed_conflict_years.csv`),
//! compiled into the binary and read with errors naming the file, line, column and key.

use std::collections::BTreeMap;

use crate::databuild::asylum as schema;
use crate::error::Result;
use crate::flows::languages::Languages;
use crate::world::table::{CsvTable, split_list};

/// The embedded tables, in [`schema::FILES`] order.
const EMBEDDED: [(&str, &str); 5] = [
    (
        schema::APPLICATIONS_FILE,
        include_str!("../../data/asylum_applications.csv"),
    ),
    (
        schema::DECISIONS_FILE,
        include_str!("../../data/asylum_decisions.csv"),
    ),
    (
        schema::RESETTLEMENT_FILE,
        include_str!("../../data/resettlement.csv"),
    ),
    (
        schema::LANGUAGES_FILE,
        include_str!("../../data/languages.csv"),
    ),
    (
        schema::ARMED_CONFLICT_FILE,
        include_str!("../../data/armed_conflict_years.csv"),
    ),
];

/// Asylum applications of one origin in one year.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Applications {
    /// Lodged in Europe.
    pub europe: f64,
    /// Lodged anywhere.
    pub world: f64,
}

/// First-instance asylum decisions on one origin's nationals in Europe in one year.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Decisions {
    /// Convention status.
    pub recognised: f64,
    /// Complementary (subsidiary, humanitarian) protection.
    pub complementary: f64,
    /// Rejected on the merits.
    pub rejected: f64,
    /// Otherwise closed (withdrawn, transferred, inadmissible).
    pub closed: f64,
}

impl Decisions {
    /// Decisions on the merits: recognised, complementary or rejected.
    pub fn substantive(&self) -> f64 {
        self.recognised + self.complementary + self.rejected
    }

    /// `(recognised + complementary) / substantive`, or `None` without decisions.
    pub fn protection_rate(&self) -> Option<f64> {
        let n = self.substantive();
        (n > 0.0).then(|| (self.recognised + self.complementary) / n)
    }
}

/// Resettlement in one year.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Resettlement {
    /// Refugees resettled (arrivals in every resettlement state).
    pub resettled: f64,
    /// States receiving any.
    pub states: u32,
}

/// Everything the centres model reads beside the world.
#[derive(Debug, Clone, PartialEq)]
pub struct AsylumTables {
    /// By (origin, year).
    pub applications: BTreeMap<(String, i32), Applications>,
    /// By (origin, year).
    pub decisions: BTreeMap<(String, i32), Decisions>,
    /// By year.
    pub resettlement: BTreeMap<i32, Resettlement>,
    /// Official languages by state.
    pub languages: Languages,
    /// UCDP conflict ids located in a state, by (state, year).
    pub armed: BTreeMap<(String, i32), Vec<String>>,
}

fn years<'a, V: 'a>(keys: impl Iterator<Item = (&'a (String, i32), V)>) -> Option<(i32, i32)> {
    keys.map(|(k, _)| k.1).fold(None, |acc, y| match acc {
        None => Some((y, y)),
        Some((lo, hi)) => Some((lo.min(y), hi.max(y))),
    })
}

impl AsylumTables {
    /// The tables compiled into the binary.
    ///
    /// # Errors
    /// Only if the embedded files are malformed (a build defect).
    pub fn embedded() -> Result<AsylumTables> {
        let texts: Vec<(String, &str)> = EMBEDDED
            .iter()
            .map(|(name, text)| (format!("<embedded data/{name}>"), *text))
            .collect();
        Self::parse(&texts)
    }

    /// Reads the five tables from their texts (named for messages), in [`schema::FILES`]
    /// order.
    ///
    /// # Errors
    /// A header or value that does not fit, with its file, line, column and key.
    pub fn parse(texts: &[(String, &str)]) -> Result<AsylumTables> {
        let table = |i: usize, columns: &[&str]| -> Result<CsvTable> {
            let (name, text) = &texts[i];
            let t = CsvTable::parse(text, name)?;
            t.expect_headers(columns)?;
            Ok(t)
        };
        let mut out = AsylumTables {
            applications: BTreeMap::new(),
            decisions: BTreeMap::new(),
            resettlement: BTreeMap::new(),
            languages: Languages::default(),
            armed: BTreeMap::new(),
        };
        let t = table(0, schema::APPLICATIONS_COLUMNS)?;
        for row in t.rows() {
            out.applications.insert(
                (row.get(0).to_string(), row.parse(1, "a year")?),
                Applications {
                    europe: row.parse(2, "a count")?,
                    world: row.parse(3, "a count")?,
                },
            );
        }
        let t = table(1, schema::DECISIONS_COLUMNS)?;
        for row in t.rows() {
            out.decisions.insert(
                (row.get(0).to_string(), row.parse(1, "a year")?),
                Decisions {
                    recognised: row.parse(2, "a count")?,
                    complementary: row.parse(3, "a count")?,
                    rejected: row.parse(4, "a count")?,
                    closed: row.parse(5, "a count")?,
                },
            );
        }
        let t = table(2, schema::RESETTLEMENT_COLUMNS)?;
        for row in t.rows() {
            out.resettlement.insert(
                row.parse(0, "a year")?,
                Resettlement {
                    resettled: row.parse(1, "a count")?,
                    states: row.parse(2, "a count")?,
                },
            );
        }
        out.languages = Languages::parse(&table(3, schema::LANGUAGES_COLUMNS)?)?;
        let t = table(4, schema::ARMED_CONFLICT_COLUMNS)?;
        for row in t.rows() {
            out.armed.insert(
                (row.get(0).to_string(), row.parse(1, "a year")?),
                split_list(row.get(2)),
            );
        }
        Ok(out)
    }

    /// First and last year of the applications.
    pub fn application_years(&self) -> Option<(i32, i32)> {
        years(self.applications.iter())
    }

    /// First and last year of the decisions.
    pub fn decision_years(&self) -> Option<(i32, i32)> {
        years(self.decisions.iter())
    }

    /// First and last year of the armed-conflict record.
    pub fn armed_years(&self) -> Option<(i32, i32)> {
        years(self.armed.iter())
    }

    /// The year of the armed-conflict record that stands for `year`: itself within the
    /// record, else the record's last year (the latest known situation).
    pub fn armed_year_for(&self, year: i32) -> i32 {
        match self.armed_years() {
            Some((_, last)) if year > last => last,
            _ => year,
        }
    }

    /// The UCDP conflicts located in `code` in `year` (empty: none recorded).
    pub fn conflicts_in(&self, code: &str, year: i32) -> &[String] {
        self.armed
            .get(&(code.to_string(), year))
            .map_or(&[], Vec::as_slice)
    }

    /// The official languages `a` and `b` share, by English name.
    pub fn shared_languages(&self, a: &str, b: &str) -> Vec<String> {
        self.languages.shared(a, b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_tables_load_and_syria_shares_arabic_with_jordan() {
        let t = AsylumTables::embedded().unwrap();
        assert_eq!(t.shared_languages("SYR", "JOR"), ["Arabic"]);
        assert!(t.shared_languages("SYR", "TUR").is_empty());
        let d = t.decisions[&("SYR".to_string(), 2015)];
        let rate = d.protection_rate().unwrap();
        assert!(rate > 0.9 && rate < 1.0, "{rate}");
        assert!(!t.conflicts_in("SYR", 2015).is_empty());
    }

    #[test]
    fn a_bad_count_names_its_file_line_and_key() {
        let texts: Vec<(String, &str)> = vec![
            (
                "a.csv".into(),
                "origin_iso3,year,europe,world\nSYR,2015,x,1\n",
            ),
            (
                "d.csv".into(),
                "origin_iso3,year,recognised,complementary,rejected,closed\n",
            ),
            ("r.csv".into(), "year,resettled,resettlement_states\n"),
            ("l.csv".into(), "iso3,language_codes,language_names\n"),
            (
                "c.csv".into(),
                "iso3,year,ucdp_conflict_ids,max_intensity\n",
            ),
        ];
        let err = AsylumTables::parse(&texts).unwrap_err().to_string();
        assert!(err.starts_with("a.csv:2:10: key `europe`"), "{err}");
    }
}
