//! What UN-run centres in the region would do for a year's would-be travellers: who applies
//! at a centre and who travels anyway, who is recognised and resettled, who is rejected and
//! returned or stays in the host, the journeys, deaths and smugglers' fees avoided, the
//! resettlement places needed, and each site's added load.
//!
//! # The chain, per trial
//! With `N` would-be travellers, uptake `u`, protection rate `p`, return share `r`, deaths per
//! journey `d` and fee `f`: `centres = N u`, `travelling = N - centres`,
//! `recognised = centres p`, `rejected = centres - recognised`, `returned = rejected r`,
//! `staying = rejected - returned`, `journeys replaced = centres`, `deaths avoided =
//! centres d`, `fees avoided = centres f`. Everyone is accounted for by construction, and
//! the run checks it in every trial ([`CentresOutcome::conservation_error`]).
//!
//! # Intervals
//! Monte Carlo over the priors: trial `t` draws five uniforms from `ChaCha8Rng` seeded with
//! the master seed on stream `Stream::Centres { block: t / BLOCK }` (one stream per block of trials), in a
//! fixed order, whether or not a parameter is fixed, so fixing one leaves the others' draws
//! unchanged. Uptake, return, deaths and fees are two-piece normal priors
//! ([`super::priors`]); the protection rate is triangular between the lowest and highest
//! yearly rate of the window, with its mode at the year's rate. A site's load is a fixed share
//! of the centres' total, so its interval is that of the total scaled exactly.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

use super::priors::{self, MIN_DECISIONS, Prior};
use super::sites::{Site, SiteChoice};
use super::tables::AsylumTables;
use crate::error::{Error, Result};
use crate::flows::estimator::Summary;
use crate::random::Stream;

/// Trials per random stream.
pub const BLOCK: u64 = 4_096;

/// The protection rate: the year's rate, and the spread of the window's yearly rates.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProtectionRate {
    /// The mode (the year's rate, or the window's pooled rate when the year has too few
    /// decisions), or the fixed value.
    pub central: f64,
    /// The lowest yearly rate of the window.
    pub low: f64,
    /// The highest.
    pub high: f64,
    /// The window (first and last year).
    pub window: (i32, i32),
    /// Each year of the window with enough decisions: (year, rate, substantive decisions).
    pub years: Vec<(i32, f64, f64)>,
    /// How it was set.
    pub basis: String,
}

impl ProtectionRate {
    /// A fixed rate (a sweep cell, `--protection-rate`).
    pub fn fixed(rate: f64, year: i32) -> ProtectionRate {
        ProtectionRate {
            central: rate,
            low: rate,
            high: rate,
            window: (year, year),
            years: Vec::new(),
            basis: format!("fixed at {rate} by the user"),
        }
    }

    /// The rate for a uniform draw `u` (triangular between `low` and `high`, mode `central`;
    /// increasing in `u`).
    pub fn value(&self, u: f64) -> f64 {
        let (a, c, b) = (self.low, self.central, self.high);
        if b - a <= 0.0 {
            return c;
        }
        let fc = (c - a) / (b - a);
        if u < fc {
            a + (u * (b - a) * (c - a)).sqrt()
        } else {
            b - ((1.0 - u) * (b - a) * (b - c)).sqrt()
        }
    }
}

/// The protection rate of `origin`'s nationals in Europe for `year`, over `window` (default:
/// two years either side, within the data).
///
/// # Errors
/// No year of the window with at least [`MIN_DECISIONS`] decisions on the merits (exit 2).
pub fn protection_rate(
    tables: &AsylumTables,
    origin: &str,
    year: i32,
    window: Option<(i32, i32)>,
) -> Result<ProtectionRate> {
    let (first, last) = tables.decision_years().unwrap_or((year, year));
    let window = window.unwrap_or(((year - 2).max(first), (year + 2).min(last)));
    let mut years = Vec::new();
    let mut pooled = super::tables::Decisions::default();
    for y in window.0..=window.1 {
        if let Some(d) = tables.decisions.get(&(origin.to_string(), y))
            && d.substantive() >= MIN_DECISIONS
        {
            years.push((y, d.protection_rate().expect("decisions"), d.substantive()));
            pooled.recognised += d.recognised;
            pooled.complementary += d.complementary;
            pooled.rejected += d.rejected;
        }
    }
    if years.is_empty() {
        return Err(Error::Usage(format!(
            "no year of {}-{} has {MIN_DECISIONS} or more asylum decisions on nationals of {origin} in Europe, so there is no protection rate to apply: widen --window or give --protection-rate",
            window.0, window.1
        )));
    }
    let low = years.iter().map(|y| y.1).fold(f64::INFINITY, f64::min);
    let high = years.iter().map(|y| y.1).fold(f64::NEG_INFINITY, f64::max);
    let (central, basis) = match years.iter().find(|y| y.0 == year) {
        Some(y) => (
            y.1,
            format!(
                "UNHCR first-instance decisions in Europe on nationals of {origin} in {year} ({:.0} on the merits); interval: the lowest and highest yearly rate of {}-{}",
                y.2, window.0, window.1
            ),
        ),
        None => (
            pooled.protection_rate().expect("decisions"),
            format!(
                "{year} has fewer than {MIN_DECISIONS} decisions: the pooled rate of {}-{} ({:.0} decisions on the merits); interval: the lowest and highest yearly rate",
                window.0,
                window.1,
                pooled.substantive()
            ),
        ),
    };
    Ok(ProtectionRate {
        central,
        low,
        high,
        window,
        years,
        basis,
    })
}

/// What the model runs on.
#[derive(Debug, Clone)]
pub struct ModelInput {
    /// Would-be travellers.
    pub travellers: f64,
    /// The uptake prior, or a fixed share.
    pub uptake: Uptake,
    /// The protection rate.
    pub protection: ProtectionRate,
    /// The sites, best first (the first `max_sites` receive applicants).
    pub sites: SiteChoice,
    /// How many sites receive applicants.
    pub max_sites: usize,
    /// Trials.
    pub trials: u64,
    /// Master seed.
    pub seed: u64,
}

/// The uptake: a prior, or a fixed share.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Uptake {
    /// Drawn from a prior.
    Prior {
        /// The prior.
        prior: Prior,
    },
    /// Fixed.
    Fixed {
        /// The share.
        share: f64,
    },
}

impl Uptake {
    fn value(&self, z: f64) -> f64 {
        match self {
            Uptake::Prior { prior } => prior.value(z),
            Uptake::Fixed { share } => *share,
        }
    }
}

/// One figure of the outcome, with its 90% interval.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure {
    /// Short name (also the CSV key).
    pub name: &'static str,
    /// What it counts.
    pub label: &'static str,
    /// Mean and 90% interval.
    pub value: Summary,
}

/// A site's share of the applicants and its added load.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SiteLoad {
    /// The site.
    pub site: Site,
    /// Its share of the centres' applicants (by population and GDP among the sites used).
    pub share: f64,
    /// Applicants it receives while their claims are decided.
    pub applicants: Summary,
    /// Added load per 1,000 inhabitants while claims are decided.
    pub added_per_1000: Summary,
    /// Rejected applicants who stay, per 1,000 inhabitants: the lasting added load.
    pub lasting_per_1000: Summary,
}

/// The model's outcome.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CentresOutcome {
    /// The figures, in report order.
    pub figures: Vec<Figure>,
    /// The sites used and their loads.
    pub sites: Vec<SiteLoad>,
    /// The largest `|centres + travelling - N|` or `|recognised + returned + staying -
    /// centres|` over every trial (0 up to rounding).
    pub conservation_error: f64,
}

impl CentresOutcome {
    /// The figure named `name`.
    pub fn figure(&self, name: &str) -> Option<&Summary> {
        self.figures
            .iter()
            .find(|f| f.name == name)
            .map(|f| &f.value)
    }
}

fn uniform(rng: &mut ChaCha8Rng) -> f64 {
    // 53 bits in (0, 1): never 0, so the normal quantile stays finite.
    ((rng.next_u64() >> 11) as f64 + 0.5) * (1.0 / 9_007_199_254_740_992.0)
}

fn normal(u: f64) -> f64 {
    -std::f64::consts::SQRT_2 * statrs::function::erf::erfc_inv(2.0 * u)
}

/// Runs the model.
///
/// # Errors
/// No trials, a negative number of travellers, or no site.
pub fn run(input: &ModelInput) -> Result<CentresOutcome> {
    let n = input.travellers;
    if !(n.is_finite() && n >= 0.0) {
        return Err(Error::Usage(format!(
            "the number of would-be travellers must be at least 0, got {n}"
        )));
    }
    if input.trials == 0 {
        return Err(Error::Usage("--trials must be at least 1".into()));
    }
    let used: Vec<&Site> = input
        .sites
        .sites
        .iter()
        .take(input.max_sites.max(1))
        .collect();
    if used.is_empty() {
        return Err(Error::Usage("no site to receive applicants".into()));
    }
    const NAMES: [(&str, &str); 11] = [
        ("travellers", "would-be travellers"),
        ("centres", "apply at a centre"),
        ("travelling", "travel anyway"),
        ("recognised", "recognised (resettled by the key)"),
        ("rejected", "rejected"),
        ("returned", "rejected, returned to the origin"),
        ("staying", "rejected, staying in the host"),
        ("journeys", "journeys replaced"),
        ("deaths", "deaths on the way avoided"),
        ("fees", "smugglers' fees avoided (US$)"),
        ("uptake", "uptake drawn"),
    ];
    let trials = input.trials as usize;
    let mut values: Vec<Vec<f64>> = vec![Vec::with_capacity(trials); NAMES.len() + 1];
    let mut conservation_error: f64 = 0.0;
    let mut rng = ChaCha8Rng::seed_from_u64(input.seed);
    for t in 0..input.trials {
        if t % BLOCK == 0 {
            rng = ChaCha8Rng::seed_from_u64(input.seed);
            rng.set_stream(Stream::Centres { block: t / BLOCK }.number());
        }
        let draws: [f64; 5] = std::array::from_fn(|_| uniform(&mut rng));
        let u = input.uptake.value(normal(draws[0]));
        let p = input.protection.value(draws[1]);
        let r = priors::RETURN_SHARE.value(normal(draws[2]));
        let d = priors::DEATHS_PER_JOURNEY.value(normal(draws[3]));
        let f = priors::FEE_USD.value(normal(draws[4]));
        let centres = n * u;
        let travelling = n - centres;
        let recognised = centres * p;
        let rejected = centres - recognised;
        let returned = rejected * r;
        let staying = rejected - returned;
        conservation_error = conservation_error
            .max((centres + travelling - n).abs())
            .max((recognised + returned + staying - centres).abs());
        for (i, v) in [
            n,
            centres,
            travelling,
            recognised,
            rejected,
            returned,
            staying,
            centres,
            centres * d,
            centres * f,
            u,
            p,
        ]
        .into_iter()
        .enumerate()
        {
            values[i].push(v);
        }
    }
    let mut figures: Vec<Figure> = NAMES
        .iter()
        .zip(&values)
        .map(|((name, label), v)| Figure {
            name,
            label,
            value: Summary::of(v),
        })
        .collect();
    figures.push(Figure {
        name: "protection",
        label: "protection rate drawn",
        value: Summary::of(&values[NAMES.len()]),
    });
    let centres = figures[1].value;
    let staying = figures[6].value;
    let (tp, tg): (f64, f64) = used
        .iter()
        .fold((0.0, 0.0), |a, s| (a.0 + s.population_m, a.1 + s.gdp_musd));
    let scale = |s: &Summary, k: f64| Summary {
        mean: s.mean * k,
        p05: s.p05 * k,
        p95: s.p95 * k,
        p_positive: if k > 0.0 { s.p_positive } else { 0.0 },
    };
    let sites = used
        .iter()
        .map(|s| {
            let share = (s.population_m / tp + s.gdp_musd / tg) / 2.0;
            let per = 1.0 / (s.population_m * 1000.0);
            SiteLoad {
                site: (*s).clone(),
                share,
                applicants: scale(&centres, share),
                added_per_1000: scale(&centres, share * per),
                lasting_per_1000: scale(&staying, share * per),
            }
        })
        .collect();
    Ok(CentresOutcome {
        figures,
        sites,
        conservation_error,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_triangular_rate_spans_its_interval_and_rises() {
        let p = ProtectionRate {
            central: 0.9,
            low: 0.6,
            high: 0.95,
            window: (2013, 2017),
            years: Vec::new(),
            basis: String::new(),
        };
        assert!((p.value(0.0) - 0.6).abs() < 1e-12);
        assert!((p.value(1.0) - 0.95).abs() < 1e-12);
        let mut last = 0.0;
        for i in 0..=100 {
            let v = p.value(f64::from(i) / 100.0);
            assert!(v >= last);
            last = v;
        }
    }
}
