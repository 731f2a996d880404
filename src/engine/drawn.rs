//! Rules whose seats are drawn: sample only the seating, and compute each sampled seating's
//! Council exactly.
//!
//! A rule such as `g4` names some seats and draws the others from a pool in each trial. Given
//! one seating, every member is named and the exact path ([`super::exact`]) gives the
//! probability of adoption without sampling votes. So the rule's probability is the mean of
//! that exact value over seatings drawn as the Monte Carlo engine draws them (each open seat
//! a state picked uniformly from its pool, no state twice), and its only sampling error is the
//! spread of that value between seatings: its standard error is the sample standard deviation
//! over the seatings divided by the square root of their number.
//!
//! Seatings are drawn in blocks of [`SEATING_BLOCK`], block `b` of rule `r` of plan `d` from
//! `ChaCha8Rng::seed_from_u64(seed)` on stream [`stream`]`(d, r, b)`, and the blocks are added
//! in order; sampling stops after the first block at which the standard error is at most the
//! target (at least two blocks), or at the cap. The result does not depend on the threads.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

use super::exact::{ExactCell, GaussHermite, MemberExact, cell_by_nodes, members_of};
use super::plan::{Member, NONE, Plan, RulePlan};
use crate::random::Stream;

/// Gauss–Hermite nodes per seating (see [`super::exact`]: at worst an error of about 1e-6,
/// far below the sampling error of the seatings).
pub const QUADRATURE_NODES: usize = 64;

/// Seatings per block.
pub const SEATING_BLOCK: u64 = 64;

/// The stream of block `block` of rule `rule` of plan `plan` ([`Stream::Seatings`]).
pub fn stream(plan: usize, rule: usize, block: u64) -> u64 {
    Stream::Seatings {
        plan: plan as u64,
        rule: rule as u64,
        block,
    }
    .number()
}

/// The mean of [`ExactCell`] over sampled seatings, with the standard error of its
/// probability of adoption.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SeatingMean {
    /// Each figure's mean over the seatings.
    pub mean: ExactCell,
    /// The standard error of `mean.adoption`.
    pub std_error: f64,
    /// The number of seatings.
    pub seatings: u64,
}

/// How many seatings to draw.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SeatingTarget {
    /// Stop once the standard error of the probability of adoption is at most this.
    pub std_error: f64,
    /// Never more than this many seatings (rounded up to whole blocks).
    pub max_seatings: u64,
    /// The master seed.
    pub seed: u64,
}

/// One seating of `rule` drawn from `rng`: the rule with its open seats filled by states
/// picked uniformly from each draw's candidates, skipping states already seated, each on an
/// elected seat (no veto, no pledge).
pub fn seat_once(plan: &Plan, rule: &RulePlan, rng: &mut ChaCha8Rng) -> RulePlan {
    let mut seated = rule.clone();
    let mut taken = vec![false; plan.states()];
    for m in &rule.members {
        taken[m.state as usize] = true;
    }
    for draw in &rule.draws {
        for _ in 0..draw.seats {
            let state = loop {
                let s = draw.candidates[rng.random_range(0..draw.candidates.len())] as usize;
                if !taken[s] {
                    break s;
                }
            };
            taken[state] = true;
            seated.members.push(Member {
                slot: NONE,
                state: state as u32,
                neg_cut: -plan.cut_elected,
                holder: false,
                pledge: NONE,
            });
        }
    }
    seated.draws.clear();
    seated
}

/// Rule `r` of plan `d` (`plan`) averaged over seatings drawn until `target` is met.
pub fn over_seatings(plan: &Plan, d: usize, r: usize, target: SeatingTarget) -> SeatingMean {
    let rule = &plan.rules[r];
    let nodes = GaussHermite::new(QUADRATURE_NODES);
    let (mut n, mut sum, mut sum_sq) = (0u64, ExactCell::default(), 0.0);
    let mut block = 0;
    loop {
        let mut rng = ChaCha8Rng::seed_from_u64(target.seed);
        rng.set_stream(stream(d, r, block));
        for _ in 0..SEATING_BLOCK {
            let cell = cell_by_nodes(plan, &seat_once(plan, rule, &mut rng), &nodes);
            sum.adoption += cell.adoption;
            sum.council_adoption += cell.council_adoption;
            sum.blocked_by_veto += cell.blocked_by_veto;
            sum.assembly_adoption += cell.assembly_adoption;
            sum.mean_yes += cell.mean_yes;
            sum_sq += cell.adoption * cell.adoption;
        }
        n += SEATING_BLOCK;
        block += 1;
        let nf = n as f64;
        let mean = sum.adoption / nf;
        let variance = ((sum_sq - nf * mean * mean) / (nf - 1.0)).max(0.0);
        let std_error = (variance / nf).sqrt();
        if (block >= 2 && std_error <= target.std_error) || n >= target.max_seatings {
            return SeatingMean {
                mean: ExactCell {
                    adoption: mean,
                    council_adoption: sum.council_adoption / nf,
                    blocked_by_veto: sum.blocked_by_veto / nf,
                    assembly_adoption: sum.assembly_adoption / nf,
                    mean_yes: sum.mean_yes / nf,
                },
                std_error,
                seatings: n,
            };
        }
    }
}

/// Seatings sampled for the per-member figures of a drawn-seat rule.
pub const MEMBER_SEATINGS: u64 = 2 * SEATING_BLOCK;

/// Every member's figures under rule `r` of `plan`, computed exactly: for a fixed seating
/// directly, and for drawn seats averaged over [`MEMBER_SEATINGS`] sampled seatings (streams
/// of plan 0). Shares are of all trials, as [`super::MemberResult`] has them: `seated` is the
/// share of seatings in which a state sits, its votes are conditional on sitting, its pivotal
/// and veto shares count seatings in which it does not sit as 0. Named seats come first, in
/// seat order, then the drawn states by code.
pub fn member_results(plan: &Plan, r: usize, seed: u64) -> Vec<super::MemberResult> {
    let rule = &plan.rules[r];
    let nodes = GaussHermite::new(QUADRATURE_NODES);
    // The seatings, drawn in order from their streams; each computed in parallel, and the
    // results added in the seatings' order, so the sums do not depend on the threads.
    let seated: Vec<RulePlan> = if rule.seating.is_fixed() {
        vec![rule.clone()]
    } else {
        let mut all = Vec::with_capacity(MEMBER_SEATINGS as usize);
        for block in 0..MEMBER_SEATINGS / SEATING_BLOCK {
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            rng.set_stream(stream(0, r, block));
            for _ in 0..SEATING_BLOCK {
                all.push(seat_once(plan, rule, &mut rng));
            }
        }
        all
    };
    let figures: Vec<Vec<MemberExact>> = seated
        .par_iter()
        .map(|s| members_of(plan, s, &nodes))
        .collect();
    let seatings = seated.len() as u64;
    // Per state: seatings sat in, and the sums of its figures.
    let mut sums: Vec<(u64, MemberExact)> = vec![(0, MemberExact::default()); plan.states()];
    for (seating, figures) in seated.iter().zip(&figures) {
        for (m, e) in seating.members.iter().zip(figures) {
            let s = &mut sums[m.state as usize];
            s.0 += 1;
            for (a, b) in s.1.votes.iter_mut().zip(e.votes) {
                *a += b;
            }
            s.1.pivotal += e.pivotal;
            s.1.veto += e.veto;
        }
    }
    let mut order: Vec<usize> = rule.members.iter().map(|m| m.state as usize).collect();
    let mut drawn: Vec<usize> = (0..plan.states())
        .filter(|s| sums[*s].0 > 0 && !order.contains(s))
        .collect();
    drawn.sort_by(|a, b| plan.codes[*a].cmp(&plan.codes[*b]));
    order.extend(drawn);
    order
        .into_iter()
        .map(|s| {
            let (sat, e) = sums[s];
            let sat_f = sat.max(1) as f64;
            super::MemberResult {
                code: plan.codes[s].clone(),
                seated: sat as f64 / seatings as f64,
                yes: e.votes[0] / sat_f,
                abstain: e.votes[1] / sat_f,
                no: e.votes[2] / sat_f,
                pivotal: e.pivotal / seatings as f64,
                veto: e.veto / seatings as f64,
            }
        })
        .collect()
}
