//! The manifest of a sweep's output folder: what was run, so that a result can be reproduced
//! and shards can be checked before they are merged.
//!
//! It records the sweep file's SHA-256, a hash of the resolved configuration (base scenario
//! with the sweep's rules, the axes), the world's hash, the crate version, the master seed,
//! the trials, the number of cells, the axes with their values, the rules, and the shard
//! (`null` for a whole sweep). It holds nothing that depends on the machine, the path or the
//! time, so a merged output is byte-identical to a single-machine run.

use serde::{Deserialize, Serialize};

use super::file::{Sweep, sha256_hex};
use super::grid::Shard;
use crate::error::{Error, Result};
use crate::world::World;

/// One axis as the manifest records it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestAxis {
    /// The field.
    pub field: String,
    /// The rules it changes (empty for other fields).
    pub rules: Vec<String>,
    /// Its values.
    pub values: Vec<serde_json::Value>,
}

/// The manifest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// `veto-sim`.
    pub tool: String,
    /// The crate version.
    pub version: String,
    /// The sweep's name.
    pub sweep: String,
    /// What it explores.
    pub description: String,
    /// SHA-256 of the sweep file.
    pub sweep_hash: String,
    /// SHA-256 of the resolved configuration.
    pub config_hash: String,
    /// SHA-256 of the world's tables.
    pub world_hash: String,
    /// The base scenario, as the sweep file names it.
    pub base: String,
    /// The master seed.
    pub seed: u64,
    /// Trials per draft in each cell.
    pub trials: u64,
    /// The number of cells of the whole grid.
    pub cells: u64,
    /// The axes, the last varying fastest.
    pub axes: Vec<ManifestAxis>,
    /// The rules judged in every cell.
    pub rules: Vec<String>,
    /// The shard this folder holds, or `null` for the whole grid.
    pub shard: Option<Shard>,
}

/// What the configuration hash covers.
#[derive(Serialize)]
struct Config<'a> {
    council: &'a Option<crate::scenario::CouncilChoice>,
    window: &'a str,
    trials: u64,
    seed: u64,
    model: &'a crate::vote::ModelParams,
    rules: &'a [crate::rules::Rule],
    drafts: Vec<DraftKey<'a>>,
    axes: &'a [ManifestAxis],
}

/// A draft without where it was read from (which depends on the path).
#[derive(Serialize)]
struct DraftKey<'a> {
    id: &'a str,
    year: i32,
    sponsors: &'a [String],
    targets: &'a [String],
    kind: crate::world::ActionKind,
    atrocity: bool,
}

impl Manifest {
    /// The manifest of `sweep` on `world` for `shard` (`None`: the whole grid).
    ///
    /// # Errors
    /// Only a failure to serialise.
    pub fn new(sweep: &Sweep, world: &World, shard: Option<Shard>) -> Result<Manifest> {
        let axes: Vec<ManifestAxis> = sweep
            .axes
            .iter()
            .map(|a| ManifestAxis {
                field: a.name.clone(),
                rules: a
                    .rules
                    .iter()
                    .map(|&r| sweep.base.rules[r].name.clone())
                    .collect(),
                values: a
                    .values
                    .iter()
                    .map(|v| serde_json::to_value(v).unwrap_or(serde_json::Value::Null))
                    .collect(),
            })
            .collect();
        let b = &sweep.base;
        let config = Config {
            council: &b.council,
            window: &b.window,
            trials: b.trials,
            seed: b.seed,
            model: &b.model,
            rules: &b.rules,
            drafts: b
                .drafts
                .iter()
                .map(|d| DraftKey {
                    id: &d.id,
                    year: d.year,
                    sponsors: &d.sponsors,
                    targets: &d.targets,
                    kind: d.kind,
                    atrocity: d.atrocity,
                })
                .collect(),
            axes: &axes,
        };
        let json = serde_json::to_vec(&config)
            .map_err(|e| Error::Runtime(format!("cannot hash the sweep: {e}")))?;
        Ok(Manifest {
            tool: "veto-sim".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            sweep: sweep.name.clone(),
            description: sweep.description.clone(),
            sweep_hash: sweep.hash.clone(),
            config_hash: sha256_hex(&json),
            world_hash: world.hash().to_string(),
            base: sweep.base_name.clone(),
            seed: b.seed,
            trials: b.trials,
            cells: sweep.cells(),
            axes,
            rules: b.rules.iter().map(|r| r.name.clone()).collect(),
            shard,
        })
    }

    /// The shard, or the whole grid.
    pub fn shard(&self) -> Shard {
        self.shard.unwrap_or(Shard::ALL)
    }

    /// The axis names.
    pub fn axis_names(&self) -> Vec<String> {
        self.axes.iter().map(|a| a.field.clone()).collect()
    }

    /// The manifest as written to `manifest.json`.
    ///
    /// # Errors
    /// Only a failure to serialise.
    pub fn to_text(&self) -> Result<String> {
        crate::table::to_json(self)
    }

    /// How this manifest differs from `other`'s, one sentence per key, in words (`this` and
    /// `that` name the two sides, such as two folders); the shard is left out when
    /// `ignore_shard`.
    pub fn differences(
        &self,
        other: &Manifest,
        ignore_shard: bool,
        this: &str,
        that: &str,
    ) -> Vec<String> {
        let mut out = Vec::new();
        let mut both = |what: &str, a: String, b: String| {
            if a != b {
                out.push(format!("{what} {a} in {this}, {b} in {that}"));
            }
        };
        both("made by", self.tool.clone(), other.tool.clone());
        both("version", self.version.clone(), other.version.clone());
        both("sweep", quote(&self.sweep), quote(&other.sweep));
        both("base scenario", quote(&self.base), quote(&other.base));
        both("seed", self.seed.to_string(), other.seed.to_string());
        both("trials", self.trials.to_string(), other.trials.to_string());
        both("cells", self.cells.to_string(), other.cells.to_string());
        both("axes", axes_words(&self.axes), axes_words(&other.axes));
        both("rules", self.rules.join(", "), other.rules.join(", "));
        let mut changed = |what: &str, differs: bool| {
            if differs {
                out.push(format!("{what} differs between {this} and {that}"));
            }
        };
        changed("the description", self.description != other.description);
        changed("the sweep file", self.sweep_hash != other.sweep_hash);
        changed(
            "the world (its data tables)",
            self.world_hash != other.world_hash,
        );
        // The configuration hash covers all the above; say it only when nothing else explains it.
        if out.is_empty() && self.config_hash != other.config_hash {
            out.push(format!(
                "the resolved configuration (model, rules or drafts) differs between {this} and {that}"
            ));
        }
        if !ignore_shard && self.shard != other.shard {
            out.push(format!(
                "{this} holds {}; {that} holds {}",
                shard_words(self.shard),
                shard_words(other.shard)
            ));
        }
        out
    }
}

fn quote(text: &str) -> String {
    format!("`{text}`")
}

/// A shard in words: `shard 1/3` or the whole grid.
fn shard_words(shard: Option<Shard>) -> String {
    match shard {
        Some(s) if s.count > 1 => format!("shard {s} (--shard {s})"),
        _ => "the whole grid, not a shard".into(),
    }
}

/// The axes in words: `quota (3 values), seed (2 values)`.
fn axes_words(axes: &[ManifestAxis]) -> String {
    if axes.is_empty() {
        return "none".into();
    }
    axes.iter()
        .map(|a| {
            let values: Vec<String> = a
                .values
                .iter()
                .map(|v| match v {
                    serde_json::Value::String(s) => s.clone(),
                    other => other.to_string(),
                })
                .collect();
            let mut shown = values.join(", ");
            if shown.chars().count() > 60 {
                shown = format!("{} values", values.len());
            }
            format!("{} ({shown})", a.field)
        })
        .collect::<Vec<_>>()
        .join("; ")
}
