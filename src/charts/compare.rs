//! The `compare` chart: one bar per rule, the probability of adoption, with its 95% interval;
//! and the general bar chart behind it ([`bars_chart`]), which `run` uses for the expected
//! number of drafts adopted with its 90% interval.

use plotters::prelude::*;

use super::{FONT, SIZE, colour, fail, page, slot_label, slots};
use crate::error::Result;

/// One bar: an estimate with its interval.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// The category (a rule's name).
    pub label: String,
    /// The estimate.
    pub value: f64,
    /// Lower end of its interval.
    pub lower: f64,
    /// Upper end of its interval.
    pub upper: f64,
}

/// A bar chart of estimates with intervals.
#[derive(Debug, Clone, PartialEq)]
pub struct Bars {
    /// The title.
    pub title: String,
    /// The horizontal axis (the categories).
    pub x_label: String,
    /// The vertical axis, with its unit.
    pub y_label: String,
    /// What the bars show, for the legend (`probability of adoption`).
    pub value: String,
    /// What the whiskers show (`95% interval`).
    pub interval: String,
    /// The bars.
    pub bars: Vec<Bar>,
    /// The top of the vertical axis (`None`: from the data).
    pub y_max: Option<f64>,
    /// The source line.
    pub source: String,
}

/// The probability of adoption under each rule, with its Wilson 95% interval.
///
/// # Errors
/// Only a drawing failure.
pub fn compare_chart(title: &str, bars: &[Bar], source: &str) -> Result<String> {
    bars_chart(&Bars {
        title: title.to_string(),
        x_label: "rule".into(),
        y_label: "probability of adoption (0-1)".into(),
        value: "probability of adoption".into(),
        interval: "95% interval".into(),
        bars: bars.to_vec(),
        y_max: Some(1.0),
        source: source.to_string(),
    })
}

/// Estimates with their intervals, one bar per category.
///
/// # Errors
/// Only a drawing failure.
pub fn bars_chart(spec: &Bars) -> Result<String> {
    let bars = &spec.bars;
    let labels: Vec<String> = bars.iter().map(|b| b.label.clone()).collect();
    let top = spec.y_max.unwrap_or_else(|| {
        bars.iter()
            .flat_map(|b| [b.value, b.upper])
            .filter(|v| v.is_finite())
            .fold(1e-9f64, f64::max)
            * 1.15
    });
    let digits = if top <= 1.0 { 3 } else { 1 };
    page(SIZE, &spec.title, &spec.source, |area| {
        let mut chart = ChartBuilder::on(area)
            .margin(16)
            .x_label_area_size(56)
            .y_label_area_size(72)
            .build_cartesian_2d(slots(bars.len()), 0.0..top)
            .map_err(fail)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(bars.len() + 1)
            .x_desc(spec.x_label.as_str())
            .y_desc(spec.y_label.as_str())
            .x_label_formatter(&|x| slot_label(&labels, *x))
            .y_label_formatter(&|y| {
                if top <= 1.0 {
                    format!("{y:.1}")
                } else {
                    format!("{y}")
                }
            })
            .axis_desc_style((FONT, 15))
            .label_style((FONT, 13))
            .draw()
            .map_err(fail)?;
        let fill = colour(0);
        chart
            .draw_series(bars.iter().enumerate().map(|(i, b)| {
                let x = i as f64;
                Rectangle::new([(x - 0.3, 0.0), (x + 0.3, b.value)], fill.mix(0.8).filled())
            }))
            .map_err(fail)?
            .label(spec.value.as_str())
            .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 16, y + 5)], fill.filled()));
        chart
            .draw_series(bars.iter().enumerate().map(|(i, b)| {
                let x = i as f64;
                PathElement::new(
                    vec![
                        (x - 0.08, b.lower),
                        (x + 0.08, b.lower),
                        (x, b.lower),
                        (x, b.upper),
                        (x - 0.08, b.upper),
                        (x + 0.08, b.upper),
                    ],
                    BLACK.stroke_width(2),
                )
            }))
            .map_err(fail)?
            .label(spec.interval.as_str())
            .legend(|(x, y)| {
                PathElement::new(vec![(x + 8, y - 6), (x + 8, y + 6)], BLACK.stroke_width(2))
            });
        chart
            .draw_series(bars.iter().enumerate().map(|(i, b)| {
                Text::new(
                    format!("{:.*}", digits, b.value),
                    (i as f64 - 0.12, (b.upper + top * 0.04).min(top * 0.98)),
                    (FONT, 13).into_font(),
                )
            }))
            .map_err(fail)?;
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperLeft)
            .background_style(WHITE.mix(0.9))
            .border_style(BLACK)
            .label_font((FONT, 13))
            .draw()
            .map_err(fail)?;
        Ok(())
    })
}
