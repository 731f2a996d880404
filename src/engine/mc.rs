//! The Monte Carlo engine: sample votes trial by trial, judge every rule on the same votes,
//! count.
//!
//! # Reproducibility
//! Trials are cut into work units of [`BLOCK`] trials. Unit `k` of plan `d` draws from
//! `ChaCha8Rng::seed_from_u64(seed)` on stream `d << 32 | k` (and the General Assembly's extra
//! votes from stream `1 << 63 | d << 32 | k`), so a unit's draws do not depend on which thread
//! runs it. Units return integer counts, whose sums do not depend on the order they are added
//! in: 1, 2 or 16 threads give identical results, and memory does not grow with the number
//! of trials.
//!
//! # One trial
//! From the unit's stream, one run of words: the normal draws of the draft's shock `eta`, of
//! the noise of every named seat of every rule (each state once, so all rules see the same
//! votes: common random numbers) and of each drawn seat; one 32-bit uniform per pledged state,
//! shared by every restraint rule that pledges it (drawn on every trial, whether or not the
//! draft is an atrocity draft, so the draws stay aligned); one word to pick each drawn seat.
//! Then the further words of any normal draw that run did not settle
//! ([`super::normal::Ziggurat::first_test`]), in its order, and of any pick that must be made
//! again (a state already seated, or Lemire's rare rejection). A drawn state keeps the support
//! it already has this trial (in the pool, or drawn by an earlier rule); otherwise its seat's
//! normal draw gives it one. Each rule then judges the same latent supports.

//! # Batches
//! Trials are sampled 64 at a time; then the rules judge the whole batch from bit masks of
//! the votes. Rules whose Councils count the same votes share one count per trial, in a loop
//! that holds only that count's work, and each applies its own quota and veto to it.
//! Sampling does not depend on the batch, and the Assembly is consulted trial by trial in the
//! same order, so the counts are those of judging trial by trial (a test checks it).

//! # The Assembly
//! Only when a rule with an Assembly override fails through the veto alone is the Assembly
//! consulted. For a rule with a fixed seating, its verdict is drawn from its exact probability
//! given the shock and the Council's votes ([`super::assembly`]), by comparing one uniform from
//! the Assembly stream, drawn once per trial and shared by every such rule, with that
//! probability. For a rule whose seats are drawn, the other states' votes are drawn from the
//! Assembly stream instead, once per trial, shared by every such rule.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use serde::Serialize;

use super::assembly::{AssemblyTable, Scratch, plan_tables};
use super::normal::{ZIGGURAT, Ziggurat};
use super::plan::{NONE, Plan, RulePlan};
use super::words::Words;
use crate::random::Stream;

/// Trials per work unit.
pub const BLOCK: u64 = 65_536;

/// Counters kept per member state in detailed runs: seated, yes, abstain, no, pivotal, veto.
pub const MEMBER_COUNTERS: usize = 6;

/// Integer counts for one rule.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RuleTally {
    /// Trials in which the draft was adopted (by the Council or through the Assembly).
    pub adopted: u64,
    /// Trials in which the Council adopted it.
    pub council_adopted: u64,
    /// Trials in which it had the affirmative votes but the veto blocked it in the Council.
    pub blocked_by_veto: u64,
    /// Trials in which the Assembly adopted it after a veto.
    pub assembly_adopted: u64,
    /// Trials by number of affirmative Council votes (`yes_votes[k]`: k yes votes).
    pub yes_votes: Vec<u64>,
    /// Per state (indexed like `World::states`): [seated, yes, abstain, no, pivotal, veto];
    /// empty unless the run is detailed.
    #[serde(skip)]
    pub members: Vec<[u64; MEMBER_COUNTERS]>,
}

/// Integer counts for one plan.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// Trials run.
    pub trials: u64,
    /// Per rule, in the plan's order.
    pub rules: Vec<RuleTally>,
    /// Trials by the set of rules adopting (bit r: rule r adopted).
    pub joint: Vec<u64>,
}

impl Tally {
    fn zero(plan: &Plan, detail: bool) -> Tally {
        Tally {
            trials: 0,
            rules: plan
                .rules
                .iter()
                .map(|r| RuleTally {
                    yes_votes: vec![0; r.seats + 1],
                    members: if detail {
                        vec![[0; MEMBER_COUNTERS]; plan.states()]
                    } else {
                        Vec::new()
                    },
                    ..RuleTally::default()
                })
                .collect(),
            joint: vec![0; 1 << plan.rules.len()],
        }
    }

    /// Adds another tally of the same plan.
    pub fn add(&mut self, other: &Tally) {
        self.trials += other.trials;
        for (a, b) in self.rules.iter_mut().zip(&other.rules) {
            a.adopted += b.adopted;
            a.council_adopted += b.council_adopted;
            a.blocked_by_veto += b.blocked_by_veto;
            a.assembly_adopted += b.assembly_adopted;
            a.yes_votes
                .iter_mut()
                .zip(&b.yes_votes)
                .for_each(|(x, y)| *x += y);
            for (x, y) in a.members.iter_mut().zip(&b.members) {
                x.iter_mut().zip(y).for_each(|(p, q)| *p += q);
            }
        }
        self.joint
            .iter_mut()
            .zip(&other.joint)
            .for_each(|(x, y)| *x += y);
    }
}

/// What to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct McConfig {
    /// Trials per plan.
    pub trials: u64,
    /// The master seed.
    pub seed: u64,
    /// Whether to count per-member votes, pivotal votes and vetoes (slower).
    pub detail: bool,
}

/// Runs every plan for `config.trials` trials on the current rayon pool; `progress` is called
/// with the trials of each finished unit.
///
/// # Complexity
/// O(trials · (seats + rules)) per plan, plus, for each override rule, the Assembly's table
/// (a few hundred exact distributions of the outside states' balance, more for more trials)
/// and O(states) for each trial of a drawn-seat override rule that needs the Assembly; memory
/// O(states · rules) plus the tables, independent of the number of trials.
pub fn simulate(plans: &[Plan], config: McConfig, progress: &(dyn Fn(u64) + Sync)) -> Vec<Tally> {
    let ids: Vec<u64> = (0..plans.len() as u64).collect();
    schedule(plans, &ids, config, None, progress)
}

/// Units run per plan between two checks of [`simulate_to_error`] (524,288 trials).
pub const ROUND_UNITS: u64 = 8;

/// [`simulate`], but each plan stops after the first round of [`ROUND_UNITS`] units at which
/// every rule's standard error of P(adopted), `sqrt(p (1 - p) / n)`, is at most `std_error`;
/// never beyond `config.trials`. Rounds are checked in order and units keep their streams, so
/// the counts do not depend on the threads, and a plan that runs all its trials gets exactly
/// what [`simulate`] gives.
pub fn simulate_to_error(
    plans: &[Plan],
    config: McConfig,
    std_error: f64,
    progress: &(dyn Fn(u64) + Sync),
) -> Vec<Tally> {
    let ids: Vec<u64> = (0..plans.len() as u64).collect();
    schedule(plans, &ids, config, Some(std_error), progress)
}

/// The engine's one scheduler, which `simulate`, `simulate_to_error`, the flows' votes and
/// `compare` share: plan `d` runs its units `k` on stream [`Stream::Trial`]` { plan: ids[d],
/// unit: k }`, in rounds (all its units at once, or [`ROUND_UNITS`] at a time when a standard
/// error is asked for, after which a plan whose every rule has reached it stops).
///
/// Within a round, units are shared among the threads as they free up. The counts are
/// integers, so their sums do not depend on the order in which units finish or are combined;
/// each thread keeps one running total, so memory stays flat.
pub fn schedule(
    plans: &[Plan],
    ids: &[u64],
    config: McConfig,
    std_error: Option<f64>,
    progress: &(dyn Fn(u64) + Sync),
) -> Vec<Tally> {
    let tables: Vec<Vec<Option<AssemblyTable>>> = plans
        .par_iter()
        .map(|p| plan_tables(p, config.trials))
        .collect();
    let blocks = config.trials.div_ceil(BLOCK);
    let round = if std_error.is_some() {
        ROUND_UNITS
    } else {
        blocks.max(1)
    };
    let zero = || -> Vec<Tally> {
        plans
            .iter()
            .map(|p| Tally::zero(p, config.detail))
            .collect()
    };
    let mut totals = zero();
    let mut active: Vec<usize> = (0..plans.len()).collect();
    let mut next = 0;
    while !active.is_empty() && next < blocks {
        let end = (next + round).min(blocks);
        let work: Vec<(usize, u64)> = active
            .iter()
            .flat_map(|&d| (next..end).map(move |k| (d, k)))
            .collect();
        let done = work
            .par_iter()
            .fold(zero, |mut sums, &(d, k)| {
                let n = BLOCK.min(config.trials - k * BLOCK);
                let stream = Stream::Trial {
                    plan: ids[d],
                    unit: k,
                };
                let tally = run_unit(
                    &plans[d],
                    &tables[d],
                    config.seed,
                    stream.number(),
                    n,
                    config.detail,
                );
                progress(n);
                sums[d].add(&tally);
                sums
            })
            .reduce(zero, |mut a, b| {
                a.iter_mut().zip(&b).for_each(|(x, y)| x.add(y));
                a
            });
        totals.iter_mut().zip(&done).for_each(|(x, y)| x.add(y));
        next = end;
        if let Some(target) = std_error {
            active.retain(|&d| {
                let t = &totals[d];
                let n = t.trials as f64;
                t.rules.iter().any(|r| {
                    let p = r.adopted as f64 / n;
                    (p * (1.0 - p) / n).sqrt() > target
                })
            });
        }
    }
    totals
}

/// Runs `trials` trials of one work unit (stream `stream`) and returns its counts; `tables`
/// are the plan's Assembly tables ([`plan_tables`]).
pub fn run_unit(
    plan: &Plan,
    tables: &[Option<AssemblyTable>],
    seed: u64,
    stream: u64,
    trials: u64,
    detail: bool,
) -> Tally {
    run_worker(
        Worker::new(plan, detail),
        (plan, tables),
        seed,
        stream,
        trials,
    )
}

/// [`run_unit`] with a given worker (whose batch size the tests can choose).
fn run_worker(
    mut w: Worker,
    (plan, tables): (&Plan, &[Option<AssemblyTable>]),
    seed: u64,
    stream: u64,
    trials: u64,
) -> Tally {
    let mut words = Words::new(seed, stream, w.run_len);
    let mut assembly_rng = ChaCha8Rng::seed_from_u64(seed);
    assembly_rng.set_stream(Stream::Assembly { trial: stream }.number());
    let mut tally = Tally::zero(plan, w.detail);
    let mut unit = Unit {
        plan,
        tables,
        words: &mut words,
        arng: &mut assembly_rng,
        tally: &mut tally,
    };
    w.run(&mut unit, trials);
    tally.trials = trials;
    tally
}

/// What a work unit reads and writes besides the worker's scratch space.
struct Unit<'a> {
    plan: &'a Plan,
    tables: &'a [Option<AssemblyTable>],
    /// The unit's main stream.
    words: &'a mut Words,
    /// The unit's Assembly stream.
    arng: &'a mut ChaCha8Rng,
    tally: &'a mut Tally,
}

/// Trials sampled before the rules judge them, when the rules can judge a batch at a time.
const BATCH: usize = 64;

/// Per-unit scratch space, allocated once per unit: the inner loop does not allocate.
///
/// Trials are sampled into the slots of a batch, then each rule judges the whole batch in
/// turn. Sampling is the same whatever the batch size, and the Assembly is consulted trial by
/// trial in the same order, so the batch size changes only the speed. It is 1 where a rule
/// must see each trial's votes on their own: detailed runs, pools too large for the bit masks,
/// and rules with drawn seats and an Assembly override (whose Assembly reuses the trial's
/// drawn votes).
struct Worker {
    zig: &'static Ziggurat,
    /// Trials sampled so far (1 for the first).
    trial: u64,
    batch: usize,
    /// Whether each trial is judged on its own with the member-by-member path.
    per_member: bool,
    detail: bool,
    /// The length of one trial's run of words: the normal draws of the shock, of the pool in
    /// slot order and of each drawn seat; the restraint uniforms; a word to pick each drawn
    /// seat.
    run_len: usize,
    /// Per drawn seat: its candidates, and the product of its pick word with that number
    /// (whose high half is the pick, [`below`]).
    seat_candidates: Vec<u32>,
    seat_products: Vec<u64>,
    /// The words of the normal draws the run did not settle, with their places, in order.
    unsettled: Vec<(usize, u32)>,
    /// The normal draws the first test did not settle: the shock's, then per run of 64 of
    /// the others'.
    rejected: Vec<u64>,
    /// Their normal draws.
    normals: Vec<f64>,
    /// Per batch slot: the shock.
    eta: Vec<f64>,
    /// Per batch slot, over pool slots: yes (`U > 0`), no under `cut_permanent`, no under
    /// `cut_elected`.
    bits: Vec<[u64; 3]>,
    /// Per batch slot: latent support of the pool's states.
    pool_u: Vec<f64>,
    /// Per batch slot: the restraint uniforms (32-bit, compared with a 64-bit threshold).
    uniforms: Vec<u64>,
    /// Per batch slot: the states drawn to each rule's open seats, and their latent support.
    drawn: Vec<u32>,
    drawn_u: Vec<f64>,
    /// Latent support of every state, valid where `stamp == trial`.
    state_u: Vec<f64>,
    stamp: Vec<u64>,
    /// Per state: `trial << 8 | rule + 1` once seated by a draw of that rule this trial.
    seated: Vec<u64>,
    votes: Vec<u8>,
    /// The batched judges' groups of rules that count the same votes, and each rule's group.
    groups: Vec<Group>,
    group_of: Vec<usize>,
    /// Rules with an Assembly override; rules with drawn seats.
    overriding: Vec<usize>,
    drawing: Vec<usize>,
    /// Per group and batch slot: the Council's yes votes and blocking votes.
    yes: Vec<u32>,
    blocks: Vec<u32>,
    /// Per group and batch slot: the Council's counts (kept for groups with an override rule).
    counts: Vec<Counts>,
    /// Per batch slot: the set of rules adopting (bit r: rule r).
    adopting: Vec<u16>,
    /// The batched judges' trials by the set of rules adopting, in [`LANES`] copies.
    joint: Vec<u64>,
    /// Per rule, over batch slots: adopted by the Council; blocked by the veto.
    adopted: Vec<u64>,
    blocked: Vec<u64>,
    /// Assembly yes and no counts over all states this trial (cut `cut_elected`), if drawn.
    assembly: Option<(u32, u32)>,
    /// The uniform that decides the tabulated Assembly verdicts this trial, if drawn.
    assembly_uniform: Option<f64>,
    /// Per rule, scratch space for the exact Assembly probability (made on first use).
    scratch: Vec<Option<Scratch>>,
}

const YES: u8 = 0;
const ABSTAIN: u8 = 1;
const NO: u8 = 2;

/// 0 yes (`u > 0`), 1 abstain, 2 no (`u <= neg_cut`), without branches.
#[inline(always)]
fn vote(u: f64, neg_cut: f64) -> u8 {
    u8::from(u <= 0.0) + u8::from(u <= neg_cut)
}

/// A uniform integer below `n` from `product`, a first word times `n` (Lemire's method,
/// exact): in the rare case that it would bias the result, further words are taken from
/// `words`.
#[inline(always)]
fn below(product: u64, n: u32, words: &mut Words) -> u32 {
    let mut m = product;
    let mut low = m as u32;
    if low < n {
        let t = n.wrapping_neg() % n;
        while low < t {
            m = u64::from(words.word()) * u64::from(n);
            low = m as u32;
        }
    }
    (m >> 32) as u32
}

/// Council counts of one rule in one trial.
#[derive(Clone, Copy, Default)]
struct Counts {
    yes: u32,
    no: u32,
    blocks: u32,
    /// Council members who would vote no under `cut_elected` (their Assembly cut-point).
    no_elected_cut: u32,
}

/// Rules whose Councils count the same votes in every trial: the same named members, seats
/// and pledges, and, for rules with a veto, the same holders and the same reading of
/// abstentions. Their batched judges share one count of each trial's votes.
#[derive(Debug, Clone)]
struct Group {
    /// The rule whose Council the group counts.
    leader: usize,
    /// Whether a rule of the group has an Assembly override (which needs all the counts).
    keep_counts: bool,
    /// Trials by number of affirmative Council votes, over the unit, in [`LANES`] copies
    /// (trial `k` counts in copy `k % LANES`).
    yes_votes: Vec<u64>,
}

/// Copies of the batched judges' histograms. Most trials of a draft fall in a few bins, and
/// consecutive increments of one counter wait on each other's stores; trials in turn count
/// in different copies, which are added at the end of the unit.
const LANES: usize = 4;

impl Group {
    /// The plan's groups, and each rule's group.
    fn of(plan: &Plan) -> (Vec<Group>, Vec<usize>) {
        let mut groups: Vec<Group> = Vec::new();
        let mut group_of = Vec::with_capacity(plan.rules.len());
        for (r, rule) in plan.rules.iter().enumerate() {
            let found = groups
                .iter()
                .position(|g| counts_alike(&plan.rules[g.leader], rule));
            let g = found.unwrap_or_else(|| {
                groups.push(Group {
                    leader: r,
                    keep_counts: false,
                    yes_votes: vec![0; LANES * (rule.seats + 1)],
                });
                groups.len() - 1
            });
            groups[g].keep_counts |= rule.override_pq.is_some();
            group_of.push(g);
        }
        (groups, group_of)
    }
}

/// Whether `rule` may be judged on the counts of `leader`'s Council: the same named members on
/// the same kinds of seat, no drawn seats, the same pledges and compliance, and either no veto
/// (its blocking votes do not matter) or the same holders and reading of abstentions.
fn counts_alike(leader: &RulePlan, rule: &RulePlan) -> bool {
    let (a, b) = (leader.masks, rule.masks);
    let fixed = |r: &RulePlan| r.seats == r.members.len();
    fixed(leader)
        && fixed(rule)
        && a.members == b.members
        && a.permanent == b.permanent
        && a.elected == b.elected
        && leader.restraint == rule.restraint
        && (leader.restraint.is_none() || leader.pledged == rule.pledged)
        && (rule.block_at == u32::MAX
            || (leader.block_at != u32::MAX
                && a.holders == b.holders
                && leader.abstention_blocks == rule.abstention_blocks))
}

/// The pool's latent supports `mu + eta + z`, written to `out`, and, when `masked` (at most 64
/// states), their bit masks: yes (`U > 0`), no under `cuts[0]` (permanent seats' `-c`), no
/// under `cuts[1]` (other seats').
#[inline(always)]
fn latent(
    mu: &[f64],
    eta: f64,
    z: &[f64],
    [neg_p, neg_e]: [f64; 2],
    out: &mut [f64],
    masked: bool,
) -> [u64; 3] {
    for ((u, &m), &z) in out.iter_mut().zip(mu).zip(z) {
        *u = m + eta + z;
    }
    if !masked {
        return [0; 3];
    }
    let (mut yes, mut no_p, mut no_e) = (0u64, 0u64, 0u64);
    for (slot, &u) in out.iter().enumerate() {
        yes |= u64::from(u > 0.0) << slot;
        no_p |= u64::from(u <= neg_p) << slot;
        no_e |= u64::from(u <= neg_e) << slot;
    }
    [yes, no_p, no_e]
}

impl Worker {
    fn new(plan: &Plan, detail: bool) -> Worker {
        let n = plan.states();
        let max_seats = plan.rules.iter().map(|r| r.seats).max().unwrap_or(0);
        let drawn_override = plan
            .rules
            .iter()
            .any(|r| r.override_pq.is_some() && !r.seating.is_fixed());
        let per_member = detail || !plan.masked;
        let batch = if per_member || drawn_override {
            1
        } else {
            BATCH
        };
        let p = plan.pool.len();
        let (groups, group_of) = Group::of(plan);
        Worker {
            zig: &ZIGGURAT,
            trial: 0,
            batch,
            per_member,
            detail,
            run_len: 1 + p + 2 * plan.drawn_total + plan.uniforms,
            seat_candidates: plan
                .rules
                .iter()
                .flat_map(|r| &r.draws)
                .flat_map(|d| std::iter::repeat_n(d.candidates.len() as u32, d.seats as usize))
                .collect(),
            seat_products: vec![0; plan.drawn_total],
            unsettled: Vec::with_capacity(1 + p + plan.drawn_total),
            rejected: vec![0; 1 + (p + plan.drawn_total).div_ceil(64)],
            normals: vec![0.0; 1 + p + plan.drawn_total],
            eta: vec![0.0; batch],
            bits: vec![[0; 3]; batch],
            pool_u: vec![0.0; batch * p],
            uniforms: vec![0; batch * plan.uniforms],
            drawn: vec![0; batch * plan.drawn_total],
            drawn_u: vec![0.0; batch * plan.drawn_total],
            state_u: vec![0.0; n],
            stamp: vec![0; n],
            seated: vec![0; n],
            votes: vec![0; max_seats],
            yes: vec![0; batch * groups.len()],
            blocks: vec![0; batch * groups.len()],
            counts: vec![Counts::default(); batch * groups.len()],
            overriding: (0..plan.rules.len())
                .filter(|&r| plan.rules[r].override_pq.is_some())
                .collect(),
            drawing: (0..plan.rules.len())
                .filter(|&r| !plan.rules[r].draws.is_empty())
                .collect(),
            groups,
            group_of,
            adopting: vec![0; batch],
            joint: vec![0; LANES << plan.rules.len()],
            adopted: vec![0; plan.rules.len()],
            blocked: vec![0; plan.rules.len()],
            assembly: None,
            assembly_uniform: None,
            scratch: vec![None; plan.rules.len()],
        }
    }

    /// Runs `trials` trials, a batch at a time.
    #[inline(always)]
    fn run(&mut self, unit: &mut Unit, trials: u64) {
        let mut done = 0;
        while done < trials {
            let n = (trials - done).min(self.batch as u64) as usize;
            for k in 0..n {
                self.sample(unit.plan, k, unit.words);
            }
            if self.per_member {
                self.judge_trial(unit);
            } else {
                self.judge_batch(unit, n);
            }
            done += n as u64;
        }
        // Every rule of a group had the group's yes votes.
        for (r, t) in unit.tally.rules.iter_mut().enumerate() {
            let hist = &self.groups[self.group_of[r]].yes_votes;
            for copy in hist.chunks_exact(t.yes_votes.len()) {
                t.yes_votes.iter_mut().zip(copy).for_each(|(x, y)| *x += y);
            }
        }
        for copy in self.joint.chunks_exact(unit.tally.joint.len()) {
            unit.tally
                .joint
                .iter_mut()
                .zip(copy)
                .for_each(|(x, y)| *x += y);
        }
    }

    /// Samples one trial into batch slot `k`, in this order from the main stream: the words
    /// of the shock, of every pooled state's noise and of the restraint uniforms, as one run;
    /// the further words of any normal draw the run did not settle, in pool order; then each
    /// rule's drawn seats, with the noise of newly seated states outside the pool.
    #[inline(always)]
    fn sample(&mut self, plan: &Plan, k: usize, words: &mut Words) {
        self.trial += 1;
        let trial = self.trial;
        let zig = self.zig;
        let p = plan.pool.len();
        let d = plan.drawn_total;
        // The normal draws: the shock, the pool, one per drawn seat.
        let draws = 1 + p + d;
        let run = words.take(self.run_len);
        // The shock's draw on its own, so that the pool's draws are stored exactly where the
        // latent supports' vector loads read them (a load that straddles two recent stores
        // waits for both).
        self.rejected[0] = zig.first_test(&run[..1], &mut self.normals[..1]);
        let mut any_rejected = self.rejected[0] != 0;
        for (c, start) in (1..draws).step_by(64).enumerate() {
            let end = (start + 64).min(draws);
            let out = &mut self.normals[start..end];
            let rejected = zig.first_test(&run[start..end], out);
            self.rejected[c + 1] = rejected;
            any_rejected |= rejected != 0;
        }
        let nu = plan.uniforms;
        for (u, &word) in self.uniforms[k * nu..(k + 1) * nu]
            .iter_mut()
            .zip(&run[draws..draws + nu])
        {
            *u = u64::from(word);
        }
        for ((product, &n), &word) in self
            .seat_products
            .iter_mut()
            .zip(&self.seat_candidates)
            .zip(&run[draws + nu..])
        {
            *product = u64::from(word) * u64::from(n);
        }
        if any_rejected {
            // The unsettled words, in word order: the shock's, then the others'.
            self.unsettled.clear();
            for c in 0..self.rejected.len() {
                let mut rejected = self.rejected[c];
                let start = if c == 0 { 0 } else { 1 + 64 * (c - 1) };
                while rejected != 0 {
                    let i = start + rejected.trailing_zeros() as usize;
                    self.unsettled.push((i, run[i]));
                    rejected &= rejected - 1;
                }
            }
            for &(i, word) in &self.unsettled {
                self.normals[i] = zig.finish(word, words);
            }
        }
        let eta = plan.sigma * self.normals[0];
        self.eta[k] = eta;
        let pool_u = &mut self.pool_u[k * p..(k + 1) * p];
        let cuts = [-plan.cut_permanent, -plan.cut_elected];
        let normals = &self.normals[1..1 + p];
        self.bits[k] = latent(&plan.pool_mu, eta, normals, cuts, pool_u, plan.masked);
        // Each drawn seat has its own word to pick a state and its own normal draw; a state
        // already drawn this trial (in the pool, or by an earlier rule) keeps its support, and
        // a pick that must be redrawn takes further words.
        let base = k * d;
        for &r in &self.drawing {
            let rule = &plan.rules[r];
            let mark = (trial << 8) | (r as u64 + 1);
            let mut j = rule.drawn_offset;
            for draw in &rule.draws {
                let n = draw.candidates.len() as u32;
                if draw.fresh {
                    // Nothing else can hold or need the state's support this trial.
                    for _ in 0..draw.seats {
                        let pick = below(self.seat_products[j], n, words);
                        let state = draw.candidates[pick as usize] as usize;
                        self.drawn[base + j] = state as u32;
                        self.drawn_u[base + j] = plan.mu[state] + eta + self.normals[1 + p + j];
                        j += 1;
                    }
                    continue;
                }
                for _ in 0..draw.seats {
                    let mut pick = below(self.seat_products[j], n, words);
                    let state = loop {
                        let s = draw.candidates[pick as usize] as usize;
                        if !draw.may_repeat || self.seated[s] != mark {
                            break s;
                        }
                        let word = u64::from(words.word());
                        pick = below(word * u64::from(n), n, words);
                    };
                    self.seated[state] = mark;
                    let slot = plan.slot_of[state];
                    let u = if slot != NONE {
                        pool_u[slot as usize]
                    } else if self.stamp[state] == trial {
                        self.state_u[state]
                    } else {
                        plan.mu[state] + eta + self.normals[1 + p + j]
                    };
                    self.state_u[state] = u;
                    self.stamp[state] = trial;
                    self.drawn[base + j] = state as u32;
                    self.drawn_u[base + j] = u;
                    j += 1;
                }
            }
        }
    }

    /// Every rule judges the batch's first `n` trials, from the bit masks: each group counts
    /// its Council's votes, and each rule applies its quota and veto to its group's counts.
    /// Then, trial by trial, the Assembly decides where the veto blocked an override rule's
    /// draft.
    #[inline(always)]
    fn judge_batch(&mut self, unit: &mut Unit, n: usize) {
        let plan = unit.plan;
        for g in 0..self.groups.len() {
            let rule = &plan.rules[self.groups[g].leader];
            let open = rule.seats > rule.members.len();
            // One loop compiled for each combination of the group's features, so that the
            // loop tests none of them.
            match (rule.restraint.is_some(), rule.abstention_blocks, open) {
                (false, false, false) => self.count_group::<false, false, false>(plan, g, n),
                (false, false, true) => self.count_group::<false, false, true>(plan, g, n),
                (false, true, false) => self.count_group::<false, true, false>(plan, g, n),
                (false, true, true) => self.count_group::<false, true, true>(plan, g, n),
                (true, false, false) => self.count_group::<true, false, false>(plan, g, n),
                (true, false, true) => self.count_group::<true, false, true>(plan, g, n),
                (true, true, false) => self.count_group::<true, true, false>(plan, g, n),
                (true, true, true) => self.count_group::<true, true, true>(plan, g, n),
            }
        }
        for (r, rule) in plan.rules.iter().enumerate() {
            self.judge_rule(r, rule, n, &mut unit.tally.rules[r]);
        }
        // The Assembly, trial by trial in order, only where an override rule was blocked.
        let mut pending = self
            .overriding
            .iter()
            .fold(0u64, |any, &r| any | self.blocked[r]);
        while pending != 0 {
            let k = pending.trailing_zeros() as usize;
            pending &= pending - 1;
            self.assembly = None;
            self.assembly_uniform = None;
            for i in 0..self.overriding.len() {
                let r = self.overriding[i];
                let rule = &plan.rules[r];
                if (self.blocked[r] >> k) & 1 == 0 {
                    continue;
                }
                let pq = rule.override_pq.expect("an override rule");
                let table = unit.tables.get(r).and_then(Option::as_ref);
                let c = self.counts[self.group_of[r] * self.batch + k];
                if self.assembly_verdict(plan, (r, table), pq, c, self.eta[k], unit.arng) {
                    let t = &mut unit.tally.rules[r];
                    t.assembly_adopted += 1;
                    t.adopted += 1;
                    self.adopted[r] |= 1 << k;
                }
            }
        }
        // Each trial's set of adopting rules, rule by rule over the batch (a loop the
        // compiler vectorises), then counted.
        let sets = &mut self.adopting[..n];
        sets.fill(0);
        for (r, &adopted) in self.adopted.iter().enumerate() {
            for (k, set) in sets.iter_mut().enumerate() {
                *set |= (((adopted >> k) & 1) as u16) << r;
            }
        }
        let sets_n = 1 << plan.rules.len();
        for (k, &set) in sets.iter().enumerate() {
            self.joint[(k % LANES) * sets_n + usize::from(set)] += 1;
        }
    }

    /// Group `g` counts the votes of its Council in the batch's first `n` trials, from the bit
    /// masks: yes votes (and their distribution), blocking votes, and, for the Assembly, all
    /// its counts.
    #[inline(always)]
    fn count_group<const RESTRAINT: bool, const ABSTENTION_BLOCKS: bool, const OPEN: bool>(
        &mut self,
        plan: &Plan,
        g: usize,
        n: usize,
    ) {
        let group = &mut self.groups[g];
        let rule = &plan.rules[group.leader];
        let m = rule.masks;
        let (nu, nd) = (plan.uniforms, plan.drawn_total);
        let open = rule.seats - rule.members.len();
        let neg_e = -plan.cut_elected;
        let threshold = rule.restraint.unwrap_or(0);
        let base = g * self.batch;
        for k in 0..n {
            let [yes_bits, no_p, no_e] = self.bits[k];
            let yes_mask = yes_bits & m.members;
            let mut no_mask = (no_p & m.permanent) | (no_e & m.elected);
            if RESTRAINT {
                let uniforms = &self.uniforms[k * nu..(k + 1) * nu];
                for &(slot, i) in &rule.pledged {
                    let complies = uniforms[i as usize] < threshold;
                    no_mask &= !(u64::from(complies) << slot);
                }
            }
            let mut blocking = no_mask;
            if ABSTENTION_BLOCKS {
                blocking |= m.members & !yes_mask & !no_mask;
            }
            let mut c = Counts {
                yes: yes_mask.count_ones(),
                no: no_mask.count_ones(),
                blocks: (blocking & m.holders).count_ones(),
                no_elected_cut: (no_e & m.members).count_ones(),
            };
            if OPEN {
                let from = k * nd + rule.drawn_offset;
                for &u in &self.drawn_u[from..from + open] {
                    c.yes += u32::from(u > 0.0);
                    let no = u32::from(u <= neg_e);
                    c.no += no;
                    c.no_elected_cut += no;
                }
            }
            group.yes_votes[(k % LANES) * (rule.seats + 1) + c.yes as usize] += 1;
            self.yes[base + k] = c.yes;
            self.blocks[base + k] = c.blocks;
            if group.keep_counts {
                self.counts[base + k] = c;
            }
        }
    }

    /// Rule `r` judges the batch's first `n` trials in the Council from its group's counts:
    /// its tallies, and which trials it adopts and where the veto blocks.
    #[inline(always)]
    fn judge_rule(&mut self, r: usize, rule: &RulePlan, n: usize, t: &mut RuleTally) {
        let base = self.group_of[r] * self.batch;
        let yes = &self.yes[base..base + n];
        let blocks = &self.blocks[base..base + n];
        let (mut adopted, mut blocked) = (0u64, 0u64);
        for (k, (&yes, &blocks)) in yes.iter().zip(blocks).enumerate() {
            // Counted without branches: whether a draft passes is close to a coin toss for
            // many drafts, and mispredicted branches would cost more than the arithmetic.
            let verdict = rule.verdict(yes, blocks);
            adopted |= u64::from(verdict.adopted()) << k;
            blocked |= u64::from(verdict.blocked()) << k;
        }
        let council_n = u64::from(adopted.count_ones());
        t.council_adopted += council_n;
        t.adopted += council_n;
        t.blocked_by_veto += u64::from(blocked.count_ones());
        self.adopted[r] = adopted;
        self.blocked[r] = blocked;
    }

    /// Every rule judges the trial in batch slot 0 member by member (detailed runs and pools
    /// too large for the bit masks).
    fn judge_trial(&mut self, unit: &mut Unit) {
        let plan = unit.plan;
        let eta = self.eta[0];
        self.assembly = None;
        self.assembly_uniform = None;
        let mut mask = 0usize;
        for (r, rule) in plan.rules.iter().enumerate() {
            let table = unit.tables.get(r).and_then(Option::as_ref);
            let t = &mut unit.tally.rules[r];
            let adopted = if self.detail {
                self.judge_detail(plan, rule, (r, table), t, eta, unit.arng)
            } else {
                let c = self.council(plan, rule);
                self.judge(plan, rule, (r, table), c, t, eta, unit.arng)
            };
            mask |= usize::from(adopted) << r;
        }
        unit.tally.joint[mask] += 1;
    }

    /// The votes of one rule's Council (restraint applied), member by member, written to
    /// `self.votes` (the general path, used for detailed runs and very large pools).
    fn council(&mut self, plan: &Plan, rule: &RulePlan) -> Counts {
        let mut c = Counts {
            yes: 0,
            no: 0,
            blocks: 0,
            no_elected_cut: 0,
        };
        let neg_e = -plan.cut_elected;
        let mut i = 0;
        for m in &rule.members {
            let u = self.pool_u[m.slot as usize];
            let mut v = vote(u, m.neg_cut);
            if v == NO
                && m.pledge != NONE
                && let Some(threshold) = rule.restraint
                && self.uniforms[m.pledge as usize] < threshold
            {
                v = ABSTAIN;
            }
            c.yes += u32::from(v == YES);
            c.no += u32::from(v == NO);
            c.no_elected_cut += u32::from(u <= neg_e);
            if m.holder {
                c.blocks += u32::from(v == NO || (rule.abstention_blocks && v == ABSTAIN));
            }
            self.votes[i] = v;
            i += 1;
        }
        for k in 0..rule.seats - rule.members.len() {
            let v = vote(self.drawn_u[rule.drawn_offset + k], neg_e);
            c.yes += u32::from(v == YES);
            c.no += u32::from(v == NO);
            c.no_elected_cut += u32::from(v == NO);
            self.votes[i] = v;
            i += 1;
        }
        c
    }

    /// Assembly yes and no counts over all states (cut `cut_elected`), drawn once per trial.
    fn assembly_counts(&mut self, plan: &Plan, eta: f64, arng: &mut ChaCha8Rng) -> (u32, u32) {
        if let Some(a) = self.assembly {
            return a;
        }
        let (mut yes, mut no) = (0u32, 0u32);
        let neg_cut = -plan.cut_elected;
        let trial = self.trial;
        for s in 0..plan.states() {
            let slot = plan.slot_of[s];
            let u = if slot != NONE {
                self.pool_u[slot as usize]
            } else if self.stamp[s] == trial {
                self.state_u[s]
            } else {
                let u = plan.mu[s] + eta + self.zig.sample(arng);
                self.state_u[s] = u;
                self.stamp[s] = trial;
                u
            };
            yes += u32::from(u > 0.0);
            no += u32::from(u <= neg_cut);
        }
        self.assembly = Some((yes, no));
        (yes, no)
    }

    /// The uniform that decides this trial's tabulated Assembly verdicts.
    fn assembly_uniform(&mut self, arng: &mut ChaCha8Rng) -> f64 {
        *self
            .assembly_uniform
            .get_or_insert_with(|| (arng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64))
    }

    /// Whether the Assembly adopts a draft the veto blocked in the Council of rule `r`, with
    /// the Council's counts `c`.
    fn assembly_verdict(
        &mut self,
        plan: &Plan,
        (r, table): (usize, Option<&AssemblyTable>),
        (p, q): (u32, u32),
        c: Counts,
        eta: f64,
        arng: &mut ChaCha8Rng,
    ) -> bool {
        match table {
            Some(table) => {
                let u = self.assembly_uniform(arng);
                let (up, down) = table.balance().weights();
                let need = down * i64::from(c.no) - up * i64::from(c.yes);
                let scratch = self.scratch[r].get_or_insert_with(|| table.balance().scratch());
                table.adopts(eta, need, u, scratch)
            }
            None => {
                let (yes_out, no_out) = self.outside(plan, c, eta, arng);
                assembly_adopts(p, q, c.yes + yes_out, c.no + no_out)
            }
        }
    }

    /// The Assembly's yes and no votes from the states outside this rule's Council.
    fn outside(&mut self, plan: &Plan, c: Counts, eta: f64, arng: &mut ChaCha8Rng) -> (u32, u32) {
        let (yes_all, no_all) = self.assembly_counts(plan, eta, arng);
        // A Council member's yes is the same under either cut-point.
        (yes_all - c.yes, no_all - c.no_elected_cut)
    }

    #[inline(always)]
    #[allow(clippy::too_many_arguments)]
    fn judge(
        &mut self,
        plan: &Plan,
        rule: &RulePlan,
        table: (usize, Option<&AssemblyTable>),
        c: Counts,
        t: &mut RuleTally,
        eta: f64,
        arng: &mut ChaCha8Rng,
    ) -> bool {
        t.yes_votes[c.yes as usize] += 1;
        // Counted without branches: whether a draft passes is close to a coin toss for many
        // drafts, and mispredicted branches would cost more than the arithmetic.
        let verdict = rule.verdict(c.yes, c.blocks);
        let council = verdict.adopted();
        let blocked = verdict.blocked();
        t.council_adopted += u64::from(council);
        t.adopted += u64::from(council);
        t.blocked_by_veto += u64::from(blocked);
        if let Some(pq) = rule.override_pq
            && blocked
            && self.assembly_verdict(plan, table, pq, c, eta, arng)
        {
            t.assembly_adopted += 1;
            t.adopted += 1;
            return true;
        }
        council
    }

    fn judge_detail(
        &mut self,
        plan: &Plan,
        rule: &RulePlan,
        (r, table): (usize, Option<&AssemblyTable>),
        t: &mut RuleTally,
        eta: f64,
        arng: &mut ChaCha8Rng,
    ) -> bool {
        let c = self.council(plan, rule);
        t.yes_votes[c.yes as usize] += 1;
        // The Assembly is consulted whenever a single switch could send the draft there: its
        // votes drawn, or its uniform, for a tabulated verdict.
        let reachable =
            rule.override_pq.is_some() && c.yes + 1 >= rule.quota && c.blocks + 1 >= rule.block_at;
        let (outside, uniform) = match table {
            _ if !reachable => (None, None),
            Some(_) => (None, Some(self.assembly_uniform(arng))),
            None => (Some(self.outside(plan, c, eta, arng)), None),
        };
        let mut scratch = self.scratch[r]
            .take()
            .or_else(|| table.map(|t| t.balance().scratch()));
        let mut outcome = |yes: u32, no: u32, blocks: u32| -> (bool, bool) {
            let verdict = rule.verdict(yes, blocks);
            if !verdict.has_votes {
                return (false, false);
            }
            if !verdict.vetoed {
                return (true, true);
            }
            match (rule.override_pq, outside, table, uniform, scratch.as_mut()) {
                (Some((p, q)), Some((yo, no_o)), ..) => {
                    (assembly_adopts(p, q, yes + yo, no + no_o), false)
                }
                (Some(_), None, Some(table), Some(u), Some(s)) => {
                    let (up, down) = table.balance().weights();
                    let need = down * i64::from(no) - up * i64::from(yes);
                    (table.adopts(eta, need, u, s), false)
                }
                _ => (false, false),
            }
        };
        let (adopted, by_council) = outcome(c.yes, c.no, c.blocks);
        if adopted {
            t.adopted += 1;
            if by_council {
                t.council_adopted += 1;
            } else {
                t.assembly_adopted += 1;
            }
        }
        let vetoed = rule.verdict(c.yes, c.blocks).blocked();
        t.blocked_by_veto += u64::from(vetoed);
        let fixed = rule.members.len();
        for i in 0..rule.seats {
            let (state, holder) = if i < fixed {
                (rule.members[i].state as usize, rule.members[i].holder)
            } else {
                (self.drawn[rule.drawn_offset + i - fixed] as usize, false)
            };
            let v = self.votes[i];
            let blocks_now =
                u32::from(holder && (v == NO || (rule.abstention_blocks && v == ABSTAIN)));
            let yes0 = c.yes - u32::from(v == YES);
            let no0 = c.no - u32::from(v == NO);
            let blocks0 = c.blocks - blocks_now;
            let if_yes = outcome(yes0 + 1, no0, blocks0).0;
            let if_no = outcome(yes0, no0 + 1, blocks0 + u32::from(holder)).0;
            let counters = &mut t.members[state];
            counters[0] += 1;
            counters[1 + v as usize] += 1;
            counters[4] += u64::from(if_yes != if_no);
            counters[5] += u64::from(holder && v == NO && vetoed);
        }
        self.scratch[r] = scratch;
        adopted
    }
}

/// Whether the Assembly adopts: yes at least `p/q` of those voting yes or no.
#[inline(always)]
pub fn assembly_adopts(p: u32, q: u32, yes: u32, no: u32) -> bool {
    u64::from(q) * u64::from(yes) >= u64::from(p) * u64::from(yes + no) && yes + no > 0
}

/// Simulates `trials` General Assembly votes on the plan's draft: in each trial the shock and
/// all the states' votes are drawn (cut `cut_elected`), and the draft counts as adopted if the
/// majority of the plan's first override rule (2/3 without one) of those voting yes or no
/// votes yes. Returns the number of trials adopted. Used to measure and check the Assembly
/// path on its own; blocks and streams as in [`simulate`].
pub fn simulate_assembly(plan: &Plan, seed: u64, trials: u64) -> u64 {
    let (p, q) = plan
        .rules
        .iter()
        .find_map(|r| r.override_pq)
        .unwrap_or((2, 3));
    let blocks = trials.div_ceil(BLOCK);
    let neg_cut = -plan.cut_elected;
    let counts: Vec<u64> = (0..blocks)
        .into_par_iter()
        .map(|k| {
            let n = BLOCK.min(trials - k * BLOCK);
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            rng.set_stream(Stream::Assembly { trial: k }.number());
            let zig = &*ZIGGURAT;
            let mut adopted = 0;
            for _ in 0..n {
                let eta = plan.sigma * zig.sample(&mut rng);
                let (mut yes, mut no) = (0u32, 0u32);
                for &mu in &plan.mu {
                    let u = mu + eta + zig.sample(&mut rng);
                    yes += u32::from(u > 0.0);
                    no += u32::from(u <= neg_cut);
                }
                adopted += u64::from(assembly_adopts(p, q, yes, no));
            }
            adopted
        })
        .collect();
    counts.iter().sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::catalog;
    use crate::vote::{DraftSpec, ModelParams, Support};
    use crate::world::World;

    #[test]
    fn batches_count_what_trial_by_trial_judging_counts() {
        let world = World::embedded().unwrap();
        let codes = world.state_codes();
        let params = ModelParams::embedded().unwrap();
        let graph = world.alignment_graph(None).unwrap();
        // An atrocity draft, so that restraint reads its uniforms; the veto blocks it often, so
        // that the Assembly is consulted.
        let draft = DraftSpec::from_record(world, "S/2011/612").unwrap();
        let draft = DraftSpec {
            atrocity: true,
            ..draft
        };
        let support = Support::new(world, &graph, &params, &draft);
        let names = [
            "abolish-veto",
            "present",
            "restraint",
            "assembly-override",
            "g4",
            "two-negatives",
        ];
        let rules: Vec<_> = names
            .iter()
            .map(|n| catalog::reform(n, &codes).unwrap())
            .collect();
        let plan = Plan::new(
            world,
            &draft,
            world.council(2026).unwrap(),
            &rules,
            &params,
            &support,
        )
        .unwrap();
        let tables = plan_tables(&plan, 1_000);
        // Not a multiple of the batch, so the last batch is partial.
        let trials = 20 * BATCH as u64 + 17;
        let batched = Worker::new(&plan, false);
        assert_eq!(batched.batch, BATCH);
        // The rules without restraint on the 15-member Council count once (abolish-veto
        // first, so that rules with a veto must not join its group), restraint and g4 apart.
        assert_eq!(batched.group_of, [0, 1, 2, 1, 3, 1]);
        let mut single = Worker::new(&plan, false);
        single.batch = 1;
        single.per_member = true;
        let a = run_worker(batched, (&plan, &tables), 4, 9, trials);
        let b = run_worker(single, (&plan, &tables), 4, 9, trials);
        assert_eq!(a, b);
        // The Assembly was consulted and g4's drawn seats judged.
        assert!(a.rules[3].assembly_adopted > 0);
        assert_eq!(a.rules[4].yes_votes.iter().sum::<u64>(), trials);
    }
}
