//! The log-likelihood of the ordered probit with a draft-level random effect, and its gradient.
//!
//! For draft `d` with recorded votes `v_i`, the likelihood integrates the shared shock
//! `eta ~ Normal(0, sigma^2)` out by Gauss–Hermite quadrature:
//! ```text
//! L_d = sum_k w_k prod_i P(v_i | x_i + sigma z_k, c_i)
//! x_i = b_g(d) + b_align s_i + b_sponsor S_i - b_target T_i
//! P(yes) = Phi(m),  P(abstain) = Phi(c + m) - Phi(m),  P(no) = Phi(-c - m)
//! ```
//! with `c_i` the cut-point of the member's seat. The parameter vector is laid out by
//! [`Layout`]: the intercepts of the kind groups, then `b_align`, `b_sponsor`, `b_target`,
//! `ln sigma`, `ln cut_permanent`, `ln cut_elected` (logs keep the last three positive).
//! Probabilities are computed on the log scale with tail-stable formulas, so extreme values of
//! the linear predictor do not produce `-inf`.
//!
//! Drafts are evaluated in parallel and their contributions added in the drafts' order, so the
//! result does not depend on the number of threads.

use rayon::prelude::*;

use crate::engine::GaussHermite;

/// Where each parameter sits in the vector.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    /// Number of intercepts (kind groups).
    pub groups: usize,
}

impl Layout {
    /// The number of parameters.
    pub fn len(&self) -> usize {
        self.groups + 6
    }

    /// Whether there are no parameters (never: the slopes are always there).
    pub fn is_empty(&self) -> bool {
        false
    }

    /// `b_align`.
    pub fn align(&self) -> usize {
        self.groups
    }

    /// `b_sponsor`.
    pub fn sponsor(&self) -> usize {
        self.groups + 1
    }

    /// `b_target`.
    pub fn target(&self) -> usize {
        self.groups + 2
    }

    /// `ln sigma`.
    pub fn log_sigma(&self) -> usize {
        self.groups + 3
    }

    /// `ln cut_permanent`.
    pub fn log_cut_permanent(&self) -> usize {
        self.groups + 4
    }

    /// `ln cut_elected`.
    pub fn log_cut_elected(&self) -> usize {
        self.groups + 5
    }
}

/// One vote as the likelihood sees it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Obs {
    /// Alignment score.
    pub s: f64,
    /// 1 for a sponsor, else 0.
    pub sponsor: f64,
    /// 1 for a target, else 0.
    pub target: f64,
    /// Whether the seat is permanent.
    pub permanent: bool,
    /// 0 yes, 1 abstain, 2 no.
    pub vote: u8,
}

/// One draft as the likelihood sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct DraftObs {
    /// Its intercept's index.
    pub group: usize,
    /// Its votes.
    pub votes: Vec<Obs>,
}

const LN_SQRT_2PI: f64 = 0.918_938_533_204_672_8;

/// The standard normal density.
pub fn pdf(x: f64) -> f64 {
    (-0.5 * x * x - LN_SQRT_2PI).exp()
}

/// `ln Phi(x)`, accurate in the lower tail.
pub fn ln_cdf(x: f64) -> f64 {
    if x > -30.0 {
        crate::vote::phi(x).ln()
    } else {
        // Asymptotic expansion of the Mills ratio.
        let x2 = x * x;
        -0.5 * x2 - (-x).ln() - LN_SQRT_2PI + (1.0 - 1.0 / x2 + 3.0 / (x2 * x2)).ln()
    }
}

/// `ln(1 - e^a)` for `a < 0`.
fn ln_1m_exp(a: f64) -> f64 {
    if a > -std::f64::consts::LN_2 {
        (-a.exp_m1()).ln()
    } else {
        (-a.exp()).ln_1p()
    }
}

/// `ln Phi(x)` and the inverse Mills ratio `phi(x) / Phi(x)`.
fn ln_cdf_and_ratio(x: f64) -> (f64, f64) {
    if x > -30.0 {
        let p = crate::vote::phi(x);
        (p.ln(), pdf(x) / p)
    } else {
        let lp = ln_cdf(x);
        (lp, (-0.5 * x * x - LN_SQRT_2PI - lp).exp())
    }
}

/// `ln P(vote | m, c)` and its derivatives with respect to `m` and `c`.
pub fn vote_terms(m: f64, c: f64, vote: u8) -> (f64, f64, f64) {
    match vote {
        0 => {
            let (lp, r) = ln_cdf_and_ratio(m);
            (lp, r, 0.0)
        }
        2 => {
            let (lp, r) = ln_cdf_and_ratio(-c - m);
            (lp, -r, -r)
        }
        _ => {
            // P = Phi(c + m) - Phi(m), from whichever tail keeps precision.
            let p = if m > 0.0 {
                crate::vote::phi(-m) - crate::vote::phi(-c - m)
            } else {
                crate::vote::phi(c + m) - crate::vote::phi(m)
            };
            if p > 1e-200 {
                let up = pdf(c + m) / p;
                let low = pdf(m) / p;
                return (p.ln(), up - low, up);
            }
            let lp = if m > 0.0 {
                let (a, b) = (ln_cdf(-m), ln_cdf(-c - m));
                a + ln_1m_exp(b - a)
            } else {
                let (a, b) = (ln_cdf(c + m), ln_cdf(m));
                a + ln_1m_exp(b - a)
            };
            let lp = lp.max(-700.0);
            let up = (-0.5 * (c + m) * (c + m) - LN_SQRT_2PI - lp).exp();
            let low = (-0.5 * m * m - LN_SQRT_2PI - lp).exp();
            (lp, up - low, up)
        }
    }
}

/// The natural-scale values the likelihood needs.
#[derive(Debug, Clone, Copy)]
struct Scalars {
    align: f64,
    sponsor: f64,
    target: f64,
    sigma: f64,
    cut_p: f64,
    cut_e: f64,
}

fn scalars(theta: &[f64], layout: Layout) -> Scalars {
    Scalars {
        align: theta[layout.align()],
        sponsor: theta[layout.sponsor()],
        target: theta[layout.target()],
        sigma: theta[layout.log_sigma()].exp(),
        cut_p: theta[layout.log_cut_permanent()].exp(),
        cut_e: theta[layout.log_cut_elected()].exp(),
    }
}

/// The log-likelihood of one draft, adding its gradient to `grad` when given.
pub fn draft_loglik(
    d: &DraftObs,
    theta: &[f64],
    layout: Layout,
    gh: &GaussHermite,
    grad: Option<&mut [f64]>,
) -> f64 {
    let p = scalars(theta, layout);
    let b = theta[d.group];
    let x: Vec<f64> = d
        .votes
        .iter()
        .map(|o| b + p.align * o.s + p.sponsor * o.sponsor - p.target * o.target)
        .collect();
    let k = gh.nodes.len();
    let mut g = vec![0.0; k];
    let want = grad.is_some();
    // Per node: derivatives with respect to the linear predictor's parts.
    // [d/db, d/align, d/sponsor, d/target, d/ln sigma, d/ln cut_p, d/ln cut_e]
    let mut parts = vec![[0.0f64; 7]; if want { k } else { 0 }];
    for (node, (&z, gk)) in gh.nodes.iter().zip(g.iter_mut()).enumerate() {
        let eta = p.sigma * z;
        let mut acc = [0.0f64; 7];
        for (o, &xi) in d.votes.iter().zip(&x) {
            let c = if o.permanent { p.cut_p } else { p.cut_e };
            let (lp, dm, dc) = vote_terms(xi + eta, c, o.vote);
            *gk += lp;
            if want {
                acc[0] += dm;
                acc[1] += dm * o.s;
                acc[2] += dm * o.sponsor;
                acc[3] -= dm * o.target;
                acc[4] += dm * eta;
                if o.permanent {
                    acc[5] += dc * c;
                } else {
                    acc[6] += dc * c;
                }
            }
        }
        if want {
            parts[node] = acc;
        }
    }
    let lw: Vec<f64> = gh
        .weights
        .iter()
        .zip(&g)
        .map(|(w, gk)| w.ln() + gk)
        .collect();
    let top = lw.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let sum: f64 = lw.iter().map(|l| (l - top).exp()).sum();
    let ll = top + sum.ln();
    if let Some(grad) = grad {
        let mut acc = [0.0f64; 7];
        for (l, part) in lw.iter().zip(&parts) {
            let pi = (l - ll).exp();
            for (a, v) in acc.iter_mut().zip(part) {
                *a += pi * v;
            }
        }
        grad[d.group] += acc[0];
        grad[layout.align()] += acc[1];
        grad[layout.sponsor()] += acc[2];
        grad[layout.target()] += acc[3];
        grad[layout.log_sigma()] += acc[4];
        grad[layout.log_cut_permanent()] += acc[5];
        grad[layout.log_cut_elected()] += acc[6];
    }
    ll
}

/// The log-likelihood of all drafts and its gradient.
///
/// # Complexity
/// O(votes · nodes), spread over the rayon pool.
pub fn loglik(
    drafts: &[DraftObs],
    theta: &[f64],
    layout: Layout,
    gh: &GaussHermite,
) -> (f64, Vec<f64>) {
    let parts: Vec<(f64, Vec<f64>)> = drafts
        .par_iter()
        .map(|d| {
            let mut g = vec![0.0; layout.len()];
            let ll = draft_loglik(d, theta, layout, gh, Some(&mut g));
            (ll, g)
        })
        .collect();
    let mut total = 0.0;
    let mut grad = vec![0.0; layout.len()];
    for (ll, g) in parts {
        total += ll;
        grad.iter_mut().zip(&g).for_each(|(a, b)| *a += b);
    }
    (total, grad)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vote_probabilities_sum_to_one_and_match_the_model() {
        for &(m, c) in &[
            (0.3, 0.8),
            (-2.0, 0.2),
            (4.0, 1.5),
            (-35.0, 0.5),
            (12.0, 0.1),
        ] {
            let total: f64 = (0..3).map(|v| vote_terms(m, c, v).0.exp()).sum();
            assert!((total - 1.0).abs() < 1e-9, "m {m} c {c}: {total}");
            let [y, a, n] = crate::vote::vote_probabilities(m, 0.0, c);
            if m.abs() < 8.0 {
                assert!((vote_terms(m, c, 0).0.exp() - y).abs() < 1e-12);
                assert!((vote_terms(m, c, 1).0.exp() - a).abs() < 1e-12);
                assert!((vote_terms(m, c, 2).0.exp() - n).abs() < 1e-12);
            }
        }
    }

    #[test]
    fn derivatives_match_finite_differences() {
        let h = 1e-6;
        for &(m, c) in &[(0.3, 0.8), (-2.0, 0.2), (3.0, 1.5)] {
            for v in 0..3 {
                let (_, dm, dc) = vote_terms(m, c, v);
                let fm = (vote_terms(m + h, c, v).0 - vote_terms(m - h, c, v).0) / (2.0 * h);
                let fc = (vote_terms(m, c + h, v).0 - vote_terms(m, c - h, v).0) / (2.0 * h);
                assert!((dm - fm).abs() < 1e-6, "dm {v}: {dm} vs {fm}");
                assert!((dc - fc).abs() < 1e-6, "dc {v}: {dc} vs {fc}");
            }
        }
    }

    #[test]
    fn gradient_matches_finite_differences() {
        let layout = Layout { groups: 2 };
        let obs = |s: f64, sp: f64, t: f64, permanent: bool, vote: u8| Obs {
            s,
            sponsor: sp,
            target: t,
            permanent,
            vote,
        };
        let drafts = vec![
            DraftObs {
                group: 0,
                votes: vec![
                    obs(0.2, 1.0, 0.0, true, 0),
                    obs(-0.1, 0.0, 0.0, false, 1),
                    obs(-0.3, 0.0, 1.0, true, 2),
                    obs(0.05, 0.0, 0.0, false, 0),
                ],
            },
            DraftObs {
                group: 1,
                votes: vec![
                    obs(0.1, 0.0, 0.0, true, 2),
                    obs(0.3, 0.0, 0.0, false, 0),
                    obs(-0.2, 0.0, 0.0, false, 1),
                ],
            },
        ];
        let theta = [
            0.4,
            -0.2,
            1.3,
            0.8,
            1.1,
            (0.7f64).ln(),
            (0.3f64).ln(),
            (1.2f64).ln(),
        ];
        let gh = GaussHermite::new(24);
        let (_, g) = loglik(&drafts, &theta, layout, &gh);
        for j in 0..theta.len() {
            let mut up = theta;
            let mut down = theta;
            up[j] += 1e-6;
            down[j] -= 1e-6;
            let fd = (loglik(&drafts, &up, layout, &gh).0 - loglik(&drafts, &down, layout, &gh).0)
                / 2e-6;
            assert!((g[j] - fd).abs() < 1e-6, "parameter {j}: {} vs {fd}", g[j]);
        }
    }
}
