//! `veto-sim run [SCENARIO]`: every draft of a scenario under every rule, on the same votes.
//!
//! Without an argument the embedded default scenario runs: the 2026 Council and the annotated
//! drafts vetoed since 2011 under `present`, `abolish-veto`, `two-negatives`, `restraint`,
//! `assembly-override` and `g4`. The table gives, per rule, the expected number of those drafts
//! adopted with its Monte Carlo standard error and a 90% predictive interval, then each draft's
//! probability of adoption under each rule. CSV and JSON record the seed, the trials, the
//! version, the world's hash and the full resolved configuration.

use clap::Args;

use crate::api::PhaseBar;

use super::OutputArgs;
use crate::api;
use crate::error::Result;
use crate::world::World;

/// `veto-sim run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// A scenario file (YAML) or the name of a shipped scenario (default, syria,
    /// enlarged-councils); the default scenario when absent.
    #[arg(value_name = "SCENARIO")]
    pub scenario: Option<String>,
    /// Trials per draft (overrides the scenario's).
    #[arg(long, value_parser = super::parse_count, value_name = "N")]
    pub trials: Option<u64>,
    /// Master seed (overrides the scenario's).
    #[arg(long, value_parser = super::parse_count, value_name = "S")]
    pub seed: Option<u64>,
    /// Compute adoption exactly (the default): exact where the seating is fixed, the mean of
    /// exact values over sampled seatings where seats are drawn. With --mc: print the exact
    /// value beside the Monte Carlo estimate, as a check.
    #[arg(long)]
    pub exact: bool,
    /// Count adoption over Monte Carlo trials instead of computing it exactly (the check of
    /// the exact path).
    #[arg(long)]
    pub mc: bool,
    /// The standard error at which sampling stops: sampled seatings (exact path, default
    /// 0.0005), or each draft's Monte Carlo trials (with --mc; default: run all the trials).
    #[arg(long, value_parser = super::parse_std_error, value_name = "SE")]
    pub se: Option<f64>,
    /// Skip the *history* section (refugees averted) of a scenario that asks for it
    /// (`sections: [today, history]`); refused for a scenario without it.
    #[arg(long)]
    pub no_flows: bool,
    /// Worker threads: 0 or absent for one per core, at most 4 per core (more is capped, with a
    /// note). The output does not depend on it.
    #[arg(long, value_parser = super::parse_count_usize, value_name = "N")]
    pub threads: Option<usize>,
    /// No progress bar.
    #[arg(long, short)]
    pub quiet: bool,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Runs the scenario and writes the result.
///
/// # Errors
/// A bad scenario (exit 2) or failure to write.
pub fn run(args: &RunArgs, world: &World) -> Result<()> {
    let request = api::RunRequest {
        scenario: args.scenario.as_deref(),
        trials: args.trials,
        seed: args.seed,
        exact: args.exact,
        mc: args.mc,
        std_error: args.se,
        no_flows: args.no_flows,
        threads: args.threads,
    };
    let options = request.options(world)?;
    let bar = PhaseBar::new(args.quiet);
    let report = api::run(world, &options, &bar)?;
    bar.finish();
    args.output.emit(&report)
}
