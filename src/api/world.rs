//! The world's tables listed and its entries shown (`veto-sim list` and `veto-sim show`), and
//! the world rebuilt from the raw files (`veto-sim data build`).
//!
//! Each function validates its filters, selects from the [`World`] and returns a report value;
//! [`crate::report::Render`] lays it out as a text table, CSV, Markdown or JSON (the full
//! records). A bad filter or an unknown id is a usage error (exit code 2) with the nearest
//! valid value suggested.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::Progress;
use crate::databuild::{self, BuildOptions};
use crate::error::{Error, Result, did_you_mean};
use crate::rules::{Rule, catalog};
use crate::world::filter::date_bound;
use crate::world::{
    CouncilSeat, Destination, Draft, DraftFilter, FilterArgs, RegionalGroup, SeatKind, State, World,
};

/// The permanent members, in the order of the agreement columns.
pub const P5: [&str; 5] = ["CHN", "FRA", "GBR", "RUS", "USA"];

/// `veto-sim list states`: every state (or one regional group's) with its agreement with each
/// permanent member over an alignment window.
#[derive(Debug, Clone)]
pub struct StatesListing {
    /// The alignment window of the agreement figures.
    pub window: String,
    /// The states, in the world's order.
    pub states: Vec<StateRow>,
}

/// One state of [`StatesListing`].
#[derive(Debug, Clone)]
pub struct StateRow {
    /// The state.
    pub state: State,
    /// Its agreement with each permanent member present in the world, in [`P5`] order, and
    /// whether the figure is the documented fill (fewer than 20 common votes).
    pub agreement_with_p5: Vec<(String, f64, bool)>,
}

/// `veto-sim list councils`: the Council's members by year.
#[derive(Debug, Clone)]
pub struct CouncilsListing {
    /// The years selected, each with its members (those of the group asked for).
    pub councils: Vec<CouncilYear>,
}

/// One year of [`CouncilsListing`].
#[derive(Debug, Clone)]
pub struct CouncilYear {
    /// The year.
    pub year: i32,
    /// Its members, each with the state's name (empty when the world lacks the state).
    pub members: Vec<(CouncilSeat, String)>,
}

/// `veto-sim list drafts`: the drafts a [`DraftFilter`] selects.
#[derive(Debug, Clone)]
pub struct DraftsListing {
    /// The drafts, in the record's order.
    pub drafts: Vec<Draft>,
}

/// `veto-sim list conflicts`: a summary per conflict.
#[derive(Debug, Clone)]
pub struct ConflictsListing {
    /// The conflicts active in the years selected.
    pub conflicts: Vec<ConflictSummary>,
}

/// One conflict of [`ConflictsListing`].
#[derive(Debug, Clone)]
pub struct ConflictSummary {
    /// The conflict's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// The origin state(s).
    pub origin: Vec<String>,
    /// UCDP conflict ids.
    pub ucdp_ids: Vec<u32>,
    /// First year.
    pub first_year: i32,
    /// Last year.
    pub last_year: i32,
    /// UCDP active years, as recorded.
    pub ucdp_years: String,
    /// Number of drafts linked.
    pub drafts: u32,
    /// Battle deaths (best estimate) summed over the conflict's years.
    pub deaths_best: u64,
    /// The year of the largest displacement, and the refugees and asylum seekers then.
    pub peak: (Option<i32>, u64),
    /// The latest year recorded, and the refugees and asylum seekers then.
    pub latest: (Option<i32>, u64),
}

/// `veto-sim show state ID`: one state's record, Council years and alignment.
#[derive(Debug, Clone)]
pub struct StateProfile {
    /// The state.
    pub state: State,
    /// The alignment window of the agreement figures.
    pub window: String,
    /// Agreement with each permanent member, in [`P5`] order.
    pub agreement_with_p5: Vec<(String, f64)>,
    /// Agreement with every other state, closest first (ties by code).
    pub peers: Vec<Peer>,
    /// The years the state sat on the Council, with its seat.
    pub council_years: Vec<(i32, SeatKind)>,
    /// Vetoes it cast on the record.
    pub vetoes_cast: usize,
}

/// Agreement with another state in the Assembly.
#[derive(Debug, Clone, Serialize)]
pub struct Peer {
    /// The other state's code.
    pub iso3: String,
    /// The share of votes in agreement over the window.
    pub agreement: f64,
    /// Whether the figure is the documented fill.
    pub filled: bool,
}

/// `veto-sim show draft SYMBOL`: the drafts recorded under a symbol (usually one).
#[derive(Debug, Clone)]
pub struct DraftRecords {
    /// The drafts.
    pub drafts: Vec<DraftRecord>,
}

/// One draft of [`DraftRecords`].
#[derive(Debug, Clone)]
pub struct DraftRecord {
    /// The draft.
    pub draft: Draft,
    /// The conflict it is annotated with, in words (`none`, `ID (name)` or
    /// `ID (not curated yet)`), when it is annotated.
    pub conflict: Option<String>,
    /// Each member's vote: code, name and vote, by code (empty without a recorded vote).
    pub votes: Vec<(String, String, &'static str)>,
}

/// `veto-sim show conflict ID`: one conflict, its years and its refugees' destinations.
#[derive(Debug, Clone)]
pub struct ConflictProfile {
    /// The conflict.
    pub conflict: crate::world::Conflict,
    /// The drafts annotated with it.
    pub linked_drafts: Vec<String>,
    /// The largest destinations on the latest and the peak year, where recorded.
    pub destinations: Vec<Destinations>,
}

/// The destinations of a conflict's refugees in one year.
#[derive(Debug, Clone)]
pub struct Destinations {
    /// `latest` or `peak`.
    pub basis: &'static str,
    /// The year.
    pub year: i32,
    /// How many destinations are recorded.
    pub count: usize,
    /// The 15 largest, each with the state's name.
    pub largest: Vec<(Destination, String)>,
}

/// `veto-sim list reforms`: the catalog.
#[derive(Debug, Clone)]
pub struct ReformCatalog {
    /// One row per named reform.
    pub reforms: Vec<CatalogRow>,
}

/// A catalog entry in brief.
#[derive(Debug, Clone, Serialize)]
pub struct CatalogRow {
    /// The reform's name.
    pub name: String,
    /// Council seats.
    pub seats: u32,
    /// Votes needed to adopt.
    pub quota: u32,
    /// Who holds a veto, and how many negatives block.
    pub veto: String,
    /// The restraint pledge, if any.
    pub restraint: String,
    /// The Assembly override, if any.
    pub r#override: String,
    /// What the reform is.
    pub description: String,
    /// Where it comes from.
    pub source: String,
}

/// `veto-sim show reform NAME`: one reform's rule file and the rule it gives.
#[derive(Debug, Clone)]
pub struct ReformEntry {
    /// The catalog name.
    pub name: String,
    /// The embedded YAML file.
    pub yaml: String,
    /// The validated rule.
    pub rule: Rule,
}

/// `veto-sim data build`: the tables written and the data decisions taken.
#[derive(Debug, Clone)]
pub struct DataBuildReport {
    /// Each file written, with its number of rows (CSV) or lines (other files).
    pub written: Vec<WrittenFile>,
    /// The warnings of the build (also in the README.md written with the tables).
    pub warnings: Vec<String>,
}

/// One file of [`DataBuildReport`].
#[derive(Debug, Clone)]
pub struct WrittenFile {
    /// Its path under the output folder.
    pub path: PathBuf,
    /// Rows (CSV, header excluded) or lines.
    pub count: usize,
    /// `rows` or `lines`.
    pub unit: &'static str,
}

fn parse_group(text: &str) -> Result<RegionalGroup> {
    RegionalGroup::parse(text).ok_or_else(|| {
        let names = RegionalGroup::ALL
            .iter()
            .flat_map(|g| [g.name(), g.short()]);
        Error::Usage(format!(
            "unknown regional group `{text}` (expected one of {}){}",
            RegionalGroup::ALL
                .iter()
                .map(|g| format!("{} ({})", g.name(), g.short()))
                .collect::<Vec<_>>()
                .join(", "),
            did_you_mean(text, names)
        ))
    })
}

fn year_bound(text: &str, flag: &str) -> Result<i32> {
    date_bound(text, flag, false)?[..4]
        .parse()
        .map_err(|_| Error::Usage(format!("`--{flag}` expects a year")))
}

/// The years from `--since` and `--until` (`YYYY` or `YYYY-MM-DD`), open where absent.
fn year_range(since: Option<&str>, until: Option<&str>) -> Result<(i32, i32)> {
    Ok((
        since
            .map(|t| year_bound(t, "since"))
            .transpose()?
            .unwrap_or(i32::MIN),
        until
            .map(|t| year_bound(t, "until"))
            .transpose()?
            .unwrap_or(i32::MAX),
    ))
}

/// The states, or one regional group's, with their agreement with the permanent members.
///
/// # Errors
/// An unknown group or window (exit code 2).
pub fn list_states(
    world: &World,
    group: Option<&str>,
    window: Option<&str>,
) -> Result<StatesListing> {
    let group = group.map(parse_group).transpose()?;
    let alignment = world.alignment(window)?;
    let p5: Vec<(&str, usize)> = P5
        .iter()
        .filter_map(|c| world.state_index(c).map(|j| (*c, j)))
        .collect();
    let states = world
        .states
        .iter()
        .enumerate()
        .filter(|(_, s)| group.is_none_or(|g| g == s.group))
        .map(|(i, s)| StateRow {
            state: s.clone(),
            agreement_with_p5: p5
                .iter()
                .map(|&(c, j)| {
                    (
                        c.to_string(),
                        alignment.agreement(i, j),
                        alignment.is_filled(i, j),
                    )
                })
                .collect(),
        })
        .collect();
    Ok(StatesListing {
        window: alignment.window.clone(),
        states,
    })
}

/// The Council's members in one year (`year`) or a range of years, of one group if given.
///
/// # Errors
/// A year without a Council, a malformed bound, an unknown group (exit code 2).
pub fn list_councils(
    world: &World,
    year: Option<i32>,
    since: Option<&str>,
    until: Option<&str>,
    group: Option<&str>,
) -> Result<CouncilsListing> {
    let group = group.map(parse_group).transpose()?;
    let (lo, hi) = match year {
        Some(y) => {
            if world.council(y).is_none() {
                let years: Vec<String> =
                    world.councils.iter().map(|c| c.year.to_string()).collect();
                return Err(Error::Usage(format!(
                    "no Council for {y} in this world (years {}–{})",
                    years.first().cloned().unwrap_or_default(),
                    years.last().cloned().unwrap_or_default()
                )));
            }
            (y, y)
        }
        None => year_range(since, until)?,
    };
    let councils = world
        .councils
        .iter()
        .filter(|c| c.year >= lo && c.year <= hi)
        .map(|c| CouncilYear {
            year: c.year,
            members: c
                .members
                .iter()
                .filter(|m| group.is_none_or(|g| g == m.group))
                .map(|m| {
                    let name = world.state(&m.code).map_or("", |s| s.name.as_str());
                    (m.clone(), name.to_string())
                })
                .collect(),
        })
        .collect();
    Ok(CouncilsListing { councils })
}

/// The drafts of one year (`year`, which takes the place of `since` and `until`), or those the
/// filter's flags select.
///
/// # Errors
/// A bad filter value (exit code 2); see [`DraftFilter::parse`].
pub fn list_drafts(
    world: &World,
    year: Option<i32>,
    args: FilterArgs<'_>,
) -> Result<DraftsListing> {
    let mut filter = DraftFilter::parse(args)?;
    if let Some(y) = year {
        filter.since = Some(format!("{y:04}-01-01"));
        filter.until = Some(format!("{y:04}-12-31"));
    }
    Ok(DraftsListing {
        drafts: world
            .drafts
            .iter()
            .filter(|d| filter.matches(d))
            .cloned()
            .collect(),
    })
}

/// The conflicts active in one year or a range of years.
///
/// # Errors
/// A malformed bound (exit code 2).
pub fn list_conflicts(
    world: &World,
    year: Option<i32>,
    since: Option<&str>,
    until: Option<&str>,
) -> Result<ConflictsListing> {
    let (lo, hi) = match year {
        Some(y) => (y, y),
        None => year_range(since, until)?,
    };
    let conflicts = world
        .conflicts
        .iter()
        .filter(|c| c.last_year >= lo && c.first_year <= hi)
        .map(|c| {
            let on = |basis: &str| {
                let list = c.destinations_on(basis);
                (
                    list.first().map(|d| d.year),
                    list.iter().map(|d| d.total).sum(),
                )
            };
            ConflictSummary {
                id: c.id.clone(),
                name: c.name.clone(),
                origin: c.origin.clone(),
                ucdp_ids: c.ucdp_ids.clone(),
                first_year: c.first_year,
                last_year: c.last_year,
                ucdp_years: c.ucdp_years.clone(),
                drafts: c.drafts,
                deaths_best: c
                    .years
                    .iter()
                    .filter(|y| y.year >= c.first_year && y.year <= c.last_year)
                    .filter_map(|y| y.deaths_best)
                    .sum(),
                peak: on("peak"),
                latest: on("latest"),
            }
        })
        .collect();
    Ok(ConflictsListing { conflicts })
}

/// One state by code.
///
/// # Errors
/// An unknown code, with the nearest one suggested (exit code 2).
pub fn show_state(world: &World, id: &str) -> Result<StateProfile> {
    let s = world.require_state(id)?;
    let i = world
        .state_index(&s.code)
        .ok_or_else(|| Error::Runtime(format!("state `{}` has no index in the world", s.code)))?;
    let alignment = world.alignment(None)?;
    let mut peers: Vec<Peer> = (0..world.states.len())
        .filter(|&j| j != i)
        .map(|j| Peer {
            iso3: world.states[j].code.clone(),
            agreement: alignment.agreement(i, j),
            filled: alignment.is_filled(i, j),
        })
        .collect();
    peers.sort_by(|a, b| {
        b.agreement
            .total_cmp(&a.agreement)
            .then(a.iso3.cmp(&b.iso3))
    });
    let agreement_with_p5 = P5
        .iter()
        .filter_map(|c| {
            world
                .state_index(c)
                .map(|j| (c.to_string(), alignment.agreement(i, j)))
        })
        .collect();
    let council_years = world
        .councils
        .iter()
        .filter_map(|c| {
            c.members
                .iter()
                .find(|m| m.code == s.code)
                .map(|m| (c.year, m.seat))
        })
        .collect();
    let vetoes_cast = world
        .drafts
        .iter()
        .filter(|d| d.vetoed_by.contains(&s.code))
        .count();
    Ok(StateProfile {
        state: s.clone(),
        window: alignment.window.clone(),
        agreement_with_p5,
        peers,
        council_years,
        vetoes_cast,
    })
}

/// The drafts recorded under a symbol.
///
/// # Errors
/// An unknown symbol, with the nearest one suggested (exit code 2).
pub fn show_draft(world: &World, id: &str) -> Result<DraftRecords> {
    let drafts = world.find_drafts(id);
    if drafts.is_empty() {
        return Err(Error::Usage(format!(
            "unknown draft `{id}`{}",
            did_you_mean(id, world.drafts.iter().map(|d| d.id.as_str()))
        )));
    }
    let drafts = drafts
        .into_iter()
        .map(|d| {
            let conflict = d.annotation.as_ref().map(|a| {
                if a.conflict_id.is_empty() {
                    "none".to_string()
                } else if let Some(c) = world.conflict(&a.conflict_id) {
                    format!("{} ({})", c.id, c.name)
                } else {
                    format!("{} (not curated yet)", a.conflict_id)
                }
            });
            let mut votes: Vec<(&str, &'static str)> = Vec::new();
            if !(d.yes.is_empty() && d.no.is_empty() && d.abstain.is_empty()) {
                for (list, vote) in [
                    (&d.yes, "yes"),
                    (&d.no, "no"),
                    (&d.abstain, "abstain"),
                    (&d.absent, "absent"),
                ] {
                    votes.extend(list.iter().map(|c| (c.as_str(), vote)));
                }
                votes.sort();
            }
            DraftRecord {
                draft: d.clone(),
                conflict,
                votes: votes
                    .into_iter()
                    .map(|(code, vote)| {
                        let name = world.state(code).map_or(code, |s| s.name.as_str());
                        (code.to_string(), name.to_string(), vote)
                    })
                    .collect(),
            }
        })
        .collect();
    Ok(DraftRecords { drafts })
}

/// One conflict by id (case-insensitive).
///
/// # Errors
/// An unknown id, with the nearest one suggested (exit code 2).
pub fn show_conflict(world: &World, id: &str) -> Result<ConflictProfile> {
    let wanted = id.trim().to_lowercase();
    let c = world.conflict(&wanted).ok_or_else(|| {
        Error::Usage(format!(
            "unknown conflict `{id}`{}",
            did_you_mean(&wanted, world.conflicts.iter().map(|c| c.id.as_str()))
        ))
    })?;
    let linked_drafts = world
        .drafts
        .iter()
        .filter(|d| d.annotation.as_ref().is_some_and(|a| a.conflict_id == c.id))
        .map(|d| d.id.clone())
        .collect();
    let destinations = ["latest", "peak"]
        .into_iter()
        .filter_map(|basis| {
            let list = c.destinations_on(basis);
            let first = list.first()?;
            Some(Destinations {
                basis,
                year: first.year,
                count: list.len(),
                largest: list
                    .iter()
                    .take(15)
                    .map(|d| {
                        let name = world.state(&d.asylum_code).map_or("", |s| s.name.as_str());
                        ((*d).clone(), name.to_string())
                    })
                    .collect(),
            })
        })
        .collect();
    Ok(ConflictProfile {
        conflict: c.clone(),
        linked_drafts,
        destinations,
    })
}

fn catalog_row(rule: &Rule) -> CatalogRow {
    let veto = match &rule.veto {
        None => "none".to_string(),
        Some(v) if v.negatives_to_block == 1 => format!("{} holders", v.holders.len()),
        Some(v) => format!(
            "{} holders, {} to block",
            v.holders.len(),
            v.negatives_to_block
        ),
    };
    CatalogRow {
        name: rule.name.clone(),
        seats: rule.seats(),
        quota: rule.quota,
        veto,
        restraint: rule.restraint.as_ref().map_or(String::new(), |r| {
            format!(
                "{} on atrocity drafts, compliance {}",
                r.members.join("+"),
                r.compliance
            )
        }),
        r#override: rule.override_majority.map_or(String::new(), |o| {
            format!("Assembly {}/{}", o.numerator, o.denominator)
        }),
        description: rule.description.clone(),
        source: rule.source.clone(),
    }
}

impl ReformEntry {
    /// The reform in brief, as the catalog lists it.
    pub fn row(&self) -> CatalogRow {
        catalog_row(&self.rule)
    }
}

/// The catalog of named reforms.
///
/// # Errors
/// A broken embedded rule.
pub fn list_reforms(world: &World) -> Result<ReformCatalog> {
    let codes = world.state_codes();
    Ok(ReformCatalog {
        reforms: catalog::all(&codes)?.iter().map(catalog_row).collect(),
    })
}

/// One named reform.
///
/// # Errors
/// An unknown name, with the nearest one suggested (exit code 2).
pub fn show_reform(world: &World, name: &str) -> Result<ReformEntry> {
    let entry = catalog::entry(name)?;
    let rule = catalog::reform(name, &world.state_codes())?;
    Ok(ReformEntry {
        name: entry.name.to_string(),
        yaml: entry.yaml.to_string(),
        rule,
    })
}

/// Builds the world's tables from the raw files and the curated files named in `options`,
/// and writes them to `out`; `progress` follows the build's phases.
///
/// # Errors
/// A missing or malformed raw or curated file, or data that fail a check (exit code 2, with
/// the file, line and key); a failed write (exit code 1).
pub fn data_build(
    options: &BuildOptions,
    out: &Path,
    progress: &dyn Progress,
) -> Result<DataBuildReport> {
    let build = databuild::build_with(options, &|s| progress.step(s))?;
    databuild::write(&build, out)?;
    let written = build
        .files
        .iter()
        .map(|(name, text)| {
            let csv = name.ends_with(".csv");
            WrittenFile {
                path: out.join(name),
                count: if csv {
                    text.lines().count().saturating_sub(1)
                } else {
                    text.lines().count()
                },
                unit: if csv { "rows" } else { "lines" },
            }
        })
        .collect();
    Ok(DataBuildReport {
        written,
        warnings: build.warnings.clone(),
    })
}
