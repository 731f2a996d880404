//! A fast exact standard normal sampler: the ziggurat of Marsaglia and Tsang (2000), 128
//! layers, fed 32-bit words of `ChaCha8Rng`.
//!
//! Each draw takes one 32-bit word whose bits are used once: the top 7 bits pick the layer,
//! the next bit the sign and the low 24 bits the position within the layer, so the layer and
//! the value are independent (the flaw Doornik (2005) found in the original, which reused the
//! layer bits as value bits, does not arise). About 99% of draws return after one table
//! comparison; the wedges and the tail use exact rejection, so the output is a standard normal
//! up to the 24-bit resolution of the position within a layer.

use std::sync::LazyLock;

use rand::Rng;

const LAYERS: usize = 128;
/// 2^24: the range of the position within a layer.
const M: f64 = 16_777_216.0;
/// The start of the tail, `r`.
const R: f64 = 3.442_619_855_899;
/// The area of each layer, `v`.
const V: f64 = 9.912_563_035_262_17e-3;

/// The ziggurat's tables.
#[derive(Debug)]
pub struct Ziggurat {
    k: [u32; LAYERS],
    w: [f64; LAYERS],
    f: [f64; LAYERS],
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
        Ziggurat { k, w, f }
    }

    /// One standard normal draw.
    #[inline(always)]
    pub fn sample<G: Rng + ?Sized>(&self, rng: &mut G) -> f64 {
        loop {
            let u = rng.next_u32();
            let i = (u >> 25) as usize;
            let j = u & 0x00FF_FFFF;
            // Bit 24 of the word becomes the sign bit (63) of the result, without a branch.
            let sign = u64::from(u & 0x0100_0000) << 39;
            let x = f64::from(j) * self.w[i];
            if j < self.k[i] {
                return f64::from_bits(x.to_bits() ^ sign);
            }
            if let Some(x) = self.slow(rng, i, x) {
                return f64::from_bits(x.to_bits() ^ sign);
            }
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
        (y < (-0.5 * x * x).exp()).then_some(x)
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
    use crate::vote::phi;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

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
