//! One output row per cell: the cell's axis values and, per rule, the probability of adoption
//! and the expected number of drafts adopted, as a JSON line and as a CSV row.
//!
//! A JSON line reads
//! ```text
//! {"cell":4,"seed":…,"axes":{"quota":10,"veto.negatives_to_block":2},"drafts":47,"trials":20000,
//!  "rules":[{"rule":"restraint","p_adopt":0.41,"lower95":…,"upper95":…,"expected_adopted":19.3,
//!            "std_error":…,"interval90":[14,24],"blocked_by_veto":…,"assembly_adoption":…}]}
//! ```
//! `p_adopt` is the mean over the cell's drafts of the probability of adoption; its 95%
//! interval is Wilson's for a single draft and `p_adopt ± 1.96 s.e.` (Monte Carlo error of the
//! mean) for several. `expected_adopted`, `std_error` and `interval90` are the run's totals
//! (see [`crate::scenario::RuleTotal`]); `blocked_by_veto` and `assembly_adoption` are means
//! over the drafts.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};

use crate::engine::stats::Z95;
use crate::error::{Error, Result};
use crate::scenario::RunReport;
use crate::table::Table;

/// One rule's results in a cell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleRow {
    /// The rule.
    pub rule: String,
    /// Mean probability of adoption over the cell's drafts.
    pub p_adopt: f64,
    /// Lower end of its 95% interval.
    pub lower95: f64,
    /// Upper end of its 95% interval.
    pub upper95: f64,
    /// Expected number of the drafts adopted.
    pub expected_adopted: f64,
    /// Its Monte Carlo standard error.
    pub std_error: f64,
    /// A 90% predictive interval of the number adopted.
    pub interval90: [usize; 2],
    /// Mean probability that the veto blocks a draft that has the votes.
    pub blocked_by_veto: f64,
    /// Mean probability that the Assembly adopts a draft after a veto.
    pub assembly_adoption: f64,
    /// Refugees averted across the cell's conflicts (sweeps that estimate flows).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refugees_averted: Option<Averted>,
    /// Of which arrivals in Europe averted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub europe_averted: Option<Averted>,
}

/// A flow figure: mean and 90% interval over the vote outcomes and the priors.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Averted {
    /// Mean.
    pub mean: f64,
    /// 5% quantile.
    pub p05: f64,
    /// 95% quantile.
    pub p95: f64,
    /// Probability that anything is averted.
    pub p_positive: f64,
}

impl From<&crate::flows::estimator::Summary> for Averted {
    fn from(s: &crate::flows::estimator::Summary) -> Averted {
        Averted {
            mean: s.mean,
            p05: s.p05,
            p95: s.p95,
            p_positive: s.p_positive,
        }
    }
}

/// Axis values in the sweep's order (a JSON object whose keys keep that order).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AxisValues(pub Vec<(String, serde_json::Value)>);

impl Serialize for AxisValues {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for AxisValues {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = AxisValues;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map from axis to value")
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                mut map: A,
            ) -> std::result::Result<AxisValues, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, serde_json::Value>()? {
                    if out.iter().any(|(o, _): &(String, _)| *o == k) {
                        return Err(de::Error::custom(format!("axis `{k}` given twice")));
                    }
                    out.push((k, v));
                }
                Ok(AxisValues(out))
            }
        }
        d.deserialize_map(V)
    }
}

/// One cell's results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Row {
    /// The cell's number.
    pub cell: u64,
    /// Its seed (from the master seed and the cell's number).
    pub seed: u64,
    /// Its axis values.
    pub axes: AxisValues,
    /// How many drafts it ran.
    pub drafts: usize,
    /// Trials per draft.
    pub trials: u64,
    /// Per rule, in the sweep's order.
    pub rules: Vec<RuleRow>,
}

impl Row {
    /// The row of cell `cell` from its run.
    pub fn from_report(cell: u64, axes: AxisValues, report: &RunReport) -> Row {
        let n = report.drafts.len().max(1) as f64;
        let flow = |rule: &str| {
            report
                .flows
                .as_ref()
                .and_then(|f| f.totals.iter().find(|t| t.rule == rule))
        };
        let rules = report
            .totals
            .iter()
            .enumerate()
            .map(|(r, t)| {
                let p = t.expected_adopted / n;
                let (lower, upper) = match report.drafts.as_slice() {
                    [one] => (one.rules[r].adoption.lower, one.rules[r].adoption.upper),
                    _ => {
                        let half = Z95 * t.std_error / n;
                        ((p - half).max(0.0), (p + half).min(1.0))
                    }
                };
                let mean = |f: &dyn Fn(&crate::scenario::RuleCell) -> f64| {
                    report.drafts.iter().map(|d| f(&d.rules[r])).sum::<f64>() / n
                };
                RuleRow {
                    rule: t.rule.clone(),
                    p_adopt: p,
                    lower95: lower,
                    upper95: upper,
                    expected_adopted: t.expected_adopted,
                    std_error: t.std_error,
                    interval90: t.interval90,
                    blocked_by_veto: mean(&|c| c.blocked_by_veto),
                    assembly_adoption: mean(&|c| c.assembly_adoption),
                    refugees_averted: flow(t.rule.as_str()).map(|f| (&f.refugees).into()),
                    europe_averted: flow(t.rule.as_str()).map(|f| (&f.europe).into()),
                }
            })
            .collect();
        Row {
            cell,
            seed: report.meta.seed,
            axes,
            drafts: report.drafts.len(),
            trials: report.meta.trials,
            rules,
        }
    }

    /// The row as one JSON line, with its newline.
    ///
    /// # Errors
    /// Only a failure to serialise.
    pub fn to_line(&self) -> Result<String> {
        let mut s = serde_json::to_string(self)
            .map_err(|e| Error::Runtime(format!("cannot write a sweep row: {e}")))?;
        s.push('\n');
        Ok(s)
    }

    /// Parses one JSON line (without its newline).
    ///
    /// # Errors
    /// A message when the text is not a complete row.
    pub fn parse(line: &str) -> std::result::Result<Row, String> {
        serde_json::from_str(line).map_err(|e| e.to_string())
    }
}

/// The metrics each rule contributes to a CSV row, in column order.
pub const METRICS: [&str; 7] = [
    "p_adopt",
    "lower95",
    "upper95",
    "expected_adopted",
    "std_error",
    "blocked_by_veto",
    "assembly_adoption",
];

fn num(x: f64) -> String {
    serde_json::to_string(&x).unwrap_or_default()
}

/// A CSV cell for an axis value: numbers as in JSON, lists joined with `;`.
pub fn value_text(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(items) => {
            items.iter().map(value_text).collect::<Vec<_>>().join(";")
        }
        other => other.to_string(),
    }
}

/// The metrics a sweep that estimates flows adds per rule, in column order.
pub const FLOW_METRICS: [&str; 8] = [
    "refugees_averted",
    "refugees_averted_p05",
    "refugees_averted_p95",
    "refugees_averted_p_positive",
    "europe_averted",
    "europe_averted_p05",
    "europe_averted_p95",
    "europe_averted_p_positive",
];

/// The CSV table of `rows` (already in cell order): `cell, seed`, one column per axis,
/// `drafts, trials`, then per rule `p_adopt[rule]`, `lower95[rule]`... (see [`METRICS`]),
/// followed, when the rows carry flows, by [`FLOW_METRICS`].
pub fn csv_table(axes: &[String], rules: &[String], rows: &[Row]) -> Table {
    let mut headers: Vec<String> = vec!["cell".into(), "seed".into()];
    headers.extend(axes.iter().cloned());
    headers.extend(["drafts".to_string(), "trials".to_string()]);
    let flows = rows
        .iter()
        .any(|row| row.rules.iter().any(|r| r.refugees_averted.is_some()));
    for r in rules {
        headers.extend(METRICS.iter().map(|m| format!("{m}[{r}]")));
        if flows {
            headers.extend(FLOW_METRICS.iter().map(|m| format!("{m}[{r}]")));
        }
    }
    let mut t = Table::new(headers);
    for row in rows {
        let mut cells = vec![row.cell.to_string(), row.seed.to_string()];
        cells.extend(row.axes.0.iter().map(|(_, v)| value_text(v)));
        cells.extend([row.drafts.to_string(), row.trials.to_string()]);
        for r in &row.rules {
            cells.extend([
                num(r.p_adopt),
                num(r.lower95),
                num(r.upper95),
                num(r.expected_adopted),
                num(r.std_error),
                num(r.blocked_by_veto),
                num(r.assembly_adoption),
            ]);
            if flows {
                for a in [r.refugees_averted, r.europe_averted] {
                    let a = a.unwrap_or(Averted {
                        mean: f64::NAN,
                        p05: f64::NAN,
                        p95: f64::NAN,
                        p_positive: f64::NAN,
                    });
                    cells.extend([num(a.mean), num(a.p05), num(a.p95), num(a.p_positive)]);
                }
            }
        }
        t.push(cells);
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Row {
        Row {
            cell: 3,
            seed: 99,
            axes: AxisValues(vec![
                ("quota".into(), serde_json::json!(10)),
                ("restraint.compliance".into(), serde_json::json!(0.25)),
                ("veto.holders".into(), serde_json::json!(["FRA", "GBR"])),
            ]),
            drafts: 1,
            trials: 100,
            rules: vec![RuleRow {
                rule: "present".into(),
                p_adopt: 0.5,
                lower95: 0.4,
                upper95: 0.6,
                expected_adopted: 0.5,
                std_error: 0.05,
                interval90: [0, 1],
                blocked_by_veto: 0.1,
                assembly_adoption: 0.0,
                refugees_averted: None,
                europe_averted: None,
            }],
        }
    }

    #[test]
    fn a_line_round_trips_and_keeps_axis_order() {
        let row = sample();
        let line = row.to_line().unwrap();
        assert!(line.ends_with('\n'));
        assert!(line.find("quota").unwrap() < line.find("restraint.compliance").unwrap());
        assert_eq!(Row::parse(line.trim_end()).unwrap(), row);
        assert_eq!(
            Row::parse(line.trim_end()).unwrap().to_line().unwrap(),
            line
        );
    }

    #[test]
    fn a_cut_line_does_not_parse() {
        let line = sample().to_line().unwrap();
        for cut in [1, 10, line.len() / 2, line.len() - 2] {
            assert!(Row::parse(&line[..cut]).is_err(), "{}", &line[..cut]);
        }
    }

    #[test]
    fn csv_has_one_column_per_axis_and_metric() {
        let t = csv_table(
            &[
                "quota".into(),
                "restraint.compliance".into(),
                "veto.holders".into(),
            ],
            &["present".into()],
            &[sample()],
        );
        assert_eq!(t.headers.len(), 2 + 3 + 2 + METRICS.len());
        assert_eq!(t.rows[0][2..5], ["10", "0.25", "FRA;GBR"]);
        assert!(t.headers.contains(&"p_adopt[present]".to_string()));
    }
}
