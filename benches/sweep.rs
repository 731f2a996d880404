//! Sweep overhead per cell, apart from the simulation itself.
//!
//! * `cell_machinery`: what the sweep adds to each cell: the cell's axis values and seed, its
//!   scenario (the base with the values applied and checked), its row from a run report, and
//!   the JSON line. Target: well under 1 ms.
//! * `cell_one_trial`: a whole cell run with a single trial per draft: the machinery plus
//!   building the plans (alignment graph, supports, seatings) and summarising, so that the
//!   simulation's share is negligible.
//! * `resume_scan`: reading back a partial file of 120 rows and checking every row.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use veto_sim::sweep::row::{AxisValues, Row};
use veto_sim::sweep::store::run_cell;
use veto_sim::sweep::{Manifest, parse_sweep};
use veto_sim::world::World;

const SWEEP: &str = "name: bench
base: default
rules: [present, two-negatives, restraint]
trials: 1
axes:
  - { field: quota, from: 9, to: 12 }
  - { field: veto.negatives_to_block, values: [1, 2] }
  - { field: restraint.compliance, from: 0, to: 1, step: 0.25, rules: [restraint] }
  - { field: drafts, values: [S/2011/612, S/2012/77, S/2014/348] }
";

fn bench(c: &mut Criterion) {
    let world = World::embedded().unwrap();
    let sweep = parse_sweep(SWEEP, "bench.yaml", world, None, false).unwrap();
    let cells = sweep.cells();
    let scenario = sweep.scenario(0).unwrap();
    let report = veto_sim::scenario::run(
        &scenario,
        world,
        veto_sim::scenario::Method::DEFAULT,
        &|_| {},
    )
    .unwrap();

    let mut k = 0u64;
    c.bench_function("cell_machinery", |b| {
        b.iter(|| {
            k = (k + 1) % cells;
            let s = sweep.scenario(k).unwrap();
            let axes = AxisValues(
                sweep
                    .axes
                    .iter()
                    .zip(sweep.values(k))
                    .map(|(a, v)| (a.name.clone(), serde_json::to_value(v).unwrap()))
                    .collect(),
            );
            let row = Row::from_report(k, axes, &report);
            black_box((s.seed, row.to_line().unwrap()))
        })
    });

    let mut k = 0u64;
    c.bench_function("cell_one_trial", |b| {
        b.iter(|| {
            k = (k + 1) % cells;
            black_box(run_cell(&sweep, world, k).unwrap().to_line().unwrap())
        })
    });

    let manifest = Manifest::new(&sweep, world, None).unwrap();
    let lines: Vec<String> = (0..cells.min(1000))
        .map(|k| run_cell(&sweep, world, k).unwrap().to_line().unwrap())
        .collect();
    let text: String = lines.concat();
    c.bench_function("resume_scan_120_rows", |b| {
        b.iter(|| {
            let n = text
                .lines()
                .filter(|l| {
                    Row::parse(l)
                        .is_ok_and(|r| veto_sim::sweep::store::check_row(&manifest, &r).is_ok())
                })
                .count();
            black_box(n)
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).measurement_time(std::time::Duration::from_secs(3));
    targets = bench
}
criterion_main!(benches);
