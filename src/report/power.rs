//! The output of `veto-sim power` ([`GamePower`]): the indices as [`crate::power`] lays them
//! out, and in CSV the same `# meta:` and `# config:` lines as every other CSV output.

use super::{Format, Render, RenderOptions, csv_header};
use crate::api::GamePower;
use crate::error::Result;

impl Render for GamePower {
    fn render(&self, format: Format, _options: &RenderOptions) -> Result<String> {
        let text = self.indices.render(format)?;
        if format != Format::Csv {
            return Ok(text);
        }
        let meta = serde_json::json!({
            "tool": "veto-sim",
            "version": env!("CARGO_PKG_VERSION"),
            "world_hash": self.world_hash,
        });
        let config = serde_json::json!({ "game": self.game, "exact": true });
        Ok(format!("{}{text}", csv_header(&meta, &config)?))
    }
}
