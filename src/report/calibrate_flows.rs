//! The text table, Markdown, CSV and JSON of the flow model's calibration
//! ([`CalibrateFlowsReport`]): the elasticity and its variants, the gravity model and its
//! validation, the destinations year by year.

use super::{Format, Render, RenderOptions, Table, to_json};
use crate::api::CalibrateFlowsReport;
use crate::error::Result;
use crate::flows::dest_validation::{self, Method, YearlyValidation};
use crate::flows::destinations::FEATURES;

impl Render for CalibrateFlowsReport {
    fn render(&self, format: Format, _options: &RenderOptions) -> Result<String> {
        render(self, format)
    }
}

fn pct(x: f64) -> String {
    format!("{:.1}%", 100.0 * x)
}

fn elasticity_table(report: &CalibrateFlowsReport) -> Table {
    let mut t = Table::new([
        "specification",
        "elasticity",
        "s.e.",
        "90% interval",
        "country-years",
        "countries",
        "within R2",
    ]);
    for e in std::iter::once(&report.elasticity).chain(&report.variants) {
        t.push([
            e.spec.label.to_string(),
            format!("{:.3}", e.estimate),
            format!("{:.3}", e.std_error),
            format!("{:.3} to {:.3}", e.interval90[0], e.interval90[1]),
            e.country_years.to_string(),
            e.countries.to_string(),
            format!("{:.3}", e.r2_within),
        ]);
    }
    t
}

fn coefficients_table(report: &CalibrateFlowsReport) -> Table {
    let mut t = Table::new(["covariate", "coefficient"]);
    for (name, b) in FEATURES.iter().zip(report.gravity.model.coefficients) {
        t.push([name.to_string(), format!("{b:.3}")]);
    }
    t
}

fn validation_table(report: &CalibrateFlowsReport) -> Table {
    let mut t = Table::new([
        "conflict",
        "origin",
        "year",
        "land nbrs obs",
        "land nbrs pred",
        "region obs",
        "region pred",
        "Europe obs",
        "Europe pred",
        "MAE states (pp)",
        "misallocated",
    ]);
    for v in &report.gravity.validation {
        t.push([
            v.conflict.clone(),
            v.origin.clone(),
            v.year.to_string(),
            pct(v.observed_neighbour_share),
            pct(v.predicted_neighbour_share),
            pct(v.observed.region),
            pct(v.predicted.region),
            pct(v.observed.europe),
            pct(v.predicted.europe),
            format!("{:.3}", 100.0 * v.mae_states),
            pct(v.misallocated),
        ]);
    }
    t
}

/// The validation of the destinations year by year: one row per method and set of years.
pub fn destinations_table(v: &YearlyValidation) -> Table {
    let mut t = Table::new([
        "method",
        "years",
        "conflict-years",
        "neighbour error (points)",
        "category error (points)",
        "in the wrong state",
    ]);
    for s in &v.summary {
        t.push([
            s.method.to_string(),
            s.years.to_string(),
            s.n.to_string(),
            format!("{:.1}", 100.0 * s.mean.neighbours),
            format!("{:.1}", 100.0 * s.mean.categories),
            pct(s.mean.misallocated),
        ]);
    }
    t
}

fn destinations_summary(v: &YearlyValidation) -> String {
    let bases = v
        .rows
        .iter()
        .filter(|r| {
            !matches!(
                r.previous_basis,
                crate::flows::yearly::SplitBasis::PreviousYear(_)
            )
        })
        .count();
    let err = |m: Method| {
        v.summary
            .iter()
            .find(|s| s.method == m && s.years == "all years")
            .map_or(f64::NAN, |s| 100.0 * s.mean.categories)
    };
    format!(
        "Destinations year by year, on the {} conflicts of the gravity model: each conflict-year with {}+ new arrivals ({} in all) predicted from the previous year's new arrivals (leave-one-year-out; {} fell back to an earlier year, the stocks or the model), from the peak-year stocks (one split per conflict), by the gravity model fitted on the other conflicts and by the radiation model (no fitted parameter). Hypothetical conflicts use the {} model: category error over all conflict-years {:.1} points against {:.1} for the {}.\n",
        v.conflicts.len(),
        v.min_arrivals,
        v.rows.len(),
        bases,
        v.chosen,
        err(match v.chosen {
            dest_validation::DestinationModel::Gravity => Method::Gravity,
            dest_validation::DestinationModel::Radiation => Method::Radiation,
        }),
        err(match v.chosen {
            dest_validation::DestinationModel::Gravity => Method::Radiation,
            dest_validation::DestinationModel::Radiation => Method::Gravity,
        }),
        match v.chosen {
            dest_validation::DestinationModel::Gravity => "radiation",
            dest_validation::DestinationModel::Radiation => "gravity",
        },
    )
}

fn summary(report: &CalibrateFlowsReport) -> String {
    let e = &report.elasticity;
    let g = &report.gravity;
    let left = if g.left_out.is_empty() {
        String::new()
    } else {
        format!(
            "\nLeft out of the gravity fit: {}.",
            g.left_out
                .iter()
                .map(|(c, why)| format!("{c} ({why})"))
                .collect::<Vec<_>>()
                .join("; ")
        )
    };
    format!(
        "Elasticity of refugee outflows to battle deaths: {:.3} (90% interval {:.3} to {:.3}; clustered s.e. {:.3}), {} country-years in {} countries ({} singleton country-years left out). A 10% fall in battle deaths lowers outflows by about {:.1}%.\n\
Gravity model, leave-one-conflict-out over {} conflicts: mean absolute error of state shares {:.3} percentage points, {:.1}% of refugees put in the wrong state on average, mean error of the share going to land neighbours {:.1} points (a baseline predicting each conflict by the mean of the others: {:.1}), of the four category shares {:.1} points (baseline {:.1}). The model captures distance, size and borders, not the asylum policies and diasporas that send some conflicts' refugees far away: treat its splits as rough.{left}\n",
        e.estimate,
        e.interval90[0],
        e.interval90[1],
        e.std_error,
        e.country_years,
        e.countries,
        e.singletons,
        100.0 * (1.0 - 0.9f64.powf(e.estimate)),
        g.validation.len(),
        100.0 * g.mean_mae_states,
        100.0 * g.mean_misallocated,
        100.0 * g.mean_neighbour_error,
        100.0 * g.baseline_neighbour_error,
        100.0 * g.mean_mae_categories,
        100.0 * g.baseline_mae_categories,
    )
}

/// Renders the report.
///
/// # Errors
/// Only a failure to serialise.
fn render(report: &CalibrateFlowsReport, format: Format) -> Result<String> {
    let head = format!(
        "Flow calibration, veto-sim {}, world {}",
        report.provenance.version,
        report.provenance.short_hash()
    );
    let sources = report
        .sources
        .iter()
        .map(|s| format!("- {s}\n"))
        .collect::<String>();
    Ok(match format {
        Format::Json => to_json(report)?,
        Format::Csv => {
            let mut t = Table::new([
                "table",
                "label",
                "estimate",
                "std_error",
                "lower90",
                "upper90",
                "n",
                "clusters",
            ]);
            for e in std::iter::once(&report.elasticity).chain(&report.variants) {
                t.push([
                    "elasticity".to_string(),
                    e.spec.label.to_string(),
                    e.estimate.to_string(),
                    e.std_error.to_string(),
                    e.interval90[0].to_string(),
                    e.interval90[1].to_string(),
                    e.country_years.to_string(),
                    e.countries.to_string(),
                ]);
            }
            for (name, b) in FEATURES.iter().zip(report.gravity.model.coefficients) {
                t.push([
                    "gravity".to_string(),
                    name.to_string(),
                    b.to_string(),
                    String::new(),
                    String::new(),
                    String::new(),
                    report.gravity.model.conflicts.len().to_string(),
                    String::new(),
                ]);
            }
            let mut v = Table::new([
                "conflict",
                "origin",
                "year",
                "neighbours_observed",
                "neighbours_predicted",
                "region_observed",
                "region_predicted",
                "europe_observed",
                "europe_predicted",
                "elsewhere_observed",
                "elsewhere_predicted",
                "mae_states",
                "misallocated",
            ]);
            for r in &report.gravity.validation {
                v.push([
                    r.conflict.clone(),
                    r.origin.clone(),
                    r.year.to_string(),
                    r.observed_neighbour_share.to_string(),
                    r.predicted_neighbour_share.to_string(),
                    r.observed.region.to_string(),
                    r.predicted.region.to_string(),
                    r.observed.europe.to_string(),
                    r.predicted.europe.to_string(),
                    r.observed.elsewhere.to_string(),
                    r.predicted.elsewhere.to_string(),
                    r.mae_states.to_string(),
                    r.misallocated.to_string(),
                ]);
            }
            format!(
                "{}\n{}\n{}",
                t.to_csv()?,
                v.to_csv()?,
                destinations_table(&report.destinations_by_year).to_csv()?
            )
        }
        Format::Table => format!(
            "{head}\n\n{}\nElasticity (log(1 + outflow) on log battle deaths)\n\n{}\nGravity model of destinations (multinomial; fitted on {} conflicts)\n\n{}\nObserved (UNHCR, peak year) and leave-one-out predicted shares\n\n{}\nDestinations year by year against each year's new arrivals\n\n{}\n{}\nSources:\n{sources}",
            summary(report),
            elasticity_table(report).to_text(),
            report.gravity.model.conflicts.len(),
            coefficients_table(report).to_text(),
            validation_table(report).to_text(),
            destinations_summary(&report.destinations_by_year),
            destinations_table(&report.destinations_by_year).to_text(),
        ),
        Format::Markdown => format!(
            "{head}\n\n{}\n### Elasticity (log(1 + outflow) on log battle deaths)\n\n{}\n### Gravity model of destinations (fitted on {} conflicts)\n\n{}\n### Observed (UNHCR, peak year) and leave-one-out predicted shares\n\n{}\n### Destinations year by year against each year's new arrivals\n\n{}\n{}\nSources:\n\n{sources}",
            summary(report),
            elasticity_table(report).to_markdown(),
            report.gravity.model.conflicts.len(),
            coefficients_table(report).to_markdown(),
            validation_table(report).to_markdown(),
            destinations_summary(&report.destinations_by_year),
            destinations_table(&report.destinations_by_year).to_markdown(),
        ),
    })
}
