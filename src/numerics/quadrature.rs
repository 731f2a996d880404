//! Quadrature: expectations over a normal variable by Gauss–Hermite rules and adaptive
//! Simpson, and integrals by adaptive Gauss–Kronrod (7, 15).

use super::phi;

/// Gauss–Hermite nodes and weights for expectations over a standard normal variable:
/// `E f(Z) ~ sum_k w_k f(z_k)`.
#[derive(Debug, Clone, PartialEq)]
pub struct GaussHermite {
    /// The nodes `z_k`.
    pub nodes: Vec<f64>,
    /// The weights `w_k` (they sum to 1).
    pub weights: Vec<f64>,
}

impl GaussHermite {
    /// The `n`-point rule, computed by Newton's method on the orthonormal Hermite polynomials
    /// (Press et al., Numerical Recipes, `gauher`), rescaled from the weight `exp(-x^2)` to the
    /// standard normal density.
    ///
    /// # Panics
    /// If `n` is 0.
    ///
    /// ```
    /// let gh = veto_sim::numerics::GaussHermite::new(20);
    /// let fourth: f64 = gh.nodes.iter().zip(&gh.weights).map(|(z, w)| w * z.powi(4)).sum();
    /// assert!((fourth - 3.0).abs() < 1e-10);
    /// ```
    pub fn new(n: usize) -> GaussHermite {
        assert!(n > 0, "a quadrature rule needs at least one node");
        let pim4 = std::f64::consts::PI.powf(-0.25);
        let nf = n as f64;
        let mut x = vec![0.0; n];
        let mut w = vec![0.0; n];
        let m = n.div_ceil(2);
        let mut z = 0.0f64;
        for i in 0..m {
            z = match i {
                0 => (2.0 * nf + 1.0).sqrt() - 1.85575 * (2.0 * nf + 1.0).powf(-0.16667),
                1 => z - 1.14 * nf.powf(0.426) / z,
                2 => 1.86 * z - 0.86 * x[0],
                3 => 1.91 * z - 0.91 * x[1],
                _ => 2.0 * z - x[i - 2],
            };
            let mut pp = 0.0;
            for _ in 0..100 {
                let (mut p1, mut p2) = (pim4, 0.0);
                for j in 1..=n {
                    let p3 = p2;
                    p2 = p1;
                    let jf = j as f64;
                    p1 = z * (2.0 / jf).sqrt() * p2 - ((jf - 1.0) / jf).sqrt() * p3;
                }
                pp = (2.0 * nf).sqrt() * p2;
                let z1 = z;
                z = z1 - p1 / pp;
                if (z - z1).abs() <= 1e-14 * z.abs().max(1.0) {
                    break;
                }
            }
            x[i] = z;
            x[n - 1 - i] = -z;
            w[i] = 2.0 / (pp * pp);
            w[n - 1 - i] = w[i];
        }
        let sqrt_pi = std::f64::consts::PI.sqrt();
        GaussHermite {
            nodes: x
                .iter()
                .rev()
                .map(|v| v * std::f64::consts::SQRT_2)
                .collect(),
            weights: w.iter().rev().map(|v| v / sqrt_pi).collect(),
        }
    }

    /// `E f(sigma * Z)`; just `f(0)` when `sigma` is 0.
    pub fn expect(&self, sigma: f64, mut f: impl FnMut(f64) -> f64) -> f64 {
        if sigma == 0.0 {
            return f(0.0);
        }
        self.nodes
            .iter()
            .zip(&self.weights)
            .map(|(z, w)| w * f(sigma * z))
            .sum()
    }
}

/// `E f(sigma * Z)` by adaptive Simpson quadrature over `u = Phi(Z)` in (0, 1), to an absolute
/// error of about `tolerance`, starting from eight equal panels of `u`.
///
/// In `u` the density is uniform, so the panels refined are those where `f` changes (a steep
/// Council verdict, say), not those where the density is large.
///
/// ```
/// use veto_sim::numerics::{expect_adaptive, phi};
/// // E Phi(a + sigma Z) = Phi(a / sqrt(1 + sigma^2)), here with a steep Phi(4 (x - 0.3)).
/// let got = expect_adaptive(1.0, 1e-9, |z| phi(4.0 * (z - 0.3)));
/// assert!((got - phi(-1.2 / 17f64.sqrt())).abs() < 1e-8);
/// ```
pub fn expect_adaptive(sigma: f64, tolerance: f64, mut f: impl FnMut(f64) -> f64) -> f64 {
    if sigma == 0.0 {
        return f(0.0);
    }
    // The ends map to +-8.2 sigma, beyond which the normal mass is below 1e-16.
    const EDGE: f64 = 1e-16;
    let mut at = |u: f64| {
        let u = u.clamp(EDGE, 1.0 - EDGE);
        f(-sigma * std::f64::consts::SQRT_2 * statrs::function::erf::erfc_inv(2.0 * u))
    };
    const PANELS: usize = 8;
    let bounds: Vec<f64> = (0..=PANELS).map(|k| k as f64 / PANELS as f64).collect();
    let tolerance = tolerance / (bounds.len() - 1) as f64;
    let mut fa = at(bounds[0]);
    let mut total = 0.0;
    for pair in bounds.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let (fm, fb) = (at(0.5 * (a + b)), at(b));
        let whole = (b - a) / 6.0 * (fa + 4.0 * fm + fb);
        total += simpson(&mut at, (a, b), (fa, fm, fb), whole, tolerance, 40);
        fa = fb;
    }
    total
}

/// One adaptive Simpson step on `[a, b]` (Lyness's criterion with Richardson's correction).
///
/// The tolerance is not halved on the way down: at a step the error of a panel halves with its
/// width, so halving the tolerance too would bisect to the depth limit.
fn simpson(
    f: &mut impl FnMut(f64) -> f64,
    (a, b): (f64, f64),
    (fa, fm, fb): (f64, f64, f64),
    whole: f64,
    tolerance: f64,
    depth: u32,
) -> f64 {
    let m = 0.5 * (a + b);
    let (lm, rm) = (0.5 * (a + m), 0.5 * (m + b));
    let (flm, frm) = (f(lm), f(rm));
    let left = (m - a) / 6.0 * (fa + 4.0 * flm + fm);
    let right = (b - m) / 6.0 * (fm + 4.0 * frm + fb);
    let delta = left + right - whole;
    if depth == 0 || delta.abs() <= 15.0 * tolerance {
        return left + right + delta / 15.0;
    }
    simpson(f, (a, m), (fa, flm, fm), left, tolerance, depth - 1)
        + simpson(f, (m, b), (fm, frm, fb), right, tolerance, depth - 1)
}

/// The absolute error aimed at by each Gauss–Kronrod integral of [`normal_integral`] (the
/// exact path allows the interpolated tails' contribution to an override's span the same).
pub const GK_TOLERANCE: f64 = 1e-9;

/// The integral of `f` times the normal density with standard deviation `sigma` over
/// `[lo, hi]`, by adaptive Gauss–Kronrod quadrature over `u = Phi(eta / tau)`, `tau = 3 sigma`,
/// where the integrand is `f` times the ratio of the two normal densities, a smooth bell.
///
/// In `eta` the density's bell takes many panels to resolve; over `Phi(eta / sigma)` it is
/// flat, but the ends of the reach lie within 1e-16 of 0 and 1, where that map is singular, and
/// a Council's verdict that still changes out there (a small `sigma`) takes as many panels
/// there. The wider normal's map keeps the reach (8.2 sigma) inside `(0.003, 0.997)`.
pub fn normal_integral(f: &mut dyn FnMut(f64) -> f64, sigma: f64, (lo, hi): (f64, f64)) -> f64 {
    const WIDER: f64 = 3.0;
    let tau = WIDER * sigma;
    let mut over_u = |u: f64| {
        let eta = -tau * std::f64::consts::SQRT_2 * statrs::function::erf::erfc_inv(2.0 * u);
        let z = eta / sigma;
        WIDER * (-0.5 * z * z * (1.0 - 1.0 / (WIDER * WIDER))).exp() * f(eta)
    };
    gauss_kronrod(&mut over_u, phi(lo / tau), phi(hi / tau), 1, GK_TOLERANCE)
}

/// `integral of f over [a, b]` by adaptive Gauss–Kronrod (7, 15) quadrature, starting from
/// `first` equal panels and halving the panel with the largest error estimate until the
/// estimates add up to at most `tolerance` (QUADPACK's `qag` strategy: a panel whose error is
/// already negligible, such as one where the integrand is tiny, is left alone). The estimate
/// is QUADPACK's (Piessens et al. 1983, `qk15`): the difference between the 7- and 15-point
/// results, scaled down as `(200 d / s)^1.5 s` where `s` measures how much `f` varies on the
/// panel, because the 15-point result kept is far closer than the 7-point one the difference
/// bounds.
pub fn gauss_kronrod(
    f: &mut dyn FnMut(f64) -> f64,
    a: f64,
    b: f64,
    first: usize,
    tolerance: f64,
) -> f64 {
    // (lo, hi, depth, value, error estimate)
    let mut panels: Vec<(f64, f64, u32, f64, f64)> = (0..first)
        .map(|k| {
            let at = |i: usize| a + (b - a) * i as f64 / first as f64;
            let (lo, hi) = (at(k), at(k + 1));
            let (value, error) = kronrod_15(f, lo, hi);
            (lo, hi, 0, value, error)
        })
        .collect();
    loop {
        let error: f64 = panels.iter().map(|p| p.4).sum();
        let (worst, &(lo, hi, depth, _, _)) = panels
            .iter()
            .enumerate()
            .max_by(|x, y| x.1.4.total_cmp(&y.1.4))
            .expect("at least one panel");
        if error <= tolerance || depth >= 30 {
            break;
        }
        panels.swap_remove(worst);
        let mid = 0.5 * (lo + hi);
        for (lo, hi) in [(lo, mid), (mid, hi)] {
            let (value, error) = kronrod_15(f, lo, hi);
            panels.push((lo, hi, depth + 1, value, error));
        }
    }
    panels.iter().map(|p| p.3).sum()
}

/// The 15-point Kronrod result on one panel and its error estimate (QUADPACK's `qk15` nodes,
/// weights and estimate).
pub fn kronrod_15(f: &mut dyn FnMut(f64) -> f64, a: f64, b: f64) -> (f64, f64) {
    const X: [f64; 8] = [
        0.991_455_371_120_812_6,
        0.949_107_912_342_758_5,
        0.864_864_423_359_769_1,
        0.741_531_185_599_394_4,
        0.586_087_235_467_691_1,
        0.405_845_151_377_397_2,
        0.207_784_955_007_898_5,
        0.0,
    ];
    const WK: [f64; 8] = [
        0.022_935_322_010_529_22,
        0.063_092_092_629_978_55,
        0.104_790_010_322_250_18,
        0.140_653_259_715_525_92,
        0.169_004_726_639_267_9,
        0.190_350_578_064_785_4,
        0.204_432_940_075_298_9,
        0.209_482_141_084_727_83,
    ];
    // Gauss weights of the nodes X[1], X[3], X[5] and X[7].
    const WG: [f64; 4] = [
        0.129_484_966_168_869_7,
        0.279_705_391_489_276_7,
        0.381_830_050_505_118_9,
        0.417_959_183_673_469_4,
    ];
    let (centre, half) = (0.5 * (a + b), 0.5 * (b - a));
    let mut values = [0.0; 15];
    values[7] = f(centre);
    for k in 0..7 {
        values[k] = f(centre - half * X[k]);
        values[14 - k] = f(centre + half * X[k]);
    }
    let weight = |i: usize| WK[i.min(14 - i)];
    let kronrod: f64 = (0..15).map(|i| weight(i) * values[i]).sum();
    let gauss: f64 = (0..7)
        .filter(|k| k % 2 == 1)
        .map(|k| WG[k / 2] * (values[k] + values[14 - k]))
        .sum::<f64>()
        + WG[3] * values[7];
    let mean = 0.5 * kronrod;
    let spread: f64 = (0..15).map(|i| weight(i) * (values[i] - mean).abs()).sum();
    let (difference, spread) = ((kronrod - gauss).abs() * half, spread * half);
    let error = if spread > 0.0 && difference > 0.0 {
        spread * (200.0 * difference / spread).powf(1.5).min(1.0)
    } else {
        difference
    };
    (kronrod * half, error)
}
