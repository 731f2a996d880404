//! The fields a sweep can vary, their values, and how a value changes a scenario.
//!
//! A field is named by its path in the files it comes from: a rule field as in a rule file
//! (`quota`, `veto.negatives_to_block`, `veto.holders`, `abstention_blocks`,
//! `restraint.compliance`, `restraint.members`, `override.majority`), a scenario field as in a
//! scenario file (`council`, `window`, `drafts`), a model parameter as in
//! `data/model/default.yaml` behind `model.` (`model.align`, `model.intercept.sanctions`...).
//! An unknown name is rejected with the nearest known one.

use std::fmt;

use serde::Serialize;

use crate::error::nearest;
use crate::flows::priors::ElasticityPrior;
use crate::rules::{Override, Rule};
use crate::scenario::{CouncilChoice, Scenario};
use crate::vote::DraftSpec;
use crate::world::ActionKind;

/// A parameter of the vote model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModelField {
    /// `model.align`.
    Align,
    /// `model.sponsor`.
    Sponsor,
    /// `model.target`.
    Target,
    /// `model.sigma_draft`.
    SigmaDraft,
    /// `model.cut_permanent`.
    CutPermanent,
    /// `model.cut_elected`.
    CutElected,
    /// `model.intercept.<kind>`.
    Intercept(ActionKind),
}

/// A field a sweep axis varies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// `quota`: affirmative votes needed.
    Quota,
    /// `veto.negatives_to_block`.
    NegativesToBlock,
    /// `veto.holders`: a list of permanent members.
    Holders,
    /// `abstention_blocks`.
    AbstentionBlocks,
    /// `restraint.compliance`: a probability.
    Compliance,
    /// `restraint.members`: a list of veto holders.
    RestraintMembers,
    /// `override.majority`: `"p/q"` or `none`.
    OverrideMajority,
    /// `council`: the year whose Council votes on every draft.
    Council,
    /// `window`: the alignment window.
    Window,
    /// `drafts`: one symbol or a list of symbols from the record.
    Drafts,
    /// A model parameter.
    Model(ModelField),
    /// `conflicts`: one conflict id or a list of them, for the flow estimate.
    Conflicts,
    /// `flows.elasticity`: the elasticity of refugee outflows to battle deaths, held fixed
    /// (instead of the calibrated estimate with its uncertainty).
    FlowElasticity,
    /// `flows.effect_scale`: every kind of action's effect on battle deaths scaled on the log
    /// scale, `1 + change -> (1 + change)^s` for the median and both ends of its interval (0:
    /// no effect; 1: the priors as written).
    FlowEffectScale,
}

/// The kind of value a field takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A whole number.
    Int,
    /// A number.
    Num,
    /// `true` or `false`.
    Bool,
    /// A text.
    Text,
    /// One code or a list of codes.
    List,
}

const SCALARS: &[(&str, Field)] = &[
    ("quota", Field::Quota),
    ("veto.negatives_to_block", Field::NegativesToBlock),
    ("veto.holders", Field::Holders),
    ("abstention_blocks", Field::AbstentionBlocks),
    ("restraint.compliance", Field::Compliance),
    ("restraint.members", Field::RestraintMembers),
    ("override.majority", Field::OverrideMajority),
    ("council", Field::Council),
    ("window", Field::Window),
    ("drafts", Field::Drafts),
    ("model.align", Field::Model(ModelField::Align)),
    ("model.sponsor", Field::Model(ModelField::Sponsor)),
    ("model.target", Field::Model(ModelField::Target)),
    ("model.sigma_draft", Field::Model(ModelField::SigmaDraft)),
    (
        "model.cut_permanent",
        Field::Model(ModelField::CutPermanent),
    ),
    ("model.cut_elected", Field::Model(ModelField::CutElected)),
    ("conflicts", Field::Conflicts),
    ("flows.elasticity", Field::FlowElasticity),
    ("flows.effect_scale", Field::FlowEffectScale),
];

impl Field {
    /// Every field name a sweep accepts.
    pub fn names() -> Vec<String> {
        let mut names: Vec<String> = SCALARS.iter().map(|(n, _)| n.to_string()).collect();
        names.extend(
            ActionKind::ALL
                .iter()
                .map(|k| format!("model.intercept.{}", k.as_str())),
        );
        names
    }

    /// The field called `name`.
    ///
    /// # Errors
    /// A message listing the fields, with the nearest name (or the one field whose last part
    /// is `name`).
    pub fn parse(name: &str) -> Result<Field, String> {
        let name = name.trim();
        if let Some((_, f)) = SCALARS.iter().find(|(n, _)| *n == name) {
            return Ok(*f);
        }
        if let Some(kind) = name.strip_prefix("model.intercept.")
            && let Some(k) = ActionKind::parse(kind)
        {
            return Ok(Field::Model(ModelField::Intercept(k)));
        }
        let names = Field::names();
        let by_suffix: Vec<&String> = names
            .iter()
            .filter(|n| n.ends_with(&format!(".{name}")))
            .collect();
        let hint = match by_suffix.as_slice() {
            [one] => Some(one.as_str()),
            _ => nearest(name, names.iter().map(String::as_str)),
        };
        Err(format!(
            "unknown field `{name}`{}; a sweep can vary {}",
            hint.map_or(String::new(), |h| format!(" (did you mean `{h}`?)")),
            names.join(", ")
        ))
    }

    /// The field's name as written in sweep files.
    pub fn name(self) -> String {
        match self {
            Field::Model(ModelField::Intercept(k)) => format!("model.intercept.{}", k.as_str()),
            f => SCALARS
                .iter()
                .find(|(_, g)| *g == f)
                .map_or_else(String::new, |(n, _)| n.to_string()),
        }
    }

    /// The kind of value it takes.
    pub fn kind(self) -> Kind {
        match self {
            Field::Quota | Field::NegativesToBlock | Field::Council => Kind::Int,
            Field::Compliance
            | Field::Model(_)
            | Field::FlowElasticity
            | Field::FlowEffectScale => Kind::Num,
            Field::AbstentionBlocks => Kind::Bool,
            Field::OverrideMajority | Field::Window => Kind::Text,
            Field::Holders | Field::RestraintMembers | Field::Drafts | Field::Conflicts => {
                Kind::List
            }
        }
    }

    /// Whether it is a field of the rules (and so takes `rules:`).
    pub fn is_rule_field(self) -> bool {
        matches!(
            self,
            Field::Quota
                | Field::NegativesToBlock
                | Field::Holders
                | Field::AbstentionBlocks
                | Field::Compliance
                | Field::RestraintMembers
                | Field::OverrideMajority
        )
    }

    /// Whether it changes the flow estimate only (a sweep with such an axis estimates flows).
    pub fn is_flow_field(self) -> bool {
        matches!(
            self,
            Field::Conflicts | Field::FlowElasticity | Field::FlowEffectScale
        )
    }

    /// Whether it changes who sits or what is voted on (checked by building the plans).
    pub fn is_structural(self) -> bool {
        matches!(self, Field::Council | Field::Window | Field::Drafts)
    }

    /// Whether a rule has the part of the rule this field changes (every rule has a quota; a
    /// veto field needs a veto; a restraint field needs restraint).
    pub fn applies_to(self, rule: &Rule) -> bool {
        match self {
            Field::NegativesToBlock | Field::Holders => rule.veto.is_some(),
            Field::Compliance | Field::RestraintMembers => rule.restraint.is_some(),
            Field::OverrideMajority => rule.override_majority.is_some(),
            _ => true,
        }
    }
}

/// One value of an axis.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A whole number.
    Int(i64),
    /// A number.
    Num(f64),
    /// A truth value.
    Bool(bool),
    /// A text.
    Text(String),
    /// A list of codes.
    List(Vec<String>),
}

impl Serialize for Value {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Int(i) => s.serialize_i64(*i),
            Value::Num(x) => s.serialize_f64(*x),
            Value::Bool(b) => s.serialize_bool(*b),
            Value::Text(t) => s.serialize_str(t),
            Value::List(l) => l.serialize(s),
        }
    }
}

impl fmt::Display for Value {
    /// As in a CSV cell: numbers as in JSON, lists joined with `;`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Int(i) => write!(f, "{i}"),
            Value::Num(x) => f.write_str(&serde_json::to_string(x).unwrap_or_default()),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Text(t) => f.write_str(t),
            Value::List(l) => f.write_str(&l.join(";")),
        }
    }
}

impl Value {
    /// The value as a number, when it is one.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Int(i) => Some(*i as f64),
            Value::Num(x) => Some(*x),
            _ => None,
        }
    }
}

/// A majority such as `2/3`, as an override rule reads it; `None` for `none`.
///
/// # Errors
/// A message when the text is neither `none` nor a fraction from 1/2 to 1/1.
pub fn parse_majority(text: &str) -> Result<Option<Override>, String> {
    let t = text.trim();
    if t.eq_ignore_ascii_case("none") {
        return Ok(None);
    }
    let parsed = t
        .split_once('/')
        .and_then(|(p, q)| Some((p.trim().parse::<u32>().ok()?, q.trim().parse::<u32>().ok()?)));
    match parsed {
        Some((p, q)) if q > 0 && 2 * p >= q && p <= q => Ok(Some(Override {
            numerator: p,
            denominator: q,
        })),
        _ => Err(format!(
            "expected `none` or a fraction from 1/2 to 1/1 such as \"2/3\", got `{t}`"
        )),
    }
}

/// What a rule check found wrong, so that the axis to blame can be chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RuleCheck {
    Quota,
    Negatives,
    Members,
}

/// Checks what varying fields can break in a rule.
pub(crate) fn check_rule(rule: &Rule) -> Result<(), (RuleCheck, String)> {
    if rule.quota < 1 || rule.quota > rule.seats() {
        return Err((
            RuleCheck::Quota,
            format!(
                "quota {} does not fit rule `{}`: expected 1 to its {} seats",
                rule.quota,
                rule.name,
                rule.seats()
            ),
        ));
    }
    if let Some(veto) = &rule.veto {
        let k = veto.negatives_to_block as usize;
        if k < 1 || k > veto.holders.len() {
            return Err((
                RuleCheck::Negatives,
                format!(
                    "negatives_to_block {} does not fit rule `{}`: expected 1 to its {} veto holders",
                    k,
                    rule.name,
                    veto.holders.len()
                ),
            ));
        }
    }
    if let Some(r) = &rule.restraint {
        for m in &r.members {
            if !rule.is_veto_holder(m) {
                return Err((
                    RuleCheck::Members,
                    format!(
                        "`{m}` pledges restraint under rule `{}` but holds no veto there",
                        rule.name
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// Sets `field` to `value` in `scenario` (in the rules at `rules` for a rule field).
/// `drafts` holds the resolved drafts of a `drafts` value.
///
/// # Errors
/// A message when the value does not fit (a list of holders naming a non-permanent member).
pub(crate) fn apply(
    scenario: &mut Scenario,
    field: Field,
    rules: &[usize],
    value: &Value,
    drafts: Option<&Vec<DraftSpec>>,
) -> Result<(), String> {
    let num = || value.as_f64().unwrap_or(f64::NAN);
    let int = || match value {
        Value::Int(i) => *i,
        _ => -1,
    };
    let list = || match value {
        Value::List(l) => l.clone(),
        Value::Text(t) => vec![t.clone()],
        _ => Vec::new(),
    };
    match field {
        Field::Model(m) => {
            let x = num();
            let p = &mut scenario.model;
            match m {
                ModelField::Align => p.align = x,
                ModelField::Sponsor => p.sponsor = x,
                ModelField::Target => p.target = x,
                ModelField::SigmaDraft => p.sigma_draft = x,
                ModelField::CutPermanent => p.cut_permanent = x,
                ModelField::CutElected => p.cut_elected = x,
                ModelField::Intercept(k) => {
                    p.intercept.insert(k, x);
                }
            }
        }
        Field::Council => scenario.council = Some(CouncilChoice::Year(int() as i32)),
        Field::Window => {
            if let Value::Text(t) = value {
                scenario.window = t.clone();
            }
        }
        Field::Drafts => {
            if let Some(d) = drafts {
                scenario.drafts = d.clone();
            }
        }
        Field::Conflicts => scenario.conflicts = list(),
        Field::FlowElasticity => {
            scenario.flow_priors.elasticity = ElasticityPrior::Declared {
                mean: num(),
                sd: 0.0,
                source: format!("sweep axis flows.elasticity = {}", num()),
            };
        }
        Field::FlowEffectScale => {
            let scale = num();
            let scaled = |change: f64| (change.ln_1p() * scale).exp_m1();
            for e in scenario.flow_priors.effects.values_mut() {
                e.change = scaled(e.change);
                e.interval90 = [scaled(e.interval90[0]), scaled(e.interval90[1])];
            }
        }
        _ => {
            for &r in rules {
                let rule = &mut scenario.rules[r];
                match field {
                    Field::Quota => rule.quota = int() as u32,
                    Field::NegativesToBlock => {
                        if let Some(v) = &mut rule.veto {
                            v.negatives_to_block = int() as u32;
                        }
                    }
                    Field::Holders => {
                        let codes = list();
                        for c in &codes {
                            if !rule.permanent.contains(c) {
                                return Err(format!(
                                    "`{c}` would hold a veto but is not a permanent member of rule `{}`",
                                    rule.name
                                ));
                            }
                        }
                        if let Some(v) = &mut rule.veto {
                            v.holders = codes;
                        }
                    }
                    Field::AbstentionBlocks => {
                        if let Value::Bool(b) = value {
                            rule.abstention_blocks = *b;
                        }
                    }
                    Field::Compliance => {
                        if let Some(x) = &mut rule.restraint {
                            x.compliance = num();
                        }
                    }
                    Field::RestraintMembers => {
                        if let Some(x) = &mut rule.restraint {
                            x.members = list();
                        }
                    }
                    Field::OverrideMajority => {
                        if let Value::Text(t) = value {
                            rule.override_majority = parse_majority(t)?;
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for name in Field::names() {
            assert_eq!(Field::parse(&name).unwrap().name(), name);
        }
    }

    #[test]
    fn unknown_field_suggests_the_nearest() {
        let m = Field::parse("quorum").unwrap_err();
        assert!(m.contains("did you mean `quota`"), "{m}");
        let m = Field::parse("negatives_to_block").unwrap_err();
        assert!(m.contains("did you mean `veto.negatives_to_block`"), "{m}");
        let m = Field::parse("model.allign").unwrap_err();
        assert!(m.contains("did you mean `model.align`"), "{m}");
    }

    #[test]
    fn majorities_parse_like_rules() {
        assert_eq!(
            parse_majority("2/3").unwrap(),
            Some(Override {
                numerator: 2,
                denominator: 3
            })
        );
        assert_eq!(parse_majority("none").unwrap(), None);
        assert!(parse_majority("1/3").is_err());
    }

    #[test]
    fn values_render_for_csv() {
        assert_eq!(Value::Num(0.25).to_string(), "0.25");
        assert_eq!(Value::Num(1.0).to_string(), "1.0");
        assert_eq!(
            Value::List(vec!["FRA".into(), "GBR".into()]).to_string(),
            "FRA;GBR"
        );
    }
}
