//! Reading rules from YAML: raw serde structs first, then validation into [`Rule`].
//!
//! The raw structs mirror the file (`deny_unknown_fields`, spans kept on every value that
//! validation may reject), so that each error names the file, line, column and key. YAML
//! syntax, unknown fields and duplicate keys are reported by serde-saphyr with their
//! location; the checks here cover what YAML cannot say (a quota above the seats, a veto
//! needing more negatives than there are holders, an unknown state code).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

use super::{Override, Restraint, Rule, SeatCount, Veto};
use crate::error::{Error, Place, Result, did_you_mean};
use crate::world::RegionalGroup;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    name: Spanned<String>,
    #[serde(default)]
    description: String,
    #[serde(default)]
    source: String,
    seats: Spanned<RawSeats>,
    quota: Spanned<i64>,
    #[serde(default)]
    veto: Option<Spanned<RawVeto>>,
    #[serde(default)]
    abstention_blocks: bool,
    #[serde(default)]
    restraint: Option<Spanned<RawRestraint>>,
    #[serde(default, rename = "override")]
    override_majority: Option<Spanned<RawOverride>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSeats {
    #[serde(default)]
    permanent: Vec<Spanned<String>>,
    #[serde(default)]
    elected: Option<Spanned<RawSeatCount>>,
    #[serde(default)]
    long_term: Option<Spanned<RawSeatCount>>,
    #[serde(default)]
    candidates: Vec<Spanned<String>>,
}

/// `10` or `{ African: 3, Asia-Pacific: 2, ... }`.
#[derive(Debug)]
enum RawSeatCount {
    Total(i64),
    ByGroup(Vec<(String, i64)>),
}

impl<'de> Deserialize<'de> for RawSeatCount {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SeatVisitor;
        impl<'de> Visitor<'de> for SeatVisitor {
            type Value = RawSeatCount;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number of seats, or a map from regional group to seats")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawSeatCount, E> {
                Ok(RawSeatCount::Total(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawSeatCount, E> {
                i64::try_from(v)
                    .map(RawSeatCount::Total)
                    .map_err(|_| E::custom("too many seats"))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawSeatCount, A::Error> {
                let mut groups = Vec::new();
                while let Some((group, seats)) = map.next_entry::<String, i64>()? {
                    groups.push((group, seats));
                }
                Ok(RawSeatCount::ByGroup(groups))
            }
        }
        deserializer.deserialize_any(SeatVisitor)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawVeto {
    holders: Spanned<RawHolders>,
    /// One when absent, as under the Charter.
    #[serde(default)]
    negatives_to_block: Option<Spanned<i64>>,
}

/// `permanent` or a list of ISO3 codes.
#[derive(Debug)]
enum RawHolders {
    Keyword(String),
    Codes(Vec<String>),
}

impl<'de> Deserialize<'de> for RawHolders {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct HoldersVisitor;
        impl<'de> Visitor<'de> for HoldersVisitor {
            type Value = RawHolders;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("`permanent` or a list of ISO3 codes")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawHolders, E> {
                Ok(RawHolders::Keyword(v.to_string()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawHolders, A::Error> {
                let mut codes = Vec::new();
                while let Some(code) = seq.next_element::<String>()? {
                    codes.push(code);
                }
                Ok(RawHolders::Codes(codes))
            }
        }
        deserializer.deserialize_any(HoldersVisitor)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRestraint {
    on: Spanned<String>,
    members: Spanned<Vec<String>>,
    compliance: Spanned<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOverride {
    body: Spanned<String>,
    majority: Spanned<String>,
}

/// Parses and validates a rule.
///
/// `file` names the input in messages; `known_codes` are the ISO3 codes a seat or veto may
/// name (the world's states).
///
/// # Errors
/// [`Error::Input`] naming file, line, column and key for YAML errors, unknown fields,
/// duplicate keys and every failed check.
pub fn parse_rule(text: &str, file: &str, known_codes: &[&str]) -> Result<Rule> {
    let raw: RawRule = crate::yaml::from_str(text, file)?;
    Validator { file, known_codes }.rule(raw)
}

struct Validator<'a> {
    file: &'a str,
    known_codes: &'a [&'a str],
}

impl Validator<'_> {
    fn at<T>(&self, spanned: &Spanned<T>, key: &str) -> Place {
        crate::input::at(self.file, spanned, key)
    }

    fn fail<T, V>(&self, spanned: &Spanned<V>, key: &str, message: impl Into<String>) -> Result<T> {
        Err(Error::input(self.at(spanned, key), message))
    }

    fn code(&self, code: &str, spanned_at: &Spanned<impl Sized>, key: &str) -> Result<String> {
        let upper = code.trim().to_uppercase();
        if self.known_codes.contains(&upper.as_str()) {
            return Ok(upper);
        }
        self.fail(
            spanned_at,
            key,
            format!(
                "unknown ISO3 code `{code}`: expected a UN member state{}",
                did_you_mean(&upper, self.known_codes.iter().copied())
            ),
        )
    }

    fn rule(&self, raw: RawRule) -> Result<Rule> {
        let name = raw.name.value.trim().to_string();
        if name.is_empty() {
            return self.fail(&raw.name, "name", "a rule needs a non-empty name");
        }

        let seats = &raw.seats.value;
        let mut permanent = Vec::new();
        let mut seen = BTreeSet::new();
        for code in &seats.permanent {
            let code_value = self.code(&code.value, code, "seats.permanent")?;
            if !seen.insert(code_value.clone()) {
                return self.fail(
                    code,
                    "seats.permanent",
                    format!("`{code_value}` is listed twice as a permanent member"),
                );
            }
            permanent.push(code_value);
        }
        let elected = match &seats.elected {
            Some(count) => self.seat_count(count, "seats.elected")?,
            None => SeatCount::Total(0),
        };
        let long_term = match &seats.long_term {
            Some(count) => Some(self.seat_count(count, "seats.long_term")?),
            None => None,
        };
        let mut candidates = Vec::new();
        for code in &seats.candidates {
            let code_value = self.code(&code.value, code, "seats.candidates")?;
            if permanent.contains(&code_value) {
                return self.fail(
                    code,
                    "seats.candidates",
                    format!(
                        "`{code_value}` is a permanent member and cannot also stand for election"
                    ),
                );
            }
            if candidates.contains(&code_value) {
                return self.fail(
                    code,
                    "seats.candidates",
                    format!("`{code_value}` is listed twice as a candidate"),
                );
            }
            candidates.push(code_value);
        }
        let total = permanent.len() as i64
            + elected.total() as i64
            + long_term.as_ref().map_or(0, |s| s.total() as i64);
        if total == 0 {
            return self.fail(
                &raw.seats,
                "seats",
                "the council has no seats: name permanent members or elected seats",
            );
        }

        let quota = raw.quota.value;
        if quota < 1 {
            return self.fail(
                &raw.quota,
                "quota",
                format!("quota must be at least 1, got {quota}"),
            );
        }
        if quota > total {
            return self.fail(
                &raw.quota,
                "quota",
                format!(
                    "quota {quota} is larger than the {total} seats: no draft could ever be adopted"
                ),
            );
        }

        let veto = match &raw.veto {
            Some(veto) => Some(self.veto(veto, &permanent)?),
            None => None,
        };

        let restraint = match &raw.restraint {
            Some(r) => Some(self.restraint(r, veto.as_ref())?),
            None => None,
        };
        let override_majority = match &raw.override_majority {
            Some(o) => Some(self.override_majority(o)?),
            None => None,
        };

        Ok(Rule {
            name,
            description: raw.description.trim().to_string(),
            source: raw.source.trim().to_string(),
            permanent,
            elected,
            long_term,
            candidates,
            quota: quota as u32,
            veto,
            abstention_blocks: raw.abstention_blocks,
            restraint,
            override_majority,
        })
    }

    fn seat_count(&self, raw: &Spanned<RawSeatCount>, key: &str) -> Result<SeatCount> {
        match &raw.value {
            RawSeatCount::Total(n) => {
                if *n < 0 || *n > 193 {
                    return self.fail(raw, key, format!("expected 0 to 193 seats, got {n}"));
                }
                Ok(SeatCount::Total(*n as u32))
            }
            RawSeatCount::ByGroup(groups) => {
                let mut map = BTreeMap::new();
                for (group, n) in groups {
                    let Some(parsed) = RegionalGroup::parse(group) else {
                        let names = RegionalGroup::ALL.map(RegionalGroup::name);
                        return self.fail(
                            raw,
                            &format!("{key}.{group}"),
                            format!(
                                "unknown regional group `{group}`: expected one of {}{}",
                                names.join(", "),
                                did_you_mean(group, names)
                            ),
                        );
                    };
                    if *n < 0 || *n > 193 {
                        return self.fail(
                            raw,
                            &format!("{key}.{group}"),
                            format!("expected 0 to 193 seats, got {n}"),
                        );
                    }
                    if map.insert(parsed, *n as u32).is_some() {
                        return self.fail(
                            raw,
                            &format!("{key}.{group}"),
                            format!("group `{group}` is given twice"),
                        );
                    }
                }
                Ok(SeatCount::ByGroup(map))
            }
        }
    }

    fn veto(&self, raw: &Spanned<RawVeto>, permanent: &[String]) -> Result<Veto> {
        let holders = match &raw.value.holders.value {
            RawHolders::Keyword(word) if word.trim().eq_ignore_ascii_case("permanent") => {
                permanent.to_vec()
            }
            RawHolders::Keyword(word) => {
                return self.fail(
                    &raw.value.holders,
                    "veto.holders",
                    format!("expected `permanent` or a list of ISO3 codes, got `{word}`"),
                );
            }
            RawHolders::Codes(codes) => {
                let mut holders = Vec::new();
                for code in codes {
                    let code = self.code(code, &raw.value.holders, "veto.holders")?;
                    if !permanent.contains(&code) {
                        return self.fail(
                            &raw.value.holders,
                            "veto.holders",
                            format!(
                                "`{code}` holds a veto but is not a permanent member of this rule"
                            ),
                        );
                    }
                    if holders.contains(&code) {
                        return self.fail(
                            &raw.value.holders,
                            "veto.holders",
                            format!("`{code}` is listed twice"),
                        );
                    }
                    holders.push(code);
                }
                holders
            }
        };
        if holders.is_empty() {
            return self.fail(
                &raw.value.holders,
                "veto.holders",
                "a veto needs at least one holder (omit `veto` for a rule without one)",
            );
        }
        let Some(k) = &raw.value.negatives_to_block else {
            return Ok(Veto {
                holders,
                negatives_to_block: 1,
            });
        };
        if k.value < 1 || k.value > holders.len() as i64 {
            return self.fail(
                k,
                "veto.negatives_to_block",
                format!(
                    "negatives_to_block must be between 1 and the {} veto holders, got {}",
                    holders.len(),
                    k.value
                ),
            );
        }
        Ok(Veto {
            holders,
            negatives_to_block: k.value as u32,
        })
    }

    fn restraint(&self, raw: &Spanned<RawRestraint>, veto: Option<&Veto>) -> Result<Restraint> {
        let r = &raw.value;
        if !r.on.value.trim().eq_ignore_ascii_case("atrocity") {
            return self.fail(
                &r.on,
                "restraint.on",
                format!(
                    "expected `atrocity` (restraint applies to mass-atrocity drafts), got `{}`",
                    r.on.value
                ),
            );
        }
        let Some(veto) = veto else {
            return self.fail(
                raw,
                "restraint",
                "restraint needs a veto to restrain: this rule has none",
            );
        };
        let mut members = Vec::new();
        for code in &r.members.value {
            let code = self.code(code, &r.members, "restraint.members")?;
            if !veto.holders.contains(&code) {
                return self.fail(
                    &r.members,
                    "restraint.members",
                    format!("`{code}` pledges restraint but holds no veto under this rule"),
                );
            }
            if !members.contains(&code) {
                members.push(code);
            }
        }
        let c = r.compliance.value;
        if !c.is_finite() || !(0.0..=1.0).contains(&c) {
            return self.fail(
                &r.compliance,
                "restraint.compliance",
                format!("compliance is a probability: expected a number from 0 to 1, got {c}"),
            );
        }
        Ok(Restraint {
            members,
            compliance: c,
        })
    }

    fn override_majority(&self, raw: &Spanned<RawOverride>) -> Result<Override> {
        let o = &raw.value;
        if !o.body.value.trim().eq_ignore_ascii_case("general-assembly") {
            return self.fail(
                &o.body,
                "override.body",
                format!("expected `general-assembly`, got `{}`", o.body.value),
            );
        }
        let text = o.majority.value.trim();
        let parsed = text.split_once('/').and_then(|(p, q)| {
            Some((p.trim().parse::<u32>().ok()?, q.trim().parse::<u32>().ok()?))
        });
        match parsed {
            Some((p, q)) if q > 0 && 2 * p >= q && p <= q => Ok(Override {
                numerator: p,
                denominator: q,
            }),
            _ => self.fail(
                &o.majority,
                "override.majority",
                format!("expected a fraction from 1/2 to 1/1 such as \"2/3\", got `{text}`"),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CODES: [&str; 12] = [
        "CHN", "FRA", "GBR", "RUS", "USA", "BRA", "DEU", "IND", "JPN", "NGA", "ZAF", "EGY",
    ];

    fn parse(text: &str) -> Result<Rule> {
        parse_rule(text, "rule.yaml", &CODES)
    }

    const PRESENT: &str = "name: present
seats:
  permanent: [CHN, FRA, GBR, RUS, USA]
  elected: 10
quota: 9
veto: { holders: permanent, negatives_to_block: 1 }
";

    #[test]
    fn present_rule_parses() {
        let rule = parse(PRESENT).unwrap();
        assert_eq!(rule.seats(), 15);
        assert_eq!(rule.quota, 9);
        assert_eq!(rule.veto.unwrap().holders.len(), 5);
    }

    #[test]
    fn elected_seats_by_group_and_explicit_holders() {
        let rule = parse(
            "name: x
seats:
  permanent: [CHN, FRA, GBR, RUS, USA, BRA]
  elected: { African: 3, Asia-Pacific: 2, WEOG: 1 }
quota: 8
veto: { holders: [CHN, FRA, GBR, RUS, USA] }
restraint: { on: atrocity, members: [FRA, GBR], compliance: 0.5 }
override: { body: general-assembly, majority: \"2/3\" }
",
        )
        .unwrap();
        assert_eq!(rule.seats(), 12);
        assert!(!rule.is_veto_holder("BRA"));
        assert_eq!(rule.veto.unwrap().negatives_to_block, 1);
        assert_eq!(rule.restraint.unwrap().members, ["FRA", "GBR"]);
        assert_eq!(
            rule.override_majority,
            Some(Override {
                numerator: 2,
                denominator: 3
            })
        );
    }

    fn message(text: &str) -> String {
        parse(text).unwrap_err().to_string()
    }

    #[test]
    fn quota_above_seats_names_line_and_key() {
        let m = message(&PRESENT.replace("quota: 9", "quota: 16"));
        assert!(m.starts_with("rule.yaml:5:"), "{m}");
        assert!(
            m.contains("key `quota`") && m.contains("larger than the 15 seats"),
            "{m}"
        );
    }

    #[test]
    fn negatives_above_holders_is_rejected() {
        let m = message(&PRESENT.replace("negatives_to_block: 1", "negatives_to_block: 6"));
        assert!(m.starts_with("rule.yaml:6:"), "{m}");
        assert!(m.contains("veto.negatives_to_block"), "{m}");
    }

    #[test]
    fn unknown_code_suggests_nearest() {
        let m = message(&PRESENT.replace("GBR", "GBP"));
        assert!(
            m.contains("rule.yaml:3:") && m.contains("did you mean `GBR`"),
            "{m}"
        );
    }

    #[test]
    fn unknown_field_is_rejected_with_location() {
        let m = message(&format!("{PRESENT}colour: blue\n"));
        assert!(m.starts_with("rule.yaml:7"), "{m}");
        assert!(m.contains("colour"), "{m}");
    }

    #[test]
    fn duplicate_key_is_rejected() {
        let m = message(&format!("{PRESENT}quota: 10\n"));
        assert!(m.contains("rule.yaml:7"), "{m}");
        assert!(m.contains("key `quota` appears twice"), "{m}");
    }

    #[test]
    fn bad_compliance_and_majority_are_rejected() {
        let base =
            format!("{PRESENT}restraint: {{ on: atrocity, members: [FRA], compliance: 1.5 }}\n");
        assert!(message(&base).contains("restraint.compliance"));
        let base = format!("{PRESENT}override: {{ body: general-assembly, majority: \"1/3\" }}\n");
        assert!(message(&base).contains("override.majority"));
    }
}
