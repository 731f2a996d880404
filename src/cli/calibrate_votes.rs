//! `veto-sim calibrate votes`: the vote models estimated from the recorded member-by-member
//! votes, compared with baselines in sample and out of sample.
//!
//! With `--evaluate-from`, the pooled model (every Council vote, [`crate::calibrate::pooled`])
//! is fitted on the earlier votes and scored with its baselines on the later ones; without it,
//! the previous model (the contested drafts alone) is fitted and cross-validated as before.
//!
//! The table gives the estimates with standard errors and 95% intervals, the in-sample fit of
//! the model and the baselines (log-likelihood, AIC, the likelihood-ratio test of alignment),
//! the leave-one-draft-out scores and, with `--evaluate-from`, the scores of a forecast of the
//! later drafts. CSV gives every number as a `section,item,metric,value` row; JSON gives the
//! whole report. `--write-model FILE` also writes the estimates as a parameter file in the
//! layout of `data/model/default.yaml`.

use crate::api::PhaseBar;
use std::path::PathBuf;

use clap::Args;

use super::OutputArgs;
use crate::api;
use crate::calibrate::fit;
use crate::error::Result;
use crate::output;
use crate::world::World;

/// `veto-sim calibrate votes`.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  veto-sim calibrate votes --until 2019-12-31 --evaluate-from 2020-01-01   # the forecast of 2020 on
  veto-sim calibrate votes --write-model data/model/default.yaml           # the shipped defaults
  veto-sim calibrate votes --since 2010 --format json --out fit.json")]
pub struct CalibrateVotesArgs {
    /// Fit on drafts from this date or year on (YYYY or YYYY-MM-DD).
    #[arg(long)]
    pub since: Option<String>,
    /// Fit on drafts up to this date or year.
    #[arg(long)]
    pub until: Option<String>,
    /// Also score the fit as a forecast of the drafts from this date on (it must come after
    /// `--until`; without `--until` the fit uses the drafts before it).
    #[arg(long, value_name = "DATE")]
    pub evaluate_from: Option<String>,
    /// Alignment window of the covariates: `era` (each draft's own time: 1946-1989,
    /// 1990-2019, 2010-2019) or one window for every draft.
    #[arg(long, value_name = "WINDOW", default_value = "era")]
    pub window: String,
    /// Gauss–Hermite nodes integrating the draft shock.
    #[arg(long, value_parser = super::parse_count_usize, value_name = "N", default_value_t = fit::DEFAULT_NODES)]
    pub nodes: usize,
    /// Skip the leave-one-draft-out cross-validation.
    #[arg(long)]
    pub no_cv: bool,
    /// Also write the pooled model, fitted on every recorded vote, as the engine's parameter
    /// file (the layout of data/model/default.yaml, with the forecast scores of
    /// --evaluate-from, or of 2020 on by a fit to 2019), atomically.
    #[arg(long, value_name = "FILE")]
    pub write_model: Option<PathBuf>,
    /// Worker threads: 0 or absent for one per core, at most 4 per core (more is capped, with a
    /// note). The output does not depend on it.
    #[arg(long, value_parser = super::parse_count_usize, value_name = "N")]
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
/// A bad flag value (exit code 2), too few drafts, or a failure to write.
pub fn run(args: &CalibrateVotesArgs, world: &World) -> Result<()> {
    if let Some(path) = &args.write_model {
        crate::output::check(path)?;
    }
    let request = api::CalibrateVotesRequest {
        since: args.since.as_deref(),
        until: args.until.as_deref(),
        evaluate_from: args.evaluate_from.as_deref(),
        window: &args.window,
        nodes: args.nodes,
        cross_validate: !args.no_cv,
    };
    let config = request.config(world)?;
    let bar = PhaseBar::spinner(args.quiet, "fitting the vote models");
    let options = api::CalibrateVotesOptions {
        config,
        threads: args.threads,
    };
    let report = api::calibrate_votes(world, &options)?;
    if let Some(path) = &args.write_model {
        let text = api::model_file(world, &options, &report)?;
        output::write(path, text.as_bytes())?;
        eprintln!("wrote the estimates to {}", path.display());
    }
    bar.finish();
    args.output.emit(&report)
}
