//! `veto-sim replay` from the command line: formats, filters, atomic output, determinism and
//! clear exit-2 errors for bad values.

use std::process::{Command, Output};

fn veto_sim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_veto-sim"))
        .args(args)
        .output()
        .unwrap()
}

fn ok(args: &[&str]) -> String {
    let out = veto_sim(args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn usage_error(args: &[&str]) -> String {
    let out = veto_sim(args);
    assert_eq!(out.status.code(), Some(2), "{args:?} should exit with 2");
    String::from_utf8(out.stderr).unwrap()
}

const FAST: [&str; 4] = ["--trials", "300", "--reforms", "present,abolish-veto,g4"];

#[test]
fn the_table_says_how_drafts_are_judged_and_counts_them_apart() {
    let mut args = vec!["replay"];
    args.extend(FAST);
    let text = ok(&args);
    for needle in [
        "How drafts are judged",
        "recorded:",
        "modelled:",
        "unknown:",
        "Drafts adopted under each reform",
        "adopted (recorded)",
        "expected adopted (modelled)",
        "By decade",
        "By vetoing member",
        "By kind of action",
    ] {
        assert!(text.contains(needle), "missing `{needle}`:\n{text}");
    }
}

#[test]
fn json_has_every_draft_with_one_basis_per_reform() {
    let mut args = vec!["replay", "--format", "json"];
    args.extend(FAST);
    let v: serde_json::Value = serde_json::from_str(&ok(&args)).unwrap();
    let drafts = v["drafts"].as_array().unwrap();
    // Every record but the one flagged unresolved.
    assert_eq!(drafts.len(), 269);
    assert!(drafts.iter().all(|d| d["id"] != "S/2017/968#row-3-5-7"));
    for d in drafts {
        let cells = d["cells"].as_array().unwrap();
        assert_eq!(cells.len(), 3);
        for c in cells {
            let basis = c["basis"].as_str().unwrap();
            assert!(["recorded", "modelled", "unknown"].contains(&basis));
            assert_eq!(c.get("adoption").is_some(), basis == "modelled");
            assert_eq!(c.get("adopted").is_some(), basis == "recorded");
        }
    }
    assert_eq!(v["meta"]["trials"], 300);
    assert!(v["meta"]["world_hash"].as_str().unwrap().len() == 64);
    assert!(v["summaries"]["topic"].as_array().unwrap().len() > 10);
    let s2011 = drafts.iter().find(|d| d["id"] == "S/2011/612").unwrap();
    assert_eq!(s2011["cells"][1]["adopted"], true);
}

#[test]
fn csv_has_one_row_per_draft_and_reform_or_per_group() {
    let mut args = vec!["replay", "--format", "csv", "--since", "2011"];
    args.extend(FAST);
    let text = ok(&args);
    let rows: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
    assert!(text.starts_with("# meta: {"));
    assert!(rows[0].starts_with("draft,date,year,outcome"));
    let drafts = rows[1..].iter().filter(|r| r.contains(",present,")).count();
    assert_eq!(rows.len() - 1, 3 * drafts);
    let mut args = vec!["replay", "--format", "csv", "--by", "decade,vetoer"];
    args.extend(FAST);
    let text = ok(&args);
    assert!(text.contains("\ndecade,1990s,"), "{text}");
    assert!(text.contains("\nvetoer,RUS,"));
    let mut args = vec!["replay", "--format", "csv", "--by", "decade,drafts"];
    args.extend(FAST);
    usage_error(&args);
}

#[test]
fn filters_select_drafts_and_markdown_lists_them() {
    let text = ok(&[
        "replay",
        "--trials",
        "300",
        "--reforms",
        "two-negatives",
        "--vetoed-by",
        "rus",
        "--since",
        "2011",
        "--topic",
        "syria",
        "--by",
        "drafts",
        "--format",
        "markdown",
    ]);
    assert!(text.contains("| S/2011/612 |"), "{text}");
    assert!(!text.contains("| S/2024/"), "a US veto slipped in");
    let kinds = ok(&[
        "replay",
        "--reforms",
        "present",
        "--kind",
        "peacekeeping",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&kinds).unwrap();
    assert!(
        v["drafts"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["kind"] == "peacekeeping")
    );
}

#[test]
fn bad_values_exit_with_two_and_say_why() {
    let err = usage_error(&["replay", "--reforms", "abolish-vetoo"]);
    assert!(err.contains("did you mean `abolish-veto`"), "{err}");
    let err = usage_error(&["replay", "--kind", "sanction"]);
    assert!(err.contains("did you mean `sanctions`"), "{err}");
    let err = usage_error(&["replay", "--vetoed-by", "FRN"]);
    assert!(err.contains("not a permanent member"), "{err}");
    let err = usage_error(&["replay", "--since", "2020-13-01"]);
    assert!(err.contains("YYYY or YYYY-MM-DD"), "{err}");
    let err = usage_error(&["replay", "--since", "2021", "--until", "2020"]);
    assert!(err.contains("is after"), "{err}");
    let err = usage_error(&["replay", "--by", "decades"]);
    assert!(err.contains("did you mean `decade`"), "{err}");
    let err = usage_error(&["replay", "--topic", "no such topic at all"]);
    assert!(err.contains("no draft matches"), "{err}");
    let err = usage_error(&["replay", "--trials", "0"]);
    assert!(err.contains("--trials"), "{err}");
    let err = usage_error(&["replay", "--window", "1900-1910"]);
    assert!(err.contains("alignment window"), "{err}");
    let err = usage_error(&["replay", "--model", "/nonexistent/model.yaml"]);
    assert!(err.contains("/nonexistent/model.yaml"), "{err}");
}

#[test]
fn out_is_written_atomically_and_the_output_is_deterministic() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("replay.json");
    let path_text = path.to_str().unwrap();
    let mut args = vec![
        "replay",
        "--format",
        "json",
        "--out",
        path_text,
        "--threads",
        "1",
    ];
    args.extend(FAST);
    assert_eq!(ok(&args), "");
    let one = std::fs::read_to_string(&path).unwrap();
    let mut args = vec!["replay", "--format", "json", "--threads", "2"];
    args.extend(FAST);
    assert_eq!(one, ok(&args));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn every_long_command_takes_quiet() {
    // `-q` is accepted and changes nothing on standard output (the bar is on standard error,
    // and only on a terminal).
    let quiet = ok(&["replay", "--trials", "200", "--since", "2020", "-q"]);
    let plain = ok(&["replay", "--trials", "200", "--since", "2020"]);
    assert_eq!(quiet, plain);
    for command in [
        &["replay", "--help"][..],
        &["calibrate", "votes", "--help"],
        &["run", "--help"],
        &["flows", "--help"],
        &["sweep", "--help"],
        &["compare", "--help"],
        &["distribute", "--help"],
        &["predict", "votes", "--help"],
        &["calibrate", "flows", "--help"],
    ] {
        assert!(ok(command).contains("--quiet"), "{command:?}");
    }
}

#[test]
fn every_command_with_a_seed_has_the_same_default_in_its_help() {
    for command in ["compare", "flows", "replay", "distribute"] {
        let help = ok(&[command, "--help"]);
        let flat = help.split_whitespace().collect::<Vec<_>>().join(" ");
        let at = flat
            .find("--seed <S>")
            .unwrap_or_else(|| panic!("{command}: no --seed"));
        let after = &flat[at..(at + 120).min(flat.len())];
        assert!(after.contains("[default: 1]"), "{command}: {after}");
    }
}

#[test]
fn every_command_that_votes_on_drafts_of_the_record_defaults_to_each_drafts_era() {
    for command in [
        &["compare"][..],
        &["flows"],
        &["replay"],
        &["calibrate", "votes"],
    ] {
        let mut args = command.to_vec();
        args.push("--help");
        let flat = ok(&args).split_whitespace().collect::<Vec<_>>().join(" ");
        let at = flat
            .find("--window <WINDOW>")
            .unwrap_or_else(|| panic!("{command:?}: no --window"));
        let rest = &flat[at..];
        let end = rest[2..].find(" --").map_or(rest.len(), |e| e + 2);
        assert!(
            rest[..end].contains("[default: era]"),
            "{command:?}: {}",
            &rest[..end]
        );
    }
}
