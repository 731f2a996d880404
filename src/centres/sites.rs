//! Where the centres stand: the candidate sites in an origin's region, ranked by language
//! affinity, proximity and capacity, or the sites a user names, each checked against the
//! armed-conflict record of the year.
//!
//! # Candidates
//! The origin's land neighbours and the other member states of its geographic subregion (the
//! regional key's states), less the origin, Europe (a centre there is no alternative to the
//! journey) and every state with a recorded armed conflict on its territory that year (UCDP
//! conflict-years by location; after the record's last year, its last year stands).
//!
//! # Ranking
//! `score = w_l · language + w_p · proximity + w_c · capacity`, each term in [0, 1]:
//! `language` 1 when the site shares an official language with the origin; `proximity` 1 for
//! a land neighbour, else `exp(-d / D)` with `d` the distance between centroids and `D` the
//! regional key's distance scale; `capacity` the mean of the site's population and GDP
//! relative to the largest candidate's, divided by `1 + h / 10`, `h` the refugees and asylum
//! seekers it hosts per 1,000 inhabitants today. Weights: [`super::priors::SITE_WEIGHTS`].

use serde::Serialize;

use super::priors::{LOAD_HALVING_PER_1000, SITE_WEIGHTS};
use super::tables::AsylumTables;
use crate::error::{Error, Result};
use crate::flows::destinations::distance_km;
use crate::flows::priors::FlowPriors;
use crate::world::World;

/// One site, ranked.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Site {
    /// ISO3 code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Official languages shared with the origin.
    pub shared_languages: Vec<String>,
    /// Whether it borders the origin.
    pub neighbour: bool,
    /// Distance between centroids (km).
    pub distance_km: f64,
    /// Population (millions).
    pub population_m: f64,
    /// GDP (US$ millions).
    pub gdp_musd: f64,
    /// Refugees and asylum seekers hosted today per 1,000 inhabitants.
    pub load_today: f64,
    /// The ranking terms: language, proximity, capacity.
    pub terms: [f64; 3],
    /// The score.
    pub score: f64,
    /// Whether it lies outside the origin's region (a named site only).
    pub outside_region: bool,
}

/// The candidates and the ones left out, with why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SiteChoice {
    /// The sites, best first.
    pub sites: Vec<Site>,
    /// States of the region left out: (code, reason).
    pub excluded: Vec<(String, String)>,
    /// The year of the armed-conflict record used.
    pub conflict_year: i32,
}

fn region_of(world: &World, origin: &str) -> Result<Vec<(String, bool)>> {
    let host = world
        .host(origin)
        .ok_or_else(|| Error::Usage(format!("--origin: `{origin}` has no region in the world")))?;
    let mut out = Vec::new();
    for s in &world.states {
        if s.code == origin {
            continue;
        }
        let neighbour = host.neighbours.contains(&s.code);
        let same = world
            .host(&s.code)
            .is_some_and(|h| !h.subregion.is_empty() && h.subregion == host.subregion);
        if neighbour || same {
            out.push((s.code.clone(), neighbour));
        }
    }
    Ok(out)
}

/// Ranks the candidate sites (or checks the named ones) for `origin` in `year`.
///
/// # Errors
/// A named site that is unknown (nearest code suggested), the origin itself, in Europe, or
/// with a recorded armed conflict on its territory that year (exit 2, naming `--sites`); no
/// candidate left.
pub fn choose(
    world: &World,
    tables: &AsylumTables,
    priors: &FlowPriors,
    origin: &str,
    year: i32,
    named: Option<&[String]>,
) -> Result<SiteChoice> {
    let conflict_year = tables.armed_year_for(year);
    let europe = &priors.destinations.europe;
    let region = region_of(world, origin)?;
    let origin_host = world.host(origin).expect("checked by region_of");
    let mut excluded = Vec::new();
    let mut chosen: Vec<(String, bool, bool)> = Vec::new();
    match named {
        Some(list) => {
            for raw in list {
                let code = world.require_state(raw).map_err(|e| match e {
                    Error::Usage(m) => Error::Usage(format!("--sites: {m}")),
                    other => other,
                })?;
                let code = code.code.clone();
                if code == origin {
                    return Err(Error::Usage(format!(
                        "--sites: `{code}` is the origin; a centre in the region stands outside it"
                    )));
                }
                if europe.contains(&code) {
                    return Err(Error::Usage(format!(
                        "--sites: `{code}` is in Europe as the flow parameters define it; a centre there is no alternative to the journey"
                    )));
                }
                let ids = tables.conflicts_in(&code, conflict_year);
                if !ids.is_empty() {
                    return Err(Error::Usage(format!(
                        "--sites: `{code}` had a recorded armed conflict on its territory in {conflict_year} (UCDP conflict {}{}): a UN-run centre needs a safe host; name another state",
                        ids.join(", "),
                        if conflict_year == year {
                            String::new()
                        } else {
                            format!(", the record's last year, standing for {year}")
                        }
                    )));
                }
                if chosen.iter().any(|c| c.0 == code) {
                    return Err(Error::Usage(format!("--sites: `{code}` is named twice")));
                }
                let in_region = region.iter().find(|r| r.0 == code);
                chosen.push((code, in_region.is_some_and(|r| r.1), in_region.is_none()));
            }
        }
        None => {
            for (code, neighbour) in &region {
                if europe.contains(code) {
                    excluded.push((code.clone(), "in Europe".to_string()));
                    continue;
                }
                let ids = tables.conflicts_in(code, conflict_year);
                if !ids.is_empty() {
                    excluded.push((
                        code.clone(),
                        format!(
                            "armed conflict on its territory in {conflict_year} (UCDP {})",
                            ids.join(", ")
                        ),
                    ));
                    continue;
                }
                chosen.push((code.clone(), *neighbour, false));
            }
        }
    }
    let mut rows: Vec<(String, bool, bool, f64, f64, f64)> = Vec::new();
    for (code, neighbour, outside) in chosen {
        let s = world.state(&code).expect("a member state");
        match (s.population_m, s.gdp_musd) {
            (Some(p), Some(g)) if p > 0.0 => {
                let load = (s.hosted_refugees + s.hosted_asylum_seekers) as f64 / (p * 1000.0);
                rows.push((code, neighbour, outside, p, g, load));
            }
            _ => {
                if named.is_some() {
                    return Err(Error::Usage(format!(
                        "--sites: `{code}` has no population or GDP in the world, so its load cannot be reported"
                    )));
                }
                excluded.push((code, "no population or GDP".to_string()));
            }
        }
    }
    if rows.is_empty() {
        return Err(Error::Usage(format!(
            "no state of {origin}'s region ({}) can host a centre in {year}: {}; name sites with --sites",
            origin_host.subregion,
            excluded
                .iter()
                .map(|(c, r)| format!("{c} ({r})"))
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    let max_p = rows.iter().map(|r| r.3).fold(0.0, f64::max);
    let max_g = rows.iter().map(|r| r.4).fold(0.0, f64::max);
    let scale = priors.keys.regional.distance_km;
    let mut sites: Vec<Site> = rows
        .into_iter()
        .map(|(code, neighbour, outside, p, g, load)| {
            let s = world.state(&code).expect("a member state");
            let d = distance_km(origin_host.lat, origin_host.lng, s.lat, s.lng);
            let shared = tables.shared_languages(origin, &code);
            let terms = [
                if shared.is_empty() { 0.0 } else { 1.0 },
                if neighbour { 1.0 } else { (-d / scale).exp() },
                (p / max_p + g / max_g) / 2.0 / (1.0 + load / LOAD_HALVING_PER_1000),
            ];
            let score = terms.iter().zip(SITE_WEIGHTS).map(|(t, w)| t * w).sum();
            Site {
                name: s.name.clone(),
                code,
                shared_languages: shared,
                neighbour,
                distance_km: d,
                population_m: p,
                gdp_musd: g,
                load_today: load,
                terms,
                score,
                outside_region: outside,
            }
        })
        .collect();
    if named.is_none() {
        sites.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.code.cmp(&b.code)));
    }
    Ok(SiteChoice {
        sites,
        excluded,
        conflict_year,
    })
}
