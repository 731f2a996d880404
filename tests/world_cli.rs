//! `veto-sim list states|councils|drafts|conflicts` and `veto-sim show state|draft|conflict`,
//! run as the built binary: filters, formats, `--out`, `--data`, and exit code 2 with a
//! suggestion for an unknown id.

use std::path::Path;
use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_veto-sim"))
        .args(args)
        .current_dir(std::env::temp_dir())
        .output()
        .expect("the binary runs")
}

fn ok(args: &[&str]) -> String {
    let out = run(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn fails(args: &[&str]) -> String {
    let out = run(args);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(out.stdout.is_empty(), "nothing on stdout for {args:?}");
    String::from_utf8(out.stderr).unwrap()
}

fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn list_states_gives_193_rows_from_any_folder() {
    let rows = csv_rows(&ok(&["list", "states", "--format", "csv"]));
    assert_eq!(rows.len(), 193);
    let fra = rows.iter().find(|r| r[0] == "FRA").unwrap();
    assert_eq!(fra[1], "France");
    assert_eq!(fra[9], "0.928", "agree_GBR");
}

#[test]
fn list_states_filters_by_group_and_window() {
    let rows = csv_rows(&ok(&[
        "list", "states", "--group", "EEG", "--format", "csv",
    ]));
    assert_eq!(rows.len(), 23);
    assert!(rows.iter().all(|r| r[2] == "EEG"));
    let old = csv_rows(&ok(&[
        "list",
        "states",
        "--window",
        "1990-2019",
        "--format",
        "csv",
    ]));
    let fra = old.iter().find(|r| r[0] == "FRA").unwrap();
    assert_ne!(fra[9], "0.928");
    let err = fails(&["list", "states", "--group", "Westerm European"]);
    assert!(err.contains("did you mean"), "{err}");
    let err = fails(&["list", "states", "--window", "2000-2001"]);
    assert!(err.contains("2010-2019"), "{err}");
}

#[test]
fn list_councils_of_a_year() {
    let rows = csv_rows(&ok(&[
        "list", "councils", "--year", "2026", "--format", "csv",
    ]));
    assert_eq!(rows.len(), 15);
    assert_eq!(rows.iter().filter(|r| r[3] == "permanent").count(), 5);
    let all = csv_rows(&ok(&["list", "councils", "--format", "csv"]));
    assert_eq!(all.len(), 37 * 15);
    let african = csv_rows(&ok(&[
        "list", "councils", "--since", "2020", "--until", "2021", "--group", "African", "--format",
        "csv",
    ]));
    assert_eq!(african.len(), 6);
    fails(&["list", "councils", "--year", "1980"]);
}

#[test]
fn list_drafts_filters_by_member_dates_topic_kind_and_outcome() {
    let rus = csv_rows(&ok(&[
        "list",
        "drafts",
        "--vetoed-by",
        "RUS",
        "--until",
        "2022-09-29",
        "--format",
        "csv",
    ]));
    assert_eq!(rus.len(), 121, "USSR 90 + Russia 31");
    let sun = csv_rows(&ok(&[
        "list",
        "drafts",
        "--vetoed-by",
        "sun",
        "--format",
        "csv",
    ]));
    assert_eq!(sun.len(), 90);
    // The same selection as `replay`: USSR names the USSR's casts, as SUN does.
    let ussr = ok(&["list", "drafts", "--vetoed-by", "USSR", "--format", "csv"]);
    assert_eq!(csv_rows(&ussr), sun);
    let usa = csv_rows(&ok(&[
        "list",
        "drafts",
        "--vetoed-by",
        "USA",
        "--until",
        "2022-09-29",
        "--format",
        "csv",
    ]));
    assert_eq!(usa.len(), 82);
    let y2024 = csv_rows(&ok(&[
        "list", "drafts", "--year", "2024", "--format", "csv",
    ]));
    assert!(y2024.iter().all(|r| r[1].starts_with("2024")) && y2024.len() >= 7);
    let syria = csv_rows(&ok(&[
        "list",
        "drafts",
        "--topic",
        "syria",
        "--outcome",
        "vetoed",
        "--format",
        "csv",
    ]));
    assert!(syria.len() >= 19 && syria.iter().all(|r| r[2] == "vetoed"));
    let pk = csv_rows(&ok(&[
        "list",
        "drafts",
        "--kind",
        "peacekeeping",
        "--format",
        "csv",
    ]));
    assert!(!pk.is_empty() && pk.iter().all(|r| r[7] == "peacekeeping"));
    let failed = csv_rows(&ok(&[
        "list",
        "drafts",
        "--outcome",
        "failed",
        "--format",
        "csv",
    ]));
    assert!(failed.iter().all(|r| r[2] == "failed") && failed.len() >= 30);
}

#[test]
fn list_drafts_rejects_bad_filters() {
    let err = fails(&["list", "drafts", "--vetoed-by", "FRN"]);
    assert!(err.contains("did you mean `FRA`"), "{err}");
    let err = fails(&["list", "drafts", "--kind", "sanction"]);
    assert!(err.contains("did you mean `sanctions`"), "{err}");
    let err = fails(&["list", "drafts", "--since", "last year"]);
    assert!(err.contains("YYYY"), "{err}");
    let err = fails(&["list", "drafts", "--group", "African"]);
    assert!(err.contains("does not apply"), "{err}");
    fails(&["list", "drafts", "--year", "2020", "--since", "2019"]);
    let err = fails(&["list", "drafts", "--since", "2020", "--until", "2019"]);
    assert!(err.contains("no draft can match"), "{err}");
}

#[test]
fn list_conflicts_and_formats() {
    // The layout of each format is in tests/snapshots (list_conflicts_*).
    let text = ok(&["list", "conflicts"]);
    assert!(text.contains("syria"));
    let json: serde_json::Value =
        serde_json::from_str(&ok(&["list", "conflicts", "--format", "json"])).unwrap();
    assert!(
        json["conflicts"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["id"] == "ukraine")
    );
    let since = csv_rows(&ok(&[
        "list",
        "conflicts",
        "--since",
        "2020",
        "--format",
        "csv",
    ]));
    assert!(
        since
            .iter()
            .all(|r| r[3].split('-').nth(1).unwrap().parse::<i32>().unwrap() >= 2020)
    );
}

#[test]
fn show_draft_gives_the_vote_by_member_and_the_annotation() {
    let text = ok(&["show", "draft", "S/2011/612"]);
    assert!(
        text.contains("vetoed by") && text.contains("CHN, RUS"),
        "{text}"
    );
    assert!(text.contains("Votes on S/2011/612"));
    assert!(text.contains("DEU;FRA;GBR;PRT"), "sponsors: {text}");
    let json: serde_json::Value =
        serde_json::from_str(&ok(&["show", "draft", "S/2011/612", "--format", "json"])).unwrap();
    assert_eq!(json["n_yes"], 9);
    assert_eq!(json["annotation"]["kind"], "condemnation");
    // A symbol shared by several votes shows them all.
    let json: serde_json::Value =
        serde_json::from_str(&ok(&["show", "draft", "S/PV.49", "--format", "json"])).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 3);
}

#[test]
fn show_unknown_ids_suggest_the_nearest() {
    let err = fails(&["show", "draft", "S/2011/613"]);
    assert!(
        err.contains("unknown draft") && err.contains("did you mean `S/2011/612`"),
        "{err}"
    );
    let err = fails(&["show", "state", "FRN"]);
    assert!(err.contains("did you mean `FRA`"), "{err}");
    let err = fails(&["show", "conflict", "siria"]);
    assert!(err.contains("did you mean `syria`"), "{err}");
}

#[test]
fn show_state_and_conflict() {
    let text = ok(&["show", "state", "fra"]);
    assert!(
        text.contains("French Republic") && text.contains("GBR 0.928"),
        "{text}"
    );
    let text = ok(&["show", "conflict", "syria"]);
    assert!(
        text.contains("Largest destinations, latest") && text.contains("TUR"),
        "{text}"
    );
    let csv = ok(&["show", "state", "USA", "--format", "csv"]);
    assert!(csv.starts_with("field,value\n"));
}

#[test]
fn out_writes_the_file_atomically_and_prints_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("drafts.json");
    let out = run(&[
        "list",
        "drafts",
        "--year",
        "2017",
        "--format",
        "json",
        "--out",
        path.to_str().unwrap(),
    ]);
    assert!(out.status.success());
    assert!(out.stdout.is_empty());
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert!(json["drafts"].as_array().unwrap().len() >= 8);
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporary file left"
    );
}

#[test]
fn data_loads_another_world_and_a_broken_one_exits_with_two() {
    let dir = tempfile::tempdir().unwrap();
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    for name in [
        "states.csv",
        "alignment.csv",
        "councils.csv",
        "drafts.csv",
        "conflicts.csv",
        "conflict_years.csv",
        "conflict_destinations.csv",
    ] {
        std::fs::copy(data.join(name), dir.path().join(name)).unwrap();
    }
    let d = dir.path().to_str().unwrap();
    let rows = csv_rows(&ok(&[
        "--data", d, "list", "councils", "--year", "2026", "--format", "csv",
    ]));
    assert_eq!(rows.len(), 15);
    let path = dir.path().join("councils.csv");
    let text = std::fs::read_to_string(&path).unwrap().replacen(
        "2026,CHN,permanent",
        "2026,CHN,permanant",
        1,
    );
    std::fs::write(&path, text).unwrap();
    let err = fails(&["--data", d, "list", "councils"]);
    assert!(
        err.contains("councils.csv:") && err.contains("key `seat`"),
        "{err}"
    );
}

#[test]
fn the_help_of_data_says_which_parts_of_the_folder_are_read() {
    let help = ok(&["run", "--help"]);
    let flat = help.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("Only the tables are read"), "{help}");
    assert!(flat.contains("data/model/default.yaml"), "{help}");
    assert!(flat.contains("data/reforms/"), "{help}");
}

#[test]
fn a_data_folder_with_a_model_or_reforms_is_told_they_are_not_read() {
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/data");
    let out = run(&["--data", data, "list", "councils", "--year", "2026"]);
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--data reads only the CSV tables") && err.contains("reforms"),
        "{err}"
    );
}
