//! Running a sweep into its output folder, resumably.
//!
//! The folder holds `manifest.json` (written first), `rows.partial.jsonl` while cells run
//! (one line appended as each cell finishes, in whatever order they finish), and at the end
//! `cells.jsonl` and `cells.csv`, ordered by cell number and each written atomically, after
//! which the partial file is removed.
//!
//! After an interruption, even `kill -9`, the same command with `--resume` reads the partial
//! file back, keeps every complete and valid line (a whole JSON row ending in a newline whose
//! cell, seed, axis values and rules are those of this sweep and shard), rewrites the file with
//! those lines only, and runs the cells still missing. A line cut short by the interruption is
//! detected and its cell redone. Since a cell's row depends only on the sweep, the world and
//! the cell's number, the final files are byte-identical to those of an uninterrupted run.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use super::file::Sweep;
use super::grid::{Shard, cell_seed, indices};
use super::manifest::Manifest;
use super::row::{AxisValues, Row, csv_table};
use crate::error::{Error, Place, Result};
use crate::output;
use crate::world::World;

/// The manifest's file name.
pub const MANIFEST: &str = "manifest.json";
/// The final rows, one JSON line per cell.
pub const ROWS: &str = "cells.jsonl";
/// The final rows as CSV.
pub const CSV: &str = "cells.csv";
/// Rows as cells finish, while the sweep runs.
pub const PARTIAL: &str = "rows.partial.jsonl";

/// Checks that `row` is a row of cell `row.cell` of the sweep `manifest` describes.
///
/// # Errors
/// A message saying what does not match.
pub fn check_row(manifest: &Manifest, row: &Row) -> std::result::Result<(), String> {
    if row.cell >= manifest.cells {
        return Err(format!(
            "cell {} is beyond the grid's {} cells",
            row.cell, manifest.cells
        ));
    }
    if row.seed != cell_seed(manifest.seed, row.cell) {
        return Err(format!(
            "cell {} has seed {}, not the one of master seed {}",
            row.cell, row.seed, manifest.seed
        ));
    }
    let lengths: Vec<usize> = manifest.axes.iter().map(|a| a.values.len()).collect();
    let idx = indices(&lengths, row.cell);
    let expected: Vec<(&String, &serde_json::Value)> = manifest
        .axes
        .iter()
        .zip(&idx)
        .map(|(a, &i)| (&a.field, &a.values[i]))
        .collect();
    let got: Vec<(&String, &serde_json::Value)> = row.axes.0.iter().map(|(k, v)| (k, v)).collect();
    if expected != got {
        return Err(format!(
            "cell {} has other axis values than this sweep's",
            row.cell
        ));
    }
    let rules: Vec<&String> = row.rules.iter().map(|r| &r.rule).collect();
    if rules != manifest.rules.iter().collect::<Vec<_>>() {
        return Err(format!(
            "cell {} has other rules than this sweep's",
            row.cell
        ));
    }
    if row.trials != manifest.trials {
        return Err(format!(
            "cell {} ran {} trials, not {}",
            row.cell, row.trials, manifest.trials
        ));
    }
    Ok(())
}

/// Reads the complete, valid lines of a rows file: `(cell, line)` pairs and the number of
/// lines dropped (cut short, unreadable, not of this sweep or shard, or repeated).
fn read_rows(path: &Path, manifest: &Manifest) -> Result<(Vec<(u64, String)>, usize)> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((Vec::new(), 0)),
        Err(e) => return Err(Error::io(path, e)),
    };
    let shard = manifest.shard();
    let mut rows: Vec<(u64, String)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut dropped = 0;
    let mut rest: &[u8] = &bytes;
    while !rest.is_empty() {
        let (line, complete) = match rest.iter().position(|&b| b == b'\n') {
            Some(i) => {
                let l = &rest[..i];
                rest = &rest[i + 1..];
                (l, true)
            }
            None => {
                let l = rest;
                rest = &[];
                (l, false)
            }
        };
        if line.is_empty() && complete {
            continue;
        }
        let ok = complete
            && std::str::from_utf8(line)
                .ok()
                .and_then(|t| Row::parse(t).ok().map(|r| (t, r)))
                .filter(|(_, r)| check_row(manifest, r).is_ok() && shard.has(r.cell))
                .filter(|(_, r)| seen.insert(r.cell))
                .map(|(t, r)| rows.push((r.cell, format!("{t}\n"))))
                .is_some();
        if !ok {
            dropped += 1;
        }
    }
    Ok((rows, dropped))
}

/// A sweep ready to run into a folder: what is done and what is left.
#[derive(Debug)]
pub struct Job<'a> {
    sweep: &'a Sweep,
    world: &'a World,
    dir: PathBuf,
    manifest: Manifest,
    manifest_present: bool,
    /// Rows already computed, by cell.
    done: Vec<(u64, String)>,
    /// Lines of the partial file that were dropped and will be redone.
    dropped: usize,
    /// Cells still to run, in order.
    pending: Vec<u64>,
}

/// What a finished job did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    /// Cells of this shard.
    pub cells: u64,
    /// Cells run now.
    pub ran: u64,
    /// Cells found done and kept.
    pub kept: u64,
    /// Partial or invalid rows found and redone.
    pub redone: usize,
}

/// Checks a sweep and its output folder and says what is left to run. Nothing is written.
///
/// # Errors
/// Any error of [`Sweep::check`]; [`Error::Usage`] (exit 2) when the folder already holds
/// sweep output and `resume` is false, or holds another sweep's (naming what differs).
pub fn prepare<'a>(
    sweep: &'a Sweep,
    world: &'a World,
    dir: &Path,
    shard: Option<Shard>,
    resume: bool,
    force: bool,
) -> Result<Job<'a>> {
    sweep.check(world, force)?;
    let manifest = Manifest::new(sweep, world, shard)?;
    let manifest_path = dir.join(MANIFEST);
    crate::output::check_folder(dir)?;
    let holds_output = [MANIFEST, ROWS, CSV, PARTIAL]
        .iter()
        .any(|f| dir.join(f).exists());
    if holds_output && !resume {
        return Err(Error::Usage(format!(
            "`{}` already holds sweep output: pass --resume to complete it, or choose another --out folder",
            dir.display()
        )));
    }
    let mut manifest_present = false;
    if manifest_path.exists() {
        let text = std::fs::read_to_string(&manifest_path).map_err(|e| {
            Error::input(
                Place::file(manifest_path.display().to_string()),
                format!("cannot read the manifest: {e}"),
            )
        })?;
        let old: Manifest = serde_json::from_str(&text).map_err(|e| {
            Error::input(
                Place::file(manifest_path.display().to_string()),
                format!("not a sweep manifest: {e}"),
            )
        })?;
        let diff = old.differences(&manifest, false, "the folder", "this run");
        if !diff.is_empty() {
            return Err(Error::Usage(format!(
                "`{}` holds the output of another sweep or shard, which --resume cannot complete: {}; choose another --out folder",
                dir.display(),
                diff.join("; ")
            )));
        }
        manifest_present = true;
    }
    let (mut done, mut dropped) = read_rows(&dir.join(PARTIAL), &manifest)?;
    if !dir.join(PARTIAL).exists() && dir.join(ROWS).exists() {
        (done, dropped) = read_rows(&dir.join(ROWS), &manifest)?;
    }
    let shard = manifest.shard();
    let have: std::collections::HashSet<u64> = done.iter().map(|(c, _)| *c).collect();
    let pending: Vec<u64> = shard
        .cells(manifest.cells)
        .filter(|c| !have.contains(c))
        .collect();
    Ok(Job {
        sweep,
        world,
        dir: dir.to_path_buf(),
        manifest,
        manifest_present,
        done,
        dropped,
        pending,
    })
}

/// Runs one cell and returns its row.
///
/// # Errors
/// The cell's scenario errors.
pub fn run_cell(sweep: &Sweep, world: &World, cell: u64) -> Result<Row> {
    let scenario = sweep.scenario(cell)?;
    let mut report =
        crate::scenario::run(&scenario, world, crate::scenario::Method::DEFAULT, &|_| {})?;
    if scenario.flows {
        report.flows = Some(crate::scenario::flows(&scenario, world, &|_| {})?);
    }
    let axes = AxisValues(
        sweep
            .axes
            .iter()
            .zip(sweep.values(cell))
            .map(|(a, v)| {
                (
                    a.name.clone(),
                    serde_json::to_value(v).unwrap_or(serde_json::Value::Null),
                )
            })
            .collect(),
    );
    Ok(Row::from_report(cell, axes, &report))
}

/// Writes the final files of a folder from its rows (any order): `cells.jsonl` and
/// `cells.csv` in cell order, each atomically.
///
/// # Errors
/// A row that does not parse (should not happen: rows are checked when read), or a failure
/// to write.
pub fn finalize(dir: &Path, manifest: &Manifest, rows: &mut [(u64, String)]) -> Result<()> {
    rows.sort_by_key(|(c, _)| *c);
    let mut jsonl = String::with_capacity(rows.iter().map(|(_, l)| l.len()).sum());
    let mut parsed = Vec::with_capacity(rows.len());
    for (_, line) in rows.iter() {
        jsonl.push_str(line);
        parsed.push(Row::parse(line.trim_end()).map_err(Error::Runtime)?);
    }
    let csv = csv_table(&manifest.axis_names(), &manifest.rules, &parsed).to_csv()?;
    output::write(&dir.join(ROWS), jsonl.as_bytes())?;
    output::write(&dir.join(CSV), csv.as_bytes())?;
    Ok(())
}

impl Job<'_> {
    /// Cells of this shard.
    pub fn cells(&self) -> u64 {
        self.manifest.shard().len(self.manifest.cells)
    }

    /// Cells already done.
    pub fn done(&self) -> u64 {
        self.done.len() as u64
    }

    /// Rows of the partial file that were cut short or invalid and will be redone.
    pub fn dropped(&self) -> usize {
        self.dropped
    }

    /// The manifest this job writes.
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// Runs the missing cells on the current rayon pool, appending each row to the partial
    /// file as its cell finishes, then writes the final files. `progress` is called once per
    /// finished cell.
    ///
    /// # Errors
    /// A cell that fails (the rows finished before it are kept for `--resume`), or a failure
    /// to write.
    pub fn run(self, progress: &(dyn Fn() + Sync)) -> Result<Summary> {
        let dir = &self.dir;
        crate::output::folder(dir)?;
        if !self.manifest_present {
            output::write(&dir.join(MANIFEST), self.manifest.to_text()?.as_bytes())?;
        }
        let partial = dir.join(PARTIAL);
        let mut rows = self.done;
        if self.dropped > 0 || (!partial.exists() && !rows.is_empty()) {
            // Keep only the valid lines, so new rows are never appended after a cut one.
            let mut sorted = rows.clone();
            sorted.sort_by_key(|(c, _)| *c);
            let text: String = sorted.iter().map(|(_, l)| l.as_str()).collect();
            output::write(&partial, text.as_bytes())?;
        }
        let kept = rows.len() as u64;
        let ran = self.pending.len() as u64;
        if !self.pending.is_empty() {
            let file = OpenOptions::new()
                .create(true)
                .append(true)
                .open(&partial)
                .map_err(|e| crate::output::cannot_write(&partial, &e))?;
            let shared = Mutex::new(Journal {
                file,
                synced: Instant::now(),
                rows: Vec::with_capacity(self.pending.len()),
            });
            let sweep = self.sweep;
            let world = self.world;
            let result = self
                .pending
                .par_iter()
                .with_max_len(1)
                // A cancelled sweep stops the cells not yet started.
                .panic_fuse()
                .try_for_each(|&cell| {
                    let line = run_cell(sweep, world, cell)?.to_line()?;
                    let mut j = shared
                        .lock()
                        .map_err(|_| Error::Runtime("a worker thread failed".into()))?;
                    j.file
                        .write_all(line.as_bytes())
                        .map_err(|e| crate::output::cannot_write(&partial, &e))?;
                    if j.synced.elapsed() > Duration::from_secs(1) {
                        j.file
                            .sync_data()
                            .map_err(|e| crate::output::cannot_write(&partial, &e))?;
                        j.synced = Instant::now();
                    }
                    j.rows.push((cell, line));
                    drop(j);
                    progress();
                    Ok::<(), Error>(())
                });
            let journal = shared
                .into_inner()
                .map_err(|_| Error::Runtime("a worker thread failed".into()))?;
            journal
                .file
                .sync_data()
                .map_err(|e| crate::output::cannot_write(&partial, &e))?;
            result?;
            rows.extend(journal.rows);
        }
        finalize(dir, &self.manifest, &mut rows)?;
        match std::fs::remove_file(&partial) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                return Err(crate::output::cannot_write(&partial, &e));
            }
            _ => {}
        }
        Ok(Summary {
            cells: kept + ran,
            ran,
            kept,
            redone: self.dropped,
        })
    }
}

struct Journal {
    file: File,
    synced: Instant,
    rows: Vec<(u64, String)>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sweep::parse_sweep;

    const SWEEP: &str = "base: enlarged-councils
rules: [present]
trials: 50
axes:
  - { field: quota, values: [9, 10, 11, 12] }
";

    #[test]
    fn resume_keeps_valid_rows_and_drops_cut_or_foreign_ones() {
        let world = World::embedded().unwrap();
        let sweep = parse_sweep(SWEEP, "s.yaml", world, None, false).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        prepare(&sweep, world, &out, None, false, false)
            .unwrap()
            .run(&|| {})
            .unwrap();
        let reference = std::fs::read(out.join(ROWS)).unwrap();
        let lines: Vec<String> = String::from_utf8(reference.clone())
            .unwrap()
            .lines()
            .map(|l| format!("{l}\n"))
            .collect();
        // Cell 2 kept, cell 0 twice, a foreign row, garbage, and cell 3 cut short.
        let foreign = lines[1].replace("\"quota\":10", "\"quota\":13");
        let partial = format!(
            "{}{}{}{}not json\n{}",
            lines[2],
            lines[0],
            lines[0],
            foreign,
            &lines[3][..lines[3].len() / 2]
        );
        std::fs::remove_file(out.join(ROWS)).unwrap();
        std::fs::remove_file(out.join(CSV)).unwrap();
        std::fs::write(out.join(PARTIAL), partial).unwrap();
        let job = prepare(&sweep, world, &out, None, true, false).unwrap();
        assert_eq!(job.done(), 2);
        assert_eq!(job.dropped(), 4);
        assert_eq!(job.pending, [1, 3]);
        let summary = job.run(&|| {}).unwrap();
        assert_eq!((summary.kept, summary.ran, summary.redone), (2, 2, 4));
        assert_eq!(std::fs::read(out.join(ROWS)).unwrap(), reference);
        assert!(!out.join(PARTIAL).exists());
    }

    #[test]
    fn an_existing_folder_needs_resume() {
        let world = World::embedded().unwrap();
        let sweep = parse_sweep(SWEEP, "s.yaml", world, None, false).unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(MANIFEST), "{}").unwrap();
        let e = prepare(&sweep, world, dir.path(), None, false, false).unwrap_err();
        assert_eq!(e.exit_code(), 2);
        assert!(e.to_string().contains("--resume"), "{e}");
        let e = prepare(&sweep, world, dir.path(), None, true, false).unwrap_err();
        assert!(e.to_string().contains("not a sweep manifest"), "{e}");
    }
}
