//! Out-of-sample scores: leave-one-draft-out cross-validation and forecasts of later drafts.
//!
//! A predictor gives each member's probabilities of voting yes, abstaining and voting no on a
//! draft it has not seen, and the probability that the Council adopts the draft under the
//! rule of its time (7 of 11 votes to 1965, then 9 of 15, a permanent member's no blocking):
//!
//! * the vote model integrates the draft's shock out: a member's marginal probabilities are
//!   `P(yes) = Phi(x / tau)`, `P(no) = Phi((-c - x) / tau)` with `tau = sqrt(1 + sigma^2)`, and
//!   the adoption probability is the exact dynamic programme over the members given `eta`,
//!   integrated by Gauss–Hermite quadrature (members vote independently only given `eta`);
//! * the member-rates baseline treats votes as independent draws from each member's rates.
//!
//! Scores: the mean log loss (natural log) and the accuracy (the most probable vote is the
//! vote cast) of member votes; and for each draft with a full tally, the log loss and accuracy
//! of the adoption outcome and of whether the draft reached the affirmative votes it needed
//! (vetoed drafts did, drafts that failed for want of votes did not). Every draft in the record
//! was in fact *not* adopted, so the adoption score only measures how little probability a
//! predictor wastes on adoption; reaching the quota is the informative outcome.

use rayon::prelude::*;
use serde::Serialize;

use super::data::{DraftData, Member, VoteData};
use super::fit::{MemberRates, ModelFit};
use crate::engine::GaussHermite;
use crate::vote::{phi, vote_probabilities};

/// Nodes of the quadrature over the shock when predicting adoption.
pub const OUTCOME_NODES: usize = 32;

/// Anything that predicts votes and outcomes of unseen drafts.
pub trait Predictor: Sync {
    /// A member's probabilities of yes, abstain, no.
    fn vote(&self, d: &DraftData, m: &Member) -> [f64; 3];
    /// The probabilities that the draft is adopted and that it reaches its quota.
    fn outcome(&self, d: &DraftData) -> [f64; 2];
}

/// The vote model as a predictor.
#[derive(Debug, Clone)]
pub struct ModelPredictor<'a> {
    fit: &'a ModelFit,
    gh: GaussHermite,
}

impl<'a> ModelPredictor<'a> {
    /// Wraps a fit.
    pub fn new(fit: &'a ModelFit) -> Self {
        ModelPredictor {
            fit,
            gh: GaussHermite::new(OUTCOME_NODES),
        }
    }
}

impl Predictor for ModelPredictor<'_> {
    fn vote(&self, d: &DraftData, m: &Member) -> [f64; 3] {
        let x = self.fit.linear(d, m);
        let c = self.fit.cut(m.permanent);
        let tau = (1.0 + self.fit.sigma().powi(2)).sqrt();
        let yes = phi(x / tau);
        let no = phi((-c - x) / tau);
        [yes, (1.0 - yes - no).max(0.0), no]
    }

    fn outcome(&self, d: &DraftData) -> [f64; 2] {
        let x: Vec<(f64, f64, bool)> = d
            .members
            .iter()
            .map(|m| {
                (
                    self.fit.linear(d, m),
                    self.fit.cut(m.permanent),
                    m.permanent,
                )
            })
            .collect();
        let sigma = self.fit.sigma();
        let mut out = [0.0; 2];
        for (z, w) in self.gh.nodes.iter().zip(&self.gh.weights) {
            let eta = sigma * z;
            let probs: Vec<([f64; 3], bool)> = x
                .iter()
                .map(|&(xi, c, holder)| (vote_probabilities(xi, eta, c), holder))
                .collect();
            let o = council_outcome(&probs, d.quota);
            out[0] += w * o[0];
            out[1] += w * o[1];
        }
        out
    }
}

impl Predictor for MemberRates {
    fn vote(&self, _d: &DraftData, m: &Member) -> [f64; 3] {
        self.probs(&m.code, m.permanent)
    }

    fn outcome(&self, d: &DraftData) -> [f64; 2] {
        let probs: Vec<([f64; 3], bool)> = d
            .members
            .iter()
            .map(|m| (self.probs(&m.code, m.permanent), m.permanent))
            .collect();
        council_outcome(&probs, d.quota)
    }
}

/// The probabilities that independent members with vote probabilities `(yes, abstain, no)`
/// adopt a draft (at least `quota` yes and no holder's no) and that they reach the quota.
pub fn council_outcome(members: &[([f64; 3], bool)], quota: u32) -> [f64; 2] {
    let n = members.len();
    // dp[y][v]: y yes votes so far, v = whether a holder has voted no.
    let mut dp = vec![[0.0f64; 2]; n + 1];
    dp[0][0] = 1.0;
    for (i, &([py, pa, pn], holder)) in members.iter().enumerate() {
        let mut next = vec![[0.0f64; 2]; n + 1];
        for y in 0..=i {
            for v in 0..2 {
                let p = dp[y][v];
                if p == 0.0 {
                    continue;
                }
                next[y + 1][v] += p * py;
                next[y][v] += p * pa;
                next[y][if holder { 1 } else { v }] += p * pn;
            }
        }
        dp = next;
    }
    let q = quota as usize;
    let adopt: f64 = dp.iter().skip(q).map(|s| s[0]).sum();
    let major: f64 = dp.iter().skip(q).map(|s| s[0] + s[1]).sum();
    [adopt.clamp(0.0, 1.0), major.clamp(0.0, 1.0)]
}

/// Scores of one predictor over a set of drafts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Scores {
    /// Member votes scored.
    pub votes: usize,
    /// Mean log loss of member votes.
    pub vote_log_loss: f64,
    /// Share of member votes whose most probable value was cast.
    pub vote_accuracy: f64,
    /// Votes of permanent members scored.
    pub permanent_votes: usize,
    /// Mean log loss of permanent members' votes.
    pub permanent_log_loss: f64,
    /// Mean log loss of elected members' votes.
    pub elected_log_loss: f64,
    /// Drafts with a full tally scored on their outcome.
    pub drafts: usize,
    /// Mean log loss of the adoption outcome.
    pub adoption_log_loss: f64,
    /// Share of drafts whose adoption outcome had probability above one half.
    pub adoption_accuracy: f64,
    /// Mean predicted probability of adoption (every draft scored was not adopted).
    pub adoption_mean_p: f64,
    /// Mean log loss of reaching the quota.
    pub quota_log_loss: f64,
    /// Share of drafts whose reaching the quota (or not) had probability above one half.
    pub quota_accuracy: f64,
}

/// Sums of one predictor's scores.
#[derive(Debug, Clone, Copy, Default)]
pub struct Sums {
    votes: usize,
    vote_loss: f64,
    vote_hits: usize,
    perm_votes: usize,
    perm_loss: f64,
    drafts: usize,
    adopt_loss: f64,
    adopt_hits: usize,
    adopt_p: f64,
    quota_loss: f64,
    quota_hits: usize,
}

fn binary_loss(p: f64, happened: bool) -> f64 {
    let p = p.clamp(1e-12, 1.0 - 1e-12);
    -if happened { p.ln() } else { (1.0 - p).ln() }
}

impl Sums {
    /// Scores one draft.
    pub fn draft(pred: &dyn Predictor, d: &DraftData) -> Sums {
        let mut s = Sums::default();
        for m in d.members.iter().filter(|m| m.counts()) {
            let p = pred.vote(d, m);
            let v = m.vote.unwrap_or(0) as usize;
            s.votes += 1;
            let loss = -p[v].max(1e-12).ln();
            s.vote_loss += loss;
            if m.permanent {
                s.perm_votes += 1;
                s.perm_loss += loss;
            }
            let best = (0..3).fold(0, |b, k| if p[k] > p[b] { k } else { b });
            s.vote_hits += usize::from(best == v);
        }
        if d.full {
            let [adopt, quota] = pred.outcome(d);
            // Every draft of the record failed: it was not adopted.
            s.drafts = 1;
            s.adopt_loss = binary_loss(adopt, false);
            s.adopt_hits = usize::from(adopt < 0.5);
            s.adopt_p = adopt;
            let reached = d.majority();
            s.quota_loss = binary_loss(quota, reached);
            s.quota_hits = usize::from((quota >= 0.5) == reached);
        }
        s
    }

    /// Adds another draft's sums.
    pub fn add(&mut self, o: &Sums) {
        self.votes += o.votes;
        self.vote_loss += o.vote_loss;
        self.vote_hits += o.vote_hits;
        self.perm_votes += o.perm_votes;
        self.perm_loss += o.perm_loss;
        self.drafts += o.drafts;
        self.adopt_loss += o.adopt_loss;
        self.adopt_hits += o.adopt_hits;
        self.adopt_p += o.adopt_p;
        self.quota_loss += o.quota_loss;
        self.quota_hits += o.quota_hits;
    }

    /// The means.
    pub fn scores(&self) -> Scores {
        let v = self.votes.max(1) as f64;
        let d = self.drafts.max(1) as f64;
        Scores {
            votes: self.votes,
            vote_log_loss: self.vote_loss / v,
            vote_accuracy: self.vote_hits as f64 / v,
            permanent_votes: self.perm_votes,
            permanent_log_loss: self.perm_loss / self.perm_votes.max(1) as f64,
            elected_log_loss: (self.vote_loss - self.perm_loss)
                / (self.votes - self.perm_votes).max(1) as f64,
            drafts: self.drafts,
            adoption_log_loss: self.adopt_loss / d,
            adoption_accuracy: self.adopt_hits as f64 / d,
            adoption_mean_p: self.adopt_p / d,
            quota_log_loss: self.quota_loss / d,
            quota_accuracy: self.quota_hits as f64 / d,
        }
    }
}

/// One predictor's scores.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreRow {
    /// The predictor.
    pub model: String,
    /// Its scores.
    pub scores: Scores,
}

/// The names of the three predictors, in output order.
pub const PREDICTORS: [&str; 3] = ["vote model", "without alignment", "member rates"];

/// Leave-one-draft-out cross-validation of the model (`full`), the model without alignment
/// (`plain`) and the member rates: each draft is predicted by fits on all the others (refitted
/// from the full-data fits with their Hessians; parameters held in the full fit stay held).
///
/// # Complexity
/// One refit of each model per draft, spread over the rayon pool; results are added in the
/// drafts' order.
pub fn leave_one_out(data: &VoteData, full: &ModelFit, plain: &ModelFit) -> Vec<ScoreRow> {
    let n = data.drafts.len();
    let folds: Vec<[Sums; 3]> = (0..n)
        .into_par_iter()
        .map(|j| {
            let train = VoteData {
                drafts: data
                    .drafts
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| *i != j)
                    .map(|(_, d)| d.clone())
                    .collect(),
                ..data.subset(|_| false)
            };
            let held_out = &data.drafts[j];
            let a = full.refit(&train);
            let b = plain.refit(&train);
            let rates = MemberRates::from_data(&train);
            [
                Sums::draft(&ModelPredictor::new(&a), held_out),
                Sums::draft(&ModelPredictor::new(&b), held_out),
                Sums::draft(&rates, held_out),
            ]
        })
        .collect();
    rows(&folds)
}

/// Scores of the three predictors, fitted elsewhere, on `test`.
pub fn score(
    test: &VoteData,
    full: &ModelFit,
    plain: &ModelFit,
    rates: &MemberRates,
) -> Vec<ScoreRow> {
    let a = ModelPredictor::new(full);
    let b = ModelPredictor::new(plain);
    let per: Vec<[Sums; 3]> = test
        .drafts
        .par_iter()
        .map(|d| {
            [
                Sums::draft(&a, d),
                Sums::draft(&b, d),
                Sums::draft(rates, d),
            ]
        })
        .collect();
    rows(&per)
}

fn rows(per: &[[Sums; 3]]) -> Vec<ScoreRow> {
    let mut total = [Sums::default(); 3];
    for f in per {
        for (t, s) in total.iter_mut().zip(f) {
            t.add(s);
        }
    }
    PREDICTORS
        .iter()
        .zip(total)
        .map(|(name, t)| ScoreRow {
            model: name.to_string(),
            scores: t.scores(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn council_outcome_matches_enumeration() {
        let members = vec![
            ([0.6, 0.3, 0.1], true),
            ([0.5, 0.2, 0.3], false),
            ([0.7, 0.1, 0.2], true),
            ([0.4, 0.4, 0.2], false),
        ];
        let got = council_outcome(&members, 2);
        let (mut adopt, mut quota) = (0.0, 0.0);
        for code in 0..81u32 {
            let mut c = code;
            let (mut p, mut yes, mut vetoed) = (1.0, 0, false);
            for (probs, holder) in &members {
                let v = (c % 3) as usize;
                c /= 3;
                p *= probs[v];
                yes += usize::from(v == 0);
                vetoed |= *holder && v == 2;
            }
            if yes >= 2 {
                quota += p;
                if !vetoed {
                    adopt += p;
                }
            }
        }
        assert!((got[0] - adopt).abs() < 1e-12 && (got[1] - quota).abs() < 1e-12);
    }

    #[test]
    fn binary_loss_is_finite_at_the_edges() {
        assert!(binary_loss(0.0, true).is_finite());
        assert!((binary_loss(0.5, false) - std::f64::consts::LN_2).abs() < 1e-12);
    }
}
