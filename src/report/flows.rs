//! The text table, Markdown, CSV and JSON of a flows estimate ([`FlowsReport`]): refugees
//! averted per rule across the conflicts, per conflict, and with
//! [`RenderOptions::detailed`] each conflict's drafts, rules and years; every table ends with
//! the sources of its figures.

use super::{Format, Render, RenderOptions, Table, csv_header, thousands, to_json};
use crate::charts::{self, FlowYear, Flows};
use crate::error::{Error, Result};
use crate::flows::estimator::Summary;
use crate::flows::run::{ConflictFlow, FlowsReport};

/// The chart of a flow report's one conflict under `rule`: refugees by year, recorded and
/// counterfactual (mean, and the 90% band from the 5% and 95% quantiles of the refugees
/// averted), and the refugees averted by destination.
///
/// # Errors
/// A report without exactly one conflict, a rule it does not hold, or a drawing failure.
pub fn chart(report: &FlowsReport, rule: &str) -> Result<String> {
    let [c] = report.conflicts.as_slice() else {
        return Err(Error::Runtime(format!(
            "the flows chart draws one conflict; this run has {}",
            report.conflicts.len()
        )));
    };
    let r = report
        .config
        .rules
        .iter()
        .position(|x| x == rule)
        .ok_or_else(|| Error::Runtime(format!("the rule `{rule}` is not judged in this run")))?;
    let years: Vec<FlowYear> = c
        .by_year
        .iter()
        .filter_map(|y| {
            let recorded = y.outflow?;
            let averted = &y.refugees[r];
            let counterfactual = y.counterfactual[r].unwrap_or(recorded - averted.mean);
            let (lower90, upper90) = if averted.p05.is_finite() && averted.p95.is_finite() {
                (recorded - averted.p95, recorded - averted.p05)
            } else {
                (counterfactual, counterfactual)
            };
            Some(FlowYear {
                year: y.year,
                recorded,
                counterfactual,
                lower90,
                upper90,
            })
        })
        .collect();
    let f = &c.rules[r];
    let m = &report.meta;
    // The name without its parenthesised detail, which the title has no room for (the id
    // stands in for a long name, such as a hypothetical conflict's description).
    let name = c
        .name
        .split(" (")
        .next()
        .unwrap_or("")
        .trim()
        .trim_end_matches('.');
    let title = if name.is_empty() || name.chars().count() > 40 {
        &c.conflict
    } else {
        name
    };
    let e = &report.config.elasticity;
    let data = match &report.config.hypothetical {
        None => format!(
            "Outflows: UNHCR new arrivals from the origin (UNHCR Refugee Population Statistics, CC BY 4.0); battle deaths: PRIO Battle-deaths 3.1, UCDP GED 23.1 (data/conflict_years.csv); adoption: the vote model (alignment window {}), given that the drafts failed under `present` as they did",
            report.config.window
        ),
        Some(file) => format!(
            "Outflows and battle deaths: as given in {file} (a hypothetical conflict); adoption: the vote model (alignment window {}), each draft with its unconditional probability",
            report.config.window
        ),
    };
    let source = format!(
        "Source: veto-sim {} flows ({} flow trials, {} simulated votes per draft, seed {}, world {}). {data}; effects of the actions: declared priors ({}); elasticity of outflows to battle deaths {:.3} (90% {:.3} to {:.3}); destinations: {}. Counterfactual: the recorded outflow minus the refugees averted under `{rule}`; band: their 5% and 95% quantiles.",
        m.provenance.version,
        m.trials,
        m.vote_trials,
        m.seed,
        m.provenance.short_hash(),
        report.config.priors.file,
        e.mean,
        e.interval90[0],
        e.interval90[1],
        c.destinations.source.trim_end_matches('.'),
    );
    charts::flows_chart(&Flows {
        title: format!(
            "{title}: refugees by year, recorded and had the drafts passed under `{rule}`"
        ),
        y_label: "refugees (people, new outflow per year)".into(),
        years,
        split_label: format!("refugees averted, {}-{} (people)", c.years[0], c.years[1]),
        split: vec![
            ("neighbours".into(), f.neighbours.mean),
            ("rest of the region".into(), f.region.mean),
            ("Europe".into(), f.europe.mean),
            ("elsewhere".into(), f.elsewhere.mean),
        ],
        source,
    })
}

impl Render for FlowsReport {
    fn render(&self, format: Format, options: &RenderOptions) -> Result<String> {
        render(self, format, options.detailed)
    }
}

pub(crate) fn interval(s: &Summary) -> String {
    if s.p05.is_nan() {
        return String::new();
    }
    // The probability that anything is averted stands beside every interval: an interval
    // straddling 0 says little without it.
    format!(
        "{} to {} (P>0 {:.2})",
        thousands(s.p05),
        thousands(s.p95),
        s.p_positive
    )
}

pub(crate) fn totals_table(report: &FlowsReport) -> Table {
    let mut t = Table::new([
        "rule",
        "refugees averted",
        "90% interval",
        "to neighbours",
        "neighbours 90%",
        "rest of region",
        "region 90%",
        "to Europe",
        "Europe 90%",
        "elsewhere",
        "elsewhere 90%",
        "battle deaths averted",
        "deaths 90%",
    ]);
    for r in &report.totals {
        t.push([
            r.rule.clone(),
            thousands(r.refugees.mean),
            interval(&r.refugees),
            thousands(r.neighbours.mean),
            interval(&r.neighbours),
            thousands(r.region.mean),
            interval(&r.region),
            thousands(r.europe.mean),
            interval(&r.europe),
            thousands(r.elsewhere.mean),
            interval(&r.elsewhere),
            thousands(r.deaths.mean),
            interval(&r.deaths),
        ]);
    }
    t
}

pub(crate) fn conflicts_table(report: &FlowsReport) -> Table {
    let mut headers = vec![
        "conflict".to_string(),
        "drafts".into(),
        "years".into(),
        "recorded outflow".into(),
        "Europe share".into(),
    ];
    headers.extend(report.config.rules.iter().cloned());
    let mut t = Table::new(headers);
    for c in &report.conflicts {
        let used = c.drafts.iter().filter(|d| d.left_out.is_none()).count();
        let mut row = vec![
            c.conflict.clone(),
            format!("{used}/{}", c.drafts.len()),
            format!("{}-{}", c.years[0], c.years[1]),
            thousands(c.recorded_outflow),
            format!("{:.1}%", 100.0 * c.europe_share),
        ];
        row.extend(c.rules.iter().map(|r| thousands(r.refugees.mean)));
        t.push(row);
    }
    t
}

fn drafts_table(report: &FlowsReport, c: &ConflictFlow) -> Table {
    let mut headers = vec![
        "draft".to_string(),
        "date".into(),
        "kind".into(),
        "council".into(),
    ];
    headers.extend(report.config.rules.iter().map(|r| format!("P({r})")));
    let mut t = Table::new(headers);
    for d in &c.drafts {
        let mut row = vec![
            d.draft.clone(),
            d.date.clone(),
            d.kind.to_string(),
            d.council.map_or("-".to_string(), |y| y.to_string()),
        ];
        match &d.left_out {
            Some(_) => row.extend(report.config.rules.iter().map(|_| "-".to_string())),
            None => row.extend(d.pass.iter().zip(&d.basis).map(|(p, b)| pass_cell(*p, b))),
        }
        t.push(row);
    }
    t
}

/// A draft's probability of passing, as `veto-sim replay` shows it: `yes`/`no` where the
/// record decides, `0.421 m` where the model does, `?` where neither can.
fn pass_cell(p: f64, basis: &str) -> String {
    match basis {
        "recorded" if p >= 1.0 => "yes".to_string(),
        "recorded" => "no".to_string(),
        "unknown" => "?".to_string(),
        _ => format!("{p:.3} m"),
    }
}

pub(crate) fn conflict_rules_table(c: &ConflictFlow) -> Table {
    let mut t = Table::new([
        "rule",
        "P(any passes)",
        "drafts passed",
        "refugees averted",
        "90% interval",
        "to neighbours",
        "rest of region",
        "to Europe",
        "elsewhere",
        "battle deaths averted",
        "deaths 90%",
    ]);
    for r in &c.rules {
        t.push([
            r.rule.clone(),
            format!("{:.3}", r.any_passed),
            format!("{:.2}", r.expected_passed),
            thousands(r.refugees.mean),
            interval(&r.refugees),
            thousands(r.neighbours.mean),
            thousands(r.region.mean),
            thousands(r.europe.mean),
            thousands(r.elsewhere.mean),
            thousands(r.deaths.mean),
            interval(&r.deaths),
        ]);
    }
    t
}

pub(crate) fn years_table(report: &FlowsReport, c: &ConflictFlow) -> Table {
    let mut headers = vec![
        "year".to_string(),
        "battle deaths".into(),
        "recorded outflow".into(),
        "Europe share".into(),
        "destinations from".into(),
    ];
    // The present rule averts nothing for the record: leave it out of the by-year table.
    let shown: Vec<usize> = report
        .config
        .rules
        .iter()
        .enumerate()
        .filter(|(i, r)| !(r.as_str() == "present" && c.rules[*i].refugees.mean == 0.0))
        .map(|(i, _)| i)
        .collect();
    for &i in &shown {
        headers.push(report.config.rules[i].clone());
        headers.push("90%".into());
    }
    let mut t = Table::new(headers);
    for y in &c.by_year {
        let mut row = vec![
            y.year.to_string(),
            y.deaths.map_or("-".into(), thousands),
            y.outflow.map_or("-".into(), thousands),
            format!("{:.1}%", 100.0 * y.destinations.split.europe),
            y.destinations.basis.to_string(),
        ];
        for &i in &shown {
            row.push(thousands(y.refugees[i].mean));
            row.push(interval(&y.refugees[i]));
        }
        t.push(row);
    }
    t
}

/// The CSV table: every table of the report, told apart by the `table` column (`totals`,
/// `conflicts`, `drafts`: each draft's probability of passing, `years`: refugees averted by
/// year with that year's Europe share).
fn long_table(report: &FlowsReport) -> Table {
    let mut t = Table::new([
        "table",
        "conflict",
        "rule",
        "year",
        "draft",
        "measure",
        "mean",
        "p05",
        "p95",
        "p_positive",
        "any_passed",
        "split_share",
    ]);
    let row = |t: &mut Table,
               head: [&str; 5],
               measure: &str,
               s: Option<&Summary>,
               any: String,
               share: String| {
        // A figure the table does not have (a draft's interval) is left empty, not `NaN`.
        let num = |x: f64| {
            if x.is_nan() {
                String::new()
            } else {
                x.to_string()
            }
        };
        let (mean, p05, p95, pos) = s.map_or_else(Default::default, |s| {
            (num(s.mean), num(s.p05), num(s.p95), num(s.p_positive))
        });
        let mut cells: Vec<String> = head.iter().map(|c| c.to_string()).collect();
        cells.extend([measure.to_string(), mean, p05, p95, pos, any, share]);
        t.push(cells);
    };
    for r in &report.totals {
        for (m, s) in [
            ("refugees", &r.refugees),
            ("neighbours", &r.neighbours),
            ("region", &r.region),
            ("europe", &r.europe),
            ("elsewhere", &r.elsewhere),
            ("deaths", &r.deaths),
        ] {
            row(
                &mut t,
                ["totals", "all", &r.rule, "", ""],
                m,
                Some(s),
                String::new(),
                String::new(),
            );
        }
    }
    for c in &report.conflicts {
        for r in &c.rules {
            for (k, (m, s)) in [
                ("refugees", &r.refugees),
                ("neighbours", &r.neighbours),
                ("region", &r.region),
                ("europe", &r.europe),
                ("elsewhere", &r.elsewhere),
                ("deaths", &r.deaths),
            ]
            .into_iter()
            .enumerate()
            {
                // The category's share of the refugees averted (each year has its own split).
                let share = if (1..=4).contains(&k) && r.refugees.mean != 0.0 {
                    (s.mean / r.refugees.mean).to_string()
                } else {
                    String::new()
                };
                row(
                    &mut t,
                    ["conflicts", &c.conflict, &r.rule, "", ""],
                    m,
                    Some(s),
                    r.any_passed.to_string(),
                    share,
                );
            }
        }
    }
    for c in &report.conflicts {
        for d in &c.drafts {
            for (rule, p) in report.config.rules.iter().zip(&d.pass) {
                let pass = Summary {
                    mean: *p,
                    p05: f64::NAN,
                    p95: f64::NAN,
                    p_positive: f64::NAN,
                };
                row(
                    &mut t,
                    ["drafts", &c.conflict, rule, &d.date, &d.draft],
                    "p_pass",
                    Some(&pass),
                    String::new(),
                    String::new(),
                );
            }
        }
    }
    for c in &report.conflicts {
        for y in &c.by_year {
            let year = y.year.to_string();
            for (rule, s) in report.config.rules.iter().zip(&y.refugees) {
                row(
                    &mut t,
                    ["years", &c.conflict, rule, &year, ""],
                    "refugees",
                    Some(s),
                    String::new(),
                    y.destinations.split.europe.to_string(),
                );
            }
        }
    }
    t
}

pub(crate) fn sources_text(report: &FlowsReport, markdown: bool) -> String {
    let mut s = String::from(if markdown {
        "Sources:\n\n"
    } else {
        "Sources:\n"
    });
    for line in &report.sources {
        s.push_str(&format!("- {line}\n"));
    }
    s
}

/// Renders a flow report; `detailed` adds each conflict's drafts, rules and years.
///
/// # Errors
/// Only a failure to serialise.
fn render(report: &FlowsReport, format: Format, detailed: bool) -> Result<String> {
    let m = &report.meta;
    let e = &report.config.elasticity;
    let title = format!(
        "Refugees averted had the drafts passed: {} conflict{}, {} rules; {} trials per conflict and rule, {} simulated votes per draft, seed {}, veto-sim {}, world {}",
        report.conflicts.len(),
        if report.conflicts.len() == 1 { "" } else { "s" },
        report.config.rules.len(),
        m.trials,
        m.vote_trials,
        m.seed,
        m.provenance.version,
        m.provenance.short_hash()
    );
    let adoption = if report.config.hypothetical.is_some() {
        "The drafts of a hypothetical conflict have no record: each passes with its unconditional probability under each rule, `present` included, against the series as given."
    } else {
        "Drafts of the record pass under a rule as `veto-sim replay` decides them, by the same function: `yes`/`no` where the record decides, otherwise (`m`) with the vote model's probability conditional on the recorded votes, where the world has the year's Council; `?` where neither decides (a draft before 1990 whose record leaves the rule open) counts as not passing. The present rule passes nothing: the record is its outcome."
    };
    let basis = format!(
        "Mean and 90% interval over the vote outcomes and the priors. Elasticity of outflows to battle deaths {:.3} (90% {:.3} to {:.3}{}). {adoption}",
        e.mean,
        e.interval90[0],
        e.interval90[1],
        if e.country_years > 0 {
            format!(", {} country-years", e.country_years)
        } else {
            ", declared".to_string()
        }
    );
    let md = format == Format::Markdown;
    let section = |name: &str, table: Table| -> String {
        if md {
            format!("### {name}\n\n{}\n", table.to_markdown())
        } else {
            format!("{name}\n\n{}\n", table.to_text())
        }
    };
    match format {
        Format::Json => to_json(report),
        Format::Csv => Ok(format!(
            "{}{}",
            csv_header(&report.meta, &report.config)?,
            long_table(report).to_csv()?
        )),
        Format::Table | Format::Markdown => {
            let mut out = format!("{title}\n\n{basis}\n\n");
            out.push_str(&section(
                "Across the conflicts, per rule",
                totals_table(report),
            ));
            if !detailed {
                out.push_str(&section(
                    "Mean refugees averted, per conflict and rule",
                    conflicts_table(report),
                ));
            }
            if detailed {
                for c in &report.conflicts {
                    let name = format!(
                        "{} ({}; origin {}; destinations: {}{}, neighbours {:.1}%, rest of region {:.1}%, Europe {:.1}%, elsewhere {:.1}%)",
                        c.conflict,
                        c.name.trim_end_matches('.'),
                        c.origin.join(";"),
                        match c.destinations.basis.as_str() {
                            "gravity" => "gravity model".to_string(),
                            b => format!("UNHCR {b}"),
                        },
                        if c.destinations.year > 0 {
                            format!(" {}", c.destinations.year)
                        } else {
                            String::new()
                        },
                        100.0 * c.destinations.split.neighbours,
                        100.0 * c.destinations.split.region,
                        100.0 * c.destinations.split.europe,
                        100.0 * c.destinations.split.elsewhere,
                    );
                    out.push_str(&section(
                        &format!("{name}: drafts and their probability of passing"),
                        drafts_table(report, c),
                    ));
                    out.push_str(&section(
                        &format!("{}: per rule", c.conflict),
                        conflict_rules_table(c),
                    ));
                    out.push_str(&section(
                        &format!("{}: refugees averted by year", c.conflict),
                        years_table(report, c),
                    ));
                    if !c.not_estimated.is_empty() {
                        out.push_str(&format!(
                            "{}: not estimated in {} year(s) with a recorded outflow but no recorded battle deaths (nothing averted there): {}\n",
                            c.conflict,
                            c.not_estimated.len(),
                            year_ranges(&c.not_estimated)
                        ));
                    }
                    for d in c.drafts.iter().filter(|d| d.left_out.is_some()) {
                        out.push_str(&format!(
                            "{} left out: {}\n",
                            d.draft,
                            d.left_out.as_deref().unwrap_or("")
                        ));
                    }
                }
            }
            out.push_str(&sources_text(report, md));
            Ok(out)
        }
    }
}

/// Sorted years as ranges: `1997-2007, 2012`.
fn year_ranges(years: &[i32]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < years.len() {
        let mut j = i;
        while j + 1 < years.len() && years[j + 1] == years[j] + 1 {
            j += 1;
        }
        parts.push(if i == j {
            years[i].to_string()
        } else {
            format!("{}-{}", years[i], years[j])
        });
        i = j + 1;
    }
    parts.join(", ")
}
