//! How long the embedded world takes to load: parsing and checking the seven CSV tables
//! compiled into the binary (what `World::embedded` does once per process), and building the
//! petgraph alignment graph of the default window.
//!
//! `cargo bench --bench world`

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use veto_sim::world::World;

fn load(c: &mut Criterion) {
    c.bench_function("world/parse_embedded", |b| {
        b.iter(|| black_box(World::parse_embedded().unwrap()))
    });
    let world = World::parse_embedded().unwrap();
    c.bench_function("world/alignment_graph_2010_2019", |b| {
        b.iter(|| black_box(world.alignment_graph(None).unwrap()))
    });
}

criterion_group!(benches, load);
criterion_main!(benches);
