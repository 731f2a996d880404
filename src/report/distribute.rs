//! The text table, Markdown, CSV and JSON of a distribution ([`DistributeReport`]): per state
//! its share, the refugees allocated and the load before and after, then the Gini coefficient
//! of the load.

use super::{Format, Render, RenderOptions, Table, csv_header, thousands, to_json};
use crate::api::DistributeReport;
use crate::error::Result;
use crate::flows::keys::Allocation;

impl Render for DistributeReport {
    fn render(&self, format: Format, _options: &RenderOptions) -> Result<String> {
        render(self, format)
    }
}

fn per(x: f64, decimals: usize) -> String {
    if x.is_finite() {
        format!("{x:.decimals$}")
    } else {
        "-".into()
    }
}

pub(crate) fn states_table(a: &Allocation) -> Table {
    let mut t = Table::new([
        "state",
        "name",
        "share",
        "allocated",
        "per 1,000 inhabitants",
        "per US$1bn GDP",
        "there today",
        "change",
        "hosted now (all)",
        "load per 1,000 before",
        "after",
    ]);
    for s in &a.states {
        t.push([
            s.code.clone(),
            if s.in_key {
                s.name.clone()
            } else {
                format!("{} (outside the key)", s.name)
            },
            format!("{:.2}%", 100.0 * s.share),
            thousands(s.allocated),
            per(s.per_1000, 2),
            per(s.per_gdp_bn, 1),
            thousands(s.today),
            thousands(s.change),
            thousands(s.hosted_now),
            per(s.load_before, 2),
            per(s.load_after, 2),
        ]);
    }
    t
}

/// Renders the report.
///
/// # Errors
/// Only a failure to serialise.
fn render(report: &DistributeReport, format: Format) -> Result<String> {
    let a = &report.allocation;
    let m = &report.meta;
    let head = format!(
        "Distribution by the `{}` key of {}: {} refugees among {} states; veto-sim {}, world {}",
        a.key.as_str(),
        a.what,
        thousands(a.refugees),
        a.states.iter().filter(|s| s.in_key).count(),
        m.provenance.version,
        m.provenance.short_hash()
    );
    let gini = format!(
        "Gini coefficient of refugees hosted per 1,000 inhabitants over the key's states (each state one observation): {:.3} today, {:.3} after the plan.",
        a.gini_before, a.gini_after
    );
    let notes: String = a.notes.iter().map(|n| format!("- {n}\n")).collect();
    let sources: String = a.sources.iter().map(|n| format!("- {n}\n")).collect();
    Ok(match format {
        Format::Json => to_json(report)?,
        Format::Csv => {
            let mut t = Table::new([
                "code",
                "in_key",
                "share",
                "allocated",
                "per_1000",
                "per_gdp_bn",
                "today",
                "change",
                "hosted_now",
                "load_before",
                "load_after",
            ]);
            for s in &a.states {
                t.push([
                    s.code.clone(),
                    s.in_key.to_string(),
                    s.share.to_string(),
                    s.allocated.to_string(),
                    s.per_1000.to_string(),
                    s.per_gdp_bn.to_string(),
                    s.today.to_string(),
                    s.change.to_string(),
                    s.hosted_now.to_string(),
                    s.load_before.to_string(),
                    s.load_after.to_string(),
                ]);
            }
            #[derive(serde::Serialize)]
            struct Summary<'a> {
                what: &'a str,
                refugees: f64,
                gini_before: f64,
                gini_after: f64,
                notes: &'a [String],
            }
            format!(
                "{}{}",
                csv_header(
                    &report.meta,
                    &Summary {
                        what: &a.what,
                        refugees: a.refugees,
                        gini_before: a.gini_before,
                        gini_after: a.gini_after,
                        notes: &a.notes,
                    }
                )?,
                t.to_csv()?
            )
        }
        Format::Table => format!(
            "{head}\n\n{gini}\n\n{}\nThe key:\n{notes}\nSources:\n{sources}",
            states_table(a).to_text()
        ),
        Format::Markdown => format!(
            "{head}\n\n{gini}\n\n{}\nThe key:\n\n{notes}\nSources:\n\n{sources}",
            states_table(a).to_markdown()
        ),
    })
}
