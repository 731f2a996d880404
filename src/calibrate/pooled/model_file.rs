//! The pooled model in the engine's terms, and written as `data/model/default.yaml`.
//!
//! The engine, the exact path and the replay simulate contested drafts before a Council of any
//! composition from `mu_i = intercept[kind] + align s_i + sponsor S_i - target T_i + member_i`,
//! a shock with `sigma_draft` and cut-points by seat. [`engine_params`] reads these off the
//! pooled fit for a vetoed draft of the latest era and decade: the intercepts are the vetoed
//! drafts' intercept of an elected seat in 2010 on plus each kind's effect, a member's own effect
//! is its pooled effect plus its drift on contested drafts in the 2020s (plus the permanent
//! seats' intercept difference for the five), and the shock and cut-points are those of vetoed
//! drafts. [`render`] writes them with the data, the date and the forecast scores of the fit.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::forecast::{ForecastReport, MODEL_GIVEN_FATE, SETS, find};
use super::{DECADES, ERAS, Fate, Layout, PooledFit, kind_index};
use crate::error::Result;
use crate::vote::{ModelParams, parse_params};
use crate::world::ActionKind;
use crate::world::DraftFilter;
use crate::world::councils::P5;

/// The fate class the engine's parameters describe.
pub const ENGINE_FATE: Fate = Fate::Vetoed;

/// The pooled fit as the engine's parameters (see the module docs).
pub fn engine_params(fit: &PooledFit) -> ModelParams {
    let t = &fit.theta;
    let layout = fit.layout();
    let era = ERAS - 1;
    let elected = t[Layout::intercept(ENGINE_FATE, era, false)];
    let permanent = t[Layout::intercept(ENGINE_FATE, era, true)];
    let intercept = ActionKind::ALL
        .into_iter()
        .map(|k| (k, elected + t[Layout::KIND + kind_index(k)]))
        .collect();
    let member: BTreeMap<String, f64> = fit
        .members
        .iter()
        .enumerate()
        .map(|(m, code)| {
            let seat = if P5.contains(&code.as_str()) {
                permanent - elected
            } else {
                0.0
            };
            let own =
                t[layout.member(m)] + t[layout.drift(m, ENGINE_FATE.group(), DECADES - 1)] + seat;
            (code.clone(), own)
        })
        .collect();
    ModelParams {
        intercept,
        align: t[Layout::SLOPES],
        sponsor: t[Layout::SLOPES + 1],
        target: t[Layout::SLOPES + 2],
        sigma_draft: fit.sigma(ENGINE_FATE),
        cut_permanent: fit.cut(ENGINE_FATE, true),
        cut_elected: fit.cut(ENGINE_FATE, false),
        member,
    }
}

fn score_line(scores: &ForecastReport, set: usize) -> String {
    let model = find(scores, set, MODEL_GIVEN_FATE)
        .and_then(|s| s.log_loss)
        .map_or("-".to_string(), |v| format!("{v:.3}"));
    let best = scores
        .scores
        .iter()
        .filter(|s| s.set == SETS[set] && !s.predictor.starts_with("pooled model"))
        .filter_map(|s| s.log_loss.map(|l| (l, s.predictor.as_str())))
        .min_by(|a, b| a.0.total_cmp(&b.0));
    let best = best.map_or(String::new(), |(l, name)| {
        format!("; best baseline {l:.3} ({name})")
    });
    let votes = find(scores, set, MODEL_GIVEN_FATE).map_or(0, |s| s.votes);
    format!(
        "#   {}: {model} nats/vote over {votes} votes{best}\n",
        SETS[set]
    )
}

/// The parameter file of the pooled fit `fit` (on every vote), with the forecast `scores`.
///
/// # Errors
/// Only if the text would not read back (a bug): it is checked with [`parse_params`].
pub fn render(
    fit: &PooledFit,
    scores: &ForecastReport,
    window: &DraftFilter,
    world_hash: &str,
    date: &str,
) -> Result<String> {
    let p = engine_params(fit);
    let mut t = String::new();
    let pr = fit.priors;
    t.push_str(
        "# Parameters of the vote model (latent support, ordered probit with a draft-level shock):\n\
         #   U_i = intercept[kind] + align * s_i + sponsor * [i sponsors] - target * [i is a target] + member[i] + eta_d + eps_i\n\
         #   eta_d ~ Normal(0, sigma_draft^2), eps_i ~ Normal(0, 1)\n\
         #   yes if U_i > 0; abstain if -cut < U_i <= 0; no if U_i <= -cut (cut_permanent on permanent seats)\n#\n",
    );
    let dates = match (&window.since, &window.until) {
        (None, None) => "every vote the Council took".to_string(),
        (Some(s), None) => format!("the votes from {s} on"),
        (None, Some(u)) => format!("the votes up to {u}"),
        (Some(s), Some(u)) => format!("the votes from {s} to {u}"),
    };
    let _ = writeln!(
        t,
        "# The pooled model (`veto-sim calibrate votes`, src/calibrate/pooled/), fitted on {date} at its\n\
         # posterior mode on {dates}: {} rolls (adopted resolutions,\n\
         # vetoed and failed drafts with recorded member votes), {} member votes, {} members. World data {}.\n\
         # Read here for a vetoed draft of 2010 on: intercepts by kind for an elected seat; each member's\n\
         # own effect (its pooled effect, its drift on contested drafts in the 2020s and, for the five,\n\
         # the permanent seats' difference); the vetoed drafts' shock and cut-points.\n\
         # Priors (normal, s.d.): fixed effects {}, member effects around the seat type {}, drift in a\n\
         # member's first decade {}, drift from decade to decade {} (chosen by a forecast of 2015-2019\n\
         # from the votes to 2014, within the training years of the evaluation below).\n\
         # Log-likelihood {:.2}; L-BFGS, {} iterations, largest gradient component {:.1e}.\n#",
        fit.rolls,
        fit.votes,
        fit.members.len(),
        &world_hash[..12.min(world_hash.len())],
        pr.tau_fixed,
        pr.tau_member,
        pr.tau_first,
        pr.tau_step,
        fit.loglik,
        fit.iterations,
        fit.gradient_max,
    );
    let training = scores
        .until
        .clone()
        .unwrap_or_else(|| format!("before {}", scores.evaluate_from));
    let _ = writeln!(
        t,
        "# Forecast of the votes from {} by the same model fitted on the votes up to {training}\n\
         # (log loss given the recorded fate; baselines fitted on the same window):",
        scores.evaluate_from
    );
    for set in 0..3 {
        t.push_str(&score_line(scores, set));
    }
    t.push_str(
        "# Posterior modes; standard errors are not computed for the full model (a synthetic record is\n\
         # recovered within its standard errors: tests/pooled_model.rs).\n\
         # Reproduce: veto-sim calibrate votes --write-model data/model/default.yaml\n\n",
    );
    t.push_str("intercept:\n");
    for kind in ActionKind::ALL {
        let key = format!("{}:", kind.as_str());
        let _ = writeln!(
            t,
            "  {key:<30}{:.4}   # source: pooled model, vetoed drafts 2010-, elected seat + kind effect",
            p.intercept_of(kind)
        );
    }
    let source = "# source: pooled model, posterior mode";
    let _ = writeln!(t, "\n{source}\nalign: {:.4}", p.align);
    let _ = writeln!(
        t,
        "\n{source} (every recorded sponsor vote is yes: held finite by its prior)\nsponsor: {:.4}",
        p.sponsor
    );
    let _ = writeln!(t, "\n{source}\ntarget: {:.4}", p.target);
    let _ = writeln!(
        t,
        "\n{source}, vetoed drafts\nsigma_draft: {:.4}",
        p.sigma_draft
    );
    let _ = writeln!(
        t,
        "\n{source}, vetoed drafts\ncut_permanent: {:.4}",
        p.cut_permanent
    );
    let _ = writeln!(
        t,
        "\n{source}, vetoed drafts\ncut_elected: {:.4}",
        p.cut_elected
    );
    let _ = writeln!(
        t,
        "\n# source: pooled model, posterior mode: member effect + drift on contested drafts in the 2020s\n\
         # (+ permanent seats' intercept difference for CHN, FRA, GBR, RUS, USA); states not listed: 0\nmember:"
    );
    for (code, v) in &p.member {
        let _ = writeln!(t, "  {code}: {v:.4}");
    }
    parse_params(&t, "<written model file>")?;
    Ok(t)
}
