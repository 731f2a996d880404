//! Type-count enumeration: exact indices for any monotone rule over a few member types.
//!
//! Members of one type are interchangeable, so a coalition matters only through its vector
//! of counts per type. There are `∏ (n_t + 1)` such vectors, and the vector `c` stands for
//! `∏ C(n_t, c_t)` coalitions. A member of type `t` swings for a losing vector `c` when
//! `c + e_t` wins; the coalitions of the other members with counts `c` number
//! `C(n_t − 1, c_t) · ∏_{u≠t} C(n_u, c_u)`.

use num_bigint::BigUint;
use num_traits::{One, Zero};

use super::count::{SwingCounts, assemble};
use super::{PowerReport, TypedGame};

/// Row `n` of Pascal's triangle.
fn binomial_row(n: usize) -> Vec<BigUint> {
    let mut row = Vec::with_capacity(n + 1);
    let mut c = BigUint::one();
    for k in 0..=n {
        row.push(c.clone());
        if k < n {
            c = c * (n - k) / (k + 1);
        }
    }
    row
}

/// Swing counts by coalition size for a game over types of the given sizes.
///
/// `wins` is called with a slice of one count per type.
pub(crate) fn typed_counts(
    sizes: &[usize],
    wins: &dyn Fn(&[usize]) -> bool,
) -> (Vec<Vec<BigUint>>, BigUint) {
    let n: usize = sizes.iter().sum();
    let m = sizes.len();
    let full: Vec<Vec<BigUint>> = sizes.iter().map(|&s| binomial_row(s)).collect();
    let less_one: Vec<Vec<BigUint>> = sizes
        .iter()
        .map(|&s| {
            if s == 0 {
                Vec::new()
            } else {
                binomial_row(s - 1)
            }
        })
        .collect();
    let mut by_size: Vec<Vec<BigUint>> = vec![vec![BigUint::zero(); n]; m];
    let mut winning = BigUint::zero();
    let mut counts = vec![0usize; m];
    let mut total = 0usize;
    loop {
        if wins(&counts) {
            let product: BigUint = (0..m).map(|u| &full[u][counts[u]]).product();
            winning += product;
        } else {
            for t in 0..m {
                if counts[t] == sizes[t] {
                    continue;
                }
                counts[t] += 1;
                let swing = wins(&counts);
                counts[t] -= 1;
                if swing {
                    let mut product = less_one[t][counts[t]].clone();
                    for u in (0..m).filter(|&u| u != t) {
                        product *= &full[u][counts[u]];
                    }
                    by_size[t][total] += product;
                }
            }
        }
        // Next count vector (odometer, last type fastest).
        let mut t = m;
        loop {
            if t == 0 {
                return (by_size, winning);
            }
            t -= 1;
            if counts[t] < sizes[t] {
                counts[t] += 1;
                total += 1;
                break;
            }
            total -= counts[t];
            counts[t] = 0;
        }
    }
}

/// Exact Shapley–Shubik, Banzhaf and Coleman indices of a typed game.
///
/// Members are reported type by type, in the order of `game.types` and of each type's
/// member list. The rule must be monotone; for a rule that is not, the counts still follow
/// the definitions (a swing is a losing coalition that a member's yes turns into a winning
/// one) but the indices lose their usual meaning.
///
/// # Complexity
/// `O(∏ (n_t + 1) · m)` calls of `wins` for `m` types of `n_t` members, plus big-integer
/// products of binomial coefficients; the present Security Council (2 types) takes 66
/// count vectors.
///
/// # Example
/// ```
/// use veto_sim::power::{MemberType, TypedGame, typed_power};
/// let permanent = MemberType::new("permanent", ["CHN", "FRA", "GBR", "RUS", "USA"]);
/// let elected = MemberType::new("elected", (1..=10).map(|i| format!("E{i}")));
/// let game = TypedGame::new("present", vec![permanent, elected],
///     |c: &[usize]| c[0] == 5 && c[0] + c[1] >= 9);
/// let report = typed_power(&game);
/// assert_eq!(report.types[0].shapley_shubik.to_string(), "421/2145");
/// assert_eq!(report.coleman_act.to_string(), "53/2048");
/// ```
pub fn typed_power(game: &TypedGame) -> PowerReport {
    let sizes: Vec<usize> = game.types.iter().map(|t| t.members.len()).collect();
    let (by_size, winning) = typed_counts(&sizes, game.wins.as_ref());
    let counts = SwingCounts {
        n: sizes.iter().sum(),
        types: game
            .types
            .iter()
            .map(|t| t.name.clone())
            .zip(by_size)
            .collect(),
        winning,
    };
    let members: Vec<(String, usize)> = game
        .types
        .iter()
        .enumerate()
        .flat_map(|(i, t)| t.members.iter().map(move |code| (code.clone(), i)))
        .collect();
    assemble(&game.name, &counts, &members, &sizes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::power::MemberType;

    #[test]
    fn binomial_rows() {
        let row: Vec<String> = binomial_row(5).iter().map(|c| c.to_string()).collect();
        assert_eq!(row, ["1", "5", "10", "10", "5", "1"]);
    }

    #[test]
    fn dictator_has_all_power() {
        let game = TypedGame::new(
            "dictator",
            vec![
                MemberType::new("d", ["D"]),
                MemberType::new("other", ["X", "Y"]),
            ],
            |c: &[usize]| c[0] == 1,
        );
        let r = typed_power(&game);
        assert_eq!(r.members[0].shapley_shubik.to_string(), "1");
        assert_eq!(r.members[1].shapley_shubik.to_string(), "0");
        assert_eq!(r.coleman_act.to_string(), "1/2");
        assert_eq!(r.members[0].coleman_prevent.to_string(), "1");
        assert_eq!(r.members[0].coleman_initiate.to_string(), "1");
    }

    #[test]
    fn game_where_nothing_wins_has_zero_everywhere() {
        let game = TypedGame::new(
            "never",
            vec![MemberType::new("m", ["A", "B"])],
            |_: &[usize]| false,
        );
        let r = typed_power(&game);
        assert_eq!(r.winning_coalitions, BigUint::zero());
        for m in &r.members {
            assert!(m.swings.is_zero());
            assert_eq!(m.coleman_prevent.to_string(), "0");
            assert_eq!(m.banzhaf_normalised.to_string(), "0");
        }
    }
}
