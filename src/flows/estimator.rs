//! The counterfactual Monte Carlo: what a conflict's battle deaths and refugee outflows would
//! have been had its drafts passed, as a distribution over the vote outcomes and the priors.
//!
//! # One trial
//! 1. From the trial's **global** stream (shared by every conflict, so totals across conflicts
//!    are coherent): the elasticity `epsilon ~ Normal(mean, sd)` (a negative draw is set to 0),
//!    then one standard normal per kind of action, in [`ActionKind::ALL`] order, giving each
//!    kind's deaths ratio `r_k` once in force ([`EffectPrior::ratio`]).
//! 2. From the conflict's stream, per draft in date order: a uniform that picks the set of
//!    rules under which it passes (from its [`MaskDist`]), a uniform for its deployment lag and
//!    one for its duration. Every draw is taken whether or not it is used, so the streams stay
//!    aligned across rules and settings (common random numbers: rules are compared on the same
//!    draws, and a larger effect is compared with a smaller one draft by draft).
//! 3. Per rule: the drafts that pass; per kind, the union of their periods in force
//!    `[date + lag, date + lag + duration]`; per year `y`, the share `F_ky` of the year covered.
//!    The year's deaths ratio is `prod_k (1 - F_ky (1 - r_k))` (no stacking within a kind,
//!    kinds multiply), and
//!    ```text
//!    deaths averted   = D(y) (1 - ratio)
//!    refugees averted = R(y) (1 - ratio^epsilon)        (R'(y) = R(y) ratio^epsilon)
//!    ```
//!    over the years with both a recorded outflow and recorded battle deaths: in a year without
//!    recorded deaths the effect on deaths cannot be measured, so nothing is averted there (the
//!    report lists such years as not estimated).
//!
//! # Reproducibility
//! Trials are cut into blocks of [`BLOCK`]. Block `k` draws its global values from
//! `ChaCha8Rng::seed_from_u64(seed)` on stream `STREAM_TAG | k` and conflict `c`'s from stream
//! `STREAM_TAG | (c + 1) << 32 | k` (`STREAM_TAG` sets bits no stream of the vote engine uses;
//! the streams are `FlowsPrior` and `FlowsConflict` of `crate::random::Stream`).
//! Blocks run in parallel a batch at a time and are folded in block order, so 1 and N threads
//! give identical bytes.
//!
//! # Memory
//! Means are sums over every trial. Quantiles and the probability that anything is averted
//! come from the kept trials: all of them up to [`KEPT_TRIALS`], beyond that every
//! [`stride`]-th (a systematic sample of at most [`KEPT_TRIALS`] trials, whose 5% and 95%
//! quantiles have a sampling error far below the interval's own width). Memory is therefore
//! flat in the number of trials past [`KEPT_TRIALS`].
//!
//! # Destinations
//! Each year's refugees averted are split by that year's [`Split`] (`ConflictInput::splits`),
//! so a trial's refugees by category sum, year by year, to its refugees averted.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use serde::Serialize;

use super::destinations::Split;
use super::priors::EffectPrior;
use crate::random::{FLOWS_TAG, Stream, ZIGGURAT, open01};
use crate::world::ActionKind;

/// Trials per work unit.
pub const BLOCK: u64 = 8192;

/// Bits 61 and 62: the vote engine's streams never set them.
pub const STREAM_TAG: u64 = FLOWS_TAG;

/// The number of kinds of action.
const KINDS: usize = ActionKind::ALL.len();

/// The position of a kind in [`ActionKind::ALL`].
pub fn kind_index(kind: ActionKind) -> usize {
    ActionKind::ALL
        .iter()
        .position(|k| *k == kind)
        .expect("every kind is in ALL")
}

/// One year of a conflict's record.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SeriesYear {
    /// The year.
    pub year: i32,
    /// Battle deaths (best estimate), where recorded.
    pub deaths: Option<f64>,
    /// Refugee outflow (new refugees plus new asylum seekers), where recorded.
    pub outflow: Option<f64>,
}

impl SeriesYear {
    /// The outflow of a year the estimator can act on: one with a recorded outflow and recorded
    /// battle deaths (the chain runs through deaths only). `None` marks a year not estimated.
    pub fn estimable_outflow(&self) -> Option<f64> {
        self.outflow
            .filter(|_| self.deaths.is_some_and(|d| d > 0.0))
    }
}

/// The distribution of the set of rules under which a draft passes: bit `r` of a mask is rule
/// `r`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MaskDist {
    /// Masks with positive probability.
    pub masks: Vec<u32>,
    /// Cumulative probabilities (the last is 1, or the list is empty).
    pub cumulative: Vec<f64>,
}

impl MaskDist {
    /// Never passes under any rule.
    pub fn never() -> MaskDist {
        MaskDist {
            masks: Vec::new(),
            cumulative: Vec::new(),
        }
    }

    /// From the vote engine's joint counts (`joint[mask]`: trials in which exactly the rules of
    /// `mask` adopt). With `failed_under = Some(r)`, conditioned on rule `r` not adopting: a
    /// draft of the record failed under the present rule, and the reforms are judged on the
    /// simulated votes in which it fails there too.
    pub fn from_joint(joint: &[u64], failed_under: Option<usize>) -> MaskDist {
        let keep = |m: usize| failed_under.is_none_or(|r| m >> r & 1 == 0);
        let total: u64 = joint
            .iter()
            .enumerate()
            .filter(|(m, _)| keep(*m))
            .map(|(_, c)| c)
            .sum();
        if total == 0 {
            return MaskDist::never();
        }
        let mut masks = Vec::new();
        let mut cumulative = Vec::new();
        let mut acc = 0u64;
        for (m, &c) in joint.iter().enumerate() {
            if c == 0 || !keep(m) {
                continue;
            }
            acc += c;
            if m != 0 {
                masks.push(m as u32);
                cumulative.push(acc as f64 / total as f64);
            } else {
                masks.push(0);
                cumulative.push(acc as f64 / total as f64);
            }
        }
        MaskDist { masks, cumulative }
    }

    /// Passes under rule `r` with probability `p[r]`, nested: one uniform decides for every
    /// rule, so a rule with a larger probability passes whenever a smaller one does.
    pub fn nested(p: &[f64]) -> MaskDist {
        let mut levels: Vec<f64> = p.iter().map(|v| v.clamp(0.0, 1.0)).collect();
        levels.sort_by(f64::total_cmp);
        levels.dedup();
        let mut masks = Vec::new();
        let mut cumulative = Vec::new();
        let mut lower = 0.0;
        for &level in &levels {
            if level <= lower {
                continue;
            }
            let mask = p
                .iter()
                .enumerate()
                .filter(|(_, v)| **v >= level)
                .fold(0u32, |m, (r, _)| m | 1 << r);
            masks.push(mask);
            cumulative.push(level);
            lower = level;
        }
        if lower < 1.0 {
            masks.push(0);
            cumulative.push(1.0);
        }
        MaskDist { masks, cumulative }
    }

    /// The mask for a uniform `u` in [0, 1).
    pub fn sample(&self, u: f64) -> u32 {
        let i = self.cumulative.partition_point(|&c| c <= u);
        self.masks.get(i).copied().unwrap_or(0)
    }

    /// The probability of passing under rule `r`.
    pub fn probability(&self, r: usize) -> f64 {
        let mut prev = 0.0;
        let mut p = 0.0;
        for (m, c) in self.masks.iter().zip(&self.cumulative) {
            if m >> r & 1 == 1 {
                p += c - prev;
            }
            prev = *c;
        }
        p
    }
}

/// A draft as the estimator sees it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DraftInput {
    /// The draft's id.
    pub id: String,
    /// Its kind of action.
    pub kind: ActionKind,
    /// Its date as a fractional year (2013.5 is 1 July 2013).
    pub date: f64,
    /// Under which rules it passes.
    pub masks: MaskDist,
}

/// A conflict as the estimator sees it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConflictInput {
    /// The conflict's id.
    pub id: String,
    /// Its record by year, ascending and consecutive.
    pub series: Vec<SeriesYear>,
    /// Its drafts in date order.
    pub drafts: Vec<DraftInput>,
    /// Where each year's averted refugees go, one split per year of `series`.
    pub splits: Vec<Split>,
}

impl ConflictInput {
    /// A conflict whose refugees go the same way every year.
    pub fn with_split(
        id: impl Into<String>,
        series: Vec<SeriesYear>,
        drafts: Vec<DraftInput>,
        split: Split,
    ) -> ConflictInput {
        let splits = vec![split; series.len()];
        ConflictInput {
            id: id.into(),
            series,
            drafts,
            splits,
        }
    }
}

/// What the estimator needs besides the conflicts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Settings {
    /// Trials.
    pub trials: u64,
    /// Master seed.
    pub seed: u64,
    /// The number of rules (bits of the masks).
    pub rules: usize,
    /// Mean of the elasticity.
    pub elasticity_mean: f64,
    /// Its standard deviation.
    pub elasticity_sd: f64,
    /// When not empty, the elasticity is drawn instead from the equal-weight mixture of these
    /// normals `(mean, sd)`: one uniform picks the component, then one normal.
    pub elasticity_mixture: Vec<(f64, f64)>,
    /// The effect prior of each kind, in [`ActionKind::ALL`] order.
    pub effects: Vec<EffectPrior>,
    /// Whether to keep each year's value of the kept trials (for by-year intervals).
    pub by_year: bool,
}

/// The most trials whose values are kept for quantiles: beyond it, every `stride`-th trial is
/// kept ([`stride`]), so memory does not grow with the trials while means still use them all.
pub const KEPT_TRIALS: u64 = 100_000;

/// Every how many trials one is kept for the quantiles: 1 up to [`KEPT_TRIALS`] trials, then
/// `ceil(trials / KEPT_TRIALS)`. Trial `t` is kept when `t % stride == 0`.
pub fn stride(trials: u64) -> u64 {
    trials.div_ceil(KEPT_TRIALS).max(1)
}

/// The number of kept trials out of `trials`.
pub fn kept(trials: u64) -> usize {
    trials.div_ceil(stride(trials)) as usize
}

/// The four destination categories, in [`Split::as_array`] order.
pub const CATEGORIES: usize = 4;

/// Results of one conflict: sums over every trial, and the values of the kept trials
/// (every trial up to [`KEPT_TRIALS`], then a systematic sample, see [`stride`]).
#[derive(Debug, Clone, PartialEq)]
pub struct ConflictRun {
    /// Refugees averted in the kept trials, `[rule][kept trial]`.
    pub refugees: Vec<Vec<f64>>,
    /// Battle deaths averted in the kept trials, `[rule][kept trial]`.
    pub deaths: Vec<Vec<f64>>,
    /// Refugees averted by destination category in the kept trials, `[rule][category][kept]`.
    pub categories: Vec<[Vec<f64>; CATEGORIES]>,
    /// Sum over every trial of refugees averted, `[rule]`.
    pub refugees_sum: Vec<f64>,
    /// Sum over every trial of deaths averted, `[rule]`.
    pub deaths_sum: Vec<f64>,
    /// Sum over every trial of refugees averted by category, `[rule][category]`.
    pub categories_sum: Vec<[f64; CATEGORIES]>,
    /// Sum over trials of refugees averted per year, `[rule][year]`.
    pub year_refugees: Vec<Vec<f64>>,
    /// Sum over trials of deaths averted per year, `[rule][year]`.
    pub year_deaths: Vec<Vec<f64>>,
    /// Refugees averted per year in the kept trials, `[rule][year - year_range.0][kept]`, for
    /// the years a draft's effect can reach (only when asked; every other year averts nothing).
    pub year_trials: Option<Vec<Vec<Vec<f32>>>>,
    /// The year indices `[lo, hi)` of `year_trials`.
    pub year_range: (usize, usize),
    /// Trials in which at least one draft passed, per rule.
    pub any_passed: Vec<u64>,
    /// Trials.
    pub trials: u64,
}

impl ConflictRun {
    /// Refugees averted under rule `r`.
    pub fn refugees_summary(&self, r: usize) -> Summary {
        Summary::of_sample(self.refugees_sum[r] / self.n(), &self.refugees[r])
    }

    /// Deaths averted under rule `r`.
    pub fn deaths_summary(&self, r: usize) -> Summary {
        Summary::of_sample(self.deaths_sum[r] / self.n(), &self.deaths[r])
    }

    /// Refugees averted under rule `r` that would have gone to category `k`.
    pub fn category_summary(&self, r: usize, k: usize) -> Summary {
        Summary::of_sample(self.categories_sum[r][k] / self.n(), &self.categories[r][k])
    }

    fn n(&self) -> f64 {
        self.trials.max(1) as f64
    }
}

/// Mean and 90% interval of a sample, and the probability that the value is positive.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Summary {
    /// Mean.
    pub mean: f64,
    /// 5% quantile.
    pub p05: f64,
    /// 95% quantile.
    pub p95: f64,
    /// Share of trials with a value above 0: the probability that anything is averted.
    pub p_positive: f64,
}

impl Summary {
    /// The mean and the 5% and 95% quantiles (nearest rank: the `ceil(q n)`-th smallest).
    /// Sorts a copy; NaN-free input expected.
    pub fn of(values: &[f64]) -> Summary {
        let mean = if values.is_empty() {
            0.0
        } else {
            values.iter().sum::<f64>() / values.len() as f64
        };
        Summary::of_sample(mean, values)
    }

    /// `mean` (computed over every trial) with the quantiles and the probability of a
    /// positive value from `sample` (the kept trials).
    pub fn of_sample(mean: f64, sample: &[f64]) -> Summary {
        if sample.is_empty() {
            return Summary {
                mean,
                p05: 0.0,
                p95: 0.0,
                p_positive: 0.0,
            };
        }
        let n = sample.len();
        let mut v = sample.to_vec();
        let rank = |q: f64| ((q * n as f64).ceil() as usize).clamp(1, n) - 1;
        let (lo, hi) = (rank(0.05), rank(0.95));
        let (_, x_lo, _) = v.select_nth_unstable_by(lo, f64::total_cmp);
        let p05 = *x_lo;
        let (_, x_hi, _) = v.select_nth_unstable_by(hi, f64::total_cmp);
        let positive = sample.iter().filter(|x| **x > 0.0).count();
        Summary {
            mean,
            p05,
            p95: *x_hi,
            p_positive: positive as f64 / n as f64,
        }
    }

    /// Nothing, in every trial.
    pub fn zero() -> Summary {
        Summary {
            mean: 0.0,
            p05: 0.0,
            p95: 0.0,
            p_positive: 0.0,
        }
    }
}

/// A uniform in [0, 1) with 53 bits.
fn uniform(rng: &mut ChaCha8Rng) -> f64 {
    use rand::Rng;
    (rng.next_u64() >> 11) as f64 * (1.0 / 9_007_199_254_740_992.0)
}

/// The draws of one trial that every conflict shares.
#[derive(Debug, Clone, Copy)]
struct Global {
    epsilon: f64,
    ratio: [f64; KINDS],
}

/// The draws every conflict shares for block `k`: the elasticity and each kind's deaths
/// ratio (see the module documentation). Made anew for each conflict from the block's own
/// stream, so nothing of the size of the trials is held.
fn globals(settings: &Settings, params: &[(f64, f64, f64)], k: u64) -> Vec<Global> {
    let n = BLOCK.min(settings.trials - k * BLOCK) as usize;
    let mut rng = ChaCha8Rng::seed_from_u64(settings.seed);
    rng.set_stream(Stream::FlowsPrior { block: k }.number());
    let zig = &*ZIGGURAT;
    (0..n)
        .map(|_| {
            let e = if settings.elasticity_mixture.is_empty() {
                settings.elasticity_mean + settings.elasticity_sd * zig.sample(&mut rng)
            } else {
                let parts = &settings.elasticity_mixture;
                let i = ((uniform(&mut rng) * parts.len() as f64) as usize).min(parts.len() - 1);
                parts[i].0 + parts[i].1 * zig.sample(&mut rng)
            };
            let mut ratio = [1.0; KINDS];
            for (r, (mu, lo, hi)) in ratio.iter_mut().zip(params) {
                let z = zig.sample(&mut rng);
                let sd = if z < 0.0 { lo } else { hi };
                *r = (mu + sd * z).exp();
            }
            Global {
                epsilon: e.max(0.0),
                ratio,
            }
        })
        .collect()
}

/// Median and the two scales of each kind's two-piece normal.
fn effect_params(settings: &Settings) -> Vec<(f64, f64, f64)> {
    settings
        .effects
        .iter()
        .map(|e| {
            let (lo, hi) = e.sigmas();
            (e.log_median(), lo, hi)
        })
        .collect()
}

/// The counterfactual outflow of one year: `R(y) · ratio^epsilon` (exactly `R(y)` when the
/// deaths ratio is 1).
pub fn counterfactual_outflow(outflow: f64, deaths_ratio: f64, epsilon: f64) -> f64 {
    if deaths_ratio == 1.0 {
        outflow
    } else {
        outflow * deaths_ratio.powf(epsilon)
    }
}

/// One block's results: sums over its trials and the values of its kept trials.
struct BlockOut {
    refugees: Vec<Vec<f64>>,
    deaths: Vec<Vec<f64>>,
    categories: Vec<[Vec<f64>; CATEGORIES]>,
    refugees_sum: Vec<f64>,
    deaths_sum: Vec<f64>,
    categories_sum: Vec<[f64; CATEGORIES]>,
    year_refugees: Vec<Vec<f64>>,
    year_deaths: Vec<Vec<f64>>,
    year_trials: Vec<Vec<Vec<f32>>>,
    any_passed: Vec<u64>,
}

/// Runs the estimator on one conflict (index `c` among the conflicts of the run, which picks
/// its random stream).
///
/// # Complexity
/// O(trials · (drafts + rules · (passed drafts · log + years touched · kinds))) time; memory
/// O(rules · min(trials, [`KEPT_TRIALS`]) · years reached) whatever the trials.
pub fn run_conflict(input: &ConflictInput, c: usize, settings: &Settings) -> ConflictRun {
    run_conflict_with_progress(input, c, settings, &|_| {})
}

/// [`run_conflict`], calling `progress` with the number of trials of each finished block.
///
/// # Panics
/// If `input.splits` does not have one split per year of the series.
pub fn run_conflict_with_progress(
    input: &ConflictInput,
    c: usize,
    settings: &Settings,
    progress: &(dyn Fn(u64) + Sync),
) -> ConflictRun {
    assert_eq!(
        input.splits.len(),
        input.series.len(),
        "one destination split per year"
    );
    let blocks = settings.trials.div_ceil(BLOCK);
    let range = reach_range(input, settings);
    let params = effect_params(settings);
    // Blocks are run a batch at a time, and each batch folded in block order, so the memory
    // held for unfolded blocks is bounded by the batch, not by the trials.
    let batch = (rayon::current_num_threads() as u64 * 4).max(1);
    let years = input.series.len();
    let rules = settings.rules;
    let kept = kept(settings.trials);
    let mut run = ConflictRun {
        refugees: vec![Vec::with_capacity(kept); rules],
        deaths: vec![Vec::with_capacity(kept); rules],
        categories: (0..rules)
            .map(|_| std::array::from_fn(|_| Vec::with_capacity(kept)))
            .collect(),
        refugees_sum: vec![0.0; rules],
        deaths_sum: vec![0.0; rules],
        categories_sum: vec![[0.0; CATEGORIES]; rules],
        year_refugees: vec![vec![0.0; years]; rules],
        year_deaths: vec![vec![0.0; years]; rules],
        year_trials: settings
            .by_year
            .then(|| vec![vec![Vec::with_capacity(kept); range.1 - range.0]; rules]),
        year_range: range,
        any_passed: vec![0; rules],
        trials: settings.trials,
    };
    let mut first = 0;
    while first < blocks {
        let last = (first + batch).min(blocks);
        // panic_fuse: a cancelled estimate stops the blocks not yet started.
        let outs: Vec<BlockOut> = (first..last)
            .into_par_iter()
            .panic_fuse()
            .map(|k| {
                let global = globals(settings, &params, k);
                let out = run_block(input, c, settings, k, &global, range);
                progress(global.len() as u64);
                out
            })
            .collect();
        for out in outs {
            fold(&mut run, out, years);
        }
        first = last;
    }
    run
}

/// Adds one block's results to the run (blocks in order).
fn fold(run: &mut ConflictRun, out: BlockOut, years: usize) {
    for r in 0..run.refugees.len() {
        run.refugees[r].extend_from_slice(&out.refugees[r]);
        run.deaths[r].extend_from_slice(&out.deaths[r]);
        run.refugees_sum[r] += out.refugees_sum[r];
        run.deaths_sum[r] += out.deaths_sum[r];
        for k in 0..CATEGORIES {
            run.categories[r][k].extend_from_slice(&out.categories[r][k]);
            run.categories_sum[r][k] += out.categories_sum[r][k];
        }
        for y in 0..years {
            run.year_refugees[r][y] += out.year_refugees[r][y];
            run.year_deaths[r][y] += out.year_deaths[r][y];
        }
        run.any_passed[r] += out.any_passed[r];
        if let Some(yt) = run.year_trials.as_mut() {
            for (all, block) in yt[r].iter_mut().zip(&out.year_trials[r]) {
                all.extend_from_slice(block);
            }
        }
    }
}

/// The year indices a draft's effect can reach: from its date's year to its date plus the
/// longest lag and duration of any kind.
fn reach_range(input: &ConflictInput, settings: &Settings) -> (usize, usize) {
    let years = input.series.len();
    let Some(first) = input.series.first().map(|s| f64::from(s.year)) else {
        return (0, 0);
    };
    let reach = settings
        .effects
        .iter()
        .map(|e| e.lag_months[1] / 12.0 + e.duration_years[1])
        .fold(0.0, f64::max);
    let lo = input
        .drafts
        .iter()
        .map(|d| d.date)
        .fold(f64::INFINITY, f64::min);
    let hi = input
        .drafts
        .iter()
        .map(|d| d.date + reach)
        .fold(f64::NEG_INFINITY, f64::max);
    if !lo.is_finite() || !hi.is_finite() {
        return (0, 0);
    }
    let lo = ((lo.floor() - first).max(0.0) as usize).min(years);
    let hi = ((hi.ceil() - first + 1.0).max(0.0) as usize).min(years);
    (lo, hi.max(lo))
}

fn run_block(
    input: &ConflictInput,
    c: usize,
    s: &Settings,
    block: u64,
    global: &[Global],
    range: (usize, usize),
) -> BlockOut {
    let rules = s.rules;
    let years = input.series.len();
    let first_year = input.series.first().map_or(0, |y| y.year);
    let stride = stride(s.trials);
    let mut rng = ChaCha8Rng::seed_from_u64(s.seed);
    rng.set_stream(Stream::FlowsConflict { conflict: c, block }.number());
    let mut out = BlockOut {
        refugees: vec![Vec::new(); rules],
        deaths: vec![Vec::new(); rules],
        categories: vec![Default::default(); rules],
        refugees_sum: vec![0.0; rules],
        deaths_sum: vec![0.0; rules],
        categories_sum: vec![[0.0; CATEGORIES]; rules],
        year_refugees: vec![vec![0.0; years]; rules],
        year_deaths: vec![vec![0.0; years]; rules],
        year_trials: if s.by_year {
            vec![vec![Vec::new(); range.1 - range.0]; rules]
        } else {
            Vec::new()
        },
        any_passed: vec![0; rules],
    };
    let shares: Vec<[f64; CATEGORIES]> = input.splits.iter().map(Split::as_array).collect();
    let nd = input.drafts.len();
    let kinds: Vec<usize> = input.drafts.iter().map(|d| kind_index(d.kind)).collect();
    // The drafts of each kind present, kinds in `ActionKind::ALL` order.
    let groups: Vec<(usize, Vec<usize>)> = (0..KINDS)
        .map(|k| (k, (0..nd).filter(|&d| kinds[d] == k).collect::<Vec<_>>()))
        .filter(|(_, ds)| !ds.is_empty())
        .collect();
    let mut masks = vec![0u32; nd];
    let mut windows = vec![(0.0f64, 0.0f64); nd];
    let mut work = Work {
        ratio: vec![1.0; years],
        cover: vec![0.0; years],
        spans: Vec::with_capacity(nd),
    };
    // Per rule, this trial: the set of drafts passed (when it fits 128 bits) and the
    // per-year figures, so a rule that passes the same drafts as an earlier one is copied.
    let signed = nd <= 128;
    let mut sig = vec![0u128; rules];
    let mut per_year: Vec<Vec<(usize, f64, f64)>> = vec![Vec::new(); rules];
    for (t, g) in global.iter().enumerate() {
        for (d, draft) in input.drafts.iter().enumerate() {
            let u = uniform(&mut rng);
            let lag_u = open01(&mut rng);
            let dur_u = open01(&mut rng);
            masks[d] = draft.masks.sample(u);
            let e = &s.effects[kinds[d]];
            let start =
                draft.date + (e.lag_months[0] + (e.lag_months[1] - e.lag_months[0]) * lag_u) / 12.0;
            let length = e.duration_years[0] + (e.duration_years[1] - e.duration_years[0]) * dur_u;
            windows[d] = (start, start + length);
        }
        let keep = (block * BLOCK + t as u64).is_multiple_of(stride);
        for r in 0..rules {
            let bit = 1u32 << r;
            per_year[r].clear();
            if masks.iter().any(|m| m & bit != 0) {
                out.any_passed[r] += 1;
                let earlier = if signed {
                    sig[r] = masks
                        .iter()
                        .enumerate()
                        .filter(|(_, m)| *m & bit != 0)
                        .fold(0u128, |a, (d, _)| a | 1 << d);
                    (0..r).find(|&q| sig[q] == sig[r])
                } else {
                    None
                };
                match earlier {
                    Some(q) => {
                        let copied = per_year[q].clone();
                        per_year[r] = copied;
                    }
                    None => {
                        let years_out = &mut per_year[r];
                        rule_years(
                            input, &groups, &masks, &windows, bit, g, first_year, &mut work,
                            years_out,
                        );
                    }
                }
            } else {
                sig[r] = 0;
            }
            let (mut refugees, mut deaths) = (0.0, 0.0);
            let mut categories = [0.0; CATEGORIES];
            for &(y, a_ref, a_deaths) in &per_year[r] {
                refugees += a_ref;
                deaths += a_deaths;
                for (c, share) in categories.iter_mut().zip(&shares[y]) {
                    *c += a_ref * share;
                }
                out.year_refugees[r][y] += a_ref;
                out.year_deaths[r][y] += a_deaths;
            }
            out.refugees_sum[r] += refugees;
            out.deaths_sum[r] += deaths;
            for (sum, c) in out.categories_sum[r].iter_mut().zip(&categories) {
                *sum += c;
            }
            if keep {
                out.refugees[r].push(refugees);
                out.deaths[r].push(deaths);
                for (kept, c) in out.categories[r].iter_mut().zip(&categories) {
                    kept.push(*c);
                }
                if s.by_year {
                    let slots = &mut out.year_trials[r];
                    slots.iter_mut().for_each(|v| v.push(0.0));
                    for &(y, a_ref, _) in &per_year[r] {
                        if (range.0..range.1).contains(&y) {
                            *slots[y - range.0].last_mut().expect("pushed") = a_ref as f32;
                        }
                    }
                }
            }
        }
    }
    out
}

/// Scratch space of one block.
struct Work {
    /// The year's deaths ratio; 1 everywhere between rules.
    ratio: Vec<f64>,
    /// Coverage of each year by one kind; 0 everywhere between kinds.
    cover: Vec<f64>,
    spans: Vec<(f64, f64)>,
}

/// The years one rule's passed drafts touch, as `(year index, refugees averted, deaths
/// averted)`, in year order.
#[allow(clippy::too_many_arguments)]
fn rule_years(
    input: &ConflictInput,
    groups: &[(usize, Vec<usize>)],
    masks: &[u32],
    windows: &[(f64, f64)],
    bit: u32,
    g: &Global,
    first_year: i32,
    w: &mut Work,
    out: &mut Vec<(usize, f64, f64)>,
) {
    let years = input.series.len();
    let (mut lo, mut hi) = (usize::MAX, 0usize);
    for (k, drafts) in groups {
        let k = *k;
        w.spans.clear();
        for &d in drafts {
            if masks[d] & bit != 0 && windows[d].1 > windows[d].0 {
                w.spans.push(windows[d]);
            }
        }
        if w.spans.is_empty() {
            continue;
        }
        w.spans
            .sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
        // Merge into disjoint periods and add their coverage of each year.
        let (mut klo, mut khi) = (usize::MAX, 0usize);
        let mut add = |a: f64, b: f64, cover: &mut [f64]| {
            let y0 = (a.floor() as i64 - i64::from(first_year)).max(0);
            let y1 = (b.ceil() as i64 - i64::from(first_year)).min(years as i64);
            for y in y0..y1 {
                let ys = f64::from(first_year) + y as f64;
                let overlap = b.min(ys + 1.0) - a.max(ys);
                if overlap > 0.0 {
                    cover[y as usize] += overlap;
                    klo = klo.min(y as usize);
                    khi = khi.max(y as usize + 1);
                }
            }
        };
        let mut current = w.spans[0];
        for i in 1..w.spans.len() {
            let (a, b) = w.spans[i];
            if a <= current.1 {
                current.1 = current.1.max(b);
            } else {
                add(current.0, current.1, &mut w.cover);
                current = (a, b);
            }
        }
        add(current.0, current.1, &mut w.cover);
        if klo >= khi {
            continue;
        }
        let shortfall = 1.0 - g.ratio[k];
        for y in klo..khi {
            w.ratio[y] *= 1.0 - w.cover[y].min(1.0) * shortfall;
            w.cover[y] = 0.0;
        }
        lo = lo.min(klo);
        hi = hi.max(khi);
    }
    if lo >= hi {
        return;
    }
    for y in lo..hi {
        let rho = w.ratio[y];
        w.ratio[y] = 1.0;
        if rho == 1.0 {
            continue;
        }
        let sy = &input.series[y];
        let a_ref = sy
            .estimable_outflow()
            .map_or(0.0, |rf| rf - counterfactual_outflow(rf, rho, g.epsilon));
        let a_deaths = sy.deaths.map_or(0.0, |d| d * (1.0 - rho));
        out.push((y, a_ref, a_deaths));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_masks_have_the_given_probabilities_and_are_nested() {
        let m = MaskDist::nested(&[0.0, 0.3, 0.7, 0.3]);
        for (r, p) in [0.0, 0.3, 0.7, 0.3].iter().enumerate() {
            assert!((m.probability(r) - p).abs() < 1e-12);
        }
        for u in [0.0, 0.1, 0.29, 0.3, 0.5, 0.69, 0.7, 0.99] {
            let mask = m.sample(u);
            // Rule 2 passes whenever rule 1 does.
            assert!(mask & 0b10 == 0 || mask & 0b100 != 0, "{u}: {mask:b}");
            assert_eq!(mask & 1, 0);
        }
    }

    #[test]
    fn joint_counts_condition_on_the_recorded_failure() {
        // Rule 0 is the present rule: trials where it adopts are dropped.
        let joint = [50, 0, 30, 20];
        let m = MaskDist::from_joint(&joint, Some(0));
        assert!((m.probability(1) - 30.0 / 80.0).abs() < 1e-12);
        assert_eq!(m.probability(0), 0.0);
        let u = MaskDist::from_joint(&joint, None);
        assert!((u.probability(0) - 0.2).abs() < 1e-12);
        assert!((u.probability(1) - 0.5).abs() < 1e-12);
    }

    #[test]
    fn quantiles_are_nearest_rank() {
        let v: Vec<f64> = (1..=100).map(f64::from).collect();
        let s = Summary::of(&v);
        assert_eq!(s.p05, 5.0);
        assert_eq!(s.p95, 95.0);
        assert!((s.mean - 50.5).abs() < 1e-12);
    }
}
