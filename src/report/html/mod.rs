//! One self-contained HTML page of a [`ReportPage`] (`veto-sim report`): the summary per rule,
//! a section per part with its tables and charts, and the methods and sources. Styles,
//! scripts and charts are inline, so the file opens with no network. Every value reaches the
//! page through a `minijinja` template with HTML auto-escaping; each table's CSV download is
//! the CSV the command line prints for that part, made by the same renderers.

use std::collections::BTreeMap;

use minijinja::value::Serde;
use minijinja::{Environment, Value};
use serde::Serialize;

use super::{Format, Render, RenderOptions, Table, thousands};
use crate::api::ReportPage;
use crate::charts::{self, Bar, Bars};
use crate::error::{Error, Result};
use crate::flows::Summary;

const TEMPLATE: &str = include_str!("page.html");
const STYLE: &str = include_str!("page.css");
const SCRIPT: &str = include_str!("page.js");

/// A table as the template lays it out.
#[derive(Debug, Serialize)]
struct HtmlTable {
    /// The anchor of the table.
    id: String,
    caption: String,
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
    /// The key of its CSV among the page's CSV texts.
    csv: String,
    /// The name the download is saved under.
    file: String,
}

/// An inline SVG chart with its accessible name.
#[derive(Debug, Serialize)]
struct Chart {
    id: String,
    title: String,
    svg: String,
}

/// The page's CSV texts by key, and the tables pointing at them.
#[derive(Default)]
struct Downloads {
    csv: BTreeMap<String, String>,
}

impl Downloads {
    /// A table whose download is `csv` (stored once under `key`, shared by several tables).
    fn table(&mut self, id: &str, caption: &str, t: &Table, key: &str, csv: String) -> HtmlTable {
        self.csv.entry(key.to_string()).or_insert(csv);
        HtmlTable {
            id: id.to_string(),
            caption: caption.to_string(),
            headers: t.headers.clone(),
            rows: t.rows.clone(),
            csv: key.to_string(),
            file: format!("{key}.csv"),
        }
    }

    /// A table that only the page has: its download is its own CSV.
    fn own(&mut self, id: &str, caption: &str, t: &Table) -> Result<HtmlTable> {
        let csv = t.to_csv()?;
        Ok(self.table(id, caption, t, id, csv))
    }
}

/// The page as HTML.
///
/// # Errors
/// A failure to draw a chart, render a part's CSV or fill the template.
pub fn html(page: &ReportPage) -> Result<String> {
    let mut d = Downloads::default();
    let csv = |r: &dyn Render, sections: Option<&[&str]>| {
        r.render(
            Format::Csv,
            &RenderOptions {
                sections: sections.map(|s| s.iter().map(|x| x.to_string()).collect()),
                ..RenderOptions::default()
            },
        )
    };
    let summary = d.own("summary", "Summary per rule", &summary_table(page))?;

    let power = page
        .power
        .iter()
        .map(|p| {
            Ok(d.table(
                &format!("power-{}", p.game),
                &format!(
                    "`{}`: exact a-priori power per member type (abstention counts as no)",
                    p.game
                ),
                &p.indices.type_table(),
                &format!("power-{}", p.game),
                csv(p, None)?,
            ))
        })
        .collect::<Result<Vec<_>>>()?;

    let r = &page.replay;
    let replay_tables = vec![
        d.table(
            "replay-totals",
            "Per reform: drafts adopted on the recorded votes, expected adopted among those the vote model decides, and those the record leaves open",
            &super::replay::totals_table(r),
            "replay-totals",
            csv(r, Some(&["totals"]))?,
        ),
        d.table(
            "replay-decade",
            "By decade: adopted on the record +expected/modelled (m), ?unknown",
            &super::replay::group_table("decade", &r.summaries.decade, r),
            "replay-decade",
            csv(r, Some(&["decade"]))?,
        ),
        d.table(
            "replay-vetoer",
            "By vetoing member (a draft vetoed by two members counts under each)",
            &super::replay::group_table("vetoed by", &r.summaries.vetoer, r),
            "replay-vetoer",
            csv(r, Some(&["vetoer"]))?,
        ),
        d.table(
            "replay-topic",
            "By topic",
            &super::replay::group_table("topic", &r.summaries.topic, r),
            "replay-topic",
            csv(r, Some(&["topic"]))?,
        ),
        d.table(
            "replay-drafts",
            "Draft by draft: yes/no where the record decides, the model's probability (m) otherwise, ? where neither can",
            &super::replay::drafts_table(r),
            "replay-drafts",
            csv(r, Some(&["drafts"]))?,
        ),
    ];

    let run_csv = csv(&page.today, None)?;
    let today_tables = vec![
        d.table(
            "today-totals",
            "Expected number of the drafts adopted per rule, with its 90% predictive interval",
            &super::run::totals_table(&page.today),
            "today",
            run_csv.clone(),
        ),
        d.table(
            "today-drafts",
            "Per draft: the record's title, date, vetoing members and sources, and the probability of adoption under each rule",
            &today_drafts(page),
            "today",
            run_csv,
        ),
    ];

    let h = &page.history;
    let flows_csv = csv(h, None)?;
    let conflict = h
        .conflicts
        .iter()
        .find(|c| c.conflict == page.conflict)
        .ok_or_else(|| Error::Runtime(format!("no estimate for `{}`", page.conflict)))?;
    let refugee_tables = vec![
        d.table(
            "refugees-totals",
            "Per rule, over every conflict: refugees averted by destination, with the 90% interval and P(averted > 0)",
            &super::flows::totals_table(h),
            "refugees",
            flows_csv.clone(),
        ),
        d.table(
            "refugees-conflicts",
            "By conflict: recorded outflow, Europe's share of the destinations and the refugees averted under each rule",
            &super::flows::conflicts_table(h),
            "refugees",
            flows_csv.clone(),
        ),
        d.table(
            "refugees-rules",
            &format!("{}: per rule", conflict.name),
            &super::flows::conflict_rules_table(conflict),
            "refugees",
            flows_csv.clone(),
        ),
        d.table(
            "refugees-years",
            &format!(
                "{}: by year, refugees averted under each rule with the 90% interval and that year's Europe share",
                conflict.name
            ),
            &super::flows::years_table(h, conflict),
            "refugees",
            flows_csv,
        ),
    ];

    let dist = &page.distribution;
    let distribution = d.table(
        "distribution-states",
        &format!(
            "The `{}` key: {} refugees of {} shared out",
            dist.allocation.key.as_str(),
            thousands(dist.allocation.refugees),
            dist.allocation.what
        ),
        &super::distribute::states_table(&dist.allocation),
        "distribution",
        csv(dist, None)?,
    );

    let priors = d.own("method-priors", "Priors of the effect of each kind of action once in force (the estimator applies each to battle deaths)", &priors_table(page))?;
    let sources = d.own(
        "method-sources",
        "The world's raw files: versions and licences (data/README.md)",
        &sources_table(page),
    )?;

    let charts = charts(page)?;
    let mut env = Environment::new();
    env.add_template("page.html", TEMPLATE)
        .map_err(|e| Error::Runtime(format!("the page template: {e}")))?;
    let template = env
        .get_template("page.html")
        .map_err(|e| Error::Runtime(format!("the page template: {e}")))?;
    let m = &page.meta;
    template
        .render(Value::from(Serde(Context {
            meta: m,
            style: STYLE,
            script: SCRIPT,
            scenario: &page.today.config.scenario,
            summary_rows: summary_rows(page),
            summary,
            power,
            replay: replay_tables,
            replay_notes: &r.notes,
            today: today_tables,
            today_drafts: page.today.drafts.len(),
            summary_drafts: page.replay.drafts.len(),
            refugees: refugee_tables,
            refugee_sources: &h.sources,
            conflict: &conflict.name,
            distribution,
            distribution_notes: &dist.allocation.notes,
            gini: [
                format!("{:.3}", dist.allocation.gini_before),
                format!("{:.3}", dist.allocation.gini_after),
            ],
            priors,
            sources,
            model_notes: &page.model_notes,
            model_source: &r.config.model_source,
            elasticity: format!(
                "{:.3} (90% {:.3} to {:.3})",
                h.config.elasticity.mean,
                h.config.elasticity.interval90[0],
                h.config.elasticity.interval90[1]
            ),
            charts,
            csv: &d.csv,
        })))
        .map_err(|e| Error::Runtime(format!("cannot fill the page template: {e}")))
}

/// What the template reads.
#[derive(Serialize)]
struct Context<'a> {
    meta: &'a crate::api::PageMeta,
    style: &'static str,
    script: &'static str,
    scenario: &'a str,
    summary_rows: Vec<SummaryRow>,
    summary: HtmlTable,
    power: Vec<HtmlTable>,
    replay: Vec<HtmlTable>,
    replay_notes: &'a [String],
    today: Vec<HtmlTable>,
    today_drafts: usize,
    summary_drafts: usize,
    refugees: Vec<HtmlTable>,
    refugee_sources: &'a [String],
    conflict: &'a str,
    distribution: HtmlTable,
    distribution_notes: &'a [String],
    gini: [String; 2],
    priors: HtmlTable,
    sources: HtmlTable,
    model_notes: &'a [String],
    model_source: &'a str,
    elasticity: String,
    charts: BTreeMap<&'static str, Chart>,
    csv: &'a BTreeMap<String, String>,
}

/// A figure of the summary: as shown (between `before` and `after`), its exact value, its
/// key in the JSON's `summary` row, and the section that explains it.
#[derive(Debug, Serialize)]
struct Figure {
    before: &'static str,
    text: String,
    after: &'static str,
    /// Written as the JSON output writes it, so that both read back to the same number.
    value: String,
    key: &'static str,
    href: &'static str,
}

/// A rule's summary cells, each a few figures.
type SummaryRow = (String, Vec<Vec<Figure>>);

/// The summary's rows with links, as the template shows them.
fn summary_rows(page: &ReportPage) -> Vec<SummaryRow> {
    let fig = |before, text: String, after, value: f64, key, href| Figure {
        before,
        text,
        after,
        value: serde_json::Value::from(value).to_string(),
        key,
        href,
    };
    page.summary
        .iter()
        .map(|s| {
            let r = &s.refugees_averted;
            let record = vec![
                fig(
                    "",
                    s.record_adopted.to_string(),
                    "",
                    s.record_adopted as f64,
                    "record_adopted",
                    "#replay",
                ),
                fig(
                    " + ",
                    format!("{:.2}", s.record_modelled_expected),
                    "",
                    s.record_modelled_expected,
                    "record_modelled_expected",
                    "#replay",
                ),
            ];
            let today = vec![
                fig(
                    "",
                    format!("{:.2}", s.today_expected),
                    "",
                    s.today_expected,
                    "today_expected",
                    "#today",
                ),
                fig(
                    " (",
                    s.today_interval90[0].to_string(),
                    "",
                    s.today_interval90[0] as f64,
                    "today_interval90.0",
                    "#today",
                ),
                fig(
                    "–",
                    s.today_interval90[1].to_string(),
                    ")",
                    s.today_interval90[1] as f64,
                    "today_interval90.1",
                    "#today",
                ),
            ];
            let refugees = vec![
                fig(
                    "",
                    thousands(r.mean),
                    "",
                    r.mean,
                    "refugees_averted.mean",
                    "#refugees",
                ),
                fig(
                    " (",
                    thousands(r.p05),
                    "",
                    r.p05,
                    "refugees_averted.p05",
                    "#refugees",
                ),
                fig(
                    " to ",
                    thousands(r.p95),
                    ")",
                    r.p95,
                    "refugees_averted.p95",
                    "#refugees",
                ),
            ];
            let positive = vec![fig(
                "",
                format!("{:.2}", r.p_positive),
                "",
                r.p_positive,
                "refugees_averted.p_positive",
                "#refugees",
            )];
            (s.rule.clone(), vec![record, today, refugees, positive])
        })
        .collect()
}

/// The summary as a plain table (its CSV download).
fn summary_table(page: &ReportPage) -> Table {
    let mut t = Table::new([
        "rule",
        "record: drafts",
        "record: adopted (recorded votes)",
        "record: expected adopted (modelled)",
        "record: unknown",
        "today: drafts",
        "today: expected adopted",
        "today: 90% low",
        "today: 90% high",
        "refugees averted: mean",
        "refugees averted: 5%",
        "refugees averted: 95%",
        "P(averted > 0)",
        "to Europe: mean",
    ]);
    for s in &page.summary {
        let r: &Summary = &s.refugees_averted;
        t.push([
            s.rule.clone(),
            s.record_drafts.to_string(),
            s.record_adopted.to_string(),
            s.record_modelled_expected.to_string(),
            s.record_unknown.to_string(),
            s.today_drafts.to_string(),
            s.today_expected.to_string(),
            s.today_interval90[0].to_string(),
            s.today_interval90[1].to_string(),
            r.mean.to_string(),
            r.p05.to_string(),
            r.p95.to_string(),
            r.p_positive.to_string(),
            s.europe_averted.mean.to_string(),
        ]);
    }
    t
}

/// Today's drafts with what the record says of them and their probability under each rule.
fn today_drafts(page: &ReportPage) -> Table {
    let mut headers: Vec<String> = [
        "draft",
        "date",
        "title",
        "vetoed by",
        "kind",
        "atrocity",
        "sources",
    ]
    .map(String::from)
    .to_vec();
    headers.extend(page.today.config.rules.iter().map(|r| r.name.clone()));
    let mut t = Table::new(headers);
    for row in &page.today.drafts {
        let info = page.drafts.iter().find(|d| d.id == row.draft);
        let mut cells = vec![
            row.draft.clone(),
            info.map_or(row.year.to_string(), |i| i.date.clone()),
            info.map_or(String::new(), |i| i.title.clone()),
            info.map_or(String::new(), |i| i.vetoed_by.join(", ")),
            row.kind.to_string(),
            if row.atrocity { "yes" } else { "no" }.to_string(),
            info.map_or(String::new(), |i| i.sources.join("; ")),
        ];
        cells.extend(
            row.rules
                .iter()
                .map(|c| format!("{:.3}", c.adoption.estimate)),
        );
        t.push(cells);
    }
    t
}

/// The flow priors of each kind of action, with their sources.
fn priors_table(page: &ReportPage) -> Table {
    let mut t = Table::new([
        "kind of action",
        "change in battle deaths (median)",
        "90% interval",
        "lag (months)",
        "lasts (years)",
        "outcome measured",
        "source",
    ]);
    for (kind, e) in &page.history.config.priors.effects {
        t.push([
            kind.to_string(),
            format!("{:+.0}%", 100.0 * e.change),
            format!(
                "{:+.0}% to {:+.0}%",
                100.0 * e.interval90[0],
                100.0 * e.interval90[1]
            ),
            format!("{}-{}", e.lag_months[0], e.lag_months[1]),
            format!("{}-{}", e.duration_years[0], e.duration_years[1]),
            e.outcome.clone(),
            e.source.clone(),
        ]);
    }
    t
}

fn sources_table(page: &ReportPage) -> Table {
    let mut t = Table::new(["raw file(s)", "version", "licence"]);
    for s in &page.data_sources {
        t.push([s.file.clone(), s.version.clone(), s.licence.clone()]);
    }
    t
}

/// The charts: the CLI's replay and flows charts, and bars of today's adoption and of the
/// refugees averted per rule, each with its interval.
fn charts(page: &ReportPage) -> Result<BTreeMap<&'static str, Chart>> {
    let m = &page.meta;
    let h = &page.history;
    let source = format!(
        "Source: veto-sim {} report, seed {}, world {}.",
        m.provenance.version,
        m.seed,
        m.provenance.short_hash()
    );
    let mut out = BTreeMap::new();
    let today_title = format!(
        "Expected number of the {} drafts adopted before today's Council, per rule",
        page.today.drafts.len()
    );
    out.insert(
        "today",
        chart(
            "chart-today",
            &today_title,
            &charts::bars_chart(&Bars {
                title: today_title.clone(),
                x_label: "rule".into(),
                y_label: "drafts adopted (number)".into(),
                value: "expected number adopted".into(),
                interval: "90% predictive interval".into(),
                bars: (page.today.totals.iter())
                    .map(|t| Bar {
                        label: t.rule.clone(),
                        value: t.expected_adopted,
                        lower: t.interval90[0] as f64,
                        upper: t.interval90[1] as f64,
                    })
                    .collect(),
                y_max: Some(page.today.drafts.len() as f64),
                source: format!("{source} Adoption exact where the seating is fixed; interval: 5% and 95% quantiles of the number adopted."),
            })?,
        ),
    );
    let averted_title =
        "Refugees averted on the record per rule, mean and 90% interval".to_string();
    out.insert(
        "averted",
        chart(
            "chart-averted",
            &averted_title,
            &charts::bars_chart(&Bars {
                title: averted_title.clone(),
                x_label: "rule".into(),
                y_label: "refugees averted (people)".into(),
                value: "mean".into(),
                interval: "90% interval".into(),
                bars: (h.totals.iter())
                    .map(|t| Bar {
                        label: t.rule.clone(),
                        value: t.refugees.mean,
                        lower: t.refugees.p05,
                        upper: t.refugees.p95,
                    })
                    .collect(),
                y_max: None,
                source: format!(
                    "{source} {} flow trials per conflict and rule, {} simulated votes per modelled draft; over the vote outcomes and the priors.",
                    m.trials, m.vote_trials
                ),
            })?,
        ),
    );
    out.insert(
        "replay",
        chart(
            "chart-replay",
            "Vetoed and failed drafts replayed under each reform: adopted per decade",
            &super::replay::chart(&page.replay)?,
        ),
    );
    // The rule that averts most in the charted conflict (the first rule when none does).
    let one = crate::flows::run::FlowsReport {
        conflicts: (h.conflicts.iter())
            .filter(|c| c.conflict == page.conflict)
            .cloned()
            .collect(),
        ..h.clone()
    };
    let rule = one
        .conflicts
        .first()
        .and_then(|c| {
            c.rules
                .iter()
                .max_by(|a, b| a.refugees.mean.total_cmp(&b.refugees.mean))
        })
        .map_or_else(|| h.config.rules[0].clone(), |r| r.rule.clone());
    out.insert(
        "conflict",
        chart(
            "chart-conflict",
            &format!(
                "{}: refugees by year, recorded and had the drafts passed under `{rule}`",
                page.conflict
            ),
            &super::flows::chart(&one, &rule)?,
        ),
    );
    Ok(out)
}

/// An SVG inlined in HTML: scalable (its width and height left to the style), named by a
/// `<title>` and `role="img"`, without the namespace declaration HTML does not need.
fn chart(id: &str, title: &str, svg: &str) -> Chart {
    let body = svg
        .strip_prefix("<svg ")
        .and_then(|rest| rest.split_once('>'))
        .map_or(svg, |(_, body)| body);
    let view_box = svg
        .split_once("viewBox=\"")
        .and_then(|(_, rest)| rest.split_once('"'))
        .map_or("0 0 960 600", |(v, _)| v);
    // The title is text inside SVG markup that the template passes through as is.
    let escaped = title
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    Chart {
        id: id.to_string(),
        title: title.to_string(),
        svg: format!(
            "<svg viewBox=\"{view_box}\" role=\"img\" aria-labelledby=\"{id}-title\"><title id=\"{id}-title\">{escaped}</title>{body}"
        ),
    }
}

/// The page's figures as JSON: the summary and every part, each as its command prints it.
///
/// # Errors
/// Only a failure to serialise.
pub fn json(page: &ReportPage) -> Result<String> {
    let part = |r: &dyn Render| -> Result<serde_json::Value> {
        let text = r.render(Format::Json, &RenderOptions::default())?;
        serde_json::from_str(&text).map_err(|e| Error::Runtime(format!("cannot read JSON: {e}")))
    };
    let doc = serde_json::json!({
        "meta": page.meta,
        "summary": page.summary,
        "conflict": page.conflict,
        "drafts": page.drafts,
        "today": part(&page.today)?,
        "replay": part(&page.replay)?,
        "history": part(&page.history)?,
        "power": page.power.iter().map(|p| part(p)).collect::<Result<Vec<_>>>()?,
        "distribution": part(&page.distribution)?,
        "model_notes": page.model_notes,
        "data_sources": page.data_sources,
    });
    super::to_json(&doc)
}
