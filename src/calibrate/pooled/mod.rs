//! The pooled vote model: one ordered probit fitted on every vote the Council took.
//!
//! The model of [`crate::vote`] was estimated on the contested drafts alone. This one is fitted
//! on the whole population of Council votes — adopted resolutions, vetoed drafts and failed
//! drafts — and can so represent both the consensual majority and the contested few:
//! ```text
//! U_id = b[fate_d, era_d, seat_i] + b_kind[kind_d] + b_align s_id + b_sponsor S_id - b_target T_id
//!        + alpha_i + delta_i[group_d, decade_d] + eta_d + eps_id
//! eta_d ~ Normal(0, sigma[fate_d]^2),  eps_id ~ Normal(0, 1)
//! yes if U > 0; abstain if -c[fate_d, seat_i] < U <= 0; no if U <= -c[fate_d, seat_i]
//! ```
//! * `fate` is what the record says of the vote: adopted, vetoed, or failed for want of votes.
//!   A forecast of a draft is a forecast *given its fate class*, as a base rate fitted on the
//!   vetoed drafts is; evaluation also conditions on the recorded fate event itself (see
//!   [`conditional`]).
//! * `era` splits the record at 1990 and 2010; `seat` is permanent (the five) or elected.
//! * `alpha_i` is the member's own effect, partially pooled toward its seat type's intercept by a
//!   normal prior (`tau_member`); `delta_i` lets the effect move by decade, separately on adopted
//!   resolutions and on contested drafts, as a random walk (`tau_first`, `tau_step`).
//! * The fixed effects carry a weak normal prior (`tau_fixed`) that only keeps the fit finite
//!   where the record separates (every sponsor on the Council voted for its draft).
//!
//! The fit maximises the penalised log-likelihood (the posterior mode) by L-BFGS ([`lbfgs`]) with
//! the analytic gradient of [`likelihood`]; sums run in the rolls' order, so the result does not
//! depend on the number of threads. [`forecast`] scores it and its baselines on held-out years.

pub mod conditional;
pub mod data;
pub mod forecast;
pub mod lbfgs;
pub mod likelihood;
pub mod model_file;
pub mod predict;

use serde::Serialize;

pub use data::{Cast, Fate, PooledData, Roll};

use crate::engine::GaussHermite;
use crate::world::ActionKind;

/// Number of eras of the intercepts: before 1990, 1990–2009, 2010 on.
pub const ERAS: usize = 3;
/// Number of decades of the members' drifting effects: the 1940s to the 2020s.
pub const DECADES: usize = 9;
/// Groups of the drifting effects: adopted resolutions, contested drafts.
pub const GROUPS: usize = 2;
/// Gauss–Hermite nodes of the fit.
pub const FIT_NODES: usize = 20;

/// The era of a year.
pub fn era_of(year: i32) -> usize {
    if year < 1990 {
        0
    } else if year < 2010 {
        1
    } else {
        2
    }
}

/// The decade index of a year (1940s = 0, clamped to the 2020s).
pub fn decade_of(year: i32) -> usize {
    (((year - 1940).max(0) / 10) as usize).min(DECADES - 1)
}

/// The declared priors of the pooled model (standard deviations of normal priors).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Priors {
    /// Fixed effects: intercepts, kinds, slopes.
    pub tau_fixed: f64,
    /// A member's own effect around its seat type.
    pub tau_member: f64,
    /// A member's drift in its first decade.
    pub tau_first: f64,
    /// A member's drift from one decade to the next.
    pub tau_step: f64,
}

impl Default for Priors {
    fn default() -> Self {
        Priors {
            tau_fixed: 3.0,
            tau_member: 0.1,
            tau_first: 0.5,
            tau_step: 0.15,
        }
    }
}

/// Where each parameter sits in the vector.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    /// Number of members.
    pub members: usize,
}

impl Layout {
    /// Intercepts by fate, era and seat: `3 * ERAS * 2`.
    pub const INTERCEPTS: usize = 3 * ERAS * 2;
    /// Offset of the kinds' effects.
    pub const KIND: usize = Self::INTERCEPTS;
    /// Offset of `b_align`, `b_sponsor`, `b_target`.
    pub const SLOPES: usize = Self::KIND + ActionKind::ALL.len();
    /// Offset of `ln sigma` by fate.
    pub const LOG_SIGMA: usize = Self::SLOPES + 3;
    /// Offset of `ln cut` by fate and seat.
    pub const LOG_CUT: usize = Self::LOG_SIGMA + 3;
    /// Offset of the members' effects.
    pub const MEMBER: usize = Self::LOG_CUT + 6;

    /// The intercept of a fate, era and seat.
    pub fn intercept(fate: Fate, era: usize, permanent: bool) -> usize {
        (fate.index() * ERAS + era) * 2 + usize::from(!permanent)
    }

    /// The cut-point of a fate and seat.
    pub fn log_cut(fate: Fate, permanent: bool) -> usize {
        Self::LOG_CUT + fate.index() * 2 + usize::from(!permanent)
    }

    /// A member's own effect.
    pub fn member(&self, m: usize) -> usize {
        Self::MEMBER + m
    }

    /// A member's drift in a group and decade.
    pub fn drift(&self, m: usize, group: usize, decade: usize) -> usize {
        Self::MEMBER + self.members + (m * GROUPS + group) * DECADES + decade
    }

    /// The number of parameters.
    pub fn len(&self) -> usize {
        Self::MEMBER + self.members * (1 + GROUPS * DECADES)
    }

    /// Never empty.
    pub fn is_empty(&self) -> bool {
        false
    }
}

/// The kind whose effect is fixed at 0 (the reference of the kinds' effects).
pub const REFERENCE_KIND: ActionKind = ActionKind::Other;

/// A fitted pooled model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PooledFit {
    /// The members, in parameter order.
    pub members: Vec<String>,
    /// The parameter vector (see [`Layout`]).
    pub theta: Vec<f64>,
    /// The priors it was fitted with.
    pub priors: Priors,
    /// The maximised penalised log-likelihood.
    pub log_posterior: f64,
    /// The log-likelihood at the optimum (without the priors).
    pub loglik: f64,
    /// L-BFGS iterations.
    pub iterations: usize,
    /// Whether the optimiser met its gradient tolerance.
    pub converged: bool,
    /// The largest component of the gradient at the optimum.
    pub gradient_max: f64,
    /// The rolls and votes it was fitted on.
    pub rolls: usize,
    /// The votes it was fitted on.
    pub votes: usize,
}

impl PooledFit {
    /// The layout of the parameter vector.
    pub fn layout(&self) -> Layout {
        Layout {
            members: self.members.len(),
        }
    }

    /// The index of a member, if it was in the fit.
    pub fn member_index(&self, code: &str) -> Option<usize> {
        self.members.iter().position(|m| m == code)
    }

    /// The draft shock's standard deviation of a fate.
    pub fn sigma(&self, fate: Fate) -> f64 {
        self.theta[Layout::LOG_SIGMA + fate.index()].exp()
    }

    /// The cut-point of a fate and seat.
    pub fn cut(&self, fate: Fate, permanent: bool) -> f64 {
        self.theta[Layout::log_cut(fate, permanent)].exp()
    }

    /// The linear predictor of a cast in a roll (the latent support without the shock).
    pub fn linear(&self, roll: &Roll, cast: &Cast) -> f64 {
        let t = &self.theta;
        let l = self.layout();
        let mut x = t[Layout::intercept(roll.fate, era_of(roll.year), cast.permanent)]
            + t[Layout::KIND + kind_index(roll.kind)]
            + t[Layout::SLOPES] * cast.s
            + t[Layout::SLOPES + 1] * f64::from(u8::from(cast.sponsor))
            - t[Layout::SLOPES + 2] * f64::from(u8::from(cast.target));
        if let Ok(m) = self.members.binary_search(&cast.code) {
            x += t[l.member(m)] + t[l.drift(m, roll.fate.group(), decade_of(roll.year))];
        }
        x
    }

    /// A member's marginal probabilities of yes, abstain and no in a roll, the shock integrated
    /// out (`P(yes) = Phi(x / tau)`, `P(no) = Phi((-c - x) / tau)`, `tau = sqrt(1 + sigma^2)`).
    pub fn marginal(&self, roll: &Roll, cast: &Cast) -> [f64; 3] {
        let x = self.linear(roll, cast);
        let c = self.cut(roll.fate, cast.permanent);
        let tau = (1.0 + self.sigma(roll.fate).powi(2)).sqrt();
        let yes = crate::vote::phi(x / tau);
        let no = crate::vote::phi((-c - x) / tau);
        [yes, (1.0 - yes - no).max(0.0), no]
    }

    /// The members' probabilities given the shock at each quadrature node: `[node][cast]`.
    pub fn given_shock(&self, roll: &Roll, gh: &GaussHermite) -> Vec<Vec<[f64; 3]>> {
        let sigma = self.sigma(roll.fate);
        let lin: Vec<(f64, f64)> = roll
            .casts
            .iter()
            .map(|c| (self.linear(roll, c), self.cut(roll.fate, c.permanent)))
            .collect();
        gh.nodes
            .iter()
            .map(|z| {
                lin.iter()
                    .map(|&(x, c)| crate::vote::vote_probabilities(x, sigma * z, c))
                    .collect()
            })
            .collect()
    }
}

/// The index of a kind in [`ActionKind::ALL`].
pub fn kind_index(kind: ActionKind) -> usize {
    ActionKind::ALL
        .iter()
        .position(|k| *k == kind)
        .expect("every kind is in ALL")
}

/// Fits the pooled model to `data` with `priors`.
///
/// # Complexity
/// Each evaluation costs O(votes · nodes); L-BFGS takes a few hundred.
pub fn fit(data: &PooledData, priors: Priors) -> PooledFit {
    let layout = Layout {
        members: data.members.len(),
    };
    let gh = GaussHermite::new(FIT_NODES);
    let objective = |theta: &[f64], grad: &mut [f64]| -> f64 {
        let value = likelihood::log_posterior(data, theta, layout, priors, &gh, Some(grad));
        grad.iter_mut().for_each(|g| *g = -*g);
        -value
    };
    let x0 = likelihood::start(layout);
    let result = lbfgs::minimize(
        &objective,
        &x0,
        lbfgs::Options {
            max_iterations: 2000,
            memory: 20,
            gradient_tolerance: 1e-3,
            relative_tolerance: 1e-14,
        },
    );
    let loglik = likelihood::log_posterior(
        data,
        &result.x,
        layout,
        Priors {
            tau_fixed: f64::INFINITY,
            tau_member: f64::INFINITY,
            tau_first: f64::INFINITY,
            tau_step: f64::INFINITY,
        },
        &gh,
        None,
    );
    PooledFit {
        members: data.members.clone(),
        theta: result.x,
        priors,
        log_posterior: -result.value,
        loglik,
        iterations: result.iterations,
        converged: result.converged,
        gradient_max: result.gradient_max,
        rolls: data.rolls.len(),
        votes: data.votes(),
    }
}

/// Standard errors at the posterior mode: the square roots of the diagonal of the inverse of
/// the negative Hessian of the log-posterior (central differences of the analytic gradient).
/// `None` where the Hessian is not positive definite.
///
/// # Complexity
/// Two gradient evaluations per parameter: meant for small models (tests, synthetic checks).
pub fn standard_errors(data: &PooledData, fit: &PooledFit) -> Option<Vec<f64>> {
    let layout = fit.layout();
    let n = layout.len();
    let gh = GaussHermite::new(FIT_NODES);
    let mut h = vec![0.0; n * n];
    let reference = Layout::KIND + kind_index(REFERENCE_KIND);
    for j in 0..n {
        if j == reference {
            h[j * n + j] = 1.0;
            continue;
        }
        let step = 1e-5 * (1.0 + fit.theta[j].abs());
        let mut up = fit.theta.clone();
        up[j] += step;
        let mut down = fit.theta.clone();
        down[j] -= step;
        let (mut gu, mut gd) = (vec![0.0; n], vec![0.0; n]);
        likelihood::log_posterior(data, &up, layout, fit.priors, &gh, Some(&mut gu));
        likelihood::log_posterior(data, &down, layout, fit.priors, &gh, Some(&mut gd));
        for i in 0..n {
            if i != reference {
                h[i * n + j] = -(gu[i] - gd[i]) / (2.0 * step);
            }
        }
    }
    // Symmetrise.
    for i in 0..n {
        for j in 0..i {
            let m = 0.5 * (h[i * n + j] + h[j * n + i]);
            h[i * n + j] = m;
            h[j * n + i] = m;
        }
    }
    let inv = crate::calibrate::optim::inverse_spd(&h, n)?;
    Some((0..n).map(|i| inv[i * n + i].max(0.0).sqrt()).collect())
}
