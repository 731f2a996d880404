//! `veto-sim predict votes`: per-vote probabilities for a file of votes the model has not seen,
//! equal to the forecast `calibrate votes` scores, and clear exit-2 errors for bad files.

use std::path::PathBuf;
use std::process::{Command, Output};

use veto_sim::calibrate::pooled::Priors;
use veto_sim::calibrate::pooled::forecast::{MODEL_GIVEN_FATE, find, forecast_report};
use veto_sim::calibrate::pooled::predict::predict_file;
use veto_sim::world::World;

fn veto_sim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_veto-sim"))
        .args(args)
        .output()
        .unwrap()
}

fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// The world's drafts table restricted to the drafts from 2020 with full tallies.
fn drafts_from_2020() -> String {
    let (_, text) = World::embedded_texts()
        .iter()
        .find(|(name, _)| *name == "drafts.csv")
        .unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let date = headers.iter().position(|h| h == "date").unwrap();
    let tally = headers.iter().position(|h| h == "tally").unwrap();
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(&headers).unwrap();
    for r in reader.records() {
        let r = r.unwrap();
        if &r[date] >= "2020" && &r[tally] == "full" {
            writer.write_record(&r).unwrap();
        }
    }
    String::from_utf8(writer.into_inner().unwrap()).unwrap()
}

#[test]
fn predictions_for_the_held_out_drafts_equal_the_scored_forecast() {
    let world = World::embedded().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = write(&dir, "drafts2020.csv", &drafts_from_2020());
    let p = predict_file(world, &path, Some("2019-12-31")).unwrap();
    assert_eq!(p.layout, "drafts");
    assert_eq!(p.scored, 330);
    assert!(p.votes.iter().all(|v| v.given_fate));
    for v in &p.votes {
        let total = v.p_yes + v.p_abstain + v.p_no;
        assert!((total - 1.0).abs() < 1e-9, "{v:?}");
    }
    let r = forecast_report(world, Some("2019-12-31"), "2020-01-01", Priors::default()).unwrap();
    let scored = find(&r, 0, MODEL_GIVEN_FATE).unwrap().log_loss.unwrap();
    let predicted = p.log_loss.unwrap();
    assert!((scored - predicted).abs() < 1e-9, "{scored} vs {predicted}");
}

#[test]
fn the_adopted_layout_is_read_with_unknown_and_absent_votes() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("resolution,date,ms_code,ms_vote,description\n");
    for (code, vote) in [
        ("CHN", "Y"),
        ("FRA", "Y"),
        ("GBR", "Y"),
        ("RUS", "A"),
        ("USA", ""),
        ("BRA", "X"),
    ] {
        text.push_str(&format!(
            "S/RES/9001(2024),2024-03-01,{code},{vote},Security Council resolution 9001 (2024) [on the sanctions against X]\n"
        ));
    }
    let path = write(&dir, "votes.csv", &text);
    let out = veto_sim(&[
        "predict",
        "votes",
        "--votes",
        path.to_str().unwrap(),
        "--until",
        "2023",
        "--format",
        "csv",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let csv = String::from_utf8(out.stdout).unwrap();
    assert!(csv.starts_with("# meta: "), "{csv}");
    // Four votes known and scored; an unknown vote and a non-vote are predicted, unscored.
    assert!(csv.contains("\"scored\":4"), "{csv}");
    assert!(csv.contains(",sanctions,USA,,"), "{csv}");
    assert!(csv.contains(",BRA,not-voting,"), "{csv}");
    // Without every vote known, the fate cannot be conditioned on.
    assert!(csv.lines().skip(2).all(|l| l.ends_with(",false")), "{csv}");
}

#[test]
fn a_roll_listing_only_some_members_is_predicted_without_its_fate() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("resolution,date,ms_code,ms_vote,description\n");
    for (code, vote) in [("CHN", "Y"), ("FRA", "Y"), ("GBR", "N")] {
        text.push_str(&format!(
            "S/RES/9002(2024),2024-03-01,{code},{vote},Security Council resolution 9002 (2024) [on the situation in X]\n"
        ));
    }
    let path = write(&dir, "votes.csv", &text);
    let out = veto_sim(&[
        "predict",
        "votes",
        "--votes",
        path.to_str().unwrap(),
        "--until",
        "2023",
        "--format",
        "json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let votes = json["votes"].as_array().unwrap();
    assert_eq!(votes.len(), 3);
    for v in votes {
        // Every vote is known, but three members cannot adopt a resolution: conditioning on
        // "adopted" would give each vote probability zero.
        assert_eq!(v["given_fate"], false, "{v}");
        let sum = ["p_yes", "p_abstain", "p_no"]
            .iter()
            .map(|k| v[k].as_f64().unwrap())
            .sum::<f64>();
        assert!((sum - 1.0).abs() < 1e-9, "{v}");
        assert!(v["p_yes"].as_f64().unwrap() > 0.0, "{v}");
    }
    assert!(json["log_loss"].as_f64().unwrap().is_finite(), "{json}");
}

#[test]
fn the_world_drafts_table_is_predicted_where_its_tallies_are_recorded() {
    // The help's example: the early drafts without a recorded tally are skipped and counted.
    let out = veto_sim(&[
        "predict",
        "votes",
        "--votes",
        "data/drafts.csv",
        "--until",
        "2019",
        "--format",
        "json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = csv::Reader::from_path("data/drafts.csv")
        .unwrap()
        .records()
        .count();
    let untallied = json["untallied"].as_u64().unwrap() as usize;
    let rolls: std::collections::BTreeSet<&str> = json["votes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["roll"].as_str().unwrap())
        .collect();
    assert!(
        untallied > 0 && !rolls.is_empty(),
        "{untallied} {}",
        rolls.len()
    );
    assert_eq!(rolls.len() + untallied, rows);
}

fn assert_bad(args: &[&str], wanted: &[&str]) {
    let out = veto_sim(args);
    assert_eq!(out.status.code(), Some(2), "{args:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    for w in wanted {
        assert!(err.contains(w), "{args:?}: missing {w:?} in {err}");
    }
    assert_eq!(err.lines().count(), 1, "one line: {err}");
}

#[test]
fn bad_votes_files_are_refused_with_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let header = "resolution,date,ms_code,ms_vote,description\n";
    let unknown = write(
        &dir,
        "unknown.csv",
        &format!("{header}S/RES/1,2023-01-01,FRN,Y,x\n"),
    );
    let path = unknown.to_str().unwrap();
    assert_bad(
        &["predict", "votes", "--votes", path],
        &["unknown.csv:2:20", "`FRN`", "did you mean `FRA`"],
    );
    let empty = write(&dir, "empty.csv", "");
    assert_bad(
        &["predict", "votes", "--votes", empty.to_str().unwrap()],
        &["empty.csv:1:1", "empty file"],
    );
    let header_only = write(&dir, "header.csv", header);
    assert_bad(
        &["predict", "votes", "--votes", header_only.to_str().unwrap()],
        &["header.csv:2:1", "no rows"],
    );
    let missing = write(
        &dir,
        "missing.csv",
        "resolution,date,ms_code\nS/RES/1,2023-01-01,FRA\n",
    );
    assert_bad(
        &["predict", "votes", "--votes", missing.to_str().unwrap()],
        &["missing.csv:1:1", "missing column `ms_vote`"],
    );
    let bad_date = write(
        &dir,
        "date.csv",
        &format!("{header}S/RES/1,2023-13-01,FRA,Y,x\n"),
    );
    assert_bad(
        &["predict", "votes", "--votes", bad_date.to_str().unwrap()],
        &["date.csv:2:9", "key `date`", "YYYY-MM-DD"],
    );
    let bad_vote = write(
        &dir,
        "vote.csv",
        &format!("{header}S/RES/1,2023-01-01,FRA,maybe,x\n"),
    );
    assert_bad(
        &["predict", "votes", "--votes", bad_vote.to_str().unwrap()],
        &["vote.csv:2:", "key `ms_vote`", "`maybe`"],
    );
    let neither = write(&dir, "neither.csv", "a,b\n1,2\n");
    assert_bad(
        &["predict", "votes", "--votes", neither.to_str().unwrap()],
        &["neither.csv:1:1", "unrecognised header"],
    );
    let valid = write(
        &dir,
        "valid.csv",
        &format!("{header}S/RES/1,2023-01-01,FRA,Y,x\n"),
    );
    assert_bad(
        &[
            "predict",
            "votes",
            "--votes",
            valid.to_str().unwrap(),
            "--until",
            "1900",
        ],
        &["--until 1900-12-31", "1946-01-25"],
    );
    assert_bad(
        &["predict", "votes", "--votes", "/nonexistent/votes.csv"],
        &["/nonexistent/votes.csv", "cannot read"],
    );
}
