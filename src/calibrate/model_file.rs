//! Writing a fit as a vote-model parameter file, in the layout of `data/model/default.yaml`
//! (the fields [`crate::vote::parse_params`] reads), with where every value comes from: the
//! drafts it was fitted on, the date of the fit, the log-likelihood, and each value's standard
//! error or the reason it is held.

use std::fmt::Write as _;

use super::CalibrationReport;
use super::fit::{Estimate, Status};
use crate::error::Result;
use crate::vote::{ModelParams, parse_params};
use crate::world::ActionKind;

/// Today's date (UTC) as `YYYY-MM-DD`, or the date of `SOURCE_DATE_EPOCH` when it is set (for
/// reproducible files).
pub fn today() -> String {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        });
    civil_date(secs.div_euclid(86_400))
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (Hinnant's algorithm).
pub fn civil_date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

fn thousands(n: usize) -> String {
    crate::table::thousands(n as f64)
}

fn source(e: &Estimate) -> String {
    match (e.status, e.std_error) {
        (Status::Estimated, Some(se)) => format!(
            "maximum likelihood, s.e. {se:.3}, 95% interval {:.3} to {:.3}",
            e.lower95.unwrap_or(f64::NAN),
            e.upper95.unwrap_or(f64::NAN)
        ),
        _ => format!("not estimated: {}", e.note),
    }
}

/// The parameter file of `report`'s fit, fitted on `date`.
///
/// # Errors
/// Only if the text would not read back (a bug): the file is checked with
/// [`parse_params`] before it is returned.
pub fn render(report: &CalibrationReport, date: &str) -> Result<String> {
    let fit = &report.model;
    let d = &report.data;
    let p: ModelParams = report.params.clone();
    let est = |name: &str| fit.estimates.iter().find(|e| e.name == name);
    let mut t = String::new();
    t.push_str(
        "# Parameters of the vote model (latent support, ordered probit with a draft-level shock):\n\
         #   U_i = intercept[kind] + align * s_i + sponsor * [i sponsors] - target * [i is a target] + eta_d + eps_i\n\
         #   eta_d ~ Normal(0, sigma_draft^2), eps_i ~ Normal(0, 1)\n\
         #   yes if U_i > 0; abstain if -cut < U_i <= 0; no if U_i <= -cut (cut_permanent on permanent seats)\n\
         #\n",
    );
    let _ = writeln!(
        t,
        "# Maximum-likelihood estimates (`veto-sim calibrate votes`, src/calibrate/), fitted on {date}."
    );
    let _ = writeln!(
        t,
        "# Data: {} annotated drafts with recorded member votes ({} vetoed, {} failed), {} to {},\n\
         # selection: {}; {} member votes ({} yes, {} abstain, {} no; {} absences and {} votes of\n\
         # former states left out). Alignment window: {}. Gauss-Hermite nodes: {}.",
        d.drafts,
        d.vetoed,
        d.failed,
        d.first,
        d.last,
        report.config.selection,
        thousands(d.votes),
        thousands(d.yes),
        thousands(d.abstain),
        thousands(d.no),
        report.absences,
        report.unaligned_votes,
        report.config.window,
        report.config.nodes
    );
    let _ = writeln!(
        t,
        "# Log-likelihood {:.2} ({} estimated parameters); without the alignment term {:.2};\n\
         # member vote rates alone {:.2}. World data {}.",
        fit.loglik,
        fit.free_parameters,
        report.without_alignment.loglik,
        report.member_rates.loglik,
        report.meta.provenance.short_hash()
    );
    if let Some(cv) = &report.cross_validation {
        let row = |i: usize| &cv[i].scores;
        let _ = writeln!(
            t,
            "# Leave-one-draft-out log loss of member votes: model {:.3}, without alignment {:.3},\n\
             # member rates {:.3} (accuracy {:.3}, {:.3}, {:.3}).",
            row(0).vote_log_loss,
            row(1).vote_log_loss,
            row(2).vote_log_loss,
            row(0).vote_accuracy,
            row(1).vote_accuracy,
            row(2).vote_accuracy
        );
    }
    t.push_str(
        "# Standard errors from the observed information. The record holds contested drafts only:\n\
         # every draft in it failed, so the values describe drafts that came to a vote and failed,\n\
         # not the Council's everyday, mostly unanimous business.\n\
         # Reproduce: veto-sim calibrate votes --write-model data/model/default.yaml\n\n",
    );
    t.push_str("intercept:\n");
    let width = ActionKind::ALL
        .iter()
        .map(|k| k.as_str().len())
        .max()
        .unwrap_or(0);
    for kind in ActionKind::ALL {
        let value = p.intercept[&kind];
        let comment = match fit.groups.group_of(kind) {
            Some(g) => {
                let e = est(&format!("intercept.{}", fit.groups.names[g]));
                let own = fit.groups.kinds[g] == [kind];
                let what = if own {
                    format!(
                        "{} drafts, {} votes",
                        fit.groups.drafts[g], fit.groups.votes[g]
                    )
                } else if fit.groups.kinds[g].contains(&kind) {
                    format!(
                        "{} (kinds with fewer than {} drafts)",
                        fit.groups.names[g],
                        super::fit::MIN_DRAFTS
                    )
                } else {
                    format!("no drafts of this kind: {}", fit.groups.names[g])
                };
                format!("{what}; {}", e.map_or(String::new(), source))
            }
            None => "no drafts of this kind: the draft-weighted mean of the intercepts".into(),
        };
        let key = format!("{}:", kind.as_str());
        let _ = writeln!(
            t,
            "  {key:<w$} {value:.4}   # source: {comment}",
            w = width + 1
        );
    }
    for (name, value) in [
        ("align", p.align),
        ("sponsor", p.sponsor),
        ("target", p.target),
        ("sigma_draft", p.sigma_draft),
        ("cut_permanent", p.cut_permanent),
        ("cut_elected", p.cut_elected),
    ] {
        let e = est(name);
        let _ = writeln!(
            t,
            "\n# source: {}\n{name}: {value:.4}",
            e.map_or(String::new(), source)
        );
    }
    // The file must read back as the parameters it states.
    parse_params(&t, "<written model file>")?;
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates_are_right() {
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(19_723), "2024-01-01");
        assert_eq!(civil_date(11_016), "2000-02-29");
        assert_eq!(civil_date(-1), "1969-12-31");
    }

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(thousands(1244), "1,244");
        assert_eq!(thousands(12), "12");
        assert_eq!(thousands(1_000_000), "1,000,000");
    }
}
