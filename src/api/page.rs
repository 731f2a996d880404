//! Everything one report page shows (`veto-sim report`), computed by the other front-door
//! functions on one scenario's rules and seed: today's Council ([`super::run`]), the replay
//! of the record ([`super::replay`]), the refugees averted ([`super::flows`]), exact power
//! ([`super::power`]) and a distribution plan ([`super::distribute`]), with a summary per
//! rule whose every figure is copied from those reports.

use serde::Serialize;

use super::{
    Amount, DistributeOptions, DistributeReport, FlowsOptions, GamePower, PowerOptions, Progress,
    ReplayOptions, RunOptions, distribute, flows, power, priors_from, replay, rules_from_list, run,
};
use crate::error::{Error, Result};
use crate::flows::estimator::Summary;
use crate::flows::keys::Key;
use crate::flows::run::FlowsReport;
use crate::replay::{ReplayConfig, ReplayReport};
use crate::scenario::{self, RunReport, Scenario};
use crate::vote::params::{DEFAULT_FILE, DEFAULT_YAML};
use crate::world::{DraftFilter, Provenance, WindowChoice, World};

/// Flow trials per conflict and rule of a page, unless asked otherwise: enough for means and
/// 90% intervals to two significant figures, and a page within seconds.
pub const PAGE_TRIALS: u64 = 2_000;
/// Simulated votes (seatings where seats are drawn) per modelled draft and rule of a page.
pub const PAGE_VOTE_TRIALS: u64 = 500;

/// What a page shows, by the names a front end takes.
#[derive(Debug, Clone, Copy)]
pub struct PageRequest<'a> {
    /// A scenario file or a shipped scenario's name; the default scenario when absent.
    pub scenario: Option<&'a str>,
    /// Comma-separated catalog names and rule files replacing the scenario's rules.
    pub reforms: Option<&'a str>,
    /// The conflict charted by year and shared out; the one with the most refugees averted
    /// when absent.
    pub conflict: Option<&'a str>,
    /// The distribution key of the plan.
    pub key: Key,
    /// Flow trials per conflict and rule.
    pub trials: u64,
    /// Simulated votes per modelled draft and rule (replay and refugees).
    pub vote_trials: u64,
    /// The master seed instead of the scenario's.
    pub seed: Option<u64>,
    /// The text of the data folder's README (its table of sources, versions and licences).
    pub data_readme: &'a str,
    /// Worker threads.
    pub threads: Option<usize>,
}

/// The options of [`report_page`].
#[derive(Debug, Clone)]
pub struct PageOptions {
    /// Today's Council on the scenario's drafts (adoption only).
    pub run: RunOptions,
    /// The refugees averted on the record, by conflict and year.
    pub flows: FlowsOptions,
    /// The record replayed under the scenario's rules.
    pub replay: ReplayOptions,
    /// The conflict of the chart and the plan, if named.
    pub conflict: Option<String>,
    /// The distribution key.
    pub key: Key,
    /// The page's sources table, from the data folder's README.
    pub data_sources: Vec<DataSource>,
    /// The command that makes the same page.
    pub command: String,
}

/// One row of the data folder's table of sources.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DataSource {
    /// The raw file(s).
    pub file: String,
    /// Its version.
    pub version: String,
    /// Its licence.
    pub licence: String,
}

impl PageRequest<'_> {
    /// The options of [`report_page`].
    ///
    /// # Errors
    /// A bad scenario, reform or count (exit code 2); a scenario without drafts for today.
    pub fn options(&self, world: &World) -> Result<PageOptions> {
        let mut scenario: Scenario =
            scenario::load(self.scenario.unwrap_or(scenario::DEFAULT), world)?;
        if let Some(list) = self.reforms {
            scenario.rules = rules_from_list(list, world)?;
        }
        if let Some(seed) = self.seed {
            scenario.seed = seed;
        }
        super::check_flow_trials(self.trials, self.vote_trials)?;
        super::check_replay_trials(self.vote_trials)?;
        if !scenario.today || scenario.drafts.is_empty() {
            return Err(Error::Usage(format!(
                "scenario `{}` has no drafts before today's Council (`sections: [today, ...]`), which the page summarises",
                scenario.name
            )));
        }
        crate::flows::require_tables(world)?;
        let params_source = if scenario.model == crate::vote::ModelParams::embedded()? {
            DEFAULT_FILE.to_string()
        } else {
            format!("{DEFAULT_FILE} with the overrides of {}", scenario.file)
        };
        let replay = ReplayConfig {
            reforms: scenario.rules.clone(),
            filter: DraftFilter::default(),
            trials: self.vote_trials,
            seed: scenario.seed,
            params: scenario.model.clone(),
            params_source,
            window: WindowChoice::parse("era", world)?,
        };
        // As the run's history section, with the years of every conflict kept.
        let flows = crate::flows::run::FlowsOptions {
            conflicts: scenario.conflicts.clone(),
            rules: scenario.rules.clone(),
            trials: self.trials,
            vote_trials: self.vote_trials,
            seed: scenario.seed,
            window: "era".to_string(),
            by_year: true,
            model: scenario.model.clone(),
            priors: scenario.flow_priors.clone(),
            hypothetical: None,
        };
        let command = self.command(&scenario);
        Ok(PageOptions {
            run: RunOptions {
                scenario,
                method: scenario::Method::DEFAULT,
                flows: false,
                threads: self.threads,
            },
            flows: FlowsOptions {
                flows,
                threads: self.threads,
            },
            replay: ReplayOptions {
                config: replay,
                threads: self.threads,
            },
            conflict: self.conflict.map(str::to_string),
            key: self.key,
            data_sources: data_sources(self.data_readme),
            command,
        })
    }

    /// `veto-sim report ...` with every value the page depends on.
    fn command(&self, scenario: &Scenario) -> String {
        let mut c = String::from("veto-sim report");
        if let Some(s) = self.scenario {
            c.push_str(&format!(" {s}"));
        }
        let rules: Vec<&str> = scenario.rules.iter().map(|r| r.name.as_str()).collect();
        c.push_str(&format!(" --reforms {}", rules.join(",")));
        if let Some(id) = self.conflict {
            c.push_str(&format!(" --conflict {id}"));
        }
        let key = clap::ValueEnum::to_possible_value(&self.key)
            .map_or(String::new(), |v| v.get_name().to_string());
        c.push_str(&format!(
            " --key {key} --trials {} --vote-trials {} --seed {}",
            self.trials, self.vote_trials, scenario.seed
        ));
        c
    }
}

/// The rows of the table under `## Sources, versions and licences` in a data README.
fn data_sources(readme: &str) -> Vec<DataSource> {
    let mut rows = Vec::new();
    let mut inside = false;
    for line in readme.lines() {
        if line.starts_with("## ") {
            inside = line.trim() == "## Sources, versions and licences";
            continue;
        }
        let cells: Vec<&str> = line.trim().trim_matches('|').split('|').collect();
        if !inside || !line.starts_with('|') || cells.len() != 3 {
            continue;
        }
        let cell = |i: usize| cells[i].trim().to_string();
        if cell(0) == "raw file(s)" || cell(0).starts_with("---") {
            continue;
        }
        rows.push(DataSource {
            file: cell(0),
            version: cell(1),
            licence: cell(2),
        });
    }
    rows
}

/// The embedded data folder's README, whose sources a page of the embedded world lists.
pub const EMBEDDED_README: &str = include_str!("../../data/README.md");

/// How a page was made.
#[derive(Debug, Clone, Serialize)]
pub struct PageMeta {
    /// Tool, version and world hash.
    #[serde(flatten)]
    pub provenance: Provenance,
    /// The master seed of every part.
    pub seed: u64,
    /// Flow trials per conflict and rule.
    pub trials: u64,
    /// Simulated votes per modelled draft and rule.
    pub vote_trials: u64,
    /// The scenario's name.
    pub scenario: String,
    /// What the scenario is about.
    pub description: String,
    /// The command that makes the same page.
    pub command: String,
}

/// One rule's figures at the top of a page, each copied from the part that explains it.
#[derive(Debug, Clone, Serialize)]
pub struct RuleSummary {
    /// The rule.
    pub rule: String,
    /// The record's drafts (replay).
    pub record_drafts: usize,
    /// Adopted on the recorded votes (replay).
    pub record_adopted: usize,
    /// Expected adopted among the drafts the vote model decides (replay).
    pub record_modelled_expected: f64,
    /// Drafts the record leaves open under the rule (replay).
    pub record_unknown: usize,
    /// Today's drafts.
    pub today_drafts: usize,
    /// Expected number of today's drafts adopted before today's Council (run).
    pub today_expected: f64,
    /// Its 90% predictive interval (run).
    pub today_interval90: [usize; 2],
    /// Refugees averted on the record: mean, 90% interval and P(averted > 0) (flows).
    pub refugees_averted: Summary,
    /// Of which in Europe (flows).
    pub europe_averted: Summary,
}

/// A draft of today's section as the record describes it (a draft of a scenario file: its
/// notes stand for the title).
#[derive(Debug, Clone, Serialize)]
pub struct DraftInfo {
    /// Symbol or the file's id.
    pub id: String,
    /// Date (`YYYY-MM-DD`), or the year of a draft without one.
    pub date: String,
    /// Title.
    pub title: String,
    /// The permanent members who vetoed it.
    pub vetoed_by: Vec<String>,
    /// Where its vote and its annotation (kind, sponsors, targets) come from.
    pub sources: Vec<String>,
}

impl DraftInfo {
    fn of(world: &World, spec: &crate::vote::DraftSpec) -> DraftInfo {
        match world.draft(&spec.id) {
            Some(d) => DraftInfo {
                id: d.id.clone(),
                date: d.date.clone(),
                title: d.title.clone(),
                vetoed_by: d.vetoed_by.clone(),
                sources: [Some(&d.source), d.annotation.as_ref().map(|a| &a.source)]
                    .into_iter()
                    .flatten()
                    .filter(|s| !s.is_empty())
                    .cloned()
                    .collect(),
            },
            None => DraftInfo {
                id: spec.id.clone(),
                date: spec.year.to_string(),
                title: spec.notes.join("; "),
                vetoed_by: Vec::new(),
                sources: Vec::new(),
            },
        }
    }
}

/// Everything one page shows.
#[derive(Debug, Clone)]
pub struct ReportPage {
    /// How it was made.
    pub meta: PageMeta,
    /// Per rule, the figures at the top.
    pub summary: Vec<RuleSummary>,
    /// Today's Council on the scenario's drafts.
    pub today: RunReport,
    /// The record's drafts replayed.
    pub replay: ReplayReport,
    /// The refugees averted by conflict and year.
    pub history: FlowsReport,
    /// Exact a-priori power of each rule.
    pub power: Vec<GamePower>,
    /// Today's drafts as the record describes them, in the run's order.
    pub drafts: Vec<DraftInfo>,
    /// The conflict charted by year and shared out.
    pub conflict: String,
    /// Its refugees shared out by the key.
    pub distribution: DistributeReport,
    /// The vote model file's own account of itself (fit, forecast scores, baselines).
    pub model_notes: Vec<String>,
    /// The world's sources, versions and licences.
    pub data_sources: Vec<DataSource>,
}

/// Computes every part of a page.
///
/// # Errors
/// As each part's function; an unknown conflict.
pub fn report_page(
    world: &World,
    options: &PageOptions,
    progress: &dyn Progress,
) -> Result<ReportPage> {
    let today = run(world, &options.run, progress)?;
    let replayed = replay(world, &options.replay)?;
    let history = flows(world, &options.flows, progress)?;
    let scenario = &options.run.scenario;
    let rules = &scenario.rules;
    let power = rules
        .iter()
        .map(|rule| {
            power(
                world,
                &PowerOptions {
                    game: super::Game::Rule(Box::new(rule.clone())),
                    name: rule.name.clone(),
                },
            )
        })
        .collect::<Result<Vec<_>>>()?;
    let conflict = match &options.conflict {
        Some(id) => {
            if !history.conflicts.iter().any(|c| &c.conflict == id) {
                let ids: Vec<&str> = history
                    .conflicts
                    .iter()
                    .map(|c| c.conflict.as_str())
                    .collect();
                return Err(Error::Usage(format!(
                    "--conflict `{id}` is not among the conflicts the page estimates ({}){}",
                    ids.join(", "),
                    crate::error::did_you_mean(id, ids.iter().copied())
                )));
            }
            id.clone()
        }
        None => most_averted(&history)?,
    };
    let distribution = distribute(
        world,
        &DistributeOptions {
            key: options.key,
            amount: Amount::Conflict {
                id: conflict.clone(),
                averted: None,
            },
            priors: priors_from(None, world)?,
            trials: None,
            seed: None,
            threads: None,
        },
    )?;
    let summary = summary(&today, &replayed, &history)?;
    Ok(ReportPage {
        meta: PageMeta {
            provenance: Provenance::of(world),
            seed: scenario.seed,
            trials: options.flows.flows.trials,
            vote_trials: options.flows.flows.vote_trials,
            scenario: scenario.name.clone(),
            description: scenario.description.clone(),
            command: options.command.clone(),
        },
        summary,
        drafts: (scenario.drafts.iter())
            .map(|d| DraftInfo::of(world, d))
            .collect(),
        today,
        replay: replayed,
        history,
        power,
        conflict,
        distribution,
        model_notes: model_notes(DEFAULT_YAML),
        data_sources: options.data_sources.clone(),
    })
}

/// The conflict with the most refugees averted under any rule.
fn most_averted(history: &FlowsReport) -> Result<String> {
    let most = |c: &crate::flows::run::ConflictFlow| {
        c.rules
            .iter()
            .map(|r| r.refugees.mean)
            .fold(0.0_f64, f64::max)
    };
    history
        .conflicts
        .iter()
        .max_by(|a, b| most(a).total_cmp(&most(b)))
        .map(|c| c.conflict.clone())
        .ok_or_else(|| Error::Usage("the page's refugee estimate covers no conflict".into()))
}

/// The summary rows: the three reports' figures for each rule, matched by name.
fn summary(
    today: &RunReport,
    replayed: &ReplayReport,
    history: &FlowsReport,
) -> Result<Vec<RuleSummary>> {
    let missing = |part: &str, rule: &str| {
        Error::Runtime(format!("the {part} has no figures for the rule `{rule}`"))
    };
    today
        .totals
        .iter()
        .map(|t| {
            let record = (replayed.totals.rules.iter())
                .find(|c| c.rule == t.rule)
                .ok_or_else(|| missing("replay", &t.rule))?;
            let flow = (history.totals.iter())
                .find(|f| f.rule == t.rule)
                .ok_or_else(|| missing("refugee estimate", &t.rule))?;
            Ok(RuleSummary {
                rule: t.rule.clone(),
                record_drafts: replayed.totals.drafts,
                record_adopted: record.recorded_adopted,
                record_modelled_expected: record.modelled_expected,
                record_unknown: record.unknown,
                today_drafts: t.drafts,
                today_expected: t.expected_adopted,
                today_interval90: t.interval90,
                refugees_averted: flow.refugees,
                europe_averted: flow.europe,
            })
        })
        .collect()
}

/// The leading comment block of a vote-model file, without its `#`.
fn model_notes(yaml: &str) -> Vec<String> {
    yaml.lines()
        .take_while(|l| l.starts_with('#'))
        .map(|l| l.trim_start_matches('#').trim_end().to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_readme_lists_its_sources() {
        let rows = data_sources(EMBEDDED_README);
        assert!(rows.len() >= 5, "{rows:?}");
        assert!(rows.iter().all(|r| !r.licence.is_empty()));
        assert!(rows.iter().any(|r| r.file.contains("unsc")));
    }

    #[test]
    fn model_notes_keep_the_forecast_scores() {
        let notes = model_notes(DEFAULT_YAML);
        assert!(
            notes.iter().any(|l| l.contains("best baseline")),
            "{notes:?}"
        );
        assert!(notes.iter().all(|l| !l.starts_with('#')));
    }
}
