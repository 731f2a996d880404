//! The data build: derives the embedded world (`data/`) from the raw public files and the
//! project's curated files.
//!
//! `veto-sim data build --from ../shared/data --out data` reads the raw files once (the
//! 870k-row General Assembly votes file is streamed), reads every curated file present in
//! `curation/`, checks everything it joins, and writes the world's CSV tables and
//! `data/README.md`, which lists each table's sources, rows and every data decision. The build
//! is deterministic: fixed row orders, fixed float formatting, no clocks, no paths in the output,
//! so two runs give identical bytes.
//!
//! # Errors
//! A raw or curated file that is missing or malformed, or data that fail a check (a tally that
//! does not cover that year's Council, two sources that disagree), with the file, line and key.

pub mod adopted;
pub mod alignment;
pub mod asylum;
pub mod conflicts;
pub mod curation;
pub mod drafts;
pub mod flows;
pub mod names;
mod readme;
pub mod states;

use std::cell::OnceCell;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::{Error, Place, Result};
use crate::progress::Step;
use crate::world::schema;
use crate::world::table::CsvTable;
pub use crate::world::table::fmt_f;

/// What to build from where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The raw files (the layout of `shared/data`).
    pub from: PathBuf,
    /// The project's curated files (`curation/`).
    pub curated: PathBuf,
    /// Alignment windows to compute besides the raw periods (`2000-2009`).
    pub windows: Vec<String>,
    /// Build even when a curated input is missing or a table would be left empty (each gap
    /// is a warning then); otherwise either is an error.
    pub allow_missing: bool,
}

/// The curated inputs a complete build reads: a file name, or a prefix of several files,
/// and what is lost without it.
const CURATED_INPUTS: &[(&str, &str)] = &[
    (
        "tallies_2020_2025.csv",
        "the member-by-member votes of 2020-2025",
    ),
    ("annotations_", "the drafts' kinds, targets and conflicts"),
    ("conflicts", "the conflicts table"),
    (adopted::CURATION_FILE, "the adopted resolutions' kinds"),
];

/// Refuses a build whose curated inputs are missing, naming each (unless `allow_missing`).
fn check_curated(dir: &Path) -> Result<()> {
    let missing: Vec<String> = if dir.is_dir() {
        CURATED_INPUTS
            .iter()
            .filter(|(name, _)| {
                let present = if name.ends_with(".csv") {
                    dir.join(name).is_file()
                } else {
                    curation::files_matching(dir, name).is_ok_and(|f| !f.is_empty())
                };
                !present
            })
            .map(|(name, lost)| {
                let shown = if name.ends_with(".csv") {
                    (*name).to_string()
                } else {
                    format!("{name}*.csv")
                };
                format!("`{}` ({lost})", dir.join(shown).display())
            })
            .collect()
    } else {
        vec![format!(
            "the curated folder `{}` (tallies 2020-2025, annotations, conflicts)",
            dir.display()
        )]
    };
    if missing.is_empty() {
        return Ok(());
    }
    Err(Error::Usage(format!(
        "missing curated input: {}; the build would drop or empty tables of the world. Pass `--curated DIR` (the project's `curation/` folder), or `--allow-missing` to build without it",
        missing.join("; ")
    )))
}

/// The result of a build: the files' texts by name (relative to `data/`), and the log.
#[derive(Debug, Clone)]
pub struct Build {
    /// File name → content.
    pub files: BTreeMap<String, String>,
    /// Data decisions taken (also in the README).
    pub decisions: Vec<String>,
    /// Warnings: missing curated files, unresolved links.
    pub warnings: Vec<String>,
}

/// Decisions and warnings collected during a build, in order, without repeats.
#[derive(Debug, Default)]
pub struct Log {
    decisions: Vec<String>,
    warnings: Vec<String>,
}

impl Log {
    /// Records a data decision.
    pub fn decision(&mut self, text: &str) {
        if !self.decisions.iter().any(|d| d == text) {
            self.decisions.push(text.to_string());
        }
    }

    /// Records a warning.
    pub fn warn(&mut self, text: &str) {
        if !self.warnings.iter().any(|d| d == text) {
            self.warnings.push(text.to_string());
        }
    }
}

/// One row of the UNHCR population or flows file.
#[derive(Debug, Clone)]
pub struct UnhcrRow {
    pub year: i32,
    pub origin: String,
    pub asylum: String,
    pub refugees: u64,
    pub asylum_seekers: u64,
}

/// The raw folder, with the large UNHCR files parsed once.
#[derive(Debug)]
pub struct Raw {
    root: PathBuf,
    population: OnceCell<Vec<UnhcrRow>>,
    flows: OnceCell<Vec<UnhcrRow>>,
}

impl Raw {
    /// The raw folder at `root`.
    pub fn new(root: &Path) -> Raw {
        Raw {
            root: root.to_path_buf(),
            population: OnceCell::new(),
            flows: OnceCell::new(),
        }
    }

    /// The path of a raw file.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    /// Reads a raw CSV file.
    ///
    /// # Errors
    /// Missing (exit code 2, naming the folder expected) or malformed.
    pub fn table(&self, rel: &str) -> Result<CsvTable> {
        let path = self.path(rel);
        if !path.is_file() {
            return Err(Error::input(
                Place::file(path.display().to_string()),
                format!(
                    "raw file missing: `--from` must be the raw data folder (the layout of shared/data, with {rel})"
                ),
            ));
        }
        CsvTable::read(&path)
    }

    fn unhcr(&self, rel: &str) -> Result<Vec<UnhcrRow>> {
        let table = self.table(rel)?;
        let (y, o, a, r, s) = (
            table.col("year")?,
            table.col("coo_iso")?,
            table.col("coa_iso")?,
            table.col("refugees")?,
            table.col("asylum_seekers")?,
        );
        let mut out = Vec::with_capacity(table.records.len());
        let number = |row: &crate::world::table::Row<'_>, col: usize| -> Result<u64> {
            match row.finite_opt(col)? {
                None => Ok(0),
                Some(v) if v < 0.0 => Err(row.error(col, format!("negative count {v}"))),
                Some(v) => Ok(v.round() as u64),
            }
        };
        for row in table.rows() {
            out.push(UnhcrRow {
                year: row.parse(y, "a year")?,
                origin: row.get(o).to_string(),
                asylum: row.get(a).to_string(),
                refugees: number(&row, r)?,
                asylum_seekers: number(&row, s)?,
            });
        }
        Ok(out)
    }

    /// UNHCR stocks by year, origin and asylum state.
    ///
    /// # Errors
    /// Missing or malformed file.
    pub fn unhcr_population(&self) -> Result<&[UnhcrRow]> {
        if self.population.get().is_none() {
            let rows = self.unhcr("unhcr/unhcr_population.csv")?;
            let _ = self.population.set(rows);
        }
        Ok(self.population.get().expect("set above"))
    }

    /// UNHCR new arrivals by year, origin and asylum state.
    ///
    /// # Errors
    /// Missing or malformed file.
    pub fn unhcr_flows(&self) -> Result<&[UnhcrRow]> {
        if self.flows.get().is_none() {
            let rows = self.unhcr("unhcr/unhcr_flows.csv")?;
            let _ = self.flows.set(rows);
        }
        Ok(self.flows.get().expect("set above"))
    }
}

/// Runs the build in memory.
///
/// # Errors
/// See the module documentation.
pub fn build(options: &BuildOptions) -> Result<Build> {
    build_with(options, &|_| {})
}

/// The stages of a build, for [`build_with`]'s progress: states, councils, alignment,
/// curation, drafts, conflicts, flows, adopted resolutions.
pub const STAGES: u64 = 8;

/// [`build`], reporting its progress to `progress`: one phase (`tables`) of [`STAGES`]
/// stages, each reported done as it ends.
///
/// # Errors
/// See the module documentation.
pub fn build_with(options: &BuildOptions, progress: &dyn Fn(Step)) -> Result<Build> {
    if !options.allow_missing {
        check_curated(&options.curated)?;
    }
    if !options.from.is_dir() {
        return Err(Error::Usage(format!(
            "raw data folder {} not found: pass `--from` the folder with the raw public files (../shared/data)",
            options.from.display()
        )));
    }
    let raw = Raw::new(&options.from);
    let mut log = Log::default();
    progress(Step::Phase {
        name: "tables",
        total: STAGES,
    });
    let done = || progress(Step::Done(1));
    let states = states::build(&raw, &mut log)?;
    let states_csv = states::write(&states)?;
    done();
    let (councils_csv, councils) = states::councils(&raw, &states)?;
    done();
    let (alignment_csv, windows) = alignment::build(&raw, &states, &options.windows, &mut log)?;
    done();
    let curation = curation::load(&options.curated, &states, &mut log)?;
    done();
    let conflict_ids = curation.conflicts.iter().map(|c| c.id.clone()).collect();
    let (drafts_csv, drafts) =
        drafts::build(&raw, &states, &councils, &curation, &conflict_ids, &mut log)?;
    done();
    let conflicts = conflicts::build(&raw, &states, &curation, &drafts, &mut log)?;
    done();
    let flows = flows::build(&raw, &states, &curation, &mut log)?;
    done();
    let adopted = adopted::build(&raw, &states, &options.curated, &mut log)?;
    done();

    let mut files = BTreeMap::new();
    files.insert(schema::STATES_FILE.to_string(), states_csv);
    files.insert(schema::ALIGNMENT_FILE.to_string(), alignment_csv);
    files.insert(schema::COUNCILS_FILE.to_string(), councils_csv);
    files.insert(schema::DRAFTS_FILE.to_string(), drafts_csv);
    files.insert(
        schema::CONFLICTS_FILE.to_string(),
        conflicts.conflicts_csv.clone(),
    );
    files.insert(
        schema::CONFLICT_YEARS_FILE.to_string(),
        conflicts.years_csv.clone(),
    );
    files.insert(
        schema::DESTINATIONS_FILE.to_string(),
        conflicts.destinations_csv.clone(),
    );
    files.insert(
        schema::ARRIVALS_FILE.to_string(),
        conflicts.arrivals_csv.clone(),
    );
    files.insert(schema::FLOWS_PANEL_FILE.to_string(), flows.panel_csv);
    files.insert(schema::HOST_STATES_FILE.to_string(), flows.hosts_csv);
    files.insert(schema::ADOPTED_FILE.to_string(), adopted.csv);
    let mut readme = readme::render(&readme::Context {
        files: &files,
        states: &states,
        windows: &windows,
        drafts: &drafts,
        conflicts: &conflicts,
        curation: &curation,
        adopted: &adopted.summary,
        log: &log,
    })?;
    readme.push_str(&flows.readme);
    let asylum = asylum::build(&raw, &states, &mut log)?;
    readme.push_str(&asylum.readme);
    files.extend(asylum.files);
    files.insert("README.md".to_string(), readme);
    // A table with a header and no row would load as a world with nothing in it.
    for (name, text) in &files {
        if name.ends_with(".csv") && text.lines().nth(1).is_none() {
            if !options.allow_missing {
                return Err(Error::Usage(format!(
                    "the build would leave `{name}` empty (an input it is derived from is missing; see the warnings: {}); pass `--allow-missing` to write it anyway",
                    if log.warnings.is_empty() {
                        "none".to_string()
                    } else {
                        log.warnings.join("; ")
                    }
                )));
            }
            log.warn(&format!("`{name}` is empty"));
        }
    }
    Ok(Build {
        files,
        decisions: log.decisions,
        warnings: log.warnings,
    })
}

/// Writes a build's files into `out` (created if missing), each atomically.
///
/// # Errors
/// An I/O error naming the file.
pub fn write(build: &Build, out: &Path) -> Result<()> {
    crate::output::folder(out)?;
    for (name, text) in &build.files {
        crate::output::write(&out.join(name), text.as_bytes())?;
    }
    Ok(())
}

/// The files a build writes (the tables and the README), for comparisons with `data/`.
pub fn output_names() -> Vec<&'static str> {
    let mut names: Vec<&str> = schema::TABLE_FILES.to_vec();
    names.extend_from_slice(asylum::FILES);
    names.push("README.md");
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_are_fixed_and_never_negative_zero() {
        assert_eq!(fmt_f(0.928026172, 6), "0.928026");
        assert_eq!(fmt_f(-0.00001, 4), "0.0000");
        assert_eq!(fmt_f(-1.5, 1), "-1.5");
        assert_eq!(fmt_f(2.0, 0), "2");
    }

    #[test]
    fn the_log_keeps_order_without_repeats() {
        let mut log = Log::default();
        log.decision("b");
        log.decision("a");
        log.decision("b");
        assert_eq!(log.decisions, ["b", "a"]);
    }
}
