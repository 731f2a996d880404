//! The engine's output does not depend on the number of threads, and memory does not grow
//! with the number of trials.

use veto_sim::engine::{BLOCK, McConfig, Plan, Tally, simulate, summarize};
use veto_sim::rules::catalog;
use veto_sim::vote::{DraftSpec, ModelParams, Support};
use veto_sim::world::World;

fn plan() -> Plan {
    let world = World::embedded().unwrap();
    let codes = world.state_codes();
    let rules: Vec<_> = [
        "present",
        "restraint",
        "assembly-override",
        "g4",
        "two-negatives",
    ]
    .iter()
    .map(|n| catalog::reform(n, &codes).unwrap())
    .collect();
    let params = ModelParams::embedded().unwrap();
    let draft = DraftSpec::from_record(world, "S/2011/612").unwrap();
    let graph = world.alignment_graph(None).unwrap();
    let support = Support::new(world, &graph, &params, &draft);
    Plan::new(
        world,
        &draft,
        world.council(2026).unwrap(),
        &rules,
        &params,
        &support,
    )
    .unwrap()
}

fn run_with(threads: usize, plan: &Plan, detail: bool) -> Vec<Tally> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    let config = McConfig {
        trials: 2 * BLOCK + 1_234,
        seed: 42,
        detail,
    };
    pool.install(|| simulate(std::slice::from_ref(plan), config, &|_| {}))
}

#[test]
fn one_two_and_sixteen_threads_give_identical_bytes() {
    let plan = plan();
    for detail in [false, true] {
        let one = run_with(1, &plan, detail);
        let json = |t: &[Tally]| serde_json::to_string(&summarize(&plan, &t[0], false)).unwrap();
        for threads in [2, 16] {
            let other = run_with(threads, &plan, detail);
            assert_eq!(one, other, "{threads} threads, detail {detail}");
            assert_eq!(json(&one), json(&other));
        }
    }
}

#[test]
fn different_seeds_give_different_draws_and_the_same_seed_the_same() {
    let plan = plan();
    let config = |seed| McConfig {
        trials: 10_000,
        seed,
        detail: false,
    };
    let a = simulate(std::slice::from_ref(&plan), config(1), &|_| {});
    let b = simulate(std::slice::from_ref(&plan), config(1), &|_| {});
    let c = simulate(std::slice::from_ref(&plan), config(2), &|_| {});
    assert_eq!(a, b);
    assert_ne!(a, c);
}

#[test]
fn a_tally_is_the_same_size_whatever_the_number_of_trials() {
    let plan = plan();
    let small = &simulate(
        std::slice::from_ref(&plan),
        McConfig {
            trials: 10,
            seed: 1,
            detail: false,
        },
        &|_| {},
    )[0];
    let large = &simulate(
        std::slice::from_ref(&plan),
        McConfig {
            trials: 3 * BLOCK,
            seed: 1,
            detail: false,
        },
        &|_| {},
    )[0];
    let size = |t: &Tally| {
        t.joint.len()
            + t.rules
                .iter()
                .map(|r| r.yes_votes.len() + r.members.len())
                .sum::<usize>()
    };
    assert_eq!(size(small), size(large));
    assert_eq!(large.trials, 3 * BLOCK);
}

/// The Assembly's verdict is `u < P(adopt | eta, Council votes)`, computed exactly wherever the
/// table's bounds do not settle it: a coarse table and a fine one give the same counts, in
/// plain and in detailed runs.
#[test]
fn assembly_verdicts_do_not_depend_on_the_table() {
    use veto_sim::engine::assembly::plan_tables;
    use veto_sim::engine::mc::run_unit;
    let plan = plan();
    let coarse = plan_tables(&plan, 10);
    let fine = plan_tables(&plan, 100_000_000);
    let points = |t: &[Option<veto_sim::engine::assembly::AssemblyTable>]| {
        t.iter().flatten().map(|t| t.points()).sum::<usize>()
    };
    assert!(points(&fine) > 10 * points(&coarse));
    for detail in [false, true] {
        let a = run_unit(&plan, &coarse, 9, 5, 40_000, detail);
        let b = run_unit(&plan, &fine, 9, 5, 40_000, detail);
        assert_eq!(a, b);
        assert!(a.rules[2].assembly_adopted > 1_000);
    }
}
