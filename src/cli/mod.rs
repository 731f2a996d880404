//! The command line: argument definitions (clap derive) and the dispatch to the library.
//!
//! `main.rs` parses [`Cli`] and calls [`run`]; every command writes its result through
//! [`crate::report::emit`], to standard output or atomically to `--out`.

mod calibrate_flows;
mod calibrate_language;
mod calibrate_votes;
mod centres;
mod compare;
mod distribute;
mod flows;
mod merge;
mod page;
mod power;
mod predict;
mod replay;
mod run;
mod sweep;
mod world;

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::error::Result;
use crate::report::Format;

/// What would reforming the UN Security Council veto change?
#[derive(Debug, Parser)]
#[command(
    name = "veto-sim",
    version,
    about,
    arg_required_else_help = true,
    after_help = "Examples:
  veto-sim run --trials 10000                          # the default scenario, quickly
  veto-sim replay --reforms present,abolish-veto       # every vetoed draft under two rules
  veto-sim compare --draft S/2011/612 --trials 10000   # rules side by side on one draft

`veto-sim COMMAND --help` shows each command's options and examples."
)]
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
    #[command(after_help = "Examples:
  veto-sim run                                   # the default scenario, exact
  veto-sim run syria --mc --trials 10000 --exact # a shipped scenario by Monte Carlo, exact beside it
  veto-sim run --trials 10000 --format csv --out run.csv   # one row per draft and rule")]
    Run(run::RunArgs),
    /// Compare rules on one draft, judged on the same simulated votes.
    #[command(after_help = "Examples:
  veto-sim compare --draft S/2011/612 --trials 10000            # the default rules on one draft
  veto-sim compare --draft S/2011/612 --reforms present,g4 --council 2026 --trials 10000
  veto-sim compare --draft S/2011/612 --trials 10000 --plot compare.svg   # and chart it")]
    Compare(compare::CompareArgs),
    /// Exact a-priori voting power (Shapley–Shubik, Banzhaf, Coleman) of a rule or weighted game.
    #[command(after_help = "Examples:
  veto-sim power --reform present                   # the Council as it votes today
  veto-sim power --reform two-negatives --format json   # a reform, for a script
  veto-sim power --rules data/reforms/g4.yaml       # any rule file")]
    Power(power::PowerArgs),
    /// List reforms, states, councils, vetoed drafts or conflicts.
    #[command(after_help = "Examples:
  veto-sim list reforms                          # the catalog of named reforms
  veto-sim list drafts --vetoed-by RUS --since 2011   # recent Russian vetoes
  veto-sim list councils --year 2026             # who sits on the Council")]
    List(ListArgs),
    /// Show one reform, state, draft or conflict.
    #[command(after_help = "Examples:
  veto-sim show reform two-negatives     # its rule file, to copy and edit
  veto-sim show draft S/2011/612         # one vetoed draft and its votes
  veto-sim show conflict syria           # a conflict and its drafts")]
    Show(ShowArgs),
    /// Replay every vetoed or failed draft under each reform, with the recorded votes.
    #[command(after_help = "Examples:
  veto-sim replay --trials 2000                              # every draft under every reform
  veto-sim replay --reforms present,abolish-veto --since 2011 --trials 2000
  veto-sim replay --reforms present,restraint --trials 2000 --plot replay.svg   # chart by decade")]
    Replay(replay::ReplayArgs),
    /// Estimate model parameters from the world's data.
    #[command(after_help = "Examples:
  veto-sim calibrate flows                       # the elasticity of refugees to battle deaths
  veto-sim calibrate votes --since 2010 --no-cv  # the vote model on recent drafts")]
    Calibrate {
        #[command(subcommand)]
        what: CalibrateCommand,
    },
    /// Per-vote probabilities from the pooled vote model for any file of votes.
    #[command(after_help = "Examples:
  veto-sim predict votes --votes data/drafts.csv --until 2019   # forecast the drafts from 2020 on")]
    Predict {
        #[command(subcommand)]
        what: PredictCommand,
    },
    /// Refugee flows with and without the interventions each reform would pass.
    #[command(after_help = "Examples:
  veto-sim flows --trials 2000                    # every conflict under every reform
  veto-sim flows --conflict syria --reforms abolish-veto,two-negatives --by-year --trials 2000
  veto-sim flows --conflict syria --trials 2000 --plot flows.svg   # chart one conflict")]
    Flows(flows::FlowsArgs),
    /// Share refugees among states by a distribution key.
    #[command(after_help = "Examples:
  veto-sim distribute --key eu --conflict syria            # Syria's refugees by the EU key
  veto-sim distribute --key un --refugees 1000000          # a million refugees among all states
  veto-sim distribute --key regional --refugees 50000 --origin SDN   # neighbours of an origin")]
    Distribute(distribute::DistributeArgs),
    /// UN-run asylum centres in the region: sites, uptake, decisions, resettlement.
    #[command(after_help = "Examples:
  veto-sim centres --origin SYR --year 2015                 # Syrian applicants in Europe, 2015
  veto-sim centres --origin AFG --year 2021 --key regional --uptake 0.3
  veto-sim centres --conflict syria --year 2015 --sites JOR,MAR --format json
  veto-sim centres --plan syria-2015 --format csv      # uptake × protection rate × key")]
    Centres(centres::CentresArgs),
    /// Run a grid of reform variants from a sweep file (resumable, shardable).
    #[command(after_help = "Examples:
  veto-sim sweep restraint-compliance --out rc --trials 500 --plot rc.svg   # lines along one axis
  veto-sim sweep rule-fields --out rf --trials 200 --shard 0/2   # one half, for `merge`
  veto-sim sweep model-priors --out mp --trials 200 --plot mp.svg --plot-metric refugees-averted")]
    Sweep(sweep::SweepArgs),
    /// Join sweep shards into the output of a single run.
    #[command(after_help = "Examples:
  veto-sim merge rf-0 rf-1 --out rf              # join the shards of `sweep --shard I/2`
  veto-sim merge rf-0 rf-1 --out rf --force --plot rf.svg   # replace, and chart the result")]
    Merge(merge::MergeArgs),
    /// One self-contained HTML page: summary, voting power, the record, today's Council,
    /// refugees, a distribution plan, methods and sources.
    #[command(after_help = "Examples:
  veto-sim report --out report.html                      # the default scenario, in seconds
  veto-sim report syria --key un --out syria.html         # a shipped scenario, the UN key
  veto-sim report --reforms present,abolish-veto --trials 20000 --out r.html")]
    Report(page::PageArgs),
    /// Build the embedded world from the raw public datasets.
    #[command(after_help = "Examples:
  veto-sim data build --from ../shared/data --out data   # rebuild the tables in data/")]
    Data {
        #[command(subcommand)]
        action: DataCommand,
    },
    /// Print a shell completion script to standard output.
    #[command(after_help = "Examples:
  veto-sim completions bash > ~/.local/share/bash-completion/completions/veto-sim
  veto-sim completions zsh > ~/.zfunc/_veto-sim       # with fpath+=~/.zfunc in ~/.zshrc
  veto-sim completions fish > ~/.config/fish/completions/veto-sim.fish")]
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) to standard output.
    #[command(after_help = "Examples:
  veto-sim man > ~/.local/share/man/man1/veto-sim.1   # then `man veto-sim`
  veto-sim man | man -l -                           # read it without installing")]
    Man,
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
    #[command(after_help = "Examples:
  veto-sim calibrate flows                        # the elasticity and the gravity model
  veto-sim calibrate flows --format json --out flows-fit.json")]
    Flows(calibrate_flows::CalibrateFlowsArgs),
    /// The regional key with and without a weight for a shared official language, scored
    /// against where refugees went.
    #[command(after_help = "Examples:
  veto-sim calibrate language                     # the weights 0, 0.5, 1, 2, 4 compared
  veto-sim calibrate language --weights 0,1 --format markdown")]
    Language(calibrate_language::CalibrateLanguageArgs),
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
    /// The columns of the text tables, by header, comma-separated (the first column always
    /// shows; a table with none of them is laid out as without this option), or `all`.
    /// Default: on a terminal, as many as fit its width; piped or to a file, all.
    #[arg(long, value_name = "LIST")]
    pub columns: Option<String>,
    /// Fit the text tables and notes to this many characters, as on a terminal that wide
    /// (also VETO_SIM_WIDTH; COLUMNS sets a terminal's width).
    #[arg(long, value_name = "N")]
    pub width: Option<usize>,
}

impl OutputArgs {
    /// Writes `report` in the chosen format to `--out` (atomically) or standard output.
    ///
    /// # Errors
    /// A report that cannot be rendered in the format; a failure to write.
    pub fn emit(&self, report: &dyn crate::report::Render) -> Result<()> {
        let text = report.render(self.format, &crate::report::RenderOptions::default())?;
        crate::report::emit(self.out.as_deref(), &text)
    }
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
    #[command(after_help = "Examples:
  veto-sim data build --from ../shared/data --out data       # rebuild the tables in data/
  veto-sim data build --from ../shared/data --out /tmp/world --window 2000-2009   # another window")]
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
        /// No progress bar on the terminal and no warnings on standard error (they are listed
        /// in the README.md written with the tables).
        #[arg(long, short)]
        quiet: bool,
    },
}

/// The master seed of every command that simulates, unless a scenario or sweep file sets one.
pub(crate) const DEFAULT_SEED: u64 = 1;

// Count flags read the forms every command accepts.
pub(crate) use crate::input::{parse_count, parse_count_f64, parse_count_usize, parse_std_error};

/// Runs a parsed command line.
///
/// # Errors
/// Whatever the command reports; [`crate::Error::exit_code`] says how to exit.
pub fn run(cli: Cli) -> Result<()> {
    check_flags(&cli)?;
    if let Some(output) = cli.command.output() {
        crate::fit::set(crate::fit::Layout::for_output(
            output.format == Format::Table,
            output.columns.as_deref(),
            output.width,
            output.out.is_some(),
        ));
        // A bad output path is said now, not after the whole computation.
        if let Some(out) = &output.out {
            crate::output::check(out)?;
        }
    }
    if let Some(dir) = cli.command.out_folder() {
        crate::output::check_out_folder(dir)?;
    }
    let world = || crate::api::load_world(cli.data.as_deref());
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
        Command::Calibrate {
            what: CalibrateCommand::Language(args),
        } => calibrate_language::run(args, &*world()?),
        Command::Predict {
            what: PredictCommand::Votes(args),
        } => predict::run(args, &*world()?),
        Command::Flows(args) => flows::run(args, &*world()?),
        Command::Distribute(args) => distribute::run(args, &*world()?),
        Command::Centres(args) => centres::run(args, &*world()?),
        Command::Sweep(args) => sweep::run(args, &*world()?),
        Command::Merge(args) => merge::run(args),
        Command::Report(args) => page::run(args, &*world()?, cli.data.as_deref()),
        Command::List(args) => world::list(&*world()?, args.what, &args.filters, &args.output),
        Command::Show(args) => world::show(&*world()?, args.what, &args.id, &args.output),
        Command::Data {
            action:
                DataCommand::Build {
                    from,
                    out,
                    curated,
                    window,
                    allow_missing,
                    quiet,
                },
        } => world::data_build(from, out, curated, window, *allow_missing, *quiet),
        Command::Completions { shell } => {
            let mut text = Vec::new();
            clap_complete::generate(*shell, &mut command(), "veto-sim", &mut text);
            crate::report::emit(None, &String::from_utf8_lossy(&text))
        }
        Command::Man => {
            let mut text = Vec::new();
            clap_mangen::Man::new(command())
                .render(&mut text)
                .map_err(|e| crate::Error::Runtime(format!("cannot write the man page: {e}")))?;
            crate::report::emit(None, &String::from_utf8_lossy(&text))
        }
    }
}

/// Refuses the flag combinations shared by many commands in which one flag would be silently
/// ignored because of another (each command refuses its own in its `run`).
///
/// # Errors
/// [`crate::Error::Usage`] naming both flags and why.
fn check_flags(cli: &Cli) -> Result<()> {
    let usage = |text: String| Err(crate::Error::Usage(text));
    if cli.data.is_some() {
        let reads_no_world = match &cli.command {
            Command::Merge(_) => Some("merge"),
            Command::Data { .. } => Some("data build"),
            Command::Completions { .. } => Some("completions"),
            Command::Man => Some("man"),
            _ => None,
        };
        if let Some(name) = reads_no_world {
            return usage(format!(
                "--data loads a world's tables, and `{name}` reads none: drop --data{}",
                if name == "data build" {
                    " (`data build` derives the tables from --from and writes them to --out)"
                } else {
                    ""
                }
            ));
        }
    }
    if let Some(output) = cli.command.output()
        && output.format != Format::Table
    {
        let format = output
            .format
            .to_possible_value()
            .map(|v| v.get_name().to_string());
        let format = format.unwrap_or_default();
        for (flag, given) in [
            ("--columns", output.columns.is_some()),
            ("--width", output.width.is_some()),
        ] {
            if given {
                return usage(format!(
                    "{flag} lays out the text tables, and --format {format} has none it would change: drop {flag} or --format {format}"
                ));
            }
        }
    }
    match &cli.command {
        Command::Show(a) if a.what == ShowWhat::Reform && a.output.columns.is_some() => usage(
            "--columns chooses the columns of text tables, and `show reform` prints a YAML rule file: drop --columns"
                .into(),
        ),
        Command::List(a) if a.what == ListWhat::Reforms => {
            world::check_filters("reforms", &a.filters, &[])
        }
        _ => Ok(()),
    }
}

/// The command line's definition (for completions, the man page and checks of the help).
pub fn command() -> clap::Command {
    <Cli as clap::CommandFactory>::command()
}

impl Command {
    /// The output folder of a command that writes one (`sweep`, `merge`, `data build`).
    fn out_folder(&self) -> Option<&std::path::Path> {
        match self {
            Command::Sweep(a) => Some(&a.out),
            Command::Merge(a) => Some(&a.out),
            Command::Data {
                action: DataCommand::Build { out, .. },
            } => Some(out),
            _ => None,
        }
    }

    /// The output options of a command that has them.
    fn output(&self) -> Option<&OutputArgs> {
        match self {
            Command::Run(a) => Some(&a.output),
            Command::Compare(a) => Some(&a.output),
            Command::Power(a) => Some(&a.output),
            Command::List(a) => Some(&a.output),
            Command::Show(a) => Some(&a.output),
            Command::Replay(a) => Some(&a.output),
            Command::Calibrate {
                what: CalibrateCommand::Votes(a),
            } => Some(&a.output),
            Command::Calibrate {
                what: CalibrateCommand::Flows(a),
            } => Some(&a.output),
            Command::Calibrate {
                what: CalibrateCommand::Language(a),
            } => Some(&a.output),
            Command::Predict {
                what: PredictCommand::Votes(a),
            } => Some(&a.output),
            Command::Flows(a) => Some(&a.output),
            Command::Distribute(a) => Some(&a.output),
            Command::Centres(a) => Some(&a.output),
            Command::Sweep(_)
            | Command::Report(_)
            | Command::Merge(_)
            | Command::Data { .. }
            | Command::Completions { .. }
            | Command::Man => None,
        }
    }
}
