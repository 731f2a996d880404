//! A full flow estimate: the conflicts of the world (or a hypothetical one), their drafts put to
//! the vote model under each rule, the counterfactual Monte Carlo, and the report with every
//! figure's source.
//!
//! # The vote
//! A draft of the record is decided by the one decision of adoption,
//! [`crate::replay::decide`], the function `veto-sim replay` uses: by the record where it
//! decides (the recorded votes, or the nine yes votes a recorded veto implies), with
//! probability 1 or 0; otherwise, where the world has the Council of the draft's year, by the
//! vote model conditional on the recorded votes, on the replay's random stream of the cell;
//! otherwise its outcome is unknown, counted as not passing and listed in the sources. So the
//! present rule averts nothing (the record is its outcome), and a draft's probability under a
//! rule is the one `veto-sim replay` prints with the same trials and seed.
//!
//! A hypothetical conflict's drafts have no record: they pass with their unconditional
//! probabilities, the present rule's included, and the baseline is the series as given. Rules
//! that adopt whenever `present` does ([`adopts_whenever`]) take the engine's exact path; the
//! others are simulated by the vote engine's work units (unit `k` of the draft with index `d`
//! runs on stream `d << 32 | k` of the master seed). Each draft then passes or not
//! independently of the others (each has its own shock in the vote model), with one uniform
//! deciding for every rule ([`MaskDist::nested`]).

use std::collections::BTreeMap;

use serde::Serialize;

use super::destinations::{self, Geography, GravityReport, Split};
use super::elasticity::{self, Elasticity};
use super::estimator::{
    self, ConflictInput, ConflictRun, DraftInput, MaskDist, SeriesYear, Settings, Summary,
};
use super::hypothetical::Hypothetical;
use super::priors::{EffectPrior, ElasticityPrior, FlowPriors};
use super::yearly::{SplitBasis, YearSplit, yearly_splits};
use crate::engine::{Plan, Tally, exact_adoption, mc};
use crate::error::{Error, Result};
pub use crate::progress::Step;
use crate::replay::decide::Tick;
use crate::replay::{Decision, Judgement, decide};
use crate::rules::{Rule, catalog};
use crate::vote::{DraftSpec, ModelParams, Support};
use crate::world::{ActionKind, Conflict, Council, World};

/// The most flow trials per conflict and rule: every trial is kept in memory for the 90%
/// intervals.
pub const MAX_TRIALS: u64 = 10_000_000;

/// What to estimate.
#[derive(Debug, Clone)]
pub struct FlowsOptions {
    /// Conflict ids (empty: every conflict with a linked draft).
    pub conflicts: Vec<String>,
    /// The rules; `present` is added first when missing (it is the record's rule).
    pub rules: Vec<Rule>,
    /// Flow trials per conflict and rule.
    pub trials: u64,
    /// Simulated votes per draft.
    pub vote_trials: u64,
    /// Master seed.
    pub seed: u64,
    /// The alignment window of the vote model.
    pub window: String,
    /// Keep by-year intervals.
    pub by_year: bool,
    /// The vote model's parameters.
    pub model: ModelParams,
    /// The flow priors.
    pub priors: FlowPriors,
    /// A hypothetical conflict instead of the world's.
    pub hypothetical: Option<Hypothetical>,
}

/// The elasticity as used.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ElasticityUsed {
    /// How the draws are made: `averaged` (an equal-weight mixture over specifications),
    /// `calibrated` (the main specification) or `declared`.
    pub from: &'static str,
    /// The mixture's components, `(estimate, standard error)` per specification (one for
    /// `calibrated` and `declared`).
    pub components: Vec<(String, f64, f64)>,
    /// Mean of the draws.
    pub mean: f64,
    /// Standard deviation of the draws.
    pub sd: f64,
    /// The 90% interval.
    pub interval90: [f64; 2],
    /// Country-years of the estimate (0 when declared).
    pub country_years: usize,
    /// Countries of the estimate (0 when declared).
    pub countries: usize,
    /// Where it comes from.
    pub source: String,
}

/// A draft of a conflict in the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DraftFlow {
    /// Its id.
    pub draft: String,
    /// Its date.
    pub date: String,
    /// Its kind of action.
    pub kind: ActionKind,
    /// The Council year whose members vote where the model decides (none for a draft older
    /// than the world's Council membership).
    pub council: Option<i32>,
    /// Probability of passing under each rule, in the rules' order: for a draft of the record,
    /// 1 or 0 where the record decides, the vote model's conditional on the recorded votes
    /// where it does not, 0 where the outcome is unknown.
    pub pass: Vec<f64>,
    /// The basis of each rule's probability: `recorded`, `modelled` or `unknown` (counted as
    /// not adopted).
    pub basis: Vec<&'static str>,
    /// Why it is left out, if it is (an unresolved raw-data row, or its effect cannot reach
    /// the recorded years, or its kind has no effect).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub left_out: Option<String>,
}

/// One rule's figures for one conflict.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleFlow {
    /// The rule.
    pub rule: String,
    /// Probability that at least one draft passes.
    pub any_passed: f64,
    /// Expected number of drafts passed.
    pub expected_passed: f64,
    /// Drafts whose adoption under the rule neither the record nor the model decides (older
    /// than the world's Council membership): counted as not passed.
    pub unknown: usize,
    /// Refugees averted (total over the recorded years).
    pub refugees: Summary,
    /// Of which to land neighbours (outside Europe).
    pub neighbours: Summary,
    /// To the rest of the region.
    pub region: Summary,
    /// To Europe.
    pub europe: Summary,
    /// Elsewhere.
    pub elsewhere: Summary,
    /// Battle deaths averted (years with recorded deaths).
    pub deaths: Summary,
}

/// One year of a conflict.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearFlow {
    /// The year.
    pub year: i32,
    /// Recorded battle deaths.
    pub deaths: Option<f64>,
    /// Recorded outflow.
    pub outflow: Option<f64>,
    /// Per rule: refugees averted (mean; 5% and 95% quantiles when by-year was asked).
    pub refugees: Vec<Summary>,
    /// Per rule: the mean counterfactual outflow (recorded minus mean averted).
    pub counterfactual: Vec<Option<f64>>,
    /// Where that year's refugees averted go, and on what basis.
    pub destinations: YearSplit,
}

/// Where a conflict's refugees go.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DestinationsUsed {
    /// `peak`, `latest` or `gravity`.
    pub basis: String,
    /// The UNHCR year of the observed shares (0 for the gravity model).
    pub year: i32,
    /// The split.
    pub split: Split,
    /// The source.
    pub source: String,
}

/// One conflict of the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConflictFlow {
    /// Its id.
    pub conflict: String,
    /// Its name.
    pub name: String,
    /// Origin state(s).
    pub origin: Vec<String>,
    /// First and last year of the series.
    pub years: [i32; 2],
    /// Recorded outflow over the series.
    pub recorded_outflow: f64,
    /// Recorded battle deaths over the series.
    pub recorded_deaths: f64,
    /// Its drafts.
    pub drafts: Vec<DraftFlow>,
    /// Destinations: the conflict's split from stocks (or the model), the last resort of the
    /// year-by-year splits.
    pub destinations: DestinationsUsed,
    /// The share of the recorded outflow that each year's split sends to Europe: the Europe
    /// share of refugees averted if every year were averted alike.
    pub europe_share: f64,
    /// Per rule.
    pub rules: Vec<RuleFlow>,
    /// By year (years with any recorded figure).
    pub by_year: Vec<YearFlow>,
    /// Years with a recorded outflow but no recorded battle deaths: no effect is estimated
    /// there (the battle-death channel has nothing to act on), and nothing is averted.
    pub not_estimated: Vec<i32>,
}

/// One rule's figures over every conflict of the run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleTotalFlow {
    /// The rule.
    pub rule: String,
    /// Refugees averted.
    pub refugees: Summary,
    /// To land neighbours.
    pub neighbours: Summary,
    /// To the rest of the region.
    pub region: Summary,
    /// To Europe.
    pub europe: Summary,
    /// Elsewhere.
    pub elsewhere: Summary,
    /// Battle deaths averted.
    pub deaths: Summary,
}

/// How to reproduce the report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FlowsMeta {
    /// The tool, its version and the world.
    #[serde(flatten)]
    pub provenance: crate::world::Provenance,
    /// Master seed.
    pub seed: u64,
    /// Flow trials per conflict and rule.
    pub trials: u64,
    /// Simulated votes per draft.
    pub vote_trials: u64,
    /// Flow trials per work unit.
    pub block: u64,
}

/// What was run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FlowsConfig {
    /// The rules, in order.
    pub rules: Vec<String>,
    /// The rules whose probabilities take the engine's exact path for a hypothetical conflict's
    /// drafts (they adopt whenever `present` does); drafts of the record are decided by
    /// [`crate::replay::decide`] for every rule.
    pub exact_rules: Vec<String>,
    /// The alignment window.
    pub window: String,
    /// The elasticity.
    pub elasticity: ElasticityUsed,
    /// The vote model.
    pub model: ModelParams,
    /// The priors.
    pub priors: FlowPriors,
    /// The hypothetical conflict's file, if the run is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hypothetical: Option<String>,
}

/// The result of `veto-sim flows`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FlowsReport {
    /// How to reproduce it.
    pub meta: FlowsMeta,
    /// What was run.
    pub config: FlowsConfig,
    /// Per rule, over every conflict.
    pub totals: Vec<RuleTotalFlow>,
    /// Per conflict.
    pub conflicts: Vec<ConflictFlow>,
    /// The gravity model (hypothetical conflicts only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gravity: Option<GravityReport>,
    /// Where every figure comes from.
    pub sources: Vec<String>,
}

/// The elasticity the priors ask for.
///
/// # Errors
/// A panel too small to estimate from.
pub fn elasticity_used(
    world: &World,
    priors: &FlowPriors,
) -> Result<(ElasticityUsed, Option<Elasticity>)> {
    let one = |from: &'static str, label: String, mean: f64, sd: f64| ElasticityUsed {
        from,
        components: vec![(label, mean, sd)],
        mean,
        sd,
        interval90: [
            mean - super::priors::Z90 * sd,
            mean + super::priors::Z90 * sd,
        ],
        country_years: 0,
        countries: 0,
        source: String::new(),
    };
    match &priors.elasticity {
        ElasticityPrior::Calibrated { source } => {
            let e = elasticity::fit(&world.flows_panel, &elasticity::MAIN)?;
            let used = ElasticityUsed {
                interval90: e.interval90,
                country_years: e.country_years,
                countries: e.countries,
                source: format!("{source}; {}", e.spec.label),
                ..one(
                    "calibrated",
                    e.spec.label.to_string(),
                    e.estimate,
                    e.std_error,
                )
            };
            Ok((used, Some(e)))
        }
        ElasticityPrior::Averaged { source } => {
            let main = elasticity::fit(&world.flows_panel, &elasticity::MAIN)?;
            let mut components = vec![(main.spec.label.to_string(), main.estimate, main.std_error)];
            for spec in &elasticity::VARIANTS {
                let e = elasticity::fit(&world.flows_panel, spec)?;
                components.push((spec.label.to_string(), e.estimate, e.std_error));
            }
            let parts: Vec<(f64, f64)> = components.iter().map(|(_, m, s)| (*m, *s)).collect();
            let (mean, sd) = elasticity::mixture_moments(&parts);
            let used = ElasticityUsed {
                from: "averaged",
                interval90: [
                    elasticity::mixture_quantile(&parts, 0.05),
                    elasticity::mixture_quantile(&parts, 0.95),
                ],
                components,
                mean,
                sd,
                country_years: main.country_years,
                countries: main.countries,
                source: format!(
                    "{source}; equal-weight mixture of the {} specifications it prints",
                    elasticity::VARIANTS.len() + 1
                ),
            };
            Ok((used, Some(main)))
        }
        ElasticityPrior::Declared { mean, sd, source } => Ok((
            ElasticityUsed {
                source: source.clone(),
                ..one("declared", "declared".into(), *mean, *sd)
            },
            None,
        )),
    }
}

/// `rules` with `present` first: the record is the present rule's outcome.
///
/// # Errors
/// More rules than the engine judges together.
pub fn with_present(rules: &[Rule], world: &World) -> Result<Vec<Rule>> {
    let mut out: Vec<Rule> = Vec::with_capacity(rules.len() + 1);
    match rules.iter().find(|r| r.name == "present") {
        Some(p) => out.push(p.clone()),
        None => out.push(catalog::reform("present", &world.state_codes())?),
    }
    out.extend(rules.iter().filter(|r| r.name != "present").cloned());
    if out.len() > crate::engine::MAX_RULES {
        return Err(Error::Usage(format!(
            "{} rules with `present`: at most {} are judged together",
            out.len(),
            crate::engine::MAX_RULES
        )));
    }
    Ok(out)
}

/// Whether `rule` adopts a draft on every vote on which `reference` adopts it: the same seats,
/// a quota no higher, an abstention that blocks only if it blocks under `reference`, a veto
/// held by no more members and needing no fewer negative votes (or none), and any restraint or
/// override added to a `reference` without them (restraint only turns a no into an
/// abstention; an override only adds a way to adopt).
pub fn adopts_whenever(rule: &Rule, reference: &Rule) -> bool {
    let sorted = |v: &[String]| {
        let mut v = v.to_vec();
        v.sort();
        v
    };
    if sorted(&rule.permanent) != sorted(&reference.permanent)
        || rule.elected != reference.elected
        || rule.long_term != reference.long_term
        || rule.quota > reference.quota
        || (rule.abstention_blocks && !reference.abstention_blocks)
        || reference.restraint.is_some()
        || reference.override_majority.is_some()
    {
        return false;
    }
    match (&rule.veto, &reference.veto) {
        (None, _) => true,
        (Some(_), None) => false,
        (Some(a), Some(b)) => {
            a.holders.iter().all(|h| b.holders.contains(h))
                && a.negatives_to_block >= b.negatives_to_block
        }
    }
}

/// A draft date (`YYYY-MM-DD` or `YYYY`) as a fractional year; a bare year is its middle.
pub fn fractional_year(date: &str) -> Option<f64> {
    let mut parts = date.trim().split('-');
    let year: i32 = parts.next()?.parse().ok()?;
    let (Some(m), Some(d)) = (parts.next(), parts.next()) else {
        return Some(f64::from(year) + 0.5);
    };
    let (m, d): (u32, u32) = (m.parse().ok()?, d.parse().ok()?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    let before: u32 = days[..(m - 1) as usize].iter().sum();
    let length = if leap { 366.0 } else { 365.0 };
    Some(f64::from(year) + f64::from(before + d - 1) / length)
}

/// The record's series of a conflict: deaths (best) and outflow (new refugees plus new asylum
/// seekers) by year.
pub fn series_of(conflict: &Conflict) -> Vec<SeriesYear> {
    conflict
        .years
        .iter()
        .map(|y| SeriesYear {
            year: y.year,
            deaths: y.deaths_best.map(|d| d as f64),
            outflow: match (y.new_refugees, y.new_asylum_seekers) {
                (None, None) => None,
                (r, a) => Some((r.unwrap_or(0) + a.unwrap_or(0)) as f64),
            },
        })
        .collect()
}

/// The Council year nearest to `year` that the world has.
pub fn council_year(world: &World, year: i32) -> i32 {
    world
        .councils
        .iter()
        .map(|c| c.year)
        .min_by_key(|y| ((y - year).abs(), *y))
        .unwrap_or(year)
}

/// Simulates each plan with the vote engine's scheduler, plan `(index, plan)` on the streams
/// of number `index` (its place in the world's record), so a draft's votes do not depend on
/// which others are voted on.
fn vote(
    plans: &[(usize, Plan)],
    trials: u64,
    seed: u64,
    progress: &(dyn Fn(u64) + Sync),
) -> Vec<Tally> {
    let ids: Vec<u64> = plans.iter().map(|(index, _)| *index as u64).collect();
    let plans: Vec<Plan> = plans.iter().map(|(_, plan)| plan.clone()).collect();
    let config = mc::McConfig {
        trials,
        seed,
        detail: false,
    };
    mc::schedule(&plans, &ids, config, None, progress)
}

/// A draft to be voted on: where it is, its spec and its Council.
struct Pending {
    conflict: usize,
    index: usize,
    spec: DraftSpec,
    date: String,
    date_frac: f64,
    /// The Council that votes on a hypothetical draft (a draft of the record is voted on by
    /// the Council of its own year, in [`crate::replay::decide`]).
    council: Option<Council>,
    of_record: bool,
}

/// What makes two drafts' vote plans the same: the Council's year, sponsors, targets, kind of
/// action, the atrocity flag and the alignment window.
type PlanKey<'a> = (i32, &'a [String], &'a [String], ActionKind, bool, String);

/// Runs the estimate, reporting its phases and progress to `progress`.
///
/// # Errors
/// An unknown conflict (with the nearest id), a conflict without drafts, a rule that cannot
/// be seated on a draft's Council, a panel too small for the elasticity.
pub fn estimate(
    world: &World,
    options: &FlowsOptions,
    progress: &(dyn Fn(Step) + Sync),
) -> Result<FlowsReport> {
    super::require_tables(world)?;
    let rules = with_present(&options.rules, world)?;
    let (elasticity, _) = elasticity_used(world, &options.priors)?;
    let geo = Geography::new(world, &options.priors);
    // `era` gives each draft the alignment window of its own time, as `replay` and
    // `calibrate votes` do; a window name gives every draft that one.
    let window_choice = crate::world::WindowChoice::parse(&options.window, world)?;
    let selection = match &options.hypothetical {
        Some(h) => select_hypothetical(world, options, &geo, h)?,
        None => select_of_record(world, options, &geo)?,
    };
    let exact = exact_rules(&rules);
    let voting = Voting {
        world,
        options,
        rules: &rules,
        exact: &exact,
        window_choice: &window_choice,
        progress,
    };
    let decided = voting.decide_all(&selection.pending)?;
    let settings = flow_settings(options, &elasticity, rules.len());
    // The totals over conflicts, trial by trial, in the kept trials only (memory flat in the
    // trials); their means are the sums of the conflicts' means.
    let mut totals = Totals::new(rules.len(), estimator::kept(options.trials));
    progress(Step::Phase {
        name: "flows",
        total: options.trials * selection.chosen.len() as u64,
    });
    let conflicts_out: Vec<ConflictFlow> = (0..selection.chosen.len())
        .map(|c| {
            estimate_conflict(
                world,
                &rules,
                &settings,
                &selection,
                &decided,
                c,
                &mut totals,
                progress,
            )
        })
        .collect();
    let exact_names: Vec<&str> = rules
        .iter()
        .zip(&exact)
        .filter(|(_, e)| **e)
        .map(|(r, _)| r.name.as_str())
        .collect();
    let unknown = undecided_cells(&rules, &selection.pending, &decided);
    let sources = sources(
        &elasticity,
        options,
        selection.gravity.is_some(),
        &exact_names,
        &unknown,
    );
    Ok(FlowsReport {
        meta: FlowsMeta {
            provenance: crate::world::Provenance::of(world),
            seed: options.seed,
            trials: options.trials,
            vote_trials: options.vote_trials,
            block: estimator::BLOCK,
        },
        config: FlowsConfig {
            rules: rules.iter().map(|r| r.name.clone()).collect(),
            exact_rules: exact_names.iter().map(|n| n.to_string()).collect(),
            window: options.window.clone(),
            elasticity,
            model: options.model.clone(),
            priors: options.priors.clone(),
            hypothetical: options.hypothetical.as_ref().map(|h| h.file.clone()),
        },
        totals: totals.by_rule(&rules, options.trials),
        conflicts: conflicts_out,
        gravity: selection.gravity,
        sources,
    })
}

/// A conflict chosen for the estimate: its series and where its refugees go.
struct Chosen {
    index: usize,
    id: String,
    name: String,
    origin: Vec<String>,
    series: Vec<SeriesYear>,
    destinations: DestinationsUsed,
    /// Each series year's split of refugees averted, with its basis.
    splits: Vec<YearSplit>,
}

/// What the estimate covers: the conflicts, their drafts to put to the vote, and the drafts
/// left out with the reason.
#[derive(Default)]
struct Selection {
    chosen: Vec<Chosen>,
    pending: Vec<Pending>,
    /// (conflict, draft index) -> the draft left out and why.
    left_out: BTreeMap<(usize, usize), DraftFlow>,
    /// The destination model's report, for a hypothetical conflict.
    gravity: Option<GravityReport>,
}

/// A hypothetical conflict and its drafts, voted on by the Council it names (or the Council
/// of each draft's year).
fn select_hypothetical(
    world: &World,
    options: &FlowsOptions,
    geo: &Geography,
    h: &Hypothetical,
) -> Result<Selection> {
    // Gravity or radiation, whichever `calibrate flows` validates better.
    let model = super::dest_validation::model_shares(world, &options.priors, &h.origin)?;
    let split = geo.split(&h.origin, &model.shares);
    let mut selection = Selection {
        gravity: Some(model.gravity),
        ..Selection::default()
    };
    selection.chosen.push(Chosen {
        index: world.conflicts.len(),
        id: h.name.clone(),
        name: h.description.clone(),
        origin: h.origin.clone(),
        series: h.series.clone(),
        splits: h
            .series
            .iter()
            .map(|y| YearSplit {
                year: y.year,
                split,
                basis: SplitBasis::Model,
            })
            .collect(),
        destinations: DestinationsUsed {
            basis: model.model.to_string(),
            year: 0,
            split,
            source: model.source,
        },
    });
    for (i, d) in h.drafts.iter().enumerate() {
        let council = match h.council {
            Some(y) => y,
            None => council_year(world, d.spec.year),
        };
        selection.pending.push(Pending {
            conflict: 0,
            index: world.drafts.len() + i,
            spec: d.spec.clone(),
            date: d.date.clone(),
            date_frac: d.date_frac,
            council: Some(world.council(council).cloned().ok_or_else(|| {
                Error::Usage(format!(
                    "no Council for {council} in this world; it has Councils for {}",
                    world.council_years()
                ))
            })?),
            of_record: false,
        });
    }
    Ok(selection)
}

/// The conflicts of the record asked for (every conflict with a linked draft when none is),
/// each with its linked drafts.
fn select_of_record(world: &World, options: &FlowsOptions, geo: &Geography) -> Result<Selection> {
    let ids: Vec<String> = if options.conflicts.is_empty() {
        world
            .conflicts
            .iter()
            .filter(|c| {
                world
                    .drafts
                    .iter()
                    .any(|d| d.annotation.as_ref().is_some_and(|a| a.conflict_id == c.id))
            })
            .map(|c| c.id.clone())
            .collect()
    } else {
        options.conflicts.clone()
    };
    let mut selection = Selection::default();
    for id in &ids {
        let Some(index) = world.conflicts.iter().position(|c| &c.id == id) else {
            return Err(Error::Usage(format!(
                "unknown conflict `{id}`{}; `veto-sim list conflicts` shows them",
                crate::error::did_you_mean(id, world.conflicts.iter().map(|c| c.id.as_str()))
            )));
        };
        if selection.chosen.iter().any(|c| c.index == index) {
            continue;
        }
        let conflict = &world.conflicts[index];
        let series = series_of(conflict);
        let destinations = destinations_of(world, options, geo, conflict)?;
        // Each year's refugees go where that origin's new arrivals went the year before
        // (then two years before, then the stocks, then the split above).
        let splits = match (series.first(), series.last()) {
            (Some(a), Some(b)) => {
                yearly_splits(world, geo, conflict, a.year..=b.year, &destinations.split)
            }
            _ => Vec::new(),
        };
        let recorded = (
            series.first().map_or(conflict.first_year, |s| s.year),
            series.last().map_or(conflict.last_year, |s| s.year),
        );
        selection.chosen.push(Chosen {
            index,
            id: conflict.id.clone(),
            name: conflict.name.clone(),
            origin: conflict.origin.clone(),
            series,
            destinations,
            splits,
        });
        add_linked_drafts(world, options, &mut selection, conflict, recorded)?;
    }
    Ok(selection)
}

/// Where a conflict's refugees went: the UNHCR stocks by asylum state, or where UNHCR records
/// none, the destination model.
fn destinations_of(
    world: &World,
    options: &FlowsOptions,
    geo: &Geography,
    conflict: &Conflict,
) -> Result<DestinationsUsed> {
    let basis = &options.priors.destinations.basis;
    Ok(match destinations::observed(conflict, basis) {
        Some(o) => DestinationsUsed {
            split: geo.split(&conflict.origin, &o.shares),
            source: format!(
                "UNHCR stocks of refugees and asylum seekers from {} by asylum state, {} {} (data/conflict_destinations.csv)",
                conflict.origin.join(";"),
                o.basis,
                o.year
            ),
            basis: o.basis,
            year: o.year,
        },
        // No stocks either: the destination model that `calibrate flows` validates
        // better (gravity or radiation), as for a hypothetical conflict.
        None => {
            let model =
                super::dest_validation::model_shares(world, &options.priors, &conflict.origin)?;
            DestinationsUsed {
                split: geo.split(&conflict.origin, &model.shares),
                basis: model.model.to_string(),
                year: 0,
                source: format!(
                    "UNHCR records no destinations from {}: {}",
                    conflict.origin.join(";"),
                    model.source
                ),
            }
        }
    })
}

/// The drafts linked to the last chosen conflict, in date order: each put to the vote or left
/// out with the reason.
fn add_linked_drafts(
    world: &World,
    options: &FlowsOptions,
    selection: &mut Selection,
    conflict: &Conflict,
    recorded: (i32, i32),
) -> Result<()> {
    let c = selection.chosen.len() - 1;
    let mut linked: Vec<(usize, &crate::world::Draft)> = world
        .drafts
        .iter()
        .enumerate()
        .filter(|(_, d)| {
            d.annotation
                .as_ref()
                .is_some_and(|a| a.conflict_id == conflict.id)
        })
        .collect();
    if linked.is_empty() {
        return Err(Error::Usage(format!(
            "conflict `{}` has no linked draft in the record: nothing to estimate",
            conflict.id
        )));
    }
    linked.sort_by(|a, b| a.1.date.cmp(&b.1.date).then(a.0.cmp(&b.0)));
    let reach = options.priors.reach_years();
    for (d_index, draft) in linked {
        let date_frac = fractional_year(&draft.date).unwrap_or(f64::from(draft.year) + 0.5);
        let spec = DraftSpec::from_record(world, &draft.id)?;
        let prior = options.priors.effect(spec.kind);
        let why = why_left_out(
            draft.unresolved(),
            date_frac,
            recorded,
            reach,
            prior,
            spec.kind,
        );
        if let Some(why) = why {
            selection.left_out.insert(
                (c, d_index),
                DraftFlow {
                    draft: draft.id.clone(),
                    date: draft.date.clone(),
                    kind: spec.kind,
                    // The Council that votes where the model decides: the draft's own year's.
                    council: world.council(draft.year).map(|c| c.year),
                    pass: Vec::new(),
                    basis: Vec::new(),
                    left_out: Some(why),
                },
            );
            continue;
        }
        selection.pending.push(Pending {
            conflict: c,
            index: d_index,
            spec,
            date: draft.date.clone(),
            date_frac,
            council: None,
            of_record: true,
        });
    }
    Ok(())
}

/// Why a draft of the record is left out of a conflict's estimate, if it is: its raw row is
/// unresolved, its effect cannot reach the conflict's recorded years `recorded` (first, last),
/// or the priors give its kind no effect.
fn why_left_out(
    unresolved: bool,
    date_frac: f64,
    recorded: (i32, i32),
    reach: f64,
    prior: &EffectPrior,
    kind: ActionKind,
) -> Option<String> {
    let (first, last) = recorded;
    if unresolved {
        Some(
            "an unresolved raw-data row (flag `unresolved`): what was voted on is not known"
                .to_string(),
        )
    } else if date_frac > f64::from(last) + 1.0 || date_frac + reach < f64::from(first) {
        Some(format!(
            "its effect (at most {reach:.1} years after its date) cannot reach the recorded years {first}-{last}"
        ))
    } else if prior.interval90 == [0.0, 0.0] || prior.duration_years[1] == 0.0 {
        Some(format!(
            "the priors give its kind ({kind}) no effect on battle deaths"
        ))
    } else {
        None
    }
}

/// Which rules take the exact path: `present`, and the rules that adopt whenever it does
/// (same seats, a quota no higher, a weaker veto, restraint or an override added).
fn exact_rules(rules: &[Rule]) -> Vec<bool> {
    rules
        .iter()
        .enumerate()
        .map(|(i, r)| i == 0 || adopts_whenever(r, &rules[0]))
        .collect()
}

/// Each draft's probability of passing under each rule, with its basis per rule.
type Decided = Vec<(Vec<f64>, Vec<&'static str>)>;

/// What deciding the drafts needs: the world, the rules and which take the exact path.
struct Voting<'a> {
    world: &'a World,
    options: &'a FlowsOptions,
    rules: &'a [Rule],
    exact: &'a [bool],
    window_choice: &'a crate::world::WindowChoice,
    progress: &'a (dyn Fn(Step) + Sync),
}

impl Voting<'_> {
    /// Decides every pending draft: the record's by the replay's decision, the hypothetical
    /// ones by the vote model.
    fn decide_all(&self, pending: &[Pending]) -> Result<Decided> {
        let judgements = self.decide_of_record(pending)?;
        let modelled = self.modelled_pass(pending)?;
        let mut of_record = judgements.into_iter();
        let mut hypothetical = modelled.into_iter();
        Ok(pending
            .iter()
            .map(|p| {
                if p.of_record {
                    let cells = of_record.next().expect("one row per recorded draft");
                    (
                        cells
                            .iter()
                            .map(|j| j.probability().unwrap_or(0.0))
                            .collect(),
                        cells.iter().map(Judgement::basis).collect(),
                    )
                } else {
                    let pass = hypothetical
                        .next()
                        .expect("one plan per hypothetical draft");
                    (pass, vec!["modelled"; self.rules.len()])
                }
            })
            .collect())
    }

    /// A draft of the record is decided by the one decision of adoption that `veto-sim
    /// replay` uses ([`crate::replay::decide`]): by the record where it decides, otherwise by
    /// the vote model conditional on the recorded votes, otherwise unknown (counted as not
    /// adopted, and listed).
    fn decide_of_record(&self, pending: &[Pending]) -> Result<Vec<Vec<Judgement>>> {
        let recorded: Vec<usize> = pending
            .iter()
            .filter(|p| p.of_record)
            .map(|p| p.index)
            .collect();
        let progress = self.progress;
        decide(
            self.world,
            &recorded,
            self.rules,
            &Decision {
                params: &self.options.model,
                window: self.window_choice,
                trials: self.options.vote_trials.max(1),
                seed: self.options.seed,
            },
            &|tick| match tick {
                Tick::Total(total) => progress(Step::Phase {
                    name: "votes",
                    total,
                }),
                Tick::Done(n) => progress(Step::Done(n)),
            },
        )
    }

    /// A hypothetical draft has no record: it passes with its unconditional probability under
    /// each rule, exact where the rule takes the exact path, simulated otherwise. Drafts the
    /// model cannot tell apart (same Council year, sponsors, targets, kind and atrocity) have
    /// one distribution of votes, computed once and shared. One row per hypothetical draft.
    fn modelled_pass(&self, pending: &[Pending]) -> Result<Vec<Vec<f64>>> {
        let simulated: Vec<usize> = (0..self.rules.len())
            .filter(|&i| i == 0 || !self.exact[i])
            .collect();
        let plans = self.hypothetical_plans(pending, &simulated)?;
        let options = self.options;
        let unique = if simulated.len() > 1 && !plans.plans.is_empty() {
            (self.progress)(Step::Phase {
                name: "votes",
                total: options.vote_trials * plans.plans.len() as u64,
            });
            vote(&plans.plans, options.vote_trials, options.seed, &|n| {
                (self.progress)(Step::Done(n))
            })
        } else {
            Vec::new()
        };
        Ok(plans
            .plan_of
            .iter()
            .map(|&i| {
                (0..self.rules.len())
                    .map(|r| {
                        if self.exact[r] {
                            plans.exact_p[i][r]
                        } else {
                            let j = simulated.iter().position(|&x| x == r).expect("simulated");
                            MaskDist::from_joint(
                                &unique.get(i).expect("simulated rules have a tally").joint,
                                None,
                            )
                            .probability(j)
                        }
                    })
                    .collect()
            })
            .collect())
    }

    /// The distinct vote plans of the hypothetical drafts, with the exact probabilities of the
    /// rules that take the exact path.
    fn hypothetical_plans(
        &self,
        pending: &[Pending],
        simulated: &[usize],
    ) -> Result<HypotheticalPlans> {
        let (world, options, rules) = (self.world, self.options, self.rules);
        let mc_rules: Vec<Rule> = simulated.iter().map(|&i| rules[i].clone()).collect();
        let mut graphs: BTreeMap<String, crate::world::AlignmentGraph> = BTreeMap::new();
        let mut keys: Vec<PlanKey> = Vec::new();
        let mut out = HypotheticalPlans::default();
        for p in pending.iter().filter(|p| !p.of_record) {
            let council = p
                .council
                .as_ref()
                .expect("hypothetical drafts have a Council");
            let window = self.window_choice.window_for(p.spec.year, world);
            let key = (
                council.year,
                p.spec.sponsors.as_slice(),
                p.spec.targets.as_slice(),
                p.spec.kind,
                p.spec.atrocity,
                window.clone(),
            );
            if let Some(i) = keys.iter().position(|k| *k == key) {
                out.plan_of.push(i);
                continue;
            }
            if !graphs.contains_key(&window) {
                let graph = world.alignment_graph(Some(&window))?;
                graphs.insert(window.clone(), graph);
            }
            let support = Support::new(world, &graphs[&window], &options.model, &p.spec);
            let all = Plan::new(world, &p.spec, council, rules, &options.model, &support)?;
            let mut probabilities = vec![f64::NAN; rules.len()];
            for (r, rule) in rules.iter().enumerate() {
                if self.exact[r] {
                    probabilities[r] = exact_adoption(&all, r).ok_or_else(|| {
                        Error::Runtime(format!(
                            "rule `{}` has no fixed seating on the Council of {}",
                            rule.name, council.year
                        ))
                    })?;
                }
            }
            let plan = Plan::new(world, &p.spec, council, &mc_rules, &options.model, &support)?;
            keys.push(key);
            out.plan_of.push(out.plans.len());
            out.exact_p.push(probabilities);
            out.plans.push((p.index, plan));
        }
        Ok(out)
    }
}

/// The distinct vote plans of the hypothetical drafts.
#[derive(Default)]
struct HypotheticalPlans {
    /// Each hypothetical draft's plan, by index into `plans`.
    plan_of: Vec<usize>,
    /// Per plan, the exact probability of adoption of each rule on the exact path (NaN for
    /// the others).
    exact_p: Vec<Vec<f64>>,
    /// Per plan, the draft's index (its stream) and the plan of the simulated rules.
    plans: Vec<(usize, Plan)>,
}

/// The flow Monte Carlo's settings.
fn flow_settings(options: &FlowsOptions, elasticity: &ElasticityUsed, rules: usize) -> Settings {
    Settings {
        trials: options.trials,
        seed: options.seed,
        rules,
        elasticity_mean: elasticity.mean,
        elasticity_sd: elasticity.sd,
        elasticity_mixture: if elasticity.from == "averaged" {
            elasticity
                .components
                .iter()
                .map(|(_, m, s)| (*m, *s))
                .collect()
        } else {
            Vec::new()
        },
        effects: ActionKind::ALL
            .iter()
            .map(|k| options.priors.effect(*k).clone())
            .collect(),
        by_year: options.by_year,
    }
}

/// The totals over conflicts per rule: the kept trials of refugees averted, battle deaths
/// averted and the four destination categories, and the sums over every trial (refugees,
/// deaths, then the four categories).
struct Totals {
    refugees: Vec<Vec<f64>>,
    deaths: Vec<Vec<f64>>,
    categories: Vec<[Vec<f64>; 4]>,
    sums: Vec<[f64; 6]>,
}

impl Totals {
    fn new(rules: usize, kept: usize) -> Totals {
        Totals {
            refugees: vec![vec![0.0; kept]; rules],
            deaths: vec![vec![0.0; kept]; rules],
            categories: vec![[(); 4].map(|_| vec![0.0; kept]); rules],
            sums: vec![[0.0; 6]; rules],
        }
    }

    /// Adds one conflict's run under rule `r`, trial by trial.
    fn add(&mut self, r: usize, run: &ConflictRun) {
        let add = |total: &mut [f64], part: &[f64]| {
            total.iter_mut().zip(part).for_each(|(a, b)| *a += b);
        };
        add(&mut self.refugees[r], &run.refugees[r]);
        add(&mut self.deaths[r], &run.deaths[r]);
        for (total, part) in self.categories[r].iter_mut().zip(&run.categories[r]) {
            add(total, part);
        }
        self.sums[r][0] += run.refugees_sum[r];
        self.sums[r][1] += run.deaths_sum[r];
        for (sum, part) in self.sums[r][2..].iter_mut().zip(&run.categories_sum[r]) {
            *sum += part;
        }
    }

    /// The totals per rule: means over every trial, intervals over the kept ones.
    fn by_rule(&self, rules: &[Rule], trials: u64) -> Vec<RuleTotalFlow> {
        let n_trials = trials.max(1) as f64;
        rules
            .iter()
            .enumerate()
            .map(|(r, rule)| {
                let of = |i: usize, sample: &[f64]| {
                    Summary::of_sample(self.sums[r][i] / n_trials, sample)
                };
                RuleTotalFlow {
                    rule: rule.name.clone(),
                    refugees: of(0, &self.refugees[r]),
                    neighbours: of(2, &self.categories[r][0]),
                    region: of(3, &self.categories[r][1]),
                    europe: of(4, &self.categories[r][2]),
                    elsewhere: of(5, &self.categories[r][3]),
                    deaths: of(1, &self.deaths[r]),
                }
            })
            .collect()
    }
}

/// The flow estimate of chosen conflict `c`: its drafts' inputs, the Monte Carlo, and the
/// figures per rule (also added to `totals`).
#[allow(clippy::too_many_arguments)]
fn estimate_conflict(
    world: &World,
    rules: &[Rule],
    settings: &Settings,
    selection: &Selection,
    decided: &Decided,
    c: usize,
    totals: &mut Totals,
    progress: &(dyn Fn(Step) + Sync),
) -> ConflictFlow {
    let ch = &selection.chosen[c];
    let (drafts_in, drafts_out) = conflict_drafts(world, selection, decided, c, rules.len());
    let input = ConflictInput {
        id: ch.id.clone(),
        series: ch.series.clone(),
        drafts: drafts_in,
        splits: ch.splits.iter().map(|y| y.split).collect(),
    };
    let run = estimator::run_conflict_with_progress(&input, ch.index, settings, &|n| {
        progress(Step::Done(n))
    });
    let mut rule_flows = Vec::new();
    for (r, rule) in rules.iter().enumerate() {
        totals.add(r, &run);
        rule_flows.push(RuleFlow {
            rule: rule.name.clone(),
            any_passed: run.any_passed[r] as f64 / run.trials.max(1) as f64,
            expected_passed: input.drafts.iter().map(|d| d.masks.probability(r)).sum(),
            unknown: selection
                .pending
                .iter()
                .zip(decided)
                .filter(|(p, (_, basis))| p.conflict == c && basis[r] == "unknown")
                .count(),
            refugees: run.refugees_summary(r),
            neighbours: run.category_summary(r, 0),
            region: run.category_summary(r, 1),
            europe: run.category_summary(r, 2),
            elsewhere: run.category_summary(r, 3),
            deaths: run.deaths_summary(r),
        });
    }
    let by_year = by_year(&input, &run, rules.len(), &ch.splits);
    ConflictFlow {
        conflict: ch.id.clone(),
        name: ch.name.clone(),
        origin: ch.origin.clone(),
        years: [
            ch.series.first().map_or(0, |s| s.year),
            ch.series.last().map_or(0, |s| s.year),
        ],
        recorded_outflow: ch.series.iter().filter_map(|s| s.outflow).sum(),
        recorded_deaths: ch.series.iter().filter_map(|s| s.deaths).sum(),
        drafts: drafts_out,
        destinations: ch.destinations.clone(),
        europe_share: europe_share(ch),
        rules: rule_flows,
        by_year,
        not_estimated: ch
            .series
            .iter()
            .filter(|s| s.outflow.is_some() && s.estimable_outflow().is_none())
            .map(|s| s.year)
            .collect(),
    }
}

/// Conflict `c`'s drafts: the inputs of the Monte Carlo, and every draft for the report (those
/// left out included), in date order.
fn conflict_drafts(
    world: &World,
    selection: &Selection,
    decided: &Decided,
    c: usize,
    n_rules: usize,
) -> (Vec<DraftInput>, Vec<DraftFlow>) {
    let mut drafts_in: Vec<DraftInput> = Vec::new();
    let mut drafts_out: Vec<(f64, DraftFlow)> = Vec::new();
    for (p, (pass, basis)) in selection.pending.iter().zip(decided) {
        if p.conflict != c {
            continue;
        }
        let masks = MaskDist::nested(pass);
        drafts_out.push((
            p.date_frac,
            DraftFlow {
                draft: p.spec.id.clone(),
                date: p.date.clone(),
                kind: p.spec.kind,
                council: match &p.council {
                    Some(c) => Some(c.year),
                    None => world.council(p.spec.year).map(|c| c.year),
                },
                pass: (0..n_rules).map(|r| masks.probability(r)).collect(),
                basis: basis.clone(),
                left_out: None,
            },
        ));
        drafts_in.push(DraftInput {
            id: p.spec.id.clone(),
            kind: p.spec.kind,
            date: p.date_frac,
            masks,
        });
    }
    for ((cc, _), d) in &selection.left_out {
        if *cc == c {
            drafts_out.push((fractional_year(&d.date).unwrap_or(0.0), d.clone()));
        }
    }
    drafts_out.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.draft.cmp(&b.1.draft)));
    (drafts_in, drafts_out.into_iter().map(|(_, d)| d).collect())
}

/// The share of a conflict's recorded outflow that went to Europe, year by year where the
/// series has outflows, else its destinations' share.
fn europe_share(ch: &Chosen) -> f64 {
    let outflow: f64 = ch.series.iter().filter_map(|s| s.outflow).sum();
    if outflow > 0.0 {
        ch.series
            .iter()
            .zip(&ch.splits)
            .filter_map(|(s, y)| s.outflow.map(|o| o * y.split.europe))
            .sum::<f64>()
            / outflow
    } else {
        ch.destinations.split.europe
    }
}

/// The cells neither the record nor the model decides, per rule: `rule: draft, draft`.
fn undecided_cells(rules: &[Rule], pending: &[Pending], decided: &Decided) -> Vec<String> {
    rules
        .iter()
        .enumerate()
        .filter_map(|(r, rule)| {
            let ids: Vec<&str> = pending
                .iter()
                .zip(decided)
                .filter(|(_, (_, basis))| basis[r] == "unknown")
                .map(|(p, _)| p.spec.id.as_str())
                .collect();
            (!ids.is_empty()).then(|| format!("{}: {}", rule.name, ids.join(", ")))
        })
        .collect()
}

fn by_year(
    input: &ConflictInput,
    run: &ConflictRun,
    rules: usize,
    splits: &[YearSplit],
) -> Vec<YearFlow> {
    let n = run.trials.max(1) as f64;
    input
        .series
        .iter()
        .enumerate()
        .filter(|(_, s)| s.deaths.is_some() || s.outflow.is_some())
        .map(|(y, s)| {
            let refugees: Vec<Summary> = (0..rules)
                .map(|r| {
                    let mean = run.year_refugees[r][y] / n;
                    match &run.year_trials {
                        Some(yt) if (run.year_range.0..run.year_range.1).contains(&y) => {
                            let v: Vec<f64> = yt[r][y - run.year_range.0]
                                .iter()
                                .map(|x| f64::from(*x))
                                .collect();
                            Summary::of_sample(mean, &v)
                        }
                        // Beyond any draft's reach: nothing averted in any trial.
                        Some(_) => Summary::zero(),
                        None => Summary {
                            mean,
                            p05: f64::NAN,
                            p95: f64::NAN,
                            p_positive: f64::NAN,
                        },
                    }
                })
                .collect();
            YearFlow {
                year: s.year,
                deaths: s.deaths,
                outflow: s.outflow,
                counterfactual: refugees
                    .iter()
                    .map(|a| s.outflow.map(|o| o - a.mean))
                    .collect(),
                destinations: splits[y],
                refugees,
            }
        })
        .collect()
}

fn sources(
    e: &ElasticityUsed,
    options: &FlowsOptions,
    gravity: bool,
    exact: &[&str],
    unknown: &[String],
) -> Vec<String> {
    let mut out = match &options.hypothetical {
        None => vec![
            "outflows: UNHCR new arrivals (refugees plus asylum seekers) from the origin, unhcr/unhcr_flows.csv via data/conflict_years.csv (UNHCR Refugee Population Statistics, CC BY 4.0)".to_string(),
            "battle deaths: PRIO Battle-deaths 3.1 to 1988, UCDP GED 23.1 from 1989 to 2022, via data/conflict_years.csv; deaths averted cover years with recorded deaths only".to_string(),
            format!(
                "adoption: decided as `veto-sim replay` decides it, by the same function: by the record where it decides (a recorded tally, or the nine votes a recorded veto implies); otherwise, where the world has the year's Council (1990 on), the vote model conditional on the recorded votes (alignment window {}, data/model/default.yaml or the given parameters; {} simulated votes per draft and rule on the replay's streams, so `veto-sim replay --trials {} --seed {}` prints the same probabilities); otherwise unknown, counted as not adopted{}",
                options.window,
                options.vote_trials,
                options.vote_trials,
                options.seed,
                if unknown.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", unknown.join("; "))
                }
            ),
        ],
        Some(h) => vec![
            format!("outflows and battle deaths: as given in {} (a hypothetical conflict)", h.file),
            format!(
                "adoption: the vote model (alignment window {}, data/model/default.yaml or the given parameters; exact (adaptive quadrature over the draft's shock) for {}, which adopt whenever `present` does; {} simulated votes per draft for the others); the drafts have no record, so each passes with its unconditional probability, under `present` too",
                options.window,
                exact.join(", "),
                options.vote_trials
            ),
        ],
    };
    out.push(format!(
        "effects of each kind of action on battle deaths, lags and durations: {} (declared priors, each with its source); the outcome each prior's study measured: {}",
        options.priors.file,
        ActionKind::ALL
            .iter()
            .map(|k| format!("{k}: {}", options.priors.effect(*k).outcome))
            .collect::<Vec<_>>()
            .join("; ")
    ));
    out.push(format!(
        "elasticity of outflows to deaths: {:.3} (90% {:.3} to {:.3}{}), {}{}",
        e.mean,
        e.interval90[0],
        e.interval90[1],
        if e.country_years > 0 {
            format!(
                ", main specification {} country-years, {} countries",
                e.country_years, e.countries
            )
        } else {
            String::new()
        },
        e.source,
        if e.components.len() > 1 {
            format!(
                " ({})",
                e.components
                    .iter()
                    .map(|(label, m, s)| format!("{label}: {m:.3}, s.e. {s:.3}"))
                    .collect::<Vec<_>>()
                    .join("; ")
            )
        } else {
            String::new()
        }
    ));
    if gravity {
        out.push(
            "destinations: the gravity model of `veto-sim calibrate flows`, fitted on the real conflicts' observed UNHCR shares (validation there); Europe = EU27 + GBR, CHE, NOR, ISL, LIE; regions: geographic subregions of data/host_states.csv".to_string(),
        );
    } else {
        out.push(format!(
            "destinations, year by year: each year's refugees averted go as the origin's UNHCR new arrivals did the year before (unhcr/unhcr_flows.csv via data/conflict_arrivals.csv; at least {} arrivals), else two years before, else the UNHCR stocks ({} basis, data/conflict_destinations.csv), else the destination model `veto-sim calibrate flows` chooses (gravity or radiation); validated in `veto-sim calibrate flows`; Europe = EU27 + GBR, CHE, NOR, ISL, LIE; regions: geographic subregions of data/host_states.csv",
            options.priors.destinations.min_arrivals,
            options.priors.destinations.basis
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn effective() -> EffectPrior {
        EffectPrior {
            change: -0.5,
            interval90: [-0.8, -0.1],
            lag_months: [1.0, 6.0],
            duration_years: [1.0, 3.0],
            ..EffectPrior::none()
        }
    }

    #[test]
    fn a_draft_is_left_out_only_for_a_stated_reason() {
        let kind = ActionKind::Sanctions;
        let years = (2011, 2020);
        // Dated inside the recorded years, with an effect: put to the vote.
        assert_eq!(
            why_left_out(false, 2014.5, years, 4.0, &effective(), kind),
            None
        );
        // Its effect reaches the first recorded year from before it, but not from further back.
        assert_eq!(
            why_left_out(false, 2007.5, years, 4.0, &effective(), kind),
            None
        );
        assert!(
            why_left_out(false, 2006.5, years, 4.0, &effective(), kind)
                .is_some_and(|w| w.contains("cannot reach the recorded years 2011-2020"))
        );
        // After the year that follows the last recorded one.
        assert!(why_left_out(false, 2021.5, years, 4.0, &effective(), kind).is_some());
        assert!(
            why_left_out(false, 2014.5, years, 4.0, &EffectPrior::none(), kind)
                .is_some_and(|w| w.contains("no effect on battle deaths"))
        );
        assert!(
            why_left_out(true, 2014.5, years, 4.0, &effective(), kind)
                .is_some_and(|w| w.contains("unresolved"))
        );
    }
}
