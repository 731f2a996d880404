//! A compiled simulation: one draft, one Council year, the rules to judge, and everything the
//! inner loop needs in flat arrays (each state's mean support, the seats, the cut-points).

use serde::Serialize;

use super::seating::{Seating, seat};
use crate::error::{Error, Result};
use crate::rules::Rule;
use crate::vote::{DraftSpec, ModelParams, Support};
use crate::world::{Council, World};

/// At most this many rules are judged together (their joint outcomes are counted exactly).
pub const MAX_RULES: usize = 12;

pub(crate) const NONE: u32 = u32::MAX;

/// A seat held by a named state, as the inner loop sees it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Member {
    /// Slot in the trial's eagerly drawn pool.
    pub slot: u32,
    /// Index in `World::states`.
    pub state: u32,
    /// `-c_i`: a vote is no when `U <= neg_cut`.
    pub neg_cut: f64,
    pub holder: bool,
    /// Index of its restraint uniform, or [`NONE`].
    pub pledge: u32,
}

/// Seats drawn per trial.
#[derive(Debug, Clone)]
pub(crate) struct Draw {
    pub candidates: Vec<u32>,
    pub seats: u32,
    /// Whether a state drawn here may already sit: the draw fills more than one seat, or an
    /// earlier draw of the rule shares a candidate with it.
    pub may_repeat: bool,
    /// Whether a state drawn here is sure to have no support yet this trial and to be needed
    /// by nothing else: it cannot repeat, no candidate is in the pool or a candidate of any
    /// other draw, and no rule's Assembly reuses drawn votes (no drawn-seat override).
    pub fresh: bool,
}

/// One rule, compiled.
#[derive(Debug, Clone)]
pub struct RulePlan {
    /// The rule as given.
    pub rule: Rule,
    /// Its seating for the plan's Council year.
    pub seating: Seating,
    pub(crate) quota: u32,
    /// Holders' blocking votes that block (`u32::MAX` without a veto).
    pub(crate) block_at: u32,
    pub(crate) abstention_blocks: bool,
    pub(crate) members: Vec<Member>,
    pub(crate) draws: Vec<Draw>,
    /// Compliance as a threshold on a 32-bit uniform (`2^32` always complies), when restraint
    /// applies to this draft.
    pub(crate) restraint: Option<u64>,
    pub(crate) override_pq: Option<(u32, u32)>,
    pub(crate) seats: usize,
    pub(crate) drawn_offset: usize,
    /// Bit masks over pool slots (when the pool has at most 64 states): the named seats,
    /// those on permanent seats, on other seats, and the veto holders.
    pub(crate) masks: Masks,
    /// Pledged members as (pool slot, uniform index).
    pub(crate) pledged: Vec<(u32, u32)>,
}

/// Bit masks over pool slots.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Masks {
    pub members: u64,
    pub permanent: u64,
    pub elected: u64,
    pub holders: u64,
}

impl RulePlan {
    /// The number of seats.
    pub fn seats(&self) -> usize {
        self.seats
    }

    /// The verdict of `yes` affirmative votes and `blocks` blocking votes ([`crate::rules::verdict`]).
    #[inline(always)]
    pub fn verdict(&self, yes: u32, blocks: u32) -> crate::rules::Verdict {
        crate::rules::verdict(self.quota, self.block_at, yes, blocks)
    }

    /// Whether restraint changes votes on this draft (the rule has it and the draft is an
    /// atrocity draft).
    pub fn restraint_applies(&self) -> bool {
        self.restraint.is_some()
    }
}

/// A draft, a Council year and the rules, ready to simulate.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The draft.
    pub draft: DraftSpec,
    /// The year whose Council sits.
    pub council_year: i32,
    /// The rules, in the order given.
    pub rules: Vec<RulePlan>,
    /// Each state's mean support (indexed like `World::states`).
    pub mu: Vec<f64>,
    /// The states' codes.
    pub codes: Vec<String>,
    /// The standard deviation of the draft's shock.
    pub sigma: f64,
    /// The cut-point of permanent seats.
    pub cut_permanent: f64,
    /// The cut-point of every other seat and of Assembly members.
    pub cut_elected: f64,
    /// States whose noise is drawn first in every trial (all named seats of all rules).
    pub(crate) pool: Vec<u32>,
    /// `mu` of the pool's states, in pool order.
    pub(crate) pool_mu: Vec<f64>,
    /// Each state's pool slot, or [`NONE`].
    pub(crate) slot_of: Vec<u32>,
    pub(crate) uniforms: usize,
    pub(crate) drawn_total: usize,
    /// Whether the pool fits the bit masks (at most 64 states).
    pub(crate) masked: bool,
}

/// The result of a seat summary: which states sit in which rule.
#[derive(Debug, Clone, Serialize)]
pub struct PlanSummary {
    /// The rule's name.
    pub rule: String,
    /// Its seating.
    pub seating: Seating,
}

impl Plan {
    /// Compiles a plan.
    ///
    /// # Errors
    /// More than [`MAX_RULES`] rules or none, or a rule that cannot be seated in `council`'s
    /// year (see [`seat`]).
    pub fn new(
        world: &World,
        draft: &DraftSpec,
        council: &Council,
        rules: &[Rule],
        params: &ModelParams,
        support: &Support,
    ) -> Result<Plan> {
        if rules.is_empty() {
            return Err(Error::Usage("no rules to judge: name at least one".into()));
        }
        if rules.len() > MAX_RULES {
            return Err(Error::Usage(format!(
                "{} rules given: at most {MAX_RULES} are judged together",
                rules.len()
            )));
        }
        let mut pool: Vec<u32> = Vec::new();
        let mut slot_of = vec![NONE; world.states.len()];
        let mut uniforms = 0usize;
        let mut uniform_of = vec![NONE; world.states.len()];
        let mut drawn_total = 0usize;
        let mut compiled = Vec::with_capacity(rules.len());
        for rule in rules {
            let seating = seat(rule, council, world)?;
            if seating.seats() < rule.quota as usize {
                return Err(Error::Usage(format!(
                    "rule `{}` needs {} votes but seats only {} on the Council of {}: no draft could be adopted",
                    rule.name,
                    rule.quota,
                    seating.seats(),
                    council.year
                )));
            }
            let applies = draft.atrocity && rule.restraint.is_some();
            let mut members = Vec::with_capacity(seating.fixed.len());
            for f in &seating.fixed {
                if slot_of[f.state] == NONE {
                    slot_of[f.state] = pool.len() as u32;
                    pool.push(f.state as u32);
                }
                // One uniform per pledged state and trial, shared by every rule that pledges it.
                let pledge = if f.pledged && rule.restraint.is_some() {
                    if uniform_of[f.state] == NONE {
                        uniform_of[f.state] = uniforms as u32;
                        uniforms += 1;
                    }
                    uniform_of[f.state]
                } else {
                    NONE
                };
                members.push(Member {
                    slot: slot_of[f.state],
                    state: f.state as u32,
                    neg_cut: -params.cut(f.permanent),
                    holder: f.holder,
                    pledge,
                });
            }
            let mut draws: Vec<Draw> = Vec::new();
            for d in seating.draws.iter().filter(|d| d.seats > 0) {
                let candidates: Vec<u32> = d.candidates.iter().map(|&c| c as u32).collect();
                let shared = draws
                    .iter()
                    .any(|e| e.candidates.iter().any(|c| candidates.contains(c)));
                draws.push(Draw {
                    may_repeat: d.seats > 1 || shared,
                    fresh: false,
                    candidates,
                    seats: d.seats as u32,
                });
            }
            let drawn: usize = draws.iter().map(|d| d.seats as usize).sum();
            let restraint = rule
                .restraint
                .as_ref()
                .filter(|_| applies)
                .map(|r| (r.compliance * 4_294_967_296.0).round() as u64);
            let mut masks = Masks::default();
            let mut pledged = Vec::new();
            for (m, f) in members.iter().zip(&seating.fixed) {
                if m.slot < 64 {
                    let bit = 1u64 << m.slot;
                    masks.members |= bit;
                    if f.permanent {
                        masks.permanent |= bit;
                    } else {
                        masks.elected |= bit;
                    }
                    if m.holder {
                        masks.holders |= bit;
                    }
                }
                if m.pledge != NONE {
                    pledged.push((m.slot, m.pledge));
                }
            }
            compiled.push(RulePlan {
                masks,
                pledged,
                quota: rule.quota,
                block_at: rule.block_at(),
                abstention_blocks: rule.abstention_blocks,
                members,
                draws,
                restraint,
                override_pq: rule.override_majority.map(|o| (o.numerator, o.denominator)),
                seats: seating.seats(),
                drawn_offset: drawn_total,
                rule: rule.clone(),
                seating,
            });
            drawn_total += drawn;
        }
        mark_fresh_draws(&mut compiled, &slot_of);
        let masked = pool.len() <= 64;
        let pool_mu = pool.iter().map(|&s| support.mu[s as usize]).collect();
        Ok(Plan {
            pool_mu,
            slot_of,
            draft: draft.clone(),
            council_year: council.year,
            rules: compiled,
            mu: support.mu.clone(),
            codes: world.states.iter().map(|s| s.code.clone()).collect(),
            sigma: params.sigma_draft,
            cut_permanent: params.cut_permanent,
            cut_elected: params.cut_elected,
            pool,
            uniforms,
            drawn_total,
            masked,
        })
    }

    /// The seatings, rule by rule.
    pub fn seatings(&self) -> Vec<PlanSummary> {
        self.rules
            .iter()
            .map(|r| PlanSummary {
                rule: r.rule.name.clone(),
                seating: r.seating.clone(),
            })
            .collect()
    }

    /// The number of states (the Assembly's size).
    pub fn states(&self) -> usize {
        self.mu.len()
    }
}

/// Sets [`Draw::fresh`] on every draw that qualifies.
fn mark_fresh_draws(rules: &mut [RulePlan], slot_of: &[u32]) {
    let drawn_override = rules
        .iter()
        .any(|r| r.override_pq.is_some() && !r.draws.is_empty());
    let mut times_candidate = vec![0u32; slot_of.len()];
    for draw in rules.iter().flat_map(|r| &r.draws) {
        draw.candidates
            .iter()
            .for_each(|&c| times_candidate[c as usize] += 1);
    }
    for draw in rules.iter_mut().flat_map(|r| &mut r.draws) {
        draw.fresh = !drawn_override
            && !draw.may_repeat
            && draw
                .candidates
                .iter()
                .all(|&c| slot_of[c as usize] == NONE && times_candidate[c as usize] == 1);
    }
}
