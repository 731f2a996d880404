//! Estimating the vote model from the recorded Council votes, and validating it.
//!
//! [`calibrate`] fits the vote model of [`crate::vote`] — an ordered probit with a draft-level
//! random effect — by maximum likelihood to the member-by-member votes of the annotated drafts
//! ([`data`]), integrating the draft shock by Gauss–Hermite quadrature ([`likelihood`]) and
//! maximising by damped Newton steps ([`optim`]); it reports estimates with standard errors
//! from the observed information ([`fit`]), compares the fit with two baselines (the same
//! model without the alignment term; each member's overall vote rates), and scores all three
//! out of sample ([`evaluate`]): by leave-one-draft-out cross-validation, and, with an
//! evaluation date, as a forecast of the later drafts by fits on the earlier ones. [`model_file`]
//! writes the estimates in the layout of `data/model/default.yaml`.
//!
//! The fit is deterministic: fixed starting values, a deterministic optimiser, sums taken in a
//! fixed order whatever the number of threads.

pub mod data;
pub mod evaluate;
pub mod fit;
pub mod likelihood;
pub mod model_file;
pub mod optim;
pub mod pooled;

use serde::Serialize;

pub use data::{DataSummary, VoteData};
pub use evaluate::{ScoreRow, Scores};
pub use fit::{Estimate, KindGroups, MemberRates, ModelFit, Status};

use crate::error::{Error, Result};
use crate::vote::ModelParams;
use crate::world::DraftFilter;
use crate::world::{WindowChoice, World};

/// What to fit and how to evaluate it.
#[derive(Debug, Clone, PartialEq)]
pub struct CalibrateConfig {
    /// The drafts the fit uses (`--since`/`--until`).
    pub filter: DraftFilter,
    /// Score the fit as a forecast of the drafts from this date (`YYYY-MM-DD`) on.
    pub evaluate_from: Option<String>,
    /// Where the alignment weights come from.
    pub window: WindowChoice,
    /// Gauss–Hermite nodes.
    pub nodes: usize,
    /// Whether to run the leave-one-draft-out cross-validation.
    pub cross_validate: bool,
}

impl Default for CalibrateConfig {
    fn default() -> Self {
        CalibrateConfig {
            filter: DraftFilter::default(),
            evaluate_from: None,
            window: WindowChoice::Era,
            nodes: fit::DEFAULT_NODES,
            cross_validate: true,
        }
    }
}

/// A model's in-sample fit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FitRow {
    /// The model.
    pub model: String,
    /// Its number of parameters.
    pub parameters: usize,
    /// Its maximised log-likelihood.
    pub loglik: f64,
    /// Akaike's information criterion, `2k - 2 ln L`.
    pub aic: f64,
}

/// The likelihood-ratio test of the alignment term.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LikelihoodRatio {
    /// `2 (ln L_full - ln L_without)`.
    pub statistic: f64,
    /// Degrees of freedom.
    pub df: usize,
    /// The p-value from the chi-squared distribution.
    pub p_value: f64,
}

/// Scores of a forecast.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Forecast {
    /// The first date forecast.
    pub from: String,
    /// The drafts forecast.
    pub data: DataSummary,
    /// Scores of the three predictors, fitted on the earlier drafts.
    pub scores: Vec<ScoreRow>,
}

/// What a calibration records about itself.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CalibrationMeta {
    /// The tool, its version and the world.
    #[serde(flatten)]
    pub provenance: crate::world::Provenance,
}

/// The resolved configuration.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CalibrationConfigRecord {
    /// The drafts fitted, in words.
    pub selection: String,
    /// The filter.
    pub filter: DraftFilter,
    /// The forecast's first date.
    pub evaluate_from: Option<String>,
    /// The alignment windows.
    pub window: String,
    /// Gauss–Hermite nodes.
    pub nodes: usize,
    /// Whether leave-one-out cross-validation ran.
    pub cross_validated: bool,
}

/// The result of `veto-sim calibrate votes`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CalibrationReport {
    /// How to reproduce it.
    pub meta: CalibrationMeta,
    /// What was fitted.
    pub config: CalibrationConfigRecord,
    /// The drafts and votes fitted.
    pub data: DataSummary,
    /// Recorded votes of members without alignment data, left out.
    pub unaligned_votes: usize,
    /// Recorded absences, left out.
    pub absences: usize,
    /// Annotated drafts of the selection left out, with why.
    pub excluded: Vec<(String, String)>,
    /// The vote model's fit.
    pub model: ModelFit,
    /// The baseline without the alignment term.
    pub without_alignment: ModelFit,
    /// The member-rates baseline.
    pub member_rates: MemberRates,
    /// In-sample comparison.
    pub fits: Vec<FitRow>,
    /// Does alignment improve the fit in sample?
    pub alignment_test: LikelihoodRatio,
    /// Leave-one-draft-out scores.
    pub cross_validation: Option<Vec<ScoreRow>>,
    /// Forecast scores.
    pub forecast: Option<Forecast>,
    /// The pooled model fitted on every vote up to the training end and scored, with its
    /// baselines, on the three evaluation sets (with `--evaluate-from`).
    pub pooled: Option<pooled::forecast::ForecastReport>,
    /// The fitted parameters in the vote model's terms.
    pub params: ModelParams,
}

/// The p-value of a chi-squared statistic with one degree of freedom.
pub fn chi2_1_p(x: f64) -> f64 {
    statrs::function::erf::erfc((x.max(0.0) / 2.0).sqrt())
}

/// Fits and evaluates the vote model on `world`'s record.
///
/// # Errors
/// Too few drafts, a forecast date inside the fitted period, a parameter the data cannot
/// determine.
pub fn calibrate(world: &World, config: &CalibrateConfig) -> Result<CalibrationReport> {
    let all = VoteData::from_world(world, &config.filter, &config.window)?;
    let excluded = all.excluded.clone();
    let (train, test) = match &config.evaluate_from {
        None => (all, None),
        Some(from) => {
            if let Some(until) = &config.filter.until
                && until >= from
            {
                return Err(Error::Usage(format!(
                    "`--evaluate-from {from}` must come after `--until {until}`: a forecast is scored on drafts the fit has not seen"
                )));
            }
            let before = all.subset(|d| draft_span_of(d).1 < *from);
            let unfiltered = DraftFilter {
                until: None,
                ..config.filter.clone()
            };
            let later = VoteData::from_world(world, &unfiltered, &config.window)?
                .subset(|d| draft_span_of(d).0 >= *from);
            if later.drafts.is_empty() {
                return Err(Error::Usage(format!(
                    "no annotated draft with recorded member votes from {from} on to forecast"
                )));
            }
            (before, Some(later))
        }
    };
    train.require_drafts("the fit")?;
    let groups = KindGroups::from_data(&train);
    let model = fit::fit_model(&train, &groups, true, config.nodes)?;
    let plain = fit::fit_model(&train, &groups, false, config.nodes)?;
    let rates = MemberRates::from_data(&train);
    let statistic = 2.0 * (model.loglik - plain.loglik);
    let fits = vec![
        FitRow {
            model: evaluate::PREDICTORS[0].into(),
            parameters: model.free_parameters,
            loglik: model.loglik,
            aic: 2.0 * model.free_parameters as f64 - 2.0 * model.loglik,
        },
        FitRow {
            model: evaluate::PREDICTORS[1].into(),
            parameters: plain.free_parameters,
            loglik: plain.loglik,
            aic: 2.0 * plain.free_parameters as f64 - 2.0 * plain.loglik,
        },
        FitRow {
            model: evaluate::PREDICTORS[2].into(),
            parameters: rates.parameters,
            loglik: rates.loglik,
            aic: 2.0 * rates.parameters as f64 - 2.0 * rates.loglik,
        },
    ];
    let cross_validation = config
        .cross_validate
        .then(|| evaluate::leave_one_out(&train, &model, &plain));
    let forecast = test.map(|t| Forecast {
        from: config.evaluate_from.clone().unwrap_or_default(),
        data: t.summary(),
        scores: evaluate::score(&t, &model, &plain, &rates),
    });
    let pooled = match &config.evaluate_from {
        Some(from) => Some(pooled::forecast::forecast_report(
            world,
            config.filter.until.as_deref(),
            from,
            pooled::Priors::default(),
        )?),
        None => None,
    };
    let selection = match &config.evaluate_from {
        Some(from) if config.filter.until.is_none() => {
            let base = config.filter.describe();
            if config.filter.is_empty() {
                format!("drafts before {from}")
            } else {
                format!("{base}, before {from}")
            }
        }
        _ => config.filter.describe(),
    };
    Ok(CalibrationReport {
        meta: CalibrationMeta {
            provenance: crate::world::Provenance::of(world),
        },
        config: CalibrationConfigRecord {
            selection,
            filter: config.filter.clone(),
            evaluate_from: config.evaluate_from.clone(),
            window: config.window.describe(),
            nodes: config.nodes,
            cross_validated: config.cross_validate,
        },
        data: train.summary(),
        unaligned_votes: train
            .drafts
            .iter()
            .flat_map(|d| &d.members)
            .filter(|m| !m.aligned && m.vote.is_some())
            .count(),
        absences: train
            .drafts
            .iter()
            .flat_map(|d| &d.members)
            .filter(|m| m.vote.is_none())
            .count(),
        excluded,
        params: model.params(),
        alignment_test: LikelihoodRatio {
            statistic,
            df: 1,
            p_value: chi2_1_p(statistic),
        },
        model,
        without_alignment: plain,
        member_rates: rates,
        fits,
        cross_validation,
        forecast,
        pooled,
    })
}

fn draft_span_of(d: &data::DraftData) -> (String, String) {
    if d.date.len() == 4 {
        (format!("{}-01-01", d.date), format!("{}-12-31", d.date))
    } else {
        (d.date.clone(), d.date.clone())
    }
}
