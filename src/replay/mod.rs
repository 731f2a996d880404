//! The historical record replayed under each reform.
//!
//! Every vetoed draft since 1946 and every failed draft in the world's record is judged under
//! each requested rule. A judgement is one of three kinds, never mixed:
//!
//! * **recorded** — decided by the recorded vote alone ([`record`]): the rule's quota and veto
//!   applied to the votes the members actually cast, where the outcome is the same whatever the
//!   votes the record lacks. A veto is recorded only where the draft otherwise had the
//!   Charter's majority (9 of 15 since 1966, 7 of 11 before), so a vetoed draft without a tally
//!   still had at least that many yes votes and no negative vote of a permanent member other
//!   than its recorded vetoes: under `abolish-veto` (quota 9) such a draft of the Council of 15
//!   is adopted on the record, and under `two-negatives` when one member vetoed it; a rule
//!   asking for more (`qualified-10`) is not decided by that floor;
//! * **modelled** — where the record does not decide (an enlarged Council's new seats, an
//!   Assembly override, votes missing from the tally, restraint whose compliance is uncertain)
//!   and the world has the year's Council (1990 on): a probability with its interval from the
//!   vote model, conditional on the recorded votes ([`model`]);
//! * **unknown** — where the record does not decide and the draft is older than the world's
//!   Council membership (before 1990): the replay says so rather than guess.
//!
//! [`replay`] returns every judgement and summaries by decade, vetoing member, topic and kind
//! of action; the command line renders them (`veto-sim replay`).
//!
//! ```
//! use veto_sim::replay::{ReplayConfig, Judgement, replay};
//! use veto_sim::rules::catalog;
//! use veto_sim::world::World;
//!
//! let world = World::embedded().unwrap();
//! let codes = world.state_codes();
//! let config = ReplayConfig {
//!     reforms: vec![catalog::reform("abolish-veto", &codes).unwrap()],
//!     ..ReplayConfig::new(veto_sim::vote::ModelParams::embedded().unwrap())
//! };
//! let report = replay(world, &config).unwrap();
//! let d = report.drafts.iter().find(|d| d.id == "S/2011/612").unwrap();
//! assert!(matches!(d.cells[0].judgement, Judgement::Recorded { adopted: true, .. }));
//! ```

pub mod decide;
pub mod model;
pub mod record;

use std::collections::BTreeMap;

use serde::Serialize;

pub use decide::{Decision, Judgement, decide, first_council_year, is_atrocity};
pub use record::{RecordedCouncil, Verdict, judge};

use crate::engine::{NODES, poisson_binomial, quantile};
use crate::error::{Error, Result};
use crate::rules::Rule;
use crate::vote::ModelParams;
use crate::world::councils::{LAST_YEAR_OF_ELEVEN, P5};
use crate::world::{ActionKind, Draft, DraftFilter, Outcome, TallyStatus, WindowChoice, World};

/// What to replay.
#[derive(Debug, Clone, PartialEq)]
pub struct ReplayConfig {
    /// The rules, in output order.
    pub reforms: Vec<Rule>,
    /// Which drafts.
    pub filter: DraftFilter,
    /// Monte Carlo trials per modelled cell.
    pub trials: u64,
    /// The master seed.
    pub seed: u64,
    /// The vote model's parameters.
    pub params: ModelParams,
    /// Where the parameters come from (a file name).
    pub params_source: String,
    /// Where the vote model's alignment weights come from (by default each draft's own era,
    /// as in the fit of `veto-sim calibrate votes`).
    pub window: WindowChoice,
}

/// Default trials per modelled cell.
pub const DEFAULT_TRIALS: u64 = 20_000;
/// Default master seed: 1, as in every other command.
pub const DEFAULT_SEED: u64 = 1;

impl ReplayConfig {
    /// No reforms, every draft, the default trials, seed and window, and `params`.
    pub fn new(params: ModelParams) -> ReplayConfig {
        ReplayConfig {
            reforms: Vec::new(),
            filter: DraftFilter::default(),
            trials: DEFAULT_TRIALS,
            seed: DEFAULT_SEED,
            params,
            params_source: crate::vote::params::DEFAULT_FILE.to_string(),
            window: WindowChoice::Era,
        }
    }
}

/// One rule's judgement of one draft.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cell {
    /// The rule.
    pub rule: String,
    /// The judgement.
    #[serde(flatten)]
    pub judgement: Judgement,
}

/// One draft, replayed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DraftReplay {
    /// The draft's id.
    pub id: String,
    /// Its date.
    pub date: String,
    /// Its year.
    pub year: i32,
    /// Vetoed or failed.
    pub outcome: Outcome,
    /// The vetoing members.
    pub vetoed_by: Vec<String>,
    /// Its topic.
    pub topic: String,
    /// The kind of action (`None`: not annotated).
    pub kind: Option<ActionKind>,
    /// Whether it is annotated as addressing mass atrocities.
    pub atrocity: bool,
    /// How much of the vote is recorded.
    pub tally: TallyStatus,
    /// Recorded yes, no, abstain counts.
    pub counts: [Option<u32>; 3],
    /// Seats of the Council that voted, and how many of their votes the record gives.
    pub seats: usize,
    /// Seats whose vote the record does not give.
    pub votes_unknown: usize,
    /// One judgement per rule, in the config's order.
    pub cells: Vec<Cell>,
}

/// One rule's count over a group of drafts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleCount {
    /// The rule.
    pub rule: String,
    /// Drafts the record shows adopted under the rule.
    pub recorded_adopted: usize,
    /// Drafts the record shows not adopted under the rule.
    pub recorded_not_adopted: usize,
    /// Drafts whose outcome is modelled.
    pub modelled: usize,
    /// Expected number of the modelled drafts adopted (sum of their probabilities).
    pub modelled_expected: f64,
    /// 90% interval of the number of modelled drafts adopted (5% and 95% quantiles of the
    /// Poisson-binomial distribution of independent drafts).
    pub modelled_interval90: [usize; 2],
    /// Drafts neither decided by the record nor modelled.
    pub unknown: usize,
    /// The drafts adopted on the record.
    pub adopted: Vec<String>,
}

/// The counts of a group of drafts, per rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupSummary {
    /// The group (`all`, a decade, a member, a topic, a kind).
    pub group: String,
    /// Drafts in the group.
    pub drafts: usize,
    /// Per rule, in the config's order.
    pub rules: Vec<RuleCount>,
}

/// Summaries by group.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summaries {
    /// By decade of the vote.
    pub decade: Vec<GroupSummary>,
    /// By vetoing member (a draft vetoed by two members counts under each; failed drafts
    /// under `none (failed)`).
    pub vetoer: Vec<GroupSummary>,
    /// By topic.
    pub topic: Vec<GroupSummary>,
    /// By kind of action (`not annotated` for drafts without curated facts).
    pub kind: Vec<GroupSummary>,
}

/// What a replay records about itself.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReplayMeta {
    /// The tool, its version and the world.
    #[serde(flatten)]
    pub provenance: crate::world::Provenance,
    /// The master seed.
    pub seed: u64,
    /// Trials per modelled cell.
    pub trials: u64,
    /// Gauss–Hermite nodes of the shock's posterior.
    pub nodes: usize,
}

/// The resolved configuration.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReplayConfigRecord {
    /// The rules judged.
    pub reforms: Vec<Rule>,
    /// The selection.
    pub filter: DraftFilter,
    /// The selection in words.
    pub selection: String,
    /// The alignment windows, in words.
    pub window: String,
    /// The model parameters.
    pub model: ModelParams,
    /// Where they come from.
    pub model_source: String,
}

/// The result of a replay.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReplayReport {
    /// How to reproduce it.
    pub meta: ReplayMeta,
    /// What was replayed.
    pub config: ReplayConfigRecord,
    /// How drafts are judged, in words.
    pub notes: Vec<String>,
    /// Every rule over all the selected drafts.
    pub totals: GroupSummary,
    /// The same by group.
    pub summaries: Summaries,
    /// Every selected draft.
    pub drafts: Vec<DraftReplay>,
}

/// Replays the selected drafts under the config's rules.
///
/// # Complexity
/// O(drafts · rules · seats) for the recorded judgements, plus O(trials · seats) per modelled
/// cell (O(trials · states) where the Assembly votes), spread over the rayon pool.
///
/// # Errors
/// No rule given, an unknown alignment window, or a rule that cannot be seated on a year's
/// Council.
pub fn replay(world: &World, config: &ReplayConfig) -> Result<ReplayReport> {
    if config.reforms.is_empty() {
        return Err(Error::Usage(
            "no reform to replay under: name at least one".into(),
        ));
    }
    if config.trials == 0 {
        return Err(Error::Usage("--trials must be at least 1".into()));
    }
    let first_year = first_council_year(world);
    // Records flagged unresolved are left out: what was voted on is not known.
    let selected: Vec<(usize, &Draft)> = world
        .drafts
        .iter()
        .enumerate()
        .filter(|(_, d)| config.filter.matches(d) && !d.unresolved())
        .collect();
    let unresolved: Vec<String> = world
        .drafts
        .iter()
        .filter(|d| config.filter.matches(d) && d.unresolved())
        .map(|d| d.id.clone())
        .collect();

    // Every cell through the one decision of adoption.
    let indices: Vec<usize> = selected.iter().map(|(i, _)| *i).collect();
    let judgements = decide(
        world,
        &indices,
        &config.reforms,
        &Decision {
            params: &config.params,
            window: &config.window,
            trials: config.trials,
            seed: config.seed,
        },
        &|_| (),
    )?;
    let rows: Vec<(&Draft, RecordedCouncil, Vec<Judgement>)> = selected
        .iter()
        .zip(judgements)
        .map(|(&(_, d), cells)| (d, RecordedCouncil::from_draft(world, d), cells))
        .collect();

    let drafts: Vec<DraftReplay> = rows
        .into_iter()
        .map(|(d, rec, cells)| DraftReplay {
            id: d.id.clone(),
            date: d.date.clone(),
            year: d.year,
            outcome: d.outcome,
            vetoed_by: d.vetoed_by.clone(),
            topic: d.topic.clone(),
            kind: d.annotation.as_ref().map(|a| a.kind),
            atrocity: is_atrocity(d),
            tally: d.tally,
            counts: [d.n_yes, d.n_no, d.n_abstain],
            seats: rec.size(),
            votes_unknown: rec.unknown_votes(),
            cells: config
                .reforms
                .iter()
                .zip(cells)
                .map(|(rule, c)| Cell {
                    rule: rule.name.clone(),
                    judgement: c,
                })
                .collect(),
        })
        .collect();

    let rule_names: Vec<String> = config.reforms.iter().map(|r| r.name.clone()).collect();
    let all: Vec<&DraftReplay> = drafts.iter().collect();
    let totals = summarize("all", &all, &rule_names);
    let summaries = Summaries {
        decade: group_by(&drafts, &rule_names, |d| {
            vec![format!("{}s", d.year.div_euclid(10) * 10)]
        }),
        vetoer: {
            let mut groups = group_by(&drafts, &rule_names, |d| {
                if d.vetoed_by.is_empty() {
                    vec!["none (failed)".to_string()]
                } else {
                    d.vetoed_by.clone()
                }
            });
            let order = |g: &str| P5.iter().position(|c| *c == g).unwrap_or(P5.len());
            groups.sort_by(|a, b| (order(&a.group), &a.group).cmp(&(order(&b.group), &b.group)));
            groups
        },
        topic: {
            let mut groups = group_by(&drafts, &rule_names, |d| {
                vec![if d.topic.trim().is_empty() {
                    "(no topic)".to_string()
                } else {
                    d.topic.clone()
                }]
            });
            groups.sort_by(|a, b| b.drafts.cmp(&a.drafts).then(a.group.cmp(&b.group)));
            groups
        },
        kind: {
            let mut groups = group_by(&drafts, &rule_names, |d| {
                vec![
                    d.kind
                        .map_or("not annotated".to_string(), |k| k.to_string()),
                ]
            });
            let order = |g: &str| {
                ActionKind::ALL
                    .iter()
                    .position(|k| k.as_str() == g)
                    .unwrap_or(ActionKind::ALL.len())
            };
            groups.sort_by_key(|g| order(&g.group));
            groups
        },
    };
    let mut notes = notes(world, config, &drafts, first_year);
    if !unresolved.is_empty() {
        notes.push(format!(
            "left out: {} record(s) flagged `unresolved`, raw-data rows whose vote is not identified ({})",
            unresolved.len(),
            unresolved.join(", ")
        ));
    }
    Ok(ReplayReport {
        meta: ReplayMeta {
            provenance: crate::world::Provenance::of(world),
            seed: config.seed,
            trials: config.trials,
            nodes: NODES,
        },
        config: ReplayConfigRecord {
            reforms: config.reforms.clone(),
            filter: config.filter.clone(),
            selection: config.filter.describe(),
            window: config.window.describe(),
            model: config.params.clone(),
            model_source: config.params_source.clone(),
        },
        notes,
        totals,
        summaries,
        drafts,
    })
}

/// Groups drafts by the keys `keys` gives each (a draft may fall in several groups), in the
/// order of the keys (sorted).
fn group_by(
    drafts: &[DraftReplay],
    rules: &[String],
    keys: impl Fn(&DraftReplay) -> Vec<String>,
) -> Vec<GroupSummary> {
    let mut groups: BTreeMap<String, Vec<&DraftReplay>> = BTreeMap::new();
    for d in drafts {
        for k in keys(d) {
            groups.entry(k).or_default().push(d);
        }
    }
    groups
        .into_iter()
        .map(|(k, ds)| summarize(&k, &ds, rules))
        .collect()
}

/// Counts a group of drafts per rule.
fn summarize(group: &str, drafts: &[&DraftReplay], rules: &[String]) -> GroupSummary {
    let rules = rules
        .iter()
        .enumerate()
        .map(|(r, name)| {
            let mut c = RuleCount {
                rule: name.clone(),
                recorded_adopted: 0,
                recorded_not_adopted: 0,
                modelled: 0,
                modelled_expected: 0.0,
                modelled_interval90: [0, 0],
                unknown: 0,
                adopted: Vec::new(),
            };
            let mut p = Vec::new();
            for d in drafts {
                match &d.cells[r].judgement {
                    Judgement::Recorded { adopted: true, .. } => {
                        c.recorded_adopted += 1;
                        c.adopted.push(d.id.clone());
                    }
                    Judgement::Recorded { adopted: false, .. } => c.recorded_not_adopted += 1,
                    Judgement::Modelled { adoption, .. } => {
                        c.modelled += 1;
                        p.push(adoption.estimate);
                    }
                    Judgement::Unknown { .. } => c.unknown += 1,
                }
            }
            // A fold from +0.0: an empty sum of floats is -0.0.
            c.modelled_expected = p.iter().fold(0.0, |a, b| a + b);
            let dist = poisson_binomial(&p);
            c.modelled_interval90 = [quantile(&dist, 0.05), quantile(&dist, 0.95)];
            c
        })
        .collect();
    GroupSummary {
        group: group.to_string(),
        drafts: drafts.len(),
        rules,
    }
}

/// How the drafts were judged, in words, with the counts that matter for this selection.
fn notes(
    world: &World,
    config: &ReplayConfig,
    drafts: &[DraftReplay],
    first_year: i32,
) -> Vec<String> {
    let old = drafts.iter().filter(|d| d.year < first_year).count();
    let old_none = drafts
        .iter()
        .filter(|d| d.year < first_year && d.tally == TallyStatus::None)
        .count();
    let eleven = drafts
        .iter()
        .filter(|d| d.year <= LAST_YEAR_OF_ELEVEN)
        .count();
    let last_year = world.councils.last().map_or(first_year, |c| c.year);
    vec![
        "recorded: decided by the recorded vote alone - the rule's quota and veto applied to the votes the members cast (every member's vote where the tally lists it, the counts where only counts are known, the vetoing members' negative votes where nothing else is) - and only where the outcome is the same whatever the votes the record lacks (seats not on the Council that voted, members whose vote is not listed). A veto is recorded only where the draft otherwise had the Charter's majority (9 of 15; 7 of the Council of 11), so a vetoed draft without a tally had at least that many yes votes and no permanent member voted no but those recorded as vetoing. Votes are taken as sincere: a member votes under a reform as it voted.".to_string(),
        format!(
            "modelled: where the record does not decide and the world has the year's Council ({first_year}-{last_year}): the probability of adoption from the vote model ({}, alignment: {}), conditional on the recorded votes - recorded members keep their votes, the draft's shock is drawn from its posterior given them, and only the missing votes are simulated ({} trials per draft and rule, Wilson 95% interval). Enlarged Councils' new seats, an Assembly override and missing tallies are modelled this way; a retained veto that the record shows cast still blocks on the record.",
            config.params_source,
            config.window.describe(),
            config.trials
        ),
        format!(
            "unknown: {old} selected draft(s) predate {first_year}, the first year of Council membership in the world; where their record does not decide, the outcome is left unknown, not guessed. {old_none} of them have no recorded tally: only their vetoing members' negative votes and, for a vetoed draft, the majority a veto presupposes are known, which decides the rules under which those vetoes still block and, for drafts of the Council of 15, the rules that need no more than that majority and that no recorded veto blocks."
        ),
        format!(
            "{eleven} selected draft(s) were voted by the Council of 11 (before 1966): under 15-seat rules their 11 members keep their votes and the four added seats are votes the record lacks; under council-1945 they are judged as cast."
        ),
        "absent members count as neither yes nor no; restraint applies only to drafts annotated as addressing mass atrocities, where a pledged member's no becomes an abstention with the rule's compliance.".to_string(),
    ]
}
