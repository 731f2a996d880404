//! The maximum-likelihood fit recovers known parameters: votes simulated from the vote model
//! with fixed parameters (ChaCha8Rng, fixed seed) are fitted, and every estimate lies within
//! three standard errors of the value it was simulated from. Also: the fit is deterministic,
//! and separation (sponsors who always vote yes) is detected rather than fitted to infinity.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use veto_sim::calibrate::data::{DraftData, Member, VoteData};
use veto_sim::calibrate::fit::{KindGroups, fit_model};
use veto_sim::calibrate::{Status, evaluate};
use veto_sim::world::WindowChoice;
use veto_sim::world::{ActionKind, Outcome};

/// The parameters the votes are simulated from.
struct Truth {
    intercepts: [f64; 3],
    align: f64,
    sponsor: f64,
    target: f64,
    sigma: f64,
    cut_permanent: f64,
    cut_elected: f64,
}

const TRUTH: Truth = Truth {
    intercepts: [0.6, 0.1, 1.0],
    align: 1.5,
    sponsor: 0.8,
    target: 1.0,
    sigma: 0.8,
    cut_permanent: 0.4,
    cut_elected: 1.1,
};

const KINDS: [ActionKind; 3] = [
    ActionKind::Sanctions,
    ActionKind::Condemnation,
    ActionKind::Peacekeeping,
];

fn uniform(rng: &mut ChaCha8Rng) -> f64 {
    (f64::from(rng.next_u32()) + 0.5) / 4_294_967_296.0
}

fn normal(rng: &mut ChaCha8Rng) -> f64 {
    // Box–Muller from two uniforms.
    let (u, v) = (uniform(rng), uniform(rng));
    (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
}

/// `drafts` drafts of 15 members (5 permanent), simulated on stream `stream`.
fn simulate(drafts: usize, stream: u64, all_sponsors_yes: bool) -> VoteData {
    let mut rng = ChaCha8Rng::seed_from_u64(20_260_101);
    rng.set_stream(stream);
    let mut out = Vec::new();
    for d in 0..drafts {
        let k = d % 3;
        let eta = TRUTH.sigma * normal(&mut rng);
        let mut members = Vec::new();
        let mut yes_votes = 0;
        for i in 0..15 {
            let permanent = i < 5;
            let sponsor = i >= 5 && uniform(&mut rng) < 0.12;
            let target = !sponsor && uniform(&mut rng) < 0.08;
            let s = if sponsor {
                0.2 + 0.4 * uniform(&mut rng)
            } else {
                uniform(&mut rng) - 0.5
            };
            let x =
                TRUTH.intercepts[k] + TRUTH.align * s + if sponsor { TRUTH.sponsor } else { 0.0 }
                    - if target { TRUTH.target } else { 0.0 };
            let u = x + eta + normal(&mut rng);
            let cut = if permanent {
                TRUTH.cut_permanent
            } else {
                TRUTH.cut_elected
            };
            let mut vote = if u > 0.0 {
                0
            } else if u > -cut {
                1
            } else {
                2
            };
            if all_sponsors_yes && sponsor {
                vote = 0;
            }
            yes_votes += u32::from(vote == 0);
            members.push(Member {
                code: format!("M{i:02}"),
                s,
                sponsor,
                target,
                permanent,
                aligned: true,
                vote: Some(vote),
            });
        }
        out.push(DraftData {
            id: format!("D{d}"),
            date: format!("{:04}-01-01", 2000 + d / 20),
            year: 2000 + (d / 20) as i32,
            outcome: Outcome::Failed,
            kind: KINDS[k],
            members,
            full: true,
            quota: 9,
            yes_votes,
            window: "synthetic".into(),
        });
    }
    VoteData {
        drafts: out,
        window: WindowChoice::Fixed("synthetic".into()),
        unaligned_votes: 0,
        absences: 0,
        excluded: Vec::new(),
    }
}

#[test]
fn maximum_likelihood_recovers_the_simulated_parameters_within_three_standard_errors() {
    let data = simulate(180, 1, false);
    let groups = KindGroups::from_data(&data);
    assert_eq!(groups.len(), 3);
    assert!(!groups.pooled);
    let fit = fit_model(&data, &groups, true, 40).unwrap();
    assert!(fit.converged);
    let truth = |name: &str| -> f64 {
        match name {
            "intercept.sanctions" => TRUTH.intercepts[0],
            "intercept.condemnation" => TRUTH.intercepts[1],
            "intercept.peacekeeping" => TRUTH.intercepts[2],
            "align" => TRUTH.align,
            "sponsor" => TRUTH.sponsor,
            "target" => TRUTH.target,
            "sigma_draft" => TRUTH.sigma,
            "cut_permanent" => TRUTH.cut_permanent,
            "cut_elected" => TRUTH.cut_elected,
            other => panic!("unexpected parameter {other}"),
        }
    };
    assert_eq!(fit.estimates.len(), 9);
    for e in &fit.estimates {
        assert_eq!(e.status, Status::Estimated, "{}", e.name);
        let se = e.std_error.unwrap();
        let t = truth(&e.name);
        assert!(se > 0.0 && se < 0.5, "{}: s.e. {se}", e.name);
        assert!(
            (e.estimate - t).abs() < 3.0 * se,
            "{}: estimate {:.3}, truth {t}, s.e. {se:.3}",
            e.name,
            e.estimate
        );
        // The 95% interval covers the truth or misses by little.
        let (lo, hi) = (e.lower95.unwrap(), e.upper95.unwrap());
        assert!(lo < e.estimate && e.estimate < hi, "{}", e.name);
    }
}

#[test]
fn the_fit_is_deterministic() {
    let data = simulate(60, 2, false);
    let groups = KindGroups::from_data(&data);
    let a = fit_model(&data, &groups, true, 24).unwrap();
    let b = fit_model(&data, &groups, true, 24).unwrap();
    let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
    assert_eq!(bits(&a.theta), bits(&b.theta));
    assert_eq!(a.loglik.to_bits(), b.loglik.to_bits());
    // The same on a single thread.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let c = pool.install(|| fit_model(&data, &groups, true, 24).unwrap());
    assert_eq!(bits(&a.theta), bits(&c.theta));
}

#[test]
fn sponsors_who_always_vote_yes_are_held_at_a_profile_bound() {
    let data = simulate(60, 3, true);
    let groups = KindGroups::from_data(&data);
    let fit = fit_model(&data, &groups, true, 24).unwrap();
    let sponsor = fit.estimates.iter().find(|e| e.name == "sponsor").unwrap();
    assert_eq!(sponsor.status, Status::LowerBound);
    assert!(sponsor.std_error.is_none());
    assert!(sponsor.estimate > 0.0 && sponsor.estimate < 10.0);
    assert!(sponsor.note.contains("separation"), "{}", sponsor.note);
    // The other parameters are still estimated.
    let align = fit.estimates.iter().find(|e| e.name == "align").unwrap();
    assert_eq!(align.status, Status::Estimated);
}

#[test]
fn out_of_sample_the_true_model_beats_the_baselines() {
    // With alignment in the simulation, the model predicts held-out drafts better than the
    // model without alignment and better than member rates.
    let data = simulate(90, 4, false);
    let groups = KindGroups::from_data(&data);
    let full = fit_model(&data, &groups, true, 24).unwrap();
    let plain = fit_model(&data, &groups, false, 24).unwrap();
    let rows = evaluate::leave_one_out(&data, &full, &plain);
    assert_eq!(rows.len(), 3);
    let loss = |i: usize| rows[i].scores.vote_log_loss;
    assert!(loss(0) < loss(1), "{rows:?}");
    assert!(loss(0) < loss(2), "{rows:?}");
    assert_eq!(rows[0].scores.votes, 90 * 15);
}
