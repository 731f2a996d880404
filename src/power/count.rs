//! From swing counts to indices.
//!
//! Both algorithms reduce a game to the same numbers: for each member type, how many
//! swings one member of the type has among the coalitions of each size, and how many
//! coalitions win. This module turns those counts into exact fractions.

use num_bigint::{BigInt, BigUint};
use num_rational::BigRational;
use num_traits::{One, Zero};

use super::{MemberPower, PowerReport, TypePower, YES_NO};

/// The counts that determine every index of a game.
pub(crate) struct SwingCounts {
    /// Number of players.
    pub n: usize,
    /// Per type: its name and the swings of one member by the size of the coalition
    /// joined (index `k` = coalitions of `k` other members; missing sizes count as 0).
    pub types: Vec<(String, Vec<BigUint>)>,
    /// Number of winning coalitions.
    pub winning: BigUint,
}

/// `a / b` as a reduced fraction, or 0 when `b` is 0.
fn ratio(a: &BigUint, b: &BigUint) -> BigRational {
    if b.is_zero() {
        return BigRational::zero();
    }
    BigRational::new(BigInt::from(a.clone()), BigInt::from(b.clone()))
}

/// `k!·(n−1−k)!` for `k` in `0..n`, built by exact updates from `(n−1)!`.
fn size_weights(n: usize) -> Vec<BigUint> {
    if n == 0 {
        return Vec::new();
    }
    let mut weights = Vec::with_capacity(n);
    let mut f: BigUint = (1..n).fold(BigUint::one(), |acc, i| acc * i);
    for k in 0..n {
        weights.push(f.clone());
        if k + 1 < n {
            f = f * (k + 1) / (n - 1 - k);
        }
    }
    weights
}

/// Builds the report.
///
/// `members` lists each member's code and type index, in report order; `sizes[t]` is the
/// number of members of type `t`.
pub(crate) fn assemble(
    rule: &str,
    counts: &SwingCounts,
    members: &[(String, usize)],
    sizes: &[usize],
) -> PowerReport {
    let n = counts.n;
    let all = BigUint::one() << n;
    let half = if n == 0 {
        BigUint::one()
    } else {
        BigUint::one() << (n - 1)
    };
    let losing = &all - (&counts.winning).min(&all);
    let weights = size_weights(n);
    let n_factorial: BigUint = weights.first().cloned().unwrap_or_else(BigUint::one) * n.max(1);

    let swings: Vec<BigUint> = counts
        .types
        .iter()
        .map(|(_, by_size)| by_size.iter().sum())
        .collect();
    let total_swings: BigUint = swings.iter().zip(sizes).map(|(s, &size)| s * size).sum();

    let types: Vec<TypePower> = counts
        .types
        .iter()
        .zip(&swings)
        .zip(sizes)
        .map(|(((name, by_size), swings), &size)| {
            let ss_numerator: BigUint = by_size
                .iter()
                .zip(&weights)
                .filter(|(c, _)| !c.is_zero())
                .map(|(c, w)| c * w)
                .sum();
            let shapley_shubik = ratio(&ss_numerator, &n_factorial);
            let banzhaf_normalised = ratio(swings, &total_swings);
            let size_big = BigRational::from_integer(BigInt::from(size));
            TypePower {
                member_type: name.clone(),
                size,
                shapley_shubik_total: &shapley_shubik * &size_big,
                banzhaf_normalised_total: &banzhaf_normalised * &size_big,
                shapley_shubik,
                banzhaf_absolute: ratio(swings, &half),
                banzhaf_normalised,
                swings: swings.clone(),
                coleman_prevent: ratio(swings, &counts.winning),
                coleman_initiate: ratio(swings, &losing),
            }
        })
        .collect();

    let members = members
        .iter()
        .map(|(code, t)| {
            let tp = &types[*t];
            MemberPower {
                code: code.clone(),
                member_type: tp.member_type.clone(),
                shapley_shubik: tp.shapley_shubik.clone(),
                banzhaf_absolute: tp.banzhaf_absolute.clone(),
                banzhaf_normalised: tp.banzhaf_normalised.clone(),
                swings: tp.swings.clone(),
                coleman_prevent: tp.coleman_prevent.clone(),
                coleman_initiate: tp.coleman_initiate.clone(),
            }
        })
        .collect();

    PowerReport {
        rule: rule.to_string(),
        convention: YES_NO,
        members,
        types,
        coleman_act: ratio(&counts.winning, &all),
        winning_coalitions: counts.winning.clone(),
        players: n,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn size_weights_are_factorial_products() {
        let w = size_weights(5);
        let got: Vec<u64> = w
            .iter()
            .map(|x| x.to_u64_digits().first().copied().unwrap_or(0))
            .collect();
        // k!(4-k)! for k = 0..5
        assert_eq!(got, vec![24, 6, 4, 6, 24]);
    }

    #[test]
    fn zero_denominator_gives_zero() {
        assert_eq!(
            ratio(&BigUint::zero(), &BigUint::zero()),
            BigRational::zero()
        );
    }
}
