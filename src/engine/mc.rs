//! The Monte Carlo engine: sample votes trial by trial, judge every rule on the same votes,
//! count.
//!
//! # Reproducibility
//! Trials are cut into work units of [`BLOCK`] trials. Unit `k` of plan `d` draws from
//! `ChaCha8Rng::seed_from_u64(seed)` on stream `d << 32 | k` (and the General Assembly's extra
//! votes from stream `1 << 63 | d << 32 | k`), so a unit's draws do not depend on which thread
//! runs it. Units return integer counts, which are added in unit order: 1, 2 or 16 threads
//! give identical results, and memory does not grow with the number of trials.
//!
//! # One trial
//! In this order: the draft's shock `eta`; the noise of every named seat of every rule (each
//! state once, so all rules see the same votes: common random numbers); one 32-bit uniform per
//! pledged state, shared by every restraint rule that pledges it (drawn on every trial, whether
//! or not the draft is an atrocity draft, so the draws stay aligned); the drawn seats of each rule, with the noise of
//! newly seated states. Each rule then judges the same latent supports.
//!
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
    let tables: Vec<Vec<Option<AssemblyTable>>> = plans
        .par_iter()
        .map(|p| plan_tables(p, config.trials))
        .collect();
    let blocks = config.trials.div_ceil(BLOCK);
    let mut totals: Vec<Tally> = plans
        .iter()
        .map(|p| Tally::zero(p, config.detail))
        .collect();
    // Units are numbered draft-major; a few per thread run at a time, so memory stays flat.
    let units = plans.len() as u64 * blocks;
    let chunk = (rayon::current_num_threads() as u64 * 4).max(1);
    let unit = |u: u64| ((u / blocks) as usize, u % blocks);
    let mut start = 0;
    while start < units {
        let end = (start + chunk).min(units);
        let results: Vec<Tally> = (start..end)
            .into_par_iter()
            .map(|u| {
                let (d, k) = unit(u);
                let n = BLOCK.min(config.trials - k * BLOCK);
                let tally = run_unit(
                    &plans[d],
                    &tables[d],
                    config.seed,
                    ((d as u64) << 32) | k,
                    n,
                    config.detail,
                );
                progress(n);
                tally
            })
            .collect();
        let group: Vec<(usize, u64)> = (start..end).map(unit).collect();
        start = end;
        for (&(d, _), t) in group.iter().zip(&results) {
            totals[d].add(t);
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
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(stream);
    let mut assembly_rng = ChaCha8Rng::seed_from_u64(seed);
    assembly_rng.set_stream(stream | (1 << 63));
    let mut tally = Tally::zero(plan, detail);
    let mut w = Worker::new(plan);
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("popcnt") {
        // SAFETY: the CPU supports `popcnt`, checked just above.
        unsafe {
            trials_popcnt(
                &mut w,
                (plan, tables),
                &mut rng,
                &mut assembly_rng,
                &mut tally,
                trials,
                detail,
            )
        };
        tally.trials = trials;
        return tally;
    }
    trials_portable(
        &mut w,
        (plan, tables),
        &mut rng,
        &mut assembly_rng,
        &mut tally,
        trials,
        detail,
    );
    tally.trials = trials;
    tally
}

/// The trial loop, compiled for the baseline CPU.
fn trials_portable(
    w: &mut Worker,
    (plan, tables): (&Plan, &[Option<AssemblyTable>]),
    rng: &mut ChaCha8Rng,
    arng: &mut ChaCha8Rng,
    tally: &mut Tally,
    trials: u64,
    detail: bool,
) {
    for _ in 0..trials {
        w.trial(plan, tables, rng, arng, tally, detail);
    }
}

/// The same loop compiled with the `popcnt` instruction (the bit-mask judges count bits); the
/// results are identical.
///
/// # Safety
/// The CPU must support `popcnt`.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "popcnt")]
unsafe fn trials_popcnt(
    w: &mut Worker,
    (plan, tables): (&Plan, &[Option<AssemblyTable>]),
    rng: &mut ChaCha8Rng,
    arng: &mut ChaCha8Rng,
    tally: &mut Tally,
    trials: u64,
    detail: bool,
) {
    for _ in 0..trials {
        w.trial(plan, tables, rng, arng, tally, detail);
    }
}

/// Per-unit scratch space, allocated once per unit: the inner loop does not allocate.
struct Worker {
    zig: &'static Ziggurat,
    trial: u64,
    /// Latent support of the pool's states this trial.
    pool_u: Vec<f64>,
    /// Over pool slots: yes (`U > 0`), no under `cut_permanent`, no under `cut_elected`.
    yes_bits: u64,
    no_perm_bits: u64,
    no_elec_bits: u64,
    /// Latent support of every state, valid where `stamp == trial`.
    state_u: Vec<f64>,
    stamp: Vec<u64>,
    /// Per state: `trial << 8 | rule + 1` once seated by a draw of that rule this trial.
    seated: Vec<u64>,
    uniforms: Vec<u32>,
    drawn: Vec<u32>,
    votes: Vec<u8>,
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

/// A uniform integer below `n` (Lemire's method, exact).
#[inline(always)]
fn below<G: Rng>(rng: &mut G, n: u32) -> u32 {
    let mut m = u64::from(rng.next_u32()) * u64::from(n);
    let mut low = m as u32;
    if low < n {
        let t = n.wrapping_neg() % n;
        while low < t {
            m = u64::from(rng.next_u32()) * u64::from(n);
            low = m as u32;
        }
    }
    (m >> 32) as u32
}

/// Council counts of one rule in one trial.
#[derive(Clone, Copy)]
struct Counts {
    yes: u32,
    no: u32,
    blocks: u32,
    /// Council members who would vote no under `cut_elected` (their Assembly cut-point).
    no_elected_cut: u32,
}

impl Worker {
    fn new(plan: &Plan) -> Worker {
        let n = plan.states();
        let max_seats = plan.rules.iter().map(|r| r.seats).max().unwrap_or(0);
        Worker {
            zig: &ZIGGURAT,
            trial: 0,
            pool_u: vec![0.0; plan.pool.len()],
            yes_bits: 0,
            no_perm_bits: 0,
            no_elec_bits: 0,
            state_u: vec![0.0; n],
            stamp: vec![0; n],
            seated: vec![0; n],
            uniforms: vec![0; plan.uniforms],
            drawn: vec![0; plan.drawn_total],
            votes: vec![0; max_seats],
            assembly: None,
            assembly_uniform: None,
            scratch: vec![None; plan.rules.len()],
        }
    }

    #[inline(always)]
    fn trial(
        &mut self,
        plan: &Plan,
        tables: &[Option<AssemblyTable>],
        rng: &mut ChaCha8Rng,
        arng: &mut ChaCha8Rng,
        tally: &mut Tally,
        detail: bool,
    ) {
        self.trial += 1;
        let trial = self.trial;
        let zig = self.zig;
        let eta = plan.sigma * zig.sample(rng);
        let (neg_p, neg_e) = (-plan.cut_permanent, -plan.cut_elected);
        let (mut yes_bits, mut no_p, mut no_e) = (0u64, 0u64, 0u64);
        for (slot, &mu) in plan.pool_mu.iter().enumerate() {
            let u = mu + eta + zig.sample(rng);
            self.pool_u[slot] = u;
            if slot < 64 {
                let bit = 1u64 << slot;
                yes_bits |= if u > 0.0 { bit } else { 0 };
                no_p |= if u <= neg_p { bit } else { 0 };
                no_e |= if u <= neg_e { bit } else { 0 };
            }
        }
        self.yes_bits = yes_bits;
        self.no_perm_bits = no_p;
        self.no_elec_bits = no_e;
        for u in &mut self.uniforms {
            *u = rng.next_u32();
        }
        for (r, rule) in plan.rules.iter().enumerate() {
            let mark = (trial << 8) | (r as u64 + 1);
            let mut at = rule.drawn_offset;
            for draw in &rule.draws {
                let n = draw.candidates.len() as u32;
                for _ in 0..draw.seats {
                    let state = loop {
                        let s = draw.candidates[below(rng, n) as usize] as usize;
                        if self.seated[s] != mark {
                            break s;
                        }
                    };
                    self.seated[state] = mark;
                    let slot = plan.slot_of[state];
                    if slot != NONE {
                        self.state_u[state] = self.pool_u[slot as usize];
                        self.stamp[state] = trial;
                    } else if self.stamp[state] != trial {
                        self.state_u[state] = plan.mu[state] + eta + zig.sample(rng);
                        self.stamp[state] = trial;
                    }
                    self.drawn[at] = state as u32;
                    at += 1;
                }
            }
        }
        self.assembly = None;
        self.assembly_uniform = None;
        let mut mask = 0usize;
        for (r, rule) in plan.rules.iter().enumerate() {
            let table = tables.get(r).and_then(Option::as_ref);
            let adopted = if detail {
                self.judge_detail(plan, rule, (r, table), &mut tally.rules[r], eta, arng)
            } else {
                let c = if plan.masked {
                    self.council_masked(plan, rule)
                } else {
                    self.council(plan, rule)
                };
                self.judge(plan, rule, (r, table), c, &mut tally.rules[r], eta, arng)
            };
            mask |= usize::from(adopted) << r;
        }
        tally.joint[mask] += 1;
    }

    /// The drawn members of a rule this trial.
    #[inline(always)]
    fn drawn_of(&self, rule: &RulePlan) -> &[u32] {
        &self.drawn[rule.drawn_offset..rule.drawn_offset + rule.seats - rule.members.len()]
    }

    /// Council counts from the pool's bit masks (the fast path).
    #[inline(always)]
    fn council_masked(&self, plan: &Plan, rule: &RulePlan) -> Counts {
        let m = &rule.masks;
        let yes_mask = self.yes_bits & m.members;
        let mut no_mask = (self.no_perm_bits & m.permanent) | (self.no_elec_bits & m.elected);
        if let Some(threshold) = rule.restraint {
            for &(slot, k) in &rule.pledged {
                let complies = u64::from(self.uniforms[k as usize]) < threshold;
                no_mask &= !(u64::from(complies) << slot);
            }
        }
        let mut blocking = no_mask;
        if rule.abstention_blocks {
            blocking |= m.members & !yes_mask & !no_mask;
        }
        let mut c = Counts {
            yes: yes_mask.count_ones(),
            no: no_mask.count_ones(),
            blocks: (blocking & m.holders).count_ones(),
            no_elected_cut: (self.no_elec_bits & m.members).count_ones(),
        };
        let neg_cut = -plan.cut_elected;
        for &s in self.drawn_of(rule) {
            let u = self.state_u[s as usize];
            c.yes += u32::from(u > 0.0);
            let no = u32::from(u <= neg_cut);
            c.no += no;
            c.no_elected_cut += no;
        }
        c
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
                && u64::from(self.uniforms[m.pledge as usize]) < threshold
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
            let s = self.drawn[rule.drawn_offset + k];
            let v = vote(self.state_u[s as usize], neg_e);
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
        let has_votes = c.yes >= rule.quota;
        let unblocked = c.blocks < rule.block_at;
        let council = has_votes & unblocked;
        let blocked = has_votes & !unblocked;
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
            if yes < rule.quota {
                return (false, false);
            }
            if blocks < rule.block_at {
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
        let vetoed = c.yes >= rule.quota && c.blocks >= rule.block_at;
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
    let counts: Vec<u64> = (0..blocks)
        .into_par_iter()
        .map(|k| {
            let n = BLOCK.min(trials - k * BLOCK);
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            rng.set_stream(k | (1 << 63));
            let mut w = Worker::new(plan);
            let mut adopted = 0;
            for _ in 0..n {
                w.trial += 1;
                w.assembly = None;
                let eta = plan.sigma * w.zig.sample(&mut rng);
                let (yes, no) = w.assembly_counts(plan, eta, &mut rng);
                adopted += u64::from(assembly_adopts(p, q, yes, no));
            }
            adopted
        })
        .collect();
    counts.iter().sum()
}
