//! `veto-sim power`: exact a-priori power of a catalog reform, a rule file or a weighted game.

use std::path::PathBuf;

use clap::Args;

use super::OutputArgs;
use crate::api::{Game, PowerOptions, power};
use crate::error::Result;
use crate::input::read_text;
use crate::power::parse_weights_file;
use crate::report::{Render, RenderOptions, emit};
use crate::rules::{catalog, yaml::parse_rule};
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
    let codes = world.state_codes();
    let options = if let Some(path) = &args.weights {
        let game = parse_weights_file(&read_text(path)?, &path.display().to_string())?;
        PowerOptions {
            game: Game::Weighted(game),
            name: path.display().to_string(),
        }
    } else {
        let (rule, name) = match &args.rules {
            Some(path) => (
                parse_rule(&read_text(path)?, &path.display().to_string(), &codes)?,
                path.display().to_string(),
            ),
            None => {
                let name = args.reform.as_deref().unwrap_or("present");
                (catalog::reform(name, &codes)?, name.to_string())
            }
        };
        PowerOptions {
            game: Game::Rule(Box::new(rule)),
            name,
        }
    };
    let text = power(world, &options)?.render(args.output.format, &RenderOptions::default())?;
    emit(args.output.out.as_deref(), &text)
}
