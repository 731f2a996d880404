//! The `flows` chart: refugees by year, recorded and counterfactual with the 90% band (left),
//! and where the refugees averted would have gone (right).

use plotters::prelude::*;

use super::{FONT, colour, fail, padded, page, slot_label, slots};
use crate::error::Result;

/// One year of a flows chart.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FlowYear {
    /// The year.
    pub year: i32,
    /// The recorded number.
    pub recorded: f64,
    /// The counterfactual mean.
    pub counterfactual: f64,
    /// The 5% quantile of the counterfactual.
    pub lower90: f64,
    /// The 95% quantile of the counterfactual.
    pub upper90: f64,
}

/// What a flows chart shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Flows {
    /// The title.
    pub title: String,
    /// The left panel's vertical axis, with its unit (`refugees (people, new outflow per year)`).
    pub y_label: String,
    /// The years.
    pub years: Vec<FlowYear>,
    /// The right panel's axis, with its unit (`refugees averted, by destination (people)`).
    pub split_label: String,
    /// Destinations and their numbers (neighbours, rest of the region, Europe, elsewhere).
    pub split: Vec<(String, f64)>,
    /// The source line.
    pub source: String,
}

/// Recorded and counterfactual refugees by year, with the destination split.
///
/// # Errors
/// Only a drawing failure.
pub fn flows_chart(f: &Flows) -> Result<String> {
    let size = (1200, 600);
    page(size, &f.title, &f.source, |area| {
        let (left, right) = area.split_horizontally(760);
        let (x0, x1) = f.years.iter().fold((i32::MAX, i32::MIN), |(a, b), y| {
            (a.min(y.year), b.max(y.year))
        });
        let (x0, x1) = if x0 > x1 {
            (0, 1)
        } else {
            (x0, x1.max(x0 + 1))
        };
        let top = f
            .years
            .iter()
            .flat_map(|y| [y.recorded, y.counterfactual, y.upper90])
            .filter(|v| v.is_finite())
            .fold(1.0f64, f64::max);
        let mut chart = ChartBuilder::on(&left)
            .caption("By year", (FONT, 16))
            .margin(14)
            .x_label_area_size(48)
            .y_label_area_size(90)
            .build_cartesian_2d(x0 as f64 - 0.5..x1 as f64 + 0.5, 0.0..top * 1.08)
            .map_err(fail)?;
        chart
            .configure_mesh()
            .x_desc("year")
            .y_desc(f.y_label.as_str())
            .x_label_formatter(&|x| {
                if (x - x.round()).abs() < 1e-6 {
                    format!("{}", x.round() as i64)
                } else {
                    String::new()
                }
            })
            .y_label_formatter(&|y| human(*y))
            .axis_desc_style((FONT, 14))
            .label_style((FONT, 12))
            .draw()
            .map_err(fail)?;
        let band = colour(0);
        let mut poly: Vec<(f64, f64)> =
            f.years.iter().map(|y| (y.year as f64, y.upper90)).collect();
        poly.extend(f.years.iter().rev().map(|y| (y.year as f64, y.lower90)));
        chart
            .draw_series(std::iter::once(Polygon::new(poly, band.mix(0.2).filled())))
            .map_err(fail)?
            .label("counterfactual, 90% band")
            .legend(move |(x, y)| {
                Rectangle::new([(x, y - 5), (x + 16, y + 5)], band.mix(0.2).filled())
            });
        chart
            .draw_series(LineSeries::new(
                f.years.iter().map(|y| (y.year as f64, y.counterfactual)),
                band.stroke_width(2),
            ))
            .map_err(fail)?
            .label("counterfactual, mean")
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 16, y)], band.stroke_width(2))
            });
        chart
            .draw_series(LineSeries::new(
                f.years.iter().map(|y| (y.year as f64, y.recorded)),
                BLACK.stroke_width(2),
            ))
            .map_err(fail)?
            .label("recorded")
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], BLACK.stroke_width(2)));
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperRight)
            .background_style(WHITE.mix(0.9))
            .border_style(BLACK)
            .label_font((FONT, 12))
            .draw()
            .map_err(fail)?;

        let labels: Vec<String> = f.split.iter().map(|(l, _)| l.clone()).collect();
        let r = padded(0.0, f.split.iter().map(|(_, v)| *v).fold(1.0f64, f64::max));
        let mut split = ChartBuilder::on(&right)
            .caption("Where they would have gone", (FONT, 16))
            .margin(14)
            .x_label_area_size(48)
            .y_label_area_size(130)
            .build_cartesian_2d(0.0..r.end, slots(f.split.len()))
            .map_err(fail)?;
        split
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(f.split.len() + 1)
            .x_desc(f.split_label.as_str())
            .y_label_formatter(&|y| slot_label(&labels, *y))
            .x_label_formatter(&|x| human(*x))
            .x_labels(5)
            .axis_desc_style((FONT, 13))
            .label_style((FONT, 12))
            .draw()
            .map_err(fail)?;
        split
            .draw_series(f.split.iter().enumerate().map(|(i, (_, v))| {
                let y = i as f64;
                Rectangle::new([(0.0, y - 0.3), (*v, y + 0.3)], colour(i + 1).filled())
            }))
            .map_err(fail)?;
        split
            .draw_series(f.split.iter().enumerate().map(|(i, (_, v))| {
                Text::new(human(*v), (*v, i as f64 + 0.1), (FONT, 12).into_font())
            }))
            .map_err(fail)?;
        Ok(())
    })
}

/// A number with thousands shortened (`12k`, `1.2M`).
fn human(x: f64) -> String {
    let a = x.abs();
    if a >= 1e6 {
        format!("{:.1}M", x / 1e6)
    } else if a >= 1e4 {
        format!("{:.0}k", x / 1e3)
    } else if a >= 1e3 {
        format!("{:.1}k", x / 1e3)
    } else {
        format!("{x:.0}")
    }
}
