//! SVG charts of results, drawn with plotters' SVG backend (no bitmap backend and no system
//! font libraries: text is laid out with plotters' own estimate and drawn by the viewer).
//!
//! Each function takes plain data, so that a command can chart what it computed, and returns
//! the SVG document as a string. Every chart carries a title, axis labels with units, a
//! legend where there is more than one series, and a source line at the bottom.
//!
//! * [`compare_chart`]: probability of adoption per rule, with its 95% interval ([`bars_chart`]
//!   for other estimates with intervals, such as `run`'s expected number of drafts adopted).
//! * [`replay_chart`]: drafts adopted per decade under each rule.
//! * [`flows_chart`]: refugees by year, recorded and counterfactual with the 90% band, and
//!   where they would have gone.
//! * [`sweep_lines`] and [`sweep_heatmap`]: a sweep's result along one axis or over two.
//!
//! ```
//! use veto_sim::charts::{Bar, compare_chart};
//! let svg = compare_chart(
//!     "Draft S/2011/612 before the 2011 Council",
//!     &[Bar { label: "present".into(), value: 0.29, lower: 0.28, upper: 0.30 },
//!       Bar { label: "abolish-veto".into(), value: 0.65, lower: 0.64, upper: 0.66 }],
//!     "Source: veto-sim simulation",
//! ).unwrap();
//! assert!(svg.starts_with("<svg") && svg.contains("abolish-veto"));
//! ```

mod compare;
mod flows;
mod replay;
mod sweep;

use std::path::Path;

use plotters::coord::Shift;
use plotters::element::{Drawable, PointCollection};
use plotters::prelude::*;
use plotters_backend::{BackendCoord, DrawingErrorKind};

use crate::error::{Error, Result};

pub use compare::{Bar, Bars, bars_chart, compare_chart};
pub use flows::{FlowYear, Flows, flows_chart};
pub use replay::{Replay, replay_chart};
pub use sweep::{HeatMap, Lines, Series, sweep_heatmap, sweep_lines};

/// Width and height of a chart, in pixels.
pub const SIZE: (u32, u32) = (960, 600);

/// Sixteen colours: the Okabe–Ito eight (distinguishable with the common colour-vision
/// deficiencies), then eight darker or muted ones from Paul Tol's schemes, so that a chart of
/// the whole catalog (twelve rules) gives every rule its own colour.
const PALETTE: [RGBColor; 16] = [
    RGBColor(0, 114, 178),
    RGBColor(213, 94, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(230, 159, 0),
    RGBColor(86, 180, 233),
    RGBColor(120, 120, 120),
    RGBColor(0, 0, 0),
    RGBColor(51, 34, 136),
    RGBColor(136, 34, 85),
    RGBColor(153, 153, 51),
    RGBColor(17, 119, 51),
    RGBColor(221, 204, 119),
    RGBColor(204, 102, 119),
    RGBColor(170, 68, 153),
    RGBColor(140, 86, 75),
];

/// The colour of series `i`.
pub(crate) fn colour(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

/// The number of marker shapes; series `i` has shape `i % MARKERS`, so that series of similar
/// colours (or in print) still differ.
pub(crate) const MARKERS: usize = 8;

/// The marker of series `i` (circle, square, triangle, diamond, triangle down, cross, plus,
/// ring), of half-size `size` pixels, at `at`: a plotters element of its own.
pub(crate) fn marker<C>(i: usize, at: C, size: i32, colour: RGBColor) -> Marker<C> {
    Marker {
        at,
        shape: i % MARKERS,
        size,
        colour,
    }
}

/// A series' marker; see [`marker`].
pub(crate) struct Marker<C> {
    at: C,
    shape: usize,
    size: i32,
    colour: RGBColor,
}

impl<'a, C> PointCollection<'a, C> for &'a Marker<C> {
    type Point = &'a C;
    type IntoIter = std::iter::Once<&'a C>;
    fn point_iter(self) -> Self::IntoIter {
        std::iter::once(&self.at)
    }
}

impl<DB: DrawingBackend, C> Drawable<DB> for Marker<C> {
    fn draw<I: Iterator<Item = BackendCoord>>(
        &self,
        mut points: I,
        backend: &mut DB,
        _: (u32, u32),
    ) -> std::result::Result<(), DrawingErrorKind<DB::ErrorType>> {
        let Some((x, y)) = points.next() else {
            return Ok(());
        };
        let (s, t) = (self.size, self.size + 1);
        let fill = self.colour.filled();
        let line = self.colour.stroke_width(2);
        let polygon = |backend: &mut DB, v: [(i32, i32); 4]| {
            backend.fill_polygon(v.iter().map(|(dx, dy)| (x + dx, y + dy)), &fill)
        };
        match self.shape {
            0 => backend.draw_circle((x, y), s as u32, &fill, true),
            1 => backend.draw_rect((x - s, y - s), (x + s, y + s), &fill, true),
            2 => polygon(backend, [(0, -t), (t, s), (-t, s), (0, -t)]),
            3 => polygon(backend, [(0, -t), (t, 0), (0, t), (-t, 0)]),
            4 => polygon(backend, [(0, t), (t, -s), (-t, -s), (0, t)]),
            5 => {
                backend.draw_line((x - s, y - s), (x + s, y + s), &line)?;
                backend.draw_line((x - s, y + s), (x + s, y - s), &line)
            }
            6 => {
                backend.draw_line((x - t, y), (x + t, y), &line)?;
                backend.draw_line((x, y - t), (x, y + t), &line)
            }
            _ => backend.draw_circle((x, y), s as u32, &line, false),
        }
    }
}

pub(crate) const FONT: &str = "sans-serif";
pub(crate) const GREY: RGBColor = RGBColor(90, 90, 90);

/// Checks a `--plot` file before anything runs: its name ends in `.svg` and its folder exists.
///
/// # Errors
/// [`Error::Usage`] naming the file.
pub(crate) fn check_svg_path(file: &Path) -> Result<()> {
    if file.extension().and_then(|e| e.to_str()) != Some("svg") {
        return Err(Error::Usage(format!(
            "--plot `{}`: charts are SVG files; name it FILE.svg",
            file.display()
        )));
    }
    match file.parent() {
        Some(folder) if !folder.as_os_str().is_empty() && !folder.is_dir() => {
            Err(Error::Usage(format!(
                "--plot `{}`: no folder `{}`",
                file.display(),
                folder.display()
            )))
        }
        // The rest as the write would say it (a folder, no permission...).
        _ => crate::output::check(file),
    }
}

/// Writes a chart to `file` atomically (a temporary file in the same folder, then a rename).
///
/// # Errors
/// An I/O error naming `file`.
pub(crate) fn write_svg(file: &Path, svg: &str) -> Result<()> {
    crate::output::write(file, svg.as_bytes())
}

/// A drawing failure as a runtime error.
pub(crate) fn fail<E: std::fmt::Debug>(e: E) -> Error {
    Error::Runtime(format!("cannot draw the chart: {e:?}"))
}

/// Splits `text` into lines of at most `width` characters at spaces.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Draws a chart: a white page with `title` at the top, `source` (wrapped) at the bottom, and
/// `body` in between.
pub(crate) fn page(
    size: (u32, u32),
    title: &str,
    source: &str,
    body: impl FnOnce(&DrawingArea<SVGBackend<'_>, Shift>) -> Result<()>,
) -> Result<String> {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, size).into_drawing_area();
        root.fill(&WHITE).map_err(fail)?;
        let width = ((size.0 as f64 - 24.0) / 6.6) as usize;
        let source_lines = wrap(source, width.max(20));
        let foot_h = 10 + 16 * source_lines.len() as u32;
        let (top, rest) = root.split_vertically(44);
        let (main, foot) = rest.split_vertically(size.1 - 44 - foot_h);
        top.draw(&Text::new(
            title.to_string(),
            (14, 12),
            (FONT, 20).into_font().color(&BLACK),
        ))
        .map_err(fail)?;
        for (i, line) in source_lines.iter().enumerate() {
            foot.draw(&Text::new(
                line.clone(),
                (14, 4 + 16 * i as i32),
                (FONT, 12).into_font().color(&GREY),
            ))
            .map_err(fail)?;
        }
        body(&main)?;
        root.present().map_err(fail)?;
    }
    Ok(out)
}

/// A categorical axis over `n` slots: `-0.5..n-0.5`. Asking the mesh for `n + 1` labels puts
/// a tick on every slot (plotters picks the finest step of 1, 2 or 5 times a power of ten
/// that fits), and [`slot_label`] names the slots and leaves other ticks blank.
pub(crate) fn slots(n: usize) -> std::ops::Range<f64> {
    -0.5..(n.max(1) as f64 - 0.5)
}

/// The label of slot `x` among `labels`, or nothing between slots.
pub(crate) fn slot_label(labels: &[String], x: f64) -> String {
    let i = x.round();
    if (x - i).abs() < 1e-6 && i >= 0.0 && (i as usize) < labels.len() {
        labels[i as usize].clone()
    } else {
        String::new()
    }
}

/// The range `lo..hi` widened by a margin, and never empty.
pub(crate) fn padded(lo: f64, hi: f64) -> std::ops::Range<f64> {
    if !lo.is_finite() || !hi.is_finite() {
        return 0.0..1.0;
    }
    if hi <= lo {
        return (lo - 1.0)..(hi + 1.0);
    }
    let m = (hi - lo) * 0.05;
    (lo - m)..(hi + m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_keeps_words_whole() {
        assert_eq!(wrap("aa bb cc", 5), ["aa bb", "cc"]);
        assert_eq!(wrap("", 5), Vec::<String>::new());
    }

    #[test]
    fn twelve_series_differ_in_colour_and_marker() {
        let rgb = |i: usize| {
            let c = colour(i);
            (c.0, c.1, c.2)
        };
        let colours: std::collections::HashSet<_> = (0..16).map(rgb).collect();
        assert_eq!(colours.len(), 16);
        let shapes: std::collections::HashSet<_> = (0..12).map(|i| (rgb(i), i % MARKERS)).collect();
        assert_eq!(shapes.len(), 12);
    }

    #[test]
    fn slot_labels_only_on_slots() {
        let l = vec!["a".to_string(), "b".to_string()];
        assert_eq!(slot_label(&l, 1.0), "b");
        assert_eq!(slot_label(&l, 0.5), "");
        assert_eq!(slot_label(&l, 2.0), "");
    }
}
