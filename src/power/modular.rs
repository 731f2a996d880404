//! Exact counting in machine words: residues modulo 2^64 and modulo primes just below
//! 2^30, joined into big integers by the Chinese remainder theorem (Garner's algorithm).
//!
//! The counting algorithms only add and subtract, so they run unchanged in any residue
//! ring. Each ring is a [`Plane`]; the caller picks enough planes that the product of the
//! moduli exceeds every true count, and the residues then determine the counts exactly.

use num_bigint::BigUint;
use num_traits::Zero;

/// A residue ring in which counts are added and subtracted.
pub(crate) trait Plane: Sync {
    /// The stored residue.
    type E: Copy + Send + Sync + PartialEq + std::fmt::Debug;
    /// Zero.
    const ZERO: Self::E;
    /// One.
    const ONE: Self::E;
    /// `a + b`.
    fn add(&self, a: Self::E, b: Self::E) -> Self::E;
    /// `a − b`.
    fn sub(&self, a: Self::E, b: Self::E) -> Self::E;
    /// The residue as an integer in `0..modulus`.
    fn value(&self, a: Self::E) -> u64;
}

/// Integers modulo 2^64 (wrapping arithmetic).
pub(crate) struct Wrap64;

impl Plane for Wrap64 {
    type E = u64;
    const ZERO: u64 = 0;
    const ONE: u64 = 1;
    #[inline(always)]
    fn add(&self, a: u64, b: u64) -> u64 {
        a.wrapping_add(b)
    }
    #[inline(always)]
    fn sub(&self, a: u64, b: u64) -> u64 {
        a.wrapping_sub(b)
    }
    fn value(&self, a: u64) -> u64 {
        a
    }
}

/// Integers modulo a prime `p < 2^30`, stored in `0..p`.
///
/// The branch-free reduction keeps the loops vectorisable: `a + b − p` lies in
/// `(−2^30, 2^30)`, so its sign bit tells whether `p` must be added back.
pub(crate) struct Prime30(pub u32);

impl Plane for Prime30 {
    type E = u32;
    const ZERO: u32 = 0;
    const ONE: u32 = 1;
    #[inline(always)]
    fn add(&self, a: u32, b: u32) -> u32 {
        let r = a.wrapping_add(b).wrapping_sub(self.0);
        r.wrapping_add((((r as i32) >> 31) as u32) & self.0)
    }
    #[inline(always)]
    fn sub(&self, a: u32, b: u32) -> u32 {
        let r = a.wrapping_sub(b);
        r.wrapping_add((((r as i32) >> 31) as u32) & self.0)
    }
    fn value(&self, a: u32) -> u64 {
        u64::from(a)
    }
}

/// `a^e mod m` for `m < 2^32`.
fn pow_mod(mut a: u64, mut e: u64, m: u64) -> u64 {
    let mut r = 1 % m;
    a %= m;
    while e > 0 {
        if e & 1 == 1 {
            r = r * a % m;
        }
        a = a * a % m;
        e >>= 1;
    }
    r
}

/// Deterministic Miller–Rabin for 32-bit numbers (bases 2, 7, 61 suffice).
fn is_prime(n: u32) -> bool {
    let n = u64::from(n);
    if n < 2 {
        return false;
    }
    for p in [2u64, 3, 5, 7, 11, 13, 61] {
        if n % p == 0 {
            return n == p;
        }
    }
    let (mut d, mut s) = (n - 1, 0);
    while d % 2 == 0 {
        d /= 2;
        s += 1;
    }
    'bases: for a in [2u64, 7, 61] {
        let mut x = pow_mod(a, d, n);
        if x == 1 || x == n - 1 {
            continue;
        }
        for _ in 1..s {
            x = x * x % n;
            if x == n - 1 {
                continue 'bases;
            }
        }
        return false;
    }
    true
}

/// The moduli for counts below `2^bits`: 2^64 and, if needed, the largest primes below
/// 2^30 (each contributes more than 29 bits).
pub(crate) struct Moduli {
    /// The primes after the 2^64 plane, descending from 2^30.
    pub primes: Vec<u32>,
    /// `inverse[j][i]` = (modulus i)^(−1) mod primes[j] for i ≤ j (modulus 0 is 2^64).
    inverse: Vec<Vec<u64>>,
}

impl Moduli {
    /// Enough moduli to represent every integer in `0..2^bits` exactly.
    pub fn for_bits(bits: u64) -> Self {
        let needed = bits.saturating_sub(64).div_ceil(29) as usize;
        let mut primes = Vec::with_capacity(needed);
        let mut candidate: u32 = (1 << 30) - 1;
        while primes.len() < needed {
            if is_prime(candidate) {
                primes.push(candidate);
            }
            candidate -= 2;
        }
        let inverse = primes
            .iter()
            .enumerate()
            .map(|(j, &p)| {
                let p = u64::from(p);
                (0..=j)
                    .map(|i| {
                        let m = if i == 0 {
                            // 2^64 mod p
                            ((1u128 << 64) % u128::from(p)) as u64
                        } else {
                            u64::from(primes[i - 1])
                        };
                        pow_mod(m, p - 2, p)
                    })
                    .collect()
            })
            .collect();
        Moduli { primes, inverse }
    }

    /// Number of planes (the 2^64 plane and the primes).
    pub fn planes(&self) -> usize {
        1 + self.primes.len()
    }

    /// The integer in `0..∏ moduli` with these residues (`residues[0]` mod 2^64,
    /// `residues[1 + j]` mod `primes[j]`).
    pub fn combine(&self, residues: &[u64]) -> BigUint {
        debug_assert_eq!(residues.len(), self.planes());
        // Mixed-radix digits: x = a0 + 2^64 (a1 + p1 (a2 + p2 (...))).
        let mut digits: Vec<u64> = Vec::with_capacity(residues.len());
        digits.push(residues[0]);
        for (j, &p) in self.primes.iter().enumerate() {
            let p = u64::from(p);
            let mut v = residues[j + 1] % p;
            for (i, &a) in digits.iter().enumerate() {
                v = (v + p - a % p) % p * self.inverse[j][i] % p;
            }
            digits.push(v);
        }
        if digits.iter().all(|&d| d == 0) {
            return BigUint::zero();
        }
        let mut x = BigUint::zero();
        for j in (1..digits.len()).rev() {
            x = x * self.primes[j - 1] + digits[j];
        }
        (x << 64u32) + digits[0]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use num_traits::One;

    #[test]
    fn primes_are_found_below_two_to_the_thirty() {
        let m = Moduli::for_bits(64 + 3 * 29);
        assert_eq!(m.primes.len(), 3);
        // 2^30 − 35 is the largest prime below 2^30.
        assert_eq!(m.primes[0], (1 << 30) - 35);
        assert!(m.primes.iter().all(|&p| is_prime(p)));
        assert!(!is_prime(1 << 29) && !is_prime(561) && is_prime(2_147_483_647));
    }

    #[test]
    fn crt_recovers_big_numbers() {
        let m = Moduli::for_bits(300);
        let x: BigUint = (BigUint::one() << 299u32) - 12345u32;
        let mut residues = vec![
            (&x % (BigUint::one() << 64u32))
                .to_u64_digits()
                .first()
                .copied()
                .unwrap_or(0),
        ];
        for &p in &m.primes {
            residues.push((&x % p).to_u64_digits().first().copied().unwrap_or(0));
        }
        assert_eq!(m.combine(&residues), x);
    }

    #[test]
    fn prime_plane_wraps() {
        let p = Prime30(13);
        assert_eq!(p.add(12, 5), 4);
        assert_eq!(p.sub(3, 5), 11);
        assert_eq!(p.add(6, 6), 12);
        assert_eq!(p.sub(7, 7), 0);
    }
}
