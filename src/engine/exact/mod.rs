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

//!
//! The module's parts: `council.rs` holds a rule's Council and its dynamic programmes;
//! `overriding.rs` the Assembly override's span, interpolated tails and quadrature.

mod council;
mod overriding;

use council::Council;
pub use overriding::NEGLIGIBLE;
pub(crate) use overriding::blocked_levels;
use overriding::with_override;

use super::plan::{Plan, RulePlan};
pub use crate::numerics::{GaussHermite, expect_adaptive};

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

/// The shocks `sigma * z_k` of Gauss–Hermite `nodes` with their weights; the single shock 0
/// without spread.
fn shock_points(sigma: f64, nodes: &GaussHermite) -> Vec<(f64, f64)> {
    if sigma == 0.0 {
        return vec![(0.0, 1.0)];
    }
    nodes
        .nodes
        .iter()
        .zip(&nodes.weights)
        .map(|(z, w)| (sigma * z, *w))
        .collect()
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
    for (eta, w) in shock_points(sigma, nodes) {
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
    let points = shock_points(plan.sigma, nodes);
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

#[cfg(test)]
mod tests {
    use super::council::block_states;
    use super::overriding::{Interpolant, REACH, either, transition};
    use super::*;
    use crate::engine::assembly::outside_council;
    use crate::engine::plan::NONE;
    use crate::rules::{catalog, yaml::parse_rule};
    use crate::vote::vote_probabilities;
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
