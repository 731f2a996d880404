//! The library's front door: one function per command that produces a result.
//!
//! Each function takes the world and a validated options struct of plain Rust values (rules as
//! [`Rule`](crate::rules::Rule)s, paths, numbers), reports progress to a [`Progress`] where the
//! work is long, and returns the command's report; [`crate::report::Render`] turns any report
//! into a text table, CSV, JSON or Markdown. The command line is a thin layer over these
//! functions: it parses its flags into the options, calls the function and renders the report,
//! so a program calling them gets exactly what `veto-sim` prints.
//!
//! A program comparing two rules on one recorded draft, replaying the drafts Russia vetoed
//! since 2011 under one rule, and writing the comparison as CSV:
//!
//! ```
//! use veto_sim::api::{self, CompareOptions, ReplayOptions};
//! use veto_sim::replay::ReplayConfig;
//! use veto_sim::world::{DraftFilter, FilterArgs};
//! use veto_sim::report::{Format, Render, RenderOptions};
//! use veto_sim::rules::catalog;
//! use veto_sim::vote::{DraftSpec, ModelParams};
//! use veto_sim::world::World;
//!
//! # fn main() -> veto_sim::Result<()> {
//! let world = World::embedded()?;
//! let codes = world.state_codes();
//!
//! // Two rules on the same simulated votes of one draft.
//! let rules = vec![
//!     catalog::reform("present", &codes)?,
//!     catalog::reform("abolish-veto", &codes)?,
//! ];
//! let draft = DraftSpec::from_record(world, "S/2011/612")?;
//! let mut options = CompareOptions::new(rules, draft)?;
//! options.trials = 2_000;
//! let compared = api::compare(world, &options, &())?;
//! assert_eq!(compared.result.rules.len(), 2);
//! let csv = compared.render(Format::Csv, &RenderOptions::default())?;
//! assert!(csv.starts_with("# meta: "));
//! assert!(csv.lines().any(|line| line.starts_with("rules,abolish-veto,")));
//!
//! // The record's drafts vetoed by Russia since 2011, under one rule.
//! let mut config = ReplayConfig::new(ModelParams::embedded()?);
//! config.reforms = vec![catalog::reform("abolish-veto", &codes)?];
//! config.filter = DraftFilter::parse(FilterArgs {
//!     since: Some("2011"),
//!     vetoed_by: Some("RUS"),
//!     ..FilterArgs::default()
//! })?;
//! config.trials = 500;
//! let replayed = api::replay(world, &ReplayOptions { config, threads: None })?;
//! assert!(!replayed.drafts.is_empty());
//! let table = replayed.render(Format::Table, &RenderOptions::default())?;
//! assert!(table.contains("abolish-veto"));
//! # Ok(())
//! # }
//! ```

mod calibrate_flows;
mod calibrate_language;
mod cancel;
mod centres;
mod compare;
mod distribute;
mod inputs;
mod model_file;
mod page;
mod power;
mod progress_bar;
mod requests;
pub mod world;

pub use calibrate_flows::{CalibrateFlowsOptions, CalibrateFlowsReport, calibrate_flows};
pub use calibrate_language::{
    CalibrateLanguageMeta, CalibrateLanguageOptions, CalibrateLanguageReport, calibrate_language,
};
pub use centres::{
    CentresInput, CentresMeta, CentresOptions, CentresPlanReport, CentresReport, DEFAULT_MAX_SITES,
    PlanCell, ResettlementNeed, centres, centres_plan, load_centres_plan,
};
pub use compare::{CompareConfig, CompareOptions, CompareReport, compare};
pub use distribute::{Amount, DistributeMeta, DistributeOptions, DistributeReport, distribute};
pub use inputs::{
    draft_spec, flows_chart_rule, load_world, model_params, model_params_for, reforms_from_names,
    sweep_from,
};
pub use model_file::model_file;
pub use page::{
    DataSource, DraftInfo, EMBEDDED_README, PAGE_TRIALS, PAGE_VOTE_TRIALS, PageMeta, PageOptions,
    PageRequest, ReportPage, RuleSummary, report_page,
};
pub use power::{Game, GamePower, PowerOptions, power};
pub use progress_bar::{PhaseBar, cells_bar, trials_bar};
pub use requests::{
    CalibrateVotesRequest, DistributeRequest, FlowsRequest, ReplayRequest, RunRequest,
    check_flow_trials,
};

use std::path::{Path, PathBuf};

use crate::calibrate::pooled::predict::{Prediction, predict_file};
use crate::calibrate::{CalibrateConfig, CalibrationReport};
use crate::error::{Error, Result};
use crate::flows::priors::{FlowPriors, parse_priors};
use crate::flows::run::{FlowsReport, Step};
use crate::input::read_text;
use crate::replay::{ReplayConfig, ReplayReport};
use crate::rules::yaml::parse_rule;
use crate::rules::{Rule, catalog};
use crate::scenario::{self, RunReport, Scenario};
use crate::world::World;

/// Where a long computation reports how far it has got. Every method does nothing by default,
/// so `&()` is a silent observer.
pub trait Progress: Sync {
    /// A phase of `total` units of work begins (simulated votes, flow trials, sweep cells).
    fn phase(&self, _name: &'static str, _total: u64) {}
    /// `n` units of the current phase are done.
    fn inc(&self, _n: u64) {}
    /// Follows an estimate's steps.
    fn step(&self, step: Step) {
        match step {
            Step::Phase { name, total } => self.phase(name, total),
            Step::Done(n) => self.inc(n),
        }
    }
    /// Whether the caller wants the computation stopped: checked each time progress is
    /// reported, after which the function returns [`Error::Interrupted`]. Never by default.
    fn cancelled(&self) -> bool {
        false
    }
}

impl Progress for () {}

/// Threads per core beyond which a thread count is capped: more only adds switching, and tens
/// of thousands of threads take minutes to start.
const THREADS_PER_CORE: usize = 4;

/// The number of worker threads for a requested count: absent or 0 means one per core; more
/// than [`THREADS_PER_CORE`] per core is capped there, with a note on standard error.
pub fn thread_count(threads: Option<usize>) -> Option<usize> {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    let cap = cores.saturating_mul(THREADS_PER_CORE);
    match threads {
        None | Some(0) => None,
        Some(n) if n > cap => {
            // Once per run, though a command may start several pools.
            static NOTE: std::sync::Once = std::sync::Once::new();
            NOTE.call_once(|| {
                eprintln!(
                    "note: --threads {n} capped at {cap} ({THREADS_PER_CORE} per core on {cores} cores)"
                );
            });
            Some(cap)
        }
        Some(n) => Some(n),
    }
}

/// Runs `work` on a pool of `threads` threads (see [`thread_count`]), or on the global pool
/// of one thread per core.
///
/// # Errors
/// A pool that cannot be started.
pub fn with_threads<T: Send>(threads: Option<usize>, work: impl FnOnce() -> T + Send) -> Result<T> {
    match thread_count(threads) {
        None => Ok(work()),
        Some(n) => rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .map(|pool| pool.install(work))
            .map_err(|e| Error::Runtime(format!("cannot start {n} threads: {e}"))),
    }
}

/// Checks a number of trials of a simulation.
///
/// # Errors
/// [`Error::Usage`] outside 1 to [`scenario::MAX_TRIALS`].
pub fn check_trials(trials: u64) -> Result<u64> {
    if trials == 0 || trials > scenario::MAX_TRIALS {
        return Err(Error::Usage(format!(
            "--trials must be from 1 to {}, got {trials}",
            scenario::MAX_TRIALS
        )));
    }
    Ok(trials)
}

/// Whether a command-line argument names a file (a YAML name, or an existing file) rather
/// than a catalog entry or a record's symbol.
pub fn is_file_like(arg: &str) -> bool {
    arg.ends_with(".yaml") || arg.ends_with(".yml") || Path::new(arg).is_file()
}

/// The rules of a comma-separated list of catalog names and rule files (YAML).
///
/// # Errors
/// An unknown reform (nearest suggested), a bad rule file, a rule given twice, or none.
pub fn rules_from_list(list: &str, world: &World) -> Result<Vec<Rule>> {
    let codes = world.state_codes();
    let mut rules: Vec<Rule> = Vec::new();
    for item in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let rule = if is_file_like(item) {
            parse_rule(&read_text(Path::new(item))?, item, &codes)?
        } else {
            catalog::reform(item, &codes)?
        };
        if rules.iter().any(|r| r.name == rule.name) {
            return Err(Error::Usage(format!("rule `{}` is given twice", rule.name)));
        }
        rules.push(rule);
    }
    if rules.is_empty() {
        return Err(Error::Usage("--reforms names no rule".into()));
    }
    Ok(rules)
}

/// The flow priors of a parameter file, or the embedded `data/flows/priors.yaml`.
///
/// # Errors
/// A file that cannot be read or is not a valid parameter file.
pub fn priors_from(path: Option<&PathBuf>, world: &World) -> Result<FlowPriors> {
    match path {
        Some(p) => parse_priors(&read_text(p)?, &p.display().to_string(), world),
        None => FlowPriors::embedded(world),
    }
}

/// What [`run`] runs.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// The scenario, with its trials and seed ([`scenario::load`] reads one).
    pub scenario: Scenario,
    /// How the *today* section computes adoption ([`scenario::Method::DEFAULT`]: exact).
    pub method: scenario::Method,
    /// Run the *history* section (refugees averted) when the scenario asks for it.
    pub flows: bool,
    /// Worker threads (see [`thread_count`]).
    pub threads: Option<usize>,
}

/// Runs a scenario: every draft under every rule on the same votes (the *today* section), and
/// the refugees averted on the record (the *history* section) where the scenario has it.
///
/// # Errors
/// A rule that cannot be seated, a world without the tables the scenario needs.
pub fn run(world: &World, options: &RunOptions, progress: &dyn Progress) -> Result<RunReport> {
    let scenario = &options.scenario;
    // Without the *today* section the scenario's drafts are not voted on.
    let voted = if scenario.today {
        scenario.clone()
    } else {
        Scenario {
            drafts: Vec::new(),
            ..scenario.clone()
        }
    };
    let work = options
        .method
        .work(voted.drafts.len(), voted.rules.len(), voted.trials);
    progress.phase("votes", work);
    cancel::interruptible(|| {
        let mut report = with_threads(options.threads, || {
            scenario::run(&voted, world, options.method, &|n| {
                progress.inc(n);
                cancel::stop_if_cancelled(progress);
            })
        })??;
        if scenario.flows && options.flows {
            report.flows = Some(with_threads(options.threads, || {
                scenario::flows(scenario, world, &|s| {
                    progress.step(s);
                    cancel::stop_if_cancelled(progress);
                })
            })??);
        }
        Ok(report)
    })
}

/// What [`replay`] replays.
#[derive(Debug, Clone)]
pub struct ReplayOptions {
    /// The rules, the drafts, trials, seed, model and window.
    pub config: ReplayConfig,
    /// Worker threads (see [`thread_count`]).
    pub threads: Option<usize>,
}

/// Checks the trials of a replay (per modelled draft and rule).
///
/// # Errors
/// [`Error::Usage`] outside 1 to 2³².
pub fn check_replay_trials(trials: u64) -> Result<u64> {
    if trials == 0 || trials > 1 << 32 {
        return Err(Error::Usage(format!(
            "--trials must be from 1 to {}, got {trials}",
            1u64 << 32
        )));
    }
    Ok(trials)
}

/// Replays the recorded vetoed and failed drafts under each rule.
///
/// # Errors
/// Bad trials, no rule, or no draft in the selection.
pub fn replay(world: &World, options: &ReplayOptions) -> Result<ReplayReport> {
    check_replay_trials(options.config.trials)?;
    let report = with_threads(options.threads, || {
        crate::replay::replay(world, &options.config)
    })??;
    if report.drafts.is_empty() {
        return Err(Error::Usage(format!(
            "no draft matches the selection ({})",
            report.config.selection
        )));
    }
    Ok(report)
}

/// What [`flows`] estimates.
#[derive(Debug, Clone)]
pub struct FlowsOptions {
    /// The conflicts, rules, trials, seed, window, model and priors.
    pub flows: crate::flows::run::FlowsOptions,
    /// Worker threads (see [`thread_count`]).
    pub threads: Option<usize>,
}

/// The refugees and battle deaths averted per rule, had the drafts on each conflict passed.
///
/// # Errors
/// Bad trials, an unknown conflict, a rule that cannot be seated, a panel too small.
pub fn flows(
    world: &World,
    options: &FlowsOptions,
    progress: &dyn Progress,
) -> Result<FlowsReport> {
    let o = &options.flows;
    check_flow_trials(o.trials, o.vote_trials)?;
    cancel::interruptible(|| {
        with_threads(options.threads, || {
            crate::flows::run::estimate(world, o, &|s| {
                progress.step(s);
                cancel::stop_if_cancelled(progress);
            })
        })?
    })
}

/// What [`calibrate_votes`] fits.
#[derive(Debug, Clone, Default)]
pub struct CalibrateVotesOptions {
    /// The drafts, the forecast date, the window, the nodes and the cross-validation.
    pub config: CalibrateConfig,
    /// Worker threads (see [`thread_count`]).
    pub threads: Option<usize>,
}

/// Fits the vote model on the recorded Council votes (and scores it on later years).
///
/// # Errors
/// Nodes outside 4 to 200, too few drafts.
pub fn calibrate_votes(
    world: &World,
    options: &CalibrateVotesOptions,
) -> Result<CalibrationReport> {
    let nodes = options.config.nodes;
    if !(4..=200).contains(&nodes) {
        return Err(Error::Usage(format!(
            "--nodes must be from 4 to 200, got {nodes}"
        )));
    }
    with_threads(options.threads, || {
        crate::calibrate::calibrate(world, &options.config)
    })?
}

/// What [`predict_votes`] predicts.
#[derive(Debug, Clone)]
pub struct PredictVotesOptions {
    /// The votes: a CSV in the layout of `unsc_adopted_votes_*.csv` or of the drafts table.
    pub votes: PathBuf,
    /// Fit only on the votes dated up to this day (`YYYY-MM-DD`); all when absent.
    pub until: Option<String>,
    /// Worker threads (see [`thread_count`]).
    pub threads: Option<usize>,
}

/// Per-vote probabilities from the pooled vote model, and the log loss over known votes.
///
/// # Errors
/// A file that cannot be read as votes, a date before every recorded vote.
pub fn predict_votes(world: &World, options: &PredictVotesOptions) -> Result<Prediction> {
    with_threads(options.threads, || {
        predict_file(world, &options.votes, options.until.as_deref())
    })?
}

/// What [`sweep`] runs.
#[derive(Debug, Clone)]
pub struct SweepOptions {
    /// The sweep ([`crate::sweep::load_sweep`] reads one).
    pub sweep: crate::sweep::Sweep,
    /// The output folder.
    pub out: PathBuf,
    /// Only this shard of the cells.
    pub shard: Option<crate::sweep::Shard>,
    /// Complete an interrupted run in `out`.
    pub resume: bool,
    /// Replace what `out` holds.
    pub force: bool,
    /// Worker threads (see [`thread_count`]).
    pub threads: Option<usize>,
}

/// Runs a grid of scenario variants into a folder (see [`crate::sweep`]); one unit of
/// progress per cell.
///
/// # Errors
/// A folder holding other output, a cell that fails, a failure to write.
pub fn sweep(
    world: &World,
    options: &SweepOptions,
    progress: &dyn Progress,
) -> Result<crate::sweep::store::Summary> {
    let job = crate::sweep::store::prepare(
        &options.sweep,
        world,
        &options.out,
        options.shard,
        options.resume,
        options.force,
    )?;
    progress.phase("cells", job.cells());
    progress.inc(job.done());
    // A cancelled sweep keeps its finished rows for `--resume`, as after Ctrl-C on the CLI.
    cancel::interruptible(|| {
        with_threads(options.threads, || {
            job.run(&|| {
                progress.inc(1);
                cancel::stop_if_cancelled(progress);
            })
        })?
    })
}
