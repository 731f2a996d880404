//! `veto-sim predict votes`: the pooled vote model's probabilities for every row of a file of
//! votes (the adopted-votes layout or the drafts layout), with the log loss over the rows whose
//! vote is known. The table and CSV give one row per member vote; JSON gives the whole
//! prediction with its provenance.

use crate::api::PhaseBar;
use std::path::PathBuf;

use clap::Args;

use super::OutputArgs;
use crate::api;
use crate::error::Result;
use crate::world::World;
use crate::world::filter::date_bound;

/// `veto-sim predict votes`.
#[derive(Debug, Args)]
#[command(after_help = "Examples:
  veto-sim predict votes --votes data/drafts.csv --until 2019-12-31   # fit to 2019, score the rest
  veto-sim predict votes --votes data/drafts.csv --until 2019 --format csv --out p.csv")]
pub struct PredictVotesArgs {
    /// The votes: a CSV in the layout of unsc_adopted_votes_*.csv (resolution, date, ms_code,
    /// ms_vote, description; ms_vote may be empty) or of the world's drafts table.
    #[arg(long, value_name = "FILE")]
    pub votes: PathBuf,
    /// Fit the model only on the votes dated up to this (YYYY or YYYY-MM-DD); all by default.
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
    /// Worker threads: 0 or absent for one per core, at most 4 per core (more is capped, with a
    /// note). The output does not depend on it.
    #[arg(long, value_parser = super::parse_count_usize, value_name = "N")]
    pub threads: Option<usize>,
    /// No progress spinner on the terminal.
    #[arg(long, short)]
    pub quiet: bool,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Runs the command.
///
/// # Errors
/// Bad input (exit code 2): a file that cannot be read as votes, a date before every recorded
/// vote; a failure to write.
pub fn run(args: &PredictVotesArgs, world: &World) -> Result<()> {
    let until = args
        .until
        .as_deref()
        .map(|t| date_bound(t, "until", true))
        .transpose()?;
    let bar = PhaseBar::spinner(args.quiet, "predicting the votes");
    let options = api::PredictVotesOptions {
        votes: args.votes.clone(),
        until,
        threads: args.threads,
    };
    let prediction = api::predict_votes(world, &options)?;
    bar.finish();
    args.output.emit(&prediction)
}
