//! The Monte Carlo engine and its exact counterpart.
//!
//! A [`Plan`] compiles one draft, one Council year and up to [`MAX_RULES`] rules: each rule is
//! seated ([`seating`]), each state's mean support computed once. [`simulate`] then runs the
//! trials ([`mc`]): every trial samples one set of latent supports, and every rule judges that
//! same set (common random numbers), so differences between rules are paired and precise. Work
//! is split into blocks with their own `ChaCha8Rng` stream and counted in integers, so the
//! output does not depend on the number of threads. [`exact_adoption`] computes the same
//! probability of adoption without sampling for rules with a fixed seating ([`exact`]).
//! [`summarize`] turns counts into estimates with their uncertainty ([`stats`]).
//!
//! ```
//! use veto_sim::engine::{McConfig, Plan, simulate, summarize};
//! use veto_sim::rules::catalog;
//! use veto_sim::vote::{DraftSpec, ModelParams, Support};
//! use veto_sim::world::World;
//!
//! let world = World::embedded().unwrap();
//! let params = ModelParams::embedded().unwrap();
//! let codes = world.state_codes();
//! let rules = vec![catalog::reform("present", &codes).unwrap(), catalog::reform("abolish-veto", &codes).unwrap()];
//! let draft = DraftSpec { id: "example".into(), year: 2026, sponsors: vec!["FRA".into()], targets: vec![],
//!     kind: veto_sim::world::ActionKind::CeasefireHumanitarian, atrocity: false, origin: "doc".into(), notes: vec![] };
//! let graph = world.alignment_graph(None).unwrap();
//! let support = Support::new(world, &graph, &params, &draft);
//! let plan = Plan::new(world, &draft, world.default_council(), &rules, &params, &support).unwrap();
//! let tally = &simulate(&[plan.clone()], McConfig { trials: 20_000, seed: 1, detail: false }, &|_| {})[0];
//! let result = summarize(&plan, tally, false);
//! // Abolishing the veto never lowers the chance of adoption on the same draws.
//! assert!(result.rules[1].adoption.count >= result.rules[0].adoption.count);
//! ```

// Portable code only: the hand-written AVX2 and AVX-512 paths gained too little on whole
// commands to keep (README, "The engine, exactness and reproducibility").
#![forbid(unsafe_code)]

pub mod assembly;
pub mod drawn;
pub mod exact;
pub mod mc;
pub mod plan;
pub mod seating;
pub mod stats;

/// The normal sampler and the word buffer live in [`crate::random`]; these paths stay.
pub use crate::random::{normal, words};

use serde::Serialize;

pub use exact::{ExactCell, GaussHermite, NODES, exact_adoption, exact_cell, expect_adaptive};
pub use mc::{BLOCK, McConfig, RuleTally, Tally, simulate, simulate_to_error};
pub use plan::{MAX_RULES, Plan, RulePlan};
pub use seating::{Seating, seat};
pub use stats::{
    Basis, Estimate, PairedDifference, Proportion, poisson_binomial, quantile, wilson,
};

/// One member's votes under a rule (detailed runs).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MemberResult {
    /// The state's code.
    pub code: String,
    /// Share of trials in which it sits (1 for named seats; below 1 for drawn seats).
    pub seated: f64,
    /// P(yes | seated).
    pub yes: f64,
    /// P(abstain | seated).
    pub abstain: f64,
    /// P(no | seated).
    pub no: f64,
    /// Share of trials in which it sits and its vote is pivotal: switching it between yes and
    /// no changes the outcome (the Assembly included, under an override).
    pub pivotal: f64,
    /// Share of trials in which it casts a veto: a holder's no on a draft that has the
    /// affirmative votes and fails in the Council because of the veto.
    pub veto: f64,
}

/// One rule's result for one draft.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleResult {
    /// The rule's name.
    pub rule: String,
    /// Its number of seats.
    pub seats: usize,
    /// Whether its open seats are drawn in each trial.
    pub drawn_seats: bool,
    /// Whether restraint changed votes on this draft.
    pub restraint_applies: bool,
    /// Probability of adoption (Council or Assembly).
    pub adoption: Proportion,
    /// Probability of adoption by the Council.
    pub council_adoption: Proportion,
    /// Probability that the draft has the votes but the Council's veto blocks it.
    pub blocked_by_veto: Proportion,
    /// Probability that the Assembly adopts it after a veto (override rules).
    pub assembly_adoption: Proportion,
    /// Distribution of affirmative Council votes: `yes_votes[k]` = P(k yes votes).
    pub yes_votes: Vec<f64>,
    /// Mean number of affirmative Council votes.
    pub mean_yes: f64,
    /// The exact probability of adoption, when asked for and the seating is fixed.
    pub exact: Option<f64>,
    /// Per member, in seat order then by code (detailed runs only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<MemberResult>,
}

/// The paired difference between two rules on the same trials.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PairResult {
    /// The first rule.
    pub a: String,
    /// The second rule.
    pub b: String,
    /// `P(adopt | a) - P(adopt | b)` and its standard error.
    #[serde(flatten)]
    pub difference: PairedDifference,
}

/// Every rule's result for one draft.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DraftResult {
    /// The draft's id.
    pub draft: String,
    /// Trials run.
    pub trials: u64,
    /// Per rule, in the order given.
    pub rules: Vec<RuleResult>,
    /// Every pair of rules.
    pub pairs: Vec<PairResult>,
}

/// Estimates from the counts of one plan; `exact` adds the exact path where it applies.
pub fn summarize(plan: &Plan, tally: &Tally, exact: bool) -> DraftResult {
    let n = tally.trials;
    let rules = plan
        .rules
        .iter()
        .zip(&tally.rules)
        .enumerate()
        .map(|(r, (rp, t))| {
            let nf = n.max(1) as f64;
            let yes_votes: Vec<f64> = t.yes_votes.iter().map(|&c| c as f64 / nf).collect();
            let mean_yes = yes_votes
                .iter()
                .enumerate()
                .map(|(k, p)| k as f64 * p)
                .sum();
            let mut members = Vec::new();
            if !t.members.is_empty() {
                let mut order: Vec<usize> = rp.members.iter().map(|m| m.state as usize).collect();
                let mut drawn: Vec<usize> = (0..plan.states())
                    .filter(|s| t.members[*s][0] > 0 && !order.contains(s))
                    .collect();
                drawn.sort_by(|a, b| plan.codes[*a].cmp(&plan.codes[*b]));
                order.extend(drawn);
                for s in order {
                    let c = t.members[s];
                    let seated = c[0].max(1) as f64;
                    members.push(MemberResult {
                        code: plan.codes[s].clone(),
                        seated: c[0] as f64 / nf,
                        yes: c[1] as f64 / seated,
                        abstain: c[2] as f64 / seated,
                        no: c[3] as f64 / seated,
                        pivotal: c[4] as f64 / nf,
                        veto: c[5] as f64 / nf,
                    });
                }
            }
            RuleResult {
                rule: rp.rule.name.clone(),
                seats: rp.seats(),
                drawn_seats: !rp.seating.is_fixed(),
                restraint_applies: rp.restraint_applies(),
                adoption: Proportion::new(t.adopted, n),
                council_adoption: Proportion::new(t.council_adopted, n),
                blocked_by_veto: Proportion::new(t.blocked_by_veto, n),
                assembly_adoption: Proportion::new(t.assembly_adopted, n),
                yes_votes,
                mean_yes,
                exact: if exact { exact_adoption(plan, r) } else { None },
                members,
            }
        })
        .collect();
    let mut pairs = Vec::new();
    let k = plan.rules.len();
    for a in 0..k {
        for b in a + 1..k {
            let (mut only_a, mut only_b) = (0, 0);
            for (mask, &count) in tally.joint.iter().enumerate() {
                let (in_a, in_b) = (mask >> a & 1 == 1, mask >> b & 1 == 1);
                if in_a && !in_b {
                    only_a += count;
                } else if in_b && !in_a {
                    only_b += count;
                }
            }
            pairs.push(PairResult {
                a: plan.rules[a].rule.name.clone(),
                b: plan.rules[b].rule.name.clone(),
                difference: PairedDifference::new(only_a, only_b, n),
            });
        }
    }
    DraftResult {
        draft: plan.draft.id.clone(),
        trials: n,
        rules,
        pairs,
    }
}
