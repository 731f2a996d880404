//! UN-run asylum centres in the region (`veto-sim centres`): a year's would-be travellers from
//! an origin (its nationals' asylum applications in Europe, or a conflict's Europe-bound new
//! arrivals, less what a reform would have averted), the sites, the outcomes with their 90%
//! intervals, and the resettlement plan of the recognised by a distribution key.

use serde::Serialize;

use super::check_trials;
use crate::centres::model::{self, CentresOutcome, ModelInput, ProtectionRate, Uptake};
use crate::centres::priors::{self, Prior};
use crate::centres::sites::{self, SiteChoice};
use crate::centres::tables::AsylumTables;
use crate::error::{Error, Result, did_you_mean};
use crate::flows::estimator::Summary;
use crate::flows::keys::{Allocation, Key, allocate};
use crate::flows::priors::FlowPriors;
use crate::rules::catalog;
use crate::table::thousands;
use crate::world::World;

/// Whose journeys the centres would replace.
#[derive(Debug, Clone, PartialEq)]
pub enum CentresInput {
    /// An origin's nationals' asylum applications lodged in Europe in a year.
    Origin {
        /// ISO3 code.
        code: String,
        /// The year (default: the data's latest).
        year: Option<i32>,
    },
    /// A conflict's new refugees and asylum seekers arriving in Europe in a year.
    Conflict {
        /// The conflict's id.
        id: String,
        /// The year (default: the latest with arrivals in Europe).
        year: Option<i32>,
        /// Take away the Europe-bound refugees this catalog reform would have averted.
        averted: Option<String>,
    },
}

/// What [`centres`] models.
#[derive(Debug, Clone)]
pub struct CentresOptions {
    /// The would-be travellers.
    pub input: CentresInput,
    /// Sites named by the user (ISO3), instead of the ranking.
    pub sites: Option<Vec<String>>,
    /// How many of the ranked sites receive applicants (default 3).
    pub max_sites: Option<usize>,
    /// A fixed uptake instead of the prior.
    pub uptake: Option<f64>,
    /// The uptake prior's median, its interval moved with it (a sweep axis).
    pub uptake_median: Option<f64>,
    /// A fixed protection rate instead of the decisions'.
    pub protection_rate: Option<f64>,
    /// The window of years of the protection rate (default: two years either side).
    pub window: Option<(i32, i32)>,
    /// The key the recognised are resettled by.
    pub key: Key,
    /// The flow priors (Europe, the keys' weights).
    pub priors: FlowPriors,
    /// Trials (default 20,000); with `averted`, also the estimate's.
    pub trials: Option<u64>,
    /// Master seed (default 1).
    pub seed: Option<u64>,
    /// Worker threads of the estimate behind `averted`.
    pub threads: Option<usize>,
}

impl CentresOptions {
    /// Options with every default, for an origin's applications in `year`.
    pub fn origin(code: &str, year: Option<i32>, priors: FlowPriors) -> CentresOptions {
        CentresOptions {
            input: CentresInput::Origin {
                code: code.to_string(),
                year,
            },
            sites: None,
            max_sites: None,
            uptake: None,
            uptake_median: None,
            protection_rate: None,
            window: None,
            key: Key::Un,
            priors,
            trials: None,
            seed: None,
            threads: None,
        }
    }
}

/// How to reproduce a run.
#[derive(Debug, Clone, Serialize)]
pub struct CentresMeta {
    /// The tool, its version and the world.
    #[serde(flatten)]
    pub provenance: crate::world::Provenance,
    /// Master seed.
    pub seed: u64,
    /// Trials.
    pub trials: u64,
    /// The key.
    pub key: Key,
    /// The flow parameter file.
    pub priors: String,
}

/// The resettlement places the recognised need, against what the world resettles.
#[derive(Debug, Clone, Serialize)]
pub struct ResettlementNeed {
    /// Places needed: the recognised.
    pub needed: Summary,
    /// The year of the world's resettlement compared (the year itself, or the nearest
    /// earlier one recorded).
    pub year: i32,
    /// Refugees resettled worldwide that year (UNHCR).
    pub world: f64,
    /// The latest year recorded.
    pub latest_year: i32,
    /// Refugees resettled worldwide then.
    pub latest_world: f64,
}

/// The result of `veto-sim centres`.
#[derive(Debug, Clone, Serialize)]
pub struct CentresReport {
    /// How to reproduce it.
    pub meta: CentresMeta,
    /// The origin (ISO3).
    pub origin: String,
    /// Its name.
    pub origin_name: String,
    /// The year.
    pub year: i32,
    /// What the travellers are.
    pub what: String,
    /// How many.
    pub travellers: f64,
    /// The uptake used.
    pub uptake: Uptake,
    /// The protection rate used.
    pub protection: ProtectionRate,
    /// The sites.
    pub choice: SiteChoice,
    /// How many sites receive applicants.
    pub max_sites: usize,
    /// The outcomes.
    pub outcome: CentresOutcome,
    /// Resettlement places needed.
    pub resettlement: ResettlementNeed,
    /// The recognised resettled by the key (the mean number), as `distribute` plans it.
    pub allocation: Allocation,
    /// The declared priors.
    pub priors: Vec<Prior>,
    /// What the run assumed and left out.
    pub notes: Vec<String>,
    /// Where every figure comes from.
    pub sources: Vec<String>,
}

const DEFAULT_TRIALS: u64 = 20_000;
const DEFAULT_SEED: u64 = 1;
/// Sites receiving applicants by default.
pub const DEFAULT_MAX_SITES: usize = 3;

fn check_share(flag: &str, v: f64) -> Result<f64> {
    if v.is_finite() && (0.0..=1.0).contains(&v) {
        Ok(v)
    } else {
        Err(Error::Usage(format!(
            "{flag} must be a share from 0 to 1, got {v}"
        )))
    }
}

fn check_year(tables: &AsylumTables, flag: &str, year: i32) -> Result<i32> {
    let (first, last) = tables.application_years().unwrap_or((year, year));
    if year < first || year > last {
        return Err(Error::Usage(format!(
            "{flag} {year} is outside the data: UNHCR asylum applications run from {first} to {last}"
        )));
    }
    Ok(year)
}

/// Models UN-run centres for the options' travellers.
///
/// # Errors
/// Bad input (exit 2), naming the flag: an unknown origin (the nearest code suggested) or
/// conflict, a year outside the data (its range given), an origin with no applications in
/// Europe that year, an uptake or protection rate outside 0–1, a site with armed conflict
/// that year, an unknown reform.
pub fn centres(world: &World, options: &CentresOptions) -> Result<CentresReport> {
    crate::flows::require_tables(world)?;
    let tables = AsylumTables::embedded()?;
    let trials = check_trials(options.trials.unwrap_or(DEFAULT_TRIALS))?;
    let seed = options.seed.unwrap_or(DEFAULT_SEED);
    let priors = &options.priors;
    let mut notes = Vec::new();
    let mut sources = Vec::new();
    if let Some(u) = options.uptake {
        check_share("--uptake", u)?;
    }
    if let Some(m) = options.uptake_median
        && !(m.is_finite() && m > 0.0 && m < 1.0)
    {
        return Err(Error::Usage(format!(
            "--uptake-median must be a share strictly between 0 and 1, got {m}"
        )));
    }
    if let Some(p) = options.protection_rate {
        check_share("--protection-rate", p)?;
    }
    if let Some((a, b)) = options.window
        && a > b
    {
        return Err(Error::Usage(format!(
            "--window {a}-{b}: the first year is after the last"
        )));
    }
    let europe = &priors.destinations.europe;
    let (origin, year, travellers, what) = match &options.input {
        CentresInput::Origin { code, year } => {
            let mut upper = code.trim().to_ascii_uppercase();
            if world.host(&upper).is_none() {
                // A member state's name also names it.
                upper = world
                    .require_state(code)
                    .map(|s| s.code.clone())
                    .map_err(|_| {
                        Error::Usage(format!(
                            "--origin: unknown state `{code}`{}",
                            world
                                .suggest_state(code)
                                .map_or(String::new(), |n| format!(" (did you mean `{n}`?)"))
                        ))
                    })?;
            }
            let (_, last) = tables.application_years().unwrap_or((0, 0));
            let year = check_year(&tables, "--year", year.unwrap_or(last))?;
            let applied = tables
                .applications
                .get(&(upper.clone(), year))
                .map_or(0.0, |a| a.europe);
            if applied <= 0.0 {
                let with: Vec<i32> = tables
                    .applications
                    .range((upper.clone(), i32::MIN)..=(upper.clone(), i32::MAX))
                    .filter(|(_, a)| a.europe > 0.0)
                    .map(|(k, _)| k.1)
                    .collect();
                return Err(Error::Usage(format!(
                    "--origin {upper} --year {year}: UNHCR records no asylum applications by nationals of {upper} in Europe in {year}, so there is no one for the centres to receive; {}",
                    match (with.first(), with.last()) {
                        (Some(a), Some(b)) => format!(
                            "it records some in {} of the years {a}-{b} (`--year {b}`)",
                            with.len()
                        ),
                        _ => "it records none in any year".to_string(),
                    }
                )));
            }
            sources.push(format!(
                "would-be travellers: asylum applications lodged at first instance by nationals of {upper} in Europe in {year} (data/asylum_applications.csv, from UNHCR unhcr_asylum_applications.csv); {} were lodged anywhere",
                thousands(tables.applications[&(upper.clone(), year)].world)
            ));
            (
                upper.clone(),
                year,
                applied,
                format!("asylum applications by nationals of {upper} in Europe in {year}"),
            )
        }
        CentresInput::Conflict { id, year, averted } => {
            let conflict = world
                .conflicts
                .iter()
                .find(|c| c.id == *id)
                .ok_or_else(|| {
                    Error::Usage(format!(
                        "--conflict: unknown conflict `{id}`{}; `veto-sim list conflicts` shows them",
                        did_you_mean(id, world.conflicts.iter().map(|c| c.id.as_str()))
                    ))
                })?;
            let origin = conflict.origin.first().cloned().ok_or_else(|| {
                Error::Usage(format!("--conflict {id}: the conflict has no origin"))
            })?;
            if conflict.origin.len() > 1 {
                notes.push(format!(
                    "the conflict has several origins ({}): the sites are chosen for the first, {origin}",
                    conflict.origin.join(", ")
                ));
            }
            let to_europe = |y: i32| -> f64 {
                conflict
                    .arrivals_in(y)
                    .filter(|a| europe.contains(&a.asylum_code))
                    .map(|a| a.total as f64)
                    .sum()
            };
            let mut arrival_years: Vec<i32> = conflict
                .arrivals
                .iter()
                .filter(|a| europe.contains(&a.asylum_code) && a.total > 0)
                .map(|a| a.year)
                .collect();
            arrival_years.sort_unstable();
            arrival_years.dedup();
            let year = match year {
                Some(y) => check_year(&tables, "--year", *y)?,
                None => *arrival_years.last().ok_or_else(|| {
                    Error::Usage(format!(
                        "--conflict {id}: UNHCR records no new arrivals from it in Europe"
                    ))
                })?,
            };
            let base = to_europe(year);
            if base <= 0.0 {
                return Err(Error::Usage(format!(
                    "--conflict {id} --year {year}: UNHCR records no new arrivals from it in Europe in {year}; years with some: {}",
                    match (arrival_years.first(), arrival_years.last()) {
                        (Some(a), Some(b)) =>
                            format!("{} between {a} and {b}", arrival_years.len()),
                        _ => "none".to_string(),
                    }
                )));
            }
            sources.push(format!(
                "would-be travellers: new refugees and asylum seekers from {} ({id}) arriving in Europe in {year} (UNHCR flows, data/conflict_arrivals.csv)",
                conflict.origin.join(";")
            ));
            match averted {
                None => (
                    origin,
                    year,
                    base,
                    format!("new arrivals in Europe from conflict `{id}` in {year}"),
                ),
                Some(reform) => {
                    let codes = world.state_codes();
                    let rule = catalog::reform(reform, &codes).map_err(|e| match e {
                        Error::Usage(m) => Error::Usage(format!("--averted: {m}")),
                        other => other,
                    })?;
                    let averted = super::distribute::Averted {
                        conflict: id,
                        rule,
                        trials,
                        seed,
                        by_year: true,
                    };
                    let report = averted.estimate(world, priors, options.threads)?;
                    let c = &report.conflicts[0];
                    // The estimate puts the present rule first: pick the reform's column.
                    let idx = c
                        .rules
                        .iter()
                        .position(|r| r.rule == *reform)
                        .ok_or_else(|| {
                            Error::Runtime(format!("the estimate holds no rule `{reform}`"))
                        })?;
                    let (averted_all, averted_europe, split) = c
                        .by_year
                        .iter()
                        .find(|y| y.year == year)
                        .map_or((0.0, 0.0, 0.0), |y| {
                            let europe_share = y.destinations.split.europe;
                            let all = y.refugees.get(idx).map_or(0.0, |s| s.mean);
                            (all, all * europe_share, europe_share)
                        });
                    let left = (base - averted_europe).max(0.0);
                    notes.push(format!(
                        "`{reform}` would have averted a mean of {} refugees from {id} in {year}, {} of them bound for Europe (Europe's share of that year's split {:.1}%; flows estimate, {trials} trials, seed {seed}): the centres see the {} that still arrive",
                        thousands(averted_all),
                        thousands(averted_europe),
                        100.0 * split,
                        thousands(left)
                    ));
                    (
                        origin,
                        year,
                        left,
                        format!(
                            "new arrivals in Europe from conflict `{id}` in {year} that remain under `{reform}`"
                        ),
                    )
                }
            }
        }
    };
    let origin_name = world
        .state(&origin)
        .map_or_else(|| origin.clone(), |s| s.name.clone());
    let choice = sites::choose(
        world,
        &tables,
        priors,
        &origin,
        year,
        options.sites.as_deref(),
    )?;
    if choice.conflict_year != year {
        notes.push(format!(
            "the armed-conflict record (UCDP/PRIO v24.1) ends in {}: its last year stands for {year}",
            choice.conflict_year
        ));
    }
    let max_sites = match &options.sites {
        Some(list) => list.len(),
        None => options.max_sites.unwrap_or(DEFAULT_MAX_SITES),
    };
    if max_sites == 0 {
        return Err(Error::Usage("--max-sites must be at least 1".into()));
    }
    let protection = match options.protection_rate {
        Some(p) => ProtectionRate::fixed(p, year),
        None => model::protection_rate(&tables, &origin, year, options.window)?,
    };
    let uptake = match (options.uptake, options.uptake_median) {
        (Some(u), _) => Uptake::Fixed { share: u },
        (None, Some(m)) => Uptake::Prior {
            prior: priors::UPTAKE.with_median(m),
        },
        (None, None) => Uptake::Prior {
            prior: priors::UPTAKE.clone(),
        },
    };
    let outcome = model::run(&ModelInput {
        travellers,
        uptake: uptake.clone(),
        protection: protection.clone(),
        sites: choice.clone(),
        max_sites,
        trials,
        seed,
    })?;
    let recognised = outcome
        .figure("recognised")
        .copied()
        .expect("the model reports the recognised");
    let (res_year, res) = tables
        .resettlement
        .range(..=year)
        .next_back()
        .map_or((year, 0.0), |(y, r)| (*y, r.resettled));
    let (latest_year, latest) = tables
        .resettlement
        .iter()
        .next_back()
        .map_or((year, 0.0), |(y, r)| (*y, r.resettled));
    let key_origin: Vec<String> = if options.key == Key::Regional {
        vec![origin.clone()]
    } else {
        Vec::new()
    };
    let allocation = allocate(
        world,
        priors,
        options.key,
        recognised.mean,
        &format!("{} refugees", thousands(recognised.mean)),
        &key_origin,
        None,
    )?;
    notes.push(format!(
        "the recognised are resettled by the `{}` key exactly as `veto-sim distribute --key {} --refugees N` shares N (the mean recognised); those resettled within the region count in its states' loads",
        options.key.as_str(),
        options.key.as_str()
    ));
    notes.push(
        "left out: host states' consent, the legal obstacles to processing claims outside the destination (non-refoulement, access to appeal, detention), the cost of the centres, how long claims take, secondary movement from the centres, and any effect of the centres on how many leave at all".to_string(),
    );
    sources.push("protection rates: UNHCR asylum decisions in Europe, first instance (data/asylum_decisions.csv)".to_string());
    sources
        .push("resettlement worldwide: UNHCR solutions data (data/resettlement.csv)".to_string());
    sources.push("official languages: mledoze/countries (data/languages.csv); armed conflict by territory: UCDP/PRIO ACD v24.1 (data/armed_conflict_years.csv)".to_string());
    sources.push("population, GDP and today's hosting: data/states.csv".to_string());
    Ok(CentresReport {
        meta: CentresMeta {
            provenance: crate::world::Provenance::of(world),
            seed,
            trials,
            key: options.key,
            priors: priors.file.clone(),
        },
        origin,
        origin_name,
        year,
        what,
        travellers,
        uptake,
        protection,
        choice,
        max_sites,
        outcome,
        resettlement: ResettlementNeed {
            needed: recognised,
            year: res_year,
            world: res,
            latest_year,
            latest_world: latest,
        },
        allocation,
        priors: priors::ALL.iter().map(|p| (*p).clone()).collect(),
        notes,
        sources,
    })
}

/// One cell of a centre plan.
#[derive(Debug, Clone, Serialize)]
pub struct PlanCell {
    /// The uptake: a share, or `prior`.
    pub uptake: String,
    /// The protection rate: a share, or `decisions`.
    pub protection_rate: String,
    /// The key.
    pub key: Key,
    /// Would-be travellers.
    pub travellers: f64,
    /// Apply at a centre.
    pub centres: Summary,
    /// Travel anyway.
    pub travelling: Summary,
    /// Recognised and resettled.
    pub recognised: Summary,
    /// Deaths on the way avoided.
    pub deaths: Summary,
    /// Smugglers' fees avoided (US$).
    pub fees: Summary,
    /// Resettlement places needed (mean) over the world's resettlement that year.
    pub share_of_world_resettlement: f64,
    /// Gini of load per 1,000 over the key's states, today.
    pub gini_before: f64,
    /// After the plan.
    pub gini_after: f64,
}

/// The result of `veto-sim centres --plan`.
#[derive(Debug, Clone, Serialize)]
pub struct CentresPlanReport {
    /// How to reproduce it (the key of the first cell).
    pub meta: CentresMeta,
    /// The plan's name.
    pub name: String,
    /// What it is for.
    pub description: String,
    /// The file it came from.
    pub file: String,
    /// The origin.
    pub origin: String,
    /// The year.
    pub year: i32,
    /// What the travellers are.
    pub what: String,
    /// Every cell: uptake, then protection rate, then key, in the file's order.
    pub cells: Vec<PlanCell>,
}

/// A centre plan by the name of a shipped one (such as `syria-2015`) or a YAML file.
///
/// # Errors
/// An unknown name (nearest suggested), a file that cannot be read or is not a valid plan.
pub fn load_centres_plan(name_or_file: &str) -> Result<crate::centres::plan::Plan> {
    let input = crate::input::shipped_or_file(
        name_or_file,
        crate::centres::plan::SHIPPED,
        "centres",
        "centre plan",
    )?;
    crate::centres::plan::parse(&input.text, &input.file)
}

/// Runs every cell of a centre plan on the same seed.
///
/// # Errors
/// As [`centres`], prefixed with the plan's file.
pub fn centres_plan(
    world: &World,
    plan: &crate::centres::plan::Plan,
    priors: &FlowPriors,
    threads: Option<usize>,
) -> Result<CentresPlanReport> {
    use crate::centres::plan::{PlanInput, ProtectionValue, UptakeValue};
    let in_file = |e: Error| match e {
        Error::Usage(m) => Error::Usage(format!("{}: {m}", plan.file)),
        other => other,
    };
    let mut cells = Vec::new();
    let mut first: Option<CentresReport> = None;
    for u in &plan.uptake {
        for p in &plan.protection {
            for key in &plan.keys {
                let options = CentresOptions {
                    input: match &plan.input {
                        PlanInput::Origin(code) => CentresInput::Origin {
                            code: code.clone(),
                            year: plan.year,
                        },
                        PlanInput::Conflict { id, averted } => CentresInput::Conflict {
                            id: id.clone(),
                            year: plan.year,
                            averted: averted.clone(),
                        },
                    },
                    sites: plan.sites.clone(),
                    max_sites: None,
                    uptake: match u {
                        UptakeValue::Prior => None,
                        UptakeValue::Fixed(x) => Some(*x),
                    },
                    uptake_median: None,
                    protection_rate: match p {
                        ProtectionValue::Decisions => None,
                        ProtectionValue::Fixed(x) => Some(*x),
                    },
                    window: None,
                    key: *key,
                    priors: priors.clone(),
                    trials: plan.trials,
                    seed: plan.seed,
                    threads,
                };
                let r = centres(world, &options).map_err(in_file)?;
                let f = |name: &str| {
                    r.outcome
                        .figure(name)
                        .copied()
                        .expect("the model reports every figure")
                };
                cells.push(PlanCell {
                    uptake: match u {
                        UptakeValue::Prior => "prior".to_string(),
                        UptakeValue::Fixed(x) => x.to_string(),
                    },
                    protection_rate: match p {
                        ProtectionValue::Decisions => "decisions".to_string(),
                        ProtectionValue::Fixed(x) => x.to_string(),
                    },
                    key: *key,
                    travellers: r.travellers,
                    centres: f("centres"),
                    travelling: f("travelling"),
                    recognised: f("recognised"),
                    deaths: f("deaths"),
                    fees: f("fees"),
                    share_of_world_resettlement: if r.resettlement.world > 0.0 {
                        r.resettlement.needed.mean / r.resettlement.world
                    } else {
                        f64::NAN
                    },
                    gini_before: r.allocation.gini_before,
                    gini_after: r.allocation.gini_after,
                });
                if first.is_none() {
                    first = Some(r);
                }
            }
        }
    }
    let first = first.ok_or_else(|| Error::Usage(format!("{}: the grid is empty", plan.file)))?;
    Ok(CentresPlanReport {
        meta: first.meta,
        name: plan.name.clone(),
        description: plan.description.clone(),
        file: plan.file.clone(),
        origin: first.origin,
        year: first.year,
        what: first.what,
        cells,
    })
}
