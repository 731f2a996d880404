//! A hypothetical conflict: an origin, a series of battle deaths and refugee outflows by year
//! (recorded or projected), and the drafts the Council might vote on, in one YAML file.
//!
//! ```yaml
//! name: sahel-2027
//! description: A projected war in Niger, with a peacekeeping draft and a ceasefire demand.
//! origin: NER                   # or a list: [NER, MLI]
//! council: 2026                 # optional: the Council that votes (default: the latest)
//! years:                        # consecutive years; deaths optional
//!   - { year: 2027, deaths: 4000, outflow: 150000 }
//!   - { year: 2028, deaths: 9000, outflow: 400000 }
//! drafts:
//!   - { name: sahel-force, date: 2027-03-01, kind: peacekeeping, sponsors: [FRA, GHA] }
//!   - { name: ceasefire, date: 2027-09-15, kind: ceasefire-humanitarian, targets: [NER], atrocity: true }
//! ```
//!
//! Its refugees go where the gravity model fitted on the real conflicts sends them
//! ([`super::destinations`]). Its drafts have no record, so they pass with their unconditional
//! probabilities under each rule, the present rule included.

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::estimator::SeriesYear;
use super::run::fractional_year;
use crate::error::{Error, Place, Result};
use crate::input::at;
use crate::vote::DraftSpec;
use crate::vote::draft::{parse_kind, state_codes};
use crate::world::World;

/// The shipped hypothetical conflicts, by name (`flows --scenario NAME`).
pub const SHIPPED: &[(&str, &str)] = &[(
    "sahel-example",
    include_str!("../../data/flows/sahel-example.yaml"),
)];

/// A draft of a hypothetical conflict.
#[derive(Debug, Clone, PartialEq)]
pub struct HypotheticalDraft {
    /// The draft as the vote model sees it (its `year` is the Council's).
    pub spec: DraftSpec,
    /// Its date as written.
    pub date: String,
    /// Its date as a fractional year.
    pub date_frac: f64,
}

/// A validated hypothetical conflict.
#[derive(Debug, Clone, PartialEq)]
pub struct Hypothetical {
    /// Its name.
    pub name: String,
    /// What it is.
    pub description: String,
    /// The file it came from.
    pub file: String,
    /// Origin state(s) or territory.
    pub origin: Vec<String>,
    /// The Council year that votes.
    pub council: Option<i32>,
    /// The series.
    pub series: Vec<SeriesYear>,
    /// The drafts, in date order.
    pub drafts: Vec<HypotheticalDraft>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum RawOrigin {
    One(String),
    Many(Vec<String>),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHypothetical {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    description: String,
    origin: Spanned<RawOrigin>,
    #[serde(default)]
    council: Option<Spanned<i64>>,
    years: Spanned<Vec<Spanned<RawYear>>>,
    #[serde(default)]
    drafts: Vec<Spanned<RawDraft>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawYear {
    year: i64,
    #[serde(default)]
    deaths: Option<f64>,
    outflow: f64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDraft {
    #[serde(default)]
    name: Option<String>,
    date: Spanned<String>,
    #[serde(default)]
    kind: Option<Spanned<String>>,
    #[serde(default)]
    sponsors: Vec<Spanned<String>>,
    #[serde(default)]
    targets: Vec<Spanned<String>>,
    #[serde(default)]
    atrocity: bool,
}

/// Parses and checks a hypothetical conflict.
///
/// # Errors
/// [`Error::Input`] naming the file, line, column and key: YAML errors, unknown fields, an
/// unknown origin or state (with the nearest code), years that are not consecutive, negative
/// figures, a bad date, an unknown kind, a sponsor that is also a target, a Council year the
/// world does not have.
pub fn parse_hypothetical(text: &str, file: &str, world: &World) -> Result<Hypothetical> {
    let raw: RawHypothetical = crate::yaml::from_str(text, file)?;
    let origins = match &raw.origin.value {
        RawOrigin::One(o) => vec![o.clone()],
        RawOrigin::Many(v) => v.clone(),
    };
    if origins.is_empty() {
        return Err(Error::input(
            at(file, &raw.origin, "origin"),
            "no origin given",
        ));
    }
    let mut origin = Vec::new();
    for o in &origins {
        let code = o.trim().to_ascii_uppercase();
        if world.host(&code).is_none() {
            let near = world.suggest_state(o);
            return Err(Error::input(
                at(file, &raw.origin, "origin"),
                format!(
                    "unknown origin `{o}`{}",
                    near.map_or(String::new(), |n| format!(" (did you mean `{n}`?)"))
                ),
            ));
        }
        origin.push(code);
    }
    let council = match &raw.council {
        None => None,
        Some(c) => {
            let y = i32::try_from(c.value)
                .ok()
                .filter(|y| world.council(*y).is_some());
            Some(y.ok_or_else(|| {
                Error::input(
                    at(file, c, "council"),
                    format!(
                        "no Council for {} in this world; it has Councils for {}",
                        c.value,
                        world.council_years()
                    ),
                )
            })?)
        }
    };
    let council_year = council.unwrap_or_else(|| world.default_council().year);
    let mut series = Vec::new();
    for (i, y) in raw.years.value.iter().enumerate() {
        let key = format!("years[{i}]");
        let v = &y.value;
        let year = i32::try_from(v.year).map_err(|_| {
            Error::input(at(file, y, &key), format!("year {} out of range", v.year))
        })?;
        if let Some(prev) = series.last().map(|s: &SeriesYear| s.year)
            && year != prev + 1
        {
            return Err(Error::input(
                at(file, y, &format!("{key}.year")),
                format!("years must be consecutive: {year} follows {prev}"),
            ));
        }
        if !(v.outflow.is_finite() && v.outflow >= 0.0) {
            return Err(Error::input(
                at(file, y, &format!("{key}.outflow")),
                format!("expected an outflow of at least 0, got {}", v.outflow),
            ));
        }
        if let Some(d) = v.deaths
            && !(d.is_finite() && d >= 0.0)
        {
            return Err(Error::input(
                at(file, y, &format!("{key}.deaths")),
                format!("expected battle deaths of at least 0, got {d}"),
            ));
        }
        series.push(SeriesYear {
            year,
            deaths: v.deaths,
            outflow: Some(v.outflow),
        });
    }
    if series.is_empty() {
        return Err(Error::input(
            at(file, &raw.years, "years"),
            "no years given",
        ));
    }
    let mut drafts = Vec::new();
    for (i, d) in raw.drafts.iter().enumerate() {
        let key = format!("drafts[{i}]");
        let v = &d.value;
        let date_frac = fractional_year(&v.date.value).ok_or_else(|| {
            Error::input(
                at(file, &v.date, &format!("{key}.date")),
                format!("expected a date YYYY-MM-DD or YYYY, got `{}`", v.date.value),
            )
        })?;
        let kind = parse_kind(file, v.kind.as_ref(), &format!("{key}.kind"))?;
        let codes = |list: &[Spanned<String>], what: &str| {
            state_codes(world, file, list, &format!("{key}.{what}"))
        };
        let sponsors = codes(&v.sponsors, "sponsors")?;
        let targets = codes(&v.targets, "targets")?;
        if let Some(both) = sponsors.iter().find(|s| targets.contains(s)) {
            return Err(Error::input(
                at(file, d, &format!("{key}.targets")),
                format!("`{both}` is both a sponsor and a target"),
            ));
        }
        drafts.push(HypotheticalDraft {
            spec: DraftSpec {
                id: v
                    .name
                    .clone()
                    .filter(|n| !n.trim().is_empty())
                    .unwrap_or_else(|| format!("draft-{}", i + 1)),
                year: council_year,
                sponsors,
                targets,
                kind,
                atrocity: v.atrocity,
                origin: file.to_string(),
                notes: Vec::new(),
            },
            date: v.date.value.trim().to_string(),
            date_frac,
        });
    }
    if drafts.is_empty() {
        return Err(Error::input(
            Place::file(file).key("drafts"),
            "no drafts: a hypothetical conflict needs at least one draft to vote on",
        ));
    }
    drafts.sort_by(|a, b| a.date_frac.total_cmp(&b.date_frac));
    let stem = std::path::Path::new(file).file_stem().map_or_else(
        || "hypothetical".to_string(),
        |s| s.to_string_lossy().into_owned(),
    );
    Ok(Hypothetical {
        name: raw.name.filter(|n| !n.trim().is_empty()).unwrap_or(stem),
        description: raw.description.trim().to_string(),
        file: file.to_string(),
        origin,
        council,
        series,
        drafts,
    })
}
