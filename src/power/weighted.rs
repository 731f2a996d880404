//! Weighted games of any size: generating functions counted modulo several primes.
//!
//! Let `c[k][s]` be the number of coalitions of `k` players with total weight `s`. Only
//! losing weights (`s < quota`) matter, so the table has `quota` columns. It is built once
//! for all players by multiplying in each player's factor `(1 + x·y^w)`. The table without
//! one player of weight `w` follows by exact deconvolution,
//! `c'[k][s] = c[k][s] − c'[k−1][s−w]`, once per distinct weight, and that player's
//! swings of size `k` are `Σ c'[k][s]` for `s` in `quota−w .. quota`.
//!
//! The counts reach `2^n`, so every step runs in machine words modulo 2^64 and modulo
//! as many primes below 2^30 as needed, and the results are joined by the Chinese
//! remainder theorem: exact at any size, with vectorisable inner loops. When the quota is
//! above half the total weight, the dual game (quota `total − quota + 1`, whose swings
//! are the complements of the original ones) has the smaller table and is used instead.
//! Weights are first divided by their greatest common divisor.

use num_bigint::{BigInt, BigUint};
use num_integer::Integer;
use num_rational::BigRational;
use num_traits::{One, Zero};
use rayon::prelude::*;

use super::count::{SwingCounts, assemble};
use super::modular::{Moduli, Plane, Prime30, Wrap64};
use super::typed::typed_counts;
use super::{PowerReport, WeightedGame};
use crate::error::{Error, Place, Result};

/// Largest table (entries per residue plane) the generating-function method builds.
const MAX_TABLE: u128 = 1 << 25;
/// Tables up to this size are built for several residue planes at once.
const PARALLEL_TABLE: u128 = 1 << 22;
/// Largest number of weight-count vectors the enumeration method visits.
const MAX_VECTORS: u128 = 1 << 26;

/// A validated weighted game, reduced for counting.
struct Prepared {
    n: usize,
    /// Each player's index into `distinct`.
    player_type: Vec<usize>,
    /// Distinct weights (as given), heaviest first, with multiplicities.
    distinct: Vec<(u64, usize)>,
    /// Weights divided by their greatest common divisor.
    reduced: Vec<u128>,
    /// The distinct weights divided by the common divisor.
    distinct_reduced: Vec<u128>,
    /// Quota for the reduced weights.
    quota: u128,
    /// Total reduced weight.
    total: u128,
}

fn validate(game: &WeightedGame) -> Result<Prepared> {
    let place = || Place::file(game.name.clone());
    if game.players.is_empty() {
        return Err(Error::input(
            place().key("players"),
            "the player list is empty; a weighted game needs at least one player",
        ));
    }
    if let Some((code, _)) = game.players.iter().find(|(_, w)| *w == 0) {
        return Err(Error::input(
            place().key(format!("players.{code}")),
            format!("player `{code}` has weight 0; weights must be positive integers"),
        ));
    }
    let total: u128 = game.players.iter().map(|(_, w)| u128::from(*w)).sum();
    if game.quota == 0 {
        return Err(Error::input(
            place().key("quota"),
            "quota 0 would let the empty coalition win; the quota must be a positive integer",
        ));
    }
    if u128::from(game.quota) > total {
        return Err(Error::input(
            place().key("quota"),
            format!(
                "quota {} is larger than the total weight {total} of all players, so no coalition could win",
                game.quota
            ),
        ));
    }
    let g = game.players.iter().fold(0u64, |g, (_, w)| g.gcd(w));
    let mut distinct: Vec<(u64, usize)> = Vec::new();
    for (_, w) in &game.players {
        match distinct.binary_search_by(|(d, _)| w.cmp(d)) {
            Ok(i) => distinct[i].1 += 1,
            Err(i) => distinct.insert(i, (*w, 1)),
        }
    }
    let player_type = game
        .players
        .iter()
        .map(|(_, w)| distinct.binary_search_by(|(d, _)| w.cmp(d)).unwrap_or(0))
        .collect();
    let reduced: Vec<u128> = game
        .players
        .iter()
        .map(|(_, w)| u128::from(w / g))
        .collect();
    let distinct_reduced = distinct.iter().map(|(w, _)| u128::from(w / g)).collect();
    Ok(Prepared {
        n: game.players.len(),
        player_type,
        distinct,
        reduced,
        distinct_reduced,
        quota: u128::from(game.quota).div_ceil(u128::from(g)),
        total: total / u128::from(g),
    })
}

/// The counting problem for one residue plane: weights clamped to the quota, so that
/// every index fits the table.
struct Table {
    /// Every player's weight, at most `quota`.
    weights: Vec<usize>,
    /// Distinct weights, at most `quota`, in the order of `Prepared::distinct`.
    distinct: Vec<usize>,
    /// The (possibly dual) quota: the table's number of columns.
    quota: usize,
    /// `lo[k]` = the `k` smallest weights' sum, a lower bound on row `k`'s weights.
    lo: Vec<usize>,
    /// Largest coalition size whose row can hold a losing weight.
    rows: usize,
    /// Whether the dual game is counted.
    dual: bool,
}

impl Table {
    fn new(prep: &Prepared) -> Option<Self> {
        let dual_quota = prep.total - prep.quota + 1;
        let dual = dual_quota < prep.quota;
        let quota = if dual { dual_quota } else { prep.quota };
        let quota = usize::try_from(quota).ok()?;
        let clamp = |w: u128| usize::try_from(w.min(quota as u128)).unwrap_or(quota);
        let weights: Vec<usize> = prep.reduced.iter().map(|&w| clamp(w)).collect();
        let distinct = prep.distinct_reduced.iter().map(|&w| clamp(w)).collect();
        let mut sorted = weights.clone();
        sorted.sort_unstable();
        let mut lo = vec![0usize];
        for w in sorted {
            let next = lo[lo.len() - 1] + w;
            if next >= quota {
                break;
            }
            lo.push(next);
        }
        Some(Table {
            weights,
            distinct,
            quota,
            rows: lo.len(),
            lo,
            dual,
        })
    }

    fn entries(&self) -> u128 {
        self.rows as u128 * self.quota as u128
    }

    /// Counts by size and weight (`rows × quota`, row-major) in one plane.
    fn build<P: Plane>(&self, plane: &P) -> Vec<P::E> {
        let q = self.quota;
        let mut t = vec![P::ZERO; self.rows * q];
        t[0] = P::ONE;
        for (j, &w) in self.weights.iter().enumerate() {
            if w >= q || self.rows < 2 {
                continue;
            }
            for k in (0..=j.min(self.rows - 2)).rev() {
                let lo = self.lo[k];
                if lo + w >= q {
                    continue;
                }
                let (head, tail) = t.split_at_mut((k + 1) * q);
                let src = &head[k * q + lo..k * q + q - w];
                let dst = &mut tail[lo + w..q];
                for (d, &s) in dst.iter_mut().zip(src) {
                    *d = plane.add(*d, s);
                }
            }
        }
        t
    }

    /// Residues of: the number of losing coalitions, then for each distinct weight and
    /// each size `k < rows` the swings of one player of that weight.
    fn shapley_plane<P: Plane>(&self, plane: &P) -> Vec<u64> {
        let q = self.quota;
        let t = self.build(plane);
        let mut out = Vec::with_capacity(1 + self.distinct.len() * self.rows);
        let mut losing = P::ZERO;
        for k in 0..self.rows {
            for &x in &t[k * q + self.lo[k]..(k + 1) * q] {
                losing = plane.add(losing, x);
            }
        }
        out.push(plane.value(losing));
        let mut prev = vec![P::ZERO; q];
        let mut cur = vec![P::ZERO; q];
        for &w in &self.distinct {
            let mut prev_start = q;
            for k in 0..self.rows {
                // Row k is read by rows up to `rows − 1`, each reaching w further down.
                let reach = (self.rows - k).saturating_mul(w);
                let start = self.lo[k].max(q.saturating_sub(reach));
                cur[start..q].copy_from_slice(&t[k * q + start..(k + 1) * q]);
                let from = start.max(prev_start.saturating_add(w));
                if k > 0 && from < q {
                    for (c, &p) in cur[from..q].iter_mut().zip(&prev[from - w..q - w]) {
                        *c = plane.sub(*c, p);
                    }
                }
                let mut window = P::ZERO;
                for &x in &cur[start.max(q - w)..q] {
                    window = plane.add(window, x);
                }
                out.push(plane.value(window));
                std::mem::swap(&mut prev, &mut cur);
                prev_start = start;
            }
        }
        out
    }

    /// Residues of: the number of losing coalitions, then the swings of one player of
    /// each distinct weight.
    fn banzhaf_plane<P: Plane>(&self, plane: &P) -> Vec<u64> {
        let q = self.quota;
        let mut c = vec![P::ZERO; q];
        c[0] = P::ONE;
        let mut reach = 0usize;
        for &w in &self.weights {
            reach = reach.saturating_add(w).min(q - 1);
            for s in (w..=reach).rev() {
                c[s] = plane.add(c[s], c[s - w]);
            }
        }
        let mut out = Vec::with_capacity(1 + self.distinct.len());
        out.push(plane.value(c.iter().fold(P::ZERO, |a, &x| plane.add(a, x))));
        let mut without = vec![P::ZERO; q];
        for &w in &self.distinct {
            let mut window = P::ZERO;
            for s in 0..q {
                let x = if s >= w {
                    plane.sub(c[s], without[s - w])
                } else {
                    c[s]
                };
                without[s] = x;
                if s + w >= q {
                    window = plane.add(window, x);
                }
            }
            out.push(plane.value(window));
        }
        out
    }

    /// Runs `job` in every residue plane and joins the results exactly.
    fn exact<F64, F30>(&self, n: usize, job64: F64, job30: F30) -> Vec<BigUint>
    where
        F64: Fn(&Wrap64) -> Vec<u64> + Sync,
        F30: Fn(&Prime30) -> Vec<u64> + Sync,
    {
        // Every count is at most 2^n.
        let moduli = Moduli::for_bits(n as u64 + 1);
        let run = |i: usize| {
            if i == 0 {
                job64(&Wrap64)
            } else {
                job30(&Prime30(moduli.primes[i - 1]))
            }
        };
        let planes: Vec<Vec<u64>> = if self.entries() <= PARALLEL_TABLE {
            (0..moduli.planes()).into_par_iter().map(run).collect()
        } else {
            (0..moduli.planes()).map(run).collect()
        };
        let len = planes[0].len();
        let mut residues = vec![0u64; planes.len()];
        (0..len)
            .map(|i| {
                for (r, plane) in residues.iter_mut().zip(&planes) {
                    *r = plane[i];
                }
                moduli.combine(&residues)
            })
            .collect()
    }
}

/// How a weighted game is counted.
enum Method {
    /// Generating functions over sizes and weights.
    Table(Table),
    /// Enumeration of the counts of players per distinct weight.
    Enumerate,
}

fn choose(game: &WeightedGame, prep: &Prepared, per_player_work: u128) -> Result<Method> {
    let table = Table::new(prep);
    let vectors = prep
        .distinct
        .iter()
        .try_fold(1u128, |acc, &(_, m)| acc.checked_mul(m as u128 + 1))
        .unwrap_or(u128::MAX);
    let enumerate_work = vectors
        .saturating_mul(prep.distinct.len() as u128 + 1)
        .saturating_mul(64);
    match table {
        Some(t) if t.entries() <= MAX_TABLE => {
            let table_work = t.entries().saturating_mul(per_player_work.max(1));
            if vectors <= MAX_VECTORS && enumerate_work < table_work {
                Ok(Method::Enumerate)
            } else {
                Ok(Method::Table(t))
            }
        }
        _ if vectors <= MAX_VECTORS => Ok(Method::Enumerate),
        t => Err(Error::Runtime(format!(
            "{}: too large for an exact computation: a table of {} entries (limit {MAX_TABLE}) \
             or {vectors} weight-count vectors (limit {MAX_VECTORS}); use fewer distinct \
             weights or scale the weights and quota down",
            game.name,
            t.map_or_else(|| "more than 2^64".to_string(), |t| t.entries().to_string()),
        ))),
    }
}

/// Swing counts by size through enumeration of weight-count vectors.
fn enumerate(prep: &Prepared) -> SwingCounts {
    let sizes: Vec<usize> = prep.distinct.iter().map(|&(_, m)| m).collect();
    let weights = prep.distinct_reduced.clone();
    let quota = prep.quota;
    let wins = move |counts: &[usize]| {
        counts
            .iter()
            .zip(&weights)
            .map(|(&c, &w)| c as u128 * w)
            .sum::<u128>()
            >= quota
    };
    let (by_size, winning) = typed_counts(&sizes, &wins);
    SwingCounts {
        n: prep.n,
        types: type_names(prep).into_iter().zip(by_size).collect(),
        winning,
    }
}

fn type_names(prep: &Prepared) -> Vec<String> {
    prep.distinct
        .iter()
        .map(|(w, _)| format!("weight {w}"))
        .collect()
}

fn members(game: &WeightedGame, prep: &Prepared) -> Vec<(String, usize)> {
    game.players
        .iter()
        .zip(&prep.player_type)
        .map(|((code, _), &t)| (code.clone(), t))
        .collect()
}

/// Swing counts by size through the generating-function table.
fn table_counts(prep: &Prepared, table: &Table) -> SwingCounts {
    let n = prep.n;
    let values = table.exact(n, |p| table.shapley_plane(p), |p| table.shapley_plane(p));
    let rows = table.rows;
    let types = type_names(prep)
        .into_iter()
        .enumerate()
        .map(|(t, name)| {
            let mut by_size = vec![BigUint::zero(); n];
            for (k, v) in values[1 + t * rows..1 + (t + 1) * rows].iter().enumerate() {
                // In the dual game a swing of size k is the complement of one of size n−1−k.
                let size = if table.dual { n - 1 - k } else { k };
                by_size[size] = v.clone();
            }
            (name, by_size)
        })
        .collect();
    let losing = &values[0];
    let winning = if table.dual {
        losing.clone()
    } else {
        (BigUint::one() << n) - losing
    };
    SwingCounts { n, types, winning }
}

/// Exact Shapley–Shubik, Banzhaf and Coleman indices of a weighted game.
///
/// Players are reported in the order given; players of equal weight form one type
/// (`weight W`), and the per-type section lists the types heaviest first.
///
/// # Errors
/// [`Error::Input`] for an empty player list, a zero weight, a zero quota or a quota above
/// the total weight. [`Error::Runtime`] when the game is too large to count in memory
/// (more than 2^25 table entries and more than 2^26 weight-count vectors).
///
/// # Complexity
/// With `n` players, `d` distinct weights and `q = min(quota, total − quota + 1)` (after
/// dividing by the weights' common divisor): `O((n + d) · K · q)` word operations per
/// residue plane, `K ≤ n` the largest losing coalition size, with `⌈(n − 63)/29⌉ + 1`
/// planes, and `O(K · q)` words of memory per plane. A game with few distinct weights and
/// a large quota is counted by enumeration of the `∏ (m_j + 1)` vectors of counts per
/// weight instead.
///
/// # Example
/// ```
/// use veto_sim::power::{WeightedGame, weighted_power};
/// let game = WeightedGame {
///     name: "council".into(),
///     players: (0..15).map(|i| (format!("M{i}"), if i < 5 { 7 } else { 1 })).collect(),
///     quota: 39,
/// };
/// let report = weighted_power(&game)?;
/// assert_eq!(report.members[0].shapley_shubik.to_string(), "421/2145");
/// # Ok::<(), veto_sim::Error>(())
/// ```
pub fn weighted_power(game: &WeightedGame) -> Result<PowerReport> {
    let prep = validate(game)?;
    let n = prep.n;
    let sizes: Vec<usize> = prep.distinct.iter().map(|&(_, m)| m).collect();
    let counts = match choose(game, &prep, (n + prep.distinct.len()) as u128)? {
        Method::Enumerate => enumerate(&prep),
        Method::Table(table) => table_counts(&prep, &table),
    };
    Ok(assemble(&game.name, &counts, &members(game, &prep), &sizes))
}

/// Exact Banzhaf values of one player.
#[derive(Debug, Clone, PartialEq)]
pub struct BanzhafMember {
    /// The player's code.
    pub code: String,
    /// Number of losing coalitions the player turns into winning ones.
    pub swings: BigUint,
    /// swings / 2^(n−1).
    pub banzhaf_absolute: BigRational,
    /// swings / total swings of all players (0 if nobody ever swings).
    pub banzhaf_normalised: BigRational,
}

/// Exact Banzhaf indices of a weighted game, without the Shapley–Shubik index.
#[derive(Debug, Clone, PartialEq)]
pub struct BanzhafReport {
    /// The game's name.
    pub rule: String,
    /// Number of players.
    pub players: usize,
    /// Number of winning coalitions.
    pub winning_coalitions: BigUint,
    /// Coleman's power of the collectivity to act.
    pub coleman_act: BigRational,
    /// One entry per player, in the order given.
    pub members: Vec<BanzhafMember>,
}

/// Exact Banzhaf indices of a weighted game: the fast path when Shapley–Shubik values are
/// not needed.
///
/// # Errors
/// As [`weighted_power`].
///
/// # Complexity
/// `O((n + d) · q)` word operations per residue plane and `O(q)` words of memory, with
/// the notation of [`weighted_power`].
pub fn weighted_banzhaf(game: &WeightedGame) -> Result<BanzhafReport> {
    let prep = validate(game)?;
    let n = prep.n;
    let (swings, winning) = match choose(game, &prep, 0)? {
        Method::Table(table) => {
            let values = table.exact(n, |p| table.banzhaf_plane(p), |p| table.banzhaf_plane(p));
            let winning = if table.dual {
                values[0].clone()
            } else {
                (BigUint::one() << n) - &values[0]
            };
            (values[1..].to_vec(), winning)
        }
        Method::Enumerate => {
            let counts = enumerate(&prep);
            let swings = counts.types.iter().map(|(_, s)| s.iter().sum()).collect();
            (swings, counts.winning)
        }
    };
    let total: BigUint = swings
        .iter()
        .zip(&prep.distinct)
        .map(|(s, &(_, m))| s * m)
        .sum();
    let ratio = |a: &BigUint, b: &BigUint| {
        if b.is_zero() {
            BigRational::zero()
        } else {
            BigRational::new(BigInt::from(a.clone()), BigInt::from(b.clone()))
        }
    };
    let half = BigUint::one() << (n - 1);
    let members = game
        .players
        .iter()
        .zip(&prep.player_type)
        .map(|((code, _), &t)| BanzhafMember {
            code: code.clone(),
            swings: swings[t].clone(),
            banzhaf_absolute: ratio(&swings[t], &half),
            banzhaf_normalised: ratio(&swings[t], &total),
        })
        .collect();
    Ok(BanzhafReport {
        rule: game.name.clone(),
        players: n,
        coleman_act: ratio(&winning, &(BigUint::one() << n)),
        winning_coalitions: winning,
        members,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn game(weights: &[u64], quota: u64) -> WeightedGame {
        WeightedGame {
            name: "test".into(),
            players: weights
                .iter()
                .enumerate()
                .map(|(i, &w)| (format!("P{i}"), w))
                .collect(),
            quota,
        }
    }

    #[test]
    fn table_and_enumeration_agree() {
        for (weights, quota) in [
            (vec![4u64, 3, 3, 2, 1, 1], 8u64),
            (vec![4, 3, 3, 2, 1, 1], 3),
            (vec![10, 10, 5, 5, 5, 2, 2, 1], 21),
            (vec![6, 4, 2], 12),
            (vec![9, 1, 1, 1], 9),
        ] {
            let g = game(&weights, quota);
            let prep = validate(&g).unwrap();
            let sizes: Vec<usize> = prep.distinct.iter().map(|&(_, m)| m).collect();
            let table = Table::new(&prep).unwrap();
            let by_table = assemble(
                &g.name,
                &table_counts(&prep, &table),
                &members(&g, &prep),
                &sizes,
            );
            let by_enum = assemble(&g.name, &enumerate(&prep), &members(&g, &prep), &sizes);
            assert_eq!(weighted_power(&g).unwrap(), by_table);
            assert_eq!(by_table, by_enum, "{weights:?} quota {quota}");
            let bz = weighted_banzhaf(&g).unwrap();
            for (a, b) in bz.members.iter().zip(&by_table.members) {
                assert_eq!(a.swings, b.swings);
                assert_eq!(a.banzhaf_normalised, b.banzhaf_normalised);
            }
            assert_eq!(bz.winning_coalitions, by_table.winning_coalitions);
        }
    }

    #[test]
    fn table_is_exact_beyond_one_machine_word() {
        // 130 players: counts up to 2^130 need the 2^64 plane and three primes.
        let weights: Vec<u64> = (0..130).map(|i| [1, 2, 3][i % 3]).collect();
        for quota in [1u64, 60, 130, 200, 259] {
            let g = game(&weights, quota);
            let prep = validate(&g).unwrap();
            let table = Table::new(&prep).unwrap();
            let by_table = table_counts(&prep, &table);
            let by_enum = enumerate(&prep);
            assert_eq!(by_table.winning, by_enum.winning, "quota {quota}");
            for (a, b) in by_table.types.iter().zip(&by_enum.types) {
                assert_eq!(a, b, "quota {quota}");
            }
            let bz = table.exact(
                prep.n,
                |p| table.banzhaf_plane(p),
                |p| table.banzhaf_plane(p),
            );
            for (t, (_, by_size)) in by_enum.types.iter().enumerate() {
                assert_eq!(bz[1 + t], by_size.iter().sum::<BigUint>());
            }
        }
    }

    #[test]
    fn common_divisor_is_removed() {
        let a = weighted_power(&game(&[4, 2, 2], 5)).unwrap();
        let b = weighted_power(&game(&[2, 1, 1], 3)).unwrap();
        for (x, y) in a.members.iter().zip(&b.members) {
            assert_eq!(x.shapley_shubik, y.shapley_shubik);
            assert_eq!(x.swings, y.swings);
        }
    }

    #[test]
    fn bad_games_are_input_errors() {
        for (g, needle) in [
            (game(&[], 1), "empty"),
            (game(&[1, 0], 1), "positive integers"),
            (game(&[1, 2], 0), "quota 0"),
            (game(&[1, 2], 4), "larger than the total weight 3"),
        ] {
            let err = weighted_power(&g).unwrap_err();
            assert_eq!(err.exit_code(), 2);
            assert!(err.to_string().contains(needle), "{err}");
        }
    }

    #[test]
    fn huge_weights_fall_back_to_enumeration() {
        let g = game(&[u64::MAX / 3, u64::MAX / 3, 1 << 50], u64::MAX / 2);
        let r = weighted_power(&g).unwrap();
        assert_eq!(r.members[0].shapley_shubik.to_string(), "1/2");
        assert_eq!(r.members[2].shapley_shubik.to_string(), "0");
    }
}
