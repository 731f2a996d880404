//! `veto-sim flows [--conflict ID] [--reforms ...]`: refugees averted, per reform, had the
//! vetoed and failed drafts on each conflict passed as the vote model says they would have.
//!
//! Without arguments: every conflict the record links drafts to, every reform of the catalog,
//! 100,000 flow trials per conflict and rule and 100,000 simulated votes per draft. The table
//! gives, per rule, the refugees averted across the conflicts (mean and 90% interval) and their
//! split into land neighbours, the rest of the region, Europe and elsewhere, with the battle
//! deaths averted; then, per conflict, the mean refugees averted under each rule. With
//! `--conflict`, each chosen conflict's drafts (probability of passing under each rule) and
//! its years (recorded deaths and outflow, refugees averted with 90% intervals). `--scenario
//! FILE` runs a hypothetical conflict instead ([`crate::flows::hypothetical`]). Every table
//! ends with the sources of its figures. CSV and JSON record the seed, the trials, the version,
//! the world's hash and the full configuration (priors included). With one conflict,
//! `--plot FILE.svg` also draws its refugees by year, recorded and counterfactual under one rule
//! (`--plot-rule`), and where the refugees averted would have gone
//! ([`crate::charts::flows_chart`]).

use std::path::PathBuf;

use clap::Args;

use super::OutputArgs;
use crate::api::{self, PhaseBar};
use crate::charts;
use crate::error::{Error, Result};
use crate::report::{Format, Render, RenderOptions, emit};
use crate::world::World;

/// `veto-sim flows`.
#[derive(Debug, Args)]
pub struct FlowsArgs {
    /// Only these conflicts (repeatable or comma-separated ids; `veto-sim list conflicts`).
    #[arg(long, value_name = "ID", value_delimiter = ',')]
    pub conflict: Vec<String>,
    /// Comma-separated reforms from the catalog, or rule files (default: the whole catalog).
    /// `present` is always included: the record is its outcome.
    #[arg(long, value_name = "A,B,C")]
    pub reforms: Option<String>,
    /// A hypothetical conflict (YAML: origin, years, drafts) instead of the world's: a file,
    /// or the name of a shipped one (sahel-example).
    #[arg(long, value_name = "FILE|NAME", conflicts_with = "conflict")]
    pub scenario: Option<String>,
    /// Flow trials per conflict and rule.
    #[arg(long, value_parser = super::parse_count, value_name = "N", default_value_t = 100_000)]
    pub trials: u64,
    /// The most seatings sampled per modelled draft and rule where seats are drawn (default
    /// 20000, as `veto-sim replay --trials`, so both print the same probabilities).
    #[arg(long, value_parser = super::parse_count, value_name = "N")]
    pub vote_trials: Option<u64>,
    /// Master seed.
    #[arg(long, value_parser = super::parse_count, value_name = "S", default_value_t = super::DEFAULT_SEED)]
    pub seed: u64,
    /// The alignment window of the vote model: `era` (each draft the window of its own time:
    /// 1946-1989, 1990-2019 or 2010-2019, as in `replay` and `calibrate votes`) or one window
    /// for every draft.
    #[arg(long, value_name = "WINDOW", default_value = "era")]
    pub window: String,
    /// A vote-model parameter file replacing data/model/default.yaml.
    #[arg(long, value_name = "FILE")]
    pub model: Option<PathBuf>,
    /// A flow parameter file replacing data/flows/priors.yaml.
    #[arg(long, value_name = "FILE")]
    pub priors: Option<PathBuf>,
    /// 90% intervals by year for every conflict (given with --conflict or --scenario).
    #[arg(long)]
    pub by_year: bool,
    /// Worker threads: 0 or absent for one per core, at most 4 per core (more is capped, with a
    /// note). The output does not depend on it.
    #[arg(long, value_parser = super::parse_count_usize, value_name = "N")]
    pub threads: Option<usize>,
    /// No progress bar.
    #[arg(long, short)]
    pub quiet: bool,
    /// Also draw one conflict's refugees by year, recorded and counterfactual under one rule
    /// (mean and 90% band), with where the refugees averted would have gone, as an SVG chart.
    /// Needs exactly one --conflict or --scenario.
    #[arg(long, value_name = "FILE.svg")]
    pub plot: Option<PathBuf>,
    /// The rule the chart shows (default: the first rule other than `present`).
    #[arg(long, value_name = "RULE", requires = "plot")]
    pub plot_rule: Option<String>,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Runs the command.
///
/// # Errors
/// Bad input (exit 2): an unknown conflict, reform or file; or a failure to write.
pub fn run(args: &FlowsArgs, world: &World) -> Result<()> {
    if let Some(file) = &args.plot {
        let given = args.conflict.len() + usize::from(args.scenario.is_some());
        if given != 1 {
            return Err(Error::Usage(format!(
                "--plot draws one conflict: give exactly one --conflict ID or --scenario FILE ({})",
                if given == 0 {
                    "none given".to_string()
                } else {
                    format!("{given} conflicts given")
                }
            )));
        }
        charts::check_svg_path(file)?;
    }
    let request = api::FlowsRequest {
        conflicts: &args.conflict,
        reforms: args.reforms.as_deref(),
        scenario: args.scenario.as_deref(),
        trials: args.trials,
        vote_trials: args.vote_trials,
        seed: args.seed,
        window: &args.window,
        model: args.model.as_ref(),
        priors: args.priors.as_ref(),
        by_year: args.by_year,
    };
    let options = request.options(world)?;
    let plot_rule = match &args.plot {
        Some(_) => Some(api::flows_chart_rule(
            args.plot_rule.as_deref(),
            options.rules.iter().map(|r| r.name.as_str()),
        )?),
        None => None,
    };
    let detailed = !args.conflict.is_empty() || args.scenario.is_some();
    if args.by_year && !detailed && args.output.format != Format::Json {
        return Err(Error::Usage(
            "--by-year: the by-year table is printed for a conflict named with --conflict or --scenario (where it is always on), or carried by --format json; without them it would be ignored"
                .into(),
        ));
    }
    let bar = PhaseBar::new(args.quiet);
    let options = api::FlowsOptions {
        flows: options,
        threads: args.threads,
    };
    let report = api::flows(world, &options, &bar)?;
    bar.finish();
    let text = report.render(
        args.output.format,
        &RenderOptions {
            detailed,
            ..RenderOptions::default()
        },
    )?;
    if let (Some(file), Some(rule)) = (&args.plot, &plot_rule) {
        charts::write_svg(file, &crate::report::flows::chart(&report, rule)?)?;
    }
    emit(args.output.out.as_deref(), &text)
}
