//! The vote model's parameters: read from YAML, validated, overridable by a scenario.
//!
//! The defaults live in `data/model/default.yaml` and are compiled into the binary; each value
//! carries a `# source:` comment saying where it comes from. A scenario may override any of
//! them (`model:`), and a separate parameter file can replace them whole. Reading follows the
//! two stages used for rules: raw serde structs with `deny_unknown_fields` and spans, then
//! checks (finite numbers, `sigma_draft >= 0`, cut-points `> 0`) that name the file, line,
//! column and key of a bad value.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use crate::error::{Error, Place, Result, did_you_mean};
use crate::world::{ActionKind, World};

/// The embedded default parameters.
pub const DEFAULT_YAML: &str = include_str!("../../data/model/default.yaml");
/// The name the embedded defaults carry in messages.
pub const DEFAULT_FILE: &str = "<embedded data/model/default.yaml>";

/// Parameters of the latent-support model (see [`crate::vote`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModelParams {
    /// `b_kind`: baseline support by kind of action proposed (every kind, `unknown` included).
    pub intercept: BTreeMap<ActionKind, f64>,
    /// `b_align`: weight of the alignment score `s_i`.
    pub align: f64,
    /// `b_sponsor`: added support of a sponsoring member.
    pub sponsor: f64,
    /// `b_target`: support removed from a member the draft targets.
    pub target: f64,
    /// `sigma_d`: standard deviation of the draft-level shock `eta_d` shared by all members.
    pub sigma_draft: f64,
    /// Abstention band of permanent seats: no when `U <= -cut_permanent`.
    pub cut_permanent: f64,
    /// Abstention band of every other seat (and of Assembly members).
    pub cut_elected: f64,
    /// A member's own effect on its support, relative to an elected seat (the pooled model's
    /// member effects, permanent seats' intercept included); 0 for a state not listed.
    pub member: BTreeMap<String, f64>,
}

impl ModelParams {
    /// The embedded defaults.
    ///
    /// # Errors
    /// Only if the embedded file is broken.
    pub fn embedded() -> Result<ModelParams> {
        parse_params(DEFAULT_YAML, DEFAULT_FILE)
    }

    /// The intercept of a kind of action.
    pub fn intercept_of(&self, kind: ActionKind) -> f64 {
        self.intercept.get(&kind).copied().unwrap_or(0.0)
    }

    /// A state's own effect (0 when it has none).
    pub fn member_of(&self, code: &str) -> f64 {
        self.member.get(code).copied().unwrap_or(0.0)
    }

    /// The cut-point of a seat.
    pub fn cut(&self, permanent: bool) -> f64 {
        if permanent {
            self.cut_permanent
        } else {
            self.cut_elected
        }
    }
}

/// The file layout: every field optional so that the same struct reads a full parameter file
/// and a scenario's partial overrides.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawParams {
    #[serde(default)]
    intercept: Option<Spanned<BTreeMap<String, Spanned<f64>>>>,
    #[serde(default)]
    align: Option<Spanned<f64>>,
    #[serde(default)]
    sponsor: Option<Spanned<f64>>,
    #[serde(default)]
    target: Option<Spanned<f64>>,
    #[serde(default)]
    sigma_draft: Option<Spanned<f64>>,
    #[serde(default)]
    cut_permanent: Option<Spanned<f64>>,
    #[serde(default)]
    cut_elected: Option<Spanned<f64>>,
    #[serde(default)]
    member: Option<Spanned<BTreeMap<String, Spanned<f64>>>>,
}

fn place<T>(file: &str, spanned: &Spanned<T>, key: &str) -> Place {
    let loc = &spanned.referenced;
    let p = Place::file(file).key(key);
    if loc.line() > 0 {
        p.at(loc.line(), loc.column())
    } else {
        p
    }
}

/// Parses and validates a complete parameter file: every field and every kind's intercept
/// must be given.
///
/// # Errors
/// [`Error::Input`] naming file, line, column and key: YAML errors, unknown fields, a missing
/// field, a non-finite number, a negative `sigma_draft`, a cut-point that is not positive.
pub fn parse_params(text: &str, file: &str) -> Result<ModelParams> {
    let raw: RawParams = crate::yaml::from_str(text, file)?;
    raw.resolve(None, file, "", None)
}

/// [`parse_params`], with every `member:` code checked against `world`'s states (the nearest
/// code is suggested for an unknown one).
///
/// # Errors
/// As [`parse_params`], and a member code that is not one of the world's states.
pub fn parse_params_for(text: &str, file: &str, world: &World) -> Result<ModelParams> {
    let raw: RawParams = crate::yaml::from_str(text, file)?;
    raw.resolve(None, file, "", Some(world))
}

impl RawParams {
    /// Validates the given fields and fills the others from `base` (all required without one).
    /// `prefix` is prepended to keys in messages (`model.` inside a scenario).
    pub(crate) fn resolve(
        &self,
        base: Option<&ModelParams>,
        file: &str,
        prefix: &str,
        world: Option<&World>,
    ) -> Result<ModelParams> {
        let scalar = |value: &Option<Spanned<f64>>,
                      key: &str,
                      fallback: Option<f64>,
                      check: Check|
         -> Result<f64> {
            let full = format!("{prefix}{key}");
            match value {
                Some(v) => {
                    check
                        .apply(v.value)
                        .map_err(|m| Error::input(place(file, v, &full), m))?;
                    Ok(v.value)
                }
                None => fallback.ok_or_else(|| {
                    Error::input(
                        Place::file(file).key(&full),
                        format!("missing `{full}`: {}", check.expects()),
                    )
                }),
            }
        };
        let mut intercept = base.map(|b| b.intercept.clone()).unwrap_or_default();
        if let Some(map) = &self.intercept {
            for (name, value) in &map.value {
                let key = format!("{prefix}intercept.{name}");
                let Some(kind) = ActionKind::parse(name) else {
                    let names = ActionKind::ALL.map(ActionKind::as_str);
                    return Err(Error::input(
                        place(file, value, &key),
                        format!(
                            "unknown kind of action `{name}`: expected one of {}{}",
                            names.join(", "),
                            did_you_mean(name, names)
                        ),
                    ));
                };
                Check::Finite
                    .apply(value.value)
                    .map_err(|m| Error::input(place(file, value, &key), m))?;
                intercept.insert(kind, value.value);
            }
        }
        for kind in ActionKind::ALL {
            if !intercept.contains_key(&kind) {
                let key = format!("{prefix}intercept.{}", kind.as_str());
                let at = match &self.intercept {
                    Some(map) => place(file, map, &key),
                    None => Place::file(file).key(&key),
                };
                return Err(Error::input(
                    at,
                    format!("missing intercept for kind `{kind}`: every kind needs one"),
                ));
            }
        }
        let mut member = base.map(|b| b.member.clone()).unwrap_or_default();
        if let Some(map) = &self.member {
            for (code, value) in &map.value {
                let key = format!("{prefix}member.{code}");
                let known = match world {
                    Some(w) => w.state_index(code).is_some(),
                    None => is_member_code(code),
                };
                if !known {
                    let hint = world
                        .and_then(|w| w.suggest_state(code))
                        .map(|s| format!(" (did you mean `{s}`?)"))
                        .unwrap_or_default();
                    return Err(Error::input(
                        place(file, value, &key),
                        format!(
                            "unknown state `{code}`: expected the ISO3 code of a UN member state{hint}"
                        ),
                    ));
                }
                Check::Finite
                    .apply(value.value)
                    .map_err(|m| Error::input(place(file, value, &key), m))?;
                member.insert(code.clone(), value.value);
            }
        }
        Ok(ModelParams {
            member,
            intercept,
            align: scalar(&self.align, "align", base.map(|b| b.align), Check::Finite)?,
            sponsor: scalar(
                &self.sponsor,
                "sponsor",
                base.map(|b| b.sponsor),
                Check::Finite,
            )?,
            target: scalar(
                &self.target,
                "target",
                base.map(|b| b.target),
                Check::Finite,
            )?,
            sigma_draft: scalar(
                &self.sigma_draft,
                "sigma_draft",
                base.map(|b| b.sigma_draft),
                Check::NonNegative,
            )?,
            cut_permanent: scalar(
                &self.cut_permanent,
                "cut_permanent",
                base.map(|b| b.cut_permanent),
                Check::Positive,
            )?,
            cut_elected: scalar(
                &self.cut_elected,
                "cut_elected",
                base.map(|b| b.cut_elected),
                Check::Positive,
            )?,
        })
    }
}

/// Three capital letters (the world checks the code itself where a state is looked up).
fn is_member_code(code: &str) -> bool {
    code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase())
}

#[derive(Clone, Copy)]
enum Check {
    Finite,
    NonNegative,
    Positive,
}

impl Check {
    fn expects(self) -> &'static str {
        match self {
            Check::Finite => "expected a finite number",
            Check::NonNegative => "expected a finite number of at least 0",
            Check::Positive => "expected a finite number above 0",
        }
    }

    fn apply(self, v: f64) -> std::result::Result<(), String> {
        let ok = v.is_finite()
            && match self {
                Check::Finite => true,
                Check::NonNegative => v >= 0.0,
                Check::Positive => v > 0.0,
            };
        if ok {
            Ok(())
        } else {
            Err(format!("{}, got {v}", self.expects()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_defaults_parse_with_every_kind() {
        let p = ModelParams::embedded().unwrap();
        assert_eq!(p.intercept.len(), ActionKind::ALL.len());
        assert!(p.sigma_draft >= 0.0 && p.cut_permanent > 0.0 && p.cut_elected > 0.0);
    }

    #[test]
    fn non_finite_value_names_line_and_key() {
        let text = DEFAULT_YAML.replace("\nalign:", "\nalign: .nan\nalign_old:");
        let err = parse_params(&text, "m.yaml").unwrap_err().to_string();
        assert!(err.starts_with("m.yaml:"), "{err}");
        // Either the unknown field or the NaN is reported, with a location.
        let line_text = text
            .lines()
            .position(|l| l.starts_with("align: .nan"))
            .unwrap()
            + 1;
        assert!(
            err.contains(&format!(":{line_text}:")) || err.contains("align_old"),
            "{err}"
        );
        let only_nan = DEFAULT_YAML
            .lines()
            .map(|l| {
                if l.starts_with("align:") {
                    "align: .inf".to_string()
                } else {
                    l.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        let err = parse_params(&only_nan, "m.yaml").unwrap_err().to_string();
        assert!(
            err.contains(&format!("m.yaml:{line_text}:")) && err.contains("key `align`"),
            "{err}"
        );
    }

    #[test]
    fn negative_sigma_and_zero_cut_are_rejected() {
        let bad = |key: &str, value: &str| {
            let text = DEFAULT_YAML
                .lines()
                .map(|l| {
                    if l.starts_with(&format!("{key}:")) {
                        format!("{key}: {value}")
                    } else {
                        l.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join("\n");
            parse_params(&text, "m.yaml").unwrap_err().to_string()
        };
        assert!(bad("sigma_draft", "-0.1").contains("key `sigma_draft`"));
        assert!(bad("cut_elected", "0").contains("above 0"));
    }

    #[test]
    fn overrides_fill_from_the_base() {
        let base = ModelParams::embedded().unwrap();
        let raw: RawParams =
            serde_saphyr::from_str("align: 2.5\nintercept: { sanctions: -1 }\n").unwrap();
        let p = raw.resolve(Some(&base), "s.yaml", "model.", None).unwrap();
        assert_eq!(p.align, 2.5);
        assert_eq!(p.intercept_of(ActionKind::Sanctions), -1.0);
        assert_eq!(p.sponsor, base.sponsor);
        let raw: RawParams = serde_saphyr::from_str("intercept: { sanction: -1 }\n").unwrap();
        let err = raw
            .resolve(Some(&base), "s.yaml", "model.", None)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("model.intercept.sanction") && err.contains("did you mean `sanctions`"),
            "{err}"
        );
    }

    #[test]
    fn unknown_field_is_rejected() {
        let err = parse_params(&format!("{DEFAULT_YAML}\ncolour: 1\n"), "m.yaml")
            .unwrap_err()
            .to_string();
        assert!(err.contains("colour"), "{err}");
    }
}
