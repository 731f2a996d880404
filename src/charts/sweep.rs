//! Sweep charts: the result along one axis (one line per rule, with its 95% band) or over two
//! axes (a heat map of one rule, each cell labelled with its value).

use plotters::prelude::*;

use super::{FONT, GREY, colour, fail, marker, padded, page, slot_label, slots};
use crate::error::Result;

/// One line: per x value, the estimate and its interval (`NaN` where missing).
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// The series' name (a rule).
    pub name: String,
    /// `(value, lower, upper)` per x value.
    pub points: Vec<(f64, f64, f64)>,
}

/// What a line chart shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Lines {
    /// The title.
    pub title: String,
    /// The horizontal axis (the swept field).
    pub x_label: String,
    /// The x values as labels.
    pub x: Vec<String>,
    /// The x values as numbers, when they all are (a numeric axis); else evenly spaced.
    pub x_numeric: Option<Vec<f64>>,
    /// The vertical axis, with its unit.
    pub y_label: String,
    /// The lines.
    pub series: Vec<Series>,
    /// The source line.
    pub source: String,
}

/// What a heat map shows.
#[derive(Debug, Clone, PartialEq)]
pub struct HeatMap {
    /// The title.
    pub title: String,
    /// The horizontal axis.
    pub x_label: String,
    /// Its values.
    pub x: Vec<String>,
    /// The vertical axis.
    pub y_label: String,
    /// Its values.
    pub y: Vec<String>,
    /// `z[j][i]`: the value at `y[j]`, `x[i]` (`NaN` where missing).
    pub z: Vec<Vec<f64>>,
    /// What the colour shows, with its unit.
    pub z_label: String,
    /// The source line.
    pub source: String,
}

/// The result along one axis, one line per series with its 95% band.
///
/// # Errors
/// Only a drawing failure.
pub fn sweep_lines(l: &Lines) -> Result<String> {
    let xs: Vec<f64> = match &l.x_numeric {
        Some(v) if v.len() == l.x.len() => v.clone(),
        _ => (0..l.x.len()).map(|i| i as f64).collect(),
    };
    let numeric = l.x_numeric.as_ref().is_some_and(|v| v.len() == l.x.len());
    let (lo, hi) = l
        .series
        .iter()
        .flat_map(|s| s.points.iter().flat_map(|p| [p.1, p.2, p.0]))
        .filter(|v| v.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
            (a.min(v), b.max(v))
        });
    let y = if lo.is_finite() {
        let r = padded(lo, hi);
        // Probabilities and counts start at zero; refugees averted can be negative.
        if lo >= 0.0 {
            r.start.max(0.0)..r.end
        } else {
            r
        }
    } else {
        0.0..1.0
    };
    let large = y.end.abs().max(y.start.abs()) >= 1000.0;
    page(super::SIZE, &l.title, &l.source, |whole| {
        // The key has a column of its own right of the plot, so that it covers no line.
        let longest = l
            .series
            .iter()
            .map(|s| s.name.chars().count())
            .max()
            .unwrap_or(0);
        let key_w = (44.0 + longest as f64 * KEY_CHAR).ceil() as u32;
        let key_w = key_w.min(whole.dim_in_pixel().0 / 3);
        let (area, key) = whole.split_horizontally(whole.dim_in_pixel().0 - key_w);
        let area = &area;
        let x_range = if numeric {
            let (a, b) = xs
                .iter()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
                    (a.min(v), b.max(v))
                });
            padded(a, b)
        } else {
            -0.5..(l.x.len().max(1) as f64 - 0.5)
        };
        let mut chart = ChartBuilder::on(area)
            .margin(16)
            .x_label_area_size(56)
            .y_label_area_size(76)
            .build_cartesian_2d(x_range, y.clone())
            .map_err(fail)?;
        let labels = l.x.clone();
        chart
            .configure_mesh()
            .x_labels(if numeric { 10 } else { l.x.len() + 1 })
            .x_desc(l.x_label.as_str())
            .y_desc(l.y_label.as_str())
            .x_label_formatter(&|x| {
                if numeric {
                    let t = format!("{x:.4}");
                    t.trim_end_matches('0').trim_end_matches('.').to_string()
                } else {
                    slot_label(&labels, *x)
                }
            })
            .y_label_formatter(&|v| {
                if large {
                    crate::table::thousands(*v)
                } else {
                    format!("{v:.2}")
                }
            })
            .axis_desc_style((FONT, 15))
            .label_style((FONT, 13))
            .draw()
            .map_err(fail)?;
        for (k, s) in l.series.iter().enumerate() {
            let c = colour(k);
            let pts: Vec<(f64, (f64, f64, f64))> = xs
                .iter()
                .copied()
                .zip(s.points.iter().copied())
                .filter(|(_, p)| p.0.is_finite())
                .collect();
            let banded: Vec<&(f64, (f64, f64, f64))> = pts
                .iter()
                .filter(|(_, p)| p.1.is_finite() && p.2.is_finite())
                .collect();
            if banded.len() > 1 {
                let mut poly: Vec<(f64, f64)> = banded.iter().map(|(x, p)| (*x, p.2)).collect();
                poly.extend(banded.iter().rev().map(|(x, p)| (*x, p.1)));
                chart
                    .draw_series(std::iter::once(Polygon::new(poly, c.mix(0.15).filled())))
                    .map_err(fail)?;
            }
            chart
                .draw_series(LineSeries::new(
                    pts.iter().map(|(x, p)| (*x, p.0)),
                    c.stroke_width(2),
                ))
                .map_err(fail)?;
            chart
                .draw_series(pts.iter().map(|(x, p)| marker(k, (*x, p.0), 4, c)))
                .map_err(fail)?;
        }
        for (k, s) in l.series.iter().enumerate() {
            let c = colour(k);
            let y = 24 + KEY_ROW * k as i32;
            key.draw(&PathElement::new(vec![(6, y), (30, y)], c.stroke_width(2)))
                .map_err(fail)?;
            key.draw(&marker(k, (18, y), 4, c)).map_err(fail)?;
            key.draw(&Text::new(
                s.name.clone(),
                (38, y - 7),
                (FONT, 13).into_font().color(&BLACK),
            ))
            .map_err(fail)?;
        }
        Ok(())
    })
}

/// Estimated width of a character of the key's 13-pixel font, in pixels.
const KEY_CHAR: f64 = 6.6;
/// Height of a row of the key, in pixels.
const KEY_ROW: i32 = 20;

/// A perceptually ordered colour scale (viridis, by its anchor colours) at `t` in `[0, 1]`.
fn scale(t: f64) -> RGBColor {
    const ANCHORS: [(u8, u8, u8); 5] = [
        (68, 1, 84),
        (59, 82, 139),
        (33, 145, 140),
        (94, 201, 98),
        (253, 231, 37),
    ];
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let pos = t * (ANCHORS.len() - 1) as f64;
    let i = (pos.floor() as usize).min(ANCHORS.len() - 2);
    let f = pos - i as f64;
    let (a, b) = (ANCHORS[i], ANCHORS[i + 1]);
    let mix = |x: u8, y: u8| (x as f64 + (y as f64 - x as f64) * f).round() as u8;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// The result over two axes as a heat map, each cell labelled with its value.
///
/// # Errors
/// Only a drawing failure.
pub fn sweep_heatmap(h: &HeatMap) -> Result<String> {
    let (lo, hi) =
        h.z.iter()
            .flatten()
            .filter(|v| v.is_finite())
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
                (a.min(v), b.max(v))
            });
    let (lo, hi) = if lo.is_finite() { (lo, hi) } else { (0.0, 1.0) };
    let span = if hi > lo { hi - lo } else { 1.0 };
    page(super::SIZE, &h.title, &h.source, |area| {
        let (left, right) = area.split_horizontally(super::SIZE.0 - 130);
        let mut chart = ChartBuilder::on(&left)
            .margin(16)
            .x_label_area_size(56)
            .y_label_area_size(90)
            .build_cartesian_2d(slots(h.x.len()), slots(h.y.len()))
            .map_err(fail)?;
        chart
            .configure_mesh()
            .disable_mesh()
            .x_labels(h.x.len() + 1)
            .y_labels(h.y.len() + 1)
            .x_desc(h.x_label.as_str())
            .y_desc(h.y_label.as_str())
            .x_label_formatter(&|x| slot_label(&h.x, *x))
            .y_label_formatter(&|y| slot_label(&h.y, *y))
            .axis_desc_style((FONT, 15))
            .label_style((FONT, 13))
            .draw()
            .map_err(fail)?;
        let cells: Vec<(usize, usize, f64)> =
            h.z.iter()
                .enumerate()
                .flat_map(|(j, row)| row.iter().enumerate().map(move |(i, &v)| (i, j, v)))
                .collect();
        chart
            .draw_series(cells.iter().map(|&(i, j, v)| {
                let (x, y) = (i as f64, j as f64);
                let style = if v.is_finite() {
                    scale((v - lo) / span).filled()
                } else {
                    WHITE.filled()
                };
                Rectangle::new([(x - 0.5, y - 0.5), (x + 0.5, y + 0.5)], style)
            }))
            .map_err(fail)?;
        chart
            .draw_series(cells.iter().filter(|c| c.2.is_finite()).map(|&(i, j, v)| {
                let t = (v - lo) / span;
                let ink = if t > 0.6 { BLACK } else { WHITE };
                Text::new(
                    format!("{v:.3}"),
                    (i as f64 - 0.2, j as f64 + 0.1),
                    (FONT, 12).into_font().color(&ink),
                )
            }))
            .map_err(fail)?;

        // The colour bar.
        let (w, hgt) = right.dim_in_pixel();
        let (top, bottom) = (40i32, hgt as i32 - 80);
        let steps = 40;
        for s in 0..steps {
            let t = 1.0 - s as f64 / steps as f64;
            let y0 = top + (bottom - top) * s / steps;
            let y1 = top + (bottom - top) * (s + 1) / steps;
            right
                .draw(&Rectangle::new([(20, y0), (44, y1)], scale(t).filled()))
                .map_err(fail)?;
        }
        right
            .draw(&Rectangle::new(
                [(20, top), (44, bottom)],
                GREY.stroke_width(1),
            ))
            .map_err(fail)?;
        for (v, y) in [(hi, top), (lo, bottom)] {
            right
                .draw(&Text::new(
                    format!("{v:.3}"),
                    (50, y - 6),
                    (FONT, 12).into_font(),
                ))
                .map_err(fail)?;
        }
        right
            .draw(&Text::new(
                h.z_label.clone(),
                (w as i32 - 30, bottom),
                (FONT, 13).into_font().transform(FontTransform::Rotate270),
            ))
            .map_err(fail)?;
        Ok(())
    })
}
