//! Summaries of counts: Wilson intervals, paired differences between rules, and the
//! distribution of the number of drafts adopted.

use serde::Serialize;

pub use crate::numerics::{poisson_binomial, quantile};

/// The 97.5% quantile of the standard normal distribution.
pub const Z95: f64 = 1.959_963_984_540_054;

/// A probability estimated from counts, with its Wilson score 95% interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Proportion {
    /// Successes.
    pub count: u64,
    /// Trials.
    pub trials: u64,
    /// `count / trials`.
    pub estimate: f64,
    /// Lower end of the Wilson 95% interval.
    pub lower: f64,
    /// Upper end of the Wilson 95% interval.
    pub upper: f64,
    /// Monte Carlo standard error `sqrt(p (1 - p) / n)`.
    pub std_error: f64,
}

impl Proportion {
    /// `count` successes in `trials` trials.
    ///
    /// ```
    /// let p = veto_sim::engine::Proportion::new(50, 100);
    /// assert!((p.lower - 0.4038).abs() < 1e-4 && (p.upper - 0.5962).abs() < 1e-4);
    /// ```
    pub fn new(count: u64, trials: u64) -> Proportion {
        let (lower, upper) = wilson(count, trials);
        let n = trials.max(1) as f64;
        let p = count as f64 / n;
        Proportion {
            count,
            trials,
            estimate: p,
            lower,
            upper,
            std_error: (p * (1.0 - p) / n).sqrt(),
        }
    }
}

/// How an [`Estimate`] was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "method")]
pub enum Basis {
    /// Computed exactly (the seating is fixed): no sampling error.
    Exact,
    /// The mean of exact values over this many sampled seatings (seats drawn).
    Seatings {
        /// The number of seatings.
        seatings: u64,
    },
    /// Counted over Monte Carlo trials.
    MonteCarlo {
        /// Successes.
        count: u64,
        /// Trials.
        trials: u64,
    },
}

/// A probability with its standard error and 95% interval, and how it was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Estimate {
    /// The probability.
    pub estimate: f64,
    /// Lower end of the 95% interval (the value itself when exact).
    pub lower: f64,
    /// Upper end of the 95% interval.
    pub upper: f64,
    /// Its standard error (0 when exact).
    pub std_error: f64,
    /// How it was obtained.
    #[serde(flatten)]
    pub basis: Basis,
}

impl Estimate {
    /// An exact value.
    pub fn exact(p: f64) -> Estimate {
        Estimate {
            estimate: p,
            lower: p,
            upper: p,
            std_error: 0.0,
            basis: Basis::Exact,
        }
    }

    /// A mean over `seatings` sampled seatings with standard error `std_error`; the interval
    /// is the normal one, kept within [0, 1].
    pub fn over_seatings(p: f64, std_error: f64, seatings: u64) -> Estimate {
        Estimate {
            estimate: p,
            lower: (p - Z95 * std_error).max(0.0),
            upper: (p + Z95 * std_error).min(1.0),
            std_error,
            basis: Basis::Seatings { seatings },
        }
    }
}

impl From<Proportion> for Estimate {
    fn from(p: Proportion) -> Estimate {
        Estimate {
            estimate: p.estimate,
            lower: p.lower,
            upper: p.upper,
            std_error: p.std_error,
            basis: Basis::MonteCarlo {
                count: p.count,
                trials: p.trials,
            },
        }
    }
}

/// The Wilson score 95% interval for `k` successes in `n` trials ((0, 1) when `n` is 0).
pub fn wilson(k: u64, n: u64) -> (f64, f64) {
    if n == 0 {
        return (0.0, 1.0);
    }
    let nf = n as f64;
    let p = k as f64 / nf;
    let z2 = Z95 * Z95;
    let denom = 1.0 + z2 / nf;
    let centre = (p + z2 / (2.0 * nf)) / denom;
    let half = Z95 * (p * (1.0 - p) / nf + z2 / (4.0 * nf * nf)).sqrt() / denom;
    ((centre - half).max(0.0), (centre + half).min(1.0))
}

/// The paired difference `P(adopt under a) - P(adopt under b)` from the same trials.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PairedDifference {
    /// Trials adopted under `a` but not `b`.
    pub only_a: u64,
    /// Trials adopted under `b` but not `a`.
    pub only_b: u64,
    /// The difference of the two estimates.
    pub difference: f64,
    /// Its standard error, from the per-trial paired indicators `D_t = A_t - B_t`.
    pub std_error: f64,
}

impl PairedDifference {
    /// From the discordant counts of `trials` paired trials.
    pub fn new(only_a: u64, only_b: u64, trials: u64) -> PairedDifference {
        let n = trials.max(1) as f64;
        let d = (only_a as f64 - only_b as f64) / n;
        let second = (only_a + only_b) as f64 / n;
        let var = (second - d * d).max(0.0);
        let se = if trials > 1 {
            (var / (n - 1.0)).sqrt()
        } else {
            f64::NAN
        };
        PairedDifference {
            only_a,
            only_b,
            difference: d,
            std_error: se,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wilson_interval_is_sane_at_the_edges() {
        let (lo, hi) = wilson(0, 10);
        assert_eq!(lo, 0.0);
        assert!((hi - 0.2775).abs() < 1e-3);
        let (lo, hi) = wilson(10, 10);
        assert!((lo - 0.7225).abs() < 1e-3 && (hi - 1.0).abs() < 1e-12);
    }

    #[test]
    fn paired_difference_uses_discordant_trials() {
        let d = PairedDifference::new(30, 10, 1000);
        assert!((d.difference - 0.02).abs() < 1e-12);
        let var: f64 = 0.04 - 0.0004;
        assert!((d.std_error - (var / 999.0).sqrt()).abs() < 1e-12);
    }
}
