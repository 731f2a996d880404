//! The calibration of the flow model (`veto-sim calibrate flows`): the elasticity of refugee
//! outflows to battle deaths, the gravity model of destinations and its validation year by
//! year, in one report.

use serde::Serialize;

use crate::error::Result;
use crate::flows::dest_validation::{self, YearlyValidation};
use crate::flows::destinations::{self, GravityReport};
use crate::flows::elasticity::{self, Elasticity};
use crate::flows::priors::FlowPriors;
use crate::world::World;

/// What [`calibrate_flows`] reads besides the world.
#[derive(Debug, Clone)]
pub struct CalibrateFlowsOptions {
    /// The flow priors (the gravity model's sample and the definition of Europe);
    /// [`super::priors_from`] reads them.
    pub priors: FlowPriors,
}

/// The result of `veto-sim calibrate flows`.
#[derive(Debug, Clone, Serialize)]
pub struct CalibrateFlowsReport {
    /// The tool, its version and the world.
    #[serde(flatten)]
    pub provenance: crate::world::Provenance,
    /// The main estimate (the one `veto-sim flows` uses).
    pub elasticity: Elasticity,
    /// The variants.
    pub variants: Vec<Elasticity>,
    /// The gravity model and its validation.
    pub gravity: GravityReport,
    /// The destinations year by year, validated on each conflict-year's new arrivals.
    pub destinations_by_year: YearlyValidation,
    /// Where the figures come from.
    pub sources: Vec<String>,
}

/// Computes the report.
///
/// # Errors
/// A world without the flow tables, a panel too small, or too few conflicts for the gravity
/// model.
pub fn calibrate_flows(
    world: &World,
    options: &CalibrateFlowsOptions,
) -> Result<CalibrateFlowsReport> {
    let priors = &options.priors;
    crate::flows::require_tables(world)?;
    let main = elasticity::fit(&world.flows_panel, &elasticity::MAIN)?;
    let variants = elasticity::VARIANTS
        .iter()
        .map(|s| elasticity::fit(&world.flows_panel, s))
        .collect::<Result<Vec<_>>>()?;
    let gravity = destinations::gravity(world, priors)?;
    let destinations_by_year = dest_validation::validate(world, priors, &gravity)?;
    let chosen = destinations_by_year.chosen;
    Ok(CalibrateFlowsReport {
        provenance: crate::world::Provenance::of(world),
        elasticity: main,
        variants,
        gravity,
        destinations_by_year,
        sources: vec![
            "battle deaths: data/flows_panel.csv (PRIO Battle-deaths 3.1 to 1988, UCDP GED 23.1 from 1989, via kvelleby/poldat; best estimates)".into(),
            "outflows: data/flows_panel.csv (UNHCR new arrivals: refugees plus asylum seekers by origin and year, unhcr/unhcr_flows.csv)".into(),
            "destinations: data/conflict_destinations.csv (UNHCR stocks by asylum state at each conflict's peak year); population, GDP, centroids: data/states.csv; borders and subregions: data/host_states.csv".into(),
            format!("gravity sample and Europe: {}", priors.file),
            format!(
                "destinations year by year: data/conflict_arrivals.csv (UNHCR new arrivals by origin, year and asylum state, unhcr/unhcr_flows.csv); a year counts with {}+ arrivals (destinations.min_arrivals); hypothetical conflicts use the {chosen} model (lower category error over all conflict-years)",
                priors.destinations.min_arrivals
            ),
        ],
    })
}
