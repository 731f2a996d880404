//! The votes the pooled model is fitted on: one [`Roll`] per vote the Council took.
//!
//! Contested drafts come from the veto record through [`VoteData`] (annotated drafts with the
//! members' recorded votes, their alignment scores, sponsors and targets); adopted resolutions
//! from the world's table of adopted resolutions (their kind from the title; no sponsors or
//! targets are recorded for them, so their alignment score is 0). A member's vote enters the
//! likelihood when it is a yes, an abstention or a no; absences and "present, not voting" do
//! not. Members that are not UN member states today (Yugoslavia, for instance) keep their seat
//! in a roll but have no effect of their own.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::calibrate::data::VoteData;
use crate::error::Result;
use crate::world::DraftFilter;
use crate::world::adopted::CastVote;
use crate::world::councils::{LAST_YEAR_OF_ELEVEN, P5};
use crate::world::{ActionKind, Outcome, WindowChoice, World};

/// What the record says happened to a vote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Fate {
    /// An adopted resolution.
    Adopted,
    /// A draft blocked by a permanent member's negative vote.
    Vetoed,
    /// A draft that failed for want of votes.
    Failed,
}

impl Fate {
    /// Every fate, in parameter order.
    pub const ALL: [Fate; 3] = [Fate::Adopted, Fate::Vetoed, Fate::Failed];

    /// Its position in [`Fate::ALL`].
    pub fn index(self) -> usize {
        match self {
            Fate::Adopted => 0,
            Fate::Vetoed => 1,
            Fate::Failed => 2,
        }
    }

    /// The group of the members' drifting effects: 0 adopted, 1 contested.
    pub fn group(self) -> usize {
        usize::from(self != Fate::Adopted)
    }

    /// `adopted`, `vetoed` or `failed`.
    pub fn as_str(self) -> &'static str {
        match self {
            Fate::Adopted => "adopted",
            Fate::Vetoed => "vetoed",
            Fate::Failed => "failed",
        }
    }
}

impl From<Outcome> for Fate {
    fn from(o: Outcome) -> Fate {
        match o {
            Outcome::Vetoed => Fate::Vetoed,
            Outcome::Failed => Fate::Failed,
        }
    }
}

/// One member's vote in a roll.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cast {
    /// The member's code.
    pub code: String,
    /// Its index among the fit's members; `None` for a state that is not a member today.
    pub member: Option<usize>,
    /// Whether it holds a permanent seat.
    pub permanent: bool,
    /// Alignment score with the sponsors and targets.
    pub s: f64,
    /// Whether it sponsors the draft.
    pub sponsor: bool,
    /// Whether the draft targets it.
    pub target: bool,
    /// 0 yes, 1 abstain, 2 no; `None` when absent or not voting.
    pub vote: Option<u8>,
}

impl Cast {
    /// Whether this vote enters the likelihood.
    pub fn counts(&self) -> bool {
        self.member.is_some() && self.vote.is_some()
    }
}

/// One vote of the Council: a resolution or a draft.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Roll {
    /// The resolution or draft.
    pub id: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// The year.
    pub year: i32,
    /// What happened to it.
    pub fate: Fate,
    /// The kind of action.
    pub kind: ActionKind,
    /// Affirmative votes needed (7 of 11 to 1965, then 9 of 15).
    pub quota: u32,
    /// Every seated member, with its vote where recorded.
    pub casts: Vec<Cast>,
}

impl Roll {
    /// Whether every recorded vote is a yes.
    pub fn unanimous(&self) -> bool {
        self.casts
            .iter()
            .filter(|c| c.vote.is_some())
            .all(|c| c.vote == Some(0))
    }

    /// Whether every seated member's vote is recorded (the fate event can then be computed).
    pub fn complete(&self) -> bool {
        self.casts.iter().all(|c| c.vote.is_some())
    }
}

/// 0 yes, 1 abstain, 2 no; `None` for present, not voting.
fn cast_code(vote: &CastVote) -> Option<u8> {
    match vote {
        CastVote::Yes => Some(0),
        CastVote::Abstain => Some(1),
        CastVote::No => Some(2),
        CastVote::NotVoting => None,
    }
}

/// The rolls of a fit, with the members they index.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PooledData {
    /// Member codes, sorted.
    pub members: Vec<String>,
    /// The rolls, in date order.
    pub rolls: Vec<Roll>,
}

impl PooledData {
    /// Every roll the world records: its annotated contested drafts with member votes (each
    /// draft's own alignment era) and its adopted resolutions.
    ///
    /// # Errors
    /// A world without the alignment windows the covariates need.
    pub fn of_world(world: &World) -> Result<PooledData> {
        let contested = VoteData::from_world(world, &DraftFilter::default(), &WindowChoice::Era)?;
        Ok(PooledData::from_world(world, &contested))
    }

    /// Every roll of the world: the contested drafts of `contested` and the adopted resolutions.
    pub fn from_world(world: &World, contested: &VoteData) -> PooledData {
        let mut rolls = Vec::new();
        for d in &contested.drafts {
            rolls.push(Roll {
                id: d.id.clone(),
                date: d.date.clone(),
                year: d.year,
                fate: d.outcome.into(),
                kind: d.kind,
                quota: d.quota,
                casts: d
                    .members
                    .iter()
                    .map(|m| Cast {
                        code: m.code.clone(),
                        member: None,
                        permanent: m.permanent,
                        s: m.s,
                        sponsor: m.sponsor,
                        target: m.target,
                        vote: if m.aligned { m.vote } else { None },
                    })
                    .collect(),
            });
        }
        for r in &world.adopted {
            rolls.push(Roll {
                id: r.resolution.clone(),
                date: r.date.clone(),
                year: r.year,
                fate: Fate::Adopted,
                kind: r.kind,
                quota: if r.year <= LAST_YEAR_OF_ELEVEN { 7 } else { 9 },
                casts: r
                    .votes
                    .iter()
                    .map(|v| Cast {
                        code: v.code.clone(),
                        member: None,
                        permanent: P5.contains(&v.code.as_str()),
                        s: 0.0,
                        sponsor: false,
                        target: false,
                        vote: if world.state_index(&v.code).is_some() {
                            cast_code(&v.vote)
                        } else {
                            None
                        },
                    })
                    .collect(),
            });
        }
        rolls.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.id.cmp(&b.id)));
        PooledData::index(rolls)
    }

    /// Indexes the members of `rolls` (every code with a counted vote).
    pub fn index(mut rolls: Vec<Roll>) -> PooledData {
        let mut codes = BTreeMap::new();
        for r in &rolls {
            for c in &r.casts {
                if c.vote.is_some() {
                    codes.entry(c.code.clone()).or_insert(0usize);
                }
            }
        }
        let members: Vec<String> = codes.keys().cloned().collect();
        for (i, code) in members.iter().enumerate() {
            codes.insert(code.clone(), i);
        }
        for r in &mut rolls {
            for c in &mut r.casts {
                c.member = codes.get(&c.code).copied();
            }
        }
        PooledData { members, rolls }
    }

    /// The rolls `keep` selects, indexed anew.
    pub fn subset(&self, keep: impl Fn(&Roll) -> bool) -> PooledData {
        PooledData::index(self.rolls.iter().filter(|r| keep(r)).cloned().collect())
    }

    /// The votes that enter the likelihood.
    pub fn votes(&self) -> usize {
        self.rolls
            .iter()
            .map(|r| r.casts.iter().filter(|c| c.counts()).count())
            .sum()
    }
}
