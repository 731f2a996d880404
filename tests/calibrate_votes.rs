//! `veto-sim calibrate votes` on the recorded votes: estimates with standard errors, the two
//! baselines, leave-one-draft-out scores, the 2020+ forecast, the written model file, and
//! exit-2 errors for bad values.

use std::process::{Command, Output};

use veto_sim::calibrate::{CalibrateConfig, Status, calibrate};
use veto_sim::vote::parse_params;
use veto_sim::world::World;
use veto_sim::world::{DraftFilter, FilterArgs};

fn veto_sim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_veto-sim"))
        .args(args)
        .output()
        .unwrap()
}

fn filter(since: Option<&str>, until: Option<&str>) -> DraftFilter {
    DraftFilter::parse(FilterArgs {
        since,
        until,
        ..FilterArgs::default()
    })
    .unwrap()
}

#[test]
fn the_fit_on_the_record_has_standard_errors_and_beats_the_baselines_in_sample() {
    let world = World::embedded().unwrap();
    let config = CalibrateConfig {
        cross_validate: false,
        ..CalibrateConfig::default()
    };
    let r = calibrate(world, &config).unwrap();
    assert!(r.model.converged);
    assert!(r.data.drafts >= 100 && r.data.votes >= 1500, "{:?}", r.data);
    assert_eq!(r.data.votes, r.data.yes + r.data.abstain + r.data.no);
    assert_eq!(r.data.drafts, r.data.vetoed + r.data.failed);
    for e in &r.model.estimates {
        match e.status {
            Status::Estimated => {
                let se = e.std_error.unwrap();
                assert!(se.is_finite() && se > 0.0 && se < 1.0, "{}: {se}", e.name);
            }
            // Every recorded sponsor vote is yes: separation, reported as a bound.
            Status::LowerBound => assert_eq!(e.name, "sponsor"),
            Status::Fixed => panic!("{} held", e.name),
        }
    }
    let align = r
        .model
        .estimates
        .iter()
        .find(|e| e.name == "align")
        .unwrap();
    assert!(align.lower95.unwrap() > 0.0, "{align:?}");
    // In sample, alignment improves the fit decisively; both baselines fit worse.
    assert!(r.alignment_test.p_value < 1e-6, "{:?}", r.alignment_test);
    assert!(r.model.loglik > r.without_alignment.loglik);
    assert!(r.model.loglik > r.member_rates.loglik);
    // The parameters are a valid model file's.
    let p = &r.params;
    assert!(p.sigma_draft > 0.0 && p.cut_permanent > 0.0 && p.cut_elected > 0.0);
    assert!(
        p.cut_permanent < p.cut_elected,
        "permanent members abstain less"
    );
}

#[test]
fn leave_one_draft_out_scores_the_model_and_both_baselines() {
    let world = World::embedded().unwrap();
    let config = CalibrateConfig {
        filter: filter(Some("2017"), None),
        ..CalibrateConfig::default()
    };
    let r = calibrate(world, &config).unwrap();
    let cv = r.cross_validation.unwrap();
    let names: Vec<&str> = cv.iter().map(|row| row.model.as_str()).collect();
    assert_eq!(names, ["vote model", "without alignment", "member rates"]);
    for row in &cv {
        let s = &row.scores;
        assert_eq!(s.votes, r.data.votes);
        assert!(
            s.vote_log_loss > 0.0 && s.vote_log_loss < (3f64).ln(),
            "{row:?}"
        );
        assert!((0.0..=1.0).contains(&s.vote_accuracy));
        assert!(s.drafts > 0 && s.adoption_log_loss.is_finite());
        assert!((0.0..=1.0).contains(&s.quota_accuracy));
    }
}

#[test]
fn the_2020_forecast_is_fitted_on_earlier_drafts_only() {
    let world = World::embedded().unwrap();
    let config = CalibrateConfig {
        filter: filter(None, Some("2019-12-31")),
        evaluate_from: Some("2020-01-01".into()),
        cross_validate: false,
        ..CalibrateConfig::default()
    };
    let r = calibrate(world, &config).unwrap();
    assert!(r.data.last.as_str() < "2020", "{}", r.data.last);
    let f = r.forecast.unwrap();
    assert!(f.data.first.as_str() >= "2020-01-01", "{}", f.data.first);
    assert!(f.data.drafts >= 15, "{}", f.data.drafts);
    let loss = |i: usize| f.scores[i].scores.vote_log_loss;
    // Out of sample, alignment helps predict the later votes.
    assert!(loss(0) < loss(1), "{:?}", f.scores);
    assert!(loss(0) < loss(2), "{:?}", f.scores);
}

#[test]
fn the_command_writes_a_model_file_that_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("model.yaml");
    let out = veto_sim(&[
        "calibrate",
        "votes",
        "--since",
        "2017",
        "--no-cv",
        "--format",
        "json",
        "--write-model",
        path.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&path).unwrap();
    let params = parse_params(&text, "model.yaml").unwrap();
    // The pooled model's members: the five permanent members among them.
    for p5 in ["CHN", "FRA", "GBR", "RUS", "USA"] {
        assert!(params.member.contains_key(p5), "{p5}");
    }
    for needle in [
        "The pooled model",
        "fitted on 20",
        "the votes from 2017-01-01 on",
        "Log-likelihood",
        "Forecast of the votes from 2020-01-01",
        "(a) vetoed and failed drafts:",
        "# source: pooled model, posterior mode",
    ] {
        assert!(text.contains(needle), "missing `{needle}`:\n{text}");
    }
    // The same run gives the same bytes.
    let again = veto_sim(&[
        "calibrate",
        "votes",
        "--since",
        "2017",
        "--no-cv",
        "--format",
        "json",
    ]);
    assert_eq!(out.stdout, again.stdout);
}

#[test]
fn tables_csv_and_markdown_render() {
    let out = veto_sim(&["calibrate", "votes", "--since", "2017", "--no-cv"]);
    let text = String::from_utf8(out.stdout).unwrap();
    for needle in [
        "Estimates (standard errors from the observed information)",
        "align",
        "sigma_draft",
        "In-sample fit",
        "member rates",
        "Likelihood-ratio test",
    ] {
        assert!(text.contains(needle), "missing `{needle}`:\n{text}");
    }
    let out = veto_sim(&[
        "calibrate",
        "votes",
        "--since",
        "2017",
        "--no-cv",
        "--format",
        "csv",
    ]);
    let csv = String::from_utf8(out.stdout).unwrap();
    assert!(csv.contains("\nsection,item,metric,value\n"), "{csv}");
    assert!(csv.contains("\nestimate,align,std_error,"));
    // The Markdown layout is in tests/snapshots (calibrate_votes_markdown).
}

#[test]
fn bad_values_exit_with_two() {
    let code = |args: &[&str]| {
        let out = veto_sim(args);
        (out.status.code(), String::from_utf8(out.stderr).unwrap())
    };
    let (c, err) = code(&[
        "calibrate",
        "votes",
        "--until",
        "2020-06-30",
        "--evaluate-from",
        "2020-01-01",
    ]);
    assert_eq!(c, Some(2));
    assert!(err.contains("must come after"), "{err}");
    let (c, err) = code(&["calibrate", "votes", "--window", "1800-1900"]);
    assert_eq!(c, Some(2));
    assert!(err.contains("no alignment window"), "{err}");
    let (c, _) = code(&["calibrate", "votes", "--nodes", "1"]);
    assert_eq!(c, Some(2));
    let (c, err) = code(&["calibrate", "votes", "--since", "2030"]);
    assert_eq!(c, Some(2));
    assert!(err.contains("at least 2"), "{err}");
    let (c, err) = code(&["calibrate", "votes", "--since", "yesterday"]);
    assert_eq!(c, Some(2));
    assert!(err.contains("YYYY or YYYY-MM-DD"), "{err}");
}
