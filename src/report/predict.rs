//! The text table, Markdown, CSV and JSON of a vote prediction ([`Prediction`]): each row's
//! probabilities of yes, abstain and no, and the log loss over known votes.

use super::{Format, Render, RenderOptions, Table, to_json};
use crate::calibrate::pooled::predict::Prediction;
use crate::error::{Error, Result};

impl Render for Prediction {
    fn render(&self, format: Format, _options: &RenderOptions) -> Result<String> {
        render(self, format)
    }
}

fn rows(p: &Prediction) -> Table {
    let mut t = Table::new([
        "line",
        "roll",
        "date",
        "fate",
        "kind",
        "member",
        "vote",
        "p_yes",
        "p_abstain",
        "p_no",
        "given_fate",
    ]);
    for v in &p.votes {
        t.push([
            v.line.to_string(),
            v.roll.clone(),
            v.date.clone(),
            v.fate.as_str().to_string(),
            v.kind.as_str().to_string(),
            v.member.clone(),
            v.vote.clone().unwrap_or_default(),
            format!("{:.6}", v.p_yes),
            format!("{:.6}", v.p_abstain),
            format!("{:.6}", v.p_no),
            v.given_fate.to_string(),
        ]);
    }
    t
}

fn summary(p: &Prediction) -> String {
    let fitted = match &p.until {
        Some(u) => format!("the votes dated up to {u}"),
        None => "every recorded vote".to_string(),
    };
    let loss = p
        .log_loss
        .map_or("-".to_string(), |l| format!("{l:.4} nats per vote"));
    let skipped = match p.untallied {
        0 => String::new(),
        n => format!(" ({n} drafts without a recorded tally skipped)"),
    };
    format!(
        "Pooled vote model fitted on {fitted} ({} rolls, {} member votes); {} rows of {} ({} layout){skipped}; log loss over the {} rows with a known vote: {loss}.",
        p.fit_rolls,
        p.fit_votes,
        p.votes.len(),
        p.file,
        p.layout,
        p.scored
    )
}

/// Renders a prediction.
///
/// # Errors
/// Only a failure to serialise.
fn render(p: &Prediction, format: Format) -> Result<String> {
    Ok(match format {
        Format::Json => to_json(p)?,
        Format::Csv => {
            let meta = serde_json::json!({
                "tool": "veto-sim",
                "version": env!("CARGO_PKG_VERSION"),
                "file": p.file,
                "until": p.until,
                "scored": p.scored,
                "log_loss": p.log_loss,
                "untallied": p.untallied,
            });
            let meta = serde_json::to_string(&meta)
                .map_err(|e| Error::Runtime(format!("cannot write JSON: {e}")))?;
            format!("# meta: {meta}\n{}", rows(p).to_csv()?)
        }
        Format::Markdown => format!("{}\n\n{}", summary(p), rows(p).to_markdown()),
        Format::Table => format!("{}\n\n{}", summary(p), rows(p).to_text()),
    })
}
