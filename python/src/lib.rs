//! The Python extension `veto_sim._veto_sim`: each command that produces a result, called
//! through the library's front door ([`veto_sim::api`]) with the options the command line
//! would build from the same flags, and returned as a [`Report`] that renders exactly what
//! `veto-sim` prints. The package `veto_sim` (python/veto_sim) wraps these functions with
//! keyword arguments, DataFrames and progress bars; this crate converts and computes nothing.

mod call;
mod errors;
mod inputs;

use std::path::PathBuf;

use clap::ValueEnum;
use pyo3::prelude::*;
use veto_sim::api::{self, CompareOptions, PowerOptions};
use veto_sim::error::{Error, Result};
use veto_sim::flows::keys::Key;
use veto_sim::report::{Format, Render, RenderOptions};
use veto_sim::world::{FilterArgs, World};

use inputs::Source;

/// A command's result, rendered on demand in any of the command line's formats.
#[pyclass(frozen, module = "veto_sim._veto_sim")]
struct Report {
    inner: Box<dyn Render + Send + Sync>,
}

#[pymethods]
impl Report {
    /// The report as `veto-sim --format FORMAT` prints it (`table`, `csv`, `json`,
    /// `markdown`), with a replay's sections (`by`) or a flows estimate's per-conflict tables
    /// (`detailed`).
    #[pyo3(signature = (format, sections=None, detailed=false))]
    fn render(
        &self,
        py: Python<'_>,
        format: &str,
        sections: Option<Vec<String>>,
        detailed: bool,
    ) -> PyResult<String> {
        let options = RenderOptions { sections, detailed };
        let rendered = Format::from_str(format, true)
            .map_err(|_| {
                Error::Usage(format!(
                    "format must be one of table, csv, json, markdown, got `{format}`"
                ))
            })
            .and_then(|format| self.inner.render(format, &options));
        rendered.map_err(|e| errors::to_py(py, &e))
    }
}

fn report(inner: impl Render + Send + Sync + 'static) -> Report {
    Report {
        inner: Box::new(inner),
    }
}

/// The world of `--data`, or the embedded one.
fn world(data: Option<&PathBuf>) -> Result<std::borrow::Cow<'static, World>> {
    api::load_world(data.map(PathBuf::as_path))
}

#[pyfunction]
#[pyo3(signature = (reform, rules, weights, data))]
fn power(
    py: Python<'_>,
    reform: Option<String>,
    rules: Option<Source>,
    weights: Option<Source>,
    data: Option<PathBuf>,
) -> PyResult<Report> {
    call::run(py, "power", None, move |_| {
        let world = world(data.as_ref())?;
        let options = match (&weights, &rules) {
            (Some(Source::Text { text, label }), _) => PowerOptions {
                game: api::Game::Weighted(veto_sim::power::parse_weights_file(text, label)?),
                name: label.clone(),
            },
            (None, Some(Source::Text { text, label })) => PowerOptions {
                game: api::Game::Rule(Box::new(veto_sim::rules::yaml::parse_rule(
                    text,
                    label,
                    &world.state_codes(),
                )?)),
                name: label.clone(),
            },
            _ => PowerOptions::from_names(
                &world,
                reform.as_deref(),
                rules
                    .as_ref()
                    .and_then(Source::name)
                    .map(std::path::Path::new),
                weights
                    .as_ref()
                    .and_then(Source::name)
                    .map(std::path::Path::new),
            )?,
        };
        Ok(report(api::power(&world, &options)?))
    })
}

/// The rules of `compare` and `flows` (`--reforms A,B,C`: names and rule files).
fn listed_rules(sources: &[Source], world: &World) -> Result<Vec<veto_sim::rules::Rule>> {
    if let Some(names) = inputs::all_names(sources) {
        return api::rules_from_list(&names.join(","), world);
    }
    let rules = inputs::rules(
        sources,
        world,
        |list| api::rules_from_list(list, world),
        |name| format!("rule `{name}` is given twice"),
    )?;
    if rules.is_empty() {
        return Err(Error::Usage("--reforms names no rule".into()));
    }
    Ok(rules)
}

#[pyfunction]
#[pyo3(signature = (draft, reforms, council, trials, seed, se, model, window, threads, data, progress))]
#[allow(clippy::too_many_arguments)]
fn compare(
    py: Python<'_>,
    draft: Source,
    reforms: Vec<Source>,
    council: Option<i32>,
    trials: u64,
    seed: u64,
    se: Option<f64>,
    model: Option<PathBuf>,
    window: String,
    threads: Option<usize>,
    data: Option<PathBuf>,
    progress: Option<Bound<'_, PyAny>>,
) -> PyResult<Report> {
    call::run(py, "votes", progress.as_ref(), move |watch| {
        let world = world(data.as_ref())?;
        let trials = api::check_trials(trials)?;
        let rules = listed_rules(&reforms, &world)?;
        let draft = inputs::draft(&draft, &world)?;
        let model = api::model_params_for(model.as_ref(), &world)?;
        let options = CompareOptions {
            rules,
            draft,
            council,
            trials,
            seed,
            exact: true,
            std_error: se,
            model,
            window,
            threads,
        };
        Ok(report(api::compare(&world, &options, watch)?))
    })
}

#[pyfunction]
#[pyo3(signature = (scenario, trials, seed, exact, mc, se, no_flows, threads, data, progress))]
#[allow(clippy::too_many_arguments)]
fn run(
    py: Python<'_>,
    scenario: Option<Source>,
    trials: Option<u64>,
    seed: Option<u64>,
    exact: bool,
    mc: bool,
    se: Option<f64>,
    no_flows: bool,
    threads: Option<usize>,
    data: Option<PathBuf>,
    progress: Option<Bound<'_, PyAny>>,
) -> PyResult<Report> {
    call::run(py, "votes", progress.as_ref(), move |watch| {
        let world = world(data.as_ref())?;
        let request = api::RunRequest {
            scenario: scenario.as_ref().and_then(Source::name),
            trials,
            seed,
            exact,
            mc,
            std_error: se,
            no_flows,
            threads,
        };
        let options = match &scenario {
            Some(text @ Source::Text { .. }) => {
                request.options_for(inputs::scenario(text, &world)?)?
            }
            _ => request.options(&world)?,
        };
        Ok(report(api::run(&world, &options, watch)?))
    })
}

#[pyfunction]
#[pyo3(signature = (reforms, since, until, vetoed_by, topic, kind, outcome, by, trials, seed, model, window, threads, data, progress))]
#[allow(clippy::too_many_arguments)]
fn replay(
    py: Python<'_>,
    reforms: Vec<Source>,
    since: Option<String>,
    until: Option<String>,
    vetoed_by: Option<String>,
    topic: Option<String>,
    kind: Option<String>,
    outcome: Option<String>,
    by: Option<Vec<String>>,
    trials: u64,
    seed: u64,
    model: Option<PathBuf>,
    window: String,
    threads: Option<usize>,
    data: Option<PathBuf>,
    progress: Option<Bound<'_, PyAny>>,
) -> PyResult<Report> {
    call::run(py, "replaying the record", progress.as_ref(), move |_| {
        let world = world(data.as_ref())?;
        veto_sim::report::replay::sections(by.as_deref())?;
        let names = inputs::all_names(&reforms);
        let request = api::ReplayRequest {
            reforms: names.as_deref().unwrap_or(&[]),
            filter: FilterArgs {
                since: since.as_deref(),
                until: until.as_deref(),
                vetoed_by: vetoed_by.as_deref(),
                topic: topic.as_deref(),
                kind: kind.as_deref(),
                outcome: outcome.as_deref(),
            },
            trials,
            seed,
            model: model.as_ref(),
            window: &window,
        };
        let mut config = request.config(&world)?;
        if names.is_none() {
            config.reforms = inputs::rules(
                &reforms,
                &world,
                |name| api::reforms_from_names(&[name.to_string()], &world),
                |name| format!("reform `{name}` is named twice in `--reforms`"),
            )?;
        }
        let options = api::ReplayOptions { config, threads };
        Ok(report(api::replay(&world, &options)?))
    })
}

#[pyfunction]
#[pyo3(signature = (conflict, reforms, scenario, trials, vote_trials, seed, window, model, priors, by_year, threads, data, progress))]
#[allow(clippy::too_many_arguments)]
fn flows(
    py: Python<'_>,
    conflict: Vec<String>,
    reforms: Option<Vec<Source>>,
    scenario: Option<Source>,
    trials: u64,
    vote_trials: Option<u64>,
    seed: u64,
    window: String,
    model: Option<PathBuf>,
    priors: Option<PathBuf>,
    by_year: bool,
    threads: Option<usize>,
    data: Option<PathBuf>,
    progress: Option<Bound<'_, PyAny>>,
) -> PyResult<Report> {
    call::run(py, "flows", progress.as_ref(), move |watch| {
        let world = world(data.as_ref())?;
        if !conflict.is_empty() && scenario.is_some() {
            return Err(Error::Usage(
                "conflict and scenario cannot be given together: a hypothetical conflict replaces the world's"
                    .into(),
            ));
        }
        let names = reforms.as_deref().map(inputs::all_names);
        let joined = names.clone().flatten().map(|n| n.join(","));
        let request = api::FlowsRequest {
            conflicts: &conflict,
            reforms: joined.as_deref(),
            scenario: scenario.as_ref().and_then(Source::name),
            trials,
            vote_trials,
            seed,
            window: &window,
            model: model.as_ref(),
            priors: priors.as_ref(),
            by_year,
        };
        let mut options = request.options(&world)?;
        if let (Some(sources), Some(None)) = (&reforms, &names) {
            options.rules = listed_rules(sources, &world)?;
        }
        if let Some(Source::Text { text, label }) = &scenario {
            options.hypothetical = Some(veto_sim::flows::hypothetical::parse_hypothetical(
                text, label, &world,
            )?);
            // As for a named hypothetical conflict: its years are always shown.
            options.by_year = true;
        }
        let options = api::FlowsOptions {
            flows: options,
            threads,
        };
        Ok(report(api::flows(&world, &options, watch)?))
    })
}

#[pyfunction]
#[pyo3(signature = (key, refugees, conflict, averted, origin, priors, trials, seed, threads, data, progress))]
#[allow(clippy::too_many_arguments)]
fn distribute(
    py: Python<'_>,
    key: String,
    refugees: Option<f64>,
    conflict: Option<String>,
    averted: Option<String>,
    origin: Option<String>,
    priors: Option<PathBuf>,
    trials: Option<u64>,
    seed: Option<u64>,
    threads: Option<usize>,
    data: Option<PathBuf>,
    progress: Option<Bound<'_, PyAny>>,
) -> PyResult<Report> {
    call::run(py, "sharing refugees out", progress.as_ref(), move |_| {
        let world = world(data.as_ref())?;
        let key = Key::from_str(&key, true).map_err(|_| {
            Error::Usage(format!(
                "--key must be one of eu, un, regional, got `{key}`"
            ))
        })?;
        if averted.is_some() && conflict.is_none() {
            return Err(Error::Usage(
                "--averted shares out the refugees a reform would have averted in a conflict: it needs --conflict ID".into(),
            ));
        }
        let request = api::DistributeRequest {
            key,
            refugees,
            conflict: conflict.as_deref(),
            averted: averted.as_deref(),
            origin: origin.as_deref(),
            priors: priors.as_ref(),
            trials,
            seed,
            threads,
        };
        Ok(report(api::distribute(&world, &request.options(&world)?)?))
    })
}

#[pyfunction]
#[pyo3(signature = (since, until, evaluate_from, window, nodes, no_cv, write_model, threads, data, progress))]
#[allow(clippy::too_many_arguments)]
fn calibrate_votes(
    py: Python<'_>,
    since: Option<String>,
    until: Option<String>,
    evaluate_from: Option<String>,
    window: String,
    nodes: usize,
    no_cv: bool,
    write_model: Option<PathBuf>,
    threads: Option<usize>,
    data: Option<PathBuf>,
    progress: Option<Bound<'_, PyAny>>,
) -> PyResult<Report> {
    call::run(
        py,
        "fitting the vote models",
        progress.as_ref(),
        move |_| {
            if let Some(path) = &write_model {
                veto_sim::output::check(path)?;
            }
            let world = world(data.as_ref())?;
            let request = api::CalibrateVotesRequest {
                since: since.as_deref(),
                until: until.as_deref(),
                evaluate_from: evaluate_from.as_deref(),
                window: &window,
                nodes,
                cross_validate: !no_cv,
            };
            let options = api::CalibrateVotesOptions {
                config: request.config(&world)?,
                threads,
            };
            let fitted = api::calibrate_votes(&world, &options)?;
            if let Some(path) = &write_model {
                let text = api::model_file(&world, &options, &fitted)?;
                veto_sim::output::write(path, text.as_bytes())?;
            }
            Ok(report(fitted))
        },
    )
}

#[pyfunction]
#[pyo3(signature = (votes, until, threads, data, progress))]
fn predict_votes(
    py: Python<'_>,
    votes: PathBuf,
    until: Option<String>,
    threads: Option<usize>,
    data: Option<PathBuf>,
    progress: Option<Bound<'_, PyAny>>,
) -> PyResult<Report> {
    call::run(py, "predicting the votes", progress.as_ref(), move |_| {
        let until = until
            .as_deref()
            .map(|t| veto_sim::world::filter::date_bound(t, "until", true))
            .transpose()?;
        let world = world(data.as_ref())?;
        let options = api::PredictVotesOptions {
            votes,
            until,
            threads,
        };
        Ok(report(api::predict_votes(&world, &options)?))
    })
}

/// Runs a sweep into `out`; returns the cells of this shard, those run now and those kept.
#[pyfunction]
#[pyo3(signature = (sweep, out, shard, resume, force, trials, seed, threads, data, progress))]
#[allow(clippy::too_many_arguments)]
fn sweep(
    py: Python<'_>,
    sweep: Source,
    out: PathBuf,
    shard: Option<String>,
    resume: bool,
    force: bool,
    trials: Option<u64>,
    seed: Option<u64>,
    threads: Option<usize>,
    data: Option<PathBuf>,
    progress: Option<Bound<'_, PyAny>>,
) -> PyResult<(u64, u64, u64)> {
    call::run(py, "cells", progress.as_ref(), move |watch| {
        veto_sim::output::check_out_folder(&out)?;
        let world = world(data.as_ref())?;
        let shard = shard
            .as_deref()
            .map(veto_sim::sweep::Shard::parse)
            .transpose()?;
        let sweep = inputs::sweep(&sweep, &world, force, trials, seed)?;
        let options = api::SweepOptions {
            sweep,
            out,
            shard,
            resume,
            force,
            threads,
        };
        let summary = api::sweep(&world, &options, watch)?;
        Ok((summary.cells, summary.ran, summary.kept))
    })
}

/// The rows of a finished sweep folder (its `cells.jsonl`), checked, as JSON lines.
#[pyfunction]
fn sweep_rows(py: Python<'_>, dir: PathBuf) -> PyResult<Vec<String>> {
    call::run(py, "reading", None, move |_| {
        let rows = veto_sim::report::sweep::finished_rows(&dir)?;
        rows.iter().map(veto_sim::sweep::Row::to_line).collect()
    })
}

/// The library's version.
#[pyfunction]
fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

#[pymodule]
fn _veto_sim(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Report>()?;
    m.add_function(wrap_pyfunction!(power, m)?)?;
    m.add_function(wrap_pyfunction!(compare, m)?)?;
    m.add_function(wrap_pyfunction!(run, m)?)?;
    m.add_function(wrap_pyfunction!(replay, m)?)?;
    m.add_function(wrap_pyfunction!(flows, m)?)?;
    m.add_function(wrap_pyfunction!(distribute, m)?)?;
    m.add_function(wrap_pyfunction!(calibrate_votes, m)?)?;
    m.add_function(wrap_pyfunction!(predict_votes, m)?)?;
    m.add_function(wrap_pyfunction!(sweep, m)?)?;
    m.add_function(wrap_pyfunction!(sweep_rows, m)?)?;
    m.add_function(wrap_pyfunction!(version, m)?)?;
    Ok(())
}
