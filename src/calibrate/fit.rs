//! The maximum-likelihood fit of the vote model, its standard errors, and the two baselines.
//!
//! [`fit_model`] maximises the likelihood of [`super::likelihood`] by [`super::optim::newton`]
//! and takes standard errors from the observed information (the inverse of the negative
//! Hessian at the maximum; for `sigma` and the cut-points, fitted on the log scale, by the
//! delta method, with intervals from the log scale).
//!
//! Kinds of action with at least [`MIN_DRAFTS`] drafts in the data have their own intercept;
//! the others, and drafts whose kind the curators could not establish (`unknown`), share one
//! (`other kinds (pooled)`). A kind absent from the data takes the pooled intercept, or the
//! draft-weighted mean of the intercepts when nothing is pooled.
//!
//! **Separation.** When every recorded vote of the sponsors on the Council is yes, the
//! likelihood keeps increasing with `b_sponsor` and has no maximum (likewise `b_target` when
//! every target voted no). The fit then says so and holds the parameter at the lower end of
//! its 95% profile-likelihood interval `[L, inf)`: the smallest value the data do not reject,
//! the other parameters being refitted at each trial value. With no sponsor (or target) votes
//! at all, the parameter keeps its declared prior. Either way it is reported as not estimated.
//!
//! The baselines are the same model without the alignment term (`b_align = 0`) and each
//! member's overall yes/abstain/no rates ([`MemberRates`]).

use std::collections::BTreeMap;

use serde::Serialize;

use super::data::{DraftData, Member, VoteData};
use super::likelihood::{DraftObs, Layout, Obs, loglik};
use super::optim::{NewtonOptions, cholesky, hessian, inverse_spd, newton};
use crate::engine::GaussHermite;
use crate::error::{Error, Result};
use crate::vote::ModelParams;
use crate::world::ActionKind;

/// Kinds with fewer drafts than this share the pooled intercept.
pub const MIN_DRAFTS: usize = 5;
/// The declared prior of `b_sponsor`, kept when the data have no sponsor votes.
pub const SPONSOR_PRIOR: f64 = 1.0;
/// The declared prior of `b_target`, kept when the data have no target votes.
pub const TARGET_PRIOR: f64 = 1.5;
/// The value standing for "without bound" when profiling a separated parameter.
pub const UNBOUNDED: f64 = 10.0;
/// Half the 95% quantile of the chi-squared distribution with one degree of freedom.
pub const PROFILE_DROP: f64 = 1.920_729_410_347_062;
/// Default Gauss–Hermite nodes.
pub const DEFAULT_NODES: usize = 40;

/// The intercepts: which kinds of action share which.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KindGroups {
    /// Each intercept's name: a kind, or `other kinds (pooled)`.
    pub names: Vec<String>,
    /// The kinds each intercept covers.
    pub kinds: Vec<Vec<ActionKind>>,
    /// Drafts behind each intercept.
    pub drafts: Vec<usize>,
    /// Votes behind each intercept.
    pub votes: Vec<usize>,
    /// Whether the last intercept is the pooled one.
    pub pooled: bool,
}

impl KindGroups {
    /// Groups the kinds of `data`'s drafts.
    pub fn from_data(data: &VoteData) -> KindGroups {
        let mut count: BTreeMap<ActionKind, (usize, usize)> = BTreeMap::new();
        for d in &data.drafts {
            let e = count.entry(d.kind).or_default();
            e.0 += 1;
            e.1 += d.members.iter().filter(|m| m.counts()).count();
        }
        let mut g = KindGroups {
            names: Vec::new(),
            kinds: Vec::new(),
            drafts: Vec::new(),
            votes: Vec::new(),
            pooled: false,
        };
        let (mut rest_kinds, mut rest_d, mut rest_v) = (Vec::new(), 0, 0);
        for kind in ActionKind::ALL {
            let (d, v) = count.get(&kind).copied().unwrap_or((0, 0));
            if d >= MIN_DRAFTS && kind != ActionKind::Unknown {
                g.names.push(kind.to_string());
                g.kinds.push(vec![kind]);
                g.drafts.push(d);
                g.votes.push(v);
            } else if d > 0 {
                rest_kinds.push(kind);
                rest_d += d;
                rest_v += v;
            }
        }
        if rest_d > 0 {
            g.names.push(format!(
                "other kinds (pooled: {})",
                rest_kinds
                    .iter()
                    .map(|k| k.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
            g.kinds.push(rest_kinds);
            g.drafts.push(rest_d);
            g.votes.push(rest_v);
            g.pooled = true;
        }
        g
    }

    /// The intercept a kind uses, if any: its own, or the pooled one.
    pub fn group_of(&self, kind: ActionKind) -> Option<usize> {
        self.kinds
            .iter()
            .position(|ks| ks.contains(&kind))
            .or(if self.pooled {
                Some(self.kinds.len() - 1)
            } else {
                None
            })
    }

    /// The number of intercepts.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// Whether there are no intercepts.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}

/// How a parameter was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// By maximum likelihood.
    Estimated,
    /// Held at the lower end of its profile-likelihood interval (separation).
    LowerBound,
    /// Held at a declared value (no data, or a baseline's restriction).
    Fixed,
}

/// One parameter of a fit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Estimate {
    /// Its name, as in the model file.
    pub name: String,
    /// The value.
    pub estimate: f64,
    /// Standard error from the observed information (estimated parameters only).
    pub std_error: Option<f64>,
    /// Lower end of the 95% interval.
    pub lower95: Option<f64>,
    /// Upper end of the 95% interval (`None`: unbounded or not estimated).
    pub upper95: Option<f64>,
    /// How it was obtained.
    pub status: Status,
    /// A remark (drafts and votes behind an intercept, why a value is held).
    pub note: String,
}

/// A parameter held fixed, with why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Held {
    /// Its index in the parameter vector.
    pub index: usize,
    /// Its value.
    pub value: f64,
    /// How it was obtained.
    pub status: Status,
    /// Why.
    pub note: String,
}

/// A fitted vote model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModelFit {
    /// The intercepts.
    pub groups: KindGroups,
    /// The parameter vector (log scale for `sigma` and the cut-points).
    pub theta: Vec<f64>,
    /// Parameters held fixed.
    pub held: Vec<Held>,
    /// The maximised log-likelihood.
    pub loglik: f64,
    /// Number of estimated parameters.
    pub free_parameters: usize,
    /// Newton steps.
    pub iterations: usize,
    /// Whether the gradient tolerance was met.
    pub converged: bool,
    /// Every parameter, in the model file's order.
    pub estimates: Vec<Estimate>,
    /// Covariance of the estimated parameters (internal scale), row-major.
    #[serde(skip)]
    pub covariance: Vec<f64>,
    /// Cholesky factor of the negative Hessian of the estimated parameters.
    #[serde(skip)]
    pub neg_hessian_factor: Vec<f64>,
    /// Gauss–Hermite nodes used.
    pub nodes: usize,
}

/// Converts drafts to the likelihood's form.
pub fn observations(data: &VoteData, groups: &KindGroups) -> Vec<DraftObs> {
    data.drafts
        .iter()
        .filter_map(|d| {
            let group = groups.group_of(d.kind)?;
            Some(DraftObs {
                group,
                votes: d
                    .members
                    .iter()
                    .filter(|m| m.counts())
                    .map(|m| Obs {
                        s: m.s,
                        sponsor: f64::from(u8::from(m.sponsor)),
                        target: f64::from(u8::from(m.target)),
                        permanent: m.permanent,
                        vote: m.vote.unwrap_or(0),
                    })
                    .collect(),
            })
        })
        .collect()
}

/// The objective over the free parameters `free`, the others taken from `base`.
fn objective<'a>(
    obs: &'a [DraftObs],
    layout: Layout,
    gh: &'a GaussHermite,
    base: &'a [f64],
    free: &'a [usize],
) -> impl Fn(&[f64]) -> (f64, Vec<f64>) + 'a {
    move |x: &[f64]| {
        let mut theta = base.to_vec();
        for (k, &i) in free.iter().enumerate() {
            theta[i] = x[k];
        }
        let (v, g) = loglik(obs, &theta, layout, gh);
        (v, free.iter().map(|&i| g[i]).collect())
    }
}

/// Starting values.
pub fn start(layout: Layout) -> Vec<f64> {
    let mut t = vec![0.5; layout.groups];
    t.extend([1.0, 1.0, 1.0, 0.8f64.ln(), 0.5f64.ln(), 1.0f64.ln()]);
    t
}

/// Maximises over every parameter not in `held`, from `theta0`; with `factor` (the Cholesky
/// factor of the negative Hessian of the free parameters at a nearby point), by fixed-Hessian
/// steps first.
fn maximise(
    obs: &[DraftObs],
    layout: Layout,
    gh: &GaussHermite,
    theta0: &[f64],
    held: &[Held],
    factor: Option<&[f64]>,
) -> (Vec<f64>, f64, usize, bool) {
    let mut base = theta0.to_vec();
    for h in held {
        base[h.index] = h.value;
    }
    let free = free_of(layout, held);
    let f = objective(obs, layout, gh, &base, &free);
    let x0: Vec<f64> = free.iter().map(|&i| base[i]).collect();
    let opt = match factor {
        Some(l) => super::optim::fixed_newton(&f, &x0, l, NewtonOptions::default()),
        None => newton(&f, &x0, NewtonOptions::default()),
    };
    let mut theta = base.clone();
    for (k, &i) in free.iter().enumerate() {
        theta[i] = opt.x[k];
    }
    (theta, opt.value, opt.iterations, opt.converged)
}

/// The parameters not held.
fn free_of(layout: Layout, held: &[Held]) -> Vec<usize> {
    (0..layout.len())
        .filter(|i| !held.iter().any(|h| h.index == *i))
        .collect()
}

/// The Cholesky factor of the negative Hessian of the free parameters at `theta`, if it is
/// positive definite.
fn neg_hessian_factor(
    obs: &[DraftObs],
    layout: Layout,
    gh: &GaussHermite,
    theta: &[f64],
    free: &[usize],
) -> (Option<Vec<f64>>, Vec<f64>) {
    let f = objective(obs, layout, gh, theta, free);
    let x: Vec<f64> = free.iter().map(|&i| theta[i]).collect();
    let neg: Vec<f64> = hessian(&f, &x).iter().map(|v| -v).collect();
    (cholesky(&neg, free.len()), neg)
}

/// The lower end of the 95% profile-likelihood interval of parameter `index`, whose likelihood
/// increases without bound (separation), the parameters in `held` staying fixed.
fn profile_lower_bound(
    obs: &[DraftObs],
    layout: Layout,
    gh: &GaussHermite,
    theta0: &[f64],
    held: &[Held],
    index: usize,
) -> f64 {
    let with = |b: f64| {
        let mut h = held.to_vec();
        h.push(Held {
            index,
            value: b,
            status: Status::Fixed,
            note: String::new(),
        });
        h
    };
    let (t_sup, sup, _, _) = maximise(obs, layout, gh, theta0, &with(UNBOUNDED), None);
    let goal = sup - PROFILE_DROP;
    // The Hessian of the other parameters barely moves with the profiled one: reuse it.
    let free = free_of(layout, &with(UNBOUNDED));
    let (factor, _) = neg_hessian_factor(obs, layout, gh, &t_sup, &free);
    let at = |b: f64, from: &[f64]| -> (Vec<f64>, f64) {
        let (t, v, _, _) = maximise(obs, layout, gh, from, &with(b), factor.as_deref());
        (t, v)
    };
    let (mut lo, mut hi) = (-2.0, UNBOUNDED);
    let (t_lo, v_lo) = at(lo, &t_sup);
    if v_lo >= goal {
        return lo;
    }
    let mut warm = t_lo;
    while hi - lo > 2e-3 {
        let mid = 0.5 * (lo + hi);
        let (t, v) = at(mid, &warm);
        warm = t;
        if v >= goal {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    // Rounded up, so the value is within the interval.
    (hi * 1000.0).ceil() / 1000.0
}

/// Fits the vote model to `data` with intercepts `groups`; without the alignment term when
/// `align` is false. `nodes` Gauss–Hermite nodes integrate the draft shock.
///
/// # Errors
/// [`Error::Runtime`] when the observed information is not positive definite (a parameter the
/// data cannot determine).
pub fn fit_model(
    data: &VoteData,
    groups: &KindGroups,
    align: bool,
    nodes: usize,
) -> Result<ModelFit> {
    let layout = Layout {
        groups: groups.len(),
    };
    let gh = GaussHermite::new(nodes);
    let obs = observations(data, groups);
    let summary = data.summary();
    let mut held: Vec<Held> = Vec::new();
    if !align {
        held.push(Held {
            index: layout.align(),
            value: 0.0,
            status: Status::Fixed,
            note: "baseline without the alignment term".into(),
        });
    }
    let theta0 = start(layout);
    // Sponsors, then targets: no votes, separation, or estimated.
    let checks = [
        (
            layout.sponsor(),
            summary.sponsor_votes,
            0usize,
            SPONSOR_PRIOR,
            "sponsor",
            "yes",
        ),
        (
            layout.target(),
            summary.target_votes,
            2usize,
            TARGET_PRIOR,
            "target",
            "no",
        ),
    ];
    for (index, votes, extreme, prior, what, word) in checks {
        let total: usize = votes.iter().sum();
        if total == 0 {
            held.push(Held {
                index,
                value: prior,
                status: Status::Fixed,
                note: format!("no recorded {what} votes in the data: the declared prior"),
            });
        } else if votes[extreme] == total {
            // Profile with any other separated parameter held far out.
            let mut others = held.clone();
            if index == layout.sponsor()
                && summary.target_votes[2] == summary.target_votes.iter().sum::<usize>()
                && summary.target_votes[2] > 0
            {
                others.push(Held {
                    index: layout.target(),
                    value: UNBOUNDED,
                    status: Status::Fixed,
                    note: String::new(),
                });
            }
            let bound = profile_lower_bound(&obs, layout, &gh, &theta0, &others, index);
            held.push(Held {
                index,
                value: bound,
                status: Status::LowerBound,
                note: format!(
                    "all {total} recorded {what} votes are {word}: the likelihood has no maximum (separation); held at the lower end of the 95% profile-likelihood interval [{bound:.3}, inf)"
                ),
            });
        }
    }
    let (theta, value, iterations, converged) = maximise(&obs, layout, &gh, &theta0, &held, None);
    let free = free_of(layout, &held);
    let n = free.len();
    let (factor, neg) = neg_hessian_factor(&obs, layout, &gh, &theta, &free);
    let factor = factor.ok_or_else(|| {
        Error::Runtime(
            "the observed information is not positive definite: a parameter is not determined by these drafts (try a longer period)".into(),
        )
    })?;
    let covariance = inverse_spd(&neg, n).expect("a factorable matrix inverts");
    let mut fit = ModelFit {
        groups: groups.clone(),
        theta,
        held,
        loglik: value,
        free_parameters: n,
        iterations,
        converged,
        estimates: Vec::new(),
        covariance,
        neg_hessian_factor: factor,
        nodes,
    };
    fit.estimates = estimates(&fit, layout, &free);
    Ok(fit)
}

/// The parameters in the model file's order, with standard errors and intervals.
fn estimates(fit: &ModelFit, layout: Layout, free: &[usize]) -> Vec<Estimate> {
    let n = free.len();
    let var_of = |i: usize| -> Option<f64> {
        free.iter()
            .position(|&j| j == i)
            .map(|k| fit.covariance[k * n + k].max(0.0))
    };
    let z = crate::engine::stats::Z95;
    let mut out = Vec::new();
    let mut push = |name: String, i: usize, log_scale: bool, note: String| {
        let t = fit.theta[i];
        match var_of(i) {
            Some(var) => {
                let se = var.sqrt();
                let (estimate, std_error, lower, upper) = if log_scale {
                    let v = t.exp();
                    (v, v * se, (t - z * se).exp(), (t + z * se).exp())
                } else {
                    (t, se, t - z * se, t + z * se)
                };
                out.push(Estimate {
                    name,
                    estimate,
                    std_error: Some(std_error),
                    lower95: Some(lower),
                    upper95: Some(upper),
                    status: Status::Estimated,
                    note,
                });
            }
            None => {
                let h = fit.held.iter().find(|h| h.index == i);
                let value = if log_scale { t.exp() } else { t };
                out.push(Estimate {
                    name,
                    estimate: value,
                    std_error: None,
                    lower95: (h.map(|h| h.status) == Some(Status::LowerBound)).then_some(value),
                    upper95: None,
                    status: h.map_or(Status::Fixed, |h| h.status),
                    note: h.map_or(String::new(), |h| h.note.clone()),
                });
            }
        }
    };
    for g in 0..layout.groups {
        push(
            format!("intercept.{}", fit.groups.names[g]),
            g,
            false,
            format!(
                "{} drafts, {} votes",
                fit.groups.drafts[g], fit.groups.votes[g]
            ),
        );
    }
    push("align".into(), layout.align(), false, String::new());
    push("sponsor".into(), layout.sponsor(), false, String::new());
    push("target".into(), layout.target(), false, String::new());
    push(
        "sigma_draft".into(),
        layout.log_sigma(),
        true,
        String::new(),
    );
    push(
        "cut_permanent".into(),
        layout.log_cut_permanent(),
        true,
        String::new(),
    );
    push(
        "cut_elected".into(),
        layout.log_cut_elected(),
        true,
        String::new(),
    );
    out
}

impl ModelFit {
    /// The layout of the parameter vector.
    pub fn layout(&self) -> Layout {
        Layout {
            groups: self.groups.len(),
        }
    }

    /// The indices of the estimated parameters.
    pub fn free(&self) -> Vec<usize> {
        (0..self.layout().len())
            .filter(|i| !self.held.iter().any(|h| h.index == *i))
            .collect()
    }

    /// The intercept of a kind: its group's, or the draft-weighted mean of all intercepts
    /// when the kind has no group.
    pub fn intercept(&self, kind: ActionKind) -> f64 {
        match self.groups.group_of(kind) {
            Some(g) => self.theta[g],
            None => {
                let total: usize = self.groups.drafts.iter().sum();
                self.groups
                    .drafts
                    .iter()
                    .enumerate()
                    .map(|(g, &d)| self.theta[g] * d as f64)
                    .sum::<f64>()
                    / total.max(1) as f64
            }
        }
    }

    /// `sigma`.
    pub fn sigma(&self) -> f64 {
        self.theta[self.layout().log_sigma()].exp()
    }

    /// The cut-point of a seat.
    pub fn cut(&self, permanent: bool) -> f64 {
        let l = self.layout();
        if permanent {
            self.theta[l.log_cut_permanent()].exp()
        } else {
            self.theta[l.log_cut_elected()].exp()
        }
    }

    /// A member's mean latent support on a draft (without the shock).
    pub fn linear(&self, d: &DraftData, m: &Member) -> f64 {
        let l = self.layout();
        let mut x = self.intercept(d.kind) + self.theta[l.align()] * m.s;
        if m.sponsor {
            x += self.theta[l.sponsor()];
        }
        if m.target {
            x -= self.theta[l.target()];
        }
        x
    }

    /// The vote model's parameters.
    pub fn params(&self) -> ModelParams {
        let l = self.layout();
        ModelParams {
            member: BTreeMap::new(),
            intercept: ActionKind::ALL
                .into_iter()
                .map(|k| (k, self.intercept(k)))
                .collect(),
            align: self.theta[l.align()],
            sponsor: self.theta[l.sponsor()],
            target: self.theta[l.target()],
            sigma_draft: self.sigma(),
            cut_permanent: self.cut(true),
            cut_elected: self.cut(false),
        }
    }

    /// Refits on `data` (nearly the data of this fit) with the same intercepts and held
    /// parameters, starting from this fit and its Hessian.
    pub fn refit(&self, data: &VoteData) -> ModelFit {
        let layout = self.layout();
        let gh = GaussHermite::new(self.nodes);
        let obs = observations(data, &self.groups);
        let free = self.free();
        let f = objective(&obs, layout, &gh, &self.theta, &free);
        let x0: Vec<f64> = free.iter().map(|&i| self.theta[i]).collect();
        let opt =
            super::optim::fixed_newton(&f, &x0, &self.neg_hessian_factor, NewtonOptions::default());
        let mut theta = self.theta.clone();
        for (k, &i) in free.iter().enumerate() {
            theta[i] = opt.x[k];
        }
        ModelFit {
            theta,
            loglik: opt.value,
            iterations: opt.iterations,
            converged: opt.converged,
            estimates: Vec::new(),
            covariance: Vec::new(),
            ..self.clone()
        }
    }
}

/// Each member's overall yes/abstain/no rates: the simplest baseline.
///
/// A member's rates are its counts plus two pseudo-votes spread as the pooled rates of its
/// seat (permanent or elected), so that a member with few votes leans on its seat's rates and
/// no probability is zero; a member without votes in the data takes its seat's rates.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MemberRates {
    /// Counts (yes, abstain, no) by member.
    pub counts: BTreeMap<String, [usize; 3]>,
    /// Pooled rates of elected and permanent seats.
    pub pooled: [[f64; 3]; 2],
    /// In-sample log-likelihood.
    pub loglik: f64,
    /// Number of parameters (two free rates per member).
    pub parameters: usize,
}

/// Pseudo-votes added to each member's counts.
pub const RATE_PRIOR: f64 = 2.0;

impl MemberRates {
    /// The rates of `data`.
    pub fn from_data(data: &VoteData) -> MemberRates {
        let mut counts: BTreeMap<String, [usize; 3]> = BTreeMap::new();
        let mut seat = [[0usize; 3]; 2];
        for m in data
            .drafts
            .iter()
            .flat_map(|d| &d.members)
            .filter(|m| m.counts())
        {
            let v = m.vote.unwrap_or(0) as usize;
            counts.entry(m.code.clone()).or_default()[v] += 1;
            seat[usize::from(m.permanent)][v] += 1;
        }
        let pooled = seat.map(|c| {
            let n = c.iter().sum::<usize>() as f64 + 3.0;
            // One pseudo-vote per category keeps a seat without data usable.
            [
                (c[0] as f64 + 1.0) / n,
                (c[1] as f64 + 1.0) / n,
                (c[2] as f64 + 1.0) / n,
            ]
        });
        let mut rates = MemberRates {
            parameters: 2 * counts.len(),
            counts,
            pooled,
            loglik: 0.0,
        };
        rates.loglik = data
            .drafts
            .iter()
            .flat_map(|d| &d.members)
            .filter(|m| m.counts())
            .map(|m| rates.probs(&m.code, m.permanent)[m.vote.unwrap_or(0) as usize].ln())
            .sum();
        rates
    }

    /// A member's probabilities of yes, abstain, no.
    pub fn probs(&self, code: &str, permanent: bool) -> [f64; 3] {
        let pool = self.pooled[usize::from(permanent)];
        let c = self.counts.get(code).copied().unwrap_or([0; 3]);
        let n = c.iter().sum::<usize>() as f64 + RATE_PRIOR;
        [0, 1, 2].map(|v| (c[v] as f64 + RATE_PRIOR * pool[v]) / n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::world::DraftFilter;

    #[test]
    fn kinds_with_few_drafts_share_an_intercept() {
        let world = crate::world::World::embedded().unwrap();
        let data = VoteData::from_world(
            world,
            &DraftFilter::default(),
            &crate::world::WindowChoice::Era,
        )
        .unwrap();
        let g = KindGroups::from_data(&data);
        assert!(g.pooled);
        assert!(g.drafts.iter().take(g.len() - 1).all(|&d| d >= MIN_DRAFTS));
        assert_eq!(g.drafts.iter().sum::<usize>(), data.drafts.len());
        // Every kind maps to an intercept.
        assert!(ActionKind::ALL.iter().all(|k| g.group_of(*k).is_some()));
    }

    #[test]
    fn member_rates_are_probabilities() {
        let world = crate::world::World::embedded().unwrap();
        let data = VoteData::from_world(
            world,
            &DraftFilter::default(),
            &crate::world::WindowChoice::Era,
        )
        .unwrap();
        let r = MemberRates::from_data(&data);
        for code in ["RUS", "USA", "ZZZ"] {
            let p = r.probs(code, true);
            assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-12);
            assert!(p.iter().all(|&x| x > 0.0));
        }
        assert!(r.loglik < 0.0);
    }
}
