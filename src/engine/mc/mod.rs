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
//!
//! The module's parts: `schedule.rs` cuts the work into units and runs them; `sample.rs` draws a
//! unit's trials; `judge.rs` counts the rules' verdicts on them.

mod judge;
mod sample;
mod schedule;

use serde::Serialize;

pub use judge::{assembly_adopts, simulate_assembly};
pub use schedule::{ROUND_UNITS, run_unit, schedule, simulate, simulate_to_error};

use super::plan::Plan;

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

#[cfg(test)]
mod tests {
    use super::sample::{BATCH, Worker};
    use super::schedule::run_worker;
    use super::*;
    use crate::engine::assembly::plan_tables;
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
