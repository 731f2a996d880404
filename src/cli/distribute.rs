//! `veto-sim distribute --key eu|un|regional (--refugees N | --conflict ID)`: share refugees
//! among states by a distribution key.
//!
//! `--refugees N` shares a number (the regional key needs `--origin ISO3`); `--conflict ID`
//! shares that conflict's refugees and asylum seekers as UNHCR counts them in the latest year,
//! or, with `--averted REFORM`, the mean number the reform would have averted
//! (`veto-sim flows`). Per state: its share, the refugees allocated, per 1,000 inhabitants and
//! per US$1 billion of GDP, against where these refugees are today, and the load per 1,000
//! inhabitants before and after; then the Gini coefficient of that load over the key's states,
//! before and after. Definitions and weights: [`crate::flows::keys`] and
//! `data/flows/priors.yaml`.

use super::progress::PhaseBar;
use std::path::PathBuf;

use clap::Args;
use serde::Serialize;

use super::OutputArgs;
use super::calibrate_flows::priors_from;
use super::run::{check_trials, csv_header, with_threads};
use crate::error::{Error, Result};
use crate::flows::destinations::observed;
use crate::flows::keys::{Allocation, Key, allocate};
use crate::flows::run::{FlowsOptions, estimate};
use crate::report::thousands;
use crate::report::{Format, Table, emit, to_json};
use crate::rules::catalog;
use crate::vote::ModelParams;
use crate::world::World;

/// The seed of the estimate behind --averted, as everywhere else.
const DEFAULT_SEED: u64 = super::DEFAULT_SEED;

/// `veto-sim distribute`.
#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("what").required(true).args(["refugees", "conflict"]))]
pub struct DistributeArgs {
    /// The distribution key.
    #[arg(long, value_enum)]
    pub key: Key,
    /// A number of refugees to share out.
    #[arg(long, value_parser = super::parse_count_f64, value_name = "N")]
    pub refugees: Option<f64>,
    /// A conflict whose refugees to share out (its UNHCR stock in the latest year).
    #[arg(long, value_name = "ID")]
    pub conflict: Option<String>,
    /// With --conflict: share out the mean refugees this reform would have averted instead.
    #[arg(
        long,
        value_name = "REFORM",
        requires = "conflict",
        conflicts_with = "refugees"
    )]
    pub averted: Option<String>,
    /// The origin for the regional key with --refugees (ISO3; a conflict names its own).
    #[arg(long, value_name = "ISO3", conflicts_with = "conflict")]
    pub origin: Option<String>,
    /// A flow parameter file replacing data/flows/priors.yaml.
    #[arg(long, value_name = "FILE")]
    pub priors: Option<PathBuf>,
    /// With --averted: flow trials (and simulated votes per draft) [default: 100000].
    #[arg(long, value_name = "N", value_parser = super::parse_count)]
    pub trials: Option<u64>,
    /// With --averted: master seed [default: 1].
    #[arg(long, value_name = "S", value_parser = super::parse_count)]
    pub seed: Option<u64>,
    /// Worker threads for --averted: 0 or absent for one per core, at most 4 per core (more is
    /// capped, with a note). The output does not depend on it.
    #[arg(long, value_name = "N", value_parser = super::parse_count_usize)]
    pub threads: Option<usize>,
    /// No progress spinner on the terminal.
    #[arg(long, short)]
    pub quiet: bool,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// What `distribute` records about its run.
#[derive(Debug, Clone, Serialize)]
pub struct DistributeMeta {
    /// `veto-sim`.
    pub tool: &'static str,
    /// The crate version.
    pub version: &'static str,
    /// The world's hash.
    pub world_hash: String,
    /// The key.
    pub key: Key,
    /// The parameter file.
    pub priors: String,
}

/// The result of `veto-sim distribute`.
#[derive(Debug, Clone, Serialize)]
pub struct DistributeReport {
    /// How to reproduce it.
    pub meta: DistributeMeta,
    /// The plan.
    pub allocation: Allocation,
}

/// Runs the command.
///
/// # Errors
/// Bad input (exit 2): an unknown key, conflict, origin or reform, a negative number; or a
/// failure to write.
pub fn run(args: &DistributeArgs, world: &World) -> Result<()> {
    let bar = PhaseBar::spinner(args.quiet, "sharing refugees out");
    // Flags that only the estimate behind --averted reads are refused without it, rather than
    // silently ignored.
    if args.averted.is_none() {
        for (flag, given) in [
            ("--trials", args.trials.is_some()),
            ("--seed", args.seed.is_some()),
            ("--threads", args.threads.is_some()),
        ] {
            if given {
                return Err(Error::Usage(format!(
                    "{flag} applies only with --averted (it sets the estimate of averted refugees): add --averted REFORM or drop {flag}"
                )));
            }
        }
    }
    if args.origin.is_some() && args.key != Key::Regional {
        return Err(Error::Usage(format!(
            "--origin is read by --key regional only; --key {} shares among the same states whatever the origin: drop --origin or use --key regional",
            match args.key {
                Key::Eu => "eu",
                Key::Un => "un",
                Key::Regional => "regional",
            }
        )));
    }
    let seed = args.seed.unwrap_or(DEFAULT_SEED);
    crate::flows::require_tables(world)?;
    let priors = priors_from(args.priors.as_ref(), world)?;
    let (refugees, what, origin, today) = match (&args.refugees, &args.conflict) {
        (Some(n), None) => {
            if !(n.is_finite() && *n >= 0.0) {
                return Err(Error::Usage(format!(
                    "--refugees must be a number of at least 0, got {n}"
                )));
            }
            let origin = match &args.origin {
                Some(o) => {
                    let code = o.trim().to_ascii_uppercase();
                    if world.host(&code).is_none() {
                        world.require_state(o)?;
                    }
                    vec![code]
                }
                None => Vec::new(),
            };
            (*n, format!("{} refugees", thousands(*n)), origin, None)
        }
        (None, Some(id)) => {
            if args.origin.is_some() {
                return Err(Error::Usage(
                    "--origin is for --refugees; a conflict has its own origin".into(),
                ));
            }
            let conflict = world
                .conflicts
                .iter()
                .find(|c| c.id == *id)
                .ok_or_else(|| {
                    Error::Usage(format!(
                        "unknown conflict `{id}`{}; `veto-sim list conflicts` shows them",
                        crate::error::did_you_mean(
                            id,
                            world.conflicts.iter().map(|c| c.id.as_str())
                        )
                    ))
                })?;
            let latest = observed(conflict, "latest").ok_or_else(|| {
                Error::Usage(format!(
                    "UNHCR records no refugees or asylum seekers from conflict `{id}`"
                ))
            })?;
            let today: Vec<(String, f64)> = conflict
                .destinations_on(&latest.basis)
                .iter()
                .map(|d| (d.asylum_code.clone(), d.total as f64))
                .collect();
            match &args.averted {
                None => (
                    latest.total as f64,
                    format!(
                        "the refugees and asylum seekers from {} ({}) that UNHCR counts in {}",
                        conflict.origin.join(";"),
                        conflict.id,
                        latest.year
                    ),
                    conflict.origin.clone(),
                    Some(today),
                ),
                Some(reform) => {
                    let trials = check_trials(args.trials.unwrap_or(100_000))?;
                    let codes = world.state_codes();
                    let rule = catalog::reform(reform, &codes)?;
                    let options = FlowsOptions {
                        conflicts: vec![id.clone()],
                        rules: vec![rule],
                        trials,
                        vote_trials: crate::replay::DEFAULT_TRIALS,
                        seed,
                        window: "era".to_string(),
                        by_year: false,
                        model: ModelParams::embedded()?,
                        priors: priors.clone(),
                        hypothetical: None,
                    };
                    let report =
                        with_threads(args.threads, || estimate(world, &options, &|_| {}))??;
                    let c = &report.conflicts[0];
                    let r = c
                        .rules
                        .iter()
                        .find(|r| r.rule == *reform)
                        .expect("the reform is in the run");
                    (
                        r.refugees.mean.max(0.0),
                        format!(
                            "the mean refugees `{reform}` would have averted from {} ({} trials, seed {}; 90% interval {} to {}, P(averted > 0) {:.2}), placed today as UNHCR's {} shares",
                            conflict.id,
                            trials,
                            seed,
                            thousands(r.refugees.p05),
                            thousands(r.refugees.p95),
                            r.refugees.p_positive,
                            latest.year
                        ),
                        conflict.origin.clone(),
                        Some(today),
                    )
                }
            }
        }
        _ => {
            return Err(Error::Usage(
                "give exactly one of --refugees N and --conflict ID".into(),
            ));
        }
    };
    let allocation = allocate(
        world,
        &priors,
        args.key,
        refugees,
        &what,
        &origin,
        today.as_deref(),
    )?;
    let report = DistributeReport {
        meta: DistributeMeta {
            tool: "veto-sim",
            version: env!("CARGO_PKG_VERSION"),
            world_hash: world.hash().to_string(),
            key: args.key,
            priors: priors.file.clone(),
        },
        allocation,
    };
    bar.finish();
    emit(
        args.output.out.as_deref(),
        &render(&report, args.output.format)?,
    )
}

fn per(x: f64, decimals: usize) -> String {
    if x.is_finite() {
        format!("{x:.decimals$}")
    } else {
        "-".into()
    }
}

fn states_table(a: &Allocation) -> Table {
    let mut t = Table::new([
        "state",
        "name",
        "share",
        "allocated",
        "per 1,000 inhabitants",
        "per US$1bn GDP",
        "there today",
        "change",
        "hosted now (all)",
        "load per 1,000 before",
        "after",
    ]);
    for s in &a.states {
        t.push([
            s.code.clone(),
            if s.in_key {
                s.name.clone()
            } else {
                format!("{} (outside the key)", s.name)
            },
            format!("{:.2}%", 100.0 * s.share),
            thousands(s.allocated),
            per(s.per_1000, 2),
            per(s.per_gdp_bn, 1),
            thousands(s.today),
            thousands(s.change),
            thousands(s.hosted_now),
            per(s.load_before, 2),
            per(s.load_after, 2),
        ]);
    }
    t
}

/// Renders the report.
///
/// # Errors
/// Only a failure to serialise.
pub fn render(report: &DistributeReport, format: Format) -> Result<String> {
    let a = &report.allocation;
    let m = &report.meta;
    let head = format!(
        "Distribution by the `{}` key of {}: {} refugees among {} states; veto-sim {}, world {}",
        a.key.as_str(),
        a.what,
        thousands(a.refugees),
        a.states.iter().filter(|s| s.in_key).count(),
        m.version,
        &m.world_hash[..12.min(m.world_hash.len())]
    );
    let gini = format!(
        "Gini coefficient of refugees hosted per 1,000 inhabitants over the key's states (each state one observation): {:.3} today, {:.3} after the plan.",
        a.gini_before, a.gini_after
    );
    let notes: String = a.notes.iter().map(|n| format!("- {n}\n")).collect();
    let sources: String = a.sources.iter().map(|n| format!("- {n}\n")).collect();
    Ok(match format {
        Format::Json => to_json(report)?,
        Format::Csv => {
            let mut t = Table::new([
                "code",
                "in_key",
                "share",
                "allocated",
                "per_1000",
                "per_gdp_bn",
                "today",
                "change",
                "hosted_now",
                "load_before",
                "load_after",
            ]);
            for s in &a.states {
                t.push([
                    s.code.clone(),
                    s.in_key.to_string(),
                    s.share.to_string(),
                    s.allocated.to_string(),
                    s.per_1000.to_string(),
                    s.per_gdp_bn.to_string(),
                    s.today.to_string(),
                    s.change.to_string(),
                    s.hosted_now.to_string(),
                    s.load_before.to_string(),
                    s.load_after.to_string(),
                ]);
            }
            #[derive(Serialize)]
            struct Summary<'a> {
                what: &'a str,
                refugees: f64,
                gini_before: f64,
                gini_after: f64,
                notes: &'a [String],
            }
            format!(
                "{}{}",
                csv_header(
                    &report.meta,
                    &Summary {
                        what: &a.what,
                        refugees: a.refugees,
                        gini_before: a.gini_before,
                        gini_after: a.gini_after,
                        notes: &a.notes,
                    }
                )?,
                t.to_csv()?
            )
        }
        Format::Table => format!(
            "{head}\n\n{gini}\n\n{}\nThe key:\n{notes}\nSources:\n{sources}",
            states_table(a).to_text()
        ),
        Format::Markdown => format!(
            "{head}\n\n{gini}\n\n{}\nThe key:\n\n{notes}\nSources:\n\n{sources}",
            states_table(a).to_markdown()
        ),
    })
}
