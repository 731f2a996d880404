//! Reading a sweep file: raw serde structs with spans first, then validation into [`Sweep`].
//!
//! Every error names the file, line, column and key (`axes[1].values[2]`): an unknown field
//! (with the nearest known one), an empty axis, a value of the wrong kind or out of range, a
//! rule the base scenario does not judge, a grid larger than [`MAX_CELLS`] without `--force`.

use std::collections::BTreeSet;
use std::fmt;
use std::path::Path;

use serde::Deserialize;
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde_saphyr::Spanned;
use sha2::{Digest, Sha256};

use super::axis::{self, Field, Kind, ModelField, RuleCheck, Value, parse_majority};
use super::grid::{cell_seed, indices};
use crate::error::{Error, Place, Result, did_you_mean};
use crate::input::{at, read_text};
use crate::rules::yaml::parse_rule;
use crate::rules::{Rule, catalog};
use crate::scenario::{self, Scenario};
use crate::table::thousands;
use crate::vote::DraftSpec;
use crate::world::World;

/// The largest grid run without `--force`.
pub const MAX_CELLS: u64 = 10_000;

/// The largest grid run at all, even with `--force`: every cell's row is held in memory when
/// the final files are written, so a larger grid could not be written out.
pub const HARD_MAX_CELLS: u64 = 1_000_000;

/// The shipped sweeps, by name.
pub const SHIPPED: &[(&str, &str)] = &[
    (
        "rule-fields",
        include_str!("../../data/sweeps/rule-fields.yaml"),
    ),
    (
        "model-priors",
        include_str!("../../data/sweeps/model-priors.yaml"),
    ),
    (
        "restraint-compliance",
        include_str!("../../data/sweeps/restraint-compliance.yaml"),
    ),
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSweep {
    #[serde(default)]
    name: Option<Spanned<String>>,
    #[serde(default)]
    description: String,
    base: Spanned<String>,
    #[serde(default)]
    rules: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    trials: Option<Spanned<i64>>,
    #[serde(default)]
    seed: Option<Spanned<u64>>,
    #[serde(default)]
    flows: bool,
    axes: Spanned<Vec<Spanned<RawAxis>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAxis {
    field: Spanned<String>,
    #[serde(default)]
    values: Option<Spanned<Vec<Spanned<RawValue>>>>,
    #[serde(default)]
    from: Option<Spanned<f64>>,
    #[serde(default)]
    to: Option<Spanned<f64>>,
    #[serde(default)]
    step: Option<Spanned<f64>>,
    #[serde(default)]
    rules: Option<Spanned<Vec<Spanned<String>>>>,
}

/// A scalar or a list of texts, as written.
#[derive(Debug, Clone)]
enum RawValue {
    Int(i64),
    Num(f64),
    Bool(bool),
    Text(String),
    List(Vec<String>),
}

impl<'de> Deserialize<'de> for RawValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawValue;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number, true/false, a text or a list of codes")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> std::result::Result<RawValue, E> {
                Ok(RawValue::Int(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> std::result::Result<RawValue, E> {
                i64::try_from(v)
                    .map(RawValue::Int)
                    .map_err(|_| E::custom("number out of range"))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> std::result::Result<RawValue, E> {
                Ok(RawValue::Num(v))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> std::result::Result<RawValue, E> {
                Ok(RawValue::Bool(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<RawValue, E> {
                Ok(RawValue::Text(v.to_string()))
            }
            fn visit_seq<A: SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> std::result::Result<RawValue, A::Error> {
                let mut items = Vec::new();
                while let Some(s) = seq.next_element::<String>()? {
                    items.push(s);
                }
                Ok(RawValue::List(items))
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// One axis of a sweep.
#[derive(Debug, Clone)]
pub struct Axis {
    /// The field it varies.
    pub field: Field,
    /// The field's name (the column of the outputs).
    pub name: String,
    /// The rules it changes (indices in the base scenario's rules; empty for other fields).
    pub rules: Vec<usize>,
    /// Its values, in order.
    pub values: Vec<Value>,
    /// Where each value is written.
    pub(crate) places: Vec<Place>,
    /// The drafts of each value of a `drafts` axis.
    pub(crate) drafts: Vec<Vec<DraftSpec>>,
}

/// A validated sweep: a base scenario and the axes of its grid.
#[derive(Debug, Clone)]
pub struct Sweep {
    /// Its name.
    pub name: String,
    /// What it explores.
    pub description: String,
    /// The file it was read from.
    pub file: String,
    /// SHA-256 (hex) of the sweep file's bytes.
    pub hash: String,
    /// The base scenario as written in the file (a shipped name or a path).
    pub base_name: String,
    /// The base scenario, with the sweep's rules, trials and seed.
    pub base: Scenario,
    /// The axes, in the file's order (the last varies fastest).
    pub axes: Vec<Axis>,
    place: Place,
}

/// Reads a sweep: a shipped one by name, or a file.
///
/// # Errors
/// An unreadable file or an unknown name (exit 2), or any error of [`parse_sweep`].
pub fn load_sweep(name_or_path: &str, world: &World, force: bool) -> Result<Sweep> {
    let input = crate::input::shipped_or_file(name_or_path, SHIPPED, "sweeps", "sweep")?;
    parse_sweep(&input.text, &input.file, world, input.dir.as_deref(), force)
}

/// Moves a usage error (an unknown name) to `place`.
fn relocate(error: Error, place: &Place) -> Error {
    match error {
        Error::Usage(m) => Error::input(place.clone(), m),
        Error::Input { place: p, message } if p.line.is_none() => Error::input(
            place.clone(),
            format!("{message} (in {})", p.file.trim_start_matches('<')),
        ),
        other => other,
    }
}

/// SHA-256 of `bytes` in hex.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Parses and validates a sweep. The base scenario and rule files are read relative to `dir`
/// (an embedded sweep may only name shipped scenarios and reforms). The grid's size is
/// counted from the axes as written before any axis is expanded: over [`MAX_CELLS`] cells
/// needs `force`, and over [`HARD_MAX_CELLS`] is refused whatever `force` says.
///
/// # Errors
/// [`Error::Input`] naming file, line, column and key; see the module documentation.
pub fn parse_sweep(
    text: &str,
    file: &str,
    world: &World,
    dir: Option<&Path>,
    force: bool,
) -> Result<Sweep> {
    let raw: RawSweep = crate::yaml::from_str(text, file)?;
    let stem = Path::new(file).file_stem().map_or_else(
        || "sweep".to_string(),
        |s| s.to_string_lossy().trim_end_matches('>').to_string(),
    );
    let name = raw
        .name
        .as_ref()
        .map(|n| n.value.trim().to_string())
        .filter(|n| !n.is_empty())
        .unwrap_or(stem);
    let base_name = raw.base.value.trim().to_string();
    let mut base = base_scenario(&raw, &base_name, file, world, dir)?;
    // The sweep's own rules replace the base scenario's.
    if let Some(list) = &raw.rules {
        base.rules = sweep_rules(list, file, world, dir)?;
    }
    if let Some(t) = &raw.trials {
        if t.value < 1 || t.value as u64 > scenario::MAX_TRIALS {
            return Err(Error::input(
                at(file, t, "trials"),
                format!(
                    "trials must be from 1 to {}, got {}",
                    scenario::MAX_TRIALS,
                    t.value
                ),
            ));
        }
        base.trials = t.value as u64;
    }
    if let Some(s) = &raw.seed {
        base.seed = s.value;
    }
    let axes = read_axes(&raw, file, world, &base, force)?;
    // Flows are estimated per cell only when the sweep asks for them (they cost more than the
    // votes), whatever the base scenario says.
    base.flows = raw.flows || axes.iter().any(|a| a.field.is_flow_field());
    Ok(Sweep {
        name,
        description: raw.description.trim().to_string(),
        file: file.to_string(),
        hash: sha256_hex(text.as_bytes()),
        base_name,
        base,
        axes,
        place: at(file, &raw.axes, "axes"),
    })
}

/// The base scenario a sweep names: a shipped one, or (for a sweep read from a file) a
/// scenario file beside it.
fn base_scenario(
    raw: &RawSweep,
    base_name: &str,
    file: &str,
    world: &World,
    dir: Option<&Path>,
) -> Result<Scenario> {
    let base_place = at(file, &raw.base, "base");
    if scenario::SHIPPED.iter().any(|(n, _)| *n == base_name) {
        return scenario::load(base_name, world).map_err(|e| relocate(e, &base_place));
    }
    let Some(dir) = dir else {
        return Err(Error::input(
            base_place,
            format!(
                "a shipped sweep can only name a shipped scenario ({}), got `{base_name}`",
                shipped_scenarios()
            ),
        ));
    };
    let path = dir.join(base_name);
    if !path.is_file() {
        return Err(Error::input(
            base_place,
            format!(
                "no scenario file `{}` and no shipped scenario `{base_name}` (shipped: {}){}",
                path.display(),
                shipped_scenarios(),
                did_you_mean(base_name, scenario::SHIPPED.iter().map(|(n, _)| *n))
            ),
        ));
    }
    let text = read_text(&path)?;
    scenario::parse_scenario(&text, &path.display().to_string(), world, path.parent())
}

/// The rules a sweep lists (catalog names, or rule files beside a sweep read from a file):
/// at least one, none twice, at most [`crate::engine::MAX_RULES`].
fn sweep_rules(
    list: &Spanned<Vec<Spanned<String>>>,
    file: &str,
    world: &World,
    dir: Option<&Path>,
) -> Result<Vec<Rule>> {
    let codes = world.state_codes();
    let mut rules: Vec<Rule> = Vec::new();
    for (i, item) in list.value.iter().enumerate() {
        let key = format!("rules[{i}]");
        let place = at(file, item, &key);
        let name = item.value.trim();
        let rule = if name.ends_with(".yaml") || name.ends_with(".yml") {
            let Some(dir) = dir else {
                return Err(Error::input(
                    place,
                    "a shipped sweep cannot name rule files",
                ));
            };
            let path = dir.join(name);
            parse_rule(&read_text(&path)?, &path.display().to_string(), &codes)?
        } else {
            catalog::reform(name, &codes).map_err(|e| relocate(e, &place))?
        };
        if rules.iter().any(|r| r.name == rule.name) {
            return Err(Error::input(
                place,
                format!("rule `{}` is listed twice", rule.name),
            ));
        }
        rules.push(rule);
    }
    if rules.is_empty() {
        return Err(Error::input(
            at(file, list, "rules"),
            "no rules: list at least one, or leave `rules` out to use the base scenario's",
        ));
    }
    if rules.len() > crate::engine::MAX_RULES {
        return Err(Error::input(
            at(file, list, "rules"),
            format!(
                "{} rules: at most {} are judged together",
                rules.len(),
                crate::engine::MAX_RULES
            ),
        ));
    }
    Ok(rules)
}

/// The sweep's axes: the grid's size checked before any axis is expanded, then each axis
/// read, no field varied twice for the same rule.
fn read_axes(
    raw: &RawSweep,
    file: &str,
    world: &World,
    base: &Scenario,
    force: bool,
) -> Result<Vec<Axis>> {
    if raw.axes.value.is_empty() {
        return Err(Error::input(
            at(file, &raw.axes, "axes"),
            "no axes: list at least one field to vary",
        ));
    }
    // Counted before any axis is expanded, so a tiny step is refused at once.
    let lengths: Vec<(String, f64)> = raw
        .axes
        .value
        .iter()
        .map(|a| (a.value.field.value.trim().to_string(), raw_length(&a.value)))
        .collect();
    check_size(&lengths, force).map_err(|m| Error::input(at(file, &raw.axes, "axes"), m))?;
    let mut axes: Vec<Axis> = Vec::new();
    for (a, item) in raw.axes.value.iter().enumerate() {
        let axis = parse_axis(
            &item.value,
            a,
            file,
            world,
            base,
            at(file, item, &format!("axes[{a}]")),
        )?;
        for other in &axes {
            if other.field == axis.field && other.rules.iter().any(|r| axis.rules.contains(r)) {
                return Err(Error::input(
                    at(file, &item.value.field, &format!("axes[{a}].field")),
                    format!(
                        "`{}` is already varied by an earlier axis{}",
                        axis.name,
                        if axis.rules.is_empty() {
                            String::new()
                        } else {
                            " for the same rule".to_string()
                        }
                    ),
                ));
            }
        }
        axes.push(axis);
    }
    Ok(axes)
}

/// An axis's number of values as written, without expanding a range (0 when the axis is
/// malformed: [`parse_axis`] says why).
fn raw_length(raw: &RawAxis) -> f64 {
    match (&raw.values, &raw.from, &raw.to) {
        (Some(list), _, _) => list.value.len() as f64,
        (None, Some(from), Some(to)) => {
            let step = raw.step.as_ref().map_or(1.0, |s| s.value);
            let count = ((to.value - from.value) / step + 1e-9).floor() + 1.0;
            if step > 0.0 && count.is_finite() && count >= 1.0 {
                count
            } else {
                0.0
            }
        }
        _ => 0.0,
    }
}

/// Refuses a grid of more than [`MAX_CELLS`] cells without `force`, and of more than
/// [`HARD_MAX_CELLS`] at all. `lengths` are each axis's name and number of values.
fn check_size(lengths: &[(String, f64)], force: bool) -> std::result::Result<(), String> {
    // In floating point: the product of a few huge axes overflows no integer here.
    let cells: f64 = lengths.iter().map(|(_, n)| n).product();
    let shape = || {
        lengths
            .iter()
            .map(|(name, n)| format!("{} {name}", thousands(*n)))
            .collect::<Vec<_>>()
            .join(" × ")
    };
    if cells > HARD_MAX_CELLS as f64 {
        return Err(format!(
            "the grid has {} cells ({}); {}at most {} can be run and written even with --force: split it into smaller sweeps or use fewer values",
            thousands(cells),
            shape(),
            if force {
                String::new()
            } else {
                format!("the limit is {}, and ", thousands(MAX_CELLS as f64))
            },
            thousands(HARD_MAX_CELLS as f64)
        ));
    }
    if cells > MAX_CELLS as f64 && !force {
        return Err(format!(
            "the grid has {} cells ({}); the limit is {}: pass --force to run it anyway",
            thousands(cells),
            shape(),
            thousands(MAX_CELLS as f64)
        ));
    }
    Ok(())
}

fn shipped_scenarios() -> String {
    scenario::SHIPPED
        .iter()
        .map(|(n, _)| *n)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Reads axis `a` of the sweep file: its field, the rules it varies, its values, and checks
/// that the world holds what the values name.
fn parse_axis(
    raw: &RawAxis,
    a: usize,
    file: &str,
    world: &World,
    base: &Scenario,
    place: Place,
) -> Result<Axis> {
    let at_key = AxisPlaces { file, a };
    let field = Field::parse(&raw.field.value)
        .map_err(|m| Error::input(at_key.at(&raw.field, "field"), m))?;
    let rules = axis_rules(raw, &at_key, field, base)?;
    let (values, places) = match (&raw.values, &raw.from, &raw.to) {
        (Some(list), None, None) if raw.step.is_none() => listed_values(list, &at_key, field)?,
        (None, Some(from), Some(to)) => range_values(raw, from, to, &at_key, field, place)?,
        _ => {
            return Err(Error::input(
                place,
                format!(
                    "the axis over `{}` needs either `values: [...]` or `from:` and `to:` (with an optional `step:`)",
                    field.name()
                ),
            ));
        }
    };
    check_no_repeats(&values, &places)?;
    let drafts = check_world_holds(field, &values, &places, world)?;
    Ok(Axis {
        field,
        name: field.name(),
        rules,
        values,
        places,
        drafts,
    })
}

/// The places of an axis's keys (`axes[a].key`) in the sweep file.
struct AxisPlaces<'a> {
    file: &'a str,
    a: usize,
}

impl AxisPlaces<'_> {
    fn at<T>(&self, spanned: &Spanned<T>, key: &str) -> Place {
        at(self.file, spanned, &format!("axes[{}].{key}", self.a))
    }
}

/// The base rules an axis varies: those listed under `rules:` (each must have the field,
/// except that an override majority may be given to any rule), or every rule that has the
/// field; none for a field that is not a rule's.
fn axis_rules(
    raw: &RawAxis,
    at_key: &AxisPlaces<'_>,
    field: Field,
    base: &Scenario,
) -> Result<Vec<usize>> {
    let name = field.name();
    let rule_names = || {
        base.rules
            .iter()
            .map(|x| x.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !field.is_rule_field() {
        if let Some(list) = &raw.rules {
            return Err(Error::input(
                at_key.at(list, "rules"),
                format!("`{name}` is not a rule field: `rules` does not apply"),
            ));
        }
        return Ok(Vec::new());
    }
    let Some(list) = &raw.rules else {
        let chosen: Vec<usize> = base
            .rules
            .iter()
            .enumerate()
            .filter(|(_, r)| field.applies_to(r))
            .map(|(i, _)| i)
            .collect();
        if chosen.is_empty() {
            return Err(Error::input(
                at_key.at(&raw.field, "field"),
                format!(
                    "no rule of this sweep ({}) has {}: name the rules with `rules:`{}",
                    rule_names(),
                    part_of(field),
                    if field == Field::OverrideMajority {
                        " to give them one"
                    } else {
                        " or add one that has it"
                    }
                ),
            ));
        }
        return Ok(chosen);
    };
    let mut chosen = Vec::new();
    for (i, r) in list.value.iter().enumerate() {
        let want = r.value.trim();
        let place = || at_key.at(r, &format!("rules[{i}]"));
        let Some(pos) = base.rules.iter().position(|x| x.name == want) else {
            return Err(Error::input(
                place(),
                format!(
                    "rule `{want}` is not judged in this sweep (its rules: {}){}",
                    rule_names(),
                    did_you_mean(want, base.rules.iter().map(|x| x.name.as_str()))
                ),
            ));
        };
        let adds_override = field == axis::Field::OverrideMajority;
        if !adds_override && !field.applies_to(&base.rules[pos]) {
            return Err(Error::input(
                place(),
                format!(
                    "rule `{want}` has no {}: `{name}` cannot vary there",
                    part_of(field)
                ),
            ));
        }
        if !chosen.contains(&pos) {
            chosen.push(pos);
        }
    }
    if chosen.is_empty() {
        return Err(Error::input(
            at_key.at(list, "rules"),
            "no rules: list at least one, or leave `rules` out for every rule that has the field",
        ));
    }
    Ok(chosen)
}

/// The values of an axis written as a list, each converted to the field's kind, with its place.
fn listed_values(
    list: &Spanned<Vec<Spanned<RawValue>>>,
    at_key: &AxisPlaces<'_>,
    field: Field,
) -> Result<(Vec<Value>, Vec<Place>)> {
    if list.value.is_empty() {
        return Err(Error::input(
            at_key.at(list, "values"),
            format!(
                "the axis over `{}` is empty: give at least one value",
                field.name()
            ),
        ));
    }
    let mut values = Vec::new();
    let mut places = Vec::new();
    for (i, v) in list.value.iter().enumerate() {
        let p = at_key.at(v, &format!("values[{i}]"));
        let value = convert(&v.value, field).map_err(|m| Error::input(p.clone(), m))?;
        values.push(value);
        places.push(p);
    }
    Ok((values, places))
}

/// The values of an axis written as a range `from`, `to` and `step` (1 when left out), each
/// placed at `from`.
fn range_values(
    raw: &RawAxis,
    from: &Spanned<f64>,
    to: &Spanned<f64>,
    at_key: &AxisPlaces<'_>,
    field: Field,
    place: Place,
) -> Result<(Vec<Value>, Vec<Place>)> {
    let name = field.name();
    let from_place = || at_key.at(from, "from");
    if !matches!(field.kind(), Kind::Int | Kind::Num) {
        return Err(Error::input(
            from_place(),
            format!("`{name}` is not a number: list its values with `values:`"),
        ));
    }
    let step = raw.step.as_ref().map_or(1.0, |s| s.value);
    let step_place = raw
        .step
        .as_ref()
        .map_or_else(|| place.clone(), |s| at_key.at(s, "step"));
    if !from.value.is_finite() || !to.value.is_finite() {
        return Err(Error::input(
            from_place(),
            "`from` and `to` must be finite numbers",
        ));
    }
    if !(step.is_finite() && step > 0.0) {
        return Err(Error::input(
            step_place,
            format!("step must be a number above 0, got {step}"),
        ));
    }
    if to.value < from.value {
        return Err(Error::input(
            at_key.at(to, "to"),
            format!(
                "the axis over `{name}` is empty: `to` ({}) is below `from` ({})",
                to.value, from.value
            ),
        ));
    }
    let count = ((to.value - from.value) / step + 1e-9).floor() + 1.0;
    if count > HARD_MAX_CELLS as f64 {
        return Err(Error::input(step_place, "the range has too many values"));
    }
    let int = field.kind() == Kind::Int;
    if int && (from.value.fract() != 0.0 || step.fract() != 0.0) {
        return Err(Error::input(
            from_place(),
            format!("`{name}` takes whole numbers: `from` and `step` must be whole"),
        ));
    }
    let mut values = Vec::new();
    let mut places = Vec::new();
    for i in 0..count as u64 {
        let x = from.value + i as f64 * step;
        let value = if int {
            Value::Int(x.round() as i64)
        } else {
            Value::Num((x * 1e9).round() / 1e9)
        };
        check_value(&value, field)
            .map_err(|m| Error::input(from_place(), format!("value {value}: {m}")))?;
        values.push(value);
        places.push(from_place());
    }
    Ok((values, places))
}

/// Refuses a value listed twice, at the place of its repeat.
fn check_no_repeats(values: &[Value], places: &[Place]) -> Result<()> {
    // Values compare as they are written out (one text per value), so a hash set finds a
    // repeat in linear time even on a long range.
    let mut seen = std::collections::HashSet::with_capacity(values.len());
    if let Some((i, v)) = values
        .iter()
        .enumerate()
        .find(|(_, v)| !seen.insert(format!("{v:?}")))
    {
        return Err(Error::input(
            places[i].clone(),
            format!("value {v} is listed twice"),
        ));
    }
    Ok(())
}

/// Checks that the world holds what the values name (Councils, alignment windows, drafts,
/// conflicts, state codes); returns the drafts of each value of a `drafts` axis.
fn check_world_holds(
    field: Field,
    values: &[Value],
    places: &[Place],
    world: &World,
) -> Result<Vec<Vec<DraftSpec>>> {
    let mut drafts = Vec::new();
    for (v, p) in values.iter().zip(places) {
        match (field, v) {
            (Field::Council, Value::Int(y)) if world.council(*y as i32).is_none() => {
                let years: Vec<i32> = world.councils.iter().map(|c| c.year).collect();
                return Err(Error::input(
                    p.clone(),
                    format!(
                        "no Council for {y} in this world (years {}-{})",
                        years.first().unwrap_or(&0),
                        years.last().unwrap_or(&0)
                    ),
                ));
            }
            (Field::Window, Value::Text(w)) => {
                world
                    .alignment(Some(w.trim()))
                    .map_err(|e| Error::input(p.clone(), e.to_string()))?;
            }
            (Field::Drafts, Value::List(symbols)) => {
                let mut specs: Vec<DraftSpec> = Vec::new();
                for s in symbols {
                    let spec = DraftSpec::from_record(world, s).map_err(|e| relocate(e, p))?;
                    if !specs.iter().any(|d| d.id == spec.id) {
                        specs.push(spec);
                    }
                }
                drafts.push(specs);
            }
            (Field::Conflicts, Value::List(ids)) => {
                for id in ids {
                    if !world.conflicts.iter().any(|c| c.id == *id) {
                        return Err(Error::input(
                            p.clone(),
                            format!(
                                "unknown conflict `{id}`{} (`veto-sim list conflicts`)",
                                did_you_mean(id, world.conflicts.iter().map(|c| c.id.as_str()))
                            ),
                        ));
                    }
                }
            }
            (Field::Holders | Field::RestraintMembers, Value::List(codes)) => {
                for c in codes {
                    if !world.is_known_code(c) {
                        return Err(Error::input(
                            p.clone(),
                            format!(
                                "unknown ISO3 code `{c}`{}",
                                did_you_mean(c, world.state_codes())
                            ),
                        ));
                    }
                }
            }
            _ => {}
        }
    }
    Ok(drafts)
}

fn part_of(field: Field) -> &'static str {
    match field {
        Field::NegativesToBlock | Field::Holders => "veto",
        Field::Compliance | Field::RestraintMembers => "restraint",
        Field::OverrideMajority => "Assembly override",
        _ => "such field",
    }
}

/// Converts a written value to the field's kind and checks its range.
fn convert(raw: &RawValue, field: Field) -> std::result::Result<Value, String> {
    let value = match (field.kind(), raw) {
        (Kind::Int, RawValue::Int(i)) => Value::Int(*i),
        (Kind::Int, RawValue::Num(x)) if x.fract() == 0.0 && x.abs() < 1e15 => {
            Value::Int(*x as i64)
        }
        (Kind::Num, RawValue::Int(i)) => Value::Num(*i as f64),
        (Kind::Num, RawValue::Num(x)) => Value::Num(*x),
        (Kind::Bool, RawValue::Bool(b)) => Value::Bool(*b),
        (Kind::Text, RawValue::Text(t)) => Value::Text(t.trim().to_string()),
        (Kind::List, RawValue::Text(t)) => Value::List(vec![norm(field, t)]),
        (Kind::List, RawValue::List(l)) => Value::List(l.iter().map(|t| norm(field, t)).collect()),
        (kind, _) => {
            return Err(format!(
                "`{}` takes {}",
                field.name(),
                match kind {
                    Kind::Int => "whole numbers",
                    Kind::Num => "numbers",
                    Kind::Bool => "true or false",
                    Kind::Text => "texts",
                    Kind::List => "a code or a list of codes",
                }
            ));
        }
    };
    check_value(&value, field)?;
    Ok(value)
}

fn norm(field: Field, t: &str) -> String {
    if matches!(field, Field::Drafts | Field::Conflicts) {
        t.trim().to_string()
    } else {
        t.trim().to_uppercase()
    }
}

/// Checks what a value alone can get wrong.
fn check_value(value: &Value, field: Field) -> std::result::Result<(), String> {
    let x = value.as_f64();
    match field {
        Field::Quota | Field::NegativesToBlock if x.is_some_and(|x| x < 1.0) => {
            return Err(format!("`{}` must be at least 1", field.name()));
        }
        Field::Compliance if x.is_some_and(|x| !(0.0..=1.0).contains(&x)) => {
            return Err("compliance is a probability: expected a number from 0 to 1".to_string());
        }
        Field::Model(m) => {
            let x = x.unwrap_or(f64::NAN);
            let ok = x.is_finite()
                && match m {
                    ModelField::SigmaDraft => x >= 0.0,
                    ModelField::CutPermanent | ModelField::CutElected => x > 0.0,
                    _ => true,
                };
            if !ok {
                return Err(format!(
                    "`{}` must be a finite number{}",
                    field.name(),
                    match m {
                        ModelField::SigmaDraft => " of at least 0",
                        ModelField::CutPermanent | ModelField::CutElected => " above 0",
                        _ => "",
                    }
                ));
            }
        }
        Field::OverrideMajority => {
            if let Value::Text(t) = value {
                parse_majority(t)?;
            }
        }
        Field::FlowElasticity if !x.is_some_and(f64::is_finite) => {
            return Err("`flows.elasticity` must be a finite number".to_string());
        }
        Field::FlowEffectScale if !x.is_some_and(|x| x.is_finite() && x >= 0.0) => {
            return Err(
                "`flows.effect_scale` must be a finite number of at least 0 (0: no effect, 1: the priors as written)"
                    .to_string(),
            );
        }
        Field::Holders | Field::RestraintMembers | Field::Drafts | Field::Conflicts => {
            if matches!(value, Value::List(l) if l.is_empty()) {
                return Err(format!(
                    "an empty list: `{}` needs at least one",
                    field.name()
                ));
            }
        }
        _ => {}
    }
    Ok(())
}

impl Sweep {
    /// The number of cells: the product of the axes' lengths.
    pub fn cells(&self) -> u64 {
        self.axes
            .iter()
            .fold(1u64, |n, a| n.saturating_mul(a.values.len() as u64))
    }

    /// The master seed.
    pub fn seed(&self) -> u64 {
        self.base.seed
    }

    /// Each axis's number of values.
    pub fn lengths(&self) -> Vec<usize> {
        self.axes.iter().map(|a| a.values.len()).collect()
    }

    /// The value of each axis in cell `cell`.
    pub fn values(&self, cell: u64) -> Vec<&Value> {
        indices(&self.lengths(), cell)
            .into_iter()
            .zip(&self.axes)
            .map(|(i, a)| &a.values[i])
            .collect()
    }

    /// The scenario of cell `cell`: the base with each axis's value, and the cell's seed.
    ///
    /// # Errors
    /// [`Error::Input`] at the offending axis value when the combination does not make a
    /// valid scenario (a quota above a rule's seats, more negatives than veto holders).
    pub fn scenario(&self, cell: u64) -> Result<Scenario> {
        let idx = indices(&self.lengths(), cell);
        let mut s = self.base.clone();
        for (axis, &i) in self.axes.iter().zip(&idx) {
            axis::apply(
                &mut s,
                axis.field,
                &axis.rules,
                &axis.values[i],
                axis.drafts.get(i),
            )
            .map_err(|m| Error::input(axis.places[i].clone(), self.in_cell(cell, m)))?;
        }
        for rule in &s.rules {
            if let Err((check, m)) = axis::check_rule(rule) {
                let blame: &[Field] = match check {
                    RuleCheck::Quota => &[Field::Quota],
                    RuleCheck::Negatives => &[Field::NegativesToBlock, Field::Holders],
                    RuleCheck::Members => &[Field::RestraintMembers, Field::Holders],
                };
                let place = blame
                    .iter()
                    .find_map(|f| {
                        self.axes
                            .iter()
                            .zip(&idx)
                            .find(|(a, _)| a.field == *f)
                            .map(|(a, &i)| a.places[i].clone())
                    })
                    .unwrap_or_else(|| self.place.clone());
                return Err(Error::input(place, self.in_cell(cell, m)));
            }
        }
        s.seed = cell_seed(self.base.seed, cell);
        Ok(s)
    }

    fn in_cell(&self, cell: u64, message: String) -> String {
        let values: Vec<String> = self
            .axes
            .iter()
            .zip(self.values(cell))
            .map(|(a, v)| format!("{}={v}", a.name))
            .collect();
        format!("{message} (cell {cell}: {})", values.join(", "))
    }

    /// Checks the whole grid before anything runs: its size (over [`MAX_CELLS`] needs
    /// `force`), every cell's scenario, and the plans of every distinct Council, window and
    /// set of drafts.
    ///
    /// # Errors
    /// [`Error::Input`] naming the file, line and key of the problem.
    pub fn check(&self, world: &World, force: bool) -> Result<()> {
        let lengths: Vec<(String, f64)> = self
            .axes
            .iter()
            .map(|a| (a.name.clone(), a.values.len() as f64))
            .collect();
        check_size(&lengths, force).map_err(|m| Error::input(self.place.clone(), m))?;
        let cells = self.cells();
        let mut structural = BTreeSet::new();
        let lengths = self.lengths();
        for cell in 0..cells {
            let scenario = self.scenario(cell)?;
            let idx = indices(&lengths, cell);
            let key: Vec<usize> = self
                .axes
                .iter()
                .zip(&idx)
                .map(|(a, &i)| if a.field.is_structural() { i } else { 0 })
                .collect();
            if structural.insert(key) {
                let place = self
                    .axes
                    .iter()
                    .zip(&idx)
                    .find(|(a, _)| a.field.is_structural())
                    .map_or_else(|| self.place.clone(), |(a, &i)| a.places[i].clone());
                for d in &scenario.drafts {
                    if scenario.council.is_none() && world.council(d.year).is_none() {
                        return Err(Error::input(
                            place,
                            self.in_cell(
                                cell,
                                format!(
                                    "draft {} is from {} and no Council of that year is in the world: add a `council` axis or set `council:` in the base scenario",
                                    d.id, d.year
                                ),
                            ),
                        ));
                    }
                }
                scenario::plans(&scenario, world)
                    .map_err(|e| relocate(e, &place))
                    .map_err(|e| match e {
                        Error::Input { place, message } => {
                            Error::input(place, self.in_cell(cell, message))
                        }
                        other => other,
                    })?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repeated_value_is_refused_at_its_repeat() {
        let places: Vec<Place> = (1..=3).map(|l| Place::file("s.yaml").at(l, 5)).collect();
        let distinct = [Value::Int(9), Value::Int(10), Value::Text("9".into())];
        assert!(check_no_repeats(&distinct, &places).is_ok());
        let repeated = [Value::Int(9), Value::Int(10), Value::Int(9)];
        match check_no_repeats(&repeated, &places) {
            Err(Error::Input { place, message }) => {
                assert_eq!(place, places[2]);
                assert_eq!(message, "value 9 is listed twice");
            }
            other => panic!("expected an input error, got {other:?}"),
        }
    }
}
