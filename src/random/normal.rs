//! A fast exact standard normal sampler: the ziggurat of Marsaglia and Tsang (2000), 256
//! layers, fed 32-bit words of `ChaCha8Rng`.
//!
//! Each draw takes one 32-bit word whose bits are used once: the top 8 bits pick the layer,
//! the next bit the sign and the low 23 bits the position within the layer, so the layer and
//! the value are independent (the flaw Doornik (2005) found in the original, which reused the
//! layer bits as value bits, does not arise). About 98.5% of draws return after one table
//! comparison; the wedges and the tail use exact rejection, so the output is a standard normal
//! up to the 23-bit resolution of the position within a layer. In a wedge, the chord between
//! its corners decides most points without `exp`.

use std::sync::LazyLock;

use rand::Rng;

const LAYERS: usize = 256;
/// 2^23: the range of the position within a layer.
const M: f64 = 8_388_608.0;
/// The low 23 bits of a word: the position within the layer.
const POSITION: u32 = 0x007F_FFFF;
/// The bit after them: the sign.
const SIGN: u32 = 0x0080_0000;
/// The shift that takes the sign bit to the sign of an `f64`.
const SIGN_SHIFT: u32 = 40;
/// The shift that leaves the layer.
const LAYER_SHIFT: u32 = 24;
/// The start of the tail, `r` (Marsaglia and Tsang's value for 256 layers).
const R: f64 = 3.654_152_885_361_009;
/// The area of each layer, `v`.
const V: f64 = 4.928_673_233_99e-3;

/// The ziggurat's tables.
#[derive(Debug)]
pub struct Ziggurat {
    k: [u32; LAYERS],
    w: [f64; LAYERS],
    f: [f64; LAYERS],
    /// Per layer from 1: the chord of its wedge.
    wedge: [Wedge; LAYERS],
}

/// A margin above the rounding error of a chord's height (heights are at most 1).
const CHORD_ROUNDING: f64 = 1e-13;

/// The wedge of layer `i`, where a point `(x, y)` that failed the first test lies: `x` in
/// `[x_{i-1}, x_i]`, `y` in `[f(x_i), f(x_{i-1})]`, with `f(x) = exp(-x^2 / 2)`. Where `f`
/// is convex (`x >= 1`) it lies below the chord between the corners and at most `gap` under
/// it; where concave (`x <= 1`), above the chord and at most `gap` over it. Most points are
/// then decided without `exp`, and exactly as `exp` would decide them.
#[derive(Debug, Clone, Copy, Default)]
struct Wedge {
    /// `x_i`.
    right: f64,
    /// The chord's height is `f(x_i) + slope * (x_i - x)`.
    slope: f64,
    /// At least the largest distance between `f` and the chord on the layer.
    gap: f64,
    /// Convex, concave, or neither (the layer holding `x = 1`: always `exp`).
    shape: Shape,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
enum Shape {
    Convex,
    Concave,
    #[default]
    Mixed,
}

impl Wedge {
    /// The wedge between `left` and `right`, with heights `f(left)` and `f(right)`.
    fn new(left: f64, right: f64, f_left: f64, f_right: f64) -> Wedge {
        let density = |x: f64| (-0.5 * x * x).exp();
        let slope = (f_left - f_right) / (right - left);
        let shape = match (left >= 1.0, right <= 1.0) {
            (true, _) => Shape::Convex,
            (_, true) => Shape::Concave,
            _ => Shape::Mixed,
        };
        // The distance is largest where the density's slope, -x f(x), equals the chord's;
        // x f(x) is monotone on either side of 1, so bisection finds that point.
        let (mut lo, mut hi) = (left, right);
        for _ in 0..200 {
            let mid = 0.5 * (lo + hi);
            let steeper = mid * density(mid) > slope;
            if steeper == (shape == Shape::Concave) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        let x = 0.5 * (lo + hi);
        let chord = f_right + slope * (right - x);
        Wedge {
            right,
            slope,
            gap: (density(x) - chord).abs() * (1.0 + 1e-6) + CHORD_ROUNDING,
            shape,
        }
    }
}

/// The tables, built once.
pub static ZIGGURAT: LazyLock<Ziggurat> = LazyLock::new(Ziggurat::new);

impl Ziggurat {
    fn new() -> Ziggurat {
        let mut k = [0u32; LAYERS];
        let mut w = [0f64; LAYERS];
        let mut f = [0f64; LAYERS];
        let mut dn = R;
        let mut tn = dn;
        let q = V / (-0.5 * dn * dn).exp();
        k[0] = ((dn / q) * M) as u32;
        k[1] = 0;
        w[0] = q / M;
        w[LAYERS - 1] = dn / M;
        f[0] = 1.0;
        f[LAYERS - 1] = (-0.5 * dn * dn).exp();
        for i in (1..LAYERS - 1).rev() {
            dn = (-2.0 * (V / dn + (-0.5 * dn * dn).exp()).ln()).sqrt();
            k[i + 1] = ((dn / tn) * M) as u32;
            tn = dn;
            f[i] = (-0.5 * dn * dn).exp();
            w[i] = dn / M;
        }
        let mut wedge = [Wedge::default(); LAYERS];
        for i in 1..LAYERS {
            let left = if i == 1 { 0.0 } else { w[i - 1] * M };
            wedge[i] = Wedge::new(left, w[i] * M, f[i - 1], f[i]);
        }
        Ziggurat { k, w, f, wedge }
    }

    /// One standard normal draw.
    #[inline(always)]
    pub fn sample<G: Rng + ?Sized>(&self, rng: &mut G) -> f64 {
        loop {
            let u = rng.next_u32();
            let i = (u >> LAYER_SHIFT) as usize;
            let j = u & POSITION;
            // The word's sign bit becomes the sign bit (63) of the result, without a branch.
            let sign = u64::from(u & SIGN) << SIGN_SHIFT;
            let x = f64::from(j) * self.w[i];
            if j < self.k[i] {
                return f64::from_bits(x.to_bits() ^ sign);
            }
            if let Some(x) = self.slow(rng, i, x) {
                return f64::from_bits(x.to_bits() ^ sign);
            }
        }
    }

    /// The ziggurat's first test on each of `words` (at most 64): `out[i]` is the normal draw
    /// of word `i` when it passes, and bit `i` of the result is set when it does not, in which
    /// case [`Ziggurat::finish`] completes the draw from further words. Together they draw
    /// exactly as [`Ziggurat::sample`] does for each word, the further words taken in order
    /// after the whole run.
    #[inline(always)]
    pub fn first_test(&self, words: &[u32], out: &mut [f64]) -> u64 {
        debug_assert!(words.len() <= 64 && out.len() >= words.len());
        let mut rejected = 0u64;
        for (n, (&u, z)) in words.iter().zip(out.iter_mut()).enumerate() {
            let (x, pass) = self.layer_point(u);
            *z = x;
            rejected |= u64::from(!pass) << n;
        }
        rejected
    }

    /// The signed point a word picks in its layer, and whether it passes the first test.
    #[inline(always)]
    fn layer_point(&self, u: u32) -> (f64, bool) {
        let i = (u >> LAYER_SHIFT) as usize;
        let j = u & POSITION;
        let sign = u64::from(u & SIGN) << SIGN_SHIFT;
        let x = f64::from(j) * self.w[i];
        (f64::from_bits(x.to_bits() ^ sign), j < self.k[i])
    }

    /// Completes the draw of a word that failed the first test, from further words of `rng`.
    #[cold]
    #[inline(never)]
    pub fn finish<G: Rng + ?Sized>(&self, u: u32, rng: &mut G) -> f64 {
        let i = (u >> LAYER_SHIFT) as usize;
        let j = u & POSITION;
        let sign = u64::from(u & SIGN) << SIGN_SHIFT;
        let x = f64::from(j) * self.w[i];
        match self.slow(rng, i, x) {
            Some(x) => f64::from_bits(x.to_bits() ^ sign),
            None => self.sample(rng),
        }
    }

    #[cold]
    #[inline(never)]
    fn slow<G: Rng + ?Sized>(&self, rng: &mut G, i: usize, x: f64) -> Option<f64> {
        if i == 0 {
            // The tail beyond r (Marsaglia 1964).
            loop {
                let a = -open01(rng).ln() / R;
                let b = -open01(rng).ln();
                if b + b >= a * a {
                    return Some(R + a);
                }
            }
        }
        let y = self.f[i] + open01(rng) * (self.f[i - 1] - self.f[i]);
        self.wedge_accepts(i, x, y).then_some(x)
    }

    /// Whether `(x, y)` in layer `i`'s wedge lies under the density: `y < exp(-x^2 / 2)`,
    /// decided by the chord where the distance allows ([`Wedge`]). A point a little left of
    /// the wedge (the first test's rounding) lies where `f` is above `y`, and the chord
    /// decides it as `exp` would: convex `f` is above its chord outside it, concave `f` is
    /// below its chord, and `y` is below both.
    #[inline(always)]
    fn wedge_accepts(&self, i: usize, x: f64, y: f64) -> bool {
        let w = &self.wedge[i];
        let chord = self.f[i] + w.slope * (w.right - x);
        match w.shape {
            Shape::Convex if y >= chord + CHORD_ROUNDING => return false,
            Shape::Convex if y < chord - w.gap - CHORD_ROUNDING => return true,
            Shape::Concave if y < chord - CHORD_ROUNDING => return true,
            Shape::Concave if y >= chord + w.gap + CHORD_ROUNDING => return false,
            _ => {}
        }
        y < (-0.5 * x * x).exp()
    }
}

/// A uniform draw in the open interval (0, 1) from one 32-bit word.
#[inline(always)]
pub fn open01<G: Rng + ?Sized>(rng: &mut G) -> f64 {
    (f64::from(rng.next_u32()) + 0.5) * (1.0 / 4_294_967_296.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The standard normal distribution function.
    fn phi(x: f64) -> f64 {
        0.5 * statrs::function::erf::erfc(-x / std::f64::consts::SQRT_2)
    }
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;
    use std::convert::Infallible;

    /// Given words first, then a generator's.
    struct Script<'a> {
        words: &'a [u32],
        rest: ChaCha8Rng,
    }

    impl rand::TryRng for Script<'_> {
        type Error = Infallible;
        fn try_next_u32(&mut self) -> Result<u32, Infallible> {
            Ok(match self.words.split_first() {
                Some((&w, rest)) => {
                    self.words = rest;
                    w
                }
                None => self.rest.next_u32(),
            })
        }
        fn try_next_u64(&mut self) -> Result<u64, Infallible> {
            let low = u64::from(self.next_u32());
            Ok((u64::from(self.next_u32()) << 32) | low)
        }
        fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
            dst.iter_mut().for_each(|b| *b = self.next_u32() as u8);
            Ok(())
        }
    }

    #[test]
    fn the_first_test_and_finish_draw_as_sample_does() {
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let (mut passed, mut failed) = (0, 0);
        for _ in 0..200_000 {
            let u = rng.next_u32();
            let mut z = [0.0];
            let rejected = ZIGGURAT.first_test(&[u], &mut z);
            let seed = rng.next_u64();
            let mut script = Script {
                words: &[u],
                rest: ChaCha8Rng::seed_from_u64(seed),
            };
            let want = ZIGGURAT.sample(&mut script);
            let got = if rejected == 0 {
                passed += 1;
                z[0]
            } else {
                failed += 1;
                ZIGGURAT.finish(u, &mut ChaCha8Rng::seed_from_u64(seed))
            };
            assert_eq!(got.to_bits(), want.to_bits());
        }
        // About 1.5% of words fail the first test with 256 layers.
        assert!(
            failed > 2_000 && failed < 4_000 && passed > 190_000,
            "{failed}"
        );
    }

    #[test]
    fn wedge_chords_decide_as_the_density_does() {
        use rand::RngExt;
        let z = &*ZIGGURAT;
        let mut rng = ChaCha8Rng::seed_from_u64(12);
        let mut decided_by_exp = 0;
        let points = 4_000;
        for i in 1..LAYERS {
            let w = &z.wedge[i];
            let left = if i == 1 { 0.0 } else { z.w[i - 1] * M };
            // The largest distance between the density and the chord is within the gap
            // (the layer holding x = 1 always uses `exp`).
            for s in 0..=1_000 * usize::from(w.shape != Shape::Mixed) {
                let x = left + (w.right - left) * s as f64 / 1_000.0;
                let chord = z.f[i] + w.slope * (w.right - x);
                assert!(((-0.5 * x * x).exp() - chord).abs() <= w.gap, "layer {i}");
            }
            for n in 0..points {
                // From a little left of the wedge (the first test's rounding) to its right
                // edge; some heights right at the density.
                let x = left - z.w[i] + (w.right - left + z.w[i]) * rng.random::<f64>();
                let x = x.max(0.0);
                let density = (-0.5 * x * x).exp();
                let y = match n % 4 {
                    0 => density,
                    1 => f64::from_bits(density.to_bits() - 1),
                    _ => -1.0,
                };
                // Heights are drawn within the layer.
                let y = if (z.f[i]..=z.f[i - 1]).contains(&y) {
                    y
                } else {
                    z.f[i] + rng.random::<f64>() * (z.f[i - 1] - z.f[i])
                };
                assert_eq!(
                    z.wedge_accepts(i, x, y),
                    y < density,
                    "layer {i}, x {x}, y {y}"
                );
                let chord = z.f[i] + w.slope * (w.right - x);
                if n % 4 >= 2 {
                    decided_by_exp += usize::from((y - chord).abs() <= w.gap + CHORD_ROUNDING);
                }
            }
        }
        // The chords spare `exp` for all but a few of the points drawn across the layers.
        assert!(decided_by_exp < (LAYERS - 1) * points / 2 / 20);
    }

    #[test]
    fn ziggurat_matches_the_normal_distribution() {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        let n = 2_000_000;
        let cuts = [-3.0, -2.0, -1.0, -0.5, 0.0, 0.3, 1.0, 2.0, 3.5];
        let mut below = [0u64; 9];
        let (mut s1, mut s2) = (0.0, 0.0);
        for _ in 0..n {
            let x = ZIGGURAT.sample(&mut rng);
            s1 += x;
            s2 += x * x;
            for (c, b) in cuts.iter().zip(below.iter_mut()) {
                *b += u64::from(x <= *c);
            }
        }
        let nf = n as f64;
        assert!((s1 / nf).abs() < 4.0 / nf.sqrt());
        assert!((s2 / nf - 1.0).abs() < 4.0 * 2f64.sqrt() / nf.sqrt());
        for (c, b) in cuts.iter().zip(below) {
            let p = phi(*c);
            let se = (p * (1.0 - p) / nf).sqrt();
            let got = b as f64 / nf;
            assert!(
                (got - p).abs() < 4.5 * se,
                "P(X <= {c}) = {got}, expected {p}"
            );
        }
    }
}
