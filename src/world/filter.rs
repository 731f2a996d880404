//! Which drafts of the record a command looks at: `--since`, `--until`, `--vetoed-by`,
//! `--topic`, `--kind` and `--outcome`, with the meaning `veto-sim list drafts` gives them.
//!
//! Dates are `YYYY` or `YYYY-MM-DD`; a year stands for its first day in `--since` and its last
//! day in `--until`. A draft whose date gives only the year covers that whole year, so it is
//! kept when the year overlaps the range. Every bad value is a usage error (exit code 2) that
//! says what was expected and, for a near miss, suggests the intended value.

use serde::Serialize;

use super::drafts::parse_date;
use super::{ActionKind, Draft, Outcome};
use crate::error::{Error, Result, did_you_mean};

/// The permanent members' codes, and `SUN` for the casts the record attributes to the USSR.
pub const VETO_CODES: [&str; 6] = ["CHN", "FRA", "GBR", "RUS", "USA", "SUN"];

/// A validated selection of drafts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DraftFilter {
    /// First date kept (`YYYY-MM-DD`), if any.
    pub since: Option<String>,
    /// Last date kept (`YYYY-MM-DD`), if any.
    pub until: Option<String>,
    /// Only drafts vetoed by this member (`SUN`: the USSR's casts only).
    pub vetoed_by: Option<String>,
    /// Only drafts whose topic or title contains this text (lower case).
    pub topic: Option<String>,
    /// Only drafts annotated with this kind of action.
    pub kind: Option<ActionKind>,
    /// Only vetoed or only failed drafts.
    pub outcome: Option<Outcome>,
}

/// The raw flag values, as typed.
#[derive(Debug, Clone, Copy, Default)]
pub struct FilterArgs<'a> {
    /// `--since`.
    pub since: Option<&'a str>,
    /// `--until`.
    pub until: Option<&'a str>,
    /// `--vetoed-by`.
    pub vetoed_by: Option<&'a str>,
    /// `--topic`.
    pub topic: Option<&'a str>,
    /// `--kind`.
    pub kind: Option<&'a str>,
    /// `--outcome`.
    pub outcome: Option<&'a str>,
}

/// A date bound from `--since`/`--until`: `YYYY` or `YYYY-MM-DD`, as a full date (a year is
/// its first day for a lower bound, its last day for an upper bound).
///
/// # Errors
/// [`Error::Usage`] naming the flag when the text is not such a date.
pub fn date_bound(text: &str, flag: &str, upper: bool) -> Result<String> {
    let t = text.trim();
    match parse_date(t) {
        Some(_) if t.len() == 4 => Ok(if upper {
            format!("{t}-12-31")
        } else {
            format!("{t}-01-01")
        }),
        Some(_) => Ok(t.to_string()),
        None => Err(Error::Usage(format!(
            "`--{flag}` expects YYYY or YYYY-MM-DD, found `{text}`"
        ))),
    }
}

/// The first and last day a draft's date covers (a year-only date covers its year).
pub fn draft_span(d: &Draft) -> (String, String) {
    if d.date.len() == 4 {
        (format!("{}-01-01", d.date), format!("{}-12-31", d.date))
    } else {
        (d.date.clone(), d.date.clone())
    }
}

/// Parses a kind of action, or fails with the list of kinds and the nearest one.
///
/// # Errors
/// [`Error::Usage`] for an unknown kind.
pub fn parse_kind(text: &str) -> Result<ActionKind> {
    ActionKind::parse(text).ok_or_else(|| {
        let names = ActionKind::ALL.map(ActionKind::as_str);
        Error::Usage(format!(
            "unknown kind `{text}` (expected one of {}){}",
            names.join(", "),
            did_you_mean(text, names)
        ))
    })
}

impl DraftFilter {
    /// Validates the flags.
    ///
    /// # Errors
    /// [`Error::Usage`] (exit code 2) for a malformed date, a range that ends before it
    /// starts, a vetoing member that is not a permanent member, an unknown kind or outcome.
    pub fn parse(args: FilterArgs<'_>) -> Result<DraftFilter> {
        let since = args
            .since
            .map(|t| date_bound(t, "since", false))
            .transpose()?;
        let until = args
            .until
            .map(|t| date_bound(t, "until", true))
            .transpose()?;
        if let (Some(lo), Some(hi)) = (&since, &until)
            && lo > hi
        {
            return Err(Error::Usage(format!(
                "`--since {}` is after `--until {}`: no draft can match",
                args.since.unwrap_or_default(),
                args.until.unwrap_or_default()
            )));
        }
        let vetoed_by = match args.vetoed_by {
            None => None,
            Some(v) => {
                let code = v.trim().to_ascii_uppercase();
                let code = if code == "USSR" {
                    "SUN".to_string()
                } else {
                    code
                };
                if !VETO_CODES.contains(&code.as_str()) {
                    return Err(Error::Usage(format!(
                        "`{v}` is not a permanent member (CHN, FRA, GBR, RUS, USA; SUN or USSR for the USSR's casts only){}",
                        did_you_mean(&code, VETO_CODES)
                    )));
                }
                Some(code)
            }
        };
        let kind = args.kind.map(parse_kind).transpose()?;
        let outcome = match args.outcome {
            None => None,
            Some(o) => Some(Outcome::parse(o).ok_or_else(|| {
                Error::Usage(format!(
                    "`--outcome` expects vetoed or failed, found `{o}`{}",
                    did_you_mean(o, ["vetoed", "failed"])
                ))
            })?),
        };
        let topic = args
            .topic
            .map(|t| t.trim().to_lowercase())
            .filter(|t| !t.is_empty());
        Ok(DraftFilter {
            since,
            until,
            vetoed_by,
            topic,
            kind,
            outcome,
        })
    }

    /// Whether a draft is selected.
    pub fn matches(&self, d: &Draft) -> bool {
        let (start, end) = draft_span(d);
        if self.since.as_ref().is_some_and(|lo| end < *lo) {
            return false;
        }
        if self.until.as_ref().is_some_and(|hi| start > *hi) {
            return false;
        }
        if let Some(v) = &self.vetoed_by {
            let hit = if v == "SUN" {
                d.vetoed_by_recorded.iter().any(|r| r == "USSR")
            } else {
                d.vetoed_by.iter().any(|c| c == v)
            };
            if !hit {
                return false;
            }
        }
        if self.outcome.is_some_and(|o| d.outcome != o) {
            return false;
        }
        if let Some(k) = self.kind
            && d.annotation.as_ref().is_none_or(|a| a.kind != k)
        {
            return false;
        }
        if let Some(t) = &self.topic
            && !(d.topic.to_lowercase().contains(t) || d.title.to_lowercase().contains(t))
        {
            return false;
        }
        true
    }

    /// Whether no flag restricts the selection.
    pub fn is_empty(&self) -> bool {
        *self == DraftFilter::default()
    }

    /// The selection in words, e.g. `since 2011-01-01, vetoed by RUS` (`all drafts` when empty).
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(s) = &self.since {
            parts.push(format!("since {s}"));
        }
        if let Some(u) = &self.until {
            parts.push(format!("until {u}"));
        }
        if let Some(v) = &self.vetoed_by {
            parts.push(format!("vetoed by {v}"));
        }
        if let Some(t) = &self.topic {
            parts.push(format!("topic contains `{t}`"));
        }
        if let Some(k) = self.kind {
            parts.push(format!("kind {k}"));
        }
        if let Some(o) = self.outcome {
            parts.push(o.as_str().to_string());
        }
        if parts.is_empty() {
            "all drafts".to_string()
        } else {
            parts.join(", ")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::world::World;

    fn filter(args: FilterArgs<'_>) -> DraftFilter {
        DraftFilter::parse(args).unwrap()
    }

    #[test]
    fn years_cover_whole_years_and_ranges_must_be_ordered() {
        let f = filter(FilterArgs {
            since: Some("2011"),
            until: Some("2012-06-30"),
            ..FilterArgs::default()
        });
        assert_eq!(f.since.as_deref(), Some("2011-01-01"));
        assert_eq!(f.until.as_deref(), Some("2012-06-30"));
        let err = DraftFilter::parse(FilterArgs {
            since: Some("2020"),
            until: Some("2019"),
            ..FilterArgs::default()
        })
        .unwrap_err();
        assert_eq!(err.exit_code(), 2);
        let err = DraftFilter::parse(FilterArgs {
            since: Some("20x1"),
            ..FilterArgs::default()
        })
        .unwrap_err();
        assert!(err.to_string().contains("YYYY or YYYY-MM-DD"), "{err}");
    }

    #[test]
    fn bad_member_and_kind_suggest_the_nearest() {
        let err = DraftFilter::parse(FilterArgs {
            vetoed_by: Some("RUSS"),
            ..FilterArgs::default()
        })
        .unwrap_err()
        .to_string();
        assert!(err.contains("did you mean `RUS`"), "{err}");
        let err = DraftFilter::parse(FilterArgs {
            kind: Some("sanction"),
            ..FilterArgs::default()
        })
        .unwrap_err()
        .to_string();
        assert!(err.contains("did you mean `sanctions`"), "{err}");
    }

    #[test]
    fn filters_select_the_expected_drafts() {
        let world = World::embedded().unwrap();
        let f = filter(FilterArgs {
            since: Some("2011"),
            vetoed_by: Some("rus"),
            topic: Some("syria"),
            ..FilterArgs::default()
        });
        let hits: Vec<&Draft> = world.drafts.iter().filter(|d| f.matches(d)).collect();
        assert!(hits.len() >= 10, "{}", hits.len());
        assert!(
            hits.iter()
                .all(|d| d.year >= 2011 && d.vetoed_by.iter().any(|v| v == "RUS"))
        );
        let ussr = filter(FilterArgs {
            vetoed_by: Some("USSR"),
            ..FilterArgs::default()
        });
        assert!(
            world
                .drafts
                .iter()
                .filter(|d| ussr.matches(d))
                .all(|d| d.year <= 1991)
        );
    }
}
