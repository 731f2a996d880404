//! `veto-sim run` and `veto-sim compare` end to end: outputs record what was run, threads do
//! not change the bytes, and bad input gets a clear error with file, line and key, exit code
//! 2, no panic and no half-written output.

mod common;
use common::within_10_s;

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

#[test]
fn default_run_prints_totals_and_drafts() {
    let text = ok(&["run", "--trials", "2000", "--quiet"]);
    assert!(text.contains("Expected number of the"), "{text}");
    for rule in [
        "present",
        "abolish-veto",
        "two-negatives",
        "restraint",
        "assembly-override",
        "g4",
    ] {
        assert!(text.contains(rule), "{rule}");
    }
    assert!(text.contains("S/2011/612"));
}

#[test]
fn json_and_csv_record_seed_trials_version_world_and_config() {
    let doc: serde_json::Value = serde_json::from_str(&ok(&[
        "run", "--trials", "1000", "--seed", "9", "--format", "json", "-q",
    ]))
    .unwrap();
    assert_eq!(doc["meta"]["seed"], 9);
    assert_eq!(doc["meta"]["trials"], 1000);
    assert_eq!(doc["meta"]["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(doc["meta"]["world_hash"].as_str().unwrap().len(), 64);
    assert_eq!(doc["config"]["rules"].as_array().unwrap().len(), 6);
    assert!(doc["config"]["model"]["intercept"]["sanctions"].is_number());
    assert!(doc["config"]["drafts"].as_array().unwrap().len() > 20);
    let csv = ok(&[
        "run", "--trials", "1000", "--seed", "9", "--format", "csv", "-q",
    ]);
    let mut lines = csv.lines();
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("# meta: {\"tool\":\"veto-sim\"")
    );
    assert!(lines.next().unwrap().starts_with("# config: {"));
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("section,table,draft,year,council,kind,atrocity,rule,p_adopt")
    );
    // Every table of both sections is in the CSV.
    for tag in [
        "today,totals,",
        "today,differences,",
        "today,drafts,",
        "history,totals,",
        "history,conflicts,",
    ] {
        assert!(csv.lines().any(|l| l.starts_with(tag)), "{tag}");
    }
}

#[test]
fn run_answers_today_and_history_in_labelled_sections_the_scenario_names() {
    let text = ok(&["run", "--trials", "2000", "-q"]);
    let today = text.find("\nToday: the 47 drafts").expect("today section");
    let history = text
        .find("\nHistory: the record's drafts")
        .expect("history section");
    assert!(today < history);
    // The history section's adoption is the record's: abolish-veto adopts the vetoed drafts.
    let line = text[history..]
        .lines()
        .find(|l| l.starts_with("abolish-veto"))
        .unwrap();
    assert!(
        line.split_whitespace()
            .nth(1)
            .unwrap()
            .parse::<f64>()
            .unwrap()
            >= 60.0,
        "{line}"
    );
    let dir = tempfile::tempdir().unwrap();
    let only = dir.path().join("history.yaml");
    std::fs::write(
        &only,
        "name: h\ndescription: history only\ncouncil: 2026\ntrials: 2000\ndrafts:\n  - select: { outcome: vetoed, since: 2011, annotated: true }\nrules: [present, abolish-veto]\nsections: [history]\n",
    )
    .unwrap();
    let text = ok(&["run", only.to_str().unwrap(), "-q"]);
    assert!(!text.contains("Today:"), "{text}");
    assert!(text.contains("History:"));
    let bad = dir.path().join("bad.yaml");
    std::fs::write(
        &bad,
        "name: b\ndescription: x\ncouncil: 2026\ndrafts:\n  - select: { outcome: vetoed, since: 2011 }\nrules: [present]\nsections: [today, histroy]\n",
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_veto-sim"))
        .args(["run", bad.to_str().unwrap(), "-q"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.yaml:7:") && err.contains("did you mean `history`"),
        "{err}"
    );
}

#[test]
fn the_number_of_threads_does_not_change_the_output() {
    let one = ok(&[
        "run",
        "syria",
        "--trials",
        "70000",
        "--threads",
        "1",
        "--format",
        "json",
        "-q",
    ]);
    let three = ok(&[
        "run",
        "syria",
        "--trials",
        "70000",
        "--threads",
        "3",
        "--format",
        "json",
        "-q",
    ]);
    assert_eq!(one, three);
}

#[test]
fn compare_reports_rules_pairs_members_and_exact_values() {
    let doc: serde_json::Value = serde_json::from_str(&ok(&[
        "compare",
        "--reforms",
        "present,abolish-veto,g4",
        "--draft",
        "S/2011/612",
        "--trials",
        "20000",
        "--exact",
        "--format",
        "json",
        "-q",
    ]))
    .unwrap();
    let rules = doc["result"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), 3);
    let p = rules[0]["adoption"]["estimate"].as_f64().unwrap();
    let exact = rules[0]["exact"].as_f64().unwrap();
    assert!((p - exact).abs() < 0.02, "{p} vs {exact}");
    assert!(
        rules[2]["exact"].is_null(),
        "g4 draws seats: no exact value"
    );
    assert_eq!(doc["result"]["pairs"].as_array().unwrap().len(), 3);
    let members = rules[0]["members"].as_array().unwrap();
    assert_eq!(members.len(), 15);
    assert!(
        members
            .iter()
            .any(|m| m["code"] == "RUS" && m["veto"].as_f64().unwrap() > 0.0)
    );
    assert_eq!(doc["config"]["council"], 2011);
}

#[test]
fn shipped_scenarios_run() {
    for name in ["syria", "enlarged-councils"] {
        let text = ok(&["run", name, "--trials", "500", "-q", "--format", "markdown"]);
        assert!(text.contains("| rule |"), "{name}");
    }
}

/// Runs with `--out` into a file that already exists; checks exit code 2, the message, no
/// panic, and the file left as it was.
fn bad(args: &[&str], dir: &Path, expected: &[&str]) {
    let out_file = dir.join("out.json");
    std::fs::write(&out_file, "keep").unwrap();
    let out_arg = out_file.display().to_string();
    let mut full: Vec<&str> = args.to_vec();
    full.extend(["--out", &out_arg, "-q"]);
    let out = veto_sim(&full);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    for e in expected {
        assert!(stderr.contains(e), "{args:?}: expected `{e}` in: {stderr}");
    }
    assert_eq!(std::fs::read_to_string(&out_file).unwrap(), "keep");
}

fn scenario(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

#[test]
fn bad_scenarios_name_file_line_and_key() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let base = "council: 2026\ntrials: 100\ndrafts:\n  - S/2011/612\nrules: [present]\n";

    let f = scenario(
        d,
        "state.yaml",
        "trials: 100\ndrafts:\n  - { year: 2026, sponsors: [FRN] }\nrules: [present]\n",
    );
    bad(
        &["run", &f],
        d,
        &["state.yaml:3:", "drafts[0].sponsors", "did you mean `FRA`"],
    );

    let f = scenario(d, "symbol.yaml", &base.replace("S/2011/612", "S/2011/6122"));
    bad(
        &["run", &f],
        d,
        &[
            "symbol.yaml:4:",
            "drafts[0]",
            "unknown draft `S/2011/6122`",
            "did you mean",
        ],
    );

    let f = scenario(
        d,
        "both.yaml",
        "drafts:\n  - year: 2026\n    sponsors: [FRA]\n    targets: [FRA]\nrules: [present]\n",
    );
    bad(
        &["run", &f],
        d,
        &[
            "both.yaml:4:",
            "drafts[0].targets",
            "both a sponsor and a target",
        ],
    );

    let f = scenario(d, "zero.yaml", &base.replace("trials: 100", "trials: 0"));
    bad(&["run", &f], d, &["zero.yaml:2:", "key `trials`", "from 1"]);

    let f = scenario(
        d,
        "empty.yaml",
        &base.replace("council: 2026", "council: []"),
    );
    bad(
        &["run", &f],
        d,
        &["empty.yaml:1:", "key `council`", "empty"],
    );

    let f = scenario(d, "nan.yaml", &format!("{base}model:\n  align: .nan\n"));
    bad(
        &["run", &f],
        d,
        &["nan.yaml:7:", "key `model.align`", "finite"],
    );

    let f = scenario(
        d,
        "cut.yaml",
        &format!("{base}model: {{ cut_elected: -1 }}\n"),
    );
    bad(&["run", &f], d, &["cut.yaml:6:", "model.cut_elected"]);

    std::fs::write(
        d.join("big.yaml"),
        "name: big\nseats:\n  permanent: [CHN, FRA, GBR, RUS, USA]\n  elected: 10\nquota: 16\n",
    )
    .unwrap();
    let f = scenario(
        d,
        "quota.yaml",
        &base.replace("rules: [present]", "rules:\n  - file: big.yaml"),
    );
    bad(
        &["run", &f],
        d,
        &["big.yaml:5:", "key `quota`", "larger than the 15 seats"],
    );

    let f = scenario(d, "reform.yaml", &base.replace("[present]", "[presnt]"));
    bad(
        &["run", &f],
        d,
        &["reform.yaml:5:", "rules[0]", "did you mean `present`"],
    );

    let f = scenario(d, "field.yaml", &format!("{base}colour: red\n"));
    bad(&["run", &f], d, &["field.yaml:6", "colour"]);
}

#[test]
fn bad_command_lines_exit_with_two() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    bad(&["run", "--trials", "0"], d, &["--trials"]);
    bad(&["run", "no-such-scenario"], d, &["no scenario file"]);
    bad(
        &["compare", "--draft", "S/2011/6121"],
        d,
        &["unknown draft", "did you mean"],
    );
    bad(
        &[
            "compare",
            "--draft",
            "S/2011/612",
            "--reforms",
            "present,g5",
        ],
        d,
        &["unknown reform `g5`", "did you mean `g4`"],
    );
    bad(
        &["compare", "--draft", "S/2011/612", "--trials", "0"],
        d,
        &["--trials"],
    );
    let spec = scenario(
        d,
        "draft.yaml",
        "year: 2026\nsponsors: [USA]\ntargets: [usa]\n",
    );
    bad(
        &["compare", "--draft", &spec],
        d,
        &["draft.yaml:3:", "key `targets`"],
    );
    let model = scenario(
        d,
        "model.yaml",
        &veto_sim::vote::params::DEFAULT_YAML
            .lines()
            .map(|l| {
                if l.starts_with("sigma_draft:") {
                    "sigma_draft: .inf"
                } else {
                    l
                }
            })
            .collect::<Vec<_>>()
            .join("\n"),
    );
    bad(
        &["compare", "--draft", "S/2011/612", "--model", &model],
        d,
        &["model.yaml:", "key `sigma_draft`"],
    );
}

#[test]
fn a_council_smaller_than_a_quota_names_the_file_line_and_rule() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let f = scenario(
        d,
        "five.yaml",
        "council: [CHN, FRA, GBR, RUS, USA]\ntrials: 100\ndrafts:\n  - S/2011/612\nrules: [abolish-veto, present]\n",
    );
    bad(
        &["run", &f],
        d,
        &[
            "five.yaml:1",
            "key `council`",
            "rule `abolish-veto`",
            "rules[0], line 5",
            "quota",
            "9",
        ],
    );
    // Nine members reach the quota of nine: accepted.
    let f = scenario(
        d,
        "nine.yaml",
        "council: [CHN, FRA, GBR, RUS, USA, BRA, IND, JPN, DEU]\ntrials: 100\ndrafts:\n  - S/2011/612\nrules: [present]\n",
    );
    ok(&["run", &f, "-q"]);
}

#[test]
fn trials_take_the_same_forms_in_every_command() {
    let plain = ok(&["run", "--trials", "1000", "-q", "--format", "csv"]);
    for form in ["1e3", "1_000", "1,000"] {
        assert_eq!(
            ok(&["run", "--trials", form, "-q", "--format", "csv"]),
            plain,
            "{form}"
        );
    }
    let dir = tempfile::tempdir().unwrap();
    for cmd in [
        vec!["run"],
        vec!["compare", "--draft", "S/2011/612"],
        vec!["replay"],
        vec!["flows"],
    ] {
        let mut args = cmd.clone();
        args.extend(["--trials", "1.5e0"]);
        bad(&args, dir.path(), &["--trials", "not a whole number"]);
    }
}

#[test]
fn a_huge_thread_count_is_capped_and_zero_means_one_per_core() {
    let base = ok(&["run", "--trials", "200", "-q", "--format", "csv"]);
    for cmd in [
        vec!["run", "--trials", "200", "-q", "--format", "csv"],
        vec!["compare", "--draft", "S/2011/612", "--trials", "200", "-q"],
        vec!["replay", "--trials", "100", "--since", "2017"],
        vec![
            "distribute",
            "--key",
            "eu",
            "--conflict",
            "syria",
            "--averted",
            "g4",
            "--trials",
            "200",
        ],
    ] {
        let mut args = cmd.clone();
        args.extend(["--threads", "100000"]);
        let out = within_10_s(None, &args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{args:?}: {err}");
        assert!(
            err.contains("--threads 100000 capped at"),
            "{args:?}: {err}"
        );
        let mut args = cmd.clone();
        args.extend(["--threads", "0"]);
        let out = within_10_s(None, &args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let mut args = vec!["run", "--trials", "200", "-q", "--format", "csv"];
    args.extend(["--threads", "100000"]);
    let capped = String::from_utf8(within_10_s(None, &args).stdout).unwrap();
    assert_eq!(capped, base, "the output does not depend on the threads");
}

#[test]
fn no_flows_is_refused_for_a_scenario_without_a_history_section() {
    let out = veto_sim(&["run", "syria", "--no-flows", "--trials", "100", "-q"]);
    // The shipped `syria` scenario has only the today section.
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("--no-flows") && err.contains("no history section"),
        "{err}"
    );
    // On the default scenario, which has one, it skips it.
    let text = ok(&["run", "--no-flows", "--trials", "100", "-q"]);
    assert!(text.contains("Today:") && !text.contains("History:"));
}

#[test]
fn the_history_section_and_flows_give_each_draft_the_same_probability() {
    let run: serde_json::Value = serde_json::from_str(&ok(&[
        "run", "--trials", "2000", "--seed", "5", "--format", "json", "-q",
    ]))
    .unwrap();
    let flows: serde_json::Value = serde_json::from_str(&ok(&[
        "flows",
        "--conflict",
        "israel-palestine",
        "--reforms",
        "present,abolish-veto,two-negatives,restraint,assembly-override,g4",
        "--trials",
        "2000",
        "--seed",
        "5",
        "--format",
        "json",
        "-q",
    ]))
    .unwrap();
    let drafts = |doc: &serde_json::Value| {
        doc["conflicts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["conflict"] == "israel-palestine")
            .unwrap()["drafts"]
            .clone()
    };
    // Both decide each draft as the replay does, with its default simulated votes per
    // modelled cell, whatever the flow trials.
    assert_eq!(drafts(&run["flows"]), drafts(&flows));
}

/// `compare --format csv` carries every table of the text output (rules, paired differences,
/// members), told apart by its leading `section` column, with the figures of the JSON output.
#[test]
fn compare_csv_carries_every_table_with_the_json_figures() {
    let base = [
        "compare",
        "--draft",
        "S/2011/612",
        "--reforms",
        "abolish-veto,two-negatives",
        "--trials",
        "2000",
        "-q",
        "--format",
    ];
    let json: serde_json::Value =
        serde_json::from_str(&ok(&[&base[..], &["json"]].concat())).unwrap();
    let csv = ok(&[&base[..], &["csv"]].concat());
    let mut lines = csv.lines();
    assert!(lines.next().unwrap().starts_with("# meta: {"), "{csv}");
    assert!(lines.next().unwrap().starts_with("# config: {"), "{csv}");
    let headers: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(headers[0], "section");
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert!(rows.iter().all(|r| r.len() == headers.len()), "{csv}");
    let cell = |row: &Vec<&str>, name: &str| -> String {
        let i = headers.iter().position(|h| *h == name).expect(name);
        row[i].to_string()
    };
    let num = |v: &serde_json::Value| v.as_f64().unwrap();
    let close = |text: String, want: f64| {
        let got: f64 = text.parse().unwrap_or_else(|_| panic!("`{text}`"));
        assert!((got - want).abs() < 1e-12, "{got} vs {want}");
    };
    let section =
        |name: &str| -> Vec<&Vec<&str>> { rows.iter().filter(|r| r[0] == name).collect() };

    let rules = json["result"]["rules"].as_array().unwrap();
    let csv_rules = section("rules");
    assert_eq!(csv_rules.len(), 2, "{csv}");
    for (r, row) in rules.iter().zip(&csv_rules) {
        assert_eq!(cell(row, "rule"), r["rule"].as_str().unwrap());
        close(cell(row, "p_adopt"), num(&r["adoption"]["estimate"]));
        close(cell(row, "lower95"), num(&r["adoption"]["lower"]));
        close(cell(row, "upper95"), num(&r["adoption"]["upper"]));
        close(
            cell(row, "p_blocked_by_veto"),
            num(&r["blocked_by_veto"]["estimate"]),
        );
        close(cell(row, "mean_yes"), num(&r["mean_yes"]));
    }

    let pairs = json["result"]["pairs"].as_array().unwrap();
    let csv_pairs = section("pairs");
    assert_eq!(csv_pairs.len(), 1, "{csv}");
    assert_eq!(pairs.len(), 1);
    let (p, row) = (&pairs[0], csv_pairs[0]);
    assert_eq!(cell(row, "rule"), p["a"].as_str().unwrap());
    assert_eq!(cell(row, "vs_rule"), p["b"].as_str().unwrap());
    close(cell(row, "difference"), num(&p["difference"]));
    close(cell(row, "std_error"), num(&p["std_error"]));
    assert_eq!(cell(row, "only_a"), p["only_a"].to_string());
    assert_eq!(cell(row, "only_b"), p["only_b"].to_string());

    let csv_members = section("members");
    let mut expected = 0;
    for r in rules {
        for m in r["members"].as_array().unwrap() {
            expected += 1;
            let row = csv_members
                .iter()
                .find(|row| {
                    cell(row, "rule") == r["rule"].as_str().unwrap()
                        && cell(row, "member") == m["code"].as_str().unwrap()
                })
                .unwrap_or_else(|| panic!("{} {}", r["rule"], m["code"]));
            for key in ["seated", "yes", "abstain", "no", "pivotal", "veto"] {
                close(cell(row, key), num(&m[key]));
            }
        }
    }
    assert!(expected >= 30, "{expected}");
    assert_eq!(csv_members.len(), expected);
    assert_eq!(
        rows.len(),
        csv_rules.len() + csv_pairs.len() + csv_members.len(),
        "no other section"
    );
}
