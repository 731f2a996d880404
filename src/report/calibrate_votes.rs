//! The text table, Markdown, CSV and JSON of the vote model's fit ([`CalibrationReport`]):
//! the estimates, the fits, the scores and the pooled model's forecast.

use super::{Format, Render, RenderOptions, Table, to_json};
use crate::calibrate::CalibrationReport;
use crate::calibrate::pooled::forecast::ForecastReport;
use crate::calibrate::{ScoreRow, Status};
use crate::error::{Error, Result};

impl Render for CalibrationReport {
    fn render(&self, format: Format, _options: &RenderOptions) -> Result<String> {
        render(self, format)
    }
}

/// A p-value with three significant digits (`< 1e-300` below that).
fn pvalue(p: f64) -> String {
    if p < 1e-300 {
        "< 1e-300".into()
    } else if p < 0.001 {
        format!("{p:.2e}")
    } else {
        format!("{p:.3}")
    }
}

fn opt(v: Option<f64>, digits: usize) -> String {
    v.map_or(String::new(), |v| format!("{v:.digits$}"))
}

fn estimates_table(report: &CalibrationReport) -> Table {
    let mut t = Table::new(["parameter", "estimate", "s.e.", "95% interval", "note"]);
    for e in &report.model.estimates {
        let interval = match (e.lower95, e.upper95) {
            (Some(lo), Some(hi)) => format!("{lo:.3} to {hi:.3}"),
            (Some(lo), None) => format!("{lo:.3} to inf"),
            _ => String::new(),
        };
        let note = match e.status {
            Status::Estimated => e.note.clone(),
            Status::LowerBound => "held at its profile lower bound (separation)".to_string(),
            Status::Fixed => "held: no data (declared prior)".to_string(),
        };
        t.push([
            e.name.clone(),
            format!("{:.3}", e.estimate),
            opt(e.std_error, 3),
            interval,
            note,
        ]);
    }
    t
}

fn fits_table(report: &CalibrationReport) -> Table {
    let mut t = Table::new(["model", "parameters", "log-likelihood", "AIC"]);
    for f in &report.fits {
        t.push([
            f.model.clone(),
            f.parameters.to_string(),
            format!("{:.2}", f.loglik),
            format!("{:.2}", f.aic),
        ]);
    }
    t
}

fn scores_table(rows: &[ScoreRow]) -> Table {
    let mut t = Table::new([
        "model",
        "votes",
        "vote log loss",
        "vote accuracy",
        "log loss P5",
        "log loss elected",
        "drafts",
        "adoption log loss",
        "adoption accuracy",
        "mean P(adopt)",
        "quota log loss",
        "quota accuracy",
    ]);
    for r in rows {
        let s = &r.scores;
        t.push([
            r.model.clone(),
            s.votes.to_string(),
            format!("{:.4}", s.vote_log_loss),
            format!("{:.3}", s.vote_accuracy),
            format!("{:.4}", s.permanent_log_loss),
            format!("{:.4}", s.elected_log_loss),
            s.drafts.to_string(),
            format!("{:.4}", s.adoption_log_loss),
            format!("{:.3}", s.adoption_accuracy),
            format!("{:.3}", s.adoption_mean_p),
            format!("{:.4}", s.quota_log_loss),
            format!("{:.3}", s.quota_accuracy),
        ]);
    }
    t
}

/// A table as aligned text or markdown.
fn text_table(t: &Table, markdown: bool) -> String {
    if markdown {
        t.to_markdown()
    } else {
        t.to_text()
    }
}

/// A section heading as text or markdown.
fn text_heading(title: &str, markdown: bool) -> String {
    if markdown {
        format!("\n### {title}\n\n")
    } else {
        format!("\n{title}\n\n")
    }
}

/// The pooled model's forecast: scores on the three sets, calibration, held-out drafts.
fn pooled_section(p: &ForecastReport, md: bool) -> String {
    let table = |t: &Table| text_table(t, md);
    let heading = |s: &str| text_heading(s, md);
    let f = &p.fit_summary;
    let training = match &p.until {
        Some(u) => format!("up to {u}"),
        None => format!("before {}", p.evaluate_from),
    };
    let mut out = heading(&format!(
        "Pooled model: forecast of the votes from {} by fits on the votes {training}",
        p.evaluate_from
    ));
    out.push_str(&format!(
        "Fitted on {} rolls (adopted resolutions, vetoed and failed drafts), {} member votes, {} members; log-likelihood {:.2}; {} L-BFGS iterations, {} (largest gradient component {:.1e}). Priors (s.d.): fixed effects {}, member {}, first decade {}, decade step {}.\n\n",
        f.rolls,
        f.votes,
        f.members,
        f.loglik,
        f.iterations,
        if f.converged { "converged" } else { "NOT converged" },
        f.gradient_max,
        f.priors.tau_fixed,
        f.priors.tau_member,
        f.priors.tau_first,
        f.priors.tau_step
    ));
    let mut t = Table::new(["set", "predictor", "votes", "log loss", "Brier", "accuracy"]);
    for s in &p.scores {
        t.push([
            s.set.clone(),
            s.predictor.clone(),
            s.votes.to_string(),
            s.log_loss.map_or("-".to_string(), |v| format!("{v:.3}")),
            format!("{:.3}", s.brier),
            format!("{:.3}", s.accuracy),
        ]);
    }
    out.push_str(&table(&t));
    out.push_str("Log loss in nats per vote; `-` where a vote cast had probability 0. Rates carry half a pseudo-vote per category (seat type) or two pseudo-votes toward the seat type's rates (member).\n");
    out.push_str(&heading(
        "Calibration of the pooled model on (a) and (b): each vote's three predicted probabilities by decile",
    ));
    let mut t = Table::new(["predicted", "count", "mean predicted", "observed"]);
    for b in &p.calibration {
        t.push([
            format!("{:.1}-{:.1}", b.from, b.to),
            b.count.to_string(),
            format!("{:.3}", b.predicted),
            format!("{:.3}", b.observed),
        ]);
    }
    out.push_str(&table(&t));
    out.push_str(&heading(
        "Held-out drafts of (a): the pooled model's probabilities given the fate class only",
    ));
    let mut t = Table::new([
        "draft",
        "date",
        "fate",
        "yes",
        "P5 no",
        "P(reaches quota)",
        "P(a P5 votes no)",
    ]);
    for d in &p.drafts {
        t.push([
            d.id.clone(),
            d.date.clone(),
            d.fate.as_str().to_string(),
            d.yes.to_string(),
            if d.permanent_no { "yes" } else { "no" }.to_string(),
            format!("{:.3}", d.p_reaches_quota),
            format!("{:.3}", d.p_permanent_no),
        ]);
    }
    out.push_str(&table(&t));
    out
}

/// Every number as `section,item,metric,value`.
fn long_table(report: &CalibrationReport) -> Table {
    let mut t = Table::new(["section", "item", "metric", "value"]);
    let mut push = |section: &str, item: &str, metric: &str, value: String| {
        t.push([section, item, metric, &value]);
    };
    for e in &report.model.estimates {
        push("estimate", &e.name, "estimate", e.estimate.to_string());
        push("estimate", &e.name, "std_error", opt(e.std_error, 17));
        push("estimate", &e.name, "lower95", opt(e.lower95, 17));
        push("estimate", &e.name, "upper95", opt(e.upper95, 17));
        push(
            "estimate",
            &e.name,
            "status",
            serde_json::to_value(e.status)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
        );
    }
    for f in &report.fits {
        push("fit", &f.model, "parameters", f.parameters.to_string());
        push("fit", &f.model, "loglik", f.loglik.to_string());
        push("fit", &f.model, "aic", f.aic.to_string());
    }
    push(
        "fit",
        "alignment",
        "lr_statistic",
        report.alignment_test.statistic.to_string(),
    );
    push(
        "fit",
        "alignment",
        "lr_p_value",
        report.alignment_test.p_value.to_string(),
    );
    let sections: Vec<(&str, &Vec<ScoreRow>)> = report
        .cross_validation
        .iter()
        .map(|r| ("cross-validation", r))
        .chain(report.forecast.iter().map(|f| ("forecast", &f.scores)))
        .collect();
    if let Some(p) = &report.pooled {
        for s in &p.scores {
            let item = format!("{} | {}", s.set, s.predictor);
            push("pooled-forecast", &item, "votes", s.votes.to_string());
            push(
                "pooled-forecast",
                &item,
                "log_loss",
                s.log_loss.map_or(String::new(), |v| v.to_string()),
            );
            push("pooled-forecast", &item, "brier", s.brier.to_string());
            push("pooled-forecast", &item, "accuracy", s.accuracy.to_string());
        }
        for b in &p.calibration {
            let item = format!("{:.1}-{:.1}", b.from, b.to);
            push("pooled-calibration", &item, "count", b.count.to_string());
            push(
                "pooled-calibration",
                &item,
                "predicted",
                b.predicted.to_string(),
            );
            push(
                "pooled-calibration",
                &item,
                "observed",
                b.observed.to_string(),
            );
        }
        for d in &p.drafts {
            push(
                "pooled-draft",
                &d.id,
                "p_reaches_quota",
                d.p_reaches_quota.to_string(),
            );
            push(
                "pooled-draft",
                &d.id,
                "p_permanent_no",
                d.p_permanent_no.to_string(),
            );
        }
    }
    for (section, rows) in sections {
        for r in rows {
            let s = &r.scores;
            for (metric, value) in [
                ("votes", s.votes.to_string()),
                ("vote_log_loss", s.vote_log_loss.to_string()),
                ("vote_accuracy", s.vote_accuracy.to_string()),
                ("permanent_votes", s.permanent_votes.to_string()),
                ("permanent_log_loss", s.permanent_log_loss.to_string()),
                ("elected_log_loss", s.elected_log_loss.to_string()),
                ("drafts", s.drafts.to_string()),
                ("adoption_log_loss", s.adoption_log_loss.to_string()),
                ("adoption_accuracy", s.adoption_accuracy.to_string()),
                ("adoption_mean_p", s.adoption_mean_p.to_string()),
                ("quota_log_loss", s.quota_log_loss.to_string()),
                ("quota_accuracy", s.quota_accuracy.to_string()),
            ] {
                push(section, &r.model, metric, value);
            }
        }
    }
    t
}

/// Renders a calibration.
///
/// # Errors
/// Only a failure to serialise.
fn render(report: &CalibrationReport, format: Format) -> Result<String> {
    match format {
        Format::Json => return to_json(report),
        Format::Csv => {
            let meta = serde_json::to_string(&report.meta)
                .map_err(|e| Error::Runtime(format!("cannot write JSON: {e}")))?;
            let config = serde_json::to_string(&report.config)
                .map_err(|e| Error::Runtime(format!("cannot write JSON: {e}")))?;
            return Ok(format!(
                "# meta: {meta}\n# config: {config}\n{}",
                long_table(report).to_csv()?
            ));
        }
        Format::Table | Format::Markdown => {}
    }
    let md = format == Format::Markdown;
    let table = |t: &Table| text_table(t, md);
    let heading = |s: &str| text_heading(s, md);
    let d = &report.data;
    let m = &report.model;
    let mut out = format!(
        "Vote model fitted by maximum likelihood: {} drafts ({} vetoed, {} failed), {} to {} ({}); {} member votes ({} yes, {} abstain, {} no; {} absences and {} votes of former states left out). Alignment: {}. Gauss-Hermite nodes: {}. veto-sim {}, world {}.\n",
        d.drafts,
        d.vetoed,
        d.failed,
        d.first,
        d.last,
        report.config.selection,
        d.votes,
        d.yes,
        d.abstain,
        d.no,
        report.absences,
        report.unaligned_votes,
        report.config.window,
        report.config.nodes,
        report.meta.provenance.version,
        report.meta.provenance.short_hash()
    );
    out.push_str(&format!(
        "Log-likelihood {:.2} with {} estimated parameters; {} Newton steps, {}.\n",
        m.loglik,
        m.free_parameters,
        m.iterations,
        if m.converged {
            "converged"
        } else {
            "NOT converged"
        }
    ));
    out.push_str(&heading(
        "Estimates (standard errors from the observed information)",
    ));
    out.push_str(&table(&estimates_table(report)));
    for e in m.estimates.iter().filter(|e| e.status != Status::Estimated) {
        out.push_str(&format!("{}: {}\n", e.name, e.note));
    }
    out.push_str(&heading("In-sample fit"));
    out.push_str(&table(&fits_table(report)));
    let lr = &report.alignment_test;
    out.push_str(&format!(
        "Likelihood-ratio test of the alignment term: 2 x difference = {:.2}, p = {} (chi-squared, {} df).\n",
        lr.statistic, pvalue(lr.p_value), lr.df
    ));
    if let Some(cv) = &report.cross_validation {
        out.push_str(&heading(&format!(
            "Leave-one-draft-out cross-validation ({} drafts, each predicted by fits on all the others)",
            report.data.drafts
        )));
        out.push_str(&table(&scores_table(cv)));
    }
    if let Some(f) = &report.forecast {
        out.push_str(&heading(&format!(
            "Forecast of the {} drafts from {} ({} to {}), by fits on the drafts before",
            f.data.drafts, f.from, f.data.first, f.data.last
        )));
        out.push_str(&table(&scores_table(&f.scores)));
    }
    if let Some(p) = &report.pooled {
        out.push_str(&pooled_section(p, md));
    }
    out.push_str(&heading("Reading the scores"));
    out.push_str(
        "Log loss is the mean negative log-probability of what happened (lower is better; a uniform guess over yes/abstain/no scores 1.099). Member rates are each member's overall vote shares in the fitted drafts. Every draft in the record failed, so `adoption` only measures how little probability a predictor wastes on adoption; `quota` (whether the draft had the affirmative votes it needed, as vetoed drafts did) is the informative outcome.\n",
    );
    Ok(out)
}
