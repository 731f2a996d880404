//! The text table, Markdown, CSV and JSON of a scenario run ([`RunReport`]): the *today*
//! section (expected drafts adopted per rule, each draft's probability of adoption) and the
//! *history* section (refugees averted on the record).

use super::{Format, Render, RenderOptions, Table, csv_header, thousands, to_json};
use crate::engine::Basis;
use crate::error::Result;
use crate::flows::Summary;
use crate::scenario::{self, RunReport};

impl Render for RunReport {
    fn render(&self, format: Format, _options: &RenderOptions) -> Result<String> {
        render(self, format)
    }
}

fn f3(x: f64) -> String {
    format!("{x:.3}")
}

/// The rule totals as a table.
pub(crate) fn totals_table(report: &RunReport) -> Table {
    let first = report
        .totals
        .first()
        .map(|t| t.rule.clone())
        .unwrap_or_default();
    let mut t = Table::new([
        "rule",
        "expected adopted",
        "s.e.",
        "90% interval",
        &format!("vs {first}"),
        "s.e.",
    ]);
    for total in &report.totals {
        let diff = report
            .differences
            .iter()
            .find(|d| d.a == first && d.b == total.rule);
        let (d, se) = match diff {
            Some(d) => (
                format!("{:+.3}", -d.difference),
                format!("{:.3}", d.std_error),
            ),
            None => (String::new(), String::new()),
        };
        t.push([
            total.rule.clone(),
            format!("{:.3}", total.expected_adopted),
            format!("{:.3}", total.std_error),
            format!("{}-{}", total.interval90[0], total.interval90[1]),
            d,
            se,
        ]);
    }
    t
}

/// Per draft, the probability of adoption under each rule.
fn drafts_table(report: &RunReport, exact: bool) -> Table {
    let mut headers = vec![
        "draft".to_string(),
        "year".into(),
        "kind".into(),
        "atrocity".into(),
    ];
    for rule in &report.config.rules {
        headers.push(rule.name.clone());
        if exact {
            headers.push(format!("{} exact", rule.name));
        }
    }
    // On a narrow terminal the rules' columns go before the draft's year, atrocity and kind.
    let rules = headers.len() - 4;
    let mut t = Table::new(headers).with_priority([0, 2, 4, 3].into_iter().chain(vec![1; rules]));
    for d in &report.drafts {
        let mut row = vec![
            d.draft.clone(),
            d.year.to_string(),
            d.kind.to_string(),
            if d.atrocity { "yes" } else { "no" }.to_string(),
        ];
        for cell in &d.rules {
            row.push(f3(cell.adoption.estimate));
            if exact {
                row.push(cell.exact.map_or("-".to_string(), f3));
            }
        }
        t.push(row);
    }
    t
}

/// The long table of CSV output: every table of both sections, told apart by the `section`
/// (`today`, `history`) and `table` columns. Per-draft rows fill the draft columns; the
/// others give one figure per row in `measure` and `value`, with `vs_rule` (paired
/// differences) or `conflict` (history by conflict) where they apply.
fn long_table(report: &RunReport) -> Table {
    const HEADERS: [&str; 22] = [
        "section",
        "table",
        "draft",
        "year",
        "council",
        "kind",
        "atrocity",
        "rule",
        "p_adopt",
        "lower95",
        "upper95",
        "std_error",
        "adopted_trials",
        "trials",
        "p_blocked_by_veto",
        "p_assembly_adoption",
        "mean_yes",
        "exact",
        "vs_rule",
        "conflict",
        "measure",
        "value",
    ];
    let mut t = Table::new(HEADERS);
    // A row of one figure: section, table, rule, vs_rule, conflict, measure, value.
    let figure = |t: &mut Table,
                  section: &str,
                  table: &str,
                  rule: &str,
                  vs: &str,
                  conflict: &str,
                  measure: &str,
                  value: String| {
        let mut row = vec![String::new(); HEADERS.len()];
        row[0] = section.into();
        row[1] = table.into();
        row[7] = rule.into();
        row[18] = vs.into();
        row[19] = conflict.into();
        row[20] = measure.into();
        row[21] = value;
        t.push(row);
    };
    // The history section's summaries: mean, 5% and 95% quantiles and P(> 0) of each figure.
    let summaries =
        |t: &mut Table, table: &str, rule: &str, conflict: &str, list: &[(&str, &Summary)]| {
            for (name, s) in list {
                for (stat, v) in [
                    ("mean", s.mean),
                    ("p05", s.p05),
                    ("p95", s.p95),
                    ("p_positive", s.p_positive),
                ] {
                    figure(
                        t,
                        "history",
                        table,
                        rule,
                        "",
                        conflict,
                        &format!("{name}_{stat}"),
                        v.to_string(),
                    );
                }
            }
        };
    for total in &report.totals {
        for (measure, value) in [
            ("drafts", total.drafts.to_string()),
            ("expected_adopted", total.expected_adopted.to_string()),
            ("std_error", total.std_error.to_string()),
            ("interval90_low", total.interval90[0].to_string()),
            ("interval90_high", total.interval90[1].to_string()),
        ] {
            figure(
                &mut t,
                "today",
                "totals",
                &total.rule,
                "",
                "",
                measure,
                value,
            );
        }
    }
    for d in &report.differences {
        figure(
            &mut t,
            "today",
            "differences",
            &d.a,
            &d.b,
            "",
            "difference",
            d.difference.to_string(),
        );
        figure(
            &mut t,
            "today",
            "differences",
            &d.a,
            &d.b,
            "",
            "std_error",
            d.std_error.to_string(),
        );
    }
    for d in &report.drafts {
        for c in &d.rules {
            // Counts only where trials were counted.
            let (count, trials) = match c.adoption.basis {
                Basis::MonteCarlo { count, trials } => (Some(count), Some(trials)),
                Basis::Exact | Basis::Seatings { .. } => (None, None),
            };
            let mut row = vec![
                "today".to_string(),
                "drafts".to_string(),
                d.draft.clone(),
                d.year.to_string(),
                d.council.to_string(),
                d.kind.to_string(),
                d.atrocity.to_string(),
                c.rule.clone(),
                c.adoption.estimate.to_string(),
                c.adoption.lower.to_string(),
                c.adoption.upper.to_string(),
                c.adoption.std_error.to_string(),
                count.map_or(String::new(), |n| n.to_string()),
                trials.map_or(String::new(), |n| n.to_string()),
                c.blocked_by_veto.to_string(),
                c.assembly_adoption.to_string(),
                c.mean_yes.to_string(),
                c.exact.map_or(String::new(), |x| x.to_string()),
            ];
            row.extend(std::iter::repeat_n(String::new(), 4));
            t.push(row);
        }
    }
    if let Some(f) = &report.flows {
        for (i, total) in f.totals.iter().enumerate() {
            let adopted: f64 = f.conflicts.iter().map(|c| c.rules[i].expected_passed).sum();
            figure(
                &mut t,
                "history",
                "totals",
                &total.rule,
                "",
                "",
                "expected_adopted",
                adopted.to_string(),
            );
            let all = [
                ("refugees", &total.refugees),
                ("neighbours", &total.neighbours),
                ("region", &total.region),
                ("europe", &total.europe),
                ("elsewhere", &total.elsewhere),
                ("deaths", &total.deaths),
            ];
            summaries(&mut t, "totals", &total.rule, "", &all);
        }
        for c in &f.conflicts {
            for r in &c.rules {
                figure(
                    &mut t,
                    "history",
                    "conflicts",
                    &r.rule,
                    "",
                    &c.conflict,
                    "expected_adopted",
                    r.expected_passed.to_string(),
                );
                let some = [
                    ("refugees", &r.refugees),
                    ("europe", &r.europe),
                    ("deaths", &r.deaths),
                ];
                summaries(&mut t, "conflicts", &r.rule, &c.conflict, &some);
            }
        }
    }
    t
}

/// The *history* section's table: per rule, the record's drafts adopted as the replay decides
/// them (expected number), and the refugees, arrivals in Europe and battle deaths averted.
fn history_table(f: &crate::flows::run::FlowsReport) -> Table {
    let drafts: usize = f
        .conflicts
        .iter()
        .map(|c| c.drafts.iter().filter(|d| d.left_out.is_none()).count())
        .sum();
    let mut t = Table::new([
        "rule".to_string(),
        format!("adopted of {drafts} drafts"),
        "refugees averted".into(),
        "90% interval".into(),
        "to Europe".into(),
        "Europe 90%".into(),
        "battle deaths averted".into(),
        "deaths 90%".into(),
    ]);
    for (i, r) in f.totals.iter().enumerate() {
        let adopted: f64 = f.conflicts.iter().map(|c| c.rules[i].expected_passed).sum();
        t.push([
            r.rule.clone(),
            format!("{adopted:.3}"),
            thousands(r.refugees.mean),
            super::flows::interval(&r.refugees),
            thousands(r.europe.mean),
            super::flows::interval(&r.europe),
            thousands(r.deaths.mean),
            super::flows::interval(&r.deaths),
        ]);
    }
    t
}

/// Renders a run report.
///
/// # Errors
/// Only a failure to serialise.
fn render(report: &RunReport, format: Format) -> Result<String> {
    let exact = report
        .drafts
        .iter()
        .any(|d| d.rules.iter().any(|c| c.exact.is_some()));
    let m = &report.meta;
    let council = match &report.config.council {
        Some(scenario::CouncilChoice::Year(y)) => format!("the {y} Council"),
        Some(scenario::CouncilChoice::Members(c)) => {
            format!("a Council of {} named members", c.members.len())
        }
        None => "each draft's own Council".to_string(),
    };
    let method = match m.method {
        scenario::Method::Exact { std_error, .. } => format!(
            "adoption exact (mean over sampled seatings to s.e. {std_error} where seats are drawn){}",
            if report.flows.is_some() {
                format!(", {} trials for the history", m.trials)
            } else {
                String::new()
            }
        ),
        scenario::Method::MonteCarlo {
            std_error: Some(se),
            ..
        } => format!("up to {} Monte Carlo trials (to s.e. {se})", m.trials),
        scenario::Method::MonteCarlo { .. } => format!("{} trials", m.trials),
    };
    let title = format!(
        "Scenario `{}`; {method}, seed {}, veto-sim {}, world {}",
        report.config.scenario,
        m.seed,
        m.provenance.version,
        m.provenance.short_hash()
    );
    let today_title = format!(
        "Today: the {} drafts as if tabled before {council}, adoption under each rule",
        report.drafts.len()
    );
    let totals_title = format!(
        "Expected number of the {} drafts adopted, per rule",
        report.drafts.len()
    );
    let drafts_title = "Probability of adoption, per draft and rule";
    let today = |markdown: bool| -> String {
        if report.drafts.is_empty() {
            return String::new();
        }
        if markdown {
            format!(
                "\n## {today_title}\n\n### {totals_title}\n\n{}\n### {drafts_title}\n\n{}",
                totals_table(report).to_markdown(),
                drafts_table(report, exact).to_markdown()
            )
        } else {
            format!(
                "\n{today_title}\n\n{totals_title}\n\n{}\n{drafts_title}\n\n{}",
                totals_table(report).to_text(),
                drafts_table(report, exact).to_text()
            )
        }
    };
    let history = |markdown: bool| -> String {
        let Some(f) = &report.flows else {
            return String::new();
        };
        let title = format!(
            "History: the record's drafts on the world's {} conflicts, each before its own year's Council and adopted as `veto-sim replay` decides it, and the refugees and battle deaths averted, per rule (mean and 90% interval over the vote outcomes and the priors, with the probability that anything is averted; `veto-sim flows` for the detail)",
            f.conflicts.len()
        );
        let table = history_table(f);
        if markdown {
            format!(
                "\n## {title}\n\n{}\n{}",
                table.to_markdown(),
                super::flows::sources_text(f, true)
            )
        } else {
            format!(
                "\n{title}\n\n{}\n{}",
                table.to_text(),
                super::flows::sources_text(f, false)
            )
        }
    };
    Ok(match format {
        Format::Json => to_json(report)?,
        Format::Csv => format!(
            "{}{}",
            csv_header(&report.meta, &report.config)?,
            long_table(report).to_csv()?
        ),
        Format::Table => format!("{title}\n{}{}", today(false), history(false)),
        Format::Markdown => format!("{title}\n{}{}", today(true), history(true)),
    })
}
