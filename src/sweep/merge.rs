//! Joining shard folders into the output of a single run.
//!
//! Every folder must hold a finished shard (its `manifest.json` and `cells.jsonl`) of the
//! same sweep: same sweep file, configuration, world, version, seed and trials. Together they
//! must hold every cell of the grid exactly once. Anything else is refused before a byte is
//! written, with a message naming the folders and cells at fault. The merged folder's files
//! are byte-identical to those of the whole sweep run on one machine.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::manifest::Manifest;
use super::row::Row;
use super::store::{self, CSV, MANIFEST, PARTIAL, ROWS, check_row};
use crate::error::{Error, Place, Result};
use crate::output;

/// What a merge did.
#[derive(Debug, Clone, PartialEq)]
pub struct Merged {
    /// The merged manifest.
    pub manifest: Manifest,
    /// The rows, in cell order.
    pub rows: Vec<Row>,
    /// Each row's line as the shard wrote it.
    lines: Vec<(u64, String)>,
}

fn read_manifest(dir: &Path) -> Result<Manifest> {
    let path = dir.join(MANIFEST);
    let text = std::fs::read_to_string(&path).map_err(|e| {
        Error::input(
            Place::file(path.display().to_string()),
            format!(
                "cannot read the manifest ({}): `{}` is not a sweep output folder",
                crate::output::plain(&e),
                dir.display()
            ),
        )
    })?;
    serde_json::from_str(&text).map_err(|e| {
        Error::input(
            Place::file(path.display().to_string()).at(e.line() as u64, e.column() as u64),
            format!("not a sweep manifest: {e}"),
        )
    })
}

/// Reads and checks shard folders and returns the merged manifest and rows, writing nothing.
///
/// # Errors
/// [`Error::Usage`] or [`Error::Input`] (exit 2): no folder, a folder that is not a finished
/// shard, shards of different sweeps, seeds, versions or worlds, a row that does not belong,
/// a duplicate or a missing cell.
pub fn collect(dirs: &[PathBuf]) -> Result<Merged> {
    let Some(first_dir) = dirs.first() else {
        return Err(Error::Usage("merge needs at least one shard folder".into()));
    };
    let manifests: Vec<Manifest> = dirs
        .iter()
        .map(|d| read_manifest(d))
        .collect::<Result<_>>()?;
    let first = &manifests[0];
    for (dir, m) in dirs.iter().zip(&manifests).skip(1) {
        let (a, b) = (
            format!("`{}`", first_dir.display()),
            format!("`{}`", dir.display()),
        );
        let diff = first.differences(m, true, &a, &b);
        if !diff.is_empty() {
            return Err(Error::Usage(format!(
                "{a} and {b} hold different sweeps and cannot be merged: {}",
                diff.join("; "),
            )));
        }
    }
    let mut owner: BTreeMap<u64, (usize, Row, String)> = BTreeMap::new();
    for (d, (dir, m)) in dirs.iter().zip(&manifests).enumerate() {
        let rows_path = dir.join(ROWS);
        let shard = m.shard();
        if dir.join(PARTIAL).exists() || !rows_path.exists() {
            return Err(Error::Usage(format!(
                "`{}` holds an unfinished shard {shard}: complete it with `veto-sim sweep ... --shard {shard} --out {} --resume` before merging",
                dir.display(),
                dir.display()
            )));
        }
        let text = std::fs::read_to_string(&rows_path).map_err(|e| {
            Error::input(
                Place::file(rows_path.display().to_string()),
                format!("cannot read the rows: {e}"),
            )
        })?;
        let mut count = 0u64;
        for (n, line) in text.lines().enumerate() {
            let place = Place::file(rows_path.display().to_string()).at(n as u64 + 1, 1);
            let row = Row::parse(line).map_err(|m| {
                Error::input(place.clone(), format!("not a complete sweep row: {m}"))
            })?;
            check_row(m, &row).map_err(|msg| Error::input(place.clone(), msg))?;
            if !shard.has(row.cell) {
                return Err(Error::input(
                    place,
                    format!("cell {} does not belong to shard {shard}", row.cell),
                ));
            }
            if let Some((other, _, _)) = owner.get(&row.cell) {
                return Err(Error::Usage(format!(
                    "cell {} is in both `{}` and `{}`: each cell must come from exactly one shard (was a shard given twice?)",
                    row.cell,
                    dirs[*other].display(),
                    dir.display()
                )));
            }
            owner.insert(row.cell, (d, row, format!("{line}\n")));
            count += 1;
        }
        if count != shard.len(m.cells) {
            return Err(Error::Usage(format!(
                "`{}` holds {count} of the {} cells of shard {shard}: complete it with --resume before merging",
                dir.display(),
                shard.len(m.cells)
            )));
        }
    }
    let missing: Vec<u64> = (0..first.cells)
        .filter(|c| !owner.contains_key(c))
        .collect();
    if !missing.is_empty() {
        let counts: std::collections::BTreeSet<u64> =
            manifests.iter().map(|m| m.shard().count).collect();
        let hint = match counts.iter().next() {
            Some(&n) if counts.len() == 1 => {
                let shards: std::collections::BTreeSet<u64> =
                    missing.iter().map(|c| c % n).collect();
                format!(
                    "; missing shards of {n}: {}",
                    shards
                        .iter()
                        .map(|s| format!("{s}/{n}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }
            _ => String::new(),
        };
        return Err(Error::Usage(format!(
            "{} of the {} cells are missing (cells {}{}){hint}",
            missing.len(),
            first.cells,
            missing
                .iter()
                .take(10)
                .map(u64::to_string)
                .collect::<Vec<_>>()
                .join(", "),
            if missing.len() > 10 { ", …" } else { "" }
        )));
    }
    let mut manifest = first.clone();
    manifest.shard = None;
    let (rows, lines) = owner.into_iter().map(|(c, (_, r, l))| (r, (c, l))).unzip();
    Ok(Merged {
        manifest,
        rows,
        lines,
    })
}

/// Merges shard folders into `out`: checks everything first, then writes `cells.jsonl`,
/// `cells.csv` and `manifest.json`, each atomically.
///
/// # Errors
/// As [`collect`]; [`Error::Usage`] when `out` already holds sweep output and `force` is
/// false.
pub fn merge(dirs: &[PathBuf], out: &Path, force: bool) -> Result<Merged> {
    let merged = collect(dirs)?;
    if !force
        && [MANIFEST, ROWS, CSV, PARTIAL]
            .iter()
            .any(|f| out.join(f).exists())
    {
        return Err(Error::Usage(format!(
            "`{}` already holds sweep output: choose another --out folder or pass --force to replace it",
            out.display()
        )));
    }
    crate::output::folder(out)?;
    let mut lines = merged.lines.clone();
    store::finalize(out, &merged.manifest, &mut lines)?;
    output::write(&out.join(MANIFEST), merged.manifest.to_text()?.as_bytes())?;
    let partial = out.join(PARTIAL);
    if partial.exists() {
        std::fs::remove_file(&partial).map_err(|e| crate::output::cannot_write(&partial, &e))?;
    }
    Ok(merged)
}
