//! `veto-sim merge DIR... --out DIR`: join sweep shards into the output of a single run; and
//! the chart options of `sweep` and `merge` ([`crate::report::sweep`] draws the chart).
//!
//! The shards must come from the same sweep, seed, trials, world and version and hold every
//! cell exactly once; anything else is refused (exit 2) before a byte is written. The merged
//! `cells.jsonl`, `cells.csv` and `manifest.json` are byte-identical to a one-machine run's.

use std::path::{Path, PathBuf};

use clap::Args;

use crate::error::Result;
use crate::report::sweep::{self as chart, SweepPlot};
use crate::sweep::manifest::Manifest;
use crate::sweep::merge::merge;
use crate::sweep::row::Row;
use crate::sweep::store::ROWS;

/// Chart options shared by `sweep` and `merge`.
#[derive(Debug, Clone, Args)]
pub struct PlotArgs {
    /// Also draw the result as an SVG chart: lines along one axis, or a heat map over two.
    #[arg(long, value_name = "FILE.svg")]
    pub plot: Option<PathBuf>,
    /// The axes to draw (one for lines, two for a heat map); other axes stay at their first
    /// value. Default: the first one or two axes.
    #[arg(long, value_name = "A[,B]", requires = "plot")]
    pub plot_axes: Option<String>,
    /// The rule a heat map shows (default: the first); lines show every rule.
    #[arg(long, value_name = "RULE", requires = "plot")]
    pub plot_rule: Option<String>,
    /// The figure to draw (default: adoption).
    #[arg(long, value_enum, value_name = "METRIC", requires = "plot")]
    pub plot_metric: Option<PlotMetric>,
}

/// A figure of a sweep's cells that a chart can draw (the columns of cells.csv); see
/// [`chart::PlotMetric`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum PlotMetric {
    /// Mean probability of adoption over the drafts, with its 95% interval (p_adopt).
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

/// `veto-sim merge`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The shard folders written by `veto-sim sweep --shard I/N --out DIR`.
    #[arg(value_name = "DIR", required = true)]
    pub dirs: Vec<PathBuf>,
    /// The folder to write the merged output to.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Replace merged output already in the --out folder.
    #[arg(long)]
    pub force: bool,
    /// No summary on standard error.
    #[arg(long, short)]
    pub quiet: bool,
    #[command(flatten)]
    pub plot: PlotArgs,
}

/// Runs the command.
///
/// # Errors
/// Mismatched, unfinished, missing or duplicate shards (exit 2); a failure to write (exit 1).
pub fn run(args: &MergeArgs) -> Result<()> {
    let merged = crate::sweep::merge::collect(&args.dirs)?;
    if let Some(plot) = &args.plot.plot {
        chart::check_plot(&args.plot.choice(), &merged.manifest, plot)?;
    }
    let merged = merge(&args.dirs, &args.out, args.force)?;
    if !args.quiet {
        eprintln!(
            "merged {} folder(s): {} cells of sweep `{}` -> {}",
            args.dirs.len(),
            merged.rows.len(),
            merged.manifest.sweep,
            args.out.join(ROWS).display()
        );
    }
    if let Some(plot) = &args.plot.plot {
        draw(&args.plot, &merged.manifest, &merged.rows, plot)?;
    }
    Ok(())
}

impl PlotArgs {
    /// The chart's choices, for [`crate::report::sweep`].
    pub(crate) fn choice(&self) -> SweepPlot {
        SweepPlot {
            axes: self.plot_axes.clone(),
            rule: self.plot_rule.clone(),
            metric: match self.plot_metric.unwrap_or(PlotMetric::Adoption) {
                PlotMetric::Adoption => chart::PlotMetric::Adoption,
                PlotMetric::ExpectedAdopted => chart::PlotMetric::ExpectedAdopted,
                PlotMetric::BlockedByVeto => chart::PlotMetric::BlockedByVeto,
                PlotMetric::AssemblyAdoption => chart::PlotMetric::AssemblyAdoption,
                PlotMetric::RefugeesAverted => chart::PlotMetric::RefugeesAverted,
                PlotMetric::EuropeAverted => chart::PlotMetric::EuropeAverted,
            },
        }
    }
}

/// Draws the sweep chart of `rows` to `file`.
pub(crate) fn draw(args: &PlotArgs, m: &Manifest, rows: &[Row], file: &Path) -> Result<()> {
    let svg = chart::chart(&args.choice(), m, rows)?;
    crate::output::write(file, svg.as_bytes())
}
