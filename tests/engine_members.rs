//! Per-member results against exact values. Without a shared shock (`sigma_draft = 0`) members
//! vote independently, so each member's vote shares, how often it is pivotal and how often it
//! casts a veto have closed forms: the vote probabilities, and Poisson-binomial
//! distributions of the other members' yes votes. Under an Assembly override, how often a
//! member is pivotal comes from the exact path.

use veto_sim::engine::{McConfig, Plan, poisson_binomial, simulate, summarize};
use veto_sim::rules::{Rule, catalog};
use veto_sim::vote::{DraftSpec, ModelParams, Support, vote_probabilities};
use veto_sim::world::World;

/// Within 4.5 standard errors of a proportion over `n` trials.
fn close(got: f64, want: f64, n: u64, what: &str) {
    let se = (want * (1.0 - want) / n as f64).sqrt().max(1.0 / n as f64);
    assert!(
        (got - want).abs() <= 4.5 * se,
        "{what}: simulated {got} vs exact {want} (s.e. {se})"
    );
}

/// S/2011/612 before the 2026 Council under the catalog's `reforms`, without a shared shock.
fn plan_without_shock(reforms: &[&str]) -> (Plan, Vec<Rule>) {
    let world = World::embedded().unwrap();
    let codes = world.state_codes();
    let mut params = ModelParams::embedded().unwrap();
    params.sigma_draft = 0.0;
    let draft = DraftSpec::from_record(world, "S/2011/612").unwrap();
    let graph = world.alignment_graph(None).unwrap();
    let support = Support::new(world, &graph, &params, &draft);
    let council = world.council(2026).unwrap();
    let rules: Vec<Rule> = reforms
        .iter()
        .map(|name| catalog::reform(name, &codes).unwrap())
        .collect();
    let plan = Plan::new(world, &draft, council, &rules, &params, &support).unwrap();
    (plan, rules)
}

#[test]
fn vote_shares_pivotal_votes_and_vetoes_match_their_exact_values() {
    let (plan, rules) = plan_without_shock(&["present", "abolish-veto"]);
    let trials = 200_000;
    let config = McConfig {
        trials,
        seed: 11,
        detail: true,
    };
    let tally = &simulate(std::slice::from_ref(&plan), config, &|_| {})[0];
    let result = summarize(&plan, tally, false);

    // Every member's [yes, abstain, no] probabilities (the same under both rules).
    let seats = &plan.rules[0].seating.fixed;
    assert_eq!(seats.len(), 15);
    let probs: Vec<[f64; 3]> = seats
        .iter()
        .map(|s| {
            let cut = if s.permanent {
                plan.cut_permanent
            } else {
                plan.cut_elected
            };
            vote_probabilities(plan.mu[s.state], 0.0, cut)
        })
        .collect();
    // P(the other members cast exactly k yes votes).
    let others_yes = |i: usize| -> Vec<f64> {
        let p: Vec<f64> = (0..seats.len())
            .filter(|&j| j != i)
            .map(|j| probs[j][0])
            .collect();
        poisson_binomial(&p)
    };
    let quota = rules[0].quota as usize;
    let mut vetoes_seen = 0;
    for (i, seat) in seats.iter().enumerate() {
        let dist = others_yes(i);
        for (r, rule_result) in result.rules.iter().enumerate() {
            let m = rule_result
                .members
                .iter()
                .find(|m| m.code == seat.code)
                .unwrap();
            let what = |x: &str| format!("{} {x} under {}", seat.code, rules[r].name);
            close(m.seated, 1.0, trials, &what("seated"));
            close(m.yes, probs[i][0], trials, &what("yes"));
            close(m.abstain, probs[i][1], trials, &what("abstain"));
            close(m.no, probs[i][2], trials, &what("no"));
            // Without a veto a vote is pivotal exactly when the others cast quota - 1 yes votes.
            if r == 1 {
                close(m.pivotal, dist[quota - 1], trials, &what("pivotal"));
                assert_eq!(m.veto, 0.0, "{}", what("veto"));
            }
            // Under the Charter a holder casts a veto when it votes no and the others cast
            // the quota of yes votes.
            if r == 0 {
                let want = if seat.holder {
                    probs[i][2] * dist[quota..].iter().sum::<f64>()
                } else {
                    0.0
                };
                close(m.veto, want, trials, &what("veto"));
                vetoes_seen += usize::from(m.veto > 0.0);
            }
        }
    }
    assert!(vetoes_seen > 0, "the draft is vetoed in some trials");
}

/// Under an Assembly override a vote is pivotal when switching it between yes and no changes
/// the final outcome, the Assembly's verdict included. Adoption rises with each vote, so the
/// share of trials in which a member is pivotal is P(adopt | it votes yes) - P(adopt | it votes
/// no): the exact path with the member's support pushed to either end.
#[test]
fn pivotal_votes_under_an_override_match_their_exact_values() {
    use veto_sim::engine::exact_adoption;
    let (plan, _) = plan_without_shock(&["assembly-override"]);
    let trials = 200_000;
    let config = McConfig {
        trials,
        seed: 12,
        detail: true,
    };
    let tally = &simulate(std::slice::from_ref(&plan), config, &|_| {})[0];
    let result = summarize(&plan, tally, true);
    let exact = result.rules[0].exact.unwrap();
    close(result.rules[0].adoption.estimate, exact, trials, "adoption");
    assert!(result.rules[0].assembly_adoption.estimate > 0.01);
    let mut pivotal_seen = 0;
    for seat in &plan.rules[0].seating.fixed {
        let with_support = |mu: f64| {
            let mut fixed = plan.clone();
            fixed.mu[seat.state] = mu;
            exact_adoption(&fixed, 0).unwrap()
        };
        let want = with_support(40.0) - with_support(-40.0);
        let m = result.rules[0]
            .members
            .iter()
            .find(|m| m.code == seat.code)
            .unwrap();
        close(m.pivotal, want, trials, &format!("{} pivotal", seat.code));
        pivotal_seen += usize::from(want > 0.01);
    }
    assert!(pivotal_seen >= 5);
}
