//! `veto-sim power`: exact a-priori power of a catalog reform, a rule file or a weighted game.

use std::path::PathBuf;

use clap::Args;

use super::OutputArgs;
use crate::api::{PowerOptions, power};
use crate::error::Result;
use crate::world::World;

/// `veto-sim power`.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("game").args(["reform", "rules", "weights"])))]
pub struct PowerArgs {
    /// A reform from the catalog (`veto-sim list reforms`); the default is `present`.
    #[arg(long, value_name = "NAME")]
    pub reform: Option<String>,
    /// A rule file (YAML, the format of `veto-sim show reform present`).
    #[arg(long, value_name = "FILE")]
    pub rules: Option<PathBuf>,
    /// A weighted game (YAML: `quota` and `players` with `code` and `weight`).
    #[arg(long, value_name = "FILE")]
    pub weights: Option<PathBuf>,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Computes and writes the indices.
///
/// # Errors
/// A bad rule or weights file (exit 2), an unknown reform, or failure to write.
pub fn run(args: &PowerArgs, world: &World) -> Result<()> {
    let options = PowerOptions::from_names(
        world,
        args.reform.as_deref(),
        args.rules.as_deref(),
        args.weights.as_deref(),
    )?;
    args.output.emit(&power(world, &options)?)
}
