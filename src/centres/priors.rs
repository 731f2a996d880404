//! The declared priors of the asylum-centres model: the parameters nobody has measured for
//! UN-run centres in the region, each with its median, 90% interval and source.
//!
//! A prior is a two-piece normal on a transformed scale (logit for shares, log for positive
//! amounts) through its median and the two ends of its 90% interval, as the flow estimator's
//! effect priors are: a standard normal draw `z` maps to `f⁻¹(f(median) + s z)`, `s` the
//! scale below or above the median. The map is increasing in `z`, so raising a prior's
//! median raises every draw made from the same random numbers.
//!
//! ```
//! use veto_sim::centres::priors::UPTAKE;
//! assert!((UPTAKE.value(0.0) - UPTAKE.median).abs() < 1e-12);
//! let hi = UPTAKE.value(1.644_853_626_951_472_2);
//! assert!((hi - UPTAKE.interval90[1]).abs() < 1e-9);
//! ```

use serde::Serialize;

use crate::flows::priors::Z90;

/// The scale a prior is normal on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scale {
    /// A share in (0, 1): normal on the logit.
    Logit,
    /// A positive amount: normal on the log.
    Log,
}

impl Scale {
    fn to(self, x: f64) -> f64 {
        match self {
            Scale::Logit => (x / (1.0 - x)).ln(),
            Scale::Log => x.ln(),
        }
    }

    fn from(self, y: f64) -> f64 {
        match self {
            Scale::Logit => 1.0 / (1.0 + (-y).exp()),
            Scale::Log => y.exp(),
        }
    }
}

/// One declared prior.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Prior {
    /// What it is.
    pub name: &'static str,
    /// Its unit.
    pub unit: &'static str,
    /// The median.
    pub median: f64,
    /// The 90% interval.
    pub interval90: [f64; 2],
    /// The scale it is normal on.
    pub scale: Scale,
    /// The evidence, and how thin it is.
    pub source: &'static str,
}

impl Prior {
    /// The value for a standard normal draw `z` (increasing in `z`; `z = 0` is the median).
    pub fn value(&self, z: f64) -> f64 {
        let m = self.scale.to(self.median);
        let s = if z < 0.0 {
            (m - self.scale.to(self.interval90[0])) / Z90
        } else {
            (self.scale.to(self.interval90[1]) - m) / Z90
        };
        self.scale.from(m + s * z)
    }

    /// The same prior with another median, its interval moved with it on the prior's scale
    /// (for sweeps of the median).
    pub fn with_median(&self, median: f64) -> Prior {
        let shift = self.scale.to(median) - self.scale.to(self.median);
        Prior {
            median,
            interval90: [
                self.scale.from(self.scale.to(self.interval90[0]) + shift),
                self.scale.from(self.scale.to(self.interval90[1]) + shift),
            ],
            ..self.clone()
        }
    }
}

/// The share of would-be travellers who apply at a centre instead of travelling.
pub const UPTAKE: Prior = Prior {
    name: "uptake",
    unit: "share of would-be travellers",
    median: 0.25,
    interval90: [0.03, 0.70],
    scale: Scale::Logit,
    source: "No study measures it: the evidence is thin, so the interval is wide. UNHCR's Emergency Transit Mechanisms evacuated selected vulnerable refugees from detention in Libya to Niger (3,361 by December 2020, UNHCR Niger ETM factsheet) and, with Rwanda, moved some 6,800 people since 2017 (UNHCR ETM flash update, January 2025), against 119,000 sea arrivals in Italy in 2017 alone: they show that processing in the region and resettlement from it can run, at a scale set by resettlement places, not how many would choose a centre over the journey. Resettlement from the region reaches a few per cent of refugees a year (UNHCR solutions data, data/resettlement.csv). The median is a judgement.",
};

/// The share of rejected applicants who return to the origin (the rest stay in the host).
pub const RETURN_SHARE: Prior = Prior {
    name: "return of the rejected",
    unit: "share of rejected applicants",
    median: 0.25,
    interval90: [0.08, 0.55],
    scale: Scale::Logit,
    source: "Europe's effective return rate: about one in four or five return decisions is carried out (Eurostat migr_eiord and migr_eirtn, 2015-2023; the European Commission's proposal for a return regulation of March 2025 puts it at about 20%). Returns from a centre in the region may be easier (a shorter way home) or harder (a host without the means to enforce them): the interval is wide.",
};

/// Deaths on the way per journey to Europe.
pub const DEATHS_PER_JOURNEY: Prior = Prior {
    name: "deaths on the way",
    unit: "deaths per journey",
    median: 0.004,
    interval90: [0.0005, 0.025],
    scale: Scale::Log,
    source: "IOM Missing Migrants Project: some 28,000 dead and missing on the Mediterranean routes 2014-2023 against about 2.6 million sea arrivals (UNHCR), near 1%; from about 0.1% on the Eastern Mediterranean in 2015 to several per cent on the Central Mediterranean in 2016-2018. Deaths on land (the Sahara, the Balkans) are recorded far less, and many applicants in Europe arrive by air or by land without a sea crossing: the median is below the sea routes' rate and the interval spans both.",
};

/// Smugglers' fees per journey to Europe (US dollars).
pub const FEE_USD: Prior = Prior {
    name: "smugglers' fees",
    unit: "US$ per journey",
    median: 2_500.0,
    interval90: [800.0, 10_000.0],
    scale: Scale::Log,
    source: "UNODC Global Study on Smuggling of Migrants 2018: at least 2.5 million migrants smuggled in 2016 for US$5.5-7 billion (about US$2,200-2,800 each); route fees from about US$1,000 (Turkish coast to the Greek islands, low end) to some US$10,000 overland from Afghanistan to Western Europe. Fees vary by route, year and service: the interval is wide.",
};

/// Every declared prior, in report order.
pub const ALL: [&Prior; 4] = [&UPTAKE, &RETURN_SHARE, &DEATHS_PER_JOURNEY, &FEE_USD];

/// Weights of the site ranking: shared official language, proximity, capacity (each term in
/// [0, 1]). Equal weights are a judgement, not an estimate; `veto-sim calibrate language`
/// validates a language weight in the regional key, not in this ranking.
pub const SITE_WEIGHTS: [f64; 3] = [1.0, 1.0, 1.0];

/// Refugees hosted per 1,000 inhabitants at which a site's capacity term is halved.
pub const LOAD_HALVING_PER_1000: f64 = 10.0;

/// Least substantive decisions in a year for its protection rate to count.
pub const MIN_DECISIONS: f64 = 50.0;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_prior_maps_its_interval_ends_and_is_increasing() {
        for p in ALL {
            assert!((p.value(-Z90) - p.interval90[0]).abs() < 1e-9 * p.median.max(1.0));
            assert!((p.value(Z90) - p.interval90[1]).abs() < 1e-9 * p.median.max(1.0));
            let mut last = f64::NEG_INFINITY;
            for i in -40..=40 {
                let v = p.value(f64::from(i) / 10.0);
                assert!(v > last, "{}", p.name);
                last = v;
            }
        }
    }

    #[test]
    fn a_higher_median_raises_every_draw() {
        let hi = UPTAKE.with_median(0.5);
        for i in -30..=30 {
            let z = f64::from(i) / 10.0;
            assert!(hi.value(z) > UPTAKE.value(z));
        }
    }
}
