//! Inputs as Python gives them: a catalog name or a path (read as the command line reads
//! it), or YAML text (a string, or a dict the package wrote out as JSON, which is YAML),
//! named in errors by a label such as `<yaml>`.

use std::path::{Path, PathBuf};

use pyo3::prelude::*;
use veto_sim::api;
use veto_sim::error::{Error, Result};
use veto_sim::rules::{Rule, yaml::parse_rule};
use veto_sim::world::World;

/// A name or path, or YAML text with the label errors give it.
#[derive(Debug, Clone)]
pub enum Source {
    Name(String),
    Text { text: String, label: String },
}

impl<'a, 'py> FromPyObject<'a, 'py> for Source {
    type Error = PyErr;

    /// From the package's `(is_text, value, label)` triple.
    fn extract(ob: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        let (is_text, value, label): (bool, String, String) = ob.extract()?;
        Ok(if is_text {
            Source::Text { text: value, label }
        } else {
            Source::Name(value)
        })
    }
}

impl Source {
    /// The name or path, when the source is one.
    pub fn name(&self) -> Option<&str> {
        match self {
            Source::Name(name) => Some(name),
            Source::Text { .. } => None,
        }
    }
}

/// Whether every source is a name (so the command line's own reading applies unchanged).
pub fn all_names(sources: &[Source]) -> Option<Vec<String>> {
    sources
        .iter()
        .map(|s| s.name().map(str::to_string))
        .collect()
}

/// The rules of `sources` in order: names and files read as `--reforms` reads them, texts
/// parsed as rule files; a rule given twice is refused with `twice`'s message.
pub fn rules(
    sources: &[Source],
    world: &World,
    read_names: impl Fn(&str) -> Result<Vec<Rule>>,
    twice: impl Fn(&str) -> String,
) -> Result<Vec<Rule>> {
    let codes = world.state_codes();
    let mut rules: Vec<Rule> = Vec::new();
    for source in sources {
        let read = match source {
            Source::Name(name) => read_names(name)?,
            Source::Text { text, label } => vec![parse_rule(text, label, &codes)?],
        };
        for rule in read {
            if rules.iter().any(|r| r.name == rule.name) {
                return Err(Error::Usage(twice(&rule.name)));
            }
            rules.push(rule);
        }
    }
    Ok(rules)
}

/// A draft by symbol, spec file or spec text.
pub fn draft(source: &Source, world: &World) -> Result<veto_sim::vote::DraftSpec> {
    match source {
        Source::Name(arg) => api::draft_spec(arg, world),
        Source::Text { text, label } => veto_sim::vote::parse_draft_spec(text, label, world),
    }
}

/// The scenario of `veto-sim run`: shipped name, file or text (rule files it names are read
/// relative to the working folder).
pub fn scenario(source: &Source, world: &World) -> Result<veto_sim::scenario::Scenario> {
    match source {
        Source::Name(name) => veto_sim::scenario::load(name, world),
        Source::Text { text, label } => {
            veto_sim::scenario::parse_scenario(text, label, world, Some(&working_folder()?))
        }
    }
}

/// A sweep by shipped name, file or text, with its trials and seed replaced where given.
pub fn sweep(
    source: &Source,
    world: &World,
    force: bool,
    trials: Option<u64>,
    seed: Option<u64>,
) -> Result<veto_sim::sweep::Sweep> {
    match source {
        Source::Name(name) => api::sweep_from(name, world, force, trials, seed),
        Source::Text { text, label } => {
            let mut sweep =
                veto_sim::sweep::parse_sweep(text, label, world, Some(&working_folder()?), force)?;
            if let Some(t) = trials {
                sweep.base.trials = api::check_trials(t)?;
            }
            if let Some(s) = seed {
                sweep.base.seed = s;
            }
            Ok(sweep)
        }
    }
}

fn working_folder() -> Result<PathBuf> {
    std::env::current_dir().map_err(|e| Error::io(Path::new("."), e))
}
