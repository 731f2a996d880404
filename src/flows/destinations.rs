//! Where refugees go: the split of a conflict's refugees into Europe, neighbouring states, the
//! rest of the region and elsewhere, from the observed UNHCR asylum-state shares of its origin,
//! and for a hypothetical conflict from a gravity model fitted and validated on the real ones.
//!
//! # Categories
//! Disjoint, in this order of precedence: **Europe** (EU27, the United Kingdom, Switzerland,
//! Norway, Iceland, Liechtenstein: `destinations.europe` of the parameter file), **neighbours**
//! (other states sharing a land border with an origin), the **rest of the region** (other
//! member states of an origin's geographic subregion), **elsewhere** (everything else,
//! including territories that are not member states). A European neighbour (Poland for
//! Ukraine) counts as Europe. The shares of the four sum to 1, so a split preserves totals.
//!
//! # Gravity model
//! A destination `j`'s share of an origin's refugees is
//! `exp(b · x_j) / sum_k exp(b · x_k)` over the other member states with population and GDP,
//! with `x_j` = (log population, log GDP per head, log distance between centroids in km,
//! land border, same subregion). `b` maximises `sum_c sum_j s_cj log p_cj` over the real
//! conflicts with one member-state origin and at least `gravity.min_peak` refugees and asylum
//! seekers at the peak (each conflict weighted equally), by Newton's method. Validation is
//! leave-one-conflict-out: each conflict is predicted by the model fitted on the others.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use super::priors::FlowPriors;
use crate::error::{Error, Result};
use crate::world::{Conflict, HostState, World};

/// The names of the gravity model's covariates.
pub const FEATURES: [&str; 5] = [
    "log population",
    "log GDP per head",
    "log distance (km)",
    "land border",
    "same subregion",
];

/// The shares of the four destination categories (they sum to 1).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Split {
    /// Land neighbours of an origin (outside Europe).
    pub neighbours: f64,
    /// Other member states of an origin's subregion (outside Europe).
    pub region: f64,
    /// EU27 + GBR, CHE, NOR, ISL, LIE.
    pub europe: f64,
    /// Everything else.
    pub elsewhere: f64,
}

impl Split {
    /// The four shares in report order: neighbours, region, Europe, elsewhere.
    pub fn as_array(&self) -> [f64; 4] {
        [self.neighbours, self.region, self.europe, self.elsewhere]
    }
}

/// A destination category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    /// Land neighbours.
    Neighbours,
    /// The rest of the region.
    Region,
    /// Europe.
    Europe,
    /// Elsewhere.
    Elsewhere,
}

/// The geography the categories need: Europe and each origin's neighbours and subregion.
#[derive(Debug, Clone)]
pub struct Geography<'w> {
    world: &'w World,
    europe: HashSet<String>,
    /// Least new arrivals in a year for its shares to count (`destinations.min_arrivals`).
    min_arrivals: u64,
    /// The basis of the stocks (`destinations.basis`).
    basis: String,
}

impl<'w> Geography<'w> {
    /// The geography of `world` with Europe as the parameter file defines it.
    pub fn new(world: &'w World, priors: &FlowPriors) -> Geography<'w> {
        Geography {
            world,
            europe: priors.destinations.europe.iter().cloned().collect(),
            min_arrivals: priors.destinations.min_arrivals,
            basis: priors.destinations.basis.clone(),
        }
    }

    /// The world the geography is of.
    pub fn world(&self) -> &'w World {
        self.world
    }

    /// Least new arrivals in a year for that year's shares to count.
    pub fn min_arrivals(&self) -> u64 {
        self.min_arrivals
    }

    /// The basis of the observed stocks (`peak` or `latest`).
    pub fn basis(&self) -> &str {
        &self.basis
    }

    /// Whether a code is in Europe.
    pub fn is_europe(&self, code: &str) -> bool {
        self.europe.contains(code)
    }

    /// The category of destination `dest` for refugees from `origins`.
    pub fn category(&self, origins: &[String], dest: &str) -> Category {
        if self.europe.contains(dest) {
            return Category::Europe;
        }
        let hosts: Vec<&HostState> = origins.iter().filter_map(|o| self.world.host(o)).collect();
        if hosts.iter().any(|h| h.neighbours.iter().any(|n| n == dest)) {
            return Category::Neighbours;
        }
        if let Some(d) = self.world.state(dest).and_then(|_| self.world.host(dest))
            && !d.subregion.is_empty()
            && hosts.iter().any(|h| h.subregion == d.subregion)
            && !origins.iter().any(|o| o == dest)
        {
            return Category::Region;
        }
        Category::Elsewhere
    }

    /// The split of shares over destinations (`(code, share)`, shares summing to about 1):
    /// each category's total, with `elsewhere` taking the remainder so the four sum to 1.
    pub fn split(&self, origins: &[String], shares: &[(String, f64)]) -> Split {
        let total: f64 = shares.iter().map(|(_, s)| s).sum();
        let mut out = Split::default();
        if total <= 0.0 {
            out.elsewhere = 1.0;
            return out;
        }
        for (code, share) in shares {
            let s = share / total;
            match self.category(origins, code) {
                Category::Neighbours => out.neighbours += s,
                Category::Region => out.region += s,
                Category::Europe => out.europe += s,
                Category::Elsewhere => {}
            }
        }
        out.elsewhere = (1.0 - out.neighbours - out.region - out.europe).max(0.0);
        out
    }

    /// Share of destinations that are land neighbours of an origin, European or not.
    pub fn neighbour_share(&self, origins: &[String], shares: &[(String, f64)]) -> f64 {
        let total: f64 = shares.iter().map(|(_, s)| s).sum();
        if total <= 0.0 {
            return 0.0;
        }
        let hosts: Vec<&HostState> = origins.iter().filter_map(|o| self.world.host(o)).collect();
        shares
            .iter()
            .filter(|(c, _)| hosts.iter().any(|h| h.neighbours.contains(c)))
            .map(|(_, s)| s / total)
            .sum()
    }
}

/// A conflict's observed destination shares.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Observed {
    /// `peak` or `latest`.
    pub basis: String,
    /// The UNHCR year.
    pub year: i32,
    /// Refugees and asylum seekers from the origin that year.
    pub total: u64,
    /// `(asylum code, share)`, largest first.
    pub shares: Vec<(String, f64)>,
}

/// The observed shares of `conflict` on `basis`, or on the other basis when it has none.
pub fn observed(conflict: &Conflict, basis: &str) -> Option<Observed> {
    let other = if basis == "peak" { "latest" } else { "peak" };
    for b in [basis, other] {
        let list = conflict.destinations_on(b);
        if let Some(first) = list.first() {
            return Some(Observed {
                basis: b.to_string(),
                year: first.year,
                total: list.iter().map(|d| d.total).sum(),
                shares: list
                    .iter()
                    .map(|d| (d.asylum_code.clone(), d.share))
                    .collect(),
            });
        }
    }
    None
}

/// Great-circle distance in km between two points given in degrees.
pub fn distance_km(lat1: f64, lng1: f64, lat2: f64, lng2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lng2 - lng1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * 6371.0 * a.sqrt().min(1.0).asin()
}

/// The candidate destinations of an origin and their covariates.
#[derive(Debug, Clone)]
struct Candidates {
    codes: Vec<String>,
    x: Vec<[f64; 5]>,
}

fn candidates(world: &World, origins: &[&HostState]) -> Candidates {
    let mut codes = Vec::new();
    let mut x = Vec::new();
    for s in &world.states {
        if origins.iter().any(|o| o.iso3 == s.code) {
            continue;
        }
        let (Some(pop), Some(gdp)) = (s.population_m, s.gdp_musd) else {
            continue;
        };
        let Some(h) = world.host(&s.code) else {
            continue;
        };
        // Nearest origin (several origins: the one closest to this destination).
        let (d, o) = origins
            .iter()
            .map(|o| (distance_km(o.lat, o.lng, s.lat, s.lng), *o))
            .min_by(|a, b| a.0.total_cmp(&b.0))
            .expect("at least one origin");
        let border = origins.iter().any(|o| o.neighbours.contains(&s.code));
        let same = !h.subregion.is_empty() && h.subregion == o.subregion;
        codes.push(s.code.clone());
        x.push([
            pop.ln(),
            (gdp / pop).ln(),
            d.max(50.0).ln(),
            f64::from(u8::from(border)),
            f64::from(u8::from(same)),
        ]);
    }
    Candidates { codes, x }
}

fn probabilities(beta: &[f64; 5], x: &[[f64; 5]]) -> Vec<f64> {
    let v: Vec<f64> = x
        .iter()
        .map(|xi| xi.iter().zip(beta).map(|(a, b)| a * b).sum::<f64>())
        .collect();
    let m = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let e: Vec<f64> = v.iter().map(|vi| (vi - m).exp()).collect();
    let s: f64 = e.iter().sum();
    e.into_iter().map(|ei| ei / s).collect()
}

/// One real conflict prepared for the gravity fit.
#[derive(Debug, Clone)]
struct Sample {
    id: String,
    origins: Vec<String>,
    cand: Candidates,
    /// Observed shares over the candidates, summing to 1.
    s: Vec<f64>,
    /// The observed shares as given (all destinations), for the split.
    observed: Vec<(String, f64)>,
}

fn loglik(beta: &[f64; 5], samples: &[&Sample]) -> f64 {
    samples
        .iter()
        .map(|smp| {
            let p = probabilities(beta, &smp.cand.x);
            smp.s
                .iter()
                .zip(&p)
                .filter(|(s, _)| **s > 0.0)
                .map(|(s, p)| s * p.max(1e-300).ln())
                .sum::<f64>()
        })
        .sum()
}

/// Solves `a x = b` for a symmetric positive definite 5×5 `a` (Gaussian elimination with
/// partial pivoting); `None` when singular.
fn solve5(mut a: [[f64; 5]; 5], mut b: [f64; 5]) -> Option<[f64; 5]> {
    for col in 0..5 {
        let piv = (col..5).max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))?;
        if a[piv][col].abs() < 1e-14 {
            return None;
        }
        a.swap(col, piv);
        b.swap(col, piv);
        let pivot_row = a[col];
        for row in col + 1..5 {
            let f = a[row][col] / pivot_row[col];
            for (x, p) in a[row][col..].iter_mut().zip(&pivot_row[col..]) {
                *x -= f * p;
            }
            b[row] -= f * b[col];
        }
    }
    let mut x = [0.0; 5];
    for row in (0..5).rev() {
        let s: f64 = (row + 1..5).map(|k| a[row][k] * x[k]).sum();
        x[row] = (b[row] - s) / a[row][row];
    }
    Some(x)
}

fn fit_beta(samples: &[&Sample]) -> Result<[f64; 5]> {
    let mut beta = [0.0; 5];
    let mut ll = loglik(&beta, samples);
    for _ in 0..200 {
        let mut g = [0.0; 5];
        let mut h = [[0.0; 5]; 5];
        for smp in samples {
            let p = probabilities(&beta, &smp.cand.x);
            let mut mean = [0.0; 5];
            for (pi, xi) in p.iter().zip(&smp.cand.x) {
                for k in 0..5 {
                    mean[k] += pi * xi[k];
                }
            }
            for (si, xi) in smp.s.iter().zip(&smp.cand.x) {
                for k in 0..5 {
                    g[k] += si * xi[k];
                }
            }
            for k in 0..5 {
                g[k] -= mean[k];
            }
            for (pi, xi) in p.iter().zip(&smp.cand.x) {
                for a in 0..5 {
                    for b in 0..5 {
                        h[a][b] += pi * (xi[a] - mean[a]) * (xi[b] - mean[b]);
                    }
                }
            }
        }
        if g.iter().all(|v| v.abs() < 1e-10) {
            return Ok(beta);
        }
        let Some(step) = solve5(h, g) else {
            return Err(Error::Runtime(
                "the gravity model's information matrix is singular (too few conflicts?)".into(),
            ));
        };
        let mut t = 1.0;
        loop {
            let mut next = beta;
            for k in 0..5 {
                next[k] += t * step[k];
            }
            let l = loglik(&next, samples);
            if l >= ll - 1e-12 {
                beta = next;
                if (l - ll).abs() < 1e-13 {
                    return Ok(beta);
                }
                ll = l;
                break;
            }
            t /= 2.0;
            if t < 1e-12 {
                return Ok(beta);
            }
        }
    }
    Ok(beta)
}

/// A fitted gravity model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Gravity {
    /// Coefficients, in the order of [`FEATURES`].
    pub coefficients: [f64; 5],
    /// The conflicts it was fitted on.
    pub conflicts: Vec<String>,
}

/// One conflict's observed and leave-one-out predicted destinations.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ValidationRow {
    /// The conflict.
    pub conflict: String,
    /// Its origin.
    pub origin: String,
    /// The basis and year of the observed shares.
    pub observed_basis: String,
    /// The UNHCR year.
    pub year: i32,
    /// Observed split.
    pub observed: Split,
    /// Predicted split (model fitted without this conflict).
    pub predicted: Split,
    /// Observed share in land neighbours (European or not).
    pub observed_neighbour_share: f64,
    /// Predicted share in land neighbours.
    pub predicted_neighbour_share: f64,
    /// Mean absolute error of the shares over the candidate states.
    pub mae_states: f64,
    /// Half the sum of absolute errors: the share of refugees put in the wrong state.
    pub misallocated: f64,
    /// Mean absolute error over the four categories.
    pub mae_categories: f64,
    /// The predicted shares by state (for the year-by-year validation; not reported).
    #[serde(skip)]
    pub predicted_shares: Vec<(String, f64)>,
}

/// The gravity model fitted on every eligible conflict, and its validation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GravityReport {
    /// The model on all eligible conflicts.
    pub model: Gravity,
    /// Leave-one-conflict-out predictions.
    pub validation: Vec<ValidationRow>,
    /// Mean of `mae_states` over conflicts.
    pub mean_mae_states: f64,
    /// Mean of `misallocated`.
    pub mean_misallocated: f64,
    /// Mean of `mae_categories`.
    pub mean_mae_categories: f64,
    /// Mean absolute error of the neighbour share.
    pub mean_neighbour_error: f64,
    /// The same error for a baseline predicting each conflict's neighbour share by the mean
    /// of the other conflicts'.
    pub baseline_neighbour_error: f64,
    /// The category error of that baseline (each category share by the others' mean).
    pub baseline_mae_categories: f64,
    /// Conflicts left out of the fit, with the reason.
    pub left_out: Vec<(String, String)>,
}

fn samples(world: &World, priors: &FlowPriors) -> (Vec<Sample>, Vec<(String, String)>) {
    let mut out = Vec::new();
    let mut left_out = Vec::new();
    for c in &world.conflicts {
        let members: Vec<&str> = c
            .origin
            .iter()
            .filter(|o| world.state(o).is_some())
            .map(String::as_str)
            .collect();
        if c.origin.len() != 1 || members.len() != 1 {
            left_out.push((
                c.id.clone(),
                format!("origin {} is not a single member state", c.origin.join(";")),
            ));
            continue;
        }
        let peak = c.destinations_on("peak");
        let total: u64 = peak.iter().map(|d| d.total).sum();
        if peak.is_empty() || total < priors.gravity.min_peak {
            left_out.push((
                c.id.clone(),
                format!(
                    "{total} refugees and asylum seekers at the peak (fewer than {})",
                    priors.gravity.min_peak
                ),
            ));
            continue;
        }
        let Some(origin) = world.host(members[0]) else {
            continue;
        };
        let cand = candidates(world, &[origin]);
        let index: HashMap<&str, usize> = cand
            .codes
            .iter()
            .enumerate()
            .map(|(i, c)| (c.as_str(), i))
            .collect();
        let mut s = vec![0.0; cand.codes.len()];
        for d in &peak {
            if let Some(&i) = index.get(d.asylum_code.as_str()) {
                s[i] += d.share;
            }
        }
        let sum: f64 = s.iter().sum();
        if sum <= 0.0 {
            left_out.push((c.id.clone(), "no observed share in a member state".into()));
            continue;
        }
        s.iter_mut().for_each(|v| *v /= sum);
        out.push(Sample {
            id: c.id.clone(),
            origins: c.origin.clone(),
            cand,
            s,
            observed: peak
                .iter()
                .map(|d| (d.asylum_code.clone(), d.share))
                .collect(),
        });
    }
    (out, left_out)
}

/// Fits the gravity model on the eligible real conflicts and validates it leave-one-out.
///
/// # Errors
/// Fewer than three eligible conflicts, or a singular fit.
pub fn gravity(world: &World, priors: &FlowPriors) -> Result<GravityReport> {
    let geo = Geography::new(world, priors);
    let (all, left_out) = samples(world, priors);
    if all.len() < 3 {
        return Err(Error::Runtime(format!(
            "the gravity model needs at least 3 real conflicts with one member-state origin and {}+ refugees at the peak; the world has {}",
            priors.gravity.min_peak,
            all.len()
        )));
    }
    let refs: Vec<&Sample> = all.iter().collect();
    let beta = fit_beta(&refs)?;
    let mut validation = Vec::new();
    for (i, smp) in all.iter().enumerate() {
        let others: Vec<&Sample> = all
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .map(|(_, s)| s)
            .collect();
        let b = fit_beta(&others)?;
        let p = probabilities(&b, &smp.cand.x);
        let predicted: Vec<(String, f64)> = smp
            .cand
            .codes
            .iter()
            .cloned()
            .zip(p.iter().copied())
            .collect();
        let abs: f64 = smp.s.iter().zip(&p).map(|(s, p)| (s - p).abs()).sum();
        let obs_split = geo.split(&smp.origins, &smp.observed);
        let pred_split = geo.split(&smp.origins, &predicted);
        let mae_cat = obs_split
            .as_array()
            .iter()
            .zip(pred_split.as_array())
            .map(|(a, b)| (a - b).abs())
            .sum::<f64>()
            / 4.0;
        let peak = world
            .conflicts
            .iter()
            .find(|c| c.id == smp.id)
            .and_then(|c| observed(c, "peak"));
        validation.push(ValidationRow {
            conflict: smp.id.clone(),
            origin: smp.origins.join(";"),
            observed_basis: "peak".into(),
            year: peak.map_or(0, |o| o.year),
            observed: obs_split,
            predicted: pred_split,
            observed_neighbour_share: geo.neighbour_share(&smp.origins, &smp.observed),
            predicted_neighbour_share: geo.neighbour_share(&smp.origins, &predicted),

            mae_states: abs / smp.s.len() as f64,
            misallocated: abs / 2.0,
            mae_categories: mae_cat,
            predicted_shares: predicted.clone(),
        });
    }
    let n = validation.len() as f64;
    let mean = |f: &dyn Fn(&ValidationRow) -> f64| validation.iter().map(f).sum::<f64>() / n;
    // The baseline: the mean of the other conflicts.
    let loo = |f: &dyn Fn(&ValidationRow) -> f64| -> f64 {
        let total: f64 = validation.iter().map(f).sum();
        validation
            .iter()
            .map(|v| (f(v) - (total - f(v)) / (n - 1.0)).abs())
            .sum::<f64>()
            / n
    };
    let baseline_neighbour_error = loo(&|v| v.observed_neighbour_share);
    let baseline_mae_categories = (loo(&|v| v.observed.neighbours)
        + loo(&|v| v.observed.region)
        + loo(&|v| v.observed.europe)
        + loo(&|v| v.observed.elsewhere))
        / 4.0;
    Ok(GravityReport {
        model: Gravity {
            coefficients: beta,
            conflicts: all.iter().map(|s| s.id.clone()).collect(),
        },
        mean_mae_states: mean(&|v| v.mae_states),
        mean_misallocated: mean(&|v| v.misallocated),
        mean_mae_categories: mean(&|v| v.mae_categories),
        mean_neighbour_error: mean(&|v| {
            (v.observed_neighbour_share - v.predicted_neighbour_share).abs()
        }),
        baseline_neighbour_error,
        baseline_mae_categories,
        validation,
        left_out,
    })
}

impl Gravity {
    /// The predicted shares of the refugees of `origins` over member states, largest first.
    ///
    /// # Errors
    /// An origin unknown to `host_states.csv`.
    pub fn predict(&self, world: &World, origins: &[String]) -> Result<Vec<(String, f64)>> {
        let hosts: Vec<&HostState> = origins
            .iter()
            .map(|o| {
                world.host(o).ok_or_else(|| {
                    Error::Usage(format!(
                        "origin `{o}` has no centroid or neighbours in this world (host_states.csv)"
                    ))
                })
            })
            .collect::<Result<_>>()?;
        let cand = candidates(world, &hosts);
        let p = probabilities(&self.coefficients, &cand.x);
        let mut out: Vec<(String, f64)> = cand.codes.into_iter().zip(p).collect();
        out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        Ok(out)
    }
}

/// The radiation model's shares of the refugees of `origins` over the other member states
/// with a population, largest first. No fitted parameter: the share of `j` is proportional to
/// `n_j / ((m + s_ij) (m + n_j + s_ij))`, with `m` the origins' population, `n_j` that of `j`
/// and `s_ij` that of the states (other than the origins and `j`) closer to the origin than `j`
/// is (distances between centroids; several origins: the nearest).
///
/// # Errors
/// An origin unknown to `host_states.csv`.
pub fn radiation(world: &World, origins: &[String]) -> Result<Vec<(String, f64)>> {
    let hosts: Vec<&HostState> = origins
        .iter()
        .map(|o| {
            world.host(o).ok_or_else(|| {
                Error::Usage(format!(
                    "origin `{o}` has no centroid or neighbours in this world (host_states.csv)"
                ))
            })
        })
        .collect::<Result<_>>()?;
    let m: f64 = origins
        .iter()
        .filter_map(|o| world.state(o).and_then(|s| s.population_m))
        .sum();
    // (code, population, distance to the nearest origin)
    let mut dests: Vec<(&str, f64, f64)> = Vec::new();
    for s in &world.states {
        if origins.contains(&s.code) {
            continue;
        }
        let Some(pop) = s.population_m else { continue };
        let Some(h) = world.host(&s.code) else {
            continue;
        };
        let d = hosts
            .iter()
            .map(|o| distance_km(o.lat, o.lng, h.lat, h.lng))
            .fold(f64::INFINITY, f64::min);
        dests.push((s.code.as_str(), pop, d));
    }
    // Sorted by distance, `s_ij` is the population of the states strictly nearer.
    dests.sort_by(|a, b| a.2.total_cmp(&b.2).then(a.0.cmp(b.0)));
    let mut raw = Vec::with_capacity(dests.len());
    let mut nearer = 0.0;
    let mut i = 0;
    while i < dests.len() {
        // States at the same distance do not count for each other.
        let mut j = i;
        while j < dests.len() && dests[j].2 == dests[i].2 {
            j += 1;
        }
        for &(code, n, _) in &dests[i..j] {
            raw.push((code.to_string(), n / ((m + nearer) * (m + n + nearer))));
        }
        nearer += dests[i..j].iter().map(|d| d.1).sum::<f64>();
        i = j;
    }
    let total: f64 = raw.iter().map(|r| r.1).sum();
    let mut out: Vec<(String, f64)> = raw
        .into_iter()
        .map(|(c, v)| (c, if total > 0.0 { v / total } else { 0.0 }))
        .collect();
    out.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_are_great_circles() {
        // Paris to London, about 344 km between these points.
        let d = distance_km(48.8566, 2.3522, 51.5074, -0.1278);
        assert!((d - 344.0).abs() < 2.0, "{d}");
        assert!(distance_km(10.0, 10.0, 10.0, 10.0).abs() < 1e-9);
    }

    #[test]
    fn the_linear_solver_solves() {
        let a = [
            [4.0, 1.0, 0.0, 0.0, 0.0],
            [1.0, 3.0, 0.0, 0.0, 0.0],
            [0.0, 0.0, 2.0, 0.0, 0.0],
            [0.0, 0.0, 0.0, 5.0, 1.0],
            [0.0, 0.0, 0.0, 1.0, 2.0],
        ];
        let x = solve5(a, [1.0, 2.0, 3.0, 4.0, 5.0]).unwrap();
        assert!((4.0 * x[0] + x[1] - 1.0).abs() < 1e-12);
        assert!((x[3] + 2.0 * x[4] - 5.0).abs() < 1e-12);
    }
}
