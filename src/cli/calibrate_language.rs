//! `veto-sim calibrate language`: the regional key with and without a weight for a shared
//! official language, scored against where refugees actually went
//! ([`crate::flows::language_validation`]).

use std::path::PathBuf;

use clap::Args;

use super::OutputArgs;
use crate::api::{CalibrateLanguageOptions, calibrate_language, priors_from};
use crate::error::Result;
use crate::world::World;

/// `veto-sim calibrate language`.
#[derive(Debug, Args)]
pub struct CalibrateLanguageArgs {
    /// The language weights to compare, comma-separated [default: 0,0.5,1,2,4; the parameter
    /// file's own is always added].
    #[arg(long, value_name = "W,...", value_delimiter = ',')]
    pub weights: Vec<f64>,
    /// A flow parameter file replacing data/flows/priors.yaml.
    #[arg(long, value_name = "FILE")]
    pub priors: Option<PathBuf>,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Runs the command.
///
/// # Errors
/// A bad weight or parameter file (exit 2); a failure to write.
pub fn run(args: &CalibrateLanguageArgs, world: &World) -> Result<()> {
    let report = calibrate_language(
        world,
        &CalibrateLanguageOptions {
            priors: priors_from(args.priors.as_ref(), world)?,
            weights: args.weights.clone(),
        },
    )?;
    args.output.emit(&report)
}
