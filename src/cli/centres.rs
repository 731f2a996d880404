//! `veto-sim centres (--origin ISO3 | --conflict ID) [--year Y] [--averted REFORM]`: UN-run
//! asylum centres in the region for a year's would-be travellers, with the sites, the
//! outcomes and their 90% intervals, and the resettlement plan of the recognised by a key.
//! The model: [`crate::centres`]; the front door: [`crate::api::centres`].

use std::path::PathBuf;

use clap::Args;

use super::OutputArgs;
use crate::api::{
    CentresInput, CentresOptions, PhaseBar, centres, centres_plan, load_centres_plan, priors_from,
};
use crate::error::{Error, Result};
use crate::flows::keys::Key;
use crate::world::World;

/// `veto-sim centres`.
#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("who").required(true).args(["origin", "conflict", "plan"]))]
pub struct CentresArgs {
    /// The origin (ISO3): its nationals' asylum applications lodged in Europe that year.
    #[arg(long, value_name = "ISO3")]
    pub origin: Option<String>,
    /// A conflict (`veto-sim list conflicts`): its new arrivals in Europe that year.
    #[arg(long, value_name = "ID", conflicts_with = "origin")]
    pub conflict: Option<String>,
    /// A centre plan (a shipped name such as `syria-2015`, or a YAML file): every cell of its
    /// grid of uptake × protection rate × key, on the same random numbers.
    #[arg(long, value_name = "NAME|FILE")]
    pub plan: Option<String>,
    /// The year [default: the data's latest; for a conflict, its latest with arrivals in
    /// Europe].
    #[arg(long, value_name = "Y")]
    pub year: Option<i32>,
    /// With --conflict: only the arrivals that remain once this reform's interventions have
    /// averted what they would (`veto-sim flows`).
    #[arg(long, value_name = "REFORM", requires = "conflict")]
    pub averted: Option<String>,
    /// Sites named instead of the ranking (ISO3, comma-separated).
    #[arg(long, value_name = "ISO3,...", value_delimiter = ',')]
    pub sites: Option<Vec<String>>,
    /// How many ranked sites receive applicants.
    #[arg(long, value_name = "N", conflicts_with = "sites")]
    pub max_sites: Option<usize>,
    /// A fixed uptake (share of would-be travellers applying at a centre, 0 to 1) instead of
    /// the declared prior.
    #[arg(long, value_name = "SHARE", allow_negative_numbers = true)]
    pub uptake: Option<f64>,
    /// The uptake prior's median (its interval moved with it on the logit scale).
    #[arg(
        long,
        value_name = "SHARE",
        conflicts_with = "uptake",
        allow_negative_numbers = true
    )]
    pub uptake_median: Option<f64>,
    /// A fixed protection rate (0 to 1) instead of the asylum decisions'.
    #[arg(long, value_name = "SHARE", allow_negative_numbers = true)]
    pub protection_rate: Option<f64>,
    /// The years of the protection rate's spread [default: two either side of the year].
    #[arg(long, value_name = "Y1-Y2", conflicts_with = "protection_rate")]
    pub window: Option<String>,
    /// The key the recognised are resettled by.
    #[arg(long, value_enum, default_value_t = Key::Un)]
    pub key: Key,
    /// A flow parameter file replacing data/flows/priors.yaml (Europe, the keys).
    #[arg(long, value_name = "FILE")]
    pub priors: Option<PathBuf>,
    /// Trials [default: 20000]; with --averted, also the estimate's.
    #[arg(long, value_name = "N", value_parser = super::parse_count)]
    pub trials: Option<u64>,
    /// Master seed [default: 1].
    #[arg(long, value_name = "S", value_parser = super::parse_count)]
    pub seed: Option<u64>,
    /// Worker threads of the estimate behind --averted. The output does not depend on it.
    #[arg(long, value_name = "N", value_parser = super::parse_count_usize)]
    pub threads: Option<usize>,
    /// No progress spinner on the terminal.
    #[arg(long, short)]
    pub quiet: bool,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Runs a centre plan; the flags the plan sets itself are refused.
fn run_plan(args: &CentresArgs, plan: &str, world: &World) -> Result<()> {
    for (flag, given) in [
        ("--year", args.year.is_some()),
        ("--averted", args.averted.is_some()),
        ("--sites", args.sites.is_some()),
        ("--max-sites", args.max_sites.is_some()),
        ("--uptake", args.uptake.is_some()),
        ("--uptake-median", args.uptake_median.is_some()),
        ("--protection-rate", args.protection_rate.is_some()),
        ("--window", args.window.is_some()),
        ("--trials", args.trials.is_some()),
        ("--seed", args.seed.is_some()),
    ] {
        if given {
            return Err(Error::Usage(format!(
                "{flag} cannot be used with --plan: the plan file sets the travellers, sites, grid, trials and seed"
            )));
        }
    }
    let plan = load_centres_plan(plan)?;
    let bar = PhaseBar::spinner(args.quiet, "running the centre plan");
    let report = centres_plan(
        world,
        &plan,
        &priors_from(args.priors.as_ref(), world)?,
        args.threads,
    )?;
    bar.finish();
    args.output.emit(&report)
}

/// Runs the command.
///
/// # Errors
/// Bad input (exit 2), naming the flag; a failure to write.
pub fn run(args: &CentresArgs, world: &World) -> Result<()> {
    if args.averted.is_some() && args.conflict.is_none() && args.plan.is_none() {
        return Err(Error::Usage(
            "--averted applies only with --conflict (it takes away what a reform would have averted from a conflict's arrivals): use --conflict ID or drop --averted".into(),
        ));
    }
    if args.threads.is_some() && args.averted.is_none() && args.plan.is_none() {
        return Err(Error::Usage(
            "--threads applies only with --averted (it sets the estimate of averted refugees): add --averted REFORM or drop --threads".into(),
        ));
    }
    if let Some(plan) = &args.plan {
        return run_plan(args, plan, world);
    }
    let bar = PhaseBar::spinner(args.quiet, "modelling the centres");
    let input = CentresInput::from_names(
        args.origin.as_deref(),
        args.conflict.as_deref(),
        args.year,
        args.averted.as_deref(),
    )?;
    let options = CentresOptions {
        input,
        sites: args.sites.clone(),
        max_sites: args.max_sites,
        uptake: args.uptake,
        uptake_median: args.uptake_median,
        protection_rate: args.protection_rate,
        window: (args.window.as_deref())
            .map(|w| crate::input::parse_year_span(w, "--window"))
            .transpose()?,
        key: args.key,
        priors: priors_from(args.priors.as_ref(), world)?,
        trials: args.trials,
        seed: args.seed,
        threads: args.threads,
    };
    let report = centres(world, &options)?;
    bar.finish();
    args.output.emit(&report)
}
