//! Judging a draft from its recorded vote under a rule, and only where the record decides.
//!
//! [`RecordedCouncil::from_draft`] rebuilds the Council that voted on a draft with everything
//! the record says about each seat: the member and its vote where the tally lists it, the
//! vetoing members' negative votes where nothing else is known, the members of the year's
//! Council (the world knows them from 1990 on) with an unknown vote where the tally is missing,
//! and anonymous seats otherwise. A seat's vote is a *set* of possible votes; the recorded
//! counts narrow the sets (when the listed yes votes already make up the recorded yes count,
//! no unlisted member voted yes).
//!
//! A vetoed draft says more than its tally. A permanent member's negative vote is recorded
//! as a veto only where the draft otherwise had the majority the Charter required (nine votes
//! of fifteen since 1966, seven of eleven before; the data build checks every recorded tally
//! of a vetoed draft against it), so every negative vote a permanent member cast on it is one
//! of its recorded vetoes. Two facts follow for every vetoed draft, with or without a tally:
//! the permanent members not listed as vetoing did not vote no, and at least that majority
//! voted yes ([`RecordedCouncil::yes_floor`]). The floor counts only where every member of
//! the Council that voted keeps its seat under the rule.
//!
//! [`judge`] then applies a rule: it seats the rule's Council on the recorded one (the rule's
//! permanent members keep their recorded votes, recorded elected members keep theirs where the
//! rule has room for them, every other seat is a vote the record lacks) and bounds the number
//! of affirmative votes and of the veto holders' blocking votes over **every** possible value
//! of the votes the record lacks. Adoption needs `yes >= quota` and `blocking < k`; both
//! extremes are reachable together (every unknown vote yes, or every one no), so when the
//! bounds agree the outcome is decided by the record alone ([`Verdict::Adopted`] or
//! [`Verdict::NotAdopted`], with the reason in words), and otherwise the verdict is
//! [`Verdict::Open`] with what is missing. No vote is ever guessed here; a model fills the gaps
//! elsewhere ([`super::model`]).
//!
//! Conventions, stated in the replay's output too: an absent member counts as neither yes nor
//! no (and blocks only under a rule where abstention blocks); restraint applies only to drafts
//! annotated as addressing mass atrocities, and turns a pledged member's no into an abstention
//! with the rule's compliance; a Council of 11 (before 1966) judged under a 15-seat rule keeps
//! its 11 members, the four seats added in 1966 being votes the record lacks.

use std::fmt::Write as _;

use serde::Serialize;

use crate::rules::{Rule, SeatCount};
use crate::world::councils::{LAST_YEAR_OF_ELEVEN, P5};
use crate::world::{Draft, Outcome, RegionalGroup, SeatKind, World};

/// One recorded vote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Vote {
    /// In favour.
    Yes,
    /// Against.
    No,
    /// Abstained.
    Abstain,
    /// Absent or not participating.
    Absent,
}

impl Vote {
    /// Every vote, in a fixed order.
    pub const ALL: [Vote; 4] = [Vote::Yes, Vote::No, Vote::Abstain, Vote::Absent];

    fn bit(self) -> u8 {
        match self {
            Vote::Yes => 1,
            Vote::No => 2,
            Vote::Abstain => 4,
            Vote::Absent => 8,
        }
    }

    /// `yes`, `no`, `abstain` or `absent`.
    pub fn as_str(self) -> &'static str {
        match self {
            Vote::Yes => "yes",
            Vote::No => "no",
            Vote::Abstain => "abstain",
            Vote::Absent => "absent",
        }
    }
}

/// The votes a seat may have cast, given the record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct VoteSet(u8);

impl VoteSet {
    /// Nothing is known.
    pub const UNKNOWN: VoteSet = VoteSet(15);

    /// Exactly this vote.
    pub fn only(v: Vote) -> VoteSet {
        VoteSet(v.bit())
    }

    /// Whether `v` is possible.
    pub fn may(self, v: Vote) -> bool {
        self.0 & v.bit() != 0
    }

    /// The vote, if only one is possible.
    pub fn known(self) -> Option<Vote> {
        Vote::ALL.into_iter().find(|v| self.0 == v.bit())
    }

    /// Whether every possible vote is in `other`.
    fn within(self, other: VoteSet) -> bool {
        self.0 & !other.0 == 0
    }

    fn intersects(self, other: VoteSet) -> bool {
        self.0 & other.0 != 0
    }

    fn with(self, v: Vote) -> VoteSet {
        VoteSet(self.0 | v.bit())
    }

    fn without(self, v: Vote) -> VoteSet {
        VoteSet(self.0 & !v.bit())
    }
}

/// One seat of the Council that voted.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordedSeat {
    /// The member, when known.
    pub code: Option<String>,
    /// Whether it held a permanent seat.
    pub permanent: bool,
    /// Its regional group, when known (a former state has none in the world).
    pub group: Option<RegionalGroup>,
    /// The votes it may have cast.
    pub votes: VoteSet,
}

/// What the record says about the Council that voted on a draft.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordedCouncil {
    /// The year of the vote.
    pub year: i32,
    /// Its seats: listed members, then vetoing and other permanent members, then the rest.
    pub seats: Vec<RecordedSeat>,
    /// The recorded counts (yes, no, abstain, absent), where known.
    pub counts: [Option<u32>; 4],
    /// The fewest yes votes the record allows: for a vetoed draft, the majority a veto
    /// presupposes (9 of 15, or 7 of a Council of 11); `None` for a failed draft.
    pub yes_floor: Option<u32>,
}

/// The majority a Council of `size` needed (Art. 27(3)): 7 of 11 before 1966, 9 of 15 since.
pub fn charter_majority(size: usize) -> u32 {
    if size <= 11 { 7 } else { 9 }
}

impl RecordedCouncil {
    /// Rebuilds the Council that voted on `draft` from the record (and from the world's
    /// Council of the year, when the world has one, for the members the tally does not list).
    pub fn from_draft(world: &World, draft: &Draft) -> RecordedCouncil {
        let size = if draft.year <= LAST_YEAR_OF_ELEVEN {
            11
        } else {
            15
        };
        let council = world.council(draft.year);
        let group_of = |code: &str| -> Option<RegionalGroup> {
            council
                .and_then(|c| c.members.iter().find(|m| m.code == code))
                .map(|m| m.group)
                .or_else(|| world.state(code).map(|s| s.group))
        };
        let mut seats: Vec<RecordedSeat> = Vec::new();
        let push = |seats: &mut Vec<RecordedSeat>, code: &str, votes: VoteSet| {
            if seats.iter().any(|s| s.code.as_deref() == Some(code)) {
                return;
            }
            seats.push(RecordedSeat {
                code: Some(code.to_string()),
                permanent: P5.contains(&code),
                group: group_of(code),
                votes,
            });
        };
        for (list, vote) in [
            (&draft.yes, Vote::Yes),
            (&draft.no, Vote::No),
            (&draft.abstain, Vote::Abstain),
            (&draft.absent, Vote::Absent),
        ] {
            for code in list {
                push(&mut seats, code, VoteSet::only(vote));
            }
        }
        for code in &draft.vetoed_by {
            push(&mut seats, code, VoteSet::only(Vote::No));
        }
        // On a vetoed draft every permanent member's negative vote is a recorded veto: the
        // others did not vote no.
        let vetoed = draft.outcome == Outcome::Vetoed;
        for code in P5 {
            let votes = if vetoed {
                VoteSet::UNKNOWN.without(Vote::No)
            } else {
                VoteSet::UNKNOWN
            };
            push(&mut seats, code, votes);
        }
        if let Some(c) = council {
            for m in &c.members {
                if seats.len() >= size.max(c.members.len()) {
                    break;
                }
                push(&mut seats, &m.code, VoteSet::UNKNOWN);
            }
            for s in &mut seats {
                if let Some(m) = c.members.iter().find(|m| Some(&m.code) == s.code.as_ref()) {
                    s.permanent = m.seat == SeatKind::Permanent;
                }
            }
        }
        while seats.len() < size {
            seats.push(RecordedSeat {
                code: None,
                permanent: false,
                group: None,
                votes: VoteSet::UNKNOWN,
            });
        }
        let mut rec = RecordedCouncil {
            year: draft.year,
            seats,
            counts: [draft.n_yes, draft.n_no, draft.n_abstain, draft.n_absent],
            yes_floor: vetoed.then(|| charter_majority(size)),
        };
        rec.narrow();
        rec
    }

    /// Narrows the possible votes with the recorded counts until nothing changes: a vote whose
    /// count is reached by the seats that certainly cast it is impossible for the others, and
    /// a vote whose count equals the seats that may cast it is certain for them.
    fn narrow(&mut self) {
        loop {
            let mut changed = false;
            for (v, count) in Vote::ALL.into_iter().zip(self.counts) {
                let Some(n) = count else { continue };
                let n = n as usize;
                let certain = self
                    .seats
                    .iter()
                    .filter(|s| s.votes == VoteSet::only(v))
                    .count();
                let possible = self.seats.iter().filter(|s| s.votes.may(v)).count();
                for s in &mut self.seats {
                    if certain >= n && s.votes.may(v) && s.votes != VoteSet::only(v) {
                        s.votes = s.votes.without(v);
                        changed = true;
                    } else if possible == n && s.votes.may(v) && s.votes != VoteSet::only(v) {
                        s.votes = VoteSet::only(v);
                        changed = true;
                    }
                }
            }
            // A seat with no possible vote means the counts contradict the lists; keep the
            // lists' word and stop narrowing.
            if self.seats.iter().any(|s| s.votes.0 == 0) {
                for s in &mut self.seats {
                    if s.votes.0 == 0 {
                        s.votes = VoteSet::UNKNOWN;
                    }
                }
                return;
            }
            if !changed {
                return;
            }
        }
    }

    /// The number of seats.
    pub fn size(&self) -> usize {
        self.seats.len()
    }

    /// Seats whose vote the record does not give.
    pub fn unknown_votes(&self) -> usize {
        self.seats
            .iter()
            .filter(|s| s.votes.known().is_none())
            .count()
    }

    /// The recorded vote of a member, if the record gives it.
    pub fn vote_of(&self, code: &str) -> Option<Vote> {
        self.seats
            .iter()
            .find(|s| s.code.as_deref() == Some(code))
            .and_then(|s| s.votes.known())
    }
}

/// The outcome of a draft under a rule, as far as the record decides it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Adopted whatever the votes the record lacks; the reason in words.
    Adopted(String),
    /// Not adopted whatever the votes the record lacks; the reason in words.
    NotAdopted(String),
    /// The record does not decide: what is missing.
    Open(Vec<String>),
}

/// Bounds on the counts that decide adoption, over every value of the votes the record lacks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bounds {
    /// Fewest and most affirmative votes.
    pub yes: (u32, u32),
    /// Fewest and most blocking votes of veto holders.
    pub blocking: (u32, u32),
}

/// How the rule's Council sits on the recorded one.
#[derive(Debug, Default)]
struct Fit {
    bounds: (u32, u32),
    /// Rule seats whose holder or vote the record lacks.
    missing_seats: usize,
    /// Recorded members who may not sit under the rule.
    dropped: usize,
    /// Seated members whose vote the record does not give.
    unknown_votes: usize,
}

/// Judges `rec` under `rule`; `atrocity` says whether restraint applies to the draft.
pub fn judge(rec: &RecordedCouncil, rule: &Rule, atrocity: bool) -> Verdict {
    judge_with_bounds(rec, rule, atrocity).0
}

/// [`judge`], also returning the bounds it decided on.
pub fn judge_with_bounds(rec: &RecordedCouncil, rule: &Rule, atrocity: bool) -> (Verdict, Bounds) {
    let mut seats = rec.seats.clone();
    let mut notes: Vec<String> = Vec::new();
    let mut compliance_open = false;
    if atrocity && let Some(r) = &rule.restraint {
        for s in &mut seats {
            let pledged = s
                .code
                .as_ref()
                .is_some_and(|c| r.members.contains(c) && rule.is_veto_holder(c));
            if !pledged || !s.votes.may(Vote::No) {
                continue;
            }
            let code = s.code.as_deref().unwrap_or("?");
            if r.compliance >= 1.0 {
                s.votes = s.votes.without(Vote::No).with(Vote::Abstain);
                if s.votes == VoteSet::only(Vote::Abstain) {
                    notes.push(format!("restraint: {code}'s no counts as an abstention"));
                }
            } else if r.compliance > 0.0 {
                s.votes = s.votes.with(Vote::Abstain);
                compliance_open = true;
            }
        }
    }
    let blocking = if rule.abstention_blocks {
        VoteSet(Vote::No.bit() | Vote::Abstain.bit() | Vote::Absent.bit())
    } else {
        VoteSet::only(Vote::No)
    };
    let is_holder = |s: &RecordedSeat| s.code.as_deref().is_some_and(|c| rule.is_veto_holder(c));
    let in_rule_perm = |s: &RecordedSeat| {
        s.code
            .as_ref()
            .is_some_and(|c| rule.permanent.iter().any(|p| p == c))
    };

    // Permanent seats of the rule: recorded members with their votes, others unknown.
    let mut yes = (0u32, 0u32);
    let mut block = (0u32, 0u32);
    let mut fit = Fit::default();
    for s in seats.iter().filter(|s| in_rule_perm(s)) {
        yes.0 += u32::from(s.votes == VoteSet::only(Vote::Yes));
        yes.1 += u32::from(s.votes.may(Vote::Yes));
        if is_holder(s) {
            block.0 += u32::from(s.votes.within(blocking));
            block.1 += u32::from(s.votes.intersects(blocking));
        }
        fit.unknown_votes += usize::from(s.votes.known().is_none());
    }
    for code in &rule.permanent {
        if !seats.iter().any(|s| s.code.as_ref() == Some(code)) {
            fit.missing_seats += 1;
            yes.1 += 1;
            if rule.is_veto_holder(code) {
                block.1 += 1;
            }
        }
    }

    // The other seats.
    let others: Vec<&RecordedSeat> = seats.iter().filter(|s| !in_rule_perm(s)).collect();
    let elected_seats = rule.seats() as usize - rule.permanent.len();
    let long_term = rule.long_term.as_ref().map_or(0, SeatCount::total) as usize;
    let rec_permanent: Vec<&str> = seats
        .iter()
        .filter(|s| s.permanent)
        .filter_map(|s| s.code.as_deref())
        .collect();
    let same_permanent = rec_permanent.len() == rule.permanent.len()
        && rec_permanent
            .iter()
            .all(|c| rule.permanent.iter().any(|p| p == c));
    let all_kept = same_permanent && long_term == 0 && elected_seats >= others.len();
    let other_yes = if all_kept {
        // The rule's Council is the recorded one, possibly with added seats.
        fit.missing_seats += elected_seats - others.len();
        fit.unknown_votes += others.iter().filter(|s| s.votes.known().is_none()).count();
        let lists = (
            others
                .iter()
                .filter(|s| s.votes == VoteSet::only(Vote::Yes))
                .count() as u32,
            others.iter().filter(|s| s.votes.may(Vote::Yes)).count() as u32,
        );
        // Every recorded seat sits: the recorded yes count is the recorded seats' yes count.
        match rec.counts[0] {
            Some(n) => {
                let perm_yes = seats
                    .iter()
                    .filter(|s| in_rule_perm(s))
                    .filter(|s| s.votes.may(Vote::Yes))
                    .count() as u32;
                let perm_sure = seats
                    .iter()
                    .filter(|s| in_rule_perm(s))
                    .filter(|s| s.votes == VoteSet::only(Vote::Yes))
                    .count() as u32;
                (
                    n.saturating_sub(perm_yes).max(lists.0),
                    n.saturating_sub(perm_sure).min(lists.1),
                )
            }
            None => lists,
        }
    } else {
        elected_bounds(rule, &others, elected_seats - long_term, &mut fit)
    };
    let unknown_elected = if all_kept { 0 } else { long_term };
    fit.missing_seats += unknown_elected;
    yes.0 += other_yes.0;
    yes.1 +=
        other_yes.1 + (fit.missing_seats as u32).saturating_sub(rule_perm_missing(rule, &seats));
    if all_kept {
        // Every recorded seat sits: the recorded count and the floor bound their yes votes
        // together, whoever cast them; added seats may only add.
        let added = (elected_seats - others.len()) as u32;
        let (lo, hi, floor) = recorded_yes(rec, &seats);
        yes = (lo, hi + added);
        if let Some(floor) = floor {
            notes.push(format!(
                "at least {floor} yes: a veto is recorded only where the draft otherwise had {floor} votes"
            ));
        }
    }
    fit.bounds = yes;

    let bounds = Bounds {
        yes,
        blocking: block,
    };
    let quota = rule.quota;
    let k = rule
        .veto
        .as_ref()
        .map_or(u32::MAX, |v| v.negatives_to_block);
    let adopt_sure = yes.0 >= quota && block.1 < k;
    let want_of_votes = yes.1 < quota;
    let vetoed_sure = block.0 >= k;

    let yes_text = if yes.0 == yes.1 {
        format!("{} yes", yes.0)
    } else {
        format!("{}-{} yes", yes.0, yes.1)
    };
    let mut context = notes;
    if fit.missing_seats > 0 {
        context.push(if rec.size() == 11 && all_kept {
            format!(
                "a Council of 11 in {}: {} added seat(s) not on it",
                rec.year, fit.missing_seats
            )
        } else {
            format!(
                "{} seat(s) not on the {} Council",
                fit.missing_seats, rec.year
            )
        });
    }
    if fit.dropped > 0 {
        context.push(format!(
            "{} recorded member(s) without a seat under the rule",
            fit.dropped
        ));
    }
    let with_context = |mut text: String| {
        if !context.is_empty() {
            let _ = write!(text, " ({})", context.join("; "));
        }
        text
    };
    let blockers: Vec<&str> = seats
        .iter()
        .filter(|s| is_holder(s) && s.votes.within(blocking))
        .filter_map(|s| s.code.as_deref())
        .collect();
    let verdict = if adopt_sure {
        let veto_text = match rule.veto.as_ref() {
            None => String::new(),
            Some(_) if block.1 == 0 => ", no veto holder voting no".to_string(),
            Some(_) => format!(", {} holder negative(s) < {k} needed to block", block.1),
        };
        Verdict::Adopted(with_context(format!("{yes_text} >= {quota}{veto_text}")))
    } else if want_of_votes {
        Verdict::NotAdopted(with_context(format!("{yes_text} < {quota}")))
    } else if rule.override_majority.is_some() {
        let mut open = Vec::new();
        if vetoed_sure && yes.0 >= quota {
            open.push("the Assembly's vote on the override".to_string());
        } else {
            open.push("whether the draft reaches the Assembly".to_string());
        }
        open.extend(missing(&fit, compliance_open, rec));
        Verdict::Open(open)
    } else if vetoed_sure {
        let k_text = if k > 1 {
            format!(" ({} holder negatives >= {k} needed to block)", block.0)
        } else {
            String::new()
        };
        Verdict::NotAdopted(with_context(format!(
            "no by {}{k_text}",
            blockers.join(", ")
        )))
    } else {
        Verdict::Open(missing(&fit, compliance_open, rec))
    };
    (verdict, bounds)
}

/// Fewest and most yes votes of all the recorded seats together: the listed votes, narrowed
/// by the recorded yes count where it fits them, and raised to the record's floor (returned
/// when it raised the fewest).
fn recorded_yes(rec: &RecordedCouncil, seats: &[RecordedSeat]) -> (u32, u32, Option<u32>) {
    let sure = seats
        .iter()
        .filter(|s| s.votes == VoteSet::only(Vote::Yes))
        .count() as u32;
    let may = seats.iter().filter(|s| s.votes.may(Vote::Yes)).count() as u32;
    let (mut lo, hi) = match rec.counts[0] {
        Some(n) if sure <= n && n <= may => (n, n),
        _ => (sure, may),
    };
    let mut raised = None;
    if let Some(floor) = rec.yes_floor
        && floor.min(hi) > lo
    {
        lo = floor.min(hi);
        raised = Some(floor);
    }
    (lo, hi, raised)
}

/// The rule's permanent seats missing from the record (already counted in the yes bound).
fn rule_perm_missing(rule: &Rule, seats: &[RecordedSeat]) -> u32 {
    rule.permanent
        .iter()
        .filter(|c| !seats.iter().any(|s| s.code.as_ref() == Some(*c)))
        .count() as u32
}

/// What the record lacks, in words.
fn missing(fit: &Fit, compliance_open: bool, rec: &RecordedCouncil) -> Vec<String> {
    let mut out = Vec::new();
    if fit.missing_seats > 0 {
        out.push(format!(
            "{} seat(s) not on the {} Council",
            fit.missing_seats, rec.year
        ));
    }
    if fit.dropped > 0 {
        out.push(format!(
            "which {} recorded member(s) lose their seat",
            fit.dropped
        ));
    }
    if fit.unknown_votes > 0 {
        out.push(format!("{} member vote(s) not recorded", fit.unknown_votes));
    }
    if compliance_open {
        out.push("whether pledged members comply".to_string());
    }
    if out.is_empty() {
        out.push("votes the record lacks".to_string());
    }
    out
}

/// Bounds on the affirmative votes of the recorded non-permanent members that keep a seat
/// under `rule`, which has `seats` elected (two-year) seats; records the dropped members and
/// the seats left for others in `fit`.
fn elected_bounds(
    rule: &Rule,
    others: &[&RecordedSeat],
    seats: usize,
    fit: &mut Fit,
) -> (u32, u32) {
    // Pools of recorded members competing for a number of seats.
    let mut pools: Vec<(Vec<&RecordedSeat>, usize)> = Vec::new();
    let groups_known = others.iter().all(|s| s.group.is_some());
    match &rule.elected {
        SeatCount::ByGroup(by_group) if groups_known => {
            for (group, &n) in by_group {
                let members: Vec<&RecordedSeat> = others
                    .iter()
                    .copied()
                    .filter(|s| s.group == Some(*group))
                    .collect();
                pools.push((members, n as usize));
            }
            let pooled: usize = pools.iter().map(|(m, _)| m.len()).sum();
            // Members of a group without elected seats under the rule.
            fit.dropped += others.len() - pooled;
        }
        SeatCount::ByGroup(_) => {
            // A member's group is unknown: any of them may or may not sit.
            let n = seats.min(others.len());
            fit.dropped += others.len() - n.min(others.len());
            fit.missing_seats += seats;
            fit.unknown_votes += others.iter().filter(|s| s.votes.known().is_none()).count();
            return (0, 0);
        }
        SeatCount::Total(n) => pools.push((others.to_vec(), *n as usize)),
    }
    let (mut lo, mut hi) = (0u32, 0u32);
    for (members, n) in pools {
        let sure_yes = members
            .iter()
            .filter(|s| s.votes == VoteSet::only(Vote::Yes))
            .count();
        let may_yes = members.iter().filter(|s| s.votes.may(Vote::Yes)).count();
        let may_not = members.len() - sure_yes;
        fit.unknown_votes += members.iter().filter(|s| s.votes.known().is_none()).count();
        if members.len() <= n {
            lo += sure_yes as u32;
            hi += may_yes as u32;
            fit.missing_seats += n - members.len();
        } else {
            lo += n.saturating_sub(may_not) as u32;
            hi += n.min(may_yes) as u32;
            fit.dropped += members.len() - n;
        }
    }
    (lo, hi)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::catalog;
    use crate::world::World;

    fn rule(name: &str) -> Rule {
        let world = World::embedded().unwrap();
        catalog::reform(name, &world.state_codes()).unwrap()
    }

    fn rec(id: &str) -> RecordedCouncil {
        let world = World::embedded().unwrap();
        RecordedCouncil::from_draft(world, world.draft(id).unwrap())
    }

    #[test]
    fn a_full_tally_decides_the_quota_and_veto_rules() {
        // S/2011/612: 9 yes, vetoed by CHN and RUS.
        let r = rec("S/2011/612");
        assert_eq!(r.size(), 15);
        assert_eq!(r.unknown_votes(), 0);
        assert!(matches!(
            judge(&r, &rule("present"), false),
            Verdict::NotAdopted(_)
        ));
        assert!(matches!(
            judge(&r, &rule("abolish-veto"), false),
            Verdict::Adopted(_)
        ));
        assert!(matches!(
            judge(&r, &rule("qualified-10"), false),
            Verdict::NotAdopted(_)
        ));
        match judge(&r, &rule("two-negatives"), false) {
            Verdict::NotAdopted(why) => {
                assert!(why.contains("CHN") && why.contains("RUS"), "{why}")
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_assembly_and_enlarged_councils_need_more_than_the_record() {
        let r = rec("S/2011/612");
        assert!(matches!(
            judge(&r, &rule("assembly-override"), false),
            Verdict::Open(_)
        ));
        // The G4 keeps the veto of the five: the recorded vetoes still block.
        assert!(matches!(
            judge(&r, &rule("g4"), false),
            Verdict::NotAdopted(_)
        ));
        // Without the veto's block, 25 seats with 10 unknown: open.
        let world = World::embedded().unwrap();
        let failed = world
            .drafts
            .iter()
            .find(|d| d.year >= 1990 && d.vetoed_by.is_empty() && d.n_yes == Some(8))
            .unwrap();
        let r = RecordedCouncil::from_draft(world, failed);
        assert!(matches!(judge(&r, &rule("g4"), false), Verdict::Open(_)));
    }

    #[test]
    fn a_council_of_eleven_keeps_its_members_under_fifteen_seat_rules() {
        // S/3510 (1955): 10 yes of 11, vetoed by the USSR.
        let r = rec("S/3510");
        assert_eq!(r.size(), 11);
        match judge(&r, &rule("abolish-veto"), false) {
            Verdict::Adopted(why) => assert!(why.contains("Council of 11"), "{why}"),
            other => panic!("{other:?}"),
        }
        // S/1149 (1948): 6 yes of 11; four more members could have made 9 or 10.
        let r = rec("S/1149");
        assert!(matches!(
            judge(&r, &rule("abolish-veto"), false),
            Verdict::Open(_)
        ));
        // Under the 1945 rule (7 of 11) the record decides.
        assert!(matches!(
            judge(&r, &rule("council-1945"), false),
            Verdict::NotAdopted(_)
        ));
    }

    #[test]
    fn a_missing_tally_decides_only_through_the_recorded_vetoes() {
        let world = World::embedded().unwrap();
        let d = world
            .drafts
            .iter()
            .find(|d| {
                d.year < 1990
                    && d.vetoed_by.len() == 1
                    && d.tally == crate::world::TallyStatus::None
            })
            .unwrap();
        let r = RecordedCouncil::from_draft(world, d);
        assert!(matches!(
            judge(&r, &rule("present"), false),
            Verdict::NotAdopted(_)
        ));
        assert!(matches!(
            judge(&r, &rule("abolish-veto"), false),
            Verdict::Open(_)
        ));
        assert!(matches!(
            judge(&r, &rule("two-negatives"), false),
            Verdict::Open(_)
        ));
    }

    #[test]
    fn a_veto_without_a_tally_vouches_for_nine_votes_and_no_other_negative() {
        // S/21084 (1990): vetoed by the USA, no tally recorded.
        let r = rec("S/21084");
        assert_eq!(r.yes_floor, Some(9));
        assert_eq!(r.vote_of("USA"), Some(Vote::No));
        for code in P5.iter().filter(|c| **c != "USA") {
            let seat = r
                .seats
                .iter()
                .find(|s| s.code.as_deref() == Some(*code))
                .unwrap();
            assert!(!seat.votes.may(Vote::No), "{code}");
        }
        match judge(&r, &rule("abolish-veto"), false) {
            Verdict::Adopted(why) => assert!(why.contains("at least 9 yes"), "{why}"),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            judge(&r, &rule("two-negatives"), false),
            Verdict::Adopted(_)
        ));
        assert!(matches!(
            judge(&r, &rule("qualified-10"), false),
            Verdict::Open(_)
        ));
        // A failed draft vouches for nothing.
        let world = World::embedded().unwrap();
        let failed = world
            .drafts
            .iter()
            .find(|d| d.outcome == Outcome::Failed)
            .unwrap();
        assert_eq!(RecordedCouncil::from_draft(world, failed).yes_floor, None);
    }

    #[test]
    fn counts_narrow_unlisted_votes() {
        // S/1127 (1948): the lists miss one member; no one voted no.
        let r = rec("S/1127");
        let unlisted: Vec<&RecordedSeat> = r
            .seats
            .iter()
            .filter(|s| s.votes.known().is_none())
            .collect();
        assert!(unlisted.iter().all(|s| !s.votes.may(Vote::No)));
    }

    #[test]
    fn restraint_turns_a_pledged_no_into_an_abstention() {
        let world = World::embedded().unwrap();
        // A recorded lone Russian veto with France voting yes, made into the mirror image.
        let mut d = world
            .drafts
            .iter()
            .find(|d| {
                d.vetoed_by == ["RUS"]
                    && d.n_yes.is_some_and(|n| n >= 10)
                    && d.yes.iter().any(|c| c == "FRA")
            })
            .unwrap()
            .clone();
        d.yes.retain(|c| c != "FRA");
        d.yes.push("RUS".into());
        d.no = vec!["FRA".into()];
        d.vetoed_by = vec!["FRA".into()];
        let r = RecordedCouncil::from_draft(world, &d);
        match judge(&r, &rule("restraint"), true) {
            Verdict::Adopted(why) => assert!(why.contains("restraint: FRA"), "{why}"),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            judge(&r, &rule("restraint"), false),
            Verdict::NotAdopted(_)
        ));
    }
}
