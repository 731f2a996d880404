//! `veto-sim compare --reforms a,b,c --draft SYMBOL|FILE`: rules side by side on one draft,
//! judged on the same simulated votes.
//!
//! Per rule: the probability of adoption with its Wilson 95% interval and the exact value
//! where the seating is fixed, how often the veto blocks a draft that has the
//! votes, how often the Assembly overrides; per pair of rules the paired difference with its
//! standard error; per member its chances of voting yes, abstaining and voting no, of being
//! pivotal and of casting a veto. `--format csv` carries the three tables in one file, told
//! apart by a leading `section` column. `--plot FILE.svg` also draws the probability of
//! adoption under each rule with its interval ([`crate::charts::compare_chart`]).

use std::path::PathBuf;

use super::OutputArgs;
use crate::api::trials_bar;
use crate::api::{self, CompareOptions, check_trials, rules_from_list};
use crate::charts;
use crate::error::Result;
use crate::report::{Render, RenderOptions, emit};
use crate::world::World;
use clap::Args;

/// The rules compared when `--reforms` is not given.
pub const DEFAULT_REFORMS: &str =
    "present,abolish-veto,two-negatives,restraint,assembly-override,g4";

/// `veto-sim compare`.
#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Comma-separated reforms from the catalog, or rule files (YAML).
    #[arg(long, value_name = "A,B,C", default_value = DEFAULT_REFORMS)]
    pub reforms: String,
    /// A draft symbol from the veto record (e.g. S/2011/612) or a draft spec file (YAML).
    #[arg(long, value_name = "SYMBOL|FILE")]
    pub draft: String,
    /// The year whose Council votes (default: the draft's year).
    #[arg(long, value_name = "YEAR")]
    pub council: Option<i32>,
    /// Trials.
    #[arg(long, value_parser = super::parse_count, value_name = "N", default_value_t = 100_000)]
    pub trials: u64,
    /// Master seed.
    #[arg(long, value_parser = super::parse_count, value_name = "S", default_value_t = super::DEFAULT_SEED)]
    pub seed: u64,
    /// The exact probability of adoption beside the estimate, where the seating is fixed:
    /// always computed now; the flag is kept so that older command lines still run.
    #[arg(long)]
    pub exact: bool,
    /// Stop the trials once every rule's standard error of P(adopted) is at most SE (checked
    /// every 524,288 trials; --trials stays the cap).
    #[arg(long, value_parser = super::parse_std_error, value_name = "SE")]
    pub se: Option<f64>,
    /// A model parameter file replacing data/model/default.yaml.
    #[arg(long, value_name = "FILE")]
    pub model: Option<PathBuf>,
    /// The alignment window: `era` (the window of the draft's time: 1946-1989, 1990-2019 or
    /// 2010-2019, as in `replay` and `calibrate votes`) or one window for the draft.
    #[arg(long, value_name = "WINDOW", default_value = "era")]
    pub window: String,
    /// Worker threads: 0 or absent for one per core, at most 4 per core (more is capped, with a
    /// note). The output does not depend on it.
    #[arg(long, value_parser = super::parse_count_usize, value_name = "N")]
    pub threads: Option<usize>,
    /// No progress bar.
    #[arg(long, short)]
    pub quiet: bool,
    /// Also draw the probability of adoption under each rule, with its Wilson 95% interval, as
    /// an SVG chart.
    #[arg(long, value_name = "FILE.svg")]
    pub plot: Option<PathBuf>,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Runs the comparison and writes the result.
///
/// # Errors
/// Bad input (exit 2) or failure to write.
pub fn run(args: &CompareArgs, world: &World) -> Result<()> {
    let trials = check_trials(args.trials)?;
    if let Some(file) = &args.plot {
        charts::check_svg_path(file)?;
    }
    let rules = rules_from_list(&args.reforms, world)?;
    let draft = api::draft_spec(&args.draft, world)?;
    let model = api::model_params_for(args.model.as_ref(), world)?;
    let options = CompareOptions {
        rules,
        draft,
        council: args.council,
        trials,
        seed: args.seed,
        exact: true,
        std_error: args.se,
        model,
        window: args.window.clone(),
        threads: args.threads,
    };
    let bar = trials_bar(trials, args.quiet);
    let report = api::compare(world, &options, &bar)?;
    bar.finish_and_clear();
    let text = report.render(args.output.format, &RenderOptions::default())?;
    if let Some(file) = &args.plot {
        let model = args
            .model
            .as_ref()
            .map_or("data/model/default.yaml".to_string(), |p| {
                p.display().to_string()
            });
        charts::write_svg(file, &crate::report::compare::chart(&report, &model)?)?;
    }
    emit(args.output.out.as_deref(), &text)
}
