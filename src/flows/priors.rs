//! The flow estimator's parameter file: the effect of each kind of action on battle deaths
//! (median change, 90% interval, deployment lag, duration), the elasticity's origin, the
//! definition of Europe, the gravity model's sample and the distribution keys' weights, each
//! with its source.
//!
//! The defaults live in `data/flows/priors.yaml`, compiled into the binary; `--priors FILE`
//! replaces them whole. Reading follows the project's two stages: raw serde structs with
//! `deny_unknown_fields` and spans, then checks that name the file, line, column and key of a
//! bad value (an interval that does not contain its median, a change of -100% or less, an
//! unknown kind of action or state).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use crate::error::{Error, Result, did_you_mean};
use crate::input::at;
use crate::world::{ActionKind, World};

/// The embedded parameter file.
pub const DEFAULT_YAML: &str = include_str!("../../data/flows/priors.yaml");
/// Its name in messages and reports.
pub const DEFAULT_FILE: &str = "<embedded data/flows/priors.yaml>";

/// The 95% quantile of the standard normal distribution (a 90% interval's half-width in
/// standard deviations).
pub const Z90: f64 = 1.644_853_626_951_472_2;

/// The prior of one kind of action.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EffectPrior {
    /// Median proportional change in battle deaths once in force (`-0.7`: 70% fewer).
    pub change: f64,
    /// Its 90% interval.
    pub interval90: [f64; 2],
    /// Deployment lag, uniform between these months.
    pub lag_months: [f64; 2],
    /// How long the effect lasts once in force, uniform between these years.
    pub duration_years: [f64; 2],
    /// What the study behind it measured (battle deaths, mass killings, ...), stated beside
    /// the prior because the estimator applies every effect to battle deaths.
    pub outcome: String,
    /// The evidence and the reasoning.
    pub source: String,
}

impl EffectPrior {
    /// A prior with no effect at all (for checks).
    pub fn none() -> EffectPrior {
        EffectPrior {
            change: 0.0,
            interval90: [0.0, 0.0],
            lag_months: [0.0, 0.0],
            duration_years: [0.0, 0.0],
            outcome: "none".into(),
            source: "no effect".into(),
        }
    }

    /// `log(1 + change)`: the median of the log deaths ratio.
    pub fn log_median(&self) -> f64 {
        self.change.ln_1p()
    }

    /// The two-piece normal's scales below and above the median.
    pub fn sigmas(&self) -> (f64, f64) {
        let mu = self.log_median();
        (
            (mu - self.interval90[0].ln_1p()) / Z90,
            (self.interval90[1].ln_1p() - mu) / Z90,
        )
    }

    /// The deaths ratio `D'/D` once in force for a standard normal draw `z` (monotone
    /// increasing in `z`; `z = 0` gives the median).
    pub fn ratio(&self, z: f64) -> f64 {
        let (lo, hi) = self.sigmas();
        let s = if z < 0.0 { lo } else { hi };
        (self.log_median() + s * z).exp()
    }
}

/// Where the elasticity of outflows to deaths comes from.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "from", rename_all = "lowercase")]
pub enum ElasticityPrior {
    /// The equal-weight mixture of the estimates of every specification `veto-sim calibrate
    /// flows` prints (the main one and its variants), each Normal(estimate, standard error):
    /// the spread across specifications is part of the uncertainty.
    Averaged {
        /// The source named in reports.
        source: String,
    },
    /// Estimated from the world's panel at run time, main specification only.
    Calibrated {
        /// The source named in reports.
        source: String,
    },
    /// Declared: Normal(mean, sd).
    Declared {
        /// Mean.
        mean: f64,
        /// Standard deviation.
        sd: f64,
        /// The source.
        source: String,
    },
}

/// The observed-destination basis and the definition of Europe.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DestinationsDef {
    /// `peak` or `latest`.
    pub basis: String,
    /// Europe's states (EU27, GBR, CHE, NOR, ISL, LIE by default).
    pub europe: Vec<String>,
    /// Least new arrivals (refugees and asylum seekers) in a year for that year's asylum-state
    /// shares to stand for the next years' destinations.
    pub min_arrivals: u64,
    /// Why that threshold.
    pub min_arrivals_source: String,
    /// The source.
    pub source: String,
}

/// Which real conflicts the gravity model is fitted on.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GravityDef {
    /// Least refugees and asylum seekers at the peak.
    pub min_peak: u64,
    /// The source.
    pub source: String,
}

/// The EU relocation key.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EuKeyDef {
    /// The EU member states.
    pub states: Vec<String>,
    /// Weight of population.
    pub population: f64,
    /// Weight of total GDP.
    pub gdp: f64,
    /// Weight of past asylum effort.
    pub effort: f64,
    /// Weight of unemployment.
    pub unemployment: f64,
    /// Largest move of a corrective criterion, as a share of the population-and-GDP part.
    pub cap: f64,
    /// What to do without unemployment data (`renormalise`).
    pub unemployment_data: String,
    /// The source.
    pub source: String,
}

/// The UN-wide key.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnKeyDef {
    /// Weight of population.
    pub population: f64,
    /// Weight of GDP.
    pub gdp: f64,
    /// The source.
    pub source: String,
}

/// The regional key.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegionalKeyDef {
    /// Weight of population in capacity.
    pub population: f64,
    /// Weight of GDP in capacity.
    pub gdp: f64,
    /// Distance scale of proximity for states that are not neighbours (km).
    pub distance_km: f64,
    /// Added weight for a shared official language: a state sharing one with the origin
    /// weighs `1 + language` times as much (0: language ignored; then left out of the
    /// serialised parameters, which stay as they were before the weight existed).
    #[serde(skip_serializing_if = "is_zero")]
    pub language: f64,
    /// The source.
    pub source: String,
}

fn is_zero(x: &f64) -> bool {
    *x == 0.0
}

/// The three keys.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KeysDef {
    /// `eu`.
    pub eu: EuKeyDef,
    /// `un`.
    pub un: UnKeyDef,
    /// `regional`.
    pub regional: RegionalKeyDef,
}

/// Every prior and definition of the flow estimator and the keys.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FlowPriors {
    /// The file they were read from.
    pub file: String,
    /// The elasticity.
    pub elasticity: ElasticityPrior,
    /// The effect of each kind of action (every kind).
    pub effects: BTreeMap<ActionKind, EffectPrior>,
    /// Destinations.
    pub destinations: DestinationsDef,
    /// The gravity model's sample.
    pub gravity: GravityDef,
    /// The distribution keys.
    pub keys: KeysDef,
}

impl FlowPriors {
    /// The embedded defaults, checked against `world`'s states.
    ///
    /// # Errors
    /// Only if the embedded file is broken.
    pub fn embedded(world: &World) -> Result<FlowPriors> {
        parse_priors(DEFAULT_YAML, DEFAULT_FILE, world)
    }

    /// The prior of a kind of action.
    ///
    /// # Panics
    /// Never for a parsed file, which has every kind.
    pub fn effect(&self, kind: ActionKind) -> &EffectPrior {
        &self.effects[&kind]
    }

    /// Replaces every kind's prior (for checks and sensitivity runs).
    pub fn with_all_effects(mut self, prior: &EffectPrior) -> FlowPriors {
        for kind in ActionKind::ALL {
            self.effects.insert(kind, prior.clone());
        }
        self
    }

    /// The longest lag plus the longest duration of any kind, in years: how far after a
    /// draft's date its effect can reach.
    pub fn reach_years(&self) -> f64 {
        self.effects
            .values()
            .map(|e| e.lag_months[1] / 12.0 + e.duration_years[1])
            .fold(0.0, f64::max)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPriors {
    elasticity: Spanned<RawElasticity>,
    effects: Spanned<BTreeMap<String, Spanned<RawEffect>>>,
    destinations: Spanned<RawDestinations>,
    gravity: Spanned<RawGravity>,
    keys: Spanned<RawKeys>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawElasticity {
    from: Spanned<String>,
    #[serde(default)]
    mean: Option<Spanned<f64>>,
    #[serde(default)]
    sd: Option<Spanned<f64>>,
    source: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEffect {
    change: Spanned<f64>,
    interval90: Spanned<Vec<f64>>,
    lag_months: Spanned<Vec<f64>>,
    duration_years: Spanned<Vec<f64>>,
    outcome: String,
    source: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDestinations {
    basis: Spanned<String>,
    europe: Spanned<Vec<Spanned<String>>>,
    min_arrivals: Spanned<u64>,
    min_arrivals_source: String,
    source: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGravity {
    min_peak: u64,
    source: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawKeys {
    eu: Spanned<RawEu>,
    un: Spanned<RawUn>,
    regional: Spanned<RawRegional>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEu {
    states: Spanned<Vec<Spanned<String>>>,
    population: Spanned<f64>,
    gdp: Spanned<f64>,
    effort: Spanned<f64>,
    unemployment: Spanned<f64>,
    cap: Spanned<f64>,
    unemployment_data: Spanned<String>,
    source: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawUn {
    population: Spanned<f64>,
    gdp: Spanned<f64>,
    source: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRegional {
    population: Spanned<f64>,
    gdp: Spanned<f64>,
    distance_km: Spanned<f64>,
    #[serde(default)]
    language: Option<Spanned<f64>>,
    #[serde(default)]
    language_source: Option<String>,
    source: String,
}

/// A finite number of at least 0.
fn weight(file: &str, v: &Spanned<f64>, key: &str) -> Result<f64> {
    if v.value.is_finite() && v.value >= 0.0 {
        Ok(v.value)
    } else {
        Err(Error::input(
            at(file, v, key),
            format!("expected a weight of at least 0, got {}", v.value),
        ))
    }
}

/// `[low, high]` with `low <= high`, each finite and checked by `ok`.
fn pair(
    file: &str,
    v: &Spanned<Vec<f64>>,
    key: &str,
    what: &str,
    ok: impl Fn(f64) -> bool,
) -> Result<[f64; 2]> {
    match v.value.as_slice() {
        [a, b] if a.is_finite() && b.is_finite() && ok(*a) && ok(*b) && a <= b => Ok([*a, *b]),
        _ => Err(Error::input(
            at(file, v, key),
            format!(
                "expected [low, high] with low <= high, {what}; got {:?}",
                v.value
            ),
        )),
    }
}

fn states_list(
    file: &str,
    list: &Spanned<Vec<Spanned<String>>>,
    key: &str,
    world: &World,
) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for code in &list.value {
        let state = world.require_state(&code.value).map_err(|e| match e {
            Error::Usage(m) => Error::input(at(file, code, key), m),
            other => other,
        })?;
        if out.contains(&state.code) {
            return Err(Error::input(
                at(file, code, key),
                format!("`{}` is listed twice", state.code),
            ));
        }
        out.push(state.code.clone());
    }
    if out.is_empty() {
        return Err(Error::input(at(file, list, key), "the list is empty"));
    }
    Ok(out)
}

/// Parses and checks a parameter file.
///
/// # Errors
/// [`Error::Input`] naming the file, line, column and key: YAML errors, unknown or missing
/// fields, a kind of action missing or unknown, a median change of -100% or below, an interval
/// that does not contain its median, negative lags or durations, an unknown state, negative
/// weights, weights summing to 0, an unknown basis.
pub fn parse_priors(text: &str, file: &str, world: &World) -> Result<FlowPriors> {
    let raw: RawPriors = crate::yaml::from_str(text, file)?;
    let e = &raw.elasticity.value;
    let elasticity = match e.from.value.as_str() {
        from @ ("calibrated" | "averaged") => {
            if let Some(m) = &e.mean {
                return Err(Error::input(
                    at(file, m, "elasticity.mean"),
                    "`mean` is only for `from: declared`",
                ));
            }
            let source = e.source.trim().to_string();
            if from == "averaged" {
                ElasticityPrior::Averaged { source }
            } else {
                ElasticityPrior::Calibrated { source }
            }
        }
        "declared" => {
            let need = |v: &Option<Spanned<f64>>, key: &str, positive: bool| -> Result<f64> {
                match v {
                    Some(v) if v.value.is_finite() && (!positive || v.value > 0.0) => Ok(v.value),
                    Some(v) => Err(Error::input(
                        at(file, v, key),
                        format!(
                            "expected a finite number{}, got {}",
                            if positive { " above 0" } else { "" },
                            v.value
                        ),
                    )),
                    None => Err(Error::input(
                        at(file, &raw.elasticity, key),
                        format!("missing `{key}`: `from: declared` needs `mean` and `sd`"),
                    )),
                }
            };
            ElasticityPrior::Declared {
                mean: need(&e.mean, "elasticity.mean", false)?,
                sd: need(&e.sd, "elasticity.sd", true)?,
                source: e.source.trim().to_string(),
            }
        }
        other => {
            return Err(Error::input(
                at(file, &e.from, "elasticity.from"),
                format!(
                    "expected `averaged`, `calibrated` or `declared`, got `{other}`{}",
                    did_you_mean(other, ["averaged", "calibrated", "declared"])
                ),
            ));
        }
    };

    let mut effects = BTreeMap::new();
    for (name, spanned) in &raw.effects.value {
        let key = format!("effects.{name}");
        let Some(kind) = ActionKind::parse(name) else {
            let names = ActionKind::ALL.map(ActionKind::as_str);
            return Err(Error::input(
                at(file, spanned, &key),
                format!(
                    "unknown kind of action `{name}`: expected one of {}{}",
                    names.join(", "),
                    did_you_mean(name, names)
                ),
            ));
        };
        let r = &spanned.value;
        let change = r.change.value;
        if !change.is_finite() || change <= -1.0 {
            return Err(Error::input(
                at(file, &r.change, &format!("{key}.change")),
                format!("expected a proportional change above -1 (-100%), got {change}"),
            ));
        }
        let interval90 = pair(
            file,
            &r.interval90,
            &format!("{key}.interval90"),
            "each above -1",
            |x| x > -1.0,
        )?;
        if change < interval90[0] || change > interval90[1] {
            return Err(Error::input(
                at(file, &r.interval90, &format!("{key}.interval90")),
                format!(
                    "the 90% interval [{}, {}] does not contain the median change {change}",
                    interval90[0], interval90[1]
                ),
            ));
        }
        let lag_months = pair(
            file,
            &r.lag_months,
            &format!("{key}.lag_months"),
            "each at least 0",
            |x| x >= 0.0,
        )?;
        let duration_years = pair(
            file,
            &r.duration_years,
            &format!("{key}.duration_years"),
            "each at least 0",
            |x| x >= 0.0,
        )?;
        effects.insert(
            kind,
            EffectPrior {
                change,
                interval90,
                lag_months,
                duration_years,
                outcome: r.outcome.split_whitespace().collect::<Vec<_>>().join(" "),
                source: r.source.trim().to_string(),
            },
        );
    }
    for kind in ActionKind::ALL {
        if !effects.contains_key(&kind) {
            return Err(Error::input(
                at(file, &raw.effects, &format!("effects.{kind}")),
                format!("missing the prior of kind `{kind}`: every kind of action needs one"),
            ));
        }
    }

    let d = &raw.destinations.value;
    let basis = d.basis.value.trim().to_string();
    if basis != "peak" && basis != "latest" {
        return Err(Error::input(
            at(file, &d.basis, "destinations.basis"),
            format!("expected `peak` or `latest`, got `{basis}`"),
        ));
    }
    if d.min_arrivals.value == 0 {
        return Err(Error::input(
            at(file, &d.min_arrivals, "destinations.min_arrivals"),
            "expected a count of at least 1: a year without arrivals has no shares",
        ));
    }
    let destinations = DestinationsDef {
        basis,
        europe: states_list(file, &d.europe, "destinations.europe", world)?,
        min_arrivals: d.min_arrivals.value,
        min_arrivals_source: d.min_arrivals_source.trim().to_string(),
        source: d.source.trim().to_string(),
    };
    let gravity = GravityDef {
        min_peak: raw.gravity.value.min_peak,
        source: raw.gravity.value.source.trim().to_string(),
    };

    let k = &raw.keys.value;
    let eu = &k.eu.value;
    let data = eu.unemployment_data.value.trim().to_string();
    if data != "renormalise" {
        return Err(Error::input(
            at(file, &eu.unemployment_data, "keys.eu.unemployment_data"),
            format!("expected `renormalise` (the world has no unemployment figures), got `{data}`"),
        ));
    }
    let eu_def = EuKeyDef {
        states: states_list(file, &eu.states, "keys.eu.states", world)?,
        population: weight(file, &eu.population, "keys.eu.population")?,
        gdp: weight(file, &eu.gdp, "keys.eu.gdp")?,
        effort: weight(file, &eu.effort, "keys.eu.effort")?,
        unemployment: weight(file, &eu.unemployment, "keys.eu.unemployment")?,
        cap: weight(file, &eu.cap, "keys.eu.cap")?,
        unemployment_data: data,
        source: eu.source.trim().to_string(),
    };
    if eu_def.population + eu_def.gdp + eu_def.effort <= 0.0 {
        return Err(Error::input(
            at(file, &k.eu, "keys.eu"),
            "the weights of population, GDP and effort sum to 0",
        ));
    }
    let un = &k.un.value;
    let un_def = UnKeyDef {
        population: weight(file, &un.population, "keys.un.population")?,
        gdp: weight(file, &un.gdp, "keys.un.gdp")?,
        source: un.source.trim().to_string(),
    };
    let rg = &k.regional.value;
    let regional = RegionalKeyDef {
        population: weight(file, &rg.population, "keys.regional.population")?,
        gdp: weight(file, &rg.gdp, "keys.regional.gdp")?,
        distance_km: {
            let v = &rg.distance_km;
            if !(v.value.is_finite() && v.value > 0.0) {
                return Err(Error::input(
                    at(file, v, "keys.regional.distance_km"),
                    format!("expected a distance above 0 km, got {}", v.value),
                ));
            }
            v.value
        },
        language: match &rg.language {
            Some(v) => weight(file, v, "keys.regional.language")?,
            None => 0.0,
        },
        source: match &rg.language_source {
            Some(l) => format!("{} {}", rg.source.trim(), l.trim()),
            None => rg.source.trim().to_string(),
        },
    };
    for (sum, spanned, key) in [
        (
            un_def.population + un_def.gdp,
            &k.un.value.population,
            "keys.un",
        ),
        (
            regional.population + regional.gdp,
            &k.regional.value.population,
            "keys.regional",
        ),
    ] {
        if sum <= 0.0 {
            return Err(Error::input(
                at(file, spanned, key),
                "the weights of population and GDP sum to 0",
            ));
        }
    }
    Ok(FlowPriors {
        file: file.to_string(),
        elasticity,
        effects,
        destinations,
        gravity,
        keys: KeysDef {
            eu: eu_def,
            un: un_def,
            regional,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_two_piece_normal_has_the_stated_median_and_interval() {
        let p = EffectPrior {
            change: -0.7,
            interval90: [-0.9, -0.1],
            lag_months: [3.0, 12.0],
            duration_years: [3.0, 10.0],
            outcome: String::new(),
            source: String::new(),
        };
        assert!((p.ratio(0.0) - 0.3).abs() < 1e-12);
        assert!((p.ratio(-Z90) - 0.1).abs() < 1e-12);
        assert!((p.ratio(Z90) - 0.9).abs() < 1e-12);
        assert!(p.ratio(-1.0) < p.ratio(0.5));
    }

    #[test]
    fn a_point_prior_never_moves() {
        let p = EffectPrior::none();
        assert_eq!(p.ratio(-3.0), 1.0);
        assert_eq!(p.ratio(3.0), 1.0);
    }
}
