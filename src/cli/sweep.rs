//! `veto-sim sweep SWEEP --out DIR`: run a grid of scenario variants (see [`crate::sweep`]).
//!
//! `--shard I/N` runs the cells `k` with `k % N == I` (for a Slurm job array, GNU parallel or
//! an indexed Kubernetes job); `veto-sim merge` joins the shard folders. `--resume` completes
//! an interrupted run: only the missing cells run, and the final files are byte-identical to
//! an uninterrupted run's. Progress over cells goes to standard error, hidden off a terminal
//! or with `--quiet`; nothing is written to standard output.

use std::path::PathBuf;

use clap::Args;

use super::merge::PlotArgs;
use crate::api::{cells_bar, sweep_from, with_threads};
use crate::error::{Error, Result};
use crate::sweep::Shard;
use crate::sweep::store::{self, ROWS};
use crate::world::World;

/// `veto-sim sweep`.
#[derive(Debug, Args)]
pub struct SweepArgs {
    /// A sweep file (YAML) or the name of a shipped sweep (rule-fields, model-priors,
    /// restraint-compliance).
    #[arg(value_name = "SWEEP")]
    pub sweep: String,
    /// The output folder: manifest.json, cells.jsonl and cells.csv.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Run only shard I of N (the cells k with k % N == I), numbered from 0.
    #[arg(long, value_name = "I/N")]
    pub shard: Option<String>,
    /// Complete an interrupted run in DIR: only missing cells run.
    #[arg(long)]
    pub resume: bool,
    /// Run a grid larger than the limit of 10,000 cells.
    #[arg(long)]
    pub force: bool,
    /// Trials per draft in each cell (overrides the sweep's).
    #[arg(long, value_parser = super::parse_count, value_name = "N")]
    pub trials: Option<u64>,
    /// Master seed (overrides the sweep's).
    #[arg(long, value_parser = super::parse_count, value_name = "S")]
    pub seed: Option<u64>,
    /// Worker threads: 0 or absent for one per core, at most 4 per core (more is capped, with a
    /// note). The output does not depend on it.
    #[arg(long, value_parser = super::parse_count_usize, value_name = "N")]
    pub threads: Option<usize>,
    /// No progress bar and no summary on standard error.
    #[arg(long, short)]
    pub quiet: bool,
    #[command(flatten)]
    pub plot: PlotArgs,
}

/// Runs the command.
///
/// # Errors
/// Bad input (exit 2): the sweep file, the shard spec, a folder holding other output; a cell
/// that fails or a failure to write (exit 1).
pub fn run(args: &SweepArgs, world: &World) -> Result<()> {
    let shard = args.shard.as_deref().map(Shard::parse).transpose()?;
    if args.plot.plot.is_some() && shard.is_some_and(|s| s.count > 1) {
        return Err(Error::Usage(
            "--plot needs the whole grid, and --shard runs only part of it: draw the chart when merging the shards (`veto-sim merge ... --plot FILE.svg`)".into(),
        ));
    }
    let sweep = sweep_from(&args.sweep, world, args.force, args.trials, args.seed)?;
    let job = store::prepare(&sweep, world, &args.out, shard, args.resume, args.force)?;
    if let Some(plot) = &args.plot.plot {
        crate::report::sweep::check_plot(&args.plot.choice(), job.manifest(), plot)?;
    }
    if !args.quiet && (job.done() > 0 || job.dropped() > 0) {
        eprintln!(
            "resuming {}: {} of {} cells done{}",
            args.out.display(),
            job.done(),
            job.cells(),
            if job.dropped() > 0 {
                format!(
                    ", {} half-written or invalid row(s) dropped and redone",
                    job.dropped()
                )
            } else {
                String::new()
            }
        );
    }
    let manifest = job.manifest().clone();
    let bar = cells_bar(job.cells(), job.done(), args.quiet);
    let started = std::time::Instant::now();
    crate::sweep::interrupt::say_how_to_resume(&args.out);
    let summary = with_threads(args.threads, || job.run(&|| bar.inc(1)))??;
    bar.finish_and_clear();
    if !args.quiet {
        eprintln!(
            "sweep `{}`{}: {} cells ({} run now, {} kept) in {:.1} s -> {}",
            manifest.sweep,
            shard.map_or(String::new(), |s| format!(" shard {s}")),
            summary.cells,
            summary.ran,
            summary.kept,
            started.elapsed().as_secs_f64(),
            args.out.join(ROWS).display()
        );
    }
    if let Some(plot) = &args.plot.plot {
        let rows = crate::report::sweep::finished_rows(&args.out)?;
        super::merge::draw(&args.plot, &manifest, &rows, plot)?;
    }
    Ok(())
}
