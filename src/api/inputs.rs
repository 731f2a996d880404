//! Inputs named on the command line read into library values: the world of `--data`, the
//! rules of `--reforms`, the vote model of `--model`, and the rule a chart shows.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result, did_you_mean};
use crate::input::read_text;
use crate::rules::{Rule, catalog, yaml::parse_rule};
use crate::vote::{DraftSpec, ModelParams, parse_draft_spec, parse_params, parse_params_for};
use crate::world::World;

/// The world of the tables in `dir` (named as in `data/`), or the embedded one. The folder
/// may hold more than the tables; what is not read is said once, on standard error.
///
/// # Errors
/// A missing or malformed table (exit code 2).
pub fn load_world(dir: Option<&Path>) -> Result<Cow<'static, World>> {
    let Some(dir) = dir else {
        return World::embedded().map(Cow::Borrowed);
    };
    let world = World::load(dir)?;
    let unread: Vec<String> = ["model/default.yaml", "reforms", "flows/priors.yaml"]
        .iter()
        .filter(|part| dir.join(part).exists())
        .map(|part| dir.join(part).display().to_string())
        .collect();
    if !unread.is_empty() {
        eprintln!(
            "note: --data reads only the CSV tables of {}; not read: {} (the embedded ones are used: give them as files with --model, --priors or rule files)",
            dir.display(),
            unread.join(", ")
        );
    }
    Ok(Cow::Owned(world))
}

/// The rules of a list of catalog names and rule files (a name ending in `.yaml` or `.yml`);
/// the whole catalog when the list is empty.
///
/// # Errors
/// An empty name, an unknown reform, a bad rule file, a rule named twice (exit code 2).
pub fn reforms_from_names(names: &[String], world: &World) -> Result<Vec<Rule>> {
    let codes = world.state_codes();
    if names.is_empty() {
        return catalog::all(&codes);
    }
    let mut rules: Vec<Rule> = Vec::new();
    for name in names {
        let name = name.trim();
        if name.is_empty() {
            return Err(Error::Usage(
                "`--reforms` has an empty name (a doubled or trailing comma?)".into(),
            ));
        }
        let rule = if name.ends_with(".yaml") || name.ends_with(".yml") {
            parse_rule(&read_text(&PathBuf::from(name))?, name, &codes)?
        } else {
            catalog::reform(name, &codes)?
        };
        if rules.iter().any(|r| r.name == rule.name) {
            return Err(Error::Usage(format!(
                "reform `{}` is named twice in `--reforms`",
                rule.name
            )));
        }
        rules.push(rule);
    }
    Ok(rules)
}

/// A draft by its symbol in the record, or a draft spec file (YAML, or any existing file).
///
/// # Errors
/// An unknown symbol (nearest suggested), a file that is not a valid draft spec (exit code 2).
pub fn draft_spec(arg: &str, world: &World) -> Result<DraftSpec> {
    if super::is_file_like(arg) {
        parse_draft_spec(&read_text(Path::new(arg))?, arg, world)
    } else {
        DraftSpec::from_record(world, arg)
    }
}

/// The vote model's parameters from a file, or the embedded defaults, with where they come
/// from.
///
/// # Errors
/// A file that cannot be read or is not a valid parameter file.
pub fn model_params(path: Option<&PathBuf>) -> Result<(ModelParams, String)> {
    match path {
        None => Ok((
            ModelParams::embedded()?,
            crate::vote::params::DEFAULT_FILE.to_string(),
        )),
        Some(p) => {
            let name = p.display().to_string();
            Ok((parse_params(&read_text(p)?, &name)?, name))
        }
    }
}

/// The vote model's parameters from a file, with every member code checked against
/// `world`'s states, or the embedded defaults.
///
/// # Errors
/// A file that cannot be read or is not a valid parameter file, an unknown member code.
pub fn model_params_for(path: Option<&PathBuf>, world: &World) -> Result<ModelParams> {
    match path {
        Some(p) => parse_params_for(&read_text(p)?, &p.display().to_string(), world),
        None => ModelParams::embedded(),
    }
}

/// A sweep by shipped name or file ([`crate::sweep::load_sweep`]), with its trials and seed
/// replaced where given.
///
/// # Errors
/// A bad sweep file, a grid over the limit without `force`, bad trials.
pub fn sweep_from(
    name: &str,
    world: &World,
    force: bool,
    trials: Option<u64>,
    seed: Option<u64>,
) -> Result<crate::sweep::Sweep> {
    let mut sweep = crate::sweep::load_sweep(name, world, force)?;
    if let Some(t) = trials {
        sweep.base.trials = super::check_trials(t)?;
    }
    if let Some(s) = seed {
        sweep.base.seed = s;
    }
    Ok(sweep)
}

/// The rule a flows chart shows: `wanted` if it is `present` or among `rules`, by default the
/// first of `rules` other than `present` (`present` when there is none).
///
/// # Errors
/// A rule not judged in the run, with the nearest suggested (exit code 2).
pub fn flows_chart_rule<'a>(
    wanted: Option<&str>,
    rules: impl Iterator<Item = &'a str>,
) -> Result<String> {
    let mut names = vec!["present"];
    names.extend(rules.filter(|r| *r != "present"));
    match wanted.map(str::trim) {
        None => Ok(names.get(1).unwrap_or(&names[0]).to_string()),
        Some(w) if names.contains(&w) => Ok(w.to_string()),
        Some(w) => Err(Error::Usage(format!(
            "--plot-rule: `{w}` is not judged in this run (its rules: {}){}",
            names.join(", "),
            did_you_mean(w, names.iter().copied())
        ))),
    }
}
