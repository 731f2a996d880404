//! Rules side by side on one draft, judged on the same simulated votes: the computation of
//! `veto-sim compare` (Support → Plan → simulate → summarize) and its report.

use serde::Serialize;

use super::{Progress, check_trials, with_threads};
use crate::engine::plan::PlanSummary;
use rayon::prelude::*;

use crate::engine::drawn::member_results;
use crate::engine::{DraftResult, McConfig, Plan, simulate, simulate_to_error, summarize};
use crate::error::{Error, Result};
use crate::rules::Rule;
use crate::scenario::RunMeta;
use crate::vote::{DraftSpec, ModelParams, Support};
use crate::world::WindowChoice;
use crate::world::World;

/// What [`compare`] compares.
#[derive(Debug, Clone)]
pub struct CompareOptions {
    /// The rules, in output order.
    pub rules: Vec<Rule>,
    /// The draft ([`DraftSpec::from_record`] or [`crate::vote::parse_draft_spec`]).
    pub draft: DraftSpec,
    /// The year whose Council votes (default: the draft's year).
    pub council: Option<i32>,
    /// Trials.
    pub trials: u64,
    /// Master seed.
    pub seed: u64,
    /// Also compute the exact probability of adoption (rules with a fixed seating).
    pub exact: bool,
    /// Stop the trials once every rule's standard error of P(adopted) is at most this
    /// (checked every [`crate::engine::mc::ROUND_UNITS`] units; `None`: run them all).
    pub std_error: Option<f64>,
    /// The vote model's parameters.
    pub model: ModelParams,
    /// The alignment window: `era` (the window of the draft's time) or one window (`YYYY-YYYY`).
    pub window: String,
    /// Worker threads (see [`super::thread_count`]).
    pub threads: Option<usize>,
}

impl CompareOptions {
    /// `rules` on `draft` with the command's defaults: the draft's own Council, 100,000
    /// trials, seed 1, exact values where the seating is fixed, the embedded vote model, the
    /// era's window.
    ///
    /// # Errors
    /// Only if the embedded model cannot be read.
    pub fn new(rules: Vec<Rule>, draft: DraftSpec) -> Result<CompareOptions> {
        Ok(CompareOptions {
            rules,
            draft,
            council: None,
            trials: 100_000,
            seed: 1,
            exact: true,
            std_error: None,
            model: ModelParams::embedded()?,
            window: "era".into(),
            threads: None,
        })
    }
}

/// The resolved configuration of a comparison.
#[derive(Debug, Clone, Serialize)]
pub struct CompareConfig {
    /// The draft.
    pub draft: DraftSpec,
    /// The year whose Council votes.
    pub council: i32,
    /// The alignment window.
    pub window: String,
    /// The model parameters.
    pub model: ModelParams,
    /// The rules.
    pub rules: Vec<Rule>,
    /// Who sits under each rule.
    pub seatings: Vec<PlanSummary>,
}

/// The result of `veto-sim compare`.
#[derive(Debug, Clone, Serialize)]
pub struct CompareReport {
    /// How to reproduce it.
    pub meta: RunMeta,
    /// What was compared.
    pub config: CompareConfig,
    /// The estimates.
    pub result: DraftResult,
}

/// Compares the rules on one draft, every rule judged on the same simulated votes; progress
/// in trials.
///
/// # Errors
/// Bad trials, a year without a Council, an unknown window, a rule that cannot be seated.
pub fn compare(
    world: &World,
    options: &CompareOptions,
    progress: &dyn Progress,
) -> Result<CompareReport> {
    let trials = check_trials(options.trials)?;
    let draft = &options.draft;
    let year = options.council.unwrap_or(draft.year);
    let council = world.council(year).ok_or_else(|| {
        Error::Usage(match options.council {
            Some(_) => format!(
                "--council {year}: this world has no Council for that year; it has Councils for {}",
                world.council_years()
            ),
            None => format!(
                "draft {} is of {year}, a year this world has no Council for: pass --council YEAR with a year of {}",
                draft.id,
                world.council_years()
            ),
        })
    })?;
    let window = WindowChoice::parse(&options.window, world)?.window_for(draft.year, world);
    let graph = world.alignment_graph(Some(&window))?;
    let support = Support::new(world, &graph, &options.model, draft);
    let plan = Plan::new(
        world,
        draft,
        council,
        &options.rules,
        &options.model,
        &support,
    )?;
    // The trials are counted on the batched path; each member's shares come from the exact
    // path (over sampled seatings where seats are drawn), not from counting trial by trial.
    let config = McConfig {
        trials,
        seed: options.seed,
        detail: false,
    };
    progress.phase("votes", trials);
    let plans = [plan];
    let tick = |n: u64| {
        progress.inc(n);
        super::cancel::stop_if_cancelled(progress);
    };
    let (tally, members) = super::cancel::interruptible(|| {
        with_threads(options.threads, || {
            let tally = match options.std_error {
                Some(se) => simulate_to_error(&plans, config, se, &tick),
                None => simulate(&plans, config, &tick),
            };
            let members: Vec<_> = (0..plans[0].rules.len())
                .into_par_iter()
                .map(|r| member_results(&plans[0], r, options.seed))
                .collect();
            (tally, members)
        })
    })?;
    let plan = &plans[0];
    let mut result = summarize(plan, &tally[0], options.exact);
    for (rule, members) in result.rules.iter_mut().zip(members) {
        rule.members = members;
    }
    Ok(CompareReport {
        meta: RunMeta::new(
            world,
            options.seed,
            tally[0].trials,
            crate::scenario::Method::MonteCarlo {
                std_error: options.std_error,
                with_exact: options.exact,
            },
        ),
        config: CompareConfig {
            draft: draft.clone(),
            council: year,
            window,
            model: options.model.clone(),
            rules: options.rules.clone(),
            seatings: plan.seatings(),
        },
        result,
    })
}
