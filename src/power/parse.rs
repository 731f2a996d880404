//! Weighted games from YAML files.
//!
//! ```yaml
//! name: assembly            # optional; defaults to the file name without extension
//! quota: 51
//! players:
//!   - { code: A, weight: 10 }
//!   - { code: B, weight: 20 }
//! ```
//! `players` may also be a map from code to weight: `players: { A: 10, B: 20 }`.
//! Unknown fields and duplicate keys are errors; every error names the file, line, column
//! and key.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{Location, Spanned};

use super::WeightedGame;
use crate::error::{Error, Place, Result};

/// A number as written, kept raw so that a bad value gets a helpful message.
#[derive(Debug, Clone, PartialEq)]
enum RawInt {
    Int(i128),
    Other(String),
}

impl<'de> Deserialize<'de> for RawInt {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawInt;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a positive integer")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> std::result::Result<RawInt, E> {
                Ok(RawInt::Int(i128::from(v)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> std::result::Result<RawInt, E> {
                Ok(RawInt::Int(i128::from(v)))
            }
            fn visit_i128<E: de::Error>(self, v: i128) -> std::result::Result<RawInt, E> {
                Ok(RawInt::Int(v))
            }
            fn visit_u128<E: de::Error>(self, v: u128) -> std::result::Result<RawInt, E> {
                Ok(i128::try_from(v).map_or_else(|_| RawInt::Other(v.to_string()), RawInt::Int))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> std::result::Result<RawInt, E> {
                Ok(RawInt::Other(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> std::result::Result<RawInt, E> {
                Ok(RawInt::Other(v.to_string()))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<RawInt, E> {
                Ok(RawInt::Other(format!("\"{v}\"")))
            }
            fn visit_unit<E: de::Error>(self) -> std::result::Result<RawInt, E> {
                Ok(RawInt::Other("null".to_string()))
            }
            fn visit_none<E: de::Error>(self) -> std::result::Result<RawInt, E> {
                Ok(RawInt::Other("null".to_string()))
            }
        }
        deserializer.deserialize_any(V)
    }
}

impl RawInt {
    /// The value if it is an integer in `1..=u64::MAX`.
    fn positive(&self) -> Option<u64> {
        match self {
            RawInt::Int(v) => u64::try_from(*v).ok().filter(|&v| v > 0),
            RawInt::Other(_) => None,
        }
    }
}

impl fmt::Display for RawInt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RawInt::Int(v) => write!(f, "{v}"),
            RawInt::Other(s) => f.write_str(s),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlayer {
    code: Spanned<String>,
    weight: Spanned<RawInt>,
}

/// One player as written, with where its code and weight sit and the key path to them.
struct Entry {
    code: Spanned<String>,
    weight: Spanned<RawInt>,
    /// Key path of the entry: `players[2]` or `players.ABC`.
    key: String,
    /// Key path of the weight.
    weight_key: String,
}

/// `players:` as a list of `{code, weight}` or as a map `code: weight`.
struct RawPlayers(Vec<Entry>);

impl<'de> Deserialize<'de> for RawPlayers {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawPlayers;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list of {code, weight} entries or a map from code to weight")
            }
            fn visit_seq<A: SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> std::result::Result<RawPlayers, A::Error> {
                let mut out = Vec::new();
                while let Some(p) = seq.next_element::<RawPlayer>()? {
                    let i = out.len();
                    out.push(Entry {
                        code: p.code,
                        weight: p.weight,
                        key: format!("players[{i}]"),
                        weight_key: format!("players[{i}].weight"),
                    });
                }
                Ok(RawPlayers(out))
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                mut map: A,
            ) -> std::result::Result<RawPlayers, A::Error> {
                let mut out = Vec::new();
                while let Some(code) = map.next_key::<Spanned<String>>()? {
                    let weight = map.next_value::<Spanned<RawInt>>()?;
                    let key = format!("players.{}", code.value);
                    out.push(Entry {
                        code,
                        weight,
                        weight_key: key.clone(),
                        key,
                    });
                }
                Ok(RawPlayers(out))
            }
            fn visit_unit<E: de::Error>(self) -> std::result::Result<RawPlayers, E> {
                Ok(RawPlayers(Vec::new()))
            }
        }
        deserializer.deserialize_any(V)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    name: Option<String>,
    quota: Spanned<RawInt>,
    players: Spanned<RawPlayers>,
}

/// A note on the largest allowed value when `value` is an integer above it.
fn too_large(value: &RawInt) -> String {
    match value {
        RawInt::Int(v) if *v > i128::from(u64::MAX) => format!(" no larger than {}", u64::MAX),
        _ => String::new(),
    }
}

fn place_at(file: &str, location: &Location, key: &str) -> Place {
    let place = Place::file(file).key(key);
    if location.line() > 0 {
        place.at(location.line(), location.column())
    } else {
        place
    }
}

/// Reads a weighted game from YAML text.
///
/// `file_name` is used in error messages and, without its folder and extension, as the
/// game's name when the file has no `name:`.
///
/// # Errors
/// [`Error::Input`] naming the file, line, column and key for: malformed YAML, an unknown
/// field, a duplicate key, a missing `quota` or `players`, an empty player list, a weight
/// or quota that is not a positive integer, a duplicate player code, and a quota larger
/// than the total weight.
///
/// # Example
/// ```
/// use veto_sim::power::parse_weights_file;
/// let game = parse_weights_file("quota: 3\nplayers: {A: 2, B: 1, C: 1}\n", "abc.yaml")?;
/// assert_eq!(game.name, "abc");
/// assert_eq!(game.players[0], ("A".to_string(), 2));
/// # Ok::<(), veto_sim::Error>(())
/// ```
pub fn parse_weights_file(text: &str, file_name: &str) -> Result<WeightedGame> {
    let raw: RawFile = crate::yaml::from_str(text, file_name)?;
    let name = raw.name.unwrap_or_else(|| {
        std::path::Path::new(file_name).file_stem().map_or_else(
            || file_name.to_string(),
            |s| s.to_string_lossy().into_owned(),
        )
    });
    let entries = raw.players.value.0;
    if entries.is_empty() {
        return Err(Error::input(
            place_at(file_name, &raw.players.referenced, "players"),
            "the player list is empty; give at least one player with a code and a weight",
        ));
    }
    let mut players: Vec<(String, u64)> = Vec::with_capacity(entries.len());
    let mut seen: std::collections::HashMap<&str, &Entry> = std::collections::HashMap::new();
    for entry in &entries {
        let code = entry.code.value.trim();
        if code.is_empty() {
            return Err(Error::input(
                place_at(
                    file_name,
                    &entry.code.referenced,
                    &format!("{}.code", entry.key),
                ),
                "a player's code is empty",
            ));
        }
        if let Some(first) = seen.insert(code, entry) {
            return Err(Error::input(
                place_at(file_name, &entry.code.referenced, &entry.key),
                format!(
                    "player code `{code}` appears twice (first at line {}); codes must be unique",
                    first.code.referenced.line()
                ),
            ));
        }
        let Some(weight) = entry.weight.value.positive() else {
            return Err(Error::input(
                place_at(file_name, &entry.weight.referenced, &entry.weight_key),
                format!(
                    "weight {} of `{code}` is not allowed: weights must be positive integers{}",
                    entry.weight.value,
                    too_large(&entry.weight.value)
                ),
            ));
        };
        players.push((code.to_string(), weight));
    }
    let Some(quota) = raw.quota.value.positive() else {
        return Err(Error::input(
            place_at(file_name, &raw.quota.referenced, "quota"),
            format!(
                "quota {} is not allowed: the quota must be a positive integer{}",
                raw.quota.value,
                too_large(&raw.quota.value)
            ),
        ));
    };
    let total: u128 = players.iter().map(|(_, w)| u128::from(*w)).sum();
    if u128::from(quota) > total {
        return Err(Error::input(
            place_at(file_name, &raw.quota.referenced, "quota"),
            format!(
                "quota {quota} is larger than the total weight {total} of the {} players, so no coalition could win",
                players.len()
            ),
        ));
    }
    Ok(WeightedGame {
        name,
        players,
        quota,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> String {
        parse_weights_file(text, "w.yaml").unwrap_err().to_string()
    }

    #[test]
    fn list_and_map_forms_parse_alike() {
        let a = parse_weights_file(
            "quota: 3\nplayers:\n  - {code: A, weight: 2}\n  - {code: B, weight: 1}\n",
            "dir/g.yaml",
        )
        .unwrap();
        let b = parse_weights_file("name: g\nquota: 3\nplayers: {A: 2, B: 1}\n", "x.yaml").unwrap();
        assert_eq!(a, b);
        assert_eq!(a.name, "g");
    }

    #[test]
    fn empty_player_list_names_its_place() {
        let e = err("quota: 1\nplayers: []\n");
        assert!(e.starts_with("w.yaml:2:"), "{e}");
        assert!(e.contains("key `players`") && e.contains("empty"), "{e}");
    }

    #[test]
    fn zero_weight_is_refused() {
        let e = err("quota: 1\nplayers:\n  - {code: A, weight: 0}\n");
        assert!(e.starts_with("w.yaml:3:"), "{e}");
        assert!(e.contains("key `players[0].weight`"), "{e}");
        assert!(e.contains("weights must be positive integers"), "{e}");
    }

    #[test]
    fn negative_and_fractional_weights_are_refused() {
        let e = err("quota: 1\nplayers: {A: 1, B: -4}\n");
        assert!(
            e.starts_with("w.yaml:2:") && e.contains("key `players.B`"),
            "{e}"
        );
        assert!(
            e.contains("-4") && e.contains("weights must be positive integers"),
            "{e}"
        );
        let e = err("quota: 1\nplayers:\n  - code: A\n    weight: 2.5\n");
        assert!(
            e.starts_with("w.yaml:4:") && e.contains("weights must be positive integers"),
            "{e}"
        );
    }

    #[test]
    fn duplicate_code_is_refused() {
        let e = err("quota: 1\nplayers:\n  - {code: A, weight: 1}\n  - {code: A, weight: 2}\n");
        assert!(e.starts_with("w.yaml:4:"), "{e}");
        assert!(
            e.contains("key `players[1]`") && e.contains("`A` appears twice"),
            "{e}"
        );
    }

    #[test]
    fn quota_above_total_is_refused() {
        let e = err("players: {A: 1, B: 2}\nquota: 4\n");
        assert!(e.starts_with("w.yaml:2:8"), "{e}");
        assert!(
            e.contains("key `quota`") && e.contains("larger than the total weight 3"),
            "{e}"
        );
    }

    #[test]
    fn zero_quota_is_refused() {
        let e = err("quota: 0\nplayers: {A: 1}\n");
        assert!(
            e.starts_with("w.yaml:1:") && e.contains("key `quota`"),
            "{e}"
        );
    }

    #[test]
    fn unknown_field_is_refused() {
        let e = err("quota: 1\nquorum: 2\nplayers: {A: 1}\n");
        assert!(e.starts_with("w.yaml:2:"), "{e}");
        assert!(e.contains("key `quorum`"), "{e}");
        let e = err("quota: 1\nplayers:\n  - {code: A, weigth: 1}\n");
        assert!(
            e.starts_with("w.yaml:3:") && e.contains("key `players.weigth`"),
            "{e}"
        );
    }

    #[test]
    fn duplicate_yaml_key_is_refused() {
        let e = err("quota: 1\nplayers: {A: 1}\nquota: 2\n");
        assert!(e.starts_with("w.yaml:3:"), "{e}");
        assert!(e.contains("key `quota` appears twice"), "{e}");
        let e = err("quota: 1\nplayers: {A: 1, A: 2}\n");
        assert!(
            e.starts_with("w.yaml:2:") && e.contains("key `players.A`"),
            "{e}"
        );
    }

    #[test]
    fn missing_quota_is_refused() {
        let e = err("players: {A: 1}\n");
        assert!(e.starts_with("w.yaml:") && e.contains("key `quota`"), "{e}");
    }
}
