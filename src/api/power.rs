//! Exact a-priori voting power (`veto-sim power`) of a rule or a weighted game, with what the
//! CSV output records about its run.

use std::path::Path;

use crate::error::Result;
use crate::input::read_text;
use crate::power::{PowerReport, WeightedGame, parse_weights_file, typed_power, weighted_power};
use crate::rules::{Rule, catalog, yaml::parse_rule};
use crate::world::World;

/// A game to compute the power indices of.
#[derive(Debug, Clone)]
pub enum Game {
    /// A voting rule (catalog reform or rule file), boxed: it is far larger than a weighted
    /// game.
    Rule(Box<Rule>),
    /// A weighted game (quota and weights).
    Weighted(WeightedGame),
}

/// What [`power`] computes.
#[derive(Debug, Clone)]
pub struct PowerOptions {
    /// The game.
    pub game: Game,
    /// Its name as the output records it (a reform's name or a file's path).
    pub name: String,
}

impl PowerOptions {
    /// The game of a weighted-game file, else of a rule file, else of a catalog reform
    /// (`present` when none is named), named by the file's path or the reform's name.
    ///
    /// # Errors
    /// A file that cannot be read or parsed, an unknown reform (exit code 2).
    pub fn from_names(
        world: &World,
        reform: Option<&str>,
        rules: Option<&Path>,
        weights: Option<&Path>,
    ) -> Result<PowerOptions> {
        let codes = world.state_codes();
        if let Some(path) = weights {
            let name = path.display().to_string();
            let game = parse_weights_file(&read_text(path)?, &name)?;
            return Ok(PowerOptions {
                game: Game::Weighted(game),
                name,
            });
        }
        let (rule, name) = match rules {
            Some(path) => {
                let name = path.display().to_string();
                (parse_rule(&read_text(path)?, &name, &codes)?, name)
            }
            None => {
                let name = reform.unwrap_or("present");
                (catalog::reform(name, &codes)?, name.to_string())
            }
        };
        Ok(PowerOptions {
            game: Game::Rule(Box::new(rule)),
            name,
        })
    }
}

/// The power indices of a game, with its name and the world's hash.
#[derive(Debug, Clone)]
pub struct GamePower {
    /// The game's name (a reform or a file).
    pub game: String,
    /// The world's hash.
    pub world_hash: String,
    /// The indices.
    pub indices: PowerReport,
}

/// The exact Shapley–Shubik, Banzhaf and Coleman indices of a game.
///
/// # Errors
/// A weighted game too large to count exactly.
pub fn power(world: &World, options: &PowerOptions) -> Result<GamePower> {
    let indices = match &options.game {
        Game::Rule(rule) => typed_power(&rule.to_game()),
        Game::Weighted(game) => weighted_power(game)?,
    };
    Ok(GamePower {
        game: options.name.clone(),
        world_hash: world.hash().to_string(),
        indices,
    })
}
