//! `veto-sim power` end to end: exact reference values through the binary, and one clear
//! error with exit code 2 for each kind of bad input.

use std::path::PathBuf;
use std::process::{Command, Output};

fn veto_sim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_veto-sim"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn json(args: &[&str]) -> serde_json::Value {
    let out = veto_sim(args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON output")
}

fn member<'a>(doc: &'a serde_json::Value, code: &str) -> &'a serde_json::Value {
    doc["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["code"] == code)
        .unwrap_or_else(|| panic!("member {code}"))
}

#[test]
fn present_council_indices_are_exact() {
    let doc = json(&["power", "--format", "json"]);
    assert_eq!(doc["convention"], "yes-no");
    assert_eq!(doc["coleman_act"], "53/2048");
    let p5 = member(&doc, "FRA");
    assert_eq!(p5["shapley_shubik"], "421/2145");
    assert_eq!(p5["banzhaf_normalised"], "106/635");
    assert_eq!(p5["banzhaf_absolute"], "53/1024");
    assert_eq!(p5["coleman_prevent"], "1");
    assert_eq!(p5["coleman_initiate"], "53/1995");
    let elected = member(&doc, "AFR-1");
    assert_eq!(elected["shapley_shubik"], "4/2145");
    assert_eq!(elected["banzhaf_normalised"], "21/1270");
    assert_eq!(elected["banzhaf_absolute"], "21/4096");
    assert_eq!(elected["coleman_prevent"], "21/212");
    assert_eq!(elected["coleman_initiate"], "1/380");
}

#[test]
fn council_1945_and_abolished_veto_match_reference_values() {
    let doc = json(&["power", "--reform", "council-1945", "--format", "json"]);
    assert_eq!(member(&doc, "USA")["shapley_shubik"], "76/385");
    assert_eq!(member(&doc, "E1")["shapley_shubik"], "1/462");
    let doc = json(&["power", "--reform", "abolish-veto", "--format", "json"]);
    assert_eq!(doc["coleman_act"], "9949/32768");
}

#[test]
fn power_csv_starts_with_the_meta_lines_of_every_csv() {
    let out = veto_sim(&["power", "--reform", "g4", "--format", "csv"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    let meta = lines.next().unwrap();
    assert!(meta.starts_with("# meta: {"), "{text}");
    let meta: serde_json::Value = serde_json::from_str(&meta["# meta: ".len()..]).unwrap();
    assert_eq!(meta["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(meta["world_hash"].as_str().unwrap().len(), 64);
    assert!(lines.next().unwrap().starts_with("# config: {"), "{text}");
    assert!(lines.next().unwrap().starts_with("code,"), "{text}");
}

#[test]
fn every_format_renders_and_out_writes_the_file() {
    for format in ["table", "csv", "markdown"] {
        let out = veto_sim(&["power", "--reform", "g4", "--format", format]);
        assert!(out.status.success());
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains("IND"), "{format}: {text}");
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("power.json");
    let out = veto_sim(&["power", "--format", "json", "--out", path.to_str().unwrap()]);
    assert!(out.status.success());
    assert!(out.stdout.is_empty());
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(written["coleman_act"], "53/2048");
}

struct Bad {
    dir: tempfile::TempDir,
}

impl Bad {
    fn new() -> Self {
        Bad {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn file(&self, name: &str, text: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    /// Runs `power FLAG FILE` and returns stderr, asserting exit code 2 and no panic.
    fn error(&self, flag: &str, name: &str, text: &str) -> String {
        let path = self.file(name, text);
        let out = veto_sim(&["power", flag, path.to_str().unwrap()]);
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(stderr.contains(name), "names the file: {stderr}");
        assert_eq!(stderr.trim().lines().count(), 1, "one message: {stderr}");
        stderr
    }
}

const RULE: &str = "name: mine
seats:
  permanent: [CHN, FRA, GBR, RUS, USA]
  elected: 10
quota: 9
veto: { holders: permanent, negatives_to_block: 1 }
";

#[test]
fn rule_with_unknown_field_is_rejected() {
    let e = Bad::new().error("--rules", "r.yaml", &format!("{RULE}vetoes: 3\n"));
    assert!(e.contains(":7") && e.contains("vetoes"), "{e}");
}

#[test]
fn rule_with_duplicate_key_is_rejected() {
    let e = Bad::new().error("--rules", "r.yaml", &format!("{RULE}quota: 10\n"));
    assert!(
        e.contains(":7") && e.contains("key `quota` appears twice"),
        "{e}"
    );
}

#[test]
fn rule_with_quota_above_seats_is_rejected() {
    let e = Bad::new().error("--rules", "r.yaml", &RULE.replace("quota: 9", "quota: 20"));
    assert!(
        e.contains("r.yaml:5:") && e.contains("`quota`") && e.contains("15 seats"),
        "{e}"
    );
}

#[test]
fn rule_with_too_many_negatives_to_block_is_rejected() {
    let e = Bad::new().error(
        "--rules",
        "r.yaml",
        &RULE.replace("negatives_to_block: 1", "negatives_to_block: 7"),
    );
    assert!(
        e.contains("r.yaml:6:") && e.contains("veto.negatives_to_block"),
        "{e}"
    );
}

#[test]
fn rule_with_unknown_iso3_code_suggests_the_nearest() {
    let e = Bad::new().error("--rules", "r.yaml", &RULE.replace("RUS", "RUZ"));
    assert!(
        e.contains("r.yaml:3:") && e.contains("did you mean `RUS`"),
        "{e}"
    );
}

#[test]
fn weights_with_zero_or_negative_weight_are_rejected() {
    let bad = Bad::new();
    let e = bad.error(
        "--weights",
        "w.yaml",
        "quota: 3\nplayers:\n  - { code: A, weight: 2 }\n  - { code: B, weight: 0 }\n",
    );
    assert!(e.contains("w.yaml:4") && e.contains("weight"), "{e}");
    let e = bad.error(
        "--weights",
        "w.yaml",
        "quota: 3\nplayers:\n  - { code: A, weight: -2 }\n",
    );
    assert!(e.contains("w.yaml:3") && e.contains("weight"), "{e}");
}

#[test]
fn weights_with_empty_player_list_are_rejected() {
    let e = Bad::new().error("--weights", "w.yaml", "quota: 3\nplayers: []\n");
    assert!(e.contains("w.yaml:2") && e.contains("players"), "{e}");
}

#[test]
fn missing_file_is_an_error_not_a_panic() {
    let out = veto_sim(&["power", "--rules", "/nonexistent/rule.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/rule.yaml"));
}

#[test]
fn unknown_reform_is_a_usage_error() {
    let out = veto_sim(&["power", "--reform", "g5"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `g4`"));
}
