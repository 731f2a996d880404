//! Options assembled from what a front end names: a scenario, rules or a conflict by name or
//! file, the flags that override a file's own values, and the defaults of each command. A
//! program or binding that takes names and paths, as `veto-sim` does, builds the same options
//! and gets the same refusals (exit code 2, naming the flag).

use std::path::PathBuf;

use clap::ValueEnum;

use super::{
    Amount, CentresInput, DistributeOptions, RunOptions, check_trials, model_params, priors_from,
    rules_from_list,
};
use crate::calibrate::CalibrateConfig;
use crate::error::{Error, Result};
use crate::flows::hypothetical::{SHIPPED, parse_hypothetical};
use crate::flows::keys::Key;
use crate::flows::run::{FlowsOptions, MAX_TRIALS};
use crate::replay::ReplayConfig;
use crate::rules::catalog;
use crate::scenario::{self, Method};
use crate::world::filter::date_bound;
use crate::world::{DraftFilter, FilterArgs, WindowChoice, World};

/// Checks the trials of a flows estimate: flow trials (all kept in memory, so at most
/// [`MAX_TRIALS`]) and simulated votes per draft.
///
/// # Errors
/// [`Error::Usage`] naming `--trials`.
pub fn check_flow_trials(trials: u64, vote_trials: u64) -> Result<()> {
    check_trials(trials)?;
    check_trials(vote_trials)?;
    if trials > MAX_TRIALS {
        return Err(Error::Usage(format!(
            "--trials keeps every trial in memory: at most {MAX_TRIALS}, got {trials}"
        )));
    }
    Ok(())
}

/// A scenario to run, by name or file, and what overrides it.
#[derive(Debug, Clone, Copy, Default)]
pub struct RunRequest<'a> {
    /// A scenario file (YAML) or a shipped scenario's name; the default scenario when absent.
    pub scenario: Option<&'a str>,
    /// Trials per draft, instead of the scenario's.
    pub trials: Option<u64>,
    /// Master seed, instead of the scenario's.
    pub seed: Option<u64>,
    /// With `mc`: the exact value beside the Monte Carlo estimate (exact is the default).
    pub exact: bool,
    /// Count adoption over Monte Carlo trials instead of computing it exactly.
    pub mc: bool,
    /// The standard error at which sampling stops.
    pub std_error: Option<f64>,
    /// Skip the scenario's *history* section.
    pub no_flows: bool,
    /// Worker threads.
    pub threads: Option<usize>,
}

impl RunRequest<'_> {
    /// The options of [`super::run`].
    ///
    /// # Errors
    /// A bad scenario or trials; a flag the scenario's sections would leave unread
    /// ([`Error::Usage`] naming it).
    pub fn options(&self, world: &World) -> Result<RunOptions> {
        let scenario = scenario::load(self.scenario.unwrap_or(scenario::DEFAULT), world)?;
        self.options_for(scenario)
    }

    /// The options of [`super::run`] for a scenario already read (from YAML text, say);
    /// `self.scenario` is not read.
    ///
    /// # Errors
    /// As [`RunRequest::options`], but for reading the scenario.
    pub fn options_for(&self, mut scenario: scenario::Scenario) -> Result<RunOptions> {
        if let Some(t) = self.trials {
            scenario.trials = check_trials(t)?;
        }
        if let Some(s) = self.seed {
            scenario.seed = s;
        }
        let name = &scenario.name;
        if self.no_flows && !scenario.flows {
            return Err(Error::Usage(format!(
                "--no-flows: scenario `{name}` has no history section to skip"
            )));
        }
        if (self.exact || self.mc || self.std_error.is_some()) && !scenario.today {
            let flag = if self.mc {
                "--mc"
            } else if self.std_error.is_some() {
                "--se"
            } else {
                "--exact"
            };
            return Err(Error::Usage(format!(
                "{flag}: scenario `{name}` has only the history section (`sections: [history]`), which replays the record and computes no probability of its own; drop {flag} or add the today section"
            )));
        }
        if self.no_flows && !scenario.today {
            return Err(Error::Usage(format!(
                "--no-flows: scenario `{name}` has only the history section; nothing would be left"
            )));
        }
        let method = match (self.mc, Method::DEFAULT) {
            (true, _) => Method::MonteCarlo {
                std_error: self.std_error,
                with_exact: self.exact,
            },
            (
                false,
                Method::Exact {
                    std_error,
                    max_seatings,
                },
            ) => Method::Exact {
                std_error: self.std_error.unwrap_or(std_error),
                max_seatings,
            },
            (false, mc) => mc,
        };
        Ok(RunOptions {
            scenario,
            method,
            flows: !self.no_flows,
            threads: self.threads,
        })
    }
}

/// The conflicts, rules and files of a flows estimate, by name.
#[derive(Debug, Clone, Copy)]
pub struct FlowsRequest<'a> {
    /// Conflict ids (none: every conflict with a linked draft).
    pub conflicts: &'a [String],
    /// Comma-separated catalog names and rule files; the whole catalog when absent.
    pub reforms: Option<&'a str>,
    /// A hypothetical conflict: a shipped name or a YAML file.
    pub scenario: Option<&'a str>,
    /// Flow trials per conflict and rule.
    pub trials: u64,
    /// Simulated votes per draft [default: as `replay`'s].
    pub vote_trials: Option<u64>,
    /// Master seed.
    pub seed: u64,
    /// The alignment window: `era` or a window's name.
    pub window: &'a str,
    /// A vote-model parameter file instead of the embedded one.
    pub model: Option<&'a PathBuf>,
    /// A flow parameter file instead of the embedded one.
    pub priors: Option<&'a PathBuf>,
    /// By-year intervals for every conflict (always kept for named or hypothetical ones).
    pub by_year: bool,
}

impl FlowsRequest<'_> {
    /// The options of the estimate.
    ///
    /// # Errors
    /// Bad trials, an unknown window, reform or hypothetical conflict, a bad file.
    pub fn options(&self, world: &World) -> Result<FlowsOptions> {
        let vote_trials = self.vote_trials.unwrap_or(crate::replay::DEFAULT_TRIALS);
        check_flow_trials(self.trials, vote_trials)?;
        let priors = priors_from(self.priors, world)?;
        let (model, _) = model_params(self.model)?;
        WindowChoice::parse(self.window, world)?;
        let rules = match self.reforms {
            Some(list) => rules_from_list(list, world)?,
            None => catalog::all(&world.state_codes())?,
        };
        let hypothetical = match self.scenario {
            Some(p) => {
                let input =
                    crate::input::shipped_or_file(p, SHIPPED, "flows", "hypothetical conflict")?;
                Some(parse_hypothetical(&input.text, &input.file, world)?)
            }
            None => None,
        };
        let detailed = !self.conflicts.is_empty() || hypothetical.is_some();
        Ok(FlowsOptions {
            conflicts: self
                .conflicts
                .iter()
                .map(|c| c.trim().to_string())
                .collect(),
            rules,
            trials: self.trials,
            vote_trials,
            seed: self.seed,
            window: self.window.to_string(),
            by_year: self.by_year || detailed,
            model,
            priors,
            hypothetical,
        })
    }
}

/// The rules, drafts and model of a replay, by name.
#[derive(Debug, Clone, Copy)]
pub struct ReplayRequest<'a> {
    /// Catalog names and rule files (`.yaml`, `.yml`); the whole catalog when empty.
    pub reforms: &'a [String],
    /// Which drafts.
    pub filter: FilterArgs<'a>,
    /// Trials per modelled draft and rule.
    pub trials: u64,
    /// Master seed.
    pub seed: u64,
    /// A vote-model parameter file instead of the embedded one.
    pub model: Option<&'a PathBuf>,
    /// The alignment window: `era` or a window's name.
    pub window: &'a str,
}

impl ReplayRequest<'_> {
    /// The replay's configuration.
    ///
    /// # Errors
    /// A filter that does not parse, bad trials, an unknown reform or window, a bad file.
    pub fn config(&self, world: &World) -> Result<ReplayConfig> {
        let filter = DraftFilter::parse(self.filter)?;
        super::check_replay_trials(self.trials)?;
        let reforms = super::reforms_from_names(self.reforms, world)?;
        let (params, params_source) = model_params(self.model)?;
        Ok(ReplayConfig {
            reforms,
            filter,
            trials: self.trials,
            seed: self.seed,
            params,
            params_source,
            window: WindowChoice::parse(self.window, world)?,
        })
    }
}

/// The refugees to share out and the key, by name.
#[derive(Debug, Clone, Copy)]
pub struct DistributeRequest<'a> {
    /// The distribution key.
    pub key: Key,
    /// A number of refugees.
    pub refugees: Option<f64>,
    /// Or a conflict's refugees.
    pub conflict: Option<&'a str>,
    /// With `conflict`: the refugees this reform would have averted instead.
    pub averted: Option<&'a str>,
    /// The origin of `refugees`, for the regional key.
    pub origin: Option<&'a str>,
    /// A flow parameter file instead of the embedded one.
    pub priors: Option<&'a PathBuf>,
    /// With `averted`: flow trials and simulated votes per draft.
    pub trials: Option<u64>,
    /// With `averted`: the master seed.
    pub seed: Option<u64>,
    /// With `averted`: worker threads.
    pub threads: Option<usize>,
}

impl DistributeRequest<'_> {
    /// The options of [`super::distribute`]. Values that only the estimate behind `averted`
    /// reads, or an origin the key does not read, are refused rather than silently ignored.
    ///
    /// # Errors
    /// [`Error::Usage`] naming the flag; a world without the flow tables; a bad priors file.
    pub fn options(&self, world: &World) -> Result<DistributeOptions> {
        if self.averted.is_none() {
            for (flag, given) in [
                ("--trials", self.trials.is_some()),
                ("--seed", self.seed.is_some()),
                ("--threads", self.threads.is_some()),
            ] {
                if given {
                    return Err(Error::Usage(format!(
                        "{flag} applies only with --averted (it sets the estimate of averted refugees): add --averted REFORM or drop {flag}"
                    )));
                }
            }
        }
        if self.origin.is_some() && self.key != Key::Regional {
            return Err(Error::Usage(format!(
                "--origin is read by --key regional only; --key {} shares among the same states whatever the origin: drop --origin or use --key regional",
                self.key
                    .to_possible_value()
                    .map_or(String::new(), |v| v.get_name().to_string())
            )));
        }
        crate::flows::require_tables(world)?;
        let priors = priors_from(self.priors, world)?;
        let amount = match (self.refugees, self.conflict) {
            (Some(count), None) => Amount::Refugees {
                count,
                origin: self.origin.map(str::to_string),
            },
            (None, Some(_)) if self.origin.is_some() => {
                return Err(Error::Usage(
                    "--origin is for --refugees; a conflict has its own origin".into(),
                ));
            }
            (None, Some(id)) => Amount::Conflict {
                id: id.to_string(),
                averted: self.averted.map(str::to_string),
            },
            _ => {
                return Err(Error::Usage(
                    "give exactly one of --refugees N and --conflict ID".into(),
                ));
            }
        };
        Ok(DistributeOptions {
            key: self.key,
            amount,
            priors,
            trials: self.trials,
            seed: self.seed,
            threads: self.threads,
        })
    }
}

impl CentresInput {
    /// An origin's or a conflict's travellers (with `averted`, a conflict's only).
    ///
    /// # Errors
    /// [`Error::Usage`] unless exactly one of `origin` and `conflict` is given.
    pub fn from_names(
        origin: Option<&str>,
        conflict: Option<&str>,
        year: Option<i32>,
        averted: Option<&str>,
    ) -> Result<CentresInput> {
        match (origin, conflict) {
            (Some(code), None) => Ok(CentresInput::Origin {
                code: code.to_string(),
                year,
            }),
            (None, Some(id)) => Ok(CentresInput::Conflict {
                id: id.to_string(),
                year,
                averted: averted.map(str::to_string),
            }),
            _ => Err(Error::Usage(
                "give exactly one of --origin ISO3 and --conflict ID".into(),
            )),
        }
    }
}

/// The drafts and window of a fit of the vote model, by the dates and names typed.
#[derive(Debug, Clone, Copy)]
pub struct CalibrateVotesRequest<'a> {
    /// Fit on drafts from this date or year on.
    pub since: Option<&'a str>,
    /// Fit on drafts up to this date or year.
    pub until: Option<&'a str>,
    /// Also score the fit as a forecast of the drafts from this date on.
    pub evaluate_from: Option<&'a str>,
    /// The alignment window: `era` or a window's name.
    pub window: &'a str,
    /// Gauss–Hermite nodes.
    pub nodes: usize,
    /// Run the leave-one-draft-out cross-validation.
    pub cross_validate: bool,
}

impl CalibrateVotesRequest<'_> {
    /// The fit's configuration.
    ///
    /// # Errors
    /// A date that does not parse, an unknown window ([`Error::Usage`] naming the flag).
    pub fn config(&self, world: &World) -> Result<CalibrateConfig> {
        let filter = DraftFilter::parse(FilterArgs {
            since: self.since,
            until: self.until,
            ..FilterArgs::default()
        })?;
        let evaluate_from = (self.evaluate_from)
            .map(|t| date_bound(t, "evaluate-from", false))
            .transpose()?;
        Ok(CalibrateConfig {
            filter,
            evaluate_from,
            window: WindowChoice::parse(self.window, world)?,
            nodes: self.nodes,
            cross_validate: self.cross_validate,
        })
    }
}
