//! The command line: argument definitions (clap derive) and the dispatch to the library.
//!
//! `main.rs` parses [`Cli`] and calls [`run`]; every command writes its result through
//! [`crate::report::emit`], to standard output or atomically to `--out`.

mod calibrate_flows;
mod calibrate_votes;
mod compare;
mod distribute;
mod flows;
mod merge;
mod power;
mod predict;
mod reforms;
mod replay;
mod run;
mod sweep;
pub mod world;

use std::borrow::Cow;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::error::Result;
use crate::report::Format;
use crate::world::World;

/// What would reforming the UN Security Council veto change?
#[derive(Debug, Parser)]
#[command(name = "veto-sim", version, about, arg_required_else_help = true)]
pub struct Cli {
    /// Load the world's CSV tables from this folder (named as in `data/`: states, councils,
    /// alignment, drafts, conflicts, flows, adopted) instead of the embedded ones. Only the
    /// tables are read: the vote model (`data/model/default.yaml`), the reform catalog
    /// (`data/reforms/`), the flow priors, scenarios and sweeps stay the embedded ones; pass
    /// those as files where a command takes them (`--rules`, `--priors`, a scenario file).
    #[arg(long, global = true, value_name = "DIR")]
    pub data: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Simulate a scenario's drafts under its rules (the default scenario without arguments).
    Run(run::RunArgs),
    /// Compare rules on one draft, judged on the same simulated votes.
    Compare(compare::CompareArgs),
    /// Exact a-priori voting power (Shapley–Shubik, Banzhaf, Coleman) of a rule or weighted game.
    Power(power::PowerArgs),
    /// List reforms, states, councils, vetoed drafts or conflicts.
    List(ListArgs),
    /// Show one reform, state, draft or conflict.
    Show(ShowArgs),
    /// Replay every vetoed or failed draft under each reform, with the recorded votes.
    Replay(replay::ReplayArgs),
    /// Estimate model parameters from the world's data.
    Calibrate {
        #[command(subcommand)]
        what: CalibrateCommand,
    },
    /// Per-vote probabilities from the pooled vote model for any file of votes.
    Predict {
        #[command(subcommand)]
        what: PredictCommand,
    },
    /// Refugee flows with and without the interventions each reform would pass.
    Flows(flows::FlowsArgs),
    /// Share refugees among states by a distribution key.
    Distribute(distribute::DistributeArgs),
    /// Run a grid of reform variants from a sweep file (resumable, shardable).
    Sweep(sweep::SweepArgs),
    /// Join sweep shards into the output of a single run.
    Merge(merge::MergeArgs),
    /// Build the embedded world from the raw public datasets.
    Data {
        #[command(subcommand)]
        action: DataCommand,
    },
}

/// `veto-sim calibrate ...`.
/// `veto-sim predict ...`.
#[derive(Debug, Subcommand)]
pub enum PredictCommand {
    /// Each row's probabilities of yes, abstain and no, and the log loss over known votes.
    Votes(predict::PredictVotesArgs),
}

#[derive(Debug, Subcommand)]
pub enum CalibrateCommand {
    /// The vote model fitted on the recorded Council votes, and scored on later years.
    Votes(calibrate_votes::CalibrateVotesArgs),
    /// The elasticity of refugee outflows to battle deaths from the UCDP × UNHCR panel.
    Flows(calibrate_flows::CalibrateFlowsArgs),
}

/// Where and how a command writes its result.
#[derive(Debug, Clone, Args)]
pub struct OutputArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Write to this file (atomically) instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// What `list` lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListWhat {
    /// The catalog of named reforms.
    Reforms,
    /// The 193 UN member states.
    States,
    /// Security Council membership by year.
    Councils,
    /// Vetoed and failed drafts.
    Drafts,
    /// Armed conflicts linked to drafts.
    Conflicts,
}

/// Filters for `list`; each applies where it makes sense.
#[derive(Debug, Clone, Default, Args)]
pub struct ListFilters {
    /// Only this year (councils, drafts).
    #[arg(long)]
    pub year: Option<i32>,
    /// Only from this date or year on (drafts: YYYY or YYYY-MM-DD).
    #[arg(long)]
    pub since: Option<String>,
    /// Only up to this date or year (drafts).
    #[arg(long)]
    pub until: Option<String>,
    /// Only drafts vetoed by this member (ISO3; USSR casts count under RUS or SUN as stated).
    #[arg(long, value_name = "ISO3")]
    pub vetoed_by: Option<String>,
    /// Only this UN regional group (states, councils).
    #[arg(long)]
    pub group: Option<String>,
    /// Only drafts whose topic or title contains this text (case-insensitive).
    #[arg(long)]
    pub topic: Option<String>,
    /// Only drafts annotated with this kind of action (use-of-force, peacekeeping, sanctions,
    /// ceasefire-humanitarian, investigation-accountability, condemnation, admission, other, unknown).
    #[arg(long)]
    pub kind: Option<String>,
    /// Only drafts with this outcome (vetoed or failed).
    #[arg(long)]
    pub outcome: Option<String>,
    /// Alignment window for the agreement columns of `list states` (default 2010-2019; a
    /// pair with fewer than 20 common votes shows its documented fill, marked `*`).
    #[arg(long, value_name = "YYYY-YYYY")]
    pub window: Option<String>,
}

/// `veto-sim list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// What to list.
    #[arg(value_enum)]
    pub what: ListWhat,
    #[command(flatten)]
    pub filters: ListFilters,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// What `show` shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShowWhat {
    /// A named reform, as its YAML rule file.
    Reform,
    /// A member state by ISO3 code.
    State,
    /// A draft by symbol (e.g. S/2011/612).
    Draft,
    /// A conflict by id (e.g. syria).
    Conflict,
}

/// `veto-sim show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// What to show.
    #[arg(value_enum)]
    pub what: ShowWhat,
    /// Its name, code, symbol or id.
    pub id: String,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// `veto-sim data ...`.
#[derive(Debug, Subcommand)]
pub enum DataCommand {
    /// Derive the world's tables from the raw public files.
    Build {
        /// The folder of raw files (the layout of `shared/data`).
        #[arg(long, value_name = "DIR")]
        from: PathBuf,
        /// The folder to write the derived tables to.
        #[arg(long, value_name = "DIR", default_value = "data")]
        out: PathBuf,
        /// The project's curated files (tallies 2020–2025, annotations, conflicts).
        #[arg(long, value_name = "DIR", default_value = "curation")]
        curated: PathBuf,
        /// Also compute the alignment over this window of years from the roll calls (repeatable).
        #[arg(long, value_name = "YYYY-YYYY")]
        window: Vec<String>,
        /// Build even when a curated input is missing or a table would be empty (each gap is
        /// a warning); without it either is an error (exit 2) naming what is missing.
        #[arg(long)]
        allow_missing: bool,
    },
}

/// The master seed of every command that simulates, unless a scenario or sweep file sets one.
pub(crate) const DEFAULT_SEED: u64 = 1;

/// Reads a count flag (`--trials`, `--refugees`, `--threads`, ...), the same way everywhere:
/// a whole number written with digits, optionally grouped by `_` or `,` (`1_000_000`,
/// `1,000,000`), or in exponent form when its value is whole (`1e6`, `2.5e5`). Negative
/// numbers and fractions (`1.5`, `1.5e0`) are refused.
///
/// # Errors
/// A message saying which forms are accepted.
pub(crate) fn parse_count(text: &str) -> std::result::Result<u64, String> {
    let t = text.trim();
    let bad = || {
        format!("`{text}` is not a whole number (write e.g. 1000000, 1_000_000, 1,000,000 or 1e6)")
    };
    if t.is_empty() || t.starts_with(['-', '+', ',', '_']) {
        return Err(bad());
    }
    let plain: String = t.chars().filter(|c| *c != '_' && *c != ',').collect();
    if plain.chars().all(|c| c.is_ascii_digit()) {
        return plain
            .parse::<u64>()
            .map_err(|_| format!("`{text}` is too large"));
    }
    if t.contains(['_', ',']) || !t.contains(['e', 'E']) {
        return Err(bad());
    }
    let x: f64 = t.parse().map_err(|_| bad())?;
    if !x.is_finite() || x < 0.0 || x.fract() != 0.0 {
        return Err(bad());
    }
    if x >= u64::MAX as f64 {
        return Err(format!("`{text}` is too large"));
    }
    Ok(x as u64)
}

/// [`parse_count`] for a `usize` flag.
pub(crate) fn parse_count_usize(text: &str) -> std::result::Result<usize, String> {
    parse_count(text).and_then(|n| usize::try_from(n).map_err(|_| format!("`{text}` is too large")))
}

/// [`parse_count`] for a flag that takes a number of people as a float.
pub(crate) fn parse_count_f64(text: &str) -> std::result::Result<f64, String> {
    parse_count(text).map(|n| n as f64)
}

/// Threads per core beyond which `--threads` is capped: more only adds switching, and tens
/// of thousands of threads take minutes to start.
const THREADS_PER_CORE: usize = 4;

/// The number of worker threads for `--threads`: absent or 0 means one per core; more than
/// [`THREADS_PER_CORE`] per core is capped there, with a note on standard error.
pub(crate) fn thread_count(threads: Option<usize>) -> Option<usize> {
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
pub(crate) fn with_threads<T: Send>(
    threads: Option<usize>,
    work: impl FnOnce() -> T + Send,
) -> Result<T> {
    match thread_count(threads) {
        None => Ok(work()),
        Some(n) => rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .map(|pool| pool.install(work))
            .map_err(|e| crate::Error::Runtime(format!("cannot start {n} threads: {e}"))),
    }
}

/// Runs a parsed command line.
///
/// # Errors
/// Whatever the command reports; [`crate::Error::exit_code`] says how to exit.
pub fn run(cli: Cli) -> Result<()> {
    let world = || -> Result<Cow<'static, World>> {
        match &cli.data {
            Some(dir) => World::load(dir).map(Cow::Owned),
            None => World::embedded().map(Cow::Borrowed),
        }
    };
    match &cli.command {
        Command::Run(args) => run::run(args, &*world()?),
        Command::Compare(args) => compare::run(args, &*world()?),
        Command::Power(args) => power::run(args, &*world()?),
        Command::Replay(args) => replay::run(args, &*world()?),
        Command::Calibrate {
            what: CalibrateCommand::Votes(args),
        } => calibrate_votes::run(args, &*world()?),
        Command::Calibrate {
            what: CalibrateCommand::Flows(args),
        } => calibrate_flows::run(args, &*world()?),
        Command::Predict {
            what: PredictCommand::Votes(args),
        } => predict::run(args, &*world()?),
        Command::Flows(args) => flows::run(args, &*world()?),
        Command::Distribute(args) => distribute::run(args, &*world()?),
        Command::Sweep(args) => sweep::run(args, &*world()?),
        Command::Merge(args) => merge::run(args),
        Command::List(args) => match args.what {
            ListWhat::Reforms => reforms::list(&*world()?, &args.output),
            what => world::list(&*world()?, what, &args.filters, &args.output),
        },
        Command::Show(args) => match args.what {
            ShowWhat::Reform => reforms::show(&*world()?, &args.id, &args.output),
            what => world::show(&*world()?, what, &args.id, &args.output),
        },
        Command::Data {
            action:
                DataCommand::Build {
                    from,
                    out,
                    curated,
                    window,
                    allow_missing,
                },
        } => world::data_build_with(from, out, curated, window, *allow_missing),
    }
}

#[cfg(test)]
mod tests {
    use super::parse_count;

    #[test]
    fn counts_read_the_same_forms_everywhere() {
        for (text, n) in [
            ("1000000", 1_000_000),
            ("1_000_000", 1_000_000),
            ("1,000,000", 1_000_000),
            ("1e6", 1_000_000),
            ("1E6", 1_000_000),
            ("2.5e5", 250_000),
            ("0", 0),
            (" 7 ", 7),
        ] {
            assert_eq!(parse_count(text), Ok(n), "{text}");
        }
        for text in [
            "1.5e0",
            "1.5",
            "-1",
            "1e-3",
            "abc",
            "",
            "1e400",
            "99999999999999999999",
            "1.0",
        ] {
            assert!(parse_count(text).is_err(), "{text}");
        }
    }
}
