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
//! `STREAM_TAG | (c + 1) << 32 | k` (`STREAM_TAG` sets bits no stream of the vote engine uses).
//! Each block fills its own slice of per-trial results; sums run in block order, so 1 and N
//! threads give identical bytes.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use serde::Serialize;

use super::destinations::Split;
use super::priors::EffectPrior;
use crate::engine::normal::{ZIGGURAT, open01};
use crate::world::ActionKind;

/// Trials per work unit.
pub const BLOCK: u64 = 8192;

/// Bits 61 and 62: the vote engine's streams never set them.
pub const STREAM_TAG: u64 = (1 << 62) | (1 << 61);

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
    /// Where its refugees go.
    pub split: Split,
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
    /// The effect prior of each kind, in [`ActionKind::ALL`] order.
    pub effects: Vec<EffectPrior>,
    /// Whether to keep each year's value of every trial (for by-year intervals).
    pub by_year: bool,
}

/// Per-trial results of one conflict.
#[derive(Debug, Clone, PartialEq)]
pub struct ConflictRun {
    /// Refugees averted, `[rule][trial]`.
    pub refugees: Vec<Vec<f64>>,
    /// Battle deaths averted, `[rule][trial]`.
    pub deaths: Vec<Vec<f64>>,
    /// Sum over trials of refugees averted per year, `[rule][year]`.
    pub year_refugees: Vec<Vec<f64>>,
    /// Sum over trials of deaths averted per year, `[rule][year]`.
    pub year_deaths: Vec<Vec<f64>>,
    /// Refugees averted per year and trial, `[rule][year - year_range.0][trial]`, for the
    /// years a draft's effect can reach (only when asked; every other year averts nothing).
    pub year_trials: Option<Vec<Vec<Vec<f32>>>>,
    /// The year indices `[lo, hi)` of `year_trials`.
    pub year_range: (usize, usize),
    /// Trials in which at least one draft passed, per rule.
    pub any_passed: Vec<u64>,
    /// Trials.
    pub trials: u64,
}

/// Mean and 90% interval of a sample.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Summary {
    /// Mean.
    pub mean: f64,
    /// 5% quantile.
    pub p05: f64,
    /// 95% quantile.
    pub p95: f64,
}

impl Summary {
    /// The mean and the 5% and 95% quantiles (nearest rank: the `ceil(q n)`-th smallest).
    /// Sorts a copy; NaN-free input expected.
    pub fn of(values: &[f64]) -> Summary {
        if values.is_empty() {
            return Summary {
                mean: 0.0,
                p05: 0.0,
                p95: 0.0,
            };
        }
        let n = values.len();
        let mean = values.iter().sum::<f64>() / n as f64;
        let mut v = values.to_vec();
        let rank = |q: f64| ((q * n as f64).ceil() as usize).clamp(1, n) - 1;
        let (lo, hi) = (rank(0.05), rank(0.95));
        let (_, x_lo, _) = v.select_nth_unstable_by(lo, f64::total_cmp);
        let p05 = *x_lo;
        let (_, x_hi, _) = v.select_nth_unstable_by(hi, f64::total_cmp);
        Summary {
            mean,
            p05,
            p95: *x_hi,
        }
    }

    /// Every figure times `k` (quantiles of `k X` for `k >= 0`).
    pub fn scaled(&self, k: f64) -> Summary {
        Summary {
            mean: self.mean * k,
            p05: self.p05 * k,
            p95: self.p95 * k,
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

/// The draws every conflict shares, per block of trials: the elasticity and each kind's
/// deaths ratio (see the module documentation).
#[derive(Debug, Clone)]
pub struct Draws {
    blocks: Vec<Vec<Global>>,
}

impl Draws {
    /// Draws them for `settings` (blocks in parallel; the result does not depend on threads).
    pub fn new(settings: &Settings) -> Draws {
        // Median and scales of each kind's two-piece normal, computed once.
        let params: Vec<(f64, f64, f64)> = settings
            .effects
            .iter()
            .map(|e| {
                let (lo, hi) = e.sigmas();
                (e.log_median(), lo, hi)
            })
            .collect();
        let blocks = settings.trials.div_ceil(BLOCK);
        let blocks = (0..blocks)
            .into_par_iter()
            .map(|k| {
                let n = BLOCK.min(settings.trials - k * BLOCK) as usize;
                let mut rng = ChaCha8Rng::seed_from_u64(settings.seed);
                rng.set_stream(STREAM_TAG | k);
                let zig = &*ZIGGURAT;
                (0..n)
                    .map(|_| {
                        let e = settings.elasticity_mean
                            + settings.elasticity_sd * zig.sample(&mut rng);
                        let mut ratio = [1.0; KINDS];
                        for (r, (mu, lo, hi)) in ratio.iter_mut().zip(&params) {
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
            })
            .collect();
        Draws { blocks }
    }
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

/// One block's results.
struct BlockOut {
    refugees: Vec<Vec<f64>>,
    deaths: Vec<Vec<f64>>,
    year_refugees: Vec<Vec<f64>>,
    year_deaths: Vec<Vec<f64>>,
    year_trials: Vec<Vec<Vec<f32>>>,
    any_passed: Vec<u64>,
}

/// Runs the estimator on one conflict (index `c` among the conflicts of the run, which picks
/// its random stream).
///
/// # Complexity
/// O(trials · (drafts + rules · (passed drafts · log + years touched · kinds))).
pub fn run_conflict(input: &ConflictInput, c: usize, settings: &Settings) -> ConflictRun {
    run_conflict_with(input, c, settings, &Draws::new(settings))
}

/// [`run_conflict`] with the shared draws computed once for every conflict of a run.
///
/// # Panics
/// If `draws` were made for other settings (another number of trials).
pub fn run_conflict_with(
    input: &ConflictInput,
    c: usize,
    settings: &Settings,
    draws: &Draws,
) -> ConflictRun {
    let blocks = settings.trials.div_ceil(BLOCK);
    assert_eq!(
        blocks as usize,
        draws.blocks.len(),
        "draws of other settings"
    );
    let range = reach_range(input, settings);
    let outs: Vec<BlockOut> = (0..blocks)
        .into_par_iter()
        .map(|k| run_block(input, c, settings, k, &draws.blocks[k as usize], range))
        .collect();
    let years = input.series.len();
    let rules = settings.rules;
    let mut run = ConflictRun {
        refugees: vec![Vec::with_capacity(settings.trials as usize); rules],
        deaths: vec![Vec::with_capacity(settings.trials as usize); rules],
        year_refugees: vec![vec![0.0; years]; rules],
        year_deaths: vec![vec![0.0; years]; rules],
        year_trials: settings.by_year.then(|| {
            vec![vec![Vec::with_capacity(settings.trials as usize); range.1 - range.0]; rules]
        }),
        year_range: range,
        any_passed: vec![0; rules],
        trials: settings.trials,
    };
    for out in outs {
        for r in 0..rules {
            run.refugees[r].extend_from_slice(&out.refugees[r]);
            run.deaths[r].extend_from_slice(&out.deaths[r]);
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
    run
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
    let n = global.len();
    let rules = s.rules;
    let years = input.series.len();
    let first_year = input.series.first().map_or(0, |y| y.year);
    let mut rng = ChaCha8Rng::seed_from_u64(s.seed);
    rng.set_stream(STREAM_TAG | ((c as u64 + 1) << 32) | block);
    let mut out = BlockOut {
        refugees: vec![vec![0.0; n]; rules],
        deaths: vec![vec![0.0; n]; rules],
        year_refugees: vec![vec![0.0; years]; rules],
        year_deaths: vec![vec![0.0; years]; rules],
        year_trials: if s.by_year {
            vec![vec![vec![0.0f32; n]; range.1 - range.0]; rules]
        } else {
            Vec::new()
        },
        any_passed: vec![0; rules],
    };
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
        for r in 0..rules {
            let bit = 1u32 << r;
            per_year[r].clear();
            if !masks.iter().any(|m| m & bit != 0) {
                sig[r] = 0;
                continue;
            }
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
                        input, &groups, &masks, &windows, bit, g, first_year, &mut work, years_out,
                    );
                }
            }
            let (mut refugees, mut deaths) = (0.0, 0.0);
            for &(y, a_ref, a_deaths) in &per_year[r] {
                refugees += a_ref;
                deaths += a_deaths;
                out.year_refugees[r][y] += a_ref;
                out.year_deaths[r][y] += a_deaths;
                if s.by_year && (range.0..range.1).contains(&y) {
                    out.year_trials[r][y - range.0][t] = a_ref as f32;
                }
            }
            out.refugees[r][t] = refugees;
            out.deaths[r][t] = deaths;
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

/// Where a conflict's averted refugees go, per trial: `refugees × share` for each category.
pub fn split_trials(refugees: &[f64], split: &Split) -> [Vec<f64>; 4] {
    let shares = split.as_array();
    shares.map(|s| refugees.iter().map(|r| r * s).collect())
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
