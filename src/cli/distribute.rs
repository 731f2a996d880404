//! `veto-sim distribute --key eu|un|regional (--refugees N | --conflict ID)`: share refugees
//! among states by a distribution key.
//!
//! `--refugees N` shares a number (the regional key needs `--origin ISO3`); `--conflict ID`
//! shares that conflict's refugees and asylum seekers as UNHCR counts them in the latest year,
//! or, with `--averted REFORM`, the mean number the reform would have averted
//! (`veto-sim flows`). Per state: its share, the refugees allocated, per 1,000 inhabitants and
//! per US$1 billion of GDP, against where these refugees are today, and the load per 1,000
//! inhabitants before and after; then the Gini coefficient of that load over the key's states,
//! before and after. Definitions and weights: [`crate::flows::keys`] and
//! `data/flows/priors.yaml`.

use std::path::PathBuf;

use clap::Args;

use super::OutputArgs;
use crate::api::{DistributeRequest, PhaseBar, distribute};
use crate::error::Result;
use crate::flows::keys::Key;
use crate::world::World;

/// `veto-sim distribute`.
#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("what").required(true).args(["refugees", "conflict"]))]
pub struct DistributeArgs {
    /// The distribution key.
    #[arg(long, value_enum)]
    pub key: Key,
    /// A number of refugees to share out.
    #[arg(long, value_parser = super::parse_count_f64, value_name = "N")]
    pub refugees: Option<f64>,
    /// A conflict whose refugees to share out (its UNHCR stock in the latest year).
    #[arg(long, value_name = "ID")]
    pub conflict: Option<String>,
    /// With --conflict: share out the mean refugees this reform would have averted instead.
    #[arg(
        long,
        value_name = "REFORM",
        requires = "conflict",
        conflicts_with = "refugees"
    )]
    pub averted: Option<String>,
    /// The origin for the regional key with --refugees (ISO3; a conflict names its own).
    #[arg(long, value_name = "ISO3", conflicts_with = "conflict")]
    pub origin: Option<String>,
    /// A flow parameter file replacing data/flows/priors.yaml.
    #[arg(long, value_name = "FILE")]
    pub priors: Option<PathBuf>,
    /// With --averted: flow trials (and simulated votes per draft) [default: 100000].
    #[arg(long, value_name = "N", value_parser = super::parse_count)]
    pub trials: Option<u64>,
    /// With --averted: master seed [default: 1].
    #[arg(long, value_name = "S", value_parser = super::parse_count)]
    pub seed: Option<u64>,
    /// Worker threads for --averted: 0 or absent for one per core, at most 4 per core (more is
    /// capped, with a note). The output does not depend on it.
    #[arg(long, value_name = "N", value_parser = super::parse_count_usize)]
    pub threads: Option<usize>,
    /// No progress spinner on the terminal.
    #[arg(long, short)]
    pub quiet: bool,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Runs the command.
///
/// # Errors
/// Bad input (exit 2): an unknown key, conflict, origin or reform, a negative number; or a
/// failure to write.
pub fn run(args: &DistributeArgs, world: &World) -> Result<()> {
    let bar = PhaseBar::spinner(args.quiet, "sharing refugees out");
    let request = DistributeRequest {
        key: args.key,
        refugees: args.refugees,
        conflict: args.conflict.as_deref(),
        averted: args.averted.as_deref(),
        origin: args.origin.as_deref(),
        priors: args.priors.as_ref(),
        trials: args.trials,
        seed: args.seed,
        threads: args.threads,
    };
    let report = distribute(world, &request.options(world)?)?;
    bar.finish();
    args.output.emit(&report)
}
