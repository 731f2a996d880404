//! Every command's report rendered: the [`Render`] trait, implemented per report for text
//! tables, CSV, JSON and Markdown, on the formats and tables of [`crate::table`].

use crate::error::Result;
pub use crate::table::{Format, Table, csv_header, emit, thousands, to_json};

pub mod calibrate_flows;
pub mod calibrate_votes;
pub mod centres;
pub mod compare;
pub mod distribute;
pub mod flows;
pub mod html;
pub mod language;
mod power;
pub mod predict;
pub mod replay;
pub mod run;
pub mod sweep;
pub mod world;

/// A report that renders itself in each [`Format`].
pub trait Render {
    /// The report as text in `format`, laid out as `options` says.
    ///
    /// # Errors
    /// Options a report cannot honour (an unknown section), or a failure to serialise.
    fn render(&self, format: Format, options: &RenderOptions) -> Result<String>;
}

/// What a report shows beyond its format; each report reads the fields that concern it and
/// the defaults give what a command prints without options.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RenderOptions {
    /// A replay's sections (`totals`, `decade`, `vetoer`, `kind`, `topic`, `drafts` or `all`);
    /// `None`: the default ones, and one CSV row per draft and reform.
    pub sections: Option<Vec<String>>,
    /// A flows estimate's tables per conflict (drafts, rules, years) instead of the table of
    /// all conflicts.
    pub detailed: bool,
}
