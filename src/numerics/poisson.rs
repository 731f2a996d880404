//! The Poisson-binomial distribution: the number of successes among independent events of
//! unequal probabilities, and its quantiles.

/// The distribution of the number of successes among independent events with probabilities
/// `p` (the Poisson-binomial distribution).
pub fn poisson_binomial(p: &[f64]) -> Vec<f64> {
    let mut dist = vec![0.0; p.len() + 1];
    dist[0] = 1.0;
    for (i, &q) in p.iter().enumerate() {
        for k in (0..=i + 1).rev() {
            let stay = dist[k] * (1.0 - q);
            let moved = if k > 0 { dist[k - 1] * q } else { 0.0 };
            dist[k] = stay + moved;
        }
    }
    dist
}

/// The smallest `k` with `P(X <= k) >= level`.
pub fn quantile(dist: &[f64], level: f64) -> usize {
    let mut acc = 0.0;
    for (k, v) in dist.iter().enumerate() {
        acc += v;
        if acc >= level - 1e-12 {
            return k;
        }
    }
    dist.len().saturating_sub(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn poisson_binomial_sums_to_one_and_has_the_right_mean() {
        let p = [0.1, 0.5, 0.9, 0.3];
        let d = poisson_binomial(&p);
        assert!((d.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        let mean: f64 = d.iter().enumerate().map(|(k, v)| k as f64 * v).sum();
        assert!((mean - 1.8).abs() < 1e-12);
        assert_eq!(quantile(&d, 0.0), 0);
        assert_eq!(quantile(&d, 1.0), 4);
    }
}
