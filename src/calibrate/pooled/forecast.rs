//! The pooled model as a forecast of later years, against simple baselines fitted on the same
//! training window.
//!
//! Everything is fitted on the votes dated up to `until` and scored on the votes from
//! `evaluate_from` on, in three sets: (a) the member votes of the vetoed and failed drafts,
//! (b) every member vote on adopted resolutions, (c) the votes of (b) on resolutions that were
//! not unanimous. Each predictor knows which population a vote comes from: the model through
//! its fate class and by conditioning on the recorded event that defines the set (vetoed,
//! failed, adopted, not unanimous; see [`super::conditional`]); the baselines through the
//! sample their rates are counted on. Scores: mean log loss (nats per vote), Brier score (the
//! three categories' squared errors summed) and accuracy (the most probable vote was cast).

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use super::conditional::{Event, forecast};
use super::{Fate, PooledData, PooledFit, Priors, Roll, fit};
use crate::calibrate::data::{DraftData, Member, VoteData};
use crate::calibrate::evaluate::{ModelPredictor, Predictor};
use crate::calibrate::fit::{DEFAULT_NODES, KindGroups, fit_model};
use crate::engine::GaussHermite;
use crate::error::Result;
use crate::world::DraftFilter;
use crate::world::{Outcome, WindowChoice, World};

/// The split of the shipped model's stated forecast: fit to 2019, evaluate from 2020.
pub const STANDARD_SPLIT: (&str, &str) = ("2019-12-31", "2020-01-01");

/// Nodes of the quadrature when forecasting.
pub const FORECAST_NODES: usize = 32;

/// The label of the pooled model's main forecast: given the recorded fate.
pub const MODEL_GIVEN_FATE: &str = "pooled model, given the recorded fate";

/// The three evaluation sets.
pub const SETS: [&str; 3] = [
    "(a) vetoed and failed drafts",
    "(b) adopted resolutions",
    "(c) non-unanimous adopted resolutions",
];

/// One predictor's scores on one set.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SetScore {
    /// The set (see [`SETS`]).
    pub set: String,
    /// The predictor.
    pub predictor: String,
    /// Votes scored.
    pub votes: usize,
    /// Mean log loss in nats per vote; `None` where a vote cast had probability 0.
    pub log_loss: Option<f64>,
    /// Mean Brier score.
    pub brier: f64,
    /// Share of votes whose most probable category was cast.
    pub accuracy: f64,
}

/// One decile of the calibration table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CalibrationBin {
    /// Lower bound of the predicted probability.
    pub from: f64,
    /// Upper bound.
    pub to: f64,
    /// Predictions in the bin (one per vote and category).
    pub count: usize,
    /// Mean predicted probability.
    pub predicted: f64,
    /// Observed frequency.
    pub observed: f64,
}

/// The model's forecast of one held-out draft.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DraftForecast {
    /// The draft.
    pub id: String,
    /// Its date.
    pub date: String,
    /// Its fate on the record.
    pub fate: Fate,
    /// Recorded yes votes.
    pub yes: usize,
    /// Whether a permanent member voted no on the record.
    pub permanent_no: bool,
    /// The model's probability that it reaches its quota (given its fate class only).
    pub p_reaches_quota: f64,
    /// The model's probability that a permanent member votes no (given its fate class only).
    pub p_permanent_no: f64,
}

/// The forecast report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ForecastReport {
    /// Training votes dated up to this (`None`: every vote before `evaluate_from`).
    pub until: Option<String>,
    /// Evaluation votes dated from this.
    pub evaluate_from: String,
    /// The model fitted on the training window.
    pub fit_summary: FitSummary,
    /// Every predictor on every set.
    pub scores: Vec<SetScore>,
    /// The model's calibration over (a) and (b), by decile of predicted probability.
    pub calibration: Vec<CalibrationBin>,
    /// The held-out drafts of (a).
    pub drafts: Vec<DraftForecast>,
}

/// What the training fit was.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FitSummary {
    /// Rolls (resolutions and drafts).
    pub rolls: usize,
    /// Votes in the likelihood.
    pub votes: usize,
    /// Members with an effect of their own.
    pub members: usize,
    /// Log-likelihood at the posterior mode.
    pub loglik: f64,
    /// L-BFGS iterations.
    pub iterations: usize,
    /// Whether it converged.
    pub converged: bool,
    /// The largest gradient component at the end.
    pub gradient_max: f64,
    /// The priors.
    pub priors: Priors,
}

/// Probabilities for every vote of a set, in the order of [`votes_of`].
type Probs = Vec<[f64; 3]>;

/// The counted votes of a set: `(roll, cast)` pairs.
fn votes_of(rolls: &[&Roll]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (r, roll) in rolls.iter().enumerate() {
        for (c, cast) in roll.casts.iter().enumerate() {
            if cast.member.is_some() && cast.vote.is_some() {
                out.push((r, c));
            }
        }
    }
    out
}

fn score(set: &str, predictor: &str, rolls: &[&Roll], probs: &Probs) -> SetScore {
    let votes = votes_of(rolls);
    let (mut ll, mut brier, mut hits) = (0.0, 0.0, 0usize);
    let mut finite = true;
    for (&(r, c), p) in votes.iter().zip(probs) {
        let v = rolls[r].casts[c].vote.expect("counted") as usize;
        if p[v] <= 0.0 {
            finite = false;
        } else {
            ll -= p[v].ln();
        }
        for (k, pk) in p.iter().enumerate() {
            let o = f64::from(u8::from(k == v));
            brier += (pk - o) * (pk - o);
        }
        let best = (0..3)
            .max_by(|&a, &b| p[a].total_cmp(&p[b]).then(b.cmp(&a)))
            .expect("three");
        hits += usize::from(best == v);
    }
    let n = votes.len().max(1) as f64;
    SetScore {
        set: set.to_string(),
        predictor: predictor.to_string(),
        votes: votes.len(),
        log_loss: finite.then_some(ll / n),
        brier: brier / n,
        accuracy: hits as f64 / n,
    }
}

/// Vote counts by key, for rate baselines.
#[derive(Debug, Default)]
struct Rates {
    by_seat: [[f64; 3]; 2],
    by_member: BTreeMap<String, [f64; 3]>,
}

impl Rates {
    fn count<'a>(rolls: impl Iterator<Item = &'a Roll>) -> Rates {
        let mut r = Rates::default();
        for roll in rolls {
            for c in roll.casts.iter().filter(|c| c.member.is_some()) {
                let Some(v) = c.vote else { continue };
                r.by_seat[usize::from(c.permanent)][v as usize] += 1.0;
                r.by_member.entry(c.code.clone()).or_default()[v as usize] += 1.0;
            }
        }
        r
    }

    /// Seat-type rates with half a pseudo-vote in each category.
    fn seat(&self, permanent: bool) -> [f64; 3] {
        let c = self.by_seat[usize::from(permanent)];
        let total: f64 = c.iter().sum::<f64>() + 1.5;
        c.map(|x| (x + 0.5) / total)
    }

    /// Member rates with two pseudo-votes toward the seat type's rates.
    fn member(&self, code: &str, permanent: bool) -> [f64; 3] {
        let seat = self.seat(permanent);
        let c = self.by_member.get(code).copied().unwrap_or_default();
        let total: f64 = c.iter().sum::<f64>() + 2.0;
        [0, 1, 2].map(|k| (c[k] + 2.0 * seat[k]) / total)
    }
}

fn rate_probs(rolls: &[&Roll], f: impl Fn(&Roll, usize) -> [f64; 3]) -> Probs {
    votes_of(rolls)
        .into_iter()
        .map(|(r, c)| f(rolls[r], c))
        .collect()
}

/// The previous model's view of a roll: the contested-draft model applied to any roll.
fn as_draft(roll: &Roll) -> DraftData {
    DraftData {
        id: roll.id.clone(),
        date: roll.date.clone(),
        year: roll.year,
        outcome: Outcome::Vetoed,
        kind: roll.kind,
        members: roll
            .casts
            .iter()
            .map(|c| Member {
                code: c.code.clone(),
                s: c.s,
                sponsor: c.sponsor,
                target: c.target,
                permanent: c.permanent,
                aligned: c.member.is_some(),
                vote: c.vote,
            })
            .collect(),
        full: true,
        quota: roll.quota,
        yes_votes: 0,
        window: String::new(),
    }
}

/// The event that defines a set's population, for a roll.
fn event_for(set: usize, roll: &Roll) -> Event {
    if !roll.complete() {
        return Event::Any;
    }
    match (set, roll.fate) {
        (2, _) => Event::NotUnanimous,
        (_, Fate::Adopted) => Event::Adopted,
        (_, Fate::Vetoed) => Event::Vetoed,
        (_, Fate::Failed) => Event::Failed,
    }
}

/// Fits on the votes up to `until` (or before `evaluate_from`), scores from `evaluate_from`.
///
/// # Errors
/// A world without the alignment windows the covariates need.
pub fn forecast_report(
    world: &World,
    until: Option<&str>,
    evaluate_from: &str,
    priors: Priors,
) -> Result<ForecastReport> {
    let contested = VoteData::from_world(world, &DraftFilter::default(), &WindowChoice::Era)?;
    let all = PooledData::from_world(world, &contested);
    let in_training = |date: &str| match until {
        Some(u) => date <= u,
        None => date < evaluate_from,
    };
    let train = all.subset(|r| in_training(&r.date));
    let model = fit(&train, priors);
    let test = all.subset(|r| r.date.as_str() >= evaluate_from);
    let train_rolls: Vec<&Roll> = train.rolls.iter().collect();
    let sets: [Vec<&Roll>; 3] = [
        test.rolls
            .iter()
            .filter(|r| r.fate != Fate::Adopted)
            .collect(),
        test.rolls
            .iter()
            .filter(|r| r.fate == Fate::Adopted)
            .collect(),
        test.rolls
            .iter()
            .filter(|r| r.fate == Fate::Adopted && !r.unanimous())
            .collect(),
    ];
    let since = |year: i32, pick: &dyn Fn(&Roll) -> bool| {
        Rates::count(
            train_rolls
                .iter()
                .copied()
                .filter(|r| r.year >= year && pick(r)),
        )
    };
    let vetoed_1990 = since(1990, &|r| r.fate == Fate::Vetoed);
    let all_1990 = since(1990, &|_| true);
    let all_2010 = since(2010, &|_| true);
    let previous = {
        let train_contested = contested.subset(|d| in_training(&d.date));
        let groups = KindGroups::from_data(&train_contested);
        fit_model(&train_contested, &groups, true, DEFAULT_NODES).ok()
    };
    let gh = GaussHermite::new(FORECAST_NODES);
    let mut scores = Vec::new();
    let mut calibration_pairs: Vec<(f64, f64)> = Vec::new();
    for (s, rolls) in sets.iter().enumerate() {
        let name = SETS[s];
        let same_population: &dyn Fn(&Roll) -> bool = match s {
            0 => &|r: &Roll| r.fate != Fate::Adopted,
            1 => &|r: &Roll| r.fate == Fate::Adopted,
            _ => &|r: &Roll| r.fate == Fate::Adopted && !r.unanimous(),
        };
        let same_1990 = since(1990, same_population);
        let same_2010 = since(2010, same_population);
        // The model, given the recorded event.
        let conditioned: Vec<Vec<[f64; 3]>> = rolls
            .par_iter()
            .map(|r| forecast(&model, r, event_for(s, r), &gh).votes)
            .collect();
        let model_probs: Probs = votes_of(rolls)
            .into_iter()
            .map(|(r, c)| conditioned[r][c])
            .collect();
        if s < 2 {
            for ((r, c), p) in votes_of(rolls).into_iter().zip(&model_probs) {
                let v = rolls[r].casts[c].vote.expect("counted") as usize;
                for (k, pk) in p.iter().enumerate() {
                    calibration_pairs.push((*pk, f64::from(u8::from(k == v))));
                }
            }
        }
        scores.push(score(name, MODEL_GIVEN_FATE, rolls, &model_probs));
        let class_only = rate_probs(rolls, |r, c| model.marginal(r, &r.casts[c]));
        scores.push(score(
            name,
            "pooled model, fate class only",
            rolls,
            &class_only,
        ));
        if let Some(prev) = &previous {
            let p = ModelPredictor::new(prev);
            let probs = rate_probs(rolls, |r, c| {
                let d = as_draft(r);
                p.vote(&d, &d.members[c])
            });
            scores.push(score(
                name,
                "previous model (contested drafts)",
                rolls,
                &probs,
            ));
        }
        let always = rate_probs(rolls, |_, _| [1.0, 0.0, 0.0]);
        scores.push(score(name, "always yes", rolls, &always));
        let rows: [(&str, &Rates, bool); 7] = [
            ("seat-type rates, vetoed drafts 1990-", &vetoed_1990, false),
            ("member rates, vetoed drafts 1990-", &vetoed_1990, true),
            ("member rates, all votes 1990-", &all_1990, true),
            ("member rates, all votes 2010-", &all_2010, true),
            ("seat-type rates, same population 1990-", &same_1990, false),
            ("member rates, same population 1990-", &same_1990, true),
            ("member rates, same population 2010-", &same_2010, true),
        ];
        for (label, rates, by_member) in rows {
            let probs = rate_probs(rolls, |r, c| {
                let cast = &r.casts[c];
                if by_member {
                    rates.member(&cast.code, cast.permanent)
                } else {
                    rates.seat(cast.permanent)
                }
            });
            scores.push(score(name, label, rolls, &probs));
        }
    }
    let calibration = (0..10)
        .map(|b| {
            let (from, to) = (b as f64 / 10.0, (b + 1) as f64 / 10.0);
            let inside: Vec<&(f64, f64)> = calibration_pairs
                .iter()
                .filter(|(p, _)| *p >= from && (*p < to || (b == 9 && *p <= 1.0)))
                .collect();
            let n = inside.len().max(1) as f64;
            CalibrationBin {
                from,
                to,
                count: inside.len(),
                predicted: inside.iter().map(|(p, _)| p).sum::<f64>() / n,
                observed: inside.iter().map(|(_, o)| o).sum::<f64>() / n,
            }
        })
        .collect();
    let drafts = sets[0]
        .par_iter()
        .map(|r| {
            let f = forecast(&model, r, Event::Any, &gh);
            DraftForecast {
                id: r.id.clone(),
                date: r.date.clone(),
                fate: r.fate,
                yes: r.casts.iter().filter(|c| c.vote == Some(0)).count(),
                permanent_no: r.casts.iter().any(|c| c.permanent && c.vote == Some(2)),
                p_reaches_quota: f.reaches_quota,
                p_permanent_no: f.permanent_no,
            }
        })
        .collect();
    Ok(ForecastReport {
        until: until.map(str::to_string),
        evaluate_from: evaluate_from.to_string(),
        fit_summary: FitSummary {
            rolls: model.rolls,
            votes: model.votes,
            members: model.members.len(),
            loglik: model.loglik,
            iterations: model.iterations,
            converged: model.converged,
            gradient_max: model.gradient_max,
            priors,
        },
        scores,
        calibration,
        drafts,
    })
}

/// The score of `predictor` on set `set` (0, 1, 2), if reported.
pub fn find<'a>(report: &'a ForecastReport, set: usize, predictor: &str) -> Option<&'a SetScore> {
    report
        .scores
        .iter()
        .find(|s| s.set == SETS[set] && s.predictor == predictor)
}

/// Fits on every vote the world records between `since` and `until` (inclusive, `YYYY-MM-DD`;
/// all of them without bounds: the shipped model).
///
/// # Errors
/// A world without the alignment windows the covariates need.
pub fn fit_window(
    world: &World,
    since: Option<&str>,
    until: Option<&str>,
    priors: Priors,
) -> Result<PooledFit> {
    let data = PooledData::of_world(world)?.subset(|r| {
        since.is_none_or(|s| r.date.as_str() >= s) && until.is_none_or(|u| r.date.as_str() <= u)
    });
    Ok(fit(&data, priors))
}
