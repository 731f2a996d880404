//! The default report page: its figures ([`api::report_page`]) and their HTML, without the
//! process around them (`veto-sim report --out r.html` adds loading and writing).
//!
//! `cargo bench --bench report`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use veto_sim::api::{self, PageRequest};
use veto_sim::flows::keys::Key;
use veto_sim::world::World;

fn report(c: &mut Criterion) {
    let world = World::embedded().unwrap();
    let request = PageRequest {
        scenario: None,
        reforms: None,
        conflict: None,
        key: Key::Eu,
        trials: api::PAGE_TRIALS,
        vote_trials: api::PAGE_VOTE_TRIALS,
        seed: None,
        data_readme: api::EMBEDDED_README,
        threads: None,
    };
    let options = request.options(world).unwrap();
    let page = api::report_page(world, &options, &()).unwrap();
    let mut group = c.benchmark_group("report");
    group.sample_size(10);
    group.bench_function("figures", |b| {
        b.iter(|| black_box(api::report_page(world, &options, &()).unwrap()))
    });
    group.bench_function("html", |b| {
        b.iter(|| black_box(veto_sim::report::html::html(&page).unwrap()))
    });
    group.finish();
}

criterion_group!(benches, report);
criterion_main!(benches);
