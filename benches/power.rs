//! Speed of the exact power indices.
//!
//! - `present council/typed_power`: all indices of the present Security Council (5
//!   permanent members with veto, 10 elected, 9 votes) by type-count enumeration.
//! - `assembly 193/...`: a weighted game of 193 players `S000`..`S192` whose weights are
//!   drawn in that order as `rng.random_range(1..=100u64)` from
//!   `ChaCha8Rng::seed_from_u64(193)` (total weight 10049), with quota `total / 2 + 1`
//!   (5025). `weighted_banzhaf` gives the exact Banzhaf indices of all players,
//!   `weighted_power` every index including Shapley–Shubik.
//!
//! Run with `cargo bench --bench power`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use veto_sim::power::{
    MemberType, TypedGame, WeightedGame, typed_power, weighted_banzhaf, weighted_power,
};

fn present_council() -> TypedGame {
    TypedGame::new(
        "present",
        vec![
            MemberType::new("permanent", ["CHN", "FRA", "GBR", "RUS", "USA"]),
            MemberType::new("elected", (1..=10).map(|i| format!("E{i}"))),
        ],
        |c: &[usize]| c[0] == 5 && c[0] + c[1] >= 9,
    )
}

fn assembly() -> WeightedGame {
    let mut rng = ChaCha8Rng::seed_from_u64(193);
    let players: Vec<(String, u64)> = (0..193)
        .map(|i| (format!("S{i:03}"), rng.random_range(1..=100u64)))
        .collect();
    let total: u64 = players.iter().map(|(_, w)| w).sum();
    WeightedGame {
        name: "assembly of 193".into(),
        players,
        quota: total / 2 + 1,
    }
}

fn bench_present(c: &mut Criterion) {
    let game = present_council();
    c.bench_function("present council/typed_power", |b| {
        b.iter(|| typed_power(black_box(&game)))
    });
}

fn bench_assembly(c: &mut Criterion) {
    let game = assembly();
    let mut group = c.benchmark_group("assembly 193");
    group.sample_size(10);
    group.bench_function("weighted_banzhaf", |b| {
        b.iter(|| weighted_banzhaf(black_box(&game)))
    });
    group.bench_function("weighted_power (Shapley-Shubik and all)", |b| {
        b.iter(|| weighted_power(black_box(&game)))
    });
    group.finish();
}

criterion_group!(benches, bench_present, bench_assembly);
criterion_main!(benches);
