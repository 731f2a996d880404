//! Drafts as the vote model sees them: who sponsors, whom it targets, what kind of action it
//! proposes, whether it addresses mass atrocities, and the year (which fixes the Council).
//!
//! A draft comes from the world's veto record by symbol (its curated annotation fills the
//! fields; what the curators could not establish stays empty: unknown sponsors or targets add
//! no term, an unknown kind takes the `unknown` intercept) or from a YAML spec:
//!
//! ```yaml
//! name: cross-border-aid          # optional label
//! year: 2026                      # the Council of this year votes
//! sponsors: [IRL, NOR]
//! targets: [SYR]
//! kind: ceasefire-humanitarian    # optional: unknown
//! atrocity: true                  # optional: false
//! ```

use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use crate::error::{Error, Place, Result, did_you_mean};
use crate::input::at;
use crate::world::{ActionKind, Atrocity, World, successor};

/// A draft ready for the vote model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DraftSpec {
    /// The symbol (from the record) or the spec's name.
    pub id: String,
    /// The year of the vote.
    pub year: i32,
    /// Sponsoring member states (ISO3); empty when none or unknown.
    pub sponsors: Vec<String>,
    /// Targeted member states (ISO3); empty when none or unknown.
    pub targets: Vec<String>,
    /// The kind of action proposed.
    pub kind: ActionKind,
    /// Whether the draft addresses mass atrocities (restraint applies only then).
    pub atrocity: bool,
    /// Where the draft comes from: `record` or the spec's file.
    pub origin: String,
    /// What the model could not use, said plainly (unknown sponsors, non-member codes...).
    pub notes: Vec<String>,
}

impl DraftSpec {
    /// The draft with id or symbol `symbol` from the world's record.
    ///
    /// # Errors
    /// [`Error::Usage`] for an unknown symbol (suggesting the nearest) or a symbol naming
    /// several votes.
    pub fn from_record(world: &World, symbol: &str) -> Result<DraftSpec> {
        let found = world.find_drafts(symbol);
        let draft = match found.as_slice() {
            [one] => *one,
            [] => {
                return Err(Error::Usage(format!(
                    "unknown draft `{symbol}`{}; `veto-sim list drafts` shows the record",
                    did_you_mean(symbol, world.drafts.iter().map(|d| d.id.as_str()))
                )));
            }
            many => {
                return Err(Error::Usage(format!(
                    "`{symbol}` names {} votes: {}; give one of these ids",
                    many.len(),
                    many.iter()
                        .map(|d| d.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                )));
            }
        };
        let mut notes = Vec::new();
        let (sponsors, targets, kind, atrocity) = match &draft.annotation {
            None => {
                notes.push("not annotated: no sponsor or target term, kind unknown".to_string());
                (Vec::new(), Vec::new(), ActionKind::Unknown, false)
            }
            Some(a) => {
                let mut list = |what: &str, known: &Option<Vec<String>>| -> Vec<String> {
                    match known {
                        None => {
                            notes.push(format!("{what} unknown: no {what} term"));
                            Vec::new()
                        }
                        Some(codes) => member_codes(world, codes, what, &mut notes),
                    }
                };
                let sponsors = list("sponsors", &a.sponsors);
                let targets = list("targets", &a.targets);
                if a.kind == ActionKind::Unknown {
                    notes.push("kind unknown: the `unknown` intercept applies".to_string());
                }
                if a.atrocity == Atrocity::Unknown {
                    notes.push("atrocity unknown: treated as not an atrocity draft".to_string());
                }
                (sponsors, targets, a.kind, a.atrocity == Atrocity::Yes)
            }
        };
        // The record may name a state both ways (a sponsor on whose territory events took
        // place); its own sponsorship is the better guide to its vote.
        let mut targets = targets;
        targets.retain(|t| {
            let both = sponsors.contains(t);
            if both {
                notes.push(format!(
                    "`{t}` both sponsors and is a target in the record: counted as a sponsor only"
                ));
            }
            !both
        });
        Ok(DraftSpec {
            id: draft.id.clone(),
            year: draft.year,
            sponsors,
            targets,
            kind,
            atrocity,
            origin: "record".to_string(),
            notes,
        })
    }
}

/// Keeps member states; maps former states to their successor seat; drops the rest with a note.
fn member_codes(
    world: &World,
    codes: &[String],
    what: &str,
    notes: &mut Vec<String>,
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for code in codes {
        let kept = if world.state(code).is_some() {
            Some(code.clone())
        } else {
            successor(code)
                .filter(|s| world.state(s).is_some())
                .map(str::to_string)
        };
        match kept {
            Some(c) => {
                if c != *code {
                    notes.push(format!("{what}: `{code}` counted as its successor `{c}`"));
                }
                if !out.contains(&c) {
                    out.push(c);
                }
            }
            None => notes.push(format!(
                "{what}: `{code}` is not a UN member state and has no alignment: left out"
            )),
        }
    }
    out
}

/// A draft spec as written (in its own file or inline in a scenario).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawDraftSpec {
    #[serde(default)]
    pub(crate) name: Option<Spanned<String>>,
    #[serde(default)]
    pub(crate) symbol: Option<Spanned<String>>,
    #[serde(default)]
    pub(crate) year: Option<Spanned<i64>>,
    #[serde(default)]
    pub(crate) sponsors: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    pub(crate) targets: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    pub(crate) kind: Option<Spanned<String>>,
    #[serde(default)]
    pub(crate) atrocity: Option<Spanned<bool>>,
}

/// A kind of action as written at `key` (absent: `unknown`).
///
/// # Errors
/// [`Error::Input`] at the value for an unknown kind, with the nearest one.
pub(crate) fn parse_kind(
    file: &str,
    kind: Option<&Spanned<String>>,
    key: &str,
) -> Result<ActionKind> {
    let Some(k) = kind else {
        return Ok(ActionKind::Unknown);
    };
    ActionKind::parse(&k.value).ok_or_else(|| {
        let names = ActionKind::ALL.map(ActionKind::as_str);
        Error::input(
            at(file, k, key),
            format!(
                "unknown kind of action `{}`: expected one of {}{}",
                k.value,
                names.join(", "),
                did_you_mean(&k.value, names)
            ),
        )
    })
}

/// The states a list names at `key`, as codes, each once, in the order written.
///
/// # Errors
/// [`Error::Input`] at an unknown state, with the nearest code.
pub(crate) fn state_codes(
    world: &World,
    file: &str,
    list: &[Spanned<String>],
    key: &str,
) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for code in list {
        let state = world.require_state(&code.value).map_err(|e| match e {
            Error::Usage(m) => Error::input(at(file, code, key), m),
            other => other,
        })?;
        if !out.contains(&state.code) {
            out.push(state.code.clone());
        }
    }
    Ok(out)
}

impl RawDraftSpec {
    /// Validates the spec. `prefix` is prepended to keys (`drafts[2].` in a scenario);
    /// `fallback_name` labels a spec without a name; `place` locates the spec itself.
    pub(crate) fn resolve(
        &self,
        world: &World,
        file: &str,
        prefix: &str,
        fallback_name: &str,
        place: Place,
    ) -> Result<DraftSpec> {
        if let Some(symbol) = &self.symbol {
            let others = self.year.is_some()
                || self.sponsors.is_some()
                || self.targets.is_some()
                || self.kind.is_some()
                || self.atrocity.is_some();
            if others {
                return Err(Error::input(
                    at(file, symbol, &format!("{prefix}symbol")),
                    "a draft is either a `symbol` from the record or a spec (year, sponsors, targets, kind, atrocity), not both",
                ));
            }
            return DraftSpec::from_record(world, &symbol.value).map_err(|e| match e {
                Error::Usage(m) => Error::input(at(file, symbol, &format!("{prefix}symbol")), m),
                other => other,
            });
        }
        let Some(year) = &self.year else {
            return Err(Error::input(
                place.key(format!("{prefix}year")),
                "missing `year`: a draft spec needs the year whose Council votes",
            ));
        };
        if world.council(year.value as i32).is_none()
            || year.value < i32::MIN as i64
            || year.value > i32::MAX as i64
        {
            let years = world.councils.iter().map(|c| c.year);
            let (lo, hi) = (years.clone().min().unwrap_or(0), years.max().unwrap_or(0));
            return Err(Error::input(
                at(file, year, &format!("{prefix}year")),
                format!(
                    "no Council for {} in this world (Council years {lo}-{hi})",
                    year.value
                ),
            ));
        }
        let codes = |list: &Option<Spanned<Vec<Spanned<String>>>>, key: &str| {
            let list = list.as_ref().map_or(&[][..], |l| &l.value[..]);
            state_codes(world, file, list, &format!("{prefix}{key}"))
        };
        let sponsors = codes(&self.sponsors, "sponsors")?;
        let targets = codes(&self.targets, "targets")?;
        if let Some(both) = sponsors.iter().find(|s| targets.contains(s)) {
            let spanned = self.targets.as_ref().expect("a target exists");
            let code = spanned
                .value
                .iter()
                .find(|c| c.value.trim().eq_ignore_ascii_case(both))
                .unwrap_or(&spanned.value[0]);
            return Err(Error::input(
                at(file, code, &format!("{prefix}targets")),
                format!(
                    "`{both}` is both a sponsor and a target: a state cannot sponsor a draft against itself"
                ),
            ));
        }
        let kind = parse_kind(file, self.kind.as_ref(), &format!("{prefix}kind"))?;
        let id = self
            .name
            .as_ref()
            .map(|n| n.value.trim().to_string())
            .filter(|n| !n.is_empty());
        Ok(DraftSpec {
            id: id.unwrap_or_else(|| fallback_name.to_string()),
            year: year.value as i32,
            sponsors,
            targets,
            kind,
            atrocity: self.atrocity.as_ref().is_some_and(|a| a.value),
            origin: file.to_string(),
            notes: Vec::new(),
        })
    }
}

/// Parses a draft spec file.
///
/// # Errors
/// [`Error::Input`] naming file, line, column and key: YAML errors, unknown fields, an unknown
/// state (with the nearest code), a sponsor that is also a target, a year without a Council,
/// an unknown kind.
pub fn parse_draft_spec(text: &str, file: &str, world: &World) -> Result<DraftSpec> {
    let raw: RawDraftSpec = crate::yaml::from_str(text, file)?;
    let stem = std::path::Path::new(file)
        .file_stem()
        .map_or_else(|| file.to_string(), |s| s.to_string_lossy().into_owned());
    raw.resolve(world, file, "", &stem, Place::file(file))
}
