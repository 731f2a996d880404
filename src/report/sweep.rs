//! The chart of a sweep's cells (`veto-sim sweep --plot` and `veto-sim merge --plot`): lines
//! along one axis with a line per rule, or a heat map of one rule over two axes, of one
//! figure of cells.csv ([`PlotMetric`]); the other axes stay at their first value.

use std::path::Path;

use crate::charts::{self, HeatMap, Lines, Series};
use crate::engine::stats::Z95;
use crate::error::{Error, Result, did_you_mean};
use crate::sweep::manifest::Manifest;
use crate::sweep::row::{Averted, Row, RuleRow, value_text};
use crate::sweep::store::ROWS;

/// A figure of a sweep's cells that a chart can draw (the columns of cells.csv).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PlotMetric {
    /// Mean probability of adoption over the drafts, with its 95% interval (p_adopt).
    #[default]
    Adoption,
    /// Expected number of the drafts adopted, with its 95% interval (expected_adopted).
    ExpectedAdopted,
    /// Mean probability that the veto blocks a draft that has the votes (blocked_by_veto).
    BlockedByVeto,
    /// Mean probability that the Assembly adopts a draft after a veto (assembly_adoption).
    AssemblyAdoption,
    /// Refugees averted, with the 90% interval (refugees_averted; sweeps with `flows: true`).
    RefugeesAverted,
    /// Arrivals in Europe averted, with the 90% interval (europe_averted; `flows: true`).
    EuropeAverted,
}

/// What a sweep chart shows, as given (names are checked against the sweep's manifest).
#[derive(Debug, Clone, Default)]
pub struct SweepPlot {
    /// The axes to draw, comma-separated (one for lines, two for a heat map); `None`: the first
    /// one or two.
    pub axes: Option<String>,
    /// The rule a heat map shows (default: the first).
    pub rule: Option<String>,
    /// The figure drawn.
    pub metric: PlotMetric,
}

impl PlotMetric {
    /// The metric's name on the command line (`--plot-metric`).
    pub fn name(self) -> &'static str {
        match self {
            PlotMetric::Adoption => "adoption",
            PlotMetric::ExpectedAdopted => "expected-adopted",
            PlotMetric::BlockedByVeto => "blocked-by-veto",
            PlotMetric::AssemblyAdoption => "assembly-adoption",
            PlotMetric::RefugeesAverted => "refugees-averted",
            PlotMetric::EuropeAverted => "europe-averted",
        }
    }

    /// The value and its interval in one rule's results (`NaN` where the sweep has none).
    fn value(self, r: &RuleRow) -> (f64, f64, f64) {
        let flow = |a: Option<Averted>| {
            a.map_or((f64::NAN, f64::NAN, f64::NAN), |a| (a.mean, a.p05, a.p95))
        };
        match self {
            PlotMetric::Adoption => (r.p_adopt, r.lower95, r.upper95),
            PlotMetric::ExpectedAdopted => (
                r.expected_adopted,
                r.expected_adopted - Z95 * r.std_error,
                r.expected_adopted + Z95 * r.std_error,
            ),
            PlotMetric::BlockedByVeto => (r.blocked_by_veto, f64::NAN, f64::NAN),
            PlotMetric::AssemblyAdoption => (r.assembly_adoption, f64::NAN, f64::NAN),
            PlotMetric::RefugeesAverted => flow(r.refugees_averted),
            PlotMetric::EuropeAverted => flow(r.europe_averted),
        }
    }

    /// Whether the figure comes from the refugee-flow estimate.
    fn is_flow(self) -> bool {
        matches!(
            self,
            PlotMetric::RefugeesAverted | PlotMetric::EuropeAverted
        )
    }

    /// The vertical axis (or colour scale) and the title's words.
    fn labels(self, drafts: usize) -> (&'static str, &'static str) {
        match self {
            PlotMetric::Adoption if drafts == 1 => ("probability of adoption (0-1)", "adoption"),
            PlotMetric::Adoption => (
                "mean probability of adoption over the drafts (0-1)",
                "adoption",
            ),
            PlotMetric::ExpectedAdopted => (
                "expected number of drafts adopted (95% interval)",
                "drafts adopted",
            ),
            PlotMetric::BlockedByVeto => (
                "mean probability the veto blocks a draft with the votes (0-1)",
                "drafts blocked by the veto",
            ),
            PlotMetric::AssemblyAdoption => (
                "mean probability the Assembly adopts a vetoed draft (0-1)",
                "adoption by the Assembly",
            ),
            PlotMetric::RefugeesAverted => (
                "refugees averted (people; mean and 90% interval)",
                "refugees averted",
            ),
            PlotMetric::EuropeAverted => (
                "arrivals in Europe averted (people; mean and 90% interval)",
                "arrivals in Europe averted",
            ),
        }
    }
}

/// The final rows of a finished sweep folder.
///
/// # Errors
/// A folder without them, or a row that does not parse.
pub fn finished_rows(dir: &Path) -> Result<Vec<Row>> {
    let path = dir.join(ROWS);
    let text = std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?;
    text.lines()
        .map(|l| Row::parse(l).map_err(Error::Runtime))
        .collect()
}

/// The axes and rule a chart shows, checked against the manifest.
fn choice(plot: &SweepPlot, m: &Manifest) -> Result<(Vec<usize>, usize)> {
    let names = m.axis_names();
    let axes: Vec<usize> = match &plot.axes {
        None => (0..names.len().min(2)).collect(),
        Some(list) => list
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|a| {
                names.iter().position(|n| n == a).ok_or_else(|| {
                    Error::Usage(format!(
                        "--plot-axes: `{a}` is not an axis of this sweep (its axes: {}){}",
                        names.join(", "),
                        did_you_mean(a, names.iter().map(String::as_str))
                    ))
                })
            })
            .collect::<Result<_>>()?,
    };
    if axes.is_empty() || axes.len() > 2 || (axes.len() == 2 && axes[0] == axes[1]) {
        return Err(Error::Usage(
            "--plot-axes takes one axis (lines) or two different axes (a heat map)".into(),
        ));
    }
    if axes.len() == 1 && plot.rule.is_some() {
        return Err(Error::Usage(format!(
            "--plot-rule picks the rule of a heat map over two axes, and the chart along one axis ({}) draws a line for every rule: drop --plot-rule, or give two axes with --plot-axes A,B",
            if plot.axes.is_some() {
                format!("--plot-axes {}", names[axes[0]])
            } else {
                format!("{}, the sweep's only axis", names[axes[0]])
            }
        )));
    }
    let rule = match &plot.rule {
        None => 0,
        Some(r) => m.rules.iter().position(|x| x == r).ok_or_else(|| {
            Error::Usage(format!(
                "--plot-rule: `{r}` is not judged in this sweep (its rules: {}){}",
                m.rules.join(", "),
                did_you_mean(r, m.rules.iter().map(String::as_str))
            ))
        })?,
    };
    Ok((axes, rule))
}

/// Checks the chart's file name and options against the manifest, before anything runs.
///
/// # Errors
/// A file not named `.svg`, an axis or rule the sweep lacks, a rule with one axis (exit 2).
pub fn check_plot(plot: &SweepPlot, m: &Manifest, file: &Path) -> Result<()> {
    if file.extension().and_then(|e| e.to_str()) != Some("svg") {
        return Err(Error::Usage(format!(
            "--plot `{}`: charts are SVG files; name it FILE.svg",
            file.display()
        )));
    }
    choice(plot, m).map(|_| ())
}

/// The SVG chart of a sweep's `rows`.
///
/// # Errors
/// A bad choice of axes or rule, a flow metric on a sweep without flows (exit 2).
pub fn chart(plot: &SweepPlot, m: &Manifest, rows: &[Row]) -> Result<String> {
    let (axes, rule) = choice(plot, m)?;
    // Other axes stay at their first value.
    let fixed: Vec<String> = m
        .axes
        .iter()
        .enumerate()
        .filter(|(i, _)| !axes.contains(i))
        .map(|(_, a)| format!("{} = {}", a.field, value_text(&a.values[0])))
        .collect();
    let at_first = |row: &Row| {
        row.axes
            .0
            .iter()
            .enumerate()
            .all(|(i, (_, v))| axes.contains(&i) || *v == m.axes[i].values[0])
    };
    let rows: Vec<&Row> = rows.iter().filter(|r| at_first(r)).collect();
    let drafts = rows.first().map_or(0, |r| r.drafts);
    let source = format!(
        "Source: veto-sim {} sweep `{}` on scenario `{}` ({} cells, {} trials per draft, seed {}, world {}); {} draft(s) per cell{}",
        m.version,
        m.sweep,
        m.base,
        m.cells,
        m.trials,
        m.seed,
        &m.world_hash[..12.min(m.world_hash.len())],
        drafts,
        if fixed.is_empty() {
            String::new()
        } else {
            format!("; fixed: {}", fixed.join(", "))
        }
    );
    let metric = plot.metric;
    let (y_label, what) = metric.labels(drafts);
    if metric.is_flow()
        && !rows
            .iter()
            .any(|r| r.rules.iter().any(|x| metric.value(x).0.is_finite()))
    {
        return Err(Error::Usage(format!(
            "--plot-metric {}: this sweep estimates no refugee flows (its scenario needs `flows: true`, as in the sweep model-priors)",
            metric.name()
        )));
    }
    if axes.len() == 1 {
        let a = &m.axes[axes[0]];
        let x: Vec<String> = a.values.iter().map(value_text).collect();
        let numeric: Option<Vec<f64>> = a.values.iter().map(serde_json::Value::as_f64).collect();
        let series = m
            .rules
            .iter()
            .enumerate()
            .map(|(r, name)| Series {
                name: name.clone(),
                points: a
                    .values
                    .iter()
                    .map(|v| {
                        rows.iter()
                            .find(|row| row.axes.0[axes[0]].1 == *v)
                            .map(|row| metric.value(&row.rules[r]))
                            .unwrap_or((f64::NAN, f64::NAN, f64::NAN))
                    })
                    .collect(),
            })
            .collect();
        charts::sweep_lines(&Lines {
            title: format!("Sweep `{}`: {what} along {}", m.sweep, a.field),
            x_label: a.field.clone(),
            x,
            x_numeric: numeric,
            y_label: y_label.into(),
            series,
            source,
        })
    } else {
        let (ax, ay) = (&m.axes[axes[0]], &m.axes[axes[1]]);
        let z: Vec<Vec<f64>> = ay
            .values
            .iter()
            .map(|vy| {
                ax.values
                    .iter()
                    .map(|vx| {
                        rows.iter()
                            .find(|row| {
                                row.axes.0[axes[0]].1 == *vx && row.axes.0[axes[1]].1 == *vy
                            })
                            .map_or(f64::NAN, |row| metric.value(&row.rules[rule]).0)
                    })
                    .collect()
            })
            .collect();
        charts::sweep_heatmap(&HeatMap {
            title: format!(
                "Sweep `{}`: {what} under `{}` by {} and {}",
                m.sweep, m.rules[rule], ax.field, ay.field
            ),
            x_label: ax.field.clone(),
            x: ax.values.iter().map(value_text).collect(),
            y_label: ay.field.clone(),
            y: ay.values.iter().map(value_text).collect(),
            z,
            z_label: y_label.into(),
            source,
        })
    }
}
