//! Limited-memory BFGS minimisation with a backtracking line search.
//!
//! The two-loop recursion of Nocedal & Wright (2006, Algorithm 7.4) gives the search direction
//! from the last `memory` steps; a step is accepted on Armijo's sufficient decrease, and a pair
//! enters the memory only when its curvature `s'y` is positive. The method is deterministic:
//! the same objective and start give the same iterates.

/// When to stop.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    /// At most this many iterations.
    pub max_iterations: usize,
    /// Steps kept.
    pub memory: usize,
    /// Stop when the largest gradient component is below this.
    pub gradient_tolerance: f64,
    /// Stop when an iteration lowers the value by less than this fraction of it.
    pub relative_tolerance: f64,
}

/// The minimum found.
#[derive(Debug, Clone, PartialEq)]
pub struct Minimum {
    /// The argument.
    pub x: Vec<f64>,
    /// The value there.
    pub value: f64,
    /// Iterations taken.
    pub iterations: usize,
    /// Whether the gradient tolerance was met.
    pub converged: bool,
    /// The largest gradient component at the end.
    pub gradient_max: f64,
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

fn max_abs(a: &[f64]) -> f64 {
    a.iter().fold(0.0, |m, v| m.max(v.abs()))
}

/// Minimises `f`, which returns the value and writes the gradient into its second argument.
pub fn minimize(f: &dyn Fn(&[f64], &mut [f64]) -> f64, x0: &[f64], options: Options) -> Minimum {
    let n = x0.len();
    let mut x = x0.to_vec();
    let mut g = vec![0.0; n];
    let mut value = f(&x, &mut g);
    let mut s_hist: Vec<Vec<f64>> = Vec::new();
    let mut y_hist: Vec<Vec<f64>> = Vec::new();
    let mut iterations = 0;
    let mut converged = max_abs(&g) < options.gradient_tolerance;
    while !converged && iterations < options.max_iterations {
        iterations += 1;
        // Two-loop recursion: d = -H g.
        let mut d: Vec<f64> = g.iter().map(|v| -v).collect();
        let k = s_hist.len();
        let mut alpha = vec![0.0; k];
        for i in (0..k).rev() {
            let rho = 1.0 / dot(&y_hist[i], &s_hist[i]);
            alpha[i] = rho * dot(&s_hist[i], &d);
            for (dj, yj) in d.iter_mut().zip(&y_hist[i]) {
                *dj -= alpha[i] * yj;
            }
        }
        let gamma = if k > 0 {
            dot(&s_hist[k - 1], &y_hist[k - 1]) / dot(&y_hist[k - 1], &y_hist[k - 1])
        } else {
            1.0 / max_abs(&g).max(1.0)
        };
        d.iter_mut().for_each(|v| *v *= gamma);
        for i in 0..k {
            let rho = 1.0 / dot(&y_hist[i], &s_hist[i]);
            let beta = rho * dot(&y_hist[i], &d);
            for (dj, sj) in d.iter_mut().zip(&s_hist[i]) {
                *dj += (alpha[i] - beta) * sj;
            }
        }
        let mut slope = dot(&g, &d);
        if slope >= 0.0 {
            // Not a descent direction: restart from steepest descent.
            s_hist.clear();
            y_hist.clear();
            d = g.iter().map(|v| -v / max_abs(&g).max(1.0)).collect();
            slope = dot(&g, &d);
        }
        // Backtracking line search on Armijo's condition.
        let mut step = 1.0;
        let mut g_new = vec![0.0; n];
        let mut accepted = None;
        for _ in 0..40 {
            let trial: Vec<f64> = x.iter().zip(&d).map(|(xi, di)| xi + step * di).collect();
            let v = f(&trial, &mut g_new);
            if v.is_finite() && v <= value + 1e-4 * step * slope {
                accepted = Some((trial, v));
                break;
            }
            step *= 0.5;
        }
        let Some((x_new, v_new)) = accepted else {
            break;
        };
        let s: Vec<f64> = x_new.iter().zip(&x).map(|(a, b)| a - b).collect();
        let y: Vec<f64> = g_new.iter().zip(&g).map(|(a, b)| a - b).collect();
        if dot(&s, &y) > 1e-12 {
            if s_hist.len() == options.memory {
                s_hist.remove(0);
                y_hist.remove(0);
            }
            s_hist.push(s);
            y_hist.push(y);
        }
        let decrease = value - v_new;
        x = x_new;
        g.copy_from_slice(&g_new);
        value = v_new;
        converged = max_abs(&g) < options.gradient_tolerance;
        if decrease.abs() <= options.relative_tolerance * value.abs().max(1.0) {
            break;
        }
    }
    Minimum {
        x,
        value,
        iterations,
        converged,
        gradient_max: max_abs(&g),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minimises_rosenbrock() {
        let f = |x: &[f64], g: &mut [f64]| {
            let (a, b) = (x[0], x[1]);
            g[0] = -2.0 * (1.0 - a) - 400.0 * a * (b - a * a);
            g[1] = 200.0 * (b - a * a);
            (1.0 - a).powi(2) + 100.0 * (b - a * a).powi(2)
        };
        let m = minimize(
            &f,
            &[-1.2, 1.0],
            Options {
                max_iterations: 500,
                memory: 8,
                gradient_tolerance: 1e-8,
                relative_tolerance: 0.0,
            },
        );
        assert!(m.converged, "{m:?}");
        assert!((m.x[0] - 1.0).abs() < 1e-6 && (m.x[1] - 1.0).abs() < 1e-6);
    }
}
