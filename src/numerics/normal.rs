//! The standard normal distribution function and its inverse.

/// The standard normal distribution function `Phi(x)`.
pub fn phi(x: f64) -> f64 {
    0.5 * statrs::function::erf::erfc(-x / std::f64::consts::SQRT_2)
}

/// Quantiles are clamped at this magnitude where a tail vanishes altogether (`Phi(-37) =
/// 6e-300`); the interpolation's check then fails unless the clamped values do not matter.
pub const QUANTILE_LIMIT: f64 = 37.0;

/// `Phi^-1(p)` for `p <= 1/2`: statrs's inverse error function, accurate to about 1e-10, and a
/// Newton step on [`phi`], so that `phi` maps the result back to `p` up to rounding.
pub fn normal_quantile(p: f64) -> f64 {
    if p <= 0.0 {
        return -QUANTILE_LIMIT;
    }
    let x = -std::f64::consts::SQRT_2 * statrs::function::erf::erfc_inv(2.0 * p);
    if !x.is_finite() || x <= -QUANTILE_LIMIT {
        return -QUANTILE_LIMIT;
    }
    let density = (-0.5 * x * x).exp() / (2.0 * std::f64::consts::PI).sqrt();
    (x - (phi(x) - p) / density).max(-QUANTILE_LIMIT)
}
