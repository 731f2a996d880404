//! The Assembly override on the exact path: the span of shocks over which the Assembly's
//! verdict turns, its tails interpolated across the span, and the integral of the Council's
//! verdict, rescued where the veto alone blocks.

use super::council::Council;
use crate::engine::assembly::{Balance, Scratch, outside_council};
use crate::engine::plan::{Plan, RulePlan};
use crate::numerics::{GK_TOLERANCE, gauss_kronrod, normal_integral, normal_quantile};
use crate::vote::phi;

/// `P(the veto blocks a draft with the affirmative votes, and the Council's votes require the
/// Assembly's balance to reach t | eta)` for `t` in `levels` (an override rule's Council).
pub(crate) fn blocked_levels(
    plan: &Plan,
    rule: &RulePlan,
    eta: f64,
    weights: (i64, i64),
    (t_lo, t_hi): (i64, i64),
) -> Vec<f64> {
    let mut out = vec![0.0; (t_hi - t_lo + 1).max(0) as usize];
    let mut council = Council::new(plan, rule);
    if council.kb > 0 {
        council.levels(eta, weights, t_lo, &mut out);
    }
    out
}

/// P(the Council adopts, or the veto blocks a draft with the votes and the Assembly adopts it
/// | eta), with `tails[i] = P(D >= t_lo + i | eta)` for the outside states' balance `D`
/// weighted `weights`; `blocked` is scratch space as long as `tails`.
pub(super) fn either(
    council: &mut Council,
    eta: f64,
    weights: (i64, i64),
    t_lo: i64,
    tails: &[f64],
    blocked: &mut [f64],
) -> f64 {
    blocked.fill(0.0);
    let adopt = council.levels(eta, weights, t_lo, blocked);
    adopt + blocked.iter().zip(tails).map(|(b, t)| b * t).sum::<f64>()
}

/// P(adopt) under a rule with a veto and an Assembly override, integrated over the shock.
///
/// The Assembly's verdict turns from almost impossible to almost certain over a narrow span of
/// shocks: where the outside states' balance can reach the levels the Council may require.
/// That span, `[a, b]`, is found from the balance's mean and spread and checked with its
/// exact distribution ([`transition`]). Below `a` the Assembly adopts with probability under
/// [`NEGLIGIBLE`]; above `b` it adopts with probability over `1 - NEGLIGIBLE`, so the rescue
/// is the probability that the veto blocks. Each part is integrated by adaptive Gauss–Kronrod
/// quadrature. Only inside the span is the outside states' distribution needed, and there its
/// tails are interpolated ([`Interpolant`]): the Council's dynamic programme still runs at
/// every quadrature point, the outside states' only at the interpolation nodes.
pub(super) fn with_override(plan: &Plan, rule: &RulePlan, council: &mut Council) -> f64 {
    let Some((balance, levels)) = outside_council(plan, rule) else {
        return 0.0;
    };
    let weights = balance.weights();
    let width = (levels.1 - levels.0 + 1) as usize;
    let (mut tails, mut blocked) = (vec![0.0; width], vec![0.0; width]);
    let mut scratch = balance.scratch();
    let sigma = plan.sigma;
    if sigma == 0.0 {
        balance.tails(0.0, levels.0, &mut tails, &mut scratch);
        return either(council, 0.0, weights, levels.0, &tails, &mut blocked);
    }
    let density = |eta: f64| {
        let z = eta / sigma;
        (-0.5 * z * z).exp() / (sigma * (2.0 * std::f64::consts::PI).sqrt())
    };
    let reach = REACH * sigma;
    let (start, end) = transition(&balance, levels, reach, &mut scratch);
    let (a, b) = (start.eta, end.eta);
    let mut total = 0.0;
    if a > -reach {
        let mut adopted = |eta: f64| council.split(eta).0;
        total += normal_integral(&mut adopted, sigma, (-reach, a));
    }
    if b > a {
        let t_lo = levels.0;
        let interpolant = Interpolant::new(&balance, t_lo, (start, end), council, &density);
        total += if let Some(interpolant) = interpolant {
            let mut quantiles = vec![0.0; width];
            let mut either_at = |eta: f64| {
                blocked.fill(0.0);
                let adopt = council.levels(eta, weights, t_lo, &mut blocked);
                interpolant.tails(eta, &blocked, &mut quantiles, &mut tails);
                let rescue: f64 = blocked.iter().zip(&tails).map(|(b, t)| b * t).sum();
                density(eta) * (adopt + rescue)
            };
            gauss_kronrod(&mut either_at, a, b, SPAN_PANELS, GK_TOLERANCE)
        } else {
            // The interpolation failed its check: the exact distribution at every point.
            // The support grows more slowly when the states most certain of their vote in
            // the span come first.
            let balance = balance.clone().ordered_by_spread(0.5 * (a + b));
            let mut either_at = |eta: f64| {
                balance.tails(eta, t_lo, &mut tails, &mut scratch);
                density(eta) * either(council, eta, weights, t_lo, &tails, &mut blocked)
            };
            gauss_kronrod(&mut either_at, a, b, SPAN_PANELS, GK_TOLERANCE)
        };
    }
    if reach > b {
        let mut rescued = |eta: f64| {
            let (adopt, blocked) = council.split(eta);
            adopt + blocked
        };
        total += normal_integral(&mut rescued, sigma, (b, reach));
    }
    total
}

/// Shocks beyond this many standard deviations are left out (their probability is below
/// 1e-15).
pub(super) const REACH: f64 = 8.2;

/// The Assembly's probability of adopting below the span `transition` finds, and of
/// rejecting above it, is at most this.
pub const NEGLIGIBLE: f64 = 1e-10;

/// Panels a Gauss–Kronrod integral over the span starts with.
pub(super) const SPAN_PANELS: usize = 3;

/// The normal quantile the ends of the span aim at for the lowest and highest level:
/// `Phi(-7) = 1.3e-12`, comfortably below [`NEGLIGIBLE`], so that the normal approximation's
/// guess rarely needs a second try.
pub(super) const AIM: f64 = 7.0;

/// The exact distribution of the outside states' balance at a shock, as the interpolation of
/// its tails needs it.
pub(super) struct Node {
    pub(super) eta: f64,
    /// `upper[i] = P(D >= t_lo + i | eta)`.
    pub(super) upper: Vec<f64>,
    /// `lower[i] = P(D < t_lo + i | eta)`.
    pub(super) lower: Vec<f64>,
    /// The normal quantile of each `upper[i]`.
    pub(super) quantiles: Vec<f64>,
}

impl Node {
    pub(super) fn new(
        balance: &Balance,
        eta: f64,
        t_lo: i64,
        width: usize,
        scratch: &mut Scratch,
    ) -> Node {
        let (mut upper, mut lower) = (vec![0.0; width], vec![0.0; width]);
        balance.both_tails(eta, t_lo, &mut upper, &mut lower, scratch);
        let quantiles = upper
            .iter()
            .zip(&lower)
            .map(|(&u, &l)| {
                // From whichever tail is smaller, so that both ends keep their precision.
                if u <= l {
                    normal_quantile(u)
                } else {
                    -normal_quantile(l)
                }
            })
            .collect();
        Node {
            eta,
            upper,
            lower,
            quantiles,
        }
    }
}

/// The span of shocks `[a, b]` (within `[-reach, reach]`) outside which the Assembly's verdict
/// is settled for every level in `levels`: below `a`, `P(D >= lowest level) <= NEGLIGIBLE`;
/// above `b`, `P(D >= highest level) >= 1 - NEGLIGIBLE`. Both tails rise with the shock.
/// Returns the exact distributions at `a` and `b`.
///
/// A normal approximation guesses both ends: Newton's method finds the shock at which the
/// balance's mean is the middle level, and from the mean's slope and the spread there each
/// end is placed where the approximation puts the lowest level [`AIM`] standard deviations
/// above the mean, or the highest that many below. Each guess is then checked with the exact
/// distribution, and moved outwards along the secant of its level's normal quantile (nearly
/// linear in the shock) until the check holds.
pub(super) fn transition(
    balance: &Balance,
    (t_lo, t_hi): (i64, i64),
    reach: f64,
    scratch: &mut Scratch,
) -> (Node, Node) {
    let width = (t_hi - t_lo + 1) as usize;
    let middle = 0.5 * (t_lo + t_hi) as f64;
    let (mut lo, mut hi) = (-reach, reach);
    let mut eta = 0.0;
    let (mut mean, mut sd, mut slope) = balance.moments_and_slope(eta);
    for _ in 0..20 {
        let f = mean - middle;
        if f > 0.0 {
            hi = eta;
        } else {
            lo = eta;
        }
        // Newton's step where it stays inside the bracket, otherwise bisection.
        let newton = eta - f / slope;
        let next = if newton > lo && newton < hi {
            newton
        } else {
            0.5 * (lo + hi)
        };
        // The guesses below use the mean where this stops, so they need no tight root.
        if (next - eta).abs() <= 1e-2 * reach {
            break;
        }
        eta = next;
        (mean, sd, slope) = balance.moments_and_slope(eta);
    }
    let guess = |z: f64, t: i64, fallback: f64| {
        let at = eta + (z * sd - (mean - t as f64)) / slope;
        if at.is_finite() {
            at.clamp(-reach, reach)
        } else {
            fallback
        }
    };
    let a = guess(-AIM, t_lo, -reach);
    let b = guess(AIM, t_hi, reach).max(a);
    let mut start = Node::new(balance, a, t_lo, width, scratch);
    let mut end = Node::new(balance, b, t_lo, width, scratch);
    // The normal approximation's slope of the quantiles, for when the secant is not usable.
    let fallback = slope / sd.max(f64::MIN_POSITIVE);
    for _ in 0..64 {
        let settled_below = start.eta <= -reach || start.upper[0] <= NEGLIGIBLE;
        let settled_above = end.eta >= reach || end.lower[width - 1] <= NEGLIGIBLE;
        if settled_below && settled_above {
            break;
        }
        // How far to move an end for its level's quantile to change by `by`: the secant
        // between the two ends, a quarter more for safety, at least 1% of the reach.
        let step = |start: &Node, end: &Node, level: usize, by: f64| {
            let secant = (end.quantiles[level] - start.quantiles[level]) / (end.eta - start.eta);
            let rate = if secant.is_finite() && secant > 0.0 {
                secant
            } else {
                fallback
            };
            let step = 1.25 * by / rate;
            if step.is_finite() {
                step.max(0.01 * reach)
            } else {
                0.25 * reach
            }
        };
        if !settled_below {
            let by = start.quantiles[0] + AIM;
            let at = (start.eta - step(&start, &end, 0, by)).max(-reach);
            start = Node::new(balance, at, t_lo, width, scratch);
        }
        if !settled_above {
            let by = AIM - end.quantiles[width - 1];
            let at = (end.eta + step(&start, &end, width - 1, by)).min(reach);
            end = Node::new(balance, at, t_lo, width, scratch);
        }
    }
    (start, end)
}

/// Interpolation nodes to start with, and the most to try before computing the exact
/// distribution at every quadrature point.
pub(super) const FIRST_NODES: usize = 9;
pub(super) const MAX_NODES: usize = 33;

/// Beyond this normal quantile an interpolated tail is taken as 0 or 1 (`Phi(-8.5) = 1e-17`).
pub(super) const SETTLED: f64 = 8.5;

/// The outside states' tails `P(D >= t | eta)` over the span, for every level `t`, by
/// polynomial interpolation of their normal quantiles `Phi^-1(P(D >= t | eta))` in `eta`.
///
/// Across the span each tail is a steep sigmoid (turning from 1e-10 to 1 - 1e-10 within a
/// tenth of it), but its normal quantile is nearly linear: were the balance normal, it would
/// be `(mean - t) / sd`, smooth in `eta`. Interpolating it at Chebyshev–Lobatto nodes
/// converges quickly (9 nodes err by about 1e-9 in the tails, 17 nodes by less than 1e-13).
/// The nodes are nested: each round adds the midpoints (in angle) of the last, where the
/// last round's interpolant is checked against the exact distribution. The error it makes
/// there, weighted by how likely the Council's votes consult each level and by the shock's
/// density, times the span's width, bounds its error on the integral; once that is below the
/// quadrature's tolerance, the finer interpolant (through all the nodes, far more accurate
/// still) is kept. The distributions at the nodes keep their tails far beyond what matters
/// ([`Balance::both_tails`]), because the interpolant uses every node's quantile everywhere:
/// a quantile must be accurate (to about 1e-11) even where its tail is 1e-20.
pub(super) struct Interpolant {
    /// The nodes, increasing.
    pub(super) nodes: Vec<f64>,
    /// Their barycentric weights.
    pub(super) weights: Vec<f64>,
    /// `quantiles[k * width + i]`: the quantile of level `t_lo + i` at `nodes[k]`.
    pub(super) quantiles: Vec<f64>,
    pub(super) width: usize,
}

impl Interpolant {
    /// Interpolates the tails over the span between the nodes `start` and `end`, or `None`
    /// when [`MAX_NODES`] nodes do not pass the check.
    pub(super) fn new(
        balance: &Balance,
        t_lo: i64,
        (start, end): (Node, Node),
        council: &mut Council,
        density: &dyn Fn(f64) -> f64,
    ) -> Option<Interpolant> {
        let (a, b) = (start.eta, end.eta);
        let width = start.upper.len();
        let mut scratch = balance.scratch();
        let at = |k: usize, n: usize| {
            0.5 * (a + b) - 0.5 * (b - a) * (std::f64::consts::PI * k as f64 / (n - 1) as f64).cos()
        };
        let mut nodes = vec![start];
        for k in 1..FIRST_NODES - 1 {
            nodes.push(Node::new(
                balance,
                at(k, FIRST_NODES),
                t_lo,
                width,
                &mut scratch,
            ));
        }
        nodes.push(end);
        let weights = balance.weights();
        let (mut quantiles, mut tails, mut blocked) =
            (vec![0.0; width], vec![0.0; width], vec![0.0; width]);
        loop {
            let coarse = Interpolant::through(&nodes);
            let n = 2 * nodes.len() - 1;
            let mut error: f64 = 0.0;
            let mut finer = Vec::with_capacity(n);
            for (k, node) in nodes.into_iter().enumerate() {
                if k > 0 {
                    let added = Node::new(balance, at(2 * k - 1, n), t_lo, width, &mut scratch);
                    blocked.fill(0.0);
                    council.levels(added.eta, weights, t_lo, &mut blocked);
                    coarse.tails(added.eta, &blocked, &mut quantiles, &mut tails);
                    let missed: f64 = (0..width)
                        .map(|i| blocked[i] * (tails[i] - added.upper[i]).abs())
                        .sum();
                    error = error.max(density(added.eta) * missed);
                    finer.push(added);
                }
                finer.push(node);
            }
            nodes = finer;
            if (b - a) * error <= GK_TOLERANCE {
                return Some(Interpolant::through(&nodes));
            }
            if n >= MAX_NODES {
                return None;
            }
        }
    }

    /// The interpolant through `nodes` (Chebyshev–Lobatto points, increasing).
    pub(super) fn through(nodes: &[Node]) -> Interpolant {
        let n = nodes.len();
        let width = nodes[0].quantiles.len();
        Interpolant {
            nodes: nodes.iter().map(|node| node.eta).collect(),
            weights: (0..n)
                .map(|k| {
                    let sign = if k % 2 == 0 { 1.0 } else { -1.0 };
                    if k == 0 || k == n - 1 {
                        0.5 * sign
                    } else {
                        sign
                    }
                })
                .collect(),
            quantiles: nodes
                .iter()
                .flat_map(|node| node.quantiles.iter().copied())
                .collect(),
            width,
        }
    }

    /// Writes the interpolated `P(D >= t_lo + i | eta)` to `tails[i]` where `consulted[i]` is
    /// not 0 (and 0 elsewhere), using `quantiles` as scratch space.
    pub(super) fn tails(
        &self,
        eta: f64,
        consulted: &[f64],
        quantiles: &mut [f64],
        tails: &mut [f64],
    ) {
        let width = self.width;
        quantiles.fill(0.0);
        let mut total = 0.0;
        let mut exact = None;
        for (k, (&node, &weight)) in self.nodes.iter().zip(&self.weights).enumerate() {
            let d = eta - node;
            if d == 0.0 {
                exact = Some(k);
                break;
            }
            let c = weight / d;
            total += c;
            let row = &self.quantiles[k * width..(k + 1) * width];
            for (q, &v) in quantiles.iter_mut().zip(row) {
                *q += c * v;
            }
        }
        match exact {
            Some(k) => quantiles.copy_from_slice(&self.quantiles[k * width..(k + 1) * width]),
            None => quantiles.iter_mut().for_each(|q| *q /= total),
        }
        for ((t, &q), &c) in tails.iter_mut().zip(quantiles.iter()).zip(consulted) {
            *t = if c == 0.0 || q < -SETTLED {
                0.0
            } else if q > SETTLED {
                1.0
            } else {
                phi(q)
            };
        }
    }
}
