//! Sweeps: a grid of scenario variants, each cell one scenario run, resumable and shardable
//! across machines.
//!
//! A sweep file names a base scenario and the fields to vary:
//! ```yaml
//! name: rule-fields
//! description: Quota, negatives to block and compliance with restraint, on the 2011- drafts.
//! base: default                 # a shipped scenario, or a scenario file relative to this one
//! rules: [restraint]            # optional: these rules replace the base scenario's
//! trials: 20000                 # optional: trials per draft in each cell
//! seed: 7                       # optional: the master seed (default: the base scenario's)
//! axes:                         # the grid is their product; the last axis varies fastest
//!   - { field: quota, from: 9, to: 12 }                          # a range (step 1)
//!   - { field: veto.negatives_to_block, values: [1, 2, 3] }      # a list
//!   - { field: restraint.compliance, from: 0, to: 1, step: 0.25, rules: [restraint] }
//! ```
//! Fields ([`axis::Field`]): the rule fields `quota`, `veto.negatives_to_block`,
//! `veto.holders`, `abstention_blocks`, `restraint.compliance`, `restraint.members`,
//! `override.majority` (each applied to the rules listed in the axis's `rules:`, by default
//! every rule of the sweep that has that part); the scenario fields `council` (a year),
//! `window` and `drafts` (a symbol or a list of symbols per value); and the vote model's
//! parameters `model.align`, `model.sponsor`, `model.target`, `model.sigma_draft`,
//! `model.cut_permanent`, `model.cut_elected`, `model.intercept.<kind>`.
//!
//! Cell `k` runs the base scenario with its axis values and its own seed, drawn from the master
//! seed on stream `k` ([`cell_seed`]). Its row ([`row::Row`]) depends on nothing else, so the
//! output is the same with 1 or many threads, interrupted and resumed or not, run in one piece
//! or in shards (`--shard i/n`: the cells `k` with `k % n == i`) and merged ([`merge`]).
//! [`store`] writes an output folder: a manifest ([`manifest::Manifest`]), rows as cells
//! finish, and at the end `cells.jsonl` and `cells.csv` in cell order.
//!
//! ```
//! use veto_sim::sweep::{parse_sweep, store::run_cell};
//! use veto_sim::world::World;
//!
//! let world = World::embedded().unwrap();
//! let text = "base: default\nrules: [present, two-negatives]\ntrials: 200\naxes:\n  - { field: quota, from: 9, to: 10 }\n  - { field: model.align, values: [1, 2] }\n  - { field: drafts, values: [S/2011/612] }\n";
//! let sweep = parse_sweep(text, "example.yaml", world, None, false).unwrap();
//! assert_eq!(sweep.cells(), 4);
//! let row = run_cell(&sweep, world, 3).unwrap();
//! assert_eq!(row.axes.0[0].1, 10);
//! assert_eq!(row.rules.len(), 2);
//! ```

pub mod axis;
pub mod file;
pub mod grid;
pub mod interrupt;
pub mod manifest;
pub mod merge;
pub mod row;
pub mod store;

pub use file::{MAX_CELLS, SHIPPED, Sweep, load_sweep, parse_sweep};
pub use grid::{Shard, cell_seed};
pub use manifest::Manifest;
pub use row::Row;
