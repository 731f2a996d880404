//! The `replay` chart: per decade, the drafts of the record and how many of them each rule
//! would have adopted.

use plotters::prelude::*;

use super::{FONT, GREY, SIZE, colour, fail, marker, page, slot_label, slots};
use crate::error::Result;

/// What a replay chart shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Replay {
    /// The title.
    pub title: String,
    /// The decades, as labels (`1990s`).
    pub decades: Vec<String>,
    /// Drafts of the record per decade (drawn as an outline behind the bars), if known.
    pub drafts: Option<Vec<f64>>,
    /// Per rule: its name and the drafts adopted per decade (expected numbers).
    pub rules: Vec<(String, Vec<f64>)>,
    /// The source line.
    pub source: String,
}

/// Drafts adopted per decade under each rule, grouped by decade.
///
/// # Errors
/// Only a drawing failure.
pub fn replay_chart(r: &Replay) -> Result<String> {
    let top = r
        .rules
        .iter()
        .flat_map(|(_, v)| v.iter())
        .chain(r.drafts.iter().flatten())
        .copied()
        .filter(|x| x.is_finite())
        .fold(1.0f64, f64::max);
    // The key sits in rows above the plot, so that it hides no bar however many rules.
    // Each rule has its own colour and marker (drawn in the key and on top of its bars).
    let mut key: Vec<(String, Option<(usize, RGBColor)>)> = Vec::new();
    if r.drafts.is_some() {
        key.push(("drafts in the record (vetoed or failed)".into(), None));
    }
    key.extend(
        r.rules
            .iter()
            .enumerate()
            .map(|(j, (name, _))| (name.clone(), Some((j, colour(j))))),
    );
    page(SIZE, &r.title, &r.source, |area| {
        let left = 16 + 72;
        let width = area.dim_in_pixel().0 as i32 - left - 16;
        let mut places = Vec::with_capacity(key.len());
        let (mut x, mut row) = (0, 0);
        for (label, _) in &key {
            let w = 24 + (label.chars().count() as f64 * KEY_CHAR).ceil() as i32 + 18;
            if x > 0 && x + w > width {
                row += 1;
                x = 0;
            }
            places.push((left + x, 6 + KEY_ROW * row));
            x += w;
        }
        let key_h = if key.is_empty() {
            0
        } else {
            (KEY_ROW * (row + 1) + 6) as u32
        };
        let (top_band, plot) = area.split_vertically(key_h);
        for ((label, c), (x, y)) in key.iter().zip(&places) {
            let swatch = [(*x, y + 2), (x + 16, y + 12)];
            match c {
                Some((j, c)) => {
                    top_band
                        .draw(&Rectangle::new(swatch, c.mix(0.35).filled()))
                        .map_err(fail)?;
                    top_band.draw(&marker(*j, (x + 8, y + 7), 4, *c))
                }
                None => top_band.draw(&Rectangle::new(swatch, GREY.stroke_width(1))),
            }
            .map_err(fail)?;
            top_band
                .draw(&Text::new(
                    label.clone(),
                    (x + 22, *y),
                    (FONT, 13).into_font().color(&BLACK),
                ))
                .map_err(fail)?;
        }
        let mut chart = ChartBuilder::on(&plot)
            .margin(16)
            .x_label_area_size(56)
            .y_label_area_size(72)
            .build_cartesian_2d(slots(r.decades.len()), 0.0..top * 1.08)
            .map_err(fail)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(r.decades.len() + 1)
            .x_desc("decade of the vote")
            .y_desc("drafts adopted (expected number per decade)")
            .x_label_formatter(&|x| slot_label(&r.decades, *x))
            .axis_desc_style((FONT, 15))
            .label_style((FONT, 13))
            .draw()
            .map_err(fail)?;
        if let Some(drafts) = &r.drafts {
            chart
                .draw_series(drafts.iter().enumerate().map(|(i, &n)| {
                    let x = i as f64;
                    Rectangle::new([(x - 0.45, 0.0), (x + 0.45, n)], GREY.stroke_width(1))
                }))
                .map_err(fail)?;
        }
        let k = r.rules.len().max(1) as f64;
        let w = 0.8 / k;
        for (j, (_, values)) in r.rules.iter().enumerate() {
            let c = colour(j);
            chart
                .draw_series(values.iter().enumerate().map(|(i, &v)| {
                    let x0 = i as f64 - 0.4 + j as f64 * w;
                    Rectangle::new([(x0 + w * 0.08, 0.0), (x0 + w * 0.92, v)], c.filled())
                }))
                .map_err(fail)?;
            chart
                .draw_series(
                    values
                        .iter()
                        .enumerate()
                        .filter(|(_, v)| v.is_finite())
                        .map(|(i, &v)| {
                            let x = i as f64 - 0.4 + (j as f64 + 0.5) * w;
                            marker(j, (x, v + top * 0.015), 3, c)
                        }),
                )
                .map_err(fail)?;
        }
        Ok(())
    })
}

/// Estimated width of a character of the key's 13-pixel font, in pixels.
const KEY_CHAR: f64 = 6.6;
/// Height of a row of the key, in pixels.
const KEY_ROW: i32 = 20;
