//! The exact path against Monte Carlo: the default scenario's *today* section, computed
//! exactly (as `veto-sim run` does by default) and counted over trials (`veto-sim run --mc`),
//! agree within four standard errors for every rule's total and every draft's cell; and
//! `compare`'s per-member figures, computed exactly, agree with the trial-by-trial counts.

use veto_sim::engine::drawn::member_results;
use veto_sim::engine::{Basis, McConfig, simulate, summarize};
use veto_sim::scenario::{self, Method};
use veto_sim::world::World;

fn default_runs() -> (scenario::RunReport, scenario::RunReport) {
    let world = World::embedded().unwrap();
    let default = scenario::load(scenario::DEFAULT, world).unwrap();
    let exact = scenario::run(&default, world, Method::DEFAULT, &|_| {}).unwrap();
    let mc = Method::MonteCarlo {
        std_error: None,
        with_exact: false,
    };
    let counted = scenario::run(&default, world, mc, &|_| {}).unwrap();
    (exact, counted)
}

#[test]
fn the_default_run_is_exact_and_agrees_with_monte_carlo_within_four_standard_errors() {
    let (exact, counted) = default_runs();
    assert_eq!(exact.totals.len(), 6);
    for (e, m) in exact.totals.iter().zip(&counted.totals) {
        assert_eq!(e.rule, m.rule);
        let se = (e.std_error.powi(2) + m.std_error.powi(2)).sqrt();
        assert!(
            (e.expected_adopted - m.expected_adopted).abs() <= 4.0 * se,
            "{}: exact {} vs Monte Carlo {} (s.e. {se})",
            e.rule,
            e.expected_adopted,
            m.expected_adopted
        );
    }
    let mut seatings = 0;
    for (e, m) in exact.drafts.iter().zip(&counted.drafts) {
        for (ec, mc) in e.rules.iter().zip(&m.rules) {
            let se = (ec.adoption.std_error.powi(2) + mc.adoption.std_error.powi(2)).sqrt();
            assert!(
                (ec.adoption.estimate - mc.adoption.estimate).abs() <= 4.0 * se.max(1e-9),
                "{} under {}: exact {} vs Monte Carlo {} (s.e. {se})",
                e.draft,
                ec.rule,
                ec.adoption.estimate,
                mc.adoption.estimate
            );
            match ec.adoption.basis {
                Basis::Exact => assert_eq!(ec.adoption.std_error, 0.0),
                Basis::Seatings { seatings: n } => {
                    assert_eq!(ec.rule, "g4", "only g4 draws seats");
                    assert!(ec.adoption.std_error <= 5e-4 || n >= 65_536);
                    seatings += 1;
                }
                Basis::MonteCarlo { .. } => panic!("the default run counted trials"),
            }
            assert!(matches!(mc.adoption.basis, Basis::MonteCarlo { .. }));
        }
    }
    assert_eq!(
        seatings,
        exact.drafts.len(),
        "g4 is sampled over seatings on every draft"
    );
}

#[test]
fn the_exact_run_does_not_depend_on_the_threads() {
    let world = World::embedded().unwrap();
    let default = scenario::load(scenario::DEFAULT, world).unwrap();
    let run = |threads| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| scenario::run(&default, world, Method::DEFAULT, &|_| {}).unwrap())
    };
    assert_eq!(run(1), run(3));
}

#[test]
fn exact_member_figures_agree_with_the_trial_by_trial_counts() {
    let world = World::embedded().unwrap();
    let default = scenario::load(scenario::DEFAULT, world).unwrap();
    let plans = scenario::plans(&default, world).unwrap();
    // S/2011/612: an atrocity draft, so restraint changes votes.
    let plan = plans
        .iter()
        .find(|p| p.draft.id == "S/2011/612")
        .unwrap()
        .clone();
    let trials = 400_000;
    let tally = &simulate(
        std::slice::from_ref(&plan),
        McConfig {
            trials,
            seed: 7,
            detail: true,
        },
        &|_| {},
    )[0];
    let counted = summarize(&plan, tally, false);
    for (r, rule) in counted.rules.iter().enumerate() {
        let exact = member_results(&plan, r, 7);
        let drawn = !plan.rules[r].seating.is_fixed();
        for m in &rule.members {
            let Some(e) = exact.iter().find(|e| e.code == m.code) else {
                // A drawn state no sampled seating seated: it sits rarely (128 seatings
                // miss a state seated 2% of the time with probability 7.5%).
                assert!(drawn && m.seated < 0.05, "{} under {}", m.code, rule.rule);
                continue;
            };
            // Drawn seats add the spread of a few hundred seatings to the trials' error.
            let slack = if drawn { 0.05 } else { 0.0 };
            for (what, got, want, base) in [
                ("seated", e.seated, m.seated, 1.0),
                ("yes", e.yes, m.yes, m.seated),
                ("no", e.no, m.no, m.seated),
                ("pivotal", e.pivotal, m.pivotal, 1.0),
                ("veto", e.veto, m.veto, 1.0),
            ] {
                let n = trials as f64 * base.max(1e-3);
                let se = (want * (1.0 - want) / n).sqrt().max(1.0 / n);
                assert!(
                    (got - want).abs() <= 4.0 * se + slack,
                    "{} under {}: {what} exact {got} vs counted {want}",
                    m.code,
                    rule.rule
                );
            }
        }
    }
}
