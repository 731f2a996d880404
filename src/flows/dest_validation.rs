//! Validation of the destination splits year by year, and the choice of the destination model
//! for hypothetical conflicts.
//!
//! On the conflicts the gravity model is fitted on (one member-state origin, enough refugees),
//! each conflict-year with at least `destinations.min_arrivals` new arrivals is predicted four
//! ways and compared with that year's observed asylum-state shares of new arrivals (UNHCR
//! flows):
//! - **previous-year shares**: the year-by-year rule of [`super::yearly`] (leave-one-year-out:
//!   only earlier years are used; where they are too few, the stocks, then the gravity model);
//! - **peak-year stocks**: the constant split from the stocks at the peak year (in-sample: the
//!   stocks include the year's arrivals);
//! - **gravity**: the gravity model fitted on the other conflicts (leave-one-conflict-out);
//! - **radiation**: the radiation model, which has no fitted parameter.
//!
//! Three errors, each a mean over conflict-years: the **neighbour error** (absolute difference
//! of the share going to land neighbours, European or not), the **category error** (mean
//! absolute difference over the four categories) and **misallocated** (half the sum of absolute
//! differences over asylum states: the share of refugees put in the wrong state). They are
//! reported at the peak years (the year of each conflict's largest stock) and over all
//! conflict-years. Hypothetical conflicts use whichever of gravity and radiation has the lower
//! category error over all conflict-years.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

use super::destinations::{self, Geography, GravityReport, Split, observed};
use super::priors::FlowPriors;
use super::yearly::{SplitBasis, arrival_shares, record_shares};
use crate::error::{Error, Result};
use crate::world::World;

/// A way of predicting a year's destinations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// The year-by-year rule (previous year's new arrivals first).
    PreviousYear,
    /// The constant peak-year split from the stocks.
    PeakStocks,
    /// The gravity model, leave-one-conflict-out.
    Gravity,
    /// The radiation model.
    Radiation,
}

impl Method {
    /// The four, in report order.
    pub const ALL: [Method; 4] = [
        Method::PreviousYear,
        Method::PeakStocks,
        Method::Gravity,
        Method::Radiation,
    ];
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Method::PreviousYear => "previous-year shares",
            Method::PeakStocks => "peak-year stocks",
            Method::Gravity => "gravity (leave-one-conflict-out)",
            Method::Radiation => "radiation",
        })
    }
}

/// The destination model for conflicts without a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DestinationModel {
    /// The gravity model.
    Gravity,
    /// The radiation model.
    Radiation,
}

impl fmt::Display for DestinationModel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DestinationModel::Gravity => "gravity",
            DestinationModel::Radiation => "radiation",
        })
    }
}

/// The three errors of one prediction (shares: 0.1 is 10 points).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Errors {
    /// Absolute error of the share going to land neighbours.
    pub neighbours: f64,
    /// Mean absolute error over the four categories.
    pub categories: f64,
    /// Half the sum of absolute errors over states.
    pub misallocated: f64,
}

/// One conflict-year of the validation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearRow {
    /// The conflict.
    pub conflict: String,
    /// The year of the arrivals.
    pub year: i32,
    /// Whether it is the conflict's peak year.
    pub peak: bool,
    /// New arrivals that year.
    pub arrivals: u64,
    /// The observed split of the arrivals.
    pub observed: Split,
    /// Where the previous-year prediction came from.
    pub previous_basis: SplitBasis,
    /// The errors of each method, in [`Method::ALL`] order.
    pub errors: [Errors; 4],
}

/// Mean errors of one method over a set of conflict-years.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MethodSummary {
    /// The method.
    pub method: Method,
    /// `peak years` or `all years`.
    pub years: &'static str,
    /// Conflict-years.
    pub n: usize,
    /// Mean errors.
    pub mean: Errors,
}

/// The validation, and the model chosen for hypothetical conflicts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearlyValidation {
    /// The conflicts (those of the gravity model).
    pub conflicts: Vec<String>,
    /// Least new arrivals for a year to count.
    pub min_arrivals: u64,
    /// Per method, at the peak years then over all years.
    pub summary: Vec<MethodSummary>,
    /// Each conflict-year.
    pub rows: Vec<YearRow>,
    /// The model with the lower category error over all years.
    pub chosen: DestinationModel,
}

pub(crate) fn errors(
    geo: &Geography,
    origins: &[String],
    observed: &[(String, f64)],
    predicted: &[(String, f64)],
) -> Errors {
    let obs = geo.split(origins, observed);
    let pred = geo.split(origins, predicted);
    let categories = obs
        .as_array()
        .iter()
        .zip(pred.as_array())
        .map(|(a, b)| (a - b).abs())
        .sum::<f64>()
        / 4.0;
    let norm = |list: &[(String, f64)]| -> BTreeMap<String, f64> {
        let total: f64 = list.iter().map(|x| x.1).sum();
        let mut m = BTreeMap::new();
        for (c, s) in list {
            *m.entry(c.clone()).or_insert(0.0) += if total > 0.0 { s / total } else { 0.0 };
        }
        m
    };
    let (o, p) = (norm(observed), norm(predicted));
    let mut abs = 0.0;
    for (c, v) in &o {
        abs += (v - p.get(c).copied().unwrap_or(0.0)).abs();
    }
    for (c, v) in &p {
        if !o.contains_key(c) {
            abs += v;
        }
    }
    Errors {
        neighbours: (geo.neighbour_share(origins, observed)
            - geo.neighbour_share(origins, predicted))
        .abs(),
        categories,
        misallocated: abs / 2.0,
    }
}

/// Validates the year-by-year destinations on the gravity model's conflicts.
///
/// # Errors
/// No conflict-year with enough arrivals, or an origin without geography.
pub fn validate(
    world: &World,
    priors: &FlowPriors,
    gravity: &GravityReport,
) -> Result<YearlyValidation> {
    let geo = Geography::new(world, priors);
    let min = priors.destinations.min_arrivals;
    let mut rows = Vec::new();
    for v in &gravity.validation {
        let Some(c) = world.conflicts.iter().find(|c| c.id == v.conflict) else {
            continue;
        };
        let peak_year = observed(c, "peak").map(|o| o.year);
        let stocks = observed(c, "peak")
            .map(|o| o.shares)
            .unwrap_or_else(|| v.predicted_shares.clone());
        let radiation = destinations::radiation(world, &c.origin)?;
        let mut years: Vec<i32> = c.arrivals.iter().map(|a| a.year).collect();
        years.sort_unstable();
        years.dedup();
        for year in years.into_iter().filter(|y| *y >= c.first_year) {
            let Some(obs) = arrival_shares(c, year, min) else {
                continue;
            };
            let (prev, basis) = record_shares(&geo, c, year)
                .unwrap_or_else(|| (v.predicted_shares.clone(), SplitBasis::Model));
            let predictions: [&[(String, f64)]; 4] =
                [&prev, &stocks, &v.predicted_shares, &radiation];
            rows.push(YearRow {
                conflict: c.id.clone(),
                year,
                peak: peak_year == Some(year),
                arrivals: c.arrivals_in(year).map(|a| a.total).sum(),
                observed: geo.split(&c.origin, &obs),
                previous_basis: basis,
                errors: predictions.map(|p| errors(&geo, &c.origin, &obs, p)),
            });
        }
    }
    if rows.is_empty() {
        return Err(Error::Runtime(format!(
            "no conflict-year of the gravity model's conflicts has {min}+ new arrivals: nothing to validate the destinations on"
        )));
    }
    let mut summary = Vec::new();
    for (label, peak_only) in [("peak years", true), ("all years", false)] {
        let set: Vec<&YearRow> = rows.iter().filter(|r| !peak_only || r.peak).collect();
        for (i, method) in Method::ALL.into_iter().enumerate() {
            let n = set.len();
            let mean = |f: &dyn Fn(&Errors) -> f64| {
                if n == 0 {
                    f64::NAN
                } else {
                    set.iter().map(|r| f(&r.errors[i])).sum::<f64>() / n as f64
                }
            };
            summary.push(MethodSummary {
                method,
                years: label,
                n,
                mean: Errors {
                    neighbours: mean(&|e| e.neighbours),
                    categories: mean(&|e| e.categories),
                    misallocated: mean(&|e| e.misallocated),
                },
            });
        }
    }
    let all_years = |m: Method| {
        summary
            .iter()
            .find(|s| s.method == m && s.years == "all years")
            .map_or(f64::INFINITY, |s| s.mean.categories)
    };
    let chosen = if all_years(Method::Radiation) < all_years(Method::Gravity) {
        DestinationModel::Radiation
    } else {
        DestinationModel::Gravity
    };
    Ok(YearlyValidation {
        conflicts: gravity
            .validation
            .iter()
            .map(|v| v.conflict.clone())
            .collect(),
        min_arrivals: min,
        summary,
        rows,
        chosen,
    })
}

/// The destinations of a conflict without a record: the shares over member states of the
/// model the validation chose, with the gravity model's report and a line for the sources.
#[derive(Debug, Clone)]
pub struct ModelShares {
    /// `(code, share)`, largest first.
    pub shares: Vec<(String, f64)>,
    /// The model used.
    pub model: DestinationModel,
    /// The gravity model and its validation.
    pub gravity: GravityReport,
    /// Which model, why, and on what.
    pub source: String,
}

/// The model-based destinations of `origins` (hypothetical conflicts).
///
/// # Errors
/// Too few conflicts for the gravity model, nothing to validate on, an unknown origin.
pub fn model_shares(world: &World, priors: &FlowPriors, origins: &[String]) -> Result<ModelShares> {
    let gravity = destinations::gravity(world, priors)?;
    let validation = validate(world, priors, &gravity)?;
    let model = validation.chosen;
    let shares = match model {
        DestinationModel::Gravity => gravity.model.predict(world, origins)?,
        DestinationModel::Radiation => destinations::radiation(world, origins)?,
    };
    let err = |m: Method| {
        validation
            .summary
            .iter()
            .find(|s| s.method == m && s.years == "all years")
            .map_or(f64::NAN, |s| 100.0 * s.mean.categories)
    };
    let source = format!(
        "{model} model of destinations, chosen by `veto-sim calibrate flows` for its lower category error over {} conflict-years of {} real conflicts (gravity, leave-one-conflict-out: {:.1} points; radiation: {:.1}); {}",
        validation.rows.len(),
        validation.conflicts.len(),
        err(Method::Gravity),
        err(Method::Radiation),
        priors.gravity.source
    );
    Ok(ModelShares {
        shares,
        model,
        gravity,
        source,
    })
}
