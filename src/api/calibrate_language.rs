//! The regional key's language weight validated on the record (`veto-sim calibrate
//! language`): the destinations validation's errors for the key with and without it.

use serde::Serialize;

use crate::error::Result;
use crate::flows::language_validation::{LanguageValidation, WEIGHTS, validate};
use crate::flows::priors::FlowPriors;
use crate::world::World;

/// What [`calibrate_language`] compares.
#[derive(Debug, Clone)]
pub struct CalibrateLanguageOptions {
    /// The flow priors (the regional key, Europe, the arrivals threshold).
    pub priors: FlowPriors,
    /// The language weights compared (the priors' own is always added); empty: the default
    /// ones.
    pub weights: Vec<f64>,
}

/// What a validation records about its run.
#[derive(Debug, Clone, Serialize)]
pub struct CalibrateLanguageMeta {
    /// The tool, its version and the world.
    #[serde(flatten)]
    pub provenance: crate::world::Provenance,
    /// The flow parameter file.
    pub priors: String,
}

/// The result of `veto-sim calibrate language`.
#[derive(Debug, Clone, Serialize)]
pub struct CalibrateLanguageReport {
    /// How to reproduce it.
    pub meta: CalibrateLanguageMeta,
    /// The validation.
    pub validation: LanguageValidation,
}

/// Validates the regional key's language weight.
///
/// # Errors
/// A negative or non-finite weight; too little data to validate on.
pub fn calibrate_language(
    world: &World,
    options: &CalibrateLanguageOptions,
) -> Result<CalibrateLanguageReport> {
    crate::flows::require_tables(world)?;
    if let Some(w) = options
        .weights
        .iter()
        .find(|w| !(w.is_finite() && **w >= 0.0))
    {
        return Err(crate::error::Error::Usage(format!(
            "--weights: a language weight must be at least 0, got {w}"
        )));
    }
    let weights = if options.weights.is_empty() {
        WEIGHTS.to_vec()
    } else {
        options.weights.clone()
    };
    Ok(CalibrateLanguageReport {
        meta: CalibrateLanguageMeta {
            provenance: crate::world::Provenance::of(world),
            priors: options.priors.file.clone(),
        },
        validation: validate(world, &options.priors, &weights)?,
    })
}
