//! Sampling: one unit's trials drawn from its stream, 64 at a time, into the worker's
//! scratch space (the shock, the pool's latent supports and their bit masks, the drawn seats,
//! the restraint uniforms).

use rand_chacha::ChaCha8Rng;

use super::Tally;
use super::judge::{Counts, Group, LANES};
use crate::engine::assembly::{AssemblyTable, Scratch};
use crate::engine::plan::{NONE, Plan};
use crate::random::{Words, ZIGGURAT, Ziggurat};

/// What a work unit reads and writes besides the worker's scratch space.
pub(super) struct Unit<'a> {
    pub(super) plan: &'a Plan,
    pub(super) tables: &'a [Option<AssemblyTable>],
    /// The unit's main stream.
    pub(super) words: &'a mut Words,
    /// The unit's Assembly stream.
    pub(super) arng: &'a mut ChaCha8Rng,
    pub(super) tally: &'a mut Tally,
}

/// Trials sampled before the rules judge them, when the rules can judge a batch at a time.
pub(super) const BATCH: usize = 64;

/// Per-unit scratch space, allocated once per unit: the inner loop does not allocate.
///
/// Trials are sampled into the slots of a batch, then each rule judges the whole batch in
/// turn. Sampling is the same whatever the batch size, and the Assembly is consulted trial by
/// trial in the same order, so the batch size changes only the speed. It is 1 where a rule
/// must see each trial's votes on their own: detailed runs, pools too large for the bit masks,
/// and rules with drawn seats and an Assembly override (whose Assembly reuses the trial's
/// drawn votes).
pub(super) struct Worker {
    pub(super) zig: &'static Ziggurat,
    /// Trials sampled so far (1 for the first).
    pub(super) trial: u64,
    pub(super) batch: usize,
    /// Whether each trial is judged on its own with the member-by-member path.
    pub(super) per_member: bool,
    pub(super) detail: bool,
    /// The length of one trial's run of words: the normal draws of the shock, of the pool in
    /// slot order and of each drawn seat; the restraint uniforms; a word to pick each drawn
    /// seat.
    pub(super) run_len: usize,
    /// Per drawn seat: its candidates, and the product of its pick word with that number
    /// (whose high half is the pick, [`below`]).
    pub(super) seat_candidates: Vec<u32>,
    pub(super) seat_products: Vec<u64>,
    /// The words of the normal draws the run did not settle, with their places, in order.
    pub(super) unsettled: Vec<(usize, u32)>,
    /// The normal draws the first test did not settle: the shock's, then per run of 64 of
    /// the others'.
    pub(super) rejected: Vec<u64>,
    /// Their normal draws.
    pub(super) normals: Vec<f64>,
    /// Per batch slot: the shock.
    pub(super) eta: Vec<f64>,
    /// Per batch slot, over pool slots: yes (`U > 0`), no under `cut_permanent`, no under
    /// `cut_elected`.
    pub(super) bits: Vec<[u64; 3]>,
    /// Per batch slot: latent support of the pool's states.
    pub(super) pool_u: Vec<f64>,
    /// Per batch slot: the restraint uniforms (32-bit, compared with a 64-bit threshold).
    pub(super) uniforms: Vec<u64>,
    /// Per batch slot: the states drawn to each rule's open seats, and their latent support.
    pub(super) drawn: Vec<u32>,
    pub(super) drawn_u: Vec<f64>,
    /// Latent support of every state, valid where `stamp == trial`.
    pub(super) state_u: Vec<f64>,
    pub(super) stamp: Vec<u64>,
    /// Per state: `trial << 8 | rule + 1` once seated by a draw of that rule this trial.
    pub(super) seated: Vec<u64>,
    pub(super) votes: Vec<u8>,
    /// The batched judges' groups of rules that count the same votes, and each rule's group.
    pub(super) groups: Vec<Group>,
    pub(super) group_of: Vec<usize>,
    /// Rules with an Assembly override; rules with drawn seats.
    pub(super) overriding: Vec<usize>,
    pub(super) drawing: Vec<usize>,
    /// Per group and batch slot: the Council's yes votes and blocking votes.
    pub(super) yes: Vec<u32>,
    pub(super) blocks: Vec<u32>,
    /// Per group and batch slot: the Council's counts (kept for groups with an override rule).
    pub(super) counts: Vec<Counts>,
    /// Per batch slot: the set of rules adopting (bit r: rule r).
    pub(super) adopting: Vec<u16>,
    /// The batched judges' trials by the set of rules adopting, in [`LANES`] copies.
    pub(super) joint: Vec<u64>,
    /// Per rule, over batch slots: adopted by the Council; blocked by the veto.
    pub(super) adopted: Vec<u64>,
    pub(super) blocked: Vec<u64>,
    /// Assembly yes and no counts over all states this trial (cut `cut_elected`), if drawn.
    pub(super) assembly: Option<(u32, u32)>,
    /// The uniform that decides the tabulated Assembly verdicts this trial, if drawn.
    pub(super) assembly_uniform: Option<f64>,
    /// Per rule, scratch space for the exact Assembly probability (made on first use).
    pub(super) scratch: Vec<Option<Scratch>>,
}

pub(super) const YES: u8 = 0;
pub(super) const ABSTAIN: u8 = 1;
pub(super) const NO: u8 = 2;

/// 0 yes (`u > 0`), 1 abstain, 2 no (`u <= neg_cut`), without branches.
#[inline(always)]
pub(super) fn vote(u: f64, neg_cut: f64) -> u8 {
    u8::from(u <= 0.0) + u8::from(u <= neg_cut)
}

/// A uniform integer below `n` from `product`, a first word times `n` (Lemire's method,
/// exact): in the rare case that it would bias the result, further words are taken from
/// `words`.
#[inline(always)]
pub(super) fn below(product: u64, n: u32, words: &mut Words) -> u32 {
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
/// The pool's latent supports `mu + eta + z`, written to `out`, and, when `masked` (at most 64
/// states), their bit masks: yes (`U > 0`), no under `cuts[0]` (permanent seats' `-c`), no
/// under `cuts[1]` (other seats').
#[inline(always)]
pub(super) fn latent(
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
    pub(super) fn new(plan: &Plan, detail: bool) -> Worker {
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
    pub(super) fn run(&mut self, unit: &mut Unit, trials: u64) {
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
    pub(super) fn sample(&mut self, plan: &Plan, k: usize, words: &mut Words) {
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
}
