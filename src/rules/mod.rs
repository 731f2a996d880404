//! Voting rules as data.
//!
//! A rule says who sits on the Council, how many affirmative votes adopt a draft, who holds a
//! veto and how many of their negative votes it takes to block, and how abstentions count. It
//! may add behaviour that a later stage simulates: restraint on mass-atrocity drafts and a
//! General Assembly override. Rules are read from YAML in two stages ([`yaml`]): raw serde
//! structs with `deny_unknown_fields`, then validation into the types here, so a bad rule is
//! rejected with the file, line and key. Named reforms ship in [`catalog`].

pub mod catalog;
pub mod yaml;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::power::{MemberType, TypedGame};
use crate::world::RegionalGroup;

/// A number of seats, in total or per regional group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum SeatCount {
    /// Seats filled without a regional allocation.
    Total(u32),
    /// Seats allocated per regional group.
    ByGroup(BTreeMap<RegionalGroup, u32>),
}

impl SeatCount {
    /// The number of seats.
    pub fn total(&self) -> u32 {
        match self {
            SeatCount::Total(n) => *n,
            SeatCount::ByGroup(groups) => groups.values().sum(),
        }
    }

    /// Seat labels: `E1`, `E2`… for a plain count, `AFR-1`, `AFR-2`… by group; long-term
    /// seats are marked with an `L` (`L1`, `L-AFR-1`).
    fn labels(&self, long_term: bool) -> Vec<String> {
        match self {
            SeatCount::Total(n) => {
                let prefix = if long_term { "L" } else { "E" };
                (1..=*n).map(|i| format!("{prefix}{i}")).collect()
            }
            SeatCount::ByGroup(groups) => {
                let prefix = if long_term { "L-" } else { "" };
                groups
                    .iter()
                    .flat_map(|(g, &n)| (1..=n).map(move |i| format!("{prefix}{}-{i}", g.short())))
                    .collect()
            }
        }
    }
}

/// Who may cast a veto and how many negative votes block a draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Veto {
    /// The members holding a veto (ISO3), each a permanent member of the rule.
    pub holders: Vec<String>,
    /// How many negative votes of holders block a draft (1 under the Charter).
    pub negatives_to_block: u32,
}

/// A pledge not to vote no on mass-atrocity drafts, kept with a probability.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Restraint {
    /// The members who pledged (ISO3), each a veto holder.
    pub members: Vec<String>,
    /// Probability that a pledged member turns a no into an abstention, in `[0, 1]`.
    pub compliance: f64,
}

/// The General Assembly may adopt a draft the Council blocked only through a veto.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Override {
    /// Numerator of the majority of those voting yes or no.
    pub numerator: u32,
    /// Denominator of the majority.
    pub denominator: u32,
}

/// A validated voting rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rule {
    /// Short name, such as `present`.
    pub name: String,
    /// One paragraph on what the rule is.
    pub description: String,
    /// The document the rule comes from.
    pub source: String,
    /// Permanent members (ISO3).
    pub permanent: Vec<String>,
    /// Elected seats on two-year terms.
    pub elected: SeatCount,
    /// Elected seats on longer, renewable terms (zero when absent).
    pub long_term: Option<SeatCount>,
    /// The states that may be drawn for the seats a simulation fills at random (ISO3); empty:
    /// every state not already seated.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub candidates: Vec<String>,
    /// Affirmative votes needed to adopt.
    pub quota: u32,
    /// The veto, if any.
    pub veto: Option<Veto>,
    /// Whether a veto holder's abstention blocks like a negative vote (false under the
    /// practice of Art. 27(3) since 1946).
    pub abstention_blocks: bool,
    /// Restraint on mass-atrocity drafts, if any.
    pub restraint: Option<Restraint>,
    /// General Assembly override, if any.
    pub override_majority: Option<Override>,
}

/// What a Council's votes decide under a rule: whether the draft has the affirmative votes
/// it needs, and whether enough of the holders' votes block it. Every judge (the Monte Carlo
/// engine, the exact path's counts, the replay) asks [`verdict`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verdict {
    /// At least the quota of affirmative votes.
    pub has_votes: bool,
    /// At least the veto's number of blocking votes (never without a veto).
    pub vetoed: bool,
}

impl Verdict {
    /// The Council adopts the draft.
    #[inline(always)]
    pub fn adopted(self) -> bool {
        self.has_votes & !self.vetoed
    }

    /// The draft has the votes and the veto blocks it.
    #[inline(always)]
    pub fn blocked(self) -> bool {
        self.has_votes & self.vetoed
    }
}

/// The verdict of `yes` affirmative votes and `blocking` blocking votes under a quota and a
/// veto that blocks at `block_at` blocking votes (`u32::MAX`: no veto).
#[inline(always)]
pub fn verdict(quota: u32, block_at: u32, yes: u32, blocking: u32) -> Verdict {
    Verdict {
        has_votes: yes >= quota,
        vetoed: blocking >= block_at,
    }
}

impl Rule {
    /// The number of holders' blocking votes that block a draft (`u32::MAX` without a veto).
    pub fn block_at(&self) -> u32 {
        self.veto
            .as_ref()
            .map_or(u32::MAX, |v| v.negatives_to_block)
    }

    /// The verdict of `yes` affirmative votes and `blocking` blocking votes under this rule.
    ///
    /// ```
    /// let codes = veto_sim::world::World::embedded().unwrap().state_codes();
    /// let present = veto_sim::rules::catalog::reform("present", &codes).unwrap();
    /// assert!(present.verdict(9, 0).adopted());
    /// assert!(present.verdict(14, 1).blocked());
    /// assert!(!present.verdict(8, 0).has_votes);
    /// ```
    pub fn verdict(&self, yes: u32, blocking: u32) -> Verdict {
        verdict(self.quota, self.block_at(), yes, blocking)
    }

    /// Number of seats on the Council.
    pub fn seats(&self) -> u32 {
        self.permanent.len() as u32
            + self.elected.total()
            + self.long_term.as_ref().map_or(0, SeatCount::total)
    }

    /// Whether `code` holds a veto under this rule.
    pub fn is_veto_holder(&self, code: &str) -> bool {
        self.veto
            .as_ref()
            .is_some_and(|v| v.holders.iter().any(|h| h == code))
    }

    /// The rule as a simple game for a-priori power under the yes/no convention (an
    /// abstention counts as a no, so `abstention_blocks` changes nothing here).
    ///
    /// Members fall into up to four symmetric types: veto holders, permanent members without
    /// a veto, elected members and long-term elected members. Restraint and the Assembly
    /// override are behaviour of the vote model and are not part of a-priori power.
    pub fn to_game(&self) -> TypedGame {
        let holders: Vec<String> = self
            .permanent
            .iter()
            .filter(|c| self.is_veto_holder(c))
            .cloned()
            .collect();
        let plain_permanent: Vec<String> = self
            .permanent
            .iter()
            .filter(|c| !self.is_veto_holder(c))
            .cloned()
            .collect();
        let mut types = Vec::new();
        // The veto holders' type index, when there are any.
        let mut holder_type = None;
        if !holders.is_empty() {
            holder_type = Some(types.len());
            let name = if self.veto.is_some() {
                "permanent (veto)"
            } else {
                "permanent"
            };
            types.push(MemberType {
                name: name.to_string(),
                members: holders,
            });
        }
        if !plain_permanent.is_empty() {
            let name = if self.veto.is_some() {
                "permanent (no veto)"
            } else {
                "permanent"
            };
            types.push(MemberType {
                name: name.to_string(),
                members: plain_permanent,
            });
        }
        let elected = self.elected.labels(false);
        if !elected.is_empty() {
            types.push(MemberType {
                name: "elected".to_string(),
                members: elected,
            });
        }
        if let Some(long_term) = &self.long_term {
            let labels = long_term.labels(true);
            if !labels.is_empty() {
                types.push(MemberType {
                    name: "elected (long-term)".to_string(),
                    members: labels,
                });
            }
        }
        let quota = self.quota as usize;
        let veto = self
            .veto
            .as_ref()
            .and_then(|v| holder_type.map(|t| (t, v.holders.len(), v.negatives_to_block as usize)));
        TypedGame {
            name: self.name.clone(),
            types,
            wins: Box::new(move |counts: &[usize]| {
                let yes: usize = counts.iter().sum();
                if yes < quota {
                    return false;
                }
                match veto {
                    Some((t, holders, k)) => holders - counts[t] < k,
                    None => true,
                }
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seat_labels_follow_groups() {
        let mut groups = BTreeMap::new();
        groups.insert(RegionalGroup::African, 2);
        groups.insert(RegionalGroup::EasternEuropean, 1);
        assert_eq!(
            SeatCount::ByGroup(groups.clone()).labels(false),
            ["AFR-1", "AFR-2", "EEG-1"]
        );
        assert_eq!(
            SeatCount::ByGroup(groups).labels(true),
            ["L-AFR-1", "L-AFR-2", "L-EEG-1"]
        );
    }
}
