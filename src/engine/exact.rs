//! The exact path: the probability of adoption under a rule with a fixed seating, computed
//! without sampling.
//!
//! Given the draft's shock `eta`, members vote independently, each with the probabilities of
//! [`crate::vote::vote_probabilities`] (restraint moves a pledged member's chance of a no into
//! abstention with probability `compliance`). A dynamic programme over the members counts the
//! distribution of (affirmative votes, blocking votes of veto holders); for an Assembly
//! override it keeps (yes, no, blocking votes) and convolves with the distribution of the other
//! Assembly members' weighted balance `(q - p) * yes - p * no` ([`super::assembly::Balance`]).
//!
//! The result is integrated over `eta ~ Normal(0, sigma^2)`. Fixed Gauss–Hermite nodes are not
//! enough: with a high quota the Council's verdict is a steep function of `eta` (48 nodes err
//! by 1e-6), and the Assembly's verdict is a near-step. Council rules use adaptive Simpson
//! quadrature over `Phi(eta / sigma)`, aiming at an error of [`ADAPTIVE_TOLERANCE`] (the
//! property tests have found at worst 2e-6). An override first finds the span of shocks over
//! which the Assembly's verdict turns from negligible to almost certain, then integrates that
//! span and the two sides of it by adaptive Gauss–Kronrod quadrature; a test checks it against
//! a dense composite rule to 1e-8.
//!
//! Rules whose seats are drawn in each trial have no single seating: the exact path reports
//! that it needs a fixed seating instead of a number.

use super::assembly::{Balance, Scratch, outside_council};
use super::plan::{NONE, Plan, RulePlan};
use crate::vote::vote_probabilities;

/// Gauss–Hermite nodes and weights for expectations over a standard normal variable:
/// `E f(Z) ~ sum_k w_k f(z_k)`.
#[derive(Debug, Clone, PartialEq)]
pub struct GaussHermite {
    /// The nodes `z_k`.
    pub nodes: Vec<f64>,
    /// The weights `w_k` (they sum to 1).
    pub weights: Vec<f64>,
}

impl GaussHermite {
    /// The `n`-point rule, computed by Newton's method on the orthonormal Hermite polynomials
    /// (Press et al., Numerical Recipes, `gauher`), rescaled from the weight `exp(-x^2)` to the
    /// standard normal density.
    ///
    /// # Panics
    /// If `n` is 0.
    ///
    /// ```
    /// let gh = veto_sim::engine::GaussHermite::new(20);
    /// let fourth: f64 = gh.nodes.iter().zip(&gh.weights).map(|(z, w)| w * z.powi(4)).sum();
    /// assert!((fourth - 3.0).abs() < 1e-10);
    /// ```
    pub fn new(n: usize) -> GaussHermite {
        assert!(n > 0, "a quadrature rule needs at least one node");
        let pim4 = std::f64::consts::PI.powf(-0.25);
        let nf = n as f64;
        let mut x = vec![0.0; n];
        let mut w = vec![0.0; n];
        let m = n.div_ceil(2);
        let mut z = 0.0f64;
        for i in 0..m {
            z = match i {
                0 => (2.0 * nf + 1.0).sqrt() - 1.85575 * (2.0 * nf + 1.0).powf(-0.16667),
                1 => z - 1.14 * nf.powf(0.426) / z,
                2 => 1.86 * z - 0.86 * x[0],
                3 => 1.91 * z - 0.91 * x[1],
                _ => 2.0 * z - x[i - 2],
            };
            let mut pp = 0.0;
            for _ in 0..100 {
                let (mut p1, mut p2) = (pim4, 0.0);
                for j in 1..=n {
                    let p3 = p2;
                    p2 = p1;
                    let jf = j as f64;
                    p1 = z * (2.0 / jf).sqrt() * p2 - ((jf - 1.0) / jf).sqrt() * p3;
                }
                pp = (2.0 * nf).sqrt() * p2;
                let z1 = z;
                z = z1 - p1 / pp;
                if (z - z1).abs() <= 1e-14 * z.abs().max(1.0) {
                    break;
                }
            }
            x[i] = z;
            x[n - 1 - i] = -z;
            w[i] = 2.0 / (pp * pp);
            w[n - 1 - i] = w[i];
        }
        let sqrt_pi = std::f64::consts::PI.sqrt();
        GaussHermite {
            nodes: x
                .iter()
                .rev()
                .map(|v| v * std::f64::consts::SQRT_2)
                .collect(),
            weights: w.iter().rev().map(|v| v / sqrt_pi).collect(),
        }
    }

    /// `E f(sigma * Z)`; just `f(0)` when `sigma` is 0.
    pub fn expect(&self, sigma: f64, mut f: impl FnMut(f64) -> f64) -> f64 {
        if sigma == 0.0 {
            return f(0.0);
        }
        self.nodes
            .iter()
            .zip(&self.weights)
            .map(|(z, w)| w * f(sigma * z))
            .sum()
    }
}

/// `E f(sigma * Z)` by adaptive Simpson quadrature over `u = Phi(Z)` in (0, 1), to an absolute
/// error of about `tolerance`, starting from eight equal panels of `u`.
///
/// In `u` the density is uniform, so the panels refined are those where `f` changes (a steep
/// Council verdict, say), not those where the density is large.
///
/// ```
/// use veto_sim::engine::expect_adaptive;
/// use veto_sim::vote::phi;
/// // E Phi(a + sigma Z) = Phi(a / sqrt(1 + sigma^2)), here with a steep Phi(4 (x - 0.3)).
/// let got = expect_adaptive(1.0, 1e-9, |z| phi(4.0 * (z - 0.3)));
/// assert!((got - phi(-1.2 / 17f64.sqrt())).abs() < 1e-8);
/// ```
pub fn expect_adaptive(sigma: f64, tolerance: f64, mut f: impl FnMut(f64) -> f64) -> f64 {
    if sigma == 0.0 {
        return f(0.0);
    }
    // The ends map to +-8.2 sigma, beyond which the normal mass is below 1e-16.
    const EDGE: f64 = 1e-16;
    let mut at = |u: f64| {
        let u = u.clamp(EDGE, 1.0 - EDGE);
        f(-sigma * std::f64::consts::SQRT_2 * statrs::function::erf::erfc_inv(2.0 * u))
    };
    const PANELS: usize = 8;
    let bounds: Vec<f64> = (0..=PANELS).map(|k| k as f64 / PANELS as f64).collect();
    let tolerance = tolerance / (bounds.len() - 1) as f64;
    let mut fa = at(bounds[0]);
    let mut total = 0.0;
    for pair in bounds.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let (fm, fb) = (at(0.5 * (a + b)), at(b));
        let whole = (b - a) / 6.0 * (fa + 4.0 * fm + fb);
        total += simpson(&mut at, (a, b), (fa, fm, fb), whole, tolerance, 40);
        fa = fb;
    }
    total
}

/// One adaptive Simpson step on `[a, b]` (Lyness's criterion with Richardson's correction).
///
/// The tolerance is not halved on the way down: at a step the error of a panel halves with its
/// width, so halving the tolerance too would bisect to the depth limit.
fn simpson(
    f: &mut impl FnMut(f64) -> f64,
    (a, b): (f64, f64),
    (fa, fm, fb): (f64, f64, f64),
    whole: f64,
    tolerance: f64,
    depth: u32,
) -> f64 {
    let m = 0.5 * (a + b);
    let (lm, rm) = (0.5 * (a + m), 0.5 * (m + b));
    let (flm, frm) = (f(lm), f(rm));
    let left = (m - a) / 6.0 * (fa + 4.0 * flm + fm);
    let right = (b - m) / 6.0 * (fm + 4.0 * frm + fb);
    let delta = left + right - whole;
    if depth == 0 || delta.abs() <= 15.0 * tolerance {
        return left + right + delta / 15.0;
    }
    simpson(f, (a, m), (fa, flm, fm), left, tolerance, depth - 1)
        + simpson(f, (m, b), (fm, frm, fb), right, tolerance, depth - 1)
}

/// The absolute error the exact path allows itself on an override's adoption probability.
pub const ADAPTIVE_TOLERANCE: f64 = 1e-8;

/// The number of Gauss–Hermite nodes the replay uses to integrate over a draft's shock.
pub const NODES: usize = 48;

/// The exact probability of adoption under rule `r` of `plan`, or `None` when the rule's
/// seats are drawn in each trial (the exact path needs a fixed seating).
///
/// # Complexity
/// O(points · seats² · holders) without an override, where `points` is the number of
/// quadrature points (about a hundred). With one, add O(span points · (seats³ · holders +
/// states · spread · q)) for a majority `p/q`, where about 75 points fall in the Assembly's
/// span and the spread is the width of the outside states' balance (a few hundred units).
pub fn exact_adoption(plan: &Plan, r: usize) -> Option<f64> {
    let rule = &plan.rules[r];
    if !rule.seating.is_fixed() {
        return None;
    }
    let probs = |eta: f64| member_probabilities(plan, rule, eta);
    let value = match rule.override_pq {
        // Without a veto there is nothing for the Assembly to rescue.
        Some(_) if block_states(rule) > 0 => with_override(plan, rule),
        _ => expect_adaptive(plan.sigma, ADAPTIVE_TOLERANCE, |eta| {
            council_split(rule, &probs(eta)).0
        }),
    };
    Some(value.clamp(0.0, 1.0))
}

/// Each Council member's probabilities of yes, abstain and no given `eta` (restraint applied),
/// and whether it holds a veto.
fn member_probabilities(plan: &Plan, rule: &RulePlan, eta: f64) -> Vec<([f64; 3], bool)> {
    rule.members
        .iter()
        .map(|m| {
            let mut p = vote_probabilities(plan.mu[m.state as usize], eta, -m.neg_cut);
            if m.pledge != NONE
                && let Some(threshold) = rule.restraint
            {
                let kappa = threshold as f64 / 4_294_967_296.0;
                p[1] += p[2] * kappa;
                p[2] *= 1.0 - kappa;
            }
            (p, m.holder)
        })
        .collect()
}

/// The number of blocking-vote states kept: `block_at` (absorbing), or 0 without a veto.
fn block_states(rule: &RulePlan) -> usize {
    let holders = rule.members.iter().filter(|m| m.holder).count();
    if rule.block_at == u32::MAX || holders == 0 {
        0
    } else {
        (rule.block_at as usize).min(holders + 1)
    }
}

/// P(adopt | eta) in the Council alone: a DP over (yes, blocking votes capped at `block_at`).
/// Returns (P(adopt), P(the draft has the votes and the veto blocks it)) given `eta`.
fn council_split(rule: &RulePlan, members: &[([f64; 3], bool)]) -> (f64, f64) {
    let seats = members.len();
    let kb = block_states(rule);
    let width = kb + 1;
    let mut dp = vec![0.0; (seats + 1) * width];
    let mut next = dp.clone();
    dp[0] = 1.0;
    for (i, &([py, pa, pn], holder)) in members.iter().enumerate() {
        next.iter_mut().for_each(|v| *v = 0.0);
        let (p_block, p_free) = if holder && kb > 0 {
            if rule.abstention_blocks {
                (pa + pn, 0.0)
            } else {
                (pn, pa)
            }
        } else {
            (0.0, pa + pn)
        };
        for y in 0..=i {
            for b in 0..width {
                let v = dp[y * width + b];
                if v == 0.0 {
                    continue;
                }
                next[(y + 1) * width + b] += v * py;
                next[y * width + b] += v * p_free;
                if p_block > 0.0 {
                    next[y * width + (b + 1).min(kb)] += v * p_block;
                }
            }
        }
        std::mem::swap(&mut dp, &mut next);
    }
    let (mut adopt, mut blocked) = (0.0, 0.0);
    for y in rule.quota as usize..=seats {
        for b in 0..width {
            if kb == 0 || b < kb {
                adopt += dp[y * width + b];
            } else {
                blocked += dp[y * width + b];
            }
        }
    }
    (adopt, blocked)
}

/// P(adopt) under a rule with a veto and an Assembly override, integrated over the shock.
///
/// The Assembly's verdict turns from almost impossible to almost certain over a narrow span of
/// shocks: where the outside states' balance can reach the levels the Council may require.
/// That span, `[a, b]`, is found from the balance's mean and spread and checked with its
/// exact distribution ([`transition`]). Below `a` the Assembly adopts with probability under
/// [`NEGLIGIBLE`]; above `b` it adopts with probability over `1 - NEGLIGIBLE`, so the rescue
/// is the probability that the veto blocks. Each part is integrated by adaptive Gauss–Kronrod
/// quadrature, whose 15 points per panel resolve the span with few panels; only inside the span
/// is the outside states' distribution needed.
fn with_override(plan: &Plan, rule: &RulePlan) -> f64 {
    let probs = |eta: f64| member_probabilities(plan, rule, eta);
    let Some((balance, levels)) = outside_council(plan, rule) else {
        return 0.0;
    };
    let (up, down) = balance.weights();
    let sigma = plan.sigma;
    let (a, b) = if sigma == 0.0 {
        (0.0, 0.0)
    } else {
        transition(&balance, levels, REACH * sigma, &mut balance.scratch())
    };
    // The distribution's support grows more slowly when the states most certain of their vote
    // in the span come first.
    let balance = balance.ordered_by_spread(0.5 * (a + b));
    let mut scratch = balance.scratch();
    let mut tails = vec![0.0; (levels.1 - levels.0 + 1) as usize];
    // P(the Council adopts, or the veto blocks and the Assembly adopts | eta).
    let mut either = |eta: f64| -> f64 {
        balance.tails(eta, levels.0, &mut tails, &mut scratch);
        overridden(rule, &probs(eta), (up, down), levels.0, &tails)
    };
    if sigma == 0.0 {
        return either(0.0);
    }
    let density = |eta: f64| {
        let z = eta / sigma;
        (-0.5 * z * z).exp() / (sigma * (2.0 * std::f64::consts::PI).sqrt())
    };
    let reach = REACH * sigma;
    let mut total = 0.0;
    if a > -reach {
        let mut council = |eta: f64| density(eta) * council_split(rule, &probs(eta)).0;
        total += gauss_kronrod(&mut council, -reach, a, GK_TOLERANCE);
    }
    if b > a {
        total += gauss_kronrod(&mut |eta| density(eta) * either(eta), a, b, GK_TOLERANCE);
    }
    if reach > b {
        let mut rescued = |eta: f64| {
            let (adopt, blocked) = council_split(rule, &probs(eta));
            density(eta) * (adopt + blocked)
        };
        total += gauss_kronrod(&mut rescued, b, reach, GK_TOLERANCE);
    }
    total
}

/// Shocks beyond this many standard deviations are left out (their probability is below
/// 1e-15).
const REACH: f64 = 8.2;

/// The Assembly's probability of adopting below the span [`transition`] finds, and of
/// rejecting above it, is at most this.
pub const NEGLIGIBLE: f64 = 1e-10;

/// The absolute error aimed at by each Gauss–Kronrod integral.
const GK_TOLERANCE: f64 = 1e-9;

/// Panels a Gauss–Kronrod integral starts with.
const FIRST_PANELS: usize = 4;

/// The span of shocks `[a, b]` (within `[-reach, reach]`) outside which the Assembly's verdict
/// is settled for every level in `levels`: below `a`, `P(D >= lowest level) <= NEGLIGIBLE`;
/// above `b`, `P(D >= highest level) >= 1 - NEGLIGIBLE`. Both tails rise with the shock.
///
/// First guesses come from a normal approximation of the balance on a coarse grid of shocks
/// (its mean seven standard deviations short of, or beyond, the level); each is then checked
/// with the exact distribution and moved outwards until the check holds.
fn transition(
    balance: &Balance,
    (t_lo, t_hi): (i64, i64),
    reach: f64,
    scratch: &mut Scratch,
) -> (f64, f64) {
    const GRID: usize = 32;
    const Z: f64 = 7.0;
    let etas: Vec<f64> = (0..=GRID)
        .map(|k| -reach + 2.0 * reach * k as f64 / GRID as f64)
        .collect();
    let moments: Vec<(f64, f64)> = etas.iter().map(|&eta| balance.moments(eta)).collect();
    // The first shock at which `g` turns non-negative, by linear interpolation on the grid.
    let first_root = |g: &dyn Fn(f64, f64) -> f64| -> f64 {
        let values: Vec<f64> = moments.iter().map(|&(m, sd)| g(m, sd)).collect();
        match values.iter().position(|&v| v >= 0.0) {
            None => reach,
            Some(0) => -reach,
            Some(k) => {
                let (v0, v1) = (values[k - 1], values[k]);
                etas[k - 1] + (etas[k] - etas[k - 1]) * (-v0 / (v1 - v0))
            }
        }
    };
    let step = 2.0 * reach / GRID as f64 / 4.0;
    let mut a = first_root(&|m, sd| m + Z * sd - t_lo as f64).min(reach);
    while a > -reach && balance.tail(a, t_lo, scratch) > NEGLIGIBLE {
        a = (a - step).max(-reach);
    }
    let mut b = first_root(&|m, sd| m - Z * sd - t_hi as f64).max(a);
    while b < reach && balance.tail(b, t_hi, scratch) < 1.0 - NEGLIGIBLE {
        b = (b + step).min(reach);
    }
    (a, b)
}

/// `integral of f over [a, b]` by adaptive Gauss–Kronrod (7, 15) quadrature: a panel whose
/// error estimate exceeds its share of `tolerance` is halved. The estimate is QUADPACK's
/// (Piessens et al. 1983, `qk15`): the difference between the 7- and 15-point results, scaled
/// down as `(200 d / s)^1.5 s` where `s` measures how much `f` varies on the panel, because the
/// 15-point result kept is far closer than the 7-point one the difference bounds.
fn gauss_kronrod(f: &mut dyn FnMut(f64) -> f64, a: f64, b: f64, tolerance: f64) -> f64 {
    let share = tolerance / (b - a);
    let mut total = 0.0;
    let first = FIRST_PANELS;
    let mut panels: Vec<(f64, f64, u32)> = (0..first)
        .rev()
        .map(|k| {
            let at = |i: usize| a + (b - a) * i as f64 / first as f64;
            (at(k), at(k + 1), 0)
        })
        .collect();
    while let Some((lo, hi, depth)) = panels.pop() {
        let (value, error) = kronrod_15(f, lo, hi);
        if error <= share * (hi - lo) || depth >= 30 {
            total += value;
        } else {
            let mid = 0.5 * (lo + hi);
            panels.push((mid, hi, depth + 1));
            panels.push((lo, mid, depth + 1));
        }
    }
    total
}

/// The 15-point Kronrod result on one panel and its error estimate (QUADPACK's `qk15` nodes,
/// weights and estimate).
fn kronrod_15(f: &mut dyn FnMut(f64) -> f64, a: f64, b: f64) -> (f64, f64) {
    const X: [f64; 8] = [
        0.991_455_371_120_812_6,
        0.949_107_912_342_758_5,
        0.864_864_423_359_769_1,
        0.741_531_185_599_394_4,
        0.586_087_235_467_691_1,
        0.405_845_151_377_397_2,
        0.207_784_955_007_898_5,
        0.0,
    ];
    const WK: [f64; 8] = [
        0.022_935_322_010_529_22,
        0.063_092_092_629_978_55,
        0.104_790_010_322_250_18,
        0.140_653_259_715_525_92,
        0.169_004_726_639_267_9,
        0.190_350_578_064_785_4,
        0.204_432_940_075_298_9,
        0.209_482_141_084_727_83,
    ];
    // Gauss weights of the nodes X[1], X[3], X[5] and X[7].
    const WG: [f64; 4] = [
        0.129_484_966_168_869_7,
        0.279_705_391_489_276_7,
        0.381_830_050_505_118_9,
        0.417_959_183_673_469_4,
    ];
    let (centre, half) = (0.5 * (a + b), 0.5 * (b - a));
    let mut values = [0.0; 15];
    values[7] = f(centre);
    for k in 0..7 {
        values[k] = f(centre - half * X[k]);
        values[14 - k] = f(centre + half * X[k]);
    }
    let weight = |i: usize| WK[i.min(14 - i)];
    let kronrod: f64 = (0..15).map(|i| weight(i) * values[i]).sum();
    let gauss: f64 = (0..7)
        .filter(|k| k % 2 == 1)
        .map(|k| WG[k / 2] * (values[k] + values[14 - k]))
        .sum::<f64>()
        + WG[3] * values[7];
    let mean = 0.5 * kronrod;
    let spread: f64 = (0..15).map(|i| weight(i) * (values[i] - mean).abs()).sum();
    let (difference, spread) = ((kronrod - gauss).abs() * half, spread * half);
    let error = if spread > 0.0 && difference > 0.0 {
        spread * (200.0 * difference / spread).powf(1.5).min(1.0)
    } else {
        difference
    };
    (kronrod * half, error)
}

/// The Council's DP over (yes, no, blocking votes capped at `block_at`):
/// `dp[(y * (seats + 1) + n) * width + b]`.
fn council_counts(rule: &RulePlan, members: &[([f64; 3], bool)]) -> Vec<f64> {
    let seats = members.len();
    let kb = block_states(rule);
    let width = kb + 1;
    let s1 = seats + 1;
    let mut dp = vec![0.0; s1 * s1 * width];
    let mut next = dp.clone();
    dp[0] = 1.0;
    for (i, &([py, pa, pn], holder)) in members.iter().enumerate() {
        // Only rows y <= i + 1 are written.
        let written = ((i + 2).min(s1) * s1 * width).min(next.len());
        next[..written].iter_mut().for_each(|v| *v = 0.0);
        let blocks_no = holder && kb > 0;
        let blocks_abstain = blocks_no && rule.abstention_blocks;
        for y in 0..=i {
            for n in 0..=(i - y) {
                for b in 0..width {
                    let v = dp[(y * s1 + n) * width + b];
                    next[((y + 1) * s1 + n) * width + b] += v * py;
                    let ba = if blocks_abstain { (b + 1).min(kb) } else { b };
                    next[(y * s1 + n) * width + ba] += v * pa;
                    let bn = if blocks_no { (b + 1).min(kb) } else { b };
                    next[(y * s1 + n + 1) * width + bn] += v * pn;
                }
            }
        }
        std::mem::swap(&mut dp, &mut next);
    }
    dp
}

/// `P(the veto blocks a draft with the affirmative votes, and the Council's votes require the
/// Assembly's balance to reach t | eta)` for `t` in `levels` (an override rule's Council).
pub(crate) fn blocked_levels(
    plan: &Plan,
    rule: &RulePlan,
    eta: f64,
    (up, down): (i64, i64),
    (t_lo, t_hi): (i64, i64),
) -> Vec<f64> {
    let mut out = vec![0.0; (t_hi - t_lo + 1).max(0) as usize];
    let kb = block_states(rule);
    if kb == 0 {
        return out;
    }
    let members = member_probabilities(plan, rule, eta);
    let seats = members.len();
    let (width, s1) = (kb + 1, seats + 1);
    let dp = council_counts(rule, &members);
    for y in rule.quota as usize..=seats {
        for n in 0..=(seats - y) {
            let level = down * n as i64 - up * y as i64;
            if let Some(slot) = out.get_mut((level - t_lo) as usize) {
                *slot += dp[(y * s1 + n) * width + kb];
            }
        }
    }
    out
}

/// P(the Council adopts, or the veto blocks a draft with the affirmative votes and the Assembly
/// adopts it | eta), with `tails[i] = P(D >= t_lo + i | eta)` for the outside states' balance
/// `D` weighted `(up, down)`.
fn overridden(
    rule: &RulePlan,
    members: &[([f64; 3], bool)],
    (up, down): (i64, i64),
    t_lo: i64,
    tails: &[f64],
) -> f64 {
    let seats = members.len();
    let kb = block_states(rule);
    let width = kb + 1;
    let s1 = seats + 1;
    let dp = council_counts(rule, members);
    let mut total = 0.0;
    for y in rule.quota as usize..=seats {
        for n in 0..=(seats - y) {
            let cell = (y * s1 + n) * width;
            total += dp[cell..cell + kb].iter().sum::<f64>();
            let v = dp[cell + kb];
            if v != 0.0 {
                // The Assembly must make up what the Council's votes leave it.
                let need = down * n as i64 - up * y as i64;
                let i = need - t_lo;
                let tail = if i < 0 {
                    1.0
                } else {
                    tails.get(i as usize).copied().unwrap_or(0.0)
                };
                total += v * tail;
            }
        }
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gauss_hermite_integrates_normal_moments_and_phi() {
        let gh = GaussHermite::new(NODES);
        let moment = |k: i32| gh.expect(1.0, |z| z.powi(k));
        assert!((moment(0) - 1.0).abs() < 1e-12);
        assert!(moment(1).abs() < 1e-12);
        assert!((moment(2) - 1.0).abs() < 1e-12);
        assert!((moment(6) - 15.0).abs() < 1e-9);
        // E Phi(a + sigma Z) = Phi(a / sqrt(1 + sigma^2)).
        let (a, sigma) = (0.4, 0.8);
        let got = gh.expect(sigma, |eta| crate::vote::phi(a + eta));
        let want = crate::vote::phi(a / (1.0f64 + sigma * sigma).sqrt());
        assert!((got - want).abs() < 1e-10, "{got} vs {want}");
    }

    /// The override's adoption probability against a plain composite Simpson rule on 8,000
    /// panels over +-8.2 sigma, which neither looks for the Assembly's transition nor adapts.
    #[test]
    fn override_matches_a_dense_composite_rule() {
        use crate::rules::{catalog, yaml::parse_rule};
        use crate::vote::{DraftSpec, ModelParams, Support};
        use crate::world::World;
        let world = World::embedded().unwrap();
        let codes = world.state_codes();
        let params = ModelParams::embedded().unwrap();
        let graph = world.alignment_graph(None).unwrap();
        let half = "name: half\nseats:\n  permanent: [CHN, FRA, GBR, RUS, USA]\n  elected: 10\nquota: 9\nveto: { holders: permanent }\nabstention_blocks: true\noverride: { body: general-assembly, majority: \"1/2\" }\n";
        let rules = vec![
            catalog::reform("assembly-override", &codes).unwrap(),
            parse_rule(half, "test", &codes).unwrap(),
        ];
        for symbol in ["S/2011/612", "S/2024/835", "S/2017/172"] {
            let draft = DraftSpec::from_record(world, symbol).unwrap();
            let support = Support::new(world, &graph, &params, &draft);
            let council = world.council(2026).unwrap();
            let plan = Plan::new(world, &draft, council, &rules, &params, &support).unwrap();
            for (r, rule) in plan.rules.iter().enumerate() {
                let got = exact_adoption(&plan, r).unwrap();
                // Every level from all yes to all no, not only those the Council can require.
                let (balance, _) = outside_council(&plan, rule).unwrap();
                let (up, down) = balance.weights();
                let seats = rule.members.len() as i64;
                let t_lo = -up * seats;
                let mut tails = vec![0.0; ((up + down) * seats + 1) as usize];
                let mut scratch = balance.scratch();
                let sigma = plan.sigma;
                let mut at = |eta: f64| {
                    balance.tails(eta, t_lo, &mut tails, &mut scratch);
                    let z = eta / sigma;
                    let density =
                        (-0.5 * z * z).exp() / (sigma * (2.0 * std::f64::consts::PI).sqrt());
                    density
                        * overridden(
                            rule,
                            &member_probabilities(&plan, rule, eta),
                            (up, down),
                            t_lo,
                            &tails,
                        )
                };
                let (a, b, panels) = (-8.2 * sigma, 8.2 * sigma, 8_000);
                let h = (b - a) / panels as f64;
                let mut want = at(a) + at(b);
                for k in 1..panels {
                    want += at(a + k as f64 * h) * if k % 2 == 1 { 4.0 } else { 2.0 };
                }
                want *= h / 3.0;
                assert!(
                    (got - want).abs() < 1e-8,
                    "{symbol} {}: {got} vs {want}",
                    rule.rule.name
                );
            }
        }
    }
}
