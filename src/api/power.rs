//! Exact a-priori voting power (`veto-sim power`) of a rule or a weighted game, with what the
//! CSV output records about its run.

use crate::error::Result;
use crate::power::{PowerReport, WeightedGame, typed_power, weighted_power};
use crate::rules::Rule;
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
