//! Engine benchmarks: Monte Carlo trials per second on the 15-member Council (six rules judged
//! on the same votes, with and without the Assembly override), with the six default rules
//! (the G4's enlarged Council included), a 193-member Assembly vote per trial, and the exact
//! path per draft and rule; the Assembly's table and one exact distribution of the outside
//! states' balance; and the votes of `veto-sim run` on the default scenario (47 drafts, six
//! rules), on one thread and on all.
//!
//! `cargo bench --bench engine`; throughput is reported in trials (elements) per second
//! (draft-trials for the scenario). `cargo bench --bench engine -- run_default` runs the
//! scenario alone.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use veto_sim::engine::assembly::plan_tables;
use veto_sim::engine::{McConfig, Plan, exact_adoption, mc, simulate};
use veto_sim::rules::{Rule, catalog, yaml::parse_rule};
use veto_sim::scenario;
use veto_sim::vote::{DraftSpec, ModelParams, Support};
use veto_sim::world::World;

/// The Monte Carlo path of `run`, with every trial run.
const MONTE_CARLO: scenario::Method = scenario::Method::MonteCarlo {
    std_error: None,
    with_exact: false,
};

const ABSTENTION_BLOCKS: &str = "name: abstention-blocks
description: Art. 27(3) read literally, a permanent member's abstention counts against.
seats:
  permanent: [CHN, FRA, GBR, RUS, USA]
  elected: 10
quota: 9
veto: { holders: permanent }
abstention_blocks: true
";

fn rules(world: &World, names: &[&str]) -> Vec<Rule> {
    let codes = world.state_codes();
    names
        .iter()
        .map(|n| match *n {
            "abstention-blocks" => parse_rule(ABSTENTION_BLOCKS, "bench", &codes).unwrap(),
            name => catalog::reform(name, &codes).unwrap(),
        })
        .collect()
}

fn plan(world: &World, rule_names: &[&str]) -> Plan {
    let params = ModelParams::embedded().unwrap();
    let draft = DraftSpec::from_record(world, "S/2011/612").unwrap();
    let graph = world.alignment_graph(None).unwrap();
    let support = Support::new(world, &graph, &params, &draft);
    let council = world
        .council(2026)
        .unwrap_or_else(|| world.default_council());
    Plan::new(
        world,
        &draft,
        council,
        &rules(world, rule_names),
        &params,
        &support,
    )
    .unwrap()
}

const COUNCIL_SIX: [&str; 6] = [
    "present",
    "abolish-veto",
    "two-negatives",
    "restraint",
    "qualified-10",
    "abstention-blocks",
];
const COUNCIL_OVERRIDE_SIX: [&str; 6] = [
    "present",
    "abolish-veto",
    "two-negatives",
    "restraint",
    "assembly-override",
    "qualified-10",
];
const DEFAULT_SIX: [&str; 6] = [
    "present",
    "abolish-veto",
    "two-negatives",
    "restraint",
    "assembly-override",
    "g4",
];

fn trials(c: &mut Criterion) {
    let world = World::embedded().unwrap();
    let mut group = c.benchmark_group("monte_carlo");
    group.sample_size(10);
    let n = 1u64 << 21;
    for (label, names) in [
        ("council15_six_rules", &COUNCIL_SIX[..]),
        (
            "council15_six_rules_with_override",
            &COUNCIL_OVERRIDE_SIX[..],
        ),
        ("default_six_rules", &DEFAULT_SIX[..]),
    ] {
        let plan = plan(world, names);
        group.throughput(Throughput::Elements(n));
        group.bench_function(format!("{label}/all_threads"), |b| {
            b.iter(|| {
                let config = McConfig {
                    trials: n,
                    seed: 1,
                    detail: false,
                };
                black_box(simulate(std::slice::from_ref(&plan), config, &|_| {}))
            })
        });
        group.throughput(Throughput::Elements(mc::BLOCK));
        group.bench_function(format!("{label}/one_thread"), |b| {
            let tables = plan_tables(&plan, mc::BLOCK);
            b.iter(|| black_box(mc::run_unit(&plan, &tables, 1, 0, mc::BLOCK, false)))
        });
    }
    let plan = plan(world, &["assembly-override"]);
    group.throughput(Throughput::Elements(1 << 18));
    group.bench_function("assembly193/all_threads", |b| {
        b.iter(|| black_box(mc::simulate_assembly(&plan, 1, 1 << 18)))
    });
    group.finish();
}

fn exact(c: &mut Criterion) {
    let world = World::embedded().unwrap();
    let plan = plan(
        world,
        &["present", "two-negatives", "restraint", "assembly-override"],
    );
    let mut group = c.benchmark_group("exact");
    for (r, name) in ["present", "two-negatives", "restraint", "assembly-override"]
        .iter()
        .enumerate()
    {
        group.bench_function(*name, |b| b.iter(|| black_box(exact_adoption(&plan, r))));
    }
    group.finish();
}

fn assembly(c: &mut Criterion) {
    let world = World::embedded().unwrap();
    let plan = plan(world, &["assembly-override"]);
    let mut group = c.benchmark_group("assembly");
    group.bench_function("table_for_2m_trials", |b| {
        b.iter(|| black_box(plan_tables(&plan, 1 << 21)))
    });
    let tables = plan_tables(&plan, 1 << 21);
    let table = tables[0].as_ref().unwrap();
    let balance = table.balance();
    let mut scratch = balance.scratch();
    group.bench_function("exact_tail_178_states", |b| {
        b.iter(|| black_box(balance.tail(black_box(0.1), -3, &mut scratch)))
    });
    group.bench_function("phi", |b| {
        b.iter(|| black_box(veto_sim::vote::phi(black_box(0.3))))
    });
    group.finish();
}

/// The work of `veto-sim run -q --no-flows` on the default scenario, with fewer trials: every
/// draft's plan, tables and trials, and the summaries.
fn run_default(c: &mut Criterion) {
    let world = World::embedded().unwrap();
    let mut default = scenario::load(scenario::DEFAULT, world).unwrap();
    default.trials = 1 << 17;
    let draft_trials = default.trials * default.drafts.len() as u64;
    let mut group = c.benchmark_group("run_default");
    group.sample_size(10);
    group.throughput(Throughput::Elements(draft_trials));
    for (label, threads) in [("one_thread", 1), ("all_threads", 0)] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        group.bench_function(label, |b| {
            b.iter(|| {
                pool.install(|| black_box(scenario::run(&default, world, MONTE_CARLO, &|_| {})))
            })
        });
    }
    group.finish();
}

/// The default run's *today* section by the default, exact path: 47 drafts under six rules,
/// `g4`'s drawn seats sampled to a standard error of 0.0005.
fn run_default_exact(c: &mut Criterion) {
    let world = World::embedded().unwrap();
    let default = scenario::load(scenario::DEFAULT, world).unwrap();
    let mut group = c.benchmark_group("run_default_exact");
    group.sample_size(10);
    group.bench_function("all_threads", |b| {
        b.iter(|| {
            black_box(scenario::run(
                &default,
                world,
                scenario::Method::DEFAULT,
                &|_| {},
            ))
        })
    });
    group.finish();
}

criterion_group!(
    benches,
    trials,
    exact,
    assembly,
    run_default,
    run_default_exact
);
criterion_main!(benches);
