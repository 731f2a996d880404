//! The exact path: the probability of adoption under a rule with a fixed seating, computed
//! without sampling.
//!
//! Given the draft's shock `eta`, members vote independently, each with the probabilities of
//! [`crate::vote::vote_probabilities`] (restraint moves a pledged member's chance of a no into
//! abstention with probability `compliance`). A dynamic programme over the members counts the
//! distribution of (affirmative votes, blocking votes of veto holders); for an Assembly
//! override it keeps (yes, no, blocking votes) and convolves with the distribution of the other
//! Assembly members' weighted balance `(q - p) * yes - p * no`. The result is integrated over
//! `eta ~ Normal(0, sigma^2)` by adaptive Simpson quadrature over `Phi(eta / sigma)`, aiming at
//! an error of [`ADAPTIVE_TOLERANCE`] (the property tests have found at worst 2e-6). Fixed Gauss–Hermite nodes are not enough: with a high
//! quota the Council's verdict is a steep function of `eta` (48 nodes err by 1e-6), and the
//! Assembly's verdict is a near-step, which the adaptive rule finds from panel boundaries placed
//! where the Assembly's mean balance crosses what the Council's votes could require.
//!
//! Rules whose seats are drawn in each trial have no single seating: the exact path reports
//! that it needs a fixed seating instead of a number.

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
/// error of about `tolerance`, with panel boundaries at eight equal steps of `u` and at each of
/// `breaks` (values of `sigma * Z`).
///
/// An Assembly of 193 members turns the override into a near-step function of the shock: the
/// Assembly's verdict flips within a few hundredths of `eta`. Fixed nodes straddle such a step
/// and miss it; bisection finds it, once a panel boundary falls near it, which is what `breaks`
/// is for. In `u` the density is uniform, so the panels refined are those where `f` changes, not
/// those where the density is large.
///
/// ```
/// use veto_sim::engine::expect_adaptive;
/// // E [Z > 0.3] = 1 - Phi(0.3), a pure step.
/// let got = expect_adaptive(1.0, 1e-9, &[0.3], |z| if z > 0.3 { 1.0 } else { 0.0 });
/// assert!((got - (1.0 - veto_sim::vote::phi(0.3))).abs() < 1e-7);
/// ```
pub fn expect_adaptive(
    sigma: f64,
    tolerance: f64,
    breaks: &[f64],
    mut f: impl FnMut(f64) -> f64,
) -> f64 {
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
    let mut bounds: Vec<f64> = (0..=PANELS).map(|k| k as f64 / PANELS as f64).collect();
    bounds.extend(
        breaks
            .iter()
            .filter(|b| b.is_finite())
            .map(|&b| crate::vote::phi(b / sigma)),
    );
    bounds.sort_by(f64::total_cmp);
    bounds.dedup_by(|a, b| (*a - *b).abs() < 1e-15);
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

/// Values of `eta` around which the Assembly's verdict may flip: the span where the mean
/// balance of the members outside the Council, `(q - p) * yes - p * no`, crosses any level the
/// Council's own votes could require of it, widened by half a unit of `eta` on each side, in
/// steps of 0.025 (or 400 steps). The balance's mean rises with `eta`, so bisection finds the
/// crossings.
fn assembly_transition(
    outside_mu: &[f64],
    cut: f64,
    sigma: f64,
    rule: &RulePlan,
    (p, q): (u32, u32),
) -> Vec<f64> {
    let (up, down) = ((q - p) as f64, p as f64);
    let seats = rule.members.len() as f64;
    let mean = |eta: f64| -> f64 {
        outside_mu
            .iter()
            .map(|&mu| {
                let [yes, _, no] = vote_probabilities(mu, eta, cut);
                up * yes - down * no
            })
            .sum()
    };
    let crossing = |level: f64| -> f64 {
        let (mut lo, mut hi) = (-40.0f64, 40.0f64);
        for _ in 0..60 {
            let mid = 0.5 * (lo + hi);
            if mean(mid) < level {
                lo = mid
            } else {
                hi = mid
            }
        }
        0.5 * (lo + hi)
    };
    // The Assembly adopts when its balance reaches minus the Council's, which lies in
    // [-down * seats, up * seats].
    // Beyond 8.2 sigma the normal mass is negligible.
    let reach = 8.2 * sigma;
    let first = (crossing(-up * seats) - 0.5).max(-reach);
    let last = (crossing(down * seats) + 0.5).min(reach);
    if last <= first {
        return Vec::new();
    }
    let step = ((last - first) / 400.0).max(0.025);
    let steps = ((last - first) / step).ceil() as usize;
    (0..=steps).map(|k| first + k as f64 * step).collect()
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

/// Probabilities below this are dropped from the ends of the Assembly balance's distribution.
const TAIL_EPSILON: f64 = 1e-17;

/// The number of Gauss–Hermite nodes the replay uses to integrate over a draft's shock.
pub const NODES: usize = 48;

/// The exact probability of adoption under rule `r` of `plan`, or `None` when the rule's
/// seats are drawn in each trial (the exact path needs a fixed seating).
///
/// # Complexity
/// O(points · seats² · holders) without an override; with one, O(points · (seats³ · holders +
/// states² · q)) for a majority `p/q`, where `points` is the number of quadrature points the
/// adaptive rule uses (tens without an override, a few hundred with one).
pub fn exact_adoption(plan: &Plan, r: usize) -> Option<f64> {
    let rule = &plan.rules[r];
    if !rule.seating.is_fixed() {
        return None;
    }
    let probs = |eta: f64| -> Vec<([f64; 3], bool)> {
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
    };
    let value = match rule.override_pq {
        None => expect_adaptive(plan.sigma, ADAPTIVE_TOLERANCE, &[], |eta| {
            council_only(rule, &probs(eta))
        }),
        Some((p, q)) => {
            let g = gcd(p, q);
            let (p, q) = (p / g, q / g);
            let inside: Vec<bool> = {
                let mut v = vec![false; plan.states()];
                rule.members.iter().for_each(|m| v[m.state as usize] = true);
                v
            };
            let council = expect_adaptive(plan.sigma, ADAPTIVE_TOLERANCE, &[], |eta| {
                council_only(rule, &probs(eta))
            });
            let rescued = if block_states(rule) == 0 {
                0.0 // nothing for the Assembly to rescue without a veto
            } else {
                let outside_mu: Vec<f64> = (0..plan.states())
                    .filter(|&s| !inside[s])
                    .map(|s| plan.mu[s])
                    .collect();
                let breaks =
                    assembly_transition(&outside_mu, plan.cut_elected, plan.sigma, rule, (p, q));
                expect_adaptive(plan.sigma, ADAPTIVE_TOLERANCE, &breaks, |eta| {
                    let outside: Vec<[f64; 3]> = outside_mu
                        .iter()
                        .map(|&mu| vote_probabilities(mu, eta, plan.cut_elected))
                        .collect();
                    overridden(rule, &probs(eta), &outside, p, q)
                })
            };
            council + rescued
        }
    };
    Some(value.clamp(0.0, 1.0))
}

fn gcd(a: u32, b: u32) -> u32 {
    if b == 0 { a.max(1) } else { gcd(b, a % b) }
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
fn council_only(rule: &RulePlan, members: &[([f64; 3], bool)]) -> f64 {
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
    let mut total = 0.0;
    for y in rule.quota as usize..=seats {
        for b in 0..width {
            if kb == 0 || b < kb {
                total += dp[y * width + b];
            }
        }
    }
    total
}

/// P(the veto blocks a draft with the affirmative votes and the Assembly adopts it by `p/q` of
/// those voting yes or no | eta).
fn overridden(
    rule: &RulePlan,
    members: &[([f64; 3], bool)],
    outside: &[[f64; 3]],
    p: u32,
    q: u32,
) -> f64 {
    let seats = members.len();
    let kb = block_states(rule);
    let width = kb + 1;
    let s1 = seats + 1;
    // dp[(y * s1 + n) * width + b]
    let mut dp = vec![0.0; s1 * s1 * width];
    let mut next = dp.clone();
    dp[0] = 1.0;
    for (i, &([py, pa, pn], holder)) in members.iter().enumerate() {
        next.iter_mut().for_each(|v| *v = 0.0);
        let blocks_no = holder && kb > 0;
        let blocks_abstain = blocks_no && rule.abstention_blocks;
        for y in 0..=i {
            for n in 0..=(i - y) {
                for b in 0..width {
                    let v = dp[(y * s1 + n) * width + b];
                    if v == 0.0 {
                        continue;
                    }
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
    // The other Assembly members' balance S = (q - p) * yes - p * no, offset by p * m and
    // stored `up` places further in, with zero padding on both sides so that the update reads
    // no index out of range. Both buffers stay zero outside the current support.
    let (up, down) = ((q - p) as usize, p as usize);
    let m = outside.len();
    let span = (up + down) * m + 1;
    let mut dist = vec![0.0; span + up + down];
    let mut tmp = dist.clone();
    let offset = down * m;
    dist[offset + up] = 1.0;
    let (mut lo, mut hi) = (offset, offset);
    for &[py, pa, pn] in outside {
        let (new_lo, new_hi) = (lo - down, hi + up);
        let len = new_hi - new_lo + 1;
        // new[s] = pa * old[s] + py * old[s - up] + pn * old[s + down]
        let out = &mut tmp[new_lo + up..new_lo + up + len];
        let same = &dist[new_lo + up..new_lo + up + len];
        let from_yes = &dist[new_lo..new_lo + len];
        let from_no = &dist[new_lo + up + down..new_lo + up + down + len];
        for (((o, &a), &y), &n) in out.iter_mut().zip(same).zip(from_yes).zip(from_no) {
            *o = pa * a + py * y + pn * n;
        }
        // Clear the old support so that the spare buffer is zero everywhere again.
        dist[lo + up..=hi + up].iter_mut().for_each(|v| *v = 0.0);
        std::mem::swap(&mut dist, &mut tmp);
        lo = new_lo;
        hi = new_hi;
        // Trim tails too small to matter, so that the support grows like the spread of the
        // balance rather than its range; the buffers stay zero outside [lo, hi].
        while lo < hi && dist[lo + up] < TAIL_EPSILON {
            dist[lo + up] = 0.0;
            lo += 1;
        }
        while hi > lo && dist[hi + up] < TAIL_EPSILON {
            dist[hi + up] = 0.0;
            hi -= 1;
        }
    }
    // tail[s] = P(S >= s - offset)
    let mut tail = vec![0.0; span + 1];
    for s in (0..span).rev() {
        tail[s] = tail[s + 1] + dist[s + up];
    }
    let tail_at = |need: i64| -> f64 {
        let idx = need + offset as i64;
        if idx <= 0 {
            1.0
        } else if idx as usize >= span {
            0.0
        } else {
            tail[idx as usize]
        }
    };
    let mut total = 0.0;
    for y in rule.quota as usize..=seats {
        for n in 0..=(seats - y) {
            for b in 0..width {
                let v = dp[(y * s1 + n) * width + b];
                if v == 0.0 {
                    continue;
                }
                if kb > 0 && b == kb {
                    let council = up as i64 * y as i64 - down as i64 * n as i64;
                    total += v * tail_at(-council);
                }
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
}
