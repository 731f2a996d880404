//! `veto-sim replay`: every vetoed or failed draft of the record judged under each reform.
//!
//! The table shows, per reform, how many of the selected drafts the recorded votes adopt, how
//! many the model gives (expected number and interval, counted apart), and how many stay
//! unknown; then the same by decade, vetoing member, kind of action or topic (`--by`), and
//! draft by draft (`--by drafts`). CSV gives one row per draft and reform (or per group and
//! reform with `--by`); JSON gives everything with the run's record (seed, trials, version,
//! world hash, the rules and the model's parameters). `--plot FILE.svg` also draws the drafts
//! adopted per decade under each reform ([`crate::charts::replay_chart`]).

use crate::api::PhaseBar;
use std::path::PathBuf;

use clap::Args;

use super::OutputArgs;
use crate::api;
use crate::charts;
use crate::error::{Error, Result};
use crate::replay::{DEFAULT_SEED, DEFAULT_TRIALS};
use crate::report::{Format, Render, RenderOptions, emit};
use crate::world::{FilterArgs, World};

/// `veto-sim replay`.
#[derive(Debug, Args)]
pub struct ReplayArgs {
    /// Reforms to judge under, comma-separated (default: the whole catalog); a name ending in
    /// `.yaml` or `.yml` is read as a rule file.
    #[arg(long, value_delimiter = ',', value_name = "NAMES")]
    pub reforms: Vec<String>,
    /// Only drafts from this date or year on (YYYY or YYYY-MM-DD).
    #[arg(long)]
    pub since: Option<String>,
    /// Only drafts up to this date or year.
    #[arg(long)]
    pub until: Option<String>,
    /// Only drafts vetoed by this permanent member (ISO3; SUN or USSR for the USSR's casts).
    #[arg(long, value_name = "ISO3")]
    pub vetoed_by: Option<String>,
    /// Only drafts whose topic or title contains this text (case-insensitive).
    #[arg(long)]
    pub topic: Option<String>,
    /// Only drafts annotated with this kind of action.
    #[arg(long)]
    pub kind: Option<String>,
    /// Only vetoed or only failed drafts.
    #[arg(long)]
    pub outcome: Option<String>,
    /// Sections to show, comma-separated: totals, decade, vetoer, kind, topic, drafts, or all
    /// (default: totals,decade,vetoer,kind; CSV: one row per draft and reform).
    #[arg(long, value_delimiter = ',', value_name = "SECTIONS")]
    pub by: Option<Vec<String>>,
    /// The most seatings sampled per modelled draft and reform where seats are drawn (each
    /// seating computed exactly; sampling stops earlier at a standard error of 0.0005). Fixed
    /// seatings are computed exactly.
    #[arg(long, value_parser = super::parse_count, value_name = "N", default_value_t = DEFAULT_TRIALS)]
    pub trials: u64,
    /// Master seed.
    #[arg(long, value_parser = super::parse_count, value_name = "S", default_value_t = DEFAULT_SEED)]
    pub seed: u64,
    /// Vote model parameters (the layout of data/model/default.yaml; default: the embedded
    /// defaults).
    #[arg(long, value_name = "FILE")]
    pub model: Option<PathBuf>,
    /// Alignment window of the vote model: `era` (each draft's own time: 1946-1989,
    /// 1990-2019, 2010-2019, as in `calibrate votes`) or one window for every draft.
    #[arg(long, value_name = "WINDOW", default_value = "era")]
    pub window: String,
    /// Worker threads: 0 or absent for one per core, at most 4 per core (more is capped, with a
    /// note). The output does not depend on it.
    #[arg(long, value_parser = super::parse_count_usize, value_name = "N")]
    pub threads: Option<usize>,
    /// Also draw the drafts adopted per decade under each reform (expected number: adopted on
    /// the record plus the modelled drafts' probabilities) as an SVG chart.
    #[arg(long, value_name = "FILE.svg")]
    pub plot: Option<PathBuf>,
    /// No progress spinner on the terminal.
    #[arg(long, short)]
    pub quiet: bool,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Runs the command.
///
/// # Errors
/// A bad flag value (exit code 2), or a failure to write.
pub fn run(args: &ReplayArgs, world: &World) -> Result<()> {
    let chosen = crate::report::replay::sections(args.by.as_deref())?;
    if args.by.is_some() && args.output.format == Format::Json {
        return Err(Error::Usage(
            "--by chooses the sections of the table, markdown and CSV output, and --format json always carries every section: drop --by or --format json"
                .into(),
        ));
    }
    if let Some(file) = &args.plot {
        charts::check_svg_path(file)?;
    }
    if args.output.format == Format::Csv && chosen.contains(&"drafts") && chosen.len() > 1 {
        return Err(Error::Usage(
            "--format csv holds one table, and --by asks for the drafts and summary sections together: give `--by drafts` alone, or summary sections without `drafts`"
                .into(),
        ));
    }
    let request = api::ReplayRequest {
        reforms: &args.reforms,
        filter: FilterArgs {
            since: args.since.as_deref(),
            until: args.until.as_deref(),
            vetoed_by: args.vetoed_by.as_deref(),
            topic: args.topic.as_deref(),
            kind: args.kind.as_deref(),
            outcome: args.outcome.as_deref(),
        },
        trials: args.trials,
        seed: args.seed,
        model: args.model.as_ref(),
        window: &args.window,
    };
    let config = request.config(world)?;
    let bar = PhaseBar::spinner(args.quiet, "replaying the record");
    let options = api::ReplayOptions {
        config,
        threads: args.threads,
    };
    let report = api::replay(world, &options);
    bar.finish();
    let report = report?;
    let text = report.render(
        args.output.format,
        &RenderOptions {
            sections: args.by.clone(),
            ..RenderOptions::default()
        },
    )?;
    if let Some(file) = &args.plot {
        charts::write_svg(file, &crate::report::replay::chart(&report)?)?;
    }
    emit(args.output.out.as_deref(), &text)
}
