//! The pooled model's penalised log-likelihood and its analytic gradient.
//!
//! For roll `d` the shock is integrated out by Gauss–Hermite quadrature,
//! `L_d = sum_k w_k prod_i P(v_i | x_i + sigma z_k, c_i)`, exactly as in
//! [`crate::calibrate::likelihood`]; the gradient follows from the posterior weights of the
//! nodes, `r_k = w_k prod_i P(v_i | ...) / L_d`. The priors of [`super::Priors`] add
//! `-theta^2 / (2 tau^2)` terms (a random walk over decades for the members' drift). Rolls are
//! evaluated in parallel and added in their order, so the value does not depend on the number
//! of threads.

use rayon::prelude::*;

use super::{DECADES, GROUPS};
use super::{
    Fate, Layout, PooledData, Priors, REFERENCE_KIND, Roll, decade_of, era_of, kind_index,
};
use crate::calibrate::likelihood::vote_terms;
use crate::engine::GaussHermite;

/// Starting values: most votes yes on adopted resolutions, fewer on contested drafts.
pub fn start(layout: Layout) -> Vec<f64> {
    let mut x = vec![0.0; layout.len()];
    for era in 0..super::ERAS {
        for permanent in [true, false] {
            x[Layout::intercept(Fate::Adopted, era, permanent)] = 2.0;
            x[Layout::intercept(Fate::Vetoed, era, permanent)] = 0.5;
        }
    }
    for fate in Fate::ALL {
        x[Layout::LOG_SIGMA + fate.index()] = 0.8f64.ln();
    }
    x[Layout::SLOPES] = 1.0;
    x[Layout::SLOPES + 1] = 1.0;
    x[Layout::SLOPES + 2] = 1.0;
    x
}

/// One roll's log-likelihood and its sparse gradient `(index, value)`.
fn roll_term(
    roll: &Roll,
    theta: &[f64],
    layout: Layout,
    gh: &GaussHermite,
    want_grad: bool,
) -> (f64, Vec<(usize, f64)>) {
    let fate = roll.fate;
    let sigma = theta[Layout::LOG_SIGMA + fate.index()].exp();
    let era = era_of(roll.year);
    let decade = decade_of(roll.year);
    let kind = Layout::KIND + kind_index(roll.kind);
    let q = gh.nodes.len();
    // Per counted cast: the parameters its linear predictor reads, x, c.
    struct Term {
        intercept: usize,
        member: usize,
        drift: usize,
        cut: usize,
        s: f64,
        sponsor: f64,
        target: f64,
        x: f64,
        c: f64,
        vote: u8,
    }
    let terms: Vec<Term> = roll
        .casts
        .iter()
        .filter(|c| c.counts())
        .map(|c| {
            let m = c.member.expect("counted casts have a member");
            let intercept = Layout::intercept(fate, era, c.permanent);
            let member = layout.member(m);
            let drift = layout.drift(m, fate.group(), decade);
            let cut = Layout::log_cut(fate, c.permanent);
            let sponsor = f64::from(u8::from(c.sponsor));
            let target = f64::from(u8::from(c.target));
            let x = theta[intercept]
                + theta[kind]
                + theta[Layout::SLOPES] * c.s
                + theta[Layout::SLOPES + 1] * sponsor
                - theta[Layout::SLOPES + 2] * target
                + theta[member]
                + theta[drift];
            Term {
                intercept,
                member,
                drift,
                cut,
                s: c.s,
                sponsor,
                target,
                x,
                c: theta[cut].exp(),
                vote: c.vote.expect("counted casts have a vote"),
            }
        })
        .collect();
    if terms.is_empty() {
        return (0.0, Vec::new());
    }
    let n = terms.len();
    let mut lp = vec![0.0; q];
    let mut gm = vec![0.0; if want_grad { n * q } else { 0 }];
    let mut gc = vec![0.0; if want_grad { n * q } else { 0 }];
    for (k, (z, w)) in gh.nodes.iter().zip(&gh.weights).enumerate() {
        let mut sum = w.ln();
        for (i, t) in terms.iter().enumerate() {
            let (l, dm, dc) = vote_terms(t.x + sigma * z, t.c, t.vote);
            sum += l;
            if want_grad {
                gm[i * q + k] = dm;
                gc[i * q + k] = dc;
            }
        }
        lp[k] = sum;
    }
    let top = lp.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let total: f64 = lp.iter().map(|l| (l - top).exp()).sum();
    let ll = top + total.ln();
    if !want_grad {
        return (ll, Vec::new());
    }
    let r: Vec<f64> = lp.iter().map(|l| (l - ll).exp()).collect();
    let mut grad = Vec::with_capacity(n * 8 + 1);
    let mut dsigma = 0.0;
    for (i, t) in terms.iter().enumerate() {
        let (mut dm, mut dz, mut dc) = (0.0, 0.0, 0.0);
        for k in 0..q {
            dm += r[k] * gm[i * q + k];
            dz += r[k] * gm[i * q + k] * gh.nodes[k];
            dc += r[k] * gc[i * q + k];
        }
        dsigma += dz;
        grad.push((t.intercept, dm));
        if roll.kind != REFERENCE_KIND {
            grad.push((kind, dm));
        }
        grad.push((Layout::SLOPES, dm * t.s));
        grad.push((Layout::SLOPES + 1, dm * t.sponsor));
        grad.push((Layout::SLOPES + 2, -dm * t.target));
        grad.push((t.member, dm));
        grad.push((t.drift, dm));
        grad.push((t.cut, dc * t.c));
    }
    grad.push((Layout::LOG_SIGMA + fate.index(), dsigma * sigma));
    (ll, grad)
}

/// The log-posterior (log-likelihood plus the priors' log densities, up to constants); with
/// `grad`, its gradient is written there.
pub fn log_posterior(
    data: &PooledData,
    theta: &[f64],
    layout: Layout,
    priors: Priors,
    gh: &GaussHermite,
    grad: Option<&mut [f64]>,
) -> f64 {
    let want = grad.is_some();
    let parts: Vec<(f64, Vec<(usize, f64)>)> = data
        .rolls
        .par_iter()
        .map(|r| roll_term(r, theta, layout, gh, want))
        .collect();
    let mut value = 0.0;
    let mut g = vec![0.0; layout.len()];
    for (ll, sparse) in &parts {
        value += ll;
        for &(i, v) in sparse {
            g[i] += v;
        }
    }
    // Priors.
    let inv = |tau: f64| 1.0 / (tau * tau);
    let fixed = inv(priors.tau_fixed);
    for i in 0..Layout::LOG_SIGMA {
        value -= 0.5 * fixed * theta[i] * theta[i];
        g[i] -= fixed * theta[i];
    }
    let member = inv(priors.tau_member);
    let first = inv(priors.tau_first);
    let step = inv(priors.tau_step);
    for m in 0..layout.members {
        let a = layout.member(m);
        value -= 0.5 * member * theta[a] * theta[a];
        g[a] -= member * theta[a];
        for group in 0..GROUPS {
            let d0 = layout.drift(m, group, 0);
            value -= 0.5 * first * theta[d0] * theta[d0];
            g[d0] -= first * theta[d0];
            for t in 1..DECADES {
                let (prev, cur) = (layout.drift(m, group, t - 1), layout.drift(m, group, t));
                let diff = theta[cur] - theta[prev];
                value -= 0.5 * step * diff * diff;
                g[cur] -= step * diff;
                g[prev] += step * diff;
            }
        }
    }
    // The reference kind stays at 0.
    g[Layout::KIND + kind_index(REFERENCE_KIND)] = 0.0;
    if let Some(out) = grad {
        out.copy_from_slice(&g);
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calibrate::pooled::{Cast, PooledData};
    use crate::world::ActionKind;

    fn toy() -> PooledData {
        let mut rolls = Vec::new();
        for d in 0..12 {
            let fate = Fate::ALL[d % 3];
            rolls.push(Roll {
                id: format!("d{d}"),
                date: format!("{}-01-01", 1985 + 3 * d),
                year: 1985 + 3 * d as i32,
                fate,
                kind: ActionKind::ALL[d % 9],
                quota: 9,
                casts: (0..6)
                    .map(|i| Cast {
                        code: format!("M{i}"),
                        member: None,
                        permanent: i < 2,
                        s: 0.1 * i as f64 - 0.2,
                        sponsor: i == d % 6,
                        target: i == (d + 3) % 6,
                        vote: Some(((i + d) % 3) as u8),
                    })
                    .collect(),
            });
        }
        PooledData::index(rolls)
    }

    #[test]
    fn the_gradient_matches_finite_differences() {
        let data = toy();
        let layout = Layout {
            members: data.members.len(),
        };
        let gh = GaussHermite::new(12);
        let priors = Priors::default();
        let mut theta = start(layout);
        for (i, t) in theta.iter_mut().enumerate() {
            *t += 0.01 * ((i * 7 % 11) as f64 - 5.0);
        }
        theta[Layout::KIND + kind_index(REFERENCE_KIND)] = 0.0;
        let mut g = vec![0.0; layout.len()];
        log_posterior(&data, &theta, layout, priors, &gh, Some(&mut g));
        for i in 0..layout.len() {
            if i == Layout::KIND + kind_index(REFERENCE_KIND) {
                continue;
            }
            let h = 1e-6;
            let mut up = theta.clone();
            up[i] += h;
            let mut down = theta.clone();
            down[i] -= h;
            let fd = (log_posterior(&data, &up, layout, priors, &gh, None)
                - log_posterior(&data, &down, layout, priors, &gh, None))
                / (2.0 * h);
            assert!(
                (fd - g[i]).abs() < 1e-5 * (1.0 + fd.abs()),
                "{i}: {fd} vs {}",
                g[i]
            );
        }
    }
}
