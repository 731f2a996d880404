//! Distribution plans: sharing refugees among states by a key, with each state's load and the
//! inequality of loads before and after.
//!
//! # Keys (weights and sources in `data/flows/priors.yaml`)
//! - `eu`: the 2015 Commission relocation key over the EU27. Population share `P_i` and GDP
//!   share `G_i` make the base `B_i = (w_p P_i + w_g G_i) / (w_p + w_g)`. Past asylum effort
//!   `e_i` (first-instance asylum applications plus resettled refugees, per million inhabitants
//!   and year, 2010–2014) corrects it: the effort part is `A_i ∝ B_i · ē / e_i` (more effort,
//!   smaller share; `ē` the base-weighted mean), and may move a state's key by at most `cap`
//!   (30%) of its population-and-GDP part: `|w_a (A_i - B_i)| <= cap (w_p P_i + w_g G_i)`. The
//!   world has no unemployment figures: the unemployment criterion is dropped and the weights
//!   renormalised (population 4/9, GDP 4/9, effort 1/9). The key is normalised to sum to 1.
//! - `un`: every member state with population and GDP, by `w_p P_i + w_g G_i`.
//! - `regional`: the origin's land neighbours and the other member states of its geographic
//!   subregion, by capacity `w_p P_i + w_g G_i` (shares within the set) times proximity (1 for
//!   a neighbour, `exp(-d_i / distance_km)` otherwise, `d_i` the distance between centroids),
//!   times `1 + language` for a state sharing an official language with the origin
//!   (`keys.regional.language`; `veto-sim calibrate language` validates it).
//!
//! # Loads
//! Per state: its share, the refugees allocated, per 1,000 inhabitants and per US$1 billion of
//! GDP (the world's population and GDP, `data/states.csv`), and the change against where these
//! refugees are today: for a conflict, the UNHCR stock of its refugees and asylum seekers in
//! each state (latest year); for a plain number, today's hosting of all refugees and asylum
//! seekers (UNHCR 2025), scaled to that number. The load per 1,000 before is today's hosting of
//! all origins; after, today's hosting minus these refugees' present hosts plus the allocation.
//! The Gini coefficient of load per 1,000 inhabitants is over the key's states, each state one
//! observation.
//!
//! ```
//! use veto_sim::flows::keys::gini;
//! assert_eq!(gini(&[1.0, 1.0, 1.0]), 0.0);
//! assert!((gini(&[0.0, 0.0, 0.0, 1.0]) - 0.75).abs() < 1e-12);
//! ```

use std::collections::BTreeMap;

use serde::Serialize;

use super::destinations::distance_km;
use super::priors::FlowPriors;
use crate::error::{Error, Result};
use crate::world::World;

/// A distribution key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Key {
    /// The 2015 EU relocation key over the EU27.
    Eu,
    /// Every UN member state, by population and GDP.
    Un,
    /// Neighbours and same-region states, by capacity and proximity.
    Regional,
}

impl Key {
    /// Its name.
    pub fn as_str(self) -> &'static str {
        match self {
            Key::Eu => "eu",
            Key::Un => "un",
            Key::Regional => "regional",
        }
    }
}

/// The Gini coefficient of non-negative values (0: equal; `1 - 1/n`: one holds everything).
/// 0 for an empty or all-zero list.
pub fn gini(values: &[f64]) -> f64 {
    let n = values.len();
    let total: f64 = values.iter().sum();
    if n == 0 || total <= 0.0 {
        return 0.0;
    }
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let weighted: f64 = v.iter().enumerate().map(|(i, x)| (i + 1) as f64 * x).sum();
    let nf = n as f64;
    (2.0 * weighted / (nf * total) - (nf + 1.0) / nf).max(0.0)
}

/// One state's allocation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StateAllocation {
    /// ISO3 code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Whether the key includes it (states outside it appear when they host these refugees
    /// today).
    pub in_key: bool,
    /// Its share of the key.
    pub share: f64,
    /// Refugees allocated.
    pub allocated: f64,
    /// Allocated per 1,000 inhabitants.
    pub per_1000: f64,
    /// Allocated per US$1 billion of GDP.
    pub per_gdp_bn: f64,
    /// Where these refugees are today: how many of them it hosts.
    pub today: f64,
    /// `allocated - today`.
    pub change: f64,
    /// All refugees and asylum seekers it hosts today (UNHCR, latest year).
    pub hosted_now: f64,
    /// Load per 1,000 inhabitants today.
    pub load_before: f64,
    /// Load per 1,000 inhabitants after the plan.
    pub load_after: f64,
}

/// The result of a distribution plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Allocation {
    /// The key.
    pub key: Key,
    /// Refugees shared out.
    pub refugees: f64,
    /// What they are (`--refugees N`, a conflict's recorded stock, or refugees averted).
    pub what: String,
    /// The origin (regional key, or the conflict's).
    pub origin: Vec<String>,
    /// Per state, largest allocation first.
    pub states: Vec<StateAllocation>,
    /// Gini of load per 1,000 inhabitants over the key's states, today.
    pub gini_before: f64,
    /// After the plan.
    pub gini_after: f64,
    /// The key's definition and caveats.
    pub notes: Vec<String>,
    /// Where every figure comes from.
    pub sources: Vec<String>,
}

/// Shares by state code, and notes on how they were made.
pub type Shares = (Vec<(String, f64)>, Vec<String>);

/// The key's shares over states (codes), summing to 1, with notes.
///
/// # Errors
/// The regional key without an origin; a key with no state that has population and GDP.
pub fn shares(world: &World, priors: &FlowPriors, key: Key, origin: &[String]) -> Result<Shares> {
    let mut notes = Vec::new();
    let pop_gdp = |code: &str| -> Option<(f64, f64)> {
        let s = world.state(code)?;
        Some((s.population_m?, s.gdp_musd?))
    };
    let normalise = |v: Vec<(String, f64)>| -> Result<Vec<(String, f64)>> {
        let total: f64 = v.iter().map(|(_, w)| w).sum();
        if total <= 0.0 {
            return Err(Error::Runtime(
                "the key has no state with population and GDP".into(),
            ));
        }
        Ok(v.into_iter().map(|(c, w)| (c, w / total)).collect())
    };
    let missing = |codes: &[&str]| -> Vec<String> {
        codes
            .iter()
            .filter(|c| pop_gdp(c).is_none())
            .map(|c| c.to_string())
            .collect()
    };
    match key {
        Key::Un => {
            let k = &priors.keys.un;
            let codes: Vec<&str> = world.states.iter().map(|s| s.code.as_str()).collect();
            let gone = missing(&codes);
            if !gone.is_empty() {
                notes.push(format!(
                    "left out for want of population or GDP: {}",
                    gone.join(", ")
                ));
            }
            let kept: Vec<(&str, f64, f64)> = codes
                .iter()
                .filter_map(|c| pop_gdp(c).map(|(p, g)| (*c, p, g)))
                .collect();
            let (tp, tg): (f64, f64) = kept.iter().fold((0.0, 0.0), |a, x| (a.0 + x.1, a.1 + x.2));
            notes.push(format!(
                "UN-wide key: population {:.0}%, GDP {:.0}% ({})",
                100.0 * k.population / (k.population + k.gdp),
                100.0 * k.gdp / (k.population + k.gdp),
                k.source
            ));
            normalise(
                kept.iter()
                    .map(|(c, p, g)| (c.to_string(), k.population * p / tp + k.gdp * g / tg))
                    .collect(),
            )
            .map(|v| (v, notes))
        }
        Key::Eu => {
            let k = &priors.keys.eu;
            let codes: Vec<&str> = k.states.iter().map(String::as_str).collect();
            let gone = missing(&codes);
            if !gone.is_empty() {
                notes.push(format!(
                    "left out for want of population or GDP: {}",
                    gone.join(", ")
                ));
            }
            let kept: Vec<(&str, f64, f64)> = codes
                .iter()
                .filter_map(|c| pop_gdp(c).map(|(p, g)| (*c, p, g)))
                .collect();
            let (tp, tg): (f64, f64) = kept.iter().fold((0.0, 0.0), |a, x| (a.0 + x.1, a.1 + x.2));
            // The unemployment criterion is dropped: renormalise the others.
            let sum = k.population + k.gdp + k.effort;
            let (wp, wg, wa) = (k.population / sum, k.gdp / sum, k.effort / sum);
            notes.push(format!(
                "EU relocation key of 2015 ({}): population {:.0}%, GDP {:.0}%, past asylum effort {:.0}%, unemployment {:.0}%. The world has no unemployment figures: that criterion is dropped and the others renormalised to population {:.1}%, GDP {:.1}%, effort {:.1}%. Each corrective criterion moves a state's key by at most {:.0}% of its population-and-GDP part.",
                k.source.trim_end_matches('.'),
                100.0 * k.population,
                100.0 * k.gdp,
                100.0 * k.effort,
                100.0 * k.unemployment,
                100.0 * wp,
                100.0 * wg,
                100.0 * wa,
                100.0 * k.cap
            ));
            let base: Vec<f64> = kept
                .iter()
                .map(|(_, p, g)| (wp * p / tp + wg * g / tg) / (wp + wg))
                .collect();
            // Effort per million inhabitants and year, 2010-2014.
            let effort: Vec<f64> = kept
                .iter()
                .map(|(c, p, _)| {
                    let h = world.host(c);
                    let n = h.map_or(0.0, |h| {
                        (h.applications_2010_2014 + h.resettled_2010_2014) as f64
                    });
                    (n / 5.0 / p).max(1.0)
                })
                .collect();
            let mean_effort: f64 = base.iter().zip(&effort).map(|(b, e)| b * e).sum();
            let raw_a: Vec<f64> = base
                .iter()
                .zip(&effort)
                .map(|(b, e)| b * mean_effort / e)
                .collect();
            let ta: f64 = raw_a.iter().sum();
            let mut capped = Vec::new();
            let weights: Vec<(String, f64)> = kept
                .iter()
                .enumerate()
                .map(|(i, (c, p, g))| {
                    let pg = wp * p / tp + wg * g / tg;
                    let a = raw_a[i] / ta;
                    let bound = if wa > 0.0 { k.cap * pg / wa } else { 0.0 };
                    let a_c = a.clamp(base[i] - bound, base[i] + bound);
                    if a_c != a {
                        capped.push(c.to_string());
                    }
                    (c.to_string(), pg + wa * a_c)
                })
                .collect();
            if !capped.is_empty() {
                notes.push(format!(
                    "the effort criterion is capped for: {}",
                    capped.join(", ")
                ));
            }
            normalise(weights).map(|v| (v, notes))
        }
        Key::Regional => {
            if origin.is_empty() {
                return Err(Error::Usage(
                    "the regional key needs an origin: give --conflict ID or --origin ISO3".into(),
                ));
            }
            let k = &priors.keys.regional;
            let hosts: Vec<_> = origin
                .iter()
                .map(|o| {
                    world.host(o).ok_or_else(|| {
                        Error::Usage(format!(
                            "unknown origin `{o}`{}",
                            world
                                .suggest_state(o)
                                .map_or(String::new(), |n| format!(" (did you mean `{n}`?)"))
                        ))
                    })
                })
                .collect::<Result<_>>()?;
            let mut set: Vec<(&str, bool)> = Vec::new();
            for s in &world.states {
                if origin.contains(&s.code) {
                    continue;
                }
                let neighbour = hosts.iter().any(|h| h.neighbours.contains(&s.code));
                let same = world.host(&s.code).is_some_and(|h| {
                    !h.subregion.is_empty() && hosts.iter().any(|o| o.subregion == h.subregion)
                });
                if neighbour || same {
                    set.push((s.code.as_str(), neighbour));
                }
            }
            let codes: Vec<&str> = set.iter().map(|(c, _)| *c).collect();
            let gone = missing(&codes);
            if !gone.is_empty() {
                notes.push(format!(
                    "left out for want of population or GDP: {}",
                    gone.join(", ")
                ));
            }
            let kept: Vec<(&str, bool, f64, f64)> = set
                .iter()
                .filter_map(|(c, n)| pop_gdp(c).map(|(p, g)| (*c, *n, p, g)))
                .collect();
            if kept.is_empty() {
                return Err(Error::Runtime(format!(
                    "{} has no neighbour or same-region state with population and GDP",
                    origin.join(";")
                )));
            }
            let (tp, tg): (f64, f64) = kept.iter().fold((0.0, 0.0), |a, x| (a.0 + x.2, a.1 + x.3));
            notes.push(format!(
                "regional key: land neighbours of {} and the other states of its subregion ({}), by capacity (population {:.0}%, GDP {:.0}%) times proximity (1 for a neighbour, exp(-distance / {:.0} km) otherwise) ({})",
                origin.join(";"),
                hosts
                    .iter()
                    .map(|h| h.subregion.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                100.0 * k.population / (k.population + k.gdp),
                100.0 * k.gdp / (k.population + k.gdp),
                k.distance_km,
                k.source
            ));
            let languages = super::languages::Languages::embedded()?;
            if k.language > 0.0 {
                notes.push(format!(
                    "a state sharing an official language with {} weighs {:.2} times as much",
                    origin.join(";"),
                    1.0 + k.language
                ));
            }
            let weights = kept
                .iter()
                .map(|(c, neighbour, p, g)| {
                    let capacity = k.population * p / tp + k.gdp * g / tg;
                    let s = world.state(c).expect("a member state");
                    let d = hosts
                        .iter()
                        .map(|h| distance_km(h.lat, h.lng, s.lat, s.lng))
                        .fold(f64::INFINITY, f64::min);
                    let proximity = if *neighbour {
                        1.0
                    } else {
                        (-d / k.distance_km).exp()
                    };
                    let affinity = if k.language > 0.0 && languages.shares_any(c, origin) {
                        1.0 + k.language
                    } else {
                        1.0
                    };
                    (c.to_string(), capacity * proximity * affinity)
                })
                .collect();
            normalise(weights).map(|v| (v, notes))
        }
    }
}

/// Shares `refugees` out by `key`. `today` says where these refugees are now (counts by
/// state or territory); `None` takes today's hosting of all refugees among the key's states,
/// scaled to `refugees`.
///
/// # Errors
/// As [`shares`]; a negative or non-finite number of refugees.
pub fn allocate(
    world: &World,
    priors: &FlowPriors,
    key: Key,
    refugees: f64,
    what: &str,
    origin: &[String],
    today: Option<&[(String, f64)]>,
) -> Result<Allocation> {
    if !(refugees.is_finite() && refugees >= 0.0) {
        return Err(Error::Usage(format!(
            "the number of refugees must be at least 0, got {refugees}"
        )));
    }
    let (shares, mut notes) = shares(world, priors, key, origin)?;
    let hosted = |code: &str| -> f64 {
        world.state(code).map_or(0.0, |s| {
            (s.hosted_refugees + s.hosted_asylum_seekers) as f64
        })
    };
    let hosted_year = world.states.first().map_or(0, |s| s.hosted_year);
    let mut today_of: BTreeMap<String, f64> = BTreeMap::new();
    match today {
        Some(list) => {
            let total: f64 = list.iter().map(|(_, n)| n).sum();
            for (c, n) in list {
                let v = if total > 0.0 {
                    refugees * n / total
                } else {
                    0.0
                };
                *today_of.entry(c.clone()).or_default() += v;
            }
        }
        None => {
            let total: f64 = shares.iter().map(|(c, _)| hosted(c)).sum();
            for (c, _) in &shares {
                let v = if total > 0.0 {
                    refugees * hosted(c) / total
                } else {
                    0.0
                };
                today_of.insert(c.clone(), v);
            }
            notes.push(format!(
                "`today` spreads the refugees as today's hosting of all refugees and asylum seekers is spread among the key's states (UNHCR {hosted_year})"
            ));
        }
    }
    let mut rows: Vec<StateAllocation> = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for (code, share) in &shares {
        seen.push(code);
        let s = world.state(code).expect("key states are member states");
        let pop = s.population_m.unwrap_or(f64::NAN);
        let gdp = s.gdp_musd.unwrap_or(f64::NAN);
        let allocated = refugees * share;
        let t = today_of.get(code).copied().unwrap_or(0.0);
        let h = hosted(code);
        rows.push(StateAllocation {
            code: code.clone(),
            name: s.name.clone(),
            in_key: true,
            share: *share,
            allocated,
            per_1000: allocated / (pop * 1000.0),
            per_gdp_bn: allocated / (gdp / 1000.0),
            today: t,
            change: allocated - t,
            hosted_now: h,
            load_before: h / (pop * 1000.0),
            load_after: (h - t + allocated).max(0.0) / (pop * 1000.0),
        });
    }
    // Present hosts of these refugees outside the key.
    for (code, t) in &today_of {
        if seen.contains(&code.as_str()) || *t <= 0.0 {
            continue;
        }
        let (name, pop, h) = match world.state(code) {
            Some(s) => (
                s.name.clone(),
                s.population_m.unwrap_or(f64::NAN),
                hosted(code),
            ),
            None => (format!("{code} (not a member state)"), f64::NAN, f64::NAN),
        };
        rows.push(StateAllocation {
            code: code.clone(),
            name,
            in_key: false,
            share: 0.0,
            allocated: 0.0,
            per_1000: 0.0,
            per_gdp_bn: 0.0,
            today: *t,
            change: -t,
            hosted_now: h,
            load_before: h / (pop * 1000.0),
            load_after: (h - t).max(0.0) / (pop * 1000.0),
        });
    }
    rows.sort_by(|a, b| {
        b.allocated
            .total_cmp(&a.allocated)
            .then(b.today.total_cmp(&a.today))
            .then(a.code.cmp(&b.code))
    });
    let before: Vec<f64> = rows
        .iter()
        .filter(|r| r.in_key && r.load_before.is_finite())
        .map(|r| r.load_before)
        .collect();
    let after: Vec<f64> = rows
        .iter()
        .filter(|r| r.in_key && r.load_after.is_finite())
        .map(|r| r.load_after)
        .collect();
    Ok(Allocation {
        key,
        refugees,
        what: what.to_string(),
        origin: origin.to_vec(),
        gini_before: gini(&before),
        gini_after: gini(&after),
        states: rows,
        notes,
        sources: vec![
            format!(
                "population and GDP: data/states.csv (poldat / GW-SDP, each state's latest year; GDP in millions of US dollars as the source gives it)"
            ),
            format!(
                "today's hosting: UNHCR refugees plus asylum seekers by asylum state, {hosted_year} (data/states.csv, from unhcr/unhcr_population.csv)"
            ),
            "past asylum effort: UNHCR first-instance asylum applications and resettlement arrivals 2010-2014 (data/host_states.csv)".to_string(),
            format!("key definitions: {}", priors.file),
        ],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gini_of_one_holder_is_one_minus_one_over_n() {
        assert!((gini(&[0.0, 0.0, 5.0]) - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(gini(&[]), 0.0);
        assert_eq!(gini(&[0.0, 0.0]), 0.0);
    }
}
