//! The text table, Markdown, CSV and JSON of a replay ([`ReplayReport`]): per reform the drafts
//! adopted on the record, by the model and unknown, then by decade, vetoing member, kind or
//! topic, and draft by draft ([`RenderOptions::sections`]).

use super::{Format, Render, RenderOptions, Table, to_json};
use crate::charts::{self, Replay};
use crate::error::{Error, Result, did_you_mean};
use crate::replay::{DraftReplay, GroupSummary, Judgement, ReplayReport};

/// The chart of a replay: per decade, the drafts of the selection and the expected number
/// adopted under each reform (adopted on the recorded votes plus the sum of the modelled
/// drafts' probabilities; unknown drafts count as not adopted).
///
/// # Errors
/// Only a drawing failure.
pub fn chart(report: &ReplayReport) -> Result<String> {
    let m = &report.meta;
    let decades = &report.summaries.decade;
    let rules = report
        .config
        .reforms
        .iter()
        .enumerate()
        .map(|(j, r)| {
            (
                r.name.clone(),
                decades
                    .iter()
                    .map(|g| g.rules[j].recorded_adopted as f64 + g.rules[j].modelled_expected)
                    .collect(),
            )
        })
        .collect();
    let unknown: usize = report.totals.rules.iter().map(|c| c.unknown).sum();
    let source = format!(
        "Source: veto-sim {} replay of the record of vetoed and failed drafts (data/drafts.csv: the Dag Hammarskjöld Library veto list and UN records; {}: {} drafts). Bars: expected number adopted = drafts adopted on the recorded votes + the sum of the modelled drafts' probabilities of adoption (vote model {}, alignment {}; {} trials per modelled draft and reform, seed {}){}. World {}.",
        m.provenance.version,
        report.config.selection,
        report.drafts.len(),
        report.config.model_source,
        report.config.window,
        m.trials,
        m.seed,
        if unknown > 0 {
            format!(
                "; {unknown} draft-reform outcome(s) the record leaves unknown count as not adopted"
            )
        } else {
            String::new()
        },
        m.provenance.short_hash()
    );
    let mut title =
        "Vetoed and failed drafts replayed under each reform: adopted per decade".to_string();
    let selection = format!("{title} ({})", report.config.selection);
    if report.config.selection != "all drafts" && selection.chars().count() <= 84 {
        title = selection;
    }
    charts::replay_chart(&Replay {
        title,
        decades: decades.iter().map(|g| g.group.clone()).collect(),
        drafts: Some(decades.iter().map(|g| g.drafts as f64).collect()),
        rules,
        source,
    })
}

impl Render for ReplayReport {
    fn render(&self, format: Format, options: &RenderOptions) -> Result<String> {
        let chosen = sections(options.sections.as_deref())?;
        render(self, format, &chosen, options.sections.is_some())
    }
}

/// The sections `--by` accepts.
pub const SECTIONS: [&str; 6] = ["totals", "decade", "vetoer", "kind", "topic", "drafts"];
/// The sections shown by default.
pub const DEFAULT_SECTIONS: [&str; 4] = ["totals", "decade", "vetoer", "kind"];

/// The sections of `--by`, checked and without repeats; the default ones when `None`.
///
/// # Errors
/// [`Error::Usage`] for an unknown section, with the nearest.
pub fn sections(by: Option<&[String]>) -> Result<Vec<&'static str>> {
    let Some(by) = by else {
        return Ok(DEFAULT_SECTIONS.to_vec());
    };
    let mut out = Vec::new();
    for s in by {
        let s = s.trim().to_ascii_lowercase();
        if s == "all" {
            return Ok(SECTIONS.to_vec());
        }
        let Some(found) = SECTIONS.iter().find(|x| **x == s) else {
            return Err(Error::Usage(format!(
                "unknown section `{s}` for `--by` (expected {}, or all){}",
                SECTIONS.join(", "),
                did_you_mean(&s, SECTIONS)
            )));
        };
        if !out.contains(found) {
            out.push(*found);
        }
    }
    Ok(out)
}

/// `12 +1.3/4m ?20`: adopted on the record, expected adopted among the modelled drafts / the
/// modelled drafts, unknown drafts.
fn group_cell(c: &crate::replay::RuleCount) -> String {
    let mut s = c.recorded_adopted.to_string();
    if c.modelled > 0 {
        s.push_str(&format!(" +{:.1}/{}m", c.modelled_expected, c.modelled));
    }
    if c.unknown > 0 {
        s.push_str(&format!(" ?{}", c.unknown));
    }
    s
}

pub(crate) fn totals_table(report: &ReplayReport) -> Table {
    let mut t = Table::new([
        "reform",
        "drafts",
        "adopted (recorded)",
        "not adopted (recorded)",
        "modelled",
        "expected adopted (modelled)",
        "90% interval",
        "unknown",
    ]);
    for c in &report.totals.rules {
        t.push([
            c.rule.clone(),
            report.totals.drafts.to_string(),
            c.recorded_adopted.to_string(),
            c.recorded_not_adopted.to_string(),
            c.modelled.to_string(),
            format!("{:.2}", c.modelled_expected),
            format!("{}-{}", c.modelled_interval90[0], c.modelled_interval90[1]),
            c.unknown.to_string(),
        ]);
    }
    t
}

pub(crate) fn group_table(label: &str, groups: &[GroupSummary], report: &ReplayReport) -> Table {
    let mut headers = vec![label.to_string(), "drafts".to_string()];
    headers.extend(report.config.reforms.iter().map(|r| r.name.clone()));
    let mut t = Table::new(headers);
    for g in groups {
        let mut row = vec![g.group.clone(), g.drafts.to_string()];
        row.extend(g.rules.iter().map(group_cell));
        t.push(row);
    }
    t
}

fn tally_text(d: &DraftReplay) -> String {
    match d.counts {
        [Some(y), Some(n), Some(a)] => format!("{y}-{n}-{a}"),
        _ => d.tally.as_str().to_string(),
    }
}

pub(crate) fn drafts_table(report: &ReplayReport) -> Table {
    let mut headers: Vec<String> = ["draft", "date", "outcome", "vetoed by", "tally", "kind"]
        .map(String::from)
        .to_vec();
    headers.extend(report.config.reforms.iter().map(|r| r.name.clone()));
    let mut t = Table::new(headers);
    for d in &report.drafts {
        let mut row = vec![
            d.id.clone(),
            d.date.clone(),
            d.outcome.as_str().to_string(),
            d.vetoed_by.join(";"),
            tally_text(d),
            d.kind.map_or(String::new(), |k| k.to_string()),
        ];
        row.extend(d.cells.iter().map(|c| c.judgement.short()));
        t.push(row);
    }
    t
}

/// One row per draft and reform.
fn long_drafts(report: &ReplayReport) -> Table {
    let mut t = Table::new([
        "draft",
        "date",
        "year",
        "outcome",
        "vetoed_by",
        "topic",
        "kind",
        "atrocity",
        "tally",
        "n_yes",
        "n_no",
        "n_abstain",
        "reform",
        "basis",
        "adopted",
        "p_adopt",
        "lower95",
        "upper95",
        "trials",
        "reason",
    ]);
    let opt = |v: Option<u32>| v.map_or(String::new(), |v| v.to_string());
    for d in &report.drafts {
        for c in &d.cells {
            let (adopted, p, lo, hi, trials) = match &c.judgement {
                Judgement::Recorded { adopted, .. } => (
                    adopted.to_string(),
                    if *adopted { "1" } else { "0" }.to_string(),
                    String::new(),
                    String::new(),
                    String::new(),
                ),
                Judgement::Modelled { adoption, .. } => (
                    String::new(),
                    adoption.estimate.to_string(),
                    adoption.lower.to_string(),
                    adoption.upper.to_string(),
                    match adoption.basis {
                        crate::engine::Basis::MonteCarlo { trials, .. } => trials.to_string(),
                        _ => String::new(),
                    },
                ),
                Judgement::Unknown { .. } => Default::default(),
            };
            t.push([
                d.id.clone(),
                d.date.clone(),
                d.year.to_string(),
                d.outcome.as_str().to_string(),
                d.vetoed_by.join(";"),
                d.topic.clone(),
                d.kind.map_or(String::new(), |k| k.to_string()),
                d.atrocity.to_string(),
                d.tally.as_str().to_string(),
                opt(d.counts[0]),
                opt(d.counts[1]),
                opt(d.counts[2]),
                c.rule.clone(),
                c.judgement.basis().to_string(),
                adopted,
                p,
                lo,
                hi,
                trials,
                c.judgement.reason().to_string(),
            ]);
        }
    }
    t
}

/// One row per section, group and reform.
fn long_groups(report: &ReplayReport, chosen: &[&str]) -> Table {
    let mut t = Table::new([
        "section",
        "group",
        "drafts",
        "reform",
        "recorded_adopted",
        "recorded_not_adopted",
        "modelled",
        "modelled_expected",
        "modelled_lower90",
        "modelled_upper90",
        "unknown",
        "adopted_drafts",
    ]);
    for section in chosen {
        let groups: Vec<&GroupSummary> = match *section {
            "totals" => vec![&report.totals],
            other => section_groups(report, other).iter().collect(),
        };
        for g in groups {
            for c in &g.rules {
                t.push([
                    section.to_string(),
                    g.group.clone(),
                    g.drafts.to_string(),
                    c.rule.clone(),
                    c.recorded_adopted.to_string(),
                    c.recorded_not_adopted.to_string(),
                    c.modelled.to_string(),
                    c.modelled_expected.to_string(),
                    c.modelled_interval90[0].to_string(),
                    c.modelled_interval90[1].to_string(),
                    c.unknown.to_string(),
                    c.adopted.join(";"),
                ]);
            }
        }
    }
    t
}

fn section_groups<'r>(report: &'r ReplayReport, section: &str) -> &'r [GroupSummary] {
    match section {
        "decade" => &report.summaries.decade,
        "vetoer" => &report.summaries.vetoer,
        "kind" => &report.summaries.kind,
        "topic" => &report.summaries.topic,
        _ => &[],
    }
}

fn section_title(section: &str) -> &'static str {
    match section {
        "decade" => "By decade",
        "vetoer" => "By vetoing member (a draft vetoed by two members counts under each)",
        "kind" => "By kind of action",
        "topic" => "By topic",
        _ => "",
    }
}

/// Wraps text at about `width` characters, indenting continuation lines.
fn wrap(text: &str, width: usize, first: &str, rest: &str) -> String {
    let mut out = String::new();
    let mut line = first.to_string();
    let mut fresh = true;
    for word in text.split_whitespace() {
        if !fresh && line.chars().count() + 1 + word.chars().count() > width {
            out.push_str(line.trim_end());
            out.push('\n');
            line = rest.to_string();
            fresh = true;
        }
        if !fresh {
            line.push(' ');
        }
        line.push_str(word);
        fresh = false;
    }
    out.push_str(line.trim_end());
    out.push('\n');
    out
}

const LEGEND: &str = "Cells: drafts adopted on the record, then +expected/number of drafts modelled (m), then ?drafts unknown.";

/// Renders a replay.
///
/// # Errors
/// Only a failure to serialise.
fn render(
    report: &ReplayReport,
    format: Format,
    chosen: &[&str],
    explicit: bool,
) -> Result<String> {
    let m = &report.meta;
    let title = format!(
        "Replay of {} drafts ({}) under {} reform(s); veto-sim {}, world {}, seed {}, {} trials per modelled cell",
        report.drafts.len(),
        report.config.selection,
        report.config.reforms.len(),
        m.provenance.version,
        m.provenance.short_hash(),
        m.seed,
        m.trials
    );
    if format == Format::Json {
        return to_json(report);
    }
    if format == Format::Csv {
        let meta = serde_json::to_string(&report.meta)
            .map_err(|e| Error::Runtime(format!("cannot write JSON: {e}")))?;
        let reforms: Vec<&str> = report
            .config
            .reforms
            .iter()
            .map(|r| r.name.as_str())
            .collect();
        let config = serde_json::json!({
            "reforms": reforms,
            "selection": report.config.selection,
            "window": report.config.window,
            "model": report.config.model,
            "model_source": report.config.model_source,
        });
        let table = if !explicit || chosen == ["drafts"] {
            long_drafts(report)
        } else {
            long_groups(report, chosen)
        };
        return Ok(format!(
            "# meta: {meta}\n# config: {config}\n{}",
            table.to_csv()?
        ));
    }
    let markdown = format == Format::Markdown;
    let mut out = String::new();
    out.push_str(&title);
    out.push_str("\n\n");
    if markdown {
        out.push_str("How drafts are judged:\n\n");
        for n in &report.notes {
            out.push_str(&format!("- {n}\n"));
        }
    } else {
        out.push_str("How drafts are judged:\n");
        for n in &report.notes {
            out.push_str(&wrap(n, 100, "  - ", "    "));
        }
    }
    let table_text = |t: &Table| {
        if markdown {
            t.to_markdown()
        } else {
            t.to_text()
        }
    };
    let heading = |text: &str| {
        if markdown {
            format!("\n### {text}\n\n")
        } else {
            format!("\n{text}\n\n")
        }
    };
    for section in chosen {
        match *section {
            "totals" => {
                out.push_str(&heading(&format!(
                    "Drafts adopted under each reform, of {} (`--by drafts` shows which)",
                    report.totals.drafts
                )));
                out.push_str(&table_text(&totals_table(report)));
            }
            "drafts" => {
                out.push_str(&heading(
                    "Draft by draft: yes/no on the record, probability if modelled (m), ? unknown",
                ));
                out.push_str(&table_text(&drafts_table(report)));
            }
            other => {
                out.push_str(&heading(section_title(other)));
                let label = match other {
                    "decade" => "decade",
                    "vetoer" => "vetoed by",
                    "kind" => "kind",
                    _ => "topic",
                };
                out.push_str(&table_text(&group_table(
                    label,
                    section_groups(report, other),
                    report,
                )));
                out.push_str(&format!("{LEGEND}\n"));
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_are_checked_and_deduplicated() {
        assert_eq!(sections(None).unwrap(), DEFAULT_SECTIONS);
        let by = vec!["decade".to_string(), "Decade".to_string(), "drafts".into()];
        assert_eq!(sections(Some(&by)).unwrap(), ["decade", "drafts"]);
        let err = sections(Some(&["decades".to_string()])).unwrap_err();
        assert!(err.to_string().contains("did you mean `decade`"), "{err}");
        assert_eq!(err.exit_code(), 2);
    }

    #[test]
    fn wrap_keeps_words_whole() {
        let w = wrap("aaa bbb ccc ddd", 9, "- ", "  ");
        assert_eq!(w, "- aaa bbb\n  ccc ddd\n");
    }
}
