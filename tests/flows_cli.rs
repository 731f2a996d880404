//! `veto-sim flows` and `veto-sim calibrate flows` end to end: every format, atomic `--out`,
//! a hypothetical conflict from a scenario file, and clear errors (exit code 2) for bad input.

use std::path::Path;
use std::process::{Command, Output};

fn veto_sim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_veto-sim"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn ok(args: &[&str]) -> String {
    let out = veto_sim(args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn fails(args: &[&str]) -> String {
    let out = veto_sim(args);
    assert_eq!(out.status.code(), Some(2), "{:?}", args);
    assert!(out.stdout.is_empty());
    String::from_utf8(out.stderr).unwrap()
}

const SMALL: [&str; 6] = [
    "--trials",
    "2000",
    "--vote-trials",
    "4000",
    "--quiet",
    "--seed",
];

#[test]
fn flows_for_one_conflict_shows_drafts_years_and_sources() {
    let mut args = vec![
        "flows",
        "--conflict",
        "ukraine",
        "--reforms",
        "abolish-veto,restraint",
    ];
    args.extend(SMALL);
    args.push("3");
    let text = ok(&args);
    for want in [
        "Across the conflicts, per rule",
        "ukraine",
        "drafts and their probability of passing",
        "refugees averted by year",
        "S/2022/155",
        "Sources:",
        "UNHCR",
        "Elasticity of outflows to battle deaths 0.215",
        "present",
    ] {
        assert!(text.contains(want), "{want}\n{text}");
    }
}

#[test]
fn json_and_csv_record_the_run_and_every_format_works() {
    let mut args = vec!["flows", "--conflict", "yemen", "--reforms", "two-negatives"];
    args.extend(SMALL);
    args.push("9");
    let json = ok(&[args.as_slice(), &["--format", "json"]].concat());
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["meta"]["seed"], 9);
    assert_eq!(v["meta"]["trials"], 2000);
    assert_eq!(v["config"]["rules"][0], "present");
    assert!(
        v["config"]["priors"]["effects"]["peacekeeping"]["source"]
            .as_str()
            .unwrap()
            .contains("Hultman")
    );
    assert!(v["sources"].as_array().unwrap().len() >= 5);
    let csv = ok(&[args.as_slice(), &["--format", "csv"]].concat());
    assert!(csv.starts_with("# meta: "), "{csv}");
    assert!(csv.contains("table,conflict,rule,year,draft,measure,mean,p05,p95,p_positive"));
    assert!(csv.contains("conflicts,yemen,two-negatives,,,europe,"));
    // Every table of the text output is in the CSV: totals, conflicts, drafts and years.
    for table in ["totals,", "conflicts,", "drafts,yemen,", "years,yemen,"] {
        assert!(csv.lines().any(|l| l.starts_with(table)), "{table}");
    }
    // The Markdown layout is in tests/snapshots (flows_markdown).
}

#[test]
fn an_unresolved_raw_row_is_left_out_of_the_flows() {
    let mut args = vec![
        "flows",
        "--conflict",
        "syria",
        "--reforms",
        "abolish-veto",
        "--format",
        "json",
    ];
    args.extend(SMALL);
    args.push("5");
    let v: serde_json::Value = serde_json::from_str(&ok(&args)).unwrap();
    let drafts = v["conflicts"][0]["drafts"].as_array().unwrap();
    let row = drafts
        .iter()
        .find(|d| d["draft"] == "S/2017/968#row-3-5-7")
        .expect("listed with the reason it is left out");
    assert!(
        row["left_out"].as_str().unwrap().contains("unresolved"),
        "{row}"
    );
    assert!(row["pass"].as_array().unwrap().is_empty());
    // The Russian draft voted the same day is kept.
    let ru = drafts.iter().find(|d| d["draft"] == "S/2017/968").unwrap();
    assert!(ru.get("left_out").is_none(), "{ru}");
}

#[test]
fn out_is_written_atomically_and_threads_do_not_change_the_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("flows.json");
    let p = path.to_str().unwrap();
    let mut args = vec![
        "flows",
        "--conflict",
        "syria",
        "--reforms",
        "abolish-veto",
        "--format",
        "json",
    ];
    args.extend(SMALL);
    args.push("4");
    ok(&[args.as_slice(), &["--out", p, "--threads", "1"]].concat());
    let one = std::fs::read_to_string(&path).unwrap();
    ok(&[args.as_slice(), &["--out", p, "--threads", "2"]].concat());
    let two = std::fs::read_to_string(&path).unwrap();
    assert_eq!(one, two);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn a_hypothetical_conflict_runs_from_a_scenario_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sahel.yaml");
    std::fs::write(
        &path,
        "name: sahel\norigin: NER\ncouncil: 2026\nyears:\n  - { year: 2027, deaths: 4000, outflow: 150000 }\n  - { year: 2028, deaths: 9000, outflow: 400000 }\n  - { year: 2029, outflow: 250000 }\ndrafts:\n  - { name: force, date: 2027-03-01, kind: peacekeeping, sponsors: [FRA, GHA] }\n",
    )
    .unwrap();
    let mut args = vec![
        "flows",
        "--scenario",
        path.to_str().unwrap(),
        "--reforms",
        "abolish-veto",
        "--format",
        "json",
    ];
    args.extend(SMALL);
    args.push("2");
    let v: serde_json::Value = serde_json::from_str(&ok(&args)).unwrap();
    let c = &v["conflicts"][0];
    assert_eq!(c["conflict"], "sahel");
    assert_eq!(c["destinations"]["basis"], "gravity");
    // No record: the present rule may pass the draft too.
    assert!(c["drafts"][0]["pass"][0].as_f64().unwrap() > 0.0);
    assert!(v["gravity"]["validation"].as_array().unwrap().len() >= 10);

    // A bad origin is named with its key.
    std::fs::write(
        &path,
        "origin: NGR\nyears: [{ year: 2027, outflow: 1 }]\ndrafts: [{ date: 2027-01-01 }]\n",
    )
    .unwrap();
    let msg = fails(&["flows", "--scenario", path.to_str().unwrap(), "--quiet"]);
    assert!(msg.contains("key `origin`"), "{msg}");
    assert!(msg.contains("did you mean"), "{msg}");
    std::fs::write(&path, "origin: NER\nyears: [{ year: 2027, outflow: 1 }, { year: 2029, outflow: 2 }]\ndrafts: [{ date: 2027-01-01 }]\n").unwrap();
    let msg = fails(&["flows", "--scenario", path.to_str().unwrap(), "--quiet"]);
    assert!(msg.contains("consecutive"), "{msg}");
}

#[test]
fn bad_input_exits_with_two_and_a_clear_message() {
    let msg = fails(&["flows", "--conflict", "syri", "--quiet"]);
    assert!(msg.contains("did you mean `syria`"), "{msg}");
    let msg = fails(&[
        "flows",
        "--reforms",
        "abolish",
        "--conflict",
        "syria",
        "--quiet",
    ]);
    assert!(msg.contains("unknown reform"), "{msg}");
    let msg = fails(&["flows", "--trials", "0"]);
    assert!(msg.contains("--trials"), "{msg}");
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("p.yaml");
    std::fs::write(
        &bad,
        veto_sim::flows::priors::DEFAULT_YAML.replacen(
            "lag_months: [3, 12]",
            "lag_months: [12, 3]",
            1,
        ),
    )
    .unwrap();
    let msg = fails(&[
        "flows",
        "--conflict",
        "syria",
        "--priors",
        bad.to_str().unwrap(),
    ]);
    assert!(
        msg.contains("key `effects.peacekeeping.lag_months`"),
        "{msg}"
    );
    assert!(msg.contains("p.yaml:"), "{msg}");
}

#[test]
fn calibrate_flows_reports_the_elasticity_with_its_interval_and_n() {
    let text = ok(&["calibrate", "flows"]);
    assert!(
        text.contains("0.245 (90% interval 0.181 to 0.310"),
        "{text}"
    );
    assert!(text.contains("1033 country-years"), "{text}");
    assert!(text.contains("leave-one-conflict-out"), "{text}");
    assert!(text.contains("Sources:"));
    let v: serde_json::Value =
        serde_json::from_str(&ok(&["calibrate", "flows", "--format", "json"])).unwrap();
    assert_eq!(v["elasticity"]["country_years"], 1033);
    assert!(v["gravity"]["mean_mae_states"].as_f64().unwrap() > 0.0);
    let csv = ok(&["calibrate", "flows", "--format", "csv"]);
    assert!(csv.contains("elasticity,\"main: country FE"), "{csv}");
}

#[test]
fn a_world_folder_without_the_flow_tables_loads_and_says_what_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in veto_sim::world::World::embedded_texts() {
        if !name.starts_with("flows_") && !name.starts_with("host_") {
            std::fs::write(dir.path().join(name), text).unwrap();
        }
    }
    let d = dir.path().to_str().unwrap();
    ok(&["--data", d, "list", "conflicts"]);
    let msg = fails(&["--data", d, "flows", "--conflict", "syria"]);
    assert!(msg.contains("flows_panel.csv"), "{msg}");
    assert!(msg.contains("veto-sim data build"), "{msg}");
    fails(&["--data", d, "distribute", "--key", "eu", "--refugees", "10"]);
    fails(&["--data", d, "calibrate", "flows"]);
}

#[test]
fn the_shipped_hypothetical_conflict_runs_by_name_from_any_folder() {
    let dir = tempfile::tempdir().unwrap();
    let run = |scenario: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_veto-sim"))
            .args([
                "flows",
                "--scenario",
                scenario,
                "--trials",
                "500",
                "-q",
                "--format",
                "csv",
            ])
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{scenario}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let by_name = run("sahel-example");
    assert!(by_name.contains("sahel"), "{by_name}");
    // A path still works, and gives the same figures.
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/flows/sahel-example.yaml");
    let by_path = run(path.to_str().unwrap());
    let body = |t: &str| {
        t.lines()
            .filter(|l| !l.starts_with('#'))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(body(&by_name), body(&by_path));
    let err = fails(&["flows", "--scenario", "sahel-exampl"]);
    assert!(err.contains("did you mean `sahel-example`"), "{err}");
}

#[test]
fn by_year_without_a_conflict_is_refused_where_it_would_be_ignored() {
    let err = fails(&["flows", "--by-year", "--trials", "100"]);
    assert!(
        err.contains("--by-year") && err.contains("--conflict"),
        "{err}"
    );
    // JSON carries every conflict's by-year intervals, so it is accepted there.
    let json = ok(&[
        "flows",
        "--by-year",
        "--trials",
        "100",
        "--vote-trials",
        "100",
        "--reforms",
        "abolish-veto",
        "--format",
        "json",
    ]);
    assert!(json.contains("\"by_year\""));
}

#[test]
fn a_conflict_without_any_unhcr_destination_falls_back_on_the_destination_model() {
    // A world whose destinations table lacks Panama: its refugees go as the model validated
    // by `calibrate flows` sends them, never all to "elsewhere".
    let dir = tempfile::tempdir().unwrap();
    let data = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    for entry in std::fs::read_dir(&data).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "csv") {
            std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
        }
    }
    let file = dir.path().join("conflict_destinations.csv");
    let kept: String = std::fs::read_to_string(&file)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with("panama,"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&file, kept).unwrap();
    let arrivals = dir.path().join("conflict_arrivals.csv");
    let kept: String = std::fs::read_to_string(&arrivals)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with("panama,"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&arrivals, kept).unwrap();
    let text = ok(&[
        "flows",
        "--data",
        dir.path().to_str().unwrap(),
        "--conflict",
        "panama",
        "--trials",
        "1000",
        "--format",
        "json",
        "-q",
    ]);
    let report: serde_json::Value = serde_json::from_str(&text).unwrap();
    let c = &report["conflicts"][0];
    let basis = c["destinations"]["basis"].as_str().unwrap();
    assert!(basis == "gravity" || basis == "radiation", "{basis}");
    let split = &c["destinations"]["split"];
    assert!(split["elsewhere"].as_f64().unwrap() < 1.0, "{split}");
    for y in c["by_year"].as_array().unwrap() {
        assert_eq!(
            y["destinations"]["basis"]["basis"], "model",
            "{}",
            y["year"]
        );
        let s = &y["destinations"]["split"];
        let total: f64 = ["neighbours", "region", "europe", "elsewhere"]
            .iter()
            .map(|k| s[k].as_f64().unwrap())
            .sum();
        assert!((total - 1.0).abs() < 1e-9, "{total}");
    }
}
