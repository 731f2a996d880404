//! The data a vote-model fit uses: the recorded member-by-member votes of the annotated drafts.
//!
//! A draft enters when it is annotated (its kind, sponsors and targets are curated) and its
//! tally lists the members' votes (`full` or `partial`). Each listed member becomes a
//! [`Member`] with the covariates of the vote model: its alignment score `s_i` (mean agreement
//! with the sponsors minus mean agreement with the targets, from the alignment window of the
//! draft's time or a fixed window, see [`WindowChoice`](crate::world::WindowChoice)), whether it sponsors the draft, whether
//! the draft targets it, and whether it holds a permanent seat. Abstentions, yes and no votes
//! enter the likelihood; absences do not (the model has none), and members that are not UN
//! member states today (Yugoslavia, for instance) have no alignment and are left out of the
//! likelihood, though they keep their seat when the draft's adoption is predicted.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::vote::{DraftSpec, ModelParams, Support};
use crate::world::DraftFilter;
use crate::world::councils::{LAST_YEAR_OF_ELEVEN, P5};
use crate::world::{ActionKind, Outcome, TallyStatus, WindowChoice, World};

/// One Council member's recorded vote on a draft, with the model's covariates.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Member {
    /// The member's code.
    pub code: String,
    /// Alignment score `s_i` (0 without alignment data).
    pub s: f64,
    /// Whether it sponsors the draft.
    pub sponsor: bool,
    /// Whether the draft targets it.
    pub target: bool,
    /// Whether it holds a permanent seat (and so a veto).
    pub permanent: bool,
    /// Whether it is a member state with alignment data (only these enter the likelihood).
    pub aligned: bool,
    /// 0 yes, 1 abstain, 2 no; `None` when absent.
    pub vote: Option<u8>,
}

impl Member {
    /// Whether this vote enters the likelihood.
    pub fn counts(&self) -> bool {
        self.aligned && self.vote.is_some()
    }
}

/// One draft of the fit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DraftData {
    /// The draft's id.
    pub id: String,
    /// Its date.
    pub date: String,
    /// Its year.
    pub year: i32,
    /// Vetoed or failed.
    pub outcome: Outcome,
    /// The kind of action.
    pub kind: ActionKind,
    /// Its listed members.
    pub members: Vec<Member>,
    /// Whether every member's vote is listed (the adoption outcome can then be predicted).
    pub full: bool,
    /// Affirmative votes needed under the rule of its time (7 of 11 to 1965, then 9 of 15).
    pub quota: u32,
    /// Recorded affirmative votes.
    pub yes_votes: u32,
    /// The alignment window of its covariates.
    pub window: String,
}

impl DraftData {
    /// Whether the draft had the affirmative votes it needed (vetoed drafts did).
    pub fn majority(&self) -> bool {
        self.yes_votes >= self.quota
    }
}

/// The drafts of a fit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VoteData {
    /// The drafts, in the record's order.
    pub drafts: Vec<DraftData>,
    /// How the windows were chosen.
    pub window: WindowChoice,
    /// Recorded votes of members without alignment data (left out of the likelihood).
    pub unaligned_votes: usize,
    /// Recorded absences (left out of the likelihood).
    pub absences: usize,
    /// Annotated drafts left out, with the reason.
    pub excluded: Vec<(String, String)>,
}

/// Counts over a set of drafts.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct DataSummary {
    /// Drafts.
    pub drafts: usize,
    /// Vetoed drafts.
    pub vetoed: usize,
    /// Failed drafts.
    pub failed: usize,
    /// Drafts with every member's vote listed.
    pub full_tallies: usize,
    /// Votes in the likelihood (yes, abstain, no).
    pub votes: usize,
    /// Of which yes, abstain, no.
    pub yes: usize,
    /// Abstentions.
    pub abstain: usize,
    /// No votes.
    pub no: usize,
    /// Votes of permanent members.
    pub permanent_votes: usize,
    /// First and last date.
    pub first: String,
    /// Last date.
    pub last: String,
    /// Drafts and votes by kind of action.
    pub by_kind: BTreeMap<ActionKind, [usize; 2]>,
    /// Votes of sponsors, by vote (yes, abstain, no).
    pub sponsor_votes: [usize; 3],
    /// Votes of targets, by vote (yes, abstain, no).
    pub target_votes: [usize; 3],
}

impl VoteData {
    /// Collects the annotated drafts of `world` selected by `filter`, with covariates from
    /// `window`.
    ///
    /// # Errors
    /// A window the world lacks.
    pub fn from_world(
        world: &World,
        filter: &DraftFilter,
        window: &WindowChoice,
    ) -> Result<VoteData> {
        // Covariates only: s_i = mu_i with align 1 and every other term 0.
        let mut unit = ModelParams::embedded()?;
        unit.intercept.values_mut().for_each(|v| *v = 0.0);
        unit.align = 1.0;
        unit.sponsor = 0.0;
        unit.target = 0.0;
        let mut graphs = BTreeMap::new();
        let mut drafts = Vec::new();
        let mut excluded = Vec::new();
        let (mut unaligned_votes, mut absences) = (0, 0);
        for d in &world.drafts {
            if !filter.matches(d) {
                continue;
            }
            let Some(a) = &d.annotation else { continue };
            if d.unresolved() {
                excluded.push((
                    d.id.clone(),
                    "unresolved raw-data row: what was voted on is not known".to_string(),
                ));
                continue;
            }
            if !matches!(d.tally, TallyStatus::Full | TallyStatus::Partial) {
                excluded.push((d.id.clone(), "no member votes recorded".to_string()));
                continue;
            }
            let spec = DraftSpec::from_record(world, &d.id)?;
            let w = window.window_for(d.year, world);
            if !graphs.contains_key(&w) {
                graphs.insert(w.clone(), world.alignment_graph(Some(&w))?);
            }
            let support = Support::new(world, &graphs[&w], &unit, &spec);
            let mut members = Vec::new();
            for (list, vote) in [
                (&d.yes, Some(0u8)),
                (&d.abstain, Some(1)),
                (&d.no, Some(2)),
                (&d.absent, None),
            ] {
                for code in list {
                    let index = world.state_index(code);
                    let aligned = index.is_some();
                    if vote.is_none() {
                        absences += 1;
                    } else if !aligned {
                        unaligned_votes += 1;
                    }
                    members.push(Member {
                        code: code.clone(),
                        s: index.map_or(0.0, |i| support.score[i]),
                        sponsor: spec.sponsors.contains(code),
                        target: spec.targets.contains(code),
                        permanent: P5.contains(&code.as_str()),
                        aligned,
                        vote,
                    });
                }
            }
            if !members.iter().any(Member::counts) {
                excluded.push((d.id.clone(), "no vote of a member state".to_string()));
                continue;
            }
            let quota = if d.year <= LAST_YEAR_OF_ELEVEN { 7 } else { 9 };
            drafts.push(DraftData {
                id: d.id.clone(),
                date: d.date.clone(),
                year: d.year,
                outcome: d.outcome,
                kind: a.kind,
                full: d.tally == TallyStatus::Full,
                quota,
                yes_votes: d.n_yes.unwrap_or(d.yes.len() as u32),
                members,
                window: w,
            });
        }
        Ok(VoteData {
            drafts,
            window: window.clone(),
            unaligned_votes,
            absences,
            excluded,
        })
    }

    /// The same data restricted to the drafts `keep` selects.
    pub fn subset(&self, keep: impl Fn(&DraftData) -> bool) -> VoteData {
        VoteData {
            drafts: self.drafts.iter().filter(|d| keep(d)).cloned().collect(),
            window: self.window.clone(),
            unaligned_votes: 0,
            absences: 0,
            excluded: Vec::new(),
        }
    }

    /// Counts over the drafts.
    pub fn summary(&self) -> DataSummary {
        let mut s = DataSummary::default();
        for d in &self.drafts {
            s.drafts += 1;
            match d.outcome {
                Outcome::Vetoed => s.vetoed += 1,
                Outcome::Failed => s.failed += 1,
            }
            s.full_tallies += usize::from(d.full);
            let entry = s.by_kind.entry(d.kind).or_insert([0, 0]);
            entry[0] += 1;
            for m in d.members.iter().filter(|m| m.counts()) {
                let v = m.vote.unwrap_or(0) as usize;
                s.votes += 1;
                entry[1] += 1;
                match v {
                    0 => s.yes += 1,
                    1 => s.abstain += 1,
                    _ => s.no += 1,
                }
                s.permanent_votes += usize::from(m.permanent);
                if m.sponsor {
                    s.sponsor_votes[v] += 1;
                }
                if m.target {
                    s.target_votes[v] += 1;
                }
            }
            if s.first.is_empty() || d.date < s.first {
                s.first = d.date.clone();
            }
            if d.date > s.last {
                s.last = d.date.clone();
            }
        }
        s
    }

    /// Fails when there is nothing to fit.
    ///
    /// # Errors
    /// [`Error::Usage`] when no draft is selected.
    pub fn require_drafts(&self, what: &str) -> Result<()> {
        if self.drafts.len() < 2 {
            return Err(Error::Usage(format!(
                "{what}: {} annotated draft(s) with recorded member votes in the selection; at least 2 are needed",
                self.drafts.len()
            )));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_world_gives_votes_with_covariates() {
        let world = World::embedded().unwrap();
        let data =
            VoteData::from_world(world, &DraftFilter::default(), &WindowChoice::Era).unwrap();
        let s = data.summary();
        assert!(s.drafts >= 100, "{}", s.drafts);
        assert!(s.votes >= 1400, "{}", s.votes);
        assert_eq!(s.votes, s.yes + s.abstain + s.no);
        // Sponsors on the Council voted for their drafts.
        assert!(s.sponsor_votes[0] > 100 && s.sponsor_votes[2] == 0);
        // Eras: drafts before 1990 use the 1946-1989 window.
        assert!(
            data.drafts
                .iter()
                .all(|d| (d.year < 1990) == (d.window == "1946-1989"))
        );
        // A sponsor's score is high: it agrees with itself.
        let m = data
            .drafts
            .iter()
            .flat_map(|d| &d.members)
            .find(|m| m.sponsor)
            .unwrap();
        assert!(m.s > 0.3, "{}", m.s);
    }

    #[test]
    fn an_unresolved_raw_row_stays_out_of_the_fit() {
        let world = World::embedded().unwrap();
        let id = "S/2017/968#row-3-5-7";
        assert!(world.draft(id).unwrap().unresolved());
        let data =
            VoteData::from_world(world, &DraftFilter::default(), &WindowChoice::Era).unwrap();
        assert!(data.drafts.iter().all(|d| d.id != id));
        let (_, why) = data.excluded.iter().find(|(d, _)| d == id).unwrap();
        assert!(why.contains("unresolved"), "{why}");
        // Only the unresolved row: the Russian draft voted the same day stays in.
        assert!(data.drafts.iter().any(|d| d.id == "S/2017/968"));
    }
}
