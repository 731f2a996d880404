//! Every YAML file the program reads reports a problem in one line of its own words: the file,
//! line and column, the key, and what was expected with what was found; never the YAML
//! library's wording, and never the location twice.

use std::path::Path;
use std::process::{Command, Output};

fn veto_sim(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_veto-sim"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the binary runs")
}

/// Writes `text` as `file` in a fresh folder, runs `args` there (with `FILE` replaced by the
/// file's name), expects exit code 2 and one line; returns the line without `error: `.
fn message(file: &str, text: &str, args: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(file), text).unwrap();
    let args: Vec<&str> = args
        .iter()
        .map(|a| if *a == "FILE" { file } else { a })
        .collect();
    let out = veto_sim(dir.path(), &args);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
    assert_eq!(err.lines().count(), 1, "one line: {err}");
    for leak in [
        "error: line",
        "Options",
        "from_str",
        "Nodes {",
        "policy",
        "i64",
        "f64",
        "mapping key",
        "at line",
    ] {
        assert!(!err.contains(leak), "`{leak}` in {err}");
    }
    assert_eq!(err.matches("error").count(), 1, "{err}");
    err.trim_end().strip_prefix("error: ").unwrap().to_string()
}

fn scenario(text: &str) -> String {
    message("s1.yaml", text, &["run", "FILE", "-q"])
}

const GOOD: &str = "name: s1
council: 2026
trials: 10
seed: 1
drafts:
  - select: { outcome: vetoed, since: 2011 }
rules: [present]
";

#[test]
fn a_value_of_the_wrong_kind_names_key_expected_and_found() {
    assert_eq!(
        scenario(&GOOD.replace("trials: 10", "trials: abc")),
        "s1.yaml:3:9: key `trials`: expected a whole number, found `abc`"
    );
    assert_eq!(
        scenario(&GOOD.replace("since: 2011", "since: soon")),
        "s1.yaml:6:39: key `drafts.select.since`: expected a whole number, found `soon`"
    );
}

#[test]
fn a_key_given_twice_is_named() {
    assert_eq!(
        scenario(&format!("{GOOD}name: again\n")),
        "s1.yaml:8:1: key `name` appears twice"
    );
}

#[test]
fn several_documents_are_counted() {
    assert_eq!(
        scenario(&format!("{GOOD}---\n{GOOD}")),
        "s1.yaml: holds 2 YAML documents; expected one"
    );
}

#[test]
fn a_file_too_large_says_so() {
    let mut text = GOOD.replace("rules: [present]", "rules:");
    for _ in 0..250_001 {
        text.push_str("  - present\n");
    }
    assert_eq!(
        scenario(&text),
        "s1.yaml: too large (more than 250,000 nodes)"
    );
}

#[test]
fn non_finite_numbers_are_refused_in_every_reader() {
    let model = "align: .nan\n";
    assert_eq!(
        message(
            "m.yaml",
            model,
            &["compare", "--draft", "S/2011/612", "--model", "FILE", "-q"]
        ),
        "m.yaml:1:8: key `align`: expected a finite number, found .nan"
    );
    let rule = include_str!("../data/reforms/restraint.yaml")
        .replace("compliance: 1.0", "compliance: -.inf");
    let err = message("r.yaml", &rule, &["power", "--rules", "FILE"]);
    assert!(
        err.contains("key `restraint.compliance`: expected a finite number, found -.inf"),
        "{err}"
    );
}

#[test]
fn unknown_keys_get_the_nearest_name() {
    assert_eq!(
        scenario(&GOOD.replace("since: 2011", "sinse: 2011")),
        "s1.yaml:6:32: key `drafts.select.sinse`: not a known key (did you mean `since`?); \
         the keys here are outcome, since, until, annotated, kind, atrocity, topic"
    );
    let err = scenario(&GOOD.replace("trials:", "trails:"));
    assert!(
        err.starts_with("s1.yaml:3:1: key `trails`: not a known key (did you mean `trials`?)"),
        "{err}"
    );
}

#[test]
fn a_missing_key_and_bad_syntax_are_plain() {
    assert_eq!(
        scenario(&GOOD.replace("rules: [present]\n", "")),
        "s1.yaml: key `rules`: required but missing"
    );
    let err = scenario("name: s1\n  council: 3\n");
    assert!(err.starts_with("s1.yaml:2:10: not valid YAML"), "{err}");
}

#[test]
fn the_weights_and_sweep_readers_speak_the_same_way() {
    let err = message(
        "w.yaml",
        "quotum: 3\nplayers: {A: 2, B: 1}\n",
        &["power", "--weights", "FILE"],
    );
    assert!(
        err.starts_with("w.yaml:1:1: key `quotum`: not a known key (did you mean `quota`?)"),
        "{err}"
    );
    let err = message(
        "sw.yaml",
        "name: x\nname: y\n",
        &["sweep", "FILE", "--out", "o"],
    );
    assert_eq!(err, "sw.yaml:2:1: key `name` appears twice");
}

#[test]
fn usual_slips_are_said_plainly() {
    assert_eq!(scenario(""), "s1.yaml: the file is empty");
    assert_eq!(
        scenario(&GOOD.replace("name: s1", "name: [s1]")),
        "s1.yaml:1:7: key `name`: expected a text value, found a list"
    );
    assert_eq!(
        scenario(&GOOD.replace("rules: [present]", "rules: present")),
        "s1.yaml:7:8: key `rules`: expected a list, found `present`"
    );
    let err = scenario(&GOOD.replace("rules: [present]", "rules: [present"));
    assert!(
        err.ends_with("not valid YAML: a bracket or quote is opened and not closed"),
        "{err}"
    );
    let err = scenario(&GOOD.replace("\nseed: 1", "\n\tseed: 1"));
    assert!(
        err.contains("not valid YAML: a tab where YAML needs spaces"),
        "{err}"
    );
}
