//! `veto-sim calibrate flows`: the elasticity of refugee outflows to battle deaths from the
//! world's UCDP × UNHCR country-year panel, and the gravity model of destinations with its
//! validation on the real conflicts.
//!
//! The elasticity is the main specification of [`crate::flows::elasticity`] (log–log, country
//! fixed effects, 1989–2022, 25+ battle deaths, clustered standard errors) with its 90%
//! interval and number of country-years, followed by the variants that show what it rests on.
//! The gravity model is fitted on the real conflicts' observed UNHCR shares and each conflict
//! is predicted by the model fitted on the others: per conflict, the observed and predicted
//! shares going to neighbours, the region and Europe, and the mean absolute error of the
//! shares over states. `veto-sim flows` uses the same estimate unless the parameter file
//! declares the elasticity. Last, the destinations year by year are validated against each
//! conflict-year's observed new arrivals ([`crate::flows::dest_validation`]): previous-year
//! shares, the peak-year stocks, gravity and radiation, with the model chosen for hypothetical
//! conflicts.

use crate::api::PhaseBar;
use std::path::PathBuf;

use super::OutputArgs;
use crate::api::{CalibrateFlowsOptions, calibrate_flows, priors_from};
use crate::error::Result;
use crate::world::World;
use clap::Args;

/// `veto-sim calibrate flows`.
#[derive(Debug, Args)]
pub struct CalibrateFlowsArgs {
    /// A flow parameter file replacing data/flows/priors.yaml (for the gravity model's sample
    /// and the definition of Europe).
    #[arg(long, value_name = "FILE")]
    pub priors: Option<PathBuf>,
    /// No progress spinner on the terminal.
    #[arg(long, short)]
    pub quiet: bool,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Runs the calibration.
///
/// # Errors
/// A bad parameter file (exit 2), a panel too small, or a failure to write.
pub fn run(args: &CalibrateFlowsArgs, world: &World) -> Result<()> {
    let bar = PhaseBar::spinner(args.quiet, "calibrating the flows");
    let priors = priors_from(args.priors.as_ref(), world)?;
    let report = calibrate_flows(world, &CalibrateFlowsOptions { priors })?;
    bar.finish();
    args.output.emit(&report)
}
