//! The vote model's parameter file (`veto-sim calibrate votes --write-model FILE`): the pooled
//! model fitted on every recorded vote of the selection, in the layout of
//! `data/model/default.yaml`, with its forecast scores.

use super::{CalibrateVotesOptions, with_threads};
use crate::calibrate::pooled::{self, Priors};
use crate::calibrate::{CalibrationReport, model_file};
use crate::error::Result;
use crate::world::World;

/// The parameter file of the pooled model fitted on the drafts `options` selects, dated
/// today. Its scores are those of `report`'s forecast (`--evaluate-from`), or of the standard
/// split (a fit to 2019 scored on 2020 on) when the report has none.
///
/// # Errors
/// Too few votes to fit, a failure to start the threads.
pub fn model_file(
    world: &World,
    options: &CalibrateVotesOptions,
    report: &CalibrationReport,
) -> Result<String> {
    let filter = &options.config.filter;
    with_threads(options.threads, || -> Result<String> {
        let full = pooled::forecast::fit_window(
            world,
            filter.since.as_deref(),
            filter.until.as_deref(),
            Priors::default(),
        )?;
        let scores = match &report.pooled {
            Some(p) => p.clone(),
            None => pooled::forecast::forecast_report(
                world,
                Some(pooled::forecast::STANDARD_SPLIT.0),
                pooled::forecast::STANDARD_SPLIT.1,
                Priors::default(),
            )?,
        };
        pooled::model_file::render(&full, &scores, filter, world.hash(), &model_file::today())
    })?
}
