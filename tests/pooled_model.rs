//! The pooled vote model: a forecast of the years 2020 on, fitted on the votes to 2019, beats
//! the simple base rates on the vetoed drafts and on the adopted resolutions; and a synthetic
//! record is recovered within the fit's standard errors.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use veto_sim::calibrate::pooled::forecast::{MODEL_GIVEN_FATE, find, forecast_report};
use veto_sim::calibrate::pooled::{
    Cast, Fate, Layout, PooledData, Priors, Roll, fit, standard_errors,
};
use veto_sim::world::{ActionKind, World};

#[test]
fn the_pooled_model_beats_seat_type_and_member_rates_on_the_years_after_2019() {
    let world = World::embedded().unwrap();
    let r = forecast_report(world, Some("2019-12-31"), "2020-01-01", Priors::default()).unwrap();
    let model = MODEL_GIVEN_FATE;
    for set in [0, 1] {
        let m = find(&r, set, model).unwrap().log_loss.unwrap();
        for baseline in [
            "seat-type rates, vetoed drafts 1990-",
            "member rates, vetoed drafts 1990-",
            "member rates, all votes 1990-",
            "member rates, all votes 2010-",
            "seat-type rates, same population 1990-",
            "member rates, same population 1990-",
            "member rates, same population 2010-",
            "previous model (contested drafts)",
        ] {
            let b = find(&r, set, baseline).unwrap().log_loss.unwrap();
            assert!(m < b, "set {set}: model {m:.4} vs {baseline} {b:.4}");
        }
    }
    // The held-out vetoed drafts: 22 drafts with full tallies, 330 member votes.
    assert_eq!(find(&r, 0, model).unwrap().votes, 330);
    assert_eq!(r.drafts.len(), 22);
    assert!(r.drafts.iter().all(|d| d.permanent_no && d.yes >= 9));
}

fn normal(rng: &mut ChaCha8Rng) -> f64 {
    // Box–Muller.
    let u1: f64 = rng.random::<f64>().max(1e-300);
    let u2: f64 = rng.random::<f64>();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

#[test]
fn a_synthetic_record_is_recovered_within_its_standard_errors() {
    let mut rng = ChaCha8Rng::seed_from_u64(20_261_205);
    let members = 10;
    // The truth: the starting layout with chosen structural values.
    let layout = Layout { members };
    let mut truth = vec![0.0; layout.len()];
    for (f, level) in [
        (Fate::Adopted, 1.8),
        (Fate::Vetoed, 0.6),
        (Fate::Failed, -0.2),
    ] {
        for era in 0..3 {
            truth[Layout::intercept(f, era, true)] = level - 0.3;
            truth[Layout::intercept(f, era, false)] = level;
        }
        truth[Layout::LOG_SIGMA + f.index()] = [0.9f64, 0.7, 0.5][f.index()].ln();
        truth[Layout::log_cut(f, true)] = 0.6f64.ln();
        truth[Layout::log_cut(f, false)] = 1.2f64.ln();
    }
    truth[Layout::SLOPES] = 1.5;
    truth[Layout::SLOPES + 1] = 1.0;
    truth[Layout::SLOPES + 2] = 1.2;
    for m in 0..members {
        truth[layout.member(m)] = 0.3 * normal(&mut rng);
    }
    let mut rolls = Vec::new();
    for d in 0..1500 {
        let fate = match d % 20 {
            0..=11 => Fate::Adopted,
            12..=16 => Fate::Vetoed,
            _ => Fate::Failed,
        };
        let year = 1950 + d % 70;
        let kind = ActionKind::Other;
        let sigma = truth[Layout::LOG_SIGMA + fate.index()].exp();
        let eta = sigma * normal(&mut rng);
        let sponsor_of = rng.random::<u32>() as usize % (members * 3);
        let target_of = rng.random::<u32>() as usize % (members * 3);
        let casts = (0..members)
            .map(|m| {
                let permanent = m < 3;
                let s = rng.random::<f64>() - 0.5;
                let sponsor = fate != Fate::Adopted && m == sponsor_of;
                let target = fate != Fate::Adopted && m == target_of && !sponsor;
                let x = truth
                    [Layout::intercept(fate, veto_sim::calibrate::pooled::era_of(year), permanent)]
                    + truth[Layout::SLOPES] * s
                    + truth[Layout::SLOPES + 1] * f64::from(u8::from(sponsor))
                    - truth[Layout::SLOPES + 2] * f64::from(u8::from(target))
                    + truth[layout.member(m)];
                let cut = truth[Layout::log_cut(fate, permanent)].exp();
                let u = x + eta + normal(&mut rng);
                let vote = if u > 0.0 {
                    0
                } else if u > -cut {
                    1
                } else {
                    2
                };
                Cast {
                    code: format!("M{m:02}"),
                    member: None,
                    permanent,
                    s,
                    sponsor,
                    target,
                    vote: Some(vote),
                }
            })
            .collect();
        rolls.push(Roll {
            id: format!("r{d}"),
            date: format!("{year}-06-{:02}", 1 + d % 28),
            year,
            fate,
            kind,
            quota: 9,
            casts,
        });
    }
    let data = PooledData::index(rolls);
    let fitted = fit(&data, Priors::default());
    let se = standard_errors(&data, &fitted).expect("a positive definite information");
    let mut checked = vec![Layout::SLOPES, Layout::SLOPES + 1, Layout::SLOPES + 2];
    for f in Fate::ALL {
        checked.push(Layout::LOG_SIGMA + f.index());
        checked.push(Layout::log_cut(f, true));
        checked.push(Layout::log_cut(f, false));
    }
    for i in checked {
        let z = (fitted.theta[i] - truth[i]) / se[i];
        assert!(
            z.abs() < 3.0,
            "parameter {i}: fitted {:.3}, truth {:.3}, s.e. {:.3}",
            fitted.theta[i],
            truth[i],
            se[i]
        );
    }
}
