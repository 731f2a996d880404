//! `veto-sim report [SCENARIO] --out report.html`: one self-contained HTML page of a
//! scenario's rules: the summary per rule, voting power, the record replayed, today's
//! Council, refugees averted, a distribution plan, and the methods and sources
//! ([`crate::api::report_page`], [`crate::report::html`]).

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use crate::api::{self, PhaseBar};
use crate::error::Result;
use crate::flows::keys::Key;
use crate::world::World;

/// What `veto-sim report` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PageFormat {
    /// The page.
    Html,
    /// Every figure of the page, as the summary and each part's JSON.
    Json,
}

/// `veto-sim report`.
#[derive(Debug, Args)]
pub struct PageArgs {
    /// A scenario file (YAML) or the name of a shipped scenario; the default scenario when
    /// absent. Its drafts, rules and seed make the page.
    #[arg(value_name = "SCENARIO")]
    pub scenario: Option<String>,
    /// Comma-separated reforms from the catalog, or rule files, instead of the scenario's.
    #[arg(long, value_name = "A,B,C")]
    pub reforms: Option<String>,
    /// The conflict charted by year and shared out (default: the one with the most refugees
    /// averted).
    #[arg(long, value_name = "ID")]
    pub conflict: Option<String>,
    /// The distribution key of the plan.
    #[arg(long, value_enum, default_value_t = Key::Eu)]
    pub key: Key,
    /// Flow trials per conflict and rule.
    #[arg(long, value_parser = super::parse_count, value_name = "N", default_value_t = api::PAGE_TRIALS)]
    pub trials: u64,
    /// Simulated votes (seatings where seats are drawn) per modelled draft and rule, for the
    /// replay and the refugees.
    #[arg(long, value_parser = super::parse_count, value_name = "N", default_value_t = api::PAGE_VOTE_TRIALS)]
    pub vote_trials: u64,
    /// Master seed (overrides the scenario's).
    #[arg(long, value_parser = super::parse_count, value_name = "S")]
    pub seed: Option<u64>,
    /// Worker threads: 0 or absent for one per core, at most 4 per core. The page does not
    /// depend on it.
    #[arg(long, value_parser = super::parse_count_usize, value_name = "N")]
    pub threads: Option<usize>,
    /// No progress bar.
    #[arg(long, short)]
    pub quiet: bool,
    /// `html`: the page; `json`: its figures.
    #[arg(long, value_enum, default_value_t = PageFormat::Html)]
    pub format: PageFormat,
    /// Write to this file (atomically) instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// Makes the page and writes it.
///
/// # Errors
/// A bad scenario, reform, conflict or count (exit 2); a failure to write.
pub fn run(args: &PageArgs, world: &World, data: Option<&std::path::Path>) -> Result<()> {
    if let Some(out) = &args.out {
        crate::output::check(out)?;
    }
    // The sources of a world given with --data are those its folder's README lists.
    let readme = match data {
        Some(dir) => std::fs::read_to_string(dir.join("README.md")).unwrap_or_default(),
        None => api::EMBEDDED_README.to_string(),
    };
    let request = api::PageRequest {
        scenario: args.scenario.as_deref(),
        reforms: args.reforms.as_deref(),
        conflict: args.conflict.as_deref(),
        key: args.key,
        trials: args.trials,
        vote_trials: args.vote_trials,
        seed: args.seed,
        data_readme: &readme,
        threads: args.threads,
    };
    let options = request.options(world)?;
    let bar = PhaseBar::new(args.quiet);
    let page = api::report_page(world, &options, &bar)?;
    bar.finish();
    let text = match args.format {
        PageFormat::Html => crate::report::html::html(&page)?,
        PageFormat::Json => crate::report::html::json(&page)?,
    };
    crate::report::emit(args.out.as_deref(), &text)
}
