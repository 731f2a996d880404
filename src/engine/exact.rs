//! The exact path: the probability of adoption under a rule with a fixed seating, computed
//! without sampling.
//!
//! Given the draft's shock `eta`, members vote independently, each with the probabilities of
//! [`crate::vote::vote_probabilities`] (restraint moves a pledged member's chance of a no into
//! abstention with probability `compliance`). Dynamic programmes count the votes of the members
//! who can block (affirmative votes, and blocking votes of veto holders) and of the others
//! (affirmative votes) apart, and combine them over the votes that meet the quota; for an
//! Assembly override they also count the noes, and the combination is convolved with the
//! distribution of the other Assembly members' weighted balance `(q - p) * yes - p * no`
//! ([`super::assembly::Balance`]).
//!
//! The result is integrated over `eta ~ Normal(0, sigma^2)`. Fixed Gauss–Hermite nodes are not
//! enough: with a high quota the Council's verdict is a steep function of `eta` (48 nodes err
//! by 1e-6), and the Assembly's verdict is a near-step. Council rules use adaptive Simpson
//! quadrature over `Phi(eta / sigma)`, aiming at an error of [`ADAPTIVE_TOLERANCE`] (the
//! property tests have found at worst 2e-6). An override first finds the span of shocks over
//! which the Assembly's verdict turns from negligible to almost certain. Beside the span only
//! the Council's verdict counts; those two sides are integrated by adaptive Gauss–Kronrod
//! quadrature over `Phi(eta / (3 sigma))`. Inside it, the outside states' exact distribution
//! is computed at 17 Chebyshev nodes (more if a check asks for them) and its tails at every
//! level the Council can require are interpolated between them as normal quantiles, which are
//! nearly linear in the shock; the span is integrated by adaptive Gauss–Kronrod quadrature
//! with the Council's programme at every point. Tests check the result against a dense
//! composite rule to 1e-8 and the interpolated tails against the exact distribution to 1e-10.
//!
//! Rules whose seats are drawn in each trial have no single seating: the exact path reports
//! that it needs a fixed seating instead of a number.

use super::assembly::{Balance, Scratch, outside_council, step};
use super::plan::{Member, NONE, Plan, RulePlan};
use crate::numerics::{GK_TOLERANCE, gauss_kronrod, normal_integral, normal_quantile};
pub use crate::numerics::{GaussHermite, expect_adaptive};
use crate::vote::{phi, vote_probabilities};

/// The absolute error the exact path allows itself on an override's adoption probability.
pub const ADAPTIVE_TOLERANCE: f64 = 1e-8;

/// The number of Gauss–Hermite nodes the replay uses to integrate over a draft's shock.
pub const NODES: usize = 48;

/// The exact probability of adoption under rule `r` of `plan`, or `None` when the rule's
/// seats are drawn in each trial (the exact path needs a fixed seating).
///
/// # Complexity
/// O(points · seats²) without an override, where `points` is the number of quadrature points
/// (about a hundred). With one, add O(nodes · states · range) for the outside states' exact
/// distributions at the interpolation nodes (17 in the usual case; the range is `q` times the
/// number of states for a majority `p/q`), and O(span points · (seats³ · q + nodes · levels))
/// for the Council's (yes, no, blocking votes) and the interpolated tails at about 75
/// quadrature points in the Assembly's span, where `levels` is the number of balances the
/// Council's votes can require (19 for 15 seats and two thirds); the sides of the span take
/// about 30 points of the Council alone.
pub fn exact_adoption(plan: &Plan, r: usize) -> Option<f64> {
    let rule = &plan.rules[r];
    if !rule.seating.is_fixed() {
        return None;
    }
    let mut council = Council::new(plan, rule);
    let value = match rule.override_pq {
        // Without a veto there is nothing for the Assembly to rescue.
        Some(_) if council.kb > 0 => with_override(plan, rule, &mut council),
        _ => expect_adaptive(plan.sigma, ADAPTIVE_TOLERANCE, |eta| council.split(eta).0),
    };
    Some(value.clamp(0.0, 1.0))
}

/// The exact figures of one rule on one draft: the probability of adoption and its parts.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize)]
pub struct ExactCell {
    /// P(adopted), by the Council or through the Assembly.
    pub adoption: f64,
    /// P(the Council adopts).
    pub council_adoption: f64,
    /// P(the draft has the affirmative votes and the veto blocks it).
    pub blocked_by_veto: f64,
    /// P(the Assembly adopts it after a veto) (override rules; 0 otherwise).
    pub assembly_adoption: f64,
    /// The expected number of affirmative Council votes.
    pub mean_yes: f64,
}

/// [`ExactCell`] of rule `r` of `plan`, or `None` when its seats are drawn in each trial
/// (see [`super::drawn`] for those).
pub fn exact_cell(plan: &Plan, r: usize) -> Option<ExactCell> {
    let rule = &plan.rules[r];
    rule.seating.is_fixed().then(|| cell_of(plan, rule))
}

/// [`ExactCell`] of a rule whose members are all named (`rule.draws` is not read).
pub(crate) fn cell_of(plan: &Plan, rule: &RulePlan) -> ExactCell {
    let mut council = Council::new(plan, rule);
    let sigma = plan.sigma;
    let council_adoption =
        expect_adaptive(sigma, ADAPTIVE_TOLERANCE, |eta| council.split(eta).0).clamp(0.0, 1.0);
    let blocked_by_veto = if council.kb > 0 {
        expect_adaptive(sigma, ADAPTIVE_TOLERANCE, |eta| council.split(eta).1).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let mean_yes = expect_adaptive(sigma, ADAPTIVE_TOLERANCE, |eta| {
        council.vote(eta);
        council.probs.iter().map(|p| p[0]).sum()
    });
    let adoption = match rule.override_pq {
        Some(_) if council.kb > 0 => with_override(plan, rule, &mut council).clamp(0.0, 1.0),
        _ => council_adoption,
    };
    ExactCell {
        adoption,
        council_adoption,
        blocked_by_veto,
        // What the Assembly adds can only be P(adopted) beyond the Council's own.
        assembly_adoption: (adoption - council_adoption).max(0.0),
        mean_yes,
    }
}

/// [`ExactCell`] of a rule whose members are all named, by one pass of fixed Gauss–Hermite
/// quadrature for every figure: for the many seatings of a drawn-seat rule, whose sampling
/// error (about 1e-3) dwarfs the quadrature's (at worst about 1e-6 with 64 nodes). An
/// override rule takes [`cell_of`]'s path, which the Assembly's near-step needs.
pub(crate) fn cell_by_nodes(plan: &Plan, rule: &RulePlan, nodes: &GaussHermite) -> ExactCell {
    let mut council = Council::new(plan, rule);
    if rule.override_pq.is_some() && council.kb > 0 {
        return cell_of(plan, rule);
    }
    let mut cell = ExactCell::default();
    let sigma = plan.sigma;
    let points: Vec<(f64, f64)> = if sigma == 0.0 {
        vec![(0.0, 1.0)]
    } else {
        nodes
            .nodes
            .iter()
            .zip(&nodes.weights)
            .map(|(z, w)| (sigma * z, *w))
            .collect()
    };
    for (eta, w) in points {
        let (adopt, blocked) = council.split(eta);
        cell.council_adoption += w * adopt;
        cell.blocked_by_veto += w * blocked;
        cell.mean_yes += w * council.probs.iter().map(|p| p[0]).sum::<f64>();
    }
    cell.council_adoption = cell.council_adoption.clamp(0.0, 1.0);
    cell.blocked_by_veto = cell.blocked_by_veto.clamp(0.0, 1.0);
    cell.adoption = cell.council_adoption;
    cell
}

/// One member's exact figures under a rule with a fixed seating, as shares of all trials
/// (see [`super::MemberResult`], whose Monte Carlo counterparts they are).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct MemberExact {
    /// P(yes), P(abstain), P(no) (restraint applied).
    pub votes: [f64; 3],
    /// P(switching its vote between yes and no changes the outcome), the Assembly included.
    pub pivotal: f64,
    /// P(it is a holder, votes no, and the draft has the votes but the veto blocks it).
    pub veto: f64,
}

/// Every member's [`MemberExact`] of a rule whose members are all named, in the rule's
/// member order, by Gauss–Hermite `nodes`. A vote is pivotal with probability
/// P(adopted | it votes yes) - P(adopted | it votes no), the outcome being monotone in its
/// vote; under an override that takes [`cell_of`]'s quadrature with the member's vote set.
pub(crate) fn members_of(plan: &Plan, rule: &RulePlan, nodes: &GaussHermite) -> Vec<MemberExact> {
    let mut council = Council::new(plan, rule);
    let seats = council.seats.len();
    let points: Vec<(f64, f64)> = if plan.sigma == 0.0 {
        vec![(0.0, 1.0)]
    } else {
        nodes
            .nodes
            .iter()
            .zip(&nodes.weights)
            .map(|(z, w)| (plan.sigma * z, *w))
            .collect()
    };
    let mut out = vec![MemberExact::default(); seats];
    let assembly = rule.override_pq.is_some() && council.kb > 0;
    for (eta, w) in points {
        council.forced = None;
        council.vote(eta);
        let probs = council.probs.clone();
        for (seat, p) in probs.iter().enumerate() {
            let m = &mut out[council.member_of[seat]];
            for (v, q) in m.votes.iter_mut().zip(p) {
                *v += w * q;
            }
            council.forced = Some((seat, [0.0, 0.0, 1.0]));
            let (if_no, vetoed) = council.split(eta);
            if seat < council.holders {
                m.veto += w * p[2] * vetoed;
            }
            if !assembly {
                council.forced = Some((seat, [1.0, 0.0, 0.0]));
                m.pivotal += w * (council.split(eta).0 - if_no);
            }
        }
    }
    council.forced = None;
    if !assembly {
        for m in &mut out {
            m.pivotal = m.pivotal.clamp(0.0, 1.0);
        }
        return out;
    }
    // The Assembly's near-step needs the override's own quadrature.
    for seat in 0..seats {
        let adopted_if = |vote: [f64; 3], council: &mut Council| {
            council.forced = Some((seat, vote));
            with_override(plan, rule, council)
        };
        let yes = adopted_if([1.0, 0.0, 0.0], &mut council);
        let no = adopted_if([0.0, 0.0, 1.0], &mut council);
        council.forced = None;
        out[council.member_of[seat]].pivotal = (yes - no).clamp(0.0, 1.0);
    }
    out
}

/// The number of blocking-vote states kept: `block_at` (absorbing), or 0 without a veto.
fn block_states(rule: &RulePlan) -> usize {
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
struct Council {
    /// Each member's mean support, cut-point, and the share of its no that restraint turns
    /// into an abstention.
    seats: Vec<(f64, f64, f64)>,
    /// The first `holders` seats can cast blocking votes.
    holders: usize,
    /// Each seat's index in the rule's members.
    member_of: Vec<usize>,
    /// A seat whose vote is set, not drawn: (seat, its probabilities of yes, abstain, no).
    forced: Option<(usize, [f64; 3])>,
    /// Blocking-vote states: `block_at` (absorbing), or 0 without a veto.
    kb: usize,
    abstention_blocks: bool,
    quota: usize,
    /// Each member's probabilities of yes, abstain and no at the current shock.
    probs: Vec<[f64; 3]>,
    /// The holders' votes, `(yes, blocking votes)` or `(yes, no, blocking votes)`, and the
    /// next member's.
    hold: Vec<f64>,
    hold_next: Vec<f64>,
    /// The other members' votes, `yes` or `(yes, no)` (the latter with a zero row and column
    /// in front, so that a step reads no index out of range), and the next member's.
    rest: Vec<f64>,
    rest_next: Vec<f64>,
    /// `at_least[k]`: P(the other members cast at least `k` affirmative votes).
    at_least: Vec<f64>,
    /// `complete[yh * span + j]`: P(the other members make up the quota given the holders'
    /// `yh` affirmative votes, and their votes add `j - up * others` to the balance required).
    complete: Vec<f64>,
}

impl Council {
    fn new(plan: &Plan, rule: &RulePlan) -> Council {
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
    fn vote(&mut self, eta: f64) {
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
    fn others_complete(&self, yes: usize) -> f64 {
        let k = self.quota.saturating_sub(yes);
        self.at_least.get(k).copied().unwrap_or(0.0)
    }

    /// (P(the Council adopts), P(the draft has the votes and the veto blocks it)) given `eta`.
    fn split(&mut self, eta: f64) -> (f64, f64) {
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
    fn levels(&mut self, eta: f64, (up, down): (i64, i64), t_lo: i64, out: &mut [f64]) -> f64 {
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

/// `P(the veto blocks a draft with the affirmative votes, and the Council's votes require the
/// Assembly's balance to reach t | eta)` for `t` in `levels` (an override rule's Council).
pub(crate) fn blocked_levels(
    plan: &Plan,
    rule: &RulePlan,
    eta: f64,
    weights: (i64, i64),
    (t_lo, t_hi): (i64, i64),
) -> Vec<f64> {
    let mut out = vec![0.0; (t_hi - t_lo + 1).max(0) as usize];
    let mut council = Council::new(plan, rule);
    if council.kb > 0 {
        council.levels(eta, weights, t_lo, &mut out);
    }
    out
}

/// P(the Council adopts, or the veto blocks a draft with the votes and the Assembly adopts it
/// | eta), with `tails[i] = P(D >= t_lo + i | eta)` for the outside states' balance `D`
/// weighted `weights`; `blocked` is scratch space as long as `tails`.
fn either(
    council: &mut Council,
    eta: f64,
    weights: (i64, i64),
    t_lo: i64,
    tails: &[f64],
    blocked: &mut [f64],
) -> f64 {
    blocked.fill(0.0);
    let adopt = council.levels(eta, weights, t_lo, blocked);
    adopt + blocked.iter().zip(tails).map(|(b, t)| b * t).sum::<f64>()
}

/// P(adopt) under a rule with a veto and an Assembly override, integrated over the shock.
///
/// The Assembly's verdict turns from almost impossible to almost certain over a narrow span of
/// shocks: where the outside states' balance can reach the levels the Council may require.
/// That span, `[a, b]`, is found from the balance's mean and spread and checked with its
/// exact distribution ([`transition`]). Below `a` the Assembly adopts with probability under
/// [`NEGLIGIBLE`]; above `b` it adopts with probability over `1 - NEGLIGIBLE`, so the rescue
/// is the probability that the veto blocks. Each part is integrated by adaptive Gauss–Kronrod
/// quadrature. Only inside the span is the outside states' distribution needed, and there its
/// tails are interpolated ([`Interpolant`]): the Council's dynamic programme still runs at
/// every quadrature point, the outside states' only at the interpolation nodes.
fn with_override(plan: &Plan, rule: &RulePlan, council: &mut Council) -> f64 {
    let Some((balance, levels)) = outside_council(plan, rule) else {
        return 0.0;
    };
    let weights = balance.weights();
    let width = (levels.1 - levels.0 + 1) as usize;
    let (mut tails, mut blocked) = (vec![0.0; width], vec![0.0; width]);
    let mut scratch = balance.scratch();
    let sigma = plan.sigma;
    if sigma == 0.0 {
        balance.tails(0.0, levels.0, &mut tails, &mut scratch);
        return either(council, 0.0, weights, levels.0, &tails, &mut blocked);
    }
    let density = |eta: f64| {
        let z = eta / sigma;
        (-0.5 * z * z).exp() / (sigma * (2.0 * std::f64::consts::PI).sqrt())
    };
    let reach = REACH * sigma;
    let (start, end) = transition(&balance, levels, reach, &mut scratch);
    let (a, b) = (start.eta, end.eta);
    let mut total = 0.0;
    if a > -reach {
        let mut adopted = |eta: f64| council.split(eta).0;
        total += normal_integral(&mut adopted, sigma, (-reach, a));
    }
    if b > a {
        let t_lo = levels.0;
        let interpolant = Interpolant::new(&balance, t_lo, (start, end), council, &density);
        total += if let Some(interpolant) = interpolant {
            let mut quantiles = vec![0.0; width];
            let mut either_at = |eta: f64| {
                blocked.fill(0.0);
                let adopt = council.levels(eta, weights, t_lo, &mut blocked);
                interpolant.tails(eta, &blocked, &mut quantiles, &mut tails);
                let rescue: f64 = blocked.iter().zip(&tails).map(|(b, t)| b * t).sum();
                density(eta) * (adopt + rescue)
            };
            gauss_kronrod(&mut either_at, a, b, SPAN_PANELS, GK_TOLERANCE)
        } else {
            // The interpolation failed its check: the exact distribution at every point.
            // The support grows more slowly when the states most certain of their vote in
            // the span come first.
            let balance = balance.clone().ordered_by_spread(0.5 * (a + b));
            let mut either_at = |eta: f64| {
                balance.tails(eta, t_lo, &mut tails, &mut scratch);
                density(eta) * either(council, eta, weights, t_lo, &tails, &mut blocked)
            };
            gauss_kronrod(&mut either_at, a, b, SPAN_PANELS, GK_TOLERANCE)
        };
    }
    if reach > b {
        let mut rescued = |eta: f64| {
            let (adopt, blocked) = council.split(eta);
            adopt + blocked
        };
        total += normal_integral(&mut rescued, sigma, (b, reach));
    }
    total
}

/// Shocks beyond this many standard deviations are left out (their probability is below
/// 1e-15).
const REACH: f64 = 8.2;

/// The Assembly's probability of adopting below the span `transition` finds, and of
/// rejecting above it, is at most this.
pub const NEGLIGIBLE: f64 = 1e-10;

/// Panels a Gauss–Kronrod integral over the span starts with.
const SPAN_PANELS: usize = 3;

/// The normal quantile the ends of the span aim at for the lowest and highest level:
/// `Phi(-7) = 1.3e-12`, comfortably below [`NEGLIGIBLE`], so that the normal approximation's
/// guess rarely needs a second try.
const AIM: f64 = 7.0;

/// The exact distribution of the outside states' balance at a shock, as the interpolation of
/// its tails needs it.
struct Node {
    eta: f64,
    /// `upper[i] = P(D >= t_lo + i | eta)`.
    upper: Vec<f64>,
    /// `lower[i] = P(D < t_lo + i | eta)`.
    lower: Vec<f64>,
    /// The normal quantile of each `upper[i]`.
    quantiles: Vec<f64>,
}

impl Node {
    fn new(balance: &Balance, eta: f64, t_lo: i64, width: usize, scratch: &mut Scratch) -> Node {
        let (mut upper, mut lower) = (vec![0.0; width], vec![0.0; width]);
        balance.both_tails(eta, t_lo, &mut upper, &mut lower, scratch);
        let quantiles = upper
            .iter()
            .zip(&lower)
            .map(|(&u, &l)| {
                // From whichever tail is smaller, so that both ends keep their precision.
                if u <= l {
                    normal_quantile(u)
                } else {
                    -normal_quantile(l)
                }
            })
            .collect();
        Node {
            eta,
            upper,
            lower,
            quantiles,
        }
    }
}

/// The span of shocks `[a, b]` (within `[-reach, reach]`) outside which the Assembly's verdict
/// is settled for every level in `levels`: below `a`, `P(D >= lowest level) <= NEGLIGIBLE`;
/// above `b`, `P(D >= highest level) >= 1 - NEGLIGIBLE`. Both tails rise with the shock.
/// Returns the exact distributions at `a` and `b`.
///
/// A normal approximation guesses both ends: Newton's method finds the shock at which the
/// balance's mean is the middle level, and from the mean's slope and the spread there each
/// end is placed where the approximation puts the lowest level [`AIM`] standard deviations
/// above the mean, or the highest that many below. Each guess is then checked with the exact
/// distribution, and moved outwards along the secant of its level's normal quantile (nearly
/// linear in the shock) until the check holds.
fn transition(
    balance: &Balance,
    (t_lo, t_hi): (i64, i64),
    reach: f64,
    scratch: &mut Scratch,
) -> (Node, Node) {
    let width = (t_hi - t_lo + 1) as usize;
    let middle = 0.5 * (t_lo + t_hi) as f64;
    let (mut lo, mut hi) = (-reach, reach);
    let mut eta = 0.0;
    let (mut mean, mut sd, mut slope) = balance.moments_and_slope(eta);
    for _ in 0..20 {
        let f = mean - middle;
        if f > 0.0 {
            hi = eta;
        } else {
            lo = eta;
        }
        // Newton's step where it stays inside the bracket, otherwise bisection.
        let newton = eta - f / slope;
        let next = if newton > lo && newton < hi {
            newton
        } else {
            0.5 * (lo + hi)
        };
        // The guesses below use the mean where this stops, so they need no tight root.
        if (next - eta).abs() <= 1e-2 * reach {
            break;
        }
        eta = next;
        (mean, sd, slope) = balance.moments_and_slope(eta);
    }
    let guess = |z: f64, t: i64, fallback: f64| {
        let at = eta + (z * sd - (mean - t as f64)) / slope;
        if at.is_finite() {
            at.clamp(-reach, reach)
        } else {
            fallback
        }
    };
    let a = guess(-AIM, t_lo, -reach);
    let b = guess(AIM, t_hi, reach).max(a);
    let mut start = Node::new(balance, a, t_lo, width, scratch);
    let mut end = Node::new(balance, b, t_lo, width, scratch);
    // The normal approximation's slope of the quantiles, for when the secant is not usable.
    let fallback = slope / sd.max(f64::MIN_POSITIVE);
    for _ in 0..64 {
        let settled_below = start.eta <= -reach || start.upper[0] <= NEGLIGIBLE;
        let settled_above = end.eta >= reach || end.lower[width - 1] <= NEGLIGIBLE;
        if settled_below && settled_above {
            break;
        }
        // How far to move an end for its level's quantile to change by `by`: the secant
        // between the two ends, a quarter more for safety, at least 1% of the reach.
        let step = |start: &Node, end: &Node, level: usize, by: f64| {
            let secant = (end.quantiles[level] - start.quantiles[level]) / (end.eta - start.eta);
            let rate = if secant.is_finite() && secant > 0.0 {
                secant
            } else {
                fallback
            };
            let step = 1.25 * by / rate;
            if step.is_finite() {
                step.max(0.01 * reach)
            } else {
                0.25 * reach
            }
        };
        if !settled_below {
            let by = start.quantiles[0] + AIM;
            let at = (start.eta - step(&start, &end, 0, by)).max(-reach);
            start = Node::new(balance, at, t_lo, width, scratch);
        }
        if !settled_above {
            let by = AIM - end.quantiles[width - 1];
            let at = (end.eta + step(&start, &end, width - 1, by)).min(reach);
            end = Node::new(balance, at, t_lo, width, scratch);
        }
    }
    (start, end)
}

/// Interpolation nodes to start with, and the most to try before computing the exact
/// distribution at every quadrature point.
const FIRST_NODES: usize = 9;
const MAX_NODES: usize = 33;

/// Beyond this normal quantile an interpolated tail is taken as 0 or 1 (`Phi(-8.5) = 1e-17`).
const SETTLED: f64 = 8.5;

/// The outside states' tails `P(D >= t | eta)` over the span, for every level `t`, by
/// polynomial interpolation of their normal quantiles `Phi^-1(P(D >= t | eta))` in `eta`.
///
/// Across the span each tail is a steep sigmoid (turning from 1e-10 to 1 - 1e-10 within a
/// tenth of it), but its normal quantile is nearly linear: were the balance normal, it would
/// be `(mean - t) / sd`, smooth in `eta`. Interpolating it at Chebyshev–Lobatto nodes
/// converges quickly (9 nodes err by about 1e-9 in the tails, 17 nodes by less than 1e-13).
/// The nodes are nested: each round adds the midpoints (in angle) of the last, where the
/// last round's interpolant is checked against the exact distribution. The error it makes
/// there, weighted by how likely the Council's votes consult each level and by the shock's
/// density, times the span's width, bounds its error on the integral; once that is below the
/// quadrature's tolerance, the finer interpolant (through all the nodes, far more accurate
/// still) is kept. The distributions at the nodes keep their tails far beyond what matters
/// ([`Balance::both_tails`]), because the interpolant uses every node's quantile everywhere:
/// a quantile must be accurate (to about 1e-11) even where its tail is 1e-20.
struct Interpolant {
    /// The nodes, increasing.
    nodes: Vec<f64>,
    /// Their barycentric weights.
    weights: Vec<f64>,
    /// `quantiles[k * width + i]`: the quantile of level `t_lo + i` at `nodes[k]`.
    quantiles: Vec<f64>,
    width: usize,
}

impl Interpolant {
    /// Interpolates the tails over the span between the nodes `start` and `end`, or `None`
    /// when [`MAX_NODES`] nodes do not pass the check.
    fn new(
        balance: &Balance,
        t_lo: i64,
        (start, end): (Node, Node),
        council: &mut Council,
        density: &dyn Fn(f64) -> f64,
    ) -> Option<Interpolant> {
        let (a, b) = (start.eta, end.eta);
        let width = start.upper.len();
        let mut scratch = balance.scratch();
        let at = |k: usize, n: usize| {
            0.5 * (a + b) - 0.5 * (b - a) * (std::f64::consts::PI * k as f64 / (n - 1) as f64).cos()
        };
        let mut nodes = vec![start];
        for k in 1..FIRST_NODES - 1 {
            nodes.push(Node::new(
                balance,
                at(k, FIRST_NODES),
                t_lo,
                width,
                &mut scratch,
            ));
        }
        nodes.push(end);
        let weights = balance.weights();
        let (mut quantiles, mut tails, mut blocked) =
            (vec![0.0; width], vec![0.0; width], vec![0.0; width]);
        loop {
            let coarse = Interpolant::through(&nodes);
            let n = 2 * nodes.len() - 1;
            let mut error: f64 = 0.0;
            let mut finer = Vec::with_capacity(n);
            for (k, node) in nodes.into_iter().enumerate() {
                if k > 0 {
                    let added = Node::new(balance, at(2 * k - 1, n), t_lo, width, &mut scratch);
                    blocked.fill(0.0);
                    council.levels(added.eta, weights, t_lo, &mut blocked);
                    coarse.tails(added.eta, &blocked, &mut quantiles, &mut tails);
                    let missed: f64 = (0..width)
                        .map(|i| blocked[i] * (tails[i] - added.upper[i]).abs())
                        .sum();
                    error = error.max(density(added.eta) * missed);
                    finer.push(added);
                }
                finer.push(node);
            }
            nodes = finer;
            if (b - a) * error <= GK_TOLERANCE {
                return Some(Interpolant::through(&nodes));
            }
            if n >= MAX_NODES {
                return None;
            }
        }
    }

    /// The interpolant through `nodes` (Chebyshev–Lobatto points, increasing).
    fn through(nodes: &[Node]) -> Interpolant {
        let n = nodes.len();
        let width = nodes[0].quantiles.len();
        Interpolant {
            nodes: nodes.iter().map(|node| node.eta).collect(),
            weights: (0..n)
                .map(|k| {
                    let sign = if k % 2 == 0 { 1.0 } else { -1.0 };
                    if k == 0 || k == n - 1 {
                        0.5 * sign
                    } else {
                        sign
                    }
                })
                .collect(),
            quantiles: nodes
                .iter()
                .flat_map(|node| node.quantiles.iter().copied())
                .collect(),
            width,
        }
    }

    /// Writes the interpolated `P(D >= t_lo + i | eta)` to `tails[i]` where `consulted[i]` is
    /// not 0 (and 0 elsewhere), using `quantiles` as scratch space.
    fn tails(&self, eta: f64, consulted: &[f64], quantiles: &mut [f64], tails: &mut [f64]) {
        let width = self.width;
        quantiles.fill(0.0);
        let mut total = 0.0;
        let mut exact = None;
        for (k, (&node, &weight)) in self.nodes.iter().zip(&self.weights).enumerate() {
            let d = eta - node;
            if d == 0.0 {
                exact = Some(k);
                break;
            }
            let c = weight / d;
            total += c;
            let row = &self.quantiles[k * width..(k + 1) * width];
            for (q, &v) in quantiles.iter_mut().zip(row) {
                *q += c * v;
            }
        }
        match exact {
            Some(k) => quantiles.copy_from_slice(&self.quantiles[k * width..(k + 1) * width]),
            None => quantiles.iter_mut().for_each(|q| *q /= total),
        }
        for ((t, &q), &c) in tails.iter_mut().zip(quantiles.iter()).zip(consulted) {
            *t = if c == 0.0 || q < -SETTLED {
                0.0
            } else if q > SETTLED {
                1.0
            } else {
                phi(q)
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{catalog, yaml::parse_rule};
    use crate::vote::{DraftSpec, ModelParams, Support};
    use crate::world::World;

    /// Each member's probabilities of yes, abstain and no given `eta` (restraint applied), and
    /// whether it holds a veto: the reference the tests compare [`Council`] with.
    fn member_probabilities(plan: &Plan, rule: &RulePlan, eta: f64) -> Vec<([f64; 3], bool)> {
        rule.members
            .iter()
            .map(|m| {
                let mut p = vote_probabilities(plan.mu[m.state as usize], eta, -m.neg_cut);
                if m.pledge != NONE
                    && let Some(threshold) = rule.restraint
                {
                    let kappa = threshold as f64 / 4_294_967_296.0;
                    p[1] += p[2] * kappa;
                    p[2] *= 1.0 - kappa;
                }
                (p, m.holder)
            })
            .collect()
    }

    /// The Council's DP over (yes, no, blocking votes capped at `block_at`), member by member:
    /// `dp[(y * (seats + 1) + n) * width + b]`.
    fn council_counts(rule: &RulePlan, members: &[([f64; 3], bool)]) -> Vec<f64> {
        let seats = members.len();
        let kb = block_states(rule);
        let width = kb + 1;
        let s1 = seats + 1;
        let mut dp = vec![0.0; s1 * s1 * width];
        dp[0] = 1.0;
        for (i, &([py, pa, pn], holder)) in members.iter().enumerate() {
            let mut next = vec![0.0; dp.len()];
            let blocks_no = holder && kb > 0;
            let blocks_abstain = blocks_no && rule.abstention_blocks;
            for y in 0..=i {
                for n in 0..=(i - y) {
                    for b in 0..width {
                        let v = dp[(y * s1 + n) * width + b];
                        next[((y + 1) * s1 + n) * width + b] += v * py;
                        let ba = if blocks_abstain { (b + 1).min(kb) } else { b };
                        next[(y * s1 + n) * width + ba] += v * pa;
                        let bn = if blocks_no { (b + 1).min(kb) } else { b };
                        next[(y * s1 + n + 1) * width + bn] += v * pn;
                    }
                }
            }
            dp = next;
        }
        dp
    }

    /// Reference (P(adopt), P(has the votes and blocked), blocked by level, P(adopt or
    /// blocked and the Assembly adopts)) given `eta`, from [`council_counts`], with
    /// `tails[i] = P(D >= t_lo + i | eta)`.
    fn reference(
        plan: &Plan,
        rule: &RulePlan,
        eta: f64,
        (up, down): (i64, i64),
        t_lo: i64,
        tails: &[f64],
    ) -> (f64, f64, Vec<f64>, f64) {
        let seats = rule.members.len();
        let kb = block_states(rule);
        let width = kb + 1;
        let s1 = seats + 1;
        let dp = council_counts(rule, &member_probabilities(plan, rule, eta));
        let (mut adopt, mut blocked, mut either) = (0.0, 0.0, 0.0);
        let mut levels = vec![0.0; tails.len()];
        for y in rule.quota as usize..=seats {
            for n in 0..=(seats - y) {
                let cell = (y * s1 + n) * width;
                if kb == 0 {
                    adopt += dp[cell];
                    continue;
                }
                adopt += dp[cell..cell + kb].iter().sum::<f64>();
                let v = dp[cell + kb];
                blocked += v;
                let i = down * n as i64 - up * y as i64 - t_lo;
                if let Some(slot) = levels.get_mut(i as usize) {
                    *slot += v;
                }
                let tail = if i < 0 {
                    1.0
                } else {
                    tails.get(i as usize).copied().unwrap_or(0.0)
                };
                either += v * tail;
            }
        }
        (adopt, blocked, levels, adopt + either)
    }

    /// Plans for the recorded drafts `symbols` before the 2026 Council, with `rules`.
    fn plans(symbols: &[&str], rules: &[&str]) -> Vec<Plan> {
        let world = World::embedded().unwrap();
        let codes = world.state_codes();
        let params = ModelParams::embedded().unwrap();
        let graph = world.alignment_graph(None).unwrap();
        let rules: Vec<_> = rules
            .iter()
            .map(|r| {
                if r.contains('\n') {
                    parse_rule(r, "test", &codes).unwrap()
                } else {
                    catalog::reform(r, &codes).unwrap()
                }
            })
            .collect();
        symbols
            .iter()
            .map(|symbol| {
                let draft = DraftSpec::from_record(world, symbol).unwrap();
                let support = Support::new(world, &graph, &params, &draft);
                let council = world.council(2026).unwrap();
                Plan::new(world, &draft, council, &rules, &params, &support).unwrap()
            })
            .collect()
    }

    const HALF: &str = "name: half\nseats:\n  permanent: [CHN, FRA, GBR, RUS, USA]\n  elected: 10\nquota: 9\nveto: { holders: permanent }\nabstention_blocks: true\noverride: { body: general-assembly, majority: \"1/2\" }\n";
    const THREE_FIFTHS: &str = "name: three-fifths\nseats:\n  permanent: [CHN, FRA, GBR, RUS, USA]\n  elected: 10\nquota: 7\nveto: { holders: permanent, negatives_to_block: 2 }\nrestraint: { on: atrocity, members: [FRA, GBR, USA], compliance: 0.6 }\noverride: { body: general-assembly, majority: \"3/5\" }\n";

    #[test]
    fn gauss_hermite_integrates_normal_moments_and_phi() {
        let gh = GaussHermite::new(NODES);
        let moment = |k: i32| gh.expect(1.0, |z| z.powi(k));
        assert!((moment(0) - 1.0).abs() < 1e-12);
        assert!(moment(1).abs() < 1e-12);
        assert!((moment(2) - 1.0).abs() < 1e-12);
        assert!((moment(6) - 15.0).abs() < 1e-9);
        // E Phi(a + sigma Z) = Phi(a / sqrt(1 + sigma^2)).
        let (a, sigma) = (0.4, 0.8);
        let got = gh.expect(sigma, |eta| crate::vote::phi(a + eta));
        let want = crate::vote::phi(a / (1.0f64 + sigma * sigma).sqrt());
        assert!((got - want).abs() < 1e-10, "{got} vs {want}");
    }

    /// The Council's split programmes (holders and the others apart) against the
    /// member-by-member one, for rules with and without a veto, restraint, blocking
    /// abstentions and several blocking votes.
    #[test]
    fn council_matches_the_member_by_member_programme() {
        let rules = [
            "present",
            "abolish-veto",
            "two-negatives",
            "restraint",
            "assembly-override",
            HALF,
            THREE_FIFTHS,
        ];
        for plan in plans(&["S/2011/612", "S/2017/172"], &rules) {
            for rule in &plan.rules {
                let mut council = Council::new(&plan, rule);
                let weights = outside_council(&plan, rule).map_or((1, 2), |(b, _)| b.weights());
                let seats = rule.members.len() as i64;
                let t_lo = -weights.0 * seats;
                let width = ((weights.0 + weights.1) * seats + 1) as usize;
                // Tails that tell the levels apart.
                let tails: Vec<f64> = (0..width).map(|i| 1.0 / (1.0 + i as f64)).collect();
                for eta in [-2.0, -0.7, 0.0, 0.3, 1.6] {
                    let (adopt, blocked, levels, either_want) =
                        reference(&plan, rule, eta, weights, t_lo, &tails);
                    let (got_adopt, got_blocked) = council.split(eta);
                    let mut got_levels = vec![0.0; width];
                    let got_adopt_too = council.levels(eta, weights, t_lo, &mut got_levels);
                    let mut scratch = vec![0.0; width];
                    let either_got = either(&mut council, eta, weights, t_lo, &tails, &mut scratch);
                    let name = &rule.rule.name;
                    assert!(
                        (got_adopt - adopt).abs() < 1e-14,
                        "{name} {eta}: {got_adopt} vs {adopt}"
                    );
                    assert!((got_adopt_too - adopt).abs() < 1e-14, "{name} {eta}");
                    assert!(
                        (got_blocked - blocked).abs() < 1e-14,
                        "{name} {eta}: {got_blocked} vs {blocked}"
                    );
                    assert!((either_got - either_want).abs() < 1e-14, "{name} {eta}");
                    for (g, w) in got_levels.iter().zip(&levels) {
                        assert!((g - w).abs() < 1e-14, "{name} {eta}: {g} vs {w}");
                    }
                }
            }
        }
    }

    /// The interpolated tails against the exact distribution at random shocks in the span.
    #[test]
    fn interpolated_tails_match_the_exact_distribution() {
        use rand::{RngExt, SeedableRng};
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(11);
        let symbols = ["S/2011/612", "S/2024/835", "S/2017/172"];
        for plan in plans(&symbols, &["assembly-override", HALF, THREE_FIFTHS]) {
            for rule in &plan.rules {
                let (balance, levels) = outside_council(&plan, rule).unwrap();
                let mut scratch = balance.scratch();
                let reach = REACH * plan.sigma;
                let (start, end) = transition(&balance, levels, reach, &mut scratch);
                let (a, b) = (start.eta, end.eta);
                assert!(a > -reach && b < reach && b > a);
                assert!(balance.tail(a, levels.0, &mut scratch) <= NEGLIGIBLE);
                assert!(balance.tail(b, levels.1, &mut scratch) >= 1.0 - NEGLIGIBLE);
                let mut council = Council::new(&plan, rule);
                let sigma = plan.sigma;
                let density = |eta: f64| {
                    let z = eta / sigma;
                    (-0.5 * z * z).exp() / (sigma * (2.0 * std::f64::consts::PI).sqrt())
                };
                let interpolant =
                    Interpolant::new(&balance, levels.0, (start, end), &mut council, &density)
                        .unwrap();
                let width = (levels.1 - levels.0 + 1) as usize;
                let (mut quantiles, mut got, mut want) =
                    (vec![0.0; width], vec![0.0; width], vec![0.0; width]);
                let every = vec![1.0; width];
                for _ in 0..200 {
                    let eta = a + (b - a) * rng.random::<f64>();
                    interpolant.tails(eta, &every, &mut quantiles, &mut got);
                    balance.tails(eta, levels.0, &mut want, &mut scratch);
                    for (i, (g, w)) in got.iter().zip(&want).enumerate() {
                        assert!(
                            (g - w).abs() < 1e-10,
                            "{} {}: level {i} at {eta}: {g} vs {w}",
                            plan.draft.id,
                            rule.rule.name
                        );
                    }
                }
            }
        }
    }

    /// The override's adoption probability against a plain composite Simpson rule on 8,000
    /// panels over +-8.2 sigma, which neither looks for the Assembly's transition nor
    /// interpolates, with the member-by-member Council and the exact distribution of the
    /// outside states' balance at every point.
    #[test]
    fn override_matches_a_dense_composite_rule() {
        let symbols = ["S/2011/612", "S/2024/835", "S/2017/172"];
        for plan in plans(&symbols, &["assembly-override", HALF, THREE_FIFTHS]) {
            for (r, rule) in plan.rules.iter().enumerate() {
                let got = exact_adoption(&plan, r).unwrap();
                // Every level from all yes to all no, not only those the Council can require.
                let (balance, _) = outside_council(&plan, rule).unwrap();
                let weights = balance.weights();
                let seats = rule.members.len() as i64;
                let t_lo = -weights.0 * seats;
                let mut tails = vec![0.0; ((weights.0 + weights.1) * seats + 1) as usize];
                let mut scratch = balance.scratch();
                let sigma = plan.sigma;
                let mut at = |eta: f64| {
                    balance.tails(eta, t_lo, &mut tails, &mut scratch);
                    let z = eta / sigma;
                    let density =
                        (-0.5 * z * z).exp() / (sigma * (2.0 * std::f64::consts::PI).sqrt());
                    density * reference(&plan, rule, eta, weights, t_lo, &tails).3
                };
                let (a, b, panels) = (-8.2 * sigma, 8.2 * sigma, 8_000);
                let h = (b - a) / panels as f64;
                let mut want = at(a) + at(b);
                for k in 1..panels {
                    want += at(a + k as f64 * h) * if k % 2 == 1 { 4.0 } else { 2.0 };
                }
                want *= h / 3.0;
                assert!(
                    (got - want).abs() < 1e-8,
                    "{} {}: {got} vs {want}",
                    plan.draft.id,
                    rule.rule.name
                );
            }
        }
    }
}
