//! `veto-sim run [SCENARIO]`: every draft of a scenario under every rule, on the same votes.
//!
//! Without an argument the embedded default scenario runs: the 2026 Council and the annotated
//! drafts vetoed since 2011 under `present`, `abolish-veto`, `two-negatives`, `restraint`,
//! `assembly-override` and `g4`. The table gives, per rule, the expected number of those drafts
//! adopted with its Monte Carlo standard error and a 90% predictive interval, then each draft's
//! probability of adoption under each rule. CSV and JSON record the seed, the trials, the
//! version, the world's hash and the full resolved configuration.

use std::io::IsTerminal;

use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::OutputArgs;
use crate::error::{Error, Result};
use crate::report::{Format, Table, emit, to_json};
use crate::scenario::{self, RunReport};
use crate::world::World;

/// `veto-sim run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// A scenario file (YAML) or the name of a shipped scenario (default, syria,
    /// enlarged-councils); the default scenario when absent.
    #[arg(value_name = "SCENARIO")]
    pub scenario: Option<String>,
    /// Trials per draft (overrides the scenario's).
    #[arg(long, value_parser = super::parse_count, value_name = "N")]
    pub trials: Option<u64>,
    /// Master seed (overrides the scenario's).
    #[arg(long, value_parser = super::parse_count, value_name = "S")]
    pub seed: Option<u64>,
    /// Also compute the exact probability of adoption for rules with a fixed seating.
    #[arg(long)]
    pub exact: bool,
    /// Skip the refugee-flow estimate of a scenario that asks for one (`flows: true`).
    #[arg(long)]
    pub no_flows: bool,
    /// Worker threads: 0 or absent for one per core, at most 4 per core (more is capped, with a
    /// note). The output does not depend on it.
    #[arg(long, value_parser = super::parse_count_usize, value_name = "N")]
    pub threads: Option<usize>,
    /// No progress bar.
    #[arg(long, short)]
    pub quiet: bool,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// A progress bar on standard error for `total` trials, hidden when stderr is not a terminal,
/// with `quiet`, or when the run is short.
pub(crate) fn progress_bar(total: u64, quiet: bool) -> ProgressBar {
    if quiet || total < 2_000_000 || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} {elapsed_precise} [{bar:40}] {percent}% trials, eta {eta}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    bar
}

pub(crate) use super::with_threads;

/// Checks a `--trials` value.
pub(crate) fn check_trials(trials: u64) -> Result<u64> {
    if trials == 0 || trials > scenario::MAX_TRIALS {
        return Err(Error::Usage(format!(
            "--trials must be from 1 to {}, got {trials}",
            scenario::MAX_TRIALS
        )));
    }
    Ok(trials)
}

/// Runs the scenario and writes the result.
///
/// # Errors
/// A bad scenario (exit 2) or failure to write.
pub fn run(args: &RunArgs, world: &World) -> Result<()> {
    let mut scenario =
        scenario::load(args.scenario.as_deref().unwrap_or(scenario::DEFAULT), world)?;
    if let Some(t) = args.trials {
        scenario.trials = check_trials(t)?;
    }
    if let Some(s) = args.seed {
        scenario.seed = s;
    }
    let bar = progress_bar(scenario.trials * scenario.drafts.len() as u64, args.quiet);
    let mut report = with_threads(args.threads, || {
        scenario::run(&scenario, world, args.exact, &|n| bar.inc(n))
    })??;
    bar.finish_and_clear();
    if scenario.flows && !args.no_flows {
        report.flows = Some(with_threads(args.threads, || {
            scenario::flows(&scenario, world, &|_| {})
        })??);
    }
    emit(
        args.output.out.as_deref(),
        &render(&report, args.output.format)?,
    )
}

fn f3(x: f64) -> String {
    format!("{x:.3}")
}

/// The rule totals as a table.
fn totals_table(report: &RunReport) -> Table {
    let first = report
        .totals
        .first()
        .map(|t| t.rule.clone())
        .unwrap_or_default();
    let mut t = Table::new([
        "rule",
        "expected adopted",
        "MC s.e.",
        "90% interval",
        &format!("vs {first}"),
        "s.e.",
    ]);
    for total in &report.totals {
        let diff = report
            .differences
            .iter()
            .find(|d| d.a == first && d.b == total.rule);
        let (d, se) = match diff {
            Some(d) => (
                format!("{:+.3}", -d.difference),
                format!("{:.3}", d.std_error),
            ),
            None => (String::new(), String::new()),
        };
        t.push([
            total.rule.clone(),
            format!("{:.3}", total.expected_adopted),
            format!("{:.3}", total.std_error),
            format!("{}-{}", total.interval90[0], total.interval90[1]),
            d,
            se,
        ]);
    }
    t
}

/// Per draft, the probability of adoption under each rule.
fn drafts_table(report: &RunReport, exact: bool) -> Table {
    let mut headers = vec![
        "draft".to_string(),
        "year".into(),
        "kind".into(),
        "atrocity".into(),
    ];
    for rule in &report.config.rules {
        headers.push(rule.name.clone());
        if exact {
            headers.push(format!("{} exact", rule.name));
        }
    }
    let mut t = Table::new(headers);
    for d in &report.drafts {
        let mut row = vec![
            d.draft.clone(),
            d.year.to_string(),
            d.kind.to_string(),
            if d.atrocity { "yes" } else { "no" }.to_string(),
        ];
        for cell in &d.rules {
            row.push(f3(cell.adoption.estimate));
            if exact {
                row.push(cell.exact.map_or("-".to_string(), f3));
            }
        }
        t.push(row);
    }
    t
}

/// The long table of CSV output: one row per draft and rule.
fn long_table(report: &RunReport) -> Table {
    let mut t = Table::new([
        "draft",
        "year",
        "council",
        "kind",
        "atrocity",
        "rule",
        "p_adopt",
        "lower95",
        "upper95",
        "std_error",
        "adopted_trials",
        "trials",
        "p_blocked_by_veto",
        "p_assembly_adoption",
        "mean_yes",
        "exact",
    ]);
    for d in &report.drafts {
        for c in &d.rules {
            t.push([
                d.draft.clone(),
                d.year.to_string(),
                d.council.to_string(),
                d.kind.to_string(),
                d.atrocity.to_string(),
                c.rule.clone(),
                c.adoption.estimate.to_string(),
                c.adoption.lower.to_string(),
                c.adoption.upper.to_string(),
                c.adoption.std_error.to_string(),
                c.adoption.count.to_string(),
                c.adoption.trials.to_string(),
                c.blocked_by_veto.to_string(),
                c.assembly_adoption.to_string(),
                c.mean_yes.to_string(),
                c.exact.map_or(String::new(), |x| x.to_string()),
            ]);
        }
    }
    t
}

/// `#` comment lines that put the run's record at the head of a CSV file (read it with, e.g.,
/// `pandas.read_csv(path, comment="#")`).
pub(crate) fn csv_header(
    meta: &impl serde::Serialize,
    config: &impl serde::Serialize,
) -> Result<String> {
    let meta = serde_json::to_string(meta)
        .map_err(|e| Error::Runtime(format!("cannot write JSON: {e}")))?;
    let config = serde_json::to_string(config)
        .map_err(|e| Error::Runtime(format!("cannot write JSON: {e}")))?;
    Ok(format!("# meta: {meta}\n# config: {config}\n"))
}

/// Renders a run report.
///
/// # Errors
/// Only a failure to serialise.
pub fn render(report: &RunReport, format: Format) -> Result<String> {
    let exact = report
        .drafts
        .iter()
        .any(|d| d.rules.iter().any(|c| c.exact.is_some()));
    let m = &report.meta;
    let council = match &report.config.council {
        Some(scenario::CouncilChoice::Year(y)) => format!("the {y} Council"),
        Some(scenario::CouncilChoice::Members(c)) => {
            format!("a Council of {} named members", c.members.len())
        }
        None => "each draft's own Council".to_string(),
    };
    let title = format!(
        "Scenario `{}`: {} drafts before {council}; {} trials per draft, seed {}, veto-sim {}, world {}",
        report.config.scenario,
        report.drafts.len(),
        m.trials,
        m.seed,
        m.version,
        &m.world_hash[..12.min(m.world_hash.len())]
    );
    let totals_title = format!(
        "Expected number of the {} drafts adopted, per rule",
        report.drafts.len()
    );
    let drafts_title = "Probability of adoption, per draft and rule";
    let flows_text = |markdown: bool| -> String {
        let Some(f) = &report.flows else {
            return String::new();
        };
        let title = format!(
            "Refugees averted had the drafts on the world's {} conflicts passed, per rule (mean and 90% interval over the vote outcomes and the priors; `veto-sim flows` for the detail)",
            f.conflicts.len()
        );
        let table = super::flows::totals_table(f);
        if markdown {
            format!(
                "\n### {title}\n\n{}\n{}",
                table.to_markdown(),
                super::flows::sources_text(f, true)
            )
        } else {
            format!(
                "\n{title}\n\n{}\n{}",
                table.to_text(),
                super::flows::sources_text(f, false)
            )
        }
    };
    Ok(match format {
        Format::Json => to_json(report)?,
        Format::Csv => format!(
            "{}{}",
            csv_header(&report.meta, &report.config)?,
            long_table(report).to_csv()?
        ),
        Format::Table => format!(
            "{title}\n\n{totals_title}\n\n{}\n{drafts_title}\n\n{}{}",
            totals_table(report).to_text(),
            drafts_table(report, exact).to_text(),
            flows_text(false)
        ),
        Format::Markdown => format!(
            "{title}\n\n### {totals_title}\n\n{}\n### {drafts_title}\n\n{}{}",
            totals_table(report).to_markdown(),
            drafts_table(report, exact).to_markdown(),
            flows_text(true)
        ),
    })
}
