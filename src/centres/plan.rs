//! Centre plans: a YAML file that names the travellers (an origin or a conflict, a year), the
//! sites, and a grid of uptake × protection rate × key, so that `veto-sim centres --plan FILE`
//! runs every combination on the same random numbers.
//!
//! ```yaml
//! name: syria-2015
//! description: Syrian applicants in Europe in 2015, across uptakes, protection rates and keys.
//! origin: SYR              # or `conflict: syria` (and optionally `averted: abolish-veto`)
//! year: 2015
//! sites: [JOR, SAU]        # optional: the ranking's first three otherwise
//! trials: 5000             # optional (20,000)
//! seed: 1                  # optional (1)
//! grid:
//!   uptake: [0.1, 0.25, 0.5]          # fixed shares; `prior` draws from the declared prior
//!   protection_rate: [decisions, 0.6] # `decisions`: the UNHCR rate with its spread
//!   key: [un, eu, regional]
//! ```
//!
//! Read in two stages, as every input: raw serde structs with `deny_unknown_fields` and spans,
//! then checks naming the file, line, column and key of a bad value.

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::error::{Error, Result};
use crate::flows::keys::Key;
use crate::input::at;

/// The shipped plans (`data/centres/`), by name.
pub const SHIPPED: &[(&str, &str)] = &[(
    "syria-2015",
    include_str!("../../data/centres/syria-2015.yaml"),
)];

/// One value of the uptake axis.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum UptakeValue {
    /// Drawn from the declared prior.
    Prior,
    /// Fixed.
    Fixed(f64),
}

/// One value of the protection-rate axis.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ProtectionValue {
    /// The UNHCR decisions' rate with its spread.
    Decisions,
    /// Fixed.
    Fixed(f64),
}

/// Whose journeys a plan covers.
#[derive(Debug, Clone, PartialEq)]
pub enum PlanInput {
    /// An origin's applications in Europe.
    Origin(String),
    /// A conflict's arrivals in Europe, less what a reform would have averted.
    Conflict {
        /// The conflict's id.
        id: String,
        /// The reform.
        averted: Option<String>,
    },
}

/// A checked centre plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// Its name.
    pub name: String,
    /// What it is for.
    pub description: String,
    /// The file it was read from.
    pub file: String,
    /// The travellers.
    pub input: PlanInput,
    /// The year.
    pub year: Option<i32>,
    /// Named sites.
    pub sites: Option<Vec<String>>,
    /// Trials per cell.
    pub trials: Option<u64>,
    /// Master seed (every cell uses it: the cells differ only in their settings).
    pub seed: Option<u64>,
    /// The uptake axis.
    pub uptake: Vec<UptakeValue>,
    /// The protection-rate axis.
    pub protection: Vec<ProtectionValue>,
    /// The key axis.
    pub keys: Vec<Key>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlan {
    name: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    origin: Option<String>,
    #[serde(default)]
    conflict: Option<String>,
    #[serde(default)]
    averted: Option<String>,
    #[serde(default)]
    year: Option<i32>,
    #[serde(default)]
    sites: Option<Vec<String>>,
    #[serde(default)]
    trials: Option<u64>,
    #[serde(default)]
    seed: Option<u64>,
    grid: RawGrid,
}

/// A share or a word (`prior`, `decisions`).
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum ShareOrWord {
    Share(f64),
    Word(String),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGrid {
    #[serde(default)]
    uptake: Option<Vec<Spanned<ShareOrWord>>>,
    #[serde(default)]
    protection_rate: Option<Vec<Spanned<ShareOrWord>>>,
    #[serde(default)]
    key: Option<Vec<Spanned<String>>>,
}

fn share(file: &str, v: &Spanned<ShareOrWord>, key: &str, word: &str) -> Result<Option<f64>> {
    match &v.value {
        ShareOrWord::Word(w) if w.trim() == word => Ok(None),
        ShareOrWord::Share(x) if x.is_finite() && (0.0..=1.0).contains(x) => Ok(Some(*x)),
        other => Err(Error::input(
            at(file, v, key),
            format!(
                "expected `{word}` or a share from 0 to 1, found `{}`",
                match other {
                    ShareOrWord::Share(x) => x.to_string(),
                    ShareOrWord::Word(w) => w.clone(),
                }
            ),
        )),
    }
}

/// Reads a plan from its text (`file` names it in messages).
///
/// # Errors
/// A YAML or value error naming the file, line, column and key; neither or both of `origin`
/// and `conflict`; `averted` without `conflict`; an empty axis.
pub fn parse(text: &str, file: &str) -> Result<Plan> {
    let raw: RawPlan = crate::yaml::from_str(text, file)?;
    let place = |key: &str| crate::error::Place::file(file).key(key);
    let input = match (&raw.origin, &raw.conflict) {
        (Some(o), None) => {
            if raw.averted.is_some() {
                return Err(Error::input(
                    place("averted"),
                    "`averted` applies only with `conflict`",
                ));
            }
            PlanInput::Origin(o.clone())
        }
        (None, Some(c)) => PlanInput::Conflict {
            id: c.clone(),
            averted: raw.averted.clone(),
        },
        _ => {
            return Err(Error::input(
                place("origin"),
                "give exactly one of `origin` and `conflict`",
            ));
        }
    };
    let uptake = match &raw.grid.uptake {
        None => vec![UptakeValue::Prior],
        Some(list) => list
            .iter()
            .map(|v| {
                share(file, v, "grid.uptake", "prior")
                    .map(|x| x.map_or(UptakeValue::Prior, UptakeValue::Fixed))
            })
            .collect::<Result<_>>()?,
    };
    let protection = match &raw.grid.protection_rate {
        None => vec![ProtectionValue::Decisions],
        Some(list) => list
            .iter()
            .map(|v| {
                share(file, v, "grid.protection_rate", "decisions")
                    .map(|x| x.map_or(ProtectionValue::Decisions, ProtectionValue::Fixed))
            })
            .collect::<Result<_>>()?,
    };
    let keys = match &raw.grid.key {
        None => vec![Key::Un],
        Some(list) => list
            .iter()
            .map(|v| match v.value.trim() {
                "un" => Ok(Key::Un),
                "eu" => Ok(Key::Eu),
                "regional" => Ok(Key::Regional),
                other => Err(Error::input(
                    at(file, v, "grid.key"),
                    format!(
                        "unknown key `{other}`: expected un, eu or regional{}",
                        crate::error::did_you_mean(other, ["un", "eu", "regional"])
                    ),
                )),
            })
            .collect::<Result<_>>()?,
    };
    for (name, empty) in [
        ("grid.uptake", uptake.is_empty()),
        ("grid.protection_rate", protection.is_empty()),
        ("grid.key", keys.is_empty()),
    ] {
        if empty {
            return Err(Error::input(
                place(name),
                "an axis needs at least one value",
            ));
        }
    }
    Ok(Plan {
        name: raw.name,
        description: raw.description.trim().to_string(),
        file: file.to_string(),
        input,
        year: raw.year,
        sites: raw.sites,
        trials: raw.trials,
        seed: raw.seed,
        uptake,
        protection,
        keys,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_plan_reads() {
        let p = parse(SHIPPED[0].1, "syria-2015.yaml").unwrap();
        assert_eq!(p.input, PlanInput::Origin("SYR".into()));
        assert!(p.uptake.len() * p.protection.len() * p.keys.len() > 1);
    }

    #[test]
    fn a_bad_value_names_its_line_and_key() {
        let text = "name: x\norigin: SYR\ngrid:\n  uptake: [0.2, 1.5]\n";
        let err = parse(text, "p.yaml").unwrap_err().to_string();
        assert!(err.starts_with("p.yaml:4:"), "{err}");
        assert!(err.contains("grid.uptake") && err.contains("1.5"), "{err}");
        let err = parse(
            "name: x\norigin: SYR\ngrid:\n  key: [un, eu, regionl]\n",
            "p.yaml",
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("did you mean `regional`"), "{err}");
        let err = parse(
            "name: x\norigin: SYR\nconflict: syria\ngrid: {}\n",
            "p.yaml",
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("exactly one of `origin` and `conflict`"),
            "{err}"
        );
    }
}
