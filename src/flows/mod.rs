//! From passed interventions to refugees: the conflict-to-refugee-flow estimator and the
//! distribution plans.
//!
//! For a conflict with recorded battle deaths `D(t)` and refugee outflows `R(t)` by year, each
//! linked draft may pass under a rule (its probability comes from the vote model, draft by
//! draft); once passed, after a deployment lag and for a while, battle deaths change by the
//! effect of its kind of action, drawn from a declared prior ([`priors`], with
//! `data/flows/priors.yaml`); outflows follow with the elasticity `epsilon` estimated from the
//! UCDP × UNHCR country-year panel ([`elasticity`]):
//! `R'(t) = R(t) · (D'(t) / D(t))^epsilon`. Refugees averted are split by the observed
//! UNHCR asylum-state shares of the origin, or, for a hypothetical conflict
//! ([`hypothetical`]), by a gravity model validated on the real conflicts ([`destinations`]).
//! The Monte Carlo ([`estimator`]) gives every figure as a mean and a 90% interval over the
//! vote outcomes and the priors; [`run`] assembles a full report. [`keys`] shares refugees out
//! among states by the EU relocation key, a UN-wide key or reception in the region.
//!
//! ```
//! use veto_sim::flows::estimator::{ConflictInput, DraftInput, MaskDist, SeriesYear, Settings, run_conflict};
//! use veto_sim::flows::destinations::Split;
//! use veto_sim::flows::priors::EffectPrior;
//! use veto_sim::world::ActionKind;
//!
//! let input = ConflictInput::with_split(
//!     "example",
//!     (2010..2015).map(|y| SeriesYear { year: y, deaths: Some(1000.0), outflow: Some(50_000.0) }).collect(),
//!     vec![DraftInput { id: "d".into(), kind: ActionKind::Peacekeeping, date: 2011.0,
//!         masks: MaskDist::nested(&[0.0, 0.5]) }],
//!     Split { neighbours: 0.6, region: 0.1, europe: 0.2, elsewhere: 0.1 },
//! );
//! let prior = EffectPrior { change: -0.7, interval90: [-0.9, -0.1], lag_months: [3.0, 12.0],
//!     duration_years: [3.0, 10.0], outcome: String::new(), source: String::new() };
//! let settings = Settings { trials: 2000, seed: 1, rules: 2, elasticity_mean: 0.25, elasticity_sd: 0.04,
//!     elasticity_mixture: Vec::new(), effects: vec![prior; 9], by_year: false };
//! let run = run_conflict(&input, 0, &settings);
//! // Rule 0 never passes the draft: nothing averted.
//! assert!(run.refugees[0].iter().all(|r| *r == 0.0));
//! assert!(run.refugees[1].iter().sum::<f64>() > 0.0);
//! ```

pub mod dest_validation;
pub mod destinations;
pub mod elasticity;
pub mod estimator;
pub mod hypothetical;
pub mod keys;
pub mod language_validation;
pub mod languages;
pub mod priors;
pub mod run;
pub mod yearly;

pub use estimator::Summary;

use crate::error::{Error, Result};
use crate::world::World;

/// Checks that `world` has the flow tables (a `--data` folder built before them has not).
///
/// # Errors
/// [`Error::Usage`] saying which tables are missing and how to make them.
pub fn require_tables(world: &World) -> Result<()> {
    let mut missing = Vec::new();
    if world.flows_panel.is_empty() {
        missing.push(crate::world::schema::FLOWS_PANEL_FILE);
    }
    if world.hosts.is_empty() {
        missing.push(crate::world::schema::HOST_STATES_FILE);
    }
    if missing.is_empty() {
        Ok(())
    } else {
        Err(Error::Usage(format!(
            "this world has no {}: rebuild its folder with `veto-sim data build --from RAW --out DIR`",
            missing.join(" or ")
        )))
    }
}
pub use priors::FlowPriors;
pub use run::{FlowsOptions, FlowsReport, estimate};
