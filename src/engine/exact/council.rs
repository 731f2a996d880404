//! A rule's Council at a given shock: each member's vote probabilities (restraint applied, a
//! member's vote set where asked), and the dynamic programmes over the holders' and the
//! others' votes that give P(adopted), P(blocked) and the levels an override needs.

use crate::engine::assembly::step;
use crate::engine::plan::{Member, NONE, Plan, RulePlan};
use crate::vote::vote_probabilities;

/// The number of blocking-vote states kept: `block_at` (absorbing), or 0 without a veto.
pub(super) fn block_states(rule: &RulePlan) -> usize {
    let holders = rule.members.iter().filter(|m| m.holder).count();
    if rule.block_at == u32::MAX || holders == 0 {
        0
    } else {
        (rule.block_at as usize).min(holders + 1)
    }
}

/// A rule's Council, set up to be evaluated at many shocks without allocating: each member's
/// mean support, cut-point and restraint, the members whose votes can block first.
///
/// Its dynamic programmes run over the members who can block, counting their blocking votes,
/// and over the others, who need no such count, separately; the two are combined only over
/// the votes that meet the quota.
pub(super) struct Council {
    /// Each member's mean support, cut-point, and the share of its no that restraint turns
    /// into an abstention.
    pub(super) seats: Vec<(f64, f64, f64)>,
    /// The first `holders` seats can cast blocking votes.
    pub(super) holders: usize,
    /// Each seat's index in the rule's members.
    pub(super) member_of: Vec<usize>,
    /// A seat whose vote is set, not drawn: (seat, its probabilities of yes, abstain, no).
    pub(super) forced: Option<(usize, [f64; 3])>,
    /// Blocking-vote states: `block_at` (absorbing), or 0 without a veto.
    pub(super) kb: usize,
    pub(super) abstention_blocks: bool,
    pub(super) quota: usize,
    /// Each member's probabilities of yes, abstain and no at the current shock.
    pub(super) probs: Vec<[f64; 3]>,
    /// The holders' votes, `(yes, blocking votes)` or `(yes, no, blocking votes)`, and the
    /// next member's.
    pub(super) hold: Vec<f64>,
    pub(super) hold_next: Vec<f64>,
    /// The other members' votes, `yes` or `(yes, no)` (the latter with a zero row and column
    /// in front, so that a step reads no index out of range), and the next member's.
    pub(super) rest: Vec<f64>,
    pub(super) rest_next: Vec<f64>,
    /// `at_least[k]`: P(the other members cast at least `k` affirmative votes).
    pub(super) at_least: Vec<f64>,
    /// `complete[yh * span + j]`: P(the other members make up the quota given the holders'
    /// `yh` affirmative votes, and their votes add `j - up * others` to the balance required).
    pub(super) complete: Vec<f64>,
}

impl Council {
    pub(super) fn new(plan: &Plan, rule: &RulePlan) -> Council {
        let kb = block_states(rule);
        let kappa = rule
            .restraint
            .map_or(0.0, |threshold| threshold as f64 / 4_294_967_296.0);
        let seat = |m: &Member| {
            let restrained = if m.pledge != NONE { kappa } else { 0.0 };
            (plan.mu[m.state as usize], -m.neg_cut, restrained)
        };
        let blocks = |m: &&Member| m.holder && kb > 0;
        let mut seats: Vec<_> = rule.members.iter().filter(blocks).map(seat).collect();
        let holders = seats.len();
        seats.extend(rule.members.iter().filter(|m| !blocks(m)).map(seat));
        let (first, rest): (Vec<usize>, Vec<usize>) =
            (0..rule.members.len()).partition(|&i| blocks(&&rule.members[i]));
        let member_of = first.into_iter().chain(rest).collect();
        let (h1, o1) = (holders + 1, seats.len() - holders + 1);
        Council {
            probs: vec![[0.0; 3]; seats.len()],
            hold: vec![0.0; (h1 + 1) * (h1 + 1) * (kb + 1)],
            hold_next: vec![0.0; (h1 + 1) * (h1 + 1) * (kb + 1)],
            rest: vec![0.0; (o1 + 1) * (o1 + 2)],
            rest_next: vec![0.0; (o1 + 1) * (o1 + 2)],
            at_least: vec![0.0; o1 + 1],
            complete: Vec::new(),
            seats,
            holders,
            member_of,
            forced: None,
            kb,
            abstention_blocks: rule.abstention_blocks,
            quota: rule.quota as usize,
        }
    }

    /// Sets each member's probabilities given `eta` (restraint applied).
    pub(super) fn vote(&mut self, eta: f64) {
        for (p, &(mu, cut, kappa)) in self.probs.iter_mut().zip(&self.seats) {
            *p = vote_probabilities(mu, eta, cut);
            if kappa > 0.0 {
                p[1] += p[2] * kappa;
                p[2] *= 1.0 - kappa;
            }
        }
        if let Some((seat, p)) = self.forced {
            self.probs[seat] = p;
        }
    }

    /// P(the other members make up the quota given the holders' `yes` affirmative votes).
    pub(super) fn others_complete(&self, yes: usize) -> f64 {
        let k = self.quota.saturating_sub(yes);
        self.at_least.get(k).copied().unwrap_or(0.0)
    }

    /// (P(the Council adopts), P(the draft has the votes and the veto blocks it)) given `eta`.
    pub(super) fn split(&mut self, eta: f64) -> (f64, f64) {
        self.vote(eta);
        let (h, kb) = (self.holders, self.kb);
        let w = kb + 1;
        let hold = &mut self.hold[..(h + 1) * w];
        hold.fill(0.0);
        hold[0] = 1.0;
        for (i, &[py, pa, pn]) in self.probs[..h].iter().enumerate() {
            let (pb, pf) = if self.abstention_blocks {
                (pa + pn, 0.0)
            } else {
                (pn, pa)
            };
            // In place from the highest counts down: a cell reads only cells not yet updated.
            for y in (0..=i + 1).rev() {
                for b in (0..w).rev() {
                    let cell = y * w + b;
                    let mut v = hold[cell] * if b == kb { pf + pb } else { pf };
                    if y > 0 {
                        v += hold[cell - w] * py;
                    }
                    if b > 0 {
                        v += hold[cell - 1] * pb;
                    }
                    hold[cell] = v;
                }
            }
        }
        let others = self.seats.len() - h;
        let rest = &mut self.rest[..others + 1];
        rest.fill(0.0);
        rest[0] = 1.0;
        for (i, &[py, pa, pn]) in self.probs[h..].iter().enumerate() {
            for y in (0..=i + 1).rev() {
                let mut v = rest[y] * (pa + pn);
                if y > 0 {
                    v += rest[y - 1] * py;
                }
                rest[y] = v;
            }
        }
        let mut sum = 0.0;
        self.at_least[others + 1] = 0.0;
        for y in (0..=others).rev() {
            sum += self.rest[y];
            self.at_least[y] = sum;
        }
        let free = if kb == 0 { w } else { kb };
        let (mut adopt, mut blocked) = (0.0, 0.0);
        for y in 0..=h {
            let complete = self.others_complete(y);
            let row = &self.hold[y * w..(y + 1) * w];
            adopt += row[..free].iter().sum::<f64>() * complete;
            if kb > 0 {
                blocked += row[kb] * complete;
            }
        }
        (adopt, blocked)
    }

    /// P(the Council adopts | eta), after adding to `out[i]` P(the veto blocks a draft with the
    /// votes, and the Council's votes require the outside states' balance, weighted
    /// `(up, down)`, to reach `t_lo + i` | eta).
    pub(super) fn levels(
        &mut self,
        eta: f64,
        (up, down): (i64, i64),
        t_lo: i64,
        out: &mut [f64],
    ) -> f64 {
        self.vote(eta);
        let (h, kb) = (self.holders, self.kb);
        let (w, h1) = (kb + 1, h + 1);
        let abstain_blocks = self.abstention_blocks;
        // The holders, `hold[(y * h1 + n) * w + b]`, one member at a time.
        self.hold[..h1 * h1 * w].fill(0.0);
        self.hold[0] = 1.0;
        for (i, &[py, pa, pn]) in self.probs[..h].iter().enumerate() {
            let (cur, next) = (&self.hold, &mut self.hold_next);
            next[..h1 * h1 * w].fill(0.0);
            for y in 0..=i {
                for n in 0..=i - y {
                    for b in 0..w {
                        let v = cur[(y * h1 + n) * w + b];
                        let blocking = (b + 1).min(kb);
                        next[((y + 1) * h1 + n) * w + b] += v * py;
                        let abstained = if abstain_blocks { blocking } else { b };
                        next[(y * h1 + n) * w + abstained] += v * pa;
                        next[(y * h1 + n + 1) * w + blocking] += v * pn;
                    }
                }
            }
            std::mem::swap(&mut self.hold, &mut self.hold_next);
        }
        // The others, `rest[(y + 1) * s + n + 1]` with `s = others + 3`: a zero row above and a
        // zero column on either side, so that one pass over the rows in use updates every
        // cell (those beyond the votes cast so far read zeros and stay zero).
        let others = self.seats.len() - h;
        let s = others + 3;
        self.rest[..(others + 2) * s].fill(0.0);
        self.rest_next[..(others + 2) * s].fill(0.0);
        self.rest[s + 1] = 1.0;
        for (i, &[py, pa, pn]) in self.probs[h..].iter().enumerate() {
            // Up to the row of `i + 1` yes votes.
            let end = ((i + 1).min(others) + 2) * s;
            let (cur, next) = (&self.rest, &mut self.rest_next);
            // A yes comes from the row below, a no from the column to the left.
            step(
                &mut next[s..end],
                &cur[s..end],
                &cur[..end - s],
                &cur[s - 1..end - 1],
                [py, pa, pn],
            );
            std::mem::swap(&mut self.rest, &mut self.rest_next);
        }
        let row = |y: usize| (y + 1) * s + 1..(y + 1) * s + 2 + others - y;
        let mut sum = 0.0;
        self.at_least[others + 1] = 0.0;
        for y in (0..=others).rev() {
            sum += self.rest[row(y)].iter().sum::<f64>();
            self.at_least[y] = sum;
        }
        // `complete[yh * span + j]`: P(the others make up the quota that the holders' `yh`
        // yes votes leave them, and add `j - up * others` to the balance required), summed
        // over their yes votes from the most down, as `yh` grows.
        let (u, d) = (up as usize, down as usize);
        let span = (u + d) * others + 1;
        self.complete.resize(h1 * span, 0.0);
        self.complete.fill(0.0);
        let mut from = others + 1;
        for yh in 0..=h {
            if yh > 0 {
                let (done, this) = self.complete.split_at_mut(yh * span);
                this[..span].copy_from_slice(&done[(yh - 1) * span..]);
            }
            while from > self.quota.saturating_sub(yh) {
                from -= 1;
                let base = yh * span + u * (others - from);
                for (n, &v) in self.rest[row(from)].iter().enumerate() {
                    self.complete[base + d * n] += v;
                }
            }
        }
        let free = if kb == 0 { w } else { kb };
        let mut adopt = 0.0;
        for y in 0..=h {
            let complete = self.others_complete(y);
            for n in 0..=h - y {
                let cell = (y * h1 + n) * w;
                adopt += self.hold[cell..cell + free].iter().sum::<f64>() * complete;
            }
        }
        if kb == 0 {
            return adopt;
        }
        for yh in 0..=h {
            if self.quota.saturating_sub(yh) > others {
                continue;
            }
            let complete = &self.complete[yh * span..(yh + 1) * span];
            for nh in 0..=h - yh {
                let v = self.hold[(yh * h1 + nh) * w + kb];
                if v == 0.0 {
                    continue;
                }
                // The Assembly must make up what the Council's votes leave it: the level of
                // `complete[j]` is `down * nh - up * yh + j - up * others`.
                let first = down * nh as i64 - up * (yh + others) as i64 - t_lo;
                let (skip, at) = if first < 0 {
                    ((-first) as usize, 0)
                } else {
                    (0, first as usize)
                };
                if at >= out.len() || skip >= span {
                    continue;
                }
                let len = (span - skip).min(out.len() - at);
                for (o, &c) in out[at..at + len]
                    .iter_mut()
                    .zip(&complete[skip..skip + len])
                {
                    *o += v * c;
                }
            }
        }
        adopt
    }
}
