//! Sharing refugees among states by a distribution key (`veto-sim distribute`): a number, a
//! conflict's refugees as UNHCR counts them, or the mean a reform would have averted there
//! (the flows estimate chained into the allocation).

use serde::Serialize;

use super::{check_trials, with_threads};
use crate::error::{Error, Result};
use crate::flows::destinations::observed;
use crate::flows::keys::{Allocation, Key, allocate};
use crate::flows::priors::FlowPriors;
use crate::flows::run::{FlowsOptions, estimate};
use crate::rules::catalog;
use crate::table::thousands;
use crate::vote::ModelParams;
use crate::world::World;

/// The refugees a reform would have averted in one conflict: the flows estimate that
/// `distribute --averted` and `centres --averted` take their numbers from.
pub(crate) struct Averted<'a> {
    /// The conflict's id.
    pub conflict: &'a str,
    /// The reform.
    pub rule: crate::rules::Rule,
    /// Trials of the flow priors.
    pub trials: u64,
    /// The master seed.
    pub seed: u64,
    /// Whether to estimate year by year.
    pub by_year: bool,
}

impl Averted<'_> {
    /// Runs the estimate with the embedded vote model, the era's alignment and the replay's
    /// vote trials, on `threads` threads.
    pub(crate) fn estimate(
        self,
        world: &World,
        priors: &FlowPriors,
        threads: Option<usize>,
    ) -> Result<crate::flows::run::FlowsReport> {
        let flows = FlowsOptions {
            conflicts: vec![self.conflict.to_string()],
            rules: vec![self.rule],
            trials: self.trials,
            vote_trials: crate::replay::DEFAULT_TRIALS,
            seed: self.seed,
            window: "era".to_string(),
            by_year: self.by_year,
            model: ModelParams::embedded()?,
            priors: priors.clone(),
            hypothetical: None,
        };
        with_threads(threads, || estimate(world, &flows, &|_| {}))?
    }
}

/// How many refugees to share out.
#[derive(Debug, Clone, PartialEq)]
pub enum Amount {
    /// A number of refugees (the regional key needs an origin).
    Refugees {
        /// How many.
        count: f64,
        /// The origin (ISO3), for the regional key.
        origin: Option<String>,
    },
    /// A conflict's refugees and asylum seekers in UNHCR's latest year.
    Conflict {
        /// The conflict's id.
        id: String,
        /// Share out the mean refugees this catalog reform would have averted instead.
        averted: Option<String>,
    },
}

/// What [`distribute`] shares out, and how.
#[derive(Debug, Clone)]
pub struct DistributeOptions {
    /// The distribution key.
    pub key: Key,
    /// The refugees.
    pub amount: Amount,
    /// The flow priors (the keys' weights); [`super::priors_from`] reads them.
    pub priors: FlowPriors,
    /// With `averted`: flow trials and simulated votes per draft (default 100,000).
    pub trials: Option<u64>,
    /// With `averted`: the master seed (default 1).
    pub seed: Option<u64>,
    /// Worker threads of the estimate behind `averted` (see [`super::thread_count`]).
    pub threads: Option<usize>,
}

/// What `distribute` records about its run.
#[derive(Debug, Clone, Serialize)]
pub struct DistributeMeta {
    /// The tool, its version and the world.
    #[serde(flatten)]
    pub provenance: crate::world::Provenance,
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

/// The seed of the estimate behind `averted`, as everywhere else.
const DEFAULT_SEED: u64 = 1;

/// Shares the refugees out by the key.
///
/// # Errors
/// Bad input (exit 2): an unknown conflict, origin or reform, a negative number.
pub fn distribute(world: &World, options: &DistributeOptions) -> Result<DistributeReport> {
    crate::flows::require_tables(world)?;
    let seed = options.seed.unwrap_or(DEFAULT_SEED);
    let priors = &options.priors;
    let (refugees, what, origin, today) = match &options.amount {
        Amount::Refugees { count: n, origin } => {
            if !(n.is_finite() && *n >= 0.0) {
                return Err(Error::Usage(format!(
                    "--refugees must be a number of at least 0, got {n}"
                )));
            }
            let origin = match origin {
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
        Amount::Conflict { id, averted } => {
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
            match averted {
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
                    let trials = check_trials(options.trials.unwrap_or(100_000))?;
                    let codes = world.state_codes();
                    let rule = catalog::reform(reform, &codes)?;
                    let averted = Averted {
                        conflict: id,
                        rule,
                        trials,
                        seed,
                        by_year: false,
                    };
                    let report = averted.estimate(world, priors, options.threads)?;
                    let c = &report.conflicts[0];
                    let r = c.rules.iter().find(|r| r.rule == *reform).ok_or_else(|| {
                        Error::Runtime(format!("the estimate holds no rule `{reform}`"))
                    })?;
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
    };
    let allocation = allocate(
        world,
        priors,
        options.key,
        refugees,
        &what,
        &origin,
        today.as_deref(),
    )?;
    Ok(DistributeReport {
        meta: DistributeMeta {
            provenance: crate::world::Provenance::of(world),
            key: options.key,
            priors: priors.file.clone(),
        },
        allocation,
    })
}
