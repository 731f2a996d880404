//! The General Assembly's verdict on a draft the veto blocked, from its exact probability.
//!
//! Given the draft's shock `eta`, the states outside the Council vote independently, so the
//! balance of their votes that a majority `p/q` of those voting yes or no weighs,
//! `D = (q - p) * yes - p * no`, has a distribution that a dynamic programme over the states
//! computes exactly ([`Balance`]). The Assembly adopts when `D` reaches what the Council's own
//! votes require of it, `t = p * no_council - (q - p) * yes_council`.
//!
//! The Monte Carlo engine draws that verdict by inversion: with one uniform `u`, the Assembly
//! adopts when `u < P(D >= t | eta)`. Computing that probability in every trial would cost
//! more than drawing the other states' votes, so [`AssemblyTable`] tabulates it on a grid of
//! shocks. Every state's vote rises with `eta` (a yes more likely, a no less), so
//! `P(D >= t | eta)` does too, and the grid points on either side of a trial's shock bound it.
//! Only when `u` falls between the bounds is the exact value computed. The verdict is
//! therefore the same, trial for trial, whatever the grid: the grid only decides how often the
//! exact value is needed. It is refined where the bounds are far apart and the shock is
//! likely, until, for the run's number of trials, fewer than one exact computation is expected
//! in each cell.

use rayon::prelude::*;

use super::exact::blocked_levels;
use super::plan::{Plan, RulePlan};
use crate::vote::{phi, vote_probabilities};

/// Probabilities below this are dropped from the ends of the balance's distribution, so that
/// the work grows with its spread rather than its range.
const TAIL_EPSILON: f64 = 1e-17;

/// The same for [`Balance::both_tails`], whose smallest tails must keep their relative
/// accuracy: each trimmed cell loses less than this, so a tail of 1e-25 keeps about 12 digits.
const NODE_EPSILON: f64 = 1e-40;

/// The shocks beyond this many standard deviations (probability below 1e-16) are left off the
/// grid; a trial there computes the exact value.
const REACH: f64 = 8.5;

/// Cells of the first, uniform grid.
const FIRST_CELLS: usize = 32;

/// No grid has more points than this.
const MAX_POINTS: usize = 1 << 14;

/// The balance of the votes of the states outside a Council, as a majority `p/q` of those
/// voting yes or no weighs them.
#[derive(Debug, Clone)]
pub struct Balance {
    mu: Vec<f64>,
    cut: f64,
    /// The weight of a yes, `q - p`, and of a no, `p` (after reducing `p/q`).
    up: usize,
    down: usize,
}

/// Buffers for [`Balance::tails`], allocated once per worker.
#[derive(Debug, Clone)]
pub struct Scratch {
    dist: Vec<f64>,
    tmp: Vec<f64>,
    /// The ranges of `dist` and `tmp` outside which they are zero.
    dirty: [(usize, usize); 2],
    probs: Vec<[f64; 3]>,
}

impl Balance {
    /// The balance of states with mean supports `mu` and cut-point `cut` under a majority
    /// `p/q` (`1/2 <= p/q <= 1`).
    pub fn new(mu: Vec<f64>, cut: f64, (p, q): (u32, u32)) -> Balance {
        let g = gcd(p, q);
        let (p, q) = (p / g, q / g);
        Balance {
            mu,
            cut,
            up: (q - p) as usize,
            down: p as usize,
        }
    }

    /// The weight of one yes vote and of one no vote in the balance.
    pub fn weights(&self) -> (i64, i64) {
        (self.up as i64, self.down as i64)
    }

    /// Scratch space for [`Balance::tails`].
    pub fn scratch(&self) -> Scratch {
        let len = (self.up + self.down) * self.mu.len() + 1 + self.up + self.down;
        Scratch {
            dist: vec![0.0; len],
            tmp: vec![0.0; len],
            dirty: [(0, 0); 2],
            probs: vec![[0.0; 3]; self.mu.len()],
        }
    }

    /// Writes `P(D >= t_lo + i | eta)` to `tails[i]`.
    ///
    /// # Complexity
    /// O(states · spread) where the spread is the width of the balance's distribution (tens of
    /// units for 178 states) rather than its range.
    pub fn tails(&self, eta: f64, t_lo: i64, tails: &mut [f64], s: &mut Scratch) {
        let (lo, hi) = self.distribution(eta, TAIL_EPSILON, s);
        upper_sums(
            |d| s.dist[(d - lo.0) as usize + lo.1],
            (lo.0, hi),
            t_lo,
            tails,
        );
    }

    /// Writes `P(D >= t_lo + i | eta)` to `upper[i]` and `P(D < t_lo + i | eta)` to
    /// `lower[i]`, keeping far more of the distribution's ends than [`Balance::tails`]: each
    /// is accurate relative to its own size (to about 1e-12 down to 1e-25), so that either
    /// can be turned into a normal quantile (the exact path interpolates those).
    pub(crate) fn both_tails(
        &self,
        eta: f64,
        t_lo: i64,
        upper: &mut [f64],
        lower: &mut [f64],
        s: &mut Scratch,
    ) {
        let (lo, hi) = self.distribution(eta, NODE_EPSILON, s);
        let at = |d: i64| s.dist[(d - lo.0) as usize + lo.1];
        upper_sums(at, (lo.0, hi), t_lo, upper);
        let mut below = 0.0;
        let mut level = lo.0;
        for (i, out) in lower.iter_mut().enumerate() {
            let t = t_lo + i as i64;
            while level < t.min(hi + 1) {
                below += at(level);
                level += 1;
            }
            *out = below;
        }
    }

    /// Computes the distribution of `D` given `eta` into `s.dist`, dropping cells below `eps`
    /// from its ends. Returns `((lowest value, its index), highest value)`: `D = d` has
    /// probability `s.dist[d - lowest + index]` for `d` in the support.
    fn distribution(&self, eta: f64, eps: f64, s: &mut Scratch) -> ((i64, usize), i64) {
        for (p, &mu) in s.probs.iter_mut().zip(&self.mu) {
            *p = vote_probabilities(mu, eta, self.cut);
        }
        let (up, down) = (self.up, self.down);
        let m = self.mu.len();
        // The distribution of D + down * m is stored `up` places further in. A step reads
        // `down + up` cells beyond each end of the support, which must be zero: each buffer is
        // kept zero outside its `dirty` range, which is the support (or, for the buffer about
        // to be written, the support two states back), without clearing whole buffers.
        let offset = down * m;
        let (dist, tmp) = (&mut s.dist, &mut s.tmp);
        let [mut dist_dirty, mut tmp_dirty] = s.dirty;
        dist[dist_dirty.0..=dist_dirty.1].fill(0.0);
        dist[offset + up] = 1.0;
        dist_dirty = (offset + up, offset + up);
        let (mut lo, mut hi) = (offset, offset);
        for &[py, pa, pn] in &s.probs {
            let (new_lo, new_hi) = (lo - down, hi + up);
            let len = new_hi - new_lo + 1;
            step(
                &mut tmp[new_lo + up..new_lo + up + len],
                &dist[new_lo + up..new_lo + up + len],
                &dist[new_lo..new_lo + len],
                &dist[new_lo + up + down..new_lo + up + down + len],
                [py, pa, pn],
            );
            // What the written range does not cover of the buffer's old support (only after
            // a step that trimmed more than it grew).
            if tmp_dirty.0 < new_lo + up {
                tmp[tmp_dirty.0..(new_lo + up).min(tmp_dirty.1 + 1)].fill(0.0);
            }
            if tmp_dirty.1 > new_hi + up {
                tmp[(new_hi + up + 1).max(tmp_dirty.0)..=tmp_dirty.1].fill(0.0);
            }
            std::mem::swap(dist, tmp);
            tmp_dirty = dist_dirty;
            lo = new_lo;
            hi = new_hi;
            while lo < hi && dist[lo + up] < eps {
                dist[lo + up] = 0.0;
                lo += 1;
            }
            while hi > lo && dist[hi + up] < eps {
                dist[hi + up] = 0.0;
                hi -= 1;
            }
            dist_dirty = (lo + up, hi + up);
        }
        s.dirty = [dist_dirty, tmp_dirty];
        (
            (lo as i64 - offset as i64, lo + up),
            hi as i64 - offset as i64,
        )
    }

    /// `P(D >= t | eta)`.
    pub fn tail(&self, eta: f64, t: i64, s: &mut Scratch) -> f64 {
        let mut out = [0.0];
        self.tails(eta, t, &mut out, s);
        out[0]
    }

    /// The same balance with its states in increasing order of the variance of their vote at
    /// `eta`: the same distribution, computed with less work near `eta`, because the support
    /// grows with the variance added so far.
    pub fn ordered_by_spread(mut self, eta: f64) -> Balance {
        let (up, down) = (self.up as f64, self.down as f64);
        let variance = |mu: f64| {
            let [yes, _, no] = vote_probabilities(mu, eta, self.cut);
            let m = up * yes - down * no;
            up * up * yes + down * down * no - m * m
        };
        let mut keyed: Vec<(f64, f64)> = self.mu.iter().map(|&mu| (variance(mu), mu)).collect();
        keyed.sort_by(|a, b| a.0.total_cmp(&b.0));
        self.mu = keyed.into_iter().map(|(_, mu)| mu).collect();
        self
    }

    /// The mean and standard deviation of `D` given `eta`.
    pub fn moments(&self, eta: f64) -> (f64, f64) {
        let (up, down) = (self.up as f64, self.down as f64);
        let (mut mean, mut var) = (0.0, 0.0);
        for &mu in &self.mu {
            let [yes, _, no] = vote_probabilities(mu, eta, self.cut);
            let m = up * yes - down * no;
            mean += m;
            var += up * up * yes + down * down * no - m * m;
        }
        (mean, var.max(0.0).sqrt())
    }

    /// The mean and standard deviation of `D` given `eta`, and the derivative of the mean in
    /// `eta` (every state's yes grows, and its no shrinks, with the normal density).
    pub(crate) fn moments_and_slope(&self, eta: f64) -> (f64, f64, f64) {
        let (up, down) = (self.up as f64, self.down as f64);
        let density = |x: f64| (-0.5 * x * x).exp() / (2.0 * std::f64::consts::PI).sqrt();
        let (mut mean, mut var, mut slope) = (0.0, 0.0, 0.0);
        for &mu in &self.mu {
            let [yes, _, no] = vote_probabilities(mu, eta, self.cut);
            let m = up * yes - down * no;
            mean += m;
            var += up * up * yes + down * down * no - m * m;
            slope += up * density(mu + eta) + down * density(self.cut + mu + eta);
        }
        (mean, var.max(0.0).sqrt(), slope)
    }
}

/// `out[i] = P(D >= t_lo + i)` for a distribution `at(d)` on the support `[lo, hi]`: suffix
/// sums from the top of the support down to the lowest level asked for (0 above the support).
fn upper_sums(at: impl Fn(i64) -> f64, (lo, hi): (i64, i64), t_lo: i64, out: &mut [f64]) {
    let mut above = 0.0;
    let mut level = hi;
    for i in (0..out.len()).rev() {
        let t = t_lo + i as i64;
        while level >= t.max(lo) {
            above += at(level);
            level -= 1;
        }
        out[i] = above;
    }
}

/// One state added to the balance: `out[s] = pa * same[s] + py * from_yes[s] + pn * from_no[s]`
/// (the exact path's Council counts its members' votes with it too).
#[inline]
pub(crate) fn step(out: &mut [f64], same: &[f64], from_yes: &[f64], from_no: &[f64], p: [f64; 3]) {
    let [py, pa, pn] = p;
    for (((o, &a), &y), &n) in out.iter_mut().zip(same).zip(from_yes).zip(from_no) {
        *o = pa * a + py * y + pn * n;
    }
}

fn gcd(a: u32, b: u32) -> u32 {
    if b == 0 { a.max(1) } else { gcd(b, a % b) }
}

/// `P(D >= t | eta)` on a grid of shocks, for every level `t` a Council can require.
#[derive(Debug, Clone)]
pub struct AssemblyTable {
    balance: Balance,
    t_lo: i64,
    width: usize,
    /// Grid points, increasing.
    etas: Vec<f64>,
    /// `tails[k * width + i] = P(D >= t_lo + i | etas[k])`.
    tails: Vec<f64>,
}

impl AssemblyTable {
    /// Tabulates `balance` for the levels `t_lo..=t_hi` over a shock `Normal(0, sigma^2)`,
    /// refining the grid for a run of `trials` trials that may each consult any level.
    pub fn new(balance: Balance, levels: (i64, i64), sigma: f64, trials: u64) -> Self {
        let width = (levels.1 - levels.0 + 1).max(1) as usize;
        Self::weighted(balance, levels, sigma, trials, &|_| vec![1.0; width])
    }

    /// As [`AssemblyTable::new`], where `consulted(eta)[i]` is the probability that a trial
    /// with shock `eta` consults level `t_lo + i` (the veto blocks with those Council votes):
    /// the grid is refined only where the table is likely to be consulted.
    pub fn weighted(
        balance: Balance,
        (t_lo, t_hi): (i64, i64),
        sigma: f64,
        trials: u64,
        consulted: &dyn Fn(f64) -> Vec<f64>,
    ) -> Self {
        let width = (t_hi - t_lo + 1).max(1) as usize;
        let mut s = balance.scratch();
        let mut at = |eta: f64| -> Point {
            let mut row = vec![0.0; width];
            balance.tails(eta, t_lo, &mut row, &mut s);
            (eta, row, consulted(eta))
        };
        let mut points: Vec<Point> = Vec::new();
        if sigma > 0.0 {
            let edge = REACH * sigma;
            let first: Vec<Point> = (0..=FIRST_CELLS)
                .map(|k| at(-edge + 2.0 * edge * k as f64 / FIRST_CELLS as f64))
                .collect();
            points.push(first[0].clone());
            for pair in first.windows(2) {
                refine(
                    &mut at,
                    &pair[0],
                    &pair[1],
                    sigma,
                    trials as f64,
                    &mut points,
                );
            }
        } else {
            points.push(at(0.0));
        }
        let etas = points.iter().map(|p| p.0).collect();
        let tails = points.into_iter().flat_map(|p| p.1).collect();
        AssemblyTable {
            balance,
            t_lo,
            width,
            etas,
            tails,
        }
    }

    /// The balance tabulated.
    pub fn balance(&self) -> &Balance {
        &self.balance
    }

    /// The number of grid points.
    pub fn points(&self) -> usize {
        self.etas.len()
    }

    /// Whether the Assembly adopts in a trial with shock `eta`, where the Council's votes
    /// require a balance of `t` and `u` is the trial's uniform in [0, 1): whether
    /// `u < P(D >= t | eta)`, computed exactly when the grid's bounds do not settle it.
    #[inline]
    pub fn adopts(&self, eta: f64, t: i64, u: f64, s: &mut Scratch) -> bool {
        let i = t - self.t_lo;
        if (0..self.width as i64).contains(&i) {
            let k = self.etas.partition_point(|&e| e <= eta);
            if k > 0 {
                let below = self.tails[(k - 1) * self.width + i as usize];
                if u < below {
                    return true;
                }
                if self.etas[k - 1] == eta {
                    return false;
                }
            }
            if k < self.etas.len() && u >= self.tails[k * self.width + i as usize] {
                return false;
            }
        }
        u < self.balance.tail(eta, t, s)
    }
}

/// The balance of the states outside an override rule's (fixed) Council, and the levels
/// `(t_lo, t_hi)` its Council's votes can require of it when the veto blocks: at least `quota`
/// yes votes (the draft had the votes) and at most `seats` votes in all. `None` without an
/// override.
pub fn outside_council(plan: &Plan, rule: &RulePlan) -> Option<(Balance, (i64, i64))> {
    let pq = rule.override_pq?;
    let mut inside = vec![false; plan.states()];
    rule.members
        .iter()
        .for_each(|m| inside[m.state as usize] = true);
    let outside = (0..plan.states())
        .filter(|&s| !inside[s])
        .map(|s| plan.mu[s])
        .collect();
    let balance = Balance::new(outside, plan.cut_elected, pq);
    let (up, down) = balance.weights();
    let seats = rule.members.len() as i64;
    let quota = i64::from(rule.quota).min(seats);
    Some((balance, (-up * seats, down * (seats - quota) - up * quota)))
}

/// The tables of a plan's rules: one for each rule with an Assembly override and a fixed
/// seating, over the states outside its Council, for a run of `trials` trials. Rules whose
/// seats are drawn in each trial have no fixed set of outside states; the engine draws the
/// Assembly's votes for them.
pub fn plan_tables(plan: &Plan, trials: u64) -> Vec<Option<AssemblyTable>> {
    plan.rules
        .par_iter()
        .map(|rule| {
            if !rule.seating.is_fixed() {
                return None;
            }
            let (balance, levels) = outside_council(plan, rule)?;
            let (up, down) = balance.weights();
            let consulted = |eta: f64| blocked_levels(plan, rule, eta, (up, down), levels);
            Some(AssemblyTable::weighted(
                balance, levels, plan.sigma, trials, &consulted,
            ))
        })
        .collect()
}

/// A grid point: the shock, the tails at every level, and how likely a trial with that shock
/// consults each level.
type Point = (f64, Vec<f64>, Vec<f64>);

/// Adds the points of `(a, b]` to `points`, bisecting while more than one exact computation
/// is expected in a cell over `trials` trials: the shock falls in the cell with probability
/// `Phi(b / sigma) - Phi(a / sigma)`, and then a trial consults level `t` with about the mean
/// of its probabilities at the two ends, and `u` falls between that level's bounds with
/// probability the gap between them. (The estimate only steers the grid; the verdicts do not
/// depend on it.)
fn refine(
    at: &mut impl FnMut(f64) -> Point,
    a: &Point,
    b: &Point,
    sigma: f64,
    trials: f64,
    points: &mut Vec<Point>,
) {
    let gap: f64 = (0..a.1.len())
        .map(|i| (b.1[i] - a.1[i]) * 0.5 * (a.2[i] + b.2[i]))
        .sum();
    let mass = phi(b.0 / sigma) - phi(a.0 / sigma);
    let mid = 0.5 * (a.0 + b.0);
    if trials * mass * gap > 1.0 && points.len() < MAX_POINTS && mid > a.0 && mid < b.0 {
        let m = at(mid);
        refine(at, a, &m, sigma, trials, points);
        refine(at, &m, b, sigma, trials, points);
    } else {
        points.push(b.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{RngExt, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    /// `P(D >= t)` by enumerating every combination of votes.
    fn brute_force(balance: &Balance, eta: f64, t: i64) -> f64 {
        let (up, down) = balance.weights();
        let probs: Vec<[f64; 3]> = balance
            .mu
            .iter()
            .map(|&mu| vote_probabilities(mu, eta, balance.cut))
            .collect();
        let n = probs.len() as u32;
        let mut total = 0.0;
        for code in 0..3u32.pow(n) {
            let (mut c, mut p, mut d) = (code, 1.0, 0i64);
            for pr in &probs {
                let v = (c % 3) as usize;
                c /= 3;
                p *= pr[v];
                d += [up, 0, -down][v];
            }
            if d >= t {
                total += p;
            }
        }
        total
    }

    #[test]
    fn tails_match_enumeration() {
        let mu = vec![-0.8, 0.3, 1.1, -0.2, 0.0, 0.6, -1.4];
        for pq in [(2, 3), (1, 2), (3, 5), (1, 1)] {
            let balance = Balance::new(mu.clone(), 1.2, pq);
            let mut s = balance.scratch();
            let (up, down) = balance.weights();
            let (lo, hi) = (-down * 7 - 2, up * 7 + 2);
            let mut tails = vec![0.0; (hi - lo + 1) as usize];
            for eta in [-1.3, 0.0, 0.45] {
                balance.tails(eta, lo, &mut tails, &mut s);
                for (i, got) in tails.iter().enumerate() {
                    let want = brute_force(&balance, eta, lo + i as i64);
                    assert!(
                        (got - want).abs() < 1e-14,
                        "{pq:?} {eta} {i}: {got} vs {want}"
                    );
                }
            }
        }
    }

    /// Both tails against a programme that drops nothing, relative to their own size, deep
    /// into both ends of the distribution; the upper ones also against [`Balance::tails`],
    /// absolutely.
    #[test]
    fn both_tails_keep_their_relative_accuracy() {
        let mu: Vec<f64> = (0..120).map(|k| (k as f64 * 0.53).sin() * 1.2).collect();
        for pq in [(2, 3), (1, 2), (3, 5)] {
            let balance = Balance::new(mu.clone(), 0.9, pq);
            let mut s = balance.scratch();
            let (up, down) = (balance.up, balance.down);
            let m = mu.len();
            let (t_lo, width) = (-((down * m) as i64), (up + down) * m + 1);
            let (mut upper, mut lower, mut tails) =
                (vec![0.0; width], vec![0.0; width], vec![0.0; width]);
            for eta in [-1.5, 0.0, 1.0] {
                // P(D + down * m = i), state by state, nothing dropped.
                let mut full = vec![0.0; width];
                full[0] = 1.0;
                for (k, &x) in mu.iter().enumerate() {
                    let [py, pa, pn] = vote_probabilities(x, eta, 0.9);
                    let mut next = vec![0.0; width];
                    for i in 0..=(up + down) * k {
                        next[i + down + up] += full[i] * py;
                        next[i + down] += full[i] * pa;
                        next[i] += full[i] * pn;
                    }
                    full = next;
                }
                balance.both_tails(eta, t_lo, &mut upper, &mut lower, &mut s);
                balance.tails(eta, t_lo, &mut tails, &mut s);
                for i in 0..width {
                    let want_upper: f64 = full[i..].iter().sum();
                    let want_lower: f64 = full[..i].iter().sum();
                    for (got, want) in [(upper[i], want_upper), (lower[i], want_lower)] {
                        if want >= 1e-25 {
                            assert!(
                                (got - want).abs() <= 1e-11 * want,
                                "{pq:?} {eta} {i}: {got:e} vs {want:e}"
                            );
                        }
                    }
                    // Less the cells below 1e-17 dropped from the ends.
                    assert!((tails[i] - want_upper).abs() < 1e-14, "{pq:?} {eta} {i}");
                }
            }
        }
    }

    #[test]
    fn table_verdicts_equal_the_exact_comparison_whatever_the_grid() {
        let mut rng = ChaCha8Rng::seed_from_u64(5);
        let mu: Vec<f64> = (0..60).map(|k| (k as f64 * 0.37).sin() * 1.5).collect();
        let balance = Balance::new(mu, 1.4, (2, 3));
        let coarse = AssemblyTable::new(balance.clone(), (-15, 12), 0.8, 10);
        let fine = AssemblyTable::new(balance.clone(), (-15, 12), 0.8, 10_000_000);
        assert!(fine.points() > coarse.points());
        let mut s = balance.scratch();
        let mut between = 0;
        for _ in 0..20_000 {
            let eta = 0.8 * (rng.random::<f64>() * 6.0 - 3.0);
            let t = rng.random_range(-15..=12);
            let u: f64 = rng.random();
            let exact = balance.tail(eta, t, &mut s);
            // Aim half the trials close to the exact value, where the grid cannot settle it.
            let u = if rng.random::<bool>() {
                (exact + (u - 0.5) * 1e-3).clamp(0.0, 0.999_999)
            } else {
                u
            };
            let want = u < exact;
            assert_eq!(coarse.adopts(eta, t, u, &mut s), want);
            assert_eq!(fine.adopts(eta, t, u, &mut s), want);
            between += usize::from((u - exact).abs() < 1e-3);
        }
        assert!(between > 1000);
    }

    #[test]
    fn tails_rise_with_the_shock() {
        let mu: Vec<f64> = (0..40).map(|k| (k as f64 * 0.71).cos()).collect();
        let balance = Balance::new(mu, 1.0, (2, 3));
        let mut s = balance.scratch();
        let mut last = vec![0.0; 61];
        for k in 0..200 {
            let eta = -4.0 + k as f64 * 0.04;
            let mut row = vec![0.0; 61];
            balance.tails(eta, -40, &mut row, &mut s);
            for (a, b) in last.iter().zip(&row) {
                assert!(b + 1e-15 >= *a);
            }
            last = row;
        }
    }
}
