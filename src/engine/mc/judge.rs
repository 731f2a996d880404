//! Judging: each rule's verdict on the sampled trials, from the batch's bit masks where the
//! rules allow it and trial by trial otherwise, with the Assembly consulted where the veto
//! blocks an override rule's draft.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

use super::sample::{ABSTAIN, NO, Unit, Worker, YES, vote};
use super::{BLOCK, RuleTally};
use crate::engine::assembly::AssemblyTable;
use crate::engine::plan::{NONE, Plan, RulePlan};
use crate::random::{Stream, ZIGGURAT};

/// Council counts of one rule in one trial.
#[derive(Clone, Copy, Default)]
pub(super) struct Counts {
    pub(super) yes: u32,
    pub(super) no: u32,
    pub(super) blocks: u32,
    /// Council members who would vote no under `cut_elected` (their Assembly cut-point).
    pub(super) no_elected_cut: u32,
}

/// Rules whose Councils count the same votes in every trial: the same named members, seats
/// and pledges, and, for rules with a veto, the same holders and the same reading of
/// abstentions. Their batched judges share one count of each trial's votes.
#[derive(Debug, Clone)]
pub(super) struct Group {
    /// The rule whose Council the group counts.
    pub(super) leader: usize,
    /// Whether a rule of the group has an Assembly override (which needs all the counts).
    pub(super) keep_counts: bool,
    /// Trials by number of affirmative Council votes, over the unit, in [`LANES`] copies
    /// (trial `k` counts in copy `k % LANES`).
    pub(super) yes_votes: Vec<u64>,
}

/// Copies of the batched judges' histograms. Most trials of a draft fall in a few bins, and
/// consecutive increments of one counter wait on each other's stores; trials in turn count
/// in different copies, which are added at the end of the unit.
pub(super) const LANES: usize = 4;

impl Group {
    /// The plan's groups, and each rule's group.
    pub(super) fn of(plan: &Plan) -> (Vec<Group>, Vec<usize>) {
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
pub(super) fn counts_alike(leader: &RulePlan, rule: &RulePlan) -> bool {
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

impl Worker {
    /// Every rule judges the batch's first `n` trials, from the bit masks: each group counts
    /// its Council's votes, and each rule applies its quota and veto to its group's counts.
    /// Then, trial by trial, the Assembly decides where the veto blocked an override rule's
    /// draft.
    #[inline(always)]
    pub(super) fn judge_batch(&mut self, unit: &mut Unit, n: usize) {
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
    pub(super) fn count_group<
        const RESTRAINT: bool,
        const ABSTENTION_BLOCKS: bool,
        const OPEN: bool,
    >(
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
    pub(super) fn judge_rule(&mut self, r: usize, rule: &RulePlan, n: usize, t: &mut RuleTally) {
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
    pub(super) fn judge_trial(&mut self, unit: &mut Unit) {
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
    pub(super) fn council(&mut self, plan: &Plan, rule: &RulePlan) -> Counts {
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
    pub(super) fn assembly_counts(
        &mut self,
        plan: &Plan,
        eta: f64,
        arng: &mut ChaCha8Rng,
    ) -> (u32, u32) {
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
    pub(super) fn assembly_uniform(&mut self, arng: &mut ChaCha8Rng) -> f64 {
        *self
            .assembly_uniform
            .get_or_insert_with(|| (arng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64))
    }

    /// Whether the Assembly adopts a draft the veto blocked in the Council of rule `r`, with
    /// the Council's counts `c`.
    pub(super) fn assembly_verdict(
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
    pub(super) fn outside(
        &mut self,
        plan: &Plan,
        c: Counts,
        eta: f64,
        arng: &mut ChaCha8Rng,
    ) -> (u32, u32) {
        let (yes_all, no_all) = self.assembly_counts(plan, eta, arng);
        // A Council member's yes is the same under either cut-point.
        (yes_all - c.yes, no_all - c.no_elected_cut)
    }

    #[inline(always)]
    #[allow(clippy::too_many_arguments)]
    pub(super) fn judge(
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

    pub(super) fn judge_detail(
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
