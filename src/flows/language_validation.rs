//! Validation of the regional key's language weight on the record: does weighting the states
//! that share an official language with the origin predict better where each origin's
//! refugees actually went?
//!
//! On the conflicts and conflict-years of the destinations validation
//! ([`super::dest_validation`]: the gravity model's conflicts, each year with
//! `destinations.min_arrivals` new arrivals or more), the regional key's shares for the
//! conflict's origin, with each language weight, are compared with that year's observed
//! asylum-state shares of new arrivals (UNHCR flows), by the same three errors: neighbour,
//! category, misallocated. The key puts everyone in the region, so its errors are large
//! wherever many go to Europe or further; what matters here is the difference the weight
//! makes. The weight is compared in-sample (the key has no fitted parameter besides it).

use serde::Serialize;

use super::dest_validation::{Errors, errors};
use super::destinations::{self, Geography, observed};
use super::keys::{Key, shares};
use super::priors::FlowPriors;
use super::yearly::arrival_shares;
use crate::error::{Error, Result};
use crate::world::World;

/// The language weights compared by default.
pub const WEIGHTS: [f64; 5] = [0.0, 0.5, 1.0, 2.0, 4.0];

/// Mean errors of the key with one language weight over a set of conflict-years.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LanguageRow {
    /// The weight (0: language ignored).
    pub weight: f64,
    /// `peak years` or `all years`.
    pub years: &'static str,
    /// Conflict-years.
    pub n: usize,
    /// Mean errors.
    pub mean: Errors,
}

/// The validation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LanguageValidation {
    /// The conflicts.
    pub conflicts: Vec<String>,
    /// Least new arrivals for a year to count.
    pub min_arrivals: u64,
    /// Per weight, at the peak years then over all years.
    pub rows: Vec<LanguageRow>,
    /// The weight of the parameter file in use.
    pub shipped: f64,
    /// The weight that puts the fewest refugees in the wrong state over all years (the
    /// error the weight acts on: it moves shares between states of the region).
    pub best: f64,
}

/// Validates the regional key with each of `weights` (the parameter file's own is added).
///
/// # Errors
/// Too few conflicts for the gravity model's sample, or none with enough arrivals.
pub fn validate(world: &World, priors: &FlowPriors, weights: &[f64]) -> Result<LanguageValidation> {
    let geo = Geography::new(world, priors);
    let min = priors.destinations.min_arrivals;
    let gravity = destinations::gravity(world, priors)?;
    let conflicts: Vec<_> = gravity
        .validation
        .iter()
        .filter_map(|v| world.conflicts.iter().find(|c| c.id == v.conflict))
        .collect();
    let mut weights: Vec<f64> = weights.to_vec();
    if !weights.contains(&priors.keys.regional.language) {
        weights.push(priors.keys.regional.language);
    }
    weights.sort_by(f64::total_cmp);
    let mut rows = Vec::new();
    let mut all: Vec<(f64, f64)> = Vec::new();
    for &w in &weights {
        let mut p = priors.clone();
        p.keys.regional.language = w;
        // (peak, errors) per conflict-year
        let mut per_year: Vec<(bool, Errors)> = Vec::new();
        for c in &conflicts {
            let (pred, _) = shares(world, &p, Key::Regional, &c.origin)?;
            let peak_year = observed(c, "peak").map(|o| o.year);
            let mut years: Vec<i32> = c.arrivals.iter().map(|a| a.year).collect();
            years.sort_unstable();
            years.dedup();
            for year in years.into_iter().filter(|y| *y >= c.first_year) {
                let Some(obs) = arrival_shares(c, year, min) else {
                    continue;
                };
                per_year.push((
                    peak_year == Some(year),
                    errors(&geo, &c.origin, &obs, &pred),
                ));
            }
        }
        if per_year.is_empty() {
            return Err(Error::Runtime(format!(
                "no conflict-year has {min}+ new arrivals: nothing to validate the language weight on"
            )));
        }
        for (label, peak_only) in [("peak years", true), ("all years", false)] {
            let set: Vec<&Errors> = per_year
                .iter()
                .filter(|(peak, _)| !peak_only || *peak)
                .map(|(_, e)| e)
                .collect();
            let n = set.len();
            let mean = |f: &dyn Fn(&Errors) -> f64| {
                if n == 0 {
                    f64::NAN
                } else {
                    set.iter().map(|e| f(e)).sum::<f64>() / n as f64
                }
            };
            let row = LanguageRow {
                weight: w,
                years: label,
                n,
                mean: Errors {
                    neighbours: mean(&|e| e.neighbours),
                    categories: mean(&|e| e.categories),
                    misallocated: mean(&|e| e.misallocated),
                },
            };
            if !peak_only {
                all.push((w, row.mean.misallocated));
            }
            rows.push(row);
        }
    }
    let best = all
        .iter()
        .min_by(|a, b| a.1.total_cmp(&b.1).then(a.0.total_cmp(&b.0)))
        .map_or(0.0, |x| x.0);
    Ok(LanguageValidation {
        conflicts: conflicts.iter().map(|c| c.id.clone()).collect(),
        min_arrivals: min,
        rows,
        shipped: priors.keys.regional.language,
        best,
    })
}
