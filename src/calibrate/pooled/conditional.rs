//! A roll's votes given what the record says of it.
//!
//! Given the shock, members vote independently, so the distribution of (yes votes, whether a
//! permanent member voted no) is a dynamic programme over the members; integrating the shock by
//! quadrature gives exact probabilities of the roll's fate and each member's probabilities
//! *conditional on an event* of the record — adopted, vetoed, failed for want of votes, not
//! unanimous — by Bayes' rule: `P(v_i | E) = sum_k w_k P(v_i | z_k) P(E | v_i, z_k) / P(E)`.
//! This is how the replay reads a recorded outcome, and how a forecast of a vetoed draft (or a
//! non-unanimous resolution) uses the one fact its population is defined by.

use serde::Serialize;

use super::{PooledFit, Roll};
use crate::engine::GaussHermite;

/// An event of the record about a roll.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Event {
    /// Nothing is known.
    Any,
    /// Adopted: the quota reached (procedural votes are adopted despite a permanent no).
    Adopted,
    /// Vetoed: the quota reached and a permanent member voting no.
    Vetoed,
    /// Failed for want of votes: the quota not reached.
    Failed,
    /// At least one member did not vote yes.
    NotUnanimous,
}

impl Event {
    fn holds(self, yes: usize, permanent_no: bool, seated: usize, quota: usize) -> bool {
        match self {
            Event::Any => true,
            Event::Adopted => yes >= quota,
            Event::Vetoed => yes >= quota && permanent_no,
            Event::Failed => yes < quota,
            Event::NotUnanimous => yes < seated,
        }
    }
}

/// The probabilities the model gives a roll.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RollForecast {
    /// Each cast's probabilities of yes, abstain, no given the event.
    pub votes: Vec<[f64; 3]>,
    /// The event's probability.
    pub event: f64,
    /// The probability that the roll reaches its quota (no event given).
    pub reaches_quota: f64,
    /// The probability that a permanent member votes no (no event given).
    pub permanent_no: f64,
}

/// Distribution over (yes count, a permanent no) of the casts except `skip`.
fn table(
    probs: &[[f64; 3]],
    permanent: &[bool],
    fixed: &[bool],
    skip: Option<usize>,
) -> Vec<[f64; 2]> {
    let n = probs.len();
    let mut t = vec![[0.0; 2]; n + 1];
    t[0][0] = 1.0;
    for j in 0..n {
        if Some(j) == skip {
            continue;
        }
        let mut next = vec![[0.0; 2]; n + 1];
        // An unrecorded seat (absent, not voting) neither adds a yes nor a no.
        let p = if fixed[j] { [0.0, 1.0, 0.0] } else { probs[j] };
        for y in 0..n {
            for k in 0..2 {
                let v = t[y][k];
                if v == 0.0 {
                    continue;
                }
                next[y + 1][k] += v * p[0];
                next[y][k] += v * p[1];
                if permanent[j] {
                    next[y][1] += v * p[2];
                } else {
                    next[y][k] += v * p[2];
                }
            }
        }
        t = next;
    }
    t
}

/// The model's forecast of `roll` given `event`.
pub fn forecast(fit: &PooledFit, roll: &Roll, event: Event, gh: &GaussHermite) -> RollForecast {
    let n = roll.casts.len();
    let permanent: Vec<bool> = roll.casts.iter().map(|c| c.permanent).collect();
    let fixed: Vec<bool> = roll.casts.iter().map(|c| c.vote.is_none()).collect();
    let quota = roll.quota as usize;
    let per_node = fit.given_shock(roll, gh);
    let mut votes = vec![[0.0; 3]; n];
    let (mut event_p, mut reaches, mut vetoes) = (0.0, 0.0, 0.0);
    for (probs, w) in per_node.iter().zip(&gh.weights) {
        let full = table(probs, &permanent, &fixed, None);
        for (y, row) in full.iter().enumerate() {
            for (k, v) in row.iter().enumerate() {
                if event.holds(y, k == 1, n, quota) {
                    event_p += w * v;
                }
                if y >= quota {
                    reaches += w * v;
                }
                if k == 1 {
                    vetoes += w * v;
                }
            }
        }
        for i in 0..n {
            if fixed[i] {
                continue;
            }
            let rest = table(probs, &permanent, &fixed, Some(i));
            for (vote, out) in votes[i].iter_mut().enumerate() {
                let mut s = 0.0;
                for (y, row) in rest.iter().enumerate() {
                    for (k, v) in row.iter().enumerate() {
                        let y2 = y + usize::from(vote == 0);
                        let k2 = k == 1 || (vote == 2 && permanent[i]);
                        if y2 <= n && event.holds(y2, k2, n, quota) {
                            s += v;
                        }
                    }
                }
                *out += w * probs[i][vote] * s;
            }
        }
    }
    if event_p > 0.0 {
        for v in &mut votes {
            v.iter_mut().for_each(|p| *p /= event_p);
        }
    }
    RollForecast {
        votes,
        event: event_p,
        reaches_quota: reaches,
        permanent_no: vetoes,
    }
}
