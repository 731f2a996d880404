//! What every report records about where it came from: the tool, its version and the hash of
//! the world it read. Each report's `meta` carries one [`Provenance`] (flattened, so its JSON
//! keys come first, as `tool`, `version`, `world_hash`).

use serde::Serialize;

use super::World;

/// The tool, its version and the world a result came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Provenance {
    /// `veto-sim`.
    pub tool: &'static str,
    /// The crate version.
    pub version: &'static str,
    /// SHA-256 of the world's tables ([`World::hash`]).
    pub world_hash: String,
}

impl Provenance {
    /// The provenance of a result computed on `world` by this build.
    pub fn of(world: &World) -> Provenance {
        Provenance {
            tool: "veto-sim",
            version: env!("CARGO_PKG_VERSION"),
            world_hash: world.hash().to_string(),
        }
    }

    /// The world's hash shortened to 12 characters, as the text tables print it.
    pub fn short_hash(&self) -> &str {
        &self.world_hash[..12.min(self.world_hash.len())]
    }
}
