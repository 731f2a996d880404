//! `compare` against `run` on the same draft, rules and trials: compare counts its trials on
//! the engine's batched path and takes each member's figures from the exact path, so it costs
//! about what `run --mc` costs on one draft.
//!
//! `cargo bench --bench compare` (20 M trials of S/2011/612 under the default scenario's six
//! rules, all threads).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use veto_sim::api::{self, CompareOptions};
use veto_sim::scenario::{self, Method};
use veto_sim::vote::DraftSpec;
use veto_sim::world::World;

const TRIALS: u64 = 20_000_000;
const DRAFT: &str = "S/2011/612";

fn compare_vs_run(c: &mut Criterion) {
    let world = World::embedded().unwrap();
    let mut default = scenario::load(scenario::DEFAULT, world).unwrap();
    default.drafts.retain(|d| d.id == DRAFT);
    default.trials = TRIALS;
    let draft = DraftSpec::from_record(world, DRAFT).unwrap();
    let mut options = CompareOptions::new(default.rules.clone(), draft).unwrap();
    options.trials = TRIALS;
    options.model = default.model.clone();
    options.window = default.window.clone();
    // The scenario's Council (2026) votes in both.
    options.council = Some(default.council_for(world, &default.drafts[0]).unwrap().year);
    let mc = Method::MonteCarlo {
        std_error: None,
        with_exact: false,
    };
    let mut group = c.benchmark_group("compare_vs_run_20M");
    group.sample_size(10);
    group.bench_function("run", |b| {
        b.iter(|| black_box(scenario::run(&default, world, mc, &|_| {}).unwrap()))
    });
    group.bench_function("compare", |b| {
        b.iter(|| black_box(api::compare(world, &options, &()).unwrap()))
    });
    group.finish();
}

criterion_group!(benches, compare_vs_run);
criterion_main!(benches);
