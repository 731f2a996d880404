//! Scenarios: which Council, which drafts, which rules, how many trials, which seed and which
//! model parameters, in one YAML file.
//!
//! ```yaml
//! name: syria
//! description: The Syria drafts vetoed since 2011, each before the Council of its year.
//! council: 2026                 # optional: a year, or a list of member codes; each draft's own year when absent
//! window: 2010-2019             # optional: the alignment window
//! trials: 100000                # per draft
//! seed: 20260101
//! drafts:
//!   - select: { outcome: vetoed, since: 2011, annotated: true }   # drafts from the record
//!   - S/2011/612                                                  # one draft by symbol
//!   - { name: aid, year: 2026, sponsors: [IRL], targets: [SYR], kind: ceasefire-humanitarian, atrocity: true }
//! rules:
//!   - present                   # a reform of the catalog
//!   - file: my-rule.yaml        # a rule file, relative to the scenario
//! model: { align: 3.0 }         # overrides of data/model/default.yaml
//! ```
//!
//! Parsing follows the rules' two stages (raw structs with `deny_unknown_fields` and spans,
//! then checks), so every error names the file, line, column and key. The shipped scenarios
//! (`data/scenarios/`) are compiled into the binary and can be run by name.

use std::fmt;
use std::path::Path;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use crate::error::{Error, Place, Result, did_you_mean};
use crate::input::{at, read_text};
use crate::rules::yaml::parse_rule;
use crate::rules::{Rule, catalog};
use crate::vote::draft::RawDraftSpec;
use crate::vote::params::RawParams;
use crate::vote::{DraftSpec, ModelParams};
use crate::world::{ActionKind, Atrocity, Council, CouncilSeat, Outcome, SeatKind, World};

/// The default scenario (`veto-sim run` without arguments).
pub const DEFAULT: &str = "default";

/// The shipped scenarios, by name.
pub const SHIPPED: &[(&str, &str)] = &[
    ("default", include_str!("../data/scenarios/default.yaml")),
    ("syria", include_str!("../data/scenarios/syria.yaml")),
    (
        "enlarged-councils",
        include_str!("../data/scenarios/enlarged-councils.yaml"),
    ),
];

/// The most trials a scenario may ask for per draft.
pub const MAX_TRIALS: u64 = 1 << 40;

/// A validated scenario.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scenario {
    /// Its name.
    pub name: String,
    /// What it is about.
    pub description: String,
    /// The file it was read from.
    pub file: String,
    /// The Council that votes on every draft, or `None` for each draft's own year.
    pub council: Option<CouncilChoice>,
    /// The alignment window.
    pub window: String,
    /// Trials per draft.
    pub trials: u64,
    /// The master seed.
    pub seed: u64,
    /// The drafts.
    pub drafts: Vec<DraftSpec>,
    /// The rules, each judged on the same simulated votes.
    pub rules: Vec<Rule>,
    /// The model parameters (defaults with the scenario's overrides).
    pub model: ModelParams,
    /// Whether the run also estimates the refugees each rule would have averted across the
    /// world's conflicts ([`crate::flows::run::estimate`]) with the scenario's rules, trials,
    /// seed, window and model: the *history* section (`sections: [history]`; `flows: true`
    /// is the older spelling).
    pub flows: bool,
    /// Whether the run votes on the scenario's drafts before its Council: the *today* section.
    pub today: bool,
    /// The conflicts the flow estimate covers (empty: every conflict the record links drafts
    /// to). Set by sweeps.
    pub conflicts: Vec<String>,
    /// The flow estimator's priors (the embedded `data/flows/priors.yaml` unless a sweep
    /// changes them).
    pub flow_priors: crate::flows::priors::FlowPriors,
}

/// The Council a scenario sets.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum CouncilChoice {
    /// The Council of a year.
    Year(i32),
    /// Named members.
    Members(Council),
}

impl Scenario {
    /// The Council that votes on `draft`.
    ///
    /// # Errors
    /// A year without a Council in the world.
    pub fn council_for<'w>(&'w self, world: &'w World, draft: &DraftSpec) -> Result<&'w Council> {
        let year = match &self.council {
            Some(CouncilChoice::Members(c)) => return Ok(c),
            Some(CouncilChoice::Year(y)) => *y,
            None => draft.year,
        };
        world.council(year).ok_or_else(|| {
            Error::Usage(format!(
                "no Council for {year} in this world (draft {}); it has Councils for {}",
                draft.id,
                world.council_years()
            ))
        })
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScenario {
    #[serde(default)]
    name: Option<Spanned<String>>,
    #[serde(default)]
    description: String,
    #[serde(default)]
    council: Option<Spanned<RawCouncil>>,
    #[serde(default)]
    window: Option<Spanned<String>>,
    #[serde(default)]
    trials: Option<Spanned<i64>>,
    #[serde(default)]
    seed: Option<Spanned<u64>>,
    drafts: Spanned<Vec<Spanned<RawDraftItem>>>,
    rules: Spanned<Vec<Spanned<RawRuleItem>>>,
    #[serde(default)]
    model: Option<RawParams>,
    #[serde(default)]
    flows: Option<Spanned<bool>>,
    #[serde(default)]
    sections: Option<Spanned<Vec<Spanned<String>>>>,
}

/// The two questions a run answers, each in its own section.
pub const SECTIONS: [&str; 2] = ["today", "history"];

/// `2026` or `[USA, FRA, ...]`.
#[derive(Debug)]
enum RawCouncil {
    Year(i64),
    Members(Vec<String>),
}

impl<'de> Deserialize<'de> for RawCouncil {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawCouncil;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a year or a list of member codes")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> std::result::Result<RawCouncil, E> {
                Ok(RawCouncil::Year(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> std::result::Result<RawCouncil, E> {
                i64::try_from(v)
                    .map(RawCouncil::Year)
                    .map_err(|_| E::custom("year out of range"))
            }
            fn visit_seq<A: SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> std::result::Result<RawCouncil, A::Error> {
                let mut codes = Vec::new();
                while let Some(c) = seq.next_element::<String>()? {
                    codes.push(c);
                }
                Ok(RawCouncil::Members(codes))
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// A symbol, a selection from the record, or a spec.
#[derive(Debug)]
enum RawDraftItem {
    Symbol(String),
    Map(Box<RawDraftEntry>),
}

/// `select: {...}` or a draft spec's fields.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDraftEntry {
    #[serde(default)]
    select: Option<Spanned<RawSelect>>,
    #[serde(default)]
    name: Option<Spanned<String>>,
    #[serde(default)]
    symbol: Option<Spanned<String>>,
    #[serde(default)]
    year: Option<Spanned<i64>>,
    #[serde(default)]
    sponsors: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    targets: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    kind: Option<Spanned<String>>,
    #[serde(default)]
    atrocity: Option<Spanned<bool>>,
}

impl<'de> Deserialize<'de> for RawDraftItem {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawDraftItem;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a draft symbol, `select: {...}`, or a draft spec (year, sponsors, targets, kind, atrocity)")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<RawDraftItem, E> {
                Ok(RawDraftItem::Symbol(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                map: A,
            ) -> std::result::Result<RawDraftItem, A::Error> {
                let entry = RawDraftEntry::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(RawDraftItem::Map(Box::new(entry)))
            }
        }
        deserializer.deserialize_any(V)
    }
}

impl RawDraftEntry {
    fn into_spec(self) -> RawDraftSpec {
        RawDraftSpec {
            name: self.name,
            symbol: self.symbol,
            year: self.year,
            sponsors: self.sponsors,
            targets: self.targets,
            kind: self.kind,
            atrocity: self.atrocity,
        }
    }

    fn has_spec(&self) -> bool {
        self.name.is_some()
            || self.symbol.is_some()
            || self.year.is_some()
            || self.sponsors.is_some()
            || self.targets.is_some()
            || self.kind.is_some()
            || self.atrocity.is_some()
    }
}

/// Drafts chosen from the record.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSelect {
    #[serde(default)]
    outcome: Option<Spanned<String>>,
    #[serde(default)]
    since: Option<i32>,
    #[serde(default)]
    until: Option<i32>,
    #[serde(default)]
    annotated: Option<bool>,
    #[serde(default)]
    kind: Option<Spanned<String>>,
    #[serde(default)]
    atrocity: Option<bool>,
    #[serde(default)]
    topic: Option<String>,
}

/// A catalog name or `{ file: PATH }`.
#[derive(Debug)]
enum RawRuleItem {
    Name(String),
    File(String),
}

impl<'de> Deserialize<'de> for RawRuleItem {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct FileItem {
            file: String,
        }
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawRuleItem;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a reform name or `file: PATH`")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<RawRuleItem, E> {
                Ok(RawRuleItem::Name(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                map: A,
            ) -> std::result::Result<RawRuleItem, A::Error> {
                let item = FileItem::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(RawRuleItem::File(item.file))
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// Reads a scenario: a shipped one by name, or a file.
///
/// # Errors
/// An unreadable file, or any error of [`parse_scenario`].
pub fn load(name_or_path: &str, world: &World) -> Result<Scenario> {
    let input = crate::input::shipped_or_file(name_or_path, SHIPPED, "scenarios", "scenario")?;
    parse_scenario(&input.text, &input.file, world, input.dir.as_deref())
}

/// Parses and validates a scenario. Rule files are read relative to `dir` (none may be named
/// when `dir` is `None`).
///
/// # Errors
/// [`Error::Input`] naming file, line, column and key: YAML errors, unknown fields, trials of
/// 0, an unknown or empty Council, an unknown draft symbol or state (with the nearest), a
/// sponsor that is also a target, an unknown reform, a bad rule file, a bad model parameter.
pub fn parse_scenario(
    text: &str,
    file: &str,
    world: &World,
    dir: Option<&Path>,
) -> Result<Scenario> {
    let raw: RawScenario = crate::yaml::from_str(text, file)?;
    let stem = Path::new(file).file_stem().map_or_else(
        || "scenario".to_string(),
        |s| s.to_string_lossy().trim_end_matches('>').to_string(),
    );
    let name = raw
        .name
        .as_ref()
        .map(|n| n.value.trim().to_string())
        .filter(|n| !n.is_empty())
        .unwrap_or(stem);
    let trials = match &raw.trials {
        None => 100_000,
        Some(t) if t.value < 1 || t.value as u64 > MAX_TRIALS => {
            return Err(Error::input(
                at(file, t, "trials"),
                format!("trials must be from 1 to {MAX_TRIALS}, got {}", t.value),
            ));
        }
        Some(t) => t.value as u64,
    };
    let window = match &raw.window {
        None => "2010-2019".to_string(),
        Some(w) => {
            world
                .alignment(Some(w.value.trim()))
                .map_err(|e| Error::input(at(file, w, "window"), e.to_string()))?;
            w.value.trim().to_string()
        }
    };
    let council = match &raw.council {
        None => None,
        Some(c) => Some(council_choice(c, file, world)?),
    };
    let model = match &raw.model {
        None => ModelParams::embedded()?,
        Some(m) => m.resolve(Some(&ModelParams::embedded()?), file, "model.", Some(world))?,
    };

    let mut drafts: Vec<DraftSpec> = Vec::new();
    let drafts_place = at(file, &raw.drafts, "drafts");
    for (i, item) in raw.drafts.value.into_iter().enumerate() {
        let key = format!("drafts[{i}]");
        let place = at(file, &item, &key);
        match item.value {
            RawDraftItem::Symbol(symbol) => {
                let spec = DraftSpec::from_record(world, &symbol)
                    .map_err(|e| relocate(e, place.clone()))?;
                drafts.push(spec);
            }
            RawDraftItem::Map(map) => {
                let mut entry = *map;
                match entry.select.take() {
                    Some(select) => {
                        if entry.has_spec() {
                            return Err(Error::input(
                                place,
                                "a draft item is either `select: {...}` or a draft, not both",
                            ));
                        }
                        let chosen = select_drafts(&select, file, &format!("{key}.select"), world)?;
                        if chosen.is_empty() {
                            return Err(Error::input(
                                at(file, &select, &format!("{key}.select")),
                                "the selection matches no draft of the record",
                            ));
                        }
                        for id in chosen {
                            drafts.push(DraftSpec::from_record(world, &id)?);
                        }
                    }
                    None => {
                        let spec = entry.into_spec();
                        drafts.push(spec.resolve(
                            world,
                            file,
                            &format!("{key}."),
                            &format!("draft-{}", i + 1),
                            place,
                        )?);
                    }
                }
            }
        }
    }
    if drafts.is_empty() {
        return Err(Error::input(drafts_place, "no drafts: list at least one"));
    }
    let mut seen = std::collections::HashSet::new();
    drafts.retain(|d| seen.insert(d.id.clone()));

    let codes = world.state_codes();
    let mut rules: Vec<Rule> = Vec::new();
    for (i, item) in raw.rules.value.iter().enumerate() {
        let key = format!("rules[{i}]");
        let rule = match &item.value {
            RawRuleItem::Name(name) => catalog::reform(name.trim(), &codes)
                .map_err(|e| relocate(e, at(file, item, &key)))?,
            RawRuleItem::File(path) => {
                let Some(dir) = dir else {
                    return Err(Error::input(
                        at(file, item, &key),
                        "an embedded scenario cannot name rule files",
                    ));
                };
                let full = dir.join(path);
                let text = read_text(&full)?;
                parse_rule(&text, &full.display().to_string(), &codes)?
            }
        };
        if rules.iter().any(|r| r.name == rule.name) {
            return Err(Error::input(
                at(file, item, &key),
                format!("rule `{}` is listed twice", rule.name),
            ));
        }
        rules.push(rule);
    }
    if rules.is_empty() {
        return Err(Error::input(
            at(file, &raw.rules, "rules"),
            "no rules: list at least one",
        ));
    }
    if rules.len() > crate::engine::MAX_RULES {
        return Err(Error::input(
            at(file, &raw.rules, "rules"),
            format!(
                "{} rules: at most {} are judged together",
                rules.len(),
                crate::engine::MAX_RULES
            ),
        ));
    }
    let (today, history) = sections(file, &raw.sections, &raw.flows)?;
    let scenario = Scenario {
        name,
        description: raw.description.trim().to_string(),
        file: file.to_string(),
        council,
        window,
        trials,
        seed: raw.seed.map_or(1, |s| s.value),
        drafts,
        rules,
        model,
        flows: history,
        today,
        conflicts: Vec::new(),
        flow_priors: crate::flows::priors::FlowPriors::embedded(world)?,
    };
    for d in &scenario.drafts {
        if scenario.council.is_none() && world.council(d.year).is_none() {
            let key = raw.council.as_ref().map_or_else(
                || Place::file(file).key("council"),
                |c| at(file, c, "council"),
            );
            return Err(Error::input(
                key,
                format!(
                    "draft {} is from {} and no Council of that year is in the world: set `council: YEAR`",
                    d.id, d.year
                ),
            ));
        }
    }
    // A Council smaller than a rule's quota could never adopt anything under it: every
    // figure would be 0 for a reason that has nothing to do with the rule.
    if let (Some(CouncilChoice::Members(council)), Some(c)) = (&scenario.council, &raw.council) {
        for (i, rule) in scenario.rules.iter().enumerate() {
            let seats = crate::engine::seating::seat(rule, council, world)
                .map_err(|e| relocate(e, at(file, c, "council")))?
                .seats();
            if seats < rule.quota as usize {
                let item = &raw.rules.value[i];
                let line = at(file, item, "")
                    .line
                    .map_or(String::new(), |l| format!(", line {l}"));
                return Err(Error::input(
                    at(file, c, "council"),
                    format!(
                        "rule `{}` (rules[{i}]{line}) has a quota of {} votes, but this council of {} member(s) gives it {seats} seat(s): no draft could be adopted; name at least {} members or give a year",
                        rule.name,
                        rule.quota,
                        council.members.len(),
                        rule.quota
                    ),
                ));
            }
        }
    }
    Ok(scenario)
}

/// Turns a usage error (unknown name) into an input error at `place`.
fn relocate(error: Error, place: Place) -> Error {
    match error {
        Error::Usage(m) => Error::input(place, m),
        other => other,
    }
}

fn council_choice(raw: &Spanned<RawCouncil>, file: &str, world: &World) -> Result<CouncilChoice> {
    match &raw.value {
        RawCouncil::Year(y) => {
            let year = i32::try_from(*y)
                .ok()
                .filter(|y| world.council(*y).is_some());
            year.map(CouncilChoice::Year).ok_or_else(|| {
                let years: Vec<i32> = world.councils.iter().map(|c| c.year).collect();
                Error::input(
                    at(file, raw, "council"),
                    format!(
                        "no Council for {y} in this world (years {}-{})",
                        years.first().unwrap_or(&0),
                        years.last().unwrap_or(&0)
                    ),
                )
            })
        }
        RawCouncil::Members(codes) => {
            if codes.is_empty() {
                return Err(Error::input(
                    at(file, raw, "council"),
                    "the council is empty: name its members or give a year",
                ));
            }
            let reference = world.default_council();
            let mut members: Vec<CouncilSeat> = Vec::new();
            for code in codes {
                let state = world
                    .require_state(code)
                    .map_err(|e| relocate(e, at(file, raw, "council")))?;
                if members.iter().any(|m| m.code == state.code) {
                    return Err(Error::input(
                        at(file, raw, "council"),
                        format!("`{}` is listed twice", state.code),
                    ));
                }
                let permanent = reference
                    .members
                    .iter()
                    .any(|m| m.code == state.code && m.seat == SeatKind::Permanent);
                members.push(CouncilSeat {
                    code: state.code.clone(),
                    seat: if permanent {
                        SeatKind::Permanent
                    } else {
                        SeatKind::Elected
                    },
                    group: state.group,
                });
            }
            members.sort_by(|a, b| (a.seat, &a.code).cmp(&(b.seat, &b.code)));
            Ok(CouncilChoice::Members(Council {
                year: reference.year,
                members,
            }))
        }
    }
}

fn select_drafts(
    select: &Spanned<RawSelect>,
    file: &str,
    key: &str,
    world: &World,
) -> Result<Vec<String>> {
    let s = &select.value;
    let outcome = match &s.outcome {
        None => None,
        Some(o) => Some(Outcome::parse(&o.value).ok_or_else(|| {
            Error::input(
                at(file, o, &format!("{key}.outcome")),
                format!("expected `vetoed` or `failed`, got `{}`", o.value),
            )
        })?),
    };
    let kind = match &s.kind {
        None => None,
        Some(k) => Some(ActionKind::parse(&k.value).ok_or_else(|| {
            let names = ActionKind::ALL.map(ActionKind::as_str);
            Error::input(
                at(file, k, &format!("{key}.kind")),
                format!(
                    "unknown kind `{}`: expected one of {}{}",
                    k.value,
                    names.join(", "),
                    did_you_mean(&k.value, names)
                ),
            )
        })?),
    };
    Ok(world
        .drafts
        .iter()
        .filter(|d| outcome.is_none_or(|o| d.outcome == o))
        .filter(|d| s.since.is_none_or(|y| d.year >= y))
        .filter(|d| s.until.is_none_or(|y| d.year <= y))
        .filter(|d| s.annotated.is_none_or(|a| d.annotation.is_some() == a))
        .filter(|d| kind.is_none_or(|k| d.annotation.as_ref().is_some_and(|a| a.kind == k)))
        .filter(|d| {
            s.atrocity.is_none_or(|want| {
                d.annotation
                    .as_ref()
                    .is_some_and(|a| (a.atrocity == Atrocity::Yes) == want)
            })
        })
        .filter(|d| {
            s.topic.as_ref().is_none_or(|t| {
                d.topic.to_lowercase().contains(&t.to_lowercase())
                    || d.title.to_lowercase().contains(&t.to_lowercase())
            })
        })
        .map(|d| d.id.clone())
        .collect())
}

/// What a run records about itself, so that a result can be reproduced.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunMeta {
    /// The tool, its version and the world.
    #[serde(flatten)]
    pub provenance: crate::world::Provenance,
    /// The master seed.
    pub seed: u64,
    /// Trials per draft.
    pub trials: u64,
    /// Trials per work unit (each unit has its own random stream).
    pub block: u64,
    /// How the *today* section computed adoption.
    pub method: Method,
}

impl RunMeta {
    /// The record of a run on `world`.
    pub fn new(world: &World, seed: u64, trials: u64, method: Method) -> RunMeta {
        RunMeta {
            provenance: crate::world::Provenance::of(world),
            seed,
            trials,
            block: crate::engine::BLOCK,
            method,
        }
    }
}

/// One rule's result on one draft, as a run reports it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleCell {
    /// The rule.
    pub rule: String,
    /// Probability of adoption with its 95% interval and how it was obtained (exact, over
    /// sampled seatings, or Monte Carlo with its Wilson interval).
    pub adoption: crate::engine::Estimate,
    /// Probability that the Council's veto blocks a draft that has the votes.
    pub blocked_by_veto: f64,
    /// Probability that the Assembly adopts it after a veto.
    pub assembly_adoption: f64,
    /// Mean number of affirmative Council votes.
    pub mean_yes: f64,
    /// The exact probability beside a Monte Carlo estimate, when asked for and the seating is
    /// fixed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exact: Option<f64>,
}

/// One draft of a run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DraftRow {
    /// The draft's id.
    pub draft: String,
    /// The year of the vote.
    pub year: i32,
    /// The year whose Council votes in the simulation.
    pub council: i32,
    /// The kind of action.
    pub kind: ActionKind,
    /// Whether it is an atrocity draft.
    pub atrocity: bool,
    /// Per rule, in the scenario's order.
    pub rules: Vec<RuleCell>,
}

/// The expected number of the scenario's drafts adopted under one rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleTotal {
    /// The rule.
    pub rule: String,
    /// The number of drafts.
    pub drafts: usize,
    /// Sum over drafts of the estimated probabilities of adoption.
    pub expected_adopted: f64,
    /// Its Monte Carlo standard error.
    pub std_error: f64,
    /// A 90% predictive interval of the number adopted (5% and 95% quantiles of the
    /// Poisson-binomial distribution over the drafts, each adopted independently with its
    /// estimated probability).
    pub interval90: [usize; 2],
}

/// The paired difference of two rules' expected numbers adopted.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TotalDifference {
    /// The first rule.
    pub a: String,
    /// The second rule.
    pub b: String,
    /// Expected number adopted under `a` minus under `b`.
    pub difference: f64,
    /// Its standard error (paired within drafts, independent across drafts).
    pub std_error: f64,
}

/// The resolved configuration of a run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunConfig {
    /// The scenario's name.
    pub scenario: String,
    /// Its description.
    pub description: String,
    /// The file it came from.
    pub file: String,
    /// The Council voting on every draft (`null`: each draft's own year).
    pub council: Option<CouncilChoice>,
    /// The alignment window.
    pub window: String,
    /// The model parameters.
    pub model: ModelParams,
    /// The rules.
    pub rules: Vec<Rule>,
    /// The drafts.
    pub drafts: Vec<DraftSpec>,
}

/// Which sections the scenario asks for: `(today, history)`. `sections:` names them; without
/// it, *today* always and *history* with `flows: true`.
fn sections(
    file: &str,
    sections: &Option<Spanned<Vec<Spanned<String>>>>,
    flows: &Option<Spanned<bool>>,
) -> Result<(bool, bool)> {
    let Some(list) = sections else {
        return Ok((true, flows.as_ref().is_some_and(|f| f.value)));
    };
    if let Some(f) = flows {
        return Err(Error::input(
            at(file, f, "flows"),
            "give `sections` or `flows`, not both: `sections: [today, history]` replaces `flows: true`",
        ));
    }
    if list.value.is_empty() {
        return Err(Error::input(
            at(file, list, "sections"),
            "expected at least one of `today` and `history`",
        ));
    }
    let mut seen: Vec<&str> = Vec::new();
    for item in &list.value {
        let name = item.value.as_str();
        if !SECTIONS.contains(&name) {
            return Err(Error::input(
                at(file, item, "sections"),
                format!(
                    "expected `today` (the drafts before the scenario's Council, adoption) or `history` (the record's drafts on the world's conflicts, refugees averted), got `{name}`{}",
                    did_you_mean(name, SECTIONS)
                ),
            ));
        }
        if seen.contains(&name) {
            return Err(Error::input(
                at(file, item, "sections"),
                format!("`{name}` is named twice"),
            ));
        }
        seen.push(name);
    }
    Ok((seen.contains(&"today"), seen.contains(&"history")))
}

/// The result of `veto-sim run`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunReport {
    /// How to reproduce it.
    pub meta: RunMeta,
    /// What was run.
    pub config: RunConfig,
    /// Per rule: the expected number of drafts adopted.
    pub totals: Vec<RuleTotal>,
    /// Every pair of rules: the difference of their expected numbers adopted.
    pub differences: Vec<TotalDifference>,
    /// Per draft: the probability of adoption under each rule.
    pub drafts: Vec<DraftRow>,
    /// Refugees averted across the world's conflicts, per rule (scenarios with `flows: true`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flows: Option<crate::flows::run::FlowsReport>,
}

/// Builds the plans of a scenario (one per draft).
///
/// # Errors
/// An unknown window, a draft year without a Council, a rule that cannot be seated.
pub fn plans(scenario: &Scenario, world: &World) -> Result<Vec<crate::engine::Plan>> {
    let graph = world.alignment_graph(Some(&scenario.window))?;
    scenario
        .drafts
        .iter()
        .map(|draft| {
            let support = crate::vote::Support::new(world, &graph, &scenario.model, draft);
            let council = scenario.council_for(world, draft)?;
            crate::engine::Plan::new(
                world,
                draft,
                council,
                &scenario.rules,
                &scenario.model,
                &support,
            )
        })
        .collect()
}

/// How a run computes each draft's probability of adoption under each rule.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "method")]
pub enum Method {
    /// Exactly where the seating is fixed; where seats are drawn, the mean of exact values
    /// over sampled seatings, drawn until the standard error is at most `std_error` or there
    /// are `max_seatings` ([`crate::engine::drawn`]).
    Exact {
        /// The standard error at which seating sampling stops.
        std_error: f64,
        /// The most seatings sampled per draft and rule.
        max_seatings: u64,
    },
    /// Monte Carlo trials (the scenario's, or fewer per draft once every rule's standard
    /// error is at most `std_error`), with the exact value beside it when `with_exact`.
    MonteCarlo {
        /// The standard error at which a draft's trials stop (`None`: run them all).
        std_error: Option<f64>,
        /// Also compute the exact value where the seating is fixed (the check of one by
        /// the other).
        with_exact: bool,
    },
}

impl Method {
    /// The default: exact, with seatings sampled to a standard error of 0.0005 (at most
    /// 65,536 seatings).
    pub const DEFAULT: Method = Method::Exact {
        std_error: 5e-4,
        max_seatings: 65_536,
    };

    /// The work a run of `drafts` drafts under `rules` rules and `trials` trials reports to
    /// its progress callback: trials under Monte Carlo, (draft, rule) cells when exact.
    pub fn work(&self, drafts: usize, rules: usize, trials: u64) -> u64 {
        match self {
            Method::Exact { .. } => (drafts * rules) as u64,
            Method::MonteCarlo { .. } => trials * drafts as u64,
        }
    }
}

/// Runs a scenario: every draft under every rule, by `method`.
///
/// `progress` is called with the work done (see [`Method::work`]).
///
/// # Errors
/// As [`plans`].
pub fn run(
    scenario: &Scenario,
    world: &World,
    method: Method,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<RunReport> {
    let plans = plans(scenario, world)?;
    let (cells, differences) = match method {
        Method::Exact {
            std_error,
            max_seatings,
        } => {
            let cells = exact_cells(&plans, scenario.seed, std_error, max_seatings, progress);
            let differences = exact_differences(scenario, &cells);
            (cells, differences)
        }
        Method::MonteCarlo {
            std_error,
            with_exact,
        } => monte_carlo_cells(&plans, scenario, std_error, with_exact, progress),
    };
    let drafts: Vec<DraftRow> = plans
        .iter()
        .zip(cells)
        .map(|(plan, rules)| DraftRow {
            draft: plan.draft.id.clone(),
            year: plan.draft.year,
            council: plan.council_year,
            kind: plan.draft.kind,
            atrocity: plan.draft.atrocity,
            rules,
        })
        .collect();
    let totals = scenario
        .rules
        .iter()
        .enumerate()
        .map(|(r, rule)| {
            let p: Vec<f64> = drafts
                .iter()
                .map(|d| d.rules[r].adoption.estimate)
                .collect();
            let var: f64 = drafts
                .iter()
                .map(|d| d.rules[r].adoption.std_error.powi(2))
                .sum();
            let dist = crate::engine::poisson_binomial(&p);
            RuleTotal {
                rule: rule.name.clone(),
                drafts: p.len(),
                expected_adopted: p.iter().sum(),
                std_error: var.sqrt(),
                interval90: [
                    crate::engine::quantile(&dist, 0.05),
                    crate::engine::quantile(&dist, 0.95),
                ],
            }
        })
        .collect();
    Ok(RunReport {
        meta: RunMeta::new(world, scenario.seed, scenario.trials, method),
        config: RunConfig {
            scenario: scenario.name.clone(),
            description: scenario.description.clone(),
            file: scenario.file.clone(),
            council: scenario.council.clone(),
            window: scenario.window.clone(),
            model: scenario.model.clone(),
            rules: scenario.rules.clone(),
            drafts: scenario.drafts.clone(),
        },
        totals,
        differences,
        drafts,
        flows: None,
    })
}

/// The exact path's cells: every (draft, rule) cell in parallel, exact where the seating is
/// fixed, over sampled seatings where it is drawn.
fn exact_cells(
    plans: &[crate::engine::Plan],
    seed: u64,
    std_error: f64,
    max_seatings: u64,
    progress: &(dyn Fn(u64) + Sync),
) -> Vec<Vec<RuleCell>> {
    use crate::engine::drawn::{SeatingTarget, over_seatings};
    use crate::engine::{Estimate, exact_cell};
    use rayon::prelude::*;
    let target = SeatingTarget {
        std_error,
        max_seatings,
        seed,
    };
    let work: Vec<(usize, usize)> = plans
        .iter()
        .enumerate()
        .flat_map(|(d, p)| (0..p.rules.len()).map(move |r| (d, r)))
        .collect();
    // panic_fuse: a cancelled run stops the cells not yet started.
    let mut cells: Vec<RuleCell> = work
        .par_iter()
        .panic_fuse()
        .map(|&(d, r)| {
            let plan = &plans[d];
            let (cell, adoption) = match exact_cell(plan, r) {
                Some(cell) => (cell, Estimate::exact(cell.adoption)),
                None => {
                    let m = over_seatings(plan, d, r, target);
                    let e = Estimate::over_seatings(m.mean.adoption, m.std_error, m.seatings);
                    (m.mean, e)
                }
            };
            progress(1);
            RuleCell {
                rule: plan.rules[r].rule.name.clone(),
                adoption,
                blocked_by_veto: cell.blocked_by_veto,
                assembly_adoption: cell.assembly_adoption,
                mean_yes: cell.mean_yes,
                exact: None,
            }
        })
        .collect();
    let mut out = Vec::with_capacity(plans.len());
    for plan in plans.iter().rev() {
        out.push(cells.split_off(cells.len() - plan.rules.len()));
    }
    out.reverse();
    out
}

/// The Monte Carlo path's cells, with the exact value beside each where asked for, and the
/// paired differences of the rules' expected numbers adopted (paired within drafts,
/// independent across drafts).
fn monte_carlo_cells(
    plans: &[crate::engine::Plan],
    scenario: &Scenario,
    std_error: Option<f64>,
    with_exact: bool,
    progress: &(dyn Fn(u64) + Sync),
) -> (Vec<Vec<RuleCell>>, Vec<TotalDifference>) {
    let config = crate::engine::McConfig {
        trials: scenario.trials,
        seed: scenario.seed,
        detail: false,
    };
    let tallies = match std_error {
        Some(se) => crate::engine::simulate_to_error(plans, config, se, progress),
        None => crate::engine::simulate(plans, config, progress),
    };
    let results: Vec<crate::engine::DraftResult> = plans
        .iter()
        .zip(&tallies)
        .map(|(p, t)| crate::engine::summarize(p, t, with_exact))
        .collect();
    let mut differences = Vec::new();
    for (i, pair) in results
        .first()
        .map_or(&[][..], |r| &r.pairs[..])
        .iter()
        .enumerate()
    {
        let (d, v) = results.iter().fold((0.0, 0.0), |(d, v), r| {
            let x = &r.pairs[i].difference;
            (d + x.difference, v + x.std_error.powi(2))
        });
        differences.push(TotalDifference {
            a: pair.a.clone(),
            b: pair.b.clone(),
            difference: d,
            std_error: v.sqrt(),
        });
    }
    let cells = results
        .into_iter()
        .map(|result| {
            result
                .rules
                .into_iter()
                .map(|r| RuleCell {
                    rule: r.rule,
                    adoption: r.adoption.into(),
                    blocked_by_veto: r.blocked_by_veto.estimate,
                    assembly_adoption: r.assembly_adoption.estimate,
                    mean_yes: r.mean_yes,
                    exact: r.exact,
                })
                .collect()
        })
        .collect();
    (cells, differences)
}

/// Every pair of rules: the difference of their expected numbers adopted, from each draft's
/// cells. Exact cells add no error; sampled seatings of the two rules are drawn apart, so
/// their errors add in quadrature.
fn exact_differences(scenario: &Scenario, cells: &[Vec<RuleCell>]) -> Vec<TotalDifference> {
    let k = scenario.rules.len();
    let mut out = Vec::new();
    for a in 0..k {
        for b in a + 1..k {
            let (mut d, mut v) = (0.0, 0.0);
            for row in cells {
                let (x, y) = (&row[a].adoption, &row[b].adoption);
                d += x.estimate - y.estimate;
                v += x.std_error.powi(2) + y.std_error.powi(2);
            }
            out.push(TotalDifference {
                a: scenario.rules[a].name.clone(),
                b: scenario.rules[b].name.clone(),
                difference: d,
                std_error: v.sqrt(),
            });
        }
    }
    out
}

/// The refugee-flow estimate a scenario with `flows: true` adds to its run: the scenario's
/// conflicts (every conflict the record links drafts to, unless a sweep chose some), rules
/// (with `present`, whose outcome the record is), trials, seed, window, model parameters and
/// flow priors.
///
/// # Errors
/// As [`crate::flows::run::estimate`].
pub fn flows(
    scenario: &Scenario,
    world: &World,
    progress: &(dyn Fn(crate::flows::run::Step) + Sync),
) -> Result<crate::flows::run::FlowsReport> {
    let options = crate::flows::run::FlowsOptions {
        conflicts: scenario.conflicts.clone(),
        rules: scenario.rules.clone(),
        trials: scenario.trials.min(crate::flows::run::MAX_TRIALS),
        vote_trials: crate::replay::DEFAULT_TRIALS,
        seed: scenario.seed,
        // The record's drafts span eight decades: each is voted on with the alignment of its
        // own time, as `flows`, `replay` and `calibrate votes` do, so the history section and
        // `veto-sim flows` give the same draft the same probability. The scenario's window
        // is for its own drafts (the today section).
        window: "era".to_string(),
        by_year: false,
        model: scenario.model.clone(),
        priors: scenario.flow_priors.clone(),
        hypothetical: None,
    };
    crate::flows::run::estimate(world, &options, progress)
}
