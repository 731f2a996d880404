//! The elasticity of refugee outflows to battle deaths, estimated from the world's country-year
//! panel (`data/flows_panel.csv`: UCDP/PRIO battle deaths × UNHCR new arrivals by origin).
//!
//! The main specification is a log–log regression with country fixed effects,
//! ```text
//! log(1 + R_it) = a_i + epsilon * log(D_it) + e_it
//! ```
//! over origin country-years of the UCDP GED era (1989–2022, one measurement of deaths) with at
//! least 25 battle deaths (UCDP's threshold of an active conflict), estimated by the within
//! transformation, with standard errors clustered by country (Stata's small-sample factor
//! `G/(G-1) · (N-1)/(N-2)`) and a normal 90% interval. Variants (year effects, positive
//! outflows only, 1,000+ deaths, the PRIO years from 1962) show how much the estimate rests on
//! these choices. Countries with a single country-year carry no within variation and are left
//! out, and counted.
//!
//! ```
//! use veto_sim::flows::elasticity::{MAIN, fit};
//! let world = veto_sim::world::World::embedded().unwrap();
//! let e = fit(&world.flows_panel, &MAIN).unwrap();
//! assert!(e.country_years > 500 && e.estimate > 0.0);
//! ```

use std::collections::BTreeMap;

use serde::Serialize;

use super::priors::Z90;
use crate::error::{Error, Result};
use crate::world::PanelYear;

/// The outcome variable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// `log(1 + R)`, every country-year.
    Log1p,
    /// `log(R)`, country-years with `R > 0` only.
    LogPositive,
}

/// A specification of the panel regression.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Spec {
    /// Short label.
    pub label: &'static str,
    /// First year.
    pub first_year: i32,
    /// Last year.
    pub last_year: i32,
    /// Least battle deaths (best estimate) of a country-year in the sample.
    pub min_deaths: u64,
    /// The outcome.
    pub outcome: Outcome,
    /// Whether year fixed effects are added to the country effects.
    pub year_effects: bool,
}

/// The main specification.
pub const MAIN: Spec = Spec {
    label: "main: country FE, 1989-2022, 25+ deaths, log(1+R)",
    first_year: 1989,
    last_year: 2022,
    min_deaths: 25,
    outcome: Outcome::Log1p,
    year_effects: false,
};

/// The robustness variants.
pub const VARIANTS: [Spec; 4] = [
    Spec {
        label: "+ year FE",
        year_effects: true,
        ..MAIN
    },
    Spec {
        label: "log(R), R > 0 only",
        outcome: Outcome::LogPositive,
        ..MAIN
    },
    Spec {
        label: "1,000+ deaths (war years)",
        min_deaths: 1000,
        ..MAIN
    },
    Spec {
        label: "1962-2022 (PRIO to 1988, a break in measurement)",
        first_year: 1962,
        ..MAIN
    },
];

/// An estimate of the elasticity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Elasticity {
    /// The specification.
    pub spec: Spec,
    /// The estimate.
    pub estimate: f64,
    /// Its cluster-robust standard error.
    pub std_error: f64,
    /// The 90% interval (normal approximation).
    pub interval90: [f64; 2],
    /// Country-years used.
    pub country_years: usize,
    /// Countries (clusters) used.
    pub countries: usize,
    /// Country-years left out because their country has no other in the sample.
    pub singletons: usize,
    /// Within R².
    pub r2_within: f64,
}

/// Mean and standard deviation of an equal-weight mixture of normals `(mean, sd)`.
pub fn mixture_moments(parts: &[(f64, f64)]) -> (f64, f64) {
    let n = parts.len().max(1) as f64;
    let mean = parts.iter().map(|(m, _)| m).sum::<f64>() / n;
    let second = parts.iter().map(|(m, s)| s * s + m * m).sum::<f64>() / n;
    (mean, (second - mean * mean).max(0.0).sqrt())
}

/// The `q`-quantile of an equal-weight mixture of normals `(mean, sd)`, by bisection on its
/// distribution function (to 1e-12).
pub fn mixture_quantile(parts: &[(f64, f64)], q: f64) -> f64 {
    let cdf = |x: f64| {
        parts
            .iter()
            .map(|(m, s)| crate::vote::phi((x - m) / s))
            .sum::<f64>()
            / parts.len() as f64
    };
    let spread = parts.iter().map(|(_, s)| 40.0 * s).fold(1.0, f64::max);
    let (mut lo, mut hi) = parts.iter().fold((f64::MAX, f64::MIN), |(lo, hi), (m, _)| {
        (lo.min(*m - spread), hi.max(*m + spread))
    });
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if cdf(mid) < q {
            lo = mid;
        } else {
            hi = mid;
        }
        if hi - lo < 1e-12 {
            break;
        }
    }
    0.5 * (lo + hi)
}

/// Demeans `values` within groups, in place.
fn demean(values: &mut [f64], groups: &[usize], n_groups: usize) {
    let mut sum = vec![0.0; n_groups];
    let mut count = vec![0usize; n_groups];
    for (v, &g) in values.iter().zip(groups) {
        sum[g] += v;
        count[g] += 1;
    }
    for (v, &g) in values.iter_mut().zip(groups) {
        *v -= sum[g] / count[g] as f64;
    }
}

/// Fits a specification.
///
/// # Errors
/// [`Error::Runtime`] when the sample has fewer than 3 country-years or 2 countries with
/// within variation.
///
/// # Complexity
/// O(n) for country effects; with year effects, O(n) per alternating-projection sweep (at most
/// 1,000 sweeps, stopping at a change below 1e-12).
pub fn fit(panel: &[PanelYear], spec: &Spec) -> Result<Elasticity> {
    // The sample.
    let mut rows: Vec<(&str, i32, f64, f64)> = Vec::new();
    for p in panel {
        if p.year < spec.first_year || p.year > spec.last_year || p.deaths_best < spec.min_deaths {
            continue;
        }
        if p.deaths_best == 0 {
            continue;
        }
        let Some(r) = p.outflow() else { continue };
        let y = match spec.outcome {
            Outcome::Log1p => (r as f64).ln_1p(),
            Outcome::LogPositive if r > 0 => (r as f64).ln(),
            Outcome::LogPositive => continue,
        };
        rows.push((p.iso3.as_str(), p.year, (p.deaths_best as f64).ln(), y));
    }
    let mut per_country: BTreeMap<&str, usize> = BTreeMap::new();
    for r in &rows {
        *per_country.entry(r.0).or_default() += 1;
    }
    let before = rows.len();
    rows.retain(|r| per_country[r.0] > 1);
    let singletons = before - rows.len();
    let countries: Vec<&str> = per_country
        .iter()
        .filter(|(_, n)| **n > 1)
        .map(|(c, _)| *c)
        .collect();
    if rows.len() < 3 || countries.len() < 2 {
        return Err(Error::Runtime(format!(
            "the panel has too few country-years for `{}` ({} in {} countries)",
            spec.label,
            rows.len(),
            countries.len()
        )));
    }
    let group: Vec<usize> = rows
        .iter()
        .map(|r| countries.binary_search(&r.0).expect("kept above"))
        .collect();
    let years: Vec<i32> = {
        let mut y: Vec<i32> = rows.iter().map(|r| r.1).collect();
        y.sort_unstable();
        y.dedup();
        y
    };
    let year_group: Vec<usize> = rows
        .iter()
        .map(|r| years.binary_search(&r.1).expect("a year of the sample"))
        .collect();
    let mut x: Vec<f64> = rows.iter().map(|r| r.2).collect();
    let mut y: Vec<f64> = rows.iter().map(|r| r.3).collect();
    let total_ss = {
        let mut yc = y.clone();
        demean(&mut yc, &group, countries.len());
        yc.iter().map(|v| v * v).sum::<f64>()
    };
    for v in [&mut x, &mut y] {
        if spec.year_effects {
            for _ in 0..1000 {
                let before: Vec<f64> = v.clone();
                demean(v, &group, countries.len());
                demean(v, &year_group, years.len());
                let change = v
                    .iter()
                    .zip(&before)
                    .map(|(a, b)| (a - b).abs())
                    .fold(0.0, f64::max);
                if change < 1e-12 {
                    break;
                }
            }
        } else {
            demean(v, &group, countries.len());
        }
    }
    let sxx: f64 = x.iter().map(|v| v * v).sum();
    if sxx <= 0.0 {
        return Err(Error::Runtime(format!(
            "no within variation of battle deaths for `{}`",
            spec.label
        )));
    }
    let sxy: f64 = x.iter().zip(&y).map(|(a, b)| a * b).sum();
    let b = sxy / sxx;
    let mut score = vec![0.0; countries.len()];
    let mut rss = 0.0;
    for ((xi, yi), &g) in x.iter().zip(&y).zip(&group) {
        let e = yi - b * xi;
        score[g] += xi * e;
        rss += e * e;
    }
    let (n, g) = (rows.len() as f64, countries.len() as f64);
    let meat: f64 = score.iter().map(|s| s * s).sum();
    let var = meat / (sxx * sxx) * (g / (g - 1.0)) * ((n - 1.0) / (n - 2.0));
    let se = var.sqrt();
    let r2 = if spec.year_effects {
        let yss: f64 = y.iter().map(|v| v * v).sum();
        if yss > 0.0 { 1.0 - rss / yss } else { 0.0 }
    } else if total_ss > 0.0 {
        1.0 - rss / total_ss
    } else {
        0.0
    };
    Ok(Elasticity {
        spec: *spec,
        estimate: b,
        std_error: se,
        interval90: [b - Z90 * se, b + Z90 * se],
        country_years: rows.len(),
        countries: countries.len(),
        singletons,
        r2_within: r2,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mixture_of_one_normal_is_that_normal() {
        let q = mixture_quantile(&[(0.2, 0.05)], 0.95);
        assert!((q - (0.2 + 1.6448536269514722 * 0.05)).abs() < 1e-9, "{q}");
        let (mean, sd) = mixture_moments(&[(0.2, 0.05)]);
        assert!(
            (mean - 0.2).abs() < 1e-15 && (sd - 0.05).abs() < 1e-12,
            "{mean} {sd}"
        );
    }

    #[test]
    fn a_mixture_of_two_distant_normals_has_its_quantiles_in_the_outer_one() {
        // Half the mass at -1, half at 1: the 5% quantile is the 10% quantile of the lower.
        let parts = [(-1.0, 0.1), (1.0, 0.1)];
        let q05 = mixture_quantile(&parts, 0.05);
        assert!(
            (q05 - (-1.0 - 1.2815515655446004 * 0.1)).abs() < 1e-6,
            "{q05}"
        );
        let (mean, sd) = mixture_moments(&parts);
        assert!(mean.abs() < 1e-15);
        assert!((sd - (1.0f64 + 0.01).sqrt()).abs() < 1e-12);
    }

    fn row(iso3: &str, year: i32, deaths: u64, outflow: u64) -> PanelYear {
        PanelYear {
            iso3: iso3.into(),
            year,
            deaths_low: deaths,
            deaths_best: deaths,
            deaths_high: deaths,
            deaths_source: "test".into(),
            new_refugees: Some(outflow),
            new_asylum_seekers: Some(0),
        }
    }

    #[test]
    fn a_known_elasticity_is_recovered_through_country_effects() {
        // log(R) = a_i + 0.5 log(D): very different levels per country, one slope.
        let mut panel = Vec::new();
        for (c, level) in [("AAA", 10.0f64), ("BBB", 1000.0), ("CCC", 50.0)] {
            for (k, d) in [100u64, 400, 1600, 6400].into_iter().enumerate() {
                let r = (level * (d as f64).sqrt()).round() as u64;
                panel.push(row(c, 1990 + k as i32, d, r));
            }
        }
        let spec = Spec {
            outcome: Outcome::LogPositive,
            ..MAIN
        };
        let e = fit(&panel, &spec).unwrap();
        assert!((e.estimate - 0.5).abs() < 1e-3, "{}", e.estimate);
        assert_eq!(e.country_years, 12);
        assert_eq!(e.countries, 3);
    }

    #[test]
    fn singletons_and_small_death_counts_are_left_out() {
        let panel = vec![
            row("AAA", 1990, 100, 10),
            row("AAA", 1991, 200, 20),
            row("BBB", 1990, 100, 10),
            row("BBB", 1991, 300, 40),
            row("CCC", 1990, 500, 5),
            row("DDD", 1990, 10, 5),
        ];
        let e = fit(&panel, &MAIN).unwrap();
        assert_eq!(e.country_years, 4);
        assert_eq!(e.singletons, 1);
    }
}
