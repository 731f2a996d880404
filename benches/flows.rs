//! Flow estimator benchmarks: counterfactual trials per second on Syria's record (26 drafts,
//! 15 years) with twelve rules, with and without by-year intervals; the whole `flows` estimate
//! (every conflict, `present` and `abolish-veto`, 10,000 simulated votes per draft) at 10^5
//! and 10^6 flow trials; the elasticity regression on the world's panel; the gravity model's
//! fit with its leave-one-out validation; and the EU distribution key.
//!
//! `cargo bench --bench flows`; throughput is reported in flow trials (elements) per second.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use veto_sim::flows::destinations::{Split, gravity};
use veto_sim::flows::elasticity::{MAIN, fit};
use veto_sim::flows::estimator::{ConflictInput, DraftInput, MaskDist, Settings, run_conflict};
use veto_sim::flows::keys::{Key, allocate};
use veto_sim::flows::priors::FlowPriors;
use veto_sim::flows::run::{FlowsOptions, estimate, fractional_year, series_of};
use veto_sim::rules::catalog;
use veto_sim::vote::ModelParams;
use veto_sim::world::{ActionKind, World};

/// Syria's record, each draft passing under rule `r` with probability `r / 12`.
fn syria(world: &World) -> ConflictInput {
    let c = world.conflicts.iter().find(|c| c.id == "syria").unwrap();
    let p: Vec<f64> = (0..12).map(|r| f64::from(r) / 12.0).collect();
    let drafts = world
        .drafts
        .iter()
        .filter(|d| {
            d.annotation
                .as_ref()
                .is_some_and(|a| a.conflict_id == "syria")
        })
        .map(|d| DraftInput {
            id: d.id.clone(),
            kind: d.annotation.as_ref().unwrap().kind,
            date: fractional_year(&d.date).unwrap(),
            masks: MaskDist::nested(&p),
        })
        .collect();
    ConflictInput::with_split(
        "syria",
        series_of(c),
        drafts,
        Split {
            neighbours: 0.79,
            region: 0.01,
            europe: 0.17,
            elsewhere: 0.03,
        },
    )
}

fn estimator(c: &mut Criterion) {
    let world = World::embedded().unwrap();
    let priors = FlowPriors::embedded(world).unwrap();
    let input = syria(world);
    let mut group = c.benchmark_group("estimator");
    group.sample_size(10);
    let trials = 100_000u64;
    for by_year in [false, true] {
        let settings = Settings {
            trials,
            seed: 1,
            rules: 12,
            elasticity_mean: 0.245,
            elasticity_sd: 0.039,
            elasticity_mixture: Vec::new(),
            effects: ActionKind::ALL
                .iter()
                .map(|k| priors.effect(*k).clone())
                .collect(),
            by_year,
        };
        group.throughput(Throughput::Elements(trials));
        group.bench_function(
            format!(
                "syria_12_rules{}/all_threads",
                if by_year { "_by_year" } else { "" }
            ),
            |b| b.iter(|| black_box(run_conflict(&input, 0, &settings))),
        );
    }
    group.finish();
}

/// The whole estimate `veto-sim flows --reforms abolish-veto --vote-trials 10000` runs, at
/// 10^5 and 10^6 flow trials: what a user waits for, bar the loading of the world.
fn whole_estimate(c: &mut Criterion) {
    let world = World::embedded().unwrap();
    let codes = world.state_codes();
    let mut group = c.benchmark_group("flows");
    group.sample_size(10);
    for trials in [100_000u64, 1_000_000] {
        let options = FlowsOptions {
            conflicts: Vec::new(),
            rules: vec![catalog::reform("abolish-veto", &codes).unwrap()],
            trials,
            vote_trials: 10_000,
            seed: 1,
            window: "2010-2019".into(),
            by_year: false,
            model: ModelParams::embedded().unwrap(),
            priors: FlowPriors::embedded(world).unwrap(),
            hypothetical: None,
        };
        group.throughput(Throughput::Elements(trials));
        group.bench_function(
            format!("every_conflict_abolish_veto/{trials}_trials"),
            |b| b.iter(|| black_box(estimate(world, &options, &|_| {}).unwrap())),
        );
    }
    group.finish();
}

fn calibration(c: &mut Criterion) {
    let world = World::embedded().unwrap();
    let priors = FlowPriors::embedded(world).unwrap();
    let mut group = c.benchmark_group("calibration");
    group.sample_size(20);
    group.bench_function("elasticity_main", |b| {
        b.iter(|| black_box(fit(&world.flows_panel, &MAIN).unwrap()))
    });
    group.bench_function("gravity_fit_and_validate", |b| {
        b.iter(|| black_box(gravity(world, &priors).unwrap()))
    });
    group.bench_function("eu_key_allocation", |b| {
        b.iter(|| {
            black_box(allocate(world, &priors, Key::Eu, 160_000.0, "bench", &[], None).unwrap())
        })
    });
    group.finish();
}

criterion_group!(benches, estimator, whole_estimate, calibration);
criterion_main!(benches);
