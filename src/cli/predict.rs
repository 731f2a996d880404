//! `veto-sim predict votes`: the pooled vote model's probabilities for every row of a file of
//! votes (the adopted-votes layout or the drafts layout), with the log loss over the rows whose
//! vote is known. The table and CSV give one row per member vote; JSON gives the whole
//! prediction with its provenance.

use super::progress::PhaseBar;
use std::path::PathBuf;

use clap::Args;

use super::OutputArgs;
use crate::api;
use crate::calibrate::pooled::predict::Prediction;
use crate::error::{Error, Result};
use crate::replay::filter::date_bound;
use crate::report::{Format, Table, emit, to_json};
use crate::world::World;

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
    emit(
        args.output.out.as_deref(),
        &render(&prediction, args.output.format)?,
    )
}

fn rows(p: &Prediction) -> Table {
    let mut t = Table::new([
        "line",
        "roll",
        "date",
        "fate",
        "kind",
        "member",
        "vote",
        "p_yes",
        "p_abstain",
        "p_no",
        "given_fate",
    ]);
    for v in &p.votes {
        t.push([
            v.line.to_string(),
            v.roll.clone(),
            v.date.clone(),
            v.fate.as_str().to_string(),
            v.kind.as_str().to_string(),
            v.member.clone(),
            v.vote.clone().unwrap_or_default(),
            format!("{:.6}", v.p_yes),
            format!("{:.6}", v.p_abstain),
            format!("{:.6}", v.p_no),
            v.given_fate.to_string(),
        ]);
    }
    t
}

fn summary(p: &Prediction) -> String {
    let fitted = match &p.until {
        Some(u) => format!("the votes dated up to {u}"),
        None => "every recorded vote".to_string(),
    };
    let loss = p
        .log_loss
        .map_or("-".to_string(), |l| format!("{l:.4} nats per vote"));
    format!(
        "Pooled vote model fitted on {fitted} ({} rolls, {} member votes); {} rows of {} ({} layout); log loss over the {} rows with a known vote: {loss}.",
        p.fit_rolls,
        p.fit_votes,
        p.votes.len(),
        p.file,
        p.layout,
        p.scored
    )
}

/// Renders a prediction.
///
/// # Errors
/// Only a failure to serialise.
pub fn render(p: &Prediction, format: Format) -> Result<String> {
    Ok(match format {
        Format::Json => to_json(p)?,
        Format::Csv => {
            let meta = serde_json::json!({
                "tool": "veto-sim",
                "version": env!("CARGO_PKG_VERSION"),
                "file": p.file,
                "until": p.until,
                "scored": p.scored,
                "log_loss": p.log_loss,
            });
            let meta = serde_json::to_string(&meta)
                .map_err(|e| Error::Runtime(format!("cannot write JSON: {e}")))?;
            format!("# meta: {meta}\n{}", rows(p).to_csv()?)
        }
        Format::Markdown => format!("{}\n\n{}", summary(p), rows(p).to_markdown()),
        Format::Table => format!("{}\n\n{}", summary(p), rows(p).to_text()),
    })
}
