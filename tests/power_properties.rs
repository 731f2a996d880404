//! Invariants of the exact power indices, on random weighted games and random typed rules.
//!
//! Every game here is small enough (n ≤ 12) to be checked against a brute-force count over
//! all 2^n coalitions, and against Monte Carlo estimates from random orderings and random
//! coalitions; larger games (64 to 300 players) are checked against closed forms and
//! against the type-count enumeration. Cases are drawn from a fixed seed, so every run
//! tests the same games.

use std::sync::Arc;

use num_bigint::{BigInt, BigUint};
use num_rational::BigRational;
use num_traits::{One, Zero};
use proptest::prelude::*;
use proptest::test_runner::RngSeed;
use rand::seq::SliceRandom;
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use veto_sim::power::{
    MemberType, PowerReport, TypedGame, WeightedGame, ratio_to_f64, typed_power, weighted_banzhaf,
    weighted_power,
};

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        rng_seed: RngSeed::Fixed(0x7e70_0193),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// A simple game on bitmasks of up to 12 players.
#[derive(Clone)]
struct Game {
    n: usize,
    wins: Arc<dyn Fn(u32) -> bool + Send + Sync>,
}

fn weighted(weights: &[u64], quota: u64) -> (WeightedGame, Game) {
    let game = WeightedGame {
        name: "random".into(),
        players: weights
            .iter()
            .enumerate()
            .map(|(i, &w)| (format!("P{i}"), w))
            .collect(),
        quota,
    };
    let w = weights.to_vec();
    let wins = move |s: u32| {
        (0..w.len())
            .filter(|i| s >> i & 1 == 1)
            .map(|i| w[i])
            .sum::<u64>()
            >= quota
    };
    (
        game,
        Game {
            n: weights.len(),
            wins: Arc::new(wins),
        },
    )
}

/// A typed rule: `quota` yes votes, type 0 blocks with `negatives` no votes, and at least
/// `minimum` yes votes of type 1 (when there is a type 1).
fn typed(sizes: &[usize], quota: usize, negatives: usize, minimum: usize) -> (TypedGame, Game) {
    let sizes = sizes.to_vec();
    let rule = {
        let sizes = sizes.clone();
        move |c: &[usize]| {
            c.iter().sum::<usize>() >= quota
                && sizes[0] - c[0] < negatives
                && c.get(1).is_none_or(|&yes| yes >= minimum)
        }
    };
    let types = sizes
        .iter()
        .enumerate()
        .map(|(t, &size)| {
            MemberType::new(format!("type{t}"), (0..size).map(|i| format!("T{t}M{i}")))
        })
        .collect();
    let member_type: Vec<usize> = sizes
        .iter()
        .enumerate()
        .flat_map(|(t, &s)| std::iter::repeat_n(t, s))
        .collect();
    let n = member_type.len();
    let masked = rule.clone();
    let m = sizes.len();
    let wins = move |s: u32| {
        let mut counts = vec![0usize; m];
        for (i, &t) in member_type.iter().enumerate() {
            if s >> i & 1 == 1 {
                counts[t] += 1;
            }
        }
        masked(&counts)
    };
    (
        TypedGame::new("random typed", types, rule),
        Game {
            n,
            wins: Arc::new(wins),
        },
    )
}

struct Brute {
    shapley_shubik: Vec<BigRational>,
    swings: Vec<u64>,
    winning: u64,
    veto: Vec<bool>,
}

fn brute_force(game: &Game) -> Brute {
    let n = game.n;
    let table: Vec<bool> = (0..1u32 << n).map(|s| (game.wins)(s)).collect();
    let factorial = |k: usize| (1..=k).fold(BigUint::one(), |a, i| a * i);
    let mut brute = Brute {
        shapley_shubik: Vec::new(),
        swings: Vec::new(),
        winning: table.iter().filter(|&&w| w).count() as u64,
        veto: Vec::new(),
    };
    for i in 0..n {
        let mut by_size = vec![0u64; n];
        for s in (0..1u32 << n).filter(|s| s & (1 << i) == 0) {
            if !table[s as usize] && table[(s | 1 << i) as usize] {
                by_size[s.count_ones() as usize] += 1;
            }
        }
        let numer: BigUint = by_size
            .iter()
            .enumerate()
            .map(|(k, &c)| factorial(k) * factorial(n - k - 1) * c)
            .sum();
        brute
            .shapley_shubik
            .push(BigRational::new(numer.into(), factorial(n).into()));
        brute.swings.push(by_size.iter().sum());
        brute
            .veto
            .push((0..1u32 << n).all(|s| !table[s as usize] || s & (1 << i) != 0));
    }
    brute
}

fn frac(a: u64, b: u64) -> BigRational {
    BigRational::new(BigInt::from(a), BigInt::from(b))
}

/// Exact agreement with brute force, and the invariants every game must satisfy.
fn check_exact(report: &PowerReport, game: &Game) -> Result<(), TestCaseError> {
    let brute = brute_force(game);
    let n = game.n;
    prop_assert_eq!(report.players, n);
    prop_assert_eq!(&report.winning_coalitions, &BigUint::from(brute.winning));
    prop_assert_eq!(&report.coleman_act, &frac(brute.winning, 1 << n));
    let total_swings: u64 = brute.swings.iter().sum();
    for (i, m) in report.members.iter().enumerate() {
        prop_assert_eq!(
            &m.shapley_shubik,
            &brute.shapley_shubik[i],
            "SS of {}",
            &m.code
        );
        prop_assert_eq!(&m.swings, &BigUint::from(brute.swings[i]));
        prop_assert_eq!(&m.banzhaf_absolute, &frac(brute.swings[i], 1 << (n - 1)));
        if total_swings > 0 {
            prop_assert_eq!(&m.banzhaf_normalised, &frac(brute.swings[i], total_swings));
        }
        // A player who never swings (a dummy) has no power of any kind.
        if brute.swings[i] == 0 {
            prop_assert!(m.shapley_shubik.is_zero() && m.banzhaf_normalised.is_zero());
        } else {
            prop_assert!(!m.shapley_shubik.is_zero());
        }
        // A veto player (in every winning coalition) can prevent every action.
        if brute.winning > 0 {
            prop_assert_eq!(
                m.coleman_prevent.is_one(),
                brute.veto[i],
                "veto of {}",
                &m.code
            );
        }
    }
    let ss_sum: BigRational = report.members.iter().map(|m| &m.shapley_shubik).sum();
    let bz_sum: BigRational = report.members.iter().map(|m| &m.banzhaf_normalised).sum();
    prop_assert!(ss_sum.is_one(), "Shapley-Shubik sums to {}", ss_sum);
    prop_assert!(
        total_swings == 0 || bz_sum.is_one(),
        "Banzhaf sums to {}",
        bz_sum
    );
    let type_ss: BigRational = report.types.iter().map(|t| &t.shapley_shubik_total).sum();
    prop_assert!(type_ss.is_one());
    Ok(())
}

/// Monte Carlo estimates from random orderings (Shapley–Shubik) and random coalitions
/// (absolute Banzhaf) agree with the exact values within 4 standard errors.
fn check_monte_carlo(report: &PowerReport, game: &Game, seed: u64) -> Result<(), TestCaseError> {
    const SAMPLES: usize = 4000;
    let n = game.n;
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut pivots = vec![0usize; n];
    let mut order: Vec<usize> = (0..n).collect();
    for _ in 0..SAMPLES {
        order.shuffle(&mut rng);
        let mut s = 0u32;
        for &i in &order {
            if (game.wins)(s | 1 << i) {
                pivots[i] += 1;
                break;
            }
            s |= 1 << i;
        }
    }
    let mut swings = vec![0usize; n];
    for _ in 0..SAMPLES {
        let s: u32 = rng.random::<u32>() & ((1 << n) - 1);
        for (i, count) in swings.iter_mut().enumerate() {
            let without = s & !(1 << i);
            if !(game.wins)(without) && (game.wins)(without | 1 << i) {
                *count += 1;
            }
        }
    }
    for (i, m) in report.members.iter().enumerate() {
        for (exact, hits) in [
            (&m.shapley_shubik, pivots[i]),
            (&m.banzhaf_absolute, swings[i]),
        ] {
            let p = ratio_to_f64(exact);
            let estimate = hits as f64 / SAMPLES as f64;
            let se = (p * (1.0 - p) / SAMPLES as f64).sqrt();
            prop_assert!(
                (estimate - p).abs() <= 4.0 * se + 1e-12,
                "{}: estimate {} vs exact {} (se {})",
                &m.code,
                estimate,
                p,
                se
            );
        }
    }
    Ok(())
}

fn weighted_case() -> impl Strategy<Value = (Vec<u64>, u64)> {
    prop::collection::vec(1u64..=20, 2..=12).prop_flat_map(|w| {
        let total: u64 = w.iter().sum();
        (Just(w), 1..=total)
    })
}

fn typed_case() -> impl Strategy<Value = (Vec<usize>, usize, usize, usize)> {
    prop::collection::vec(0usize..=3, 1..=4)
        .prop_filter("at least one member of the blocking type", |s| s[0] >= 1)
        .prop_flat_map(|sizes| {
            let n: usize = sizes.iter().sum();
            let first = sizes[0];
            let second = sizes.get(1).copied().unwrap_or(0);
            (Just(sizes), 1..=n, 1..=first + 1, 0..=second)
        })
}

fn seed_of(values: &[u64]) -> u64 {
    values.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &v| {
        (h ^ v).wrapping_mul(0x0100_0000_01b3)
    })
}

proptest! {
    #![proptest_config(config(96))]

    #[test]
    fn weighted_games_agree_with_brute_force((weights, quota) in weighted_case()) {
        let (game, reference) = weighted(&weights, quota);
        let report = weighted_power(&game).unwrap();
        check_exact(&report, &reference)?;
        // Players of equal weight are symmetric and get equal values.
        for (a, b) in report.members.iter().zip(&weights).flat_map(|x| report.members.iter().zip(&weights).map(move |y| (x, y))) {
            if a.1 == b.1 {
                prop_assert_eq!(&a.0.shapley_shubik, &b.0.shapley_shubik);
                prop_assert_eq!(&a.0.swings, &b.0.swings);
            }
        }
        // A heavier player never has less power.
        for (a, b) in report.members.iter().zip(&weights).flat_map(|x| report.members.iter().zip(&weights).map(move |y| (x, y))) {
            if a.1 > b.1 {
                prop_assert!(a.0.shapley_shubik >= b.0.shapley_shubik && a.0.swings >= b.0.swings);
            }
        }
        // The Banzhaf-only path gives the same counts.
        let banzhaf = weighted_banzhaf(&game).unwrap();
        prop_assert_eq!(&banzhaf.winning_coalitions, &report.winning_coalitions);
        for (b, m) in banzhaf.members.iter().zip(&report.members) {
            prop_assert_eq!(&b.swings, &m.swings);
            prop_assert_eq!(&b.banzhaf_normalised, &m.banzhaf_normalised);
        }
    }

    #[test]
    fn typed_rules_agree_with_brute_force((sizes, quota, negatives, minimum) in typed_case()) {
        let (game, reference) = typed(&sizes, quota, negatives, minimum);
        let report = typed_power(&game);
        check_exact(&report, &reference)?;
        // Members of one type are symmetric: the brute force, which does not know about
        // types, gives them equal values too.
        let brute = brute_force(&reference);
        let mut i = 0;
        for t in &report.types {
            for _ in 0..t.size {
                prop_assert_eq!(&brute.shapley_shubik[i], &t.shapley_shubik);
                i += 1;
            }
        }
    }
}

proptest! {
    #![proptest_config(config(24))]

    #[test]
    fn weighted_values_match_monte_carlo((weights, quota) in weighted_case()) {
        let (game, reference) = weighted(&weights, quota);
        let report = weighted_power(&game).unwrap();
        let mut key = weights.clone();
        key.push(quota);
        check_monte_carlo(&report, &reference, seed_of(&key))?;
    }

    #[test]
    fn typed_values_match_monte_carlo((sizes, quota, negatives, minimum) in typed_case()) {
        let (game, reference) = typed(&sizes, quota, negatives, minimum);
        let report = typed_power(&game);
        let mut key: Vec<u64> = sizes.iter().map(|&s| s as u64).collect();
        key.extend([quota as u64, negatives as u64, minimum as u64]);
        check_monte_carlo(&report, &reference, seed_of(&key))?;
    }
}

proptest! {
    #![proptest_config(config(12))]

    /// Beyond 63 players the counts exceed one machine word and are joined from several
    /// residues; the type-count enumeration (plain big integers) must agree.
    #[test]
    fn large_games_agree_with_type_count_enumeration(
        counts in prop::collection::vec(1usize..=70, 1..=3),
        weights in prop::collection::vec(1u64..=9, 3),
        share in 0.05f64..0.95,
    ) {
        let players: Vec<(String, u64)> = counts
            .iter()
            .zip(&weights)
            .flat_map(|(&c, &w)| (0..c).map(move |i| (format!("W{w}N{i}"), w)))
            .collect();
        let total: u64 = players.iter().map(|p| p.1).sum();
        let quota = ((total as f64 * share) as u64).clamp(1, total);
        let game = WeightedGame { name: "large".into(), players: players.clone(), quota };
        let by_table = weighted_power(&game).unwrap();

        // The same game as a typed game: one type per distinct weight.
        let mut distinct: Vec<u64> = players.iter().map(|p| p.1).collect();
        distinct.sort_unstable();
        distinct.dedup();
        let types: Vec<MemberType> = distinct
            .iter()
            .map(|&w| MemberType::new(format!("w{w}"), players.iter().filter(|p| p.1 == w).map(|p| p.0.clone())))
            .collect();
        let dw = distinct.clone();
        let typed_game = TypedGame::new("large", types, move |c: &[usize]| {
            c.iter().zip(&dw).map(|(&c, &w)| c as u64 * w).sum::<u64>() >= quota
        });
        let by_types = typed_power(&typed_game);
        prop_assert_eq!(&by_table.winning_coalitions, &by_types.winning_coalitions);
        for m in &by_table.members {
            let other = by_types.members.iter().find(|o| o.code == m.code).unwrap();
            prop_assert_eq!(&m.shapley_shubik, &other.shapley_shubik);
            prop_assert_eq!(&m.swings, &other.swings);
            prop_assert_eq!(&m.coleman_initiate, &other.coleman_initiate);
        }
    }
}

#[test]
fn three_hundred_players_do_not_overflow_and_shapley_shubik_sums_to_one() {
    let mut rng = ChaCha8Rng::seed_from_u64(300);
    let players: Vec<(String, u64)> = (0..300)
        .map(|i| (format!("S{i:03}"), rng.random_range(1..=10u64)))
        .collect();
    let total: u64 = players.iter().map(|p| p.1).sum();
    for quota in [total / 2 + 1, total * 2 / 3, total / 4] {
        let game = WeightedGame {
            name: "300".into(),
            players: players.clone(),
            quota,
        };
        let report = weighted_power(&game).unwrap();
        let ss: BigRational = report.members.iter().map(|m| &m.shapley_shubik).sum();
        let bz: BigRational = report.members.iter().map(|m| &m.banzhaf_normalised).sum();
        assert!(ss.is_one(), "quota {quota}: Shapley-Shubik sums to {ss}");
        assert!(bz.is_one(), "quota {quota}: Banzhaf sums to {bz}");
        assert!(report.winning_coalitions > BigUint::from(u128::MAX));
        let banzhaf = weighted_banzhaf(&game).unwrap();
        for (b, m) in banzhaf.members.iter().zip(&report.members) {
            assert_eq!(b.swings, m.swings);
        }
        let json = report.render(veto_sim::report::Format::Json).unwrap();
        assert!(json.contains("\"players\": 300"));
    }
}

#[test]
fn equal_players_match_the_binomial_closed_form() {
    // 200 players of weight 1, quota 101: each swings in C(199, 100) coalitions and has
    // Shapley–Shubik value 1/200; the quota 150 (above half) takes the dual path.
    for quota in [101usize, 150] {
        let game = WeightedGame {
            name: "equal".into(),
            players: (0..200).map(|i| (format!("P{i}"), 1)).collect(),
            quota: quota as u64,
        };
        let report = weighted_power(&game).unwrap();
        let binomial = (0..quota - 1).fold(BigUint::one(), |c, i| c * (199 - i) / (i + 1));
        for m in &report.members {
            assert_eq!(m.swings, binomial);
            assert_eq!(m.shapley_shubik, frac(1, 200));
        }
        let winning: BigUint = (quota..=200)
            .map(|k| (0..k).fold(BigUint::one(), |c, i| c * (200 - i) / (i + 1)))
            .sum();
        assert_eq!(report.winning_coalitions, winning);
    }
}
