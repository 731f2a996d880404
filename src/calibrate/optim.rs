//! A small, deterministic maximiser: Newton's method with a finite-difference Hessian of the
//! analytic gradient, Levenberg damping where the Hessian is not negative definite, and a
//! backtracking (Armijo) line search; plus the dense linear algebra it needs (Cholesky).
//!
//! The likelihoods here have at most a few dozen parameters, so an exact Newton step costs
//! `2n` gradient evaluations for the Hessian and converges in a handful of iterations. For
//! refits on nearly the same data (leave-one-out) [`fixed_newton`] reuses the Hessian of the
//! full fit.

/// Settings of [`newton`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NewtonOptions {
    /// Stop when every gradient component is below this in absolute value (or when a step
    /// no longer gains anything, with every component below [`ACCEPT`]).
    pub grad_tol: f64,
    /// At most this many Newton steps.
    pub max_iter: usize,
}

impl Default for NewtonOptions {
    fn default() -> Self {
        NewtonOptions {
            grad_tol: 1e-6,
            max_iter: 200,
        }
    }
}

/// The result of a maximisation.
#[derive(Debug, Clone, PartialEq)]
pub struct Optimum {
    /// The maximiser.
    pub x: Vec<f64>,
    /// The maximum.
    pub value: f64,
    /// The gradient there.
    pub grad: Vec<f64>,
    /// Newton steps taken.
    pub iterations: usize,
    /// Whether the gradient tolerance was met.
    pub converged: bool,
}

/// A function to maximise: its value and gradient at a point.
pub type Objective<'a> = dyn Fn(&[f64]) -> (f64, Vec<f64>) + 'a;

/// A step gaining less than this share of the value is at the function's precision.
const STALL: f64 = 1e-13;
/// A gradient below this (in every component) counts as converged once no step gains more.
pub const ACCEPT: f64 = 1e-3;

/// The gain a Newton step `dir` promises on a quadratic: half the slope along it.
fn predicted_gain(grad: &[f64], dir: &[f64]) -> f64 {
    0.5 * grad.iter().zip(dir).map(|(g, d)| g * d).sum::<f64>()
}

fn max_abs(v: &[f64]) -> f64 {
    v.iter().fold(0.0, |m, x| m.max(x.abs()))
}

/// The Hessian (row-major, `n x n`) of a function from central differences of its gradient,
/// symmetrised.
pub fn hessian(f: &Objective<'_>, x: &[f64]) -> Vec<f64> {
    let n = x.len();
    let mut h = vec![0.0; n * n];
    for i in 0..n {
        let step = 1e-5 * x[i].abs().max(1.0);
        let mut up = x.to_vec();
        let mut down = x.to_vec();
        up[i] += step;
        down[i] -= step;
        let (_, gu) = f(&up);
        let (_, gd) = f(&down);
        for j in 0..n {
            h[i * n + j] = (gu[j] - gd[j]) / (2.0 * step);
        }
    }
    for i in 0..n {
        for j in 0..i {
            let m = 0.5 * (h[i * n + j] + h[j * n + i]);
            h[i * n + j] = m;
            h[j * n + i] = m;
        }
    }
    h
}

/// The Cholesky factor `L` (row-major, lower triangular) of a symmetric positive definite
/// matrix, or `None` when it is not positive definite.
pub fn cholesky(a: &[f64], n: usize) -> Option<Vec<f64>> {
    let mut l = vec![0.0; n * n];
    for i in 0..n {
        for j in 0..=i {
            let mut sum = a[i * n + j];
            for k in 0..j {
                sum -= l[i * n + k] * l[j * n + k];
            }
            if i == j {
                if sum.is_nan() || sum <= 0.0 || !sum.is_finite() {
                    return None;
                }
                l[i * n + i] = sum.sqrt();
            } else {
                l[i * n + j] = sum / l[j * n + j];
            }
        }
    }
    Some(l)
}

/// Solves `L L^T x = b` for a Cholesky factor `L`.
pub fn cholesky_solve(l: &[f64], n: usize, b: &[f64]) -> Vec<f64> {
    let mut y = vec![0.0; n];
    for i in 0..n {
        let mut s = b[i];
        for k in 0..i {
            s -= l[i * n + k] * y[k];
        }
        y[i] = s / l[i * n + i];
    }
    let mut x = vec![0.0; n];
    for i in (0..n).rev() {
        let mut s = y[i];
        for k in i + 1..n {
            s -= l[k * n + i] * x[k];
        }
        x[i] = s / l[i * n + i];
    }
    x
}

/// The inverse of a symmetric positive definite matrix, or `None`.
pub fn inverse_spd(a: &[f64], n: usize) -> Option<Vec<f64>> {
    let l = cholesky(a, n)?;
    let mut inv = vec![0.0; n * n];
    for j in 0..n {
        let mut e = vec![0.0; n];
        e[j] = 1.0;
        let col = cholesky_solve(&l, n, &e);
        for i in 0..n {
            inv[i * n + j] = col[i];
        }
    }
    Some(inv)
}

/// `-h + lambda I`, with `lambda` raised from 0 until it has a Cholesky factor.
fn damped_factor(h: &[f64], n: usize) -> Vec<f64> {
    let scale = (0..n).map(|i| h[i * n + i].abs()).fold(1e-8, f64::max);
    let mut lambda = 0.0;
    loop {
        let mut a: Vec<f64> = h.iter().map(|v| -v).collect();
        for i in 0..n {
            a[i * n + i] += lambda;
        }
        if let Some(l) = cholesky(&a, n) {
            return l;
        }
        lambda = if lambda == 0.0 {
            1e-6 * scale
        } else {
            lambda * 10.0
        };
    }
}

/// Takes the step `dir` from `x` with backtracking until the Armijo condition holds.
fn line_search(
    f: &Objective<'_>,
    x: &[f64],
    value: f64,
    grad: &[f64],
    dir: &[f64],
) -> Option<(Vec<f64>, f64, Vec<f64>)> {
    let slope: f64 = grad.iter().zip(dir).map(|(g, d)| g * d).sum();
    if slope.is_nan() || slope <= 0.0 {
        return None;
    }
    let mut t = 1.0;
    for _ in 0..50 {
        let xn: Vec<f64> = x.iter().zip(dir).map(|(a, d)| a + t * d).collect();
        let (vn, gn) = f(&xn);
        if vn.is_finite() && vn >= value + 1e-4 * t * slope {
            return Some((xn, vn, gn));
        }
        t *= 0.5;
    }
    None
}

/// Maximises `f` (which returns its value and gradient) from `x0` by damped Newton steps.
///
/// # Complexity
/// Per step, `2n + 1` or more evaluations of `f` for `n` parameters.
///
/// ```
/// use veto_sim::calibrate::optim::{newton, NewtonOptions};
/// // A concave quadratic with its maximum at (1, -2).
/// let f = |x: &[f64]| {
///     let v = -(x[0] - 1.0).powi(2) - 2.0 * (x[1] + 2.0).powi(2) + 0.5 * (x[0] - 1.0) * (x[1] + 2.0);
///     let g = vec![-2.0 * (x[0] - 1.0) + 0.5 * (x[1] + 2.0), -4.0 * (x[1] + 2.0) + 0.5 * (x[0] - 1.0)];
///     (v, g)
/// };
/// let opt = newton(&f, &[0.0, 0.0], NewtonOptions::default());
/// assert!(opt.converged);
/// assert!((opt.x[0] - 1.0).abs() < 1e-8 && (opt.x[1] + 2.0).abs() < 1e-8);
/// ```
pub fn newton(f: &Objective<'_>, x0: &[f64], options: NewtonOptions) -> Optimum {
    let n = x0.len();
    let mut x = x0.to_vec();
    let (mut value, mut grad) = f(&x);
    let mut iterations = 0;
    while iterations < options.max_iter && max_abs(&grad) >= options.grad_tol {
        let h = hessian(f, &x);
        let l = damped_factor(&h, n);
        let dir = cholesky_solve(&l, n, &grad);
        if predicted_gain(&grad, &dir) <= STALL * (1.0 + value.abs()) {
            break;
        }
        iterations += 1;
        let step = line_search(f, &x, value, &grad, &dir).or_else(|| {
            // Try a short gradient step before giving up.
            let step: Vec<f64> = grad.iter().map(|g| g * 1e-3).collect();
            line_search(f, &x, value, &grad, &step)
        });
        let Some((xn, vn, gn)) = step else { break };
        let gain = vn - value;
        x = xn;
        value = vn;
        grad = gn;
        if gain <= STALL * (1.0 + value.abs()) {
            // At the precision of the function: no further progress is possible.
            break;
        }
    }
    Optimum {
        converged: max_abs(&grad) < options.grad_tol.max(ACCEPT),
        x,
        value,
        grad,
        iterations,
    }
}

/// Refits from `x0` with a fixed Newton matrix: `x <- x + (-H0)^-1 g(x)`, where `neg_h_factor`
/// is the Cholesky factor of `-H0` (the Hessian of a fit on nearly the same data). Falls back
/// to [`newton`] when the fixed steps stop improving or do not converge in `max_iter` steps.
pub fn fixed_newton(
    f: &Objective<'_>,
    x0: &[f64],
    neg_h_factor: &[f64],
    options: NewtonOptions,
) -> Optimum {
    let n = x0.len();
    let mut x = x0.to_vec();
    let (mut value, mut grad) = f(&x);
    let mut iterations = 0;
    while iterations < 20 && max_abs(&grad) >= options.grad_tol {
        let dir = cholesky_solve(neg_h_factor, n, &grad);
        if predicted_gain(&grad, &dir) <= STALL * (1.0 + value.abs()) {
            break;
        }
        iterations += 1;
        let Some((xn, vn, gn)) = line_search(f, &x, value, &grad, &dir) else {
            break;
        };
        let gain = vn - value;
        x = xn;
        value = vn;
        grad = gn;
        if gain <= STALL * (1.0 + value.abs()) {
            break;
        }
    }
    if max_abs(&grad) < options.grad_tol.max(ACCEPT) {
        return Optimum {
            x,
            value,
            grad,
            iterations,
            converged: true,
        };
    }
    let mut opt = newton(f, &x, options);
    opt.iterations += iterations;
    opt
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cholesky_inverts_a_known_matrix() {
        let a = [4.0, 2.0, 0.6, 2.0, 5.0, 1.0, 0.6, 1.0, 3.0];
        let inv = inverse_spd(&a, 3).unwrap();
        for i in 0..3 {
            for j in 0..3 {
                let v: f64 = (0..3).map(|k| a[i * 3 + k] * inv[k * 3 + j]).sum();
                assert!((v - f64::from(u8::from(i == j))).abs() < 1e-12);
            }
        }
        assert!(cholesky(&[1.0, 2.0, 2.0, 1.0], 2).is_none());
    }

    #[test]
    fn newton_maximises_a_logistic_likelihood() {
        // Logistic regression on fixed data: the maximum satisfies the score equations.
        let xs = [-2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0];
        let ys = [0.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 1.0, 1.0, 1.0];
        let f = |b: &[f64]| {
            let mut v = 0.0;
            let mut g = vec![0.0, 0.0];
            for (&x, &y) in xs.iter().zip(&ys) {
                let eta = b[0] + b[1] * x;
                let p = 1.0 / (1.0 + (-eta).exp());
                v += y * p.ln() + (1.0 - y) * (1.0 - p).ln();
                g[0] += y - p;
                g[1] += (y - p) * x;
            }
            (v, g)
        };
        let opt = newton(&f, &[0.0, 0.0], NewtonOptions::default());
        assert!(opt.converged, "{opt:?}");
        assert!(opt.grad.iter().all(|g| g.abs() < 1e-6));
        assert!(opt.x[1] > 0.5);
        // A refit from elsewhere with the optimum's Hessian lands on the same point.
        let h = hessian(&f, &opt.x);
        let neg: Vec<f64> = h.iter().map(|v| -v).collect();
        let l = cholesky(&neg, 2).unwrap();
        let again = fixed_newton(&f, &[0.3, 0.3], &l, NewtonOptions::default());
        assert!((again.x[0] - opt.x[0]).abs() < 1e-6 && (again.x[1] - opt.x[1]).abs() < 1e-6);
    }
}
