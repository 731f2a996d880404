//! The text table, Markdown, CSV and JSON of a comparison ([`CompareReport`]): per rule the
//! probability of adoption, per pair of rules the paired difference, per member its votes;
//! CSV carries the three tables in one, told apart by a leading `section` column.

use super::{Format, Render, RenderOptions, Table, csv_header, to_json};
use crate::api::CompareReport;
use crate::charts::{self, Bar};
use crate::error::Result;

/// The chart of a comparison: the probability of adoption under each rule with its Wilson 95%
/// interval; `model` names the vote model's parameter file.
///
/// # Errors
/// Only a drawing failure.
pub fn chart(report: &CompareReport, model: &str) -> Result<String> {
    let d = &report.config.draft;
    let m = &report.meta;
    let title = format!(
        "Draft {} before the {} Council: probability of adoption by rule",
        d.id, report.config.council
    );
    let bars: Vec<Bar> = report
        .result
        .rules
        .iter()
        .map(|r| Bar {
            label: r.rule.clone(),
            value: r.adoption.estimate,
            lower: r.adoption.lower,
            upper: r.adoption.upper,
        })
        .collect();
    let source = format!(
        "Source: veto-sim {} simulation of the vote model ({model}, alignment window {}) on the same {} trials for every rule, seed {}; draft {} ({}, {}{}) from {}; world {}. Whiskers: Wilson 95% interval.",
        m.provenance.version,
        report.config.window,
        m.trials,
        m.seed,
        d.id,
        d.year,
        d.kind,
        if d.atrocity { ", atrocity" } else { "" },
        if d.origin == "record" {
            "the veto record"
        } else {
            d.origin.as_str()
        },
        m.provenance.short_hash()
    );
    charts::compare_chart(&title, &bars, &source)
}

impl Render for CompareReport {
    fn render(&self, format: Format, _options: &RenderOptions) -> Result<String> {
        render(self, format)
    }
}

fn rules_table(report: &CompareReport) -> Table {
    let exact =
        report.result.rules.iter().any(|r| r.exact.is_some()) || report.result.rules.is_empty();
    let mut headers = vec!["rule", "seats", "P(adopt)", "95% interval"];
    if exact {
        headers.push("exact");
    }
    headers.extend(["blocked by veto", "Assembly adopts", "mean yes"]);
    let mut t = Table::new(headers);
    for r in &report.result.rules {
        let mut row = vec![
            r.rule.clone(),
            format!("{}{}", r.seats, if r.drawn_seats { "*" } else { "" }),
            format!("{:.4}", r.adoption.estimate),
            format!("{:.4}-{:.4}", r.adoption.lower, r.adoption.upper),
        ];
        if exact {
            row.push(
                r.exact
                    .map_or("needs fixed seats".to_string(), |x| format!("{x:.4}")),
            );
        }
        row.extend([
            format!("{:.4}", r.blocked_by_veto.estimate),
            format!("{:.4}", r.assembly_adoption.estimate),
            format!("{:.2}", r.mean_yes),
        ]);
        t.push(row);
    }
    t
}

fn pairs_table(report: &CompareReport) -> Table {
    let mut t = Table::new([
        "rule a",
        "rule b",
        "P(a) - P(b)",
        "s.e.",
        "only a",
        "only b",
    ]);
    for p in &report.result.pairs {
        t.push([
            p.a.clone(),
            p.b.clone(),
            format!("{:+.4}", p.difference.difference),
            format!("{:.4}", p.difference.std_error),
            p.difference.only_a.to_string(),
            p.difference.only_b.to_string(),
        ]);
    }
    t
}

fn members_table(report: &CompareReport, all: bool) -> (Table, usize) {
    let mut t = Table::new([
        "rule", "member", "seated", "yes", "abstain", "no", "pivotal", "veto",
    ]);
    let mut hidden = 0;
    for r in &report.result.rules {
        for m in &r.members {
            if !all && m.seated < 1.0 {
                hidden += 1;
                continue;
            }
            t.push([
                r.rule.clone(),
                m.code.clone(),
                format!("{:.3}", m.seated),
                format!("{:.3}", m.yes),
                format!("{:.3}", m.abstain),
                format!("{:.3}", m.no),
                format!("{:.4}", m.pivotal),
                format!("{:.4}", m.veto),
            ]);
        }
    }
    (t, hidden)
}

/// The long table of CSV output: every table of the text output, told apart by the leading
/// `section` column (`rules`: per rule its probability of adoption and the rest; `pairs`: the
/// paired difference of `rule` and `vs_rule`; `members`: per rule and member its vote shares,
/// drawn members included). A row fills the columns of its section and leaves the rest empty.
fn long_table(report: &CompareReport) -> Table {
    const HEADERS: [&str; 26] = [
        "section",
        "rule",
        "vs_rule",
        "member",
        "seats",
        "drawn_seats",
        "p_adopt",
        "lower95",
        "upper95",
        "std_error",
        "adopted_trials",
        "trials",
        "exact",
        "p_blocked_by_veto",
        "p_assembly_adoption",
        "mean_yes",
        "difference",
        "only_a",
        "only_b",
        "seated",
        "yes",
        "abstain",
        "no",
        "pivotal",
        "veto",
        "restraint_applies",
    ];
    let col = |name: &str| HEADERS.iter().position(|h| *h == name).unwrap_or(0);
    let mut t = Table::new(HEADERS);
    let push = |t: &mut Table, cells: &[(&str, String)]| {
        let mut row = vec![String::new(); HEADERS.len()];
        for (name, value) in cells {
            row[col(name)] = value.clone();
        }
        t.push(row);
    };
    for r in &report.result.rules {
        push(
            &mut t,
            &[
                ("section", "rules".into()),
                ("rule", r.rule.clone()),
                ("seats", r.seats.to_string()),
                ("drawn_seats", r.drawn_seats.to_string()),
                ("p_adopt", r.adoption.estimate.to_string()),
                ("lower95", r.adoption.lower.to_string()),
                ("upper95", r.adoption.upper.to_string()),
                ("std_error", r.adoption.std_error.to_string()),
                ("adopted_trials", r.adoption.count.to_string()),
                ("trials", r.adoption.trials.to_string()),
                ("exact", r.exact.map_or(String::new(), |x| x.to_string())),
                ("p_blocked_by_veto", r.blocked_by_veto.estimate.to_string()),
                (
                    "p_assembly_adoption",
                    r.assembly_adoption.estimate.to_string(),
                ),
                ("mean_yes", r.mean_yes.to_string()),
                ("restraint_applies", r.restraint_applies.to_string()),
            ],
        );
    }
    for p in &report.result.pairs {
        push(
            &mut t,
            &[
                ("section", "pairs".into()),
                ("rule", p.a.clone()),
                ("vs_rule", p.b.clone()),
                ("difference", p.difference.difference.to_string()),
                ("std_error", p.difference.std_error.to_string()),
                ("only_a", p.difference.only_a.to_string()),
                ("only_b", p.difference.only_b.to_string()),
                ("trials", report.result.trials.to_string()),
            ],
        );
    }
    for r in &report.result.rules {
        for m in &r.members {
            push(
                &mut t,
                &[
                    ("section", "members".into()),
                    ("rule", r.rule.clone()),
                    ("member", m.code.clone()),
                    ("seated", m.seated.to_string()),
                    ("yes", m.yes.to_string()),
                    ("abstain", m.abstain.to_string()),
                    ("no", m.no.to_string()),
                    ("pivotal", m.pivotal.to_string()),
                    ("veto", m.veto.to_string()),
                ],
            );
        }
    }
    t
}

/// Renders a comparison.
///
/// # Errors
/// Only a failure to serialise.
fn render(report: &CompareReport, format: Format) -> Result<String> {
    let d = &report.config.draft;
    let title = format!(
        "Draft {} ({}, {}{}) before the {} Council; {} trials, seed {}, veto-sim {}",
        d.id,
        d.year,
        d.kind,
        if d.atrocity { ", atrocity" } else { "" },
        report.config.council,
        report.meta.trials,
        report.meta.seed,
        report.meta.provenance.version
    );
    let (members, hidden) = members_table(report, false);
    let note = if hidden > 0 {
        format!(
            "\n(* open seats drawn in each trial: {hidden} drawn members are in the JSON and CSV output)\n"
        )
    } else {
        String::new()
    };
    Ok(match format {
        Format::Json => to_json(report)?,
        Format::Csv => format!(
            "{}{}",
            csv_header(&report.meta, &report.config)?,
            long_table(report).to_csv()?
        ),
        Format::Table => format!(
            "{title}\n\nProbability of adoption\n\n{}\nPaired differences (same trials)\n\n{}\nMembers: vote shares when seated; pivotal and veto as shares of trials\n\n{}{note}",
            rules_table(report).to_text(),
            pairs_table(report).to_text(),
            members.to_text()
        ),
        Format::Markdown => format!(
            "{title}\n\n### Probability of adoption\n\n{}\n### Paired differences (same trials)\n\n{}\n### Members\n\n{}{note}",
            rules_table(report).to_markdown(),
            pairs_table(report).to_markdown(),
            members.to_markdown()
        ),
    })
}
