//! The text table, Markdown, CSV and JSON of the language-weight validation
//! ([`CalibrateLanguageReport`]): per weight and set of years, the neighbour, category and
//! misallocation errors of the regional key against where refugees went.

use super::{Format, Render, RenderOptions, Table, csv_header, to_json};
use crate::api::CalibrateLanguageReport;
use crate::error::Result;

impl Render for CalibrateLanguageReport {
    fn render(&self, format: Format, _options: &RenderOptions) -> Result<String> {
        let v = &self.validation;
        let table = || {
            let mut t = Table::new([
                "language weight",
                "years",
                "conflict-years",
                "neighbour error (points)",
                "category error (points)",
                "in the wrong state",
            ]);
            for r in &v.rows {
                t.push([
                    if r.weight == 0.0 {
                        "0 (without)".to_string()
                    } else {
                        format!("{}", r.weight)
                    },
                    r.years.to_string(),
                    r.n.to_string(),
                    format!("{:.1}", 100.0 * r.mean.neighbours),
                    format!("{:.1}", 100.0 * r.mean.categories),
                    format!("{:.1}%", 100.0 * r.mean.misallocated),
                ]);
            }
            t
        };
        let head = format!(
            "The regional key with and without a weight for a shared official language, against the observed new arrivals of {} conflicts' years with {}+ arrivals (UNHCR flows); a state sharing a language weighs 1 + weight times as much. veto-sim {}, world {}",
            v.conflicts.len(),
            v.min_arrivals,
            self.meta.provenance.version,
            self.meta.provenance.short_hash()
        );
        let verdict = format!(
            "Fewest refugees in the wrong state over all years: weight {}. The parameter file ({}) ships weight {}{}.",
            v.best,
            self.meta.priors,
            v.shipped,
            if v.shipped == v.best {
                ""
            } else {
                " (not the best of those compared)"
            }
        );
        Ok(match format {
            Format::Json => to_json(self)?,
            Format::Csv => {
                let mut t = Table::new([
                    "weight",
                    "years",
                    "n",
                    "neighbours",
                    "categories",
                    "misallocated",
                ]);
                for r in &v.rows {
                    t.push([
                        r.weight.to_string(),
                        r.years.to_string(),
                        r.n.to_string(),
                        r.mean.neighbours.to_string(),
                        r.mean.categories.to_string(),
                        r.mean.misallocated.to_string(),
                    ]);
                }
                #[derive(serde::Serialize)]
                struct Config<'a> {
                    conflicts: &'a [String],
                    min_arrivals: u64,
                    shipped: f64,
                    best: f64,
                }
                format!(
                    "{}{}",
                    csv_header(
                        &self.meta,
                        &Config {
                            conflicts: &v.conflicts,
                            min_arrivals: v.min_arrivals,
                            shipped: v.shipped,
                            best: v.best,
                        }
                    )?,
                    t.to_csv()?
                )
            }
            Format::Table => format!("{head}\n\n{}\n{verdict}\n", table().to_text()),
            Format::Markdown => format!("{head}\n\n{}\n{verdict}\n", table().to_markdown()),
        })
    }
}
